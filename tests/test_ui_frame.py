"""The seminar's frame (issue 16, points 7, 11, 12): briefing, objectives, score, legend, overlays."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path  # noqa: E402

import pygame  # noqa: E402

from engine.game.game import DEFAULT_SCENARIO, load_game  # noqa: E402
from engine.rules import movement, victory  # noqa: E402
from engine.ui.app import App, open_app  # noqa: E402
from engine.ui.extras import OVERLAYS  # noqa: E402
from engine.ui.session import Session  # noqa: E402
from uidriver import click, headless_hash, key  # noqa: E402

_G = None


def new_app(tmp_path: Path) -> App:
    global _G
    _G = _G or load_game(DEFAULT_SCENARIO)
    return App(_G.map, Session(_G, _G.new_initial_state(0), "", 0), (1280, 800), save_dir=tmp_path)


def pixels(app: App) -> bytes:
    return pygame.image.tostring(app.screen, "RGB")


def test_briefing_screen_first_with_the_questions(tmp_path: Path) -> None:
    """Point 7: a new table opens on the title and briefing, with the scenario's questions; no units drawn."""
    app = open_app(None, None, 0, (1280, 800), tmp_path, initial_handover=True)
    s = app.session
    assert app.briefing_open and app.handover_to == s.side_to_act()
    app.drawn_unit_ids = []
    app.draw()
    assert app.drawn_unit_ids == [] and app.briefing_button is not None
    assert s.scenario.victory.questions, "the default scenario asks questions"
    click(app, (5, 5))  # a click elsewhere does not close it
    assert app.briefing_open
    click(app, app.briefing_button.center)
    assert not app.briefing_open and app.handover_to is not None  # then the hand-over, as before
    key(app, pygame.K_b)  # B is ignored on the hand-over; after it, B shows the briefing again
    assert not app.briefing_open


def test_objectives_on_the_map_and_score_on_demand(tmp_path: Path) -> None:
    app = new_app(tmp_path)
    s = app.session
    app.show_cards = False
    objs = s.objectives()
    assert objs
    app.draw()
    with_obj = pixels(app)
    app._draw_objectives = lambda lay: None  # type: ignore[method-assign]
    app.draw()
    assert pixels(app) != with_obj, "objective stars are drawn"
    del app._draw_objectives
    # the score panel: the engine's scores, every objective and track goal, on V
    lines = s.score_lines()
    sc = victory.scores(s.state)
    assert lines[0] == "Score now: " + ", ".join(f"{s.side_name(k)} {v}" for k, v in sc.items())
    assert all(any(ln.startswith(f"{name}: {pts} pts") for ln in lines) for name, _, pts, _, _ in objs)
    assert len(lines) == 2 + len(objs) + len(s.scenario.victory.track_goals) + \
        (1 if s.scenario.victory.points_per_step_lost else 0)
    app.draw()
    before = pixels(app)
    key(app, pygame.K_v)
    app.draw()
    assert app.show_score and pixels(app) != before
    app.press("score")
    assert not app.show_score


def test_full_legend_behind_a_button(tmp_path: Path) -> None:
    """Point 11: the Legend button shows terrain colours, rivers, borders, rail gauges, airfields and a scale bar."""
    app = new_app(tmp_path)
    app.show_cards = False
    app.draw()
    assert any(b.id == "legend" and b.enabled for b in app.buttons)
    before = pixels(app)
    seen: list[str] = []
    import engine.ui.extras as ex
    real = ex.draw_map_legend

    def spy(surf, rect, tmap, style, layout, fpx):
        seen.append("map legend")
        real(surf, rect, tmap, style, layout, fpx)
    ex.draw_map_legend = spy
    try:
        app.press("legend")
        app.draw()
    finally:
        ex.draw_map_legend = real
    assert app.show_legend and seen == ["map legend"] and pixels(app) != before
    # the same legend as `eastflank render`: its items are all there
    import inspect
    src = inspect.getsource(real)
    for item in ("forest", "major river", "border", "rail 1520 mm", "rail 1435 mm", "military airfield", "km"):
        assert item in src


def test_overlays_switch_on_and_off_and_show_only_what_the_viewer_knows(tmp_path: Path) -> None:
    """Point 12: supply, ZOC, rail (capacity, cuts), air defence, missile ranges, each a toggle."""
    app = new_app(tmp_path)
    s = app.session
    app.show_cards = False
    app.draw()
    base = pixels(app)
    h = s.state_hash()
    for oid, _ in OVERLAYS:
        b = next(b for b in app.buttons if b.id == f"overlay:{oid}")
        click(app, b.rect.center)
        assert oid in app.overlays_on
        app.draw()
        assert pixels(app) != base, oid
        b = next(b for b in app.buttons if b.id == f"overlay:{oid}")
        click(app, b.rect.center)
        assert oid not in app.overlays_on
    app.draw()
    assert pixels(app) == base and s.state_hash() == h == headless_hash(app)
    # ZOC under fog: only around enemy units red can see; without fog the engine's own zones
    red = s.zoc_hexes("red")
    seen_blue = {u.hex for u in s.units("red") if u.side == "blue"}
    assert all(any(x == y or y in s.theatre.neighbors(x) for x in seen_blue) for y in red)
    occ, zoc = movement.enemy_sets(s.state, "red")
    assert red <= {s.game.hexes[i] for i in zoc}
    assert "rail moves left this turn" in s.rail_capacity_text("red")


def test_every_track_fits_with_its_whole_name_and_labelled_ticks(tmp_path: Path) -> None:
    """Point 8: all tracks on screen at 1280x800 and 1920x1080, names whole, threshold ticks labelled."""
    from engine.ui import text
    from engine.ui.panels import gauge_name
    for size in ((1280, 800), (1920, 1080)):
        pygame.display.quit()
        app = App(load_game(DEFAULT_SCENARIO).map if _G is None else _G.map,
                  Session(_G or load_game(DEFAULT_SCENARIO), (_G or load_game(DEFAULT_SCENARIO)).new_initial_state(0),
                          "", 0), size, save_dir=tmp_path)
        app.show_cards = False
        app.draw()
        tracks = app.session.tracks()
        assert len(app.gauges) == len(tracks) == 8
        screen = pygame.Rect(0, 0, *size)
        for g, tr in app.gauges:
            assert screen.contains(g)
            val_w = text.render(str(tr.value), 17, (0, 0, 0), bold=True).get_width()
            _, lines = gauge_name(tr.name, g.width - val_w - text.px(6))
            assert " ".join(lines).split() == tr.name.split(), (size, tr.name, lines)
        assert not app.camera.viewport.colliderect(app.gauges[0][0])  # the strip does not cover the map


def test_decision_cards_in_a_drawer_that_keeps_its_order(tmp_path: Path) -> None:
    """Point 13: cards below the map (the map shrinks, nothing covered), no reshuffle, references in a tooltip."""
    from engine.ui.drawer import split_refs
    app = new_app(tmp_path)
    s = app.session
    app.draw()
    vp = app.camera.viewport
    assert app.card_rects and all(not vp.colliderect(r) for r, _ in app.card_rects)
    assert all(r.top >= vp.bottom for r, _ in app.card_rects)
    key(app, pygame.K_c)
    app.draw()
    assert app.camera.viewport.height > vp.height and not app.card_rects  # closed: the map gets the room back
    key(app, pygame.K_c)
    app.draw()
    order = [c.id for c in s.options_for()]
    rect, oid = app.card_rects[0]
    click(app, rect.center)
    assert app.confirm is not None
    from uidriver import answer_yes
    answer_yes(app)
    assert s.state.history[-1] == f"option {oid}"
    assert [c.id for c in s.options_for()] == order  # no reshuffle after a pick
    app.draw()
    # fact references leave the text and go into a tooltip
    assert split_refs("Joint drills (F2, F11).") == ("Joint drills.", ["F2", "F11"])
    assert split_refs("Entrain near Moscow (facts 3.1, 5.2: Corridor II).")[0] == "Entrain near Moscow."
    assert app.card_tips
    r, tip = app.card_tips[0]
    app.mouse = r.center
    before = pixels(app)
    app.draw()
    assert pixels(app) != before and tip[0].startswith("Sources: ")
    assert headless_hash(app) == s.state_hash()

"""Drive the seminar table with synthetic pygame events and compare with the engine played headless."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from engine.geo.hexgrid import Hex  # noqa: E402
from engine.ui.app import App  # noqa: E402
from engine.ui.session import Session  # noqa: E402
from uidriver import answer_yes, click, click_hex, dismiss, ev, key, synthetic_game, to_phase, wait  # noqa: E402,F401


_game = synthetic_game  # the synthetic theatre, one red unit next to a blue one: combat can happen


@pytest.fixture()
def app(tmp_path):
    g = _game()
    s = Session(g, g.new_initial_state(3), "<synthetic>", 3)
    a = App(g.map, s, (1280, 800), save_dir=tmp_path)
    yield a




def test_full_round_matches_headless(app: App, tmp_path) -> None:
    s = app.session
    app.draw()
    # decisions: red picks its option card, confirms, ends the phase
    assert s.phase == "decisions" and s.side_to_act() == "red"
    assert app.card_rects, "red should see decision cards"
    rect, oid = next((r, o) for r, o in app.card_rects if o == "red_exercise")
    click(app, rect.center)
    assert app.confirm is not None
    key(app, pygame.K_RETURN)
    assert s.state.history[-1] == "option red_exercise"
    dismiss(app)
    # movement: select a red unit, see reachable hexes, move it
    to_phase(app, "movement", "red")
    mover = next(u for u in s.state.group_keys() if u != "r1tank")
    click_hex(app, s.state.unit_hex(mover))
    assert app.selected == mover
    assert app.reach and all(s.state.is_legal(a) for a in app.reach.values())
    dst = sorted(app.reach)[0]
    click_hex(app, dst)
    assert s.state.unit_hex(mover) == dst
    # red ends its movement: the hand-over screen covers the map for blue
    dismiss(app)
    key(app, pygame.K_RETURN)
    assert app.confirm is not None and "could still move" in app.confirm.lines[0]  # units left: asks first
    answer_yes(app)
    assert s.side_to_act() == "blue" and app.handover_to == "blue"
    app.draw()
    dismiss(app)
    assert app.handover_to is None
    # combat: red attacks the blue unit next to r1tank, with the odds shown first
    to_phase(app, "combat", "red")
    target = s.attack_targets()[0]
    click_hex(app, target)
    assert app.attack is not None and app.attack.chosen
    odds = s.odds_preview(app.attack.chosen, target)
    assert odds.legal and odds.attack > 0 and odds.defence > 0
    key(app, pygame.K_RETURN)
    assert s.state.history[-1].startswith("attack ")
    app.draw()
    dismiss(app)
    # the same orders applied headless give the same state
    g = s.game
    headless = g.new_initial_state(3)
    for text in s.state.history:
        headless.apply_action(g.parse_action(text))
    assert headless.state_hash() == s.state_hash()
    # save, play on, load: back to the saved position; a bad save changes nothing
    key(app, pygame.K_F5)
    saved = s.state_hash()
    key(app, pygame.K_RETURN)
    dismiss(app)
    assert s.state_hash() != saved
    key(app, pygame.K_F9)
    assert app.confirm is not None and app.confirm.yes == "Load"  # unsaved orders: asks first
    assert s.state_hash() != saved
    wait(app, 0.7)  # the question is read first: Enter at once is not an answer
    key(app, pygame.K_RETURN)
    assert s.state_hash() == saved
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "eastflank-save", "version": 1', encoding="utf-8")
    before = s.state_hash()
    msg = app.load(bad)
    assert "refused" in msg and s.state_hash() == before
    assert app.popups and app.popups[-1][0] == "Save not loaded"
    app.draw()  # the error shows in the window


def test_undo_button_restores_state(app: App) -> None:
    s = app.session
    app.draw()
    h0 = s.state_hash()
    key(app, pygame.K_RETURN)  # red ends decisions
    assert s.state_hash() != h0
    dismiss(app)
    key(app, pygame.K_u)
    assert s.state_hash() == h0


def test_console_overrides_ask_reason_and_go_through_engine(app: App) -> None:
    s = app.session
    app.draw()
    key(app, pygame.K_F1)
    assert app.console.open
    for ch in "end":
        ev(app, pygame.TEXTINPUT, text=ch)
    key(app, pygame.K_RETURN)
    assert s.state.history == ["end"]
    h = s.state_hash()
    app.console.submit("track tension 80", s)
    assert app.console.pending == "track tension 80"
    app.console.submit("", s)  # a reason is required
    assert app.console.pending == "track tension 80"
    app.console.submit("scenario inject: crisis", s)
    assert app.console.pending is None
    out = "\n".join(app.console.output)
    # The facilitator order goes through the engine: tension 40 -> 80, recorded with its reason.
    assert "refused" not in out and "tension 40 -> 80" in out
    assert s.state.tracks["tension"] == 80 and s.state_hash() != h
    assert s.state.history == ["end", "facilitator track tension 80 -- scenario inject: crisis"]
    assert any("crisis" in x for x in s.ui_log)
    app.console.submit("undo", s)
    app.console.submit("misclick", s)
    # Undo (its reason "misclick") takes back exactly the override, not red's "end" before it.
    assert s.state.history == ["end"] and s.state.tracks["tension"] == 40 and s.state_hash() == h
    app.draw()
    key(app, pygame.K_ESCAPE)
    assert not app.console.open


def test_camera_zoom_pan_and_picking(app: App) -> None:
    cam = app.camera
    h = Hex(5, 5)
    cam.centre_on(h)
    assert cam.screen_to_hex(*cam.viewport.center) == h
    z = cam.zoom
    ev(app, pygame.MOUSEWHEEL, x=0, y=1, pos=cam.viewport.center)
    assert cam.zoom > z
    assert cam.screen_to_hex(*cam.viewport.center) == h  # zoom keeps the anchor still
    cx = cam.cx
    key(app, pygame.K_RIGHT)
    assert cam.cx > cx
    for q, r in ((3, 4), (7, 2), (10, 9)):
        x, y = cam.hex_to_screen(Hex(q, r))
        assert cam.screen_to_hex(x, y) == Hex(q, r)


def test_map_layer_is_cached_per_zoom(app: App) -> None:
    app.draw()
    n = app.layer.renders
    for _ in range(5):
        app.draw()
    assert app.layer.renders == n
    key(app, pygame.K_PLUS)
    app.draw()
    assert app.layer.renders == n + 1

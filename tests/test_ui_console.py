"""A forgiving facilitator console (issue 16, point 15): check first, then the reason; completion; a banner."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path  # noqa: E402

import pygame  # noqa: E402

from engine.game.game import DEFAULT_SCENARIO, load_game  # noqa: E402
from engine.ui.app import App  # noqa: E402
from engine.ui.session import Session  # noqa: E402
from uidriver import ev, headless_hash, key, type_console  # noqa: E402


def new_app(tmp_path: Path) -> App:
    g = load_game(DEFAULT_SCENARIO)
    return App(g.map, Session(g, g.new_initial_state(0), "", 0), (1280, 800), save_dir=tmp_path)


def test_console_checks_the_command_before_asking_the_reason(tmp_path: Path) -> None:
    app = new_app(tmp_path)
    s = app.session
    h = s.state_hash()
    type_console(app, "track tensionx 50")
    assert app.console.pending is None
    assert app.console.output[-1] == "refused: there is no track 'tensionx' (did you mean 'tension'?)"
    type_console(app, "place by_6mek Minsk")
    assert app.console.pending is None and "did you mean 'by_6mech'" in app.console.output[-1]
    type_console(app, "place by_6mech Nowhere")
    assert app.console.pending is None and "'Nowhere' is neither a place" in app.console.output[-1]
    type_console(app, "event nope")
    assert app.console.pending is None and app.console.output[-1].startswith("refused: there is no event 'nope'")
    assert s.state_hash() == h
    # a good command asks for the reason, then goes through the engine
    type_console(app, "track tension 55")
    assert app.console.pending == "track tension 55"
    type_console(app, "umpire: testing")
    assert s.state.tracks["tension"] == 55 and s.state_hash() == headless_hash(app)


def test_console_completes_ids_tracks_and_places(tmp_path: Path) -> None:
    app = new_app(tmp_path)
    key(app, pygame.K_F1)
    for ch in "track ten":
        ev(app, pygame.TEXTINPUT, text=ch)
    key(app, pygame.K_TAB)
    assert app.console.line == "track tension "
    app.console.line = "place by_6m"
    key(app, pygame.K_TAB)
    assert app.console.line == "place by_6mech "
    app.console.line = "place by_"
    key(app, pygame.K_TAB)
    assert app.console.line == "place by_" and "by_6mech" in app.console.output[-1]  # several: listed
    app.console.line = "place by_6mech Mins"
    key(app, pygame.K_TAB)
    assert app.console.line.startswith("place by_6mech Minsk")
    app.console.line = "tr"
    key(app, pygame.K_TAB)
    assert app.console.line == "track "


def test_see_all_view_shows_a_banner(tmp_path: Path) -> None:
    app = new_app(tmp_path)
    app.show_cards = False
    app.draw()
    vp = app.camera.viewport
    spot = (vp.centerx, vp.top + 3)
    assert app.screen.get_at(spot)[:3] != (190, 30, 30)
    type_console(app, "view")
    assert app.god_view
    key(app, pygame.K_ESCAPE)
    app.draw()
    assert app.screen.get_at(spot)[:3] == (190, 30, 30)
    type_console(app, "view")
    key(app, pygame.K_ESCAPE)
    app.draw()
    assert not app.god_view and app.screen.get_at(spot)[:3] != (190, 30, 30)

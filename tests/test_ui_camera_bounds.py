"""The map stays in the window at the seminar table and in a ``join`` window, as in the editor.

The table's camera panned and zoomed without bounds: a held arrow key, a long drag or the wheel at a
corner took the map out of the window, and nothing but luck brought it back in the middle of a seminar.
Home now shows the whole map. In a ``join`` window the letters of a typed order ('a', 's', 'd', 'w',
'-') also panned or zoomed the map under the line being typed. Each test failed before the fix.
"""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402

from engine.game.game import DEFAULT_SCENARIO  # noqa: E402
from engine.ui.app import App  # noqa: E402
from engine.ui.camera import Camera, MapCamera  # noqa: E402
from engine.ui.session import Session  # noqa: E402
from uidriver import HandClock, default_game, ev, hold, key  # noqa: E402


def new_app(save_dir: Path) -> App:
    g = default_game()
    app = App(g.map, Session(g, g.new_initial_state(0), str(DEFAULT_SCENARIO), 0), (1280, 800), save_dir=save_dir)
    app.now = HandClock()
    return app


def shown(cam: MapCamera) -> pygame.Rect:
    """The part of the viewport that shows the map's extent."""
    return cam.map_on_screen().clip(cam.viewport)


def test_held_keys_drags_and_the_wheel_never_take_the_map_out_of_the_table(tmp_path, monkeypatch):
    app = new_app(tmp_path)
    cam = app.camera
    assert isinstance(cam, MapCamera)
    vp = cam.viewport
    hold(app, pygame.K_LEFT, repeats=400)
    assert shown(cam).width >= vp.width // 3 - 2
    hold(app, pygame.K_UP, repeats=400)
    assert shown(cam).height >= vp.height // 3 - 2
    for _ in range(30):  # dragged on and on, down and to the left
        ev(app, pygame.MOUSEBUTTONDOWN, pos=(vp.right - 5, vp.top + 5), button=3)
        ev(app, pygame.MOUSEMOTION, pos=(vp.left + 5, vp.bottom - 5), rel=(-900, 600), buttons=(0, 0, 1))
        ev(app, pygame.MOUSEBUTTONUP, pos=(vp.left + 5, vp.bottom - 5), button=3)
    r = shown(cam)
    assert r.width >= vp.width // 3 - 2 and r.height >= vp.height // 3 - 2
    corner = (vp.right - 2, vp.bottom - 2)
    monkeypatch.setattr(pygame.mouse, "get_pos", lambda: corner)
    for step in [1] * 12 + [-1] * 12 + [1] * 12:  # the wheel at the corner: in, out, in again
        ev(app, pygame.MOUSEWHEEL, x=0, y=step, flipped=False, pos=corner)
        r = shown(cam)
        assert r.width > 20 and r.height > 20, step
    app.draw()


def test_home_at_the_table_shows_the_whole_map(tmp_path):
    app = new_app(tmp_path)
    hold(app, pygame.K_PLUS, repeats=8)
    hold(app, pygame.K_RIGHT, repeats=50)
    key(app, pygame.K_HOME)
    fitted = Camera(app.camera.viewport)
    fitted.fit(app.theatre.hexes())
    assert (app.camera.cx, app.camera.cy, app.camera.zoom) == (fitted.cx, fitted.cy, fitted.zoom)


def test_unclamped_camera_would_lose_the_map():
    """The control: the plain camera, panned as far, shows no map at all (what the table did before)."""
    g = default_game()
    plain, kept = Camera(pygame.Rect(0, 0, 800, 600)), MapCamera(pygame.Rect(0, 0, 800, 600), g.map.hexes())
    for cam in (plain, kept):
        cam.fit(g.map.hexes())
        for _ in range(400):
            cam.pan_pixels(60, 0)
    assert kept.map_on_screen().clip(kept.viewport).width >= 800 // 3 - 2
    x0, _y0, x1, _y1 = kept.bounds
    assert plain.cx < x0 - 400 / plain.zoom  # the plain camera's centre is far off the map's west edge


def test_typing_an_order_in_a_join_window_does_not_move_the_map():
    pytest.importorskip("websockets")
    from engine.net.client import Session as NetSession
    from engine.net.host import Host
    from engine.net.remote import RemoteTable
    from engine.net.server import ServerThread
    from engine.net.table import NetTable
    from engine.testing import game_of

    game = game_of(DEFAULT_SCENARIO)
    host = Host(game, game.new_initial_state(1))
    with ServerThread(host) as srv:
        s = NetSession(srv.address, host.codes["red"])
        s.connect()
        try:
            table = NetTable(RemoteTable(s, game), game, (1280, 800))
            assert table.remote.can_type
            before = (table.camera.cx, table.camera.cy, table.camera.zoom_index)
            for ch in "wasd -3,4":
                k = pygame.K_MINUS if ch == "-" else (ord(ch) if ch.isalpha() else pygame.K_UNKNOWN)
                table.handle(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode=ch, scancode=0))
                table.handle(pygame.event.Event(pygame.TEXTINPUT, text=ch))
            assert table.line == "wasd -3,4"
            assert (table.camera.cx, table.camera.cy, table.camera.zoom_index) == before
            table.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_LEFT, mod=0, unicode="", scancode=0))
            assert table.camera.cx != before[0]  # the arrow keys still pan
            table.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_HOME, mod=0, unicode="", scancode=0))
            fitted = Camera(table.camera.viewport)
            fitted.fit(game.map.hexes())
            assert table.camera.zoom == fitted.zoom
        finally:
            s.close()
            pygame.display.quit()

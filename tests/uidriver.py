"""Drive the seminar table with synthetic pygame events, as a participant would (headless)."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402

from engine.geo.hexgrid import Hex  # noqa: E402
from engine.ui.app import App  # noqa: E402


def ev(app: App, t: int, **k) -> None:
    app.handle(pygame.event.Event(t, **k))


def key(app: App, k: int, mod: int = 0) -> None:
    ev(app, pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0)


def click(app: App, pos, button: int = 1) -> None:
    ev(app, pygame.MOUSEBUTTONDOWN, pos=pos, button=button)
    ev(app, pygame.MOUSEBUTTONUP, pos=pos, button=button)


def click_hex(app: App, h: Hex) -> None:
    app.camera.centre_on(h)
    x, y = app.camera.hex_to_screen(h)
    ev(app, pygame.MOUSEMOTION, pos=(int(x), int(y)), rel=(0, 0), buttons=(0, 0, 0))
    click(app, (int(x), int(y)))
    app.draw()


def dismiss(app: App) -> None:
    """Pop-ups and the hand-over screen, as the facilitator would."""
    for _ in range(30):
        if not app.popups and app.handover_to is None and app.confirm is None:
            return
        key(app, pygame.K_RETURN)
        app.draw()


def to_phase(app: App, phase: str, side: str) -> None:
    s = app.session
    for _ in range(60):
        dismiss(app)
        if s.phase == phase and s.side_to_act() == side:
            return
        key(app, pygame.K_RETURN)
        app.draw()
    raise AssertionError(f"never reached {phase}/{side}: at {s.phase}/{s.side_to_act()}")

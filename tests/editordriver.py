"""Driving the scenario editor window in tests: a click on a button where the last frame drew it."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402

from engine.editor.app import EditorApp  # noqa: E402


def press(app: EditorApp, tag: str) -> None:
    """Click the button with this tag, where the last frame drew it."""
    app.draw()
    b = app.gui.find(tag)
    app.handle(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=b.rect.center, button=1))
    app.handle(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=b.rect.center, button=1))
    app.draw()

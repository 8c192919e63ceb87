"""Driving the scenario editor window in tests: a click on a button where the last frame drew it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from engine.editor.app import EditorApp, open_editor  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def open_copy(tmp_path: Path, name: str = "baseline-2020.yaml", size: tuple[int, int] = (1400, 860),
              leave_out: tuple[str, ...] = ("schema", "images")) -> EditorApp:
    """The editor on a copy of the shipped scenarios (less ``leave_out``) under ``tmp_path``."""
    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios", ignore=shutil.ignore_patterns(*leave_out))
    return open_editor(str(tmp_path / "scenarios" / name), size, launcher=None)


@pytest.fixture()
def editor(tmp_path: Path):
    """The editor on a copy of baseline-2020 (import this name into a test module to use it)."""
    app = open_copy(tmp_path)
    yield app
    pygame.display.quit()


def key(app: EditorApp, k: int, mod: int = 0, uni: str = "", times: int = 1) -> None:
    """A key pressed ``times`` times (held: the auto-repeat's KEYDOWNs)."""
    for _ in range(times):
        app.handle(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=uni, scancode=0))


def press(app: EditorApp, tag: str) -> None:
    """Click the button with this tag, where the last frame drew it."""
    app.draw()
    b = app.gui.find(tag)
    app.handle(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=b.rect.center, button=1))
    app.handle(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=b.rect.center, button=1))
    app.draw()

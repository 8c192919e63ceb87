"""Re-make the editor screenshots of scenarios/README.md: ``make images`` (headless, dummy video driver).

Each picture is the editor on a scratch copy of the shipped scenarios, driven by the same clicks a
facilitator makes, so the guide shows the editor as it is now. The shipped files are never edited.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402

from engine.editor.app import EditorApp, open_editor  # noqa: E402
from engine.ui.render import save_png  # noqa: E402

HERE = Path(__file__).resolve().parent
SCENARIO = "rotational-presence.yaml"  # the guide's example: rotations, bases and cards of both sides
SIZE = (1400, 860)  # the editor's default window


def press(app: EditorApp, tag: str) -> None:
    """Click the button with this tag where the last frame drew it."""
    app.draw()
    b = app.gui.find(tag)
    for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        app.handle(pygame.event.Event(kind, pos=b.rect.center, button=1))
    app.draw()


def shoot(app: EditorApp, name: str) -> None:
    app.draw()
    save_png(app.screen, str(HERE / name))
    print(f"wrote {HERE / name}")


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(HERE.parent, Path(tmp) / "scenarios", ignore=shutil.ignore_patterns("images", "schema"))
        app = open_editor(str(Path(tmp) / "scenarios" / SCENARIO), SIZE, launcher=None)
        app.selected = ("unit", "by_38aab")
        shoot(app, "editor-units.png")
        app.set_tab("Timeline")
        app.selected = ("rotation", "slavic_brotherhood")
        shoot(app, "editor-timeline.png")
        app.set_tab("Options")
        app.next_side()
        app.selected = ("option", "nato_reinforce_efp")
        shoot(app, "editor-options.png")
        app.set_tab("Units")
        app.next_side()
        app.selected = ("unit", "by_38aab")
        for _ in range(3):
            press(app, "unit:strength:+")
        shoot(app, "editor-problem.png")
        app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

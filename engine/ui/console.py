"""The facilitator console (F1 or backquote): overrides with a reason, all logged.

Commands are typed; every override is sent to the engine as an order through
the Session (never by changing the state here), after the console has asked
for a reason. Plain orders (``move ...``, ``attack ...``, ``end``) may be
typed too: they are the same orders the AI uses.
"""

from __future__ import annotations

from typing import Callable

import pygame

from engine.errors import EngineError
from engine.ui import text
from engine.ui.session import Session
from engine.ui.style import Style

HELP = (
    "event ID            inject a scenario event",
    "track ID VALUE      set a track",
    "place UNIT HEX      move a unit anywhere (HEX = place name or q,r)",
    "add TYPE SIDE HEX ID   add a unit",
    "remove UNIT         remove a unit",
    "undo                take back the last order",
    "<order>             any order: move/rail/attack/option/end",
    "save PATH | load PATH | aar | view | close",
)
#: Commands that change the game against the rules: they need a reason.
OVERRIDES = ("event", "track", "place", "add", "remove", "undo")


class Console:
    """Text input, output lines, and the pending override awaiting its reason."""

    def __init__(self, app_command: Callable[[str, str], str] | None = None) -> None:
        self.open = False
        self.line = ""
        self.output: list[str] = ["Facilitator console. Type 'help'. Overrides ask for a reason."]
        self.pending: str | None = None
        self.app_command = app_command

    def toggle(self) -> None:
        self.open = not self.open
        self.line = ""

    @property
    def prompt(self) -> str:
        return "reason> " if self.pending is not None else "> "

    def handle(self, event: pygame.event.Event, session: Session | None) -> bool:
        """Keyboard input while open; returns True when used."""
        if not self.open:
            return False
        if event.type == pygame.TEXTINPUT:
            if event.text not in ("`",):
                self.line += event.text
            return True
        if event.type != pygame.KEYDOWN:
            return event.type in (pygame.KEYUP, pygame.TEXTEDITING)
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            line, self.line = self.line, ""
            self.submit(line, session)
        elif event.key == pygame.K_BACKSPACE:
            self.line = self.line[:-1]
        elif event.key == pygame.K_ESCAPE:
            if self.pending is not None:
                self.output.append(f"cancelled: {self.pending}")
                self.pending = None
            else:
                self.open = False
        return True

    def submit(self, line: str, session: Session | None) -> None:
        """One line of input: a command, or the reason for the pending override."""
        line = line.strip()
        self.output.append(self.prompt + line)
        if self.pending is not None:
            if not line:
                self.output.append("a reason is required (Esc cancels)")
                return
            cmd, self.pending = self.pending, None
            self._override(cmd, line, session)
            return
        if not line:
            return
        word = line.split()[0].lower()
        if word == "help":
            self.output.extend(HELP)
        elif word == "close":
            self.open = False
        elif word in ("save", "load", "aar", "view", "scenario"):
            arg = line[len(word):].strip()
            msg = self.app_command(word, arg) if self.app_command else "not available"
            self.output.append(msg)
        elif session is None:
            self.output.append("no game is loaded")
        elif word in OVERRIDES:
            self.pending = line
            self.output.append(f"why '{line}'? (the reason goes into the log)")
        else:
            try:
                lines = session.apply(line)
                self.output.append(f"done: {line}")
                self.output.extend(lines[-6:])
            except EngineError as e:
                self.output.append(f"refused: {e}")

    def _override(self, cmd: str, reason: str, session: Session | None) -> None:
        if session is None:
            self.output.append("no game is loaded")
            return
        try:
            if cmd.split()[0].lower() == "undo":
                undone = session.undo(reason)
                self.output.append(f"undone: {undone}" if undone else "nothing to undo")
            else:
                lines = session.facilitator(cmd, reason)
                self.output.append(f"done: {cmd}")
                self.output.extend(lines[-6:])
        except EngineError as e:
            self.output.append(f"refused: {e}")

    def draw(self, screen: pygame.Surface, rect: pygame.Rect, style: Style) -> None:
        ui = style.ui
        s = pygame.Surface(rect.size, pygame.SRCALPHA)
        s.fill((*ui["console"][:3], 235))
        screen.blit(s, rect)
        pygame.draw.rect(screen, ui["accent"][:3], rect, 2)
        rows = (rect.height - 34) // 17
        lines: list[str] = []
        for ln in self.output:
            lines.extend(text.wrap(ln, 17, rect.width - 20))
        y = rect.top + 6
        for ln in lines[-rows:]:
            screen.blit(text.render(ln, 17, ui["console_text"]), (rect.left + 10, y))
            y += 17
        inp = text.render(self.prompt + self.line + "_", 19, ui["accent"], bold=True)
        screen.blit(inp, (rect.left + 10, rect.bottom - 26))

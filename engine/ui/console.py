"""The facilitator console (F1 or backquote): overrides with a reason, all logged.

Commands are typed; every override is sent to the engine as an order through
the Session (never by changing the state here), after the console has asked
for a reason. Plain orders (``move ...``, ``attack ...``, ``end``) may be
typed too: they are the same orders the AI uses.
"""

from __future__ import annotations

from typing import Callable

import pygame

from engine.errors import EngineError, IllegalActionError
from engine.ui import text
from engine.ui.session import Session
from engine.ui.style import Style

HELP = (
    "event ID            inject a scenario event",
    "track ID VALUE      set a track",
    "place UNIT HEX      move a unit anywhere (HEX = place name or q,r)",
    "add TYPE SIDE HEX ID   add a unit",
    "remove UNIT         remove a unit",
    "stop                end the game now, scored as at its last turn",
    "undo                take back the last order",
    "<order>             any order: move/rail/attack/option/end",
    "save PATH | load PATH | aar | view | close",
    "Tab completes commands, unit ids, tracks, events, unit types, sides and places",
    "Under fog of war the console knows only the units the side at the table sees and its own cards;",
    "  'view' knows every unit and card",
)
COMMANDS = ("event", "track", "place", "add", "remove", "stop", "undo", "move", "rail", "attack", "option", "ready", "end",
            "save", "load", "aar", "view", "help", "close")
#: Commands that change the game against the rules: they need a reason.
OVERRIDES = ("event", "track", "place", "add", "remove", "stop", "undo")


class Console:
    """Text input, output lines, and the pending override awaiting its reason.

    ``viewer`` tells who reads the screen: the side at the table under fog of war, None for everyone
    (the facilitator view, or no fog). Completions, hints, refusals and results name only the units and
    decision cards it may know of (Session.refusal, Session.lines_for): the screen is shared with that side.
    """

    def __init__(self, app_command: Callable[[str, str], str] | None = None,
                 viewer: Callable[[], str | None] | None = None) -> None:
        self.open = False
        self.line = ""
        self.output: list[str] = ["Facilitator console. Type 'help'. Overrides ask for a reason."]
        self.pending: str | None = None
        self.app_command = app_command
        self.viewer: Callable[[], str | None] = viewer or (lambda: None)

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
        elif event.key == pygame.K_TAB:
            self.complete(session)
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
            self.output.append(session.mask_hidden(msg, self.viewer()) if session is not None else msg)
        elif session is None:
            self.output.append("no game is loaded")
        elif word in OVERRIDES:
            why = session.check_override(line, self.viewer())  # check first: never ask a reason in vain
            if why is not None:
                self.output.append(f"refused: {why}")
                return
            self.pending = line
            self.output.append(f"why '{line}'? (the reason goes into the log)")
        else:
            try:
                order = session.parse(line)
                why = session.refusal(order, self.viewer())  # worded with what the side at the table sees
                if why is not None:
                    raise IllegalActionError(f"{session.order_text(order)}: {why}")
                lines = session.apply(order)
            except EngineError as e:
                self.output.append(f"refused: {e}")
                return
            self.output.append(f"done: {line}")
            self.output.extend(session.lines_for(lines, self.viewer())[-6:])

    def candidates(self, words: list[str], session: Session | None) -> list[str]:
        """What may come next at the last word of ``words`` (commands, ids, tracks, places...)."""
        if len(words) <= 1:
            return list(COMMANDS)
        if session is None:
            return []
        cmd, pos = words[0].lower(), len(words) - 1
        sc = session.scenario
        units = sorted(u.id for u in session.units(self.viewer()))  # never a unit hidden from the table
        cards = session.own_options(self.viewer())  # only the cards of the side at the table
        places = sorted({p.name.replace(" ", "_") for p in getattr(session.theatre, "places", ())})
        table: dict[str, list[list[str]]] = {
            "event": [[e.id for e in sc.events]],
            "track": [[t.id for t in sc.tracks]],
            "place": [units, places],
            "add": [sorted(session.game.unit_types), list(session.side_ids()), places],
            "remove": [units], "ready": [units], "move": [units, places], "rail": [units, places],
            "option": [[o.id for o in sc.options] if cards is None else cards],
            "attack": [places],
        }
        opts = table.get(cmd, [])
        return opts[pos - 1] if pos - 1 < len(opts) else []

    def complete(self, session: Session | None) -> None:
        """Tab: complete the last word, or list the choices when there are several."""
        words = self.line.split(" ")
        last = words[-1]
        found = [c for c in self.candidates(words, session) if c.lower().startswith(last.lower())]
        if not found:
            self.output.append(f"nothing starts with '{last}' here")
            return
        common = found[0]
        for c in found[1:]:
            while not c.lower().startswith(common.lower()):
                common = common[:-1]
        if len(found) == 1:
            common += " "
        elif len(common) <= len(last):
            self.output.append("  ".join(found[:24]) + (f"  ... ({len(found)} in all)" if len(found) > 24 else ""))
        words[-1] = common if len(common) >= len(last) else last
        self.line = " ".join(words)

    def _override(self, cmd: str, reason: str, session: Session | None) -> None:
        if session is None:
            self.output.append("no game is loaded")
            return
        try:
            if cmd.split()[0].lower() == "undo":
                undone = session.undo(reason)
                v = self.viewer()
                if undone and session.names_hidden(undone, v):
                    undone = f"the last order (it names a unit {v} cannot see)"
                self.output.append(f"undone: {undone}" if undone else "nothing to undo")
                return
            why = session.check_override(cmd, self.viewer())  # again: the map may have changed meanwhile
            if why is not None:
                self.output.append(f"refused: {why}")
                return
            lines = session.facilitator(cmd, reason)
            self.output.append(f"done: {cmd}")
            self.output.extend(session.lines_for(lines, self.viewer())[-6:])
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

"""Immediate-mode widgets for the editor: buttons registered while drawing, a pick-list, a text field.

Each frame the panels call :meth:`Gui.button` and friends while they draw; a
click runs the action of the button under the mouse. Buttons carry their label,
so a test (or a facilitator's script) can find them by name.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import attrs
import pygame

from engine.ui import text

INK = (25, 25, 25)
PANEL = (240, 237, 226)
BUTTON = (214, 208, 190)
HOT = (250, 214, 90)
MUTED = (110, 110, 110)
RED = (190, 30, 30)


@attrs.define
class Button:
    rect: pygame.Rect
    label: str
    action: Callable[[], Any]
    tag: str = ""  # a stable name for scripts and tests ("unit-type:by_mech_bde", "tab:Rules")


@attrs.define
class Picker:
    """A pick-list: choices shown over the panel, the chosen one passed to ``done``."""

    title: str
    choices: list[tuple[str, Any]]  # (shown text, value)
    done: Callable[[Any], Any]
    scroll: int = 0


@attrs.define
class TextField:
    """A one-line text being typed; Enter passes it to ``done``, Escape drops it."""

    title: str
    value: str
    done: Callable[[str], Any]
    start: str = ""  # the value it opened with: anything else is typed text not entered yet
    tag: str = ""  # the panel row that opened it: Tab enters the text and opens the next row's field
    note: str = ""  # said under the text (why Tab did nothing)


class Gui:
    """The widgets of one frame plus the pick-list or text field open over them."""

    def __init__(self) -> None:
        self.buttons: list[Button] = []
        self.picker: Picker | None = None
        self.field: TextField | None = None
        self.surface: pygame.Surface | None = None
        #: the text rows of the panel as drawn this frame (tag, opens its field), for Tab
        self.text_rows: list[tuple[str, Callable[[], None]]] = []
        #: every text drawn this frame (its rectangle, the text), for tests of the layout
        self.drawn: list[tuple[pygame.Rect, str]] = []

    def begin(self, surface: pygame.Surface) -> None:
        self.surface = surface
        self.buttons = []
        self.text_rows = []
        self.drawn = []

    # --- drawing while registering ----------------------------------------------------------
    def button(self, rect: pygame.Rect, label: str, action: Callable[[], Any], tag: str = "",
               on: bool = False, size: int = 16) -> pygame.Rect:
        s = self.surface
        assert s is not None
        pygame.draw.rect(s, HOT if on else BUTTON, rect, border_radius=4)
        pygame.draw.rect(s, (120, 115, 100), rect, 1, border_radius=4)
        t = text.render(_fit(label, size, rect.width - 6), size, INK)
        s.blit(t, t.get_rect(center=rect.center))
        self.buttons.append(Button(pygame.Rect(rect), label, action, tag or label))
        return rect

    def label(self, pos: tuple[int, int], value: str, size: int = 16, colour: tuple[int, ...] = INK,
              bold: bool = False, width: int = 0) -> int:
        """Text at ``pos``; wrapped to ``width`` when given. Returns the height used."""
        s = self.surface
        assert s is not None
        lines = text.wrap(value, size, width, bold) if width else [value]
        for i, line in enumerate(lines):
            img = text.render(line, size, colour, bold)
            at = (pos[0], pos[1] + i * (size + 2))
            s.blit(img, at)
            self.drawn.append((img.get_rect(topleft=at), line))
        return len(lines) * (size + 2)

    def stepper(self, x: int, y: int, w: int, name: str, value: Any, set_to: Callable[[int], Any],
                step: int = 1, tag: str = "") -> int:
        """'name  value  [-] [+]': returns the row height."""
        self.label((x, y + 4), f"{name}", 15)
        self.label((x + w - 120, y + 4), str(value), 15, bold=True)
        v = int(value or 0)
        self.button(pygame.Rect(x + w - 66, y, 30, 24), "-", lambda: set_to(v - step), f"{tag or name}:-")
        self.button(pygame.Rect(x + w - 32, y, 30, 24), "+", lambda: set_to(v + step), f"{tag or name}:+")
        return 28

    def chooser(self, x: int, y: int, w: int, name: str, value: str, title: str,
                choices: Sequence[tuple[str, Any]], done: Callable[[Any], Any], tag: str = "") -> int:
        """'name  [value ▾]': a click opens the pick-list."""
        self.label((x, y + 4), name, 15)
        self.button(pygame.Rect(x + 120, y, w - 120, 24), str(value) or "(choose)",
                    lambda: self.open_picker(title, list(choices), done), tag or f"pick:{name}")
        return 28

    def text_row(self, x: int, y: int, w: int, name: str, value: str, done: Callable[[str], Any],
                 tag: str = "") -> int:
        self.label((x, y + 4), name, 15)
        tag = tag or f"text:{name}"
        opener = lambda: self.open_field(name, value, done, tag)  # noqa: E731
        self.button(pygame.Rect(x + 120, y, w - 120, 24), value or "(type)", opener, tag)
        self.text_rows.append((tag, opener))
        return 28

    def open_picker(self, title: str, choices: list[tuple[str, Any]], done: Callable[[Any], Any]) -> None:
        self.picker = Picker(title, choices, done)

    def open_field(self, title: str, value: str, done: Callable[[str], Any], tag: str = "", note: str = "") -> None:
        self.field = TextField(title, value, done, value, tag, note)

    # --- overlays -----------------------------------------------------------------------------
    def draw_overlays(self, area: pygame.Rect) -> None:
        """The open pick-list or text field, over ``area``; their buttons take the clicks first."""
        s = self.surface
        assert s is not None
        if self.picker is not None:
            p = self.picker
            self.buttons = []
            box = area.inflate(-20, -20)
            pygame.draw.rect(s, PANEL, box)
            pygame.draw.rect(s, INK, box, 2)
            # (a long file name in the question ran off the box)
            self.label((box.x + 10, box.y + 8), _fit(p.title, 18, box.width - 20, bold=True), 18, bold=True)
            rows = (box.height - 80) // 26
            shown = p.choices[p.scroll:p.scroll + rows]
            for i, (lab, val) in enumerate(shown):
                self.button(pygame.Rect(box.x + 10, box.y + 36 + i * 26, box.width - 20, 24), lab,
                            self._pick_action(val), f"choice:{lab}", size=15)
            yb = box.bottom - 34
            if p.scroll > 0:
                self.button(pygame.Rect(box.x + 10, yb, 90, 26), "▲ up", lambda: self._scroll(-rows), "picker:up")
            if p.scroll + rows < len(p.choices):
                self.button(pygame.Rect(box.x + 110, yb, 90, 26), "▼ more", lambda: self._scroll(rows), "picker:down")
            self.button(pygame.Rect(box.right - 100, yb, 90, 26), "cancel", self.close_picker, "picker:cancel")
        elif self.field is not None:
            f = self.field
            self.buttons = []
            box = pygame.Rect(area.x + 10, area.y + 60, area.width - 20, 110)
            pygame.draw.rect(s, PANEL, box)
            pygame.draw.rect(s, INK, box, 2)
            head = _fit(f"{f.title}: type, then Enter (Escape cancels)", 16, box.width - 20, bold=True)
            self.label((box.x + 10, box.y + 8), head, 16, bold=True)
            pygame.draw.rect(s, (255, 255, 255), (box.x + 10, box.y + 36, box.width - 20, 28))
            self.label((box.x + 14, box.y + 42), f.value + "|", 17)
            note = f.note or ("Tab: next field" if f.tag else "")
            if note:
                self.label((box.x + 10, box.bottom - 30), _fit(note, 13, box.width - 200), 13, MUTED)
            self.button(pygame.Rect(box.right - 180, box.bottom - 34, 80, 26), "OK", self.commit_field, "field:ok")
            self.button(pygame.Rect(box.right - 90, box.bottom - 34, 80, 26), "cancel", self.close, "field:cancel")

    def _tab(self, step: int) -> None:
        """Tab in a field: enter its text (as Enter does), then open the field of the next (``step`` -1: the
        previous) text row of the panel as last drawn, at once (keys typed before the next frame go there, not
        to the map: Backspace there deleted the selected unit). No other row: the field just closes."""
        f = self.field
        assert f is not None
        tags = [t for t, _ in self.text_rows]
        nxt = self.text_rows[(tags.index(f.tag) + step) % len(tags)] if f.tag in tags and len(tags) > 1 else None
        self.commit_field()
        if nxt is not None and not self.modal():
            nxt[1]()  # its value and target as drawn: the edit just entered is another row's

    def _pick_action(self, value: Any) -> Callable[[], None]:
        return lambda: self._pick(value)

    def _pick(self, value: Any) -> None:
        p = self.picker
        self.picker = None
        if p is not None:
            p.done(value)

    def _scroll(self, rows: int) -> None:
        if self.picker is not None:
            self.picker.scroll = max(0, min(len(self.picker.choices) - 1, self.picker.scroll + rows))

    def close(self) -> None:
        self.picker = None
        self.field = None

    def close_picker(self) -> None:
        """Only the pick-list: a text field under it (the quit question over a text being typed) stays."""
        self.picker = None

    def typing(self) -> bool:
        """A text field is open with text typed and not entered yet."""
        return self.field is not None and self.field.value.strip() != self.field.start.strip()

    def commit_field(self) -> None:
        f = self.field
        self.field = None
        if f is not None:
            f.done(f.value.strip())

    # --- input ---------------------------------------------------------------------------------
    def modal(self) -> bool:
        return self.picker is not None or self.field is not None

    def click(self, pos: tuple[int, int]) -> bool:
        """Run the button under ``pos`` (the last drawn wins, so overlays come first)."""
        for b in reversed(self.buttons):
            if b.rect.collidepoint(pos):
                b.action()
                return True
        if self.modal():
            return True  # a click outside an open overlay does nothing underneath
        return False

    def key(self, event: pygame.event.Event) -> bool:
        if self.picker is not None:  # drawn over a field, it takes the keys (Escape closed both, typing lost)
            if event.key == pygame.K_ESCAPE:
                self.close_picker()
            return True
        if self.field is not None:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.commit_field()
            elif event.key == pygame.K_ESCAPE:
                self.close()
            elif event.key == pygame.K_BACKSPACE:
                self.field.value = self.field.value[:-1]
            elif event.key == pygame.K_TAB:  # a tab is never typed into a name (it was dropped without a word)
                if self.field.tag:
                    self._tab(-1 if getattr(event, "mod", 0) & pygame.KMOD_SHIFT else 1)
                else:
                    self.field.note = "Tab: no next field here (Enter enters the text, Escape cancels)"
            elif getattr(event, "unicode", "") and event.unicode.isprintable():
                self.field.value += event.unicode
            return True
        return self.modal()

    def find(self, tag: str) -> Button:
        """The button with this tag (or label), for scripts and tests."""
        for b in reversed(self.buttons):
            if b.tag == tag or b.label == tag:
                return b
        raise KeyError(f"no button {tag!r} (have: {', '.join(b.tag for b in self.buttons[:40])})")


def _fit(label: str, size: int, width: int, bold: bool = False) -> str:
    """``label`` whole if it fits ``width`` pixels, else its longest prefix that fits with '…'."""
    f = text.font(size, bold)
    if f.size(label)[0] <= width:
        return label
    lo, hi = 0, len(label)  # the longest prefix that fits, by halving (a 10 KB name took seconds a frame)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if f.size(label[:mid] + "…")[0] <= width:
            lo = mid
        else:
            hi = mid - 1
    return label[:lo] + "…"

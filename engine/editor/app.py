"""``eastflank edit SCENARIO``: the scenario editor window.

The same map view as the seminar table (camera, map layer, counters), a side
panel of tabs (units, bases, timeline, options, tracks, victory, rules) and a
live validation panel. Every change goes through :class:`EditorModel`, so the
file keeps its comments and only changed lines differ when it is saved.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any, Callable

import pygame

from engine.editor import panels
from engine.editor.model import EditorModel
from engine.editor.widgets import INK, PANEL, RED, Gui, _fit
from engine.geo.hexgrid import Hex
from engine.scenario.loader import load_map
from engine.ui import text
from engine.ui.camera import MapCamera
from engine.ui.counters import CounterPainter
from engine.ui.maplayer import MapLayer
from engine.ui.render import save_png as save_screenshot
from engine.ui.scenario_view import draw_scenario
from engine.ui.style import load_style

PANEL_W = 430
TOP_H = 64
#: The smallest window ``eastflank edit --size`` takes; the top bar's hint and status fit in it.
MIN_SIZE = (1000, 700)
PROBLEMS_H = 180
TABS = ("Units", "Bases", "Timeline", "Options", "Tracks", "Victory", "Rules")


class EditorApp:
    """The editor's state between frames: tab, selection, mode, and the model it edits."""

    def __init__(self, model: EditorModel, size: tuple[int, int] = (1400, 860)):
        pygame.display.init()
        pygame.font.init()
        self.model = model
        self.size = size
        self.screen = pygame.display.set_mode(size)
        pygame.display.set_caption(f"Eastern Flank editor: {model.path.name}")
        self.style = load_style()
        assert model.scenario is not None
        self.theatre = load_map(model.scenario.map_path)
        self.layer = MapLayer(self.theatre, self.style)
        self.painter = CounterPainter()
        self.camera = MapCamera(pygame.Rect(0, TOP_H, size[0] - PANEL_W, size[1] - TOP_H), self.theatre.hexes(),
                                   zoom_index=5)
        self.camera.fit([u.location for u in model.scenario.units] or self.theatre.hexes())
        self.gui = Gui()
        self.tab = "Units"
        self.side = model.sides()[0] if model.sides() else ""
        self.palette_type = ""  # a unit type chosen in the palette: a map click places one
        self.mode = ""  # "", "unit", "base", "objective", "reinforce"
        self.base_kind = "logistic"
        self.selected: tuple[str, str] | None = None  # ("unit"|"base"|"option"|"rotation"|"track", id)
        self.hits: list[tuple[pygame.Rect, str]] = []
        self.drag: tuple[str, tuple[int, int]] | None = None  # ("unit:ID", where pressed)
        self.problem_rects: list[tuple[pygame.Rect, int]] = []
        self.scroll = 0
        self.scroll_max = 0  # rows the tab can scroll, as the last frame drew it
        self.running = True
        self.frame_ms: list[float] = []
        model.session()  # read the file for fast edits now, not on the first edit

    # --- geometry -----------------------------------------------------------------------------
    @property
    def panel(self) -> pygame.Rect:
        return pygame.Rect(self.size[0] - PANEL_W, 0, PANEL_W, self.size[1] - PROBLEMS_H)

    @property
    def problems_rect(self) -> pygame.Rect:
        return pygame.Rect(self.size[0] - PANEL_W, self.size[1] - PROBLEMS_H, PANEL_W, PROBLEMS_H)

    def hex_pos(self, h: Hex) -> tuple[int, int]:
        x, y = self.camera.hex_to_screen(h)
        return round(x), round(y)

    # --- drawing ------------------------------------------------------------------------------
    def draw(self) -> None:
        """One frame, guarded like the input: a drawing error is reported once, never closes the editor."""
        try:
            self._draw()
        except Exception as e:  # noqa: BLE001 - the guard
            msg = f"drawing failed ({type(e).__name__}: {str(e)[:200]}); the edits are kept — Ctrl+S saves"
            if msg != self.model.message:
                print(f"eastflank edit: {msg}", file=sys.stderr)
            self.model.message = msg
            self.screen.set_clip(None)

    def _draw(self) -> None:
        t0 = time.perf_counter()
        scr = self.screen
        self.gui.begin(scr)
        scr.fill((30, 30, 30))
        vp = self.camera.viewport
        scr.set_clip(vp)
        self.layer.blit(scr, self.camera)
        sc = self.model.scenario
        if sc is not None:
            lay = self.camera.layout()
            sel = self.selected[1] if self.selected and self.selected[0] == "unit" else ""
            self.hits = draw_scenario(scr, sc, lay, self.style, self.painter, ranges=True, selected=sel)
            if self.selected and self.selected[0] == "base":
                b = next((b for b in sc.bases if b.id == self.selected[1]), None)
                if b is not None:
                    x, y = lay.to_pixel(b.location)
                    pygame.draw.circle(scr, (255, 220, 0), (round(x), round(y)), round(lay.size * 1.1), 3)
        scr.set_clip(None)
        self._top_bar()
        pygame.draw.rect(scr, PANEL, self.panel)
        pygame.draw.line(scr, INK, self.panel.topleft, (self.panel.left, self.size[1]), 2)
        self._tabs()
        self.scroll_max = panels.draw_tab(self, self.tab, pygame.Rect(self.panel.x + 10, 96, PANEL_W - 20,
                                                                      self.panel.height - 100))
        self.scroll = min(self.scroll, self.scroll_max)  # the tab got shorter (another selection, an undo)
        self._problems()
        self.gui.draw_overlays(pygame.Rect(self.panel.x, 0, PANEL_W, self.size[1]))
        self.frame_ms.append((time.perf_counter() - t0) * 1000)

    def _top_bar(self) -> None:
        """The file and title, the buttons on the first row; under them, across the whole bar, the hint of
        the mode (red) and the status, wrapped and cut with '…' to the bar's width. (The hint was drawn 260
        pixels left of the buttons, off the window at the smallest size, and the status squeezed beside them.)"""
        g = self.gui
        bar = pygame.Rect(0, 0, self.size[0] - PANEL_W, TOP_H)
        pygame.draw.rect(self.screen, PANEL, bar)
        m = self.model
        narrow = bar.width < 760
        buttons = [("Undo", m.undo, "undo", 62), ("Redo", m.redo, "redo", 62), ("Save", m.save, "save", 62),
                   ("Save as", self.ask_save_as, "save-as", 76),
                   ("Play (F5)" if narrow else "Play from here", m.play, "play", 86 if narrow else 140)]
        x = bar.right - 6 - sum(w + 6 for *_, w in buttons) + 6
        for label, action, tag, w in buttons:
            g.button(pygame.Rect(x, 4, w, 26), label, action, tag, size=15)
            x += w + 6
        left = bar.right - 6 - sum(w + 6 for *_, w in buttons) - 10  # where the buttons begin
        head = f"{m.path.name}{' *' if m.dirty else ''}  —  {m.scenario.title if m.scenario else ''}"
        g.label((10, 8), _fit(head[:200], 17, left - 10, bold=True), 17, bold=True)
        status = m.message or "click a unit type, then the map; drag a counter to move it; Delete removes"
        lines = _status_lines(status, bar.width - 20)
        if self.mode:  # the hint first, the status on the line left (cut with '…')
            hint = _fit(f"click the map: place {self.mode_text()}", 14, bar.width - 20, bold=True)
            g.label((10, 34), hint, 14, RED, bold=True)
            lines = _status_lines(status, 10**6)[:1]
            lines = [_fit(x, 14, bar.width - 20) for x in lines]
        for i, line in enumerate(lines[:2 - bool(self.mode)]):
            g.label((10, 34 + (i + bool(self.mode)) * 15), line, 14, RED if not m.valid else INK)

    def mode_text(self) -> str:
        if self.mode == "unit":
            return f"a {self.palette_type} ({self.side})"
        if self.mode == "base":
            return f"a {self.base_kind} base ({self.side})"
        return {"objective": f"an objective for {self.side}", "reinforce": "a reinforcement"}.get(self.mode, self.mode)

    def _tabs(self) -> None:
        x = self.panel.x + 6
        for name in TABS:
            w = 58 if name != "Timeline" else 66
            self.gui.button(pygame.Rect(x, 8, w, 26), name, self._tab_action(name), f"tab:{name}",
                            on=self.tab == name, size=14)
            x += w + 2
        self.gui.label((self.panel.x + 10, 44), "side:", 16)
        self.gui.button(pygame.Rect(self.panel.x + 60, 40, 120, 26), self.side or "-", self.next_side, "side")
        hint = "(new units, bases, options are this side's)"
        self.gui.label((self.panel.x + 190, 46), hint, 13)

    def _problems(self) -> None:
        r = self.problems_rect
        scr = self.screen
        pygame.draw.rect(scr, (250, 246, 236), r)
        pygame.draw.line(scr, INK, r.topleft, r.topright, 2)
        m = self.model
        self.problem_rects = []
        if m.valid:
            self.gui.label((r.x + 10, r.y + 8), "Valid: the loader accepts this scenario.", 16, (30, 120, 50), True)
            self.gui.label((r.x + 10, r.y + 32), f"{len(m.scenario.units) if m.scenario else 0} units; "
                           "Save writes only the lines you changed.", 14)
            return
        self.gui.label((r.x + 10, r.y + 6), f"{len(m.problems)} problem(s) — click one to go there", 16, RED, True)
        y = r.y + 28
        for i, p in enumerate(m.problems[:6]):
            line = f"line {p.line}: {p.path + ': ' if p.path else ''}{p.message}"
            rect = pygame.Rect(r.x + 6, y, r.width - 12, 24)
            h = self.gui.label((r.x + 10, y), line, 13, width=r.width - 20)
            rect.height = h
            self.problem_rects.append((rect, i))
            y += h + 4
            if y > r.bottom - 20:
                break

    # --- actions ------------------------------------------------------------------------------
    def _tab_action(self, name: str) -> Callable[[], None]:
        return lambda: self.set_tab(name)

    def set_tab(self, name: str) -> None:
        self.tab = name
        self.mode = ""
        self.scroll = 0

    def next_side(self) -> None:
        sides = self.model.sides()
        if sides:
            self.side = sides[(sides.index(self.side) + 1) % len(sides)] if self.side in sides else sides[0]

    def choose_type(self, type_id: str) -> None:
        self.palette_type = type_id
        self.mode = "unit"

    def jump_to_problem(self, i: int) -> None:
        if i >= len(self.model.problems):  # drawn last frame, gone since (an undo in the same batch of events)
            return
        p = self.model.problems[i]
        target = self.model.problem_target(p)
        sc = self.model.scenario
        self.model.message = f"line {p.line}, column {p.col}: {p.message}"
        if target is None or sc is None:
            return
        kind, ident = target
        self.selected = (kind, ident)
        where = None
        if kind == "unit":
            where = next((u.location for u in sc.units if u.id == ident), None)
            self.tab = "Units"
        elif kind == "base":
            where = next((b.location for b in sc.bases if b.id == ident), None)
            self.tab = "Bases"
        elif kind == "rotation":
            self.tab = "Timeline"
        elif kind == "option":
            self.tab = "Options"
        elif kind == "track":
            self.tab = "Tracks"
        if where is not None:
            self.camera.centre_on(where)

    def map_click(self, pos: tuple[int, int]) -> None:
        h = self.camera.screen_to_hex(*pos)
        if h not in self.theatre:
            return
        m = self.model
        if self.mode == "unit" and self.palette_type:
            uid = m.place_unit(self.palette_type, self.side, h)
            self.selected = ("unit", uid)
            return
        if self.mode == "base":
            self.selected = ("base", m.place_base(self.base_kind, self.side, h))
            self.mode = ""
            return
        if self.mode == "objective":
            m.add_objective(self.side, h)
            self.mode = ""
            return
        if self.mode == "reinforce" and self.palette_type:
            m.add_reinforcement(self.palette_type, self.side, panels.timeline_turn(self), h)
            self.mode = ""
            return
        hit = self.hit(pos)
        self.selected = (hit.split(":", 1)[0], hit.split(":", 1)[1]) if hit else None
        if hit and hit.startswith("unit:"):
            self.tab = "Units"
        elif hit and hit.startswith("base:"):
            self.tab = "Bases"

    def hit(self, pos: tuple[int, int]) -> str:
        for rect, what in reversed(self.hits):
            if rect.collidepoint(pos):
                return what
        return ""

    def delete_selected(self) -> None:
        """Delete the selected unit, base, rotation or option card; a refused delete keeps it selected."""
        kind, ident = self.selected if self.selected else ("", "")
        done = {"unit": self.model.delete_unit, "base": self.model.delete_base,
                "rotation": self.model.delete_rotation,
                "option": lambda i: self.model.delete_option(i.split(":", 1)[-1])}.get(kind)
        if done is not None and done(ident):
            self.selected = None

    def ask_save_as(self) -> None:
        """Save as: a file name typed (in this file's folder unless a path), an existing scenario file replaced
        only when confirmed; the editor then edits the new file (EditorModel.save_as)."""
        m = self.model
        if not m.valid:
            m.message = f"not saved: {len(m.problems)} problem(s) (see the panel)"
            return

        def overwrite(yes: bool, typed: str) -> None:
            if yes:
                self._saved_as(m.save_as(typed, overwrite=True))
            else:
                m.message = "not saved: type another name (Save as)"

        def typed(name: str) -> None:
            done = m.save_as(name)
            if done is None:
                self.gui.open_picker(m.message, [("Overwrite it", True), ("Keep it (not saved)", False)],
                                     lambda yes: overwrite(yes, name))
            self._saved_as(done)
        self.gui.open_field("save as", f"{m.path.stem}-copy.yaml", typed, note="a name in this folder, or a path")

    def _saved_as(self, done: bool | None) -> None:
        if done:
            pygame.display.set_caption(f"Eastern Flank editor: {self.model.path.name}")

    # --- events -------------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        """One input event, guarded: an error is shown in the status line, and the edits stay open."""
        try:
            self._handle(event)
        except Exception as e:  # noqa: BLE001 - the guard: the text being edited must survive any input
            self.gui.close()
            self.drag = None
            self.model.message = f"error ({type(e).__name__}: {str(e)[:200]}); the edits are kept — Ctrl+S saves"
            print(f"eastflank edit: error while handling {pygame.event.event_name(event.type)}: "
                  f"{type(e).__name__}: {e}", file=sys.stderr)

    def request_quit(self) -> None:
        """Closing the window: with unsaved edits, or text typed in a field and not entered yet (it closed at
        once, the text lost), ask: save and quit, quit without saving, keep editing."""
        typing = self.gui.typing()
        if not self.model.dirty and not typing:
            self.running = False
            return

        def answer(choice: str) -> None:
            if choice == "save":
                if typing:
                    self.gui.commit_field()  # the typed text is an edit like any other: saved with the rest
                    if not self.model.dirty:
                        return  # the text was refused (the status line says why): nothing closes
                if self.model.save():
                    self.running = False
            elif choice == "discard":
                self.running = False

        what = f"Unsaved edits to {self.model.path.name}" if self.model.dirty else "Text typed, not entered"
        if typing and self.model.dirty:
            what += ", and text typed, not entered"
        why = "" if self.model.valid else f" (not valid: {len(self.model.problems)} problem(s), cannot be saved)"
        self.gui.open_picker(f"{what}{why}", [
            ("Save and quit", "save"), ("Quit without saving", "discard"), ("Keep editing", "keep")], answer)

    def _handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.request_quit()
            return
        if event.type == pygame.KEYDOWN:
            if self.gui.key(event):
                return
            mod = getattr(event, "mod", 0)
            ctrl = bool(mod & pygame.KMOD_CTRL)
            if ctrl and event.key == pygame.K_s and mod & pygame.KMOD_SHIFT:
                self.ask_save_as()
            elif ctrl and event.key == pygame.K_s:
                self.model.save()
            elif ctrl and (event.key == pygame.K_y or (event.key == pygame.K_z and mod & pygame.KMOD_SHIFT)):
                self.model.redo()  # Ctrl+Shift+Z (redo elsewhere) undid one more edit, for good
            elif ctrl and event.key == pygame.K_z:
                self.model.undo()
            elif event.key == pygame.K_F5:
                self.model.play()
            elif event.key in (pygame.K_DELETE, pygame.K_BACKSPACE):
                self.delete_selected()
            elif event.key == pygame.K_ESCAPE:
                self.mode, self.selected = "", None
            else:
                self.camera.handle(event)
            return
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if self.gui.click(event.pos):
                return
            for rect, i in self.problem_rects:
                if rect.collidepoint(event.pos):
                    self.jump_to_problem(i)
                    return
            if self.camera.viewport.collidepoint(event.pos):
                hit = self.hit(event.pos)
                if hit.startswith(("unit:", "base:")) and not self.mode:
                    self.drag = (hit, event.pos)
                    return
            self.camera.handle(event)
            return
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            if self.drag is not None:
                what, start = self.drag
                self.drag = None
                if abs(event.pos[0] - start[0]) + abs(event.pos[1] - start[1]) > 6:
                    h = self.camera.screen_to_hex(*event.pos)
                    if not self.camera.viewport.collidepoint(event.pos):  # the hex under the panel is hidden
                        self.model.message = f"not moved: {what.split(':', 1)[1]} was dropped off the map"
                    elif h in self.theatre:
                        kind, ident = what.split(":", 1)
                        (self.model.move_unit if kind == "unit" else self.model.move_base)(ident, h)
                        self.selected = (kind, ident)
                    return
                self.map_click(start)
                return
            moved = self.camera.was_drag()
            self.camera.handle(event)
            if self.camera.viewport.collidepoint(event.pos) and not moved and not self.gui.modal():
                self.map_click(event.pos)
            return
        if event.type == pygame.MOUSEWHEEL and self.panel.collidepoint(pygame.mouse.get_pos()):
            self.scroll = max(0, min(self.scroll_max, self.scroll - event.y * 3))
            return
        if self.drag is None:
            self.camera.handle(event)

    def run(self, frames: int | None = None, screenshot: str | None = None) -> int:
        clock = pygame.time.Clock()
        n = 0
        while self.running:
            for event in pygame.event.get():
                self.handle(event)
            self.draw()
            pygame.display.flip()
            n += 1
            if frames is not None and n >= frames:
                break
            clock.tick(30)
        if screenshot:
            save_screenshot(self.screen, screenshot)
        return 0


    def close(self) -> None:
        pygame.display.quit()


def table_launcher(path: Path) -> Any:
    """'Play from here': the seminar table in its own process, so the editor stays open."""
    import subprocess
    import sys

    return subprocess.Popen([sys.executable, "-m", "engine.cli", "play", str(path)])


def open_editor(path: str, size: tuple[int, int] = (1400, 860),
                launcher: Callable[[Path], Any] | None = table_launcher) -> EditorApp:
    """Load and validate before the window opens: a broken file is reported as text."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    model = EditorModel(path, launcher)
    return EditorApp(model, size)


def _status_lines(status: str, width: int) -> list[str]:
    """The status line in at most two lines of ``width`` pixels, the second cut with '…' if need be."""
    lines = text.wrap(status[:400].replace("\n", " "), 14, max(50, width))
    out = [lines[0], " ".join(lines[1:])]
    return [_fit(x, 14, width) for x in out if x]

"""The seminar table: main loop (events -> update -> draw -> flip -> tick).

``App`` owns the window layout, the camera, the map layer, the counters and
the panels; it turns clicks and keys into orders and hands them to the
:class:`~engine.ui.session.Session` (the only door to the engine). With no
session it is a plain map viewer (pan, zoom, hover).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any, Sequence

import pygame

from ..actions import Action, Rail
from ..errors import EngineError
from ..hexgrid import Hex, Layout
from ..theatre import TheatreMap
from . import text
from .camera import Camera
from .console import Console
from .counters import CounterLook, CounterPainter, counter_px, echelon_mark
from .handover import draw_handover
from .maplayer import MapLayer
from .panels import (Button, draw_cards, draw_hover, draw_log, draw_popup, draw_top_bar, draw_unit_box,
                     odds_lines, panel)
from .session import HexInfo, Session, UnitInfo, hex_info
from .style import Style, load_style, parse_colour

TOP_H = 52
SIDE_W = 350
DEFAULT_SIZE = (1280, 800)
SAVE_DIR = Path("saves")
QUICKSAVE = "quicksave.json"


class AttackDraft:
    """An attack being put together: target and chosen attackers (not yet an order)."""

    def __init__(self, target: Hex, possible: list[str]) -> None:
        self.target = target
        self.possible = possible
        self.chosen = list(possible)

    def toggle(self, uids: Sequence[str]) -> None:
        ids = [u for u in uids if u in self.possible]
        if all(u in self.chosen for u in ids):
            self.chosen = [u for u in self.chosen if u not in ids]
        else:
            self.chosen = sorted(set(self.chosen) | set(ids))


class App:
    """The window and everything on it. Tests drive it with :meth:`handle` and :meth:`draw`."""

    def __init__(self, theatre: TheatreMap, session: Session | None = None, size: tuple[int, int] = DEFAULT_SIZE,
                 style: Style | None = None, save_dir: Path | str = SAVE_DIR, hotseat: bool = True,
                 initial_handover: bool = False) -> None:
        pygame.display.init()
        pygame.font.init()
        self.screen = pygame.display.get_surface()
        if self.screen is None or self.screen.get_size() != tuple(size):
            self.screen = pygame.display.set_mode(size, pygame.RESIZABLE)
        pygame.display.set_caption("Eastern Flank - seminar table")
        self.theatre = theatre
        self.session = session
        self.style = style or load_style()
        self.save_dir = Path(save_dir)
        self.hotseat = hotseat
        self.clock = pygame.time.Clock()
        self.painter = CounterPainter()
        self.layer = MapLayer(theatre, self.style)
        self.camera = Camera(self._map_rect())
        self.console = Console(self._console_command)
        self.running = True
        self.hover: Hex | None = None
        self.mouse = (0, 0)
        self.selected: str | None = None
        self.reach: dict[Hex, Action] = {}
        self.rail_only: set[Hex] = set()
        self.attack: AttackDraft | None = None
        self.confirm: tuple[str, list[str], str, Any] | None = None  # (title, lines, yes label, order)
        self.popups: list[tuple[str, list[str]]] = []
        self.popup_buttons: list[tuple[pygame.Rect, str]] = []
        self.card_rects: list[tuple[pygame.Rect, str]] = []
        self.buttons: list[Button] = []
        self.handover_to: str | None = None
        self.handover_button: pygame.Rect | None = None
        self.god_view = False
        self.status = ""
        self.status_bad = False
        self.log_scroll = 0
        self.frame_ms: list[float] = []
        self._stack_cache: tuple[Any, dict[Hex, list[UnitInfo]]] | None = None
        self._fit_initial()
        if initial_handover and session is not None and session.fog_of_war and not session.is_over():
            self.handover_to = session.side_to_act()
        pygame.key.set_repeat(250, 30)

    # --- layout -------------------------------------------------------------------
    def _map_rect(self) -> pygame.Rect:
        w, h = self.screen.get_size()
        return pygame.Rect(0, TOP_H, w - SIDE_W, h - TOP_H)

    def _side_rect(self) -> pygame.Rect:
        w, h = self.screen.get_size()
        return pygame.Rect(w - SIDE_W, TOP_H, SIDE_W, h - TOP_H)

    def _fit_initial(self) -> None:
        s = self.session
        focus = [h for h in self.theatre.hexes() if self.theatre.country.get(h) in self.style.focus_countries]
        self.camera.fit(focus or self.theatre.hexes(), margin=1.0)

    # --- who sees what ------------------------------------------------------------------
    def viewer(self) -> str | None:
        """The side whose observation is drawn: the side at the table under fog, else everyone."""
        s = self.session
        if s is None or not s.fog_of_war or self.god_view:
            return None
        return s.side_to_act()

    def stacks(self) -> dict[Hex, list[UnitInfo]]:
        s = self.session
        if s is None:
            return {}
        key = (id(s.state), len(s.state.log), len(s.undo_stack), self.viewer())
        if self._stack_cache is None or self._stack_cache[0] != key:
            self._stack_cache = (key, s.stacks(self.viewer()))
        return self._stack_cache[1]

    # --- messages -----------------------------------------------------------------------
    def say(self, msg: str, bad: bool = False) -> None:
        self.status, self.status_bad = msg, bad

    def _after_order(self, lines: list[str], side_before: str | None) -> None:
        """Pop-ups for events and arrivals; hand-over when another side takes the seat."""
        self.popups.extend(event_popups(lines))
        s = self.session
        assert s is not None
        self.clear_selection()
        if s.is_over():
            self.popups.append(("Game over", [s.outcome_text() or "The game has ended.",
                                              "Press F10 for the after-action report."]))
            return
        now = s.side_to_act()
        if self.hotseat and now is not None and now != side_before:
            self.handover_to = now

    def do(self, order: Action | str) -> bool:
        """Apply an order through the session; report refusals in the status line."""
        s = self.session
        if s is None:
            return False
        before = s.side_to_act()
        try:
            lines = s.apply(order)
        except EngineError as e:
            self.say(str(e), bad=True)
            return False
        text_ = order if isinstance(order, str) else s.order_text(order)
        self.say(f"done: {text_}")
        self._after_order(lines, before)
        return True

    def clear_selection(self) -> None:
        self.selected = None
        self.reach = {}
        self.rail_only = set()
        self.attack = None

    # --- commands shared by keys, buttons and console -------------------------------------
    def end_phase(self) -> None:
        if self.session is not None and not self.session.is_over():
            self.do("end")

    def undo(self, reason: str = "") -> None:
        s = self.session
        if s is None:
            return
        t = s.undo(reason)
        self.clear_selection()
        self.say(f"undone: {t}" if t else "nothing to undo", bad=t is None)

    def save(self, path: str | Path | None = None) -> str:
        s = self.session
        if s is None:
            return "no game to save"
        p = Path(path) if path else self.save_dir / QUICKSAVE
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
            s.save(p)
        except (EngineError, OSError) as e:
            msg = f"save failed: {e}"
            self.say(msg, bad=True)
            return msg
        self.say(f"saved {p}")
        return f"saved {p}"

    def load(self, path: str | Path | None = None) -> str:
        """Load a save; a bad save leaves the running game as it was and says why."""
        s = self.session
        if s is None:
            return "no game loaded"
        p = Path(path) if path else self.save_dir / QUICKSAVE
        try:
            s.load(p)
        except (EngineError, OSError) as e:
            msg = f"load refused, game unchanged: {e}"
            self.say(msg, bad=True)
            self.popups.append(("Save not loaded", [str(e), "The running game is unchanged."]))
            return msg
        self.clear_selection()
        self.say(f"loaded {p}")
        return f"loaded {p}"

    def report(self, out_dir: str | Path | None = None) -> str:
        s = self.session
        if s is None:
            return "no game"
        from .aar import write_report
        try:
            path = write_report(s, Path(out_dir) if out_dir else self.save_dir / "aar", self.style)
        except (EngineError, OSError) as e:
            self.say(f"report failed: {e}", bad=True)
            return f"report failed: {e}"
        self.say(f"after-action report: {path}")
        return f"after-action report written: {path}"

    def _console_command(self, word: str, arg: str) -> str:
        if word == "save":
            return self.save(arg or None)
        if word == "load":
            return self.load(arg or None)
        if word == "aar":
            return self.report(arg or None)
        if word == "view":
            self.god_view = not self.god_view
            if self.session is not None:
                self.session.ui_log.append(f"T{self.session.turn} facilitator view {'on' if self.god_view else 'off'}")
            return f"facilitator view (all units) {'on' if self.god_view else 'off'}"
        return f"unknown command {word}"

    # --- input ------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        """One input event (tests feed synthetic ones)."""
        if event.type == pygame.QUIT:
            self.running = False
            return
        if event.type == pygame.VIDEORESIZE:
            self.screen = pygame.display.get_surface() or self.screen
            self.camera.viewport = self._map_rect()
            return
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_F1, pygame.K_BACKQUOTE):
            self.console.toggle()
            return
        if self.console.open:
            if self.console.handle(event, self.session):
                self._stack_cache = None
                return
        if self.handover_to is not None:
            if (event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)) \
                    or (event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self.handover_button
                        and self.handover_button.collidepoint(event.pos)):
                self.handover_to = None
            return
        if self.popups or self.confirm is not None:
            self._handle_modal(event)
            return
        if event.type == pygame.MOUSEMOTION:
            self.mouse = event.pos
            self.hover = self._hex_at(event.pos)
        if self.camera.handle(event):
            return
        if event.type == pygame.KEYDOWN:
            self._handle_key(event)
        elif event.type == pygame.MOUSEBUTTONUP:
            if self.camera.was_drag():
                return
            if event.button == 1:
                self._click(event.pos)
            elif event.button == 3:
                self.clear_selection()
        elif event.type == pygame.MOUSEWHEEL:
            if self._side_rect().collidepoint(self.mouse):
                self.log_scroll = max(0, self.log_scroll + (3 if event.y > 0 else -3))

    def _handle_modal(self, event: pygame.event.Event) -> None:
        yes = no = False
        if event.type == pygame.KEYDOWN:
            yes = event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)
            no = event.key == pygame.K_ESCAPE
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            for r, label in self.popup_buttons:
                if r.collidepoint(event.pos):
                    yes = label not in ("Cancel",)
                    no = label == "Cancel"
        if self.confirm is not None:
            if yes:
                order = self.confirm[3]
                self.confirm = None
                self.do(order)
            elif no:
                self.confirm = None
        elif self.popups and (yes or no):
            self.popups.pop(0)

    def _handle_key(self, event: pygame.event.Event) -> None:
        k, mods = event.key, event.mod
        ctrl = bool(mods & pygame.KMOD_CTRL)
        if k == pygame.K_ESCAPE:
            self.clear_selection()
        elif k in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_e) and not ctrl:
            if self.attack is not None:
                self.confirm_attack()
            else:
                self.end_phase()
        elif (k == pygame.K_z and ctrl) or k == pygame.K_u:
            self.undo()
        elif (k == pygame.K_s and ctrl) or k == pygame.K_F5:
            self.save()
        elif (k == pygame.K_o and ctrl) or k == pygame.K_F9:
            self.load()
        elif k == pygame.K_F10:
            self.report()
        elif k == pygame.K_TAB:
            self._next_unit()
        elif k == pygame.K_q:
            self.running = False

    def _next_unit(self) -> None:
        s = self.session
        if s is None or s.phase != "movement":
            return
        movers = s.state.group_keys()
        if not movers:
            return
        i = (movers.index(self.selected) + 1) % len(movers) if self.selected in movers else 0
        self.select(movers[i])
        self.camera.centre_on(self.reach_origin())

    def reach_origin(self) -> Hex:
        s = self.session
        assert s is not None and self.selected is not None
        return s.state.unit_hex(self.selected)

    def _hex_at(self, pos: tuple[int, int]) -> Hex | None:
        if not self.camera.viewport.collidepoint(pos):
            return None
        h = self.camera.screen_to_hex(*pos)
        return h if h in self.theatre else None

    def _click(self, pos: tuple[int, int]) -> None:
        for b in self.buttons:
            if b.hit(pos):
                self.press(b.id)
                return
        for r, oid in self.card_rects:
            if r.collidepoint(pos):
                self.pick_option(oid)
                return
        h = self._hex_at(pos)
        if h is not None:
            self.click_hex(h)

    def press(self, button: str) -> None:
        if button == "end":
            self.end_phase()
        elif button == "undo":
            self.undo()
        elif button == "save":
            self.save()
        elif button == "load":
            self.load()
        elif button == "console":
            self.console.toggle()
        elif button == "aar":
            self.report()
        elif button == "attack":
            self.confirm_attack()
        elif button == "cancel":
            self.clear_selection()

    def select(self, uid: str) -> None:
        s = self.session
        assert s is not None
        self.selected = uid
        self.reach = s.reachable_hexes(uid)
        self.rail_only = {h for h, a in self.reach.items() if isinstance(a, Rail)}
        self.attack = None
        self.say(f"{uid}: {len(self.reach)} hexes reachable" + (
            f" ({len(self.rail_only)} by rail)" if self.rail_only else "") + ". Click one to move.")

    def click_hex(self, h: Hex) -> None:
        """A click on the map: select, move, or build an attack, by phase."""
        s = self.session
        if s is None or s.is_over():
            return
        phase = s.phase
        here = [u for u in self.stacks().get(h, [])]
        side = s.side_to_act()
        if phase == "movement":
            if self.selected is not None and h in self.reach:
                self.do(self.reach[h])
                return
            own = [u.id for u in here if u.side == side and s.can_select(u.id)]
            if own:
                i = (own.index(self.selected) + 1) % len(own) if self.selected in own else 0
                self.select(own[i])
            else:
                self.clear_selection()
        elif phase == "combat":
            if self.attack is not None:
                if h == self.attack.target:
                    self.confirm_attack()
                    return
                mine = [u.id for u in here if u.side == side]
                if any(u in self.attack.possible for u in mine):
                    self.attack.toggle(mine)
                    return
            if h in s.attack_targets():
                self.attack = AttackDraft(h, s.possible_attackers(h))
                self.say(f"attack on {s.game.label(h)}: check the odds, then Enter or click the target again")
            else:
                self.attack = None
        elif phase == "decisions":
            self.say("Decisions phase: pick a card below, or End phase.")

    def confirm_attack(self) -> None:
        s = self.session
        if s is None or self.attack is None:
            return
        from ..actions import Attack
        self.do(Attack(self.attack.target, tuple(self.attack.chosen)))

    def pick_option(self, oid: str) -> None:
        s = self.session
        if s is None:
            return
        card = next((c for c in s.options_for() if c.id == oid), None)
        if card is None:
            return
        names = {t.id: t.name for t in s.tracks()}
        cost = ", ".join(f"{names.get(k, k)} {v:+d}" for k, v in card.cost) or "none"
        self.confirm = (card.name, [card.description, f"Cost: {cost}",
                                    f"Takes effect after {card.delay} turn{'s' if card.delay != 1 else ''}."],
                        "Take it", f"option {card.id}")

    # --- drawing -------------------------------------------------------------------------
    def draw(self) -> None:
        t0 = time.perf_counter()
        scr = self.screen
        if self.handover_to is not None and self.session is not None:
            s = self.session
            self.handover_button = draw_handover(scr, self.style, s.side_name(self.handover_to),
                                                 self._side_rgb(self.handover_to),
                                                 f"Turn {s.turn}/{s.turns_total}  {s.date_text()}", s.phase,
                                                 s.fog_of_war)
            self.frame_ms.append((time.perf_counter() - t0) * 1000)
            return
        self.layer.blit(scr, self.camera)
        self._draw_overlays()
        self._draw_units()
        self._draw_top()
        self._draw_side()
        self._draw_status()
        self.card_rects = []
        s = self.session
        if s is not None and s.phase == "decisions" and not s.is_over():
            names = {t.id: t.name for t in s.tracks()}
            self.card_rects = draw_cards(scr, self.camera.viewport.inflate(0, -30).move(0, -15), self.style,
                                         s.options_for(), names)
        if self.console.open:
            r = self.camera.viewport
            self.console.draw(scr, pygame.Rect(r.left + 10, r.top + 10, r.width - 20, min(330, r.height // 2)),
                              self.style)
        self.popup_buttons = []
        if self.confirm is not None:
            title, lines, yes, _ = self.confirm
            self.popup_buttons = draw_popup(scr, self.style, title, lines, (yes, "Cancel"))
        elif self.popups:
            title, lines = self.popups[0]
            more = f"  ({len(self.popups) - 1} more)" if len(self.popups) > 1 else ""
            self.popup_buttons = draw_popup(scr, self.style, title + more, lines, ("OK",))
        self.frame_ms.append((time.perf_counter() - t0) * 1000)

    def _side_rgb(self, side: str) -> tuple[int, ...]:
        colour = self.session.side_colour(side) if self.session else ""
        return self.style.side_colour(side, colour)

    def _hex_poly(self, layout: Layout, h: Hex, shrink: float = 1.0) -> list[tuple[float, float]]:
        cx, cy = layout.to_pixel(h)
        return [(cx + (x - cx) * shrink, cy + (y - cy) * shrink) for x, y in layout.corners(h)]

    def _draw_overlays(self) -> None:
        lay = self.camera.layout()
        scr = self.screen
        vp = self.camera.viewport
        ui = self.style.ui
        old = scr.get_clip()
        scr.set_clip(vp)
        if self.reach:
            over = pygame.Surface(vp.size, pygame.SRCALPHA)
            olay = Layout(lay.size, (lay.origin[0] - vp.x, lay.origin[1] - vp.y), True)
            reach_c = (*ui["reach"][:3], self.style.reach_alpha)
            rail_c = (60, 90, 200, self.style.reach_alpha)
            for h in self.reach:
                pygame.draw.polygon(over, rail_c if h in self.rail_only else reach_c, self._hex_poly(olay, h, 0.95))
            scr.blit(over, vp.topleft)
            edge = (10, 90, 30)
            origin = self.reach_origin() if self.selected is not None and self.session is not None \
                and self.selected in self.session.state.units else None
            for h in self.reach:  # outline the edge of the reachable area so it reads on any terrain
                for n in self.theatre.neighbors(h):
                    if n not in self.reach and n != origin:
                        a, b = lay.edge(h, n)
                        pygame.draw.line(scr, edge, a, b, 2)
            if self.hover in self.reach and self.selected is not None:
                pygame.draw.polygon(scr, ui["select"][:3], self._hex_poly(lay, self.hover), 3)
        s = self.session
        if s is not None and s.phase == "combat" and not s.is_over() and self.handover_to is None:
            for h in s.attack_targets():
                pygame.draw.polygon(scr, ui["attack"][:3], self._hex_poly(lay, h, 0.92), 3)
        if self.attack is not None:
            pygame.draw.polygon(scr, ui["attack"][:3], self._hex_poly(lay, self.attack.target), 5)
            tx, ty = lay.to_pixel(self.attack.target)
            for uid in self.attack.chosen:
                ux, uy = lay.to_pixel(s.state.unit_hex(uid)) if s else (tx, ty)
                pygame.draw.line(scr, ui["attack"][:3], (ux, uy), (tx, ty), 4)
        if self.hover is not None:
            pygame.draw.polygon(scr, ui["hover"][:3], self._hex_poly(lay, self.hover), 2)
        scr.set_clip(old)

    def looks_for(self, units: Sequence[UnitInfo]) -> list[CounterLook]:
        s = self.session
        phase = s.phase if s else ""
        out = []
        for u in units:
            spent = (phase == "movement" and u.moved) or (phase == "combat" and u.attacked)
            hostile = u.side not in self.style.friendly_sides
            out.append(CounterLook(tuple(self._side_rgb(u.side)[:3]), hostile, u.symbol, echelon_mark(u.size),  # type: ignore[arg-type]
                                   u.strength, u.steps, u.id, spent, self.style.hostile_frame == "diamond"))
        return out

    def _draw_units(self) -> None:
        stacks = self.stacks()
        if not stacks:
            return
        lay = self.camera.layout()
        vp = self.camera.viewport
        px = counter_px(self.camera.zoom)
        scr = self.screen
        old = scr.get_clip()
        scr.set_clip(vp)
        margin = px
        sel_hex = None
        for h in sorted(stacks):
            x, y = lay.to_pixel(h)
            if x < vp.left - margin or x > vp.right + margin or y < vp.top - margin or y > vp.bottom + margin:
                continue
            units = stacks[h]
            idx = -1
            if self.selected is not None:
                ids = [u.id for u in units]
                if self.selected in ids:
                    # the selected unit goes on top of its stack
                    units = sorted(units, key=lambda u: u.id != self.selected)
                    idx = 0
                    sel_hex = h
            chosen = self.attack.chosen if self.attack else []
            if chosen and any(u.id in chosen for u in units):
                idx = 0
            self.painter.draw_stack(scr, (x, y), self.looks_for(units), px,
                                    self.style.ui["select"] if idx >= 0 else None, idx)
        if sel_hex is None and self.selected is not None:
            self.clear_selection()
        scr.set_clip(old)

    def _draw_top(self) -> None:
        w, _ = self.screen.get_size()
        rect = pygame.Rect(0, 0, w, TOP_H)
        s = self.session
        if s is None:
            draw_top_bar(self.screen, rect, self.style, self.theatre.name, "map view", "map", "nobody",
                         (120, 120, 120), [])
            return
        side = s.side_to_act()
        draw_top_bar(self.screen, rect, self.style, s.scenario.title,
                     f"Turn {s.turn}/{s.turns_total}   {s.date_text()}",
                     "game over" if s.is_over() else s.phase, s.side_name(side),
                     self._side_rgb(side) if side else (120, 120, 120), s.tracks())

    def _draw_side(self) -> None:
        r = self._side_rect()
        scr = self.screen
        s = self.session
        hover_info: HexInfo | None = None
        if self.hover is not None:
            if s is not None:
                hover_info = s.hex_info(self.hover, self.viewer())
            else:
                hover_info = hex_info(self.theatre, self.hover)
        name = s.side_name if s is not None else (lambda x: x)
        hov = pygame.Rect(r.left, r.top, r.width, 230)
        draw_hover(scr, hov, self.style, hover_info, name,
                   self.theatre.hex_label(self.hover) if self.hover is not None else "")
        box = pygame.Rect(r.left, hov.bottom, r.width, 180)
        self.buttons = []
        if s is not None and self.attack is not None:
            y = panel(scr, box, self.style, f"Attack on {s.game.label(self.attack.target)}")
            dfd = [u.id for u in self.stacks().get(self.attack.target, [])]
            odds = s.odds_preview(self.attack.chosen, self.attack.target)
            for ln in odds_lines(odds, self.attack.chosen, dfd):
                for part in text.wrap(ln, 16, box.width - 16):
                    scr.blit(text.render(part, 16, self.style.ui["bad"] if ln.startswith("Not") else
                                         self.style.ui["text"]), (box.left + 8, y))
                    y += 16
            self.buttons.append(Button("attack", "Attack", pygame.Rect(box.left + 8, box.bottom - 34, 150, 28),
                                       odds.legal, "Enter"))
            self.buttons.append(Button("cancel", "Cancel", pygame.Rect(box.left + 166, box.bottom - 34, 150, 28),
                                       True, "Esc"))
        elif s is not None and self.selected is not None and self.selected in s.state.units:
            u = next((x for x in s.units() if x.id == self.selected), None)
            if u is not None:
                draw_unit_box(scr, box, self.style, u, name,
                              [("moves", f"{len(self.reach)} hexes ({len(self.rail_only)} by rail)")])
        else:
            y = panel(scr, box, self.style, "Orders")
            for ln in self._hints():
                for part in text.wrap(ln, 16, box.width - 16):
                    scr.blit(text.render(part, 16, self.style.ui["text_dim"]), (box.left + 8, y))
                    y += 16
        by = box.bottom + 6
        bw = (r.width - 8 * 4) // 3
        specs = [("end", "End phase", "Enter"), ("undo", "Undo", "U"), ("save", "Save", "F5"),
                 ("load", "Load", "F9"), ("console", "Console", "F1"), ("aar", "Report", "F10")]
        for i, (bid, label, hint) in enumerate(specs):
            rect = pygame.Rect(r.left + 8 + (i % 3) * (bw + 8), by + (i // 3) * 34, bw, 30)
            enabled = s is not None and (bid != "undo" or s.can_undo()) and (bid != "end" or not s.is_over())
            if bid == "console":
                enabled = True
            self.buttons.append(Button(bid, label, rect, enabled, hint))
        for b in self.buttons:
            b.draw(scr, self.style, b.rect.collidepoint(self.mouse))
        log_rect = pygame.Rect(r.left, by + 72, r.width, r.bottom - by - 72)
        lines = self._log_lines()
        draw_log(scr, log_rect, self.style, lines, self.log_scroll)

    def _hints(self) -> list[str]:
        s = self.session
        if s is None:
            return ["Map view: drag or arrow keys to pan, wheel or +/- to zoom.", "Point at a hex for details."]
        if s.is_over():
            return [s.outcome_text(), "F10 writes the after-action report."]
        ph = s.phase
        if ph == "movement":
            return ["Click one of your units to see where it can go (green; blue = by rail), then click a "
                    "hex to move. Tab: next unit.", "Enter ends the phase."]
        if ph == "combat":
            return ["Red outlines are enemy stacks you can attack. Click one to see the odds, "
                    "click your units to add or drop them, then Enter.", "Enter with nothing selected ends the phase."]
        if ph == "decisions":
            return ["Pick a card below (cost and delay are on it), or End phase to take none."]
        return [f"{ph} phase: the engine runs it. Enter to continue."]

    def _log_lines(self) -> list[str]:
        s = self.session
        if s is None:
            return ["No scenario loaded: map view only."]
        lines = [ln for ln in s.engine_log()]
        return lines + [f"[table] {x}" for x in s.ui_log[-20:]]

    def _draw_status(self) -> None:
        if not self.status:
            return
        vp = self.camera.viewport
        t = text.render(self.status, 18, self.style.ui["bad"] if self.status_bad else self.style.ui["text"])
        if t.get_width() > vp.width - 20:
            t = pygame.transform.smoothscale(t, (vp.width - 20, t.get_height()))
        bg = pygame.Rect(vp.left, vp.bottom - t.get_height() - 10, vp.width, t.get_height() + 10)
        pygame.draw.rect(self.screen, self.style.ui["panel"][:3], bg)
        self.screen.blit(t, (vp.left + 10, bg.top + 5))

    # --- loop -------------------------------------------------------------------------------
    def run(self, frames: int | None = None, screenshot: str | Path | None = None, fps: int = 60) -> int:
        """Play until quit (or for ``frames`` frames, headless); saves the last frame if asked."""
        n = 0
        while self.running and (frames is None or n < frames):
            for event in pygame.event.get():
                self.handle(event)
            self.draw()
            pygame.display.flip()
            self.clock.tick(fps if frames is None else 0)
            n += 1
        if screenshot:
            Path(screenshot).parent.mkdir(parents=True, exist_ok=True)
            pygame.image.save(self.screen, str(screenshot))
        return 0

    def frame_stats(self) -> tuple[float, float]:
        """(mean, worst) draw time in ms, without the first frame (which fills caches)."""
        xs = self.frame_ms[1:] or self.frame_ms or [0.0]
        return sum(xs) / len(xs), max(xs)


def event_popups(lines: Sequence[str]) -> list[tuple[str, list[str]]]:
    """Group the engine's new log lines into pop-ups: one per event, one for arrivals."""
    out: list[tuple[str, list[str]]] = []
    current: tuple[str, list[str]] | None = None
    arrivals: list[str] = []
    for ln in lines:
        s = ln.strip()
        if s.startswith("event ") and ":" in s:
            key, rest = s.split(":", 1)
            if current is None or current[0] != key:
                current = (key, [])
                out.append(current)
            current[1].append(rest.strip())
        elif s.startswith(("reinforcement:", "withdrawal:", "rotation ")) or s.endswith("takes effect"):
            arrivals.append(s)
        elif s.startswith("game over"):
            continue
    popups = [(f"Event: {lines_[0]}" if lines_ else key, lines_[1:] or [lines_[0] if lines_ else key])
              for key, lines_ in out]
    if arrivals:
        popups.append(("Arrivals and departures", arrivals))
    return popups


def open_app(scenario: str | None, load: str | None, seed: int, size: tuple[int, int],
             save_dir: str | Path = SAVE_DIR, initial_handover: bool = True) -> App:
    """Load everything before the window opens: errors go to the console, not a half window."""
    from .. import mapfile
    session: Session | None = Session.open(scenario, seed)
    if load:
        session.load(load)
    theatre = session.theatre if session is not None else mapfile.load()
    return App(theatre, session, size, save_dir=save_dir, initial_handover=initial_handover)

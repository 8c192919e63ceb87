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

from engine.core.actions import AIR_WORDS, Action, AirMission, Attack, ChooseOption, Rail, Ready, Strike
from engine.errors import EngineError
from engine.geo.hexgrid import Hex, Layout
from engine.geo.theatre import TheatreMap
from engine.ui import text
from engine.ui.camera import Camera
from engine.ui.console import Console
from engine.ui.counters import CounterLook, CounterPainter, counter_px, echelon_mark
from engine.ui.handover import draw_handover
from engine.ui.maplayer import MapLayer
from engine.ui import overlays
from engine.ui.panels import (
    Button,
    draw_cards,
    draw_tooltip,
    draw_hover,
    draw_log,
    draw_popup,
    draw_top_bar,
    draw_unit_box,
    odds_lines,
    panel,
)
from engine.ui.session import HexInfo, Session, UnitInfo, hex_info
from engine.ui.style import Style, load_style, parse_colour

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
        # operations: air phase mission being planned, a launcher's strike orders, the Orders list
        self.air_mission: str | None = None
        self.air_pts = 1
        self.strike_list: list[Strike] = []
        self.rail_via: dict[Hex, Hex] = {}
        self.order_actions: list[Action] = []
        self.orders_scroll = 0
        self.orders_rect = pygame.Rect(0, 0, 0, 0)
        self.show_cards = True
        self.show_legend = False
        self.base_rects: list[tuple[pygame.Rect, str]] = []
        self.drawn_unit_ids: list[str] = []  # units drawn in the last frame (tests check fog of war)
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
        self.rail_via = {}
        self.attack = None
        self.strike_list = []
        self.orders_scroll = 0

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
        from engine.ui.aar import write_report
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
            if self.orders_rect.collidepoint(self.mouse):
                self.orders_scroll = max(0, self.orders_scroll + (-2 if event.y > 0 else 2))
            elif self._side_rect().collidepoint(self.mouse):
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
        elif k == pygame.K_r and not ctrl:
            self.ready_selected()
        elif k == pygame.K_c and not ctrl:
            self.toggle_cards()
        elif k == pygame.K_l and not ctrl:
            self.show_legend = not self.show_legend
        elif k in (pygame.K_1, pygame.K_2, pygame.K_3) and self.session is not None and self.session.phase == "air":
            ms = self.session.air_missions_available()
            i = {pygame.K_1: 0, pygame.K_2: 1, pygame.K_3: 2}[k]
            order = [m for m in ("support", "interdiction", "strike") if m in ms]
            if i < len(order):
                self.choose_mission(order[i])
        elif k == pygame.K_RIGHTBRACKET:
            self.set_points(self.air_pts + 1)
        elif k == pygame.K_LEFTBRACKET:
            self.set_points(self.air_pts - 1)
        elif k == pygame.K_q:
            self.running = False

    def _next_unit(self) -> None:
        s = self.session
        if s is None:
            return
        if s.phase == "air":
            movers = s.launchers()
        elif s.phase == "decisions":
            movers = [u.id for u, ok, _ in s.alert_list() if ok]
        elif s.phase == "movement":
            movers = s.state.group_keys()
        else:
            return
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
        if self._side_rect().collidepoint(pos):
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
            self.air_mission = None
        elif button == "ready":
            self.ready_selected()
        elif button == "cards":
            self.toggle_cards()
        elif button == "legend":
            self.show_legend = not self.show_legend
        elif button.startswith("mission:"):
            self.choose_mission(button[8:])
        elif button == "pts+":
            self.set_points(self.air_pts + 1)
        elif button == "pts-":
            self.set_points(self.air_pts - 1)
        elif button.startswith("order:"):
            i = int(button[6:])
            if 0 <= i < len(self.order_actions):
                self.do(self.order_actions[i])

    # --- operations: readiness, air missions, missile strikes ------------------------------
    def toggle_cards(self) -> None:
        """Decision cards cover much of the map: C hides them (and their click areas) and shows them again."""
        self.show_cards = not self.show_cards
        if not self.show_cards:
            self.card_rects = []

    def ready_selected(self) -> None:
        """``ready <unit>`` for the selected unit (decisions phase)."""
        s = self.session
        if s is None or self.selected is None:
            self.say("Select one of your units first (decisions phase), then R or the Ready button.", bad=True)
            return
        self.do(Ready(self.selected))

    def choose_mission(self, mission: str | None) -> None:
        s = self.session
        if s is None or s.phase != "air":
            return
        self.air_mission = None if mission == self.air_mission else mission
        self.clear_selection()
        if self.air_mission:
            self.set_points(self.air_pts)
            self.say(f"air {AIR_WORDS.get(self.air_mission, self.air_mission)}: {self.air_pts} point(s) - "
                     f"click a target hex (highlighted ones are useful; dashed red = enemy air defence)")

    def set_points(self, n: int) -> None:
        s = self.session
        have = s.air_points() if s is not None else 0
        self.air_pts = max(1, min(max(1, have), n))

    def air_order(self, h: Hex) -> AirMission | None:
        return AirMission(self.air_mission, h, self.air_pts) if self.air_mission else None

    def plan_air(self, h: Hex) -> None:
        """Ask to confirm an air mission over ``h`` with the expected air-defence losses shown."""
        s = self.session
        order = self.air_order(h)
        if s is None or order is None:
            return
        why = s.why_illegal(order)
        if why is not None:
            self.say(f"{s.order_text(order)}: {why}", bad=True)
            return
        side = s.side_to_act() or ""
        losses = s.ad_preview(side, h, self.air_pts, self.viewer())
        lost = sum(n for _, n in losses)
        lines = [f"{self.air_pts} of your {s.air_points()} air points over {s.game.label(h)}."]
        if losses:
            lines.append("Known enemy air defence there would take " + ", ".join(
                f"{n} ({src.replace('base:', 'base ')})" for src, n in losses) + f": {self.air_pts - lost} get through.")
        else:
            lines.append("No known enemy air defence covers this hex.")
        self.confirm = (f"Air {AIR_WORDS.get(order.mission, order.mission)} mission", lines, "Fly", order)

    def plan_strike(self, h: Hex) -> None:
        s = self.session
        if s is None:
            return
        here = [a for a in self.strike_list if s.strike_target_hex(a) == h
                or (a.kind == "rail" and (a.a == h or a.b == h))]
        if not here:
            self.say("Not a target in range of this launcher: pick a highlighted hex, base or rail link.", bad=True)
            return
        if len(here) > 1:
            self.say(f"{len(here)} targets here: pick one in the Orders list.")
            self.strike_list = here + [a for a in self.strike_list if a not in here]
            return
        a = here[0]
        what = {"hex": f"the units at {s.game.label(a.a)}", "base": f"base {a.base}",
                "rail": f"the rail link {s.game.label(a.a)}-{s.game.label(a.b)}"}[a.kind]
        self.confirm = ("Missile strike", [f"{a.unit} fires at {what}.", "Dice are rolled by the engine and logged."],
                        "Fire", a)

    def select(self, uid: str) -> None:
        s = self.session
        assert s is not None
        self.selected = uid
        self.orders_scroll = 0
        self.attack = None
        if s.phase == "air":
            self.reach, self.rail_only, self.rail_via = {}, set(), {}
            self.strike_list = s.strike_orders(uid)
            self.air_mission = None
            self.say(f"{uid}: {len(self.strike_list)} targets in range - click one (or pick in the Orders list)."
                     if self.strike_list else f"{uid} has no strike to make now.")
            return
        if s.phase != "movement":
            self.reach, self.rail_only, self.rail_via = {}, set(), {}
            if s.phase == "decisions":
                why = s.why_illegal(Ready(uid))
                self.say(f"{uid}: press R (or Ready) to raise its readiness." if why is None else f"{uid}: {why}",
                         bad=why is not None)
            return
        self.reach = s.reachable_hexes(uid)
        self.rail_only = {h for h, a in self.reach.items() if isinstance(a, Rail)}
        self.rail_via = {h: v for h, v in s.rail_via(uid).items() if h in self.rail_only}
        self.say(f"{uid}: {len(self.reach)} hexes reachable" + (
            f" ({len(self.rail_only)} by rail, {len(self.rail_via)} after a gauge change)" if self.rail_only else "")
            + ". Click one to move.")

    def click_hex(self, h: Hex) -> None:
        """A click on the map: select, move, or build an attack, by phase."""
        s = self.session
        if s is None or s.is_over():
            return
        phase = s.phase
        here = [u for u in self.stacks().get(h, [])]
        side = s.side_to_act()
        if phase == "air":
            if self.air_mission is not None:
                self.plan_air(h)
                return
            if self.selected is not None and self.strike_list and not any(
                    u.id in s.launchers() for u in here if u.side == side):
                self.plan_strike(h)
                return
            own = [u.id for u in here if u.side == side and u.id in s.launchers()]
            if own:
                i = (own.index(self.selected) + 1) % len(own) if self.selected in own else 0
                self.select(own[i])
            elif self.selected is not None and self.strike_list:
                self.plan_strike(h)
            else:
                self.clear_selection()
                self.say("Air phase: choose a mission (1 support, 2 interdict, 3 strike) or click a missile launcher.")
            return
        if phase == "decisions":
            own = [u.id for u in here if u.side == side]
            if own:
                i = (own.index(self.selected) + 1) % len(own) if self.selected in own else 0
                self.select(own[i])
            else:
                self.clear_selection()
                self.say("Decisions phase: pick a card (C shows/hides them), or select a unit and press R to ready it.")
            return
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

    def confirm_attack(self) -> None:
        s = self.session
        if s is None or self.attack is None:
            return
        from engine.core.actions import Attack
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
            hs = self.session
            self.handover_button = draw_handover(scr, self.style, hs.side_name(self.handover_to),
                                                 self._side_rgb(self.handover_to),
                                                 f"Turn {hs.turn}/{hs.turns_total}  {hs.date_text()}", hs.phase,
                                                 hs.fog_of_war)
            self.frame_ms.append((time.perf_counter() - t0) * 1000)
            return
        s = self.session
        if s is not None and s.phase != "air":
            self.air_mission = None
        self.layer.blit(scr, self.camera)
        self._draw_overlays()
        self._draw_units()
        self._draw_top()
        self._draw_side()
        self.card_rects = []
        if s is not None and s.phase == "decisions" and not s.is_over() and self.show_cards:
            names = {t.id: t.name for t in s.tracks()}
            self.card_rects = draw_cards(scr, self.camera.viewport.inflate(0, -30).move(0, -15), self.style,
                                         s.options_for(), names)
        if self.show_legend:
            self._draw_legend()
        self._draw_status()
        for g, tr in getattr(self, "gauges", []):
            if g.collidepoint(self.mouse):
                marks = ", ".join(f"{k} {v}" for k, v in tr.thresholds)
                draw_tooltip(scr, self.style, self.mouse,
                             [f"{tr.name}: {tr.value} (range {tr.min}..{tr.max})"] + ([f"thresholds: {marks}"] if marks else []))
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
        s = self.session
        hover = self.hover
        if s is not None:
            overlays.draw_cut_links(scr, lay, s.cut_links())
            bases = s.bases()
            # radii of the base under the mouse, of the selected unit, and enemy air defence in the air phase
            bubbles = [bb for b in bases if b.hex == hover for bb in s.base_bubbles(b)]
            if self.selected is not None:
                u = next((x for x in self.stacks().get(self._selected_hex() or Hex(0, 0), []) if x.id == self.selected), None)
                if u is not None:
                    bubbles += s.unit_bubbles(u)
            elif hover is not None:
                for u in self.stacks().get(hover, []):
                    bubbles += [b for b in s.unit_bubbles(u) if b.kind != "range"]
            if s.phase == "air" and not s.is_over() and self.handover_to is None:
                side = s.side_to_act()
                bubbles = [b for b in bubbles if b.kind != "ad"] + s.ad_bubbles(side, self.viewer())
            overlays.draw_bubbles(scr, vp, lay, bubbles, filled=True)
            self.base_rects = overlays.draw_bases(scr, lay, bases, self._side_rgb)
            if s.phase == "air" and self.air_mission is not None:
                overlays.fill_hexes(scr, vp, lay, s.air_targets(self.air_mission), (255, 215, 0, 80), (200, 150, 0))
            if self.strike_list:
                for a in self.strike_list:
                    if a.kind == "rail":
                        overlays.draw_rail_target(scr, lay, a.a, a.b)
                hexes = sorted({s.strike_target_hex(a) for a in self.strike_list if a.kind == "hex"})
                overlays.fill_hexes(scr, vp, lay, hexes, (230, 40, 40, 70), ui["attack"][:3])
                for a in self.strike_list:
                    if a.kind == "base":
                        x, y = overlays.base_anchor(lay, s.strike_target_hex(a))
                        pygame.draw.circle(scr, (200, 0, 200), (x, y), max(9, round(lay.size * 0.6)), 3)
        if self.reach:
            over = pygame.Surface(vp.size, pygame.SRCALPHA)
            olay = Layout(lay.size, (lay.origin[0] - vp.x, lay.origin[1] - vp.y), True)
            reach_c = (*ui["reach"][:3], self.style.reach_alpha)
            rail_c = (60, 90, 200, self.style.reach_alpha)
            via_c = (150, 60, 200, self.style.reach_alpha)
            for h in self.reach:
                c = via_c if h in self.rail_via else rail_c if h in self.rail_only else reach_c
                pygame.draw.polygon(over, c, self._hex_poly(olay, h, 0.95))
            scr.blit(over, vp.topleft)
            edge = (10, 90, 30)
            origin = self.reach_origin() if self.selected is not None and self.session is not None \
                and self.selected in self.session.state.units else None
            for h in self.reach:  # outline the edge of the reachable area so it reads on any terrain
                for n in self.theatre.neighbors(h):
                    if n not in self.reach and n != origin:
                        a_, b_ = lay.edge(h, n)
                        pygame.draw.line(scr, edge, a_, b_, 2)
            if self.hover in self.reach and self.selected is not None:
                pygame.draw.polygon(scr, ui["select"][:3], self._hex_poly(lay, self.hover), 3)
                via = self.rail_via.get(self.hover)
                if via is not None and origin is not None:  # the train stops at the gauge change first
                    pa, pv, pd = lay.to_pixel(origin), lay.to_pixel(via), lay.to_pixel(self.hover)
                    pygame.draw.line(scr, (150, 60, 200), pa, pv, 3)
                    pygame.draw.line(scr, (150, 60, 200), pv, pd, 1)
                    pygame.draw.circle(scr, (255, 140, 0), (round(pv[0]), round(pv[1])), max(5, round(lay.size / 2)), 3)
        if s is not None and s.phase == "combat" and not s.is_over() and self.handover_to is None:
            for h in s.attack_targets():
                pygame.draw.polygon(scr, ui["attack"][:3], self._hex_poly(lay, h, 0.92), 3)
        if self.attack is not None:
            pygame.draw.polygon(scr, ui["attack"][:3], self._hex_poly(lay, self.attack.target), 5)
            tx, ty = lay.to_pixel(self.attack.target)
            for uid in self.attack.chosen:
                ux, uy = lay.to_pixel(s.state.unit_hex(uid)) if s else (tx, ty)
                pygame.draw.line(scr, ui["attack"][:3], (ux, uy), (tx, ty), 4)
        if s is not None:  # transshipping units: a dashed hint to where they go on
            for us in self.stacks().values():
                for u in us:
                    if u.transship_until and u.transship_to:
                        h2 = s.game.hex_of(u.transship_to)
                        if h2 is not None:
                            pygame.draw.line(scr, (255, 140, 0), lay.to_pixel(u.hex), lay.to_pixel(h2), 2)
        if self.hover is not None:
            pygame.draw.polygon(scr, ui["hover"][:3], self._hex_poly(lay, self.hover), 2)
        scr.set_clip(old)

    def _selected_hex(self) -> Hex | None:
        s = self.session
        if s is None or self.selected is None or self.selected not in s.state.units:
            return None
        return s.state.unit_hex(self.selected)

    def looks_for(self, units: Sequence[UnitInfo]) -> list[CounterLook]:
        s = self.session
        phase = s.phase if s else ""
        out = []
        top = max(1, len(s.readiness_states()) - 1) if s else 1
        for u in units:
            spent = (phase == "movement" and u.moved) or (phase == "combat" and u.attacked)
            hostile = u.side not in self.style.friendly_sides
            level = u.readiness_rank / top if u.readiness_rank >= 0 else -1.0
            out.append(CounterLook(tuple(self._side_rgb(u.side)[:3]), hostile, u.symbol, echelon_mark(u.size),  # type: ignore[arg-type]
                                   u.strength, u.steps, u.id, spent, self.style.hostile_frame == "diamond",
                                   u.readiness[:1].upper(), level, u.ready_in > 0, not u.supplied,
                                   u.transship_until > 0))
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
        drawn: list[str] = []
        for h in sorted(stacks):
            x, y = lay.to_pixel(h)
            if x < vp.left - margin or x > vp.right + margin or y < vp.top - margin or y > vp.bottom + margin:
                continue
            units = stacks[h]
            if self._has_label(h):  # keep the place name to the right of the dot readable
                x -= px * 0.42
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
            drawn.extend(u.id for u in units)
        self.drawn_unit_ids = sorted(drawn)
        if sel_hex is None and self.selected is not None:
            self.clear_selection()
        scr.set_clip(old)

    def _has_label(self, h: Hex) -> bool:
        """Does the map name a place at ``h`` at this zoom (same thresholds as the map layer)?"""
        z = self.camera.zoom
        min_pop = 300_000 if z < 5 else 100_000 if z < 9 else 30_000 if z < 16 else 8_000
        cache = self.__dict__.setdefault("_label_cache", {})
        hit = cache.get((h, min_pop))
        if hit is None:
            hit = any(p.population >= min_pop for p in self.theatre.places_at(h))
            cache[(h, min_pop)] = hit
        return hit

    def _draw_top(self) -> None:
        w, _ = self.screen.get_size()
        rect = pygame.Rect(0, 0, w, TOP_H)
        s = self.session
        if s is None:
            draw_top_bar(self.screen, rect, self.style, self.theatre.name, "map view", "map", "nobody",
                         (120, 120, 120), [])
            return
        side = s.side_to_act()
        self.gauges = draw_top_bar(self.screen, rect, self.style, s.scenario.title,
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
        hov = pygame.Rect(r.left, r.top, r.width, 178)
        draw_hover(scr, hov, self.style, hover_info, name,
                   self.theatre.hex_label(self.hover) if self.hover is not None else "",
                   self._hover_extra())
        box = pygame.Rect(r.left, hov.bottom, r.width, 300)
        self.buttons = []
        self._draw_context(box)
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
        for bt in self.buttons:
            if not bt.id.startswith("order:"):  # order rows are drawn by _orders_list
                bt.draw(scr, self.style, bt.rect.collidepoint(self.mouse))
        log_rect = pygame.Rect(r.left, by + 72, r.width, r.bottom - by - 72)
        draw_log(scr, log_rect, self.style, self._log_lines(), self.log_scroll)

    def _hover_extra(self) -> list[tuple[str, str]]:
        """Bases, cut links and unit states at the hovered hex (what the counters only hint at)."""
        s = self.session
        h = self.hover
        if s is None or h is None:
            return []
        rows: list[tuple[str, str]] = []
        for b in s.bases():
            if b.hex != h:
                continue
            eff = [f"{b.air_points} air pts" if b.air_points else "", f"radar {b.detection_range}" if b.detection_range else "",
                   f"EW {b.ew_shift:+d} r{b.ew_radius}" if b.ew_radius else "",
                   f"AD {b.air_defence} r{b.air_defence_radius}" if b.air_defence_radius else "",
                   "supply source" if b.supply_source else "",
                   f"readiness -{b.readiness_bonus}" if b.readiness_bonus else ""]
            state = "active" if b.active else (f"out of action until T{b.down_until}" if b.down_until else "inactive")
            stocks = ", ".join(f"{k} {v}" for k, v in b.stocks)
            rows.append(("base", f"{b.name} ({b.kind}, {s.side_name(b.side)}, {state}) "
                                 + "; ".join(x for x in eff if x) + (f"; stocks {stocks}" if stocks else "")))
        for c in s.cut_links():
            if h in (c.a, c.b):
                rows.append(("rail cut", f"{s.game.label(c.a)}-{s.game.label(c.b)} until T{c.until} ({c.reason})"))
        for u in self.stacks().get(h, []):
            st = [u.readiness + (f" (next in {u.ready_in})" if u.ready_in else "")]
            if not u.supplied:
                st.append("OUT OF SUPPLY" + (f" {u.oos_turns} turns" if u.oos_turns else ""))
            if u.transship_until:
                st.append(f"transshipping until T{u.transship_until} -> {u.transship_to}")
            rows.append((u.id[:10], ", ".join(st)))
        via = self.rail_via.get(h) if h in self.reach else None
        if via is not None:
            rows.append(("by rail", f"stops at {s.game.label(via)} to change gauge, "
                                    f"{s.transshipment_delay} turn(s)"))
        return rows

    def _draw_context(self, box: pygame.Rect) -> None:
        """The middle panel: what the player can do now, by phase and selection, with an Orders list."""
        scr = self.screen
        s = self.session
        ui = self.style.ui
        name = s.side_name if s is not None else (lambda x: x)

        def lines(y: int, rows: Sequence[str], col=None, size: int = 16) -> int:
            for ln in rows:
                for part in text.wrap(ln, size, box.width - 16):
                    scr.blit(text.render(part, size, col or ui["text"]), (box.left + 8, y))
                    y += size
            return y

        self.order_actions = []
        if s is None:
            y = panel(scr, box, self.style, "Orders")
            lines(y, self._hints(), ui["text_dim"])
            return
        if self.attack is not None:
            y = panel(scr, box, self.style, f"Attack on {s.game.label(self.attack.target)}")
            dfd = [u.id for u in self.stacks().get(self.attack.target, [])]
            odds = s.odds_preview(self.attack.chosen, self.attack.target)
            for ln in odds_lines(odds, self.attack.chosen, dfd):
                y = lines(y, [ln], ui["bad"] if ln.startswith("Not") else ui["text"])
            self.buttons.append(Button("attack", "Attack", pygame.Rect(box.left + 8, box.bottom - 34, 150, 28),
                                       odds.legal, "Enter"))
            self.buttons.append(Button("cancel", "Cancel", pygame.Rect(box.left + 166, box.bottom - 34, 150, 28),
                                       True, "Esc"))
            return
        phase = s.phase
        over = s.is_over()
        sel = None
        if self.selected is not None and self.selected in s.state.units:
            sel = next((x for x in self.stacks().get(self._selected_hex() or Hex(0, 0), []) if x.id == self.selected), None)
        if not over and phase == "air":
            y = panel(scr, box, self.style, f"Air phase - {s.air_points()} air points left")
            x = box.left + 8
            for i, m in enumerate([m for m in ("support", "interdiction", "strike") if m in s.air_missions_available()]):
                bt = Button(f"mission:{m}", AIR_WORDS.get(m, m).capitalize(), pygame.Rect(x, y, 98, 26),
                            s.air_points() > 0, str(i + 1))
                self.buttons.append(bt)
                if m == self.air_mission:
                    pygame.draw.rect(scr, ui["accent"][:3], bt.rect.inflate(4, 4), 2, border_radius=6)
                x += 106
            y += 32
            self.buttons.append(Button("pts-", "-", pygame.Rect(box.left + 8, y, 30, 24), self.air_pts > 1, ""))
            scr.blit(text.render(f"{self.air_pts} point{'s' if self.air_pts != 1 else ''} per mission  ([ ])", 16,
                                 ui["text"]), (box.left + 46, y + 4))
            self.buttons.append(Button("pts+", "+", pygame.Rect(box.left + 228, y, 30, 24),
                                       self.air_pts < s.air_points(), ""))
            y += 30
            bub = s.ad_bubbles(s.side_to_act(), self.viewer())
            info = [f"Known enemy air defence: {len(bub)} source{'s' if len(bub) != 1 else ''} (dashed red circles "
                    "absorb points flown into them)."]
            if self.air_mission:
                info.append("Click a target hex (yellow = useful targets).")
            elif sel is not None and self.strike_list:
                info.append(f"{sel.id}: click a target (red units, violet ring bases, orange rail links).")
            else:
                launch = s.launchers()
                info.append("Missile launchers ready: " + (", ".join(launch) if launch else "none") + ".")
            y = lines(y, info, ui["text_dim"], 15)
            if sel is not None:
                acts: list[Action] = list(self.strike_list)
            elif self.air_mission:
                acts = [a for a in self._all_orders() if isinstance(a, AirMission) and a.mission == self.air_mission]
            else:
                acts = self._all_orders()
            self._orders_list(pygame.Rect(box.left, y + 2, box.width, box.bottom - y - 4), acts)
            return
        if sel is not None:
            y = panel(scr, box, self.style, "Selected unit")
            st = sel.readiness + (f" (next state in {sel.ready_in} turns)" if sel.ready_in else "")
            rows = [f"{sel.id} - {sel.name}", f"{sel.type_name}",
                    f"{name(sel.side)}  {sel.strength}/{sel.steps} steps  A{sel.attack} D{sel.defence} M{sel.movement}",
                    f"readiness: {st}" + ("" if sel.supplied else "  OUT OF SUPPLY")]
            if sel.transship_until:
                rows.append(f"transshipping until turn {sel.transship_until}, then to {sel.transship_to}")
            if phase == "movement":
                rows.append(f"moves: {len(self.reach)} hexes ({len(self.rail_only)} by rail, "
                            f"{len(self.rail_via)} via gauge change)")
            y = lines(y, rows, None, 15)
            if phase == "decisions" and not over:
                ok = s.why_illegal(Ready(sel.id)) is None
                self.buttons.append(Button("ready", "Ready", pygame.Rect(box.left + 8, y + 2, 120, 26), ok, "R"))
                y += 32
            self._orders_list(pygame.Rect(box.left, y, box.width, box.bottom - y - 4), s.orders(sel.id))
            return
        if not over and phase == "decisions":
            y = panel(scr, box, self.style, "Decisions - readiness (alert list)")
            self.buttons.append(Button("cards", "Hide cards" if self.show_cards else "Show cards",
                                       pygame.Rect(box.left + 8, y, 150, 24), True, "C"))
            y += 28
            alert = s.alert_list()
            if not alert:
                y = lines(y, ["All your units are at full readiness."], ui["text_dim"], 15)
            acts = []
            notes: list[str] = []
            for u, ok, why in alert:
                if ok:
                    acts.append(Ready(u.id))
                else:
                    notes.append(f"{u.id}: {u.readiness}" + (f", next in {u.ready_in}" if u.ready_in else ""))
            if notes:
                y = lines(y, ["Raising: " + "; ".join(notes)], ui["text_dim"], 14)
            self._orders_list(pygame.Rect(box.left, y, box.width, box.bottom - y - 4), acts,
                              lambda a: self._ready_label(a))
            return
        y = panel(scr, box, self.style, "Orders")
        y = lines(y, self._hints(), ui["text_dim"], 15)
        if not over:
            self._orders_list(pygame.Rect(box.left, y + 2, box.width, box.bottom - y - 4), self._all_orders())

    def _all_orders(self) -> list[Action]:
        """Every legal order of the side to act (cached per position: the list can be long)."""
        s = self.session
        if s is None:
            return []
        key = (id(s.state), len(s.state.history), len(s.state.log))
        if getattr(self, "_orders_cache", (None,))[0] != key:
            self._orders_cache = (key, s.orders(None))
        return self._orders_cache[1]

    def _ready_label(self, a: Action) -> str:
        s = self.session
        assert s is not None
        u = next((x for x in s.units(None) if x.id == getattr(a, "unit", "")), None)
        if u is None:
            return s.order_text(a)
        states = s.readiness_states()
        nxt = states[u.readiness_rank + 1] if 0 <= u.readiness_rank < len(states) - 1 else "?"
        return f"ready {u.id}  ({u.readiness} -> {nxt})"

    def _orders_list(self, rect: pygame.Rect, acts: Sequence[Action], label=None) -> None:
        """Legal orders as text buttons (scroll with the wheel): every order kind is reachable here."""
        s = self.session
        if s is None or rect.height < 22:
            return
        self.orders_rect = rect
        acts = [a for a in acts if not isinstance(a, ChooseOption) or not self.show_cards] + \
            [a for a in acts if isinstance(a, ChooseOption) and self.show_cards]
        rows = max(1, (rect.height - 4) // 22)
        self.orders_scroll = max(0, min(self.orders_scroll, max(0, len(acts) - rows)))
        start = self.orders_scroll
        self.order_actions = list(acts)
        for k, a in enumerate(acts[start:start + rows]):
            i = start + k
            t = label(a) if label else self._order_label(a)
            bt = Button(f"order:{i}", "", pygame.Rect(rect.left + 8, rect.top + 2 + k * 22, rect.width - 16, 20))
            self.buttons.append(bt)
            hot = bt.rect.collidepoint(self.mouse)
            pygame.draw.rect(self.screen, self.style.ui["card"][:3], bt.rect, border_radius=4)
            pygame.draw.rect(self.screen, (self.style.ui["accent"] if hot else self.style.ui["card_edge"])[:3],
                             bt.rect, 1, border_radius=4)
            img = text.render(t, 15, self.style.ui["text"])
            if img.get_width() > bt.rect.width - 8:
                img = img.subsurface((0, 0, bt.rect.width - 8, img.get_height()))
            self.screen.blit(img, (bt.rect.left + 4, bt.rect.top + 3))
        if len(acts) > rows:
            more = text.render(f"{start + 1}-{min(len(acts), start + rows)} of {len(acts)} orders (wheel scrolls)",
                               13, self.style.ui["text_dim"])
            self.screen.blit(more, more.get_rect(bottomright=(rect.right - 8, rect.bottom + 2)))

    def _order_label(self, a: Action) -> str:
        s = self.session
        assert s is not None
        t = s.order_text(a)
        if isinstance(a, Rail) and self.rail_via.get(a.dst) is not None:
            t += f"  (gauge change at {s.game.label(self.rail_via[a.dst])})"
        return t

    def _draw_legend(self) -> None:
        vp = self.camera.viewport
        rows = overlays.legend_rows()
        w = 520
        r = pygame.Rect(vp.left + 10, vp.top + 10, w, 28 + 18 * len(rows))
        pygame.draw.rect(self.screen, self.style.ui["panel"][:3], r, border_radius=6)
        pygame.draw.rect(self.screen, self.style.ui["card_edge"][:3], r, 1, border_radius=6)
        self.screen.blit(text.render("LEGEND (L hides)", 15, self.style.ui["text_dim"], bold=True), (r.left + 8, r.top + 6))
        for i, (k, v) in enumerate(rows):
            y = r.top + 24 + i * 18
            self.screen.blit(text.render(k, 15, self.style.ui["accent"], bold=True), (r.left + 8, y))
            self.screen.blit(text.render(v, 15, self.style.ui["text"]), (r.left + 90, y))

    def _hints(self) -> list[str]:
        s = self.session
        if s is None:
            return ["Map view: drag or arrow keys to pan, wheel or +/- to zoom.", "Point at a hex for details."]
        if s.is_over():
            return [s.outcome_text(), "F10 writes the after-action report."]
        ph = s.phase
        if ph == "movement":
            return ["Click a unit: green = move, blue = rail, violet = rail with a gauge change. Tab: next unit. "
                    "Or pick an order below."]
        if ph == "combat":
            return ["Red outlines: enemy stacks you can attack. Click one for the odds, click your units to add or "
                    "drop them, then Enter. Or pick an order below."]
        if ph == "decisions":
            return ["Pick a card (C shows/hides them); select a unit and press R to ready it."]
        if ph == "air":
            return ["Choose a mission (1/2/3) and click a hex, or click a missile launcher."]
        return [f"{ph} phase: the engine runs it. Enter to continue."]

    def _log_lines(self) -> list[str]:
        s = self.session
        if s is None:
            return ["No scenario loaded: map view only."]
        lines = s.log_lines(self.viewer())
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
    from engine.geo import mapfile
    session: Session | None = Session.open(scenario, seed)
    if load and session is not None:
        session.load(load)
    theatre = session.theatre if session is not None else mapfile.load()
    return App(theatre, session, size, save_dir=save_dir, initial_handover=initial_handover)

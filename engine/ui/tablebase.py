"""The seminar table's shared state: window layout, who sees what, messages, the selection.

Every controller and painter of the table (commands, controls, mapview,
sidepanel, inputs) builds on :class:`TableBase`; ``App`` puts them together.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Callable, NamedTuple, Sequence

import pygame

from engine.core.actions import Action, Strike
from engine.errors import EngineError
from engine.geo.hexgrid import Hex
from engine.geo.theatre import TheatreMap
from engine.ui import autosave as auto, text
from engine.ui.camera import MapCamera
from engine.ui.console import Console
from engine.ui.counters import CounterPainter, counter_px
from engine.ui.drawer import drawer_height
from engine.ui.maplayer import MapLayer
from engine.ui.panels import TRACK_STRIP_H, Button
from engine.ui.session import Session, UnitInfo
from engine.ui.style import Style, load_style

TOP_H = 52
SIDE_W = 350
DEFAULT_SIZE = (1280, 800)
SAVE_DIR = Path("saves")
QUICKSAVE = "quicksave.json"


class Confirm(NamedTuple):
    """A question in a pop-up: ``action`` (an order, or a function) runs on yes, ``no_action`` on no."""

    title: str
    lines: list[str]
    yes: str
    action: Any
    no_action: Callable[[], None] | None = None
    no_label: str = "Cancel"
    delay: float = 0.0  # seconds before a key may answer yes (a click may answer at once)
    hides_map: bool = False  # asked over a blank screen (no side's view shows before a hand-over)


class Marker(NamedTuple):
    """A fight on the map: where, the result code, the turn, and the sides that may see it."""

    hex: Hex
    code: str
    turn: int
    sides: frozenset[str]


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


class TableBase:
    """Window state shared by the table's controllers and painters (set up once, here)."""

    def __init__(self, theatre: TheatreMap, session: Session | None = None, size: tuple[int, int] = DEFAULT_SIZE,
                 style: Style | None = None, save_dir: Path | str = SAVE_DIR, hotseat: bool = True,
                 initial_handover: bool = False, autosave: bool = True, scale: float | None = None) -> None:
        pygame.display.init()
        pygame.font.init()
        self.screen = pygame.display.get_surface()
        if self.screen is None or self.screen.get_size() != tuple(size):
            self.screen = pygame.display.set_mode(size, pygame.RESIZABLE)
        pygame.display.set_caption("Eastern Flank - seminar table")
        text.set_scale(scale if scale else text.auto_scale(self.screen.get_height()))
        self.theatre = theatre
        self.session = session
        self.style = style or load_style()
        self.save_dir = Path(save_dir)
        self.hotseat = hotseat
        self.clock = pygame.time.Clock()
        self.painter = CounterPainter()
        self.layer = MapLayer(theatre, self.style)
        self.camera = MapCamera(self._map_rect(), theatre.hexes())
        self.console = Console(self._console_command, self.viewer)  # it names only what the viewer sees
        self.running = True
        self.hover: Hex | None = None
        self.mouse = (0, 0)
        self.selected: str | None = None
        self.reach: dict[Hex, Action] = {}
        self.rail_only: set[Hex] = set()
        self.attack: AttackDraft | None = None
        self._confirm: Confirm | None = None
        self.popups: list[tuple[str, list[str]]] = []
        self.popup_buttons: list[tuple[pygame.Rect, str]] = []
        self.card_rects: list[tuple[pygame.Rect, str]] = []
        self.card_tips: list[tuple[pygame.Rect, list[str]]] = []
        self.card_scroll = 0
        self.buttons: list[Button] = []
        self.now: Callable[[], float] = time.monotonic  # tests replace the clock
        self._handover_to: str | None = None
        self.handover_since = 0.0
        self.handover_armed = False  # a mouse button went down on the hand-over button
        self.releasing: tuple[float, tuple[int, int]] | None = None  # (time, place) of the left release being handled
        self.handover_click: tuple[float, tuple[int, int]] | None = None  # the release that raised the hand-over
        self.modal_click: tuple[float, tuple[int, int]] | None = None  # the release that raised the pop-up on top
        self.button_click: tuple[float, tuple[int, int], str] | None = None  # the last click on an ONCE button
        self.handover_digest: list[str] = []
        self.handover_focus: Hex | None = None
        self.handover_button: pygame.Rect | None = None
        self.held: set[int] = set()  # keys down now (a held key's repeats are not new presses)
        self.autosave_error = ""  # the last autosave failure ("" once one succeeds)
        self.autosave_kind = ""  # its kind, without the file name: the pop-up comes once per kind
        self.focus_since = float("-inf")  # when the window last regained focus (see inputs.FOCUS_GRACE)
        self.confirm_since = 0.0
        self.god_view = False
        self.status = ""
        self.status_bad = False
        self.log_scroll = 0
        self.markers: list[Marker] = []
        self.frame_ms: list[float] = []
        self.frame_cpu_ms: list[float] = []
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
        self.show_score = False
        self.briefing_open = False  # the title and briefing screen covers the table
        self.briefing_button: pygame.Rect | None = None
        self.overlays_on: set[str] = set()  # supply, zoc, rail, ad, missiles
        self.report_view: tuple[list[str], list[tuple[str, pygame.Surface]], str] | None = None  # shown report
        self.report_scroll = 0
        self.report_button: pygame.Rect | None = None
        self.base_rects: list[tuple[pygame.Rect, str]] = []
        self.drawn_unit_ids: list[str] = []  # units drawn in the last frame (tests check fog of war)
        self._stack_cache: tuple[Any, dict[Hex, list[UnitInfo]]] | None = None
        # autosave folder of this game, and the position of the last explicit save or load ("unsaved orders")
        self.autosave_on = autosave
        self.game_dir: Path | None = None
        self.folder_claim: auto.Claim | None = None  # the lock on game_dir (autosave.claim)
        self.saved_hash = session.state_hash() if session is not None else ""
        self.saved_orders = len(session.state.history) if session is not None else 0
        self.autosaved: list[str] = list(session.state.history) if session is not None else []  # orders on disk
        self.autosave_tried: list[str] | None = None  # the orders whose autosave last failed
        self.crashes = 0
        self.too_small = False  # the last frame only asked for a larger window: clicks and keys are not acted on
        self._fit_initial()
        if initial_handover and session is not None and session.fog_of_war and not session.is_over():
            self.handover_to = session.side_to_act()
        pygame.key.set_repeat(250, 30)

    @property
    def confirm(self) -> Confirm | None:
        """The question on screen (None: none)."""
        return self._confirm

    @confirm.setter
    def confirm(self, c: Confirm | None) -> None:
        if c is not None and c is not self._confirm:
            self.confirm_since = self.now()
        self._confirm = c

    @property
    def handover_to(self) -> str | None:
        """The side the hand-over screen waits for (None: no hand-over screen)."""
        return self._handover_to

    @handover_to.setter
    def handover_to(self, side: str | None) -> None:
        if side is not None and side != self._handover_to:
            self.handover_since = self.now()
            self.handover_armed = False
            self.handover_click = getattr(self, "releasing", None)
            self.clear_selection()  # the last side's selection and status name its units: not for the next side
            self.status, self.status_bad = "", False
            if getattr(self, "god_view", False):  # the facilitator view never outlives the seat it was opened at
                self.god_view = False
                if self.session is not None:
                    self.session.ui_log.append(f"T{self.session.turn} facilitator view off (hand-over)")
            console = getattr(self, "console", None)
            if console is not None:  # the next side never finds the facilitator's console (and its output) open
                console.open = False
                if self.session is not None and self.session.fog_of_war:
                    console.output = [f"Facilitator console. (Output before the hand-over to "
                                      f"{self.session.side_name(side)} is cleared under fog of war.)"]
                    console.pending = None
            s = self.session
            self.handover_digest = s.digest(side) if s is not None else []
            if s is not None:
                s.mark_seen(side)
                seen = [m for m in self.markers if side in m.sides and m.turn >= s.turn - 1]
                self.handover_focus = seen[-1].hex if seen else None
        elif side is None and self._handover_to is not None and self.handover_focus is not None:
            self.camera.centre_on(self.handover_focus)  # the side taking the seat looks at the last fight first
            self.handover_focus = None
        self._handover_to = side

    def _console_command(self, word: str, arg: str) -> str:
        """The console's table commands (save, load, aar, view); :class:`Commands` implements them."""
        return f"unknown command {word}"

    # --- layout -------------------------------------------------------------------
    @property
    def top_h(self) -> int:
        return text.px(TOP_H)

    @property
    def strip_h(self) -> int:
        """The track strip under the top bar (none without tracks)."""
        s = self.session
        return text.px(TRACK_STRIP_H) if s is not None and s.scenario.tracks else 0

    @property
    def side_w(self) -> int:
        """The side panel: 350 px at scale 1, at most a third of the window."""
        return min(text.px(SIDE_W), self.screen.get_width() // 3)

    def _map_rect(self) -> pygame.Rect:
        w, h = self.screen.get_size()
        top = self.top_h + self.strip_h
        drawer = drawer_height() if self.drawer_open() else 0
        return pygame.Rect(0, top, w - self.side_w, h - top - drawer)

    def drawer_open(self) -> bool:
        """Decision cards are shown in their drawer (decisions phase, not hidden with C)."""
        s = getattr(self, "session", None)
        return bool(getattr(self, "show_cards", False) and s is not None and s.phase == "decisions"
                    and not s.is_over() and s.scenario.options)

    def _side_rect(self) -> pygame.Rect:
        w, h = self.screen.get_size()
        top = self.top_h + self.strip_h
        return pygame.Rect(w - self.side_w, top, self.side_w, h - top)

    def _fit_initial(self) -> None:
        """Open on the focus countries; on a large (projector) scale, zoom in until counters are 40 px."""
        focus = [h for h in self.theatre.hexes() if self.theatre.country.get(h) in self.style.focus_countries]
        self.camera.fit(focus or self.theatre.hexes(), margin=1.0)
        want = text.px(22)
        while counter_px(self.camera.zoom) < want and want >= 40 and self.camera.zoom_index < 7:
            self.camera.zoom_index += 1

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

    def clear_selection(self) -> None:
        self.selected = None
        self.reach = {}
        self.rail_only = set()
        self.rail_via = {}
        self.attack = None
        self.strike_list = []
        self.orders_scroll = 0

    def _side_rgb(self, side: str) -> tuple[int, ...]:
        colour = self.session.side_colour(side) if self.session else ""
        return self.style.side_colour(side, colour)

    def _selected_hex(self) -> Hex | None:
        s = self.session
        if s is None or self.selected is None or self.selected not in s.state.units:
            return None
        return s.state.unit_hex(self.selected)

    def reach_origin(self) -> Hex:
        s = self.session
        assert s is not None and self.selected is not None
        return s.state.unit_hex(self.selected)

    def _hex_at(self, pos: tuple[int, int]) -> Hex | None:
        if not self.camera.viewport.collidepoint(pos):
            return None
        h = self.camera.screen_to_hex(*pos)
        return h if h in self.theatre else None


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

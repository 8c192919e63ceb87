"""Which rule handles which order: the table the Game holds.

The State keeps the data and its primitives; it answers ``legal()``,
``why_illegal()``, ``apply_action()``, ``observation()`` and ``outcome()`` by
handing itself to this table (``state.game.dispatch``), so core imports no
rule and the rules never import the State back. One row per order kind: the
phase it belongs to (None: any phase), the rule's legality check and the
rule's effect.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Sequence

import attrs

from engine.core.actions import (
    Action,
    AirMission,
    Attack,
    Bombard,
    ChooseOption,
    End,
    Facilitator,
    FromBox,
    Move,
    Rail,
    Ready,
    Strike,
    ToBox,
)
from engine.core.grouped import GroupedOrders
from engine.core.state import Observation, Outcome, UnitView
from engine.errors import IllegalActionError
from engine.game import turns
from engine.rules import (air, combat, engagement, events, facilitator, fires, intel, movement, offmap, readiness,
                          strike, victory)

if TYPE_CHECKING:
    from engine.core.state import State


@attrs.frozen
class Row:
    """How one kind of order is checked and applied."""

    phase: str | None  # the phase it is given in; None: any phase
    why_illegal: Callable[["State", Any], "str | None"]
    apply: Callable[["State", Any], None]
    #: a quicker test with the same answer as ``why_illegal(...) is None`` (None: use why_illegal)
    is_legal: Callable[["State", Any], bool] | None = None


def _end(state: "State", a: End) -> None:
    turns.end_side_phase(state)


def _always(state: "State", a: Action) -> str | None:
    """``end`` is always legal while a side is to act (a named function, so a Game pickles)."""
    return None


def _option_why(state: "State", a: ChooseOption) -> str | None:
    return events.why_option_illegal(state, a.option)


def _option_apply(state: "State", a: ChooseOption) -> None:
    events.choose_option(state, a.option)


#: Order class -> its row. Checked in this order; the first matching class wins.
ORDERS: tuple[tuple[type, Row], ...] = (
    (End, Row(None, _always, _end)),
    (Facilitator, Row(None, facilitator.why_illegal, facilitator.apply)),
    (AirMission, Row(None, air.why_illegal, air.fly)),
    (Strike, Row(None, strike.why_illegal, strike.resolve)),
    (Move, Row("movement", movement.why_illegal, movement.apply_move, movement.is_legal)),
    (Rail, Row("movement", movement.why_illegal, movement.apply_move, movement.is_legal)),
    (ToBox, Row("movement", offmap.why_illegal_to, offmap.apply_to)),
    (FromBox, Row("movement", offmap.why_illegal_from, offmap.apply_from)),
    (Attack, Row("combat", combat.why_illegal, combat.resolve)),
    (Bombard, Row("combat", fires.why_illegal, fires.resolve)),
    (ChooseOption, Row("decisions", _option_why, _option_apply)),
    (Ready, Row("decisions", readiness.why_illegal, readiness.apply)),
)


class Dispatch:
    """The order table and the queries built on it; one per Game, stateless."""

    def __init__(self, rows: tuple[tuple[type, Row], ...] = ORDERS) -> None:
        self.rows = rows
        self._by_class: dict[type, Row] = {}

    def row(self, action: Action) -> Row | None:
        cls = type(action)
        hit = self._by_class.get(cls)
        if hit is None:
            hit = next((r for c, r in self.rows if isinstance(action, c)), None)
            if hit is not None:
                self._by_class[cls] = hit
        return hit

    # --- legality ----------------------------------------------------------
    @staticmethod
    def order(state: "State", action: Action | str) -> Action:
        """The order itself: text is read (IllegalActionError if it cannot be); anything else is a TypeError."""
        if isinstance(action, str):
            return Action.from_str(action, state.game)
        if not isinstance(action, Action):
            raise TypeError(f"an order is an Action or its text, not {type(action).__name__}")
        return action

    def why_illegal(self, state: "State", action: Action | str) -> str | None:
        if not isinstance(action, Action):  # order text (or a wrong type): read it; the hot path skips this
            try:
                action = self.order(state, action)
            except IllegalActionError as e:
                return str(e)
        if state.terminal:
            return "the game is over"
        row = self.row(action)
        if row is None:
            return f"orders of kind {action.KIND!r} are not handled by this engine yet"
        if row.phase is not None and state.phase != row.phase:
            return f"it is the {state.phase} phase, not {row.phase}"
        return row.why_illegal(state, action)

    def is_legal(self, state: "State", action: Action | str) -> bool:
        """``why_illegal(...) is None`` without composing the reason (a policy testing its plan)."""
        if not isinstance(action, Action):
            try:
                action = self.order(state, action)
            except IllegalActionError:
                return False
        if state.terminal:
            return False
        row = self.row(action)
        if row is None or (row.phase is not None and state.phase != row.phase):
            return False
        return row.why_illegal(state, action) is None if row.is_legal is None else row.is_legal(state, action)

    def apply(self, state: "State", action: Action | str) -> None:
        if not isinstance(action, Action):
            action = self.order(state, action)
        reason = self.why_illegal(state, action)
        text = action.to_str(state.game)
        if reason is not None:
            raise IllegalActionError(f"{text}: {reason}")
        side = "facilitator" if isinstance(action, Facilitator) else state.current_player()
        state.history.append(text)
        state.log.append(f"T{state.turn} {state.phase} {side}: {text}")
        row = self.row(action)
        assert row is not None
        row.apply(state, action)

    # --- groups of legal orders ---------------------------------------------
    def group_keys(self, state: "State") -> list[str]:
        if state.terminal:
            return []
        ph = state.phase
        if ph == "air":
            return air.group_keys(state) + strike.group_keys(state)
        if ph == "movement":
            return movement.movers(state) + offmap.group_keys(state)
        if ph == "combat":
            return [str(t) for t in combat.targets(state)] + fires.group_keys(state)
        if ph == "decisions":
            return events.available_options(state) + [f"ready:{u}" for u in readiness.candidates(state)]
        return []

    def group_actions(self, state: "State", key: str) -> list[Action]:
        ph = state.phase
        if key.startswith(air.GROUP):
            return list(air.actions(state, key))
        if key.startswith(strike.GROUP):
            return list(strike.actions(state, key))
        if key.startswith(offmap.GROUP):
            return offmap.actions(state, key)
        if ph == "movement":
            return movement.unit_actions(state, key)
        if key.startswith(fires.GROUP):
            return list(fires.actions(state, key))
        if ph == "combat":
            return combat.attack_actions(state, int(key))
        if ph == "decisions":
            if key.startswith("ready:"):
                return [Ready(key[6:])] if self.why_illegal(state, Ready(key[6:])) is None else []
            return [ChooseOption(key)] if key in events.available_options(state) else []
        return []

    def legal(self, state: "State") -> "LegalActions":
        return LegalActions(state, self)

    # --- views and outcome -----------------------------------------------------
    def observation(self, state: "State", side: str) -> Observation:
        """What ``side`` may know: fog of war filters units and control (engine/rules/intel.py)."""
        hexes = state.game.hexes
        visible = intel.visible_units(state, side)
        units = tuple(UnitView(u.id, u.type, u.side, u.name, hexes[u.pos], u.strength, u.readiness,
                               u.moved, u.attacked, u.supplied)
                      for u in (state.units[k] for k in visible))
        return Observation(
            side=side, turn=state.turn, phase=state.phase, to_act=state.current_player(), units=units,
            control=tuple((hexes[i], s) for i, s in intel.visible_control(state, side)),
            tracks=tuple(sorted(state.tracks.items())), air_points=state.air_points.get(side, 0),
            options_taken=tuple(o for o, _ in state.options_taken if _option_side(state, o) == side),
            terminal=state.terminal, engaged=engagement.engaged(state), offmap=offmap.offmap_view(state, side))

    def outcome(self, state: "State") -> Outcome | None:
        return victory.outcome(state) if state.terminal else None

    def begin(self, state: "State") -> None:
        """Run the first turn's start and the automatic phases up to the first decision."""
        turns.begin_game(state)


def _option_side(state: "State", oid: str) -> str:
    opt = state.game.options.get(oid)
    return opt.side if opt is not None else ""


class LegalActions(GroupedOrders):
    """Legal actions grouped by unit (movement), target (combat) or option.

    A Sequence (sorted, complete, materialised on first index/len), plus
    ``groups`` and ``actions_of(key)`` so a policy can pick a group first
    and compute only that group's actions: this is what keeps random
    playouts fast.
    """

    def __init__(self, state: "State", dispatch: Dispatch | None = None) -> None:
        self.state = state
        self.dispatch = dispatch if dispatch is not None else state.game.dispatch
        self.groups: list[str] = self.dispatch.group_keys(state) if not state.terminal else []
        self._cache: dict[str, list[Action]] = {}
        self._orders: dict[str, Any] = {}  # movement groups, unmade (movement.UnitOrders)
        self._all: list[Action] | None = None

    def actions_of(self, key: str) -> list[Action]:
        acts = self._cache.get(key)
        if acts is None:
            orders = self._orders.get(key)
            acts = orders.to_list() if orders is not None else self.dispatch.group_actions(self.state, key)
            self._cache[key] = acts
        return acts

    def orders_of(self, key: str) -> Sequence[Action]:
        """The actions of a group as a Sequence that makes an order only when it is indexed.

        Same orders in the same order as :meth:`actions_of`; a policy that
        picks one order of a group (the random policy) uses this.
        """
        acts = self._cache.get(key)
        if acts is not None:
            return acts
        orders = self._orders.get(key)
        if orders is None:
            if key.startswith(air.GROUP):
                orders = air.orders(self.state, key)
            elif self.state.phase == "movement" and not key.startswith((strike.GROUP, offmap.GROUP)):
                orders = movement.unit_orders(self.state, key)
            else:
                return self.actions_of(key)
            self._orders[key] = orders
        return orders

    @property
    def has_end(self) -> bool:
        return not self.state.terminal

    def __contains__(self, a: object) -> bool:
        return isinstance(a, Action) and self.dispatch.is_legal(self.state, a)

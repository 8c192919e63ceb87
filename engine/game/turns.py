"""The turn sequence: phases from the scenario, sides in initiative order.

Player phases (decisions, movement, combat) wait for each side's orders until
it plays ``end``; a side with nothing it could do is skipped. Automatic
phases (events, logistics, end) run their hooks at once. The hooks are plain
functions listed in :func:`default_hooks`; the operations issue (supply,
rail, readiness, air, fog of war) adds its functions there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from engine.rules import air, clock, cutoff, friction, offmap, rail, readiness, strike, supply
from engine.rules.clock import share
from engine.rules.events import (apply_rotations, apply_schedule, fire_events, fire_events_if_no_phase,
                                 land_options)

if TYPE_CHECKING:
    from engine.core.state import State

Hook = Callable[["State"], None]


# --- hooks -----------------------------------------------------------------

def reset_turn_counters(state: "State") -> None:
    """Rail capacity and air points come back each turn."""
    g = state.game
    for s in g.side_ids:
        state.rail_used[s] = 0
        pts = g.rules.air.base_points.get(s, 0)
        for b in g.scenario.bases:
            if b.side == s and state.base_active.get(b.id):
                pts += b.effects.air_points
        state.air_points[s] = share(g, pts, state.turn)  # sorties per day cut to the turn (rules/clock.py)


def update_supply(state: "State") -> None:
    """Logistics phase: occupiers wreck rail links, then supply is traced and stocks drawn, then
    bypassed, cut-off places pass to the enemy (engine/rules/cutoff.py)."""
    rail.occupation_cuts(state)
    supply.update(state)
    cutoff.update(state)


def update_readiness(state: "State") -> None:
    """Logistics phase: readiness transitions count down (engine/rules/readiness.py)."""
    readiness.update(state)


def update_obstacles(state: "State") -> None:
    """Logistics phase: obstacles cleared and laid (engine/rules/friction.py)."""
    friction.update(state)


def default_hooks() -> dict[str, tuple[Hook, ...]]:
    """Functions run at the start of each turn and in each automatic phase, in order."""
    return {
        "turn_start": (air.new_turn, strike.new_turn, friction.new_turn, reset_turn_counters, rail.repair_links, rail.continue_transshipments, offmap.arrivals, apply_schedule,
                       apply_rotations, land_options, fire_events_if_no_phase, supply.start_of_game,
                       friction.start_of_game),
        "events": (fire_events,),
        "logistics": (update_supply, update_readiness, update_obstacles),
        "end": (),
    }


# --- sequence -------------------------------------------------------------------------

def _run(state: "State", hook_name: str) -> None:
    for fn in state.game.hooks.get(hook_name, ()):
        if state.terminal:
            return
        fn(state)


def begin_game(state: "State") -> None:
    _run(state, "turn_start")
    _enter_phase(state)
    advance(state)


def _enter_phase(state: "State") -> None:
    state.side_idx = 0
    ph = state.phase
    if ph == "movement":
        for u in state.units.values():
            u.moved = False
    elif ph == "combat":
        for u in state.units.values():
            u.attacked = False
        state.attacked_hexes = []
    elif ph == "decisions":
        state.chosen_this_phase = []


def _next_phase(state: "State") -> None:
    g = state.game
    state.phase_idx += 1
    if state.phase_idx >= len(g.phases):
        if state.turn >= g.scenario.turns:
            state.terminal = True
            state.end_reason = f"turn limit ({g.scenario.turns}) reached"
            state.phase_idx = len(g.phases) - 1
            state.log.append(f"game over: {state.end_reason}")
            return
        state.turn += 1
        state.phase_idx = 0
        state.log.append(f"turn {state.turn} ({clock.clock_of(g, state.turn):%Y-%m-%d %H:%M})")
        _run(state, "turn_start")
        if state.terminal:
            return
    _enter_phase(state)


def advance(state: "State") -> None:
    """Run automatic phases and skip sides with nothing to do, until a side must act."""
    g = state.game
    while not state.terminal:
        ph = state.phase
        if ph in g.automatic_phases:
            _run(state, ph)
            if state.terminal:
                return
            _next_phase(state)
            continue
        if state.side_idx >= len(g.initiative):
            _next_phase(state)
            continue
        if state.group_keys():
            return
        state.side_idx += 1


def end_side_phase(state: "State") -> None:
    """``end``: the acting side is done with this phase."""
    state.side_idx += 1
    advance(state)

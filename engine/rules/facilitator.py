"""Facilitator overrides: orders that act out of turn, against the rules, with a reason.

``facilitator event ID -- why`` fires a scenario event's effects now (and
counts it as fired, so a ``once`` event will not fire again on its own);
``track ID VALUE`` sets a track, clamped to its range; ``place UNIT HEX``
moves a unit to any land hex free of enemy units and below the stacking
limit; ``add TYPE SIDE HEX ID`` puts a new full-strength unit of the side's
first nation there, in the most ready readiness state (its id must be new:
not one the scenario uses anywhere, off-map or destroyed); ``remove UNIT`` takes
a unit off the map (not counted as destroyed); ``stop`` ends the game now, scored by the victory
points as at its last turn (the seminar's time is up; the after-action report follows).

They go through ``State.apply_action`` like any order, so they are checked
(``why_illegal``, with did-you-mean for unknown ids), logged with the reason,
kept in the history (saved, replayed, undone), but they never change whose
turn it is, and ``legal_actions`` never lists them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.core.actions import FacAdd, FacEvent, Facilitator, FacPlace, FacRemove, FacStop, FacTrack
from engine.errors import did_you_mean
from engine.scenario.model import UnitSpec
from engine.rules import events

if TYPE_CHECKING:
    from engine.core.state import State


def _where(state: "State", h, side: str, what: str) -> str | None:
    """Why a unit of ``side`` may not be put at hex ``h`` (None if it may)."""
    g = state.game
    i = g.index.get(h)
    name = g.label(h)
    if i is None:
        return f"{name} is off the map"
    if not g.land[i]:
        return f"{name} is {g.terrain[i]}, units stay on land"
    if state.enemy_at(i, side):
        return f"{name} holds enemy units ({what} there would share a hex with them)"
    limit = g.rules.movement.stacking_limit
    if state.side_count_at(i, side) >= limit:
        return f"{name} already holds {limit} {side} units (stacking limit)"
    return None


def _hint(word: str, ids: list[str], what: str) -> str:
    return did_you_mean(word, ids) or f" ({what}: {', '.join(ids) or 'none'})"


def why_illegal(state: "State", a: Facilitator) -> str | None:
    g = state.game
    if not a.reason.strip():
        return "a facilitator override needs a reason"
    if isinstance(a, FacEvent):
        ids = [e.id for e in g.scenario.events]
        if a.event not in ids:
            return f"there is no event {a.event!r}{_hint(a.event, ids, 'events')}"
        return None
    if isinstance(a, FacTrack):
        if a.track not in g.tracks:
            return f"there is no track {a.track!r}{_hint(a.track, sorted(g.tracks), 'tracks')}"
        return None
    if isinstance(a, FacPlace):
        u = state.units.get(a.unit)
        if u is None:
            return f"there is no unit {a.unit!r} on the map{did_you_mean(a.unit, sorted(state.units))}"
        if g.index.get(a.hex) == u.pos:
            return f"{a.unit} is already at {g.label(a.hex)}"
        return _where(state, a.hex, u.side, a.unit)
    if isinstance(a, FacAdd):
        if a.type not in g.unit_types:
            return f"there is no unit type {a.type!r}{did_you_mean(a.type, sorted(g.unit_types))}"
        if a.side not in g.side_ids:
            return f"there is no side {a.side!r} (sides: {', '.join(g.side_ids)}){did_you_mean(a.side, g.side_ids)}"
        if a.unit in state.units:
            return f"unit id {a.unit!r} is already on the map"
        if a.unit in state.offmap:
            return f"unit id {a.unit!r} is already in play, in the off-map box {state.offmap[a.unit][0]!r}"
        if a.unit in g.scenario_unit_sides:
            return f"unit id {a.unit!r} belongs to a unit of the scenario (it may arrive or come back later)"
        if any(d[0] == a.unit for d in state.destroyed):
            return f"unit id {a.unit!r} is a destroyed unit's (the after-action report counts it)"
        return _where(state, a.hex, a.side, a.unit)
    if isinstance(a, FacRemove):
        if a.unit not in state.units:
            return f"there is no unit {a.unit!r} on the map{did_you_mean(a.unit, sorted(state.units))}"
        return None
    if isinstance(a, FacStop):
        return None  # after the game is over no order is taken (dispatch), this one neither
    return f"unknown facilitator command {a.command(None)!r}"


def apply(state: "State", a: Facilitator) -> None:
    """Carry out a checked override; the caller has logged the order with its reason."""
    g = state.game
    src = "facilitator"
    if isinstance(a, FacEvent):
        ev = next(e for e in g.scenario.events if e.id == a.event)
        state.events_fired[ev.id] = state.events_fired.get(ev.id, 0) + 1
        state.log.append(f"  {src}: event {ev.id}: {ev.name or ev.id}")
        for eff in ev.effects:
            events.apply_effect(state, eff, f"event {ev.id}")
    elif isinstance(a, FacTrack):
        old = state.tracks.get(a.track, g.tracks[a.track].initial)
        events.set_track(state, a.track, a.value)
        state.log.append(f"  {src}: {a.track} {old} -> {state.tracks[a.track]}")
    elif isinstance(a, FacPlace):
        u = state.units[a.unit]
        state.relocate(u, g.index[a.hex])
        state.log.append(f"  {src}: {u.id} placed at {g.label(a.hex)}")
    elif isinstance(a, FacAdd):
        side = g.scenario.side(a.side)
        states = [r for r in g.rules.readiness.states if not r.held]  # the top of the ladder, not 'restrained'
        spec = UnitSpec(a.unit, a.type, a.side, side.nations[0] if side.nations else "", a.unit, a.hex,
                        states[-1].id if states else "", g.unit_types[a.type].steps)
        if state.place_unit(spec) is not None:
            i = g.index[a.hex]
            if i in g.tracked and a.type in g.takes_control:  # as a move or a placement: rules.movement.control_needs_manoeuvre
                state.control[i] = a.side
            state.log.append(f"  {src}: {a.unit} ({g.unit_types[a.type].name}) added at {g.label(a.hex)}")
    elif isinstance(a, FacRemove):
        state.remove_unit(a.unit)
        state.log.append(f"  {src}: {a.unit} removed")
    elif isinstance(a, FacStop):
        state.terminal = True
        state.end_reason = f"stopped by the facilitator on turn {state.turn}: {a.reason}"
        state.log.append(f"game over: {state.end_reason}")
    if state.terminal and not state.end_reason:
        state.end_reason = "ended by the facilitator"

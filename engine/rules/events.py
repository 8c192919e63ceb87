"""Events, options and tracks: the crisis layer's mechanisms.

Scheduled reinforcements and withdrawals, rotations, option cards (their
costs, prerequisites, delays and effects), events with triggers, and the
effects they all apply. Plain functions over the State; the turn sequence
(engine/game/turns.py) calls them as hooks, and facilitator orders reuse the
same effects.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.errors import did_you_mean
from engine.scenario.model import (
    AddUnit,
    ChangeCommand,
    SetReadiness,
    ChangeTrack,
    EnableOption,
    EndGame,
    EstablishBase,
    Message,
    MoveUnit,
    RemoveUnit,
    Trigger,
)
from engine.rules import placement, readiness
from engine.rules.victory import condition_holds

if TYPE_CHECKING:
    from engine.core.state import State


# --- arrivals and departures ------------------------------------------------------

def apply_schedule(state: "State") -> None:
    """Reinforcements and withdrawals due this turn, in scenario order."""
    for e in state.game.scenario.schedule:
        if e.turn != state.turn:
            continue
        if e.kind == "add" and e.unit is not None:
            u = placement.arrive(state, e.unit, "reinforcement")
            if u is not None:
                state.log.append(f"  reinforcement: {e.unit.id} arrives at {state.game.label(state.game.hexes[u.pos])}")
                readiness.on_arrival(state, u, "reinforcement")
        elif e.kind == "remove" and e.unit_id in state.units:
            state.remove_unit(e.unit_id)
            state.log.append(f"  withdrawal: {e.unit_id} leaves the theatre")


def arrives_on(rot, turn: int) -> bool:
    """Whether one of the rotation's arrivals falls on ``turn`` (arithmetic, never a list of every
    arrival: the count is read from the scenario)."""
    d = turn - rot.arrive
    if d < 0:
        return False
    if rot.repeat_every <= 0:
        return d == 0
    return d % rot.repeat_every == 0 and d // rot.repeat_every < max(1, rot.count)


def apply_rotations(state: "State") -> None:
    """Rotational units arrive at their base and leave after their stay."""
    for rot in state.game.scenario.rotations:
        for t in (state.turn - rot.stay, state.turn):  # an arrival that leaves now; one that arrives now
            if not arrives_on(rot, t):
                continue
            if state.turn == t + rot.stay and rot.unit.id in state.units:
                state.remove_unit(rot.unit.id)
                state.log.append(f"  rotation {rot.id}: {rot.unit.id} leaves {rot.base}")
            if state.turn == t and (rot.base not in state.base_active or state.base_active[rot.base]):
                u = placement.arrive(state, rot.unit, f"rotation {rot.id}")
                if u is not None:
                    state.log.append(f"  rotation {rot.id}: {rot.unit.id} arrives at {rot.base}")
                    readiness.on_arrival(state, u, "rotation")


def land_options(state: "State") -> None:
    """Options chosen with a delay take effect on their arrival turn."""
    due = [p for p in state.options_pending if p[0] <= state.turn]
    state.options_pending = [p for p in state.options_pending if p[0] > state.turn]
    for _, oid in due:
        opt = state.game.options[oid]
        state.log.append(f"  option {oid} takes effect")
        for eff in opt.effects:
            apply_effect(state, eff, f"option {oid}")


def fire_events(state: "State") -> None:
    """Events whose trigger holds fire in scenario order; ``once`` events only once. An event with a
    ``chance`` below 1 fires only if the seeded die says so (one draw each time its trigger holds)."""
    for ev in state.game.scenario.events:
        if state.terminal:
            return
        if ev.once and state.events_fired.get(ev.id, 0):
            continue
        if trigger_holds(state, ev.trigger):
            if ev.chance < 1.0 and not state.rng.random() < ev.chance:
                state.log.append(f"  event {ev.id}: did not happen (chance {ev.chance:.2f})")
                continue
            state.events_fired[ev.id] = state.events_fired.get(ev.id, 0) + 1
            state.log.append(f"  event {ev.id}: {ev.name}")
            for eff in ev.effects:
                apply_effect(state, eff, f"event {ev.id}")


def fire_events_if_no_phase(state: "State") -> None:
    if "events" not in state.game.phases:
        fire_events(state)



# --- triggers and effects ---------------------------------------------------------

def trigger_holds(state: "State", t: Trigger) -> bool:
    g = state.game
    k = t.kind
    if k == "turn":
        if t.every > 0:
            return state.turn >= t.turn and (state.turn - t.turn) % t.every == 0
        return state.turn == t.turn
    if k == "track":
        return t.condition is not None and condition_holds(state, t.condition)
    if k == "option":
        return any(o == t.ref for o, _ in state.options_taken)
    if k == "base":
        return bool(state.base_active.get(t.ref))
    if k == "destroyed":
        return any((uid == t.ref) if t.ref else (side == t.side) for uid, side, _ in state.destroyed)
    if k == "enters":
        want = {g.index[h] for h in t.hexes if h in g.index}
        for u in state.units.values():
            if t.side and u.side != t.side:
                continue
            if u.pos in want or (t.country and g.country[u.pos] == t.country):
                return True
        return False
    if k == "all":
        return all(trigger_holds(state, p) for p in t.parts)
    if k == "any":
        return any(trigger_holds(state, p) for p in t.parts)
    return False


def set_track(state: "State", tid: str, value: int) -> None:
    tr = state.game.tracks.get(tid)
    if tr is None:
        return
    state.tracks[tid] = max(tr.min, min(tr.max, value))


def apply_effect(state: "State", eff, source: str) -> None:
    g = state.game
    if isinstance(eff, AddUnit):
        u = placement.arrive(state, eff.unit, source)
        if u is not None:
            state.log.append(f"  {source}: {eff.unit.id} placed at {g.label(g.hexes[u.pos])}")
            readiness.on_arrival(state, u, "reinforcement")
    elif isinstance(eff, RemoveUnit):
        if eff.unit_id in state.units:
            state.remove_unit(eff.unit_id)
            state.log.append(f"  {source}: {eff.unit_id} removed")
        elif eff.unit_id in state.offmap:  # withdrawn from its box too, or it would come back later
            where = _off_map_words(state, eff.unit_id)
            state.drop_off_map(eff.unit_id)
            state.log.append(f"  {source}: {eff.unit_id} removed ({where})")
    elif isinstance(eff, MoveUnit):
        u = state.units.get(eff.unit_id)
        i = g.index.get(eff.to)
        if u is not None and i is not None and placement.shift(state, u, i, source):
            state.log.append(f"  {source}: {u.id} moved to {g.label(g.hexes[u.pos])}")
        elif u is None and eff.unit_id in state.offmap:  # a box's unit comes back by its own orders
            state.log.append(f"  {source}: {eff.unit_id} is not moved: it is {_off_map_words(state, eff.unit_id)}")
    elif isinstance(eff, ChangeTrack):
        if eff.track in state.tracks:
            old = state.tracks[eff.track]
            delta = eff.delta if eff.delta_max is None else state.rng.randint(eff.delta, eff.delta_max)
            set_track(state, eff.track, eff.set_to if eff.set_to is not None else old + delta)
            drawn = "" if eff.delta_max is None else f" (drew {delta:+d} from {eff.delta}..{eff.delta_max})"
            state.log.append(f"  {source}: {eff.track} {old} -> {state.tracks[eff.track]}{drawn}")
    elif isinstance(eff, EnableOption):
        state.options_enabled[eff.option] = eff.enabled
        state.log.append(f"  {source}: option {eff.option} {'enabled' if eff.enabled else 'disabled'}")
    elif isinstance(eff, EstablishBase):
        state.base_active[eff.base] = eff.established
        state.log.append(f"  {source}: base {eff.base} {'established' if eff.established else 'closed'}")
    elif isinstance(eff, Message):
        state.log.append(f"  {source}: {eff.text}")
    elif isinstance(eff, ChangeCommand):
        units = [u for u in _effect_units(state, eff.unit_id, eff.nation, "") if u.side != eff.side]
        passing = {u.id for u in units}
        for u in units:
            _change_command(state, u, eff.side, passing, source)
        _change_command_off_map(state, eff, source)
    elif isinstance(eff, SetReadiness):  # a unit off the map comes back in the state it was put in
        for u in _effect_units(state, eff.unit_id, eff.nation, eff.side) + _off_map_units(
                state, eff.unit_id, eff.nation, eff.side):
            readiness.set_state(state, u, eff.state, source)
    elif isinstance(eff, EndGame):
        state.terminal = True
        state.forced_winner = eff.winner if eff.winner != "draw" else ""
        state.end_reason = eff.reason
        state.log.append(f"  {source}: game ends ({eff.reason})")


def _change_command(state: "State", u, side: str, passing: set[str], source: str) -> None:
    """``u`` passes to ``side``. A hex never holds two sides: if units that stay under another command
    share its hex (a Belarusian brigade stacked with a Russian one), it leaves for the nearest hex with
    room by the placement rule (rules/placement.py); with none it keeps its command, and the log says so."""
    g = state.game
    stay = [k for k in state.hex_units.get(u.pos, ()) if k not in passing and state.units[k].side != side]
    where = u.pos
    if stay:
        where = placement.nearest_room(state, u.pos, side)
        if where is None:
            state.log.append(f"  {source}: {u.id} stays under {u.side} command: it shares "
                             f"{g.label(g.hexes[u.pos])} with {', '.join(stay)} and no hex within "
                             f"{g.rules.movement.placement_radius} has room")
            return
    state.log.append(f"  {source}: {u.id} passes from {u.side} to {side} command")
    state.change_side(u, side)
    if where != u.pos:
        state.log.append(f"  {source}: {u.id} shares {g.label(g.hexes[u.pos])} with {', '.join(stay)}; "
                         f"it goes to {g.label(g.hexes[where])}")
        state.relocate(u, where)


def _change_command_off_map(state: "State", eff: ChangeCommand, source: str) -> None:
    """The units an effect names that are off the map (in an off-map box or on the way into or out of one)
    pass too: a nation changes command whole. Off the map a unit shares no hex, so it keeps where it is and
    where it is going; it comes back to the map under its new side, by the placement rule of every arrival
    (rules/offmap.py). Before, such a unit came back under its old side."""
    for u in _off_map_units(state, eff.unit_id, eff.nation, ""):
        if u.side != eff.side:
            state.log.append(f"  {source}: {u.id} passes from {u.side} to {eff.side} command "
                             f"({_off_map_words(state, u.id)})")
            state.change_side(u, eff.side)


def _off_map_units(state: "State", unit_id: str, nation: str, side: str) -> list:
    """The units an effect names that are off the map (in an off-map box, or on the way), sorted by id."""
    return [u for uid, (_b, _d, _t, u) in sorted(state.offmap.items())
            if (unit_id and uid == unit_id) or (not unit_id and ((nation and u.nation == nation)
                                                               or (side and u.side == side)))]


def _off_map_words(state: "State", uid: str) -> str:
    """Where an off-map unit is, in words: 'off the map, in East depth' (or on its way in or out)."""
    g = state.game
    box, dest, turn, _u = state.offmap[uid]
    b = next((x for x in g.scenario.boxes if x.id == box), None)
    where = b.name if b is not None else box
    return (f"off the map, from {where} to {g.label(g.hexes[dest])}" if dest >= 0
            else f"off the map, on its way into {where}" if turn > state.turn else f"off the map, in {where}")


def _effect_units(state: "State", unit_id: str, nation: str, side: str) -> list:
    """The units an effect names: one unit, or every unit of a nation or side (sorted ids)."""
    if unit_id:
        u = state.units.get(unit_id)
        return [u] if u is not None else []
    return [state.units[k] for k in sorted(state.units)
            if (nation and state.units[k].nation == nation) or (side and state.units[k].side == side)]


# --- options ------------------------------------------------------------------------

def why_option_illegal(state: "State", oid: str) -> str | None:
    g = state.game
    opt = g.options.get(oid)
    side = state.current_player()
    if opt is None:
        return f"there is no option {oid!r}{did_you_mean(oid, g.options)}"
    if opt.side != side:
        return f"option {oid} belongs to {opt.side}, and {side} is to act"
    if not state.options_enabled.get(oid, False):
        return f"option {oid} is not available (not enabled)"
    if oid in state.chosen_this_phase or (not opt.repeatable and any(o == oid for o, _ in state.options_taken)):
        return f"option {oid} has already been taken"
    for c in opt.requires:
        if not condition_holds(state, c):
            return f"option {oid} needs {c.track} {c.op} {c.value} (it is {state.tracks.get(c.track)})"
    if not opt.requires_options and not opt.excludes_options:
        return None
    taken = [o for o, _ in state.options_taken]
    for r in opt.requires_options:
        if r not in taken:
            return f"option {oid} needs option {r} first"
    for x in opt.excludes_options:
        if x in taken:
            return f"option {oid} is excluded by option {x}"
    return None


def _option_ids_of(state: "State", side: str | None) -> tuple[str, ...]:
    """Ids of ``side``'s options, sorted (static: cached on the Game)."""
    g = state.game
    by_side = g.__dict__.get("_option_ids_by_side")
    if by_side is None:
        by_side = {}
        for o in sorted(g.scenario.options, key=lambda o: o.id):
            by_side.setdefault(o.side, []).append(o.id)
        by_side = {k: tuple(v) for k, v in by_side.items()}
        g.__dict__["_option_ids_by_side"] = by_side
    return by_side.get(side, ())


def available_options(state: "State") -> list[str]:
    side = state.current_player()
    return [oid for oid in _option_ids_of(state, side) if why_option_illegal(state, oid) is None]


def choose_option(state: "State", oid: str) -> None:
    opt = state.game.options[oid]
    for tid, delta in sorted(opt.cost.items()):
        if tid in state.tracks:
            set_track(state, tid, state.tracks[tid] + delta)
    state.options_taken.append([oid, state.turn])
    state.chosen_this_phase.append(oid)
    if opt.delay > 0:
        state.options_pending.append([state.turn + opt.delay, oid])
        state.log.append(f"  {oid} arrives on turn {state.turn + opt.delay}")
    else:
        for eff in opt.effects:
            apply_effect(state, eff, f"option {oid}")

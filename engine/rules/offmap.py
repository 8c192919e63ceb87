"""Off-map boxes: areas beyond the map edge that units enter and leave through entry hexes.

A box (``rules.offmap.boxes``, scenarios/rules/offmap.yaml) is Germany, Estonia, Pskov or
Western Military District depth. In the movement phase a unit standing on one of a box's entry
hexes may go into the box (``tobox``), and a unit in a box may come out at one of its entry
hexes (``frombox``). Either way it travels for the link's hours, turned into turns by
rounding up: it is ordered on turn t and is there at the start of turn
t + ceil(hours / turn hours) (a 36 h link: t+2 with 24 h turns, t+3 with 12 h turns).
Rounding up because orders are given at the start of a turn and a unit cannot be on the map
before it could have got there; a link never takes less than one turn.

Off the map (in a box or in transit) a unit is in ``state.offmap``, not in ``state.units``:
no rule sees it, so it cannot be attacked or seen, does not count for objectives and is not
traced for supply (its nation's rear supplies it: it comes back supplied). On arrival the
placement rule of every arrival applies (rules/placement.py: never an enemy hex, never over
the stacking limit; else the nearest hex with room in the same country within
``movement.placement_radius``). With no room there the unit waits in transit and tries again
next turn; the log says so.
"""

from __future__ import annotations

from math import ceil
from typing import TYPE_CHECKING

from engine.core.actions import Action, FromBox, ToBox
from engine.geo.hexgrid import Hex
from engine.rules import placement
from engine.rules.engagement import why_nation_no_entry, why_no_entry
from engine.rules.movement import can_move
from engine.rules.occupancy import own_unit

if TYPE_CHECKING:
    from engine.core.state import State, Unit
    from engine.game.game import Game
    from engine.scenario.model import Box

#: Prefix of the legal-order groups of this rule (one group per unit: ``box:<unit id>``).
GROUP = "box:"


def boxes(g: "Game") -> dict[str, "Box"]:
    """The scenario's boxes by id (cached on the Game)."""
    b = g.__dict__.get("_boxes")
    if b is None:
        b = g.__dict__["_boxes"] = {x.id: x for x in g.scenario.boxes}
    return b


def entries(g: "Game") -> dict[int, tuple[tuple[str, float], ...]]:
    """Entry hex index -> ((box id, hours), ...) sorted by box id (cached on the Game)."""
    e = g.__dict__.get("_box_entries")
    if e is None:
        out: dict[int, list[tuple[str, float]]] = {}
        for b in sorted(g.scenario.boxes, key=lambda x: x.id):
            for ln in b.links:
                i = g.index.get(ln.hex)
                if i is not None:
                    out.setdefault(i, []).append((b.id, ln.hours))
        e = g.__dict__["_box_entries"] = {k: tuple(v) for k, v in out.items()}
    return e


def travel_turns(g: "Game", hours: float) -> int:
    """Turns a trip of ``hours`` takes: rounded up to whole turns, at least one."""
    return max(1, ceil(hours / g.scenario.turn_hours - 1e-9))


def _hours(g: "Game", box: str, pos: int) -> float | None:
    for b, h in entries(g).get(pos, ()):
        if b == box:
            return h
    return None


def where(state: "State", uid: str) -> tuple[str, int, int] | None:
    """(box id, destination hex or -1 for the box, turn it gets there) for a unit off the map, else None."""
    e = state.offmap.get(uid)
    return None if e is None else (e[0], e[1], e[2])


def in_box(state: "State", uid: str) -> bool:
    """True if ``uid`` is in its box now (arrived, not in transit)."""
    e = state.offmap.get(uid)
    return e is not None and e[1] < 0 and e[2] <= state.turn


# --- orders ------------------------------------------------------------------------

def _no_box(g, box_id: str) -> str:
    return f"there is no off-map box {box_id!r} (boxes: {', '.join(sorted(boxes(g))) or 'none'})"


def why_illegal_to(state: "State", a: ToBox) -> str | None:
    g = state.game
    box = boxes(g).get(a.box)
    if box is None:
        return _no_box(g, a.box)
    u, why = own_unit(state, a.unit)
    if u is None:
        return why
    if u.side not in box.sides:
        return f"{box.name} is not open to {u.side}"
    src = g.hexes[u.pos]
    if tuple(a.src) != src:
        return f"{a.unit} is at {g.label(src)}, not {g.label(a.src)}"
    if _hours(g, a.box, u.pos) is None:
        gates = ", ".join(g.label(ln.hex) for ln in box.links)
        return f"{g.label(src)} is not an entry hex of {box.name} (entry hexes: {gates})"
    if not can_move(state, u):
        return f"{a.unit} may not move this turn (moved, {u.readiness}, static or transshipping)"
    return None


def apply_to(state: "State", a: ToBox) -> None:
    g = state.game
    u = state.units[a.unit]
    hours = _hours(g, a.box, u.pos)
    assert hours is not None
    t = state.turn + travel_turns(g, hours)
    u.supplied, u.oos_turns = True, 0  # its nation's rear supplies it from here on
    state.take_off_map(a.unit, a.box, -1, t)
    state.log.append(f"  {a.unit} leaves the map for {boxes(g)[a.box].name}, there on turn {t}")


def why_illegal_from(state: "State", a: FromBox) -> str | None:
    g = state.game
    box = boxes(g).get(a.box)
    if box is None:
        return _no_box(g, a.box)
    e = state.offmap.get(a.unit)
    if e is None:
        return f"{a.unit} is not off the map" if a.unit in state.units else f"there is no unit {a.unit!r}"
    u: "Unit" = e[3]
    side = state.current_player()
    if u.side != side:
        return f"{a.unit} belongs to {u.side}, and {side} is to act"
    if e[0] != a.box:
        return f"{a.unit} is in or bound for {boxes(g)[e[0]].name}, not {box.name}"
    if e[1] >= 0:
        return f"{a.unit} is already on its way to {g.label(g.hexes[e[1]])} (there on turn {e[2]})"
    if e[2] > state.turn:
        return f"{a.unit} is still on its way into {box.name} (there on turn {e[2]})"
    dst = g.index.get(a.dst)
    if dst is None or _hours(g, a.box, dst) is None:
        gates = ", ".join(g.label(ln.hex) for ln in box.links)
        return f"{g.label(a.dst)} is not an entry hex of {box.name} (entry hexes: {gates})"
    ut = g.unit_types[u.type]
    rs = g.readiness.get(u.readiness)
    if ut.movement_class == "static" or ut.movement <= 0 or (rs is not None and not rs.can_move):
        return f"{a.unit} may not move ({ut.name}, {u.readiness})"
    return why_no_entry(state, u.side, dst) or why_nation_no_entry(state, u.nation, dst)


def apply_from(state: "State", a: FromBox) -> None:
    g = state.game
    dst = g.index[a.dst]
    hours = _hours(g, a.box, dst)
    assert hours is not None
    e = state.offmap[a.unit]
    e[1], e[2] = dst, state.turn + travel_turns(g, hours)
    state.log.append(f"  {a.unit} leaves {boxes(g)[a.box].name} for {g.label(a.dst)}, there on turn {e[2]}")


# --- legal orders ------------------------------------------------------------------------

def _to_orders(state: "State", u: "Unit") -> list[Action]:
    g = state.game
    out: list[Action] = []
    for b, _ in entries(g).get(u.pos, ()):
        a = ToBox(u.id, g.hexes[u.pos], b)
        if why_illegal_to(state, a) is None:
            out.append(a)
    return out


def group_keys(state: "State") -> list[str]:
    """``box:<unit>`` for every unit of the side to act that has a tobox or frombox order now."""
    g = state.game
    if not g.scenario.boxes:
        return []
    side = state.current_player()
    keys = []
    ent = entries(g)
    for pos in sorted(ent):
        for uid in state.units_at(pos):
            u = state.units[uid]
            if u.side == side and _to_orders(state, u):
                keys.append(GROUP + uid)
    for uid in sorted(state.offmap):
        if state.offmap[uid][3].side == side and actions(state, GROUP + uid):
            keys.append(GROUP + uid)
    return sorted(set(keys))


def actions(state: "State", key: str) -> list[Action]:
    """The tobox or frombox orders of one unit (group ``box:<unit>``), sorted."""
    g = state.game
    uid = key[len(GROUP):]
    u = state.units.get(uid)
    if u is not None:
        return sorted(_to_orders(state, u))
    e = state.offmap.get(uid)
    if e is None:
        return []
    box = boxes(g).get(e[0])
    if box is None:
        return []
    out = [FromBox(uid, box.id, ln.hex) for ln in box.links]
    return sorted(a for a in out if why_illegal_from(state, a) is None)


# --- the turn --------------------------------------------------------------------------

def arrivals(state: "State") -> None:
    """Turn start: units due reach their box, or the map by the placement rule (else they wait a turn)."""
    g = state.game
    for uid in sorted(state.offmap):
        box, dest, turn, u = state.offmap[uid]
        if turn > state.turn or (dest < 0 and turn < state.turn):
            continue  # not there yet, or in its box since an earlier turn
        name = boxes(g)[box].name if box in boxes(g) else box
        if dest < 0:
            state.log.append(f"  {uid} is in {name}")
            continue
        pos = placement.nearest_room(state, dest, u.side)
        if pos is None:
            state.offmap[uid][2] = state.turn + 1
            state.log.append(f"  {uid} waits on its way from {name}: {g.label(g.hexes[dest])} is "
                             f"{placement.why_not_here(state, dest, u.side)} and no hex near it has room")
            continue
        u.moved = u.attacked = False
        state.put_on_map(uid, pos)
        moved = "" if pos == dest else f" ({g.label(g.hexes[dest])} is full: nearest room)"
        state.log.append(f"  {uid} arrives from {name} at {g.label(g.hexes[pos])}{moved}")


def offmap_view(state: "State", side: str) -> tuple[tuple[str, str, "Hex | None", int], ...]:
    """``side``'s own units off the map: (unit id, box id, destination hex or None, turn it gets there)."""
    hexes = state.game.hexes
    return tuple((uid, b, hexes[p] if p >= 0 else None, t)
                 for uid, (b, p, t, u) in sorted(state.offmap.items()) if u.side == side)

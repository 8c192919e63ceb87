"""Where an arriving unit may stand: one rule for every placement path.

Rotations, scheduled reinforcements, option and event effects all put units
on the map without moving them there. They obey what a move obeys: land only,
never a hex enemy units hold, never over the stacking limit. If the named hex
breaks one of those, the unit goes to the nearest hex that does not, in the
same country as the named hex (an arrival never crosses a border), within
``movement.placement_radius`` hexes (ties by hex index, so the choice never
depends on dict order), and the log says so. With no such hex the unit does
not arrive, and the log says why. Facilitator orders are checked instead:
an illegal ``place`` or ``add`` is refused with the reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from engine.core.state import State, Unit
    from engine.scenario.model import UnitSpec


def why_not_here(state: "State", pos: int, side: str) -> str | None:
    """Why a unit of ``side`` may not be put at hex index ``pos`` (None if it may)."""
    g = state.game
    if not g.land[pos]:
        return f"{g.terrain[pos]}"
    if state.enemy_at(pos, side):
        return "held by the enemy"
    limit = g.rules.movement.stacking_limit
    if state.side_count_at(pos, side) >= limit:
        return f"full ({limit} {side} units)"
    return None


def nearest_room(state: "State", pos: int, side: str) -> int | None:
    """The nearest legal hex to ``pos`` within the placement radius (``pos`` itself first), or None."""
    if why_not_here(state, pos, side) is None:
        return pos
    g = state.game
    country = g.country[pos]
    seen = {pos}
    ring = [pos]
    for _ in range(g.rules.movement.placement_radius):
        nxt = sorted({j for i in ring for j in g.nbrs[i] if j not in seen})
        seen.update(nxt)
        for j in nxt:
            if g.country[j] == country and why_not_here(state, j, side) is None:
                return j
        ring = nxt
    return None


def arrive(state: "State", spec: "UnitSpec", source: str) -> "Unit | None":
    """Put ``spec`` on the map by the placement rule; the unit, or None (logged) if it cannot come."""
    g = state.game
    if spec.id in state.units:
        return None
    if spec.box:  # an arrival in an off-map box: no hex, no stacking (rules/offmap.py)
        return state.place_unit(spec)
    pos = g.index.get(spec.location)
    if pos is None:
        state.log.append(f"  {source}: {spec.id} cannot arrive at {g.label(spec.location)} (off the map)")
        return None
    where = nearest_room(state, pos, spec.side)
    if where is None:
        state.log.append(f"  {source}: {spec.id} cannot arrive: {g.label(spec.location)} is "
                         f"{why_not_here(state, pos, spec.side)} and no hex within "
                         f"{g.rules.movement.placement_radius} has room")
        return None
    if where != pos:
        state.log.append(f"  {source}: {g.label(spec.location)} is {why_not_here(state, pos, spec.side)}; "
                         f"{spec.id} arrives at {g.label(g.hexes[where])} instead")
        spec = attrs.evolve(spec, location=g.hexes[where])
    return state.place_unit(spec)


def shift(state: "State", u: "Unit", pos: int, source: str) -> bool:
    """Move ``u`` to ``pos`` by the same rule (an effect's ``move``); False (logged) if there is no room."""
    g = state.game
    if u.pos == pos:
        return False
    where = nearest_room(state, pos, u.side)
    if where is None or where == u.pos:
        state.log.append(f"  {source}: {u.id} cannot move to {g.label(g.hexes[pos])} "
                         f"({why_not_here(state, pos, u.side)}, no room nearby)")
        return False
    if where != pos:
        state.log.append(f"  {source}: {g.label(g.hexes[pos])} is {why_not_here(state, pos, u.side)}; "
                         f"{u.id} goes to {g.label(g.hexes[where])} instead")
    state.relocate(u, where)
    return True

"""Who stands where: enemy-held hexes, zones of control and full stacks.

The primitives every mechanism that moves or traces (movement, rail, supply,
combat retreats) asks about enemies; kept apart so those rules depend on it
and not on each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.errors import did_you_mean

if TYPE_CHECKING:
    from engine.core.state import State, Unit


def own_unit(state: "State", unit_id: str, suggest: bool = False) -> "tuple[Unit | None, str | None]":
    """(the unit, None) when ``unit_id`` is on the map and belongs to the side to act, else (None, why):
    the first refusal every order naming one of its own units shares (``suggest``: add the closest ids)."""
    u = state.units.get(unit_id)
    if u is None:
        hint = did_you_mean(unit_id, sorted(state.units)) if suggest else ""
        return None, f"there is no unit {unit_id!r} on the map{hint}"
    side = state.current_player()
    if u.side != side:
        return None, f"{unit_id} belongs to {u.side}, and {side} is to act"
    return u, None


def enemy_sets(state: "State", side: str) -> tuple[frozenset[int], frozenset[int]]:
    """(hexes holding enemy units, hexes in enemy zones of control), cached per epoch."""
    ep = state.enemy_epoch(side)
    hit = state._zoc.get(side)
    if hit is not None and hit[0] == ep:
        return hit[1], hit[2]
    g = state.game
    occ: set[int] = set()
    zoc: set[int] = set()
    for u in state.units.values():
        if u.side == side:
            continue
        occ.add(u.pos)
        if g.unit_types[u.type].zoc:
            zoc.add(u.pos)
            zoc.update(g.nbrs[u.pos])
    res = (frozenset(occ), frozenset(zoc))
    state._zoc[side] = (ep, res[0], res[1])
    return res


def contact_hexes(state: "State", side: str) -> frozenset[int]:
    """Hexes within ``movement.march_contact`` of an enemy unit with a zone of control, cached per epoch."""
    ep = state.enemy_epoch(side)
    key = "contact:" + side  # beside the per-side ZOC entries (side ids never hold a colon)
    hit = state._zoc.get(key)
    if hit is not None and hit[0] == ep:
        return hit[1]
    g = state.game
    radius = g.rules.movement.march_contact
    zoc = g.__dict__.get("_zoc_types")
    if zoc is None:
        zoc = g.__dict__["_zoc_types"] = frozenset(k for k, ut in g.unit_types.items() if ut.zoc)
    centres = {u.pos for u in state.units.values() if u.side != side and u.type in zoc}
    res = frozenset().union(*[_disc(g, p, radius) for p in centres])
    state._zoc[key] = (ep, res, res)
    return res


def _disc(g, centre: int, radius: int) -> frozenset[int]:
    """The hexes within ``radius`` steps of ``centre`` on the map (cached on the Game: the map is fixed)."""
    cache = g.__dict__.setdefault("_discs", {})
    hit = cache.get((centre, radius))
    if hit is None:
        ring, seen = {centre}, {centre}
        for _ in range(radius):
            ring = {j for i in ring for j in g.nbrs[i]} - seen
            seen |= ring
        hit = cache[(centre, radius)] = frozenset(seen)
    return hit


def full_hexes(state: "State", side: str) -> set[int]:
    """Hexes where ``side`` is at the stacking limit."""
    key = "full:" + side
    hit = state._zoc.get(key)
    if hit is not None and hit[0] == state._layout:  # _layout counts every placement, removal and move
        return set(hit[1])
    limit = state.game.rules.movement.stacking_limit
    out = {p for p, ids in state.hex_units.items() if len(ids) >= limit and state.side_count_at(p, side) >= limit}
    state._zoc[key] = (state._layout, frozenset(out))
    return out

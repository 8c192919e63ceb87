"""Movement: terrain costs by movement class, roads and rails, rivers, borders,
zones of control, stacking; tactical moves by Dijkstra and rail moves.

Paths are found on the Game's precomputed (neighbour, cost) edges. Ties are
broken by (cost, hex index), and hex indices follow (q, r) order, so the path
chosen never depends on dict or set order. Within one side's movement phase
enemy positions do not change, so each unit's reachable set is cached until
an enemy unit moves, appears or disappears (the epoch counters).
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING

from ..actions import Move, Rail
from ..hexgrid import distance

if TYPE_CHECKING:
    from ..state import State, Unit

INF = 1 << 30


def movement_points(state: "State", u: "Unit") -> int:
    """MP this turn: the type's allowance, reduced out of supply."""
    g = state.game
    ut = g.unit_types[u.type]
    mp = ut.movement
    if not u.supplied:
        mp = int(mp * g.rules.supply.out_of_supply_movement)
    return mp


def can_move(state: "State", u: "Unit") -> bool:
    g = state.game
    ut = g.unit_types[u.type]
    rs = g.readiness.get(u.readiness)
    return (not u.moved and ut.movement_class != "static" and ut.movement > 0
            and (rs is None or rs.can_move) and u.id not in state.transship)


def movers(state: "State") -> list[str]:
    """Units of the side to act that may still move this phase (sorted ids)."""
    side = state.current_player()
    return [uid for uid in sorted(state.units) if state.units[uid].side == side
            and can_move(state, state.units[uid])]


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


def dijkstra(edges, start: int, budget: int, blocked: frozenset[int], zoc: frozenset[int],
             zoc_stop: bool, exit_cost: int) -> dict[int, tuple[int, int]]:
    """pos -> (cost, previous pos) for every hex within ``budget`` MP."""
    dist: dict[int, int] = {start: 0}
    prev: dict[int, int] = {start: -1}
    heap = [(0, start)]
    pop, push = heapq.heappop, heapq.heappush
    while heap:
        c, i = pop(heap)
        if c > dist[i]:
            continue
        in_zoc = i in zoc
        if in_zoc and zoc_stop and i != start:
            continue
        base = c + exit_cost if in_zoc else c
        for j, w in edges[i]:
            nc = base + w
            if nc > budget or j in blocked:
                continue
            old = dist.get(j)
            if old is None or nc < old:
                dist[j] = nc
                prev[j] = i
                push(heap, (nc, j))
    return {k: (v, prev[k]) for k, v in dist.items()}


def reach(state: "State", u: "Unit") -> dict[int, tuple[int, int]]:
    """Cached Dijkstra of one unit (ignores stacking; destinations filter it)."""
    mp = movement_points(state, u)
    ep = state.enemy_epoch(u.side)
    key = (u.pos, mp, ep)
    hit = state._reach.get(u.id)
    if hit is not None and hit[0] == key:
        return hit[1]
    res = _search(state, u, mp)
    state._reach[u.id] = (key, res)
    return res


def _search(state: "State", u: "Unit", budget: int) -> dict[int, tuple[int, int]]:
    g = state.game
    mv = g.rules.movement
    occ, zoc = enemy_sets(state, u.side)
    mc = g.unit_types[u.type].movement_class
    edges = g.edges[mc]
    if state.air_missions:  # enemy air interdiction adds MP to enter hexes (engine/rules/air.py)
        from .air import interdicted_edges
        edges2 = interdicted_edges(state, u.side, edges)
        if edges2 is not edges:
            return dijkstra(edges2, u.pos, budget, occ, zoc, mv.zoc_stop, mv.zoc_exit_cost)
    # Far from enemies the search is static: cache it on the Game per (class, start, budget).
    # It is exact whenever no hex it reaches holds an enemy or lies in an enemy ZOC.
    cache = g.__dict__.setdefault("_free_reach", {})
    key = (mc, u.pos, budget)
    res = cache.get(key)
    if res is None:
        res = dijkstra(edges, u.pos, budget, frozenset(), frozenset(), mv.zoc_stop, mv.zoc_exit_cost)
        if len(cache) < 200_000:
            cache[key] = res
    if zoc.isdisjoint(res) and occ.isdisjoint(res):
        return res
    return dijkstra(edges, u.pos, budget, occ, zoc, mv.zoc_stop, mv.zoc_exit_cost)


def destinations(state: "State", u: "Unit") -> list[int]:
    """Legal tactical-move end hexes of a unit, sorted."""
    full = full_hexes(state, u.side)
    return [p for p in sorted(reach(state, u)) if p != u.pos and p not in full]


def full_hexes(state: "State", side: str) -> set[int]:
    """Hexes where ``side`` is at the stacking limit."""
    limit = state.game.rules.movement.stacking_limit
    return {p for p, ids in state.hex_units.items() if len(ids) >= limit and state.side_count_at(p, side) >= limit}


def path(state: "State", u: "Unit", dst: int) -> list[int]:
    """The path (start ... dst) a move takes; [] if unreachable."""
    r = reach(state, u)
    if dst not in r:
        return []
    out = [dst]
    while r[out[-1]][1] != -1:
        out.append(r[out[-1]][1])
    return out[::-1]


# --- rail (the rules live in engine/rules/rail.py) --------------------------------

def rail_capacity_left(state: "State", side: str) -> int:
    from . import rail
    return rail.capacity_left(state, side)


def rail_reach(state: "State", u: "Unit") -> dict[int, int]:
    """pos -> rail hexes travelled (see rail.rail_reach for the gauge break)."""
    from . import rail
    return {p: d for p, (d, _) in rail.rail_reach(state, u).items()}


def rail_destinations(state: "State", u: "Unit") -> list[int]:
    from . import rail
    return rail.rail_destinations(state, u)


def unit_actions(state: "State", uid: str) -> list:
    """Sorted Move then Rail orders of one unit (empty if it may not move)."""
    u = state.units.get(uid)
    if u is None or u.side != state.current_player() or not can_move(state, u):
        return []
    hexes = state.game.hexes
    src = hexes[u.pos]
    out: list = [Move(uid, src, hexes[p]) for p in destinations(state, u)]
    out.extend(Rail(uid, src, hexes[p]) for p in rail_destinations(state, u))
    return out


# --- legality and effect -----------------------------------------------------------

def why_illegal(state: "State", a: Move | Rail) -> str | None:
    g = state.game
    u = state.units.get(a.unit)
    if u is None:
        return f"there is no unit {a.unit!r} on the map"
    side = state.current_player()
    if u.side != side:
        return f"{a.unit} belongs to {u.side}, and {side} is to act"
    src = g.hexes[u.pos]
    if tuple(a.src) != src:
        return f"{a.unit} is at {g.label(src)}, not {g.label(a.src)}"
    if u.moved:
        return f"{a.unit} has already moved this turn"
    ut = g.unit_types[u.type]
    rs = g.readiness.get(u.readiness)
    if rs is not None and not rs.can_move:
        return f"{a.unit} is {u.readiness} and may not move"
    if u.id in state.transship:
        return f"{a.unit} is transshipping until turn {state.transship[u.id][0]}"
    if ut.movement_class == "static" or ut.movement <= 0:
        return f"{a.unit} ({ut.name}) cannot move"
    dst = g.index.get(a.dst)
    name = g.label(a.dst)
    if dst is None:
        return f"{name} is off the map"
    if not g.land[dst]:
        return f"{name} is {g.terrain[dst]}, units stay on land"
    if dst == u.pos:
        return f"{a.unit} is already at {name}"
    occ, zoc = enemy_sets(state, u.side)
    if dst in occ:
        return f"{name} holds enemy units"
    limit = g.rules.movement.stacking_limit
    if state.side_count_at(dst, u.side) >= limit:
        return f"{name} already holds {limit} {u.side} units (stacking limit)"
    if isinstance(a, Rail):
        from . import rail
        return rail.why_illegal(state, u, dst)
    mp = movement_points(state, u)
    if dst in reach(state, u):
        return None
    full = _search(state, u, INF)
    if dst not in full:
        return (f"no path from {g.label(src)} to {name} for {ut.movement_class} units "
                "(impassable terrain, enemy units or zones of control)")
    return f"{name} is {full[dst][0]} MP away, {a.unit} has {mp} MP left"


def apply_move(state: "State", a: Move | Rail) -> None:
    g = state.game
    u = state.units[a.unit]
    dst = g.index[a.dst]
    if isinstance(a, Rail):
        from . import rail
        rail.apply_rail(state, a)
        return
    cost = reach(state, u)[dst][0]
    steps = distance(g.hexes[u.pos], a.dst)
    state.log.append(f"  {u.id} moves {steps} hexes for {cost} MP")
    u.moved = True
    state.relocate(u, dst)

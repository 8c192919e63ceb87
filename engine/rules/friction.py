"""Friction: obstacles and demolitions that cost movement, laid by engineers or prepared in a scenario.

Rules as implemented (numbers in ``rules.movement``, scenarios/rules/terrain.yaml):

* An obstacle hex (``obstacles:`` of a scenario, or laid by an engineer) costs
  units of every side but its owner ``obstacle_cost`` extra MP to enter, on
  top of terrain, roads and air interdiction.
* Engineers (unit types with ``lays_obstacles``) that did not move this turn
  lay an obstacle in their hex in the logistics phase (logged).
* An enemy unit standing in an obstacle hex in the logistics phase clears it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.core.state import State


def extra_costs(state: "State", side: str) -> dict[int, int]:
    """Hex -> extra movement (ticks, ``game.mp_scale`` a MP) for units of ``side`` to enter it:
    enemy air interdiction and enemy obstacles."""
    out: dict[int, int] = {}
    k = state.game.mp_scale
    if state.air_missions:
        from engine.rules.air import interdiction_costs
        out = {p: c * k for p, c in interdiction_costs(state, side).items()}
    if state.obstacles:
        cost = state.game.rules.movement.obstacle_cost * k
        if cost:
            for p, owner in state.obstacles.items():
                if owner != side:
                    out[p] = out.get(p, 0) + cost
    return out


def costed_edges(state: "State", edges, extra: dict[int, int]):
    """``edges`` with ``extra`` MP added to every step into those hexes (rows copied only where needed)."""
    if not extra:
        return edges
    nbrs = state.game.nbrs
    out = list(edges)
    for i in sorted({i for j in extra for i in nbrs[j]}):
        out[i] = tuple((j, w + extra.get(j, 0)) for j, w in edges[i])
    return out


def _changed(state: "State") -> None:
    for s in state.game.side_ids:
        state.bump(s)  # movement searches key on the enemy epoch


def start_of_game(state: "State") -> None:
    """Turn-start hook: on turn 1 the scenario's prepared obstacles are in place."""
    if state.turn != 1 or state.obstacles:
        return
    g = state.game
    for ob in g.scenario.obstacles:
        p = g.index.get(ob.location)
        if p is not None:
            state.obstacles[p] = ob.side
    if state.obstacles:
        _changed(state)


def update(state: "State") -> None:
    """Logistics phase: enemies clear obstacles they stand on; engineers that stayed put lay new ones."""
    g = state.game
    changed = False
    for p in sorted(state.obstacles):
        owner = state.obstacles[p]
        if any(state.units[k].side != owner for k in state.units_at(p)):
            del state.obstacles[p]
            state.log.append(f"  obstacle at {g.label(g.hexes[p])} cleared")
            changed = True
    for uid in sorted(state.units):
        u = state.units[uid]
        if not g.unit_types[u.type].lays_obstacles or u.moved or u.pos in state.obstacles:
            continue
        if any(state.units[k].side != u.side for k in state.units_at(u.pos)):
            continue
        state.obstacles[u.pos] = u.side
        state.log.append(f"  {uid} lays obstacles and demolitions at {g.label(g.hexes[u.pos])}")
        changed = True
    if changed:
        _changed(state)


# --- road capacity ------------------------------------------------------------------------------

def _road_pairs(state: "State") -> frozenset[tuple[int, int]]:
    """(a, b) hex index pairs, a < b, joined by a road hexside (cached on the Game)."""
    g = state.game
    hit = g.__dict__.get("_road_pairs")
    if hit is None:
        from engine.geo.hexgrid import hexside
        roads = g.map.roads
        hit = frozenset((i, j) for i, h in enumerate(g.hexes) for j in g.nbrs[i]
                        if i < j and hexside(h, g.hexes[j]) in roads)
        g.__dict__["_road_pairs"] = hit
    return hit


def congested(state: "State", side: str) -> frozenset[tuple[int, int]]:
    """Road hexsides (a < b) that have carried ``road_capacity`` units of ``side`` this turn."""
    cap = state.game.rules.movement.road_capacity
    used = state.road_used.get(side)
    if cap <= 0 or not used:
        return frozenset()
    return frozenset(k for k, n in used.items() if n >= cap)


def congestion_extra(g, march: bool = True) -> int:
    """Ticks (``game.mp_scale`` a MP) a road step over a congested hexside costs beyond the free road step:
    the step's cost becomes congested_road_cost MP (never below 1 tick, see congested_edges)."""
    mv = g.rules.movement
    road = g.march_road_ticks if march else mv.road_cost * g.mp_scale
    return mv.congested_road_cost * g.mp_scale - road


def congested_edges(state: "State", edges, jam: frozenset[tuple[int, int]], march: bool = True):
    """``edges`` with road steps over congested hexsides at ``congested_road_cost`` instead of ``road_cost``."""
    if not jam:
        return edges
    # cached per state (dropped on clone) by the edges' identity, the jam and the pace: a phase's
    # searches share them until another hexside fills, instead of copying the map's edge list per unit
    cache = state._logi.setdefault("congested_edges", {})
    key = (id(edges), jam, march)
    hit = cache.get(key)
    if hit is not None and hit[0] is edges:
        return hit[1]
    if len(cache) >= 64:
        cache.clear()
    extra = congestion_extra(state.game, march)
    out = list(edges)
    for i in sorted({x for k in jam for x in k}):
        out[i] = tuple((j, max(1, w + extra) if ((i, j) if i < j else (j, i)) in jam else w) for j, w in out[i])
    cache[key] = (edges, out)
    return out


def use_roads(state: "State", side: str, path: list[int]) -> None:
    """A move along ``path``: each road hexside on it carries one more unit of ``side`` this turn."""
    if state.game.rules.movement.road_capacity <= 0 or len(path) < 2:
        return
    roads = _road_pairs(state)
    used = state.road_used.setdefault(side, {})
    for a, b in zip(path, path[1:]):
        k = (a, b) if a < b else (b, a)
        if k in roads:
            used[k] = used.get(k, 0) + 1


def new_turn(state: "State") -> None:
    """Turn start: the roads are free again."""
    state.road_used = {}

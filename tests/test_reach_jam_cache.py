"""The movement searches through congested roads are shared through the Game (rules/movement.py
``_search``): keyed by the congested hexsides inside the enemy-free search, they give exactly what a
fresh search through every congested hexside gives, and a jam elsewhere reuses the jam-free search."""

from __future__ import annotations

from pathlib import Path

from engine.rules import friction, movement
from engine.rules.engagement import closed_for, gated_edges
from engine.rules.occupancy import enemy_sets
from engine.scenario.model import CONTACT
from engine.testing import game_of

SCEN = Path(__file__).resolve().parent.parent / "scenarios"


def _fresh(state, u):
    """The search as it was before the cache: every congested hexside, no shared result."""
    g = state.game
    mv = g.rules.movement
    occ, zoc = enemy_sets(state, u.side)
    mc = movement.edge_class(state, u)
    closed = closed_for(state, u.side, u.nation)
    edges = gated_edges(g, mc, closed) if closed else g.edges[mc]
    jam = friction.congested(state, u.side)
    extra = friction.extra_costs(state, u.side) if (state.air_missions or state.obstacles) else {}
    edges = friction.costed_edges(state, friction.congested_edges(state, edges, jam, not mc.endswith(CONTACT)), extra)
    return movement.by_hex(movement.dijkstra(edges, u.pos, movement.movement_points(state, u), occ, zoc,
                                             mv.zoc_stop, mv.zoc_exit_cost * g.mp_scale))


def _jam(state, side, pairs):
    state.road_used = {side: {k: state.game.rules.movement.road_capacity for k in pairs}}


def test_jammed_searches_are_exact_and_keyed_by_the_jam_they_reach():
    g = game_of(SCEN / "baseline-2020.yaml")
    g.clear_result_caches()
    s = g.new_initial_state(1)
    roads = friction._road_pairs(s)
    cap = g.rules.movement.road_capacity
    assert cap > 0 and friction.congestion_extra(g, True) > 0  # the default rules: jams cost MP on the march
    # a unit on the march whose search runs along roads
    def on_roads(u) -> bool:
        res = movement._search(s, u, movement.movement_points(s, u))
        return any((min(i, p), max(i, p)) in roads for i, (_, p) in res.items() if p >= 0)

    u = next(u for u in (s.units[k] for k in sorted(s.units))
             if not movement.edge_class(s, u).endswith(CONTACT) and movement.movement_points(s, u) > 0
             and on_roads(u))
    mp = movement.movement_points(s, u)
    free = movement._search(s, u, mp)
    assert free == _fresh(s, u)
    tree = sorted((min(i, p), max(i, p)) for i, (_, p) in free.items() if p >= 0 and (min(i, p), max(i, p)) in roads)
    # a congested road step on the search's own paths makes some hex dearer or unreachable
    changed = [k for k in tree if (_jam(s, u.side, [k]), _fresh(s, u))[1] != free]
    assert changed
    a, b = changed[0], changed[-1]
    _jam(s, u.side, [a])
    got_a = movement._search(s, u, mp)
    assert got_a == _fresh(s, u) != free
    # another jam: not the first jam's cached result (the key holds the congested hexsides it reaches)
    _jam(s, u.side, [a, b])
    assert movement._search(s, u, mp) == _fresh(s, u)
    _jam(s, u.side, [b])
    assert movement._search(s, u, mp) == _fresh(s, u)
    # the first jam again: its cached result, still exact
    _jam(s, u.side, [a])
    assert movement._search(s, u, mp) is got_a
    # a jam with no end in the search (or only one): the jam-free search itself, exact
    far = [k for k in sorted(roads) if k[0] not in free and k[1] not in free][:3]
    edge = [k for k in sorted(roads) if (k[0] in free) != (k[1] in free)][:3]
    assert far and edge
    _jam(s, u.side, far + edge)
    assert movement._search(s, u, mp) is free
    assert _fresh(s, u) == free

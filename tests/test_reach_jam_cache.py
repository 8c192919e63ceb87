"""Rule caches of the speed work. The movement searches through congested roads are shared through the Game (rules/movement.py
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
    return movement.dijkstra(edges, u.pos, movement.movement_points(state, u), occ, zoc,
                             mv.zoc_stop, mv.zoc_exit_cost * g.mp_scale)


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


def test_rail_open_part_is_keyed_by_the_search_and_the_closed_countries():
    """rail._open_part caches a rail search cut to the open countries per (search object, closed set):
    each answer is the plain filter, a second closed set is not served the first's, and transshipment
    hexes are listed."""
    from engine.rules import rail
    g = game_of(SCEN / "baseline-2020.yaml")
    g.clear_result_caches()
    # hand-made searches: hex -> (rail hexes, transshipment hex or -1)
    hexes = ([i for i, c in enumerate(g.country) if c == "POL"][:2]
             + [i for i, c in enumerate(g.country) if c == "BLR"][:2])
    res = {hexes[0]: (1, -1), hexes[1]: (2, hexes[0]), hexes[2]: (3, -1), hexes[3]: (4, hexes[2])}
    pol, blr = frozenset({"POL"}), frozenset({"BLR"})
    out, vias = rail._open_part(g, res, pol)
    assert out == {hexes[2]: (3, -1), hexes[3]: (4, hexes[2])} and vias == {hexes[2]}
    assert rail._open_part(g, res, pol)[0] is out  # cached
    out2, vias2 = rail._open_part(g, res, blr)
    assert out2 == {hexes[0]: (1, -1), hexes[1]: (2, hexes[0])} and vias2 == {hexes[0]}
    same, vias3 = rail._open_part(g, res, frozenset())
    assert same is res and vias3 == {hexes[0], hexes[2]}
    other = dict(res)  # an equal search but another object: its own entry
    assert rail._open_part(g, other, pol)[0] == out
    assert rail._open_part(g, {}, pol) == ({}, frozenset())

"""Known-answer tests for congested roads (``friction.congestion_extra`` / ``congested_edges``), round 5 of
`make mutate`. Fixture: tests/enginefixture.py's hexagon with a road along r = 0; ``road_march`` 2 (two road
hexes per road MP on the march), so a MP is 2 ticks and a march road step 1 tick; a congested road step costs
``congested_road_cost`` 2 MP = 4 ticks. See tests/MUTATION_r5_survivors.md.
"""

import attrs

from engine.analysis.synthetic import standard_rules
from engine.geo.hexgrid import Hex
from engine.rules import friction
from tests.enginefixture import hexagon_game, hexagon_map


def _state():
    r = standard_rules()
    r = attrs.evolve(r, movement=attrs.evolve(r.movement, road_capacity=1, congested_road_cost=2, road_march=2.0))
    road = [((q, 0), (q + 1, 0)) for q in range(-5, 5)]
    g = hexagon_game([("t1", "tank", "red", -4, 0), ("b", "inf", "blue", 5, -5)], hexagon_map(roads=road), rules=r)
    return g.new_initial_state(1)


def test_the_extra_cost_of_a_congested_road_step_on_the_march_and_in_contact():
    g = _state().game
    assert (g.mp_scale, g.march_road_ticks) == (2, 1)
    # on the march: 4 - 1 = 3 ticks more (the default); in contact (a road step at road_cost 1 MP = 2 ticks): 2
    assert friction.congestion_extra(g) == friction.congestion_extra(g, True) == 3
    assert friction.congestion_extra(g, False) == 2


def test_congested_edges_cost_the_jammed_hexside_only_and_follow_the_jam():
    s = _state()
    g = s.game
    idx = g.index
    a, b, c = idx[Hex(0, 0)], idx[Hex(1, 0)], idx[Hex(2, 0)]
    edges = g.edges["tracked"]
    w = dict(edges[a])[b]
    assert w == 1 and dict(edges[b])[c] == 1  # a march road step: 1 tick
    jam_ab = frozenset({(min(a, b), max(a, b))})
    out = friction.congested_edges(s, edges, jam_ab)  # on the march (default): 1 + 3
    assert dict(out[a])[b] == 4 and dict(out[b])[a] == 4 and dict(out[b])[c] == 1
    assert dict(friction.congested_edges(s, edges, jam_ab, False)[a])[b] == 3  # in contact: 1 + 2
    # another jam on the same edges: (1,0)-(2,0) now, (0,0)-(1,0) free again
    out = friction.congested_edges(s, edges, frozenset({(min(b, c), max(b, c))}))
    assert dict(out[a])[b] == 1 and dict(out[b])[c] == 4
    # other edges (foot) with the same jam: their own weights, not the tracked ones
    foot = g.edges["foot"]
    out = friction.congested_edges(s, foot, jam_ab)
    assert dict(out[a])[b] == max(1, dict(foot[a])[b] + 3) and out is not friction.congested_edges(s, edges, jam_ab)


def test_road_pairs_are_the_road_hexsides_only():
    # the road runs (-5,0)-(-4,0)-...-(5,0): 10 hexsides, each as (lower index, higher index)
    s = _state()
    g = s.game
    want = set()
    for q in range(-5, 5):
        a, b = g.index[Hex(q, 0)], g.index[Hex(q + 1, 0)]
        want.add((min(a, b), max(a, b)))
    assert set(friction._road_pairs(s)) == want

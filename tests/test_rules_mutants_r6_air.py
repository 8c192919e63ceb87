"""Known-answer tests for ``air.interdiction_costs`` (the extra MP enemy interdiction puts on a hex), round 6 of
`make mutate` (tests/MUTATION_r6_survivors.md).

Fixture: tests/airfixture.py's hexagon; air rules interdiction_cost 1 MP per point. A mission row is
[turn, side, mission, hex, points, n].
"""

from engine.geo.hexgrid import Hex
from engine.rules import air
from tests.airfixture import ops_game


def test_interdiction_costs_add_up_per_hex_for_the_enemy_of_this_turn_only():
    g = ops_game([("r", "mech", "red", 0, 0), ("b", "mech", "blue", 4, 0)])
    s = g.new_initial_state(1)
    a, b, c, d = g.index[Hex(1, 0)], g.index[Hex(2, 0)], g.index[Hex(3, 0)], g.index[Hex(1, 1)]
    t = s.turn
    s.air_missions = [
        [t, "blue", "interdiction", a, 2, 7],  # 2 points over a: +2
        [t, "blue", "interdiction", a, 3, 7],  # 3 more over a: +5 in all
        [t, "blue", "interdiction", d, 0, 7],  # no points: nothing
        [t, "blue", "interdiction", b, 1, 7],  # 1 point over b: +1
        [t, "red", "interdiction", c, 2, 7],  # Red's own: not against Red
        [t - 1, "blue", "interdiction", c, 2, 7],  # last turn's: over
        [t, "blue", "support", c, 2, 7],  # not interdiction
    ]
    assert air.interdiction_costs(s, "red") == {a: 5, b: 1}
    assert air.interdiction_costs(s, "blue") == {c: 2}

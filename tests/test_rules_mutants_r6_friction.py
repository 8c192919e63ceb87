"""Known-answer test for ``friction.use_roads`` (each road hexside a move runs along carries one more unit of its
side this turn), round 6 of `make mutate` (tests/MUTATION_r6_survivors.md).

Fixture: tests/enginefixture.py's hexagon with a road along r = 0 from (-6, 0) to (6, 0).
"""

import attrs

from engine.analysis.synthetic import standard_rules
from engine.geo.hexgrid import Hex
from engine.rules import friction
from tests.enginefixture import hexagon_game, hexagon_map

ROAD = [((q, 0), (q + 1, 0)) for q in range(-6, 6)]


def _state(capacity):
    r = standard_rules()
    r = attrs.evolve(r, movement=attrs.evolve(r.movement, road_capacity=capacity))
    return hexagon_game([("r", "mech", "red", 0, 0), ("b", "mech", "blue", 0, 5)], hexagon_map(roads=ROAD),
                        rules=r).new_initial_state(1)


def test_a_move_books_each_road_hexside_it_runs_along():
    s = _state(2)
    ix = s.game.index
    p = [ix[Hex(*h)] for h in ((0, 0), (1, 0), (2, 0), (2, 1))]  # two road steps, then off the road
    friction.use_roads(s, "red", p)
    k1, k2 = tuple(sorted(p[:2])), tuple(sorted(p[1:3]))
    assert s.road_used == {"red": {k1: 1, k2: 1}}
    friction.use_roads(s, "red", p[:2])  # a single road step counts too
    assert s.road_used == {"red": {k1: 2, k2: 1}}
    friction.use_roads(s, "red", p[:1])  # a path of one hex (no move) books nothing
    assert s.road_used == {"red": {k1: 2, k2: 1}}
    friction.use_roads(s, "red", p[1::-1])  # the same hexside westward, (1, 0) -> (0, 0)
    assert s.road_used == {"red": {k1: 3, k2: 1}}
    one = _state(1)  # a capacity of 1 unit is a capacity
    friction.use_roads(one, "red", p[:2])
    assert one.road_used == {"red": {k1: 1}}
    # road_capacity 0: roads never jam, and nothing is booked
    t = _state(0)
    friction.use_roads(t, "red", p)
    assert t.road_used == {}


def test_an_enemy_standing_on_an_obstacle_clears_it_and_its_owner_does_not():
    # Blue obstacles at (0, 0) (Red's mech stands there) and (0, 5) (Blue's own mech there), Red's at (3, 3) (empty).
    s = _state(0)
    ix = s.game.index
    a, b, c = ix[Hex(0, 0)], ix[Hex(0, 5)], ix[Hex(3, 3)]
    s.obstacles = {a: "blue", b: "blue", c: "red"}
    friction.update(s)
    assert s.obstacles == {b: "blue", c: "red"} and "  obstacle at 0,0 cleared" in s.log


def test_an_engineer_that_stayed_put_lays_obstacles_once():
    # An engineer (lays_obstacles) at (2, 0), listed after a Red mech: it lays Red obstacles there, and nothing
    # more on the next phase (already laid).
    from engine.scenario.model import UnitType
    eng = UnitType("eng", "Engineer battalion", "wheeled", 6, 1, 2, 1, "engineer", lays_obstacles=True, zoc=False)
    r = standard_rules()
    r = attrs.evolve(r, movement=attrs.evolve(r.movement, obstacle_cost=3), unit_types={**r.unit_types, "eng": eng})
    g = hexagon_game([("a", "mech", "red", 0, 3), ("e", "eng", "red", 2, 0), ("b", "mech", "blue", 4, 0)],
                     hexagon_map(roads=ROAD), rules=r)
    s = g.new_initial_state(1)
    ix = g.index
    friction.update(s)
    assert s.obstacles == {ix[Hex(2, 0)]: "red"} and s.log[-1] == "  e lays obstacles and demolitions at 2,0"
    n = len(s.log)
    friction.update(s)
    assert len(s.log) == n


def test_movement_costs_follow_an_obstacle_cleared():
    # Open ground 2 MP a hex, obstacle_cost 3 MP. Red's a stands on a Blue obstacle at (0, 0); Red's r2 at (-2, 0)
    # reaches (1, 0) round it in 4 x 2 = 8 MP (through it 3 x 2 + 3 = 9). Once the phase clears it (an enemy stands
    # on it), 6 MP: the reach is searched again.
    from engine.rules import movement
    r = standard_rules()
    r = attrs.evolve(r, movement=attrs.evolve(r.movement, obstacle_cost=3))
    g = hexagon_game([("a", "mech", "red", 0, 0), ("r2", "mech", "red", -2, 0), ("b", "mech", "blue", 0, 5)],
                     rules=r)
    s = g.new_initial_state(1)
    ix = g.index
    s.obstacles = {ix[Hex(0, 0)]: "blue"}
    assert movement.reach(s, s.units["r2"])[ix[Hex(1, 0)]][0] == 8
    friction.update(s)
    assert s.obstacles == {} and movement.reach(s, s.units["r2"])[ix[Hex(1, 0)]][0] == 6

"""Friction (issue 13, item 5): obstacles cost what the data says, engineers lay them, enemies clear them;
a delaying action trades losses for space."""

from __future__ import annotations

import attrs

from engine.analysis.synthetic import standard_rules
from engine.core.actions import Attack, Move
from engine.geo.hexgrid import Hex
from engine.rules import movement
from engine.scenario.model import Obstacle, UnitType
from tests.enginefixture import hexagon_game, hexagon_map, seed_with_first_die, to_phase

ENG = UnitType("eng", "Engineer battalion", "wheeled", 6, 1, 2, 1, "engineer", lays_obstacles=True, zoc=False)


def _rules(obstacle_cost=3, delay_trade=0):
    r = standard_rules()
    return attrs.evolve(r, movement=attrs.evolve(r.movement, obstacle_cost=obstacle_cost),
                        combat=attrs.evolve(r.combat, delay_trade=delay_trade),
                        unit_types={**r.unit_types, "eng": ENG})


def test_an_obstacle_hex_costs_what_the_data_says():
    g = hexagon_game([("t", "tank", "red", -3, 0), ("b", "inf", "blue", 5, -5)], rules=_rules(3),
                     obstacles=(Obstacle(Hex(-2, 0), "blue"),))
    s = g.new_initial_state(1)
    to_phase(s, "movement")
    r = movement.reach(s, s.units["t"])
    assert r[g.index[Hex(-2, 0)]][0] == 2 + 3  # open ground 2 MP + obstacle 3 MP
    assert r[g.index[Hex(-3, 1)]][0] == 2
    # the side that laid it passes freely
    g2 = hexagon_game([("t", "tank", "red", -3, 0), ("b", "inf", "blue", 5, -5)], rules=_rules(3),
                      obstacles=(Obstacle(Hex(-2, 0), "red"),))
    s2 = g2.new_initial_state(1)
    to_phase(s2, "movement")
    assert movement.reach(s2, s2.units["t"])[g2.index[Hex(-2, 0)]][0] == 2


def test_engineers_lay_obstacles_and_enemies_clear_them():
    g = hexagon_game([("e", "eng", "blue", 3, 0), ("t", "tank", "red", -5, 0)], rules=_rules(3), turns=3)
    s = g.new_initial_state(1)
    to_phase(s, "movement", "red")
    s.apply_action("end")  # red
    while s.turn == 1:
        s.apply_action("end")  # blue's engineer stays put: obstacles at the end of turn 1
    assert s.obstacles == {g.index[Hex(3, 0)]: "blue"}
    assert any("e lays obstacles" in line for line in s.log)


def test_a_delaying_action_trades_a_step_for_a_hex():
    seed = seed_with_first_die(6)  # 3:1 column (tank 6 + mech 4 vs inf 3 ≈ 3.3), die 6 -> D2R1 (synthetic DL2R1)
    units = [("a1", "tank", "red", -1, 0), ("a2", "mech", "red", 0, -1), ("d", "inf", "blue", 0, 0, 2)]
    for trade, want_strength in ((0, None), (1, 1)):
        g = hexagon_game(units, rules=_rules(0, trade))
        s = g.new_initial_state(seed)
        to_phase(s, "combat")
        s.apply_action(Attack(Hex(0, 0), ("a1", "a2")))
        if trade == 0:
            assert "d" not in s.units  # two steps lost: destroyed where it stood
        else:
            assert s.units["d"].strength == want_strength and any("delaying action" in x for x in s.log)
            assert s.units["d"].pos != g.index[Hex(0, 0)]


def test_road_capacity_limits_units_per_hexside_per_turn():
    road = [((q, 0), (q + 1, 0)) for q in range(-5, 5)]
    for cap, want in ((1, 8), (0, 4)):
        r = standard_rules()
        r = attrs.evolve(r, movement=attrs.evolve(r.movement, road_capacity=cap, congested_road_cost=2))
        g = hexagon_game([("t1", "tank", "red", -4, 0), ("t2", "tank", "red", -4, 0), ("b", "inf", "blue", 5, -5)],
                         hexagon_map(roads=road), rules=r)
        s = g.new_initial_state(1)
        to_phase(s, "movement")
        assert movement.reach(s, s.units["t1"])[g.index[Hex(0, 0)]][0] == 4  # 4 road hexes at 1 MP
        s.apply_action(Move("t1", Hex(-4, 0), Hex(0, 0)))
        # the road is full: 2 MP a hex along it, the same as open ground beside it
        assert movement.reach(s, s.units["t2"])[g.index[Hex(0, 0)]][0] == want
        if cap:
            assert s.road_used["red"] and s.clone().road_used == s.road_used
            s2 = type(s).from_json(g, s.to_json())
            assert s2.state_hash() == s.state_hash() and s2.road_used == s.road_used

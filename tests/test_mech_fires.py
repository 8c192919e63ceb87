"""Fires at range (issue 13, item 2): support within range, bombardment with ammunition, counter-battery,
interception of missiles as a probability from data."""

from __future__ import annotations

import attrs

from engine.core.actions import Attack, Bombard, Strike
from engine.geo.hexgrid import Hex
from engine.scenario.model import FireRules, UnitType
from engine.analysis.synthetic import standard_rules
from engine.rules import combat, fires, strike
from tests.enginefixture import hexagon_game, to_phase

GUN = UnitType("gun", "Gun battalion", "tracked", 6, 3, 1, 2, "artillery", range=3, zoc=False)
ROCKET = UnitType("rocket", "Missile brigade", "wheeled", 6, 0, 1, 2, "missile", range=20, strike=4, zoc=False)
SAM = UnitType("abm", "Missile defence battery", "static", 0, 0, 1, 1, "air_defence", air_defence_radius=3,
               air_defence=1, zoc=False, intercept=1.0)


def rules(**fire):
    r = standard_rules()
    types = {**r.unit_types, "gun": GUN, "rocket": ROCKET, "abm": SAM}
    return attrs.evolve(r, unit_types=types, fires=attrs.evolve(FireRules(), **fire))


def _odds(gun_at):
    units = [("a", "mech", "red", -1, 0), ("d", "mech", "blue", 0, 0), ("g", "gun", "red", *gun_at)]
    s = hexagon_game(units, rules=rules()).new_initial_state(1)
    to_phase(s, "combat")
    return combat.odds(s, s.game.index[Hex(0, 0)], ("a",))


def test_a_gun_at_range_3_supports_an_attack_two_hexes_away_and_not_four():
    near, far = _odds((-2, 0)), _odds((-4, 0))  # target (0,0): distance 2 and 4
    assert near.fire_att == ("g",) and near.attack == 4 + 3  # mech 4 + gun 3
    assert far.fire_att == () and far.attack == 4


def test_defensive_fire_and_the_support_limit():
    units = [("a", "mech", "red", -1, 0), ("d", "mech", "blue", 0, 0), ("g1", "gun", "blue", 2, 0),
             ("g2", "gun", "blue", 0, 2), ("g3", "gun", "blue", 3, 0)]
    s = hexagon_game(units, rules=rules(max_support_units=2)).new_initial_state(1)
    to_phase(s, "combat")
    o = combat.odds(s, s.game.index[Hex(0, 0)], ("a",))
    assert o.fire_def == ("g1", "g2") and o.defence == 4 + 3 + 3  # nearest two, ties by id
    s.apply_action(Attack(Hex(0, 0), ("a",)))
    assert s.units["g1"].attacked and not s.units["g3"].attacked  # fired once this phase
    assert any("defensive fire: g1, g2" in line for line in s.log)


def test_bombard_hits_at_range_and_counter_battery_answers():
    units = [("g", "gun", "red", -3, 0), ("d", "mech", "blue", 0, 0), ("cb", "gun", "blue", 0, -3)]
    r = rules(bombard_hit_on=1, bombard_max_hits=1, counter_battery_hit_on=1)  # every die hits: known answer
    s = hexagon_game(units, rules=r).new_initial_state(1)
    to_phase(s, "combat")
    assert Bombard("g", Hex(0, 0)) in s.legal()
    s.apply_action(Bombard("g", Hex(0, 0)))
    assert s.units["d"].strength == 2  # 3 steps - 1 (at most bombard_max_hits)
    assert s.units["g"].strength == 1  # 2 steps - 1: counter-battery from cb (distance 3, range 3)
    assert "fired" in fires.why_illegal(s, Bombard("g", Hex(0, 0)))


def test_bombard_out_of_range_and_without_ammunition_is_illegal():
    units = [("g", "gun", "red", -2, 0), ("d", "mech", "blue", 0, 0), ("far", "mech", "blue", 0, 3)]
    s = hexagon_game(units, rules=rules()).new_initial_state(1)
    to_phase(s, "combat")
    assert "5 hexes from g, beyond its fire range of 3" in fires.why_illegal(s, Bombard("g", Hex(0, 3)))
    assert [a.target for a in s.legal() if isinstance(a, Bombard)] == [Hex(0, 0)]
    s.supply_src["g"] = "dump"
    s.stocks["dump"] = {"ammo": 1}
    assert "has 1 ammo of the 2" in fires.why_illegal(s, Bombard("g", Hex(0, 0)))
    s.stocks["dump"]["ammo"] = 5
    assert fires.why_illegal(s, Bombard("g", Hex(0, 0))) is None
    s.apply_action(Bombard("g", Hex(0, 0)))
    assert s.stocks["dump"]["ammo"] == 3  # ammunition drawn from stocks


def test_interception_probability_one_stops_every_missile():
    units = [("m", "rocket", "red", -6, 0), ("d", "mech", "blue", 0, 0), ("abm", "abm", "blue", 1, 0)]
    g = hexagon_game(units, rules=rules(), phases=("decisions", "events", "air", "movement", "combat", "logistics",
                                                      "end"))
    for seed in range(20):
        s = g.new_initial_state(seed)
        to_phase(s, "air")
        s.apply_action(Strike("m", "hex", Hex(0, 0)))
        assert s.units["d"].strength == 3
        assert any("abm intercepts 4 of 4 missiles" in line for line in s.log)


def test_interception_probability_zero_lets_every_missile_through():
    r = rules()
    r = attrs.evolve(r, unit_types={**r.unit_types, "abm": attrs.evolve(SAM, intercept=0.0)})
    units = [("m", "rocket", "red", -6, 0), ("d", "mech", "blue", 0, 0), ("abm", "abm", "blue", 1, 0)]
    g = hexagon_game(units, rules=r, phases=("decisions", "events", "air", "movement", "combat", "logistics", "end"))
    s = g.new_initial_state(3)
    to_phase(s, "air")
    s.apply_action(Strike("m", "hex", Hex(0, 0)))
    assert strike.interceptors(s, "red", s.game.index[Hex(0, 0)]) == []
    assert any("missile strike (4 points)" in line for line in s.log)

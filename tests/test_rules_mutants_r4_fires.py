"""Known-answer tests for the fire units that support a combat (``fires.supporters`` / ``_ready``),
for `make mutate`.

Fixture: tests/test_mech_fires.py's rules (gun: attack 3, 2 steps, range 3) plus a range-1 mortar
``short``; the hexagon (red BLR, blue POL). Target: the blue mech at (0,0). Red guns: g3 at (-3,0)
(distance 3 = the range), g2 at (-2,0) (2), g1 at (-1,1) (1), g4 at (-4,0) (4: out of range).
Readiness: deployed attacks and defends; alerted (can_attack False, combat factor 0.75) only defends.
"""

import attrs

from engine.geo.hexgrid import Hex
from engine.rules import fires
from engine.scenario.model import NationRule, UnitType
from tests.enginefixture import hexagon_game
from tests.test_mech_fires import rules as fire_rules

SHORT = UnitType("short", "Mortar battalion", "tracked", 6, 2, 1, 2, "artillery", range=1, zoc=False)
GUNS = [("d", "mech", "blue", 0, 0), ("g3", "gun", "red", -3, 0), ("g2", "gun", "red", -2, 0),
        ("g1", "gun", "red", -1, 1), ("g4", "gun", "red", -4, 0)]


def _state(units=GUNS, readiness=None, nation_rules=(), **fire):
    r = fire_rules(**fire)
    r = attrs.evolve(r, unit_types={**r.unit_types, "short": SHORT})
    return hexagon_game(units, rules=r, readiness=readiness, nation_rules=tuple(nation_rules)).new_initial_state(1)


def _ids(s, side="red", attacking=True, target=(0, 0)):
    return [u.id for u in fires.supporters(s, side, s.game.index[Hex(*target)], attacking=attacking)]


def test_nearest_first_up_to_the_cap_and_exactly_at_the_range():
    assert _ids(_state()) == ["g1", "g2"]  # cap 2: distances 1, 2
    assert _ids(_state(max_support_units=1)) == ["g1"]
    assert _ids(_state(max_support_units=4)) == ["g1", "g2", "g3"]  # g3 at exactly 3 counts, g4 at 4 not
    assert _ids(_state(max_support_units=0)) == []
    assert _ids(_state(support_factor=0.0)) == []


def test_defensive_support_switch():
    # defensive_support off: attacks are still supported, defences not
    s = _state(defensive_support=False)
    assert _ids(s) == ["g1", "g2"] and _ids(s, attacking=False) == []
    assert fires.supporters(_state(), "red", _state().game.index[Hex(0, 0)]) != []  # the default is attacking


def test_only_ready_units_fire():
    # g1 has fired this phase, g2 is alerted: attacking, only g3 (and g4 out of range) remain
    s = _state(readiness={"g2": "alerted"}, max_support_units=4)
    s.units["g1"].attacked = True
    assert _ids(s) == ["g3"]
    # in defence an alerted gun fires (combat factor 0.75 > 0); the one that fired still does not
    assert _ids(s, attacking=False) == ["g2", "g3"]
    # the default of ``attacking`` is True: the alerted g2 is left out
    assert [u.id for u in fires.supporters(s, "red", s.game.index[Hex(0, 0)])] == ["g3"]


def test_a_range_1_mortar_supports_next_door():
    s = _state([("d", "mech", "blue", 0, 0), ("m", "short", "red", -1, 0)])
    assert _ids(s) == ["m"]


def test_nation_rules_bind_attack_support_not_defence():
    # BLR may not fire on POL: no red gun supports an attack on the POL mech.
    rule = NationRule("BLR", may_not_fire_on=("POL",), until_turn=5)
    assert _ids(_state(nation_rules=(rule,))) == []
    # POL may not fire on LTU; a POL and an LTU unit defend (1,0) together: blue's gun at (3,0)
    # (distance 2) still supports their defence (the rule binds fire on a target, not in defence).
    units = [("d", "mech", "blue", 1, 0), ("d2", "mech", "blue", 1, 0), ("bg", "gun", "blue", 3, 0),
             ("a", "mech", "red", -2, 0)]
    s = _state(units, nation_rules=(NationRule("POL", may_not_fire_on=("LTU",), until_turn=5),))
    s.units["d2"].nation = "LTU"
    assert _ids(s, side="blue", attacking=False, target=(1, 0)) == ["bg"]


def test_nearest_first_not_by_id_and_a_rule_about_another_nation_binds_nothing():
    # a_far at (-3,0) (distance 3) sorts before z_near at (-1,0) (distance 1) by id; the cap of 1 takes
    # the nearer. A nation rule about LTU leaves the attack on the POL mech supported.
    units = [("d", "mech", "blue", 0, 0), ("a_far", "gun", "red", -3, 0), ("z_near", "gun", "red", -1, 0)]
    assert _ids(_state(units, max_support_units=1)) == ["z_near"]
    rule = NationRule("BLR", may_not_fire_on=("LTU",), until_turn=5)
    assert _ids(_state(units, nation_rules=(rule,))) == ["z_near", "a_far"]

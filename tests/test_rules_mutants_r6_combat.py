"""Known-answer tests for who may attack (``combat.can_attack`` / ``_eligible``) and how far guns reach
(``fires.fire_range``), round 6 of `make mutate` (tests/MUTATION_r6_survivors.md).

Fixture: tests/enginefixture.py's hexagon with the standard rules plus three fire units: a gun (attack 3,
range 3, no fire range of its own), a howitzer (attack 1, range 2, fire range 4) and a missile brigade (attack 0,
range 20). Readiness ladder garrison (may not attack) -> alerted (may not attack) -> deployed.
"""

import attrs

from engine.analysis.synthetic import standard_rules
from engine.rules import combat, fires
from engine.scenario.model import UnitType
from tests.enginefixture import hexagon_game

GUN = UnitType("gun", "Gun battalion", "tracked", 6, 3, 1, 2, "artillery", range=3, zoc=False)
HOW = UnitType("how", "Howitzer battery", "tracked", 6, 1, 1, 1, "artillery", range=2, fire_range=4, zoc=False)
ROCKET = UnitType("rocket", "Missile brigade", "wheeled", 6, 0, 1, 2, "missile", range=20, strike=4, zoc=False)
UNITS = [("r1", "tank", "red", 0, 0), ("r2", "gun", "red", -1, 0), ("r3", "how", "red", -2, 0),
         ("r4", "rocket", "red", -3, 0), ("r5", "mech", "red", -4, 0), ("r6", "inf", "red", -5, 0),
         ("b1", "mech", "blue", 3, 0)]


def _state():
    r = standard_rules()
    r = attrs.evolve(r, unit_types={**r.unit_types, "gun": GUN, "how": HOW, "rocket": ROCKET})
    return hexagon_game(UNITS, rules=r, readiness={"r6": "alerted"}).new_initial_state(1)


def test_a_fire_units_reach_is_its_fire_range_else_its_range_and_nothing_without_attack():
    s = _state()
    assert [fires.fire_range(s, s.units[k]) for k in ("r1", "r2", "r3", "r4")] == [0, 3, 4, 0]


def test_who_may_attack():
    # r1 tank, r2 gun (attack 3), r3 howitzer (attack 1): yes. r4 (attack 0): no. r5 has attacked this phase,
    # r6 is only alerted: no. Blue's b1 may, but is not Red's. Transshipping, r1 may not.
    s = _state()
    assert [u.id for u in combat._eligible(s, "red")] == ["r1", "r2", "r3", "r5"]
    s.units["r5"].attacked = True
    assert [u.id for u in combat._eligible(s, "red")] == ["r1", "r2", "r3"]
    assert [u.id for u in combat._eligible(s, "blue")] == ["b1"]
    s.transship["r1"] = [3, 0]
    assert not combat.can_attack(s, s.units["r1"]) and combat.can_attack(s, s.units["r3"])
    assert [u.id for u in combat._eligible(s, "red")] == ["r2", "r3"]

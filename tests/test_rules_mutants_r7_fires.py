"""Known-answer test for ``fires.group_keys`` under rules of engagement, round 7 of `make mutate`: the named test
gaps of round 6 (tests/MUTATION_r6_survivors.md).

Fixture: tests/enginefixture.py's hexagon with tests/test_mech_fires.py's gun battalion (range 3): Red's gun g at
(-3, 0), Blue's brigade d at (0, 0), 3 hexes away; a tension track, and Red may use force only at >= 90.
"""

from engine.geo.hexgrid import Hex
from engine.rules import fires
from engine.scenario.model import Condition, Track
from tests.enginefixture import hexagon_game, to_phase
from tests.test_mech_fires import rules

UNITS = [("g", "gun", "red", -3, 0), ("d", "mech", "blue", 0, 0)]


def test_a_side_held_back_by_its_rules_of_engagement_gets_no_bombardment_orders():
    # Red's combat phase at tension 90: g has a target in range (d, 3 hexes) and one bombardment group,
    # "bombard:g". At tension 50 (< 90) Red may not use force: no group, though the target is still in range.
    g = hexagon_game(UNITS, rules=rules(), tracks=(Track("tension", "Tension", 0, 100, 90),),
                     engagement={"red": (Condition("tension", ">=", 90),)})
    s = to_phase(g.new_initial_state(1), "combat")
    assert fires.targets(s, s.units["g"]) == [g.index[Hex(0, 0)]]
    assert fires.group_keys(s) == ["bombard:g"]
    s.tracks["tension"] = 50
    assert fires.targets(s, s.units["g"]) == [g.index[Hex(0, 0)]]
    assert fires.group_keys(s) == []

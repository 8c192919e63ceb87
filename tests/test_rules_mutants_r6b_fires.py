"""Known-answer test for which fire units are offered a bombardment (``fires.group_keys``), round 6 of
`make mutate`, the run's last part (tests/MUTATION_r6_survivors.md).

Fixture: tests/test_rules_mutants_r4_fires.py's: a range-1 mortar ``short`` (attack 2) and the gun (range 3)
of tests/test_mech_fires.py's rules, on the hexagon; the blue mech d at (0, 0) is the only enemy.
"""

from tests.enginefixture import to_phase
from tests.test_rules_mutants_r4_fires import _state
from engine.rules import fires


def test_a_range_1_mortar_next_to_an_enemy_may_bombard_and_one_two_hexes_away_may_not():
    # m at (-1, 0) is 1 hex from d: its fire range 1 reaches it. m2 at (-2, 0) (2 hexes) does not.
    s = to_phase(_state([("d", "mech", "blue", 0, 0), ("m", "short", "red", -1, 0), ("m2", "short", "red", -2, 0)]),
                 "combat")
    assert fires.group_keys(s) == ["bombard:m"]

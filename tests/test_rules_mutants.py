"""Tests written to kill mutants that survived `make mutate` (tests/MUTATION.md lists them).

Each test names the behaviour a surviving mutant changed, with the answer derived by hand.
Fixtures: tests/enginefixture.py (hexagon, standard rules, stacking 2) and the rules-of-
engagement map of tests/test_engagement.py (BLR for q <= 0, POL for q >= 1).
"""

from engine.geo.hexgrid import Hex
from tests.enginefixture import hexagon_game, seed_with_first_die, to_phase
from tests.test_engagement import WAR, _game
from tests.airfixture import to_phase as ops_to_phase


def _attack(units, die, order, game=None):
    g = game or hexagon_game(units)
    s = to_phase(g.new_initial_state(seed_with_first_die(die)), "combat")
    s.apply_action(order)
    return s


# --- retreats (engine/rules/combat.py: retreat) ----------------------------------------------

def test_two_hex_retreat_blocked_after_the_first_hex_costs_one_step():
    # Two tanks (12) vs a 3-step mech (4) = 3 -> 3:1, die 6 -> DL2R2: the mech keeps 1 step and must
    # retreat 2 hexes. Attackers at (-1,0) and (-1,1): the first hex is (1,-1) (test_rules_combat_table).
    # From there the hexes 2 from the battle are (2,-2), (2,-1), (1,-2): red infantry at (3,-2) covers
    # the first two, red infantry at (1,-3) the third, and neither touches (1,-1) or (1,0).
    # Blocked after k = 1 hex: loses hexes - k = 1 more step, its last: destroyed (3 steps lost).
    units = [("a", "tank", "red", -1, 0), ("b", "tank", "red", -1, 1), ("z1", "inf", "red", 3, -2),
             ("z2", "inf", "red", 1, -3), ("d", "mech", "blue", 0, 0)]
    s = _attack(units, 6, "attack 0,0 with a,b")
    assert any("-> 3:1; die 6 -> DL2R2" in x for x in s.log)
    assert "  d cannot retreat (1 hex blocked): loses 1 more step" in s.log
    assert "d" not in s.units and s.steps_lost == {"red": 0, "blue": 3}


def test_retreat_blocked_at_once_costs_one_step_per_hex():
    # The same 3:1 die 6 (DL2R2), with red infantry at (2,-1): its ZOC covers both first-hex
    # candidates (1,-1) and (1,0), so the retreat is blocked at once: 2 hexes, 2 more steps
    # (the mech has 1 left after DL2: destroyed by the first).
    units = [("a", "tank", "red", -1, 0), ("b", "tank", "red", -1, 1), ("z1", "inf", "red", 2, -1),
             ("d", "mech", "blue", 0, 0)]
    s = _attack(units, 6, "attack 0,0 with a,b")
    assert "  d cannot retreat (2 hexes blocked): loses 2 more steps" in s.log
    assert "d" not in s.units and s.steps_lost == {"red": 0, "blue": 3}


def test_retreat_into_a_full_friendly_stack_is_refused_but_a_half_full_one_is_not():
    # mech vs mech 1:1, die 5 -> DR1. The defender at (0,0), attacker at (-1,0): candidates (0,1),
    # (1,-1), (1,0), tie -> (0,1). Two blue units at (0,1) fill it (limit 2): next is (1,-1).
    base = [("a", "mech", "red", -1, 0), ("d", "mech", "blue", 0, 0)]
    full = base + [("f1", "inf", "blue", 0, 1), ("f2", "inf", "blue", 0, 1)]
    s = _attack(full, 5, "attack 0,0 with a")
    assert "  d retreats to 1,-1" in s.log and s.unit_hex("d") == Hex(1, -1)
    half = base + [("f1", "inf", "blue", 0, 1)]
    s = _attack(half, 5, "attack 0,0 with a")
    assert "  d retreats to 0,1" in s.log and s.unit_hex("d") == Hex(0, 1)


def test_restrained_side_does_not_retreat_across_the_closed_border():
    # Blue is restrained (BLR closed to it) and stands in BLR at (0,-2); a red tank at (-1,-2)
    # attacks: 6 vs 3 = 2:1, die 2 -> DR1. Retreat candidates outside red ZOC: (0,-1) BLR, (1,-3) POL,
    # (1,-2) POL, each 2 from the tank; unrestrained the tie goes to (0,-1), restrained it may not
    # enter BLR: (1,-3).
    units = [("t", "tank", "red", -1, -2), ("d", "inf", "blue", 0, -2)]
    for blue, want in (((), Hex(0, -1)), ((WAR,), Hex(1, -3))):
        g = _game(units, red=(), blue=blue)
        s = ops_to_phase(g.new_initial_state(seed_with_first_die(2)), "combat")
        s.apply_action("attack 0,-2 with t")
        assert any("-> 2:1; die 2 -> DR1" in x for x in s.log)
        assert s.unit_hex("d") == want, blue

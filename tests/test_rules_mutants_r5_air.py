"""Known-answer tests for the air strike's hits (``air._strike``), round 5 of `make mutate`.

Each air point hits ``floor(strike_hits)`` steps, and rolls one die for the fraction left: a hit on
``round(fraction x 6)`` or less. The dice come from a pinned ``Rng`` (tests/test_golden_rng.py pins the
generator): Rng(3) rolls 3 6 5, Rng(4) rolls 3 4 6. Target: the blue mech (3 steps) at (0,0) on the hexagon.
See tests/MUTATION_r5_survivors.md.
"""

import attrs

from engine.analysis.synthetic import standard_rules
from engine.core.rng import Rng
from engine.geo.hexgrid import Hex
from engine.rules import air
from tests.enginefixture import hexagon_game, seed_with_first_die


def _strike(strike_hits, points, seed, at=(0, 0)):
    r = standard_rules()
    r = attrs.evolve(r, air=attrs.evolve(r.air, strike_hits=strike_hits))
    s = hexagon_game([("d", "mech", "blue", 0, 0), ("a", "mech", "red", -5, 0)], rules=r).new_initial_state(1)
    s.rng = Rng(seed)
    n = len(s.log)
    air._strike(s, "red", s.game.index[Hex(*at)], points)
    return s, s.log[n:]


def test_half_a_hit_per_point_rolls_a_die_each_hitting_on_3_or_less():
    # 0.5: no whole hit, need round(0.5 x 6) = 3. Three points, dice 3 6 5: one hit (the 3, at the limit)
    s, log = _strike(0.5, 3, 3)
    assert log == ["  air strike: dice 3 6 5 (hit on 3 or less) -> 1 hit"]
    assert s.units["d"].strength == 2


def test_one_and_a_half_hits_per_point_add_the_whole_hits_to_the_dice():
    # 1.5: one whole hit per point and a die hitting on 3 or less. Two points, dice 3 4: 2 + 1 = 3 hits,
    # the mech's three steps: destroyed
    s, log = _strike(1.5, 2, 4)
    assert log[0] == "  air strike: dice 3 4 (hit on 3 or less) -> 3 hits"
    assert "d" not in s.units


def test_whole_hits_roll_no_dice():
    # 1.0: need round(0 x 6) = 0: no die at all (the generator is not advanced); two points, two hits
    s, log = _strike(1.0, 2, 4)
    assert log == ["  air strike: -> 2 hits"]
    assert s.units["d"].strength == 1 and s.rng.randint(1, 6) == 3  # Rng(4)'s first die still to come


def test_a_fraction_worth_one_pip_hits_on_a_1():
    # 0.2: need round(1.2) = 1: the die hits only on a 1
    s, log = _strike(0.2, 1, seed_with_first_die(1))
    assert log == ["  air strike: dice 1 (hit on 1 or less) -> 1 hit"]


def test_a_strike_on_an_empty_hex_says_so_and_hits_nothing():
    s, log = _strike(1.0, 1, 4, at=(1, 0))
    assert log == ["  air strike: -> 1 hit on an empty hex"]
    assert s.units["d"].strength == 3 and s.units["a"].strength == 3

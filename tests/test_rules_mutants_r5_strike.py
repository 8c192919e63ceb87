"""Known-answer test for missile-strike legality (``strike.why_illegal``), round 5 of `make mutate`.

Fixture: tests/test_rules_mutants_r4_strike2.py (launcher ``r_isk``, an Iskander with range 8, at (4,0); a
far blue mech). See tests/MUTATION_r5_survivors.md.
"""

from engine.core.actions import Strike
from engine.rules import strike
from tests.airfixture import base
from tests.test_rules_mutants_r4_strike import FAR_BLUE
from tests.test_rules_mutants_r4_strike2 import L, _air


def test_a_strike_on_an_own_base_is_refused_word_for_word():
    # red's base at (5,0), 1 hex from the launcher: in range, but red's own; a blue base there is a target
    s = _air([L, FAR_BLUE], bases=[base("r_home", "logistic", "red", 5, 0)])
    assert strike.why_illegal(s, Strike("r_isk", "base", base="r_home")) == "base r_home is red's own"
    s = _air([L, FAR_BLUE], bases=[base("dep", "logistic", "blue", 5, 0)])
    assert strike.why_illegal(s, Strike("r_isk", "base", base="dep")) is None


def test_a_rule_against_two_nations_names_both_in_order():
    # BLR may not fire on LTU or POL until turn 5; a target hex holding POL and LTU units names both, sorted
    from engine.rules import engagement
    from engine.scenario.model import NationRule
    rule = NationRule("BLR", may_not_fire_on=("POL", "LTU"), until_turn=5)
    s = _air([L, FAR_BLUE], nation_rules=(rule,))
    assert engagement.why_no_fire_on(s, "BLR", ["POL", "LTU", "BLR"]) == \
        "BLR units may not fire on LTU, POL units yet (released by turn 5)"


def test_a_restrained_unit_deep_inside_a_closed_country_may_not_move_within_it():
    # tests/test_engagement.py's hexagon (BLR q <= 0, POL q >= 1); Blue restrained: BLR closed to it. A blue
    # infantry at (-3,0), all six neighbours in BLR, has no legal move at all; one at (1,0) in POL moves.
    from engine.core.actions import Move
    from tests.airfixture import to_phase
    from tests.test_engagement import WAR, _game
    g = _game([("r", "inf", "red", -4, 4), ("b1", "inf", "blue", -3, 0), ("b2", "inf", "blue", 2, -1)],
              red=(), blue=(WAR,))
    s = to_phase(g.new_initial_state(0), "movement", "blue")
    moves = [a for a in s.legal_actions() if isinstance(a, Move)]
    assert [m for m in moves if m.unit == "b1"] == [] and any(m.unit == "b2" for m in moves)

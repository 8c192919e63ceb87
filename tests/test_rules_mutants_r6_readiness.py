"""Known-answer tests for ``readiness.why_illegal`` / ``_why`` (a Ready order refused) and ``readiness.apply``
(its log line, with the turns a base saves), round 6 of `make mutate` (tests/MUTATION_r6_survivors.md).

Fixture: tests/enginefixture.py's hexagon, 24-hour turns; readiness ladder garrison -> alerted -> deployed with
each step taking 3 turns here (standard rules: 1), so that a logistic base's bonus of 1 still leaves 2.
"""

import attrs

from engine.analysis.synthetic import standard_rules
from engine.core.actions import Ready
from engine.geo.hexgrid import Hex
from engine.rules import readiness
from engine.scenario.model import BaseEffects, BaseSpec
from tests.enginefixture import hexagon_game, to_phase

UNITS = [("r1", "tank", "red", 0, 0), ("r2", "mech", "red", -2, 0), ("b1", "mech", "blue", 3, 0)]


def _state():
    r = standard_rules()
    r = attrs.evolve(r, readiness=attrs.evolve(r.readiness, transition_turns={"garrison->alerted": 3,
                                                                              "alerted->deployed": 3}))
    depot = BaseSpec("dep", "logistic", "dep", "red", "BLR", Hex(0, 0), 0, {}, BaseEffects(), True)
    g = hexagon_game(UNITS, rules=r, readiness={"r1": "garrison", "r2": "garrison"}, bases=(depot,))
    s = g.new_initial_state(1)
    to_phase(s, "decisions")
    return s


def test_ready_is_refused_for_a_unit_not_on_the_map_or_not_ours_or_already_climbing():
    s = _state()
    assert readiness.why_illegal(s, Ready("zz")) == "there is no unit 'zz' on the map"
    assert readiness.why_illegal(s, Ready("b1")) == "b1 belongs to blue, and red is to act"
    assert readiness.why_illegal(s, Ready("r2")) is None
    s.units["r2"].ready_in = 1  # one turn left to the next state: still climbing
    assert readiness.why_illegal(s, Ready("r2")) == \
        "r2 is already raising readiness (1 turn(s) to the next state)"


def test_the_ready_log_says_how_many_turns_a_base_saved_and_nothing_without_one():
    # r1 stands on the logistic base dep: 3 - 1 = 2 turns, 1 saved. r2 has no base: 3 turns, no remark.
    s = _state()
    readiness.apply(s, Ready("r1"))
    assert s.log[-1] == "  r1 raising readiness: garrison -> next state in 2 turn(s) (1 saved at the base)"
    readiness.apply(s, Ready("r2"))
    assert s.log[-1] == "  r2 raising readiness: garrison -> next state in 3 turn(s)"


def test_a_bases_saving_is_the_best_of_the_bases_there_and_only_logistic_bases_save_by_default():
    # r1 on two bases: dep (logistic: logistic_base_bonus 1) and hq (no bonus), listed after it: 1 saved.
    # r2 on a depot (not logistic, no bonus): nothing saved. A ladder step with no transition_turns entry: 1 turn.
    r = standard_rules()
    r = attrs.evolve(r, readiness=attrs.evolve(r.readiness, transition_turns={"garrison->alerted": 3}))
    bases = (BaseSpec("dep", "logistic", "dep", "red", "BLR", Hex(0, 0), 0, {}, BaseEffects(), True),
             BaseSpec("hq", "hq", "hq", "red", "BLR", Hex(0, 0), 0, {}, BaseEffects(), True),
             BaseSpec("dp", "depot", "dp", "red", "BLR", Hex(-2, 0), 0, {}, BaseEffects(), True))
    g = hexagon_game(UNITS, rules=r, readiness={"r1": "garrison", "r2": "garrison"}, bases=bases)
    s = to_phase(g.new_initial_state(1), "decisions")
    assert readiness.bonus(s, s.units["r1"]) == 1 and readiness.bonus(s, s.units["r2"]) == 0
    s.units["r2"].readiness = "alerted"
    assert readiness.step_turns(s, s.units["r2"]) == 1  # alerted -> deployed: no entry, 1 turn


def test_the_logistics_phase_counts_down_only_units_that_are_climbing():
    s = _state()
    readiness.apply(s, Ready("r1"))  # 2 turns to go (the base saves 1)
    readiness.update(s)
    assert s.units["r1"].ready_in == 1 and s.units["r2"].ready_in == 0 and s.units["b1"].ready_in == 0

"""Known-answer test for struck bases coming back (``strike.new_turn``), round 6 of `make mutate`, the run's last
part (tests/MUTATION_r6_survivors.md).

Fixture: tests/logifixture.py's railway with a red depot ``dep`` at (-8, 0).
"""

from engine.rules import strike
from tests.logifixture import base, logi_game


def test_a_struck_base_comes_back_when_due_and_is_announced_only_if_it_was_down():
    g = logi_game([("r1", "mech", "red", -7, 0), ("b", "inf", "blue", 0, -8)],
                  bases=(base("dep", "depot", -8, 0, stocks={"fuel": 10}),))
    s = g.new_initial_state(1)
    # down until turn 3: still down on turn 2
    s.base_active["dep"], s.base_down = False, [["dep", 3]]
    s.turn = 2
    strike.new_turn(s)
    assert s.base_active["dep"] is False and s.base_down == [["dep", 3]]
    # on turn 3 it is back, and the log says so
    s.turn = 3
    strike.new_turn(s)
    assert s.base_active["dep"] is True and s.base_down == []
    assert s.log[-1] == "  base dep is back in action after strike damage"
    # an event established it again before its repair was due: nothing to announce when the repair comes
    s.base_down = [["dep", 4]]
    s.turn = 4
    n = len(s.log)
    strike.new_turn(s)
    assert s.base_active["dep"] is True and s.base_down == [] and s.log[n:] == []

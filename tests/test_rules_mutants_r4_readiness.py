"""Known-answer test for ``readiness.set_state`` (an event's set_readiness effect), for `make mutate`.

Fixture: tests/enginefixture.py's hexagon; readiness ladder garrison -> alerted -> deployed (standard rules).
"""

from engine.rules import readiness
from tests.enginefixture import hexagon_game


def test_set_state_logs_old_and_new_and_is_silent_when_nothing_changes():
    s = hexagon_game([("r1", "tank", "red", 0, 0), ("b1", "mech", "blue", 3, 0)]).new_initial_state(1)
    u = s.units["r1"]
    u.ready_in = 2  # climbing: the effect stops the climb
    readiness.set_state(s, u, "garrison", "event x")
    assert s.log[-1] == "  event x: r1 deployed -> garrison" and (u.readiness, u.ready_in) == ("garrison", 0)
    n = len(s.log)
    readiness.set_state(s, u, "garrison", "event y")  # already there, not climbing: nothing to say
    assert len(s.log) == n
    u.ready_in = 1  # at garrison but climbing: the effect holds it there, and says so
    readiness.set_state(s, u, "garrison", "event z")
    assert s.log[-1] == "  event z: r1 garrison -> garrison" and u.ready_in == 0

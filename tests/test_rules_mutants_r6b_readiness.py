"""Known-answer test for who may be given a ``ready`` order (``readiness.candidates``), round 6 of `make mutate`,
the run's last part (tests/MUTATION_r6_survivors.md).

Fixture: tests/enginefixture.py's hexagon, standard rules: the ladder garrison -> alerted -> deployed (restrained
is held, outside it).
"""

from engine.rules import readiness
from tests.enginefixture import hexagon_game


def test_candidates_are_the_units_below_the_top_that_are_not_already_climbing():
    # g (garrison) and a (alerted) may be raised, d (deployed, the top) may not. Once a is climbing with one
    # turn still to go (ready_in 1) it is no candidate; at 0 it is again.
    units = [("g", "inf", "red", 0, 0), ("a", "inf", "red", 1, 0), ("d", "inf", "red", 2, 0),
             ("b", "inf", "blue", 5, 0)]
    s = hexagon_game(units, readiness={"g": "garrison", "a": "alerted"}).new_initial_state(1)
    assert readiness.order(s) == ("garrison", "alerted", "deployed") and s.current_player() == "red"
    assert readiness.candidates(s) == ["a", "g"]
    s.units["a"].ready_in = 1
    assert readiness.candidates(s) == ["g"]
    s.units["a"].ready_in = 0
    assert readiness.candidates(s) == ["a", "g"]

"""Known-answer test for the scenario's prepared obstacles (``friction.start_of_game``), round 6 of
`make mutate`, the run's last part (tests/MUTATION_r6_survivors.md).

Fixture: tests/test_mech_friction.py's hexagon and rules (obstacle_cost 3); Blue's prepared obstacle at (-2, 0).
"""

from engine.core.actions import Move
from engine.geo.hexgrid import Hex
from engine.scenario.model import Obstacle
from tests.enginefixture import hexagon_game, to_phase
from tests.test_mech_friction import _rules


def test_prepared_obstacles_are_laid_on_turn_1_only():
    # Red's tank t drives onto the obstacle on turn 1 (2 MP of open ground + 3) and clears it in the logistics
    # phase. At the start of turn 2 it is not laid again: no obstacle.
    g = hexagon_game([("t", "tank", "red", -3, 0), ("b", "inf", "blue", 5, -5)], rules=_rules(3), turns=3,
                     obstacles=(Obstacle(Hex(-2, 0), "blue"),))
    s = to_phase(g.new_initial_state(1), "movement")
    assert s.obstacles == {g.index[Hex(-2, 0)]: "blue"}
    s.apply_action(Move("t", Hex(-3, 0), Hex(-2, 0)))
    while s.turn == 1:
        s.apply_action("end")
    assert s.obstacles == {}

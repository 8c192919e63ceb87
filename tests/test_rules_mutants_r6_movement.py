"""Known-answer test for ``movement.unit_orders`` (whose orders are listed), round 6 of `make mutate`
(tests/MUTATION_r6_survivors.md).

Fixture: tests/enginefixture.py's hexagon; Red to act in the movement phase.
"""

from engine.rules import movement
from tests.enginefixture import hexagon_game, to_phase


def test_orders_are_listed_only_for_a_unit_of_the_side_to_act():
    s = to_phase(hexagon_game([("r1", "mech", "red", 0, 0), ("b1", "mech", "blue", 4, 0)]).new_initial_state(1),
                 "movement")
    assert s.current_player() == "red"
    assert len(movement.unit_orders(s, "r1")) > 0
    assert len(movement.unit_orders(s, "b1")) == 0  # Blue's mech could move, but Red is to act
    assert len(movement.unit_orders(s, "zz")) == 0  # no such unit

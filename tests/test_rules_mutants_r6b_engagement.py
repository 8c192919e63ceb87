"""Known-answer test for the countries a restrained side may not enter when there are three sides
(``engagement._spec`` / ``hostile_countries``), round 6 of `make mutate`, the run's last part
(tests/MUTATION_r6_survivors.md).
"""

from engine.rules import engagement
from engine.scenario.model import Condition, Side
from tests.enginefixture import hexagon_game

SIDES = (Side("red", "Red", ("BLR",), "#c00000", ("BLR",)), Side("blue", "Blue", ("POL",), "#0000c0", ("POL",)),
         Side("green", "Green", ("LTU",), "#00c000", ("LTU",)))


def three_sides():
    """The hexagon with a third side, Green (Lithuania); Red is restrained until tension >= 90."""
    return hexagon_game([("r", "mech", "red", 0, 0), ("b", "mech", "blue", 3, 0)], sides=SIDES,
                        initiative=("red", "blue", "green"), engagement={"red": (Condition("tension", ">=", 90),)})


def test_a_restrained_side_may_enter_none_of_the_other_sides_countries():
    # Red's hostile countries are Blue's and Green's (home countries and nations): POL and LTU, not only the
    # last side's. Blue and Green have no engagement entry: nothing closed.
    g = three_sides()
    assert engagement.hostile_countries(g, "red") == frozenset({"POL", "LTU"})
    assert engagement.hostile_countries(g, "blue") == frozenset()

"""Known-answer tests for who is offered move orders (``movement.movers``, the per-Game tables that inline
``movement.can_move``) and for the refusal of an order naming no unit (``occupancy.own_unit``), round 6 of
`make mutate`, the run's last part (tests/MUTATION_r6_survivors.md).

Fixture: tests/enginefixture.py's hexagon with the standard rules plus three unit types: ``crawl`` (tracked,
1 movement point), ``stuck`` (tracked, 0 points) and ``dug`` (class static, 2 points). Red to act in the
movement phase.
"""

import attrs

from engine.analysis.synthetic import standard_rules
from engine.core.actions import Move
from engine.geo.hexgrid import Hex
from engine.rules import movement
from engine.scenario.model import UnitType
from tests.enginefixture import hexagon_game, to_phase

CRAWL = UnitType("crawl", "Slow column", "tracked", 1, 1, 1, 1, "infantry")
STUCK = UnitType("stuck", "Immobile column", "tracked", 0, 1, 1, 1, "infantry")
DUG = UnitType("dug", "Fixed battery", "static", 2, 1, 1, 1, "artillery")


def _state(readiness=None):
    r = standard_rules()
    r = attrs.evolve(r, unit_types={**r.unit_types, "crawl": CRAWL, "stuck": STUCK, "dug": DUG})
    units = [("a", "mech", "red", 0, 0), ("c", "crawl", "red", 2, 0), ("d", "dug", "red", -2, 0),
             ("e", "stuck", "red", 0, 2), ("f", "mech", "red", 0, -2), ("b", "mech", "blue", 5, 0)]
    return to_phase(hexagon_game(units, rules=r, readiness=readiness).new_initial_state(1), "movement")


def test_movers_are_the_units_with_movement_points_of_a_class_that_moves():
    # a (mech) and c (1 point) move; d (static class, though it has 2 points) and e (0 points) never do.
    # f is in a readiness state the rules do not list (a unit made without the loader): can_move lets such a
    # unit move (no state forbids it), and movers, which inlines can_move, lists it too.
    s = _state(readiness={"f": "unlisted"})
    assert "unlisted" not in s.game.readiness
    assert movement.movers(s) == ["a", "c", "f"]
    assert [k for k in s.side_unit_ids("red") if movement.can_move(s, s.units[k])] == ["a", "c", "f"]
    s.units["a"].moved = True
    assert movement.movers(s) == ["c", "f"]


def test_an_order_for_no_unit_names_it_without_suggestions():
    # Move orders ask own_unit without suggestions (unlike bombard and strike orders): no "did you mean 'a'".
    s = _state()
    assert movement.why_illegal(s, Move("aa", Hex(0, 0), Hex(1, 0))) == "there is no unit 'aa' on the map"

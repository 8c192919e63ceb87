"""Known-answer test for which units get a group of off-map orders (``offmap.group_keys``), round 6 of
`make mutate`, the run's last part (tests/MUTATION_r6_survivors.md).

Fixture: tests/test_rules_mutants_r5_offmap.py's hexagon with the box ``east`` (open to Red, 36 h = 2 turns
by rail to the entry hex (-5, 0)); red tank d starts in the box, blue infantry b at (4, 0).
"""

from engine.core.actions import ToBox
from engine.rules import offmap
from tests.enginefixture import to_phase
from tests.test_rules_mutants_r5_offmap import GATE, _game


def test_only_units_of_the_side_to_act_with_an_order_now_get_a_group():
    # Red's movement: d (in the box) may come out, t (on the entry hex) may go in: both. u at (-3, 0) is on no
    # entry hex: none.
    s = to_phase(_game([("t", "tank", "red", -5, 0), ("u", "tank", "red", -3, 0)]).new_initial_state(1), "movement")
    assert offmap.group_keys(s) == ["box:d", "box:t"]
    # t has moved this turn: it may not go in any more, so no group for it.
    s.units["t"].moved = True
    assert offmap.group_keys(s) == ["box:d"]


def test_a_unit_on_its_way_into_the_box_has_no_group():
    # t goes in on turn 1 and is there on turn 3: on its way it has no order (it may not come out yet).
    s = to_phase(_game([("t", "tank", "red", -5, 0)]).new_initial_state(1), "movement")
    s.apply_action(ToBox("t", GATE, "east"))
    assert offmap.group_keys(s) == ["box:d"]
    # Blue's movement: the box holds only Red's units: no group for Blue.
    to_phase(s, "movement", "blue")
    assert offmap.group_keys(s) == []

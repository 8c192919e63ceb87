"""Known-answer test for ``offmap.where`` (read by the seminar table's box panel), for `make mutate`.

Fixture: tests/test_mech_offmap.py's box ``east`` (36 h by rail to the gate hex (-5, 0)), red tank ``t``
on the map, tank ``d`` starting in the box; 24-hour turns.
"""

from engine.core.actions import FromBox
from engine.rules import offmap
from tests.enginefixture import to_phase
from tests.test_mech_offmap import GATE, box_game


def test_where_gives_box_destination_and_turn_for_units_off_the_map_only():
    g = box_game(36, 24)
    s = to_phase(g.new_initial_state(1), "movement")
    # 'd' sits in the box since turn 1 (destination -1: the box itself); 't' is on the map; 'zz' is nobody
    assert offmap.where(s, "d") == ("east", -1, 1)
    assert offmap.where(s, "t") is None and offmap.where(s, "zz") is None
    # ordered out on turn 1: 36 h is ceil(36 / 24) = 2 turns, so it reaches the gate on turn 3
    s.apply_action(FromBox("d", "east", GATE))
    assert offmap.where(s, "d") == ("east", g.index[GATE], 3)

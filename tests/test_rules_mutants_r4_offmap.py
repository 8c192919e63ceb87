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


def test_to_box_refusals_word_for_word():
    from engine.core.actions import ToBox
    from engine.geo.hexgrid import Hex
    from tests.enginefixture import hexagon_game
    s = to_phase(box_game(36, 24).new_initial_state(1), "movement")
    # tank 't' is at (-3,0); the box 'east' ("East depth") has one entry hex, the gate (-5,0)
    assert offmap.why_illegal_to(s, ToBox("t", Hex(-3, 0), "wets")) == "there is no off-map box 'wets' (boxes: east)"
    assert offmap.why_illegal_to(s, ToBox("t", Hex(-2, 0), "east")) == "t is at -3,0, not -2,0"
    assert offmap.why_illegal_to(s, ToBox("t", Hex(-3, 0), "east")) == \
        "-3,0 is not an entry hex of East depth (entry hexes: -5,0)"
    plain = hexagon_game([("t", "tank", "red", -3, 0), ("b", "inf", "blue", 4, 0)]).new_initial_state(1)
    assert offmap.why_illegal_to(plain, ToBox("t", Hex(-3, 0), "east")) == "there is no off-map box 'east' (boxes: none)"


def test_to_box_refusals_list_every_box_and_every_entry_hex():
    from engine.core.actions import ToBox
    from engine.geo.hexgrid import Hex
    from engine.scenario.model import Box, BoxLink
    from tests.enginefixture import hexagon_game
    boxes = (Box("east", "East depth", "RUS", ("red",), (BoxLink(GATE, 36, "rail"), BoxLink(Hex(-5, 1), 36, "road"))),
             Box("north", "North", "RUS", ("red",), (BoxLink(Hex(0, -5), 24, "road"),)))
    g = hexagon_game([("t", "tank", "red", -3, 0), ("b", "inf", "blue", 4, 0)], turns=8, boxes=boxes)
    s = to_phase(g.new_initial_state(1), "movement")
    assert offmap.why_illegal_to(s, ToBox("t", Hex(-3, 0), "wets")) == \
        "there is no off-map box 'wets' (boxes: east, north)"
    assert offmap.why_illegal_to(s, ToBox("t", Hex(-3, 0), "east")) == \
        "-3,0 is not an entry hex of East depth (entry hexes: -5,0, -5,1)"

"""Known-answer tests for the end of a transshipment (``rail.finish_transshipment``), round 5 of `make mutate`.

Fixture: tests/logifixture.py ``rail_map(split=0)``: rail along r = 0, 1520 mm gauge west of (0,0) and
1435 mm from it east, (0,0) the transshipment point; Red may use the rails of BLR and POL (as
tests/test_ops_rail.py). Red mech ``r1`` has just changed gauge at (0,0). See tests/MUTATION_r5_survivors.md.
"""

from engine.geo.hexgrid import Hex
from engine.rules import rail
from tests.logifixture import advance_to, logi_game, rail_map


def _finish(dst, others=(), cut=None):
    units = [("r1", "mech", "red", -6, 0), ("b1", "inf", "blue", 0, -8), *others]
    g = logi_game(units, m=rail_map(split=0), red_rail=("BLR", "POL"))
    s = advance_to(g.new_initial_state(0), 1, "movement")
    if cut:
        assert rail.cut_link(s, g.index[Hex(*cut[0])], g.index[Hex(*cut[1])])
    s.transship["r1"] = [1, g.index[Hex(*dst)]]
    s.relocate(s.units["r1"], g.index[Hex(0, 0)])
    n = len(s.log)
    rail.finish_transshipment(s, "r1")
    return s, s.log[n:], g.hexes[s.units["r1"].pos]


def test_bound_for_the_transshipment_hex_itself_it_only_changes_gauge():
    s, log, at = _finish((0, 0))
    assert log[0] == "  r1 has changed gauge at 0,0" and at == Hex(0, 0) and "r1" not in s.transship


def test_an_enemy_on_the_destination_stops_it_where_it_is():
    s, log, at = _finish((3, 0), [("b2", "inf", "blue", 3, 0)])
    assert log[0] == "  r1 cannot continue to 3,0; stays at 0,0" and at == Hex(0, 0)


def test_a_friendly_unit_on_the_destination_leaves_room_for_it():
    # r2 at (3,0): one red unit, stacking limit 2: r1 goes on and stacks with it
    s, log, at = _finish((3, 0), [("r2", "mech", "red", 3, 0)])
    assert log[0] == "  r1 arrives by rail at 3,0 after transshipment" and at == Hex(3, 0)


def test_a_full_stack_on_the_destination_stops_it():
    # r2 and r3 at (3,0): two red units, the stacking limit: r1 stays at the transshipment hex
    s, log, at = _finish((3, 0), [("r2", "mech", "red", 3, 0), ("r3", "mech", "red", 3, 0)])
    assert log[0] == "  r1 cannot continue to 3,0; stays at 0,0" and at == Hex(0, 0)


def test_a_link_cut_on_the_way_stops_it():
    # the link (1,0)-(2,0) is cut: (3,0) cannot be reached by rail from (0,0) any more
    s, log, at = _finish((3, 0), cut=((1, 0), (2, 0)))
    assert log[0] == "  r1 cannot continue to 3,0; stays at 0,0" and at == Hex(0, 0)

"""Known-answer tests for the cut-off phase over several places (``cutoff.update``), round 7 of `make mutate`: the
named test gaps of round 6 (tests/MUTATION_r6_survivors.md).

Fixture: tests/logifixture.py ``rail_map(split=2)``: a radius-8 hexagon, Poland (Blue's home) east of q = 2, Belarus
(Red's) west; its places West (-8, 0) and East (8, 0), plus NE at the corner (8, -8) (Poland unless a test says
otherwise). Blue's entry hex (its only supply source) is (5, -3). cut_off_control_days 1: a place cut off at two
logistics phases in a row passes (2 > 1). A corner place has three neighbours; a Red brigade on one of them puts
the other two in its zone of control, so the place is cut off: Red at (7, 0) cuts off East, Red at (7, -7) NE.
Places are taken in hex order: NE (8, -8) before East (8, 0).
"""

import attrs

from engine.analysis.synthetic import standard_rules
from engine.geo.hexgrid import Hex
from engine.geo.theatre import Place
from engine.rules import cutoff, supply
from tests.logifixture import logi_game, rail_map

NE, EAST = Hex(8, -8), Hex(8, 0)


def _state(units, ne_country="POL", blue_entries=((5, -3),)):
    r = standard_rules()
    r = attrs.evolve(r, supply=attrs.evolve(r.supply, home_territory=True, home_territory_trace=True,
                                            cut_off_control_days=1))
    m = rail_map(split=2)
    m = attrs.evolve(m, places=m.places + (Place("NE", NE, 0.0, 0.0, 1000, ne_country),),
                     country={**m.country, NE: ne_country})
    s = logi_game(units, m, rules=r, blue_entries=blue_entries).new_initial_state(1)
    assert s.game.index[NE] < s.game.index[EAST]
    return s


def _ix(s, h):
    return s.game.index[h]


def test_two_cut_off_places_pass_in_the_same_phase_and_say_so():
    # Red at (7, -7) and (7, 0) cut off NE and East. First phase: both counted 1; second: both pass (2 > 1), with
    # a log line each.
    s = _state([("r1", "mech", "red", 7, -7), ("r2", "mech", "red", 7, 0)])
    assert cutoff.cut_off(s, _ix(s, NE), "blue") and cutoff.cut_off(s, _ix(s, EAST), "blue")
    cutoff.update(s)
    assert s.cutoff == {_ix(s, NE): ["red", 1], _ix(s, EAST): ["red", 1]}
    n = len(s.log)
    cutoff.update(s)
    assert s.control[_ix(s, NE)] == "red" and s.control[_ix(s, EAST)] == "red" and s.cutoff == {}
    assert s.log[n:] == ["  NE passes to red: cut off and ungarrisoned for 2 turns",
                         "  East passes to red: cut off and ungarrisoned for 2 turns"]


def test_a_garrisoned_place_before_a_cut_off_one_does_not_stop_the_count():
    # Blue holds NE with a brigade (not cut off; Red at (7, -7) next to it): skipped. East, after it, is counted.
    s = _state([("b1", "mech", "blue", 8, -8), ("r1", "mech", "red", 7, -7), ("r2", "mech", "red", 7, 0)])
    cutoff.update(s)
    assert s.cutoff == {_ix(s, EAST): ["red", 1]}


def test_a_place_next_to_only_its_owners_units_before_a_cut_off_one_does_not_stop_the_count():
    # West (-8, 0), hex index 0, is Red's; a Red brigade next to it at (-7, 0) is no taker (its own side): skipped.
    s = _state([("r0", "mech", "red", -7, 0), ("r2", "mech", "red", 7, 0)])
    assert _ix(s, Hex(-8, 0)) == 0 and cutoff.takers(s, 0, "red") == []
    cutoff.update(s)
    assert s.cutoff == {_ix(s, EAST): ["red", 1]}


def test_a_neutral_place_before_a_cut_off_one_does_not_stop_the_count():
    # NE in Lithuania, no side's home: nobody controls it, so it is skipped (Red next to it at (7, -7)); East counts.
    s = _state([("r1", "mech", "red", 7, -7), ("r2", "mech", "red", 7, 0)], ne_country="LTU")
    assert s.control.get(_ix(s, NE)) is None
    cutoff.update(s)
    assert s.cutoff == {_ix(s, EAST): ["red", 1]}


def test_a_place_of_a_side_without_supply_sources_never_passes():
    # No entry hex and no base for Blue: its supply is not modelled, so its places are never cut off (East stays
    # Blue's and is not counted, though no path leads from it to a source).
    s = _state([("r2", "mech", "red", 7, 0)], blue_entries=())
    assert not supply.is_modelled(s, "blue")
    cutoff.update(s)
    cutoff.update(s)
    assert s.cutoff == {} and s.control[_ix(s, EAST)] == "blue"


def test_the_owners_own_brigade_next_to_a_cut_off_place_takes_nothing():
    # Red at (7, 0) and (7, -2); a Blue brigade at (8, -1), next to East, is itself cut off: its other neighbours
    # (8, -2) and (7, -1) lie in the zone of control of Red at (7, -2). East is cut off; the Blue brigade next to it
    # is no taker: the count is Red's, and East passes to Red.
    s = _state([("r2", "mech", "red", 7, 0), ("r3", "mech", "red", 7, -2), ("b2", "mech", "blue", 8, -1)])
    assert cutoff.takers(s, _ix(s, EAST), "blue") == ["red"] and cutoff.cut_off(s, _ix(s, EAST), "blue")
    cutoff.update(s)
    assert s.cutoff == {_ix(s, EAST): ["red", 1]}
    cutoff.update(s)
    assert s.control[_ix(s, EAST)] == "red"

"""Encirclement (issue 15): home soil supplies only units still joined to a source; a bypassed, cut-off,
ungarrisoned place passes to the enemy next to it after ``supply.cut_off_control_days``."""

from __future__ import annotations

import attrs

from engine.analysis.synthetic import standard_rules
from engine.geo.hexgrid import Hex
from engine.rules import cutoff, supply
from tests.logifixture import advance_to, logi_game, rail_map

# rail_map(split=2): radius-8 hexagon, POL east of q = 2 (Blue's home), BLR west; places West (-8, 0), East (8, 0).
RING = [(7, 0), (7, -1), (6, -1), (5, 0), (5, 1), (6, 1)]  # the six neighbours of (6, 0)


def _rules(trace: bool = True, days: int = 1):
    r = standard_rules()
    return attrs.evolve(r, supply=attrs.evolve(r.supply, home_territory=True, home_territory_trace=trace,
                                               cut_off_control_days=days))


def _pocket(trace: bool):
    # "pl" at (6, 0) with Red on all six neighbours; "pl2" at (3, 5), 13 hexes from Blue's entry (8, -8) but
    # joined to it along q = 3 and r = -8 (Polish hexes at least 3 from (6, 0), outside the ring's ZOC).
    units = [("pl", "mech", "blue", 6, 0), ("pl2", "mech", "blue", 3, 5)]
    units += [(f"r{i}", "mech", "red", q, r) for i, (q, r) in enumerate(RING)]
    return logi_game(units, rail_map(split=2), rules=_rules(trace), blue_entries=((8, -8),))


def test_encircled_unit_on_home_soil_is_out_of_supply_and_a_connected_one_in():
    s = _pocket(trace=True).new_initial_state(1)
    g = s.game
    assert s.units["pl"].supplied is False  # every way out runs through a Red-held hex
    assert s.units["pl2"].supplied is True  # 13 hexes from the entry: only home soil supplies it
    conn = supply.connected(s, "blue", home_only=True)
    assert g.index[Hex(3, 5)] in conn and g.index[Hex(6, 0)] not in conn
    assert g.index[Hex(0, 0)] not in conn  # Belarus is not Blue's home: the flood stays in Poland
    # the old rule (home_territory without the trace) kept the encircled brigade in supply
    old = _pocket(trace=False).new_initial_state(1)
    assert old.units["pl"].supplied is True and old.units["pl2"].supplied is True


def _east(red_at, blue_on_east: bool = False, days: int = 1):
    units = [("r", "mech", "red", *red_at)]
    if blue_on_east:
        units.append(("pl", "mech", "blue", 8, 0))
    return logi_game(units, rail_map(split=2), rules=_rules(days=days), blue_entries=((8, -8),))


def test_cut_off_ungarrisoned_place_passes_after_a_day_and_not_before():
    # Red at (7, 0) holds one neighbour of East (8, 0) and its ZOC covers the other two, (8, -1) and (7, 1):
    # East is cut off from the entry (8, -8). Seen at turn 1's logistics (1 turn), passes at turn 2's (2 > 1).
    s = _east((7, 0)).new_initial_state(1)
    g = s.game
    east = g.index[Hex(8, 0)]
    assert s.control[east] == "blue"
    assert cutoff.cut_off(s, east, "blue") and cutoff.takers(s, east, "blue") == ["red"]
    advance_to(s, 2, "movement")
    assert s.control[east] == "blue" and s.cutoff == {east: ["red", 1]}
    advance_to(s, 3, "movement")
    assert s.control[east] == "red" and s.cutoff == {}
    # two days to hold out: passes one turn later
    s2 = _east((7, 0), days=2).new_initial_state(1)
    advance_to(s2, 3, "movement")
    assert s2.control[east] == "blue" and s2.cutoff == {east: ["red", 2]}
    advance_to(s2, 4, "movement")
    assert s2.control[east] == "red"


def test_garrisoned_or_connected_places_and_zero_days_never_pass():
    east = Hex(8, 0)
    # a Blue unit on East: it is defended, not bypassed
    s = _east((7, 0), blue_on_east=True).new_initial_state(1)
    advance_to(s, 5, "movement")
    assert s.control[s.game.index[east]] == "blue" and s.cutoff == {}
    # Red at (7, 1) is next to East but leaves (8, -1) free: East still reaches its entry along q = 8
    s = _east((7, 1)).new_initial_state(1)
    assert not cutoff.cut_off(s, s.game.index[east], "blue")
    advance_to(s, 5, "movement")
    assert s.control[s.game.index[east]] == "blue"
    # cut_off_control_days: 0 turns the rule off
    s = _east((7, 0), days=0).new_initial_state(1)
    advance_to(s, 5, "movement")
    assert s.control[s.game.index[east]] == "blue" and s.cutoff == {}


def test_cutoff_counter_survives_save_and_load():
    from engine.core.state import State
    s = _east((7, 0)).new_initial_state(1)
    advance_to(s, 2, "movement")
    t = State.from_json(s.game, s.to_json())
    assert t.cutoff == s.cutoff and t.state_hash() == s.state_hash()

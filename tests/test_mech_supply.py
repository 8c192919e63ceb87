"""Supply (issue 13, item 4): home territory supplies its nation; an advancing side does not cut its own
railway but captures it, usable after repair (+ regauging) days; engineers repair faster."""

from __future__ import annotations

import attrs

from engine.analysis.synthetic import standard_rules
from engine.geo.hexgrid import Hex
from engine.rules import rail, supply
from engine.scenario.model import UnitType
from tests.logifixture import advance_to, logi_game, rail_map

RAIL_ENG = UnitType("rail_eng", "Railway troops brigade", "wheeled", 6, 1, 2, 2, "engineer", rail_repair=2, zoc=False)


def _rules(wrecks: bool = False, home: bool = False):
    r = standard_rules()
    return attrs.evolve(r, rail=attrs.evolve(r.rail, occupier_wrecks=wrecks, capture_days=1, regauge_days=2,
                                            repair_turns=2),
                        supply=attrs.evolve(r.supply, home_territory=home),
                        unit_types={**r.unit_types, "rail_eng": RAIL_ENG})


def _capture_game(extra=(), wrecks=False):
    units = [("r3", "mech", "red", 3, 0), ("r4", "mech", "red", 4, 0), ("b", "inf", "blue", 0, 6), *extra]
    return logi_game(units, rail_map(split=2), rules=_rules(wrecks))


def test_an_advancing_sides_own_railway_stays_usable():
    s = _capture_game().new_initial_state(1)
    advance_to(s, 2, "movement")
    assert rail.cut_links(s) == []  # occupation no longer wrecks the line it advances along
    g = s.game
    assert s.captured_rail[g.index[Hex(3, 0)]] == ["red", 5]  # turn 1 + 1 + capture 1 day + regauge 2 days
    # the old rule, kept as data (occupier_wrecks: true), cut both links of each hex
    w = _capture_game(wrecks=True).new_initial_state(1)
    advance_to(w, 2, "movement")
    assert len(rail.cut_links(w)) == 3


def test_captured_railway_carries_its_captor_after_repair_and_regauging():
    s = _capture_game().new_initial_state(1)
    g = s.game
    p3, p4 = g.index[Hex(3, 0)], g.index[Hex(4, 0)]
    advance_to(s, 4, "movement")
    assert rail.captured(s, "red") == frozenset() and p3 not in supply.railheads(s, "red")
    advance_to(s, 5, "movement")
    assert rail.captured(s, "red") == {p3, p4}
    assert {p3, p4} <= supply.railheads(s, "red")  # the railhead follows the advance


def test_railway_troops_repair_captured_line_faster():
    s = _capture_game(extra=[("eng", "rail_eng", "red", 3, 1)]).new_initial_state(1)
    g = s.game
    advance_to(s, 2, "movement")
    # captured until turn 5, then 2 days of work by the railway brigade next to both hexes
    assert s.captured_rail[g.index[Hex(3, 0)]] == ["red", 3]
    assert s.captured_rail[g.index[Hex(4, 0)]] == ["red", 3]


def test_home_territory_supplies_its_own_nation():
    units = [("pl", "mech", "blue", 6, 0), ("r", "mech", "red", -8, 0)]
    m = rail_map(split=2)
    for home, want in ((True, True), (False, False)):
        g = logi_game(units, m, rules=_rules(home=home), blue_entries=((8, -8),))
        s = g.new_initial_state(1)
        assert s.units["pl"].supplied is want  # 8+ hexes cross-country from its entry hex

"""Measures (issue 13, item 7): arrival hour, encirclement, losses per unit and echelon, control that
needs a manoeuvre unit."""

from __future__ import annotations

import attrs

from engine.analysis.metrics import MetricSet, reduce_series
from engine.analysis.metrics_campaign import m_encircled
from engine.analysis.metrics_measures import m_arrival_hour, m_held_by_manoeuvre, m_losses_share, unit_losses
from engine.analysis.synthetic import standard_rules
from engine.core.actions import Move
from engine.geo.hexgrid import Hex
from engine.rules.losses import take_losses
from engine.scenario.model import MetricSpec, UnitType
from tests.enginefixture import hexagon_game, hexagon_map, to_phase
from tests.logifixture import logi_game, rail_map

ROCKETS = UnitType("rockets", "MLRS brigade", "wheeled", 6, 3, 1, 2, "rocket_artillery", range=6, zoc=False)


def _rules(manoeuvre=True):
    r = standard_rules()
    return attrs.evolve(r, unit_types={**r.unit_types, "rockets": ROCKETS},
                        movement=attrs.evolve(r.movement, control_needs_manoeuvre=manoeuvre))


def test_arrival_hour_of_the_first_manoeuvre_unit():
    g = hexagon_game([("t", "tank", "red", -6, 0), ("b", "inf", "blue", 6, -6)], hexagon_map(places={"Town": (-2, 0)}),
                     turns=4, rules=_rules(), turn_hours=12)
    s = g.new_initial_state(1)
    ms = MetricSet(g, [MetricSpec("arr", "arrival_hour", {"side": "red", "place": "Town", "within": "2"},
                                  "first_value")])
    ms.record(s)
    to_phase(s, "movement")
    s.apply_action(Move("t", Hex(-6, 0), Hex(-4, 0)))  # 4 MP in 12 h = 2 hexes of open ground
    s.apply_action("end")
    to_phase(s, "movement")  # the next turn: metrics are recorded as it starts
    assert s.turn == 2
    ms.record(s)
    assert ms.series["arr"] == [0.0, 12.0] and ms.results()["arr"] == 12.0
    assert reduce_series([0, 0, 36, 48], "first_value") == 36


def test_control_needs_a_manoeuvre_unit():
    units = [("m", "rockets", "red", -1, 0), ("b", "inf", "blue", 6, -6)]
    for need, want in ((True, "blue"), (False, "red")):
        g = hexagon_game(units, hexagon_map(places={"Town": (0, 0)}, country={(0, 0): "POL"}), rules=_rules(need))
        s = g.new_initial_state(1)
        s.control[g.index[Hex(0, 0)]] = "blue"
        s.relocate(s.units["m"], g.index[Hex(0, 0)])
        assert s.control[g.index[Hex(0, 0)]] == want
        assert m_held_by_manoeuvre(s, {"place": "Town", "side": "red"}, None) == 0.0


def test_encirclement_of_a_place_cut_off_from_its_sources():
    m = rail_map(radius=8)
    units = [("d", "inf", "blue", 0, 0)] + [(f"r{k}", "mech", "red", q, r)
                                           for k, (q, r) in enumerate([(2, -2), (2, 0), (0, 2), (-2, 2), (-2, 0), (0, -2)])]
    g = logi_game(units, m, blue_entries=((8, -8),))
    s = g.new_initial_state(1)
    assert m_encircled(s, {"place": "0,0", "side": "blue"}, None) == 1.0  # a ring of zones of control
    g2 = logi_game(units[:3], m, blue_entries=((8, -8),))
    assert m_encircled(g2.new_initial_state(1), {"place": "0,0", "side": "blue"}, None) == 0.0


def test_losses_per_unit_and_echelon():
    g = hexagon_game([("a", "tank", "red", 0, 0), ("b", "mech", "red", 3, 0), ("x", "inf", "blue", 5, -5)])
    s = g.new_initial_state(1)
    take_losses(s, [s.units["a"]], 2)
    take_losses(s, [s.units["x"]], 2)  # destroyed
    assert unit_losses(s) == {"a": 2, "x": 2}
    assert m_losses_share(s, {"side": "red"}, None) == 2 / 6
    assert m_losses_share(s, {"side": "red", "units": "a"}, None) == 2 / 3
    assert m_losses_share(s, {"side": "blue", "echelon": "brigade"}, None) == 1.0

"""Hostile use of the headless API, round 3: order text in the legality queries, and unit ids a facilitator's
``add`` must not take.

Each test names the defect it pins: it failed before the fix in engine/game/dispatch.py or
engine/rules/facilitator.py and passes after.
"""

from __future__ import annotations

import pytest

from engine.core.actions import End, Move
from engine.errors import IllegalActionError
from engine.game.game import load_game
from engine.geo.hexgrid import Hex
from tests.enginefixture import hexagon_game, to_phase

OFFMAP = "scenarios/variants/baseline-2020-offmap.yaml"
BASELINE = "scenarios/baseline-2020.yaml"


def _game():
    return hexagon_game([("r1", "tank", "red", -1, 0), ("b1", "inf", "blue", 2, 0)])


# --- legality queries take order text, as apply_action does ------------------------------------------

def test_is_legal_and_why_illegal_read_order_text():
    """apply_action('end') worked, but is_legal('end') said False and why_illegal('end') raised
    AttributeError: 'str' object has no attribute 'KIND'."""
    s = _game().new_initial_state(1)
    assert s.is_legal("end") is True and s.is_legal(End()) is True
    assert s.why_illegal("end") is None
    to_phase(s, "movement")
    move = "move r1 -1,0->0,0"
    assert s.is_legal(move) == s.is_legal(Move("r1", Hex(-1, 0), Hex(0, 0))) is True
    assert s.why_illegal("move r1 -1,0->9,9") == s.why_illegal(Move("r1", Hex(-1, 0), Hex(9, 9))) is not None


@pytest.mark.parametrize("text", ["nonsense", "", "move", "end\ud800", "x" * 10_000])
def test_unreadable_order_text_is_a_reason_not_a_traceback(text):
    s = _game().new_initial_state(1)
    assert s.is_legal(text) is False
    reason = s.why_illegal(text)
    assert isinstance(reason, str) and reason and "\n" not in reason
    with pytest.raises(IllegalActionError):
        s.apply_action(text)


@pytest.mark.parametrize("bad", [None, 3, 1.5, b"end", ["end"]])
def test_an_order_of_the_wrong_type_is_a_type_error(bad):
    """None or 3 gave AttributeError from deep in the dispatch; now a TypeError that says what an order is."""
    s = _game().new_initial_state(1)
    before = s.state_hash()
    for call in (s.apply_action, s.why_illegal, s.is_legal):
        with pytest.raises(TypeError, match="an order is an Action or its text"):
            call(bad)
    assert s.state_hash() == before and s.history == []


# --- facilitator add: the id must be new ----------------------------------------------------------------

def test_add_refuses_the_id_of_a_unit_in_an_off_map_box():
    """On baseline-2020-offmap, 'facilitator add' with the id of a unit waiting in a box was accepted and did
    nothing (place_unit returned None), yet the history kept the order."""
    g = load_game(OFFMAP)
    s = g.new_initial_state(1)
    uid, (box, _p, _t, unit) = next(iter(sorted(s.offmap.items())))
    order = f"facilitator add {unit.type} {unit.side} Minsk {uid} -- what if"
    reason = s.why_illegal(order)
    assert reason is not None and "off-map box" in reason and box in reason
    with pytest.raises(IllegalActionError, match="off-map box"):
        s.apply_action(order)
    assert uid not in s.units and s.history == []


@pytest.mark.parametrize("kind", ["rotation", "event"])
def test_add_refuses_an_id_a_later_arrival_needs(kind):
    """An id that a rotation or an event brings in later was free at the time, so the override took it and the
    scenario's own unit then never arrived (placement skips an id already in play)."""
    g = load_game(BASELINE)
    sc = g.scenario
    uid = sc.rotations[0].unit.id if kind == "rotation" else "us_patriot"
    s = g.new_initial_state(1)
    assert uid not in s.units and uid not in s.offmap  # not in play yet: the old check let it through
    typ = next(iter(sorted(g.unit_types)))
    reason = s.why_illegal(f"facilitator add {typ} red Minsk {uid} -- early")
    assert reason is not None and "belongs to a unit of the scenario" in reason


def test_add_refuses_a_destroyed_units_id_and_takes_a_new_one():
    g = _game()
    s = g.new_initial_state(1)
    s.apply_action("facilitator add tank red -2,1 r9 -- reserve")
    assert "r9" in s.units
    s.destroyed.append(["r7", "red", 1])  # as combat records a unit it destroys
    assert "destroyed" in s.why_illegal("facilitator add tank red -2,2 r7 -- again")
    assert s.why_illegal("facilitator add tank red -2,2 r1 -- again") == "unit id 'r1' is already on the map"
    assert s.why_illegal("facilitator add tank red -2,2 r10 -- again") is None


def test_scenario_unit_ids_cover_every_way_a_unit_comes_in():
    g = load_game(BASELINE)
    sc = g.scenario
    assert {u.id for u in sc.units} <= g.scenario_unit_ids
    assert {r.unit.id for r in sc.rotations} <= g.scenario_unit_ids
    assert {e.unit.id for e in sc.schedule if e.unit is not None} <= g.scenario_unit_ids
    assert {"us_stryker_2", "us_patriot", "vjtf_bde"} <= g.scenario_unit_ids  # option and event effects
    assert "r9" not in g.scenario_unit_ids

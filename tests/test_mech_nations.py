"""Nations (issue 13, item 3): rules of engagement per nation, change of command as an effect,
a restrained readiness state set and released by effects."""

from __future__ import annotations

import attrs

from engine.core.actions import Attack, Move, Ready
from engine.geo.hexgrid import Hex
from engine.analysis.synthetic import standard_rules
from engine.rules import combat, movement
from engine.rules.events import apply_effect
from engine.scenario.model import ChangeCommand, Condition, NationRule, ReadinessState, SetReadiness, Track
from tests.enginefixture import hexagon_game, hexagon_map, to_phase

LTU = {(q, r): "LTU" for q in range(1, 7) for r in range(-6, 7) if abs(q + r) <= 6}  # the eastern half


def _rules():
    r = standard_rules()
    states = r.readiness.states + (ReadinessState("restrained", False, False, 1.0, held=True),)
    return attrs.evolve(r, readiness=attrs.evolve(r.readiness, states=states))


def test_a_polish_unit_may_not_enter_lithuania_until_its_rule_opens():
    rule = NationRule("POL", may_not_enter=("LTU",), until_turn=2)
    g = hexagon_game([("pl", "mech", "blue", -1, 0), ("ru", "mech", "red", -5, 5)], hexagon_map(country=LTU),
                     nation_rules=(rule,))
    s = g.new_initial_state(1)
    to_phase(s, "movement", "blue")
    why = s.why_illegal(Move("pl", Hex(-1, 0), Hex(1, 0)))
    assert why == "POL units may not enter LTU yet (released by turn 2)"
    dests = {g.hexes[p] for p in movement.destinations(s, s.units["pl"])}
    assert Hex(0, 0) in dests and not any(g.country[g.index[h]] == "LTU" for h in dests)
    s.apply_action("end")
    to_phase(s, "movement", "blue")
    assert s.turn == 2 and s.why_illegal(Move("pl", Hex(-1, 0), Hex(1, 0))) is None


def test_a_nation_may_not_fire_until_its_event_fires():
    rule = NationRule("POL", may_not_fire_on=("BLR",), until_event="mandate")
    g = hexagon_game([("pl", "mech", "blue", 1, 0), ("lt", "mech", "blue", 0, 1), ("ru", "mech", "red", 0, 0)],
                     nation_rules=(rule,))
    s = g.new_initial_state(1)
    s.units["lt"].nation = "LTU"  # a Lithuanian brigade beside it is not bound
    to_phase(s, "combat", "blue")
    assert combat.attackers_of(s, g.index[Hex(0, 0)]) == ["lt"]
    assert "POL units may not fire on BLR units yet (released by event mandate)" in s.why_illegal(
        Attack(Hex(0, 0), ("pl",)))
    s.events_fired["mandate"] = 1
    assert combat.attackers_of(s, g.index[Hex(0, 0)]) == ["lt", "pl"]


def test_a_restrained_unit_defends_but_has_no_move_orders_until_released():
    g = hexagon_game([("lt", "mech", "blue", 0, 0), ("b2", "mech", "blue", 4, 1), ("ru", "tank", "red", -1, 0)],
                     rules=_rules(),
                     readiness={"lt": "restrained"})
    s = g.new_initial_state(1)
    from engine.rules import readiness
    assert "only an event or option releases it" in readiness._why(s, s.units["lt"])
    assert "lt" not in readiness.candidates(s)
    to_phase(s, "movement", "blue")
    assert {a.unit for a in s.legal() if isinstance(a, Move)} == {"b2"}  # no move orders for lt
    assert s.why_illegal(Move("lt", Hex(0, 0), Hex(1, 0))) == "lt is restrained and may not move"
    to_phase(s, "combat", "red")
    o = combat.odds(s, g.index[Hex(0, 0)], ("ru",))
    assert o.defence == 4  # it defends at full strength: combat factor 1.0
    apply_effect(s, SetReadiness("deployed", unit_id="lt"), "event release")
    assert s.units["lt"].readiness == "deployed" and movement.can_move(s, s.units["lt"])
    apply_effect(s, SetReadiness("restrained", nation="POL"), "event paralysis")
    assert s.units["lt"].readiness == "restrained"


def test_change_of_command_is_an_effect():
    g = hexagon_game([("by", "mech", "blue", 2, 0), ("ru", "tank", "red", -1, 0)])
    s = g.new_initial_state(1)
    apply_effect(s, ChangeCommand("red", nation="POL"), "event union")
    assert s.units["by"].side == "red" and s.side_unit_ids("red") == ("by", "ru")
    assert s.side_unit_ids("blue") == ()


def test_track_release():
    rule = NationRule("POL", may_not_enter=("LTU",), until=Condition("tension", ">=", 80))
    g = hexagon_game([("pl", "mech", "blue", -1, 0), ("ru", "mech", "red", -5, 5)], hexagon_map(country=LTU),
                     nation_rules=(rule,), tracks=(Track("tension", "Tension", 0, 100, 50),))
    s = g.new_initial_state(1)
    to_phase(s, "movement", "blue")
    assert "released by tension >= 80" in s.why_illegal(Move("pl", Hex(-1, 0), Hex(1, 0)))
    s.tracks["tension"] = 80
    assert s.why_illegal(Move("pl", Hex(-1, 0), Hex(1, 0))) is None

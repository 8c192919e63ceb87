"""Readiness: the ready order, transition times, garrison limits, the logistic-base bonus for units
arriving by rail, arrival state of reinforcements, base capacity."""

import attrs
import pytest

from engine.core.actions import Action, Move, Ready
from engine.geo.hexgrid import Hex
from engine.rules import readiness
from engine.analysis.synthetic import standard_rules
from tests.logifixture import advance_to, base, logi_game, reinforcement

FAR = ("b1", "inf", "blue", 0, -8)


def rules(turns=2):
    r = standard_rules()
    rd = attrs.evolve(r.readiness, transition_turns={"garrison->alerted": turns, "alerted->deployed": turns},
                      logistic_base_bonus=1)
    return attrs.evolve(r, readiness=rd)


def test_ready_order_climbs_state_by_state():
    g = logi_game([("g1", "mech", "red", 0, 5, "garrison"), ("r1", "mech", "red", 0, 4), FAR], rules=rules())
    s = g.new_initial_state(0)
    assert s.phase == "decisions" and Ready("g1") in s.legal_actions() and Ready("r1") not in s.legal_actions()
    assert Action.from_str("ready g1", g) == Ready("g1") and Ready("g1").to_str(g) == "ready g1"
    assert "already deployed" in s.why_illegal(Ready("r1"))
    s.apply_action("ready g1")
    assert s.units["g1"].ready_in == 2 and "already raising readiness" in s.why_illegal(Ready("g1"))
    s = advance_to(s, 1, "movement")
    assert "garrison and may not move" in s.why_illegal(Move("g1", Hex(0, 5), Hex(0, 6)))
    assert "it is the movement phase" in s.why_illegal(Ready("g1"))
    s = advance_to(s, 2, "movement")
    assert s.units["g1"].readiness == "garrison" and s.units["g1"].ready_in == 1
    s = advance_to(s, 3, "movement")
    assert s.units["g1"].readiness == "alerted" and s.units["g1"].ready_in == 2  # goes on by itself
    assert s.is_legal(Move("g1", Hex(0, 5), Hex(0, 6)))
    s = advance_to(s, 5, "movement")
    assert s.units["g1"].readiness == "deployed" and s.units["g1"].ready_in == 0
    assert "g1 alerted -> deployed" in "\n".join(s.log)


@pytest.mark.parametrize("bonus", [1, 2])
def test_arrival_at_logistic_base_is_ready_bonus_turns_sooner(bonus):
    lb = base("lb", "logistic", 4, 0, readiness_bonus=bonus)
    g = logi_game([("r1", "motor", "red", -8, 0), ("r2", "motor", "red", -7, 0), FAR], bases=[lb], rules=rules())
    s = advance_to(g.new_initial_state(0), 1, "movement")
    s.apply_action("rail r1 -8,0->4,0")  # to the base with pre-positioned equipment
    s.apply_action("rail r2 -7,0->5,0")  # to an open railway station
    assert s.units["r2"].readiness == "alerted" and s.units["r2"].ready_in == 2
    deployed = {}
    for turn in range(1, 6):
        s = advance_to(s, turn, "movement")
        for uid in ("r1", "r2"):
            if s.units[uid].readiness == "deployed":
                deployed.setdefault(uid, turn)
    assert deployed["r2"] - deployed["r1"] == bonus
    assert deployed["r2"] == 3


def test_inactive_base_and_capacity_limit_the_bonus():
    g = logi_game([("g1", "mech", "red", 4, 1, "garrison"), ("g2", "mech", "red", 4, 1, "garrison"), FAR],
                  bases=[base("lb", "logistic", 4, 1, capacity=1)], rules=rules())
    s = g.new_initial_state(0)
    assert readiness.bonus(s, s.units["g1"]) == 1  # logistic kind: rules' logistic_base_bonus
    assert readiness.bonus(s, s.units["g2"]) == 0  # capacity 1: hosts g1 only
    s.apply_action("ready g1")
    s.apply_action("ready g2")
    assert (s.units["g1"].ready_in, s.units["g2"].ready_in) == (1, 2)
    s.base_active["lb"] = False
    assert readiness.bonus(s, s.units["g1"]) == 0


def test_reinforcement_arrives_in_arrival_state_and_climbs():
    g = logi_game([("r1", "mech", "red", 0, 4), FAR], schedule=[reinforcement(2, "r9", "mech", "red", 0, 5)],
                  rules=rules())
    s = advance_to(g.new_initial_state(0), 2, "movement")
    r9 = s.units["r9"]
    assert r9.readiness == g.rules.readiness.arrival_state == "alerted" and r9.ready_in == 2
    s = advance_to(s, 4, "movement")
    assert s.units["r9"].readiness == "deployed"

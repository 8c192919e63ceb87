"""The defender's counterattacks and garrisons by points (engine/ai/counter.py, war.plan_garrisons).

Fixtures are the hexagon of tests/airfixture.py (radius 6, open ground, standard rules: tank attack 6
defence 4 / 3 steps, mech 4/4 / 3 steps, inf 2/3 / 2 steps; columns 1:2 1:1 3:2 2:1 3:1 4:1);
known answers are derived by hand in each test.
"""

from __future__ import annotations

import attrs

from engine.core.actions import Attack, Move
from engine.geo.hexgrid import Hex, distance
from engine.ai import counter
from engine.ai.greedy import GreedyPolicy
from engine.ai.war import plan_garrisons
from tests.airfixture import ops_game, to_phase


def _at(game, side: str, phase: str):
    st = game.new_initial_state(1)
    to_phase(st, phase, side)
    return st, st.observation(side), st.legal()


def test_column_value_reads_the_table():
    # standard table, 4:1 column (last): the rows give the defender's expected loss; a column with
    # better odds is worth more than 2:1, and 1:2 is worth less than nothing (only our own losses)
    g = ops_game([("b", "mech", "blue", 0, 0), ("r", "tank", "red", 3, 0)])
    n = len(g.rules.combat.columns)
    vals = [counter.column_value(g, c) for c in range(n)]
    assert vals[-1] > vals[3] > vals[0]
    assert counter.column(g, 8.0, 4.0, 0) == 3  # 8:4 = 2.0 -> "2:1", index 3
    assert counter.column(g, 8.0, 4.0, -1) == 2  # one column left for cover -> "3:2"
    assert counter.min_column(g) == 3  # MIN_RATIO 2.0 -> "2:1"


def test_reserve_masses_on_the_weakest_red_unit_at_the_best_odds():
    # Red: a full tank (defence 4) at (0,0) and an infantry brigade worn to 1 of 2 steps (defence
    # 3 x 1/2 = 1.5) at (0,3). Blue: two mechs (attack 4 each) at (3,1) and (3,2), both able to reach
    # hexes next to either. Against the tank: 4:4 = 1:1, both 8:4 = 2:1. Against the infantry: one
    # mech 4:1.5 = 2.67 -> 2:1, both 8:1.5 = 5.3 -> 4:1 (the best column). So both go next to (0,3).
    g = ops_game([("r_tank", "tank", "red", 0, 0), ("r_inf", "inf", "red", 0, 3, 1),
                  ("b1", "mech", "blue", 3, 1), ("b2", "mech", "blue", 3, 2)])
    st, obs, legal = _at(g, "blue", "movement")
    out, done = counter.plan_counter(st, obs, legal.groups, legal.actions_of, set())
    assert done == {"b1", "b2"}
    assert sorted(a.unit for a in out) == ["b1", "b2"]
    assert all(isinstance(a, Move) and distance(a.dst, Hex(0, 3)) == 1 for a in out)


def test_no_counterattack_below_two_to_one():
    # One mech (attack 4) against a full tank (defence 4): 1:1, below MIN_RATIO: it is left alone.
    g = ops_game([("r_tank", "tank", "red", 0, 0), ("b1", "mech", "blue", 3, 1)])
    st, obs, legal = _at(g, "blue", "movement")
    assert counter.plan_counter(st, obs, legal.groups, legal.actions_of, set()) == ([], set())


def test_skipped_units_are_not_used():
    # the same weak infantry, but b1 is a garrison (in ``skip``): only b2 goes (4:1.5 -> 2:1, enough)
    g = ops_game([("r_inf", "inf", "red", 0, 3, 1), ("b1", "mech", "blue", 3, 1), ("b2", "mech", "blue", 3, 2)])
    st, obs, legal = _at(g, "blue", "movement")
    out, done = counter.plan_counter(st, obs, legal.groups, legal.actions_of, {"b1"})
    assert done == {"b2"} and [a.unit for a in out] == ["b2"]


def test_combat_attacks_the_hex_with_the_best_odds_only():
    # Blue mech at (1,0) is next to a full red tank at (0,0) (4:4 -> 1:1) and a red infantry worn to
    # 1 step at (1,-1) (4:1.5 -> 2:1). Only the attack on the infantry is ordered.
    g = ops_game([("r_tank", "tank", "red", 0, 0), ("r_inf", "inf", "red", 1, -1, 1), ("b1", "mech", "blue", 1, 0)])
    st, obs, legal = _at(g, "blue", "combat")
    out = counter.plan_attacks(st, obs, legal.groups, legal.actions_of, counter.fresh_belief(GreedyPolicy(), st, obs))
    assert out == [Attack(Hex(1, -1), ("b1",))]


def test_garrison_grows_with_the_objective_points():
    # Blue objective at (4,0) worth 15 points; per_points 10 -> ceil(15/10) = 2 units on it: the
    # strongest nearest first (tanks t1 at (3,0) and t2 at (3,-1), both one hex away), not the
    # infantry at (2,1). With per_points 0 only one goes (the old rule).
    from engine.analysis.synthetic import _digest
    from engine.game.game import Game
    from engine.scenario.model import Objective
    g0 = ops_game([("t1", "tank", "blue", 3, 0), ("t2", "tank", "blue", 3, -1), ("i1", "inf", "blue", 2, 1),
                   ("sc", "scout", "red", -5, 0)])
    vic = attrs.evolve(g0.scenario.victory, objectives=(Objective("Town", Hex(4, 0), 15, "blue"),))
    sc = attrs.evolve(g0.scenario, victory=vic)
    g = Game(attrs.evolve(sc, digest=_digest(sc)), g0.map)
    st, obs, legal = _at(g, "blue", "movement")
    two, fixed = plan_garrisons(st, obs, legal.groups, legal.actions_of, 1, 10)
    assert sorted((a.unit, a.dst) for a in two) == [("t1", Hex(4, 0)), ("t2", Hex(4, 0))] and fixed == {"t1", "t2"}
    one, fixed1 = plan_garrisons(st, obs, legal.groups, legal.actions_of, 1, 0)
    assert [(a.unit, a.dst) for a in one] == [("t1", Hex(4, 0))] and fixed1 == {"t1"}


def test_ratio_argument_lowers_the_bar():
    # One mech (attack 4) against a full tank (defence 4): 1:1. Refused at the default 2:1, prepared
    # at ratio 1.0 (the exposed units' bar, war.EXPOSED_RATIO).
    g = ops_game([("r_tank", "tank", "red", 0, 0), ("b1", "mech", "blue", 3, 1)])
    st, obs, legal = _at(g, "blue", "movement")
    out, done = counter.plan_counter(st, obs, legal.groups, legal.actions_of, set(), 1.0)
    assert done == {"b1"} and len(out) == 1 and distance(out[0].dst, Hex(0, 0)) == 1

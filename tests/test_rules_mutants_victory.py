"""Known-answer tests for engine/rules/victory.py (objectives, track goals, steps lost, margin).

Written so that `make mutate` reaches every line of the victory rules with a fast test (the
scenario and golden games that also end in a verdict are too slow for per-mutant runs).
Fixture: tests/enginefixture.py (hexagon of radius 6, sides red and blue, points_per_step_lost 1,
margin 2); each test sets control, tracks and steps lost on a fresh state by hand.
"""

import attrs
import pytest

from engine.geo.hexgrid import Hex
from engine.rules import victory
from engine.scenario.model import Condition, Objective, TrackGoal, Victory
from tests.enginefixture import hexagon_game

UNITS = [("r", "inf", "red", -3, 0), ("b", "inf", "blue", 3, 0)]


def _state(objectives=(), goals=(), per_step=1, margin=2):
    obs = tuple(Objective(n, Hex(*h), p, side) for n, h, p, side in objectives)
    vic = Victory(objectives=obs, track_goals=tuple(goals), points_per_step_lost=per_step, margin=margin,
                  questions=())
    return hexagon_game(UNITS, victory=vic).new_initial_state(1)


# --- holds: every operator just below, at and just above its value ---------------------------

@pytest.mark.parametrize("op, want", [
    # value 4, 5, 6 against 5
    (">=", (False, True, True)),
    ("<=", (True, True, False)),
    (">", (False, False, True)),
    ("<", (True, False, False)),
    ("==", (False, True, False)),
])
def test_holds_each_operator_at_the_boundary(op, want):
    cond = Condition("t", op, 5)
    assert tuple(victory.holds(v, cond) for v in (4, 5, 6)) == want


def test_condition_on_a_missing_track_never_holds():
    # "t <= 5" would hold for any small value, but with no track "t" in the state it does not.
    s = _state()
    assert victory.condition_holds(s, Condition("t", "<=", 5)) is False
    s.tracks["t"] = 5
    assert victory.condition_holds(s, Condition("t", "<=", 5)) is True
    assert victory.condition_holds(s, Condition("t", "<", 5)) is False


# --- scores ---------------------------------------------------------------------------------

def test_objectives_score_only_for_their_side_while_it_holds_them():
    # Three objectives: A (0,0) 3 pts for red, B (1,0) 5 pts for red, C (0,1) 2 pts for blue.
    # Red holds A and B: 3 + 5 = 8 (summed, not the last one); blue holds C: 2.
    obs = (("A", (0, 0), 3, "red"), ("B", (1, 0), 5, "red"), ("C", (0, 1), 2, "blue"))
    s = _state(objectives=obs)
    g = s.game
    s.control[g.index[Hex(0, 0)]] = "red"
    s.control[g.index[Hex(1, 0)]] = "red"
    s.control[g.index[Hex(0, 1)]] = "blue"
    assert victory.scores(s) == {"red": 8, "blue": 2}
    # Blue takes B: red no longer scores it and blue does not either (it is red's objective).
    s.control[g.index[Hex(1, 0)]] = "blue"
    assert victory.scores(s) == {"red": 3, "blue": 2}


def test_objectives_off_the_map_or_for_an_unknown_side_score_nothing():
    # (9,0) is outside the radius-6 hexagon (no index): ignored. "green" is no side: ignored,
    # even though control of its hex says "green".
    obs = (("off", (9, 0), 4, "red"), ("G", (0, 0), 7, "green"))
    s = _state(objectives=obs)
    s.control[s.game.index[Hex(0, 0)]] = "green"
    assert victory.scores(s) == {"red": 0, "blue": 0}


def test_track_goals_score_when_their_condition_holds():
    # red: tension >= 60 -> 4 pts; blue: tension < 60 -> 3 pts; blue: cohesion == 2 -> 1 pt;
    # "nobody" is no side: its goal is ignored although it holds.
    goals = (TrackGoal(Condition("tension", ">=", 60), "red", 4),
             TrackGoal(Condition("tension", "<", 60), "blue", 3),
             TrackGoal(Condition("cohesion", "==", 2), "blue", 1),
             TrackGoal(Condition("tension", ">=", 0), "nobody", 9))
    s = _state(goals=goals)
    s.tracks.update({"tension": 60, "cohesion": 2})
    assert victory.scores(s) == {"red": 4, "blue": 1}
    s.tracks["tension"] = 59
    assert victory.scores(s) == {"red": 0, "blue": 4}  # 3 + 1, summed


def test_each_step_a_side_loses_scores_for_the_other_side():
    # 3 points per step: red lost 2 -> blue +6; blue lost 5 -> red +15.
    s = _state(per_step=3)
    s.steps_lost.update({"red": 2, "blue": 5})
    assert victory.scores(s) == {"red": 15, "blue": 6}


# --- outcome: margin, ties, forced winner, reason --------------------------------------------

def test_winner_needs_the_margin_exactly():
    # margin 3: red 15 vs blue 12 (lead 3) wins; red 14 vs 12 (lead 2) is a draw.
    s = _state(per_step=1, margin=3)
    s.steps_lost.update({"red": 12, "blue": 15})
    s.end_reason = "turn limit"
    oc = victory.outcome(s)
    assert (oc.winner, oc.scores, oc.reason) == ("red", (("blue", 12), ("red", 15)), "turn limit")
    s.steps_lost["blue"] = 14
    assert victory.outcome(s).winner == "draw"
    # Blue leading by 3 wins just the same (the leader, not the first side, wins).
    s.steps_lost.update({"red": 17, "blue": 14})  # red 14, blue 17
    assert victory.outcome(s).winner == "blue"


def test_a_margin_below_one_still_needs_a_lead_of_one():
    # margin 0 is read as 1: equal scores are a draw, a lead of 1 wins.
    s = _state(margin=0)
    s.steps_lost.update({"red": 4, "blue": 4})
    assert victory.outcome(s).winner == "draw"
    s.steps_lost["blue"] = 5  # red 5, blue 4
    assert victory.outcome(s).winner == "red"


def test_forced_winner_overrides_the_scores_and_the_default_reason():
    # Red leads 10 to 0, but the facilitator forced blue; no end_reason -> "game over".
    s = _state()
    s.steps_lost.update({"red": 0, "blue": 10})
    oc = victory.outcome(s)
    assert (oc.winner, oc.reason) == ("red", "game over")
    s.forced_winner = "blue"
    oc = victory.outcome(s)
    assert (oc.winner, oc.scores, oc.reason) == ("blue", (("blue", 0), ("red", 10)), "game over")


def test_a_single_side_wins_alone():
    # With only red in the game, red wins even at 0 points (no second side to lead).
    g = hexagon_game([("r", "inf", "red", 0, 0)])
    sc = attrs.evolve(g.scenario, sides=g.scenario.sides[:1], initiative=("red",))
    s = type(g)(sc, g.map).new_initial_state(1)
    assert victory.scores(s) == {"red": 0}
    assert victory.outcome(s).winner == "red"

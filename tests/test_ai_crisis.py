"""The crisis planner (engine/ai/crisis.py): its abstract model replays the crisis as the real
rules do, its plans time cards with the end of the game in view, and it is deterministic."""

from __future__ import annotations

import pytest

from engine.ai import crisis as C
from engine.ai.scripted import ScriptedPolicy
from engine.analysis.playout import play_game
from engine.core.rng import Rng
from engine.game.game import load_game


@pytest.fixture(scope="module")
def game():
    return load_game(None)  # baseline-2020


FIXED = """id: baseline-fixed
extends: {base}
events:
  - id: border_incident_crisis
    chance: 1.0
options:
  blue:
    - id: osce_talks
      effects:
        - change_track: {{track: tension, add: -8}}
    - id: civil_society_support
      effects:
        - change_track: {{track: belarus_opposition, add: 3}}
        - change_track: {{track: tension, add: 2}}
    - id: eu_sanctions
      effects:
        - change_track: {{track: belarus_opposition, add: 5}}
        - change_track: {{track: integration, add: 5}}
  red:
    - id: ru_crackdown
      effects:
        - change_track: {{track: belarus_opposition, add: -10}}
        - change_track: {{track: nato_cohesion, add: 3}}
        - change_track: {{track: tension, add: 2}}
    - id: ru_information_campaign
      effects:
        - change_track: {{track: belarus_opposition, add: -3}}
"""


def test_abstract_model_replays_the_real_crisis(tmp_path):
    """Without dice (the baseline's ranges and chances fixed at their old values), both sides on
    their doctrine: the crisis model ends the game with the real game's tracks."""
    from pathlib import Path
    base = Path(__file__).resolve().parent.parent / "scenarios" / "baseline-2020.yaml"
    p = tmp_path / "fixed.yaml"
    p.write_text(FIXED.format(base=base.as_posix()), encoding="utf-8")
    g = load_game(p)
    res, _ = play_game(g, 5, {s: ScriptedPolicy() for s in g.side_ids})
    m = C.model_of(g)
    st = g.new_initial_state(5)
    cs = C.belief(st, st.observation("red"), "red")
    plans = {s: C.doctrine_plan(m, s) for s in g.side_ids}
    seen: list[dict] = []
    for turn in range(1, m.turns + 1):
        if turn > 1:
            cs.turn = turn
            C.turn_start(m, cs)
        for s in m.initiative:
            C._decide(m, cs, s, plans[s])
        C.fire_events(m, cs)
        seen.append(dict(cs.tracks))
    for t, xs in res["track_history"].items():
        assert xs[-1] == seen[-1][t], t  # the value at the end of the game
    assert seen[-1]["tension"] != 35  # the crisis moved (a model that did nothing would fail here)


def test_doctrine_plan_is_the_listed_cards_from_their_first_turn(game):
    m = C.model_of(game)
    p = C.doctrine_plan(m, "red")
    assert p["ru_open_logbase"] == (2, 14, True) and p["ru_rotate_iskander"] == (4, 14, True)
    assert set(p) == set(m.by_side["red"])


def test_rollout_scores_the_end_of_the_game(game):
    """A hand-made state: tension 90 on the last turn, blue has no cards left to lower it
    (osce_talks disabled): blue loses 'tension < crisis' (10) and red gains nothing else new."""
    m = C.model_of(game)
    st = game.new_initial_state(1)
    obs = st.observation("red")
    cs = C.belief(st, obs, "red")
    cs.turn = 14
    cs.tracks["tension"] = 90
    cs.enabled = {o: False for o in game.options}
    fixed = {"red": 10, "blue": 25}  # Minsk; Suwałki gap and Vilnius
    plans = {s: C.doctrine_plan(m, s) for s in game.side_ids}
    v = C.rollout(m, cs, "red", plans, ["blue"], fixed, 1)
    # red: 10 + opposition (60 >= 50: none) = 10; blue: 25 + opposition>=50 (5) + cohesion>=60 (5)
    # + incidents<1: the incident at >= 85 fires in the events phase -> none; tension>=70 -> none: 35
    assert round(v) == 10 - 35 and abs(v - (10 - 35)) < 0.5  # the tie-break stays under half a point


def test_planner_is_deterministic_under_its_rng(game):
    st = game.new_initial_state(3)
    side = st.current_player()
    obs = st.observation(side)
    a = C.CrisisPlanner(rollouts=2, plans=3, first_plans=10).cards(st, obs, side, Rng(9))
    b = C.CrisisPlanner(rollouts=2, plans=3, first_plans=10).cards(st, obs, side, Rng(9))
    assert a == b


def test_a_surge_beats_the_doctrine_when_the_goal_needs_it(game):
    """On turn 12 with tension 62, red's held-back cards landing together can push tension past
    crisis (70) at the end, which the doctrine's plan (wmd only at tension >= 60 ... ) does not
    reach with blue talking every turn: the planner's hill climb finds a plan with a strictly larger margin."""
    m = C.model_of(game)
    st = game.new_initial_state(1)
    obs = st.observation("red")
    cs = C.belief(st, obs, "red")
    cs.turn, cs.tracks["tension"] = 12, 62
    fixed = {"red": 10, "blue": 25}
    plans = {s: C.doctrine_plan(m, s) for s in game.side_ids}
    seeds = [1, 2, 3, 4]
    doc = sum(C.rollout(m, cs, "red", plans, ["blue"], fixed, sd) for sd in seeds) / 4
    best, best_v = plans["red"], doc
    rng = Rng(5)
    for _ in range(200):
        cand = C.mutate(m, best, "red", 12, rng)
        v = sum(C.rollout(m, cs, "red", {**plans, "red": cand}, ["blue"], fixed, sd) for sd in seeds) / 4
        if v > best_v:
            best, best_v = cand, v
    assert best_v > doc, (best_v, doc)  # strictly: a plan that beats the doctrine exists and the moves find it


def test_a_card_that_sends_units_into_a_losing_war_costs_the_steps_the_war_will_take(game):
    """The war's attrition as observed, then the rollout's price of the VJTF card (baseline-2020).

    war_attrition: blue has lost 7 steps by turn 4 and keeps 28 - 7 = 21 on the map (the
    baseline's blue force on the map at the start is 28 steps), so the war took 7 / (28 x 3 turns)
    = 1/12 of its steps a turn. The VJTF (pl_mech_bde, 4 steps, delay 5) played on turn 4 lands on
    turn 9 and fights turns 9-14: 6 turns x 1/12 = 0.5 of its steps, x 4 steps x 2 points a step
    = 4.0 points handed to red. A rollout that plays it scores blue's margin 4.0 lower than one that does not
    (same dice; its other effect, cohesion -5 from 85, crosses no goal). In peace (no steps lost)
    the card costs nothing."""
    st = game.new_initial_state(1)
    obs = st.observation("blue")
    have = sum(u.strength for u in obs.units if u.side == "blue")
    assert have == 28
    lost = 0
    for uid in sorted(st.units):  # take 7 steps off blue's units, as the war would have
        u = st.units[uid]
        if u.side == "blue" and lost < 7:
            k = min(u.strength - 1, 7 - lost)
            u.strength -= k
            lost += k
    st.steps_lost["blue"] = 7
    st.turn = 4
    assert C.war_attrition(st, st.observation("blue"), "blue") == pytest.approx(1 / 12)
    st.steps_lost["blue"] = 0
    assert C.war_attrition(st, st.observation("blue"), "blue") == 0.0

    m = C.model_of(game)
    assert m.steps_added["nato_vjtf"] == 4 and m.pps == 2
    cs = C.belief(st, obs, "blue")
    cs.turn = 4
    cs.tracks.update(tension=96, nato_cohesion=85)
    cs.enabled["nato_vjtf"] = True
    fixed = {"red": 10, "blue": 25}
    plans = {s: C.doctrine_plan(m, s) for s in game.side_ids}
    without = dict(plans, blue={o: (15, 14, True) for o in plans["blue"]})  # blue plays nothing
    only_vjtf = dict(plans, blue=dict(without["blue"], nato_vjtf=(4, 14, False)))
    for rate, price in ((1 / 12, 4.0), (0.0, 0.0)):
        cs.attrition = {"blue": rate}
        v_with = C.rollout(m, cs, "blue", only_vjtf, ["red"], fixed, 7)
        v_without = C.rollout(m, cs, "blue", without, ["red"], fixed, 7)
        assert v_without - v_with == pytest.approx(price, abs=0.01)

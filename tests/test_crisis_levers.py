"""Both sides' levers on Belarusian sovereignty (scenarios/baseline-2020.yaml, inherited by every
shipped scenario): NATO's civil-society support and sanctions, Red's repeated crackdown, and the
crisis planner's use of a card that an earlier card of the same phase made legal."""

from __future__ import annotations

import pytest

from engine.ai import crisis as C
from engine.core.actions import ChooseOption
from engine.core.rng import Rng
from engine.game.game import load_game


@pytest.fixture(scope="module")
def game():
    return load_game(None)  # baseline-2020


def _at_blue_decision(game, seed: int = 1):
    """Turn 1, blue's decisions (red, first in the initiative, ends its phase without a card)."""
    st = game.new_initial_state(seed)
    assert st.phase == "decisions" and st.current_player() == "red"
    from engine.core.actions import END
    st.apply_action(END)
    assert st.current_player() == "blue"
    return st


def test_civil_society_support_raises_opposition_1_to_5_and_tension_2(game):
    """Known answer per draw: opposition 60 + d (d in 1..5), tension 35 + 2, no cohesion cost; every
    value of the die turns up over 60 games (5 values) and none outside it."""
    seen = set()
    for seed in range(1, 61):
        st = _at_blue_decision(game, seed)
        opp, ten, coh = (st.tracks[t] for t in ("belarus_opposition", "tension", "nato_cohesion"))
        st.apply_action(ChooseOption("civil_society_support"))
        seen.add(st.tracks["belarus_opposition"] - opp)
        assert st.tracks["tension"] == ten + 2 and st.tracks["nato_cohesion"] == coh
    assert seen == {1, 2, 3, 4, 5}
    st = _at_blue_decision(game)
    st.apply_action(ChooseOption("civil_society_support"))
    assert not st.is_legal(ChooseOption("civil_society_support"))  # repeatable, but once a phase


def test_sanctions_cost_cohesion_4_raise_opposition_2_to_8_and_integration_5(game):
    """Cohesion 70 - 4 = 66; integration 20 + 5 = 25 (isolation deepens dependence, F13);
    opposition 60 + d, d in 2..8."""
    seen = set()
    for seed in range(1, 80):
        st = _at_blue_decision(game, seed)
        st.apply_action(ChooseOption("eu_sanctions"))
        assert st.tracks["nato_cohesion"] == 66 and st.tracks["integration"] == 25
        seen.add(st.tracks["belarus_opposition"] - 60)
    assert seen == set(range(2, 9))


def test_crackdown_is_repeatable_only_while_the_opposition_is_on_the_streets(game):
    """Red may crack down again on a later turn, but not while opposition is under 45: from 60, a
    round leaves 45 to 55; a state set to 44 refuses the card, 45 allows it."""
    st = game.new_initial_state(2)
    assert st.current_player() == "red"
    st.apply_action(ChooseOption("ru_crackdown"))
    assert 45 <= st.tracks["belarus_opposition"] <= 55 and st.tracks["nato_cohesion"] == 73
    st2 = game.new_initial_state(2)
    st2.tracks["belarus_opposition"] = 44
    assert not st2.is_legal(ChooseOption("ru_crackdown"))
    st2.tracks["belarus_opposition"] = 45
    assert st2.is_legal(ChooseOption("ru_crackdown"))
    opt = game.options["ru_crackdown"]
    assert opt.repeatable


def test_planner_model_plays_a_card_an_earlier_card_made_legal(game):
    """Opposition 52 at red's decision: the union doctrine (needs opposition < 50) is not legal as the
    phase starts. A plan with the information campaign and the doctrine: the campaign draws -1 to -5,
    so after it opposition is 47..51; on every seed where it lands under 50 the doctrine is signed in
    the same phase (integration 20 + 20 = 40), and on the others it is not (integration stays 20)."""
    m = C.model_of(game)
    st = game.new_initial_state(1)
    never = (m.turns + 1, m.turns, True)
    plan = {o: never for o in m.by_side["red"]}
    plan["ru_information_campaign"] = (1, 14, False)
    plan["ru_union_doctrine"] = (1, 14, False)
    both = 0
    for seed in range(1, 40):
        cs = C.belief(st, st.observation("red"), "red")
        cs.tracks["belarus_opposition"] = 52
        cs.rng = Rng(seed)
        assert C.cards_now(m, cs, "red", plan) == ["ru_information_campaign"]  # the doctrine is not legal yet
        C._decide(m, cs, "red", plan, True)
        opp = cs.tracks["belarus_opposition"]
        assert 47 <= opp <= 51
        assert cs.tracks["integration"] == (40 if opp < 50 else 20), (seed, opp)
        both += opp < 50
    assert 0 < both < 39  # both branches were seen
    cs = C.belief(st, st.observation("red"), "red")  # the doctrine's way (no follow-up): never signed
    cs.tracks["belarus_opposition"], cs.rng = 52, Rng(1)
    C._decide(m, cs, "red", plan)
    assert cs.tracks["integration"] == 20 and cs.tracks["belarus_opposition"] < 52


def test_search_policy_plays_the_follow_up_card_in_the_real_game(game):
    """The same situation in the real game, played by SearchPolicy with a kept plan: after the
    campaign lands, follow_up offers the doctrine when opposition is under 50 and nothing when not."""
    planner = C.CrisisPlanner()
    m = C.model_of(game)
    never = (m.turns + 1, m.turns, True)
    planner.plan = {o: never for o in m.by_side["red"]}
    planner.plan["ru_union_doctrine"] = (1, 14, False)
    st = game.new_initial_state(1)
    st.tracks["belarus_opposition"] = 49
    assert planner.follow_up(st, "red", ["ru_information_campaign"]) == ["ru_union_doctrine"]
    assert planner.follow_up(st, "red", ["ru_information_campaign", "ru_union_doctrine"]) == []
    st.tracks["belarus_opposition"] = 50
    assert planner.follow_up(st, "red", ["ru_information_campaign"]) == []


def test_planner_keeps_the_doctrine_when_nothing_beats_it_on_fresh_rollouts(game):
    """The winner's-curse check: on the last turn, with every condition of red's doctrine open
    (opposition 55, integration 100, tension 20), the doctrine as written and unrestrained play the
    same cards and nothing scores better; the planner returns the doctrine's plan (ties go to the
    search's winner only if it is the doctrine) and its explanation says it departs from it in nothing."""
    st = game.new_initial_state(1)
    st.turn = 14
    st.tracks.update({"belarus_opposition": 55, "integration": 100, "tension": 20})
    pl = C.CrisisPlanner(rollouts=2, plans=3, first_plans=30)
    pl.cards(st, st.observation("red"), "red", Rng(4))
    assert pl.explain[-1].endswith("departs from the doctrine in nothing"), pl.explain[-1]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_planner_drops_a_restraint_that_costs_points(game, seed):
    """The doctrine runs red's information campaign only while opposition is 45 or more. On the last
    turn at opposition 30 that restraint costs points: red's own cards raise opposition (the logistic
    base costs 5, the adopted Union doctrine adds 10), so Blue's last cards (civil society +1..+5,
    sanctions +2..+8) can lift it over 50 in some rollouts (10 points), and the campaign (-1..-5)
    guards red's goal. The planner weighs the doctrine without its restraints beside the doctrine as
    written, and plays the campaign; before it did, the planner played the doctrine here."""
    st = game.new_initial_state(1)
    st.turn = 14
    st.tracks.update({"belarus_opposition": 30, "integration": 100, "tension": 20})
    pl = C.CrisisPlanner(rollouts=2, plans=3, first_plans=30)
    cards = pl.cards(st, st.observation("red"), "red", Rng(seed))
    assert "ru_information_campaign" in cards
    assert "ru_information_campaign T1-14" in pl.explain[-1]

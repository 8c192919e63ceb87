"""Hostile use of the headless API, round 2: order text, order objects, the thin agent env, saves.

Each test names the defect it pins: it failed before the fix in engine/core/actions.py,
engine/analysis/agent_env.py or engine/core/save.py and passes after.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.analysis import invariants
from engine.analysis.agent_env import AgentEnv
from engine.core.actions import Action, AirMission, Attack, FacPlace, FacTrack, Move, Strike
from engine.core.rng import Rng, derive_seed
from engine.core.save import Session, load_save, replay, save_game
from engine.errors import EngineError, IllegalActionError, SaveError
from engine.geo.hexgrid import Hex
from tests.enginefixture import hexagon_game, to_phase

WAR = "scenarios/variants/baseline-2020-war.yaml"


def fresh_game():
    return hexagon_game([("r1", "tank", "red", -1, 0), ("b1", "inf", "blue", 0, 0), ("b2", "mech", "blue", 2, 0)])


GAME = fresh_game()


# --- order text ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["facilitator remove r1 -- \ud800", "facilitator place r1 -2,0 -- a\udfffb",
                                  "end\ud800", "move r1 -1,0->\udc80"])
def test_lone_surrogate_order_is_refused(text, tmp_path):
    """A lone surrogate in an order was accepted (in a facilitator's reason it went into the history), and then
    every save of the game raised UnicodeEncodeError."""
    with pytest.raises(IllegalActionError):
        Action.from_str(text, GAME)
    s = Session(GAME, seed=1)
    with pytest.raises(IllegalActionError):
        s.apply(text)
    s.save(tmp_path / "s.json")
    assert load_save(tmp_path / "s.json", GAME).state_hash() == s.state.state_hash()


def test_facilitator_add_refuses_ids_that_do_not_read_back(tmp_path):
    """'facilitator add ... x,y' made a unit 'x,y': its attack printed 'attack 0,0 with x,y', which reads back as
    two units 'x' and 'y', so the save of that game no longer loaded."""
    for uid in ("x,y", "a->b", "-lead", "ünit", "x\x00"):
        with pytest.raises(IllegalActionError, match="not a unit id"):
            GAME.parse_action(f"facilitator add tank red -1,1 {uid} -- reinforcement")
    s = Session(GAME, seed=3)
    s.apply("facilitator add tank red -1,1 x.y_2-b -- reinforcement")
    to_phase(s.state, "combat")
    attacks = [a for a in s.state.legal_actions() if isinstance(a, Attack) and "x.y_2-b" in a.attackers]
    assert attacks
    for a in attacks:
        assert GAME.parse_action(a.to_str(GAME)) == a
    s.state.apply_action(attacks[0])
    save_game(s.state, tmp_path / "s.json")
    assert load_save(tmp_path / "s.json", GAME).state_hash() == s.state.state_hash()


# --- order objects ----------------------------------------------------------------------------------

@pytest.mark.parametrize("make", [
    lambda: AirMission("support", Hex(0, 0), 1.5),
    lambda: AirMission("support", Hex(0, 0), 2.0),
    lambda: AirMission("support", Hex(0, 0), True),
    lambda: AirMission("support", Hex(0, 0), "2"),
    lambda: Move("r1", Hex(-1.0, 0), Hex(0, -1)),
    lambda: Move("r1", Hex(-1, 0), (0, math.nan)),
    lambda: Move("r1", Hex(-1, 0), (0,)),
    lambda: Strike("r1", "rail", Hex(0, 0), Hex(1.0, 0)),
    lambda: FacTrack("t", 1.5, "why"),
    lambda: FacPlace("r1", Hex(True, 0), "why"),
])
def test_order_fields_that_print_unreadably_are_refused(make):
    """AirMission(points=1.5) was legal: it left 5.5 air points and its history text 'air support H 1.5' broke
    the replay; Hex(-55.0, 35) printed '-55.0,35' (not readable) and, as a key equal to Hex(-55, 35), stuck in
    the Game's label cache so every later order at that hex printed that way."""
    with pytest.raises(IllegalActionError):
        make()


def test_float_hex_does_not_poison_labels():
    g = fresh_game()
    s = g.new_initial_state(1)
    with pytest.raises(IllegalActionError):
        s.apply_action(Move("nosuch", Hex(float(-3), 2), Hex(float(-3), 2)))
    assert g.label(Hex(-3, 2)) == "-3,2"
    assert Move("r1", (np.int64(-1), 0), [0, -1]) == Move("r1", Hex(-1, 0), Hex(0, -1))  # integer-valued: converted


# --- the thin agent env ---------------------------------------------------------------------------

@pytest.mark.parametrize("action", [1.5, -0.5, 0.0, True, "1", math.nan, math.inf, [0], np.array([0]),
                                    np.float64(0.0), 10 ** 30, -1, None])
def test_agent_env_refuses_what_is_not_an_index(action):
    """AgentEnv.step used int(action): 1.5 and -0.5 and "1" played an order, nan/inf/[0] raised ValueError,
    OverflowError or TypeError instead of the engine's error."""
    env = AgentEnv(GAME)
    env.reset(seed=1)
    before = env.state.state_hash()
    with pytest.raises(IllegalActionError):
        env.step(action)
    assert env.state.state_hash() == before and env.steps == 0


@pytest.mark.parametrize("action", [0, np.int64(0), np.array(0), np.uint8(0)])
def test_agent_env_takes_integer_indices(action):
    env = AgentEnv(GAME)
    env.reset(seed=1)
    env.step(action)
    assert env.steps == 1


# --- saves -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", [2 ** 127, -(2 ** 127), 2 ** 200])
def test_save_of_unloadable_seed_is_refused_when_written(seed, tmp_path):
    """A game started from a seed of 2**127 or more was saved, but read_save refuses such seeds: a save that
    never loads. It is now refused when written, with a SaveError."""
    st_ = GAME.new_initial_state(seed)
    with pytest.raises(SaveError, match="cannot be saved"):
        save_game(st_, tmp_path / "s.json")
    assert not (tmp_path / "s.json").exists()
    ok = GAME.new_initial_state(2 ** 127 - 1)
    save_game(ok, tmp_path / "ok.json")
    assert load_save(tmp_path / "ok.json", GAME).state_hash() == ok.state_hash()


def test_undo_reason_with_lone_surrogate_saves(tmp_path):
    """Session.undo(reason) with a lone surrogate (a pasted half of an emoji) made every later save raise
    UnicodeEncodeError."""
    s = Session(GAME, seed=2)
    s.apply("end")
    s.undo("oops \ud83d")
    s.save(tmp_path / "s.json")
    s2 = Session(GAME)
    s2.load(tmp_path / "s.json")
    assert s2.undone[0]["reason"] == "oops ?"


# --- properties: any text, and legal orders of a war under random play ------------------------------

_WORDS = ["move", "rail", "attack", "with", "option", "end", "ready", "tobox", "frombox", "air", "support",
          "interdict", "strike", "bombard", "base:", "rail:", "facilitator", "track", "place", "add", "remove",
          "event", "--", "->", ",", "r1", "b1", "tank", "red", "-1,0", "0,0", "0,-1", "1_0", "-3", "٣", "9" * 400,
          "\x00", "\u2028", "\x1c", "\ud800", "é", " ", "\t"]


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=9), st.booleans(), st.text(max_size=12))
def test_any_text_is_refused_or_reads_back(words, spaced, noise):
    text = (" " if spaced else "").join(words) + noise
    state = GAME.new_initial_state(1)
    try:
        a = Action.from_str(text, GAME)
    except EngineError:
        return
    printed = a.to_str(GAME)
    printed.encode("utf-8")
    assert Action.from_str(printed, GAME) == a
    try:
        state.apply_action(text)
    except EngineError:
        return
    state.to_json().encode("utf-8")
    assert replay(GAME, 1, state.history).state_hash() == state.state_hash()


def test_war_playout_orders_read_back_apply_and_keep_invariants():
    from engine.ai import make_policy
    from engine.game.game import load_game
    g = load_game(WAR)
    seed = 7
    state = g.new_initial_state(seed)
    pol = make_policy("random")
    rngs = {s: Rng(derive_seed(seed, "policy", s)) for s in g.side_ids}
    for n in range(120):
        if state.is_terminal():
            break
        legal = state.legal_actions()
        for a in legal[:: max(1, len(legal) // 25)]:
            assert g.parse_action(a.to_str(g)) == a, a
            assert state.why_illegal(a) is None
        c, before = state.clone(), state.state_hash()
        c.apply_action(legal[n % len(legal)])
        assert state.state_hash() == before
        side = state.current_player()
        state.apply_action(pol.choose(state, state.legal(), rngs[side]))
        if n % 10 == 0:
            assert invariants.violations(state) == []
    assert replay(g, seed, state.history).state_hash() == state.state_hash()


@pytest.mark.parametrize("seed", [1.7, "1", True, math.nan, [1]])
def test_env_reset_refuses_seeds_that_are_not_integers(seed):
    """reset(seed=1.7) and reset(seed="1") silently played game 1 (int() truncated and parsed them); nan raised
    ValueError."""
    from engine.analysis.pz_env import EastFlankAEC
    for env in (AgentEnv(GAME), EastFlankAEC(GAME)):
        with pytest.raises(EngineError, match="not an integer"):
            env.reset(seed=seed)
    env = AgentEnv(GAME)
    env.reset(seed=np.int64(5))
    assert env.state.state_hash() == GAME.new_initial_state(5).state_hash()

"""A hostile user of the agent interfaces (PettingZoo AEC, Gymnasium, AgentEnv): bad arguments, unknown agents,
failing opponents, an exceeded action bound, war games to the end, and determinism across processes.

tests/test_agent_env.py and tests/test_agent_interfaces.py already run api_test, seed_test, check_env and the
refusal of non-integer actions; these do not repeat them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("pettingzoo")
pytest.importorskip("gymnasium")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as hst  # noqa: E402

from engine.analysis.agent_env import AgentEnv  # noqa: E402
from engine.analysis.obs_encode import UNIT_FEATURES, ActionBoundError  # noqa: E402
from engine.analysis.pz_env import EastFlankAEC, SingleAgentEnv  # noqa: E402
from engine.analysis.synthetic import synthetic_game  # noqa: E402
from engine.errors import EngineError, IllegalActionError  # noqa: E402
from engine.game.game import load_game  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
GAME = synthetic_game(12, 10, 4, 3)
WAR = "scenarios/variants/zapad-2021-war.yaml"


@pytest.fixture(scope="module")
def war():
    return load_game(ROOT / WAR)


# --- unknown agents and calls before reset ----------------------------------------------------------------------

@pytest.mark.parametrize("agent", ["green", None, "", 0])
def test_observing_an_agent_that_is_not_there_is_refused(agent) -> None:
    """The engine answers any name with an empty fog-of-war view; the envs handed it back as if 'green' played."""
    aec = EastFlankAEC(GAME)
    aec.reset(seed=1)
    with pytest.raises(EngineError, match=r"unknown agent .*: expected one of red, blue"):
        aec.observe(agent)
    env = AgentEnv(GAME)
    env.reset(seed=1)
    with pytest.raises(EngineError, match=r"unknown agent .*: expected one of red, blue"):
        env.observe(agent)


def test_last_before_reset_says_reset() -> None:
    """last() before reset() raised AttributeError (no agent_selection / infos yet)."""
    with pytest.raises(EngineError, match=r"call reset\(\) before last\(\)"):
        EastFlankAEC(GAME).last()
    with pytest.raises(RuntimeError, match=r"call reset\(\) before last\(\)"):
        AgentEnv(GAME).last()


# --- constructor arguments ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, message", [
    ({"max_units": 0}, "max_units=0: expected an integer of at least 1"),  # ZeroDivisionError in every observe
    ({"max_units": -1}, "max_units=-1: expected an integer of at least 1"),  # IndexError in every observe
    ({"action_bound": 0}, "action_bound=0: expected an integer of at least 1"),  # gymnasium's ValueError
    ({"action_bound": 2.7}, "action_bound=2.7: expected an integer of at least 1"),  # became 2 unsaid
    ({"action_bound": True}, "action_bound=True: expected an integer of at least 1"),
    ({"max_steps": 0}, "max_steps=0: expected an integer of at least 1"),  # still played one order
    ({"render_mode": "human"}, "render_mode='human': expected None or ansi"),  # rendered nothing unsaid
    ({"side": ""}, "side '': expected one of red, blue"),  # became red
    ({"opponent": 42}, "opponent 42: expected a policy name or a callable"),  # TypeError at its first move
])
def test_bad_constructor_arguments_are_refused_at_once(kwargs, message) -> None:
    with pytest.raises(EngineError, match=message):
        SingleAgentEnv(GAME, **kwargs)


def test_agentenv_max_actions_must_be_positive() -> None:
    """max_actions=0 left every agent live (no termination, no truncation) while every order was refused."""
    with pytest.raises(EngineError, match="max_actions=0: expected an integer of at least 1"):
        AgentEnv(GAME, max_actions=0)
    assert AgentEnv(GAME, max_actions=np.int64(5)).max_actions == 5


# --- the Gymnasium wrapper's opponent ----------------------------------------------------------------------------

def test_a_failed_opponent_does_not_hand_its_move_to_the_agent() -> None:
    """After the opponent's policy raised, step() played the index for the opponent's side (red's order)."""
    calls = []

    def flaky(state, legal, rng):
        calls.append(1)
        if len(calls) == 1:
            raise ZeroDivisionError("policy crashed")
        return legal[0]

    env = SingleAgentEnv(GAME, side="blue", opponent=flaky)
    with pytest.raises(ZeroDivisionError, match="policy crashed"):  # the policy's own error, unchanged
        env.reset(seed=1)
    h = env.aec.state_.state_hash()
    with pytest.raises(EngineError, match=r"red is to act, not blue \(its opponent policy failed\): call reset"):
        env.step(0)
    assert env.aec.state_.state_hash() == h
    obs, _ = env.reset(seed=1)  # and reset recovers
    assert env.observation_space.contains(obs) and obs["action_mask"].sum() > 0


@pytest.mark.parametrize("choice, why", [
    (0, "not an order"),  # an index, as the env's own actions are: was the engine's bare TypeError
    (None, "not an order"),
    ("nonsense", "unknown order"),
    ("move r1tank 8,7->2,6", "it is the decisions phase, not movement"),  # a real order, at the wrong time
])
def test_an_opponent_that_returns_no_legal_order_is_named(choice, why) -> None:
    """The engine's message (or a bare TypeError) did not say the opponent, not the agent, chose it."""
    env = SingleAgentEnv(GAME, side="blue", opponent=lambda state, legal, rng: choice)
    with pytest.raises(IllegalActionError, match=rf"the opponent policy for red chose '{choice}': .*{why}"):
        env.reset(seed=1)
    with pytest.raises(EngineError, match="red is to act, not blue"):
        env.step(0)


@pytest.mark.parametrize("opponent, max_steps", [("random", 100_000), ("scripted", 100_000), ("greedy", 300)])
def test_named_opponents_play_the_war_to_a_zero_sum_end(war, opponent, max_steps) -> None:
    """To the end (or the step limit, for greedy: truncated, reward 0), every observation inside its space."""
    env = SingleAgentEnv(war, side="blue", opponent=opponent, max_steps=max_steps)
    obs, _ = env.reset(seed=2)
    rng = np.random.default_rng(0)
    term = trunc = False
    while not (term or trunc):
        assert env.observation_space.contains(obs)
        legal = np.flatnonzero(obs["action_mask"])
        assert len(legal) == len(env.aec.legal_orders()) > 0
        obs, reward, term, trunc, info = env.step(int(legal[rng.integers(len(legal))]))
    assert env.observation_space.contains(obs) and not obs["action_mask"].any()
    st = env.aec.state_
    assert term == st.is_terminal() and trunc == (max_steps == 300)
    assert sum(st.returns().values()) == 0.0 and reward == st.returns()["blue"]
    assert info["reason"] == ("step limit" if trunc else st.outcome().reason)
    with pytest.raises(EngineError, match="the episode is over: call reset"):
        env.step(0)


# --- the action bound ---------------------------------------------------------------------------------------------

def _until_bound_error(env: EastFlankAEC) -> None:
    for _ in range(100):
        env.step(0)
    raise AssertionError("the bound was never exceeded")


def test_after_an_action_bound_error_no_order_is_played() -> None:
    """The error came after the order was applied, with the old mask over the new list: a caller that caught it
    and stepped on played orders no mask described (and the error again, one order later each time)."""
    env = EastFlankAEC(GAME, action_bound=3)
    env.reset(seed=1)  # the decisions phase fits in 3
    with pytest.raises(ActionBoundError, match=r"synthetic-12x10-4 turn 1 movement, red to act: \d+ legal orders, "
                                               r"more than the action bound 3"):
        _until_bound_error(env)
    h = env.state_.state_hash()
    assert not env.observe("red")["action_mask"].any()
    with pytest.raises(IllegalActionError, match="action 0 is not legal here: 0 legal orders"):
        env.step(0)
    assert env.state_.state_hash() == h
    env.reset(seed=1)  # reset recovers
    assert env.observe(env.agent_selection)["action_mask"].sum() > 0


def test_gym_wrap_after_an_action_bound_error_is_refused_not_played() -> None:
    """With illegal='wrap' the index was taken modulo the new, unmasked legal list and played."""
    env = SingleAgentEnv(GAME, side="red", opponent="random", action_bound=3)
    env.reset(seed=1)
    with pytest.raises(ActionBoundError, match="more than the action bound 3"):
        for _ in range(100):
            env.step(0)
    h = env.aec.state_.state_hash()
    with pytest.raises(IllegalActionError, match="action 2 is not legal here: 0 legal orders"):
        env.step(2)
    assert env.aec.state_.state_hash() == h


# --- war games: spaces, masks, zero-sum returns ------------------------------------------------------------------

def test_a_war_game_stays_inside_its_spaces_to_the_end(war) -> None:
    """Every observation of every agent in its Box (float32, [0, 1], its shape), a live agent always has a legal
    order, air missions, strikes and attacks happen, and the end is zero-sum. max_units=8 is less than the
    units on the map: the rest are left out and counted, still inside the space."""
    env = EastFlankAEC(war, max_units=8)
    env.reset(seed=3)
    rng = np.random.default_rng(3)
    space = env.observation_space("red")
    assert space["observation"].shape == (env.encoder.head + 8 * UNIT_FEATURES,)
    final, left_out = {}, 0.0
    for agent in env.agent_iter(5000):
        obs, reward, term, trunc, info = env.last()
        for a in env.agents:
            o = env.observe(a)
            assert space.contains(o), (a, env.state_.turn, env.state_.phase)
            assert o["action_mask"].any() == (a == agent and not (term or trunc))
        left_out = max(left_out, float(obs["observation"][env.encoder.head - 1]))
        if term or trunc:
            final[agent] = reward
            env.step(None)
            continue
        env.step(int(rng.choice(np.flatnonzero(obs["action_mask"]))))
    st = env.state_
    assert st.is_terminal() and env.agents == []
    kinds = {h.split()[0] for h in st.history}
    assert {"air", "strike", "attack"} <= kinds, kinds
    assert final == st.returns() and sum(final.values()) == 0.0 and left_out > 0.0


# --- determinism ----------------------------------------------------------------------------------------------------

def _aec_trace(game, seed: int, picks: list[int]) -> tuple[list[bytes], str]:
    env = EastFlankAEC(game)
    env.reset(seed=seed)
    seen = []
    for p in picks:
        obs = env.last()[0]
        if env.terminations[env.agent_selection] or env.truncations[env.agent_selection]:
            break
        seen.append(obs["observation"].tobytes() + obs["action_mask"].tobytes())
        legal = np.flatnonzero(obs["action_mask"])
        env.step(int(legal[p % len(legal)]))
    return seen, env.state_.state_hash()


@settings(max_examples=10, deadline=None)
@given(seed=hst.one_of(hst.integers(-2 ** 70, 2 ** 70), hst.just(2 ** 200)),
       picks=hst.lists(hst.integers(0, 10 ** 6), min_size=1, max_size=60))
def test_same_seed_and_actions_same_game_in_two_envs(seed, picks) -> None:
    first = _aec_trace(GAME, seed, picks)
    assert _aec_trace(GAME, seed, picks) == first
    if 0 <= seed < 2 ** 63:  # a numpy seed is the same seed
        assert _aec_trace(GAME, np.int64(seed), picks) == first


_CHILD = """
import hashlib, sys
import numpy as np
from engine.game.game import load_game
from engine.analysis.pz_env import SingleAgentEnv
env = SingleAgentEnv(load_game(sys.argv[1]), side="blue", opponent="greedy")
obs, _ = env.reset(seed=11)
h = hashlib.sha256()
for i in range(40):
    h.update(obs["observation"].tobytes())
    legal = np.flatnonzero(obs["action_mask"])
    obs, r, term, trunc, _ = env.step(int(legal[(7 * i) % len(legal)]))
    if term or trunc:
        break
print(h.hexdigest(), env.aec.state_.state_hash())
"""


def test_same_game_whatever_the_hash_seed() -> None:
    """Observations and the final state hash do not depend on PYTHONHASHSEED (sets or dicts of str in the
    encoder, the greedy opponent or the engine would show here)."""
    outs = []
    for hs in ("0", "4242"):
        r = subprocess.run([sys.executable, "-c", _CHILD, WAR], cwd=ROOT, capture_output=True, text=True,
                           env={**os.environ, "PYTHONHASHSEED": hs}, check=True)
        outs.append(r.stdout.split())
    assert outs[0] == outs[1] and len(outs[0]) == 2

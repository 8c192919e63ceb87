"""The PettingZoo-AEC-style adapter plays a game to the end with action masks."""

from __future__ import annotations

import pytest

from engine.analysis.agent_env import AgentEnv
from engine.errors import IllegalActionError
from engine.core.rng import Rng
from engine.analysis.synthetic import synthetic_game


def _play(seed: int):
    env = AgentEnv(synthetic_game(12, 10, 4, 3))
    env.reset(seed=seed)
    rng = Rng(seed)
    trace = []
    while True:
        obs, reward, term, trunc, info = env.last()
        if term or trunc:
            break
        agent = env.agent_selection
        assert obs.side == agent
        mask = info["action_mask"]
        assert len(mask) == env.action_space(agent) > 0 and all(m == 1 for m in mask)
        # mostly 'end' (the last action) so the game is short, else a random legal one
        k = len(mask) - 1 if rng.random() < 0.5 else rng.randbelow(len(mask))
        trace.append(info["legal_actions"][k])
        env.step(k)
    return env, trace


def test_env_plays_to_the_end_and_rewards():
    env, trace = _play(4)
    assert env.state.is_terminal() and trace
    assert all(env.terminations.values())
    r = env._cumulative_rewards
    assert sorted(r.values()) in ([-1.0, 1.0], [0.0, 0.0])


def test_env_same_seed_same_game():
    (e1, t1), (e2, t2) = _play(6), _play(6)
    assert t1 == t2 and e1.state.state_hash() == e2.state.state_hash()


def test_env_rejects_bad_index():
    env = AgentEnv(synthetic_game(12, 10, 4, 3))
    env.reset(seed=1)
    with pytest.raises(IllegalActionError):
        env.step(10_000)


def test_env_refuses_orders_after_the_end():
    env, _ = _play(4)
    env.step(None)  # a dead step is fine
    with pytest.raises(IllegalActionError, match="game is over"):
        env.step(0)

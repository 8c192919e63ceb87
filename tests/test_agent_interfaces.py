"""The standard agent interfaces: PettingZoo's api_test and seed_test, Gymnasium's check_env, the action bound."""

from __future__ import annotations

import warnings

import numpy as np

import pytest

pytest.importorskip("pettingzoo")
pytest.importorskip("gymnasium")

from gymnasium.utils.env_checker import check_env  # noqa: E402
from pettingzoo.test import api_test, seed_test  # noqa: E402

from engine.analysis.obs_encode import ActionBoundError  # noqa: E402
from engine.analysis.pz_env import EastFlankAEC, SingleAgentEnv  # noqa: E402
from engine.analysis.synthetic import synthetic_game  # noqa: E402
from engine.errors import EngineError, IllegalActionError  # noqa: E402

GAME = synthetic_game(12, 10, 4, 3)


def test_pettingzoo_api_test() -> None:
    with warnings.catch_warnings():
        # style warnings only, the ones PettingZoo's own chess and go give too: a dict observation
        # (observation + action_mask), agent names that are not player_0 ...
        warnings.simplefilter("ignore", UserWarning)
        api_test(EastFlankAEC(GAME), num_cycles=200)


def test_pettingzoo_seed_test() -> None:
    seed_test(lambda: EastFlankAEC(GAME), num_cycles=200)


def test_gymnasium_check_env() -> None:
    env = SingleAgentEnv(GAME, side="red", opponent="random")
    check_env(env, skip_render_check=True)
    check_env(SingleAgentEnv(GAME, side="blue", opponent="scripted"), skip_render_check=True)


def test_play_to_the_end_and_dead_steps() -> None:
    env = EastFlankAEC(GAME)
    env.reset(seed=3)
    seen_end = False
    for agent in env.agent_iter(10_000):
        obs, reward, term, trunc, info = env.last()
        if term or trunc:
            seen_end = True
            assert reward in (-1.0, 0.0, 1.0) and "winner" in info
            with pytest.raises(ValueError):
                env.step(0)  # a dead agent may only step None
            env.step(None)
            continue
        mask = obs["action_mask"]
        assert mask.sum() == len(env.legal_orders()) > 0
        env.step(int(mask.nonzero()[0][-1]))  # the last order ('end' sorts last) keeps the game short
    assert seen_end and env.agents == []
    with pytest.raises(EngineError):
        env.step(None)


def test_illegal_index_is_refused() -> None:
    env = EastFlankAEC(GAME)
    env.reset(seed=1)
    n = int(env.last()[0]["action_mask"].sum())
    with pytest.raises(IllegalActionError):
        env.step(n)  # past the legal orders
    with pytest.raises(EngineError):
        env.step(None)  # a live agent must act


def test_action_bound_is_declared_and_enforced() -> None:
    env = EastFlankAEC(GAME)
    assert env.action_space("red").n == 16384
    env.reset(seed=1)
    n = int(env.last()[0]["action_mask"].sum())
    small = EastFlankAEC(GAME, action_bound=max(1, n - 1))
    with pytest.raises(ActionBoundError, match="more than the action bound"):
        small.reset(seed=1)


def test_observation_vector_known_values() -> None:
    from engine.analysis.obs_encode import UNIT_FEATURES, Encoder
    st = GAME.new_initial_state(1)
    enc = Encoder(GAME)
    v = enc.encode(st.observation("red"))
    phases = list(GAME.phases)
    assert v[0] == pytest.approx(1 / GAME.scenario.turns) and v[1] == 1.0  # turn 1, red to act
    assert v[2 + phases.index(st.phase)] == 1.0 and sum(v[2:2 + len(phases)]) == 1.0
    assert v[2 + len(phases)] == pytest.approx(st.tracks["tension"] / 100)
    own = [u for u in st.observation("red").units if u.side == "red"]
    first = v[enc.head: enc.head + UNIT_FEATURES]
    assert first[0] == 1.0 and first[1] == 1.0 and first[4] == pytest.approx(min(own, key=lambda u: u.id).strength / 10)
    assert v.dtype.name == "float32" and 0.0 <= v.min() and v.max() <= 1.0
    blue = enc.encode(st.observation("blue"))
    assert blue[1] == 0.0 and blue[enc.head + 1] == 1.0  # blue is not to act; its own units come first


@pytest.mark.parametrize("bad", [3.5, float("nan"), "3", None, True, [1], np.array([1, 2]), np.array(2.0)])
def test_an_action_that_is_not_an_integer_index_is_refused(bad) -> None:
    """Found by hostile testing: 3.5 played order 3 (truncated); NaN, text, None or a vector raised
    Python's own ValueError/TypeError instead of the engine's error."""
    env = SingleAgentEnv(GAME, side="red", opponent="random")
    env.reset(seed=1)
    h = env.aec.state_.state_hash()
    with pytest.raises(IllegalActionError, match="not an integer index"):
        env.step(bad)
    assert env.aec.state_.state_hash() == h  # nothing was played


def test_integer_indices_of_every_kind_are_accepted() -> None:
    hashes = set()
    for a in (0, np.int64(0), np.int32(0), np.array(0), np.uint8(0)):
        env = SingleAgentEnv(GAME, side="red", opponent="random")
        env.reset(seed=1)
        env.step(a)
        hashes.add(env.aec.state_.state_hash())
    assert len(hashes) == 1

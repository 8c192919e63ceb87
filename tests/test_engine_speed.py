"""The speed caches change no result: games played with every cache dropped before each
order end exactly as games played with them (engine/rules/*: per-Game result caches keyed
by what each result depends on, per-State caches keyed by epochs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.ai.random_policy import RandomPolicy
from engine.core.rng import Rng, derive_seed
from engine.testing import game_of

SCEN = Path(__file__).resolve().parent.parent / "scenarios"


def _play(game, seed: int, drop: bool) -> tuple[str, list[str], list[str]]:
    """A random game; with ``drop`` every cache is forgotten before each order."""
    state = game.new_initial_state(seed)
    pol = RandomPolicy()
    rngs = {s: Rng(derive_seed(seed, "policy", s)) for s in game.side_ids}
    while not state.is_terminal():
        if drop:
            game.clear_result_caches()
            state.drop_caches()
        side = state.current_player()
        legal = state.legal()
        state.apply_action(pol.choose(state, legal, rngs[side]))
    return state.state_hash(), state.history, state.log


@pytest.mark.parametrize("scenario,seed", [("baseline-2020.yaml", 3), ("zapad-2021.yaml", 5)])
def test_caches_change_no_result(scenario: str, seed: int) -> None:
    game = game_of(SCEN / scenario)
    warm = _play(game, seed + 100, drop=False)  # fills the Game's caches with another game's results
    cached = _play(game, seed, drop=False)
    cold = _play(game, seed, drop=True)
    assert cached == cold
    assert warm[0] != cached[0]  # the warm-up really was another game


def test_lazy_orders_match_actions() -> None:
    """orders_of (made on demand, used by the random policy) lists the same orders as actions_of."""
    game = game_of(SCEN / "baseline-2020.yaml")
    state = game.new_initial_state(2)
    pol = RandomPolicy()
    rng = Rng(9)
    checked = set()
    while not state.is_terminal() and len(checked) < 3:
        legal = state.legal()
        if state.phase in ("air", "movement"):
            for k in legal.groups:
                lazy = legal.orders_of(k)
                assert [lazy[i] for i in range(len(lazy))] == state.group_actions(k) == legal.actions_of(k)
                assert list(lazy) == legal.actions_of(k)
            checked.add(state.phase + str(state.turn))
        state.apply_action(pol.choose(state, legal, rng))
    assert len(checked) == 3


def test_clone_does_not_share_caches() -> None:
    game = game_of(SCEN / "baseline-2020.yaml")
    s = game.new_initial_state(4)
    s.legal_actions()
    c = s.clone()
    for name in ("_reach", "_zoc", "_vis", "_logi", "_side_ids"):
        assert getattr(c, name) is not getattr(s, name)

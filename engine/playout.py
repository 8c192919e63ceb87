"""Headless playouts: play N seeded games to the end, optionally in parallel.

Game ``i`` uses seed ``derive_seed(seed, i)``; each side's policy gets its own
RNG derived from that game seed, so results do not depend on ``--jobs``.
"""

from __future__ import annotations

from multiprocessing import get_context
from typing import Callable, Sequence

from .ai import Policy, make_policy
from .game import Game
from .rng import Rng, derive_seed

GameFactory = Callable[[], Game]


def play_game(game: Game, seed: int, policies: dict[str, Policy], max_actions: int = 1_000_000):
    """The playout loop (OpenSpiel evaluate_bots style); returns (result dict, final state)."""
    state = game.new_initial_state(seed)
    rngs = {s: Rng(derive_seed(seed, "policy", s)) for s in game.side_ids}
    n = 0
    while not state.is_terminal() and n < max_actions:
        side = state.current_player()
        action = policies[side].choose(state, state.legal(), rngs[side])
        state.apply_action(action)
        n += 1
    oc = state.outcome()
    return {
        "seed": seed,
        "winner": oc.winner if oc else None,
        "turns": state.turn,
        "score": dict(oc.scores) if oc else {},
        "reason": oc.reason if oc else "action cap",
        "actions": n,
        "state_hash": state.state_hash(),
    }, state


_WORKER: dict = {}


def _init_worker(factory: GameFactory, policy_names: dict[str, str]) -> None:
    _WORKER["game"] = factory()
    _WORKER["policies"] = {s: make_policy(p) for s, p in policy_names.items()}


def _run_one(seed: int) -> dict:
    return play_game(_WORKER["game"], seed, _WORKER["policies"])[0]


def game_seeds(seed: int, n: int) -> list[int]:
    return [derive_seed(seed, "game", i) for i in range(n)]


def run_playouts(factory: GameFactory, n: int, seed: int, jobs: int = 1,
                 policy_names: dict[str, str] | None = None) -> list[dict]:
    """Results of ``n`` games in game order (identical for any ``jobs``)."""
    game = None
    if policy_names is None:
        game = factory()
        policy_names = {s: "random" for s in game.side_ids}
    seeds = game_seeds(seed, n)
    if jobs <= 1 or n <= 1:
        _init_worker(factory if game is None else (lambda: game), policy_names)
        try:
            return [_run_one(s) for s in seeds]
        finally:
            _WORKER.clear()
    ctx = get_context("fork") if hasattr(__import__("os"), "fork") else get_context("spawn")
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(factory, policy_names)) as pool:
        return list(pool.map(_run_one, seeds, chunksize=max(1, n // (jobs * 8))))


class ScenarioFactory:
    """Picklable factory: loads a scenario file, or builds the synthetic one."""

    def __init__(self, path: str | None = None, synthetic: Sequence[int] | None = None) -> None:
        self.path = path
        self.synthetic = tuple(synthetic) if synthetic else None

    def __call__(self) -> Game:
        if self.synthetic is not None:
            from .synthetic import synthetic_game
            return synthetic_game(*self.synthetic)
        from .game import load_game
        return load_game(self.path)

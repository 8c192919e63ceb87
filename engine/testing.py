"""One-line helpers for tests: play N seeded games of a scenario with named policies.

    from engine.testing import play_games
    results = play_games("scenarios/baseline-2020.yaml", 20, seed=1, red="scripted", blue="random")

Games are cached per path within a process (loading is the slow part), and
the results are the playout runner's per-game dicts (engine/analysis/playout.py).
"""

from __future__ import annotations

from pathlib import Path

from engine.game.game import Game, load_game
from engine.analysis.playout import resolve_policies, run_playouts

_GAMES: dict[str, Game] = {}


def game_of(path: str | Path | None = None) -> Game:
    key = str(Path(path).resolve()) if path is not None else ""
    g = _GAMES.get(key)
    if g is None:
        g = _GAMES[key] = load_game(path)
    return g


def play_games(scenario: str | Path | Game | None, n: int, seed: int = 1, red: str = "random",
               blue: str = "random", jobs: int = 1, metrics=(), **others: str) -> list[dict]:
    """``n`` seeded games (``seed`` as for ``eastflank playout``); other sides by keyword or random."""
    game = scenario if isinstance(scenario, Game) else game_of(scenario)
    names = resolve_policies(game, red, blue, "random", strict=False, **others)
    if jobs > 1 and not isinstance(scenario, Game):
        from engine.analysis.playout import ScenarioFactory
        return run_playouts(ScenarioFactory(None if scenario is None else str(scenario)), n, seed, jobs=jobs,
                            policy_names=names, metrics=metrics)
    return run_playouts(lambda: game, n, seed, jobs=1 if isinstance(scenario, Game) else jobs,
                        policy_names=names, metrics=metrics)

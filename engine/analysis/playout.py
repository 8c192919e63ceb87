"""Headless playouts: play N seeded games to the end, optionally in parallel.

Game ``i`` uses seed ``derive_seed(seed, i)``; each side's policy gets its own
RNG derived from that game seed, so results do not depend on ``--jobs``.

Each result has the core keys ``seed, winner, turns, score, reason, actions,
state_hash`` and, for analysis: ``tracks`` (final values), ``steps_lost`` and
``units_left`` per side, ``objectives`` (name -> controlling side),
``track_history`` (track -> value after each turn), ``metrics`` (id -> the
reduced value of each metric of engine/analysis/metrics_builtin.py) and ``policies``.
"""

from __future__ import annotations

from multiprocessing import get_context
from typing import Callable, Sequence

from engine.analysis.metrics_measures import unit_losses
from engine.rules.clock import hours_elapsed, label
from engine.ai import Policy, make_policy
from engine.game.game import Game
from engine.analysis.metrics import MetricSet, objective_control, units_left
from engine.scenario.model import MetricSpec
from engine.core.rng import Rng, derive_seed

GameFactory = Callable[[], Game]
Progress = Callable[[int, int], None]


def play_game(game: Game, seed: int, policies: dict[str, Policy], max_actions: int = 1_000_000,
              metrics: MetricSet | None = None):
    """The playout loop (OpenSpiel evaluate_bots style); returns (result dict, final state)."""
    state = game.new_initial_state(seed)
    rngs = {s: Rng(derive_seed(seed, "policy", s)) for s in game.side_ids}
    history: dict[str, list[int]] = {t: [] for t in sorted(state.tracks)}
    if metrics is not None:
        metrics.reset()

    def snapshot() -> None:  # a turn is over: record tracks and metrics
        for t, xs in history.items():
            xs.append(state.tracks.get(t, 0))
        if metrics is not None:
            metrics.record(state)

    n = 0
    turn = state.turn
    while not state.is_terminal() and n < max_actions:
        side = state.current_player()
        assert side is not None  # a game that is not over always has a side to act
        action = policies[side].choose(state, state.legal(), rngs[side])
        state.apply_action(action)
        n += 1
        while turn < state.turn:  # values as the next turn starts (after its start-of-turn effects)
            snapshot()
            turn += 1
    snapshot()
    oc = state.outcome()
    return {
        "seed": seed,
        "winner": oc.winner if oc else None,
        "turns": state.turn,
        "clock": label(game, state.turn),  # date and hour of the last turn played (rules/clock.py)
        "hours": hours_elapsed(game, state.turn + 1) if state.terminal else hours_elapsed(game, state.turn),
        "score": dict(oc.scores) if oc else {},
        "reason": oc.reason if oc else "action cap",
        "actions": n,
        "state_hash": state.state_hash(),
        "tracks": dict(sorted(state.tracks.items())),
        "steps_lost": {s: state.steps_lost.get(s, 0) for s in game.side_ids},
        "units_left": units_left(state),
        "unit_losses": unit_losses(state),  # steps lost per unit (engine/analysis/metrics_measures.py)
        "objectives": objective_control(state),
        "track_history": history,
        "metrics": metrics.results() if metrics is not None else {},
        "policies": {s: getattr(p, "name", type(p).__name__) for s, p in sorted(policies.items())},
    }, state


_WORKER: dict = {}


def _init_worker(factory: GameFactory, policy_names: dict[str, str], metric_specs: tuple = ()) -> None:
    game = factory()
    _WORKER["game"] = game
    _WORKER["policy_names"] = dict(policy_names)
    specs = tuple(game.scenario.metrics) + tuple(metric_specs)
    _WORKER["metrics"] = MetricSet(game, specs)


def pool_worker_signals() -> None:
    """In a pool worker: leave Ctrl-C to the parent, which stops the pool (a worker hit by the terminal's
    SIGINT printed 'Process ForkPoolWorker-N:' and half a traceback over the parent's message); and die on
    the parent's ``terminate()`` (SIGTERM) whatever handler the fork inherited. A parent that had started
    Ray (its driver catches SIGTERM to shut its node down) left workers that outlived terminate(), and the
    parent's pool.join() waited for them for ever (seen as a hung test run)."""
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _init_pool_worker(factory: GameFactory, policy_names: dict[str, str], metric_specs: tuple = ()) -> None:
    pool_worker_signals()
    _init_worker(factory, policy_names, metric_specs)


def _run_one(seed: int) -> dict:
    # Fresh policy objects per game: a policy's memory never carries from one game to the next.
    policies = {s: make_policy(p) for s, p in _WORKER["policy_names"].items()}
    return play_game(_WORKER["game"], seed, policies, metrics=_WORKER["metrics"])[0]


def game_seeds(seed: int, n: int) -> list[int]:
    return [derive_seed(seed, "game", i) for i in range(n)]


def resolve_policies(game: Game, red: str | None = None, blue: str | None = None,
                     default: str = "random", strict: bool = False, **others: str) -> dict[str, str]:
    """Side id -> policy name: ``red``/``blue`` by side id, any other side by keyword or ``default``.

    ``strict`` (the CLI's --red/--blue): a policy for a side the scenario does not have is refused; it was
    dropped silently and every side played ``default``. Library callers (engine.testing passes red= and
    blue= always) keep the lenient reading."""
    if strict:
        from engine.errors import EngineError, did_you_mean
        for side, pol in (("red", red), ("blue", blue), *others.items()):
            if pol and side not in game.side_ids:
                raise EngineError(f"--{side} {pol}: scenario {game.scenario.id} has no side {side!r}"
                                  f"{did_you_mean(side, game.side_ids)} (its sides: {', '.join(game.side_ids)}); "
                                  "--policy POLICY sets the policy of every side")
    given = dict(others)
    if red:
        given["red"] = red
    if blue:
        given["blue"] = blue
    return {s: given.get(s, default) for s in game.side_ids}


def run_playouts(factory: GameFactory, n: int, seed: int, jobs: int = 1,
                 policy_names: dict[str, str] | None = None, metrics: Sequence[MetricSpec] = (),
                 progress: Progress | None = None) -> list[dict]:
    """Results of ``n`` games in game order (identical for any ``jobs``)."""
    game = None
    if policy_names is None:
        game = factory()
        policy_names = {s: "random" for s in game.side_ids}
    for p in policy_names.values():
        make_policy(p)  # unknown names fail here, in the parent, with a clear message
    seeds = game_seeds(seed, n)
    metrics = tuple(metrics)
    out: list[dict] = []
    if jobs <= 1 or n <= 1:
        _init_worker(factory if game is None else (lambda: game), policy_names, metrics)
        try:
            for s in seeds:
                out.append(_run_one(s))
                if progress:
                    progress(len(out), n)
            return out
        finally:
            _WORKER.clear()
    jobs = min(jobs, n)  # never more processes than games
    ctx = get_context("fork") if hasattr(__import__("os"), "fork") else get_context("spawn")
    pool = ctx.Pool(jobs, initializer=_init_pool_worker, initargs=(factory, policy_names, metrics))
    try:
        for r in pool.imap(_run_one, seeds, chunksize=max(1, min(16, n // (jobs * 8)))):
            out.append(r)
            if progress:
                progress(len(out), n)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()  # workers and the pool's threads are gone before anything forks again
    return out


class ScenarioFactory:
    """Picklable factory: loads a scenario file, or builds the synthetic one."""

    def __init__(self, path: str | None = None, synthetic: Sequence[int] | None = None) -> None:
        self.path = path
        self.synthetic = tuple(synthetic) if synthetic else None

    def portable(self) -> "ScenarioFactory":
        """The same factory with an absolute path (for workers that start in another folder)."""
        import os
        path = os.path.abspath(self.path) if self.path else None
        return ScenarioFactory(path, self.synthetic)

    def __call__(self) -> Game:
        if self.synthetic is not None:
            from engine.analysis.synthetic import synthetic_game
            return synthetic_game(*self.synthetic)
        from engine.game.game import load_game
        return load_game(self.path)

"""Benchmark: playouts per second, ms per turn, time per phase, peak memory."""

from __future__ import annotations

import resource
import time
import tracemalloc
from typing import Callable

from engine.ai.random_policy import RandomPolicy
from engine.game.game import Game
from engine.analysis.playout import game_seeds
from engine.core.rng import Rng, derive_seed


def bench(game: Game, n: int = 50, seed: int = 1, trace_memory: bool = False) -> dict:
    """Play ``n`` random games and time them; phase times are wall time per phase name."""
    policies = {s: RandomPolicy() for s in game.side_ids}
    phase_time: dict[str, float] = {p: 0.0 for p in game.phases}
    turns = actions = 0
    if trace_memory:
        tracemalloc.start()
    t0 = time.perf_counter()
    for gs in game_seeds(seed, n):
        state = game.new_initial_state(gs)
        rngs = {s: Rng(derive_seed(gs, "policy", s)) for s in game.side_ids}
        while not state.is_terminal():
            ph = state.phase
            t = time.perf_counter()
            side = state.current_player()
            assert side is not None  # a game that is not over always has a side to act
            state.apply_action(policies[side].choose(state, state.legal(), rngs[side]))
            phase_time[ph] += time.perf_counter() - t
            actions += 1
        turns += state.turn
    wall = time.perf_counter() - t0
    peak = None
    if trace_memory:
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return {
        "scenario": game.scenario.id,
        "units": len(game.scenario.units),
        "hexes": len(game.hexes),
        "games": n,
        "seconds": wall,
        "playouts_per_s": n / wall,
        "ms_per_turn": 1000 * wall / max(1, turns),
        "actions_per_s": actions / wall,
        "actions_per_game": actions / n,
        "phase_ms_per_game": {p: 1000 * v / n for p, v in phase_time.items()},
        "tracemalloc_peak_mb": peak,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def format_bench(r: dict) -> str:
    lines = [f"scenario {r['scenario']}: {r['units']} units, {r['hexes']} hexes, {r['games']} random games",
             f"  {r['playouts_per_s']:.1f} playouts/s, {r['ms_per_turn']:.2f} ms/turn, "
             f"{r['actions_per_s']:.0f} actions/s, {r['actions_per_game']:.0f} actions/game"]
    lines.append("  per phase (ms/game, time in apply_action incl. automatic phases that follow): " + ", ".join(
        f"{p} {v:.2f}" for p, v in r["phase_ms_per_game"].items()))
    mem = f"  max RSS {r['max_rss_mb']:.0f} MB"
    if r.get("tracemalloc_peak_mb") is not None:
        mem += f", traced peak {r['tracemalloc_peak_mb']:.1f} MB"
    lines.append(mem)
    return "\n".join(lines)


def bench_parallel(factory, n: int, seed: int, jobs: int) -> dict:
    """Wall time of ``n`` random games through the parallel playout runner (as ``playout --jobs``)."""
    from engine.analysis.playout import run_playouts
    t0 = time.perf_counter()
    res = run_playouts(factory, n, seed, jobs=jobs)
    wall = time.perf_counter() - t0
    return {"games": n, "jobs": jobs, "seconds": wall, "playouts_per_s": n / wall,
            "actions_per_s": sum(r["actions"] for r in res) / wall}


def scaling(cols: int, rows: int, units: int, turns: int = 10, n: int = 10, seed: int = 1) -> list[dict]:
    """ms per turn and actions/s on the synthetic theatre with 1x..4x ``units`` per side."""
    from engine.analysis.synthetic import synthetic_game
    out = []
    for k in (1, 2, 3, 4):
        g = synthetic_game(cols, rows, units * k, turns)
        r = bench(g, n, seed)
        out.append({"factor": k, "units": len(g.scenario.units), "ms_per_turn": r["ms_per_turn"],
                    "actions_per_s": r["actions_per_s"], "playouts_per_s": r["playouts_per_s"]})
    return out

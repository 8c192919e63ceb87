"""CLI verbs of the core engine: ``playout``, ``replay``, ``bench``."""

from __future__ import annotations

import argparse
import json
import sys
import time

from ..errors import EngineError


def _synthetic(text: str) -> tuple[int, int, int, int]:
    """'COLSxROWSxUNITS[xTURNS]' -> arguments of synthetic_game."""
    try:
        parts = [int(x) for x in text.lower().split("x")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected COLSxROWSxUNITS[xTURNS], e.g. 24x18x12") from None
    if len(parts) not in (3, 4) or min(parts) <= 0:
        raise argparse.ArgumentTypeError(f"{text!r}: expected COLSxROWSxUNITS[xTURNS], e.g. 24x18x12")
    return tuple(parts + [10][: 4 - len(parts)])  # type: ignore[return-value]


def _factory(args):
    from ..playout import ScenarioFactory
    if getattr(args, "synthetic", None):
        return ScenarioFactory(synthetic=args.synthetic)
    return ScenarioFactory(args.scenario)


def _add_source(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", nargs="?", default=None, metavar="SCENARIO",
                   help="scenario YAML (default: scenarios/baseline-2020.yaml)")
    p.add_argument("--synthetic", type=_synthetic, default=None, metavar="CxRxU[xT]",
                   help="play a synthetic theatre instead (e.g. 24x18x12: cols, rows, units per side, turns)")


def register(sub) -> None:
    p = sub.add_parser("playout", help="play N seeded games headless and report results")
    _add_source(p)
    p.add_argument("-n", type=int, default=10, help="number of games")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--jobs", type=int, default=1, help="worker processes (results identical for any value)")
    p.add_argument("--json", dest="json_out", default=None, metavar="OUT", help="write results as JSON")
    p.set_defaults(func=cmd_playout)

    p = sub.add_parser("replay", help="re-apply a save's orders and confirm its final state hash")
    p.add_argument("save")
    p.add_argument("scenario", nargs="?", default=None, help="scenario YAML (default: the default scenario)")
    p.add_argument("--synthetic", type=_synthetic, default=None, metavar="CxRxU[xT]")
    p.add_argument("--log", action="store_true", help="print the game log")
    p.set_defaults(func=cmd_replay)

    p = sub.add_parser("bench", help="playouts/s, ms per turn, time per phase, peak memory")
    _add_source(p)
    p.add_argument("-n", type=int, default=50)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json", dest="json_out", default=None, metavar="OUT")
    p.set_defaults(func=cmd_bench)


def cmd_playout(args) -> int:
    from ..playout import run_playouts
    if args.n < 1 or args.jobs < 1:
        raise EngineError("playout: -n and --jobs must be at least 1")
    factory = _factory(args)
    t0 = time.perf_counter()
    results = run_playouts(factory, args.n, args.seed, jobs=args.jobs)
    wall = time.perf_counter() - t0
    wins: dict[str, int] = {}
    for r in results:
        wins[r["winner"]] = wins.get(r["winner"], 0) + 1
    print(f"{len(results)} games in {wall:.2f} s ({len(results) / wall:.1f}/s); outcomes: "
          + ", ".join(f"{k} {v}" for k, v in sorted(wins.items())))
    if args.json_out:
        from ..save import write_atomic
        scen = "synthetic " + "x".join(map(str, args.synthetic)) if args.synthetic else (args.scenario or "default")
        write_atomic(args.json_out, json.dumps({"scenario": scen, "seed": args.seed, "n": args.n,
                                                "results": results}, indent=1, sort_keys=True) + "\n")
    return 0


def cmd_replay(args) -> int:
    from ..save import load_save
    game = _factory(args)()
    state = load_save(args.save, game)  # SaveError (exit 2) on any mismatch
    if args.log:
        print("\n".join(state.log))
    print(f"{args.save}: {len(state.history)} orders replayed, turn {state.turn} {state.phase}; "
          f"state hash {state.state_hash()} matches")
    return 0


def cmd_bench(args) -> int:
    from ..bench import bench, format_bench
    factory = _factory(args)
    t0 = time.perf_counter()
    game = factory()
    load = time.perf_counter() - t0
    r = bench(game, args.n, args.seed)
    mem = bench(game, max(1, min(5, args.n)), args.seed, trace_memory=True)
    r["tracemalloc_peak_mb"] = mem["tracemalloc_peak_mb"]
    r["load_seconds"] = load
    print(f"load {load:.2f} s")
    print(format_bench(r))
    if args.json_out:
        from ..save import write_atomic
        write_atomic(args.json_out, json.dumps(r, indent=1, sort_keys=True) + "\n")
    sys.stdout.flush()
    return 0

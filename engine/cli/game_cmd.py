"""CLI verbs of the core engine: ``playout``, ``replay``, ``bench``."""

from __future__ import annotations

import argparse
import json
import sys
import time

from engine.errors import EngineError


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
    from engine.analysis.playout import ScenarioFactory
    if getattr(args, "synthetic", None):
        return ScenarioFactory(synthetic=args.synthetic)
    return ScenarioFactory(args.scenario)


def _add_source(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", nargs="?", default=None, metavar="SCENARIO",
                   help="scenario YAML (default: scenarios/baseline-2020.yaml)")
    p.add_argument("--synthetic", type=_synthetic, default=None, metavar="CxRxU[xT]",
                   help="play a synthetic theatre instead (e.g. 24x18x12: cols, rows, units per side, turns)")


def _add_play(p: argparse.ArgumentParser, n: int) -> None:
    p.add_argument("-n", type=int, default=n, help="number of games")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--jobs", type=int, default=1, help="worker processes (results identical for any value)")
    p.add_argument("--red", default=None, metavar="POLICY", help="policy of red: random, scripted, greedy")
    p.add_argument("--blue", default=None, metavar="POLICY", help="policy of blue (default: random)")
    p.add_argument("--policy", dest="default_policy", default="random", metavar="POLICY",
                   help="policy of every side not given with --red/--blue (default random)")
    p.add_argument("--metric", action="append", default=[], metavar="ID=FUNC[:k=v...]",
                   help="extra per-game metric, e.g. red_near=units_near_border:side=red:countries=POL,LTU:within=3")
    p.add_argument("--json", dest="json_out", default=None, metavar="OUT", help="write results and summary as JSON")
    p.add_argument("--progress", action="store_true", help="progress bar on stderr even when it is not a terminal")


def register(sub) -> None:
    p = sub.add_parser("playout", help="play N seeded games headless; summary with 95 %% intervals")
    _add_source(p)
    _add_play(p, 10)
    p.add_argument("--plot", default=None, metavar="DIR", help="write PNG charts into DIR (needs matplotlib)")
    p.set_defaults(func=cmd_playout)

    p = sub.add_parser("compare", help="B - A for every outcome of two scenarios, with 95 %% intervals")
    p.add_argument("a", metavar="A.yaml")
    p.add_argument("b", metavar="B.yaml")
    _add_play(p, 100)
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("replay", help="re-apply a save's orders and confirm its final state hash")
    p.add_argument("save")
    p.add_argument("scenario", nargs="?", default=None, help="scenario YAML (default: the default scenario)")
    p.add_argument("--synthetic", type=_synthetic, default=None, metavar="CxRxU[xT]")
    p.add_argument("--log", action="store_true", help="print the game log")
    p.set_defaults(func=cmd_replay)

    p = sub.add_parser("bench", help="playouts/s, actions/s, ms per turn, time per phase, peak memory")
    _add_source(p)
    p.add_argument("-n", type=int, default=50)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--jobs", type=int, default=1, help="also time N games through the parallel playout runner")
    p.add_argument("--scaling", default=None, metavar="CxRxU[xT]", type=_synthetic,
                   help="time per turn with 1x..4x the units on this synthetic theatre (e.g. 24x18x12)")
    p.add_argument("--policy", action="append", default=None, metavar="POLICY",
                   help="policy of every side (repeat to time several; default random)")
    p.add_argument("--real-scaling", default=None, metavar="F1,F2,...",
                   help="time per turn per policy on the real map with F x its units (e.g. 1,2,4,8,16,29)")
    p.add_argument("--cold", action="store_true", help="also trace memory from a cold start (a fresh process)")
    p.add_argument("--json", dest="json_out", default=None, metavar="OUT")
    p.set_defaults(func=cmd_bench)


class _Bar:
    """A plain-text progress bar on stderr (only on a terminal, or when asked)."""

    def __init__(self, enabled: bool, label: str = "") -> None:
        self.enabled = enabled
        self.label = label
        self.t0 = time.perf_counter()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        width = 30
        k = int(width * done / max(1, total))
        rate = done / max(1e-9, time.perf_counter() - self.t0)
        sys.stderr.write(f"\r{self.label}[{'#' * k}{'.' * (width - k)}] {done}/{total} {rate:.1f} games/s")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _run(args, factory, label: str = "") -> tuple[list[dict], float]:
    from engine.analysis.metrics import parse_metric_arg
    from engine.analysis.playout import resolve_policies, run_playouts
    if args.n < 1 or args.jobs < 1:
        raise EngineError(f"{label or 'playout'}: -n and --jobs must be at least 1")
    metrics = [parse_metric_arg(m) for m in args.metric]
    game = factory()
    names = resolve_policies(game, args.red, args.blue, args.default_policy)
    bar = _Bar(args.progress or sys.stderr.isatty(), label)
    t0 = time.perf_counter()
    results = run_playouts(factory, args.n, args.seed, jobs=args.jobs, policy_names=names, metrics=metrics,
                           progress=bar)
    return results, time.perf_counter() - t0


def cmd_playout(args) -> int:
    from engine.analysis.montecarlo import format_summary, summarize
    factory = _factory(args)
    results, wall = _run(args, factory)
    summary = summarize(results)
    pol = results[0].get("policies", {}) if results else {}
    print(f"{len(results)} games in {wall:.2f} s ({len(results) / wall:.1f}/s); policies: "
          + ", ".join(f"{k} {v}" for k, v in pol.items()))
    print(format_summary(summary))
    scen = "synthetic " + "x".join(map(str, args.synthetic)) if args.synthetic else (args.scenario or "default")
    if args.json_out:
        from engine.core.save import write_atomic
        write_atomic(args.json_out, json.dumps({"scenario": scen, "seed": args.seed, "n": args.n, "policies": pol,
                                                "results": results, "summary": summary},
                                               indent=1, sort_keys=True) + "\n")
    if args.plot:
        from engine.analysis.charts import write_charts
        game = factory()
        colours = {s.id: s.colour for s in game.scenario.sides}
        paths = write_charts(results, summary, args.plot, title=game.scenario.id, colours=colours)
        print(f"charts: {', '.join(paths)}")
    return 0


def cmd_compare(args) -> int:
    from engine.analysis.montecarlo import compare, format_compare, summarize
    from engine.analysis.playout import ScenarioFactory
    fa, fb = ScenarioFactory(args.a), ScenarioFactory(args.b)
    ra, wa = _run(args, fa, "A ")
    rb, wb = _run(args, fb, "B ")
    c = compare(ra, rb)
    print(f"A = {args.a}, B = {args.b}: {args.n} games each, seed {args.seed} ({wa + wb:.1f} s)")
    print(format_compare(c, "A", "B"))
    if args.json_out:
        from engine.core.save import write_atomic
        write_atomic(args.json_out, json.dumps({"a": args.a, "b": args.b, "seed": args.seed, "n": args.n,
                                                "compare": c, "summary_a": summarize(ra), "summary_b": summarize(rb),
                                                "results_a": ra, "results_b": rb},
                                               indent=1, sort_keys=True) + "\n")
    return 0


def cmd_replay(args) -> int:
    from engine.core.save import load_save
    game = _factory(args)()
    state = load_save(args.save, game)  # SaveError (exit 2) on any mismatch
    if args.log:
        print("\n".join(state.log))
    print(f"{args.save}: {len(state.history)} orders replayed, turn {state.turn} {state.phase}; "
          f"state hash {state.state_hash()} matches")
    return 0


def cmd_bench(args) -> int:
    from engine.analysis.bench import run_bench_cli
    return run_bench_cli(args, _factory(args))

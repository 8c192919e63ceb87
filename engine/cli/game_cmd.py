"""CLI verbs of the core engine: ``playout``, ``compare``, ``replay``, ``bench``.

Outputs are checked (``-`` is stdout) and extras looked for before any game
runs; ``--backend ray`` plays the same seeds on a Ray cluster with the same
results (engine/analysis/runner.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from engine.cli.options import add_progress_backend, check_run
from engine.errors import EngineError

#: Synthetic theatres: the generator needs a red and a blue strip (cols // 4 wide) and a few rows;
#: beyond 200 x 200 hexes or 500 units a side a "benchmark" runs for hours.
SYN_MIN = (4, 4, 1, 1)
SYN_MAX = (200, 200, 500, 100)


def synthetic_size(text: str, scale: int = 1) -> tuple[int, int, int, int]:
    """'COLSxROWSxUNITS[xTURNS]' -> arguments of synthetic_game; ValueError with the reason.

    Units per side are capped by the room in each side's strip (cols // 4 columns of land,
    stacking 2 per hex), else placing them never ends; ``scale`` is the largest multiple of
    the units that will be played.
    """
    form = f"{text[:40]!r}: expected COLSxROWSxUNITS[xTURNS], e.g. 24x18x12"
    try:
        parts = [int(x) for x in text.lower().split("x")]
    except ValueError:
        raise ValueError(form) from None
    if len(parts) not in (3, 4):
        raise ValueError(form)
    parts = parts + [10][: 4 - len(parts)]
    for what, v, lo, hi in zip(("columns", "rows", "units per side", "turns"), parts, SYN_MIN, SYN_MAX):
        if not lo <= v <= hi:
            raise ValueError(f"{text[:40]!r}: {what} must be from {lo} to {hi} (got {v})")
    cols, rows, units, _ = parts
    room = 2 * (cols // 4) * rows
    if units * scale > room:
        raise ValueError(f"{text[:40]!r}: at most {room // scale} units per side fit a {cols}x{rows} theatre"
                         + (f" played at {scale}x" if scale > 1 else "") + f" (got {units})")
    return tuple(parts)  # type: ignore[return-value]


def _synthetic(text: str) -> tuple[int, int, int, int]:
    try:
        return synthetic_size(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _scaling(text: str) -> tuple[int, int, int, int]:
    try:
        return synthetic_size(text, scale=4)  # bench --scaling plays 1x..4x the units
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


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
    p.add_argument("--json", dest="json_out", default=None, metavar="OUT",
                   help="write results and summary as JSON (- for stdout; the text report then goes to stderr)")
    add_progress_backend(p)


def register(sub) -> None:
    p = sub.add_parser("playout", help="play N seeded games headless; summary with 95 %% intervals")
    _add_source(p)
    _add_play(p, 10)
    p.add_argument("--plot", default=None, metavar="DIR", help="write PNG charts into DIR (needs matplotlib)")
    p.add_argument("--out", default=None, metavar="RESULTS.jsonl",
                   help="append each game's result as it finishes; rerunning with the same file resumes")
    p.set_defaults(func=cmd_playout)

    p = sub.add_parser("compare", help="B against A in plain words: who wins, tracks, objectives (95 %% intervals)")
    p.add_argument("a", metavar="A.yaml")
    p.add_argument("b", metavar="B.yaml")
    _add_play(p, 100)
    p.add_argument("--table", action="store_true", help="the B - A table by id instead of sentences")
    p.add_argument("--chart", default=None, metavar="PNG", help="draw B - A as a chart (needs matplotlib)")
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
    p.add_argument("--scaling", default=None, metavar="CxRxU[xT]", type=_scaling,
                   help="time per turn with 1x..4x the units on this synthetic theatre (e.g. 24x18x12)")
    p.add_argument("--policy", action="append", default=None, metavar="POLICY",
                   help="policy of every side (repeat to time several; default random)")
    p.add_argument("--real-scaling", default=None, metavar="F1,F2,...",
                   help="time per turn per policy on the real map with F x its units (e.g. 1,2,4,8,16,29)")
    p.add_argument("--cold", action="store_true", help="also trace memory from a cold start (a fresh process)")
    p.add_argument("--json", dest="json_out", default=None, metavar="OUT", help="write the numbers as JSON (- for stdout)")
    p.add_argument("--markdown", dest="markdown_out", default=None, metavar="OUT",
                   help="write the numbers as a Markdown report (e.g. seeds/bench.md; - for stdout)")
    p.add_argument("--baseline", default=None, metavar="JSON",
                   help="a --json file of an earlier run: the Markdown report shows its figures beside these")
    p.set_defaults(func=cmd_bench)


def _run(args, factory, label: str = "") -> tuple[list[dict], float]:
    from engine.analysis.metrics import parse_metric_arg
    from engine.analysis.playout import resolve_policies
    from engine.analysis.progress import progress
    from engine.analysis.runner import run_games
    from engine.cli.options import check_counts
    check_counts(label.strip() or "playout", args.n, args.jobs)
    from engine.cli.options import check_metric_ids
    metrics = [parse_metric_arg(m) for m in args.metric]
    game = factory()
    check_metric_ids(args.metric, metrics, [game])
    names = resolve_policies(game, args.red, args.blue, args.default_policy, strict=True)
    bar = progress(label or "games", True if args.progress else None)
    t0 = time.perf_counter()
    if getattr(args, "out", None):
        from engine.analysis.sweep import run_resumable
        scen = "synthetic " + "x".join(map(str, args.synthetic)) if args.synthetic else (args.scenario or "default")
        results = run_resumable(args.out, scen, factory, args.n, args.seed, names, args.metric, metrics,
                                _bounds(factory, args), args.jobs, args.backend, args.address, bar, game=game)
    else:
        results = run_games(factory, args.n, args.seed, jobs=args.jobs, policy_names=names, metrics=metrics,
                            progress=bar, backend=args.backend, address=args.address)
    return results, time.perf_counter() - t0


def _bounds(factory, args) -> dict:
    from engine.analysis.bounds import quantity_bounds
    from engine.analysis.metrics import parse_metric_arg
    return quantity_bounds(factory(), [parse_metric_arg(m) for m in args.metric])


def cmd_playout(args) -> int:
    from engine.analysis.montecarlo import format_summary, summarize
    from engine.cli.outputs import human_stream, write_output
    check_run(args, {"--json": args.json_out, "--out": args.out}, {"--plot": args.plot}, inputs=[args.scenario])
    if args.out == "-":
        raise EngineError("playout: --out is a results file that is appended to; give a file name, not -")
    if args.plot:
        from engine.analysis.charts import require_matplotlib
        require_matplotlib("--plot")
    factory = _factory(args)
    results, wall = _run(args, factory)
    summary = summarize(results, _bounds(factory, args))
    pol = results[0].get("policies", {}) if results else {}
    out = human_stream(args.json_out)
    print(f"{len(results)} games in {wall:.2f} s ({len(results) / wall:.1f}/s); policies: "
          + ", ".join(f"{k} {v}" for k, v in pol.items()), file=out)
    print(format_summary(summary), file=out)
    scen = "synthetic " + "x".join(map(str, args.synthetic)) if args.synthetic else (args.scenario or "default")
    if args.json_out:
        write_output(args.json_out, json.dumps({"scenario": scen, "seed": args.seed, "n": args.n, "policies": pol,
                                                "results": results, "summary": summary},
                                               indent=1, sort_keys=True) + "\n", "--json")
    if args.plot:
        from engine.analysis.charts import write_charts
        game = factory()
        colours = {s.id: s.colour for s in game.scenario.sides}
        paths = write_charts(results, summary, args.plot, title=game.scenario.id, colours=colours)
        print(f"charts: {', '.join(paths)}", file=out)
    return 0


def cmd_compare(args) -> int:
    from engine.analysis.montecarlo import compare, format_compare, summarize
    from engine.analysis.playout import ScenarioFactory
    from engine.cli.outputs import human_stream, write_output
    from engine.cli.options import check_counts
    check_counts("compare", args.n, args.jobs)
    check_run(args, {"--json": args.json_out, "--chart": args.chart}, inputs=[args.a, args.b])
    fa, fb = ScenarioFactory(args.a), ScenarioFactory(args.b)
    from engine.analysis.metrics import parse_metric_arg
    from engine.cli.options import check_metric_ids
    games = [fa(), fb()]  # both scenarios load (or fail with their problems) before any game
    check_metric_ids(args.metric, [parse_metric_arg(m) for m in args.metric], games)
    from engine.analysis.playout import resolve_policies
    for g in games:  # B's sides too, before A's games are played
        resolve_policies(g, args.red, args.blue, args.default_policy, strict=True)
    ra, wa = _run(args, fa, "A")
    rb, wb = _run(args, fb, "B")
    c = compare(ra, rb)
    ba, bb = _bounds(fa, args), _bounds(fb, args)
    out = human_stream(args.json_out)
    if args.table:
        print(f"A = {args.a}, B = {args.b}: {args.n} games each, seed {args.seed} ({wa + wb:.1f} s)", file=out)
        print(format_compare(c, "A", "B"), file=out)
    else:
        from engine.analysis.compare_words import plain_compare
        sa, sb = fa().scenario, fb().scenario
        print(plain_compare(c, summarize(ra, ba), summarize(rb, bb), sa, sb), file=out)
        print(f"(seed {args.seed}, {wa + wb:.1f} s; --table for the numbers by id)", file=out)
    if args.chart:
        from engine.analysis.compare_words import compare_chart
        print(f"chart: {compare_chart(c, fa().scenario, fb().scenario, args.chart)}", file=out)
    if args.json_out:
        write_output(args.json_out, json.dumps({"a": args.a, "b": args.b, "seed": args.seed, "n": args.n,
                                                "compare": c, "summary_a": summarize(ra, ba), "summary_b": summarize(rb, bb),
                                                "results_a": ra, "results_b": rb},
                                               indent=1, sort_keys=True) + "\n", "--json")
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
    from engine.cli.options import check_counts
    from engine.cli.outputs import check_output, is_stdout
    check_counts("bench", args.n, args.jobs)
    from engine.cli.options import given_twice
    twice = given_twice(args.policy or [])
    if twice:  # timed twice, and the second replaced the first in --json and --markdown
        raise EngineError(f"bench: --policy {', '.join(twice)} is given twice; each policy is timed once")
    check_output(args.json_out, "--json")
    check_output(getattr(args, "markdown_out", None), "--markdown")
    if is_stdout(args.json_out) and is_stdout(getattr(args, "markdown_out", None)):
        raise EngineError("bench: --json and --markdown cannot both go to stdout")
    from engine.cli.options import check_distinct
    check_distinct({"--json": args.json_out, "--markdown": getattr(args, "markdown_out", None)},
                   inputs=[args.scenario, getattr(args, "baseline", None)])
    real = sys.stdout
    if is_stdout(args.json_out) or is_stdout(getattr(args, "markdown_out", None)):
        sys.stdout = sys.stderr  # the report's lines go to stderr; the JSON alone to stdout
    try:
        from engine.analysis.bench import run_bench_cli
        return run_bench_cli(args, _factory(args), real)
    finally:
        sys.stdout = real

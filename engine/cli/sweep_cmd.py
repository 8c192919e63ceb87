"""``eastflank sweep`` (a grid of scenario variants on the same seeds) and ``eastflank merge`` (shards)."""

from __future__ import annotations

import json
import sys

from engine.errors import EngineError


def register(sub) -> None:
    from engine.cli.options import add_progress_backend
    p = sub.add_parser("sweep", help="play a grid of scenario variants (--vary KEY.PATH=v1,v2) on the same seeds",
                       description="Each variant is the scenario with the given keys changed (or one of several "
                                   "scenario files); every variant plays the same N seeds. Results are appended "
                                   "to --out as each game finishes; rerunning with the same --out resumes.")
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="scenario YAML; several files are variants too")
    p.add_argument("--vary", action="append", default=[], metavar="KEY.PATH=V1,V2,...",
                   help="a key of the scenario and its values, e.g. turns=10,14 or units.us_abct.strength=2,3")
    p.add_argument("-n", type=int, default=20, help="games per variant (default 20)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--jobs", type=int, default=1, help="worker processes (results identical for any value)")
    p.add_argument("--red", default=None, metavar="POLICY")
    p.add_argument("--blue", default=None, metavar="POLICY")
    p.add_argument("--policy", dest="default_policy", default="random", metavar="POLICY")
    p.add_argument("--metric", action="append", default=[], metavar="ID=FUNC[:k=v...]", help="extra per-game metric")
    p.add_argument("--out", default=None, metavar="RESULTS.jsonl",
                   help="per-game results, appended as games finish; an existing file of the same sweep resumes")
    p.add_argument("--shard", default=None, metavar="K/N", help="play only shard K of N (combine with eastflank merge)")
    p.add_argument("--table", default=None, metavar="OUT.md", help="write the Markdown table (- for stdout)")
    p.add_argument("--json", dest="json_out", default=None, metavar="OUT", help="write the summaries as JSON (- for stdout)")
    p.add_argument("--chart", default=None, metavar="PNG", help="chart of --y against --x (needs matplotlib)")
    p.add_argument("--x", default=None, metavar="KEY", help="varied key on the chart's x axis (default: the first)")
    p.add_argument("--y", default=None, metavar="QUANTITY",
                   help="metric id, outcome:SIDE, objective:NAME:SIDE or turns")
    add_progress_backend(p)
    p.set_defaults(func=cmd_sweep)

    p = sub.add_parser("merge", help="combine sweep result files (shards, or interrupted runs) and print the table")
    p.add_argument("inputs", nargs="+", metavar="RESULTS.jsonl")
    p.add_argument("--out", required=True, metavar="RESULTS.jsonl", help="the combined results file")
    p.add_argument("--table", default=None, metavar="OUT.md", help="write the Markdown table (- for stdout)")
    p.add_argument("--json", dest="json_out", default=None, metavar="OUT", help="write the summaries as JSON (- for stdout)")
    p.set_defaults(func=cmd_merge)


def _report(header, tallies, args, title: str) -> None:
    from engine.analysis.sweeptable import format_table, sweep_rows, write_chart
    from engine.cli.outputs import human_stream, write_output
    rows = sweep_rows(header, tallies)
    table = format_table(rows)
    out = human_stream(args.json_out, args.table)
    print(table, file=out, end="")
    if args.table:
        write_output(args.table, f"# {title}\n\n" + table, "--table")
    if args.json_out:
        write_output(args.json_out, json.dumps({"plan": header, "variants": rows}, indent=1, sort_keys=True) + "\n",
                     "--json")
    if getattr(args, "chart", None):
        write_chart(rows, args._x, args.y, args.chart, title)
        print(f"chart: {args.chart}", file=out)


def cmd_sweep(args) -> int:
    from engine.analysis import sweep as S
    from engine.analysis.metrics import parse_metric_arg
    from engine.analysis.playout import resolve_policies
    from engine.analysis.progress import progress
    from engine.cli.options import check_counts, check_run
    check_counts("sweep", args.n, args.jobs)
    # Everything that can be wrong is found before the first game.
    vary = [S.parse_vary(v) for v in args.vary]
    keys = [k for k, _ in vary]
    if len(set(keys)) != len(keys):
        raise EngineError("sweep: a key is given to --vary twice")
    import os
    seen: dict[str, str] = {}
    for scen in args.scenarios:  # a file given twice would be two variants with the same games
        real = os.path.realpath(scen)
        if real in seen:
            raise EngineError(f"sweep: {scen} is given twice (as {seen[real]!r} and {scen!r}); "
                              "each scenario file is one variant")
        seen[real] = scen
    shard = S.parse_shard(args.shard)
    if args.table == "-" and args.json_out == "-":
        raise EngineError("sweep: only one of --table and --json can go to stdout (-)")
    if args.out == "-" or args.chart == "-":
        raise EngineError("sweep: --out and --chart must be files (the results file is appended to, the chart is a PNG)")
    check_run(args, {"--out": args.out, "--table": args.table, "--json": args.json_out, "--chart": args.chart},
              inputs=args.scenarios)
    varied = (["scenario"] if len(args.scenarios) > 1 else []) + keys
    if args.chart:
        from engine.analysis.charts import require_matplotlib
        from engine.analysis.sweeptable import check_chart_args
        args._x = check_chart_args(varied, args.x, args.y)
        require_matplotlib("--chart")
    metrics = [parse_metric_arg(m) for m in args.metric]
    variants = S.build_variants(args.scenarios, vary)
    from engine.analysis.bounds import quantity_bounds
    from engine.analysis.runner import CACHE_GAMES
    games: list = []
    bounds: list = []
    digests: list = []
    first = None
    from engine.cli.options import check_metric_ids, check_metric_params
    for v in variants:  # every variant loads, or its problems are reported now
        g = S.VariantFactory(v)()
        check_metric_params(args.metric, metrics, g, f"variant {v.key}" if v.text else v.scenario)
        resolve_policies(g, args.red, args.blue, args.default_policy, strict=True)  # every scenario file's sides
        bounds.append(quantity_bounds(g, metrics))
        digests.append(S.game_digests(g))
        if len(variants) <= CACHE_GAMES:  # kept for the local workers; a large grid is rebuilt there
            games.append(g)
        first = first or g
    assert first is not None  # build_variants gives at least one variant
    check_metric_ids(args.metric, metrics, games or [first], params=False)  # the parameters: checked above
    if args.chart:
        _check_y(args.y, games or [first], metrics)
    names = resolve_policies(first, args.red, args.blue, args.default_policy, strict=True)
    from engine.ai import make_policy
    for pn in names.values():
        make_policy(pn)
    header = S.plan_header(variants, args.n, args.seed, names, args.metric, bounds, digests)
    results = S.ResultsFile(args.out, header)
    try:
        before = len(results.done)
        todo = len(S.plan_tasks(variants, args.n, args.seed, shard))
        bar = progress("sweep", True if args.progress else None)
        played = S.run_sweep(variants, args.n, args.seed, names, metrics, results, args.jobs, args.backend,
                             args.address, shard, bar, games=games)
    finally:
        results.close()
    print(f"{len(variants)} variants x {args.n} games" + (f", shard {shard[0]}/{shard[1]}" if shard != (1, 1) else "")
          + f": {played} played" + (f", {before} already in {args.out}" if before else "")
          + f" ({todo} in this shard)", file=sys.stderr)
    _report(header, results.tallies, args, "Sweep of " + ", ".join(args.scenarios))
    return 0


def _check_y(y: str, games: list, metrics: list) -> None:
    """--y names a quantity the sweep will have: checked before any game (it was checked after all of them)."""
    from engine.errors import did_you_mean
    known: set[str] = {"turns"}
    objectives: set[str] = set()
    for g in games:
        sc = g.scenario
        known.update(f"outcome:{sd}" for sd in [*(x.id for x in sc.sides), "draw"])
        known.update(spec.id for spec in (*sc.metrics, *metrics))
        objectives.update(o.name for o in sc.victory.objectives)
    if y in known or (y.startswith("objective:") and y.split(":")[1] in objectives):
        return
    names = sorted(known) + [f"objective:{o}:SIDE" for o in sorted(objectives)]
    raise EngineError(f"--y {y!r}: not a quantity of this sweep{did_you_mean(y, names)} "
                      f"(quantities: {', '.join(names[:30])}{' ...' if len(names) > 30 else ''})")


def cmd_merge(args) -> int:
    from engine.analysis import sweep as S
    from engine.cli.outputs import check_output
    from engine.cli.options import check_distinct
    for opt, path in (("--out", args.out), ("--table", args.table), ("--json", args.json_out)):
        check_output(path, opt)
    if args.out == "-":
        raise EngineError("merge: --out must be a file")
    check_distinct({"--out": args.out, "--table": args.table, "--json": args.json_out})
    check_distinct({"--table": args.table, "--json": args.json_out}, inputs=args.inputs)  # --out may be one
    merged = S.merge_files(args.inputs)
    S.write_merged(args.out, merged)
    header = merged.header
    total = len(header["variants"]) * int(header["n"])
    print(f"merged {len(args.inputs)} files: {len(merged.done)} of {total} games into {args.out}", file=sys.stderr)
    _report(header, merged.tallies, args, "Sweep (merged)")
    return 0

"""CLI verb ``tournament``: every pair of policies as both sides on a list of scenarios."""

from __future__ import annotations

import json

from engine.errors import EngineError


def register(sub) -> None:
    p = sub.add_parser("tournament", help="every pair of policies as both sides; win rates, score "
                                          "differences with 95 %% intervals, Elo-style table")
    p.add_argument("scenarios", nargs="*", metavar="SCENARIO", help="scenario YAMLs (default: the default scenario)")
    p.add_argument("--policies", default="search,greedy,scripted,random", metavar="P1,P2,...")
    p.add_argument("-n", type=int, default=20, help="games per matchup")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--jobs", type=int, default=1, help="worker processes (results identical for any value)")
    p.add_argument("--markdown", default=None, metavar="OUT.md", help="also write the tables as Markdown (- for stdout)")
    p.add_argument("--json", dest="json_out", default=None, metavar="OUT", help="the results as JSON (- for stdout)")
    p.add_argument("--progress", action="store_true", help="progress on stderr even when it is not a terminal")
    p.set_defaults(func=cmd_tournament)


def cmd_tournament(args) -> int:
    from engine.ai import POLICIES
    from engine.analysis.tournament import elo, format_markdown, play_matchups, summarize
    pols = [p.strip() for p in args.policies.split(",") if p.strip()]
    unknown = [p for p in pols if p not in POLICIES]
    if unknown or len(pols) < 2:
        raise EngineError(f"tournament: --policies needs two or more of {', '.join(sorted(POLICIES))}"
                          + (f" (unknown: {', '.join(unknown)})" if unknown else ""))
    twice = sorted({p for p in pols if pols.count(p) > 1})
    if twice:
        raise EngineError(f"tournament: --policies names {', '.join(twice)} twice (each policy plays every other "
                          "as both sides already)")
    from engine.cli.options import check_counts
    check_counts("tournament", args.n, args.jobs)
    from engine.analysis.progress import progress as bar_of
    from engine.cli.outputs import check_output, human_stream, write_output
    check_output(args.markdown, "--markdown")  # bad outputs fail now, not after every game is played
    check_output(args.json_out, "--json")
    from engine.cli.options import check_distinct
    check_distinct({"--markdown": args.markdown, "--json": args.json_out}, inputs=args.scenarios)
    import os

    from engine.analysis.playout import ScenarioFactory
    from engine.analysis.tournament import two_sided
    seen: dict[str, str] = {}
    for scen in args.scenarios:  # twice would count its games twice in the ratings
        real = os.path.realpath(scen) if scen else scen
        if real in seen:
            raise EngineError(f"tournament: {scen} is given twice (as {seen[real]!r} and {scen!r})")
        seen[real] = scen
    for scen in args.scenarios:  # every scenario loads, with two sides, before the first game
        two_sided(ScenarioFactory(scen))
    bars: dict[str, object] = {}

    def progress(label: str, done: int, total: int) -> None:
        bar = bars.get(label)
        if bar is None:
            bar = bars[label] = bar_of(label.strip() or "tournament", True if args.progress else None)
        bar(done, total)  # type: ignore[operator]
    matches = [play_matchups(s, pols, args.n, args.seed, args.jobs, progress) for s in (args.scenarios or [None])]
    summaries = [summarize(m) for m in matches]
    ratings = elo(matches)
    text = format_markdown(summaries, ratings, args.n, args.seed)
    print(text, end="", file=human_stream(args.markdown, args.json_out))
    if args.markdown:
        write_output(args.markdown, "# Tournament\n\n" + text, "--markdown")
    if args.json_out:
        write_output(args.json_out, json.dumps({"summaries": summaries, "elo": ratings, "matches": matches},
                                               indent=1, sort_keys=True) + "\n", "--json")
    return 0

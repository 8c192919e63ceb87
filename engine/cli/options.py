"""Options shared by every verb that plays many games: progress, backend, and the checks before any game.

playout, compare and sweep use these; effects, calibrate and tournament can
add the same options with ``add_progress_backend(parser)``, call
``check_run(args, {"--json": path})`` first, show progress with
``engine.analysis.progress.progress(label)`` and play through
``engine.analysis.runner.run_games`` (local processes or Ray, same results).
"""

from __future__ import annotations

import argparse
import os
from typing import Sequence

from engine.errors import EngineError


#: Most games one run may ask for per matchup, variant or case. A million games of the default scenario is
#: some 18 core-hours even with the random policy (eastflank bench: 15.8 playouts/s); a larger -n is a
#: typo, and its seed list alone would fill the memory before the first game (-n 10**21 took 640 MB in
#: 20 s). Bigger studies are split into sweeps with --out and joined with `eastflank merge`.
MAX_GAMES = 1_000_000
#: Most worker processes: one per core is what helps, and no machine this runs on has 256 cores; more is a
#: typo that would start that many processes (a cluster is --backend ray with --address).
MAX_JOBS = 256


def check_counts(verb: str, n: int, jobs: int, min_n: int = 1, **more: int) -> None:
    """EngineError unless min_n <= n <= MAX_GAMES and 1 <= jobs <= MAX_JOBS (and each of ``more``, e.g.
    blocks, between 1 and MAX_GAMES): a bad count fails at once, in one line, before any game."""
    bad = []
    if not min_n <= n <= MAX_GAMES:
        bad.append(f"-n must be between {min_n} and {MAX_GAMES:,} (got {n})")
    if not 1 <= jobs <= MAX_JOBS:
        bad.append(f"--jobs must be between 1 and {MAX_JOBS} (got {jobs})")
    for name, v in more.items():
        if not 1 <= v <= MAX_GAMES:
            bad.append(f"--{name} must be between 1 and {MAX_GAMES:,} (got {v})")
    if bad:
        raise EngineError(f"{verb}: " + "; ".join(bad))


def add_progress_backend(p: argparse.ArgumentParser) -> None:
    """--progress, --backend, --address: shared by every verb that plays many games."""
    p.add_argument("--progress", action="store_true", help="progress bar on stderr even when it is not a terminal")
    p.add_argument("--backend", default="local", choices=("local", "ray"),
                   help="where games run: local processes (default) or Ray (needs the cluster extra)")
    p.add_argument("--address", default=None, metavar="HOST:PORT",
                   help="with --backend ray: an existing Ray cluster (default: start a local one)")


def check_run(args, outputs: dict[str, str | None] | None = None, dirs: dict[str, str | None] | None = None,
              inputs: Sequence[str | None] = ()) -> None:
    """Everything that can fail before the games: backend extra, output paths, charts extra."""
    from engine.analysis.runner import check_backend
    from engine.cli.outputs import check_output
    check_backend(args.backend)
    if args.address and args.backend != "ray":
        raise EngineError("--address needs --backend ray")
    for opt, path in (outputs or {}).items():
        check_output(path, opt)
    for opt, path in (dirs or {}).items():
        check_output(path, opt, directory=True)
    check_distinct({**(outputs or {}), **(dirs or {})}, inputs)


def check_distinct(outputs: dict[str, str | None], inputs: Sequence[str | None] = ()) -> None:
    """EngineError unless every output names its own file (one written last would replace the other, e.g.
    --json and --out both r.jsonl) and none is an input of the run (--table over the scenario file).
    ``-`` (stdout) may be given to one option only."""
    from engine.cli.outputs import is_stdout
    given = [(opt, p) for opt, p in outputs.items() if p]
    stdout = [opt for opt, p in given if is_stdout(p)]
    if len(stdout) > 1:
        raise EngineError(f"only one of {' and '.join(stdout)} can go to stdout (-)")
    seen: dict[str, str] = {}
    for opt, p in given:
        if is_stdout(p):
            continue
        real = os.path.realpath(p)
        if real in seen:
            raise EngineError(f"{seen[real]} and {opt} name the same file {p!r}: give each its own file")
        seen[real] = opt
    for src in inputs:
        if src and not is_stdout(src) and os.path.realpath(src) in seen:
            raise EngineError(f"{seen[os.path.realpath(src)]} {src}: is an input of this run; writing there would "
                              "replace it (give another file)")


def check_metric_ids(texts: Sequence[str], specs: Sequence, games: Sequence, params: bool = True) -> None:
    """EngineError unless every --metric has its own, non-empty id that no scenario of the run uses: a metric
    of a scenario's id shared its series with it (two values a turn) and replaced it in the results.
    With ``params``, then every metric's parameters, the scenarios' and the --metric ones
    (:func:`check_metric_params`)."""
    seen: set[str] = set()
    for text, spec in zip(texts, specs):
        if not spec.id:
            raise EngineError(f"--metric {text!r}: the id before '=' is empty (e.g. red_near=units_near_border:...)")
        if spec.id in seen:
            raise EngineError(f"--metric {text!r}: the id {spec.id!r} is given twice (give each metric its own id)")
        seen.add(spec.id)
        for g in games:
            ids = [m.id for m in g.scenario.metrics]
            if spec.id in ids:
                raise EngineError(f"--metric {text!r}: scenario {g.scenario.id} has a metric {spec.id!r} already "
                                  f"(its metrics: {', '.join(ids)}); give yours another id")
    for g in games if params else ():
        check_metric_params(texts, specs, g)


def check_metric_params(texts: Sequence[str], specs: Sequence, game, label: str | None = None) -> None:
    """MetricError unless every metric of ``game``'s scenario and every --metric reads parameters that mean
    something there (a side, country, place, unit ... of the scenario; see metricreg.check_params): a typo
    was read as 'nothing matches' and reported 0.00 after all the games. ``label`` names the scenario (its
    file by default)."""
    from engine.analysis.metrics import check_spec
    label = label or game.scenario.file or game.scenario.id
    for m in game.scenario.metrics:
        check_spec(m, game, f"{label}: metric {m.id!r} ({m.metric})")
    for text, spec in zip(texts, specs):
        check_spec(spec, game, f"--metric {text!r}")


def given_twice(values: Sequence[str]) -> list[str]:
    """The values given more than once, sorted: a policy measured or timed twice repeats the same games."""
    return sorted({v for v in values if list(values).count(v) > 1})

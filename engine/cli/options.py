"""Options shared by every verb that plays many games: progress, backend, and the checks before any game.

playout, compare and sweep use these; effects, calibrate and tournament can
add the same options with ``add_progress_backend(parser)``, call
``check_run(args, {"--json": path})`` first, show progress with
``engine.analysis.progress.progress(label)`` and play through
``engine.analysis.runner.run_games`` (local processes or Ray, same results).
"""

from __future__ import annotations

import argparse

from engine.errors import EngineError


def add_progress_backend(p: argparse.ArgumentParser) -> None:
    """--progress, --backend, --address: shared by every verb that plays many games."""
    p.add_argument("--progress", action="store_true", help="progress bar on stderr even when it is not a terminal")
    p.add_argument("--backend", default="local", choices=("local", "ray"),
                   help="where games run: local processes (default) or Ray (needs the cluster extra)")
    p.add_argument("--address", default=None, metavar="HOST:PORT",
                   help="with --backend ray: an existing Ray cluster (default: start a local one)")


def check_run(args, outputs: dict[str, str | None] | None = None, dirs: dict[str, str | None] | None = None) -> None:
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

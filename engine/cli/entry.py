"""The ``eastflank`` command line: one verb per module in ``engine.cli``.

Every ``EngineError`` (bad map, bad scenario, illegal order, bad save) is
printed as its one-line-per-problem message with exit status 2: never a
traceback for user input.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from engine.errors import EngineError

#: Modules under engine.cli; each has ``register(subparsers)`` adding its verbs,
#: whose parsers set ``func(args) -> int``.
COMMAND_MODULES = ("map_cmd", "scenario_cmd", "game_cmd", "sweep_cmd", "play_cmd", "effects_cmd", "net_cmd", "editor_cmd", "tournament_cmd", "calibrate_cmd")


def version() -> str:
    """The installed distribution's version (the package's own when run from a source tree)."""
    try:
        from importlib.metadata import PackageNotFoundError, version as dist_version
        try:
            return dist_version("eastern-flank")
        except PackageNotFoundError:
            pass
    except ImportError:  # pragma: no cover
        pass
    from engine import __version__
    return __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eastflank",
        description="Eastern Flank: turn-based wargame of the Belarus / Eastern Flank crisis.")
    parser.add_argument("--version", action="version", version=f"eastflank {version()}")
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    for name in COMMAND_MODULES:
        importlib.import_module(f"engine.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except EngineError as e:
        print(f"eastflank: {e}" if "\n" not in str(e) else str(e), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("eastflank: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())

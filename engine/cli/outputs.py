"""Output paths of the verbs: ``-`` is stdout, anything else a regular file checked before any game runs.

Why here: a 20-minute run must not end with "cannot write" (or write a file
literally named ``-``). The checks themselves are :mod:`engine.safeio`'s, the
one place that decides what may be written (regular files only, never a
device, directory or symlink target).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from engine import safeio
from engine.errors import EngineError

STDOUT = "-"


def is_stdout(path: str | None) -> bool:
    return path == STDOUT


def check_output(path: str | None, option: str, directory: bool = False) -> None:
    """EngineError (exit 2) unless ``path`` can be written: ``-``, or a regular file in an existing,
    writable folder (with ``directory``: a folder that exists or can be made). Nothing is created."""
    if path is None or (is_stdout(path) and not directory):
        return
    try:
        if not directory:
            safeio.check_output_path(path)
            return
        why = safeio.name_problem(path)
        if why:
            raise EngineError(f"{path[:200]!r}: cannot write there: {why}")
        p = Path(path)
        if os.path.lexists(p) and not p.is_dir():
            raise EngineError(f"{path}: cannot write there: it exists and is not a directory")
        base = p
        while not base.exists():  # folders are made as needed: the nearest existing one must be writable
            base = base.parent
        if not base.is_dir() or not os.access(base, os.W_OK | os.X_OK):
            raise EngineError(f"{path}: cannot write there: {str(base)!r} is not a writable folder")
    except EngineError as e:
        raise EngineError(f"{option} {e}") from None


def write_output(path: str, text: str, option: str = "output") -> None:
    """Write ``text`` to stdout (``-``) or atomically to the regular file."""
    if is_stdout(path):
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        safeio.write_atomic(path, text)
    except OSError as e:
        raise EngineError(f"{option} {path}: cannot write ({e.strerror})") from None


def human_stream(*paths: str | None):
    """Where the human-readable report goes: stderr when a machine output took stdout."""
    return sys.stderr if any(is_stdout(p) for p in paths) else sys.stdout

"""Output paths of the verbs: ``-`` is stdout, anything else a regular file checked before any game runs.

Why here: a 20-minute run must not end with "cannot write" (or write a file
literally named ``-``). The checks themselves are :mod:`engine.safeio`'s, the
one place that decides what may be written (regular files only, never a
device, directory or symlink target).
"""

from __future__ import annotations

import sys

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
        if directory:
            safeio.check_output_dir(path)
        else:
            safeio.check_output_path(path)
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

"""Output paths of the verbs: ``-`` is stdout, anything else a regular file checked before any game runs.

Why here: a 20-minute run must not end with "cannot write" (or write a file
literally named ``-``). The loader's safe output-path check in
``engine/core`` was not there when this was written; this small check does
the same job for the analysis verbs and can delegate to it later.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from engine.errors import EngineError

STDOUT = "-"


def is_stdout(path: str | None) -> bool:
    return path == STDOUT


def check_output(path: str | None, option: str, directory: bool = False) -> None:
    """EngineError (exit 2) unless ``path`` can be written: ``-``, or a regular file in an existing,
    writable folder (with ``directory``: a folder that exists or can be made). Nothing is created."""
    if path is None or (is_stdout(path) and not directory):
        return
    p = Path(path)
    if directory:
        if p.exists() and not p.is_dir():
            raise EngineError(f"{option} {path}: exists and is not a folder")
        base = p
        while not base.exists():  # the nearest existing folder is where it would be made
            base = base.parent
        if not base.is_dir() or not os.access(base, os.W_OK | os.X_OK):
            raise EngineError(f"{option} {path}: {str(base)!r} is not a writable folder")
        return
    if p.is_dir():
        raise EngineError(f"{option} {path}: is a folder; expected a file name (or - for stdout)")
    if p.exists() and not p.is_file():
        raise EngineError(f"{option} {path}: is not a regular file; expected a file name (or - for stdout)")
    parent = p.parent
    if not parent.is_dir():
        raise EngineError(f"{option} {path}: folder {str(parent)!r} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise EngineError(f"{option} {path}: folder {str(parent)!r} is not writable")
    if p.exists() and not os.access(p, os.W_OK):
        raise EngineError(f"{option} {path}: the file is not writable")


def write_output(path: str, text: str, option: str = "output") -> None:
    """Write ``text`` to stdout (``-``) or atomically to the file."""
    if is_stdout(path):
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from engine.core.save import write_atomic
    try:
        write_atomic(path, text)
    except OSError as e:
        raise EngineError(f"{option} {path}: cannot write ({e.strerror})") from None


def human_stream(*paths: str | None):
    """Where the human-readable report goes: stderr when a machine output took stdout."""
    return sys.stderr if any(is_stdout(p) for p in paths) else sys.stdout

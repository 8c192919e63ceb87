"""Every error a user can cause is an :class:`EngineError` with a location.

The CLI catches ``EngineError`` and prints ``str(err)``: one line per problem,
never a traceback for user input.
"""

from __future__ import annotations

import difflib
from typing import Iterable, Sequence

import attrs


class EngineError(Exception):
    """Base of all user-facing errors."""


class MapError(EngineError):
    """A map file is missing, truncated, corrupt, or a query falls off the map."""


@attrs.frozen
class Problem:
    """One thing wrong with an input file: ``file:line:col: path: message``."""

    file: str
    line: int  # 1-based; 0 when unknown
    col: int  # 1-based; 0 when unknown
    path: str  # key path such as ``units[3].location``; "" for the document
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.col}"
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return text if text.isprintable() else one_line(text)


def one_line(text: str) -> str:
    """``text`` with every character that is not printable escaped as Python writes it (\\x1e, \\u2028):
    one problem is one line, whatever a file or value name holds (str.splitlines breaks at \\x1c-\\x1e)."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class ScenarioError(EngineError):
    """All problems found in one load, reported together, one per line."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = tuple(sorted(problems, key=lambda p: (p.file, p.line, p.col, p.path, p.message)))
        super().__init__("\n".join(str(p) for p in self.problems))


class IllegalActionError(EngineError):
    """An order that is not legal in the current state; the message quotes both."""


class SaveError(EngineError):
    """A save that cannot be trusted: truncated, edited, or from another scenario."""


def suggest(name: str, valid: Iterable[str], n: int = 3) -> list[str]:
    """The closest valid names, for 'did you mean ...?' hints."""
    pool = sorted(set(valid))
    hits = difflib.get_close_matches(name, pool, n=n, cutoff=0.6)
    if not hits:
        low = {v.lower(): v for v in pool}
        hits = [low[h] for h in difflib.get_close_matches(name.lower(), list(low), n=n, cutoff=0.6)]
    return hits


def did_you_mean(name: str, valid: Iterable[str]) -> str:
    """``" (did you mean 'X' or 'Y'?)"`` or ``""`` when nothing is close."""
    hits = suggest(name, valid)
    if not hits:
        return ""
    return " (did you mean " + " or ".join(repr(h) for h in hits) + "?)"

"""Checking and writing edited scenario text: the loader decides, the file is replaced in one step.

Split from :mod:`engine.scenario.edit` (which changes the text) so each stays small: here the
edited text is loaded from a temporary file beside the original (relative ``include:`` and
``extends:`` resolve as for the file itself), variants that extend the file are checked too, and
a refused edit leaves the file byte-identical.
"""

from __future__ import annotations

import codecs
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import attrs

from engine.errors import EngineError, Problem, ScenarioError
from engine.scenario import spec as S
from engine.scenario import yamlsafe
from engine.scenario.check import Checker


class EditError(EngineError):
    """An edit that cannot be made (unknown key path, bad value): one line, exit 2."""


def read_text(path: str | os.PathLike[str]) -> str:
    """The text of the scenario or rules file ``path``, read as the loader reads it (engine.safeio: a
    regular file of at most yamlsafe.MAX_BYTES, UTF-8 with or without a BOM). EditError names the file
    and says why, never a hang (a FIFO, /dev/zero) or a traceback (a directory, bytes that are not UTF-8)."""
    from engine import safeio
    try:
        raw = safeio.read_regular(path, yamlsafe.MAX_BYTES)
    except FileNotFoundError:
        raise EditError(f"{os.fspath(path)}: file not found") from None
    except safeio.UnsafePathError as e:  # a device, FIFO, directory, a file too large
        raise EditError(f"{os.fspath(path)}: cannot read: {e}") from None
    except OSError as e:
        raise EditError(f"{os.fspath(path)}: cannot read ({e.strerror or e})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        raise EditError(f"{os.fspath(path)}:{line}:{col}: not UTF-8 text (bad byte 0x{raw[e.start]:02x}; "
                        "save the file as UTF-8)") from None


class EditRefused(EngineError):
    """The edit would make the scenario invalid: the loader's problems, the file left untouched."""

    def __init__(self, path: Path, problems: list[Problem]):
        self.problems = ScenarioError(problems).problems
        super().__init__(f"{path}: edit refused, the file is unchanged; it would make the scenario invalid:\n"
                         + "\n".join(str(p) for p in self.problems))


def is_rules_file(data: Any) -> bool:
    """A shared rules file (``scenarios/rules/*.yaml``) rather than a scenario."""
    return isinstance(data, dict) and bool(data) and all(k in S.RULES.names() for k in data)


def _rules_problems(path: Path, text: str) -> list[Problem]:
    """A rules file alone: any sections, each complete (as the loader checks them once merged)."""
    try:
        doc = yamlsafe.parse(text, str(path))
    except ScenarioError as e:
        return list(e.problems)
    ck = Checker()
    whole = S.Rec("rules file", tuple(attrs.evolve(f, default=None) for f in S.RULES.fields))
    ck.record(doc, whole, "", doc.pos if isinstance(doc, yamlsafe.MDict) else yamlsafe.Pos(str(path), 1, 1))
    return ck.problems


def load_text(path: Path, text: str) -> tuple[Any, list[Problem]]:
    """(the Scenario or None, the loader's problems) of ``text`` standing in for the file."""
    from engine.scenario.loader import load_scenario

    try:  # beside the file, so its relative include: and extends: resolve as for the file itself
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".edit.yaml", dir=str(path.parent))
    except OSError as e:
        raise EditError(f"{path}: cannot check the edit: no temporary file can be made in {str(path.parent)!r} "
                        f"({e.strerror or e}); copy the scenario to a folder you can write to") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        try:
            return load_scenario(tmp), []
        except ScenarioError as e:
            shown = str(path)
            return None, [Problem(shown if os.path.abspath(p.file) == os.path.abspath(tmp) else p.file, p.line, p.col,
                                  p.path, p.message.replace(tmp, shown)) for p in e.problems]
    finally:
        os.unlink(tmp)


def validate_text(path: Path, text: str) -> list[Problem]:
    """The loader's problems with ``text`` standing in for the file (a temporary file beside it)."""
    if is_rules_file(_safe_plain(text)):
        return _rules_problems(path, text)
    return load_text(path, text)[1]


def _safe_plain(text: str) -> Any:
    try:
        return yamlsafe.parse(text)
    except ScenarioError:
        return None


def write_atomic(path: Path, text: str) -> None:
    """Replace the file in one step, read back before it replaces anything (engine.safeio): a half-written
    scenario is never left, and a symlink, device or directory is refused (never written through)."""
    from engine import safeio
    data = text.encode("utf-8")
    if safeio.is_regular_file(path):  # a file saved with a byte-order mark keeps it (else line 1 differs)
        with open(path, "rb") as f:
            if f.read(3) == codecs.BOM_UTF8:
                data = codecs.BOM_UTF8 + data
    try:
        safeio.write_atomic(path, data)
    except safeio.UnsafePathError as e:
        raise EditError(str(e)) from None
    if read_text(path) != text:
        raise EditError(f"{path}: written file does not read back the same")


def dependents(path: Path) -> list[Path]:
    """Scenarios near ``path`` (its folder, sub-folders and parent) whose extends: chain reaches it."""
    target = path.resolve()
    roots = {path.parent.resolve(), path.parent.parent.resolve()}
    seen: set[Path] = set()
    for root in roots:
        for cand in sorted(root.glob("*.yaml")) + sorted(root.glob("*/*.yaml")):
            c = cand.resolve()
            if c == target or c in seen:
                continue
            chain, cur = 0, c
            while chain < 9:
                try:
                    head = read_text(cur)[:4000]
                except EditError:  # a FIFO or device named *.yaml is never read (it would hang)
                    break
                m = re.search(r"^extends:\s*(?:\"([^\"\n]+)\"|'([^'\n]+)'|([^'\"#\n]+?))\s*(#.*)?$", head, re.MULTILINE)
                if not m:
                    break
                cur = (cur.parent / next(g for g in m.groups()[:3] if g).strip()).resolve()
                if cur == target:
                    seen.add(c)
                    break
                chain += 1
    return sorted(seen)


def commit(path: Path, text: str, check: bool = True) -> None:
    """Write ``text`` as the file if the loader accepts it, and every variant that extends the file
    (checked with the new text in place; the old bytes are put back if one breaks)."""
    if check:
        probs = validate_text(path, text)
        if probs:
            raise EditRefused(path, probs)
    read_text(path) if os.path.lexists(path) else None  # an unreadable file is refused before the write
    if check and path.is_file() and not is_rules_file(_safe_plain(text)):
        from engine.scenario.loader import validate

        with yamlsafe.standing_in(path, text):  # the variants read the new text; the file is not touched
            broken = [p for d in dependents(path) for p in validate(d)]
        if broken:
            raise EditRefused(path, broken)
    write_atomic(path, text)

"""Save as, without pygame: which file a typed name means, whether it may be written, and the scenario's
text as it must read from there.

* The name is taken in the folder of the file being edited unless it is a path (``~`` is the home folder);
  ``.yaml`` is added to a name that does not end in ``.yaml`` or ``.yml`` (``notes.txt`` is never hit).
* Only a regular file is written (engine.safeio): a device, folder, pipe or symbolic link is refused, and so
  is a missing or read-only folder. An existing file is replaced only when it is a scenario file and the
  facilitator confirmed; any other file (notes, a rules file, bytes that are not YAML) is refused.
* The scenario's own relative paths (``map:``, ``extends:``, each ``include:``, and the schema modeline on
  line 1) are rewritten to name the same files from the new folder; the loader then checks the text there
  before anything is written (engine.scenario.edit_io.commit), so a location where they cannot resolve is
  refused. The ``id:`` follows the new file name when it was the old one's (``validate`` wants them equal).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from engine import safeio
from engine.scenario import edit as E
from engine.scenario.check import MAX_ID_LEN

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_MODELINE = re.compile(r"^(# yaml-language-server: \$schema=)(\S+)")


def target(current: Path, typed: str) -> Path:
    """The file a typed name means (see the module's doc string); EditError for no name or a folder."""
    t = typed.strip()
    if not t:
        raise E.EditError("save as: type a file name (e.g. my-seminar.yaml)")
    if t.endswith(("/", os.sep)) or Path(t).name in (".", ".."):
        raise E.EditError(f"save as: {t!r} names a folder; type a file name")
    p = Path(os.path.expanduser(t))
    if not p.is_absolute():
        p = Path(os.path.abspath(current)).parent / p
    if os.path.lexists(p):  # what is there, as typed: /dev/null is a device, not a name for /dev/null.yaml
        try:
            safeio.check_output_path(p)
        except safeio.UnsafePathError as e:
            raise E.EditError(f"not saved: {e}") from None
    if p.suffix.lower() not in (".yaml", ".yml"):
        p = p.with_name(p.name + ".yaml")
    return Path(os.path.normpath(p))


def check(path: Path, current: Path) -> bool:
    """True when ``path`` is an existing scenario file (replace it only once confirmed), False when it is
    new; EditError (why) when it may not be written at all."""
    try:
        safeio.check_output_path(path)
    except safeio.UnsafePathError as e:
        raise E.EditError(f"not saved: {e}") from None
    if not os.path.lexists(path):
        return False
    if os.path.realpath(path) == os.path.realpath(current):
        raise E.EditError(f"not saved: {path.name} is the file being edited (Save writes it)")
    try:
        plain = E._safe_plain(E.read_text(path))
    except E.EditError as e:
        raise E.EditError(f"not saved: {path} exists and is not a scenario file ({e}); type another name") from None
    if not isinstance(plain, dict) or E.is_rules_file(plain) or not ({"id", "extends", "sides"} & set(plain)):
        raise E.EditError(f"not saved: {path} exists and is not a scenario file; type another name")
    return True


def relocate(text: str, old: Path, new: Path) -> tuple[str, list[str]]:
    """``text`` (the scenario at ``old``) as it must read at ``new``: its relative paths rewritten, its id
    following the file name; returns (the text, what changed, in words)."""
    src, dst = Path(os.path.abspath(old)).parent, Path(os.path.abspath(new)).parent
    doc = E.Doc(old, text)
    changed: list[str] = []

    def moved(v: Any) -> str | None:
        if not isinstance(v, str) or not v.strip() or os.path.isabs(v.strip()) or src == dst:
            return None
        try:
            rel = os.path.relpath(os.path.normpath(src / v.strip()), dst).replace(os.sep, "/")
        except ValueError:  # another drive (Windows): no relative path reaches it
            raise E.EditError(f"not saved: {v.strip()!r} cannot be reached from {dst} by a relative path; "
                              "save in the scenario's own drive") from None
        return None if rel == v.strip() else type(v)(rel)  # (a quoted path stays quoted)

    for k in ("map", "extends"):
        r = moved(doc.data.get(k))
        if r is not None:
            doc.data[k] = r
            changed.append(f"{k}: {r}")
    inc = doc.data.get("include")
    if isinstance(inc, list):
        for i, v in enumerate(inc):
            r = moved(v)
            if r is not None:
                inc[i] = r
                changed.append(f"include: {r}")
    sid, stem = doc.data.get("id"), new.stem
    if sid == old.stem and stem != old.stem and _ID.fullmatch(stem) and len(stem) <= MAX_ID_LEN:
        doc.data["id"] = type(sid)(stem)
        changed.append(f"id: {stem}")
    out = doc.text()
    first, nl, rest = out.partition("\n")
    m = _MODELINE.match(first)
    r = moved(m.group(2)) if m else None
    if m and r is not None:
        out = m.group(1) + r + first[m.end():] + nl + rest
    return out, changed

"""The three-way line merge behind the editor's minimal diffs: ruamel's dump of an edited document, put
back into the author's own lines wherever the edit did not touch them (comments, spacing, alignment)."""

from __future__ import annotations

import difflib


def three_way(ours: list[str], base: list[str], theirs: list[str]) -> list[str]:
    """Lines of ``theirs`` where it differs from ``base``; elsewhere the author's lines (``ours``).

    ``base`` is ruamel's dump of the unedited file, so base and ours differ only by re-spacing."""
    if len(base) != len(ours):
        return _three_way_lines(ours, base, theirs)
    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, base, theirs, autojunk=False).get_opcodes():
        out += ours[i1:i2] if tag == "equal" else theirs[j1:j2]
    return out


def _three_way_lines(ours: list[str], base: list[str], theirs: list[str]) -> list[str]:
    """three_way when ruamel changed the line structure (a flow list over two lines, ``---``, ``...``):
    base lines map to the author's through their diff; an edit whose ends fall inside a re-formatted
    block gets ruamel's whole output (``theirs``, still valid YAML)."""
    lo: dict[int, int] = {}
    hi: dict[int, int] = {}
    inside: set[int] = set()

    def at(i: int, j: int) -> None:
        lo[i], hi[i] = min(lo.get(i, j), j), max(hi.get(i, j), j)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, base, ours, autojunk=False).get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1 + 1):
                at(i1 + k, j1 + k)
        else:
            at(i1, j1)
            at(i2, j2)
            inside.update(range(i1 + 1, i2))
    out: list[str] = []
    pos = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, base, theirs, autojunk=False).get_opcodes():
        if i1 in inside or i2 in inside:
            return theirs
        end = len(base)
        if tag == "equal":  # the author's lines; lines only the author has (``...``) at the very end come last
            stop = lo[i2] if i2 == end else hi[i2]
            out += ours[max(pos, lo[i1]):stop]
            pos = max(pos, stop)
        else:
            if i1 < end:  # the author's own lines just before the edited ones (``---``)
                out += ours[max(pos, lo[i1]):hi[i1]]
                pos = max(pos, hi[i1])
            out += theirs[j1:j2]
            pos = max(pos, lo[i2])
    return out + ours[max(pos, lo[len(base)]):]

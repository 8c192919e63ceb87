"""Fast edits of one item of a long list, for the editor: the text a fresh Doc gives, at the cost of the item.

:class:`Session` keeps a :class:`engine.scenario.edit.Doc` open across the editor's edits (see its doc
string for when it can, and why the result is the same text); :mod:`engine.editor.model` uses it for
setting a unit's (base's, track's) values, moving, placing and deleting, and edits the slow way otherwise.
"""

from __future__ import annotations

import io
import os
from collections import Counter
from typing import Any, Callable

from ruamel.yaml import YAML
from ruamel.yaml.comments import Anchor, Comment, CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from engine.scenario.edit import Doc, _detect_indent, _dotted_ids, _find, _item_id, split_path

Patch = tuple[str, int, int, list[str], list[str]]


class Session:
    """A scenario kept open across the editor's edits, so an edit of one unit (base, track ...) costs that
    item and not the file: ``set``, ``change_item``, ``add_item`` and ``remove_item`` give the text
    :class:`Doc` would give (``Doc(path, text)``, the same change, ``Doc.text()``), or None when the edit is
    not one the session makes that way (the caller then edits the slow way, with a fresh Doc).

    A fresh Doc reads the whole file with ruamel, dumps it twice and reads the result back: 1.5 s an edit
    at 535 units. The session does that once, and then only for the edited item, when

    * the file is *canonical*: ruamel dumps what it reads byte for byte (every shipped scenario is), so
      Doc's three-way merge of an edit is ruamel's dump of the edited data;
    * it is a scenario (not a variant or rules file) with no anchor, directive, document marker or line
      break other than ``\\n`` (so no part of the file depends on another), and it reads back (checked once);
    * the item is a flow mapping of a top-level block list written on one line (``  - {id: .., ..}``, the
      shipped style), with no comment in it or at its end (full-line comments above it stay; a deleted item
      has none, nor has the second when the first goes), and ruamel writes it alone (``units:\\n  - {..}``,
      the same indent settings) exactly as that line of the file; a new item goes after the list's last
      item, which is such an item.

    Then ruamel writes the edited item alone as it writes it within the file (a flow mapping on one line of
    a block list starts at the same column, after the same ``- ``, and leaves the emitter as it found it),
    so the dump of the edited data is the file with that line replaced, added or removed. A line holding one
    complete flow mapping reads the same alone as within the list, so the edited text reads back iff the
    new line alone does (``Doc._reads_back``'s loader and comparison, on that item). The edited item is then
    replaced by that line read alone (round-trip), which is what a fresh Doc of the new text holds, and the
    item lines and dotted ids are updated rather than found again. Anything unexpected ends the session
    (``ok`` False); the next edit opens a new one.
    """

    def __init__(self, path: str | os.PathLike[str], text: str):
        self.doc = Doc(path, text)
        self.text: str | None = text  # None once ended
        self.lines = self.doc._src.splitlines(keepends=True)
        #: top-level block list -> the line (0-based, in the text without \r) of each of its items
        self.items: dict[str, list[int]] = {}
        #: (list, index, line, old lines, new lines) of the last edit: undone with ``apply(undo_patch(p))``
        self.last_patch: Patch | None = None
        self._dots: Counter[str] = Counter()
        self._live: tuple[CommentedSeq, int] | None = None
        self._indent = _detect_indent(self.doc._src)
        self.why = self._open()
        if self.why:
            self.text = None
        else:
            self.doc._dotted = self._dotted

    @property
    def ok(self) -> bool:
        return self.text is not None

    def end(self) -> None:
        self.text = None
        self.doc._dotted = None

    def _open(self) -> str:
        d = self.doc
        if d.is_variant or d.is_rules:
            return "a variant or a rules file"
        if d._base_dump != d._src:
            return "ruamel writes this file differently (not canonical)"
        if not d._src.endswith("\n") or len(self.lines) != d._src.count("\n"):
            return "a line break other than \\n"
        if any(x.startswith(("%", "---", "...")) for x in self.lines):
            return "a directive or document marker"
        seen: set[int] = set()
        stack: list[Any] = [d.data]
        while stack:
            v = stack.pop()
            a = getattr(v, Anchor.attrib, None)
            if a is not None and a.value is not None:
                return "an anchor"
            if isinstance(v, (dict, list)):
                if id(v) in seen:
                    return "an alias"
                seen.add(id(v))
                stack.extend(v.values() if isinstance(v, dict) else v)
        if not d._reads_back(d._src):
            return "it does not read back"
        _dotted_ids([d.data], self._dots.update)
        for k, v in d.data.items():
            if isinstance(k, str) and isinstance(v, CommentedSeq) and v and not v.fa.flow_style():
                try:
                    self.items[k] = [int(v.lc.data[j][0]) for j in range(len(v))]
                except (KeyError, IndexError, TypeError, AttributeError):
                    continue
        return ""

    # --- dotted ids (Doc._keys) -----------------------------------------------------------------
    def _dotted(self) -> Any:
        if self._live is None:
            return self._dots
        seq, j = self._live
        return self._dots + Counter(_item_dots(seq[j]) if 0 <= j < len(seq) else [])

    # --- the edits ------------------------------------------------------------------------------
    def set(self, path: str, value: Any) -> str | None:
        """``Doc.set(path, value)`` of an item of a top-level list (``units.by_6mech.strength``)."""
        return self.change_item(path, lambda d: d.set(path, value))

    def change_item(self, path: str, fn: Callable[[Doc], None]) -> str | None:
        """``fn(doc)`` changes only the item that ``Doc.set(path, ..)`` would change (``units.X.location``)."""
        if not self.ok:
            return None
        keys = self.doc._keys(path, 1)
        if len(keys) < 2 or keys[0] not in self.items:
            return None
        key, seq = keys[0], self.doc.data[keys[0]]
        j = _find(seq, keys[1])
        if j is None or not self._fits(key, seq, j):
            return None
        old = self.lines[self.items[key][j]]
        self._dots -= Counter(_item_dots(seq[j]))
        self._live = (seq, j)
        scope = self._scope(j, key)
        try:
            fn(self.doc)
        finally:
            self._live = None
            self.end()  # until the edit is complete
        if self._scope(j, key) != scope:
            return None
        return self._finish(key, j, self.items[key][j], [old], seq[j])

    def add_item(self, list_path: str, item: dict[str, Any], flow: bool | None = None) -> str | None:
        """``Doc.add_item`` to a top-level list whose last item is a one-line flow mapping."""
        if not self.ok:
            return None
        keys = split_path(list_path)
        if len(keys) != 1 or keys[0] not in self.items:
            return None
        key, seq = keys[0], self.doc.data[keys[0]]
        n = len(seq)
        if max(seq.ca.items, default=-1) > n - 1 or not self._fits(key, seq, n - 1):
            return None
        scope = self._scope()
        try:
            self.doc.add_item(list_path, item, flow)
        finally:
            self.end()
        if len(seq) != n + 1 or self._scope(n, key, appended=True) != scope:
            return None
        return self._finish(key, n, self.items[key][n - 1] + 1, [], seq[n])

    def remove_item(self, list_key: str, iid: str) -> str | None:
        """``Doc.remove_item`` of a one-line item of a top-level list that keeps at least one item."""
        if not self.ok or list_key not in self.items:
            return None
        seq = self.doc.data[list_key]
        j = _find(seq, iid)
        if j is None or len(seq) < 2 or j in seq.ca.items or not self._fits(list_key, seq, j):
            return None
        if j == 0 and 1 in seq.ca.items:  # read afresh, a comment above the first item belongs to the list's key
            return None
        at = self.items[list_key][j]
        old = self.lines[at]
        scope = self._scope()
        self._dots -= Counter(_item_dots(seq[j]))
        try:
            self.doc.remove_item(list_key, iid)
        finally:
            self.end()
        if self._scope() != (scope[0], {k: [x for i, x in enumerate(v) if k != list_key or i != j]
                                        for k, v in scope[1].items()}):
            return None
        self._splice(list_key, j, at, [old], [])
        return self._done()

    def apply(self, patch: Patch) -> bool:
        """Apply a patch (an edit's ``last_patch``, or ``undo_patch`` of one) to this session's text and data."""
        key, j, at, old, new = patch
        if not self.ok or key not in self.items or self.lines[at:at + len(old)] != old or len(old) > 1 or len(new) > 1:
            self.end()
            return False
        seq = self.doc.data[key]
        ls = self.items[key]
        if len(ls) != len(seq) or (old and (j >= len(seq) or ls[j] != at)) or (not old and not (
                0 <= j <= len(seq) and (j == 0 or ls[j - 1] < at) and (j == len(seq) or ls[j] >= at))):
            self.end()
            return False
        loaded = [self._load(key, x)[0] for x in new]
        if any(x is None for x in loaded):
            self.end()
            return False
        if old:
            self._dots -= Counter(_item_dots(seq[j]))
        if old and new:
            seq[j] = loaded[0]
        elif old:
            del seq[j]
        else:
            seq.insert(j, loaded[0])
        for x in loaded:
            self._dots += Counter(_item_dots(x))
        self._splice(key, j, at, old, new)
        return self._done() is not None

    # --- helpers --------------------------------------------------------------------------------
    def _scope(self, j: int = -1, key: str = "", appended: bool = False) -> tuple[list[tuple[Any, int]], dict[str, list[int]]]:
        """What an item edit must leave alone: the top-level values, and every indexed list's items but ``key``'s ``j``."""
        top = [(k, id(v)) for k, v in self.doc.data.items()]
        lists = {}
        for k in self.items:
            v = self.doc.data.get(k)
            ids = [id(x) for x in v] if isinstance(v, list) else []
            if k == key and 0 <= j < len(ids):
                if appended:
                    del ids[j]
                else:
                    ids[j] = -1
            lists[k] = ids
        return top, lists

    def _fits(self, key: str, seq: CommentedSeq, j: int) -> bool:
        """Item ``j`` is a plain one-line flow mapping, written alone exactly as its line of the file."""
        ls = self.items.get(key)
        if ls is None or len(ls) != len(seq) or not 0 <= j < len(seq):
            return False
        ca = seq.ca.items.get(j)
        if ca is not None and any(x is not None for i, x in enumerate(ca) if i != 1):
            return False
        return 0 <= ls[j] < len(self.lines) and self._render(key, seq[j]) == self.lines[ls[j]]

    def _render(self, key: str, item: Any) -> str | None:
        """The line ruamel writes for ``item`` as the only item of a block list ``key`` (None: not one plain line)."""
        if not _plain_flow_item(item):
            return None
        top = CommentedMap()
        top[key] = CommentedSeq([item])
        buf = io.StringIO()
        self.doc.yaml.dump(top, buf)
        out = buf.getvalue()
        head = f"{key}:\n"
        if not out.startswith(head) or out.count("\n") != 2 or not out.endswith("}\n"):
            return None
        return out[len(head):]

    def _load(self, key: str, line: str) -> tuple[Any, Any]:
        """(the item ``line`` holds read alone round-trip, and read as Doc._reads_back reads); the first is None
        unless it is a plain flow mapping, read back equal by the second, that ruamel writes as ``line``."""
        head = f"{key}:\n"
        try:
            top = self.doc.yaml.load(head + line)
            plain = YAML(typ="safe", pure=True).load(head + line)
        except YAMLError:
            return None, None
        if not isinstance(plain, dict) or list(plain) != [key] or not isinstance(plain[key], list) \
                or len(plain[key]) != 1:
            return None, None
        if not isinstance(top, CommentedMap) or list(top) != [key] or not isinstance(top[key], CommentedSeq) \
                or len(top[key]) != 1:
            return None, plain[key][0]
        item = top[key][0]
        if not _plain_flow_item(item) or not plain[key][0] == item or self._render(key, item) != line:
            return None, plain[key][0]
        return item, plain[key][0]

    def _finish(self, key: str, j: int, at: int, old: list[str], item: Any) -> str | None:
        """The edited ``item`` (now ``key``'s item ``j``) becomes its line at ``at``, replacing ``old``."""
        line = self._render(key, item)
        if line is None:
            return None
        loaded, plain = self._load(key, line)
        if plain is None or not plain == item:  # as Doc._reads_back compares (the item's part of it)
            return None  # Doc.text() decides (it writes the whole dump, or refuses)
        seq = self.doc.data[key]
        self._splice(key, j, at, old, [line])
        if loaded is None:  # the text is right; the session cannot go on from it
            return self._text()
        seq[j] = loaded
        self._dots += Counter(_item_dots(loaded))
        return self._done()

    def _splice(self, key: str, j: int, at: int, old: list[str], new: list[str]) -> None:
        self.lines[at:at + len(old)] = new
        ls = self.items[key]
        if old and not new:
            ls.pop(j)
        delta = len(new) - len(old)
        if delta:
            for lst in self.items.values():
                for i, x in enumerate(lst):
                    if x >= at + len(old):
                        lst[i] = x + delta
        if new and not old:
            ls.insert(j, at)
        self.last_patch = (key, j, at, list(old), list(new))

    def _text(self) -> str:
        src = "".join(self.lines)
        return src.replace("\n", "\r\n") if self.doc.crlf else src

    def _done(self) -> str | None:
        """The edited text; the session goes on from it when a fresh Doc of it would read it as the session does."""
        src = "".join(self.lines)
        text = src.replace("\n", "\r\n") if self.doc.crlf else src
        if _detect_indent(src) != self._indent:  # a fresh Doc would write with other indents: open a new session
            self.end()
            return text
        d = self.doc
        d.original, d._src, d._base_dump = text, src, src
        self.text = text
        d._dotted = self._dotted
        return text


def undo_patch(patch: Patch) -> Patch:
    key, j, at, old, new = patch
    return key, j, at, new, old


def _plain_flow_item(item: Any) -> bool:
    """A flow mapping with no comment and no anchor in it (so it is written, and read, on its own)."""
    if not isinstance(item, CommentedMap) or not item.fa.flow_style():
        return False
    stack: list[Any] = [item]
    while stack:
        v = stack.pop()
        a = getattr(v, Anchor.attrib, None)
        if a is not None and a.value is not None:
            return False
        if isinstance(v, (CommentedMap, CommentedSeq)):
            c = getattr(v, Comment.attrib, None)
            if c is not None and (c.comment or c._items or c._post or c._pre):
                return False
        if isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return True


def _item_dots(item: Any) -> list[str]:
    """The dotted ids ``item`` adds to Doc._keys' walk, as an item of a list."""
    out: list[str] = []
    iid = _item_id(item)
    if iid is not None and "." in iid:
        out.append(iid)
    _dotted_ids([item], out.extend)
    return out

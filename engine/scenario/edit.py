"""Round-trip edits of scenario files: the author's comments, key order, quoting and layout survive.

ruamel.yaml reads the file into commented containers, an edit changes them, and
the dump is laid back onto the original text line by line (a three-way merge:
lines ruamel only re-spaced, such as aligned flow lists, keep the author's
spacing), so ``git diff`` shows only the lines the edit meant. The safe loader
(:mod:`engine.scenario.loader`) stays the one that reads for play: every edit
is validated by it before the file is replaced, and an edit that makes the file
invalid is refused with the loader's problems, the file left byte-identical.

In a variant (``extends:``) an edit writes only the difference: a changed unit
of the base becomes ``{id: .., key: value}`` in the variant (merged by id), a
removed one goes under ``remove:``.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import Any, Callable

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor, SafeConstructor
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import ScalarNode

from engine.errors import ScenarioError, did_you_mean
from engine.scenario import yamlsafe
from engine.scenario.check import Checker
from engine.scenario.hints import yaml_hint
from engine.scenario.linemerge import three_way
from engine.scenario.merge import apply_remove, merge
from engine.scenario import spec as S
from engine.scenario.spec import ID_LISTS
from engine.scenario.edit_io import (EditError, EditRefused, _safe_plain, commit, dependents, is_rules_file,
                                     load_text, read_text, validate_text, write_atomic)

#: Lists whose items are found by id in a key path (``units.by_6mech.strength``).
ID_KEYED = ID_LISTS + ("schedule",)
MODELINE = "# yaml-language-server: $schema={}"


class _Careful:
    """Constructor mixin: a scalar ruamel cannot make into a value is never a traceback. Date-shaped text that is
    no date (``note: 2021-02-30``; the loader reads it as text, by YAML 1.2) stays that text; any other
    (``turns: !!int ten``, 5000 digits, ``!!bool maybe``) is a ConstructorError at its line and column, which
    the callers report as not valid YAML (it raised ValueError or KeyError, a traceback of the edit verbs)."""

    def construct_non_recursive_object(self, node: Any, tag: Any = None) -> Any:
        try:
            return super().construct_non_recursive_object(node, tag)  # type: ignore[misc]
        except (ValueError, KeyError, OverflowError, TypeError) as e:
            if not isinstance(node, ScalarNode):
                raise
            if (tag or node.tag) == "tag:yaml.org,2002:timestamp":
                return node.value
            shown = str(tag or node.tag or "").replace("tag:yaml.org,2002:", "!!")
            raise ConstructorError(None, None, f"{node.value[:60]!r} cannot be read as {shown} ({e})",
                                   node.start_mark) from None


class _CarefulRoundTrip(_Careful, RoundTripConstructor):
    pass


class _CarefulSafe(_Careful, SafeConstructor):
    pass


def _yaml(seq_indent: int = 4, offset: int = 2) -> YAML:
    y = YAML()  # round-trip
    y.Constructor = _CarefulRoundTrip
    y.preserve_quotes = True
    y.width = 4096  # never fold a long line the author wrote on one line
    y.indent(mapping=2, sequence=seq_indent, offset=offset)
    return y


def _detect_indent(text: str) -> tuple[int, int]:
    """(sequence indent, dash offset) of the first block list under a key; the shipped style is (4, 2)."""
    lines = text.splitlines()
    for i, line in enumerate(lines[:-1]):
        m = re.match(r"^( *)[^\s#-][^:#]*:\s*(#.*)?$", line)
        if not m:
            continue
        nxt = next((x for x in lines[i + 1:] if x.strip() and not x.lstrip().startswith("#")), "")
        d = re.match(r"^( *)- ", nxt)
        if d:
            off = len(d.group(1)) - len(m.group(1))
            if off >= 0:
                return off + 2, off
    return 4, 2


class Doc:
    """One scenario or rules file opened for round-trip editing."""

    def __init__(self, path: str | os.PathLike[str], text: str | None = None):
        """``text``: the file's content as an editor holds it (default: read the file)."""
        self.path = Path(path)
        self.original = read_text(self.path) if text is None else text
        self.crlf = "\r\n" in self.original  # a Windows file: edited as \n, written back with \r\n
        self._src = self.original.replace("\r\n", "\n")
        self.yaml = _yaml(*_detect_indent(self._src))
        try:
            self.data = self.yaml.load(self._src)
        except YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            where = f"{self.path}:{mark.line + 1}:{mark.column + 1}" if mark else str(self.path)
            what = getattr(e, "problem", None) or str(e).splitlines()[0]
            raise EditError(f"{where}: not valid YAML: {what} (hint: {yaml_hint(str(e))})") from None
        if not isinstance(self.data, CommentedMap):
            raise EditError(f"{self.path}: not a mapping (expected a scenario: keys id, title, sides ...)")
        self._base_dump = self._dump()
        self._base_doc: Any = None
        #: the dotted item ids of ``data`` kept by an editor session (engine.editor.session); None: walk the data
        self._dotted: Callable[[], Any] | None = None

    # --- text -------------------------------------------------------------------------------
    def _dump(self) -> str:
        buf = io.StringIO()
        self.yaml.dump(self.data, buf)
        return buf.getvalue()

    def text(self) -> str:
        """The edited file: only the lines the edits changed differ from the original.

        The result is read back: if the line merge (or ruamel's dump of a comment it cannot place) does
        not give the edited data, the whole dump is used; if neither does, EditError and nothing changes.
        """
        ours = self._src.splitlines(keepends=True)
        if ours and not ours[-1].endswith("\n"):
            ours[-1] += "\n"
        full = self._dump()
        merged = "".join(three_way(ours, self._base_dump.splitlines(keepends=True), full.splitlines(keepends=True)))
        for candidate in (merged, full):
            if self._reads_back(candidate):
                return candidate.replace("\n", "\r\n") if self.crlf else candidate
        raise EditError(f"{self.path}: this edit cannot be written as YAML; the text is unchanged")

    def _reads_back(self, text: str) -> bool:
        try:
            y = YAML(typ="safe", pure=True)
            y.Constructor = _CarefulSafe
            return y.load(text) == self.data
        except YAMLError:
            return False

    @property
    def is_rules(self) -> bool:
        return is_rules_file(self.data)

    # --- variants ---------------------------------------------------------------------------
    @property
    def is_variant(self) -> bool:
        ext = self.data.get("extends")
        return isinstance(ext, str) and bool(ext.strip())

    def base(self) -> Any:
        """The resolved base scenario of a variant (plain values, the loader's merge rule)."""
        if self._base_doc is None:
            self._base_doc = _resolved(self.path.parent / str(self.data["extends"]).strip(), [])
        return self._base_doc

    # --- key paths --------------------------------------------------------------------------
    def set(self, path: str, value: Any) -> None:
        """Set the value at a key path (``turns``, ``units.by_6mech.strength``, ``rules.movement.stacking_limit``).

        Missing mappings on the way are created; in a variant, an item of the base found by id is
        added to the variant as ``{id: .., key: value}``."""
        keys = self._keys(path, 1)
        node: Any = self.data
        base: Any = self.base() if self.is_variant else None
        for i, k in enumerate(keys[:-1]):
            node, base = self._step(node, base, k, keys[:i + 1], keys[i + 1])
        last = keys[-1]
        if not isinstance(node, (CommentedMap, CommentedSeq)):
            raise EditError(f"{self.path}: {'.'.join(keys[:-1])} is a value, not a mapping or list "
                            f"(cannot go into {last!r})")
        value = _quoted_if_needed(value)
        if isinstance(node, CommentedSeq):
            idx = self._index(node, last, keys)
            node[idx] = value
        elif last in node or not _insert_in_order(node, last, value, keys, self.is_rules):
            node[last] = value

    def get(self, path: str) -> Any:
        """The value at a key path in this file (None when absent)."""
        node: Any = self.data
        for k in self._keys(path, 0):
            if isinstance(node, CommentedMap):
                node = node.get(k)
            elif isinstance(node, CommentedSeq):
                j = _find(node, k)
                node = node[j] if j is not None else None
            else:
                return None
        return node

    def _keys(self, path: str, after: int) -> list[str]:
        """split_path, with the keys of an item id that has dots (``units.1st.bde.location``) joined again;
        ``after``: keys that must follow the id (a field to set)."""
        keys = split_path(path)
        if self._dotted is not None:
            dotted: Any = self._dotted()
        else:
            dotted = set()
            _dotted_ids([self.data] + ([self.base()] if self.is_variant else []), dotted.update)
        if not dotted:
            return keys
        out: list[str] = []
        i = 0
        while i < len(keys):
            n = next((n for n in range(len(keys) - i - after, 1, -1) if ".".join(keys[i:i + n]) in dotted), 1)
            out.append(".".join(keys[i:i + n]))
            i += n
        return out

    def list_at(self, path: str) -> CommentedSeq:
        """The list at a key path, in this file: made (a variant: copied from the base) when absent."""
        v = self.get(path)
        if v is None:
            inherited = resolve_plain(self.base(), split_path(path)) if self.is_variant else None
            self.set(path, to_yaml(list(inherited or [])))
            v = self.get(path)
        if not isinstance(v, CommentedSeq):
            raise EditError(f"{self.path}: {path} is not a list")
        return v

    def _step(self, node: Any, base: Any, key: str, done: list[str], nxt: str) -> tuple[Any, Any]:
        shown = ".".join(done)
        if isinstance(node, CommentedMap):
            sub_base = base.get(key) if isinstance(base, dict) else None
            if key not in node or node[key] is None:
                if not self.is_variant and sub_base is None and done[0] in ID_KEYED and len(done) == 1:
                    raise EditError(f"{self.path}: no {key!r} in the file")
                if self.is_variant and isinstance(sub_base, list) and sub_base and not all(
                        isinstance(x, dict) and isinstance(x.get("id"), str) for x in sub_base):
                    node[key] = to_yaml(list(sub_base))  # merged whole, not by id: the variant holds all of it
                else:
                    node[key] = CommentedSeq() if _is_list_key(key, nxt, sub_base) else CommentedMap()
            return node[key], sub_base
        if isinstance(node, CommentedSeq):
            j = _find(node, key)
            if j is not None:
                b = _by_id(base, _item_id(node[j]) or key) if isinstance(base, list) else None
                return node[j], b
            if isinstance(base, list) and (b := _by_id(base, key)) is not None:
                item = CommentedMap([("id", b.get("id", key) if isinstance(b, dict) else key)])  # by index: its id
                if _flow_items(node, done[-2] if len(done) > 1 else ""):
                    item.fa.set_flow_style()
                node.append(item)
                return item, b
            known = [x.get("id") for x in node if isinstance(x, dict)] + \
                    ([x.get("id") for x in base if isinstance(x, dict)] if isinstance(base, list) else [])
            raise EditError(f"{self.path}: {shown}: no item {key!r} ({_index_hint(node)})"
                            f"{did_you_mean(key, [str(k) for k in known if k])}")
        raise EditError(f"{self.path}: {shown} is a value, not a mapping or list (cannot go into {nxt!r})")

    def _index(self, seq: CommentedSeq, key: str, keys: list[str]) -> int:
        j = _find(seq, key)
        if j is None:
            raise EditError(f"{self.path}: {'.'.join(keys)}: no item {key!r} ({_index_hint(seq)})")
        return j

    # --- lists of items -----------------------------------------------------------------------
    def add_item(self, list_path: str, item: dict[str, Any], flow: bool | None = None) -> None:
        """Append an item (a unit, option, rotation ...) to the list at ``list_path``, made if absent."""
        keys = split_path(list_path)
        node: Any = self.data
        for k in keys[:-1]:
            if not isinstance(node, CommentedMap):
                raise EditError(f"{self.path}: {list_path}: {k!r} is not a mapping")
            if node.get(k) is None:
                node[k] = CommentedMap()
            node = node[k]
        last = keys[-1]
        if node.get(last) is None:
            node[last] = CommentedSeq()
        seq = node[last]
        if not isinstance(seq, CommentedSeq):
            raise EditError(f"{self.path}: {list_path} is not a list")
        iid = item.get("id")
        if iid is not None and _find(seq, str(iid)) is not None:
            raise EditError(f"{self.path}: {list_path}: there is already an item with id {iid!r}")
        new = to_yaml(item)
        if flow if flow is not None else _flow_items(seq, last):
            new.fa.set_flow_style()
        seq.append(new)

    def remove_item(self, list_key: str, iid: str) -> None:
        """Drop an item by id: from this file's list, or (a variant) under ``remove:`` when it is the base's."""
        seq = self.data.get(list_key)
        lists = [(self.data, list_key, seq)] if isinstance(seq, CommentedSeq) else []
        if list_key == "options" and isinstance(seq, CommentedMap):
            lists = [(seq, k, v) for k, v in seq.items() if isinstance(v, CommentedSeq)]
        for parent, key, lst in lists:
            j = _find(lst, iid)
            if j is not None:
                del lst[j]
                if not lst:
                    _emptied(parent, key, lst)
                if not self.is_variant or not _in_base(self.base(), list_key, iid):
                    return
        if self.is_variant and _in_base(self.base(), list_key, iid):
            rem = self.data.get("remove")
            if rem is None:
                self.data["remove"] = rem = CommentedMap()
            if rem.get(list_key) is None:
                lst = CommentedSeq()
                lst.fa.set_flow_style()
                rem[list_key] = lst
            if iid not in rem[list_key]:
                rem[list_key].append(iid)
            return
        if not lists or all(_find(lst, iid) is None for _, _, lst in lists):
            known = [str(x.get("id")) for _, _, lst in lists for x in lst if isinstance(x, dict)]
            raise EditError(f"{self.path}: no {list_key} item {iid!r}{did_you_mean(iid, known)}")

    def ensure_modeline(self, rel_schema: str) -> None:
        """Put the yaml-language-server modeline first, so editors complete keys."""
        if not self.original.startswith("# yaml-language-server:"):
            self.original = MODELINE.format(rel_schema) + ("\r\n" if self.crlf else "\n") + self.original
            self._src = MODELINE.format(rel_schema) + "\n" + self._src
            self._base_dump = MODELINE.format(rel_schema) + "\n" + self._base_dump
            self.data.yaml_set_start_comment(MODELINE.format(rel_schema))


def spec_record(keys: list[str], rules_file: bool = False) -> S.Rec | None:
    """The record a key path's last mapping is declared as (ids and indices step into list items)."""
    t: Any = S.RULES if rules_file else S.SCENARIO
    for k in keys:
        while isinstance(t, (S.Opt, S.Partial)):
            t = t.inner if isinstance(t, S.Opt) else t.rec
        if isinstance(t, S.ListOf):  # this key is an item's id or index
            t = t.item
            continue
        if isinstance(t, str):
            t = S.NAMED[t]
        if isinstance(t, S.MapOf):
            t = t.value
        elif isinstance(t, S.Rec):
            f = t.field(k)
            if f is None:
                return None
            t = f.type
        else:
            return None
    while isinstance(t, (S.ListOf, S.Opt, S.Partial)):
        t = t.item if isinstance(t, S.ListOf) else t.inner if isinstance(t, S.Opt) else t.rec
    return t if isinstance(t, S.Rec) else None


def _insert_in_order(node: CommentedMap, key: str, value: Any, keys: list[str], rules_file: bool) -> bool:
    """Put a new key where the format declares it (``delay`` before ``effects``); False if unknown."""
    rec = spec_record(keys[:-1], rules_file)
    names = rec.names() if rec is not None else []
    if key not in names:
        return False
    mine = names.index(key)
    for pos, k in enumerate(node):
        if k in names and names.index(k) > mine:
            node.insert(pos, key, value)
            return True
    return False


def _is_list_key(key: str, nxt: str, sub_base: Any) -> bool:
    return isinstance(sub_base, list) or (key in ID_KEYED and not nxt.isdigit())


#: Lists whose items are short enough to write one per line as ``- {..}`` when the list is new.
FLOW_LISTS = ("units", "bases", "tracks", "schedule", "objectives", "track_goals", "metrics", "take_options")


def _emptied(parent: CommentedMap, key: str, seq: CommentedSeq) -> None:
    """A list whose last item went: ``key: []``. Its comments go too (ruamel dumps a comment it kept
    for an empty list as ``[]`` at column 0 and breaks the next key)."""
    seq.ca.comment = None
    seq.ca.items.clear()
    parent.ca.items.pop(key, None)
    seq.fa.set_flow_style()


def _flow_items(seq: CommentedSeq, key: str = "") -> bool:
    """True when the list's mapping items are written one per line as ``{..}`` (the shipped style)."""
    maps = [x for x in seq if isinstance(x, CommentedMap)]
    if not maps:
        return key in FLOW_LISTS
    return sum(1 for x in maps if x.fa.flow_style()) * 2 >= len(maps)


def _item_id(x: Any) -> str | None:
    if not isinstance(x, dict):
        return None
    if x.get("id") is not None:
        return str(x["id"])
    if x.get("withdraw") is not None:
        return str(x["withdraw"])
    r = x.get("reinforce")
    return str(r.get("id")) if isinstance(r, dict) and r.get("id") is not None else None


def _dotted_ids(stack: list[Any], add: Callable[[list[str]], Any]) -> None:
    """Every id with a dot of an item in a list anywhere under ``stack`` (``_keys`` joins those keys again)."""
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
            add([iid for x in v if (iid := _item_id(x)) is not None and "." in iid])


def _find(seq: Any, key: str) -> int | None:
    """Index of an item by id, or by a number 0..len-1 when no id matches (not a negative one: the
    refusal offers 0..n-1, and ``units.-1`` editing the last unit is a surprise, not a shortcut)."""
    for j, x in enumerate(seq):
        if _item_id(x) == key:
            return j
    if re.fullmatch(r"\d+", key) and int(key) < len(seq):
        return int(key)
    return None


def _index_hint(seq: Any) -> str:
    return f"give an index 0..{len(seq) - 1} or an id" if len(seq) else "the list is empty"


def _by_id(seq: Any, key: str) -> Any:
    j = _find(seq, key) if isinstance(seq, list) else None
    return seq[j] if j is not None else None


def _in_base(base: Any, list_key: str, iid: str) -> bool:
    lst = base.get(list_key) if isinstance(base, dict) else None
    if list_key == "options" and isinstance(lst, dict):
        return any(_by_id(v, iid) is not None for v in lst.values())
    return _by_id(lst, iid) is not None


def resolve_plain(doc: Any, keys: list[str]) -> Any:
    """The value at a key path in plain (loader) values; id-list items by id; None if absent."""
    node = doc
    for k in keys:
        if isinstance(node, dict):
            node = node.get(k)
        elif isinstance(node, list):
            node = _by_id(node, k)
        else:
            return None
    return node


def resolved_text(path: Path, text: str) -> Any:
    """Plain values of ``text`` as the file at ``path``, with its extends: applied; None if unreadable."""
    raw = _safe_plain(text)
    ext = raw.get("extends") if isinstance(raw, dict) else None
    if not isinstance(raw, yamlsafe.MDict) or not isinstance(ext, str) or not ext.strip():
        return raw
    try:
        base = _resolved(path.parent / ext.strip(), [str(path.resolve())])
    except ScenarioError:
        return raw
    over = yamlsafe.MDict(raw.pos)
    for k in raw:
        if k != "remove":
            over[k], over.key_pos[k], over.val_pos[k] = raw[k], raw.key_pos[k], raw.val_pos[k]
    out = merge(base, over) if isinstance(base, yamlsafe.MDict) else over
    if "remove" in raw:
        apply_remove(out, raw["remove"], Checker())
    return out


def _resolved(path: Path, chain: list[str]) -> Any:
    """A scenario with its own extends: applied, the loader's way (problems are the loader's to report)."""
    raw = yamlsafe.read(path)
    ext = raw.get("extends") if isinstance(raw, dict) else None
    if not isinstance(ext, str) or not ext.strip() or str(path.resolve()) in chain or len(chain) > 8:
        return raw
    base = _resolved(path.parent / ext.strip(), chain + [str(path.resolve())])
    over = yamlsafe.MDict(raw.pos)
    for k in raw:
        if k != "remove":
            over[k], over.key_pos[k], over.val_pos[k] = raw[k], raw.key_pos[k], raw.val_pos[k]
    out = merge(base, over) if isinstance(base, yamlsafe.MDict) else over
    if "remove" in raw:
        apply_remove(out, raw["remove"], Checker())
    return out


_KEY = r"[A-Za-z0-9_-]+"
_PATH = re.compile(rf"{_KEY}(?:\.{_KEY}|\[[A-Za-z0-9_.-]+\])*")


def split_path(path: str) -> list[str]:
    """'units[3].location' / 'units.by_6mech.location' -> ['units', '3', 'location'].

    Strict: an empty key (``units..strength``, ``.turns``, ``turns.``) is refused, not skipped, since
    skipping it edits a different path from the one typed."""
    p = path.strip()
    if not _PATH.fullmatch(p):
        why = ""
        if re.search(r"(^|[.\]])\.|\.$|^\.|\.\.|\[\]", p) or p.startswith("["):
            why = ": a key is empty"
        raise EditError(f"{path!r} is not a key path{why} (expected keys joined by '.', e.g. units.by_6mech.strength)")
    return [a or b for a, b in re.findall(rf"({_KEY})|\[([A-Za-z0-9_.-]+)\]", p)]


def _quoted_if_needed(value: Any) -> Any:
    """Text starting with '?' or ':' quoted: ruamel writes it plain inside ``{..}`` (``name: ? x``), which
    no YAML reader takes back, so such a name was refused as "cannot be written as YAML"."""
    if isinstance(value, str) and value[:1] in ("?", ":"):
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString
        return DoubleQuotedScalarString(value)
    return value


def to_yaml(value: Any, inline: bool = False) -> Any:
    """Plain dicts and lists -> ruamel's commented containers, as authors write them: nested
    mappings and lists of plain values inline, a list of mappings one ``- {..}`` per line."""
    if isinstance(value, dict):
        m = CommentedMap()
        for k, v in value.items():
            m[k] = to_yaml(v, inline=True)
        if inline:
            m.fa.set_flow_style()
        return m
    if isinstance(value, list):
        s = CommentedSeq(to_yaml(v, inline=True) for v in value)
        if inline and not any(isinstance(v, dict) for v in value):
            s.fa.set_flow_style()
        return s
    return _quoted_if_needed(value)


def is_text_field(path: str, rules_file: bool = False) -> bool:
    """True when the format declares the key path's value as text (a name, an id, a note)."""
    keys = split_path(path)
    rec = spec_record(keys[:-1], rules_file)
    f = rec.field(keys[-1]) if rec is not None else None
    t = f.type if f is not None else None
    while isinstance(t, S.Opt):
        t = t.inner
    return isinstance(t, S.Str)


def parse_value(text: str, where: str = "value", mapping: bool = False) -> Any:
    """A value written on the command line, read as YAML (``20``, ``Minsk``, ``{lat: 53.9, lon: 27.6}``).

    Plain text YAML cannot read (``Zapad: the exercise``) is taken as that text; text that opens a
    quote, ``[`` or ``{`` must be valid. ``mapping``: the text is a mapping (``change_track: {..}``)."""
    y = _yaml()
    t = text.strip()
    if not mapping and "\n" not in text and not t.startswith(("{", "[", '"', "'")) \
            and (t.startswith("#") or re.search(r"\s#", t)):
        return t  # '#' typed in a value is text: as YAML it opens a comment and the rest is silently lost
    if not mapping and t.startswith("&"):
        raise EditError(f"{where}: {text!r}: quote text that starts with & (YAML reads it as an anchor and "
                        f"drops it), e.g. {where}='\"{t}\"'")
    try:
        if mapping:
            doc = y.load(text)
            if not isinstance(doc, CommentedMap):
                raise EditError(f"{where}: {text!r} is not a mapping (expected e.g. 'change_track: {{track: tension, add: -5}}')")
            return doc
        doc = y.load(f"v: {text}" if "\n" not in text else "v:\n" + "\n".join("  " + x for x in text.splitlines()))
    except YAMLError as e:
        if not mapping and not text.lstrip().startswith(("{", "[", '"', "'", "&", "*", "!", "|", ">")):
            return text.strip()
        raise EditError(f"{where}: {text!r} is not a YAML value (hint: {yaml_hint(str(e))})") from None
    return doc["v"] if doc else None


# --- validate, then write ---------------------------------------------------------------------

def edit(path: str | os.PathLike[str], change: Callable[[Doc], None], check: bool = True) -> str:
    """Open, change, validate with the loader, write; returns the new text.

    An invalid result raises EditRefused (the loader's problems) and the file is left byte-identical."""
    doc = Doc(path)
    change(doc)
    text = doc.text()
    if text != doc.original:
        commit(doc.path, text, check)
    return text

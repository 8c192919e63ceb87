"""Safe YAML reading that keeps where every value came from.

Why not ``yaml.safe_load``: the loader must say ``file:line:col`` for every
problem, refuse hostile input *fast* (alias bombs, deep nesting, megabytes of
keys) and treat duplicate keys as errors. So we compose the node graph with a
:class:`yaml.SafeLoader` that counts as it goes, then turn nodes into plain
Python values wrapped in :class:`MDict` / :class:`MList`, which remember the
position of each key and item. Only plain YAML core tags are accepted;
``!!python/...`` and local ``!tags`` are errors, never executed.

Scalars follow the YAML 1.2 core schema, as editors and the JSON Schema do:
only ``true``/``false`` are booleans (``yes``, ``no``, ``on``, ``off`` are text),
``1:3`` is text (not the base-60 number 63), ``010`` is ten, and dates stay text
until the checker reads a date field (so ``2021-02-30`` is a clean error there,
never a traceback).
"""

from __future__ import annotations

import contextlib
import contextvars
import gc
import math
import os
import re
from decimal import Decimal
from typing import Any, Iterator

import attrs
import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from engine import safeio
from engine.errors import Problem, ScenarioError
from engine.scenario.hints import yaml_hint

#: Refuse files larger than this before parsing them.
MAX_BYTES = 2 * 1024 * 1024
#: Distinct nodes in one document.
MAX_NODES = 200_000
#: Nodes after expanding aliases (an alias bomb blows this up first).
MAX_EXPANDED = 400_000
#: Nesting depth of mappings and sequences.
MAX_DEPTH = 64

_CORE = "tag:yaml.org,2002:"
#: The only tags a scenario may carry (what plain YAML resolves to).
ALLOWED_TAGS = frozenset(_CORE + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp"))

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
_NULL = re.compile(r"null|Null|NULL|~|")
_BOOL = re.compile(r"true|True|TRUE|false|False|FALSE")
_INT10 = re.compile(r"[-+]?[0-9]+")
_INT8 = re.compile(r"0o[0-7]+")
_INT16 = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)")
_NAN = re.compile(r"\.(nan|NaN|NAN)")


class _Resolver12(yaml.resolver.Resolver):
    """Implicit tags by the YAML 1.2 core schema instead of PyYAML's YAML 1.1 rules."""

    yaml_implicit_resolvers: dict = {}


for _tag, _rx, _first in (
        ("bool", _BOOL, "tTfF"), ("int", re.compile(f"{_INT10.pattern}|{_INT8.pattern}|{_INT16.pattern}"),
                                  "-+0123456789"),
        ("float", re.compile(f"{_FLOAT.pattern}|{_INF.pattern}|{_NAN.pattern}"), "-+.0123456789"),
        ("null", _NULL, ["~", "n", "N", ""])):
    _Resolver12.add_implicit_resolver(_CORE + _tag, re.compile(f"^(?:{_rx.pattern})$"), list(_first))


@attrs.frozen
class Pos:
    """A 1-based position in a file."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


class MDict(dict):
    """A mapping from YAML that knows its own position and those of its keys and values."""

    pos: Pos
    key_pos: dict
    val_pos: dict

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self.key_pos = {}
        self.val_pos = {}

    def where(self, key: str) -> Pos:
        """Position of a key's value (or of the mapping when the key is absent)."""
        return self.val_pos.get(key, self.pos)


class MList(list):
    """A sequence from YAML that knows its own position and those of its items."""

    pos: Pos
    item_pos: list

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self.item_pos = []

    def where(self, i: int) -> Pos:
        return self.item_pos[i] if 0 <= i < len(self.item_pos) else self.pos


class RoundedFloat(float):
    """A YAML number whose text is not a whole number but reads as one (``14.9999999999999999999`` is the
    float 15.0): the checker refuses it where a whole number is expected, quoting the text as written."""

    text: str

    def __new__(cls, text: str) -> "RoundedFloat":
        obj = super().__new__(cls, text)
        obj.text = text
        return obj


def _float(v: str) -> float:
    """The float of a decimal text; a RoundedFloat when it only rounds to a whole number."""
    f = float(v)
    if f.is_integer():
        exact = Decimal(v)
        if exact != exact.to_integral_value():
            return RoundedFloat(v)
    return f


#: Digits a whole number may have. No rule or scenario number comes near (the largest are seeds, 39
#: digits); thousands of digits are a mistake or an attack (Python refuses int() of 4300 or more).
MAX_INT_DIGITS = 100


class _Refused(Exception):
    def __init__(self, pos: Pos, message: str):
        super().__init__(message)
        self.pos, self.message = pos, message
        self.path = ""  # the key path, filled in on the way out (units[3].strength)

    def within(self, step: str) -> "_Refused":
        self.path = step + ("." + self.path if self.path and not self.path.startswith("[") else self.path)
        return self


def _pos(mark: Any, file: str) -> Pos:
    return Pos(file, mark.line + 1, mark.column + 1) if mark is not None else Pos(file, 0, 0)


_CParser: Any = None
try:  # libyaml's scanner and parser, about 3x faster; composing and counting stay ours
    import yaml.cyaml
    _CParser = getattr(yaml.cyaml, "CParser", None)
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    pass


class _PyParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's pure-Python reader, scanner and parser (when libyaml is missing)."""

    def __init__(self, text: str) -> None:
        yaml.reader.Reader.__init__(self, text)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


_Parser: Any = _CParser if _CParser is not None else _PyParser


class _CountingLoader(yaml.composer.Composer, _Parser, yaml.constructor.SafeConstructor, _Resolver12):
    """Composes nodes while counting nodes, expanded size and depth; refuses odd tags."""

    _PARSER: Any = _Parser

    def __init__(self, text: str, file: str) -> None:
        self._PARSER.__init__(self, text)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        _Resolver12.__init__(self)
        self.name = file
        self._file = file
        self._nodes = 0
        self._expanded = 0
        self._depth = 0
        self._weight: dict[int, int] = {}
        self._open: list[str] = []  # anchors of the values being composed (an alias to one is a cycle)

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # type: ignore[override]
        if self.check_event(AliasEvent):
            event = self.peek_event()
            if event.anchor in self._open:
                raise _Refused(_pos(event.start_mark, self._file),
                               f"alias *{event.anchor} refers to the value it is inside (a value cannot "
                               "contain itself); write the values out instead")
            node = self.anchors.get(event.anchor)
            if node is not None:
                self._expanded += self._weight.get(id(node), 1)
                if self._expanded > MAX_EXPANDED:
                    raise _Refused(_pos(event.start_mark, self._file),
                                   f"aliases expand to more than {MAX_EXPANDED} values "
                                   "(an 'alias bomb'?); write the values out instead")
            aliased = yaml.composer.Composer.compose_node(self, parent, index)
            assert aliased is not None  # an alias event always composes to its anchor's node
            return aliased
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refused(_pos(self.peek_event().start_mark, self._file),
                           f"nesting is deeper than {MAX_DEPTH} levels")
        before = self._expanded
        self._nodes += 1
        self._expanded += 1
        if self._nodes > MAX_NODES or self._expanded > MAX_EXPANDED:
            raise _Refused(_pos(self.peek_event().start_mark, self._file),
                           f"too many values (more than {MAX_NODES}); is this really a scenario?")
        anchor = getattr(self.peek_event(), "anchor", None)
        if anchor is not None:
            self._open.append(anchor)
        node = yaml.composer.Composer.compose_node(self, parent, index)
        assert node is not None  # checked events always compose to a node
        if anchor is not None:
            self._open.pop()
        self._depth -= 1
        self._weight[id(node)] = self._expanded - before
        if node.tag not in ALLOWED_TAGS:
            shown = node.tag.replace(_CORE, "!!")
            raise _Refused(_pos(node.start_mark, self._file),
                           f"tag {shown!r} is not allowed (only plain YAML values: text, numbers, "
                           "true/false, lists and mappings)")
        return node


#: The same loader on PyYAML's pure-Python parser (used when libyaml is missing; tests compare both).
_PyCountingLoader: Any = type("_PyCountingLoader", (yaml.composer.Composer, _PyParser, yaml.constructor.SafeConstructor,
                                                    _Resolver12),
                              {"_PARSER": _PyParser, "__init__": _CountingLoader.__init__,
                               "compose_node": _CountingLoader.compose_node})


def _scalar(loader: Any, node: ScalarNode, file: str = "") -> Any:
    """The plain value of a scalar by the YAML 1.2 core schema (int, float, bool, null, text).

    Explicitly tagged scalars (``!!int x``, ``!!timestamp 2021-02-30``) that do not
    parse are refused with their position instead of raising.
    """
    tag, v = node.tag, node.value
    try:
        if tag == _CORE + "str":
            return v
        if tag == _CORE + "null":
            if not _NULL.fullmatch(v):
                raise ValueError
            return None
        if tag == _CORE + "bool":
            if not _BOOL.fullmatch(v):
                raise ValueError
            return v.lower() == "true"
        if tag == _CORE + "int":
            if _INT8.fullmatch(v):
                return int(v[2:], 8)
            if _INT16.fullmatch(v):
                return int(v[2:], 16)
            if not _INT10.fullmatch(v):
                raise ValueError
            digits = len(v.lstrip("+-"))
            if digits > MAX_INT_DIGITS:
                raise _Refused(_pos(node.start_mark, file), f"a whole number of {digits} digits is too large "
                                                            f"(at most {MAX_INT_DIGITS} digits)")
            return int(v, 10)
        if tag == _CORE + "float":
            if _INF.fullmatch(v):
                return -math.inf if v.startswith("-") else math.inf
            if _NAN.fullmatch(v):
                return math.nan
            if not (_FLOAT.fullmatch(v) or _INT10.fullmatch(v)):
                raise ValueError
            return _float(v)
        if tag == _CORE + "timestamp" and not loader.timestamp_regexp.fullmatch(v):
            raise ValueError
        return loader.yaml_constructors[tag](loader, node)  # timestamp, explicitly tagged
    except (ValueError, TypeError, OverflowError, ArithmeticError, AttributeError, KeyError, yaml.YAMLError):
        shown = tag.replace(_CORE, "")
        what = {"int": "a whole number", "float": "a number", "bool": "true or false", "null": "null",
                "timestamp": "a valid date such as 2020-10-01"}.get(shown, shown)
        raise _Refused(_pos(node.start_mark, file), f"{v[:60]!r} is not {what}") from None


#: The tag each kind of node may carry explicitly (``!!seq "text"`` made a Python generator the checker took
#: as text, and ``!!str {..}`` a mapping the tag said was text).
_KIND_TAGS = {ScalarNode: frozenset(ALLOWED_TAGS - {_CORE + "seq", _CORE + "map"}),
              SequenceNode: frozenset({_CORE + "seq"}), MappingNode: frozenset({_CORE + "map"})}
_KIND_NAMES = {ScalarNode: "a single value", SequenceNode: "a list", MappingNode: "a mapping"}


def _convert(loader: Any, node: Node, file: str, dups: list[Problem]) -> Any:
    """Nodes -> MDict / MList / scalars; duplicate keys go to ``dups`` (the first one is kept)."""
    if node.tag not in _KIND_TAGS.get(type(node), ALLOWED_TAGS):
        raise _Refused(_pos(node.start_mark, file), f"the tag {node.tag.replace(_CORE, '!!')!r} does not fit "
                                                    f"{_KIND_NAMES[type(node)]} (remove the tag)")
    if isinstance(node, ScalarNode):
        return _scalar(loader, node, file)
    if isinstance(node, SequenceNode):
        out = MList(_pos(node.start_mark, file))
        for i, item in enumerate(node.value):
            try:
                out.append(_convert(loader, item, file, dups))
            except _Refused as e:
                raise e.within(f"[{i}]") from None
            out.item_pos.append(_pos(item.start_mark, file))
        return out
    if isinstance(node, MappingNode):
        m = MDict(_pos(node.start_mark, file))
        for knode, vnode in node.value:
            kpos = _pos(knode.start_mark, file)
            if not isinstance(knode, ScalarNode):
                raise _Refused(kpos, "a key must be plain text, not a list or mapping")
            key = _scalar(loader, knode, file)
            if key is None or isinstance(key, (bool, float)) or not isinstance(key, (str, int)):
                key = knode.value  # 'yes', '1.5', '~' as keys: keep the text the author wrote
            key = str(key)
            if key in m:
                first = m.key_pos[key]
                dups.append(Problem(file, kpos.line, kpos.col, "",
                                    f"duplicate key {key!r} (first given at line {first.line})"))
                continue
            try:
                m[key] = _convert(loader, vnode, file, dups)
            except _Refused as e:
                raise e.within(key) from None
            m.key_pos[key] = kpos
            m.val_pos[key] = _pos(vnode.start_mark, file)
        return m
    raise _Refused(_pos(node.start_mark, file), "unsupported YAML node")  # pragma: no cover


def parse(text: str, file: str = "<text>", pure: bool = False) -> Any:
    """Parse one YAML document into marked plain values; ScenarioError on any defect.

    ``pure`` uses PyYAML's Python parser instead of libyaml's (same results, slower).
    """
    if len(text) > MAX_BYTES:
        raise ScenarioError([Problem(file, 0, 0, "", f"file is too large ({len(text)} characters; "
                                                      f"the limit is {MAX_BYTES})")])
    loader = None
    gc_was_on = gc.isenabled()
    gc.disable()  # composing makes ~10^5 small objects and no cycles; collecting meanwhile doubles the time
    try:
        loader = (_PyCountingLoader if pure else _CountingLoader)(text, file)
        node = loader.get_single_node()
        if node is None:
            return None
        dups: list[Problem] = []
        value = _convert(loader, node, file, dups)
        if dups:
            raise ScenarioError(dups)
        return value
    except _Refused as e:
        raise ScenarioError([Problem(file, e.pos.line, e.pos.col, e.path, e.message)]) from None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        pos = _pos(mark, file)
        what = " ".join(x for x in (e.context, e.problem) if x)
        at = getattr(mark, "index", None)
        tab = isinstance(at, int) and 0 <= at < len(text) and text[at] == "\t"  # (libyaml does not name the tab)
        hint = "indent with spaces, not tabs" if tab else yaml_hint(what)
        raise ScenarioError([Problem(file, pos.line, pos.col, "", f"not valid YAML: {what} (hint: {hint})")]) from None
    except yaml.reader.ReaderError as e:
        line, col = _line_col(text, e.position)
        name = "a NUL byte" if e.character == 0 else f"character #x{e.character:04x}"
        raise ScenarioError([Problem(file, line, col, "", f"not valid YAML: {name} is not allowed in a "
                                                          "YAML file")]) from None
    except yaml.YAMLError as e:
        raise ScenarioError([Problem(file, 0, 0, "", f"not valid YAML: {e}")]) from None
    except RecursionError:
        raise ScenarioError([Problem(file, 0, 0, "", "nesting is too deep")]) from None
    finally:
        if loader is not None:
            loader.dispose()
        if gc_was_on:
            gc.enable()


def _line_col(text: str | bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of a character (or byte) offset."""
    nl = "\n" if isinstance(text, str) else b"\n"
    line = text.count(nl, 0, offset) + 1  # type: ignore[arg-type]
    return line, offset - (text.rfind(nl, 0, offset) + 1) + 1  # type: ignore[arg-type]


#: absolute path -> text read in place of that file (:func:`standing_in`)
_STAND_INS: contextvars.ContextVar[dict[str, str]] = contextvars.ContextVar("stand_ins", default={})


@contextlib.contextmanager
def standing_in(path: str | os.PathLike[str], text: str) -> Iterator[None]:
    """Within the block, :func:`read` of ``path`` parses ``text`` instead of the file: an edit checks the
    variants that extend a file against its new text before writing it (it used to write the file, check
    them, and put the old bytes back, leaving a broken base on disk meanwhile)."""
    token = _STAND_INS.set({**_STAND_INS.get(), os.path.abspath(path): text})
    try:
        yield
    finally:
        _STAND_INS.reset(token)


def read(path: str | os.PathLike[str], shown: str | None = None) -> Any:
    """Read and parse a YAML file; ``shown`` is the name used in messages.

    Only a regular file of at most :data:`MAX_BYTES` is read (``/dev/zero`` and
    FIFOs are refused before any read; see :func:`engine.safeio.read_regular`).
    """
    name = shown or str(path)
    if not os.fspath(path):
        raise ScenarioError([Problem("(no file)", 0, 0, "", "no file named (the path is empty)")])
    stand_in = _STAND_INS.get().get(os.path.abspath(path))
    if stand_in is not None:
        return parse(stand_in, name)
    try:
        raw = safeio.read_regular(path, MAX_BYTES)
    except FileNotFoundError:
        raise ScenarioError([Problem(name, 0, 0, "", "file not found")]) from None
    except IsADirectoryError:
        raise ScenarioError([Problem(name, 0, 0, "", "is a directory, not a YAML file")]) from None
    except safeio.UnsafePathError as e:
        raise ScenarioError([Problem(name, 0, 0, "", f"cannot read: {e}")]) from None
    except OSError as e:
        raise ScenarioError([Problem(name, 0, 0, "", f"cannot read file ({e.strerror or e})")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line, col = _line_col(raw, e.start)
        raise ScenarioError([Problem(name, line, col, "", f"not UTF-8 text (bad byte 0x{raw[e.start]:02x}; "
                                                          "save the file as UTF-8)")]) from None
    return parse(text, name)


def plain(value: Any) -> Any:
    """Strip the marks: MDict -> dict, MList -> list (for tests and JSON)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value

"""Editor edits of one unit do not read or write the whole file again (1.5 s an edit at 535 units).

The editor keeps a :class:`engine.editor.session.Session` open: an edit of one item of a top-level list
(a unit's value, a move, a new unit, a deleted one; the same for bases and tracks) writes and reads only
that item. No test here is timed: one counts the whole-file reads and writes of ruamel during an edit
(4 per edit before), the other plays random edits through the editor with the session and without it
(the slow way, as before) and asserts the same text, messages, problems and undo after every edit, and
that the session's state (item lines, dotted ids, the round-trip data with its comments) equals a
session opened afresh on the text. ``python -m engine.editor.speed`` gives the times.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.comments import Anchor, CommentedMap, CommentedSeq
from ruamel.yaml.tokens import CommentToken

from engine.editor.model import EditorModel
from engine.scenario import edit as E

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    from engine.editor.speed import big_scenario
    return big_scenario(tmp_path_factory.mktemp("big"), 535)


def test_an_edit_of_one_unit_does_not_read_or_write_the_whole_file(big: Path, monkeypatch) -> None:
    m = EditorModel(big)
    units = [u for u in m.scenario.units if u.id.endswith("_c3")]
    from engine.editor.speed import _free_land
    where = _free_land(m)[:2]
    m.set_field(f"units.{units[0].id}.strength", 1)  # the first edit may read the file (the session opens)
    whole = len(m.text) // 2
    calls: list[str] = []
    load, dump = YAML.load, YAML.dump

    def spy_load(self: YAML, stream: Any) -> Any:
        if isinstance(stream, str) and len(stream) > whole:
            calls.append(f"load {self.typ}")
        return load(self, stream)

    def spy_dump(self: YAML, data: Any, stream: Any = None, **kw: Any) -> Any:
        out = dump(self, data, stream, **kw)
        if isinstance(stream, io.StringIO) and len(stream.getvalue()) > whole:
            calls.append("dump")
        return out
    monkeypatch.setattr(YAML, "load", spy_load)
    monkeypatch.setattr(YAML, "dump", spy_dump)
    walks: list[int] = []
    dotted = getattr(E, "_dotted_ids", None)  # Doc._keys' walk of the whole document for ids with a dot
    monkeypatch.setattr(E, "_dotted_ids", lambda stack, add: (walks.append(1), dotted(stack, add))[1], raising=False)

    before = m.text
    m.set_field(f"units.{units[1].id}.strength", 1)
    m.move_unit(units[2].id, where[0])
    uid = m.place_unit(units[3].type, units[3].side, where[1])
    m.delete_unit(units[4].id)
    m.undo()
    assert calls == []  # before: 4 whole-file reads or writes by ruamel per edit (and a walk for dotted ids)
    assert walks == []
    assert m.valid and f"id: {uid}," in m.text and m.text.count("\n") == before.count("\n") + 1
    assert m.text.count(f"{{id: {units[4].id},") == 1 and f"strength: 1, note" in m.text


# --- the same text as the slow way, after any stream of edits ------------------------------------------

def _variants(tmp: Path) -> list[Path]:
    """baseline-2020 as shipped, with Windows line ends, with dotted ids, and with comments and a blank line
    among the units."""
    tree = tmp / "scenarios"
    if not tree.exists():
        shutil.copytree(ROOT / "scenarios", tree, ignore=shutil.ignore_patterns("schema", "images"))
    src = (tree / "baseline-2020.yaml").read_text(encoding="utf-8")
    out = [tree / "baseline-2020.yaml"]
    crlf = tree / "crlf.yaml"
    crlf.write_bytes(src.replace("\n", "\r\n").encode("utf-8"))
    dots = tree / "dots.yaml"
    dots.write_text(src.replace("{id: by_6mech,", "{id: by.6mech,", 1).replace("{id: by_11mech,", "{id: by_6mech.x,", 1),
                    encoding="utf-8")
    notes = tree / "notes.yaml"
    lines = src.splitlines(keepends=True)
    i = next(k for k, x in enumerate(lines) if x.startswith("  - {id: by_19mech,"))
    lines[i] = lines[i].rstrip("\n") + "  # an end-of-line note\n"
    lines.insert(i + 2, "  # a comment between two units\n")
    lines.insert(i + 4, "\n")  # and a blank line
    notes.write_text("".join(lines), encoding="utf-8")
    return out + [crlf, dots, notes]


OPS = st.lists(st.tuples(st.sampled_from(["strength", "name", "note", "move", "place", "delete", "undo", "turns",
                                          "track", "location", "base_place", "base_move", "base_delete", "whole",
                                          "long"]),
                         st.integers(0, 10_000),
                         st.one_of(st.integers(-2, 5), st.text(max_size=12))),
               min_size=1, max_size=7)


@pytest.fixture(scope="module")
def variants(tmp_path_factory) -> list[Path]:
    return _variants(tmp_path_factory.mktemp("variants"))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])  # no shrinking: each step edits twice, slowly
@given(which=st.integers(0, 3), ops=OPS)
@example(which=1, ops=[("base_delete", 0, 0), ("base_delete", 0, 0), ("undo", 0, 0), ("base_move", 0, 0)])
def test_editing_through_the_session_gives_the_text_the_slow_way_gives(variants: list[Path], which: int,
                                                                         ops: list[tuple[str, int, Any]]) -> None:
    path = variants[which]
    fast, slow = EditorModel(path), EditorModel(path)
    slow.session = lambda: None  # type: ignore[method-assign]  # every edit the slow way: a fresh Doc
    assert fast.session() is not None
    for op, k, v in ops:
        outcome = []
        for m in (fast, slow):
            try:
                _play(m, op, k, v)
                outcome.append(None)
            except Exception as e:  # noqa: BLE001 - the same failure both ways (the window's guard shows it)
                outcome.append((type(e), str(e)))
        assert outcome[0] == outcome[1]
        assert fast.text == slow.text, op
        assert fast.message == slow.message and fast.undo_stack == slow.undo_stack
        assert [str(p) for p in fast.problems] == [str(p) for p in slow.problems]
        s = fast._session
        if s is not None and s.ok and s.text == fast.text:
            _same_session(s, fast.path, fast.text)


def _play(m: EditorModel, op: str, k: int, v: Any) -> None:
    sc = m.scenario
    assert sc is not None
    units = [u.id for u in sc.units]
    bases = [b.id for b in sc.bases]
    spots = sorted({u.location for u in sc.units} | {b.location for b in sc.bases}, key=lambda h: (h.q, h.r))
    uid, bid, at = units[k % len(units)], bases[k % len(bases)], spots[k % len(spots)]
    text = v if isinstance(v, str) else f"name {v}"
    if op == "strength":
        m.set_field(f"units.{uid}.strength", v if isinstance(v, int) else 2)
    elif op in ("name", "note"):
        m.set_field(f"units.{uid}.{op}", text)
    elif op == "move":
        m.move_unit(uid, at)
    elif op == "place":
        m.place_unit(sc.units[k % len(sc.units)].type, sc.units[k % len(sc.units)].side, at)
    elif op == "delete":
        m.delete_unit(uid)
    elif op == "undo":
        m.undo()
    elif op == "turns":
        m.set_field("turns", 10 + k % 5)
    elif op == "track":
        m.set_field(f"tracks.{sc.tracks[k % len(sc.tracks)].id}.initial", v if isinstance(v, int) else 10)
    elif op == "location":
        m.set_field(f"units.{uid}.location", {"lat": 53.0 + (k % 100) / 100, "lon": 27.5})
    elif op == "base_place":
        m.place_base("garrison", sc.sides[k % len(sc.sides)].id, at)
    elif op == "base_move":
        m.move_base(bid, at)
    elif op == "base_delete":
        m.delete_base(bid)
    elif op == "long":  # a line longer than ruamel's width: written over several lines (the slow way)
        m.set_field(f"units.{uid}.name", "x" * (4000 + k))
    elif op == "whole":  # a whole item replaced by a value
        m.set_field(f"units.{uid}", {"id": uid, "type": sc.units[0].type, "side": sc.units[0].side,
                                      "nation": sc.units[0].nation, "location": "Minsk"})


def _same_session(s: Any, path: Path, text: str) -> None:
    """The session after its edits holds what a session opened afresh on the text holds."""
    from engine.editor.session import Session
    fresh = Session(path, text)
    assert fresh.ok, fresh.why
    assert s.lines == fresh.lines and s.items == fresh.items
    assert s._dots == fresh._dots  # the dotted ids Doc._keys joins, kept rather than found by a walk
    assert s.doc._src == fresh.doc._src and s.doc.original == fresh.doc.original
    assert s.doc._base_dump == fresh.doc._base_dump
    _same_data(s.doc.data, fresh.doc.data, "")  # (not dumped here: a dump changes ruamel's comment lists)


def _comments(ca: Any) -> Any:
    def norm(x: Any) -> Any:
        if isinstance(x, CommentToken):
            return ("#", x.value, x.column)
        if isinstance(x, list):
            return [norm(y) for y in x]
        return x
    return (norm(ca.comment), {k: norm(v) for k, v in ca.items.items()}, norm(ca.end), norm(getattr(ca, "_pre", None)))


def _same_data(a: Any, b: Any, where: str) -> None:
    """Round-trip data alike in everything a dump or a later edit reads: types, values, styles, comments."""
    assert type(a) is type(b), where
    if isinstance(a, (CommentedMap, CommentedSeq)):
        assert a.fa.flow_style() == b.fa.flow_style(), where
        assert _comments(a.ca) == _comments(b.ca), where
    if isinstance(a, dict):
        assert list(a) == list(b), where
        for k in a:
            _same_data(a[k], b[k], f"{where}.{k}")
    elif isinstance(a, list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            _same_data(x, y, f"{where}[{i}]")
    else:
        assert a == b and _attrs(a) == _attrs(b), where


def _attrs(x: Any) -> dict[str, Any]:
    """A scalar's round-trip attributes (a float's width and precision, an anchor's name)."""
    out = dict(vars(x)) if hasattr(x, "__dict__") else {}
    for k, v in out.items():
        if isinstance(v, Anchor):
            out[k] = (v.value, v.always_dump)
    return out

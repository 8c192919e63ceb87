"""Findings of a fuzz campaign against the scenario loader and the edit verbs, one test each.

Every shipped scenario and rules file was mutated thousands of times (keys deleted, duplicated, renamed;
values swapped for other types, extreme numbers, deep nesting, unicode; anchors, merge keys, tags;
broken extends/include chains; byte flips) and checked through ``validate``, ``load_game``, a short
playout, the JSON Schema and the edit verbs. Each input below crashed or misled one of them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.cli.entry import main
from engine.errors import ScenarioError
from engine.scenario import yamlsafe
from engine.scenario.edit import Doc, parse_value
from engine.scenario.edit_io import EditError
from engine.scenario.loader import validate

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "scenarios" / "baseline-2020.yaml"
OFFMAP = ROOT / "scenarios" / "variants" / "baseline-2020-offmap.yaml"


def refused(capsys, *argv: str) -> list[str]:
    assert main(list(argv)) == 2
    err = capsys.readouterr().err.splitlines()
    assert err and not any("Traceback" in e for e in err)
    return err


@pytest.mark.parametrize("text, says", [
    ("a: !!seq x\n", "the tag '!!seq' does not fit a single value"),
    ("a: !!map x\n", "the tag '!!map' does not fit a single value"),
    ("a: !!str [1]\n", "the tag '!!str' does not fit a list"),
    ("a: !!str {b: 1}\n", "the tag '!!str' does not fit a mapping"),
])
def test_a_tag_that_does_not_fit_its_value_is_refused_in_place(text, says):
    """``description: !!seq "text"`` validated: the value was a Python generator, which the checker took
    as text, so the option's description read '<generator object SafeConstructor.construct_yaml_seq at ..>'
    (and the JSON Schema refused what the loader accepted)."""
    with pytest.raises(ScenarioError) as e:
        yamlsafe.parse(text, "t.yaml")
    (p,) = e.value.problems
    assert (p.file, p.line, p.col, p.path) == ("t.yaml", 1, 4, "a") and says in p.message
    assert yamlsafe.plain(yamlsafe.parse("a: !!str x\nb: !!seq [1]\nc: !!map {d: 1}\n")) == {
        "a": "x", "b": [1], "c": {"d": 1}}


def test_a_seq_tag_on_a_description_is_not_a_generator(tmp_path, capsys):
    p = tmp_path / "v.yaml"
    p.write_text(f"extends: {BASE}\nid: v\ntitle: !!seq \"Baseline\"\n", encoding="utf-8")
    assert refused(capsys, "validate", str(p)) == [
        f"{p}:3:8: title: the tag '!!seq' does not fit a single value (remove the tag)"]


def test_an_off_map_box_whose_only_link_is_malformed_is_one_problem(tmp_path, capsys):
    """``links: [5]`` (a list, so the box passed; its one item refused) made a box with no entry hex, and
    the unit starting in it raised IndexError in offmap.box_start: a traceback from validate."""
    p = tmp_path / "v.yaml"
    p.write_text(f"extends: {OFFMAP}\nid: v\nrules:\n  offmap:\n    boxes:\n      pskov:\n        links: [5]\n",
                 encoding="utf-8")
    assert refused(capsys, "validate", str(p)) == [
        f"{p}:7:17: rules.offmap.boxes.pskov.links[0]: got the number 5 (expected a mapping: a box link with "
        "keys to, hours, mode, note)"]


@pytest.mark.parametrize("value", ["2020-02-30", "2020-10-01T25:00:00", "!!timestamp 0000-01-01"])
def test_a_date_that_is_no_date_is_never_a_traceback_of_the_edit_verbs(tmp_path, capsys, value):
    """``eastflank scenario set FILE start_date=2020-02-30`` raised ValueError from ruamel's timestamp
    constructor (a traceback); now the value is text and the loader refuses it at its line."""
    p = tmp_path / "v.yaml"
    p.write_text(f"extends: {BASE}\nid: v\nstart_date: 2020-10-02\n", encoding="utf-8")
    before = p.read_bytes()
    err = refused(capsys, "scenario", "set", str(p), f"start_date={value}")
    assert len(err) == 2 and err[1].startswith(f"{p}:3:13: start_date: "), err
    assert p.read_bytes() == before


def test_a_valid_file_with_date_shaped_text_can_be_edited(tmp_path, capsys):
    """``title: 2021-02-30`` is text to the loader (YAML 1.2), so the file is valid; opening it for an edit
    raised ValueError (ruamel reads it as a timestamp)."""
    p = tmp_path / "v.yaml"
    p.write_text(f"extends: {BASE}\nid: v\ntitle: 2021-02-30\n", encoding="utf-8")
    assert validate(p) == []
    assert main(["scenario", "set", str(p), "turns=20"]) == 0, capsys.readouterr().err
    text = p.read_text(encoding="utf-8")
    assert "title: 2021-02-30\n" in text and "turns: 20\n" in text and validate(p) == []


@pytest.mark.parametrize("value, why", [
    ("!!int ten", "'ten' cannot be read as !!int"),
    ("!!bool maybe", "'maybe' cannot be read as !!bool"),
    ("!!float x", "'x' cannot be read as !!float"),
    ("9" * 5000, "cannot be read as !!int"),
])
def test_a_file_ruamel_cannot_read_is_one_located_line(tmp_path, capsys, value, why):
    """A file holding a value ruamel cannot construct raised ValueError or KeyError when opened for an edit
    (the loader refuses those files with a located problem; the edit verbs now do too)."""
    p = tmp_path / "s.yaml"
    p.write_text(f"id: s\nturns: {value}\n", encoding="utf-8")
    with pytest.raises(EditError) as e:
        Doc(p)
    assert str(e.value).startswith(f"{p}:2:8: not valid YAML: ") and why in str(e.value)
    (line,) = refused(capsys, "scenario", "set", str(p), "fog_of_war=false")
    assert f"{p}:2:8: not valid YAML: " in line


@pytest.mark.parametrize("value", ["!!int ten", "!!bool maybe", "!!timestamp 2021-02-30"])
def test_a_command_line_value_ruamel_cannot_read_is_an_edit_error(value):
    try:
        parse_value(value, "turns")
    except EditError as e:
        assert str(e).startswith("turns: ")


@pytest.mark.parametrize("body, where", [
    ("rules:\n  offmap:\n    boxes:\n      wmd:\n        links:\n          - {to: Smolensk, hours: 30, mode: " + "q" * 5000
     + "}\n", "rules.offmap.boxes.wmd.links[0].mode"),
    ("bases:\n  - {id: orzysz, location: {lat: 53.8, lon: '" + "q" * 5000 + "'}}\n", "bases[6].location"),
])
def test_a_value_thousands_of_characters_long_is_cut_in_the_problem(tmp_path, capsys, body, where):
    """A 5000-character mode or lon was printed whole: one problem line of 5 kB (ids were
    already cut). Now a quoted value or a name of 100 characters or more shows its first 60 and its length."""
    p = tmp_path / "v.yaml"
    p.write_text(f"extends: {OFFMAP}\nid: v\n{body}", encoding="utf-8")
    err = refused(capsys, "validate", str(p))
    assert any(f": {where}: " in e for e in err), err
    assert all(len(e) < 600 for e in err), max(err, key=len)[:300]
    assert any("(5000 characters)" in e for e in err)

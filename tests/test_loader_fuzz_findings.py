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

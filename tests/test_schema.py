"""The JSON Schema comes from the loader's declarations and agrees with the loader.

Every shipped scenario, variant and rules file fits the schema (with a real
validator, jsonschema, from the test extra), and a differential test feeds the
loader and the schema the same mutations: both accept or both refuse.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from engine.errors import ScenarioError
from engine.scenario import spec as S
from engine.scenario import yamlsafe
from engine.scenario.loader import validate
from engine.scenario.schema import SCHEMA_FILES, dumps, rules_schema, scenario_schema, schema_problems

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml")) + sorted((ROOT / "scenarios" / "variants").glob("*.yaml"))
RULES = sorted((ROOT / "scenarios" / "rules").glob("*.yaml"))


def test_schema_is_object_with_every_declared_key() -> None:
    sc = scenario_schema()
    full, part = sc["else"], sc["then"]
    assert full["type"] == "object" and full["additionalProperties"] is False
    assert list(full["properties"]) == S.SCENARIO.names()
    assert set(full["required"]) == {f.name for f in S.SCENARIO.fields if f.required}
    assert part["required"] == ["extends"] and list(part["properties"]) == S.SCENARIO.names()
    unit = full["properties"]["units"]["items"]
    assert list(unit["properties"]) == S.UNIT.names()
    assert unit["properties"]["location"]["oneOf"][1]["required"] == ["lat", "lon"]
    assert "required" not in part["properties"]["units"]["items"]  # a variant's unit may give only what changes
    assert full["properties"]["rules"].get("required") is None  # overrides are partial
    assert json.loads(dumps()) == sc
    jsonschema.Draft7Validator.check_schema(sc)
    jsonschema.Draft7Validator.check_schema(rules_schema())


def test_rules_schema_lists_rule_sections() -> None:
    assert list(rules_schema()["properties"]) == S.RULES.names()


def test_committed_schema_files_are_current() -> None:
    """The modelines point at these files: regenerate with `eastflank schema --write`."""
    for kind, rel in SCHEMA_FILES.items():
        assert (ROOT / rel).read_text(encoding="utf-8") == dumps(kind), f"{rel} is stale"


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_every_shipped_scenario_fits_the_schema(path: Path) -> None:
    assert schema_problems(yamlsafe.read(path)) == []


@pytest.mark.parametrize("path", RULES, ids=lambda p: p.name)
def test_every_shipped_rules_file_fits_the_schema(path: Path) -> None:
    assert schema_problems(yamlsafe.read(path), "rules") == []


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_every_shipped_scenario_carries_the_modeline(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    target = (path.parent / first.split("$schema=", 1)[1]).resolve()
    assert first.startswith("# yaml-language-server: $schema=") and target == ROOT / SCHEMA_FILES["scenario"]


def test_schema_catches_what_the_old_one_missed() -> None:
    base = yamlsafe.read(ROOT / "scenarios" / "baseline-2020.yaml")
    base["turn_length"] = "0h"
    base["title"] = 2020
    base["sides"][0]["entry"][0]["lat"] = 254
    probs = schema_problems(base)
    assert [p.split(":")[0] for p in probs] == ["sides.0.entry.0", "turn_length"], probs


# --- the differential test ----------------------------------------------------------------------

#: (file, text to find, replacement, the loader's answer): each makes one change a facilitator might make.
#: None: the answer depends on the YAML rules the loader reads by (1.1: `yes` is true, 1.2: text).
MUTATIONS = [
    ("baseline-2020.yaml", "turn_length: 24h", "turn_length: 0h", False),
    ("baseline-2020.yaml", "turn_length: 24h", "turn_length: 12h", True),
    ("baseline-2020.yaml", "turn_length: 24h", "turn_length: 1w", True),
    ("baseline-2020.yaml", "turn_length: 24h", "turn_length: 36", True),
    ("baseline-2020.yaml", "turn_length: 24h", "turn_length: 0", False),
    ("baseline-2020.yaml", "turn_length: 24h", "turn_length: 2x", False),
    ("baseline-2020.yaml", "{lat: 54.7818, lon: 32.0401}", "{lat: 254, lon: 32.0401}", False),
    ("baseline-2020.yaml", "{lat: 54.7818, lon: 32.0401}", "{lat: 54.7818, lon: -200}", False),
    ("baseline-2020.yaml", "{lat: 54.7818, lon: 32.0401}", "{lat: 54.7818}", False),
    ("baseline-2020.yaml", "{lat: 54.7818, lon: 32.0401}", "{lat: '54', lon: 32.0401}", False),
    ("baseline-2020.yaml", "{lat: 54.7818, lon: 32.0401}", "{lat: 54.7818, lon: 32.0401, alt: 3}", False),
    ("baseline-2020.yaml", "turns: 14\n", "turns: 14\nturns: 15\n", False),
    ("baseline-2020.yaml", 'title: "Baseline 2020: Belarus after the August election"', "title: 2020", True),
    ("baseline-2020.yaml", 'title: "Baseline 2020: Belarus after the August election"', "title: true", False),
    ("baseline-2020.yaml", 'title: "Baseline 2020: Belarus after the August election"', "title:", False),
    ("baseline-2020.yaml", 'title: "Baseline 2020: Belarus after the August election"\n', "", False),
    ("baseline-2020.yaml", "start_date: 2020-10-01", "start_date: 2020-10-01 12:00:00", None),
    ("baseline-2020.yaml", "start_date: 2020-10-01", "start_date: 2020-10-01T12:00:00", None),
    ("baseline-2020.yaml", "start_date: 2020-10-01", "start_date: October 2020", False),
    ("baseline-2020.yaml", "start_date: 2020-10-01", "start_date: 20201001", False),
    ("baseline-2020.yaml", "turns: 14\n", "turns: 0\n", False),
    ("baseline-2020.yaml", "turns: 14\n", "turns: 14.0\n", True),
    ("baseline-2020.yaml", "turns: 14\n", "turns: '14'\n", False),
    ("baseline-2020.yaml", "turns: 14\n", "turns: 14\ncolour_blind: true\n", False),
    ("baseline-2020.yaml", "fog_of_war: true", "fog_of_war: yes", None),
    ("baseline-2020.yaml", "fog_of_war: true", "fog_of_war: 1", False),
    ("baseline-2020.yaml", 'colour: "#c0392b"', "colour: red", False),
    ("baseline-2020.yaml", 'colour: "#c0392b"', 'colour: "#C0392B"', True),
    ("baseline-2020.yaml", "nations: [RUS, BLR]", "nations: [RUS, blr]", False),
    ("baseline-2020.yaml", "nations: [RUS, BLR]", "nations: []", False),
    ("baseline-2020.yaml", "id: baseline-2020\n", "id: 2020\n", True),
    ("baseline-2020.yaml", "id: baseline-2020\n", "id: -baseline\n", False),
    ("baseline-2020.yaml", "id: baseline-2020\n", "id: base line\n", False),
    ("baseline-2020.yaml", "strength: 3, note", "strength: 0, note", False),
    ("baseline-2020.yaml", "strength: 3, note", "strength: 21, note", False),
    ("baseline-2020.yaml", "strength: 3, note", "strength: 2, note", True),
    ("baseline-2020.yaml", "readiness: alerted, note: Orzysz", "readiness: alerted, note: 12", True),
    ("baseline-2020.yaml", "readiness: alerted, note: Orzysz", "readiness: alerted, note: [12]", False),
    ("baseline-2020.yaml", "readiness: alerted, note: Orzysz", "readiness: alerted, location: Orzysz", False),
    ("rules/combat.yaml", "die_sides: 6", "die_sides: 1", False),
    ("rules/combat.yaml", "die_sides: 6", "die_sides: six", False),
    ("rules/combat.yaml", "[A2,    A1AR1, ", "[a2,    A1AR1, ", True),
    ("rules/combat.yaml", "[A2,    A1AR1, ", "[B2,    A1AR1, ", False),
    ("variants/union-doctrine-opposed.yaml", "initial: 90}", "initial: 90, min: 0}", True),
    ("variants/union-doctrine-opposed.yaml", "initial: 90}", "initial: ninety}", False),
    ("variants/union-doctrine-opposed.yaml", "title:", "turn_length: 0h\ntitle:", False),
    ("variants/union-doctrine-opposed.yaml", "title:", "turns: 0\ntitle:", False),
    ("variants/union-doctrine-opposed.yaml", "title:", "turns: 20\ntitle:", True),
    ("variants/union-doctrine-opposed.yaml", "title:", "rules: {movement: {stacking_limit: 0}}\ntitle:", False),
    ("variants/union-doctrine-opposed.yaml", "title:", "rules: {movement: {stacking_limit: 4}}\ntitle:", True),
    ("variants/union-doctrine-opposed.yaml", "title:", "units: [{id: ru_x, location: {lat: 91, lon: 27}}]\ntitle:", False),
    ("variants/union-doctrine-opposed.yaml", "title:", "remove: {units: [x], planes: [y]}\ntitle:", False),
]


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of scenarios/ to mutate (the include: and extends: paths stay relative)."""
    dst = tmp_path_factory.mktemp("tree") / "scenarios"
    shutil.copytree(ROOT / "scenarios", dst)
    return dst


def _schema_accepts(path: Path, kind: str) -> bool:
    """Read the way the loader reads (its YAML rules, duplicate keys refused), then the schema."""
    try:
        doc = yamlsafe.read(path)
    except ScenarioError:
        return False
    return schema_problems(doc, kind) == []


@pytest.mark.parametrize("rel,old,new,valid", MUTATIONS, ids=[f"{m[0]}:{m[2][:30]!r}" for m in MUTATIONS])
def test_loader_and_schema_agree_on_each_mutation(tree: Path, rel: str, old: str, new: str, valid: bool | None) -> None:
    path = tree / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    try:
        target = {"rules/combat.yaml": "baseline-2020.yaml",
                  "variants/union-doctrine-opposed.yaml": "variants/union-doctrine-opposed.yaml"}.get(rel, rel)
        loader_ok = validate(tree / target) == []
        schema_ok = _schema_accepts(path, "rules" if rel.startswith("rules/") else "scenario")
    finally:
        path.write_text(text, encoding="utf-8")
    assert valid is None or loader_ok == valid, "the mutation no longer tests what it was written for"
    assert loader_ok == schema_ok, f"loader {'accepts' if loader_ok else 'refuses'}, schema " \
                                   f"{'accepts' if schema_ok else 'refuses'}: {validate(tree / target) if not loader_ok else ''}"


def test_unmutated_copy_is_valid(tree: Path) -> None:
    """Each refusal above comes from its mutation, not from the copy."""
    assert {m[3] for m in MUTATIONS} == {True, False, None}
    assert validate(tree / "baseline-2020.yaml") == []
    assert validate(tree / "variants" / "union-doctrine-opposed.yaml") == []

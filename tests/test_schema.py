"""The JSON Schema comes from the loader's declarations and accepts the shipped scenario's shape."""

from __future__ import annotations

import json

from engine.scenario import spec as S
from engine.scenario.schema import dumps, rules_schema, scenario_schema


def test_schema_is_object_with_every_declared_key() -> None:
    sc = scenario_schema()
    assert sc["type"] == "object" and sc["additionalProperties"] is False
    assert list(sc["properties"]) == S.SCENARIO.names()
    assert set(sc["required"]) == {f.name for f in S.SCENARIO.fields if f.required}
    unit = sc["properties"]["units"]["items"]
    assert list(unit["properties"]) == S.UNIT.names()
    assert unit["properties"]["location"]["oneOf"][1]["required"] == ["lat", "lon"]
    assert sc["properties"]["rules"].get("required") is None  # overrides are partial
    assert json.loads(dumps()) == sc


def test_rules_schema_lists_rule_sections() -> None:
    assert list(rules_schema()["properties"]) == S.RULES.names()


def test_schema_validates_starter_when_jsonschema_available() -> None:
    import pytest
    jsonschema = pytest.importorskip("jsonschema")
    import yaml
    from pathlib import Path
    doc = yaml.safe_load((Path(__file__).resolve().parent.parent / "scenarios" / "baseline-2020.yaml").read_text())
    doc["start_date"] = str(doc["start_date"])
    jsonschema.validate(doc, scenario_schema())

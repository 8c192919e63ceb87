"""JSON Schema of the scenario format, generated from :mod:`engine.scenario.spec`.

The loader checks YAML against the same declarations, so what an editor
autocompletes is what the loader accepts: the ranges it enforces (lat/lon,
durations > 0, id patterns) are here too, and a file with ``extends:`` is a
partial scenario (every key optional, as the base fills the rest).
Meaning checks (places, ids that exist) are beyond a schema; ``eastflank
validate`` does those. ``tests/test_schema.py`` feeds loader and schema the
same mutations and checks they agree.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
from typing import Any

from engine.scenario import spec as S
from engine.scenario.check import MAX_TURN_HOURS
from engine.scenario.yamlsafe import parse

DRAFT = "http://json-schema.org/draft-07/schema#"
#: Where the committed schema files live, relative to the repository (the modelines point there).
SCHEMA_FILES = {"scenario": "scenarios/schema/scenario.schema.json", "rules": "scenarios/schema/rules.schema.json"}

_NUM = {"type": "number"}
_LOCATION = {
    "description": "A place name on the map, {lat, lon} or {hex: 'q,r'}.",
    "oneOf": [
        {"type": "string", "pattern": r"\S"},
        {"type": "object", "properties": {"lat": {**_NUM, "minimum": -90, "maximum": 90},
                                          "lon": {**_NUM, "minimum": -180, "maximum": 180}},
         "required": ["lat", "lon"], "additionalProperties": False},
        {"type": "object", "properties": {"hex": {"type": "string", "pattern": r"^\s*-?\d+\s*,\s*-?\d+\s*$"}},
         "required": ["hex"], "additionalProperties": False},
    ],
}
_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
_ISO_DATETIME = r"^\d{4}-\d{2}-\d{2}([Tt]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}(:?\d{2})?)?)?$"


def _date_pattern() -> str:
    """ISO date; plus a time when the loader's YAML rules read ``2020-10-01T12:00`` as a timestamp
    (YAML 1.1 does and the loader keeps the date part; under YAML 1.2 it is text the loader refuses)."""
    return _ISO_DATETIME if isinstance(parse("d: 2020-10-01T12:00:00")["d"], _dt.datetime) else _ISO_DATE


def _str(t: S.Str) -> dict[str, Any]:
    """The loader reads a number or a date as its text (``title: 2020``), so those are text too."""
    if t.choices:
        return {"type": "string", "enum": list(t.choices)}
    if not t.pattern:
        return {"type": ["string", "number"]}
    out: dict[str, Any] = {"type": "string", "pattern": f"^(?:{t.pattern})$"}
    if S.takes_numbers(t):  # an id such as 2020 is fine; 1e308 (read as '1e+308') is not, as in the loader
        return {"anyOf": [out, {"type": "number", "minimum": 0, "exclusiveMaximum": S.NUMBER_ID_BELOW}]}
    return out


def _type(t: Any, partial: bool = False) -> dict[str, Any]:
    if isinstance(t, str):
        return {"$ref": f"#/definitions/{t}{'_partial' if partial else ''}"}
    if isinstance(t, S.Str):
        return _str(t)
    if isinstance(t, (S.Int, S.Num)):
        out: dict[str, Any] = {"type": "integer" if isinstance(t, S.Int) else "number"}
        if t.min is not None:
            out["minimum"] = t.min
        if t.max is not None:
            out["maximum"] = t.max
        return out
    if isinstance(t, S.Bool):
        return {"type": "boolean"}
    if isinstance(t, S.Date):
        return {"type": "string", "pattern": _date_pattern(), "description": "An ISO date: 2020-10-01."}
    if isinstance(t, S.Duration):
        return {"oneOf": [{"type": "string", "pattern": r"^\s*0*[1-9]\d*\s*[hdwHDW]\s*$"},
                          {"type": "integer", "minimum": 1, "maximum": MAX_TURN_HOURS}],
                "description": f"24h, 12h, 7d, 1w or a number of hours (more than 0, at most {MAX_TURN_HOURS})."}
    if isinstance(t, S.Location):
        return json.loads(json.dumps(_LOCATION))
    if isinstance(t, S.Cell):
        return {"type": "string", "pattern": r"^\s*(-|[Nn][Ee]|(([Aa][Rr]|[AaDdRr])\d)+)\s*$"}
    if isinstance(t, S.Opt):
        return {"oneOf": [_type(t.inner, partial), {"type": "null"}]}
    if isinstance(t, S.ListOf):
        out = {"type": "array", "items": _type(t.item, partial)}
        if t.min_items and not partial:
            out["minItems"] = t.min_items
        return out
    if isinstance(t, S.MapOf):
        out = {"type": "object", "additionalProperties": _type(t.value, partial)}
        if t.keys:
            out["propertyNames"] = {"enum": list(t.keys)}
        return out
    if isinstance(t, S.Partial):
        return _record(t.rec, partial=True)
    if isinstance(t, S.Rec):
        return _record(t, partial)
    raise TypeError(f"no schema for {t!r}")  # pragma: no cover


def _record(rec: S.Rec, partial: bool = False) -> dict[str, Any]:
    props = {}
    for f in rec.fields:
        p = _type(f.type, partial)
        if f.doc:
            p = {**p, "description": f.doc}
        if not f.required and f.default is not None and not partial:
            p["default"] = f.default
        props[f.name] = p
    out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    if rec.doc:
        out["description"] = rec.doc
    req = [f.name for f in rec.fields if f.required]
    if req and not partial:
        out["required"] = req
    if rec.one_of and not partial:
        out["oneOf"] = [{"required": [k]} for k in rec.one_of]
    if rec.shorthand:  # pragma: no cover - no record uses it today
        short = rec.field(rec.shorthand)
        assert short is not None
        return {"anyOf": [out, _type(short.type, partial)]}
    return out


def _definitions() -> dict[str, Any]:
    out = {}
    for name, rec in S.NAMED.items():
        out[name] = _record(rec)
        out[f"{name}_partial"] = _record(rec, partial=True)
    return out


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of a scenario file; with ``extends:`` every key is optional."""
    full, part = _record(S.SCENARIO), _record(S.SCENARIO, partial=True)
    part["description"] = "A variant: only what differs from the scenario it extends."
    part["required"] = ["extends"]
    part["properties"]["extends"] = {"type": "string", "pattern": r"\S",
                                     "description": "The base scenario file, relative to this one."}
    return {"$schema": DRAFT, "$id": "https://eastflank/scenario.schema.json", "title": "Eastern Flank scenario",
            "description": full.pop("description", ""), "type": "object",
            # named here as well (with no constraint: then/else check), so editors complete keys at once
            "properties": {f.name: {"description": f.doc} if f.doc else {} for f in S.SCENARIO.fields},
            "if": {"required": ["extends"], "properties": {"extends": {"type": "string", "pattern": r"\S"}}},
            "then": part, "else": full, "definitions": _definitions()}


def rules_schema() -> dict[str, Any]:
    """Schema of a shared rules file (scenarios/rules/*.yaml): any part of the rules."""
    return {"$schema": DRAFT, "$id": "https://eastflank/rules.schema.json", "title": "Eastern Flank rules file",
            **_record(S.RULES, partial=True)}


def dumps(kind: str = "scenario") -> str:
    return json.dumps(scenario_schema() if kind == "scenario" else rules_schema(), indent=2, ensure_ascii=False) + "\n"


def as_json(value: Any) -> Any:
    """A value read by the loader as a JSON validator sees it: dates become ISO text, keys text."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):  # JSON has no NaN or infinity: YAML's own text
        return ".nan" if value != value else ".inf" if value > 0 else "-.inf"
    return value


def validator(kind: str = "scenario") -> Any:
    """A ``jsonschema`` validator of the schema (needs the optional jsonschema package)."""
    import jsonschema

    return jsonschema.Draft7Validator(scenario_schema() if kind == "scenario" else rules_schema())


def schema_problems(doc: Any, kind: str = "scenario") -> list[str]:
    """'path: message' for each place ``doc`` breaks the schema; [] when it fits."""
    v = validator(kind)
    out = []
    for e in sorted(v.iter_errors(as_json(doc)), key=lambda e: [str(p) for p in e.absolute_path]):
        path = ".".join(str(p) for p in e.absolute_path)
        out.append(f"{path or '(top)'}: {e.message}")
    return out

"""JSON Schema of the scenario format, generated from :mod:`engine.scenario.spec`.

The loader checks YAML against the same declarations, so what an editor
autocompletes is what the loader accepts. Meaning checks (places, ids) are
beyond a schema; ``eastflank validate`` does those.
"""

from __future__ import annotations

import json
from typing import Any

from engine.scenario import spec as S

_LOCATION = {
    "description": "A place name on the map, {lat, lon} or {hex: 'q,r'}.",
    "oneOf": [
        {"type": "string", "minLength": 1},
        {"type": "object", "properties": {"lat": {"type": "number"}, "lon": {"type": "number"}},
         "required": ["lat", "lon"], "additionalProperties": False},
        {"type": "object", "properties": {"hex": {"type": "string", "pattern": r"^\s*-?\d+\s*,\s*-?\d+\s*$"}},
         "required": ["hex"], "additionalProperties": False},
    ],
}


def _type(t: Any, partial: bool = False) -> dict[str, Any]:
    if isinstance(t, str):
        return {"$ref": f"#/definitions/{t}"}
    if isinstance(t, S.Str):
        out: dict[str, Any] = {"type": "string"}
        if t.choices:
            out["enum"] = list(t.choices)
        if t.pattern:
            out["pattern"] = f"^(?:{t.pattern})$"
        return out
    if isinstance(t, (S.Int, S.Num)):
        out = {"type": "integer" if isinstance(t, S.Int) else "number"}
        if t.min is not None:
            out["minimum"] = t.min
        if t.max is not None:
            out["maximum"] = t.max
        return out
    if isinstance(t, S.Bool):
        return {"type": "boolean"}
    if isinstance(t, S.Date):
        return {"type": "string", "format": "date"}
    if isinstance(t, S.Duration):
        return {"oneOf": [{"type": "string", "pattern": r"^\s*\d+\s*[hdwHDW]\s*$"}, {"type": "integer", "minimum": 1}]}
    if isinstance(t, S.Location):
        return dict(_LOCATION)
    if isinstance(t, S.Cell):
        return {"type": "string", "pattern": r"^(-|NE|((AR|A|D|R)\d)+)$"}
    if isinstance(t, S.Opt):
        inner = _type(t.inner, partial)
        return {"oneOf": [inner, {"type": "null"}]}
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
    return out


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of a scenario file."""
    out = {"$schema": "http://json-schema.org/draft-07/schema#", "$id": "https://eastflank/scenario.schema.json",
           "title": "Eastern Flank scenario", **_record(S.SCENARIO)}
    out["definitions"] = {name: _record(rec) for name, rec in S.NAMED.items()}
    return out


def rules_schema() -> dict[str, Any]:
    """Schema of a shared rules file (scenarios/rules/*.yaml): any part of the rules."""
    return {"$schema": "http://json-schema.org/draft-07/schema#", "title": "Eastern Flank rules file",
            **_record(S.RULES, partial=True)}


def dumps(kind: str = "scenario") -> str:
    return json.dumps(scenario_schema() if kind == "scenario" else rules_schema(), indent=2, ensure_ascii=False)

"""Scenario YAML -> the frozen objects of :mod:`engine.scenario.model`, strictly.

Three passes, all problems collected: (1) read safe YAML with positions and
apply ``extends:``; (2) check shape against :mod:`engine.scenario.spec`; (3)
resolve and check meaning (places on the map and on land, ids unique, every
reference known, numbers in range). Any problem -> one
:class:`~engine.errors.ScenarioError` listing them all, one per line.

Here: the entry points, ``extends:`` and the digest. The meaning pass is
:class:`Builder`, assembled from :mod:`.builder_base` (map, places, references,
conditions, one unit), :mod:`.forces` (sides, rules, tracks, ids, bases, units,
rotations, schedule), :mod:`.events` (effects, triggers, events, options,
victory, initiative, phases), :mod:`.doctrine` and :mod:`.engagement`.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import attrs

from engine.scenario import spec as S
from engine.scenario import model as M
from engine.errors import Problem, ScenarioError
from engine.scenario.builder_base import file_problem, load_map
from engine.scenario.check import Checker, describe
from engine.scenario.events import Events
from engine.scenario.forces import Forces
from engine.scenario.merge import apply_remove, merge, no_id_reporter
from engine.geo.theatre import TheatreMap
from engine.scenario.yamlsafe import MDict, Pos
from engine.scenario import yamlsafe

__all__ = ["load_map", "load_scenario", "validate", "digest", "Builder"]

MAX_EXTENDS = 8

# --- entry points ---------------------------------------------------------------

def load_scenario(path: str | os.PathLike[str], map: TheatreMap | None = None) -> M.Scenario:
    """Load and check a scenario; ScenarioError lists every problem found."""
    scenario, problems = _load(path, map)
    if problems or scenario is None:
        raise ScenarioError(problems or [Problem(str(path), 0, 0, "", "scenario could not be built")])
    return scenario


def validate(path: str | os.PathLike[str], map: TheatreMap | None = None) -> list[Problem]:
    """Every problem of a scenario file, sorted; [] when it is valid."""
    return list(ScenarioError(_load(path, map)[1]).problems)


def _load(path: str | os.PathLike[str], tmap: TheatreMap | None) -> tuple[M.Scenario | None, list[Problem]]:
    ck = Checker()
    shown = str(path)
    try:
        doc = _read_doc(ck, shown, [])
    except ScenarioError as e:
        return None, list(e.problems)
    if doc is None:
        return None, ck.summary(shown)
    top = ck.record(doc, S.SCENARIO, "", doc.pos)
    b = Builder(ck, top, shown, tmap)
    try:
        scenario = b.build()
    except ScenarioError as e:
        ck.problems.extend(e.problems)
        scenario = None
    return (None if ck.problems else scenario), ck.summary(shown)


def _dup_reporter(ck: Checker, where: str) -> Any:
    def report(pos: Pos, rid: str, first: Pos) -> None:
        ck.err(pos, "", f"duplicate id {rid!r} in a list of {where} (first given at line {first.line}; "
                        "expected each id once)")
    return report


def _read_doc(ck: Checker, shown: str, chain: list[str]) -> MDict | None:
    raw = yamlsafe.read(shown, shown)
    if not isinstance(raw, MDict):
        what = "empty" if raw is None else describe(raw)
        ck.err(Pos(shown, 1, 1), "", f"not a mapping: the file is {what} (expected a scenario: keys id, title, sides ...)")
        return None
    ext = raw.get("extends")
    if ext is not None and not isinstance(ext, str):  # (extends: 2020 is a number, not the file '2020')
        ck.err(raw.where("extends"), "extends", f"got {describe(ext)} (expected the path of a base scenario, "
                                                "such as ../baseline-2020.yaml; quote a name made of digits)")
        return None
    if not isinstance(ext, str) or not ext.strip():
        return raw
    base_shown = os.path.normpath(os.path.join(os.path.dirname(shown), ext.strip()))
    pos = raw.where("extends")
    if os.path.abspath(base_shown) in [os.path.abspath(c) for c in chain + [shown]]:
        ck.err(pos, "extends", f"{ext!r} extends itself in a loop ({' -> '.join(chain + [shown, base_shown])})")
        return None
    if len(chain) >= MAX_EXTENDS:
        ck.err(pos, "extends", f"more than {MAX_EXTENDS} levels of extends")
        return None
    missing = file_problem(ext, base_shown)
    if missing:
        ck.err(pos, "extends", f"base scenario {missing}")
        return None
    try:
        base = _read_doc(ck, base_shown, chain + [shown])
    except ScenarioError as e:
        ck.problems.extend(e.problems)
        return None
    if base is None:
        return None
    over = MDict(raw.pos)
    for k in raw:
        if k != "remove":
            over[k], over.key_pos[k], over.val_pos[k] = raw[k], raw.key_pos[k], raw.val_pos[k]
    out = merge(base, over, _dup_reporter(ck, "this variant"), no_id_reporter(ck))
    out.pop("remove", None)
    if "remove" in raw:
        apply_remove(out, raw["remove"], ck)
        out["remove"], out.key_pos["remove"], out.val_pos["remove"] = raw["remove"], raw.key_pos["remove"], raw.val_pos["remove"]
    return out



class Builder(Forces, Events):
    """Resolves one checked scenario, part by part (helpers in builder_base, forces, events)."""

    def check_calendar(self) -> None:
        """The last turn must still be a date (year 9999 at most): the clock, the table's date line and
        the reports compute it (start_date 9999-12-31, or 1000 turns of 366 days, overflowed there)."""
        t = self.top
        if not (t.ok("start_date") and t.ok("turn_length") and t.ok("turns")):
            return
        try:
            end = _dt.date.fromisoformat(t["start_date"]) + _dt.timedelta(hours=t["turn_length"] * t["turns"])
        except (OverflowError, ValueError):
            end = None
        if end is None:
            self.err(t.at("start_date"), "start_date", f"{t['turns']} turns of {t['turn_length']} hours from "
                     f"{t['start_date']} end after the year 9999 (expected a start and a length that stay "
                     "in the calendar)")

    def build(self) -> M.Scenario | None:
        t = self.top
        self.load_map()
        self.build_sides()
        self.build_rules()
        self.build_tracks()
        self.collect_ids()
        self.build_bases()
        units = self.build_units()
        rotations = self.build_rotations()
        schedule = self.build_schedule()
        options = self.build_options()
        events = self.build_events()
        victory = self.build_victory()
        initiative = self.build_initiative()
        phases = self.build_phases()
        from engine.scenario.doctrine import build_doctrine, build_metrics
        doctrine = build_doctrine(self, options)
        metrics = build_metrics(self)
        from engine.scenario.engagement import build_engagement
        engagement = build_engagement(self)
        from engine.scenario.nations import build_nation_rules, build_obstacles
        nation_rules = build_nation_rules(self)
        obstacles = build_obstacles(self)
        self.check_calendar()
        if self.ck.problems or self.rules is None or victory is None:
            return None
        sc = M.Scenario(
            id=t["id"], title=t["title"], briefing=t["briefing"], sources=tuple(t["sources"]),
            start_date=t["start_date"], turn_hours=t["turn_length"], turns=t["turns"], map_path=self.map_path,
            sides=tuple(self.sides.values()), initiative=initiative, phases=phases, fog_of_war=t["fog_of_war"],
            rules=self.rules, units=units, bases=tuple(self.bases.values()), rotations=rotations,
            schedule=schedule, tracks=tuple(self.tracks.values()), events=events, options=options,
            victory=victory, file=self.shown, doctrine=doctrine, metrics=metrics,
            engagement=engagement, nation_rules=nation_rules, obstacles=obstacles,
            boxes=tuple(getattr(self, "boxes", {}).values()))
        from engine.scenario.doctrine import check_metric_params
        check_metric_params(self, sc)
        return None if self.ck.problems else attrs.evolve(sc, digest=digest(sc))


# --- digest -----------------------------------------------------------------------------

def _canon(v: Any) -> Any:
    if attrs.has(type(v)):
        d = {"__class__": type(v).__name__}
        for f in attrs.fields(type(v)):
            d[f.name] = _canon(getattr(v, f.name))
        return d
    if isinstance(v, dict):
        return {str(k): _canon(x) for k, x in sorted(v.items())}
    if isinstance(v, (list, tuple)):
        return [_canon(x) for x in v]
    return v


def digest(sc: M.Scenario) -> str:
    """sha256 of the resolved content (not of the file path, so it is stable across machines)."""
    body = _canon(attrs.evolve(sc, file="", digest="", map_path=Path(sc.map_path).name))
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

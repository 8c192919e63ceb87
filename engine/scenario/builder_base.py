"""The scenario builder's shared helpers: map and places, references, conditions, one unit.

Split out of :mod:`engine.scenario.loader` so each part of the meaning pass stays
small; :mod:`engine.scenario.forces` and :mod:`engine.scenario.events` extend
:class:`BuilderBase`, and the loader's ``Builder`` joins them. Every helper
records problems with ``file:line:col`` and goes on, so one load reports them all.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import Any, Iterable

from engine import safeio
from engine.scenario import model as M
from engine.errors import MapError, did_you_mean
from engine.geo.hexgrid import Hex
from engine.scenario.check import INVALID, Checker, R
from engine.geo.theatre import TheatreMap
from engine.scenario.yamlsafe import Pos


@functools.lru_cache(maxsize=8)
def _cached_map(path: str, mtime_ns: int) -> TheatreMap:
    from engine.geo import mapfile
    return mapfile.load(path)


def load_map(path: str | os.PathLike[str]) -> TheatreMap:
    """A map file, loaded once per process (keyed by path and modification time)."""
    p = Path(path).resolve()
    try:
        mtime = p.stat().st_mtime_ns
    except OSError:
        mtime = -1
    return _cached_map(str(p), mtime)


_COND = re.compile(r"\s*([A-Za-z0-9_.-]+)\s*(>=|<=|==|>|<)\s*(-?\d+|[A-Za-z_][A-Za-z0-9_.-]*)\s*")


def file_problem(name: str, looked: str) -> str:
    """Why ``looked`` (the path of an ``extends:``/``include:`` name) cannot be read; '' if it can."""
    why = safeio.name_problem(looked)
    if why:
        return f"{name[:80]!r}{'...' if len(name) > 80 else ''} cannot name a file: {why}"
    if safeio.is_regular_file(looked):
        return ""
    try:
        exists = os.path.lexists(looked)
    except (OSError, ValueError):
        exists = False
    if exists:
        return f"{name!r} is not a regular file ({looked})"
    return f"{name!r} not found (looked for {looked})"


def complete(r: Any) -> bool:
    """A checked record whose every field passed the shape check."""
    return isinstance(r, R) and all(r.ok(f.name) for f in r.rec.fields)


class BuilderBase:
    """Resolves one checked scenario; every method records problems and goes on."""

    def __init__(self, ck: Checker, top: R, shown: str, tmap: TheatreMap | None):
        self.ck, self.top, self.shown, self.map = ck, top, shown, tmap
        self.sides: dict[str, M.Side] = {}
        self.side_ids: list[str] = []
        self.rules: M.Rules | None = None
        self.tracks: dict[str, M.Track] = {}
        self.bases: dict[str, M.BaseSpec] = {}
        self.unit_ids: dict[str, Pos] = {}
        self.option_ids: list[str] = []
        self.map_ok = tmap is not None
        self.countries: list[str] = []
        #: (kind, id) of items declared but not built (their own problem is reported already):
        #: a reference to one is not reported again as "not a known ...".
        self.failed: set[tuple[str, str]] = set()

    def err(self, pos: Pos, path: str, msg: str) -> None:
        self.ck.err(pos, path, msg)

    # --- map, locations ------------------------------------------------------------
    def load_map(self) -> None:
        t = self.top
        if self.map is not None:
            path = self.map.source or "<map>"
        elif t.has("map") and t["map"]:
            path = os.path.normpath(os.path.join(os.path.dirname(t.at("map").file), t["map"]))
        else:
            from engine.geo.mapfile import DEFAULT_MAP
            path = str(DEFAULT_MAP)
        self.map_path = str(path)
        if self.map is None:
            why = file_problem(str(t["map"] or path), path)
            if why:  # never hand a device, FIFO or over-long name to the map reader
                self.err(t.at("map"), "map" if t.has("map") else "", f"cannot use the map: map file {why}")
                return
            try:
                self.map = load_map(path)
            except MapError as e:
                self.err(t.at("map"), "map" if t.has("map") else "", f"cannot use the map: {e}")
                return
        self.map_ok = True
        self.countries = sorted(set(self.map.country.values()))

    def hex(self, spec: Any, pos: Pos, path: str, land: bool = True) -> Hex | None:
        if spec is None or spec is INVALID or not self.map_ok:
            return None
        if self.ck.full:  # the file is beyond help; a failed place lookup would cost a did-you-mean search
            self.ck.dropped += 1
            return None
        tm = self.map
        assert tm is not None
        kind = spec[0]
        try:
            if kind == "place":
                h = tm.place_hex(spec[1])
            elif kind == "latlon":
                h = tm.locate(spec[1], spec[2])
            else:
                h = Hex(spec[1], spec[2])
                if h not in tm:
                    self.err(pos, path, f"hex {h} is off the map (expected a hex of the map, "
                                        f"e.g. a place name or {{lat: .., lon: ..}})")
                    return None
        except MapError as e:
            self.err(pos, path, str(e))
            return None
        if land and not tm.is_land(h):
            what = (repr(spec[1]) if kind == "place" else f"point {spec[1]:.4f}N {spec[2]:.4f}E" if kind == "latlon"
                    else f"hex {h}")
            self.err(pos, path, f"{what} is on {tm.terrain_of(h)} (hex {h}; expected a land hex)")
            return None
        return h

    # --- references -------------------------------------------------------------------
    def ref(self, value: str, known: Iterable[str], pos: Pos, path: str, what: str) -> bool:
        known = list(known)
        if value in known:
            return True
        if (what, value) in self.failed:
            return False
        if self.ck.full:
            self.ck.dropped += 1
            return False
        hint = did_you_mean(value, known)
        if not hint and known:
            hint = f" (expected one of: {', '.join(known[:12])}{' ...' if len(known) > 12 else ''})"
        self.err(pos, path, f"{value!r} is not a known {what}{hint}")
        return False

    def cond(self, text: str, pos: Pos, path: str) -> M.Condition | None:
        m = _COND.fullmatch(text or "")
        if not m:
            return None
        tid, op, val = m.groups()
        if not self.ref(tid, self.tracks, pos, path, "track"):
            return None
        tr = self.tracks[tid]
        if re.fullmatch(r"-?\d+", val):
            if len(val) > 15:  # outside any track (and int() of 4300 or more digits fails)
                self.err(pos, path, f"a number of {len(val)} digits is outside track {tid!r} "
                                    f"(expected {tr.min} to {tr.max})")
                return None
            v = int(val)
        elif val in tr.thresholds:
            v = tr.thresholds[val]
        else:
            self.err(pos, path, f"{val[:40]!r} is not a threshold of track {tid!r} (expected a number or one of: "
                                f"{', '.join(tr.thresholds) or 'none'}){did_you_mean(val, tr.thresholds)}")
            return None
        if not tr.min <= v <= tr.max:
            self.err(pos, path, f"{v} is outside track {tid!r} (expected {tr.min} to {tr.max})")
            return None
        return M.Condition(tid, op, v)

    # --- forces -----------------------------------------------------------------------
    def side_ref(self, r: R, key: str = "side") -> bool:
        return r.ok(key) and self.ref(r[key], self.side_ids, r.at(key), r.sub(key), "side")


    def unit(self, u: Any, at: Hex | None = None, at_base: str = "") -> M.UnitSpec | None:
        """A unit spec; ``at`` places it (rotations) instead of its own location or base."""
        if not isinstance(u, R):
            return None
        good = all(u.ok(k) for k in ("id", "type", "side", "nation", "readiness", "strength", "name"))
        rules = self.rules
        tp = None
        if u.ok("type") and rules is not None:
            if self.ref(u["type"], rules.unit_types, u.at("type"), u.sub("type"), "unit type"):
                tp = rules.unit_types[u["type"]]
            else:
                good = False
        if u.ok("side") and not self.side_ref(u):
            good = False
        elif u.ok("side") and u.ok("nation") and u["side"] in self.sides:
            nations = self.sides[u["side"]].nations
            if u["nation"] not in nations:
                self.err(u.at("nation"), u.sub("nation"), f"{u['nation']!r} is not a nation of side {u['side']!r} "
                         f"(expected one of: {', '.join(nations)})")
                good = False
        readiness = u["readiness"]
        if rules is not None and u.ok("readiness"):
            ids = [s.id for s in rules.readiness.states]
            if not readiness:
                readiness = ids[0]
            elif not self.ref(readiness, ids, u.at("readiness"), u.sub("readiness"), "readiness state"):
                good = False
        strength = u["strength"]
        if tp is not None and u.ok("strength"):
            if not strength:
                strength = tp.steps
            elif strength > tp.steps:
                self.err(u.at("strength"), u.sub("strength"), f"strength {strength} is more than the {tp.steps} steps "
                         f"of type {tp.id!r} (expected 1 to {tp.steps})")
                good = False
        h = at
        if at is None and "location" in u.rec.names():
            if any(k in u.given and not u.ok(k) for k in ("location", "base", "box")):
                return None  # the bad field's own error says what is wrong (not "got none" as well)
            has_loc, has_base = u.has("location") and u["location"] is not None, u.has("base") and bool(u["base"])
            has_box = u.has("box") and bool(u["box"])
            if has_loc + has_base + has_box != 1:
                self.err(u.pos, u.path, "a unit needs exactly one of: location, base, box "
                                        f"(got {'more than one' if has_loc + has_base + has_box else 'none'})")
                return None
            if has_box:
                from engine.scenario.offmap import box_start
                h = box_start(self, u)
                if h is None:
                    return None
            elif has_base:
                if self.ref(u["base"], self.bases, u.at("base"), u.sub("base"), "base"):
                    h = self.bases[u["base"]].location
                else:
                    return None
            else:
                h = self.hex(u["location"], u.at("location"), u.sub("location"))
        if not good or h is None or tp is None:
            return None
        return M.UnitSpec(id=u["id"], type=tp.id, side=u["side"], nation=u["nation"], name=u["name"] or u["id"],
                          location=h, readiness=readiness, strength=strength,
                          box=u["box"] if "box" in u.rec.names() and u.ok("box") else "")

    def turn_ok(self, r: R, key: str) -> bool:
        turns = self.top["turns"]
        if r.ok(key) and turns and r[key] > turns:
            self.err(r.at(key), r.sub(key), f"turn {r[key]} is after the last turn (expected 1 to {turns})")
            return False
        return True


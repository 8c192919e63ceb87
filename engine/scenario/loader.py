"""Scenario YAML -> the frozen objects of :mod:`engine.scenario.model`, strictly.

Three passes, all problems collected: (1) read safe YAML with positions and
apply ``extends:``; (2) check shape against :mod:`engine.scenario.spec`; (3)
resolve and check meaning (places on the map and on land, ids unique, every
reference known, numbers in range). Any problem -> one
:class:`~engine.errors.ScenarioError` listing them all, one per line.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any, Iterable

import attrs

from engine.scenario import spec as S
from engine.scenario import model as M
from engine.errors import MapError, Problem, ScenarioError, did_you_mean
from engine.geo.hexgrid import Hex
from engine.scenario.check import INVALID, Checker, L, R
from engine.scenario.merge import apply_remove, merge
from engine.scenario.ruleset import build_rules
from engine.geo.theatre import TheatreMap
from engine.scenario.yamlsafe import MDict, Pos
from engine.scenario import yamlsafe

MAX_EXTENDS = 8


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
        return None, ck.problems
    top = ck.record(doc, S.SCENARIO, "", doc.pos)
    b = _Builder(ck, top, shown, tmap)
    try:
        scenario = b.build()
    except ScenarioError as e:
        ck.problems.extend(e.problems)
        scenario = None
    return (None if ck.problems else scenario), ck.problems


def _read_doc(ck: Checker, shown: str, chain: list[str]) -> MDict | None:
    raw = yamlsafe.read(shown, shown)
    if not isinstance(raw, MDict):
        what = "empty" if raw is None else f"a {type(raw).__name__}"
        ck.err(Pos(shown, 1, 1), "", f"not a mapping: the file is {what} (expected a scenario: keys id, title, sides ...)")
        return None
    ext = raw.get("extends")
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
    if not Path(base_shown).is_file():
        ck.err(pos, "extends", f"base scenario {ext!r} not found (looked for {base_shown})")
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
    out = merge(base, over)
    out.pop("remove", None)
    if "remove" in raw:
        apply_remove(out, raw["remove"], ck)
        out["remove"], out.key_pos["remove"], out.val_pos["remove"] = raw["remove"], raw.key_pos["remove"], raw.val_pos["remove"]
    return out


# --- meaning ------------------------------------------------------------------------

_COND = re.compile(r"\s*([A-Za-z0-9_.-]+)\s*(>=|<=|==|>|<)\s*(-?\d+|[A-Za-z_][A-Za-z0-9_.-]*)\s*")


def _complete(r: Any) -> bool:
    return isinstance(r, R) and all(r.ok(f.name) for f in r.rec.fields)


class _Builder:
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
            v = int(val)
        elif val in tr.thresholds:
            v = tr.thresholds[val]
        else:
            self.err(pos, path, f"{val!r} is not a threshold of track {tid!r} (expected a number or one of: "
                                f"{', '.join(tr.thresholds) or 'none'}){did_you_mean(val, tr.thresholds)}")
            return None
        if not tr.min <= v <= tr.max:
            self.err(pos, path, f"{v} is outside track {tid!r} (expected {tr.min} to {tr.max})")
            return None
        return M.Condition(tid, op, v)

    # --- the whole --------------------------------------------------------------------
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
        if self.ck.problems or self.rules is None or victory is None:
            return None
        sc = M.Scenario(
            id=t["id"], title=t["title"], briefing=t["briefing"], sources=tuple(t["sources"]),
            start_date=t["start_date"], turn_hours=t["turn_length"], turns=t["turns"], map_path=self.map_path,
            sides=tuple(self.sides.values()), initiative=initiative, phases=phases, fog_of_war=t["fog_of_war"],
            rules=self.rules, units=units, bases=tuple(self.bases.values()), rotations=rotations,
            schedule=schedule, tracks=tuple(self.tracks.values()), events=events, options=options,
            victory=victory, file=self.shown, doctrine=doctrine, metrics=metrics,
            engagement=engagement, nation_rules=nation_rules, obstacles=obstacles)
        return attrs.evolve(sc, digest=digest(sc))

    def build_sides(self) -> None:
        sides = self.top["sides"]
        if not isinstance(sides, L):
            return
        for i, s in sides.valid():
            if not s.ok("id"):
                continue
            sid = s["id"]
            if sid in self.sides or sid in self.side_ids:
                self.err(s.at("id"), s.sub("id"), f"duplicate side id {sid!r} (expected each side once)")
                continue
            self.side_ids.append(sid)
            if not _complete(s):
                continue
            entry = []
            for j, e in s["entry"].valid():
                h = self.hex(e, s["entry"].at(j), s["entry"].sub(j))
                if h is not None:
                    entry.append(h)
            for key in ("home_countries",):
                for j, c in s[key].valid():
                    if self.countries and c not in self.countries:
                        self.err(s[key].at(j), s[key].sub(j), f"{c!r} is not a country on the map "
                                 f"(expected one of: {', '.join(self.countries)}){did_you_mean(c, self.countries)}")
            self.sides[sid] = M.Side(id=sid, name=s["name"], nations=tuple(s["nations"]), colour=s["colour"],
                                     home_countries=tuple(s["home_countries"]), entry_hexes=tuple(entry))

    def build_rules(self) -> None:
        t = self.top
        merged: Any = None
        missing = False  # an include that failed: its keys would only cascade as 'missing'
        inc = t["include"]
        if isinstance(inc, L):
            for i, name in inc.valid():
                where = inc.at(i)
                p = os.path.normpath(os.path.join(os.path.dirname(where.file), name))
                if not Path(p).is_file():
                    self.err(where, inc.sub(i), f"rules file {name!r} not found (looked for {p})")
                    missing = True
                    continue
                try:
                    raw = yamlsafe.read(p, p)
                except ScenarioError as e:
                    self.ck.problems.extend(e.problems)
                    missing = True
                    continue
                if not isinstance(raw, MDict):
                    self.err(Pos(p, 1, 1), "", "not a mapping (expected rules: unit_types, terrain, combat ...)")
                    continue
                merged = raw if merged is None else merge(merged, raw)
        over = t["rules"]
        if isinstance(over, MDict) and over:
            merged = over if merged is None else merge(merged, over)
        if missing:
            return
        if merged is None:
            self.err(t.pos, "include", "no rules (expected include: [rules/...yaml] or a rules: section)")
            return
        r = self.ck.record(merged, S.RULES, "rules", merged.pos)
        self.rules = build_rules(self.ck, r, self.side_ids)

    def build_tracks(self) -> None:
        tr = self.top["tracks"]
        if not isinstance(tr, L):
            return
        for i, x in tr.valid():
            if not _complete(x):
                continue
            if x["id"] in self.tracks:
                self.err(x.at("id"), x.sub("id"), f"duplicate track id {x['id']!r}")
                continue
            lo, hi, init = x["min"], x["max"], x["initial"]
            good = True
            if lo >= hi:
                self.err(x.at("max"), x.sub("max"), f"max {hi} is not above min {lo}")
                good = False
            elif not lo <= init <= hi:
                self.err(x.at("initial"), x.sub("initial"), f"{init} is outside the track (expected {lo} to {hi})")
                good = False
            th = x["thresholds"]
            for k, v in th.items():
                if v is not INVALID and lo < hi and not lo <= v <= hi:
                    self.err(th.at(k), th.sub(k), f"{v} is outside the track (expected {lo} to {hi})")
                    good = False
            if good:
                self.tracks[x["id"]] = M.Track(x["id"], x["name"] or x["id"], lo, hi, init,
                                               {k: v for k, v in th.items() if v is not INVALID})

    # --- ids --------------------------------------------------------------------------
    def _effect_units(self) -> list[R]:
        """Every add_unit of events and options (their ids count as unit ids)."""
        out: list[R] = []
        ev = self.top["events"]
        lists = [e["effects"] for _, e in ev.valid() if e.ok("effects")] if isinstance(ev, L) else []
        opts = self.top["options"]
        if opts:
            for side_list in opts.values():
                if isinstance(side_list, L):
                    lists += [o["effects"] for _, o in side_list.valid() if o.ok("effects")]
        for effs in lists:
            if isinstance(effs, L):
                out += [e["add_unit"] for _, e in effs.valid() if e.has("add_unit")]
        return out

    def collect_ids(self) -> None:
        t = self.top
        specs: list[R] = []
        if isinstance(t["units"], L):
            specs += [u for _, u in t["units"].valid()]
        if isinstance(t["rotations"], L):
            specs += [r["unit"] for _, r in t["rotations"].valid() if r.ok("unit")]
        if isinstance(t["schedule"], L):
            specs += [s["reinforce"] for _, s in t["schedule"].valid() if s.has("reinforce")]
        specs += self._effect_units()
        for u in specs:
            if not isinstance(u, R) or not u.ok("id"):
                continue
            uid = u["id"]
            if uid in self.unit_ids:
                first = self.unit_ids[uid]
                self.err(u.at("id"), u.sub("id"), f"duplicate unit id {uid!r} (first used at {first.file}:{first.line})")
            else:
                self.unit_ids[uid] = u.at("id")
        opts = t["options"]
        seen: dict[str, Pos] = {}
        if opts:
            for sid, lst in opts.items():
                if sid not in self.side_ids:
                    self.err(opts.key_pos.get(sid, opts.pos), opts.sub(sid), f"{sid!r} is not a side "
                             f"(expected one of: {', '.join(self.side_ids)}){did_you_mean(sid, self.side_ids)}")
                if not isinstance(lst, L):
                    continue
                for _, o in lst.valid():
                    if o.ok("id"):
                        if o["id"] in seen:
                            self.err(o.at("id"), o.sub("id"), f"duplicate option id {o['id']!r}")
                        seen[o["id"]] = o.at("id")
        self.option_ids = list(seen)
        ev = t["events"]
        eseen: set[str] = set()
        if isinstance(ev, L):
            for _, e in ev.valid():
                if e.ok("id"):
                    if e["id"] in eseen:
                        self.err(e.at("id"), e.sub("id"), f"duplicate event id {e['id']!r}")
                    eseen.add(e["id"])

    # --- forces -----------------------------------------------------------------------
    def side_ref(self, r: R, key: str = "side") -> bool:
        return r.ok(key) and self.ref(r[key], self.side_ids, r.at(key), r.sub(key), "side")

    def build_bases(self) -> None:
        bs = self.top["bases"]
        if not isinstance(bs, L):
            return
        for i, b in bs.valid():
            if not _complete(b):
                continue
            if b["id"] in self.bases:
                self.err(b.at("id"), b.sub("id"), f"duplicate base id {b['id']!r}")
                continue
            ok = self.side_ref(b)
            h = self.hex(b["location"], b.at("location"), b.sub("location"))
            eff = b["effects"]
            if not ok or h is None or not _complete(eff):
                continue
            nation = b["nation"] or self.map.country_of(h)  # type: ignore[union-attr]
            self.bases[b["id"]] = M.BaseSpec(
                id=b["id"], kind=b["kind"], name=b["name"] or b["id"], side=b["side"], nation=nation, location=h,
                capacity=b["capacity"], stocks=dict(b["stocks"]),
                effects=M.BaseEffects(**{f.name: eff[f.name] for f in eff.rec.fields}), active=b["active"])

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
            has_loc, has_base = u.has("location") and u["location"] is not None, u.has("base") and bool(u["base"])
            if has_loc == has_base:
                self.err(u.pos, u.path, "a unit needs exactly one of: location, base "
                                        f"(got {'both' if has_loc else 'neither'})")
                return None
            if has_base:
                if self.ref(u["base"], self.bases, u.at("base"), u.sub("base"), "base"):
                    h = self.bases[u["base"]].location
                else:
                    return None
            else:
                h = self.hex(u["location"], u.at("location"), u.sub("location"))
        if not good or h is None or tp is None:
            return None
        return M.UnitSpec(id=u["id"], type=tp.id, side=u["side"], nation=u["nation"], name=u["name"] or u["id"],
                          location=h, readiness=readiness, strength=strength)

    def build_units(self) -> tuple[M.UnitSpec, ...]:
        us = self.top["units"]
        out = []
        if isinstance(us, L):
            for _, u in us.valid():
                spec = self.unit(u)
                if spec is not None:
                    out.append(spec)
        return tuple(out)

    def turn_ok(self, r: R, key: str) -> bool:
        turns = self.top["turns"]
        if r.ok(key) and turns and r[key] > turns:
            self.err(r.at(key), r.sub(key), f"turn {r[key]} is after the last turn (expected 1 to {turns})")
            return False
        return True

    def build_rotations(self) -> tuple[M.Rotation, ...]:
        rs = self.top["rotations"]
        out = []
        ids: set[str] = set()
        if not isinstance(rs, L):
            return ()
        for _, r in rs.valid():
            if not _complete(r):
                continue
            if r["id"] in ids:
                self.err(r.at("id"), r.sub("id"), f"duplicate rotation id {r['id']!r}")
            ids.add(r["id"])
            if not self.ref(r["base"], self.bases, r.at("base"), r.sub("base"), "base"):
                continue
            good = self.turn_ok(r, "arrive")
            if r["count"] > 1 and r["repeat_every"] == 0:
                self.err(r.at("count"), r.sub("count"), "several arrivals need repeat_every > 0")
                good = False
            elif r["count"] > 1 and r["repeat_every"] < r["stay"]:
                self.err(r.at("repeat_every"), r.sub("repeat_every"), f"{r['repeat_every']} is shorter than the stay "
                         f"of {r['stay']} turns (expected repeat_every ≥ stay)")
                good = False
            spec = self.unit(r["unit"], at=self.bases[r["base"]].location)
            if spec is not None and good:
                out.append(M.Rotation(r["id"], spec, r["base"], r["arrive"], r["stay"], r["repeat_every"], r["count"]))
        return tuple(out)

    def build_schedule(self) -> tuple[M.ScheduleEntry, ...]:
        ss = self.top["schedule"]
        out = []
        if not isinstance(ss, L):
            return ()
        for _, s in ss.valid():
            if not s.ok("turn") or not self.turn_ok(s, "turn"):
                continue
            if s.has("reinforce"):
                spec = self.unit(s["reinforce"])
                if spec is not None:
                    out.append(M.ScheduleEntry(s["turn"], "add", unit=spec))
            elif s.has("withdraw"):
                if self.ref(s["withdraw"], self.unit_ids, s.at("withdraw"), s.sub("withdraw"), "unit"):
                    out.append(M.ScheduleEntry(s["turn"], "remove", unit_id=s["withdraw"]))
        return tuple(sorted(out, key=lambda e: (e.turn, e.kind, e.unit.id if e.unit else e.unit_id)))

    # --- events and options -------------------------------------------------------------
    def effects(self, effs: Any) -> tuple[M.Effect, ...] | None:
        if not isinstance(effs, L):
            return None
        out: list[M.Effect] = []
        good = True
        for _, e in effs.valid():
            k = next((k for k in e.rec.one_of if e.has(k)), None)
            if k is None:
                good = False
                continue
            v, pos, path = e[k], e.at(k), e.sub(k)
            eff: M.Effect | None = None
            if k == "add_unit":
                spec = self.unit(v)
                eff = M.AddUnit(spec) if spec else None
            elif k == "remove_unit":
                eff = M.RemoveUnit(v) if self.ref(v, self.unit_ids, pos, path, "unit") else None
            elif k == "move_unit":
                if _complete(v) and self.ref(v["unit"], self.unit_ids, v.at("unit"), v.sub("unit"), "unit"):
                    h = self.hex(v["to"], v.at("to"), v.sub("to"))
                    eff = M.MoveUnit(v["unit"], h) if h is not None else None
            elif k == "change_track":
                if _complete(v) and self.ref(v["track"], self.tracks, v.at("track"), v.sub("track"), "track"):
                    if v.has("set") and v.has("add"):
                        self.err(v.pos, v.path, "give add or set, not both")
                    elif v.has("set"):
                        tr = self.tracks[v["track"]]
                        if not tr.min <= v["set"] <= tr.max:
                            self.err(v.at("set"), v.sub("set"), f"{v['set']} is outside track {tr.id!r} (expected {tr.min} to {tr.max})")
                        else:
                            eff = M.ChangeTrack(v["track"], 0, v["set"])
                    else:
                        eff = M.ChangeTrack(v["track"], v["add"])
            elif k in ("enable_option", "disable_option"):
                if self.ref(v, self.option_ids, pos, path, "option"):
                    eff = M.EnableOption(v, k == "enable_option")
            elif k in ("establish_base", "close_base"):
                if self.ref(v, self.bases, pos, path, "base"):
                    eff = M.EstablishBase(v, k == "establish_base")
            elif k in ("change_command", "set_readiness"):
                from engine.scenario.nations import build_effect
                eff = build_effect(self, k, v)
            elif k == "message":
                eff = M.Message(v)
            elif k == "end_game":
                if _complete(v) and self.ref(v["winner"], self.side_ids + ["draw"], v.at("winner"), v.sub("winner"), "side (or 'draw')"):
                    eff = M.EndGame(v["winner"], v["reason"])
            if eff is None:
                good = False
            else:
                out.append(eff)
        return tuple(out) if good else None

    def trigger(self, t: Any) -> M.Trigger | None:
        if not isinstance(t, R):
            return None
        k = next((k for k in t.rec.one_of if t.has(k)), None)
        if k is None:
            return None
        v, pos, path = t[k], t.at(k), t.sub(k)
        if t.has("every") and k != "turn":
            self.err(t.at("every"), t.sub("every"), "every goes with turn (expected turn: N, every: M)")
            return None
        if k == "turn":
            return M.Trigger("turn", turn=v, every=t["every"] or 0) if self.turn_ok(t, "turn") else None
        if k == "track":
            c = self.cond(v, pos, path)
            return M.Trigger("track", condition=c) if c else None
        if k == "enters":
            if not _complete(v) or not self.side_ref(v):
                return None
            if v.has("country"):
                if self.countries and v["country"] not in self.countries:
                    self.err(v.at("country"), v.sub("country"), f"{v['country']!r} is not a country on the map "
                             f"(expected one of: {', '.join(self.countries)}){did_you_mean(v['country'], self.countries)}")
                    return None
                return M.Trigger("enters", side=v["side"], country=v["country"])
            hexes = []
            for j, loc in v["places"].valid():
                h = self.hex(loc, v["places"].at(j), v["places"].sub(j), land=False)
                if h is None:
                    return None
                hexes.append(h)
            return M.Trigger("enters", side=v["side"], hexes=tuple(hexes))
        if k == "base":
            return M.Trigger("base", ref=v) if self.ref(v, self.bases, pos, path, "base") else None
        if k == "option":
            return M.Trigger("option", ref=v) if self.ref(v, self.option_ids, pos, path, "option") else None
        if k == "destroyed":
            if v in self.side_ids:
                return M.Trigger("destroyed", side=v)
            return M.Trigger("destroyed", ref=v) if self.ref(v, self.unit_ids, pos, path, "unit or side") else None
        parts = [self.trigger(p) for _, p in v.valid()]
        if any(p is None for p in parts) or len(parts) != len(v):
            return None
        return M.Trigger(k, parts=tuple(parts))  # type: ignore[arg-type]

    def build_events(self) -> tuple[M.Event, ...]:
        ev = self.top["events"]
        out = []
        if not isinstance(ev, L):
            return ()
        for _, e in ev.valid():
            if not _complete(e):
                continue
            trig = self.trigger(e["trigger"])
            effs = self.effects(e["effects"])
            if trig is not None and effs is not None:
                out.append(M.Event(e["id"], e["name"] or e["id"], trig, effs, e["once"]))
        return tuple(out)

    def build_options(self) -> tuple[M.Option, ...]:
        opts = self.top["options"]
        out = []
        for sid, lst in (opts or {}).items():
            if not isinstance(lst, L) or sid not in self.side_ids:
                continue
            for _, o in lst.valid():
                if not _complete(o):
                    continue
                good = True
                conds: list[M.Condition] = []
                for j, c in o["requires"].valid():
                    cond = self.cond(c, o["requires"].at(j), o["requires"].sub(j))
                    if cond is None:
                        good = False
                    else:
                        conds.append(cond)
                for key in ("requires_options", "excludes_options"):
                    for j, ref in o[key].valid():
                        good &= self.ref(ref, self.option_ids, o[key].at(j), o[key].sub(j), "option")
                cost = o["cost"]
                for tid in cost:
                    good &= self.ref(tid, self.tracks, cost.key_pos.get(tid, cost.pos), cost.sub(tid), "track")
                if o["delay"] and self.top["turns"] and o["delay"] >= self.top["turns"]:
                    self.err(o.at("delay"), o.sub("delay"), f"a delay of {o['delay']} turns never lands in a "
                             f"{self.top['turns']}-turn game (expected less than {self.top['turns']})")
                    good = False
                effs = self.effects(o["effects"])
                if good and effs is not None:
                    out.append(M.Option(
                        id=o["id"], side=sid, name=o["name"] or o["id"], description=o["description"],
                        requires=tuple(conds), requires_options=tuple(o["requires_options"]),
                        excludes_options=tuple(o["excludes_options"]), cost=dict(cost), delay=o["delay"],
                        effects=effs, enabled=o["enabled"], repeatable=o["repeatable"]))
        return tuple(out)

    def build_victory(self) -> M.Victory | None:
        v = self.top["victory"]
        if not _complete(v):
            return None
        objs, goals = [], []
        for j, ob in v["objectives"].valid():
            if not _complete(ob) or not self.side_ref(ob):
                continue
            h = self.hex(ob["location"], ob.at("location"), ob.sub("location"))
            if h is not None:
                loc = ob["location"]
                name = ob["name"] or (loc[1] if loc[0] == "place" else self.map.hex_label(h))  # type: ignore[union-attr]
                objs.append(M.Objective(name, h, ob["points"], ob["side"]))
        for j, g in v["track_goals"].valid():
            if not _complete(g) or not self.side_ref(g):
                continue
            c = self.cond(g["condition"], g.at("condition"), g.sub("condition"))
            if c is not None:
                goals.append(M.TrackGoal(c, g["side"], g["points"]))
        return M.Victory(tuple(objs), tuple(goals), v["points_per_step_lost"], v["margin"], tuple(v["questions"]))

    def build_initiative(self) -> tuple[str, ...]:
        t = self.top
        ini = t["initiative"]
        if not isinstance(ini, L) or not t.has("initiative"):
            return tuple(self.side_ids)
        seen: list[str] = []
        for j, sid in ini.valid():
            if not self.ref(sid, self.side_ids, ini.at(j), ini.sub(j), "side"):
                continue
            if sid in seen:
                self.err(ini.at(j), ini.sub(j), f"side {sid!r} is listed twice (expected each side once)")
            seen.append(sid)
        missing = [s for s in self.side_ids if s not in seen]
        if missing:
            self.err(t.at("initiative"), "initiative", f"side {', '.join(map(repr, missing))} missing "
                     f"(expected each side once: {', '.join(self.side_ids)})")
        return tuple(seen)

    def build_phases(self) -> tuple[str, ...]:
        ph = self.top["phases"]
        if not isinstance(ph, L):
            return M.PHASES
        seen: list[str] = []
        for j, p in ph.valid():
            if p in seen:
                self.err(ph.at(j), ph.sub(j), f"phase {p!r} is listed twice (expected each phase once)")
            seen.append(p)
        return tuple(seen)


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

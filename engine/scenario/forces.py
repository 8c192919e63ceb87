"""The scenario builder's forces: sides, rules, tracks, ids, bases, units, rotations, schedule.

Part of the meaning pass of :mod:`engine.scenario.loader` (see :class:`BuilderBase`).
"""

from __future__ import annotations

import os
from typing import Any

from engine.scenario import model as M
from engine.scenario import spec as S
from engine.scenario import yamlsafe
from engine.errors import ScenarioError, did_you_mean
from engine.scenario.builder_base import BuilderBase, complete, file_problem
from engine.scenario.check import INVALID, L, R
from engine.scenario.merge import merge, no_id_reporter
from engine.scenario.ruleset import build_rules
from engine.scenario.yamlsafe import MDict, Pos


class Forces(BuilderBase):
    """Sides, rules, tracks, the id tables, bases and every unit list."""

    def on_dup(self, where: str) -> Any:
        def report(pos: Pos, rid: str, first: Pos) -> None:
            self.err(pos, "", f"duplicate id {rid!r} in a list of {where} (first given at line {first.line}; "
                              "expected each id once)")
        return report

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
            if not complete(s):
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
                why = file_problem(name, p)
                if why:
                    self.err(where, inc.sub(i), f"rules file {why}")
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
                merged = raw if merged is None else merge(merged, raw, self.on_dup("rules file " + name))
        over = t["rules"]
        if isinstance(over, MDict) and over:
            merged = over if merged is None else merge(merged, over, self.on_dup("the rules: section"),
                                                       no_id_reporter(self.ck, "the rules: section", "the included rules"),
                                                       "rules")
        if missing:
            return
        if merged is None:
            self.err(t.pos, "include", "no rules (expected include: [rules/...yaml] or a rules: section)")
            return
        r = self.ck.record(merged, S.RULES, "rules", merged.pos)
        self.rules = build_rules(self.ck, r, self.side_ids)
        from engine.scenario.offmap import build_boxes
        self.boxes = build_boxes(self, r)

    def build_tracks(self) -> None:
        tr = self.top["tracks"]
        if not isinstance(tr, L):
            return
        for i, x in tr.valid():
            if not complete(x):
                if x.ok("id"):  # its own error is reported; references to it are not errors as well
                    self.failed.add(("track", x["id"]))
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
            if not good:
                self.failed.add(("track", x["id"]))
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

    def build_bases(self) -> None:
        bs = self.top["bases"]
        if not isinstance(bs, L):
            return
        for i, b in bs.valid():
            if not complete(b):
                if b.ok("id"):
                    self.failed.add(("base", b["id"]))
                continue
            if b["id"] in self.bases:
                self.err(b.at("id"), b.sub("id"), f"duplicate base id {b['id']!r}")
                continue
            ok = self.side_ref(b)
            h = self.hex(b["location"], b.at("location"), b.sub("location"))
            eff = b["effects"]
            if not ok or h is None or not complete(eff):
                self.failed.add(("base", b["id"]))
                continue
            nation = b["nation"] or self.map.country_of(h)  # type: ignore[union-attr]
            self.bases[b["id"]] = M.BaseSpec(
                id=b["id"], kind=b["kind"], name=b["name"] or b["id"], side=b["side"], nation=nation, location=h,
                capacity=b["capacity"], stocks=dict(b["stocks"]),
                effects=M.BaseEffects(**{f.name: eff[f.name] for f in eff.rec.fields}), active=b["active"])

    def build_units(self) -> tuple[M.UnitSpec, ...]:
        us = self.top["units"]
        out = []
        where: dict[str, Any] = {}
        if isinstance(us, L):
            for _, u in us.valid():
                spec = self.unit(u)
                if spec is not None:
                    out.append(spec)
                    where[spec.id] = u
        self.check_start_stacks(out, where)
        return tuple(out)

    def check_start_stacks(self, units: list[M.UnitSpec], where: dict[str, Any]) -> None:
        """No hex starts with more of one side's units than the stacking limit: movement, rail and the
        facilitator keep to it, so a start over it is a slip in the file (6 brigades on Minsk with a
        limit of 3, or 3000 units in one hex, played on as if legal). Off-map boxes hold any number."""
        if self.rules is None:
            return
        limit = self.rules.movement.stacking_limit
        stacks: dict[tuple[str, Any], list[M.UnitSpec]] = {}
        for u in units:
            if not u.box:
                stacks.setdefault((u.side, u.location), []).append(u)
        for (side, h), us in stacks.items():
            if len(us) > limit:
                u = where[us[limit].id]
                names = ", ".join(x.id for x in us[:6]) + (" ..." if len(us) > 6 else "")
                self.err(u.at("id"), u.sub("id"), f"{len(us)} {side} units start in hex {h[0]},{h[1]} ({names}), "
                         f"more than the stacking limit of {limit} (rules.movement.stacking_limit; expected at "
                         f"most {limit}: place the others in a neighbouring hex)")


    def build_rotations(self) -> tuple[M.Rotation, ...]:
        rs = self.top["rotations"]
        out = []
        ids: set[str] = set()
        if not isinstance(rs, L):
            return ()
        for _, r in rs.valid():
            if not complete(r):
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


def unit_sides(sc: M.Scenario) -> dict[str, str]:
    """Unit id -> side of every unit the scenario places or brings in: at the start, by rotation,
    schedule, event or card (``facilitator add`` refuses these ids; metrics may name them)."""
    specs = list(sc.units) + [r.unit for r in sc.rotations] + [e.unit for e in sc.schedule if e.unit]
    for effects in [ev.effects for ev in sc.events] + [o.effects for o in sc.options]:
        specs += [eff.unit for eff in effects if isinstance(eff, M.AddUnit)]
    return {u.id: u.side for u in specs}

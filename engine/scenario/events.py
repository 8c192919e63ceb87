"""The scenario builder's events, options, victory, initiative and phases.

Part of the meaning pass of :mod:`engine.scenario.loader` (see :class:`BuilderBase`).
"""

from __future__ import annotations

from typing import Any

from engine.scenario import model as M
from engine.errors import did_you_mean
from engine.scenario.builder_base import BuilderBase, complete
from engine.scenario.check import L, R


class Events(BuilderBase):
    """Effects, triggers, events, options, victory, initiative, phases."""

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
                if complete(v) and self.ref(v["unit"], self.unit_ids, v.at("unit"), v.sub("unit"), "unit"):
                    h = self.hex(v["to"], v.at("to"), v.sub("to"))
                    eff = M.MoveUnit(v["unit"], h) if h is not None else None
            elif k == "change_track":
                if complete(v) and self.ref(v["track"], self.tracks, v.at("track"), v.sub("track"), "track"):
                    given = [k2 for k2 in ("add", "set", "add_range") if v.has(k2)]
                    rng = v["add_range"]
                    if len(given) > 1:
                        self.err(v.pos, v.path, f"give one of add, set or add_range, not {' and '.join(given)}")
                    elif v.has("add_range"):
                        if len(rng) != 2 or rng[0] > rng[1]:
                            self.err(v.at("add_range"), v.sub("add_range"), f"{list(rng)} is not a range "
                                     "(expected [low, high] with low <= high, e.g. [-12, -4])")
                        else:
                            eff = M.ChangeTrack(v["track"], rng[0], None, rng[1])
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
                if complete(v) and self.ref(v["winner"], self.side_ids + ["draw"], v.at("winner"), v.sub("winner"), "side (or 'draw')"):
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
            if not complete(v) or not self.side_ref(v):
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
            if not complete(e):
                continue
            trig = self.trigger(e["trigger"])
            effs = self.effects(e["effects"])
            if trig is not None and effs is not None:
                out.append(M.Event(e["id"], e["name"] or e["id"], trig, effs, e["once"], e["chance"]))
        return tuple(out)

    def build_options(self) -> tuple[M.Option, ...]:
        opts = self.top["options"]
        out = []
        for sid, lst in (opts or {}).items():
            if not isinstance(lst, L) or sid not in self.side_ids:
                continue
            for _, o in lst.valid():
                if not complete(o):
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
        if not complete(v):
            return None
        objs, goals = [], []
        for j, ob in v["objectives"].valid():
            if not complete(ob) or not self.side_ref(ob):
                continue
            h = self.hex(ob["location"], ob.at("location"), ob.sub("location"))
            if h is not None:
                loc = ob["location"]
                name = ob["name"] or (loc[1] if loc[0] == "place" else self.map.hex_label(h))  # type: ignore[union-attr]
                objs.append(M.Objective(name, h, ob["points"], ob["side"]))
        for j, g in v["track_goals"].valid():
            if not complete(g) or not self.side_ref(g):
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

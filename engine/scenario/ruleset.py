"""Checked rules (``include:`` files merged with ``rules:`` overrides) -> :class:`engine.scenario.model.Rules`.

Shape was checked by :mod:`engine.scenario.check`; here we check meaning: the
table is rectangular, ratios ascend, every terrain and movement class has a
number, per-side tables name the scenario's sides, readiness transitions link
consecutive states.
"""

from __future__ import annotations

from typing import Any

from engine.scenario import model as M
from engine.errors import did_you_mean
from engine.scenario.check import INVALID, Checker, D, L, R
from engine.geo.theatre import TERRAINS


def _per_side(ck: Checker, table: Any, sides: list[str], what: str) -> dict[str, Any]:
    """A mapping keyed by side: unknown sides are errors, missing sides are errors."""
    if not isinstance(table, D):
        return {}
    out = {}
    for k, v in table.items():
        if k not in sides:
            ck.err(table.key_pos.get(k, table.pos), table.sub(k),
                   f"{k!r} is not a side of this scenario (expected one of: {', '.join(sides)}){did_you_mean(k, sides)}")
        elif v is not INVALID:
            out[k] = tuple(v) if isinstance(v, list) else v
    for s in sides:
        if s not in table:
            ck.err(table.pos, table.path, f"no {what} for side {s!r} (expected a value for every side: {', '.join(sides)})")
    return {s: out[s] for s in sides if s in out}


def build_rules(ck: Checker, r: R, sides: list[str]) -> M.Rules | None:
    types = {}
    ut = r["unit_types"]
    if isinstance(ut, D):
        for tid, t in sorted(ut.items()):
            if isinstance(t, R) and all(t.ok(f.name) for f in t.rec.fields):
                types[tid] = M.UnitType(id=tid, **{f.name: t[f.name] for f in t.rec.fields})
    terrain = {}
    te = r["terrain"]
    if isinstance(te, D):
        for name in TERRAINS:
            if name not in te:
                ck.err(te.pos, te.path, f"no effect for terrain {name!r} (expected all of: {', '.join(TERRAINS)})")
                continue
            eff = te[name]
            if not isinstance(eff, R) or not eff.ok("cost") or not eff.ok("defence_shift"):
                continue
            cost = eff["cost"]
            missing = [mc for mc in M.MOVEMENT_CLASSES if mc not in cost]
            if missing:
                ck.err(eff.at("cost"), eff.sub("cost"), f"no cost for movement class {', '.join(map(repr, missing))} "
                       f"(expected a number or null for each of: {', '.join(M.MOVEMENT_CLASSES)})")
                continue
            if any(v is INVALID for v in cost.values()):
                continue
            terrain[name] = M.TerrainEffect(name, {mc: cost[mc] for mc in M.MOVEMENT_CLASSES}, eff["defence_shift"])
    movement = _simple(r, "movement", M.MovementRules)
    combat = _combat(ck, r)
    supply = _simple(r, "supply", M.SupplyRules)
    rail = air = None
    rr = r["rail"]
    if isinstance(rr, R):
        cap = _per_side(ck, rr["capacity"], sides, "rail capacity")
        fc = _per_side(ck, rr["friendly_countries"], sides, "friendly countries")
        if all(rr.ok(f.name) for f in rr.rec.fields):
            rail = M.RailRules(capacity=cap, transshipment_delay=rr["transshipment_delay"],
                               max_hexes=rr["max_hexes"], friendly_countries=fc,
                               repair_turns=rr["repair_turns"], occupier_wrecks=rr["occupier_wrecks"],
                               capture_days=rr["capture_days"], regauge_days=rr["regauge_days"])
    ar = r["air"]
    if isinstance(ar, R):
        bp = _per_side(ck, ar["base_points"], sides, "air points")
        if all(ar.ok(f.name) for f in ar.rec.fields):
            air = M.AirRules(missions=tuple(ar["missions"]), support_shift=ar["support_shift"],
                             interdiction_cost=ar["interdiction_cost"], strike_hits=ar["strike_hits"], base_points=bp)
    readiness = _readiness(ck, r)
    if movement is None or combat is None or supply is None or rail is None or air is None or readiness is None \
            or not isinstance(te, D) or len(terrain) != len(TERRAINS) or not isinstance(ut, D) \
            or len(types) != len(ut):
        return None
    strike = _simple(r, "strike", M.StrikeRules) if isinstance(r["strike"], R) else M.StrikeRules()
    time = _simple(r, "time", M.TimeRules) if isinstance(r["time"], R) else M.TimeRules()
    fires = _simple(r, "fires", M.FireRules) if isinstance(r["fires"], R) else M.FireRules()
    if strike is None or time is None or fires is None:
        return None
    return M.Rules(terrain=terrain, movement=movement, combat=combat, supply=supply, rail=rail, air=air,
                   readiness=readiness, unit_types=types, strike=strike, time=time,
                   fires=fires)


def _simple(r: R, key: str, cls: type) -> Any:
    sub = r[key]
    if not isinstance(sub, R) or not all(sub.ok(f.name) for f in sub.rec.fields):
        return None
    vals = {}
    for f in sub.rec.fields:
        v = sub[f.name]
        vals[f.name] = tuple(v) if isinstance(v, list) else dict(v) if isinstance(v, dict) else v
    return cls(**vals)


def _combat(ck: Checker, r: R) -> M.CombatTable | None:
    c = r["combat"]
    if not isinstance(c, R) or not all(c.ok(f.name) for f in c.rec.fields):
        return None
    cols, ratios, rows = c["columns"], c["ratios"], c["rows"]
    good = True
    if len(cols) != len(ratios):
        ck.err(c.at("ratios"), c.sub("ratios"), f"has {len(ratios)} ratios for {len(cols)} columns (expected one per column)")
        good = False
    if any(b <= a for a, b in zip(ratios, ratios[1:])):
        ck.err(c.at("ratios"), c.sub("ratios"), "ratios must go up from column to column (expected ascending numbers)")
        good = False
    if len(rows) != c["die_sides"]:
        ck.err(c.at("rows"), c.sub("rows"), f"has {len(rows)} rows for a {c['die_sides']}-sided die (expected one row per roll)")
        good = False
    for i, row in rows.valid():
        if len(row) != len(cols):
            ck.err(rows.at(i), rows.sub(i), f"has {len(row)} cells (expected {len(cols)}, one per column)")
            good = False
        elif any(x is INVALID for x in row):
            good = False
    if not good:
        return None
    vals = {f.name: c[f.name] for f in c.rec.fields}
    vals.update(columns=tuple(cols), ratios=tuple(ratios), rows=tuple(tuple(row) for row in rows))
    return M.CombatTable(**vals)


def _readiness(ck: Checker, r: R) -> M.ReadinessRules | None:
    rd = r["readiness"]
    if not isinstance(rd, R) or not all(rd.ok(f.name) for f in rd.rec.fields):
        return None
    states: list[M.ReadinessState] = []
    seen: set[str] = set()
    good = True
    for i, s in rd["states"].valid():
        if not all(s.ok(f.name) for f in s.rec.fields):
            good = False
            continue
        if s["id"] in seen:
            ck.err(s.at("id"), s.sub("id"), f"duplicate readiness state {s['id']!r} (expected each state once)")
            good = False
        seen.add(s["id"])
        states.append(M.ReadinessState(s["id"], s["can_move"], s["can_attack"], s["combat_factor"], s["held"]))
    ids = [s.id for s in states if not s.held]  # held states stand outside the ladder
    tt = rd["transition_turns"]
    wanted = [f"{a}->{b}" for a, b in zip(ids, ids[1:])]
    for k in tt:
        if k not in wanted:
            ck.err(tt.key_pos.get(k, tt.pos), tt.sub(k), f"{k!r} is not a step between consecutive states "
                   f"(expected: {', '.join(wanted) or 'none'}){did_you_mean(k, wanted)}")
            good = False
    for k in wanted:
        if k not in tt:
            ck.err(tt.pos, tt.path, f"no transition time for {k!r} (expected a number of turns)")
            good = False
    if rd["arrival_state"] not in ids:
        ck.err(rd.at("arrival_state"), rd.sub("arrival_state"), f"{rd['arrival_state']!r} is not a readiness state "
               f"(expected one of: {', '.join(ids)}){did_you_mean(rd['arrival_state'], ids)}")
        good = False
    if not good:
        return None
    return M.ReadinessRules(states=tuple(states), transition_turns={k: tt[k] for k in wanted},
                            logistic_base_bonus=rd["logistic_base_bonus"], arrival_state=rd["arrival_state"])

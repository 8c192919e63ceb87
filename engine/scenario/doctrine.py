"""Resolves the ``doctrine:`` and ``metrics:`` sections of a checked scenario.

Kept apart from :mod:`engine.scenario.loader` so the AI's part of the format grows
without touching the core loader: ``_Builder.build`` calls these two functions.
"""

from __future__ import annotations

from typing import Any

from engine.scenario import model as M
from engine.scenario.builder_base import complete
from engine.scenario.check import D, L
from engine.scenario.metricreg import known_metrics


def build_doctrine(b: Any, options: tuple[M.Option, ...]) -> dict[str, M.Doctrine]:
    """side id -> Doctrine; references (sides, options, tracks, places) are checked with b's helpers."""
    doc = b.top["doctrine"]
    out: dict[str, M.Doctrine] = {}
    if not isinstance(doc, D):
        return out
    for sid in sorted(doc):
        d = doc[sid]
        if not b.ref(sid, b.side_ids, doc.at(sid), doc.sub(sid), "side") or not complete(d):
            continue
        objs: list[M.DoctrineObjective] = []
        good = True
        for _, ob in d["objectives"].valid() if isinstance(d["objectives"], L) else ():
            if not complete(ob):
                good = False
                continue
            h = b.hex(ob["location"], ob.at("location"), ob.sub("location"))
            if h is None:
                good = False
                continue
            loc = ob["location"]
            name = ob["name"] or (loc[1] if loc[0] == "place" else b.map.hex_label(h))
            objs.append(M.DoctrineObjective(name, h, ob["priority"], ob["mode"]))
        # Every option the file declares for the side, built or not: an option that failed
        # (e.g. its unit type is unknown because the rules are broken) is reported where it is,
        # not again here as "not a known option".
        declared = b.top["options"].get(sid) if b.top.ok("options") else None
        mine = [o["id"] for _, o in declared.valid() if o.ok("id")] if isinstance(declared, L) else []
        mine += [o.id for o in options if o.side == sid and o.id not in mine]
        rm = b.top["remove"] if b.top.ok("remove") else {}
        removed = set(rm.get("options") or ()) if isinstance(rm, dict) else set()
        takes: list[M.DoctrineOption] = []
        for _, to in d["take_options"].valid() if isinstance(d["take_options"], L) else ():
            if complete(to) and to["option"] in removed:
                continue  # a variant removed this option: the inherited doctrine just skips it
            if not complete(to) or not b.ref(to["option"], mine, to.at("option"), to.sub("option"),
                                              f"option of side {sid}"):
                good = False
                continue
            conds = []
            for j, c in to["when"].valid():
                cond = b.cond(c, to["when"].at(j), to["when"].sub(j))
                good &= cond is not None
                conds.append(cond)
            takes.append(M.DoctrineOption(to["option"], tuple(conds), to["from_turn"]))
        if good:
            out[sid] = M.Doctrine(tuple(objs), float(d["reserve_share"]), float(d["attack_odds"]),
                                  float(d["aggressiveness"]), d["options"], tuple(takes), d["defence"])
    return out


def build_metrics(b: Any) -> tuple[M.MetricSpec, ...]:
    """Metric specs; the function name must be declared in the metric registry."""
    lst = b.top["metrics"]
    out: list[M.MetricSpec] = []
    seen: set[str] = set()
    if not isinstance(lst, L):
        return ()
    for _, m in lst.valid():
        if not complete(m):
            continue
        if m["id"] in seen:
            b.err(m.at("id"), m.sub("id"), f"duplicate metric id {m['id']!r}")
            continue
        seen.add(m["id"])
        if not b.ref(m["metric"], known_metrics(), m.at("metric"), m.sub("metric"), "metric function"):
            continue
        out.append(M.MetricSpec(m["id"], m["metric"], dict(sorted(m["params"].items())), m["reduce"]))
    return tuple(out)


def check_metric_params(b: Any, sc: M.Scenario) -> None:
    """The parameters of the scenario's own metrics, checked as a playout would (metricreg.check_params):
    a side, country, place or unit a metric names must exist, so a typo is not measured as 0 in every game."""
    import re
    from engine.scenario.metricreg import MetricError, ScenarioScope, check_params
    lst = b.top["metrics"]
    if not isinstance(lst, L) or not sc.metrics or b.map is None:
        return
    scope = ScenarioScope(sc, b.map)
    specs = {m.id: m for m in sc.metrics}
    for _, m in lst.valid():
        spec = specs.get(m["id"]) if complete(m) else None
        if spec is None:
            continue
        try:
            check_params(spec.metric, spec.params, scope, where=f"metric {spec.id!r} ({spec.metric})")
        except MetricError as e:
            params = m["params"]
            key = next((k for k in re.findall(r"parameters? '?([A-Za-z_]\w*)", str(e)) if k in params), None)
            if key is not None and hasattr(params, "at"):
                b.err(params.at(key), params.sub(key), str(e))
            else:
                b.err(m.at("params"), m.sub("params"), str(e))

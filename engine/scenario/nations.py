"""Resolves the ``nations:`` section and the nation effects (rules/nations.py).

Kept apart from :mod:`engine.scenario.loader` like the engagement section:
``_Builder.build`` calls :func:`build_nation_rules`, and ``_Builder.effects``
hands ``change_command`` and ``set_readiness`` to :func:`build_effect`. Every
problem is reported at its file:line:col.
"""

from __future__ import annotations

from typing import Any

from engine.scenario import model as M
from engine.scenario.check import L, R


def _nations(b: Any) -> list[str]:
    return sorted({n for s in b.sides.values() for n in s.nations})


def _event_ids(b: Any) -> list[str]:
    evs = b.top["events"]
    if not isinstance(evs, L):
        return []
    return sorted(e["id"] for _, e in evs.valid() if isinstance(e, R) and e.ok("id"))


def build_nation_rules(b: Any) -> tuple[M.NationRule, ...]:
    lst = b.top["nations"]
    out: list[M.NationRule] = []
    if not isinstance(lst, L):
        return ()
    nations, events = _nations(b), _event_ids(b)
    for _, r in lst.valid():
        if not isinstance(r, R) or not all(r.ok(f.name) for f in r.rec.fields):
            continue
        if not b.ref(r["nation"], nations, r.at("nation"), r.sub("nation"), "nation of a side"):
            continue
        fire_on = r["may_not_fire_on"]
        if not all(b.ref(n, nations, fire_on.at(j), fire_on.sub(j), "nation of a side") for j, n in fire_on.valid()):
            continue
        until = None
        if r["until"]:
            until = b.cond(r["until"], r.at("until"), r.sub("until"))
            if until is None:
                continue
        if r["until_event"] and not b.ref(r["until_event"], events, r.at("until_event"), r.sub("until_event"), "event"):
            continue
        out.append(M.NationRule(r["nation"], tuple(r["may_not_enter"]), tuple(fire_on), r["until_turn"], until,
                                r["until_event"]))
    return tuple(out)


def build_effect(b: Any, k: str, v: Any) -> M.Effect | None:
    """``change_command`` or ``set_readiness`` -> its model effect (None after reporting a problem)."""
    if not isinstance(v, R) or not all(v.ok(f.name) for f in v.rec.fields):
        return None
    nations = _nations(b)
    if v["unit"] and not b.ref(v["unit"], b.unit_ids, v.at("unit"), v.sub("unit"), "unit"):
        return None
    if v["nation"] and not b.ref(v["nation"], nations, v.at("nation"), v.sub("nation"), "nation of a side"):
        return None
    if k == "change_command":
        if not b.ref(v["to"], b.side_ids, v.at("to"), v.sub("to"), "side"):
            return None
        return M.ChangeCommand(v["to"], v["unit"], v["nation"])
    if v["side"] and not b.ref(v["side"], b.side_ids, v.at("side"), v.sub("side"), "side"):
        return None
    ids = [s.id for s in b.rules.readiness.states] if b.rules is not None else []
    if not b.ref(v["state"], ids, v.at("state"), v.sub("state"), "readiness state"):
        return None
    return M.SetReadiness(v["state"], v["unit"], v["nation"], v["side"])


def build_obstacles(b: Any) -> tuple[M.Obstacle, ...]:
    """``obstacles:`` -> prepared obstacles (rules/friction.py)."""
    lst = b.top["obstacles"]
    out: list[M.Obstacle] = []
    if not isinstance(lst, L):
        return ()
    for _, o in lst.valid():
        if not isinstance(o, R) or not o.ok("location") or not o.ok("side"):
            continue
        if not b.ref(o["side"], b.side_ids, o.at("side"), o.sub("side"), "side"):
            continue
        h = b.hex(o["location"], o.at("location"), o.sub("location"))
        if h is not None:
            out.append(M.Obstacle(h, o["side"]))
    return tuple(out)

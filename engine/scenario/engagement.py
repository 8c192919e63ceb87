"""Resolves the ``engagement:`` section (rules of engagement, engine/rules/engagement.py).

Kept apart from :mod:`engine.scenario.loader` like the doctrine: ``_Builder.build``
calls :func:`build_engagement`, which checks side ids and conditions
(tracks and thresholds) with the builder's helpers and reports each problem
at its file:line:col.
"""

from __future__ import annotations

from typing import Any

from engine.scenario import model as M
from engine.scenario.check import D, L


def build_engagement(b: Any) -> dict[str, tuple[M.Condition, ...]]:
    """side id -> conditions (all must hold) before the side may use force across borders."""
    eng = b.top["engagement"]
    out: dict[str, tuple[M.Condition, ...]] = {}
    if not isinstance(eng, D):
        return out
    for sid in sorted(eng):
        pos = eng.key_pos.get(sid, eng.at(sid))
        if not b.ref(sid, b.side_ids, pos, eng.sub(sid), "side"):
            continue
        conds = eng[sid]
        if not isinstance(conds, L):
            continue
        got: list[M.Condition] = []
        good = True
        for j, c in conds.valid():
            cond = b.cond(c, conds.at(j), conds.sub(j))
            if cond is None:
                good = False
            else:
                got.append(cond)
        if good and got:
            out[sid] = tuple(got)
    return out

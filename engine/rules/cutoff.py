"""Control of bypassed places: a cut-off town with no garrison passes to the enemy next to it.

Control of a place otherwise changes only when a unit enters it (core/state.py). A spearhead that
bypasses an undefended town leaves it to the follow-on echelon or to the town's surrender; without
this rule it would stay its owner's for ever. Each logistics phase (after supply), a tracked hex
(objective or named place) controlled by a side with supply sources is *cut off* when

* no unit of its owner stands on it,
* neither it nor a neighbour is in :func:`engine.rules.supply.connected` for the owner (no path out
  of it free of enemy units and enemy zones of control to an entry hex, railhead or unlimited base:
  the ``encircled`` measure), and
* a manoeuvre unit (one that takes control) of a side that may use force stands next to it.

It counts the turns in a row it has been cut off (``state.cutoff``); once that count exceeds
``supply.cut_off_control_days`` (in turns) it passes to that unit's side (the lowest side id if
several). With 0 days the rule is off.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.rules import supply
from engine.rules.clock import turns_for
from engine.rules.engagement import may_engage

if TYPE_CHECKING:
    from engine.core.state import State


def takers(state: "State", pos: int, owner: str) -> list[str]:
    """Sides (sorted) with a control-taking unit next to ``pos`` that may use force, other than ``owner``."""
    g = state.game
    out = set()
    for j in g.nbrs[pos]:
        for uid in state.units_at(j):
            u = state.units[uid]
            if u.side != owner and u.type in g.takes_control:
                out.add(u.side)
    return sorted(s for s in out if may_engage(state, s))


def cut_off(state: "State", pos: int, owner: str) -> bool:
    """No unit of ``owner`` on ``pos`` and ``pos`` joined to none of its sources (past enemy units and ZOC)."""
    if any(state.units[k].side == owner for k in state.units_at(pos)):
        return False
    # the place's own hex may lie in an enemy ZOC: a path out starts there or at a neighbour
    return not supply.joined(state, owner, (pos, *(j for j, _ in supply.static(state.game).edges[pos])))


def update(state: "State") -> None:
    """Logistics phase: count cut-off turns per place and pass the places held out long enough."""
    g = state.game
    days = g.rules.supply.cut_off_control_days
    if days <= 0:
        return
    need = turns_for(g, days)
    sides = set(g.side_ids)
    kept: dict[int, list] = {}
    # only a tracked hex next to a control-taking unit can have a taker (the rest would be skipped below)
    near = {j for u in state.units.values() if u.type in g.takes_control for j in g.nbrs[u.pos]}
    for pos in sorted(near.intersection(g.tracked)):
        owner = state.control.get(pos)
        if owner not in sides or not supply.is_modelled(state, owner):
            continue
        ts = takers(state, pos, owner)
        if not ts or not cut_off(state, pos, owner):
            continue
        n = state.cutoff.get(pos, [ts[0], 0])[1] + 1
        if n > need:
            state.control[pos] = ts[0]
            state.log.append(f"  {g.label(g.hexes[pos])} passes to {ts[0]}: cut off and ungarrisoned for {n} turns")
            continue
        kept[pos] = [ts[0], n]
    state.cutoff = kept

"""Campaign measures (issue 13, item 7): arrival hour, losses per unit and echelon, control held
by a manoeuvre unit. Registered through :mod:`engine.scenario.metricreg` on import (engine/analysis/
metrics.py imports this module). Each reads the state only. Encirclement is ``encircled`` in
:mod:`engine.analysis.metrics_campaign`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

from engine.scenario.metricreg import MetricError, p_int, p_list, p_str, place_hex, register_metric
from engine.rules.clock import hours_elapsed
from engine.rules.intel import hex_distance

if TYPE_CHECKING:
    from engine.analysis.metrics import MetricContext
    from engine.core.state import State


def _place(state: "State", params: Mapping[str, str], metric: str) -> int:
    g = state.game
    name = p_str(params, "place")
    h = place_hex(g, name)  # an objective, a place or 'q,r'
    if h is None:
        raise MetricError(f"metric {metric}: {name!r} is neither an objective, a place on the map nor 'q,r'")
    return g.index[h]


@register_metric("arrival_hour", ("side", "place", "within"),
                 "hours from H-hour until a manoeuvre unit of a side is within N hexes of a place")
def m_arrival_hour(state: "State", params: Mapping[str, str], ctx: "MetricContext") -> float:
    """Hours from H-hour to the end of the turn just played if a manoeuvre unit of ``side`` is within
    ``within`` hexes of ``place``, else 0 (reduce ``first_value``: the hour of the first arrival).
    Playouts record metrics as the next turn starts, or at the end of the game."""
    g = state.game
    p = _place(state, params, "arrival_hour")
    side, within = p_str(params, "side"), p_int(params, "within", 1)
    for u in state.units.values():
        if u.side == side and u.type in g.manoeuvre_types and hex_distance(state, u.pos, p) <= within:
            return float(hours_elapsed(g, state.turn + 1 if state.terminal else state.turn))
    return 0.0


def unit_losses(state: "State") -> dict[str, int]:
    """Unit id -> steps it has lost (its strength as placed minus its strength now, all if destroyed);
    units placed by the scenario, its schedule, rotations and event effects."""
    g = state.game
    first = g.__dict__.get("_placed_strength")
    if first is None:
        first = {}
        sc = g.scenario
        specs = list(sc.units) + [e.unit for e in sc.schedule if e.unit is not None] + [r.unit for r in sc.rotations]
        for ev in sc.events:
            specs += [e.unit for e in ev.effects if hasattr(e, "unit") and hasattr(e.unit, "strength")]
        for op in sc.options:
            specs += [e.unit for e in op.effects if hasattr(e, "unit") and hasattr(e.unit, "strength")]
        for s in specs:
            first.setdefault(s.id, s.strength)
        g.__dict__["_placed_strength"] = first
    out = {uid: first.get(uid, u.strength) - u.strength for uid, u in state.units.items()}
    for uid, _side, _turn in state.destroyed:
        out[uid] = first.get(uid, 0)
    return {k: v for k, v in sorted(out.items()) if v > 0}


def _chosen(state: "State", params: Mapping[str, str]) -> tuple[dict[str, int], dict[str, int]]:
    """(placed strength, steps lost) of the units ``side`` (and ``echelon``, or ``units`` ids) selects."""
    g = state.game
    side = p_str(params, "side")
    echelon, ids = p_list(params, "echelon"), p_list(params, "units")
    unit_losses(state)
    first = g.__dict__["_placed_strength"]
    sides = {s.id: s for s in g.scenario.sides}
    types: dict[str, str] = {}
    owner: dict[str, str] = {}
    for spec_list in (g.scenario.units, [e.unit for e in g.scenario.schedule if e.unit is not None]):
        for s in spec_list:
            types.setdefault(s.id, s.type)
            owner.setdefault(s.id, s.side)
    for u in state.units.values():
        types[u.id], owner[u.id] = u.type, u.side
    pick = [uid for uid in first if owner.get(uid) == side and uid in types and side in sides
            and (not ids or uid in ids) and (not echelon or g.unit_types[types[uid]].size in echelon)]
    lost = unit_losses(state)
    return {k: first[k] for k in pick}, {k: lost.get(k, 0) for k in pick}


@register_metric("losses_share", ("side", "echelon", "units"),
                 "share of some units' starting steps lost (by side, echelon or unit ids)")
def m_losses_share(state: "State", params: Mapping[str, str], ctx: "MetricContext") -> float:
    """Share (0..1) of the steps placed that ``side``'s units have lost: all of them, those of an
    ``echelon`` (brigade, battalion ...), or the ``units`` listed (a first echelon)."""
    placed, lost = _chosen(state, params)
    total = sum(placed.values())
    return sum(lost.values()) / total if total else 0.0


@register_metric("held_by_manoeuvre", ("side", "place"),
                 "1 while a manoeuvre unit of a side stands on a place")
def m_held_by_manoeuvre(state: "State", params: Mapping[str, str], ctx: "MetricContext") -> float:
    """1 if a manoeuvre unit of ``side`` stands on ``place`` (control that needs a manoeuvre unit)."""
    p = _place(state, params, "held_by_manoeuvre")
    side = p_str(params, "side")
    mt = state.game.manoeuvre_types
    return 1.0 if any(state.units[k].side == side and state.units[k].type in mt for k in state.units_at(p)) else 0.0

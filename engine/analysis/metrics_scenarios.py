"""Metric functions the source-brief scenarios measure their claims with (seeds/effects.md).

Registered in :mod:`engine.scenario.metricreg` on import (:mod:`engine.analysis.metrics` imports this module),
so a scenario's ``metrics:`` section can name them. Each reads the state only; none changes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

from engine.errors import EngineError
from engine.geo.hexgrid import Hex
from engine.analysis.metrics_builtin import units_of
from engine.scenario.metricreg import METRICS, MetricError, p_int, p_list, p_str, register_metric

if TYPE_CHECKING:
    from engine.analysis.metrics import MetricContext
    from engine.core.state import State


def _hex_index(state: "State", params: Mapping[str, str], what: str) -> int:
    """The hex of ``lat``/``lon`` (or ``place``) in params, as a dense index."""
    g = state.game
    cache = g.__dict__.setdefault("_metric_hex", {})
    key = (params.get("lat"), params.get("lon"), params.get("place"))
    hit = cache.get(key)
    if hit is not None:
        return hit
    h: Hex | None
    if params.get("place"):
        h = g.hex_of(p_str(params, "place"))
    else:
        try:
            lat, lon = float(p_str(params, "lat")), float(p_str(params, "lon"))
        except ValueError:
            raise MetricError(f"metric {what}: lat/lon must be numbers") from None
        try:
            h = g.map.locate(lat, lon)
        except EngineError:
            h = None
    if h is None or h not in g.index:
        raise MetricError(f"metric {what}: {key} is not a hex of the map")
    cache[key] = g.index[h]
    return cache[key]


def _dist(state: "State", i: int, j: int) -> int:
    a, b = state.game.hexes[i], state.game.hexes[j]
    dq, dr = a[0] - b[0], a[1] - b[1]
    return (abs(dq) + abs(dr) + abs(dq + dr)) // 2


@register_metric("at_turn")
def m_at_turn(state: "State", params: Mapping[str, str], ctx: MetricContext) -> float:
    """The metric ``of`` (with the other params) as turn ``at`` starts, 0 on other turns (reduce: sum).

    The game's last record is taken when it is over, still in its last turn: that is the turn's end,
    not its start, so it counts 0 (it counted the last turn twice)."""
    at = p_int(params, "at")
    inner = p_str(params, "of")
    fn = METRICS.get(inner)
    if fn is None or inner == "at_turn":
        raise MetricError(f"metric at_turn: unknown inner metric {inner!r}")
    if state.turn != at or state.is_terminal():
        return 0.0
    rest = {k: v for k, v in params.items() if k not in ("at", "of")}
    return float(fn(state, rest, ctx))


@register_metric("air_over")
def m_air_over(state: "State", params: Mapping[str, str], ctx: MetricContext) -> float:
    """Air points ``side`` can bring to bear over a hex (``lat``/``lon``) this turn after the
    capacity of every hostile air defence covering it (engine/rules/air.py) is taken off."""
    from engine.rules import air
    side = p_str(params, "side")
    pos = _hex_index(state, params, "air_over")
    pts = state.air_points.get(side, 0)
    covered = sum(cap for _, at, radius, cap in air.ad_sources(state, side) if _dist(state, at, pos) <= radius)
    return float(max(0, pts - covered))


@register_metric("detected")
def m_detected(state: "State", params: Mapping[str, str], ctx: MetricContext) -> float:
    """Enemy units ``side`` sees now (under fog of war: within its units' and radars' detection)."""
    from engine.rules import intel
    side = p_str(params, "side")
    seen = intel.seen_enemy_positions(state, side)
    return float(sum(1 for u in state.units.values() if u.side != side and u.pos in seen))


@register_metric("ew_covered")
def m_ew_covered(state: "State", params: Mapping[str, str], ctx: MetricContext) -> float:
    """Enemy units standing inside the radius of an EW source (unit or active base) of ``side``."""
    from engine.rules import intel
    side = p_str(params, "side")
    src = [(pos, radius) for _, s, pos, _, radius in intel.ew_sources(state) if s == side]
    if not src:
        return 0.0
    return float(sum(1 for u in state.units.values()
                     if u.side != side and any(_dist(state, u.pos, p) <= r for p, r in src)))


@register_metric("in_missile_range")
def m_in_missile_range(state: "State", params: Mapping[str, str], ctx: MetricContext) -> float:
    """Enemy units within range of a missile unit (strike > 0) of ``side``."""
    side = p_str(params, "side")
    uts = state.game.unit_types
    shooters = [(u.pos, uts[u.type].range) for u in state.units.values()
                if u.side == side and uts[u.type].strike > 0 and uts[u.type].range > 0]
    if not shooters:
        return 0.0
    return float(sum(1 for u in state.units.values()
                     if u.side != side and any(_dist(state, u.pos, p) <= r for p, r in shooters)))


@register_metric("near_border_from")
def m_near_border_from(state: "State", params: Mapping[str, str], ctx: MetricContext) -> float:
    """Units of ``side`` standing in ``inside`` (e.g. BLR) within ``within`` hexes of ``countries``,
    optionally only those in ``readiness`` (e.g. deployed): Red's ready force on Belarus's western border."""
    inside = p_list(params, "inside")
    cs = p_list(params, "countries")
    if not inside or not cs:
        raise MetricError("metric near_border_from: parameters 'inside' and 'countries' are needed")
    within = p_int(params, "within", 3)
    d = ctx.distance_to_countries(cs)
    country = state.game.country
    return float(sum(1 for u in units_of(state, params) if country[u.pos] in inside and d[u.pos] <= within))

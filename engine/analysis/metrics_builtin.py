"""The built-in metric functions (track, units, steps, holds ...), registered in :mod:`engine.scenario.metricreg`.

Each reads the state only; none changes it. :mod:`engine.analysis.metrics` imports
this module so that they are registered before any playout evaluates them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Mapping

from engine.scenario.metricreg import MetricError, p_int, p_list, p_str, place_hex, register_metric

if TYPE_CHECKING:
    from engine.analysis.metrics import MetricContext
    from engine.core.state import State
    from engine.core.state import Unit


# --- built-in metrics ---------------------------------------------------------------

def units_of(state: "State", params: Mapping[str, str]) -> Iterator["Unit"]:
    """Units of ``side`` filtered by readiness, type and symbol lists (sorted ids)."""
    side = p_str(params, "side")
    readiness = p_list(params, "readiness")
    types = p_list(params, "types")
    symbols = p_list(params, "symbols")
    uts = state.game.unit_types
    for uid in sorted(state.units):
        u = state.units[uid]
        if u.side != side or (readiness and u.readiness not in readiness) or (types and u.type not in types):
            continue
        if symbols and uts[u.type].symbol not in symbols:
            continue
        yield u


@register_metric("track")
def m_track(state: "State", params: Mapping[str, str], ctx: MetricContext) -> float:
    """Value of track ``track``."""
    t = p_str(params, "track")
    if t not in state.tracks:
        raise MetricError(f"metric track: no track {t!r} (known: {', '.join(sorted(state.tracks))})")
    return float(state.tracks[t])


@register_metric("units")
def m_units(state: "State", params: Mapping[str, str], ctx: MetricContext) -> float:
    """Count of ``side`` units (optionally: in ``countries``, with ``readiness``, ``types``, ``symbols``)."""
    cs = p_list(params, "countries")
    country = state.game.country
    return float(sum(1 for u in units_of(state, params) if not cs or country[u.pos] in cs))


@register_metric("units_near_border")
def m_units_near_border(state: "State", params: Mapping[str, str], ctx: MetricContext) -> float:
    """Count of ``side`` units within ``within`` hexes of ``countries`` (e.g. ready Red brigades near NATO)."""
    cs = p_list(params, "countries")
    if not cs:
        raise MetricError("metric units_near_border: parameter 'countries' is missing (e.g. 'POL,LTU')")
    within = p_int(params, "within", 3)
    d = ctx.distance_to_countries(cs)
    return float(sum(1 for u in units_of(state, params) if d[u.pos] <= within))


@register_metric("steps")
def m_steps(state: "State", params: Mapping[str, str], ctx: MetricContext) -> float:
    """Steps (strength) of ``side`` units on the map, with the same filters as ``units``."""
    return float(sum(u.strength for u in units_of(state, params)))


@register_metric("steps_lost")
def m_steps_lost(state: "State", params: Mapping[str, str], ctx: MetricContext) -> float:
    return float(state.steps_lost.get(p_str(params, "side"), 0))


@register_metric("air_points")
def m_air_points(state: "State", params: Mapping[str, str], ctx: MetricContext) -> float:
    """Air points of ``side`` this turn (the air rules fill them)."""
    return float(state.air_points.get(p_str(params, "side"), 0))


@register_metric("holds")
def m_holds(state: "State", params: Mapping[str, str], ctx: MetricContext) -> float:
    """1 if ``side`` controls the objective or place named ``place``, else 0."""
    g = state.game
    name = p_str(params, "place")
    h = place_hex(g, name, "objective or place")
    if h is None:
        raise MetricError(f"metric holds: {name!r} is neither an objective nor a place on the map")
    return 1.0 if state.control.get(g.index[h]) == p_str(params, "side") else 0.0


@register_metric("option_taken")
def m_option_taken(state: "State", params: Mapping[str, str], ctx: MetricContext) -> float:
    """1 once option ``option`` has been chosen (reduce first_turn gives the turn it was)."""
    oid = p_str(params, "option")
    return 1.0 if any(o == oid for o, _ in state.options_taken) else 0.0


@register_metric("event_fired")
def m_event_fired(state: "State", params: Mapping[str, str], ctx: MetricContext) -> float:
    """1 once event ``event`` has fired (reduce first_turn: the turn it first did)."""
    return 1.0 if state.events_fired.get(p_str(params, "event"), 0) else 0.0

"""The metric registry: which metric functions exist, their parameters, and their implementations.

Why here, in the scenario layer: the loader must check a scenario's ``metrics:``
names without importing the analysis layer above it. The names and parameters
are declared below as data; ``engine/analysis/metrics*.py`` register the
implementations with :func:`register_metric`. Both sides import this module and
nothing else of each other, so there is no cycle. A test checks that every
declared metric has an implementation and every implementation is declared.

Parameters arrive as text (``params["within"] == "3"``); :func:`p_int`,
:func:`p_str`, :func:`p_list` read them with a clear error.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

import attrs

from engine.errors import EngineError

#: How a per-turn series becomes one number per game.
REDUCERS = ("last", "max", "min", "mean", "sum", "first_turn", "first_value")

_FILTERS = ("readiness", "types", "symbols")


@attrs.frozen
class MetricDecl:
    """One metric function: its name, the parameters it reads, and what it measures."""

    name: str
    params: tuple[str, ...]
    doc: str
    #: True when it passes other parameters on (``at_turn`` hands them to its inner metric).
    open_params: bool = False


DECLARED: dict[str, MetricDecl] = {d.name: d for d in (
    MetricDecl("track", ("track",), "value of a track"),
    MetricDecl("units", ("side", "countries") + _FILTERS, "count of a side's units"),
    MetricDecl("units_near_border", ("side", "countries", "within") + _FILTERS,
               "a side's units within N hexes of some countries"),
    MetricDecl("steps", ("side",) + _FILTERS, "steps (strength) of a side's units"),
    MetricDecl("steps_lost", ("side",), "steps a side has lost"),
    MetricDecl("air_points", ("side",), "air points of a side this turn"),
    MetricDecl("holds", ("side", "place"), "1 if a side controls an objective or place"),
    MetricDecl("option_taken", ("option",), "1 once an option has been chosen"),
    MetricDecl("event_fired", ("event",), "1 once an event has fired"),
    MetricDecl("at_turn", ("at", "of"), "an inner metric as a given turn starts", open_params=True),
    MetricDecl("air_over", ("side", "lat", "lon", "place"), "air points a side brings over a hex after air defence"),
    MetricDecl("detected", ("side",), "enemy units a side sees"),
    MetricDecl("ew_covered", ("side",), "enemy units inside a side's EW radius"),
    MetricDecl("in_missile_range", ("side",), "enemy units within a side's missile range"),
    MetricDecl("near_border_from", ("side", "inside", "countries", "within") + _FILTERS,
               "a side's units in some countries within N hexes of others"),
    # Campaign measures for calibration (engine/analysis/metrics_campaign.py).
    MetricDecl("within_of", ("side", "places", "within", "symbols"),
               "1 while a manoeuvre unit of a side is within N hexes of one of some places"),
    MetricDecl("encircled", ("side", "place"),
               "1 while a side cannot trace from a place to its sources past enemy units and ZOC"),
    MetricDecl("echelon_loss", ("units", "day"), "share of some units' starting steps lost (by day D)"),
    # Measures of the mechanisms (engine/analysis/metrics_measures.py).
    MetricDecl("arrival_hour", ("side", "place", "within"),
               "hours from H-hour until a manoeuvre unit of a side is within N hexes of a place"),
    MetricDecl("losses_share", ("side", "echelon", "units"),
               "share of some units' starting steps lost (by side, echelon or unit ids)"),
    MetricDecl("held_by_manoeuvre", ("side", "place"), "1 while a manoeuvre unit of a side stands on a place"),
)}
#: The metrics this package declares (a test checks each has an implementation and vice versa).
BUILTIN = frozenset(DECLARED)

MetricFn = Callable[[Any, Mapping[str, str], Any], float]
#: name -> implementation ``fn(state, params, ctx) -> float``, filled by the analysis layer.
METRICS: dict[str, MetricFn] = {}


class MetricError(EngineError):
    """A metric is unknown or its parameters are wrong."""


def register_metric(name: str, params: tuple[str, ...] = (), doc: str = "") -> Callable[[MetricFn], MetricFn]:
    """Decorator: register ``fn`` as metric ``name`` (declared here, or declared now with ``params``)."""
    def deco(fn: MetricFn) -> MetricFn:
        if name not in DECLARED:
            DECLARED[name] = MetricDecl(name, tuple(params), doc or (fn.__doc__ or "").strip().split("\n")[0])
        METRICS[name] = fn
        return fn
    return deco


def known_metrics() -> list[str]:
    """Every metric name a scenario may use, sorted."""
    return sorted(set(DECLARED) | set(METRICS))


# --- parameters ---------------------------------------------------------------

def p_str(params: Mapping[str, str], key: str, default: str | None = None) -> str:
    v = params.get(key, default)
    if v is None:
        raise MetricError(f"metric parameter {key!r} is missing")
    return str(v)


def p_int(params: Mapping[str, str], key: str, default: int | None = None) -> int:
    v = params.get(key)
    if v is None:
        if default is None:
            raise MetricError(f"metric parameter {key!r} is missing (expected a whole number)")
        return default
    try:
        return int(str(v).strip())
    except ValueError:
        raise MetricError(f"metric parameter {key}={v!r} is not a whole number") from None


def p_list(params: Mapping[str, str], key: str) -> tuple[str, ...]:
    """'POL,LTU' or 'POL+LTU' -> ('POL', 'LTU'); missing -> ()."""
    v = params.get(key)
    if not v:
        return ()
    return tuple(x.strip() for x in str(v).replace("+", ",").split(",") if x.strip())

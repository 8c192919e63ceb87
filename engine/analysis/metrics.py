"""Per-game metrics for playouts: named functions of the state, computed once per turn.

A scenario lists the metrics it wants under ``metrics:`` (or the CLI passes
``--metric ID=FUNCTION:key=value:...``); each is a registered function
``fn(state, params, ctx) -> float`` evaluated when a turn is over, and its
per-turn series is reduced to one number per game (last, max, min, mean,
sum, or first_turn: the first turn the value is above 0).

To add a metric, write a function here (or in a module imported before the
playout) and decorate it with ``@register_metric("name")``. Parameters
arrive as text (``params["within"] == "3"``); use :func:`p_int`,
:func:`p_str`, :func:`p_list` to read them with a clear error. ``ctx`` is a
per-game :class:`MetricContext` for static caches (distances to a country).
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Callable, Mapping, Sequence

from engine.errors import EngineError
from engine.scenario.model import MetricSpec

if TYPE_CHECKING:
    from engine.game.game import Game
    from engine.core.state import State

MetricFn = Callable[["State", Mapping[str, str], "MetricContext"], float]
METRICS: dict[str, MetricFn] = {}
REDUCERS = ("last", "max", "min", "mean", "sum", "first_turn", "first_value")


class MetricError(EngineError):
    """A metric is unknown or its parameters are wrong."""


def register_metric(name: str) -> Callable[[MetricFn], MetricFn]:
    def deco(fn: MetricFn) -> MetricFn:
        METRICS[name] = fn
        return fn
    return deco


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


def parse_metric_arg(text: str) -> MetricSpec:
    """CLI form ``ID=FUNCTION[:key=value...]`` (``reduce=max`` picks the reducer)."""
    if "=" not in text.split(":", 1)[0]:
        raise MetricError(f"--metric {text!r}: expected ID=FUNCTION[:key=value...], e.g. "
                          "red_near=units_near_border:side=red:countries=POL,LTU:within=3")
    head, *rest = text.split(":")
    mid, fn = (x.strip() for x in head.split("=", 1))
    params: dict[str, str] = {}
    for kv in rest:
        if "=" not in kv:
            raise MetricError(f"--metric {text!r}: {kv!r} is not key=value")
        k, v = kv.split("=", 1)
        params[k.strip()] = v.strip()
    reduce = params.pop("reduce", "last")
    spec = MetricSpec(mid, fn, dict(sorted(params.items())), reduce)
    check_spec(spec)
    return spec


def check_spec(spec: MetricSpec) -> None:
    if spec.metric not in METRICS:
        raise MetricError(f"metric {spec.id!r}: unknown function {spec.metric!r} "
                          f"(known: {', '.join(sorted(METRICS))})")
    if spec.reduce not in REDUCERS:
        raise MetricError(f"metric {spec.id!r}: reduce {spec.reduce!r} is not one of {', '.join(REDUCERS)}")


# --- per-game evaluation --------------------------------------------------------

class MetricContext:
    """Static caches shared by the metric functions of one Game."""

    def __init__(self, game: "Game") -> None:
        self.game = game
        self._dist: dict[tuple[str, ...], list[int]] = {}

    def distance_to_countries(self, countries: Sequence[str]) -> list[int]:
        """Hex index -> hexes to the nearest hex of ``countries`` (0 inside), by BFS over the grid."""
        key = tuple(sorted(countries))
        d = self._dist.get(key)
        if d is None:
            g = self.game
            inf = 1 << 20
            d = [inf] * len(g.hexes)
            q: deque[int] = deque()
            for i, c in enumerate(g.country):
                if c in key:
                    d[i] = 0
                    q.append(i)
            while q:
                i = q.popleft()
                for j in g.nbrs[i]:
                    if d[j] > d[i] + 1:
                        d[j] = d[i] + 1
                        q.append(j)
            self._dist[key] = d
        return d


class MetricSet:
    """Evaluates a scenario's metric specs each turn and reduces them at the end."""

    def __init__(self, game: "Game", specs: Sequence[MetricSpec] = ()) -> None:
        for s in specs:
            check_spec(s)
        self.specs = tuple(specs)
        self.ctx = MetricContext(game)
        self.series: dict[str, list[float]] = {s.id: [] for s in self.specs}

    def reset(self) -> None:
        self.series = {s.id: [] for s in self.specs}

    def record(self, state: "State") -> None:
        for s in self.specs:
            self.series[s.id].append(float(METRICS[s.metric](state, s.params, self.ctx)))

    def results(self) -> dict[str, float | None]:
        out: dict[str, float | None] = {}
        for s in self.specs:
            out[s.id] = reduce_series(self.series[s.id], s.reduce)
        return out


def reduce_series(xs: Sequence[float], how: str) -> float | None:
    if how == "first_turn":
        return next((float(t + 1) for t, x in enumerate(xs) if x > 0), None)
    if how == "first_value":  # the first value above 0 (arrival_hour: the hour of the first arrival)
        return next((float(x) for x in xs if x > 0), None)
    if not xs:
        return None
    if how == "max":
        return max(xs)
    if how == "min":
        return min(xs)
    if how == "mean":
        return sum(xs) / len(xs)
    if how == "sum":
        return float(sum(xs))
    return xs[-1]


# --- built-in metrics ---------------------------------------------------------------

def _units(state: "State", params: Mapping[str, str]):
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
    return float(sum(1 for u in _units(state, params) if not cs or country[u.pos] in cs))


@register_metric("units_near_border")
def m_units_near_border(state: "State", params: Mapping[str, str], ctx: MetricContext) -> float:
    """Count of ``side`` units within ``within`` hexes of ``countries`` (e.g. ready Red brigades near NATO)."""
    cs = p_list(params, "countries")
    if not cs:
        raise MetricError("metric units_near_border: parameter 'countries' is missing (e.g. 'POL,LTU')")
    within = p_int(params, "within", 3)
    d = ctx.distance_to_countries(cs)
    return float(sum(1 for u in _units(state, params) if d[u.pos] <= within))


@register_metric("steps")
def m_steps(state: "State", params: Mapping[str, str], ctx: MetricContext) -> float:
    """Steps (strength) of ``side`` units on the map, with the same filters as ``units``."""
    return float(sum(u.strength for u in _units(state, params)))


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
    h = None
    for ob in g.scenario.victory.objectives:
        if ob.name == name:
            h = ob.hex
    if h is None:
        h = g.hex_of(name)
    if h is None or h not in g.index:
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


# --- what every game reports ---------------------------------------------------------

def objective_control(state: "State") -> dict[str, str]:
    """Objective name -> side controlling its hex ('' if nobody)."""
    g = state.game
    out: dict[str, str] = {}
    for ob in g.scenario.victory.objectives:
        i = g.index.get(ob.hex)
        out[ob.name] = state.control.get(i, "") if i is not None else ""
    return out


def units_left(state: "State") -> dict[str, int]:
    out = {s: 0 for s in state.game.side_ids}
    for u in state.units.values():
        out[u.side] = out.get(u.side, 0) + 1
    return dict(sorted(out.items()))


# Metric functions of the source-brief scenarios (air_over, detected, ew_covered, at_turn ...).
from engine.analysis import metrics_scenarios as _metrics_scenarios

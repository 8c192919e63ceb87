"""Per-game metrics for playouts: named functions of the state, computed once per turn.

A scenario lists the metrics it wants under ``metrics:`` (or the CLI passes
``--metric ID=FUNCTION:key=value:...``); each is a registered function
``fn(state, params, ctx) -> float`` evaluated when a turn is over, and its
per-turn series is reduced to one number per game (last, max, min, mean,
sum, or first_turn: the first turn the value is above 0).

The names, their parameters and the implementations live in the registry
:mod:`engine.scenario.metricreg` (the loader checks names there without
importing this layer). The implementations are in :mod:`metrics_builtin`,
:mod:`metrics_scenarios` and :mod:`metrics_campaign`, imported here so that using a :class:`MetricSet`
guarantees they are registered. To add a metric, declare it in the registry and
decorate its function with ``@register_metric("name")`` in a module imported
before the playout. ``ctx`` is a per-game :class:`MetricContext` for static
caches (distances to a country).
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Sequence

from engine.scenario.metricreg import (METRICS, REDUCERS, MetricError, MetricFn, check_params, p_int, p_list,
                                       p_str, register_metric)
from engine.scenario.model import MetricSpec
# Importing these registers the built-in and the source-brief metric functions.
from engine.analysis import metrics_builtin as _metrics_builtin
from engine.analysis import metrics_scenarios as _metrics_scenarios
from engine.analysis import metrics_campaign as _metrics_campaign
from engine.analysis import metrics_measures as _metrics_measures

if TYPE_CHECKING:
    from engine.game.game import Game
    from engine.core.state import State

__all__ = ["METRICS", "REDUCERS", "MetricError", "MetricFn", "register_metric", "p_int", "p_list", "p_str",
           "MetricContext", "MetricSet", "parse_metric_arg", "check_spec", "reduce_series",
           "check_params", "objective_control", "units_left", "_metrics_builtin", "_metrics_scenarios", "_metrics_campaign", "_metrics_measures"]


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
    check_spec(spec, where=f"--metric {text!r}")
    return spec


def check_spec(spec: MetricSpec, game: "Game | None" = None, where: str = "") -> None:
    """MetricError (one line, starting with ``where``) unless the function and reducer exist and the
    parameters are the function's (with ``game``: of that scenario), so a typo fails before any game."""
    from engine.errors import did_you_mean
    where = where or f"metric {spec.id!r} ({spec.metric})"
    if spec.metric not in METRICS:
        raise MetricError(f"{where}: unknown function {spec.metric!r}{did_you_mean(spec.metric, METRICS)} "
                          f"(known: {', '.join(sorted(METRICS))})")
    if spec.reduce not in REDUCERS:
        raise MetricError(f"{where}: reduce {spec.reduce!r} is not one of {', '.join(REDUCERS)}"
                          f"{did_you_mean(spec.reduce, REDUCERS)}")
    check_params(spec.metric, spec.params, game, where)


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
            check_spec(s, game)
        self.specs = tuple(specs)
        self.ctx = MetricContext(game)
        self.series: dict[str, list[float]] = {s.id: [] for s in self.specs}

    def reset(self) -> None:
        self.series = {s.id: [] for s in self.specs}

    def record(self, state: "State") -> None:
        for s in self.specs:
            try:
                v = METRICS[s.metric](state, s.params, self.ctx)
            except MetricError as e:  # p_str and friends do not know which metric asked
                raise MetricError(f"metric {s.id!r} ({s.metric}): {e}") from None
            self.series[s.id].append(float(v))

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

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
    """One metric function: its name, the parameters it reads, and what it measures.

    ``required`` and ``either`` say which parameters a game cannot do without; ``kinds`` overrides
    :data:`PARAM_KINDS` where this metric reads a parameter differently. :func:`check_params` reads
    them, so a typo is refused before any game instead of measuring 0 in every game."""

    name: str
    params: tuple[str, ...]
    doc: str
    #: True when it passes other parameters on (``at_turn`` hands them to its inner metric).
    open_params: bool = False
    #: parameters that have no default
    required: tuple[str, ...] = ()
    #: groups of parameters of which exactly one must be given (a place, or a lat/lon pair)
    either: tuple[tuple[str, ...], ...] = ()
    #: (parameter, kind) where the kind is not the one :data:`PARAM_KINDS` gives
    kinds: tuple[tuple[str, str], ...] = ()


_S = ("side",)
DECLARED: dict[str, MetricDecl] = {d.name: d for d in (
    MetricDecl("track", ("track",), "value of a track", required=("track",)),
    MetricDecl("units", ("side", "countries") + _FILTERS, "count of a side's units", required=_S),
    MetricDecl("units_near_border", ("side", "countries", "within") + _FILTERS,
               "a side's units within N hexes of some countries", required=("side", "countries")),
    MetricDecl("steps", ("side",) + _FILTERS, "steps (strength) of a side's units", required=_S),
    MetricDecl("steps_lost", ("side",), "steps a side has lost", required=_S),
    MetricDecl("air_points", ("side",), "air points of a side this turn", required=_S),
    MetricDecl("holds", ("side", "place"), "1 if a side controls an objective or place",
               required=("side", "place"), kinds=(("place", "objective or place"),)),
    MetricDecl("option_taken", ("option",), "1 once an option has been chosen", required=("option",)),
    MetricDecl("event_fired", ("event",), "1 once an event has fired", required=("event",)),
    MetricDecl("at_turn", ("at", "of"), "an inner metric as a given turn starts", open_params=True,
               required=("at", "of")),
    MetricDecl("air_over", ("side", "lat", "lon", "place"), "air points a side brings over a hex after air defence",
               required=_S, either=(("place",), ("lat", "lon")), kinds=(("place", "map place"),)),
    MetricDecl("detected", ("side",), "enemy units a side sees", required=_S),
    MetricDecl("ew_covered", ("side",), "enemy units inside a side's EW radius", required=_S),
    MetricDecl("in_missile_range", ("side",), "enemy units within a side's missile range", required=_S),
    MetricDecl("near_border_from", ("side", "inside", "countries", "within") + _FILTERS,
               "a side's units in some countries within N hexes of others", required=("side", "inside", "countries")),
    # Campaign measures for calibration (engine/analysis/metrics_campaign.py).
    MetricDecl("within_of", ("side", "places", "within", "symbols"),
               "1 while a manoeuvre unit of a side is within N hexes of one of some places",
               required=("side", "places")),
    MetricDecl("encircled", ("side", "place"),
               "1 while a side cannot trace from a place to its sources past enemy units and ZOC",
               required=("side", "place")),
    MetricDecl("echelon_loss", ("units", "day"), "share of some units' starting steps lost (by day D)",
               required=("units",), kinds=(("units", "starting unit ids"),)),
    MetricDecl("land_cut", ("side", "place", "to", "countries"),
               "1 while a side cannot trace overland from a place to others past enemy units and ZOC",
               required=("side", "place", "to"), kinds=(("to", "places"),)),
    MetricDecl("fire_cover", ("side", "between", "from", "from_each", "guns"),
               "share of the border hexes between some countries within a side's fire range",
               required=("side", "between"), kinds=(("between", "countries"), ("from", "countries"),
                                                     ("from_each", "countries"), ("guns", "gun positions"))),
    # Measures of the mechanisms (engine/analysis/metrics_measures.py).
    MetricDecl("arrival_hour", ("side", "place", "within"),
               "hours from H-hour until a manoeuvre unit of a side is within N hexes of a place",
               required=("side", "place")),
    MetricDecl("losses_share", ("side", "echelon", "units"),
               "share of some units' starting steps lost (by side, echelon or unit ids)", required=_S),
    MetricDecl("held_by_manoeuvre", ("side", "place"), "1 while a manoeuvre unit of a side stands on a place",
               required=("side", "place")),
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


# --- checking a metric's parameters before any game ------------------------------------------

#: What each parameter holds, by name (a declaration's ``kinds`` overrides it for one metric).
PARAM_KINDS: dict[str, str] = {
    "side": "side", "countries": "countries", "inside": "countries", "within": "distance",
    "readiness": "readiness states", "types": "unit types", "symbols": "symbols", "echelon": "echelons",
    "track": "track", "option": "option", "event": "event", "place": "place", "places": "places",
    "units": "unit ids", "at": "turn", "day": "day", "of": "metric", "lat": "latitude", "lon": "longitude",
}
#: Where ``fire_cover`` reads the guns: where they stand now, or anywhere in the country they started in.
GUN_MODES = ("now", "stationed")

#: Numeric kinds: (what, number type, lowest, highest).
_NUMBERS: dict[str, tuple[str, type, float, float | None]] = {
    "distance": ("a whole number of hexes, 0 or more", int, 0, None),
    # at_turn reads the state as a turn starts; turn 1 starts before any order, so it would read the set-up
    # the scenario file already states, and the playout loop records nothing then (it measured 0 in every game)
    "turn": ("a turn number, 2 or more (as turn 1 starts nothing has been played: the scenario's set-up)", int, 2,
             None),
    "day": ("a whole number of days, 0 or more", int, 0, None),
    "latitude": ("a latitude in degrees, -90 to 90", float, -90.0, 90.0),
    "longitude": ("a longitude in degrees, -180 to 180", float, -180.0, 180.0),
}
#: Kinds that are comma (or +) lists; the rest are one value.
_LISTS = ("countries", "readiness states", "unit types", "symbols", "echelons", "places", "unit ids",
          "starting unit ids")


def _kind(decl: MetricDecl, key: str) -> str | None:
    return dict(decl.kinds).get(key) or PARAM_KINDS.get(key)


def _shown(names: list[str], most: int = 12) -> str:
    return ", ".join(names[:most]) + (f" ... ({len(names)} in all)" if len(names) > most else "")


def place_hex(game: Any, name: str, kind: str = "place") -> Any:
    """The hex a metric reads ``name`` as (an objective, a place of the map, or 'q,r'), None if none is on
    the map; ``kind`` says which of these the metric accepts (``holds`` no 'q,r', ``air_over`` places only).
    The metric functions and :func:`check_params` both call this, so the check accepts what they read."""
    h = None
    if kind != "map place":
        h = next((ob.hex for ob in game.scenario.victory.objectives if ob.name == name), None)
    if h is None:
        h = game.hex_of(name)
    if h is None and kind == "place" and name.count(",") == 1 and \
            name.replace("-", "").replace(",", "").replace(" ", "").isdigit():
        from engine.geo.hexgrid import Hex
        h = Hex(*(int(x) for x in name.split(",")))
    return h if h is not None and h in game.index else None


class ScenarioScope:
    """What :func:`check_params` reads of a Game, made from a scenario and its map alone: the loader
    checks a scenario's own ``metrics:`` with it (the scenario layer builds no Game), so a wrong
    parameter is a loader problem with its file, line and column, not a surprise at the first playout."""

    def __init__(self, scenario: Any, theatre: Any) -> None:
        self.scenario, self.map, self.index = scenario, theatre, theatre  # index: ``h in`` = a hex of the map
        self.side_ids = tuple(s.id for s in scenario.sides)
        self.country = tuple(theatre.country.values())
        self.readiness = {r.id: r for r in scenario.rules.readiness.states}
        self.unit_types = scenario.rules.unit_types
        from engine.scenario.forces import unit_sides
        self.scenario_unit_ids = unit_sides(scenario).keys()

    def hex_of(self, text: str) -> Any:
        return self.map.find_place(text.strip())


def _members(kind: str, game: Any) -> tuple[str, list[str]] | None:
    """(what a value of ``kind`` must be, the valid names) where the names are a closed list;
    None for kinds checked otherwise. ``game`` None: only the lists that need no scenario."""
    from engine.scenario.spec import ECHELONS, SYMBOLS
    if kind == "symbols":
        return "a unit symbol", list(SYMBOLS)
    if kind == "echelons":
        return "an echelon", list(ECHELONS)
    if kind == "metric":
        return "a metric function other than at_turn", [m for m in known_metrics() if m != "at_turn"]
    if kind == "gun positions":  # fire_cover: where the guns fire from (engine/analysis/metrics_campaign.py)
        return "where the guns are read", list(GUN_MODES)
    if game is None:
        return None
    sc = game.scenario
    if kind == "side":
        return f"a side of scenario {sc.id}", list(game.side_ids)
    if kind == "countries":
        return "a country on the map", sorted(set(game.country) - {""})
    if kind == "readiness states":
        return "a readiness state", list(game.readiness)
    if kind == "unit types":
        return "a unit type", sorted(game.unit_types)
    if kind == "track":
        return f"a track of scenario {sc.id}", [t.id for t in sc.tracks]
    if kind == "option":
        return f"an option of scenario {sc.id}", [o.id for o in sc.options]
    if kind == "event":
        return f"an event of scenario {sc.id}", [e.id for e in sc.events]
    if kind == "unit ids":
        return f"a unit of scenario {sc.id}", sorted(game.scenario_unit_ids)
    if kind == "starting unit ids":
        return f"a starting unit of scenario {sc.id}", sorted(u.id for u in sc.units)
    return None


def _value_problem(kind: str, value: str, game: Any) -> str | None:
    """Why ``value`` is not a ``kind`` (in words, with the closest valid names), or None."""
    from engine.errors import did_you_mean
    num = _NUMBERS.get(kind)
    if num is not None:
        what, typ, lo, hi = num
        try:
            x = typ(value.strip())
        except ValueError:
            return f"{value!r} is not {what}"
        if typ is float and x != x or x < lo or (hi is not None and x > hi):
            return f"{value!r} is out of range (expected {what})"
        last = getattr(getattr(game, "scenario", None), "turns", None) if kind == "turn" else None
        if isinstance(last, int) and x > last:  # a turn the game never reaches measured 0 in every game
            sc = game.scenario
            return (f"{value!r} is after the last turn of scenario {sc.id} (expected a turn number, 2 to {last}: "
                    f"it has turns: {last})")
        return None
    items = [x.strip() for x in value.replace("+", ",").split(",")] if kind in _LISTS else [value.strip()]
    if not any(items) or (kind in _LISTS and not all(items)):
        return f"{value!r} is empty or has an empty item (expected a comma list of {kind})" if kind in _LISTS \
            else f"is empty (expected a {kind})"
    if kind in ("place", "places", "objective or place", "map place"):
        if game is None:
            return None
        one = "place" if kind == "places" else kind
        for n in items:
            if place_hex(game, n, one) is None:
                names = ([] if one == "map place" else [o.name for o in game.scenario.victory.objectives]) + \
                    game.map.place_names()
                what = {"place": "an objective, a place on the map or 'q,r'",
                        "objective or place": "an objective or a place on the map",
                        "map place": "a place on the map"}[one]
                return f"{n!r} is not {what}{did_you_mean(n, names)}"
        return None
    known = _members(kind, game)
    if known is None:
        return None
    what, names = known
    for n in items:
        if n not in names:
            return f"{n!r} is not {what}{did_you_mean(n, names)} " + (
                f"(expected one of: {_shown(names)})" if names else "(there is none)")
    return None


def check_params(decl_name: str, params: Mapping[str, Any], game: Any = None, where: str = "") -> None:
    """MetricError (one line, starting with ``where``) unless ``params`` are what metric ``decl_name``
    reads: no unknown name, every required one, values of the right kind and range and, with ``game``,
    sides, countries, places, tracks, options, events and units of that scenario. A wrong value was read
    as 'nothing matches' and measured 0 in every game. Metrics declared without parameters are not checked."""
    from engine.errors import did_you_mean
    decl = DECLARED.get(decl_name)
    where = where or f"metric {decl_name}"
    if decl is None or (not decl.params and not decl.required):
        return
    own = decl.params
    given = {str(k): str(v) for k, v in params.items()}
    for k in given:
        if k not in own and not decl.open_params:
            raise MetricError(f"{where}: unknown parameter {k!r}{did_you_mean(k, own)} "
                              f"(metric {decl_name} takes {', '.join(own)})")
    for k in decl.required:
        if k not in given:
            kind = _kind(decl, k)
            known = _members(kind, game) if kind else None
            hint = (f"{known[0]}: {_shown(known[1])}" if known else _NUMBERS[kind][0] if kind in _NUMBERS
                    else f"a comma list of {kind}" if kind in _LISTS else f"a {kind}")
            raise MetricError(f"{where}: parameter {k!r} of metric {decl_name} is missing (expected {hint})")
    if decl.either:
        chosen = [g for g in decl.either if any(k in given for k in g)]
        if len(chosen) != 1 or not all(k in given for k in chosen[0]):
            alts = " or ".join("+".join(g) for g in decl.either)
            raise MetricError(f"{where}: metric {decl_name} needs exactly one of {alts}")
    for k in own:
        if k not in given:
            continue
        kind = _kind(decl, k)
        why = _value_problem(kind, given[k], game) if kind else None
        if why:
            raise MetricError(f"{where}: parameter {k}: {why}")
    if "lat" in given and "lon" in given and game is not None:
        try:
            game.map.locate(float(given["lat"]), float(given["lon"]))
        except EngineError as e:
            raise MetricError(f"{where}: parameters lat, lon: {e}") from None
    inner = next((k for k in own if _kind(decl, k) == "metric"), None)
    if decl.open_params and inner is not None:  # the other parameters are the inner metric's
        rest = {k: v for k, v in given.items() if k not in own}
        check_params(given[inner], rest, game, f"{where}: {inner}={given[inner]}")

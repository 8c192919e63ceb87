"""Campaign measures for calibration against published wargames (seeds/calibration.md).

Published games report tempo and losses: the hour the first attacking manoeuvre unit
reaches a city's outskirts, whether a city is cut off, what share of the first
echelon is lost by day D. These metrics read those off the state (never change it)
and are registered in :mod:`engine.scenario.metricreg`, so a scenario's
``metrics:`` can name them:

* ``within_of`` - 1 while a manoeuvre unit of ``side`` stands within ``within``
  hexes of one of ``places``; with ``reduce: first_turn`` it gives the turn of
  arrival (hours = that turn x the scenario's turn length, see :func:`turn_to_hours`).
* ``encircled`` - 1 while ``side`` cannot trace from ``place`` to any of its
  supply sources or entry hexes outside the place (and the railheads those feed,
  not the ones the place's own depots feed) without entering an enemy-held hex or
  an enemy zone of control (or the place is enemy-held itself).
* ``echelon_loss`` - the share of the starting steps of ``units`` lost so far
  (a destroyed unit has lost all of them); with ``day`` it reads 0 after day D,
  so ``reduce: max`` gives the share on day D even if the game ends earlier.
* ``land_cut`` - 1 while ``side`` cannot trace overland from ``place`` to any of ``to``
  through the hexes of ``countries`` past enemy units and enemy zones of control not
  covered by a unit (a corridor such as the Suwałki gap is closed; the enemy holding
  ``place`` counts too).
* ``fire_cover`` - the share of the border hexes ``between`` some countries that lie
  within the fire range (the unit types' ``fire_range``, else ``range``) of a fire unit
  of ``side``: standing anywhere, in one of ``from``, or - ``from_each`` - from each of
  those countries (crossfire); with ``guns: stationed`` each surviving gun may fire from
  any hex of the country it started in (what the guns stationed there could cover).

Whether a side holds a place on day D is the built-in ``holds`` under ``at_turn``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

from engine.scenario.metricreg import GUN_MODES, MetricError, p_int, p_list, p_str, place_hex, register_metric

if TYPE_CHECKING:
    from engine.analysis.metrics import MetricContext
    from engine.core.state import State

#: Unit symbols that count as manoeuvre units (fires, air defence, missiles, EW and
#: headquarters do not take ground). Overridable with the ``symbols`` parameter.
MANOEUVRE_SYMBOLS = ("armour", "mechanised", "infantry", "motorised", "air_assault", "airborne",
                     "naval_infantry", "reconnaissance", "cavalry", "special_forces")

#: The movement class whose edges the encirclement trace follows: wheeled supply columns.
TRACE_CLASS = "wheeled"


def turn_to_hours(first_turn: float | None, turn_hours: int) -> float | None:
    """A ``first_turn`` result as hours from H-hour: the end of the turn in which it happened."""
    return None if first_turn is None else float(first_turn) * turn_hours


def _place_hexes(state: "State", names: tuple[str, ...], what: str) -> tuple[int, ...]:
    g = state.game
    cache = g.__dict__.setdefault("_metric_places", {})
    hit = cache.get(names)
    if hit is not None:
        return hit
    out = []
    for n in names:
        h = place_hex(g, n)  # an objective, a place or 'q,r'
        if h is None:
            raise MetricError(f"metric {what}: {n!r} is neither an objective nor a place on the map")
        out.append(g.index[h])
    cache[names] = res = tuple(sorted(set(out)))
    return res


def _dist(state: "State", i: int, j: int) -> int:
    a, b = state.game.hexes[i], state.game.hexes[j]
    dq, dr = a[0] - b[0], a[1] - b[1]
    return (abs(dq) + abs(dr) + abs(dq + dr)) // 2


@register_metric("within_of", ("side", "places", "within", "symbols"),
                 "1 while a manoeuvre unit of a side is within N hexes of one of some places")
def m_within_of(state: "State", params: Mapping[str, str], ctx: "MetricContext") -> float:
    """1 while a manoeuvre unit of ``side`` is within ``within`` hexes of one of ``places`` (reduce: first_turn)."""
    side = p_str(params, "side")
    names = p_list(params, "places")
    if not names:
        raise MetricError("metric within_of: parameter 'places' is missing (e.g. 'Riga' or 'Warsaw,Dęblin')")
    within = p_int(params, "within", 1)
    symbols = p_list(params, "symbols") or MANOEUVRE_SYMBOLS
    targets = _place_hexes(state, names, "within_of")
    uts = state.game.unit_types
    for uid in sorted(state.units):
        u = state.units[uid]
        if u.side != side or uts[u.type].symbol not in symbols:
            continue
        if any(_dist(state, u.pos, t) <= within for t in targets):
            return 1.0
    return 0.0


def _sources(state: "State", side: str, outside: int) -> frozenset[int]:
    """Where ``side``'s supply comes from now, from outside the hex ``outside``: entry hexes, depots,
    active source bases, and the railheads they feed, as the supply trace sees them
    (engine/rules/supply.py), except the place itself and the railheads only it feeds. A city whose
    own depots are an entry (Warsaw) would otherwise feed every rail hex round it, and a ring at any
    distance would never cut it off from "its sources": the garrison's depots inside the ring."""
    from engine.rules import supply
    ss = supply.static(state.game)
    out = set(ss.entries.get(side, ())) | set(supply._railheads(state, side, frozenset({outside})))
    out |= {ss.base_pos[b.id] for b in ss.sources.get(side, ()) if state.base_active.get(b.id)}
    return frozenset(out - {outside})


@register_metric("encircled", ("side", "place"),
                 "1 while a side cannot trace from a place to its sources past enemy units and ZOC")
def m_encircled(state: "State", params: Mapping[str, str], ctx: "MetricContext") -> float:
    """1 while ``side`` has no path from ``place`` to any of its sources or entry hexes (other than the
    place itself) that avoids enemy-held hexes and enemy zones of control; 1 too if the enemy holds it."""
    from engine.rules.occupancy import enemy_sets
    from engine.rules.search import settle
    side = p_str(params, "side")
    (start,) = _place_hexes(state, (p_str(params, "place"),), "encircled")
    g = state.game
    owner = state.control.get(start)
    occ, zoc = enemy_sets(state, side)
    if start in occ or (owner is not None and owner != side and owner != ""):
        return 1.0
    from engine.rules import supply
    if not supply.is_modelled(state, side):
        return 0.0  # a side without supply sources in the scenario is never cut off from them
    goals = _sources(state, side, start)
    if not goals:
        raise MetricError(f"metric encircled: side {side!r} has no entry hex or supply source besides the place")
    blocked = occ | zoc
    best: dict[int, tuple[int, int]] = {}
    budget = 1 << 20  # the whole map: encirclement is about any path, not a range
    end = settle(g.edges[TRACE_CLASS], start, budget, blocked, best, visit=lambda _, i: i in goals)
    return 0.0 if end >= 0 else 1.0


@register_metric("echelon_loss", ("units", "day"),
                 "share of some units' starting steps lost (by day D)")
def m_echelon_loss(state: "State", params: Mapping[str, str], ctx: "MetricContext") -> float:
    """Share (0-1) of the starting steps of ``units`` lost so far; with ``day``, 0 once more than
    ``day`` turns are over (so ``reduce: max`` reads it on day D)."""
    ids = p_list(params, "units")
    if not ids:
        raise MetricError("metric echelon_loss: parameter 'units' is missing (unit ids, e.g. 'pl_1armd,pl_19mech')")
    if params.get("day") is not None and state.turn - 1 > p_int(params, "day"):
        return 0.0
    g = state.game
    start = {u.id: u.strength for u in g.scenario.units}
    unknown = [i for i in ids if i not in start]
    if unknown:
        raise MetricError(f"metric echelon_loss: {', '.join(unknown)} not among the scenario's starting units")
    total = sum(start[i] for i in ids)
    if total <= 0:
        return 0.0
    left = sum(min(state.units[i].strength, start[i]) for i in ids if i in state.units)
    return (total - left) / total


def _border_hexes(state: "State", countries: tuple[str, ...]) -> tuple[int, ...]:
    """The hexes of each of ``countries`` next to a hex of another of them (the Polish-Lithuanian
    border strip for 'POL,LTU': the Suwałki gap as the map draws it), cached on the Game."""
    g = state.game
    cache = g.__dict__.setdefault("_metric_borders", {})
    hit = cache.get(countries)
    if hit is None:
        cs = set(countries)
        hit = cache[countries] = tuple(i for i, c in enumerate(g.country) if c in cs and g.land[i] and any(
            g.country[j] in cs and g.country[j] != c and g.land[j] for j in g.nbrs[i]))
    return hit


@register_metric("land_cut", ("side", "place", "to", "countries"),
                 "1 while a side cannot trace overland from a place to others past enemy units and ZOC")
def m_land_cut(state: "State", params: Mapping[str, str], ctx: "MetricContext") -> float:
    """1 while ``side`` has no path from ``place`` to any of ``to`` through the hexes of ``countries``
    (default: its home countries) that enters no enemy-held hex and no enemy zone of control without
    a unit of its own (supply's trace, engine/rules/supply.py); 1 too if the enemy holds ``place``."""
    from engine.rules import supply
    from engine.rules.occupancy import enemy_sets
    from engine.rules.search import settle
    side = p_str(params, "side")
    (start,) = _place_hexes(state, (p_str(params, "place"),), "land_cut")
    goals = frozenset(_place_hexes(state, p_list(params, "to"), "land_cut")) - {start}
    if not goals:
        raise MetricError("metric land_cut: parameter 'to' names no place other than 'place'")
    g = state.game
    cs = p_list(params, "countries") or next((tuple(s.home_countries) for s in g.scenario.sides if s.id == side), ())
    cache = g.__dict__.setdefault("_metric_outside", {})
    outside = cache.get(cs)
    if outside is None:
        outside = cache[cs] = frozenset(i for i, c in enumerate(g.country) if c not in cs)
    owner = state.control.get(start)
    occ, _zoc = enemy_sets(state, side)
    if start in occ or (owner is not None and owner != side and owner != ""):
        return 1.0
    blocked = supply.trace_blocked(state, side) | outside
    best: dict[int, tuple[int, int]] = {}
    end = settle(g.edges[TRACE_CLASS], start, 1 << 20, blocked - {start}, best, visit=lambda _, i: i in goals)
    return 0.0 if end >= 0 else 1.0


@register_metric("fire_cover", ("side", "between", "from", "from_each", "guns"),
                 "share of the border hexes between some countries within a side's fire range")
def m_fire_cover(state: "State", params: Mapping[str, str], ctx: "MetricContext") -> float:
    """Share (0-1) of the hexes on the borders ``between`` some countries within fire range of a fire unit
    of ``side`` (attack > 0 and a fire range, engine/rules/fires.py; the ranges are the unit types'
    data): standing anywhere, in one of ``from``, or covered from each of ``from_each`` (crossfire).
    ``guns: stationed`` reads each surviving fire unit as able to fire from any hex of the country it
    started in ("artillery stationed on both sides could cover the corridor"), not from where it stands."""
    from engine.rules.fires import fire_range
    side = p_str(params, "side")
    between, anywhere_of, each = p_list(params, "between"), p_list(params, "from"), p_list(params, "from_each")
    mode = p_str(params, "guns", "now")
    if mode not in GUN_MODES:
        raise MetricError(f"metric fire_cover: guns={mode!r} is not one of {', '.join(GUN_MODES)}")
    if len(set(between)) < 2:
        raise MetricError("metric fire_cover: parameter 'between' needs two countries or more (e.g. 'POL,LTU')")
    if anywhere_of and each:
        raise MetricError("metric fire_cover: give 'from' (any of these countries) or 'from_each' (each of them), "
                          "not both")
    area = _border_hexes(state, tuple(sorted(set(between))))
    if not area:
        raise MetricError(f"metric fire_cover: the map has no hexes where {', '.join(between)} border each other")
    g = state.game
    start = {s.id: g.country[g.index[s.location]] for s in g.scenario.units if not s.box and s.location in g.index}
    guns: list[tuple[int, int, str]] = []  # (hex or -1 for 'anywhere in its country', reach, country)
    for uid in sorted(state.units):
        u = state.units[uid]
        r = fire_range(state, u) if u.side == side else 0
        if r <= 0:
            continue
        if mode == "now":
            guns.append((u.pos, r, g.country[u.pos]))
        elif uid in start:
            guns.append((-1, r, start[uid]))

    def reaches(p: int, r: int, c: str, h: int) -> bool:
        return _dist(state, h, p) <= r if p >= 0 else ctx.distance_to_countries((c,))[h] <= r

    groups: list[tuple[str, ...] | None] = [(c,) for c in each] if each else [anywhere_of or None]
    hit = sum(1 for h in area if all(any(reaches(p, r, c, h) for p, r, c in guns if grp is None or c in grp)
                                     for grp in groups))
    return hit / len(area)

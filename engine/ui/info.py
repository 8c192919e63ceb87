"""Plain values the Session hands the drawing code (units, bases, bubbles, tracks, cards, odds, hexes).

Frozen and engine-free, so panels and painters never read engine internals.
"""

from __future__ import annotations

from typing import Any

import attrs

from engine.geo.hexgrid import Hex


MAX_UNDO = 200


@attrs.frozen
class UnitInfo:
    id: str
    name: str
    side: str
    nation: str
    type: str
    type_name: str
    symbol: str
    size: str
    hex: Hex
    strength: int
    steps: int
    readiness: str
    moved: bool
    attacked: bool
    supplied: bool
    attack: int
    defence: int
    movement: int
    ready_in: int = 0  # turns to the next readiness state (0: not raising)
    readiness_rank: int = -1  # 0 = least ready; -1 unknown
    oos_turns: int = 0
    transship_until: int = 0  # > 0: held at a transshipment point until this turn
    transship_to: str = ""  # where it goes on after transshipment
    strike: int = 0
    range: int = 0
    air_defence: int = 0
    air_defence_radius: int = 0
    ew_radius: int = 0
    detection_range: int = 0


@attrs.frozen
class BaseInfo:
    """A base as the map draws it: kind, owner, whether it works now, and its radii."""

    id: str
    kind: str
    name: str
    side: str
    hex: Hex
    active: bool
    down_until: int  # > 0: knocked out by a strike until this turn
    capacity: int
    stocks: tuple[tuple[str, int], ...]
    air_points: int
    detection_range: int
    ew_shift: int
    ew_radius: int
    air_defence: int
    air_defence_radius: int
    supply_source: bool
    readiness_bonus: int


@attrs.frozen
class Bubble:
    """A radius on the map: air defence (``ad``), electronic warfare (``ew``) or radar (``radar``)."""

    kind: str
    source: str
    side: str
    hex: Hex
    radius: int
    value: int  # AD capacity per turn, EW shift, radar range
    used: int = 0  # AD capacity used this turn


@attrs.frozen
class CutInfo:
    a: Hex
    b: Hex
    until: int
    reason: str


@attrs.frozen
class TrackInfo:
    id: str
    name: str
    value: int
    min: int
    max: int
    thresholds: tuple[tuple[str, int], ...]


@attrs.frozen
class OptionCard:
    id: str
    side: str
    name: str
    description: str
    cost: tuple[tuple[str, int], ...]
    delay: int
    available: bool
    taken: bool
    why_not: str = ""
    needs: tuple[str, ...] = ()  # prerequisites, as text


@attrs.frozen
class OddsInfo:
    """What the attacker sees before confirming: strengths, ratio, column after shifts."""

    attack: float
    defence: float
    ratio_text: str
    column: str
    shifts: tuple[tuple[str, int], ...]
    legal: bool
    why_not: str = ""
    #: (result code, what it means, chance) for each result the column's die rolls can give
    chances: tuple[tuple[str, str, float], ...] = ()


@attrs.frozen
class HexInfo:
    hex: Hex
    terrain: str
    country: str
    places: tuple[str, ...]
    rivers: tuple[str, ...]
    rail: tuple[str, ...]
    roads: tuple[str, ...]
    airfields: tuple[str, ...]
    control: str
    units: tuple[UnitInfo, ...]


def _ratio_text(a: float, d: float) -> str:
    if d <= 0:
        return "auto"
    r = a / d
    return f"{r:.1f}:1" if r >= 1 else f"1:{d / a:.1f}" if a > 0 else "0:1"


def hex_info(m: Any, h: Hex, units: tuple[UnitInfo, ...] = (), control: str = "") -> HexInfo:
    """What the hover box shows about a hex (also used without a game, in map view)."""
    rivers = sorted({f"{rv.name} ({rv.klass})" for _, rv in m.rivers_of(h)})
    rail = sorted({f"{ln.line} ({ln.gauge} mm)" for n in m.neighbors(h) if (ln := m.rail_between(h, n))})
    roads = sorted({ln.line for n in m.neighbors(h) if (ln := m.road_between(h, n))})
    airfields = [f"{a.name} ({a.icao}{', military' if a.military else ''})" for a in m.airfields_at(h)]
    trans = m.transshipment_at(h)
    if trans is not None:
        rail.append(f"gauge change: {trans.name}")
    places = tuple(f"{p.name} ({p.population:,})" if p.population else p.name for p in m.places_at(h))
    return HexInfo(h, m.terrain[h], m.country.get(h, ""), places, tuple(rivers), tuple(rail),
                   tuple(roads), tuple(airfields), control, units)

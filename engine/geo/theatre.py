"""The theatre map: hexes with terrain and country, hexside rivers, rail and
road links, places and airfields.

A :class:`TheatreMap` is static for a whole game: rules and the UI query it,
nothing changes it. It is built by ``maps/build.py`` from open data and read
from the committed ``maps/*.map`` file by :mod:`engine.geo.mapfile`.
"""

from __future__ import annotations

import unicodedata
from functools import cached_property
from typing import Iterable, Mapping

import attrs

from engine.errors import MapError, did_you_mean
from engine.geo.hexgrid import Hex, hexside, neighbors as hex_neighbors
from engine.geo.projection import HexProjection

#: Terrain names the engine knows; rules YAML keys its effects by these names.
TERRAINS = ("open", "forest", "marsh", "urban", "water", "sea")
#: Country code of hexes that belong to no state.
SEA = "SEA"

#: Railway gauges in millimetres.
GAUGE_RUSSIAN = 1520
GAUGE_STANDARD = 1435


def fold(name: str) -> str:
    """Case- and accent-free key so 'Białystok', 'bialystok' and 'BIALYSTOK' match."""
    text = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()


@attrs.frozen
class RiverSide:
    """A river on a hexside: its name and class ('major' or 'minor')."""

    name: str
    klass: str


@attrs.frozen
class Link:
    """A rail or road link between two adjacent hexes.

    ``gauge`` is in mm for rail (1520 or 1435), 0 for roads; ``line`` names the
    corridor it belongs to (e.g. 'Brest–Minsk'); ``klass`` is 'main' or
    'secondary'.
    """

    a: Hex
    b: Hex
    kind: str  # "rail" | "road"
    gauge: int
    line: str
    klass: str = "main"


@attrs.frozen
class Place:
    """A city or town, merged per hex (the largest names the hex)."""

    name: str
    hex: Hex
    lat: float
    lon: float
    population: int
    country: str
    aliases: tuple[str, ...] = ()


@attrs.frozen
class Airfield:
    name: str
    icao: str
    hex: Hex
    lat: float
    lon: float
    military: bool
    country: str


@attrs.frozen
class Transshipment:
    """Where 1435 mm and 1520 mm rail meet and loads change trains."""

    name: str
    hex: Hex
    gauges: tuple[int, ...] = (GAUGE_STANDARD, GAUGE_RUSSIAN)


@attrs.frozen(eq=False)
class TheatreMap:
    """The static map. Dicts inside are never mutated after loading."""

    name: str
    hex_km: float
    grid: HexProjection
    bounds: tuple[float, float, float, float]  # west, south, east, north (degrees)
    terrain: Mapping[Hex, str]
    country: Mapping[Hex, str]
    rivers: Mapping[tuple[Hex, Hex], RiverSide]
    rail: Mapping[tuple[Hex, Hex], Link]
    roads: Mapping[tuple[Hex, Hex], Link]
    places: tuple[Place, ...]
    airfields: tuple[Airfield, ...]
    transshipments: tuple[Transshipment, ...]
    source: str = ""  # the file it was read from, for messages

    # --- hexes ---------------------------------------------------------------
    def __contains__(self, h: object) -> bool:
        return h in self.terrain

    def hexes(self) -> list[Hex]:
        """Every hex of the map, in (q, r) order."""
        return self._sorted_hexes

    @cached_property
    def _sorted_hexes(self) -> list[Hex]:
        return sorted(self.terrain)

    def terrain_of(self, h: Hex) -> str:
        return self.terrain[h]

    def country_of(self, h: Hex) -> str:
        return self.country[h]

    def is_land(self, h: Hex) -> bool:
        return self.terrain.get(h, "sea") not in ("water", "sea")

    @cached_property
    def _neighbors(self) -> dict[Hex, tuple[Hex, ...]]:
        t = self.terrain
        return {h: tuple(n for n in hex_neighbors(h) if n in t) for h in t}

    def neighbors(self, h: Hex) -> tuple[Hex, ...]:
        """On-map neighbours in direction order (cached: the map never changes)."""
        return self._neighbors[h]

    # --- hexsides ------------------------------------------------------------
    def river_between(self, a: Hex, b: Hex) -> RiverSide | None:
        return self.rivers.get(hexside(a, b))

    def rail_between(self, a: Hex, b: Hex) -> Link | None:
        return self.rail.get(hexside(a, b))

    def road_between(self, a: Hex, b: Hex) -> Link | None:
        return self.roads.get(hexside(a, b))

    def is_border(self, a: Hex, b: Hex) -> bool:
        return self.country.get(a) != self.country.get(b)

    def rivers_of(self, h: Hex) -> list[tuple[Hex, RiverSide]]:
        """(neighbour, river) for each river on the sides of ``h``."""
        return [(n, r) for n in self.neighbors(h) if (r := self.river_between(h, n)) is not None]

    @cached_property
    def rail_adjacency(self) -> dict[Hex, tuple[Hex, ...]]:
        """Hex -> hexes one rail link away, sorted."""
        adj: dict[Hex, list[Hex]] = {}
        for a, b in self.rail:
            adj.setdefault(a, []).append(b)
            adj.setdefault(b, []).append(a)
        return {h: tuple(sorted(v)) for h, v in adj.items()}

    @cached_property
    def road_adjacency(self) -> dict[Hex, tuple[Hex, ...]]:
        adj: dict[Hex, list[Hex]] = {}
        for a, b in self.roads:
            adj.setdefault(a, []).append(b)
            adj.setdefault(b, []).append(a)
        return {h: tuple(sorted(v)) for h, v in adj.items()}

    def transshipment_at(self, h: Hex) -> Transshipment | None:
        return self._transshipment_index.get(h)

    @cached_property
    def _transshipment_index(self) -> dict[Hex, Transshipment]:
        return {t.hex: t for t in self.transshipments}

    # --- places --------------------------------------------------------------
    @cached_property
    def _place_index(self) -> dict[str, Hex]:
        idx: dict[str, Hex] = {}
        # Smaller entries first so the larger place wins a clash of names.
        for p in sorted(self.places, key=lambda p: (p.population, p.name)):
            for n in (p.name, *p.aliases):
                idx[fold(n)] = p.hex
        for a in self.airfields:
            idx.setdefault(fold(a.name), a.hex)
            if a.icao:
                idx.setdefault(fold(a.icao), a.hex)
        for t in self.transshipments:
            idx.setdefault(fold(t.name), t.hex)
        return idx

    def place_names(self) -> list[str]:
        """Every name a scenario may use for a location, sorted."""
        names = {p.name for p in self.places}
        names.update(a for p in self.places for a in p.aliases)
        names.update(a.name for a in self.airfields)
        names.update(t.name for t in self.transshipments)
        return sorted(names)

    def find_place(self, name: str) -> Hex | None:
        return self._place_index.get(fold(name))

    def place_hex(self, name: str) -> Hex:
        """Hex of a named place; MapError with the nearest names otherwise."""
        h = self.find_place(name)
        if h is None:
            raise MapError(f"{name!r} is not a place on the map{did_you_mean(name, self.place_names())}")
        return h

    @cached_property
    def _places_by_hex(self) -> dict[Hex, tuple[Place, ...]]:
        out: dict[Hex, list[Place]] = {}
        for p in self.places:
            out.setdefault(p.hex, []).append(p)
        return {h: tuple(sorted(v, key=lambda p: (-p.population, p.name))) for h, v in out.items()}

    def places_at(self, h: Hex) -> tuple[Place, ...]:
        """Places in a hex, largest first."""
        return self._places_by_hex.get(h, ())

    def place_name_at(self, h: Hex) -> str | None:
        ps = self.places_at(h)
        return ps[0].name if ps else None

    def airfields_at(self, h: Hex) -> tuple[Airfield, ...]:
        return tuple(a for a in self.airfields if a.hex == h)

    def hex_label(self, h: Hex) -> str:
        """A readable name for a hex: its largest place, else 'q,r'."""
        return self.place_name_at(h) or str(h)

    # --- geography -----------------------------------------------------------
    def locate(self, lat: float, lon: float) -> Hex:
        """The hex under a point; MapError if it is off the map."""
        h = self.grid.latlon_to_hex(lat, lon)
        if h not in self.terrain:
            w, s, e, n = self.bounds
            raise MapError(f"point {lat:.4f}N {lon:.4f}E is outside the map "
                           f"(covers about {s:g}–{n:g}N, {w:g}–{e:g}E)")
        return h

    def latlon(self, h: Hex) -> tuple[float, float]:
        return self.grid.hex_to_latlon(h)

    def counts_by(self, attr: str) -> dict[str, int]:
        table = self.terrain if attr == "terrain" else self.country
        out: dict[str, int] = {}
        for v in table.values():
            out[v] = out.get(v, 0) + 1
        return dict(sorted(out.items()))


def sides(pairs: Iterable[tuple[Hex, Hex]]) -> list[tuple[Hex, Hex]]:
    """Canonical, sorted hexside keys."""
    return sorted({hexside(a, b) for a, b in pairs})

"""A tiny synthetic theatre map for tests of mechanism (no map file needed).

12 × 8 hexes (odd-r rectangle) around 53.5N 26.5E with 15 km hexes: Poland
('POL') in the west five columns, Belarus ('BLR') east of them; a forest
block, a marsh, a lake hex (water) with a place on it, a major river
('Neman') along the hexsides between rows 3 and 4 in the east, one rail line
and one road. Places: Brest, Hrodna, Baranavichy, Minsk, Narach (on the
lake), Bialystok, Suwalki. The engine team may reuse it.
"""

from __future__ import annotations

from engine.geo.hexgrid import Hex, from_offset, hexside
from engine.geo.projection import HexProjection, Projection
from engine.geo.theatre import Link, Place, RiverSide, TheatreMap, Transshipment

COLS, ROWS = 12, 8
PLACES = {  # name: (col, row, population, country)
    "Bialystok": (1, 2, 290_000, "POL"),
    "Suwalki": (2, 0, 69_000, "POL"),
    "Brest": (5, 6, 340_000, "BLR"),
    "Hrodna": (6, 1, 360_000, "BLR"),
    "Baranavichy": (8, 5, 170_000, "BLR"),
    "Minsk": (11, 2, 2_000_000, "BLR"),
    "Narach": (9, 1, 3_000, "BLR"),
}
LAKE = (9, 1)


def build() -> TheatreMap:
    grid = HexProjection(Projection(53.5, 26.5), 15.0, (0.0, 0.0))
    terrain: dict[Hex, str] = {}
    country: dict[Hex, str] = {}
    for row in range(ROWS):
        for col in range(COLS):
            h = from_offset(col, row)
            t = "open"
            if 3 <= col <= 4 and 4 <= row <= 6:
                t = "forest"
            if 6 <= col <= 8 and row == 7:
                t = "marsh"
            if (col, row) == LAKE:
                t = "water"
            terrain[h] = t
            country[h] = "POL" if col < 5 else "BLR"
    for name, (col, row, _, _) in PLACES.items():
        if terrain[from_offset(col, row)] == "open":
            terrain[from_offset(col, row)] = "urban"
    terrain[from_offset(*LAKE)] = "water"
    rivers = {}
    for col in range(6, COLS):
        a, b = from_offset(col, 3), from_offset(col, 4)
        rivers[hexside(a, b)] = RiverSide("Neman", "major")
    rail = {}
    line = [from_offset(c, 5) for c in range(5, COLS)]
    for a, b in zip(line, line[1:]):
        x, y = hexside(a, b)
        rail[(x, y)] = Link(x, y, "rail", 1520, "Brest–Minsk")
    roads = {}
    rline = [from_offset(c, 2) for c in range(0, COLS)]
    for a, b in zip(rline, rline[1:]):
        x, y = hexside(a, b)
        roads[(x, y)] = Link(x, y, "road", 0, "M6")
    places = []
    for name, (col, row, pop, iso) in PLACES.items():
        h = from_offset(col, row)
        lat, lon = grid.hex_to_latlon(h)
        places.append(Place(name, h, round(lat, 4), round(lon, 4), pop, iso))
    lats = [grid.hex_to_latlon(h)[0] for h in terrain]
    lons = [grid.hex_to_latlon(h)[1] for h in terrain]
    return TheatreMap(
        name="test map", hex_km=15.0, grid=grid, bounds=(min(lons), min(lats), max(lons), max(lats)),
        terrain=terrain, country=country, rivers=rivers, rail=rail, roads=roads, places=tuple(places),
        airfields=(), transshipments=(Transshipment("Brest", from_offset(5, 6)),), source="tests/mapfixture.py")

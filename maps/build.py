"""Build ``maps/belarus.map`` from open data plus ``maps/curated.yaml``.

Run from the repository root::

    python -m maps.build [--hex-km 15] [--out maps/belarus.map]

Deterministic: no set or unordered dict decides anything, every source is
read in a fixed order and every float is rounded on output, so two runs give
byte-identical files. Needs the ``mapbuild`` extra (see maps/README.md).
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import deque
from pathlib import Path
from typing import Any, Callable, Sequence

import yaml

from engine.geo import mapfile
from engine.geo.hexgrid import Hex, distance, from_offset, hexside, line as hex_line, neighbors
from engine.geo.projection import HexProjection, Projection, great_circle_km
from engine.geo.theatre import (
    GAUGE_RUSSIAN,
    GAUGE_STANDARD,
    SEA,
    Airfield,
    Link,
    Place,
    RiverSide,
    TheatreMap,
    Transshipment,
    fold,
)

from . import rivers as rv
from . import sources

HERE = Path(__file__).resolve().parent
CURATED = HERE / "curated.yaml"
CENTER = (53.5, 26.5)
MAP_NAME = "Belarus and the Eastern Flank"

ISO2_TO_3 = {"BY": "BLR", "PL": "POL", "LT": "LTU", "LV": "LVA", "RU": "RUS", "UA": "UKR", "EE": "EST",
             "SK": "SVK", "CZ": "CZE", "DE": "DEU", "HU": "HUN", "MD": "MDA", "RO": "ROU"}
#: Countries whose railways are 1435 mm (oob 5.1); everything else here is 1520 mm.
STANDARD_GAUGE = ("POL", "SVK", "CZE", "DEU", "HUN")

#: IGBP classes of MCD12C1 grouped into our terrain (MAPDATA.md).
FOREST = (1, 2, 3, 4, 5, 8)      # forests and woody savanna (>30 % trees)
OPEN = (6, 7, 9, 10, 12, 14, 16)  # shrub, savanna, grass, crops, mosaic, barren
MARSH = (11,)
URBAN = (13,)
WATER = (0, 15, 17)

#: A hex holding a place this large is urban whatever MODIS says.
URBAN_POP = 150_000
#: GeoNames entries this close to a larger city are its districts (km).
MERGE_KM = 10.0
MERGE_KM_METRO = 16.0  # around cities of a million or more


def log(msg: str) -> None:
    print(f"maps.build: {msg}", file=sys.stderr)


# --- grid -----------------------------------------------------------------------

def grid_rectangle(grid: HexProjection, box: dict) -> tuple[int, int, int, int]:
    """Odd-r rectangle (col0, row0, cols, rows) whose hexes cover the lat/lon box."""
    w, s, e, n = box["west"], box["south"], box["east"], box["north"]
    pts = []
    for k in range(101):
        t = k / 100
        pts += [(s, w + (e - w) * t), (n, w + (e - w) * t), (s + (n - s) * t, w), (s + (n - s) * t, e)]
    xy = [grid.projection.forward(lat, lon) for lat, lon in pts]
    xs, ys = [p[0] for p in xy], [p[1] for p in xy]
    size = grid.size_km
    row0 = math.floor(-max(ys) / (1.5 * size))
    row1 = math.ceil(-min(ys) / (1.5 * size))
    col0 = math.floor(min(xs) / grid.hex_km) - 1
    col1 = math.ceil(max(xs) / grid.hex_km)
    return col0, row0, col1 - col0 + 1, row1 - row0 + 1


def offsets(radius_km: float, rings: Sequence[tuple[float, int]]) -> list[tuple[float, float]]:
    """Sample offsets in the plane: the centre, then rings of points."""
    out = [(0.0, 0.0)]
    for frac, n in rings:
        for i in range(n):
            ang = math.radians(90 + 360.0 * i / n)
            out.append((radius_km * frac * math.cos(ang), radius_km * frac * math.sin(ang)))
    return out


def sample_points(grid: HexProjection, hexes: list[Hex],
                  offs: list[tuple[float, float]]) -> tuple[list[float], list[float]]:
    """(lats, lons) of every sample point, hex by hex in ``hexes`` order."""
    lats, lons = [], []
    for h in hexes:
        cx, cy = grid.hex_to_plane(h)
        for dx, dy in offs:
            lat, lon = grid.projection.inverse(cx + dx, cy + dy)
            lats.append(lat)
            lons.append(lon)
    return lats, lons


# --- countries and terrain ------------------------------------------------------

def country_votes(grid: HexProjection, hexes: list[Hex]) -> dict[Hex, list[str]]:
    """Country under each sample point of each hex ('SEA' off land)."""
    import numpy as np
    import shapely

    polys = [(k, g) for k, g in sources.read_polygons(
        sources.natural_earth("cultural/ne_10m_admin_0_countries.shp"), "ADM0_A3")]
    offs = offsets(grid.size_km, [(0.6, 6)])
    lats, lons = sample_points(grid, hexes, offs)
    lat_a, lon_a = np.array(lats), np.array(lons)
    code = np.full(len(lats), SEA, dtype=object)
    bbox = shapely.box(float(lon_a.min()), float(lat_a.min()), float(lon_a.max()), float(lat_a.max()))
    for key, geom in polys:  # file order; borders never overlap in Natural Earth
        if not geom.intersects(bbox):
            continue
        shapely.prepare(geom)
        inside = shapely.contains_xy(geom, lon_a, lat_a)
        code[inside & (code == SEA)] = key
    n = len(offs)
    return {h: [str(c) for c in code[i * n:(i + 1) * n]] for i, h in enumerate(hexes)}


def decide_country(votes: list[str]) -> str:
    sea = votes.count(SEA)
    if sea * 2 > len(votes):
        return SEA
    land = [v for v in votes if v != SEA]
    tally = sorted({v: land.count(v) for v in land}.items(), key=lambda kv: (-kv[1], kv[0] != votes[0], kv[0]))
    return tally[0][0]


def landcover_votes(grid: HexProjection, hexes: list[Hex]) -> dict[Hex, list[int]]:
    """MODIS IGBP class under 19 sample points of each hex."""
    lc = sources.modis_landcover()
    offs = offsets(grid.size_km, [(0.45, 6), (0.85, 12)])
    out = {}
    for h in hexes:
        cx, cy = grid.hex_to_plane(h)
        vals = []
        for dx, dy in offs:
            lat, lon = grid.projection.inverse(cx + dx, cy + dy)
            row = min(3599, max(0, int((90.0 - lat) / 0.05)))
            col = min(7199, max(0, int((lon + 180.0) / 0.05)))
            vals.append(int(lc[row, col]))
        out[h] = vals
    return out


def lake_share(grid: HexProjection, hexes: list[Hex]) -> dict[Hex, float]:
    """Share of sample points inside Natural Earth 1:10m lakes."""
    import numpy as np
    import shapely

    lakes = [g for _, g in sources.read_polygons(sources.natural_earth("physical/ne_10m_lakes.shp"), "name")]
    offs = offsets(grid.size_km, [(0.45, 6), (0.85, 12)])
    lats, lons = sample_points(grid, hexes, offs)
    lat_a, lon_a = np.array(lats), np.array(lons)
    hit = np.zeros(len(lats), dtype=bool)
    bbox = shapely.box(float(lon_a.min()), float(lat_a.min()), float(lon_a.max()), float(lat_a.max()))
    for g in lakes:
        if g.intersects(bbox):
            shapely.prepare(g)
            hit |= shapely.contains_xy(g, lon_a, lat_a)
    n = len(offs)
    return {h: float(hit[i * n:(i + 1) * n].sum()) / n for i, h in enumerate(hexes)}


def in_outline(outline: Sequence[Sequence[float]], lat: float, lon: float) -> bool:
    """Point in a (lat, lon) polygon, by ray casting (no geo package needed)."""
    inside = False
    n = len(outline)
    for i in range(n):
        (y1, x1), (y2, x2) = outline[i], outline[(i + 1) % n]
        if (y1 > lat) != (y2 > lat):
            x = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
            if lon < x:
                inside = not inside
    return inside


def decide_terrain(lc: list[int], lake: float) -> str:
    n = len(lc)
    if lake >= 0.5 or sum(v in WATER for v in lc) * 2 > n:
        return "water"
    if sum(v in URBAN for v in lc) * 5 >= n * 2:
        return "urban"
    forest = sum(v in FOREST for v in lc)
    openv = sum(v in OPEN for v in lc)
    marsh = sum(v in MARSH for v in lc)
    best = max((forest, "forest"), (marsh, "marsh"), (openv, "open"), key=lambda t: (t[0], t[1] == "open"))
    return best[1] if best[0] > 0 else "open"


# --- places -----------------------------------------------------------------------

def build_places(cur: dict, grid: HexProjection, on_map: Callable[[Hex], bool]) -> list[Place]:
    cities = [c for c in sources.geonames_cities() if on_map(grid.latlon_to_hex(c["latitude"], c["longitude"]))]
    cities.sort(key=lambda c: (-int(c["population"]), int(c["geonameid"])))
    kept: list[dict] = []
    for c in cities:
        merged = False
        for k in kept:
            r = MERGE_KM_METRO if int(k["population"]) >= 1_000_000 else MERGE_KM
            if great_circle_km(c["latitude"], c["longitude"], k["latitude"], k["longitude"]) <= r:
                merged = True
                break
        if not merged:
            kept.append(c)
    by_id: dict[int, dict[str, Any]] = {int(c["geonameid"]): {"name": c["name"], "aliases": [], "lat": c["latitude"],
                                                             "lon": c["longitude"], "pop": int(c["population"]),
                                                             "cc": ISO2_TO_3.get(c["countrycode"], c["countrycode"])}
                                        for c in kept}
    extra: list[dict[str, Any]] = []
    for entry in cur["places"]:
        names = [str(n) for n in entry["names"]]
        keys = {fold(n) for n in names}
        match = None
        for c in kept:
            if great_circle_km(entry["lat"], entry["lon"], c["latitude"], c["longitude"]) > 12.0:
                continue
            cand = [c["name"], *c.get("alternatenames", [])]
            if any(fold(x) in keys for x in cand):
                match = c
                break
        if match is not None:
            rec = by_id[int(match["geonameid"])]
            aliases = [n for n in names[1:]]
            if fold(match["name"]) != fold(names[0]) and match["name"] not in aliases:
                aliases.append(match["name"])
            rec["name"], rec["aliases"] = names[0], aliases
            if "pop" in entry and rec["pop"] < int(entry["pop"]):
                rec["pop"] = int(entry["pop"])
        else:
            if "pop" not in entry:
                log(f"curated place {names[0]!r} matches no GeoNames city; added with population 10000")
            extra.append({"name": names[0], "aliases": names[1:], "lat": entry["lat"], "lon": entry["lon"],
                          "pop": int(entry.get("pop", 10000)), "cc": ""})
    out = []
    seen: set[str] = set()
    for rec in [*by_id.values(), *extra]:
        h = grid.latlon_to_hex(rec["lat"], rec["lon"])
        if not on_map(h):
            continue
        aliases = []
        for a in rec["aliases"]:
            if fold(a) not in seen and fold(a) != fold(rec["name"]) and a not in aliases:
                aliases.append(a)
        if fold(rec["name"]) in seen:
            log(f"place name {rec['name']!r} is used twice; the second is skipped")
            continue
        seen.add(fold(rec["name"]))
        seen.update(fold(a) for a in aliases)
        out.append(Place(rec["name"], h, round(float(rec["lat"]), 4), round(float(rec["lon"]), 4), rec["pop"],
                         rec["cc"], tuple(aliases)))
    return sorted(out, key=lambda p: (-p.population, p.name))


def build_airfields(cur: dict, grid: HexProjection, on_map: Callable[[Hex], bool],
                    country: dict[Hex, str]) -> list[Airfield]:
    spec = cur["airfields"]
    words = [w.lower() for w in spec["military_words"]]
    out = []
    for a in sources.airports():
        h = grid.latlon_to_hex(a["lat"], a["lon"])
        if not on_map(h):
            continue
        ren = spec["rename"].get(a["icao"], {})
        name = ren.get("name", a["name"])
        mil = bool(ren.get("military", any(w in a["name"].lower() for w in words)))
        cc = ISO2_TO_3.get(a["country"], a["country"])
        out.append(Airfield(name, a["icao"], h, round(float(a["lat"]), 4), round(float(a["lon"]), 4), mil, cc))
    for a in spec["add"]:
        h = grid.latlon_to_hex(a["lat"], a["lon"])
        if on_map(h):
            out.append(Airfield(a["name"], a["icao"], h, a["lat"], a["lon"], bool(a["military"]), country[h]))
    return sorted(out, key=lambda a: (a.hex, a.name))


# --- links --------------------------------------------------------------------------

def waypoint_hex(wp: Any, grid: HexProjection, places: dict[str, Hex], what: str) -> Hex:
    if isinstance(wp, str):
        h = places.get(fold(wp))
        if h is None:
            raise SystemExit(f"maps/curated.yaml: {what}: waypoint {wp!r} is not a place on the map")
        return h
    lat, lon = wp
    return grid.latlon_to_hex(float(lat), float(lon))


def land_path(a: Hex, b: Hex, is_land: Callable[[Hex], bool]) -> list[Hex]:
    """Straight hex line, or the shortest land path (BFS, fixed neighbour order) if it meets water."""
    straight = hex_line(a, b)
    if all(is_land(h) for h in straight[1:-1]):
        return straight
    prev: dict[Hex, Hex] = {a: a}
    q = deque([a])
    while q:
        h = q.popleft()
        if h == b:
            break
        for n in sorted(neighbors(h), key=lambda n: (distance(n, b), n)):
            if n not in prev and (n == b or is_land(n)):
                prev[n] = h
                q.append(n)
    if b not in prev:
        return straight
    out = [b]
    while out[-1] != a:
        out.append(prev[out[-1]])
    return out[::-1]


def build_links(lines: list[dict], kind: str, grid: HexProjection, places: dict[str, Hex],
                is_land: Callable[[Hex], bool], country: dict[Hex, str]) -> dict[tuple[Hex, Hex], Link]:
    out: dict[tuple[Hex, Hex], Link] = {}
    for spec in lines:
        name = spec["line"]
        hexes = [waypoint_hex(w, grid, places, name) for w in spec["via"]]
        path: list[Hex] = [hexes[0]]
        for a, b in zip(hexes, hexes[1:]):
            path.extend(land_path(a, b, is_land)[1:])
        for a, b in zip(path, path[1:]):
            if a == b:
                continue
            key = hexside(a, b)
            if key in out:
                continue  # the first line in the file owns a shared hexside
            if kind == "rail":
                std = country.get(a) in STANDARD_GAUGE or country.get(b) in STANDARD_GAUGE
                gauge = GAUGE_STANDARD if std else GAUGE_RUSSIAN
            else:
                gauge = 0
            out[key] = Link(key[0], key[1], kind, gauge, name, "main")
    return dict(sorted(out.items()))


def build_transshipments(cur: dict, grid: HexProjection, rail: dict[tuple[Hex, Hex], Link]) -> list[Transshipment]:
    gauges: dict[Hex, set[int]] = {}
    for (a, b), ln in rail.items():
        gauges.setdefault(a, set()).add(ln.gauge)
        gauges.setdefault(b, set()).add(ln.gauge)
    out = []
    for h in sorted(gauges):
        if len(gauges[h]) < 2:
            continue
        best = None
        for t in cur["transshipments"]:
            d = distance(h, grid.latlon_to_hex(t["lat"], t["lon"]))
            if d <= 3 and (best is None or d < best[0]):
                best = (d, t["name"])
        if best is None:
            raise SystemExit(f"maps/curated.yaml: gauges meet at hex {h} ({grid.hex_to_latlon(h)}) "
                             "but no transshipment point is curated within 3 hexes")
        out.append(Transshipment(best[1], h, (GAUGE_STANDARD, GAUGE_RUSSIAN)))
    names = [t.name for t in out]
    final = []
    for t in out:
        if names.count(t.name) > 1:
            k = [x for x in final if x.name.startswith(t.name)]
            final.append(Transshipment(f"{t.name} ({len(k) + 1})", t.hex, t.gauges))
        else:
            final.append(t)
    return final


# --- the build -------------------------------------------------------------------

def build(hex_km: float = 15.0) -> tuple[TheatreMap, tuple[int, int, int, int]]:
    if not 12.0 <= hex_km <= 16.0:
        raise SystemExit(f"--hex-km must be between 12 and 16 (got {hex_km:g})")
    cur = yaml.safe_load(CURATED.read_text(encoding="utf-8"))
    box = cur["box"]
    grid = HexProjection(Projection(*CENTER), hex_km)
    col0, row0, cols, rows = grid_rectangle(grid, box)
    hexes = sorted(from_offset(c, r) for r in range(row0, row0 + rows) for c in range(col0, col0 + cols))
    on_map_set = set(hexes)

    def on_map(h: Hex) -> bool:
        return h in on_map_set

    log(f"grid {cols} x {rows} = {len(hexes)} hexes of {hex_km:g} km")
    cvotes = country_votes(grid, hexes)
    country = {h: decide_country(cvotes[h]) for h in hexes}
    lcv = landcover_votes(grid, hexes)
    lakes = lake_share(grid, hexes)
    terrain = {h: ("sea" if country[h] == SEA else decide_terrain(lcv[h], lakes[h])) for h in hexes}

    places = build_places(cur, grid, on_map)
    # A town never sits in the sea: its hex is land of the town's country.
    for p in sorted(places, key=lambda p: (p.population, p.name)):
        if country[p.hex] == SEA:
            land = [v for v in cvotes[p.hex] if v != SEA]
            country[p.hex] = p.country or (land[0] if land else SEA)
            terrain[p.hex] = "open"
    places = [attrs_evolve_country(p, country) for p in places]
    for p in places:
        if p.population >= URBAN_POP and terrain[p.hex] != "sea":
            terrain[p.hex] = "urban"

    for marsh in cur["marshes"]:
        for h in hexes:
            if terrain[h] in ("open", "forest") and in_outline(marsh["outline"], *grid.hex_to_latlon(h)):
                terrain[h] = "marsh"

    airfields = build_airfields(cur, grid, on_map, country)

    segs = sources.gshhg_rivers(box["west"] - 2, box["south"] - 1, box["east"] + 2, box["north"] + 1)
    net = rv.RiverNetwork(segs, grid.projection.forward, max_level=4)
    river_sides: dict[tuple[Hex, Hex], RiverSide] = {}
    for spec in sorted(cur["rivers"], key=lambda s: (s["class"] != "major",)):  # stable: majors first
        anchors = [grid.projection.forward(lat, lon) for lat, lon in spec["anchors"]]
        line = rv.trace(net, anchors, int(spec.get("max_level", 4)), spec["name"], log)

        def wet_ok(h: Hex) -> bool:
            return on_map(h) and terrain[h] != "sea"
        for key in rv.crossed_sides(line, grid.hex_to_plane, grid.plane_to_hex, wet_ok):
            river_sides.setdefault(key, RiverSide(spec["name"], spec["class"]))
    river_sides = dict(sorted(river_sides.items()))

    index = {}
    for p in sorted(places, key=lambda p: (p.population, p.name)):
        for n in (p.name, *p.aliases):
            index[fold(n)] = p.hex

    def is_land(h: Hex) -> bool:
        return on_map(h) and terrain[h] not in ("water", "sea")

    rail = build_links(cur["rail"], "rail", grid, index, is_land, country)
    roads = build_links(cur["roads"], "road", grid, index, is_land, country)
    trans = build_transshipments(cur, grid, rail)

    w, s, e, n = (float(box[k]) for k in ("west", "south", "east", "north"))
    m = TheatreMap(name=MAP_NAME, hex_km=hex_km, grid=grid, bounds=(w, s, e, n), terrain=terrain, country=country,
                   rivers=river_sides, rail=rail, roads=roads, places=tuple(places), airfields=tuple(airfields),
                   transshipments=tuple(trans))
    return m, (col0, row0, cols, rows)


def attrs_evolve_country(p: Place, country: dict[Hex, str]) -> Place:
    """Curated towns take their hex's country; GeoNames towns keep their own."""
    import attrs

    return p if p.country else attrs.evolve(p, country=country[p.hex])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m maps.build", description=__doc__.splitlines()[0])
    ap.add_argument("--hex-km", type=float, default=15.0, help="hex width across the flats, 12-16 km (default 15)")
    ap.add_argument("--out", default=str(HERE / "belarus.map"), help="output file (default maps/belarus.map)")
    args = ap.parse_args(argv)
    try:
        m, rect = build(args.hex_km)
    except sources.SourceMissing as e:
        print(f"maps.build: {e}", file=sys.stderr)
        return 2
    mapfile.write(m, args.out, *rect)
    log(f"wrote {args.out}: {len(m.terrain)} hexes, {len(m.places)} places, {len(m.rivers)} river sides, "
        f"{len(m.rail)} rail links, {len(m.roads)} road links, {len(m.transshipments)} transshipments")
    return 0


if __name__ == "__main__":
    sys.exit(main())

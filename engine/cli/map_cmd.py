"""Map verbs: ``map info``, ``map locate``, ``map export`` and the top-level ``render``.

``map info`` and ``map locate`` never import pygame; ``render`` imports it lazily.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from engine.errors import EngineError, MapError
from engine.geo.hexgrid import Hex
from engine.geo.mapfile import load
from engine.geo.theatre import TheatreMap


def register(sub: Any) -> None:
    p_map = sub.add_parser("map", help="inspect the theatre map (info, locate, export)")
    msub = p_map.add_subparsers(dest="map_verb", metavar="MAPVERB")
    p_map.set_defaults(func=lambda a: (p_map.print_help(), 0)[1])

    p = msub.add_parser("info", help="hex size, bounds, counts by terrain and country")
    p.add_argument("--map", default=None, help="map file (default maps/belarus.map)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_info)

    p = msub.add_parser("locate", help="the hex under one or more LAT LON points")
    p.add_argument("coords", nargs="+", metavar="LAT LON", help="latitude and longitude in degrees, in pairs")
    p.add_argument("--map", default=None, help="map file (default maps/belarus.map)")
    p.add_argument("--json", action="store_true", help="print a JSON list, one object per point")
    p.set_defaults(func=cmd_locate)

    p = msub.add_parser("export", help="write the map as GeoJSON (hexes, rivers, rail, roads, places)",
                        description="GeoJSON in lon/lat with feature ids. GIS formats with one geometry type "
                                    "per layer (Shapefile) need one layer per file: --layer KIND, or --layer each.")
    p.add_argument("--geojson", required=True, metavar="OUT", help="output .geojson file (- for stdout)")
    p.add_argument("--layer", default="all", choices=("all", "each") + LAYERS,
                   help="all kinds in one file (default), one kind, or 'each': one file per kind, "
                        "OUT-KIND.geojson")
    p.add_argument("--map", default=None, help="map file (default maps/belarus.map)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("render", help="draw the map (or a scenario's start on it) to a PNG with a legend")
    p.add_argument("--map", default=None, help="map file (default maps/belarus.map, or the scenario's)")
    p.add_argument("--scenario", default=None, metavar="FILE",
                   help="draw this scenario's units, bases, objectives and radii (a briefing picture)")
    p.add_argument("--no-ranges", action="store_true", help="with --scenario: leave out the units' radii")
    p.add_argument("--out", required=True, metavar="PNG", help="output picture")
    p.add_argument("--width", type=int, default=None, help="picture width in pixels (default 1600; 1800 with --scenario)")
    p.set_defaults(func=cmd_render)


# --- info ---------------------------------------------------------------------

def map_info(m: TheatreMap) -> dict[str, Any]:
    w, s, e, n = m.bounds
    return {
        "name": m.name,
        "hex_km": m.hex_km,
        "bounds": {"west": w, "south": s, "east": e, "north": n},
        "hexes": len(m.terrain),
        "terrain": m.counts_by("terrain"),
        "countries": m.counts_by("country"),
        "places": len(m.places),
        "airfields": len(m.airfields),
        "rivers": len(m.rivers),
        "rail": len(m.rail),
        "roads": len(m.roads),
        "transshipments": len(m.transshipments),
    }


def cmd_info(args: argparse.Namespace) -> int:
    info = map_info(load(args.map))
    if args.json:
        print(json.dumps(info, indent=2, ensure_ascii=False))
        return 0
    b = info["bounds"]
    print(f"{info['name']}: {info['hexes']} hexes of {info['hex_km']:g} km, "
          f"{b['south']:g}–{b['north']:g}N {b['west']:g}–{b['east']:g}E")
    print("terrain:   " + ", ".join(f"{k} {v}" for k, v in info["terrain"].items()))
    print("countries: " + ", ".join(f"{k} {v}" for k, v in info["countries"].items()))
    print(f"places {info['places']}, airfields {info['airfields']}, river hexsides {info['rivers']}, "
          f"rail links {info['rail']}, road links {info['roads']}, transshipments {info['transshipments']}")
    return 0


# --- locate -------------------------------------------------------------------

def _hex_json(h: Hex) -> list[int]:
    return [h[0], h[1]]


def locate_point(m: TheatreMap, lat: float, lon: float) -> dict[str, Any]:
    """What the map says about one point (MapError if it is off the map)."""
    h = m.locate(lat, lon)
    rivers = [{"name": r.name, "class": r.klass, "towards": _hex_json(n)} for n, r in m.rivers_of(h)]
    rail = [{"line": ln.line, "gauge": ln.gauge, "towards": _hex_json(n)}
            for n in m.rail_adjacency.get(h, ()) if (ln := m.rail_between(h, n)) is not None]
    roads = [{"line": ln.line, "towards": _hex_json(n)}
             for n in m.road_adjacency.get(h, ()) if (ln := m.road_between(h, n)) is not None]
    t = m.transshipment_at(h)
    return {"lat": lat, "lon": lon, "q": h[0], "r": h[1], "terrain": m.terrain_of(h), "country": m.country_of(h),
            "city": m.place_name_at(h), "rivers": rivers, "rail": rail, "roads": roads,
            "airfields": [a.name for a in m.airfields_at(h)], "transshipment": t.name if t else None}


def _parse_coords(values: list[str]) -> list[tuple[float, float]]:
    if len(values) % 2:
        raise EngineError(f"map locate: give LAT LON pairs (got {len(values)} numbers)")
    out = []
    for i in range(0, len(values), 2):
        try:
            lat, lon = float(values[i]), float(values[i + 1])
        except ValueError:
            raise EngineError(f"map locate: {values[i]!r} {values[i + 1]!r} is not a LAT LON pair of numbers") from None
        if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
            raise EngineError(f"map locate: {lat:g} {lon:g} is not a latitude/longitude")
        out.append((lat, lon))
    return out


def cmd_locate(args: argparse.Namespace) -> int:
    points = _parse_coords(args.coords)
    m = load(args.map)
    results: list[dict[str, Any]] = []
    status = 0
    for lat, lon in points:
        try:
            results.append(locate_point(m, lat, lon))
        except MapError as e:
            status = 2
            results.append({"lat": lat, "lon": lon, "error": str(e)})
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        for r in results:
            if "error" in r:
                print(f"{r['lat']:g} {r['lon']:g}: {r['error']}", file=sys.stderr)
                continue
            city = f" {r['city']}" if r["city"] else ""
            print(f"{r['lat']:g} {r['lon']:g}: hex {r['q']},{r['r']}{city} — {r['terrain']}, {r['country']}")
            for rv in r["rivers"]:
                print(f"    river {rv['name']} ({rv['class']}) towards {rv['towards'][0]},{rv['towards'][1]}")
            for ln in r["rail"]:
                print(f"    rail {ln['gauge']} mm {ln['line']} towards {ln['towards'][0]},{ln['towards'][1]}")
            for ln in r["roads"]:
                print(f"    road {ln['line']} towards {ln['towards'][0]},{ln['towards'][1]}")
            if r["transshipment"]:
                print(f"    transshipment {r['transshipment']}")
            for a in r["airfields"]:
                print(f"    airfield {a}")
    return status


# --- export -------------------------------------------------------------------

def _ll(m: TheatreMap, h: Hex) -> list[float]:
    lat, lon = m.latlon(h)
    return [round(lon, 5), round(lat, 5)]


#: Feature kinds, one GIS layer each (each has one geometry type).
LAYERS = ("hex", "river", "rail", "road", "place", "transshipment")


def to_geojson(m: TheatreMap, layer: str = "all") -> dict[str, Any]:
    """Hex polygons, river hexsides, rail/road links and places, in lon/lat (RFC 7946).

    Every feature has an integer ``id`` (unique in the collection, stable for
    a map) and ``properties.layer``; ``layer`` keeps one kind. List values
    are also given joined by ``;`` so Shapefile (no list fields) keeps them.
    """
    feats = _features(m)
    if layer != "all":
        feats = [f for f in feats if f["properties"]["layer"] == layer]
    for i, f in enumerate(feats, 1):
        f["id"] = i
    name = m.name if layer == "all" else layer  # GDAL names the layer after it
    return {"type": "FeatureCollection", "name": name, "features": feats}


def _features(m: TheatreMap) -> list[dict[str, Any]]:
    feats: list[dict[str, Any]] = []
    for h in m.hexes():
        ring = [[round(lon, 5), round(lat, 5)] for lat, lon in m.grid.hex_corners_latlon(h)]
        ring.append(ring[0])
        feats.append({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
                      "properties": {"layer": "hex", "q": h[0], "r": h[1], "terrain": m.terrain[h],
                                     "country": m.country[h], "city": m.place_name_at(h)}})
    for (a, b), r in sorted(m.rivers.items()):
        (lat1, lon1), (lat2, lon2) = _side_latlon(m, a, b)
        feats.append({"type": "Feature",
                      "geometry": {"type": "LineString", "coordinates": [[lon1, lat1], [lon2, lat2]]},
                      "properties": {"layer": "river", "name": r.name, "class": r.klass}})
    for layer, table in (("rail", m.rail), ("road", m.roads)):
        for (a, b), ln in sorted(table.items()):
            props: dict[str, Any] = {"layer": layer, "line": ln.line, "class": ln.klass}
            if layer == "rail":
                props["gauge"] = ln.gauge
            feats.append({"type": "Feature", "geometry": {"type": "LineString", "coordinates": [_ll(m, a), _ll(m, b)]},
                          "properties": props})
    for p in sorted(m.places, key=lambda p: (-p.population, p.name)):
        feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
                      "properties": {"layer": "place", "name": p.name, "aliases": "; ".join(p.aliases),
                                     "population": p.population, "country": p.country, "q": p.hex[0], "r": p.hex[1]}})
    for t in m.transshipments:
        feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": _ll(m, t.hex)},
                      "properties": {"layer": "transshipment", "name": t.name,
                                     "gauges": "; ".join(str(g) for g in t.gauges)}})
    return feats


def _side_latlon(m: TheatreMap, a: Hex, b: Hex) -> tuple[tuple[float, float], tuple[float, float]]:
    """The two ends of the hexside between ``a`` and ``b`` in (lat, lon)."""
    ax, ay = m.grid.hex_to_plane(a)
    bx, by = m.grid.hex_to_plane(b)
    mx, my = (ax + bx) / 2, (ay + by) / 2
    dx, dy = bx - ax, by - ay
    norm = (dx * dx + dy * dy) ** 0.5 or 1.0
    half = m.grid.size_km / 2
    px, py = -dy / norm * half, dx / norm * half
    p = m.grid.projection.inverse(mx + px, my + py)
    q = m.grid.projection.inverse(mx - px, my - py)
    return (round(p[0], 5), round(p[1], 5)), (round(q[0], 5), round(q[1], 5))


def layer_path(out: str, layer: str) -> str:
    """'map.geojson' + 'hex' -> 'map-hex.geojson'."""
    p = Path(out)
    suffix = p.suffix or ".geojson"
    return str(p.with_name(f"{p.stem if p.suffix else p.name}-{layer}{suffix}"))


def cmd_export(args: argparse.Namespace) -> int:
    from engine.cli.outputs import check_output, write_output
    if args.layer == "each" and args.geojson == "-":
        raise EngineError("map export: --layer each writes one file per kind; give a file name, not -")
    targets = ([(layer_path(args.geojson, k), k) for k in LAYERS] if args.layer == "each"
               else [(args.geojson, args.layer)])
    for path, _ in targets:
        check_output(path, "--geojson")
    m = load(args.map)
    for path, layer in targets:
        data = to_geojson(m, layer)
        write_output(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", "--geojson")
        if path != "-":
            print(f"wrote {path}: {len(data['features'])} features")
    return 0


# --- render -------------------------------------------------------------------

def cmd_render(args: argparse.Namespace) -> int:
    from engine.cli.outputs import check_output
    check_output(args.out, "--out")
    if args.scenario:
        from engine.scenario.loader import load_map, load_scenario
        from engine.ui.scenario_view import render_scenario_png  # pygame only here

        sc = load_scenario(args.scenario, map=load(args.map) if args.map else None)
        w, h = render_scenario_png(sc, load_map(sc.map_path), args.out, args.width or 1800, not args.no_ranges)
        print(f"wrote {args.out}: {w} x {h} px, {len(sc.units)} units, {len(sc.bases)} bases, "
              f"{len(sc.victory.objectives)} objectives")
        return 0
    args.width = args.width or 1600
    m = load(args.map)
    import importlib.util
    if importlib.util.find_spec("pygame") is None:
        raise EngineError("render needs pygame, which is not part of the core install: pip install -e '.[ui]'")
    from engine.ui.render import render_png  # pygame only here

    w, h = render_png(m, args.out, args.width)
    print(f"wrote {args.out}: {w} x {h} px")
    return 0

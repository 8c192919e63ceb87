"""The committed map against the real world: distances, countries, rail, rivers, marsh.

These read only maps/belarus.map, so they need none of the geo packages.
"""

from __future__ import annotations

import time
from collections import deque

import attrs
import pytest

from engine.errors import MapError
from engine.geo import mapfile
from engine.geo.hexgrid import Hex, distance
from engine.geo.projection import great_circle_km
from engine.geo.theatre import GAUGE_RUSSIAN, GAUGE_STANDARD, TheatreMap


@pytest.fixture(scope="module")
def tmap() -> TheatreMap:
    return mapfile.load()


def test_load_is_deterministic_and_round_trips(tmap: TheatreMap) -> None:
    # Two loads give equal maps, the map covers the six countries of the theatre, and one changed
    # byte is caught by the checksum. The load time is printed for the record, never asserted
    # (no wall-clock tests).
    t = time.perf_counter()
    again = mapfile.load()
    print(f"\nmap load: {(time.perf_counter() - t) * 1000:.1f} ms")
    assert again is not tmap and attrs.asdict(again, recurse=False) == attrs.asdict(tmap, recurse=False)
    assert len(tmap.terrain) > 5_000 and set(tmap.country.values()) >= {"BLR", "POL", "LTU", "LVA", "RUS", "UKR"}
    text = mapfile.DEFAULT_MAP.read_text(encoding="utf-8")
    with pytest.raises(MapError, match="checksum mismatch"):
        mapfile.loads(text[:200] + ("x" if text[200] != "x" else "y") + text[201:])


def test_box_and_size(tmap: TheatreMap) -> None:
    assert 12 <= tmap.hex_km <= 16
    w, s, e, n = tmap.bounds
    assert w <= 19.0 and s <= 49.5 and e >= 34.6 and n >= 57.5
    for name in ("Warsaw", "Kaliningrad", "Riga", "Smolensk", "Bryansk", "Kyiv"):
        assert tmap.find_place(name) is not None, name
    for lat, lon in ((49.5, 19.0), (57.5, 19.0), (49.5, 34.6), (57.5, 34.6)):
        tmap.locate(lat, lon)  # the corners of the box are on the map


PAIRS = [("Warsaw", "Minsk"), ("Vilnius", "Minsk"), ("Grodno", "Gomel"), ("Riga", "Kyiv"),
         ("Kaliningrad", "Vitebsk"), ("Białystok", "Daugavpils"), ("Brest", "Bryansk"), ("Suwałki", "Mogilev"),
         ("Pinsk", "Polotsk"), ("Warsaw", "Kyiv"), ("Riga", "Minsk"), ("Kaunas", "Gomel"), ("Lublin", "Vitebsk"),
         ("Brest", "Vilnius")]
#: Pairs lying about 30 degrees off the hex axes, where counting hex steps
#: overstates the distance by up to 2/sqrt(3) (+15.5 %) on any hex grid.
OFF_AXIS = [("Minsk", "Brest"), ("Minsk", "Smolensk")]


@pytest.mark.parametrize("a,b", PAIRS)
def test_hex_distance_matches_great_circle(tmap: TheatreMap, a: str, b: str) -> None:
    pa, pb = _place(tmap, a), _place(tmap, b)
    real = great_circle_km(pa.lat, pa.lon, pb.lat, pb.lon)
    on_map = distance(pa.hex, pb.hex) * tmap.hex_km
    assert abs(on_map - real) <= 0.15 * real, (a, b, on_map, real)


@pytest.mark.parametrize("a,b", PAIRS + OFF_AXIS)
def test_hex_centres_are_true_to_scale(tmap: TheatreMap, a: str, b: str) -> None:
    """Straight-line distance between hex centres is within 5 % (plus one hex of rounding)."""
    pa, pb = _place(tmap, a), _place(tmap, b)
    real = great_circle_km(pa.lat, pa.lon, pb.lat, pb.lon)
    (ax, ay), (bx, by) = tmap.grid.hex_to_plane(pa.hex), tmap.grid.hex_to_plane(pb.hex)
    plane = ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5
    assert abs(plane - real) <= 0.05 * real + tmap.hex_km
    steps = distance(pa.hex, pb.hex) * tmap.hex_km
    assert real * 0.95 - tmap.hex_km <= steps <= real * 2 / 3 ** 0.5 + 2 * tmap.hex_km


def _place(tmap: TheatreMap, name: str):
    h = tmap.place_hex(name)
    return next(p for p in tmap.places_at(h) if name in (p.name, *p.aliases))


TOWNS = {"Brest": "BLR", "Biała Podlaska": "POL", "Siedlce": "POL", "Vilnius": "LTU", "Kaunas": "LTU",
         "Daugavpils": "LVA", "Riga": "LVA", "Kaliningrad": "RUS", "Chernyakhovsk": "RUS", "Smolensk": "RUS",
         "Bryansk": "RUS", "Chernihiv": "UKR", "Kyiv": "UKR", "Kovel": "UKR", "Minsk": "BLR", "Grodno": "BLR",
         "Gomel": "BLR", "Polotsk": "BLR", "Pinsk": "BLR", "Lida": "BLR", "Białystok": "POL", "Suwałki": "POL",
         "Warsaw": "POL", "Marijampolė": "LTU", "Rēzekne": "LVA", "Pskov": "RUS", "Hantsavichy": "BLR",
         "Maryina Horka": "BLR", "Orzysz": "POL", "Rukla": "LTU"}


@pytest.mark.parametrize("town,iso", sorted(TOWNS.items()))
def test_town_in_its_country(tmap: TheatreMap, town: str, iso: str) -> None:
    h = tmap.place_hex(town)
    assert tmap.country_of(h) == iso
    assert tmap.is_land(h)


@pytest.mark.parametrize("alias,name", [("Hrodna", "Grodno"), ("Vitsyebsk", "Vitebsk"), ("Homyel", "Gomel"),
                                        ("Mahilyow", "Mogilev"), ("Baranovichi", "Baranavichy"),
                                        ("Bobruisk", "Babruysk"), ("Polatsk", "Polotsk"),
                                        ("Molodechno", "Maladzyechna"), ("Borisov", "Barysaw"),
                                        ("Osipovichi", "Asipovichy"), ("Gantsevichi", "Hantsavichy"),
                                        ("bialystok", "Białystok"), ("Kiev", "Kyiv")])
def test_aliases_resolve(tmap: TheatreMap, alias: str, name: str) -> None:
    assert tmap.place_hex(alias) == tmap.place_hex(name)


def test_small_military_towns_present(tmap: TheatreMap) -> None:
    for name in ("Hantsavichy", "Vileyka", "Lepel", "Maryina Horka", "Orzysz", "Rukla", "Luninets", "Slonim"):
        assert tmap.find_place(name) is not None, name


def test_military_airfields(tmap: TheatreMap) -> None:
    mil = {a.name: a for a in tmap.airfields if a.military}
    for name, town in (("Baranavichy Air Base", "Baranavichy"), ("Lida Air Base", "Lida"),
                       ("Machulishchy Air Base", "Minsk"), ("Babruysk Air Base", "Babruysk")):
        assert name in mil
        assert distance(mil[name].hex, tmap.place_hex(town)) <= 2


def _bfs(tmap: TheatreMap, start: Hex, ok) -> set[Hex]:
    seen = {start}
    q = deque([start])
    while q:
        h = q.popleft()
        for n in tmap.neighbors(h):
            if n not in seen and ok(h, n):
                seen.add(n)
                q.append(n)
    return seen


def test_rail_corridor_brest_minsk_smolensk_is_continuous(tmap: TheatreMap) -> None:
    stops = [tmap.place_hex(n) for n in ("Brest", "Baranavichy", "Minsk", "Orsha", "Smolensk")]
    for a, b in zip(stops, stops[1:]):
        seen = {a}
        q = deque([a])
        while q:
            h = q.popleft()
            for n in tmap.rail_adjacency.get(h, ()):
                if n not in seen:
                    seen.add(n)
                    q.append(n)
        assert b in seen


def test_minsk_to_smolensk_crosses_the_dnieper(tmap: TheatreMap) -> None:
    # West of the Dnieper's source region (~33.7E, 55.9N) the river is a closed
    # line between Minsk and Smolensk; far to the north-east a path could walk
    # round the source, which is no crossing anyone plans, so the search keeps west of 33.3E.
    def ok(a: Hex, b: Hex) -> bool:
        r = tmap.river_between(a, b)
        return tmap.is_land(b) and tmap.latlon(b)[1] <= 33.3 and not (r and r.name == "Dnieper")
    reach = _bfs(tmap, tmap.place_hex("Minsk"), ok)
    assert tmap.place_hex("Smolensk") not in reach
    # and the Dnieper is the only thing stopping it
    reach_any = _bfs(tmap, tmap.place_hex("Minsk"), lambda a, b: tmap.is_land(b) and tmap.latlon(b)[1] <= 33.3)
    assert tmap.place_hex("Smolensk") in reach_any


def test_named_rivers_present(tmap: TheatreMap) -> None:
    names = {r.name for r in tmap.rivers.values()}
    for n in ("Dnieper", "Pripyat", "Neman", "Western Dvina", "Western Bug", "Berezina", "Narew", "Vistula", "Desna"):
        assert n in names
    major = {r.name for r in tmap.rivers.values() if r.klass == "major"}
    assert {"Dnieper", "Vistula", "Neman", "Pripyat", "Western Bug", "Western Dvina"} <= major


def test_polesia_mostly_marsh(tmap: TheatreMap) -> None:
    land = [h for h in tmap.hexes() if tmap.is_land(h)
            and 51.85 <= tmap.latlon(h)[0] <= 52.45 and 25.8 <= tmap.latlon(h)[1] <= 29.4]
    assert len(land) > 50
    marsh = sum(tmap.terrain_of(h) == "marsh" for h in land)
    assert marsh / len(land) >= 0.6
    # and the rest of Belarus is not
    north = [h for h in tmap.hexes() if tmap.country_of(h) == "BLR" and tmap.latlon(h)[0] > 54.0]
    assert sum(tmap.terrain_of(h) == "marsh" for h in north) / len(north) < 0.2


def test_gauges_and_transshipment_at_brest(tmap: TheatreMap) -> None:
    for (a, b), ln in tmap.rail.items():
        ca, cb = tmap.country_of(a), tmap.country_of(b)
        if ca == cb == "POL":
            assert ln.gauge == GAUGE_STANDARD
        if ca == cb == "BLR":
            assert ln.gauge == GAUGE_RUSSIAN
    brest = tmap.place_hex("Brest")
    assert any(distance(t.hex, brest) <= 1 for t in tmap.transshipments)
    names = " ".join(t.name for t in tmap.transshipments)
    assert "Kuźnica" in names and "Mockava" in names
    for t in tmap.transshipments:  # a transshipment point is where both gauges meet
        gauges = {tmap.rail_between(t.hex, n).gauge for n in tmap.rail_adjacency[t.hex]}
        assert gauges == {GAUGE_STANDARD, GAUGE_RUSSIAN}


def test_every_link_joins_adjacent_land_hexes(tmap: TheatreMap) -> None:
    for table in (tmap.rail, tmap.roads):
        for (a, b) in table:
            assert distance(a, b) == 1
            assert tmap.is_land(a) or tmap.is_land(b)

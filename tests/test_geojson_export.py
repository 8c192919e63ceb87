"""GeoJSON export: feature ids, one layer per kind, converts with ogr2ogr to GeoPackage and Shapefile.

GDAL is the real client: its own GeoJSON, GeoPackage and Shapefile drivers,
through pyogrio (whose wheel bundles GDAL; in the test extra, so `make test`
needs no root), read every layer, write it to GeoPackage and Shapefile with no
warning, and read those back with the same features, ids and values. Where
GDAL's command line is installed (apt-get install gdal-bin) ogr2ogr converts
too, checked with the standard library (sqlite3, the dBASE header). The
GeoJSON itself is also checked: one geometry type per file, unique integer ids,
flat scalar properties with names of at most 10 letters.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import struct
import subprocess
from pathlib import Path

import pytest

from engine.cli import main
from engine.cli.map_cmd import LAYERS

GEOMETRY = {"hex": "Polygon", "river": "LineString", "rail": "LineString", "road": "LineString",
            "place": "Point", "transshipment": "Point"}


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("geo")
    assert main(["map", "export", "--geojson", str(d / "map.geojson"), "--layer", "each"]) == 0
    return d


def test_one_file_per_kind_with_ids(exported: Path) -> None:
    for kind in LAYERS:
        data = json.loads((exported / f"map-{kind}.geojson").read_text(encoding="utf-8"))
        feats = data["features"]
        assert data["name"] == kind and feats
        assert {f["geometry"]["type"] for f in feats} == {GEOMETRY[kind]}
        ids = [f["id"] for f in feats]
        assert all(isinstance(i, int) for i in ids) and len(set(ids)) == len(ids)
        for f in feats[:50]:
            for k, v in f["properties"].items():
                assert len(k) <= 10 and (v is None or isinstance(v, (str, int, float))), (kind, k, v)


def test_geojson_to_stdout(capsys) -> None:
    assert main(["map", "export", "--geojson", "-", "--layer", "transshipment"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["type"] == "FeatureCollection" and len(data["features"]) >= 1
    assert main(["map", "export", "--geojson", "-", "--layer", "each"]) == 2


def _dbf_records(path: Path) -> int:
    head = path.read_bytes()[:12]
    return struct.unpack("<I", head[4:8])[0]


def test_gdal_reads_every_layer_and_writes_gpkg_and_shapefile(exported: Path, tmp_path: Path, caplog) -> None:
    """GDAL's drivers (pyogrio): the GeoJSON reads as one typed layer with our ids, and converts to GeoPackage
    and Shapefile without a warning (no field name laundered, no value lost) and back with the same rows."""
    import logging

    raw = pytest.importorskip("pyogrio.raw")  # the test extra installs it; a bare install skips
    caplog.set_level(logging.WARNING)
    for kind in LAYERS:
        src = exported / f"map-{kind}.geojson"
        feats = json.loads(src.read_text(encoding="utf-8"))["features"]
        meta, fids, geom, values = raw.read(src, return_fids=True)
        assert meta["geometry_type"] == GEOMETRY[kind] and meta["crs"] == "EPSG:4326"
        assert list(fids) == [f["id"] for f in feats]
        assert list(meta["fields"]) == list(feats[0]["properties"])
        for driver, out in (("GPKG", tmp_path / f"{kind}.gpkg"), ("ESRI Shapefile", tmp_path / f"{kind}.shp")):
            raw.write(out, geom, values, meta["fields"], driver=driver, layer=kind,
                      geometry_type=meta["geometry_type"], crs=meta["crs"], encoding="UTF-8")
            meta2, _, geom2, values2 = raw.read(out)
            assert len(geom2) == len(feats) and list(meta2["fields"]) == list(meta["fields"]), (kind, driver)
            # dBASE has no null text: a Shapefile reads a missing alias back as ''
            same = (lambda x: "" if x is None else x) if driver == "ESRI Shapefile" else (lambda x: x)
            for a, b in zip(values, values2):
                assert [same(x) for x in a] == [same(x) for x in b], (kind, driver)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text
    if shutil.which("ogr2ogr"):  # GDAL's command line as well, where it is installed
        _ogr2ogr_converts(exported, tmp_path / "ogr2ogr")


def _ogr2ogr_converts(exported: Path, tmp_path: Path) -> None:
    tmp_path.mkdir()
    for kind in LAYERS:
        src = exported / f"map-{kind}.geojson"
        n = len(json.loads(src.read_text(encoding="utf-8"))["features"])
        gpkg = tmp_path / f"{kind}.gpkg"
        r = subprocess.run(["ogr2ogr", "-f", "GPKG", str(gpkg), str(src)], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        with sqlite3.connect(gpkg) as db:
            assert db.execute(f'SELECT COUNT(*) FROM "{kind}"').fetchone()[0] == n
        shp = tmp_path / f"shp-{kind}"
        r = subprocess.run(["ogr2ogr", "-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", str(shp), str(src)],
                           capture_output=True, text=True)
        assert r.returncode == 0 and "Unable to write" not in r.stderr, r.stderr
        assert _dbf_records(shp / f"{kind}.dbf") == n

"""GeoJSON export: feature ids, one layer per kind, converts with ogr2ogr to GeoPackage and Shapefile.

With GDAL installed (apt-get install gdal-bin) the test converts every layer
and reads the results back with the standard library (sqlite3 for the
GeoPackage, the dBASE header for the Shapefile). Without it, it checks what
the conversion needs in the GeoJSON itself: one geometry type per file,
unique integer ids, flat scalar properties with names of at most 10 letters.
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


@pytest.mark.skipif(shutil.which("ogr2ogr") is None, reason="GDAL (ogr2ogr) is not installed")
def test_ogr2ogr_converts_to_gpkg_and_shapefile(exported: Path, tmp_path: Path) -> None:
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

"""The map verbs through the real CLI entry point, and bad map files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from engine.cli import entry as cli
from engine.geo import mapfile


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_info_json(capsys) -> None:
    code, out, _ = run(capsys, "map", "info", "--json")
    assert code == 0
    info = json.loads(out)
    assert info["hex_km"] == 15
    assert set(info["bounds"]) == {"west", "south", "east", "north"}
    assert info["hexes"] == sum(info["terrain"].values()) == sum(info["countries"].values())
    assert {"open", "forest", "marsh", "urban", "water", "sea"} <= set(info["terrain"])
    assert {"BLR", "POL", "LTU", "LVA", "RUS", "UKR"} <= set(info["countries"])
    assert info["places"] > 100 and info["rivers"] > 100 and info["rail"] > 100 and info["roads"] > 100


def test_info_does_not_import_pygame() -> None:
    code = ("import sys; from engine import cli; cli.main(['map','info']); "
            "sys.exit(3 if 'pygame' in sys.modules else 0)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_locate_brest(capsys) -> None:
    code, out, _ = run(capsys, "map", "locate", "52.0975", "23.6878", "--json")
    assert code == 0
    [p] = json.loads(out)
    assert p["city"] == "Brest" and p["country"] == "BLR"
    assert any(r["name"] == "Western Bug" and r["class"] == "major" for r in p["rivers"])
    assert {ln["gauge"] for ln in p["rail"]} == {1435, 1520}
    assert all(len(ln["towards"]) == 2 for ln in p["rail"] + p["roads"])


def test_locate_outside_is_exit_2(capsys) -> None:
    code, out, err = run(capsys, "map", "locate", "53.9", "27.5667", "40.0", "10.0")
    assert code == 2
    assert "Minsk" in out
    assert "outside the map" in err and "Traceback" not in err


def test_locate_bad_numbers(capsys) -> None:
    code, _, err = run(capsys, "map", "locate", "53.9")
    assert code == 2 and "LAT LON" in err


def test_export_geojson(tmp_path: Path, capsys) -> None:
    out = tmp_path / "map.geojson"
    code, _, _ = run(capsys, "map", "export", "--geojson", str(out))
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    layers = {f["properties"]["layer"] for f in data["features"]}
    assert {"hex", "river", "rail", "road", "place", "transshipment"} <= layers
    m = mapfile.load()
    hexes = [f for f in data["features"] if f["properties"]["layer"] == "hex"]
    assert len(hexes) == len(m.terrain)
    ring = hexes[0]["geometry"]["coordinates"][0]
    assert len(ring) == 7 and ring[0] == ring[-1]
    for f in data["features"]:
        g = f["geometry"]
        pts = g["coordinates"][0] if g["type"] == "Polygon" else (
            g["coordinates"] if g["type"] == "LineString" else [g["coordinates"]])
        for lon, lat in pts:
            assert 10 < lon < 45 and 45 < lat < 62


def test_render_png(tmp_path: Path, capsys) -> None:
    import pygame  # a core dependency: never skipped
    out = tmp_path / "map.png"
    code, _, _ = run(capsys, "render", "--out", str(out), "--width", "900")
    assert code == 0
    img = pygame.image.load(str(out))
    assert img.get_width() == 900 and img.get_height() > 400
    # not a blank picture: many distinct colours
    colours = {tuple(img.get_at((x, y))) for x in range(0, 900, 37) for y in range(0, img.get_height(), 37)}
    assert len(colours) > 8


@pytest.mark.parametrize("damage", ["missing", "truncated", "corrupt", "garbage"])
def test_bad_map_is_one_line_error(tmp_path: Path, damage: str) -> None:
    bad = tmp_path / "bad.map"
    if damage != "missing":
        text = mapfile.DEFAULT_MAP.read_text(encoding="utf-8")
        if damage == "truncated":
            bad.write_text(text[: len(text) // 2], encoding="utf-8")
        elif damage == "corrupt":
            bad.write_text(text.replace("\nmarsh", "\nmarxh", 1).replace("o", "f", 1), encoding="utf-8")
        else:
            bad.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    for argv in (["map", "info", "--map", str(bad)], ["map", "locate", "53.9", "27.5", "--map", str(bad)]):
        r = subprocess.run([sys.executable, "-m", "engine.cli", *argv], capture_output=True, text=True)
        assert r.returncode == 2
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1, r.stderr
        assert str(bad) in lines[0] and "Traceback" not in r.stderr


def test_committed_map_round_trips(tmp_path: Path) -> None:
    m = mapfile.load()
    text = mapfile.DEFAULT_MAP.read_text(encoding="utf-8")
    lines = text.split("\n")
    g = next(l for l in lines if l.startswith("grid\t")).split("\t")[1:]
    out = tmp_path / "again.map"
    mapfile.write(m, out, *(int(v) for v in g))
    assert out.read_text(encoding="utf-8") == text
    shutil.copy(out, tmp_path / "copy.map")


@pytest.mark.parametrize("kind", ["device", "fifo", "directory"])
def test_a_map_path_that_is_not_a_regular_file_is_refused_at_once(tmp_path: Path, capsys, kind: str) -> None:
    """``--map /dev/zero`` read without end (memory grew until killed) and ``--map`` a FIFO hung."""
    import os
    path = {"device": "/dev/zero", "directory": str(tmp_path)}.get(kind, str(tmp_path / "pipe"))
    if kind == "fifo":
        os.mkfifo(path)
    code, out, err = run(capsys, "map", "info", "--map", path)
    assert code == 2 and out == ""
    assert f"cannot read map file: is {'a pipe (FIFO)' if kind == 'fifo' else 'a ' + kind}, not a regular file" in err
    with pytest.raises(mapfile.MapError, match="not a regular file"):
        mapfile.load(path)

"""Previews a facilitator reads before play: positions by place name, the briefing picture, the catalogue."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import json

import pytest

from engine.cli.entry import main
from engine.cli.scenario_cmd import CATALOGUE_END, CATALOGUE_START, catalogue
from engine.scenario.describe import where
from engine.scenario.loader import load_map, load_scenario

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scenarios" / "baseline-2020.yaml"


def test_where_names_the_place_or_the_nearest_town() -> None:
    sc = load_scenario(BASELINE)
    tmap = load_map(sc.map_path)
    minsk = tmap.place_hex("Minsk")
    assert where(tmap, minsk) == "Minsk (BLR)"
    q, r = minsk
    assert tmap.place_name_at((q, r + 2)) is None
    assert where(tmap, (q, r + 2)) == "30 km SE of Minsk (BLR)"  # two hexes of 15 km, bearing from lat/lon


def test_show_lists_positions_by_place_name(capsys) -> None:
    assert main(["scenario", "show", str(BASELINE)]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.strip().startswith("6th Guards Mechanised Brigade"))
    assert line.split()[-2:] == ["Grodno", "(BLR)"]  # the file says Hrodna; the map's name for it
    assert "Belarusian mechanised brigade" in line  # the type by name, not by id
    assert "Suwałki gap: 15 points for NATO and host nations" in out
    assert main(["scenario", "show", str(BASELINE), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    units = {u["id"]: u for u in info["positions"]["units"]}
    assert len(units) == info["units"] == 35
    assert units["by_38aab"]["where"] == "Brest (BLR)"


def test_catalogue_in_the_guide_is_current() -> None:
    guide = (ROOT / "scenarios" / "README.md").read_text(encoding="utf-8")
    table = guide.split(CATALOGUE_START, 1)[1].split(CATALOGUE_END, 1)[0].lstrip("\n")
    assert table == catalogue([]), "run: eastflank scenario catalogue --guide scenarios/README.md"
    sc = load_scenario(BASELINE)
    for tid, t in sc.rules.unit_types.items():
        assert f"| `{tid}` | {t.name} |" in table
    row = next(x for x in table.splitlines() if x.startswith("| `ru_iskander_bde`"))
    assert "range 33, strike 6" in row and "red: RUS" in row


def test_validate_warns_when_the_id_is_not_the_file_name(tmp_path: Path, capsys) -> None:
    import shutil
    shutil.copytree(ROOT / "scenarios", tmp_path / "s", ignore=shutil.ignore_patterns("schema"))
    (tmp_path / "s" / "baseline-2020.yaml").rename(tmp_path / "s" / "my-copy.yaml")
    assert main(["validate", str(tmp_path / "s" / "my-copy.yaml")]) == 0
    err = capsys.readouterr().err
    assert "warning: id 'baseline-2020' differs from the file name 'my-copy'" in err
    assert main(["validate", str(BASELINE)]) == 0
    assert "warning" not in capsys.readouterr().err


def test_render_scenario_draws_the_units(tmp_path: Path) -> None:
    pygame = pytest.importorskip("pygame")
    from engine.ui.scenario_view import LEGEND_W, picture_layout, side_rgb
    from engine.ui.style import load_style
    out = tmp_path / "brief.png"
    assert main(["render", "--scenario", str(BASELINE), "--out", str(out), "--width", "1400"]) == 0
    img = pygame.image.load(str(out))
    sc = load_scenario(BASELINE)
    lay, height = picture_layout(sc, load_map(sc.map_path), 1400 - LEGEND_W)
    assert img.get_size() == (1400, height)
    red = side_rgb(sc, load_style(), "red")

    def reds_near(h) -> int:
        x, y = lay.to_pixel(h)
        n = 0
        for dx in range(-8, 9):
            for dy in range(-8, 9):
                c = img.get_at((round(x) + dx, round(y) + dy))
                n += abs(c.r - red[0]) + abs(c.g - red[1]) + abs(c.b - red[2]) < 30
        return n

    unit = next(u for u in sc.units if u.id == "by_38aab")  # alone at Brest
    assert reds_near(unit.location) > 20
    empty = load_map(sc.map_path).place_hex("Łódź")  # nothing of the scenario there
    assert reds_near(empty) == 0

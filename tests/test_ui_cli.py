"""``eastflank play`` headless: screenshot of the real scenario, bad input reported before the window."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from engine.cli.entry import main  # noqa: E402
from engine.ui.counters import SYMBOLS, CounterLook, CounterPainter, counter_px  # noqa: E402


def test_play_headless_screenshot(tmp_path, capsys) -> None:
    png = tmp_path / "shot.png"
    assert main(["play", "--frames", "3", "--screenshot", str(png), "--save-dir", str(tmp_path)]) == 0
    img = pygame.image.load(str(png))
    assert img.get_size() == (1280, 800)
    assert "frames at 1280x800" in capsys.readouterr().err


def test_bad_scenario_is_reported_before_the_window(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nturns: [\n", encoding="utf-8")
    assert main(["play", str(bad), "--frames", "1"]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml" in err and "Traceback" not in err


@pytest.mark.parametrize("where,why", [("/dev/null", "it exists and is not a folder"),
                                       ("afile", "it exists and is not a folder"),
                                       ("afile/saves", "exists and is not a folder"),
                                       ("", "the path is empty")])
def test_a_save_dir_no_save_can_go_into_is_refused_before_the_window(tmp_path, capsys, monkeypatch,
                                                                      where, why) -> None:
    """The table opened and said 'autosave failed' only at the first autosave, a phase into the seminar."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile").write_text("notes")
    import engine.ui.launch as launch
    monkeypatch.setattr(launch, "run_table", lambda args: pytest.fail("the window opened"))
    assert main(["play", "--frames", "1", "--save-dir", where]) == 2
    err = capsys.readouterr().err
    assert f"--save-dir {where}" in err.replace("'", "") and why in err and "Traceback" not in err
    assert (tmp_path / "afile").read_text() == "notes"
    opened = []
    monkeypatch.setattr(launch, "run_table", lambda args: opened.append(args.save_dir) or 0)
    assert main(["play", "--frames", "1", "--save-dir", "new/deep"]) == 0  # a folder still to make is fine
    assert opened == ["new/deep"]


def test_counters_draw_every_symbol_distinctly() -> None:
    pygame.init()
    p = CounterPainter()
    shots = {s: pygame.image.tostring(p.chit(CounterLook((127, 178, 229), False, s, "X", 2, 3, ""), 40), "RGBA")
             for s in SYMBOLS}
    assert len(set(shots.values())) == len(SYMBOLS)
    friendly = p.chit(CounterLook((224, 96, 90), False, "armour", "XX", 3, 4, "1gta"), 48)
    hostile = p.chit(CounterLook((224, 96, 90), True, "armour", "XX", 3, 4, "1gta"), 48)
    assert pygame.image.tostring(friendly, "RGBA") != pygame.image.tostring(hostile, "RGBA")
    n = p.drawn
    p.chit(CounterLook((224, 96, 90), True, "armour", "XX", 3, 4, "1gta"), 48)
    assert p.drawn == n  # cached
    assert counter_px(3.0) < counter_px(28.0)

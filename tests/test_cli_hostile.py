"""Issue 12, CLI: bad output paths are refused before any game runs; synthetic sizes are checked."""

from __future__ import annotations

import time

import pytest

from engine.cli.entry import main
from engine.cli.game_cmd import SYN_MAX, synthetic_size


def test_playout_json_into_a_missing_folder_is_refused_before_playing(tmp_path, capsys):
    t0 = time.perf_counter()
    assert main(["playout", "--synthetic", "8x6x2", "-n", "50", "--json", "/missing/dir/x.json"]) == 2
    assert time.perf_counter() - t0 < 3  # no game was played (50 would take longer)
    err = capsys.readouterr()
    assert err.err.strip() == "eastflank: --json /missing/dir/x.json: cannot write there: folder '/missing/dir' does not exist"
    assert "games in" not in err.out


@pytest.mark.parametrize("argv", [
    ["playout", "--synthetic", "8x6x2", "--json", "/dev/null"],
    ["playout", "--synthetic", "8x6x2", "--json", "/"],
    ["compare", "a.yaml", "b.yaml", "--json", "/missing/x.json"],
    ["bench", "--synthetic", "8x6x2", "--json", "/missing/x.json"],
])
def test_other_bad_outputs_are_refused(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write there" in err


def test_plot_into_a_file_is_refused(tmp_path, capsys):
    f = tmp_path / "f.txt"
    f.write_text("x")
    assert main(["playout", "--synthetic", "8x6x2", "--plot", str(f)]) == 2
    assert "it exists and is not a directory" in capsys.readouterr().err


def test_playout_json_still_written(tmp_path, capsys):
    out = tmp_path / "r.json"
    assert main(["playout", "--synthetic", "8x6x2x2", "-n", "1", "--json", str(out)]) == 0
    assert out.read_text().startswith("{")


@pytest.mark.parametrize("text, msg", [
    ("1x1x1", "columns must be from 4 to 200 (got 1)"),
    ("100000x100000x5", "columns must be from 4 to 200 (got 100000)"),
    ("24x100000x5", "rows must be from 4 to 200 (got 100000)"),
    ("24x18x0", "units per side must be from 1 to 500 (got 0)"),
    ("24x18x12x1000", "turns must be from 1 to 100 (got 1000)"),
    ("8x6x30", "at most 24 units per side fit a 8x6 theatre (got 30)"),
    ("axb", "expected COLSxROWSxUNITS[xTURNS]"),
    ("1x2", "expected COLSxROWSxUNITS[xTURNS]"),
])
def test_synthetic_sizes(text, msg, capsys):
    with pytest.raises(ValueError, match=msg.replace("[", r"\[").replace("(", r"\(").replace(")", r"\)")):
        synthetic_size(text)
    with pytest.raises(SystemExit) as e:
        main(["playout", "--synthetic", text])
    assert e.value.code == 2
    assert msg in capsys.readouterr().err


def test_synthetic_bounds_play(capsys):
    """The smallest allowed theatre and the most units that fit both build and play."""
    from engine.analysis.synthetic import synthetic_game
    for text in ("4x4x1x1", "8x6x24x1"):
        cols, rows, units, turns = synthetic_size(text)
        s = synthetic_game(cols, rows, units, turns).new_initial_state(1)
        assert sum(1 for u in s.units.values() if u.side == "red") == units
        assert main(["playout", "--synthetic", text, "-n", "1"]) == 0
    assert synthetic_size("200x200x500x100") == (200, 200, 500, 100) and SYN_MAX == (200, 200, 500, 100)

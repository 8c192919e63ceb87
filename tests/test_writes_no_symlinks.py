"""Every writer refuses a symlink where it would write, and leaves the link's target as it was.

Why: "writes go only to regular files the user named". Charts, screenshots, the
after-action report, the map file and sweep results each used to call their
library's own save (matplotlib, pygame, open) on the path, which follows a
symlink: `compare --chart link.png` overwrote the link's target with a PNG, and a
link planted in a `--plot` folder or in the table's report folder did the same.
"""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from engine.cli import main  # noqa: E402
from engine.errors import EngineError  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BASE = str(ROOT / "scenarios" / "baseline-2020.yaml")
KEEP = "precious, not a picture\n"


def _planted(folder: Path, name: str) -> tuple[Path, Path]:
    """A symlink ``folder/name`` to a text file outside it; returns (link, target)."""
    target = folder.parent / f"{folder.name}-{name}.victim"
    target.write_text(KEEP, encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    link = folder / name
    link.symlink_to(target)
    return link, target


def _intact(link: Path, target: Path) -> None:
    assert target.read_text(encoding="utf-8") == KEEP, "the symlink's target was written through"
    assert link.is_symlink(), "the symlink itself was replaced"


def test_compare_chart_refuses_a_symlink_before_any_game(tmp_path, capsys, monkeypatch) -> None:
    import engine.analysis.runner as runner
    monkeypatch.setattr(runner, "run_tasks", lambda *a, **k: pytest.fail("a game ran"))
    link, target = _planted(tmp_path / "out", "chart.png")
    assert main(["compare", BASE, BASE, "-n", "2", "--chart", str(link)]) == 2
    err = capsys.readouterr().err
    assert "--chart" in err and "symbolic link" in err
    _intact(link, target)


def test_compare_chart_writer_never_follows_a_symlink(tmp_path) -> None:
    pytest.importorskip("matplotlib")
    from engine.analysis.compare_words import compare_chart
    from engine.game.game import load_game
    sc = load_game(Path(BASE)).scenario
    c = {"outcomes": {"blue": {"diff": 0.1, "low": -0.1, "high": 0.3, "excludes_zero": False}}, "tracks": {}}
    link, target = _planted(tmp_path / "out", "chart.png")
    with pytest.raises(EngineError, match="symbolic link"):
        compare_chart(c, sc, sc, link)
    _intact(link, target)
    good = tmp_path / "out" / "ok.png"
    compare_chart(c, sc, sc, good)
    assert good.read_bytes()[:4] == b"\x89PNG"
    assert sorted(p.name for p in good.parent.iterdir()) == ["chart.png", "ok.png"]  # no temporary file left


def test_playout_plot_folder_with_a_planted_symlink(tmp_path, capsys) -> None:
    pytest.importorskip("matplotlib")
    link, target = _planted(tmp_path / "plots", "outcomes.png")
    assert main(["playout", "--synthetic", "12x10x4x3", "-n", "2", "--plot", str(tmp_path / "plots")]) == 2
    assert "symbolic link" in capsys.readouterr().err
    _intact(link, target)


def test_sweep_chart_refuses_a_symlink(tmp_path) -> None:
    pytest.importorskip("matplotlib")
    from engine.analysis.sweeptable import write_chart
    rows = [{"variant": "a", "settings": {"x": 1}, "n": 2, "planned": 2,
             "summary": {"n": 2, "turns": {"mean": 3.0, "low": 2.0, "high": 4.0}}}]
    link, target = _planted(tmp_path / "out", "sweep.png")
    with pytest.raises(EngineError, match="symbolic link"):
        write_chart(rows, "x", "turns", str(link))
    _intact(link, target)


def test_sweep_results_file_never_follows_a_symlink(tmp_path) -> None:
    from engine.analysis.sweep import ResultsFile, SweepError
    target = tmp_path / "empty.victim"  # empty: read as no results yet, so the writer opens it anew
    target.write_bytes(b"")
    link = tmp_path / "results.jsonl"
    link.symlink_to(target)
    with pytest.raises(SweepError, match="cannot write"):
        ResultsFile(str(link), {"variants": ["a"], "n": 1, "seed": 1})
    assert target.read_bytes() == b"" and link.is_symlink()


def test_screenshots_refuse_a_symlink_before_the_window(tmp_path, capsys) -> None:
    pytest.importorskip("pygame")
    link, target = _planted(tmp_path / "shots", "table.png")
    assert main(["play", BASE, "--frames", "1", "--screenshot", str(link)]) == 2
    assert main(["edit", BASE, "--frames", "1", "--screenshot", str(link)]) == 2
    err = capsys.readouterr().err
    assert err.count("--screenshot") == 2 and err.count("symbolic link") == 2
    _intact(link, target)


def test_save_png_is_atomic_and_refuses_links(tmp_path) -> None:
    pygame = pytest.importorskip("pygame")
    from engine.ui.render import save_png
    surf = pygame.Surface((8, 8))
    link, target = _planted(tmp_path / "out", "pic.png")
    with pytest.raises(EngineError, match="symbolic link"):
        save_png(surf, link)
    _intact(link, target)
    with pytest.raises(EngineError, match="directory"):
        save_png(surf, tmp_path / "out")
    save_png(surf, tmp_path / "out" / "ok.png")
    assert pygame.image.load(str(tmp_path / "out" / "ok.png")).get_size() == (8, 8)


def test_after_action_report_with_planted_symlinks(tmp_path) -> None:
    pytest.importorskip("pygame")
    from engine.ui.aar import write_report
    from engine.ui.session import Session
    from uidriver import synthetic_game
    g = synthetic_game()
    s = Session(g, g.new_initial_state(3), "<synthetic>", 3)
    out = tmp_path / "aar"
    stem = f"aar-{s.scenario.id}-T{s.turn}"
    for name in (f"{stem}.md", f"{stem}-tracks.png"):
        link, target = _planted(out, name)
        with pytest.raises(EngineError, match="symbolic link"):
            write_report(s, out)
        _intact(link, target)
        assert [p.name for p in out.iterdir()] == [name], "a refused report writes none of its files"
        link.unlink()
    md = write_report(s, out)  # with the links gone it writes, and leaves no temporary file
    assert md.read_text(encoding="utf-8").startswith("# After-action report")
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_map_file_write_refuses_a_symlink(tmp_path) -> None:
    from engine.geo import mapfile
    m = mapfile.load()
    link, target = _planted(tmp_path / "maps", "theatre.map")
    with pytest.raises(EngineError, match="symbolic link"):
        mapfile.write(m, link, 0, 0, 4, 4)
    _intact(link, target)

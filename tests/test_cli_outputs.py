"""--version, '-' for stdout, outputs and extras checked before any game, progress with an ETA."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.cli import main
from engine.cli.outputs import check_output
from engine.errors import EngineError

ROOT = Path(__file__).resolve().parent.parent


def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as e:
        main(["--version"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("eastflank ") and out.strip().split()[-1][0].isdigit()


def test_json_dash_is_stdout_and_the_report_moves_to_stderr(capsys, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["playout", "--synthetic", "12x10x4x3", "-n", "2", "--json", "-"]) == 0
    cap = capsys.readouterr()
    assert json.loads(cap.out)["n"] == 2 and "95 % confidence intervals" in cap.err
    assert not (tmp_path / "-").exists()
    assert main(["bench", "--synthetic", "12x10x4x3", "-n", "2", "--json", "-"]) == 0
    cap = capsys.readouterr()
    assert "playouts_per_s" in json.loads(cap.out)["policies"]["random"] and not (tmp_path / "-").exists()


@pytest.mark.parametrize("opt", [["--json"], ["--plot"]])
def test_unwritable_output_fails_before_any_game(tmp_path, capsys, monkeypatch, opt) -> None:
    import engine.analysis.runner as runner
    monkeypatch.setattr(runner, "run_tasks", lambda *a, **k: pytest.fail("a game ran"))
    monkeypatch.setattr("engine.analysis.playout.run_playouts", lambda *a, **k: pytest.fail("a game ran"))
    f = tmp_path / "file"
    f.write_text("x")
    bad = str(tmp_path / "missing" / "out.json") if opt == ["--json"] else str(f / "sub")
    assert main(["playout", "--synthetic", "12x10x4x3", "-n", "2", *opt, bad]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and opt[0] in err


def test_check_output_rules(tmp_path) -> None:
    check_output("-", "--json")
    check_output(str(tmp_path / "new.json"), "--json")
    with pytest.raises(EngineError, match="it is a directory"):
        check_output(str(tmp_path), "--json")
    with pytest.raises(EngineError, match="does not exist"):
        check_output(str(tmp_path / "a" / "b.json"), "--json")
    check_output(str(tmp_path / "a" / "b"), "--plot", directory=True)


def test_missing_ray_reported_before_any_game(monkeypatch, capsys) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)
    assert main(["playout", "--synthetic", "12x10x4x3", "-n", "2", "--backend", "ray"]) == 2
    assert "[cluster]" in capsys.readouterr().err


def test_progress_bar_has_an_eta() -> None:
    r = subprocess.run([sys.executable, "-m", "engine.cli", "playout", "--synthetic", "12x10x4x3", "-n", "5",
                        "--progress"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "5/5" in r.stderr and "<" in r.stderr and "game/s" in r.stderr  # tqdm: [elapsed<remaining, rate]
    assert "5/5" not in r.stdout


def test_missing_matplotlib_reported_before_any_game(monkeypatch, capsys, tmp_path) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setattr("engine.analysis.playout.run_playouts", lambda *a, **k: pytest.fail("a game ran"))
    assert main(["playout", "--synthetic", "12x10x4x3", "-n", "2", "--plot", str(tmp_path / "charts")]) == 2
    assert "matplotlib" in capsys.readouterr().err


def test_unreachable_ray_cluster_is_one_line(monkeypatch, capsys) -> None:
    import types

    def refuse(**kw):
        raise ConnectionError("Could not find any running Ray instance.\nmore detail")
    fake = types.SimpleNamespace(is_initialized=lambda: False, init=refuse)
    monkeypatch.setitem(sys.modules, "ray", fake)
    assert main(["playout", "--synthetic", "12x10x4x3", "-n", "2", "--backend", "ray", "--address", "10.0.0.1:6379"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot start or reach the Ray cluster at 10.0.0.1:6379" in err


def test_effects_checks_backend_and_output_before_any_game(monkeypatch, capsys, tmp_path) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)
    assert main(["effects", "-n", "2", "--blocks", "1", "--backend", "ray", "--out", str(tmp_path / "e.md")]) == 2
    assert "[cluster]" in capsys.readouterr().err
    assert main(["effects", "-n", "2", "--blocks", "1", "--out", "/dev/null"]) == 2
    assert "it is a device" in capsys.readouterr().err
    assert not (tmp_path / "e.md").exists()


def test_tournament_refuses_a_bad_output_before_any_game(capsys) -> None:
    t0 = time.perf_counter()
    assert main(["tournament", "-n", "5", "--policies", "random,scripted", "--json", "/dev/null"]) == 2
    assert time.perf_counter() - t0 < 3  # no game was played
    assert "it is a device" in capsys.readouterr().err


def test_merge_refuses_a_device_instead_of_reading_it(tmp_path, capsys) -> None:
    assert main(["merge", "/dev/zero", "--out", str(tmp_path / "m.jsonl")]) == 2
    assert "is a device" in capsys.readouterr().err
    assert not (tmp_path / "m.jsonl").exists()
    deep = tmp_path / "deep.jsonl"
    deep.write_text("[" * 100_000 + "\n")
    assert main(["merge", str(deep), "--out", str(tmp_path / "m.jsonl")]) == 2
    assert "deep.jsonl:1:" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [
    ["playout", "--synthetic", "12x10x4x3", "-n", str(10**21)],
    ["playout", "--synthetic", "12x10x4x3", "-n", "4", "--jobs", "100000"],
    ["compare", "SCEN", "SCEN", "-n", "2000000"],
    ["tournament", "SCEN", "-n", "2", "--jobs", "999", "--policies", "random,greedy"],
    ["sweep", "SCEN", "-n", "5000000", "--vary", "turns=3,4"],
    ["effects", "-n", "1", "--blocks", "0"],
    ["calibrate", "-n", "0"],
    ["bench", "--synthetic", "12x10x4x3", "-n", "1", "--jobs", "300"],
])
def test_absurd_counts_fail_at_once_in_one_line(argv, capsys, monkeypatch) -> None:
    """-n 10**21 used to build its seed list until memory ran out (640 MB in 20 s, no game played);
    --jobs 100000 would start that many processes."""
    import engine.analysis.runner as runner
    monkeypatch.setattr(runner, "run_tasks", lambda *a, **k: pytest.fail("a game ran"))
    monkeypatch.setattr("engine.analysis.playout.run_playouts", lambda *a, **k: pytest.fail("a game ran"))
    t0 = time.perf_counter()
    rc = main([str(ROOT / "scenarios" / "baseline-2020.yaml") if a == "SCEN" else a for a in argv])
    err = capsys.readouterr().err
    assert rc == 2 and time.perf_counter() - t0 < 5
    assert err.count("\n") == 1 and "must be between" in err and argv[0] in err, err


def test_the_pool_never_starts_more_processes_than_games(monkeypatch) -> None:
    import multiprocessing.context as mpc

    import engine.analysis.runner as runner
    sizes = []
    real = mpc.BaseContext.Pool

    def spy(self, processes=None, *a, **k):
        sizes.append(processes)
        return real(self, processes, *a, **k)

    monkeypatch.setattr(mpc.BaseContext, "Pool", spy)
    from engine.analysis.playout import ScenarioFactory
    from engine.analysis.runner import Spec, Task, run_games, run_tasks
    f = ScenarioFactory(synthetic=(12, 10, 4, 3))
    res = run_games(f, 3, 5, jobs=64)
    assert len(res) == 3 and sizes == [3]
    assert [r["state_hash"] for r in res] == [r["state_hash"] for r in run_games(f, 3, 5, jobs=1)]
    specs = {"main": Spec(f, {"red": "random", "blue": "random"}, ())}
    got = sorted((t.index, r["state_hash"]) for t, r in run_tasks(specs, [Task("main", i, s) for i, s in
                                                                         enumerate((11, 12))], jobs=64))
    assert sizes == [3, 2] and [i for i, _ in got] == [0, 1]

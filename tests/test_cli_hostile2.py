"""Hostile CLI input, round 2: --vary values, results files, outputs named twice, bench baselines, Ctrl-C."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.analysis import sweep as S
from engine.cli.entry import main
from engine.core.rng import derive_seed
from scenario_fixture import err_line as _err_line, mini, mini_text  # noqa: F401 (mini: a fixture)

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("value, says", [
    ("[" * 5000, "exceeded maximum nesting depth"),  # was a RecursionError traceback
    ("&a [*a]", "refers to the value it is inside"),  # was 'ValueError: Circular reference detected'
    ("!!python/object:os.system", "is not allowed"),
])
def test_vary_values_too_deep_or_self_referring_are_one_line(mini: Path, capsys, value: str, says: str) -> None:
    assert main(["sweep", str(mini), "-n", "1", "--vary", f"turns={value}"]) == 2
    err = _err_line(capsys)
    assert err.startswith("eastflank: --vary turns: value ") and "is not a YAML value (column " in err and says in err


def test_vary_values_are_read_as_the_scenario_loader_reads_yaml() -> None:
    # YAML 1.2 core, as in a scenario file: yes is text, 1:30 is text (safe_load gave True and 90)
    assert S.parse_vary("a=yes,1:30,010,[x, y]") == ("a", ["yes", "1:30", 10, ["x", "y"]])


def _results(tmp_path: Path, *rows: object, **header: object) -> Path:
    h = {"format": S.FORMAT, "bounds": [], "variants": ["turns=5", "turns=6"], "settings": [], "n": 2, "seed": 1,
         "policies": {"blue": "random", "red": "random"}, "metrics": []}
    h.update(header)
    p = tmp_path / "r.jsonl"
    p.write_text("\n".join(json.dumps(x) for x in (h, *rows)) + "\n")
    return p


GOOD = {"turns": 5, "actions": 9, "winner": "red", "score": {"red": 1, "blue": 0}, "objectives": {"Minsk": "red"},
        "track_history": {"tension": [30, 25]}, "tracks": {"tension": 25}, "metrics": {}, "hours": 120}


def _row(game: int = 0, **kw: object) -> dict:
    return {"variant": "turns=5", "game": game, "seed": derive_seed(1, "game", game), "result": dict(GOOD), **kw}


@pytest.mark.parametrize("rows, header, says", [
    ([[]], {}, "r.jsonl:2: expected a game line {variant, game, seed, result}, got []"),
    ([{"variant": "turns=5"}], {}, "r.jsonl:2: a game line has no 'game'"),
    ([_row(game="x")], {}, "r.jsonl:2: game: expected a game number from 0 to 1 (got \"x\")"),
    ([_row(game=99)], {}, "r.jsonl:2: game: expected a game number from 0 to 1 (got 99)"),
    ([_row(variant="turns=55")], {}, "r.jsonl:2: variant: 'turns=55' is not a variant of this sweep (did you mean"),
    ([_row(seed=1)], {}, "r.jsonl:2: seed: 1 is not the seed of game 0 of this sweep"),
    ([_row(result=5)], {}, "r.jsonl:2: result: expected a mapping"),
    ([_row(result={**GOOD, "turns": None})], {}, "r.jsonl:2: result: turns: expected a number (got null)"),
    ([_row(result={**GOOD, "score": {"red": "x"}})], {}, "r.jsonl:2: result: score: expected a mapping"),
    ([{**_row(), "varient": 1}], {}, "r.jsonl:2: unknown key 'varient' in a game line (did you mean 'variant'?)"),
    ([], {"n": 10 ** 30}, "r.jsonl:1: header n: expected a whole number from 1 to 1000000"),  # was a hang
    ([], {"seed": None}, "r.jsonl:1: header seed: expected a whole number (got null)"),
    ([], {"variants": [[1]]}, "r.jsonl:1: header variants: expected a non-empty list of variant names"),
    ([], {"bounds": "x"}, "r.jsonl:1: header bounds: expected one mapping"),
])
def test_merge_refuses_a_malformed_results_file_naming_line_and_key(tmp_path: Path, capsys, rows, header,
                                                                    says: str) -> None:
    p = _results(tmp_path, *rows, **header)
    assert main(["merge", str(p), "--out", str(tmp_path / "m.jsonl")]) == 2
    err = _err_line(capsys)
    assert err.startswith(f"eastflank: {p}") and says.split("r.jsonl", 1)[1] in err, err
    assert not (tmp_path / "m.jsonl").exists()


def test_a_well_formed_hand_made_results_file_still_merges(tmp_path: Path, capsys) -> None:
    p = _results(tmp_path, _row(0), _row(1))
    assert main(["merge", str(p), "--out", str(tmp_path / "m.jsonl")]) == 0
    assert "2 of 4 games" in capsys.readouterr().err


def test_a_resumed_sweep_refuses_a_corrupt_results_file(mini: Path, tmp_path: Path, capsys) -> None:
    p = _results(tmp_path, _row(variant="nosuch"))
    before = p.read_bytes()
    assert main(["sweep", str(mini), "-n", "2", "--vary", "turns=5,6", "--out", str(p)]) == 2
    assert "r.jsonl:2: variant: 'nosuch' is not a variant of this sweep" in _err_line(capsys)
    assert p.read_bytes() == before


def test_a_scenario_given_twice_to_sweep_is_refused(mini: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(mini.parent)
    assert main(["sweep", "mini.yaml", "./mini.yaml", "-n", "1"]) == 2
    assert _err_line(capsys) == ("eastflank: sweep: ./mini.yaml is given twice (as 'mini.yaml' and './mini.yaml'); "
                                 "each scenario file is one variant")


@pytest.mark.parametrize("argv, says", [
    (["playout", "--synthetic", "8x6x2x2", "-n", "1", "--json", "{t}/r", "--out", "{t}/r"],
     "--json and --out name the same file"),  # the JSON replaced the results file
    (["playout", "--synthetic", "8x6x2x2", "-n", "1", "--out", "{t}/r", "--plot", "{t}/./r"],
     "--out and --plot name the same file"),  # FileExistsError traceback after the games
    (["playout", "{t}/mini.yaml", "-n", "1", "--json", "{t}/mini.yaml"], "--json {t}/mini.yaml: is an input"),
    (["sweep", "{t}/mini.yaml", "-n", "1", "--table", "{t}/mini.yaml"], "--table {t}/mini.yaml: is an input"),
    (["sweep", "{t}/mini.yaml", "-n", "1", "--table", "{t}/t.md", "--json", "{t}/t.md"],
     "--table and --json name the same file"),
    (["tournament", "{t}/mini.yaml", "--policies", "random,scripted", "-n", "1", "--json", "{t}/t",
      "--markdown", "{t}/t"], "--markdown and --json name the same file"),
    (["tournament", "{t}/mini.yaml", "--policies", "random,scripted", "-n", "1", "--json", "-", "--markdown", "-"],
     "only one of --markdown and --json can go to stdout (-)"),
    (["bench", "--synthetic", "8x6x2x2", "-n", "1", "--json", "{t}/b", "--markdown", "{t}/b"],
     "--json and --markdown name the same file"),
    (["merge", "{t}/mini.yaml", "--out", "{t}/m.jsonl", "--table", "{t}/mini.yaml"],
     "--table {t}/mini.yaml: is an input"),
])
def test_one_file_named_by_two_options_is_refused_before_any_game(mini: Path, tmp_path: Path, capsys, argv,
                                                                   says: str) -> None:
    t = str(tmp_path)
    before = mini.read_bytes()
    assert main([a.replace("{t}", t) for a in argv]) == 2
    assert says.replace("{t}", t) in _err_line(capsys)
    assert mini.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini.yaml"]


def test_a_policy_given_twice_to_tournament_is_refused(mini: Path, capsys) -> None:
    assert main(["tournament", str(mini), "--policies", "random,scripted,random", "-n", "1"]) == 2
    assert "--policies names random twice" in _err_line(capsys)


@pytest.mark.parametrize("text, says", [
    ("[" * 100000, "JSON nested too deeply"),  # RecursionError traceback
    ('{"policies": {"random": 5}}', "policies.random: expected an object of figures"),  # traceback after the games
    ('{"policies": {"random": {"playouts_per_s": "x"}}}', 'policies.random.playouts_per_s: expected a number'),
    ('{"policies": {}, "loadavg": 3}', "loadavg: expected a list of numbers"),
    ("[]", "expected a JSON object, got list"),
])
def test_a_malformed_bench_baseline_is_refused_before_any_game(tmp_path: Path, capsys, text: str, says: str) -> None:
    b = tmp_path / "base.json"
    b.write_text(text)
    md = tmp_path / "b.md"
    assert main(["bench", "--synthetic", "8x6x2x2", "-n", "1", "--baseline", str(b), "--markdown", str(md)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and f"bench: --baseline {b}: not a bench --json file ({says}" in err
    assert not md.exists()


def test_ctrl_c_during_a_jobs_2_sweep_stops_cleanly_and_resumes(tmp_path: Path) -> None:
    res = tmp_path / "r.jsonl"
    scen = [str(ROOT / "scenarios" / "baseline-2020.yaml"), str(ROOT / "scenarios" / "zapad-2021.yaml")]
    cmd = [sys.executable, "-m", "engine.cli", "sweep", *scen, "-n", "300", "--jobs", "2", "--out", str(res),
           "--json", str(tmp_path / "s.json")]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    t0 = time.time()
    while (not res.exists() or res.read_bytes().count(b"\n") < 4) and proc.poll() is None and time.time() - t0 < 60:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)  # the terminal sends Ctrl-C to the whole process group
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err.decode() == "eastflank: interrupted\n"  # was 'Process ForkPoolWorker-1:' lines and no word
    assert subprocess.run(["pgrep", "-s", str(proc.pid)], capture_output=True).stdout == b""  # no stray workers
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.jsonl"]  # no --json, no temp files
    header, rows, good = S.read_results(str(res))  # every line whole and valid: a rerun resumes from it
    assert header is not None and 0 < len(rows) < 600 and good == res.stat().st_size


def test_calibrate_and_effects_write_no_file_the_user_did_not_name(tmp_path, monkeypatch, capsys) -> None:
    """Hostile: 'eastflank calibrate -n 1' from any folder replaced the repository's published
    seeds/calibration.md (and effects seeds/effects.md). Without --out the table goes to stdout."""
    from engine.analysis import calibrate, effects
    from engine.cli import main
    before = {p: p.read_bytes() for p in (calibrate.CALIBRATION_MD, effects.EFFECTS_MD)}
    monkeypatch.chdir(tmp_path)
    assert main(["calibrate", "-n", "1", "--policies", "random/random", "--jobs", "1"]) == 0
    out = capsys.readouterr()
    assert out.out.startswith("# Calibration against published wargames") and "DOES NOT HOLD" in out.err
    seen: dict = {}

    def fake(n, seed, jobs, out, *a, **k):
        seen["out"] = out
        return []
    monkeypatch.setattr(effects, "write_table", fake)
    assert main(["effects", "-n", "2", "--blocks", "1", "--jobs", "1"]) == 0
    assert seen["out"] == "-"
    assert {p: p.read_bytes() for p in before} == before and list(tmp_path.iterdir()) == []
    assert main(["calibrate", "-n", "1", "--policies", "random/random", "--jobs", "1", "--out", "c.md"]) == 0
    assert (tmp_path / "c.md").read_text(encoding="utf-8").startswith("# Calibration")


def test_calibrate_refuses_a_policy_pair_given_twice(capsys) -> None:
    """'--policies random/random random' printed every row twice (a single name plays both sides)."""
    from engine.cli import main
    assert main(["calibrate", "-n", "1", "--policies", "random/random", "random"]) == 2
    assert "random/random is given twice" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["validate", ""], ["playout", "", "-n", "1"],
                                  ["tournament", "", "--policies", "random,scripted", "-n", "1"],
                                  ["sweep", "", "-n", "1", "--vary", "turns=5,6"]])
def test_an_empty_scenario_path_says_so(argv, capsys) -> None:
    """'' was read as Path('') == '.', and the error said '.: cannot read: is a directory'."""
    from engine.cli import main
    assert main(argv) in (1, 2)
    err = capsys.readouterr().err
    assert "the path is empty" in err and "directory" not in err


def test_sweep_checks_the_chart_quantity_before_any_game(tmp_path, capsys) -> None:
    """'--chart c.png --y nosuch' played every game, then exited 2 with no chart."""
    from engine.cli import main
    scen = str(Path(__file__).resolve().parents[1] / "scenarios" / "calibration" / "rand-baltic.yaml")
    out = tmp_path / "r.jsonl"
    argv = ["sweep", scen, "-n", "1", "--vary", "turns=5,6", "--chart", str(tmp_path / "c.png"), "--out", str(out)]
    assert main(argv + ["--y", "riga_held_ned"]) == 2
    err = capsys.readouterr().err
    assert "--y 'riga_held_ned'" in err and "did you mean 'riga_held_end'" in err
    assert not out.exists()  # no game was played
    assert main(argv + ["--y", "riga_held_end"]) == 0 and (tmp_path / "c.png").stat().st_size > 0


@pytest.mark.parametrize("spec, first, second", [("turns=5,5.0", "5", "5.0"), ("turns=5.0,6,5", "5.0", "5"),
                                                 ("x=[1,2.0],[1,2]", "[1,2.0]", "[1,2]")])
def test_sweep_refuses_two_values_the_loader_reads_alike(spec, first, second) -> None:
    """'--vary turns=5,5.0' made two variants that are one scenario to the loader (it reads 5.0 as 5): twice the
    games, and a table with two identical rows."""
    from engine.analysis.sweep import SweepError, parse_vary
    with pytest.raises(SweepError, match=rf"{re.escape(repr(second))} and {re.escape(repr(first))} are the same"):
        parse_vary(spec)


def test_sweep_keeps_values_the_loader_reads_apart() -> None:
    from engine.analysis.sweep import parse_vary
    assert parse_vary("a=true,1,1.5,'1'") == ("a", [True, 1, 1.5, "1"])
    with pytest.raises(Exception, match="'5' is given twice"):
        parse_vary("turns=5,5")

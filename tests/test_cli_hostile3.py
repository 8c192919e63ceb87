"""Hostile CLI input, round 3: someone else's file as --out, huge figures, tournaments and metrics checked first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.analysis import stats
from engine.analysis import sweep as S
from engine.cli.entry import main
from engine.core.rng import derive_seed
from scenario_fixture import err_line as _err_line, mini, mini_text  # noqa: F401 (mini: a fixture)

ROOT = Path(__file__).resolve().parent.parent
BALTIC = str(ROOT / "scenarios" / "calibration" / "rand-baltic.yaml")  # has metrics (riga_held_end ...)


@pytest.mark.parametrize("data", [b"my notes, with no newline at the end", bytes(range(256)).replace(b"\n", b"")])
@pytest.mark.parametrize("verb", [["sweep", "{m}", "--vary", "turns=5,6"], ["playout", "{m}"]])
def test_someone_elses_file_without_a_whole_line_is_not_replaced_by_out(mini: Path, tmp_path: Path, capsys,
                                                                         data: bytes, verb: list) -> None:
    """A file with no newline read as 'no results yet' and was truncated and replaced by the results."""
    f = tmp_path / "notes.txt"
    f.write_bytes(data)
    assert main([a.replace("{m}", str(mini)) for a in verb] + ["-n", "1", "--out", str(f)]) == 2
    assert _err_line(capsys) == (f"eastflank: {f}: not a sweep results file (expected format 'eastflank-sweep-1'); "
                                 "give another output file")
    assert f.read_bytes() == data


def test_a_torn_header_of_ours_and_an_empty_file_are_still_replaced(mini: Path, tmp_path: Path, capsys) -> None:
    for text in (b'{"bounds": [{"tu', b"", b"\n \n"):  # a kill while the header was written; a new file
        f = tmp_path / "r.jsonl"
        f.write_bytes(text)
        assert main(["playout", str(mini), "-n", "1", "--out", str(f)]) == 0
        header, rows, _ = S.read_results(str(f))
        assert header is not None and len(rows) == 1


def test_merge_says_an_empty_results_file_is_empty(tmp_path: Path, capsys) -> None:
    """It said 'no such results file' of a file that is there."""
    f = tmp_path / "r.jsonl"
    f.write_bytes(b"")
    assert main(["merge", str(f), "--out", str(tmp_path / "m.jsonl")]) == 2
    assert _err_line(capsys) == f"eastflank: {f}: is empty, not a sweep results file"


def _results(tmp_path: Path, *results: dict, **header: object) -> Path:
    h = {"format": S.FORMAT, "bounds": [], "variants": ["turns=5"], "settings": [], "n": len(results), "seed": 1,
         "policies": {"blue": "random", "red": "random"}, "metrics": []}
    h.update(header)
    rows = [{"variant": "turns=5", "game": i, "seed": derive_seed(1, "game", i), "result": r}
            for i, r in enumerate(results)]
    p = tmp_path / "r.jsonl"
    p.write_text("\n".join(json.dumps(x) for x in (h, *rows)) + "\n")
    return p


def _result(**kw: object) -> dict:
    return {"turns": 5, "actions": 9, "winner": "red", "score": {"red": 1, "blue": 0}, "tracks": {"tension": 25},
            "metrics": {}, "hours": 120, **kw}


@pytest.mark.parametrize("field, a, b", [("turns", 1e308, 1.5e308), ("score", {"red": 1e308}, {"red": -1e308}),
                                         ("metrics", {"m": 1e200}, {"m": -1e200}),
                                         ("hours", 1e308, 1e308)])
def test_figures_near_the_float_limit_are_summarised_not_a_traceback(tmp_path: Path, capsys, field, a, b) -> None:
    """A scenario may hold a track of 1e307 (playout -n 20 of it, or a hand-edited results file): the
    summary raised OverflowError in fsum or (x - m) ** 2, after merge had written --out."""
    p = _results(tmp_path, _result(**{field: a}), _result(**{field: b}), _result(**{field: a}))
    assert main(["merge", str(p), "--out", str(tmp_path / "m.jsonl"), "--json", str(tmp_path / "s.json")]) == 0
    assert "Traceback" not in capsys.readouterr().err and (tmp_path / "s.json").exists()


def test_statistics_of_huge_figures() -> None:
    xs = [1e307, 1.5e308, 3e300]
    m, lo, hi = stats.mean_ci(xs, lo=0.0, hi=1.7e308)
    assert m == pytest.approx(sum(x / 3 for x in xs)) and (lo, hi) == (0.0, 1.7e308)
    assert stats.diff_means([1e200, 3e200, 2e200], [5e200, 9e200, 7e200])[0] == pytest.approx(5e200)
    assert stats.skewness([1e307, 1.5e308, 3e300, 1e308]) == pytest.approx(stats.skewness([1e1, 1.5e2, 3e-6, 1e2]))
    m, lo, hi = stats.bootstrap_mean_ci([1e308, 1.5e308, 3e300] * 5)
    assert lo <= m <= hi and m == pytest.approx(1e308 / 3 + 1.5e308 / 3 + 3e300 / 3)


def test_a_results_header_with_a_bound_upside_down_is_refused(tmp_path: Path, capsys) -> None:
    """bounds {turns: [10, 0]} gave an interval that was not an interval of the data, silently."""
    p = _results(tmp_path, _result(), _result(turns=6), bounds=[{"turns": [10, 0]}])
    assert main(["merge", str(p), "--out", str(tmp_path / "m.jsonl")]) == 2
    assert "r.jsonl:1: header bounds: expected one mapping of quantity to [low, high]" in _err_line(capsys)


def test_tournament_loads_every_scenario_before_the_first_game(mini: Path, tmp_path: Path, capsys,
                                                               monkeypatch) -> None:
    """'tournament good.yaml missing.yaml' played every matchup of good.yaml, then failed."""
    from engine.analysis import tournament

    def no_game(*a, **k):
        raise AssertionError("a game was played before every scenario was checked")
    monkeypatch.setattr(tournament, "run_playouts", no_game)
    for bad, says in ((tmp_path / "missing.yaml", "missing.yaml: file not found"),
                      (tmp_path, "cannot read: is a directory")):
        assert main(["tournament", str(mini), str(bad), "--policies", "random,scripted", "-n", "1"]) == 2
        assert says in _err_line(capsys)


def test_tournament_refuses_a_scenario_given_twice(mini: Path, capsys, monkeypatch) -> None:
    """Its games were counted twice in the Elo table, and its tables printed twice."""
    monkeypatch.chdir(mini.parent)
    assert main(["tournament", "mini.yaml", "./mini.yaml", "--policies", "random,scripted", "-n", "1"]) == 2
    assert _err_line(capsys) == "eastflank: tournament: ./mini.yaml is given twice (as 'mini.yaml' and './mini.yaml')"


NEAR = "units_near_border:countries=LVA:side=red"


@pytest.mark.parametrize("argv, says", [
    (["playout", BALTIC, "--metric", f"riga_held_end={NEAR}"],
     "scenario rand-baltic has a metric 'riga_held_end' already (its metrics: riga_arrival_turn, riga_held_end, "
     "riga_encircled_turn); give yours another id"),  # it replaced the scenario's metric (5.00 for a 0-1 flag)
    (["compare", "{m}", BALTIC, "--metric", f"riga_held_end={NEAR}"], "has a metric 'riga_held_end' already"),
    (["sweep", BALTIC, "--vary", "turns=5,6", "--metric", f"riga_held_end={NEAR}"],
     "has a metric 'riga_held_end' already"),
    (["playout", "{m}", "--metric", f"x={NEAR}", "--metric", f"x={NEAR}:within=2"], "the id 'x' is given twice"),
    (["playout", "{m}", "--metric", f"={NEAR}"], "the id before '=' is empty"),
])
def test_a_metric_id_that_is_taken_or_empty_is_refused_before_any_game(mini: Path, tmp_path: Path, capsys,
                                                                        argv, says: str) -> None:
    out = tmp_path / "r.jsonl"
    assert main([a.replace("{m}", str(mini)) for a in argv] + ["-n", "1", "--json", str(out)]) == 2
    err = _err_line(capsys)
    assert err.startswith("eastflank: --metric '") and says in err
    assert not out.exists()


def test_effects_refuses_a_policy_given_twice(capsys) -> None:
    """'--compare random' beside the default --policy random played every game twice for identical columns."""
    assert main(["effects", "-n", "2", "--compare", "random"]) == 2
    assert _err_line(capsys) == ("eastflank: effects: random is given twice (--policy random --compare random); "
                                 "each policy is measured once")


def test_bench_refuses_a_policy_given_twice(tmp_path: Path, capsys) -> None:
    """It timed the policy twice and the second run replaced the first in --json."""
    out = tmp_path / "b.json"
    argv = ["bench", "--synthetic", "8x6x2x2", "-n", "1", "--policy", "random", "--policy", "random"]
    assert main(argv + ["--json", str(out)]) == 2
    assert _err_line(capsys) == "eastflank: bench: --policy random is given twice; each policy is timed once"
    assert not out.exists()


@pytest.mark.parametrize("verb, target", [
    (["effects", "-n", "2", "--blocks", "1"], "seeds/claims.yaml"),
    (["effects", "-n", "2", "--blocks", "1"], "scenarios/baseline-2020.yaml"),
    (["calibrate", "-n", "1", "--policies", "random/random"], "scenarios/calibration/zima-20.yaml"),
])
def test_effects_and_calibrate_refuse_an_out_over_their_own_inputs(monkeypatch, capsys, verb, target) -> None:
    """'--out seeds/claims.yaml' (or a case's scenario) replaced that input with the table after every game."""
    from engine.analysis import calibrate, effects
    written: list = []
    for mod in (calibrate, effects):  # no game, and never a write into the repository
        monkeypatch.setattr(mod, "write_table", lambda *a, **k: written.append(a) or [])
    path = str(ROOT / target)
    assert main(verb + ["--jobs", "1", "--out", path]) == 2
    assert _err_line(capsys) == (f"eastflank: --out {path}: is an input of this run; writing there would replace "
                                 "it (give another file)")
    assert written == []


def test_sweep_refuses_to_vary_extends(mini: Path, capsys) -> None:
    """'--vary extends=a.yaml,b.yaml' made two variants, each the base scenario unchanged (the key was dropped),
    labelled as if they extended a.yaml and b.yaml."""
    assert main(["sweep", str(mini), "-n", "1", "--vary", f"extends={mini},/etc/passwd"]) == 2
    assert _err_line(capsys) == ("eastflank: --vary extends: the file a scenario extends cannot be varied; give each "
                                 "scenario file as a SCENARIO (several files are variants too)")


def test_calibrate_says_a_pair_of_three_names_is_not_red_blue(capsys) -> None:
    """'random/random/random' said "unknown policy 'random/random'", a name nobody gave."""
    assert main(["calibrate", "-n", "1", "--policies", "random/random/random"]) == 2
    assert _err_line(capsys) == "eastflank: --policies 'random/random/random': expected RED/BLUE, e.g. search/greedy"

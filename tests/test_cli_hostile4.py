"""Hostile CLI input, round 4: metric parameters checked first, resumes of an edited scenario, --red/--blue of
a side the scenario does not have, a misspelt policy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.analysis import sweep as S
from engine.cli.entry import main
from scenario_fixture import err_line as _err_line, mini, mini_text  # noqa: F401 (mini: a fixture)

ROOT = Path(__file__).resolve().parent.parent
BALTIC = str(ROOT / "scenarios" / "calibration" / "rand-baltic.yaml")  # sides red, blue; countries LVA, EST ...
NEAR = "x=units_near_border:countries=LVA:side=red"


# --- 1. metric parameters ----------------------------------------------------------------------------

@pytest.mark.parametrize("metric, says", [
    (NEAR.replace("side=red", "side=rde"),  # was 0.00 in every game
     "parameter side: 'rde' is not a side of scenario rand-baltic (did you mean 'red'?) (expected one of: red, blue)"),
    (NEAR + ":bogus=1", "unknown parameter 'bogus' (metric units_near_border takes side, countries, within, "
                        "readiness, types, symbols)"),
    (NEAR + ":withn=2", "unknown parameter 'withn' (did you mean 'within'?)"),
    (NEAR.replace("LVA", "LVA,XXX"), "parameter countries: 'XXX' is not a country on the map (expected one of: "),
    (NEAR + ":within=-1", "parameter within: '-1' is out of range (expected a whole number of hexes, 0 or more)"),
    (NEAR + ":within=two", "parameter within: 'two' is not a whole number of hexes, 0 or more"),
    ("x=units_near_border:countries=LVA",  # said "metric parameter 'side' is missing", naming no metric
     "parameter 'side' of metric units_near_border is missing (expected a side"),
    ("x=holds:side=blue:place=Rgia", "parameter place: 'Rgia' is not an objective or a place on the map "
                                     "(did you mean 'Riga'"),
    ("x=units:side=red:readiness=deploy", "'deploy' is not a readiness state (did you mean 'deployed'?)"),
    ("x=at_turn:at=3:of=holds:side=blue:place=Riga:bogus=2", ": of=holds: unknown parameter 'bogus'"),
    ("x=at_turn:at=0:of=holds:side=blue:place=Riga", "parameter at: '0' is out of range (expected a turn number"),
    ("x=air_over:side=red", "metric air_over needs exactly one of place or lat+lon"),
    ("x=track:track=tension", "parameter track: 'tension' is not a track of scenario rand-baltic (there is none)"),
    ("x=echelon_loss:units=lv_mech,lv_mehc", "'lv_mehc' is not a starting unit of scenario rand-baltic "
                                             "(did you mean 'lv_mech'?)"),
    ("x=units:side=red:reduce=maxx", "reduce 'maxx' is not one of last, max, min, mean, sum, first_turn, "
                                     "first_value (did you mean 'max'?)"),
])
def test_a_metric_parameter_that_measures_nothing_is_refused_before_any_game(tmp_path: Path, capsys, no_games,
                                                                             metric: str, says: str) -> None:
    out = tmp_path / "r.json"
    assert main(["playout", BALTIC, "-n", "1", "--metric", metric, "--json", str(out)]) == 2
    err = _err_line(capsys)
    assert err.startswith(f"eastflank: --metric {metric!r}: ") and says in err, err
    assert not out.exists()


@pytest.mark.parametrize("verb", [["sweep", BALTIC, "--vary", "turns=5,6"], ["compare", BALTIC, BALTIC]])
def test_sweep_and_compare_check_metric_parameters_too(tmp_path: Path, capsys, no_games, verb: list) -> None:
    assert main(verb + ["-n", "1", "--metric", NEAR.replace("side=red", "side=rde")]) == 2
    assert "parameter side: 'rde' is not a side of scenario rand-baltic" in _err_line(capsys)


def test_a_scenario_metric_with_a_wrong_parameter_is_refused_naming_file_and_metric(mini: Path, capsys,
                                                                                      no_games) -> None:
    """The loader checked a metric's function name only; its parameters were read in the first game. Now
    the loader checks them too, so validate, the editor and every command say where (file:line:col)."""
    mini.write_text(mini_text() + "metrics:\n  - {id: near, metric: units_near_border, "
                                  "params: {side: blue, countries: 'POL,LTV'}}\n", encoding="utf-8")
    line = len(mini.read_text().splitlines())
    want = (f"{mini}:{line}:75: metrics[0].params.countries: metric 'near' (units_near_border): parameter "
            "countries: 'LTV' is not a country on the map")
    assert main(["playout", str(mini), "-n", "1"]) == 2
    err = _err_line(capsys)
    assert want in err and "(did you mean 'LVA' or 'LTU'?)" in err
    assert main(["validate", str(mini)]) == 2
    assert want in capsys.readouterr().err


def test_the_library_checks_metric_parameters_against_the_scenario_too() -> None:
    """A MetricSet is what every backend builds before its first game."""
    from engine.analysis.metrics import MetricError, MetricSet, parse_metric_arg
    from engine.game.game import load_game
    game = load_game(BALTIC)
    MetricSet(game, [parse_metric_arg(NEAR)])
    with pytest.raises(MetricError, match=r"metric 'x' \(units_near_border\): parameter side: 'rde' is not a side"):
        MetricSet(game, [parse_metric_arg(NEAR.replace("side=red", "side=rde"))])


def test_every_scenario_metric_of_the_repository_passes_the_check() -> None:
    from engine.analysis.metrics import check_spec
    from engine.game.game import load_game
    for name in ("calibration/rand-baltic.yaml", "calibration/zima-20.yaml", "baseline-2020.yaml"):
        game = load_game(str(ROOT / "scenarios" / name))
        assert game.scenario.metrics
        for m in game.scenario.metrics:
            check_spec(m, game)


# --- 2. a resume notices the scenario changed --------------------------------------------------------

def test_a_resume_of_an_edited_scenario_is_refused(mini: Path, tmp_path: Path, capsys) -> None:
    """turns: 10 -> 6 and the same command: it reported the old games' turns 10.0 as the new scenario's."""
    out = tmp_path / "r.jsonl"
    assert main(["playout", str(mini), "-n", "2", "--out", str(out)]) == 0
    assert main(["playout", str(mini), "-n", "2", "--out", str(out)]) == 0  # unchanged: resumes, plays nothing
    capsys.readouterr()
    before = out.read_bytes()
    mini.write_text(mini_text().replace("turns: 10", "turns: 6"), encoding="utf-8")
    assert main(["playout", str(mini), "-n", "2", "--out", str(out)]) == 2
    err = _err_line(capsys)
    assert f"eastflank: {out}: the scenario of {mini} changed since its games were played (scenario " in err
    assert f"give a new --out, or delete {out} to play them all again" in err
    assert out.read_bytes() == before


def test_a_sweep_resume_of_an_edited_scenario_is_refused(mini: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "r.jsonl"
    argv = ["sweep", str(mini), "--vary", "turns=5,6", "-n", "1", "--out", str(out)]
    assert main(argv) == 0
    before = out.read_bytes()
    mini.write_text(mini_text().replace("initial: 30", "initial: 40"), encoding="utf-8")
    capsys.readouterr()
    assert main(argv) == 2
    assert "the scenario of turns=5 changed since its games were played" in _err_line(capsys)
    assert out.read_bytes() == before


def test_a_results_file_without_digests_is_merged_but_not_resumed(mini: Path, tmp_path: Path, capsys) -> None:
    """Files written before the header recorded the scenario: merge reads them; a resume cannot tell."""
    out = tmp_path / "r.jsonl"
    assert main(["playout", str(mini), "-n", "1", "--out", str(out)]) == 0
    lines = out.read_text().splitlines()
    header = json.loads(lines[0])
    del header["digests"]
    out.write_text("\n".join([json.dumps(header, sort_keys=True), *lines[1:]]) + "\n")
    assert main(["merge", str(out), "--out", str(tmp_path / "m.jsonl")]) == 0
    capsys.readouterr()
    before = out.read_bytes()
    assert main(["playout", str(mini), "-n", "1", "--out", str(out)]) == 2
    assert "was written before results files recorded the scenario they were played on" in _err_line(capsys)
    assert out.read_bytes() == before


# --- 3. --red / --blue of a side the scenario does not have -----------------------------------------------

def _east_west(tmp_path: Path) -> Path:
    """The mini scenario (and the rules it includes, which are keyed by side) with sides east and west."""
    import re

    from scenario_fixture import MINI, RULES
    rules = tmp_path / "rules"
    rules.mkdir(exist_ok=True)

    def ew(text: str) -> str:
        return re.sub(r"\bblue\b", "west", re.sub(r"\bred\b", "east", text))
    for f in ("units.yaml", "terrain.yaml", "combat.yaml", "logistics.yaml"):
        (rules / f).write_text(ew((RULES / f).read_text(encoding="utf-8")), encoding="utf-8")
    p = tmp_path / "ew.yaml"
    p.write_text(ew(MINI.format(rules=rules.as_posix())), encoding="utf-8")
    return p


@pytest.mark.parametrize("flag", ["--red", "--blue"])
def test_a_policy_for_a_side_the_scenario_does_not_have_is_refused(tmp_path: Path, capsys, no_games,
                                                                   flag: str) -> None:
    """It was dropped silently: every side played --policy (random) and the report said so in passing."""
    ew = _east_west(tmp_path)
    for verb in (["playout", str(ew)], ["sweep", str(ew), "--vary", "turns=5,6"]):
        assert main(verb + ["-n", "1", flag, "scripted"]) == 2
        side = flag[2:]
        assert _err_line(capsys) == (f"eastflank: {flag} scripted: scenario mini has no side {side!r} (its sides: "
                                     "east, west); --policy POLICY sets the policy of every side")


def test_compare_checks_b_sides_before_a_is_played(mini: Path, tmp_path: Path, capsys, no_games) -> None:
    assert main(["compare", str(mini), str(_east_west(tmp_path)), "-n", "1", "--red", "scripted"]) == 2
    assert "--red scripted: scenario mini has no side 'red'" in _err_line(capsys)


def test_library_callers_keep_the_lenient_reading(tmp_path: Path) -> None:
    """engine.testing.play_games passes red= and blue= always."""
    from engine.testing import play_games
    assert len(play_games(_east_west(tmp_path), 1, seed=1)) == 1


# --- 4. a misspelt policy ---------------------------------------------------------------------------------

def test_an_unknown_policy_says_which_one_was_meant(capsys) -> None:
    assert main(["playout", BALTIC, "-n", "1", "--red", "scriptd"]) == 2
    assert _err_line(capsys) == ("eastflank: unknown policy 'scriptd' (did you mean 'scripted'?) "
                                 "(known: greedy, random, scripted, search)")

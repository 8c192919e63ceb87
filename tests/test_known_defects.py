"""Five known defects of the loader, the engine and the analysis, one section each; every test here failed on
the code before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.cli.entry import main
from engine.scenario.loader import validate
from scenario_fixture import err_line

ROOT = Path(__file__).resolve().parent.parent
BALTIC = str(ROOT / "scenarios" / "calibration" / "rand-baltic.yaml")  # turns: 10; sides red, blue
ZIMA = ROOT / "scenarios" / "calibration" / "zima-20.yaml"  # metrics at_turn at 6, turns: 10


@pytest.fixture()
def no_games(monkeypatch):
    """A game played before the run was checked fails the test."""
    from engine.analysis import runner

    def no_game(*a, **k):
        raise AssertionError("a game was played before the run was checked")
    monkeypatch.setattr(runner, "run_games", no_game)
    monkeypatch.setattr(runner, "run_tasks", no_game)


# --- 1. at_turn after the last turn -------------------------------------------------------------------

def test_a_scenario_metric_at_a_turn_after_the_last_is_a_located_problem(tmp_path: Path) -> None:
    """zima-20 measures ``at_turn`` at 6; a variant of 5 turns never reaches it, and every game measured 0."""
    p = tmp_path / "short.yaml"
    p.write_text(f"extends: {ZIMA.as_posix()}\nid: short\nturns: 5\n", encoding="utf-8")
    probs = validate(p)
    lines = [str(x) for x in probs]
    assert len(probs) == 2, lines
    text = ZIMA.read_text(encoding="utf-8").splitlines()
    for x, mid in zip(probs, ("bialystok_held_d5", "lublin_held_d5")):
        assert x.file == str(ZIMA) and x.path.endswith(".params.at"), str(x)
        assert mid in text[x.line - 1] and text[x.line - 1][x.col - 1:].startswith('"6"'), str(x)
        assert "parameter at: '6' is after the last turn of scenario short (expected a turn number, 1 to 5" \
            in x.message
    p.write_text(f"extends: {ZIMA.as_posix()}\nid: short\nturns: 6\n", encoding="utf-8")
    assert validate(p) == []  # the last turn itself is fine


@pytest.mark.parametrize("verb", [["playout", BALTIC], ["compare", BALTIC, BALTIC]])
def test_a_command_line_at_turn_after_the_last_turn_is_one_line(capsys, no_games, verb: list) -> None:
    metric = "x=at_turn:at=11:of=holds:side=blue:place=Riga"
    assert main(verb + ["-n", "1", "--metric", metric]) == 2
    err = err_line(capsys)
    assert err.startswith(f"eastflank: --metric {metric!r}: parameter at: '11' is after the last turn of "
                          "scenario rand-baltic (expected a turn number, 1 to 10"), err


def test_a_sweep_checks_at_turn_against_each_variants_turns(tmp_path: Path, capsys, no_games) -> None:
    metric = "x=at_turn:at=6:of=holds:side=blue:place=Riga"
    out = tmp_path / "s.jsonl"
    assert main(["sweep", BALTIC, "--vary", "turns=6,5", "-n", "1", "--metric", metric, "--out", str(out)]) == 2
    assert "parameter at: '6' is after the last turn of scenario rand-baltic (expected a turn number, 1 to 5" \
        in err_line(capsys)
    assert not out.exists()
    with pytest.raises(AssertionError, match="a game was played"):  # every variant reaches turn 6: the games start
        main(["sweep", BALTIC, "--vary", "turns=6,7", "-n", "1", "--metric", metric, "--out", str(out)])

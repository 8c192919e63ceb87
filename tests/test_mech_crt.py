"""The shipped combat table (issue 13, item 6): a less decisive table with the expected losses its
comments state, so a brigade is no longer destroyed in a single attack."""

from __future__ import annotations

from pathlib import Path

from engine.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parent.parent


def _table():
    return load_scenario(ROOT / "scenarios" / "baseline-2020.yaml").rules.combat


def _expected(table, col: int, what: str) -> float:
    return sum(getattr(row[col], what) for row in table.rows) / len(table.rows)


def test_expected_losses_per_battle_match_the_comment():
    t = _table()
    i = {c: k for k, c in enumerate(t.columns)}
    assert round(_expected(t, i["3:1"], "defender_loss"), 2) == 0.83
    assert round(_expected(t, i["3:1"], "attacker_loss"), 2) == 0.17
    assert round(_expected(t, i["5:1"], "defender_loss"), 2) == 1.17
    assert round(_expected(t, i["1:1"], "attacker_loss"), 2) == 0.5
    # defender losses grow with the odds, attacker losses shrink
    d = [_expected(t, k, "defender_loss") for k in range(len(t.columns))]
    a = [_expected(t, k, "attacker_loss") for k in range(len(t.columns))]
    assert d == sorted(d) and a == sorted(a, reverse=True)


def test_no_single_result_destroys_a_full_brigade():
    t = _table()
    assert max(c.defender_loss for row in t.rows for c in row) <= 2  # a 4-step brigade survives any one roll

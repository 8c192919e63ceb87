"""Errors in the rules a scenario includes or overrides: each names file, line and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.errors import ScenarioError
from engine.scenario.loader import load_scenario

from mapfixture import build
from scenario_fixture import mini_text, write

MAP = build()


def problems(tmp_path: Path, text: str) -> list[str]:
    p = write(tmp_path, text)
    with pytest.raises(ScenarioError) as ei:
        load_scenario(p, map=MAP)
    return [str(x) for x in ei.value.problems]


def test_missing_include_names_the_file_and_line(tmp_path: Path) -> None:
    text = mini_text().replace("/logistics.yaml]", "/logistix.yaml]")
    got = problems(tmp_path, text)
    assert len(got) == 1, got  # no cascade of 'missing key' from the rules that did not load
    first = got[0]
    assert first.startswith(f"{tmp_path / 's.yaml'}:6:"), got
    assert "include[3]: rules file" in first and "logistix.yaml" in first and "not found" in first


def test_combat_row_of_wrong_length_is_refused(tmp_path: Path) -> None:
    # The override replaces the table's rows with one row one cell short of the 8 columns.
    override = ("rules:\n  combat:\n    rows:\n"
                + "".join(f"      - [A1, A1, A1, A1, A1, A1, A1{', A1' if i else ''}]\n" for i in range(6)))
    got = problems(tmp_path, mini_text() + override)
    joined = "\n".join(got)
    assert "combat.rows[0]" in joined, got
    assert "8" in joined and "7" in joined, got
    # the line of the bad row in the scenario file is named
    line_no = (mini_text() + override).splitlines().index("      - [A1, A1, A1, A1, A1, A1, A1]") + 1
    assert f"s.yaml:{line_no}:" in joined, got


def test_unknown_readiness_state_of_a_unit(tmp_path: Path) -> None:
    text = mini_text().replace("location: Minsk}", "location: Minsk, readiness: alertd}", 1)
    got = problems(tmp_path, text)
    assert any("units[0].readiness" in g and "'alertd'" in g and "alerted" in g for g in got), got


def test_all_errors_of_a_file_come_together(tmp_path: Path) -> None:
    text = (mini_text().replace("turns: 10", "turns: ten")
            .replace("type: by_mech_bde", "type: nope")
            .replace("location: Minsk}", "location: Minks}", 1))
    got = problems(tmp_path, text)
    assert len(got) >= 3
    assert any("turns" in g for g in got) and any("units[0].type" in g for g in got)

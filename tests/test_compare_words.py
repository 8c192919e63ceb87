"""`compare` speaks in names: sides and tracks by their scenario names, clear differences marked."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.analysis.compare_words import compare_chart, plain_compare
from engine.analysis.montecarlo import compare, summarize
from engine.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parent.parent


def games(red_wins: int, n: int, tension: float) -> list[dict]:
    return [{"winner": "red" if i < red_wins else "blue", "turns": 14, "actions": 10,
             "tracks": {"tension": tension + (i % 3)}} for i in range(n)]


def test_plain_compare_uses_names_and_says_which_difference_is_clear() -> None:
    sa = load_scenario(ROOT / "scenarios" / "baseline-2020.yaml")
    sb = load_scenario(ROOT / "scenarios" / "variants" / "baseline-2020-no-osce.yaml")
    ra, rb = games(10, 100, 40.0), games(60, 100, 40.0)
    text = plain_compare(compare(ra, rb), summarize(ra), summarize(rb), sa, sb)
    lines = text.splitlines()
    assert lines[0] == f"B = “{sb.title}”" and lines[1] == f"A = “{sa.title}”"
    red = next(x for x in lines if x.strip().startswith("Russia and Belarus won"))
    assert red.strip().startswith("Russia and Belarus won 60 % of games in B, 10 % in A: 50 points more")
    assert red.endswith("a clear difference.")
    assert "  Military tension: 41.0 in B, 41.0 in A: 0.0" in text  # tracks by name, not 'tension'
    assert "not a clear difference" in next(x for x in lines if "Military tension" in x)
    assert " red " not in text and "tension:" not in text.replace("Military tension:", "")


def test_compare_chart_writes_a_png(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    sa = load_scenario(ROOT / "scenarios" / "baseline-2020.yaml")
    ra, rb = games(10, 50, 40.0), games(30, 50, 55.0)
    out = compare_chart(compare(ra, rb), sa, sa, tmp_path / "c.png")
    assert Path(out).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

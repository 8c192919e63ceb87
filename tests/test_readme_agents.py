"""The README's agent example runs as printed (the guide's 15 lines stay true)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("pettingzoo")

ROOT = Path(__file__).resolve().parent.parent


def test_readme_agent_example_runs(monkeypatch, capsys) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```python\n(.*?)```", text, re.S) if "EastFlankAEC" in b]
    assert len(blocks) == 1
    code = blocks[0]
    assert len([ln for ln in code.splitlines() if ln.strip()]) <= 20
    monkeypatch.chdir(ROOT)
    exec(compile(code, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "blue against scripted red:" in out
    assert re.search(r"\{'(red|blue)': -?[01]\.0, '(red|blue)': -?[01]\.0\}", out), out

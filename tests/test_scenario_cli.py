"""``eastflank validate``, ``schema`` and ``scenario show`` through cli.main; the validation benchmark."""

from __future__ import annotations

import json
import time
from pathlib import Path

from engine.cli.entry import main

STARTER = Path(__file__).resolve().parent.parent / "scenarios" / "baseline-2020.yaml"


def test_validate_ok_and_bad(tmp_path: Path, capsys) -> None:
    assert main(["validate", str(STARTER)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{STARTER}: OK (baseline-2020:")
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitel: y\n", encoding="utf-8")
    assert main(["validate", str(STARTER), str(bad)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert f"{bad}:2:1: titel: unknown key 'titel' in a scenario (did you mean 'title'?)" in err
    assert all(line.startswith(f"{bad}:") for line in err)


def test_schema_verb(capsys) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["type"] == "object"


def test_show_json(capsys) -> None:
    assert main(["scenario", "show", str(STARTER), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    for key in ("units", "bases", "rotations", "events", "tracks"):
        assert isinstance(info[key], int) and info[key] > 0, key
    assert set(info["options"]) == {"red", "blue"} and all(n > 0 for n in info["options"].values())
    assert info["forces"]["red"]["by_mech_bde"] == 4
    assert info["tracks"] >= 4  # tension, integration, opposition, cohesion (+ measurement tracks)
    assert main(["scenario", "show", str(STARTER)]) == 0
    assert "side red: Russia and Belarus" in capsys.readouterr().out


def test_benchmark_validate_starter(capsys) -> None:
    """Not a timed assertion: prints the time (target ≤ 300 ms) for the report."""
    from engine.scenario.loader import load_map, validate
    from engine.geo.mapfile import DEFAULT_MAP
    load_map(DEFAULT_MAP)
    t = time.perf_counter()
    assert validate(STARTER) == []
    ms = (time.perf_counter() - t) * 1000
    with capsys.disabled():
        print(f"\nvalidate baseline-2020 (map cached): {ms:.0f} ms")

"""Twenty clients on one server (two AI seats, team screens, the white cell, projectors): the game
finishes with the playout's hash, no client errs, and no phase keeps the screens waiting long.

The 200-turn run reported in the issue is ``python -m engine.net.load --turns 200 --clients 20``;
this test runs the same code on a short game so the suite stays quick."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("websockets")
pytest.importorskip("jsonschema")

from engine.net.load import load_run  # noqa: E402

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "baseline-2020.yaml"


def test_twenty_clients_on_one_server():
    r = load_run(SCENARIO, turns=15, clients=20, seed=2, timeout=300)
    assert r["errors"] == []
    assert len(r["roles"]) == 20 and r["roles"].count("projector") >= 5 and "white" in r["roles"]
    assert r["hash_matches_playout"], r["server_final"]
    assert "stopped at turn 15" in r["server_final"]
    assert r["phase_changes_seen"] >= 15
    assert 0 < r["server_rss_peak_mib"] < 1024
    assert r["longest_wait_between_phases_s"] < 10

"""Fixtures shared by the CLI tests (helpers that are not fixtures live in the *fixture.py and *driver.py modules)."""

from __future__ import annotations

import pytest


@pytest.fixture()
def no_games(monkeypatch):
    """Every verb plays through the runner: a game played before the run was checked fails the test."""
    from engine.analysis import runner

    def no_game(*a, **k):
        raise AssertionError("a game was played before the run was checked")
    monkeypatch.setattr(runner, "run_games", no_game)
    monkeypatch.setattr(runner, "run_tasks", no_game)

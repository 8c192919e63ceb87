"""The ``eastflank`` command line: one module per area of verbs (map, scenario, game, play, effects)."""

from engine.cli.entry import main

__all__ = ["main"]

"""CLI verbs, one module per area (map, scenario, game, play)."""

"""Rule mechanisms (movement, combat, victory); the numbers come from the scenario's Rules."""

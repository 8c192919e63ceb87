"""Step losses: who loses a step, and what a destroyed unit leaves behind.

Combat, air strikes, missile strikes and supply attrition all take losses the
same way: strongest unit first, ties by id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.core.state import State, Unit


def take_losses(state: "State", units: list["Unit"], steps: int) -> int:
    """Remove ``steps`` steps, strongest unit first (ties by id); returns steps taken."""
    taken = 0
    alive = [u for u in units if u.id in state.units]
    while steps > 0 and alive:
        alive.sort(key=lambda u: (-u.strength, u.id))
        u = alive[0]
        u.strength -= 1
        steps -= 1
        taken += 1
        state.steps_lost[u.side] = state.steps_lost.get(u.side, 0) + 1
        if u.strength <= 0:
            state.log.append(f"  {u.id} is destroyed")
            state.destroyed.append([u.id, u.side, state.turn])
            state.remove_unit(u.id)
            alive.pop(0)
    return taken

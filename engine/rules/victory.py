"""Victory: objectives held at the end, track goals, step losses -> points; winner by margin."""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.scenario.model import Condition

if TYPE_CHECKING:
    from engine.core.state import Outcome, State


def holds(value: int, cond: Condition) -> bool:
    op, v = cond.op, cond.value
    if op == ">=":
        return value >= v
    if op == "<=":
        return value <= v
    if op == ">":
        return value > v
    if op == "<":
        return value < v
    return value == v


def condition_holds(state: "State", cond: Condition) -> bool:
    return cond.track in state.tracks and holds(state.tracks[cond.track], cond)


def scores(state: "State") -> dict[str, int]:
    """Points per side as things stand (final once the game is over)."""
    g = state.game
    vic = g.scenario.victory
    out = {s: 0 for s in g.side_ids}
    for ob in vic.objectives:
        i = g.index.get(ob.hex)
        if i is not None and state.control.get(i) == ob.side and ob.side in out:
            out[ob.side] += ob.points
    for tg in vic.track_goals:
        if tg.side in out and condition_holds(state, tg.condition):
            out[tg.side] += tg.points
    for s, lost in sorted(state.steps_lost.items()):
        for other in out:
            if other != s:
                out[other] += lost * vic.points_per_step_lost
    return out


def outcome(state: "State") -> "Outcome":
    from engine.core.state import Outcome
    sc = scores(state)
    ranked = sorted(sc.items(), key=lambda kv: (-kv[1], kv[0]))
    reason = state.end_reason or "game over"
    if state.forced_winner:
        winner = state.forced_winner
    elif len(ranked) >= 2 and ranked[0][1] - ranked[1][1] >= max(1, state.game.scenario.victory.margin):
        winner = ranked[0][0]
    elif len(ranked) == 1:
        winner = ranked[0][0]
    else:
        winner = "draw"
    return Outcome(winner, tuple(sorted(sc.items())), reason)

"""A fixed-size numeric view of one side's Observation, and the declared bound on the action space.

Standard agent libraries need fixed shapes; the engine's observation is a
variable list of units and its legal orders a variable list. This module
fixes both (numpy comes with the ``rl`` extra):

* **observation**: a float32 vector in [0, 1]: the clock (turn/turns, phase
  one-hot, whose move), every track scaled to its range, air points, the
  rules of engagement, who holds each victory objective (1 this side, 0
  another, 0.5 unseen or nobody), then ``max_units`` unit slots (own units first, then
  the enemy units this side sees, each sorted by id): present, own, q and r
  scaled to the map, strength, readiness deployed, moved, attacked,
  supplied, and the unit type's index. Fog of war holds: only
  ``State.observation(side)`` is read.
* **actions**: index ``k`` is the ``k``-th of ``State.legal_actions()``
  (sorted, so the same state always has the same indices), padded with a
  0/1 mask to ``action_bound``. :data:`ACTION_BOUND` = 16384: the default
  scenario reached 4,403 legal orders in one state, and zapad-2021 8,828 once
  columns march 2.5 road hexes per MP (terrain.yaml ``road_march``), so the
  bound leaves room; a scenario that exceeds it raises :class:`ActionBoundError` naming
  the state, and the bound can be raised per environment.
"""

from __future__ import annotations

import operator
from typing import Any, Sequence

import numpy as np

from engine.errors import EngineError

#: Declared bound on the number of legal orders in one state (the discrete action space's size).
ACTION_BOUND = 16384
#: Unit slots in the observation (own units first); units beyond are left out, counted in the last feature.
MAX_UNITS = 128
UNIT_FEATURES = 10
STRENGTH_SCALE = 10.0
AIR_SCALE = 50.0


class ActionBoundError(EngineError):
    """A state has more legal orders than the environment's declared action bound."""


class Encoder:
    """Encodes observations of one game; built once per environment."""

    def __init__(self, game: Any, max_units: int = MAX_UNITS) -> None:
        sc = game.scenario
        self.game = game
        self.sides = list(game.side_ids)
        self.phases = list(game.phases)
        self.turns = max(1, int(sc.turns))
        self.tracks = sorted((t.id, float(t.min), float(t.max)) for t in sc.tracks)
        self.types = sorted(game.unit_types)
        qs = [h[0] for h in game.hexes] or [0]
        rs = [h[1] for h in game.hexes] or [0]
        self.q0, self.q1 = min(qs), max(qs)
        self.r0, self.r1 = min(rs), max(rs)
        self.objectives = [o.hex for o in sc.victory.objectives]
        self.max_units = count("max_units", max_units)
        self.head = 2 + len(self.phases) + len(self.tracks) + 1 + len(self.sides) + len(self.objectives) + 1
        self.size = self.head + self.max_units * UNIT_FEATURES

    def encode(self, obs: Any) -> np.ndarray:
        v = np.zeros(self.size, dtype=np.float32)
        i = 0
        v[i] = min(1.0, obs.turn / self.turns)
        v[i + 1] = 1.0 if obs.to_act == obs.side else 0.0
        i += 2
        if obs.phase in self.phases:
            v[i + self.phases.index(obs.phase)] = 1.0
        i += len(self.phases)
        tracks = dict(obs.tracks)
        for tid, lo, hi in self.tracks:
            v[i] = _scale(tracks.get(tid, lo), lo, hi)
            i += 1
        v[i] = min(1.0, max(0.0, obs.air_points / AIR_SCALE))
        i += 1
        engaged = dict(obs.engaged)
        for s in self.sides:
            v[i] = 1.0 if engaged.get(s) else 0.0
            i += 1
        control = dict(obs.control)
        for h in self.objectives:
            holder = control.get(h)
            v[i] = 0.5 if not holder else (1.0 if holder == obs.side else 0.0)
            i += 1
        units = sorted(obs.units, key=lambda u: (u.side != obs.side, u.id))
        v[i] = min(1.0, max(0, len(units) - self.max_units) / self.max_units)  # units left out
        i += 1
        for u in units[: self.max_units]:
            v[i: i + UNIT_FEATURES] = (
                1.0, 1.0 if u.side == obs.side else 0.0,
                _scale(u.hex[0], self.q0, self.q1), _scale(u.hex[1], self.r0, self.r1),
                min(1.0, max(0.0, u.strength / STRENGTH_SCALE)), 1.0 if u.readiness == "deployed" else 0.0,
                float(u.moved), float(u.attacked), float(u.supplied),
                (self.types.index(u.type) + 1) / (len(self.types) + 1) if u.type in self.types else 0.0)
            i += UNIT_FEATURES
        return v


def _scale(x: float, lo: float, hi: float) -> float:
    if hi <= lo:
        return 0.0
    return float(min(1.0, max(0.0, (x - lo) / (hi - lo))))


def action_mask(n_legal: int, bound: int, where: str = "") -> np.ndarray:
    """1 for the first ``n_legal`` indices of ``bound``; ActionBoundError when they do not fit."""
    if n_legal > bound:
        raise ActionBoundError(
            f"{where}: {n_legal} legal orders, more than the action bound {bound} "
            f"(engine.analysis.obs_encode.ACTION_BOUND); build the environment with a larger action_bound")
    m = np.zeros(bound, dtype=np.int8)
    m[:n_legal] = 1
    return m


def where(state: Any) -> str:
    """'scenario turn 3 movement, red to act' for error messages."""
    return f"{state.game.scenario.id} turn {state.turn} {state.phase}, {state.current_player()} to act"


def count(name: str, value: Any) -> int:
    """A size argument (action_bound, max_units, max_steps) as an int >= 1, else EngineError: 0 made every
    observation divide by zero, -1 wrote past the vector, 2.7 became 2 unsaid, and max_steps=0 still played."""
    if not isinstance(value, (bool, np.bool_)):
        try:
            n = operator.index(value)
        except TypeError:
            n = 0
        if n >= 1:
            return n
    raise EngineError(f"{name}={repr(value)[:40]}: expected an integer of at least 1")


def spaces(encoder: Encoder, bound: int) -> tuple[Any, Any]:
    """(observation space, action space) as Gymnasium spaces."""
    from gymnasium import spaces as S
    obs = S.Dict({"observation": S.Box(0.0, 1.0, (encoder.size,), dtype=np.float32),
                  "action_mask": S.Box(0, 1, (bound,), dtype=np.int8)})
    return obs, S.Discrete(bound)


def pick(legal: Sequence[Any], action: int, bound: int, wrap: bool) -> Any:
    """The legal order at ``action``; with ``wrap`` an index past the legal list wraps round (for unmasked samplers).

    The action is an index of the Discrete space: an integer (Python, numpy, or a 0-d integer array). A float,
    text, None or a vector is refused with IllegalActionError, never truncated (3.5 used to play order 3)."""
    from engine.errors import IllegalActionError
    a = np.asarray(action) if isinstance(action, np.ndarray) else action
    if isinstance(a, np.ndarray):
        a = a.item() if a.shape == () and a.dtype.kind in "iu" else None
    if isinstance(a, (bool, np.bool_)) or not isinstance(a, (int, np.integer)):
        raise IllegalActionError(f"action {str(action)[:40]!r} is not an integer index of the action space "
                                 f"0..{bound - 1}")
    a = int(a)
    if not 0 <= a < bound:
        raise IllegalActionError(f"action {a} is outside the action space 0..{bound - 1}")
    if a >= len(legal):
        if not wrap or not legal:  # no legal order (after an ActionBoundError) is nothing to wrap round
            raise IllegalActionError(f"action {a} is not legal here: {len(legal)} legal orders (see the action mask)")
        a %= len(legal)
    return legal[a]

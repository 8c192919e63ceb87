"""Uniformly random orders, ending each phase with a fixed probability.

With ``LegalActions`` it picks a group (unit / target / option) first and
computes only that group's orders; the random 'end' keeps phases short, so
a playout is finite and quick.
"""

from __future__ import annotations

from typing import Sequence

from engine.core.actions import END, Action
from engine.core.rng import Rng


class RandomPolicy:
    name = "random"

    def __init__(self, end_probability: float = 0.1) -> None:
        self.end_probability = end_probability

    def choose(self, state, legal_actions: Sequence[Action], rng: Rng) -> Action:
        groups = getattr(legal_actions, "groups", None)
        if groups is None:
            acts = list(legal_actions)
            non_end = [a for a in acts if a != END]
            if END in acts and (not non_end or rng.random() < self.end_probability):
                return END
            return rng.choice(non_end or acts)
        if not groups or rng.random() < self.end_probability:
            return END
        # orders_of makes only the order picked (same orders, same order as actions_of)
        of = getattr(legal_actions, "orders_of", None) or getattr(legal_actions, "actions_of")
        pool = list(groups)
        while pool:
            k = rng.randbelow(len(pool))
            acts = of(pool[k])
            if len(acts):
                return rng.choice(acts)
            pool.pop(k)
        return END

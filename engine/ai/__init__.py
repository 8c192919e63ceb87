"""Policies: objects with ``choose(state, legal_actions, rng) -> Action``.

``legal_actions`` is the state's :class:`~engine.state.LegalActions` (a sorted
Sequence that also offers ``groups`` / ``actions_of`` for cheap sampling) or a
plain list. Policies read the state only through ``state.observation(side)``.
"""

from __future__ import annotations

from typing import Protocol, Sequence

from ..actions import Action
from ..rng import Rng


class Policy(Protocol):
    name: str

    def choose(self, state, legal_actions: Sequence[Action], rng: Rng) -> Action: ...


def make_policy(name: str) -> Policy:
    """Policy by name (the AI issue registers more here)."""
    from .random_policy import RandomPolicy
    if name == "random":
        return RandomPolicy()
    from ..errors import EngineError
    raise EngineError(f"unknown policy {name!r} (known: random)")

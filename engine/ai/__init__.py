"""Policies: objects with ``choose(state, legal_actions, rng) -> Action``.

``legal_actions`` is the state's :class:`~engine.core.state.LegalActions` (a sorted
Sequence that also offers ``groups`` / ``actions_of`` for cheap sampling) or a
plain list. Policies read the state only through ``state.observation(side)``
(plus the static scenario and the legal actions), never hidden state.

Registry by name: ``random``, ``scripted`` (the scenario's doctrine),
``greedy`` (one-step evaluator), ``search`` (rollout search over plans: the
crisis by lookahead, the war by a portfolio of doctrine scripts). ``make_policy(name)`` builds a fresh one.
"""

from __future__ import annotations

from typing import Callable, Protocol, Sequence

from engine.core.actions import Action
from engine.core.rng import Rng


class Policy(Protocol):
    name: str

    def choose(self, state, legal_actions: Sequence[Action], rng: Rng) -> Action: ...


def _random() -> Policy:
    from engine.ai.random_policy import RandomPolicy
    return RandomPolicy()


def _scripted() -> Policy:
    from engine.ai.scripted import ScriptedPolicy
    return ScriptedPolicy()


def _greedy() -> Policy:
    from engine.ai.greedy import GreedyPolicy
    return GreedyPolicy()


def _search() -> Policy:
    from engine.ai.search import SearchPolicy
    return SearchPolicy()


#: Policy name -> factory. Add a policy by adding an entry.
POLICIES: dict[str, Callable[[], Policy]] = {"random": _random, "scripted": _scripted, "greedy": _greedy,
                                            "search": _search}


def make_policy(name: str) -> Policy:
    """A new policy object by name; EngineError naming the known ones otherwise."""
    f = POLICIES.get(name)
    if f is None:
        from engine.errors import EngineError, did_you_mean
        raise EngineError(f"unknown policy {name!r}{did_you_mean(str(name), POLICIES)} "
                          f"(known: {', '.join(sorted(POLICIES))})")
    return f()

"""A thin PettingZoo-AEC-style environment over the engine (no dependency on PettingZoo).

Agents are the side ids. ``reset(seed)`` starts a game; ``agent_selection``
is the side to act; ``observe(agent)`` is the engine's per-side
Observation; ``action_space(agent)`` is the size of the current legal-action
list, ``last()`` returns ``(observation, reward, termination, truncation,
info)`` with ``info["action_mask"]`` (a list of 1 for every legal index)
and ``info["legal_actions"]``; ``step(index)`` applies the indexed legal
action. Rewards are the engine's ``returns()`` at the end (+1 win, −1 loss).
For the real PettingZoo ``AECEnv`` and a Gymnasium environment (fixed
spaces, padded masks, dead steps) see engine/analysis/pz_env.py (the ``rl``
extra); this adapter needs no dependency.
"""

from __future__ import annotations

import operator
from typing import Any

from engine.core.actions import Action
from engine.game.game import Game
from engine.core.state import Observation, State


class AgentEnv:
    metadata = {"name": "eastflank_aec_v0", "is_parallelizable": False}

    def __init__(self, game: Game, max_actions: int = 100_000) -> None:
        self.game = game
        self.possible_agents: list[str] = list(game.side_ids)
        if isinstance(max_actions, bool) or _index(max_actions) is None or max_actions < 1:
            from engine.errors import EngineError  # 0 left every agent live with every order refused
            raise EngineError(f"max_actions={repr(max_actions)[:40]}: expected an integer of at least 1")
        self.max_actions = operator.index(max_actions)
        self.state: State | None = None
        self._legal: list[Action] = []

    # --- PettingZoo-like API ----------------------------------------------------------
    def reset(self, seed: int | None = None, options: dict | None = None) -> None:
        self.state = self.game.new_initial_state(0 if seed is None else seed_index(seed))
        self.agents = list(self.possible_agents)
        self.rewards = {a: 0.0 for a in self.agents}
        self._cumulative_rewards = {a: 0.0 for a in self.agents}
        self.terminations = {a: False for a in self.agents}
        self.truncations = {a: False for a in self.agents}
        self.infos: dict[str, dict[str, Any]] = {a: {} for a in self.agents}
        self.steps = 0
        self._refresh()

    @property
    def agent_selection(self) -> str | None:
        return self.state.current_player() if self.state is not None else None

    def observe(self, agent: str) -> Observation:
        if self.state is None:
            raise RuntimeError("call reset() before observe()")
        known_agent(agent, self.possible_agents)  # the engine answers any name with an empty view
        return self.state.observation(agent)

    def action_space(self, agent: str) -> int:
        """Number of discrete actions now (indices into the legal-action list); 0 if not acting."""
        return len(self._legal) if agent == self.agent_selection else 0

    def action_mask(self, agent: str) -> list[int]:
        return [1] * len(self._legal) if agent == self.agent_selection else []

    def legal_actions(self) -> list[Action]:
        return list(self._legal)

    def last(self) -> tuple[Any, float, bool, bool, dict[str, Any]]:
        if self.state is None:  # it raised AttributeError (no infos yet)
            raise RuntimeError("call reset() before last()")
        a = self.agent_selection or self.possible_agents[0]
        info = dict(self.infos.get(a, {}))
        info["action_mask"] = self.action_mask(a)
        info["legal_actions"] = [x.to_str(self.game) for x in self._legal] if a == self.agent_selection else []
        return (self.observe(a), self._cumulative_rewards.get(a, 0.0), self.terminations.get(a, False),
                self.truncations.get(a, False), info)

    def step(self, action: int | None) -> None:
        st = self.state
        if st is None:
            raise RuntimeError("call reset() first")
        if st.is_terminal() or self.steps >= self.max_actions:
            if action is not None:  # an order after the end is a caller's bug, not a no-op
                from engine.errors import IllegalActionError
                raise IllegalActionError(f"the game is over: step(None) or reset(), not step({action!r})")
            return
        k = _index(action)
        if k is None or not 0 <= k < len(self._legal):
            from engine.errors import IllegalActionError
            raise IllegalActionError(f"action index {str(action)[:40]!r} is not an integer in 0..{len(self._legal) - 1}")
        st.apply_action(self._legal[k])
        self.steps += 1
        if st.is_terminal() or self.steps >= self.max_actions:
            ret = st.returns()
            for a in self.agents:
                self.rewards[a] = ret.get(a, 0.0)
                self._cumulative_rewards[a] = ret.get(a, 0.0)
                self.terminations[a] = st.is_terminal()
                self.truncations[a] = not st.is_terminal()
        self._refresh()

    def _refresh(self) -> None:
        st = self.state
        self._legal = [] if st is None or st.is_terminal() else st.legal_actions()

    def close(self) -> None:
        self.state = None


def _index(action: Any) -> int | None:
    """An integer action index (int, numpy integer, 0-d integer array), else None: int() truncated 1.5 and
    -0.5 and read "1" as indices, and raised ValueError/TypeError for nan, inf or a list."""
    if isinstance(action, bool):
        return None
    try:
        return operator.index(action)
    except TypeError:
        return None


def seed_index(seed: Any) -> int:
    """A reset seed as an int; a float, bool or text is refused (int() made seeds 1.7 and "1" into game 1)."""
    if not isinstance(seed, bool):
        try:
            return operator.index(seed)
        except TypeError:
            pass
    from engine.errors import EngineError
    raise EngineError(f"seed {str(seed)[:40]!r} is not an integer")


def known_agent(agent: Any, agents: list[str]) -> None:
    """EngineError unless ``agent`` is one of ``agents``: observing 'green' or None gave a blank view, not an error."""
    if not isinstance(agent, str) or agent not in agents:
        from engine.errors import EngineError
        raise EngineError(f"unknown agent {repr(agent)[:40]}: expected one of {', '.join(agents)}")

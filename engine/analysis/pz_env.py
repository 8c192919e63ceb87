"""The engine as a real PettingZoo ``AECEnv`` (the ``rl`` extra), and a Gymnasium single-agent wrapper.

``EastFlankAEC(game)``: agents are the side ids; the side to act is
``agent_selection`` (a side may act several times in a row, as the turn
sequence says). Observations are ``{"observation": float32 vector,
"action_mask": int8 vector}`` (engine/analysis/obs_encode.py); actions are
indices into the sorted legal orders, bounded by ``action_bound``
(default :data:`ACTION_BOUND`; a state with more raises ActionBoundError).
Rewards are 0 until the end, then ``State.returns()`` (+1 win, −1 loss,
0 draw). After the end every agent is terminated (truncated after
``max_steps``) and removed by its dead step ``step(None)``, as the AEC
contract says; any other action then is an error. Passes PettingZoo's
``api_test`` and ``seed_test`` (tests/test_agent_interfaces.py).

``SingleAgentEnv(game, side, opponent)`` is a ``gymnasium.Env`` for one
side; the opponent is an engine policy name (``random``, ``scripted``,
``greedy``) or a callable ``(state, legal, rng) -> order`` (an element of
``legal``, not an index), seeded from the reset seed as in playouts. An
opponent that raises or chooses no legal order (IllegalActionError naming
it) ends the episode: ``step`` then asks for ``reset()``. Passes
``gymnasium.utils.env_checker.check_env``.
"""

from __future__ import annotations

from typing import Any

import gymnasium
import numpy as np
from pettingzoo import AECEnv

from engine.analysis.agent_env import known_agent, seed_index
from engine.analysis.obs_encode import (ACTION_BOUND, MAX_UNITS, ActionBoundError, Encoder, action_mask, count,
                                        pick, spaces, where)
from engine.core.actions import Action
from engine.core.rng import Rng, derive_seed
from engine.errors import EngineError, IllegalActionError


class EastFlankAEC(AECEnv):
    metadata: dict[str, Any] = {"name": "eastflank_v0", "render_modes": ["ansi"], "is_parallelizable": False}

    def __init__(self, game: Any, action_bound: int = ACTION_BOUND, max_units: int = MAX_UNITS,
                 max_steps: int = 100_000, render_mode: str | None = None) -> None:
        super().__init__()
        if render_mode not in (None, *self.metadata["render_modes"]):
            raise EngineError(f"render_mode={repr(render_mode)[:40]}: expected None or "
                              f"{', '.join(self.metadata['render_modes'])}")
        self.game = game
        self.action_bound = count("action_bound", action_bound)
        self.max_steps = count("max_steps", max_steps)
        self.render_mode = render_mode
        self.encoder = Encoder(game, max_units)
        self.possible_agents = list(game.side_ids)
        obs_space, act_space = spaces(self.encoder, self.action_bound)
        self.observation_spaces = {a: obs_space for a in self.possible_agents}
        self.action_spaces = {a: act_space for a in self.possible_agents}
        self.state_: Any = None
        self._legal: list = []
        self.agents: list[str] = []

    # --- spaces ---------------------------------------------------------------------------
    def observation_space(self, agent: str) -> gymnasium.spaces.Space:
        return self.observation_spaces[agent]

    def action_space(self, agent: str) -> gymnasium.spaces.Space:
        return self.action_spaces[agent]

    # --- AEC ------------------------------------------------------------------------------
    def reset(self, seed: int | None = None, options: dict | None = None) -> None:
        self.seed_ = 0 if seed is None else seed_index(seed)
        self.state_ = self.game.new_initial_state(self.seed_)
        self.agents = list(self.possible_agents)
        self.rewards = {a: 0.0 for a in self.agents}
        self._cumulative_rewards = {a: 0.0 for a in self.agents}
        self.terminations = {a: False for a in self.agents}
        self.truncations = {a: False for a in self.agents}
        self.infos: dict[str, dict[str, Any]] = {a: {} for a in self.agents}
        self.steps = 0
        self._refresh()
        self.agent_selection = self.state_.current_player()

    def observe(self, agent: str) -> dict[str, np.ndarray]:
        if self.state_ is None:
            raise EngineError("call reset() before observe()")
        known_agent(agent, self.possible_agents)  # the engine answers any name with an empty view
        acting = agent == self.agent_selection and not self.state_.is_terminal()
        mask = self._mask if acting else np.zeros(self.action_bound, dtype=np.int8)
        return {"observation": self.encoder.encode(self.state_.observation(agent)), "action_mask": mask.copy()}

    def last(self, observe: bool = True) -> tuple[Any, float, bool, bool, dict[str, Any]]:
        if self.state_ is None:  # AECEnv.last raised AttributeError: no agent_selection yet
            raise EngineError("call reset() before last()")
        return super().last(observe)

    def step(self, action: Any) -> None:
        if self.state_ is None:
            raise EngineError("call reset() before step()")
        if not self.agents:
            raise EngineError("the game is over and every agent has left: call reset()")
        agent = self.agent_selection
        if self.terminations[agent] or self.truncations[agent]:
            self._was_dead_step(action)
            return
        if action is None:
            raise EngineError(f"{agent} is to act: step(None) is only for agents whose game is over")
        self.play_order(pick(self._legal, action, self.action_bound, wrap=False))

    def play_order(self, order: Any) -> None:
        """Apply one legal order of the agent to act (an engine Action) and do the AEC bookkeeping."""
        st = self.state_
        self._cumulative_rewards[self.agent_selection] = 0.0
        st.apply_action(order)
        self.steps += 1
        self._clear_rewards()
        if st.is_terminal() or self.steps >= self.max_steps:
            ret = st.returns()
            for a in self.agents:
                self.rewards[a] = float(ret.get(a, 0.0))
                self.terminations[a] = bool(st.is_terminal())
                self.truncations[a] = not st.is_terminal()
                oc = st.outcome()
                self.infos[a] = {"winner": oc.winner if oc else None, "reason": oc.reason if oc else "step limit"}
            self._legal, self._mask = [], np.zeros(self.action_bound, dtype=np.int8)
            self.agent_selection = self.agents[0]  # dead steps now remove each agent in turn
        else:
            self._refresh()
            self.agent_selection = st.current_player()
        self._accumulate_rewards()

    def _refresh(self) -> None:
        st = self.state_
        self._legal = [] if st.is_terminal() else st.legal_actions()
        try:
            self._mask = action_mask(len(self._legal), self.action_bound, where(st))
        except ActionBoundError:  # no order until reset(): a caught error left the old mask over this list
            self._legal, self._mask = [], np.zeros(self.action_bound, dtype=np.int8)
            raise

    # --- extras ---------------------------------------------------------------------------
    def legal_orders(self) -> list[str]:
        """The orders behind the mask's 1s, as text (index k = order k)."""
        return [a.to_str(self.game) for a in self._legal]

    def render(self) -> str | None:
        if self.state_ is None:
            return None
        st = self.state_
        text = f"{st.game.scenario.id}: turn {st.turn} {st.phase}, {st.current_player() or 'game over'} to act"
        if self.render_mode == "ansi":
            return text
        return None

    def close(self) -> None:
        self.state_ = None


class SingleAgentEnv(gymnasium.Env):
    """One side of the game as a Gymnasium environment; the other sides play ``opponent``."""

    metadata = {"render_modes": ["ansi"]}

    def __init__(self, game: Any, side: str | None = None, opponent: Any = "random",
                 action_bound: int = ACTION_BOUND, max_units: int = MAX_UNITS, max_steps: int = 100_000,
                 illegal: str = "wrap", render_mode: str | None = None) -> None:
        self.aec = EastFlankAEC(game, action_bound, max_units, max_steps, render_mode)
        self.side = side if side is not None else game.side_ids[0]  # side="" was red unsaid
        if self.side not in game.side_ids:
            raise EngineError(f"side {self.side!r}: expected one of {', '.join(game.side_ids)}")
        if illegal not in ("wrap", "raise"):
            raise EngineError(f"illegal={illegal!r}: expected 'wrap' or 'raise'")
        self.illegal = illegal
        self.render_mode = render_mode
        self.observation_space = self.aec.observation_space(self.side)
        self.action_space = self.aec.action_space(self.side)
        if isinstance(opponent, str):
            from engine.ai import make_policy
            make_policy(opponent)  # unknown names fail here
        elif not callable(opponent):  # else it failed with TypeError at the opponent's first move
            raise EngineError(f"opponent {repr(opponent)[:40]}: expected a policy name or a callable "
                              f"(state, legal, rng) -> order")
        self.opponent = opponent

    def _policy(self) -> Any:
        if isinstance(self.opponent, str):
            from engine.ai import make_policy
            pol = make_policy(self.opponent)
            return lambda state, legal, rng: pol.choose(state, legal, rng)
        return self.opponent

    def reset(self, *, seed: int | None = None, options: dict | None = None) -> tuple[Any, dict]:
        super().reset(seed=seed)
        if seed is None:
            seed = int(self.np_random.integers(0, 2 ** 31 - 1))
        self.aec.reset(seed=seed)
        self._choose = self._policy()  # fresh opponent per game, as in playouts
        self._rngs = {s: Rng(derive_seed(seed, "policy", s)) for s in self.aec.possible_agents}
        self._advance()
        return self.aec.observe(self.side), self._info()

    def _advance(self) -> None:
        """Let the opponents move until this side is to act or the game is over."""
        aec = self.aec
        while not aec.state_.is_terminal() and aec.steps < aec.max_steps and aec.agent_selection != self.side:
            other = aec.agent_selection
            st = aec.state_
            order = self._choose(st, st.legal(), self._rngs[other])
            try:  # the engine's own message (or a TypeError for an index) did not say the opponent chose it
                if not isinstance(order, (Action, str)):
                    raise IllegalActionError("not an order (an engine Action from legal, or its text)")
                aec.play_order(order)
            except IllegalActionError as e:
                raise IllegalActionError(f"the opponent policy for {other} chose {str(order)[:60]!r}: {e}") from None

    def _info(self) -> dict:
        return dict(self.aec.infos.get(self.side, {}))

    def step(self, action: Any) -> tuple[Any, float, bool, bool, dict]:
        aec = self.aec
        if aec.state_ is None or aec.state_.is_terminal() or self.side not in aec.agents \
                or aec.terminations[self.side] or aec.truncations[self.side]:
            raise EngineError("the episode is over: call reset()")
        if aec.agent_selection != self.side:  # an opponent's move failed: this step would have played it
            raise EngineError(f"{aec.agent_selection} is to act, not {self.side} (its opponent policy failed): "
                              f"call reset()")
        aec.play_order(pick(aec._legal, action, aec.action_bound, wrap=self.illegal == "wrap"))
        self._advance()
        st = aec.state_
        done = st.is_terminal()
        truncated = not done and aec.steps >= aec.max_steps
        reward = float(st.returns().get(self.side, 0.0)) if (done or truncated) else 0.0
        return aec.observe(self.side), reward, bool(done), bool(truncated), self._info()

    def render(self) -> str | None:
        return self.aec.render()

    def close(self) -> None:
        self.aec.close()

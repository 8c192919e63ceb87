"""Rollout search: the crisis decided by looking ahead, the war by a portfolio of doctrine scripts.

The side's phase is a combination of many orders, so the search is not over
single orders (AI.md: portfolio greedy search, Churchill & Buro 2013). Each
choice is between a few *plans*, and each plan is scored by playing the game
forward from a *belief* (the state as the side observes it: unseen enemy
units dropped, fresh dice; information-set style) with cheap doctrine scripts
for both sides, then reading the victory points both sides would have.

- **Crisis layer (decisions):** engine/ai/crisis.py plans the side's option cards to the end
  of the game (timing plans scored by the victory margin over rollouts of an abstract crisis
  model, the doctrine's cards as the prior, the opponent on its doctrine); this phase's cards
  of the best plan are played, then the doctrine's readiness orders.
- **War layer (movement, combat, air):** in peace the side holds while every
  unit is supplied (no border is open, so posture moves gain nothing) and
  follows its doctrine script otherwise; once force may be used it plays the
  war staff of engine/ai/war.py: manoeuvre units by the one-step evaluator
  (``greedy``: each order's outcome on the belief, dice included), a garrison
  on each scoring objective, the defender's reserve out of the enemy's sight, the
  attacker's detachments to the objectives the enemy scores on, and air-defence, missile, fire and support units placed by their role.

Budget: crisis rollouts per plan and plans per decision (simulations, never milliseconds),
so the same seed and budget give the same game in any process. The policy reads the observation,
the static scenario, the legal orders and the crisis facts both sides are told (crisis.belief).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from engine.core.actions import END, Action, ChooseOption
from engine.core.rng import Rng
from engine.ai.crisis import CrisisPlanner
from engine.ai.greedy import GreedyPolicy
from engine.ai.scripted import ScriptedPolicy
from engine.ai.war import WarStaff

if TYPE_CHECKING:
    from engine.core.state import Observation, State

#: Plan names of the war-layer portfolio.
DOCTRINE, HOLD, GREEDY, STAFF = "doctrine", "hold", "greedy", "staff"


class SearchPolicy:
    name = "search"

    def __init__(self, rollouts: int = 3, plans: int = 6, first_plans: int = 150) -> None:
        # the budget (simulations, not time): crisis rollouts per plan, plans tried per decision
        # (first_plans at the side's first decision, when no plan is kept yet)
        self._crisis = CrisisPlanner(rollouts, plans, first_plans)
        self._key: tuple | None = None
        self._obs: "Observation | None" = None
        self._queue: list[Action] = []
        self._plan: str = ""
        self._rest_after = False
        self._script = ScriptedPolicy()
        self._greedy = GreedyPolicy()
        self._staff = WarStaff(self._greedy)  # the war layer (engine/ai/war.py)
        #: Why each plan was chosen, newest last (the AI explains itself: turn, phase, plan, margins).
        self.explain: list[str] = self._crisis.explain
        self._planned = False
        self._played: list[str] = []  # cards tried in this decisions phase

    # --- entry point -----------------------------------------------------------------
    def choose(self, state: "State", legal_actions: Sequence[Action], rng: Rng) -> Action:
        side = state.current_player()
        assert side is not None, "choose() is called only while a side is to act"
        key = (state.seed, state.turn, state.phase, side, state.game.scenario.digest)
        new_phase = key != self._key
        if new_phase:
            self._key, self._queue, self._plan, self._rest_after = key, [], "", False
            self._planned = False
            self._obs = state.observation(side)
        obs = self._obs
        assert obs is not None
        if obs.phase == "decisions":
            return self._decide(state, obs, legal_actions, rng)
        if new_phase:
            self._plan = self._war_plan(state, obs, legal_actions, rng)
        if self._plan == HOLD:
            return END
        if self._plan == GREEDY:
            return self._greedy.choose(state, legal_actions, rng)
        if self._plan == STAFF:
            return self._staff.choose(state, legal_actions, rng)
        return self._script.choose(state, legal_actions, rng)

    # --- crisis layer --------------------------------------------------------------------
    def _decide(self, state: "State", obs: "Observation", legal, rng: Rng) -> Action:
        if not self._planned:  # the phase's first order: the crisis planner picks this turn's cards
            self._planned = True
            cards = self._crisis.cards(state, obs, obs.side, rng)
            self._queue = [END] + [ChooseOption(c) for c in reversed(cards)]
            self._rest_after = True
            self._played = []
        while self._queue:  # this phase's cards, then the doctrine's readiness orders
            a = self._queue.pop()
            if a is END:
                more = self._crisis.follow_up(state, obs.side, self._played) if self._rest_after else []
                if more:  # cards the played ones made legal (same plan, tracks as they stand now)
                    self._queue = [END] + [ChooseOption(c) for c in reversed(more)]
                    continue
                if self._rest_after:  # the cards are played: now the doctrine's readiness orders
                    self._rest_after = False
                    groups = list(getattr(legal, "groups", None) or [])
                    acts_of = getattr(legal, "actions_of", None) or (lambda k: [x for x in legal if x != END])
                    return self._rest(state, obs, groups, acts_of, rng)
                return END
            if isinstance(a, ChooseOption):
                self._played.append(a.option)  # tried (played or refused): never asked again this phase
            if state.is_legal(a):
                return a
        return END

    def _rest(self, state: "State", obs: "Observation", groups, acts_of, rng: Rng) -> Action:
        """No more cards this phase: the doctrine's other orders (readiness), then end."""
        rest = [g for g in groups if not isinstance(g, str) or g not in state.game.options]
        self._queue = list(reversed(self._script.plan_generic(state, obs, rest, acts_of, rng) + [END]))
        return self._decide(state, obs, [], rng) if self._queue else END

    # --- war layer ---------------------------------------------------------------------
    def _war_plan(self, state: "State", obs: "Observation", legal, rng: Rng) -> str:
        """The script for this phase: in peace the doctrine's posture (reserve, supply, roles);
        once force may be used, the evaluator that weighs each order's outcome (odds, dice,
        objectives, supply) on the belief: the fighting is decided order by order."""
        engaged = dict(obs.engaged)
        if not engaged.get(obs.side, False):
            if obs.phase == "movement" and all(u.supplied for u in obs.units if u.side == obs.side):
                return HOLD  # peace, every unit supplied and no border open: posture moves gain nothing
            return DOCTRINE
        return STAFF

    @staticmethod
    def belief(state: "State", obs: "Observation") -> "State":
        """The state as ``obs`` shows it: unseen enemy units dropped, control as observed."""
        b = state.clone()
        b.log, b.history = [], []
        seen = {u.id for u in obs.units}
        for uid in sorted(b.units):
            if uid not in seen and b.units[uid].side != obs.side:
                b.remove_unit(uid)
        idx = state.game.index
        b.control = {idx[h]: s for h, s in obs.control if h in idx}
        return b

"""Rollout search: the crisis decided by looking ahead, the war by a portfolio of doctrine scripts.

The side's phase is a combination of many orders, so the search is not over
single orders (AI.md: portfolio greedy search, Churchill & Buro 2013). Each
choice is between a few *plans*, and each plan is scored by playing the game
forward from a *belief* (the state as the side observes it: unseen enemy
units dropped, fresh dice; information-set style) with cheap doctrine scripts
for both sides, then reading the victory points both sides would have.

- **Crisis layer (decisions):** the plans are ``end`` (take nothing more),
  each available option card, and "raise the readiness of every unit that
  may". The one whose rollouts give the best score margin is played; the
  next call plans again with what is left, so several cards can be taken in
  one turn. Rollouts play ``rollout_turns`` turns (or to the end) with the
  doctrine's cards for both sides and, once a side may use force, its doctrine
  script in the war phases (so escalation is scored by the fighting it brings),
  and score the victory conditions where they stop. When the search agrees
  with the doctrine's first card, the doctrine's other cards of the phase are
  played without searching again.
- **War layer (movement, combat, air):** in peace the side holds while every
  unit is supplied (no border is open, so posture moves gain nothing) and
  follows its doctrine script otherwise; once force may be used it plays the
  war staff of engine/ai/war.py: manoeuvre units by the one-step evaluator
  (``greedy``: each order's outcome on the belief, dice included), a garrison
  on each scoring objective, the defender's reserve out of the enemy's sight,
  and air-defence, missile, fire and support units placed by their role.

Budget: ``rollouts`` per plan (simulations, never milliseconds; default 1, with
common dice for every plan), so the same
seed and budget give the same game in any process. The policy reads only
``observation(side)``, the static scenario and the legal orders; the belief
is built from the observation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

import attrs

from engine.core.actions import END, Action, ChooseOption
from engine.core.rng import Rng
from engine.rules.engagement import may_engage
from engine.rules.victory import scores
from engine.ai.greedy import GreedyPolicy
from engine.ai.scripted import ScriptedPolicy
from engine.ai.war import WarStaff

if TYPE_CHECKING:
    from engine.core.state import Observation, State

#: Plan names of the war-layer portfolio.
DOCTRINE, HOLD, GREEDY, STAFF = "doctrine", "hold", "greedy", "staff"


@attrs.frozen
class _Tracks:
    """The part of an observation the doctrine's option choice reads."""

    side: str
    turn: int
    tracks: tuple
    options_taken: tuple


class _RolloutPolicy:
    """Cheap continuation for both sides: in decisions the option cards the doctrine would take
    (no readiness orders); in the other phases the doctrine script once the side may use force
    (so an escalation is scored by the fighting it leads to), else ``end``."""

    name = "rollout"

    def __init__(self, war: bool) -> None:
        self.war = war
        self.scripted = ScriptedPolicy()
        self._key: tuple | None = None
        self._queue: list[Action] = []

    def choose(self, state, legal, rng: Rng) -> Action:
        if state.phase == "decisions":
            key = (state.turn, state.current_player())
            if key != self._key:
                self._key = key
                side = state.current_player()
                # what plan_options reads, without the (fog-filtered, costly) full observation:
                # tracks are public, and the side's own cards
                g = state.game
                obs = _Tracks(side, state.turn, tuple(sorted(state.tracks.items())), tuple(
                    o for o, _ in state.options_taken if o in g.options and g.options[o].side == side))
                groups = [g for g in legal.groups if not g.startswith("ready:")]
                self._queue = list(reversed(self.scripted.plan_options(state, obs, groups,  # type: ignore[arg-type]
                                                                       legal.actions_of)))
            while self._queue:
                a = self._queue.pop()
                if state.is_legal(a):
                    return a
            return END
        if self.war or may_engage(state, state.current_player()):
            return self.scripted.choose(state, legal, rng)
        return END


class SearchPolicy:
    name = "search"

    def __init__(self, rollouts: int = 1, rollout_turns: int = 6) -> None:
        self.rollouts = rollouts  # the budget: rollouts per plan (simulations, not time)
        self.rollout_turns = rollout_turns
        self._key: tuple | None = None
        self._obs: "Observation | None" = None
        self._queue: list[Action] = []
        self._plan: str = ""
        self._rest_after = False
        self._script = ScriptedPolicy()
        self._greedy = GreedyPolicy()
        self._staff = WarStaff(self._greedy)  # the war layer (engine/ai/war.py)
        #: Why each plan was chosen, newest last (the AI explains itself: turn, phase, plan, margins).
        self.explain: list[str] = []

    # --- entry point -----------------------------------------------------------------
    def choose(self, state: "State", legal_actions: Sequence[Action], rng: Rng) -> Action:
        side = state.current_player()
        assert side is not None, "choose() is called only while a side is to act"
        key = (state.seed, state.turn, state.phase, side, state.game.scenario.digest)
        new_phase = key != self._key
        if new_phase:
            self._key, self._queue, self._plan, self._rest_after = key, [], "", False
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
        while self._queue:  # the doctrine's remaining orders of this phase (cards, readiness ...)
            a = self._queue.pop()
            if a is END:
                if self._rest_after:  # the doctrine's cards are played: now its readiness orders
                    self._rest_after = False
                    groups = list(getattr(legal, "groups", None) or [])
                    acts_of = getattr(legal, "actions_of", None) or (lambda k: [x for x in legal if x != END])
                    return self._rest(state, obs, groups, acts_of, rng)
                return END
            if state.is_legal(a):
                return a
        groups = list(getattr(legal, "groups", None) or [])
        acts_of = getattr(legal, "actions_of", None) or (lambda k: [a for a in legal if a != END])
        options = [a for g in groups for a in acts_of(g) if isinstance(a, ChooseOption)]
        if not options:
            return self._rest(state, obs, groups, acts_of, rng)
        # The prior: the cards the doctrine would take now, first, so a tie keeps the doctrine's
        # choice (the rollouts continue with the doctrine; the search only departs from it where
        # looking ahead shows a better margin).
        prior = [a for a in self._script.plan_options(state, obs, groups, acts_of) if isinstance(a, ChooseOption)]
        order = prior + [END] + [a for a in options if a not in prior]
        plans: list[tuple[str, list[Action]]] = [("end" if a is END else a.to_str(None), [] if a is END else [a])
                                                 for a in order]
        best = self._best_plan(state, obs, plans, rng, self.rollout_turns, war=False)
        acts = dict(plans)[best]
        if not acts:
            return self._rest(state, obs, groups, acts_of, rng)
        if prior and acts[0] == prior[0]:
            # the search agrees with the doctrine: its other cards of this phase are played
            # without searching again (budget), then its readiness orders
            self._queue = [END] + list(reversed(prior[1:]))
            self._rest_after = True
        return acts[0]

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

    # --- rollouts -----------------------------------------------------------------------
    def _best_plan(self, state: "State", obs: "Observation", plans: list[tuple[str, list[Action]]],
                   rng: Rng, turns: int, war: bool) -> str:
        seeds = [rng.next_u64() for _ in range(self.rollouts)]  # common dice for every plan
        base = self.belief(state, obs)
        results: list[tuple[float, int, str]] = []
        for k, (name, acts) in enumerate(plans):
            tot = 0.0
            for sd in seeds:
                tot += self._rollout(base, obs.side, name, acts, sd, turns, war)
            # ties: the earlier plan (end / doctrine first): doing less is the default
            results.append((tot / len(seeds), -k, name))
        results.sort(reverse=True)
        self.explain.append(f"T{obs.turn} {obs.phase} {obs.side}: " + ", ".join(
            f"{n} {v:+.1f}" for v, _, n in results[:4]))
        return results[0][2]

    def _rollout(self, base: "State", side: str, name: str, acts: list[Action], seed: int, turns: int,
                 war: bool) -> float:
        st = base.clone()
        st.rng = Rng(seed)
        for a in acts:
            if st.why_illegal(a) is not None:
                return float("-inf") if a is acts[0] else self._margin(st, side)
            st.apply_action(a)
        if not st.is_terminal() and st.current_player() == side:
            if not war and st.phase == "decisions":
                st.apply_action(END)  # the plan is what this phase does; the rest of it is 'end'
            elif war and name == HOLD:
                st.apply_action(END)  # hold: nothing this phase
        stop = st.turn + turns
        r = Rng(seed ^ 0x5EA7C4)
        pols = {s: _RolloutPolicy(war) for s in st.game.side_ids}
        n = 0
        while not st.is_terminal() and st.turn < stop and n < 5000:
            p = st.current_player()
            assert p is not None
            st.apply_action(pols[p].choose(st, st.legal(), r))
            n += 1
        return self._margin(st, side)

    @staticmethod
    def _margin(st: "State", side: str) -> float:
        sc = scores(st)
        mine = sc.get(side, 0)
        return float(mine - max((v for s, v in sc.items() if s != side), default=0))

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

"""A one-step greedy evaluator: try a sample of orders on a copy, keep the best by a heuristic.

The copy is a *belief*: a clone of the state from which enemy units the
side cannot see are removed and whose dice are reseeded from the policy's
own RNG, so the choice depends only on what the side observes. The
heuristic reads the observation of the copy after the order: victory
points as the side sees them (objectives, track goals), the strength
balance, supply, and a pull towards the objectives (so moves that do not
yet change control still rank). Movement is decided unit by unit (a unit
may also stay); combat and decisions compare their orders with ``end``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from engine.core.actions import END, Action, Move, Rail
from engine.geo.hexgrid import distance
from engine.core.rng import Rng
from engine.rules.victory import holds
from engine.ai import view

if TYPE_CHECKING:
    from engine.core.state import Observation, State


class GreedyPolicy:
    name = "greedy"

    def __init__(self, samples: int = 10, dice: int = 2) -> None:
        self.samples = samples
        self.dice = dice
        self._key: tuple | None = None
        self._done: set[str] = set()
        self._obs: "Observation | None" = None

    def choose(self, state: "State", legal_actions: Sequence[Action], rng: Rng) -> Action:
        side = state.current_player()
        assert side is not None, "choose() is called only while a side is to act"
        key = (state.seed, state.turn, state.phase, side, state.game.scenario.digest)
        if key != self._key:  # the observation is read once per phase (it is costly under fog)
            self._key, self._done = key, set()
            self._obs = state.observation(side)
        obs = self._obs
        assert obs is not None
        groups = list(getattr(legal_actions, "groups", None) or [])
        acts_of = getattr(legal_actions, "actions_of", None)
        if acts_of is None:
            groups, acts_of = ["*"], (lambda k: [a for a in legal_actions if a != END])
        belief = self.belief(state, obs, rng)
        if obs.phase == "movement":
            for g in groups:
                if g in self._done:
                    continue
                acts = acts_of(g)
                if not acts:
                    self._done.add(g)
                    continue
                cands = self.sample(state.game, obs, acts, rng)
                best = self.best(belief, obs, cands + [None], rng)
                self._done.add(g)
                if best is not None:
                    return best
            return END
        pool = [a for g in groups for a in acts_of(g)]
        cands = self.sample(state.game, obs, pool, rng) if pool else []
        best = self.best(belief, obs, cands + [END], rng)
        return best if best is not None else END

    # --- candidates and evaluation --------------------------------------------------------
    def sample(self, game, obs: "Observation", acts: list[Action], rng: Rng) -> list[Action]:
        """Half the sample nearest the objectives (for moves), the rest at random, in a stable order."""
        k = self.samples
        if len(acts) <= k:
            return list(acts)
        gs = [g.hex for g in view.goals(game, obs)]
        chosen: list[Action] = []
        moves = [a for a in acts if isinstance(a, (Move, Rail))]
        if moves and gs:
            moves.sort(key=lambda a: (min(distance(a.dst, h) for h in gs), a))
            chosen.extend(moves[: k // 2])
        rest = [a for a in acts if a not in chosen]
        while len(chosen) < k and rest:
            chosen.append(rest.pop(rng.randbelow(len(rest))))
        return chosen

    def belief(self, state: "State", obs: "Observation", rng: Rng) -> "State":
        """The state as ``obs`` shows it: unseen enemy units and unobserved control dropped, new dice."""
        b = state.clone()
        b.log, b.history = [], []
        seen = {u.id for u in obs.units}
        for uid in sorted(b.units):
            if uid not in seen and b.units[uid].side != obs.side:
                b.remove_unit(uid)
        idx = state.game.index
        b.control = {idx[h]: s for h, s in obs.control if h in idx}
        b.rng = Rng(rng.next_u64())
        return b

    def best(self, belief: "State", obs: "Observation", cands: list, rng: Rng):
        """The candidate with the highest mean heuristic (None = do nothing with this unit)."""
        best = None
        base = self.value(belief, obs.side)
        for a in cands:
            if a is None:
                v = base
            else:
                n = self.dice if getattr(a, "KIND", "") in ("attack", "strike", "air") else 1
                tot = 0.0
                for _ in range(n):
                    c = belief.clone()
                    c.rng = Rng(rng.next_u64())
                    try:
                        c.apply_action(a)
                    except Exception:  # an order the belief cannot play (hidden units): worthless
                        tot = float("-inf")
                        break
                    tot += self.value(c, obs.side)
                v = tot / n
            k = (v, 0 if a is None else 1)
            if best is None or k > best[0]:
                best = (k, a)
        return None if best is None else best[1]

    @staticmethod
    def value(b: "State", side: str) -> float:
        """Heuristic of a belief state (it holds only what the side observed, so it is read directly)."""
        game = b.game
        hexes = game.hexes
        vic = game.scenario.victory
        s = 0.0
        for o in vic.objectives:
            i = game.index.get(o.hex)
            if i is not None and b.control.get(i) == o.side:
                s += o.points if o.side == side else -o.points
        for tg in vic.track_goals:
            v = b.tracks.get(tg.condition.track)
            if v is None:
                continue
            sign = 1.0 if tg.side == side else -1.0
            s += sign * (tg.points if holds(v, tg.condition) else -0.1 * abs(v - tg.condition.value))
        pps = max(1, vic.points_per_step_lost)
        gs = [o.hex for o in view.base_objectives(game, side)]
        dsum = n = 0
        for u in b.units.values():
            if u.side == side:
                s += pps * u.strength + (0.5 if u.supplied else 0.0)
                if gs:
                    dsum += min(distance(hexes[u.pos], h) for h in gs)
                    n += 1
            else:
                s -= pps * u.strength
        if n:
            s -= 0.05 * dsum / n
        return s

"""A one-step greedy evaluator: try a sample of orders on a copy, keep the best by a heuristic.

The copy is a *belief*: a clone of the state from which enemy units the
side cannot see are removed and whose dice are reseeded from the policy's
own RNG, so the choice depends only on what the side observes. The
heuristic reads the observation of the copy after the order: victory
points as the side sees them (objectives, track goals), the strength
balance, supply, and a pull towards the objectives (so moves that do not
yet change control still rank). Movement is decided unit by unit (a unit
may also stay); combat and decisions compare their orders with ``end``.

Speed without changing a choice: a tactical move changes only the mover's
hex and the control of that hex, so moves are scored by :class:`MoveScore`
(the same arithmetic in the same order, without cloning the belief) and the
distance pull reads a per-hex distance field (view.goal_field). The belief
is cloned only for orders whose effect is not that simple (rail, combat,
strikes, decisions). Every RNG draw of the clone-everything version is kept,
so seeded games are unchanged. Also: the side's view is read from the fog
rules once a phase (Seen); the nearest destinations come from C-speed scans
(_nearest); outside movement the sample is drawn by index from the lazy order
lists; an END that only hands the phase over is not played on a copy, and
one that must be is played on the phase's belief when that is not kept.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import operator
from typing import TYPE_CHECKING, Sequence

from engine.core.actions import END, Action, AirMission, End, Move, Rail, Ready
from engine.core.rng import Rng
from engine.rules.movement import UnitOrders
from engine.rules import air, intel
from engine.rules.rail import rail_reach
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
        self._obs: "Seen | Observation | None" = None
        self._moves: "MoveScore | None" = None
        self._bel: "tuple[int, State] | None" = None  # (history length, belief) of this phase

    def choose(self, state: "State", legal_actions: Sequence[Action], rng: Rng) -> Action:
        side = state.current_player()
        assert side is not None, "choose() is called only while a side is to act"
        key = (state.seed, state.turn, state.phase, side, state.game.scenario.digest)
        if key != self._key:  # the observation is read once per phase (it is costly under fog)
            self._key, self._done, self._moves, self._bel = key, set(), None, None
            self._obs = Seen.of(state, side)
        obs = self._obs
        assert obs is not None
        groups = list(getattr(legal_actions, "groups", None) or [])
        acts_of = getattr(legal_actions, "actions_of", None)
        orders_of = getattr(legal_actions, "orders_of", None)
        if acts_of is None:
            groups, acts_of = ["*"], (lambda k: [a for a in legal_actions if a != END])
        if obs.phase == "movement" and orders_of is not None:
            return self._movement(state, obs, groups, orders_of, acts_of, rng)
        belief = self._phase_belief(state, obs, rng)
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
        if orders_of is not None:  # (no moves outside movement: the sample is k orders at random)
            # a ready group holds its one order: readiness.candidates lists exactly the units a
            # ``ready`` order may raise (its legality test, inlined), so it is not tested again here
            ready = obs.phase == "decisions"
            cands = self._sample_orders([[Ready(g[6:])] if ready and g.startswith("ready:") else orders_of(g)
                                         for g in groups], rng)
        else:
            pool = [a for g in groups for a in acts_of(g)]
            cands = self.sample(state.game, obs, pool, rng) if pool else []
        # END is scored last: as the belief's own value when it only hands over to the next side,
        # else played on the phase's belief itself unless a ready order leads (see best)
        best = self.best(belief, obs, cands + [END], rng, consume=True)
        return best if best is not None else END

    # --- movement without clones ----------------------------------------------------------
    def _movement(self, state: "State", obs: "Seen | Observation", groups, orders_of, acts_of, rng: Rng) -> Action:
        """Unit by unit as in :meth:`choose`; moves scored by MoveScore, rails on a lazy belief."""
        b_seed = rng.next_u64()  # the belief's dice, drawn as the clone-everything version did
        ms = self._moves
        if ms is None:
            ms = self._moves = MoveScore(state, obs)
        else:
            ms.catch_up(state, obs)
        belief: "State | None" = None
        game = state.game
        field = view.goal_field(game, obs.side)
        k = self.samples
        delay = game.rules.rail.transshipment_delay
        moves_dst = game.index.__getitem__
        for g in groups:
            if g in self._done:
                continue
            orders = orders_of(g)
            if not isinstance(orders, UnitOrders):  # not a plain unit's moves: the general way
                acts = acts_of(g)
                if not acts:
                    self._done.add(g)
                    continue
                if belief is None:
                    belief = self.belief(state, obs, Rng(0), b_seed)
                best = self.best(belief, obs, self.sample(game, obs, acts, rng) + [None], rng)
                self._done.add(g)
                if best is not None:
                    return best
                continue
            n_all = len(orders)
            if not n_all:
                self._done.add(g)
                continue
            nm, moves, rails = len(orders.moves), orders.moves, orders.rails

            def dst(i: int) -> int:
                return moves[i] if i < nm else rails[i - nm]

            if n_all <= k:
                picked = list(range(n_all))
            else:
                picked = []
                if field is not None:  # half nearest the objectives: key (distance, move before rail, hex)
                    picked = _nearest(field, moves, rails, k // 2)
                rest = list(range(n_all))
                for i in sorted(picked, reverse=True):  # the others, in order
                    del rest[i]
                while len(picked) < k and rest:
                    picked.append(rest.pop(rng.randbelow(len(rest))))
            uid = orders.uid
            u = state.units[uid]
            best_key: tuple | None = None
            best_i = -1
            for i in picked:
                seed = rng.next_u64()
                if i < nm:
                    v = ms.after_move(u.pos, moves[i])
                elif delay > 0:  # a rail move ends at its destination or at the gauge break
                    rb = ms.rail_belief(lambda: self.belief(state, obs, Rng(0), b_seed))
                    a = orders[i]
                    if rb.why_illegal(a) is not None:
                        v = float("-inf")
                    else:
                        end = moves_dst(a.dst)
                        via = rail_reach(rb, rb.units[uid])[end][1]
                        v = ms.after_move(u.pos, via if 0 <= via != end else end)
                else:
                    if belief is None:
                        belief = self.belief(state, obs, Rng(0), b_seed)
                    c = belief.clone()
                    c.rng = Rng(seed)
                    try:
                        c.apply_action(orders[i])
                        v = self.value(c, obs.side)
                    except Exception:  # an order the belief cannot play: worthless
                        v = float("-inf")
                kk = (v, 1)
                if best_key is None or kk > best_key:
                    best_key, best_i = kk, i
            kk = (ms.base(), 0)
            self._done.add(g)
            if best_key is None or kk > best_key:
                continue  # staying put is best: next unit
            a = orders[best_i]
            ms.given[a.to_str(game)] = a  # its text is what the history will hold (rail_belief replays it)
            return a
        return END

    # --- candidates and evaluation --------------------------------------------------------
    def sample(self, game, obs: "Seen | Observation", acts: list[Action], rng: Rng) -> list[Action]:
        """Half the sample nearest the objectives (for moves), the rest at random, in a stable order."""
        k = self.samples
        if len(acts) <= k:
            return list(acts)
        field = view.goal_field(game, obs.side)
        chosen: list[Action] = []
        moves = [a for a in acts if isinstance(a, (Move, Rail))]
        if moves and field is not None:
            idx = game.index
            moves.sort(key=lambda a: (field[idx[a.dst]], a))
            chosen.extend(moves[: k // 2])
        rest = [a for a in acts if a not in chosen]
        while len(chosen) < k and rest:
            chosen.append(rest.pop(rng.randbelow(len(rest))))
        return chosen

    def _sample_orders(self, seqs: list[Sequence[Action]], rng: Rng) -> list[Action]:
        """:meth:`sample` of the orders of ``seqs`` joined, when none is a move or rail: every one
        if at most ``samples``, else that many drawn at random by index, each made only when drawn."""
        n = sum(map(len, seqs))
        if n <= self.samples:
            return [a for sq in seqs for a in sq]
        starts = list(itertools.accumulate(map(len, seqs), initial=0))
        rest = list(range(n))
        out: list[Action] = []
        while len(out) < self.samples and rest:
            i = rest.pop(rng.randbelow(len(rest)))
            j = bisect.bisect_right(starts, i) - 1
            out.append(seqs[j][i - starts[j]])
        return out

    def belief(self, state: "State", obs: "Seen | Observation", rng: Rng, dice: int | None = None) -> "State":
        """The state as ``obs`` shows it: unseen enemy units and unobserved control dropped, new dice."""
        b = state.clone()
        b.log, b.history = [], []
        seen = _seen_ids(obs)
        for uid in sorted(b.units):
            if uid not in seen and b.units[uid].side != obs.side:
                b.remove_unit(uid)
        b.control = self._control_of(state.game, obs)
        b.rng = Rng(rng.next_u64() if dice is None else dice)
        return b

    def _phase_belief(self, state: "State", obs: "Seen | Observation", rng: Rng) -> "State":
        """:meth:`belief`, kept from the last call of this phase when only readiness orders were
        given since: a ``ready`` order changes one of the side's own units' readiness and rolls no
        dice, so re-applying it to the last belief gives the belief a fresh copy would (the dice
        are drawn anew either way). Anything else: a fresh copy. (Readying a thousand units
        one by one no longer copies the state a thousand times.)"""
        hit = self._bel
        hist = state.history
        if hit is not None and all(t.startswith("ready ") for t in hist[hit[0]:]):
            kept: "State | None" = hit[1]
            try:
                for text in hist[hit[0]:]:
                    hit[1].apply_action(text)
            except Exception:  # the belief cannot follow: a fresh copy
                kept = None
            if kept is not None:
                kept.log, kept.history = [], []
                kept.rng = Rng(rng.next_u64())
                self._bel = (len(hist), kept)
                return kept
        b = self.belief(state, obs, rng)
        self._bel = (len(hist), b)
        return b

    def _control_of(self, game, obs: "Seen | Observation") -> dict[int, str]:
        if isinstance(obs, Seen):
            return dict(obs.control_at)
        hit = getattr(self, "_ctl", None)
        if hit is None or hit[0] is not obs:
            idx = game.index
            hit = self._ctl = (obs, {idx[h]: s for h, s in obs.control if h in idx})
        return dict(hit[1])

    def best(self, belief: "State", obs: "Seen | Observation", cands: list, rng: Rng, consume: bool = False):
        """The candidate with the highest mean heuristic (None = do nothing with this unit).

        ``consume``: the last candidate's last die is played on the belief itself instead of on a
        copy (the same state, dice and value) unless a readiness order leads before it (the
        belief is then kept for the next call, see :meth:`_phase_belief`); ``self._bel`` is
        dropped when it is consumed."""
        best = None
        base = self.value(belief, obs.side)
        last = len(cands) - 1
        for ci, a in enumerate(cands):
            if consume and ci == last and best is not None and isinstance(best[1], Ready):
                consume = False
            if a is None:
                v = base
            else:
                n = self.dice if getattr(a, "KIND", "") in ("attack", "strike", "air") else 1
                tot = 0.0
                if _keeps_value(belief, a):  # the clone's value would be ``base``: the same draws and sum
                    legal = belief.why_illegal(a) is None
                    for _ in range(n if legal else 1):
                        rng.next_u64()
                        tot += base
                    v = tot / n if legal else float("-inf")
                    k = (v, 1)
                    if best is None or k > best[0]:
                        best = (k, a)
                    continue
                if isinstance(a, End) and _end_hands_over(belief):  # the clone's value would be ``base``
                    rng.next_u64()
                    k = (base, 1)
                    if best is None or k > best[0]:
                        best = (k, a)
                    continue
                for d in range(n):
                    if consume and ci == last and d == n - 1:
                        c, self._bel = belief, None
                    else:
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
        vic = game.scenario.victory
        s = _objective_and_tracks(game, b.control, b.tracks, side)
        pps = max(1, vic.points_per_step_lost)
        field = view.goal_field(game, side)
        dsum = n = 0
        for u in b.units.values():
            if u.side == side:
                s += pps * u.strength + (0.5 if u.supplied else 0.0)
                if field is not None:
                    dsum += field[u.pos]
                    n += 1
            else:
                s -= pps * u.strength
        if n:
            s -= 0.05 * dsum / n
        return s


def _nearest(field: Sequence[int], moves: list[int], rails: list[int], m: int) -> list[int]:
    """Indices (moves first, then rails) of the ``m`` orders whose destinations are nearest the
    objectives, by (distance, move before rail, hex). Both lists are in hex order, so within a
    distance that key is the index order: distances are taken from the smallest up (C-speed
    ``count`` and ``index`` scans; a unit's destinations span a few distances, so few passes)."""
    if m <= 0:
        return []
    n = len(moves) + len(rails)
    if n > 1 and sorted(moves) == moves and sorted(rails) == rails:  # (each list holds a hex once)
        dist = list(operator.itemgetter(*moves)(field)) if len(moves) > 1 else [field[d] for d in moves]
        dist.extend(operator.itemgetter(*rails)(field) if len(rails) > 1 else [field[d] for d in rails])
        out: list[int] = []
        v, top = min(dist), max(dist)
        # one pass per distance from the nearest up (a unit's reach spans a few; else those present)
        vals: Sequence[int] = range(v, top + 1) if top - v <= 64 else sorted(set(dist))
        for v in vals:
            if len(out) >= m:
                break
            c = min(dist.count(v), m - len(out))
            i = -1
            for _ in range(c):
                i = dist.index(v, i + 1)
                out.append(i)
        return out
    nm = len(moves)
    keyed = [(field[d], 0, d, i) for i, d in enumerate(moves)]
    keyed.extend((field[d], 1, d, nm + i) for i, d in enumerate(rails))
    return [x[3] for x in heapq.nsmallest(m, keyed)]


class Seen:
    """What :meth:`State.observation` tells greedy, read straight from the fog-of-war rules
    (engine/rules/intel.py): the ids of the units the side sees and the control it observes
    (hex index -> side). The same facts as the Observation, without making its unit views."""

    __slots__ = ("side", "phase", "seen_ids", "control_at")

    def __init__(self, side: str, phase: str, seen_ids: frozenset[str], control_at: dict[int, str]) -> None:
        self.side, self.phase, self.seen_ids, self.control_at = side, phase, seen_ids, control_at

    @classmethod
    def of(cls, state: "State", side: str) -> "Seen":
        return cls(side, state.phase, frozenset(intel.visible_units(state, side)),
                   dict(intel.visible_control(state, side)))


def _seen_ids(obs) -> "frozenset[str] | set[str]":
    return obs.seen_ids if isinstance(obs, Seen) else {u.id for u in obs.units}


def _end_hands_over(b: "State") -> bool:
    """True when ``end`` on ``b`` only hands the phase to the next side (it has orders to give):
    turns.end_side_phase then changes nothing but ``side_idx``, so nothing value() reads."""
    if b.terminal or b.side_idx + 1 >= len(b.game.initiative):
        return False
    b.side_idx += 1
    try:
        return bool(b.group_keys())
    finally:
        b.side_idx -= 1


def _keeps_value(b: "State", a) -> bool:
    """True when applying the (legal) order ``a`` to ``b`` leaves everything :meth:`GreedyPolicy.value`
    reads unchanged (unit strengths, supply, positions, control, tracks), so no clone is needed:
    readiness orders, air support and interdiction, and air strikes whose points all fall to air
    defence or hit an empty hex."""
    if isinstance(a, Ready):
        return True
    if isinstance(a, AirMission):
        if a.mission != "strike":
            return a.mission in ("support", "interdiction")
        side = b.current_player()
        t = b.game.index.get(a.target)
        if side is None or t is None:
            return False
        if not b.enemy_at(t, side):
            return True
        return a.points - sum(n for _, n in air.ad_losses(b, side, t, a.points)) <= 0
    return False


def _objective_and_tracks(game, control, tracks, side: str, taken: int = -1) -> float:
    """The victory part of :meth:`GreedyPolicy.value` (``taken``: a hex ``side`` now controls too)."""
    vic = game.scenario.victory
    s = 0.0
    for o in vic.objectives:
        i = game.index.get(o.hex)
        if i is not None and (side if i == taken else control.get(i)) == o.side:
            s += o.points if o.side == side else -o.points
    for tg in vic.track_goals:
        v = tracks.get(tg.condition.track)
        if v is None:
            continue
        sign = 1.0 if tg.side == side else -1.0
        s += sign * (tg.points if holds(v, tg.condition) else -0.1 * abs(v - tg.condition.value))
    return s


class MoveScore:
    """:meth:`GreedyPolicy.value` of the belief after one tactical move, without the belief.

    Within one side's movement phase only that side's units move: strengths,
    supply, the enemies seen and the tracks stay as they were, so the sum over
    units is one fixed sequence of terms (folded once per distinct victory part,
    in the original order, so every float is the same) and the distance pull is
    a running sum kept up to date from the orders the state has applied since.
    """

    def __init__(self, state: "State", obs: "Seen | Observation") -> None:
        self.game = game = state.game
        self.side = side = obs.side
        idx = game.index
        self.control = (obs.control_at if isinstance(obs, Seen)
                        else {idx[h]: s for h, s in obs.control if h in idx})
        self.tracks = dict(state.tracks)
        self.tracked = game.tracked
        self.field = view.goal_field(game, side)
        pps = max(1, game.scenario.victory.points_per_step_lost)
        seen = _seen_ids(obs)
        terms: list[float] = []
        pos: dict[str, int] = {}
        for u in state.units.values():
            if u.side == side:
                terms.append(pps * u.strength + (0.5 if u.supplied else 0.0))
                pos[u.id] = u.pos
            elif u.id in seen:
                terms.append(-(pps * u.strength))
        self.terms = terms
        self.pos = pos
        self.n = len(pos) if self.field is not None else 0
        self.dsum = sum(self.field[p] for p in pos.values()) if self.field is not None else 0
        self.memo: dict[float, float] = {}
        self.victory: dict[int, float] = {}  # hex taken (-1: none) -> victory part + unit terms
        self.hlen = len(state.history)
        self.rb: "State | None" = None  # the belief rail orders are checked on (rail_belief)
        self.pending: list[str] = []  # this side's orders not yet re-applied to ``rb``
        self.given: dict[str, Action] = {}  # text -> order, for the orders this policy gave (no parsing)

    def rail_belief(self, make) -> "State":
        """A belief for rail legality and routes, built once per phase and kept in step by
        re-applying this side's orders (rails read units, enemies and cut links, not control).
        The orders are re-applied when the belief is next read, in the order they were given
        (a phase whose last rail candidate came early re-applies none of the later ones)."""
        if self.pending:
            todo, self.pending = self.pending, []
            for text in todo:
                if self.rb is None:
                    break
                try:
                    self.rb.apply_action(self.given.pop(text, text))
                except Exception:  # the belief cannot follow: rebuild it (from the state as it is now)
                    self.rb = None
        if self.rb is None:
            self.rb = make()
        return self.rb

    def _units(self, s: float) -> float:
        hit = self.memo.get(s)
        if hit is None:
            t = s
            for x in self.terms:
                t += x
            hit = self.memo[s] = t
        return hit

    def _value(self, taken: int, ddist: int) -> float:
        s = self.victory.get(taken)
        if s is None:
            s = self.victory[taken] = self._units(
                _objective_and_tracks(self.game, self.control, self.tracks, self.side, taken))
        if self.n:
            s -= 0.05 * (self.dsum + ddist) / self.n
        return s

    def base(self) -> float:
        return self._value(-1, 0)

    def after_move(self, src: int, dst: int) -> float:
        f = self.field
        dd = f[dst] - f[src] if f is not None else 0
        return self._value(dst if dst in self.tracked else -1, dd)

    def catch_up(self, state: "State", obs: "Seen | Observation") -> None:
        """Account for the orders applied since the last call (normally the one returned)."""
        hist = state.history
        new = hist[self.hlen:]
        self.hlen = len(hist)
        f = self.field
        for text in new:
            parts = text.split(None, 2)
            if len(parts) < 2 or parts[0] not in ("move", "rail"):
                type(self).__init__(self, state, obs)  # something else happened: start over (same phase-start view)
                return
            if self.rb is not None:
                self.pending.append(text)
            else:
                self.given.pop(text, None)
            uid = parts[1]
            u = state.units.get(uid)
            if u is None or uid not in self.pos:
                continue
            if f is not None:
                self.dsum += f[u.pos] - f[self.pos[uid]]
            self.pos[uid] = u.pos

"""The crisis layer's search: when to play which option card, planned to the end of the game.

A staff does not ask "is this card good now?" but "which cards, in which order and
when, leave us best placed when the game is scored?". So the search is over
*timing plans*: for each of the side's option cards a window of turns in which it
is played (and whether the doctrine's ``when`` conditions still gate it), the
doctrine's own list being the first plan (the prior). A plan is scored by the
victory margin at the **end of the game** (never a short horizon that cannot see a
late payoff), averaged over rollouts of an abstract crisis model: while no side
may use force only tracks, option cards and events change the score, so a rollout
replays just those (turn starts with delayed cards landing, both sides' decisions,
events with their ``chance`` and ``add_range`` dice) in well under a millisecond.
The opponent plays its doctrine's cards (an opponent model from its priors).

The belief (information set) is built from what the side knows: the public tracks
and announced facts (events that fired, cards either side has played and when they
land, options opened or closed, bases established) and the control of the
objectives as it observes it; the dice are unknown (sampled per rollout). A rollout that reaches the war threshold keeps
the objectives as they stand (the war layer, engine/ai/war.py, decides the fighting;
the crisis search sees only what a war does to the tracks). Cards that put units on the map are
the exception: once the fighting has begun, their steps are priced at what the war is observed to
destroy (war_attrition), points the enemy is expected to score from them.

Search: stochastic hill climbing over plans with common random numbers (every plan
is scored on the same rollout seeds), from the best of the doctrine, the doctrine without its
restraints (its cards whenever the rules allow them; kept only if it wins on victory points) and
the plan kept from the previous turn. Budget in simulations (``plans`` x ``rollouts``), never
milliseconds: same seed and budget, same game.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.ai.crisis_model import (TIE_BREAK, CrisisState, _Model, _all, belief, choose, fire_events, legal,
                                    model_of, turn_start)
from engine.core.rng import Rng
from engine.rules.victory import holds

if TYPE_CHECKING:
    from engine.core.state import Observation, State

#: A gene: (first turn, last turn, gated by the doctrine's conditions). first > last: never.
Gene = tuple[int, int, bool]
Plan = dict[str, Gene]


# --- plans ---------------------------------------------------------------------------

def doctrine_plan(m: _Model, side: str) -> Plan:
    """The prior: the doctrine's listed cards from their first turn, gated by their conditions."""
    doc = m.doctrine.get(side)
    never = (m.turns + 1, m.turns, True)
    plan = {o: never for o in m.by_side.get(side, [])}
    if doc is None or doc.options == "auto":  # every card, whenever it is legal
        return {o: (1, m.turns, True) for o in plan}
    if doc.options == "none":
        return plan
    for t in doc.take_options:
        if t.option in plan:
            plan[t.option] = (t.from_turn, m.turns, True)
    return plan


def cards_now(m: _Model, cs: CrisisState, side: str, plan: Plan, chosen: tuple = (),
              waiting: list | None = None) -> list[str]:
    """The cards ``plan`` wants now (checked against the tracks as they stand; ``chosen``: the cards
    already played in this phase). ``waiting`` collects the planned cards of this turn that the
    tracks hold back (a card may open them)."""
    out = []
    turn, tracks, taken, enabled = cs.turn, cs.tracks, cs.taken, cs.enabled
    for oid, rep, req, req_o, excl, when in m.rows.get(side, ()):
        first, last, gated = plan.get(oid, _OFF)
        if turn < first or turn > last or oid in chosen:
            continue
        # legal() and the doctrine's gate, inlined (this runs some 25 times per rollout)
        ok = enabled.get(oid, False) and (rep or not taken.get(oid, 0))
        if ok and req:
            ok = _all(tracks, req)
        if ok:
            for r in req_o:
                if not taken.get(r, 0):
                    ok = False
                    break
        if ok:
            for x in excl:
                if taken.get(x, 0):
                    ok = False
                    break
        if ok and gated and when:
            ok = _all(tracks, when)
        if not ok:
            if waiting is not None and (rep or not taken.get(oid, 0)):
                waiting.append(oid)
            continue
        out.append(oid)
    return out


#: The gene of a card a plan does not list: never played.
_OFF: Gene = (1, 0, True)


def _decide(m: _Model, cs: CrisisState, side: str, plan: Plan, follow: bool = False) -> None:
    """The plan's cards for this phase, in order; with ``follow``, then those an earlier card made
    legal (an information campaign that brings opposition under 50 opens the doctrine in the same
    phase), as SearchPolicy plays them (CrisisPlanner.follow_up); the doctrine (ScriptedPolicy)
    reads the tracks once, as the phase starts."""
    chosen: list[str] = []
    while True:
        waiting: list[str] = []
        now = cards_now(m, cs, side, plan, tuple(chosen), waiting)
        for oid in now:
            if legal(m, cs, oid, chosen):
                choose(m, cs, oid, chosen)
        if not follow or not now or not waiting:  # nothing played, or nothing held back a card could open
            return


def _gap(v: int, c) -> int:
    """How far ``v`` is from making ``c`` hold (0 when it holds)."""
    if holds(v, c):
        return 0
    if c.op in (">=", ">"):
        return c.value - v + (1 if c.op == ">" else 0)
    if c.op in ("<=", "<"):
        return v - c.value + (1 if c.op == "<" else 0)
    return abs(v - c.value)


def margin(m: _Model, cs: CrisisState, side: str, fixed: dict[str, int]) -> float:
    """The side's victory points minus the best other side's, objectives held as they stand; plus a
    tie-break far below one point: the side's unmet goals nearer to holding, the other side's met
    goals nearer to failing (a staff prefers the plan that comes closer, so the search can climb a
    plateau towards a goal that only several changes together reach)."""
    if cs.over and cs.winner:
        return 100.0 if cs.winner == side else -100.0
    pts: dict[str, float] = dict(fixed)
    for s, x in cs.exposed.items():  # the steps our cards expose are the other sides' expected points
        for other in pts:
            if other != s:
                pts[other] += x
    shape = 0.0
    for tg in m.goals:
        v = cs.tracks.get(tg.condition.track)
        if tg.side not in pts or v is None:
            continue
        gap = _gap(v, tg.condition)
        if gap == 0:
            pts[tg.side] += tg.points
        if tg.side == side:  # the side's unmet goals: how far from holding
            shape -= gap * tg.points
        elif gap == 0:  # the other side's met goals: how far from failing
            shape -= _hold_margin(v, tg.condition) * tg.points
    best_other = max((v for s, v in pts.items() if s != side), default=0)
    return float(pts.get(side, 0) - best_other) + m.shape_w * shape


def _hold_margin(v: int, c) -> int:
    """How many track points ``c`` holds by (it stops holding past this)."""
    if c.op in (">=", ">"):
        return v - c.value + (1 if c.op == ">=" else 0)
    if c.op in ("<=", "<"):
        return c.value - v + (1 if c.op == "<=" else 0)
    return 1


def rollout(m: _Model, start: CrisisState, side: str, plans: dict[str, Plan], after: list[str],
            fixed: dict[str, int], seed: int) -> float:
    """Play ``side``'s plan from its decision now (``after``: the sides still to decide this turn)
    to the end of the game; the victory margin there."""
    cs = start.copy()
    cs.rng = Rng(seed)
    _decide(m, cs, side, plans[side], True)
    for s in after:
        _decide(m, cs, s, plans[s])
    while True:
        if m.has_events_phase:
            fire_events(m, cs)
        if cs.over or cs.turn >= m.turns:
            break
        cs.turn += 1
        turn_start(m, cs)
        if cs.over:
            break
        for s in m.initiative:
            _decide(m, cs, s, plans[s], s == side)
    return margin(m, cs, side, fixed)


def mutate(m: _Model, plan: Plan, side: str, turn: int, rng: Rng) -> Plan:
    """One change a staff might consider: play a card earlier or later, hold it back, drop or add
    it, or stop waiting for the doctrine's condition."""
    ids = m.by_side.get(side, [])
    out = dict(plan)
    oid = ids[rng.randbelow(len(ids))]
    first, last, gated = out[oid]
    T = m.turns
    k = rng.randbelow(8)
    if k == 0:  # from a later (or earlier) turn
        first = turn + rng.randbelow(T - turn + 1)
        last = max(last, first)
    elif k == 1:  # until an earlier turn
        lo = max(first, turn)
        last = lo + rng.randbelow(T - lo + 1) if lo <= T else T
    elif k == 2:  # never
        first, last = T + 1, T
    elif k == 3:  # whenever it is legal from now
        first, last = turn, T
    elif k == 4:  # the doctrine's condition on or off
        gated = not gated
    elif k == 5:  # only in one turn
        first = turn + rng.randbelow(T - turn + 1)
        last = first
    else:  # hold several cards back so that their effects land together on one turn (a surge)
        land = turn + rng.randbelow(T - turn + 1)
        for o in ids:
            if rng.randbelow(2) or (k == 7 and out[o][0] > T):
                continue
            opt = m.options[o]
            f = max(turn, land - opt.delay)
            out[o] = (f, T if opt.repeatable else f, out[o][2] and k == 6)
        return out
    out[oid] = (first, last, gated)
    return out


class CrisisPlanner:
    """Keeps one side's plan across turns and improves it at each of its decisions."""

    def __init__(self, rollouts: int = 3, plans: int = 6, first_plans: int = 150, check: int = 12) -> None:
        self.rollouts = rollouts  # rollouts per plan (common seeds)
        self.check = check  # fresh rollouts on which the search's winner must still beat the doctrine
        self.plans = plans  # plans tried per decision after the first
        self.first_plans = first_plans  # plans tried at the side's first decision
        self.plan: Plan | None = None
        self._game: tuple = ()  # (seed, scenario, turn) of the last decision: a new game drops the plan
        self.explain: list[str] = []

    def cards(self, state: "State", obs: "Observation", side: str, rng: Rng) -> list[str]:
        """The cards to play in this decisions phase, in order."""
        g = state.game
        m = model_of(g)
        if not m.by_side.get(side):
            return []
        cs = belief(state, obs, side)
        cs.attrition = {side: war_attrition(state, obs, side)}
        key = (state.seed, g.scenario.digest)
        if not self._game or self._game[:2] != key or self._game[2] > state.turn:
            self.plan = None
        self._game = (*key, state.turn)
        fixed = _fixed_points(state, obs)
        ini = list(m.initiative)
        after = ini[ini.index(side) + 1:] if side in ini else []
        others = {s: doctrine_plan(m, s) for s in g.side_ids if s != side}
        prior = doctrine_plan(m, side)

        # Opponent models, one per rollout seed, in turn: its doctrine; its doctrine's cards whenever they
        # are legal (the doctrine's conditions dropped: an opponent that plays every card it has, as a
        # one-step evaluator does); its doctrine with one or two changes of timing (sampled from the
        # doctrine's prior). So the plan must not rely on the opponent playing its doctrine to the letter,
        # e.g. on a condition that holds its cards back (a plan that keeps tension at 60 only because the
        # doctrine then stops its drills loses against an opponent that drills anyway).
        def draws(n: int) -> list[tuple[int, dict]]:
            out = []
            for j in range(n):
                var = dict(others)
                if j % 3 == 1:
                    var = {s: {o: (f, l, False) for o, (f, l, _) in p.items()} for s, p in var.items()}
                elif j % 3 == 2:
                    for s in sorted(var):
                        for _ in range(1 + rng.randbelow(2)):
                            var[s] = mutate(m, var[s], s, cs.turn, rng) if m.by_side.get(s) else var[s]
                out.append((rng.next_u64(), var))
            return out

        def value(p: Plan, on: list) -> float:
            tot = 0.0
            for sd, var in on:
                plans = dict(var)
                plans[side] = p
                tot += rollout(m, cs, side, plans, after, fixed, sd)
            return tot / len(on)

        # The doctrine without its restraints (every listed card whenever the rules allow it, as a one-step
        # evaluator plays) is weighed beside the doctrine as written: a condition such as "drill only while
        # tension < 60" is a staff's caution, which may cost points. Dropping every caution at once is a
        # change of policy, so it must win on victory points: it is scored less the tie-break's bound,
        # never preferred for coming a little closer to a goal (or for its dice) when nothing is at stake.
        unrestrained = {o: (f, l, False) for o, (f, l, _) in prior.items()}

        def handicap(p: Plan) -> float:  # (this decision's candidate only: once kept, a plan is the kept plan)
            return TIE_BREAK if p is unrestrained else 0.0

        search_on = draws(self.rollouts)
        best, best_v = prior, value(prior, search_on)
        tried = 1
        for kept in (self.plan, unrestrained):
            if kept is not None and kept != prior and kept != best:
                v = value(kept, search_on) - handicap(kept)
                tried += 1
                if v > best_v:
                    best, best_v = kept, v
        budget = self.first_plans if self.plan is None else self.plans
        for _ in range(budget):
            cand = mutate(m, best, side, cs.turn, rng)
            if cand == best:
                continue
            v = value(cand, search_on)
            tried += 1
            if v > best_v:
                best, best_v = cand, v
        # The winner of many plans scored on a few rollouts is flattered by its luck (the winner's curse):
        # it is kept only if it still beats the doctrine (as written and unrestrained) and the plan kept so
        # far on fresh rollouts.
        if self.check:
            check_on = draws(self.check)
            pool = [best] + [p for p in (self.plan, prior, unrestrained) if p is not None and p != best]
            pool = [p for i, p in enumerate(pool) if p not in pool[:i]]
            if len(pool) > 1:  # (one plan: nothing to choose; its rollouts are drawn all the same)
                scored = [(value(p, check_on) - handicap(p), -i, p) for i, p in enumerate(pool)]
                best_v, _, best = max(scored, key=lambda x: x[:2])
        self.plan = best
        cards = cards_now(m, cs, side, best)
        diff = sorted(o for o in best if best[o] != prior.get(o) and best[o][0] <= m.turns)
        self.explain.append(f"T{cs.turn} decisions {side}: plan margin {best_v:+.1f} over {tried} plans; "
                            f"cards now {', '.join(cards) or '-'}; departs from the doctrine in "
                            f"{', '.join(f'{o} T{best[o][0]}-{best[o][1]}' for o in diff) or 'nothing'}")
        return cards


    def follow_up(self, state: "State", side: str, chosen: list[str]) -> list[str]:
        """Cards of the kept plan that the cards already played this phase (``chosen``) made legal:
        asked with the tracks as they stand now, no new search."""
        if self.plan is None:
            return []
        m = model_of(state.game)
        cs = belief(state, state.observation(side), side)
        return cards_now(m, cs, side, self.plan, tuple(chosen))


def _fixed_points(state: "State", obs: "Observation") -> dict[str, int]:
    """Points the crisis does not change: objectives as the side observes their control (one it
    cannot see is taken as held by the side that scores it), and steps lost (public)."""
    g = state.game
    vic = g.scenario.victory
    ctrl = dict(obs.control)
    out = {s: 0 for s in g.side_ids}
    for ob in vic.objectives:
        if ctrl.get(ob.hex, ob.side) == ob.side and ob.side in out:
            out[ob.side] += ob.points
    for s, lost in sorted(state.steps_lost.items()):
        for other in out:
            if other != s:
                out[other] += lost * vic.points_per_step_lost
    return out


def war_attrition(state: "State", obs: "Observation", side: str) -> float:
    """The share of ``side``'s steps the fighting has destroyed per turn so far (0 in peace).

    The crisis model does not play the war (engine/ai/war.py does), so it cannot see what a unit a
    card sends does there; it can see what the enemy scores from our losses (points_per_step_lost,
    public). A card's units are valued at the steps the war is expected to take from them at this
    observed rate over the turns they would fight (CrisisState.exposed): a brigade that lands in a
    war where our force is being destroyed hands the enemy points, one sent in peace costs nothing."""
    lost = state.steps_lost.get(side, 0)
    if lost <= 0 or state.turn <= 1:
        return 0.0
    have = sum(u.strength for u in obs.units if u.side == side)
    return lost / ((have + lost) * (state.turn - 1))

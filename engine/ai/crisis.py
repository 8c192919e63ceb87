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
is scored on the same rollout seeds), from the better of the doctrine and the plan
kept from the previous turn. Budget in simulations (``plans`` x ``rollouts``), never
milliseconds: same seed and budget, same game.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Sequence

from engine.core.rng import Rng
from engine.rules.victory import holds
from engine.scenario.model import AddUnit, ChangeTrack, EnableOption, EndGame, EstablishBase

if TYPE_CHECKING:
    from engine.core.state import Observation, State

#: A gene: (first turn, last turn, gated by the doctrine's conditions). first > last: never.
Gene = tuple[int, int, bool]
Plan = dict[str, Gene]


class _Model:
    """The scenario's crisis data, compiled once per game (cached on the Game)."""

    def __init__(self, game) -> None:
        sc = game.scenario
        self.game = game
        self.turns = sc.turns
        self.initiative = tuple(game.initiative)
        self.has_events_phase = "events" in game.phases
        self.tracks = {t.id: (t.min, t.max) for t in sc.tracks}
        self.options = {o.id: o for o in sc.options}
        self.by_side: dict[str, list[str]] = {}
        for o in sorted(sc.options, key=lambda o: o.id):
            self.by_side.setdefault(o.side, []).append(o.id)
        self.events = sc.events
        self.goals = sc.victory.track_goals
        # weight of the tie-break per (track point x goal point): the whole tie-break stays under half a
        # victory point, so it only ever orders plans of equal margin
        span = max((t.max - t.min for t in sc.tracks), default=1) or 1
        self.shape_w = 0.5 / (span * max(1, sum(g.points for g in self.goals)))
        self.doctrine = {s: sc.doctrine.get(s) for s in game.side_ids}
        #: the doctrine's conditions per card (compiled), per side
        self.when = {s: {t.option: tuple(_compile(c) for c in t.when) for t in d.take_options} if d else {}
                     for s, d in self.doctrine.items()}
        #: per card: (repeatable, requires, requires_options, excludes_options), conditions compiled
        self.costs = {o.id: tuple(sorted(o.cost.items())) for o in sc.options}  # in the rules' order
        self.rules = {o.id: (o.repeatable, tuple(_compile(c) for c in o.requires), o.requires_options,
                             o.excludes_options) for o in sc.options}
        # The rollouts' hot path reads these compiled forms (a rollout replays a few hundred cards and
        # events, a game some 20,000 rollouts): effects as tuples, triggers as closures, in the
        # rules' order, each drawing the same dice as the objects they come from.
        self.fx = {o.id: _compile_effects(o.effects, self.tracks) for o in sc.options}
        self.ev = tuple((ev.id, ev.once, ev.chance, _compile_trigger(ev.trigger),
                         _compile_effects(ev.effects, self.tracks)) for ev in sc.events)
        #: per side, per card in ``by_side`` order: (id, repeatable, requires, requires_options,
        #: excludes_options, the doctrine's conditions): what cards_now reads, in one row
        self.rows = {s: tuple((o, *self.rules[o], self.when.get(s, {}).get(o, ())) for o in ids)
                     for s, ids in self.by_side.items()}
        #: steps a card puts on the map for its own side (its ``add_unit`` effects), what a war can destroy
        self.steps_added = {o.id: n for o in sc.options
                            if (n := sum(e.unit.strength for e in o.effects
                                         if isinstance(e, AddUnit) and e.unit.side == o.side))}
        self.pps = sc.victory.points_per_step_lost


def _compile(c) -> tuple:
    """A Condition as (track, test of the track's value): the comparison of the rules' own
    ``victory.holds``, chosen once."""
    v = c.value
    op = c.op
    if op == ">=":
        return (c.track, lambda x: x >= v)
    if op == "<=":
        return (c.track, lambda x: x <= v)
    if op == ">":
        return (c.track, lambda x: x > v)
    if op == "<":
        return (c.track, lambda x: x < v)
    return (c.track, lambda x: x == v)


#: Compiled effect kinds (the first item of each tuple).
_TRACK, _ENABLE, _BASE, _END = 0, 1, 2, 3


def _compile_effects(effects, tracks: dict) -> tuple:
    """The effects the crisis model plays, as tuples (units, messages and readiness are not its part):
    (_TRACK, track, lo, hi, delta, delta_max, set_to), (_ENABLE, option, on), (_BASE, base, on),
    (_END, winner)."""
    out: list[tuple] = []
    for e in effects:
        if isinstance(e, ChangeTrack):
            if e.track in tracks:
                lo, hi = tracks[e.track]
                out.append((_TRACK, e.track, lo, hi, e.delta, e.delta_max, e.set_to))
        elif isinstance(e, EnableOption):
            out.append((_ENABLE, e.option, e.enabled))
        elif isinstance(e, EstablishBase):
            out.append((_BASE, e.base, e.established))
        elif isinstance(e, EndGame):
            out.append((_END, e.winner))
    return tuple(out)


def _never(cs: "CrisisState") -> bool:
    return False


def _always(cs: "CrisisState") -> bool:
    return True


def _both(a, b) -> "Callable[[CrisisState], bool]":
    return lambda cs: a(cs) and b(cs)


def _either(a, b) -> "Callable[[CrisisState], bool]":
    return lambda cs: a(cs) or b(cs)


def _compile_trigger(t) -> "Callable[[CrisisState], bool]":
    """An event trigger as a test of a CrisisState (engine/rules/events.py's reading of it; units
    and hexes, which the crisis model does not move, never fire)."""
    k = t.kind
    if k == "track":
        if t.condition is None:
            return _never
        track, test = _compile(t.condition)
        return lambda cs: (x := cs.tracks.get(track)) is not None and test(x)
    if k == "turn":
        first, every = t.turn, t.every
        if every > 0:
            return lambda cs: cs.turn >= first and (cs.turn - first) % every == 0
        return lambda cs: cs.turn == first
    ref = t.ref
    if k == "option":
        return lambda cs: cs.taken.get(ref, 0) > 0
    if k == "base":
        return lambda cs: bool(cs.bases.get(ref))
    if k in ("all", "any"):  # folded into nested tests, first part first (short-circuit as all/any)
        parts = [_compile_trigger(p) for p in t.parts]
        if not parts:
            return _always if k == "all" else _never
        f = parts.pop()
        for p in reversed(parts):
            f = _both(p, f) if k == "all" else _either(p, f)
        return f
    return _never  # enters / destroyed: units, which the crisis model does not move


def model_of(game) -> _Model:
    m = game.__dict__.get("_crisis_model")
    if m is None:
        m = _Model(game)
        game.__dict__["_crisis_model"] = m
    return m


class CrisisState:
    """Tracks, cards and events only: the part of a State a crisis rollout changes."""

    __slots__ = ("turn", "tracks", "taken", "enabled", "pending", "fired", "bases", "rng", "over", "winner",
                 "attrition", "exposed")

    def __init__(self, turn: int, tracks: dict, taken: dict, enabled: dict, pending: list, fired: dict,
                 bases: dict) -> None:
        self.turn, self.tracks, self.taken, self.enabled = turn, tracks, taken, enabled
        self.pending, self.fired, self.bases = pending, fired, bases
        self.rng = Rng(0)
        self.over, self.winner = False, ""
        #: side -> share of its steps the war destroys per turn, as observed so far (see war_attrition)
        self.attrition: dict[str, float] = {}
        #: side -> victory points its cards played in this rollout put at the enemy's mercy (see choose)
        self.exposed: dict[str, float] = {}

    def copy(self) -> "CrisisState":
        c = CrisisState(self.turn, dict(self.tracks), dict(self.taken), dict(self.enabled), list(self.pending),
                        dict(self.fired), dict(self.bases))
        c.attrition, c.exposed = self.attrition, dict(self.exposed)
        return c


def belief(state: "State", obs: "Observation", side: str) -> CrisisState:
    """What ``side`` knows of the crisis: public tracks and announced facts (cards played, with
    when they land; events; options opened or closed; bases)."""
    taken: dict[str, int] = {}
    for oid, _ in state.options_taken:  # played cards are announced (the log both sides read)
        taken[oid] = taken.get(oid, 0) + 1
    pending = [[t, o] for t, o in state.options_pending]  # announced when played, with their delay
    return CrisisState(state.turn, dict(obs.tracks), taken, dict(state.options_enabled), pending,
                       dict(state.events_fired), dict(state.base_active))


# --- the abstract rules (the track part of engine/rules/events.py, same order) -----------------

def _all(tracks: dict, conds: tuple) -> bool:
    for t, test in conds:
        x = tracks.get(t)
        if x is None or not test(x):
            return False
    return True


def _apply(cs: CrisisState, fx: tuple) -> None:
    """Play compiled effects (see :func:`_compile_effects`): the track part of
    engine/rules/events.py's effects, the same dice in the same order."""
    tracks = cs.tracks
    for e in fx:
        k = e[0]
        if k == _TRACK:
            _, t, lo, hi, d, dmax, set_to = e
            if t in tracks:
                if dmax is not None:  # Rng.randint(d, dmax), one call fewer
                    d += cs.rng.randbelow(dmax - d + 1)
                v = set_to if set_to is not None else tracks[t] + d
                tracks[t] = lo if v < lo else (hi if v > hi else v)
        elif k == _ENABLE:
            cs.enabled[e[1]] = e[2]
        elif k == _BASE:
            cs.bases[e[1]] = e[2]
        else:
            cs.over, cs.winner = True, e[1]


def legal(m: _Model, cs: CrisisState, oid: str, chosen: "Sequence[str]") -> bool:
    """engine.rules.events.why_option_illegal, on the crisis state."""
    rep, req, req_o, excl = m.rules[oid]
    taken = cs.taken
    if not cs.enabled.get(oid, False) or oid in chosen or (not rep and taken.get(oid, 0)):
        return False
    if req and not _all(cs.tracks, req):
        return False
    for r in req_o:  # (loops, not all()/any(): this runs a few hundred thousand times a game)
        if not taken.get(r, 0):
            return False
    for x in excl:
        if taken.get(x, 0):
            return False
    return True


def choose(m: _Model, cs: CrisisState, oid: str, chosen: list[str]) -> None:
    opt = m.options[oid]
    for tid, d in m.costs[oid]:
        if tid in cs.tracks:
            lo, hi = m.tracks[tid]
            cs.tracks[tid] = max(lo, min(hi, cs.tracks[tid] + d))
    cs.taken[oid] = cs.taken.get(oid, 0) + 1
    chosen.append(oid)
    rate = cs.attrition.get(opt.side, 0.0)
    if rate > 0.0 and oid in m.steps_added:  # units sent into a war that destroys this side's steps
        turns_in = m.turns - (cs.turn + opt.delay) + 1
        lost = min(1.0, rate * max(0, turns_in))
        cs.exposed[opt.side] = cs.exposed.get(opt.side, 0.0) + m.pps * m.steps_added[oid] * lost
    if opt.delay > 0:
        cs.pending.append([cs.turn + opt.delay, oid])
    else:
        _apply(cs, m.fx[oid])


def fire_events(m: _Model, cs: CrisisState) -> None:
    fired = cs.fired
    for eid, once, chance, trigger, fx in m.ev:
        if cs.over:
            return
        if once and fired.get(eid, 0):
            continue
        if trigger(cs):
            if chance < 1.0 and not cs.rng.random() < chance:
                continue
            fired[eid] = fired.get(eid, 0) + 1
            _apply(cs, fx)


def turn_start(m: _Model, cs: CrisisState) -> None:
    due = [p for p in cs.pending if p[0] <= cs.turn]
    cs.pending = [p for p in cs.pending if p[0] > cs.turn]
    for _, oid in due:
        _apply(cs, m.fx[oid])
    if not m.has_events_phase:
        fire_events(m, cs)


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

        search_on = draws(self.rollouts)
        best, best_v = prior, value(prior, search_on)
        tried = 1
        if self.plan is not None and self.plan != prior:
            v = value(self.plan, search_on)
            tried += 1
            if v > best_v:
                best, best_v = self.plan, v
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
        # it is kept only if it still beats the doctrine and the plan kept so far on fresh rollouts.
        if self.check:
            check_on = draws(self.check)
            pool = [best] + [p for p in (self.plan, prior) if p is not None and p != best]
            pool = [p for i, p in enumerate(pool) if p not in pool[:i]]
            if len(pool) > 1:  # (one plan: nothing to choose; its rollouts are drawn all the same)
                scored = [(value(p, check_on), -i, p) for i, p in enumerate(pool)]
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

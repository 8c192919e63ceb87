"""The crisis layer's abstract model: tracks, option cards and events, without units.

A crisis rollout (engine/ai/crisis.py) replays only what changes the tracks: the track part of
engine/rules/events.py, in the same order and with the same dice. The scenario's cards and
events are compiled once per game (cached on the Game) into tuples and closures, since a game
plays about 2,000 rollouts (search on both sides of baseline-2020) of a few hundred cards and
events each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Sequence

from engine.core.rng import Rng
from engine.scenario.model import AddUnit, ChangeTrack, EnableOption, EndGame, EstablishBase

if TYPE_CHECKING:
    from engine.core.state import Observation, State


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
        self.goals = sc.victory.track_goals
        # weight of the tie-break per (track point x goal point): the whole tie-break stays under half a
        # victory point, so it only ever orders plans of equal margin
        span = max((t.max - t.min for t in sc.tracks), default=1) or 1
        self.shape_w = TIE_BREAK / (span * max(1, sum(g.points for g in self.goals)))
        self.doctrine = {s: sc.doctrine.get(s) for s in game.side_ids}
        #: the doctrine's conditions per card (compiled), per side
        self.when = {s: {t.option: tuple(_compile(c) for c in t.when) for t in d.take_options} if d else {}
                     for s, d in self.doctrine.items()}
        #: per card: (repeatable, requires, requires_options, excludes_options), conditions compiled
        self.costs = {o.id: tuple(sorted(o.cost.items())) for o in sc.options}  # in the rules' order
        self.rules = {o.id: (o.repeatable, tuple(_compile(c) for c in o.requires), o.requires_options,
                             o.excludes_options) for o in sc.options}
        # The rollouts' hot path reads these compiled forms (a rollout replays a few hundred cards and
        # events, a game about 2,000 rollouts): effects as tuples, triggers as closures, in the
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


#: The bound of a plan's tie-break (crisis.margin): under half a victory point, so it orders only plans of
#: equal margin.
TIE_BREAK = 0.5

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

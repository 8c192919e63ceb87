"""Readiness: garrison -> alerted -> deployed, with transition times from the rules.

Rules as implemented (scenarios/README.md, "Supply, rail and readiness"):

* A unit's readiness is one of ``rules.readiness.states`` (least ready
  first); the state says whether it may move or attack and its combat factor.
* ``ready <unit>`` (decisions phase) starts raising a unit that is below the
  top state and not already on its way. Once started, the unit climbs state
  by state to the top on its own: each step takes
  ``transition_turns["a->b"]`` turns, counted down in the logistics phase
  (``Unit.ready_in`` = turns left in the current step; 0 = not raising).
* A step that starts while the unit stands at an active base of its side
  that hosts it (see :func:`hosted`) is shorter by the base's
  ``effects.readiness_bonus`` -- at least ``rules.readiness.logistic_base_bonus``
  for a base of kind ``logistic`` -- never below 0 turns (0 = at once).
* Units that arrive by rail, as reinforcements or on rotation come in at
  ``rules.readiness.arrival_state`` (or their own readiness if higher; a rail
  move lowers a deployed unit to it) and start climbing at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.core.actions import Ready
from engine.rules.clock import turns_for
from engine.rules.occupancy import own_unit

if TYPE_CHECKING:
    from engine.core.state import State, Unit


def order(state: "State") -> tuple[str, ...]:
    """The readiness ladder, least ready first (held states such as 'restrained' stand outside it).
    Static: cached on the Game (rank and is_top ask for it for every unit, often)."""
    g = state.game
    ids = g.__dict__.get("_readiness_order")
    if ids is None:
        ids = g.__dict__["_readiness_order"] = tuple(r.id for r in g.rules.readiness.states if not r.held)
    return ids


def _ranks(state: "State") -> dict[str, int]:
    """Readiness state id -> rank (static: cached on the Game; rank() runs for every unit often)."""
    g = state.game
    ranks = g.__dict__.get("_readiness_rank")
    if ranks is None:
        ranks = {}
        for k, rid in enumerate(order(state)):
            ranks.setdefault(rid, k)
        g.__dict__["_readiness_rank"] = ranks
    return ranks


def rank(state: "State", rid: str) -> int:
    r = _ranks(state).get(rid)
    return r if r is not None else len(order(state)) - 1


def is_held(state: "State", u: "Unit") -> bool:
    """In a held state (restrained): outside the ladder, ended only by an event or option."""
    rs = state.game.readiness.get(u.readiness)
    return rs is not None and rs.held


def is_top(state: "State", u: "Unit") -> bool:
    """At the top of the ladder, or in a held state (which only an effect ends)."""
    return rank(state, u.readiness) >= len(order(state)) - 1


def hosted(state: "State", u: "Unit") -> list:
    """Active bases of ``u``'s side at its hex that have room for it.

    A base hosts the first ``capacity`` units of its side at its hex (sorted
    ids); capacity 0 means no limit.
    """
    out = []
    for b in bases_at(state, u.pos):
        if b.side != u.side or not state.base_active.get(b.id):
            continue
        if b.capacity > 0:
            mine = [k for k in state.units_at(u.pos) if state.units[k].side == u.side]
            if u.id not in mine[:b.capacity]:
                continue
        out.append(b)
    return out


def bases_at(state: "State", pos: int) -> tuple:
    g = state.game
    by_pos = g.__dict__.get("_bases_at")
    if by_pos is None:
        by_pos = {}
        for b in sorted(g.scenario.bases, key=lambda b: b.id):
            i = g.index.get(b.location)
            if i is not None:
                by_pos.setdefault(i, []).append(b)
        by_pos = {k: tuple(v) for k, v in by_pos.items()}
        g.__dict__["_bases_at"] = by_pos
    return by_pos.get(pos, ())


def bonus(state: "State", u: "Unit") -> int:
    """Turns saved per readiness step by the bases hosting ``u``."""
    lb = state.game.rules.readiness.logistic_base_bonus
    best = 0
    for b in hosted(state, u):
        best = max(best, b.effects.readiness_bonus, lb if b.kind == "logistic" else 0)
    return best


def step_turns(state: "State", u: "Unit") -> int:
    """Turns the unit's next step takes from where it stands now."""
    ids = order(state)
    k = rank(state, u.readiness)
    key = f"{ids[k]}->{ids[k + 1]}"
    base = state.game.rules.readiness.transition_turns.get(key, 1)
    return turns_for(state.game, max(0, base - bonus(state, u)))  # the rules count days (rules/clock.py)


def start(state: "State", u: "Unit") -> None:
    """Start the next step (and any that take 0 turns)."""
    while not is_top(state, u):
        n = step_turns(state, u)
        if n > 0:
            u.ready_in = n
            return
        _advance(state, u)
    u.ready_in = 0


def _advance(state: "State", u: "Unit") -> None:
    ids = order(state)
    old = u.readiness
    u.readiness = ids[rank(state, old) + 1]
    u.ready_in = 0
    state.log.append(f"  {u.id} {old} -> {u.readiness}")


def on_arrival(state: "State", u: "Unit", how: str) -> None:
    """Rail arrival, reinforcement or rotation: arrival state, then climb. A held state (restrained)
    stays: only an event or option ends it (see _why), not the end of a journey."""
    if is_held(state, u):
        u.ready_in = 0
        return
    rr = state.game.rules.readiness
    if how == "rail":
        if rank(state, u.readiness) > rank(state, rr.arrival_state):
            u.readiness = rr.arrival_state
    elif rank(state, u.readiness) < rank(state, rr.arrival_state):
        u.readiness = rr.arrival_state
    u.ready_in = 0
    start(state, u)
    if u.ready_in:
        state.log.append(f"  {u.id} arrives {u.readiness}, next state in {u.ready_in} turn(s)")


def set_state(state: "State", u: "Unit", rid: str, source: str) -> None:
    """An effect puts ``u`` in readiness ``rid`` (restrained, or released to deployed); any climb stops."""
    if u.readiness == rid and not u.ready_in:
        return
    old = u.readiness
    u.readiness, u.ready_in = rid, 0
    state.log.append(f"  {source}: {u.id} {old} -> {rid}")


def update(state: "State") -> None:
    """Logistics phase: count down every unit that is raising readiness (sorted ids)."""
    for uid in sorted(state.units):
        u = state.units[uid]
        if u.ready_in <= 0:
            continue
        u.ready_in -= 1
        if u.ready_in == 0:
            _advance(state, u)
            start(state, u)


# --- the order ----------------------------------------------------------------------

def candidates(state: "State") -> list[str]:
    """Units of the side to act that a ``ready`` order may raise (sorted)."""
    side = state.current_player()
    if side is None:
        return []
    # _why(...) is None, inlined (this runs for every unit on every legal() of the decisions phase)
    units, ranks, transship = state.units, _ranks(state), state.transship
    top = len(order(state)) - 1
    return [uid for uid in state.side_unit_ids(side)
            if ranks.get(units[uid].readiness, top) < top and units[uid].ready_in <= 0 and uid not in transship]


def _why(state: "State", u: "Unit") -> str | None:
    if is_held(state, u):
        return f"{u.id} is {u.readiness}: only an event or option releases it"
    if is_top(state, u):
        return f"{u.id} is already {u.readiness}"
    if u.ready_in > 0:
        return f"{u.id} is already raising readiness ({u.ready_in} turn(s) to the next state)"
    if u.id in state.transship:
        return f"{u.id} is transshipping"
    return None


def why_illegal(state: "State", a: Ready) -> str | None:
    u, why = own_unit(state, a.unit)
    return why if u is None else _why(state, u)


def apply(state: "State", a: Ready) -> None:
    u = state.units[a.unit]
    start(state, u)
    if u.ready_in:
        b = bonus(state, u)
        state.log.append(f"  {u.id} raising readiness: {u.readiness} -> next state in {u.ready_in} turn(s)"
                         + (f" ({b} saved at the base)" if b else ""))

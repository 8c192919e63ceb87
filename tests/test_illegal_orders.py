"""Orders drawn from the whole order space, not only from legal_actions (issue 20).

Each property plays a random legal prefix, then submits an order built from
every field the order kinds have: any unit id on the map (or an unknown one),
any hex of the map (or one off it), any mission, any number of points, any
option and base id. The contract:

* an order the engine lists (``legal_actions``) is accepted by ``why_illegal``;
* a listed-only kind (move, rail, attack with a full listing, ready, option)
  that is *not* listed is refused;
* every refused order raises IllegalActionError quoting the order and a
  non-empty reason, and leaves the state hash (and the order history) unchanged.

Air missions and missile strikes may be legal without being listed (a blind
strike on a hex the side cannot see must not leak what is there), so for them
only the last point is checked.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from engine.core.actions import AirMission, Attack, ChooseOption, Move, Rail, Ready, Strike
from engine.errors import IllegalActionError
from engine.game.game import load_game
from engine.geo.hexgrid import Hex
from engine.rules.combat import MAX_FULL_SUBSETS
from engine.analysis.synthetic import synthetic_game
from tests.airfixture import base, ops_game

#: An ops game with every order kind: air phase, missiles, EW, a SAM, rail, fog of war, bases.
OPS = ops_game([("r1", "tank", "red", -1, 0), ("r2", "mech", "red", -1, 0), ("r3", "inf", "red", 0, 1),
                ("risk", "isk", "red", -4, 2), ("rew", "ewu", "red", -3, 1), ("rsam", "sam", "red", -2, 1),
                ("b1", "mech", "blue", 1, 0), ("b2", "inf", "blue", 1, -1), ("b3", "inf", "blue", 2, -1),
                ("bsc", "scout", "blue", 3, -3)],
               bases=[base("rdep", "depot", "red", -5, 3), base("bair", "airbase", "blue", 4, -2)],
               fog=True, rail=[(-6, 0), (-5, 0), (-4, 0), (-3, 0), (-2, 0)], radius=6, turns=4)
GAMES = {"ops": OPS, "synthetic": synthetic_game(10, 8, 6, turns=4, seed=3), "baseline": load_game()}

LISTED_ONLY = (Move, Rail, Ready, ChooseOption)


def _hexes(game, draw):
    """A hex of the map, or one just off it."""
    qs = [h[0] for h in game.hexes]
    rs = [h[1] for h in game.hexes]
    on = st.sampled_from(list(game.hexes))
    off = st.builds(Hex, st.integers(min(qs) - 2, max(qs) + 2), st.integers(min(rs) - 2, max(rs) + 2))
    return draw(st.one_of(on, on, off))


def _order(state, draw):
    g = state.game
    uids = sorted(state.units) + ["nobody"]
    unit = draw(st.sampled_from(uids))
    kind = draw(st.sampled_from(["move", "rail", "attack", "ready", "option", "air", "strike"]))
    if kind == "move":
        src = g.hexes[state.units[unit].pos] if unit in state.units and draw(st.booleans()) else _hexes(g, draw)
        return Move(unit, src, _hexes(g, draw))
    if kind == "rail":
        src = g.hexes[state.units[unit].pos] if unit in state.units and draw(st.booleans()) else _hexes(g, draw)
        return Rail(unit, src, _hexes(g, draw))
    if kind == "attack":
        ids = draw(st.lists(st.sampled_from(uids), min_size=0, max_size=4, unique=True))
        return Attack(_hexes(g, draw), tuple(sorted(ids)))
    if kind == "ready":
        return Ready(unit)
    if kind == "option":
        return ChooseOption(draw(st.sampled_from([o.id for o in g.scenario.options] + ["no_such_option"])))
    if kind == "air":
        return AirMission(draw(st.sampled_from(["support", "interdiction", "strike", "bombing"])), _hexes(g, draw),
                          draw(st.integers(-1, 6)))
    what = draw(st.sampled_from(["hex", "base", "rail"]))
    if what == "base":
        return Strike(unit, "base", base=draw(st.sampled_from([b.id for b in g.scenario.bases] + ["nobase"])))
    return Strike(unit, what, _hexes(g, draw), _hexes(g, draw))


def _near_miss(state, draw):
    """A listed order with one field changed: a neighbouring hex, one more or one fewer point or unit."""
    from engine.geo.hexgrid import neighbors
    listed = [a for a in state.legal_actions() if a.KIND != "end"]
    if not listed:
        return None
    a = draw(st.sampled_from(listed))
    uids = sorted(state.units) + ["nobody"]
    if isinstance(a, (Move, Rail)):
        if draw(st.booleans()):
            return type(a)(a.unit, a.src, draw(st.sampled_from(neighbors(a.dst))))
        return type(a)(draw(st.sampled_from(uids)), a.src, a.dst)
    if isinstance(a, Attack):
        how = draw(st.sampled_from(["target", "more", "fewer"]))
        if how == "target":
            return Attack(draw(st.sampled_from(neighbors(a.target))), a.attackers)
        if how == "more":
            return Attack(a.target, tuple(sorted(set(a.attackers) | {draw(st.sampled_from(uids))})))
        return Attack(a.target, a.attackers[1:])
    if isinstance(a, AirMission):
        if draw(st.booleans()):
            return AirMission(a.mission, a.target, a.points + draw(st.sampled_from([-1, 1, 5])))
        return AirMission(a.mission, draw(st.sampled_from(neighbors(a.target))), a.points)
    if isinstance(a, Strike) and a.kind != "base":
        return Strike(draw(st.sampled_from(uids)), a.kind, draw(st.sampled_from(neighbors(a.a))), a.b)
    if isinstance(a, Ready):
        return Ready(draw(st.sampled_from(uids)))
    return a


def _listed_only(a) -> bool:
    return isinstance(a, LISTED_ONLY) or (isinstance(a, Attack) and len(a.attackers) <= MAX_FULL_SUBSETS)


def _check(state, a) -> str:
    """Submit ``a``; return 'refused' or 'applied' after checking the contract."""
    listed = set(state.legal_actions())
    reason = state.why_illegal(a)
    if a in listed:
        assert reason is None, f"{a} is listed but refused: {reason}"
        return "listed"
    if _listed_only(a):
        assert reason is not None, f"{a} is not listed but accepted"
    if reason is None:
        return "unlisted-legal"
    before, hist, log = state.state_hash(), list(state.history), len(state.log)
    text = a.to_str(state.game)
    with pytest.raises(IllegalActionError) as e:
        state.apply_action(a)
    assert str(e.value) == f"{text}: {reason}" and reason.strip()
    assert state.state_hash() == before and state.history == hist and len(state.log) == log
    return "refused"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(GAMES)), seed=st.integers(0, 2**32 - 1),
       picks=st.lists(st.one_of(st.just(-1), st.integers(0, 10_000)), max_size=60), data=st.data())
def test_orders_from_the_whole_order_space(name, seed, picks, data):
    # A pick of -1 ends the phase (so every phase is reached), any other picks a listed order.
    state = GAMES[name].new_initial_state(seed)
    for p in picks:
        if state.is_terminal():
            break
        if p < 0:
            state.apply_action("end")
            continue
        legal = state.legal_actions()
        state.apply_action(legal[p % len(legal)])
    for _ in range(6):
        if state.is_terminal():
            break
        a = _near_miss(state, data.draw) if data.draw(st.booleans()) else None
        _check(state, a if a is not None else _order(state, data.draw))


def test_every_listed_order_is_accepted_and_near_misses_are_refused():
    # Deterministic sweep: each listed move of a unit, shifted to every other map hex, is refused
    # unless that hex is listed too (the stacking, ZOC and MP limits all in one).
    s = OPS.new_initial_state(1)
    while s.phase != "movement":
        s.apply_action("end")
    listed = set(s.legal_actions())
    moves = [a for a in listed if isinstance(a, Move) and a.unit == "r3"]
    assert moves
    kinds = {"refused": 0, "listed": 0}
    for h in s.game.hexes:
        kinds[_check(s, Move("r3", Hex(0, 1), h))] += 1
    assert kinds["listed"] == len(moves) and kinds["refused"] == len(s.game.hexes) - len(moves)

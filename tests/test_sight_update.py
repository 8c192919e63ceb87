"""A side's sight after its own units move is updated around them (intel._moved_sensors), not worked out
afresh: the update must give exactly the fresh set, after every order of real games under fog of war."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from engine.ai import make_policy
from engine.analysis.bench import multiplied
from engine.core.rng import Rng
from engine.rules import intel
from engine.testing import game_of

BASE = game_of("scenarios/zapad-2021.yaml")
DENSE = multiplied(BASE, 4)  # four times the units: moves next to enemy units on most orders


def _fresh(state, side):
    return intel.seen_enemy_positions(state.clone(), side)  # a clone starts with no sight cached


@settings(max_examples=6, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), dense=st.booleans())
def test_updated_sight_is_the_fresh_sight_after_every_order(seed, dense):
    g = DENSE if dense else BASE
    s = g.new_initial_state(seed)
    pol = make_policy("random")
    rng = Rng(seed)
    updates = 0
    for _ in range(250):
        if s.is_terminal():
            break
        before = {side: s._vis.get("standing:" + side) for side in g.side_ids}
        s.apply_action(pol.choose(s, s.legal(), rng))
        for side in g.side_ids:
            got = intel.seen_enemy_positions(s, side)
            assert got == _fresh(s, side), (seed, side, s.turn, s.phase)
            updates += before[side] is not None
    assert updates > 0

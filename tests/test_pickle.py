"""A Game and a State pickle (the ``end`` order's rule was a lambda): a user's own Monte Carlo may ship
states to worker processes under the spawn start method (macOS, Windows) or through Ray, and a
restored state must play on exactly as the original."""

from __future__ import annotations

import pickle
from pathlib import Path

from engine.ai import make_policy
from engine.core.rng import Rng
from engine.game.game import load_game

WAR = Path(__file__).resolve().parents[1] / "scenarios" / "variants" / "baseline-2020-war.yaml"


def test_a_pickled_war_state_plays_on_as_the_original() -> None:
    game = load_game(WAR)
    st = game.new_initial_state(7)
    pol, rng = make_policy("random"), Rng(7)
    for _ in range(150):  # into the war: moves, attacks and air missions are among the orders
        if st.is_terminal():
            break
        st.apply_action(pol.choose(st, st.legal_actions(), rng))
    copy = pickle.loads(pickle.dumps(st))
    assert copy.state_hash() == st.state_hash() and copy.history == st.history
    p1, p2, r1, r2 = make_policy("random"), make_policy("random"), Rng(9), Rng(9)
    for _ in range(150):
        if st.is_terminal():
            break
        a = p1.choose(st, st.legal_actions(), r1)
        b = p2.choose(copy, copy.legal_actions(), r2)
        assert str(a) == str(b)
        st.apply_action(a)
        copy.apply_action(b)
        assert copy.state_hash() == st.state_hash()
    assert pickle.loads(pickle.dumps(game)).scenario.digest == game.scenario.digest

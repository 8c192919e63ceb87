"""The default scenario on the real map: random games end, orders round-trip by place name."""

import pytest

from engine.core.actions import Action
from engine.analysis.playout import play_game
from engine.ai.random_policy import RandomPolicy


@pytest.fixture(scope="module")
def game():
    from engine.game.game import load_game
    return load_game()  # a default scenario that does not load is a failure, not a skip


def test_random_games_end_and_replay_by_text(game):
    pol = {s: RandomPolicy() for s in game.side_ids}
    for seed in (1, 2):
        res, st = play_game(game, seed, pol)
        assert st.is_terminal() and res["turns"] == game.scenario.turns
        assert res["winner"] in (*game.side_ids, "draw")
        again = game.new_initial_state(seed)
        for text in st.history:
            a = Action.from_str(text, game)
            assert a.to_str(game) == text
            again.apply_action(a)
        assert again.state_hash() == st.state_hash()


def test_observation_is_read_only_view(game):
    st = game.new_initial_state(3)
    side = st.current_player()
    ob = st.observation(side)
    assert ob.side == side and ob.turn == 1
    own = sorted(k for k, u in st.units.items() if u.side == side)
    seen = [v.id for v in ob.units]
    assert set(own) <= set(seen) and len(seen) <= len(st.units)  # fog of war may hide enemy units
    if not game.scenario.fog_of_war:
        assert len(seen) == len(st.units)
    with pytest.raises(Exception):
        ob.turn = 5  # frozen

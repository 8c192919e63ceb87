"""Random legal action sequences never break invariants; clone/JSON/save round-trip."""

import json

from hypothesis import HealthCheck, given, settings, strategies as st

from engine.core.actions import Action
from engine.core.save import load_save, save_game, undo
from engine.analysis.synthetic import synthetic_game
from tests.enginefixture import hexagon_game

SMALL = synthetic_game(10, 8, 6, turns=4, seed=3)
DENSE = hexagon_game([("r1", "tank", "red", -1, 0), ("r2", "mech", "red", -1, 1), ("r3", "inf", "red", -2, 1),
                      ("r4", "motor", "red", -2, 0), ("b1", "inf", "blue", 0, 0), ("b2", "mech", "blue", 1, -1),
                      ("b3", "inf", "blue", 1, 0), ("b4", "tank", "blue", 0, 1)], turns=4)


def check_invariants(state) -> None:
    g = state.game
    limit = g.rules.movement.stacking_limit
    seen = {}
    for uid, u in state.units.items():
        assert uid == u.id and uid not in seen
        seen[uid] = u.pos
        assert g.land[u.pos], f"{uid} on {g.terrain[u.pos]}"
        assert 1 <= u.strength <= g.unit_types[u.type].steps
        assert uid in state.hex_units[u.pos]
    listed = [uid for lst in state.hex_units.values() for uid in lst]
    assert sorted(listed) == sorted(state.units)  # each unit in exactly one place
    for pos, lst in state.hex_units.items():
        sides = {state.units[k].side for k in lst}
        assert len(sides) == 1, f"enemies share hex {g.hexes[pos]}"
        assert len(lst) <= limit


def run_random(game, picks, seed):
    state = game.new_initial_state(seed)
    for p in picks:
        if state.is_terminal():
            break
        legal = state.legal_actions()
        assert legal == sorted(legal)
        a = legal[p % len(legal)]
        text = a.to_str(game)
        assert Action.from_str(text, game) == a
        state.apply_action(a)
        check_invariants(state)
    return state


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(picks=st.lists(st.integers(0, 10_000), min_size=1, max_size=120), seed=st.integers(0, 2**32),
       dense=st.booleans())
def test_random_sequences_keep_invariants_and_round_trip(picks, seed, dense):
    game = DENSE if dense else SMALL
    state = run_random(game, picks, seed)
    h = state.state_hash()
    assert state.clone().state_hash() == h
    back = game.state_from_json(state.to_json())
    assert back.state_hash() == h
    assert back.legal_actions() == state.legal_actions()
    assert json.loads(back.to_json()) == json.loads(state.to_json())


def test_save_load_round_trip_and_undo(tmp_path):
    state = run_random(DENSE, list(range(7, 400, 13)), 5)
    p = tmp_path / "g.json"
    save_game(state, p)
    assert load_save(p, DENSE).state_hash() == state.state_hash()
    prev = undo(state)
    assert len(prev.history) == len(state.history) - 1
    redo = prev.clone()
    redo.apply_action(state.history[-1])
    assert redo.state_hash() == state.state_hash()


def test_combat_happens_in_dense_random_games():
    logs = []
    for seed in range(5):
        logs += run_random(DENSE, [seed * 31 + k * 7 for k in range(150)], seed).log
    assert any(" die " in line for line in logs)

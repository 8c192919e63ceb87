"""The search policy (issue 14): registered, reads only what its side may know, deterministic
under seed and budget across processes, --jobs and PYTHONHASHSEED; the greedy speed-ups give
the values of the clone-everything evaluator."""

import json
import os
import subprocess
import sys

import pytest

from engine.ai import POLICIES, make_policy
from engine.ai import view
from engine.ai.greedy import GreedyPolicy, MoveScore
from engine.ai.search import SearchPolicy
from engine.analysis.playout import ScenarioFactory, play_game, run_playouts
from engine.core.actions import Move
from engine.core.rng import Rng
from engine.core.state import Unit
from engine.game.game import load_game
from engine.geo.hexgrid import distance

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SYN = (12, 10, 6, 4)


@pytest.fixture(scope="module")
def game():
    return load_game(None)


def test_search_is_registered_and_plays_a_game_to_the_end():
    assert "search" in POLICIES and make_policy("search").name == "search"
    g = ScenarioFactory(synthetic=SYN)()
    res, st = play_game(g, 5, {s: make_policy("search") for s in g.side_ids})
    assert st.is_terminal() and res["winner"] in (*g.side_ids, "draw")


def test_search_same_seed_same_game_any_jobs():
    f = ScenarioFactory(synthetic=SYN)
    names = {"red": "search", "blue": "greedy"}
    a = run_playouts(f, 3, 11, jobs=1, policy_names=names)
    b = run_playouts(f, 3, 11, jobs=2, policy_names=names)
    assert [r["state_hash"] for r in a] == [r["state_hash"] for r in b]
    c = run_playouts(f, 3, 12, jobs=1, policy_names=names)
    assert [r["state_hash"] for r in c] != [r["state_hash"] for r in a]


def _cli_game(tmp_path, name, hashseed):
    out = tmp_path / f"{name}.json"
    env = dict(os.environ, PYTHONHASHSEED=str(hashseed))
    cmd = [sys.executable, "-m", "engine.cli", "playout", "-n", "1", "--seed", "3", "--red", "search",
           "--blue", "search", "--json", str(out)]
    subprocess.run(cmd, check=True, env=env, capture_output=True, cwd=ROOT)
    return json.loads(out.read_text())["results"][0]["state_hash"]


def test_search_default_scenario_identical_across_processes_and_hashseeds(tmp_path):
    assert _cli_game(tmp_path, "a", 0) == _cli_game(tmp_path, "b", 4242)


def test_search_plays_legal_cards_and_explains_itself(game):
    """The decisions phase's first order is legal, and the crisis planner logs its plan's margin."""
    st = game.new_initial_state(1)
    p = SearchPolicy()
    side = st.current_player()
    a = p.choose(st, st.legal(), Rng(1))
    assert st.is_legal(a)
    assert p.explain and p.explain[0].startswith(f"T1 decisions {side}:")


def test_search_belief_drops_unseen_enemies(game):
    st = game.new_initial_state(2)
    side = st.current_player()
    obs = st.observation(side)
    b = SearchPolicy.belief(st, obs)
    seen = {u.id for u in obs.units}
    assert {uid for uid, u in b.units.items() if u.side != side} <= seen
    assert {uid for uid, u in b.units.items() if u.side == side} == {u for u in st.units if st.units[u].side == side}


def test_unit_copy_copies_every_slot():
    u = Unit("a", "t", "red", "RUS", "A", 7, 3, "alerted", True, True, False, 2, 1)
    c = u.copy()
    assert c is not u
    assert all(getattr(c, k) == getattr(u, k) for k in Unit.__slots__)


def test_goal_field_is_the_distance_to_the_nearest_objective(game):
    for side in game.side_ids:
        f = view.goal_field(game, side)
        gs = [o.hex for o in view.base_objectives(game, side)]
        for i in (0, 123, len(game.hexes) // 2, len(game.hexes) - 1):
            assert f[i] == min(distance(game.hexes[i], h) for h in gs)


def test_movescore_equals_the_value_of_a_cloned_belief(game):
    """The no-clone score of a move is the very float the clone-everything evaluator computes."""
    st = game.new_initial_state(4)
    while st.phase != "movement":
        st.apply_action("end")
    side = st.current_player()
    obs = st.observation(side)
    pol = GreedyPolicy()
    belief = pol.belief(st, obs, Rng(0))
    ms = MoveScore(st, obs)
    assert ms.base() == GreedyPolicy.value(belief, side)
    la = st.legal()
    checked = 0
    for g in la.groups[:6]:
        for a in [x for x in la.actions_of(g) if isinstance(x, Move)][:8]:
            c = belief.clone()
            c.apply_action(a)
            u = st.units[a.unit]
            assert ms.after_move(u.pos, game.index[a.dst]) == GreedyPolicy.value(c, side)
            checked += 1
    assert checked > 10

"""Tournament statistics and bench helpers with known answers."""

import math
import subprocess
import sys
import os

from engine.analysis.bench import growth_per_doubling, multiplied
from engine.analysis.tournament import elo, format_markdown, summarize
from engine.game.game import load_game

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _r(winner, red, blue, lost=0):
    return {"winner": winner, "score": {"red": red, "blue": blue}, "seed": 0, "state_hash": "",
            "steps_lost": {"red": lost, "blue": 0}, "war": lost > 0}


def _matches():
    # A beats B as red by 10 more than B does as red in the mirror; as blue A holds B to -2.
    return {"scenario": "s", "sides": ["red", "blue"], "games": {
        "A|A": [_r("draw", 10, 10)] * 4,
        "A|B": [_r("red", 30, 10), _r("red", 30, 10), _r("red", 28, 10), _r("red", 32, 10)],
        "B|A": [_r("blue", 10, 12, lost=1)] * 4,
        "B|B": [_r("red", 20, 10), _r("red", 20, 10), _r("red", 18, 10), _r("red", 22, 10)],
    }}


def test_summary_known_answers():
    s = summarize(_matches())
    rows = {(r["first"], r["second"]): r for r in s["matchups"]}
    assert rows[("A", "B")]["win"][0] == 1.0 and rows[("A", "B")]["diff"][0] == 20.0
    assert rows[("B", "A")]["war"] == 1.0 and rows[("A", "A")]["draw"] == 1.0
    beats = {(b["policy"], b["side"], b["opponent"]): b for b in s["beats"]}
    assert beats[("A", "red", "B")]["vs_mirror"][0] == 10.0  # 20 - 10 on every seed: zero-width interval
    assert beats[("A", "red", "B")]["vs_mirror"][1] == 10.0
    assert beats[("A", "blue", "B")]["vs_mirror"][0] == 12.0  # margin +2 vs B's own -10 as blue
    assert beats[("A", "blue", "B")]["margin"][0] == 2.0
    text = format_markdown([s], elo([_matches()]), 4, 1)
    assert "| A | red | B |" in text and "## s" in text


def test_elo_ranks_the_winner_higher_and_is_deterministic():
    r = elo([_matches()])
    assert r["A"] > 1500 > r["B"]
    assert r == elo([_matches()])


def test_growth_per_doubling_is_one_for_linear_cost():
    rows = [{"units": 35 * k, "ms_per_turn": 2.0 * k} for k in (1, 2, 4, 8)]
    assert math.isclose(growth_per_doubling(rows), 1.0)
    quad = [{"units": 35 * k, "ms_per_turn": 2.0 * k * k} for k in (1, 2, 4, 8)]
    assert math.isclose(growth_per_doubling(quad), 2.0)


def test_multiplied_game_has_k_times_the_units_on_land_within_stacking():
    g = load_game(None)
    g3 = multiplied(g, 3)
    assert len(g3.scenario.units) == 3 * len(g.scenario.units)
    st = g3.new_initial_state(1)
    assert len(st.units) == len(g3.scenario.units)
    limit = g.rules.movement.stacking_limit
    assert all(len(v) <= limit for v in st.hex_units.values())


def test_tournament_unknown_policy_is_a_clean_error():
    p = subprocess.run([sys.executable, "-m", "engine.cli", "tournament", "--policies", "search,nosuch", "-n", "1"],
                       capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 2 and "nosuch" in p.stderr and "Traceback" not in p.stderr


def test_a_scaling_factor_past_the_room_on_the_map_is_refused_before_any_game(capsys):
    """``bench --real-scaling 1,1000000000`` ran without end: past the map's room (land hexes x the stacking
    limit) every copy that could not be placed searched the whole map."""
    from engine.cli.entry import main
    g = load_game(None)
    room = sum(1 for x in g.land if x) * g.rules.movement.stacking_limit
    top = room // len(g.scenario.units)
    assert main(["bench", "-n", "1", "--real-scaling", f"1,{top + 1}"]) == 2
    err = capsys.readouterr().err
    assert f"--real-scaling {top + 1}:" in err and f"expected factors up to {top}" in err


def test_bench_plays_on_to_measure_min_seconds():
    # A 3-turn hexagon game with random play takes about a millisecond: asked for 1 game and 0.05 s of
    # CPU, bench plays more games, on the next seeds, until 0.05 s are measured; without min_seconds
    # it plays exactly the games asked for. (real_scaling timed 8 turns at its smallest size: greedy's
    # growth per doubling read 1.12 to 1.24 on the same code.)
    from engine.analysis.bench import bench
    from tests.airfixture import ops_game
    g = ops_game([("a", "tank", "red", -2, 0), ("b", "tank", "blue", 2, 0)])
    assert bench(g, 1, policy="random")["games"] == 1
    r = bench(g, 1, policy="random", min_seconds=0.05)
    assert 1 < r["games"] < 200 and r["seconds"] >= 0.05
    assert bench(g, 3, policy="random", min_seconds=0.0)["games"] == 3  # never fewer than asked

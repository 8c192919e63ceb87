"""The speed shortcuts of the search machinery give the answers of the slow paths they replace
(engine/rules/intel.py sight per range, movement.is_legal, occupancy.full_hexes per layout,
greedy's clone-free scoring of orders that change nothing it reads), and bench writes Markdown."""

from __future__ import annotations

import json
import random
from pathlib import Path

from engine.ai.greedy import GreedyPolicy, _keeps_value
from engine.analysis.bench import format_markdown
from engine.core.actions import AirMission, Move, Ready
from engine.core.rng import Rng
from engine.rules import intel, movement, occupancy
from engine.testing import game_of

SCEN = Path(__file__).resolve().parent.parent / "scenarios"


def test_sight_per_range_equals_every_pair() -> None:
    game = game_of(SCEN / "baseline-2020.yaml")
    st = game.new_initial_state(1)
    R = random.Random(5)
    n = len(game.hexes)
    for _ in range(50):
        sens = [(R.randrange(n), R.choice([0, 1, 2, 3, 5, 12, -1])) for _ in range(R.randrange(0, 40))]
        pos = sorted({R.randrange(n) for _ in range(R.randrange(0, 120))})
        brute = frozenset(p for p in pos if intel._covered(st, p, sens))
        assert intel._covered_among(st, pos, sens) == brute
    # by hand: a sensor of range 2 at hex i sees i and a neighbour, not a hex 3 away along q
    i = game.index[game.hexes[n // 2]]
    q, r = game.hex_q[i], game.hex_r[i]
    near = next(j for j in game.nbrs[i])
    far = next((j for j in range(n) if game.hex_q[j] == q + 3 and game.hex_r[j] == r), None)
    got = intel._covered_among(st, [i, near] + ([far] if far is not None else []), [(i, 2)])
    assert got == frozenset({i, near})


def test_is_legal_equals_why_illegal_and_skips_only_the_wording() -> None:
    game = game_of(SCEN / "baseline-2020.yaml")
    st = game.new_initial_state(4)
    while st.phase != "movement":
        st.apply_action(st.legal_actions()[-1] if st.phase == "decisions" else st.legal_actions()[0])
    uid = movement.movers(st)[0]
    u = st.units[uid]
    src = game.hexes[u.pos]
    checked = 0
    for j in range(0, len(game.hexes), 37):  # near and far hexes, land and water
        a = Move(uid, src, game.hexes[j])
        why = st.why_illegal(a)
        assert st.is_legal(a) == (why is None)
        checked += why is None
    assert checked >= 1  # some of them are reachable: the test covers both answers
    far = max(range(len(game.hexes)), key=lambda j: (game.land[j], abs(game.hex_q[j] - game.hex_q[u.pos])))
    why = st.why_illegal(Move(uid, src, game.hexes[far]))
    assert why is not None and (" MP away" in why or "no path" in why or "may not" in why or "holds" in why)
    assert movement.why_illegal(st, Move(uid, src, game.hexes[far]), explain=False) is not None


def test_full_hexes_cache_follows_every_move() -> None:
    game = game_of(SCEN / "baseline-2020.yaml")
    st = game.new_initial_state(2)
    limit = game.rules.movement.stacking_limit
    side = st.units[sorted(st.units)[0]].side
    mine = [uid for uid in sorted(st.units) if st.units[uid].side == side][: limit]
    before = occupancy.full_hexes(st, side)
    dst = st.units[mine[0]].pos
    for uid in mine[1:]:
        st.relocate(st.units[uid], dst)
    after = occupancy.full_hexes(st, side)
    assert dst in after and dst not in before and len(mine) == limit
    st.relocate(st.units[mine[-1]], st.units[sorted(st.units)[-1]].pos)
    assert dst not in occupancy.full_hexes(st, side)


def test_orders_scored_without_a_clone_leave_the_value_unchanged() -> None:
    """Ready orders and air support/interdiction: the clone's value is the base value, as _keeps_value says."""
    game = game_of(SCEN / "baseline-2020.yaml")
    st = game.new_initial_state(3)
    seen = {"ready": 0, "air": 0}
    for _ in range(400):
        if st.is_terminal() or (seen["ready"] >= 3 and seen["air"] >= 3):
            break
        side = st.current_player()
        base = GreedyPolicy.value(st, side)
        for a in st.legal_actions():
            if isinstance(a, (Ready, AirMission)) and _keeps_value(st, a):
                c = st.clone()
                c.rng = Rng(7)
                c.apply_action(a)
                assert GreedyPolicy.value(c, side) == base, a
                seen["ready" if isinstance(a, Ready) else "air"] += 1
        acts = st.legal_actions()
        st.apply_action(acts[len(acts) // 2] if len(acts) > 1 else acts[0])
    assert seen["ready"] >= 1 and seen["air"] >= 1


def test_bench_markdown_shows_before_and_after() -> None:
    def run(p, g):
        return {"units": 35, "games": 2, "playouts_per_s": p, "ms_per_turn": 1000 / p / 20, "actions_per_s": 100.0,
                "tracemalloc_peak_mb": 0.5, "growth_per_doubling": g,
                "real_scaling": [{"units": 35, "ms_per_turn": 2.0}, {"units": 70, "ms_per_turn": 4.0 * g}]}
    before = {"policies": {"greedy": run(2.5, 1.35)}, "loadavg": [3.0, 2.0, 1.0]}
    after = {"policies": {"greedy": run(7.0, 1.10)}, "loadavg": [1.0, 1.0, 1.0]}
    text = format_markdown(json.loads(json.dumps(after)), before, "eastflank bench --policy greedy")
    assert "| greedy | 35 | 2 | 2.50 | 7.00 |" in text  # playouts/s before, after
    assert "| greedy | 1.10 | 1.35 | 2.0 | 4.4 |" in text  # growth now, before; ms/turn at 35 and 70 units
    assert "3.0, 2.0, 1.0" in text


def test_nearest_within_radius_equals_nearest() -> None:
    from engine.ai.view import nearest, nearest_within
    from engine.geo.hexgrid import Hex
    R = random.Random(3)
    for _ in range(400):
        hs = sorted({Hex(R.randint(-12, 12), R.randint(-12, 12)) for _ in range(R.randint(0, 300))})
        h, rad = Hex(R.randint(-12, 12), R.randint(-12, 12)), R.randint(0, 6)
        a, b = nearest(h, hs), nearest_within(h, hs, rad)
        assert a == b if a[0] <= rad else b[0] > rad
    # by hand: two foes at distance 2 from (0, 0); the smaller hex wins the tie
    many = [Hex(2, 0), Hex(0, 2)] + [Hex(9, k) for k in range(-9, 9)]
    assert nearest_within(Hex(0, 0), many, 3) == (2, Hex(0, 2))


def test_bench_baseline_must_be_a_bench_json(tmp_path) -> None:
    import pytest
    from engine.analysis.bench import _baseline
    from engine.errors import EngineError
    good = tmp_path / "b.json"
    good.write_text(json.dumps({"policies": {"greedy": {}}}))
    assert _baseline(str(good))["policies"] == {"greedy": {}}
    bad = tmp_path / "c.json"
    bad.write_text("[1, 2]")
    for p in (str(bad), "/dev/null", str(tmp_path / "missing.json")):
        with pytest.raises(EngineError, match="--baseline .*not a bench --json file"):
            _baseline(p)

"""Effect tests: each scenario shows the effect it claims against its comparison (seeds/claims.yaml).

Fast tests play each needed scenario on 16 seeds (cached across tests); the slow test replays
every claim on 50 seeds, the acceptance bar of the table in seeds/effects.md. Results are
deterministic for a given seed, so these tests are exact, not flaky.
"""

from __future__ import annotations

import pytest

from engine.analysis.effects import Claim, cached_runner, load_claims, measure, measure_all, table, welch_ci

CLAIMS = {c.id: c for c in load_claims()}
FAST_N = 16
#: One fast claim (or more) per scenario.
FAST = ("union_command", "union_air", "opposition_blocks", "logbase_ready", "s400_air", "iskander_reach",
        "base_ew", "zapad_observation", "zapad_warning", "osce_incidents")


@pytest.fixture(scope="module")
def runner():
    return cached_runner(FAST_N, seed=1, jobs=1)  # no worker pool inside the test process


@pytest.mark.parametrize("cid", FAST)
def test_claim_holds_fast(cid, runner):
    e = measure(CLAIMS[cid], FAST_N, runner)
    assert e.holds, (cid, e.diff, e.low, e.high)
    assert (e.diff > 0) == (CLAIMS[cid].direction > 0)


def test_every_brief_scenario_has_a_fast_claim():
    covered = {CLAIMS[c].scenario.split("/")[-1].split(".")[0] for c in FAST}
    covered |= {CLAIMS[c].against.split("/")[-1].split(".")[0] for c in FAST}
    for sid in ("baseline-2020", "union-doctrine", "logistic-bases", "rotational-presence",
                "permanent-base", "zapad-2021-observed"):
        assert sid in covered


def test_welch_interval_known_values():
    d, lo, hi = welch_ci([1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 1.0, 1.0])
    assert d == pytest.approx(2.0)
    # se = sqrt(1.6667/4 + 0.3333/4) = 0.7071; df ≈ 4.2 -> t ≈ 2.7
    assert 2.0 - lo == pytest.approx(hi - 2.0)
    assert 1.7 < (hi - lo) / 2 < 2.1
    assert welch_ci([3.0, 3.0], [1.0, 1.0]) == (2.0, 2.0, 2.0)


def test_claim_direction_decides_holds():
    from engine.analysis.effects import Effect
    c_up = Claim("x", "a.yaml", "b.yaml", "m", 1, "up")
    c_down = Claim("y", "a.yaml", "b.yaml", "m", -1, "down")
    assert Effect(c_up, 50, 2, 1, 1, 0.2, 1.8).holds
    assert not Effect(c_up, 50, 2, 1, 1, -0.2, 1.8).holds
    assert not Effect(c_down, 50, 2, 1, 1, 0.2, 1.8).holds
    assert Effect(c_down, 50, 1, 2, -1, -1.8, -0.2).holds


@pytest.mark.slow
def test_every_claim_holds_over_50_seeds():
    effects = measure_all(50, seed=1, jobs=1)
    bad = [(e.claim.id, round(e.low, 2), round(e.high, 2)) for e in effects if not e.holds]
    assert not bad
    md = table(effects, 50, 1)
    assert md.count("| yes |") == len(effects)


def test_scenario_metric_functions_read_the_state():
    from pathlib import Path

    from engine.game.game import load_game
    from engine.analysis.metrics import METRICS, MetricContext
    root = Path(__file__).resolve().parent.parent / "scenarios"
    base = load_game(root / "baseline-2020.yaml")
    rot = load_game(root / "rotational-presence.yaml")
    sb, sr = base.new_initial_state(3), rot.new_initial_state(3)
    gap = {"side": "blue", "lat": "54.2", "lon": "23.4"}
    # Kaliningrad's S-400 already covers the gap; the rotation's S-400 near Hrodna takes 3 more points.
    ab = METRICS["air_over"](sb, gap, MetricContext(base))
    ar = METRICS["air_over"](sr, gap, MetricContext(rot))
    assert ab == max(0, sb.air_points["blue"] - 3) and ar == max(0, sr.air_points["blue"] - 6)
    ctx = MetricContext(base)
    inner = {"of": "units", "side": "red"}
    assert METRICS["at_turn"](sb, {**inner, "at": str(sb.turn)}, ctx) == len(sb.sorted_unit_ids("red"))
    assert METRICS["at_turn"](sb, {**inner, "at": str(sb.turn + 1)}, ctx) == 0
    near = {"side": "red", "inside": "BLR", "countries": "POL,LTU,LVA", "within": "3"}
    n_all = METRICS["near_border_from"](sb, near, ctx)
    assert 2 <= n_all <= 8  # Hrodna and Brest garrisons, not Kaliningrad
    assert METRICS["near_border_from"](sb, {**near, "readiness": "deployed"}, ctx) == 0  # all in garrison

"""``eastflank calibrate``: the verdict logic on known numbers, the table on a tiny run, and the bands (slow)."""

from __future__ import annotations

import math

import pytest

from engine.analysis import calibrate as C
from engine.analysis.calibrate import INF, Band, verdict
from engine.cli.entry import main


# --- the verdict on known numbers ----------------------------------------------------------

def test_quantile_is_nearest_rank_and_handles_never():
    assert C.quantile([72, 48, 24, 96], 0.5) == 48
    assert C.quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.1) == 1
    assert C.quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) == 9
    assert C.quantile([48, INF, INF], 0.5) == INF
    assert math.isnan(C.quantile([], 0.5))


def test_verdict_needs_the_median_and_the_share_in_the_band():
    rand = Band(36, 60, 0.5)
    assert verdict([48, 48, 72, INF], rand)            # median 48, half in the window
    assert not verdict([48, 72, 72, INF], rand)        # median 72
    assert not verdict([24, 48, 72], Band(36, 60, 0.9))  # median in, share 1/3 < 90 %
    assert not verdict([INF, INF, 48], rand)           # mostly never: median is "never"
    assert not verdict([], rand)
    held = Band(1, 1, 0.9)
    assert verdict([1.0] * 9 + [0.0], held)            # 90 % held
    assert not verdict([1.0] * 8 + [0.0] * 2, held)    # 80 % held
    losses = Band(0.6, 0.8, 0.5)
    assert verdict([0.74, 0.8, 0.9], losses)
    assert not verdict([0.84, 0.8, 0.9], losses)


def test_convert_first_turn_to_hours_days_and_never():
    assert C.convert(2, "h", 24) == 48.0
    assert C.convert(3, "h", 12) == 36.0
    assert C.convert(4, "day", 24) == 4.0
    assert C.convert(None, "h", 24) == INF
    assert C.convert(None, "share", 24) == 0.0
    assert C.convert(0.75, "share", 24) == 0.75


def test_every_case_names_metrics_its_scenario_measures():
    from engine.scenario.loader import load_scenario
    for c in C.CASES:
        sc = load_scenario(C.CASES_DIR / c.scenario)
        have = {m.id for m in sc.metrics}
        assert {m.metric for m in c.measures} <= have, c.id
        assert all(m.band.low <= m.band.high for m in c.measures)


def test_zima_plays_with_the_encirclement_rules_and_the_competent_ai_on_both_sides_decides():
    from engine.scenario.loader import load_scenario
    sup = load_scenario(C.CASES_DIR / "zima-20.yaml").rules.supply
    assert sup.home_territory and sup.home_territory_trace and sup.cut_off_control_days == 1
    assert C.DEFAULT_PAIRS[0] == ("search", "search") and ("search", "greedy") in C.DEFAULT_PAIRS


# --- a tiny run: structure and determinism ----------------------------------------------------

ZIMA = tuple(c for c in C.CASES if c.id == "zima-20")


def test_tiny_run_table_structure_and_same_for_any_jobs():
    pairs = (("greedy", "greedy"), ("scripted", "scripted"))
    rows1 = C.run(2, seed=3, jobs=1, pairs=pairs, cases=ZIMA)
    rows2 = C.run(2, seed=3, jobs=2, pairs=pairs, cases=ZIMA)
    assert [r.values for r in rows1] == [r.values for r in rows2]
    assert len(rows1) == len(ZIMA[0].measures) * len(pairs)
    assert all(len(r.values) == 2 for r in rows1)
    text = C.table(rows1, 2, 3, pairs, ZIMA)
    assert text == C.table(rows2, 2, 3, pairs, ZIMA)
    lines = text.splitlines()
    assert lines[0] == "# Calibration against published wargames"
    assert "## Zima-20 (Polish staff exercise, 2021, as reported) (`zima-20.yaml`)" in lines
    header = "| measure | published band | red/blue | median | p10-p90 | in band | never | verdict |"
    assert lines.count(header) == 1
    body = [ln for ln in lines if ln.startswith("| ") and ln != header]
    assert len(body) == len(rows1)
    for r, ln in zip(rows1, body):
        cells = [c.strip() for c in ln.strip("|").split("|")]
        assert len(cells) == 8
        assert cells[2] == f"{r.pair[0]}/{r.pair[1]}"
        assert cells[7] == ("holds" if r.holds else "does not hold")
        assert cells[3] == C.fmt(r.median, r.measure.unit)
    assert any(ln.startswith("**Verdict (greedy/greedy)") for ln in lines)


def test_cli_errors_are_one_line_exit_2(tmp_path, capsys):
    assert main(["calibrate", "-n", "1", "--policies", "nosuch/greedy", "--out", str(tmp_path / "c.md")]) == 2
    assert "unknown policy 'nosuch'" in capsys.readouterr().err
    assert main(["calibrate", "-n", "0"]) == 2
    assert main(["calibrate", "-n", "1", "--out", str(tmp_path / "no" / "dir" / "c.md")]) == 2
    assert not (tmp_path / "c.md").exists()


# --- the bands (issue 15's acceptance), on 30 seeds with the competent AI ------------------------

#: Measures whose bands hold with the shared rules, per policy pair (seeds/calibration.md, -n 50, and the first 30 of
#: those seeds); the slow test asserts them strictly. search/search is the verdict pair (engine/analysis/calibrate.py
#: DEFAULT_PAIRS). Zima-20's encirclement and losses hold once the set-up has "all forces of the Western Military
#: District" (zima-20.yaml); Białystok falls by day 5 only with search Blue (greedy Blue garrisons it), the losses
#: reach 60 % only against search Red.
TEMPO = {("rand-baltic", "riga_arrival"), ("rand-baltic-7brigades", "riga_held_28"),
         ("zima-20", "warsaw_suburbs"), ("zima-20", "warsaw_suburbs_heavy"), ("zima-20", "vistula"),
         ("zima-20", "warsaw_encircled")}
HOLDING = {("search", "search"): TEMPO | {("zima-20", "echelon_losses"), ("zima-20", "bialystok_d5"),
                                          ("zima-20", "lublin_d5")},
           ("search", "greedy"): TEMPO | {("zima-20", "echelon_losses")}, ("greedy", "greedy"): TEMPO}
RAND = tuple(c for c in C.CASES if c.id == "rand-baltic")


def test_small_version_rand_arrives_in_the_window_and_zima_reaches_warsaw_in_band():
    # 3 games each, greedy Red. RAND: Ostrov/Sebezh-Riga is 21-23 road hexes; at the road-march rate (15 road
    # hexes a day out of contact) the first unit reaches Riga's ring at the end of day 2 (48 h) when its day-1
    # move is on roads, else day 3 (72 h); with the old 6 road hexes a day it took 120 h. Zima: the heavy units
    # reach the Warsaw suburbs on day 3-5 (0.4 of their allowance in contact with the Polish brigades).
    pairs = (("greedy", "greedy"),)
    rows = C.run(3, seed=1, jobs=1, pairs=pairs, cases=RAND + ZIMA)
    got = {(r.case, r.measure.id): r for r in rows}
    rand = got[("rand-baltic", "riga_arrival")]
    assert min(rand.values) == 48 and rand.median <= 72
    assert 3 <= got[("zima-20", "warsaw_suburbs_heavy")].median <= 5


def test_small_version_zima_encircles_warsaw_takes_lublin_and_bleeds_the_first_echelon():
    # 4 games, search/search (seeds/calibration.md's first four): with every Western Military District
    # manoeuvre formation in the set-up and Poland's forward defence (blue's doctrine ``defence: forward``:
    # the border brigades hold where they stand) Red rings Warsaw (ZOC on all its neighbours, or west of the
    # Vistula) on days 5, 4, 3 and 4, and the nine border brigades (35 steps) lose 18, 16, 23 and 20 of them by
    # day 5 (51, 46, 66, 57 %; on 50 seeds the median is 60 %, in band). Lublin, Blue's 5-point objective, has
    # fallen by day 5 in all four: the attacker's detachments (engine/ai/thrust.py) march on it; before them it
    # fell in none of 50, and the losses were 63, 60, 51 and 74 % (the detachments come from the border fights).
    # With the old set-up (24 steps of Red manoeuvre units and three artillery brigades fewer) the ring came
    # never, day 10, never, day 3 and the losses were 40-54 %.
    rows = C.run(4, seed=1, jobs=1, pairs=(("search", "search"),), cases=ZIMA)
    got = {r.measure.id: r for r in rows}
    assert got["warsaw_encircled"].values == (5.0, 4.0, 3.0, 4.0)
    assert [round(35 * v) for v in got["echelon_losses"].values] == [18, 16, 23, 20]
    assert got["lublin_d5"].values == (0.0,) * 4 and got["lublin_d5"].holds
    assert got["warsaw_suburbs"].holds and got["bialystok_d5"].holds


@pytest.mark.slow
def test_holding_bands_hold_with_the_competent_ai_on_30_seeds():
    rows = C.run(30, seed=1, jobs=2, pairs=tuple(HOLDING))
    assert {(r.case, r.measure.id) for r in rows} >= set().union(*HOLDING.values())
    bad = [f"{r.case}:{r.measure.id} {r.pair} median {C.fmt(r.median, r.measure.unit)} "
           f"({100 * r.share_in_band:.0f} % in band)" for r in rows if (r.case, r.measure.id) in HOLDING[r.pair]
           and not r.holds]
    assert bad == []


@pytest.mark.slow
@pytest.mark.xfail(strict=False, reason=(
    "Measured with the shared rules (seeds/calibration.md, -n 50, search/search): the two excursions do not hold: "
    "RAND's degraded Red reaches Riga after 60 h in 4 % of runs (median 48 h), and behind the "
    "Vistula Warsaw is cut off or taken after day 11 in 8 % (median day 6); the Suwałki gap is closed on day 1 in "
    "every run (CSIS: complete closure 'probably beyond' Red's forces); why, and what is missing, is in "
    "engine/analysis/calibrate.py (Case.missing)."))
def test_remaining_bands_hold_with_the_competent_ai_on_30_seeds():
    rows = C.run(30, seed=1, jobs=2, pairs=(C.DEFAULT_PAIRS[0],))
    bad = [f"{r.case}:{r.measure.id} median {C.fmt(r.median, r.measure.unit)} "
           f"({100 * r.share_in_band:.0f} % in band)" for r in rows if not r.holds]
    assert bad == []

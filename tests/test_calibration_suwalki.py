"""The Suwałki gap case (scenarios/calibration/suwalki-gap.yaml): its two measures on hand-placed
fixtures with known answers (``land_cut``, ``fire_cover``: engine/analysis/metrics_campaign.py), and a
small version of the case."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.analysis import metrics  # noqa: F401  (registers every metric)
from engine.analysis.metrics import MetricContext, MetricError
from engine.analysis.metrics_campaign import _border_hexes, m_fire_cover, m_land_cut
from engine.scenario.metricreg import check_params

from tests.test_calibration_metrics import make_game

ROOT = Path(__file__).resolve().parents[1]
#: The Polish-Lithuanian border hexes on the shipped map (the gap as the map draws it), north to south.
GAP = {(-13, -7), (-12, -8), (-12, -7), (-11, -8), (-11, -7), (-10, -8), (-10, -7), (-11, -6), (-10, -6),
       (-11, -5), (-10, -5), (-12, -4), (-11, -4), (-12, -3)}
KALININGRAD_EDGE = (-13, -8)  # the Russian hex nearest the gap
BELARUS_EDGE = (-11, -3)  # the Belarusian hex nearest the gap (7 hexes from the Russian one)
CUT = {"side": "blue", "place": "Kaunas", "to": "Warsaw,Olsztyn", "countries": "POL,LTU"}


def test_the_gap_is_the_fourteen_hexes_where_poland_and_lithuania_meet(tmp_path):
    game, st = make_game(tmp_path, [])
    assert {tuple(game.hexes[i]) for i in _border_hexes(st, ("LTU", "POL"))} == GAP


def test_land_cut_open_gap_is_not_cut(tmp_path):
    game, st = make_game(tmp_path, [("k1", "ru_mr_regt", KALININGRAD_EDGE), ("g1", "ru_mr_regt", BELARUS_EDGE)])
    # Red on both edges, nobody in between: their zones of control leave the middle of the gap open
    assert m_land_cut(st, CUT, MetricContext(game)) == 0.0


def test_land_cut_a_zoc_chain_across_the_gap_cuts_lithuania_off(tmp_path):
    # Kaliningrad edge, two regiments in the gap 3 hexes apart, Belarus edge: each pair's zones of control touch
    chain = [("k1", "ru_mr_regt", KALININGRAD_EDGE), ("m1", "ru_mr_regt", (-11, -7)),
             ("m2", "ru_mr_regt", (-11, -5)), ("g1", "ru_mr_regt", BELARUS_EDGE)]
    game, st = make_game(tmp_path, chain)
    ctx = MetricContext(game)
    assert m_land_cut(st, CUT, ctx) == 1.0
    # the same chain of artillery (no zone of control) closes nothing
    game2, st2 = make_game(tmp_path, [(i, "arty_bde", h) for i, _t, h in chain])
    assert m_land_cut(st2, CUT, MetricContext(game2)) == 0.0
    # a trace through Belarus or Kaliningrad does not count: with the whole map allowed, the way round is open
    assert m_land_cut(st, {**CUT, "countries": "POL,LTU,BLR,RUS,LVA,UKR"}, ctx) == 0.0


def test_land_cut_a_blue_unit_keeps_a_zoc_hex_open_and_an_enemy_held_place_is_cut(tmp_path):
    from engine.geo.hexgrid import Hex
    chain = [("k1", "ru_mr_regt", KALININGRAD_EDGE), ("m1", "ru_mr_regt", (-11, -7)),
             ("m2", "ru_mr_regt", (-11, -4)), ("g1", "ru_mr_regt", BELARUS_EDGE)]
    game, st = make_game(tmp_path, chain)
    ctx = MetricContext(game)
    assert m_land_cut(st, CUT, ctx) == 1.0
    # a Polish brigade on (-11,-5), in the southern regiment's zone only: supply's trace passes there
    st.relocate(st.units["b2"], game.index[Hex(-11, -5)])
    assert m_land_cut(st, CUT, ctx) == 0.0
    st.control[game.index[Hex(-5, -12)]] = "red"  # Kaunas itself in Red hands
    assert m_land_cut(st, CUT, ctx) == 1.0


def test_land_cut_one_regiment_in_the_middle_does_not_close_the_seven_hex_gap(tmp_path):
    # on our map Kaliningrad and Belarus are 7 hexes apart (105 km between hex centres; the gap is ~65 km)
    from engine.geo.hexgrid import Hex, distance
    assert distance(Hex(*KALININGRAD_EDGE), Hex(*BELARUS_EDGE)) == 7
    game, st = make_game(tmp_path, [("k1", "ru_mr_regt", KALININGRAD_EDGE), ("m1", "ru_mr_regt", (-11, -6)),
                                    ("g1", "ru_mr_regt", BELARUS_EDGE)])
    assert m_land_cut(st, CUT, MetricContext(game)) == 0.0


def test_fire_cover_known_shares_from_the_unit_types_ranges(tmp_path):
    # A rocket brigade on the Belarus edge (range 6 in rules/units.yaml) reaches all 14 gap hexes; an artillery
    # brigade on the Kaliningrad edge (range 2) the four within 2 hexes: (-13,-7), (-12,-8), (-12,-7), (-11,-8).
    game, st = make_game(tmp_path, [("r1", "mlrs_bde", BELARUS_EDGE), ("a1", "arty_bde", KALININGRAD_EDGE)])
    ctx = MetricContext(game)
    base = {"side": "red", "between": "POL,LTU"}
    assert m_fire_cover(st, base, ctx) == 1.0
    assert m_fire_cover(st, {**base, "from": "RUS,BLR"}, ctx) == 1.0
    assert m_fire_cover(st, {**base, "from": "RUS"}, ctx) == pytest.approx(4 / 14)
    assert m_fire_cover(st, {**base, "from_each": "RUS,BLR"}, ctx) == pytest.approx(4 / 14)  # the crossfire
    assert m_fire_cover(st, {**base, "from": "UKR"}, ctx) == 0.0
    assert m_fire_cover(st, {"side": "blue", "between": "POL,LTU"}, ctx) == 0.0  # Blue has no fire unit here
    with pytest.raises(MetricError, match="not both"):
        m_fire_cover(st, {**base, "from": "RUS", "from_each": "RUS,BLR"}, ctx)
    with pytest.raises(MetricError, match="two countries"):
        m_fire_cover(st, {"side": "red", "between": "POL"}, ctx)


def test_fire_cover_stationed_reads_each_gun_anywhere_in_the_country_it_started_in(tmp_path):
    # The same two guns one hex back from the edges (Kaliningrad (-13,-9), Belarus (-11,-2)): where they stand the
    # artillery reaches only (-13,-7)... at 2 hexes; 'stationed' reads them from the nearest hex of their country.
    game, st = make_game(tmp_path, [("r1", "mlrs_bde", (-11, -2)), ("a1", "arty_bde", (-13, -9))])
    ctx = MetricContext(game)
    base = {"side": "red", "between": "POL,LTU"}
    now = m_fire_cover(st, {**base, "from": "RUS"}, ctx)
    assert now < 4 / 14
    assert m_fire_cover(st, {**base, "from": "RUS", "guns": "stationed"}, ctx) == pytest.approx(4 / 14)
    assert m_fire_cover(st, {**base, "from": "RUS,BLR", "guns": "stationed"}, ctx) == 1.0
    assert m_fire_cover(st, {**base, "from_each": "RUS,BLR", "guns": "stationed"}, ctx) == pytest.approx(4 / 14)
    st.remove_unit("r1")  # the rocket brigade destroyed: the Belarusian side has no gun left
    assert m_fire_cover(st, {**base, "from_each": "RUS,BLR", "guns": "stationed"}, ctx) == 0.0
    with pytest.raises(MetricError, match="guns='later'"):
        m_fire_cover(st, {**base, "guns": "later"}, ctx)


def test_the_new_parameters_are_checked_before_any_game(tmp_path):
    game, _ = make_game(tmp_path, [])
    with pytest.raises(MetricError, match="not a country"):
        check_params("fire_cover", {"side": "red", "between": "POL,LTX"}, game)
    with pytest.raises(MetricError, match="parameter 'to' of metric land_cut is missing"):
        check_params("land_cut", {"side": "blue", "place": "Kaunas"}, game)
    with pytest.raises(MetricError, match="did you mean 'stationed'"):
        check_params("fire_cover", {"side": "red", "between": "POL,LTU", "guns": "stationd"}, game)
    with pytest.raises(MetricError, match="Atlantis"):
        check_params("land_cut", {"side": "blue", "place": "Kaunas", "to": "Atlantis"}, game)


def test_small_version_of_the_case_plays_and_measures():
    from engine.analysis import calibrate as C
    case = next(c for c in C.CASES if c.id == "suwalki-gap")
    rows = C.run(2, seed=1, jobs=1, pairs=(("greedy", "greedy"),), cases=(case,))
    assert {r.measure.id for r in rows} == {m.id for m in case.measures}
    for r in rows:
        assert len(r.values) == 2
        if r.measure.unit == "share":
            assert all(0.0 <= v <= 1.0 for v in r.values)


def test_cli_cases_plays_one_case_and_refuses_an_unknown_id_in_one_line(tmp_path, capsys):
    from engine.cli.entry import main
    out = tmp_path / "c.md"
    assert main(["calibrate", "-n", "1", "--jobs", "1", "--cases", "suwalki-gp", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "did you mean 'suwalki-gap'" in err and len(err.strip().splitlines()) == 1 and not out.exists()
    assert main(["calibrate", "-n", "1", "--jobs", "1", "--cases", "suwalki-gap", "--policies", "greedy/greedy",
                 "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "Suwałki gap" in text and "Zima-20" not in text


def test_small_version_search_closes_the_gap_on_day_1_and_the_guns_stationed_reach_all_of_it():
    # 5 games, search/search (seeds/calibration.md's first five): Red's zones of control seal the gap at the end of
    # day 1 in every game (the warning flag: CSIS judges complete closure "probably beyond" Red's forces), the cut
    # does not last to day 10, and the Belarusian rocket brigade's 6-hex range covers all 14 gap hexes.
    from engine.analysis import calibrate as C
    case = next(c for c in C.CASES if c.id == "suwalki-gap")
    rows = {r.measure.id: r for r in C.run(5, seed=1, jobs=1, pairs=(("search", "search"),), cases=(case,))}
    assert rows["gap_closed"].values == (1.0,) * 5 and not rows["gap_closed"].holds
    assert rows["gap_closed_end"].holds
    assert rows["gap_fire_cover"].values == (1.0,) * 5 and rows["gap_fire_cover"].holds

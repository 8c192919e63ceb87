"""The campaign measures (engine/analysis/metrics_campaign.py) on hand-placed fixtures with known answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.analysis import metrics  # noqa: F401  (registers every metric)
from engine.analysis.metrics import MetricContext, MetricError
from engine.analysis.metrics_campaign import m_echelon_loss, m_encircled, m_within_of, turn_to_hours
from engine.scenario.metricreg import METRICS

ROOT = Path(__file__).resolve().parents[1]
WARSAW = (-30, 10)  # Warsaw's hex on the shipped map


def ring(center: tuple[int, int], r: int) -> list[tuple[int, int]]:
    """The axial hexes at distance exactly ``r`` from ``center``, in order around the ring."""
    dirs = [(1, 0), (1, -1), (0, -1), (-1, 0), (-1, 1), (0, 1)]
    q, rr = center[0] + dirs[4][0] * r, center[1] + dirs[4][1] * r
    out = []
    for d in dirs:
        for _ in range(r):
            out.append((q, rr))
            q, rr = q + d[0], rr + d[1]
    return out


def make_game(tmp_path: Path, red: list[tuple[str, str, tuple[int, int]]], blue_entry: str = "{lat: 52.25, lon: 19.10}"):
    """A two-side game on the shipped map: one Polish brigade in Warsaw, Red units where given."""
    from engine.game.game import load_game
    rules = ROOT / "scenarios" / "rules"
    units = [f'  - {{id: b1, type: pl_mech_bde, side: blue, nation: POL, name: b1, location: Warsaw}}',
             f'  - {{id: b2, type: pl_mech_bde, side: blue, nation: POL, name: b2, location: Siedlce, strength: 3}}']
    for uid, typ, (q, r) in red:
        units.append(f'  - {{id: {uid}, type: {typ}, side: red, nation: RUS, name: {uid}, location: {{hex: "{q},{r}"}}}}')
    text = "\n".join([
        "id: fx", "title: fx", "briefing: calibration metric fixture", "start_date: 2021-01-15",
        "turn_length: 12h", "turns: 6", "include:",
        *(f"  - {rules / f}" for f in ("units.yaml", "terrain.yaml", "combat.yaml", "logistics.yaml")),
        "sides:",
        '  - {id: red, name: R, nations: [RUS], colour: "#c0392b", home_countries: [RUS, BLR], entry: [Brest]}',
        f'  - {{id: blue, name: B, nations: [POL], colour: "#2e6fbd", home_countries: [POL], entry: [{blue_entry}]}}',
        "initiative: [red, blue]", "phases: [decisions, events, air, movement, combat, logistics, end]",
        "units:", *units,
        "victory:", "  objectives:", "    - {location: Warsaw, points: 20, side: blue}", ""])
    p = tmp_path / "fx.yaml"
    p.write_text(text, encoding="utf-8")
    game = load_game(str(p))
    return game, game.new_initial_state(1)


def test_within_of_counts_manoeuvre_units_at_the_given_range(tmp_path):
    game, st = make_game(tmp_path, [("r1", "ru_mr_regt", ring(WARSAW, 2)[0]), ("a1", "arty_bde", ring(WARSAW, 1)[0])])
    ctx = MetricContext(game)
    assert m_within_of(st, {"side": "red", "places": "Warsaw", "within": "2"}, ctx) == 1.0
    # the regiment is 2 hexes out; the artillery at 1 hex is not a manoeuvre unit
    assert m_within_of(st, {"side": "red", "places": "Warsaw", "within": "1"}, ctx) == 0.0
    assert m_within_of(st, {"side": "red", "places": "Warsaw", "within": "1", "symbols": "artillery"}, ctx) == 1.0
    # any of several places
    assert m_within_of(st, {"side": "red", "places": "Płock,Warsaw", "within": "2"}, ctx) == 1.0
    assert m_within_of(st, {"side": "blue", "places": "Warsaw", "within": "0"}, ctx) == 1.0
    with pytest.raises(MetricError, match="neither an objective nor a place"):
        m_within_of(st, {"side": "red", "places": "Atlantis"}, ctx)


def test_arrival_turn_becomes_hours_with_the_scenario_turn_length():
    assert turn_to_hours(3, 12) == 36.0
    assert turn_to_hours(2, 24) == 48.0
    assert turn_to_hours(None, 24) is None


def test_encircled_no_enemy_near_is_not_encircled(tmp_path):
    game, st = make_game(tmp_path, [("r1", "ru_mr_regt", (-19, 12))])
    assert m_encircled(st, {"side": "blue", "place": "Warsaw"}, MetricContext(game)) == 0.0


def test_encircled_a_full_ring_of_units_cuts_the_place_off(tmp_path):
    red = [(f"r{k}", "ru_mr_regt", h) for k, h in enumerate(ring(WARSAW, 2))]
    assert len(red) == 12
    game, st = make_game(tmp_path, red)
    assert m_encircled(st, {"side": "blue", "place": "Warsaw"}, MetricContext(game)) == 1.0


def test_encircled_zones_of_control_close_the_gaps_between_units(tmp_path):
    # every other hex of the ring: the gaps are each next to two Red units (in their ZOC)
    red = [(f"r{k}", "ru_mr_regt", h) for k, h in enumerate(ring(WARSAW, 3)[::2])]
    game, st = make_game(tmp_path, red)
    ctx = MetricContext(game)
    assert m_encircled(st, {"side": "blue", "place": "Warsaw"}, ctx) == 1.0
    # the same ring of artillery (no ZOC): the gaps are open
    red = [(f"r{k}", "arty_bde", h) for k, h in enumerate(ring(WARSAW, 3)[::2])]
    game2, st2 = make_game(tmp_path, red)
    assert m_encircled(st2, {"side": "blue", "place": "Warsaw"}, MetricContext(game2)) == 0.0


def test_encircled_counts_an_enemy_held_place(tmp_path):
    game, st = make_game(tmp_path, [("r1", "ru_mr_regt", (-19, 12))])
    st.control[game.index[WARSAW]] = "red"
    assert m_encircled(st, {"side": "blue", "place": "Warsaw"}, MetricContext(game)) == 1.0


def test_encircled_counts_railheads_fed_from_outside_the_place(tmp_path):
    # Railheads are supply sources (the same ones the supply trace uses, engine/rules/supply.py): with
    # Siedlce (a railway junction) as Blue's entry, the Polish rail hexes it feeds are sources besides it,
    # Warsaw's station among them is not (the place itself), and a regiment far away cuts nothing.
    from engine.analysis.metrics_campaign import _sources
    game, st = make_game(tmp_path, [("r1", "ru_mr_regt", (-19, 12))], blue_entry="Siedlce")
    w = game.index[WARSAW]
    src = _sources(st, "blue", w)
    entry = set(game.index[h] for h in game.scenario.sides[1].entry_hexes)
    assert entry < src and w not in src
    assert m_encircled(st, {"side": "blue", "place": "Warsaw"}, MetricContext(game)) == 0.0
    # Warsaw's own depots as the only entry feed nothing outside it: no source is left to be cut off from.
    game2, st2 = make_game(tmp_path, [("r1", "ru_mr_regt", (-19, 12))], blue_entry="Warsaw")
    with pytest.raises(MetricError, match="no entry hex or supply source besides the place"):
        m_encircled(st2, {"side": "blue", "place": "Warsaw"}, MetricContext(game2))


def test_encircled_a_ring_is_not_broken_by_the_places_own_depots(tmp_path):
    # Warsaw's depots are an entry hex (as in zima-20.yaml) besides the west map edge. A ring of regiments
    # 3 hexes out (every other hex, ZOC closing the gaps) cuts it off from the west edge; the rail hexes
    # inside the ring are railheads only because Warsaw's own depots feed them, so they are not a way out.
    # (Counting them, as before, no ring short of one on Warsaw's neighbours could ever cut Warsaw off.)
    red = [(f"r{k}", "ru_mr_regt", h) for k, h in enumerate(ring(WARSAW, 3)[::2])]
    game, st = make_game(tmp_path, red, blue_entry="Warsaw, {lat: 52.25, lon: 19.10}")
    from engine.rules import supply
    w = game.index[WARSAW]
    inside = {game.index[h] for r in (1, 2) for h in ring(WARSAW, r) if h in game.index}
    assert supply.railheads(st, "blue") & inside  # fed from Warsaw: the old measure's way out
    assert w not in inside and m_encircled(st, {"side": "blue", "place": "Warsaw"}, MetricContext(game)) == 1.0


def test_echelon_loss_is_the_share_of_starting_steps_lost(tmp_path):
    game, st = make_game(tmp_path, [("r1", "ru_mr_regt", (-19, 12))])
    ctx = MetricContext(game)
    p = {"units": "b1,b2"}
    assert m_echelon_loss(st, p, ctx) == 0.0
    st.units["b1"].strength = 2  # 4 -> 2
    del st.units["b2"]  # 3 steps, destroyed
    assert m_echelon_loss(st, p, ctx) == pytest.approx(5 / 7)
    # with day: read while at most `day` turns are over, 0 afterwards (reduce: max keeps day D's value)
    st.turn = 6
    assert m_echelon_loss(st, {"units": "b1,b2", "day": "5"}, ctx) == pytest.approx(5 / 7)
    st.turn = 7
    assert m_echelon_loss(st, {"units": "b1,b2", "day": "5"}, ctx) == 0.0
    with pytest.raises(MetricError, match="not among"):
        m_echelon_loss(st, {"units": "b1,zz"}, ctx)


def test_held_on_day_d_is_holds_under_at_turn(tmp_path):
    game, st = make_game(tmp_path, [("r1", "ru_mr_regt", (-19, 12))])
    ctx = MetricContext(game)
    at = METRICS["at_turn"]
    p = {"at": "6", "of": "holds", "side": "blue", "place": "Warsaw"}
    st.turn = 6
    assert at(st, p, ctx) == 1.0
    st.control[game.index[WARSAW]] = "red"
    assert at(st, p, ctx) == 0.0
    st.control[game.index[WARSAW]] = "blue"
    st.turn = 5
    assert at(st, p, ctx) == 0.0

"""Time (issue 13, item 1): the turn length drives every rate, so 12 h and 24 h turns agree per day."""

from __future__ import annotations

import attrs

from engine.core.actions import Attack, Move
from engine.game.game import Game
from engine.geo.hexgrid import Hex
from engine.rules import clock, movement, rail, readiness, supply
from tests.enginefixture import hexagon_game, hexagon_map, to_phase


def with_hours(g: Game, hours: int, **rules) -> Game:
    """The same fixture game with ``hours``-long turns (and rules fields replaced)."""
    sc = g.scenario
    r = attrs.evolve(sc.rules, **rules) if rules else sc.rules
    return Game(attrs.evolve(sc, turn_hours=hours, rules=r), g.map)


def _march_one_day(hours: int) -> int:
    """Hexes a tank brigade (8 MP a day, open ground 2 MP a hex) covers eastward in 24 hours."""
    g = with_hours(hexagon_game([("t", "tank", "red", -8, 0), ("b", "inf", "blue", 0, 9)], hexagon_map(radius=10),
                                turns=4), hours)
    s = g.new_initial_state(1)
    for _ in range(24 // hours):
        to_phase(s, "movement")
        u = s.units["t"]
        best = max(movement.destinations(s, u), key=lambda p: (g.hexes[p].q, -abs(g.hexes[p].r), -p))
        s.apply_action(Move("t", g.hexes[u.pos], g.hexes[best]))
        s.apply_action("end")
    return g.hexes[s.units["t"].pos].q + 8


def test_12h_and_24h_turns_cover_the_same_distance_per_day():
    assert _march_one_day(24) == 4  # 8 MP / 2 MP per open hex
    assert _march_one_day(12) == 4  # two turns of 4 MP


def test_share_splits_a_daily_rate_without_drift():
    g = with_hours(hexagon_game([("t", "tank", "red", 0, 0)]), 12)
    assert [clock.share(g, 7, t) for t in range(1, 5)] == [3, 4, 3, 4]  # 7 a day, exactly
    assert clock.turns_for(g, 2) == 4 and clock.turns_for(g, 0) == 0
    g6 = with_hours(g, 6)
    assert sum(clock.share(g6, 5, t) for t in range(1, 9)) == 10  # two days of 5
    gw = with_hours(g, 168)
    assert clock.share(gw, 2, 1) == 14 and clock.turns_for(gw, 2) == 1  # a week of a 2-a-day rate


def test_rates_follow_the_turn_length():
    base = hexagon_game([("t", "tank", "red", 0, 0), ("b", "inf", "blue", 0, 5)])
    g = with_hours(base, 12)
    s = g.new_initial_state(1)
    assert movement.movement_points(s, s.units["t"]) == 4  # 8 MP a day
    assert rail.capacity(s, "red") == 1 and rail.max_hexes(g) == 6  # 2 moves and 12 hexes a day
    assert supply.per_turn_need(s, s.units["t"]) == {"fuel": 0}  # 1 point a day: paid on even turns
    s.units["t"].readiness = "garrison"
    assert readiness.step_turns(s, s.units["t"]) == 2  # a 1-day step takes two 12 h turns
    s24 = base.new_initial_state(1)
    assert movement.movement_points(s24, s24.units["t"]) == 8 and rail.capacity(s24, "red") == 2


def _mean_defender_loss(hours: int, seeds: range) -> float:
    """Mean steps a mechanised brigade loses to two tank brigades (3:1 column) in one turn's combat."""
    base = hexagon_game([("a1", "tank", "red", -1, 0), ("a2", "tank", "red", 0, -1), ("d", "inf", "blue", 0, 0, 2)],
                        turns=2)
    g = with_hours(base, hours)
    total = 0
    for seed in seeds:
        s = g.new_initial_state(seed)
        to_phase(s, "combat")
        s.apply_action(Attack(Hex(0, 0), ("a1", "a2")))
        total += s.steps_lost.get("blue", 0)
    return total / len(seeds)


def test_losses_per_day_agree_within_20_percent():
    seeds = range(400)
    per_day_24 = _mean_defender_loss(24, seeds)
    per_day_12 = 2 * _mean_defender_loss(12, seeds)  # two 12 h turns of fighting a day
    assert per_day_24 > 0.5
    assert abs(per_day_12 - per_day_24) / per_day_24 < 0.20


def test_clock_label_shows_date_and_hour():
    g = with_hours(hexagon_game([("t", "tank", "red", 0, 0)]), 12)
    assert clock.label(g, 1) == "T1 2020-01-01 00:00"
    assert clock.label(g, 4) == "T4 2020-01-02 12:00"
    assert clock.hours_elapsed(g, 4) == 36


def test_the_default_scenario_plays_in_12h_turns():
    from engine.analysis.playout import play_game
    from engine.ai import make_policy
    from engine.testing import game_of
    g24 = game_of("scenarios/baseline-2020.yaml")
    sc = g24.scenario
    g12 = Game(attrs.evolve(sc, turn_hours=12, turns=sc.turns * 2), g24.map)
    r, s = play_game(g12, 5, {side: make_policy("greedy") for side in g12.side_ids})
    assert r["turns"] == 2 * sc.turns and r["hours"] == 24 * sc.turns
    assert r["clock"].endswith("12:00")  # the last turn starts at noon

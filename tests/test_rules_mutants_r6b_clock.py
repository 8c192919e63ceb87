"""Known-answer test for per-day rates cut to the turn (``clock.share``) with turns of two days, round 6 of
`make mutate`, the run's last part (tests/MUTATION_r6_survivors.md).
"""

from engine.rules import clock
from tests.enginefixture import hexagon_game


def test_a_daily_rate_over_48_hour_turns_is_twice_the_rate_each_turn():
    # 48-hour turns: 2 days a turn. 1 a day -> 2 each turn; 3 a day -> 6; 0.5 a day -> 1. Over 24-hour turns the
    # rate itself.
    g = hexagon_game([("r", "mech", "red", 0, 0), ("b", "mech", "blue", 3, 0)], turn_hours=48)
    assert clock.turn_days(g) == 2.0
    assert [clock.share(g, 1, t) for t in (1, 2, 3)] == [2, 2, 2]
    assert [clock.share(g, 3, t) for t in (1, 2)] == [6, 6]
    assert [clock.share(g, 0.5, t) for t in (1, 2)] == [1, 1]
    g1 = hexagon_game([("r", "mech", "red", 0, 0), ("b", "mech", "blue", 3, 0)])
    assert [clock.share(g1, 3, t) for t in (1, 2)] == [3, 3]

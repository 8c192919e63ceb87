"""Known-answer tests for the small rule modules (clock, occupancy, losses), for `make mutate`.

Each test pins numbers derived by hand in its comment; tests/MUTATION.md lists the mutants they
kill. Fixture: tests/enginefixture.py (hexagon, standard rules: stacking 2, rates per 24 h).
"""

import datetime as dt

import attrs

from engine.geo.hexgrid import Hex
from engine.rules import clock, occupancy
from tests.enginefixture import hexagon_game

UNITS = [("r", "inf", "red", -3, 0), ("b", "inf", "blue", 3, 0)]


def _game(turn_hours=24, **kw):
    return hexagon_game(UNITS, turn_hours=turn_hours, **kw)


# --- clock ----------------------------------------------------------------------------------

def test_turn_days_is_the_turn_over_the_rate_period():
    # rates per 24 h: 12 h turns are half a period, 48 h turns two.
    assert clock.turn_days(_game(12)) == 0.5
    assert clock.turn_days(_game(48)) == 2.0
    assert clock.scaled(_game(12), 3.0) == 1.5 and clock.scaled(_game(48), 3.0) == 6.0


def test_share_splits_a_daily_rate_without_drift():
    g24, g12 = _game(24), _game(12)
    # 24 h turns: an integer rate is itself; 2.5 a day gives floor(2.5) - 0 = 2, then 5 - 2 = 3.
    assert [clock.share(g24, 4, t) for t in (1, 2)] == [4, 4]
    assert [clock.share(g24, 2.5, t) for t in (1, 2, 3)] == [2, 3, 2]
    # 12 h turns, 3 a day: bounds 1.5, 3, 4.5, 6 -> floor 1, 3, 4, 6 -> shares 1, 2, 1, 2 (a day = 3).
    assert [clock.share(g12, 3, t) for t in (1, 2, 3, 4)] == [1, 2, 1, 2]
    # 0.1 a day: 0.1 * 30 is 2.9999999999999996 in floats; turn 30 must still get the 3rd unit
    # (floor(3 + eps) - floor(2.9 + eps) = 1), the 29th none.
    assert clock.share(g24, 0.1, 30) == 1 and clock.share(g24, 0.1, 29) == 0


def test_turns_for_rounds_up_and_keeps_zero():
    g24, g12, g48 = _game(24), _game(12), _game(48)
    assert clock.turns_for(g24, 0) == 0 and clock.turns_for(g24, -1) == 0
    assert clock.turns_for(g24, 2) == 2 and clock.turns_for(g24, 1.5) == 2
    # 12 h turns: 2 days = 4 turns exactly (4 - 1e-9 rounds up to 4, not 5); 0.5 day = 1 turn.
    assert clock.turns_for(g12, 2) == 4 and clock.turns_for(g12, 0.5) == 1 and clock.turns_for(g12, 0.6) == 2
    # 48 h turns: 3 days = ceil(1.5) = 2 turns; a tiny positive duration still takes 1 turn.
    assert clock.turns_for(g48, 3) == 2 and clock.turns_for(g48, 1e-12) == 1


def test_stochastic_round_uses_a_die_only_for_a_fraction():
    s = _game().new_initial_state(7)
    before = s.rng.clone()
    assert clock.stochastic_round(s, 3.0) == 3 and clock.stochastic_round(s, 3 + 1e-12) == 3
    assert s.rng.next_u64() == before.next_u64()  # no die was used
    s = _game().new_initial_state(7)
    for x in (2.25, 2.5, 2.75, 0.5):
        u = s.rng.clone().random()  # the die the call will use
        assert clock.stochastic_round(s, x) == int(x) + (1 if u < x - int(x) else 0)
    # Over many draws 2.25 rounds up about a quarter of the time (1000 draws: 250 +- 60).
    ups = sum(clock.stochastic_round(s, 2.25) - 2 for _ in range(1000))
    assert 190 <= ups <= 310


def test_clock_label_and_hours():
    # Start 2020-08-10, 12 h turns: turn 1 at 00:00, turn 4 at 2020-08-11 12:00, 36 h in.
    g = _game(12, start_date="2020-08-10")
    assert clock.clock_of(g, 1) == dt.datetime(2020, 8, 10, 0, 0)
    assert clock.label(g, 4) == "T4 2020-08-11 12:00"
    assert clock.hours_elapsed(g, 4) == 36 and clock.hours_elapsed(g, 1) == 0
    # A start date that does not parse falls back to 2000-01-01.
    bad = attrs.evolve(g.scenario, start_date="the tenth of August")
    assert clock.scenario_clock(bad, 2) == dt.datetime(2000, 1, 1, 12, 0)


# --- occupancy ------------------------------------------------------------------------------

def test_enemy_hexes_and_zones_of_control():
    # Blue infantry at (3,0) and a blue unit type without ZOC would add only its hex; standard
    # infantry has ZOC: its hex and its 6 neighbours. Red at (-3,0) is not an enemy of red.
    s = _game().new_initial_state(1)
    g = s.game
    occ, zoc = occupancy.enemy_sets(s, "red")
    assert occ == {g.index[Hex(3, 0)]}
    want = {g.index[Hex(3, 0)]} | {g.index[Hex(3 + dq, dr)] for dq, dr in
                                  ((1, 0), (1, -1), (0, -1), (-1, 0), (-1, 1), (0, 1))}
    assert zoc == want
    # After blue moves (its epoch changes), red's sets follow it (the cache is not stale).
    s.relocate(s.units["b"], g.index[Hex(2, 0)])
    s.bump("blue")
    occ2, _ = occupancy.enemy_sets(s, "red")
    assert occ2 == {g.index[Hex(2, 0)]}


def test_full_hexes_count_only_the_own_side_at_the_limit():
    # Stacking 2: two red at (0,0) fill it for red; one red + one blue at (1,0) fill it for nobody.
    units = [("r1", "inf", "red", 0, 0), ("r2", "inf", "red", 0, 0), ("r3", "inf", "red", 1, 0),
             ("b1", "inf", "blue", 1, 0), ("b2", "inf", "blue", 3, 0)]
    s = hexagon_game(units).new_initial_state(1)
    g = s.game
    assert occupancy.full_hexes(s, "red") == {g.index[Hex(0, 0)]}
    assert occupancy.full_hexes(s, "blue") == set()


# --- search (Dial's buckets and the heap above BUCKET_BUDGET_MAX) -----------------------------

# Six hexes: edges[i] = (neighbour, cost). 0 lists 3 before 1 and 2, so the cost-2 bucket is filled
# as [3, 2] and must be taken in index order [2, 3].
EDGES = [
    [(3, 2), (1, 1), (2, 2)],
    [(0, 1), (2, 1), (3, 2)],
    [(0, 2), (1, 1), (4, 1)],
    [(0, 2), (1, 2), (5, 3)],
    [(2, 1), (5, 1)],
    [(3, 3), (4, 1)],
]
HEAP = 5000  # a budget above search.BUCKET_BUDGET_MAX (4096): the heap version


def _settle(start, budget, blocked=frozenset(), **kw):
    from engine.rules import search
    best: dict = {}
    order: list = []
    assert search.settle(EDGES, start, budget, blocked, best, visit=lambda c, i: order.append((c, i)), **kw) == -1
    return order, best


def test_visit_stops_the_search_at_its_hex():
    # From 0 the settle order is 0, 1, 2, 3, 4, 5 (below); stopping at 3 returns 3, settles nothing
    # after it, and leaves 3's (cost, previous hex) for path_back - in both versions.
    from engine.rules import search
    for budget in (10, HEAP):
        best: dict = {}
        seen: list = []
        end = search.settle(EDGES, 0, budget, frozenset(), best, visit=lambda c, i: seen.append(i) or i == 3)
        assert end == 3 and seen == [0, 1, 2, 3], budget
        assert best[3] == (2, 0) and search.path_back(best, 3) == (3, 0), budget
        # the heap version also holds the hexes reached, not yet settled: 4 (cost 3, via 2)
        assert sorted(best) == ([0, 1, 2, 3, 4] if budget == HEAP else [0, 1, 2, 3]), budget


def test_settle_order_costs_and_previous_hexes_in_both_versions():
    # From 0: 1 at 1; 2 and 3 at 2 (directly; via 1 ties 2 for hex 2 and is 3 for hex 3, no better);
    # 4 at 3 via 2; 5 first at 5 via 3, then 4 via 4 (the stale cost-5 entry is skipped).
    want_best = {0: (0, -1), 1: (1, 0), 2: (2, 0), 3: (2, 0), 4: (3, 2), 5: (4, 4)}
    want_order = [(0, 0), (1, 1), (2, 2), (2, 3), (3, 4), (4, 5)]
    for budget in (10, HEAP):
        order, best = _settle(0, budget)
        assert (order, best) == (want_order, want_best), budget
    from engine.rules import search
    assert search.path_back(want_best, 5) == (5, 4, 2, 0) and search.path_back(want_best, 0) == (0,)
    assert search.shortest(EDGES, 0, 10, frozenset()) == want_best


def test_budget_and_blocked_hexes():
    from engine.rules import search
    # Budget 3: 5 (cost 4) is out, 4 (cost 3) is in, exactly at the budget.
    assert sorted(search.shortest(EDGES, 0, 3, frozenset())) == [0, 1, 2, 3, 4]
    # 2 blocked: 4 is reached only through 5 (0-3-5 = 5, then 6).
    want = {0: (0, -1), 1: (1, 0), 3: (2, 0), 5: (5, 3), 4: (6, 5)}
    for budget in (10, HEAP):
        assert _settle(0, budget, frozenset({2}))[1] == want, budget


def test_zoc_stop_exit_cost_and_a_start_inside_a_zoc():
    # ZOC on 2 with zoc_stop: 2 is entered (cost 2) but is a dead end, so 4 comes through 5 (6).
    stop = {0: (0, -1), 1: (1, 0), 2: (2, 0), 3: (2, 0), 5: (5, 3), 4: (6, 5)}
    # ZOC on 2 without the stop, leaving costs 1: 4 = 2 + 1 + 1 = 4; 5 = 5 via 3 (set first; via 4 ties).
    exit1 = {0: (0, -1), 1: (1, 0), 2: (2, 0), 3: (2, 0), 4: (4, 2), 5: (5, 3)}
    # Starting in the ZOC hex 2 with the stop: the start may leave, paying the exit cost 1:
    # 1 and 4 at 2, 0 at 3, 5 at 3 via 4, 3 at 4 via 1.
    start2 = {2: (0, -1), 1: (2, 2), 4: (2, 2), 0: (3, 2), 5: (3, 4), 3: (4, 1)}
    for budget in (10, HEAP):
        assert _settle(0, budget, zoc=frozenset({2}), zoc_stop=True)[1] == stop, budget
        assert _settle(0, budget, zoc=frozenset({2}), exit_cost=1)[1] == exit1, budget
        assert _settle(2, budget, zoc=frozenset({2}), zoc_stop=True, exit_cost=1)[1] == start2, budget


def test_heap_version_at_its_budget_and_after_a_stale_entry():
    # Budgets above 4096 use the heap. 0-1 costs 5000, exactly the budget: 1 is reached.
    from engine.rules import search
    assert search.shortest([[(1, 5000)], [(0, 5000)]], 0, 5000, frozenset()) == {0: (0, -1), 1: (5000, 0)}
    assert search.shortest([[(1, 5000)], [(0, 5000)]], 0, 4999, frozenset()) == {0: (0, -1)}
    # 2 is first pushed at 5 (from 0), then at 2 (via 1); its stale cost-5 entry is popped before 4
    # (cost 6) and must be skipped, not end the search.
    edges = [[(1, 1), (2, 5), (4, 6)], [(2, 1)], [(3, 1)], [], []]
    best: dict = {}
    order: list = []
    search.settle(edges, 0, HEAP, frozenset(), best, visit=lambda c, i: order.append((c, i)))
    assert order == [(0, 0), (1, 1), (2, 2), (3, 3), (6, 4)]
    assert best == {0: (0, -1), 1: (1, 0), 2: (2, 1), 3: (3, 2), 4: (6, 0)}

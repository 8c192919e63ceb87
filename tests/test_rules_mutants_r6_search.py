"""Known-answer tests for ``engine/rules/search.py`` (``settle`` and ``shortest``: the order of their results,
the bucket/heap boundary, the defaults), round 6 of `make mutate` (tests/MUTATION_r6_survivors.md).

Fixture: the six-hex graph ``EDGES`` of tests/test_rules_mutants_small.py (edges[i] = (neighbour, cost)):

    0: 3 (2), 1 (1), 2 (2)      1: 0 (1), 2 (1), 3 (2)      2: 0 (2), 1 (1), 4 (1)
    3: 0 (2), 1 (2), 5 (3)      4: 2 (1), 5 (1)             5: 3 (3), 4 (1)
"""

from engine.rules import search
from tests.test_rules_mutants_small import EDGES, HEAP

# From 2: 1 and 4 at 1; 0 (directly, 2) and 5 (via 4) at 2; 3 at 3 via 1. Settled in (cost, hex) order:
FROM_2 = [(2, (0, -1)), (1, (1, 2)), (4, (1, 2)), (0, (2, 2)), (5, (2, 4)), (3, (3, 1))]


def test_best_lists_the_hexes_in_settle_order_or_in_hex_order_when_asked():
    # The supply trace hands the settle order on (the first forward supply point in it is the nearest):
    # without hex_order, best's keys come in (cost, hex) order; with it, and from shortest, in hex order.
    best: dict = {}
    assert search.settle(EDGES, 2, 10, frozenset(), best) == -1
    assert list(best.items()) == FROM_2
    for budget in (10, HEAP):
        best = {}
        search.settle(EDGES, 2, budget, frozenset(), best, hex_order=True)
        assert list(best.items()) == sorted(FROM_2), budget
        assert list(search.shortest(EDGES, 2, budget, frozenset()).items()) == sorted(FROM_2), budget


def test_a_budget_of_4096_still_uses_the_buckets():
    # Stopped at 3 (cost 2, from 0), the bucket version holds the settled hexes 0, 1, 2, 3 only; the heap
    # version (budgets above BUCKET_BUDGET_MAX = 4096) also holds 4, reached at 3 and not yet settled.
    for budget, want in ((search.BUCKET_BUDGET_MAX, [0, 1, 2, 3]), (search.BUCKET_BUDGET_MAX + 1, [0, 1, 2, 3, 4])):
        best: dict = {}
        assert search.settle(EDGES, 0, budget, frozenset(), best, visit=lambda c, i: i == 3) == 3
        assert sorted(best) == want, budget


def test_a_zoc_without_the_stop_or_an_exit_cost_is_passed_through_for_free():
    # ZOC on 2, zoc_stop and exit_cost left at their defaults (False, 0): nothing changes, the plain search.
    want = {0: (0, -1), 1: (1, 0), 2: (2, 0), 3: (2, 0), 4: (3, 2), 5: (4, 4)}
    for budget in (10, HEAP):
        best: dict = {}
        search.settle(EDGES, 0, budget, frozenset(), best, zoc=frozenset({2}))
        assert best == want, budget
        assert search.shortest(EDGES, 0, budget, frozenset(), zoc=frozenset({2})) == want, budget


def test_a_stop_at_hex_0_that_is_not_the_start_ends_the_search():
    # From 1: 0 and 2 at 1 (bucket [0, 2]); visit says stop at 0 and at 3 (cost 2). The search ends at 0:
    # 0 is returned, and 3 is never settled.
    for budget in (10, HEAP):
        best: dict = {}
        seen: list = []
        end = search.settle(EDGES, 1, budget, frozenset(), best, visit=lambda c, i: seen.append(i) or i in (0, 3))
        assert (end, seen) == (0, [1, 0]), budget
        assert best[0] == (1, 1), budget
    best = {}
    search.settle(EDGES, 1, 10, frozenset(), best, visit=lambda c, i: i in (0, 3))
    assert best == {1: (0, -1), 0: (1, 1)}  # the bucket version keeps only what it settled


def test_a_stale_entry_does_not_end_its_bucket():
    # 0 -> 1 (1), 0 -> 2 (3), 0 -> 3 (3), 1 -> 2 (1): 2 is first put in bucket 3, then settled at 2 via 1;
    # bucket 3 then holds [2 (stale), 3]: 2 is skipped and 3 still settled at 3.
    edges = [[(1, 1), (2, 3), (3, 3)], [(2, 1)], [], []]
    best: dict = {}
    search.settle(edges, 0, 10, frozenset(), best)
    assert best == {0: (0, -1), 1: (1, 0), 2: (2, 1), 3: (3, 0)}

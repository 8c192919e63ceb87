"""Known-answer test for ``search.settle``'s blocked hexes, round 6 of `make mutate`, the run's last part
(tests/MUTATION_r6_survivors.md).
"""

from engine.rules import search
from tests.test_rules_mutants_small import HEAP


def test_a_blocked_hex_is_never_entered_even_over_a_free_step():
    # 0 -> 1 costs 0, 0 -> 2 costs 1, 1 -> 2 costs 0; 1 is blocked. The free step into 1 must not be taken:
    # 2 is reached directly at 1 (not at 0 through 1), and 1 is not in the result.
    edges = [[(1, 0), (2, 1)], [(2, 0)], []]
    for budget in (10, HEAP):
        best: dict = {}
        assert search.settle(edges, 0, budget, frozenset({1}), best) == -1
        assert best == {0: (0, -1), 2: (1, 0)}, budget

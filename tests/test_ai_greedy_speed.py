"""Greedy's speed-ups pick what the plain versions pick (engine/ai/greedy.py)."""

from __future__ import annotations

import random

from engine.ai.greedy import _nearest


def test_nearest_is_the_smallest_keys_distance_move_before_rail_hex():
    # Reference: sort every order by (distance, 0 for a move / 1 for a rail, hex, index) and take the
    # first m indices (moves are indices 0..nm-1, rails nm...). Hand case: field 2,0,0,1 at hexes 0..3;
    # moves to hexes 1, 3 (indices 0, 1), rails to hexes 1, 2 (indices 2, 3): keys (0,0,1,0), (1,0,3,1),
    # (0,1,1,2), (0,1,2,3) -> order 0, 2, 3, 1.
    assert _nearest([2, 0, 0, 1], [1, 3], [1, 2], 3) == [0, 2, 3]
    assert _nearest([2, 0, 0, 1], [1, 3], [1, 2], 9) == [0, 2, 3, 1]
    assert _nearest([2, 0, 0, 1], [1, 3], [1, 2], 0) == []
    rnd = random.Random(5)
    for _ in range(500):
        field = [rnd.randrange(6) for _ in range(120)]
        moves = sorted(rnd.sample(range(120), rnd.randrange(0, 50)))
        rails = sorted(rnd.sample(range(120), rnd.randrange(0, 15)))
        m = rnd.randrange(0, 8)
        nm = len(moves)
        keyed = sorted([(field[d], 0, d, i) for i, d in enumerate(moves)]
                       + [(field[d], 1, d, nm + i) for i, d in enumerate(rails)])
        assert _nearest(field, moves, rails, m) == [k[3] for k in keyed[:m]]
    # lists not in hex order: the general way, same key
    assert _nearest([2, 0, 0, 1], [3, 1], [2, 1], 4) == [1, 3, 2, 0]

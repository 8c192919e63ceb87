"""The one shortest-path search of the rules: Dijkstra on whole-number costs.

Movement (how far a unit goes) and supply (whether a trace reaches a source)
both search the Game's (neighbour, cost) edges. Costs are whole numbers >= 1,
so a bucket per cost (Dial's algorithm) replaces the heap. Each bucket is
taken in hex-index order, exactly the (cost, index) order of a heap, so the
result never depends on dict or set order and equals the heap version's.

:func:`settle` calls ``visit(cost, hex)`` as each hex is settled, before its
edges are relaxed, so a caller can stop at the first source (supply: visit
returns True) or run to the end (movement: no visit, no call per hex).
"""

from __future__ import annotations

import heapq
from typing import Callable, Optional

#: Above this budget the search uses a heap instead of one bucket per cost.
BUCKET_BUDGET_MAX = 4096

_EMPTY: frozenset[int] = frozenset()

#: ``visit(cost, hex)``: True stops the search at that hex.
Visit = Optional[Callable[[int, int], bool]]


def settle(edges, start: int, budget: int, blocked, best: dict[int, tuple[int, int]],
           zoc=_EMPTY, zoc_stop: bool = False, exit_cost: int = 0, visit: Visit = None,
           hex_order: bool = False) -> int:
    """Settle hexes in (cost, index) order into ``best`` (hex -> (cost, previous hex)); the hex at
    which ``visit`` said stop, or -1 when the search ran out.

    ``blocked`` hexes are never entered. A hex in ``zoc`` other than the start is a dead end
    when ``zoc_stop``; leaving one costs ``exit_cost`` more. ``best`` gets the hexes in the
    order they were settled, or in hex order with ``hex_order``. Above ``BUCKET_BUDGET_MAX`` (the
    heap version) it gets them in the order they were first reached, and when ``visit`` stops the
    search it also holds hexes reached but not yet settled (their cost is an upper bound).
    """
    if budget > BUCKET_BUDGET_MAX:
        end = _settle_heap(edges, start, budget, blocked, best, zoc, zoc_stop, exit_cost, visit)
        if hex_order:
            best_items = [(i, best[i]) for i in sorted(best)]
            best.clear()
            best.update(best_items)
        return end
    # Costs and predecessors in flat lists (a hex is an index): one comparison per relaxation.
    # "Unreached" is budget + 1, so ``nc < cost[j]`` also says "within budget"; a blocked hex
    # costs -1 and is never entered. The settled hexes are listed, and ``best`` filled from the
    # lists once at the end (a settled hex's cost and predecessor are final).
    lim = budget + 1
    cost = [lim] * len(edges)
    for j in blocked:
        cost[j] = -1
    prev = [-1] * len(edges)
    cost[start] = 0
    buckets: list[list[int]] = [[] for _ in range(lim)]
    buckets[0].append(start)
    done: list[int] = []
    add = done.append
    end = -1
    for c in range(lim):
        bucket = buckets[c]
        if not bucket:
            continue
        if len(bucket) > 1:
            bucket.sort()
        last = -1
        for i in bucket:
            if i == last or cost[i] != c:  # a duplicate, or reached more cheaply since
                continue
            last = i
            add(i)
            if visit is not None and visit(c, i):
                end = i
                break
            base = c
            if i in zoc:
                if zoc_stop and i != start:
                    continue
                base += exit_cost
            for j, w in edges[i]:
                nc = base + w
                if nc < cost[j]:
                    cost[j] = nc
                    prev[j] = i
                    buckets[nc].append(j)
        if end >= 0:
            break
    if hex_order:
        done.sort()
    best.update({i: (cost[i], prev[i]) for i in done})
    return end


def _settle_heap(edges, start, budget, blocked, best, zoc, zoc_stop, exit_cost, visit) -> int:
    """The same search with a heap (for whole-map budgets); ``best`` also holds hexes reached, not yet settled."""
    best[start] = (0, -1)
    heap = [(0, start)]
    pop, push, get = heapq.heappop, heapq.heappush, best.get
    while heap:
        c, i = pop(heap)
        if c > best[i][0]:
            continue
        if visit is not None and visit(c, i):
            return i
        if i in zoc:
            if zoc_stop and i != start:
                continue
            c += exit_cost
        for j, w in edges[i]:
            nc = c + w
            if nc > budget or j in blocked:
                continue
            old = get(j)
            if old is None or nc < old[0]:
                best[j] = (nc, i)
                push(heap, (nc, j))
    return -1


def shortest(edges, start: int, budget: int, blocked, zoc=_EMPTY, zoc_stop: bool = False,
             exit_cost: int = 0) -> dict[int, tuple[int, int]]:
    """hex -> (cost, previous hex) for every hex within ``budget``, in hex order."""
    best: dict[int, tuple[int, int]] = {}
    settle(edges, start, budget, blocked, best, zoc, zoc_stop, exit_cost, hex_order=True)
    return best


def path_back(best: dict[int, tuple[int, int]], end: int) -> tuple[int, ...]:
    """The hexes from ``end`` back to the search's start."""
    out = []
    k = end
    while k != -1:
        out.append(k)
        k = best[k][1]
    return tuple(out)

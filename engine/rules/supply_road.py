"""Supply by road behind the front: forward supply points and the throughput of their roads.

The mechanism of ``road_supply_reach`` / ``road_supply_throughput`` (rules/supply.py's module
doc): pure functions of the hexes, so the logistics phase can call them without a search of
its own. A unit's trace (rules/supply.py) already settles every hex it could reach; the
forward supply point it draws on is the first of those, in the trace's (cost, hex) order,
that is a road head.
"""

from __future__ import annotations

from typing import Iterable, Sequence


def road_adjacency(edges: Sequence[Sequence[tuple[int, int]]], road: int) -> tuple[tuple[int, ...], ...]:
    """Per hex, its neighbours across a road hexside, in the edge order of ``edges``."""
    return tuple(tuple(j for j, kind in row if kind == road) for row in edges)


def road_heads(srcs: Iterable[int], blocked, adj: Sequence[Sequence[int]], reach: int) -> dict[int, tuple[int, int]]:
    """Forward supply points: road hex -> the road hexside (a, b) by which its road leaves the sources.

    Breadth-first along road hexsides from every source hex (sorted), at most ``reach`` hexes,
    never into a ``blocked`` hex; ties go to the lower source hex.
    """
    if reach <= 0:
        return {}
    out: dict[int, tuple[int, int]] = {}
    seen = set(srcs)
    frontier: list[tuple[int, tuple[int, int]]] = []
    for p in sorted(seen):
        if not adj[p] or p in blocked:  # most sources (railheads) have no road out: skip them first
            continue
        for j in adj[p]:
            if j not in seen and j not in blocked:
                seen.add(j)
                frontier.append((j, (p, j)))
    for _ in range(reach):
        nxt: list[tuple[int, tuple[int, int]]] = []
        for i, road in frontier:
            out[i] = road
            for j in adj[i]:
                if j not in seen and j not in blocked:
                    seen.add(j)
                    nxt.append((j, road))
        frontier = nxt
    return out


def first_head(order: Iterable[int], heads: dict[int, tuple[int, int]]) -> int:
    """The first hex of a trace's settle order that is a forward supply point, or -1."""
    return next((p for p in order if p in heads), -1)


def draw(left: dict[tuple[int, int], int], road: tuple[int, int], cap: int, need: int) -> bool:
    """Spend ``need`` of ``road``'s throughput ``cap`` (0: no limit) if it has that much left."""
    if cap <= 0:
        return True
    have = left.get(road, cap)
    if need > have:
        return False
    left[road] = have - need
    return True

"""Named rivers from unnamed GSHHG lines, and the hexsides they cross.

GSHHG ships ranked but unnamed river lines. A curated river is a list of
anchor points; each anchor snaps to the nearest river node and the course
between consecutive anchors is the shortest path along the river network, so
the line is GSHHG's and only the name is ours. Tributaries are never taken:
the shortest way along the water between two points of one river is that river.
"""

from __future__ import annotations

import heapq
import math
from typing import Callable, Sequence

from engine.geo.hexgrid import Hex, hexside, neighbors

LatLon = tuple[float, float]
Plane = tuple[float, float]

#: An anchor further than this from any river line is reported and skipped.
SNAP_KM = 12.0
#: Loose ends of GSHHG segments closer than this are joined (bin edges, small gaps).
JOIN_KM = 3.0


class RiverNetwork:
    """River nodes in the map plane with their GSHHG level and adjacency."""

    def __init__(self, segments: Sequence[tuple[int, list[LatLon]]], forward: Callable[[float, float], Plane],
                 max_level: int = 3):
        self.xy: list[Plane] = []
        self.level: list[int] = []
        self.adj: list[list[tuple[int, float]]] = []
        index: dict[tuple[float, float], int] = {}
        ends: list[int] = []
        for lvl, pts in segments:
            if lvl > max_level or len(pts) < 2:
                continue
            prev = -1
            for k, (lat, lon) in enumerate(pts):
                key = (lat, lon)
                i = index.get(key)
                if i is None:
                    i = len(self.xy)
                    index[key] = i
                    self.xy.append(forward(lat, lon))
                    self.level.append(lvl)
                    self.adj.append([])
                else:
                    self.level[i] = min(self.level[i], lvl)
                if prev >= 0 and prev != i:
                    self._link(prev, i, 1.0)
                if k in (0, len(pts) - 1):
                    ends.append(i)
                prev = i
        self._join_ends(sorted(set(ends)))

    def _dist(self, i: int, j: int) -> float:
        (ax, ay), (bx, by) = self.xy[i], self.xy[j]
        return math.hypot(ax - bx, ay - by)

    def _link(self, i: int, j: int, factor: float) -> None:
        d = self._dist(i, j) * factor
        self.adj[i].append((j, d))
        self.adj[j].append((i, d))

    def _join_ends(self, ends: list[int]) -> None:
        cell: dict[tuple[int, int], list[int]] = {}
        for i in ends:
            x, y = self.xy[i]
            cell.setdefault((int(x // JOIN_KM), int(y // JOIN_KM)), []).append(i)
        for i in ends:
            x, y = self.xy[i]
            cx, cy = int(x // JOIN_KM), int(y // JOIN_KM)
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    for j in cell.get((cx + dx, cy + dy), ()):
                        if j > i and self._dist(i, j) <= JOIN_KM:
                            self._link(i, j, 2.0)

    def nearest(self, p: Plane, max_level: int) -> tuple[int, float]:
        import numpy as np

        xy = np.asarray(self.xy, dtype=float)
        d = (xy[:, 0] - p[0]) ** 2 + (xy[:, 1] - p[1]) ** 2
        d[np.asarray(self.level) > max_level] = np.inf
        i = int(np.argmin(d))  # first minimum: deterministic
        return i, math.sqrt(float(d[i]))

    def path(self, a: int, b: int, max_level: int) -> list[int] | None:
        """Shortest path along the network (Dijkstra with early exit)."""
        dist = {a: 0.0}
        prev: dict[int, int] = {}
        heap = [(0.0, a)]
        (bx, by) = self.xy[b]
        while heap:
            d, i = heapq.heappop(heap)
            if i == b:
                out = [b]
                while out[-1] != a:
                    out.append(prev[out[-1]])
                return out[::-1]
            if d > dist.get(i, math.inf):
                continue
            for j, w in self.adj[i]:
                if self.level[j] > max_level:
                    continue
                nd = d + w
                if nd < dist.get(j, math.inf):
                    dist[j] = nd
                    prev[j] = i
                    heapq.heappush(heap, (nd, j))
        return None


def trace(net: RiverNetwork, anchors: Sequence[Plane], max_level: int, name: str,
          log: Callable[[str], None]) -> list[Plane]:
    """The course of one river through its anchors, as a plane polyline."""
    snapped: list[int | Plane] = []
    for k, p in enumerate(anchors):
        i, d = net.nearest(p, max_level)
        if i < 0 or d > SNAP_KM:
            # e.g. a reservoir, where GSHHG has lake shores and no river line
            log(f"river {name}: anchor {k + 1} is {d:.1f} km from any river line; joined straight")
            snapped.append(p)
        else:
            snapped.append(i)
    line: list[Plane] = []
    for a, b in zip(snapped, snapped[1:]):
        if isinstance(a, int) and isinstance(b, int):
            path = net.path(a, b, max_level)
            if path is None:
                log(f"river {name}: no river line joins anchors near {_ll(net.xy[a])} and {_ll(net.xy[b])};"
                    " drawn straight there")
                path = [a, b]
            pts = [net.xy[i] for i in path]
        else:
            pts = [net.xy[a] if isinstance(a, int) else a, net.xy[b] if isinstance(b, int) else b]
        line.extend(pts if not line else pts[1:])
    return line


def _ll(p: Plane) -> str:
    return f"{p[0]:.0f},{p[1]:.0f} km"


def _cross(p1: Plane, p2: Plane, q1: Plane, q2: Plane) -> bool:
    """Proper intersection of segments p1p2 and q1q2."""
    def orient(a: Plane, b: Plane, c: Plane) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    d1, d2 = orient(q1, q2, p1), orient(q1, q2, p2)
    d3, d4 = orient(p1, p2, q1), orient(p1, p2, q2)
    return (d1 > 0) != (d2 > 0) and (d3 > 0) != (d4 > 0) and d1 != 0 and d2 != 0 and d3 != 0 and d4 != 0


def crossed_sides(line: Sequence[Plane], centre: Callable[[Hex], Plane], to_hex: Callable[[float, float], Hex],
                  on_map: Callable[[Hex], bool]) -> list[tuple[Hex, Hex]]:
    """Hexsides whose centre-to-centre segment the line crosses.

    Any crossing counts (not only an odd number): a traced course may run out
    and back along one GSHHG line between two anchors, and a meander that
    crosses twice is still water in the way.
    """
    count: dict[tuple[Hex, Hex], int] = {}
    for p1, p2 in zip(line, line[1:]):
        cand: set[Hex] = set()
        steps = max(1, int(math.hypot(p2[0] - p1[0], p2[1] - p1[1]) // 2.0))
        for s in range(steps + 1):
            t = s / steps
            h = to_hex(p1[0] + (p2[0] - p1[0]) * t, p1[1] + (p2[1] - p1[1]) * t)
            cand.add(h)
            cand.update(neighbors(h))
        for h in sorted(cand):
            for n in neighbors(h):
                if n < h or n not in cand:
                    continue
                if _cross(p1, p2, centre(h), centre(n)):
                    key = hexside(h, n)
                    count[key] = count.get(key, 0) + 1
    return [k for k in sorted(count) if count[k] > 0 and on_map(k[0]) and on_map(k[1])]

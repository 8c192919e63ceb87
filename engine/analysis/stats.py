"""Small statistics for Monte Carlo summaries: Wilson intervals, means with CIs, differences.

Pure Python (no numpy). Proportions use the Wilson score interval; the
difference of two proportions uses Newcombe's hybrid score interval (method
10), which behaves at 0 % and 100 %. Means use the normal approximation
with the sample standard deviation; differences of means use Welch's
standard error. All intervals are 95 % by default (z = 1.96).
"""

from __future__ import annotations

import math
from typing import Sequence

Z95 = 1.959963984540054


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float, float]:
    """(p, low, high) for k successes in n trials; (0, 0, 1) when n == 0."""
    if n <= 0:
        return 0.0, 0.0, 1.0
    p = k / n
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return p, max(0.0, centre - half), min(1.0, centre + half)


def mean_ci(xs: Sequence[float], z: float = Z95) -> tuple[float, float, float]:
    """(mean, low, high); a single value has a zero-width interval, none gives NaNs."""
    n = len(xs)
    if n == 0:
        return math.nan, math.nan, math.nan
    m = sum(xs) / n
    if n == 1:
        return m, m, m
    var = sum((x - m) ** 2 for x in xs) / (n - 1)
    half = z * math.sqrt(var / n)
    return m, m - half, m + half


def diff_proportions(k1: int, n1: int, k2: int, n2: int, z: float = Z95) -> tuple[float, float, float]:
    """p2 - p1 with Newcombe's hybrid Wilson interval: (difference, low, high)."""
    p1, l1, u1 = wilson(k1, n1, z)
    p2, l2, u2 = wilson(k2, n2, z)
    d = p2 - p1
    low = d - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    high = d + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    return d, max(-1.0, low), min(1.0, high)


def diff_means(a: Sequence[float], b: Sequence[float], z: float = Z95) -> tuple[float, float, float]:
    """mean(b) - mean(a) with Welch's standard error: (difference, low, high)."""
    if not a or not b:
        return math.nan, math.nan, math.nan
    ma, mb = sum(a) / len(a), sum(b) / len(b)
    va = sum((x - ma) ** 2 for x in a) / (len(a) - 1) if len(a) > 1 else 0.0
    vb = sum((x - mb) ** 2 for x in b) / (len(b) - 1) if len(b) > 1 else 0.0
    se = math.sqrt(va / len(a) + vb / len(b))
    d = mb - ma
    return d, d - z * se, d + z * se


def fmt_ci(t: tuple[float, float, float], pct: bool = False, digits: int = 1) -> str:
    """'52.0 % [45.1, 58.8]' or '12.3 [11.0, 13.6]'."""
    m, lo, hi = t
    if any(map(math.isnan, t)):
        return "n/a"
    if pct:
        return f"{100 * m:.{digits}f} % [{100 * lo:.{digits}f}, {100 * hi:.{digits}f}]"
    return f"{m:.{digits}f} [{lo:.{digits}f}, {hi:.{digits}f}]"

"""Small statistics for Monte Carlo summaries: t, Welch, Wilson, Newcombe and bootstrap intervals.

Pure Python (no numpy, no scipy). Why each method:

* means use Student's t with n - 1 degrees of freedom (the normal z is 6 %
  too narrow at n = 20 and about 30 % too narrow at n = 5);
* differences of means use Welch's standard error with the
  Welch–Satterthwaite degrees of freedom (unequal variances are the rule
  when one variant removes a force);
* shares use the Wilson score interval, differences of shares Newcombe's
  hybrid score interval (method 10): both stay inside [0, 1] and behave at
  0 % and 100 %;
* skewed counts (most games 0, a few large) use a seeded percentile
  bootstrap of the mean, which never leaves the range of the data.

Every interval is clipped to the quantity's possible range (``lo``/``hi``),
so a count never gets a negative lower end. All intervals are 95 % by
default; the t quantile comes from the regularised incomplete beta function
(continued fraction, Numerical Recipes 6.4), checked against scipy in
tests/test_stats.py.
"""

from __future__ import annotations

import math
import random
from typing import Sequence

Z95 = 1.959963984540054
LEVEL = 0.95
INF = math.inf
#: Resamples of the bootstrap; its RNG has a fixed seed so summaries are reproducible.
BOOT_RESAMPLES = 2000
BOOT_SEED = 20_240_601
#: A count whose sample skewness exceeds this is summarised by the bootstrap, not t.
SKEW_LIMIT = 1.0

Interval = tuple[float, float, float]


# --- the t distribution -------------------------------------------------------------

def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 400):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def betainc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    ln = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(ln) * _betacf(a, b, x) / a
    return 1.0 - math.exp(ln) * _betacf(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with ``df`` degrees of freedom (df may be fractional)."""
    if not math.isfinite(df):
        return 0.5 * math.erfc(-t / math.sqrt(2.0))
    tail = 0.5 * betainc(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


def _z_quantile(p: float) -> float:
    lo, hi = -40.0, 40.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if 0.5 * math.erfc(-mid / math.sqrt(2.0)) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def t_quantile(p: float, df: float) -> float:
    """The ``p`` quantile of Student's t (bisection on :func:`t_cdf`; 1e-12 relative)."""
    if not 0.0 < p < 1.0:
        raise ValueError(f"t_quantile: p must be in (0, 1), got {p}")
    if df <= 0 or math.isnan(df):
        raise ValueError(f"t_quantile: degrees of freedom must be positive, got {df}")
    if not math.isfinite(df) or df > 1e7:
        return _z_quantile(p)
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    lo, hi = 0.0, 1.0
    while t_cdf(hi, df) < p:
        hi *= 2.0
        if hi > 1e12:
            return hi
    for _ in range(200):
        mid = (lo + hi) / 2
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-13 * hi:
            break
    return (lo + hi) / 2


def t_crit(df: float, level: float = LEVEL) -> float:
    """Two-sided critical value: t_{(1+level)/2, df}."""
    return t_quantile((1.0 + level) / 2.0, df)


# --- helpers --------------------------------------------------------------------------

def _clip(t: Interval, lo: float, hi: float) -> Interval:
    m, a, b = t
    return m, min(max(a, lo), hi), max(min(b, hi), lo)


def _scaled(xs: Sequence[float]) -> tuple[list[float], float]:
    """``xs`` divided by their largest magnitude, and that magnitude."""
    s = max(abs(x) for x in xs) or 1.0
    return [x / s for x in xs], s


def _mean_var(xs: Sequence[float]) -> tuple[float, float]:
    n = len(xs)
    try:
        m = math.fsum(xs) / n
        var = math.fsum((x - m) ** 2 for x in xs) / (n - 1) if n > 1 else 0.0
    except OverflowError:  # figures near the float limit (a scenario's track of 1e307): the same on a scale
        ys, s = _scaled(xs)
        m, var = _mean_var(ys)
        return m * s, var * s * s  # the variance may be inf: an unbounded interval, clipped to the range
    return m, var


def skewness(xs: Sequence[float]) -> float:
    """Sample skewness g1 (0 for fewer than 3 values or constant data)."""
    n = len(xs)
    if n < 3:
        return 0.0
    try:
        m = math.fsum(xs) / n
        m2 = math.fsum((x - m) ** 2 for x in xs) / n
        if m2 == 0:
            return 0.0
        m3 = math.fsum((x - m) ** 3 for x in xs) / n
        return m3 / m2 ** 1.5
    except OverflowError:  # skewness does not change with the scale
        return skewness(_scaled(xs)[0])


def is_share(xs: Sequence[float]) -> bool:
    """Every value is 0 or 1: a per-game flag, summarised as a share."""
    return bool(xs) and all(x in (0, 1) for x in xs)


def is_skewed_count(xs: Sequence[float]) -> bool:
    """Whole, non-negative values with a long right tail (enough games for a bootstrap)."""
    return (len(xs) >= 10 and all(x >= 0 and float(x).is_integer() for x in xs)
            and skewness(xs) > SKEW_LIMIT)


# --- intervals of one sample -----------------------------------------------------------

def wilson(k: int, n: int, z: float = Z95) -> Interval:
    """(p, low, high) for k successes in n trials; (0, 0, 1) when n == 0."""
    if n <= 0:
        return 0.0, 0.0, 1.0
    p = k / n
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return p, max(0.0, centre - half), min(1.0, centre + half)


def mean_ci(xs: Sequence[float], level: float = LEVEL, lo: float = -INF, hi: float = INF) -> Interval:
    """(mean, low, high) with Student's t on n - 1 df, clipped to [lo, hi].

    A single value has a zero-width interval (nothing to estimate spread
    from); no values gives NaNs.
    """
    n = len(xs)
    if n == 0:
        return math.nan, math.nan, math.nan
    m, var = _mean_var(xs)
    if n == 1 or var == 0:
        return m, m, m
    half = t_crit(n - 1, level) * math.sqrt(var / n)
    return _clip((m, m - half, m + half), lo, hi)


def bootstrap_mean_ci(xs: Sequence[float], level: float = LEVEL, resamples: int = BOOT_RESAMPLES,
                      seed: int = BOOT_SEED) -> Interval:
    """Percentile bootstrap of the mean: (mean, low, high); seeded, so the same data give the same interval."""
    n = len(xs)
    if n == 0:
        return math.nan, math.nan, math.nan
    try:
        m = math.fsum(xs) / n
    except OverflowError:  # figures near the float limit: the same resamples on a scale
        ys, s = _scaled(xs)
        mm, low, high = bootstrap_mean_ci(ys, level, resamples, seed)
        return mm * s, low * s, high * s
    if n == 1 or min(xs) == max(xs):
        return m, m, m
    rng = random.Random(seed)
    data = list(xs)
    means = sorted(math.fsum(rng.choices(data, k=n)) / n for _ in range(resamples))
    alpha = (1.0 - level) / 2.0
    low = means[int(math.floor(alpha * (resamples - 1)))]
    high = means[int(math.ceil((1.0 - alpha) * (resamples - 1)))]
    return m, min(low, m), max(high, m)


def auto_ci(xs: Sequence[float], level: float = LEVEL, lo: float = -INF, hi: float = INF) -> tuple[Interval, str]:
    """The interval fitting the data, and its method name: 'wilson' for 0/1 flags,
    'bootstrap' for skewed counts, 't' otherwise; always inside [lo, hi]."""
    if is_share(xs):
        z = _z_quantile((1.0 + level) / 2.0)
        return _clip(wilson(int(sum(xs)), len(xs), z), lo, hi), "wilson"
    if is_skewed_count(xs):
        return _clip(bootstrap_mean_ci(xs, level), lo, hi), "bootstrap"
    return mean_ci(xs, level, lo, hi), "t"


# --- differences ------------------------------------------------------------------------

def diff_proportions(k1: int, n1: int, k2: int, n2: int, z: float = Z95) -> Interval:
    """p2 - p1 with Newcombe's hybrid Wilson interval: (difference, low, high)."""
    p1, l1, u1 = wilson(k1, n1, z)
    p2, l2, u2 = wilson(k2, n2, z)
    d = p2 - p1
    low = d - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    high = d + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    return d, max(-1.0, low), min(1.0, high)


def welch_df(va: float, na: int, vb: float, nb: int) -> float:
    """Welch–Satterthwaite degrees of freedom of mean(b) - mean(a)."""
    sa, sb = va / na, vb / nb
    top = max(sa, sb)
    if math.isinf(top):  # an unbounded interval whatever the df
        return INF
    if top > 1e150:  # df does not change with the scale; the squares of variances this large overflow
        sa, sb = sa / top, sb / top
    den = (sa * sa / (na - 1) if na > 1 else 0.0) + (sb * sb / (nb - 1) if nb > 1 else 0.0)
    return (sa + sb) ** 2 / den if den > 0 else INF


def diff_means(a: Sequence[float], b: Sequence[float], level: float = LEVEL,
               lo: float = -INF, hi: float = INF) -> Interval:
    """mean(b) - mean(a) with Welch's t interval (Welch–Satterthwaite df), clipped to [lo, hi]."""
    if not a or not b:
        return math.nan, math.nan, math.nan
    ma, va = _mean_var(a)
    mb, vb = _mean_var(b)
    d = mb - ma
    se2 = va / len(a) + vb / len(b)
    if se2 == 0:
        return d, d, d
    if len(a) < 2 and len(b) < 2:
        return d, d, d
    half = t_crit(welch_df(va, len(a), vb, len(b)), level) * math.sqrt(se2)
    return _clip((d, d - half, d + half), lo, hi)


def welch(a: Sequence[float], b: Sequence[float], level: float = LEVEL) -> Interval:
    """mean(a) - mean(b) with Welch's interval (the argument order of effects.welch_ci)."""
    d, low, high = diff_means(b, a, level)
    return d, low, high


def fmt_ci(t: tuple[float, float, float], pct: bool = False, digits: int = 1) -> str:
    """'52.0 % [45.1, 58.8]' or '12.3 [11.0, 13.6]'."""
    m, lo, hi = t
    if any(map(math.isnan, t)):
        return "n/a"
    if pct:
        return f"{100 * m:.{digits}f} % [{100 * lo:.{digits}f}, {100 * hi:.{digits}f}]"
    return f"{m:.{digits}f} [{lo:.{digits}f}, {hi:.{digits}f}]"

"""Monte Carlo summaries of playout results, and the comparison of two variants.

``summarize(results)`` turns per-game results (engine/analysis/playout.py) into win
rates with 95 % Wilson intervals and means of turns, scores, losses, units
left, objective control, final tracks and the scenario's metrics with 95 %
intervals chosen by :func:`engine.analysis.stats.auto_ci` (Student t; Wilson
for 0/1 metrics; a seeded bootstrap for skewed counts; never below 0 for a
quantity that is never negative); ``compare(a, b)`` gives B − A for each
with a 95 % interval (Newcombe for rates and flags, Welch–Satterthwaite t for
means). Both return plain dicts (JSON) and have a text formatter.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from fractions import Fraction
from typing import Any, Iterable, Mapping, Sequence

from engine.analysis.stats import INF, auto_ci, diff_means, diff_proportions, fmt_ci, is_share, wilson


def _ci(t: tuple[float, float, float]) -> dict[str, float | None]:
    m, lo, hi = t
    clean = (lambda x: None if math.isnan(x) else round(x, 6))
    return {"mean": clean(m), "low": clean(lo), "high": clean(hi)}


def _lower(vals: Sequence[float]) -> float:
    """0 for a quantity whose values are all >= 0 (every count, track, score and flag of the engine),
    so its interval cannot run below zero; unbounded for a signed quantity."""
    return 0.0 if all(v >= 0 for v in vals) else -INF


def _mean(vals: Sequence[float], bound: Sequence[float] | None = None) -> dict[str, Any]:
    """Mean with the interval fitting the data, inside ``bound`` (low, high) when the quantity has one."""
    lo, hi = (float(bound[0]), float(bound[1])) if bound else (_lower(vals), INF)
    t, how = auto_ci(vals, lo=lo, hi=hi)
    return {**_ci(t), "method": how}


def _diff(a: Sequence[float], b: Sequence[float]) -> tuple[float, float, float]:
    """B − A: Newcombe when both are 0/1 flags, else Welch–Satterthwaite t."""
    if is_share(a) and is_share(b):
        return diff_proportions(int(sum(a)), len(a), int(sum(b)), len(b))
    return diff_means(a, b)


def _rate(k: int, n: int) -> dict[str, float | int]:
    p, lo, hi = wilson(k, n)
    return {"count": k, "rate": round(p, 6), "low": round(lo, 6), "high": round(hi, 6)}


def _keys(results: Sequence[dict], field: str) -> list[str]:
    out: set[str] = set()
    for r in results:
        out.update((r.get(field) or {}).keys())
    return sorted(out)


def _values(results: Sequence[dict], field: str, key: str) -> list[float]:
    return [float(r[field][key]) for r in results if r.get(field) and r[field].get(key) is not None]


def outcome_names(results: Iterable[dict]) -> list[str]:
    names: set[str] = set()
    for r in results:
        names.update((r.get("score") or {}).keys())
        names.add(str(r.get("winner")))
    return sorted(names - {"draw", "None"}) + ["draw"]


_FIELDS = ("score", "steps_lost", "units_left", "tracks", "metrics")


class Tally:
    """What :func:`summarize` reads of each game, kept compact as games arrive in any order: counts for
    winners and objectives, one double a value (``array('d')``) for quantities whose interval needs every
    value, sums for the mean track histories. A sweep kept every game's whole result (about 7 kB in memory
    each) until its table; a million games needed GBs, and here need a few hundred MB at most.
    ``summary()`` equals ``summarize`` of the results in game order (the order their intervals read)."""

    def __init__(self) -> None:
        self.n = 0
        self.games = array("q")  # game number of each row, in arrival order
        self.names: set[str] = set()  # outcome names: winners and score keys
        self.winners: Counter[str] = Counter()
        self.keys: dict[str, set[str]] = {f: set() for f in (*_FIELDS, "objectives", "track_history")}
        self.cols: dict[tuple[str, str], tuple[array, bytearray]] = {}  # values and 'has a value', by row
        self.clock: list[str] = []  # [first, last]
        self.held: Counter[tuple[str, Any]] = Counter()  # (objective, holder) -> games
        self.hist: dict[str, tuple[list[Any], list[int]]] = {}  # track -> (sums by turn, counts by turn)
        self._order: list[int] | None = None  # rows in game order, made when a summary asks

    def _put(self, col: tuple[str, str], v: Any) -> None:
        vals, has = self.cols.setdefault(col, (array("d"), bytearray()))
        gap = self.n - len(has)
        if gap:
            vals.frombytes(bytes(8 * gap))
            has.extend(bytes(gap))
        vals.append(float(v))
        has.append(1)

    def add(self, game: int, r: Mapping[str, Any]) -> None:
        """One game's result (``game``: its number, which orders the values)."""
        self.names.update((r.get("score") or {}).keys())
        self.names.add(str(r.get("winner")))
        self.winners[str(r.get("winner"))] += 1
        self._put(("", "turns"), r["turns"])
        self._put(("", "actions"), r["actions"])
        if r.get("hours") is not None:
            self._put(("", "hours"), r["hours"])
        if r.get("clock"):
            c = str(r["clock"])
            self.clock = [min(self.clock[0], c), max(self.clock[1], c)] if self.clock else [c, c]
        for field in _FIELDS:
            m = r.get(field) or {}
            self.keys[field].update(m.keys())
            for k, v in m.items():
                if v is not None:
                    self._put((field, k), v)
        objs = r.get("objectives") or {}
        self.keys["objectives"].update(objs.keys())
        for name, side in objs.items():
            self.held[(name, side)] += 1
        th = r.get("track_history") or {}
        self.keys["track_history"].update(th.keys())
        for t, series in th.items():
            sums, counts = self.hist.setdefault(t, ([], []))
            for i, x in enumerate(series):
                if i == len(sums):
                    sums.append(0)
                    counts.append(0)
                # whole numbers (every track of the engine) add up exactly, in any order; others as fractions
                sums[i] += x if type(x) is int else Fraction(x)
                counts[i] += 1
        self.games.append(game)
        self.n += 1
        self._order = None

    def values(self, field: str, key: str) -> list[float]:
        """The values of one quantity in game order (as :func:`_values` reads them from the results)."""
        col = self.cols.get((field, key))
        if col is None:
            return []
        vals, has = col
        if self._order is None:
            self._order = sorted(range(self.n), key=self.games.__getitem__)
        return [vals[i] for i in self._order if i < len(has) and has[i]]

    def summary(self, bounds: Mapping[str, Sequence[float]] | None = None) -> dict[str, Any]:
        """:func:`summarize` of the games added."""
        bounds = bounds or {}
        n = self.n
        sides = sorted(self.names - {"draw", "None"}) + ["draw"]
        out: dict[str, Any] = {"n": n}
        out["outcomes"] = {w: _rate(self.winners[w], n) for w in sides}
        out["turns"] = _mean(self.values("", "turns"), bounds.get("turns"))
        out["actions"] = _mean(self.values("", "actions"))
        for field in ("score", "steps_lost", "units_left"):
            out[field] = {k: _mean(self.values(field, k)) for k in sorted(self.keys[field])}
        out["tracks"] = {k: _mean(self.values("tracks", k), bounds.get(f"track:{k}"))
                         for k in sorted(self.keys["tracks"])}
        hours = self.values("", "hours")
        if hours:
            out["hours"] = _mean(hours)  # game time played, hours from H-hour
        if self.clock:
            out["clock"] = {"first": self.clock[0], "last": self.clock[1]}
        objs: dict[str, dict[str, Any]] = {}
        for name in sorted(self.keys["objectives"]):
            holders = sorted({side for (o, side) in self.held if o == name} - {""})
            objs[name] = {s: _rate(self.held[(name, s)], n) for s in holders}
        out["objectives"] = objs
        mets: dict[str, Any] = {}
        for k in sorted(self.keys["metrics"]):
            vals = self.values("metrics", k)
            mets[k] = {**_mean(vals, bounds.get(k)), "defined": len(vals)}
        out["metrics"] = mets
        hist: dict[str, list[float]] = {}
        for t in sorted(self.keys["track_history"]):
            sums, counts = self.hist.get(t, ([], []))
            hist[t] = [round(float(s / max(1, c)), 4) for s, c in zip(sums, counts)]
        out["track_history_mean"] = hist
        return out


def summarize(results: Sequence[dict], bounds: Mapping[str, Sequence[float]] | None = None) -> dict[str, Any]:
    """Summary of per-game results; ``bounds`` (engine.analysis.bounds.quantity_bounds) keeps every
    interval inside its quantity's possible range."""
    tally = Tally()
    for i, r in enumerate(results):
        tally.add(i, r)
    return tally.summary(bounds)


def compare(a: Sequence[dict], b: Sequence[dict]) -> dict[str, Any]:
    """B − A for every outcome, with 95 % intervals; ``excludes_zero`` marks clear differences."""
    na, nb = len(a), len(b)

    def d(t: tuple[float, float, float]) -> dict[str, Any]:
        c = _ci(t)
        low, high = c["low"], c["high"]
        c["excludes_zero"] = bool(low is not None and high is not None and (low > 0 or high < 0))
        return {"diff": c["mean"], "low": c["low"], "high": c["high"], "excludes_zero": c["excludes_zero"]}

    out: dict[str, Any] = {"n_a": na, "n_b": nb}
    names = outcome_names(list(a) + list(b))
    out["outcomes"] = {w: d(diff_proportions(sum(1 for r in a if str(r.get("winner")) == w), na,
                                             sum(1 for r in b if str(r.get("winner")) == w), nb)) for w in names}
    out["turns"] = d(diff_means([float(r["turns"]) for r in a], [float(r["turns"]) for r in b]))
    for field in ("score", "steps_lost", "units_left", "tracks", "metrics"):
        keys = sorted(set(_keys(a, field)) | set(_keys(b, field)))
        out[field] = {k: d(_diff(_values(a, field, k), _values(b, field, k))) for k in keys}
    objs: dict[str, Any] = {}
    for name in sorted(set(_keys(a, "objectives")) | set(_keys(b, "objectives"))):
        holders = sorted({(r.get("objectives") or {}).get(name, "") for r in list(a) + list(b)} - {""})
        objs[name] = {s: d(diff_proportions(
            sum(1 for r in a if (r.get("objectives") or {}).get(name) == s), na,
            sum(1 for r in b if (r.get("objectives") or {}).get(name) == s), nb)) for s in holders}
    out["objectives"] = objs
    return out


# --- text ---------------------------------------------------------------------------

def format_summary(s: dict[str, Any]) -> str:
    rows = [f"{s['n']} games (95 % confidence intervals: Student t for means, Wilson for shares, bootstrap for skewed counts)"]
    rows.append("  outcome       " + "   ".join(
        f"{w}: {fmt_ci((v['rate'], v['low'], v['high']), pct=True)}" for w, v in s["outcomes"].items()))
    rows.append(f"  turns         {_f(s['turns'])}    actions/game {_f(s['actions'], 0)}")
    if s.get("hours"):
        rows.append(f"  game time     {_f(s['hours'])} h from H-hour; last turn played "
                    f"{s['clock']['first']} .. {s['clock']['last']}" if s.get("clock") else "")
    for field, label in (("score", "score"), ("steps_lost", "steps lost"), ("units_left", "units left")):
        if s.get(field):
            rows.append(f"  {label:<13} " + "   ".join(f"{k} {_f(v)}" for k, v in s[field].items()))
    if s.get("objectives"):
        rows.append("  objectives held at the end:")
        for name, by in s["objectives"].items():
            rows.append(f"    {name:<22} " + "   ".join(
                f"{side} {fmt_ci((v['rate'], v['low'], v['high']), pct=True, digits=0)}" for side, v in by.items()))
    if s.get("tracks"):
        rows.append("  final tracks:")
        for k, v in s["tracks"].items():
            rows.append(f"    {k:<22} {_f(v)}")
    if s.get("metrics"):
        rows.append("  metrics:")
        for k, v in s["metrics"].items():
            rows.append(f"    {k:<22} {_f(v, 2)}  ({v['defined']} games)")
    return "\n".join(rows)


def format_compare(c: dict[str, Any], label_a: str = "A", label_b: str = "B") -> str:
    rows = [f"{label_b} − {label_a}: {c['n_b']} vs {c['n_a']} games (95 % intervals; * = excludes 0)"]

    def line(name: str, v: dict[str, Any], pct: bool = False) -> str:
        mark = "*" if v["excludes_zero"] else " "
        t = (v["diff"], v["low"], v["high"])
        if v["diff"] is None:
            return f"   {name:<34} n/a"
        return f" {mark} {name:<34} {fmt_ci(t, pct=pct, digits=1 if pct else 2)}"

    rows.append(" win rates:")
    rows += [line(w, v, pct=True) for w, v in c["outcomes"].items()]
    rows.append(line("turns", c["turns"]))
    for field in ("score", "steps_lost", "units_left", "tracks", "metrics"):
        if c.get(field):
            rows.append(f" {field.replace('_', ' ')}:")
            rows += [line(k, v) for k, v in c[field].items()]
    if c.get("objectives"):
        rows.append(" objectives held at the end:")
        for name, by in c["objectives"].items():
            rows += [line(f"{name} by {side}", v, pct=True) for side, v in by.items()]
    return "\n".join(rows)


def _f(v: dict[str, Any], digits: int = 1) -> str:
    if v.get("mean") is None:
        return "n/a"
    return fmt_ci((v["mean"], v["low"], v["high"]), digits=digits)

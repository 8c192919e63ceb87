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


def summarize(results: Sequence[dict], bounds: Mapping[str, Sequence[float]] | None = None) -> dict[str, Any]:
    """Summary of per-game results; ``bounds`` (engine.analysis.bounds.quantity_bounds) keeps every
    interval inside its quantity's possible range."""
    bounds = bounds or {}
    n = len(results)
    sides = outcome_names(results)
    out: dict[str, Any] = {"n": n}
    out["outcomes"] = {w: _rate(sum(1 for r in results if str(r.get("winner")) == w), n) for w in sides}
    out["turns"] = _mean([float(r["turns"]) for r in results], bounds.get("turns"))
    out["actions"] = _mean([float(r["actions"]) for r in results])
    for field in ("score", "steps_lost", "units_left"):
        out[field] = {k: _mean(_values(results, field, k)) for k in _keys(results, field)}
    out["tracks"] = {k: _mean(_values(results, "tracks", k), bounds.get(f"track:{k}")) for k in _keys(results, "tracks")}
    hours = [float(r["hours"]) for r in results if r.get("hours") is not None]
    if hours:
        out["hours"] = _mean(hours)  # game time played, hours from H-hour
    ends = sorted(str(r["clock"]) for r in results if r.get("clock"))
    if ends:
        out["clock"] = {"first": ends[0], "last": ends[-1]}
    objs: dict[str, dict[str, Any]] = {}
    for name in _keys(results, "objectives"):
        holders = sorted({r["objectives"].get(name, "") for r in results if r.get("objectives")} - {""})
        objs[name] = {s: _rate(sum(1 for r in results if (r.get("objectives") or {}).get(name) == s), n)
                      for s in holders}
    out["objectives"] = objs
    mets: dict[str, Any] = {}
    for k in _keys(results, "metrics"):
        vals = _values(results, "metrics", k)
        mets[k] = {**_mean(vals, bounds.get(k)), "defined": len(vals)}
    out["metrics"] = mets
    hist: dict[str, list[float]] = {}
    for t in _keys(results, "track_history"):
        series = [r["track_history"][t] for r in results if r.get("track_history") and t in r["track_history"]]
        length = max((len(s) for s in series), default=0)
        hist[t] = [round(sum(s[i] for s in series if len(s) > i) / max(1, sum(1 for s in series if len(s) > i)), 4)
                   for i in range(length)]
    out["track_history_mean"] = hist
    return out


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

"""The table and the chart of a sweep: every outcome and metric of every variant, with 95 % intervals.

Each variant's games are summarised by ``montecarlo.summarize`` (Wilson for
shares, Student t or bootstrap for means, clipped to the possible range),
so a row of the table is the summary ``playout`` prints for that variant
on the same seeds.
"""

from __future__ import annotations

import math
from typing import Any, Mapping, Sequence

from engine.analysis.montecarlo import Tally
from engine.errors import EngineError


def sweep_rows(header: Mapping[str, Any], tallies: Mapping[str, Tally]) -> list[dict[str, Any]]:
    """One row per variant of the plan (in plan order): key, settings, n and the summary of its games
    (``tallies``: each variant's games, as a results file keeps them)."""
    rows = []
    keys = header["variants"]
    all_settings = header.get("settings") or [[] for _ in keys]
    all_bounds = header.get("bounds") or [{} for _ in keys]
    for key, settings, bounds in zip(keys, all_settings, all_bounds):
        tally = tallies.get(key) or Tally()
        rows.append({"variant": key, "settings": {k: v for k, v in settings}, "n": tally.n,
                     "planned": int(header["n"]), "summary": tally.summary(bounds)})
    return rows


def quantities(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """Names of the table's columns: outcome:SIDE, turns, then every metric id."""
    outs: list[str] = []
    mets: list[str] = []
    for r in rows:
        for w in r["summary"].get("outcomes", {}):
            if f"outcome:{w}" not in outs:
                outs.append(f"outcome:{w}")
        for m in r["summary"].get("metrics", {}):
            if m not in mets:
                mets.append(m)
    return outs + ["turns"] + sorted(mets)


def value(row: Mapping[str, Any], q: str) -> tuple[float, float, float] | None:
    """(estimate, low, high) of quantity ``q`` in one row; None when undefined there."""
    s = row["summary"]
    if q.startswith("outcome:"):
        v = s.get("outcomes", {}).get(q.split(":", 1)[1])
        return (v["rate"], v["low"], v["high"]) if v else None
    if q.startswith("objective:"):  # objective:NAME:SIDE
        _, name, side = (q.split(":") + ["", ""])[:3]
        v = s.get("objectives", {}).get(name, {}).get(side)
        return (v["rate"], v["low"], v["high"]) if v else (0.0, 0.0, 0.0) if name in s.get("objectives", {}) else None
    v = s["turns"] if q == "turns" else s.get("metrics", {}).get(q)
    if not v or v.get("mean") is None:
        return None
    return v["mean"], v["low"], v["high"]


def _cell(t: tuple[float, float, float] | None, pct: bool) -> str:
    if t is None or any(x is None or (isinstance(x, float) and math.isnan(x)) for x in t):
        return "n/a"
    m, lo, hi = t
    if pct:
        return f"{100 * m:.0f} % [{100 * lo:.0f}, {100 * hi:.0f}]"
    return f"{m:.2f} [{lo:.2f}, {hi:.2f}]"


def format_table(rows: Sequence[Mapping[str, Any]]) -> str:
    """A Markdown table: one row per variant, one column per setting, outcome and metric."""
    keys: list[str] = []
    for r in rows:
        keys += [k for k in r["settings"] if k not in keys]
    qs = quantities(rows)
    head = keys + ["games"] + [q.replace("outcome:", "wins ") for q in qs]
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for r in rows:
        cells = [str(r["settings"].get(k, "")) for k in keys]
        cells.append(f"{r['n']}" + ("" if r["n"] == r["planned"] else f" of {r['planned']}"))
        cells += [_cell(value(r, q), q.startswith("outcome:")) for q in qs]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n\n95 % intervals: Wilson for shares, Student t (bootstrap for skewed counts) " \
        "for means, never outside a quantity's possible range.\n"


def check_chart_args(rows_settings: Sequence[str], x: str | None, y: str | None) -> str:
    """The x key (default: the first varied key); EngineError before any game when --x/--y are wrong."""
    if not rows_settings:
        raise EngineError("--chart: nothing is varied (give --vary or several scenario files)")
    if y is None:
        raise EngineError("--chart needs --y QUANTITY (a metric id, outcome:SIDE, objective:NAME:SIDE or turns)")
    x = x or rows_settings[0]
    if x not in rows_settings:
        from engine.errors import did_you_mean
        raise EngineError(f"--x {x!r}: not a varied key{did_you_mean(x, list(rows_settings))}")
    return x


def write_chart(rows: Sequence[Mapping[str, Any]], x: str, y: str, path: str, title: str = "") -> str:
    """One metric against one varied key; one line per combination of the other varied keys."""
    from engine.analysis.charts import _plt
    if all(value(r, y) is None for r in rows):
        raise EngineError(f"--y {y!r}: no variant has it (quantities: {', '.join(quantities(rows))})")
    plt = _plt()
    others = [k for k in rows[0]["settings"] if k != x]
    lines: dict[str, list[tuple[Any, tuple[float, float, float]]]] = {}
    for r in rows:
        label = ", ".join(f"{k}={r['settings'][k]}" for k in others) or y
        t = value(r, y)
        if t is not None:
            lines.setdefault(label, []).append((r["settings"][x], t))
    fig, ax = plt.subplots(figsize=(7, 4.5))
    numeric = all(isinstance(xv, (int, float)) and not isinstance(xv, bool) for pts in lines.values() for xv, _ in pts)
    labels = [] if numeric else sorted({str(xv) for pts in lines.values() for xv, _ in pts})
    pct = y.startswith(("outcome:", "objective:"))
    k = 100.0 if pct else 1.0
    for label, pts in lines.items():
        xs = [xv if numeric else labels.index(str(xv)) for xv, _ in pts]
        ms = [k * t[0] for _, t in pts]
        err = [[k * (t[0] - t[1]) for _, t in pts], [k * (t[2] - t[0]) for _, t in pts]]
        ax.errorbar(xs, ms, yerr=err, marker="o", capsize=4, label=label)
    if not numeric:
        ax.set_xticks(range(len(labels)), labels)
    ax.set_xlabel(x)
    ax.set_ylabel(("share of games (%) " if pct else "") + y)
    ax.set_title((title + "\n" if title else "") + f"{y} against {x} (95 % intervals)")
    if len(lines) > 1:
        ax.legend(fontsize=8)
    from engine.safeio import atomic_path
    try:
        with atomic_path(path) as tmp:  # never through a symlink, never half a file
            fig.savefig(tmp)
    finally:
        plt.close(fig)
    return path

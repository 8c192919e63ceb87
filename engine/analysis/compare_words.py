"""``eastflank compare`` in plain words and a chart: names, not ids.

A seminar reads "Russia and Belarus win 31 % of games with observers, 40 %
without: 9 points fewer, not a clear difference" more easily than a table of
B − A intervals keyed by ids. Built from :func:`montecarlo.compare` and the two
summaries; the names come from the two scenarios (side names, track names).
"""

from __future__ import annotations

import os
from typing import Any

from engine.scenario.model import Scenario


def _names(sa: Scenario, sb: Scenario) -> tuple[dict[str, str], dict[str, str]]:
    sides = {s.id: s.name for s in sa.sides} | {s.id: s.name for s in sb.sides}
    sides["draw"] = "Draw"
    tracks = {t.id: t.name for t in sa.tracks} | {t.id: t.name for t in sb.tracks}
    return sides, tracks


def _verdict(v: dict[str, Any]) -> str:
    return "a clear difference" if v.get("excludes_zero") else "not a clear difference (could be chance)"


def _pp(x: float) -> str:
    return f"{abs(100 * x):.0f} point{'s' if round(abs(100 * x)) != 1 else ''}"


def plain_compare(c: dict[str, Any], summ_a: dict[str, Any], summ_b: dict[str, Any], sa: Scenario,
                  sb: Scenario) -> str:
    """The comparison as sentences: B against A, for who wins, tracks, objectives and metrics."""
    sides, tracks = _names(sa, sb)
    la, lb = f"“{sa.title}”", f"“{sb.title}”"
    rows = [f"B = {lb}", f"A = {la}", f"{c['n_b']} games of B against {c['n_a']} of A; "
            "each difference with its 95 % interval.", "", "Who wins"]
    for w, v in c["outcomes"].items():
        ra, rb = summ_a["outcomes"].get(w, {}).get("rate", 0.0), summ_b["outcomes"].get(w, {}).get("rate", 0.0)
        who = "Drawn" if w == "draw" else f"{sides.get(w, w)} won"
        if v["diff"] is None:
            continue
        more = "more" if v["diff"] > 0 else "fewer"
        rows.append(f"  {who} {100 * rb:.0f} % of games in B, {100 * ra:.0f} % in A: "
                    + (f"{_pp(v['diff'])} {more} (from {100 * v['low']:+.0f} to {100 * v['high']:+.0f}), "
                       if round(100 * v["diff"]) else "the same, ") + _verdict(v) + ".")
    if c.get("tracks"):
        rows += ["", "Tracks at the end of the game"]
        for k, v in c["tracks"].items():
            if v["diff"] is None:
                continue
            ma = (summ_a.get("tracks") or {}).get(k, {}).get("mean")
            mb = (summ_b.get("tracks") or {}).get(k, {}).get("mean")
            dirn = "higher" if v["diff"] > 0 else "lower"
            vals = f"{mb:.1f} in B, {ma:.1f} in A: " if ma is not None and mb is not None else ""
            if v["low"] == v["high"] == v["diff"] == 0:
                rows.append(f"  {tracks.get(k, k)}: {vals}the same in every game.")
                continue
            rows.append(f"  {tracks.get(k, k)}: {vals}{abs(v['diff']):.1f} {dirn} "
                        f"(from {v['low']:+.1f} to {v['high']:+.1f}), {_verdict(v)}.")
    if c.get("objectives"):
        rows += ["", "Objectives held at the end"]
        for name, by in c["objectives"].items():
            for side, v in by.items():
                if v["diff"] is None:
                    continue
                rb = (summ_b.get("objectives") or {}).get(name, {}).get(side, {}).get("rate", 0.0)
                ra = (summ_a.get("objectives") or {}).get(name, {}).get(side, {}).get("rate", 0.0)
                rows.append(f"  {name}, held by {sides.get(side, side)}: {100 * rb:.0f} % of games in B, "
                            f"{100 * ra:.0f} % in A, {_verdict(v)}.")
    if c.get("metrics"):
        rows += ["", "Measures of the scenarios"]
        for k, v in c["metrics"].items():
            if v["diff"] is None:
                continue
            dirn = "higher" if v["diff"] > 0 else "lower"
            if v["low"] == v["high"] == v["diff"] == 0:
                rows.append(f"  {k.replace('_', ' ')}: the same in every game.")
                continue
            rows.append(f"  {k.replace('_', ' ')}: {abs(v['diff']):.2f} {dirn} in B "
                        f"(from {v['low']:+.2f} to {v['high']:+.2f}), {_verdict(v)}.")
    return "\n".join(rows)


def compare_chart(c: dict[str, Any], sa: Scenario, sb: Scenario, out: str | os.PathLike[str]) -> str:
    """One PNG: B − A with 95 % intervals for win rates (points) and final tracks, labelled by name."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        from engine.errors import EngineError
        raise EngineError("--chart needs matplotlib, which is not part of the core install: "
                          "pip install -e '.[analysis]' (or pip install matplotlib)") from None
    from engine.analysis.charts import _plt

    plt = _plt()
    sides, tracks = _names(sa, sb)
    wins = [(("Drawn" if w == "draw" else f"{sides.get(w, w)} won"), v) for w, v in c["outcomes"].items()
            if v["diff"] is not None]
    trs = [(tracks.get(k, k), v) for k, v in (c.get("tracks") or {}).items() if v["diff"] is not None]
    panels = [("Games won, B − A (percentage points)", wins, 100.0)] + ([("Final tracks, B − A", trs, 1.0)] if trs else [])
    fig, axes = plt.subplots(len(panels), 1, figsize=(8.5, 1.2 + 0.45 * sum(len(p[1]) + 2 for p in panels)),
                             squeeze=False)
    for ax, (title, items, k) in zip(axes[:, 0], panels):
        labels = [n for n, _ in items]
        diffs = [k * v["diff"] for _, v in items]
        err = [[k * (v["diff"] - v["low"]) for _, v in items], [k * (v["high"] - v["diff"]) for _, v in items]]
        colours = ["#2e6fbd" if v["excludes_zero"] else "#9aa5b1" for _, v in items]
        ax.barh(range(len(items)), diffs, xerr=err, color=colours, capsize=3)
        ax.set_yticks(range(len(items)), labels)
        ax.invert_yaxis()
        ax.axvline(0, color="#333333", lw=1)
        ax.set_title(title)
    fig.suptitle(f"B: {sb.title}\nagainst A: {sa.title}\n(blue: a clear difference; grey: could be chance)",
                 fontsize=10)
    from engine.safeio import atomic_path
    try:
        with atomic_path(out) as tmp:  # never through a symlink, never half a file
            fig.savefig(str(tmp))
    finally:
        plt.close(fig)
    return str(out)

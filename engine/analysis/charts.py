"""PNG charts of Monte Carlo results (``eastflank playout --plot DIR``).

Matplotlib is optional (``pip install -e .[analysis]``): it is imported only
here, only when charts are asked for, with the Agg backend (no window), and
a clear EngineError says how to install it when it is missing. Charts are
pure functions of the results; they never touch a game.
"""

from __future__ import annotations

import os
from typing import Any, Sequence

from engine.errors import EngineError
from engine.safeio import atomic_path

FALLBACK = ("#c0392b", "#2e6fbd", "#27ae60", "#8e44ad", "#d35400", "#7f8c8d")


def require_matplotlib(option: str = "--plot") -> None:
    """EngineError before any game runs when the charts extra is missing."""
    import importlib.util
    if importlib.util.find_spec("matplotlib") is None:
        raise EngineError(f"{option} needs matplotlib, which is not part of the core install: "
                          "pip install -e '.[analysis]' (or pip install matplotlib)")


def _plt():
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise EngineError("--plot needs matplotlib, which is not part of the core install: "
                          "pip install -e '.[analysis]' (or pip install matplotlib)") from None
    plt.rcParams.update({"font.size": 10, "axes.titlesize": 12, "axes.grid": True, "grid.alpha": 0.3,
                         "figure.dpi": 110, "savefig.bbox": "tight"})
    return plt


def _colour(name: str, colours: dict[str, str], i: int) -> str:
    if name == "draw":
        return "#95a5a6"
    return colours.get(name) or FALLBACK[i % len(FALLBACK)]


def write_charts(results: Sequence[dict], summary: dict[str, Any], out_dir: str, title: str = "",
                 colours: dict[str, str] | None = None) -> list[str]:
    """Write the charts into ``out_dir``; returns the file paths written."""
    plt = _plt()
    colours = colours or {}
    os.makedirs(out_dir, exist_ok=True)
    n = summary["n"]
    head = f"{title} — {n} games" if title else f"{n} games"
    paths: list[str] = []

    def save(fig, name: str) -> None:
        p = os.path.join(out_dir, name)
        try:
            with atomic_path(p) as tmp:  # a symlink planted in the folder is refused, not followed
                fig.savefig(tmp)
        finally:
            plt.close(fig)
        paths.append(p)

    # 1. Outcomes with 95 % Wilson intervals.
    oc = summary["outcomes"]
    names = list(oc)
    rates = [100 * oc[w]["rate"] for w in names]
    err = [[100 * (oc[w]["rate"] - oc[w]["low"]) for w in names], [100 * (oc[w]["high"] - oc[w]["rate"]) for w in names]]
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.bar(names, rates, yerr=err, capsize=6, color=[_colour(w, colours, i) for i, w in enumerate(names)])
    for i, w in enumerate(names):
        ax.text(i, 100 * oc[w]["high"] + 2, f"{rates[i]:.0f} % ({oc[w]['count']})", ha="center", va="bottom",
                fontsize=9)
    ax.set_ylim(0, 119)
    ax.set_ylabel("share of games (%)")
    ax.set_title(f"Outcomes (95 % Wilson intervals)\n{head}")
    save(fig, "outcomes.png")

    # 2. Score margin distribution (first side minus second).
    sides = sorted({k for r in results for k in (r.get("score") or {})})
    if len(sides) >= 2:
        a, b = sides[0], sides[1]
        margins = [r["score"].get(a, 0) - r["score"].get(b, 0) for r in results if r.get("score")]
        fig, ax = plt.subplots(figsize=(7, 4))
        lo, hi = min(margins), max(margins)
        bins = max(5, min(40, hi - lo + 1))
        ax.hist(margins, bins=bins, color="#7f8c8d", edgecolor="white")
        ax.axvline(0, color="black", lw=1)
        ax.set_xlabel(f"score {a} − {b} (points; > 0 favours {a})")
        ax.set_ylabel("games")
        ax.set_title(f"Score margin per game\n{head}")
        save(fig, "score_margin.png")

    # 3. Tracks over turns: mean and 10–90 % band.
    tracks = sorted({t for r in results for t in (r.get("track_history") or {})})
    if tracks:
        cols = 2 if len(tracks) > 1 else 1
        rows = (len(tracks) + cols - 1) // cols
        fig, axes = plt.subplots(rows, cols, figsize=(6 * cols, 3.2 * rows), squeeze=False)
        for k, t in enumerate(tracks):
            ax = axes[k // cols][k % cols]
            series = [r["track_history"][t] for r in results if t in (r.get("track_history") or {})]
            length = max(len(s) for s in series)
            xs, mean, p10, p90 = [], [], [], []
            for i in range(length):
                vals = sorted(s[i] for s in series if len(s) > i)
                xs.append(i + 1)
                mean.append(sum(vals) / len(vals))
                p10.append(vals[int(0.1 * (len(vals) - 1))])
                p90.append(vals[int(0.9 * (len(vals) - 1))])
            ax.fill_between(xs, p10, p90, alpha=0.25, color="#2e6fbd", label="10–90 % of games")
            ax.plot(xs, mean, color="#2e6fbd", lw=2, label="mean")
            ax.set_title(t.replace("_", " "))
            ax.set_xlabel("turn")
            ax.set_xlim(1, max(2, length))
            if k == 0:
                ax.legend(fontsize=8, loc="best")
        for k in range(len(tracks), rows * cols):
            axes[k // cols][k % cols].axis("off")
        fig.suptitle(f"Tracks at the end of each turn\n{head}")
        fig.tight_layout()
        save(fig, "tracks.png")

    # 4. Losses per side.
    lost_sides = sorted({k for r in results for k in (r.get("steps_lost") or {})})
    if lost_sides:
        fig, ax = plt.subplots(figsize=(7, 4))
        data = [[r["steps_lost"].get(s, 0) for r in results if r.get("steps_lost")] for s in lost_sides]
        top = max((max(d) for d in data if d), default=1)
        bins = list(range(0, top + 2))
        for i, (s, d) in enumerate(zip(lost_sides, data)):
            ax.hist(d, bins=bins, alpha=0.55, label=f"{s} (mean {sum(d) / max(1, len(d)):.1f})",
                    color=_colour(s, colours, i))
        ax.set_xlabel("steps lost per game")
        ax.set_ylabel("games")
        ax.legend()
        ax.set_title(f"Losses per side\n{head}")
        save(fig, "losses.png")

    # 5. Objective control at the end.
    objs = summary.get("objectives") or {}
    if objs:
        holders = sorted({s for by in objs.values() for s in by})
        fig, ax = plt.subplots(figsize=(7, 0.6 * len(objs) + 1.8))
        names = list(objs)
        left = [0.0] * len(names)
        for i, s in enumerate(holders):
            vals = [100 * objs[o].get(s, {}).get("rate", 0.0) for o in names]
            ax.barh(names, vals, left=left, color=_colour(s, colours, i), label=s)
            for j, v in enumerate(vals):
                if v >= 8:
                    ax.text(left[j] + v / 2, j, f"{v:.0f} %", ha="center", va="center", color="white", fontsize=9)
            left = [x + v for x, v in zip(left, vals)]
        ax.set_xlim(0, 100)
        ax.set_xlabel("share of games the side holds it at the end (%)")
        ax.legend(loc="lower right", fontsize=8)
        ax.invert_yaxis()
        ax.set_title(f"Objective control at the end\n{head}")
        save(fig, "objectives.png")

    # 6. Scenario metrics.
    mets = sorted({k for r in results for k in (r.get("metrics") or {})})
    if mets:
        cols = 2 if len(mets) > 1 else 1
        rows = (len(mets) + cols - 1) // cols
        fig, axes = plt.subplots(rows, cols, figsize=(6 * cols, 3.2 * rows), squeeze=False)
        for k, m in enumerate(mets):
            ax = axes[k // cols][k % cols]
            vals = [r["metrics"][m] for r in results if (r.get("metrics") or {}).get(m) is not None]
            never = n - len(vals)
            distinct = sorted(set(vals))
            if len(distinct) == 1:
                ax.bar([0], [len(vals)], color="#8e44ad", width=0.5)
                ax.set_xticks([0], [f"{distinct[0]:g} in every game"])
            elif distinct and len(distinct) <= 12:  # discrete: one bar per value
                ax.bar([f"{v:g}" for v in distinct], [vals.count(v) for v in distinct], color="#8e44ad")
            elif vals:
                ax.hist(vals, bins=max(5, min(30, len(distinct))), color="#8e44ad", edgecolor="white")
            ax.set_title(m + (f"  (undefined in {never} games)" if never else ""), fontsize=10)
            ax.set_ylabel("games")
        for k in range(len(mets), rows * cols):
            axes[k // cols][k % cols].axis("off")
        fig.suptitle(f"Scenario metrics\n{head}")
        fig.tight_layout()
        save(fig, "metrics.png")
    return paths

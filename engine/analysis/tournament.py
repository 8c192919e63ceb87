"""Tournament: every pair of policies, as both sides, on a list of scenarios.

Each ordered pair (A plays the first side, B the second; mirror games A vs A
included) plays the same ``n`` seeds (``game_seeds``), so results do not
depend on ``--jobs`` and matchups are paired game by game. Reported per
scenario and matchup: A's win rate (Wilson 95 % interval) and the score
difference first side minus second (mean, 95 % interval).

"Does P beat Q as side s" is measured against the mirror: P's margin as side
s against Q, minus Q's own margin as side s against Q, on the same seeds
(paired differences, mean and 95 % interval). A scenario whose victory
points are lopsided (one side wins whatever it does) still shows whether a
policy plays a side *better*. The Elo-style table fits one rating per policy
to every game's result (win 1, draw 0.5, loss 0) by iterated logistic
updates in a fixed order (deterministic), mirror games excluded.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

from engine.analysis.playout import ScenarioFactory, run_playouts
from engine.analysis.stats import mean_ci, wilson

Progress = Callable[[str, int, int], None]


def play_matchups(scenario: str | None, policies: Sequence[str], n: int, seed: int, jobs: int = 1,
                  progress: Progress | None = None) -> dict:
    """Results of every ordered pair on one scenario: {(A, B): [result dict, ...]}, plus side ids."""
    factory = ScenarioFactory(scenario)
    game = two_sided(factory)
    sides = game.side_ids
    out: dict = {"scenario": game.scenario.id, "file": scenario, "sides": list(sides), "games": {}}
    pairs = [(a, b) for a in policies for b in policies]
    for k, (a, b) in enumerate(pairs):
        label = f"{game.scenario.id} {a} v {b} ({k + 1}/{len(pairs)}) "

        def bar(done: int, total: int, label=label) -> None:
            if progress:
                progress(label, done, total)
        res = run_playouts(factory, n, seed, jobs=jobs, policy_names={sides[0]: a, sides[1]: b}, progress=bar)
        out["games"][f"{a}|{b}"] = [{"winner": r["winner"], "score": r["score"], "seed": r["seed"],
                                     "state_hash": r["state_hash"], "steps_lost": r["steps_lost"],
                                     "war": _war(r)} for r in res]
    return out


def two_sided(factory: ScenarioFactory):
    """The factory's Game; EngineError if it does not load or has other than two sides (a tournament pairs
    policies as the two sides). The CLI calls it on every scenario before the first game."""
    game = factory()
    if len(game.side_ids) != 2:
        from engine.errors import EngineError
        raise EngineError(f"tournament: {game.scenario.id} has {len(game.side_ids)} sides; two are needed")
    return game


def _war(r: dict) -> bool:
    """Did the crisis become a war: any step lost."""
    return sum(r.get("steps_lost", {}).values()) > 0


def _margin(r: dict, side: str, other: str) -> float:
    return float(r["score"].get(side, 0) - r["score"].get(other, 0))


def summarize(m: dict) -> dict:
    """Per matchup: win/draw rates and score difference; per policy, side and opponent: the paired
    margin against the mirror."""
    s0, s1 = m["sides"]
    games = m["games"]
    rows = []
    for key, rs in games.items():
        a, b = key.split("|")
        n = len(rs)
        wins = sum(1 for r in rs if r["winner"] == s0)
        losses = sum(1 for r in rs if r["winner"] == s1)
        diffs = [_margin(r, s0, s1) for r in rs]
        rows.append({"first": a, "second": b, "n": n, "win": wilson(wins, n), "loss": wilson(losses, n),
                     "draw": (n - wins - losses) / max(1, n), "diff": mean_ci(diffs),
                     "war": sum(1 for r in rs if r["war"]) / max(1, n),
                     "winners": sorted({r["winner"] for r in rs}), "spread": max(diffs) - min(diffs) if diffs else 0})
    pols = sorted({k.split("|")[0] for k in games})
    beats = []
    for p in pols:
        for q in pols:
            if p == q:
                continue
            for side, other, key, mirror in ((s0, s1, f"{p}|{q}", f"{q}|{q}"), (s1, s0, f"{q}|{p}", f"{q}|{q}")):
                if key not in games or mirror not in games:
                    continue
                d = [_margin(x, side, other) - _margin(y, side, other) for x, y in zip(games[key], games[mirror])]
                raw = [_margin(x, side, other) for x in games[key]]
                beats.append({"policy": p, "opponent": q, "side": side, "vs_mirror": mean_ci(d),
                              "margin": mean_ci(raw)})
    return {"scenario": m["scenario"], "sides": [s0, s1], "matchups": rows, "beats": beats}


def elo(ms: Sequence[dict], rounds: int = 200, k: float = 16.0) -> dict[str, float]:
    """Elo-style ratings from every non-mirror game of every scenario (mean 1500)."""
    games: list[tuple[str, str, float]] = []
    for m in ms:
        s0, s1 = m["sides"]
        for key, rs in sorted(m["games"].items()):
            a, b = key.split("|")
            if a == b:
                continue
            for r in rs:
                games.append((a, b, 1.0 if r["winner"] == s0 else 0.0 if r["winner"] == s1 else 0.5))
    pols = sorted({p for g in games for p in g[:2]})
    rating = {p: 1500.0 for p in pols}
    for t in range(rounds):
        step = k / (1 + t / 20)
        for a, b, sa in games:
            ea = 1 / (1 + 10 ** ((rating[b] - rating[a]) / 400))
            rating[a] += step * (sa - ea)
            rating[b] -= step * (sa - ea)
    mean = sum(rating.values()) / max(1, len(rating))
    return {p: round(v - mean + 1500, 1) for p, v in sorted(rating.items(), key=lambda kv: -kv[1])}


def _ci(t: tuple[float, float, float], pct: bool = False) -> str:
    if any(math.isnan(x) for x in t):
        return "n/a"
    if pct:
        return f"{100 * t[0]:.0f} % [{100 * t[1]:.0f}, {100 * t[2]:.0f}]"
    return f"{t[0]:+.1f} [{t[1]:+.1f}, {t[2]:+.1f}]"


def format_markdown(summaries: Sequence[dict], ratings: dict[str, float], n: int, seed: int) -> str:
    """The tournament as Markdown tables (what ``seeds/tournament.md`` holds)."""
    out = [f"{n} games per matchup, seed {seed}; 95 % intervals in brackets.", ""]
    out += ["## Elo-style ratings (all scenarios, mirror games excluded)", "", "| policy | rating |", "|---|---|"]
    out += [f"| {p} | {r:.0f} |" for p, r in ratings.items()]
    for s in summaries:
        s0, s1 = s["sides"]
        out += ["", f"## {s['scenario']}", "",
                f"| {s0} | {s1} | {s0} wins | draws | score {s0} − {s1} | spread | war |",
                "|---|---|---|---|---|---|---|"]
        for r in s["matchups"]:
            out.append(f"| {r['first']} | {r['second']} | {_ci(r['win'], True)} | {100 * r['draw']:.0f} % | "
                       f"{_ci(r['diff'])} | {r['spread']:.0f} | {100 * r['war']:.0f} % |")
        out += ["", "Margin of a policy as a side (its score minus the other's), and the same minus the "
                "opponent's own margin on that side in the mirror game (same seeds):", "",
                "| policy | side | opponent | margin | vs mirror |", "|---|---|---|---|---|"]
        for b in s["beats"]:
            out.append(f"| {b['policy']} | {b['side']} | {b['opponent']} | {_ci(b['margin'])} | "
                       f"{_ci(b['vs_mirror'])} |")
    return "\n".join(out) + "\n"

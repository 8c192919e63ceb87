"""The possible range of each summarised quantity, so no interval runs outside it.

Why: a t interval of a track that sits near its maximum runs past it
(tension 96.7 [82.3, 111.0]); the scenario knows the track's range, the
game its length. Keys: ``turns``, ``track:ID`` (final track values) and
metric ids. A metric of function ``track`` (reduced by last, max, min or
mean) has its track's range; ``first_turn`` lies in 1..turns; flags
(``event_fired``, ``option_taken``, ``holds``) in 0..1. Other metrics are
left to the data-implied rule of montecarlo (never below 0 when no game
gave a negative value).
"""

from __future__ import annotations

import math
from typing import Any, Sequence

FLAGS = ("event_fired", "option_taken", "holds")


def quantity_bounds(game: Any, extra_metrics: Sequence[Any] = ()) -> dict[str, list[float]]:
    """{quantity: [low, high]} for ``montecarlo.summarize(results, bounds=...)`` (JSON-friendly)."""
    sc = game.scenario
    tracks = {t.id: (float(t.min), float(t.max)) for t in sc.tracks}
    out: dict[str, list[float]] = {"turns": [0.0, float(sc.turns)]}
    for tid, (lo, hi) in tracks.items():
        out[f"track:{tid}"] = [lo, hi]
    for spec in tuple(sc.metrics) + tuple(extra_metrics):
        if spec.reduce == "first_turn":
            out[spec.id] = [1.0, float(sc.turns)]
        elif spec.metric == "track" and spec.reduce in ("last", "max", "min", "mean"):
            t = tracks.get(str(spec.params.get("track")))
            if t:
                out[spec.id] = [t[0], t[1]]
        elif spec.metric in FLAGS and spec.reduce in ("last", "max", "min", "mean"):
            out[spec.id] = [0.0, 1.0]
    return out


def as_pair(b: Sequence[float] | None) -> tuple[float, float]:
    if not b:
        return -math.inf, math.inf
    return float(b[0]), float(b[1])

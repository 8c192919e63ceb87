"""Progress with an ETA for long runs (playout, effects, sweep, calibrate, tournament), from tqdm.

``progress(label, enabled)`` returns a ``(done, total) -> None`` callback,
the shape every runner here already takes, so a verb adds a bar with one
line. The bar goes to stderr, only on a terminal unless asked
(``--progress``), and never touches stdout (which may carry ``--json -``).
Without tqdm (a stripped install) the callback does nothing.
"""

from __future__ import annotations

import sys
from typing import Any, Callable

Progress = Callable[[int, int], None]


class _TqdmProgress:
    def __init__(self, label: str, unit: str) -> None:
        self.label = label.strip()
        self.unit = unit
        self.bar: Any = None
        self.last = 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            from tqdm import tqdm
            self.bar = tqdm(total=total, desc=self.label or None, unit=self.unit, file=sys.stderr,
                            dynamic_ncols=True, smoothing=0.1, mininterval=0.2)
        if total != self.bar.total:
            self.bar.total = total
            self.bar.refresh()
        if done > self.last:
            self.bar.update(done - self.last)
            self.last = done
        if done >= total:
            self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        self.last = 0  # the same callback may drive the next run (effects plays scenario after scenario)


def _silent(done: int, total: int) -> None:
    return None


def progress(label: str = "", enabled: bool | None = None, unit: str = "game") -> Progress:
    """A progress callback: a tqdm bar with rate and ETA on stderr, or a no-op.

    ``enabled=None`` means: only when stderr is a terminal.
    """
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return _silent
    try:
        import tqdm  # noqa: F401
    except ImportError:
        return _silent
    return _TqdmProgress(label, unit)

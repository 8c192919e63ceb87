"""Autosaves: one folder per game under ``<save dir>/autosave``, the last few saves kept.

A seminar must never lose more than the order being made: the table saves after
every phase, after every order (``-order``, the newest few kept), on quit and on a crash. Files are named so that sorting them by
name sorts them by time (``00007-T02-movement-blue.json``: a running number first),
and a game's folder name starts with the scenario id, so a newly opened table
can offer to resume the last game of the same scenario.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from pathlib import Path
from typing import Protocol

#: Autosaves kept per game (older ones are deleted after each new one).
KEEP = 10
#: Crash saves kept per game, apart from those: an error repeated on every frame or click must not push
#: the phase autosaves out.
KEEP_CRASH = 3
AUTOSAVE_DIR = "autosave"
#: The tag of the autosave after each order within a phase (see Commands.autosave_if_changed): a closed
#: window or a power cut loses at most the order being made. Only the newest few are kept, apart.
ORDER = "order"
KEEP_ORDER = 2


class Saver(Protocol):
    """What an autosave needs of the Session (kept small so tests can fake it)."""

    def save(self, path: Path) -> None: ...


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text)[:60] or "x"


def new_game_dir(save_dir: Path, scenario_id: str, seed: int, now: _dt.datetime | None = None) -> Path:
    """A fresh per-game folder, created here so no other table takes it.

    Two tables opened on the same scenario and seed in the same second got the same name (it was only
    checked, not taken), then wrote into one folder and deleted each other's autosaves. If the folder
    cannot be made (read-only, full), its name is returned all the same: the autosave then fails and says so.
    """
    stamp = (now or _dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    base = save_dir / AUTOSAVE_DIR / f"{_safe(scenario_id)}-{stamp}-s{seed}"
    p, n = base, 1
    try:
        base.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return p
    while True:
        try:
            p.mkdir()  # atomic: exactly one table gets each name
            return p
        except FileExistsError:
            n += 1
            p = base.with_name(f"{base.name}-{n}")
        except OSError:
            return p


#: The lock file a table holds in the game folder it saves into (not a save: ``saves_in`` reads ``*.json``).
LOCK = ".table.lock"


class Claim:
    """A game folder taken by one table: an exclusive lock on its ``LOCK`` file, held until released.

    Two tables resuming the same game wrote into one folder: their running numbers collided and each one's
    clean-up deleted the other's autosaves. Where the platform has no ``flock``, or the lock file cannot be
    made (a read-only folder: autosaves fail there anyway and say so), the claim holds nothing.
    """

    def __init__(self, fd: int | None) -> None:
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor drops the lock
            self.fd = None


def claim(game_dir: Path) -> Claim | None:
    """Take ``game_dir`` for this table (None: another table has it open)."""
    try:
        import fcntl
    except ImportError:  # no flock on this platform
        return Claim(None)
    try:
        fd = os.open(game_dir / LOCK, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except OSError:
        return Claim(None)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return Claim(fd)


def autosave(session: Saver, game_dir: Path, turn: int, phase: str, side: str,
             tag: str = "", keep: int = KEEP) -> Path:
    """Write one autosave and delete all but the newest ``keep``; returns the file written."""
    game_dir.mkdir(parents=True, exist_ok=True)
    existing = saves_in(game_dir)
    last = existing[-1].name.split("-", 1)[0] if existing else ""
    seq = int(last) + 1 if last.isdigit() else 1
    name = f"{seq:05d}-T{turn:02d}-{_safe(phase)}-{_safe(side)}" + (f"-{_safe(tag)}" if tag else "") + ".json"
    path = game_dir / name
    session.save(path)
    files = saves_in(game_dir)
    crashes = [f for f in files if f.stem.endswith("-crash")]
    orders = [f for f in files if f.stem.endswith(f"-{ORDER}")]
    phases = [f for f in files if not f.stem.endswith(("-crash", f"-{ORDER}"))]
    for old in phases[:-keep] + crashes[:-KEEP_CRASH] + orders[:-KEEP_ORDER]:
        try:
            old.unlink()
        except OSError:
            pass
    return path


def saves_in(game_dir: Path) -> list[Path]:
    """Autosaves of one game, oldest first (regular files only)."""
    try:
        return sorted(p for p in game_dir.glob("*.json") if p.is_file() and not p.is_symlink())
    except OSError:
        return []


def last_game(save_dir: Path, scenario_id: str) -> Path | None:
    """The newest autosave of the most recently saved game of ``scenario_id``, if any."""
    root = save_dir / AUTOSAVE_DIR
    # the whole folder name: 'baseline-2020-' also begins 'baseline-2020-war-...', another scenario's game
    name = re.compile(re.escape(_safe(scenario_id)) + r"-\d{8}-\d{6}-s-?\d+(-\d+)?")
    best: tuple[float, Path] | None = None
    try:
        dirs = [d for d in root.iterdir() if d.is_dir() and not d.is_symlink() and name.fullmatch(d.name)]
    except OSError:
        return None
    for d in dirs:
        files = saves_in(d)
        if not files:
            continue
        try:
            t = files[-1].stat().st_mtime
        except OSError:
            continue
        if best is None or t > best[0]:
            best = (t, files[-1])
    return best[1] if best else None


def is_autosave(path: Path, save_dir: Path) -> bool:
    """Is ``path`` inside this table's autosave folder (so a resumed game keeps saving there)?"""
    try:
        path.resolve().relative_to((save_dir / AUTOSAVE_DIR).resolve())
    except (ValueError, OSError):
        return False
    return True

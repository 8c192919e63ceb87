"""Saves, replay and undo.

A save is the scenario's digest, the seed and the applied orders in text
form, plus the final state hash and a sha256 checksum of the rest. Loading
verifies the checksum and the digest, then replays the orders from the seed
and compares the hash: a save that is truncated, edited or from another
scenario is refused with a one-line SaveError. Writes are atomic (temporary
file, fsync, os.replace), so a crash never leaves half a save, and a refused
load never touches any file.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from engine.errors import EngineError, SaveError

if TYPE_CHECKING:
    from engine.game.game import Game
    from engine.core.state import State

SAVE_FORMAT = "eastflank-save"
SAVE_VERSION = 1


def _canonical(d: dict) -> str:
    return json.dumps(d, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def save_dict(state: "State") -> dict:
    sc = state.game.scenario
    body = {
        "format": SAVE_FORMAT,
        "version": SAVE_VERSION,
        "scenario_id": sc.id,
        "scenario_digest": sc.digest,
        "seed": state.seed,
        "actions": list(state.history),
        "turn": state.turn,
        "state_hash": state.state_hash(),
    }
    body["checksum"] = hashlib.sha256(_canonical(body).encode("utf-8")).hexdigest()
    return body


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Temp file in the same directory, fsync, then os.replace."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def save_game(state: "State", path: str | os.PathLike[str]) -> None:
    write_atomic(path, json.dumps(save_dict(state), indent=1, ensure_ascii=False) + "\n")


def replay(game: "Game", seed: int, actions: Iterable[str], where: str = "replay") -> "State":
    """Re-apply orders (text) from the seed; SaveError naming the first that fails."""
    state = game.new_initial_state(seed)
    for n, text in enumerate(actions, 1):
        try:
            state.apply_action(game.parse_action(text))
        except EngineError as e:
            raise SaveError(f"{where}: order {n} no longer applies: {e}") from None
    return state


def read_save(path: str | os.PathLike[str]) -> dict:
    """Read and check the envelope and checksum (no scenario needed)."""
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SaveError(f"{p}: save file not found") from None
    except (OSError, UnicodeDecodeError) as e:
        raise SaveError(f"{p}: cannot read save file ({e})") from None
    try:
        d = json.loads(raw)
    except json.JSONDecodeError as e:
        raise SaveError(f"{p}: save file is truncated or not JSON (line {e.lineno}, column {e.colno})") from None
    if not isinstance(d, dict) or d.get("format") != SAVE_FORMAT:
        raise SaveError(f"{p}: not an eastflank save file")
    if d.get("version") != SAVE_VERSION:
        raise SaveError(f"{p}: save version {d.get('version')!r} is not supported (expected {SAVE_VERSION})")
    want = d.pop("checksum", None)
    if want != hashlib.sha256(_canonical(d).encode("utf-8")).hexdigest():
        raise SaveError(f"{p}: checksum mismatch: the save was edited or corrupted")
    for k, typ in (("seed", int), ("actions", list), ("scenario_digest", str), ("state_hash", str)):
        if not isinstance(d.get(k), typ):
            raise SaveError(f"{p}: save field {k!r} is missing or malformed")
    return d


def load_save(path: str | os.PathLike[str], game: "Game") -> "State":
    """The verified state of a save for ``game``; SaveError (one line) otherwise."""
    d = read_save(path)
    sc = game.scenario
    if d["scenario_digest"] != sc.digest:
        raise SaveError(f"{path}: save is for scenario {d.get('scenario_id')!r} "
                        f"(digest {d['scenario_digest'][:12]}), not {sc.id!r} (digest {sc.digest[:12]})")
    state = replay(game, d["seed"], d["actions"], where=str(path))
    if state.state_hash() != d["state_hash"]:
        raise SaveError(f"{path}: replay gives state {state.state_hash()[:12]}, the save says "
                        f"{d['state_hash'][:12]} (engine or rules changed?)")
    return state


def undo(state: "State") -> "State":
    """The state before the last order (replay from the seed minus one); the same
    state if nothing was played."""
    if not state.history:
        return state.clone()
    return replay(state.game, state.seed, state.history[:-1], where="undo")


class Session:
    """A game being played (UI, facilitator): apply, undo, save.

    Keeps clones of recent states so undo is instant; older undos fall back
    to replay from the seed, which is always correct.
    """

    def __init__(self, game: "Game", seed: int = 0, state: "State | None" = None, keep: int = 64) -> None:
        self.game = game
        self.state = state if state is not None else game.new_initial_state(seed)
        self._stack: list["State"] = []
        self.keep = keep

    def apply(self, action) -> None:
        before = self.state.clone()
        self.state.apply_action(action)
        self._stack.append(before)
        if len(self._stack) > self.keep:
            self._stack.pop(0)

    def undo(self) -> bool:
        if not self.state.history:
            return False
        self.state = self._stack.pop() if self._stack else undo(self.state)
        return True

    def save(self, path: str | os.PathLike[str]) -> None:
        save_game(self.state, path)

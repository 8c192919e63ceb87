"""Saves, replay and undo.

A save is the scenario's digest, the seed and the applied orders in text
form, plus the final state hash and a sha256 checksum of the rest. Loading
verifies the checksum and the digest, then replays the orders from the seed
and compares the hash: a save that is truncated, edited or from another
scenario is refused with a one-line SaveError. Writes are atomic (temporary
file, fsync, os.replace; :mod:`engine.safeio`), so a crash never leaves half a
save, the next save removes the temporary files of a killed one, and only a
regular file is ever created or replaced. A refused load never touches any
file. Reads refuse non-regular files, more than :data:`MAX_SAVE_BYTES`, deep
JSON and orders that are not text; the header (``turn``, ``scenario_id``) must
agree with the replay. Undo reasons travel in the save (``undone``).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from engine import safeio
from engine.errors import EngineError, SaveError

if TYPE_CHECKING:
    from engine.game.game import Game
    from engine.core.state import State

SAVE_FORMAT = "eastflank-save"
SAVE_VERSION = 1
#: A save is a seed and a list of short orders; anything bigger is not one.
MAX_SAVE_BYTES = 32 * 1024 * 1024
#: Seeds are any integer below 2**127 in size: one of 0 .. 2**64 - 1 seeds the dice as it is, any other through
#: sha256 of its text (engine.core.rng.seed_state), so every seed is its own game; a bigger one in a save is
#: corruption or a forgery.
SEED_LIMIT = 2 ** 127


def _canonical(d: dict) -> str:
    return json.dumps(d, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _utf8(text: object) -> str:
    """``text`` as UTF-8-writable text: a lone surrogate (typed, pasted) becomes '?', else the save could not be written."""
    return str(text).encode("utf-8", "replace").decode("utf-8")


def undo_note(turn: int, order: str, reason: str = "") -> dict:
    """One taken-back order, as kept in a save's ``undone`` list."""
    return {"turn": int(turn), "order": _utf8(order), "reason": _utf8(reason)}


def inject_note(turn: int, phase: str, text: str, to: Sequence[str], after: int, at: int) -> dict:
    """One white-cell inject, as kept in a save's ``injects`` list: given after ``after`` orders, its line at
    index ``at`` of the log (the log is not saved: a resume replays it and puts these lines back)."""
    return {"turn": int(turn), "phase": _utf8(phase), "text": _utf8(text), "to": [_utf8(t) for t in to],
            "after": int(after), "at": int(at)}


def _is_inject(u: object, orders: int) -> bool:
    return (isinstance(u, dict) and all(isinstance(u.get(k), int) and not isinstance(u.get(k), bool)
                                        for k in ("turn", "after", "at"))
            and isinstance(u.get("phase"), str) and isinstance(u.get("text"), str)
            and isinstance(u.get("to"), list) and all(isinstance(t, str) for t in u["to"])
            and 0 <= u["after"] <= orders and u["at"] >= 0)


def save_dict(state: "State", undone: Sequence[dict] = (), injects: Sequence[dict] = ()) -> dict:
    """The save envelope; ``undone`` lists orders taken back (:func:`undo_note`), kept for the record;
    ``injects`` the white cell's injects (:func:`inject_note`), which a networked resume gives back."""
    sc = state.game.scenario
    if not -SEED_LIMIT < state.seed < SEED_LIMIT:  # read_save refuses it: a save nobody can load is not written
        raise SaveError(f"seed {state.seed} cannot be saved (a save holds seeds below 2**127 in size)")
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
    if undone:
        body["undone"] = [undo_note(u["turn"], u["order"], u.get("reason", "")) for u in undone]
    if injects:
        body["injects"] = [inject_note(**u) for u in injects]
    body["checksum"] = hashlib.sha256(_canonical(body).encode("utf-8")).hexdigest()
    return body


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Create or replace a regular file atomically (see :func:`engine.safeio.write_atomic`)."""
    safeio.write_atomic(path, text)


def save_game(state: "State", path: str | os.PathLike[str], undone: Sequence[dict] = (),
              injects: Sequence[dict] = ()) -> None:
    """Write a verified-on-load save; only a regular file is created or replaced (UnsafePathError)."""
    write_atomic(path, json.dumps(save_dict(state, undone, injects), indent=1, ensure_ascii=False) + "\n")


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
    if not os.fspath(path):
        raise SaveError("no save file named (the path is empty)")
    p = Path(path)
    try:
        raw = safeio.read_regular(p, MAX_SAVE_BYTES).decode("utf-8")
    except FileNotFoundError:
        raise SaveError(f"{p}: save file not found") from None
    except safeio.UnsafePathError as e:
        raise SaveError(f"{p}: cannot read save file: {e}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise SaveError(f"{p}: cannot read save file ({getattr(e, 'strerror', None) or e})") from None
    try:
        d = json.loads(raw)
    except json.JSONDecodeError as e:
        raise SaveError(f"{p}: save file is truncated or not JSON (line {e.lineno}, column {e.colno})") from None
    except RecursionError:
        raise SaveError(f"{p}: not an eastflank save file (JSON nested too deeply)") from None
    except ValueError as e:  # Python refuses integers of more than 4300 digits (CVE-2020-10735)
        raise SaveError(f"{p}: not an eastflank save file ({e})") from None
    if not isinstance(d, dict) or d.get("format") != SAVE_FORMAT:
        raise SaveError(f"{p}: not an eastflank save file")
    if d.get("version") != SAVE_VERSION:
        raise SaveError(f"{p}: save version {d.get('version')!r} is not supported (expected {SAVE_VERSION})")
    want = d.pop("checksum", None)
    if want != hashlib.sha256(_canonical(d).encode("utf-8")).hexdigest():
        raise SaveError(f"{p}: checksum mismatch: the save was edited or corrupted")
    for k, typ in (("seed", int), ("actions", list), ("scenario_digest", str), ("state_hash", str),
                   ("scenario_id", str), ("turn", int)):
        if not isinstance(d.get(k), typ) or isinstance(d.get(k), bool):
            raise SaveError(f"{p}: save field {k!r} is missing or malformed")
    if not -SEED_LIMIT < d["seed"] < SEED_LIMIT:
        raise SaveError(f"{p}: save field 'seed' is out of range (expected below 2**127 in size)")
    for n, a in enumerate(d["actions"], 1):
        if not isinstance(a, str):
            raise SaveError(f"{p}: order {n} is not text (got {type(a).__name__}; expected an order "
                            "such as 'end')")
    und = d.get("undone", [])
    if not isinstance(und, list) or not all(
            isinstance(u, dict) and isinstance(u.get("turn"), int) and isinstance(u.get("order"), str)
            and isinstance(u.get("reason", ""), str) for u in und):
        raise SaveError(f"{p}: save field 'undone' is malformed (expected a list of {{turn, order, reason}})")
    d["undone"] = und
    inj = d.get("injects", [])
    if not isinstance(inj, list) or not all(_is_inject(u, len(d["actions"])) for u in inj):
        raise SaveError(f"{p}: save field 'injects' is malformed (expected a list of {{turn, phase, text, to, "
                        f"after, at}}, 'after' at most the number of orders)")
    d["injects"] = inj
    return d


def load_save(path: str | os.PathLike[str], game: "Game") -> "State":
    """The verified state of a save for ``game``; SaveError (one line) otherwise."""
    return load_game(path, game)[0]


def load_game(path: str | os.PathLike[str], game: "Game") -> "tuple[State, list[dict]]":
    """The verified state of a save and its ``undone`` notes (:func:`undo_note`)."""
    d = read_save(path)
    sc = game.scenario
    if d["scenario_digest"] != sc.digest:
        raise SaveError(f"{path}: save is for scenario {d.get('scenario_id')!r} "
                        f"(digest {d['scenario_digest'][:12]}), not {sc.id!r} (digest {sc.digest[:12]})")
    if d["scenario_id"] != sc.id:
        raise SaveError(f"{path}: header says scenario {d['scenario_id']!r}, but its digest is that of {sc.id!r}")
    state = replay(game, d["seed"], d["actions"], where=str(path))
    if state.state_hash() != d["state_hash"]:
        raise SaveError(f"{path}: replay gives state {state.state_hash()[:12]}, the save says "
                        f"{d['state_hash'][:12]} (engine or rules changed?)")
    if state.turn != d["turn"]:
        raise SaveError(f"{path}: header says turn {d['turn']}, but the replay ends on turn {state.turn}")
    return state, list(d["undone"])


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
        self.undone: list[dict] = []

    def apply(self, action) -> None:
        before = self.state.clone()
        self.state.apply_action(action)
        self._stack.append(before)
        if len(self._stack) > self.keep:
            self._stack.pop(0)

    def undo(self, reason: str = "") -> bool:
        """Take back the last order; the order and ``reason`` are kept and saved."""
        if not self.state.history:
            return False
        self.undone.append(undo_note(self.state.turn, self.state.history[-1], reason))
        self.state = self._stack.pop() if self._stack else undo(self.state)
        return True

    def save(self, path: str | os.PathLike[str]) -> None:
        save_game(self.state, path, self.undone)

    def load(self, path: str | os.PathLike[str]) -> None:
        """Replace the state by a verified save (and its undo notes); on error nothing changes."""
        self.state, self.undone = load_game(path, self.game)
        self._stack.clear()

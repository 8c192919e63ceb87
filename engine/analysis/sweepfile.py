"""The results file of a sweep (or of ``playout --out``): checked line by line, resumed, merged.

A JSON-lines file: a header naming the plan (variants, n, seed, policies, metrics), what its games were
played on (each variant's scenario and map digests) and by which engine code (``code``: the digest of
the sources that decide a game, runner.GAME_CODE), then one line per game, appended and flushed as each
game finishes. A resume or a merge refuses a file of another plan, scenario or engine code, so games of
two versions are never mixed under one name.

Memory stays small whatever the number of games: files are read a line at a time, the games played are
one bit each (runner.DoneSet) and each variant's summary is a compact montecarlo.Tally.
"""

from __future__ import annotations

import json
import os
from array import array
from typing import Any, Callable, Mapping, Sequence

from engine import safeio
from engine.analysis.montecarlo import Tally
from engine.analysis import runner
from engine.analysis.runner import DoneSet, code_changes
from engine.errors import EngineError

FORMAT = "eastflank-sweep-1"


class SweepError(EngineError):
    """A --vary, --shard or results file is wrong."""


def _canon(v: Any) -> str:
    return json.dumps(v, sort_keys=True, default=str)


def code_header() -> dict[str, Any]:
    """The ``code`` entry of a header: this engine's code digest and a short digest of each of its files
    (so a refusal can say which file changed)."""
    digest, files = runner.code_identity()
    return {"digest": digest, "files": {rel: sha[:16] for rel, sha in files}}


#: A results file larger than this is refused. It is read a line at a time, so the size costs no memory:
#: a million games of ~1.7 kB each fit many times over.
RESULTS_MAX_BYTES = 1 << 40
#: The longest line read (a header of thousands of variants is a few MB; a game ~2 kB).
MAX_LINE = 1 << 26

Row = Callable[[dict, int], object]


def scan_results(path: str, on_header: Callable[[dict], object] | None = None,
                 on_row: Row | None = None) -> tuple[dict[str, Any] | None, int, int]:
    """Read a results file a line at a time: (header, byte length of the whole lines kept, bytes read).

    ``on_header`` sees the header first (it may refuse it), ``on_row`` each checked game line and its byte
    offset. A torn last line (a kill mid-write) is left out, and so is a last line that is not JSON (a
    crash can leave garbage or NULs there): the next run plays that game again. Any other bad line is
    refused, naming it."""
    if not os.path.lexists(path):
        return None, 0, 0
    try:  # a regular file only: a device or FIFO named by mistake is refused, never read for ever
        f = safeio.open_regular(path, RESULTS_MAX_BYTES)
    except (EngineError, OSError) as e:
        raise SweepError(f"{path}: cannot read results ({getattr(e, 'strerror', None) or e})") from None
    header: dict[str, Any] | None = None
    good = pos = lineno = 0
    torn = b""
    bad: SweepError | None = None  # a line that is not JSON: dropped if nothing but blank lines follows
    with f:
        while True:
            raw = f.readline(MAX_LINE + 1)
            if not raw:
                break
            lineno += 1
            start, pos = pos, pos + len(raw)
            if not raw.endswith(b"\n"):
                if len(raw) > MAX_LINE:
                    raise SweepError(f"{path}:{lineno}: a line of more than {MAX_LINE} bytes: not a sweep "
                                     "results file")
                torn = raw
                break
            if not raw.strip():
                good = pos if bad is None else good
                continue
            if bad is not None:
                raise bad
            try:
                obj = json.loads(raw)
            except (ValueError, RecursionError):  # RecursionError: a line nested too deeply to be a result
                bad = SweepError(f"{path}:{lineno}: not a JSON line of a sweep results file")
                if header is None:
                    raise bad from None
                continue
            if header is None:
                if not isinstance(obj, dict) or obj.get("format") != FORMAT:
                    raise SweepError(f"{path}:{lineno}: not a sweep results file (expected format {FORMAT!r})")
                _check_header(f"{path}:{lineno}", obj)
                header = obj
                if on_header:
                    on_header(obj)
            else:
                _check_row(f"{path}:{lineno}", obj, header)
                if on_row:
                    on_row(obj, start)
            good = pos
    if bad is not None and torn.strip():
        raise bad  # garbage followed by more: not what a kill leaves
    if header is None and torn.strip():
        # no whole line: a torn header of ours is a prefix of one (its first key is "bounds"); anything else is
        # someone's file, which a run would truncate and replace
        if not torn.startswith(b'{"bounds": '[:len(torn)]):
            raise SweepError(f"{path}: not a sweep results file (expected format {FORMAT!r}); "
                             "give another output file")
    return header, good, pos


def read_results(path: str) -> tuple[dict[str, Any] | None, list[dict], int]:
    """(header, game lines, byte length of the whole lines); a torn last line (a kill mid-write) is left out.
    Holds every line: for tests and small files (the runs use :func:`scan_results`)."""
    rows: list[dict] = []
    header, good, _ = scan_results(path, on_row=lambda r, _at: rows.append(r))
    return header, rows, good


HEADER_KEYS = ("format", "bounds", "variants", "settings", "n", "seed", "policies", "metrics", "digests", "code")
#: Header keys a file written before them lacks (such a file is still merged; it is not resumed).
HEADER_LATER = ("digests", "code")
ROW_KEYS = ("variant", "game", "seed", "result")
#: Fields of a game's result that the table reads: numbers, {name: number}, {name: text}, {name: [numbers]}.
RESULT_NUMBERS = ("turns", "actions")
RESULT_NUMBER_MAPS = ("score", "steps_lost", "units_left", "tracks", "metrics")


def _int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _number(v: Any) -> bool:
    import math
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _keys_ok(where: str, obj: Mapping[str, Any], known: Sequence[str], what: str,
             optional: Sequence[str] = ()) -> None:
    from engine.errors import did_you_mean
    for k in obj:
        if k not in known:
            raise SweepError(f"{where}: unknown key {str(k)[:60]!r} in {what}{did_you_mean(str(k), known)} "
                             f"(expected {', '.join(known)})")
    for k in known:
        if k not in obj and k not in optional:
            raise SweepError(f"{where}: {what} has no {k!r} (expected {', '.join(known)})")


def _check_header(where: str, h: Mapping[str, Any]) -> None:
    """SweepError naming the key unless ``h`` is a plan header as :func:`plan_header` writes it."""
    from engine.cli.options import MAX_GAMES
    _keys_ok(where, h, HEADER_KEYS, "the header", HEADER_LATER)
    v = h["variants"]
    bad = None
    if not isinstance(v, list) or not v or not all(isinstance(x, str) for x in v):
        bad = "variants: expected a non-empty list of variant names"
    elif len(set(v)) != len(v):
        bad = "variants: a variant is named twice"
    elif not _int(h["n"]) or not 1 <= h["n"] <= MAX_GAMES:
        bad = f"n: expected a whole number from 1 to {MAX_GAMES} (got {_canon(h['n'])[:40]})"
    elif not _int(h["seed"]):
        bad = f"seed: expected a whole number (got {_canon(h['seed'])[:40]})"
    elif not isinstance(h["policies"], dict) or not all(isinstance(x, str) for x in h["policies"].values()):
        bad = "policies: expected a mapping of side to policy name"
    elif not isinstance(h["metrics"], list) or not all(isinstance(x, str) for x in h["metrics"]):
        bad = "metrics: expected a list of --metric texts"
    elif not isinstance(h["settings"], list) or len(h["settings"]) not in (0, len(v)) or not all(
            isinstance(s, list) and all(isinstance(kv, list) and len(kv) == 2 and isinstance(kv[0], str) for kv in s)
            for s in h["settings"]):
        bad = "settings: expected one list of [key, value] pairs per variant"
    elif not isinstance(h["bounds"], list) or len(h["bounds"]) not in (0, len(v)) or not all(
            isinstance(b, dict) and all(isinstance(x, list) and len(x) == 2 and all(map(_number, x)) and x[0] <= x[1]
                                        for x in b.values()) for b in h["bounds"]):
        bad = "bounds: expected one mapping of quantity to [low, high] per variant"
    elif "digests" in h and (not isinstance(h["digests"], list) or len(h["digests"]) not in (0, len(v)) or not all(
            isinstance(d, dict) and all(isinstance(x, str) for x in d.values()) for d in h["digests"])):
        bad = "digests: expected one mapping of what (scenario, map) to its sha256 per variant"
    elif "code" in h and not (isinstance(h["code"], dict) and isinstance(h["code"].get("digest"), str) and isinstance(
            h["code"].get("files"), dict) and all(isinstance(x, str) for x in h["code"]["files"].values())):
        bad = "code: expected {digest: sha256 of the engine code, files: {path: sha256}}"
    if bad:
        raise SweepError(f"{where}: header {bad}")


def _check_row(where: str, r: Any, header: Mapping[str, Any]) -> None:
    """SweepError naming the key unless ``r`` is a game line of ``header``'s plan."""
    from engine.core.rng import derive_seed
    from engine.errors import did_you_mean
    if not isinstance(r, dict):
        raise SweepError(f"{where}: expected a game line {{variant, game, seed, result}}, got {_canon(r)[:40]}")
    _keys_ok(where, r, ROW_KEYS, "a game line")
    variants, n = header["variants"], header["n"]
    if not isinstance(r["variant"], str) or r["variant"] not in variants:
        name = str(r["variant"])[:60]
        raise SweepError(f"{where}: variant: {name!r} is not a variant of this sweep"
                         f"{did_you_mean(name, variants)} (expected one of the header's variants)")
    if not _int(r["game"]) or not 0 <= r["game"] < n:
        raise SweepError(f"{where}: game: expected a game number from 0 to {n - 1} (got {_canon(r['game'])[:40]})")
    if r["seed"] != derive_seed(header["seed"], "game", r["game"]):
        raise SweepError(f"{where}: seed: {_canon(r['seed'])[:40]} is not the seed of game {r['game']} "
                         f"of this sweep (seed {header['seed']})")
    res = r["result"]
    bad = None
    if not isinstance(res, dict):
        bad = "expected a mapping"
    else:
        for k in RESULT_NUMBERS:
            if not _number(res.get(k)):
                bad = f"{k}: expected a number (got {_canon(res.get(k))[:40]})"
                break
        for k in RESULT_NUMBER_MAPS:
            m = res.get(k)
            if bad is None and m is not None and not (isinstance(m, dict) and all(
                    x is None or isinstance(x, (int, float)) and not isinstance(x, bool) for x in m.values())):
                bad = f"{k}: expected a mapping of name to number"
        if bad is None and res.get("winner") is not None and not isinstance(res["winner"], str):
            bad = "winner: expected a side id, 'draw' or null"
        if bad is None and res.get("hours") is not None and not _number(res["hours"]):
            bad = "hours: expected a number"
        if bad is None and res.get("clock") is not None and not isinstance(res["clock"], str):
            bad = "clock: expected text"
        o = res.get("objectives")
        if bad is None and o is not None and not (isinstance(o, dict) and all(
                isinstance(x, str) for x in o.values())):
            bad = "objectives: expected a mapping of objective to side id"
        t = res.get("track_history")
        if bad is None and t is not None and not (isinstance(t, dict) and all(
                isinstance(x, list) and all(map(_number, x)) for x in t.values())):
            bad = "track_history: expected a mapping of track to a list of numbers"
    if bad:
        raise SweepError(f"{where}: result: {bad}")


def _plan_differs(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[str]:
    return [k for k in ("variants", "n", "seed", "policies", "metrics") if _canon(a.get(k)) != _canon(b.get(k))]




def _played_on_differs(path: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> str | None:
    """Why the games in ``old`` (a results file's header) were not played on what ``new`` plays, or None.
    Same options but an edited scenario (turns: 10 -> 6), or edited rules or policies, resumed into the
    old games, and the table mixed the two under one name."""
    if new.get("digests"):
        if not old.get("digests"):
            return (f"{path}: was written before results files recorded the scenario they were played on, so a "
                    "resume cannot tell whether the scenario changed; give a new --out (eastflank merge still "
                    "reads this file)")
        for key, was, now in zip(old["variants"], old["digests"], new["digests"]):
            changed = [what for what in sorted(set(was) | set(now)) if was.get(what) != now.get(what)]
            if changed:
                what = " and ".join("its map file" if c == "map" else "the scenario" if c == "scenario" else c
                                    for c in changed)
                digs = ", ".join(f"{c} {str(was.get(c, ''))[:12] or '-'} -> {str(now.get(c, ''))[:12] or '-'}"
                                 for c in changed)
                return (f"{path}: {what} of {key} changed since its games were played ({digs}); the old games "
                        f"would be mixed with new ones: give a new --out, or delete {path} to play them all again")
    if new.get("code"):
        if not old.get("code"):
            return (f"{path}: was written before results files recorded the engine code that played its games, "
                    "so a resume cannot tell whether the rules or policies changed; use a new --out or delete it "
                    "(eastflank merge still reads this file)")
        return _code_differs(path, old["code"], new["code"], "use a new --out or delete it")
    return None


def _code_differs(path: str, was: Mapping[str, Any], now: Mapping[str, Any], advice: str) -> str | None:
    if was["digest"] == now["digest"]:
        return None
    what = code_changes(was.get("files") or {}, now.get("files") or {}) or "its files"
    return (f"{path}: the results file was made by different engine code ({what}; code digest "
            f"{was['digest'][:12]} -> {now['digest'][:12]}); {advice}")


class ResultsFile:
    """Append-only results of one plan: resumes when the file holds the same plan.

    ``done``: the games played (one bit each); ``tallies``: each variant's summary so far; ``kept``: the
    results themselves, only with ``keep`` (``playout --out`` prints them all)."""

    def __init__(self, path: str | None, header: dict[str, Any], keep: bool = False) -> None:
        self.path = path
        self.header = header
        self.done = DoneSet(header["variants"], header["n"])
        self.tallies = {v: Tally() for v in header["variants"]}
        self.kept: dict[tuple[str, int], dict] | None = {} if keep else None
        self._f: Any = None
        if path is None:
            return
        refused: list[SweepError] = []  # raised once every line is checked (a bad line is named first)

        def on_header(h: dict) -> None:
            try:
                self._same_plan(path, h)
            except SweepError as e:
                refused.append(e)

        def on_row(r: dict, _at: int) -> None:
            if not refused:
                self._take(r["variant"], int(r["game"]), r["result"])
        old, good, size = scan_results(path, on_header, on_row)
        if refused:
            raise refused[0]
        # O_NOFOLLOW: a symlink swapped in since the path was checked is refused, never written through
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        try:
            self._f = os.fdopen(os.open(path, flags, 0o666), "r+b")
        except OSError as e:
            raise SweepError(f"{path}: cannot write the results ({e.strerror or e})") from None
        try:
            self._lock(path, size)
            if old is None:
                self._f.truncate(0)
                self._f.write((json.dumps(header, sort_keys=True) + "\n").encode())
            else:
                self._f.truncate(good)  # drop a torn last line
                self._f.seek(good)
            self._f.flush()
        except BaseException:
            self.close()
            raise

    def _same_plan(self, path: str, old: Mapping[str, Any]) -> None:
        bad = _plan_differs(old, self.header)
        if bad:
            raise SweepError(f"{path}: holds another sweep (differs in {', '.join(bad)}); "
                             "give another output file, or the same options to resume")
        why = _played_on_differs(path, old, self.header)
        if why:
            raise SweepError(why)

    def _lock(self, path: str, size: int) -> None:
        """One writer a file: two runs given the same --out played every game twice into it."""
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock
            return
        try:
            fcntl.flock(self._f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise SweepError(f"{path}: another run is writing this results file; wait for it to finish, "
                             "or give another --out") from None
        if os.fstat(self._f.fileno()).st_size != size:
            raise SweepError(f"{path}: changed while it was read (another run?); run the command again")

    def _take(self, variant: str, game: int, result: dict) -> bool:
        if not self.done.add(variant, game):
            return False  # a game twice: the first result is the one kept
        self.tallies[variant].add(game, result)
        if self.kept is not None:
            self.kept[(variant, game)] = result
        return True

    def add(self, variant: str, game: int, seed: int, result: dict) -> None:
        if self._take(variant, game, result) and self._f is not None:
            line = {"variant": variant, "game": game, "seed": seed, "result": result}
            self._f.write((json.dumps(line, sort_keys=True) + "\n").encode())
            self._f.flush()

    def close(self) -> None:
        if self._f is not None:
            self._f.close()  # the lock goes with the file
            self._f = None


class Merged:
    """The union of the games of results files of one plan, kept as where each game's line is (file, byte
    offset: 12 bytes a game) and each variant's tally, so merging a million games holds no result."""

    def __init__(self, header: dict[str, Any], paths: Sequence[str]) -> None:
        self.header, self.paths = header, list(paths)
        self.done = DoneSet(header["variants"], header["n"])
        self.tallies = {v: Tally() for v in header["variants"]}
        self.where: dict[str, tuple[array, array]] = {}  # variant -> (file index, offset) by game
        self.sizes: list[int] = []

    def take(self, fileno: int, row: dict, at: int) -> None:
        v, g = row["variant"], int(row["game"])
        if not self.done.add(v, g):
            return  # overlapping shards: the first file's game is kept
        self.tallies[v].add(g, row["result"])
        n = int(self.header["n"])
        files, offsets = self.where.setdefault(v, (array("I", [0]) * n, array("q", [0]) * n))
        files[g], offsets[g] = fileno, at


def merge_files(paths: Sequence[str]) -> Merged:
    """The games of results files of one plan (shards, or resumed runs), refused when the files are of
    another plan, scenario or engine code."""
    merged: Merged | None = None
    for i, p in enumerate(paths):
        def on_header(h: dict, p: str = p) -> None:
            nonlocal merged
            if merged is None:
                merged = Merged(h, paths)
                return
            first = merged.header
            if _plan_differs(first, h):
                raise SweepError(f"{p}: another sweep than {paths[0]} (differs in {', '.join(_plan_differs(first, h))})")
            if h.get("digests") and first.get("digests") and _canon(h["digests"]) != _canon(first["digests"]):
                raise SweepError(f"{p}: its games were played on another version of the scenario than {paths[0]}'s "
                                 "(their digests differ); merge results of one scenario only")
            if bool(h.get("code")) != bool(first.get("code")):
                old, new = (p, paths[0]) if first.get("code") else (paths[0], p)
                raise SweepError(f"{old}: was written before results files recorded the engine code, {new} after: "
                                 "cannot tell whether their games were played by the same code; merge files of "
                                 "one engine version only")
            why = h.get("code") and _code_differs(p, first["code"], h["code"],
                                                  f"merge results of one engine version only (not with {paths[0]})")
            if why:
                raise SweepError(why)

        def on_row(r: dict, at: int, i: int = i) -> None:
            assert merged is not None
            merged.take(i, r, at)
        h, _good, size = scan_results(p, on_header, on_row)
        if h is None:
            raise SweepError(f"{p}: is empty, not a sweep results file" if os.path.lexists(p)
                             else f"{p}: no such results file")
        assert merged is not None
        merged.sizes.append(size)
    assert merged is not None
    return merged


def write_merged(path: str, merged: Merged) -> None:
    """The merged file, games in plan order, written a line at a time to a temporary file that replaces
    ``path`` (which may be one of the inputs) only when whole."""
    from engine.core.rng import derive_seed
    header = merged.header
    _check_merge_out(path, merged)
    files = [safeio.open_regular(p, RESULTS_MAX_BYTES) for p in merged.paths]
    try:
        with safeio.atomic_path(path) as tmp:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            with os.fdopen(os.open(tmp, flags, 0o666), "wb") as out:
                out.write((json.dumps(dict(header), sort_keys=True) + "\n").encode())
                for v, (which, offsets) in ((v, merged.where[v]) for v in header["variants"] if v in merged.where):
                    for g in range(int(header["n"])):
                        if (v, g) in merged.done:
                            f = files[which[g]]
                            f.seek(offsets[g])
                            row = _reread(merged.paths[which[g]], f.readline(MAX_LINE + 1), v, g)
                            line = {"variant": v, "game": g, "seed": derive_seed(int(header["seed"]), "game", g),
                                    "result": row["result"]}
                            out.write((json.dumps(line, sort_keys=True) + "\n").encode())
                out.flush()
                os.fsync(out.fileno())
    except OSError as e:
        raise SweepError(f"{path}: cannot write ({e.strerror or e})") from None
    finally:
        for f in files:
            f.close()


def _reread(path: str, raw: bytes, variant: str, game: int) -> dict:
    try:
        row = json.loads(raw)
        if isinstance(row, dict) and row.get("variant") == variant and row.get("game") == game:
            return row
    except (ValueError, RecursionError):
        pass
    raise SweepError(f"{path}: changed while it was merged (game {game} of {variant} is not where it was); "
                     "merge again")


def _check_merge_out(path: str, merged: Merged) -> None:
    """SweepError unless replacing ``path`` loses nothing: it is absent, empty, an input, or a results file of
    the same sweep (an earlier merge), and no run is appending to it (its next games would go to the file
    replaced)."""
    if not os.path.lexists(path):
        return
    same_input = any(os.path.realpath(p) == os.path.realpath(path) for p in merged.paths)
    if not same_input:
        def on_header(h: dict) -> None:
            if _plan_differs(h, merged.header):
                raise SweepError(f"{path}: holds another sweep than the files merged (differs in "
                                 f"{', '.join(_plan_differs(h, merged.header))}); give another --out")
        try:
            scan_results(path, on_header)
        except SweepError as e:
            raise SweepError(f"--out {e}" if "another --out" in str(e) else f"--out {path}: exists and is not a "
                             "sweep results file; give another --out (it is not replaced)") from None
    try:
        import fcntl
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except (ImportError, OSError):
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        raise SweepError(f"--out {path}: another run is writing this results file; merge into another file, "
                         "or when it is done") from None
    finally:
        os.close(fd)

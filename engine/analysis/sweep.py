"""Sweeps of excursions: a grid of scenario variants, each played on the same seeds.

``--vary KEY.PATH=v1,v2`` changes one key of the scenario document (the
resolved ``extends:`` chain). A path walks mappings by key and lists of
items with ids by id (``units.us_abct.arrives``) or other lists by index;
values are YAML (``3``, ``true``, ``[a, b]``). Each variant is written as a
small ``extends:`` file holding only the changed keys, so it goes through
the loader's checks (file:line:col, did-you-mean) exactly like a hand-made
variant; the scenario files given themselves are variants too.

Results are a JSON-lines file: a header naming the plan, then one line per
game, appended and flushed as each game finishes. A rerun with the same
plan skips the games already there (resume); ``--shard K/N`` plays every
N-th game, and :func:`merge_files` combines shards. Game ``i`` of every
variant has seed ``game_seeds(seed, n)[i]``, the seed ``playout`` gives it.
"""

from __future__ import annotations

import itertools
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

import attrs

from engine import safeio
from engine.errors import EngineError

FORMAT = "eastflank-sweep-1"


class SweepError(EngineError):
    """A --vary, --shard or results file is wrong."""


# --- parsing ---------------------------------------------------------------------------------

def split_values(text: str) -> list[str]:
    """'1,2,[a, b],"x,y"' -> ['1', '2', '[a, b]', '"x,y"']: commas inside brackets or quotes stay."""
    out, cur, depth, quote = [], "", 0, ""
    for ch in text:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
            continue
        cur += ch
    out.append(cur.strip())
    return out


def _yaml_value(text: str, key: str, v: str) -> Any:
    """One --vary value read as the scenario loader reads YAML (YAML 1.2 core scalars, plain tags only,
    bounded nesting, no self-referring aliases): SweepError saying which value and why."""
    from engine.errors import ScenarioError
    from engine.scenario import yamlsafe
    try:
        return yamlsafe.plain(yamlsafe.parse(v, "value"))
    except ScenarioError as e:
        p = e.problems[0]
        shown = v if len(v) <= 60 else v[:57] + "..."
        at = f" (column {p.col})" if p.col else ""
        raise SweepError(f"--vary {key}: value {shown!r} is not a YAML value{at}: {p.message}") from None


def parse_vary(text: str) -> tuple[str, list[Any]]:
    """'units.us_abct.arrives=3,5' -> ('units.us_abct.arrives', [3, 5])."""
    key, sep, vals = text.partition("=")
    key = key.strip()
    if not sep or not key or not vals.strip() or any(not p for p in key.split(".")):
        raise SweepError(f"--vary {text!r}: expected KEY.PATH=VALUE1,VALUE2,... (e.g. turns=10,14)")
    if key.split(".")[0] == "extends":  # each variant extends the scenario: its own extends: was dropped unread
        raise SweepError(f"--vary {key}: the file a scenario extends cannot be varied; give each scenario file "
                         "as a SCENARIO (several files are variants too)")
    values = []
    for v in split_values(vals):
        if not v:
            raise SweepError(f"--vary {text!r}: an empty value (two commas in a row?)")
        values.append(_yaml_value(text, key, v))
    seen: dict[str, str] = {}
    for v, raw in zip(values, split_values(vals)):
        first = seen.get(_canon(_same_number(v)))
        if first is not None:
            same = "is given twice" if first == raw else f"and {first!r} are the same value to the loader"
            raise SweepError(f"--vary {text!r}: {raw!r} {same}")
        seen[_canon(_same_number(v))] = raw
    return key, values


def parse_shard(text: str | None) -> tuple[int, int]:
    """'2/4' -> (2, 4); None -> (1, 1)."""
    if not text:
        return 1, 1
    try:
        k, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise SweepError(f"--shard {text!r}: expected K/N, e.g. 1/4") from None
    if not 1 <= k <= n:
        raise SweepError(f"--shard {text!r}: K must be between 1 and N")
    return k, n


def _same_number(v: Any) -> Any:
    """``v`` with whole floats as ints (5.0 -> 5), as the loader reads a whole number; true/false stay."""
    if type(v) is float and v.is_integer():  # a RoundedFloat (14.99...9) is refused by the loader: kept apart
        return int(v)
    if isinstance(v, dict):
        return {k: _same_number(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_same_number(x) for x in v]
    return v


def _canon(v: Any) -> str:
    return json.dumps(v, sort_keys=True, default=str)


# --- variants --------------------------------------------------------------------------------

def resolved_doc(path: str) -> Any:
    """The scenario document with its ``extends:`` chain merged (plain dicts and lists)."""
    from engine.scenario import loader, yamlsafe
    from engine.scenario.check import Checker
    ck = Checker()
    doc = loader._read_doc(ck, str(path), [])
    if doc is None or ck.problems:
        raise EngineError(str(path) + ": " + "; ".join(str(p) for p in ck.problems) if ck.problems
                          else f"{path}: not a scenario")
    return yamlsafe.plain(doc)


def _is_id_list(v: Any) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, dict) and isinstance(x.get("id"), str) for x in v)


def set_path(doc: Any, key: str, value: Any) -> Any:
    """A copy of ``doc`` with the dotted ``key`` set to ``value`` (SweepError naming the bad step)."""
    parts = key.split(".")

    def go(node: Any, i: int) -> Any:
        if i == len(parts):
            return value
        step, where = parts[i], ".".join(parts[:i]) or "the scenario"
        if isinstance(node, dict):
            out = dict(node)
            out[step] = go(node.get(step), i + 1)
            return out
        if _is_id_list(node):
            ids = [x["id"] for x in node]
            if step not in ids:
                from engine.errors import did_you_mean
                raise SweepError(f"--vary {key}: {where} has no item with id {step!r}{did_you_mean(step, ids)}")
            return [go(x, i + 1) if x["id"] == step else x for x in node]
        if isinstance(node, list):
            if not step.isdigit() or int(step) >= len(node):
                raise SweepError(f"--vary {key}: {where} is a list of {len(node)}; expected an index, got {step!r}")
            return [go(x, i + 1) if j == int(step) else x for j, x in enumerate(node)]
        if node is None:  # a key the document does not give: the loader will check it
            return {step: go(None, i + 1)}
        raise SweepError(f"--vary {key}: {where} is {_canon(node)}, not a mapping or a list")
    return go(doc, 0)


def diff(base: Any, new: Any) -> Any:
    """The smallest override that the loader's merge rule turns ``base`` into ``new``."""
    if isinstance(base, dict) and isinstance(new, dict):
        return {k: (diff(base[k], v) if k in base else v) for k, v in new.items()
                if k not in base or _canon(base[k]) != _canon(v)}
    if _is_id_list(base) and _is_id_list(new) and [x["id"] for x in base] == [x["id"] for x in new]:
        return [{"id": b["id"], **diff(b, n)} for b, n in zip(base, new) if _canon(b) != _canon(n)]
    return new


@attrs.frozen
class Variant:
    key: str  # 'turns=10, tracks.tension.initial=50' (unique, human-readable)
    settings: tuple[tuple[str, Any], ...]  # (key, value) in --vary order; 'scenario' first when files vary
    scenario: str  # absolute path of the base file
    text: str  # the extends: file (empty: the base file as it is)


def build_variants(scenarios: Sequence[str], vary: Sequence[tuple[str, list[Any]]]) -> list[Variant]:
    import yaml
    out = []
    for scen in scenarios:
        base_path = os.path.abspath(scen)
        doc = resolved_doc(scen) if vary else None
        for combo in itertools.product(*[vals for _, vals in vary]):
            settings = ([("scenario", scen)] if len(scenarios) > 1 else []) + [
                (k, v) for (k, _), v in zip(vary, combo)]
            text = ""
            if vary:
                new = doc
                for (k, _), v in zip(vary, combo):
                    new = set_path(new, k, v)
                over = diff(doc, new)
                over.pop("extends", None)
                text = yaml.safe_dump({"extends": base_path, **over}, sort_keys=False, allow_unicode=True)
            key = ", ".join(f"{k}={_canon(v) if not isinstance(v, str) else v}" for k, v in settings) or scen
            out.append(Variant(key, tuple(settings), base_path, text))
    return out


class VariantFactory:
    """Picklable: builds a variant's Game in any process (a Ray worker too) from the variant's text."""

    def __init__(self, variant: Variant) -> None:
        self.variant = variant

    def portable(self) -> "VariantFactory":
        return self

    def __call__(self):
        from engine.game.game import load_game
        v = self.variant
        if not v.text:
            return load_game(v.scenario)
        with tempfile.TemporaryDirectory(prefix="eastflank-sweep-") as d:
            p = Path(d) / "variant.yaml"
            p.write_text(v.text, encoding="utf-8")
            try:
                return load_game(p)
            except EngineError as e:
                raise SweepError(f"variant {v.key}: {e}".replace(str(p), f"<variant {v.key}>")) from None


# --- results files -------------------------------------------------------------------------

def plan_header(variants: Sequence[Variant], n: int, seed: int, policies: Mapping[str, str],
                metrics: Sequence[str], bounds: Sequence[Mapping[str, Any]] = (),
                digests: Sequence[Mapping[str, str]] = ()) -> dict[str, Any]:
    """What the results file holds; ``bounds`` (one per variant) keeps the table's intervals in range,
    ``digests`` (one per variant, :func:`game_digests`) what its games were played on."""
    return {"format": FORMAT, "bounds": list(bounds), "variants": [v.key for v in variants],
            "settings": [[[k, val] for k, val in v.settings] for v in variants], "n": n, "seed": seed,
            "policies": dict(sorted(policies.items())), "metrics": list(metrics),
            "digests": [dict(d) for d in digests]}


def game_digests(game: Any) -> dict[str, str]:
    """What a variant's games are played on: the scenario's digest (the loader's sha256 of its resolved
    content) and the map file's sha256 (the scenario digest names the map file, not its content). A
    resume compares them, so games of an edited scenario are never mixed with the old ones."""
    import hashlib
    from engine.geo.mapfile import MAX_MAP_BYTES
    sc = game.scenario
    out = {"scenario": sc.digest}
    if sc.map_path:
        try:
            out["map"] = hashlib.sha256(safeio.read_regular(sc.map_path, MAX_MAP_BYTES)).hexdigest()
        except (EngineError, OSError):
            out["map"] = ""  # unreadable now; the scenario digest still counts
    return out


#: A results file larger than this is refused (50,000 games of ~5 kB each fit with room to spare).
RESULTS_MAX_BYTES = 1 << 30


def read_results(path: str) -> tuple[dict[str, Any] | None, list[dict], int]:
    """(header, game lines, byte length of the whole lines); a torn last line (a kill mid-write) is left out."""
    if not os.path.lexists(path):
        return None, [], 0
    try:  # a regular file only: a device or FIFO named by mistake is refused, never read for ever
        data = safeio.read_regular(path, RESULTS_MAX_BYTES)
    except (EngineError, OSError) as e:
        raise SweepError(f"{path}: cannot read results ({getattr(e, 'strerror', None) or e})") from None
    header, rows, good = None, [], 0
    pos = 0
    for lineno, raw in enumerate(data.split(b"\n"), 1):
        end = pos + len(raw) + 1
        if end > len(data):  # no newline: torn
            break
        pos = end
        if not raw.strip():
            good = pos
            continue
        try:
            obj = json.loads(raw)
        except (ValueError, RecursionError):  # RecursionError: a line nested too deeply to be a result
            raise SweepError(f"{path}:{lineno}: not a JSON line of a sweep results file") from None
        if header is None:
            if not isinstance(obj, dict) or obj.get("format") != FORMAT:
                raise SweepError(f"{path}:{lineno}: not a sweep results file (expected format {FORMAT!r})")
            _check_header(f"{path}:{lineno}", obj)
            header = obj
        else:
            _check_row(f"{path}:{lineno}", obj, header)
            rows.append(obj)
        good = pos
    if header is None and data[good:].strip():
        # no whole line: a torn header of ours is a prefix of one (its first key is "bounds"); anything else is
        # someone's file, which a run would truncate and replace
        if not data[good:].startswith(b'{"bounds": '[:len(data) - good]):
            raise SweepError(f"{path}: not a sweep results file (expected format {FORMAT!r}); "
                             "give another output file")
    return header, rows, good


HEADER_KEYS = ("format", "bounds", "variants", "settings", "n", "seed", "policies", "metrics", "digests")
#: Header keys a file written before them lacks (such a file is still merged; it is not resumed).
HEADER_LATER = ("digests",)
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
    Same options but an edited scenario (turns: 10 -> 6) resumed into the old games, and the table
    mixed the two scenarios under one name."""
    if not new.get("digests"):
        return None
    if not old.get("digests"):
        return (f"{path}: was written before results files recorded the scenario they were played on, so a "
                "resume cannot tell whether the scenario changed; give a new --out (eastflank merge still reads "
                "this file)")
    for key, was, now in zip(old["variants"], old["digests"], new["digests"]):
        changed = [what for what in sorted(set(was) | set(now)) if was.get(what) != now.get(what)]
        if changed:
            what = " and ".join("its map file" if c == "map" else "the scenario" if c == "scenario" else c
                                for c in changed)
            digs = ", ".join(f"{c} {str(was.get(c, ''))[:12] or '-'} -> {str(now.get(c, ''))[:12] or '-'}"
                             for c in changed)
            return (f"{path}: {what} of {key} changed since its games were played ({digs}); the old games "
                    f"would be mixed with new ones: give a new --out, or delete {path} to play them all again")
    return None


class ResultsFile:
    """Append-only results of one plan: resumes when the file holds the same plan."""

    def __init__(self, path: str | None, header: dict[str, Any]) -> None:
        self.path = path
        self.header = header
        self.done: dict[tuple[str, int], dict] = {}
        self._f: Any = None
        if path is None:
            return
        old, rows, good = read_results(path)
        if old is not None:
            bad = _plan_differs(old, header)
            if bad:
                raise SweepError(f"{path}: holds another sweep (differs in {', '.join(bad)}); "
                                 "give another output file, or the same options to resume")
            why = _played_on_differs(path, old, header)
            if why:
                raise SweepError(why)
            for r in rows:
                self.done[(r["variant"], int(r["game"]))] = r["result"]
        # O_NOFOLLOW: a symlink swapped in since the path was checked is refused, never written through
        flags = (os.O_RDWR if old is not None else os.O_WRONLY | os.O_CREAT | os.O_TRUNC) | getattr(os, "O_NOFOLLOW", 0)
        try:
            self._f = os.fdopen(os.open(path, flags, 0o666), "r+b" if old is not None else "wb")
        except OSError as e:
            raise SweepError(f"{path}: cannot write the results ({e.strerror or e})") from None
        if old is None:
            self._f.write((json.dumps(header, sort_keys=True) + "\n").encode())
        else:
            self._f.truncate(good)  # drop a torn last line
            self._f.seek(good)
        self._f.flush()

    def add(self, variant: str, game: int, seed: int, result: dict) -> None:
        self.done[(variant, game)] = result
        if self._f is not None:
            line = {"variant": variant, "game": game, "seed": seed, "result": result}
            self._f.write((json.dumps(line, sort_keys=True) + "\n").encode())
            self._f.flush()

    def close(self) -> None:
        if self._f is not None:
            self._f.close()
            self._f = None


def merge_files(paths: Sequence[str]) -> tuple[dict[str, Any], dict[tuple[str, int], dict]]:
    """Header and the union of the games of results files of one plan (shards, or resumed runs)."""
    header: dict[str, Any] | None = None
    done: dict[tuple[str, int], dict] = {}
    for p in paths:
        h, rows, _ = read_results(p)
        if h is None:
            raise SweepError(f"{p}: is empty, not a sweep results file" if os.path.lexists(p)
                             else f"{p}: no such results file")
        if header is None:
            header = h
        elif _plan_differs(header, h):
            raise SweepError(f"{p}: another sweep than {paths[0]} (differs in {', '.join(_plan_differs(header, h))})")
        elif h.get("digests") and header.get("digests") and _canon(h["digests"]) != _canon(header["digests"]):
            raise SweepError(f"{p}: its games were played on another version of the scenario than {paths[0]}'s "
                             "(their digests differ); merge results of one scenario only")
        for r in rows:
            done.setdefault((r["variant"], int(r["game"])), r["result"])
    assert header is not None
    return header, done


def write_merged(path: str, header: Mapping[str, Any], done: Mapping[tuple[str, int], dict]) -> None:
    from engine.analysis.playout import game_seeds
    from engine.core.save import write_atomic
    seeds = game_seeds(int(header["seed"]), int(header["n"]))
    order = {k: i for i, k in enumerate(header["variants"])}
    lines = [json.dumps(dict(header), sort_keys=True)]
    for (v, g) in sorted(done, key=lambda vg: (order.get(vg[0], 1 << 30), vg[1])):
        lines.append(json.dumps({"variant": v, "game": g, "seed": seeds[g], "result": done[(v, g)]}, sort_keys=True))
    write_atomic(path, "\n".join(lines) + "\n")


# --- running ----------------------------------------------------------------------------------

def plan_tasks(variants: Sequence[Variant], n: int, seed: int, shard: tuple[int, int] = (1, 1),
               skip: Any = frozenset(), limit: int | None = None) -> Any:
    """Every (variant, game) of the plan in this shard, less ``skip`` (runner.TaskPlan: counted up front,
    made as they are taken). Game-major (early results cover every variant) while a worker can keep every
    variant's game built; variant-major for larger grids, so a worker plays runs of one variant instead
    of rebuilding games."""
    from engine.analysis.runner import TaskPlan
    return TaskPlan([v.key for v in variants], n, seed, shard, skip, limit)


def run_sweep(variants: Sequence[Variant], n: int, seed: int, policies: Mapping[str, str],
              metrics: Sequence[Any], results: ResultsFile, jobs: int = 1, backend: str = "local",
              address: str | None = None, shard: tuple[int, int] = (1, 1), progress: Any = None,
              limit: int | None = None, games: Sequence[Any] = ()) -> int:
    """Play the plan's missing games into ``results``; returns how many were played.

    ``games``: the variants' Games if the caller built them already (reused by local workers);
    ``limit`` stops after that many games.
    """
    from engine.analysis.runner import Spec, prime, run_tasks
    specs = {v.key: Spec(VariantFactory(v), dict(policies), tuple(metrics)) for v in variants}
    if games and backend == "local":
        prime(specs, {v.key: g for v, g in zip(variants, games)})
    todo = plan_tasks(variants, n, seed, shard, skip=results.done, limit=limit)
    played = 0
    for t, r in run_tasks(specs, todo, jobs, backend, address, progress):
        results.add(t.key, t.index, t.seed, r)
        played += 1
    return played


def run_resumable(path: str, label: str, factory: Any, n: int, seed: int, policies: Mapping[str, str],
                  metric_args: Sequence[str], metrics: Sequence[Any], bounds: Mapping[str, Any], jobs: int = 1,
                  backend: str = "local", address: str | None = None, progress: Any = None,
                  game: Any = None) -> list[dict]:
    """``playout --out``: one scenario's games appended to a results file as they finish, resumed on a
    rerun; the results of all ``n`` games in game order (a sweep file of one variant: merge reads it).
    ``game``: the factory's Game, whose digests the header records (a resume refuses another scenario)."""
    from engine.analysis.runner import Spec, TaskPlan, portable, run_tasks
    header = {"format": FORMAT, "bounds": [dict(bounds)], "variants": [label], "settings": [[]], "n": n,
              "seed": seed, "policies": dict(sorted(policies.items())), "metrics": list(metric_args),
              "digests": [game_digests(game if game is not None else factory())]}
    results = ResultsFile(path, header)
    try:
        specs = {label: Spec(portable(factory), dict(policies), tuple(metrics))}
        todo = TaskPlan([label], n, seed, skip=results.done)
        for t, r in run_tasks(specs, todo, jobs, backend, address, progress):
            results.add(t.key, t.index, t.seed, r)
    finally:
        results.close()
    return [results.done[(label, i)] for i in range(n)]


def grouped(variants: Sequence[Variant], done: Mapping[tuple[str, int], dict]) -> Iterator[tuple[Variant, list[dict]]]:
    """Each variant's results in game order."""
    for v in variants:
        games = sorted(g for (k, g) in done if k == v.key)
        yield v, [done[(v.key, g)] for g in games]

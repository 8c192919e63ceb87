"""Sweeps of excursions: a grid of scenario variants, each played on the same seeds.

``--vary KEY.PATH=v1,v2`` changes one key of the scenario document (the
resolved ``extends:`` chain). A path walks mappings by key and lists of
items with ids by id (``units.us_abct.arrives``) or other lists by index;
values are YAML (``3``, ``true``, ``[a, b]``). Each variant is written as a
small ``extends:`` file holding only the changed keys, so it goes through
the loader's checks (file:line:col, did-you-mean) exactly like a hand-made
variant; the scenario files given themselves are variants too.

Results are a JSON-lines file (engine/analysis/sweepfile.py): a header naming
the plan and the engine code that plays it, then one line per game, appended
and flushed as each game finishes. A rerun with the same
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
# the results file lives in sweepfile (sweep.py outgrew 600 lines); its names are still read from here
from engine.analysis.sweepfile import (FORMAT, RESULTS_MAX_BYTES, Merged, ResultsFile, SweepError, _canon,  # noqa: F401
                                       code_header, merge_files, read_results, scan_results, write_merged)
from engine.errors import EngineError


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
    if n < 1:
        raise SweepError(f"--shard {text!r}: N (the number of shards) must be 1 or more")
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
    ``digests`` (one per variant, :func:`game_digests`) what its games were played on, ``code`` by which
    engine code (a resume or merge refuses games of other rules or policies)."""
    return {"format": FORMAT, "bounds": list(bounds), "variants": [v.key for v in variants],
            "settings": [[[k, val] for k, val in v.settings] for v in variants], "n": n, "seed": seed,
            "policies": dict(sorted(policies.items())), "metrics": list(metrics),
            "digests": [dict(d) for d in digests], "code": code_header()}


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
              "digests": [game_digests(game if game is not None else factory())], "code": code_header()}
    results = ResultsFile(path, header, keep=True)
    try:
        specs = {label: Spec(portable(factory), dict(policies), tuple(metrics))}
        todo = TaskPlan([label], n, seed, skip=results.done)
        for t, r in run_tasks(specs, todo, jobs, backend, address, progress):
            results.add(t.key, t.index, t.seed, r)
    finally:
        results.close()
    kept = results.kept
    assert kept is not None
    return [kept[(label, i)] for i in range(n)]

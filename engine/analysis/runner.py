"""Where games run: in this process, in local worker processes, or on a Ray cluster.

A run is a list of :class:`Task` (which variant, which game, which seed);
each variant is a :class:`Spec` (a picklable game factory, the policy names,
extra metrics). Every backend plays a task exactly as
``engine.analysis.playout`` does (fresh policies per game, the same
``play_game``), so the same seeds give the same results, and the same state
hashes, on every backend and for every ``--jobs``. Results come back as they
finish (``run_tasks`` yields them), so a caller can append each one to a
file and resume after an interruption.

Ray is optional (the ``cluster`` extra) and imported only when asked for;
:func:`check_backend` says what to install before any game runs.
"""

from __future__ import annotations

import functools
import hashlib
import os
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Sequence

import attrs

from engine.errors import EngineError

BACKENDS = ("local", "ray")
#: Games a worker keeps built (one per variant; a default-scenario Game is about 11 MB).
CACHE_GAMES = 32
Progress = Callable[[int, int], None]


@attrs.frozen
class Spec:
    """One variant: how to build its game and who plays it."""
    factory: Any  # picklable () -> Game
    policy_names: Mapping[str, str]
    metrics: tuple = ()


@attrs.frozen
class Task:
    key: str  # variant key (a Spec of the specs mapping)
    index: int  # game number within the variant
    seed: int


class DoneSet:
    """The (key, game) pairs already played, one bit a game: a million games of a variant take 125 kB where
    a set of tuples took some 100 MB. Keys not of the plan are never added."""

    def __init__(self, keys: Sequence[str], n: int) -> None:
        self.n = int(n)
        self._bits: dict[str, bytearray] = {k: bytearray() for k in keys}
        self._count = 0

    def add(self, key: str, game: int) -> bool:
        """Mark a game played; False if it already was (the first result of a game is the one kept)."""
        bits = self._bits[key]
        if not bits:
            bits.extend(bytes((self.n + 7) // 8))
        byte, bit = divmod(game, 8)
        if bits[byte] >> bit & 1:
            return False
        bits[byte] |= 1 << bit
        self._count += 1
        return True

    def __contains__(self, pair: object) -> bool:
        if not isinstance(pair, tuple) or len(pair) != 2:
            return False
        bits, game = self._bits.get(pair[0]), pair[1]
        if not bits or not isinstance(game, int) or not 0 <= game < self.n:
            return False
        return bool(bits[game >> 3] >> (game & 7) & 1)

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[tuple[str, int]]:
        for key, bits in self._bits.items():
            for byte, b in enumerate(bits):
                while b:
                    low = b & -b
                    yield key, byte * 8 + low.bit_length() - 1
                    b ^= low

    def copy(self) -> "DoneSet":
        out = DoneSet([], self.n)
        out._bits = {k: bytearray(v) for k, v in self._bits.items()}
        out._count = self._count
        return out


class TaskPlan:
    """The tasks of ``n`` games of each variant (``keys``) in one shard, made one at a time as they are
    taken, with their count known up front (progress, worker chunks). A sweep of 4 variants x 1,000,000
    games used to build its 4 M tasks and their seeds as lists before the first game (870 MB in the
    first minute); here the plan holds the keys, the games already done and a few numbers.

    Order: game-major (early results cover every variant) while a worker can keep every variant's game
    built, variant-major for larger grids; a shard ``(k, of)`` takes every ``of``-th task from the
    ``k``-th, counted over the whole plan, so shards partition it whatever was already played. ``skip``:
    (key, game) pairs already done; ``limit``: at most that many tasks."""

    def __init__(self, keys: Sequence[str], n: int, seed: int, shard: tuple[int, int] = (1, 1),
                 skip: Any = frozenset(), limit: int | None = None) -> None:
        self.keys, self.n, self.seed, self.shard = list(keys), int(n), seed, shard
        self.game_major = len(self.keys) <= CACHE_GAMES
        # a snapshot: the caller adds results while the tasks are taken (a DoneSet stays one bit a game)
        self.skip: Any = skip.copy() if isinstance(skip, DoneSet) else frozenset(skip)
        col = {k: c for c, k in enumerate(self.keys)}
        k, of = shard
        skipped = sum(1 for key, i in self.skip if key in col and 0 <= i < self.n
                      and self._position(col[key], i) % of == k - 1)
        total = len(self.keys) * self.n
        in_shard = (total - k + of) // of if k - 1 < total else 0
        self.count = max(0, in_shard - skipped)
        if limit is not None:
            self.count = min(self.count, max(0, limit))

    def _position(self, c: int, i: int) -> int:
        return i * len(self.keys) + c if self.game_major else c * self.n + i

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator["Task"]:
        from engine.core.rng import derive_seed
        k, of = self.shard
        left = self.count
        pairs = ((key, i) for i in range(self.n) for key in self.keys) if self.game_major else \
            ((key, i) for key in self.keys for i in range(self.n))
        for j, (key, i) in enumerate(pairs):
            if left <= 0:
                return
            if j % of != k - 1 or (key, i) in self.skip:
                continue
            left -= 1
            yield Task(key, i, derive_seed(self.seed, "game", i))  # = playout.game_seeds(seed, n)[i]


def check_backend(backend: str) -> None:
    """EngineError naming the extra to install, before any game runs."""
    if backend not in BACKENDS:
        raise EngineError(f"--backend {backend!r}: expected one of {', '.join(BACKENDS)}")
    if backend == "ray":
        try:
            import ray  # noqa: F401
        except ImportError:
            raise EngineError("--backend ray needs Ray, which is not part of the core install: "
                              "pip install -e '.[cluster]' (or pip install 'ray>=2.9')") from None


# --- the code that plays ------------------------------------------------------------------

ENGINE_DIR = Path(__file__).resolve().parent.parent
#: What decides a game and its result: the state, rules, turn sequence, policies, scenario loading, the map,
#: and the playout loop with its metrics (not the table, editor, CLI or these runners). Folders or files.
GAME_CODE = ("core", "rules", "game", "ai", "scenario", "geo", "analysis/playout.py", "analysis/metrics.py",
             "analysis/metrics_builtin.py", "analysis/metrics_campaign.py", "analysis/metrics_measures.py",
             "analysis/metrics_scenarios.py", "analysis/synthetic.py")


def _code_paths(root: Path) -> list[str]:
    out: set[str] = set()
    for part in GAME_CODE:
        p = root / part
        if p.is_dir():
            out.update(q.relative_to(root).as_posix() for q in p.rglob("*.py") if "__pycache__" not in q.parts)
        elif p.is_file():
            out.add(part)
    return sorted(out)


def code_files(root: Path | None = None) -> dict[str, str]:
    """{path under engine/: sha256 of its bytes} of the code that plays games (the sources, never .pyc);
    paths are sorted and relative, so the digest does not depend on the folder, the hash seed or caches."""
    root = root or ENGINE_DIR
    return {rel: hashlib.sha256((root / rel).read_bytes()).hexdigest() for rel in _code_paths(root)}


def code_digest_of(files: Mapping[str, str]) -> str:
    h = hashlib.sha256()
    for rel in sorted(files):
        h.update(f"{rel}\0{files[rel]}\n".encode())
    return h.hexdigest()


@functools.lru_cache(maxsize=1)
def code_identity() -> tuple[str, tuple[tuple[str, str], ...]]:
    """(digest, ((path, sha256), ...)) of this process's engine code, computed once per process."""
    files = code_files()
    return code_digest_of(files), tuple(sorted(files.items()))


def code_digest() -> str:
    return code_identity()[0]


def code_changes(was: Mapping[str, str], now: Mapping[str, str], most: int = 3) -> str:
    """'engine/rules/combat.py changed, engine/ai/x.py added' (at most ``most`` named, then '...')."""
    out = []
    for rel in sorted(set(was) | set(now)):
        if was.get(rel) != now.get(rel):
            how = "added" if rel not in was else "removed" if rel not in now else "changed"
            out.append(f"engine/{rel} {how}")
    more = len(out) - most
    return ", ".join(out[:most]) + (f" and {more} more" if more > 0 else "")


def _worker_code(where: str = "a worker process") -> tuple[str, str]:
    """(digest, who) of the engine code this worker plays with (a Ray node may have another version)."""
    return code_digest(), where


def check_worker_code(got: tuple[str, str]) -> None:
    """EngineError unless a worker's code is this process's: its games would be mixed with others."""
    want = code_digest()
    if got[0] != want:
        raise EngineError(f"{got[1]} plays with other engine code than this process (code digest {got[0][:12]}, "
                          f"here {want[:12]}): its games would be mixed with others; install the same version "
                          "of eastflank everywhere (and do not edit the engine during a run)")


# --- the worker side (identical on every backend) --------------------------------------

_GAMES: dict[tuple[str, str], Any] = {}


def fingerprint(specs: Mapping[str, Spec]) -> str:
    """Names one run's specs, so a long-lived worker (Ray reuses processes) never reuses another run's game."""
    import hashlib
    import pickle
    return hashlib.sha256(pickle.dumps(sorted(specs.items(), key=lambda kv: kv[0]))).hexdigest()[:16]


def _setup(key: str, spec: Spec, token: str) -> tuple[Any, Any]:
    """The variant's game and MetricSet, built once per worker process."""
    if (token, key) not in _GAMES:
        from engine.analysis.metrics import MetricSet
        if len(_GAMES) >= CACHE_GAMES:  # ~11 MB a game: bounded, whatever the grid
            _GAMES.clear()
        game = spec.factory()
        _GAMES[(token, key)] = (game, MetricSet(game, tuple(game.scenario.metrics) + tuple(spec.metrics)))
    return _GAMES[(token, key)]


def prime(specs: Mapping[str, Spec], games: Mapping[str, Any]) -> None:
    """Hand games the caller already built (to check them) to this process's cache: the in-process
    runner and forked workers then do not build them again."""
    from engine.analysis.metrics import MetricSet
    token = fingerprint(specs)
    for key, game in games.items():
        _GAMES[(token, key)] = (game, MetricSet(game, tuple(game.scenario.metrics) + tuple(specs[key].metrics)))


def play_task(specs: Mapping[str, Spec], task: Task, token: str = "") -> dict:
    """One game, as ``playout._run_one`` plays it."""
    from engine.ai import make_policy
    from engine.analysis.playout import play_game
    spec = specs[task.key]
    game, metrics = _setup(task.key, spec, token or fingerprint(specs))
    policies = {s: make_policy(p) for s, p in spec.policy_names.items()}
    return play_game(game, task.seed, policies, metrics=metrics)[0]


_POOL: dict[str, Any] = {}


def _pool_init(specs: Mapping[str, Spec], token: str) -> None:
    from engine.analysis.playout import pool_worker_signals
    pool_worker_signals()
    code_identity.cache_clear()  # read again: the modules a worker imports later come from the disk
    _POOL["specs"], _POOL["token"] = dict(specs), token


def _pool_run(task: Task) -> tuple[Task, dict, tuple[str, str]]:
    return task, play_task(_POOL["specs"], task, _POOL["token"]), _worker_code()


# --- the driver side ---------------------------------------------------------------------

def run_tasks(specs: Mapping[str, Spec], tasks: "Sequence[Task] | TaskPlan", jobs: int = 1, backend: str = "local",
              address: str | None = None, progress: Progress | None = None) -> Iterator[tuple[Task, dict]]:
    """(task, result) for every task, in the order they finish."""
    check_backend(backend)
    total = len(tasks)  # a TaskPlan counts without building its tasks; they are made as they are taken
    if progress and total:
        progress(0, total)
    if not total:
        return
    if backend == "ray":
        it = _run_ray(specs, tasks, jobs, address)
    elif jobs <= 1 or total <= 1:
        it = _run_here(specs, tasks)
    else:
        it = _run_pool(specs, tasks, jobs)
    for done, (task, result, code) in enumerate(it, 1):
        check_worker_code(code)  # before the result is handed on: never mixed into a results file
        if progress:
            progress(done, total)
        yield task, result


Played = Iterator[tuple[Task, dict, tuple[str, str]]]  # a task, its result, (code digest, which worker)


def _run_here(specs: Mapping[str, Spec], tasks: "Sequence[Task] | TaskPlan") -> Played:
    token = fingerprint(specs)  # games cached under it (prime() may have built them already)
    for t in tasks:
        yield t, play_task(specs, t, token), _worker_code()


def _run_pool(specs: Mapping[str, Spec], tasks: "Sequence[Task] | TaskPlan", jobs: int) -> Played:
    ctx = get_context("fork") if hasattr(os, "fork") else get_context("spawn")
    jobs = max(1, min(jobs, len(tasks)))  # never more processes than games
    pool = ctx.Pool(jobs, initializer=_pool_init, initargs=(dict(specs), fingerprint(specs)))
    try:
        chunk = max(1, min(8, len(tasks) // (jobs * 8)))
        yield from pool.imap_unordered(_pool_run, iter(tasks), chunksize=chunk)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


def ray_init(address: str | None, jobs: int) -> Any:
    """Connect to the cluster at ``address``, or start a local Ray with ``jobs`` CPUs."""
    import ray
    if not ray.is_initialized():
        kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}
        try:
            if address:
                ray.init(address=address, **kwargs)
            else:
                ray.init(num_cpus=max(1, jobs), **kwargs)
        except Exception as e:  # Ray raises ConnectionError, RuntimeError, ValueError ... for a bad cluster
            where = f"the Ray cluster at {address}" if address else "a local Ray"
            first = (str(e).strip().splitlines() or [type(e).__name__])[0]
            raise EngineError(f"--backend ray: cannot start or reach {where}: {first}") from None
    return ray


def _ray_play(specs: Mapping[str, Spec], task: Task, token: str, want: str = "") -> tuple[Task, dict, tuple[str, str]]:
    import socket
    code = _worker_code(f"a Ray worker on {socket.gethostname()}")
    if want and code[0] != want:  # another version: its game is not played (it would be refused on arrival)
        return task, {}, code
    return task, play_task(specs, task, token), code


def _run_ray(specs: Mapping[str, Spec], tasks: "Sequence[Task] | TaskPlan", jobs: int,
             address: str | None) -> Played:
    ray = ray_init(address, jobs)
    remote = ray.remote(_ray_play)
    specs_ref = ray.put(dict(specs))
    token = fingerprint(specs)
    want = code_digest()
    window = max(4, 4 * max(1, jobs))  # tasks in flight: enough to keep workers busy, bounded memory
    pending: list = []
    queue = iter(tasks)
    more = True
    try:
        while more or pending:
            while more and len(pending) < window:
                task = next(queue, None)
                if task is None:
                    more = False
                    break
                pending.append(remote.remote(specs_ref, task, token, want))
            if not pending:
                break
            ready, pending = ray.wait(pending, num_returns=1)
            for ref in ready:
                yield ray.get(ref)
    except BaseException:
        for ref in pending:
            ray.cancel(ref, force=True)
        raise


def run_games(factory: Any, n: int, seed: int, jobs: int = 1, policy_names: Mapping[str, str] | None = None,
              metrics: Sequence = (), progress: Progress | None = None, backend: str = "local",
              address: str | None = None) -> list[dict]:
    """``playout.run_playouts`` on any backend: the results of ``n`` games in game order."""
    from engine.analysis.playout import run_playouts
    check_backend(backend)
    if backend == "local":
        return run_playouts(factory, n, seed, jobs=jobs, metrics=metrics,
                            policy_names=dict(policy_names) if policy_names is not None else None,
                            progress=progress)
    if policy_names is None:
        policy_names = {s: "random" for s in factory().side_ids}
    from engine.ai import make_policy
    for p in policy_names.values():
        make_policy(p)
    specs = {"main": Spec(portable(factory), dict(policy_names), tuple(metrics))}
    tasks = TaskPlan(["main"], n, seed)
    out: list[dict | None] = [None] * n
    for t, r in run_tasks(specs, tasks, jobs, backend, address, progress):
        out[t.index] = r
    return [r for r in out if r is not None]


def portable(factory: Any) -> Any:
    """The factory with its file paths made absolute (a Ray worker may start in another folder)."""
    fn = getattr(factory, "portable", None)
    return fn() if callable(fn) else factory

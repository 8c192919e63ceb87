"""The plan of a sweep or playout (runner.TaskPlan) is the same tasks, in the same order, as the lists it
replaced, in every shard and after any games already done, and it is made as it is taken: a sweep of
4 variants x 1,000,000 games built 4 M tasks and their seeds before the first game (870 MB in a minute)."""

from __future__ import annotations

import tracemalloc

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.analysis.playout import game_seeds
from engine.analysis.runner import CACHE_GAMES, Task, TaskPlan


def old_plan(keys, n, seed, shard, skip, limit):
    """The lists the plan replaced (sweep.plan_tasks, then run_sweep's filter and limit)."""
    seeds = game_seeds(seed, n)
    if len(keys) <= CACHE_GAMES:
        tasks = [Task(k, i, seeds[i]) for i in range(n) for k in keys]
    else:
        tasks = [Task(k, i, seeds[i]) for k in keys for i in range(n)]
    k, of = shard
    todo = [t for j, t in enumerate(tasks) if j % of == k - 1 and (t.key, t.index) not in skip]
    return todo[:limit] if limit is not None else todo


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_the_plan_is_the_old_list_in_every_shard_and_after_games_done(data) -> None:
    nkeys = data.draw(st.sampled_from([1, 2, 3, CACHE_GAMES, CACHE_GAMES + 1]))
    keys = [f"v{c}" for c in range(nkeys)]
    n = data.draw(st.integers(0, 7))
    of = data.draw(st.integers(1, 5))
    shard = (data.draw(st.integers(1, of)), of)
    pairs = [(k, i) for k in keys for i in range(n)]
    skip = set(data.draw(st.lists(st.sampled_from(pairs), max_size=10))) if pairs else set()
    skip |= {("not-a-variant", 0), (keys[0], n + 3)}  # results of another plan are not counted
    limit = data.draw(st.none() | st.integers(0, 12))
    seed = data.draw(st.integers(-2**70, 2**70))
    plan = TaskPlan(keys, n, seed, shard, skip, limit)
    want = old_plan(keys, n, seed, shard, skip, limit)
    assert list(plan) == want and len(plan) == len(want)
    assert list(plan) == want  # taken twice, the same


def test_shards_partition_the_plan() -> None:
    keys = ["a", "b", "c"]
    whole = set(TaskPlan(keys, 20, 5))
    parts = [set(TaskPlan(keys, 20, 5, (k, 4))) for k in range(1, 5)]
    assert set().union(*parts) == whole and sum(map(len, parts)) == len(whole) == 60


def test_a_million_games_a_variant_are_planned_without_building_them() -> None:
    tracemalloc.start()
    try:
        plan = TaskPlan(["a", "b", "c", "d"], 1_000_000, 1, skip={("a", 0)})
        first = next(iter(plan))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(plan) == 4_000_000 - 1
    assert first == Task("b", 0, game_seeds(1, 1)[0])  # game-major; ("a", 0) is done
    assert peak < 1_000_000  # bytes: the old lists took hundreds of megabytes here

"""Hypothesis: mutated scenarios give a Scenario or a ScenarioError, never anything else."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from engine.errors import ScenarioError
from engine.scenario.loader import load_scenario
from engine.scenario.model import Scenario

from mapfixture import build
from scenario_fixture import mini_text

MAP = build()
BASE = yaml.safe_load(mini_text())
JUNK = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                 st.text(max_size=12), st.lists(st.integers(), max_size=3),
                 st.dictionaries(st.text(max_size=5), st.integers(), max_size=3))


def _paths(v, prefix=()):
    yield prefix
    if isinstance(v, dict):
        for k, x in v.items():
            yield from _paths(x, prefix + (k,))
    elif isinstance(v, list):
        for i, x in enumerate(v):
            yield from _paths(x, prefix + (i,))


PATHS = [p for p in _paths(BASE) if p]


def _mutate(doc, path, action, junk):
    doc = copy.deepcopy(doc)
    parent = doc
    for k in path[:-1]:
        parent = parent[k]
    last = path[-1]
    if action == "delete":
        del parent[last]
    elif action == "replace":
        parent[last] = junk
    elif action == "inject" and isinstance(parent, dict):
        parent[str(junk)[:8] + "_x"] = junk
    elif action == "inject" and isinstance(parent, list):
        parent.append(junk)
    return doc


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(PATHS), st.sampled_from(["delete", "replace", "inject"]), JUNK),
                min_size=1, max_size=3))
def test_mutated_scenarios_never_crash(tmp_path: Path, mutations) -> None:
    doc = BASE
    for path, action, junk in mutations:
        try:
            doc = _mutate(doc, path, action, junk)
        except (KeyError, IndexError, TypeError):
            continue
    p = tmp_path / "m.yaml"
    p.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    try:
        assert isinstance(load_scenario(p, map=MAP), Scenario)
    except ScenarioError as e:
        assert e.problems and all(x.file and x.message for x in e.problems)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200))
def test_random_text_never_crashes(tmp_path: Path, text: str) -> None:
    p = tmp_path / "t.yaml"
    p.write_text(text, encoding="utf-8")
    try:
        load_scenario(p, map=MAP)
    except ScenarioError:
        pass

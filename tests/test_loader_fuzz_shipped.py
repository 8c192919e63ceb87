"""Hypothesis: the shipped scenarios, mutated as a careless or hostile author would, never crash the loader.

A copy of ``scenarios/`` is mutated one file at a time (deleted lines, swapped
values, wrong types, unicode, huge and negative numbers, deep nesting, invalid
dates, very long strings, NaN and inf, YAML 1.1 words, units on sea or off the
map) and checked through ``eastflank validate``. Every case must end in exit 0,
or exit 2 with every line ``file:line:col: ...`` (line and column at least 1):
never a traceback, never an unlocated message. 150 + 60 examples run in the
fast suite; the slow test (``-m slow``) runs 1,000 more.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from engine.cli.entry import main

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "scenarios"
FILES = sorted(str(p.relative_to(SRC)) for p in SRC.rglob("*.yaml"))
#: A rules file is checked through the scenario that includes it.
CHECKED_AS = {f: ("baseline-2020.yaml" if f.startswith("rules/") else f) for f in FILES}
LOCATED = re.compile(r"^.+?:[1-9][0-9]*:[1-9][0-9]*: \S")

_PAIR = re.compile(r"(?P<key>[A-Za-z_][\w-]*):(?P<sp>[ \t]+)(?P<val>[^,{}\[\]#\n][^,{}\[\]#\n]*?)"
                   r"(?=[ \t]*(?:,|\}|\]|#|$))", re.M)
_LOC = re.compile(r"location:[ \t]*(?P<val>\{[^}\n]*\}|[^,}\n#]+)")

UNICODE = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=16)
PAYLOAD = st.one_of(
    st.sampled_from(["[1, 2]", "{a: 1}", "true", "false", "null", "~", "''", '""', "-", "[]", "{}"]),  # wrong types
    UNICODE.map(json.dumps),  # unicode, quoted
    UNICODE.filter(lambda s: s.strip() and s[0].isalpha()),  # unicode, plain
    st.integers(-10**30, 10**30).map(str),  # huge and negative numbers
    st.sampled_from(["-1", "-0.5", "0", "1e308", "1e309", "-1e400", "9" * 5000, "0x7fffffffffffffff", "0o777"]),
    st.integers(1, 300).map(lambda d: "[" * d + "1" + "]" * d),  # deep nesting
    st.integers(1, 120).map(lambda d: "{a: " * d + "1" + "}" * d),
    st.sampled_from(["2021-02-30", "2020-13-45", "0000-00-00", "2021-02-29", "!!timestamp 2021-02-30",
                     "2020-10-01T25:00:00"]),  # invalid dates
    st.sampled_from([300, 10_000, 300_000]).map(lambda n: "x" * n),  # very long strings
    st.sampled_from([".nan", ".inf", "-.inf", "nan", "inf", ".NaN"]),  # NaN and inf
    st.sampled_from(["yes", "no", "on", "off", "1:3", "'1:3'", "*nowhere", "!!python/object:os.system x",
                     "!local x", "&a 1", "@x", "%x", "|", ">"]),  # YAML surprises
)
PLACES = st.sampled_from(["{lat: 55.3, lon: 19.8}", "{lat: 57.5, lon: 20.0}", "{lat: 10.0, lon: 10.0}",
                          "{lat: 91, lon: 0}", "{hex: '9999,9999'}", "{hex: '-400,3'}", "Atlantis",
                          "{lat: .nan, lon: .inf}", "{lat: 54.0}"])  # sea, off the map, nonsense
OPS = st.tuples(st.sampled_from(["delete", "swap", "value", "insert", "duplicate"]), st.integers(0, 10**6),
                st.integers(0, 10**6), PAYLOAD)


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("fuzz") / "scenarios"
    shutil.copytree(SRC, d)
    return d


def mutate(text: str, op: str, i: int, j: int, payload: str) -> str:
    lines = text.split("\n")
    pairs = list(_PAIR.finditer(text))
    if op == "delete":
        del lines[i % len(lines)]
        return "\n".join(lines)
    if op == "insert":
        k = i % len(lines)
        indent = re.match(r"[ \t-]*", lines[k]).group(0).replace("-", " ")
        lines.insert(k, f"{indent}{'key' if j % 2 else 'id'}{j % 7}: {payload}")
        return "\n".join(lines)
    if op == "duplicate":
        k = i % len(lines)
        lines.insert(k, lines[k])
        return "\n".join(lines)
    if not pairs:
        return text
    a = pairs[i % len(pairs)]
    if op == "value":
        return text[:a.start("val")] + payload + text[a.end("val"):]
    b = pairs[j % len(pairs)]  # swap two values
    if a.start() == b.start():
        return text
    first, second = sorted((a, b), key=lambda m: m.start())
    return (text[:first.start("val")] + second["val"] + text[first.end("val"):second.start("val")]
            + first["val"] + text[second.end("val"):])


def check(tree: Path, rel: str, new_text: str) -> None:
    target = tree / rel
    old = target.read_bytes()
    try:
        target.write_text(new_text, encoding="utf-8", errors="surrogatepass")
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            rc = main(["validate", str(tree / CHECKED_AS[rel])])
    finally:
        target.write_bytes(old)
    lines = err.getvalue().splitlines()
    assert rc in (0, 2)
    if rc == 2:
        assert lines, "exit 2 without a message"
        bad = [ln for ln in lines if not LOCATED.match(ln)]
        assert not bad, bad[:3]
    else:  # a clean load prints nothing but warnings (e.g. an id that differs from the file name)
        assert [ln for ln in lines if ": warning: " not in ln] == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FILES), st.lists(OPS, min_size=1, max_size=3))
def test_mutated_shipped_scenarios_fail_cleanly(tree, rel, ops):
    text = (SRC / rel).read_text(encoding="utf-8")
    for op, i, j, payload in ops:
        text = mutate(text, op, i, j, payload)
    check(tree, rel, text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([f for f in FILES if _LOC.search((SRC / f).read_text(encoding="utf-8"))]),
       st.integers(0, 10**6), PLACES)
def test_units_on_sea_or_off_the_map(tree, rel, i, place):
    text = (SRC / rel).read_text(encoding="utf-8")
    locs = list(_LOC.finditer(text))
    m = locs[i % len(locs)]
    check(tree, rel, text[:m.start("val")] + place + text[m.end("val"):])


@pytest.fixture
def slow_only(request):
    """The project's ``make test`` selects every marker; this long run needs ``-m slow``."""
    if "slow" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("long fuzz: run with -m slow")


@pytest.mark.slow
@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(rel=st.sampled_from(FILES), ops=st.lists(OPS, min_size=1, max_size=6))
def test_mutated_shipped_scenarios_fail_cleanly_long(slow_only, tree, rel, ops):
    text = (SRC / rel).read_text(encoding="utf-8")
    for op, i, j, payload in ops:
        text = mutate(text, op, i, j, payload)
    check(tree, rel, text)


def test_the_mutations_do_what_they_say():
    text = "a: 1\nb: {c: x, d: 2020-01-01}\n"
    assert mutate(text, "value", 1, 0, "9") == "a: 1\nb: {c: 9, d: 2020-01-01}\n"
    assert mutate(text, "swap", 0, 2, "") == "a: 2020-01-01\nb: {c: x, d: 1}\n"
    assert mutate(text, "delete", 0, 0, "") == "b: {c: x, d: 2020-01-01}\n"
    assert mutate(text, "insert", 1, 1, "q") == "a: 1\nkey1: q\nb: {c: x, d: 2020-01-01}\n"
    assert mutate(text, "duplicate", 0, 0, "") == "a: 1\na: 1\nb: {c: x, d: 2020-01-01}\n"

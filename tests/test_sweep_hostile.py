"""Hostile inputs of sweep, playout --out and merge: one line naming the problem, exit 2, and nothing the
user has lost or overwritten; a killed run's garbage at the end of its results file is played again."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from engine.cli import main
from scenario_fixture import err_line, mini  # noqa: F401 (mini: a fixture)

SWEEP = ["--vary", "turns=5,6", "-n", "3", "--seed", "2"]


def _whole(mini: Path, tmp_path: Path) -> Path:
    out = tmp_path / "whole.jsonl"
    assert main(["sweep", str(mini), *SWEEP, "--out", str(out)]) == 0
    return out


@pytest.mark.parametrize("tail", [b'{"variant": "turns=6", "ga\n', b"\0" * 300 + b"\n", b"\0" * 300])
def test_garbage_at_the_end_of_a_killed_run_is_played_again(mini: Path, tmp_path: Path, capsys, tail: bytes) -> None:
    """A crash can leave a torn line, or NULs (a file system after a power cut), with or without a newline:
    the run resumed only from a torn line without one, and refused the others (exit 2)."""
    whole = _whole(mini, tmp_path)
    lines = whole.read_bytes().splitlines(keepends=True)
    res = tmp_path / "r.jsonl"
    res.write_bytes(b"".join(lines[:4]) + tail)
    assert main(["sweep", str(mini), *SWEEP, "--out", str(res)]) == 0
    got = res.read_bytes().splitlines()
    assert len(got) == 7 and b"\0" not in res.read_bytes()
    assert sorted(got[1:]) == sorted(x.rstrip(b"\n") for x in lines[1:])  # the same games, the torn one again
    capsys.readouterr()


def test_garbage_before_the_last_line_is_refused(mini: Path, tmp_path: Path, capsys) -> None:
    whole = _whole(mini, tmp_path)
    lines = whole.read_bytes().splitlines(keepends=True)
    lines[2] = b"garbage\n"
    whole.write_bytes(b"".join(lines))
    capsys.readouterr()
    assert main(["sweep", str(mini), *SWEEP, "--out", str(whole)]) == 2
    assert err_line(capsys) == f"eastflank: {whole}:3: not a JSON line of a sweep results file"
    assert whole.read_bytes() == b"".join(lines)


def test_two_runs_on_one_results_file(mini: Path, tmp_path: Path, capsys) -> None:
    """A second run on the same --out (a shard started twice) played every game again into the same file."""
    import fcntl
    out = tmp_path / "r.jsonl"
    assert main(["sweep", str(mini), *SWEEP, "--shard", "1/2", "--out", str(out)]) == 0
    before = out.read_bytes()
    capsys.readouterr()
    with open(out, "rb") as held:  # what a running sweep holds
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        assert main(["sweep", str(mini), *SWEEP, "--out", str(out)]) == 2
        assert err_line(capsys) == (f"eastflank: {out}: another run is writing this results file; wait for it to "
                                "finish, or give another --out")
        assert main(["merge", str(out), "--out", str(out)]) == 2
        assert "another run is writing this results file" in err_line(capsys)
    assert out.read_bytes() == before


@pytest.mark.parametrize("shard, why", [("1/0", "N (the number of shards) must be 1 or more"),
                                        ("0/2", "K must be between 1 and N"), ("3/2", "K must be between 1 and N"),
                                        ("1/2/3", "expected K/N, e.g. 1/4"), ("a/b", "expected K/N, e.g. 1/4")])
def test_bad_shards(mini: Path, tmp_path: Path, capsys, shard: str, why: str) -> None:
    assert main(["sweep", str(mini), *SWEEP, "--shard", shard, "--out", str(tmp_path / "r.jsonl")]) == 2
    assert err_line(capsys) == f"eastflank: --shard {shard!r}: {why}"
    assert not (tmp_path / "r.jsonl").exists()


@pytest.mark.parametrize("counts, why", [(["-n", "0"], "-n must be between 1 and 1,000,000 (got 0)"),
                                         (["-n", str(10 ** 30)], f"-n must be between 1 and 1,000,000 (got {10 ** 30})"),
                                         (["--jobs", "-2"], "--jobs must be between 1 and 256 (got -2)")])
def test_bad_counts(mini: Path, tmp_path: Path, capsys, counts: list, why: str) -> None:
    assert main(["sweep", str(mini), "--vary", "turns=5,6", *counts, "--out", str(tmp_path / "r.jsonl")]) == 2
    assert err_line(capsys) == f"eastflank: sweep: {why}"


def _not_files(tmp_path: Path) -> list[tuple[str, str]]:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    (tmp_path / "target").write_text("keep me")
    (tmp_path / "link").symlink_to(tmp_path / "target")
    return [("/dev/null", "a device"), ("/dev/zero", "a device"), (str(tmp_path), "a directory"),
            (str(fifo), "a pipe (FIFO)"), (str(tmp_path / "link"), "a symbolic link")]


def test_outputs_that_are_not_regular_files(mini: Path, tmp_path: Path, capsys) -> None:
    s1 = _whole(mini, tmp_path)
    capsys.readouterr()
    for path, kind in _not_files(tmp_path):
        for argv in (["sweep", str(mini), *SWEEP, "--out", path], ["playout", str(mini), "-n", "1", "--out", path],
                     ["merge", str(s1), "--out", path]):
            assert main(argv) == 2
            assert err_line(capsys) == (f"eastflank: --out {path}: cannot write there: it is {kind} (only a regular "
                                    "file may be created or replaced)")
    assert (tmp_path / "target").read_text() == "keep me"


def test_inputs_of_merge_that_are_not_results(mini: Path, tmp_path: Path, capsys) -> None:
    s1 = _whole(mini, tmp_path)
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    capsys.readouterr()
    for path, kind in _not_files(tmp_path):
        if kind != "a symbolic link":  # a link to a file is read as the file
            assert main(["merge", str(s1), path, "--out", str(tmp_path / "m.jsonl")]) == 2
            assert err_line(capsys) == f"eastflank: {path}: cannot read results (is {kind}, not a regular file)"
    assert main(["merge", str(s1), str(empty), "--out", str(tmp_path / "m.jsonl")]) == 2
    assert err_line(capsys) == f"eastflank: {empty}: is empty, not a sweep results file"
    assert not (tmp_path / "m.jsonl").exists()


def test_merge_does_not_replace_a_file_that_is_not_of_this_sweep(mini: Path, tmp_path: Path, capsys) -> None:
    """merge --out replaced any regular file: someone's notes, or the results of another sweep."""
    s1 = _whole(mini, tmp_path)
    other = tmp_path / "other.jsonl"
    assert main(["sweep", str(mini), "--vary", "turns=5,7", "-n", "1", "--out", str(other)]) == 0
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    before = other.read_bytes()
    capsys.readouterr()
    assert main(["merge", str(s1), "--out", str(notes)]) == 2
    assert err_line(capsys) == (f"eastflank: --out {notes}: exists and is not a sweep results file; give another --out "
                            "(it is not replaced)")
    assert main(["merge", str(s1), "--out", str(other)]) == 2
    assert err_line(capsys) == (f"eastflank: --out {other}: holds another sweep than the files merged (differs in "
                            "variants, n, seed); give another --out")
    assert notes.read_text() == "my notes\n" and other.read_bytes() == before
    m = tmp_path / "m.jsonl"
    assert main(["merge", str(s1), "--out", str(m)]) == 0 and main(["merge", str(s1), "--out", str(m)]) == 0
    assert sorted(m.read_bytes().splitlines()) == sorted(s1.read_bytes().splitlines())  # an earlier merge: replaced


def test_overlapping_shards_and_other_sweeps(mini: Path, tmp_path: Path, capsys) -> None:
    parts = []
    for k in ("1/2", "2/2"):
        parts.append(tmp_path / f"s{k[0]}.jsonl")
        assert main(["sweep", str(mini), *SWEEP, "--shard", k, "--out", str(parts[-1])]) == 0
    whole = _whole(mini, tmp_path)
    m = tmp_path / "m.jsonl"
    capsys.readouterr()
    assert main(["merge", str(parts[0]), str(whole), str(parts[1]), "--out", str(m)]) == 0  # every game twice
    assert "6 of 6 games" in capsys.readouterr().err
    assert sorted(m.read_bytes().splitlines()[1:]) == sorted(whole.read_bytes().splitlines()[1:])
    other = tmp_path / "other.jsonl"
    assert main(["sweep", str(mini), *SWEEP[:-2], "--seed", "9", "--out", str(other)]) == 0
    capsys.readouterr()
    assert main(["merge", str(whole), str(other), "--out", str(tmp_path / "x.jsonl")]) == 2
    assert err_line(capsys) == f"eastflank: {other}: another sweep than {whole} (differs in seed)"
    assert json.loads(whole.read_text().splitlines()[0])["seed"] == 2

"""A results file names the engine code that played its games: a resume or a merge of games played by other
rules or policies is refused in one line (they were silently mixed), and every worker plays the same code."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from engine.analysis import runner
from engine.cli import main
from scenario_fixture import mini  # noqa: F401 (a fixture)

ROOT = Path(__file__).resolve().parent.parent
SWEEP = ["--vary", "turns=5,6", "-n", "2", "--seed", "3"]


def _other_code(monkeypatch, changed: str = "rules/combat.py") -> None:
    """This process plays with other engine code: one rule file differs."""
    digest, files = runner.code_identity()
    other = {rel: ("0" * 64 if rel == changed else sha) for rel, sha in files}
    ident = (runner.code_digest_of(other), tuple(sorted(other.items())))
    monkeypatch.setattr(runner, "code_identity", lambda: ident, raising=False)


def _err(capsys) -> str:
    lines = [x for x in capsys.readouterr().err.splitlines() if x.strip()]
    assert len(lines) == 1, lines
    return lines[0]


def test_a_resume_by_other_engine_code_is_refused(mini: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    out = tmp_path / "r.jsonl"
    assert main(["sweep", str(mini), *SWEEP, "--shard", "1/2", "--out", str(out)]) == 0  # half the games
    before, real = out.read_bytes(), runner.code_digest()
    capsys.readouterr()
    _other_code(monkeypatch)
    assert main(["sweep", str(mini), *SWEEP, "--out", str(out)]) == 2
    assert _err(capsys) == (
        f"eastflank: {out}: the results file was made by different engine code (engine/rules/combat.py changed; "
        f"code digest {real[:12]} -> {runner.code_digest()[:12]}); "
        "use a new --out or delete it")
    assert out.read_bytes() == before  # nothing played into it, nothing dropped
    assert main(["playout", str(mini), "-n", "2", "--out", str(tmp_path / "p.jsonl")]) == 0
    monkeypatch.undo()
    assert main(["playout", str(mini), "-n", "2", "--out", str(tmp_path / "p.jsonl")]) == 2
    assert "made by different engine code" in _err(capsys)


def test_the_header_records_the_code_and_a_file_without_it_is_not_resumed(mini: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "r.jsonl"
    assert main(["sweep", str(mini), *SWEEP, "--out", str(out)]) == 0
    lines = out.read_text().splitlines()
    header = json.loads(lines[0])
    assert header["code"]["digest"] == runner.code_digest()
    assert header["code"]["files"]["rules/combat.py"] == runner.code_files()["rules/combat.py"][:16]
    del header["code"]  # a file written before the code was recorded
    out.write_text("\n".join([json.dumps(header, sort_keys=True), *lines[1:]]) + "\n")
    capsys.readouterr()
    assert main(["sweep", str(mini), *SWEEP, "--out", str(out)]) == 2
    assert "before results files recorded the engine code" in _err(capsys)
    assert main(["merge", str(out), "--out", str(tmp_path / "m.jsonl")]) == 0  # merge still reads it


def test_merge_refuses_shards_of_other_engine_code(mini: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    s1, s2 = tmp_path / "s1.jsonl", tmp_path / "s2.jsonl"
    assert main(["sweep", str(mini), *SWEEP, "--shard", "1/2", "--out", str(s1)]) == 0
    _other_code(monkeypatch, "ai/greedy.py")
    assert main(["sweep", str(mini), *SWEEP, "--shard", "2/2", "--out", str(s2)]) == 0
    capsys.readouterr()
    m = tmp_path / "m.jsonl"
    assert main(["merge", str(s1), str(s2), "--out", str(m)]) == 2
    err = _err(capsys)
    assert err.startswith(f"eastflank: {s2}: the results file was made by different engine code (engine/ai/greedy.py "
                          "changed; code digest ") and err.endswith(f"merge results of one engine version only (not with {s1})")
    assert not m.exists()


def test_workers_with_other_code_are_refused(mini: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    """A worker (a forked process here; a Ray node in a cluster) that plays other code: refused before its
    result reaches the file."""
    out = tmp_path / "r.jsonl"
    monkeypatch.setattr(runner, "_worker_code", lambda where="a worker process": ("f" * 64, where), raising=False)
    for jobs in ("1", "2"):
        assert main(["sweep", str(mini), *SWEEP, "--jobs", jobs, "--out", str(out)]) == 2
        assert "a worker process plays with other engine code than this process" in _err(capsys)
        assert len(out.read_text().splitlines()) == 1  # the header only


def test_a_ray_worker_of_other_code_does_not_play() -> None:
    task = runner.Task("a", 0, 1)
    got_task, result, (digest, who) = runner._ray_play({}, task, "t", want="0" * 64)
    assert got_task == task and result == {} and digest == runner.code_digest() and who.startswith("a Ray worker on ")


def test_the_code_digest_is_deterministic(tmp_path: Path) -> None:
    """Sorted relative paths and file bytes: the same in a copy elsewhere, with .pyc files, from another folder
    and hash seed; a changed rule file changes it."""
    copy = tmp_path / "engine"
    shutil.copytree(ROOT / "engine", copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "rules" / "__pycache__").mkdir(exist_ok=True)
    (copy / "rules" / "__pycache__" / "combat.cpython-311.pyc").write_bytes(b"junk")
    here = runner.code_digest_of(runner.code_files())  # the files now (others may edit the tree meanwhile)
    assert runner.code_digest_of(runner.code_files(copy)) == here
    for seed, cwd in (("0", tmp_path), ("12345", tmp_path / "engine")):
        run = subprocess.run([sys.executable, "-c", "from engine.analysis import runner; print(runner.code_digest())"],
                             cwd=cwd, capture_output=True, text=True, env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin",
                                                                           "PYTHONPATH": str(tmp_path)}, timeout=120)
        assert run.stdout.strip() == here, run.stderr
    (copy / "rules" / "combat.py").write_text((copy / "rules" / "combat.py").read_text() + "\n# edited\n")
    assert runner.code_digest_of(runner.code_files(copy)) != here
    assert "ui/app.py" not in runner.code_files() and "rules/combat.py" in runner.code_files()

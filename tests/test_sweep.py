"""Sweeps: a 2 x 3 grid equals separate playouts on the same seeds; a killed sweep resumes; shards merge."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.analysis import sweep as S
from engine.cli import main
from scenario_fixture import mini_text

ROOT = Path(__file__).resolve().parent.parent
METRIC = "metrics:\n  - {id: tension_max, metric: track, reduce: max, params: {track: tension}}\n"
VARY = ["--vary", "turns=6,8,10", "--vary", "tracks.tension.initial=20,50,95"]
SMALL = ["--vary", "turns=6,8", "--vary", "tracks.tension.initial=20,95"]  # 4 variants: quicker kill and shard tests


@pytest.fixture()
def mini(tmp_path: Path) -> Path:
    p = tmp_path / "mini.yaml"
    p.write_text(mini_text() + METRIC, encoding="utf-8")
    return p


def _sweep(mini: Path, tmp_path: Path, *extra: str, name: str = "s", vary: list[str] = VARY, n: int = 2) -> dict:
    out = tmp_path / f"{name}.json"
    assert main(["sweep", str(mini), *vary, "-n", str(n), "--seed", "5", "--json", str(out), *extra]) == 0
    return json.loads(out.read_text())


def test_grid_equals_separate_playouts(mini: Path, tmp_path: Path, capsys) -> None:
    chart = tmp_path / "c.png"
    extra = ["--chart", str(chart), "--y", "tension_max", "--x", "tracks.tension.initial"]
    has_mpl = True
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        has_mpl, extra = False, []
    d = _sweep(mini, tmp_path, *extra, "--table", str(tmp_path / "t.md"))
    rows = d["variants"]
    assert [r["settings"] for r in rows][:4] == [
        {"turns": 6, "tracks.tension.initial": 20}, {"turns": 6, "tracks.tension.initial": 50},
        {"turns": 6, "tracks.tension.initial": 95}, {"turns": 8, "tracks.tension.initial": 20}]
    assert len(rows) == 9 and all(r["n"] == 2 for r in rows)
    table = (tmp_path / "t.md").read_text()
    assert table.count("\n| ") == 10 and "tension_max" in table and "wins red" in table
    if has_mpl:
        assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # the same variants written by hand and played by `playout` on the same seeds
    for turns, initial in ((8, 95), (10, 20)):
        text = mini.read_text().replace("turns: 10", f"turns: {turns}").replace("initial: 30,", f"initial: {initial},")
        hand = tmp_path / f"hand-{turns}-{initial}.yaml"
        hand.write_text(text)
        pj = tmp_path / f"p-{turns}-{initial}.json"
        assert main(["playout", str(hand), "-n", "2", "--seed", "5", "--json", str(pj)]) == 0
        p = json.loads(pj.read_text())
        row = next(r for r in rows if r["settings"] == {"turns": turns, "tracks.tension.initial": initial})
        assert row["summary"] == p["summary"]
        assert row["summary"]["turns"]["mean"] == turns
    assert len({r["variant"] for r in rows}) == 9
    # variants as files: the two hand-made files, swept, give the same rows as their playouts
    files = [tmp_path / "hand-8-95.yaml", tmp_path / "hand-10-20.yaml"]
    out = tmp_path / "files.json"
    assert main(["sweep", *map(str, files), "-n", "2", "--seed", "5", "--json", str(out)]) == 0
    frows = json.loads(out.read_text())["variants"]
    assert [r["settings"] for r in frows] == [{"scenario": str(f)} for f in files]
    for f, r in zip(files, frows):
        stem = f.stem.replace("hand", "p")
        assert r["summary"] == json.loads((tmp_path / f"{stem}.json").read_text())["summary"]


def test_vary_errors_before_any_game(mini: Path, tmp_path: Path, capsys) -> None:
    assert main(["sweep", str(mini), "--vary", "tracks.tensoin.initial=1,2", "-n", "2"]) == 2
    assert "did you mean 'tension'" in capsys.readouterr().err
    assert main(["sweep", str(mini), "--vary", "turns", "-n", "2"]) == 2
    assert "KEY.PATH=VALUE1,VALUE2" in capsys.readouterr().err
    assert main(["sweep", str(mini), "--vary", "turns=2,3", "--out", str(tmp_path / "no" / "r.jsonl")]) == 2
    assert "does not exist" in capsys.readouterr().err


def _game_lines(p: Path) -> int:
    try:
        return max(0, p.read_bytes().count(b"\n") - 1)
    except FileNotFoundError:
        return 0


def test_killed_sweep_resumes_to_the_same_table(mini: Path, tmp_path: Path) -> None:
    whole = _sweep(mini, tmp_path, "--out", str(tmp_path / "whole.jsonl"), name="whole", vary=SMALL, n=5)
    res = tmp_path / "killed.jsonl"
    cmd = [sys.executable, "-m", "engine.cli", "sweep", str(mini), *SMALL, "-n", "5", "--seed", "5", "--out", str(res)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t0 = time.time()
    while _game_lines(res) < 6 and proc.poll() is None and time.time() - t0 < 60:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    n_done = _game_lines(res)
    assert 0 < n_done < 20, "the sweep should have been killed mid-run"
    with open(res, "ab") as f:
        f.write(b'{"variant": "turns=6, tr')  # a torn line, as a kill mid-write leaves
    again = _sweep(mini, tmp_path, "--out", str(res), name="again", vary=SMALL, n=5)
    assert again["variants"] == whole["variants"]
    assert _game_lines(res) == 20
    # a different plan does not resume into the file
    assert main(["sweep", str(mini), "--vary", "turns=6,8", "-n", "2", "--out", str(res)]) == 2


def test_shards_merge_to_the_whole(mini: Path, tmp_path: Path, capsys) -> None:
    whole = _sweep(mini, tmp_path, name="whole", vary=SMALL, n=3)
    for k in (1, 2):
        _sweep(mini, tmp_path, "--shard", f"{k}/2", "--out", str(tmp_path / f"s{k}.jsonl"), name=f"s{k}",
               vary=SMALL, n=3, *(["--jobs", "2"] if k == 2 else []))  # any --jobs, the same games
    out = tmp_path / "merged.json"
    assert main(["merge", str(tmp_path / "s1.jsonl"), str(tmp_path / "s2.jsonl"), "--out",
                 str(tmp_path / "all.jsonl"), "--json", str(out)]) == 0
    merged = json.loads(out.read_text())
    assert merged["variants"] == whole["variants"]


def test_value_parsing() -> None:
    assert S.parse_vary("a.b=1,[x, y],'p,q',true") == ("a.b", [1, ["x", "y"], "p,q", True])
    assert S.parse_shard("2/3") == (2, 3)
    with pytest.raises(S.SweepError):
        S.parse_shard("4/3")
    doc = {"units": [{"id": "u1", "strength": 2}, {"id": "u2"}], "turns": 10}
    new = S.set_path(S.set_path(doc, "units.u1.strength", 3), "turns", 12)
    assert S.diff(doc, new) == {"units": [{"id": "u1", "strength": 3}], "turns": 12}


def test_playout_out_appends_and_resumes(tmp_path: Path) -> None:
    args = ["playout", "--synthetic", "12x10x4x3", "-n", "6", "--seed", "3"]
    assert main([*args, "--json", str(tmp_path / "plain.json")]) == 0
    res = tmp_path / "r.jsonl"
    assert main([*args, "--out", str(res), "--json", str(tmp_path / "full.json")]) == 0
    lines = res.read_text().splitlines()
    assert len(lines) == 7
    res.write_text("\n".join(lines[:3]) + "\n" + lines[3][:40])  # two games kept, a torn third
    assert main([*args, "--out", str(res), "--json", str(tmp_path / "resumed.json")]) == 0
    plain, full, resumed = (json.loads((tmp_path / f"{k}.json").read_text()) for k in ("plain", "full", "resumed"))
    assert plain["results"] == full["results"] == resumed["results"]
    assert plain["summary"] == resumed["summary"]
    assert len(res.read_text().splitlines()) == 7

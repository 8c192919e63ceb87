"""Issue 12, saves and replays: hostile save files are refused in one line; writes never clobber.

Checksums are recomputed after each edit, so the checks past the checksum are
what refuse them. The kill test forks a writer and SIGKILLs it mid-save:
no previous save is ever lost, and the next save removes the leftovers.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import time
from pathlib import Path

import pytest

from engine import safeio
from engine.cli.entry import main
from engine.core.save import Session, _canonical, load_game, load_save, save_game
from engine.errors import SaveError
from tests.enginefixture import hexagon_game

GAME = hexagon_game([("r1", "tank", "red", -1, 0), ("b1", "inf", "blue", 0, 0), ("b2", "mech", "blue", 2, 0)])
ORDERS = ["move r1 -1,0->0,-1", "end", "move b2 2,0->3,0", "end", "attack 0,0 with r1", "end"]


def played(n: int = len(ORDERS)) -> Session:
    s = Session(GAME, seed=9)
    for text in ORDERS[:n]:
        s.apply(text)
    return s


def refused(path) -> str:
    with pytest.raises(SaveError) as e:
        load_save(path, GAME)
    msg = str(e.value)
    assert "\n" not in msg and str(path) in msg
    return msg


def resealed(tmp_path: Path, edit) -> Path:
    """A valid save edited by ``edit(d)`` with its checksum recomputed."""
    p = tmp_path / "s.json"
    played().save(p)
    d = json.loads(p.read_text())
    del d["checksum"]
    edit(d)
    d["checksum"] = hashlib.sha256(_canonical(d).encode()).hexdigest()
    q = tmp_path / "edited.json"
    q.write_text(json.dumps(d))
    return q


def test_deep_json_is_refused(tmp_path, capsys):
    p = tmp_path / "deep.json"
    p.write_text("[" * 100000)
    assert "nested too deeply" in refused(p)
    assert main(["replay", str(p), "--synthetic", "8x6x2"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "nested too deeply" in err


@pytest.mark.parametrize("order", [None, 3, ["end"], {"a": 1}])
def test_non_string_orders_are_refused(tmp_path, order):
    p = resealed(tmp_path, lambda d: d["actions"].insert(1, order))
    assert f"order 2 is not text (got {type(order).__name__}" in refused(p)


def test_header_turn_is_checked_against_the_replay(tmp_path):
    p = resealed(tmp_path, lambda d: d.update(turn=99))
    assert "header says turn 99, but the replay ends on turn" in refused(p)


def test_header_scenario_id_is_checked(tmp_path):
    p = resealed(tmp_path, lambda d: d.update(scenario_id="zapad-2021"))
    assert "header says scenario 'zapad-2021'" in refused(p)


@pytest.mark.parametrize("field, value", [("turn", "3"), ("turn", True), ("scenario_id", 5), ("undone", [1])])
def test_malformed_header_fields(tmp_path, field, value):
    p = resealed(tmp_path, lambda d: d.update({field: value}))
    assert f"save field {field!r}" in refused(p)


def test_device_and_fifo_saves_are_refused_fast(tmp_path):
    assert "is a device" in refused("/dev/zero")
    fifo = tmp_path / "f.json"
    os.mkfifo(fifo)
    t0 = time.perf_counter()
    assert "is a pipe (FIFO)" in refused(fifo)
    assert time.perf_counter() - t0 < 5


def test_undo_reasons_are_kept_in_saves(tmp_path):
    s = played()
    turn = s.state.turn
    assert s.undo("misclick: wrong brigade")
    p = tmp_path / "u.json"
    s.save(p)
    state, notes = load_game(p, GAME)
    assert state.state_hash() == s.state.state_hash()
    assert notes == [{"turn": turn, "order": "end", "reason": "misclick: wrong brigade"}]
    t = Session(GAME, seed=9)
    t.load(p)
    assert t.undone == notes
    q = tmp_path / "u2.json"
    t.save(q)
    assert load_game(q, GAME)[1] == notes


# --- paths a save or report may write to ------------------------------------------------------

@pytest.mark.parametrize("target", ["/dev/null", "/", ".", "..", "/tmp/", ""])
def test_save_never_writes_a_device_or_directory(target):
    before = os.stat(target).st_mode if target and os.path.exists(target) else None
    with pytest.raises(safeio.UnsafePathError) as e:
        save_game(played().state, target)
    assert "\n" not in str(e.value)
    if before is not None:
        assert os.stat(target).st_mode == before


def test_save_never_writes_through_a_symlink(tmp_path):
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    with pytest.raises(safeio.UnsafePathError, match="symbolic link"):
        save_game(played().state, link)
    assert target.read_text() == "keep me" and link.is_symlink()


def test_save_into_a_missing_folder_is_refused(tmp_path):
    with pytest.raises(safeio.UnsafePathError, match="does not exist"):
        save_game(played().state, tmp_path / "nope" / "x.json")
    assert not (tmp_path / "nope").exists()


def test_atomic_path_keeps_the_suffix_and_cleans_up(tmp_path):
    out = tmp_path / "aar.png"
    with safeio.atomic_path(out) as tmp:
        assert tmp.suffix == ".png" and tmp.parent == tmp_path
        tmp.write_bytes(b"png")
    assert out.read_bytes() == b"png"
    with pytest.raises(RuntimeError):
        with safeio.atomic_path(out) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("writer died")
    assert out.read_bytes() == b"png" and sorted(os.listdir(tmp_path)) == ["aar.png"]


def _dead_pid() -> int:
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    return pid


def test_leftover_temporary_files_are_removed_by_the_next_save(tmp_path):
    p = tmp_path / "game.json"
    dead = _dead_pid()
    stale = tmp_path / f".game.json.{dead}.tmp.json"
    stale.write_text("half a save")
    legacy = tmp_path / f".game.json.{dead}.tmp"  # the name earlier versions used
    legacy.write_text("half a save")
    alive = tmp_path / f".game.json.{os.getppid()}.tmp.json"  # a live writer's file is left alone
    alive.write_text("being written")
    other = tmp_path / f".other.json.{dead}.tmp.json"  # another file's temporaries too
    other.write_text("x")
    played().save(p)
    assert not stale.exists() and not legacy.exists() and alive.exists() and other.exists()
    assert load_save(p, GAME).state_hash() == played().state.state_hash()


# --- SIGKILL during saves -----------------------------------------------------------------------

def _kill_during_saves(tmp_path: Path, kills: int, seed: int = 12) -> tuple[int, int, int]:
    """Fork writers that save in a loop and SIGKILL each at a random moment.

    After every kill the save on disk must load and be one of the two states the
    writer alternates between. Returns (kills that left a temporary file behind,
    leftover temporaries before the last save, after it).
    """
    rng = random.Random(seed)
    p = tmp_path / "game.json"
    a, b = played(2), played(4)
    want = {a.state.state_hash(), b.state.state_hash()}
    a.save(p)
    mid_write = 0
    for _ in range(kills):
        pid = os.fork()
        if pid == 0:  # the writer: save forever, alternating states
            try:
                while True:
                    a.save(p)
                    b.save(p)
            finally:
                os._exit(1)
        time.sleep(rng.uniform(0.0, 0.02))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        mid_write += any(n.endswith(".tmp.json") for n in os.listdir(tmp_path))
        assert load_save(p, GAME).state_hash() in want  # the previous save survived whole
    before = sum(1 for n in os.listdir(tmp_path) if n.endswith(".tmp.json"))
    a.save(p)
    after = sum(1 for n in os.listdir(tmp_path) if n.endswith(".tmp.json"))
    return mid_write, before, after


def test_sigkill_during_saves_loses_nothing(tmp_path):
    """40 kills in the fast suite (the slow test does 200)."""
    mid_write, before, after = _kill_during_saves(tmp_path, 40)
    assert after == 0


@pytest.mark.slow
def test_sigkill_during_saves_200_times(tmp_path, request):
    if "slow" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("200 kills: run with -m slow")
    mid_write, before, after = _kill_during_saves(tmp_path, 200, seed=5)
    assert mid_write > 20  # many kills did land inside a save
    assert after == 0


def test_a_write_that_does_not_read_back_keeps_the_old_file(tmp_path, monkeypatch):
    p = tmp_path / "game.json"
    played().save(p)
    before = p.read_bytes()
    real_write = os.write
    monkeypatch.setattr(safeio.os, "write", lambda fd, b: real_write(fd, bytes(b).replace(b"e", b"E")))
    with pytest.raises(safeio.UnsafePathError, match="does not read back the same"):
        played(2).save(p)
    assert p.read_bytes() == before and os.listdir(tmp_path) == ["game.json"]


@pytest.mark.parametrize("where", ["seed", "order_digits", "order_huge", "raw_digits"])
def test_long_numbers_and_orders_are_refused_in_one_line(tmp_path, where):
    """Found by hostile testing: a number of more than 4300 digits (Python's int limit) in a save or in one
    of its orders ended `replay` in a ValueError traceback, and a 1 MB order was echoed whole."""
    big = "9" * 5000
    if where == "raw_digits":  # merely corrupt: the digits break json.loads before the checksum is read
        p = tmp_path / "raw.json"
        played().save(p)
        p.write_text(p.read_text().replace('"seed": 9', f'"seed": {big}'))
    elif where == "seed":
        p = resealed(tmp_path, lambda d: d.update(seed=10 ** 40))
    elif where == "order_digits":
        p = resealed(tmp_path, lambda d: d["actions"].insert(0, f"move r1 -1,0->{big},1"))
    else:
        p = resealed(tmp_path, lambda d: d["actions"].insert(0, "move r1 " + "x" * 1_000_000))
    msg = refused(p)
    assert len(msg) < 600, msg[:300]


@pytest.mark.parametrize("order", ["air support 0,0 " + "9" * 5000, "move r1 -1,0->" + "9" * 4400 + ",0",
                                   "facilitator track tension " + "9" * 4400 + " -- r", "strike " + "7" * 4400])
def test_orders_with_huge_numbers_are_illegal_not_a_crash(order):
    from engine.errors import EngineError
    with pytest.raises(EngineError):
        GAME.parse_action(order)


def test_replay_of_an_empty_path_says_so(capsys):
    assert main(["replay", ""]) == 2
    assert "empty" in capsys.readouterr().err


def test_a_long_but_valid_file_name_saves(tmp_path):
    """A 245-character name is valid (the limit is 255 bytes); its temporary file used to exceed it."""
    p = tmp_path / ("a" * 245 + ".json")
    played().save(p)
    assert load_save(p, GAME).state_hash() == played().state.state_hash()
    assert sorted(x.name for x in tmp_path.iterdir()) == [p.name]
    with safeio.atomic_path(tmp_path / ("b" * 250 + ".png")) as tmp:
        assert len(tmp.name.encode()) <= safeio.MAX_NAME and tmp.suffix == ".png"
        tmp.write_bytes(b"x")
    assert (tmp_path / ("b" * 250 + ".png")).read_bytes() == b"x"

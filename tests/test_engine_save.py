"""Saves: round trip, and refusal of truncated, edited and other-scenario saves."""

import json

import pytest

from engine.errors import SaveError
from engine.core.save import Session, load_save, save_game
from engine.analysis.synthetic import synthetic_game
from tests.enginefixture import hexagon_game

GAME = hexagon_game([("r1", "tank", "red", -1, 0), ("b1", "inf", "blue", 0, 0), ("b2", "mech", "blue", 2, 0)])


def played():
    s = Session(GAME, seed=9)
    for text in ["move r1 -1,0->0,-1", "end", "move b2 2,0->3,0", "end", "attack 0,0 with r1", "end"]:
        s.apply(text)
    return s


def refused(path, game=GAME) -> str:
    with pytest.raises(SaveError) as e:
        load_save(path, game)
    msg = str(e.value)
    assert "\n" not in msg
    return msg


def test_round_trip(tmp_path):
    s = played()
    p = tmp_path / "s.json"
    s.save(p)
    assert load_save(p, GAME).state_hash() == s.state.state_hash()


def test_truncated_edited_other_scenario(tmp_path):
    s = played()
    p = tmp_path / "s.json"
    s.save(p)
    text = p.read_text()
    t = tmp_path / "t.json"
    t.write_text(text[: len(text) // 2])
    assert "truncated" in refused(t)
    d = json.loads(text)
    d["seed"] = 10
    e = tmp_path / "e.json"
    e.write_text(json.dumps(d))
    assert "checksum mismatch" in refused(e)
    assert "save is for scenario 'hexagon'" in refused(p, synthetic_game(8, 6, 3))
    before = p.read_bytes()
    refused(t)
    assert p.read_bytes() == before  # nothing overwritten


def test_replay_mismatch_is_refused(tmp_path):
    s = played()
    p = tmp_path / "s.json"
    s.save(p)
    d = json.loads(p.read_text())
    d["state_hash"] = "0" * 64
    del d["checksum"]
    from engine.core.save import _canonical
    import hashlib
    d["checksum"] = hashlib.sha256(_canonical(d).encode()).hexdigest()
    p.write_text(json.dumps(d))
    assert "replay gives state" in refused(p)


def test_undo_restores_previous_state():
    s = played()
    hashes = []
    st = Session(GAME, seed=9)
    for text in s.state.history:
        hashes.append(st.state.state_hash())
        st.apply(text)
    for h in reversed(hashes):
        assert st.undo()
        assert st.state.state_hash() == h
    assert not st.undo()


def test_cli_replay(tmp_path, capsys):
    from engine.cli.entry import main
    g = synthetic_game(10, 8, 4, 3)
    st = g.new_initial_state(4)
    st.apply_action("end")
    p = tmp_path / "x.json"
    save_game(st, p)
    assert main(["replay", str(p), "--synthetic", "10x8x4x3"]) == 0
    assert "matches" in capsys.readouterr().out
    d = json.loads(p.read_text())
    d["actions"] = []
    p.write_text(json.dumps(d))
    assert main(["replay", str(p), "--synthetic", "10x8x4x3"]) == 2

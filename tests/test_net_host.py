"""The Host without sockets: the white cell's console (pause, undo of the last phase, injects, seats
to an AI, facilitator orders), the projector's public view, autosave and ``serve --resume``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("jsonschema")

from engine.core.save import load_save  # noqa: E402
from engine.net import views  # noqa: E402
from engine.net.host import Host, undo_point  # noqa: E402
from tests.netfixture import SCENARIO, FakeConn, game  # noqa: E402,F401

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def table(game, tmp_path):
    host = Host(game, game.new_initial_state(9), autosave=tmp_path / "auto.json")
    conns = {r: FakeConn(r) for r in ("red", "blue", "white", "projector")}
    for c in conns.values():
        host.connected(c)
    return host, conns


def ask(host, conn, **msg) -> dict:
    return host.handle(conn, msg)[0][1]


def test_pause_refuses_seat_orders_until_resume(table):
    host, c = table
    assert ask(host, c["red"], type="pause")["ok"] is False  # only the white cell pauses
    assert ask(host, c["white"], type="pause", reason="coffee")["ok"]
    r = ask(host, c["red"], type="order", order="end")
    assert not r["ok"] and "paused" in r["reason"] and "coffee" in r["reason"]
    assert ask(host, c["white"], type="resume")["ok"]
    assert ask(host, c["red"], type="order", order="end")["ok"]
    assert host.state.history == ["end"]


def test_undo_takes_back_the_last_phase(game, table):
    host, c = table
    legal = [a.to_str(None) for a in host.state.legal_actions() if a.to_str(None).startswith("ready ")]
    assert legal, "red has a readiness order in its first decisions phase"
    assert ask(host, c["red"], type="order", order=legal[0])["ok"]
    assert ask(host, c["red"], type="order", order="end")["ok"]
    assert ask(host, c["blue"], type="order", order="end")["ok"]
    three = list(host.state.history)
    # Blue's (empty) segment just ended: undo goes back over blue's phase only.
    assert undo_point(game, host.state) == 2
    r = ask(host, c["white"], type="undo")
    assert r["ok"] and r["undone"] == 1 and host.state.history == three[:2]
    assert host.state.current_player() == "blue"
    # Nothing done in blue's phase yet: the next undo takes back red's whole phase.
    r = ask(host, c["white"], type="undo")
    assert r["ok"] and r["undone"] == 2 and host.state.history == []
    assert host.state.state_hash() == game.new_initial_state(9).state_hash()
    assert not ask(host, c["white"], type="undo")["ok"]
    assert not ask(host, c["red"], type="undo")["ok"]


def test_white_cell_sees_everything_and_gives_facilitator_orders_only(table):
    host, c = table
    v = ask(host, c["white"], type="observe")["view"]
    assert len(v["units"]) == len(host.state.units) and v["state_hash"] == host.state.state_hash()
    for side in ("red", "blue"):
        o = ask(host, c["white"], type="observe", side=side)["view"]
        assert o == views.obs_to_dict(host.state.observation(side))
    r = ask(host, c["white"], type="order", order="end")
    assert not r["ok"] and "facilitator" in r["reason"]
    track = sorted(host.state.tracks)[0]
    r = ask(host, c["white"], type="order", order=f"facilitator track {track} 2 -- the plenary agreed")
    assert r["ok"] and host.state.tracks[track] == 2
    assert host.state.history[-1].endswith("-- the plenary agreed")
    r = ask(host, c["white"], type="order", order="facilitator remove nobody -- test")
    assert not r["ok"] and "no unit 'nobody'" in r["reason"]


def test_projector_sees_only_what_every_side_sees(game, table):
    host, c = table
    for side in ("red", "blue", "all"):
        assert not ask(host, c["projector"], type="observe", side=side)["ok"]
    pub = ask(host, c["projector"], type="observe")["view"]
    ids = {u[0] for u in pub["units"]}
    for side in game.side_ids:
        seen = {u.id for u in host.state.observation(side).units}
        assert ids <= seen
    assert ids < set(host.state.units)  # fog of war: the projector shows fewer units than exist
    for side in game.side_ids:  # each side sees something the projector does not
        assert {u.id for u in host.state.observation(side).units} - ids


def test_inject_reaches_only_its_addressees_and_the_log(table):
    host, c = table
    out = host.handle(c["white"], {"type": "inject", "text": "Reuters: convoy seen near Brest", "to": ["blue"]})
    got = {conn.role for conn, m in out if m["type"] == "inject"}
    assert got == {"blue", "white"}
    assert "inject (white cell) to blue: Reuters: convoy seen near Brest" in host.state.log[-1]
    r = ask(host, c["white"], type="inject", text="x", to=["green"])
    assert not r["ok"] and "green" in r["reason"]
    assert not ask(host, c["red"], type="inject", text="fake news")["ok"]


def test_white_cell_hands_a_seat_to_an_ai_and_back(table):
    host, c = table
    assert ask(host, c["white"], type="seat", side="red", policy="random")["ok"]
    r = ask(host, c["red"], type="order", order="end")
    assert not r["ok"] and "random AI" in r["reason"]
    n = 0
    while host.ai_due():
        host.ai_step()
        n += 1
    assert n > 0 and host.state.current_player() == "blue"
    assert ask(host, c["white"], type="seat", side="red", policy=None)["ok"]
    assert not ask(host, c["white"], type="seat", side="green", policy="random")["ok"]
    r = ask(host, c["white"], type="seat", side="red", policy="clever")
    assert not r["ok"] and "unknown policy" in r["reason"]


def test_autosave_after_every_phase_and_serve_resume(game, table, tmp_path):
    host, c = table
    assert ask(host, c["red"], type="order", order="end")["ok"]
    assert ask(host, c["blue"], type="order", order="end")["ok"]
    assert ask(host, c["white"], type="inject", text="kept through a restart", to=["red"])["ok"]
    saved = load_save(host.autosave, game)
    assert saved.state_hash() == host.state.state_hash() and saved.history == ["end", "end"]
    env = dict(os.environ, PYTHONHASHSEED="0")
    base = [sys.executable, "-m", "engine.cli", "serve", str(SCENARIO), "--port", "0", "--autosave", str(host.autosave)]
    # Without --resume an existing autosave is never overwritten; a damaged one is refused on --resume.
    p = subprocess.run(base, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert p.returncode == 2 and "--resume" in p.stderr and len(p.stderr.strip().splitlines()) == 1
    bad = tmp_path / "bad.json"
    bad.write_text(host.autosave.read_text()[:-20])
    p = subprocess.run(base[:-1] + [str(bad), "--resume"], cwd=ROOT, env=env, capture_output=True, text=True,
                       timeout=60)
    assert p.returncode == 2 and "truncated" in p.stderr and "Traceback" not in p.stderr
    # --resume continues the autosaved game.
    srv = subprocess.Popen(base + ["--resume"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True)
    try:
        first = srv.stdout.readline()
        assert "(seed 9, turn 1, 2 orders)" in first, first
        codes = {}
        for _ in range(5):
            w = srv.stdout.readline().split()
            if len(w) == 2:
                codes[w[0]] = w[1]
        address = first.split(" on ")[1].split(";")[0]
        from engine.net.client import Session
        s = Session(address, codes["white"])
        s.connect()
        v = s.observe()
        assert v["state_hash"] == host.state.state_hash() and v["history_tail"] == ["end", "end"]
        assert [i["text"] for i in v["injects"]] == ["kept through a restart"]  # --resume gave them back
        assert v["log_tail"][-1] == "  inject (white cell) to red: kept through a restart"
        s.close()
    finally:
        srv.terminate()
        srv.wait(10)


def test_every_server_message_matches_the_declared_schema(game, table):
    import jsonschema

    from engine.net.protocol import SERVER_SCHEMA, decode_client
    host, c = table
    out = host.connected(FakeConn("red")) + host.disconnected(FakeConn("red"))
    for conn, msg in [(c["red"], {"type": "observe"}), (c["red"], {"type": "legal"}),
                      (c["red"], {"type": "check", "order": "end", "id": 3}), (c["red"], {"type": "order", "order": "end"}),
                      (c["blue"], {"type": "order", "order": "end"}), (c["white"], {"type": "undo"}),
                      (c["white"], {"type": "inject", "text": "x"}), (c["white"], {"type": "pause"}),
                      (c["projector"], {"type": "observe"}), (c["red"], {"type": "hello", "code": "x"})]:
        out += host.handle(conn, decode_client(json.dumps(msg)))
    kinds = set()
    for _, m in out:
        jsonschema.validate(m, SERVER_SCHEMA)
        kinds.add(m["type"])
    assert {"welcome", "reply", "update", "turn", "inject"} <= kinds


def test_a_seat_may_look_again_only_at_positions_where_it_gave_an_order(game, table):
    host, c = table
    first = views.obs_to_dict(host.state.observation("red"))
    assert ask(host, c["red"], type="order", order="end")["ok"]
    assert ask(host, c["blue"], type="order", order="end")["ok"]
    assert host.by == ["red", "blue"]
    assert host.welcome("red")["orders"] == ["end"] and host.welcome("blue")["orders"] == ["end"]
    r = ask(host, c["red"], type="observe", at=0)  # red's order number 0: the initial position
    assert r["ok"] and r["view"] == first
    assert ask(host, c["red"], type="legal", at=0)["groups"]
    r = ask(host, c["blue"], type="legal", at=0)  # blue's order number 0: after red's end
    assert r["ok"] and r["phase"] == "decisions"
    for who, at in (("red", 1), ("blue", 1), ("red", 7)):
        r = ask(host, c[who], type="observe", at=at)
        assert not r["ok"] and "no order number" in r["reason"]
        assert not ask(host, c[who], type="legal", at=at)["ok"]
    for who in ("projector", "white"):
        r = ask(host, c[who], type="observe", at=0)
        assert not r["ok"] and "own past positions" in r["reason"]


def test_a_seat_cannot_count_the_other_sides_orders(game, table):
    """Within a phase only the acting side's screens and the white cell hear of each order; the
    others hear when the public status changes (phase, side to act), and no status counts orders."""
    host, c = table
    ready = [a.to_str(None) for a in host.state.legal_actions() if a.to_str(None).startswith("ready ")]
    out = host.handle(c["red"], {"type": "order", "order": ready[0]})
    told = {conn.role for conn, m in out if m["type"] in ("update", "turn")}
    assert told == {"red", "white"}
    assert all("version" not in m and "version" not in m.get("status", {}) for _, m in out)
    out = host.handle(c["red"], {"type": "order", "order": "end"})  # blue to act: a public change
    told = {conn.role for conn, m in out if m["type"] in ("update", "turn")}
    assert told == {"red", "blue", "white", "projector"}
    assert ask(host, c["white"], type="observe")["view"]["orders"] == 2


@pytest.mark.parametrize("bad,why", [
    (["--ai-after", "-1"], "--ai-after"), (["--ai-after", "1e308"], "--ai-after"), (["--ai-after", "nan"], "--ai-after"),
    (["--fallback", "nope"], "unknown policy"), (["--ai", "red=nope"], "unknown policy"),
    (["--host", "999.1.1.1"], "cannot serve"),
])
def test_a_refused_serve_leaves_no_autosave(tmp_path, monkeypatch, capsys, bad, why) -> None:
    """Found by hostile testing: 'serve --ai-after -1' (or a host it cannot bind) wrote the autosave and then
    stopped, so the next start was refused with "an autosave is already there: --resume"."""
    pytest.importorskip("websockets")
    from engine.cli.entry import main
    monkeypatch.chdir(tmp_path)
    scen = str(Path(__file__).resolve().parent.parent / "scenarios" / "baseline-2020.yaml")
    assert main(["serve", scen, "--port", "0", *bad]) == 2
    assert why in capsys.readouterr().err
    assert not list(tmp_path.rglob("*.json")), "a refused start wrote an autosave"


def test_serve_refuses_an_autosave_symlink_before_serving(tmp_path, monkeypatch, capsys) -> None:
    pytest.importorskip("websockets")
    from engine.cli.entry import main
    target = tmp_path / "notes.txt"
    target.write_text("keep", encoding="utf-8")
    (tmp_path / "link.json").symlink_to(target)
    (tmp_path / "dangling.json").symlink_to(tmp_path / "nowhere.json")
    scen = str(Path(__file__).resolve().parent.parent / "scenarios" / "baseline-2020.yaml")
    for name in ("link.json", "dangling.json"):
        assert main(["serve", scen, "--port", "0", "--autosave", str(tmp_path / name)]) == 2
    err = capsys.readouterr().err
    assert "already there" in err and "must be a regular file" in err
    assert target.read_text(encoding="utf-8") == "keep" and not (tmp_path / "nowhere.json").exists()

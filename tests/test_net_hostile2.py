"""Hostile testing of networked play, round 2: each test failed on the code before its fix.

A failing autosave turned an applied order into a refusal and stalled the game; a seat's refusals
told it where the hidden enemy stood; a connection that never logged in held its socket forever;
a deeply nested message cost the connection; ``{"at": 0.0}`` was an internal error."""

from __future__ import annotations

import json
import os
import time

import pytest

pytest.importorskip("websockets")
pytest.importorskip("jsonschema")

from websockets.exceptions import ConnectionClosed  # noqa: E402

from engine.ai import make_policy  # noqa: E402
from engine.core.rng import Rng  # noqa: E402
from engine.core.save import load_save  # noqa: E402
from engine.net import server as net_server  # noqa: E402
from engine.net.client import Session  # noqa: E402
from engine.net.host import Host  # noqa: E402
from engine.net.server import ServerThread  # noqa: E402
from engine.testing import game_of  # noqa: E402
from tests.netfixture import SCENARIO, FakeConn, game, login, raw_ws  # noqa: E402,F401



def _drain(ws, wait: float = 0.3) -> list[dict]:
    out = []
    while True:
        try:
            out.append(json.loads(ws.recv(timeout=wait)))
        except TimeoutError:
            return out


def test_a_failing_autosave_neither_refuses_an_applied_order_nor_stalls_the_game(game, tmp_path):
    """The autosave file swapped for a folder mid-game: red's 'end' was applied but answered as refused,
    and blue was never prompted (the game waited forever); a server AI seat's loop died the same way."""
    auto = tmp_path / "auto.json"
    host = Host(game, game.new_initial_state(3), autosave=auto)
    host.save()
    with ServerThread(host) as srv:
        red = Session(srv.address, host.codes["red"])
        red.connect()
        blue = Session(srv.address, host.codes["blue"])
        blue.connect()
        white = Session(srv.address, host.codes["white"])
        white.connect()
        auto.unlink()
        auto.mkdir()  # the next save cannot replace it
        r = red.request({"type": "order", "order": "end"})
        assert r["ok"], r
        assert host.state.history == ["end"]
        deadline = time.monotonic() + 5
        while blue.prompt is None and time.monotonic() < deadline:
            blue.pump(0.2)
        assert blue.prompt is not None and blue.prompt["side"] == "blue"
        while not any("autosave failed" in n for n in white.notes) and time.monotonic() < deadline:
            white.pump(0.2)
        assert any("autosave failed" in n for n in white.notes)
        # A server AI plays blue's seat through the failing saves: the game goes on.
        assert white.request({"type": "seat", "side": "blue", "policy": "random"})["ok"]
        while host.state.current_player() != "red" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert host.state.current_player() == "red" and len(host.state.history) > 1
        # Once the file can be written again the next change saves the whole game.
        auto.rmdir()
        assert red.request({"type": "order", "order": "end"})["ok"]
        time.sleep(0.2)
        saved = load_save(auto, game)
        assert saved.history == host.state.history[: len(saved.history)] and len(saved.history) >= 3
        for s in (red, blue, white):
            while s.pump(0.05):  # read what the AI's orders brought, so the close is quick
                pass
            s.close()


def _combat_position(game):
    """A seat to act in the combat phase with enemy units it cannot see."""
    for seed in range(20, 40):
        st = game.new_initial_state(seed)
        pols = {s: make_policy("random") for s in game.side_ids}
        rng = Rng(seed)
        while not (st.phase == "combat" and st.current_player()) and not st.is_terminal():
            st.apply_action(pols[st.current_player()].choose(st, st.legal(), rng))
        if st.is_terminal():
            continue
        side = st.current_player()
        seen = {u.id for u in st.observation(side).units}
        hidden = [u for u in st.units.values() if u.side != side and u.id not in seen]
        if hidden:
            return st, side, hidden
    pytest.skip("no combat phase with hidden enemy units in these seeds")


def test_a_seats_refusals_do_not_map_the_hidden_enemy(game):
    """'attack Q,R with ...' answered 'Q,R holds no enemy unit' for an empty hex and went on to the
    attackers for a hex holding a hidden enemy: checking every hex drew the enemy's dispositions.
    'move ID ...' of a hidden unit said 'ID belongs to blue', of a unit not on the map 'no unit'."""
    st, side, hidden = _combat_position(game)
    host = Host(game, st)
    me = FakeConn(side)
    mine = next(u for u in st.units.values() if u.side == side)
    occupied = {u.pos for u in st.units.values()}
    empty = next(h for i, h in enumerate(game.hexes) if i not in occupied and game.land[i])

    def reason(order: str) -> str:
        r = host.handle(me, {"type": "check", "order": order})[0][1]
        assert r["ok"] and r["legal"] is False, r
        o = host.handle(me, {"type": "order", "order": order})[0][1]
        assert o["ok"] is False
        assert r["reason"] in o["reason"]
        return r["reason"]

    for u in hidden:
        h = game.hexes[u.pos]
        for attackers in ("zzz", mine.id):
            at_hidden = reason(f"attack {h.q},{h.r} with {attackers}")
            at_empty = reason(f"attack {empty.q},{empty.r} with {attackers}")
            assert at_hidden.replace(game.label(h), "HEX") == at_empty.replace(game.label(empty), "HEX")
        assert reason(f"ready {u.id}").replace(u.id, "ID") == reason("ready nosuchunit").replace("nosuchunit", "ID")
        assert (reason(f"move {u.id} {h.q},{h.r}->{h.q},{h.r + 1}").replace(u.id, "ID")
                == reason(f"move nosuchunit {h.q},{h.r}->{h.q},{h.r + 1}").replace("nosuchunit", "ID"))
    assert host.state.history == st.history
    # The white cell still hears the rules' own reasons.
    r = host.handle(FakeConn("white"), {"type": "order", "order": "facilitator remove nobody -- test"})[0][1]
    assert not r["ok"] and "no unit 'nobody'" in r["reason"]


def test_a_connection_that_never_logs_in_is_closed(game):
    """An idle (or trickling) connection without a hello held its socket forever: a slowloris."""
    host = Host(game, game.new_initial_state(1))
    with ServerThread(host) as srv:
        srv.server.login_timeout = 0.5
        idle = raw_ws(srv.address)
        red = login(srv.address, host.codes["red"])
        time.sleep(1.2)
        with pytest.raises(ConnectionClosed):
            idle.recv(timeout=5)
        _drain(red, 0.1)
        red.send(json.dumps({"type": "ping", "id": 1}))
        assert json.loads(red.recv(timeout=5))["ok"] is True  # a logged-in client stays
        red.close()


def test_one_address_cannot_hold_unlimited_connections_without_logging_in(game, monkeypatch):
    monkeypatch.setattr(net_server, "MAX_ANON_PER_ADDRESS", 8, raising=False)
    host = Host(game, game.new_initial_state(1))
    with ServerThread(host) as srv:
        held = [raw_ws(srv.address) for _ in range(8)]
        for ws in held:
            ws.send(json.dumps({"type": "ping"}))
            assert json.loads(ws.recv(timeout=5))["type"] == "error"  # held open, not logged in
        extra = raw_ws(srv.address)
        with pytest.raises(ConnectionClosed) as e:
            extra.recv(timeout=5)
        assert e.value.rcvd is not None and e.value.rcvd.code == 1013
        held[0].send(json.dumps({"type": "hello", "code": host.codes["white"]}))  # a login frees a place
        assert json.loads(held[0].recv(timeout=5))["type"] == "welcome"
        s = Session(srv.address, host.codes["red"])
        assert s.connect()["role"] == "red"
        s.close()
        for ws in held:
            ws.close()


@pytest.mark.parametrize("raw", ["[" * 16000, "{\"a\":" * 3000,
                                 "{\"type\":\"order\",\"order\":\"end\",\"memo\":" + "{\"a\":" * 2500 + "1" + "}" * 2501])
def test_a_deeply_nested_message_gets_an_error_reply_and_keeps_the_connection(game, raw):
    host = Host(game, game.new_initial_state(1))
    with ServerThread(host) as srv:
        red = login(srv.address, host.codes["red"])
        _drain(red, 0.2)
        red.send(raw)
        r = json.loads(red.recv(timeout=5))
        assert r["type"] == "error" and "nested" in r["reason"]
        red.send(json.dumps({"type": "ping", "id": 2}))
        assert json.loads(red.recv(timeout=5))["id"] == 2
        assert host.state.history == []


@pytest.mark.parametrize("msg", [{"type": "observe", "at": 0.0}, {"type": "legal", "at": 0.0},
                                 {"type": "ping", "id": 1.0}, {"type": "order", "order": "end", "memo": {"rng": 5.0}}])
def test_a_float_where_an_integer_is_declared_is_refused_not_an_internal_error(game, msg):
    host = Host(game, game.new_initial_state(1))
    with ServerThread(host) as srv:
        red = login(srv.address, host.codes["red"])
        _drain(red, 0.2)
        red.send(json.dumps(msg))
        r = json.loads(red.recv(timeout=5))
        assert r["type"] == "error" and "integer" in r["reason"] and "internal" not in r["reason"], r
        assert host.state.history == []


def test_a_server_ai_that_fails_pauses_the_game_instead_of_stalling_it(game, monkeypatch):
    """An exception in a server AI seat killed the loop that plays AI seats: the game waited forever."""
    from engine.net import host as net_host

    class Broken:
        def choose(self, state, legal, rng):
            raise RuntimeError("policy bug")

    real = net_host.make_policy
    monkeypatch.setattr(net_host, "make_policy", lambda name: Broken() if name == "random" else real(name))
    host = Host(game, game.new_initial_state(2), ai={"red": "random"})
    with ServerThread(host) as srv:
        white = Session(srv.address, host.codes["white"])
        white.connect()
        deadline = time.monotonic() + 5
        while not white.status.get("paused") and time.monotonic() < deadline:
            white.pump(0.2)
        paused = white.status.get("paused", "")
        assert "random AI of the red seat failed" in paused and "policy bug" in paused
        # The white cell gives the seat back and resumes: the red seat plays on.
        assert white.request({"type": "seat", "side": "red", "policy": None})["ok"]
        assert white.request({"type": "resume"})["ok"]
        red = Session(srv.address, host.codes["red"])
        red.connect()
        assert red.request({"type": "order", "order": "end"})["ok"]
        assert host.state.history == ["end"]
        red.close()
        white.close()


@pytest.mark.parametrize("sid", ["OUTSIDE", "*", "**/baseline-2020", "/etc/passwd", "a" * 300])
def test_join_refuses_a_scenario_id_that_is_a_path_or_a_pattern(sid, tmp_path):
    """The scenario id comes from the server: '../..' loaded a YAML file outside scenarios/, '*' some
    scenario, and '/etc/passwd' or a long id ended join with a traceback."""
    from engine.cli.net_cmd import find_scenario
    from engine.errors import EngineError
    if sid == "OUTSIDE":  # a YAML file of the client's, named relative to scenarios/
        (tmp_path / "notes.yaml").write_text("id: notes\n", encoding="utf-8")
        sid = os.path.relpath(tmp_path / "notes", SCENARIO.parent)
    with pytest.raises(EngineError, match="pass --scenario"):
        find_scenario(sid)
    assert find_scenario("baseline-2020") == SCENARIO


def test_a_view_is_never_served_stale_after_an_undo(monkeypatch) -> None:
    """The view cache was keyed on (id(state), len(history), len(log)). An undo replays into a new State, which
    CPython may place at a freed one's address; another order of the same length then got the old view (forced
    here by giving every object the same id). Replacing the state now starts a new key."""
    import json

    import engine.net.host as H
    from engine.net import views
    from engine.testing import game_of

    class Conn:
        def __init__(self, role: str) -> None:
            self.role = role
    g = game_of(SCENARIO)
    host = H.Host(g, g.new_initial_state(9))
    c = {r: Conn(r) for r in ("red", "blue", "white")}
    for x in c.values():
        host.connected(x)
    monkeypatch.setattr(H, "id", lambda o: 0, raising=False)
    assert host.handle(c["red"], {"type": "order", "order": "option ru_information_campaign"})[0][1]["ok"]
    before = host.view(views.ALL)
    assert host.handle(c["white"], {"type": "undo"})[0][1]["ok"]
    assert host.handle(c["red"], {"type": "order", "order": "option ru_wmd_reinforce"})[0][1]["ok"]
    fresh = json.dumps(views.full_view(host.state), sort_keys=True)
    assert json.dumps(host.view(views.ALL), sort_keys=True) == fresh != json.dumps(before, sort_keys=True)

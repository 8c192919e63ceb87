"""Fuzz: hundreds of malformed, oversized and out-of-turn messages. Each gets an error reply, the
server stays up, and the game's hash does not move."""

from __future__ import annotations

import json
import random

import pytest

pytest.importorskip("websockets")
pytest.importorskip("jsonschema")

from websockets.exceptions import ConnectionClosed  # noqa: E402

from engine.net.client import Session  # noqa: E402
from engine.net.host import Host  # noqa: E402
from engine.net.protocol import MAX_CLIENT_BYTES, MAX_FRAME_BYTES, SERVER_SCHEMA  # noqa: E402
from engine.net.server import ServerThread  # noqa: E402
from engine.testing import game_of  # noqa: E402
from tests.netfixture import SCENARIO, login, raw_ws  # noqa: E402

def _junk(rnd: random.Random) -> list:
    """Malformed messages: not JSON, not objects, unknown types, wrong fields, oversized."""
    out: list = []
    for _ in range(60):
        out.append(bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 64))))
    for _ in range(60):
        out.append("".join(rnd.choice("{}[]\":,abc 0123\\") for _ in range(rnd.randrange(1, 40))))
    out += ["null", "1", "-3.5", "\"order\"", "[]", "[{\"type\":\"order\"}]", "true", "{}", "{\"type\":null}"]
    for kind in ("hullo", "ORDER", "orders", "", "admin", "eval", "__class__", "handle", "_on_order"):
        out.append({"type": kind})
    bad_fields = [
        {"type": "order"}, {"type": "order", "order": 5}, {"type": "order", "order": ""},
        {"type": "order", "order": "end", "side": "blue"}, {"type": "order", "order": "end", "id": -1},
        {"type": "order", "order": "end", "id": "7"}, {"type": "order", "order": "end", "memo": {"rng": -1}},
        {"type": "order", "order": "end", "memo": {"rng": 2 ** 64}}, {"type": "order", "order": "end", "memo": {"x": 1}},
        {"type": "observe", "side": ""}, {"type": "observe", "side": "blue side"}, {"type": "observe", "side": 3},
        {"type": "legal", "group": ""}, {"type": "legal", "group": ["a"]}, {"type": "check"},
        {"type": "seat", "side": "blue"}, {"type": "seat", "side": "blue", "policy": 1},
        {"type": "inject"}, {"type": "inject", "text": "x", "to": "blue"}, {"type": "inject", "text": "x", "to": ["a", "a"]},
        {"type": "hello"}, {"type": "hello", "code": ""}, {"type": "ping", "extra": 1}, {"type": "pause", "reason": 3},
    ]
    for _ in range(4):
        out += bad_fields
    for n in (MAX_CLIENT_BYTES + 1, MAX_CLIENT_BYTES * 2, 200_000):
        out.append(json.dumps({"type": "order", "order": "x" * n}))
        out.append(json.dumps({"type": "ping", "pad": "y" * n}))
        out.append("z" * n)
    for _ in range(30):  # nested junk of random shape
        out.append(json.dumps({"type": rnd.choice(["order", "observe", "legal"]),
                               rnd.choice(["order", "side", "group", "q"]): [rnd.random(), {"a": [None]}]}))
    return out


def _bad_orders(rnd: random.Random, blue_unit: str) -> list:
    """Well-formed messages the rules must refuse: unreadable orders, other side's units, white-only."""
    words = ["move", "rail", "attack", "option", "ready", "air", "strike", "end now", "facilitator", "nuke"]
    out: list = []
    for _ in range(80):
        w = rnd.choice(words)
        tail = " ".join(rnd.choice(["Minsk", "3,4", "->", "with", "x", "-- why", "99,99", blue_unit, "base:zz"])
                        for _ in range(rnd.randrange(0, 5)))
        text = f"{w} {tail}".strip()
        if text == "end":
            continue
        out.append({"type": "order", "order": text})
    out += [{"type": "order", "order": f"ready {blue_unit}"}, {"type": "order", "order": "option no_such_option"},
            {"type": "order", "order": "facilitator track escalation 3 -- red wants it"},
            {"type": "observe", "side": "blue"}, {"type": "observe", "side": "all"},
            {"type": "observe", "side": "public"}, {"type": "pause"}, {"type": "resume"}, {"type": "undo"},
            {"type": "seat", "side": "blue", "policy": "random"}, {"type": "inject", "text": "hi"},
            {"type": "hello", "code": "again"}, {"type": "legal", "group": "no-such-group"}]
    return out


def _expect_refusal(ws, msg) -> dict:
    ws.send(msg if isinstance(msg, (str, bytes)) else json.dumps(msg))
    reply = json.loads(ws.recv(timeout=10))
    assert reply["type"] in ("error", "reply"), reply
    assert reply.get("ok") is not True, (msg, reply)
    assert reply.get("reason"), reply
    return reply


def test_fuzz_500_bad_messages_get_errors_and_change_nothing():
    jsonschema = pytest.importorskip("jsonschema")
    game = game_of(SCENARIO)
    host = Host(game, game.new_initial_state(2))
    before = host.state.state_hash()
    rnd = random.Random(20261130)
    blue_unit = sorted(u.id for u in host.state.units.values() if u.side == "blue")[0]
    sent = 0
    with ServerThread(host) as srv:
        red = login(srv.address, host.codes["red"], drain=True)  # red is to act
        blue = login(srv.address, host.codes["blue"], drain=True)  # blue is not: all it sends is out of turn
        proj = login(srv.address, host.codes["projector"], drain=True)
        for m in _junk(rnd):
            _expect_refusal(red, m)
            sent += 1
        for m in _bad_orders(rnd, blue_unit):
            _expect_refusal(red, m)
            sent += 1
        for m in [{"type": "order", "order": "end"}, {"type": "legal"}, {"type": "check", "order": "end"}] * 30:
            r = _expect_refusal(blue, m)  # out of turn
            assert "red's turn" in r["reason"]
            sent += 1
        for m in [{"type": "order", "order": "end"}, {"type": "observe", "side": "red"}, {"type": "legal"}] * 10:
            _expect_refusal(proj, m)
            sent += 1
        for k in range(12):  # not logged in: junk and wrong codes (a connection is closed after 5)
            anon = raw_ws(srv.address)
            for m in ({"type": "order", "order": "end"}, "garbage", {"type": "hello", "code": f"guess{k}"},
                      {"type": "hello", "code": host.codes["red"] + "x"}):
                _expect_refusal(anon, m)
                sent += 1
            anon.close()
        # Above the transport's cap the connection is closed (1009), and only that one.
        big = login(srv.address, host.codes["red"], drain=True)
        big.send("q" * (MAX_FRAME_BYTES + 10))
        with pytest.raises(ConnectionClosed):
            big.recv(timeout=10)
        sent += 1
        assert sent >= 500
        # The server is up and answers, the game did not move, and red can still play.
        for ws in (red, blue, proj):
            ws.send(json.dumps({"type": "ping", "id": 1}))
            r = json.loads(ws.recv(timeout=10))
            assert r["ok"] is True and r["id"] == 1
            jsonschema.validate(r, SERVER_SCHEMA)
        assert host.state.state_hash() == before and host.state.history == []
        s = Session(srv.address, host.codes["red"])
        s.connect()
        assert s.request({"type": "order", "order": "end"})["ok"]
        assert host.state.history == ["end"]
        assert srv.server.errors >= 500


def test_a_bug_in_a_handler_costs_one_reply_not_the_server(monkeypatch):
    game = game_of(SCENARIO)
    host = Host(game, game.new_initial_state(2))

    def broken(conn, msg):
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(host, "_on_ping", broken)
    with ServerThread(host) as srv:
        red = login(srv.address, host.codes["red"], drain=True)
        r = _expect_refusal(red, {"type": "ping"})
        assert r["type"] == "error" and "internal error" in r["reason"]
        red.send(json.dumps({"type": "status", "id": 5}))
        assert json.loads(red.recv(timeout=10))["ok"] is True

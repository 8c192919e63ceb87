"""What the networked-play tests share: the scenario, a stand-in connection, and raw websocket logins.

Import the ``game`` fixture by name (``from tests.netfixture import game``) and pytest uses it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.testing import game_of

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "baseline-2020.yaml"


class FakeConn:
    """A connection as the Host sees one: a role, nothing to send on (Host.handle returns its outbox)."""

    def __init__(self, role: str) -> None:
        self.role = role


@pytest.fixture(scope="module")
def game():
    return game_of(SCENARIO)


def raw_ws(address: str):
    """A websocket of our own, not a client Session: the tests send what no client would."""
    from websockets.sync.client import connect
    try:
        return connect(f"ws://{address}/", legacy=True, proxy=None, max_size=None)
    except TypeError:  # an older websockets without these options
        return connect(f"ws://{address}/", max_size=None)


def login(address: str, code: str, drain: bool = False):
    """A raw websocket logged in with ``code``; ``drain``: the prompt and updates that follow are read."""
    ws = raw_ws(address)
    ws.send(json.dumps({"type": "hello", "code": code}))
    assert json.loads(ws.recv(timeout=10))["type"] == "welcome"
    while drain:
        try:
            ws.recv(timeout=0.3)
        except TimeoutError:
            break
    return ws


def seated(host, *roles: str):
    """Stand-in connections for ``roles``, connected to ``host``, and ``ask(role, **msg)``: the reply to a
    message, which must be ok."""
    conns = {r: FakeConn(r) for r in roles}
    for c in conns.values():
        host.connected(c)

    def ask(who: str, **msg) -> dict:
        r = host.handle(conns[who], msg)[0][1]
        assert r["ok"], r
        return r
    return conns, ask

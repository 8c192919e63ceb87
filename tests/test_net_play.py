"""Networked games on the loopback address: AI clients in every seat give the playout's hash;
a seat cannot see or order for the other side; a killed client rejoins and the hash still holds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("websockets")
pytest.importorskip("jsonschema")

from engine.ai import make_policy  # noqa: E402
from engine.analysis.playout import play_game  # noqa: E402
from engine.net.client import NetError, Session, play_seat  # noqa: E402
from engine.net.host import Host  # noqa: E402
from engine.net.server import ServerThread  # noqa: E402
from engine.testing import game_of  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "baseline-2020.yaml"


@pytest.fixture(scope="module")
def game():
    return game_of(SCENARIO)


def local_hash(game, seed: int, pols: dict[str, str]) -> str:
    return play_game(game, seed, {s: make_policy(p) for s, p in pols.items()})[0]["state_hash"]


def run_seats(address: str, host: Host, game, pols: dict[str, str], timeout: float = 60) -> dict:
    """One client thread per seat; returns side -> final status (or the exception)."""
    res: dict = {}

    def run(side: str) -> None:
        try:
            res[side] = play_seat(Session(address, host.codes[side]), game, pols[side], retry=0)
        except Exception as e:  # reported by the test
            res[side] = e

    ts = [threading.Thread(target=run, args=(s,), daemon=True) for s in pols]
    for t in ts:
        t.start()
    for t in ts:
        t.join(timeout)
    assert not any(t.is_alive() for t in ts), "a seat client did not finish"
    return res


@pytest.mark.parametrize("seed,pols", [(3, {"red": "random", "blue": "scripted"}),
                                       (11, {"red": "scripted", "blue": "random"})])
def test_two_ai_clients_play_to_the_end_with_the_playout_hash(game, seed, pols, tmp_path):
    host = Host(game, game.new_initial_state(seed), autosave=tmp_path / "auto.json")
    with ServerThread(host) as srv:
        res = run_seats(srv.address, host, game, pols)
        assert srv.server.errors == 0
    for side, st in res.items():
        assert isinstance(st, dict) and st["terminal"], (side, st)
    assert host.state.is_terminal()
    assert host.state.state_hash() == local_hash(game, seed, pols)
    assert host.autosaves > 14  # at least one per turn (one per side's phase, in fact)


def test_server_ai_seat_plays_like_the_playout_even_greedy(game):
    """A seat handed to the server's AI from the start gives the playout's hash (any policy)."""
    pols = {"red": "random", "blue": "greedy"}
    host = Host(game, game.new_initial_state(4), ai={"blue": "greedy"})
    with ServerThread(host) as srv:
        res = run_seats(srv.address, host, game, {"red": "random"})
    assert res["red"]["terminal"]
    assert host.state.state_hash() == local_hash(game, 4, pols)


def test_a_seat_cannot_see_or_order_for_the_other_side_and_the_game_goes_on(game):
    seed, pols = 5, {"red": "random", "blue": "random"}
    host = Host(game, game.new_initial_state(seed))
    with ServerThread(host) as srv:
        red = Session(srv.address, host.codes["red"])
        red.connect()
        assert red.role == "red" and "policy_seed" in red.welcome
        # Blue's view, the white cell's and the projector's are all refused to the red code.
        for side in ("blue", "all", "white"):
            r = red.request({"type": "observe", "side": side})
            assert not r["ok"] and "only red's observation" in r["reason"]
        assert red.observe()["side"] == "red"
        # A blue unit's order on red's turn: refused with the rule's reason.
        st = host.state
        blue_unit = next(u for u in st.units.values() if u.side == "blue")
        here = game.hexes[blue_unit.pos]
        r = red.request({"type": "order", "order": f"ready {blue_unit.id}"})
        assert not r["ok"] and "refused" in r["reason"]
        r = red.request({"type": "order", "order": f"move {blue_unit.id} {here.q},{here.r}->{here.q},{here.r + 1}"})
        assert not r["ok"] and "refused" in r["reason"]
        r = red.request({"type": "order", "order": "facilitator track escalation 9 -- because"})
        assert not r["ok"] and "white cell" in r["reason"]
        assert host.state.history == []
        # On blue's turn the red code cannot give blue's orders, nor ask blue's legal orders.
        blue = Session(srv.address, host.codes["blue"])
        blue.connect()
        assert not blue.request({"type": "order", "order": "end"})["ok"]  # red's turn, not blue's
        r = red.request({"type": "order", "order": "end"})
        assert r["ok"]
        while host.state.current_player() != "blue":
            assert red.request({"type": "order", "order": "end"})["ok"]
        for msg in ({"type": "order", "order": "end"}, {"type": "legal"}, {"type": "check", "order": "end"}):
            r = red.request(msg)
            assert not r["ok"] and "blue's turn" in r["reason"], r
        assert host.state.current_player() == "blue"
        red.close()
        blue.close()
        # The game goes on: both seats play it to the end.
        played = list(host.state.history)
        res = run_seats(srv.address, host, game, pols)
        assert all(s["terminal"] for s in res.values())
    # The refusals changed nothing: the game is the ends given by hand, then the two policies.
    assert host.state.history[: len(played)] == played


def _cli(*args: str, env: dict | None = None) -> subprocess.Popen:
    e = dict(os.environ, PYTHONHASHSEED="0", **(env or {}))
    return subprocess.Popen([sys.executable, "-m", "engine.cli", *args], cwd=ROOT, env=e,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("victim,seed", [("red", 7), ("blue", 12)])
def test_a_killed_client_rejoins_with_its_code_and_the_hash_holds(game, victim, seed):
    """A seat's client process is killed (SIGKILL) in the middle of its phase, after it gave orders
    in it; a new process rejoins with the code and finishes. The scripted policy (blue) plans a
    whole phase at once, so its new process must recover the plan, not just the dice."""
    pols = {"red": "random", "blue": "scripted"}
    other = "blue" if victim == "red" else "red"
    host = Host(game, game.new_initial_state(seed))
    with ServerThread(host) as srv:
        done: dict = {}
        bt = threading.Thread(target=lambda: done.update(
            st=play_seat(Session(srv.address, host.codes[other]), game, pols[other], retry=0)), daemon=True)
        bt.start()
        env = {"EASTFLANK_CODE": host.codes[victim]}
        first = _cli("join", srv.address, "--policy", pols[victim], env=env)
        deadline = time.monotonic() + 60
        # Kill it mid-turn: well into the game, on its turn, after it has given an order in this phase.
        while not (len(host.state.history) > 60 and host.state.current_player() == victim
                   and host.by[-1] == victim and host.state.history[-1] != "end"):
            assert time.monotonic() < deadline and first.poll() is None
            time.sleep(0.0005)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        killed_at = len(host.state.history)
        assert not host.state.is_terminal()
        second = _cli("join", srv.address, "--policy", pols[victim], env=env)
        out, err = second.communicate(timeout=120)
        assert second.returncode == 0, err
        assert "game over" in out and "catching up" not in err
        bt.join(60)
    assert done["st"]["terminal"]
    assert len(host.state.history) > killed_at
    assert host.state.state_hash() == local_hash(game, seed, pols)


def test_bad_code_is_refused_and_the_log_names_roles_never_codes(game, caplog):
    host = Host(game, game.new_initial_state(1))
    caplog.set_level("INFO", logger="eastflank.net")
    with ServerThread(host) as srv:
        with pytest.raises(NetError, match="unknown join code"):
            Session(srv.address, "not-a-code").connect()
        with pytest.raises(NetError, match="unknown join code"):
            Session(srv.address, host.codes["red"][:-1]).connect()
        for role in ("red", "white", "projector"):
            s = Session(srv.address, host.codes[role])
            assert s.connect()["role"] == role
            s.close()
        time.sleep(0.2)
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "red connected" in text and "white connected" in text and "projector connected" in text
    assert "refused a login" in text
    for code in host.codes.values():
        assert code not in text


def test_login_compares_every_code_in_constant_time(game, monkeypatch):
    import hmac
    calls = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    host = Host(game, game.new_initial_state(1))
    assert host.login(host.codes["blue"]) == "blue"
    assert len(calls) == len(host.codes)  # no early exit on a match
    calls.clear()
    assert host.login("x" * 22) is None
    assert len(calls) == len(host.codes)


def test_a_seat_nobody_holds_goes_to_the_fallback_ai_so_the_game_never_waits(game):
    host = Host(game, game.new_initial_state(8))
    with ServerThread(host, ai_after=0.4, fallback_policy="scripted") as srv:
        # Red never comes: after 0.4 s without a red client on red's turn the server's AI takes it.
        res = run_seats(srv.address, host, game, {"blue": "random"})
    assert res["blue"]["terminal"]
    assert host.ai["red"][0] == "scripted"
    assert res["blue"]["ai"] == {"red": "scripted"}


def test_the_networked_game_matches_eastflank_playout_itself(game, tmp_path):
    """`eastflank playout -n 1 --seed 5 --red random --blue scripted` and a served game of its seed."""
    import json
    out = tmp_path / "p.json"
    p = subprocess.run([sys.executable, "-m", "engine.cli", "playout", str(SCENARIO), "-n", "1", "--seed", "5",
                        "--red", "random", "--blue", "scripted", "--json", str(out)], cwd=ROOT,
                       capture_output=True, text=True, timeout=120, env=dict(os.environ, PYTHONHASHSEED="1"))
    assert p.returncode == 0, p.stderr
    want = json.loads(out.read_text())["results"][0]
    host = Host(game, game.new_initial_state(want["seed"]))
    with ServerThread(host) as srv:
        res = run_seats(srv.address, host, game, {"red": "random", "blue": "scripted"})
    assert all(s["terminal"] for s in res.values())
    assert host.state.state_hash() == want["state_hash"]
    assert len(host.state.history) == want["actions"]


def _ipv6_loopback() -> bool:
    import socket
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


def test_a_seat_joins_a_server_on_an_ipv6_address(game):
    """``join [::1]:PORT`` built the URI ws://::1:PORT/, which is not a URI: every IPv6 join was refused
    with "hostname isn't provided". (``serve --host ::1`` itself worked.)"""
    from engine.net.client import ws_uri
    assert ws_uri("::1", 8765) == "ws://[::1]:8765/" and ws_uri("127.0.0.1", 1) == "ws://127.0.0.1:1/"
    if not _ipv6_loopback():
        pytest.skip("this machine has no IPv6 loopback address")
    host = Host(game, game.new_initial_state(1))
    with ServerThread(host, bind="::1") as srv:
        assert srv.address.startswith("[::1]:")
        s = Session(srv.address, host.codes["red"])
        assert s.connect()["role"] == "red"
        s.close()

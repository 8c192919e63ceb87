"""The client side of networked play: a session with the server, and a seat played by an AI policy.

:class:`Session` is a blocking websockets client (requests are answered in
order; what the server pushes meanwhile, updates, turn prompts, injects, is
kept as the latest status). :class:`SeatState` and :class:`RemoteLegal` give a
policy of engine/ai the part of the State API it reads (the side's
observation, the legal orders by group, ``is_legal``), fetched from the
server, so the same policy code decides the same orders as in a local
playout. The policy's RNG is seeded as engine/analysis/playout.py seeds it.
A client that was killed or dropped rejoins with its code and first decides
again each order its seat gave, at the positions it gave them
(:func:`catch_up`), so the policy's memory and dice are exactly as before;
the RNG position sent with each order (``memo``) is the fallback.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, Any, Callable

from engine.core.actions import Action
from engine.core.grouped import GroupedOrders
from engine.core.rng import Rng
from engine.errors import EngineError
from engine.net import views
from engine.net.protocol import MAX_SERVER_BYTES, ProtocolError, decode_server, encode

if TYPE_CHECKING:
    from engine.core.state import Observation
    from engine.game.game import Game

log = logging.getLogger("eastflank.net")

#: Policies that read only the observation and the legal orders (a seat client can run them).
#: ``greedy`` searches a clone of the full State, which a seat never receives: the white
#: cell can hand a seat to the server's greedy AI instead.
SEAT_POLICIES = ("random", "scripted")
#: Seconds a close waits for the server's answer before dropping the socket. Our server answers in one
#: round trip; the library's default of 10 s was paid in full on a dead link before every rejoin.
CLOSE_TIMEOUT = 2.0


class NetError(EngineError):
    """The server cannot be reached, refused the code, or closed the connection."""


def split_address(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise EngineError(f"{text!r}: expected HOST:PORT (for example 127.0.0.1:8765)")
    return host.strip("[]"), int(port)


def ws_uri(host: str, port: int) -> str:
    """The websocket URI of a server; an IPv6 address is bracketed (``ws://[::1]:8765/``), since
    ``ws://::1:8765/`` is not a URI and every IPv6 join was refused with "hostname isn't provided"."""
    return f"ws://[{host}]:{port}/" if ":" in host else f"ws://{host}:{port}/"


class Session:
    """One logged-in connection. ``request`` sends and waits for the reply with the same id."""

    def __init__(self, address: str, code: str, timeout: float = 30.0,
                 on_push: Callable[[dict], None] | None = None) -> None:
        self.address = address
        self.code = code
        self.timeout = timeout
        self.on_push = on_push
        self.ws: Any = None
        self.welcome: dict = {}
        self.status: dict = {}
        self.prompt: dict | None = None
        self.injects: list[dict] = []
        self.notes: list[str] = []
        self.updates = 0
        self._id = 0

    # --- connection -----------------------------------------------------------------
    def connect(self) -> dict:
        from websockets.exceptions import InvalidHandshake, InvalidURI
        from websockets.sync.client import connect
        host, port = split_address(self.address)
        opts: dict[str, Any] = dict(open_timeout=self.timeout, close_timeout=CLOSE_TIMEOUT,
                                    max_size=MAX_SERVER_BYTES, compression=None, proxy=None)
        try:
            try:
                self.ws = connect(ws_uri(host, port), legacy=True, **opts)  # a plain connection
            except TypeError:  # a websockets without the legacy flag connects directly
                self.ws = connect(ws_uri(host, port), **opts)
        except (OSError, InvalidHandshake, InvalidURI, TimeoutError) as e:
            raise NetError(f"cannot reach {self.address}: {e}") from None
        self._send({"type": "hello", "code": self.code})
        try:
            msg = self._recv()
        except TimeoutError:
            self.close()
            raise NetError(f"{self.address}: no welcome in {self.timeout:.0f} s") from None
        if msg["type"] == "error":
            self.close()
            raise NetError(f"{self.address}: {msg.get('reason')}")
        if msg["type"] != "welcome":
            raise NetError(f"{self.address}: expected a welcome, got {msg['type']!r}")
        self.welcome = msg
        self.status = msg["status"]
        self.injects = [{"type": "inject", **i} for i in msg.get("injects", [])]
        return msg

    def close(self) -> None:
        """Close at once, unread pushes or not (they are dropped).

        Messages nobody reads fill the connection's receive buffer (``max_queue`` frames), and then it
        stops reading the socket, so it never saw the server's answer to the close and ``ws.close()``
        waited out the whole close timeout (10 s) for every session closed with pushes unread. A reader
        thread discards them while the close handshake runs, so it ends in one round trip."""
        ws, self.ws = self.ws, None
        if ws is None:
            return

        def discard() -> None:
            try:
                while True:
                    ws.recv()
            except Exception:  # ConnectionClosed: the handshake is over (or the socket died)
                pass

        reader = threading.Thread(target=discard, name="eastflank-close", daemon=True)
        reader.start()
        try:
            ws.close()
        except Exception:  # closing a dead socket: nothing left to do
            pass
        reader.join(CLOSE_TIMEOUT)

    @property
    def role(self) -> str:
        return self.welcome.get("role", "")

    def _send(self, msg: dict) -> None:
        from websockets.exceptions import ConnectionClosed
        try:
            text = encode(msg)
            text.encode("utf-8")
        except UnicodeEncodeError:  # the server refuses it too; sending it raised out of websockets
            raise NetError("a message holds a lone surrogate (text must be UTF-8)") from None
        try:
            self.ws.send(text)
        except (ConnectionClosed, OSError) as e:
            raise NetError(f"connection to {self.address} lost: {e}") from None

    def _recv(self, timeout: float | None = None) -> dict:
        from websockets.exceptions import ConnectionClosed
        try:
            raw = self.ws.recv(timeout=self.timeout if timeout is None else timeout)
        except TimeoutError:
            raise
        except (ConnectionClosed, OSError) as e:
            raise NetError(f"connection to {self.address} lost: {e}") from None
        try:
            return decode_server(raw)
        except ProtocolError as e:
            raise NetError(str(e)) from None

    def _absorb(self, msg: dict) -> None:
        """Keep what a pushed message tells (status, turn prompt, inject)."""
        if "status" in msg:
            self.status = msg["status"]
        if msg["type"] in ("update", "turn", "over"):
            self.updates += 1
        # A prompt holds until the next update: the server sends an update and then, if this seat
        # is (still) to act, a fresh prompt, after every change.
        if msg["type"] == "turn":
            self.prompt = msg
        elif msg["type"] in ("update", "over"):
            self.prompt = None
        elif msg["type"] == "inject":
            self.injects.append(msg)
        if msg.get("note"):
            self.notes.append(msg["note"])
        if self.on_push is not None:
            self.on_push(msg)

    def pump(self, timeout: float) -> bool:
        """Read pushed messages for up to ``timeout`` seconds; True if one came."""
        try:
            msg = self._recv(timeout)
        except TimeoutError:
            return False
        self._absorb(msg)
        return True

    def request(self, msg: dict) -> dict:
        """Send a request; its reply (``ok`` false replies are returned, not raised)."""
        self._id += 1
        rid = self._id
        self._send({**msg, "id": rid})
        deadline = time.monotonic() + self.timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise NetError(f"{self.address}: no reply to {msg['type']!r} in {self.timeout:.0f} s")
            try:
                m = self._recv(left)
            except TimeoutError:
                continue
            if m.get("id") == rid and m["type"] in ("reply", "error"):
                if m["type"] == "error":
                    return {"ok": False, "reason": m.get("reason", "")}
                return m
            self._absorb(m)

    def observe(self, side: str | None = None) -> dict:
        r = self.request({"type": "observe", **({"side": side} if side else {})})
        if not r["ok"]:
            raise NetError(r["reason"])
        return r["view"]


class RemoteLegal(GroupedOrders):
    """The legal orders of a prompt, fetched group by group (like LegalActions, but over the wire)."""

    def __init__(self, session: Session, game: "Game", prompt: dict, at: int | None = None) -> None:
        self.session = session
        self.game = game
        self.at = at
        self.groups: list[str] = list(prompt["groups"])
        self._cache: dict[str, list[Action]] = {}
        self._all: list[Action] | None = None

    def actions_of(self, key: str) -> list[Action]:
        acts = self._cache.get(key)
        if acts is None:
            r = self.session.request({"type": "legal", "group": key, **_at(self.at)})
            if not r["ok"]:
                raise NetError(f"legal orders of {key!r}: {r['reason']}")
            acts = [self.game.parse_action(t) for t in r["orders"]]
            self._cache[key] = acts
        return acts

    orders_of = actions_of


class SeatState:
    """What a policy reads of the State, for one seat at one prompt (never more than it may see)."""

    def __init__(self, session: Session, game: "Game", side: str, prompt: dict, seed: int,
                 at: int | None = None) -> None:
        self.session = session
        self.at = at  # a past position (catching up after a restart), None for now
        self.game = game
        self.side = side
        self.seed = seed  # any number fixed for the game: policies use it only to notice a new game
        self.turn = int(prompt["turn"])
        self.phase = str(prompt["phase"])
        self._prompt = prompt
        self._obs: "Observation | None" = None

    def current_player(self) -> str:
        return self.side

    def is_terminal(self) -> bool:
        return False

    def observation(self, side: str) -> "Observation":
        if side != self.side:
            raise NetError(f"the {self.side} seat cannot see {side}'s observation")
        if self._obs is None:
            r = self.session.request({"type": "observe", **_at(self.at)})
            if not r["ok"]:
                raise NetError(r["reason"])
            self._obs = views.obs_from_dict(r["view"])
        return self._obs

    def why_illegal(self, action: Action) -> str | None:
        r = self.session.request({"type": "check", "order": action.to_str(None), **_at(self.at)})
        if not r["ok"]:
            raise NetError(f"cannot check {action.to_str(self.game)!r}: {r['reason']}")
        return None if r["legal"] else r["reason"]

    def is_legal(self, action: Action) -> bool:
        return self.why_illegal(action) is None

    def legal(self) -> RemoteLegal:
        return RemoteLegal(self.session, self.game, self._prompt, self.at)

    def clone(self):
        raise NetError("this policy needs the full state, which a seat never receives "
                       f"(seat policies: {', '.join(SEAT_POLICIES)})")


def _at(at: int | None) -> dict:
    return {} if at is None else {"at": at}


def catch_up(session: Session, game: "Game", policy_name: str) -> tuple[Any, Rng]:
    """A fresh policy brought to where this seat's policy was: it decides again every order the
    seat gave, at the positions it gave them (the server replays them), with the RNG from the
    policy seed, so its memory and dice are exactly as before. If a decision comes out different
    (the white cell changed things), it stops and keeps the RNG the server remembered."""
    from engine.ai import make_policy
    w = session.welcome
    side, seed = w["role"], int(w["policy_seed"])
    policy, rng = make_policy(policy_name), Rng(seed)
    for v, text in enumerate(w.get("orders", [])):
        r = session.request({"type": "legal", "at": v})
        if not r["ok"]:
            raise NetError(f"catching up at order {v}: {r['reason']}")
        st = SeatState(session, game, side, {"groups": r["groups"], "turn": r["turn"], "phase": r["phase"]},
                       seed, at=v)
        a = policy.choose(st, st.legal(), rng)
        if a != game.parse_action(text):
            log.warning("%s: catching up, order %d comes out as %r, not %r: resuming with the saved RNG",
                        side, v, a.to_str(game), text)
            memo = w.get("memo") or {}
            return make_policy(policy_name), Rng(state=memo["rng"]) if "rng" in memo else rng
    return policy, rng


def check_scenario(game: "Game", welcome: dict) -> None:
    if welcome.get("scenario_digest") != game.scenario.digest:
        raise EngineError(f"the server plays scenario {welcome.get('scenario_id')!r} "
                          f"(digest {str(welcome.get('scenario_digest'))[:12]}), this client loaded "
                          f"{game.scenario.id!r} (digest {game.scenario.digest[:12]}): pass --scenario")


def play_seat(session: Session, game: "Game", policy_name: str, retry: float = 30.0,
              max_orders: int = 1_000_000, stop: Callable[[Session], bool] | None = None) -> dict:
    """Play the session's seat with a policy until the game is over; reconnects after a drop.

    Returns the final status. ``stop`` (tests) can end the loop early, as a killed client.
    """
    from engine.ai import make_policy
    if policy_name not in SEAT_POLICIES:
        raise EngineError(f"policy {policy_name!r} cannot play a seat: it needs the full state "
                          f"(seat policies: {', '.join(SEAT_POLICIES)}; the white cell can hand a seat "
                          "to the server's greedy AI)")
    make_policy(policy_name)  # an unknown name fails here
    if session.ws is None:
        session.connect()
    side = session.role
    if side not in session.welcome.get("sides", []):
        raise EngineError(f"--policy plays a side's seat; this code is for {side}")
    check_scenario(game, session.welcome)

    policy, rng = catch_up(session, game, policy_name)
    seed = int(session.welcome["policy_seed"])
    sent = 0
    while sent < max_orders:
        try:
            if session.status.get("terminal"):
                return session.status
            if stop is not None and stop(session):
                return session.status
            p = session.prompt
            if p is not None and p["side"] == side and not session.status.get("paused"):
                session.prompt = None
                st = SeatState(session, game, side, p, seed)
                a = policy.choose(st, st.legal(), rng)
                r = session.request({"type": "order", "order": a.to_str(None), "memo": {"rng": rng.state}})
                if not r["ok"]:  # the white cell changed the position meanwhile: wait for the next prompt
                    log.warning("%s: the server refused %r: %s", side, a.to_str(game), r["reason"])
                sent += 1
                continue
            session.pump(1.0)
        except NetError as e:
            if retry <= 0:
                raise
            log.warning("%s: %s; rejoining", side, e)
            session.close()
            session.prompt = None
            _rejoin(session, retry)
            policy, rng = catch_up(session, game, policy_name)
    return session.status


def _rejoin(session: Session, retry: float) -> None:
    deadline = time.monotonic() + retry
    wait = 0.2
    while True:
        try:
            session.connect()
            return
        except NetError:
            if time.monotonic() + wait > deadline:
                raise
            time.sleep(wait)
            wait = min(2.0, wait * 2)

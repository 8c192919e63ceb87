"""``eastflank serve``: the Host behind a websockets server on asyncio.

One event loop owns the Host, so requests are answered one at a time and the
game never sees two orders at once. Each connection has its own outgoing
queue and writer task: a slow or dead client never holds up the others (a
client more than :data:`MAX_BACKLOG` messages or :data:`MAX_BACKLOG_BYTES`
bytes behind is dropped; it can rejoin). The join code travels inside the
first message, never in the URL, and the log names each connection by its
role only.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any, Callable

from engine.net.host import Host, Outbox
from engine.net.protocol import MAX_FRAME_BYTES, ProtocolError, decode_client, encode

log = logging.getLogger("eastflank.net")

#: Messages waiting for one client before it is dropped as too slow.
MAX_BACKLOG = 2000
#: Bytes waiting for one client before it is dropped as too slow. Counting messages alone let a client
#: that asks for views and reads none hold 2000 of them: 18 MB of full views of the baseline (9 KB at the
#: start, 14 KB late in a game; every shipped scenario is within 15 KB). 4 MiB is some 280 such views, or
#: 8 of the largest white-cell view the protocol allows (40 log lines and 20 injects of MAX_INJECT_CHARS,
#: about 0.5 MB): far more than a client that reads ever leaves here (it asks one thing at a time and the
#: socket buffers take the rest), and thirty stalled screens hold 120 MB, not 540 or more. A message larger
#: than this on its own (a view of a huge user theatre) still goes to a client with nothing waiting.
MAX_BACKLOG_BYTES = 4 * 1024 * 1024
#: Failed logins on one connection before it is closed.
MAX_BAD_LOGINS = 5
#: Seconds a connection may stay without logging in (an idle or trickling one held a socket forever).
LOGIN_TIMEOUT = 10.0
#: Connections not logged in yet from one address; more are closed at once (1013), so one machine
#: cannot use up the server's file descriptors (each lives at most LOGIN_TIMEOUT anyway).
MAX_ANON_PER_ADDRESS = 64


class _Conn:
    """One websocket and its outgoing queue; ``role`` is None until the client logs in."""

    def __init__(self, ws: Any, peer: str) -> None:
        self.ws = ws
        self.peer = peer
        self.role: str | None = None
        self.queue: asyncio.Queue[tuple[str, int] | None] = asyncio.Queue()  # (text, its UTF-8 bytes)
        self.queued_bytes = 0  # of the messages queued or being sent (the writer takes them off once sent)
        self.dropped = False

    def push(self, msg: dict) -> None:
        if self.dropped:
            return
        text = encode(msg)
        size = len(text.encode("utf-8", "surrogatepass"))
        if self.queue.qsize() >= MAX_BACKLOG:
            self._drop(f"{MAX_BACKLOG} messages behind")
            return
        if self.queued_bytes and self.queued_bytes + size > MAX_BACKLOG_BYTES:
            self._drop(f"{self.queued_bytes} bytes behind (limit {MAX_BACKLOG_BYTES})")
            return
        self.queued_bytes += size
        self.queue.put_nowait((text, size))

    def _drop(self, why: str) -> None:
        """Stop queueing for a client too slow to read: the writer closes it (1008) after what is queued."""
        log.warning("dropping %s (%s): %s", self.role, self.peer, why)
        self.dropped = True
        self.queue.put_nowait(None)


class NetServer:
    """Serves one Host; ``await run()`` until stopped (or the game ends, with ``until_over``)."""

    def __init__(self, host: Host, bind: str = "127.0.0.1", port: int = 0, until_over: bool = False,
                 on_ready: "Callable[[NetServer], None] | None" = None, ai_after: float = 0.0,
                 fallback_policy: str = "scripted") -> None:
        self.ai_after = ai_after  # > 0: hand the seat to act to an AI once it has been empty this long
        self.fallback_policy = fallback_policy
        self.on_ready = on_ready
        self.host = host
        self.bind = bind
        self.port = port
        self.until_over = until_over
        self.ready = threading.Event()
        self.errors = 0  # error replies sent (bad messages)
        self.login_timeout = LOGIN_TIMEOUT
        self._anon: dict[str, int] = {}  # address -> connections not logged in yet
        self._stop: asyncio.Future | None = None
        self._poke: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def deliver(self, out: Outbox) -> None:
        for conn, msg in out:
            conn.push(msg)
        if self._poke is not None and self.host.ai_due():
            self._poke.set()
        if self.until_over and self.host.state.is_terminal() and self._stop and not self._stop.done():
            self._stop.get_loop().call_later(0.2, self._finish)

    def _finish(self) -> None:
        if self._stop is not None and not self._stop.done():
            self._stop.set_result(None)

    async def _writer(self, conn: _Conn) -> None:
        while True:
            item = await conn.queue.get()
            if item is None:
                await conn.ws.close(1008 if conn.dropped else 1000, "too slow" if conn.dropped else "bye")
                return
            try:
                await conn.ws.send(item[0])
            finally:
                conn.queued_bytes -= item[1]

    async def _handler(self, ws: Any) -> None:
        from websockets.exceptions import ConnectionClosed
        addr = ws.remote_address
        ip = str(addr[0]) if addr else "?"
        if self._anon.get(ip, 0) >= MAX_ANON_PER_ADDRESS:
            log.warning("refused a connection from %s: %d not logged in from there", ip, MAX_ANON_PER_ADDRESS)
            await ws.close(1013, "too many connections not logged in")
            return
        self._anon[ip] = self._anon.get(ip, 0) + 1
        anon = True
        conn = _Conn(ws, f"{addr[0]}:{addr[1]}" if addr else "?")
        writer = asyncio.create_task(self._writer(conn))
        bad_logins = 0

        def late() -> None:
            if conn.role is None:
                log.warning("closing %s: no login in %g s", conn.peer, self.login_timeout)
                conn.queue.put_nowait(None)  # the writer closes the connection

        timer = asyncio.get_running_loop().call_later(self.login_timeout, late)
        try:
            async for raw in ws:
                try:
                    msg = decode_client(raw)
                except ProtocolError as e:
                    self.errors += 1
                    conn.push({"type": "error", "reason": str(e)})
                    continue
                if conn.role is None:
                    if msg["type"] != "hello":
                        self.errors += 1
                        conn.push({"type": "error", "reason": "log in first: {\"type\": \"hello\", \"code\": ...}"})
                        continue
                    role = self.host.login(msg["code"])
                    if role is None:
                        bad_logins += 1
                        self.errors += 1
                        log.warning("refused a login from %s (unknown code)", conn.peer)
                        conn.push({"type": "error", "reason": "unknown join code"})
                        if bad_logins >= MAX_BAD_LOGINS:
                            break
                        continue
                    conn.role = role
                    timer.cancel()
                    anon = False
                    self._anon[ip] -= 1
                    log.info("%s connected from %s", role, conn.peer)
                    self.deliver(self.host.connected(conn))
                    continue
                try:
                    out = self.host.handle(conn, msg)
                except Exception:  # a bug must cost one reply, never the server
                    log.exception("internal error answering %s's %r", conn.role, msg.get("type"))
                    self.errors += 1
                    conn.push({"type": "error", "reason": "internal error (logged on the server)"})
                    continue
                if out and out[0][1].get("ok") is False:
                    self.errors += 1
                self.deliver(out)
        except ConnectionClosed:
            pass
        finally:
            timer.cancel()
            if anon:
                self._anon[ip] -= 1
                if not self._anon[ip]:
                    del self._anon[ip]
            if conn.role is not None:
                log.info("%s disconnected (%s)", conn.role, conn.peer)
                self.deliver(self.host.disconnected(conn))
            conn.queue.put_nowait(None)
            try:
                await asyncio.wait_for(writer, 2)
            except (asyncio.TimeoutError, ConnectionClosed, OSError):
                writer.cancel()

    async def _ai_loop(self) -> None:
        """Plays the seats handed to a server AI, one order per loop turn (others are served between)."""
        assert self._poke is not None
        while True:
            await self._poke.wait()
            self._poke.clear()
            while self.host.ai_due():
                side = self.host.state.current_player()
                try:
                    out = self.host.ai_step()
                except Exception as e:  # a dead loop task would leave the game waiting forever
                    log.exception("the server AI of %s failed", side)
                    out = self.host.ai_failed(str(side), f"{type(e).__name__}: {e}")
                self.deliver(out)
                await asyncio.sleep(0)

    async def _watchdog(self) -> None:
        """Hands the seat to act to the fallback AI when no client has held it for ``ai_after`` s."""
        empty_since: tuple[str, float] | None = None
        step = min(1.0, self.ai_after / 4)
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(step)
            side = self.host.empty_seat()
            if side is None:
                empty_since = None
            elif empty_since is None or empty_since[0] != side:
                empty_since = (side, loop.time())
            elif loop.time() - empty_since[1] >= self.ai_after:
                empty_since = None
                self.deliver(self.host.fallback(side, self.fallback_policy))

    async def run(self) -> None:
        from websockets.asyncio.server import serve
        self._loop = asyncio.get_running_loop()
        self._stop = self._loop.create_future()
        self._poke = asyncio.Event()
        ai = asyncio.create_task(self._ai_loop())
        dog = asyncio.create_task(self._watchdog()) if self.ai_after > 0 else None
        if self.host.ai_due():
            self._poke.set()
        try:
            async with serve(self._handler, self.bind, self.port, max_size=MAX_FRAME_BYTES,
                             compression=None, ping_interval=20, ping_timeout=20) as srv:
                self.port = next(iter(srv.sockets)).getsockname()[1]
                self.ready.set()
                if self.on_ready is not None:
                    self.on_ready(self)
                await self._stop
        finally:
            ai.cancel()
            if dog is not None:
                dog.cancel()

    def stop(self) -> None:
        """Stop from any thread."""
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._finish)


class ServerThread:
    """A NetServer on its own thread and event loop (tests, the load run)."""

    def __init__(self, host: Host, port: int = 0, ai_after: float = 0.0, fallback_policy: str = "scripted",
                 bind: str = "127.0.0.1") -> None:
        self.bind = bind
        self.server = NetServer(host, bind, port, ai_after=ai_after, fallback_policy=fallback_policy)
        self.thread = threading.Thread(target=lambda: asyncio.run(self.server.run()), daemon=True)

    def __enter__(self) -> "ServerThread":
        self.thread.start()
        if not self.server.ready.wait(10):
            raise RuntimeError("the server did not start")
        return self

    @property
    def address(self) -> str:
        return f"[{self.bind}]:{self.server.port}" if ":" in self.bind else f"{self.bind}:{self.server.port}"

    def __exit__(self, *exc: object) -> None:
        self.server.stop()
        self.thread.join(10)

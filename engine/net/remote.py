"""What a table window needs from a served game, for any role, without pygame.

:class:`RemoteTable` keeps the role's current view (a seat's observation, the
white cell's full view, the projector's public view) fresh from the server,
and turns a typed line into a request: an order for a seat; a facilitator
order or a console command for the white cell (``/pause``, ``/resume``,
``/undo``, ``/seat SIDE POLICY|none``, ``/inject [SIDE,..:] TEXT``). The
projector types nothing. The pygame window (engine/net/table.py) only draws
what this holds, so a seat's window can never show more than its view.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from engine.core.state import UnitView
from engine.net import views
from engine.net.client import NetError
from engine.net.protocol import PROJECTOR, WHITE

if TYPE_CHECKING:
    from engine.game.game import Game
    from engine.net.client import Session

WHITE_HELP = ("facilitator orders: event ID | track ID VALUE | place UNIT HEX | add TYPE SIDE HEX ID | "
              "remove UNIT | stop, then -- reason", "/pause [why]  /resume  /undo  /seat SIDE POLICY|none  "
              "/inject [SIDE,SIDE:] text")


class RemoteTable:
    """A role's live view of a served game, and its typed requests."""

    def __init__(self, session: "Session", game: "Game") -> None:
        self.session = session
        self.game = game
        self.view: dict[str, Any] = {}
        self.answer = ""  # the server's answer to the last typed line
        self._seen: tuple = ()
        self._retry_at = 0.0
        self.refresh(wait=0.0)

    @property
    def role(self) -> str:
        return self.session.role

    @property
    def status(self) -> dict:
        return self.session.status

    @property
    def can_type(self) -> bool:
        return self.role != PROJECTOR

    def want(self) -> str | None:
        return views.ALL if self.role == WHITE else (views.PUBLIC if self.role == PROJECTOR else None)

    def refresh(self, wait: float = 0.0) -> bool:
        """Read what the server pushed; fetch the view again if the game moved. True if it did.

        A lost connection is rejoined with the same code (every 2 s until it works); the
        window keeps showing the last view meanwhile."""
        s = self.session
        if s.ws is None:
            if time.monotonic() < self._retry_at:
                return False
            try:
                s.connect()
            except NetError as e:
                self._retry_at = time.monotonic() + 2.0
                self.answer = f"rejoining: {e}"
                return False
            self._seen = ()
            self.answer = "rejoined"
        try:
            return self._refresh(wait)
        except NetError as e:
            s.close()
            self._retry_at = 0.0
            self.answer = f"connection lost ({e}); rejoining"
            return False

    def _refresh(self, wait: float) -> bool:
        s = self.session
        while s.pump(wait):
            wait = 0.0
        st = s.status
        key = (s.updates, st.get("turn"), st.get("phase"), st.get("paused"), len(s.injects))
        if key == self._seen and self.view:
            return False
        self._seen = key
        self.view = s.observe(self.want())
        return True

    # --- what to draw ------------------------------------------------------------------
    def units(self) -> list[UnitView]:
        return [views._unit_back(r) for r in self.view.get("units", [])]

    def control(self) -> list[tuple[tuple[int, int], str]]:
        return [((q, r), s) for q, r, s in self.view.get("control", [])]

    def tracks(self) -> list[tuple[str, int]]:
        return [(k, v) for k, v in self.view.get("tracks", [])]

    def banner(self) -> str:
        if self.role == WHITE:
            return "WHITE CELL: sees every unit and hex"
        if self.role == PROJECTOR:
            return "PROJECTOR: public information only"
        return f"{self.role.upper()} SEAT: {self.role}'s observation only"

    def status_line(self) -> str:
        st = self.status
        if st.get("terminal"):
            oc = st.get("outcome") or {}
            return f"game over: {oc.get('winner', '?')} ({oc.get('reason', '')})"
        s = f"turn {st.get('turn')}/{st.get('turns')}  {st.get('phase')}  {st.get('to_act')} to act"
        if st.get("paused"):
            s += f"  PAUSED ({st['paused']})"
        return s

    def inject_lines(self, n: int = 5) -> list[str]:
        return [f"T{i['turn']} {i['text']}" for i in self.session.injects[-n:]]

    # --- typed lines -------------------------------------------------------------------
    def submit(self, line: str) -> str:
        """Send a typed line; returns (and keeps) the server's answer in one line."""
        line = line.strip()
        if not line:
            return self.answer
        if self.role == PROJECTOR:
            self.answer = "the projector is read-only"
            return self.answer
        msg = self._message(line)
        if not isinstance(msg, str) and self.session.ws is None:
            msg = "not sent: the connection is down (rejoining)"
        if isinstance(msg, str):
            self.answer = msg
            return msg
        try:
            r = self.session.request(msg)
        except NetError as e:
            self.session.close()
            self.answer = f"not sent, connection lost ({e}); rejoining"
            return self.answer
        self.answer = "ok" + (f" ({line})" if msg["type"] == "order" else "") if r["ok"] else f"refused: {r['reason']}"
        self.refresh()
        return self.answer

    def _message(self, line: str) -> dict | str:
        if self.role != WHITE:
            return {"type": "order", "order": line}
        if not line.startswith("/"):
            order = line if line.lower().startswith("facilitator ") else f"facilitator {line}"
            return {"type": "order", "order": order}
        cmd, _, rest = line[1:].partition(" ")
        rest = rest.strip()
        if cmd in ("pause", "resume", "undo"):
            return {"type": cmd, **({"reason": rest} if rest and cmd != "resume" else {})}
        if cmd == "seat":
            w = rest.split()
            if len(w) != 2:
                return "usage: /seat SIDE POLICY|none"
            return {"type": "seat", "side": w[0], "policy": None if w[1] == "none" else w[1]}
        if cmd == "inject":
            to, sep, text = rest.partition(":")
            if sep and to and " " not in to.strip():
                return {"type": "inject", "text": text.strip(), "to": [s for s in to.split(",") if s]}
            return {"type": "inject", "text": rest} if rest else "usage: /inject [SIDE,SIDE:] text"
        return f"unknown command /{cmd} ({WHITE_HELP[1]})"

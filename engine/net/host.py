"""The authoritative game of a networked session, without the network.

:class:`Host` holds the one State, the join codes, the seats handed to a
server AI, pause and the injects. :meth:`Host.handle` takes one checked
client message from a connection with a role and returns what to send to
whom, so every rule of who may see and do what lives here and is tested
without sockets (engine/net/server.py only moves the bytes).

A seat (a side) sees only ``observation(side)`` and may order only on its
own turn; every order is parsed and checked against the legal orders and a
refusal says why. The white cell sees everything, gives facilitator orders,
injects, pauses, undoes the last phase and hands seats to an AI. The
projector sees the public view. The game is autosaved (engine/core/save.py)
whenever the phase or the side to act changes.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Protocol, Sequence

from engine.ai import Policy, make_policy
from engine.core.actions import Facilitator
from engine.core.rng import Rng, derive_seed
from engine.core.save import inject_note, replay, save_game, undo_note
from engine.errors import EngineError
from engine.game.fog import seen_refusal
from engine.net import views
from engine.net.protocol import PROJECTOR, WHITE

if TYPE_CHECKING:
    from engine.core.state import State
    from engine.game.game import Game

log = logging.getLogger("eastflank.net")

Outbox = list[tuple[Any, dict]]


class Conn(Protocol):
    """A connected, logged-in client as the host sees it."""

    role: str


def new_codes(roles: Iterable[str]) -> dict[str, str]:
    """One random join code per role (128 bits, URL-safe)."""
    return {r: secrets.token_urlsafe(16) for r in roles}


def policy_seed(seed: int, side: str) -> int:
    """The seed of a side's policy RNG, derived exactly as engine/analysis/playout.py does.

    A one-way hash of the game seed: a seat learns its own policy seed, never the dice's seed.
    """
    return derive_seed(seed, "policy", side)


def _inject_line(item: dict) -> str:
    """An inject's line in the game log (the white cell's log tail shows it)."""
    return f"  inject (white cell) to {', '.join(item['to'])}: {item['text']}"


def _phase_key(state: "State") -> tuple:
    return (state.turn, state.phase_idx, state.side_idx, state.terminal)


class Host:
    """One game served to seats, the white cell and projectors."""

    def __init__(self, game: "Game", state: "State", autosave: str | Path | None = None,
                 codes: dict[str, str] | None = None, ai: dict[str, str] | None = None,
                 injects: Sequence[dict] = (), undone: Sequence[dict] = ()) -> None:
        """``injects`` and ``undone``: those of a resumed save (:func:`engine.core.save.inject_note`,
        :func:`~engine.core.save.undo_note`); the injects go back into the log."""
        self.game = game
        self.state = state
        self.autosave = Path(autosave) if autosave is not None else None
        self.codes = codes if codes is not None else new_codes([*game.side_ids, WHITE, PROJECTOR])
        self.conns: set[Any] = set()
        self.ai: dict[str, tuple[str, Policy, Rng]] = {}
        self.memo: dict[str, dict] = {}
        self.paused = ""
        self.injects: list[dict] = []
        # Each inject's line in the log: (orders played when it was given, its index in state.log, the line),
        # so an undo's replay, which rebuilds the log from the orders alone, can put it back.
        self._inject_log: list[tuple[int, int, str]] = []
        self.undone: list[dict] = [dict(u) for u in undone]  # orders the white cell took back, with its reason
        for u in injects:  # in the order given, as _relog_injects puts them back
            item = {"turn": u["turn"], "phase": u["phase"], "text": u["text"], "to": list(u["to"]) or ["all"]}
            self.injects.append(item)
            at = min(u["at"], len(state.log))
            state.log.insert(at, _inject_line(item))
            self._inject_log.append((min(u["after"], len(state.history)), at, _inject_line(item)))
        self._key = _phase_key(state)
        self.autosaves = 0
        self.save_error = ""  # why the last autosave failed ("" when it worked); retried at every change
        self._views: dict[str, dict] = {}
        self._views_at: tuple = ()
        self._replaced = 0  # times self.state was replaced by another object (undo): part of the view key
        self.by: list[str] = actors(game, state)  # who gave each order of the history (side or white)
        self._public: tuple = ()
        self._past: dict[Any, "State"] = {}  # per connection: a replayed past position (see _position)
        for side, name in sorted((ai or {}).items()):
            self._hand_to_ai(side, name)
        self._public = self._public_key()

    # --- codes and connections -----------------------------------------------------
    def login(self, code: str) -> str | None:
        """The role of a join code, or None. Compares with every code in constant time."""
        found = None
        given = code.encode("utf-8", "surrogatepass")
        for role, want in sorted(self.codes.items()):
            if hmac.compare_digest(given, want.encode("utf-8")):
                found = role
        return found

    def welcome(self, role: str) -> dict:
        d: dict[str, Any] = {"type": "welcome", "role": role, "scenario_id": self.game.scenario.id,
                             "scenario_digest": self.game.scenario.digest, "sides": list(self.game.side_ids),
                             "status": self.status()}
        d["injects"] = [i for i in self.injects if role == WHITE or "all" in i["to"] or role in i["to"]][-20:]
        if role in self.game.side_ids:
            d["policy_seed"] = policy_seed(self.state.seed, role)
            d["orders"] = [t for who, t in zip(self.by, self.state.history) if who == role]
            d["memo"] = self.memo.get(role, {})
        return d

    def status(self) -> dict:
        """Public facts only: no count of orders (a seat must not learn how busy the other side is)."""
        d = views.status(self.state)
        d["paused"] = self.paused
        d["ai"] = {s: v[0] for s, v in sorted(self.ai.items())}
        return d

    def _public_key(self) -> tuple:
        st = self.state
        return (st.turn, st.phase, st.current_player(), st.is_terminal(), self.paused, tuple(sorted(self.ai)))

    def connected(self, conn: Any) -> Outbox:
        self.conns.add(conn)
        out: Outbox = [(conn, self.welcome(conn.role))]
        out += self._white({"type": "update", "status": self.status(), "note": f"{conn.role} connected"})
        out += self._prompt(only=conn)
        return out

    def disconnected(self, conn: Any) -> Outbox:
        self.conns.discard(conn)
        self._past.pop(conn, None)
        seat = conn.role in self.game.side_ids
        left = seat and not any(c.role == conn.role for c in self.conns)
        note = f"{conn.role} disconnected" + (" (no client left in this seat)" if left else "")
        return self._white({"type": "update", "status": self.status(), "note": note})

    def _white(self, msg: dict) -> Outbox:
        return [(c, msg) for c in sorted(self.conns, key=id) if c.role == WHITE]

    def _all(self, msg: dict) -> Outbox:
        return [(c, msg) for c in sorted(self.conns, key=id)]

    # --- requests ---------------------------------------------------------------------
    def handle(self, conn: Any, msg: dict) -> Outbox:
        """Answer one checked message of a logged-in connection (and push what follows from it)."""
        kind = msg["type"]
        rid = msg.get("id")
        try:
            fn = getattr(self, f"_on_{kind}", None)
            if fn is None or kind == "hello":
                raise EngineError("already logged in" if kind == "hello" else f"{kind!r} is not a request")
            reply, more = fn(conn, msg)
        except EngineError as e:
            reply, more = {"ok": False, "reason": str(e).splitlines()[0][:500]}, []
        out = {"type": "reply", "re": kind, **reply}
        if rid is not None:
            out["id"] = rid
        return [(conn, out)] + more

    def _seat(self, conn: Any, what: str) -> str:
        if conn.role not in self.game.side_ids:
            raise EngineError(f"{what} is for a side's seat; you are {conn.role}")
        return conn.role

    def _white_only(self, conn: Any, what: str) -> None:
        if conn.role != WHITE:
            raise EngineError(f"{what} is for the white cell; you are {conn.role}")

    def _on_ping(self, conn, msg):
        return {"ok": True}, []

    def _on_status(self, conn, msg):
        return {"ok": True, "status": self.status()}, []

    def view(self, what: str) -> dict:
        """A side's observation, the full or the public view, computed once per position
        (twenty screens asking after each phase cost one observation each)."""
        # The state's object and its lengths name a position only until a state is replaced: an undo's
        # replay may sit at a freed state's address and reach its lengths by other orders (a stale view).
        at = (self._replaced, id(self.state), len(self.state.history), len(self.state.log))
        if at != self._views_at:
            self._views, self._views_at = {}, at
        v = self._views.get(what)
        if v is None:
            if what == views.ALL:
                v = views.full_view(self.state)
            elif what == views.PUBLIC:
                v = views.public_view(self.state)
            else:
                v = views.obs_to_dict(self.state.observation(what))
            self._views[what] = v
        return v

    def _on_observe(self, conn, msg):
        role, want = conn.role, msg.get("side")
        if msg.get("at") is not None and role not in self.game.side_ids:
            raise EngineError("'at' is for a seat looking again at its own past positions")
        if role == WHITE:
            want = want or views.ALL
            if want == views.ALL:
                return {"ok": True, "view": {**self.view(want), "injects": self.injects[-20:]}}, []
            if want != views.PUBLIC and want not in self.game.side_ids:
                raise EngineError(f"no side {want!r} (sides: {', '.join(self.game.side_ids)}, all, public)")
            return {"ok": True, "view": self.view(want)}, []
        if role == PROJECTOR:
            if want not in (None, views.PUBLIC):
                raise EngineError(f"the projector shows public information only, not {want!r}")
            return {"ok": True, "view": self.view(views.PUBLIC)}, []
        if want not in (None, role):
            log.warning("refused: %s asked for the view of %r", role, want)
            raise EngineError(f"you hold the {role} seat: you may see only {role}'s observation, not {want!r}")
        if msg.get("at") is not None:
            st = self._position(conn, role, msg)
            return {"ok": True, "view": views.obs_to_dict(st.observation(role)), "at": msg["at"]}, []
        return {"ok": True, "view": self.view(role)}, []

    def _my_turn(self, side: str) -> None:
        st = self.state
        if st.is_terminal():
            raise EngineError("the game is over")
        if self.paused:
            raise EngineError(f"the white cell has paused the game ({self.paused})")
        if side in self.ai:
            raise EngineError(f"the white cell handed the {side} seat to the {self.ai[side][0]} AI")
        if st.current_player() != side:
            raise EngineError(f"it is {st.current_player()}'s turn ({st.phase}), not {side}'s")

    def _position(self, conn: Any, side: str, msg: dict) -> "State":
        """The position a seat's request is about: now (its turn), or the one where it gave its own
        order number ``at`` (counting from 0; a position it has seen), replayed from the seed."""
        k = msg.get("at")
        n = len(self.state.history)
        if k is None:
            self._my_turn(side)
            return self.state
        mine = [v for v, who in enumerate(self.by) if who == side]
        if k >= len(mine):
            raise EngineError(f"{side} has given {len(mine)} orders: there is no order number {k} to look at")
        at = mine[k]
        st = self._past.get(conn)
        hist = self.state.history
        if st is None or len(st.history) > at or st.history != hist[: len(st.history)]:
            st = self.game.new_initial_state(self.state.seed)
        while len(st.history) < at:
            st.apply_action(self.game.parse_action(hist[len(st.history)]))
        self._past[conn] = st
        return st

    def _on_legal(self, conn, msg):
        side = self._seat(conn, "asking for legal orders")
        st = self._position(conn, side, msg)
        legal = st.legal()
        g = msg.get("group")
        d: dict[str, Any] = {"ok": True, "turn": st.turn, "phase": st.phase}
        if "at" in msg:
            d["at"] = msg["at"]
        if g is None:
            return {**d, "groups": list(legal.groups)}, []
        if g not in legal.groups:
            raise EngineError(f"no group {g!r} of legal orders now")
        return {**d, "group": g, "orders": [a.to_str(None) for a in legal.actions_of(g)]}, []

    def _parse(self, text: str):
        return self.game.parse_action(text)

    def _on_check(self, conn, msg):
        side = self._seat(conn, "checking an order")
        st = self._position(conn, side, msg)
        a = self._parse(msg["order"])
        if isinstance(a, Facilitator):
            raise EngineError("facilitator orders are the white cell's")
        why = self._fogged(st, side, a, st.why_illegal(a))
        return {"ok": True, "order": a.to_str(None), "legal": why is None, "reason": why or ""}, []

    def _fogged(self, st: "State", side: str, a: Any, why: str | None) -> str | None:
        """A seat's refusal told in terms of what it can see (engine/game/fog.py)."""
        return None if why is None else seen_refusal(st, side, a, why)

    def _on_order(self, conn, msg):
        text = msg["order"]
        if conn.role == WHITE:
            a = self._parse(text)
            if not isinstance(a, Facilitator):
                raise EngineError("the white cell gives facilitator orders: "
                                  "'facilitator <command> -- <reason>'")
            return self._apply(a, f"white cell: {text}", WHITE)
        side = self._seat(conn, "giving orders")
        a = self._parse(text)
        if isinstance(a, Facilitator):
            log.warning("refused: %s sent a facilitator order", side)
            raise EngineError("facilitator orders are the white cell's")
        self._my_turn(side)
        why = self._fogged(self.state, side, a, self.state.why_illegal(a))
        if why is not None:
            raise EngineError(f"{a.to_str(self.game)!r} refused: {why}")
        reply, out = self._apply(a, None, side)
        if "memo" in msg:
            self.memo[side] = dict(msg["memo"])
        return reply, out

    def _apply(self, a, note: str | None, actor: str):
        self.state.apply_action(a)  # checked again by the dispatch (IllegalActionError is an EngineError)
        self.by.append(actor)
        if note:
            log.info("%s", note)
        return {"ok": True}, self.changed(note, actor)

    def changed(self, note: str | None = None, actor: str | None = None) -> Outbox:
        """After any change: autosave at a phase boundary, tell who may know, prompt the side to act.

        The white cell hears of every order; a side's own screens of its own orders; everyone
        else only when the public status changes (phase, side to act, pause...), so no seat can
        count the other side's orders."""
        key = _phase_key(self.state)
        saved: Outbox = []
        if key != self._key or self.save_error:
            self._key = key
            saved = self._autosave()
        msg: dict[str, Any] = {"type": "update", "status": self.status()}
        pub = self._public_key()
        if pub != self._public or actor is None or actor == WHITE:
            self._public = pub
            out = self._all(msg)
        else:
            out = [(c, msg) for c in sorted(self.conns, key=id) if c.role in (actor, WHITE)]
        if note:
            out += self._white({"type": "update", "status": self.status(), "note": note})
        if self.state.is_terminal():
            out += self._all({"type": "over", "status": self.status()})
        return out + saved + self._prompt()

    def _prompt(self, only: Any = None) -> Outbox:
        """Tell the seat to act that it is its turn, with the groups of its legal orders."""
        st = self.state
        side = st.current_player()
        if side is None or self.paused or side in self.ai:
            return []
        targets = [c for c in sorted(self.conns, key=id) if c.role == side and (only is None or c is only)]
        if not targets:
            return []
        msg = {"type": "turn", "side": side, "turn": st.turn, "phase": st.phase, "groups": list(st.legal().groups)}
        return [(c, msg) for c in targets]

    def save(self) -> None:
        if self.autosave is not None:
            notes = [inject_note(i["turn"], i["phase"], i["text"], i["to"], after, at)
                     for i, (after, at, _line) in zip(self.injects, self._inject_log)]
            save_game(self.state, self.autosave, self.undone, injects=notes)
            self.autosaves += 1

    def _autosave(self) -> Outbox:
        """Autosave during play: a failure (disk full, the file swapped for a link or a folder) must not
        turn an applied order into a refusal nor stop the game; the white cell is told, and every later
        change tries again until a save works."""
        try:
            self.save()
        except (EngineError, OSError) as e:
            why = (str(e).splitlines() or [type(e).__name__])[0][:300]
            log.error("autosave failed: %s", why)
            new = why != self.save_error
            self.save_error = why
            if not new:
                return []
            return self._white({"type": "update", "status": self.status(),
                                "note": f"autosave failed: {why} (the game goes on; saved again at the next change)"})
        if self.save_error:
            self.save_error = ""
            return self._white({"type": "update", "status": self.status(), "note": "autosave works again"})
        return []

    # --- the white cell ----------------------------------------------------------------
    def _on_pause(self, conn, msg):
        self._white_only(conn, "pause")
        self.paused = msg.get("reason") or "paused"
        log.info("white cell paused the game")
        return {"ok": True}, self._all({"type": "update", "status": self.status(), "note": "paused"})

    def _on_resume(self, conn, msg):
        self._white_only(conn, "resume")
        self.paused = ""
        log.info("white cell resumed the game")
        return {"ok": True}, self._all({"type": "update", "status": self.status(), "note": "resumed"}) + self._prompt()

    def _on_inject(self, conn, msg):
        self._white_only(conn, "an inject")
        to = list(msg.get("to") or [])
        bad = [s for s in to if s not in self.game.side_ids and s != PROJECTOR]
        if bad:
            raise EngineError(f"inject to unknown role {bad[0]!r} (roles: {', '.join(self.game.side_ids)}, projector)")
        item = {"turn": self.state.turn, "phase": self.state.phase, "text": msg["text"], "to": to or ["all"]}
        self.injects.append(item)
        line = _inject_line(item)
        self._inject_log.append((len(self.state.history), len(self.state.log), line))
        self.state.log.append(line)
        log.info("white cell inject to %s", ",".join(item["to"]))
        push = {"type": "inject", **item}
        saved = self._autosave()  # an inject is part of the record: a crash must not lose it
        return {"ok": True}, [(c, push) for c in sorted(self.conns, key=id)
                              if not to or c.role in to or c.role == WHITE] + saved

    def _on_undo(self, conn, msg):
        self._white_only(conn, "undo")
        n = undo_point(self.game, self.state)
        if n is None:
            raise EngineError("nothing to undo")
        gone = len(self.state.history) - n
        why = msg.get("reason") or ""
        self.undone += [undo_note(self.state.turn, order, why) for order in self.state.history[n:]]
        self.state = replay(self.game, self.state.seed, self.state.history[:n], where="undo")
        self._relog_injects(n)
        self._replaced += 1
        self.by = self.by[:n]
        self._key = None  # type: ignore[assignment]  # force an autosave of the undone position
        log.info("white cell undid %d order(s)%s", gone, f": {why}" if why else "")
        note = f"undo of the last phase ({gone} orders)" + (f": {why}" if why else "")
        return {"ok": True, "undone": gone}, self.changed(note)

    def _relog_injects(self, n: int) -> None:
        """Put the inject lines back into the log of a state just replayed to its first ``n`` orders.

        The replay writes the orders' lines only, so every inject vanished from the white cell's log
        tail (the inject list kept them). One given with at most ``n`` orders played goes back where it
        was; one given among the undone orders was sent all the same (an undo takes back orders, not
        what the teams have read), so it stays, at the end: where the game stands now."""
        log_ = self.state.log
        kept = []
        for at, i, line in self._inject_log:  # in the order given: the indices only grow
            if at <= n:
                i = min(i, len(log_))
            else:
                at, i = n, len(log_)
            log_.insert(i, line)
            kept.append((at, i, line))
        self._inject_log = kept

    def _on_seat(self, conn, msg):
        self._white_only(conn, "handing a seat")
        side, name = msg["side"], msg["policy"]
        if side not in self.game.side_ids:
            raise EngineError(f"no side {side!r} (sides: {', '.join(self.game.side_ids)})")
        if name is None:
            self.ai.pop(side, None)
            log.info("white cell gave the %s seat back to its team", side)
            note = f"{side} seat back to its team"
        else:
            self._hand_to_ai(side, name)
            log.info("white cell handed the %s seat to the %s AI", side, name)
            note = f"{side} seat handed to the {name} AI"
        return {"ok": True}, self.changed(note)

    def _hand_to_ai(self, side: str, name: str) -> None:
        if side not in self.game.side_ids:
            raise EngineError(f"no side {side!r} (sides: {', '.join(self.game.side_ids)})")
        pol = make_policy(name)
        memo = self.memo.get(side, {})
        rng = Rng(state=memo["rng"]) if "rng" in memo else Rng(policy_seed(self.state.seed, side))
        self.ai[side] = (name, pol, rng)

    # --- a seat nobody holds ----------------------------------------------------------------
    def empty_seat(self) -> str | None:
        """The side to act if no client holds its seat and no AI plays it (the game would wait)."""
        side = self.state.current_player()
        if side is None or self.paused or side in self.ai:
            return None
        return None if any(c.role == side for c in self.conns) else side

    def fallback(self, side: str, policy: str) -> Outbox:
        """Hand an empty seat to the server's AI so the game never waits forever; tell the white cell."""
        self._hand_to_ai(side, policy)
        log.warning("the %s seat was empty too long: handed to the %s AI", side, policy)
        return self.changed(f"{side} seat empty: handed to the {policy} AI (the white cell can give it back)")

    # --- server AI seats ----------------------------------------------------------------------
    def ai_due(self) -> bool:
        st = self.state
        return not self.paused and not st.is_terminal() and st.current_player() in self.ai

    def ai_failed(self, side: str, why: str) -> Outbox:
        """The server AI of a seat raised: pause (the game would otherwise wait forever) and tell everyone."""
        name = self.ai.get(side, ("?",))[0]
        self.paused = f"the {name} AI of the {side} seat failed ({why[:200]}); the white cell may hand the seat on"
        return self.changed(f"{side}: the {name} AI failed: {why[:300]}")

    def ai_step(self) -> Outbox:
        """One order of the server AI holding the seat to act (same loop as a playout)."""
        side = self.state.current_player()
        assert side is not None and side in self.ai
        _, pol, rng = self.ai[side]
        a = pol.choose(self.state, self.state.legal(), rng)
        self.memo[side] = {"rng": rng.state}
        self.state.apply_action(a)
        self.by.append(side)
        return self.changed(None, side)


def actors(game: "Game", state: "State") -> list[str]:
    """Who gave each order of a state's history: the side to act, or the white cell for overrides."""
    if not state.history:
        return []
    st = game.new_initial_state(state.seed)
    out = []
    for text in state.history:
        a = game.parse_action(text)
        out.append(WHITE if isinstance(a, Facilitator) else (st.current_player() or WHITE))
        st.apply_action(a)
    return out


def undo_point(game: "Game", state: "State") -> int | None:
    """How many orders to keep to undo the last phase: back to the start of the current
    side's phase if it has orders, else to the start of the previous one (None: nothing to undo)."""
    hist = state.history
    if not hist:
        return None
    st = game.new_initial_state(state.seed)
    keys = []
    for text in hist:
        keys.append(_phase_key(st))
        st.apply_action(game.parse_action(text))
    keys.append(_phase_key(st))
    n = len(hist)
    i = n
    while i > 0 and keys[i - 1] == keys[n]:
        i -= 1
    if i < n:
        return i
    j = n - 1
    while j > 0 and keys[j - 1] == keys[n - 1]:
        j -= 1
    return j

"""The Session's words for people: names instead of ids, and "since your last turn" for each side.

Part of the Session (the UI's one door to the engine). The engine's log is
written for replay and debugging (ids, ``q,r`` coordinates, ``a -> a``
no-op track changes); a seminar reads names. The digest tells a side,
as it takes the seat, what it may know happened since its last turn: its own
losses, attacks it made or suffered, strikes on its positions, events, track
changes, and phases of its own that were skipped because it had nothing to do.
"""

from __future__ import annotations

import re
from typing import Any

from engine.core.actions import Action, Attack
from engine.geo.hexgrid import Hex
from engine.geo.hexgrid import distance as hex_distance
from engine.ui.session_ops import SessionOps

_HEADER = re.compile(r"^T(\d+) (\S+) (\S+): (.*)$")
_COORD = re.compile(r"(?<![\w.])(-?\d+),(-?\d+)(?![\w.])")
_NOOP = re.compile(r"^\s*.*: (\S+) (-?\d+) -> (-?\d+)$")
_DIE = re.compile(r"-> (\S+); die (\d+) -> (\S+)$")
#: What a player-phase word means when a side had nothing to do in it.
_PHASE_VERB = {"movement": "move", "combat": "attack", "air": "fly or fire", "decisions": "decide"}


class SessionDigest(SessionOps):
    """Names for ids and the per-side digest (baselines are kept per side)."""

    # --- names ------------------------------------------------------------------------
    def _name_table(self) -> dict[str, str]:
        """id -> readable name for units (live, scenario, scheduled), options, tracks, events, bases."""
        cache = getattr(self, "_names", None)
        if cache is not None and cache[0] == len(self.state.units):
            return cache[1]
        sc = self.scenario
        out: dict[str, str] = {}
        for u in sc.units:
            out[u.id] = u.name
        for e in sc.schedule:
            if e.unit is not None:
                out[e.unit.id] = e.unit.name
        for r in sc.rotations:
            out[r.unit.id] = r.unit.name
        for uid, u in self.state.units.items():
            out[uid] = u.name
        for o in sc.options:
            out[o.id] = o.name
        for t in sc.tracks:
            out[t.id] = t.name
        for b in sc.bases:
            out[b.id] = b.name or b.id
        for ev in getattr(sc, "events", ()):
            if getattr(ev, "name", ""):
                out[ev.id] = ev.name
        out = {k: v for k, v in out.items() if v and v != k}
        self._names = (len(self.state.units), out)
        return out

    def name_of(self, ident: str) -> str:
        return self._name_table().get(ident, ident)

    def place_text(self, h: Hex) -> str:
        """A place name for a hex: its own place, else 'N hexes from <nearest town>', else 'q,r'."""
        cache = self.__dict__.setdefault("_place_cache", {})
        if h not in cache:
            cache[h] = self._place_text(h)
        return str(cache[h])

    def _place_text(self, h: Hex) -> str:
        m = self.theatre
        own = m.place_name_at(h) if h in m else None
        if own:
            return str(own)
        best = None
        for p in getattr(m, "places", ()):
            d = hex_distance(h, p.hex)
            if d <= 4 and (best is None or (d, -p.population, p.name) < best[0]):
                best = ((d, -p.population, p.name), p.name, d)
        return f"{best[2]} hex{'es' if best[2] != 1 else ''} from {best[1]}" if best else f"{h[0]},{h[1]}"

    def pretty(self, line: str) -> str:
        """A log line with names for ids and places for coordinates (the engine log keeps the ids)."""
        cache = self.__dict__.setdefault("_pretty_cache", {})
        hit = cache.get(line)
        if hit is None:
            if len(cache) > 20000:
                cache.clear()
            hit = cache[line] = self._pretty(line)
        return str(hit)

    def _pretty(self, line: str) -> str:
        names = self._name_table()
        if not names:
            return line
        pat = getattr(self, "_name_re", None)
        if pat is None or pat[0] is not names:
            keys = sorted(names, key=len, reverse=True)
            self._name_re = (names, re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, keys)) + r")(?![\w-])"))
            pat = self._name_re
        out = pat[1].sub(lambda m: names[m.group(1)], line)
        out = _COORD.sub(lambda m: self._coord_text(int(m.group(1)), int(m.group(2))), out)
        out = re.sub(r"(?<=\S)->(?=\S)", " -> ", out)  # 'Jonava->Kaunas' reads as two places
        return out.replace("option ", "decision ") if out.lstrip().startswith("option ") else out

    def _coord_text(self, q: int, r: int) -> str:
        h = Hex(q, r)
        return self.place_text(h) if h in self.theatre else f"{q},{r}"

    @staticmethod
    def is_noop(line: str) -> bool:
        """``source: track 1 -> 1``: a change that changed nothing (not shown to players)."""
        m = _NOOP.match(line)
        return bool(m and m.group(2) == m.group(3))

    def parse(self, text: str) -> Action:
        return Action.from_str(text, self.game)

    def order_text(self, action: Action) -> str:
        return action.to_str(self.game)

    def result_text(self, code: str) -> str:
        """A combat result code in words, from the combat table ('A2' -> 'attacker loses 2 steps')."""
        from engine.ui.session_facts import result_words
        for row in self.game.rules.combat.rows:
            for r in row:
                if r.code == code:
                    return result_words(r)
        return code

    def order_label(self, a: Action) -> str:
        """An order as players read it: unit and place names, not ids."""
        return self.pretty(self.order_text(a))

    # --- who acted, who was skipped -----------------------------------------------------
    def _slot(self) -> tuple[int, int, int]:
        st = self.state
        return int(st.turn), int(st.phase_idx), int(st.side_idx)

    def skipped_between(self, before: tuple[int, int, int], after: tuple[int, int, int]) -> list[tuple[int, str, str]]:
        """(turn, phase, side) player slots passed over between two positions (nobody could act there)."""
        g = self.game
        out: list[tuple[int, str, str]] = []
        t, p, s = before
        s += 1
        for _ in range(400):
            if p >= len(g.phases):
                t, p, s = t + 1, 0, 0
                continue
            if s >= len(g.initiative) or g.phases[p] in g.automatic_phases:
                p, s = p + 1, 0
                continue
            if (t, p, s) >= after:
                break
            out.append((t, g.phases[p], g.initiative[s]))
            s += 1
        return out

    def skip_reason(self, side: str, phase: str) -> str:
        """Why a side could do nothing in a phase, in words (readiness is the usual reason)."""
        own = [u for u in self.state.units.values() if u.side == side]
        if not own:
            return "it has no units on the map"
        states = [r.id for r in self.game.rules.readiness.states]
        low = [u for u in own if states and u.readiness != states[-1]]
        verb = _PHASE_VERB.get(phase, "act")
        kinds = ", ".join(sorted({u.readiness for u in low}))
        if phase == "combat":
            return "no enemy stack was within reach of a unit able to attack" + (
                f" ({len(low)} of {len(own)} units not ready: {kinds})" if low else "")
        if low and phase == "movement":
            return (f"no unit could {verb}: {len(low)} of {len(own)} units are not ready "
                    f"({kinds}); raise readiness in the decisions phase")
        return f"no unit could {verb}"

    # --- the digest -------------------------------------------------------------------
    def _own_units(self, side: str) -> dict[str, tuple[int, Hex]]:
        g = self.game
        return {k: (int(u.strength), g.hexes[u.pos]) for k, u in sorted(self.state.units.items()) if u.side == side}

    def mark_seen(self, side: str) -> None:
        """The side has been told everything up to now (called when it takes the seat)."""
        base = self.__dict__.setdefault("_baseline", {})
        base[side] = (len(self.state.log), self._own_units(side), dict(self.state.tracks),
                      len(self.state.destroyed))

    def reset_digests(self) -> None:
        """After a load or an undo across sides: everyone starts from the position now."""
        self.__dict__["_baseline"] = {}
        self.__dict__["_skipped"] = []

    def note_skipped(self, before: tuple[int, int, int]) -> None:
        """Remember player slots skipped by the order just applied (for the skipped sides' digests)."""
        sk = self.__dict__.setdefault("_skipped", [])
        sk.extend((t, ph, sd, self.skip_reason(sd, ph)) for t, ph, sd in self.skipped_between(before, self._slot())
                  if ph in ("movement", "combat"))

    def digest(self, side: str) -> list[str]:
        """What ``side`` may know happened since it last took the seat (empty on its first turn)."""
        base = self.__dict__.get("_baseline", {}).get(side)
        if base is None:
            return []
        n0, units0, tracks0, _ = base
        now = self._own_units(side)
        out: list[str] = []
        for uid, (st0, _h) in units0.items():
            if uid not in now:
                dead = any(d[0] == uid for d in self.state.destroyed)
                out.append(f"LOSS: {self.name_of(uid)} " + ("was destroyed" if dead else "left the theatre"))
            elif now[uid][0] < st0:
                k = st0 - now[uid][0]
                out.append(f"LOSS: {self.name_of(uid)} lost {k} step{'s' if k != 1 else ''} ({st0} -> {now[uid][0]})")
        out += self._fights(side, n0, units0, now)
        for ln in self.state.log[n0:]:
            s = ln.strip()
            if s.startswith("event ") and ":" in s:
                out.append("Event: " + s.split(":", 1)[1].strip())
        names = {t.id: t.name for t in self.scenario.tracks}
        for tid, v in sorted(self.state.tracks.items()):
            if tid in tracks0 and tracks0[tid] != v:
                out.append(f"{names.get(tid, tid)}: {tracks0[tid]} -> {v}")
        sk = self.__dict__.get("_skipped", [])
        for t, ph, sd, why in sk:
            if sd == side:
                out.append(f"Your {ph} phase of turn {t} was skipped: {why}.")
        self.__dict__["_skipped"] = [x for x in sk if x[2] != side]
        return out

    def _fights(self, side: str, n0: int, units0: dict[str, tuple[int, Hex]],
                now: dict[str, tuple[int, Hex]]) -> list[str]:
        """Attacks and strikes in the log since ``n0`` that ``side`` made or suffered, with their results."""
        g = self.game
        mine_hexes = {h for _, h in units0.values()} | {h for _, h in now.values()}
        own_ids = set(units0) | set(now)
        out: list[str] = []
        log = self.state.log
        i = n0
        while i < len(log):
            m = _HEADER.match(log[i])
            i += 1
            if not m:
                continue
            body = []
            while i < len(log) and log[i].startswith(" "):
                body.append(log[i].strip())
                i += 1
            who, order = m.group(3), m.group(4)
            if order.startswith("attack "):
                try:
                    a: Any = Action.from_str(order, g)
                except Exception:  # an order the log holds always parses; never let the digest fail
                    continue
                if not isinstance(a, Attack):
                    continue
                res = next((_DIE.search(b) for b in body if _DIE.search(b)), None)
                result = (f"die {res.group(2)} -> {res.group(3)} (column {res.group(1)}: "
                          f"{self.result_text(res.group(3))})") if res else "no result"
                after = [self.pretty(b) for b in body if not b.startswith("odds")
                         and (who == side or any(re.search(rf"(?<![\w-]){re.escape(u)}(?![\w-])", b)
                                                 for u in own_ids))]
                if who == side:
                    out.append(f"Your attack on {self.place_text(a.target)}: {result}" +
                               (f"; {'; '.join(after)}" if after else ""))
                elif a.target in mine_hexes:
                    out.append(f"ATTACKED at {self.place_text(a.target)} by {self.side_name(who)}: {result}" +
                               (f"; {'; '.join(after)}" if after else ""))
            elif order.startswith("strike ") and who != side:
                for b in body:
                    if b.startswith("missile strike") and any(self.place_text(h) in b or g.label(h) in b
                                                              for h in mine_hexes):
                        out.append(f"STRUCK by {self.side_name(who)}: {self.pretty(b)}")
            elif order.startswith(("strike ", "air ")) and who == side:
                out += [f"Your {order.split()[0]}: {self.pretty(b)}" for b in body[:2]]
        return out

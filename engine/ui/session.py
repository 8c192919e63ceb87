"""The one adapter between the seminar UI and the engine.

Every engine call the UI makes goes through :class:`Session`, so a change of
the engine API touches this file and its two parts only (``session_facts``:
the read side; ``session_ops``: operations queries). The Session holds the game, the
current state, the undo stack and the UI log; it never changes a state
except with ``State.apply_action`` (the same orders the AI uses). It hands
the UI plain values (:class:`UnitInfo`, :class:`OptionCard`, ...), so the
drawing code never reads engine internals.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path
from typing import Any, Sequence


from engine.core.actions import END, Action, ChooseOption, FacAdd, Facilitator
from engine.errors import EngineError, IllegalActionError
from engine.game import fog

from engine.ui.info import (  # noqa: F401  (re-exported: the UI imports its values from the Session)
    BaseInfo, Bubble, CutInfo, HexInfo, OddsInfo, OptionCard, TrackInfo, UnitInfo, hex_info)
from engine.ui.session_digest import SessionDigest

#: Undo depth kept in memory (clones are cheap but not free).
MAX_UNDO = 200

_HEADER = re.compile(r"^T\d+ \S+ (\S+): ")
_UNDO = re.compile(r"^T\d+ undo \(([^)]*)\): ")


class Session(SessionDigest):
    """A game being played at the table: game, state, undo, log, viewer side."""

    def __init__(self, game: Any, state: Any, scenario_path: str = "", seed: int = 0) -> None:
        super().__init__(game, state, scenario_path, seed)
        for sd in self.side_ids():
            self.mark_seen(sd)

    # --- construction ----------------------------------------------------------
    @classmethod
    def open(cls, scenario_path: str | os.PathLike[str] | None = None, seed: int = 0) -> "Session":
        """Load scenario + map and start a game; EngineError (with all problems) otherwise."""
        from engine.game.game import DEFAULT_SCENARIO, load_game
        path = Path(scenario_path) if scenario_path else DEFAULT_SCENARIO
        game = load_game(path)
        return cls(game, game.new_initial_state(seed), str(path), seed)

    def log_lines(self, viewer: str | None = None) -> list[str]:
        """The engine log as ``viewer`` may read it under fog of war.

        Other sides' orders and their consequences are dropped (unless they
        name one of the viewer's units, or are a scenario event, which the
        phase the order ended set off), and any line naming an enemy unit the
        viewer cannot see now is dropped.
        """
        return self.lines_for(self.state.log, viewer)

    def lines_for(self, lines: Sequence[str], viewer: str | None) -> list[str]:
        """Some log lines (an order's new ones) as ``viewer`` may read them: the rule of :meth:`log_lines`."""
        if viewer is None or not self.fog_of_war:
            return list(lines)
        own = sorted(uid for uid, u in self.state.units.items() if u.side == viewer)
        hid = self._hidden_re(viewer)
        mine = re.compile(r"\b(" + "|".join(map(re.escape, own)) + r")\b") if own else None
        out: list[str] = []
        foreign = False
        for ln in lines:
            m = _HEADER.match(ln)
            if m:
                foreign = m.group(1) not in (viewer, "facilitator")
                if foreign:
                    continue
            elif foreign and ln.startswith(" "):
                # the phase an order ended runs the scenario's events: they are news for every side
                if not ln.lstrip().startswith("event ") and (mine is None or not mine.search(ln)):
                    continue
            elif not ln.startswith(" "):
                foreign = False
            if hid is not None and hid.search(ln):
                continue
            out.append(ln)
        return out

    def table_notes(self, viewer: str | None) -> list[str]:
        """The table's own notes (undos, overrides, loads) as ``viewer`` may read them under fog of war.

        Another side's undo is its order taken back (its plan): dropped; a
        note naming an enemy unit the viewer cannot see now is dropped too.
        """
        if viewer is None or not self.fog_of_war:
            return list(self.ui_log)
        hid = self._hidden_re(viewer)
        out = []
        for ln in self.ui_log:
            m = _UNDO.match(ln)
            if m and m.group(1) not in (viewer, "facilitator"):  # an override taken back is news, as it was
                continue
            if hid is not None and hid.search(ln):
                continue
            out.append(ln)
        return out

    def _enemy_ids(self, viewer: str) -> set[str]:
        """Every other side's unit id, wherever it is or will be: on the map, in an off-map box, still to
        come (scenario, schedule, rotations, events, decisions) or destroyed."""
        ids = {uid for uid, side in self.game.scenario_unit_sides.items() if side != viewer}
        ids.update(uid for uid, u in self.state.units.items() if u.side != viewer)  # facilitator-added too
        ids.update(d[0] for d in self.state.destroyed if d[1] != viewer)
        ids.update(k for k, x in self.state.offmap.items() if x[3].side != viewer)
        return ids

    def digest(self, side: str) -> list[str]:
        """What ``side`` may know happened since it last took the seat, without a line naming a unit or card
        it may not know of (an event that enables or disables another side's card names that card)."""
        return [ln for ln in super().digest(side) if not self.names_hidden(ln, side)]

    def facilitator_notes(self) -> list[str]:
        """Facilitator overrides with their reasons, from the engine history (so they survive save/load)."""
        return [h[len("facilitator "):] for h in self.state.history if h.startswith("facilitator ")]

    def options_for(self, side: str | None = None) -> list[OptionCard]:
        """The decision cards of ``side`` (default: the side to act), in the scenario's order."""
        side = side or self.side_to_act()
        taken = {o for o, *_ in self.state.options_taken}
        out = []
        for o in self.scenario.options:
            if o.side != side:
                continue
            why = self.state.why_illegal(ChooseOption(o.id)) if self.phase == "decisions" \
                and self.side_to_act() == side else "not your decisions phase"
            if not self.state.options_enabled.get(o.id, o.enabled) and o.id not in taken:
                continue
            out.append(OptionCard(o.id, o.side, o.name, o.description or self.effects_text(o.effects),
                                  tuple(sorted(o.cost.items())),
                                  int(o.delay), why is None, o.id in taken, self.pretty(why) if why else "",
                                  self._needs(o)))
        return out  # the scenario's order: a pick never reshuffles the cards

    def _needs(self, o: Any) -> tuple[str, ...]:
        names = {t.id: t.name for t in self.scenario.tracks}
        opts = {x.id: x.name for x in self.scenario.options}
        out = [f"{names.get(c.track, c.track)} {c.op} {c.value}" for c in o.requires]
        out += [f"after '{opts.get(r, r)}'" for r in o.requires_options]
        out += [f"not after '{opts.get(x, x)}'" for x in o.excludes_options]
        return tuple(out)

    def effects_text(self, effects: Sequence[Any]) -> str:
        """A one-line summary of option or event effects, for cards without a description."""
        from engine.scenario import model as m
        names = {t.id: t.name for t in self.scenario.tracks}
        parts = []
        for e in effects:
            if isinstance(e, m.ChangeTrack):
                parts.append(f"{names.get(e.track, e.track)} " + (
                    f"= {e.set_to}" if e.set_to is not None else f"{e.delta:+d}" if e.delta_max is None
                    else f"{e.delta:+d} to {e.delta_max:+d}"))
            elif isinstance(e, m.AddUnit):
                parts.append(f"brings {e.unit.name}")
            elif isinstance(e, m.RemoveUnit):
                parts.append(f"withdraws {e.unit_id}")
            elif isinstance(e, m.EstablishBase):
                parts.append(f"{'opens' if e.established else 'closes'} base {e.base}")
            elif isinstance(e, m.EnableOption):
                parts.append(f"{'enables' if e.enabled else 'disables'} option {e.option}")
            elif isinstance(e, m.Message):
                parts.append(e.text)
            elif isinstance(e, m.EndGame):
                parts.append(f"ends the game ({e.reason})")
        return "; ".join(parts)

    # --- orders: doing -----------------------------------------------------------
    def apply(self, action: Action | str) -> list[str]:
        """Apply one order through the engine; returns the new engine log lines.

        Illegal orders raise IllegalActionError and leave the state untouched.
        """
        if isinstance(action, str):
            action = self.parse(action)
        before = self.state.clone()
        n = len(self.state.log)
        turn, phase, side = self.turn, self.phase, self.actor(action)
        slot = self._slot()
        try:
            self.state.apply_action(action)
        except BaseException:
            self.state = before  # a half-applied order never stays on the table
            raise
        self.undo_stack.append((before, action.to_str(self.game)))
        del self.undo_stack[:-MAX_UNDO]
        self.history.append((turn, phase, side, action.to_str(self.game)))
        if self.turn != turn or self.is_over():
            self._snapshot(turn)
        self.note_skipped(slot)
        return list(self.state.log[n:])

    def actor(self, action: Action) -> str:
        """Whose order ``action`` is, for undo: a facilitator override is the facilitator's, not the seated
        side's (a team's U took back the facilitator's ruling, unasked and with no reason)."""
        return "facilitator" if isinstance(action, Facilitator) else self.side_to_act() or "-"

    def end_phase(self) -> list[str]:
        return self.apply(END)

    def can_undo(self) -> bool:
        return self.why_no_undo() is None

    def why_no_undo(self) -> str | None:
        """Why the side at the table may not undo now (None: it may).

        Undo reaches only the acting side's own orders since its hand-over:
        the order before that belongs to another side (or is before the
        game), and taking it back would show that side's position.
        """
        if not self.state.history:
            return "nothing to undo"
        if self.history and self.history[-1][2] == "facilitator":
            return "the last order is a facilitator override (only the facilitator's console can undo it: undo)"
        if not self.history or self.history[-1][2] != (self.side_to_act() or "-"):
            return "nothing of yours to undo since your hand-over (the facilitator's console can: undo)"
        return None

    def could_still_act(self) -> list[str]:
        """Lines saying what the acting side could still do in this phase (empty: nothing left)."""
        st = self.state
        if st.is_terminal():
            return []
        ph = self.phase
        keys = list(st.group_keys())
        if ph == "movement":
            n = sum(1 for k in keys if k in st.units)
            return [f"{n} of your unit{'s' if n != 1 else ''} could still move."] if n else []
        if ph == "combat":
            n = len(self.attack_targets())
            return [f"{n} enemy stack{'s' if n != 1 else ''} could still be attacked."] if n else []
        if ph == "air":
            out = []
            if self.air_points() > 0:
                out.append(f"{self.air_points()} air point{'s' if self.air_points() != 1 else ''} unused.")
            n = len(self.launchers())
            if n:
                out.append(f"{n} missile launcher{'s' if n != 1 else ''} could still fire.")
            return out
        return []

    def undo(self, reason: str = "") -> str | None:
        """Back to the state before the last order; returns that order's text."""
        if self.undo_stack:
            self.state, text = self.undo_stack.pop()
        elif self.state.history:  # after a load: the engine replays from the seed
            from engine.core.save import undo as replay_undo
            text = self.state.history[-1]
            self.state = replay_undo(self.state)
        else:
            return None
        side = self.history.pop()[2] if self.history else "-"
        while len(self.snapshots) > 1 and self.snapshots[-1]["turn"] >= self.turn:
            self.snapshots.pop()  # the end of this turn (or a later one) has not happened any more
        # the side is kept with the line: under fog only that side reads which order it took back
        self.ui_log.append(f"T{self.turn} undo ({side}): {text}" + (f" (reason: {reason})" if reason else ""))
        return text

    def check_override(self, command: str, viewer: str | None = None) -> str | None:
        """Why a facilitator override would be refused (None: it would apply), asked before its reason.

        ``viewer``: the side at the table under fog of war (None: the facilitator view, or no fog); the
        refusal is then told in its terms (:meth:`refusal`).
        """
        words = command.split()
        if not words:
            return "an empty command"
        if words[0].lower() == "undo":
            return None if self.state.history else "nothing to undo"
        try:
            order = self.parse(f"facilitator {command.strip()} -- check")
        except EngineError as e:
            msg = str(e)
            return msg.split("': ", 1)[1] if msg.startswith("'facilitator ") and "': " in msg else msg
        why = self.refusal(order, viewer)
        if why and "no unit" in why and "did you mean" not in why and self.known_ids(viewer) is None:
            bad = next((w for w in words[1:] if w not in self.state.units), "")
            close = difflib.get_close_matches(bad, sorted(self.state.units), n=3, cutoff=0.5)
            if close:
                why += f" (did you mean {', '.join(repr(c) for c in close)}?)"
        return why

    # --- what the side at the table may know (fog of war) --------------------------------
    def known_ids(self, viewer: str | None) -> set[str] | None:
        """The unit ids ``viewer`` may know of now: its own units, on and off the map, and the enemy units
        it sees. None: every id (no viewer, or no fog of war)."""
        if viewer is None or not self.fog_of_war:
            return None
        return fog.known_ids(self.state, viewer)

    def hidden_ids(self, viewer: str | None) -> set[str]:
        """The other sides' unit ids ``viewer`` may not know of now: on or off the map, still to come
        (scenario, schedule, rotations, events, decisions) or destroyed. Empty without fog or viewer."""
        known = self.known_ids(viewer)
        if known is None or viewer is None:
            return set()
        return self._enemy_ids(viewer) - known

    def own_options(self, viewer: str | None) -> list[str] | None:
        """The decision cards ``viewer`` may play (the console completes only these). None: every side's
        (no viewer, or no fog of war)."""
        if viewer is None or not self.fog_of_war:
            return None
        return fog.own_options(self.state, viewer)

    def hidden_options(self, viewer: str | None) -> set[str]:
        """The other sides' decision cards ``viewer`` may not know of (fog.known_options). Empty without fog
        or viewer: a card's existence, like a hidden unit's, is news for the other side."""
        if viewer is None or not self.fog_of_war:
            return set()
        return {o.id for o in self.scenario.options} - fog.known_options(self.state, viewer)

    def _hidden_re(self, viewer: str | None) -> re.Pattern[str] | None:
        """The ids ``viewer`` may not know of: hidden units and other sides' cards."""
        hidden = sorted(self.hidden_ids(viewer) | self.hidden_options(viewer), key=lambda u: (-len(u), u))
        return re.compile(r"\b(" + "|".join(map(re.escape, hidden)) + r")\b") if hidden else None

    def names_hidden(self, line: str, viewer: str | None) -> bool:
        """Whether ``line`` names a unit or card ``viewer`` may not know of (the rule of :meth:`lines_for`)."""
        pat = self._hidden_re(viewer)
        return pat is not None and pat.search(line) is not None

    def mask_hidden(self, line: str, viewer: str | None) -> str:
        """``line`` with 'a hidden unit' (or card) for each one ``viewer`` may not know of (e.g. a save's
        order that no longer applies, quoted by the refusal of the load)."""
        pat = self._hidden_re(viewer)
        if pat is None:
            return line
        cards = self.hidden_options(viewer)
        return pat.sub(lambda m: "(a hidden card)" if m.group(1) in cards else "(a hidden unit)", line)

    def plain(self, line: str, viewer: str | None) -> str:
        """``line`` in the words of :meth:`pretty` (names, places), except the ids ``viewer`` may not know
        of: they stay as written, as an id that does not exist would (a name would tell it exists)."""
        pat = self._hidden_re(viewer)
        if pat is None:
            return self.pretty(line)
        ids: list[str] = []

        def hide(m: re.Match[str]) -> str:
            ids.append(m.group(1))
            return f"\x01{len(ids) - 1}\x02"
        out = self.pretty(pat.sub(hide, line))
        return re.sub(r"\x01(\d+)\x02", lambda m: ids[int(m.group(1))], out)

    def refusal(self, order: Action, viewer: str | None = None) -> str | None:
        """Why ``order`` would be refused (None: it would apply), told with only what ``viewer`` may know.

        The rules word a refusal with the whole state: 'lv_mech belongs to blue' (where an unknown id
        reads 'there is no unit') told that a hidden unit exists, their did-you-mean hints
        listed hidden ids, 'unit id ... is already on the map' told that a hidden unit is alive, and
        'holds no enemy unit' mapped the empty hexes. Under fog of war (``viewer`` not None) a unit the
        viewer may not know of is refused in exactly the words of an id that does not exist, even where
        the rules would take it (the facilitator view, console 'view', acts on every unit); hints offer
        only the ids it knows; an attack on a hex where it sees no enemy, and an added unit's id taken
        by another side's hidden unit, have one refusal whatever is there; another side's decision card is
        refused as a card that does not exist ('option nato_vjtf belongs to blue' told red it exists).
        The net host's seats get the same treatment (engine/net/host.py, ``_fogged``).
        """
        why = self.state.why_illegal(order)
        known = self.known_ids(viewer)
        if known is None or viewer is None:
            return why
        if isinstance(order, FacAdd):  # its unit is a new id
            taken = why is not None and why.startswith(f"unit id {order.unit!r}")
            if taken and order.unit in self.hidden_ids(viewer):
                return f"unit id {order.unit!r} is another side's (on or off the map, still to come, or destroyed)"
        else:
            told = fog.seen_refusal(self.state, viewer, order, why, known, hints=True)
            if told is not None and told != why:
                unseen = isinstance(order, Facilitator) and told.startswith(f"{viewer} sees no unit")
                return told + (" (the facilitator view, console 'view', acts on every unit)" if unseen else "")
        pat = self._hidden_re(viewer) if why is not None else None
        typed = set(re.findall(r"[\w-]+", order.to_str(None)))  # the order's own words, echoed: they tell nothing
        if pat is not None and any(m.group(1) not in typed for m in pat.finditer(why or "")):
            # any other reason naming a hidden unit or card
            return (f"the reason names a unit or card {viewer} cannot see "
                    "(the facilitator view, console 'view', shows it)")
        return why

    def facilitator(self, command: str, reason: str) -> list[str]:
        """A facilitator override (``track tension 70``, ``place 6mech Lida`` ...) with its reason.

        Sent to the engine as the order ``facilitator <command> -- <reason>``,
        so it is applied, logged, saved and replayed like any other order.
        If the engine has no such order, it raises and nothing changes.
        """
        if not reason.strip():
            raise IllegalActionError("a facilitator override needs a reason")
        order = f"facilitator {command.strip()} -- {reason.strip()}"
        lines = self.apply(order)
        self.ui_log.append(f"T{self.turn} facilitator: {command.strip()} (reason: {reason.strip()})")
        return lines

    # --- save / load ----------------------------------------------------------------
    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the engine's save (atomic: a failed save never clobbers the old file)."""
        from engine.core.save import save_game
        save_game(self.state, Path(path))

    def load(self, path: str | os.PathLike[str]) -> None:
        """Replace the state by a verified save; on any error the running game is untouched."""
        from engine.core.save import load_save
        st = load_save(Path(path), self.game)
        history, snapshots = self._replay_records(st)
        self.state = st
        self.seed = int(st.seed)
        self.undo_stack.clear()
        self.history = history
        self.snapshots = snapshots
        self.reset_digests()
        for sd in self.side_ids():
            self.mark_seen(sd)
        self.ui_log.append(f"T{self.turn} loaded {Path(path).name}")

    def _replay_records(self, final: Any) -> tuple[list[tuple[int, str, str, str]], list[dict[str, Any]]]:
        """The order history and per-turn snapshots of a loaded game, rebuilt by replaying it from its seed.

        A save holds only the orders, so without this the after-action report
        of a loaded game would show only its first and last turns.
        """
        g = self.game
        keep = self.state, self.snapshots
        history: list[tuple[int, str, str, str]] = []
        try:
            self.state, self.snapshots = g.new_initial_state(final.seed), []
            self._snapshot(0)
            for text in final.history:
                order = g.parse_action(text)
                turn, phase, side = self.turn, self.phase, self.actor(order)
                self.state.apply_action(order)
                history.append((turn, phase, side, text))
                if self.turn != turn or self.is_over():
                    self._snapshot(turn)
            return history, self.snapshots
        finally:
            self.state, self.snapshots = keep

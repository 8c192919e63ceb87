"""What the scenario editor changes, without pygame: every edit goes through the round-trip editor.

The model holds the file's text as edited so far. Each edit opens it with
:class:`engine.scenario.edit.Doc`, changes it, and keeps the new text; the
loader then validates it (live: problems go to the panel, the last valid
scenario stays on the map). Saving writes only a valid text, atomically, and
only the changed lines differ from the file on disk.

An edit of one unit, base or track (set a value, move, place, delete) goes
through an :class:`engine.editor.session.Session` kept open across edits when
the file allows it: the same text as a fresh Doc gives, without reading and
writing the whole file again (1.5 s an edit at 535 units).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

from engine.errors import EngineError, Problem
from engine.geo.hexgrid import Hex
from engine.editor.session import Session, undo_patch
from engine.scenario import edit as E
from engine.scenario.model import Scenario

#: Rule numbers the Rules tab offers (section, key): the ones a seminar argues about.
RULE_NUMBERS = (("movement", "stacking_limit"), ("movement", "border_cost"), ("movement", "road_cost"),
                ("movement", "zoc_exit_cost"), ("combat", "die_sides"), ("combat", "river_shift"),
                ("combat", "major_river_shift"), ("combat", "max_support_shift"), ("combat", "out_of_supply_shift"),
                ("supply", "trace_length"), ("supply", "road_trace_length"), ("supply", "step_loss_after"),
                ("rail", "transshipment_delay"), ("rail", "max_hexes"), ("rail", "repair_turns"),
                ("air", "support_shift"), ("air", "interdiction_cost"), ("strike", "unit_hit_on"),
                ("strike", "max_unit_hits"), ("strike", "base_down_on"), ("readiness", "logistic_base_bonus"))
#: Effect kinds an option card can add, and what each needs picked.
EFFECT_KINDS = ("change_track", "enable_option", "disable_option", "establish_base", "close_base", "message")
BASE_EFFECT_KEYS = ("air_points", "air_defence", "air_defence_radius", "ew_shift", "ew_radius", "detection_range",
                    "readiness_bonus")


class EditorModel:
    """One scenario file being edited: its text, the last valid scenario, the live problems."""

    def __init__(self, path: str | Path, launcher: Callable[[Path], Any] | None = None):
        self.path = Path(path)
        self.saved_text = E.read_text(self.path)  # EditError (one line) for a device, FIFO, bad bytes
        self.text = self.saved_text
        self.undo_stack: list[str] = []
        self._undo_patches: list[Any] = []  # beside undo_stack: the session patch of a fast edit, else None
        self.redo_stack: list[tuple[str, Any]] = []  # (text, its session patch) undone, newest last
        self._session: Session | None = None
        self._sessions_off = False  # the file allows no session (not as ruamel writes it, a variant ...)
        self._declined: set[str] = set()  # items the session turned down: not worth opening one for
        #: (the disk text,) a second Save may overwrite: the facilitator was told it changed (None: gone)
        self.overwrite_ok: tuple[str | None] | None = None
        self.problems: list[Problem] = []
        self.scenario: Scenario | None = None
        self.message = ""
        self.launcher = launcher
        self._table: Any = None  # what the launcher gave back for the last table opened (a process)
        self.revalidate()
        if self.scenario is None:
            raise EngineError(f"{self.path}: fix these first (the editor opens a valid scenario):\n"
                              + "\n".join(map(str, self.problems)))

    # --- state --------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        return self.text != self.saved_text

    @property
    def valid(self) -> bool:
        return not self.problems

    def revalidate(self) -> None:
        try:
            sc, self.problems = E.load_text(self.path, self.text)
        except E.EditError as e:  # the folder became unwritable or full: the edit cannot be checked
            if self.scenario is None:
                raise
            sc, self.problems = None, [Problem(str(self.path), 0, 0, "", str(e).split(": ", 1)[-1])]
        if sc is not None:
            self.scenario = sc
        self.plain = E.resolved_text(self.path, self.text)

    def current(self, path: str, fallback: Any) -> Any:
        """A value as the text now says (even when invalid), else ``fallback`` (the last valid scenario's)."""
        v = E.resolve_plain(self.plain, E.split_path(path))
        return fallback if v is None or isinstance(v, (dict, list)) else v

    def doc(self) -> E.Doc:
        return E.Doc(self.path, self.text)

    def change(self, what: str, fn: Callable[[E.Doc], None], fast: Callable[[Session], str | None] | None = None,
               item: str = "") -> bool:
        """Apply one edit; False (and a message) when it cannot be made at all.

        ``fast``: the same edit through the session, when ``fn`` changes only ``item`` (``units.ID``) of a
        top-level list; it gives the text ``fn`` would, or None (then ``fn`` makes the edit on a fresh Doc)."""
        patch = None
        new = self._fast(fast, item) if fast is not None else None
        if new is not None:
            patch = self._session.last_patch if self._session is not None else None
        else:
            try:
                doc = self.doc()
                fn(doc)
                new = doc.text()
            except EngineError as e:
                self.message = str(e)
                return False
        if new == self.text:
            return True
        self.undo_stack.append(self.text)
        self._undo_patches.append(patch)
        self.redo_stack.clear()
        self.text = new
        self.revalidate()
        self.message = what + ("" if self.valid else f" — {len(self.problems)} problem(s), see the panel")
        return True

    def session(self) -> Session | None:
        """The session open on the text as edited (opened now if need be: about a second on a file of 500
        units), or None when the file allows none (then no session is tried again: every edit the slow way)."""
        s = self._session
        if s is not None and s.ok and s.text == self.text:
            return s
        self._session = None
        plain = self.plain
        if self._sessions_off or not isinstance(plain, dict) or E.is_rules_file(plain) or (
                isinstance(plain.get("extends"), str) and plain["extends"].strip()):
            return None
        try:
            s = Session(self.path, self.text)
        except Exception:  # noqa: BLE001 - no session: every edit goes the slow way, which reports the problem
            s = None
        if s is None or not s.ok:
            self._sessions_off = True
            return None
        self._session = s
        return s

    def _fast(self, fast: Callable[[Session], str | None], item: str) -> str | None:
        """The text of the edit made through the session, or None (then the slow way makes it)."""
        s = self._session
        if s is None or not s.ok or s.text != self.text:  # a session must be opened first: only for an item of a
            head = item.split(".", 1)[0]                    # top-level list that it has not turned down before
            if item in self._declined or not isinstance(self.plain, dict) or not isinstance(self.plain.get(head), list):
                return None
        s = self.session()
        if s is None:
            return None
        try:
            new = fast(s)
        except Exception:  # noqa: BLE001 - the slow way makes the edit, or reports why it cannot
            s.end()
            return None
        if new is None and s.ok:
            self._declined.add(item)  # (a unit with a comment on its line, a unit written over several lines)
        elif new is not None:
            self._declined.discard(item)
        return new

    def undo(self) -> None:
        """Back one edit; it can be redone (one Ctrl+Z too many used to lose the edit for good)."""
        if not self.undo_stack:
            self.message = "nothing to undo"
            return
        self.redo_stack.append(self._back())
        self.message = "undone (Ctrl+Y redoes)"

    def redo(self) -> None:
        if not self.redo_stack:
            self.message = "nothing to redo"
            return
        text, patch = self.redo_stack.pop()
        s = self._session
        if s is not None and s.ok and s.text == self.text and patch is not None:
            if not s.apply(patch) or s.text != text:
                s.end()
        self.undo_stack.append(self.text)
        self._undo_patches.append(patch)
        self.text = text
        self.revalidate()
        self.message = "redone" + ("" if self.valid else f" — {len(self.problems)} problem(s), see the panel")

    def _back(self) -> tuple[str, Any]:
        """Put back the text before the last edit; returns (the text left, its session patch)."""
        text = self.undo_stack.pop()
        patch = self._undo_patches.pop() if self._undo_patches else None
        s = self._session
        if s is not None and s.ok and s.text == self.text and patch is not None:
            if not s.apply(undo_patch(patch)) or s.text != text:
                s.end()
        left = self.text
        self.text = text
        self.revalidate()
        return left, patch

    def save(self) -> bool:
        """Write the file (only when valid); variants extending it are checked as well."""
        if not self.valid:
            self.message = f"not saved: {len(self.problems)} problem(s) (see the panel)"
            return False
        if not self.dirty:
            self.message = "nothing to save"
            return True
        try:
            disk: str | None = E.read_text(self.path)
        except E.EditError:
            disk = None  # deleted (or made unreadable) meanwhile: a second Save writes it again
        if disk != self.saved_text and self.overwrite_ok != (disk,):
            self.overwrite_ok = (disk,)  # (a deleted file was written again at once: None matched the unset None)
            if disk is None:
                self.message = (f"not saved: {self.path.name} is no longer on disk (deleted, moved or unreadable) "
                                "since it was opened; your edits are kept — Save again to write it there")
            else:
                self.message = (f"not saved: {self.path.name} was changed on disk by someone else since it was "
                                "opened; your edits are kept — Save again to overwrite that change")
            return False
        try:
            E.commit(self.path, self.text)
        except E.EditRefused as e:  # the first line alone said "it would make the scenario invalid:", not why
            p = e.problems[0]
            whose = "" if Path(p.file).resolve() == self.path.resolve() else \
                f" (a scenario that extends {self.path.name} would break)"
            more = f" (and {len(e.problems) - 1} more)" if len(e.problems) > 1 else ""
            self.message = f"not saved{whose}: {Path(p.file).name}:{p.line}: {p.path}: {p.message}{more}"
            return False
        except EngineError as e:
            self.message = str(e).splitlines()[0] + " (not saved)"
            return False
        self.saved_text = E.read_text(self.path)
        self.text = self.saved_text
        self.overwrite_ok = None
        self.message = f"saved {self.path.name}"
        return True

    def save_as(self, typed: str, overwrite: bool = False) -> bool | None:
        """Write the scenario as edited to the file ``typed`` names, which the editor then edits (the original
        is left as it was on disk). None: that file is a scenario already and ``overwrite`` was not given (ask,
        then call again with it). Its relative paths and id are made to fit the new place (saveas.relocate),
        and it is written, checked by the loader there, like Save writes (engine.scenario.edit_io.commit)."""
        from engine.editor import saveas
        if not self.valid:
            self.message = f"not saved: {len(self.problems)} problem(s) (see the panel)"
            return False
        try:
            new = saveas.target(self.path, typed)
            if saveas.check(new, self.path) and not overwrite:
                self.message = f"{new.name} is a scenario already: overwrite it?"
                return None
            text, changed = saveas.relocate(self.text, self.path, new)
            E.commit(new, text)
        except E.EditRefused as e:
            p = e.problems[0]
            self.message = f"not saved as {typed.strip()}: {Path(p.file).name}:{p.line}: {p.path}: {p.message}"
            return False
        except EngineError as e:
            self.message = str(e).splitlines()[0]
            return False
        try:  # the undo history, as it reads from the new place
            undo = [saveas.relocate(t, self.path, new)[0] for t in self.undo_stack]
            redo: list[tuple[str, Any]] = [(saveas.relocate(t, self.path, new)[0], None) for t, _ in self.redo_stack]
        except EngineError:
            undo, redo = [], []
            changed.append("the undo history starts here")
        self.path = new
        self.saved_text = self.text = text
        self.undo_stack, self._undo_patches, self.redo_stack = undo, [None] * len(undo), redo
        self._session, self._declined, self.overwrite_ok = None, set(), None
        self.revalidate()
        self.message = f"saved as {new}; editing it now" + (f" ({', '.join(changed)})" if changed else "")
        return True

    def play(self) -> bool:
        """Save, then open the seminar table on the file ('play from here')."""
        if not self.save():
            return False
        running = self._table
        if running is not None and getattr(running, "poll", lambda: 0)() is None:
            # F5, F5 and a click opened three tables on one file (three autosave folders, three windows)
            self.message = f"saved; the table on {self.path.name} is still open (close it to open one on these edits)"
            return False
        if self.launcher is not None:
            self._table = self.launcher(self.path)
        self.message = f"opened the table on {self.path.name}"
        return True

    # --- names and places -------------------------------------------------------------------
    def sides(self) -> list[str]:
        return [s.id for s in self.scenario.sides] if self.scenario else []

    def nations(self, side: str) -> list[str]:
        sc = self.scenario
        return list(next((s.nations for s in sc.sides if s.id == side), ())) if sc else []

    def location_of(self, h: Hex) -> Any:
        """How a hex is written: its place name, else the lat/lon of its centre."""
        from engine.scenario.loader import load_map
        assert self.scenario is not None
        tmap = load_map(self.scenario.map_path)
        name = tmap.place_name_at(h)
        if name and tmap.find_place(name) == h:
            return name
        lat, lon = tmap.latlon(h)
        return {"lat": round(lat, 4), "lon": round(lon, 4)}

    def new_id(self, prefix: str, taken: list[str]) -> str:
        """``prefix_N`` used neither in ``taken`` (the last valid scenario) nor anywhere in the text as edited."""
        used = set(taken) | _ids(self.plain)
        n = 1
        while f"{prefix}_{n}" in used:
            n += 1
        return f"{prefix}_{n}"

    # --- units ----------------------------------------------------------------------------
    def unit_ids(self) -> list[str]:
        sc = self.scenario
        if sc is None:
            return []
        ids = [u.id for u in sc.units] + [r.unit.id for r in sc.rotations]
        ids += [e.unit.id for e in sc.schedule if e.unit is not None]
        return ids

    def nation_for(self, type_id: str, side: str) -> str:
        """The nation that fields this type on this side in the scenario (else the side's first)."""
        sc = self.scenario
        counts: dict[str, int] = {}
        for u in sc.units if sc else ():
            if u.type == type_id and u.side == side:
                counts[u.nation] = counts.get(u.nation, 0) + 1
        if counts:
            return max(sorted(counts), key=lambda n: counts[n])
        return (self.nations(side) or ["XXX"])[0]

    def place_unit(self, type_id: str, side: str, h: Hex) -> str:
        uid = self.new_id(f"{side}_{type_id}", self.unit_ids())
        nation = self.nation_for(type_id, side)
        unit = {"id": uid, "type": type_id, "side": side, "nation": nation, "location": self.location_of(h)}
        self.change(f"placed {uid}", lambda d: d.add_item("units", unit), lambda s: s.add_item("units", unit), "units")
        return uid

    def move_unit(self, uid: str, h: Hex) -> None:
        where = self.location_of(h)

        def fn(d: E.Doc) -> None:
            own = d.get(f"units.{uid}")
            if own is not None and "base" in own:
                del own["base"]
            d.set(f"units.{uid}.location", E.to_yaml(where, inline=True))
        self.change(f"moved {uid}", fn, lambda s: s.change_item(f"units.{uid}.location", fn), f"units.{uid}")

    def delete_unit(self, uid: str) -> bool:
        return self._delete(uid, f"removed {uid}", lambda d: d.remove_item("units", uid),
                            lambda s: s.remove_item("units", uid), f"units.{uid}")

    def delete_base(self, bid: str) -> bool:
        return self._delete(bid, f"removed base {bid}", lambda d: d.remove_item("bases", bid),
                            lambda s: s.remove_item("bases", bid), f"bases.{bid}")

    def delete_option(self, oid: str) -> bool:
        return self._delete(oid, f"removed option {oid}", lambda d: d.remove_item("options", oid), None, "")

    def delete_rotation(self, rid: str) -> bool:
        return self._delete(rid, f"removed rotation {rid}", lambda d: d.remove_item("rotations", rid),
                            lambda s: s.remove_item("rotations", rid), f"rotations.{rid}")

    def delete_at(self, path: str, index: int | Callable[[Any], bool], what: str) -> bool:
        """Remove an item of the list at ``path`` (by file position, or the first the test accepts): an
        option's effect, condition or prerequisite, an arrival of the schedule, an objective. The editor
        could add these but never take one away, so a wrong one sent the facilitator to the YAML."""
        def fn(d: E.Doc) -> None:
            lst = d.list_at(path)
            j = index if isinstance(index, int) else next((k for k, x in enumerate(lst) if index(x)), -1)
            if not 0 <= j < len(lst):
                raise E.EditError(f"{path}: no such item to remove (the list has {len(lst)})")
            del lst[j]
        return self._delete(what, f"removed {what}", fn, None, "")

    def delete_schedule_entry(self, turn: int, kind: str, uid: str) -> bool:
        """The schedule entry of ``uid`` on ``turn`` (the scenario lists them sorted by turn, the file may not)."""
        def same(x: Any) -> bool:
            if not isinstance(x, dict) or x.get("turn") != turn:
                return False
            got = (x.get("reinforce") or {}).get("id") if kind == "add" else x.get("withdraw")
            return got == uid
        return self.delete_at("schedule", same, f"the {'arrival' if kind == 'add' else 'withdrawal'} of {uid} "
                                                f"on turn {turn}")

    def _delete(self, ident: str, what: str, fn: Callable[[E.Doc], None],
                fast: Callable[[Session], str | None] | None, item: str) -> bool:
        """True when removed. Refused, as ``scenario remove-unit`` is, when the scenario has more problems
        without it (an event, option or schedule names it): accepted, the counter stayed drawn (the last
        valid scenario) though gone from the text, so a second Delete said "no item" and Save refused."""
        before, redo = self.problems, list(self.redo_stack)
        n = len(self.undo_stack)
        if not self.change(what, fn, fast, item) or len(self.undo_stack) == n:
            return False
        if len(self.problems) <= len(before):
            return True
        old = {(p.path, p.message) for p in before}
        new = [p for p in self.problems if (p.path, p.message) not in old] or self.problems
        self._back()
        self.redo_stack = redo
        where = ", ".join(p.path or f"line {p.line}" for p in new[:3]) + \
            (f" and {len(new) - 3} more" if len(new) > 3 else "")
        why = re.sub(r" \((expected|did you mean).*$", "", new[0].message)  # not the list of every id
        self.message = f"not removed: {where} still needs {ident} ({why}); change that first — nothing was changed"
        return False

    def set_field(self, path: str, value: Any, what: str = "") -> None:
        self.change(what or f"{path} = {value}", lambda d: d.set(path, E.to_yaml(value, inline=True)),
                    lambda s: s.set(path, E.to_yaml(value, inline=True)), ".".join(path.split(".")[:2]))

    # --- bases ----------------------------------------------------------------------------
    def place_base(self, kind: str, side: str, h: Hex) -> str:
        sc = self.scenario
        bid = self.new_id(f"{side}_{kind}", [b.id for b in sc.bases] if sc else [])
        base = {"id": bid, "kind": kind, "name": f"New {kind} base", "side": side, "location": self.location_of(h)}
        self.change(f"placed base {bid}", lambda d: d.add_item("bases", base), lambda s: s.add_item("bases", base),
                    "bases")
        return bid

    def move_base(self, bid: str, h: Hex) -> None:
        self.set_field(f"bases.{bid}.location", self.location_of(h), f"moved base {bid}")

    # --- rotations and schedule ----------------------------------------------------------------
    def add_rotation(self, type_id: str, side: str, base: str, arrive: int = 2, stay: int = 3) -> str:
        sc = self.scenario
        rid = self.new_id(f"rot_{type_id}", [r.id for r in sc.rotations] if sc else [])
        unit = {"id": self.new_id(f"{side}_{type_id}_rot", self.unit_ids()), "type": type_id, "side": side,
                "nation": self.nation_for(type_id, side)}
        rot = {"id": rid, "unit": unit, "base": base, "arrive": arrive, "stay": stay}
        self.change(f"added rotation {rid}", lambda d: d.add_item("rotations", rot))
        return rid

    def add_reinforcement(self, type_id: str, side: str, turn: int, h: Hex) -> str:
        uid = self.new_id(f"{side}_{type_id}_reinf", self.unit_ids())
        entry = {"turn": turn, "reinforce": {"id": uid, "type": type_id, "side": side,
                                             "nation": self.nation_for(type_id, side),
                                             "location": self.location_of(h)}}
        self.change(f"added reinforcement {uid} on turn {turn}", lambda d: d.list_at("schedule").append(E.to_yaml(entry)))
        return uid

    # --- options ----------------------------------------------------------------------------
    def option_ids(self) -> list[str]:
        return [o.id for o in self.scenario.options] if self.scenario else []

    def add_option(self, side: str, name: str = "New option") -> str:
        oid = self.new_id(f"{side}_option", self.option_ids())
        opt = {"id": oid, "name": name, "effects": []}
        self.change(f"added option {oid}", lambda d: d.add_item(f"options.{side}", opt, flow=False))
        return oid

    def add_option_effect(self, side: str, oid: str, effect: dict[str, Any]) -> None:
        self.change(f"{oid}: added effect {next(iter(effect))}",
                    lambda d: d.list_at(f"options.{side}.{oid}.effects").append(E.to_yaml(effect, inline=True)))

    def add_option_cost(self, side: str, oid: str, track: str, amount: int) -> None:
        def fn(d: E.Doc) -> None:
            p = f"options.{side}.{oid}"
            if d.get(f"{p}.cost") is None:
                d.set(f"{p}.cost", E.to_yaml({}, inline=True))  # written {track: n}, as authors do
            d.set(f"{p}.cost.{track}", amount)
        self.change(f"{oid}: costs {amount} {track}", fn)

    def delete_option_cost(self, side: str, oid: str, track: str) -> bool:
        """Take a cost entry off a card (undoable like any edit): its key goes, and ``cost:`` with it when it
        was the last. In a variant a cost of the base's card cannot be taken away (mappings merge key by key,
        the base's key would come back): it is set to 0, which costs nothing, and the message says so."""
        p = f"options.{side}.{oid}"
        zeroed: list[bool] = []

        def fn(d: E.Doc) -> None:
            own, card = d.get(f"{p}.cost"), d.get(p)
            inherited = d.is_variant and E.resolve_plain(d.base(), E.split_path(f"{p}.cost.{track}")) is not None
            if isinstance(own, dict) and track in own:
                del own[track]
                if not own and isinstance(card, dict) and not inherited:
                    del card["cost"]
            elif not inherited:
                raise E.EditError(f"{oid} has no cost in {track} to remove")
            if inherited:
                d.set(f"{p}.cost.{track}", 0)
                zeroed.append(True)
        done = self._delete(f"the cost in {track}", f"{oid}: removed the cost in {track}", fn, None, "")
        if done and zeroed:
            self.message = (f"{oid}: cost in {track} set to 0 (a variant cannot take away a cost of its base's "
                            "card: costs merge key by key)")
        return done

    def add_prerequisite(self, side: str, oid: str, other: str) -> None:
        def fn(d: E.Doc) -> None:
            lst = d.list_at(f"options.{side}.{oid}.requires_options")
            lst.fa.set_flow_style()
            if other not in lst:
                lst.append(other)
        self.change(f"{oid}: requires {other}", fn)

    def add_requirement(self, side: str, oid: str, condition: str) -> None:
        """A track condition the option needs: 'tension >= 40' (checked by the loader like any edit)."""
        def fn(d: E.Doc) -> None:
            lst = d.list_at(f"options.{side}.{oid}.requires")
            lst.fa.set_flow_style()
            lst.append(condition)
        self.change(f"{oid}: requires {condition}", fn)

    def effect_path(self, side: str, oid: str, index: int) -> str:
        return f"options.{side}.{oid}.effects.{index}"

    # --- victory and rules -----------------------------------------------------------------------
    def add_objective(self, side: str, h: Hex, points: int = 5) -> None:
        ob = {"location": self.location_of(h), "points": points, "side": side}
        self.change("added objective", lambda d: d.list_at("victory.objectives").append(E.to_yaml(ob, inline=True)))

    def rule_value(self, section: str, key: str) -> Any:
        sc = self.scenario
        if sc is None:
            return None
        return getattr(getattr(sc.rules, section, None), key, None)

    def set_rule(self, section: str, key: str, value: Any) -> None:
        self.set_field(f"rules.{section}.{key}", value, f"rule {section}.{key} = {value}")

    # --- problems -----------------------------------------------------------------------------
    def problem_target(self, p: Problem) -> tuple[str, str] | None:
        """('unit'|'base'|'option'|'rotation'|'track', id) a problem is about, from its key path."""
        m = re.match(r"(units|bases|rotations|tracks)\[(\d+)\]", p.path)
        kind = {"units": "unit", "bases": "base", "rotations": "rotation", "tracks": "track"}
        plain = E._safe_plain(self.text)
        if m and isinstance(plain, dict):
            lst = plain.get(m.group(1))
            # the path indexes the merged list; in a variant, find the id by position in the resolved one
            try:
                resolved = E._resolved(self.path, []) if E.Doc(self.path, self.text).is_variant else plain
            except Exception:  # noqa: BLE001 - a broken base: no target, the line number still shows
                resolved = plain
            lst = resolved.get(m.group(1)) if isinstance(resolved, dict) else lst
            i = int(m.group(2))
            if isinstance(lst, list) and i < len(lst) and isinstance(lst[i], dict) and lst[i].get("id"):
                return kind[m.group(1)], str(lst[i]["id"])
        m = re.match(r"options\.([A-Za-z0-9_.-]+)\[(\d+)\]", p.path)
        if m and isinstance(plain, dict):
            lst = (plain.get("options") or {}).get(m.group(1))
            i = int(m.group(2))
            if isinstance(lst, list) and i < len(lst) and isinstance(lst[i], dict):
                return "option", f"{m.group(1)}:{lst[i].get('id')}"
        return None


def _ids(value: Any) -> set[str]:
    """Every ``id:`` value in plain YAML data (the text as edited, valid or not)."""
    out: set[str] = set()
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            if v.get("id") is not None:
                out.add(str(v["id"]))
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return out

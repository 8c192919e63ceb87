"""Commands shared by keys, buttons and the console: orders, end phase, undo, save, load, report, quit.

Also what keeps a seminar's work safe: an autosave after every phase (and on
quit and on a crash), a question before a load replaces unsaved orders or the
window closes, and :meth:`Commands.crash`, which the event guard calls.
"""

from __future__ import annotations

import datetime as _dt
import os
import stat
import sys
import traceback
import re
from pathlib import Path

from engine.core.actions import Action, Attack, Strike
from engine.errors import EngineError
from engine.ui import autosave as auto
from engine.ui.tablebase import QUICKSAVE, Confirm, Marker, TableBase, event_popups

CRASH_LOG = "crash.log"
_RESULT = re.compile(r"die (\d+) -> (\S+)")


def writable_file(p: Path) -> str | None:
    """Why ``p`` may not be written as a save or report file (None: it may).

    Only a regular file may be created or replaced: never a directory, a
    device, a pipe or a symlink's target.
    """
    if p.name in ("", ".", ".."):
        return f"{str(p) or '.'} is a directory, not a file name"
    try:
        st = os.lstat(p)
    except FileNotFoundError:
        return None
    except OSError as e:
        return f"cannot use {p}: {e.strerror or e}"
    if stat.S_ISLNK(st.st_mode):
        return f"{p} is a symbolic link; name a regular file"
    if stat.S_ISDIR(st.st_mode):
        return f"{p} is a directory, not a file name"
    if not stat.S_ISREG(st.st_mode):
        return f"{p} is not a regular file (device or pipe)"
    return None


def report_dir_problem(d: Path) -> str | None:
    """Why the report may not be written into folder ``d`` (None: it may).

    The report writes several files, so it needs a folder of its own: not a
    file, device or symlink, and not the root of a file system.
    """
    try:
        if d.is_symlink():
            return f"{d} is a symbolic link; name a folder"
        if d.exists() and not d.is_dir():
            return f"{d} is not a directory"
        if d.exists() and d.resolve() == Path(d.resolve().anchor):
            return f"{d} is the root of the file system; name a folder for the report"
    except OSError as e:
        return f"cannot use {d}: {e.strerror or e}"
    return None


class Commands(TableBase):
    """Orders, end phase, undo, save, load, report, quit: the same code for a key, a button or the console."""

    # --- orders -----------------------------------------------------------------------
    def do(self, order: Action | str) -> bool:
        """Apply an order through the session; report refusals in the status line."""
        s = self.session
        if s is None:
            return False
        before = (s.turn, s.phase, s.side_to_act())
        target_sides = self._sides_at_target(order)
        v = self.viewer()
        try:
            a = s.parse(order) if isinstance(order, str) else order
            why = s.refusal(a, v)  # as the console words it: only what the side at the table may know
            if why is not None:
                self.say(self.refused(a, why), bad=True)
                return False
            lines = s.apply(a)
        except EngineError as e:
            self.say(f"refused: {s.plain(s.mask_hidden(str(e), v), v)}", bad=True)
            return False
        text_ = order if isinstance(order, str) else s.order_text(order)
        self.say(f"done: {s.pretty(text_)}")
        self._combat_feedback(order, lines, before[2], target_sides)
        self._after_order(lines, before[2])
        if (s.turn, s.phase, s.side_to_act()) != before or s.is_over():
            self.autosave()
        return True

    def refused(self, order: Action, why: str) -> str:
        """A refusal (``why``: Session.refusal's, fog-safe) as the table shows it: names and places, not ids."""
        s, v = self.session, self.viewer()
        assert s is not None
        return f"refused: {s.plain(s.order_text(order), v)}: {s.plain(why, v)}"

    def _sides_at_target(self, order: Action | str) -> set[str]:
        """The sides with units in an attack's target hex, before the attack (they may see its marker)."""
        s = self.session
        try:
            a = s.parse(order) if isinstance(order, str) and s is not None else order
        except EngineError:
            return set()
        if s is None or not isinstance(a, Attack):
            return set()
        return {u.side for u in s.units(None) if u.hex == a.target}

    def _combat_feedback(self, order: Action | str, lines: list[str], side: str | None,
                         target_sides: set[str] | None = None) -> None:
        """An attack or strike's result: a pop-up, a marker on the map, and the camera on the fight."""
        s = self.session
        assert s is not None
        try:
            a = s.parse(order) if isinstance(order, str) else order
        except EngineError:
            return
        if isinstance(a, Attack):
            where, title = a.target, f"Attack on {s.place_text(a.target)}"
            defenders = set(target_sides or ())
        elif isinstance(a, Strike):
            where, title = s.strike_target_hex(a), f"Missile strike by {s.name_of(a.unit)}"
            defenders = {sd for sd in s.side_ids() if sd != side}
        else:
            return
        body = [s.pretty(ln.strip()) for ln in lines[1:] if ln.startswith(" ")]
        m = _RESULT.search("\n".join(lines))
        code = m.group(2) if m else ("hit" if isinstance(a, Strike) else "?")
        self.markers = [k for k in self.markers if k.turn >= s.turn - 1][-30:]
        self.markers.append(Marker(where, code, s.turn, frozenset({side or ""} | defenders)))
        if m:
            body.append(f"Result {code}: {s.result_text(code)}.")
        self.popups.append((title, body or ["No effect."]))
        self.camera.centre_on(where)

    def _after_order(self, lines: list[str], side_before: str | None) -> None:
        """Pop-ups for events and arrivals; hand-over when another side takes the seat."""
        s = self.session
        assert s is not None
        over = s.is_over()
        # the pop-ups are read by whoever sits at the table next: under fog, only what that side may see
        viewer = None if over or not self.hotseat else (s.side_to_act() or side_before)
        shown = s.lines_for(lines, viewer)
        self.popups.extend(event_popups([s.pretty(ln) for ln in shown if not s.is_noop(ln)]))
        self.clear_selection()
        if over:
            self.popups.append(("Game over", [s.outcome_text() or "The game has ended.",
                                              "Press F10 for the after-action report."]))
            return
        now = s.side_to_act()
        if self.hotseat and now is not None and now != side_before:
            self.handover_to = now

    def end_phase(self, confirmed: bool = False) -> None:
        """End the side's phase; if units could still act, ask first and say how many."""
        s = self.session
        if s is None or s.is_over():
            return
        left = s.could_still_act()
        if left and not confirmed:
            self.confirm = Confirm(f"End the {s.phase} phase?", left + ["End the phase anyway?"],
                                   "End phase", lambda: self.end_phase(confirmed=True), delay=0.6)
            return
        self.do("end")

    def undo(self, reason: str = "") -> None:
        """Take back the acting side's last order (never one made before its own hand-over)."""
        s = self.session
        if s is None:
            return
        why = s.why_no_undo()
        if why is not None:
            self.say(why, bad=True)
            return
        t = s.undo(reason)
        self.clear_selection()
        self.say(f"undone: {t}" if t else "nothing to undo", bad=t is None)

    # --- saves ------------------------------------------------------------------------
    def unsaved_orders(self) -> int:
        """Orders played since the last save or load (0: nothing would be lost)."""
        s = self.session
        if s is None or s.state_hash() == self.saved_hash:
            return 0
        return max(1, abs(len(s.state.history) - self.saved_orders))

    def _mark_saved(self) -> None:
        s = self.session
        if s is not None:
            self.saved_hash, self.saved_orders = s.state_hash(), len(s.state.history)

    def save(self, path: str | Path | None = None) -> str:
        s = self.session
        if s is None:
            return "no game to save"
        p = Path(path) if path else self.save_dir / QUICKSAVE
        why = writable_file(p)
        if why is not None:
            self.say(f"save refused: {why}", bad=True)
            return f"save refused: {why}"
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
            s.save(p)
        except (EngineError, OSError, ValueError) as e:
            msg = f"save failed: {e}"
            self.say(msg, bad=True)
            return msg
        self._mark_saved()
        self.say(f"saved {p}")
        return f"saved {p}"

    def load(self, path: str | Path | None = None, confirmed: bool = False) -> str:
        """Load a save (asking first if orders would be lost); a bad save leaves the game as it was."""
        s = self.session
        if s is None:
            return "no game loaded"
        p = Path(path) if path else self.save_dir / QUICKSAVE
        n = self.unsaved_orders()
        if n and not confirmed:
            self.console.open = False
            self.confirm = Confirm(f"Load {p.name}?", [
                f"The running game has {n} order{'s' if n != 1 else ''} since its last save; loading replaces it.",
                "It stays in the autosave folder: " + str(self.autosave_path() or self.save_dir)],
                "Load", lambda: self.load(p, confirmed=True), delay=0.6)  # never F9 then Enter unread
            return "confirm the load in the window (unsaved orders)"
        try:
            s.load(p)
        except (EngineError, OSError) as e:
            why = s.mask_hidden(str(e), self.viewer())  # a save's order quoted here may name a hidden unit
            msg = f"load refused, game unchanged: {why}"
            self.say(msg, bad=True)
            self.popups.append(("Save not loaded", [why, "The running game is unchanged."]))
            return msg
        self._forget_position()
        self._mark_saved()
        if self.use_folder(p.parent if auto.is_autosave(p, self.save_dir) else None):
            self.autosaved = list(s.state.history)  # already in its autosave folder
        if self.hotseat and s.fog_of_war and not s.is_over():
            self.handover_to = s.side_to_act()
        self.say(f"loaded {p}")
        return f"loaded {p}"

    # --- autosave, quit, crash --------------------------------------------------------------
    def autosave_path(self) -> Path | None:
        s = self.session
        if s is None or not self.autosave_on:
            return None
        if self.game_dir is None:
            self.use_folder(auto.new_game_dir(self.save_dir, s.scenario.id, s.seed))
        return self.game_dir

    def use_folder(self, d: Path | None) -> bool:
        """Autosave into game folder ``d`` from now on, if no other table has it open (True). If one has
        (two tables resumed the same game), this table's game goes on in a new folder of its own, so
        neither deletes the other's autosaves."""
        self.release_folder()
        if d is not None:
            self.folder_claim = auto.claim(d)
            if self.folder_claim is None:
                self.popups.append(("This game is open at another table", [
                    f"Its autosave folder {d.name} is held by the other table.",
                    "This table's autosaves go to a new folder of their own; the other table's stay as they are."]))
                d = None
        self.game_dir = d
        return d is not None

    def release_folder(self) -> None:
        """Let the game folder go (on quit, as when the process ends): the next table may save into it."""
        if self.folder_claim is not None:
            self.folder_claim.release()
            self.folder_claim = None

    def autosave(self, tag: str = "") -> Path | None:
        """Save into this game's autosave folder (last 10 kept); a failure is shown, never raised."""
        s = self.session
        d = self.autosave_path()
        if s is None or d is None:
            return None
        try:
            path = auto.autosave(s, d, s.turn, s.phase, s.side_to_act() or "end", tag)
        except (EngineError, OSError, ValueError) as e:
            msg = f"autosave failed: {e}"
            # the same failure again: its kind and the system's words, not the file name (a new one each time)
            kind = f"{type(e).__name__}: {e.strerror}" if isinstance(e, OSError) and e.strerror else msg
            if tag != auto.ORDER or kind != self.autosave_kind:  # an order's own status line stays readable
                self.say(msg, bad=True)
            if kind != self.autosave_kind:  # a pop-up once per new failure, not every phase
                self.popups.append(("Autosave failed", [str(e)[:300], f"Folder: {d}",
                                                        "Save by hand (F5, or 'save PATH' in the console)."]))
            self.autosave_error, self.autosave_kind = msg, kind
            return None
        self.autosave_error = self.autosave_kind = ""
        self.autosaved = list(s.state.history)
        return path

    def autosave_if_changed(self) -> Path | None:
        """After each input: autosave if the orders differ from the last autosave's (an order, an undo, an
        override, a load). Only phase ends were saved, so a closed window or a crash lost a whole phase."""
        s = self.session
        if s is None or not self.autosave_on or s.state.history in (self.autosaved, self.autosave_tried):
            return None  # saved, or failed for these very orders: not again on every mouse move
        self.autosave_tried = list(s.state.history)
        return self.autosave(auto.ORDER)

    def offer_resume(self) -> bool:
        """On a new table: ask to resume the last autosaved game of this scenario (False: none)."""
        s = self.session
        last = auto.last_game(self.save_dir, s.scenario.id) if s is not None and self.autosave_on else None
        if last is None:
            return False
        try:
            when = _dt.datetime.fromtimestamp(last.stat().st_mtime).strftime("%d %b %H:%M")
        except OSError:
            return False
        self.handover_to = None
        self.confirm = Confirm("Resume the last game?", [
            f"{s.scenario.title if s else ''}: autosaved {when}", f"({last.parent.name}/{last.name})",
            "New game starts this scenario from turn 1."],
            "Resume", lambda: self.resume(last), self._first_handover, "New game", hides_map=True)
        return True

    def resume(self, last: Path) -> Path | None:
        """Load the newest autosave of ``last``'s game that loads; a damaged one falls back to the one before.

        If none loads, the new game starts (with its hand-over) and a pop-up says why.
        """
        s = self.session
        if s is None:
            return None
        tried: list[str] = []
        for p in reversed(auto.saves_in(last.parent)):
            try:
                s.load(p)
            except (EngineError, OSError) as e:
                tried.append(f"{p.name}: {str(e)[:160]}")
                continue
            self._forget_position()
            self._mark_saved()
            if self.use_folder(p.parent if auto.is_autosave(p, self.save_dir) else None):
                self.autosaved = list(s.state.history)
            if tried:
                self.popups.append(("Resumed from an older autosave",
                                    [f"Resumed {p.name}; newer autosaves did not load:"] + tried[:5]))
            self.say(f"resumed {p}")
            self._first_handover()
            return p
        self.popups.append(("Last game not resumed", ["No autosave of it loads:"] + tried[:5] +
                            ["A new game starts from turn 1."]))
        self._first_handover()
        return None

    def _forget_position(self) -> None:
        """After a load: the pop-ups and fight markers of the position left behind go with it (a result
        pop-up of the side that loaded was shown, after the hand-over, to the side the save seats)."""
        self.clear_selection()
        self._stack_cache = None
        self.popups.clear()
        self.markers = []

    def _first_handover(self) -> None:
        s = self.session
        if s is not None and self.hotseat and s.fog_of_war and not s.is_over():
            self.handover_to = s.side_to_act()

    def request_quit(self) -> None:
        """``q`` or closing the window: ask, then autosave and quit."""
        if self.session is None:
            self.running = False
            return
        if self.confirm is not None and self.confirm.yes == "Quit":
            return
        self.console.open = False
        where = self.autosave_path()
        self.confirm = Confirm("Quit the table?", [
            "The game is autosaved first; a new table offers to resume it.",
            f"Autosaves: {where}" if where else "Autosave is off for this table."], "Quit", self._quit_now,
            delay=0.5)

    def _quit_now(self) -> None:
        """Autosave, then close; if the autosave fails, ask again rather than close on an unsaved game."""
        if self.autosave("quit") is None and self.autosave_path() is not None:
            self.confirm = Confirm("Autosave failed: quit anyway?", [
                self.autosave_error[:300], "The last phases of this game may be lost if you quit now.",
                "Cancel, then save by hand (F5, or 'save PATH' in the console)."],
                "Quit without saving", self._quit_unsaved, delay=0.5)
            return
        self._quit_unsaved()

    def _quit_unsaved(self) -> None:
        self.running = False
        self.release_folder()

    def crash(self, exc: BaseException, where: str) -> None:
        """Something raised while handling one event: show it, log it, save the game, keep playing."""
        self.crashes += 1
        sig = (type(exc).__name__, str(exc)[:200], where)
        again = sig == getattr(self, "_last_crash", None)  # a drawing error repeats every frame: save and log once
        self._last_crash = sig
        tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        saved = None if again else self.autosave("crash")
        logged = None if again else \
            self._log_crash(f"--- {_dt.datetime.now().isoformat(timespec='seconds')} while {where}\n{tb}")
        if not again:
            print(f"eastflank play: error while {where}: {type(exc).__name__}: {exc}", file=sys.stderr)
        s = self.session
        if s is not None and not again:
            s.ui_log.append(f"T{s.turn} error while {where}: {type(exc).__name__}: {str(exc)[:120]}")
        self.clear_selection()
        self._stack_cache = None
        msg = f"{type(exc).__name__}: {exc}"
        lines = [msg[:300], "The game is kept as it was before this input."]
        if saved is not None:
            lines.append(f"Saved to {saved}")
        if logged is not None:
            lines.append(f"Details in {logged}")
        if not any(p[1][:1] == lines[:1] for p in self.popups):  # the same error twice shows once
            self.popups.append(("Something went wrong - the game goes on", lines))

    def _log_crash(self, text: str) -> Path | None:
        p = self.save_dir / CRASH_LOG
        try:
            if writable_file(p) is not None:
                return None
            p.parent.mkdir(parents=True, exist_ok=True)
            with open(p, "a", encoding="utf-8") as f:
                f.write(text)
        except OSError:
            return None
        return p

    # --- report and console -----------------------------------------------------------------
    def report(self, out_dir: str | Path | None = None) -> str:
        s = self.session
        if s is None:
            return "no game"
        from engine.ui.aar import write_report
        d = Path(out_dir) if out_dir else self.save_dir / "aar"
        why = report_dir_problem(d)
        if why is not None:
            self.say(f"report refused: {why}", bad=True)
            return f"report refused: {why}"
        try:
            path = write_report(s, d, self.style)
        except (EngineError, OSError, ValueError) as e:
            self.say(f"report failed: {e}", bad=True)
            return f"report failed: {e}"
        self.say(f"after-action report: {path}")
        return f"after-action report written: {path}"

    def show_report(self, confirmed: bool = False) -> None:
        """F10: the report inside the app (and written to files); under fog before the end, ask first."""
        s = self.session
        if s is None:
            return
        if s.fog_of_war and not s.is_over() and not confirmed and not self.god_view:
            self.confirm = Confirm("Show the after-action report?", [
                "It shows both sides' decisions, losses and the whole log.",
                "Under fog of war, show it to the facilitator or after the game.",
                "Click Show to see it (Enter does not answer this question)."], "Show",
                lambda: self.show_report(confirmed=True), delay=float("inf"))  # never F10 then Enter by mistake
            return
        from engine.ui.aar import report_charts, report_lines
        msg = self.report()
        where = msg.split(": ", 1)[1] if msg.startswith("after-action report written") else ""
        self.report_view = (report_lines(s), report_charts(s, self.style), where)
        self.report_scroll = 0

    def _console_command(self, word: str, arg: str) -> str:
        if word == "save":
            return self.save(arg or None)
        if word == "load":
            return self.load(arg or None)
        if word == "aar":
            return self.report(arg or None)
        if word == "view":
            self.god_view = not self.god_view
            s = self.session
            if s is not None:
                s.ui_log.append(f"T{s.turn} facilitator view {'on' if self.god_view else 'off'}")
            if s is not None and not self.god_view:  # what the console said with the view on is not for the side
                v = self.viewer()
                kept = [ln for ln in self.console.output if not s.names_hidden(ln, v)]
                if len(kept) < len(self.console.output):
                    kept.append(f"(lines naming units {v} cannot see are cleared)")
                self.console.output = kept
            return f"facilitator view (all units) {'on' if self.god_view else 'off'}"
        return f"unknown command {word}"

"""Commands shared by keys, buttons and the console: end phase, undo, save, load, report."""

from __future__ import annotations

from pathlib import Path


from engine.errors import EngineError

from engine.ui.tablebase import QUICKSAVE, TableBase


class Commands(TableBase):
    """End phase, undo, save, load and report: the same code whether a key, a button or the console asks."""

    def end_phase(self) -> None:
        if self.session is not None and not self.session.is_over():
            self.do("end")

    def undo(self, reason: str = "") -> None:
        s = self.session
        if s is None:
            return
        t = s.undo(reason)
        self.clear_selection()
        self.say(f"undone: {t}" if t else "nothing to undo", bad=t is None)

    def save(self, path: str | Path | None = None) -> str:
        s = self.session
        if s is None:
            return "no game to save"
        p = Path(path) if path else self.save_dir / QUICKSAVE
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
            s.save(p)
        except (EngineError, OSError) as e:
            msg = f"save failed: {e}"
            self.say(msg, bad=True)
            return msg
        self.say(f"saved {p}")
        return f"saved {p}"

    def load(self, path: str | Path | None = None) -> str:
        """Load a save; a bad save leaves the running game as it was and says why."""
        s = self.session
        if s is None:
            return "no game loaded"
        p = Path(path) if path else self.save_dir / QUICKSAVE
        try:
            s.load(p)
        except (EngineError, OSError) as e:
            msg = f"load refused, game unchanged: {e}"
            self.say(msg, bad=True)
            self.popups.append(("Save not loaded", [str(e), "The running game is unchanged."]))
            return msg
        self.clear_selection()
        self.say(f"loaded {p}")
        return f"loaded {p}"

    def report(self, out_dir: str | Path | None = None) -> str:
        s = self.session
        if s is None:
            return "no game"
        from engine.ui.aar import write_report
        try:
            path = write_report(s, Path(out_dir) if out_dir else self.save_dir / "aar", self.style)
        except (EngineError, OSError) as e:
            self.say(f"report failed: {e}", bad=True)
            return f"report failed: {e}"
        self.say(f"after-action report: {path}")
        return f"after-action report written: {path}"

    def _console_command(self, word: str, arg: str) -> str:
        if word == "save":
            return self.save(arg or None)
        if word == "load":
            return self.load(arg or None)
        if word == "aar":
            return self.report(arg or None)
        if word == "view":
            self.god_view = not self.god_view
            if self.session is not None:
                self.session.ui_log.append(f"T{self.session.turn} facilitator view {'on' if self.god_view else 'off'}")
            return f"facilitator view (all units) {'on' if self.god_view else 'off'}"
        return f"unknown command {word}"

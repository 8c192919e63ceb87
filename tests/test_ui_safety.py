"""Nothing lost, nothing crashes at the table: bad loads, bad console commands and bad paths, scripted.

Every step checks the running game by state hash (issue 12, seminar table).
"""

from __future__ import annotations

import hashlib
import json
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402

from engine.ui import autosave as auto  # noqa: E402
from engine.ui.app import App  # noqa: E402
from engine.ui.session import Session  # noqa: E402
from uidriver import (  # noqa: E402
    answer_yes, dismiss, ev, headless_hash, key, shared_synthetic_game, synthetic_app, type_console, wait,
)

game = shared_synthetic_game
new_app = synthetic_app


def end_phases(app: App, n: int) -> None:
    for _ in range(n):
        dismiss(app)
        app.end_phase()
    dismiss(app)


def forged_save(path: Path, app: App, actions: list) -> None:
    """A save whose checksum is right but whose orders are not strings (as a hostile user would make it)."""
    from engine.core.save import _canonical, save_dict
    body = save_dict(app.session.state)
    body.pop("checksum")
    body["actions"] = actions
    body["checksum"] = hashlib.sha256(_canonical(body).encode("utf-8")).hexdigest()
    path.write_text(json.dumps(body), encoding="utf-8")


def test_bad_loads_console_commands_and_paths_keep_the_game(tmp_path: Path) -> None:
    app = new_app(tmp_path)
    s = app.session
    end_phases(app, 2)  # some orders, not saved: every load below asks first
    h = s.state_hash()
    quick = tmp_path / "quicksave.json"
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100000, encoding="utf-8")
    nonstr = tmp_path / "nonstr.json"
    forged_save(nonstr, app, [None, 5, ["end"]])
    for content in ("{not json", "[" * 100000, '{"format": "eastflank-save", "version": 1'):
        quick.write_text(content, encoding="utf-8")
        key(app, pygame.K_F9)  # F9 on a corrupt quicksave
        assert app.confirm is not None and app.confirm.yes == "Load"
        wait(app, 0.7)  # read first: Enter at once is not an answer
        key(app, pygame.K_RETURN)
        assert app.running and s.state_hash() == h and app.popups, content[:20]
        dismiss(app)
        app.draw()
    forged_save(quick, app, [None])
    key(app, pygame.K_F9)
    wait(app, 0.7)
    key(app, pygame.K_RETURN)
    assert app.running and s.state_hash() == h and app.popups
    dismiss(app)
    # console: load of a deep or non-string file, then confirm in the window
    for bad in (deep, nonstr, tmp_path / "missing.json", tmp_path):
        type_console(app, f"load {bad}")
        if app.confirm is not None:
            wait(app, 0.7)
            key(app, pygame.K_RETURN)
        assert app.running and s.state_hash() == h, bad
        assert app.popups, f"a pop-up says why {bad} was not loaded"
        dismiss(app)
        app.draw()
    # console: bad save paths; a FIFO, a symlink and a directory are never replaced
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    target = tmp_path / "target.txt"
    target.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    (tmp_path / "adir").mkdir()
    for bad in (".", "/", str(tmp_path / "adir"), str(fifo), str(link), str(tmp_path / "adir") + "/"):
        type_console(app, f"save {bad}")
        assert "refused" in app.console.output[-1], (bad, app.console.output[-1])
        assert app.running and s.state_hash() == h
    assert target.read_text(encoding="utf-8") == "keep me" and link.is_symlink()
    assert Path(fifo).is_fifo() and (tmp_path / "adir").is_dir()
    # bad console commands
    roots_before = sorted(p.name for p in Path("/").glob("aar-*"))
    for line in ("attack", "move nowhere 1,2", "option nope", "place", "track", "save", "aar " + str(target), "zzz",
                 "aar /", f"aar {link}"):
        type_console(app, line)
        if app.console.pending is not None:
            type_console(app, "testing a bad override")
        assert app.running and s.state_hash() == h, line
    assert sorted(p.name for p in Path("/").glob("aar-*")) == roots_before  # 'aar /' wrote nothing into /
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_ESCAPE)
    app.draw()
    assert s.state_hash() == h == headless_hash(app)


def test_guard_keeps_the_game_and_writes_a_crash_save(tmp_path: Path, monkeypatch) -> None:
    app = new_app(tmp_path)
    s = app.session
    end_phases(app, 1)
    h = s.state_hash()

    def broken(self, action):  # a rule that fails half-way through an order
        self.turn += 5
        raise RuntimeError("rule bug")

    monkeypatch.setattr(type(s.state), "apply_action", broken)
    key(app, pygame.K_RETURN)  # end phase -> the broken rule
    answer_yes(app)
    monkeypatch.undo()
    assert app.running and s.state_hash() == h  # the half-applied order was rolled back
    assert app.popups and "RuntimeError: rule bug" in app.popups[-1][1][0]
    crash = [p for p in auto.saves_in(app.game_dir) if "crash" in p.name]
    assert crash, "a crash save is written"
    assert "rule bug" in (tmp_path / "crash.log").read_text()
    dismiss(app)
    # a bug in the drawing code shows a pop-up instead of closing the window
    monkeypatch.setattr(App, "_draw_units", lambda self: 1 / 0)
    app.draw()
    assert app.popups and "ZeroDivisionError" in app.popups[-1][1][0]
    n_saves, log_size = len(auto.saves_in(app.game_dir)), (tmp_path / "crash.log").stat().st_size
    for _ in range(5):  # the same error every frame: one pop-up, one save, one log entry
        app.draw()
    assert len(app.popups) == 1 and len(auto.saves_in(app.game_dir)) == n_saves
    assert (tmp_path / "crash.log").stat().st_size == log_size
    monkeypatch.undo()
    dismiss(app)
    app.draw()
    assert s.state_hash() == h == headless_hash(app)


def test_autosave_every_phase_keeps_last_ten_and_a_new_table_offers_resume(tmp_path: Path) -> None:
    app = new_app(tmp_path)
    s = app.session
    end_phases(app, 14)
    files = auto.saves_in(app.game_dir)
    assert len(files) == auto.KEEP
    assert files[-1].name.startswith(f"00014-T{s.turn:02d}-{s.phase}")  # one per phase ended, newest last
    assert files[0].name.startswith("00005-")
    h = s.state_hash()
    # q asks; Esc keeps playing; q then Enter autosaves and quits
    key(app, pygame.K_q)
    assert app.confirm is not None and app.running
    key(app, pygame.K_ESCAPE)
    assert app.confirm is None and app.running
    ev(app, pygame.QUIT)  # closing the window asks too
    assert app.confirm is not None and app.running
    key(app, pygame.K_RETURN)  # too soon after the question for a key
    assert app.running
    answer_yes(app)
    assert not app.running
    assert "quit" in auto.saves_in(app.game_dir)[-1].name
    # a new table offers to resume; yes gives the same position
    app2 = new_app(tmp_path)
    assert app2.offer_resume()
    assert app2.confirm is not None and app2.confirm.title == "Resume the last game?"
    key(app2, pygame.K_RETURN)
    assert app2.session.state_hash() == h
    assert app2.game_dir == app.game_dir  # and keeps saving into the same game folder
    # "New game" starts from turn 1
    app3 = new_app(tmp_path)
    h0 = app3.session.state_hash()
    assert app3.offer_resume()
    app3.draw()
    label = app3.confirm.no_label
    r = next(r for r, lab in app3.popup_buttons if lab == label)
    ev(app3, pygame.MOUSEBUTTONUP, pos=r.center, button=1)
    assert app3.confirm is None and app3.session.state_hash() == h0


def test_load_asks_only_when_orders_are_unsaved(tmp_path: Path) -> None:
    app = new_app(tmp_path)
    s = app.session
    end_phases(app, 2)
    key(app, pygame.K_F5)
    saved = s.state_hash()
    key(app, pygame.K_F9)  # nothing unsaved: loads at once
    assert app.confirm is None and s.state_hash() == saved
    end_phases(app, 1)
    key(app, pygame.K_F9)
    assert app.confirm is not None
    key(app, pygame.K_ESCAPE)  # no: the orders stay
    assert s.state_hash() != saved


def test_report_history_is_complete_after_a_load(tmp_path: Path) -> None:
    app = new_app(tmp_path)
    s = app.session
    end_phases(app, 17)  # into turn 4
    assert s.turn == 4
    live = [(x["turn"], x["tracks"], x["steps_lost"]) for x in s.snapshots]
    hist = list(s.history)
    key(app, pygame.K_F5)
    g = game()
    s2 = Session(g, g.new_initial_state(0), "<synthetic>", 0)
    s2.load(tmp_path / "quicksave.json")
    assert [x["turn"] for x in s2.snapshots] == [0, 1, 2, 3]  # the start, then the end of turns 1-3
    assert [(x["turn"], x["tracks"], x["steps_lost"]) for x in s2.snapshots] == live
    assert s2.history == hist and s2.seed == 3
    md = Path(App(g.map, s2, (1280, 800), save_dir=tmp_path).report(tmp_path / "aar").split(": ", 1)[1]).read_text()
    assert all(f"\n| {t} |" in md for t in ("start", 1, 2, 3))


def test_resume_asks_over_a_blank_screen_and_falls_back_past_a_damaged_autosave(tmp_path: Path) -> None:
    """Hostile: the newest autosave is corrupt. Resume loads the newest one that loads (and says so), and the
    question is asked over a blank screen: no side's units show before the hand-over."""
    app = new_app(tmp_path)
    s = app.session
    end_phases(app, 3)
    h3 = s.state_hash()
    end_phases(app, 1)
    files = auto.saves_in(app.game_dir)
    files[-1].write_bytes(b'{"format": 1, "actions": [')  # the newest autosave cut short
    app.folder_claim.release()  # the first table is closed (its process ends)
    app2 = new_app(tmp_path)
    drawn: list[str] = []
    app2._draw_units = lambda: drawn.append("units")  # type: ignore[method-assign]
    assert app2.offer_resume() and app2.confirm.hides_map
    app2.draw()
    assert drawn == [] and app2.popup_buttons  # the question, and nothing of the map
    answer_yes(app2)
    assert app2.session.state_hash() == h3  # the autosave before the damaged one
    assert app2.popups and app2.popups[0][0] == "Resumed from an older autosave"
    assert files[-1].name in " ".join(app2.popups[0][1])
    # every autosave damaged: a new game from turn 1, with a pop-up saying why
    for f in auto.saves_in(app.game_dir):
        f.write_bytes(b"\x00garbage")
    app3 = new_app(tmp_path)
    h0 = app3.session.state_hash()
    assert app3.offer_resume()
    answer_yes(app3)
    assert app3.session.state_hash() == h0 and app3.running
    assert app3.popups[-1][0] == "Last game not resumed"


def test_quit_does_not_close_on_a_failed_autosave(tmp_path: Path, monkeypatch) -> None:
    """Hostile: the autosave folder fails (full disk). The failure is a pop-up (once), and quit asks again
    instead of closing on an unsaved game; only 'Quit without saving' closes."""
    app = new_app(tmp_path)

    def full(*a, **k):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(auto, "autosave", full)
    app.end_phase()
    assert [t for t, _ in app.popups if t.startswith("Autosave")] == ["Autosave failed"]
    app.popups.clear()
    app.end_phase()
    assert [t for t, _ in app.popups if t.startswith("Autosave")] == []  # the same failure: no second pop-up
    dismiss(app)  # the hand-over and the phase's pop-ups
    key(app, pygame.K_q)
    answer_yes(app)
    assert app.running and app.confirm is not None and app.confirm.title == "Autosave failed: quit anyway?"
    key(app, pygame.K_ESCAPE)
    assert app.running and app.confirm is None  # cancel: the game stays
    key(app, pygame.K_q)
    answer_yes(app)
    answer_yes(app)  # "Quit without saving"
    assert not app.running


@pytest.mark.parametrize("size", [(2, 2), (50, 50), (200, 120), (640, 150), (150, 640), (600, 380), (700, 480)])
def test_any_window_size_draws_without_an_error(tmp_path: Path, size) -> None:
    """Hostile: a window dragged small. Console, report, legend, pop-ups, hand-over: every frame draws
    (a console 150 px high raised 'Invalid resolution for Surface' every frame, each one a crash save)."""
    app = App(game().map, Session(game(), game().new_initial_state(3), "<synthetic>", 3), size, save_dir=tmp_path)
    down = dict(mod=0, unicode="", scancode=0)
    app.draw()
    app.console.open = True
    app.draw()
    app.console.open = False
    app.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F10, **down))  # the report view
    assert app.report_view is not None
    app.draw()
    app.report_view = None
    app.show_legend = app.show_score = True
    app.popups.append(("A pop-up", ["with a line"]))
    app.draw()
    app.popups.clear()
    app.handover_to = "blue"
    app.draw()
    app.handle(pygame.event.Event(pygame.MOUSEMOTION, pos=(1, 1), rel=(0, 0), buttons=(0, 0, 0)))
    assert app.crashes == 0
    assert not (tmp_path / "crash.log").exists()


def test_crash_saves_never_push_out_the_phase_autosaves(tmp_path: Path) -> None:
    """Ten different errors in a row write at most KEEP_CRASH crash saves; the phase autosaves stay."""
    app = new_app(tmp_path)
    end_phases(app, 4)
    phase_saves = auto.saves_in(app.game_dir)
    assert len(phase_saves) == 4
    for i in range(10):
        app.crash(RuntimeError(f"error {i}"), "testing")
    files = auto.saves_in(app.game_dir)
    assert [f for f in files if not f.stem.endswith("-crash")] == phase_saves
    assert len([f for f in files if f.stem.endswith("-crash")]) == auto.KEEP_CRASH

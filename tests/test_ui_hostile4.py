"""The seminar table, fourth hostile round: a load that a held or quick Enter could answer unread.

F9 (load) over unsaved orders asks first, but the question had no delay: F9 then Enter at once, or an
Enter still held from the last screen, replaced the running game before anyone read what it would drop.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402

from engine.core.actions import Move  # noqa: E402
from engine.ui import autosave as auto  # noqa: E402
from uidriver import HandClock, dismiss, key, synthetic_app, to_phase, type_console  # noqa: E402


def test_enter_right_after_f9_never_loads_over_unsaved_orders(tmp_path: Path) -> None:
    app = synthetic_app(tmp_path)
    app.now = HandClock()
    s = app.session
    to_phase(app, "movement", "red")
    app.save()
    saved = len(s.state.history)
    assert app.do(next(a for a in s.legal_actions() if isinstance(a, Move)))
    app.now.t += 5
    key(app, pygame.K_F9)
    assert app.confirm is not None and app.confirm.title.startswith("Load")
    for _ in range(10):  # F9 then Enter at once, and mashed on: never an answer
        key(app, pygame.K_RETURN)
        app.now.t += 0.1
        assert app.confirm is not None and len(s.state.history) == saved + 1
    app.now.t += 1.0
    key(app, pygame.K_RETURN)  # a pause, then Enter: the load goes ahead
    assert app.confirm is None and len(s.state.history) == saved and app.crashes == 0


def test_the_facilitator_stops_the_game_when_the_seminars_time_is_up(tmp_path: Path) -> None:
    """There was no override to end a game early: a facilitator out of time could only end phase after phase
    to the last turn. ``stop`` (with its reason) ends it now, scored as at its last turn; the report follows
    and the seated team cannot take it back (only the console's undo can)."""
    app = synthetic_app(tmp_path)
    app.now = HandClock()
    s = app.session
    to_phase(app, "movement", "red")
    type_console(app, "stop")
    assert app.console.pending == "stop" and not s.is_over()  # asks for the reason first
    type_console(app, "time is up")
    assert s.is_over() and "stopped by the facilitator" in s.state.outcome().reason
    assert app.crashes == 0 and app.running
    key(app, pygame.K_u)  # the seated team's U never undoes an override
    assert s.is_over()
    type_console(app, "undo")
    type_console(app, "changed our mind")
    assert not s.is_over() and s.side_to_act() == "red"


def test_two_tables_resuming_one_game_never_delete_each_others_autosaves(tmp_path: Path) -> None:
    """Two tables resumed the same autosaved game (``make play`` started twice): both saved into its folder,
    their running numbers collided and each one's clean-up deleted the other's autosaves. The first table
    holds the folder; the second goes on in a new folder of its own, and says so."""
    first = synthetic_app(tmp_path)
    first.end_phase(confirmed=True)
    folder = first.game_dir
    assert folder is not None and auto.saves_in(folder)
    second = synthetic_app(tmp_path, seed=3)
    assert second.resume(auto.last_game(tmp_path, second.session.scenario.id)) is not None
    assert second.game_dir != folder and any(t == "This game is open at another table" for t, _ in second.popups)
    mine = set(auto.saves_in(folder))
    for _ in range(15):  # more autosaves than a folder keeps: the second table's clean-up runs every time
        dismiss(second)
        second.end_phase(confirmed=True)
    assert second.game_dir is not None and second.game_dir != folder
    assert mine <= set(auto.saves_in(folder))  # the first table's saves are all there
    first.folder_claim.release()  # the first table closes: its folder is free again
    third = synthetic_app(tmp_path, seed=3)
    assert third.use_folder(folder)


def test_a_full_disk_says_so_once_not_at_every_phase(tmp_path: Path, monkeypatch) -> None:
    """Each failed autosave names its own new file, so the pop-up 'Autosave failed' came back at every phase
    of a game on a full disk, over the map. The same failure (its kind and the system's words) now shows once;
    the status line still says it each time, and a new kind of failure shows again."""
    app = synthetic_app(tmp_path)
    app.now = HandClock()
    calls = []

    def full(session, game_dir, turn, phase, side, tag="", keep=auto.KEEP):
        calls.append(phase)
        raise OSError(28, "No space left on device", str(game_dir / f"{len(calls):05d}-{phase}.json"))
    monkeypatch.setattr(auto, "autosave", full)
    for _ in range(6):
        app.end_phase(confirmed=True)
        app.handover_to = None
    assert len(calls) >= 6
    assert [t for t, _ in app.popups].count("Autosave failed") == 1
    assert "No space left on device" in app.status

    def denied(session, game_dir, turn, phase, side, tag="", keep=auto.KEEP):
        raise PermissionError(13, "Permission denied", str(game_dir / "x.json"))
    monkeypatch.setattr(auto, "autosave", denied)
    app.end_phase(confirmed=True)
    assert [t for t, _ in app.popups].count("Autosave failed") == 2


def test_a_window_too_small_to_show_the_console_takes_no_typing(tmp_path: Path) -> None:
    """With the window shrunk below the table's size nothing of it is drawn, yet an open console took the
    letters typed and Enter ran the line unseen (a facilitator's override given blind). It takes none now;
    at a size that shows it, typing goes on as before."""
    app = synthetic_app(tmp_path)
    app.now = HandClock()
    s = app.session
    to_phase(app, "movement", "red")
    key(app, pygame.K_F1)
    assert app.console.open
    app.too_small = True  # as the last frame drew it in a 320x200 window
    tension = s.state.tracks["tension"]
    for line in ("track tension 90", "blind"):
        for ch in line:
            app.handle(pygame.event.Event(pygame.TEXTINPUT, text=ch))
        key(app, pygame.K_RETURN)
    assert app.console.line == "" and app.console.pending is None and s.state.tracks["tension"] == tension
    app.too_small = False
    type_console(app, "track tension 90")
    assert app.console.pending == "track tension 90"

"""Hostile and clumsy seminar rooms at the table (round 3): mashing, undo at its edges, autosaves.

Each test reproduces one defect found by attacking the table with synthetic events (the
synthetic theatre, or the default scenario under fog of war); each failed before its fix.
"""

from __future__ import annotations

import datetime as _dt
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path  # noqa: E402

import pygame  # noqa: E402

from engine.core.actions import Move  # noqa: E402
from engine.ui import autosave as auto  # noqa: E402
from engine.ui.app import App  # noqa: E402
from engine.ui.inputs import HANDOVER_DELAY  # noqa: E402
from engine.ui.session import Session  # noqa: E402
from uidriver import (  # noqa: E402
    HandClock, answer_yes, click, click_hex, dismiss, ev, headless_hash, key, shared_synthetic_game, synthetic_app,
    to_phase, type_console,
)

game = shared_synthetic_game


def new_app(save_dir: Path, seed: int = 3) -> App:
    app = synthetic_app(save_dir, seed)
    app.now = HandClock()
    return app


def move_by_clicks(app: App) -> None:
    """The side at the table moves one unit with two clicks: on the unit, then on a hex it can reach."""
    s = app.session
    side = s.side_to_act()
    for uid in sorted(u for u, x in s.state.units.items() if x.side == side):
        if not any(isinstance(a, Move) and a.unit == uid for a in s.legal_actions()):
            continue
        n = len(s.state.history)
        click_hex(app, s.state.unit_hex(uid))
        if app.selected != uid or not app.reach:
            continue
        target = next(h for h, a in sorted(app.reach.items()) if isinstance(a, Move))
        click_hex(app, target)
        if len(s.state.history) == n + 1:
            dismiss(app)
            return
    raise AssertionError("no unit could be moved by clicks")


# --- undo ---------------------------------------------------------------------------------------------------

def test_the_seated_side_cannot_undo_a_facilitator_override(tmp_path: Path) -> None:
    """The facilitator sets a track with a reason; the team at the table pressed U and took the ruling back
    (unasked, no reason). The override is the facilitator's: only the console undoes it, also after a load."""
    app = new_app(tmp_path)
    s = app.session
    to_phase(app, "movement", "red")
    move_by_clicks(app)
    type_console(app, "track tension 90")
    type_console(app, "white cell inject")
    key(app, pygame.K_ESCAPE)
    assert s.state.tracks["tension"] == 90 and not app.console.open
    h = s.state_hash()
    key(app, pygame.K_u)
    assert s.state_hash() == h and "facilitator" in app.status
    app.draw()
    assert not any(b.id == "undo" and b.enabled for b in app.buttons)
    key(app, pygame.K_F5)  # after a save and load (the history is rebuilt by replay) the same
    app.load(tmp_path / "quicksave.json")
    dismiss(app)
    key(app, pygame.K_u)
    assert s.state_hash() == h
    type_console(app, "undo")  # the facilitator can
    type_console(app, "wrong value")
    assert s.state.tracks["tension"] != 90 and s.state.history[-1].startswith("move ")
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_u)  # and then the side's own move is its to take back
    assert not any(h_.startswith("move ") for h_ in s.state.history[-1:])
    assert headless_hash(app) == s.state_hash() and app.crashes == 0


def test_a_double_click_on_undo_takes_back_one_order(tmp_path: Path) -> None:
    """Undo has no redo: a habitual double click on the Undo button took back two orders."""
    app = new_app(tmp_path)
    s = app.session
    to_phase(app, "movement", "red")
    move_by_clicks(app)
    move_by_clicks(app)
    n = len(s.state.history)
    app.draw()
    undo = next(b for b in app.buttons if b.id == "undo").rect.center
    click(app, undo)
    app.now.t += 0.15
    click(app, undo)  # the double click's second
    app.now.t += 0.3
    click(app, undo)  # and a mashed third
    assert len(s.state.history) == n - 1
    app.now.t += 1.0
    click(app, undo)  # a deliberate click later takes back the next
    assert len(s.state.history) == n - 2


# --- mashing through a hand-over ---------------------------------------------------------------------------

def test_mashed_enter_never_passes_the_next_sides_hand_over(tmp_path: Path) -> None:
    """Red mashes Enter (fresh presses, 0.15 s apart) to end its phase: after the question's 0.6 s and the
    hand-over's 1 s it passed blue's hand-over, and red saw blue's map. A key early on a delayed screen now
    starts the delay again: mashing never passes; a pause, then Enter does."""
    app = new_app(tmp_path)
    s = app.session
    to_phase(app, "movement", "red")
    app.now.t += 5
    for _ in range(40):
        key(app, pygame.K_RETURN)
        app.draw()
        app.now.t += 0.15
        assert app.handover_to is not None or s.side_to_act() == "red"
    assert app.confirm is not None and s.side_to_act() == "red"  # the question is never answered by mashing
    app.now.t += 1.0
    key(app, pygame.K_RETURN)  # a pause, then Enter: red ends its phase
    assert app.handover_to == "blue"
    for _ in range(40):
        app.now.t += 0.15
        key(app, pygame.K_RETURN)
        assert app.handover_to == "blue"
    app.now.t += HANDOVER_DELAY + 0.1
    key(app, pygame.K_RETURN)
    assert app.handover_to is None and s.side_to_act() == "blue" and app.crashes == 0


def test_a_mashed_mouse_never_passes_the_next_sides_hand_over(tmp_path: Path) -> None:
    """The hand-over raised under the pointer ignored only the double click's second click; the next one,
    0.2 s later, passed it. Each fast click now goes on from the last."""
    app = new_app(tmp_path)
    s = app.session
    to_phase(app, "movement", "red")
    app.draw()
    spot = None
    click(app, next(b for b in app.buttons if b.id == "end").rect.center)
    app.draw()
    yes = next(r for r, lab in app.popup_buttons if lab != app.confirm.no_label)
    app.now.t += 0.6
    spot = (yes.centerx, yes.bottom - 2)
    click(app, spot)
    assert app.handover_to == "blue"
    app.draw()
    assert app.handover_button.collidepoint(spot)
    for _ in range(15):
        app.now.t += 0.2
        click(app, spot)
        assert app.handover_to == "blue"
    app.now.t += 1.0
    click(app, spot)
    assert app.handover_to is None and s.side_to_act() == "blue"


# --- autosaves -----------------------------------------------------------------------------------------------

def test_a_closed_window_loses_at_most_the_order_being_made(tmp_path: Path) -> None:
    """Autosaves were made only at the end of a phase (and on quit): the table killed mid-phase (power cut,
    crash of the machine) lost every order of that phase. Each order, and each undo, is autosaved now."""
    app = new_app(tmp_path)
    s = app.session
    to_phase(app, "movement", "red")
    move_by_clicks(app)
    move_by_clicks(app)
    h2 = s.state_hash()
    move_by_clicks(app)
    key(app, pygame.K_u)  # the third move is taken back: it never comes back on a resume
    assert s.state_hash() == h2
    app2 = new_app(tmp_path)  # the first table is gone without a word
    assert app2.offer_resume()
    answer_yes(app2)
    assert app2.session.state_hash() == h2 and app2.session.state.history == s.state.history
    assert len([f for f in auto.saves_in(app.game_dir) if f.stem.endswith("-order")]) <= auto.KEEP_ORDER


def test_two_tables_on_one_scenario_keep_their_own_autosaves(tmp_path: Path, monkeypatch) -> None:
    """Two tables opened in the same second on the same scenario and seed named the same game folder (only
    checked, not taken): they wrote into one folder and each deleted the other's autosaves."""
    class Frozen(_dt.datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[override]
            return cls(2024, 5, 1, 9, 30, 0)
    monkeypatch.setattr(auto._dt, "datetime", Frozen)
    a, b = new_app(tmp_path), new_app(tmp_path)
    key(a, pygame.K_q)  # table A asks to quit (it names its autosave folder), then goes on
    key(a, pygame.K_ESCAPE)
    for app in (b, a, b):
        dismiss(app)
        app.end_phase(confirmed=True)
    assert a.game_dir != b.game_dir
    for app in (a, b):
        newest = auto.saves_in(app.game_dir)[-1]
        g = game()
        other = Session(g, g.new_initial_state(3), "<synthetic>", 3)
        other.load(newest)
        assert other.state_hash() == app.session.state_hash()


def test_a_new_table_offers_only_a_game_of_its_own_scenario(tmp_path: Path) -> None:
    """The folder match was a prefix: opening 'X' offered to resume the newer game of variant 'X-war'
    (whose autosave then did not load, and the older game of X was never offered)."""
    app = new_app(tmp_path)
    app.end_phase(confirmed=True)
    dismiss(app)
    h = app.session.state_hash()
    mine = auto.saves_in(app.game_dir)[-1]
    sid = app.session.scenario.id
    other = tmp_path / auto.AUTOSAVE_DIR / f"{sid}-war-20991231-235959-s3"
    other.mkdir()
    (other / "00001-T01-decisions-red.json").write_text("{}", encoding="utf-8")
    os.utime(other / "00001-T01-decisions-red.json", (mine.stat().st_mtime + 60,) * 2)
    assert auto.last_game(tmp_path, sid) == mine
    app.folder_claim.release()  # the first table is closed (its process ends)
    app2 = new_app(tmp_path)
    assert app2.offer_resume()
    answer_yes(app2)
    assert app2.session.state_hash() == h and not app2.popups


# --- load -----------------------------------------------------------------------------------------------------

def fog_game():
    """The synthetic theatre under fog of war (a red tank starts next to a blue unit: a fight on turn 1)."""
    import attrs

    from engine.game.game import Game
    g = game()
    return Game(attrs.evolve(g.scenario, fog_of_war=True), g.map)


def test_a_load_leaves_the_last_positions_pop_ups_and_markers_behind(tmp_path: Path) -> None:
    """Red attacked; the facilitator then loaded a save made at blue's seat: after the hand-over blue read
    red's attack result (its units, the die) in the pop-up left on screen, and the fight's marker stayed on
    a map where that fight never happened."""
    from engine.core.actions import Attack
    g = fog_game()
    app = App(g.map, Session(g, g.new_initial_state(3), "<synthetic>", 3), (1280, 800), save_dir=tmp_path,
              initial_handover=True)
    app.now = HandClock()
    s = app.session
    to_phase(app, "movement", "blue")
    key(app, pygame.K_F5)
    saved = s.state_hash()
    to_phase(app, "combat", "red")
    assert app.do(next(a for a in s.legal_actions() if isinstance(a, Attack)))
    assert app.popups and app.popups[-1][0].startswith("Attack on") and app.markers
    type_console(app, "load")
    app.now.t += 1
    key(app, pygame.K_RETURN)  # yes: the orders since the save are dropped
    assert s.state_hash() == saved and app.handover_to == "blue"
    assert not app.popups and not app.markers
    app.now.t += 2
    key(app, pygame.K_RETURN)
    app.draw()
    assert app.viewer() == "blue" and app.confirm is None and not app.popups and app.crashes == 0


# --- the after-action report ------------------------------------------------------------------------------------

def test_a_report_of_thousands_of_events_is_wrapped_once_not_every_frame(tmp_path: Path, monkeypatch) -> None:
    """F10 after thousands of facilitator overrides (their notes are one long line): every frame wrapped the
    whole text again, a tenth of a second per frame or more, so scrolling and Close lagged. Wrapped once."""
    from engine.ui import reportview
    app = new_app(tmp_path)
    s = app.session
    dismiss(app)
    for i in range(1500):
        s.facilitator(f"track tension {i % 90}", "white cell: " + "\u0436\u00e9 " * (i % 40))
    key(app, pygame.K_F10)
    assert app.report_view is not None and sum(len(x) for x in app.report_view[0]) > 100_000
    app.draw()
    before = pygame.image.tostring(app.screen, "RGB")
    calls = []
    real = reportview.text.wrap
    monkeypatch.setattr(reportview.text, "wrap", lambda *a, **k: calls.append(1) or real(*a, **k))
    app.draw()
    assert calls == [] and pygame.image.tostring(app.screen, "RGB") == before
    for _ in range(50):  # scrolled to the end and back, all drawn
        ev(app, pygame.MOUSEWHEEL, x=0, y=-40, flipped=False, precise_x=0.0, precise_y=-40.0)
        app.draw()
    key(app, pygame.K_ESCAPE)
    assert app.report_view is None and app.crashes == 0


# --- three teams -------------------------------------------------------------------------------------------------

def three_side_game():
    """The synthetic theatre with a third side (green, between the two) under fog of war, and unit names
    long, unicode and without spaces (the scenarios shipped have two sides; the spec allows more)."""
    import attrs

    from engine.analysis import synthetic
    from engine.game.game import Game
    from engine.geo.hexgrid import from_offset
    from engine.scenario.model import Side, UnitSpec
    m = synthetic.theatre(24, 18, 1)
    sc = synthetic.scenario(m, 24, 18, 4, 4, 1)
    taken = {u.location for u in sc.units}
    spots = [h for h in (from_offset(12, r) for r in range(18)) if m.terrain.get(h) not in (None, "water")
             and h not in taken][:3]
    greens = tuple(UnitSpec(f"g{k}mech", "mech", "green", "UKR", "Ж\u0301漢字😀\u202e" * 120 + str(k), h,
                            "deployed", 3) for k, h in enumerate(spots))
    sc = attrs.evolve(sc, sides=sc.sides + (Side("green", "Ukraine", ("UKR",), "#2ecc40", ("UKR",)),),
                      initiative=("red", "blue", "green"), units=sc.units + greens, fog_of_war=True)
    return Game(attrs.evolve(sc, digest=synthetic._digest(sc)), m)


def test_three_teams_hand_over_in_turn_and_never_see_or_undo_each_other(tmp_path: Path) -> None:
    g = three_side_game()
    app = App(g.map, Session(g, g.new_initial_state(1), "<three>", 1), (1280, 800), save_dir=tmp_path,
              initial_handover=True)
    app.now = HandClock()
    app.briefing_open = False
    s = app.session
    seats = []
    for _ in range(200):
        if s.is_over():
            break
        side = s.side_to_act()
        assert app.handover_to == side  # every seat change is covered by its hand-over
        app.now.t += 2
        key(app, pygame.K_RETURN)
        app.draw()
        dismiss(app)
        app.draw()
        v = app.viewer()
        assert v == side and set(app.drawn_unit_ids) <= s.visible_ids(v)
        h, last = s.state_hash(), s.history[-1][2] if s.history else None
        key(app, pygame.K_u)  # nothing of another team's (or the facilitator's) is taken back
        assert s.state_hash() == h or last == side
        if s.state_hash() != h:
            app.end_phase(confirmed=True)  # its own end of the last phase, taken back: again
            dismiss(app)
        seats.append(side)
        if s.phase == "movement" and any(isinstance(a, Move) for a in s.legal_actions()):
            move_by_clicks(app)
        app.now.t += 2
        app.end_phase(confirmed=True)
        if not s.is_over() and s.side_to_act() == side:
            app.handover_to = side  # the same team again: nothing to cover, the loop's check expects a screen
    assert s.is_over() and {"red", "blue", "green"} <= set(seats)
    dismiss(app)
    key(app, pygame.K_F10)
    app.draw()
    assert app.report_view is not None and app.crashes == 0
    key(app, pygame.K_ESCAPE)
    app2 = App(g.map, Session(g, g.new_initial_state(1), "<three>", 1), (1280, 800), save_dir=tmp_path)
    assert app2.offer_resume()
    answer_yes(app2)
    assert app2.session.state_hash() == s.state_hash() == headless_hash(app)

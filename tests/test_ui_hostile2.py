"""Hostile participants and a careless facilitator at the seminar table (round 2).

Each test reproduces one defect found by attacking the table with synthetic
events on the default scenario (fog of war on): it failed before its fix.
"""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from engine.core.actions import Move  # noqa: E402
from engine.game.game import DEFAULT_SCENARIO  # noqa: E402
from engine.ui.app import App  # noqa: E402
from engine.ui.session import Session  # noqa: E402
from uidriver import (  # noqa: E402
    HandClock, click, default_game, dismiss, ev, headless_hash, key, to_phase, type_console,
)

_game = default_game


Clock = HandClock


def new_app(save_dir: Path) -> App:
    g = _game()
    app = App(g.map, Session(g, g.new_initial_state(0), str(DEFAULT_SCENARIO), 0), (1280, 800),
              save_dir=save_dir, initial_handover=True)
    app.now = Clock()
    app.briefing_open = False
    return app


@pytest.fixture()
def app(tmp_path: Path) -> App:
    return new_app(tmp_path)


def hidden_from(s: Session, side: str) -> set[str]:
    return {u for u, x in s.state.units.items() if x.side != side} - s.visible_ids(side)


def end_until(app: App, side: str) -> None:
    for _ in range(20):
        dismiss(app)
        if app.session.side_to_act() == side:
            return
        app.end_phase(confirmed=True)
    raise AssertionError("side never came")


def test_an_undone_order_is_not_shown_to_the_other_side(app: App) -> None:
    """Red moves a unit blue cannot see, takes it back, ends: blue's log said '[table] undo: move <it> A -> B'."""
    s = app.session
    to_phase(app, "movement", "red")
    mv = next(a for a in s.legal_actions() if isinstance(a, Move) and a.unit in hidden_from(s, "blue"))
    assert app.do(mv)
    key(app, pygame.K_u)
    assert s.state.history[-1] != s.order_text(mv)
    assert any("undo" in ln for ln in app._log_lines())  # red reads its own undo
    end_until(app, "blue")
    app.draw()
    assert app.viewer() == "blue"
    blue_log = app._log_lines()
    assert not any("undo" in ln for ln in blue_log), blue_log[-3:]
    assert not any(s.name_of(mv.unit) in ln or mv.unit in ln for ln in blue_log)
    app.god_view = True  # the facilitator still reads it
    assert any("undo" in ln for ln in app._log_lines())


def test_a_facilitator_note_naming_a_hidden_unit_is_not_shown(app: App) -> None:
    s = app.session
    to_phase(app, "movement", "blue")
    secret = sorted(hidden_from(s, "blue"))[0]
    s.ui_log.append(f"T{s.turn} facilitator: remove {secret} (reason: test)")
    assert not any(secret in ln or s.name_of(secret) in ln for ln in app._log_lines())


def test_a_double_click_on_end_phase_does_not_pass_the_next_sides_hand_over(app: App) -> None:
    """The second click of a double click on the 'End phase' question landed on blue's hand-over button
    (raised under the pointer by the first click) and showed blue's map to red."""
    s = app.session
    to_phase(app, "movement", "red")
    app.draw()
    end = next(b for b in app.buttons if b.id == "end")
    click(app, end.rect.center)
    app.draw()
    assert app.confirm is not None
    yes = next(r for r, lab in app.popup_buttons if lab != app.confirm.no_label)
    spot = None
    click(app, (yes.centerx, yes.bottom - 2))
    assert app.handover_to == "blue" and s.side_to_act() == "blue"
    app.draw()
    spot = (yes.centerx, yes.bottom - 2)
    assert app.handover_button.collidepoint(spot)
    app.now.t += 0.2
    click(app, spot)  # the double click's second click
    assert app.handover_to == "blue"
    app.now.t += 1.0
    click(app, spot)  # a deliberate click later passes
    assert app.handover_to is None


def test_the_console_is_closed_and_cleared_at_a_hand_over(app: App) -> None:
    """The console stayed open through a mouse-ended phase: blue found red's console output on screen, and
    Enter at the hand-over went into the console."""
    s = app.session
    to_phase(app, "movement", "red")
    mv = next(a for a in s.legal_actions() if isinstance(a, Move) and a.unit in hidden_from(s, "blue"))
    type_console(app, s.order_text(mv))
    assert app.console.open and any(mv.unit in ln for ln in app.console.output)
    app.draw()
    end = next(b for b in app.buttons if b.id == "end")
    click(app, end.rect.center)  # the mouse passes the open console
    dismiss(app)
    assert s.side_to_act() == "blue" and app.handover_to is None
    app.draw()
    assert not app.console.open
    key(app, pygame.K_F1)
    assert not any(mv.unit in ln for ln in app.console.output)


def test_a_click_after_a_drag_is_not_lost(app: App) -> None:
    """After dragging the map, the first click on a side-panel button was taken for the end of the drag."""
    dismiss(app)
    app.draw()
    ev(app, pygame.MOUSEBUTTONDOWN, pos=(300, 300), button=1)
    ev(app, pygame.MOUSEMOTION, pos=(360, 330), rel=(60, 30), buttons=(1, 0, 0))
    ev(app, pygame.MOUSEBUTTONUP, pos=(360, 330), button=1)
    app.draw()
    legend = next(b for b in app.buttons if b.id == "legend")
    click(app, legend.rect.center)
    assert app.show_legend


def test_ctrl_s_saves_and_does_not_pan(app: App, tmp_path: Path) -> None:
    dismiss(app)
    app.end_phase(confirmed=True)
    dismiss(app)
    cam = (app.camera.cx, app.camera.cy)
    key(app, pygame.K_s, mod=pygame.KMOD_CTRL)
    assert (tmp_path / "quicksave.json").exists()
    assert (app.camera.cx, app.camera.cy) == cam and app.unsaved_orders() == 0


def test_a_phase_ended_from_the_console_leaves_no_status_for_the_next_side_and_is_autosaved(app: App) -> None:
    """Red selects a hidden unit, the facilitator types 'end': blue's status line named red's unit and its reach,
    and the new phase was not autosaved."""
    s = app.session
    to_phase(app, "movement", "red")
    uid = next(a.unit for a in s.legal_actions() if isinstance(a, Move) and a.unit in hidden_from(s, "blue"))
    app.select(uid)
    assert s.name_of(uid) in app.status
    type_console(app, "end")
    assert app.handover_to == "blue"
    dismiss(app)
    app.draw()
    assert app.viewer() == "blue" and app.selected is None and not app.reach
    assert s.name_of(uid) not in app.status and uid not in app.status
    saves = sorted(p.name for p in (app.save_dir / "autosave").rglob("*.json"))
    assert saves[-1].endswith("-movement-blue.json"), saves[-2:]
    assert headless_hash(app) == s.state_hash()


def test_f10_then_enter_does_not_show_the_report_under_fog(app: App) -> None:
    """F10 pressed by mistake, then Enter to end the phase, showed both sides' report to the side at the table."""
    s = app.session
    dismiss(app)
    h = s.state_hash()
    key(app, pygame.K_F10)
    assert app.confirm is not None and app.report_view is None
    app.now.t += 5
    key(app, pygame.K_RETURN)
    assert app.report_view is None and s.state_hash() == h
    key(app, pygame.K_ESCAPE)
    assert app.confirm is None
    key(app, pygame.K_F10)
    app.draw()
    show = next(r for r, lab in app.popup_buttons if lab == "Show")
    click(app, show.center)  # the facilitator clicks: shown
    assert app.report_view is not None


def test_a_too_small_window_takes_no_blind_orders(app: App) -> None:
    """With only 'Window too small' on screen, Enter ended the phase and passed the next hand-over unseen."""
    s = app.session
    dismiss(app)
    h, side = s.state_hash(), s.side_to_act()
    try:
        pygame.display.set_mode((420, 300), pygame.RESIZABLE)
        ev(app, pygame.VIDEORESIZE, size=(420, 300), w=420, h=300)
        app.draw()
        app.now.t += 5
        for k in (pygame.K_RETURN, pygame.K_e, pygame.K_RETURN):
            key(app, k)
        click(app, (200, 150))
        assert s.state_hash() == h and s.side_to_act() == side and app.confirm is None
        pygame.display.set_mode((1280, 800), pygame.RESIZABLE)
        ev(app, pygame.VIDEORESIZE, size=(1280, 800), w=1280, h=800)
        app.draw()
        app.end_phase(confirmed=True)
        assert app.handover_to is not None and app.crashes == 0
    finally:
        pygame.display.set_mode((1280, 800), pygame.RESIZABLE)


@pytest.mark.parametrize("screen", ["briefing", "handover"])
def test_closing_the_window_on_a_covering_screen_asks_there(app: App, screen: str) -> None:
    """Closing the window on the briefing or hand-over screen asked nothing visible; Enter then passed that
    screen, and the quit question came up over the incoming side's map."""
    if screen == "briefing":
        app.briefing_open = True
    assert app.handover_to == "red"
    app.draw()
    ev(app, pygame.QUIT)
    app.draw()
    assert app.confirm is not None and sorted(lab for _, lab in app.popup_buttons) == ["Cancel", "Quit"]
    app.now.t += 2
    key(app, pygame.K_ESCAPE)  # not now: the screen is still there
    assert app.confirm is None and app.running and app.handover_to == "red"
    assert app.briefing_open == (screen == "briefing")
    ev(app, pygame.QUIT)
    app.now.t += 2
    key(app, pygame.K_RETURN)
    assert not app.running and app.handover_to == "red"


# --- a stream of hostile input: after every event no crash, nothing hidden drawn; at the end the headless hash ---
_KEYS = [pygame.K_RETURN, pygame.K_e, pygame.K_u, pygame.K_z, pygame.K_F5, pygame.K_F9, pygame.K_F10, pygame.K_TAB,
         pygame.K_r, pygame.K_c, pygame.K_l, pygame.K_v, pygame.K_b, pygame.K_1, pygame.K_2, pygame.K_ESCAPE,
         pygame.K_LEFTBRACKET, pygame.K_RIGHTBRACKET, pygame.K_SPACE, pygame.K_s, pygame.K_F1, pygame.K_MINUS]
_LINES = ["end", "undo", "help", "save", "load", "close", "track tension 5", "bogus 99999999999999999999", ""]
_PT = st.tuples(st.integers(0, 1279), st.integers(0, 799))
_EVENTS = st.one_of(
    st.tuples(st.just("key"), st.sampled_from(_KEYS), st.sampled_from([0, 0, pygame.KMOD_CTRL])),
    st.tuples(st.just("click"), _PT, st.sampled_from([1, 1, 3])),
    st.tuples(st.just("double"), _PT),
    st.tuples(st.just("wheel"), _PT, st.sampled_from([-1, 1])),
    st.tuples(st.just("drag"), _PT, _PT),
    st.tuples(st.just("wait"), st.sampled_from([0.2, 1.5])),
    st.tuples(st.just("console"), st.sampled_from(_LINES)),
    st.tuples(st.just("pass")), st.tuples(st.just("order"), st.integers(0, 30)),
)


def _play(app: App, e: tuple) -> None:
    k = e[0]
    if k == "key":
        key(app, e[1], mod=e[2])
    elif k == "click":
        ev(app, pygame.MOUSEMOTION, pos=e[1], rel=(0, 0), buttons=(0, 0, 0))
        click(app, e[1], e[2])
    elif k == "double":
        click(app, e[1])
        app.draw()
        app.now.t += 0.15
        click(app, e[1])
    elif k == "wheel":
        ev(app, pygame.MOUSEMOTION, pos=e[1], rel=(0, 0), buttons=(0, 0, 0))
        ev(app, pygame.MOUSEWHEEL, x=0, y=e[2], flipped=False, precise_x=0.0, precise_y=float(e[2]))
    elif k == "drag":
        ev(app, pygame.MOUSEBUTTONDOWN, pos=e[1], button=1)
        ev(app, pygame.MOUSEMOTION, pos=e[2], rel=(e[2][0] - e[1][0], e[2][1] - e[1][1]), buttons=(1, 0, 0))
        ev(app, pygame.MOUSEBUTTONUP, pos=e[2], button=1)
    elif k == "wait":
        app.now.t += e[1]
    elif k == "console":
        type_console(app, e[1])
        if app.console.pending is not None:
            type_console(app, "a reason")
        if app.console.open:
            key(app, pygame.K_ESCAPE)
    elif k == "pass":
        app.briefing_open = False
        dismiss(app)
        app.now.t += 1.1
        key(app, pygame.K_RETURN)
    elif k == "order":
        b = [x for x in app.buttons if x.id.startswith("order:")]
        if b:
            click(app, b[e[1] % len(b)].rect.center)


@settings(max_examples=4, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.lists(_EVENTS, min_size=25, max_size=40))
def test_a_stream_of_hostile_input_keeps_fog_and_matches_headless(tmp_path_factory, events) -> None:
    app = new_app(tmp_path_factory.mktemp("fuzz"))
    s = app.session
    for e in events:
        _play(app, e)
        app.draw()
        assert app.crashes == 0, (e, app.popups[-1:])
        v = app.viewer()
        if v is not None and app.handover_to is None and app.report_view is None and not app.briefing_open:
            assert set(app.drawn_unit_ids) <= s.visible_ids(v), e
            assert not any(u in ln for ln in s.table_notes(v) for u in hidden_from(s, v)), e
    assert headless_hash(app) == s.state_hash()


def test_the_facilitator_view_ends_at_a_hand_over_and_f1_waits_for_the_map(app: App) -> None:
    """Hostile: the facilitator turns on the all-units view and forgets it; the next side saw everything. F1
    on the hand-over screen opened a console no one could see, which then took Enter. A NUL in console text
    raised on every frame."""
    s = app.session
    dismiss(app)
    assert app.handover_to is None
    type_console(app, "view")
    assert app.god_view
    app.console.open = False
    app.end_phase(confirmed=True)
    assert app.handover_to is not None and not app.god_view
    assert "facilitator view off (hand-over)" in " ".join(s.ui_log)
    key(app, pygame.K_F1)
    assert not app.console.open  # over the hand-over screen: no unseen console
    app.now.t += 5.0
    key(app, pygame.K_RETURN)
    assert app.handover_to is None  # Enter still passes the screen
    key(app, pygame.K_F1)
    assert app.console.open
    app.console.output.append("a\x00b")
    app.draw()
    assert app.crashes == 0

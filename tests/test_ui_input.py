"""Input safety at the seminar table (issue 16, points 1-4): held keys, hand-overs, undo, warnings, digests.

Driven with synthetic pygame events; every test that plays orders checks the
state hash against the same orders applied headless.
"""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402

from engine.game.game import DEFAULT_SCENARIO, load_game  # noqa: E402
from engine.ui.app import App  # noqa: E402
from engine.ui.inputs import HANDOVER_DELAY  # noqa: E402
from engine.ui.session import Session  # noqa: E402
from uidriver import (  # noqa: E402
    HandClock, answer_yes, click, dismiss, headless_hash, hold, key, synthetic_game, to_phase,
)

_G: dict = {}


def game(which: str):
    if which not in _G:
        _G[which] = synthetic_game() if which == "synthetic" else load_game(DEFAULT_SCENARIO)
    return _G[which]


Clock = HandClock


def new_app(tmp_path: Path, which: str = "synthetic", seed: int = 3) -> tuple[App, Clock]:
    g = game(which)
    app = App(g.map, Session(g, g.new_initial_state(seed), "", seed), (1280, 800), save_dir=tmp_path)
    clock = Clock()
    app.now = clock
    return app, clock


def test_held_enter_does_not_end_phases_or_pass_a_handover(tmp_path: Path) -> None:
    """Point 1: a 0.45 s Enter (KEYDOWN + auto-repeats) ends one phase at most and never passes a hand-over."""
    app, clock = new_app(tmp_path, "default", 0)
    s = app.session
    app.draw()
    assert (s.phase, s.side_to_act()) == ("decisions", "red")
    hold(app, pygame.K_RETURN, repeats=14)  # 250 ms delay + 30 ms repeats ~ 0.45 s
    assert (s.phase, s.side_to_act()) == ("decisions", "blue")  # one phase ended, not five
    assert app.handover_to == "blue"
    hold(app, pygame.K_RETURN, repeats=14)  # held again at once: the hand-over screen stays
    key(app, pygame.K_RETURN)
    key(app, pygame.K_RETURN)  # a quick triple Enter neither
    assert app.handover_to == "blue" and s.state.history == ["end"]
    clock.t += HANDOVER_DELAY + 0.1  # a fresh press after the delay passes it
    key(app, pygame.K_RETURN)
    assert app.handover_to is None and s.side_to_act() == "blue" and s.state.history == ["end"]
    # a click passes at once, but only a click that went down and up on the button
    s.apply("end")
    app.handover_to = "red"
    app.draw()
    ev_up = app.handover_button.center
    from uidriver import ev
    ev(app, pygame.MOUSEBUTTONUP, pos=ev_up, button=1)  # release without press (a drag from elsewhere)
    assert app.handover_to == "red"
    click(app, ev_up)
    assert app.handover_to is None
    assert headless_hash(app) == s.state_hash()


def test_a_key_held_through_a_focus_change_is_still_held(tmp_path: Path) -> None:
    """Hostile: Enter held for seconds while the window loses and regains focus (the focus events clear the
    held keys, and SDL sends the still-held key again as if new) ends one phase and passes no hand-over."""
    from uidriver import ev
    from engine.ui.inputs import FOCUS_GRACE
    app, clock = new_app(tmp_path, "default", 0)
    s = app.session
    app.draw()
    down = dict(key=pygame.K_RETURN, mod=0, unicode="", scancode=0)
    ev(app, pygame.KEYDOWN, **down)  # ends red's phase: the hand-over to blue
    assert app.handover_to == "blue" and s.state.history == ["end"]
    for _ in range(3):  # three focus changes while the key stays down, seconds apart
        clock.t += HANDOVER_DELAY + 1.0
        ev(app, pygame.WINDOWFOCUSLOST)
        ev(app, pygame.WINDOWFOCUSGAINED)
        for _ in range(20):
            ev(app, pygame.KEYDOWN, **down)
            clock.t += 0.03
    assert app.handover_to == "blue" and s.state.history == ["end"]
    ev(app, pygame.KEYUP, **down)
    clock.t += FOCUS_GRACE
    key(app, pygame.K_RETURN)  # a deliberate press after the grace passes the hand-over
    assert app.handover_to is None and s.side_to_act() == "blue" and s.state.history == ["end"]
    ev(app, pygame.WINDOWFOCUSGAINED)
    key(app, pygame.K_RETURN)  # a press at the instant focus returns is the held key coming back: ignored
    assert s.state.history == ["end"]
    clock.t += FOCUS_GRACE
    key(app, pygame.K_RETURN)  # and a fresh one after the grace ends blue's phase as usual
    assert s.state.history == ["end", "end"]
    assert headless_hash(app) == s.state_hash()


def test_undo_reaches_only_the_acting_sides_orders_since_its_handover(tmp_path: Path) -> None:
    """Point 2: Blue's U on its first screen does not touch Red's end (nor show Red's map)."""
    app, clock = new_app(tmp_path, "default", 0)
    s = app.session
    red_id = next(u.id for u, ok, _ in s.alert_list() if ok)
    app.do(f"ready {red_id}")
    key(app, pygame.K_RETURN)  # Red ends its decisions
    assert s.side_to_act() == "blue"
    dismiss(app)
    before = s.state_hash()
    key(app, pygame.K_u)
    assert s.state_hash() == before and s.state.history == [f"ready {red_id}", "end"]
    assert "nothing of yours" in app.status and app.handover_to is None
    assert not any(b.id == "undo" and b.enabled for b in app.buttons if app.draw() is None)
    # Blue's own order can be taken back, and only that
    blue_id = next(u.id for u, ok, _ in s.alert_list() if ok)
    app.do(f"ready {blue_id}")
    key(app, pygame.K_u)
    assert s.state_hash() == before
    key(app, pygame.K_u)
    assert s.state_hash() == before
    assert headless_hash(app) == s.state_hash()


def test_ending_a_phase_with_units_that_could_act_asks_with_a_count(tmp_path: Path) -> None:
    """Point 4: Enter with movers left asks, names the count, and a held Enter does not answer."""
    app, clock = new_app(tmp_path)
    s = app.session
    to_phase(app, "movement", "red")
    n = sum(1 for k in s.state.group_keys() if k in s.state.units)
    assert n > 0
    h = s.state_hash()
    key(app, pygame.K_RETURN)
    assert app.confirm is not None and app.confirm.lines[0] == f"{n} of your units could still move."
    hold(app, pygame.K_RETURN, repeats=5)  # too soon, and held: no answer
    assert app.confirm is not None and s.state_hash() == h
    key(app, pygame.K_ESCAPE)
    assert app.confirm is None and s.state_hash() == h
    key(app, pygame.K_RETURN)
    clock.t += 1.0
    key(app, pygame.K_RETURN)  # a fresh press after a moment answers yes
    assert s.phase == "movement" and s.side_to_act() == "blue"
    assert headless_hash(app) == s.state_hash()


def test_skipped_phases_are_told_to_the_side_on_its_handover(tmp_path: Path) -> None:
    """Point 4: Red's movement and combat skipped (units in garrison) are explained on Red's next hand-over."""
    app, clock = new_app(tmp_path, "default", 0)
    s = app.session
    for _ in range(20):
        if s.turn == 2 and s.side_to_act() == "red":
            break
        dismiss(app)
        app.end_phase(confirmed=True)
    assert app.handover_to == "red"
    text = "\n".join(app.handover_digest)
    assert "Your movement phase of turn 1 was skipped: no unit could move" in text
    assert "not ready (garrison)" in text
    assert "Your combat phase of turn 1 was skipped" in text
    app.draw()  # the digest is drawn on the hand-over screen
    assert headless_hash(app) == s.state_hash()


def test_blues_digest_after_reds_attack_names_blues_losses(tmp_path: Path) -> None:
    """Point 3: the side that is hit is told, by name, on its hand-over (synthetic theatre: contact at start)."""
    found = False
    for seed in range(3, 23):
        app, clock = new_app(tmp_path / str(seed), seed=seed)
        s = app.session
        to_phase(app, "combat", "red")
        target = s.attack_targets()[0]
        blue_before = {k: u.strength for k, u in s.state.units.items() if u.side == "blue"}
        app.do(s.attack_orders(target)[-1])
        dismiss(app)
        blue_after = {k: u.strength for k, u in s.state.units.items() if u.side == "blue"}
        hit = sorted(k for k in blue_before if blue_after.get(k, 0) < blue_before[k])
        for _ in range(10):  # Blue's next seat (its combat, or its movement next turn)
            app.end_phase(confirmed=True)
            if app.handover_to == "blue":
                break
            dismiss(app)
        assert app.handover_to == "blue"
        digest = app.handover_digest
        assert any(d.startswith("ATTACKED at ") and f"by {s.side_name('red')}" in d and "die " in d for d in digest), digest
        if hit:
            for k in hit:
                name = s.state.units[k].name if k in s.state.units else s.name_of(k)
                assert any(d.startswith("LOSS: " + name) for d in digest), (name, digest)
            assert all(k not in "\n".join(digest) for k in hit if s.name_of(k) != k)  # names, not ids
            found = True
            # and Red's own digest later reports the result of its attack
            dismiss(app)
            for _ in range(10):
                if app.handover_to == "red":
                    break
                app.end_phase(confirmed=True)
            assert any(d.startswith("Your attack on ") for d in app.handover_digest), app.handover_digest
            assert headless_hash(app) == s.state_hash()
            break
    assert found, "no seed in 3..22 gave Blue a loss"

"""Drive the seminar table with synthetic pygame events, as a participant would (headless)."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402

from engine.geo.hexgrid import Hex  # noqa: E402
from engine.ui.app import App  # noqa: E402
from engine.ui.inputs import DOUBLE_CLICK  # noqa: E402


class HandClock:
    """A clock the test moves by hand (``clock.t += 1``): the table's delays are measured with it."""

    def __init__(self, t: float = 1000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


_DEFAULT_GAME = None


def default_game():
    """The default scenario's Game, loaded once per test process (states are made fresh from it)."""
    global _DEFAULT_GAME
    if _DEFAULT_GAME is None:
        from engine.game.game import DEFAULT_SCENARIO, load_game
        _DEFAULT_GAME = load_game(DEFAULT_SCENARIO)
    return _DEFAULT_GAME


def ev(app: App, t: int, **k) -> None:
    app.handle(pygame.event.Event(t, **k))


def key(app: App, k: int, mod: int = 0) -> None:
    """A key pressed and released (held keys are :func:`hold`)."""
    ev(app, pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0)
    ev(app, pygame.KEYUP, key=k, mod=mod, unicode="", scancode=0)


def hold(app: App, k: int, repeats: int = 10) -> None:
    """A key held down: one KEYDOWN and the auto-repeat's KEYDOWNs, no KEYUP until the end."""
    for _ in range(repeats + 1):
        ev(app, pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)
    ev(app, pygame.KEYUP, key=k, mod=0, unicode="", scancode=0)


def click(app: App, pos, button: int = 1) -> None:
    ev(app, pygame.MOUSEBUTTONDOWN, pos=pos, button=button)
    ev(app, pygame.MOUSEBUTTONUP, pos=pos, button=button)


def click_hex(app: App, h: Hex) -> None:
    app.camera.centre_on(h)
    x, y = app.camera.hex_to_screen(h)
    ev(app, pygame.MOUSEMOTION, pos=(int(x), int(y)), rel=(0, 0), buttons=(0, 0, 0))
    click(app, (int(x), int(y)))
    app.draw()


class _Later:
    """The app's real clock moved on by hand (see :func:`wait`)."""

    def __init__(self, clock) -> None:
        self.clock, self.dt = clock, 0.0

    def __call__(self) -> float:
        return self.clock() + self.dt


def wait(app: App, seconds: float) -> None:
    """Let ``seconds`` pass on the app's clock: a test's hand-moved clock (``.t``) is moved on; the real
    clock is replaced by itself plus an offset, so no test sleeps."""
    if hasattr(app.now, "t"):
        app.now.t += seconds
    else:
        if not isinstance(app.now, _Later):
            app.now = _Later(app.now)
        app.now.dt += seconds


def read(app: App) -> None:
    """A participant reads the pop-up or question on screen before clicking it: a click within the
    double-click interval of the click that raised it is that click's second and is ignored
    (engine/ui/inputs.py DOUBLE_CLICK), so the clock moves past it (only if it must: on a frozen clock
    every click of a test lands at once)."""
    c = getattr(app, "modal_click", None)
    if c is not None and 0 <= app.now() - c[0] < DOUBLE_CLICK[0]:
        wait(app, DOUBLE_CLICK[0] - (app.now() - c[0]) + 0.01)  # 10 ms past it: no float rounding lands on the edge


def dismiss(app: App) -> None:
    """Pop-ups, questions and the hand-over screen: a click on the first button, as a participant would
    (after reading it: see :func:`read`)."""
    for _ in range(30):
        if not app.popups and app.handover_to is None and app.confirm is None:
            return
        app.draw()
        if app.handover_to is not None:
            click(app, app.handover_button.center)
        elif app.popup_buttons:
            answer_yes(app)
        else:
            key(app, pygame.K_RETURN)


def to_phase(app: App, phase: str, side: str) -> None:
    s = app.session
    for _ in range(60):
        dismiss(app)
        if s.phase == phase and s.side_to_act() == side:
            return
        key(app, pygame.K_RETURN)
        app.draw()
    raise AssertionError(f"never reached {phase}/{side}: at {s.phase}/{s.side_to_act()}")


def synthetic_game():
    """The synthetic theatre with one red unit placed next to a blue one, so combat can happen (fast to load)."""
    import attrs

    from engine.analysis import synthetic
    from engine.game.game import Game
    from engine.geo.hexgrid import neighbors
    m = synthetic.theatre(24, 18, 1)
    sc = synthetic.scenario(m, 24, 18, 6, 6, 1)
    blue = next(u for u in sc.units if u.side == "blue")
    free = next(n for n in neighbors(blue.location)
                if m.is_land(n) and all(u.location != n for u in sc.units))
    units = tuple(attrs.evolve(u, location=free) if u.id == "r1tank" else u for u in sc.units)
    sc = attrs.evolve(sc, units=units)
    sc = attrs.evolve(sc, digest=synthetic._digest(sc))
    return Game(sc, m)


_SYNTHETIC = None


def shared_synthetic_game():
    """:func:`synthetic_game`, built once per test process (tests that only play on it share it)."""
    global _SYNTHETIC
    if _SYNTHETIC is None:
        _SYNTHETIC = synthetic_game()
    return _SYNTHETIC


def synthetic_app(save_dir, seed: int = 3) -> App:
    """The table on a new game of the shared synthetic theatre, saving under ``save_dir``."""
    from engine.ui.session import Session
    g = shared_synthetic_game()
    return App(g.map, Session(g, g.new_initial_state(seed), "<synthetic>", seed), (1280, 800), save_dir=save_dir)


def type_console(app: App, line: str) -> None:
    """Type a line into the facilitator console, as the facilitator would."""
    if not app.console.open:
        key(app, pygame.K_F1)
    for ch in line:
        ev(app, pygame.TEXTINPUT, text=ch)
    key(app, pygame.K_RETURN)


def said(app: App, line: str) -> list[str]:
    """What the console shows after ``line`` (a question for a reason is answered with Esc)."""
    app.console.line = ""  # what a Tab left on the line
    n = len(app.console.output)
    type_console(app, line)
    if app.console.pending is not None:
        key(app, pygame.K_ESCAPE)
    return app.console.output[n:]


def tabbed(app: App, line: str) -> tuple[str, list[str]]:
    """The input line and the new output after Tab on ``line``."""
    if not app.console.open:
        key(app, pygame.K_F1)
    app.console.line = line
    n = len(app.console.output)
    key(app, pygame.K_TAB)
    return app.console.line, app.console.output[n:]


def headless_hash(app: App) -> str:
    """The state hash of the same orders applied without the UI."""
    s = app.session
    g = s.game
    st = g.new_initial_state(s.state.seed)
    for text in s.state.history:
        st.apply_action(g.parse_action(text))
    return st.state_hash()


def answer_yes(app: App) -> None:
    """Click the yes button of the question on screen (if any), after reading it (see :func:`read`)."""
    if app.confirm is not None or app.popups:
        app.draw()
        read(app)
        no = app.confirm.no_label if app.confirm is not None else ""
        click(app, next(r for r, lab in app.popup_buttons if lab != no).center)

"""The seminar table: main loop (events -> update -> draw -> flip -> tick).

``App`` owns the window layout, the camera, the map layer, the counters and
the panels; it turns clicks and keys into orders and hands them to the
:class:`~engine.ui.session.Session` (the only door to the engine). With no
session it is a plain map viewer (pan, zoom, hover).
"""

from __future__ import annotations

import time
from pathlib import Path

import pygame

from engine.ui import autosave as auto
from engine.ui import boxes, text
from engine.ui.briefing import draw_briefing
from engine.ui.handover import draw_handover
from engine.ui.inputs import HANDOVER_DELAY, Inputs
from engine.ui.drawer import draw_drawer, drawer_height
from engine.ui.panels import draw_popup, draw_tooltip
from engine.ui.render import save_png as save_screenshot
from engine.ui.reportview import draw_report
from engine.ui.session import Session
from engine.ui.tablebase import (  # noqa: F401  (re-exported: tests and the CLI import them from here)
    DEFAULT_SIZE, QUICKSAVE, SAVE_DIR, SIDE_W, TOP_H, AttackDraft, event_popups)


#: The smallest map area (unscaled pixels) the table draws into; a smaller window shows only a request
#: to enlarge it (the console needs 34 px of frame plus its lines, pop-ups and the report a few hundred).
MIN_MAP = (240, 200)


class App(Inputs):
    """The window and everything on it. Tests drive it with :meth:`handle` and :meth:`draw`."""

    def handle(self, event: pygame.event.Event) -> None:
        """One input event, guarded: nothing raised while handling it ends the program or loses the game."""
        top = self.on_top()
        try:
            super().handle(event)
            self.autosave_if_changed()  # never more than the order being made is lost
        except Exception as e:  # the guard: pop-up, log, crash save, and the game goes on
            self.crash(e, f"handling {pygame.event.event_name(event.type)}")
        self.note_raised(event, top)  # a pop-up this click raised ignores its double click's second (DOUBLE_CLICK)

    def draw(self) -> None:
        """One frame, guarded like the input: a drawing error shows a pop-up instead of closing the window."""
        try:
            self._draw_frame()
        except Exception as e:
            self.crash(e, "drawing")
            self.popup_buttons = []
            if self.popups:
                title, lines = self.popups[0]
                self.popup_buttons = draw_popup(self.screen, self.style, title, lines, ("OK",))

    def _draw_frame(self) -> None:
        t0, c0 = time.perf_counter(), time.thread_time()
        scr = self.screen
        vp = self._map_rect()
        self.too_small = vp.width < text.px(MIN_MAP[0]) or vp.height < text.px(MIN_MAP[1])
        if self.too_small:
            self._draw_too_small()
            self._frame_done(t0, c0)
            return
        if vp != self.camera.viewport:  # the card drawer opened or closed: the map gives it room
            self.camera.viewport = vp
        if self.report_view is not None:
            lines, charts, where = self.report_view
            self.report_button = draw_report(scr, self.style, lines, charts, self.report_scroll, where)
            self._draw_question()
            self._frame_done(t0, c0)
            return
        if self.briefing_open and self.session is not None:
            bs = self.session
            sc = bs.scenario
            self.briefing_button = draw_briefing(
                scr, self.style, sc.title, f"{bs.turns_total} turns from {bs.date_text()}  -  seed {bs.seed}",
                sc.briefing, sc.victory.questions, [(bs.side_name(sd), self._side_rgb(sd)) for sd in bs.side_ids()])
            self._draw_question()
            self._frame_done(t0, c0)
            return
        if self.handover_to is not None and self.session is not None:
            hs = self.session
            self.handover_button = draw_handover(scr, self.style, hs.side_name(self.handover_to),
                                                 self._side_rgb(self.handover_to),
                                                 f"Turn {hs.turn}/{hs.turns_total}  {hs.date_text()}", hs.phase,
                                                 hs.fog_of_war, self.handover_digest,
                                                 self.now() - self.handover_since >= HANDOVER_DELAY)
            self._draw_question()
            self._frame_done(t0, c0)
            return
        if self.confirm is not None and self.confirm.hides_map:  # e.g. "resume?" before the first hand-over
            c = self.confirm
            scr.fill((18, 22, 28))
            self.popup_buttons = draw_popup(scr, self.style, c.title, c.lines, (c.yes, c.no_label))
            self._frame_done(t0, c0)
            return
        s = self.session
        if s is not None and s.phase != "air":
            self.air_mission = None
        self.layer.blit(scr, self.camera)
        self._draw_overlays()
        self._draw_switchable_overlays()
        self._draw_units()
        boxes.draw(self)  # off-map boxes at the map margin (engine/ui/boxes.py)
        self._draw_top()
        self._draw_side()
        self._draw_overlay_bar()
        self.card_rects, self.card_tips = [], []
        if self.drawer_open() and s is not None:
            names = {t.id: t.name for t in s.tracks()}
            vp = self.camera.viewport
            area = pygame.Rect(vp.left, vp.bottom, vp.width, drawer_height())
            self.card_rects, self.card_tips, _ = draw_drawer(scr, area, self.style, s.options_for(), names,
                                                              self.card_scroll, self.mouse)
        if self.show_legend:
            self._draw_legend()
        if self.show_score and s is not None:
            self._draw_score()
        self._draw_status()
        for r, tip in self.card_tips:
            if r.collidepoint(self.mouse):
                draw_tooltip(scr, self.style, self.mouse, tip)
        for g, tr in getattr(self, "gauges", []):
            if g.collidepoint(self.mouse):
                marks = ", ".join(f"{k} {v}" for k, v in tr.thresholds)
                draw_tooltip(scr, self.style, self.mouse,
                             [f"{tr.name}: {tr.value} (range {tr.min}..{tr.max})"] + ([f"thresholds: {marks}"] if marks else []))
        if self.god_view and s is not None:
            self._draw_banner("FACILITATOR VIEW: ALL UNITS OF ALL SIDES ARE SHOWN  (console: view)")
        if self.console.open:
            r = self.camera.viewport
            self.console.draw(scr, pygame.Rect(r.left + 10, r.top + 10, r.width - 20, min(330, r.height // 2)),
                              self.style)
        self.popup_buttons = []
        if self.confirm is not None:
            c = self.confirm
            self.popup_buttons = draw_popup(scr, self.style, c.title, c.lines, (c.yes, c.no_label))
        elif self.popups:
            title, lines = self.popups[0]
            more = f"  ({len(self.popups) - 1} more)" if len(self.popups) > 1 else ""
            self.popup_buttons = draw_popup(scr, self.style, title + more, lines, ("OK",))
        self._frame_done(t0, c0)

    def _draw_question(self) -> None:
        """A question asked over a screen that covers the map (quit on the hand-over), else no buttons."""
        c = self.confirm
        self.popup_buttons = draw_popup(self.screen, self.style, c.title, c.lines, (c.yes, c.no_label)) \
            if c is not None else []

    def _draw_too_small(self) -> None:
        """A window too small for the table's panels: one line asking for room, nothing else drawn (the
        console, report and pop-ups need a few hundred pixels; they raised every frame)."""
        scr = self.screen
        scr.fill((18, 22, 28))
        w, h = scr.get_size()
        need = (self.side_w + text.px(MIN_MAP[0]), self.top_h + self.strip_h + text.px(MIN_MAP[1]))
        y = 4
        for line in ("Window too small for the table", f"enlarge it to at least {need[0]} x {need[1]}"):
            t = text.render(line, 16, (230, 230, 230))
            scr.blit(t, (4, y))
            y += t.get_height() + 2
        self.popup_buttons = []

    def _draw_banner(self, msg: str) -> None:
        vp = self.camera.viewport
        t = text.render(msg, 20, (255, 255, 255), bold=True)
        band = pygame.Rect(vp.left, vp.top, vp.width, t.get_height() + text.px(10))
        pygame.draw.rect(self.screen, (190, 30, 30), band)
        self.screen.blit(t, t.get_rect(center=band.center))

    def _frame_done(self, t0: float, c0: float) -> None:
        self.frame_ms.append((time.perf_counter() - t0) * 1000)
        self.frame_cpu_ms.append((time.thread_time() - c0) * 1000)

    def run(self, frames: int | None = None, screenshot: str | Path | None = None, fps: int = 60) -> int:
        """Play until quit (or for ``frames`` frames, headless); saves the last frame if asked."""
        n = 0
        while self.running and (frames is None or n < frames):
            for event in pygame.event.get():
                self.handle(event)
            self.draw()
            pygame.display.flip()
            self.clock.tick(fps if frames is None else 0)
            n += 1
        if screenshot:
            Path(screenshot).parent.mkdir(parents=True, exist_ok=True)
            save_screenshot(self.screen, screenshot)
        return 0

    def frame_stats(self, cpu: bool = False) -> tuple[float, float]:
        """(mean, worst) draw time in ms, without the first frame (which fills caches).

        ``cpu``: the drawing thread's CPU time, which other programs on a
        busy machine do not inflate (wall time is the default).
        """
        ms = self.frame_cpu_ms if cpu else self.frame_ms
        xs = ms[1:] or ms or [0.0]
        return sum(xs) / len(xs), max(xs)


def open_app(scenario: str | None, load: str | None, seed: int, size: tuple[int, int],
             save_dir: str | Path = SAVE_DIR, initial_handover: bool = True, offer_resume: bool = False,
             scale: float | None = None) -> App:
    """Load everything before the window opens: errors go to the console, not a half window.

    ``offer_resume``: a new table (no ``load``) first asks whether to resume
    the last autosaved game of the scenario.
    """
    from engine.geo import mapfile
    session: Session | None = Session.open(scenario, seed)
    if load and session is not None:
        session.load(load)
    theatre = session.theatre if session is not None else mapfile.load()
    app = App(theatre, session, size, save_dir=save_dir, initial_handover=initial_handover, scale=scale)
    app.briefing_open = initial_handover and session is not None
    if load:
        app.use_folder(Path(load).parent if auto.is_autosave(Path(load), app.save_dir) else None)
    elif offer_resume:
        app.offer_resume()
    return app

"""The window of ``eastflank join`` for a seat, the white cell or the projector (pygame, lazily).

A thin view over :class:`~engine.net.remote.RemoteTable`: the map and counters are
drawn with the seminar table's own modules (engine/ui: style, map layer, camera,
counters, text), the units and controlled hexes are exactly those of the role's
view, and one typed line goes to the server (orders for a seat, facilitator orders
and console commands for the white cell). Drag or arrows pan, the wheel zooms, Home shows the
whole map (the view never leaves the map),
Enter sends the line, Esc quits.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING, Any

from engine.errors import EngineError
from engine.net.remote import WHITE_HELP, RemoteTable

if TYPE_CHECKING:
    from engine.game.game import Game
    from engine.net.client import Session

TOP_H = 48
SIDE_W = 360


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in str(text).lower().split("x"))
    except ValueError:
        raise EngineError(f"--size {text!r}: expected WxH, e.g. 1280x800") from None
    if w < 800 or h < 600:
        raise EngineError(f"--size {text!r}: the table needs at least 800x600")
    return w, h


class NetTable:
    """Draws one RemoteTable; ``drawn`` lists the unit ids of the last frame (tests read it)."""

    def __init__(self, remote: RemoteTable, game: "Game", size: tuple[int, int]) -> None:
        import pygame

        from engine.ui.camera import MapCamera
        from engine.ui.counters import CounterPainter
        from engine.ui.maplayer import MapLayer
        from engine.ui.style import load_style
        self.pg = pygame
        self.remote = remote
        self.game = game
        pygame.init()
        pygame.key.set_repeat(300, 40)
        self.screen = pygame.display.set_mode(size)
        pygame.display.set_caption(f"Eastern Flank: {remote.banner()}")
        self.style = load_style()
        self.layer = MapLayer(game.map, self.style)
        w, h = size
        self.camera = MapCamera(pygame.Rect(0, TOP_H, w - SIDE_W, h - TOP_H), game.map.hexes())
        focus = [x for x in game.map.hexes() if game.map.country.get(x) in self.style.focus_countries]
        self.camera.fit(focus or game.map.hexes(), margin=1.0)
        self.painter = CounterPainter()
        self.line = ""
        self.drawn: list[str] = []

    def colour(self, side: str) -> tuple[int, int, int]:
        try:
            c = self.game.scenario.side(side).colour
        except KeyError:
            c = ""
        return tuple(self.style.side_colour(side, c)[:3])  # type: ignore[return-value]

    # --- drawing ---------------------------------------------------------------------
    def draw(self) -> None:
        from engine.ui import text
        pg, scr, ui = self.pg, self.screen, self.style.ui
        self.layer.blit(scr, self.camera)
        self._control()
        self._units()
        w, h = scr.get_size()
        pg.draw.rect(scr, ui["panel"][:3], (0, 0, w, TOP_H))
        scr.blit(text.render(self.remote.banner(), 20, ui["text"], bold=True), (10, 4))
        scr.blit(text.render(self.remote.status_line(), 16, ui["text_dim"]), (10, 27))
        side = pg.Rect(w - SIDE_W, TOP_H, SIDE_W, h - TOP_H)
        pg.draw.rect(scr, ui["panel"][:3], side)
        y = side.top + 8
        for line, dim in self._panel_lines():
            for part in text.wrap(line, 15, SIDE_W - 20):
                if y > side.bottom - 60:
                    break
                scr.blit(text.render(part, 15, ui["text_dim" if dim else "text"]), (side.left + 10, y))
                y += 18
        if self.remote.can_type:
            box = pg.Rect(side.left + 8, side.bottom - 50, SIDE_W - 16, 22)
            pg.draw.rect(scr, (255, 255, 255), box)
            pg.draw.rect(scr, (0, 0, 0), box, 1)
            prompt = ("white> " if self.remote.role == "white" else "order> ") + self.line
            scr.blit(text.render(prompt[-48:], 15, (0, 0, 0)), (box.left + 4, box.top + 3))
            ans = text.render(self.remote.answer[:60], 14, ui["text_dim"])
            scr.blit(ans, (box.left, box.bottom + 4))

    def _panel_lines(self) -> list[tuple[str, bool]]:
        r = self.remote
        out: list[tuple[str, bool]] = [("Tracks", False)]
        out += [(f"  {k}: {v}", True) for k, v in r.tracks()] or [("  (none visible)", True)]
        units = r.units()
        counts: dict[str, int] = {}
        for u in units:
            counts[u.side] = counts.get(u.side, 0) + 1
        out.append(("Units shown: " + ", ".join(f"{s} {n}" for s, n in sorted(counts.items())), False))
        opts = r.view.get("options_taken", [])
        out.append((f"Options taken: {', '.join(opts) or 'none'}", False))
        if r.role == "white":
            v = r.view
            out.append((f"State {v.get('state_hash', '')[:16]}", True))
            ai = r.status.get("ai") or {}
            if ai:
                out.append(("AI seats: " + ", ".join(f"{s}={p}" for s, p in ai.items()), True))
            out.append(("Last orders", False))
            out += [(f"  {h}", True) for h in v.get("history_tail", [])[-6:]]
            out += [(x, True) for x in WHITE_HELP]
        inj = r.inject_lines()
        if inj:
            out.append(("Injects", False))
            out += [(f"  {x}", True) for x in inj]
        return out

    def _control(self) -> None:
        from engine.geo.hexgrid import Hex
        lay = self.camera.layout()
        for (q, r), side in self.remote.control():
            pts = lay.corners(Hex(q, r))
            self.pg.draw.polygon(self.screen, self.colour(side), pts, 2)

    def _units(self) -> None:
        from engine.ui.counters import CounterLook, counter_px, echelon_mark
        stacks: dict[Any, list] = {}
        for u in self.remote.units():
            stacks.setdefault(u.hex, []).append(u)
        lay = self.camera.layout()
        px = counter_px(self.camera.zoom)
        phase = self.remote.status.get("phase")
        mine = self.remote.role
        self.drawn = []
        old = self.screen.get_clip()
        self.screen.set_clip(self.camera.viewport)
        for h, us in sorted(stacks.items()):
            looks = []
            for u in us:
                t = self.game.unit_types.get(u.type)
                hostile = (u.side != mine) if mine in self.game.side_ids else (u.side not in self.style.friendly_sides)
                spent = (phase == "movement" and u.moved) or (phase == "combat" and u.attacked)
                looks.append(CounterLook(self.colour(u.side), hostile, t.symbol if t else "infantry",
                                         echelon_mark(t.size if t else "brigade"), u.strength,
                                         t.steps if t else u.strength, u.id, spent,
                                         self.style.hostile_frame == "diamond", u.readiness[:1].upper(),
                                         -1.0, False, not u.supplied, False))
                self.drawn.append(u.id)
            self.painter.draw_stack(self.screen, lay.to_pixel(h), looks, px)
        self.screen.set_clip(old)

    # --- the loop ----------------------------------------------------------------------
    def handle(self, ev: Any) -> bool:
        pg = self.pg
        if ev.type == pg.QUIT or (ev.type == pg.KEYDOWN and ev.key == pg.K_ESCAPE):
            return False
        if ev.type == pg.TEXTINPUT and self.remote.can_type:
            self.line += ev.text
        elif ev.type == pg.KEYDOWN and ev.key == pg.K_BACKSPACE:
            self.line = self.line[:-1]
        elif ev.type == pg.KEYDOWN and ev.key in (pg.K_RETURN, pg.K_KP_ENTER):
            self.remote.submit(self.line)
            self.line = ""
        elif not (self.remote.can_type and _types(pg, ev)):
            self.camera.handle(ev)  # a key that types a letter of the line ('a', 's', '-') does not also pan or zoom
        return True

    def run(self, frames: int | None = None, screenshot: str | None = None) -> int:
        pg = self.pg
        clock = pg.time.Clock()
        n = 0
        running = True
        while running and (frames is None or n < frames):
            for ev in pg.event.get():
                running = self.handle(ev) and running
            try:
                self.remote.refresh()
            except EngineError as e:
                self.remote.answer = f"connection: {e}"
            self.draw()
            pg.display.flip()
            n += 1
            clock.tick(30)
        if screenshot:
            from engine.ui.render import save_png
            save_png(self.screen, screenshot)
        return 0


def run_table(session: "Session", game: "Game", args: Any) -> int:
    """``eastflank join`` without --policy: the window for the code's role."""
    from engine.net.client import check_scenario
    check_scenario(game, session.welcome)
    if args.frames is not None or args.screenshot:
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
        if args.frames is None:
            args.frames = 2
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    if args.screenshot:
        from engine.safeio import check_output_path
        check_output_path(args.screenshot)  # before the window, not after the frames
    try:
        import pygame
    except ImportError:
        raise EngineError("the join window needs pygame (pip install pygame)") from None
    t0 = time.perf_counter()
    table = NetTable(RemoteTable(session, game), game, _size(args.size))
    rc = table.run(args.frames, args.screenshot)
    if args.screenshot:
        print(f"{session.role}: {len(table.drawn)} units drawn; screenshot {args.screenshot} "
              f"({time.perf_counter() - t0:.1f} s)", file=sys.stderr)
    session.close()
    pygame.display.quit()
    return rc


def _types(pg: Any, ev: Any) -> bool:
    """True for a key press that types a printable character (its TEXTINPUT event adds it to the line)."""
    ch = getattr(ev, "unicode", "") if ev.type == pg.KEYDOWN else ""
    return bool(ch) and ch.isprintable()

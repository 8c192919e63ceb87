"""Zoom and pan over the hex map, and the screen <-> hex conversion.

World coordinates are those of a :class:`~engine.geo.hexgrid.Layout` of size 1
(hex (0, 0) at the world origin, y down, north up). The camera holds the
world point at the centre of its viewport and a zoom taken from a fixed
ladder, so the static map layer can be cached per zoom level. :class:`MapCamera`,
the one the table, a net seat and the editor use, keeps part of the map in view.
"""

from __future__ import annotations

from typing import Iterable

import pygame

from engine.geo.hexgrid import Hex, Layout

#: Hex radius in pixels at each zoom step; discrete so map layers cache per step.
ZOOM_LEVELS: tuple[float, ...] = (3.0, 4.0, 5.5, 7.0, 9.0, 12.0, 16.0, 21.0, 28.0, 36.0, 48.0)
#: Screen pixels moved per key press (scaled by the frame time when held).
PAN_STEP = 60


class Camera:
    """Which part of the map the viewport shows, at which zoom."""

    def __init__(self, viewport: pygame.Rect, zoom_index: int = 4,
                 centre: tuple[float, float] = (0.0, 0.0)) -> None:
        self.viewport = pygame.Rect(viewport)
        self.zoom_index = max(0, min(len(ZOOM_LEVELS) - 1, zoom_index))
        self.cx, self.cy = centre
        self._drag_from: tuple[int, int] | None = None
        self._drag_moved = 0
        self.unit = Layout(1.0, (0.0, 0.0), True)

    # --- conversions ------------------------------------------------------
    @property
    def zoom(self) -> float:
        return ZOOM_LEVELS[self.zoom_index]

    def layout(self) -> Layout:
        """The pixel layout of hexes on screen for the current view."""
        z = self.zoom
        ox = self.viewport.centerx - self.cx * z
        oy = self.viewport.centery - self.cy * z
        return Layout(z, (ox, oy), True)

    def hex_to_screen(self, h: Hex) -> tuple[float, float]:
        return self.layout().to_pixel(h)

    def screen_to_hex(self, x: float, y: float) -> Hex:
        return self.layout().pixel_to_hex(x, y)

    def screen_to_world(self, x: float, y: float) -> tuple[float, float]:
        z = self.zoom
        return (x - self.viewport.centerx) / z + self.cx, (y - self.viewport.centery) / z + self.cy

    def world_rect_px(self) -> pygame.Rect:
        """The viewport in 'world pixels at this zoom' (world × zoom)."""
        z = self.zoom
        left = round(self.cx * z - self.viewport.width / 2)
        top = round(self.cy * z - self.viewport.height / 2)
        return pygame.Rect(left, top, self.viewport.width, self.viewport.height)

    # --- moves ------------------------------------------------------------
    def centre_on(self, h: Hex) -> None:
        self.cx, self.cy = self.unit.to_pixel(h)

    def pan_pixels(self, dx: float, dy: float) -> None:
        """Move the view by screen pixels (drag right moves the map right)."""
        self.cx -= dx / self.zoom
        self.cy -= dy / self.zoom

    def zoom_by(self, steps: int, anchor: tuple[float, float] | None = None) -> None:
        """Zoom in (+) or out (-), keeping the world point under ``anchor`` still."""
        new = max(0, min(len(ZOOM_LEVELS) - 1, self.zoom_index + steps))
        if new == self.zoom_index:
            return
        ax, ay = anchor if anchor is not None else self.viewport.center
        wx, wy = self.screen_to_world(ax, ay)
        self.zoom_index = new
        z = self.zoom
        self.cx = wx - (ax - self.viewport.centerx) / z
        self.cy = wy - (ay - self.viewport.centery) / z

    def fit(self, hexes: Iterable[Hex], margin: float = 0.97) -> None:
        """Centre on ``hexes`` at the largest zoom that shows them all."""
        pts = [self.unit.to_pixel(h) for h in hexes]
        if not pts:
            return
        x0 = min(p[0] for p in pts) - 1
        x1 = max(p[0] for p in pts) + 1
        y0 = min(p[1] for p in pts) - 1
        y1 = max(p[1] for p in pts) + 1
        self.cx, self.cy = (x0 + x1) / 2, (y0 + y1) / 2
        best = 0
        for i, z in enumerate(ZOOM_LEVELS):
            if (x1 - x0) * z <= self.viewport.width * margin and (y1 - y0) * z <= self.viewport.height * margin:
                best = i
        self.zoom_index = best

    # --- input ------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> bool:
        """Consume wheel, drag (right or middle button, or left drag), and keys.

        Returns True if the event was used by the camera. A left click that
        did not move is left for the caller (selection), see :meth:`was_drag`.
        """
        if event.type == pygame.MOUSEWHEEL:
            pos = pygame.mouse.get_pos() if not hasattr(event, "pos") else event.pos
            if self.viewport.collidepoint(pos):
                self.zoom_by(1 if event.y > 0 else -1, pos)
                return True
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and event.button in (1, 2, 3):
            self._drag_moved = 0  # a new press: the last drag is over (a press off the map is a click, too)
            if self.viewport.collidepoint(event.pos):
                self._drag_from = event.pos
            return False
        if event.type == pygame.MOUSEMOTION and self._drag_from is not None:
            buttons = getattr(event, "buttons", (0, 0, 0))
            if any(buttons):
                dx = event.pos[0] - self._drag_from[0]
                dy = event.pos[1] - self._drag_from[1]
                self._drag_moved += abs(dx) + abs(dy)
                if self._drag_moved > 4:
                    self.pan_pixels(dx, dy)
                self._drag_from = event.pos
                return self._drag_moved > 4
            self._drag_from = None
            return False
        if event.type == pygame.MOUSEBUTTONUP and event.button in (1, 2, 3):
            self._drag_from = None
            return False
        if event.type == pygame.KEYDOWN:
            k = event.key
            if k in (pygame.K_LEFT, pygame.K_a):
                self.pan_pixels(PAN_STEP, 0)
            elif k in (pygame.K_RIGHT, pygame.K_d):
                self.pan_pixels(-PAN_STEP, 0)
            elif k in (pygame.K_UP, pygame.K_w):
                self.pan_pixels(0, PAN_STEP)
            elif k in (pygame.K_DOWN, pygame.K_s):
                self.pan_pixels(0, -PAN_STEP)
            elif k in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
                self.zoom_by(1)
            elif k in (pygame.K_MINUS, pygame.K_KP_MINUS):
                self.zoom_by(-1)
            else:
                return False
            return True
        return False

    def was_drag(self) -> bool:
        """True if the last button press turned into a drag (so it is not a click)."""
        return self._drag_moved > 4


#: The share of the viewport, across and down, that always shows the map's extent (or all of the map).
KEEP = 1 / 3


class MapCamera(Camera):
    """A :class:`Camera` kept on the map: every pan or zoom ends with ``KEEP`` of the view (or the whole map,
    when it is smaller) on the map's extent, and Home shows the whole map again.

    Panned (drag, held arrow keys) or zoomed without bounds, the map could leave the window for good,
    and only luck brought it back.
    """

    def __init__(self, viewport: pygame.Rect, hexes: Iterable[Hex], zoom_index: int = 4) -> None:
        super().__init__(viewport, zoom_index)
        self.map_hexes = list(hexes)
        pts = [self.unit.to_pixel(h) for h in self.map_hexes] or [(0.0, 0.0)]
        #: the map's extent in world units (a hex's radius is 1): x0, y0, x1, y1
        self.bounds = (min(p[0] for p in pts) - 1, min(p[1] for p in pts) - 1,
                       max(p[0] for p in pts) + 1, max(p[1] for p in pts) + 1)

    def clamp(self) -> None:
        x0, y0, x1, y1 = self.bounds
        z = self.zoom
        self.cx = _clamped(self.cx, x0, x1, self.viewport.width / z)
        self.cy = _clamped(self.cy, y0, y1, self.viewport.height / z)

    def map_on_screen(self) -> pygame.Rect:
        """The map's extent in screen pixels, as now drawn."""
        x0, y0, x1, y1 = self.bounds
        z, vp = self.zoom, self.viewport
        left, top = vp.centerx + (x0 - self.cx) * z, vp.centery + (y0 - self.cy) * z
        return pygame.Rect(round(left), round(top), round((x1 - x0) * z), round((y1 - y0) * z))

    # --- every move ends clamped ---------------------------------------------------------------
    def pan_pixels(self, dx: float, dy: float) -> None:
        super().pan_pixels(dx, dy)
        self.clamp()

    def zoom_by(self, steps: int, anchor: tuple[float, float] | None = None) -> None:
        super().zoom_by(steps, anchor)
        self.clamp()

    def centre_on(self, h: Hex) -> None:
        super().centre_on(h)
        self.clamp()

    def fit(self, hexes: Iterable[Hex], margin: float = 0.97) -> None:
        super().fit(hexes, margin)
        self.clamp()

    def home(self) -> None:
        """The whole map, centred, at the largest zoom that shows it."""
        self.fit(self.map_hexes)

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_HOME:
            self.home()
            return True
        return super().handle(event)


def _clamped(c: float, lo: float, hi: float, view: float) -> float:
    """The centre ``c`` moved (least) so that ``KEEP`` of a view ``view`` wide, or all of [lo, hi], shows [lo, hi]."""
    keep = min(view * KEEP, hi - lo)
    return min(max(c, lo + keep - view / 2), hi - keep + view / 2)

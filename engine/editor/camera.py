"""The editor's camera: the seminar table's, kept on the map.

Panned (drag, arrow keys) or zoomed (wheel at a point, +/-) without bounds, the
map could leave the window for good, and only luck brought it back. Here every
move ends clamped so that a third of the view (or the whole map, when it is
smaller than that) shows the map's extent, and Home shows the whole map again.
"""

from __future__ import annotations

from typing import Iterable

import pygame

from engine.geo.hexgrid import Hex
from engine.ui.camera import Camera

#: The share of the viewport, across and down, that always shows the map's extent (or all of the map).
KEEP = 1 / 3


class EditorCamera(Camera):
    """A :class:`Camera` whose centre stays where part of the map (``hexes``) is in view; Home fits it all."""

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

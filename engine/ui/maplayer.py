"""The static map layer: drawn once per zoom level into a Surface, then blitted.

Redrawing thousands of hexes every frame would cost far more than a frame;
terrain, rivers, borders, roads, rail and place names never change during a
game, so we render the area around the view once per zoom and re-render only
when the view leaves the cached area. The drawing itself uses the map
helper's :mod:`engine.ui.mapdraw` when it offers ``draw_map``; otherwise our
own plain drawing below.
"""

from __future__ import annotations

import math
from typing import Callable

import pygame

from engine.geo.hexgrid import Hex, Layout
from engine.geo.theatre import TheatreMap
from engine.ui import text
from engine.ui.camera import Camera
from engine.ui.style import Style

#: Largest cache surface side in pixels; beyond it we cache only around the view.
MAX_CACHE_SIDE = 4096
#: Zoom levels kept in memory at once.
MAX_CACHED_ZOOMS = 3


def _blend(c: tuple[int, ...], over: tuple[int, ...]) -> tuple[int, int, int]:
    a = over[3] / 255.0 if len(over) > 3 else 1.0
    return tuple(round(c[i] * (1 - a) + over[i] * a) for i in range(3))  # type: ignore[return-value]


def _shade(c: tuple[int, ...], k: float) -> tuple[int, int, int]:
    return tuple(max(0, min(255, round(c[i] * k))) for i in range(3))  # type: ignore[return-value]


def _external_drawer() -> Callable[..., None] | None:
    """The map helper's drawing, if it provides ``draw_map(surface, theatre, layout, ...)``."""
    try:
        from engine.ui import mapdraw  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - the module is optional and may be mid-edit
        return None
    fn = getattr(mapdraw, "draw_map", None)
    return fn if callable(fn) else None


class MapLayer:
    """Caches rendered map surfaces per zoom level for one map and style."""

    def __init__(self, theatre: TheatreMap, style: Style, use_external: bool = True) -> None:
        self.theatre = theatre
        self.style = style
        self.external = _external_drawer() if use_external else None
        unit = Layout(1.0, (0.0, 0.0), True)
        self.hexes = theatre.hexes()
        self.centres = [unit.to_pixel(h) for h in self.hexes]
        xs = [c[0] for c in self.centres] or [0.0]
        ys = [c[1] for c in self.centres] or [0.0]
        self.world_bounds = (min(xs) - 1, min(ys) - 1, max(xs) + 1, max(ys) + 1)
        focus = set(style.focus_countries)
        tint = style.map.get("foreign_tint", (0, 0, 0, 0))
        self.fill: list[tuple[int, int, int]] = []
        for h in self.hexes:
            base = style.terrain_colour(theatre.terrain[h])
            land = theatre.is_land(h)
            c = base[:3]
            if focus and land and theatre.country.get(h) not in focus:
                c = _blend(c, tint)
            self.fill.append(c)  # type: ignore[arg-type]
        self.borders = sorted((a, b) for (a, b) in self._all_sides()
                              if theatre.country.get(a) != theatre.country.get(b)
                              and theatre.is_land(a) and theatre.is_land(b))
        self.places = sorted(theatre.places, key=lambda p: (-p.population, p.name))
        self._cache: dict[int, tuple[pygame.Surface, pygame.Rect]] = {}
        self._order: list[int] = []
        self.renders = 0  # how many times a layer was drawn (tests check caching)

    def _all_sides(self) -> list[tuple[Hex, Hex]]:
        t = self.theatre.terrain
        out = []
        for h in self.hexes:
            q, r = h
            for n in (Hex(q + 1, r), Hex(q, r + 1), Hex(q - 1, r + 1)):
                if n in t:
                    out.append((h, n))
        return out

    # --- cache --------------------------------------------------------------
    def map_rect_px(self, zoom: float) -> pygame.Rect:
        x0, y0, x1, y1 = self.world_bounds
        return pygame.Rect(math.floor(x0 * zoom), math.floor(y0 * zoom),
                           math.ceil((x1 - x0) * zoom) + 2, math.ceil((y1 - y0) * zoom) + 2)

    def surface_for(self, camera: Camera) -> tuple[pygame.Surface, pygame.Rect]:
        """The cached surface covering the view at the camera's zoom (drawing it if needed)."""
        view = camera.world_rect_px()
        zi = camera.zoom_index
        full = self.map_rect_px(camera.zoom)
        needed = view.clip(full)
        hit = self._cache.get(zi)
        if hit is not None and (needed.width == 0 or needed.height == 0 or hit[1].contains(needed)):
            return hit
        if full.width <= MAX_CACHE_SIDE and full.height <= MAX_CACHE_SIDE:
            rect = full
        else:
            rect = view.inflate(view.width, view.height).clip(full)
            if rect.width == 0 or rect.height == 0:
                rect = pygame.Rect(view.x, view.y, 1, 1)
        surf = pygame.Surface(rect.size)
        if pygame.display.get_surface() is not None:
            surf = surf.convert()
        self.render(surf, Layout(camera.zoom, (-rect.x, -rect.y), True), camera.zoom)
        self._cache[zi] = (surf, rect)
        if zi in self._order:
            self._order.remove(zi)
        self._order.append(zi)
        while len(self._order) > MAX_CACHED_ZOOMS:
            self._cache.pop(self._order.pop(0), None)
        return surf, rect

    def blit(self, screen: pygame.Surface, camera: Camera) -> None:
        surf, rect = self.surface_for(camera)
        view = camera.world_rect_px()
        vp = camera.viewport
        screen.fill(self.style.map["background"][:3], vp)
        old = screen.get_clip()
        screen.set_clip(vp)
        screen.blit(surf, (vp.x + rect.x - view.x, vp.y + rect.y - view.y))
        screen.set_clip(old)

    # --- drawing ------------------------------------------------------------
    @staticmethod
    def _options(zoom: float) -> object:
        """The map helper's DrawOptions for a zoom: fewer names and no grid when zoomed out."""
        from engine.ui.mapdraw import DrawOptions  # type: ignore[attr-defined]
        if zoom < 5:
            pop = 300_000
        elif zoom < 9:
            pop = 100_000
        elif zoom < 16:
            pop = 30_000
        else:
            pop = 8_000
        return DrawOptions(grid=zoom >= 7, label_min_population=pop, font_px=15 if zoom < 16 else 17,
                           country_labels=zoom < 16)

    def render(self, surf: pygame.Surface, layout: Layout, zoom: float) -> None:
        """Draw the whole static map on ``surf`` with ``layout``."""
        self.renders += 1
        st = self.style
        surf.fill(st.map["background"][:3])
        if self.external is not None:
            try:
                self.external(surf, self.theatre, layout, self.style, None, self._options(zoom))
                return
            except (TypeError, AttributeError, KeyError):
                self.external = None  # the map helper's API moved: fall back to ours
        w, h = surf.get_size()
        ox, oy = layout.origin
        z = zoom
        corner = [(z * math.cos(math.radians(60 * i - 30)), z * math.sin(math.radians(60 * i - 30)))
                  for i in range(6)]
        outline = zoom >= 9
        for (wx, wy), col in zip(self.centres, self.fill):
            cx, cy = ox + wx * z, oy + wy * z
            if cx < -z or cy < -z or cx > w + z or cy > h + z:
                continue
            pts = [(cx + dx, cy + dy) for dx, dy in corner]
            pygame.draw.polygon(surf, col, pts)
            if outline:
                pygame.draw.polygon(surf, _shade(col, 0.88), pts, 1)
        m = st.map
        # roads under rail, rivers and borders on hexsides on top
        rw = max(1, round(z / 10))
        for (a, b), ln in sorted(self.theatre.roads.items()):
            pa, pb = layout.to_pixel(a), layout.to_pixel(b)
            pygame.draw.line(surf, m["road"][:3], pa, pb, rw + (1 if ln.klass == "main" and z >= 12 else 0))
        for (a, b), ln in sorted(self.theatre.rail.items()):
            pa, pb = layout.to_pixel(a), layout.to_pixel(b)
            rail_col = m["rail_1520"] if ln.gauge == 1520 else m["rail_1435"]
            width = max(2, round(z / 7))
            pygame.draw.line(surf, rail_col[:3], pa, pb, width)
            if z >= 12:  # cross-ties
                dx, dy = pb[0] - pa[0], pb[1] - pa[1]
                n = math.hypot(dx, dy) or 1.0
                px, py = -dy / n * z * 0.18, dx / n * z * 0.18
                for t in (0.25, 0.5, 0.75):
                    mx, my = pa[0] + dx * t, pa[1] + dy * t
                    pygame.draw.line(surf, rail_col[:3], (mx - px, my - py), (mx + px, my + py), 1)
        for (a, b), rv in sorted(self.theatre.rivers.items()):
            e0, e1 = layout.edge(a, b)
            major = rv.klass == "major"
            river_col = m["river_major"] if major else m["river_minor"]
            pygame.draw.line(surf, river_col[:3], e0, e1, max(2 if major else 1, round(z / (5 if major else 9))))
        bw = max(2, round(z / 6))
        for a, b in self.borders:
            e0, e1 = layout.edge(a, b)
            pygame.draw.line(surf, m["border"][:3], e0, e1, bw)
        for tp in self.theatre.transshipments:
            x, y = layout.to_pixel(tp.hex)
            r = max(3, round(z * 0.35))
            pygame.draw.rect(surf, m["transshipment"][:3], (x - r, y - r, 2 * r, 2 * r), max(1, r // 3))
        for af in self.theatre.airfields:
            if not af.military and z < 12:
                continue
            x, y = layout.to_pixel(af.hex)
            s = max(3, round(z * 0.3))
            x += z * 0.45
            y -= z * 0.35
            pygame.draw.line(surf, m["airfield"][:3], (x - s, y), (x + s, y), 2)
            pygame.draw.line(surf, m["airfield"][:3], (x, y - s), (x, y + s * 0.8), 2)
        self._labels(surf, layout, z)

    def _labels(self, surf: pygame.Surface, layout: Layout, z: float) -> None:
        """Place dots and names, big cities first; a name that would overlap another is skipped."""
        m = self.style.map
        if z < 5:
            min_pop = 300_000
        elif z < 9:
            min_pop = 100_000
        elif z < 16:
            min_pop = 30_000
        else:
            min_pop = 8_000
        taken: list[pygame.Rect] = []
        for p in self.places:
            if p.population < min_pop:
                break
            x, y = layout.to_pixel(p.hex)
            big = p.population >= 500_000
            r = max(2, round(z * (0.32 if big else 0.2)))
            pygame.draw.circle(surf, m["place"][:3], (round(x), round(y)), r)
            pygame.draw.circle(surf, m["label_halo"][:3], (round(x), round(y)), max(1, r - 2))
            size = 13 + (4 if big else 0) + (3 if z >= 16 else 0)
            label = text.render_halo(p.name, size, m["place_label"], m["label_halo"], bold=big)
            rect = label.get_rect(midleft=(round(x + r + 2), round(y - r - 4)))
            if any(rect.colliderect(t) for t in taken):
                continue
            taken.append(rect)
            surf.blit(label, rect)

"""Draw a :class:`~engine.geo.theatre.TheatreMap` onto a pygame Surface.

One reusable function for the ``render`` picture and the seminar table: it
draws terrain, coast and borders, rivers, roads, rail, transshipment points,
airfields and town names for a given :class:`~engine.geo.hexgrid.Layout` and
visible area. It reads the map and never changes it.
"""

from __future__ import annotations

import math
from typing import Iterable, Sequence

import attrs
import pygame

from engine.geo.hexgrid import Hex, Layout, neighbors
from engine.geo.theatre import GAUGE_STANDARD, SEA, TheatreMap
from engine.ui.style import RGBA, Style

#: English names for country labels (ISO3 -> name); others are left unlabelled.
COUNTRY_NAMES = {"BLR": "BELARUS", "POL": "POLAND", "LTU": "LITHUANIA", "LVA": "LATVIA", "RUS": "RUSSIA",
                 "UKR": "UKRAINE", "EST": "ESTONIA"}


@attrs.frozen
class DrawOptions:
    """What to draw; the seminar table turns layers off as it zooms out."""

    grid: bool = True
    rivers: bool = True
    roads: bool = True
    rail: bool = True
    borders: bool = True
    airfields: bool = True
    labels: bool = True
    country_labels: bool = True
    #: Only places at least this large get a name (0: every place).
    label_min_population: int = 100_000
    #: Smaller towns named anyway (militarily important ones).
    label_always: tuple[str, ...] = ()
    font_px: int = 14


def _rgb(c: RGBA) -> tuple[int, int, int]:
    return c[0], c[1], c[2]


def visible_hexes(tmap: TheatreMap, layout: Layout, rect: pygame.Rect) -> list[Hex]:
    """Hexes whose centre lies within one hex of ``rect``, in (q, r) order."""
    pad = layout.size * 2
    out = []
    for h in tmap.hexes():
        x, y = layout.to_pixel(h)
        if rect.left - pad <= x <= rect.right + pad and rect.top - pad <= y <= rect.bottom + pad:
            out.append(h)
    return out


def draw_map(surface: pygame.Surface, tmap: TheatreMap, layout: Layout, style: Style,
             rect: pygame.Rect | None = None, options: DrawOptions = DrawOptions()) -> None:
    """Draw the static map into ``rect`` of ``surface`` (the whole surface by default)."""
    rect = rect or surface.get_rect()
    old_clip = surface.get_clip()
    surface.set_clip(rect)
    surface.fill(_rgb(style.map["background"]), rect)
    hexes = visible_hexes(tmap, layout, rect)
    _draw_terrain(surface, tmap, layout, style, hexes, options)
    if options.borders:
        _draw_borders(surface, tmap, layout, style, hexes)
    if options.rivers:
        _draw_rivers(surface, tmap, layout, style, set(hexes))
    if options.roads:
        _draw_links(surface, tmap.roads.values(), layout, lambda ln: _rgb(style.map["road"]),
                    max(1, round(layout.size / 5)), set(hexes))
    if options.rail:
        _draw_rail(surface, tmap, layout, style, set(hexes))
    if options.airfields:
        _draw_airfields(surface, tmap, layout, style, set(hexes))
    if options.labels or options.country_labels:
        pygame.font.init()
    if options.country_labels:
        _draw_country_labels(surface, tmap, layout, style, hexes, options)
    if options.labels:
        _draw_places(surface, tmap, layout, style, set(hexes), options)
    surface.set_clip(old_clip)


def _draw_terrain(surface: pygame.Surface, tmap: TheatreMap, layout: Layout, style: Style,
                  hexes: Sequence[Hex], options: DrawOptions) -> None:
    grid_col = style.map["grid"]
    overlay = None
    if options.grid and layout.size >= 6:
        overlay = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    tint = style.map.get("foreign_tint")
    focus = set(style.focus_countries)
    tint_layer = pygame.Surface(surface.get_size(), pygame.SRCALPHA) if tint and focus else None
    for h in hexes:
        pts = layout.corners(h)
        pygame.draw.polygon(surface, _rgb(style.terrain_colour(tmap.terrain[h])), pts)
        if overlay is not None:
            pygame.draw.polygon(overlay, grid_col, pts, 1)
        if tint_layer is not None and tint is not None and tmap.country[h] not in focus and tmap.country[h] != SEA:
            pygame.draw.polygon(tint_layer, tint, pts)
    if tint_layer is not None:
        surface.blit(tint_layer, (0, 0))
    if overlay is not None:
        surface.blit(overlay, (0, 0))


def _draw_borders(surface: pygame.Surface, tmap: TheatreMap, layout: Layout, style: Style,
                  hexes: Sequence[Hex]) -> None:
    width = max(2, round(layout.size / 3.5))
    coast = (70, 90, 110)
    for h in hexes:
        for n in neighbors(h)[:3]:  # each side once: E, NE, NW
            if n not in tmap.terrain:
                continue
            ca, cb = tmap.country[h], tmap.country[n]
            if ca == cb:
                continue
            a, b = layout.edge(h, n)
            if SEA in (ca, cb):
                pygame.draw.line(surface, coast, a, b, max(1, width // 2))
            else:
                pygame.draw.line(surface, _rgb(style.map["border"]), a, b, width)


def _draw_rivers(surface: pygame.Surface, tmap: TheatreMap, layout: Layout, style: Style, vis: set[Hex]) -> None:
    for (a, b), r in tmap.rivers.items():
        if a not in vis and b not in vis:
            continue
        p, q = layout.edge(a, b)
        major = r.klass == "major"
        col = _rgb(style.map["river_major" if major else "river_minor"])
        w = max(2, round(layout.size / (2.5 if major else 4.5)))
        pygame.draw.line(surface, col, p, q, w)
        # Round the joints so a river reads as one line, not a string of dashes.
        pygame.draw.circle(surface, col, p, max(1, w // 2))
        pygame.draw.circle(surface, col, q, max(1, w // 2))


def _draw_links(surface: pygame.Surface, links: Iterable, layout: Layout, colour_of, width: int,
                vis: set[Hex]) -> None:
    for ln in links:
        if ln.a not in vis and ln.b not in vis:
            continue
        pygame.draw.line(surface, colour_of(ln), layout.to_pixel(ln.a), layout.to_pixel(ln.b), width)


def _draw_rail(surface: pygame.Surface, tmap: TheatreMap, layout: Layout, style: Style, vis: set[Hex]) -> None:
    w = max(2, round(layout.size / 3.5))
    for ln in tmap.rail.values():
        if ln.a not in vis and ln.b not in vis:
            continue
        a, b = layout.to_pixel(ln.a), layout.to_pixel(ln.b)
        if ln.gauge == GAUGE_STANDARD:
            col = _rgb(style.map["rail_1435"])
            pygame.draw.line(surface, col, a, b, w)
            pygame.draw.line(surface, (245, 245, 245), a, b, max(1, w // 3))  # cased: standard gauge
        else:
            col = _rgb(style.map["rail_1520"])
            pygame.draw.line(surface, col, a, b, w)
            # cross-ties mark the broad (1520 mm) gauge
            mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
            dx, dy = b[0] - a[0], b[1] - a[1]
            n = math.hypot(dx, dy) or 1.0
            px, py = -dy / n * w * 1.3, dx / n * w * 1.3
            pygame.draw.line(surface, col, (mx - px, my - py), (mx + px, my + py), max(1, w // 2))
        pygame.draw.circle(surface, col, a, max(1, w // 2))
        pygame.draw.circle(surface, col, b, max(1, w // 2))
    r = max(4, round(layout.size / 1.8))
    for t in tmap.transshipments:
        if t.hex in vis:
            c = layout.to_pixel(t.hex)
            pygame.draw.circle(surface, _rgb(style.map["transshipment"]), c, r)
            pygame.draw.circle(surface, (0, 0, 0), c, r, 2)


def _draw_airfields(surface: pygame.Surface, tmap: TheatreMap, layout: Layout, style: Style, vis: set[Hex]) -> None:
    s = max(3, round(layout.size / 2.2))
    col = _rgb(style.map["airfield"])
    for a in tmap.airfields:
        if not a.military or a.hex not in vis:
            continue
        x, y = layout.to_pixel(a.hex)
        x, y = x + s * 0.9, y - s * 0.9
        pygame.draw.polygon(surface, col, [(x, y - s), (x + s * 0.8, y + s * 0.7), (x - s * 0.8, y + s * 0.7)])
        pygame.draw.polygon(surface, (255, 255, 255), [(x, y - s), (x + s * 0.8, y + s * 0.7),
                                                       (x - s * 0.8, y + s * 0.7)], 1)


def _halo_text(surface: pygame.Surface, font: pygame.font.Font, text: str, pos: tuple[float, float],
               colour: tuple[int, int, int], halo: tuple[int, int, int], anchor: str = "midleft") -> pygame.Rect:
    img = font.render(text, True, colour)
    back = font.render(text, True, halo)
    r = img.get_rect(**{anchor: (round(pos[0]), round(pos[1]))})
    for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (1, 1), (-1, 1), (1, -1)):
        surface.blit(back, r.move(dx, dy))
    surface.blit(img, r)
    return r


def _draw_country_labels(surface: pygame.Surface, tmap: TheatreMap, layout: Layout, style: Style,
                         hexes: Sequence[Hex], options: DrawOptions) -> None:
    font = pygame.font.Font(None, round(options.font_px * 2.0))
    sums: dict[str, list[float]] = {}
    for h in hexes:
        c = tmap.country[h]
        if c in COUNTRY_NAMES:
            x, y = layout.to_pixel(h)
            s = sums.setdefault(c, [0.0, 0.0, 0.0])
            s[0] += x
            s[1] += y
            s[2] += 1
    for c in sorted(sums):
        sx, sy, n = sums[c]
        if n < 40:
            continue
        img = font.render(COUNTRY_NAMES[c], True, (90, 70, 90))
        img.set_alpha(150)
        surface.blit(img, img.get_rect(center=(round(sx / n), round(sy / n))))


def _draw_places(surface: pygame.Surface, tmap: TheatreMap, layout: Layout, style: Style, vis: set[Hex],
                 options: DrawOptions) -> None:
    font_big = pygame.font.Font(None, round(options.font_px * 1.25))
    font = pygame.font.Font(None, options.font_px)
    always = set(options.label_always)
    dot = _rgb(style.map["place"])
    txt, halo = _rgb(style.map["place_label"]), _rgb(style.map["label_halo"])
    taken: list[pygame.Rect] = []
    chosen = [p for p in sorted(tmap.places, key=lambda p: (-p.population, p.name))
              if p.hex in vis and (p.population >= options.label_min_population or p.name in always)]
    done_hex: set[Hex] = set()
    for p in chosen:
        if p.hex in done_hex:
            continue
        x, y = layout.to_pixel(p.hex)
        big = p.population >= 500_000
        f = font_big if big else font
        r_dot = max(2, round(layout.size / (3 if big else 4.5)))
        img_w, img_h = f.size(p.name)
        for anchor, pos in (("midleft", (x + r_dot + 3, y)), ("midright", (x - r_dot - 3, y)),
                            ("midbottom", (x, y - r_dot - 1)), ("midtop", (x, y + r_dot + 1))):
            r = pygame.Rect(0, 0, img_w, img_h)
            setattr(r, anchor, (round(pos[0]), round(pos[1])))
            if r.collidelist(taken) < 0:
                pygame.draw.circle(surface, halo, (x, y), r_dot + 1)
                pygame.draw.circle(surface, dot, (x, y), r_dot)
                _halo_text(surface, f, p.name, pos, txt, halo, anchor)
                taken.append(r.inflate(4, 2))
                done_hex.add(p.hex)
                break

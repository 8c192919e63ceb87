"""The ``eastflank render`` picture: the whole map with a legend and a scale bar.

Headless: with no display the SDL dummy driver is used, and
``pygame.image.save`` needs no window.
"""

from __future__ import annotations

import os

from engine.errors import EngineError
from engine.geo.hexgrid import Layout
from engine.geo.theatre import TheatreMap

#: Small places named on the overview because scenarios use them.
MILITARY_TOWNS = ("Brest", "Baranavichy", "Lida", "Slonim", "Asipovichy", "Maryina Horka", "Lepel", "Vileyka",
                  "Hantsavichy", "Luninets", "Pinsk", "Mazyr", "Orsha", "Polotsk", "Suwałki", "Orzysz", "Rukla",
                  "Terespol", "Chernyakhovsk", "Gusev", "Daugavpils", "Smolensk", "Bryansk", "Maladzyechna",
                  "Barysaw", "Kobryn", "Siedlce", "Białystok", "Marijampolė", "Kovel", "Sarny", "Korosten",
                  "Velikiye Luki", "Pskov", "Rēzekne", "Klintsy", "Zhlobin", "Rechytsa")

LEGEND_W = 250


def save_png(surface, out: str | os.PathLike[str]) -> None:
    """Write ``surface`` to the PNG ``out`` through :func:`engine.safeio.atomic_path`: only a regular file
    is created or replaced (a symlink, device or directory is refused, never written through) and a
    failed write leaves the old picture. EngineError says why it could not be written."""
    import pygame

    from engine.safeio import atomic_path
    try:
        with atomic_path(out) as tmp:
            pygame.image.save(surface, str(tmp))
    except (pygame.error, OSError) as e:
        raise EngineError(f"{os.fspath(out)}: cannot write the picture ({e})") from None


def render_png(tmap: TheatreMap, out: str | os.PathLike[str], width: int = 1600) -> tuple[int, int]:
    """Write the picture; returns its (width, height) in pixels."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    from engine.ui.mapdraw import DrawOptions, draw_map
    from engine.ui.style import load_style

    if width < 600 or width > 8000:
        raise EngineError(f"--width must be between 600 and 8000 pixels (got {width})")
    pygame.display.init()
    pygame.font.init()
    style = load_style()
    unit = Layout(1.0, (0.0, 0.0), True)
    xs, ys = [], []
    for h in tmap.hexes():
        x, y = unit.to_pixel(h)
        xs.append(x)
        ys.append(y)
    map_w = width - LEGEND_W
    size = (map_w - 4) / (max(xs) - min(xs) + 2.0)
    height = round((max(ys) - min(ys) + 2.0) * size) + 4
    layout = Layout(size, (2 + (1.0 - min(xs)) * size, 2 + (1.0 - min(ys)) * size), True)
    surf = pygame.Surface((width, height))
    font_px = max(12, round(width / 110))
    draw_map(surf, tmap, layout, style, pygame.Rect(0, 0, map_w, height),
             DrawOptions(grid=size >= 7, label_min_population=150_000 if width < 2400 else 60_000,
                         label_always=MILITARY_TOWNS, font_px=font_px))
    draw_map_legend(surf, pygame.Rect(map_w, 0, LEGEND_W, height), tmap, style, layout, font_px)
    save_png(surf, out)
    return width, height


def draw_map_legend(surf, rect, tmap: TheatreMap, style, layout: Layout, font_px: int) -> None:
    """The map's legend: terrain colours, rivers, border, rail gauges, roads, gauge changes, airfields,
    towns and a scale bar (``eastflank render`` and the table's Legend button draw the same)."""
    import pygame

    surf.fill((244, 241, 228), rect)
    pygame.draw.line(surf, (60, 60, 60), rect.topleft, rect.bottomleft, 2)
    title = pygame.font.Font(None, round(font_px * 1.5))
    font = pygame.font.Font(None, round(font_px * 1.15))
    small = pygame.font.Font(None, font_px)
    x, y = rect.left + 14, rect.top + 14
    ink = (25, 25, 25)

    def text(t: str, f=font, dy: int = 0) -> None:
        surf.blit(f.render(t, True, ink), (x, y + dy))

    text("Eastern Flank", title)
    y += round(font_px * 1.6)
    text(tmap.name, small)
    y += round(font_px * 1.1)
    text(f"hex {tmap.hex_km:g} km, {len(tmap.terrain)} hexes", small)
    y += round(font_px * 1.9)
    sw = round(font_px * 1.6)
    for t in ("open", "forest", "marsh", "urban", "water", "sea"):
        c = style.terrain_colour(t)
        pygame.draw.rect(surf, c[:3], (x, y, sw, round(sw * 0.75)))
        pygame.draw.rect(surf, (90, 90, 90), (x, y, sw, round(sw * 0.75)), 1)
        surf.blit(font.render(t, True, ink), (x + sw + 10, y))
        y += round(font_px * 1.55)
    y += round(font_px * 0.6)
    L = sw + 4

    def line_item(label: str, draw) -> None:
        nonlocal y
        cy = y + round(font_px * 0.45)
        draw(cy)
        surf.blit(font.render(label, True, ink), (x + L + 10, y))
        y += round(font_px * 1.55)

    m = style.map
    line_item("major river", lambda cy: pygame.draw.line(surf, m["river_major"][:3], (x, cy), (x + L, cy), 5))
    line_item("minor river", lambda cy: pygame.draw.line(surf, m["river_minor"][:3], (x, cy), (x + L, cy), 3))
    line_item("border", lambda cy: pygame.draw.line(surf, m["border"][:3], (x, cy), (x + L, cy), 4))

    def rail1520(cy):
        pygame.draw.line(surf, m["rail_1520"][:3], (x, cy), (x + L, cy), 4)
        for k in (6, L // 2, L - 6):
            pygame.draw.line(surf, m["rail_1520"][:3], (x + k, cy - 5), (x + k, cy + 5), 2)

    def rail1435(cy):
        pygame.draw.line(surf, m["rail_1435"][:3], (x, cy), (x + L, cy), 4)
        pygame.draw.line(surf, (245, 245, 245), (x, cy), (x + L, cy), 1)

    line_item("rail 1520 mm", rail1520)
    line_item("rail 1435 mm", rail1435)
    line_item("main road", lambda cy: pygame.draw.line(surf, m["road"][:3], (x, cy), (x + L, cy), 3))

    def trans(cy):
        pygame.draw.circle(surf, m["transshipment"][:3], (x + L // 2, cy), 7)
        pygame.draw.circle(surf, (0, 0, 0), (x + L // 2, cy), 7, 2)

    line_item("gauge change", trans)

    def air(cy):
        s = 7
        cx = x + L // 2
        pygame.draw.polygon(surf, m["airfield"][:3], [(cx, cy - s), (cx + s * 0.8, cy + s * 0.7),
                                                      (cx - s * 0.8, cy + s * 0.7)])

    line_item("military airfield", air)

    def town(cy):
        pygame.draw.circle(surf, m["place"][:3], (x + L // 2, cy), 4)

    line_item("town", town)
    # scale bar: 100 km
    y += round(font_px * 1.2)
    px_per_km = layout.hex_width / tmap.hex_km
    for km in (200, 100, 50):
        if km * px_per_km <= rect.width - 40:
            break
    bar = round(km * px_per_km)
    for i in range(4):
        col = (20, 20, 20) if i % 2 == 0 else (250, 250, 250)
        seg = bar // 4
        pygame.draw.rect(surf, col, (x + i * seg, y, seg, 8))
    pygame.draw.rect(surf, (20, 20, 20), (x, y, bar, 8), 1)
    y += 12
    surf.blit(small.render("0", True, ink), (x, y))
    lbl = small.render(f"{km} km", True, ink)
    surf.blit(lbl, (x + bar - lbl.get_width(), y))
    y += round(font_px * 1.5)
    text("equal-area projection,", small)
    y += round(font_px * 1.0)
    lat0, lon0 = tmap.grid.projection.lat0, tmap.grid.projection.lon0
    text(f"centre {lat0:g}N {lon0:g}E; north up", small)
    y += round(font_px * 1.6)
    for line in ("Sources: Natural Earth,", "MODIS MCD12C1, GSHHG,", "GeoNames, airportsdata,",
                 "maps/curated.yaml"):
        text(line, small)
        y += round(font_px * 1.0)

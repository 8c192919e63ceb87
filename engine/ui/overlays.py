"""Dynamic map overlays drawn every frame: bases, radii, cut rail links, target highlights.

Pure drawing of the plain values the Session hands out (BaseInfo, Bubble,
CutInfo, Strike orders); nothing here reads or changes the engine.
"""

from __future__ import annotations

import math
from typing import Callable, Iterable, Sequence

import pygame

from engine.geo.hexgrid import Hex, Layout
from engine.ui import text
from engine.ui.session import BaseInfo, Bubble, CutInfo

RGB = tuple[int, ...]

#: Colour of each kind of radius (AD red, EW violet, radar green, missile range orange).
BUBBLE_COLOURS: dict[str, tuple[int, int, int]] = {"ad": (220, 40, 40), "ew": (150, 60, 200),
                                                   "radar": (30, 150, 70), "range": (240, 130, 20)}
BUBBLE_NAMES = {"ad": "air defence", "ew": "EW", "radar": "radar", "range": "missile range"}
#: One-letter tag under each base symbol (the legend explains them).
BASE_LETTERS = {"logistic": "L", "air": "A", "garrison": "G", "radar": "R", "communications": "C", "depot": "D"}
SQRT3 = math.sqrt(3.0)


def radius_px(lay: Layout, hexes: int) -> float:
    """Pixel radius of a circle covering every hex within ``hexes`` of a centre."""
    return (hexes + 0.5) * SQRT3 * lay.size


def hex_poly(lay: Layout, h: Hex, shrink: float = 1.0) -> list[tuple[float, float]]:
    cx, cy = lay.to_pixel(h)
    return [(cx + (x - cx) * shrink, cy + (y - cy) * shrink) for x, y in lay.corners(h)]


def fill_hexes(scr: pygame.Surface, vp: pygame.Rect, lay: Layout, hexes: Iterable[Hex],
               rgba: tuple[int, int, int, int], outline: RGB | None = None) -> None:
    """Translucent fill of many hexes in one alpha layer (and an optional outline)."""
    hexes = list(hexes)
    if not hexes:
        return
    over = pygame.Surface(vp.size, pygame.SRCALPHA)
    olay = Layout(lay.size, (lay.origin[0] - vp.x, lay.origin[1] - vp.y), True)
    for h in hexes:
        pygame.draw.polygon(over, rgba, hex_poly(olay, h, 0.95))
    scr.blit(over, vp.topleft)
    if outline is not None:
        for h in hexes:
            pygame.draw.polygon(scr, outline[:3], hex_poly(lay, h, 0.9), 2)


def draw_bubbles(scr: pygame.Surface, vp: pygame.Rect, lay: Layout, bubbles: Sequence[Bubble],
                 filled: bool = True, name: Callable[[str], str] = lambda x: x) -> None:
    """Radii as circles: a faint fill (when ``filled``) and a solid rim, with a small label."""
    if not bubbles:
        return
    over = pygame.Surface(vp.size, pygame.SRCALPHA) if filled else None
    for b in bubbles:
        col = BUBBLE_COLOURS.get(b.kind, (200, 200, 200))
        x, y = lay.to_pixel(b.hex)
        r = radius_px(lay, b.radius)
        if over is not None and b.kind != "range":  # a missile range covers half the map: rim only
            pygame.draw.circle(over, (*col, 38), (round(x - vp.x), round(y - vp.y)), round(r))
    if over is not None:
        scr.blit(over, vp.topleft)
    for b in bubbles:
        col = BUBBLE_COLOURS.get(b.kind, (200, 200, 200))
        x, y = lay.to_pixel(b.hex)
        r = radius_px(lay, b.radius)
        _dashed_circle(scr, col, (x, y), r, 3 if b.kind == "ad" else 2)
        if b.kind == "ad":
            lab = f"AD {name(b.source.replace('base:', ''))}: {max(0, b.value - b.used)}/{b.value} pts"
        elif b.kind == "ew":
            lab = f"EW {name(b.source.replace('base:', ''))} r{b.radius}"
        elif b.kind == "radar":
            lab = f"radar r{b.radius}"
        else:
            lab = f"{name(b.source)} range {b.radius}" if b.source else f"range {b.radius}"
        t = text.render_halo(lab, 14, col, (250, 250, 245))
        scr.blit(t, t.get_rect(midbottom=(round(x), round(y - r - 1))))


def _dashed_circle(scr: pygame.Surface, col: RGB, c: tuple[float, float], r: float, w: int) -> None:
    n = max(12, min(90, int(r / 6)))
    for i in range(0, n, 2):
        a0, a1 = 2 * math.pi * i / n, 2 * math.pi * (i + 1) / n
        pygame.draw.line(scr, col[:3], (c[0] + r * math.cos(a0), c[1] + r * math.sin(a0)),
                         (c[0] + r * math.cos(a1), c[1] + r * math.sin(a1)), w)


def base_anchor(lay: Layout, h: Hex) -> tuple[int, int]:
    """Base symbols sit in the lower-left of their hex, so counters and names stay readable."""
    x, y = lay.to_pixel(h)
    return round(x - lay.size * 0.62), round(y + lay.size * 0.52)


def draw_bases(scr: pygame.Surface, lay: Layout, bases: Sequence[BaseInfo],
               colour_of: Callable[[str], RGB]) -> list[tuple[pygame.Rect, str]]:
    """A round badge per base in its side's colour with a symbol for its kind; returns hit rects."""
    out: list[tuple[pygame.Rect, str]] = []
    r = max(6, min(16, round(lay.size * 0.42)))
    for b in bases:
        cx, cy = base_anchor(lay, b.hex)
        fill = colour_of(b.side)[:3] if b.active else (150, 150, 150)
        pygame.draw.circle(scr, (20, 20, 20), (cx, cy), r + 1)
        pygame.draw.circle(scr, fill, (cx, cy), r)
        draw_base_symbol(scr, b.kind, (cx, cy), r)
        if not b.active:  # struck or not yet established: crossed out
            pygame.draw.line(scr, (200, 20, 20), (cx - r, cy - r), (cx + r, cy + r), 2)
        if lay.size >= 16:
            t = text.render_halo(b.name if lay.size >= 28 else BASE_LETTERS.get(b.kind, "?"), 13, (20, 20, 20),
                                 (250, 250, 245))
            scr.blit(t, t.get_rect(midtop=(cx, cy + r + 1)))
        out.append((pygame.Rect(cx - r, cy - r, 2 * r, 2 * r), b.id))
    return out


def draw_base_symbol(scr: pygame.Surface, kind: str, c: tuple[int, int], r: int) -> None:
    """Kind glyphs: plane (air), dish (radar), lightning (communications), crate (depot),
    supply bar (logistic), flag (garrison)."""
    ink = (15, 15, 15)
    x, y = c
    k = max(2, round(r * 0.6))
    w = 2 if r >= 8 else 1
    if kind == "air":
        pygame.draw.line(scr, ink, (x, y - k), (x, y + k), w)
        pygame.draw.line(scr, ink, (x - k, y - 1), (x + k, y - 1), w)
        pygame.draw.line(scr, ink, (x - k // 2, y + k), (x + k // 2, y + k), w)
    elif kind == "radar":
        pygame.draw.arc(scr, ink, (x - k, y - k, 2 * k, 2 * k), math.pi * 0.9, math.pi * 1.9, w)
        pygame.draw.line(scr, ink, (x, y), (x + k // 2, y - k // 2), w)
        pygame.draw.circle(scr, ink, (x + k // 2, y - k // 2), max(1, w))
    elif kind == "communications":
        pygame.draw.lines(scr, ink, False, [(x - k, y - k), (x + k // 3, y - k // 4), (x - k // 3, y + k // 4),
                                            (x + k, y + k)], w)
    elif kind == "depot":
        pygame.draw.rect(scr, ink, (x - k, y - k + 1, 2 * k, 2 * k - 2), w)
        pygame.draw.line(scr, ink, (x - k, y - k + 1), (x + k, y + k - 1), 1)
        pygame.draw.line(scr, ink, (x - k, y + k - 1), (x + k, y - k + 1), 1)
    elif kind == "logistic":
        pygame.draw.rect(scr, ink, (x - k, y - k, 2 * k, 2 * k), w)
        pygame.draw.line(scr, ink, (x - k, y + k // 2), (x + k, y + k // 2), w)
    elif kind == "garrison":
        pygame.draw.line(scr, ink, (x - k // 2, y - k), (x - k // 2, y + k), w)
        pygame.draw.polygon(scr, ink, [(x - k // 2, y - k), (x + k, y - k // 2), (x - k // 2, y)])
    else:
        t = text.render(BASE_LETTERS.get(kind, "?"), max(8, r + 4), ink, bold=True)
        scr.blit(t, t.get_rect(center=c))


def draw_cut_links(scr: pygame.Surface, lay: Layout, cuts: Sequence[CutInfo]) -> None:
    """Cut rail links: a red band over the link and a cross at its middle."""
    for c in cuts:
        a, b = lay.to_pixel(c.a), lay.to_pixel(c.b)
        w = max(3, round(lay.size / 3))
        pygame.draw.line(scr, (210, 20, 20), a, b, w)
        mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
        k = max(4, round(lay.size * 0.35))
        pygame.draw.line(scr, (255, 255, 255), (mx - k, my - k), (mx + k, my + k), 4)
        pygame.draw.line(scr, (255, 255, 255), (mx - k, my + k), (mx + k, my - k), 4)
        pygame.draw.line(scr, (160, 0, 0), (mx - k, my - k), (mx + k, my + k), 2)
        pygame.draw.line(scr, (160, 0, 0), (mx - k, my + k), (mx + k, my - k), 2)


def draw_rail_target(scr: pygame.Surface, lay: Layout, a: Hex, b: Hex, hot: bool = False) -> None:
    pa, pb = lay.to_pixel(a), lay.to_pixel(b)
    pygame.draw.line(scr, (255, 150, 0) if not hot else (255, 230, 0), pa, pb, max(4, round(lay.size / 2.5)))
    pygame.draw.circle(scr, (255, 150, 0), (round((pa[0] + pb[0]) / 2), round((pa[1] + pb[1]) / 2)),
                       max(3, round(lay.size / 4)))


def legend_rows() -> list[tuple[str, str]]:
    """(tag, meaning) rows for the map legend overlay."""
    return [("G/A/D", "readiness bar: garrison grey, alerted amber, deployed green"),
            ("OOS", "red corner: out of supply"),
            ("orange dot", "transshipping at a gauge change"),
            ("bases", "round badges: plane air, dish radar, bolt comms, crate depot, barred box logistic, flag garrison"),
            ("red X", "cut rail link"),
            ("dashed", "red air defence, violet EW, green radar, orange missile range")]

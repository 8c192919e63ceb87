"""A scenario drawn on the map before play: units, bases with their radii, objectives, ranges.

Used by ``eastflank render --scenario`` (a PNG for briefing packs) and by the
scenario editor. It reads only the loaded :class:`~engine.scenario.model.Scenario`
(no game state), so what the facilitator sees is what the file says.
"""

from __future__ import annotations

import math
import os
from collections import defaultdict
from typing import Iterable, Sequence

import attrs
import pygame

from engine.errors import EngineError
from engine.geo.hexgrid import Hex, Layout
from engine.geo.theatre import TheatreMap
from engine.scenario.model import Scenario, UnitSpec
from engine.ui import text
from engine.ui.render import save_png
from engine.ui.counters import CounterLook, CounterPainter, counter_px, echelon_mark
from engine.ui.style import Style

RGB = tuple[int, int, int]
#: Colour of each kind of radius (air defence red, EW violet, radar green, missile range orange).
RING_COLOURS: dict[str, RGB] = {"ad": (220, 40, 40), "ew": (150, 60, 200), "radar": (30, 150, 70),
                                "range": (240, 130, 20), "air": (40, 110, 220)}
RING_NAMES = {"ad": "air defence", "ew": "electronic warfare", "radar": "radar / detection", "range": "missile range",
              "air": "air base"}
BASE_LETTERS = {"logistic": "L", "air": "A", "garrison": "G", "radar": "R", "communications": "C", "depot": "D"}
SQRT3 = math.sqrt(3.0)


@attrs.frozen
class Ring:
    """A radius to draw: around a base or a unit."""

    hex: Hex
    radius: int
    kind: str
    label: str
    side: str


def rings(sc: Scenario, units: bool = True) -> list[Ring]:
    """The radii of the scenario's active bases and (with ``units``) of its units' types."""
    out: list[Ring] = []
    for b in sc.bases:
        if not b.active:
            continue
        e = b.effects
        if e.air_defence_radius:
            out.append(Ring(b.location, e.air_defence_radius, "ad", f"AD {b.name}", b.side))
        if e.ew_radius:
            out.append(Ring(b.location, e.ew_radius, "ew", f"EW {b.name}", b.side))
        if e.detection_range > 1:
            out.append(Ring(b.location, e.detection_range, "radar", f"radar {b.name}", b.side))
    if units:
        for u in sc.units:
            if u.box:  # off the map (rules/offmap.py): no ring on the map
                continue
            t = sc.rules.unit_types[u.type]
            if t.air_defence_radius:
                out.append(Ring(u.location, t.air_defence_radius, "ad", f"AD {u.name}", u.side))
            if t.ew_radius:
                out.append(Ring(u.location, t.ew_radius, "ew", f"EW {u.name}", u.side))
            if t.strike and t.range:
                out.append(Ring(u.location, t.range, "range", f"{u.name}: {t.range} hexes", u.side))
    return out


def radius_px(lay: Layout, hexes: int) -> float:
    return (hexes + 0.5) * SQRT3 * lay.size


def side_rgb(sc: Scenario, style: Style, side: str) -> RGB:
    colour = next((s.colour for s in sc.sides if s.id == side), "")
    return tuple(style.side_colour(side, colour)[:3])  # type: ignore[return-value]


def unit_look(sc: Scenario, style: Style, u: UnitSpec, dim: bool = False) -> CounterLook:
    t = sc.rules.unit_types[u.type]
    states = [s.id for s in sc.rules.readiness.states]
    level = states.index(u.readiness) / max(1, len(states) - 1) if u.readiness in states else -1.0
    hostile = u.side not in style.friendly_sides
    return CounterLook(side_rgb(sc, style, u.side), hostile, t.symbol, echelon_mark(t.size), u.strength, t.steps,
                       u.id, dim, style.hostile_frame == "diamond", u.readiness[:1].upper(), level)


def stacks(units: Iterable[UnitSpec]) -> dict[Hex, list[UnitSpec]]:
    out: dict[Hex, list[UnitSpec]] = defaultdict(list)
    for u in units:
        if not u.box:  # a unit that starts in an off-map box has no hex on the map
            out[u.location].append(u)
    return dict(out)


def _dashed_circle(scr: pygame.Surface, col: RGB, c: tuple[float, float], r: float, w: int) -> None:
    n = max(12, min(120, int(r / 6)))
    for i in range(0, n, 2):
        a0, a1 = 2 * math.pi * i / n, 2 * math.pi * (i + 1) / n
        pygame.draw.line(scr, col, (c[0] + r * math.cos(a0), c[1] + r * math.sin(a0)),
                         (c[0] + r * math.cos(a1), c[1] + r * math.sin(a1)), w)


#: Radii wider than this (hexes) get a rim only: an S-400's or a missile's reach would tint half the map.
FILL_MAX = 8


def draw_rings(scr: pygame.Surface, lay: Layout, items: Sequence[Ring], labels: bool = True) -> None:
    """Faint discs for short radii and dashed rims; labels for the short ones (long ones say it in the legend)."""
    if not items:
        return
    over = pygame.Surface(scr.get_size(), pygame.SRCALPHA)
    for r in items:
        if r.kind != "range" and r.radius <= FILL_MAX:
            x, y = lay.to_pixel(r.hex)
            pygame.draw.circle(over, (*RING_COLOURS[r.kind], 30), (round(x), round(y)), round(radius_px(lay, r.radius)))
    scr.blit(over, (0, 0))
    for r in items:
        x, y = lay.to_pixel(r.hex)
        rad = radius_px(lay, r.radius)
        if r.radius <= FILL_MAX:
            _dashed_circle(scr, RING_COLOURS[r.kind], (x, y), rad, 2)
        else:  # a long reach: one thin solid circle (dashes this long read as noise)
            pygame.draw.circle(scr, RING_COLOURS[r.kind], (round(x), round(y)), round(rad), 1)
        if labels and r.radius <= FILL_MAX:
            t = text.render_halo(r.label[:40], 13, RING_COLOURS[r.kind], (250, 250, 245))
            scr.blit(t, t.get_rect(midbottom=(round(x), round(y - rad - 1))))


def draw_bases(scr: pygame.Surface, sc: Scenario, lay: Layout, style: Style,
               names: bool = True) -> list[tuple[pygame.Rect, str]]:
    """A round badge per base (grey and crossed when not yet active); returns hit rects by base id."""
    out = []
    r = max(7, min(16, round(lay.size * 0.45)))
    for b in sc.bases:
        x, y = lay.to_pixel(b.location)
        cx, cy = round(x - lay.size * 0.62), round(y + lay.size * 0.52)
        fill = side_rgb(sc, style, b.side) if b.active else (160, 160, 160)
        pygame.draw.circle(scr, (20, 20, 20), (cx, cy), r + 1)
        pygame.draw.circle(scr, fill, (cx, cy), r)
        t = text.render(BASE_LETTERS.get(b.kind, "?"), max(10, round(r * 1.4)), (255, 255, 255), bold=True)
        scr.blit(t, t.get_rect(center=(cx, cy)))
        if not b.active:
            pygame.draw.line(scr, (200, 20, 20), (cx - r, cy - r), (cx + r, cy + r), 2)
        if names:
            lab = text.render_halo(b.name[:34], 12, (20, 20, 20), (250, 250, 245))
            scr.blit(lab, lab.get_rect(midtop=(cx, cy + r + 1)))
        out.append((pygame.Rect(cx - r, cy - r, 2 * r, 2 * r), b.id))
    return out


def draw_objectives(scr: pygame.Surface, sc: Scenario, lay: Layout, style: Style) -> None:
    """A star in the scoring side's colour with the points, and the objective's name."""
    for ob in sc.victory.objectives:
        x, y = lay.to_pixel(ob.hex)
        cx, cy = x + lay.size * 0.6, y - lay.size * 0.6
        r = max(8, min(18, lay.size * 0.5))
        pts = []
        for k in range(10):
            a = -math.pi / 2 + k * math.pi / 5
            rr = r if k % 2 == 0 else r * 0.45
            pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
        pygame.draw.polygon(scr, side_rgb(sc, style, ob.side), pts)
        pygame.draw.polygon(scr, (20, 20, 20), pts, 2)
        t = text.render_halo(f"{ob.name} {ob.points}", 13, (20, 20, 20), (255, 240, 140), bold=True)
        scr.blit(t, t.get_rect(midleft=(round(cx + r + 2), round(cy))))


def draw_units(scr: pygame.Surface, sc: Scenario, lay: Layout, style: Style, painter: CounterPainter,
               selected: str = "") -> list[tuple[pygame.Rect, str]]:
    """Each stack of the scenario's units; returns the top chit's rect per unit id (for clicks)."""
    px = counter_px(lay.size)
    out = []
    for h, us in sorted(stacks(sc.units).items()):
        looks = [unit_look(sc, style, u) for u in us]
        hi = next((i for i, u in enumerate(us) if u.id == selected), -1)
        rect = painter.draw_stack(scr, lay.to_pixel(h), looks, px, (255, 220, 0) if hi >= 0 else None, hi)
        out += [(rect, u.id) for u in reversed(us)]  # the top unit last: hit tests search from the end
    return out


def draw_scenario(scr: pygame.Surface, sc: Scenario, lay: Layout, style: Style, painter: CounterPainter,
                  ranges: bool = True, selected: str = "") -> list[tuple[pygame.Rect, str]]:
    """Radii, bases, objectives, then units on top; returns hit rects ('unit:ID' / 'base:ID')."""
    draw_rings(scr, lay, rings(sc, units=ranges), labels=lay.size >= 6)
    hits = [(r, f"base:{b}") for r, b in draw_bases(scr, sc, lay, style, names=lay.size >= 9)]
    draw_objectives(scr, sc, lay, style)
    hits += [(r, f"unit:{u}") for r, u in draw_units(scr, sc, lay, style, painter, selected)]
    return hits


# --- the briefing picture ---------------------------------------------------------------------

def extent(sc: Scenario, tmap: TheatreMap, margin: int = 4) -> list[Hex]:
    """The map hexes around everything the scenario places (units, bases, objectives, entries)."""
    hexes = [u.location for u in sc.units] + [b.location for b in sc.bases] + [o.hex for o in sc.victory.objectives]
    hexes += [h for s in sc.sides for h in s.entry_hexes]
    if not hexes:
        return list(tmap.hexes())
    qs, rs = [h[0] for h in hexes], [h[1] for h in hexes]
    lo_q, hi_q, lo_r, hi_r = min(qs) - margin, max(qs) + margin, min(rs) - margin, max(rs) + margin
    inside = [h for h in tmap.hexes() if lo_q <= h[0] <= hi_q and lo_r <= h[1] <= hi_r]
    return inside or list(tmap.hexes())


LEGEND_W = 330


def picture_layout(sc: Scenario, tmap: TheatreMap, map_w: int) -> tuple[Layout, int]:
    """The layout that fits the scenario's extent into ``map_w`` pixels, and the picture's height."""
    unit = Layout(1.0, (0.0, 0.0), True)
    pts = [unit.to_pixel(h) for h in extent(sc, tmap)]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    size = (map_w - 4) / (max(xs) - min(xs) + 2.0)
    height = max(700, round((max(ys) - min(ys) + 2.0) * size) + 4)
    return Layout(size, (2 + (1.0 - min(xs)) * size, 2 + (1.0 - min(ys)) * size), True), height


def render_scenario_png(sc: Scenario, tmap: TheatreMap, out: str | os.PathLike[str], width: int = 1800,
                        ranges: bool = True) -> tuple[int, int]:
    """Write the scenario's start on the map as a PNG with a legend; returns (width, height)."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from engine.ui.mapdraw import DrawOptions, draw_map
    from engine.ui.render import MILITARY_TOWNS
    from engine.ui.style import load_style

    if width < 800 or width > 8000:
        raise EngineError(f"--width must be between 800 and 8000 pixels (got {width})")
    pygame.display.init()
    pygame.font.init()
    style = load_style()
    map_w = width - LEGEND_W
    lay, height = picture_layout(sc, tmap, map_w)
    size = lay.size
    surf = pygame.Surface((width, height))
    surf.fill((244, 241, 228))
    font_px = max(12, round(width / 120))
    draw_map(surf, tmap, lay, style, pygame.Rect(0, 0, map_w, height),
             DrawOptions(grid=size >= 7, label_min_population=150_000, label_always=MILITARY_TOWNS, font_px=font_px))
    map_surf = surf.subsurface(pygame.Rect(0, 0, map_w, height))
    draw_scenario(map_surf, sc, lay, style, CounterPainter(), ranges=ranges)
    _legend(surf, pygame.Rect(map_w, 0, LEGEND_W, height), sc, style)
    save_png(surf, out)
    return width, height


def _legend(surf: pygame.Surface, rect: pygame.Rect, sc: Scenario, style: Style) -> None:
    surf.fill((244, 241, 228), rect)
    pygame.draw.line(surf, (60, 60, 60), rect.topleft, rect.bottomleft, 2)
    x, y = rect.left + 14, rect.top + 14
    ink = (25, 25, 25)

    def line(t: str, size: int = 15, bold: bool = False, colour: tuple[int, ...] = ink) -> None:
        nonlocal y
        for part in text.wrap(t, size, rect.width - 28, bold):
            surf.blit(text.render(part, size, colour, bold), (x, y))
            y += size + 3

    line(sc.title, 19, True)
    line(f"{sc.start_date}, {sc.turns} turns of {sc.turn_hours} h", 14)
    y += 8
    for s in sc.sides:
        n = sum(1 for u in sc.units if u.side == s.id)
        b = sum(1 for x_ in sc.bases if x_.side == s.id)
        pygame.draw.rect(surf, side_rgb(sc, style, s.id), (x, y + 2, 14, 14))
        x += 20
        line(f"{s.name}: {n} units, {b} bases", 15, True)
        x -= 20
        counts: dict[str, int] = defaultdict(int)
        for u in sc.units:
            if u.side == s.id:
                counts[sc.rules.unit_types[u.type].name] += 1
        for name, k in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:12]:
            line(f"  {k} × {name}", 13)
        y += 4
    y += 6
    line("Bases (letter = kind)", 15, True)
    line("L logistic, A air, G garrison, R radar, C communications, D depot; grey, crossed: not yet "
         "active (an event or option opens it)", 13)
    y += 6
    line("Radii (dashed)", 15, True)
    for kind, name in RING_NAMES.items():
        if kind == "air":
            continue
        pygame.draw.circle(surf, RING_COLOURS[kind], (x + 7, y + 8), 6, 2)
        x += 20
        line(name, 13)
        x -= 20
    y += 6
    line("Objectives (star: who scores, points)", 15, True)
    for ob in sc.victory.objectives:
        line(f"  {ob.name}: {ob.points} for {next((s.name for s in sc.sides if s.id == ob.side), ob.side)}", 13)
    if sc.rotations or sc.schedule:
        y += 6
        line("Later arrivals (not drawn)", 15, True)
        for r in sc.rotations:
            line(f"  rotation {r.unit.name} at {r.base} from turn {r.arrive}", 13)
        for e in sc.schedule:
            line(f"  turn {e.turn}: {'arrives ' + e.unit.name if e.unit else 'leaves ' + e.unit_id}", 13)

"""Unit counters in the NATO APP-6 style, drawn in code and cached per size.

A counter is a square chit in its side's colour holding the APP-6 frame
(rectangle for a friendly side, diamond for a hostile one), the function
symbol (armour oval, infantry cross, ...), the echelon above the frame
(II battalion, III regiment, X brigade, XX division) and the strength as
pips below. Chits are cached as Surfaces: a frame with many units blits
them instead of drawing.
"""

from __future__ import annotations

from typing import Iterable, Sequence

import attrs
import pygame

from engine.ui import text

RGB = tuple[int, ...]

#: Echelon marker drawn above the frame.
ECHELON = {"team": "Ø", "squad": "●", "section": "●●", "platoon": "●●●", "company": "I",
           "battalion": "II", "regiment": "III", "group": "III", "brigade": "X", "division": "XX",
           "corps": "XXX", "army": "XXXX", "front": "XXXXX"}

#: Symbol names the drawing knows; anything else is shown as text.
SYMBOLS = ("infantry", "armour", "mechanised", "motorised", "artillery", "rocket_artillery", "missile",
           "air_defence", "airborne", "air_assault", "ew", "hq", "recon", "engineer", "logistics",
           "aviation", "air", "signal", "special_forces", "marine", "police", "unknown")

_ALIASES = {"armor": "armour", "tank": "armour", "mechanized": "mechanised", "mech": "mechanised",
            "motorized": "motorised", "motor_rifle": "mechanised", "mlrs": "rocket_artillery",
            "air_defense": "air_defence", "sam": "air_defence", "ad": "air_defence",
            "electronic_warfare": "ew", "headquarters": "hq", "reconnaissance": "recon",
            "cavalry": "recon", "supply": "logistics", "helicopter": "aviation",
            "attack_helicopter": "aviation", "fighter": "air", "sof": "special_forces",
            "spetsnaz": "special_forces", "naval_infantry": "marine", "paratroopers": "airborne",
            "airmobile": "air_assault", "ballistic_missile": "missile", "iskander": "missile"}

INK = (20, 20, 20)


def canonical_symbol(symbol: str) -> str:
    s = symbol.strip().lower().replace("-", "_").replace(" ", "_")
    return _ALIASES.get(s, s)


def echelon_mark(size: str) -> str:
    return ECHELON.get(size.strip().lower(), "")


@attrs.frozen
class CounterLook:
    """Everything that decides how one counter looks (its cache key)."""

    fill: tuple[int, int, int]
    hostile: bool
    symbol: str
    echelon: str
    strength: int
    steps: int
    label: str = ""
    dim: bool = False  # spent this phase, or not ready
    diamond: bool = True  # hostile frame is a diamond (else a rectangle)
    ready_letter: str = ""  # first letter of the readiness state ("" = do not show)
    ready_level: float = -1.0  # 0 least ready .. 1 most ready; -1 unknown
    raising: bool = False  # readiness going up
    oos: bool = False  # out of supply
    transship: bool = False  # held at a transshipment point


#: Readiness bar colours from least to most ready.
READY_COLOURS = ((140, 140, 140), (235, 170, 30), (40, 160, 70))


def ready_colour(level: float) -> tuple[int, int, int]:
    if level < 0:
        return READY_COLOURS[0]
    i = min(len(READY_COLOURS) - 1, round(level * (len(READY_COLOURS) - 1)))
    return READY_COLOURS[i]


def _light(c: RGB, k: float = 0.55) -> tuple[int, int, int]:
    return tuple(round(c[i] + (255 - c[i]) * k) for i in range(3))  # type: ignore[return-value]


def _dark(c: RGB, k: float = 0.55) -> tuple[int, int, int]:
    return tuple(round(c[i] * k) for i in range(3))  # type: ignore[return-value]


class CounterPainter:
    """Draws counters and stacks; holds the cache of chit Surfaces."""

    def __init__(self) -> None:
        self._cache: dict[tuple[CounterLook, int], pygame.Surface] = {}
        self.drawn = 0  # chits actually painted (not blitted from cache)

    def chit(self, look: CounterLook, px: int) -> pygame.Surface:
        key = (look, px)
        surf = self._cache.get(key)
        if surf is None:
            if len(self._cache) > 3000:
                self._cache.clear()
            surf = self._paint(look, px)
            self._cache[key] = surf
        return surf

    def _paint(self, look: CounterLook, s: int) -> pygame.Surface:
        self.drawn += 1
        surf = pygame.Surface((s, s), pygame.SRCALPHA)
        fill = look.fill
        if look.dim:
            fill = tuple(round(c * 0.6 + 110 * 0.4) for c in fill)  # type: ignore[assignment]
        rad = max(1, s // 8)
        pygame.draw.rect(surf, fill, (0, 0, s, s), border_radius=rad)
        pygame.draw.rect(surf, _dark(fill, 0.45), (0, 0, s, s), max(1, s // 24), border_radius=rad)
        if s < 14:  # too small for a symbol: a coloured chit with a frame hint
            if look.hostile:
                pygame.draw.line(surf, INK, (2, s // 2), (s - 3, s // 2), 1)
            self._markers(surf, look, s)
            return surf
        frame_fill = _light(fill, 0.62)
        lw = max(1, s // 22)
        if look.hostile and look.diamond:
            cx, cy = s / 2, s * 0.44
            hw, hh = s * 0.45, s * 0.23
            pts = [(cx, cy - hh), (cx + hw, cy), (cx, cy + hh), (cx - hw, cy)]
            pygame.draw.polygon(surf, frame_fill, pts)
            pygame.draw.polygon(surf, INK, pts, lw)
            box = pygame.Rect(round(cx - hw * 0.55), round(cy - hh * 0.55), round(hw * 1.1), round(hh * 1.1))
        else:
            box = pygame.Rect(round(s * 0.15), round(s * 0.22), round(s * 0.70), round(s * 0.42))
            pygame.draw.rect(surf, frame_fill, box)
            pygame.draw.rect(surf, INK, box, lw)
        draw_symbol(surf, canonical_symbol(look.symbol), box, lw)
        self._markers(surf, look, s)
        mark = look.echelon
        if mark:
            t = text.render(mark, max(8, round(s * 0.27)), INK, bold=True)
            if t.get_width() > s - 4:
                t = pygame.transform.smoothscale(t, (s - 4, t.get_height()))
            surf.blit(t, t.get_rect(midbottom=(s // 2, round(s * 0.22) + 1)))
        self._strength(surf, look, s)
        return surf

    def _markers(self, surf: pygame.Surface, look: CounterLook, s: int) -> None:
        """Readiness bar and letter (left edge), out-of-supply corner (top right), transshipment dot."""
        if look.ready_letter:
            bw = max(2, s // 9)
            col = ready_colour(look.ready_level)
            pygame.draw.rect(surf, col, (0, 0, bw, s), border_top_left_radius=max(1, s // 8),
                             border_bottom_left_radius=max(1, s // 8))
            if s >= 30:
                lab = look.ready_letter + ("+" if look.raising else "")
                t = text.render(lab, max(9, round(s * 0.24)), INK, bold=True)
                bg = pygame.Rect(0, 0, t.get_width() + 3, t.get_height())
                pygame.draw.rect(surf, col, bg, border_top_left_radius=max(1, s // 8))
                surf.blit(t, (2, 1))
        if look.oos:
            k = max(5, round(s * 0.34))
            pygame.draw.polygon(surf, (215, 25, 25), [(s - k, 0), (s - 1, 0), (s - 1, k)])
            if s >= 34:
                t = text.render("OOS", max(9, round(s * 0.2)), (255, 255, 255), bold=True)
                tag = pygame.Rect(0, 0, t.get_width() + 4, t.get_height())
                tag.topright = (s, 0)
                pygame.draw.rect(surf, (215, 25, 25), tag)
                surf.blit(t, t.get_rect(center=tag.center))
        if look.transship:
            r = max(3, round(s * 0.14))
            c = (s - r - 1, s - r - 1)
            pygame.draw.circle(surf, (255, 140, 0), c, r)
            pygame.draw.circle(surf, INK, c, r, 1)

    def _strength(self, surf: pygame.Surface, look: CounterLook, s: int) -> None:
        """Pips for steps (filled = left, hollow = lost) and the unit id when there is room."""
        n = max(1, look.steps)
        y = round(s * 0.74)
        if s >= 34 and look.label:
            lab = text.render(look.label, max(9, round(s * 0.25)), INK)
            if lab.get_width() > s - 4:
                lab = pygame.transform.smoothscale(lab, (s - 4, lab.get_height()))
            surf.blit(lab, lab.get_rect(midbottom=(s // 2, s)))
            y = round(s * 0.71)
        else:
            y = round(s * 0.80)
        pip = max(2, min(round(s * 0.08), (s - 6) // (2 * n)))
        gap = pip + max(2, pip // 2 + 1)
        x0 = s / 2 - (n - 1) * gap / 2
        for i in range(n):
            r = pygame.Rect(0, 0, pip + 1, pip + 1)
            r.center = (round(x0 + i * gap), y)
            if i < look.strength:
                pygame.draw.rect(surf, INK, r)
            else:
                pygame.draw.rect(surf, INK, r, 1)

    def draw_stack(self, screen: pygame.Surface, centre: tuple[float, float], looks: Sequence[CounterLook],
                   px: int, highlight: RGB | None = None, highlight_index: int = -1) -> pygame.Rect:
        """Draw a stack centred on ``centre``: lower units peek out up-left, top unit last.

        Returns the top chit's rect (for hit tests). ``highlight_index`` rings one unit.
        """
        n = len(looks)
        if n == 0:
            return pygame.Rect(0, 0, 0, 0)
        off = max(2, px // 7)
        shown = min(n, 4)
        cx = round(centre[0] + off * (shown - 1) / 2)
        cy = round(centre[1] + off * (shown - 1) / 2)
        rect = pygame.Rect(0, 0, px, px)
        # looks[0] is the top of the stack: draw the bottom ones first.
        for k in range(shown - 1, -1, -1):
            rect = pygame.Rect(0, 0, px, px)
            rect.center = (cx - off * k, cy - off * k)
            screen.blit(self.chit(looks[k], px), rect)
            if highlight is not None and k == highlight_index:
                pygame.draw.rect(screen, highlight[:3], rect.inflate(4, 4), 2, border_radius=max(1, px // 8))
        if n > 1 and px >= 16:
            badge = text.render_halo(str(n), max(10, px // 3), (255, 255, 255), (0, 0, 0), bold=True)
            top = pygame.Rect(0, 0, px, px)
            top.center = (cx, cy)
            screen.blit(badge, badge.get_rect(center=(top.right, top.top)))
        return rect


def draw_symbol(surf: pygame.Surface, sym: str, box: pygame.Rect, lw: int) -> None:
    """The APP-6 function symbol inside the frame's box."""
    x0, y0, x1, y1 = box.left, box.top, box.right - 1, box.bottom - 1
    cx, cy = box.centerx, box.centery
    w, h = box.width, box.height

    def cross() -> None:
        pygame.draw.line(surf, INK, (x0, y0), (x1, y1), lw)
        pygame.draw.line(surf, INK, (x0, y1), (x1, y0), lw)

    def oval() -> None:
        pygame.draw.ellipse(surf, INK, box.inflate(-round(w * 0.30), -round(h * 0.36)), lw)

    if sym == "infantry":
        cross()
    elif sym == "armour":
        oval()
    elif sym == "mechanised":
        cross()
        oval()
    elif sym == "motorised":
        cross()
        pygame.draw.line(surf, INK, (cx, y0), (cx, y1), lw)
    elif sym in ("artillery", "rocket_artillery"):
        r = max(2, round(min(w, h) * 0.16))
        pygame.draw.circle(surf, INK, (cx, cy), r)
        if sym == "rocket_artillery":
            pygame.draw.lines(surf, INK, False, [(cx - r * 2, cy - r), (cx, cy - r * 3), (cx + r * 2, cy - r)], lw)
    elif sym == "missile":
        bw = max(2, round(w * 0.12))
        top = y0 + round(h * 0.12)
        body = pygame.Rect(cx - bw // 2, top + bw, bw, round(h * 0.75) - bw)
        pygame.draw.rect(surf, INK, body)
        pygame.draw.polygon(surf, INK, [(cx - bw, top + bw + 1), (cx + bw, top + bw + 1), (cx, top - 1)])
        pygame.draw.polygon(surf, INK, [(cx - bw * 1.6, body.bottom), (cx + bw * 1.6, body.bottom),
                                        (cx, body.bottom - bw * 2)])
    elif sym == "air_defence":
        dome = pygame.Rect(x0 + round(w * 0.12), cy - round(h * 0.05), round(w * 0.76), round(h * 0.95))
        pygame.draw.arc(surf, INK, dome, 0.0, 3.1416, max(lw, 2))
    elif sym in ("airborne", "air_assault"):
        cross()
        r = max(2, round(w * 0.11))
        by = y1 - max(2, round(h * 0.12))
        pygame.draw.arc(surf, INK, (cx - 2 * r, by - r, 2 * r, 2 * r), 0.0, 3.1416, lw)
        pygame.draw.arc(surf, INK, (cx, by - r, 2 * r, 2 * r), 0.0, 3.1416, lw)
        if sym == "air_assault":
            pygame.draw.line(surf, INK, (cx - 2 * r, y0 + 2), (cx + 2 * r, y0 + 2), lw)
    elif sym == "recon":
        pygame.draw.line(surf, INK, (x0, y1), (x1, y0), lw)
    elif sym == "engineer":
        ew, eh = round(w * 0.5), round(h * 0.35)
        pygame.draw.lines(surf, INK, False, [(cx - ew // 2, cy + eh // 2), (cx - ew // 2, cy - eh // 2),
                                             (cx + ew // 2, cy - eh // 2), (cx + ew // 2, cy + eh // 2)], lw)
        pygame.draw.line(surf, INK, (cx, cy - eh // 2), (cx, cy + eh // 2), lw)
    elif sym == "logistics":
        pygame.draw.line(surf, INK, (x0, y1 - round(h * 0.25)), (x1, y1 - round(h * 0.25)), lw)
    elif sym in ("aviation", "air"):
        bw, bh = round(w * 0.32), round(h * 0.28)
        pygame.draw.polygon(surf, INK, [(cx - bw, cy - bh), (cx + bw, cy + bh), (cx + bw, cy - bh),
                                        (cx - bw, cy + bh)], lw)
        if sym == "air":  # fixed wing: a wing bar across the rotor symbol
            pygame.draw.line(surf, INK, (x0 + 2, cy), (x1 - 2, cy), lw)
    elif sym == "signal":
        pygame.draw.lines(surf, INK, False, [(x0, y0), (cx, y1 - round(h * 0.3)), (cx, y0 + round(h * 0.3)),
                                             (x1, y1)], lw)
    else:
        label = {"ew": "EW", "hq": "HQ", "special_forces": "SF", "marine": "MAR", "police": "MP"}.get(
            sym, sym[:3].upper() or "?")
        size = max(8, round(h * 0.8))
        t = text.render(label, size, INK, bold=True)
        if t.get_width() > w - 2:
            t = pygame.transform.smoothscale(t, (max(1, w - 2), t.get_height()))
        surf.blit(t, t.get_rect(center=(cx, cy + 1)))
        if sym == "hq":  # APP-6 staff: a line from the frame's lower left
            pygame.draw.line(surf, INK, (x0, y0), (x0, min(surf.get_height() - 1, y1 + h // 2)), lw)


def short_name(name: str, uid: str = "") -> str:
    """A counter's label from the unit's name: '6th Guards Mechanised Brigade' -> '6 Gds' (8 characters at most)."""
    words = name.replace("-", " ").split()
    if not words:
        return uid[:8]
    first = words[0]
    num = first.rstrip("stndrh") if first[:1].isdigit() else ""
    if num and num.isdigit():
        first = num
    rest = next((w for w in words[1:] if w[:1].isalpha()), "")
    out = first if len(first) >= 6 or not rest else f"{first} {rest[:3]}"
    return out[:8]


def counter_px(zoom: float) -> int:
    """Chit size in pixels for a hex radius: a bit larger than the hex's inner circle (times the UI scale)."""
    return max(10, min(round(72 * text.SCALE), round(zoom * 1.65 * text.SCALE)))


def legend(painter: CounterPainter, fill: Iterable[int] = (127, 178, 229)) -> list[tuple[str, pygame.Surface]]:
    """One chit per known symbol (for the help overlay and tests)."""
    f = tuple(fill)[:3]
    return [(s, painter.chit(CounterLook(f, False, s, "X", 3, 4, s[:6]), 48)) for s in SYMBOLS]  # type: ignore[arg-type]

"""The after-action report inside the app: its text and charts over the table, scrollable.

Under fog of war before the game ends the report shows both sides' moves,
so the table asks first (the facilitator's decision).
"""

from __future__ import annotations

from typing import Sequence

import pygame

from engine.ui import text
from engine.ui.style import Style
from engine.ui.text import px


_WRAP: list[tuple[Sequence[str], int, float, list[str]]] = []  # (the report's lines, width, scale, wrapped)


def _wrapped(lines: Sequence[str], width: int) -> list[str]:
    """The report's lines wrapped to ``width``, once per report and width: wrapping a log of thousands of
    lines on every frame took a tenth of a second per frame (20,000 lines, half a second)."""
    for got, w, sc, parts in _WRAP:
        if got is lines and w == width and sc == text.SCALE:  # the same list: the reference keeps its id
            return parts
    parts = [part for ln in lines for part in text.wrap(ln, 18, width)]
    _WRAP[:] = [(lines, width, text.SCALE, parts)]  # one report is shown at a time
    return parts


def draw_report(screen: pygame.Surface, style: Style, lines: Sequence[str],
                charts: Sequence[tuple[str, pygame.Surface]], scroll: int, where: str = "") -> pygame.Rect:
    """Cover the window with the report (scrolled ``scroll`` px); returns the Close button's rect."""
    ui = style.ui
    w, h = screen.get_size()
    screen.fill((236, 236, 230))
    x, width = px(30), w - px(60)
    y = px(70) - scroll
    lh = text.line(18)
    parts = _wrapped(lines, width)
    first = max(0, (-40 - y) // lh)  # only the lines on screen are drawn
    y += first * lh
    for part in parts[first:]:
        if y >= h:
            break
        screen.blit(text.render(part, 18, (25, 25, 25)), (x, y))
        y += lh
    y = px(70) - scroll + len(parts) * lh
    y += px(10)
    target = 760  # charts at their drawn size (their type is already scaled): never blown up and blurred
    cols = max(1, (width + px(20)) // (target + px(20)))
    cw = min(target, (width - (cols - 1) * px(20)) // cols)
    row_h = 0
    for i, (_name, surf) in enumerate(charts):
        k = i % cols
        if k == 0 and i:
            y += row_h + px(16)
            row_h = 0
        sw = cw
        img = pygame.transform.smoothscale(surf, (sw, round(surf.get_height() * sw / surf.get_width())))
        if -img.get_height() < y < h:
            screen.blit(img, (x + k * (cw + px(20)), y))
        row_h = max(row_h, img.get_height())
    bar = pygame.Rect(0, 0, w, px(56))
    pygame.draw.rect(screen, ui["panel"][:3], bar)
    screen.blit(text.render("After-action report", 26, ui["accent"], bold=True), (x, px(12)))
    if where:
        t = text.render(f"also written to {where}", 15, ui["text_dim"])
        screen.blit(t, (x + px(320), px(20)))
    btn = pygame.Rect(0, 0, px(230), px(38))
    btn.topright = (w - px(20), px(9))
    pygame.draw.rect(screen, (40, 48, 60), btn, border_radius=6)
    pygame.draw.rect(screen, ui["accent"][:3], btn, 2, border_radius=6)
    lab = text.render("Close  (Esc, F10)", 19, (255, 255, 255), bold=True)
    screen.blit(lab, lab.get_rect(center=btn.center))
    return btn

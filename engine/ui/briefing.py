"""The title and briefing screen: what the seminar reads first, with the scenario's questions.

Shown when a table opens (before any hand-over), and again on demand (B);
it covers the map, so it shows no side's units.
"""

from __future__ import annotations

from typing import Sequence

import pygame

from engine.ui import text
from engine.ui.style import Style
from engine.ui.text import px


def draw_briefing(screen: pygame.Surface, style: Style, title: str, subtitle: str, briefing: str,
                  questions: Sequence[str], sides: Sequence[tuple[str, tuple[int, ...]]]) -> pygame.Rect:
    """Cover the screen with the briefing; returns the 'begin' button rect."""
    ui = style.ui
    w, h = screen.get_size()
    screen.fill((20, 26, 34))
    x, width = px(60), w - px(120)
    y = px(36)
    for ln in text.wrap(title, 40, width, bold=True)[:2]:
        screen.blit(text.render(ln, 40, ui["accent"], bold=True), (x, y))
        y += text.line(40, True)
    screen.blit(text.render(subtitle, 22, ui["text_dim"]), (x, y + px(4)))
    y += text.line(22) + px(14)
    sx = x
    for name, col in sides:
        pygame.draw.rect(screen, col[:3], (sx, y + px(2), px(16), px(16)))
        t = text.render(name, 20, ui["text"], bold=True)
        screen.blit(t, (sx + px(22), y))
        sx += t.get_width() + px(50)
    y += text.line(20) + px(16)
    btn = pygame.Rect(0, 0, px(300), px(48))
    btn.bottomright = (w - px(60), h - px(28))
    bottom = btn.top - px(10)
    lh = text.line(20)
    for para in briefing.strip().split("\n"):
        for ln in text.wrap(para, 20, width):
            if y > bottom - lh * (len(questions) + 3):
                break
            screen.blit(text.render(ln, 20, ui["text"]), (x, y))
            y += lh
    if questions:
        y += px(10)
        screen.blit(text.render("Questions for this seminar", 24, ui["accent"], bold=True), (x, y))
        y += text.line(24, True) + px(4)
        for q in questions:
            for i, ln in enumerate(text.wrap(q, 20, width - px(30))):
                if y > bottom - lh:
                    break
                screen.blit(text.render(("- " if i == 0 else "  ") + ln, 20, ui["text"]), (x + px(10), y))
                y += lh
    pygame.draw.rect(screen, (40, 48, 60), btn, border_radius=8)
    pygame.draw.rect(screen, ui["accent"][:3], btn, 2, border_radius=8)
    lab = text.render("Begin  (click or Enter)", 22, (255, 255, 255), bold=True)
    screen.blit(lab, lab.get_rect(center=btn.center))
    return btn

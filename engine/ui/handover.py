"""The hotseat hand-over screen: hides the map while the next side takes the seat.

Under fog of war the map must not show one side's units to the other, so the
whole window is covered until the incoming side confirms it is at the table.
"""

from __future__ import annotations

import pygame

from engine.ui import text
from engine.ui.style import Style


def draw_handover(screen: pygame.Surface, style: Style, side_name: str, side_colour: tuple[int, ...],
                  turn_text: str, phase: str, fog: bool) -> pygame.Rect:
    """Cover the screen; returns the 'ready' button rect."""
    w, h = screen.get_size()
    screen.fill((18, 22, 28))
    band = pygame.Rect(0, h // 2 - 130, w, 260)
    pygame.draw.rect(screen, side_colour[:3], band)
    pygame.draw.rect(screen, (0, 0, 0), band, 3)
    t = text.render(f"Hand over to {side_name}", 56, (15, 15, 15), bold=True)
    screen.blit(t, t.get_rect(center=(w // 2, band.top + 60)))
    sub = text.render(f"{turn_text}  -  {phase} phase", 28, (25, 25, 25))
    screen.blit(sub, sub.get_rect(center=(w // 2, band.top + 110)))
    note = ("Fog of war: only what your forces can see will be shown." if fog
            else "Everyone sees the whole map in this scenario.")
    n = text.render(note, 22, (35, 35, 35))
    screen.blit(n, n.get_rect(center=(w // 2, band.top + 145)))
    btn = pygame.Rect(0, 0, 320, 46)
    btn.center = (w // 2, band.bottom - 45)
    pygame.draw.rect(screen, (25, 30, 38), btn, border_radius=8)
    lab = text.render(f"{side_name} is ready  (Enter)", 24, (255, 255, 255), bold=True)
    screen.blit(lab, lab.get_rect(center=btn.center))
    return btn

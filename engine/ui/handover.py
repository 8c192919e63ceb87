"""The hotseat hand-over screen: hides the map while the next side takes the seat.

Under fog of war the map must not show one side's units to the other, so the
whole window is covered until the incoming side confirms it is at the table:
a click on the button, or a key pressed after a short delay (a key held from
the last screen never passes it). The screen also tells the side what it may
know happened since its last turn.
"""

from __future__ import annotations

from typing import Sequence

import pygame

from engine.ui import text
from engine.ui.style import Style

#: Digest lines starting with these are drawn as bad news.
ALARM = ("LOSS", "ATTACKED", "STRUCK")


def draw_handover(screen: pygame.Surface, style: Style, side_name: str, side_colour: tuple[int, ...],
                  turn_text: str, phase: str, fog: bool, digest: Sequence[str] = (),
                  keys_ready: bool = True) -> pygame.Rect:
    """Cover the screen; returns the 'ready' button rect."""
    z = text.px

    w, h = screen.get_size()
    screen.fill((18, 22, 28))
    band_h = z(250)
    top = max(z(20), min(h // 2 - band_h // 2, z(40)) if digest else h // 2 - band_h // 2)
    band = pygame.Rect(0, top, w, band_h)
    pygame.draw.rect(screen, side_colour[:3], band)
    pygame.draw.rect(screen, (0, 0, 0), band, 3)
    t = text.render(f"Hand over to {side_name}", 54, (15, 15, 15), bold=True)
    screen.blit(t, t.get_rect(center=(w // 2, band.top + z(50))))
    sub = text.render(f"{turn_text}  -  {phase} phase", 28, (25, 25, 25))
    screen.blit(sub, sub.get_rect(center=(w // 2, band.top + z(98))))
    note = ("Fog of war: only what your forces can see will be shown." if fog
            else "Everyone sees the whole map in this scenario.")
    n = text.render(note, 22, (35, 35, 35))
    screen.blit(n, n.get_rect(center=(w // 2, band.top + z(132))))
    btn = pygame.Rect(0, 0, z(380), z(48))
    btn.center = (w // 2, band.bottom - z(50))
    pygame.draw.rect(screen, (25, 30, 38), btn, border_radius=8)
    hint = "click, or Enter" if keys_ready else "click (keys in a moment)"
    lab = text.render(f"{side_name} is ready  ({hint})", 22, (255, 255, 255), bold=True)
    screen.blit(lab, lab.get_rect(center=btn.center))
    if digest:
        y = band.bottom + z(16)
        head = text.render("Since your last turn", 26, (235, 235, 235), bold=True)
        screen.blit(head, (z(40), y))
        y += text.line(26, True) + z(6)
        size = 23
        lh = text.line(size)
        for ln in digest:
            col = (255, 120, 110) if ln.startswith(ALARM) else (225, 225, 225)
            for part in text.wrap(ln, size, w - z(100)):
                if y > h - lh - 6:
                    more = text.render("... (the log on the right has the rest)", size, (170, 170, 170))
                    screen.blit(more, (z(60), y))
                    return btn
                screen.blit(text.render(part, size, col), (z(60), y))
                y += lh + 2
    return btn

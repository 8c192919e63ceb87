"""Fonts and text drawing: pygame's default font only, so nothing is downloaded."""

from __future__ import annotations

import pygame

_FONTS: dict[tuple[int, bool], pygame.font.Font] = {}
#: Every size and layout length is multiplied by this (``--scale``, or automatic from the window height).
SCALE = 1.0


def set_scale(scale: float) -> None:
    global SCALE
    SCALE = max(0.5, min(4.0, float(scale)))


def auto_scale(height: int) -> float:
    """1.0 up to 800 px high (laptops keep the compact layout), then larger: 1.8 at 1080 (projectors)."""
    return round(min(2.5, 1.0 + max(0, height - 800) / 350), 2)


def px(v: float) -> int:
    """A length in pixels at the current scale."""
    return round(v * SCALE)
_HALO: dict[tuple[str, int, tuple[int, ...], tuple[int, ...], bool], pygame.Surface] = {}


def font(size: int, bold: bool = False) -> pygame.font.Font:
    """The default font at ``size`` px, cached (Font objects are costly to make)."""
    key = (max(6, round(size * SCALE)), bold)
    if not pygame.font.get_init():  # fonts made before a pygame.quit() are dead
        pygame.font.init()
        _FONTS.clear()
    f = _FONTS.get(key)
    if f is None:
        f = pygame.font.Font(None, key[0])
        f.set_bold(bold)
        _FONTS[key] = f
    return f


def render(text: str, size: int, colour: tuple[int, ...], bold: bool = False) -> pygame.Surface:
    """One line of text (a NUL, which pygame refuses to draw, is shown as a space: a pasted or typed one
    in the console raised on every frame)."""
    return font(size, bold).render(text.replace("\x00", " "), True, colour[:3])


def render_halo(text: str, size: int, colour: tuple[int, ...], halo: tuple[int, ...],
                bold: bool = False) -> pygame.Surface:
    """Text with a 1-px halo, readable over any terrain (cached: labels repeat)."""
    key = (text, round(size * SCALE), tuple(colour), tuple(halo), bold)
    surf = _HALO.get(key)
    if surf is None:
        f = font(size, bold)
        fg = f.render(text, True, colour[:3])
        bg = f.render(text, True, halo[:3])
        w, h = fg.get_width() + 2, fg.get_height() + 2
        surf = pygame.Surface((w, h), pygame.SRCALPHA)
        for dx, dy in ((0, 1), (2, 1), (1, 0), (1, 2), (0, 0), (2, 2), (0, 2), (2, 0)):
            surf.blit(bg, (dx, dy))
        surf.blit(fg, (1, 1))
        if len(_HALO) > 4000:
            _HALO.clear()
        _HALO[key] = surf
    return surf


def line(size: int, bold: bool = False) -> int:
    """The height of one line of text at ``size`` (scaled)."""
    return font(size, bold).get_linesize()


def wrap(text: str, size: int, width: int, bold: bool = False) -> list[str]:
    """Split ``text`` into lines no wider than ``width`` pixels (keeps explicit newlines)."""
    f = font(size, bold)
    out: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split(" "):
            trial = f"{line} {word}" if line else word
            if f.size(trial)[0] <= width or not line:
                line = trial
            else:
                out.append(line)
                line = word
        out.append(line)
    return out

"""Decision cards in a drawer below the map: the map shrinks above it instead of being covered.

Cards keep the scenario's order (a pick never reshuffles them); fact
references such as "(F1, F13)" move from the text into a tooltip, so they
do not read as keys (F1 opens the console).
"""

from __future__ import annotations

import re
from typing import Sequence

import pygame

from engine.ui import text
from engine.ui.info import OptionCard
from engine.ui.panels import CARD_H, CARD_W, PAD
from engine.ui.style import Style
from engine.ui.text import px

#: Footer text of a card (cost, delay, needs): at 1920x1080 it must read as panel text (>= 18 px).
FOOT = 16

_REFS = re.compile(r"\s*\(((?:F\d+[a-z]?(?:,\s*)?)+|facts?\s[^)]*)\)")


def split_refs(description: str) -> tuple[str, list[str]]:
    """('text without references', ['F1', 'F13']) for a card or track description."""
    refs: list[str] = []
    for m in _REFS.finditer(description):
        refs.extend(x.strip() for x in m.group(1).split(",") if x.strip())
    return _REFS.sub("", description).strip(), refs


def drawer_height() -> int:
    return px(CARD_H) + 2 * px(PAD) + text.line(15, True)


def draw_drawer(screen: pygame.Surface, area: pygame.Rect, style: Style, cards: Sequence[OptionCard],
                track_names: dict[str, str], scroll: int, mouse: tuple[int, int]
                ) -> tuple[list[tuple[pygame.Rect, str]], list[tuple[pygame.Rect, list[str]]], int]:
    """The drawer: one row of cards (scrolled by ``scroll``); returns (takeable card rects, reference
    tooltips, how many cards fit)."""
    ui = style.ui
    pygame.draw.rect(screen, ui["panel"][:3], area)
    pygame.draw.line(screen, ui["accent"][:3], area.topleft, area.topright, 2)
    cw, ch, pad = px(CARD_W), px(CARD_H), px(PAD)
    fit = max(1, (area.width - pad) // (cw + pad))
    scroll = max(0, min(scroll, max(0, len(cards) - fit)))
    head = f"DECISION CARDS ({len(cards)})  -  C hides the drawer"
    if len(cards) > fit:
        head += f"  -  {scroll + 1}-{min(len(cards), scroll + fit)} shown, wheel or [ ] scroll"
    screen.blit(text.render(head, 15, ui["text_dim"], bold=True), (area.left + pad, area.top + px(3)))
    top = area.top + text.line(15, True) + px(4)
    takeable: list[tuple[pygame.Rect, str]] = []
    tips: list[tuple[pygame.Rect, list[str]]] = []
    for k, c in enumerate(cards[scroll:scroll + fit]):
        r = pygame.Rect(area.left + pad + k * (cw + pad), top, cw, ch)
        desc, refs = split_refs(c.description)
        hot = r.collidepoint(mouse) and c.available
        pygame.draw.rect(screen, (ui["card"] if c.available else ui["panel"])[:3], r, border_radius=8)
        pygame.draw.rect(screen, (ui["accent"] if hot else ui["card_edge"])[:3], r, 2, border_radius=8)
        x, y = r.left + px(8), r.top + px(6)
        # the title keeps clear of the 'sources' badge in the card's top-right corner
        title_w = cw - px(16) - (text.render("sources", 12, (0, 0, 0), bold=True).get_width() + px(10) if refs else 0)
        for ln in text.wrap(c.name, 17, title_w, bold=True)[:2]:
            screen.blit(text.render(ln, 17, ui["text"] if c.available else ui["text_dim"], bold=True), (x, y))
            y += text.line(17, True)
        for ln in text.wrap(desc, 15, cw - px(16))[:3]:
            screen.blit(text.render(ln, 15, ui["text_dim"]), (x, y))
            y += text.line(15)
        cost = ", ".join(f"{track_names.get(k_, k_)} {v:+d}" for k_, v in c.cost) or "none"
        foot = [f"cost: {cost}   delay: {c.delay} turn{'s' if c.delay != 1 else ''}"]
        if c.needs:
            foot.append("needs: " + ", ".join(c.needs))
        foot.append("TAKEN" if c.taken else "" if c.available else c.why_not)
        fy = r.bottom - px(4) - text.line(FOOT) * len(foot)
        for ln in foot:
            col = ui["good"] if ln == "TAKEN" else ui["accent"] if ln.startswith("cost") else \
                ui["text_dim"] if ln.startswith("needs") else ui["bad"]
            for part in text.wrap(ln, FOOT, cw - px(16))[:1]:
                screen.blit(text.render(part, FOOT, col), (x, fy))
            fy += text.line(FOOT)
        if refs:
            badge = text.render("sources", 12, (20, 20, 20), bold=True)
            br = badge.get_rect(topright=(r.right - px(6), r.top + px(4))).inflate(px(6), px(2))
            pygame.draw.rect(screen, ui["accent"][:3], br, border_radius=4)
            screen.blit(badge, badge.get_rect(center=br.center))
            tips.append((br, [f"Sources: {', '.join(refs)}", "(fact sheet references, see seeds/ and the guide)"]))
        if c.available and not c.taken:
            takeable.append((r, c.id))
    return takeable, tips, fit

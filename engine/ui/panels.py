"""Panels around the map: turn/phase bar with track gauges, hover box, unit box,
log, decision cards, pop-ups and buttons.

Panels are pure drawing of plain values the Session hands out; they hold no
game logic. Each draw function returns the rects it made clickable.
"""

from __future__ import annotations

from typing import Callable, Sequence

import attrs
import pygame

from engine.ui import text
from engine.ui.text import px
from engine.ui.session import HexInfo, OddsInfo, OptionCard, TrackInfo, UnitInfo
from engine.ui.style import Style

PAD = 8


@attrs.define
class Button:
    id: str
    label: str
    rect: pygame.Rect
    enabled: bool = True
    hint: str = ""

    def draw(self, screen: pygame.Surface, style: Style, hot: bool = False) -> None:
        ui = style.ui
        bg = ui["card"] if self.enabled else ui["panel"]
        pygame.draw.rect(screen, bg[:3], self.rect, border_radius=5)
        pygame.draw.rect(screen, (ui["accent"] if hot and self.enabled else ui["card_edge"])[:3], self.rect, 1,
                         border_radius=5)
        col = ui["text"] if self.enabled else ui["text_dim"]
        t = text.render(self.label, 18, col, bold=True)
        if self.hint:
            h = text.render(self.hint, 14, ui["text_dim"])
            total = t.get_width() + px(6) + h.get_width()
            x = self.rect.centerx - total // 2
            screen.blit(t, t.get_rect(midleft=(x, self.rect.centery)))
            screen.blit(h, h.get_rect(midleft=(x + t.get_width() + px(6), self.rect.centery + 1)))
        else:
            screen.blit(t, t.get_rect(center=self.rect.center))

    def hit(self, pos: tuple[int, int]) -> bool:
        return self.enabled and self.rect.collidepoint(pos)


def panel(screen: pygame.Surface, rect: pygame.Rect, style: Style, title: str = "") -> int:
    """Panel background; returns the y below its title."""
    pygame.draw.rect(screen, style.ui["panel"][:3], rect)
    pygame.draw.rect(screen, style.ui["panel_edge"][:3], rect, 1)
    y = rect.top + px(PAD)
    if title:
        t = text.render(title.upper(), 15, style.ui["text_dim"], bold=True)
        screen.blit(t, (rect.left + px(PAD), y))
        y += t.get_height() + px(4)
    return y


def draw_top_bar(screen: pygame.Surface, rect: pygame.Rect, style: Style, title: str, turn_text: str,
                 phase: str, side_name: str, side_colour: tuple[int, ...],
                 tracks: Sequence[TrackInfo]) -> list[tuple[pygame.Rect, TrackInfo]]:
    ui = style.ui
    pygame.draw.rect(screen, ui["panel"][:3], rect)
    pygame.draw.line(screen, ui["panel_edge"][:3], rect.bottomleft, rect.bottomright)
    x = rect.left + px(PAD)
    t = text.render(fit_text(title, 20, min(px(640), rect.width // 2), True), 20, ui["text"], bold=True)
    screen.blit(t, (x, rect.top + px(4)))
    sub = text.render(turn_text, 16, ui["text_dim"])
    screen.blit(sub, (x, rect.top + px(24)))
    x += max(t.get_width(), sub.get_width()) + px(18)
    ph = text.render(phase.upper(), 22, ui["accent"], bold=True)
    screen.blit(ph, (x, rect.top + px(4)))
    x2 = x
    sw = pygame.Rect(x2, rect.top + px(27), px(12), px(12))
    pygame.draw.rect(screen, side_colour[:3], sw)
    pygame.draw.rect(screen, (0, 0, 0), sw, 1)
    s = text.render(f"{side_name} to act", 16, ui["text"])
    screen.blit(s, (x2 + px(16), rect.top + px(26)))
    x += max(ph.get_width(), px(16) + s.get_width()) + px(20)
    # gauges fill the rest
    shown: list[tuple[pygame.Rect, TrackInfo]] = []
    if tracks:
        avail = rect.right - px(PAD) - x
        gw = min(190, max(90, avail // len(tracks) - 8))
        for tr in tracks:
            if x + gw > rect.right - px(PAD):
                break
            g = pygame.Rect(x, rect.top + 4, gw, rect.height - 8)
            draw_gauge(screen, g, style, tr)
            shown.append((g, tr))
            x += gw + 8
    return shown


def draw_tooltip(screen: pygame.Surface, style: Style, pos: tuple[int, int], rows: Sequence[str]) -> None:
    """A small box of text under the mouse (full track names, thresholds)."""
    imgs = [text.render(r, 15, style.ui["text"]) for r in rows]
    w = max(i.get_width() for i in imgs) + px(12)
    h = text.line(15) * len(imgs) + px(8)
    r = pygame.Rect(pos[0], pos[1] + px(18), w, h)
    r.right = min(r.right, screen.get_width() - 2)
    pygame.draw.rect(screen, style.ui["console"][:3], r, border_radius=4)
    pygame.draw.rect(screen, style.ui["accent"][:3], r, 1, border_radius=4)
    for k, i in enumerate(imgs):
        screen.blit(i, (r.left + px(6), r.top + px(4) + text.line(15) * k))


TRACK_STRIP_H = 50


def draw_track_strip(screen: pygame.Surface, rect: pygame.Rect, style: Style,
                     tracks: Sequence[TrackInfo]) -> list[tuple[pygame.Rect, TrackInfo]]:
    """Every track across the window, each with its whole name, its value and labelled threshold ticks."""
    ui = style.ui
    pygame.draw.rect(screen, ui["panel"][:3], rect)
    pygame.draw.line(screen, ui["panel_edge"][:3], rect.bottomleft, rect.bottomright)
    if not tracks:
        return []
    pad = px(PAD)
    gw = (rect.width - pad) // len(tracks) - pad
    out = []
    for i, tr in enumerate(tracks):
        g = pygame.Rect(rect.left + pad + i * (gw + pad), rect.top + px(3), gw, rect.height - px(6))
        draw_gauge(screen, g, style, tr)
        out.append((g, tr))
    return out


def gauge_name(name: str, width: int) -> tuple[int, list[str]]:
    """(type size, lines) showing a track's whole name in two lines of ``width`` (smaller type before cutting)."""
    for size in (15, 14, 13, 12, 11, 10, 9):
        lines = text.wrap(name, size, width)
        if len(lines) <= 2 and all(text.font(size).size(ln)[0] <= width for ln in lines):
            return size, lines
    return 9, [fit_text(name, 9, width)]


def draw_gauge(screen: pygame.Surface, rect: pygame.Rect, style: Style, tr: TrackInfo) -> None:
    """A track: its whole name (two lines, smaller type if needed), value, bar and labelled threshold ticks."""
    ui = style.ui
    val = text.render(str(tr.value), 17, ui["text"], bold=True)
    screen.blit(val, val.get_rect(topright=(rect.right, rect.top)))
    size, lines = gauge_name(tr.name, rect.width - val.get_width() - px(6))
    lh = text.line(size)
    for k, ln in enumerate(lines):
        screen.blit(text.render(ln, size, ui["text_dim"]), (rect.left, rect.top + k * lh))
    tick = text.line(10)
    top = rect.top + 2 * lh + px(1)
    bar = pygame.Rect(rect.left, top, rect.width, max(px(5), rect.bottom - top - tick))
    pygame.draw.rect(screen, (45, 52, 63), bar)
    span = max(1, tr.max - tr.min)
    frac = (tr.value - tr.min) / span
    fill = bar.copy()
    fill.width = round(bar.width * max(0.0, min(1.0, frac)))
    # the more of a track, the hotter its colour
    hot = (round(90 + 150 * frac), round(190 - 120 * frac), 90)
    pygame.draw.rect(screen, hot, fill)
    last_right = -999
    for _label, v in tr.thresholds:
        tx = bar.left + round(bar.width * (v - tr.min) / span)
        pygame.draw.line(screen, ui["text"][:3], (tx, bar.top - 2), (tx, bar.bottom + 1), 1)
        lab = text.render(str(v), 10, ui["text_dim"])
        r = lab.get_rect(midtop=(tx, bar.bottom + 1))
        r.clamp_ip(pygame.Rect(rect.left, r.top, rect.width, r.height))
        if r.left > last_right + 2:  # ticks too close share the first label
            screen.blit(lab, r)
            last_right = r.right
    pygame.draw.rect(screen, ui["panel_edge"][:3], bar, 1)


def fit_text(t: str, size: int, width: int, bold: bool = False) -> str:
    """``t`` shortened with '..' to fit ``width`` pixels (never squashed: squashed text is unreadable)."""
    f = text.font(size, bold)
    if f.size(t)[0] <= width:
        return t
    while t and f.size(t + "..")[0] > width:
        t = t[:-1]
    return t.rstrip() + ".."


def _lines(screen: pygame.Surface, x: int, y: int, width: int, rows: Sequence[tuple[str, str]],
           style: Style, bottom: int) -> int:
    """Key/value rows wrapped to ``width``; returns the next y."""
    ui = style.ui
    lh = text.line(16)
    kw = px(74)
    for key, value in rows:
        if y > bottom - lh:
            break
        k = text.render(key, 15, ui["text_dim"])
        screen.blit(k, (x, y + 1))
        kx = x + kw
        for i, ln in enumerate(text.wrap(value, 16, width - kw)):
            if y > bottom - lh:
                break
            screen.blit(text.render(ln, 16, ui["text"]), (kx, y))
            y += lh
        y += px(2)
    return y


def draw_hover(screen: pygame.Surface, rect: pygame.Rect, style: Style, info: HexInfo | None,
               side_name: Callable[[str], str], label: str = "",
               extra: Sequence[tuple[str, str]] = ()) -> int:
    y = panel(screen, rect, style, "Hex" + (f" - {label}" if label else ""))
    if info is None:
        t = text.render("Point at the map.", 16, style.ui["text_dim"])
        screen.blit(t, (rect.left + px(PAD), y))
        return rect.bottom
    rows: list[tuple[str, str]] = []
    if info.places:
        rows.append(("place", ", ".join(info.places[:3])))
    rows.append(("terrain", f"{info.terrain}   ({info.hex.q},{info.hex.r})"))
    rows.append(("country", info.country))
    if info.control:
        rows.append(("held by", side_name(info.control)))
    if info.rivers:
        rows.append(("rivers", ", ".join(info.rivers)))
    if info.rail:
        rows.append(("rail", ", ".join(info.rail)))
    if info.roads:
        rows.append(("roads", ", ".join(info.roads)))
    if info.airfields:
        rows.append(("airfield", ", ".join(info.airfields)))
    for u in info.units[:6]:
        rows.append((side_name(u.side)[:10], f"{u.name} ({u.type_name}) {u.strength}/{u.steps}"))
    if len(info.units) > 6:
        rows.append(("", f"... and {len(info.units) - 6} more"))
    rows.extend(extra)
    return _lines(screen, rect.left + px(PAD), y, rect.width - 2 * px(PAD), rows, style, rect.bottom)


def draw_unit_box(screen: pygame.Surface, rect: pygame.Rect, style: Style, u: UnitInfo,
                  side_name: Callable[[str], str], extra: Sequence[tuple[str, str]] = ()) -> None:
    y = panel(screen, rect, style, "Selected unit")
    rows = [("unit", u.name), ("type", f"{u.type_name} ({u.size})"),
            ("side", f"{side_name(u.side)} {u.nation}".strip()),
            ("strength", f"{u.strength}/{u.steps} steps  A{u.attack} D{u.defence} M{u.movement}"),
            ("state", f"{u.readiness}{'' if u.supplied else ', OUT OF SUPPLY'}"
                      f"{', moved' if u.moved else ''}{', attacked' if u.attacked else ''}")]
    _lines(screen, rect.left + px(PAD), y, rect.width - 2 * px(PAD), [*rows, *extra], style, rect.bottom)


def draw_log(screen: pygame.Surface, rect: pygame.Rect, style: Style, lines: Sequence[str], scroll: int = 0) -> None:
    """The newest lines at the bottom; ``scroll`` lines back from the end."""
    y0 = panel(screen, rect, style, "Log")
    width = rect.width - 2 * px(PAD)
    wrapped: list[tuple[str, tuple[int, ...]]] = []
    for ln in lines[-200:]:
        col = style.ui["accent"] if ("facilitator" in ln or ln.startswith("EVENT") or "event" in ln[:12]) \
            else style.ui["text"]
        for i, part in enumerate(text.wrap(ln, 15, width - px(10))):
            wrapped.append((("  " if i else "") + part, col))
    lh = text.line(15)
    rows = max(1, (rect.bottom - y0 - 4) // lh)
    end = max(0, len(wrapped) - scroll)
    for i, (shown, shown_col) in enumerate(wrapped[max(0, end - rows):end]):
        screen.blit(text.render(shown, 15, shown_col), (rect.left + px(PAD), y0 + i * lh))


CARD_W, CARD_H = 220, 124


def draw_popup(screen: pygame.Surface, style: Style, title: str, lines: Sequence[str],
               buttons: Sequence[str] = ("OK",), width: int = 560) -> list[tuple[pygame.Rect, str]]:
    """A centred card the facilitator can read out; returns its buttons' rects."""
    ui = style.ui
    sw, sh = screen.get_size()
    width = min(px(width), sw - 20)
    body: list[str] = []
    for ln in lines:
        body.extend(text.wrap(ln, 19, width - px(40)))
    lh = text.line(19)
    body = body[:max(1, (sh - px(140)) // lh)]
    h = px(70) + lh * len(body) + px(50)
    r = pygame.Rect((sw - width) // 2, max(10, (sh - h) // 2), width, h)
    shade = pygame.Surface((sw, sh), pygame.SRCALPHA)
    shade.fill((0, 0, 0, 110))
    screen.blit(shade, (0, 0))
    pygame.draw.rect(screen, ui["popup"][:3], r, border_radius=10)
    pygame.draw.rect(screen, ui["accent"][:3], r, 3, border_radius=10)
    t = text.render(title, 26, ui["popup_text"], bold=True)
    screen.blit(t, (r.left + px(20), r.top + px(16)))
    y = r.top + px(52)
    for ln in body:
        screen.blit(text.render(ln, 19, ui["popup_text"]), (r.left + px(20), y))
        y += lh
    out = []
    bx = r.right - px(20)
    for label in reversed(buttons):
        tw = text.font(19, True).size(label)[0] + px(30)
        br = pygame.Rect(bx - tw, r.bottom - px(44), tw, px(32))
        pygame.draw.rect(screen, (40, 48, 60), br, border_radius=6)
        lt = text.render(label, 19, (255, 255, 255), bold=True)
        screen.blit(lt, lt.get_rect(center=br.center))
        out.append((br, label))
        bx -= tw + px(10)
    return out


def odds_lines(o: OddsInfo, attackers: Sequence[str], defenders: Sequence[str]) -> list[str]:
    """The attack preview, in the log's own format ('odds 3.0:2.0 ... -> column 3:2'), with each result's chance."""
    lines = [f"Attackers: {', '.join(attackers) or '-'}  (strength {o.attack:g})",
             f"Defenders: {', '.join(defenders) or '-'}  (strength {o.defence:g})",
             f"odds {o.attack:.1f}:{o.defence:.1f} ({o.ratio_text})" +
             (f" -> column {o.column}" if o.column and o.column != "?" else "")]
    for name, v in o.shifts:
        lines.append(f"   shift {v:+d}: {name}")
    if not o.legal:
        lines.append(f"Not possible: {o.why_not}")
    for code, words, p in o.chances:
        lines.append(f"  {p:4.0%}  {code}: {words}")
    lines.append("Click your adjacent units to add or remove them.")
    return lines

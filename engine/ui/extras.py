"""What the table shows on demand: the score, the full legend, and the switchable map overlays.

Each is behind a button (and a key), drawn over the map only while it is on,
so the map stays clear the rest of the time.
"""

from __future__ import annotations

import pygame

from engine.ui import overlays, text
from engine.ui.panels import Button
from engine.ui.render import draw_map_legend
from engine.ui.sidepanel import SidePanel
from engine.ui.text import px

#: (id, button label) of the switchable overlays, in the order of the overlay bar.
OVERLAYS = (("supply", "Supply"), ("zoc", "ZOC"), ("rail", "Rail"), ("ad", "Air def."), ("missiles", "Missiles"))
GAUGE_COLOURS = {1520: (30, 30, 30), 1435: (60, 90, 200)}


class Extras(SidePanel):
    """Score panel, legend panel, overlay bar and the overlays themselves."""

    # --- the overlay bar and the overlays ------------------------------------------------
    def _draw_overlay_bar(self) -> None:
        """A row of toggles at the bottom left of the map (their buttons go into :attr:`buttons`)."""
        if self.session is None:
            return
        vp = self.camera.viewport
        x, y = vp.left + px(8), vp.bottom - px(34) - (px(30) if self.status else 0)
        for oid, label in OVERLAYS:
            w = text.font(15, True).size(label)[0] + px(20)
            r = pygame.Rect(x, y, w, px(26))
            on = oid in self.overlays_on
            pygame.draw.rect(self.screen, (self.style.ui["accent"] if on else self.style.ui["panel"])[:3], r,
                             border_radius=5)
            pygame.draw.rect(self.screen, self.style.ui["card_edge"][:3], r, 1, border_radius=5)
            t = text.render(label, 15, (20, 20, 20) if on else self.style.ui["text"], bold=True)
            self.screen.blit(t, t.get_rect(center=r.center))
            self.buttons.append(Button(f"overlay:{oid}", "", r))
            x += w + px(6)

    def _draw_switchable_overlays(self) -> None:
        s = self.session
        if s is None or not self.overlays_on or self.handover_to is not None:
            return
        lay = self.camera.layout()
        vp = self.camera.viewport
        scr = self.screen
        old = scr.get_clip()
        scr.set_clip(vp)
        who = self.viewer()
        side = who or s.side_to_act()
        notes: list[str] = []
        if "zoc" in self.overlays_on:
            overlays.fill_hexes(scr, vp, lay, sorted(s.zoc_hexes(who)), (200, 60, 200, 60), (150, 40, 150))
            notes.append("ZOC: violet = zones of control of enemy units you know of")
        if "supply" in self.overlays_on:
            heads, oos = s.supply_view(side)
            overlays.fill_hexes(scr, vp, lay, heads, (40, 180, 60, 70), (20, 120, 40))
            for h in oos:
                x, y = lay.to_pixel(h)
                pygame.draw.circle(scr, (220, 30, 30), (round(x), round(y)), max(8, round(lay.size * 0.9)), 3)
            notes.append(f"Supply: green = {s.side_name(side)} railheads; red rings = units out of supply")
        if "rail" in self.overlays_on:
            w = max(2, round(lay.size / 4))
            for a, b, gauge in s.rail_links():
                pygame.draw.line(scr, GAUGE_COLOURS.get(gauge, (120, 120, 120)), lay.to_pixel(a), lay.to_pixel(b), w)
            overlays.draw_cut_links(scr, lay, s.cut_links())
            notes.append("Rail: black 1520 mm, blue 1435 mm, red X cut.  " + s.rail_capacity_text(side))
        if "ad" in self.overlays_on:
            overlays.draw_bubbles(scr, vp, lay, s.radius_overlays(who, "ad"), filled=True, name=s.name_of)
            notes.append("Air defence: dashed red circles (points each can take per turn)")
        if "missiles" in self.overlays_on:
            overlays.draw_bubbles(scr, vp, lay, s.radius_overlays(who, "range"), filled=False, name=s.name_of)
            notes.append("Missiles: orange circles = strike ranges")
        scr.set_clip(old)
        y = vp.top + px(6)
        for n in notes:
            t = text.render_halo(n, 15, (20, 20, 20), (250, 250, 240), bold=True)
            scr.blit(t, (vp.left + px(8), y))
            y += t.get_height()

    # --- score and legend ------------------------------------------------------------------
    def _draw_score(self) -> None:
        s = self.session
        if s is None:
            return
        vp = self.camera.viewport
        rows = s.score_lines()
        w = min(px(560), vp.width - px(20))
        lines: list[str] = []
        for r in rows:
            lines.extend(text.wrap(r, 16, w - px(20)))
        lh = text.line(16)
        box = pygame.Rect(vp.right - w - px(10), vp.top + px(10), w, px(36) + lh * len(lines))
        pygame.draw.rect(self.screen, self.style.ui["panel"][:3], box, border_radius=6)
        pygame.draw.rect(self.screen, self.style.ui["accent"][:3], box, 2, border_radius=6)
        self.screen.blit(text.render("SCORE AND VICTORY (V hides)", 15, self.style.ui["text_dim"], bold=True),
                         (box.left + px(10), box.top + px(8)))
        y = box.top + px(30)
        for i, ln in enumerate(lines):
            self.screen.blit(text.render(ln, 16, self.style.ui["accent"] if i == 0 else self.style.ui["text"]),
                             (box.left + px(10), y))
            y += lh

    def _draw_legend(self) -> None:
        """The full legend: the map's (terrain, rivers, borders, rail gauges, airfields, scale bar) and the table's."""
        vp = self.camera.viewport
        fpx = px(15)
        left = pygame.Rect(vp.left + px(10), vp.top + px(10), px(250), min(vp.height - px(20), px(560)))
        draw_map_legend(self.screen, left, self.theatre, self.style, self.camera.layout(), fpx)
        pygame.draw.rect(self.screen, self.style.ui["card_edge"][:3], left, 1)
        rows = overlays.legend_rows() + [
            ("star", "victory objective: points, coloured by who holds it"),
            ("burst", "a fight this or last turn, with its result code"),
            ("counters", "top: size; middle: type symbol; bottom: short name and steps (filled = left)"),
            ("L", "hides this legend; V score; B briefing")]
        w = min(px(470), vp.width - left.width - px(30))
        lines: list[tuple[str, str]] = []
        for k, v in rows:
            for i, part in enumerate(text.wrap(v, 15, w - px(110))):
                lines.append((k if i == 0 else "", part))
        lh = text.line(15)
        r = pygame.Rect(left.right + px(8), left.top, w, px(30) + lh * len(lines))
        pygame.draw.rect(self.screen, self.style.ui["panel"][:3], r, border_radius=6)
        pygame.draw.rect(self.screen, self.style.ui["card_edge"][:3], r, 1, border_radius=6)
        self.screen.blit(text.render("ON THE TABLE", 15, self.style.ui["text_dim"], bold=True),
                         (r.left + px(8), r.top + px(6)))
        for i, (k, v) in enumerate(lines):
            y = r.top + px(26) + i * lh
            self.screen.blit(text.render(k, 15, self.style.ui["accent"], bold=True), (r.left + px(8), y))
            self.screen.blit(text.render(v, 15, self.style.ui["text"]), (r.left + px(100), y))

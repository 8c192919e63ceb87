"""Drawing on the map: overlays (reach, attacks, bubbles, bases, cuts) and the unit counters."""

from __future__ import annotations

import math

from typing import Sequence

import pygame

from engine.ui import text

from engine.geo.hexgrid import Hex, Layout
from engine.ui.counters import CounterLook, counter_px, echelon_mark, short_name
from engine.ui import overlays
from engine.ui.session import UnitInfo

from engine.ui.controls import Controls


class MapView(Controls):
    """Paints the map area of the window (below the panels and pop-ups)."""

    def _hex_poly(self, layout: Layout, h: Hex, shrink: float = 1.0) -> list[tuple[float, float]]:
        cx, cy = layout.to_pixel(h)
        return [(cx + (x - cx) * shrink, cy + (y - cy) * shrink) for x, y in layout.corners(h)]

    def _draw_overlays(self) -> None:
        lay = self.camera.layout()
        scr = self.screen
        vp = self.camera.viewport
        ui = self.style.ui
        old = scr.get_clip()
        scr.set_clip(vp)
        s = self.session
        hover = self.hover
        if s is not None:
            overlays.draw_cut_links(scr, lay, s.cut_links())
            bases = s.bases()
            # radii of the base under the mouse, of the selected unit, and enemy air defence in the air phase
            bubbles = [bb for b in bases if b.hex == hover for bb in s.base_bubbles(b)]
            if self.selected is not None:
                u = next((x for x in self.stacks().get(self._selected_hex() or Hex(0, 0), []) if x.id == self.selected), None)
                if u is not None:
                    bubbles += s.unit_bubbles(u)
            elif hover is not None:
                for u in self.stacks().get(hover, []):
                    bubbles += [b for b in s.unit_bubbles(u) if b.kind != "range"]
            if s.phase == "air" and not s.is_over() and self.handover_to is None:
                side = s.side_to_act()
                bubbles = [b for b in bubbles if b.kind != "ad"] + s.ad_bubbles(side, self.viewer())
            overlays.draw_bubbles(scr, vp, lay, bubbles, filled=True, name=s.name_of)
            self.base_rects = overlays.draw_bases(scr, lay, bases, self._side_rgb)
            if s.phase == "air" and self.air_mission is not None:
                overlays.fill_hexes(scr, vp, lay, s.air_targets(self.air_mission), (255, 215, 0, 80), (200, 150, 0))
            if self.strike_list:
                for a in self.strike_list:
                    if a.kind == "rail":
                        overlays.draw_rail_target(scr, lay, a.a, a.b)
                hexes = sorted({s.strike_target_hex(a) for a in self.strike_list if a.kind == "hex"})
                overlays.fill_hexes(scr, vp, lay, hexes, (230, 40, 40, 70), ui["attack"][:3])
                for a in self.strike_list:
                    if a.kind == "base":
                        x, y = overlays.base_anchor(lay, s.strike_target_hex(a))
                        pygame.draw.circle(scr, (200, 0, 200), (x, y), max(9, round(lay.size * 0.6)), 3)
        if self.reach:
            over = pygame.Surface(vp.size, pygame.SRCALPHA)
            olay = Layout(lay.size, (lay.origin[0] - vp.x, lay.origin[1] - vp.y), True)
            reach_c = (*ui["reach"][:3], self.style.reach_alpha)
            rail_c = (60, 90, 200, self.style.reach_alpha)
            via_c = (150, 60, 200, self.style.reach_alpha)
            for h in self.reach:
                c = via_c if h in self.rail_via else rail_c if h in self.rail_only else reach_c
                pygame.draw.polygon(over, c, self._hex_poly(olay, h, 0.95))
            scr.blit(over, vp.topleft)
            edge = (10, 90, 30)
            origin = self.reach_origin() if self.selected is not None and self.session is not None \
                and self.selected in self.session.state.units else None
            for h in self.reach:  # outline the edge of the reachable area so it reads on any terrain
                for n in self.theatre.neighbors(h):
                    if n not in self.reach and n != origin:
                        a_, b_ = lay.edge(h, n)
                        pygame.draw.line(scr, edge, a_, b_, 2)
            if self.hover in self.reach and self.selected is not None:
                pygame.draw.polygon(scr, ui["select"][:3], self._hex_poly(lay, self.hover), 3)
                via = self.rail_via.get(self.hover)
                if via is not None and origin is not None:  # the train stops at the gauge change first
                    pa, pv, pd = lay.to_pixel(origin), lay.to_pixel(via), lay.to_pixel(self.hover)
                    pygame.draw.line(scr, (150, 60, 200), pa, pv, 3)
                    pygame.draw.line(scr, (150, 60, 200), pv, pd, 1)
                    pygame.draw.circle(scr, (255, 140, 0), (round(pv[0]), round(pv[1])), max(5, round(lay.size / 2)), 3)
        if s is not None and s.phase == "combat" and not s.is_over() and self.handover_to is None:
            for h in s.attack_targets():
                pygame.draw.polygon(scr, ui["attack"][:3], self._hex_poly(lay, h, 0.92), 3)
        if self.attack is not None:
            pygame.draw.polygon(scr, ui["attack"][:3], self._hex_poly(lay, self.attack.target), 5)
            tx, ty = lay.to_pixel(self.attack.target)
            for uid in self.attack.chosen:
                ux, uy = lay.to_pixel(s.state.unit_hex(uid)) if s else (tx, ty)
                pygame.draw.line(scr, ui["attack"][:3], (ux, uy), (tx, ty), 4)
        if s is not None:  # transshipping units: a dashed hint to where they go on
            for us in self.stacks().values():
                for u in us:
                    if u.transship_until and u.transship_to:
                        h2 = s.game.hex_of(u.transship_to)
                        if h2 is not None:
                            pygame.draw.line(scr, (255, 140, 0), lay.to_pixel(u.hex), lay.to_pixel(h2), 2)
        if self.hover is not None:
            pygame.draw.polygon(scr, ui["hover"][:3], self._hex_poly(lay, self.hover), 2)
        self._draw_objectives(lay)
        self._draw_markers(lay)
        scr.set_clip(old)

    def _draw_objectives(self, lay: Layout) -> None:
        """Victory objectives: a star in the holder's colour, with name and points."""
        s = self.session
        if s is None:
            return
        for name, h, pts, side, holder in s.objectives():
            x, y = lay.to_pixel(h)
            r = max(7, round(lay.size * 0.55))
            cx, cy = x + lay.size * 0.55, y - lay.size * 0.55
            pts_ = [(cx + (r if k % 2 == 0 else r * 0.45) * math.cos(math.pi * k / 5 - math.pi / 2),
                     cy + (r if k % 2 == 0 else r * 0.45) * math.sin(math.pi * k / 5 - math.pi / 2)) for k in range(10)]
            col = self._side_rgb(holder)[:3] if holder else (235, 235, 235)
            pygame.draw.polygon(self.screen, col, pts_)
            pygame.draw.polygon(self.screen, (20, 20, 20), pts_, 2)
            if lay.size >= 9:
                t = text.render_halo(f"{name} {pts}", 13, (20, 20, 20), (255, 245, 200), bold=True)
                self.screen.blit(t, (round(cx + r + 2), round(cy - t.get_height() / 2)))

    def _draw_markers(self, lay: Layout) -> None:
        """Fights of this and the last turn: a burst with the result code, for the sides that took part."""
        s = self.session
        if s is None or not self.markers:
            return
        who = self.viewer()
        for m in self.markers:
            if m.turn < s.turn - 1 or (who is not None and who not in m.sides):
                continue
            x, y = lay.to_pixel(m.hex)
            r = max(8, round(lay.size * 0.9))
            pts = []
            for k in range(16):
                ang = math.pi * k / 8
                rr = r if k % 2 == 0 else r * 0.55
                pts.append((x + rr * math.cos(ang), y - r * 0.9 + rr * math.sin(ang)))
            pygame.draw.polygon(self.screen, (255, 200, 40), pts)
            pygame.draw.polygon(self.screen, (120, 20, 20), pts, 2)
            t = text.render_halo(m.code, 15, (120, 0, 0), (255, 240, 200), bold=True)
            self.screen.blit(t, t.get_rect(center=(round(x), round(y - r * 0.9))))

    def looks_for(self, units: Sequence[UnitInfo]) -> list[CounterLook]:
        s = self.session
        phase = s.phase if s else ""
        out = []
        top = max(1, len(s.readiness_states()) - 1) if s else 1
        for u in units:
            spent = (phase == "movement" and u.moved) or (phase == "combat" and u.attacked)
            hostile = u.side not in self.style.friendly_sides
            level = u.readiness_rank / top if u.readiness_rank >= 0 else -1.0
            out.append(CounterLook(tuple(self._side_rgb(u.side)[:3]), hostile, u.symbol, echelon_mark(u.size),  # type: ignore[arg-type]
                                   u.strength, u.steps, short_name(u.name, u.id), spent, self.style.hostile_frame == "diamond",
                                   u.readiness[:1].upper(), level, u.ready_in > 0, not u.supplied,
                                   u.transship_until > 0))
        return out

    def _draw_units(self) -> None:
        stacks = self.stacks()
        if not stacks:
            return
        lay = self.camera.layout()
        vp = self.camera.viewport
        px = counter_px(self.camera.zoom)
        scr = self.screen
        old = scr.get_clip()
        scr.set_clip(vp)
        margin = px
        sel_hex = None
        drawn: list[str] = []
        for h in sorted(stacks):
            x, y = lay.to_pixel(h)
            if x < vp.left - margin or x > vp.right + margin or y < vp.top - margin or y > vp.bottom + margin:
                continue
            units = stacks[h]
            if self._has_label(h):  # keep the place name to the right of the dot readable
                x -= px * 0.42
            idx = -1
            if self.selected is not None:
                ids = [u.id for u in units]
                if self.selected in ids:
                    # the selected unit goes on top of its stack
                    units = sorted(units, key=lambda u: u.id != self.selected)
                    idx = 0
                    sel_hex = h
            chosen = self.attack.chosen if self.attack else []
            if chosen and any(u.id in chosen for u in units):
                idx = 0
            self.painter.draw_stack(scr, (x, y), self.looks_for(units), px,
                                    self.style.ui["select"] if idx >= 0 else None, idx)
            drawn.extend(u.id for u in units)
        self.drawn_unit_ids = sorted(drawn)
        if sel_hex is None and self.selected is not None:
            self.clear_selection()
        scr.set_clip(old)

    def _has_label(self, h: Hex) -> bool:
        """Does the map name a place at ``h`` at this zoom (same thresholds as the map layer)?"""
        z = self.camera.zoom
        min_pop = 300_000 if z < 5 else 100_000 if z < 9 else 30_000 if z < 16 else 8_000
        cache = self.__dict__.setdefault("_label_cache", {})
        hit = cache.get((h, min_pop))
        if hit is None:
            hit = any(p.population >= min_pop for p in self.theatre.places_at(h))
            cache[(h, min_pop)] = hit
        return hit

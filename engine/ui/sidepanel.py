"""The panels: top bar with tracks, hover box, context panel with the Orders list, buttons, log, legend, status."""

from __future__ import annotations

from typing import Sequence

import pygame

from engine.core.actions import AIR_WORDS, Action, AirMission, ChooseOption, Rail, Ready
from engine.geo.hexgrid import Hex
from engine.ui import text
from engine.ui.text import px
from engine.ui import overlays
from engine.ui.panels import Button, draw_hover, draw_log, draw_top_bar, draw_track_strip, odds_lines, panel
from engine.ui.session import HexInfo, hex_info

from engine.ui.mapview import MapView


class SidePanel(MapView):
    """Paints the panels around the map and registers their buttons."""

    def _draw_top(self) -> None:
        w, _ = self.screen.get_size()
        rect = pygame.Rect(0, 0, w, self.top_h)
        s = self.session
        if s is None:
            draw_top_bar(self.screen, rect, self.style, self.theatre.name, "map view", "map", "nobody",
                         (120, 120, 120), [])
            return
        side = s.side_to_act()
        draw_top_bar(self.screen, rect, self.style, s.scenario.title,
                     f"Turn {s.turn}/{s.turns_total}   {s.date_text()}",
                     "game over" if s.is_over() else s.phase, s.side_name(side),
                     self._side_rgb(side) if side else (120, 120, 120), [])
        strip = pygame.Rect(0, self.top_h, w, self.strip_h)
        self.gauges = draw_track_strip(self.screen, strip, self.style, s.tracks())

    def _draw_side(self) -> None:
        r = self._side_rect()
        scr = self.screen
        scr.fill(self.style.ui["panel"][:3], r)  # the gaps between the boxes, too (no stale pixels)
        s = self.session
        hover_info: HexInfo | None = None
        if self.hover is not None:
            if s is not None:
                hover_info = s.hex_info(self.hover, self.viewer())
            else:
                hover_info = hex_info(self.theatre, self.hover)
        name = s.side_name if s is not None else (lambda x: x)
        hov = pygame.Rect(r.left, r.top, r.width, min(px(178), round(r.height * 0.24)))
        draw_hover(scr, hov, self.style, hover_info, name,
                   self.theatre.hex_label(self.hover) if self.hover is not None else "",
                   self._hover_extra())
        box = pygame.Rect(r.left, hov.bottom, r.width, min(px(300), round(r.height * 0.40)))
        self.buttons = []
        self._draw_context(box)
        by = box.bottom + px(6)
        bw = (r.width - px(8) * 4) // 3
        specs = [("end", "End phase", "Enter"), ("undo", "Undo", "U"), ("save", "Save", "F5"),
                 ("load", "Load", "F9"), ("console", "Console", "F1"), ("aar", "Report", "F10"),
                 ("legend", "Legend", "L"), ("score", "Score", "V"), ("brief", "Briefing", "B")]
        for i, (bid, label, hint) in enumerate(specs):
            rect = pygame.Rect(r.left + px(8) + (i % 3) * (bw + px(8)), by + (i // 3) * px(34), bw, px(30))
            enabled = s is not None and (bid != "undo" or s.can_undo()) and (bid != "end" or not s.is_over())
            if bid in ("console", "legend"):
                enabled = True
            self.buttons.append(Button(bid, label, rect, enabled, hint))
        for bt in self.buttons:
            if not bt.id.startswith("order:"):  # order rows are drawn by _orders_list
                bt.draw(scr, self.style, bt.rect.collidepoint(self.mouse))
        log_rect = pygame.Rect(r.left, by + px(106), r.width, r.bottom - by - px(106))
        draw_log(scr, log_rect, self.style, self._log_lines(), self.log_scroll)

    def _hover_extra(self) -> list[tuple[str, str]]:
        """Bases, cut links and unit states at the hovered hex (what the counters only hint at)."""
        s = self.session
        h = self.hover
        if s is None or h is None:
            return []
        rows: list[tuple[str, str]] = []
        for b in s.bases():
            if b.hex != h:
                continue
            eff = [f"{b.air_points} air pts" if b.air_points else "", f"radar {b.detection_range}" if b.detection_range else "",
                   f"EW {b.ew_shift:+d} r{b.ew_radius}" if b.ew_radius else "",
                   f"AD {b.air_defence} r{b.air_defence_radius}" if b.air_defence_radius else "",
                   "supply source" if b.supply_source else "",
                   f"readiness -{b.readiness_bonus}" if b.readiness_bonus else ""]
            state = "active" if b.active else (f"out of action until T{b.down_until}" if b.down_until else "inactive")
            stocks = ", ".join(f"{k} {v}" for k, v in b.stocks)
            rows.append(("base", f"{b.name} ({b.kind}, {s.side_name(b.side)}, {state}) "
                                 + "; ".join(x for x in eff if x) + (f"; stocks {stocks}" if stocks else "")))
        for c in s.cut_links():
            if h in (c.a, c.b):
                rows.append(("rail cut", f"{s.game.label(c.a)}-{s.game.label(c.b)} until T{c.until} ({c.reason})"))
        for u in self.stacks().get(h, []):
            st = [u.readiness + (f" (next in {u.ready_in})" if u.ready_in else "")]
            if not u.supplied:
                st.append("OUT OF SUPPLY" + (f" {u.oos_turns} turns" if u.oos_turns else ""))
            if u.transship_until:
                st.append(f"transshipping until T{u.transship_until} -> {u.transship_to}")
            rows.append((u.name[:18], ", ".join(st)))
        via = self.rail_via.get(h) if h in self.reach else None
        if via is not None:
            rows.append(("by rail", f"stops at {s.game.label(via)} to change gauge, "
                                    f"{s.transshipment_delay} turn(s)"))
        return rows

    def _draw_context(self, box: pygame.Rect) -> None:
        """The middle panel: what the player can do now, by phase and selection, with an Orders list."""
        scr = self.screen
        s = self.session
        ui = self.style.ui
        name = s.side_name if s is not None else (lambda x: x)

        def lines(y: int, rows: Sequence[str], col=None, size: int = 16) -> int:
            for ln in rows:
                for part in text.wrap(ln, size, box.width - px(16)):
                    scr.blit(text.render(part, size, col or ui["text"]), (box.left + px(8), y))
                    y += text.line(size)
            return y

        self.order_actions = []
        if s is None:
            y = panel(scr, box, self.style, "Orders")
            lines(y, self._hints(), ui["text_dim"])
            return
        if self.attack is not None:
            y = panel(scr, box, self.style, f"Attack on {s.place_text(self.attack.target)}")
            dfd = [u.name for u in self.stacks().get(self.attack.target, [])]
            odds = s.odds_preview(self.attack.chosen, self.attack.target)
            for ln in odds_lines(odds, [s.name_of(u) for u in self.attack.chosen], dfd):
                y = lines(y, [ln], ui["bad"] if ln.startswith("Not") else ui["text"], 15)
            self.buttons.append(Button("attack", "Attack", pygame.Rect(box.left + px(8), box.bottom - px(34), px(150), px(28)),
                                       odds.legal, "Enter"))
            self.buttons.append(Button("cancel", "Cancel", pygame.Rect(box.left + px(166), box.bottom - px(34), px(150), px(28)),
                                       True, "Esc"))
            return
        phase = s.phase
        over = s.is_over()
        sel = None
        if self.selected is not None and self.selected in s.state.units:
            sel = next((x for x in self.stacks().get(self._selected_hex() or Hex(0, 0), []) if x.id == self.selected), None)
        if not over and phase == "air":
            y = panel(scr, box, self.style, f"Air phase - {s.air_points()} air points left")
            x = box.left + px(8)
            for i, m in enumerate([m for m in ("support", "interdiction", "strike") if m in s.air_missions_available()]):
                bt = Button(f"mission:{m}", AIR_WORDS.get(m, m).capitalize(), pygame.Rect(x, y, px(98), px(26)),
                            s.air_points() > 0, str(i + 1))
                self.buttons.append(bt)
                if m == self.air_mission:
                    pygame.draw.rect(scr, ui["accent"][:3], bt.rect.inflate(4, 4), 2, border_radius=6)
                x += px(106)
            y += px(32)
            self.buttons.append(Button("pts-", "-", pygame.Rect(box.left + px(8), y, px(30), px(24)), self.air_pts > px(1), ""))
            scr.blit(text.render(f"{self.air_pts} point{'s' if self.air_pts != 1 else ''} per mission  ([ ])", 16,
                                 ui["text"]), (box.left + px(46), y + px(4)))
            self.buttons.append(Button("pts+", "+", pygame.Rect(box.left + px(228), y, px(30), px(24)),
                                       self.air_pts < s.air_points(), ""))
            y += px(30)
            bub = s.ad_bubbles(s.side_to_act(), self.viewer())
            info = [f"Known enemy air defence: {len(bub)} source{'s' if len(bub) != 1 else ''} (dashed red circles "
                    "absorb points flown into them)."]
            if self.air_mission:
                info.append("Click a target hex (yellow = useful targets).")
            elif sel is not None and self.strike_list:
                info.append(f"{sel.name}: click a target (red units, violet ring bases, orange rail links).")
            else:
                launch = s.launchers()
                info.append("Missile launchers ready: " + (", ".join(launch) if launch else "none") + ".")
            y = lines(y, info, ui["text_dim"], 15)
            if sel is not None:
                acts: list[Action] = list(self.strike_list)
            elif self.air_mission:
                acts = [a for a in self._all_orders() if isinstance(a, AirMission) and a.mission == self.air_mission]
            else:
                acts = self._all_orders()
            self._orders_list(pygame.Rect(box.left, y + 2, box.width, box.bottom - y - 4), acts)
            return
        if sel is not None:
            y = panel(scr, box, self.style, "Selected unit")
            st = sel.readiness + (f" (next state in {sel.ready_in} turns)" if sel.ready_in else "")
            rows = [f"{sel.name}", f"{sel.type_name}",
                    f"{name(sel.side)}  {sel.strength}/{sel.steps} steps  A{sel.attack} D{sel.defence} M{sel.movement}",
                    f"readiness: {st}" + ("" if sel.supplied else "  OUT OF SUPPLY")]
            if sel.transship_until:
                rows.append(f"transshipping until turn {sel.transship_until}, then to {sel.transship_to}")
            if phase == "movement":
                rows.append(f"moves: {len(self.reach)} hexes ({len(self.rail_only)} by rail, "
                            f"{len(self.rail_via)} via gauge change)")
            y = lines(y, rows, None, 15)
            if phase == "decisions" and not over:
                ok = s.why_illegal(Ready(sel.id)) is None
                self.buttons.append(Button("ready", "Ready", pygame.Rect(box.left + px(8), y + px(2), px(120), px(26)), ok, "R"))
                y += px(32)
            self._orders_list(pygame.Rect(box.left, y, box.width, box.bottom - y - 4), s.orders(sel.id))
            return
        if not over and phase == "decisions":
            y = panel(scr, box, self.style, "Decisions - readiness (alert list)")
            self.buttons.append(Button("cards", "Hide cards" if self.show_cards else "Show cards",
                                       pygame.Rect(box.left + px(8), y, px(150), px(24)), True, "C"))
            y += px(28)
            alert = s.alert_list()
            if not alert:
                y = lines(y, ["All your units are at full readiness."], ui["text_dim"], 15)
            acts = []
            notes: list[str] = []
            for u, ok, why in alert:
                if ok:
                    acts.append(Ready(u.id))
                else:
                    notes.append(f"{u.name}: {u.readiness}" + (f", next in {u.ready_in}" if u.ready_in else ""))
            if notes:
                y = lines(y, ["Raising: " + "; ".join(notes)], ui["text_dim"], 15)
            self._orders_list(pygame.Rect(box.left, y, box.width, box.bottom - y - 4), acts,
                              lambda a: self._ready_label(a))
            return
        y = panel(scr, box, self.style, "Orders")
        y = lines(y, self._hints(), ui["text_dim"], 15)
        if not over:
            self._orders_list(pygame.Rect(box.left, y + 2, box.width, box.bottom - y - 4), self._all_orders())

    def _all_orders(self) -> list[Action]:
        """Every legal order of the side to act (cached per position: the list can be long)."""
        s = self.session
        if s is None:
            return []
        key = (id(s.state), len(s.state.history), len(s.state.log))
        if getattr(self, "_orders_cache", (None,))[0] != key:
            self._orders_cache = (key, s.orders(None))
        return self._orders_cache[1]

    def _ready_label(self, a: Action) -> str:
        s = self.session
        assert s is not None
        key = (id(s.state), len(s.state.history), len(s.state.log))
        cache = getattr(self, "_unit_map", None)
        if cache is None or cache[0] != key:
            cache = self._unit_map = (key, {x.id: x for x in s.units(None)})
        u = cache[1].get(getattr(a, "unit", ""))
        if u is None:
            return s.order_label(a)
        states = s.readiness_states()
        nxt = states[u.readiness_rank + 1] if 0 <= u.readiness_rank < len(states) - 1 else "?"
        return f"ready {u.name}  ({u.readiness} -> {nxt})"

    def _orders_list(self, rect: pygame.Rect, acts: Sequence[Action], label=None) -> None:
        """Legal orders as text buttons (scroll with the wheel): every order kind is reachable here."""
        s = self.session
        if s is None or rect.height < px(22):
            return
        self.orders_rect = rect
        acts = [a for a in acts if not isinstance(a, ChooseOption) or not self.show_cards] + \
            [a for a in acts if isinstance(a, ChooseOption) and self.show_cards]
        rows = max(px(1), (rect.height - px(4)) // px(22))
        self.orders_scroll = max(0, min(self.orders_scroll, max(0, len(acts) - rows)))
        start = self.orders_scroll
        self.order_actions = list(acts)
        for k, a in enumerate(acts[start:start + rows]):
            i = start + k
            t = label(a) if label else self._order_label(a)
            bt = Button(f"order:{i}", "", pygame.Rect(rect.left + px(8), rect.top + px(2) + k * px(22), rect.width - px(16), px(20)))
            self.buttons.append(bt)
            hot = bt.rect.collidepoint(self.mouse)
            pygame.draw.rect(self.screen, self.style.ui["card"][:3], bt.rect, border_radius=4)
            pygame.draw.rect(self.screen, (self.style.ui["accent"] if hot else self.style.ui["card_edge"])[:3],
                             bt.rect, 1, border_radius=4)
            img = text.render(t, 15, self.style.ui["text"])
            if img.get_width() > bt.rect.width - px(8):
                img = img.subsurface((px(0), px(0), bt.rect.width - px(8), img.get_height()))
            self.screen.blit(img, (bt.rect.left + px(4), bt.rect.top + px(3)))
        if len(acts) > rows:
            more = text.render(f"{start + 1}-{min(len(acts), start + rows)} of {len(acts)} orders (wheel scrolls)",
                               15, self.style.ui["text_dim"])
            self.screen.blit(more, more.get_rect(bottomright=(rect.right - px(8), rect.bottom + px(2))))

    def _order_label(self, a: Action) -> str:
        s = self.session
        assert s is not None
        t = s.order_label(a)
        if isinstance(a, Rail) and self.rail_via.get(a.dst) is not None:
            t += f"  (gauge change at {s.place_text(self.rail_via[a.dst])})"
        return t

    def _hints(self) -> list[str]:
        s = self.session
        if s is None:
            return ["Map view: drag or arrow keys to pan, wheel or +/- to zoom, Home for the whole map.", "Point at a hex for details."]
        if s.is_over():
            return [s.outcome_text(), "F10 writes the after-action report."]
        ph = s.phase
        if ph == "movement":
            return ["Click a unit: green = move, blue = rail, violet = rail with a gauge change. Tab: next unit. "
                    "Or pick an order below."]
        if ph == "combat":
            return ["Red outlines: enemy stacks you can attack. Click one for the odds, click your units to add or "
                    "drop them, then Enter. Or pick an order below."]
        if ph == "decisions":
            return ["Pick a card (C shows/hides them); select a unit and press R to ready it."]
        if ph == "air":
            return ["Choose a mission (1/2/3) and click a hex, or click a missile launcher."]
        return [f"{ph} phase: the engine runs it. Enter to continue."]

    def _log_lines(self) -> list[str]:
        s = self.session
        if s is None:
            return ["No scenario loaded: map view only."]
        lines = [s.pretty(ln) for ln in s.log_lines(self.viewer()) if not s.is_noop(ln)]
        return lines + [f"[table] {s.pretty(x)}" for x in s.table_notes(self.viewer())[-20:]]

    def _draw_status(self) -> None:
        if not self.status:
            return
        vp = self.camera.viewport
        t = text.render(self.status, 18, self.style.ui["bad"] if self.status_bad else self.style.ui["text"])
        if t.get_width() > vp.width - 20:
            t = pygame.transform.smoothscale(t, (vp.width - 20, t.get_height()))
        bg = pygame.Rect(vp.left, vp.bottom - t.get_height() - 10, vp.width, t.get_height() + 10)
        pygame.draw.rect(self.screen, self.style.ui["panel"][:3], bg)
        self.screen.blit(t, (vp.left + 10, bg.top + 5))

"""The table's controller: what a click on the map or a card does, by phase (orders drafted, confirmed, sent)."""

from __future__ import annotations


from engine.core.actions import AIR_WORDS, AirMission, Attack, Rail, Ready
from engine.geo.hexgrid import Hex

from engine.ui.commands import Commands
from engine.ui.tablebase import AttackDraft, Confirm


class Controls(Commands):
    """Selection, moves, attacks, air missions, strikes, readiness and decision cards."""

    def toggle_cards(self) -> None:
        """Decision cards cover much of the map: C hides them (and their click areas) and shows them again."""
        self.show_cards = not self.show_cards
        if not self.show_cards:
            self.card_rects = []

    def ready_selected(self) -> None:
        """``ready <unit>`` for the selected unit (decisions phase)."""
        s = self.session
        if s is None or self.selected is None:
            self.say("Select one of your units first (decisions phase), then R or the Ready button.", bad=True)
            return
        self.do(Ready(self.selected))

    def choose_mission(self, mission: str | None) -> None:
        s = self.session
        if s is None or s.phase != "air":
            return
        self.air_mission = None if mission == self.air_mission else mission
        self.clear_selection()
        if self.air_mission:
            self.set_points(self.air_pts)
            self.say(f"air {AIR_WORDS.get(self.air_mission, self.air_mission)}: {self.air_pts} point(s) - "
                     f"click a target hex (highlighted ones are useful; dashed red = enemy air defence)")

    def set_points(self, n: int) -> None:
        s = self.session
        have = s.air_points() if s is not None else 0
        self.air_pts = max(1, min(max(1, have), n))

    def air_order(self, h: Hex) -> AirMission | None:
        return AirMission(self.air_mission, h, self.air_pts) if self.air_mission else None

    def plan_air(self, h: Hex) -> None:
        """Ask to confirm an air mission over ``h`` with the expected air-defence losses shown."""
        s = self.session
        order = self.air_order(h)
        if s is None or order is None:
            return
        why = s.refusal(order, self.viewer())
        if why is not None:
            self.say(self.refused(order, why), bad=True)
            return
        side = s.side_to_act() or ""
        losses = s.ad_preview(side, h, self.air_pts, self.viewer())
        lost = sum(n for _, n in losses)
        lines = [f"{self.air_pts} of your {s.air_points()} air points over {s.game.label(h)}."]
        if losses:
            lines.append("Known enemy air defence there would take " + ", ".join(
                f"{n} ({src.replace('base:', 'base ')})" for src, n in losses) + f": {self.air_pts - lost} get through.")
        else:
            lines.append("No known enemy air defence covers this hex.")
        self.confirm = Confirm(f"Air {AIR_WORDS.get(order.mission, order.mission)} mission", lines, "Fly", order)

    def plan_strike(self, h: Hex) -> None:
        s = self.session
        if s is None:
            return
        here = [a for a in self.strike_list if s.strike_target_hex(a) == h
                or (a.kind == "rail" and (a.a == h or a.b == h))]
        if not here:
            self.say("Not a target in range of this launcher: pick a highlighted hex, base or rail link.", bad=True)
            return
        if len(here) > 1:
            self.say(f"{len(here)} targets here: pick one in the Orders list.")
            self.strike_list = here + [a for a in self.strike_list if a not in here]
            return
        a = here[0]
        what = {"hex": f"the units at {s.place_text(a.a)}", "base": f"base {s.name_of(a.base or '')}",
                "rail": f"the rail link {s.game.label(a.a)}-{s.game.label(a.b)}"}[a.kind]
        self.confirm = Confirm("Missile strike", [f"{s.name_of(a.unit)} fires at {what}.", "Dice are rolled by the engine and logged."],
                        "Fire", a)

    def select(self, uid: str) -> None:
        s = self.session
        assert s is not None
        self.selected = uid
        self.orders_scroll = 0
        self.attack = None
        if s.phase == "air":
            self.reach, self.rail_only, self.rail_via = {}, set(), {}
            self.strike_list = s.strike_orders(uid)
            self.air_mission = None
            self.say(f"{s.name_of(uid)}: {len(self.strike_list)} targets in range - click one (or pick in the Orders list)."
                     if self.strike_list else f"{s.name_of(uid)} has no strike to make now.")
            return
        if s.phase != "movement":
            self.reach, self.rail_only, self.rail_via = {}, set(), {}
            if s.phase == "decisions":
                why = s.refusal(Ready(uid), self.viewer())
                self.say(f"{s.name_of(uid)}: press R (or Ready) to raise its readiness." if why is None
                         else f"{s.name_of(uid)}: {s.plain(why, self.viewer())}",
                         bad=why is not None)
            return
        self.reach = s.reachable_hexes(uid)
        self.rail_only = {h for h, a in self.reach.items() if isinstance(a, Rail)}
        self.rail_via = {h: v for h, v in s.rail_via(uid).items() if h in self.rail_only}
        self.say(f"{s.name_of(uid)}: {len(self.reach)} hexes reachable" + (
            f" ({len(self.rail_only)} by rail, {len(self.rail_via)} after a gauge change)" if self.rail_only else "")
            + ". Click one to move.")

    def click_hex(self, h: Hex) -> None:
        """A click on the map: select, move, or build an attack, by phase."""
        s = self.session
        if s is None or s.is_over():
            return
        phase = s.phase
        here = [u for u in self.stacks().get(h, [])]
        side = s.side_to_act()
        if phase == "air":
            if self.air_mission is not None:
                self.plan_air(h)
                return
            if self.selected is not None and self.strike_list and not any(
                    u.id in s.launchers() for u in here if u.side == side):
                self.plan_strike(h)
                return
            own = [u.id for u in here if u.side == side and u.id in s.launchers()]
            if own:
                i = (own.index(self.selected) + 1) % len(own) if self.selected in own else 0
                self.select(own[i])
            elif self.selected is not None and self.strike_list:
                self.plan_strike(h)
            else:
                self.clear_selection()
                self.say("Air phase: choose a mission (1 support, 2 interdict, 3 strike) or click a missile launcher.")
            return
        if phase == "decisions":
            own = [u.id for u in here if u.side == side]
            if own:
                i = (own.index(self.selected) + 1) % len(own) if self.selected in own else 0
                self.select(own[i])
            else:
                self.clear_selection()
                self.say("Decisions phase: pick a card (C shows/hides them), or select a unit and press R to ready it.")
            return
        if phase == "movement":
            if self.selected is not None and h in self.reach:
                self.do(self.reach[h])
                return
            own = [u.id for u in here if u.side == side and s.can_select(u.id)]
            if own:
                i = (own.index(self.selected) + 1) % len(own) if self.selected in own else 0
                self.select(own[i])
            else:
                self.clear_selection()
        elif phase == "combat":
            if self.attack is not None:
                if h == self.attack.target:
                    self.confirm_attack()
                    return
                mine = [u.id for u in here if u.side == side]
                if any(u in self.attack.possible for u in mine):
                    self.attack.toggle(mine)
                    return
            if h in s.attack_targets():
                self.attack = AttackDraft(h, s.possible_attackers(h))
                self.say(f"attack on {s.game.label(h)}: check the odds, then Enter or click the target again")
            else:
                self.attack = None

    def confirm_attack(self) -> None:
        s = self.session
        if s is None or self.attack is None:
            return
        from engine.core.actions import Attack
        self.do(Attack(self.attack.target, tuple(self.attack.chosen)))

    def pick_option(self, oid: str) -> None:
        s = self.session
        if s is None:
            return
        card = next((c for c in s.options_for() if c.id == oid), None)
        if card is None:
            return
        names = {t.id: t.name for t in s.tracks()}
        cost = ", ".join(f"{names.get(k, k)} {v:+d}" for k, v in card.cost) or "none"
        self.confirm = Confirm(card.name, [card.description, f"Cost: {cost}",
                                    f"Takes effect after {card.delay} turn{'s' if card.delay != 1 else ''}."],
                        "Take it", f"option {card.id}")

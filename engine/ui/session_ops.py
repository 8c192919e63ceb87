"""The Session's operations queries: orders by unit, air missions, strikes, air defence, bases, rail cuts, readiness.

Part of the Session (the UI's one door to the engine).
"""

from __future__ import annotations


from engine.core.actions import Action, AirMission, Attack, Ready, Strike
from engine.geo.hexgrid import Hex
from engine.geo.hexgrid import distance as hex_distance

from engine.ui.info import BaseInfo, Bubble, CutInfo, UnitInfo
from engine.ui.session_facts import SessionFacts


class SessionOps(SessionFacts):
    """What the operations panels ask: every legal order of a unit, air and strike targets, radii, the alert list."""

    def orders(self, uid: str | None = None) -> list[Action]:
        """The legal orders of unit ``uid`` (movement, rail, attacks it joins, strike, ready), or all.

        The generic Orders panel lists these as buttons, so no order kind is out of reach.
        """
        st = self.state
        if st.is_terminal():
            return []
        if uid is None:
            return list(st.legal_actions())
        out: list[Action] = []
        for key in st.group_keys():
            if key in (uid, f"strike:{uid}", f"ready:{uid}"):
                out.extend(st.group_actions(key))
            elif self.phase == "combat" and not key.startswith(("air:", "strike:")):
                out.extend(a for a in st.group_actions(key) if isinstance(a, Attack) and uid in a.attackers)
        return sorted(out)

    def is_legal(self, action: Action) -> bool:
        return self.state.why_illegal(action) is None

    def why_illegal(self, action: Action) -> str | None:
        return self.state.why_illegal(action)

    def air_points(self, side: str | None = None) -> int:
        side = side or self.side_to_act()
        return int(self.state.air_points.get(side, 0)) if side else 0

    def air_missions_available(self) -> list[str]:
        """Mission names (support, interdiction, strike) the scenario's air rules know."""
        return sorted(self.game.rules.air.missions)

    def air_targets(self, mission: str) -> list[Hex]:
        """Hexes the engine lists for ``mission`` now (any land hex is legal; these are the useful ones)."""
        if self.phase != "air":
            return []
        return sorted({a.target for a in self.state.group_actions("air:" + mission) if isinstance(a, AirMission)})

    def launchers(self) -> list[str]:
        """Own units that can fire a missile strike now."""
        if self.phase != "air":
            return []
        return [k[len("strike:"):] for k in self.state.group_keys() if k.startswith("strike:")]

    def strike_orders(self, uid: str) -> list[Strike]:
        if self.phase != "air":
            return []
        return [a for a in self.state.group_actions("strike:" + uid) if isinstance(a, Strike)]

    def strike_target_hex(self, a: Strike) -> Hex:
        if a.kind == "base":
            b = next((b for b in self.scenario.bases if b.id == a.base), None)
            return b.location if b is not None else a.a
        return a.a

    def ad_bubbles(self, side: str | None, viewer: str | None = None) -> list[Bubble]:
        """Enemy air defence that would cut ``side``'s air points (only sources ``viewer`` can see)."""
        if not side:
            return []
        from engine.rules import air
        g = self.game
        seen = self.visible_ids(viewer) if viewer is not None and self.fog_of_war else None
        out = []
        for key, pos, radius, cap in air.ad_sources(self.state, side):
            if seen is not None and not key.startswith("base:") and key not in seen:
                continue
            owner = self.state.units[key].side if key in self.state.units else self._base_side(key[5:])
            out.append(Bubble("ad", key, owner, g.hexes[pos], int(radius), int(cap),
                              int(self.state.ad_used.get(key, 0))))
        return out

    def _base_side(self, bid: str) -> str:
        return next((b.side for b in self.scenario.bases if b.id == bid), "")

    def ad_preview(self, side: str, target: Hex, points: int, viewer: str | None = None) -> list[tuple[str, int]]:
        """(source, points it would take) for ``points`` flown over ``target``, as far as ``viewer`` knows."""
        out: list[tuple[str, int]] = []
        left = points
        for b in self.ad_bubbles(side, viewer):
            if left <= 0:
                break
            if hex_distance(target, b.hex) > b.radius:
                continue
            take = min(left, b.value - b.used)
            if take > 0:
                out.append((b.source, take))
                left -= take
        return out

    def bases(self) -> list[BaseInfo]:
        """Every base of the scenario (bases are known facilities; inactive ones are drawn dimmed)."""
        st = self.state
        down = {b: t for b, t in st.base_down}
        out = []
        for b in sorted(self.scenario.bases, key=lambda b: b.id):
            e = b.effects
            out.append(BaseInfo(b.id, b.kind, b.name or b.id, b.side, b.location, bool(st.base_active.get(b.id)),
                                int(down.get(b.id, 0)), int(b.capacity),
                                tuple(sorted(st.stocks.get(b.id, {}).items())), int(e.air_points),
                                int(e.detection_range), int(e.ew_shift), int(e.ew_radius), int(e.air_defence),
                                int(e.air_defence_radius), bool(e.supply_source), int(e.readiness_bonus)))
        return out

    def base_bubbles(self, base: BaseInfo) -> list[Bubble]:
        out = []
        if base.air_defence_radius > 0 and base.air_defence > 0:
            out.append(Bubble("ad", f"base:{base.id}", base.side, base.hex, base.air_defence_radius,
                              base.air_defence, int(self.state.ad_used.get(f"base:{base.id}", 0))))
        if base.ew_radius > 0 and base.ew_shift:
            out.append(Bubble("ew", f"base:{base.id}", base.side, base.hex, base.ew_radius, base.ew_shift))
        if base.detection_range > 0:
            out.append(Bubble("radar", f"base:{base.id}", base.side, base.hex, base.detection_range,
                              base.detection_range))
        return out

    def unit_bubbles(self, u: UnitInfo) -> list[Bubble]:
        out = []
        if u.air_defence_radius > 0 and u.air_defence > 0:
            out.append(Bubble("ad", u.id, u.side, u.hex, u.air_defence_radius, u.air_defence,
                              int(self.state.ad_used.get(u.id, 0))))
        if u.ew_radius > 0:
            out.append(Bubble("ew", u.id, u.side, u.hex, u.ew_radius, 0))
        if u.range > 0 and u.strike > 0:
            out.append(Bubble("range", u.id, u.side, u.hex, u.range, u.strike))
        return out

    def cut_links(self) -> list[CutInfo]:
        hexes = self.game.hexes
        t = self.turn
        return [CutInfo(hexes[a], hexes[b], int(c[0]), str(c[1]))
                for (a, b), c in sorted(self.state.cut_links.items()) if c[0] > t]

    def rail_via(self, uid: str) -> dict[Hex, Hex]:
        """Rail destination -> the transshipment point the move stops at (gauge change), if any."""
        if self.phase != "movement" or uid not in self.state.units:
            return {}
        from engine.rules import rail
        hexes = self.game.hexes
        reach = rail.rail_reach(self.state, self.state.units[uid])
        return {hexes[p]: hexes[via] for p, (_, via) in sorted(reach.items()) if via >= 0 and via != p}

    @property
    def transshipment_delay(self) -> int:
        return int(self.game.rules.rail.transshipment_delay)

    def readiness_states(self) -> list[str]:
        return [r.id for r in self.game.rules.readiness.states if not r.held]  # held states stand outside the ladder

    def alert_list(self, side: str | None = None) -> list[tuple[UnitInfo, bool, str]]:
        """Own units below the top readiness state: (unit, can a 'ready' order raise it now, why not)."""
        side = side or self.side_to_act()
        top = len(self.readiness_states()) - 1
        out = []
        for u in self.units(None):
            if u.side != side or u.readiness_rank >= top:
                continue
            why = self.state.why_illegal(Ready(u.id))
            out.append((u, why is None, why or ""))
        return out

    # --- the seminar's frame: objectives and score ------------------------------------
    def objectives(self) -> list[tuple[str, Hex, int, str, str]]:
        """(name, hex, points, side that scores it, side holding it now) for each victory objective."""
        return [(o.name, o.hex, int(o.points), o.side, self.control_of(o.hex))
                for o in self.scenario.victory.objectives]

    def score_lines(self) -> list[str]:
        """Scores as things stand and the conditions that make them, in words."""
        from engine.rules import victory
        vic = self.scenario.victory
        sc = victory.scores(self.state)
        out = ["Score now: " + ", ".join(f"{self.side_name(k)} {v}" for k, v in sc.items()),
               f"At the end a side wins if it leads by {max(1, vic.margin)} or more; otherwise a draw."]
        for name, _h, pts, side, holder in self.objectives():
            now = "held" if holder == side else f"held by {self.side_name(holder)}" if holder else "not held"
            out.append(f"{name}: {pts} pts for {self.side_name(side)} if held at the end ({now})")
        names = {t.id: t.name for t in self.scenario.tracks}
        for tg in vic.track_goals:
            c = tg.condition
            v = self.state.tracks.get(c.track)
            ok = victory.condition_holds(self.state, c)
            out.append(f"{names.get(c.track, c.track)} {c.op} {c.value}: {tg.points} pts for "
                       f"{self.side_name(tg.side)} (now {v}: {'yes' if ok else 'no'})")
        if vic.points_per_step_lost:
            out.append(f"Each step a side loses gives the other {vic.points_per_step_lost} pts.")
        return out

    # --- switchable map overlays (only what the viewer may know) ----------------------------
    def zoc_hexes(self, viewer: str | None) -> set[Hex]:
        """Hexes in the zones of control of enemy units the viewer can see (all units for None)."""
        g = self.game
        out: set[Hex] = set()
        for u in self.units(viewer):
            if viewer is not None and u.side == viewer:
                continue
            if viewer is None and u.side == self.side_to_act():
                continue
            if g.unit_types[u.type].zoc:
                out.add(u.hex)
                out.update(self.theatre.neighbors(u.hex))
        return out

    def supply_view(self, side: str | None) -> tuple[list[Hex], list[Hex]]:
        """(the side's railheads, hexes of its units out of supply)."""
        if not side:
            return [], []
        from engine.rules import supply
        hexes = self.game.hexes
        heads = sorted(hexes[i] for i in supply.railheads(self.state, side))
        oos = sorted({u.hex for u in self.units(None) if u.side == side and not u.supplied})
        return heads, oos

    def rail_links(self) -> list[tuple[Hex, Hex, int]]:
        """Every rail link of the map: (a, b, gauge in mm)."""
        m = self.theatre
        return [(a, b, int(ln.gauge)) for (a, b), ln in sorted(m.rail.items())]

    def rail_capacity_text(self, side: str | None) -> str:
        if not side:
            return ""
        from engine.rules import rail
        cap = int(self.game.rules.rail.capacity.get(side, 0))
        return f"{self.side_name(side)}: {rail.capacity_left(self.state, side)} of {cap} rail moves left this turn"

    def radius_overlays(self, viewer: str | None, kind: str) -> list[Bubble]:
        """Air-defence (``ad``) or missile-range (``range``) circles of every unit and base the viewer knows."""
        out = [b for u in self.units(viewer) for b in self.unit_bubbles(u) if b.kind == kind]
        out += [b for base in self.bases() if base.active for b in self.base_bubbles(base) if b.kind == kind]
        return out

"""The Session's read side: scenario facts, the position, units as the viewer sees them, attack odds.

Part of the Session (the UI's one door to the engine): only ``session.py``
and its parts ``session_facts.py`` and ``session_ops.py`` call the engine.
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path
from typing import Any, Sequence


from engine.core.actions import Action, Attack, Move, Rail
from engine.geo.hexgrid import Hex

from engine.ui.info import HexInfo, OddsInfo, TrackInfo, UnitInfo, _ratio_text, hex_info


class SessionFacts:
    """A game being played at the table: game, state, undo, log (set up here), and what can be read of it."""

    def __init__(self, game: Any, state: Any, scenario_path: str = "", seed: int = 0) -> None:
        self.game = game
        self.state = state
        self.scenario_path = scenario_path
        self.seed = seed
        self.undo_stack: list[tuple[Any, str]] = []
        self.ui_log: list[str] = []  # facilitator overrides and UI notes, with reasons
        self.history: list[tuple[int, str, str, str]] = []  # (turn, phase, side, order) for the AAR
        self.snapshots: list[dict[str, Any]] = []  # the start, then the end of each turn, for the AAR
        self._snapshot(0)

    # --- static facts ------------------------------------------------------------
    @property
    def scenario(self) -> Any:
        return self.game.scenario

    @property
    def theatre(self) -> Any:
        return self.game.map

    def side_ids(self) -> tuple[str, ...]:
        return tuple(self.game.side_ids)

    def side_name(self, side: str | None) -> str:
        if side is None:
            return "-"
        try:
            return self.scenario.side(side).name
        except KeyError:
            return side

    def side_colour(self, side: str) -> str:
        try:
            return self.scenario.side(side).colour
        except KeyError:
            return ""

    @property
    def fog_of_war(self) -> bool:
        return bool(self.scenario.fog_of_war)

    # --- dynamic facts ------------------------------------------------------------
    @property
    def turn(self) -> int:
        return int(self.state.turn)

    @property
    def turns_total(self) -> int:
        return int(self.scenario.turns)

    @property
    def phase(self) -> str:
        return str(self.state.phase)

    def side_to_act(self) -> str | None:
        return self.state.current_player()

    def is_over(self) -> bool:
        return bool(self.state.is_terminal())

    def date_text(self) -> str:
        """Calendar date and time of the current turn (from the start date and turn length)."""
        try:
            start = _dt.datetime.fromisoformat(str(self.scenario.start_date))
        except ValueError:
            return ""
        t = start + _dt.timedelta(hours=self.scenario.turn_hours * (self.turn - 1))
        return t.strftime("%d %b %Y") + ("" if self.scenario.turn_hours % 24 == 0 else t.strftime(" %H:%M"))

    def state_hash(self) -> str:
        return str(self.state.state_hash())

    def outcome_text(self) -> str:
        oc = self.state.outcome()
        if oc is None:
            return ""
        scores = ", ".join(f"{self.side_name(s)} {v}" for s, v in oc.scores)
        who = "draw" if oc.winner == "draw" else f"{self.side_name(oc.winner)} wins"
        return f"{who} ({scores}) - {oc.reason}"

    def engine_log(self) -> list[str]:
        return list(self.state.log)

    def tracks(self) -> list[TrackInfo]:
        vals = self.state.tracks
        return [TrackInfo(t.id, t.name, int(vals.get(t.id, t.initial)), t.min, t.max,
                          tuple(sorted(t.thresholds.items(), key=lambda kv: (kv[1], kv[0]))))
                for t in self.scenario.tracks]

    def _unit_info(self, uid: str, u: Any, h: Hex, full: bool = True) -> UnitInfo:
        """Plain values of a unit; ``full`` adds what only its owner knows (readiness timer, transshipment)."""
        g = self.game
        ut = g.unit_types[u.type]
        ranks = [r.id for r in g.rules.readiness.states if not r.held]  # held (restrained) states: rank -1
        rank = ranks.index(u.readiness) if u.readiness in ranks else -1
        live = self.state.units.get(uid) if full else None
        tr = self.state.transship.get(uid) if full else None
        return UnitInfo(uid, u.name, u.side, getattr(u, "nation", ""), u.type, ut.name, ut.symbol, ut.size, h,
                        int(u.strength), int(ut.steps), str(u.readiness), bool(u.moved), bool(u.attacked),
                        bool(u.supplied), int(ut.attack), int(ut.defence), int(ut.movement),
                        ready_in=int(live.ready_in) if live is not None else 0, readiness_rank=rank,
                        oos_turns=int(live.oos_turns) if live is not None else 0,
                        transship_until=int(tr[0]) if tr else 0,
                        transship_to=g.label(g.hexes[tr[1]]) if tr else "",
                        strike=int(ut.strike), range=int(ut.range), air_defence=int(ut.air_defence),
                        air_defence_radius=int(ut.air_defence_radius), ew_radius=int(ut.ew_radius),
                        detection_range=int(ut.detection_range))

    def units(self, viewer: str | None = None) -> list[UnitInfo]:
        """Units visible to ``viewer`` (its observation under fog of war; all for None)."""
        st = self.state
        if viewer is None or not self.fog_of_war:
            hexes = self.game.hexes
            return [self._unit_info(k, st.units[k], hexes[st.units[k].pos]) for k in sorted(st.units)]
        obs = st.observation(viewer)
        # own units: everything; seen enemy units: only what the observation tells
        return [self._unit_info(v.id, v, v.hex, full=v.side == viewer) for v in obs.units]

    def visible_ids(self, viewer: str | None) -> set[str]:
        return {u.id for u in self.units(viewer)}

    def stacks(self, viewer: str | None = None) -> dict[Hex, list[UnitInfo]]:
        """Hex -> units there (sorted ids), for drawing."""
        out: dict[Hex, list[UnitInfo]] = {}
        for u in self.units(viewer):
            out.setdefault(u.hex, []).append(u)
        return out

    def control_of(self, h: Hex) -> str:
        i = self.game.index.get(h)
        return self.state.control.get(i, "") if i is not None else ""

    def control_seen(self, h: Hex, viewer: str | None) -> str:
        """Who holds ``h`` as ``viewer`` may know it ('' when unknown). Under fog a place is told only where
        the side observes it (its observation's control): hovering every town showed who held it, so a
        team could trace the other side's unseen advance. Victory objectives stay public (their stars and
        the score panel show them to everyone), as a city's fall is news."""
        if viewer is None or not self.fog_of_war or h in self._objective_hexes():
            return self.control_of(h)
        return dict(self.state.observation(viewer).control).get(h, "")

    def _objective_hexes(self) -> frozenset[Hex]:
        return frozenset(o.hex for o in self.scenario.victory.objectives)

    def hex_info(self, h: Hex, viewer: str | None = None) -> HexInfo | None:
        m = self.theatre
        if h not in m:
            return None
        return hex_info(m, h, tuple(u for u in self.units(viewer) if u.hex == h), self.control_seen(h, viewer))

    # --- orders: queries ---------------------------------------------------------
    def legal_actions(self) -> list[Action]:
        return list(self.state.legal_actions())

    def can_select(self, uid: str) -> bool:
        return self.phase == "movement" and uid in self.state.group_keys()

    def reachable_hexes(self, uid: str) -> dict[Hex, Action]:
        """Destination -> the order that gets there (tactical moves win over rail)."""
        if self.phase != "movement":
            return {}
        out: dict[Hex, Action] = {}
        for a in self.state.group_actions(uid):
            if isinstance(a, Move):
                out[a.dst] = a
        for a in self.state.group_actions(uid):
            if isinstance(a, Rail) and a.dst not in out:
                out[a.dst] = a
        return out

    def rail_hexes(self, uid: str) -> set[Hex]:
        if self.phase != "movement":
            return set()
        return {a.dst for a in self.state.group_actions(uid) if isinstance(a, Rail)}

    def attack_targets(self) -> list[Hex]:
        if self.phase != "combat":
            return []
        return sorted(Hex.parse(k) if "," in k else self.game.hexes[int(k)] for k in self.state.group_keys())

    def attack_orders(self, target: Hex) -> list[Attack]:
        """Legal attacks on ``target`` (each a set of attackers), sorted."""
        if self.phase != "combat":
            return []
        i = self.game.index.get(target)
        if i is None or str(i) not in self.state.group_keys():
            return []
        return [a for a in self.state.group_actions(str(i)) if isinstance(a, Attack)]

    def possible_attackers(self, target: Hex) -> list[str]:
        ids: set[str] = set()
        for a in self.attack_orders(target):
            ids.update(a.attackers)
        return sorted(ids)

    def odds_preview(self, attackers: Sequence[str], target: Hex) -> OddsInfo:
        """Odds of an attack before it is made (asks the engine's combat rules)."""
        order = Attack(target, tuple(attackers))
        why = self.state.why_illegal(order) if attackers else "choose at least one attacker"
        i = self.game.index.get(target)
        if i is None:
            return OddsInfo(0, 0, "-", "-", (), False, "off the map")
        try:
            from engine.rules import combat
            o = combat.odds(self.state, i, list(attackers))
        except (ImportError, AttributeError, KeyError, ZeroDivisionError):
            att = sum(self._strength(uid, "attack") for uid in attackers)
            dfn = sum(self._strength(uid, "defence") for uid in self.state.units_at(i))
            return OddsInfo(att, dfn, _ratio_text(att, dfn), "?", (), why is None, why or "")
        shifts = tuple((r.rsplit(" ", 1)[0], int(r.rsplit(" ", 1)[1])) if r.rsplit(" ", 1)[-1].lstrip("+-").isdigit()
                       else (r, 0) for r in o.reasons)
        return OddsInfo(round(o.attack, 1), round(o.defence, 1), _ratio_text(o.attack, o.defence), str(o.label),
                        shifts, why is None, why or "", self.result_chances(o.column))

    def result_chances(self, column: int) -> tuple[tuple[str, str, float], ...]:
        """The chance of each result in a column of the combat table (one die roll per row)."""
        table = self.game.rules.combat
        counts: dict[str, tuple[int, Any]] = {}
        for row in table.rows:
            r = row[column]
            n, _ = counts.get(r.code, (0, r))
            counts[r.code] = (n + 1, r)
        out = [(code, result_words(r), n / table.die_sides) for code, (n, r) in counts.items()]
        return tuple(sorted(out, key=lambda x: (-x[2], x[0])))

    def _strength(self, uid: str, kind: str) -> float:
        u = self.state.units[uid]
        ut = self.game.unit_types[u.type]
        full = ut.attack if kind == "attack" else ut.defence
        return full * u.strength / max(1, ut.steps)

    # --- after-action data ------------------------------------------------------------
    def _snapshot(self, label: int = 0) -> None:
        """Record the position as the end of turn ``label`` (0: the start), so a turn's losses sit under it."""
        st = self.state
        snap = {"turn": int(label), "tracks": dict(sorted(st.tracks.items())),
                "steps_lost": dict(sorted(st.steps_lost.items())),
                "units": {s: sum(1 for u in st.units.values() if u.side == s) for s in self.game.side_ids},
                "out_of_supply": {s: sum(1 for u in st.units.values() if u.side == s and not u.supplied)
                                  for s in self.game.side_ids},
                "air_points": dict(sorted(st.air_points.items())),
                "cut_links": sum(1 for c in st.cut_links.values() if c[0] > st.turn),
                "bases_active": sum(1 for v in st.base_active.values() if v),
                "destroyed": {s: sum(1 for d in st.destroyed if d[1] == s) for s in self.game.side_ids},
                "objectives": {o.name: st.control.get(self.game.index.get(o.hex, -1), "")
                               for o in self.scenario.victory.objectives}}
        if self.snapshots and self.snapshots[-1]["turn"] == snap["turn"]:
            self.snapshots[-1] = snap
        else:
            self.snapshots.append(snap)


def result_words(r: Any) -> str:
    """A combat result in words: 'defender loses 1 step and retreats 2 hexes'."""
    parts = []
    for who, loss, back in (("defender", r.defender_loss, r.defender_retreat),
                            ("attacker", r.attacker_loss, r.attacker_retreat)):
        bits = []
        if loss:
            bits.append(f"loses {loss} step{'s' if loss != 1 else ''}")
        if back:
            bits.append(f"retreats {back} hex{'es' if back != 1 else ''}")
        if bits:
            parts.append(f"{who} " + " and ".join(bits))
    return "; ".join(parts) or "no effect"

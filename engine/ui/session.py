"""The one adapter between the seminar UI and the engine.

Every engine call the UI makes goes through :class:`Session`, so a change of
the engine API touches this file only. The Session holds the game, the
current state, the undo stack and the UI log; it never changes a state
except with ``State.apply_action`` (the same orders the AI uses). It hands
the UI plain values (:class:`UnitInfo`, :class:`OptionCard`, ...), so the
drawing code never reads engine internals.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from pathlib import Path
from typing import Any, Sequence

import attrs

from engine.core.actions import (
    END,
    Action,
    AirMission,
    Attack,
    ChooseOption,
    Facilitator,
    Move,
    Rail,
    Ready,
    Strike,
)
from engine.errors import EngineError, IllegalActionError, SaveError
from engine.geo.hexgrid import Hex
from engine.geo.hexgrid import distance as hex_distance

#: Undo depth kept in memory (clones are cheap but not free).
MAX_UNDO = 200


@attrs.frozen
class UnitInfo:
    id: str
    name: str
    side: str
    nation: str
    type: str
    type_name: str
    symbol: str
    size: str
    hex: Hex
    strength: int
    steps: int
    readiness: str
    moved: bool
    attacked: bool
    supplied: bool
    attack: int
    defence: int
    movement: int
    ready_in: int = 0  # turns to the next readiness state (0: not raising)
    readiness_rank: int = -1  # 0 = least ready; -1 unknown
    oos_turns: int = 0
    transship_until: int = 0  # > 0: held at a transshipment point until this turn
    transship_to: str = ""  # where it goes on after transshipment
    strike: int = 0
    range: int = 0
    air_defence: int = 0
    air_defence_radius: int = 0
    ew_radius: int = 0
    detection_range: int = 0


@attrs.frozen
class BaseInfo:
    """A base as the map draws it: kind, owner, whether it works now, and its radii."""

    id: str
    kind: str
    name: str
    side: str
    hex: Hex
    active: bool
    down_until: int  # > 0: knocked out by a strike until this turn
    capacity: int
    stocks: tuple[tuple[str, int], ...]
    air_points: int
    detection_range: int
    ew_shift: int
    ew_radius: int
    air_defence: int
    air_defence_radius: int
    supply_source: bool
    readiness_bonus: int


@attrs.frozen
class Bubble:
    """A radius on the map: air defence (``ad``), electronic warfare (``ew``) or radar (``radar``)."""

    kind: str
    source: str
    side: str
    hex: Hex
    radius: int
    value: int  # AD capacity per turn, EW shift, radar range
    used: int = 0  # AD capacity used this turn


@attrs.frozen
class CutInfo:
    a: Hex
    b: Hex
    until: int
    reason: str


@attrs.frozen
class TrackInfo:
    id: str
    name: str
    value: int
    min: int
    max: int
    thresholds: tuple[tuple[str, int], ...]


@attrs.frozen
class OptionCard:
    id: str
    side: str
    name: str
    description: str
    cost: tuple[tuple[str, int], ...]
    delay: int
    available: bool
    taken: bool
    why_not: str = ""
    needs: tuple[str, ...] = ()  # prerequisites, as text


@attrs.frozen
class OddsInfo:
    """What the attacker sees before confirming: strengths, ratio, column after shifts."""

    attack: float
    defence: float
    ratio_text: str
    column: str
    shifts: tuple[tuple[str, int], ...]
    legal: bool
    why_not: str = ""


@attrs.frozen
class HexInfo:
    hex: Hex
    terrain: str
    country: str
    places: tuple[str, ...]
    rivers: tuple[str, ...]
    rail: tuple[str, ...]
    roads: tuple[str, ...]
    airfields: tuple[str, ...]
    control: str
    units: tuple[UnitInfo, ...]


class Session:
    """A game being played at the table: game, state, undo, log, viewer side."""

    def __init__(self, game: Any, state: Any, scenario_path: str = "", seed: int = 0) -> None:
        self.game = game
        self.state = state
        self.scenario_path = scenario_path
        self.seed = seed
        self.undo_stack: list[tuple[Any, str]] = []
        self.ui_log: list[str] = []  # facilitator overrides and UI notes, with reasons
        self.history: list[tuple[int, str, str, str]] = []  # (turn, phase, side, order) for the AAR
        self.snapshots: list[dict[str, Any]] = []  # per turn, for the AAR charts
        self._snapshot()

    # --- construction ----------------------------------------------------------
    @classmethod
    def open(cls, scenario_path: str | os.PathLike[str] | None = None, seed: int = 0) -> "Session":
        """Load scenario + map and start a game; EngineError (with all problems) otherwise."""
        from engine.game.game import DEFAULT_SCENARIO, load_game
        path = Path(scenario_path) if scenario_path else DEFAULT_SCENARIO
        game = load_game(path)
        return cls(game, game.new_initial_state(seed), str(path), seed)

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

    def hex_info(self, h: Hex, viewer: str | None = None) -> HexInfo | None:
        m = self.theatre
        if h not in m:
            return None
        return hex_info(m, h, tuple(u for u in self.units(viewer) if u.hex == h), self.control_of(h))

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
                        shifts, why is None, why or "")

    def _strength(self, uid: str, kind: str) -> float:
        u = self.state.units[uid]
        ut = self.game.unit_types[u.type]
        full = ut.attack if kind == "attack" else ut.defence
        return full * u.strength / max(1, ut.steps)

    # --- operations: orders by unit, air, strikes, readiness, bases ------------------------
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
        """The readiness ladder, least ready first (held states such as 'restrained' stand outside it)."""
        return [r.id for r in self.game.rules.readiness.states if not r.held]

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

    def log_lines(self, viewer: str | None = None) -> list[str]:
        """The engine log as ``viewer`` may read it under fog of war.

        Other sides' orders and their consequences are dropped (unless they
        name one of the viewer's units), and any line naming an enemy unit the
        viewer cannot see now is dropped.
        """
        lines = self.state.log
        if viewer is None or not self.fog_of_war:
            return list(lines)
        seen = self.visible_ids(viewer)
        own = sorted(uid for uid, u in self.state.units.items() if u.side == viewer)
        hidden = sorted(self._enemy_ids(viewer) - seen)
        hid = re.compile(r"\b(" + "|".join(map(re.escape, hidden)) + r")\b") if hidden else None
        mine = re.compile(r"\b(" + "|".join(map(re.escape, own)) + r")\b") if own else None
        out: list[str] = []
        foreign = False
        for ln in lines:
            m = _HEADER.match(ln)
            if m:
                foreign = m.group(1) not in (viewer, "facilitator")
                if foreign:
                    continue
            elif foreign and ln.startswith(" "):
                if mine is None or not mine.search(ln):
                    continue
            elif not ln.startswith(" "):
                foreign = False
            if hid is not None and hid.search(ln):
                continue
            out.append(ln)
        return out

    def _enemy_ids(self, viewer: str) -> set[str]:
        sc = self.scenario
        ids = {uid for uid, u in self.state.units.items() if u.side != viewer}
        ids.update(u.id for u in sc.units if u.side != viewer)
        ids.update(e.unit.id for e in sc.schedule if e.unit is not None and e.unit.side != viewer)
        ids.update(r.unit.id for r in sc.rotations if r.unit.side != viewer)
        ids.update(d[0] for d in self.state.destroyed if d[1] != viewer)
        return ids

    def facilitator_notes(self) -> list[str]:
        """Facilitator overrides with their reasons, from the engine history (so they survive save/load)."""
        return [h[len("facilitator "):] for h in self.state.history if h.startswith("facilitator ")]

    def options_for(self, side: str | None = None) -> list[OptionCard]:
        """The decision cards of ``side`` (default: the side to act), available ones first."""
        side = side or self.side_to_act()
        taken = {o for o, *_ in self.state.options_taken}
        out = []
        for o in self.scenario.options:
            if o.side != side:
                continue
            why = self.state.why_illegal(ChooseOption(o.id)) if self.phase == "decisions" \
                and self.side_to_act() == side else "not your decisions phase"
            if not self.state.options_enabled.get(o.id, o.enabled) and o.id not in taken:
                continue
            out.append(OptionCard(o.id, o.side, o.name, o.description or self.effects_text(o.effects),
                                  tuple(sorted(o.cost.items())),
                                  int(o.delay), why is None, o.id in taken, why or "", self._needs(o)))
        out.sort(key=lambda c: (not c.available, c.taken, c.name))
        return out

    def _needs(self, o: Any) -> tuple[str, ...]:
        names = {t.id: t.name for t in self.scenario.tracks}
        opts = {x.id: x.name for x in self.scenario.options}
        out = [f"{names.get(c.track, c.track)} {c.op} {c.value}" for c in o.requires]
        out += [f"after '{opts.get(r, r)}'" for r in o.requires_options]
        out += [f"not after '{opts.get(x, x)}'" for x in o.excludes_options]
        return tuple(out)

    def effects_text(self, effects: Sequence[Any]) -> str:
        """A one-line summary of option or event effects, for cards without a description."""
        from engine.scenario import model as m
        names = {t.id: t.name for t in self.scenario.tracks}
        parts = []
        for e in effects:
            if isinstance(e, m.ChangeTrack):
                parts.append(f"{names.get(e.track, e.track)} " + (f"= {e.set_to}" if e.set_to is not None
                                                                  else f"{e.delta:+d}"))
            elif isinstance(e, m.AddUnit):
                parts.append(f"brings {e.unit.name}")
            elif isinstance(e, m.RemoveUnit):
                parts.append(f"withdraws {e.unit_id}")
            elif isinstance(e, m.EstablishBase):
                parts.append(f"{'opens' if e.established else 'closes'} base {e.base}")
            elif isinstance(e, m.EnableOption):
                parts.append(f"{'enables' if e.enabled else 'disables'} option {e.option}")
            elif isinstance(e, m.Message):
                parts.append(e.text)
            elif isinstance(e, m.EndGame):
                parts.append(f"ends the game ({e.reason})")
        return "; ".join(parts)

    def parse(self, text: str) -> Action:
        return Action.from_str(text, self.game)

    def order_text(self, action: Action) -> str:
        return action.to_str(self.game)

    # --- orders: doing -----------------------------------------------------------
    def apply(self, action: Action | str) -> list[str]:
        """Apply one order through the engine; returns the new engine log lines.

        Illegal orders raise IllegalActionError and leave the state untouched.
        """
        if isinstance(action, str):
            action = self.parse(action)
        before = self.state.clone()
        n = len(self.state.log)
        turn, phase, side = self.turn, self.phase, self.side_to_act() or "-"
        self.state.apply_action(action)
        self.undo_stack.append((before, action.to_str(self.game)))
        del self.undo_stack[:-MAX_UNDO]
        self.history.append((turn, phase, side, action.to_str(self.game)))
        if self.turn != turn or self.is_over():
            self._snapshot()
        return list(self.state.log[n:])

    def end_phase(self) -> list[str]:
        return self.apply(END)

    def can_undo(self) -> bool:
        return bool(self.undo_stack) or bool(self.state.history)

    def undo(self, reason: str = "") -> str | None:
        """Back to the state before the last order; returns that order's text."""
        if self.undo_stack:
            self.state, text = self.undo_stack.pop()
        elif self.state.history:  # after a load: the engine replays from the seed
            from engine.core.save import undo as replay_undo
            text = self.state.history[-1]
            self.state = replay_undo(self.state)
        else:
            return None
        if self.history:
            self.history.pop()
        while self.snapshots and self.snapshots[-1]["turn"] > self.turn:
            self.snapshots.pop()
        self.ui_log.append(f"T{self.turn} undo: {text}" + (f" (reason: {reason})" if reason else ""))
        return text

    def facilitator(self, command: str, reason: str) -> list[str]:
        """A facilitator override (``track tension 70``, ``place 6mech Lida`` ...) with its reason.

        Sent to the engine as the order ``facilitator <command> -- <reason>``,
        so it is applied, logged, saved and replayed like any other order.
        If the engine has no such order, it raises and nothing changes.
        """
        if not reason.strip():
            raise IllegalActionError("a facilitator override needs a reason")
        order = f"facilitator {command.strip()} -- {reason.strip()}"
        lines = self.apply(order)
        self.ui_log.append(f"T{self.turn} facilitator: {command.strip()} (reason: {reason.strip()})")
        return lines

    # --- save / load ----------------------------------------------------------------
    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the engine's save (atomic: a failed save never clobbers the old file)."""
        from engine.core.save import save_game
        save_game(self.state, Path(path))

    def load(self, path: str | os.PathLike[str]) -> None:
        """Replace the state by a verified save; on any error the running game is untouched."""
        from engine.core.save import load_save
        st = load_save(Path(path), self.game)
        self.state = st
        self.undo_stack.clear()
        self.history = [(0, "", "", a) for a in st.history]
        self.ui_log.append(f"T{self.turn} loaded {Path(path).name}")
        self._snapshot()

    # --- after-action data ------------------------------------------------------------
    def _snapshot(self) -> None:
        st = self.state
        snap = {"turn": int(st.turn), "tracks": dict(sorted(st.tracks.items())),
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


_HEADER = re.compile(r"^T\d+ \S+ (\S+): ")


def _ratio_text(a: float, d: float) -> str:
    if d <= 0:
        return "auto"
    r = a / d
    return f"{r:.1f}:1" if r >= 1 else f"1:{d / a:.1f}" if a > 0 else "0:1"


def hex_info(m: Any, h: Hex, units: tuple[UnitInfo, ...] = (), control: str = "") -> HexInfo:
    """What the hover box shows about a hex (also used without a game, in map view)."""
    rivers = sorted({f"{rv.name} ({rv.klass})" for _, rv in m.rivers_of(h)})
    rail = sorted({f"{ln.line} ({ln.gauge} mm)" for n in m.neighbors(h) if (ln := m.rail_between(h, n))})
    roads = sorted({ln.line for n in m.neighbors(h) if (ln := m.road_between(h, n))})
    airfields = [f"{a.name} ({a.icao}{', military' if a.military else ''})" for a in m.airfields_at(h)]
    trans = m.transshipment_at(h)
    if trans is not None:
        rail.append(f"gauge change: {trans.name}")
    places = tuple(f"{p.name} ({p.population:,})" if p.population else p.name for p in m.places_at(h))
    return HexInfo(h, m.terrain[h], m.country.get(h, ""), places, tuple(rivers), tuple(rail),
                   tuple(roads), tuple(airfields), control, units)

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
from pathlib import Path
from typing import Any, Sequence

import attrs

from ..actions import END, Action, Attack, ChooseOption, Move, Rail
from ..errors import EngineError, IllegalActionError, SaveError
from ..hexgrid import Hex

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
        from ..game import DEFAULT_SCENARIO, load_game
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

    def _unit_info(self, uid: str, u: Any, h: Hex) -> UnitInfo:
        ut = self.game.unit_types[u.type]
        return UnitInfo(uid, u.name, u.side, getattr(u, "nation", ""), u.type, ut.name, ut.symbol, ut.size, h,
                        int(u.strength), int(ut.steps), str(u.readiness), bool(u.moved), bool(u.attacked),
                        bool(u.supplied), int(ut.attack), int(ut.defence), int(ut.movement))

    def units(self, viewer: str | None = None) -> list[UnitInfo]:
        """Units visible to ``viewer`` (its observation under fog of war; all for None)."""
        st = self.state
        if viewer is None or not self.fog_of_war:
            hexes = self.game.hexes
            return [self._unit_info(k, st.units[k], hexes[st.units[k].pos]) for k in sorted(st.units)]
        obs = st.observation(viewer)
        out = []
        for v in obs.units:
            ut = self.game.unit_types[v.type]
            out.append(UnitInfo(v.id, v.name, v.side, "", v.type, ut.name, ut.symbol, ut.size, v.hex,
                                int(v.strength), int(ut.steps), v.readiness, v.moved, v.attacked, v.supplied,
                                int(ut.attack), int(ut.defence), int(ut.movement)))
        return out

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
            from ..rules import combat
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
                                  int(o.delay), why is None, o.id in taken, why or ""))
        out.sort(key=lambda c: (not c.available, c.taken, c.name))
        return out

    def effects_text(self, effects: Sequence[Any]) -> str:
        """A one-line summary of option or event effects, for cards without a description."""
        from .. import model as m
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
            from ..save import undo as replay_undo
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
        from ..save import save_game
        save_game(self.state, Path(path))

    def load(self, path: str | os.PathLike[str]) -> None:
        """Replace the state by a verified save; on any error the running game is untouched."""
        from ..save import load_save
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
                "objectives": {o.name: st.control.get(self.game.index.get(o.hex, -1), "")
                               for o in self.scenario.victory.objectives}}
        if self.snapshots and self.snapshots[-1]["turn"] == snap["turn"]:
            self.snapshots[-1] = snap
        else:
            self.snapshots.append(snap)


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

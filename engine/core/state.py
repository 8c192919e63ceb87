"""The dynamic game state and its OpenSpiel-style API.

Only :meth:`State.apply_action` changes a state (plus the engine's own
automatic phases, run from it). The State holds data and primitives; which
rule checks and applies an order is the Game's dispatch table
(engine/game/dispatch.py), so this module imports no rule. Units live in a dict keyed by id; every
decision iterates ids in sorted order, never a set. Positions are dense hex
indices of the Game; JSON uses ``q,r``. ``state_hash`` is sha256 of a
canonical JSON (sorted keys, no log), so it is identical in any process.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any, Sequence

import attrs

from engine.core.actions import Action
from engine.core.rng import Rng
from engine.errors import SaveError
from engine.geo.hexgrid import Hex

if TYPE_CHECKING:
    from engine.game.dispatch import LegalActions
    from engine.game.game import Game
    from engine.scenario.model import UnitSpec

STATE_FORMAT = 1


class Unit:
    """A unit on the map (mutable inside the engine; copied by clone)."""

    __slots__ = ("id", "type", "side", "nation", "name", "pos", "strength", "readiness",
                 "moved", "attacked", "supplied", "oos_turns", "ready_in")

    def __init__(self, id: str, type: str, side: str, nation: str, name: str, pos: int,
                 strength: int, readiness: str, moved: bool = False, attacked: bool = False,
                 supplied: bool = True, oos_turns: int = 0, ready_in: int = 0) -> None:
        self.id, self.type, self.side, self.nation, self.name = id, type, side, nation, name
        self.pos, self.strength, self.readiness = pos, strength, readiness
        self.moved, self.attacked, self.supplied = moved, attacked, supplied
        self.oos_turns, self.ready_in = oos_turns, ready_in

    def copy(self) -> "Unit":
        # Slot by slot, spelled out: clone() copies every unit, and a loop over __slots__ with
        # getattr/setattr was a third of a search's time.
        u = _new_unit(Unit)
        u.id, u.type, u.side, u.nation, u.name = self.id, self.type, self.side, self.nation, self.name
        u.pos, u.strength, u.readiness = self.pos, self.strength, self.readiness
        u.moved, u.attacked, u.supplied = self.moved, self.attacked, self.supplied
        u.oos_turns, u.ready_in = self.oos_turns, self.ready_in
        return u

    def to_row(self, hexes: Sequence[Hex]) -> list:
        h = hexes[self.pos]
        return [self.id, self.type, self.side, self.nation, self.name, h[0], h[1], self.strength,
                self.readiness, self.moved, self.attacked, self.supplied, self.oos_turns, self.ready_in]

    def __repr__(self) -> str:
        return f"Unit({self.id} {self.side} @{self.pos} s{self.strength} {self.readiness})"


_new_unit = object.__new__


@attrs.frozen
class Outcome:
    """How a finished game ended: winner (side id or 'draw'), scores, why."""

    winner: str
    scores: tuple[tuple[str, int], ...]
    reason: str


@attrs.frozen
class UnitView:
    id: str
    type: str
    side: str
    name: str
    hex: Hex
    strength: int
    readiness: str
    moved: bool
    attacked: bool
    supplied: bool


@attrs.frozen
class Observation:
    """What one side may know. Policies and the UI read only this.

    Under fog of war ``units`` omits enemy units the side cannot see and
    ``control`` lists only hexes it observes (engine/rules/intel.py).
    """

    side: str
    turn: int
    phase: str
    to_act: str | None
    units: tuple[UnitView, ...]
    control: tuple[tuple[Hex, str], ...]
    tracks: tuple[tuple[str, int], ...]
    air_points: int
    options_taken: tuple[str, ...]
    terminal: bool
    #: (side, may use force across borders) per side: the rules of engagement (rules/engagement.py)
    engaged: tuple[tuple[str, bool], ...] = ()
    #: this side's own units off the map: (unit id, box id, destination hex or None for the box, turn
    #: it gets there) (rules/offmap.py); the enemy's are never shown
    offmap: tuple[tuple[str, str, Hex | None, int], ...] = ()


class State:
    """One position of a game. Create with ``game.new_initial_state(seed)``."""

    def __init__(self, game: "Game") -> None:
        self.game = game
        self.seed = 0
        self.turn = 1
        self.phase_idx = 0
        self.side_idx = 0
        self.terminal = False
        self.end_reason = ""
        self.forced_winner = ""
        self.units: dict[str, Unit] = {}
        self.hex_units: dict[int, list[str]] = {}
        self.control: dict[int, str] = {}
        self.tracks: dict[str, int] = {}
        self.base_active: dict[str, bool] = {}
        self.stocks: dict[str, dict[str, int]] = {}
        self.options_enabled: dict[str, bool] = {}
        self.options_taken: list[list] = []  # [option id, turn]
        self.options_pending: list[list] = []  # [arrival turn, option id]
        self.chosen_this_phase: list[str] = []
        self.events_fired: dict[str, int] = {}
        self.air_points: dict[str, int] = {}
        self.rail_used: dict[str, int] = {}
        self.steps_lost: dict[str, int] = {}
        self.destroyed: list[list] = []  # [unit id, side, turn]
        self.attacked_hexes: list[int] = []
        # Air and strikes (engine/rules/air.py, strike.py): missions flown
        # [turn, side, mission, hex, effective points, points flown]; air-defence capacity used this
        # turn per source; launchers that fired this turn [unit, target hex, side]; struck bases
        # [base id, turn it comes back].
        self.air_missions: list[list] = []
        self.ad_used: dict[str, int] = {}
        self.struck: list[list] = []
        self.base_down: list[list] = []
        # Logistics (engine/rules/rail.py, supply.py): cut rail links (a, b) -> [until turn, reason],
        # units held at a transshipment point -> [until turn, destination], unit -> base it draws on.
        self.cut_links: dict[tuple[int, int], list] = {}
        self.transship: dict[str, list[int]] = {}
        self.supply_src: dict[str, str] = {}
        # captured rail hexes (rules/rail.py): hex -> [side that holds it, turn it carries that side's trains]
        self.captured_rail: dict[int, list] = {}
        self.obstacles: dict[int, str] = {}  # obstacle hex -> the side that laid it (rules/friction.py)
        self.cutoff: dict[int, list] = {}  # place hex -> [side next to it, turns cut off] (rules/cutoff.py)
        # road hexsides used this turn (rules/friction.py): side -> {(a, b): units moved along it}
        self.road_used: dict[str, dict[tuple[int, int], int]] = {}
        # Off-map boxes (rules/offmap.py): unit id -> [box id, destination hex (-1: the box itself),
        # turn it gets there, the Unit]. These units are not in ``units``: no rule sees them on the map.
        self.offmap: dict[str, list] = {}
        self.rng = Rng(0)
        self.log: list[str] = []
        self.history: list[str] = []
        # Caches (never serialised, never hashed).
        self._epoch: dict[str, int] = {}
        self._reach: dict[str, tuple] = {}
        self._zoc: dict[str, tuple] = {}
        self._vis: dict[str, tuple] = {}  # fog of war: enemy hexes each side sees (engine/rules/intel.py)
        self._logi: dict[str, Any] = {}  # logistics caches (rail reach, railheads, cut version)
        self._side_ids: dict[str, tuple] = {}  # side -> (roster version, sorted unit ids)
        self._roster = 0  # counts units placed and removed (never serialised)
        self._layout = 0  # counts units placed, removed and moved (never serialised)

    # --- construction ------------------------------------------------------
    @classmethod
    def initial(cls, game: "Game", seed: int) -> "State":
        sc = game.scenario
        st = cls(game)
        st.seed = int(seed)
        st.rng = Rng(int(seed))
        for s in game.side_ids:
            st.steps_lost[s] = 0
            st.air_points[s] = 0
            st.rail_used[s] = 0
            st._epoch[s] = 0
        for spec in sorted(sc.units, key=lambda u: u.id):
            st.place_unit(spec)
        st.tracks = {t.id: t.initial for t in sc.tracks}
        for b in sc.bases:
            st.base_active[b.id] = b.active
            st.stocks[b.id] = dict(sorted(b.stocks.items()))
        st.options_enabled = {o.id: o.enabled for o in sc.options}
        for i in sorted(game.tracked):
            occ = st.hex_units.get(i)
            if occ:
                st.control[i] = st.units[occ[0]].side
            elif game.country[i] in game.home_side:
                st.control[i] = game.home_side[game.country[i]]
        st.log.append(f"game {sc.id} seed {seed}")
        game.dispatch.begin(st)
        return st

    # --- unit bookkeeping (used by rules) ------------------------------------
    def place_unit(self, spec: "UnitSpec") -> Unit | None:
        """Put a unit from the scenario on the map (or in its off-map box); None if its id is already there."""
        if spec.id in self.units or spec.id in self.offmap:
            return None
        pos = self.game.index.get(spec.location)
        if spec.box and pos is not None:
            u = Unit(spec.id, spec.type, spec.side, spec.nation, spec.name, pos, spec.strength, spec.readiness)
            self.offmap[u.id] = [spec.box, -1, self.turn, u]
            return u
        if pos is None or not self.game.land[pos]:
            self.log.append(f"  {spec.id} cannot be placed at {spec.location} (not land on the map)")
            return None
        u = Unit(spec.id, spec.type, spec.side, spec.nation, spec.name, pos, spec.strength, spec.readiness)
        self.units[u.id] = u
        lst = self.hex_units.setdefault(pos, [])
        lst.append(u.id)
        lst.sort()
        self.bump(u.side)
        self._roster += 1
        self._layout += 1
        return u

    def remove_unit(self, uid: str) -> None:
        u = self.units.pop(uid)
        self.supply_src.pop(uid, None)  # the base it drew on feeds no unit that has left the map
        lst = self.hex_units[u.pos]
        lst.remove(uid)
        if not lst:
            del self.hex_units[u.pos]
        self.bump(u.side)
        self._roster += 1
        self._layout += 1

    def take_off_map(self, uid: str, box: str, dest: int, turn: int) -> None:
        """Lift a unit off the map into an off-map box's list (``dest`` -1: bound for the box itself)."""
        u = self.units[uid]
        self.remove_unit(uid)
        self.offmap[uid] = [box, dest, turn, u]

    def drop_off_map(self, uid: str) -> Unit:
        """Take a unit held off the map out of the game (an effect withdraws it)."""
        u = self.offmap.pop(uid)[3]
        self.bump(u.side)
        self._roster += 1
        return u

    def put_on_map(self, uid: str, pos: int) -> Unit:
        """Put a unit held off the map onto hex ``pos`` (the caller checked the placement rule)."""
        u = self.offmap.pop(uid)[3]
        u.pos = pos
        self.units[uid] = u
        lst = self.hex_units.setdefault(pos, [])
        lst.append(uid)
        lst.sort()
        if pos in self.game.tracked and u.type in self.game.takes_control:
            self.control[pos] = u.side
        self.bump(u.side)
        self._roster += 1
        self._layout += 1
        return u

    def change_side(self, u: Unit, side: str) -> None:
        """Change of command: ``u`` now belongs to ``side`` (side-indexed caches are dropped)."""
        old = u.side
        u.side = side
        self.bump(old)
        self.bump(side)
        self._roster += 1
        self._layout += 1
        self._reach.pop(u.id, None)

    def relocate(self, u: Unit, pos: int) -> None:
        """Move a unit's marker; updates the hex index and control."""
        lst = self.hex_units[u.pos]
        lst.remove(u.id)
        if not lst:
            del self.hex_units[u.pos]
        u.pos = pos
        lst = self.hex_units.setdefault(pos, [])
        lst.append(u.id)
        lst.sort()
        if pos in self.game.tracked and u.type in self.game.takes_control:
            self.control[pos] = u.side  # with control_needs_manoeuvre, an MLRS brigade takes no town
        self.bump(u.side)
        self._layout += 1

    def bump(self, side: str) -> None:
        self._epoch[side] = self._epoch.get(side, 0) + 1

    def enemy_epoch(self, side: str) -> int:
        """Sum of the other sides' epochs (changes whenever an enemy unit moves, appears or goes)."""
        return sum(self._epoch.values()) - self._epoch.get(side, 0)

    def units_at(self, pos: int) -> list[str]:
        return self.hex_units.get(pos, [])

    def side_count_at(self, pos: int, side: str) -> int:
        units = self.units
        return sum(1 for uid in self.hex_units.get(pos, ()) if units[uid].side == side)

    def enemy_at(self, pos: int, side: str) -> bool:
        units = self.units
        return any(units[uid].side != side for uid in self.hex_units.get(pos, ()))

    def sorted_unit_ids(self, side: str | None = None) -> list[str]:
        return sorted(uid for uid, u in self.units.items() if side is None or u.side == side)

    def side_unit_ids(self, side: str) -> tuple[str, ...]:
        """Sorted ids of ``side``'s units; cached until a unit appears or goes."""
        hit = self._side_ids.get(side)
        if hit is not None and hit[0] == self._roster:
            return hit[1]
        ids = tuple(sorted(uid for uid, u in self.units.items() if u.side == side))
        self._side_ids[side] = (self._roster, ids)
        return ids

    # --- phase and side ------------------------------------------------------
    @property
    def phase(self) -> str:
        return self.game.phases[self.phase_idx] if not self.terminal else "over"

    def current_player(self) -> str | None:
        """Side id to act, or None when the game is over."""
        if self.terminal:
            return None
        return self.game.initiative[self.side_idx]

    def is_terminal(self) -> bool:
        return self.terminal

    # --- legal actions (answered by the Game's dispatch table) ---------------
    def legal(self) -> "LegalActions":
        """The legal actions, lazily grouped (per unit / target); a sorted Sequence."""
        return self.game.dispatch.legal(self)

    def legal_actions(self) -> list[Action]:
        """Every legal action of the side to act, sorted; [] when terminal."""
        return list(self.legal())

    def group_keys(self) -> list[str]:
        return self.game.dispatch.group_keys(self)

    def group_actions(self, key: str) -> list[Action]:
        return self.game.dispatch.group_actions(self, key)

    def why_illegal(self, action: Action | str) -> str | None:
        """None if legal, else a short reason (quoted by IllegalActionError); text that cannot be read says why."""
        return self.game.dispatch.why_illegal(self, action)

    def is_legal(self, action: Action | str) -> bool:
        return self.game.dispatch.is_legal(self, action)

    def apply_action(self, action: Action | str) -> None:
        """Apply a legal order (or its text); IllegalActionError quoting it otherwise."""
        self.game.dispatch.apply(self, action)

    def drop_caches(self) -> None:
        """Forget every cached rule result of this state (they are rebuilt on demand; no result changes)."""
        self._reach, self._zoc, self._vis, self._logi, self._side_ids = {}, {}, {}, {}, {}

    def clone(self) -> "State":
        st = State.__new__(State)
        d = self.__dict__.copy()
        d["units"] = {k: u.copy() for k, u in self.units.items()}
        d["hex_units"] = {k: list(v) for k, v in self.hex_units.items()}
        for k in ("control", "tracks", "base_active", "options_enabled", "events_fired",
                  "air_points", "rail_used", "steps_lost", "_epoch", "_reach", "_zoc"):
            d[k] = dict(d[k])
        d["stocks"] = {k: dict(v) for k, v in self.stocks.items()}
        d["air_missions"] = [list(x) for x in self.air_missions]
        d["ad_used"] = dict(self.ad_used)
        d["struck"] = [list(x) for x in self.struck]
        d["base_down"] = [list(x) for x in self.base_down]
        d["_vis"] = {}
        d["cut_links"] = {k: list(v) for k, v in self.cut_links.items()}
        d["transship"] = {k: list(v) for k, v in self.transship.items()}
        d["supply_src"] = dict(self.supply_src)
        d["captured_rail"] = {k: list(v) for k, v in self.captured_rail.items()}
        d["obstacles"] = dict(self.obstacles)
        d["cutoff"] = {k: list(v) for k, v in self.cutoff.items()}
        d["road_used"] = {s: dict(v) for s, v in self.road_used.items()}
        d["offmap"] = {k: [b, p, t, u.copy()] for k, (b, p, t, u) in self.offmap.items()}
        d["_logi"] = {}
        d["_side_ids"] = {}
        for k in ("options_taken", "options_pending", "destroyed"):
            d[k] = [list(x) for x in d[k]]
        for k in ("chosen_this_phase", "attacked_hexes", "log", "history"):
            d[k] = list(d[k])
        d["rng"] = self.rng.clone()
        st.__dict__.update(d)
        return st

    # --- outcome and views -------------------------------------------------------
    def outcome(self) -> Outcome | None:
        """Winner/draw with scores and reason once terminal, else None."""
        return self.game.dispatch.outcome(self)

    def returns(self) -> dict[str, float]:
        """Per side: 1 win, -1 loss, 0 draw or game not over."""
        out = {s: 0.0 for s in self.game.side_ids}
        oc = self.outcome()
        if oc is not None and oc.winner in out:
            for s in out:
                out[s] = 1.0 if s == oc.winner else -1.0
        return out

    def observation(self, side: str) -> Observation:
        """A read-only view for ``side`` (fog of war filters units and control)."""
        return self.game.dispatch.observation(self, side)

    def unit_hex(self, uid: str) -> Hex:
        return self.game.hexes[self.units[uid].pos]

    # --- serialisation -------------------------------------------------------
    def to_dict(self, with_log: bool = True) -> dict[str, Any]:
        hexes = self.game.hexes
        d: dict[str, Any] = {
            "format": STATE_FORMAT,
            "scenario": self.game.scenario.digest,
            "seed": self.seed,
            "turn": self.turn,
            "phase": self.phase_idx,
            "side": self.side_idx,
            "terminal": self.terminal,
            "end_reason": self.end_reason,
            "forced_winner": self.forced_winner,
            "units": [self.units[k].to_row(hexes) for k in sorted(self.units)],
            "control": [[hexes[i][0], hexes[i][1], s] for i, s in sorted(self.control.items())],
            "tracks": dict(sorted(self.tracks.items())),
            "base_active": dict(sorted(self.base_active.items())),
            "stocks": {k: dict(sorted(v.items())) for k, v in sorted(self.stocks.items())},
            "options_enabled": dict(sorted(self.options_enabled.items())),
            "options_taken": [list(x) for x in self.options_taken],
            "options_pending": [list(x) for x in self.options_pending],
            "chosen_this_phase": list(self.chosen_this_phase),
            "events_fired": dict(sorted(self.events_fired.items())),
            "air_points": dict(sorted(self.air_points.items())),
            "rail_used": dict(sorted(self.rail_used.items())),
            "steps_lost": dict(sorted(self.steps_lost.items())),
            "destroyed": [list(x) for x in self.destroyed],
            "attacked_hexes": [[hexes[i][0], hexes[i][1]] for i in self.attacked_hexes],
            "air_missions": [[t, s, m, *hexes[p], e, n] for t, s, m, p, e, n in self.air_missions],
            "ad_used": dict(sorted(self.ad_used.items())),
            "struck": [[u, *hexes[p], s] for u, p, s in self.struck],
            "base_down": [list(x) for x in self.base_down],
            "cut_links": [[*hexes[a], *hexes[b], c[0], c[1]] for (a, b), c in sorted(self.cut_links.items())],
            "transship": {k: [v[0], *hexes[v[1]]] for k, v in sorted(self.transship.items())},
            "supply_src": dict(sorted(self.supply_src.items())),
            "rng": self.rng.state,
        }
        if self.captured_rail:  # only when used, so saves of games without captures keep their form
            d["captured_rail"] = [[*hexes[p], c[0], c[1]] for p, c in sorted(self.captured_rail.items())]
        if self.obstacles:
            d["obstacles"] = [[*hexes[p], s] for p, s in sorted(self.obstacles.items())]
        if self.cutoff:
            d["cutoff"] = [[*hexes[p], c[0], c[1]] for p, c in sorted(self.cutoff.items())]
        if any(self.road_used.values()):
            d["road_used"] = [[s, *hexes[a], *hexes[b], n] for s, used in sorted(self.road_used.items())
                              for (a, b), n in sorted(used.items())]
        if self.offmap:  # [unit id, box, destination q, r (null: the box), turn, unit row]
            d["offmap"] = [[k, b, *(hexes[p] if p >= 0 else (None, None)), t, u.to_row(hexes)]
                           for k, (b, p, t, u) in sorted(self.offmap.items())]
        if with_log:
            d["log"] = list(self.log)
            d["history"] = list(self.history)
        return d

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    def state_hash(self) -> str:
        """sha256 of the canonical position (log and history excluded)."""
        text = json.dumps(self.to_dict(with_log=False), sort_keys=True, separators=(",", ":"),
                          ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @classmethod
    def from_json(cls, game: "Game", text: str) -> "State":
        try:
            d = json.loads(text)
            return cls._from_dict(game, d)
        except SaveError:
            raise
        except (ValueError, KeyError, TypeError, IndexError) as e:
            raise SaveError(f"state JSON is malformed ({type(e).__name__}: {e})") from None

    @classmethod
    def _from_dict(cls, game: "Game", d: dict[str, Any]) -> "State":
        if d.get("format") != STATE_FORMAT:
            raise SaveError(f"state format {d.get('format')!r} is not {STATE_FORMAT}")
        if d.get("scenario") != game.scenario.digest:
            raise SaveError("state belongs to another scenario (digest differs)")
        idx = game.index
        st = cls(game)
        st.seed = int(d["seed"])
        st.turn, st.phase_idx, st.side_idx = int(d["turn"]), int(d["phase"]), int(d["side"])
        st.terminal, st.end_reason, st.forced_winner = bool(d["terminal"]), d["end_reason"], d["forced_winner"]
        for row in d["units"]:
            (uid, typ, side, nation, name, q, r, strength, readiness, moved, attacked, supplied,
             oos, ready_in) = row
            u = Unit(uid, typ, side, nation, name, idx[Hex(q, r)], int(strength), readiness,
                     bool(moved), bool(attacked), bool(supplied), int(oos), int(ready_in))
            st.units[uid] = u
            lst = st.hex_units.setdefault(u.pos, [])
            lst.append(uid)
            lst.sort()
        st.control = {idx[Hex(q, r)]: s for q, r, s in d["control"]}
        st.tracks = dict(d["tracks"])
        st.base_active = dict(d["base_active"])
        st.stocks = {k: dict(v) for k, v in d["stocks"].items()}
        st.options_enabled = dict(d["options_enabled"])
        st.options_taken = [list(x) for x in d["options_taken"]]
        st.options_pending = [list(x) for x in d["options_pending"]]
        st.chosen_this_phase = list(d["chosen_this_phase"])
        st.events_fired = dict(d["events_fired"])
        st.air_points = dict(d["air_points"])
        st.rail_used = dict(d["rail_used"])
        st.steps_lost = dict(d["steps_lost"])
        st.destroyed = [list(x) for x in d["destroyed"]]
        st.attacked_hexes = [idx[Hex(q, r)] for q, r in d["attacked_hexes"]]
        st.air_missions = [[int(t), s, m, idx[Hex(q, r)], int(e), int(n)] for t, s, m, q, r, e, n in d["air_missions"]]
        st.ad_used = {k: int(v) for k, v in d["ad_used"].items()}
        st.struck = [[u, idx[Hex(q, r)], s] for u, q, r, s in d["struck"]]
        st.base_down = [[b, int(t)] for b, t in d["base_down"]]
        for qa, ra, qb, rb, until, why in d["cut_links"]:
            a, b = idx[Hex(qa, ra)], idx[Hex(qb, rb)]
            st.cut_links[(min(a, b), max(a, b))] = [int(until), str(why)]
        st.transship = {k: [int(t), idx[Hex(q, r)]] for k, (t, q, r) in d["transship"].items()}
        st.supply_src = dict(d["supply_src"])
        st.captured_rail = {idx[Hex(q, r)]: [str(s), int(t)] for q, r, s, t in d.get("captured_rail", [])}
        st.obstacles = {idx[Hex(q, r)]: str(s) for q, r, s in d.get("obstacles", [])}
        st.cutoff = {idx[Hex(q, r)]: [str(s), int(n)] for q, r, s, n in d.get("cutoff", [])}
        for s, qa, ra, qb, rb, n in d.get("road_used", []):
            st.road_used.setdefault(str(s), {})[(idx[Hex(qa, ra)], idx[Hex(qb, rb)])] = int(n)
        for uid, box, q, r, t, row in d.get("offmap", []):
            (_, typ, side, nation, name, uq, ur, strength, readiness, moved, attacked, supplied, oos, ready_in) = row
            u = Unit(uid, typ, side, nation, name, idx[Hex(uq, ur)], int(strength), readiness,
                     bool(moved), bool(attacked), bool(supplied), int(oos), int(ready_in))
            st.offmap[str(uid)] = [str(box), -1 if q is None else idx[Hex(q, r)], int(t), u]
        st.rng = Rng(state=int(d["rng"]))
        st.log = list(d.get("log", []))
        st.history = list(d.get("history", []))
        st._epoch = {s: 0 for s in game.side_ids}
        return st

    def __str__(self) -> str:
        return (f"turn {self.turn}/{self.game.scenario.turns} {self.phase} "
                f"to act: {self.current_player()} units: {len(self.units)}")

"""The Game: a scenario on its map, with everything static precomputed.

Hexes get dense integer indices in (q, r) order so the rules run on tuples
of ints: per movement class the (neighbour, cost) edges, rivers on
hexsides, rail neighbours. Nothing here changes during play; every State
of the game shares it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable, Mapping

from engine.core.actions import Action
from engine.core.state import State
from engine.errors import EngineError
from engine.game import turns
from engine.game.dispatch import Dispatch
from engine.geo.hexgrid import Hex, hexside
from engine.scenario.model import AUTOMATIC_PHASES, CONTACT, MOVEMENT_CLASSES, Scenario, UnitType
from engine.geo.theatre import TheatreMap, fold
from engine.scenario.forces import unit_sides

#: Default scenario of the CLI (relative to the repository root).
DEFAULT_SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "baseline-2020.yaml"

Edge = tuple[int, int]  # (neighbour index, MP cost)

#: Per-Game caches of rule results shared by every State of the game (movement and rail
#: searches, railheads, supply traces, sight of tracked hexes, missile rail targets). Each is
#: keyed by everything its results depend on, and bounded; they are never serialised.
RESULT_CACHES = ("_free_reach", "_near_enemy_reach", "_jam_reach", "_free_rail_reach", "_near_rail_reach",
                 "_rail_open_part", "_railheads",
                 "_trace_paths", "_tracked_within", "_ops_rail_cands")



def march_ticks(road_cost: int, road_march: float) -> tuple[int, int]:
    """(ticks per MP, ticks per road hex on the march): the fewest ticks that make road_cost / road_march whole."""
    if road_march <= 1 or road_cost <= 0:
        return 1, road_cost
    for k in range(1, 101):
        t = k * road_cost / road_march
        if abs(t - round(t)) < 1e-9 and round(t) >= 1:
            return k, int(round(t))
    return 100, max(1, int(round(100 * road_cost / road_march)))

class Game:
    """Static rules + map data for one scenario; makes initial states."""

    def __init__(self, scenario: Scenario, theatre: TheatreMap) -> None:
        self.scenario = scenario
        self.map = theatre
        self.rules = scenario.rules
        self.unit_types: Mapping[str, UnitType] = scenario.rules.unit_types
        self.phases: tuple[str, ...] = scenario.phases
        self.initiative: tuple[str, ...] = scenario.initiative
        self.side_ids: tuple[str, ...] = tuple(s.id for s in scenario.sides)
        self.automatic_phases = frozenset(p for p in self.phases if p in AUTOMATIC_PHASES)

        hexes = tuple(theatre.hexes())
        self.hexes: tuple[Hex, ...] = hexes
        self.index: dict[Hex, int] = {h: i for i, h in enumerate(hexes)}
        idx = self.index
        # Axial coordinates by index: hex distances in the rules' inner loops without tuple lookups.
        self.hex_q: tuple[int, ...] = tuple(h[0] for h in hexes)
        self.hex_r: tuple[int, ...] = tuple(h[1] for h in hexes)
        self.land: tuple[bool, ...] = tuple(theatre.is_land(h) for h in hexes)
        self.terrain: tuple[str, ...] = tuple(theatre.terrain[h] for h in hexes)
        self.country: tuple[str, ...] = tuple(theatre.country.get(h, "") for h in hexes)
        self.nbrs: tuple[tuple[int, ...], ...] = tuple(
            tuple(idx[n] for n in theatre.neighbors(h)) for h in hexes)
        # River class on each hexside, keyed by the ordered index pair (both directions).
        self.river: dict[tuple[int, int], str] = {}
        for (a, b), rv in theatre.rivers.items():
            if a in idx and b in idx:
                self.river[(idx[a], idx[b])] = rv.klass
                self.river[(idx[b], idx[a])] = rv.klass
        # Rail neighbours with gauge, sorted by index.
        rail: dict[int, list[tuple[int, int]]] = {}
        for (a, b), link in theatre.rail.items():
            if a in idx and b in idx:
                rail.setdefault(idx[a], []).append((idx[b], link.gauge))
                rail.setdefault(idx[b], []).append((idx[a], link.gauge))
        self.rail_nbrs: dict[int, tuple[tuple[int, int], ...]] = {k: tuple(sorted(v)) for k, v in sorted(rail.items())}
        #: Movement costs are in ticks: ``mp_scale`` ticks make one MP, so a road hex out of contact
        #: can cost a fraction of an MP (``movement.road_march``; rules/movement.py).
        mv = self.rules.movement
        self.mp_scale, self.march_road_ticks = march_ticks(mv.road_cost, mv.road_march)
        self.edges: dict[str, tuple[tuple[Edge, ...], ...]] = {
            mc: self._edges_for(mc) for mc in MOVEMENT_CLASSES}
        if self.mp_scale > 1 and self.rules.movement.march_contact > 0:
            # the same classes in contact with the enemy: a road hex costs road_cost MP (no march rate)
            self.edges.update({mc + CONTACT: self._edges_for(mc, contact=True) for mc in MOVEMENT_CLASSES})
        self.defence_shift: tuple[int, ...] = tuple(
            (self.rules.terrain[t].defence_shift if t in self.rules.terrain else 0) for t in self.terrain)

        # Hexes whose control the state tracks: objectives and named places.
        tracked = {o.hex for o in scenario.victory.objectives}
        tracked.update(p.hex for p in theatre.places)
        self.tracked: frozenset[int] = frozenset(idx[h] for h in tracked if h in idx)
        self.home_side: dict[str, str] = {}
        for s in scenario.sides:
            for c in s.home_countries:
                self.home_side.setdefault(c, s.id)
        self.readiness = {r.id: r for r in self.rules.readiness.states}
        #: unit types that take control of places they enter (rules.movement.control_needs_manoeuvre)
        self.manoeuvre_types: frozenset[str] = frozenset(
            t.id for t in self.rules.unit_types.values() if t.attack > 0 and t.range == 0 and t.fire_range == 0
            and t.movement > 0 and t.movement_class != "static")
        self.takes_control: frozenset[str] = (self.manoeuvre_types if self.rules.movement.control_needs_manoeuvre
                                              else frozenset(self.rules.unit_types))
        self.options = {o.id: o for o in scenario.options}
        self.tracks = {t.id: t for t in scenario.tracks}
        #: every unit the scenario itself may put in play (at the start, by rotation, schedule, event or
        #: option), id -> side: an override cannot take an id a later arrival needs, and fog hides them all
        self.scenario_unit_sides: dict[str, str] = unit_sides(scenario)
        self._labels: dict[Hex, str] = {}
        self.hooks = _default_hooks()
        #: Which rule checks and applies each kind of order (engine/game/dispatch.py).
        self.dispatch = Dispatch()

    @property
    def scenario_unit_ids(self):
        """The ids of :attr:`scenario_unit_sides` (a set view)."""
        return self.scenario_unit_sides.keys()

    # --- map helpers -----------------------------------------------------
    def _edges_for(self, mc: str, contact: bool = False) -> tuple[tuple[Edge, ...], ...]:
        """(neighbour, cost in ticks) per hex; a road hex costs road_cost ticks on the march, else road_cost MP."""
        mv = self.rules.movement
        k = self.mp_scale
        terrain = self.rules.terrain
        m = self.map
        out: list[tuple[Edge, ...]] = []
        for i, h in enumerate(self.hexes):
            row: list[Edge] = []
            for j in self.nbrs[i]:
                if not self.land[j]:
                    continue
                hj = self.hexes[j]
                key = hexside(h, hj)
                if key in m.roads:
                    cost: int | None = mv.road_cost * k if contact else self.march_road_ticks
                elif key in m.rail:
                    cost = mv.rail_cost * k
                else:
                    eff = terrain.get(self.terrain[j])
                    cost = eff.cost.get(mc) if eff is not None else None
                    if cost is not None:
                        rv = self.river.get((i, j))
                        if rv is not None:
                            cost += mv.river_cost.get(rv, 0)
                        cost *= k
                if cost is None:
                    continue
                if self.country[i] != self.country[j]:
                    cost += mv.border_cost * k
                row.append((j, max(1, int(cost))))
            out.append(tuple(row))
        return tuple(out)

    def clear_result_caches(self) -> None:
        """Drop the search results the rules share through the Game (see RESULT_CACHES).

        They are exact (keyed by everything a result depends on), so this
        changes no result, only speed; tests use it to check just that.
        """
        for name in RESULT_CACHES:
            self.__dict__.pop(name, None)

    def enemies(self, side: str) -> tuple[str, ...]:
        return tuple(s for s in self.side_ids if s != side)

    # --- Namer: hex <-> readable label -------------------------------------
    def label(self, h: Hex) -> str:
        """Place name when it names this hex unambiguously, else 'q,r'."""
        lab = self._labels.get(h)
        if lab is None:
            name = self.map.place_name_at(h) if h in self.map else None
            lab = name if name is not None and self.map.find_place(name) == h and "->" not in name \
                and " with " not in name and "," not in name else f"{h[0]},{h[1]}"
            self._labels[h] = lab
        return lab

    def hex_of(self, text: str) -> Hex | None:
        return self.map.find_place(text.strip())

    def parse_action(self, text: str):
        return Action.from_str(text, self)

    def action_str(self, action) -> str:
        return action.to_str(self)

    # --- states ------------------------------------------------------------
    def new_initial_state(self, seed: int = 0) -> State:
        return State.initial(self, seed)

    def state_from_json(self, text: str) -> State:
        return State.from_json(self, text)


def _default_hooks() -> dict[str, tuple[Callable, ...]]:
    return turns.default_hooks()


def load_game(path: str | Path | None = None) -> Game:
    """Load a scenario YAML and its map into a Game (the CLI's entry point)."""
    if path is not None and not os.fspath(path):  # Path("") is "." and read as a directory
        raise EngineError("no scenario named (the path is empty)")
    path = Path(path) if path is not None else DEFAULT_SCENARIO
    try:
        from engine.scenario.loader import load_scenario  # written by the scenario helper
    except ImportError:
        raise EngineError(f"{path}: cannot load scenarios yet (engine.scenario.loader is missing)") from None
    from engine.geo import mapfile
    scenario = load_scenario(path)
    try:
        from engine.scenario.loader import load_map  # cached per process
    except ImportError:
        load_map = mapfile.load
    theatre = load_map(scenario.map_path) if scenario.map_path else mapfile.load()
    return Game(scenario, theatre)


__all__ = ["Game", "load_game", "DEFAULT_SCENARIO", "fold"]

"""Engine fixtures with known answers: a hexagon of open land and a tiny scenario.

``hexagon_game(units, ...)`` builds a radius-R hexagon of hexes around (0, 0),
all 'open' in one country unless overridden, with the synthetic standard rules
(open: tracked/wheeled 2 MP, foot 1 MP; minor river +1, major +2; stacking 2;
ZOC stops, leaving costs 1). Units are (id, type, side, q, r[, strength]).
"""

from __future__ import annotations

import attrs

from engine.game.game import Game
from engine.geo.hexgrid import Hex, hex_range, hexside
from engine.scenario.model import Objective, Scenario, Side, UnitSpec, Victory
from engine.core.rng import Rng
from engine.analysis.synthetic import _digest, _projection, standard_rules
from engine.geo.theatre import Link, Place, RiverSide, TheatreMap


def hexagon_map(radius: int = 6, terrain: dict | None = None, rivers: dict | None = None,
                roads: list | None = None, places: dict | None = None, country: dict | None = None) -> TheatreMap:
    ter = {h: "open" for h in hex_range(Hex(0, 0), radius)}
    for h, t in (terrain or {}).items():
        ter[Hex(*h)] = t
    cty = {h: "BLR" for h in ter}
    for h, c in (country or {}).items():
        cty[Hex(*h)] = c
    rv = {hexside(Hex(*a), Hex(*b)): RiverSide("R", k) for (a, b), k in (rivers or {}).items()}
    rd = {}
    for a, b in roads or ():
        x, y = hexside(Hex(*a), Hex(*b))
        rd[(x, y)] = Link(x, y, "road", 0, "road")
    pl = tuple(Place(n, Hex(*h), 0.0, 0.0, 1000, "BLR") for n, h in (places or {}).items())
    return TheatreMap(name="hexagon", hex_km=20.0, grid=_projection(), bounds=(0, 0, 1, 1), terrain=ter,
                      country=cty, rivers=rv, rail={}, roads=rd, places=pl, airfields=(), transshipments=(),
                      source="<hexagon>")


def hexagon_game(units, m: TheatreMap | None = None, turns: int = 3, objectives=(), rules=None,
                 turn_hours: int = 24, readiness: dict | None = None, **scenario) -> Game:
    """``rules``: replaces the standard rules; ``readiness``: unit id -> state; ``scenario``: other fields."""
    m = m or hexagon_map()
    rules = rules or standard_rules()
    specs = []
    for u in units:
        uid, typ, side, q, r = u[:5]
        strength = u[5] if len(u) > 5 else rules.unit_types[typ].steps
        specs.append(UnitSpec(uid, typ, side, "BLR" if side == "red" else "POL", uid, Hex(q, r),
                              (readiness or {}).get(uid, "deployed"), strength))
    sides = (Side("red", "Red", ("BLR",), "#c00000", ("BLR",)), Side("blue", "Blue", ("POL",), "#0000c0", ("POL",)))
    vic = Victory(objectives=tuple(Objective(n, Hex(*h), p, s) for n, h, p, s in objectives), track_goals=(),
                  points_per_step_lost=1, margin=2, questions=())
    sc = Scenario(id="hexagon", title="hexagon", briefing="", sources=(), start_date="2020-01-01", turn_hours=turn_hours,
                  turns=turns, map_path="", sides=sides, initiative=("red", "blue"),
                  phases=("decisions", "events", "movement", "combat", "logistics", "end"), fog_of_war=False,
                  rules=rules, units=tuple(specs), bases=(), rotations=(), schedule=(), tracks=(), events=(),
                  options=(), victory=vic, file="<hexagon>")
    if scenario:
        sc = attrs.evolve(sc, **scenario)
    sc = attrs.evolve(sc, digest=_digest(sc))
    return Game(sc, m)


def to_phase(state, phase: str, side: str = "red"):
    """Play 'end' until ``side`` is to act in ``phase``."""
    for _ in range(50):
        if state.phase == phase and state.current_player() == side:
            return state
        state.apply_action("end")
    raise AssertionError(f"never reached {phase}/{side}")


def seed_with_first_die(die: int, sides: int = 6) -> int:
    """Smallest seed whose first die roll is ``die``."""
    for s in range(1000):
        if Rng(s).randint(1, sides) == die:
            return s
    raise AssertionError("no seed")


def oracle_costs(game: Game, state, uid: str, budget: int) -> dict:
    """Independent reference: Bellman-Ford relaxation written from the rules text."""
    u = state.units[uid]
    m = game.map
    mv = game.rules.movement
    mc = game.unit_types[u.type].movement_class
    start = game.hexes[u.pos]
    enemy = {game.hexes[x.pos] for x in state.units.values() if x.side != u.side}
    zoc = set()
    for x in state.units.values():
        if x.side != u.side and game.unit_types[x.type].zoc:
            h = game.hexes[x.pos]
            zoc.add(h)
            zoc.update(m.neighbors(h))
    best = {start: 0}
    changed = True
    while changed:
        changed = False
        for h, c in list(best.items()):
            if h != start and h in zoc:
                continue
            extra = mv.zoc_exit_cost if h in zoc else 0
            for n in m.neighbors(h):
                if not m.is_land(n) or n in enemy:
                    continue
                if m.road_between(h, n):
                    step = mv.road_cost
                else:
                    step = game.rules.terrain[m.terrain_of(n)].cost[mc]
                    if step is None:
                        continue
                    rv = m.river_between(h, n)
                    if rv:
                        step += mv.river_cost[rv.klass]
                if m.is_border(h, n):
                    step += mv.border_cost
                nc = c + extra + step
                if nc <= budget and nc < best.get(n, 1 << 30):
                    best[n] = nc
                    changed = True
    return best

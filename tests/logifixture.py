"""Logistics fixtures (supply, rail, readiness tests) with known answers: a hexagon of open land crossed by one railway.

``rail_map()``: a radius-R hexagon, all 'open' in BLR, with a railway along
r = 0 from (-R, 0) to (R, 0). With ``split=k`` the links east of q = k are
1435 mm (the rest 1520 mm), the hexes east of q = k are POL, and (k, 0) is a
transshipment point. ``logi_game(units, ...)`` puts units (id, type, side, q,
r[, readiness]) on it with the synthetic standard rules, red entry hexes and
bases as given.
"""

from __future__ import annotations

import attrs

from engine.game.game import Game
from engine.geo.hexgrid import Hex, hex_range, hexside
from engine.scenario.model import BaseEffects, BaseSpec, ScheduleEntry, Scenario, Side, UnitSpec, Victory
from engine.analysis.synthetic import _digest, _projection, standard_rules
from engine.geo.theatre import Link, Place, TheatreMap, Transshipment


def rail_map(radius: int = 8, split: int | None = None) -> TheatreMap:
    ter = {h: "open" for h in hex_range(Hex(0, 0), radius)}
    cty = {h: ("POL" if split is not None and h[0] > split else "BLR") for h in ter}
    rail = {}
    for q in range(-radius, radius):
        a, b = Hex(q, 0), Hex(q + 1, 0)
        gauge = 1435 if split is not None and q >= split else 1520
        x, y = hexside(a, b)
        rail[(x, y)] = Link(x, y, "rail", gauge, "line")
    places = (Place("West", Hex(-radius, 0), 0.0, 0.0, 1000, "BLR"),
              Place("East", Hex(radius, 0), 0.0, 0.0, 1000, cty[Hex(radius, 0)]))
    ts = (Transshipment("Break", Hex(split, 0)),) if split is not None else ()
    return TheatreMap(name="railway", hex_km=20.0, grid=_projection(), bounds=(0, 0, 1, 1), terrain=ter,
                      country=cty, rivers={}, rail=rail, roads={}, places=places, airfields=(),
                      transshipments=ts, source="<railway>")


def logi_game(units, m: TheatreMap | None = None, entries=((-8, 0),), blue_entries=(), bases=(),
              schedule=(), turns: int = 8, rules=None, red_rail=("RUS", "BLR")) -> Game:
    m = m or rail_map()
    rules = rules or standard_rules()
    rules = attrs.evolve(rules, rail=attrs.evolve(rules.rail, friendly_countries={
        "red": tuple(red_rail), "blue": ("POL", "LTU")}))
    specs = []
    for u in units:
        uid, typ, side, q, r = u[:5]
        ready = u[5] if len(u) > 5 else "deployed"
        specs.append(UnitSpec(uid, typ, side, "BLR" if side == "red" else "POL", uid, Hex(q, r), ready,
                              rules.unit_types[typ].steps))
    sides = (Side("red", "Red", ("BLR",), "#c00000", ("BLR",), tuple(Hex(*h) for h in entries)),
             Side("blue", "Blue", ("POL",), "#0000c0", ("POL",), tuple(Hex(*h) for h in blue_entries)))
    vic = Victory(objectives=(), track_goals=(), points_per_step_lost=1, margin=2, questions=())
    sc = Scenario(id="railway", title="railway", briefing="", sources=(), start_date="2020-01-01", turn_hours=24,
                  turns=turns, map_path="", sides=sides, initiative=("red", "blue"),
                  phases=("decisions", "events", "movement", "combat", "logistics", "end"), fog_of_war=False,
                  rules=rules, units=tuple(specs), bases=tuple(bases), rotations=(), schedule=tuple(schedule),
                  tracks=(), events=(), options=(), victory=vic, file="<railway>")
    sc = attrs.evolve(sc, digest=_digest(sc))
    return Game(sc, m)


def base(bid: str, kind: str, q: int, r: int, side: str = "red", stocks=None, capacity: int = 0,
         active: bool = True, **effects) -> BaseSpec:
    return BaseSpec(bid, kind, bid, side, "BLR", Hex(q, r), capacity, dict(stocks or {}), BaseEffects(**effects),
                    active)


def reinforcement(turn: int, uid: str, typ: str, side: str, q: int, r: int, readiness: str = "garrison"):
    rules = standard_rules()
    return ScheduleEntry(turn, "add", unit=UnitSpec(uid, typ, side, "BLR", uid, Hex(q, r), readiness,
                                                    rules.unit_types[typ].steps))


def advance_to(state, turn: int, phase: str, side: str = "red"):
    """Play 'end' until ``side`` acts in ``phase`` of ``turn``."""
    for _ in range(500):
        if state.turn == turn and state.phase == phase and state.current_player() == side:
            return state
        state.apply_action("end")
    raise AssertionError(f"never reached turn {turn} {phase}/{side}")

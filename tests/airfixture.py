"""Fixtures for air, strike, fog-of-war and facilitator tests: the hexagon plus operations.

``ops_game(units, ...)`` is ``hexagon_game`` with an ``air`` phase, optional
bases, fog of war, a rail line and extra unit types:

* ``isk``: Iskander-like launcher (strike 6, range 8, 2 steps, sees 0 hexes);
* ``ewu``: EW battalion (ew_shift -1, radius 2);
* ``scout``: recce (detection_range 3);
plus the standard ``sam`` (AD radius 4, 2 points per turn), tank, mech, inf, motor.
Standard air rules: red 2 / blue 3 points, support 1 column per point (cap 2),
interdiction 1 MP per point, strike 0.5 hits per point (die 1-3 hits on d6).
"""

from __future__ import annotations

import attrs

from engine.game.game import Game
from engine.geo.hexgrid import Hex, hexside
from engine.scenario.model import BaseEffects, BaseSpec, UnitSpec, UnitType
from engine.analysis.synthetic import _digest
from engine.geo.theatre import Link
from tests.enginefixture import hexagon_game, hexagon_map

PHASES = ("decisions", "events", "air", "movement", "combat", "logistics", "end")

EXTRA_TYPES = {
    "isk": UnitType("isk", "Iskander brigade", "wheeled", 8, 0, 1, 2, "missile", range=8, strike=6, zoc=False,
                    detection_range=0),
    "ewu": UnitType("ewu", "EW battalion", "wheeled", 8, 0, 1, 1, "electronic_warfare", zoc=False, ew_shift=-1,
                    ew_radius=2),
    "scout": UnitType("scout", "Recce squadron", "wheeled", 10, 1, 1, 1, "reconnaissance", detection_range=3),
}


def base(bid: str, kind: str, side: str, q: int, r: int, stocks: dict | None = None, **effects) -> BaseSpec:
    return BaseSpec(bid, kind, bid, side, "POL" if side == "blue" else "BLR", Hex(q, r), 4, dict(stocks or {}),
                    BaseEffects(**effects))


def rail_line(hexes: list[tuple[int, int]], gauge: int = 1435) -> dict:
    out = {}
    for a, b in zip(hexes, hexes[1:]):
        x, y = hexside(Hex(*a), Hex(*b))
        out[(x, y)] = Link(x, y, "rail", gauge, "Test line")
    return out


def ops_game(units, bases=(), fog: bool = False, rail: list | None = None, country: dict | None = None,
             radius: int = 6, turns: int = 3, places: dict | None = None) -> Game:
    m = hexagon_map(radius, country=country, places=places)
    if rail:
        m = attrs.evolve(m, rail=rail_line(rail))
    g0 = hexagon_game([], m, turns=turns)
    rules = g0.scenario.rules
    types = dict(rules.unit_types)
    types.update(EXTRA_TYPES)
    rules = attrs.evolve(rules, unit_types=types)
    specs = []
    for u in units:
        uid, typ, side, q, r = u[:5]
        strength = u[5] if len(u) > 5 else types[typ].steps
        specs.append(UnitSpec(uid, typ, side, "BLR" if side == "red" else "POL", uid, Hex(q, r), "deployed",
                              strength))
    sc = attrs.evolve(g0.scenario, rules=rules, units=tuple(specs), bases=tuple(bases), fog_of_war=fog,
                      phases=PHASES)
    sc = attrs.evolve(sc, digest=_digest(sc))
    return Game(sc, m)


def to_phase(state, phase: str, side: str = "red"):
    """Play 'end' until ``side`` is to act in ``phase``."""
    for _ in range(80):
        if state.phase == phase and state.current_player() == side:
            return state
        state.apply_action("end")
    raise AssertionError(f"never reached {phase}/{side}")

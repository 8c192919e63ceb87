"""A synthetic theatre and scenario built in code, with known numbers.

For tests (fixtures with known answers), benchmarks (1×-4× the units) and
playouts before the real map and loader exist. Deterministic: the same
arguments give the same Game in any process.
"""

from __future__ import annotations

import hashlib

from engine.game.game import Game
from engine.geo.hexgrid import Hex, from_offset, hexside
from engine.scenario.model import (
    AddUnit,
    AirRules,
    ChangeTrack,
    CombatResult,
    CombatTable,
    Condition,
    EnableOption,
    Event,
    MovementRules,
    Objective,
    Option,
    RailRules,
    ReadinessRules,
    ReadinessState,
    Rotation,
    Rules,
    Scenario,
    ScheduleEntry,
    Side,
    SupplyRules,
    TerrainEffect,
    Track,
    TrackGoal,
    Trigger,
    UnitSpec,
    UnitType,
    Victory,
    BaseSpec,
    BaseEffects,
    Message,
)
from engine.geo.projection import HexProjection, Projection
from engine.core.rng import Rng
from engine.geo.theatre import Link, Place, RiverSide, TheatreMap


def _cost(tracked, wheeled, foot, airmobile=None):
    return {"tracked": tracked, "wheeled": wheeled, "foot": foot,
            "airmobile": foot if airmobile is None else airmobile, "static": None}


def standard_terrain() -> dict[str, TerrainEffect]:
    return {
        "open": TerrainEffect("open", _cost(2, 2, 1), 0),
        "forest": TerrainEffect("forest", _cost(3, 4, 2), -1),
        "marsh": TerrainEffect("marsh", _cost(4, None, 3), -1),
        "urban": TerrainEffect("urban", _cost(2, 1, 1), -2),
        "water": TerrainEffect("water", _cost(None, None, None), 0),
        "sea": TerrainEffect("sea", _cost(None, None, None), 0),
    }


def _r(code: str) -> CombatResult:
    """'AL1', 'DR2', 'EX', 'DL1R1', 'NE' -> a CombatResult."""
    if code == "NE":
        return CombatResult(code)
    if code == "EX":
        return CombatResult(code, attacker_loss=1, defender_loss=1)
    if code.startswith("AL"):
        return CombatResult(code, attacker_loss=int(code[2]), attacker_retreat=1 if code.endswith("R") else 0)
    if code.startswith("DR"):
        return CombatResult(code, defender_retreat=int(code[2]))
    if code.startswith("DL"):  # DL1R1
        return CombatResult(code, defender_loss=int(code[2]), defender_retreat=int(code[4]) if len(code) > 3 else 0)
    raise ValueError(code)


#: Rows = die 1..6, columns 1:2 1:1 3:2 2:1 3:1 4:1.
CRT_CODES = (
    ("AL2R", "AL1R", "AL1", "EX", "DR1", "DL1R1"),
    ("AL1R", "AL1", "EX", "DR1", "DL1R1", "DL1R1"),
    ("AL1", "EX", "DR1", "DL1R1", "DL1R1", "DL2R1"),
    ("AL1", "NE", "DR1", "DL1R1", "DL2R1", "DL2R1"),
    ("NE", "DR1", "DL1R1", "DL1R1", "DL2R1", "DL2R2"),
    ("NE", "DR1", "DL1R1", "DL2R1", "DL2R2", "DL2R2"),
)


def standard_rules() -> Rules:
    types = {
        "tank": UnitType("tank", "Tank brigade", "tracked", 8, 6, 4, 3, "armour"),
        "mech": UnitType("mech", "Mechanised brigade", "tracked", 8, 4, 4, 3, "mechanised"),
        "motor": UnitType("motor", "Motorised brigade", "wheeled", 10, 3, 3, 2, "infantry"),
        "inf": UnitType("inf", "Infantry brigade", "foot", 4, 2, 3, 2, "infantry"),
        "sam": UnitType("sam", "S-400 battalion", "static", 0, 0, 1, 1, "air_defence",
                        size="battalion", air_defence_radius=4, air_defence=2, zoc=False),
    }
    table = CombatTable(
        columns=("1:2", "1:1", "3:2", "2:1", "3:1", "4:1"),
        ratios=(0.5, 1.0, 1.5, 2.0, 3.0, 4.0),
        die_sides=6,
        rows=tuple(tuple(_r(c) for c in row) for row in CRT_CODES),
    )
    return Rules(
        terrain=standard_terrain(),
        movement=MovementRules(stacking_limit=2, river_cost={"minor": 1, "major": 2}, border_cost=1,
                               road_cost=1, rail_cost=1, zoc_stop=True, zoc_exit_cost=1),
        combat=table,
        supply=SupplyRules(trace_length=4, road_trace_length=8, sources=("logistic", "depot", "entry"),
                           use_per_turn={"fuel": 1}, use_per_combat={"ammo": 1},
                           out_of_supply_movement=0.5, out_of_supply_attack=0.5,
                           out_of_supply_defence=0.75, step_loss_after=3),
        rail=RailRules(capacity={"red": 2, "blue": 1}, transshipment_delay=1, max_hexes=12,
                       friendly_countries={"red": ("RUS", "BLR"), "blue": ("POL", "LTU")}),
        air=AirRules(missions=("support", "interdiction", "strike"), support_shift=1, interdiction_cost=1,
                     strike_hits=0.5, base_points={"red": 2, "blue": 3}),
        readiness=ReadinessRules(
            states=(ReadinessState("garrison", False, False, 0.5),
                    ReadinessState("alerted", True, False, 0.75),
                    ReadinessState("deployed", True, True, 1.0)),
            transition_turns={"garrison->alerted": 1, "alerted->deployed": 1},
            logistic_base_bonus=1, arrival_state="alerted"),
        unit_types=types,
    )


def _projection() -> HexProjection:
    return HexProjection(Projection(53.5, 27.5), 20.0)


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def theatre(cols: int, rows: int, seed: int = 1) -> TheatreMap:
    """A cols×rows odd-r rectangle: west third POL, rest BLR; terrain, a river,
    an east-west road and rail on the middle row, a lake, named towns."""
    rng = Rng(seed)
    terrain: dict[Hex, str] = {}
    country: dict[Hex, str] = {}
    for row in range(rows):
        for col in range(cols):
            h = from_offset(col, row)
            x = rng.randbelow(100)
            terrain[h] = "forest" if x < 20 else "marsh" if x < 28 else "open"
            country[h] = "POL" if col < cols // 3 else "BLR"
    mid = rows // 2
    # a lake
    lake = from_offset(cols // 2, max(1, rows // 4))
    terrain[lake] = "water"
    rivers: dict[tuple[Hex, Hex], RiverSide] = {}
    rcol = (2 * cols) // 3
    for row in range(rows):
        a, b = from_offset(rcol, row), from_offset(rcol + 1, row)
        if a in terrain and b in terrain:
            rivers[hexside(a, b)] = RiverSide("Biarezina", "major" if row % 3 == 0 else "minor")
    roads: dict[tuple[Hex, Hex], Link] = {}
    rail: dict[tuple[Hex, Hex], Link] = {}
    for col in range(cols - 1):
        a, b = from_offset(col, mid), from_offset(col + 1, mid)
        roads[hexside(a, b)] = Link(a, b, "road", 0, "M1")
        terrain[a] = terrain[a] if terrain[a] != "water" else "open"
        ra, rb = from_offset(col, mid + 1), from_offset(col + 1, mid + 1)
        if ra in terrain and rb in terrain:
            gauge = 1435 if col < cols // 3 - 1 else 1520
            rail[hexside(ra, rb)] = Link(ra, rb, "rail", gauge, "Warsaw-Minsk")
    places = []
    names = ("Brest", "Kobryn", "Baranavichy", "Minsk", "Barysaw", "Orsha", "Hrodna", "Lida", "Slonim",
             "Maladzyechna", "Vileyka", "Polatsk")
    for k, nm in enumerate(names):
        col = (k * 5 + 2) % cols
        row = (k * 3 + 1) % rows
        h = from_offset(col, row)
        if terrain.get(h) not in (None, "water"):
            terrain[h] = "urban"
            places.append(Place(nm, h, 0.0, 0.0, 100000 - k, country[h]))
    return TheatreMap(name=f"synthetic-{cols}x{rows}", hex_km=20.0, grid=_projection(),
                      bounds=(23.0, 51.0, 32.0, 56.0), terrain=terrain, country=country, rivers=rivers,
                      rail=rail, roads=roads, places=tuple(places), airfields=(), transshipments=(),
                      source="<synthetic>")


def scenario(m: TheatreMap, cols: int, rows: int, units_per_side: int = 12, turns: int = 10,
             seed: int = 1) -> Scenario:
    rules = standard_rules()
    rng = Rng(seed + 7)
    red_types = ("tank", "mech", "mech", "motor", "inf")
    blue_types = ("mech", "tank", "inf", "motor", "inf")

    def place(side: str, col_lo: int, col_hi: int, k: int, kinds: tuple[str, ...]) -> UnitSpec:
        stack: dict[Hex, int] = {}
        for u in units:
            stack[u.location] = stack.get(u.location, 0) + 1
        while True:
            h = from_offset(col_lo + rng.randbelow(col_hi - col_lo), rng.randbelow(rows))
            if m.terrain[h] != "water" and stack.get(h, 0) < 2:
                break
        t = kinds[k % len(kinds)]
        return UnitSpec(f"{side[0]}{k + 1}{t}", t, side, "BLR" if side == "red" else "POL",
                        f"{k + 1} {t}", h, "deployed", rules.unit_types[t].steps)

    units: list[UnitSpec] = []
    for k in range(units_per_side):
        units.append(place("red", cols - cols // 4, cols, k, red_types))
    for k in range(units_per_side):
        units.append(place("blue", 0, max(1, cols // 4), k, blue_types))
    objectives = tuple(Objective(p.name, p.hex, 5, "red" if p.country == "POL" else "blue")
                       for p in m.places[:6])
    reinf = UnitSpec("r99tank", "tank", "red", "RUS", "Reserve tank", from_offset(cols - 1, rows // 2 + 1),
                     "alerted", 3)
    rot = UnitSpec("b90mech", "mech", "blue", "USA", "Rotational mech", from_offset(0, rows // 2),
                   "deployed", 3)
    sam = UnitSpec("r50sam", "sam", "red", "RUS", "S-400", from_offset(cols - 2, 1), "deployed", 1)
    sides = (Side("red", "Russia and Belarus", ("RUS", "BLR"), "#c0392b", ("RUS", "BLR")),
             Side("blue", "NATO", ("POL", "LTU", "USA"), "#2e64b5", ("POL", "LTU")))
    tracks = (Track("tension", "Tension", 0, 100, 40, {"crisis": 60}),)
    events = (
        Event("mobilisation", "Red mobilises", Trigger("turn", turn=2),
              (ChangeTrack("tension", delta=15), Message("Red calls up reserves"))),
        Event("crisis", "Crisis threshold", Trigger("track", condition=Condition("tension", ">=", 60)),
              (EnableOption("nato_patriot"),)),
    )
    options = (
        Option("nato_patriot", "blue", "Deploy Patriot", "A Patriot battery to Poland",
               cost={"tension": 5}, delay=2, effects=(AddUnit(UnitSpec(
                   "b70sam", "sam", "blue", "USA", "Patriot", from_offset(1, 1), "deployed", 1)),),
               enabled=False),
        Option("red_exercise", "red", "Snap exercise", "Raise readiness", cost={"tension": 10},
               effects=(ChangeTrack("tension", delta=5),)),
    )
    bases = (BaseSpec("b_log", "logistic", "Lodz depot", "blue", "POL", from_offset(0, rows // 2), 4,
                      {"fuel": 50}, BaseEffects(supply_source=True, readiness_bonus=1)),
             BaseSpec("r_air", "air", "Baranavichy air base", "red", "BLR", from_offset(cols - 1, 1), 0,
                      {}, BaseEffects(air_points=2)))
    victory = Victory(objectives=objectives,
                      track_goals=(TrackGoal(Condition("tension", "<", 50), "blue", 3),),
                      points_per_step_lost=1, margin=3, questions=("Who holds the corridor?",))
    sc = Scenario(
        id=f"synthetic-{cols}x{rows}-{units_per_side}", title="Synthetic test theatre", briefing="",
        sources=(), start_date="2020-08-09", turn_hours=24, turns=turns, map_path="", sides=sides,
        initiative=("red", "blue"), phases=("decisions", "events", "movement", "combat", "logistics", "end"),
        fog_of_war=False, rules=rules, units=tuple(units), bases=bases,
        rotations=(Rotation("rot1", rot, "b_log", arrive=2, stay=3, repeat_every=6, count=2),),
        schedule=(ScheduleEntry(3, "add", unit=reinf), ScheduleEntry(8, "remove", unit_id="r99tank")),
        tracks=tracks, events=events, options=options, victory=victory, file="<synthetic>")
    import attrs
    return attrs.evolve(sc, digest=_digest(sc))


def synthetic_game(cols: int = 24, rows: int = 18, units_per_side: int = 12, turns: int = 10,
                   seed: int = 1) -> Game:
    """A ready Game on a synthetic theatre (about the default scenario's size at 50/side)."""
    m = theatre(cols, rows, seed)
    return Game(scenario(m, cols, rows, units_per_side, turns, seed), m)

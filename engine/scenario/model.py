"""The scenario model: frozen value objects the loader builds from YAML.

Everything here is static for a game and already resolved: locations are
:class:`~engine.geo.hexgrid.Hex`, references point at ids that exist, numbers
are in range. Rules (``engine.rules.*``) read their numbers from these
objects, never from constants of their own. The loader (``engine.scenario.loader``)
is the only producer; tests may also build them directly for fixtures.

Conventions: ids are short strings (``"6mech"``), mappings are plain dicts whose key order is
fixed by the input (the loader sorts where the input does not fix an order), sequences are tuples.
"""

from __future__ import annotations

from typing import Mapping, Union

import attrs

from engine.geo.hexgrid import Hex
from engine.scenario.boxmodel import Box, BoxLink  # noqa: F401  (re-exported: the off-map boxes)


#: Movement classes every ruleset must give terrain costs for.
MOVEMENT_CLASSES = ("tracked", "wheeled", "foot", "airmobile", "static")
#: Suffix of the movement-edge tables for units in contact with the enemy (no road-march rate).
CONTACT = "~contact"
#: Kinds of base the engine gives meaning to (effects are data, see BaseEffects).
BASE_KINDS = ("logistic", "air", "garrison", "radar", "communications", "depot")
#: Phases the engine knows how to run; a scenario lists them in its order.
PHASES = ("decisions", "events", "air", "movement", "combat", "logistics", "end")
#: Phases that need no side to act: the engine runs them on its own.
AUTOMATIC_PHASES = ("events", "logistics", "end")


# --- unit types and rules ----------------------------------------------------

@attrs.frozen
class UnitType:
    """Static capabilities of a kind of unit (a brigade of T-72s, an S-400 battalion)."""

    id: str
    name: str
    movement_class: str  # one of MOVEMENT_CLASSES
    movement: int  # movement points per turn
    attack: int  # attack strength at full steps
    defence: int  # defence strength at full steps
    steps: int  # step losses it can take before it is destroyed
    symbol: str  # APP-6 function: armour, mechanised, infantry, artillery, missile, air_defence, ...
    size: str = "brigade"  # echelon marker: battalion, regiment, brigade, division
    range: int = 0  # hexes for fires / missile strikes; 0 = none
    strike: int = 0  # strike strength (missile units); 0 = cannot strike
    supply_use: int = 1  # stock points used per turn in the field
    air_defence_radius: int = 0  # hexes; 0 = no area air defence
    air_defence: int = 0  # enemy air points removed per turn within the radius
    detection_range: int = 1  # hexes it sees under fog of war
    zoc: bool = True  # exerts a zone of control
    ew_shift: int = 0  # combat column shift against the enemy within ew_radius (negative hurts the enemy)
    ew_radius: int = 0  # hexes of electronic-warfare effect; 0 = none
    description: str = ""
    lays_obstacles: bool = False  # an engineer: lays obstacles in its hex when it stays put (rules/friction.py)
    rail_repair: int = 0  # days of railway repair it does per day on captured rail within 1 hex (engineers)
    fire_range: int = 0  # hexes its guns/rockets support combat and bombard (0 = its range); engine/rules/fires.py
    intercept: float = 0.0  # chance it shoots down each missile (strike point) aimed inside intercept_radius
    intercept_radius: int = 0  # hexes of missile defence (0 = its air_defence_radius)
    role: str | None = None  # manoeuvre | fires | missile | air_defence | support; None: derived (engine/ai/roles.py)


@attrs.frozen
class TerrainEffect:
    """How a terrain works: entry cost per movement class and a combat shift.

    ``cost[mc]`` is the movement-point cost to enter; ``None`` means the class
    may not enter. ``defence_shift`` moves the combat column (negative helps
    the defender).
    """

    terrain: str
    cost: Mapping[str, int | None]
    defence_shift: int = 0


@attrs.frozen
class MovementRules:
    stacking_limit: int  # units of one side per hex
    river_cost: Mapping[str, int]  # extra MP to cross a river hexside, by river class
    border_cost: int  # extra MP to cross an international border
    road_cost: int  # MP per hex along a road link, whatever the terrain
    rail_cost: int  # MP per hex along a rail link in tactical movement
    zoc_stop: bool = True  # entering an enemy ZOC ends movement
    zoc_exit_cost: int = 0  # extra MP to leave an enemy ZOC (0 = free)
    placement_radius: int = 3  # hexes an arrival may shift to find a legal hex (engine/rules/placement.py)
    obstacle_cost: int = 0  # extra MP for an enemy to enter an obstacle hex (rules/friction.py)
    control_needs_manoeuvre: bool = False  # only manoeuvre units (attack > 0, no range) take control of places
    road_capacity: int = 0  # units of one side a road hexside carries per turn at road speed (0 = no limit)
    congested_road_cost: int = 2  # MP per hex along a road hexside already at capacity this turn
    road_march: float = 1  # road hexes per road_cost MP for a unit out of contact (rules/movement.py)
    march_contact: int = 0  # hexes from an enemy ZOC unit within which a unit is in contact (0 = never)
    contact_movement: float = 1.0  # factor on the movement allowance of a unit in contact


@attrs.frozen
class CombatResult:
    """One cell of the combat results table."""

    code: str  # as printed in the table, e.g. "DR2", "EX", "AL1"
    attacker_loss: int = 0  # steps
    defender_loss: int = 0  # steps
    defender_retreat: int = 0  # hexes
    attacker_retreat: int = 0  # hexes


@attrs.frozen
class CombatTable:
    """Odds columns × die rolls.

    ``columns`` are odds labels ("1:2", "1:1", "3:2", "2:1" ...) with their
    ratio in ``ratios`` (ascending); the attack uses the highest column whose
    ratio does not exceed attack/defence. Shifts then move the column, clamped
    to the table. ``rows[die - 1][column]`` is the result.
    """

    columns: tuple[str, ...]
    ratios: tuple[float, ...]
    die_sides: int
    rows: tuple[tuple[CombatResult, ...], ...]
    river_shift: int = -1  # attacking across a river hexside (any attacker)
    major_river_shift: int = -2
    max_support_shift: int = 2
    out_of_supply_shift: int = -1  # attacker out of supply
    advance_after_combat: bool = True
    delay_trade: int = 0  # delaying action: steps of a result's loss a defender that must retreat turns into hexes


@attrs.frozen
class ReadinessState:
    """A readiness state: what a unit in it may do and how strong it is."""

    id: str
    can_move: bool
    can_attack: bool
    combat_factor: float  # multiplies attack and defence
    #: outside the garrison -> deployed ladder: set and released only by event or option effects
    #: (set_readiness), never by a ready order (a restrained or paralysed force)
    held: bool = False


@attrs.frozen
class ReadinessRules:
    states: tuple[ReadinessState, ...]  # in order of increasing readiness
    #: turns to go from state i to state i+1 (key "garrison->alerted")
    transition_turns: Mapping[str, int]
    logistic_base_bonus: int  # turns saved per transition at a logistic base with pre-positioned equipment
    arrival_state: str  # readiness of units that arrive by rail / reinforcement


@attrs.frozen
class SupplyRules:
    trace_length: int  # hexes of trace to a source
    road_trace_length: int  # hexes when the trace runs along roads/rails
    sources: tuple[str, ...]  # base kinds that are supply sources, plus "entry" for entry hexes
    use_per_turn: Mapping[str, int]  # stock kind -> points per unit per turn (× type supply_use)
    use_per_combat: Mapping[str, int]  # stock kind -> points per unit per combat
    out_of_supply_movement: float  # factor on movement allowance
    out_of_supply_attack: float  # factor on attack strength
    out_of_supply_defence: float
    step_loss_after: int  # turns out of supply before losing a step each turn (0 = never)
    home_territory: bool = False  # a unit on its own nation's soil is in supply (national depots and roads)
    road_supply_reach: int = 0  # road hexes forward supply points are pushed beyond the sources (rules/supply.py)
    road_supply_throughput: int = 0  # supply points a day each road out of a source carries (0 = no limit)
    home_territory_trace: bool = False  # home_territory only where joined to a source through home soil
    cut_off_control_days: int = 0  # days a bypassed, cut-off, ungarrisoned place holds out (0 = never passes)


@attrs.frozen
class RailRules:
    capacity: Mapping[str, int]  # side id -> units moved by rail per turn
    transshipment_delay: int  # turns lost changing gauge at a transshipment point
    max_hexes: int  # rail hexes per rail move
    friendly_countries: Mapping[str, tuple[str, ...]]  # side -> ISO3 where it may use rail
    repair_turns: int = 2  # turns a cut rail link stays cut (strike, or after an occupier leaves)
    occupier_wrecks: bool = True  # a unit on a rail hex it may not use cuts its links (else: it captures them)
    capture_days: int = 0  # days before a captured rail hex carries its captor's trains and supply
    regauge_days: int = 0  # more days where the captured line's gauge is not the captor's


@attrs.frozen
class AirRules:
    missions: tuple[str, ...]  # "support", "interdiction", "strike"
    support_shift: int  # column shift per air point in support
    interdiction_cost: int  # extra MP per air point of interdiction on a hex
    strike_hits: float  # steps hit per air point on a strike
    base_points: Mapping[str, int]  # side -> air points per turn without bases


@attrs.frozen
class StrikeRules:
    """Missile strikes (units with ``strike`` > 0 and ``range`` > 0): numbers for engine/rules/strike.py."""

    unit_hit_on: int = 5  # each point of strike strength rolls a die; this or more hits one step
    max_unit_hits: int = 2  # steps one strike can take off the units in a hex
    base_stock_loss: int = 2  # stock points destroyed per point of strike strength, each stock kind
    base_down_on: int = 4  # one die: this or more puts the base out of action
    base_down_turns: int = 2  # turns a base struck out of action stays inactive
    rail_cut_on: int = 3  # one die: this or more cuts the rail link (repair: rules.rail)


@attrs.frozen
class FireRules:
    """Fires at range (engine/rules/fires.py): support of attacks and defences, bombardment, counter-battery."""

    support_factor: float = 1.0  # a supporting fire unit adds its attack strength × this
    max_support_units: int = 2  # fire units of one side supporting one combat
    defensive_support: bool = True  # the defender's fire units in range support its defence
    counter_battery_hit_on: int = 6  # each enemy fire unit in range of a firing unit rolls; this or more hits a step
    counter_battery_max_hits: int = 1  # steps one firing unit loses to counter-battery per fire mission
    bombard_hit_on: int = 5  # bombard: one die per point of fire strength; this or more hits a step
    bombard_max_hits: int = 1  # steps one bombardment takes at most
    bombard_ammo: int = 2  # ammo points a bombardment draws from the stocked base the unit draws on


@attrs.frozen
class TimeRules:
    """What the rates of the rules are per (engine/rules/clock.py scales them to the turn length)."""

    rate_hours: int = 24  # every per-turn number of the rules is per this many hours (24: per day)


@attrs.frozen
class Rules:
    terrain: Mapping[str, TerrainEffect]
    movement: MovementRules
    combat: CombatTable
    supply: SupplyRules
    rail: RailRules
    air: AirRules
    readiness: ReadinessRules
    unit_types: Mapping[str, UnitType]
    strike: StrikeRules = StrikeRules()
    time: TimeRules = TimeRules()
    fires: FireRules = FireRules()


# --- sides and forces --------------------------------------------------------

@attrs.frozen
class Side:
    id: str  # "red", "blue", or an extra actor such as "belarus"
    name: str
    nations: tuple[str, ...]  # ISO3 of the states it commands
    colour: str  # "#rrggbb", for the UI
    home_countries: tuple[str, ...] = ()  # ISO3 of its own territory (rail, supply)
    entry_hexes: tuple[Hex, ...] = ()  # supply entry hexes (map edge, home depots)


@attrs.frozen
class UnitSpec:
    """A unit as the scenario places it (start of game, reinforcement, rotation)."""

    id: str
    type: str  # UnitType id
    side: str
    nation: str  # ISO3
    name: str
    location: Hex
    readiness: str
    strength: int  # steps remaining (≤ its type's steps)
    box: str = ""  # an off-map box id: the unit starts there, not on ``location`` (rules/offmap.py)


@attrs.frozen
class BaseEffects:
    """What a base does, as numbers; zero means 'not this'."""

    air_points: int = 0  # air points per turn for its side
    detection_range: int = 0  # hexes seen (radar)
    ew_shift: int = 0  # combat column shift against the enemy within ew_radius
    ew_radius: int = 0
    supply_source: bool = False
    readiness_bonus: int = 0  # turns saved per readiness step for units at the base
    air_defence: int = 0
    air_defence_radius: int = 0


@attrs.frozen
class BaseSpec:
    id: str
    kind: str  # one of BASE_KINDS
    name: str
    side: str
    nation: str  # host nation ISO3
    location: Hex
    capacity: int  # units it can host
    stocks: Mapping[str, int]  # stock kind -> points
    effects: BaseEffects
    active: bool = True  # False: established later by an event or option


@attrs.frozen
class Rotation:
    """A unit that arrives at a base, stays, leaves, and may come back."""

    id: str
    unit: UnitSpec  # location = the base's hex
    base: str
    arrive: int  # turn
    stay: int  # turns present
    repeat_every: int = 0  # turns between arrivals; 0 = once
    count: int = 1  # how many arrivals in all (with repeat_every)


@attrs.frozen
class ScheduleEntry:
    """A reinforcement (``add``) or a withdrawal (``remove``) on a turn."""

    turn: int
    kind: str  # "add" | "remove"
    unit: UnitSpec | None = None  # for add
    unit_id: str = ""  # for remove


@attrs.frozen
class Track:
    id: str
    name: str
    min: int
    max: int
    initial: int
    thresholds: Mapping[str, int] = attrs.field(factory=dict)  # label -> value


# --- events and options ------------------------------------------------------

@attrs.frozen
class Condition:
    """A comparison of a track with a number: ``tension >= 60``."""

    track: str
    op: str  # one of ">=", "<=", ">", "<", "=="
    value: int


@attrs.frozen
class Trigger:
    """When an event fires. Exactly the fields its kind uses are set.

    kinds: ``turn`` (turn == value, or every ``every`` turns from value),
    ``track`` (condition), ``enters`` (a unit of ``side`` enters ``hexes`` or
    ``country``), ``base`` (base id established), ``option`` (option id
    chosen), ``destroyed`` (unit id, or any unit of ``side``), ``all`` / ``any``
    of sub-triggers.
    """

    kind: str
    turn: int = 0
    every: int = 0
    condition: Condition | None = None
    side: str = ""
    hexes: tuple[Hex, ...] = ()
    country: str = ""
    ref: str = ""  # base, option or unit id
    parts: tuple["Trigger", ...] = ()


@attrs.frozen
class AddUnit:
    unit: UnitSpec


@attrs.frozen
class RemoveUnit:
    unit_id: str


@attrs.frozen
class MoveUnit:
    unit_id: str
    to: Hex


@attrs.frozen
class ChangeTrack:
    """A track change: ``delta`` added (or ``set_to``); with ``delta_max`` the amount is drawn evenly
    from delta..delta_max (both included) with the game's seeded RNG, for outcomes no source fixes."""

    track: str
    delta: int = 0
    set_to: int | None = None
    delta_max: int | None = None


@attrs.frozen
class EnableOption:
    option: str
    enabled: bool = True


@attrs.frozen
class EstablishBase:
    base: str
    established: bool = True


@attrs.frozen
class ChangeCommand:
    """Units pass to another side's command (a unit, or every unit of a nation)."""

    side: str
    unit_id: str = ""
    nation: str = ""


@attrs.frozen
class SetReadiness:
    """Units (one, a nation's, or a side's) are put in a readiness state, e.g. restrained or deployed."""

    state: str
    unit_id: str = ""
    nation: str = ""
    side: str = ""


@attrs.frozen
class Message:
    text: str


@attrs.frozen
class EndGame:
    winner: str  # side id, or "draw"
    reason: str


Effect = Union[AddUnit, RemoveUnit, MoveUnit, ChangeTrack, EnableOption, EstablishBase, Message, EndGame,
               ChangeCommand, SetReadiness]


@attrs.frozen
class Obstacle:
    """A prepared obstacle belt or demolished crossing: enemies of ``side`` pay obstacle_cost to enter."""

    location: Hex
    side: str


@attrs.frozen
class NationRule:
    """Rules of engagement of one nation: countries its units may not enter, nations they may not
    fire on, until a turn, a track condition or an event releases them (none given: for good)."""

    nation: str  # ISO3 of the units it binds
    may_not_enter: tuple[str, ...] = ()  # ISO3 countries
    may_not_fire_on: tuple[str, ...] = ()  # ISO3 nations whose units it may not attack, bombard or strike
    until_turn: int = 0  # released from this turn on (0: not by turn)
    until: Condition | None = None  # released once this track condition holds
    until_event: str = ""  # released once this event has fired


@attrs.frozen
class Event:
    id: str
    name: str
    trigger: Trigger
    effects: tuple[Effect, ...]
    once: bool = True
    chance: float = 1.0  # probability it fires each time its trigger holds (drawn from the seeded RNG)


@attrs.frozen
class Option:
    """A decision a side may take in the decisions phase."""

    id: str
    side: str
    name: str
    description: str
    requires: tuple[Condition, ...] = ()  # all must hold
    requires_options: tuple[str, ...] = ()  # taken earlier
    excludes_options: tuple[str, ...] = ()  # not if any was taken
    cost: Mapping[str, int] = attrs.field(factory=dict)  # track id -> delta paid when chosen
    delay: int = 0  # turns until the effects land
    effects: tuple[Effect, ...] = ()
    enabled: bool = True  # available from the start
    repeatable: bool = False


# --- victory ---------------------------------------------------------------

@attrs.frozen
class Objective:
    name: str
    hex: Hex
    points: int
    side: str  # the side that scores it while holding it at the end


@attrs.frozen
class TrackGoal:
    condition: Condition
    side: str  # who scores
    points: int


@attrs.frozen
class Victory:
    objectives: tuple[Objective, ...]
    track_goals: tuple[TrackGoal, ...]
    points_per_step_lost: int  # the enemy scores this per step a side loses
    margin: int  # a side wins if it leads by at least this; else draw
    questions: tuple[str, ...]


# --- doctrine and metrics (automated play and analysis) -------------------------

@attrs.frozen
class DoctrineObjective:
    """A place the scripted AI steers for: ``take`` (attack to hold it), ``hold`` (defend it)."""

    name: str
    hex: Hex
    priority: int = 1  # higher draws more units
    mode: str = "auto"  # take | hold | auto (take if the enemy holds it, else hold)


@attrs.frozen
class DoctrineOption:
    """An option the scripted AI takes once its conditions hold, from a turn on."""

    option: str
    when: tuple[Condition, ...] = ()  # all must hold
    from_turn: int = 1


@attrs.frozen
class Doctrine:
    """How one side's scripted AI plays (``doctrine:`` in the scenario); every key has a default."""

    objectives: tuple[DoctrineObjective, ...] = ()  # empty: the victory objectives, priority = points
    reserve_share: float = 0.25  # share of manoeuvre units kept back to hold own objectives
    attack_odds: float = 1.0  # attack only at this attack/defence ratio or better
    aggressiveness: float = 0.5  # 0: move only towards objectives; 1: also close with every enemy in reach
    options: str = "auto"  # auto: take every available non-repeatable option; listed: only take_options; none
    take_options: tuple[DoctrineOption, ...] = ()
    defence: str = "depth"  # depth | forward: how the war layer's defender uses its units (engine/ai/war.py)


@attrs.frozen
class MetricSpec:
    """A per-game metric computed each turn by a named function of engine/analysis/metrics_builtin.py."""

    id: str
    metric: str  # registered function name
    params: Mapping[str, str] = attrs.field(factory=dict)
    reduce: str = "last"  # last | max | min | mean | sum | first_turn (first turn the value is > 0)


# --- the scenario ------------------------------------------------------------

@attrs.frozen
class Scenario:
    id: str
    title: str
    briefing: str
    sources: tuple[str, ...]  # references into seeds/
    start_date: str  # ISO date
    turn_hours: int  # length of a turn in hours (12, 24, 168 ...)
    turns: int
    map_path: str  # resolved path of the map file
    sides: tuple[Side, ...]
    initiative: tuple[str, ...]  # side ids in the order they act each phase
    phases: tuple[str, ...]  # subset of PHASES, in play order
    fog_of_war: bool
    rules: Rules
    units: tuple[UnitSpec, ...]
    bases: tuple[BaseSpec, ...]
    rotations: tuple[Rotation, ...]
    schedule: tuple[ScheduleEntry, ...]
    tracks: tuple[Track, ...]
    events: tuple[Event, ...]
    options: tuple[Option, ...]
    victory: Victory
    file: str = ""  # the YAML it came from
    digest: str = ""  # sha256 of the resolved content, ties saves to a scenario
    doctrine: Mapping[str, Doctrine] = attrs.field(factory=dict)  # side id -> scripted AI doctrine
    metrics: tuple[MetricSpec, ...] = ()  # per-game metrics for playouts
    #: side id -> conditions (all must hold) before it may use force across borders (rules/engagement.py);
    #: a side without an entry is unrestricted
    engagement: Mapping[str, tuple[Condition, ...]] = attrs.field(factory=dict)
    nation_rules: tuple[NationRule, ...] = ()  # per-nation rules of engagement (rules/engagement.py)
    obstacles: tuple["Obstacle", ...] = ()  # prepared obstacles and demolitions (rules/friction.py)
    boxes: tuple["Box", ...] = ()  # off-map boxes (rules.offmap; engine/rules/offmap.py)

    def side(self, side_id: str) -> Side:
        for s in self.sides:
            if s.id == side_id:
                return s
        raise KeyError(side_id)

    def unit_type(self, type_id: str) -> UnitType:
        return self.rules.unit_types[type_id]


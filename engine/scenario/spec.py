"""The scenario format, declared once: keys, types, defaults and docs.

The loader checks YAML against these declarations (:mod:`engine.scenario.check`)
and :mod:`engine.scenario.schema` turns the same declarations into a JSON Schema, so
the editor's autocompletion, the loader and the authoring guide cannot drift.
Meaning (does this place exist, is this id known) is checked later, in
:mod:`engine.scenario.loader`.
"""

from __future__ import annotations

from engine.scenario.model import BASE_KINDS, MOVEMENT_CLASSES, PHASES
from engine.geo.theatre import TERRAINS

#: APP-6 style function names a unit type's symbol may use (the UI draws them).
SYMBOLS = ("armour", "mechanised", "motorised", "infantry", "air_assault", "airborne", "reconnaissance",
           "special_forces", "artillery", "rocket_artillery", "missile", "air_defence",
           "electronic_warfare", "engineer", "headquarters", "naval_infantry", "aviation", "logistics")
#: What a unit type is for (engine/ai/roles.py); unset = derived from its numbers.
ROLES = ("manoeuvre", "fires", "missile", "air_defence", "support")
#: Echelon markers, smallest first.
ECHELONS = ("company", "battalion", "battlegroup", "regiment", "brigade", "division", "corps", "army")
#: Comparison operators of a condition such as ``tension >= 60``.
OPERATORS = (">=", "<=", "==", ">", "<")

from engine.scenario.spectypes import (  # noqa: F401 - re-exported: spec.Str, spec.Rec, ...
    AnyOf, Bool, COLOUR, COND, Cell, Date, Duration, F, ID, ISO3, Int, ListOf, Location, MapOf, NUMBER_ID_BELOW, Num, Opt,
    Partial, REQUIRED, Rec, Str, takes_numbers,
)

# --- rules ---------------------------------------------------------------------

UNIT_TYPE = Rec("unit type", (
    F("name", Str(), doc="What it is, for people: 'Mechanised brigade (BMP-2, T-72B)'."),
    F("movement_class", Str(MOVEMENT_CLASSES), doc="Which terrain costs apply."),
    F("movement", Int(0, 50), doc="Movement points per turn."),
    F("attack", Int(0, 100), doc="Attack strength at full steps."),
    F("defence", Int(0, 100), doc="Defence strength at full steps."),
    F("steps", Int(1, 20), doc="Step losses it can take before it is destroyed."),
    F("symbol", Str(SYMBOLS), doc="APP-6 function shown on the counter."),
    F("size", Str(ECHELONS), "brigade", "Echelon marker on the counter."),
    F("range", Int(0, 100), 0, "Hexes for fires and missile strikes (0 = none)."),
    F("strike", Int(0, 100), 0, "Strike strength of missiles (0 = cannot strike)."),
    F("supply_use", Int(0, 20), 1, "Stock points used per turn in the field."),
    F("air_defence_radius", Int(0, 100), 0, "Hexes of area air defence (0 = none)."),
    F("air_defence", Int(0, 100), 0, "Enemy air points removed per turn inside the radius."),
    F("detection_range", Int(0, 100), 1, "Hexes it sees under fog of war."),
    F("zoc", Bool(), True, "Exerts a zone of control."),
    F("ew_shift", Int(-10, 10), 0, "Combat column shift against the enemy within ew_radius (negative hurts the enemy)."),
    F("ew_radius", Int(0, 100), 0, "Hexes of electronic-warfare effect (0 = none)."),
    F("description", Str(), "", "Notes and sources."),
    F("fire_range", Int(0, 100), 0, "Hexes its guns or rockets support combat and bombard (0 = its range)."),
    F("intercept", Num(0, 1), 0.0, "Chance it shoots down each missile (strike point) aimed inside its intercept radius."),
    F("intercept_radius", Int(0, 100), 0, "Hexes of missile defence (0 = its air_defence_radius)."),
    F("lays_obstacles", Bool(), False, "An engineer: lays obstacles and demolitions in its hex when it stays put."),
    F("rail_repair", Int(0, 20), 0, "Days of railway repair it does per day on captured rail within 1 hex (engineers, railway troops)."),
    F("role", Opt(Str(ROLES)), None, "What the AI uses it for: manoeuvre, fires, missile, air_defence, support (unset: derived from its numbers, engine/ai/roles.py)."),
), "Static capabilities of a kind of unit.")

TERRAIN_EFFECT = Rec("terrain effect", (
    F("cost", MapOf(Opt(Int(0, 50)), MOVEMENT_CLASSES), doc="Movement points to enter, per movement class; null = may not enter."),
    F("defence_shift", Int(-10, 10), 0, "Combat column shift when the defender is here (negative helps the defender)."),
))

MOVEMENT = Rec("movement rules", (
    F("stacking_limit", Int(1, 20), doc="Units of one side per hex."),
    F("river_cost", MapOf(Int(0, 50)), doc="Extra movement points to cross a river hexside, by river class (major, minor)."),
    F("border_cost", Int(0, 50), doc="Extra movement points to cross an international border."),
    F("road_cost", Int(0, 50), doc="Movement points per hex along a road."),
    F("rail_cost", Int(0, 50), doc="Movement points per hex along a railway in tactical movement."),
    F("zoc_stop", Bool(), True, "Entering an enemy zone of control ends movement."),
    F("zoc_exit_cost", Int(0, 50), 0, "Extra movement points to leave an enemy zone of control."),
    F("placement_radius", Int(0, 20), 3, "Hexes an arriving unit may be moved to find room (no enemy, under the "
      "stacking limit, on land); with no room within it the arrival does not happen."),
    F("obstacle_cost", Int(0, 50), 0, "Extra movement points for an enemy to enter an obstacle hex."),
    F("road_capacity", Int(0, 100), 0, "Units of one side a road hexside carries per turn at road speed (0 = no limit)."),
    F("congested_road_cost", Int(1, 50), 2, "Movement points per hex along a road hexside already at capacity this turn."),
    F("control_needs_manoeuvre", Bool(), False, "Only manoeuvre units (attack > 0, no fire range, able to move) "
      "take control of objectives and places; artillery, missiles and air defence do not."),
    F("road_march", Num(1, 10), 1, "Road march: a unit out of contact covers this many road hexes for road_cost "
      "movement points (1 = a road hex always costs road_cost; fractions like 2.5 are allowed)."),
    F("march_contact", Int(0, 20), 0, "A unit that starts its move within this many hexes of an enemy unit with a "
      "zone of control is in contact: it moves at road_cost per road hex, not at the road-march rate (0 = never)."),
    F("contact_movement", Num(0, 1), 1.0, "Factor on the movement allowance of a unit in contact (march_contact): "
      "it advances deployed, not in march columns."),
))

COMBAT = Rec("combat results table", (
    F("columns", ListOf(Str(), 1), doc="Odds column labels, weakest first: '1:2', '1:1', '2:1' ..."),
    F("ratios", ListOf(Num(0), 1), doc="The attack/defence ratio each column starts at, ascending."),
    F("die_sides", Int(2, 20), doc="Sides of the die (rows of the table)."),
    F("rows", ListOf(ListOf(Cell(), 1), 1), doc="One row per die roll; cells like A1 (attacker loses 1 step), D1R1, A1D1, '-'."),
    F("river_shift", Int(-10, 10), -1, "Column shift attacking across a minor river."),
    F("major_river_shift", Int(-10, 10), -2, "Column shift attacking across a major river."),
    F("max_support_shift", Int(0, 10), 2, "Largest shift air support can give."),
    F("out_of_supply_shift", Int(-10, 10), -1, "Column shift when the attacker is out of supply."),
    F("advance_after_combat", Bool(), True, "The winner may advance into a vacated hex."),
    F("delay_trade", Int(0, 10), 0, "Delaying action: a defender that must retreat anyway turns up to this many "
      "steps of its loss into as many more hexes of retreat (not on a victory objective, which it holds)."),
))

SUPPLY = Rec("supply rules", (
    F("trace_length", Int(0, 100), doc="Hexes a unit may trace cross-country to a source."),
    F("road_trace_length", Int(0, 200), doc="Hexes when the trace runs along roads or railways."),
    F("sources", ListOf(Str(BASE_KINDS + ("entry",)), 1), doc="Base kinds that are supply sources; 'entry' = the side's entry hexes."),
    F("use_per_turn", MapOf(Int(0, 100)), doc="Stock points per unit per turn, by stock kind (× the type's supply_use)."),
    F("use_per_combat", MapOf(Int(0, 100)), doc="Stock points per unit per combat, by stock kind."),
    F("out_of_supply_movement", Num(0, 1), doc="Factor on movement when out of supply."),
    F("out_of_supply_attack", Num(0, 1), doc="Factor on attack when out of supply."),
    F("out_of_supply_defence", Num(0, 1), doc="Factor on defence when out of supply."),
    F("step_loss_after", Int(0, 100), doc="Turns out of supply before losing a step each turn (0 = never)."),
    F("home_territory", Bool(), False, "A unit standing in its own nation's country is in supply (national depots)."),
    F("road_supply_reach", Int(0, 100), 0, "Supply by road behind the front: road hexes within this many road "
      "hexes of a railhead, entry hex or unstocked source base, reached along roads that no enemy unit or "
      "uncovered zone of control blocks, are forward supply points (0 = none)."),
    F("road_supply_throughput", Int(0, 1000), 0, "Supply points a day each road out of a source carries to "
      "the units that draw on its forward supply points (0 = no limit)."),
    F("home_territory_trace", Bool(), False, "With home_territory: a unit on its own nation's soil is in supply only "
      "if its hex is joined to one of its side's unlimited sources through the side's home countries, past no "
      "enemy unit and no enemy zone of control a friendly unit does not cover (an encircled unit is not)."),
    F("cut_off_control_days", Int(0, 100), 0, "A place (objective or named place) with no unit of its owner, cut "
      "off from the owner's sources and next to an enemy manoeuvre unit for more than this many days passes to "
      "that unit's side (0 = never)."),
))

RAIL = Rec("rail rules", (
    F("capacity", MapOf(Int(0, 100)), doc="Units each side may move by rail per turn."),
    F("transshipment_delay", Int(0, 20), doc="Turns lost changing gauge (1520/1435 mm) at a transshipment point."),
    F("max_hexes", Int(0, 500), doc="Rail hexes in one rail move."),
    F("friendly_countries", MapOf(ListOf(ISO3)), doc="Countries where each side may use the railways."),
    F("repair_turns", Int(0, 100), 2, "Turns a cut rail link stays cut (after a strike, or after an occupier leaves)."),
    F("occupier_wrecks", Bool(), True, "A unit on a rail hex its side may not use cuts the links there; false: it "
      "captures the railway instead, which carries its trains and supply after capture_days (+ regauge_days)."),
    F("capture_days", Int(0, 100), 0, "Days before a captured rail hex carries its captor's trains and supply."),
    F("regauge_days", Int(0, 100), 0, "More days where the captured line's gauge differs from the captor's own."),
))

AIR = Rec("air rules", (
    F("missions", ListOf(Str(("support", "interdiction", "strike")), 1), doc="Missions air points may fly."),
    F("support_shift", Int(0, 10), doc="Column shift per air point flying support."),
    F("interdiction_cost", Int(0, 20), doc="Extra movement points per air point interdicting a hex."),
    F("strike_hits", Num(0, 10), doc="Steps hit per air point on a strike."),
    F("base_points", MapOf(Int(0, 100)), doc="Air points per side per turn without counting air bases."),
))

STRIKE = Rec("missile strike rules", (
    F("unit_hit_on", Int(1, 20), 5, "Against units: each point of strike strength rolls a die; this or more hits a step."),
    F("max_unit_hits", Int(0, 20), 2, "Most steps one strike takes off the units in a hex."),
    F("base_stock_loss", Int(0, 1000), 2, "Against a base: stock points destroyed per point of strike strength, each kind."),
    F("base_down_on", Int(1, 20), 4, "Against a base: one die, this or more puts it out of action."),
    F("base_down_turns", Int(0, 100), 2, "Turns a struck base stays out of action."),
    F("rail_cut_on", Int(1, 20), 3, "Against a rail link: one die, this or more cuts it (repair time: rail rules)."),
))

FIRES = Rec("fire rules", (
    F("support_factor", Num(0, 10), 1.0, "A fire unit in range adds its attack strength × this to an attack or defence."),
    F("max_support_units", Int(0, 20), 2, "Fire units of one side that support one combat."),
    F("defensive_support", Bool(), True, "The defender's fire units in range support its defence."),
    F("counter_battery_hit_on", Int(1, 21), 6, "Each enemy fire unit in range of a firing unit rolls a die; this or more hits a step (die_sides + 1 = never)."),
    F("counter_battery_max_hits", Int(0, 20), 1, "Most steps a firing unit loses to counter-battery per fire mission."),
    F("bombard_hit_on", Int(1, 21), 5, "Bombard: one die per point of fire strength; this or more hits a step."),
    F("bombard_max_hits", Int(0, 20), 1, "Most steps one bombardment takes."),
    F("bombard_ammo", Int(0, 1000), 2, "Ammo points a bombardment draws from the stocked base its unit draws on."),
))

TIME = Rec("time rules", (
    F("rate_hours", Int(1, 10000), 24, "Every per-turn rate of the rules (movement, readiness, supply use, rail "
      "capacity, air points, combat losses) is per this many hours; the turn length scales them."),
))

READINESS_STATE = Rec("readiness state", (
    F("id", ID, doc="Name of the state: garrison, alerted, deployed ..."),
    F("can_move", Bool(), doc="Units in this state may move."),
    F("can_attack", Bool(), doc="Units in this state may attack."),
    F("combat_factor", Num(0, 2), doc="Multiplies attack and defence."),
    F("held", Bool(), False, "Outside the readiness ladder: set and released only by set_readiness effects "
      "(a restrained or paralysed force that defends but may not move or attack)."),
))

READINESS = Rec("readiness rules", (
    F("states", ListOf(READINESS_STATE, 1), doc="States in order of increasing readiness."),
    F("transition_turns", MapOf(Int(0, 100)), doc="Turns from one state to the next, keyed 'garrison->alerted'."),
    F("logistic_base_bonus", Int(0, 100), doc="Turns saved per transition at a logistic base with pre-positioned equipment."),
    F("arrival_state", Str(), doc="Readiness of units that arrive by rail or as reinforcements."),
))

BOX_LINK = Rec("box link", (
    F("to", Location(), doc="The entry hex: a place, {lat, lon} or {hex: 'q,r'}."),
    F("hours", Num(0, 10000), doc="Travel time in hours between the box and this hex, either way."),
    F("mode", Str(("rail", "road")), "road", "How it travels (shown; the hours already say it)."),
    F("note", Str(), "", "The source or reasoning of the hours."),
), "One way between an off-map box and the map.")

BOX = Rec("off-map box", (
    F("name", Str(), doc="Shown on the map margin: 'Germany (NATO rear)'."),
    F("country", ISO3, doc="Where it is (ISO3), e.g. DEU."),
    F("sides", ListOf(ID, 1), doc="Sides whose units may use it."),
    F("links", ListOf(BOX_LINK, 1), doc="Entry hexes with travel times."),
    F("note", Str(), "", "Sources, remarks."),
), "An area beyond the map edge that units enter and leave through entry hexes.")

OFFMAP = Rec("off-map rules", (
    F("boxes", MapOf(BOX), {}, "Off-map boxes by id: {germany: {...}, wmd: {...}}."),
), "Areas beyond the map edge (see the guide: Off-map boxes).")

RULES = Rec("rules", (
    F("unit_types", MapOf(UNIT_TYPE), doc="Unit types by id."),
    F("terrain", MapOf(TERRAIN_EFFECT, TERRAINS), doc="Effects of each terrain of the map."),
    F("movement", MOVEMENT),
    F("combat", COMBAT),
    F("supply", SUPPLY),
    F("rail", RAIL),
    F("air", AIR),
    F("readiness", READINESS),
    F("strike", STRIKE, {}, "Missile strikes on units, bases and rail links (defaults apply when absent)."),
    F("time", TIME, {}, "The period the rates are given for (default: per 24 hours)."),
    F("fires", FIRES, {}, "Fires at range: support, bombardment, counter-battery (defaults apply when absent)."),
    F("offmap", OFFMAP, {}, "Off-map boxes: areas beyond the map edge with travel times to entry hexes."),
), "Shared rules: in scenarios/rules/*.yaml (include:) and overridden key by key under rules:.")

# --- forces ----------------------------------------------------------------------

UNIT = Rec("unit", (
    F("id", ID, doc="Unique id, used by events, options and schedules."),
    F("type", ID, doc="A unit type id from the rules."),
    F("side", ID, doc="The side that commands it."),
    F("nation", ISO3, doc="Its nation (ISO3), one of the side's nations."),
    F("name", Str(), "", "Its real name: '6th Guards Mechanised Brigade'."),
    F("location", Location(), None, "Where it stands: a place, {lat, lon} or {hex: 'q,r'} (or give base:)."),
    F("base", ID, "", "A base id: the unit stands at that base."),
    F("box", ID, "", "An off-map box id (rules.offmap.boxes): the unit starts in that box."),
    F("readiness", ID, "", "Initial readiness state (default: the first state of the rules)."),
    F("strength", Int(1, 20), 0, "Steps remaining (default: the type's full steps)."),
    F("note", Str(), "", "Sources, remarks; ignored by the engine."),
), "A unit placed by the scenario.")

BASE_EFFECTS = Rec("base effects", (
    F("air_points", Int(0, 50), 0, "Air points per turn for its side."),
    F("detection_range", Int(0, 100), 0, "Hexes seen (radar)."),
    F("ew_shift", Int(-10, 10), 0, "Combat column shift against the enemy within ew_radius."),
    F("ew_radius", Int(0, 100), 0, "Hexes of electronic-warfare effect."),
    F("supply_source", Bool(), False, "Units may trace supply to it."),
    F("readiness_bonus", Int(0, 20), 0, "Turns saved per readiness step for units at the base."),
    F("air_defence", Int(0, 50), 0, "Enemy air points removed per turn within the radius."),
    F("air_defence_radius", Int(0, 100), 0, "Hexes of air defence."),
))

BASE = Rec("base", (
    F("id", ID),
    F("kind", Str(BASE_KINDS), doc="logistic, air, garrison, radar, communications or depot."),
    F("name", Str(), "", "Its real name."),
    F("side", ID, doc="The side that uses it."),
    F("nation", ISO3, "", "Host nation (default: the country of its hex)."),
    F("location", Location()),
    F("capacity", Int(0, 100), 0, "Units it can host."),
    F("stocks", MapOf(Int(0, 100000)), {}, "Stock points by kind: fuel, ammo ..."),
    F("effects", BASE_EFFECTS, {}, "What it does, as numbers."),
    F("active", Bool(), True, "false: established later by an event or option."),
    F("note", Str(), "", "Sources, remarks."),
), "A logistic, air, garrison, radar, communications base or depot.")

ROTATION_UNIT = Rec("rotating unit", tuple(f for f in UNIT.fields if f.name not in ("location", "base", "box")),
                    "The unit that rotates (it appears at the rotation's base).")

ROTATION = Rec("rotation", (
    F("id", ID),
    F("unit", ROTATION_UNIT),
    F("base", ID, doc="The base it rotates to."),
    F("arrive", Int(1), doc="Turn of the first arrival."),
    F("stay", Int(1), doc="Turns present each time."),
    F("repeat_every", Int(0), 0, "Turns between arrivals (0 = once)."),
    # at most 1000: no game is longer than 1000 turns (turns:), so more arrivals than that can never happen
    F("count", Int(1, 1000), 1, "How many arrivals in all."),
), "A unit that arrives at a base, stays, leaves and may come back.")

SCHEDULE = Rec("schedule entry", (
    F("turn", Int(1), doc="The turn it happens."),
    F("reinforce", UNIT, None, "A unit that arrives (give location or base)."),
    F("withdraw", ID, "", "The id of a unit that leaves."),
), "A reinforcement or a withdrawal.", one_of=("reinforce", "withdraw"))

TRACK = Rec("track", (
    F("id", ID),
    F("name", Str(), "", "Shown to the seminar."),
    F("min", Int(), 0),
    F("max", Int(), 100),
    F("initial", Int(), doc="Value at the start."),
    F("thresholds", MapOf(Int()), {}, "Named values events can test: {crisis: 70}."),
    F("description", Str(), "", "What it measures."),
), "A named number such as tension or integration.")

# --- events and options ------------------------------------------------------------

ENTERS = Rec("enters trigger", (
    F("side", ID, doc="Whose unit."),
    F("country", ISO3, "", "A country (ISO3) on the map."),
    F("places", ListOf(Location()), [], "Or a list of locations."),
), one_of=("country", "places"))

TRIGGER: Rec = Rec("trigger", (
    F("turn", Int(1), 0, "Fires on this turn."),
    F("every", Int(1), 0, "With turn: again every N turns."),
    F("track", COND, "", "Fires when the condition holds: 'tension >= 60' (a threshold name may replace the number's side: 'tension >= crisis')."),
    F("enters", ENTERS, None, "A unit of a side enters a country or places."),
    F("base", ID, "", "Fires when this base is established."),
    F("option", ID, "", "Fires when this option is chosen."),
    F("destroyed", ID, "", "Fires when this unit (or any unit of this side) is destroyed."),
    F("all", ListOf("trigger", 1), [], "Fires when all of these hold."),
    F("any", ListOf("trigger", 1), [], "Fires when any of these holds."),
), "When an event fires: exactly one of turn, track, enters, base, option, destroyed, all, any.",
    one_of=("turn", "track", "enters", "base", "option", "destroyed", "all", "any"))

MOVE = Rec("move effect", (F("unit", ID), F("to", Location())))
CHANGE = Rec("track change", (
    F("track", ID),
    F("add", Int(), 0, "Added to the track (negative lowers it)."),
    F("set", Int(), None, "Or set it to this value."),
    F("add_range", ListOf(Int(), 2), [], "Or add a whole number drawn evenly from [low, high], both included: [-12, -4]."),
))
COMMAND = Rec("change of command", (
    F("unit", ID, "", "A unit id."),
    F("nation", ISO3, "", "Or every unit of this nation."),
    F("to", ID, doc="The side that takes command."),
), one_of=("unit", "nation"))
SET_READINESS = Rec("readiness change", (
    F("unit", ID, "", "A unit id."),
    F("nation", ISO3, "", "Or every unit of this nation."),
    F("side", ID, "", "Or every unit of this side."),
    F("state", ID, doc="A readiness state of the rules: restrained, deployed ..."),
), one_of=("unit", "nation", "side"))
END = Rec("end of game", (F("winner", ID, doc="A side id or 'draw'."), F("reason", Str(), "")))

EFFECT = Rec("effect", (
    F("add_unit", UNIT, None, "A unit appears."),
    F("remove_unit", ID, "", "A unit leaves the game."),
    F("move_unit", MOVE, None, "A unit is moved."),
    F("change_track", CHANGE, None, "A track changes."),
    F("enable_option", ID, "", "An option becomes available."),
    F("disable_option", ID, "", "An option is no longer available."),
    F("establish_base", ID, "", "A base becomes active."),
    F("close_base", ID, "", "A base stops working."),
    F("message", Str(), "", "Text shown to the seminar."),
    F("end_game", END, None, "The game ends."),
    F("change_command", COMMAND, None, "Units pass to another side: {nation: BLR, to: red}."),
    F("set_readiness", SET_READINESS, None, "Units are set to a readiness state: {nation: LTU, state: restrained}."),
), "One thing that happens: exactly one key.",
    one_of=("add_unit", "remove_unit", "move_unit", "change_track", "enable_option", "disable_option",
            "establish_base", "close_base", "message", "end_game", "change_command", "set_readiness"))

EVENT = Rec("event", (
    F("id", ID),
    F("name", Str(), ""),
    F("trigger", TRIGGER),
    F("effects", ListOf(EFFECT, 1)),
    F("once", Bool(), True, "Fires only the first time."),
    F("chance", Num(0, 1), 1.0, "Probability it fires each time its trigger holds (0.3: three times in ten)."),
), "Something that happens when its trigger holds.")

OPTION = Rec("option", (
    F("id", ID),
    F("name", Str(), ""),
    F("description", Str(), ""),
    F("requires", ListOf(COND), [], "Conditions that must all hold: ['tension >= 40']."),
    F("requires_options", ListOf(ID), [], "Options that must have been taken before."),
    F("excludes_options", ListOf(ID), [], "Not available once any of these was taken."),
    F("cost", MapOf(Int()), {}, "Track changes paid when chosen: {nato_cohesion: -5}."),
    F("delay", Int(0), 0, "Turns until the effects land."),
    F("effects", ListOf(EFFECT), []),
    F("enabled", Bool(), True, "Available from the start."),
    F("repeatable", Bool(), False),
), "A decision a side may take in the decisions phase.")

# --- victory ---------------------------------------------------------------------------

OBJECTIVE = Rec("objective", (
    F("name", Str(), "", "Default: the place name."),
    F("location", Location()),
    F("points", Int()),
    F("side", ID, doc="The side that scores it while holding it at the end."),
))
TRACK_GOAL = Rec("track goal", (F("condition", COND), F("side", ID), F("points", Int())))
VICTORY = Rec("victory", (
    F("objectives", ListOf(OBJECTIVE), []),
    F("track_goals", ListOf(TRACK_GOAL), []),
    F("points_per_step_lost", Int(0), 1, "The enemy scores this per step a side loses."),
    F("margin", Int(0), 5, "A side wins if it leads by at least this; else draw."),
    F("questions", ListOf(Str()), [], "The questions the seminar should discuss."),
))

# --- doctrine and metrics (automated playouts) ---------------------------------------------

DOCTRINE_OBJECTIVE = Rec("doctrine objective", (
    F("location", Location(), doc="The place to take or hold."),
    F("name", Str(), "", "Default: the place name."),
    F("priority", Int(0, 1000), 1, "Higher draws more units."),
    F("mode", Str(("take", "hold", "auto")), "auto", "take, hold, or auto (take if the enemy holds it, else hold)."),
))
DOCTRINE_OPTION = Rec("doctrine option", (
    F("option", ID, doc="An option id of this side."),
    F("when", ListOf(COND), [], "Conditions that must all hold: ['tension >= 50']."),
    F("from_turn", Int(1), 1, "Not before this turn."),
))
DOCTRINE = Rec("doctrine", (
    F("objectives", ListOf(DOCTRINE_OBJECTIVE), [], "Places to take or hold (default: the victory objectives, priority = points)."),
    F("reserve_share", Num(0, 1), 0.25, "Share of manoeuvre units kept back to hold own objectives."),
    F("attack_odds", Num(0, 100), 1.0, "Attack only at this attack/defence ratio or better."),
    F("aggressiveness", Num(0, 1), 0.5, "0: move only towards objectives; 1: also close with every enemy in reach."),
    F("options", Str(("auto", "listed", "none")), "auto", "auto: every available non-repeatable option; listed: only take_options; none."),
    F("take_options", ListOf(DOCTRINE_OPTION), [], "Options to take and when."),
    F("defence", Str(("depth", "forward")), "depth", "How the side defends once at war: depth (garrison the "
      "objectives, keep the other units out of the enemy's sight to counterattack) or forward (every unit "
      "holds the ground it stands on, as a forward defence of a whole border)."),
), "How the AIs play one side: the scripted AI follows it (eastflank playout --red scripted); the war layer "
   "of the search AI reads its defence.")
METRIC = Rec("metric", (
    F("id", ID, doc="Name of the metric in playout results and summaries."),
    F("metric", ID, doc="A metric function of engine/analysis/metrics_builtin.py: units_near_border, track, air_points ..."),
    F("params", MapOf(Str()), {}, "Parameters of the function, as text: {side: red, within: 3, countries: 'POL,LTU'}."),
    F("reduce", Str(("last", "max", "min", "mean", "sum", "first_turn", "first_value")), "last",
      "How the per-turn values make one number per game (first_turn: first turn the value is above 0; "
      "first_value: the first value above 0, e.g. the arrival hour)."),
), "A per-game metric the playouts compute each turn.")

OBSTACLE = Rec("obstacle", (
    F("location", Location(), doc="The hex: a place, {lat, lon} or {hex: 'q,r'}."),
    F("side", ID, doc="The side that prepared it (its enemies pay obstacle_cost to enter)."),
    F("note", Str(), "", "Sources, remarks."),
), "A prepared obstacle belt or demolished crossing.")

NATION_RULE = Rec("nation rule", (
    F("nation", ISO3, doc="The nation whose units it binds."),
    F("may_not_enter", ListOf(ISO3), [], "Countries its units may not enter: [LTU]."),
    F("may_not_fire_on", ListOf(ISO3), [], "Nations whose units it may not attack, bombard or strike: [BLR]."),
    F("until_turn", Int(0), 0, "Released from this turn on (0: not by turn)."),
    F("until", COND, "", "Released once this track condition holds: 'tension >= war'."),
    F("until_event", ID, "", "Released once this event has fired."),
), "Rules of engagement of one nation; with no until_* key it binds for the whole game.")

SIDE = Rec("side", (
    F("id", ID, doc="red, blue, or an extra actor."),
    F("name", Str()),
    F("nations", ListOf(ISO3, 1), doc="States it commands (ISO3)."),
    F("colour", COLOUR, doc="'#rrggbb' for the map."),
    F("home_countries", ListOf(ISO3), [], "Its own territory (rail, supply)."),
    F("entry", ListOf(Location()), [], "Supply entry hexes (map edge, home depots)."),
))

# --- the scenario ------------------------------------------------------------------------

#: The lists a variant's remove: may drop items from (sides cannot be removed: a side is the game).
REMOVABLE = ("units", "bases", "rotations", "schedule", "tracks", "events", "options")

SCENARIO = Rec("scenario", (
    F("id", ID, doc="Short id, also the file name: baseline-2020."),
    F("title", Str()),
    F("briefing", Str(), doc="What the seminar reads first, with its questions."),
    F("sources", ListOf(Str(pattern=r"seeds/.+", what="a reference into seeds/")), [], "References into seeds/: 'seeds/README.md#bases'."),
    F("start_date", Date()),
    F("turn_length", Duration(), "24h", "24h, 12h, 7d ..."),
    F("turns", Int(1, 1000)),
    F("map", Str(), "", "Map file, relative to the scenario (default maps/belarus.map)."),
    F("extends", Str(), "", "A base scenario this one changes (see the guide)."),
    F("remove", MapOf(ListOf(ID), REMOVABLE), {},
      "With extends: ids to drop from the base scenario's lists."),
    F("include", ListOf(Str()), [], "Rules files, relative to this file, merged in order."),
    F("rules", Partial(RULES), {}, "Overrides of the included rules, key by key."),
    F("sides", ListOf(SIDE, 2)),
    F("initiative", ListOf(ID), [], "Side ids in the order they act (default: the order of sides)."),
    F("phases", ListOf(Str(PHASES), 1), list(PHASES), "The phases of a turn, in order."),
    F("fog_of_war", Bool(), False),
    F("units", ListOf(UNIT), []),
    F("bases", ListOf(BASE), []),
    F("rotations", ListOf(ROTATION), []),
    F("schedule", ListOf(SCHEDULE), []),
    F("tracks", ListOf(TRACK), []),
    F("events", ListOf(EVENT), []),
    F("options", MapOf(ListOf(OPTION)), {}, "Decision options per side: {blue: [...], red: [...]}."),
    F("victory", VICTORY, {}),
    F("doctrine", MapOf(DOCTRINE), {}, "Scripted AI doctrine per side id: {red: {...}, blue: {...}}."),
    F("metrics", ListOf(METRIC), [], "Per-game metrics the playouts compute (see engine/analysis/metrics_builtin.py)."),
    F("engagement", MapOf(ListOf(COND)), {},
      "Rules of engagement per side id: conditions that must all hold before its units may enter "
      "another side's countries, attack, strike or fly missions over them: {red: ['tension >= war']}. "
      "A side without an entry is unrestricted."),
    F("obstacles", ListOf(OBSTACLE), [], "Prepared obstacles and demolitions (see the guide)."),
    F("nations", ListOf(NATION_RULE), [], "Rules of engagement per nation: who may enter which country and "
      "fire on whom, until a turn, track condition or event (see the guide)."),
), "An Eastern Flank scenario.")

#: Records referred to by name (recursive triggers).
NAMED = {"trigger": TRIGGER}
#: Lists whose items are merged by id under ``extends:``.
ID_LISTS = ("units", "bases", "rotations", "tracks", "events", "sides")

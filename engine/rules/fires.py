"""Fires at range: artillery and rocket artillery support combat, bombard, and duel by counter-battery.

Rules as implemented (numbers in ``rules.fires``, scenarios/rules/combat.yaml):

* A *fire unit* has attack > 0 and a fire range (``fire_range``, else its
  ``range``) > 0: artillery, MLRS. Missile units (attack 0) strike instead
  (engine/rules/strike.py).
* Support: in every combat, up to ``max_support_units`` fire units of the
  attacking side within fire range of the target (not listed as attackers,
  able to attack, not yet fired this combat phase) add their attack strength ×
  ``support_factor``; with ``defensive_support`` the defending side's fire
  units within range of the defended hex add theirs to the defence. Nearest
  first, ties by id. Each fire unit fires once per combat phase (support,
  defensive fire or bombardment), and supporting fire costs it the combat's
  ammunition like any unit that fought (rules/supply.py ``use_per_combat``).
* Bombard: ``bombard <unit> <hex>`` in the combat phase, at visible enemy
  units within fire range: one die per point of fire strength (attack × steps
  left / steps, rounded up), each ``bombard_hit_on`` or more hits a step, at
  most ``bombard_max_hits``. A unit drawing on a stocked base pays
  ``bombard_ammo`` ammo from it and may not bombard if the base cannot pay.
* Counter-battery: whenever a fire unit fires, each enemy fire unit that has
  it within fire range rolls one die; each ``counter_battery_hit_on`` or more
  hits it a step, at most ``counter_battery_max_hits``. Every die is logged.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from engine.core.actions import Bombard
from engine.rules import intel
from engine.rules.engagement import may_engage, why_no_fire_on, why_no_force
from engine.rules.losses import take_losses
from engine.rules.occupancy import own_unit

if TYPE_CHECKING:
    from engine.core.state import State, Unit

GROUP = "bombard:"


def fire_range(state: "State", u: "Unit") -> int:
    """Hexes a unit's guns reach for support and bombardment; 0 = not a fire unit."""
    ut = state.game.unit_types[u.type]
    if ut.attack <= 0:
        return 0
    return ut.fire_range or ut.range


def _ready(state: "State", u: "Unit", attacking: bool) -> bool:
    """May fire now: not fired this phase, not on a train, and its readiness lets it (attack, or defend)."""
    if u.attacked or u.id in state.transship:
        return False
    rs = state.game.readiness.get(u.readiness)
    if rs is None:
        return True
    return rs.can_attack if attacking else rs.combat_factor > 0


def supporters(state: "State", side: str, target: int, exclude: tuple[str, ...] = (),
               attacking: bool = True) -> list["Unit"]:
    """Fire units of ``side`` that support a combat at ``target`` (nearest first, ties by id)."""
    fr = state.game.rules.fires
    if fr.max_support_units <= 0 or fr.support_factor <= 0 or (not attacking and not fr.defensive_support):
        return []
    cands = []
    there = tuple(sorted({state.units[k].nation for k in state.units_at(target)})) \
        if attacking and state.game.scenario.nation_rules else ()
    for uid in state.side_unit_ids(side):
        if uid in exclude:
            continue
        u = state.units[uid]
        rng = fire_range(state, u)
        if rng <= 0 or not _ready(state, u, attacking) or (there and why_no_fire_on(state, u.nation, there)):
            continue
        d = intel.hex_distance(state, u.pos, target)
        if d <= rng:
            cands.append((d, uid, u))
    cands.sort(key=lambda c: (c[0], c[1]))
    return [u for _, _, u in cands[:fr.max_support_units]]


def counter_battery(state: "State", u: "Unit") -> None:
    """Enemy fire units with ``u`` in range answer its fire (dice logged)."""
    g = state.game
    fr = g.rules.fires
    if fr.counter_battery_max_hits <= 0 or fr.counter_battery_hit_on > g.rules.combat.die_sides:
        return
    dice = []
    for uid in sorted(state.units):
        f = state.units[uid]
        if f.side == u.side or u.side not in g.enemies(f.side):
            continue
        rng = fire_range(state, f)
        if rng > 0 and intel.hex_distance(state, f.pos, u.pos) <= rng:
            dice.append((uid, state.rng.randint(1, g.rules.combat.die_sides)))
    if not dice:
        return
    hits = min(fr.counter_battery_max_hits, sum(1 for _, d in dice if d >= fr.counter_battery_hit_on))
    state.log.append(f"  counter-battery on {u.id}: " + ", ".join(f"{k} {d}" for k, d in dice)
                     + f" (hit on {fr.counter_battery_hit_on}+) -> {hits} hit{'s' if hits != 1 else ''}")
    if hits:
        take_losses(state, [u], hits)


def fire_support(state: "State", units: list["Unit"], role: str) -> None:
    """Supporting fire happened: mark the units fired, log them, and let the enemy answer."""
    for u in units:
        u.attacked = True
    if units:
        state.log.append(f"  {role} fire: " + ", ".join(u.id for u in units))
    for u in units:
        if u.id in state.units:
            counter_battery(state, u)


# --- the bombard order ---------------------------------------------------------------------

def strength(state: "State", u: "Unit") -> int:
    ut = state.game.unit_types[u.type]
    return math.ceil(ut.attack * u.strength / ut.steps) if ut.steps else 0


def _ammo(state: "State", u: "Unit") -> tuple[str, int]:
    """(stocked base the unit draws on, ammo it holds) or ("", 0) when its source is unlimited."""
    bid = state.supply_src.get(u.id, "")
    if not bid:
        return "", 0
    return bid, state.stocks.get(bid, {}).get("ammo", -1)


def targets(state: "State", u: "Unit") -> list[int]:
    rng = fire_range(state, u)
    out = sorted(p for p in intel.seen_enemy_positions(state, u.side) if intel.hex_distance(state, u.pos, p) <= rng)
    if state.game.scenario.nation_rules:
        out = [p for p in out if why_no_fire_on(state, u.nation, _nations_at(state, p)) is None]
    return out


def _nations_at(state: "State", pos: int) -> tuple[str, ...]:
    return tuple(sorted({state.units[k].nation for k in state.units_at(pos)}))


def group_keys(state: "State") -> list[str]:
    if state.phase != "combat":
        return []
    side = state.current_player()
    if side is None or not may_engage(state, side):
        return []
    out = []
    for uid in state.side_unit_ids(side):
        u = state.units[uid]
        if fire_range(state, u) > 0 and _ready(state, u, True) and _why_no_ammo(state, u) is None \
                and targets(state, u):
            out.append(GROUP + uid)
    return out


def actions(state: "State", key: str) -> list[Bombard]:
    u = state.units.get(key[len(GROUP):])
    if u is None or state.phase != "combat" or u.side != state.current_player():
        return []
    hexes = state.game.hexes
    return [Bombard(u.id, hexes[p]) for p in targets(state, u)]


def _why_no_ammo(state: "State", u: "Unit") -> str | None:
    bid, have = _ammo(state, u)
    need = state.game.rules.fires.bombard_ammo
    if bid and have >= 0 and have < need:
        return f"{u.id} draws on {bid}, which has {have} ammo of the {need} a bombardment needs"
    return None


def why_illegal(state: "State", a: Bombard) -> str | None:
    g = state.game
    u, why = own_unit(state, a.unit, suggest=True)
    if u is None:
        return why
    rng = fire_range(state, u)
    if rng <= 0:
        return f"{a.unit} ({g.unit_types[u.type].name}) has no guns that fire at range"
    why = why_no_force(state, u.side, "bombard")
    if why is not None:
        return why
    if u.attacked:
        return f"{a.unit} has already fired or attacked this phase"
    if not _ready(state, u, True):
        return f"{a.unit} ({u.readiness}) may not fire"
    t = g.index.get(a.target)
    name = g.label(a.target)
    if t is None:
        return f"{name} is off the map"
    d = intel.hex_distance(state, u.pos, t)
    if d > rng:
        return f"{name} is {d} hexes from {a.unit}, beyond its fire range of {rng}"
    if t not in intel.seen_enemy_positions(state, u.side):
        return f"{u.side} sees no enemy unit at {name}"
    why = why_no_fire_on(state, u.nation, _nations_at(state, t))
    if why is not None:
        return why
    return _why_no_ammo(state, u)


def resolve(state: "State", a: Bombard) -> None:
    g = state.game
    fr = g.rules.fires
    u = state.units[a.unit]
    t = g.index[a.target]
    pts = strength(state, u)
    u.attacked = True
    bid, have = _ammo(state, u)
    if bid and have >= 0:
        state.stocks[bid]["ammo"] = have - fr.bombard_ammo
    dice = [state.rng.randint(1, g.rules.combat.die_sides) for _ in range(pts)]
    hits = min(fr.bombard_max_hits, sum(1 for d in dice if d >= fr.bombard_hit_on))
    foes = [state.units[k] for k in state.units_at(t) if state.units[k].side != u.side]
    state.log.append(f"  bombardment ({pts} points) on {g.label(a.target)}: dice {' '.join(map(str, dice))} "
                     f"(hit on {fr.bombard_hit_on}+, at most {fr.bombard_max_hits}) -> {hits} hit"
                     f"{'s' if hits != 1 else ''}" + (f"; {bid} ammo -{fr.bombard_ammo}" if bid and have >= 0 else ""))
    if foes and hits:
        take_losses(state, foes, hits)
    counter_battery(state, u)

"""Air missions and air defence.

Each turn a side gets air points (``rules.air.base_points`` plus its active
air bases' ``air_points``, see ``turns.reset_turn_counters``). In the
movement and combat phases it allocates them, a few at a time, to missions
over a target hex (order ``air <support|interdict|strike> <hex> <points>``)
in the ``air`` phase (before movement; a scenario without it has no air war).

Air defence is spatial: every enemy unit with ``air_defence_radius`` and
``air_defence`` and every active enemy base with those effects covers the
hexes within its radius and can shoot down up to ``air_defence`` air points
per turn there. Points flown into a covered hex are absorbed first, by the
covering sources in id order, until their capacity for the turn is used;
absorbed points are lost, the rest take effect. So an S-400 (3 per turn)
over a hex takes the first 3 points Blue flies there each turn.

Effects of the points that get through:
* support: ``air.support_shift`` columns per point for the side's attack on
  (or defence of) that hex this turn, capped at ``combat.max_support_shift``;
* interdiction: entering the hex costs the flyer's enemies
  ``air.interdiction_cost`` extra MP per point this turn;
* strike: per point ``floor(air.strike_hits)`` steps plus one more if a die
  (``combat.die_sides``) rolls at most ``frac(strike_hits) × sides``, taken
  off the enemy units in the hex (strongest first), dice logged.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Sequence

from engine.core.actions import AIR_WORDS, AirMission
from engine.rules.clock import share
from engine.rules import engagement, intel

if TYPE_CHECKING:
    from engine.core.state import State

#: Phases in which air orders may be given (a scenario without them has no air war).
AIR_PHASES = ("air",)
#: legal_actions lists at most this many points per air order (any number is legal).
MAX_LISTED_POINTS = 2
GROUP = "air:"

# state.air_missions rows: [turn, side, mission, hex index, effective points, points flown]


# --- per-turn bookkeeping -------------------------------------------------------------

def new_turn(state: "State") -> None:
    """Turn start: last turn's missions end; air-defence capacity comes back."""
    had_interdiction = any(m[2] == "interdiction" for m in state.air_missions)
    state.air_missions = []
    state.ad_used = {}
    if had_interdiction:  # enemy movement costs change: invalidate cached reach
        for s in state.game.side_ids:
            state.bump(s)


# --- air defence ------------------------------------------------------------------------

def ad_sources(state: "State", side: str) -> list[tuple[str, int, int, int]]:
    """(key, hex, radius, capacity per turn) of air defence hostile to ``side``, sorted by key."""
    g = state.game
    out: list[tuple[str, int, int, int]] = []
    for uid in sorted(state.units):
        u = state.units[uid]
        if u.side == side:
            continue
        ut = g.unit_types[u.type]
        if ut.air_defence > 0 and ut.air_defence_radius > 0:
            out.append((uid, u.pos, ut.air_defence_radius, share(g, ut.air_defence, state.turn)))
    bpos = intel._base_pos(state)
    for b in g.scenario.bases:
        e = b.effects
        if b.side != side and e.air_defence > 0 and e.air_defence_radius > 0 and state.base_active.get(b.id) \
                and b.id in bpos:
            out.append((f"base:{b.id}", bpos[b.id], e.air_defence_radius, share(g, e.air_defence, state.turn)))
    out.sort()
    return out


def ad_losses(state: "State", side: str, pos: int, points: int) -> list[tuple[str, int]]:
    """How many of ``points`` flown by ``side`` into ``pos`` each covering source takes (no change)."""
    out: list[tuple[str, int]] = []
    left = points
    for key, at, radius, cap in ad_sources(state, side):
        if left <= 0:
            break
        if intel.hex_distance(state, at, pos) > radius:
            continue
        take = min(left, cap - state.ad_used.get(key, 0))
        if take > 0:
            out.append((key, take))
            left -= take
    return out


# --- mission effects read by other rules ------------------------------------------------------

def support_points(state: "State", side: str, pos: int) -> int:
    return sum(m[4] for m in state.air_missions
               if m[0] == state.turn and m[1] == side and m[2] == "support" and m[3] == pos)


def support_cap_points(state: "State") -> int:
    """Points of support beyond which more cannot shift the column."""
    per = state.game.rules.air.support_shift
    cap = state.game.rules.combat.max_support_shift
    return math.ceil(cap / per) if per > 0 else 0


def combat_shifts(state: "State", att_side: str, target: int) -> list[tuple[str, int]]:
    """(reason, shift) from air support of either side over the target hex."""
    g = state.game
    per, cap = g.rules.air.support_shift, g.rules.combat.max_support_shift
    out: list[tuple[str, int]] = []
    a = min(cap, per * support_points(state, att_side, target))
    if a:
        out.append(("air support", a))
    d = 0
    for s in g.side_ids:
        if s != att_side:
            d = max(d, min(cap, per * support_points(state, s, target)))
    if d:
        out.append(("defender air support", -d))
    return out


def interdiction_costs(state: "State", side: str) -> dict[int, int]:
    """Hex -> extra MP for units of ``side`` to enter it (enemy interdiction still active)."""
    per = state.game.rules.air.interdiction_cost
    out: dict[int, int] = {}
    for m in state.air_missions:
        if m[2] == "interdiction" and m[1] != side and m[0] == state.turn and m[4] > 0:
            out[m[3]] = out.get(m[3], 0) + per * m[4]
    return out


# --- legality -----------------------------------------------------------------------------------

def why_illegal(state: "State", a: AirMission) -> str | None:
    g = state.game
    side = state.current_player()
    if side is None:
        return "the game is over"
    ph = state.phase
    if ph not in AIR_PHASES:
        return f"air orders are given in the air phase, not {ph}"
    if a.mission not in g.rules.air.missions:
        return f"this scenario's air rules have no {AIR_WORDS.get(a.mission, a.mission)} missions"
    if a.points < 1:
        return "an air mission needs at least 1 point"
    have = state.air_points.get(side, 0)
    if a.points > have:
        return f"{side} has {have} air point{'s' if have != 1 else ''} left this turn, not {a.points}"
    t = g.index.get(a.target)
    name = g.label(a.target)
    if t is None:
        return f"{name} is off the map"
    if not g.land[t]:
        return f"{name} is {g.terrain[t]}: air missions are flown over land"
    why = engagement.why_no_mission(state, side, t)
    if why is not None:
        return why
    if a.mission == "support" and support_points(state, side, t) >= support_cap_points(state):
        return f"air support over {name} is already at its cap ({g.rules.combat.max_support_shift} columns)"
    return None


def _targets(state: "State", side: str, mission: str) -> list[int]:
    """Bounded candidate hexes: own units' hexes, and near enemy units the side can see."""
    g = state.game
    seen = intel.seen_enemy_positions(state, side)
    closed = engagement.closed_countries(state, side)
    if closed:  # restrained (engine/rules/engagement.py): no missions over hostile countries or seen enemies
        country = g.country  # (hidden ones are not asked about: dropping their hexes would reveal them)
        return [p for p in _targets_free(state, side, mission, seen) if country[p] not in closed
                and p not in seen]
    return _targets_free(state, side, mission, seen)


def _targets_free(state: "State", side: str, mission: str, seen) -> list[int]:
    g = state.game
    if mission == "strike":
        return sorted(seen)
    own = sorted({u.pos for u in state.units.values() if u.side == side})
    if mission == "support":
        # own units' hexes (defence, also flown blind under fog) and seen enemies next to them (attack)
        cap = support_cap_points(state)
        out: set[int] = set(own)
        for p in own:
            out.update(j for j in g.nbrs[p] if j in seen)
        return sorted(p for p in out if support_points(state, side, p) < cap)
    # interdiction: land hexes next to enemy units, free of enemy units
    out2: set[int] = set()
    for p in seen:
        for j in g.nbrs[p]:
            if g.land[j] and j not in seen:
                out2.add(j)
    return sorted(out2)


def group_keys(state: "State") -> list[str]:
    """``air:<mission>`` for each mission the side to act could fly now."""
    if state.phase not in AIR_PHASES:
        return []
    side = state.current_player()
    if side is None or state.air_points.get(side, 0) <= 0:
        return []
    # cheap tests (this runs for every legal() call): support is listed over the side's own units,
    # strike and interdiction near enemy units it sees
    seen = bool(intel.seen_enemy_positions(state, side))
    has_units = bool(state.side_unit_ids(side))
    if seen and not engagement.may_engage(state, side):
        # restrained: strike targets are all enemy-held; interdiction only over own/neutral ground
        return [GROUP + m for m in sorted(state.game.rules.air.missions)
                if (m == "support" and has_units) or (m == "interdiction" and _targets(state, side, m))]
    return [GROUP + m for m in sorted(state.game.rules.air.missions)
            if (m == "support" and has_units) or (m != "support" and seen)]


class AirOrders(Sequence):
    """A mission's orders, sorted, made only when indexed (a random playout uses one)."""

    __slots__ = ("mission", "hexes", "pairs")

    def __init__(self, mission: str, hexes: tuple, pairs: list[tuple[int, int]]) -> None:
        self.mission, self.hexes, self.pairs = mission, hexes, pairs

    def __len__(self) -> int:
        return len(self.pairs)

    def __getitem__(self, k):  # type: ignore[override]
        if isinstance(k, slice):
            return self.to_list()[k]
        p, n = self.pairs[k]
        return AirMission(self.mission, self.hexes[p], n)

    def to_list(self) -> list[AirMission]:
        m, hexes = self.mission, self.hexes
        return [AirMission(m, hexes[p], n) for p, n in self.pairs]


_NO_ORDERS = AirOrders("", (), [])


def orders(state: "State", key: str) -> AirOrders:
    """The orders of group ``key`` (``air:<mission>``), unmade."""
    mission = key[len(GROUP):]
    side = state.current_player()
    if state.phase not in AIR_PHASES or side is None or mission not in state.game.rules.air.missions:
        return _NO_ORDERS
    have = state.air_points.get(side, 0)
    if have <= 0:
        return _NO_ORDERS
    # interdiction is listed one point at a time (orders stack); others also with 2 points
    amounts = [1] if mission == "interdiction" else sorted({1, min(have, MAX_LISTED_POINTS)})
    pairs: list[tuple[int, int]] = []
    cap = support_cap_points(state)
    for p in _targets(state, side, mission):
        for n in amounts:
            if mission == "support" and n > 1 and support_points(state, side, p) + n > cap:
                continue
            pairs.append((p, n))
    # Targets ascend by hex index, which is (q, r) order (Game.hexes), and amounts ascend, so
    # the orders are already in AirMission's sort order (mission, target, points).
    return AirOrders(mission, state.game.hexes, pairs)


def actions(state: "State", key: str) -> list[AirMission]:
    return orders(state, key).to_list()


# --- applying -------------------------------------------------------------------------------------

def fly(state: "State", a: AirMission) -> None:
    """Spend the points, let air defence take its share, apply what gets through (logged)."""
    g = state.game
    side = state.current_player() or ""
    t = g.index[a.target]
    name = g.label(a.target)
    state.air_points[side] = state.air_points.get(side, 0) - a.points
    losses = ad_losses(state, side, t, a.points)
    lost = 0
    for key, n in losses:
        state.ad_used[key] = state.ad_used.get(key, 0) + n
        lost += n
    eff = a.points - lost
    word = AIR_WORDS.get(a.mission, a.mission)
    msg = f"  air {word} over {name}: {a.points} point{'s' if a.points != 1 else ''}"
    if lost:
        msg += f", {lost} lost to enemy air defence"
    if engagement.holds_fire(state, side, t):
        # ordered blind over a hidden enemy while restrained: the crews find it and turn back (the flight
        # still observes the hex this turn); told under the side's own order, after the fact
        state.air_missions.append([state.turn, side, a.mission, t, 0, a.points])
        state.log.append(msg + f", {eff} reach{'es' if eff == 1 else ''} it and hold{'s' if eff == 1 else ''} "
                         "fire: enemy units there, and the rules of engagement forbid missions against them")
        return
    state.air_missions.append([state.turn, side, a.mission, t, eff, a.points])
    state.log.append(msg + f", {eff} get{'s' if eff == 1 else ''} through")
    if a.mission == "interdiction" and eff > 0:
        state.bump(side)  # enemy movement costs change: invalidate their cached reach
    elif a.mission == "strike" and eff > 0:
        _strike(state, side, t, eff)


def _strike(state: "State", side: str, t: int, points: int) -> None:
    from engine.rules.losses import take_losses
    g = state.game
    per = g.rules.air.strike_hits
    sides = g.rules.combat.die_sides
    whole = int(math.floor(per))
    need = int(round((per - whole) * sides))
    dice: list[int] = []
    hits = 0
    for _ in range(points):
        hits += whole
        if need > 0:
            d = state.rng.randint(1, sides)
            dice.append(d)
            if d <= need:
                hits += 1
    targets = [state.units[k] for k in state.units_at(t) if state.units[k].side != side]
    dice_text = f"dice {' '.join(map(str, dice))} (hit on {need} or less) " if dice else ""
    state.log.append(f"  air strike: {dice_text}-> {hits} hit{'s' if hits != 1 else ''}"
                     + ("" if targets else " on an empty hex"))
    if targets and hits:
        take_losses(state, targets, hits)

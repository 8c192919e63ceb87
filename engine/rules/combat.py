"""Combat: odds from strengths, column shifts, the CRT, step losses, retreats, advance.

Strength = type value × remaining steps / full steps × readiness combat factor
(× the out-of-supply factor). The column is the highest whose ratio does
not exceed attack/defence, then shifted by the defender's terrain, a river
on every attacker's hexside (major beats minor), support and supply, and
clamped to the table. The die comes from the state's RNG and is logged.
A unit that cannot retreat a hex loses one extra step per hex it could not go.
"""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING, Sequence

import attrs

from engine.core.actions import Action, Attack
from engine.geo.hexgrid import distance
from engine.rules import fires
from engine.rules.clock import scaled, stochastic_round, turn_days
from engine.rules.engagement import closed_for, gated_edges, may_engage, why_no_fire_on, why_no_force
from engine.rules.intel import seen_enemy_positions
from engine.rules.losses import take_losses
from engine.rules.occupancy import enemy_sets

if TYPE_CHECKING:
    from engine.game.game import Game
    from engine.core.state import State, Unit

#: Above this many eligible attackers on one target, legal_actions lists
#: subsets of up to MAX_LISTED_SIZE units plus the full set (is_legal accepts any).
MAX_FULL_SUBSETS = 8
MAX_LISTED_SIZE = 3


@attrs.frozen
class Odds:
    """A combat's numbers before the die: for tests, UI previews and logs."""

    attack: float
    defence: float
    base_column: int
    shift: int
    column: int
    label: str
    reasons: tuple[str, ...]
    fire_att: tuple[str, ...] = ()  # fire units supporting the attack (engine/rules/fires.py)
    fire_def: tuple[str, ...] = ()  # and the defence


def strength_of(game: "Game", type_id: str, steps: int, readiness: str, supplied: bool, which: str) -> float:
    """Attack or defence value: type strength × steps left × readiness factor × supply factor.

    The one formula: combat uses it on units, the AI on what it can see of them.
    """
    ut = game.unit_types.get(type_id)
    if ut is None or not ut.steps:
        return 0.0
    val = (ut.attack if which == "attack" else ut.defence) * steps / ut.steps
    rs = game.readiness.get(readiness)
    if rs is not None:
        val *= rs.combat_factor
    if not supplied:
        sr = game.rules.supply
        val *= sr.out_of_supply_attack if which == "attack" else sr.out_of_supply_defence
    return val


def unit_strength(state: "State", u: "Unit", which: str) -> float:
    return strength_of(state.game, u.type, u.strength, u.readiness, u.supplied, which)


def can_attack(state: "State", u: "Unit") -> bool:
    g = state.game
    rs = g.readiness.get(u.readiness)
    return (not u.attacked and g.unit_types[u.type].attack > 0 and (rs is None or rs.can_attack)
            and u.id not in state.transship)


def _eligible(state: "State", side: str) -> list["Unit"]:
    return [state.units[k] for k in sorted(state.units)
            if state.units[k].side == side and can_attack(state, state.units[k])]


def targets(state: "State") -> list[int]:
    """Enemy-held hexes that eligible units of the side to act can attack, sorted."""
    side = state.current_player()
    if side is None or not may_engage(state, side):
        return []
    occ = seen_enemy_positions(state, side)  # only enemies it sees: a hidden one listed would be revealed
    done = set(state.attacked_hexes)
    nbrs = state.game.nbrs
    out: set[int] = set()
    gate = bool(state.game.scenario.nation_rules)
    for u in _eligible(state, side):
        for j in nbrs[u.pos]:
            if j in occ and j not in done and (not gate or why_no_fire_on(state, u.nation, nations_at(state, j)) is None):
                out.add(j)
    return sorted(out)


def nations_at(state: "State", pos: int) -> tuple[str, ...]:
    """Nations of the units in a hex, sorted (for the nations' rules of engagement)."""
    return tuple(sorted({state.units[k].nation for k in state.units_at(pos)}))


def attackers_of(state: "State", target: int) -> list[str]:
    side = state.current_player()
    if side is None:
        return []
    adj = set(state.game.nbrs[target])
    out = [u for u in _eligible(state, side) if u.pos in adj]
    if state.game.scenario.nation_rules:
        there = nations_at(state, target)
        out = [u for u in out if why_no_fire_on(state, u.nation, there) is None]
    return [u.id for u in out]


def attack_actions(state: "State", target: int) -> list[Action]:
    """Every attack on ``target``: all non-empty subsets of eligible adjacent units
    (beyond MAX_FULL_SUBSETS units: those of up to MAX_LISTED_SIZE, and all)."""
    if target not in targets(state):
        return []
    ids = attackers_of(state, target)
    h = state.game.hexes[target]
    n = len(ids)
    sizes = range(1, n + 1) if n <= MAX_FULL_SUBSETS else list(range(1, MAX_LISTED_SIZE + 1)) + [n]
    out: list[Action] = [Attack(h, combo) for k in sizes for combo in combinations(ids, k)]
    out.sort()
    return out


def why_illegal(state: "State", a: Attack) -> str | None:
    g = state.game
    side = state.current_player()
    if side is None:
        return "the game is over"
    t = g.index.get(a.target)
    name = g.label(a.target)
    if t is None:
        return f"{name} is off the map"
    why = why_no_force(state, side, "attack")
    if why is not None:
        return why
    if t not in seen_enemy_positions(state, side):  # a hidden enemy is answered as an empty hex is
        return f"{side} sees no enemy unit at {name}" if g.scenario.fog_of_war else f"{name} holds no enemy unit"
    if t in state.attacked_hexes:
        return f"{name} has already been attacked this phase"
    if not a.attackers:
        return "an attack needs at least one unit"
    adj = g.nbrs[t]
    for uid in a.attackers:
        u = state.units.get(uid)
        if u is None:
            return f"there is no unit {uid!r} on the map"
        if u.side != side:
            return f"{uid} belongs to {u.side}, and {side} is to act"
        if u.attacked:
            return f"{uid} has already attacked this phase"
        if uid in state.transship:
            return f"{uid} is transshipping until turn {state.transship[uid][0]} and may not attack"
        if not can_attack(state, u):
            return f"{uid} ({u.readiness}) may not attack"
        if u.pos not in adj:
            return f"{uid} at {g.label(g.hexes[u.pos])} is not adjacent to {name}"
        why = why_no_fire_on(state, u.nation, nations_at(state, t))
        if why is not None:
            return f"{uid}: {why}"
    return None


def support_shifts(state: "State", side: str, target: int) -> list[tuple[str, int]]:
    """(reason, column shift) from air support (rules/air.py) and electronic warfare (rules/intel.py)."""
    from engine.rules import air, intel
    return air.combat_shifts(state, side, target) + intel.ew_shifts(state, side, target)


def support_shift(state: "State", side: str, target: int) -> int:
    """Net column shift from air support and EW for ``side`` attacking ``target``."""
    return sum(s for _, s in support_shifts(state, side, target))


def odds(state: "State", target: int, attackers: Sequence[str]) -> Odds:
    g = state.game
    table = g.rules.combat
    att = [state.units[k] for k in attackers]
    dfd = [state.units[k] for k in state.units_at(target)]
    A = sum(unit_strength(state, u, "attack") for u in att)
    D = sum(unit_strength(state, u, "defence") for u in dfd)
    # fires at range (rules/fires.py): artillery and rockets in range add their attack strength
    sup_a = fires.supporters(state, att[0].side, target, tuple(attackers)) if att else []
    sup_d = fires.supporters(state, dfd[0].side, target, attacking=False) if dfd else []
    if sup_a or sup_d:
        f = g.rules.fires.support_factor
        A += sum(unit_strength(state, u, "attack") for u in sup_a) * f
        D += sum(unit_strength(state, u, "attack") for u in sup_d) * f
    ratio = A / D if D > 0 else float("inf")
    base = 0
    for k, r in enumerate(table.ratios):
        if r <= ratio + 1e-9:
            base = k
    reasons: list[str] = []
    shift = 0
    ts = g.defence_shift[target]
    if ts:
        shift += ts
        reasons.append(f"{g.terrain[target]} {ts:+d}")
    rivers = [g.river.get((u.pos, target)) for u in att]
    if att and all(rivers):
        rs = table.major_river_shift if "major" in rivers else table.river_shift
        shift += rs
        reasons.append(f"{'major' if 'major' in rivers else 'minor'} river {rs:+d}")
    side = att[0].side if att else ""
    for why, sup in support_shifts(state, side, target):
        if sup:
            shift += sup
            reasons.append(f"{why} {sup:+d}")
    if any(not u.supplied for u in att):
        shift += table.out_of_supply_shift
        reasons.append(f"out of supply {table.out_of_supply_shift:+d}")
    col = max(0, min(len(table.columns) - 1, base + shift))
    return Odds(A, D, base, shift, col, table.columns[col], tuple(reasons),
                tuple(u.id for u in sup_a), tuple(u.id for u in sup_d))


def retreat(state: "State", u: "Unit", hexes: int, battle: int, foes: list[int]) -> None:
    """Retreat ``hexes`` hexes away from ``battle``; one extra step lost per blocked hex."""
    g = state.game
    limit = g.rules.movement.stacking_limit
    mc = g.unit_types[u.type].movement_class
    closed = closed_for(state, u.side, u.nation)  # a restrained side or nation does not retreat across the border
    edges = gated_edges(g, mc, closed) if closed else g.edges[mc]
    hb = g.hexes[battle]
    for k in range(hexes):
        occ, zoc = enemy_sets(state, u.side)
        here = g.hexes[u.pos]
        d0 = distance(here, hb)
        best = None
        for j, _ in edges[u.pos]:
            hj = g.hexes[j]
            if distance(hj, hb) <= d0 or j in occ or j in zoc or state.side_count_at(j, u.side) >= limit:
                continue
            key = (-min((distance(hj, g.hexes[f]) for f in foes), default=0), j)
            if best is None or key < best:
                best = key
        if best is None:
            lost = hexes - k
            state.log.append(f"  {u.id} cannot retreat ({lost} hex{'es' if lost > 1 else ''} blocked): "
                             f"loses {lost} more step{'s' if lost > 1 else ''}")
            take_losses(state, [u], lost)
            return
        state.relocate(u, best[1])
    state.log.append(f"  {u.id} retreats to {g.label(g.hexes[u.pos])}")


def _objective_hexes(g: "Game") -> frozenset[int]:
    """Hex indices of the victory objectives (cached on the Game): held, never traded for time."""
    hit = g.__dict__.get("_objective_hexes")
    if hit is None:
        hit = g.__dict__["_objective_hexes"] = frozenset(
            g.index[o.hex] for o in g.scenario.victory.objectives if o.hex in g.index)
    return hit


def intensity(state: "State", res) -> tuple[int, int, int, int]:
    """(defender loss, attacker loss, defender retreat, attacker retreat) of a table result over one turn.

    The table gives a day's fighting (rules.time.rate_hours); a shorter turn takes that share,
    rounded up or down at random by the fraction left (rules/clock.py), so two 12 h battles cost
    on average what one 24 h battle does. With 24 h turns nothing is rolled and the cell stands.
    """
    g = state.game
    vals = (res.defender_loss, res.attacker_loss, res.defender_retreat, res.attacker_retreat)
    if turn_days(g) == 1.0:
        return vals  # type: ignore[return-value]
    out = tuple(stochastic_round(state, scaled(g, v)) if v else 0 for v in vals)
    state.log.append(f"  over {g.scenario.turn_hours} h: losses D{out[0]} A{out[1]}, retreats {out[2]}/{out[3]}")
    return out  # type: ignore[return-value]


def resolve(state: "State", a: Attack) -> None:
    g = state.game
    table = g.rules.combat
    t = g.index[a.target]
    o = odds(state, t, a.attackers)
    die = state.rng.randint(1, table.die_sides)
    res = table.rows[die - 1][o.column]
    shifts = f" shifts {', '.join(o.reasons)}" if o.reasons else ""
    state.log.append(f"  odds {o.attack:.1f}:{o.defence:.1f} column {table.columns[o.base_column]}{shifts} "
                     f"-> {o.label}; die {die} -> {res.code}")
    att = [state.units[k] for k in a.attackers]
    for u in att:
        u.attacked = True
    state.attacked_hexes.append(t)
    dfd = [state.units[k] for k in state.units_at(t)]
    att_pos = sorted({u.pos for u in att})
    fire = [state.units[k] for k in o.fire_att + o.fire_def]
    from engine.rules.supply import draw_combat
    draw_combat(state, [u.id for u in att] + [u.id for u in dfd] + [u.id for u in fire])
    fires.fire_support(state, [state.units[k] for k in o.fire_att], "supporting")
    fires.fire_support(state, [state.units[k] for k in o.fire_def if k in state.units], "defensive")
    dl, al, dr, ar = intensity(state, res)
    if table.delay_trade and dl and dr and t not in _objective_hexes(g):
        k = min(table.delay_trade, dl)  # a delaying action: trade space for losses (rules.combat.delay_trade)
        dl, dr = dl - k, dr + k
        state.log.append(f"  delaying action: {k} step{'s' if k > 1 else ''} of loss traded for {k} more hex"
                         f"{'es' if k > 1 else ''} of retreat")
    take_losses(state, dfd, dl)
    take_losses(state, att, al)
    if dr:
        for u in [u for u in dfd if u.id in state.units]:
            retreat(state, u, dr, t, att_pos)
    if ar:
        for u in [u for u in att if u.id in state.units]:
            retreat(state, u, ar, t, [t])
    if table.advance_after_combat and not state.units_at(t):
        movers = [u for u in att if u.id in state.units and u.pos in g.nbrs[t]
                  and any(j == t for j, _ in g.edges[g.unit_types[u.type].movement_class][u.pos])]
        if movers:
            movers.sort(key=lambda u: (-unit_strength(state, u, "attack"), u.id))
            state.relocate(movers[0], t)
            state.log.append(f"  {movers[0].id} advances into {g.label(a.target)}")

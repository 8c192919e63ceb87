"""Missile strikes: units with ``strike`` > 0 and ``range`` > 0 (Iskander, Tochka, HIMARS).

Order ``strike <unit> <target>`` in the air phase, once per unit per turn,
by a unit whose readiness allows attacks, at a target within ``range`` hexes
(hex distance from the launcher). The strike strength is the type's
``strike`` × remaining steps / full steps, rounded up. Numbers are in
``rules.strike`` (scenarios/rules/combat.yaml):

* ``<hex>`` (place or ``q,r``): one die per point of strike strength, each
  ``unit_hit_on`` or more hits a step, at most ``max_unit_hits``, taken off
  the enemy units in the hex (strongest first). A strike on a hex without
  enemy units is legal (under fog you may not know) and wasted.
* ``base:<id>`` (an active enemy base): every stock kind loses
  ``base_stock_loss`` × strength points (never below 0); one die of
  ``base_down_on`` or more puts the base out of action (inactive) for
  ``base_down_turns`` turns, after which it comes back.
* ``rail:<hex>-><hex>`` (two neighbouring hexes joined by a railway): one die
  of ``rail_cut_on`` or more cuts the link through ``engine.rules.rail.cut_link``
  until the rail rules repair it (no trains, no supply trace along it).

Every die is logged. The target hex is observed by the striking side this turn.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from engine.core.actions import Strike
from engine.errors import did_you_mean
from engine.rules import intel
from engine.rules.clock import turns_for
from engine.rules.engagement import may_engage, why_no_fire_on, why_no_force
from engine.rules.occupancy import own_unit

if TYPE_CHECKING:
    from engine.core.state import State, Unit

STRIKE_PHASES = ("air",)
GROUP = "strike:"
#: legal_actions lists at most this many rail links per launcher (any rail link in range is legal).
MAX_RAIL_TARGETS = 4

# state.struck rows: [unit id, target hex index, side]   (this turn)
# state.base_down rows: [base id, turn it comes back]


def new_turn(state: "State") -> None:
    """Turn start: launchers may fire again; struck bases whose repair is done come back."""
    state.struck = []
    if not state.base_down:
        return
    due = [b for b in state.base_down if b[1] <= state.turn]
    state.base_down = [b for b in state.base_down if b[1] > state.turn]
    for bid, _ in due:
        if not state.base_active.get(bid, True):
            state.base_active[bid] = True
            state.log.append(f"  base {bid} is back in action after strike damage")


def strength(state: "State", u: "Unit") -> int:
    ut = state.game.unit_types[u.type]
    return math.ceil(ut.strike * u.strength / ut.steps) if ut.steps else 0


def can_strike(state: "State", u: "Unit") -> bool:
    g = state.game
    ut = g.unit_types[u.type]
    rs = g.readiness.get(u.readiness)
    return (ut.strike > 0 and ut.range > 0 and (rs is None or rs.can_attack)
            and not any(s[0] == u.id for s in state.struck))


def _enemy_bases(state: "State", side: str) -> list[tuple[str, int]]:
    bpos = intel._base_pos(state)
    return [(b.id, bpos[b.id]) for b in sorted(state.game.scenario.bases, key=lambda b: b.id)
            if b.side != side and state.base_active.get(b.id) and b.id in bpos]


def _rail_nodes(state: "State") -> list[int]:
    """Rail junctions (3+ links) and transshipment points: the rail targets worth listing (cached)."""
    g = state.game
    cache = g.__dict__.get("_ops_rail_nodes")
    if cache is None:
        ts = {g.index[t.hex] for t in g.map.transshipments if t.hex in g.index}
        cache = sorted(i for i, links in g.rail_nbrs.items() if len(links) >= 3 or i in ts)
        g.__dict__["_ops_rail_nodes"] = cache
    return cache


def _rail_module():
    try:
        from engine.rules import rail
    except ImportError:  # the rail rules are not installed
        return None
    return rail if hasattr(rail, "cut_link") else None


def _rail_nodes_set(state: "State") -> frozenset[int]:
    g = state.game
    cache = g.__dict__.get("_ops_rail_nodes_set")
    if cache is None:
        cache = frozenset(_rail_nodes(state))
        g.__dict__["_ops_rail_nodes_set"] = cache
    return cache


def _rail_candidates(state: "State", u: "Unit") -> list[tuple[int, int, int]]:
    """(distance, node, neighbour) of the rail links ``u`` could strike, nearest first, cut or not.

    Static for a launcher's side, hex and range, so cached on the Game; callers drop cut links.
    """
    g = state.game
    rng = g.unit_types[u.type].range
    cache = g.__dict__.setdefault("_ops_rail_cands", {})
    key = (u.side, u.pos, rng)
    hit = cache.get(key)
    if hit is not None:
        return hit
    rail = _rail_module()
    cands: list[tuple[int, int, int]] = []
    if rail is not None:
        enemy_countries = set()
        for s in g.enemies(u.side):
            enemy_countries.update(rail.rail_countries(state, s))
        nodes = _rail_nodes_set(state)
        near: dict[int, int] = {}  # node -> distance, for the nodes in range in an enemy's rail country
        for i in _rail_nodes(state):
            d = intel.hex_distance(state, u.pos, i)
            if g.country[i] in enemy_countries and d <= rng:
                near[i] = d
        for i, d in near.items():
            for j, _ in g.rail_nbrs[i]:
                # a link between two nodes is listed once: from its lower end, or from the upper one
                # when only that end is in range (the strike is legal at the nearer end)
                if j not in nodes or i < j or j not in near:
                    cands.append((d, i, j))
        cands.sort()
    if len(cache) < 100_000:
        cache[key] = cands
    return cands


def targets(state: "State", u: "Unit") -> list[Strike]:
    """Bounded list of strikes ``u`` may make: visible enemy units, enemy bases, key rail links."""
    g = state.game
    ut = g.unit_types[u.type]
    rng = ut.range
    hexes = g.hexes
    out: list[Strike] = []
    gate = bool(g.scenario.nation_rules)
    for p in sorted(intel.seen_enemy_positions(state, u.side)):
        if intel.hex_distance(state, u.pos, p) <= rng:
            if gate and why_no_fire_on(state, u.nation, tuple({state.units[k].nation for k in state.units_at(p)})):
                continue
            out.append(Strike(u.id, "hex", hexes[p]))
    for bid, p in _enemy_bases(state, u.side):
        if intel.hex_distance(state, u.pos, p) <= rng:
            out.append(Strike(u.id, "base", base=bid))
    rail = _rail_module()
    if rail is not None:
        cands = [c for c in _rail_candidates(state, u) if not rail.is_cut(state, c[1], c[2])]
        for _, i, j in cands[:MAX_RAIL_TARGETS]:
            out.append(Strike(u.id, "rail", hexes[i], hexes[j]))
    out.sort()
    return out


def has_targets(state: "State", u: "Unit") -> bool:
    """``bool(targets(state, u))`` without building the orders (group_keys runs on every legal())."""
    rng = state.game.unit_types[u.type].range
    if state.game.scenario.nation_rules:
        return bool(targets(state, u))
    for p in intel.seen_enemy_positions(state, u.side):
        if intel.hex_distance(state, u.pos, p) <= rng:
            return True
    for _, p in _enemy_bases(state, u.side):
        if intel.hex_distance(state, u.pos, p) <= rng:
            return True
    rail = _rail_module()
    if rail is not None:
        return any(not rail.is_cut(state, i, j) for _, i, j in _rail_candidates(state, u))
    return False


def group_keys(state: "State") -> list[str]:
    if state.phase not in STRIKE_PHASES:
        return []
    side = state.current_player()
    if side is None or not may_engage(state, side):  # restrained: no missile strikes (rules/engagement.py)
        return []
    out = []
    types = state.game.unit_types
    for uid in state.side_unit_ids(side):
        u = state.units[uid]
        ut = types[u.type]
        if ut.strike > 0 and ut.range > 0 and can_strike(state, u) and has_targets(state, u):
            out.append(GROUP + uid)
    return out


def actions(state: "State", key: str) -> list[Strike]:
    u = state.units.get(key[len(GROUP):])
    if state.phase not in STRIKE_PHASES or u is None or u.side != state.current_player() \
            or not can_strike(state, u) or not may_engage(state, u.side):
        return []
    return targets(state, u)


# --- legality -------------------------------------------------------------------------------

def target_hex(state: "State", a: Strike) -> int | None:
    """The hex index a strike aims at (base location, first hex of a rail link)."""
    g = state.game
    if a.kind == "base":
        return intel._base_pos(state).get(a.base)
    return g.index.get(a.a)


def why_illegal(state: "State", a: Strike) -> str | None:
    g = state.game
    side = state.current_player()
    if state.phase not in STRIKE_PHASES:
        return f"missile strikes are made in the air phase, not {state.phase}"
    u, why = own_unit(state, a.unit, suggest=True)
    if u is None:
        return why
    ut = g.unit_types[u.type]
    if ut.strike <= 0 or ut.range <= 0:
        return f"{a.unit} ({ut.name}) cannot make missile strikes"
    why = why_no_force(state, u.side, "make missile strikes")
    if why is not None:
        return why
    if any(s[0] == u.id for s in state.struck):
        return f"{a.unit} has already fired this turn"
    rs = g.readiness.get(u.readiness)
    if rs is not None and not rs.can_attack:
        return f"{a.unit} is {u.readiness} and may not fire"
    if a.kind == "base":
        base = next((b for b in g.scenario.bases if b.id == a.base), None)
        if base is None:
            return f"there is no base {a.base!r}{did_you_mean(a.base, [b.id for b in g.scenario.bases])}"
        if base.side == side:
            return f"base {a.base} is {side}'s own"
        if not state.base_active.get(a.base):
            return f"base {a.base} is not active"
        t = intel._base_pos(state).get(a.base)
        if t is None:
            return f"base {a.base} is off the map"
        name = f"base {a.base}"
    else:
        t = g.index.get(a.a)
        name = g.label(a.a)
        if t is None:
            return f"{name} is off the map"
        if a.kind == "rail":
            t2 = g.index.get(a.b)
            if t2 is None:
                return f"{g.label(a.b)} is off the map"
            rail = _rail_module()
            if rail is None:
                return "this engine has no rail rules to cut links with"
            if not any(j == t2 for j, _ in g.rail_nbrs.get(t, ())):
                return f"there is no rail link {name}->{g.label(a.b)} (expected two neighbouring rail hexes)"
            if rail.is_cut(state, t, t2):
                return f"the rail link {name}->{g.label(a.b)} is already cut"
            t = min((t, t2), key=lambda x: intel.hex_distance(state, u.pos, x))
            name = f"the rail link {name}->{g.label(a.b)}"
        elif not g.land[t]:
            return f"{name} is {g.terrain[t]}"
        elif t in intel.seen_enemy_positions(state, u.side):  # a hidden stack's nations are not told:
            why = why_no_fire_on(state, u.nation, _nations_at(state, t))  # resolve holds fire on them
            if why is not None:
                return why
    d = intel.hex_distance(state, u.pos, t)
    if d > ut.range:
        return f"{name} is {d} hexes from {a.unit}, beyond its range of {ut.range}"
    return None


# --- resolution ---------------------------------------------------------------------------------

def interceptors(state: "State", side: str, t: int) -> list[tuple[str, float]]:
    """(unit id, chance per missile) of missile defences hostile to ``side`` covering hex ``t``, by id."""
    g = state.game
    out = []
    for uid in sorted(state.units):
        d = state.units[uid]
        if d.side == side or side not in g.enemies(d.side):
            continue
        ut = g.unit_types[d.type]
        radius = ut.intercept_radius or ut.air_defence_radius
        if ut.intercept > 0 and intel.hex_distance(state, d.pos, t) <= radius:
            out.append((uid, ut.intercept))
    return out


def intercept(state: "State", side: str, t: int, pts: int) -> int:
    """Missiles of a strike by ``side`` on hex ``t`` that get through; each defence in turn
    fires at each missile still flying with its chance (rules data), and the log says so."""
    for uid, p in interceptors(state, side, t):
        if pts <= 0:
            break
        down = sum(1 for _ in range(pts) if state.rng.random() < p)
        state.log.append(f"  {uid} intercepts {down} of {pts} missile{'s' if pts != 1 else ''} "
                         f"(chance {p:.2f} each)")
        pts -= down
    return pts


def _nations_at(state: "State", t: int) -> tuple[str, ...]:
    return tuple(sorted({state.units[k].nation for k in state.units_at(t)}))


def resolve(state: "State", a: Strike) -> None:
    """Fire: roll and apply, logging the dice."""
    from engine.rules.losses import take_losses
    g = state.game
    sr = g.rules.strike
    sides = g.rules.combat.die_sides
    u = state.units[a.unit]
    pts = strength(state, u)
    t = target_hex(state, a)
    assert t is not None
    state.struck.append([u.id, t, u.side])
    held = why_no_fire_on(state, u.nation, _nations_at(state, t)) if a.kind == "hex" else None
    if held is not None:  # fired blind at a hidden stack it may not fire on: called off, told after the fact
        state.log.append(f"  missile strike by {u.id} on {g.label(g.hexes[t])} called off: {held}")
        return
    pts = intercept(state, u.side, t, pts)
    if pts <= 0:
        state.log.append(f"  missile strike by {u.id} on {g.label(g.hexes[t])}: every missile intercepted")
        return
    if a.kind == "hex":
        dice = [state.rng.randint(1, sides) for _ in range(pts)]
        hits = min(sr.max_unit_hits, sum(1 for d in dice if d >= sr.unit_hit_on))
        foes = [state.units[k] for k in state.units_at(t) if state.units[k].side != u.side]
        state.log.append(f"  missile strike ({pts} points) on {g.label(a.a)}: dice {' '.join(map(str, dice))} "
                         f"(hit on {sr.unit_hit_on}+, at most {sr.max_unit_hits}) -> {hits} hit"
                         f"{'s' if hits != 1 else ''}" + ("" if foes else " on an empty hex"))
        if foes and hits:
            take_losses(state, foes, hits)
    elif a.kind == "base":
        loss = sr.base_stock_loss * pts
        stocks = state.stocks.get(a.base, {})
        burnt = []
        for k in sorted(stocks):
            n = min(stocks[k], loss)
            stocks[k] -= n
            if n:
                burnt.append(f"{k} -{n}")
        d = state.rng.randint(1, sides)
        down_turns = turns_for(g, sr.base_down_turns)  # days in the rules (rules/clock.py)
        down = d >= sr.base_down_on and down_turns > 0
        state.log.append(f"  missile strike ({pts} points) on base {a.base}: "
                         f"{', '.join(burnt) if burnt else 'no stocks hit'}; die {d} "
                         f"(out of action on {sr.base_down_on}+)"
                         + (f" -> out of action until turn {state.turn + down_turns}" if down else ""))
        if down:
            state.base_active[a.base] = False
            state.base_down.append([a.base, state.turn + down_turns])
    else:
        rail = _rail_module()
        i, j = g.index[a.a], g.index[a.b]
        d = state.rng.randint(1, sides)
        cut = d >= sr.rail_cut_on
        state.log.append(f"  missile strike ({pts} points) on rail link {g.label(a.a)}->{g.label(a.b)}: "
                         f"die {d} (cut on {sr.rail_cut_on}+)" + (" -> cut" if cut else " -> missed"))
        if cut and rail is not None:
            rail.cut_link(state, i, j, reason=f"missile strike ({u.id})")

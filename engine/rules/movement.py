"""Movement: terrain costs by movement class, roads and rails, rivers, borders,
zones of control, stacking; tactical moves by Dijkstra and rail moves.

Paths are found on the Game's precomputed (neighbour, cost) edges. Ties are
broken by (cost, hex index), and hex indices follow (q, r) order, so the path
chosen never depends on dict or set order. Within one side's movement phase
enemy positions do not change, so each unit's reachable set is cached until
an enemy unit moves, appears or disappears (the epoch counters). Searches
are also shared through the Game (``_search``), keyed by the start, the budget
and the enemy hexes, ZOC and interdiction inside the enemy-free search, which
is all a search depends on.

Under fog of war a side plans on what it sees (engine/rules/known.py): legal moves, refusals and
allowances ignore hidden enemy units, and a move meets them as it is made (:func:`apply_move`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from engine.core.actions import Move, Rail
from engine.geo.hexgrid import Hex, distance
from engine.rules import rail
from engine.rules.clock import share
from engine.rules.friction import (congested, congested_edges, congestion_extra, costed_edges, extra_costs,
                                   use_roads)
from engine.rules.engagement import closed_for, gated_edges, why_nation_no_entry, why_no_entry
from engine.rules.known import known, known_contact_hexes, known_enemy_sets
from engine.rules.occupancy import contact_hexes, enemy_sets, full_hexes, own_unit
from engine.scenario.model import CONTACT
from engine.rules.search import shortest

if TYPE_CHECKING:
    from engine.core.state import State, Unit

INF = 1 << 30
#: The reason ``why_illegal(..., explain=False)`` gives for a hex beyond the unit's MP.
UNREACHABLE = "beyond the unit's movement points"


def movement_points(state: "State", u: "Unit", in_contact: bool | None = None) -> int:
    """Movement this turn in ticks (``game.mp_scale`` a MP): the type's daily allowance cut to the turn
    length (rules/clock.py), reduced out of supply (``in_contact``: :func:`in_contact`, if known)."""
    g = state.game
    ut = g.unit_types[u.type]
    mp = share(g, ut.movement, state.turn) * g.mp_scale
    mv = g.rules.movement
    if in_contact is None:
        in_contact = touches(state, u)
    if mv.contact_movement < 1.0 and mv.march_contact > 0 and in_contact:
        mp = int(mp * mv.contact_movement)  # deployed, in contact: not the march columns' pace
    if not u.supplied:
        mp = int(mp * g.rules.supply.out_of_supply_movement)
    return mp


def edge_class(state: "State", u: "Unit", in_contact: bool | None = None) -> str:
    """Which movement-edge table a unit moves on: its class, or the class in contact (no road march)
    when an enemy unit with a zone of control is within ``movement.march_contact`` hexes of it."""
    g = state.game
    mc = g.unit_types[u.type].movement_class
    if mc + CONTACT in g.edges and (touches(state, u) if in_contact is None else in_contact):
        return mc + CONTACT
    return mc


def touches(state: "State", u: "Unit") -> bool:
    """Is ``u`` in contact with an enemy unit its side sees? (The sight is worked out only when a unit,
    seen or not, is in contact: the usual answer, no, costs one set lookup.)"""
    return u.pos in contact_hexes(state, u.side) and u.pos in known_contact_hexes(state, u.side)


def can_move(state: "State", u: "Unit") -> bool:
    g = state.game
    ut = g.unit_types[u.type]
    rs = g.readiness.get(u.readiness)
    return (not u.moved and ut.movement_class != "static" and ut.movement > 0
            and (rs is None or rs.can_move) and u.id not in state.transship)


def movers(state: "State") -> list[str]:
    """Units of the side to act that may still move this phase (sorted ids)."""
    side = state.current_player()
    if side is None:
        return []
    # can_move inlined over static per-Game tables (this runs on every legal() of the phase)
    g = state.game
    tables = g.__dict__.get("_can_move_tables")
    if tables is None:
        types = {k: ut.movement_class != "static" and ut.movement > 0 for k, ut in g.unit_types.items()}
        tables = g.__dict__["_can_move_tables"] = (types, {k: rs.can_move for k, rs in g.readiness.items()})
    types, ready = tables
    units, transship = state.units, state.transship
    return [uid for uid in state.side_unit_ids(side)
            if not (u := units[uid]).moved and types[u.type] and ready.get(u.readiness, True)
            and uid not in transship]


def dijkstra(edges, start: int, budget: int, blocked: frozenset[int], zoc: frozenset[int],
             zoc_stop: bool, exit_cost: int) -> dict[int, tuple[int, int]]:
    """pos -> (cost, previous pos) for every hex within ``budget`` MP, in hex order (engine/rules/search.py;
    reach() results are, so callers that list destinations need not sort them again)."""
    return shortest(edges, start, budget, blocked, zoc, zoc_stop, exit_cost)


def reach(state: "State", u: "Unit") -> dict[int, tuple[int, int]]:
    """Cached Dijkstra of one unit on the enemy units its side sees (ignores stacking; destinations filter it)."""
    touch = touches(state, u)  # asked once for both the allowance and the edge class
    mp = movement_points(state, u, touch)
    ep = state.enemy_epoch(u.side)
    key = (u.pos, mp, ep, closed_for(state, u.side, u.nation), congested(state, u.side), edge_class(state, u, touch))
    hit = state._reach.get(u.id)
    # a search that met no enemy unit, seen or not, holds whatever the side sees; one that did, only while
    # the side sees the same (``hit[2]``: the known sets it was made on)
    if hit is not None and hit[0] == key and (hit[2] is None or hit[2] == known_enemy_sets(state, u.side)):
        return hit[1]
    res, used = _search_known(state, u, mp)
    state._reach[u.id] = (key, res, used)
    return res


#: Bounds on the per-Game caches of searches (enemy-free ones; ones near enemies or jammed roads, ~10 kB
#: each; ones through jammed roads recur only within a turn, so they have their own, smaller cache).
FREE_REACH_CACHE_MAX = 20_000
NEAR_ENEMY_CACHE_MAX = 5_000
JAM_REACH_CACHE_MAX = 1_000


def _search(state: "State", u: "Unit", budget: int) -> dict[int, tuple[int, int]]:
    """The reach on the enemy units the side sees."""
    return _search_known(state, u, budget)[0]


def _search_known(state: "State", u: "Unit", budget: int):
    """(the reach on the enemy units the side sees, the known sets it was made on, or None when no enemy
    unit, seen or not, stood in its way)."""
    g = state.game
    mv = g.rules.movement
    occ, zoc = enemy_sets(state, u.side)  # the truth: replaced by what the side sees only where it matters
    mc = edge_class(state, u)
    zx = mv.zoc_exit_cost * g.mp_scale
    # Rules of engagement (engine/rules/engagement.py): a restrained side's searches never enter
    # hostile countries; the countries closed to it are part of every cache key below.
    closed = closed_for(state, u.side, u.nation)  # and its nation's (``nations:``)
    edges = gated_edges(g, mc, closed) if closed else g.edges[mc]
    jam = congested(state, u.side)  # roads at capacity this turn (rules/friction.py)
    march = not mc.endswith(CONTACT)
    if jam and congestion_extra(g, march) < 0:  # a jam that makes roads cheaper: searched afresh, uncached
        extra = extra_costs(state, u.side) if (state.air_missions or state.obstacles) else {}
        edges = costed_edges(state, congested_edges(state, edges, jam, march), extra)
        kn = known_enemy_sets(state, u.side)
        return dijkstra(edges, u.pos, budget, kn[0], kn[1], mv.zoc_stop, zx), kn
    # Far from enemies the search is static: cache it on the Game per (class, start, budget).
    # It is exact whenever no hex it reaches holds an enemy, lies in an enemy ZOC, costs
    # more to enter because of enemy air interdiction or is joined to another hex it reaches
    # by a congested road (those only remove or dearer-make moves into hexes the search
    # reached; every other relaxation is the same).
    cache = g.__dict__.setdefault("_free_reach", {})
    key = (mc, u.pos, budget, closed)
    res = cache.get(key)
    if res is None:
        res = dijkstra(edges, u.pos, budget, frozenset(), frozenset(), mv.zoc_stop, zx)
        if len(cache) >= FREE_REACH_CACHE_MAX:
            cache.clear()  # crude bound on memory; entries are exact, so dropping them is harmless
        cache[key] = res
    # enemy air interdiction (rules/air.py) and enemy obstacles (rules/friction.py) add MP to enter hexes
    interdicted = extra_costs(state, u.side) if (state.air_missions or state.obstacles) else {}
    # Enemies and jams only remove hexes from that search or make them dearer, so the real search
    # never looks beyond it: its result depends only on the enemy hexes, ZOC and interdiction
    # inside the free result, and on the congested hexsides with both ends in it (a step out of
    # it ends beyond the budget either way). Keyed by those, it is cached on the Game too (the
    # same local situation recurs: a unit that did not move, whose nearby enemies did not move,
    # every game's start, and the same search on a copy of the state). A jam that costs nothing
    # extra on these edges (a class in contact: road steps cost road_cost MP either way) is none.
    near_occ = occ.intersection(res)
    near_zoc = zoc.intersection(res)
    used = None
    if near_occ or near_zoc:  # enemy units in the way: only those the side sees count
        used = known_enemy_sets(state, u.side)
        occ, zoc = used
        near_occ = occ.intersection(near_occ)
        near_zoc = zoc.intersection(near_zoc)
    near_air = tuple(sorted((p, c) for p, c in interdicted.items() if p in res)) if interdicted else ()
    near_jam = (frozenset(k for k in jam if k[0] in res and k[1] in res)
                if jam and congestion_extra(g, march) > 0 else frozenset())
    if not near_occ and not near_zoc and not near_air and not near_jam:
        return res, used
    bcache = g.__dict__.setdefault("_jam_reach" if near_jam else "_near_enemy_reach", {})
    bkey = (mc, u.pos, budget, closed, frozenset(near_occ), frozenset(near_zoc), near_air, near_jam)
    hit = bcache.get(bkey)
    if hit is not None:
        return hit, used
    if near_jam:
        edges = congested_edges(state, edges, jam, march)
    if interdicted:
        edges = costed_edges(state, edges, interdicted)
    out = dijkstra(edges, u.pos, budget, occ, zoc, mv.zoc_stop, zx)
    if len(bcache) >= (JAM_REACH_CACHE_MAX if near_jam else NEAR_ENEMY_CACHE_MAX):
        bcache.clear()  # crude bound on memory; entries are exact, so dropping them is harmless
    bcache[bkey] = out
    return out, used


def destinations(state: "State", u: "Unit", full: set[int] | None = None) -> list[int]:
    """Legal tactical-move end hexes of a unit, sorted (``full``: full_hexes of its side)."""
    if full is None:
        full = full_hexes(state, u.side)
    pos = u.pos
    res = reach(state, u)
    if not full:  # the usual case: nothing at the stacking limit (a C-speed copy of the keys)
        out = list(res)
        out.remove(pos)  # a search always holds its start
        return out
    return [p for p in res if p != pos and p not in full]


def path(state: "State", u: "Unit", dst: int) -> list[int]:
    """The path (start ... dst) a move takes; [] if unreachable."""
    r = reach(state, u)
    if dst not in r:
        return []
    out = [dst]
    while r[out[-1]][1] != -1:
        out.append(r[out[-1]][1])
    return out[::-1]


# --- rail (the rules live in engine/rules/rail.py) --------------------------------

def rail_destinations(state: "State", u: "Unit", full: set[int] | None = None) -> list[int]:
    return rail.rail_destinations(state, u, full)


class UnitOrders(Sequence):
    """One unit's Move orders then Rail orders (each by destination index), built on demand.

    A random playout picks one order of the ~100 a unit has; making all of
    them was a large share of a playout's time, so only the picked one is made.
    """

    __slots__ = ("uid", "src", "hexes", "moves", "rails")

    def __init__(self, uid: str, src: Hex, hexes: tuple, moves: list[int], rails: list[int]) -> None:
        self.uid, self.src, self.hexes, self.moves, self.rails = uid, src, hexes, moves, rails

    def __len__(self) -> int:
        return len(self.moves) + len(self.rails)

    def __getitem__(self, k):  # type: ignore[override]
        if isinstance(k, slice):
            return self.to_list()[k]
        n = len(self.moves)
        if k < 0:
            k += len(self)
        if 0 <= k < n:
            return Move(self.uid, self.src, self.hexes[self.moves[k]])
        if n <= k < len(self):
            return Rail(self.uid, self.src, self.hexes[self.rails[k - n]])
        raise IndexError(k)

    def to_list(self) -> list:
        hexes, uid, src = self.hexes, self.uid, self.src
        out: list = [Move(uid, src, hexes[p]) for p in self.moves]
        out.extend(Rail(uid, src, hexes[p]) for p in self.rails)
        return out


_NO_ORDERS = UnitOrders("", Hex(0, 0), (), [], [])


def unit_orders(state: "State", uid: str) -> UnitOrders:
    """Move then Rail orders of one unit, unmade (empty if it may not move)."""
    u = state.units.get(uid)
    if u is None or u.side != state.current_player() or not can_move(state, u):
        return _NO_ORDERS
    g = state.game
    hexes = g.hexes
    full = full_hexes(state, u.side)
    rails = rail_destinations(state, u, full)
    if rails and g.scenario.nation_rules:
        closed = closed_for(state, u.side, u.nation)
        rails = [p for p in rails if g.country[p] not in closed]
    return UnitOrders(uid, hexes[u.pos], hexes, destinations(state, u, full), rails)


def unit_actions(state: "State", uid: str) -> list:
    """Sorted Move then Rail orders of one unit (empty if it may not move)."""
    return unit_orders(state, uid).to_list()


# --- legality and effect -----------------------------------------------------------

def why_illegal(state: "State", a: Move | Rail, explain: bool = True) -> str | None:
    """None if legal, else why. ``explain=False`` (a legality test only) skips the unbounded search
    that says how far an unreachable hex is: the answer (None or not) is the same."""
    g = state.game
    u, why = own_unit(state, a.unit)
    if u is None:
        return why
    src = g.hexes[u.pos]
    if tuple(a.src) != src:
        return f"{a.unit} is at {g.label(src)}, not {g.label(a.src)}"
    if u.moved:
        return f"{a.unit} has already moved this turn"
    ut = g.unit_types[u.type]
    rs = g.readiness.get(u.readiness)
    if rs is not None and not rs.can_move:
        return f"{a.unit} is {u.readiness} and may not move"
    if u.id in state.transship:
        return f"{a.unit} is transshipping until turn {state.transship[u.id][0]}"
    if ut.movement_class == "static" or ut.movement <= 0:
        return f"{a.unit} ({ut.name}) cannot move"
    dst = g.index.get(a.dst)
    name = g.label(a.dst)
    if dst is None:
        return f"{name} is off the map"
    if not g.land[dst]:
        return f"{name} is {g.terrain[dst]}, units stay on land"
    if dst == u.pos:
        return f"{a.unit} is already at {name}"
    why = why_no_entry(state, u.side, dst) or why_nation_no_entry(state, u.nation, dst)
    if why is not None:
        return why
    if dst in enemy_sets(state, u.side)[0] and dst in known_enemy_sets(state, u.side)[0]:
        return f"{name} holds enemy units"
    limit = g.rules.movement.stacking_limit
    if state.side_count_at(dst, u.side) >= limit:
        return f"{name} already holds {limit} {u.side} units (stacking limit)"
    if isinstance(a, Rail):
        return rail.why_illegal(state, u, dst)
    mp = movement_points(state, u)
    if dst in reach(state, u):
        return None
    if not explain:
        return UNREACHABLE
    full = _search(state, u, INF)
    if dst not in full:
        return (f"no path from {g.label(src)} to {name} for {ut.movement_class} units "
                "(impassable terrain, enemy units or zones of control)")
    k = g.mp_scale
    return f"{name} is {round(full[dst][0] / k, 1):g} MP away, {a.unit} has {round(mp / k, 1):g} MP left"


def is_legal(state: "State", a: Move | Rail) -> bool:
    return why_illegal(state, a, explain=False) is None


def apply_move(state: "State", a: Move | Rail) -> None:
    g = state.game
    u = state.units[a.unit]
    dst = g.index[a.dst]
    if isinstance(a, Rail):
        rail.apply_rail(state, a)
        return
    planned = path(state, u, dst)
    walked, cost, met = met_on_the_way(state, u, planned)
    use_roads(state, u.side, walked)  # road capacity (rules/friction.py)
    end = walked[-1]
    steps = distance(g.hexes[u.pos], g.hexes[end])
    state.log.append(f"  {u.id} moves {steps} hexes for {round(cost / g.mp_scale, 1):g} MP")
    if met:
        state.log.append(f"  {u.id} {met}: halts at {g.label(g.hexes[end])}, short of {g.label(a.dst)}")
    u.moved = True
    if end != u.pos:
        state.relocate(u, end)


def met_on_the_way(state: "State", u: "Unit", planned: list[int]) -> tuple[list[int], int, str]:
    """(the hexes the unit really moves through, their cost, what stopped it or ""): a path planned on
    what the side sees, walked on the truth. The unit halts before a hex with a hidden enemy unit, on
    entering a hidden unit's zone of control (``zoc_stop``), or where the true allowance runs out (a
    hidden unit nearby slows it: contact), and never halts in a hex at the stacking limit."""
    g = state.game
    occ, zoc = enemy_sets(state, u.side)
    touch = u.pos in contact_hexes(state, u.side)
    if not touch and not any(p in occ or p in zoc for p in planned):  # no enemy unit in the way at all
        return planned, reach(state, u)[planned[-1]][0], ""
    kocc, kzoc, kcontact = known(state, u.side)
    if occ is kocc and zoc is kzoc or (occ == kocc and zoc == kzoc and touch == (u.pos in kcontact)):
        return planned, reach(state, u)[planned[-1]][0], ""
    mv = g.rules.movement
    mp = movement_points(state, u, touch)
    steps = _step_costs(state, u, edge_class(state, u, touch))
    exit_cost = mv.zoc_exit_cost * g.mp_scale
    walked, spent, met = [planned[0]], [0], ""  # spent[k]: MP to reach walked[k]
    for i, j in zip(planned, planned[1:]):
        if j in occ:
            met = "runs into enemy units"
            break
        c = spent[-1] + steps(i, j) + (exit_cost if i in zoc else 0)
        if c > mp:
            met = "is slowed by enemy units nearby"
            break
        walked.append(j)
        spent.append(c)
        if j in zoc and mv.zoc_stop and j != planned[-1]:
            met = "enters an enemy zone of control"
            break
    full = full_hexes(state, u.side)
    while len(walked) > 1 and walked[-1] in full:  # never halt in a full hex: back to the last with room
        walked.pop()
        spent.pop()
    return walked, spent[-1], met


def _step_costs(state: "State", u: "Unit", mc: str):
    """cost(i, j) of one step on the edges a unit of class ``mc`` moves on now (gates, jams, interdiction)."""
    g = state.game
    closed = closed_for(state, u.side, u.nation)
    edges = gated_edges(g, mc, closed) if closed else g.edges[mc]
    jam = congested(state, u.side)
    if jam:
        edges = congested_edges(state, edges, jam, not mc.endswith(CONTACT))
    if state.air_missions or state.obstacles:
        extra = extra_costs(state, u.side)
        if extra:
            edges = costed_edges(state, edges, extra)

    def cost(i: int, j: int) -> int:
        for k, w in edges[i]:
            if k == j:
                return w
        return INF
    return cost

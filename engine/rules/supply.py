"""Supply: tracing units to sources, drawing stocks, out-of-supply effects.

Rules as implemented (scenarios/README.md, "Supply, rail and readiness"):

* Sources of a side: its entry hexes (if ``entry`` is in ``rules.supply.sources``);
  its active bases whose kind is listed in ``rules.supply.sources`` or whose
  effects say ``supply_source``; and railheads: every rail hex of a country
  where the side may use the railways that is joined to an entry hex or to a
  base without stocks by rail links that are not cut and run through no hex
  with an enemy unit, nor in an enemy zone of control unless a friendly unit
  stands there (gauge changes only at transshipment points).
* Trace: from the unit to a source over land hexes, not into a hex with an
  enemy unit, nor into an enemy zone of control unless a friendly unit is
  there. A step along a road, or along a rail link that is not cut, costs
  ``1/road_trace_length``; any other step ``1/trace_length``; the trace may
  cost at most 1. So a unit traces ``trace_length`` hexes cross-country,
  ``road_trace_length`` along roads and rails, and mixes in proportion.
* Stocks: a base that lists stocks pays, each logistics phase, for each unit
  drawing on it ``use_per_turn[kind] x type.supply_use`` of each kind it lists
  (kinds it does not list, and bases without stocks, are unlimited). A unit
  draws on a stocked base only when no unlimited source (entry hex, railhead,
  base without stocks) is within its trace; then on the nearest stocked base
  (ties by id) that can pay in full. A base never goes below zero: one that
  cannot pay stops being a source for that unit. Units are served in id order.
* Combat: after a combat, each unit that fought and draws on a stocked base
  pays ``use_per_combat``; if the base cannot pay in full it pays what it has
  and the unit is out of supply until the next logistics phase.
* Out of supply: movement x ``out_of_supply_movement``, attack and defence x
  their factors, the attacker's column shift (rules/combat.py); after
  ``step_loss_after`` consecutive logistics phases out of supply the unit
  loses a step in each further one.
* Supply by road behind the front (``road_supply_reach`` > 0): every road hex
  within ``road_supply_reach`` road hexes of a railhead, entry hex or source
  base without stocks, reached along road hexsides through no blocked hex, is
  a forward supply point, fed along the road it was reached by (the road
  hexside by which that road leaves the sources). A unit that no source
  reaches traces to the nearest forward supply point as to a source; its
  road carries ``road_supply_throughput`` supply points a day (0 = no limit),
  and each unit drawing on it uses ``supply_use`` x the sum of
  ``use_per_turn``: once that is spent, further units on that road (in id
  order) are out of supply.
* Home soil (``home_territory``): a unit in its own nation's country is in supply (national
  depots); with ``home_territory_trace`` only if its hex is in :func:`connected` (home only), i.e.
  joined to an unlimited source through the side's home countries: an encircled unit is not.
* A side with no possible source at all (no entry hexes, no source base) does
  not model supply: its units are always in supply (test fixtures, sandboxes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from engine.rules.clock import share, turns_for
from engine.rules.occupancy import enemy_sets
from engine.rules import supply_road
from engine.rules.search import path_back, settle
from engine.rules.rail import captured, rail_countries, transshipment_hexes

if TYPE_CHECKING:
    from engine.game.game import Game
    from engine.scenario.model import BaseSpec
    from engine.core.state import State, Unit

INF = 1 << 30
CROSS, ROAD, RAIL = 0, 1, 2


class SupplyStatic:
    """What supply needs from the map and scenario, computed once per Game."""

    def __init__(self, game: "Game") -> None:
        sr = game.rules.supply
        T, L = sr.trace_length, max(sr.road_trace_length, sr.trace_length)
        if T == 0:
            self.cross, self.road, self.budget = INF, 1, L
        else:
            self.cross, self.road, self.budget = L, T, T * L
        m, idx, hexes = game.map, game.index, game.hexes
        edges: list[tuple[tuple[int, int], ...]] = []
        for i, h in enumerate(hexes):
            row = []
            for j in game.nbrs[i]:
                if not game.land[j]:
                    continue
                hj = hexes[j]
                kind = ROAD if m.road_between(h, hj) else RAIL if m.rail_between(h, hj) else CROSS
                row.append((j, kind))
            edges.append(tuple(row))
        self.edges = tuple(edges)
        self.road_adj = supply_road.road_adjacency(self.edges, ROAD)
        #: the same edges with their trace cost, every rail link taken as open (the usual case)
        w = {ROAD: self.road, RAIL: self.road, CROSS: self.cross}
        self.open_edges: tuple[tuple[tuple[int, int], ...], ...] = tuple(
            tuple((j, w[kind]) for j, kind in row) for row in self.edges)
        kinds = set(sr.sources)
        self.sources: dict[str, tuple["BaseSpec", ...]] = {}
        self.entries: dict[str, tuple[int, ...]] = {}
        self.modelled: dict[str, bool] = {}
        for s in game.scenario.sides:
            bs = tuple(b for b in sorted(game.scenario.bases, key=lambda b: b.id)
                       if b.side == s.id and b.location in idx and (b.kind in kinds or b.effects.supply_source))
            self.sources[s.id] = bs
            ent = tuple(sorted({idx[h] for h in s.entry_hexes if h in idx})) if "entry" in kinds else ()
            self.entries[s.id] = ent
            self.modelled[s.id] = bool(bs or ent)
        self.base_pos = {b.id: idx[b.location] for b in game.scenario.bases if b.location in idx}
        self.transship = transshipment_hexes(game)
        rr = game.rules.rail
        #: rail hexes each side may use: the only hexes whose blocking can change its railheads
        self.network: dict[str, frozenset[int]] = {}
        for s in game.scenario.sides:
            countries = set(rr.friendly_countries.get(s.id, s.home_countries))
            self.network[s.id] = frozenset(i for i in game.rail_nbrs if game.country[i] in countries)


def static(game: "Game") -> SupplyStatic:
    st = game.__dict__.get("_supply_static")
    if st is None:
        st = SupplyStatic(game)
        game.__dict__["_supply_static"] = st
    return st


def is_modelled(state: "State", side: str) -> bool:
    return static(state.game).modelled.get(side, False)


def _blocked(state: "State", side: str) -> tuple[frozenset[int], frozenset[int]]:
    """(hexes a trace may not enter, hexes that are enemy-occupied), cached until a unit moves."""
    key = (state.enemy_epoch(side), state._layout)
    cache = state._logi.setdefault("blocked", {})
    hit = cache.get(side)
    if hit is not None and hit[0] == key:
        return hit[1]
    occ, zoc = enemy_sets(state, side)
    hu = state.hex_units
    res = (occ | frozenset(p for p in zoc if p not in hu), occ)
    cache[side] = (key, res)
    return res


def trace_blocked(state: "State", side: str) -> frozenset[int]:
    """The hexes a supply trace of ``side`` may not enter: enemy units, and enemy zones of control no unit
    stands in (cached until a unit moves); metrics that measure "cut off" read the same rule."""
    return _blocked(state, side)[0]


def railheads(state: "State", side: str) -> frozenset[int]:
    """Rail hexes fed by an entry hex or an unlimited base (see module doc); cached."""
    cache = state._logi.setdefault("railheads", {})
    ss = static(state.game)
    net = ss.network[side]
    blocked = _blocked(state, side)[0]
    turn = state.turn
    cap = captured(state, side)
    key = (frozenset(p for p in blocked if p in net or p in cap),
           tuple(k for k, c in sorted(state.cut_links.items()) if c[0] > turn),
           tuple(b.id for b in ss.sources[side] if state.base_active.get(b.id)), cap)
    hit = cache.get(side)
    if hit is not None and hit[0] == key:
        return hit[1]
    # The key holds everything the railheads depend on, so results are shared through the Game
    # too (the same blocking recurs from game to game, and while the front is quiet).
    shared = state.game.__dict__.setdefault("_railheads", {})
    res = shared.get((side, key))
    if res is None:
        res = _railheads(state, side)
        if len(shared) >= RAILHEADS_CACHE_MAX:
            shared.clear()  # crude bound on memory; entries are exact, so dropping them is harmless
        shared[(side, key)] = res
    cache[side] = (key, res)
    return res


#: Bound on the per-Game cache of railhead sets.
RAILHEADS_CACHE_MAX = 2_000


def _railheads(state: "State", side: str, skip: frozenset[int] = frozenset()) -> frozenset[int]:
    g = state.game  # ``skip``: sources that feed nothing (the encircled measure's own place)
    ss = static(g)
    blocked, _ = _blocked(state, side)
    countries = frozenset(rail_countries(state, side))
    cap = captured(state, side)
    seeds = [p for p in ss.entries[side]]
    seeds += [ss.base_pos[b.id] for b in ss.sources[side] if not b.stocks and state.base_active.get(b.id)]
    cut, turn, country = state.cut_links, state.turn, g.country
    seen: set[tuple[int, int]] = set()
    frontier: list[tuple[int, int]] = []
    for p in sorted(set(seeds) - skip):
        if p in blocked or p not in g.rail_nbrs or country[p] not in countries:
            continue
        for ga in sorted({ga for _, ga in g.rail_nbrs[p]}):
            if (p, ga) not in seen:
                seen.add((p, ga))
                frontier.append((p, ga))
    while frontier:
        nxt: list[tuple[int, int]] = []
        for i, ga in frontier:
            if i in ss.transship:
                for other in sorted({x for _, x in g.rail_nbrs[i]}):
                    if (i, other) not in seen:
                        seen.add((i, other))
                        nxt.append((i, other))
            for j, gj in g.rail_nbrs.get(i, ()):
                if gj != ga or (j, ga) in seen or j in blocked or (country[j] not in countries and j not in cap):
                    continue
                c = cut.get((i, j) if i < j else (j, i))
                if c is not None and c[0] > turn:
                    continue
                seen.add((j, ga))
                nxt.append((j, ga))
        frontier = nxt
    return frozenset(p for p, _ in seen)


def road_heads(state: "State", side: str, ctx: "_Context") -> dict[int, tuple[int, int]]:
    """Forward supply points of ``side`` (rules/supply_road.py): road hex -> the road hexside by which
    its road leaves the sources (railheads, entry hexes, source bases without stocks)."""
    return supply_road.road_heads(ctx.heads | ctx.extra, ctx.blocked, static(state.game).road_adj,
                                  state.game.rules.supply.road_supply_reach)


def _by_road(state: "State", u: "Unit", order: Sequence[int], heads: dict[int, tuple[int, int]],
             left: dict[tuple[int, int], int]) -> bool:
    """Whether ``u``, whose trace settled ``order`` and found no source, draws on a forward supply point
    whose road has throughput left (and spend it): the same search with the road heads as sources."""
    p = supply_road.first_head(order, heads)
    return p >= 0 and supply_road.draw(left, heads[p], state.game.rules.supply.road_supply_throughput,
                           sum(per_turn_need(state, u).values()))


class _Context:
    """A side's sources and blocked hexes for one supply check."""

    __slots__ = ("heads", "extra", "stocked", "blocked")

    def __init__(self, state: "State", side: str) -> None:
        ss = static(state.game)
        self.heads = railheads(state, side)
        self.extra: set[int] = set(ss.entries[side])
        self.stocked: dict[int, list[str]] = {}
        for b in ss.sources[side]:
            if not state.base_active.get(b.id):
                continue
            p = ss.base_pos[b.id]
            if b.stocks:
                self.stocked.setdefault(p, []).append(b.id)
            else:
                self.extra.add(p)
        self.blocked = _blocked(state, side)[0]


def _trace_edges(state: "State", ss: SupplyStatic):
    """Per hex (neighbour, trace cost), with cut rail links at the cross-country cost.

    Without cut links this is the static table; otherwise a copy with the rows
    at the cut links' ends rewritten, cached until a link is cut or repaired.
    """
    cut, turn = state.cut_links, state.turn
    if not cut:
        return ss.open_edges
    key = (state._logi.get("cutver", 0), turn)
    hit = state._logi.get("trace_edges")
    if hit is not None and hit[0] == key:
        return hit[1]
    active = {k for k, c in cut.items() if c[0] > turn}
    res: Sequence[tuple[tuple[int, int], ...]] = ss.open_edges
    if active:
        res = rows = list(ss.open_edges)
        cross, road = ss.cross, ss.road
        for i in sorted({i for k in active for i in k}):
            rows[i] = tuple((j, cross if kind == RAIL and ((i, j) if i < j else (j, i)) in active
                            else road if kind != CROSS else cross) for j, kind in ss.edges[i])
    state._logi["trace_edges"] = (key, res)
    return res


def trace(state: "State", u: "Unit", ctx: _Context | None = None) -> tuple[bool, list[str]]:
    """(an unlimited source is within the trace, stocked source bases by distance then id)."""
    free, bases, _ = _trace(state, u, ctx)
    return free, list(bases)


def _trace(state: "State", u: "Unit", ctx: _Context | None = None) -> tuple[bool, Sequence[str], Sequence[int]]:
    """:func:`trace`, and the hexes a trace that found no source settled, in (cost, hex) order."""
    ss = static(state.game)
    if ctx is None:
        ctx = _Context(state, u.side)
    heads, extra, stocked, blocked = ctx.heads, ctx.extra, ctx.stocked, ctx.blocked
    start = u.pos
    if start in heads or start in extra:
        return True, (), ()
    # A path found earlier still proves the unit free if nothing on it changed.
    cache = state._logi.setdefault("trace", {})
    cutver = state._logi.get("cutver", 0)
    hit = cache.get(u.id)
    if hit is not None and hit[0] == start and hit[1] == cutver and (hit[2] in heads or hit[2] in extra) \
            and not any(p in blocked for p in hit[3]):
        return True, (), ()
    # So does one found from this hex by any unit, in any state of the Game, if it still costs no more
    # than the budget (cut links make it dearer) and still ends at a source.
    paths = state.game.__dict__.setdefault("_trace_paths", {})
    hit = paths.get(start)
    if hit is not None and (hit[0] in heads or hit[0] in extra) and not any(p in blocked for p in hit) \
            and (not state.cut_links or _cost_back(_trace_edges(state, ss), hit) <= ss.budget):
        cache[u.id] = (start, cutver, hit[0], hit)
        return True, (), ()
    # Otherwise search (the search stops at the first source, so a free unit costs little).
    free, bases, path = _search(state, ss, start, heads, extra, stocked, blocked)
    if free:
        cache[u.id] = (start, cutver, path[0], path)
        if len(paths) >= TRACE_PATHS_MAX:
            paths.clear()  # crude bound on memory; a dropped path is only found again
        paths[start] = path
        return True, bases, ()
    return False, bases, path


def _cost_back(edges, path: Sequence[int]) -> int:
    """The trace cost of ``path`` (a source back to the start) walked from its start."""
    total = 0
    for k in range(len(path) - 1, 0, -1):
        a, b = path[k], path[k - 1]
        total += next(w for j, w in edges[a] if j == b)
    return total


#: Bound on the per-Game cache of trace paths (one per start hex).
TRACE_PATHS_MAX = 20_000


def _search(state: "State", ss: SupplyStatic, start: int, heads, extra, stocked, blocked):
    """(free, stocked bases by distance then id, path from the source back to ``start``; if not free,
    every hex settled, in (cost, hex) order).
    """
    edges = _trace_edges(state, ss)
    best: dict[int, tuple[int, int]] = {}
    found: list[tuple[int, str]] = []

    def visit(c: int, i: int) -> bool:  # stop at the first unlimited source; note stocked bases on the way
        if i in heads or i in extra:
            return True
        if i in stocked:
            found.extend((c, b) for b in stocked[i])
        return False

    end = settle(edges, start, ss.budget, blocked, best, visit=visit)
    if end >= 0:
        return True, tuple(b for _, b in sorted(found)), path_back(best, end)
    return False, tuple(b for _, b in sorted(found)), tuple(best)


def connected(state: "State", side: str, home_only: bool = False) -> frozenset[int]:
    """Hexes joined to one of ``side``'s unlimited sources (entry hexes, railheads, active bases without
    stocks) by land hexes a trace may enter (no enemy unit, no enemy zone of control without a friendly
    unit); with ``home_only``, through the side's home countries only. Cached until a unit moves.
    The whole-map definition: the rules ask :func:`joined` (membership, by a search back), and the
    tests check one against the other."""
    g = state.game
    ss = static(g)
    heads = railheads(state, side)
    bases = tuple(b.id for b in ss.sources[side] if not b.stocks and state.base_active.get(b.id))
    key = (state.enemy_epoch(side), state._layout, heads, bases)
    cache = state._logi.setdefault("connected", {})
    hit = cache.get((side, home_only))
    if hit is not None and hit[0] == key:
        return hit[1]
    blocked = _blocked(state, side)[0]
    nbrs, home = _trace_nbrs(g, ss, side)
    seeds = set(heads) | set(ss.entries[side]) | {ss.base_pos[b] for b in bases}
    seen = {p for p in seeds if p not in blocked and g.land[p]}
    if home_only:
        seen &= home
    frontier = seen
    while frontier:  # breadth-first by whole rings, in set operations (the result is a set: order is moot)
        nxt: set[int] = set()
        for i in frontier:
            nxt.update(nbrs[i])
        nxt -= seen
        nxt -= blocked
        if home_only:
            nxt &= home
        seen |= nxt
        frontier = nxt
    res = frozenset(seen)
    cache[(side, home_only)] = (key, res)
    return res


def home_joined(state: "State", side: str, pos: int) -> bool:
    """Whether ``pos`` is in ``connected(state, side, home_only=True)`` (see :func:`joined`)."""
    return joined(state, side, (pos,), home_only=True)


def joined(state: "State", side: str, targets, home_only: bool = False) -> bool:
    """Whether one of ``targets`` is in ``connected(state, side, home_only)``, found by searching back
    from them along the trace's edges reversed until a source turns up (a unit or town usually lies
    near one), instead of building the whole region. Same answer: a hex is in the region exactly
    when some source reaches it forward through non-blocked (home) land hexes."""
    g = state.game
    ss = static(g)
    blocked = _blocked(state, side)[0]
    home = _home_hexes(g, side) if home_only else None
    seen = {p for p in targets if p not in blocked and g.land[p] and (home is None or p in home)}
    if not seen:
        return False
    heads = railheads(state, side)
    bases = tuple(b.id for b in ss.sources[side] if not b.stocks and state.base_active.get(b.id))
    seeds = {p for p in set(heads) | set(ss.entries[side]) | {ss.base_pos[b] for b in bases} if g.land[p]}
    back = _reverse_nbrs(g, ss)
    frontier = list(seen)
    while frontier:
        if not seeds.isdisjoint(frontier):
            return True
        nxt: set[int] = set()
        for i in frontier:
            nxt.update(back[i])
        nxt -= seen
        nxt -= blocked
        if home is not None:
            nxt &= home
        seen |= nxt
        frontier = list(nxt)
    return False


def _reverse_nbrs(g, ss: SupplyStatic) -> tuple[tuple[int, ...], ...]:
    """For each hex, the hexes a trace steps to it from (the trace's edges are not all two-way)."""
    if (hit := g.__dict__.get("_trace_back")) is None:
        back: list[list[int]] = [[] for _ in ss.edges]
        for i, row in enumerate(ss.edges):
            for j, _kind in row:
                back[j].append(i)
        hit = g.__dict__["_trace_back"] = tuple(tuple(r) for r in back)
    return hit


def _trace_nbrs(g, ss: SupplyStatic, side: str) -> tuple[tuple[tuple[int, ...], ...], frozenset[int]]:
    """(the hexes a trace may step to from each hex, the hexes of ``side``'s home countries), cached on the Game."""
    if (hit := g.__dict__.get("_trace_nbrs")) is None:
        hit = g.__dict__["_trace_nbrs"] = tuple(tuple(j for j, _kind in row) for row in ss.edges)
    return hit, _home_hexes(g, side)


def _home_hexes(g, side: str) -> frozenset[int]:
    """The hexes of ``side``'s home countries (cached on the Game)."""
    cache = g.__dict__.setdefault("_home_hexes", {})
    hit = cache.get(side)
    if hit is None:
        homes = next((frozenset(s.home_countries) for s in g.scenario.sides if s.id == side), frozenset())
        hit = cache[side] = frozenset(i for i, c in enumerate(g.country) if c in homes)
    return hit


def per_turn_need(state: "State", u: "Unit") -> dict[str, int]:
    """Stock points a unit uses this turn: the daily use cut to the turn length (rules/clock.py)."""
    g = state.game
    k = g.unit_types[u.type].supply_use
    return {kind: share(g, amt * k, state.turn) for kind, amt in sorted(g.rules.supply.use_per_turn.items())}


def can_pay(stocks: dict[str, int], need: dict[str, int]) -> bool:
    return all(stocks[k] >= v for k, v in need.items() if k in stocks)


def pay(stocks: dict[str, int], need: dict[str, int]) -> None:
    for k, v in need.items():
        if k in stocks:
            stocks[k] -= v


def update(state: "State", draw: bool = True) -> None:
    """Logistics phase (and, with ``draw=False``, the start of the game).

    Every trace of a side reads the map as the phase found it (one context per side): a unit lost
    to supply attrition earlier in the phase still holds its hex, and its zone of control, for the
    later traces. So supply is judged for all units at one moment, and the result does not depend
    on the order in which they are checked (tests/test_rules_mutants_r6b_supply.py pins it)."""
    g = state.game
    sr = g.rules.supply
    from engine.rules.losses import take_losses
    for side in g.side_ids:
        ids = list(state.side_unit_ids(side))
        if not is_modelled(state, side):
            for uid in ids:
                u = state.units[uid]
                u.supplied, u.oos_turns = True, 0
                state.supply_src.pop(uid, None)
            continue
        ctx = _Context(state, side)
        home = sr.home_territory
        heads: dict[int, tuple[int, int]] | None = None  # forward road supply points: made on first need
        left: dict[tuple[int, int], int] = {}  # throughput left on each road this phase
        for uid in ids:
            u = state.units[uid]
            stocked: Sequence[str]
            order: Sequence[int]
            on_home = home and g.country[u.pos] == u.nation  # national depots on home soil (supply.home_territory)
            if on_home and not sr.home_territory_trace:
                free, stocked, order = True, (), ()
            else:
                free, stocked, order = _trace(state, u, ctx)
                # joined to a source through home soil? The cached trace first: if it finds one, so would that
                if not free and on_home and home_joined(state, side, u.pos):
                    free = True
            src = ""
            if not free:
                if heads is None:
                    heads = road_heads(state, side, ctx)
                free = bool(heads) and _by_road(state, u, order, heads, left)
            ok = free
            if not free:
                need = per_turn_need(state, u)
                for bid in stocked:
                    if can_pay(state.stocks[bid], need):
                        if draw:
                            pay(state.stocks[bid], need)
                        src, ok = bid, True
                        break
            if src:
                state.supply_src[uid] = src
            else:
                state.supply_src.pop(uid, None)
            if ok != u.supplied:
                state.log.append(f"  {uid} {'back in supply' if ok else 'out of supply'}"
                                 + (f" (draws on {src})" if src else ""))
            u.supplied = ok
            if not draw:
                continue
            u.oos_turns = 0 if ok else u.oos_turns + 1
            if not ok and sr.step_loss_after > 0 and u.oos_turns > turns_for(g, sr.step_loss_after):
                lost = share(g, 1, state.turn)  # a step a day (rules/clock.py)
                if lost:
                    state.log.append(f"  {uid} loses a step: {u.oos_turns} turns out of supply")
                    take_losses(state, [u], lost)
        for uid in list(state.supply_src):
            if uid not in state.units:
                del state.supply_src[uid]


def start_of_game(state: "State") -> None:
    """Turn-start hook: on turn 1, trace supply without drawing stocks."""
    if state.turn == 1:
        update(state, draw=False)


def draw_combat(state: "State", uids: list[str]) -> None:
    """After a combat: each unit drawing on a stocked base pays ``use_per_combat``."""
    use = state.game.rules.supply.use_per_combat
    if not use:
        return
    for uid in sorted(uids):
        bid = state.supply_src.get(uid)
        u = state.units.get(uid)
        if not bid or u is None:
            continue
        stocks = state.stocks[bid]
        need = {k: v for k, v in sorted(use.items())}
        if can_pay(stocks, need):
            pay(stocks, need)
            continue
        for k, v in need.items():
            if k in stocks:
                stocks[k] -= min(v, stocks[k])
        if u.supplied:
            u.supplied = False
            state.log.append(f"  {uid} out of supply: {bid} cannot pay for the combat")


def status(state: "State", side: str) -> list[tuple[str, bool, str]]:
    """(unit id, supplied, base drawn on) for a side's units, sorted: for tests, UI and reports."""
    return [(uid, state.units[uid].supplied, state.supply_src.get(uid, ""))
            for uid in sorted(state.units) if state.units[uid].side == side]

"""Railways: strategic rail moves, the gauge break, cut links.

Public API for other rules (the missile-strike rules use the first one):

* ``cut_link(state, a_idx, b_idx, until_turn=None, reason="")`` -- cut the rail
  link between two neighbouring hex indices until ``until_turn`` (default: the
  current turn + ``rules.rail.repair_turns``). A cut link carries no trains and
  no supply trace; it is usable again from turn ``until_turn`` on. Returns
  False if there is no rail link between the two hexes.
* ``is_cut(state, a_idx, b_idx)`` -- whether the link is cut now.
* ``cut_links(state)`` -- the cut links, sorted, as (a, b, until, reason).

Rules as implemented (scenarios/README.md, "Supply, rail and readiness"):

* A rail move runs along rail links whose hexes lie in the side's friendly
  countries (``rules.rail.friendly_countries``, else its home countries),
  never into or through hexes with enemy units or in enemy zones of control,
  never along a cut link, at most ``max_hexes`` links, and costs one unit of
  the side's ``capacity`` for the turn.
* Gauge comes from the map's links. A move stays on one gauge, except that it
  may change gauge once, at a transshipment point of the map
  (``theatre.transshipment_at``). Then the unit is held at the transshipment
  hex -- it cannot move or fight -- until turn ``now + transshipment_delay``;
  at the start of that turn it continues to its destination if the way is
  still open, otherwise it stays at the transshipment point.
* Occupation cuts: in the logistics phase a unit standing on a rail hex of a
  country where its side may not use the railways wrecks every rail link of
  that hex; they stay cut ``repair_turns`` turns after it leaves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.core.actions import Rail
from engine.rules.clock import share, turn_days, turns_for
from engine.rules.engagement import closed_countries
from engine.rules.known import known_enemy_sets
from engine.rules.occupancy import enemy_sets, full_hexes

if TYPE_CHECKING:
    from engine.game.game import Game
    from engine.core.state import State, Unit


# --- static data ----------------------------------------------------------------

def transshipment_hexes(game: "Game") -> frozenset[int]:
    """Hex indices of the map's transshipment points (cached on the Game)."""
    cached = game.__dict__.get("_transship_idx")
    if cached is None:
        idx = game.index
        cached = frozenset(idx[t.hex] for t in game.map.transshipments if t.hex in idx)
        game.__dict__["_transship_idx"] = cached
    return cached


def rail_countries(state: "State", side: str) -> tuple[str, ...]:
    rr = state.game.rules.rail
    if side in rr.friendly_countries:
        return rr.friendly_countries[side]
    return state.game.scenario.side(side).home_countries


# --- cut links ---------------------------------------------------------------------

def _key(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def has_link(game: "Game", a: int, b: int) -> bool:
    return any(j == b for j, _ in game.rail_nbrs.get(a, ()))


def cut_link(state: "State", a_idx: int, b_idx: int, until_turn: int | None = None, reason: str = "") -> bool:
    """Cut the rail link a-b until ``until_turn`` (usable again from that turn on).

    Default ``until_turn``: now + ``rules.rail.repair_turns``. A link already cut
    keeps the later of the two dates. False if a-b is not a rail link.
    """
    g = state.game
    if not has_link(g, a_idx, b_idx):
        return False
    if until_turn is None:
        until_turn = state.turn + turns_for(g, g.rules.rail.repair_turns)
    k = _key(a_idx, b_idx)
    old = state.cut_links.get(k)
    if old is None or old[0] < until_turn:
        state.cut_links[k] = [int(until_turn), reason or (old[1] if old else "")]
        if old is None:
            state.log.append(f"  rail link {g.label(g.hexes[k[0]])}-{g.label(g.hexes[k[1]])} cut"
                             f"{' by ' + reason if reason else ''} until turn {until_turn}")
        _bump(state)
    return True


def _bump(state: "State") -> None:
    state._logi["cutver"] = state._logi.get("cutver", 0) + 1


def is_cut(state: "State", a_idx: int, b_idx: int) -> bool:
    c = state.cut_links.get(_key(a_idx, b_idx))
    return c is not None and c[0] > state.turn


def cut_links(state: "State") -> list[tuple[int, int, int, str]]:
    return [(a, b, c[0], c[1]) for (a, b), c in sorted(state.cut_links.items()) if c[0] > state.turn]


def repair_links(state: "State") -> None:
    """Turn start: links whose repair date has come are usable again (logged)."""
    g = state.game
    done = [k for k, c in sorted(state.cut_links.items()) if c[0] <= state.turn]
    for k in done:
        del state.cut_links[k]
        state.log.append(f"  rail link {g.label(g.hexes[k[0]])}-{g.label(g.hexes[k[1]])} repaired")
    if done:
        _bump(state)


def _own_gauge(g: "Game", countries: tuple[str, ...]) -> int:
    """The commonest gauge of the rail links in ``countries`` (cached): what a side's rolling stock runs on."""
    cache = g.__dict__.setdefault("_own_gauge", {})
    hit = cache.get(countries)
    if hit is None:
        count: dict[int, int] = {}
        for i, links in g.rail_nbrs.items():
            if g.country[i] in countries:
                for _, ga in links:
                    count[ga] = count.get(ga, 0) + 1
        hit = cache[countries] = min(count, key=lambda ga: (-count[ga], ga)) if count else -1
    return hit


def captured(state: "State", side: str) -> frozenset[int]:
    """Captured rail hexes that carry ``side``'s trains and supply now (repair and regauging done)."""
    if not state.captured_rail:
        return frozenset()
    turn = state.turn
    return frozenset(p for p, (s, t) in state.captured_rail.items() if s == side and t <= turn)


def capture(state: "State") -> None:
    """Logistics phase, when occupiers do not wreck: a unit on a rail hex its side may not use captures
    it; the line carries that side after ``capture_days`` (+ ``regauge_days`` on a foreign gauge).
    Engineers (``rail_repair``) then shorten the work on captured hexes within 1 hex by their rate."""
    g = state.game
    rr = g.rules.rail
    for uid in sorted(state.units):
        u = state.units[uid]
        links = g.rail_nbrs.get(u.pos)
        if not links:
            continue
        ok = rail_countries(state, u.side)
        if g.country[u.pos] in ok:
            continue
        held = state.captured_rail.get(u.pos)
        if held is not None and held[0] == u.side:
            continue
        days = rr.capture_days
        if any(ga != _own_gauge(g, tuple(ok)) for _, ga in links):
            days += rr.regauge_days
        until = state.turn + 1 + turns_for(g, days)
        state.captured_rail[u.pos] = [u.side, until]
        state.log.append(f"  {uid} captures the railway at {g.label(g.hexes[u.pos])}: carries {u.side} "
                         f"from turn {until}")
        _bump(state)
    for uid in sorted(state.units):
        u = state.units[uid]
        rate = g.unit_types[u.type].rail_repair
        if rate <= 0:
            continue
        work = share(g, rate, state.turn) // 1
        turns_saved = turns_for(g, work) if work else 0
        for p in [u.pos, *g.nbrs[u.pos]]:
            c = state.captured_rail.get(p)
            if c is not None and c[0] == u.side and c[1] > state.turn + 1:
                c[1] = max(state.turn + 1, c[1] - turns_saved)
                _bump(state)


def occupation_cuts(state: "State") -> None:
    """Logistics phase: units on rail hexes of countries their side may not use wreck the links
    (``occupier_wrecks``), or capture them (see :func:`capture`)."""
    g = state.game
    if not g.rules.rail.occupier_wrecks:
        capture(state)
        return
    until = state.turn + 1 + turns_for(g, g.rules.rail.repair_turns)
    allowed: dict[str, tuple[str, ...]] = {}
    for uid in sorted(state.units):
        u = state.units[uid]
        links = g.rail_nbrs.get(u.pos)
        if not links:
            continue
        ok = allowed.get(u.side)
        if ok is None:
            ok = allowed[u.side] = rail_countries(state, u.side)
        if g.country[u.pos] in ok:
            continue
        for j, _ in links:
            cut_link(state, u.pos, j, until, f"occupation ({uid})")


# --- rail moves --------------------------------------------------------------------

def rail_reach(state: "State", u: "Unit") -> dict[int, tuple[int, int]]:
    """pos -> (rail hexes, transshipment hex or -1) for a rail move of ``u``.

    First every hex reachable on one gauge; then, from each transshipment
    point reached (nearest first), the hexes beyond it on the other gauge
    within the remaining ``max_hexes``. Cached per unit until something
    that matters changes (position, enemy units, cut links, turn). Under fog of
    war, on the enemy units the side sees (engine/rules/known.py).
    """
    key = (u.pos, state.enemy_epoch(u.side), state._logi.get("cutver", 0), state.turn)
    cache = state._logi.setdefault("rail", {})
    hit = cache.get(u.id)
    # as movement.reach: a search no enemy unit stood in holds whatever the side sees
    if hit is not None and hit[0] == key and (hit[2] is None or hit[2] == known_enemy_sets(state, u.side)):
        return hit[1]
    res, used = _cached_rail_search_known(state, u)
    cache[u.id] = (key, res, used)
    return res


#: Bound on the per-Game cache of rail searches near enemies or cut links.
NEAR_RAIL_CACHE_MAX = 5_000


def _cached_rail_search(state: "State", u: "Unit") -> dict[int, tuple[int, int]]:
    """The rail reach on the enemy units the side sees (see :func:`_cached_rail_search_known`)."""
    return _cached_rail_search_known(state, u)[0]


def _cached_rail_search_known(state: "State", u: "Unit"):
    """``_rail_search`` through two Game-level caches (results are identical).

    Enemy units, their zones of control and cut links only remove hexes from
    the search without them, so the real search depends only on those inside
    that free search's hexes (and its start): with none there it is the free
    search; otherwise it is cached under exactly those. Results have their
    keys in hex order (rail_destinations relies on it). Returned with the known
    enemy sets it was made on, or None when no enemy unit, seen or not, was near.
    """
    g = state.game
    start = u.pos
    if start not in g.rail_nbrs:
        return {}, None
    free_cache = g.__dict__.setdefault("_free_rail_reach", {})
    fkey = (u.side, start, captured(state, u.side))
    free = free_cache.get(fkey)
    if free is None:
        free = dict(sorted(_rail_search(state, u, frozenset(), frozenset(), {}).items()))
        free_cache[fkey] = free
    occ, zoc = enemy_sets(state, u.side)
    inside = free.__contains__  # (C-speed filters; the start is not among the free search's keys)
    near_occ = frozenset(filter(inside, occ)) | ({start} & occ)
    near_zoc = frozenset(filter(inside, zoc)) | ({start} & zoc)
    used = None
    if near_occ or near_zoc:  # enemy units near the line: only those the side sees count
        used = known_enemy_sets(state, u.side)
        occ, zoc = used
        near_occ, near_zoc = near_occ & occ, near_zoc & zoc
    turn = state.turn
    near_cut = frozenset(k for k, c in state.cut_links.items()
                         if c[0] > turn and (k[0] in free or k[1] in free or start in k))
    if not near_occ and not near_zoc and not near_cut:
        return free, used
    cache = g.__dict__.setdefault("_near_rail_reach", {})
    key = (u.side, start, near_occ, near_zoc, near_cut, fkey[2])
    res = cache.get(key)
    if res is None:
        res = dict(sorted(_rail_search(state, u, occ, zoc, state.cut_links).items()))
        if len(cache) >= NEAR_RAIL_CACHE_MAX:
            cache.clear()  # crude bound on memory; entries are exact, so dropping them is harmless
        cache[key] = res
    return res, used


def _rail_search(state: "State", u: "Unit", occ: frozenset[int], zoc: frozenset[int],
                 cut: dict[tuple[int, int], list]) -> dict[int, tuple[int, int]]:
    g = state.game
    start = u.pos
    links = g.rail_nbrs.get(start)
    if not links:
        return {}
    if start in zoc:
        return {}
    countries = frozenset(rail_countries(state, u.side))
    cap = captured(state, u.side)
    maxh = max_hexes(g)
    ts = transshipment_hexes(g)
    turn = state.turn
    country = g.country

    def open_link(i: int, j: int) -> bool:
        c = cut.get((i, j) if i < j else (j, i))
        return c is None or c[0] <= turn

    def bfs(src: int, gauge: int, d0: int) -> dict[int, int]:
        seen = {src: d0}
        frontier = [src]
        d = d0
        while frontier and d < maxh:
            d += 1
            nxt: list[int] = []
            for i in frontier:
                for j, ga in g.rail_nbrs.get(i, ()):
                    if ga != gauge or j in seen or j in occ or j in zoc or (country[j] not in countries
                                                                            and j not in cap):
                        continue
                    if cut and not open_link(i, j):
                        continue
                    seen[j] = d
                    nxt.append(j)
            frontier = sorted(nxt)
        return seen

    out: dict[int, tuple[int, int]] = {}
    gauges = sorted({ga for _, ga in links})
    per_gauge = {ga: bfs(start, ga, 0) for ga in gauges}
    for ga in gauges:
        for p, d in per_gauge[ga].items():
            if p != start and (p not in out or d < out[p][0]):
                out[p] = (d, -1)
    if not ts:
        return out
    # One change of gauge, at a transshipment point reached on the first gauge.
    points = sorted((d, p, ga) for ga in gauges for p, d in per_gauge[ga].items() if p in ts and p != start)
    for d, p, ga in points:
        for other in sorted({x for _, x in g.rail_nbrs.get(p, ()) if x != ga}):
            for q, dq in bfs(p, other, d).items():
                if q != p and q not in out:
                    out[q] = (dq, p)
    return out


def rail_destinations(state: "State", u: "Unit", full: set[int] | None = None) -> list[int]:
    """Rail-move end hexes of a unit, sorted (``full``: full_hexes of its side)."""
    if capacity_left(state, u.side) <= 0:
        return []
    if full is None:
        full = full_hexes(state, u.side)
    res, vias = _open_part(state.game, rail_reach(state, u), closed_countries(state, u.side))
    if not full or (full.isdisjoint(res) and full.isdisjoint(vias)):
        return list(res)  # keys are in hex order
    return [p for p, (_, via) in res.items() if p not in full and (via < 0 or via not in full)]


#: Bound on the per-Game cache of rail searches cut to open countries.
OPEN_PART_CACHE_MAX = 5_000


def _open_part(g: "Game", res: dict[int, tuple[int, int]], closed: frozenset[str]):
    """(the hexes of a rail search outside ``closed`` countries, with their transshipment hexes)
    and the set of those transshipment hexes. A railway captured in a war stays captured when the
    rules of engagement close again, so the search itself is not cut. Cached on the Game per search
    result (they are shared, cached objects) and closed set."""
    if not res:
        return res, frozenset()
    cache = g.__dict__.setdefault("_rail_open_part", {})
    key = (id(res), closed)
    hit = cache.get(key)
    if hit is not None and hit[0] is res:
        return hit[1], hit[2]
    if closed:
        country = g.country
        out = {p: v for p, v in res.items() if country[p] not in closed}
    else:
        out = res
    vias = frozenset(via for _, via in out.values() if via >= 0)
    if len(cache) >= OPEN_PART_CACHE_MAX:
        cache.clear()  # crude bound on memory; entries are exact, so dropping them is harmless
    cache[key] = (res, out, vias)
    return out, vias


def capacity(state: "State", side: str) -> int:
    """Rail moves ``side`` may make this turn: the daily capacity cut to the turn length (rules/clock.py)."""
    return share(state.game, state.game.rules.rail.capacity.get(side, 0), state.turn)


def max_hexes(g: "Game") -> int:
    """Rail hexes one move may run this turn: the daily distance scaled to the turn length."""
    m = g.rules.rail.max_hexes
    return m if turn_days(g) == 1.0 else max(1, round(m * turn_days(g)))


def capacity_left(state: "State", side: str) -> int:
    return capacity(state, side) - state.rail_used.get(side, 0)


def why_illegal(state: "State", u: "Unit", dst: int) -> str | None:
    g = state.game
    src = g.label(g.hexes[u.pos])
    name = g.label(g.hexes[dst])
    if capacity_left(state, u.side) <= 0:
        return f"{u.side} has used its rail capacity ({capacity(state, u.side)}) this turn"
    hit = rail_reach(state, u).get(dst)
    if hit is not None:
        via = hit[1]
        limit = g.rules.movement.stacking_limit
        if via >= 0 and via != dst and state.side_count_at(via, u.side) >= limit:
            return (f"the transshipment point {g.label(g.hexes[via])} already holds {limit} {u.side} units "
                    "(stacking limit)")
        return None
    if u.pos not in g.rail_nbrs:
        return f"{src} has no railway"
    _, zoc = known_enemy_sets(state, u.side)
    if u.pos in zoc:
        return f"{u.id} is in an enemy zone of control and cannot entrain"
    return (f"{name} is not within {max_hexes(g)} rail hexes of {src} through friendly territory "
            "free of enemy units, zones of control and cut links (one gauge, or a change of gauge "
            "at a transshipment point)")


def apply_rail(state: "State", a: Rail) -> None:
    """Move by rail; across a gauge break the unit waits at the transshipment point."""
    from engine.rules import readiness
    g = state.game
    u = state.units[a.unit]
    dst = g.index[a.dst]
    hexes, via = rail_reach(state, u)[dst]
    state.rail_used[u.side] = state.rail_used.get(u.side, 0) + 1
    u.moved = True
    if not _truly_open(state, u, via if via >= 0 and via != dst else dst):
        state.log.append(f"  {u.id}'s train to {g.label(a.dst)} finds the line blocked by enemy units: "
                         f"it stays at {g.label(g.hexes[u.pos])}")
        return
    if via >= 0 and via != dst:
        until = state.turn + turns_for(g, g.rules.rail.transshipment_delay)
        state.transship[u.id] = [until, dst]
        state.relocate(u, via)
        state.log.append(f"  {u.id} by rail to {g.label(g.hexes[via])}, transshipping until turn {until}, "
                         f"then on to {g.label(a.dst)} ({hexes} rail hexes)")
        if until <= state.turn:
            finish_transshipment(state, u.id)
        return
    state.log.append(f"  {u.id} by rail {hexes} hexes to {g.label(a.dst)}")
    state.relocate(u, dst)
    readiness.on_arrival(state, u, "rail")


def finish_transshipment(state: "State", uid: str) -> None:
    """Continue a held unit to its destination if the way on the new gauge is open."""
    from engine.rules import readiness
    g = state.game
    until, dst = state.transship.pop(uid)
    u = state.units.get(uid)
    if u is None:
        return
    here = u.pos
    occ, _ = enemy_sets(state, u.side)
    limit = g.rules.movement.stacking_limit
    onward = _onward(state, u, dst)
    if dst == here:
        state.log.append(f"  {uid} has changed gauge at {g.label(g.hexes[here])}")
    elif onward and dst not in occ and state.side_count_at(dst, u.side) < limit:
        state.relocate(u, dst)
        state.log.append(f"  {uid} arrives by rail at {g.label(g.hexes[dst])} after transshipment")
    else:
        state.log.append(f"  {uid} cannot continue to {g.label(g.hexes[dst])}; "
                         f"stays at {g.label(g.hexes[here])}")
    readiness.on_arrival(state, u, "rail")


def _truly_open(state: "State", u: "Unit", end: int) -> bool:
    """Is the first leg of a rail move planned on what the side sees open on the truth (no hidden
    enemy unit or zone of control on the way)? Always, without hidden enemies."""
    occ, zoc = enemy_sets(state, u.side)
    if (occ, zoc) == known_enemy_sets(state, u.side):
        return True
    return end in _rail_search(state, u, occ, zoc, state.cut_links)


def _onward(state: "State", u: "Unit", dst: int) -> bool:
    """Is ``dst`` still reachable from the transshipment hex, ignoring the hexes already run?"""
    occ, zoc = enemy_sets(state, u.side)
    res = _rail_search(state, u, occ, zoc, state.cut_links)
    hit = res.get(dst)
    return hit is not None and hit[1] == -1


def continue_transshipments(state: "State") -> None:
    """Turn start: units whose transshipment is over go on (sorted ids)."""
    for uid in sorted(state.transship):
        if state.transship[uid][0] <= state.turn:
            finish_transshipment(state, uid)

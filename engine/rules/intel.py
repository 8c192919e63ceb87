"""Detection, fog of war and electronic warfare.

Under ``Scenario.fog_of_war`` a side sees its own units and an enemy unit
only when the unit's hex is within the ``detection_range`` of one of its
units, of one of its active bases (``BaseEffects.detection_range``: radars),
or is a hex it flew an air mission over or struck with a missile this turn.
Without fog everything is visible. What a side sees is cached per state
until a unit moves, appears or disappears, an air mission or strike is
flown, or a base opens or closes.

Electronic warfare: a unit type or an active base with ``ew_shift`` and
``ew_radius`` shifts the column of any combat whose target hex is within
its radius, against the owner's enemy: ``ew_shift`` (negative) is added when
the enemy attacks, and subtracted when the owner attacks. Sources do not
stack: per side the strongest source in range counts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.core.state import State


def hex_distance(state: "State", i: int, j: int) -> int:
    g = state.game
    q, r = g.hex_q, g.hex_r
    dq, dr = q[i] - q[j], r[i] - r[j]
    return (abs(dq) + abs(dr) + abs(dq + dr)) // 2


def _base_pos(state: "State") -> dict[str, int]:
    """Base id -> hex index (static; cached on the Game)."""
    g = state.game
    cache = g.__dict__.get("_ops_base_pos")
    if cache is None:
        cache = {b.id: g.index[b.location] for b in g.scenario.bases if b.location in g.index}
        g.__dict__["_ops_base_pos"] = cache
    return cache


def _standing_sensors(state: "State", side: str) -> list[tuple[int, int]]:
    """(hex, range) of ``side``'s units (sorted ids) and active radar bases."""
    g = state.game
    types = g.unit_types
    units = state.units
    out = [(units[uid].pos, types[units[uid].type].detection_range)
           for uid in sorted(units) if units[uid].side == side]
    bpos = _base_pos(state)
    for b in g.scenario.bases:
        if b.side == side and b.effects.detection_range > 0 and state.base_active.get(b.id) and b.id in bpos:
            out.append((bpos[b.id], b.effects.detection_range))
    return out


def _flown_hexes(state: "State", side: str) -> list[int]:
    """Hexes ``side`` observes this turn because it flew a mission over them or struck them."""
    out = [m[3] for m in state.air_missions if m[0] == state.turn and m[1] == side]
    out.extend(pos for _, pos, who in state.struck if who == side)
    return out


def sensors(state: "State", side: str) -> list[tuple[int, int]]:
    """(hex, range) of everything ``side`` sees with, in a stable order."""
    return _standing_sensors(state, side) + [(p, 0) for p in _flown_hexes(state, side)]


def _covered(state: "State", pos: int, sens: list[tuple[int, int]]) -> bool:
    """Is ``pos`` within range of one of ``sens``? (hex distance inlined: this is the hot loop)"""
    g = state.game
    q, r = g.hex_q, g.hex_r
    pq, pr = q[pos], r[pos]
    for s, rng in sens:
        dq, dr = pq - q[s], pr - r[s]
        if abs(dq) + abs(dr) + abs(dq + dr) <= 2 * rng:
            return True
    return False


#: Axial (q, r) packed as q * _PACK + r (maps are far smaller than this in r).
_PACK = 1 << 21
_OFFSETS: dict[int, tuple[int, ...]] = {}


def _offsets(rng: int) -> tuple[int, ...]:
    """Packed (dq, dr) of every hex within ``rng`` of a hex (the test of :func:`_covered`)."""
    hit = _OFFSETS.get(rng)
    if hit is None:
        hit = _OFFSETS[rng] = tuple(dq * _PACK + dr for dq in range(-rng, rng + 1) for dr in range(-rng, rng + 1)
                                    if abs(dq) + abs(dr) + abs(dq + dr) <= 2 * rng)
    return hit


def _covered_among(state: "State", positions, sens: list[tuple[int, int]]) -> frozenset[int]:
    """``{p in positions if _covered(state, p, sens)}``, without testing every pair: per sensor
    range, either the hexes within range of any sensor (when that area is smaller than the number
    of positions) or the sensors one by one. The same set; linear in units instead of quadratic."""
    g = state.game
    q, r = g.hex_q, g.hex_r
    by_range: dict[int, set[int]] = {}
    for s, rng in sens:
        if rng >= 0:
            by_range.setdefault(rng, set()).add(s)
    keys = {p: q[p] * _PACK + r[p] for p in positions}
    out: set[int] = set()
    left = [p for p in positions]
    for rng in sorted(by_range):
        if not left:
            break
        offs = _offsets(rng)
        srcs = by_range[rng]
        if len(offs) < len(left):
            area = {q[s] * _PACK + r[s] + o for s in srcs for o in offs}
            hit = [p for p in left if keys[p] in area]
        else:
            pairs = [(q[s], r[s]) for s in srcs]
            lim = 2 * rng
            hit = []
            for p in left:
                pq, pr = q[p], r[p]
                for sq, sr in pairs:
                    dq, dr = pq - sq, pr - sr
                    if abs(dq) + abs(dr) + abs(dq + dr) <= lim:
                        hit.append(p)
                        break
        if hit:
            out.update(hit)
            left = [p for p in left if p not in out]
    return frozenset(out)


def _standing_key(state: "State") -> tuple:
    """What units' and bases' sight depends on: where units are and which bases are active.

    ``State._layout`` counts unit placements, removals and moves (unlike the
    epochs, air interdiction does not bump it: it changes no one's sight).
    """
    return (state._layout, tuple(state.base_active.values()))


def _key(state: "State") -> tuple:
    return (_standing_key(state), state.turn, len(state.air_missions), len(state.struck))


#: Above this many changed sensors the sight is worked out afresh rather than updated.
_UPDATE_MAX = 4


def _moved_sensors(state: "State", prev: tuple, enemy: list[int], sens: list[tuple[int, int]]) -> frozenset[int] | None:
    """The seen enemy hexes after a few of the side's own sensors moved and no enemy did, worked out from the
    last view around those sensors only (a side's every move used to recompute its whole sight: 16 % of
    greedy's time at 560 units); None when anything else changed. The same set as afresh, by construction:
    it gains what the new positions cover and rechecks, against every sensor, only what the old ones did."""
    p_enemy, p_seen, p_sens = prev
    if p_enemy != enemy or len(p_sens) != len(sens):
        return None
    changed = [i for i in range(len(sens)) if sens[i] != p_sens[i]]
    if len(changed) > _UPDATE_MAX:
        return None
    seen = set(p_seen)
    lost = _covered_among(state, sorted(p_seen), [p_sens[i] for i in changed])
    if lost:
        seen -= lost - _covered_among(state, sorted(lost), sens)
    seen |= _covered_among(state, enemy, [sens[i] for i in changed])
    return frozenset(seen)


def _standing_view(state: "State", side: str) -> tuple[list[int], frozenset[int], list[tuple[int, int]]]:
    """(enemy hexes sorted, those ``side``'s units and radars see, the standing sensors), cached.

    Kept apart from what air missions and strikes observe, so flying a mission
    (which happens many times per air phase) does not recompute unit sight.
    """
    cache = state._vis
    key = _standing_key(state)
    hit = cache.get("standing:" + side)
    if hit is not None and hit[0] == key:
        return hit[1]
    enemy = sorted({u.pos for u in state.units.values() if u.side != side})
    if state.game.scenario.fog_of_war:
        sens = _standing_sensors(state, side)
        seen = _moved_sensors(state, hit[1], enemy, sens) if hit is not None else None
        if seen is None:
            seen = _covered_among(state, enemy, sens)
    else:
        sens = []
        seen = frozenset(enemy)
    res = (enemy, seen, sens)
    cache["standing:" + side] = (key, res)
    return res


def seen_enemy_positions(state: "State", side: str) -> frozenset[int]:
    """Hexes holding enemy units that ``side`` can see (all of them without fog)."""
    cache = state._vis
    key = _key(state)
    hit = cache.get(side)
    if hit is not None and hit[0] == key:
        return hit[1]
    enemy, res, _ = _standing_view(state, side)
    if state.game.scenario.fog_of_war:
        flown = _flown_hexes(state, side)
        if flown:
            res = res | frozenset(p for p in enemy if p in flown)
    cache[side] = (key, res)
    return res


def is_observed(state: "State", side: str, pos: int) -> bool:
    """True if ``side`` sees hex ``pos`` now (always without fog)."""
    if not state.game.scenario.fog_of_war:
        return True
    return _covered(state, pos, sensors(state, side))


def visible_units(state: "State", side: str) -> list[str]:
    """Ids of the units ``side`` can see, sorted: its own and the detected others."""
    if not state.game.scenario.fog_of_war:
        return sorted(state.units)
    seen = seen_enemy_positions(state, side)
    return sorted(uid for uid, u in state.units.items() if u.side == side or u.pos in seen)


#: Bound on the per-Game cache of tracked hexes within a sensor's range.
_TRACKED_CACHE_MAX = 50_000


def _tracked_within(state: "State", pos: int, rng: int) -> frozenset[int]:
    """Tracked hexes (objectives, places) within ``rng`` of ``pos``: static, cached on the Game."""
    g = state.game
    cache = g.__dict__.setdefault("_tracked_within", {})
    res = cache.get((pos, rng))
    if res is None:
        q, r = g.hex_q, g.hex_r
        pq, pr, lim = q[pos], r[pos], 2 * rng
        res = frozenset(i for i in g.tracked
                        if abs(q[i] - pq) + abs(r[i] - pr) + abs(q[i] - pq + r[i] - pr) <= lim)
        if len(cache) < _TRACKED_CACHE_MAX:
            cache[(pos, rng)] = res
    return res


def visible_control(state: "State", side: str) -> list[tuple[int, str]]:
    """Control of tracked hexes as ``side`` may know it: under fog only hexes it observes."""
    items = sorted(state.control.items())
    if not state.game.scenario.fog_of_war:
        return items
    key = _key(state)
    hit = state._vis.get("control:" + side)
    if hit is not None and hit[0] == key:
        observed = hit[1]
    else:
        sens = _standing_view(state, side)[2] + [(p, 0) for p in _flown_hexes(state, side)]
        seen: set[int] = set()
        for p, rng in sens:
            seen |= _tracked_within(state, p, rng)
        observed = frozenset(seen)
        state._vis["control:" + side] = (key, observed)
    tracked = state.game.tracked
    sens_all: list[tuple[int, int]] | None = None
    out = []
    for i, s in items:
        if i in tracked:
            if i in observed:
                out.append((i, s))
        else:  # control of an untracked hex (a hand-edited save): check it directly
            if sens_all is None:
                sens_all = sensors(state, side)
            if _covered(state, i, sens_all):
                out.append((i, s))
    return out


# --- electronic warfare -------------------------------------------------------------

def ew_sources(state: "State") -> list[tuple[str, str, int, int, int]]:
    """(name, side, hex, shift, radius) of every EW source, sorted by name."""
    g = state.game
    out: list[tuple[str, str, int, int, int]] = []
    bpos = _base_pos(state)
    for b in g.scenario.bases:
        e = b.effects
        if e.ew_shift and e.ew_radius > 0 and state.base_active.get(b.id) and b.id in bpos:
            out.append((b.name or b.id, b.side, bpos[b.id], e.ew_shift, e.ew_radius))
    for uid in sorted(state.units):
        u = state.units[uid]
        ut = g.unit_types[u.type]
        if ut.ew_shift and ut.ew_radius > 0:
            out.append((uid, u.side, u.pos, ut.ew_shift, ut.ew_radius))
    return out


def ew_shifts(state: "State", att_side: str, target: int) -> list[tuple[str, int]]:
    """Column shifts (reason, shift) from EW for an attack by ``att_side`` on ``target``."""
    best: dict[str, int] = {}
    for _, side, pos, shift, radius in ew_sources(state):
        if hex_distance(state, pos, target) <= radius:
            if abs(shift) > abs(best.get(side, 0)):
                best[side] = shift
    out: list[tuple[str, int]] = []
    for side in sorted(best):
        if side == att_side:
            out.append(("own EW", -best[side]))
        else:
            out.append(("enemy EW", best[side]))
    return out

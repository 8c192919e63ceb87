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
    from ..state import State


def hex_distance(state: "State", i: int, j: int) -> int:
    hexes = state.game.hexes
    a, b = hexes[i], hexes[j]
    dq, dr = a[0] - b[0], a[1] - b[1]
    return (abs(dq) + abs(dr) + abs(dq + dr)) // 2


def _base_pos(state: "State") -> dict[str, int]:
    """Base id -> hex index (static; cached on the Game)."""
    g = state.game
    cache = g.__dict__.get("_ops_base_pos")
    if cache is None:
        cache = {b.id: g.index[b.location] for b in g.scenario.bases if b.location in g.index}
        g.__dict__["_ops_base_pos"] = cache
    return cache


def sensors(state: "State", side: str) -> list[tuple[int, int]]:
    """(hex, range) of everything ``side`` sees with, in a stable order."""
    g = state.game
    out: list[tuple[int, int]] = []
    for uid in sorted(state.units):
        u = state.units[uid]
        if u.side == side:
            out.append((u.pos, g.unit_types[u.type].detection_range))
    bpos = _base_pos(state)
    for b in g.scenario.bases:
        if b.side == side and b.effects.detection_range > 0 and state.base_active.get(b.id) and b.id in bpos:
            out.append((bpos[b.id], b.effects.detection_range))
    for m in state.air_missions:
        if m[0] == state.turn and m[1] == side:
            out.append((m[3], 0))
    for _, pos, who in state.struck:
        if who == side:
            out.append((pos, 0))
    return out


def _key(state: "State") -> tuple:
    g = state.game
    return (tuple(state._epoch.get(s, 0) for s in g.side_ids), state.turn, len(state.air_missions),
            len(state.struck), tuple(state.base_active.values()))


def seen_enemy_positions(state: "State", side: str) -> frozenset[int]:
    """Hexes holding enemy units that ``side`` can see (all of them without fog)."""
    cache = state.__dict__.setdefault("_vis", {})
    key = _key(state)
    hit = cache.get(side)
    if hit is not None and hit[0] == key:
        return hit[1]
    enemy = sorted({u.pos for u in state.units.values() if u.side != side})
    if not state.game.scenario.fog_of_war:
        res = frozenset(enemy)
    else:
        sens = sensors(state, side)
        res = frozenset(p for p in enemy if any(hex_distance(state, p, s) <= r for s, r in sens))
    cache[side] = (key, res)
    return res


def is_observed(state: "State", side: str, pos: int) -> bool:
    """True if ``side`` sees hex ``pos`` now (always without fog)."""
    if not state.game.scenario.fog_of_war:
        return True
    return any(hex_distance(state, pos, s) <= r for s, r in sensors(state, side))


def visible_units(state: "State", side: str) -> list[str]:
    """Ids of the units ``side`` can see, sorted: its own and the detected others."""
    if not state.game.scenario.fog_of_war:
        return sorted(state.units)
    seen = seen_enemy_positions(state, side)
    return sorted(uid for uid, u in state.units.items() if u.side == side or u.pos in seen)


def visible_control(state: "State", side: str) -> list[tuple[int, str]]:
    """Control of tracked hexes as ``side`` may know it: under fog only hexes it observes."""
    items = sorted(state.control.items())
    if not state.game.scenario.fog_of_war:
        return items
    sens = sensors(state, side)
    return [(i, s) for i, s in items if any(hex_distance(state, i, p) <= r for p, r in sens)]


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

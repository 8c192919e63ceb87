"""What a side knows of the enemy when it plans a move: the occupancy sets of the enemy units it sees.

Under fog of war a side's legal moves, their refusals and its units' allowances near the enemy are
worked out on the enemy units the side sees (engine/rules/intel.py), never on hidden ones: a hex left
out of the legal moves, or a shortened reach, would show where a hidden unit stands. The move then meets
the truth as it is made (``movement.apply_move``: it halts at a hidden unit or in its zone of control).
Without fog, or when the side sees every enemy unit, these are the occupancy sets themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.rules.intel import _key, seen_enemy_positions
from engine.rules.occupancy import _disc, contact_hexes, enemy_sets

if TYPE_CHECKING:
    from engine.core.state import State

#: (hexes holding enemy units the side sees, hexes in their zones of control, hexes in contact with them)
Known = tuple[frozenset[int], frozenset[int], frozenset[int]]


def known(state: "State", side: str) -> Known:
    """What ``side`` plans its moves on, cached until a unit moves or the enemy changes (one stamp for all three)."""
    if not state.game.scenario.fog_of_war:
        occ, zoc = enemy_sets(state, side)
        return occ, zoc, contact_hexes(state, side)
    stamp = (_key(state), state.enemy_epoch(side))
    hit = state._vis.get("known:" + side)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    occ, zoc = enemy_sets(state, side)
    seen = seen_enemy_positions(state, side)
    res = (occ, zoc, contact_hexes(state, side)) if occ <= seen else _seen_only(state, side, seen)
    state._vis["known:" + side] = (stamp, res)
    return res


def _seen_only(state: "State", side: str, seen: frozenset[int]) -> Known:
    g = state.game
    occ: set[int] = set()
    zoc: set[int] = set()
    centres = []
    for u in state.units.values():
        if u.side == side or u.pos not in seen:
            continue
        occ.add(u.pos)
        if g.unit_types[u.type].zoc:
            zoc.add(u.pos)
            zoc.update(g.nbrs[u.pos])
            centres.append(u.pos)
    radius = g.rules.movement.march_contact
    contact = frozenset().union(*[_disc(g, p, radius) for p in set(centres)])
    return frozenset(occ), frozenset(zoc), contact


def known_enemy_sets(state: "State", side: str) -> tuple[frozenset[int], frozenset[int]]:
    """(hexes holding enemy units ``side`` sees, hexes in their zones of control)."""
    occ, zoc, _ = known(state, side)
    return occ, zoc


def known_contact_hexes(state: "State", side: str) -> frozenset[int]:
    """Hexes within ``movement.march_contact`` of an enemy unit with a zone of control that ``side`` sees."""
    return known(state, side)[2]

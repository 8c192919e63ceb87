"""What a side knows of the enemy when it plans a move: the occupancy sets of the enemy units it sees.

Under fog of war a side's legal moves, their refusals and its units' allowances near the enemy are
worked out on the enemy units the side sees (engine/rules/intel.py), never on hidden ones: a hex left
out of the legal moves, or a shortened reach, would show where a hidden unit stands. The move then meets
the truth as it is made (``movement.apply_move``: it halts at a hidden unit or in its zone of control).
Without fog, or when the side sees every enemy unit, these are the occupancy sets themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.rules.intel import seen_enemy_positions
from engine.rules.occupancy import _disc, contact_hexes, enemy_sets

if TYPE_CHECKING:
    from engine.core.state import State


def _hidden(state: "State", side: str) -> frozenset[int] | None:
    """The seen enemy hexes when some enemy unit is hidden from ``side``; None when it sees them all."""
    if not state.game.scenario.fog_of_war:
        return None
    occ, _ = enemy_sets(state, side)
    seen = seen_enemy_positions(state, side)
    return None if occ <= seen else seen


def known_enemy_sets(state: "State", side: str) -> tuple[frozenset[int], frozenset[int]]:
    """(hexes holding enemy units ``side`` sees, hexes in their zones of control)."""
    seen = _hidden(state, side)
    if seen is None:
        return enemy_sets(state, side)
    key, stamp = "known:" + side, (state.enemy_epoch(side), seen)
    hit = state._zoc.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1], hit[2]
    g = state.game
    occ: set[int] = set()
    zoc: set[int] = set()
    for u in state.units.values():
        if u.side == side or u.pos not in seen:
            continue
        occ.add(u.pos)
        if g.unit_types[u.type].zoc:
            zoc.add(u.pos)
            zoc.update(g.nbrs[u.pos])
    res = (frozenset(occ), frozenset(zoc))
    state._zoc[key] = (stamp, res[0], res[1])
    return res


def known_contact_hexes(state: "State", side: str) -> frozenset[int]:
    """Hexes within ``movement.march_contact`` of an enemy unit with a zone of control that ``side`` sees."""
    seen = _hidden(state, side)
    if seen is None:
        return contact_hexes(state, side)
    key, stamp = "known-contact:" + side, (state.enemy_epoch(side), seen)
    hit = state._zoc.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    g = state.game
    radius = g.rules.movement.march_contact
    centres = {u.pos for u in state.units.values()
               if u.side != side and u.pos in seen and g.unit_types[u.type].zoc}
    res = frozenset().union(*[_disc(g, p, radius) for p in centres])
    state._zoc[key] = (stamp, res, res)
    return res

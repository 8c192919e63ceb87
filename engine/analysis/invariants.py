"""Invariants every reachable state must keep, as pure functions for tests and playout checks.

Why a module and not test helpers: the same checks run after every action of
short playouts of every shipped scenario in the test suite, can run inside a
long Monte Carlo run to find the seed that breaks one, and say in words what
broke. Each ``check_*`` returns a list of violations (empty when the state is
sound) and never changes the state.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Callable

from engine.rules import intel

if TYPE_CHECKING:
    from engine.core.state import State


def _where(state: "State", pos: int) -> str:
    q, r = state.game.hexes[pos]
    return f"hex {q},{r}"


def check_units(state: "State") -> list[str]:
    """Each unit stands where the hex index says, once; strength within its type's steps."""
    g, out = state.game, []
    for uid, u in sorted(state.units.items()):
        if uid != u.id:
            out.append(f"unit keyed {uid!r} calls itself {u.id!r}")
        if uid not in state.hex_units.get(u.pos, ()):
            out.append(f"{uid} is not listed in its {_where(state, u.pos)}")
        steps = g.unit_types[u.type].steps
        if not 1 <= u.strength <= steps:
            out.append(f"{uid} has strength {u.strength} (expected 1 to {steps})")
    listed = sorted(k for ids in state.hex_units.values() for k in ids)
    if listed != sorted(state.units):
        out.append(f"hex lists hold {len(listed)} entries for {len(state.units)} units")
    return out


def check_stacking(state: "State") -> list[str]:
    """No hex holds more units than the stacking limit."""
    limit = state.game.rules.movement.stacking_limit
    return [f"{len(ids)} units in {_where(state, pos)} ({', '.join(sorted(ids))}; limit {limit})"
            for pos, ids in sorted(state.hex_units.items()) if len(ids) > limit]


def check_one_side_per_hex(state: "State") -> list[str]:
    """No hex holds units of two sides."""
    out = []
    for pos, ids in sorted(state.hex_units.items()):
        sides = sorted({state.units[k].side for k in ids if k in state.units})
        if len(sides) > 1:
            out.append(f"{_where(state, pos)} holds units of {' and '.join(sides)} ({', '.join(sorted(ids))})")
    return out


def check_on_land(state: "State") -> list[str]:
    """No unit stands on water or sea."""
    g = state.game
    return [f"{uid} stands on {g.terrain[u.pos]} at {_where(state, u.pos)}"
            for uid, u in sorted(state.units.items()) if not g.land[u.pos]]


def check_non_negative(state: "State") -> list[str]:
    """No negative stocks, air points, air-defence use, losses or rail capacity left."""
    out = []
    for base, stocks in sorted(state.stocks.items()):
        out += [f"base {base} has {v} {k}" for k, v in sorted(stocks.items()) if v < 0]
    out += [f"{s} has {v} air points" for s, v in sorted(state.air_points.items()) if v < 0]
    out += [f"air defence {k} used {v}" for k, v in sorted(state.ad_used.items()) if v < 0]
    out += [f"{s} lost {v} steps" for s, v in sorted(state.steps_lost.items()) if v < 0]
    cap = state.game.rules.rail.capacity
    for s in state.game.side_ids:
        used = state.rail_used.get(s, 0)
        if used < 0 or used > cap.get(s, 0):
            out.append(f"{s} used {used} of its rail capacity {cap.get(s, 0)}")
    return out


def check_tracks(state: "State") -> list[str]:
    """Every track within its range."""
    out = []
    for tid, v in sorted(state.tracks.items()):
        t = state.game.tracks.get(tid)
        if t is None:
            out.append(f"unknown track {tid!r}")
        elif not (isinstance(v, int) and t.min <= v <= t.max) or (isinstance(v, float) and math.isnan(v)):
            out.append(f"track {tid} is {v} (expected {t.min} to {t.max})")
    return out


def check_clone(state: "State") -> list[str]:
    """A clone hashes the same and is a separate object graph."""
    c = state.clone()
    out = [] if c.state_hash() == state.state_hash() else ["clone has a different state hash"]
    if any(c.units[k] is state.units[k] for k in state.units):
        out.append("clone shares unit objects with the original")
    return out


def check_json_round_trip(state: "State") -> list[str]:
    """to_json -> state_from_json gives the same hash and the same JSON."""
    text = state.to_json()
    back = state.game.state_from_json(text)
    out = [] if back.state_hash() == state.state_hash() else ["JSON round trip changes the state hash"]
    if json.loads(back.to_json()) != json.loads(text):
        out.append("JSON round trip changes the JSON")
    return out


def check_fog(state: "State") -> list[str]:
    """observation(side) shows all own units and, under fog of war, only the enemies the side sees."""
    out = []
    fog = state.game.scenario.fog_of_war
    for side in state.game.side_ids:
        shown = {u.id for u in state.observation(side).units}
        own = {k for k, u in state.units.items() if u.side == side}
        if not own <= shown:
            out.append(f"observation of {side} misses its own units {sorted(own - shown)[:5]}")
        if not fog:
            if shown != set(state.units):
                out.append(f"without fog, observation of {side} shows {len(shown)} of {len(state.units)} units")
            continue
        seen = intel.seen_enemy_positions(state, side)
        leaked = sorted(k for k in shown - own if k in state.units and state.units[k].pos not in seen)
        if leaked:
            out.append(f"observation of {side} shows unseen enemies {leaked[:5]}")
    return out


def check_offmap(state: "State") -> list[str]:
    """A unit off the map (rules/offmap.py) is in no hex, is not also on the map, and its box and trip are known."""
    out = []
    g = state.game
    boxes = {b.id: b for b in g.scenario.boxes}
    for uid, (box, dest, turn, u) in sorted(state.offmap.items()):
        if uid in state.units or any(uid in ids for ids in state.hex_units.values()):
            out.append(f"{uid} is off the map in {box} and on the map too")
        if box not in boxes:
            out.append(f"{uid} is in an unknown box {box!r}")
        elif dest >= 0 and g.hexes[dest] not in {ln.hex for ln in boxes[box].links}:
            out.append(f"{uid} travels from {box} to {_where(state, dest)}, not one of its entry hexes")
        if dest >= 0 and turn < state.turn:
            out.append(f"{uid} was due on the map on turn {turn} and is still in transit on turn {state.turn}")
        if not 1 <= u.strength <= g.unit_types[u.type].steps:
            out.append(f"{uid} (off the map) has strength {u.strength}")
    return out


#: name -> check; the cheap ones first.
CHECKS: dict[str, Callable[["State"], list[str]]] = {
    "units": check_units, "stacking": check_stacking, "one_side_per_hex": check_one_side_per_hex,
    "on_land": check_on_land, "non_negative": check_non_negative, "tracks": check_tracks,
    "fog": check_fog, "clone": check_clone, "json": check_json_round_trip, "offmap": check_offmap,
}


def violations(state: "State", skip: tuple[str, ...] = ()) -> list[str]:
    """Every broken invariant as ``name: what``, in CHECKS order; [] for a sound state."""
    return [f"{name}: {v}" for name, fn in CHECKS.items() if name not in skip for v in fn(state)]


def checked_playout(game, seed: int, policies: dict, max_actions: int = 100_000, every: int = 1,
                    skip: tuple[str, ...] = ()) -> tuple[int, list[tuple[int, int, str]]]:
    """Play like :func:`engine.analysis.playout.play_game` (same seeds, same policy RNGs), checking
    the invariants after every ``every``-th action; returns (actions played, [(action, turn, violation)])."""
    from engine.core.rng import Rng, derive_seed
    state = game.new_initial_state(seed)
    rngs = {s: Rng(derive_seed(seed, "policy", s)) for s in game.side_ids}
    found: list[tuple[int, int, str]] = []
    n = 0
    while not state.is_terminal() and n < max_actions:
        side = state.current_player()
        state.apply_action(policies[side].choose(state, state.legal(), rngs[side]))
        n += 1
        if n % every == 0:
            found += [(n, state.turn, v) for v in violations(state, skip)]
    return n, found

"""What the AI knows: one side's observation plus the static scenario (never hidden state).

Strength estimates use the unit types and readiness factors of the rules;
objectives come from the side's doctrine or, by default, the victory
objectives (priority = points). Everything iterates in a fixed order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

import attrs

from engine.geo.hexgrid import Hex, distance
from engine.scenario.model import Doctrine, DoctrineObjective
from engine.rules.combat import strength_of

if TYPE_CHECKING:
    from engine.game.game import Game
    from engine.core.state import Observation, UnitView


@attrs.frozen
class Goal:
    """An objective as the AI sees it: where, how much it matters, and take or hold."""

    name: str
    hex: Hex
    priority: int
    mode: str  # take | hold


def doctrine_of(game: "Game", side: str) -> Doctrine:
    return game.scenario.doctrine.get(side) or Doctrine()


def base_objectives(game: "Game", side: str) -> tuple[DoctrineObjective, ...]:
    d = doctrine_of(game, side)
    if d.objectives:
        return d.objectives
    # Default: every victory objective. Our own are to hold or take; the enemy's are to deny.
    return tuple(DoctrineObjective(o.name, o.hex, max(1, o.points), "auto") for o in game.scenario.victory.objectives)


def goals(game: "Game", obs: "Observation") -> list[Goal]:
    """Objectives with their current mode: auto becomes take (enemy holds it) or hold."""
    control = dict(obs.control)
    out = []
    for o in base_objectives(game, obs.side):
        mode = o.mode
        if mode == "auto":
            mode = "hold" if control.get(o.hex) == obs.side else "take"
        out.append(Goal(o.name, o.hex, o.priority, mode))
    return out


def strength(game: "Game", u: "UnitView", which: str) -> float:
    """Attack or defence value of a unit from what is visible (type × steps × readiness × supply)."""
    return strength_of(game, u.type, u.strength, u.readiness, u.supplied, which)


def by_side(obs: "Observation") -> tuple[list["UnitView"], list["UnitView"]]:
    mine = [u for u in obs.units if u.side == obs.side]
    foes = [u for u in obs.units if u.side != obs.side]
    return mine, foes


def enemies_by_hex(obs: "Observation") -> dict[Hex, list["UnitView"]]:
    """The enemy units the side sees, by hex (in the observation's order)."""
    out: dict[Hex, list["UnitView"]] = {}
    for u in obs.units:
        if u.side != obs.side:
            out.setdefault(u.hex, []).append(u)
    return out


def nearest(h: Hex, hexes: Iterable[Hex]) -> tuple[int, Hex | None]:
    best: tuple[int, Hex | None] = (1 << 30, None)
    for x in hexes:
        d = distance(h, x)
        if d < best[0] or (d == best[0] and best[1] is not None and tuple(x) < tuple(best[1])):
            best = (d, x)
    return best


def nearest_within(h: Hex, hexes: list[Hex], radius: int, index: "set | None" = None) -> tuple[int, Hex | None]:
    """:func:`nearest` when only an answer within ``radius`` matters (beyond it: any (d > radius, ...)).

    With many hexes, rings around ``h`` are searched outwards instead (the same answer: the
    smallest distance, ties by the smallest hex); ``index``: ``set(hexes)``, if the caller keeps one.
    """
    n_ring = 3 * radius * (radius + 1) + 1
    if radius < 0 or len(hexes) <= n_ring:
        return nearest(h, hexes)
    pool = index if index is not None else set(hexes)
    q, r = h[0], h[1]
    for d in range(radius + 1):
        ring = [(q + dq, r + dr) for dq in range(-d, d + 1) for dr in range(max(-d, -dq - d), min(d, -dq + d) + 1)
                if abs(dq) + abs(dr) + abs(dq + dr) == 2 * d]
        hit = [x for x in ring if x in pool]
        if hit:
            return d, Hex(*min(hit))
    return radius + 1, None


def terrain_factor(game: "Game", h: Hex) -> float:
    """The defender's terrain as a factor on the odds (a column ≈ ×1.5)."""
    i = game.index.get(h)
    return 1.5 ** game.defence_shift[i] if i is not None else 1.0


def goal_score(game: "Game", obs: "Observation") -> float:
    """Victory points as the side sees them: objectives held, track goals met, losses (visible steps)."""
    vic = game.scenario.victory
    control = dict(obs.control)
    s = 0.0
    for o in vic.objectives:
        c = control.get(o.hex)
        if c == o.side:
            s += o.points if o.side == obs.side else -o.points
    tracks = dict(obs.tracks)
    from engine.rules.victory import holds
    for tg in vic.track_goals:
        v = tracks.get(tg.condition.track)
        if v is None:
            continue
        sign = 1.0 if tg.side == obs.side else -1.0
        if holds(v, tg.condition):
            s += sign * tg.points
        else:  # shaping: the gap to the goal, a little
            s -= sign * 0.1 * abs(v - tg.condition.value)
    return s


def supply_hexes(game: "Game", side: str) -> list[Hex]:
    """Where ``side`` can draw supply, from the static scenario: its source bases and entry hexes."""
    kinds = set(game.rules.supply.sources)
    out = [b.location for b in game.scenario.bases
           if b.side == side and b.active and (b.kind in kinds or b.effects.supply_source)]
    if "entry" in kinds:
        try:
            out.extend(game.scenario.side(side).entry_hexes)
        except KeyError:
            pass
    return sorted(set(out))


def expected_exchange(game: "Game", ratio: float, shift: int) -> float:
    """Expected defender minus attacker step losses at an odds ratio and column shift (from the CRT)."""
    t = game.rules.combat
    base = 0
    for k, r in enumerate(t.ratios):
        if r <= ratio + 1e-9:
            base = k
    col = max(0, min(len(t.columns) - 1, base + shift))
    rows = [row[col] for row in t.rows]
    return sum(r.defender_loss + 0.3 * r.defender_retreat - r.attacker_loss - 0.3 * r.attacker_retreat
               for r in rows) / len(rows)


def goal_field(game: "Game", side: str) -> tuple[int, ...] | None:
    """Per hex index: hex distance to the nearest of ``side``'s base objectives (None: it has none).

    Static (doctrine objectives or the victory objectives), so computed once per Game and side;
    it equals ``min(distance(h, o) for o in objectives)``, the sum the evaluators used to redo per
    unit and per candidate.
    """
    cache = game.__dict__.setdefault("_ai_goal_field", {})
    if side in cache:
        return cache[side]
    gs = sorted({tuple(o.hex) for o in base_objectives(game, side)})
    if not gs:
        cache[side] = None
        return None
    qs, rs = game.hex_q, game.hex_r
    out = []
    for q, r in zip(qs, rs):
        best = 1 << 30
        for gq, gr in gs:
            dq, dr = q - gq, r - gr
            d = (abs(dq) + abs(dr) + abs(dq + dr)) // 2
            if d < best:
                best = d
        out.append(best)
    cache[side] = tuple(out)
    return cache[side]

"""The defender's counterattacks: mass on the enemy unit it can hit hardest, then attack it.

Under heavy enemy air and missile fire the defender's steps are lost whatever it does
(seeds/tournament-war.md: 30-35 of blue's ~35-40 steps on the 2020 map), so what it can
still change is what the enemy loses before that: every enemy step lost scores
``points_per_step_lost``. A reserve hidden all game kills nothing. So, per phase:

- **movement:** for every visible enemy hex, the manoeuvre units that can reach a hex next to
  it this turn (legal moves, the unit's own hex first) are added strongest first until the odds
  column after terrain, river and supply shifts is as good as they can make it; the target where
  that column gives the enemy the highest expected loss (combat table rows: steps lost plus a
  quarter step per hex of retreat; a weak or unsupplied enemy is where odds are best) is chosen,
  its units are ordered there (onto the adjacent hex with the best cover: terrain defence shift),
  and the next target is chosen from the units left. Only attacks at ``MIN_COLUMN`` odds or
  better are prepared.
- **combat:** the legal attacks are scored on the belief (the state as the side sees it:
  rules/combat.odds, fire support and air support included) and played best first, each unit
  once, while the column is ``MIN_COLUMN`` or better.

Reads the observation, the static scenario, the legal orders and a belief built from the
observation; iterates in a fixed order (hexes, ids), so it is deterministic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from engine.core.actions import Action, Attack, Move
from engine.core.rng import Rng
from engine.geo.hexgrid import Hex, distance
from engine.rules import combat
from engine.ai import view
from engine.ai.roles import STAND_OFF, role_of

if TYPE_CHECKING:
    from engine.core.state import Observation, State

#: The worst odds column (its ratio) a prepared or ordered counterattack accepts. At 2:1 the
#: table costs both sides a third of a step on average, and the defender's steps are lost to
#: strikes anyway; at 3:1 the enemy loses 0.83 a battle (scenarios/rules/combat.yaml).
MIN_RATIO = 2.0
#: Weight of a hex of enemy retreat against a step lost (ground given back to the defender).
RETREAT_VALUE = 0.25
#: Weight of our own expected step loss in the score (our steps fall to strikes anyway).
OWN_LOSS = 0.25


def column_value(game, col: int) -> float:
    """Expected enemy loss at odds column ``col``: steps + RETREAT_VALUE per hex, minus OWN_LOSS x ours."""
    rows = [row[col] for row in game.rules.combat.rows]
    return sum(r.defender_loss + RETREAT_VALUE * r.defender_retreat - OWN_LOSS * r.attacker_loss
               for r in rows) / len(rows)


def column(game, attack: float, defence: float, shift: int) -> int:
    """The combat table column of ``attack`` against ``defence`` after ``shift`` (as rules/combat.odds)."""
    t = game.rules.combat
    ratio = attack / defence if defence > 0 else float("inf")
    base = 0
    for k, r in enumerate(t.ratios):
        if r <= ratio + 1e-9:
            base = k
    return max(0, min(len(t.columns) - 1, base + shift))


def min_column(game, ratio: float = 0.0) -> int:
    """Index of the first column whose ratio is at least ``ratio`` (default MIN_RATIO)."""
    t = game.rules.combat
    ratio = ratio or MIN_RATIO
    return next((k for k, r in enumerate(t.ratios) if r >= ratio - 1e-9), len(t.ratios) - 1)


def plan_counter(state: "State", obs: "Observation", groups: Sequence[str], acts_of,
                 skip: set[str], ratio: float = 0.0) -> tuple[list[Action], set[str]]:
    """Moves that mass manoeuvre units (not in ``skip``) next to the enemy hexes they can hit
    hardest, at odds ``ratio`` or better (default MIN_RATIO; see the module doc). Returns the
    orders and the units decided."""
    game = state.game
    types = game.rules.unit_types
    idx = game.index
    table = game.rules.combat
    limit = game.rules.movement.stacking_limit
    foes = view.enemies_by_hex(obs)
    if not foes:
        return [], set()
    stack: dict[Hex, int] = {}
    for u in obs.units:
        if u.side == obs.side:
            stack[u.hex] = stack.get(u.hex, 0) + 1
    gs = set(groups)
    # unit id -> (attack strength, supplied, {adjacent-to-target hex reachable: move or None})
    reach: dict[str, tuple[float, bool, dict[Hex, Action | None]]] = {}
    for u in sorted((u for u in obs.units if u.side == obs.side), key=lambda u: u.id):
        t = types.get(u.type)
        rs = game.readiness.get(u.readiness)
        if (u.id in skip or u.id not in gs or t is None or role_of(t) in STAND_OFF or t.attack <= 0
                or (rs is not None and not rs.can_attack) or u.hex in foes):
            continue
        opts: dict[Hex, Action | None] = {u.hex: None}
        for a in acts_of(u.id):
            if isinstance(a, Move):
                opts.setdefault(a.dst, a)
        reach[u.id] = (view.strength(game, u, "attack"), u.supplied, opts)
    vals = [column_value(game, c) for c in range(len(table.columns))]
    least = min_column(game, ratio)
    out: list[Action] = []
    done: set[str] = set()
    used_targets: set[Hex] = set()
    while True:
        best: tuple | None = None
        for th in sorted(foes):
            if th in used_targets or th not in idx:
                continue
            ti = idx[th]
            dfd = sum(view.strength(game, f, "defence") for f in foes[th])
            # each free unit's best hex next to the target: no river, the most cover, its own hex first
            cands = []
            for uid, (att, sup, opts) in reach.items():
                if uid in done:
                    continue
                best_h: tuple | None = None
                for h, a in opts.items():
                    if distance(h, th) != 1 or h in foes or h not in idx or (a is not None and stack.get(h, 0) >= limit):
                        continue
                    river = game.river.get((idx[h], ti))
                    k = (0 if river is None else -1, game.defence_shift[idx[h]], 1 if a is None else 0,
                         tuple(-c for c in h))
                    if best_h is None or k > best_h[0]:
                        best_h = (k, h, a, river)
                if best_h is not None:
                    cands.append((-att, uid, best_h[1], best_h[2], best_h[3], sup))
            if not cands:
                continue
            cands.sort(key=lambda c: (c[0], c[1]))
            att_sum, rivers, unsup = 0.0, [], False
            top: tuple | None = None
            for n, c in enumerate(cands, 1):
                att_sum -= c[0]
                rivers.append(c[4])
                unsup = unsup or not c[5]
                shift = game.defence_shift[ti]
                if all(rivers):
                    shift += table.major_river_shift if "major" in rivers else table.river_shift
                if unsup:
                    shift += table.out_of_supply_shift
                col = column(game, att_sum, dfd, shift)
                if top is None or col > top[0]:
                    top = (col, n)
            assert top is not None
            col, n = top
            if col < least:
                continue
            score = (vals[col], -n, tuple(-c for c in th))
            if best is None or score > best[0]:
                best = (score, th, cands[:n])
        if best is None:
            break
        _, th, chosen = best
        used_targets.add(th)
        for _, uid, h, a, _, _ in chosen:
            done.add(uid)
            if a is not None:
                src = next(u.hex for u in obs.units if u.id == uid)
                stack[src] -= 1
                stack[h] = stack.get(h, 0) + 1
                out.append(a)
    return out, done


def plan_attacks(state: "State", obs: "Observation", groups: Sequence[str], acts_of, belief) -> list[Action]:
    """The legal attacks at MIN_RATIO odds or better, best expected enemy loss first, each unit once.

    ``belief`` is the state as the side sees it (greedy.belief): the odds are rules/combat.odds on it."""
    game = state.game
    vals = [column_value(game, c) for c in range(len(game.rules.combat.columns))]
    least = min_column(game)
    scored = []
    for g in groups:
        if not g.isdigit():
            continue
        ti = int(g)
        if not belief.units_at(ti):
            continue
        for a in acts_of(g):
            if not isinstance(a, Attack) or any(k not in belief.units for k in a.attackers):
                continue
            o = combat.odds(belief, ti, a.attackers)
            if o.column >= least:
                scored.append(((-vals[o.column], len(a.attackers), a.target, a.attackers), a))
    scored.sort(key=lambda x: x[0])
    used: set[str] = set()
    hit: set[Hex] = set()
    out: list[Action] = []
    for _, a in scored:
        if a.target in hit or used.intersection(a.attackers):
            continue
        hit.add(a.target)
        used.update(a.attackers)
        out.append(a)
    return out


def fresh_belief(greedy, state: "State", obs: "Observation"):
    """A belief for scoring attacks (no dice are rolled on it)."""
    return greedy.belief(state, obs, Rng(0), 0)

"""The air phase as a staff plans it: strike what the air can reach, where the enemy's air defence is thin.

Air points are few (4-7 a turn) and each that gets through hits half a step
(rules: air.strike_hits), so the plan spends them on *strikes* at visible
enemy units, not on close support over hexes where nobody fights:

- the enemy's air defence is read from what the side sees (visible enemy units
  with an air-defence radius and capacity, from their types) and the enemy's
  bases in the static scenario; a point flown into a covered hex is absorbed
  until the covering sources' capacity is used up;
- each allocation sends the number of points to one hex that gives the most
  expected hits per point flown (absorbed points count as flown), capped at the
  steps there; the hit takes the strongest unit of the hex, and a hex whose
  strongest unit is air defence, a missile launcher or a fire unit counts more
  (counter-air and counter-fires: they are what kills our steps);
- nothing worth a point (every target covered beyond the points left): the rest
  is left to the evaluator (support, interdiction).

Reads only the observation, the static scenario and the legal orders; iterates in
a fixed order (hexes, ids), so it is deterministic.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Sequence

from engine.core.actions import AirMission, Action
from engine.geo.hexgrid import Hex, distance
from engine.ai import view
from engine.ai.roles import AIR_DEFENCE, FIRES, MISSILE, role_of

if TYPE_CHECKING:
    from engine.core.state import Observation

STRIKE_KEY = "air:strike"
#: Value of a step of an air-defence, missile or fire unit relative to a manoeuvre step: killing
#: them saves our own steps later (counter-air, counter-fires). A preference, not a rule number.
HIGH_VALUE = 1.5
HIGH_VALUE_ROLES = frozenset({AIR_DEFENCE, MISSILE, FIRES})


def enemy_air_defence(game, obs: "Observation") -> list[tuple[Hex, int, int]]:
    """(hex, radius, capacity per turn) of the enemy's air defence as ``obs`` shows it, in a fixed order."""
    types = game.rules.unit_types
    out: list[tuple[Hex, int, int]] = []
    for u in sorted(obs.units, key=lambda u: u.id):
        t = types.get(u.type) if u.side != obs.side else None
        if t is not None and t.air_defence > 0 and t.air_defence_radius > 0:
            out.append((u.hex, t.air_defence_radius, int(math.ceil(t.air_defence))))
    for b in sorted(game.scenario.bases, key=lambda b: b.id):
        e = b.effects
        if b.side != obs.side and b.active and e.air_defence > 0 and e.air_defence_radius > 0:
            out.append((b.location, e.air_defence_radius, int(math.ceil(e.air_defence))))
    return out


def plan_strikes(game, obs: "Observation", targets: Sequence[Hex], points: int,
                 max_order: int = 2) -> list[AirMission]:
    """Strike orders for up to ``points`` air points over ``targets`` (the legal strike hexes)."""
    types = game.rules.unit_types
    per = game.rules.air.strike_hits
    foes = view.enemies_by_hex(obs)
    weight: dict[Hex, float] = {}
    steps: dict[Hex, float] = {}
    for h in sorted(set(targets)):
        us = foes.get(h)
        if not us:
            continue
        top = max(us, key=lambda u: (u.strength, [-ord(c) for c in u.id]))
        t = types.get(top.type)
        weight[h] = HIGH_VALUE if t is not None and role_of(t) in HIGH_VALUE_ROLES else 1.0
        steps[h] = float(sum(u.strength for u in us))
    sources = enemy_air_defence(game, obs)
    cap = [c for _, _, c in sources]  # capacity left per source this turn, as the plan spends it
    covers = {h: [k for k, (x, r, _) in enumerate(sources) if distance(h, x) <= r] for h in weight}
    out: list[AirMission] = []
    left = points
    while left > 0 and weight:
        best: tuple | None = None
        for h in sorted(weight):
            absorb = sum(cap[k] for k in covers[h])
            for k in range(1, left + 1):
                hits = min(steps[h], per * max(0, k - absorb))
                if hits <= 0:
                    continue
                val = weight[h] * hits / k
                key = (val, k, tuple(-c for c in h))  # ties: more points in one go (fewer orders)
                if best is None or key > best[0]:
                    best = (key, h, k)
        if best is None:
            break
        _, h, k = best
        through = k
        for j in covers[h]:  # the covering sources use their capacity in a fixed order
            take = min(through, cap[j])
            cap[j] -= take
            through -= take
        steps[h] -= per * through
        if steps[h] <= 1e-9:
            del weight[h]
        left -= k
        while k > 0:
            n = min(k, max_order)
            out.append(AirMission("strike", h, n))
            k -= n
    return out


def plan_air(state, obs: "Observation", groups: Sequence[str], acts_of) -> list[Action]:
    """The side's air strikes this phase (see the module doc); the evaluator decides the rest."""
    if STRIKE_KEY not in set(groups) or obs.air_points <= 0:
        return []
    acts = [a for a in acts_of(STRIKE_KEY) if isinstance(a, AirMission)]
    most = max((a.points for a in acts), default=1)
    out: list[Action] = list(plan_strikes(state.game, obs, sorted({a.target for a in acts}), obs.air_points, most))
    return out

"""The attacker's axes of advance: detachments sent to take what the enemy scores on.

A side that does not defend (war.defends) scores by taking ground only where the victory
objectives say so. The one-step evaluator pulls every unit towards the nearest of the
doctrine's objectives, and a crisis doctrine written for peace ("hold Minsk, Hrodna, Brest")
names none beyond the border; so in war an attacker that destroyed the defender's whole force
still left the Suwałki gap and Vilnius in its hands at the end (zapad-2021-war, greedy red
against greedy blue: Vilnius taken in 2 games of 20). A staff reads the victory conditions:
every objective that scores for another side is worth its points to deny.

So, per movement phase, for every such objective not held by the side (as it observes
control), strongest points first: the side's nearest free manoeuvre units (``per_points``: one
per that many of its points, rounded up) move to the legal destination nearest it (the one
that gets there, when one does), and units already on an objective the side holds stay there
(control at the end is what scores). A unit that can come no nearer is left to the evaluator
(it may be held by an enemy's zone of control, and an attack is the way through).

Reads the observation, the static scenario and the legal orders; iterates in a fixed order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from engine.core.actions import Action, Move, Rail
from engine.geo.hexgrid import distance
from engine.ai.roles import STAND_OFF, role_of

if TYPE_CHECKING:
    from engine.core.state import Observation, State

#: One unit of a detachment per this many of the objective's points, rounded up (Suwałki's 15: 3,
#: Vilnius's 10: 2). Search red's mean margin against greedy blue, n=20, with 5 / 3 / 10 / 15 (and with
#: no detachments): zapad-2021-war 72.0 / 73.5 / 74.3 / 73.5 (58.5), baseline-2020-war
#: 97.0 / 98.1 / 99.2 / 96.7 (86.2). The size hardly matters against a defender whose force is destroyed;
#: against search blue, which garrisons its objectives (war.GARRISON_POINTS), 5 took zapad-2021-war's
#: Vilnius in 19 games of 20 (without detachments 2) and moved red's margin 51.6 -> 64.1.
THRUST_POINTS = 5


def enemy_objectives(game, side: str):
    """The victory objectives that score for a side other than ``side``, most points first."""
    return sorted((o for o in game.scenario.victory.objectives if o.side != side and o.points > 0),
                  key=lambda o: (-o.points, o.hex))


def plan_thrusts(state: "State", obs: "Observation", groups: Sequence[str], acts_of, skip: set[str],
                 per_points: int = THRUST_POINTS) -> tuple[list[Action], set[str]]:
    """Orders for the detachments (see the module doc) and the units they decide."""
    game = state.game
    types = game.rules.unit_types
    control = dict(obs.control)
    gs = set(groups)
    limit = game.rules.movement.stacking_limit
    free = sorted((u for u in obs.units if u.side == obs.side and u.id in gs and u.id not in skip
                   and u.type in types and role_of(types[u.type]) not in STAND_OFF),
                  key=lambda u: u.id)
    stack: dict = {}
    for u in obs.units:
        if u.side == obs.side:
            stack[u.hex] = stack.get(u.hex, 0) + 1
    used: set[str] = set()
    decided: set[str] = set()
    out: list[Action] = []
    for o in enemy_objectives(game, obs.side):
        size = max(1, -(-o.points // max(1, per_points)))
        there = [u for u in free if u.hex == o.hex and u.id not in used][:size]
        used.update(u.id for u in there)
        decided.update(u.id for u in there)
        if control.get(o.hex) == obs.side:
            continue  # ours: whoever stands on it stays; no one else is sent
        need = size - len(there)
        for u in sorted(free, key=lambda u: (distance(u.hex, o.hex), -u.strength, u.id)):
            if need <= 0:
                break
            if u.id in used:
                continue
            best: tuple | None = None
            for a in acts_of(u.id):
                if not isinstance(a, (Move, Rail)) or stack.get(a.dst, 0) >= limit:
                    continue
                k = (distance(a.dst, o.hex), 0 if isinstance(a, Move) else 1, a.dst)
                if best is None or k < best[0]:
                    best = (k, a)
            used.add(u.id)
            need -= 1
            if best is None or best[0][0] >= distance(u.hex, o.hex):
                continue  # no nearer: counted in the detachment, left to the evaluator
            a = best[1]
            decided.add(u.id)
            stack[u.hex] -= 1
            stack[a.dst] = stack.get(a.dst, 0) + 1
            out.append(a)
    return out, decided

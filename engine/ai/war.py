"""The war layer as a staff would play it: manoeuvre by the evaluator, every other unit by its role.

Used by search.py once force may be used (and by any policy that wants it).
Per phase, reading only the side's observation, the static scenario and the
legal orders:

- **movement, the defender first:** with the doctrine's ``defence: forward`` every manoeuvre unit
  holds the ground it stands on (a forward defence of a whole border). By default (``depth``): a
  garrison on each of its scoring objectives (one unit per GARRISON_POINTS of its points: what
  scores most is held hardest); counterattacks at good odds
  with the manoeuvre units that can reach an enemy this turn (counter.py); its other
  manoeuvre units (the reserve) out of the enemy's sight (its visible units, radar bases, and its
  unseen long-range radars where the scenario placed them), else under our own air defence,
  until the last turn, when they come out to retake the objectives.
- **movement, the attacker:** after its garrisons, detachments to every objective the enemy
  scores on and the side does not hold (thrust.py: a staff reads the victory conditions, where a
  doctrine written for peace names only home towns).
- **movement:** the manoeuvre units (roles.py) move first, order by order, by
  the one-step evaluator (greedy.py: objectives, odds, supply). Then every
  stand-off unit is placed by its role on the hex its reach allows:
  *air defence* where it covers the most friendly steps not yet covered by
  another air-defence unit (bases and objectives held count too), *missiles*
  within range of the most visible enemy units, as far back as that allows,
  *fires* within fire range of the enemies next to our manoeuvre units (the
  main effort's fights) and two hexes or more from any enemy, *support* (EW,
  engineers) with the manoeuvre force. None of them ever ends its move next to
  a visible enemy; a unit out of supply falls back towards its supply first.
- **combat:** the defender's counterattacks at MIN_RATIO odds or better, best first (counter.py); the
  evaluator's attacks (fire units support them from
  range); then every fire unit that has not fired bombards: enemy fire and
  missile units first (counter-battery), then the weakest enemy hex, where a
  hit is most likely to destroy a unit.
- **air:** strikes at visible enemy units where the enemy's air defence is thin (airplan.py),
  then the evaluator (missile strikes, support, interdiction).
- **other phases:** the evaluator.

Every choice iterates in a fixed order (ids, hexes), so it is deterministic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Sequence

from engine.core.actions import END, Action, Bombard, Move, Rail
from engine.core.grouped import GroupedOrders
from engine.core.rng import Rng
from engine.geo.hexgrid import Hex, distance
from engine.ai import view
from engine.ai.airplan import plan_air
from engine.ai.counter import fresh_belief, plan_attacks, plan_counter
from engine.ai.greedy import GreedyPolicy
from engine.ai.thrust import plan_thrusts
from engine.ai.roles import AIR_DEFENCE, FIRES, MISSILE, STAND_OFF, SUPPORT, fire_reach, role_of

if TYPE_CHECKING:
    from engine.core.state import Observation, State, UnitView

#: Score of a hex next to a visible enemy for a stand-off unit: never chosen while another hex is open.
CONTACT = -1000.0
#: Manoeuvre units kept on each scoring objective of the side.
GARRISON = 1
#: ... or one per this many of the objective's victory points, rounded up (0: GARRISON on each).
#: Measured against greedy red, n=20, blue "vs mirror": 10 (Suwałki 2, Vilnius 1) gave +10.2 +-8.1 on
#: permanent-base-war (+3.0 with 0; 2 on each +9.9, 3 on each +14.7 but +9.2 +-8.3 on zapad-2021-war)
#: and +12.6 +-7.2 on zapad-2021-war (+10.9 with 0); baseline-2020-war -3.4 +-11.9 (-5.2 with 0).
GARRISON_POINTS = 10
#: The defender's reserve stays out of sight until this many turns before the end, then fights
#: (retakes) for the objectives: control at the end is what scores.
CONCEAL_UNTIL = 1
BOMBARD = "bombard:"
#: Does the reserve that cannot hide this turn withdraw towards cover? Measured on zapad-2021-war
#: (n=10 against greedy): no gain (own losses 33.7 vs 32.4 steps, the enemy's fall 5.7 -> 2.2), so off.
WITHDRAW = False
#: Hexes added to every enemy sensor's range when the reserve looks for cover (the enemy moves
#: before it looks again). 2 measured no better on zapad-2021-war against greedy (n=10: +6.3 against
#: +10.1 with 0, intervals +-15) and leaves no cover at all on small maps, so 0.
SIGHT_MARGIN = 0
#: Does the defender mass its free manoeuvre units for counterattacks at good odds (counter.py)?
COUNTER = True
#: ... and the units it cannot hide (in the enemy's sight, struck whatever they do) at these odds or
#: better (0: off). Measured n=20 against greedy red (blue vs mirror): 1.0 and 1.5 change no game on
#: permanent-base-war or zapad-2021-war and move baseline-2020-war -3.4 -> -2.1 / -3.4 (+-11): such units
#: rarely reach an enemy, so off.
EXPOSED_RATIO = 0.0
#: Does the attacker send detachments to the objectives the enemy scores on (thrust.py)?
THRUST = True
#: A type that sees this many hexes is a long-range sensor (air-defence radar): an unseen one is
#: assumed where the scenario placed it.
RADAR_RANGE = 5


class _Only(GroupedOrders):
    """The legal orders restricted to some groups (what the evaluator may decide)."""

    def __init__(self, legal, keep: Callable[[str], bool]) -> None:
        self._legal = legal
        self.groups = [g for g in (getattr(legal, "groups", None) or []) if keep(g)]
        self._all = None

    def actions_of(self, key: str) -> list[Action]:
        return self._legal.actions_of(key)

    def orders_of(self, key: str):
        return self._legal.orders_of(key)


def role_map(game, obs: "Observation") -> dict[str, str]:
    """Unit id -> role for the side's own units."""
    types = game.rules.unit_types
    return {u.id: role_of(types[u.type]) for u in obs.units if u.side == obs.side and u.type in types}


def place(game, obs: "Observation", uid: str, role: str, cands: Sequence[Hex], covered: dict[Hex, float],
          stack: dict[Hex, int]) -> Hex:
    """The hex among ``cands`` (the unit's own hex first) that serves ``role`` best (see the module doc)."""
    me = {u.id: u for u in obs.units}[uid]
    t = game.rules.unit_types[me.type]
    foes = [u for u in obs.units if u.side != obs.side]
    mine = [u for u in obs.units if u.side == obs.side and u.id != uid]
    fighters = [u for u in mine if role_of(game.rules.unit_types[u.type]) not in STAND_OFF]
    sources = view.supply_hexes(game, obs.side)
    limit = game.rules.movement.stacking_limit
    held = [h for h, s in obs.control if s == obs.side and h in _objective_hexes(game)]
    # the enemy hexes our manoeuvre units are in contact with: where the main effort fights
    fights = sorted({f.hex for f in foes for u in fighters if distance(f.hex, u.hex) <= 1})
    best: tuple | None = None
    for k, h in enumerate(cands):
        if k and stack.get(h, 0) >= limit:
            continue
        dfoe = min((distance(h, f.hex) for f in foes), default=1 << 20)
        s = CONTACT if dfoe <= 1 else 0.0
        if not me.supplied and sources:
            s -= 2.0 * min(distance(h, x) for x in sources)  # fall back on supply before anything else
        if role == AIR_DEFENCE:
            r = t.air_defence_radius
            s += sum(c for x, c in covered.items() if distance(h, x) <= r)
            s += sum(3.0 for x in held if distance(h, x) <= r)
            s += 0.5 * min(dfoe, 4)  # keep back from the enemy where coverage is equal
        elif role == MISSILE:
            r = t.range
            n = sum(1 for f in foes if distance(h, f.hex) <= r)
            s += 2.0 * n if n else -float(dfoe - r)
            s += 0.2 * min(dfoe, r)  # as far back as range allows
        elif role == FIRES:
            r = max(2, fire_reach(t))
            aims = fights or sorted({f.hex for f in foes})
            n = sum(1 for x in aims if distance(h, x) <= r)
            s += 3.0 * n if n else -float(min((distance(h, x) for x in aims), default=0))
            s -= 0.5 * max(0, 2 - dfoe)  # two hexes back when it can
        elif role == SUPPORT:
            s -= min((distance(h, u.hex) for u in fighters), default=0)
            if t.ew_radius:
                s += 2.0 * sum(1 for f in foes if distance(h, f.hex) <= t.ew_radius)
        kk = (s, 1 if k == 0 else 0, tuple(-c for c in h))
        if best is None or kk > best[0]:
            best = (kk, h)
    assert best is not None
    return best[1]


def _objective_hexes(game) -> set[Hex]:
    hit = game.__dict__.get("_ai_objective_hexes")
    if hit is None:
        hit = game.__dict__["_ai_objective_hexes"] = {o.hex for o in game.scenario.victory.objectives}
    return hit


def plan_stand_off(state: "State", obs: "Observation", groups: Sequence[str], acts_of) -> list[Action]:
    """Moves that place every stand-off unit by its role (air defence first, it reads where the rest are)."""
    game = state.game
    roles = role_map(game, obs)
    mine = [u for u in obs.units if u.side == obs.side]
    stack: dict[Hex, int] = {}
    covered: dict[Hex, float] = {}
    for u in mine:
        stack[u.hex] = stack.get(u.hex, 0) + 1
        if roles.get(u.id) != AIR_DEFENCE:
            covered[u.hex] = covered.get(u.hex, 0.0) + u.strength
    order = {AIR_DEFENCE: 0, MISSILE: 1, FIRES: 2, SUPPORT: 3}
    gs = set(groups)
    units = sorted((u for u in mine if roles.get(u.id) in STAND_OFF and u.id in gs),
                   key=lambda u: (order[roles[u.id]], u.id))
    out: list[Action] = []
    for u in units:
        acts = [a for a in acts_of(u.id) if isinstance(a, (Move, Rail))]
        by_dst: dict[Hex, Action] = {}
        for a in acts:
            if a.dst not in by_dst or (isinstance(by_dst[a.dst], Rail) and isinstance(a, Move)):
                by_dst[a.dst] = a
        cands = [u.hex] + sorted(by_dst)
        h = place(game, obs, u.id, roles[u.id], cands, covered, stack)
        if roles[u.id] == AIR_DEFENCE:  # what this one covers is covered: the next covers something else
            r = game.rules.unit_types[u.type].air_defence_radius
            for x in list(covered):
                if distance(h, x) <= r:
                    covered[x] = 0.0
        if h != u.hex:
            stack[u.hex] -= 1
            stack[h] = stack.get(h, 0) + 1
            out.append(by_dst[h])
    return out


def plan_garrisons(state: "State", obs: "Observation", groups: Sequence[str], acts_of,
                   per_goal: int = 1, per_points: int = 0) -> tuple[list[Action], set[str]]:
    """Hold what scores: every victory objective of ours gets ``per_goal`` manoeuvre units on it
    (with ``per_points``: one per that many of its points, rounded up, at least ``per_goal``).

    Units already there stay (their groups are returned as decided); an empty objective is
    taken by the nearest manoeuvre unit that can enter it this turn. Control at the end is
    what counts, so the line is anchored on the objectives and the rest fight around them.
    """
    game = state.game
    roles = role_map(game, obs)
    mine = sorted((u for u in obs.units if u.side == obs.side and roles.get(u.id) not in STAND_OFF),
                  key=lambda u: (-u.strength, u.id))
    gs = set(groups)
    objs = sorted((o for o in game.scenario.victory.objectives if o.side == obs.side),
                  key=lambda o: (-o.points, o.hex))
    used: set[str] = set()
    out: list[Action] = []
    for o in objs:
        size = max(per_goal, -(-o.points // per_points)) if per_points > 0 else per_goal
        there = [u for u in mine if u.hex == o.hex and u.id not in used][:size]
        used.update(u.id for u in there)
        need = size - len(there)
        for u in sorted(mine, key=lambda u: (distance(u.hex, o.hex), -u.strength, u.id)):
            if need <= 0:
                break
            if u.id in used or u.id not in gs:
                continue
            a = next((a for a in acts_of(u.id) if isinstance(a, (Move, Rail)) and a.dst == o.hex), None)
            if a is not None:
                out.append(a)
                used.add(u.id)
                need -= 1
    return out, used


def defends(game, side: str) -> bool:
    """Does ``side`` defend: do its own victory objectives weigh at least as much as the enemy's?

    A defender trades space for time: it anchors on its objectives and keeps the rest of its
    force where the enemy cannot see (and so cannot strike) it, ready to retake them."""
    own = sum(o.points for o in game.scenario.victory.objectives if o.side == side)
    other = sum(o.points for o in game.scenario.victory.objectives if o.side != side)
    return own > 0 and own >= other


def enemy_sensors(game, obs: "Observation") -> list[tuple[Hex, int]]:
    """(hex, detection range) of what the enemy sees with, as far as ``obs`` shows: its visible
    units (their types' detection ranges), its radar bases from the scenario, and its long-range
    sensors (types seeing RADAR_RANGE hexes or more: air-defence radars) that are out of our sight,
    assumed where the scenario placed them (a radar that is not seen has not been seen to move)."""
    types = game.rules.unit_types
    out = [(u.hex, types[u.type].detection_range) for u in obs.units if u.side != obs.side and u.type in types]
    out.extend((b.location, b.effects.detection_range) for b in game.scenario.bases
               if b.side != obs.side and b.active and b.effects.detection_range > 0)
    seen = {u.id for u in obs.units}
    out.extend((s.location, types[s.type].detection_range) for s in game.scenario.units
               if s.side != obs.side and s.id not in seen and not s.box and s.type in types
               and types[s.type].detection_range >= RADAR_RANGE)
    return out


def exposure(h: Hex, sens: Sequence[tuple[Hex, int]], margin: int = 0) -> int:
    """How deep ``h`` lies inside the enemy's sight (each range ``margin`` hexes longer): the most
    hexes any sensor reaches past it (0: out of sight). Lower is nearer to cover."""
    return max(0, max((r + margin + 1 - distance(h, x) for x, r in sens), default=0))


def plan_conceal(state: "State", obs: "Observation", groups: Sequence[str], acts_of,
                 skip: set[str], withdraw: bool = False) -> tuple[list[Action], set[str]]:
    """The defender's reserve: manoeuvre units (not in ``skip``) move out of the enemy's sight
    (air and missile strikes need a seen target) or under our own air defence (strikes there are
    absorbed first), as near their objectives as that allows;
    a unit already hidden and supplied stays. With ``withdraw``, a unit that cannot get out of
    sight this turn moves to where it is least deep inside it (towards cover: trading space for
    its steps); otherwise it is left to the evaluator. Returns the orders and the units decided."""
    game = state.game
    roles = role_map(game, obs)
    sens = enemy_sensors(game, obs)
    foes = [u.hex for u in obs.units if u.side != obs.side]
    field = view.goal_field(game, obs.side)
    idx = game.index
    sources = view.supply_hexes(game, obs.side)
    limit = game.rules.movement.stacking_limit
    stack: dict[Hex, int] = {}
    for u in obs.units:
        if u.side == obs.side:
            stack[u.hex] = stack.get(u.hex, 0) + 1

    types = game.rules.unit_types
    umbrella = [(u.hex, types[u.type].air_defence_radius) for u in obs.units
                if u.side == obs.side and roles.get(u.id) == AIR_DEFENCE and types[u.type].air_defence > 0]

    def danger(h: Hex) -> int:  # 0: out of sight with a margin; 1: under our own air defence; else deeper
        e = exposure(h, sens, SIGHT_MARGIN)
        if e == 0:
            return 0
        return 1 if any(distance(h, x) <= r for x, r in umbrella) else 1 + e

    gs = set(groups)
    out: list[Action] = []
    done: set[str] = set()
    for u in sorted((u for u in obs.units if u.side == obs.side), key=lambda u: u.id):
        if u.id in skip or u.id not in gs or roles.get(u.id) in STAND_OFF:
            continue
        acts = [a for a in acts_of(u.id) if isinstance(a, (Move, Rail))]
        best: tuple | None = None
        for k, (h, a) in enumerate([(u.hex, None)] + [(a.dst, a) for a in acts]):
            if k and stack.get(h, 0) >= limit:
                continue
            dfoe = min((distance(h, f) for f in foes), default=1 << 20)
            sc = (-danger(h), 0 if dfoe <= 1 else 1,
                  1 if u.supplied or not sources else -min(distance(h, x) for x in sources),
                  -(field[idx[h]] if field is not None and h in idx else 0), 1 if k == 0 else 0,
                  tuple(-c for c in h))
            if best is None or sc > best[0]:
                best = (sc, h, a)
        assert best is not None
        if best[0][0] < -1 and not withdraw:
            continue  # nowhere out of sight or under cover: the evaluator decides (fight, or hold good ground)
        done.add(u.id)
        if best[2] is not None:
            stack[u.hex] -= 1
            stack[best[1]] = stack.get(best[1], 0) + 1
            out.append(best[2])
    return out, done


def plan_bombard(state: "State", obs: "Observation", groups: Sequence[str], acts_of) -> list[Action]:
    """One bombardment per fire unit that has not fired: counter-battery first, then the weakest hex."""
    game = state.game
    types = game.rules.unit_types
    foes = [u for u in obs.units if u.side != obs.side]
    value: dict[Hex, tuple] = {}
    for f in foes:
        r = role_of(types[f.type]) if f.type in types else ""
        k = (1 if r in (FIRES, MISSILE) else 0, -f.strength)
        if f.hex not in value or k > value[f.hex]:
            value[f.hex] = k
    out: list[Action] = []
    for g in sorted(x for x in groups if x.startswith(BOMBARD)):
        acts = [a for a in acts_of(g) if isinstance(a, Bombard) and a.target in value]
        if acts:
            out.append(max(acts, key=lambda a: (value[a.target], tuple(-c for c in a.target))))
    return out


class WarStaff:
    """The war-layer policy (see the module doc). ``choose`` like any policy; fresh per game."""

    name = "war"

    def __init__(self, greedy: GreedyPolicy | None = None) -> None:
        self.greedy = greedy or GreedyPolicy()
        self._key: tuple | None = None
        self._queue: list[Action] | None = None
        self._roles: dict[str, str] = {}
        self._fixed: set[str] = set()
        self._pre: list[Action] = []

    def choose(self, state: "State", legal, rng: Rng) -> Action:
        side = state.current_player()
        assert side is not None
        key = (state.seed, state.turn, state.phase, side, state.game.scenario.digest)
        if key != self._key:
            self._key, self._queue = key, None
            obs = state.observation(side)
            self._roles = role_map(state.game, obs)
            self._fixed, self._pre = set(), []
            if (COUNTER and state.phase == "combat" and hasattr(legal, "groups")
                    and defends(state.game, side)):  # the defender's counterattacks, best odds first
                self._pre = list(reversed(plan_attacks(state, obs, legal.groups, legal.actions_of,
                                                       fresh_belief(self.greedy, state, obs))))
            if state.phase == "movement" and hasattr(legal, "groups"):
                defender = defends(state.game, side)
                forward = defender and view.doctrine_of(state.game, side).defence == "forward"
                if forward:  # forward defence (the doctrine's ``defence``): every manoeuvre unit holds its ground
                    pre: list[Action] = []
                    self._fixed = {g for g in legal.groups if g in self._roles and self._roles[g] not in STAND_OFF}
                else:
                    pre, self._fixed = plan_garrisons(state, obs, legal.groups, legal.actions_of, GARRISON,
                                                      GARRISON_POINTS)
                if THRUST and not defender:  # axes of advance to what the enemy scores on (thrust.py)
                    more, sent = plan_thrusts(state, obs, legal.groups, legal.actions_of, self._fixed)
                    pre, self._fixed = pre + more, self._fixed | sent
                if defender and not forward:
                    if COUNTER:  # counterattacks at good odds (counter.py)
                        more, hit = plan_counter(state, obs, legal.groups, legal.actions_of, self._fixed)
                        pre, self._fixed = pre + more, self._fixed | hit
                    if state.turn < state.game.scenario.turns - CONCEAL_UNTIL:
                        more, hid = plan_conceal(state, obs, legal.groups, legal.actions_of, self._fixed,
                                                 WITHDRAW)
                        pre, self._fixed = pre + more, self._fixed | hid
                        if COUNTER and EXPOSED_RATIO:  # in sight and nowhere to hide: sell its steps dearly
                            more, hit = plan_counter(state, obs, legal.groups, legal.actions_of, self._fixed,
                                                     EXPOSED_RATIO)
                            pre, self._fixed = pre + more, self._fixed | hit
                self._pre = list(reversed(pre))
        phase = state.phase
        if phase == "air" and hasattr(legal, "groups"):
            if self._queue is None:  # the phase's first order: the air plan (engine/ai/airplan.py)
                obs = state.observation(side)
                self._queue = list(reversed(plan_air(state, obs, legal.groups, legal.actions_of)))
            while self._queue:
                a = self._queue.pop()
                if state.is_legal(a):
                    return a
            return self.greedy.choose(state, legal, rng)
        if phase not in ("movement", "combat") or not hasattr(legal, "groups"):
            return self.greedy.choose(state, legal, rng)
        while self._pre:
            a = self._pre.pop()
            if state.is_legal(a):
                return a
        if self._queue is None:
            if phase == "movement":
                keep = (lambda g: self._roles.get(g) not in STAND_OFF and g not in self._fixed)
            else:
                keep = (lambda g: not g.startswith(BOMBARD))
            a = self.greedy.choose(state, _Only(legal, keep), rng)
            if a is not END:
                return a
            obs = state.observation(side)  # after the evaluator's orders: where the force now stands
            plan = plan_stand_off if phase == "movement" else plan_bombard
            self._queue = list(reversed(plan(state, obs, legal.groups, legal.actions_of)))
        while self._queue:
            a = self._queue.pop()
            if state.is_legal(a):
                return a
        return END

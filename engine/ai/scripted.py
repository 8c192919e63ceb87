"""A scripted doctrine per side: take or hold objectives, keep a reserve, attack at good odds.

It reads only ``state.observation(side)``, the static scenario (doctrine,
objectives, unit types, map) and the legal actions. At the first call of a
phase it plans the whole phase (a queue of orders); later calls pop the
queue, skip orders that became illegal, and play ``end`` when it is empty.

- decisions: options by the doctrine (``auto``: those whose immediate track
  effects do not hurt the side's track goals; ``listed``: ``take_options``
  when their conditions hold; ``none``).
- movement: a reserve share of units moves to (and stays by) the objectives
  the side holds; the others are assigned to objectives by priority over
  distance, with fewer units per objective already crowded; aggressive
  units close with enemies nearer than their objective. Each moves to the
  legal hex nearest its target (rail counts), within the stacking limit.
- combat: targets by value (objectives first), the smallest group of
  attackers that reaches the doctrine's odds (terrain counted).
- any other kind of order (air missions, strikes, new kinds): with
  probability ``aggressiveness`` the one nearest the main objective, else end.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from engine.core.actions import END, Action, Attack, ChooseOption, Move, Rail, ToBox
from engine.geo.hexgrid import Hex, distance
from engine.core.rng import Rng
from engine.rules.movement import UnitOrders
from engine.rules.victory import holds
from engine.ai import view

if TYPE_CHECKING:
    from engine.core.state import Observation, State


def _target_hex(a: Action) -> Hex | None:
    for name in ("target", "dst", "a", "hex"):
        h = getattr(a, name, None)
        if isinstance(h, tuple) and len(h) == 2:
            return h  # type: ignore[return-value]
    return None


class ScriptedPolicy:
    name = "scripted"

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._obs: "Observation | None" = None
        self._queue: list[Action] = []

    # --- entry point -------------------------------------------------------------
    def choose(self, state: "State", legal_actions: Sequence[Action], rng: Rng) -> Action:
        side = state.current_player()
        assert side is not None, "choose() is called only while a side is to act"
        # The phase is public (the observation's turn/phase/to_act); the observation itself is
        # read once per phase, when the phase is planned.
        key = (state.seed, state.turn, state.phase, side, state.game.scenario.digest)
        if key != self._key:
            self._key = key
            self._obs = state.observation(side)
            self._queue = self.plan(state, self._obs, legal_actions, rng)
            self._queue.reverse()
        while self._queue:
            a = self._queue.pop()
            if a is END:
                return END
            if state.is_legal(a):
                return a
        return END

    # --- planning ------------------------------------------------------------------
    def plan(self, state: "State", obs: "Observation", legal: Sequence[Action], rng: Rng) -> list[Action]:
        groups = getattr(legal, "groups", None)
        if groups is None:
            groups = ["*"]
        acts_of = (legal.actions_of if hasattr(legal, "actions_of") else (lambda k: list(legal)))
        out: list[Action] = []
        if obs.phase == "movement":
            out = self.plan_movement(state, obs, groups, acts_of, getattr(legal, "orders_of", None))
        elif obs.phase == "combat":
            out = self.plan_combat(state, obs, groups, acts_of)
        elif obs.phase == "decisions":
            out = self.plan_options(state, obs, groups, acts_of)
        return out + self.plan_generic(state, obs, groups, acts_of, rng)

    def plan_generic(self, state: "State", obs: "Observation", groups, acts_of, rng: Rng) -> list[Action]:
        """Orders the doctrine does not know (readiness, air, strikes, new kinds): per group, with
        probability 0.5 + aggressiveness / 2, the one aimed at visible enemies, else nearest the main goal."""
        game = state.game
        doc = view.doctrine_of(game, obs.side)
        known = (Move, Rail, Attack, ChooseOption, ToBox)  # doctrine never withdraws a unit off the map
        gs = sorted(view.goals(game, obs), key=lambda g: (-g.priority, g.name))
        aim = gs[0].hex if gs else None
        foes = {u.hex for u in obs.units if u.side != obs.side}
        out: list[Action] = []
        # acts_of is normally LegalActions.actions_of: its object also has the lazy orders_of
        orders_of = getattr(getattr(acts_of, "__self__", None), "orders_of", None)
        for g in groups:
            if orders_of is not None and isinstance(orders_of(g), UnitOrders):
                continue  # a unit's moves and rails: all known kinds, so no pool (and no draw)
            pool = [a for a in acts_of(g) if not isinstance(a, known) and a != END]
            if not pool or rng.random() >= 0.5 + 0.5 * doc.aggressiveness:
                continue

            def key(a: Action) -> tuple:
                h = _target_hex(a)
                return (0 if h in foes else 1,
                        distance(h, aim) if h is not None and aim is not None else 1 << 20,
                        -int(getattr(a, "points", 0) or 0), a.to_str(None))
            out.append(min(pool, key=key))
        return out

    # --- decisions ---------------------------------------------------------------------
    def plan_options(self, state: "State", obs: "Observation", groups, acts_of) -> list[Action]:
        game = state.game
        doc = view.doctrine_of(game, obs.side)
        if doc.options == "none":
            return []
        avail = [a for g in groups for a in acts_of(g) if isinstance(a, ChooseOption)]
        tracks = dict(obs.tracks)
        out: list[Action] = []
        if doc.options == "listed":
            want = {t.option: t for t in doc.take_options}
            for a in avail:
                t = want.get(a.option)
                if t is None or obs.turn < t.from_turn:
                    continue
                if all(c.track in tracks and holds(tracks[c.track], c) for c in t.when):
                    out.append(a)
            return out
        taken = set(obs.options_taken)
        for a in avail:
            opt = game.options[a.option]
            if opt.repeatable and a.option in taken and self.option_value(game, obs, opt) <= 0:
                continue
            if self.option_value(game, obs, opt) >= 0:
                out.append(a)
        return out

    @staticmethod
    def option_value(game, obs: "Observation", opt) -> float:
        """Change in the side's track-goal gaps if the option's track effects landed now, plus units gained."""
        from engine.scenario.model import AddUnit, ChangeTrack
        tracks = dict(obs.tracks)
        after: dict[str, float] = dict(tracks)  # a drawn amount counts at its mean
        for tid, d in opt.cost.items():
            if tid in after:
                after[tid] += d
        units = 0
        for e in opt.effects:
            if isinstance(e, ChangeTrack) and e.track in after:
                mean = e.delta if e.delta_max is None else (e.delta + e.delta_max) / 2  # a drawn amount: its mean
                after[e.track] = e.set_to if e.set_to is not None else after[e.track] + mean
            elif isinstance(e, AddUnit) and e.unit.side == obs.side:
                units += e.unit.strength
        for tid, v in after.items():
            tr = game.tracks.get(tid)
            if tr is not None:
                after[tid] = max(tr.min, min(tr.max, v))

        def gap(vals, tg):
            v = vals.get(tg.condition.track)
            if v is None or holds(v, tg.condition):
                return 0
            return abs(v - tg.condition.value) + 1

        val = 2.0 * units
        for tg in game.scenario.victory.track_goals:
            sign = 1.0 if tg.side == obs.side else -1.0
            val += sign * (gap(tracks, tg) - gap(after, tg)) * max(1, tg.points) / 5
        return val

    # --- movement ------------------------------------------------------------------------
    def plan_movement(self, state: "State", obs: "Observation", groups, acts_of, orders_of=None) -> list[Action]:
        """``orders_of``: the legal orders' lazy per-unit lists (LegalActions.orders_of), if there are."""
        game = state.game
        doc = view.doctrine_of(game, obs.side)
        limit = game.rules.movement.stacking_limit
        mine, foes = view.by_side(obs)
        where = {u.id: u for u in mine}
        movers = [g for g in groups if g in where]
        if not movers:
            return []
        gs = view.goals(game, obs)
        holds_ = [g for g in gs if g.mode == "hold"]
        takes = [g for g in gs if g.mode == "take"] or gs
        stack: dict[Hex, int] = {}
        for u in mine:
            stack[u.hex] = stack.get(u.hex, 0) + 1
        foe_hexes = sorted({u.hex for u in foes})
        foe_set = set(foe_hexes)
        # Reserve: the movers nearest the objectives we hold, up to reserve_share of them.
        n_res = int(round(doc.reserve_share * len(movers))) if holds_ else 0
        by_hold = sorted(movers, key=lambda k: (view.nearest(where[k].hex, [g.hex for g in holds_])[0], k))
        reserve = set(by_hold[:n_res])
        load: dict[str, int] = {}
        reach_close = int(round(doc.aggressiveness * 10))
        out: list[Action] = []
        sources = view.supply_hexes(game, obs.side)
        for uid in movers:
            u = where[uid]
            if not u.supplied and sources and view.nearest(u.hex, [g.hex for g in gs])[0] > 0:
                tgt, stop = view.nearest(u.hex, sources)[1], 0  # fall back on supply
            elif uid in reserve:
                d, tgt = view.nearest(u.hex, [g.hex for g in holds_])
                if tgt is None or d <= 1:
                    continue
                stop = 1
            else:
                best = None
                for g in takes:
                    d = distance(u.hex, g.hex)
                    sc = g.priority / ((1 + d / 6) * (1 + load.get(g.name, 0)))
                    if best is None or sc > best[0]:
                        best = (sc, g)
                if best is None:
                    continue
                g = best[1]
                load[g.name] = load.get(g.name, 0) + 1
                tgt = g.hex
                stop = 0
                dfoe, fh = view.nearest_within(u.hex, foe_hexes, reach_close, foe_set)
                if fh is not None and dfoe <= reach_close and dfoe < distance(u.hex, tgt):
                    tgt, stop = fh, 1
            if tgt is None:
                continue
            here = distance(u.hex, tgt)
            if here <= stop:
                continue
            lazy = orders_of(uid) if orders_of is not None else None
            if isinstance(lazy, UnitOrders):  # by destination, making only the order chosen
                hexes, nm = lazy.hexes, len(lazy.moves)
                dsts = [(hexes[p], False) for p in lazy.moves] + [(hexes[p], True) for p in lazy.rails]
            else:
                lazy = [a for a in acts_of(uid) if isinstance(a, (Move, Rail))]
                dsts = [(a.dst, isinstance(a, Rail)) for a in lazy]
            best_a = None
            for n, (dst, by_rail) in enumerate(dsts):
                if stack.get(dst, 0) >= limit:
                    continue
                d = distance(dst, tgt)
                if d < stop:
                    continue
                k = (d, -game.defence_shift[game.index[dst]] if dst in game.index else 0, by_rail, dst)
                if best_a is None or k < best_a[0]:
                    best_a = (k, n)
            if best_a is None or best_a[0][0] >= here:
                continue
            a = lazy[best_a[1]]
            stack[u.hex] -= 1
            stack[a.dst] = stack.get(a.dst, 0) + 1
            out.append(a)
        return out

    # --- combat ----------------------------------------------------------------------------
    def plan_combat(self, state: "State", obs: "Observation", groups, acts_of) -> list[Action]:
        game = state.game
        doc = view.doctrine_of(game, obs.side)
        mine, foes = view.by_side(obs)
        atk = {u.id: view.strength(game, u, "attack") for u in mine}
        dfd: dict[Hex, float] = {}
        for u in foes:
            dfd[u.hex] = dfd.get(u.hex, 0.0) + view.strength(game, u, "defence")
        goal_prio = {g.hex: g.priority for g in view.goals(game, obs)}
        options: list[tuple[tuple, Attack]] = []
        for g in groups:
            acts = [a for a in acts_of(g) if isinstance(a, Attack)]
            if not acts:
                continue
            tgt = acts[0].target
            d = dfd.get(tgt, 0.0)
            ti = game.index.get(tgt)
            shift = game.defence_shift[ti] if ti is not None else 0
            best = None
            for a in acts:
                ratio = sum(atk.get(k, 0.0) for k in a.attackers) / d if d > 0 else 99.0
                if ratio * view.terrain_factor(game, tgt) + 1e-9 < doc.attack_odds:
                    continue
                ex = view.expected_exchange(game, ratio, shift)
                if ex < -0.25 * doc.aggressiveness:
                    continue
                # Losses fall per combat, not per unit: the best exchange, then the fewest units.
                k = (-round(ex, 2), len(a.attackers), a.attackers)
                if best is None or k < best[0]:
                    best = (k, a, ex)
            if best is not None:
                options.append(((-goal_prio.get(tgt, 0), -best[2], tuple(tgt)), best[1]))
        options.sort(key=lambda x: x[0])
        used: set[str] = set()
        out: list[Action] = []
        for _, a in options:
            if used.intersection(a.attackers):
                continue
            used.update(a.attackers)
            out.append(a)
        return out

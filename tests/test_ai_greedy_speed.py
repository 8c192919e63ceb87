"""Greedy's speed-ups pick what the plain versions pick (engine/ai/greedy.py)."""

from __future__ import annotations

import random

from engine.ai.greedy import _nearest


def test_nearest_is_the_smallest_keys_distance_move_before_rail_hex():
    # Reference: sort every order by (distance, 0 for a move / 1 for a rail, hex, index) and take the
    # first m indices (moves are indices 0..nm-1, rails nm...). Hand case: field 2,0,0,1 at hexes 0..3;
    # moves to hexes 1, 3 (indices 0, 1), rails to hexes 1, 2 (indices 2, 3): keys (0,0,1,0), (1,0,3,1),
    # (0,1,1,2), (0,1,2,3) -> order 0, 2, 3, 1.
    assert _nearest([2, 0, 0, 1], [1, 3], [1, 2], 3) == [0, 2, 3]
    assert _nearest([2, 0, 0, 1], [1, 3], [1, 2], 9) == [0, 2, 3, 1]
    assert _nearest([2, 0, 0, 1], [1, 3], [1, 2], 0) == []
    rnd = random.Random(5)
    for _ in range(500):
        field = [rnd.randrange(6) for _ in range(120)]
        moves = sorted(rnd.sample(range(120), rnd.randrange(0, 50)))
        rails = sorted(rnd.sample(range(120), rnd.randrange(0, 15)))
        m = rnd.randrange(0, 8)
        nm = len(moves)
        keyed = sorted([(field[d], 0, d, i) for i, d in enumerate(moves)]
                       + [(field[d], 1, d, nm + i) for i, d in enumerate(rails)])
        assert _nearest(field, moves, rails, m) == [k[3] for k in keyed[:m]]
    # lists not in hex order: the general way, same key
    assert _nearest([2, 0, 0, 1], [3, 1], [2, 1], 4) == [1, 3, 2, 0]


def _decisions_state(last: bool = True):
    """A decisions phase of seed 4 (``last``: the last side's, whose ``end`` ends the phase)."""
    from engine.testing import game_of
    st = game_of(None).new_initial_state(4)
    if last:
        st.apply_action("end")
    assert st.phase == "decisions" and st.side_idx == (1 if last else 0)
    la = st.legal()
    acts = [a for k in la.groups for a in la.actions_of(k)]
    return st, [a for a in acts if type(a).__name__ == "ChooseOption"], [a for a in acts if type(a).__name__ == "Ready"]


def test_best_consumes_the_phase_belief_only_when_it_is_not_kept():
    """END is scored on the phase's belief itself (no copy) unless a readiness order leads: the
    choice and the draws are those of the copying version, and a consumed belief is never reused."""
    from engine.ai.greedy import GreedyPolicy
    from engine.core.actions import END
    from engine.core.rng import Rng
    st, options, readies = _decisions_state()
    obs = st.observation(st.current_player())
    for cands in ([readies[0]], options[:2], [readies[0]] + options[:1], []):
        plain, fast = GreedyPolicy(), GreedyPolicy()
        fast._key = plain._key = "phase"
        r1, r2 = Rng(9), Rng(9)
        b1 = plain._phase_belief(st, obs, r1)
        b2 = fast._phase_belief(st, obs, r2)
        before = b2.state_hash()
        want = plain.best(b1, obs, cands + [END], r1)
        got = fast.best(b2, obs, cands + [END], r2, consume=True)
        assert got == want and r1.next_u64() == r2.next_u64()
        kept = fast._bel is not None and fast._bel[1] is b2
        assert kept == (b2.state_hash() == before)  # kept for the next call only if untouched
        if cands == [readies[0]]:  # a ready order leads (it is the only other candidate): kept
            assert kept
        elif not cands or cands == options[:2]:  # END was played on it: dropped, the next call copies anew
            assert not kept


def test_sample_orders_draws_what_sample_draws_from_the_joined_list():
    """Outside movement the sample is ``samples`` orders at random by index: drawn from the groups'
    lazy sequences, they are the orders (and the draws) of sample() on the joined list."""
    from engine.ai.greedy import GreedyPolicy
    from engine.core.actions import ChooseOption
    from engine.core.rng import Rng
    from types import SimpleNamespace
    from engine.testing import game_of
    game, obs = game_of(None), SimpleNamespace(side="red")
    pol = GreedyPolicy()
    rnd = random.Random(3)
    for _ in range(200):
        seqs = [[ChooseOption(f"o{g}_{i}") for i in range(rnd.randrange(0, 6))] for g in range(rnd.randrange(0, 6))]
        pool = [a for sq in seqs for a in sq]
        r1 = Rng(rnd.randrange(1 << 30))
        r2 = r1.clone()
        want = pol.sample(game, obs, pool, r1) if pool else []
        assert pol._sample_orders(seqs, r2) == want
        assert r1.next_u64() == r2.next_u64()


def test_seen_holds_the_observations_units_and_control():
    """Greedy reads the fog-of-war rules directly (Seen.of): the unit ids and the control of the
    side's Observation, for both sides, at the start and after a few turns of play."""
    from engine.ai.greedy import Seen
    from engine.testing import game_of
    game = game_of(None)
    assert game.scenario.fog_of_war
    st = game.new_initial_state(2)
    checked = 0
    for _ in range(40):
        for side in game.side_ids:
            obs, seen = st.observation(side), Seen.of(st, side)
            assert seen.seen_ids == {u.id for u in obs.units} and seen.side == side and seen.phase == obs.phase
            assert seen.control_at == {game.index[h]: s for h, s in obs.control}
            checked += 1
        st.apply_action("end")
    assert checked == 80


def test_every_ready_group_holds_its_one_order():
    """Greedy takes a decisions phase's ``ready:<unit>`` group to hold exactly Ready(<unit>) without
    testing it (readiness.candidates is the legality test inlined): check that on many states."""
    from engine.ai import make_policy
    from engine.core.actions import Ready
    from engine.core.rng import Rng, derive_seed
    from engine.testing import game_of
    game = game_of(None)
    checked = 0
    for seed in (1, 2):
        st = game.new_initial_state(seed)
        pols = {s: make_policy("random") for s in game.side_ids}
        rngs = {s: Rng(derive_seed(seed, "policy", s)) for s in game.side_ids}
        while not st.is_terminal() and st.turn <= 6:
            la = st.legal()
            if st.phase == "decisions":
                for g in la.groups:
                    if g.startswith("ready:"):
                        assert la.actions_of(g) == [Ready(g[6:])], g
                        checked += 1
            side = st.current_player()
            st.apply_action(pols[side].choose(st, la, rngs[side]))
    assert checked > 50


def test_end_that_hands_over_keeps_the_value():
    """``end`` that passes the phase to a side with orders changes only side_idx: its value is the
    belief's own, as a copy that plays it shows; the last side's ``end`` runs the next phases."""
    from engine.ai.greedy import GreedyPolicy, _end_hands_over
    from engine.core.rng import Rng
    for last in (False, True):
        st, _, _ = _decisions_state(last)
        side = st.current_player()
        pol = GreedyPolicy()
        b = pol.belief(st, st.observation(side), Rng(1))
        before = b.state_hash()
        assert _end_hands_over(b) == (not last)
        assert b.state_hash() == before and b.current_player() == side  # asked without changing it
        c = b.clone()
        c.apply_action("end")
        if not last:
            assert c.phase == "decisions" and c.current_player() != side
            assert GreedyPolicy.value(c, side) == GreedyPolicy.value(b, side)
        else:
            assert c.phase != "decisions"

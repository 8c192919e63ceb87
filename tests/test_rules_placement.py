"""One placement rule for every arrival (engine/rules/placement.py), with known answers.

Rotations, schedules, option and event effects used to place units without
checks: baseline-2020 seed 5030 put a fourth Red unit at brest_range, and an
option in rotational-presence stacked four Blue units at Jonava. Now an arrival
goes to the nearest legal hex (land, no enemy, under the stacking limit) within
``movement.placement_radius`` hexes, ties by hex index, or does not arrive.
"""

from __future__ import annotations

import attrs
import pytest

from engine.analysis.playout import play_game
from engine.ai import make_policy
from engine.game.game import load_game
from engine.rules import placement
from engine.scenario.model import UnitSpec

GAME = load_game()


def _state():
    st = GAME.new_initial_state(3)
    return st


def _free_land_hex(st, side):
    """A land hex with no unit and all six neighbours land and empty (a clean test site)."""
    g = st.game
    for i in range(len(g.hexes)):
        if g.land[i] and not st.units_at(i) and all(g.land[j] and not st.units_at(j) for j in g.nbrs[i]) \
                and len(g.nbrs[i]) == 6:
            return i
    raise AssertionError("no free site")


def _spec(st, uid, side, pos, typ=None):
    typ = typ or next(t for t, ut in sorted(st.game.unit_types.items()) if ut.movement > 0)
    return UnitSpec(uid, typ, side, "", uid, st.game.hexes[pos], "", st.game.unit_types[typ].steps)


def test_an_arrival_at_a_legal_hex_stays_there():
    st = _state()
    i = _free_land_hex(st, "blue")
    u = placement.arrive(st, _spec(st, "t1", "blue", i), "test")
    assert u is not None and u.pos == i


def test_an_arrival_at_a_full_hex_goes_to_the_lowest_index_neighbour():
    st = _state()
    g = st.game
    i = _free_land_hex(st, "blue")
    limit = g.rules.movement.stacking_limit
    for k in range(limit):
        assert placement.arrive(st, _spec(st, f"f{k}", "blue", i), "test").pos == i
    u = placement.arrive(st, _spec(st, "extra", "blue", i), "test")
    # Hand-derived: the hex is full, every neighbour is empty land, so the unit goes to the
    # neighbour with the smallest index (ring 1, sorted) in the same country.
    assert u.pos == min(j for j in g.nbrs[i] if g.country[j] == g.country[i])
    assert st.side_count_at(i, "blue") == limit
    assert any("arrives at" in line and "instead" in line for line in st.log)


def test_an_arrival_never_shares_a_hex_with_the_enemy():
    st = _state()
    g = st.game
    i = _free_land_hex(st, "blue")
    placement.arrive(st, _spec(st, "r1", "red", i), "test")
    u = placement.arrive(st, _spec(st, "b1", "blue", i), "test")
    assert u is not None and u.pos != i and u.pos in g.nbrs[i]
    assert not st.enemy_at(u.pos, "blue")


def test_with_no_room_within_the_radius_the_unit_does_not_arrive():
    st = _state()
    g = st.game
    i = _free_land_hex(st, "blue")
    st.game = g  # same game; shrink the radius through a copy of the rules
    rules = attrs.evolve(g.rules, movement=attrs.evolve(g.rules.movement, placement_radius=0))
    real = g.rules
    g.rules = rules
    try:
        placement.arrive(st, _spec(st, "r1", "red", i), "test")
        assert placement.arrive(st, _spec(st, "b1", "blue", i), "test") is None
        assert "b1" not in st.units
        assert "cannot arrive" in st.log[-1] and "held by the enemy" in st.log[-1]
    finally:
        g.rules = real


def test_an_arrival_never_crosses_a_border():
    st = _state()
    g = st.game
    # a land hex on a border: some neighbour is land in another country
    i = next(i for i in range(len(g.hexes)) if g.land[i] and g.country[i] and not st.units_at(i)
             and any(g.land[j] and g.country[j] and g.country[j] != g.country[i] for j in g.nbrs[i]))
    for k in range(g.rules.movement.stacking_limit + 8):
        u = placement.arrive(st, _spec(st, f"x{k}", "blue", i), "test")
        if u is not None:
            assert g.country[u.pos] == g.country[i]


def _stacking_ok(st):
    limit = st.game.rules.movement.stacking_limit
    for pos, ids in st.hex_units.items():
        sides = {st.units[u].side for u in ids}
        assert len(sides) == 1, f"two sides at {st.game.hexes[pos]}"
        assert len(ids) <= limit, f"{len(ids)} units at {st.game.hexes[pos]}"
        assert st.game.land[pos]


@pytest.mark.parametrize("scenario,seed", [("baseline-2020", 5030), ("rotational-presence", 5003)])
def test_reported_repros_keep_stacking_after_every_order(scenario, seed):
    from pathlib import Path
    game = load_game(Path(__file__).resolve().parents[1] / "scenarios" / f"{scenario}.yaml")
    st = game.new_initial_state(seed)
    from engine.core.rng import Rng, derive_seed
    pols = {s: make_policy("random") for s in game.side_ids}
    rngs = {s: Rng(derive_seed(seed, "policy", s)) for s in game.side_ids}
    n = 0
    while not st.is_terminal():
        _stacking_ok(st)
        side = st.current_player()
        st.apply_action(pols[side].choose(st, st.legal(), rngs[side]))
        n += 1
    _stacking_ok(st)
    assert n > 50

"""Known-answer tests for EW units (``intel.ew_sources`` / ``ew_shifts``), round 5 of `make mutate`.

Fixture: tests/airfixture.py's hexagon; ``ewu`` is its EW battalion (ew_shift -1, radius 2). Three more
EW unit types for these tests: shift -1 with radius 1 (the least that counts) and with radius 0 (none),
shift 0 with radius 2 (no effect), and shift +1 with radius 2. See tests/MUTATION_r5_survivors.md.
"""

import attrs
import pytest

from engine.geo.hexgrid import Hex
from engine.rules import intel
from tests import airfixture
from tests.airfixture import ops_game


@pytest.fixture
def ew_types(monkeypatch):
    ewu = airfixture.EXTRA_TYPES["ewu"]
    for tid, shift, radius in (("ew_r1", -1, 1), ("ew_r0", -1, 0), ("ew_s0", 0, 2), ("ew_plus", 1, 2)):
        monkeypatch.setitem(airfixture.EXTRA_TYPES, tid, attrs.evolve(ewu, id=tid, ew_shift=shift, ew_radius=radius))


def test_which_units_are_ew_sources(ew_types):
    # Listed (by unit id): a unit type with a shift and a radius > 0, radius 1 included. Not listed:
    # radius 0, or no shift.
    units = [("e1", "ewu", "red", 1, 0), ("e2", "ew_r0", "red", 2, 0), ("e3", "ew_s0", "red", 3, 0),
             ("e4", "ew_r1", "red", 4, 0), ("b1", "mech", "blue", 0, 0)]
    g = ops_game(units)
    s = g.new_initial_state(1)
    assert intel.ew_sources(s) == [("e1", "red", g.index[Hex(1, 0)], -1, 2), ("e4", "red", g.index[Hex(4, 0)], -1, 1)]


def test_of_two_equally_strong_sources_of_a_side_the_first_listed_counts(ew_types):
    # e1 (-1) and e2 (+1), both red, both 1 hex from the blue mech at (0,0): |shift| ties at 1, so the
    # first listed (e1, by id) keeps it: a red attack there gets "own EW" +1 (minus e1's -1)
    units = [("e1", "ewu", "red", 1, 0), ("e2", "ew_plus", "red", -1, 0), ("b1", "mech", "blue", 0, 0)]
    g = ops_game(units)
    s = g.new_initial_state(1)
    assert intel.ew_shifts(s, "red", g.index[Hex(0, 0)]) == [("own EW", 1)]


def test_under_fog_control_of_an_untracked_hex_is_seen_only_within_a_sensor_range():
    # A hand-edited save may hold control of untracked hexes; under fog blue knows it only where its
    # sensors reach: the blue scout (range 3) at (0,0) covers (1,0) (1 away) but not (5,0) (5 away).
    from tests.airfixture import ops_game
    g = ops_game([("s", "scout", "blue", 0, 0), ("x", "inf", "red", -5, 0)], fog=True)
    s = g.new_initial_state(1)
    a, b = g.index[Hex(1, 0)], g.index[Hex(5, 0)]
    assert a not in g.tracked and b not in g.tracked
    s.control = {a: "red", b: "red"}
    assert intel.visible_control(s, "blue") == [(a, "red")]

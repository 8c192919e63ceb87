"""Known-answer test for the EW column shifts (``intel.ew_shifts`` / ``ew_sources``), for `make mutate`.

Fixture: tests/airfixture.py's hexagon; ``ewu`` is an EW battalion (ew_shift -1, radius 2). The red
base "jam" at (2,0) jams with shift -2 in radius 3. Bases are listed before units in ``ew_sources``.
"""

from engine.geo.hexgrid import Hex
from engine.rules import intel
from tests.airfixture import base, ops_game


def test_the_strongest_source_of_a_side_in_range_counts():
    units = [("e1", "ewu", "red", 1, 0), ("b1", "mech", "blue", 0, 0)]
    g = ops_game(units, bases=[base("jam", "logistic", "red", 2, 0, ew_shift=-2, ew_radius=3)])
    s = g.new_initial_state(1)
    t = g.index[Hex(0, 0)]  # 2 from jam (radius 3), 1 from e1 (radius 2): both in range
    assert intel.ew_sources(s) == [("jam", "red", g.index[Hex(2, 0)], -2, 3), ("e1", "red", g.index[Hex(1, 0)], -1, 2)]
    # the stronger -2 of the base wins over e1's -1, although e1 comes later
    assert intel.ew_shifts(s, "red", t) == [("own EW", 2)]
    assert intel.ew_shifts(s, "blue", t) == [("enemy EW", -2)]
    # (-2,0) is 4 from jam (out of its radius 3) and 3 from e1 (out of 2): no shift
    assert intel.ew_shifts(s, "red", g.index[Hex(-2, 0)]) == []
    # (-1,0): 3 from jam (exactly its radius), 2 from e1 (exactly its radius)
    assert intel.ew_shifts(s, "red", g.index[Hex(-1, 0)]) == [("own EW", 2)]


def test_which_bases_are_ew_sources():
    # Listed: an active base with a shift and a radius > 0 (radius 1 is enough), by its name when it
    # has one. Not listed: no shift; radius 0; inactive.
    import attrs
    bases = [attrs.evolve(base("jam", "logistic", "red", 2, 0, ew_shift=-2, ew_radius=3), name="Jammer"),
             base("near", "logistic", "red", 3, 0, ew_shift=-1, ew_radius=1),
             base("noshift", "logistic", "red", 4, 0, ew_radius=2),
             base("norad", "logistic", "red", 5, 0, ew_shift=-1, ew_radius=0),
             base("off", "logistic", "red", 2, 1, ew_shift=-1, ew_radius=2)]
    g = ops_game([("b1", "mech", "blue", 0, 0)], bases=bases)
    s = g.new_initial_state(1)
    s.base_active["off"] = False
    assert [x[0] for x in intel.ew_sources(s)] == ["Jammer", "near"]

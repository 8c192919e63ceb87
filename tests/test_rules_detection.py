"""Fog of war at the edge of detection range: seen at exactly r, unseen at r+1 (issue 20).

Fixture: tests/airfixture.py (the hexagon with fog of war). A sensor of range
r sees a hex whose hex distance is <= r. Each test fills *every* hex of the
rings r and r+1 around one blue sensor with one red unit each, so all six
directions and the in-between hexes are checked at once, and the answer is
known by construction: Blue sees exactly the ring-r units. Rings are clipped
to the map (the off-centre layouts lose some hexes at the edge).
"""

import pytest

from engine.geo.hexgrid import Hex, distance, ring
from tests.airfixture import base, ops_game


def _ring_units(center: Hex, r: int, radius: int, avoid: set) -> list:
    """One red infantry on every map hex at distance r and r+1 from ``center``."""
    out = []
    for k in (r, r + 1):
        for h in ring(center, k):
            if distance(h, Hex(0, 0)) <= radius and h not in avoid:
                out.append((f"x{h[0]}_{h[1]}", "inf", "red", h[0], h[1]))
    return out


def _seen_red(state) -> set:
    return {v.id for v in state.observation("blue").units if v.id.startswith("x")}


def _expect(center: Hex, r: int, units) -> set:
    return {u[0] for u in units if distance(Hex(u[3], u[4]), center) == r}


# (sensor unit type, its detection range, where it stands)
@pytest.mark.parametrize("typ,r,at", [
    ("mech", 1, (0, 0)),  # the default range 1, at the centre: ring 1 (6) seen, ring 2 (12) not
    ("mech", 1, (4, -2)),  # the same off-centre, near the map edge
    ("scout", 3, (0, 0)),  # range 3: ring 3 (18) seen, ring 4 (24) not
    ("scout", 3, (-2, 3)),  # off-centre: rings clipped by the radius-6 edge
])
def test_unit_sees_exactly_its_range(typ, r, at):
    center = Hex(*at)
    reds = _ring_units(center, r, 6, set())
    g = ops_game([("sensor", typ, "blue", *at)] + reds, fog=True)
    assert g.unit_types[typ].detection_range == r
    s = g.new_initial_state(1)
    want = _expect(center, r, reds)
    assert want and len(want) < len(reds)  # both rings are populated
    assert _seen_red(s) == want


def test_range_1_mech_does_not_see_two_hexes_away_in_any_direction():
    # The planted bug: a mech (range 1) saw a unit 2 hexes away. One red unit per
    # direction at distance 2, straight and in-between: none is seen; at distance 1 each is.
    for h in ring(Hex(0, 0), 2):
        s = ops_game([("m", "mech", "blue", 0, 0), ("x", "inf", "red", *h)], fog=True).new_initial_state(1)
        assert _seen_red(s) == set(), h
    for h in ring(Hex(0, 0), 1):
        s = ops_game([("m", "mech", "blue", 0, 0), ("x", "inf", "red", *h)], fog=True).new_initial_state(1)
        assert _seen_red(s) == {"x"}, h


def test_radar_base_sees_exactly_its_range():
    # A blue radar at (-3,3) with range 2; the only blue unit is far away at (5,-5) (its ring 1 holds
    # no red unit). Blue sees exactly the red units 2 hexes from the radar, not those 3 away.
    center = Hex(-3, 3)
    reds = _ring_units(center, 2, 6, set())
    g = ops_game([("far", "mech", "blue", 5, -5)] + reds, fog=True,
                 bases=[base("rad", "radar", "blue", -3, 3, detection_range=2)])
    s = g.new_initial_state(1)
    assert _seen_red(s) == _expect(center, 2, reds)
    # The red side's view is symmetric: its range-1 infantry see the blue unit only at distance 1.
    assert "far" not in {v.id for v in s.observation("red").units}

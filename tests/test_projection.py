"""Equal-area projection: round-trips, true areas, and hex placement."""

import math

from hypothesis import given, strategies as st

from engine.geo.projection import HexProjection, Projection, great_circle_km

P = Projection(53.5, 26.5)


@given(st.floats(48.0, 60.0), st.floats(14.0, 40.0))
def test_forward_inverse_roundtrip(lat, lon):
    la, lo = P.inverse(*P.forward(lat, lon))
    assert abs(la - lat) < 1e-7 and abs(lo - lon) < 1e-7


def test_centre_maps_to_origin():
    assert P.forward(53.5, 26.5) == (0.0, 0.0)


def test_equal_area_of_a_small_cell():
    # A 0.1° x 0.1° cell has the same area on the sphere and in the plane, anywhere in the theatre.
    R = P.radius_km
    for lat, lon in ((50.5, 20.5), (56.5, 32.5), (53.5, 26.5)):
        d = 0.1
        sphere = R * R * math.radians(d) * (math.sin(math.radians(lat + d)) - math.sin(math.radians(lat)))
        (x0, y0), (x1, y1), (x2, y2) = P.forward(lat, lon), P.forward(lat, lon + d), P.forward(lat + d, lon)
        plane = abs((x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0))
        assert abs(plane / sphere - 1) < 0.01


def test_distances_near_true():
    # Minsk - Brest: great circle vs plane distance within 1 %.
    a, b = P.forward(53.9, 27.5667), P.forward(52.0975, 23.6878)
    plane = math.hypot(a[0] - b[0], a[1] - b[1])
    assert abs(plane / great_circle_km(53.9, 27.5667, 52.0975, 23.6878) - 1) < 0.01


def test_hex_roundtrip_and_north_up():
    g = HexProjection(P, 15.0)
    h = g.latlon_to_hex(54.7, 25.3)
    assert g.latlon_to_hex(*g.hex_to_latlon(h)) == h
    # north is up: a point further north has a smaller r
    assert g.latlon_to_hex(55.5, 26.5).r < g.latlon_to_hex(52.0, 26.5).r
    assert len(g.hex_corners_latlon(h)) == 6

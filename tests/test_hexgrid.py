"""Hex maths against the Red Blob Games reference vectors."""

import math

from hypothesis import given, strategies as st

from engine.geo.hexgrid import (
    DIRECTIONS,
    Hex,
    Layout,
    diagonal_neighbor,
    direction_between,
    distance,
    from_offset,
    hex_range,
    hex_round,
    line,
    neighbor,
    neighbors,
    ring,
    rotate_left,
    rotate_right,
    spiral,
    to_offset,
)

hexes = st.builds(Hex, st.integers(-200, 200), st.integers(-200, 200))


def test_arithmetic_and_direction():
    assert Hex(1, -3) + Hex(3, -7) == Hex(4, -10)
    assert Hex(1, -3) - Hex(3, -7) == Hex(-2, 4)
    assert DIRECTIONS[2] == Hex(0, -1)


def test_neighbor_reference():
    assert neighbor(Hex(1, -2), 2) == Hex(1, -3)
    assert diagonal_neighbor(Hex(1, -2), 1) == Hex(2, -4)


def test_distance_reference():
    assert distance(Hex(3, -7), Hex(0, 0)) == 7


def test_rotation_reference():
    assert rotate_right(Hex(1, -3)) == Hex(3, -2)
    assert rotate_left(Hex(1, -3)) == Hex(-2, -1)


def test_round_reference():
    a, b, c = (0.0, 0.0), (1.0, -1.0), (0.0, -1.0)
    def lerp(p, q, t):
        return (p[0] * (1 - t) + q[0] * t, p[1] * (1 - t) + q[1] * t)
    assert hex_round(*lerp((0, 0), (10, -20), 0.5)) == Hex(5, -10)
    assert hex_round(*lerp(a, b, 0.499)) == Hex(0, 0)
    assert hex_round(*lerp(a, b, 0.501)) == Hex(1, -1)
    mix = (a[0] * 0.4 + b[0] * 0.3 + c[0] * 0.3, a[1] * 0.4 + b[1] * 0.3 + c[1] * 0.3)
    assert hex_round(*mix) == Hex(0, 0)
    mix = (a[0] * 0.3 + b[0] * 0.3 + c[0] * 0.4, a[1] * 0.3 + b[1] * 0.3 + c[1] * 0.4)
    assert hex_round(*mix) == Hex(0, -1)


def test_linedraw_reference():
    assert line(Hex(0, 0), Hex(1, -5)) == [Hex(0, 0), Hex(0, -1), Hex(0, -2), Hex(1, -3), Hex(1, -4), Hex(1, -5)]


def test_layout_roundtrip_reference():
    h = Hex(3, 4)
    for y_down in (True, False):
        lay = Layout(10.0, (35.0, 71.0), y_down)
        q, r = lay.from_pixel(*lay.to_pixel(h))
        assert abs(q - 3) < 1e-9 and abs(r - 4) < 1e-9
        assert lay.pixel_to_hex(*lay.to_pixel(h)) == h


def test_offset_roundtrip_reference():
    # Red Blob: odd-r of axial (1,2,-3)... and the reverse.
    assert to_offset(Hex(1, 2)) == (2, 2)
    assert to_offset(Hex(1, 3)) == (2, 3)  # odd row shoved right
    assert from_offset(2, 3) == Hex(1, 3)


def test_ring_and_range_sizes():
    assert len(ring(Hex(0, 0), 3)) == 18
    assert len(hex_range(Hex(2, -1), 3)) == 37
    assert spiral(Hex(0, 0), 2)[0] == Hex(0, 0) and len(spiral(Hex(0, 0), 2)) == 19
    assert all(distance(Hex(5, 5), h) == 4 for h in ring(Hex(5, 5), 4))


@given(hexes, hexes)
def test_distance_is_a_metric(a, b):
    assert distance(a, b) == distance(b, a) >= 0
    assert (distance(a, b) == 0) == (a == b)


@given(hexes, hexes)
def test_line_is_contiguous(a, b):
    pts = line(a, b)
    assert pts[0] == a and pts[-1] == b and len(pts) == distance(a, b) + 1
    assert all(distance(p, q) == 1 for p, q in zip(pts, pts[1:]))


@given(hexes)
def test_neighbors_are_adjacent(h):
    ns = neighbors(h)
    assert len(set(ns)) == 6 and all(distance(h, n) == 1 for n in ns)
    assert [direction_between(h, n) for n in ns] == list(range(6))


@given(hexes)
def test_offset_roundtrip(h):
    assert from_offset(*to_offset(h)) == h


@given(hexes, st.floats(2, 50))
def test_pixel_roundtrip(h, size):
    lay = Layout(size, (13.0, -7.0))
    assert lay.pixel_to_hex(*lay.to_pixel(h)) == h
    # each corner is one radius from the centre
    cx, cy = lay.to_pixel(h)
    assert all(abs(math.hypot(x - cx, y - cy) - size) < 1e-6 for x, y in lay.corners(h))

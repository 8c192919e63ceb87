"""Hex grid mathematics on integer axial coordinates (pointy-top hexes).

Follows the Red Blob Games formulation: the engine only ever sees integer
axial hexes; fractional hexes exist only for rounding (mouse picking,
projection); pixel conversion lives in :class:`Layout`, apart from the maths.
Offset coordinates ("odd-r") appear only at the edges, in the map file.
"""

from __future__ import annotations

import math
from typing import Iterator, NamedTuple


class Hex(NamedTuple):
    """An axial hex coordinate. A tuple, so it is hashable, ordered and cheap."""

    q: int
    r: int

    @property
    def s(self) -> int:
        return -self.q - self.r

    def __add__(self, other: object) -> "Hex":  # type: ignore[override]
        if not isinstance(other, Hex):
            return NotImplemented
        return Hex(self.q + other.q, self.r + other.r)

    def __sub__(self, other: "Hex") -> "Hex":
        return Hex(self.q - other.q, self.r - other.r)

    def scale(self, k: int) -> "Hex":
        return Hex(self.q * k, self.r * k)

    def __str__(self) -> str:
        return f"{self.q},{self.r}"

    @classmethod
    def parse(cls, text: str) -> "Hex":
        """Parse ``"q,r"`` (the form ``str(hex)`` writes)."""
        q, r = text.split(",")
        return cls(int(q), int(r))


#: The six directions, counter-clockwise from east (Red Blob order).
DIRECTIONS: tuple[Hex, ...] = (
    Hex(1, 0), Hex(1, -1), Hex(0, -1), Hex(-1, 0), Hex(-1, 1), Hex(0, 1),
)
#: Diagonal neighbours (two steps away, between two directions).
DIAGONALS: tuple[Hex, ...] = (
    Hex(2, -1), Hex(1, -2), Hex(-1, -1), Hex(-2, 1), Hex(-1, 2), Hex(1, 1),
)


def direction(d: int) -> Hex:
    return DIRECTIONS[d % 6]


def neighbor(h: Hex, d: int) -> Hex:
    dq, dr = DIRECTIONS[d % 6]
    return Hex(h[0] + dq, h[1] + dr)


def neighbors(h: Hex) -> tuple[Hex, ...]:
    """The six neighbours in direction order (east first, counter-clockwise)."""
    q, r = h
    return (Hex(q + 1, r), Hex(q + 1, r - 1), Hex(q, r - 1),
            Hex(q - 1, r), Hex(q - 1, r + 1), Hex(q, r + 1))


def diagonal_neighbor(h: Hex, d: int) -> Hex:
    return h + DIAGONALS[d % 6]


def length(h: Hex) -> int:
    q, r = h
    return (abs(q) + abs(r) + abs(q + r)) // 2


def distance(a: Hex, b: Hex) -> int:
    dq = a[0] - b[0]
    dr = a[1] - b[1]
    return (abs(dq) + abs(dr) + abs(dq + dr)) // 2


def direction_between(a: Hex, b: Hex) -> int:
    """Direction index from ``a`` to an adjacent ``b``; ValueError if not adjacent."""
    d = (b[0] - a[0], b[1] - a[1])
    for i, v in enumerate(DIRECTIONS):
        if (v.q, v.r) == d:
            return i
    raise ValueError(f"{a} and {b} are not adjacent")


def hexside(a: Hex, b: Hex) -> tuple[Hex, Hex]:
    """Canonical key of the edge between two adjacent hexes (order-free)."""
    return (a, b) if a <= b else (b, a)


def rotate_left(h: Hex) -> Hex:
    return Hex(-h.s, -h.q)


def rotate_right(h: Hex) -> Hex:
    return Hex(-h.r, -h.s)


def hex_round(fq: float, fr: float) -> Hex:
    """Round a fractional axial coordinate to the hex that contains it."""
    fs = -fq - fr
    q, r, s = round(fq), round(fr), round(fs)
    dq, dr, ds = abs(q - fq), abs(r - fr), abs(s - fs)
    if dq > dr and dq > ds:
        q = -r - s
    elif dr > ds:
        r = -q - s
    return Hex(int(q), int(r))


def _lerp(a: float, b: float, t: float) -> float:
    return a * (1.0 - t) + b * t


def line(a: Hex, b: Hex) -> list[Hex]:
    """Hexes on the straight line from ``a`` to ``b`` inclusive.

    The endpoints are nudged by a tiny epsilon (as Red Blob does) so a line
    along a hexside falls consistently to one side.
    """
    n = distance(a, b)
    if n == 0:
        return [a]
    aq, ar = a[0] + 1e-6, a[1] + 1e-6
    bq, br = b[0] + 1e-6, b[1] + 1e-6
    step = 1.0 / n
    return [hex_round(_lerp(aq, bq, step * i), _lerp(ar, br, step * i)) for i in range(n + 1)]


def ring(center: Hex, radius: int) -> list[Hex]:
    """Hexes exactly ``radius`` away, starting south-west and going round."""
    if radius == 0:
        return [center]
    out: list[Hex] = []
    h = center + DIRECTIONS[4].scale(radius)
    for i in range(6):
        for _ in range(radius):
            out.append(h)
            h = neighbor(h, i)
    return out


def spiral(center: Hex, radius: int) -> list[Hex]:
    """Centre first, then each ring outwards: a stable order for range scans."""
    out = [center]
    for k in range(1, radius + 1):
        out.extend(ring(center, k))
    return out


def hex_range(center: Hex, radius: int) -> list[Hex]:
    """All hexes within ``radius``, sorted by (q, r)."""
    cq, cr = center
    out = []
    for dq in range(-radius, radius + 1):
        for dr in range(max(-radius, -dq - radius), min(radius, -dq + radius) + 1):
            out.append(Hex(cq + dq, cr + dr))
    return out


# --- offset coordinates, for file formats only (odd rows shoved right) -------

def to_offset(h: Hex) -> tuple[int, int]:
    """Axial -> ("odd-r") column, row."""
    q, r = h
    return q + (r - (r & 1)) // 2, r


def from_offset(col: int, row: int) -> Hex:
    """("odd-r") column, row -> axial."""
    return Hex(col - (row - (row & 1)) // 2, row)


# --- pixel layout, kept apart from the maths --------------------------------

SQRT3 = math.sqrt(3.0)


class Layout(NamedTuple):
    """Pointy-top pixel layout: ``size`` is the centre-to-corner radius.

    ``origin`` is the pixel of hex (0, 0); ``y_down`` flips the vertical axis
    for screens (True) versus map planes where north is up (False).
    """

    size: float
    origin: tuple[float, float] = (0.0, 0.0)
    y_down: bool = True

    def to_pixel(self, h: Hex) -> tuple[float, float]:
        q, r = h
        return self.frac_to_pixel(float(q), float(r))

    def frac_to_pixel(self, q: float, r: float) -> tuple[float, float]:
        x = self.size * (SQRT3 * q + SQRT3 / 2.0 * r)
        y = self.size * (1.5 * r)
        if not self.y_down:
            y = -y
        return self.origin[0] + x, self.origin[1] + y

    def from_pixel(self, x: float, y: float) -> tuple[float, float]:
        """Fractional axial coordinate of a pixel (round it with :func:`hex_round`)."""
        px = (x - self.origin[0]) / self.size
        py = (y - self.origin[1]) / self.size
        if not self.y_down:
            py = -py
        q = SQRT3 / 3.0 * px - 1.0 / 3.0 * py
        r = 2.0 / 3.0 * py
        return q, r

    def pixel_to_hex(self, x: float, y: float) -> Hex:
        return hex_round(*self.from_pixel(x, y))

    def corners(self, h: Hex) -> list[tuple[float, float]]:
        cx, cy = self.to_pixel(h)
        out = []
        for i in range(6):
            ang = math.radians(60 * i - 30)
            dy = self.size * math.sin(ang)
            out.append((cx + self.size * math.cos(ang), cy + (dy if self.y_down else -dy)))
        return out

    def edge(self, a: Hex, b: Hex) -> tuple[tuple[float, float], tuple[float, float]]:
        """The two pixel endpoints of the hexside between adjacent ``a`` and ``b``."""
        ax, ay = self.to_pixel(a)
        bx, by = self.to_pixel(b)
        mx, my = (ax + bx) / 2.0, (ay + by) / 2.0
        # The side is perpendicular to the centre line, half a side long each way.
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy) or 1.0
        half = self.size / 2.0
        px, py = -dy / norm * half, dx / norm * half
        return (mx + px, my + py), (mx - px, my - py)

    @property
    def hex_width(self) -> float:
        return SQRT3 * self.size

    @property
    def row_height(self) -> float:
        return 1.5 * self.size


def iter_sorted(hexes: "Iterator[Hex] | list[Hex] | set[Hex]") -> list[Hex]:
    """Hexes in the engine's one stable order: by (q, r)."""
    return sorted(hexes)

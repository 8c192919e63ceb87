"""Latitude/longitude <-> map plane (km) <-> hex, in pure Python.

Spherical Lambert azimuthal equal-area projection centred on the theatre:
areas are true, so a marsh or a country takes the number of hexes its real
size deserves, and distances near the centre are nearly true. The formulas
are a few lines, so play needs no projection library.
"""

from __future__ import annotations

import math

import attrs

from engine.geo.hexgrid import Hex, hex_round, SQRT3

#: Authalic mean Earth radius (km), as used for a spherical equal-area model.
EARTH_RADIUS_KM = 6371.0072


@attrs.frozen
class Projection:
    """Lambert azimuthal equal-area (spherical) about (lat0, lon0)."""

    lat0: float
    lon0: float
    radius_km: float = EARTH_RADIUS_KM

    def forward(self, lat: float, lon: float) -> tuple[float, float]:
        """(lat, lon) in degrees -> (x east, y north) in km."""
        phi, lam = math.radians(lat), math.radians(lon)
        phi0, lam0 = math.radians(self.lat0), math.radians(self.lon0)
        dlam = lam - lam0
        cos_c = math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(dlam)
        if cos_c <= -1.0 + 1e-12:
            raise ValueError("antipode of the projection centre cannot be projected")
        k = math.sqrt(2.0 / (1.0 + cos_c))
        x = self.radius_km * k * math.cos(phi) * math.sin(dlam)
        y = self.radius_km * k * (math.cos(phi0) * math.sin(phi)
                                  - math.sin(phi0) * math.cos(phi) * math.cos(dlam))
        return x, y

    def inverse(self, x: float, y: float) -> tuple[float, float]:
        """(x, y) in km -> (lat, lon) in degrees."""
        phi0, lam0 = math.radians(self.lat0), math.radians(self.lon0)
        rho = math.hypot(x, y)
        if rho < 1e-12:
            return self.lat0, self.lon0
        c = 2.0 * math.asin(min(1.0, rho / (2.0 * self.radius_km)))
        sin_c, cos_c = math.sin(c), math.cos(c)
        phi = math.asin(cos_c * math.sin(phi0) + y * sin_c * math.cos(phi0) / rho)
        lam = lam0 + math.atan2(x * sin_c,
                                rho * math.cos(phi0) * cos_c - y * math.sin(phi0) * sin_c)
        return math.degrees(phi), (math.degrees(lam) + 540.0) % 360.0 - 180.0


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float,
                    radius_km: float = EARTH_RADIUS_KM) -> float:
    """Haversine distance, for checking the map against the real world."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2.0 * radius_km * math.asin(math.sqrt(min(1.0, a)))


@attrs.frozen
class HexProjection:
    """Map plane <-> hexes: pointy-top hexes ``hex_km`` across the flats.

    Hex (0, 0) is centred on the plane point ``origin_km``; north is up, so
    axial r grows southwards (as on screen).
    """

    projection: Projection
    hex_km: float
    origin_km: tuple[float, float] = (0.0, 0.0)

    @property
    def size_km(self) -> float:
        """Centre-to-corner radius: the flat-to-flat width is ``hex_km``."""
        return self.hex_km / SQRT3

    def plane_to_frac(self, x: float, y: float) -> tuple[float, float]:
        px = (x - self.origin_km[0]) / self.size_km
        py = -(y - self.origin_km[1]) / self.size_km
        return SQRT3 / 3.0 * px - py / 3.0, 2.0 / 3.0 * py

    def plane_to_hex(self, x: float, y: float) -> Hex:
        return hex_round(*self.plane_to_frac(x, y))

    def hex_to_plane(self, h: Hex) -> tuple[float, float]:
        return self.frac_to_plane(float(h[0]), float(h[1]))

    def frac_to_plane(self, q: float, r: float) -> tuple[float, float]:
        x = self.size_km * (SQRT3 * q + SQRT3 / 2.0 * r)
        y = -self.size_km * 1.5 * r
        return self.origin_km[0] + x, self.origin_km[1] + y

    def latlon_to_hex(self, lat: float, lon: float) -> Hex:
        return self.plane_to_hex(*self.projection.forward(lat, lon))

    def latlon_to_frac(self, lat: float, lon: float) -> tuple[float, float]:
        return self.plane_to_frac(*self.projection.forward(lat, lon))

    def hex_to_latlon(self, h: Hex) -> tuple[float, float]:
        return self.projection.inverse(*self.hex_to_plane(h))

    def hex_corners_latlon(self, h: Hex) -> list[tuple[float, float]]:
        """The six corners (lat, lon), for GeoJSON export."""
        cx, cy = self.hex_to_plane(h)
        out = []
        for i in range(6):
            ang = math.radians(60 * i - 30)
            out.append(self.projection.inverse(cx + self.size_km * math.cos(ang),
                                               cy + self.size_km * math.sin(ang)))
        return out

"""Off-map boxes as the frozen model holds them (re-exported by :mod:`engine.scenario.model`).

Apart from model.py to keep that file small; nothing here imports the rest of the scenario layer.
"""

from __future__ import annotations

import attrs

from engine.geo.hexgrid import Hex


@attrs.frozen
class BoxLink:
    """One way between an off-map box and the map: its entry hex and the travel time either way."""

    hex: Hex
    hours: float  # travel time between the box and this hex, either way
    mode: str = "road"  # rail or road (shown; the hours already say how it travels)


@attrs.frozen
class Box:
    """An area beyond the map edge (Germany, Estonia, WMD depth) that units may enter and leave."""

    id: str
    name: str
    country: str  # ISO3 of where it is
    sides: tuple[str, ...]  # the sides whose units may use it
    links: tuple[BoxLink, ...]  # entry hexes with travel times, in the order given

"""Roads along every axis a campaign uses (issue 13, item 8): each pair is joined by road links only."""

from __future__ import annotations

from collections import deque

import pytest

from engine.geo.hexgrid import neighbors
from engine.geo.mapfile import load

AXES = [("Rēzekne", "Riga"), ("Daugavpils", "Riga"), ("Ostrov", "Rēzekne"), ("Kaunas", "Marijampolė"),
        ("Marijampolė", "Suwałki"), ("Brest", "Warsaw"), ("Białystok", "Riga"), ("Minsk", "Brest")]


@pytest.fixture(scope="module")
def theatre():
    return load("maps/belarus.map")


def road_hexes(m, a, b) -> int | None:
    """Hexes along roads from place a to place b (None if no road path)."""
    start, goal = m.place_hex(a), m.place_hex(b)
    seen, q = {start: 0}, deque([start])
    while q:
        h = q.popleft()
        if h == goal:
            return seen[h]
        for n in neighbors(h):
            if n not in seen and m.road_between(h, n):
                seen[n] = seen[h] + 1
                q.append(n)
    return None


@pytest.mark.parametrize("a,b", AXES)
def test_axis_is_joined_by_road(theatre, a, b):
    assert road_hexes(theatre, a, b) is not None


def test_terehova_crossing_reaches_rezekne_by_road(theatre):
    terehova = theatre.locate(56.20, 28.15)
    rez = theatre.place_hex("Rēzekne")
    seen, q = {terehova}, deque([terehova])
    while q:
        h = q.popleft()
        for n in neighbors(h):
            if n not in seen and theatre.road_between(h, n):
                seen.add(n)
                q.append(n)
    assert rez in seen

"""Why the base_detection claim does not hold (seeds/README.md, after the effects table).

Known answers from the scenario data, no playouts: the permanent base near Hrodna sees 12 hexes,
and every hex of that disk is already seen at the start by another Red sensor, above all the Volga
radar (25 hexes from Hantsavichy, 14 hexes from the base: 14 + 12 <= 25 covers all but the 13 disk
hexes beyond it, and those lie within the Kaliningrad S-400's or a unit's reach). So the base's
radar adds no hex to Red's picture, and the paired comparison with the no-radar setting measures 0.
"""

from __future__ import annotations

from pathlib import Path

from engine.game.game import load_game
from engine.geo.hexgrid import distance
from engine.rules import intel

ROOT = Path(__file__).resolve().parents[1] / "scenarios"


def test_the_base_radar_sees_no_hex_that_red_does_not_already_see():
    g = load_game(ROOT / "permanent-base.yaml")
    s = g.new_initial_state(1)
    bases = {b.id: b for b in g.scenario.bases}
    base, volga = bases["ru_base_hrodna"].location, bases["volga_radar"].location
    assert (bases["ru_base_hrodna"].effects.detection_range, bases["volga_radar"].effects.detection_range) == (12, 25)
    assert distance(base, volga) == 14
    disk = [h for h in g.hexes if distance(h, base) <= 12]
    assert len(disk) == 469 and sum(1 for h in disk if distance(h, volga) > 25) == 13
    others = [(g.hexes[p], r) for p, r in intel.sensors(s, "red") if g.hexes[p] != base]
    assert [h for h in disk if not any(distance(h, p) <= r for p, r in others)] == []
    # the measurement setting differs in the radar only
    v = load_game(ROOT / "variants" / "permanent-base-no-radar.yaml")
    vb = {b.id: b for b in v.scenario.bases}
    assert vb["ru_base_hrodna"].effects.detection_range == 0
    assert [u.id for u in v.scenario.units] == [u.id for u in g.scenario.units]
    assert v.new_initial_state(1).observation("red").units == s.observation("red").units

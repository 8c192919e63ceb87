"""Known-answer test for ``intel.visible_control``: tracked hexes seen from the hexes a side flew over,
round 6 of `make mutate` (tests/MUTATION_r6_survivors.md; round 5 left it as a named gap).

Fixture: tests/airfixture.py's radius-6 hexagon under fog with two named places (tracked hexes) next to each
other, P (4, -2) and Q (5, -2), both held by Red; Blue's only unit, infantry at (-6, 6), is 10 hexes from them.
"""

from engine.geo.hexgrid import Hex
from engine.rules import intel
from tests.airfixture import base, ops_game


def test_a_hex_flown_over_this_turn_shows_its_own_control_only():
    g = ops_game([("b", "inf", "blue", -6, 6), ("x", "inf", "red", -6, 0)], fog=True,
                 places={"P": (4, -2), "Q": (5, -2)})
    s = g.new_initial_state(1)
    p, q = g.index[Hex(4, -2)], g.index[Hex(5, -2)]
    assert {p, q} <= g.tracked
    s.control = {p: "red", q: "red"}
    assert intel.visible_control(s, "blue") == []  # nothing of Blue's sees them
    # a Blue mission over P this turn (row: turn, side, mission, hex, ...): P is seen, range 0, so not Q
    s.air_missions.append([s.turn, "blue", "recce", p, 0, 0])
    assert intel.visible_control(s, "blue") == [(p, "red")]
    # Red's missions show Blue nothing
    s2 = g.new_initial_state(1)
    s2.control = {p: "red", q: "red"}
    s2.air_missions.append([s2.turn, "red", "recce", p, 0, 0])
    assert intel.visible_control(s2, "blue") == []


def test_a_sides_sensors_are_its_units_its_active_radars_and_what_it_flew_over_or_struck_this_turn():
    # Blue: b2 (scout, range 3) and b1 (inf, 1), listed by id; radar r (range 1, active), radar off (range 4,
    # not established) and Red's radar are not Blue's; a depot without a radar sees nothing. Then, at range 0,
    # the hexes of Blue's missions this turn (not last turn's, not Red's) and of Blue's strikes.
    bases = [base("r", "radar", "blue", 2, 2, detection_range=1), base("off", "radar", "blue", 3, 3, detection_range=4),
             base("rr", "radar", "red", -2, 2, detection_range=4), base("dep", "depot", "blue", 4, -4)]
    g = ops_game([("b2", "scout", "blue", 1, 0), ("b1", "inf", "blue", 2, 0), ("x", "inf", "red", -5, 0)],
                 bases=bases)
    s = g.new_initial_state(1)
    s.base_active["off"] = False
    ix = g.index
    want = [(ix[Hex(2, 0)], 1), (ix[Hex(1, 0)], 3), (ix[Hex(2, 2)], 1)]
    assert intel.sensors(s, "blue") == want
    s.air_missions += [[s.turn, "blue", "recce", ix[Hex(0, 3)], 0, 0], [s.turn - 1, "blue", "recce", ix[Hex(0, 4)], 0, 0],
                       [s.turn, "red", "recce", ix[Hex(0, 5)], 0, 0]]
    s.struck += [["isk1", ix[Hex(-1, -1)], "blue"], ["isk2", ix[Hex(-2, -2)], "red"]]
    assert intel.sensors(s, "blue") == want + [(ix[Hex(0, 3)], 0), (ix[Hex(-1, -1)], 0)]


def test_covered_among_is_the_set_within_range_of_a_sensor_by_either_method():
    # Sensors: (0, 0) range 1 (7 hexes), (-3, 2) range 2 (19 hexes; 3 from (0, 0), they share (-1, 0) and
    # (-1, 1)), (4, -1) range 0 (itself), and one with a negative range, which sees nothing. Over the whole
    # radius-6 map (127 hexes: more positions than a range's area, so the area method): 7 + 19 - 2 + 1 = 25.
    g = ops_game([("x", "inf", "red", -5, 5)])
    s = g.new_initial_state(1)
    ix = g.index
    sens = [(ix[Hex(0, 0)], 1), (ix[Hex(-3, 2)], 2), (ix[Hex(4, -1)], 0), (ix[Hex(-6, 6)], -1)]
    every = list(range(len(g.hexes)))
    assert len(every) == 127
    got = intel._covered_among(s, every, sens)
    assert len(got) == 25 and {ix[Hex(-1, 0)], ix[Hex(-1, 1)], ix[Hex(4, -1)]} <= got and ix[Hex(-6, 6)] not in got
    assert got == {p for p in every if intel._covered(s, p, sens)}
    # Seven positions: range 0 by area (1 offset < 7), then ranges 1 and 2 pair by pair (7 and 19 offsets >= the
    # 6 and 5 left). Covered: (1, -1) (1 from (0, 0)), (-5, 2) (2 from (-3, 2)), (4, -1). Not: (-6, 2) (3 from
    # (-3, 2)), (2, 0) and (2, -2) (2 from (0, 0)), (5, -1) (1 from the range-0 sensor).
    seven = [ix[Hex(*h)] for h in ((1, -1), (-5, 2), (4, -1), (-6, 2), (2, 0), (5, -1), (2, -2))]
    assert intel._covered_among(s, seven, sens) == {ix[Hex(1, -1)], ix[Hex(-5, 2)], ix[Hex(4, -1)]}
    # every position covered by the first range: the larger ranges are not needed, the same answer
    assert intel._covered_among(s, [ix[Hex(4, -1)]], sens) == {ix[Hex(4, -1)]}
    assert [len(intel._offsets(k)) for k in (0, 1, 2, 3)] == [1, 7, 19, 37]  # 3k(k+1) + 1 hexes within k


def test_a_disc_is_every_hex_within_its_radius():
    # On the radius-6 hexagon, around (0, 0): 1, 7, 19 hexes within 0, 1, 2; around the corner (6, 0), within 1:
    # itself and its 3 neighbours on the map.
    from engine.rules import occupancy
    g = ops_game([("x", "inf", "red", -5, 5)])
    c = g.index[Hex(0, 0)]
    assert [len(occupancy._disc(g, c, k)) for k in (0, 1, 2)] == [1, 7, 19]
    assert len(occupancy._disc(g, g.index[Hex(6, 0)], 1)) == 4

"""Known-answer test for ``intel.visible_control``: tracked hexes seen from the hexes a side flew over,
round 6 of `make mutate` (tests/MUTATION_r6_survivors.md; round 5 left it as a named gap).

Fixture: tests/airfixture.py's radius-6 hexagon under fog with two named places (tracked hexes) next to each
other, P (4, -2) and Q (5, -2), both held by Red; Blue's only unit, infantry at (-6, 6), is 10 hexes from them.
"""

from engine.geo.hexgrid import Hex
from engine.rules import intel
from tests.airfixture import ops_game


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

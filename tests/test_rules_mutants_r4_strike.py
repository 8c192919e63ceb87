"""Known-answer tests for the rail and base targets of missile strikes (engine/rules/strike.py), for `make mutate`.

Fixture: the hexagon of tests/airfixture.py (radius 6; hexes with q <= 0 are POL, blue's rail country;
q >= 1 stay BLR, red's) with a small rail net on the middle row and three spurs:

    (-6,0)-(-5,0)-(-4,0)-(-3,0)-(-2,0)-(-1,0)-(0,0)-(1,0)-(2,0)-(3,0)
    spurs: (-5,0)-(-5,1), (-2,0)-(-2,1), (-1,0)-(-1,-1), (2,0)-(2,1)

Rail junctions (3+ links): J4 (-5,0), J1 (-2,0), J2 (-1,0) in POL and J3 (2,0) in BLR; the
transshipment T (-4,0) has only 2 links. Hex indices follow (q, r) order, so J4 < T < J1 < J2.
The Iskander (``isk``) has range 8; hex distance is (|dq| + |dr| + |dq + dr|) / 2.
"""

import attrs

from engine.core.actions import Strike
from engine.game.game import Game
from engine.geo.hexgrid import Hex, hex_range
from engine.geo.theatre import Transshipment
from engine.analysis.synthetic import _digest
from engine.rules import strike
from engine.scenario.model import NationRule
from tests.airfixture import base, ops_game, rail_line, to_phase

POL = {tuple(h): "POL" for h in hex_range(Hex(0, 0), 6) if h[0] <= 0}
LINES = ([(q, 0) for q in range(-6, 4)], [(-5, 0), (-5, 1)], [(-2, 0), (-2, 1)], [(-1, 0), (-1, -1)],
         [(2, 0), (2, 1)])


def _game(units, bases=(), nation_rules=()):
    g = ops_game(units, bases=bases, country=POL)
    rail = {}
    for line in LINES:
        rail.update(rail_line(line))
    m = attrs.evolve(g.map, rail=rail, transshipments=(Transshipment("T", Hex(-4, 0)),))
    sc = attrs.evolve(g.scenario, nation_rules=tuple(nation_rules))
    return Game(attrs.evolve(sc, digest=_digest(sc)), m)


def _air(units, **kw):
    return to_phase(_game(units, **kw).new_initial_state(1), "air", "red")


# a blue unit far from everything (distance 10 from (4,0)), so the side exists on the map
FAR_BLUE = ("b_far", "mech", "blue", -6, 6)


def _h(s, i, j, d):
    return (d, s.game.index[Hex(*i)], s.game.index[Hex(*j)])


def test_rail_nodes_are_junctions_and_transshipments():
    # Junctions with exactly 3 links (J4, J1, J2, J3) and the 2-link transshipment T; the plain
    # 2-link hexes of the line and the 1-link ends are not nodes. Sorted by index = (q, r) order.
    s = _air([("r_isk", "isk", "red", 4, 0), FAR_BLUE])
    want = [s.game.index[Hex(*h)] for h in [(-5, 0), (-4, 0), (-2, 0), (-1, 0), (2, 0)]]
    assert strike._rail_nodes(s) == want
    assert strike._rail_nodes_set(s) == frozenset(want)


def test_rail_candidates_in_enemy_country_within_range_each_link_once():
    # Launcher at (4,0), range 8. Distances: J4 (-5,0) 9 (out of range), T (-4,0) 8 (exactly the
    # range: in), J1 (-2,0) 6, J2 (-1,0) 5, J3 (2,0) 2 but in red's own BLR (out).
    # Links listed from a node i to neighbour j when i < j, or j is not a node, or j is a node out of
    # range (else the link would never be listed, though a strike on it is legal at its nearer end):
    #   T:  (-5,0) is J4, a node of lower index but out of range -> (8, T, J4);
    #       (-3,0) -> (8, T, (-3,0)).
    #   J1: (-3,0), (-2,1) plain; (-1,0) is J2 of higher index -> listed once, from J1.
    #   J2: (-2,0) is J1 of lower index -> not again; (-1,-1) and (0,0) plain.
    # Sorted by (distance, node index, neighbour index):
    s = _air([("r_isk", "isk", "red", 4, 0), ("r_isk2", "isk", "red", 6, -6), FAR_BLUE])
    want = [_h(s, (-1, 0), (-1, -1), 5), _h(s, (-1, 0), (0, 0), 5),
            _h(s, (-2, 0), (-3, 0), 6), _h(s, (-2, 0), (-2, 1), 6), _h(s, (-2, 0), (-1, 0), 6),
            _h(s, (-4, 0), (-5, 0), 8), _h(s, (-4, 0), (-3, 0), 8)]
    assert strike._rail_candidates(s, s.units["r_isk"]) == want
    assert strike.why_illegal(s, Strike("r_isk", "rail", Hex(-4, 0), Hex(-5, 0))) is None  # T is at 8
    # A second launcher at (6,-6), same game (same cache): J2 at 7, J1 at 8, T at 10 (out).
    want2 = [_h(s, (-1, 0), (-1, -1), 7), _h(s, (-1, 0), (0, 0), 7),
             _h(s, (-2, 0), (-3, 0), 8), _h(s, (-2, 0), (-2, 1), 8), _h(s, (-2, 0), (-1, 0), 8)]
    assert strike._rail_candidates(s, s.units["r_isk2"]) == want2
    assert strike._rail_candidates(s, s.units["r_isk"]) == want  # the cached answer is the same


def test_targets_list_the_four_nearest_uncut_rail_links():
    # No enemy unit or base in range: the orders are the first MAX_RAIL_TARGETS = 4 candidates of the
    # test above, as rail strikes (sorted as orders), and has_targets says so.
    s = _air([("r_isk", "isk", "red", 4, 0), FAR_BLUE])
    u = s.units["r_isk"]
    rail = [Strike("r_isk", "rail", Hex(*a), Hex(*b)) for a, b in
            [((-1, 0), (-1, -1)), ((-1, 0), (0, 0)), ((-2, 0), (-3, 0)), ((-2, 0), (-2, 1))]]
    assert strike.targets(s, u) == sorted(rail)
    assert strike.has_targets(s, u)
    assert "strike:r_isk" in strike.group_keys(s)


def test_targets_list_every_enemy_base_in_range():
    # Two active blue bases, given out of id order: "b_west" at (-3,1) is at distance
    # (7 + 1 + 6) / 2 = 7, "a_east" at (0,2) at (4 + 2 + 2) / 2 = 4: both listed; a red base is not.
    bases = [base("b_west", "logistic", "blue", -3, 1), base("a_east", "logistic", "blue", 0, 2),
             base("r_home", "logistic", "red", 5, 0)]
    s = _air([("r_isk", "isk", "red", 4, 0), FAR_BLUE], bases=bases)
    got = [a for a in strike.targets(s, s.units["r_isk"]) if a.kind == "base"]
    assert got == [Strike("r_isk", "base", base="a_east"), Strike("r_isk", "base", base="b_west")]
    assert [b for b, _ in strike._enemy_bases(s, "red")] == ["a_east", "b_west"]


def test_nation_rule_keeps_units_of_a_protected_nation_off_the_target_list():
    # A POL mech at (1,0), distance 3 from the launcher at (4,0): listed as a hex strike without a
    # rule; with "BLR may not fire on POL until turn 5" it is not (rail links stay listed).
    units = [("r_isk", "isk", "red", 4, 0), ("b1", "mech", "blue", 1, 0), FAR_BLUE]
    hexstrike = Strike("r_isk", "hex", Hex(1, 0))
    s = _air(units)
    assert hexstrike in strike.targets(s, s.units["r_isk"])
    s = _air(units, nation_rules=(NationRule("BLR", may_not_fire_on=("POL",), until_turn=5),))
    got = strike.targets(s, s.units["r_isk"])
    assert hexstrike not in got and len([a for a in got if a.kind == "rail"]) == 4

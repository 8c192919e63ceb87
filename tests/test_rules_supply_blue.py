"""Blue's supply from its own sources (issue 20: no fixture modelled Blue's supply before).

Fixture: tests/logifixture.py, a radius-8 hexagon of open BLR land with a
railway along r = 0 (1520 mm); red's entry hex (-8,0) feeds that railway.
Trace: 4 hexes cross-country (each step 1/4 of the budget), 8 along roads and
rail. Blue uses only railways in POL and LTU, so in these maps it has no
railhead at all: its sources are its own entry hexes and bases.
"""

from engine.geo.hexgrid import Hex
from engine.rules import supply
from tests.logifixture import advance_to, base, logi_game, rail_map


def _status(s):
    return {u: (ok, src) for u, ok, src in supply.status(s, "blue")}


def test_blue_entry_hex_supplies_within_four_hexes_only():
    # Blue entry (8,-4). b4 at (4,-4) is 4 hexes from it -> in supply; b5 at (3,-3) is 5 hexes
    # from it (dq=-5, dr=1) -> out of supply, although it stands 3 hexes from red's railway:
    # red's railheads are no source for blue.
    g = logi_game([("r1", "mech", "red", -8, 0), ("b4", "inf", "blue", 4, -4), ("b5", "inf", "blue", 3, -3)],
                  blue_entries=((8, -4),))
    s = g.new_initial_state(0)
    assert supply.is_modelled(s, "blue")
    assert _status(s) == {"b4": (True, ""), "b5": (False, "")}
    assert s.units["b4"].supplied and not s.units["b5"].supplied
    # Out of supply, it loses a step after step_loss_after (3) logistics phases, like red.
    n = g.rules.supply.step_loss_after
    s = advance_to(s, n + 2, "movement")
    assert s.units["b5"].strength == 1 and s.units["b4"].strength == 2 and s.steps_lost["blue"] == 1


def test_blue_base_is_a_source_and_red_zoc_cuts_the_trace():
    # A blue depot without stocks at (0,-8) is an unlimited source; b1 at (0,-4) is 4 hexes from it.
    # With a red infantry at (1,-7) its ZOC covers (0,-7), (0,-6), (1,-6) and (1,-8): the only 4-hex
    # path from (0,-4) to (0,-8) runs straight up the q=0 column through (0,-6) and (0,-7), so b1 is
    # cut off (any other path is longer than the 4-hex trace).
    depot = base("bdep", "depot", 0, -8, side="blue")
    free = logi_game([("r1", "mech", "red", -8, 0), ("b1", "inf", "blue", 0, -4)], bases=[depot])
    assert _status(free.new_initial_state(0)) == {"b1": (True, "")}
    cut = logi_game([("r1", "mech", "red", -8, 0), ("r2", "inf", "red", 1, -7), ("b1", "inf", "blue", 0, -4)],
                    bases=[depot])
    assert _status(cut.new_initial_state(0)) == {"b1": (False, "")}
    # A red depot at the same place is no source for blue.
    red_depot = base("rdep", "depot", 0, -8, side="red")
    g = logi_game([("r1", "mech", "red", -8, 0), ("b1", "inf", "blue", 0, -4)], bases=[red_depot],
                  blue_entries=((8, 0),))
    assert _status(g.new_initial_state(0)) == {"b1": (False, "")}


def test_blue_draws_on_its_stocked_base():
    # A stocked blue base (fuel 1) 2 hexes from b1: b1 draws on it; each logistics phase costs
    # use_per_turn fuel 1 x supply_use 1, so after one logistics phase the base is empty and
    # after the next b1 is out of supply.
    dep = base("bst", "logistic", 0, -6, side="blue", stocks={"fuel": 1})
    g = logi_game([("r1", "mech", "red", -8, 0), ("b1", "inf", "blue", 0, -4)], bases=[dep])
    s = g.new_initial_state(0)
    assert _status(s) == {"b1": (True, "bst")}
    s = advance_to(s, 2, "movement")
    assert s.stocks["bst"]["fuel"] == 0
    s = advance_to(s, 3, "movement")
    assert _status(s) == {"b1": (False, "")}


def test_blue_railhead_in_poland():
    # With split=2 the hexes east of q=2 are POL and their rail is 1435 mm; a blue entry at (8,0)
    # feeds it back to (3,0) (the transshipment point (2,0) is BLR, closed to blue's railways).
    # b1 at (3,4) is 4 hexes from the railhead (3,0) -> in supply. b2 at (-2,5) is 5 hexes from the
    # railway ((-2,0) and every rail hex west of it are BLR, red's), and its nearest *blue* railhead
    # (3,0) is 5 hexes away too (dq 5, dr -5) -> out of supply.
    g = logi_game([("r1", "mech", "red", -8, 0), ("b1", "inf", "blue", 3, 4), ("b2", "inf", "blue", -2, 5)],
                  m=rail_map(split=2), blue_entries=((8, 0),))
    s = g.new_initial_state(0)
    heads = supply.railheads(s, "blue")
    assert sorted(tuple(s.game.hexes[p]) for p in heads) == [(q, 0) for q in range(3, 9)]
    assert _status(s) == {"b1": (True, ""), "b2": (False, "")}
    assert Hex(3, 0) in {s.game.hexes[p] for p in heads}

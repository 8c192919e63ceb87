"""Zones of control in a one-hex gap, and stacking refused for a submitted order (issue 20).

Fixture: a radius-2 hexagon of open land (19 hexes), the synthetic standard
rules: infantry (foot) has 4 MP and pays 1 per open hex; every unit exerts a
ZOC on its six neighbours; entering an enemy ZOC ends the move (zoc_stop),
leaving a ZOC hex costs 1 MP more; stacking limit 2.

Two blue infantry brigades at (0,-1) and (0,1) leave a one-hex gap at (0,0)
(adjacent to both). Their ZOC is every hex of the middle band:

    (0,-1) -> (1,-1) (1,-2) (0,-2) (-1,-1) (-1,0) (0,0)
    (0,1)  -> (1,1) (1,0) (0,0) (-1,1) (-1,2) (0,2)

The 19 hexes are then 2 enemy hexes, 11 ZOC hexes and 6 free ones: the west
edge (-2,0) (-2,1) (-2,2) and the east edge (2,-2) (2,-1) (2,0).
"""

import attrs
import pytest

from engine.core.actions import Move
from engine.errors import IllegalActionError
from engine.game.game import Game
from engine.geo.hexgrid import Hex
from engine.rules import movement
from tests.enginefixture import hexagon_game, hexagon_map, oracle_costs

GAP = [("e1", "inf", "blue", 0, -1), ("e2", "inf", "blue", 0, 1)]


def _dests(state, uid):
    return sorted(tuple(a.dst) for a in state.legal().actions_of(uid) if isinstance(a, Move))


def _game(units, radius=2, zoc_stop=True):
    g = hexagon_game(units, hexagon_map(radius))
    if zoc_stop:
        return g
    r = g.scenario.rules
    sc = attrs.evolve(g.scenario, rules=attrs.evolve(r, movement=attrs.evolve(r.movement, zoc_stop=False)))
    return Game(sc, g.map)


def test_unit_in_the_gap_moves_one_hex_and_stops():
    # From (0,0) every neighbour is enemy or ZOC: (1,0) (1,-1) (-1,0) (-1,1) are ZOC, (0,-1) (0,1) enemy.
    # ZOC to ZOC is allowed: leave (1) + enter (1) = 2 MP, then the move stops: exactly 4 destinations.
    # Without the stop it could go on to the east and west edges and into (1,-2) (-1,-1) ... (14 hexes).
    s = _game([("i", "inf", "red", 0, 0)] + GAP).new_initial_state(1)
    assert _dests(s, "i") == [(-1, 0), (-1, 1), (1, -1), (1, 0)]
    u = s.units["i"]
    assert movement.reach(s, u)[s.game.index[Hex(1, 0)]][0] == 2  # 1 to leave the ZOC + 1 open hex
    with pytest.raises(IllegalActionError, match="no path"):
        s.apply_action("move i 0,0->2,-1")  # 2 hexes away, through ZOC: refused
    loose = _game([("i", "inf", "red", 0, 0)] + GAP, zoc_stop=False).new_initial_state(1)
    assert len(_dests(loose, "i")) == 14  # the flag is what stops it


def test_unit_approaching_the_gap_stops_at_the_first_zoc_hex():
    # From (-2,0): free hexes (-2,1) 1 MP, (-2,2) 2 MP; every other hex is ZOC, and the first ZOC
    # hex entered ends the move: (-1,-1) (-1,0) (-1,1) (-1,2) (each 1 hex from a free hex).
    # The gap (0,0) and the east edge are out of reach: exactly 6 destinations.
    s = _game([("i", "inf", "red", -2, 0)] + GAP).new_initial_state(1)
    assert _dests(s, "i") == [(-2, 1), (-2, 2), (-1, -1), (-1, 0), (-1, 1), (-1, 2)]
    with pytest.raises(IllegalActionError, match="no path"):
        s.apply_action("move i -2,0->0,0")
    # Without the stop, (0,0) (1 + 1 + exit 1 = 3 MP) and (0,-2) are reached too: 8.
    loose = _game([("i", "inf", "red", -2, 0)] + GAP, zoc_stop=False).new_initial_state(1)
    assert _dests(loose, "i") == [(-2, 1), (-2, 2), (-1, -1), (-1, 0), (-1, 1), (-1, 2), (0, -2), (0, 0)]


def test_gap_on_the_big_hexagon_matches_the_oracle_and_the_pinned_count():
    # The same pair on the radius-6 hexagon: the unit at (-2,0) has room to go round the band
    # (north of (0,-2) and south of (0,2)), but every hex east of the band is still reached only
    # through ZOC. The independent Bellman-Ford oracle (tests/enginefixture.py) agrees, and the
    # count is pinned: 47 (the fixture).
    g = _game([("i", "inf", "red", -2, 0)] + GAP, radius=6)
    s = g.new_initial_state(1)
    want = sorted(tuple(h) for h in oracle_costs(g, s, "i", 4) if h != Hex(-2, 0))
    assert _dests(s, "i") == want and len(want) == 47
    assert (0, 0) not in want and (1, 0) not in want


# --- stacking -----------------------------------------------------------------------------

def test_submitted_move_into_a_full_stack_is_refused_and_changes_nothing():
    # Red f1, f2 at (1,0) fill it (limit 2). The move 0,0->1,0 is 1 MP and otherwise legal.
    units = [("i", "inf", "red", 0, 0), ("f1", "inf", "red", 1, 0), ("f2", "inf", "red", 1, 0),
             ("h", "inf", "red", 0, 1), ("e", "inf", "blue", 5, -5)]
    s = hexagon_game(units).new_initial_state(1)
    assert (1, 0) not in _dests(s, "i")
    before = s.state_hash()
    with pytest.raises(IllegalActionError) as e:
        s.apply_action(Move("i", Hex(0, 0), Hex(1, 0)))
    assert str(e.value) == "move i 0,0->1,0: 1,0 already holds 2 red units (stacking limit)"
    assert s.state_hash() == before and s.unit_hex("i") == Hex(0, 0) and not s.units["i"].moved
    # (0,1) holds one red unit: joining it is legal and makes it full.
    s.apply_action(Move("i", Hex(0, 0), Hex(0, 1)))
    assert sorted(s.units_at(s.game.index[Hex(0, 1)])) == ["h", "i"]
    # ... and now full for the next mover too.
    with pytest.raises(IllegalActionError, match="stacking limit"):
        s.apply_action(Move("f1", Hex(1, 0), Hex(0, 1)))


def test_passing_through_a_full_stack_is_allowed():
    # Stacking limits where a move ends, not the hexes it crosses: (1,0) is full, and it is the only
    # hex adjacent to both (0,0) and (2,0), so the 2 MP path to (2,0) runs through it.
    units = [("i", "inf", "red", 0, 0), ("f1", "inf", "red", 1, 0), ("f2", "inf", "red", 1, 0),
             ("e", "inf", "blue", 5, -5)]
    s = hexagon_game(units).new_initial_state(1)
    g = s.game
    assert (2, 0) in _dests(s, "i")
    assert [tuple(g.hexes[p]) for p in movement.path(s, s.units["i"], g.index[Hex(2, 0)])] == [
        (0, 0), (1, 0), (2, 0)]

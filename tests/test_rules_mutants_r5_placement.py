"""Known-answer tests for an effect's move (``placement.shift``, an event's ``move``), round 5 of `make mutate`.

Fixture: tests/enginefixture.py's hexagon (stacking limit 2, placement radius 3): red infantry ``m`` at
(-4,0), two red infantry on (2,0) (a full stack), blue infantry at (5,0). See tests/MUTATION_r5_survivors.md.
"""

from engine.geo.hexgrid import Hex
from engine.rules import placement
from tests.enginefixture import hexagon_game

UNITS = [("m", "inf", "red", -4, 0), ("f1", "inf", "red", 2, 0), ("f2", "inf", "red", 2, 0), ("b", "inf", "blue", 5, 0)]


def _shift(dst, start=None):
    s = hexagon_game(UNITS).new_initial_state(1)
    if start:
        s.relocate(s.units["m"], s.game.index[Hex(*start)])
    n = len(s.log)
    moved = placement.shift(s, s.units["m"], s.game.index[Hex(*dst)], "event Fog")
    return moved, s.unit_hex("m"), s.log[n:]


def test_a_move_to_a_free_hex_goes_there_silently_and_to_its_own_hex_does_nothing():
    assert _shift((0, 0)) == (True, Hex(0, 0), [])
    assert _shift((-4, 0)) == (False, Hex(-4, 0), [])


def test_a_move_to_a_full_or_enemy_hex_goes_to_the_nearest_room_and_says_so():
    # (2,0) holds two red units: the nearest hex with room, first in index order, is (1,0)
    assert _shift((2, 0)) == (True, Hex(1, 0), ["  event Fog: 2,0 is full (2 red units); m goes to 1,0 instead"])
    assert _shift((5, 0)) == (True, Hex(4, 0), ["  event Fog: 5,0 is held by the enemy; m goes to 4,0 instead"])


def test_a_move_whose_nearest_room_is_where_the_unit_stands_is_refused():
    # m already at (4,0), the nearest room to the blue-held (5,0): it cannot move, logged
    assert _shift((5, 0), start=(4, 0)) == \
        (False, Hex(4, 0), ["  event Fog: m cannot move to 5,0 (held by the enemy, no room nearby)"])
    # m at (1,0), the nearest room to the full red stack on (2,0): refused, saying why (2,0) is closed
    assert _shift((2, 0), start=(1, 0)) == \
        (False, Hex(1, 0), ["  event Fog: m cannot move to 2,0 (full (2 red units), no room nearby)"])


def test_arrivals_off_the_map_next_to_a_full_stack_and_with_no_room_in_the_country():
    # (2,0) is a one-hex country (LTU) holding two red units: full, and no other LTU hex within the
    # placement radius. A red arrival there cannot come; at (20,0) it is off the map; next to it, at
    # (1,0) in BLR, there is room.
    from engine.scenario.model import UnitSpec
    from tests.enginefixture import hexagon_map
    m = hexagon_map(country={(2, 0): "LTU"})
    s = hexagon_game(UNITS, m).new_initial_state(1)
    n = len(s.log)

    def spec(uid, q, r):
        return UnitSpec(uid, "inf", "red", "BLR", uid, Hex(q, r), "deployed", 2)

    assert placement.arrive(s, spec("x", 20, 0), "event Fog") is None
    assert placement.arrive(s, spec("y", 2, 0), "event Fog") is None
    assert s.log[n:] == ["  event Fog: x cannot arrive at 20,0 (off the map)",
                         "  event Fog: y cannot arrive: 2,0 is full (2 red units) and no hex within 3 has room"]
    # in BLR a full stack sends the arrival to the nearest room
    s = hexagon_game(UNITS).new_initial_state(1)
    n = len(s.log)
    u = placement.arrive(s, spec("z", 2, 0), "event Fog")
    assert s.log[n:] == ["  event Fog: 2,0 is full (2 red units); z arrives at 1,0 instead"]
    assert u is not None and s.unit_hex("z") == Hex(1, 0)


def test_a_unit_that_climbs_a_readiness_step_starts_its_count_again():
    # garrison -> alerted (the standard ladder): the unit's turns counted towards the next step reset to 0
    from engine.rules import readiness
    s = hexagon_game(UNITS, readiness={"m": "garrison"}).new_initial_state(1)
    u = s.units["m"]
    u.ready_in = 3
    n = len(s.log)
    readiness._advance(s, u)
    assert (u.readiness, u.ready_in) == ("alerted", 0) and s.log[n:] == ["  m garrison -> alerted"]

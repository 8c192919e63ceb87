"""Road march and supply by road behind the front (issues 13 item 4, and 15): fixture tests with known answers.

* ``movement.road_march`` k: out of contact a road hex costs road_cost/k MP (costs are kept in ticks,
  k a MP); within ``march_contact`` hexes of an enemy unit with a ZOC it costs road_cost MP.
  ``contact_movement`` f: a unit in contact has f x its allowance.
* ``supply.road_supply_reach`` R: road hexes within R road hexes of a source are forward supply
  points; ``road_supply_throughput`` T: supply points a day one road carries to them.
"""

from __future__ import annotations

import attrs

from engine.analysis.synthetic import standard_rules
from engine.core.actions import Move
from engine.geo.hexgrid import Hex, hexside
from engine.geo.theatre import Link
from engine.rules import movement, supply
from tests.enginefixture import hexagon_game, hexagon_map, to_phase
from tests.logifixture import logi_game, rail_map

ROAD = [((q, 0), (q + 1, 0)) for q in range(-6, 6)]


def _march_rules(k: int, contact: int, factor: float = 1.0):
    r = standard_rules()
    return attrs.evolve(r, movement=attrs.evolve(r.movement, road_march=k, march_contact=contact,
                                                 contact_movement=factor))


def test_a_column_out_of_contact_marches_twice_as_far_along_a_road():
    # tank (8 MP) at (-5,0) on the road along r = 0; the only enemy far away at (5,-5) (distance 10).
    for k, ticks, mp in ((1, 5, 8), (2, 5, 16)):
        g = hexagon_game([("t", "tank", "red", -5, 0), ("b", "inf", "blue", 5, -5)], hexagon_map(roads=ROAD),
                         rules=_march_rules(k, 2))
        s = g.new_initial_state(1)
        to_phase(s, "movement")
        t = s.units["t"]
        assert movement.movement_points(s, t) == mp  # 8 MP = 8 k ticks
        r = movement.reach(s, t)
        assert r[g.index[Hex(0, 0)]][0] == ticks  # five road hexes: 5 MP at k = 1, 5 ticks = 2.5 MP at k = 2
        assert r[g.index[Hex(-5, 1)]][0] == 2 * k  # off the road open ground stays 2 MP
        # 8 MP reach: 8 road hexes at k = 1 (to (3,0)); at k = 2 the road's end (6,0), 11 hexes on
        assert max(q for (q, rr) in (g.hexes[i] for i in r) if rr == 0) == (3 if k == 1 else 6)
    s.apply_action(Move("t", Hex(-5, 0), Hex(6, 0)))
    assert any("t moves 11 hexes for 5.5 MP" in x for x in s.log)


def test_in_contact_a_road_hex_costs_road_cost():
    # enemy infantry 2 hexes from the tank ((-5,2)): in contact, the road costs 1 MP = 2 ticks a hex
    for contact, want in ((2, 10), (1, 5)):
        g = hexagon_game([("t", "tank", "red", -5, 0), ("b", "inf", "blue", -5, 2)], hexagon_map(roads=ROAD),
                         rules=_march_rules(2, contact))
        s = g.new_initial_state(1)
        to_phase(s, "movement")
        assert movement.reach(s, s.units["t"])[g.index[Hex(0, 0)]][0] == want  # march_contact 1: not in contact


def _road_supply_game(units, reach: int, throughput: int):
    r = standard_rules()  # trace 4 cross-country / 8 along roads; use_per_turn fuel 1 x supply_use 1
    r = attrs.evolve(r, supply=attrs.evolve(r.supply, road_supply_reach=reach, road_supply_throughput=throughput))
    roads = {}
    for q in range(-8, 8):
        x, y = hexside(Hex(q, 0), Hex(q + 1, 0))
        roads[(x, y)] = Link(x, y, "road", 0, "road")
    m = attrs.evolve(rail_map(), rail={}, roads=roads)  # a road along r = 0, no railway; red entry (-8,0)
    return logi_game(units, m, rules=r)


def test_forward_supply_points_extend_the_trace_along_the_road():
    far = [("a", "mech", "red", 4, 0), ("b", "mech", "red", 5, 0), ("x", "inf", "blue", 0, 7)]
    # no road supply: the trace reaches 8 road hexes from the entry, to (0,0): both out of supply
    s = _road_supply_game(far, 0, 0).new_initial_state(1)
    assert [s.units[u].supplied for u in "ab"] == [False, False]
    # forward supply points up to 4 road hexes out, (-7,0)..(-4,0): (4,0) is 8 road hexes from (-4,0), (5,0) 9
    s = _road_supply_game(far, 4, 0).new_initial_state(1)
    g = s.game
    ctx = supply._Context(s, "red")
    assert sorted(g.hexes[p][0] for p in supply.road_heads(s, "red", ctx)) == [-7, -6, -5, -4]
    assert [s.units[u].supplied for u in "ab"] == [True, False]


def test_a_road_carries_its_throughput_and_no_more():
    two = [("a", "mech", "red", 2, 0), ("b", "mech", "red", 2, 0), ("x", "inf", "blue", 0, 7)]
    for cap, want in ((1, [True, False]), (2, [True, True]), (0, [True, True])):
        s = _road_supply_game(two, 4, cap).new_initial_state(1)
        assert [s.units[u].supplied for u in "ab"] == want, cap  # each needs 1 point a day; served in id order


def test_the_enemy_blocks_the_road_forward_supply_runs_on():
    # a blue unit astride the road at (-5,1): its ZOC covers (-5,0) and (-4,0), so forward supply points stop
    # at (-6,0), and the unit at (4,0) no longer reaches one
    units = [("a", "mech", "red", 4, 0), ("x", "inf", "blue", -5, 1)]
    s = _road_supply_game(units, 4, 0).new_initial_state(1)
    ctx = supply._Context(s, "red")
    assert sorted(s.game.hexes[p][0] for p in supply.road_heads(s, "red", ctx)) == [-7, -6]
    assert s.units["a"].supplied is False


def test_a_unit_in_contact_moves_at_the_contact_factor():
    # tank 8 MP = 16 ticks; in contact (enemy 2 hexes away) with contact_movement 0.5: 8 ticks = 4 MP,
    # i.e. 4 road hexes (a road hex costs 2 ticks in contact); out of contact (march_contact 1) the full 16
    for contact, want_mp, far in ((2, 8, -1), (1, 16, 6)):
        g = hexagon_game([("t", "tank", "red", -5, 0), ("b", "inf", "blue", -5, 2)], hexagon_map(roads=ROAD),
                         rules=_march_rules(2, contact, 0.5))
        s = g.new_initial_state(1)
        to_phase(s, "movement")
        t = s.units["t"]
        assert movement.movement_points(s, t) == want_mp
        r = movement.reach(s, t)
        assert max(q for (q, rr) in (g.hexes[i] for i in r) if rr == 0) == far


def test_fractional_road_march_is_kept_in_whole_ticks():
    from engine.game.game import march_ticks
    # (ticks a MP, ticks a march road hex): 2.5 road hexes a MP = 2 ticks a hex at 5 ticks a MP
    assert [march_ticks(1, m) for m in (1, 2, 2.5, 3)] == [(1, 1), (2, 1), (5, 2), (3, 1)]
    g = hexagon_game([("t", "tank", "red", -5, 0), ("b", "inf", "blue", 5, -5)], hexagon_map(roads=ROAD),
                     rules=_march_rules(2.5, 2))
    s = g.new_initial_state(1)
    to_phase(s, "movement")
    r = movement.reach(s, s.units["t"])
    assert movement.movement_points(s, s.units["t"]) == 40  # 8 MP x 5 ticks
    assert r[g.index[Hex(0, 0)]][0] == 10  # five road hexes at 2 ticks (2 MP)
    assert r[g.index[Hex(-5, 1)]][0] == 10  # one open hex: 2 MP = 10 ticks

"""Perft-style movement fixtures: legal destinations in known positions."""

from engine.core.actions import Move
from engine.geo.hexgrid import Hex
from engine.rules import movement
from tests.enginefixture import hexagon_game, hexagon_map, oracle_costs


def dests(state, uid):
    return [a for a in state.legal().actions_of(uid) if isinstance(a, Move)]


def test_open_ground_foot_reaches_radius_4():
    g = hexagon_game([("i", "inf", "red", 0, 0)])
    s = g.new_initial_state(1)
    assert (s.phase, s.current_player()) == ("movement", "red")
    assert len(dests(s, "i")) == 60  # 3*4*5 hexes within 4, minus the start


def test_water_blocks_and_lengthens_the_ray_behind_it():
    g = hexagon_game([("i", "inf", "red", 0, 0)], hexagon_map(terrain={(1, 0): "water"}))
    s = g.new_initial_state(1)
    got = {a.dst for a in dests(s, "i")}
    assert len(got) == 58
    assert Hex(1, 0) not in got and Hex(4, 0) not in got and Hex(3, 0) in got


def test_tracked_pays_two_per_open_hex_and_one_on_road():
    road = [((0, 0), (1, 0)), ((1, 0), (2, 0)), ((2, 0), (3, 0)), ((3, 0), (4, 0)), ((4, 0), (5, 0)),
            ((5, 0), (6, 0))]
    g = hexagon_game([("m", "mech", "red", 0, 0)], hexagon_map(roads=road))
    s = g.new_initial_state(1)
    got = {a.dst for a in dests(s, "m")}
    # Road hex k east costs k MP; from there the rest goes at 2 MP per open hex.
    from engine.geo.hexgrid import hex_range
    want = set()
    for k in range(0, 7):
        want.update(hex_range(Hex(k, 0), (8 - k) // 2))
    want = {h for h in want if h in g.index} - {Hex(0, 0)}
    assert got == want and len(got) == 72 and Hex(6, 0) in got
    assert movement.path(s, s.units["m"], g.index[Hex(6, 0)])[-1] == g.index[Hex(6, 0)]


def test_zoc_river_stacking_position_matches_oracle_and_known_count():
    m = hexagon_map(terrain={(0, -1): "forest", (-1, 1): "marsh"},
                    rivers={((0, 0), (1, 0)): "minor", ((-1, 0), (0, 0)): "major"})
    units = [("i", "inf", "red", 0, 0), ("f1", "inf", "red", 0, 2), ("f2", "inf", "red", 0, 2),
             ("e", "mech", "blue", 3, -1)]
    g = hexagon_game(units, m)
    s = g.new_initial_state(1)
    ref = oracle_costs(g, s, "i", 4)
    want = {h for h in ref if h != Hex(0, 0) and h != Hex(0, 2)}  # (0,2) is full (stacking 2)
    got = {a.dst for a in dests(s, "i")}
    assert got == want
    assert len(got) == 44  # pinned: terrain, rivers, ZOC of the enemy at (3,-1), a full stack
    assert Hex(0, 2) not in got and Hex(3, -1) not in got
    # ZOC stops: (2,-1) is in the enemy ZOC and reachable, (3,-2) lies behind it.
    assert Hex(2, -1) in got


def test_illegal_move_message_quotes_order_and_distance():
    g = hexagon_game([("i", "inf", "red", 0, 0)], hexagon_map(places={"Lida": (6, 0)}))
    s = g.new_initial_state(1)
    try:
        s.apply_action("move i 0,0->Lida")
    except Exception as e:
        assert str(e) == "move i 0,0->Lida: Lida is 6 MP away, i has 4 MP left"
    else:
        raise AssertionError("accepted an out-of-range move")


def test_each_unit_moves_once_per_phase():
    g = hexagon_game([("i", "inf", "red", 0, 0)])
    s = g.new_initial_state(1)
    s.apply_action("move i 0,0->1,0")
    assert not s.is_legal(Move("i", Hex(1, 0), Hex(2, 0)))
    assert s.legal_actions() == [s.legal_actions()[-1]] and str(s.legal_actions()[0]) == "end"

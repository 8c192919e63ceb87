"""Known-answer tests for ``air.interdiction_costs`` (the extra MP enemy interdiction puts on a hex), round 6 of
`make mutate` (tests/MUTATION_r6_survivors.md).

Fixture: tests/airfixture.py's hexagon; air rules interdiction_cost 1 MP per point. A mission row is
[turn, side, mission, hex, points, n].
"""

from engine.geo.hexgrid import Hex
from engine.rules import air
from tests.airfixture import ops_game


def test_interdiction_costs_add_up_per_hex_for_the_enemy_of_this_turn_only():
    g = ops_game([("r", "mech", "red", 0, 0), ("b", "mech", "blue", 4, 0)])
    s = g.new_initial_state(1)
    a, b, c, d = g.index[Hex(1, 0)], g.index[Hex(2, 0)], g.index[Hex(3, 0)], g.index[Hex(1, 1)]
    t = s.turn
    s.air_missions = [
        [t, "blue", "interdiction", a, 2, 7],  # 2 points over a: +2
        [t, "blue", "interdiction", a, 3, 7],  # 3 more over a: +5 in all
        [t, "blue", "interdiction", d, 0, 7],  # no points: nothing
        [t, "blue", "interdiction", b, 1, 7],  # 1 point over b: +1
        [t, "red", "interdiction", c, 2, 7],  # Red's own: not against Red
        [t - 1, "blue", "interdiction", c, 2, 7],  # last turn's: over
        [t, "blue", "support", c, 2, 7],  # not interdiction
    ]
    assert air.interdiction_costs(s, "red") == {a: 5, b: 1}
    assert air.interdiction_costs(s, "blue") == {c: 2}


def _ad_game(turn_hours=24):
    # Red air defence against Blue: unit types ad (2 points, radius 2) and ad1 (1 point, radius 1) count; ad02
    # (0 points, radius 2) and ad20 (2 points, radius 0) do not. Bases: rb (3 points, radius 1, active) and rb1
    # (1 point, radius 1) count; rb0 (0 points), rb20 (radius 0), rbx (inactive), rboff (off the map) and Blue's
    # own bb do not. Blue's a0 is listed before Red's units (ids sorted) and passed over.
    import attrs
    from engine.analysis.synthetic import standard_rules
    from engine.scenario.model import BaseEffects, BaseSpec, UnitType
    from tests.enginefixture import hexagon_game

    def ad(tid, pts, rad):
        return UnitType(tid, tid, "static", 0, 0, 1, 1, "air_defence", air_defence=pts, air_defence_radius=rad, zoc=False)

    def bs(bid, side, q, r, pts, rad, active=True):
        return BaseSpec(bid, "airbase", bid, side, "BLR", Hex(q, r), 0, {}, BaseEffects(air_defence=pts,
                        air_defence_radius=rad), active)

    r = standard_rules()
    r = attrs.evolve(r, unit_types={**r.unit_types, **{t.id: t for t in (ad("ad", 2, 2), ad("ad1", 1, 1),
                                                                         ad("ad02", 0, 2), ad("ad20", 2, 0))}})
    units = [("ad_a", "ad", "red", 0, 0), ("ad_b", "ad1", "red", 3, 0), ("ad_0", "ad", "red", -5, 0),
             ("ad_x", "ad02", "red", 0, 3), ("ad_y", "ad20", "red", 0, -3), ("b1", "mech", "blue", 5, -2),
             ("a0", "mech", "blue", 5, 0)]
    bases = (bs("rb", "red", 1, 0, 3, 1), bs("rb0", "red", 1, 1, 0, 2), bs("rbx", "red", 2, 1, 2, 2, active=False),
             bs("rboff", "red", 40, 0, 2, 2), bs("bb", "blue", 4, -2, 2, 2), bs("rb1", "red", -1, 2, 1, 1),
             bs("rb20", "red", -2, 2, 2, 0))
    return hexagon_game(units, rules=r, bases=bases, turn_hours=turn_hours)


def test_air_defence_sources_hostile_to_a_side_and_what_they_take():
    g = _ad_game()
    s = g.new_initial_state(1)
    ix = g.index
    assert air.ad_sources(s, "blue") == [("ad_0", ix[Hex(-5, 0)], 2, 2), ("ad_a", ix[Hex(0, 0)], 2, 2),
                                         ("ad_b", ix[Hex(3, 0)], 1, 1), ("base:rb", ix[Hex(1, 0)], 1, 3),
                                         ("base:rb1", ix[Hex(-1, 2)], 1, 1)]
    assert air.ad_sources(s, "red") == [("base:bb", ix[Hex(4, -2)], 2, 2)]
    # 5 points over (2, 0): ad_0 is 7 away (passed over), ad_a exactly 2 (its radius): takes 2; ad_b (1 away)
    # takes its 1; base rb (1 away) takes 2 of its 3, and nothing is left.
    assert air.ad_losses(s, "blue", ix[Hex(2, 0)], 5) == [("ad_a", 2), ("ad_b", 1), ("base:rb", 2)]
    assert air.ad_losses(s, "blue", ix[Hex(2, 0)], 2) == [("ad_a", 2)]
    # ad_a spent this turn: it takes nothing (and is not listed); the others take what they have
    s.ad_used["ad_a"] = 2
    assert air.ad_losses(s, "blue", ix[Hex(2, 0)], 5) == [("ad_b", 1), ("base:rb", 3)]


def test_a_bases_air_defence_per_12_hour_turn_is_its_daily_points_shared_out():
    # rb: 3 points a day -> 1 on turn 1, 2 on turn 2 (floor(1.5) - 0, floor(3) - floor(1.5))
    s = _ad_game(12).new_initial_state(1)
    caps = {}
    for turn in (1, 2):
        s.turn = turn
        caps[turn] = [c for k, _, _, c in air.ad_sources(s, "blue") if k == "base:rb"]
    assert caps == {1: [1], 2: [2]}


def test_a_mission_flown_is_logged_with_its_losses():
    # Blue (to act) flies 3 support points over (2, 0): ad_a (2 away, radius 2) takes 2, ad_b (1 away) its 1:
    # nothing gets through; Blue has 5 - 3 = 2 points left.
    from engine.core.actions import AirMission
    s = _ad_game().new_initial_state(1)
    assert s.current_player() == "blue"
    s.air_points["blue"] = 5
    air.fly(s, AirMission("support", Hex(2, 0), 3))
    assert s.log[-1] == "  air support over 2,0: 3 points, 3 lost to enemy air defence, 0 get through"
    assert s.air_points["blue"] == 2 and s.ad_used == {"ad_a": 2, "ad_b": 1}


def test_extra_movement_costs_add_enemy_interdiction_and_enemy_obstacles():
    # In ticks (game.mp_scale a MP): Blue's 2 interdiction points over a cost Red 2 MP there; Blue's obstacle on a
    # too adds obstacle_cost; Red's own obstacle on b and own interdiction over c cost Red nothing, but Blue pays.
    # (obstacle_cost 3 MP here, the standard rules have none; road_march 2 makes a MP 2 ticks)
    import attrs
    from engine.analysis.synthetic import standard_rules
    from engine.rules import friction
    from tests.enginefixture import hexagon_game
    r = standard_rules()
    r = attrs.evolve(r, movement=attrs.evolve(r.movement, obstacle_cost=3, road_march=2))
    g = hexagon_game([("r", "mech", "red", 0, 0), ("b", "mech", "blue", 4, 0)], rules=r)
    s = g.new_initial_state(1)
    k, ob = 2, 3
    assert g.mp_scale == k
    a, b, c = g.index[Hex(1, 0)], g.index[Hex(2, 0)], g.index[Hex(3, 0)]
    s.air_missions = [[s.turn, "blue", "interdiction", a, 2, 2], [s.turn, "red", "interdiction", c, 1, 1]]
    s.obstacles = {a: "blue", b: "red"}
    assert friction.extra_costs(s, "red") == {a: (2 + ob) * k}
    assert friction.extra_costs(s, "blue") == {b: ob * k, c: 1 * k}
    s.air_missions = []  # obstacles alone
    assert friction.extra_costs(s, "red") == {a: ob * k}

"""Known-answer test for ``movement.unit_orders`` (whose orders are listed), round 6 of `make mutate`
(tests/MUTATION_r6_survivors.md).

Fixture: tests/enginefixture.py's hexagon; Red to act in the movement phase.
"""

from engine.rules import movement
from tests.enginefixture import hexagon_game, to_phase


def test_orders_are_listed_only_for_a_unit_of_the_side_to_act():
    s = to_phase(hexagon_game([("r1", "mech", "red", 0, 0), ("b1", "mech", "blue", 4, 0)]).new_initial_state(1),
                 "movement")
    assert s.current_player() == "red"
    assert len(movement.unit_orders(s, "r1")) > 0
    assert len(movement.unit_orders(s, "b1")) == 0  # Blue's mech could move, but Red is to act
    assert len(movement.unit_orders(s, "zz")) == 0  # no such unit


def _jam_state(jam: bool, obstacle: str, congested: int = 0, blue_at=(-5, 2)):
    import attrs
    from engine.analysis.synthetic import standard_rules
    from engine.geo.hexgrid import Hex
    from tests.enginefixture import hexagon_map
    road = [((q, 0), (q + 1, 0)) for q in range(-6, 6)]
    r = standard_rules()
    r = attrs.evolve(r, movement=attrs.evolve(r.movement, road_march=2.5, march_contact=2, road_capacity=1,
                                              congested_road_cost=congested, obstacle_cost=3))
    g = hexagon_game([("t", "tank", "red", -5, 0), ("b", "inf", "blue", *blue_at)], hexagon_map(roads=road), rules=r)
    s = to_phase(g.new_initial_state(1), "movement")
    ix = g.index
    if jam:  # the three road hexsides (-5,0)-(-4,0) .. (-3,0)-(-2,0) have carried Red's 1 unit this turn
        s.road_used = {"red": {tuple(sorted((ix[Hex(q, 0)], ix[Hex(q + 1, 0)]))): 1 for q in range(-5, -2)}}
    if obstacle:
        s.obstacles = {ix[Hex(-3, 0)]: obstacle}
    res = movement.reach(s, s.units["t"])
    return [res[ix[Hex(q, 0)]][0] for q in range(-4, 0)]


def test_a_jam_that_makes_the_road_cheaper_and_an_obstacle_on_it():
    # A road along r = 0; road_march 2.5: a MP is 5 ticks, a road step on the march 2 ticks. The tank at (-5, 0) is
    # in contact (Blue 2 hexes away, march_contact 2): a road step costs road_cost 1 MP = 5 ticks. A congested step
    # costs congested_road_cost 0 MP, floored at 1 tick (a rules set where a jam makes the road cheaper: searched
    # afresh). A Blue obstacle costs 3 MP = 15 ticks more to enter; Red's own costs Red nothing. Ticks to
    # (-4, 0) .. (-1, 0):
    assert _jam_state(False, "") == [5, 10, 15, 20]
    assert _jam_state(True, "") == [1, 2, 3, 8]  # three jammed steps at 1 tick, then 5
    assert _jam_state(True, "blue") == [1, 17, 18, 23]  # (-3, 0) costs 1 + 15
    assert _jam_state(True, "red") == [1, 2, 3, 8]
    assert _jam_state(False, "blue") == [5, 25, 30, 35]


def test_a_jam_on_the_march_costs_the_congested_road_cost():
    # Out of contact (Blue far at (5, -5)) a road step costs 2 ticks; over a jammed hexside congested_road_cost
    # 2 MP = 10 ticks. Ticks to (-4, 0) .. (-1, 0): three jammed steps, then one free.
    assert _jam_state(False, "", 2, (5, -5)) == [2, 4, 6, 8]
    assert _jam_state(True, "", 2, (5, -5)) == [10, 20, 30, 32]


def test_a_reach_searched_before_a_jam_is_searched_again_after_it():
    # The same tank out of contact: 2 ticks a road step; once the three hexsides are jammed, 10 ticks each.
    from engine.geo.hexgrid import Hex
    import attrs
    from engine.analysis.synthetic import standard_rules
    from tests.enginefixture import hexagon_map
    road = [((q, 0), (q + 1, 0)) for q in range(-6, 6)]
    r = standard_rules()
    r = attrs.evolve(r, movement=attrs.evolve(r.movement, road_march=2.5, march_contact=2, road_capacity=1))
    g = hexagon_game([("t", "tank", "red", -5, 0), ("b", "inf", "blue", 5, -5)], hexagon_map(roads=road), rules=r)
    s = to_phase(g.new_initial_state(1), "movement")
    ix = g.index
    assert movement.reach(s, s.units["t"])[ix[Hex(-2, 0)]][0] == 6
    s.road_used = {"red": {tuple(sorted((ix[Hex(q, 0)], ix[Hex(q + 1, 0)]))): 1 for q in range(-5, -2)}}
    assert movement.reach(s, s.units["t"])[ix[Hex(-2, 0)]][0] == 30


def test_a_restrained_side_takes_no_control():
    # tests/test_engagement.py's border, Red restrained: its infantry next to (0, 0) is no taker; at tension 90 it is.
    from engine.geo.hexgrid import Hex
    from engine.rules import cutoff
    from tests.test_engagement import _game
    # (Blue's own infantry b2 next to it takes nothing from Blue; Red's SAM battery next to it takes no control.)
    g = _game([("r1", "inf", "red", -1, 0), ("r2", "sam", "red", -1, 1), ("b1", "inf", "blue", 3, 0),
               ("b2", "inf", "blue", 1, 0)])
    s = g.new_initial_state(0)
    p = g.index[Hex(0, 0)]
    assert cutoff.takers(s, p, "blue") == []
    s.tracks["tension"] = 90
    assert cutoff.takers(s, p, "blue") == ["red"]


def test_a_jammed_step_dearer_on_the_march_than_in_contact_still_counts():
    # congested_road_cost 1 MP = 5 ticks: dearer than a march step (2 ticks), the same as a step in contact.
    # On the march (Blue far) the three jammed steps cost 5 each, then 2.
    assert _jam_state(True, "", 1, (5, -5)) == [5, 10, 15, 17]


def test_an_enemy_without_a_zone_of_control_still_holds_its_hex():
    # Red infantry (4 MP) at (0, 0); a Blue SAM battery (no ZOC) at (-2, 0) is the only enemy within reach (Blue's
    # infantry at (-6, 6) is 6 away, its ZOC 5): Red may pass it, to (-3, 0), but not stop on it.
    from engine.geo.hexgrid import Hex
    g = hexagon_game([("r", "inf", "red", 0, 0), ("b", "inf", "blue", -6, 6), ("s", "sam", "blue", -2, 0)])
    s = to_phase(g.new_initial_state(1), "movement")
    d = {tuple(g.hexes[p]) for p in movement.destinations(s, s.units["r"])}
    assert (-2, 0) not in d and (-3, 0) in d


def test_a_jammed_step_in_contact_costs_the_congested_road_cost_in_contact():
    # In contact (Blue 2 away) a road step costs 5 ticks; congested_road_cost 2 MP = 10 ticks over a jammed one.
    assert _jam_state(True, "", 2) == [10, 20, 30, 35]


def _contact_state(contact: int, factor: float, blue_at):
    import attrs
    from engine.analysis.synthetic import standard_rules
    r = standard_rules()
    r = attrs.evolve(r, movement=attrs.evolve(r.movement, road_march=2, march_contact=contact, contact_movement=factor))
    g = hexagon_game([("t", "tank", "red", 0, 0), ("b", "inf", "blue", *blue_at)], rules=r)
    return to_phase(g.new_initial_state(1), "movement")


def test_the_contact_factor_applies_within_march_contact_and_never_raises_movement():
    # tank 8 MP = 16 ticks (road_march 2). Blue next to it, march_contact 1, factor 0.5: 8 ticks. A factor of 1.5
    # is not applied (the contact pace only slows). Blue 3 away with march_contact 2: not in contact, 16.
    assert movement.movement_points(_contact_state(1, 0.5, (1, 0)), _contact_state(1, 0.5, (1, 0)).units["t"]) == 8
    s = _contact_state(2, 1.5, (1, 0))
    assert movement.movement_points(s, s.units["t"]) == 16
    s = _contact_state(2, 0.5, (3, 0))
    assert movement.movement_points(s, s.units["t"]) == 16


def test_contact_hexes_follow_an_enemy_move():
    # march_contact 1: Blue's infantry at (3, 0) puts (2, 0) in contact; moved to (-3, 0), (-2, 0) instead.
    from engine.geo.hexgrid import Hex
    from engine.rules import occupancy
    s = _contact_state(1, 0.5, (3, 0))
    ix = s.game.index
    c = occupancy.contact_hexes(s, "red")
    assert ix[Hex(2, 0)] in c and ix[Hex(-2, 0)] not in c and len(c) == 7
    s.relocate(s.units["b"], ix[Hex(-3, 0)])
    c = occupancy.contact_hexes(s, "red")
    assert ix[Hex(2, 0)] not in c and ix[Hex(-2, 0)] in c


def test_who_may_move():
    # r1 tank: yes; r6 with 1 MP: yes. r2 has moved this phase, r3 is a SAM battery (static, 0 MP), r4 is in
    # garrison (may not move), r5 is transshipping, r7 is static with 2 MP, r8 is tracked with 0 MP: no.
    import attrs
    from engine.analysis.synthetic import standard_rules
    from engine.scenario.model import UnitType
    r = standard_rules()
    extra = {t.id: t for t in (UnitType("slow", "slow", "tracked", 1, 1, 1, 1, "infantry"),
                               UnitType("fort", "fort", "static", 2, 1, 1, 1, "infantry"),
                               UnitType("stuck", "stuck", "tracked", 0, 1, 1, 1, "infantry"))}
    r = attrs.evolve(r, unit_types={**r.unit_types, **extra})
    g = hexagon_game([("r1", "tank", "red", 0, 0), ("r2", "mech", "red", -1, 0), ("r3", "sam", "red", -2, 0),
                      ("r4", "inf", "red", -3, 0), ("r5", "inf", "red", -4, 0), ("r6", "slow", "red", 0, 1),
                      ("r7", "fort", "red", 0, 2), ("r8", "stuck", "red", 0, 3), ("b1", "mech", "blue", 4, 0)],
                     rules=r, readiness={"r4": "garrison"})
    s = to_phase(g.new_initial_state(1), "movement")
    s.units["r2"].moved = True
    s.transship["r5"] = [3, 0]
    ids = ("r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8")
    assert [k for k in ids if movement.can_move(s, s.units[k])] == ["r1", "r6"]
    # submitted anyway: refused for the static fort (2 MP) and the tracked unit with 0 MP; the 1-MP unit is not
    # refused as unable to move, only as too slow for open ground (2 MP a hex)
    from engine.core.actions import Move
    from engine.geo.hexgrid import Hex
    assert movement.why_illegal(s, Move("r7", Hex(0, 2), Hex(-1, 2))) == "r7 (fort) cannot move"
    assert movement.why_illegal(s, Move("r8", Hex(0, 3), Hex(-1, 3))) == "r8 (stuck) cannot move"
    assert movement.why_illegal(s, Move("r6", Hex(0, 1), Hex(-1, 1))) == "-1,1 is 2 MP away, r6 has 1 MP left"


def test_a_move_logs_its_cost_in_mp_to_one_decimal():
    # road_march 3: a MP is 3 ticks, a road hex on the march 1 tick = 1/3 MP, logged as 0.3.
    from engine.core.actions import Move
    from engine.geo.hexgrid import Hex
    s = _on_the_road_march("tank")
    s.apply_action(Move("t", Hex(-5, 0), Hex(-4, 0)))
    assert "  t moves 1 hexes for 0.3 MP" in s.log


def test_air_groups_need_air_points():
    from tests.airfixture import ops_game
    from engine.rules import air
    s = ops_game([("r", "mech", "red", 0, 0), ("b", "mech", "blue", 5, -3)]).new_initial_state(1)
    assert s.current_player() == "red" and air.group_keys(s)
    s.air_points["red"] = 1
    assert air.group_keys(s) == ["air:interdiction", "air:strike", "air:support"]
    s.air_points["red"] = 0
    assert air.group_keys(s) == []
    # restrained (tests/test_engagement.py's border), seeing Blue only in Poland: support only, no strike, and
    # no interdiction (every hex next to Blue is Polish)
    from tests.test_engagement import _game
    from tests.airfixture import to_phase as air_phase
    t = air_phase(_game([("r1", "inf", "red", -2, 0), ("b1", "inf", "blue", 3, 0)]).new_initial_state(0), "air")
    assert t.current_player() == "red" and air.group_keys(t) == ["air:support"]
    # a side without units (Blue, seeing Red without fog): no support; under fog, seeing nobody: support only
    s2 = ops_game([("r", "mech", "red", 0, 0)]).new_initial_state(1)
    s2.apply_action("end")
    assert s2.current_player() == "blue" and air.group_keys(s2) == ["air:interdiction", "air:strike"]
    s3 = ops_game([("r", "mech", "red", -6, 0), ("b", "mech", "blue", 6, 0)], fog=True).new_initial_state(1)
    assert s3.current_player() == "red" and air.group_keys(s3) == ["air:support"]
    # with a Blue unit inside Belarus at (-1, 0) there is Belarusian ground next to it to interdict
    t = air_phase(_game([("r1", "inf", "red", -3, 0), ("b1", "inf", "blue", -1, 0)]).new_initial_state(0), "air")
    assert air.group_keys(t) == ["air:interdiction", "air:support"]


def test_an_unreachable_hex_is_refused_with_its_distance_in_mp_to_one_decimal():
    # road_march 3: a MP is 3 ticks; infantry 4 MP = 12 ticks, a road hex 1 tick, an open hex 1 MP = 3 ticks.
    # From (-5, 0) to (6, -3): 8 road hexes to (3, 0), then 3 open hexes: 8 + 9 = 17 ticks = 5.7 MP.
    from engine.core.actions import Move
    from engine.geo.hexgrid import Hex
    s = _on_the_road_march("inf")
    assert movement.why_illegal(s, Move("t", Hex(-5, 0), Hex(6, -3))) == "6,-3 is 5.7 MP away, t has 4 MP left"


def _on_the_road_march(kind: str):
    """Red unit ``t`` of type ``kind`` at (-5, 0) on a road along q (-6..6, r=0), Blue far off, road_march 3
    (a MP is 3 ticks, a road hex 1 tick): the state in Red's movement phase."""
    import attrs
    from engine.analysis.synthetic import standard_rules
    from tests.enginefixture import hexagon_map
    road = [((q, 0), (q + 1, 0)) for q in range(-6, 6)]
    r = standard_rules()
    r = attrs.evolve(r, movement=attrs.evolve(r.movement, road_march=3))
    g = hexagon_game([("t", kind, "red", -5, 0), ("b", "inf", "blue", 5, -5)], hexagon_map(roads=road), rules=r)
    return to_phase(g.new_initial_state(1), "movement")

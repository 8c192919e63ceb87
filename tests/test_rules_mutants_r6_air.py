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


def test_missions_flown_are_logged_with_their_losses_and_air_defence_is_used_up():
    # Blue (to act, 5 points) over (2, 0): a 1-point support mission: ad_a takes it. Then a 2-point strike: ad_a
    # takes its second point, ad_b its one: nothing gets through, so no strike is rolled.
    from engine.core.actions import AirMission
    s = _ad_game().new_initial_state(1)
    assert s.current_player() == "blue"
    s.air_points["blue"] = 5
    air.fly(s, AirMission("support", Hex(2, 0), 1))
    assert s.log[-1] == "  air support over 2,0: 1 point, 1 lost to enemy air defence, 0 get through"
    air.fly(s, AirMission("strike", Hex(2, 0), 2))
    assert s.log[-1] == "  air strike over 2,0: 2 points, 2 lost to enemy air defence, 0 get through"
    # over (5, -1) only Blue's own base bb is in range: Blue's air defence does not fire on Blue
    air.fly(s, AirMission("support", Hex(5, -1), 1))
    assert s.log[-1] == "  air support over 5,-1: 1 point, 1 gets through"
    assert s.air_points["blue"] == 1 and s.ad_used == {"ad_a": 2, "ad_b": 1}


def test_what_gets_through_interdicts_supports_or_strikes():
    # No air defence. Blue (to act after Red's air turn) interdicts (2, 0) with 1 point: Red's mech at (0, 0)
    # now needs 4 + 1 MP to get there (its reach is searched again). Support over Blue's own mech at (5, -3)
    # rolls nothing; a strike there finds no enemy: "on an empty hex", and b keeps its 3 steps; a strike on Red's
    # mech rolls against it.
    from engine.core.actions import AirMission
    from engine.rules import movement
    g = ops_game([("r", "mech", "red", 0, 0), ("b", "mech", "blue", 5, -3)])
    s = g.new_initial_state(1)
    s.apply_action("end")
    assert (s.phase, s.current_player()) == ("air", "blue")
    s.air_points["blue"] = 5
    a = g.index[Hex(2, 0)]
    assert movement.reach(s, s.units["r"])[a][0] == 4
    air.fly(s, AirMission("interdiction", Hex(2, 0), 1))
    assert s.log[-1] == "  air interdict over 2,0: 1 point, 1 gets through"
    assert movement.reach(s, s.units["r"])[a][0] == 5
    air.fly(s, AirMission("support", Hex(5, -3), 1))
    assert s.log[-1] == "  air support over 5,-3: 1 point, 1 gets through"
    air.fly(s, AirMission("strike", Hex(5, -3), 1))
    assert s.log[-1].startswith("  air strike: ") and s.log[-1].endswith(" on an empty hex")
    assert s.units["b"].strength == 3
    air.fly(s, AirMission("strike", Hex(0, 0), 1))  # on Red's mech: a die is rolled against it
    assert s.log[-1].startswith("  air strike: dice ") and not s.log[-1].endswith(" on an empty hex")


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


def test_air_orders_refused_word_for_word():
    # Red to act in the air phase with 2 points (base_points red 2); missions support, interdiction, strike.
    from engine.core.actions import AirMission
    g = ops_game([("r", "mech", "red", 0, 0), ("b", "mech", "blue", 5, -3)])
    s = g.new_initial_state(1)
    assert (s.phase, s.current_player(), s.air_points["red"]) == ("air", "red", 2)
    why = lambda *a: air.why_illegal(s, AirMission(*a))  # noqa: E731
    assert why("recce", Hex(1, 0), 1) == "this scenario's air rules have no recce missions"
    assert why("support", Hex(1, 0), 0) == "an air mission needs at least 1 point"
    assert why("support", Hex(1, 0), 3) == "red has 2 air points left this turn, not 3"
    assert why("support", Hex(0, 0), 2) is None and why("support", Hex(0, 0), 1) is None
    assert why("support", Hex(40, 0), 1) == "40,0 is off the map"
    # 2 points of Red support already over (0, 0): at the cap (2 columns); over (1, 0) there is room
    s.air_missions.append([s.turn, "red", "support", g.index[Hex(0, 0)], 2, 2])
    assert why("support", Hex(0, 0), 1) == "air support over 0,0 is already at its cap (2 columns)"
    assert why("support", Hex(1, 0), 1) is None and why("strike", Hex(0, 0), 1) is None
    s.air_missions.append([s.turn, "blue", "support", g.index[Hex(1, 0)], 2, 2])  # Blue's cap is Blue's
    assert why("support", Hex(1, 0), 1) is None
    s.air_points["red"] = 1
    assert why("support", Hex(1, 0), 2) == "red has 1 air point left this turn, not 2"
    s.terminal = True
    assert why("support", Hex(0, 0), 1) == "the game is over"
    t = g.new_initial_state(1)
    t.apply_action("end")
    t.apply_action("end")
    assert t.phase != "air" and air.why_illegal(t, AirMission("support", Hex(0, 0), 1)) == \
        f"air orders are given in the air phase, not {t.phase}"


def test_a_mission_the_rules_lack_is_named_by_its_order_word():
    # Air rules with support and strike only: an interdiction order is refused as "interdict" (actions.AIR_WORDS).
    import attrs
    from engine.analysis.synthetic import standard_rules
    from engine.core.actions import AirMission
    from tests.airfixture import PHASES
    from tests.enginefixture import hexagon_game
    r = standard_rules()
    r = attrs.evolve(r, air=attrs.evolve(r.air, missions=("support", "strike")))
    s = hexagon_game([("r", "mech", "red", 0, 0), ("b", "mech", "blue", 5, -3)], rules=r,
                     phases=PHASES).new_initial_state(1)
    assert s.phase == "air"
    assert air.why_illegal(s, AirMission("interdiction", Hex(1, 0), 1)) == \
        "this scenario's air rules have no interdict missions"


def test_support_orders_listed_up_to_the_cap_and_the_cap_in_points():
    # Support shift 1 column a point, at most 2 columns: cap 2 points. Red (2 points) is offered 1 and 2 points
    # over its mech; after 1 point flown there, only 1 more (1 + 2 > 2). With 1 point left, 1 only; with none,
    # nothing; outside the air phase or for a mission the rules lack, nothing.
    from engine.core.actions import AirMission
    g = ops_game([("r", "mech", "red", 0, 0), ("b", "mech", "blue", 5, -3)])
    s = g.new_initial_state(1)
    p = Hex(0, 0)
    assert air.support_cap_points(s) == 2
    assert air.actions(s, "air:support") == [AirMission("support", p, 1), AirMission("support", p, 2)]
    assert air.actions(s, "air:recce") == []
    inter = air.actions(s, "air:interdiction")  # next to Blue's mech, one point at a time
    assert inter and {a.points for a in inter} == {1}
    s.air_missions.append([s.turn, "red", "support", g.index[p], 1, 1])
    assert air.actions(s, "air:support") == [AirMission("support", p, 1)]
    s.air_points["red"] = 1
    assert air.actions(s, "air:support") == [AirMission("support", p, 1)]
    s.air_points["red"] = 0
    assert air.actions(s, "air:support") == []
    t = g.new_initial_state(1)
    t.apply_action("end")
    t.apply_action("end")
    assert t.phase != "air" and air.actions(t, "air:support") == []


def test_the_support_cap_in_points_is_the_column_cap_over_the_shift_a_point_rounded_up():
    import attrs
    from engine.analysis.synthetic import standard_rules
    from tests.enginefixture import hexagon_game

    def cap(shift, columns):
        r = standard_rules()
        r = attrs.evolve(r, air=attrs.evolve(r.air, support_shift=shift),
                         combat=attrs.evolve(r.combat, max_support_shift=columns))
        return air.support_cap_points(hexagon_game([("r", "mech", "red", 0, 0)], rules=r).new_initial_state(1))

    assert [cap(2, 3), cap(1, 3), cap(3, 3), cap(0, 3)] == [2, 3, 1, 0]  # ceil(3/2), 3/1, 3/3; no shift: 0


def test_a_restrained_side_may_not_fly_over_the_enemys_country_or_units():
    # tests/test_engagement.py's border: Poland at q >= 1; Red restrained until tension >= 90 (it is 50).
    # A Blue mech inside Belarus at (-1, 0).
    from engine.core.actions import AirMission
    from tests.test_engagement import _game
    from tests.airfixture import to_phase
    g = _game([("r1", "inf", "red", -2, 0), ("b1", "inf", "blue", -1, 1), ("b2", "inf", "blue", 3, 0)])
    s = to_phase(g.new_initial_state(0), "air")
    assert s.current_player() == "red"
    need = "rules of engagement need tension >= 90 (it is 50)"
    assert air.why_illegal(s, AirMission("strike", Hex(2, 0), 1)) == f"Red may not fly missions over POL yet: {need}"
    assert air.why_illegal(s, AirMission("strike", Hex(-1, 1), 1)) == \
        f"Red may not fly missions against enemy units yet: {need}"
    assert air.why_illegal(s, AirMission("support", Hex(-2, 0), 1)) is None
    s.tracks["tension"] = 90
    assert air.why_illegal(s, AirMission("strike", Hex(-1, 1), 1)) is None


def test_mission_targets_strike_seen_enemies_support_own_hexes_and_interdict_around_the_enemy():
    # No fog: Red sees both Blue mechs. Red at (0, 0) and (0, 1); Blue b1 at (1, 0), next to (0, 0), and b2 far
    # at (4, -4); (2, -1), next to b1, is sea. Strike: the two Blue hexes. Support: Red's own hexes and b1's,
    # the seen enemy next to them. Interdiction: the land neighbours of the Blue hexes (own hexes too), 5 + 6.
    from tests.airfixture import PHASES
    from tests.enginefixture import hexagon_game, hexagon_map
    g = hexagon_game([("r1", "mech", "red", 0, 0), ("r2", "mech", "red", 0, 1), ("b1", "mech", "blue", 1, 0),
                      ("b2", "mech", "blue", 4, -4)], hexagon_map(terrain={(2, -1): "sea"}), phases=PHASES)
    s = g.new_initial_state(1)
    ix = g.index

    def hexes(*hs):
        return sorted(ix[Hex(*h)] for h in hs)

    assert air._targets(s, "red", "strike") == hexes((1, 0), (4, -4))
    assert air._targets(s, "red", "support") == hexes((0, 0), (0, 1), (1, 0))
    ring = lambda q, r: [(q + 1, r), (q - 1, r), (q, r + 1), (q, r - 1), (q + 1, r - 1), (q - 1, r + 1)]  # noqa: E731
    assert air._targets(s, "red", "interdiction") == hexes(*[h for h in ring(1, 0) if h != (2, -1)], *ring(4, -4))
    # at the support cap over (0, 0) (2 points of Red support flown there), that hex is no longer offered
    s.air_missions.append([s.turn, "red", "support", ix[Hex(0, 0)], 2, 2])
    assert air._targets(s, "red", "support") == hexes((0, 1), (1, 0))


def test_a_restrained_side_targets_nothing_hostile():
    # tests/test_engagement.py's border (Poland at q >= 1), Red restrained. Red r1 at (-2, 0); Blue b1 at (-1, 0)
    # in Belarus, b2 at (2, 0) in Poland. Support: r1's hex only (b1's hex holds an enemy); strike: nothing;
    # interdiction: the Belarusian neighbours of b1 and b2 that hold no enemy.
    from tests.test_engagement import _game
    g = _game([("r1", "inf", "red", -2, 0), ("b1", "inf", "blue", -1, 0), ("b2", "inf", "blue", 2, 0)])
    s = g.new_initial_state(0)
    ix = g.index
    assert air._targets(s, "red", "support") == [ix[Hex(-2, 0)]]
    assert air._targets(s, "red", "strike") == []
    want = sorted(ix[Hex(*h)] for h in {(0, 0), (-2, 0), (-1, 1), (-1, -1), (0, -1), (-2, 1)})
    assert air._targets(s, "red", "interdiction") == want


def test_missile_groups_list_only_launchers_that_may_still_strike():
    # Red's Iskander (strike, range 8) and a mech (no strike); Blue's mech in range: one group, the Iskander's.
    # Once it has fired this turn (a row in state.struck), none.
    from engine.rules import strike
    g = ops_game([("isk", "isk", "red", -5, 0), ("m", "mech", "red", 0, 0), ("b", "mech", "blue", 3, 0)])
    s = g.new_initial_state(1)
    assert (s.phase, s.current_player()) == ("air", "red")
    assert strike.group_keys(s) == ["strike:isk"]
    s.struck.append(["isk", g.index[Hex(3, 0)], "red"])
    assert strike.group_keys(s) == []


def test_a_launcher_of_strike_1_and_range_1_is_listed():
    import attrs
    from engine.analysis.synthetic import standard_rules
    from engine.rules import strike
    from engine.scenario.model import UnitType
    from tests.airfixture import PHASES
    from tests.enginefixture import hexagon_game
    small = UnitType("pop", "Small launcher", "wheeled", 6, 0, 1, 1, "missile", range=1, strike=1, zoc=False)
    r = standard_rules()
    r = attrs.evolve(r, unit_types={**r.unit_types, "pop": small})
    s = hexagon_game([("p", "pop", "red", 0, 0), ("b", "mech", "blue", 1, 0)], rules=r, phases=PHASES).new_initial_state(1)
    assert (s.phase, s.current_player()) == ("air", "red") and strike.group_keys(s) == ["strike:p"]

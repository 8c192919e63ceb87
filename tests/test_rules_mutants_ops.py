"""Known-answer tests for the operations rules (fires, facilitator, friction, engagement, rail), for `make mutate`.

Fixture: tests/enginefixture.py (hexagon radius 6, red nation BLR, blue nation POL) with the gun of
tests/test_mech_fires.py (attack 3, 2 steps, range 3) and a short gun of range 1.
"""

import attrs

from engine.core.actions import Bombard, FacEvent, FacTrack
from engine.geo.hexgrid import Hex
from engine.rules import facilitator, fires, rail
from engine.scenario.model import NationRule, UnitType
from tests.airfixture import rail_line
from tests.enginefixture import hexagon_game, hexagon_map, to_phase
from tests.test_mech_fires import rules as fire_rules

SHORT = UnitType("short", "Mortar battalion", "tracked", 6, 2, 1, 2, "artillery", range=1, zoc=False)


def _rules():
    r = fire_rules()
    return attrs.evolve(r, unit_types={**r.unit_types, "short": SHORT})


def _combat(units, **kw):
    """Red to act in the combat phase (set directly: the engine skips a phase with nothing to do)."""
    s = to_phase(hexagon_game(units, rules=_rules(), **kw).new_initial_state(1), "movement")
    s.phase_idx = s.game.phases.index("combat")
    assert s.phase == "combat" and s.current_player() == "red"
    return s


BASE = [("g", "gun", "red", -3, 0), ("a", "mech", "red", -5, 0), ("d", "mech", "blue", 0, 0)]


def test_fire_strength_scales_with_steps_left_rounded_up():
    # gun: attack 3, 2 steps. Full: ceil(3 * 2 / 2) = 3; one step left: ceil(1.5) = 2.
    s = _combat(BASE)
    g = s.units["g"]
    assert fires.strength(s, g) == 3
    g.strength = 1
    assert fires.strength(s, g) == 2


def test_bombard_groups_only_for_the_side_to_act_in_the_combat_phase():
    s = _combat(BASE)
    assert fires.actions(s, "bombard:g") == [Bombard("g", Hex(0, 0))]
    assert fires.actions(s, "bombard:d") == []  # blue's unit while red acts
    assert fires.actions(s, "bombard:nobody") == []  # no such unit
    s2 = hexagon_game(BASE, rules=_rules()).new_initial_state(1)
    s2 = to_phase(s2, "movement")
    assert fires.actions(s2, "bombard:g") == []  # not the combat phase


def test_bombard_refusals_word_for_word():
    s = _combat(BASE)
    assert fires.why_illegal(s, Bombard("gx", Hex(0, 0))) == "there is no unit 'gx' on the map (did you mean 'g'?)"
    assert fires.why_illegal(s, Bombard("a", Hex(0, 0))) == "a (Mechanised brigade) has no guns that fire at range"
    assert fires.why_illegal(s, Bombard("g", Hex(9, 9))) == "9,9 is off the map"
    assert fires.why_illegal(s, Bombard("g", Hex(2, 0))) == "2,0 is 5 hexes from g, beyond its fire range of 3"
    assert fires.why_illegal(s, Bombard("g", Hex(-1, 0))) == "red sees no enemy unit at -1,0"
    assert fires.why_illegal(s, Bombard("g", Hex(0, 0))) is None


def test_a_range_1_gun_bombards_an_adjacent_hex():
    # Range 1 is a fire unit (only range 0 is not): legal at distance 1.
    s = _combat([("m", "short", "red", -1, 0), ("d", "mech", "blue", 0, 0)])
    assert fires.why_illegal(s, Bombard("m", Hex(0, 0))) is None


def test_an_alerted_gun_may_defend_but_not_bombard():
    # alerted: can_attack False, combat factor 0.75 -> no bombardment (it would be an attack).
    s = _combat(BASE, readiness={"g": "alerted"})
    assert fires.why_illegal(s, Bombard("g", Hex(0, 0))) == "g (alerted) may not fire"


def test_a_nation_rule_forbids_bombarding_its_units():
    # BLR may not fire on POL until turn 5: the POL mech at (0,0) is no target.
    rule = NationRule("BLR", may_not_fire_on=("POL",), until_turn=5)
    s = _combat(BASE, nation_rules=(rule,))
    assert fires.why_illegal(s, Bombard("g", Hex(0, 0))) == "BLR units may not fire on POL units yet (released by turn 5)"
    assert fires.targets(s, s.units["g"]) == []
    # A rule about another nation (LTU) binds nothing here.
    s = _combat(BASE, nation_rules=(NationRule("BLR", may_not_fire_on=("LTU",), until_turn=5),))
    assert fires.why_illegal(s, Bombard("g", Hex(0, 0))) is None
    assert fires.targets(s, s.units["g"]) == [s.game.index[Hex(0, 0)]]


# --- facilitator refusals ------------------------------------------------------------------

def test_facilitator_unknown_event_or_track_lists_the_known_ids():
    # The hexagon has no events and no tracks: the hint says "none"; nothing is close to 'zzz'.
    s = hexagon_game(BASE, rules=_rules()).new_initial_state(1)
    assert facilitator.why_illegal(s, FacEvent("zzz", "why")) == "there is no event 'zzz' (events: none)"
    assert facilitator.why_illegal(s, FacTrack("zzz", 3, "why")) == "there is no track 'zzz' (tracks: none)"
    assert facilitator._hint("zzz", ["alpha", "beta"], "events") == " (events: alpha, beta)"


def _bombard(seed, stocks=None, **fire):
    """g (3 fire points) bombards the blue mech at (0,0) with the dice of Rng(seed)."""
    from engine.core.rng import Rng
    r = fire_rules(**fire)
    s = to_phase(hexagon_game(BASE, rules=attrs.evolve(r, unit_types={**r.unit_types, "short": SHORT}))
                 .new_initial_state(1), "movement")
    s.phase_idx = s.game.phases.index("combat")
    if stocks is not None:
        s.supply_src["g"] = "dump"
        s.stocks["dump"] = {"ammo": stocks}
    s.rng = Rng(seed)
    s.apply_action(Bombard("g", Hex(0, 0)))
    return s


def test_bombard_dice_hits_and_the_logged_line():
    # Rng(3) rolls 3 6 5 (tests/test_golden_rng.py pins the generator). Hit on 5+: 6 and 5 hit,
    # at most 3 -> 2 hits, the mech keeps 1 of 3 steps; no stocked base: no ammo note.
    s = _bombard(3, bombard_hit_on=5, bombard_max_hits=3)
    assert "  bombardment (3 points) on 0,0: dice 3 6 5 (hit on 5+, at most 3) -> 2 hits" in s.log
    assert s.units["d"].strength == 1
    # Rng(4) rolls 3 4 6: one hit (singular); the dump pays the 2 ammo it holds.
    s = _bombard(4, stocks=2, bombard_hit_on=5, bombard_max_hits=3)
    assert "  bombardment (3 points) on 0,0: dice 3 4 6 (hit on 5+, at most 3) -> 1 hit; dump ammo -2" in s.log
    assert s.units["d"].strength == 2 and s.stocks["dump"]["ammo"] == 0
    # A bombardment that costs no ammo from an empty dump still notes the (zero) draw.
    s = _bombard(4, stocks=0, bombard_ammo=0, bombard_hit_on=5, bombard_max_hits=3)
    assert "  bombardment (3 points) on 0,0: dice 3 4 6 (hit on 5+, at most 3) -> 1 hit; dump ammo -0" in s.log


def test_no_counter_battery_when_it_cannot_hit():
    # A blue gun at (0,-3) has g (at -3,0, distance 3) in range. With counter_battery_max_hits 0, or
    # a hit number above the die (7 on a d6), it does not answer at all: no die, no log line.
    for fire in ({"counter_battery_max_hits": 0}, {"counter_battery_hit_on": 7}):
        r = fire_rules(**fire)
        s = to_phase(hexagon_game(BASE + [("cb", "gun", "blue", 0, -3)], rules=r).new_initial_state(1), "movement")
        s.phase_idx = s.game.phases.index("combat")
        before = s.rng.clone()
        fires.counter_battery(s, s.units["g"])
        assert not any("counter-battery" in x for x in s.log), fire
        assert s.rng.next_u64() == before.next_u64()  # no die rolled


def test_no_delaying_action_on_a_victory_objective():
    # tank 6 vs inf 3 = 2:1, die 3 -> DL1R1 (tests/test_rules_combat_table.py). With delay_trade 1 the
    # infantry trades its step of loss for a second hex of retreat - except on an objective hex.
    from tests.enginefixture import seed_with_first_die
    from tests.test_mech_friction import _rules as friction_rules
    units = [("a", "tank", "red", -1, 0), ("d", "inf", "blue", 0, 0)]
    for objectives, steps_left, traded in (((), 2, True), ((("X", (0, 0), 1, "blue"),), 1, False)):
        g = hexagon_game(units, rules=friction_rules(delay_trade=1), objectives=objectives)
        s = to_phase(g.new_initial_state(seed_with_first_die(3)), "combat")
        s.apply_action("attack 0,0 with a")
        assert any("die 3 -> DL1R1" in x for x in s.log)
        assert any("delaying action: 1 step of loss traded for 1 more hex of retreat" in x for x in s.log) == traded
        assert s.units["d"].strength == steps_left


def test_congested_road_steps_cost_the_congested_rate_both_ways():
    # Three hexes joined by roads; the hexside 0-1 is jammed. Costs are in ticks (game.mp_scale a MP).
    # In contact (march=False) a road step costs road_cost MP; a congested one costs congested_road_cost MP,
    # so its weight w becomes w + (congested - road) * scale, at least 1 tick. With road 1, congested 3 and the
    # given weight w = 1 tick: 1 + 2*scale. With road 2, congested 1: 1 - scale -> the 1-tick floor.
    # On the march (march=True) the road step weighs march_road_ticks and becomes congested * scale.
    from engine.rules import friction
    s = hexagon_game(UNITS_FRICTION).new_initial_state(1)
    edges = [((1, 1), (2, 1)), ((0, 1), (2, 1)), ((0, 1), (1, 1))]
    jam = frozenset({(0, 1)})
    k = s.game.mp_scale
    for road, congested, want in ((1, 3, 1 + 2 * k), (2, 1, 1)):
        mv = attrs.evolve(s.game.rules.movement, road_cost=road, congested_road_cost=congested)
        s.game.rules = attrs.evolve(s.game.rules, movement=mv)
        s.drop_caches()
        out = friction.congested_edges(s, edges, jam, march=False)
        assert out == [((1, want), (2, 1)), ((0, want), (2, 1)), ((0, 1), (1, 1))], (road, congested)
    m = s.game.march_road_ticks
    march_edges = [((1, m), (2, 1)), ((0, m), (2, 1)), ((0, 1), (1, 1))]
    out = friction.congested_edges(s, march_edges, jam, march=True)
    assert out[0][0] == (1, 1 * k) and out[1][0] == (0, 1 * k), out  # congested_road_cost 1 MP = k ticks
    assert friction.congested_edges(s, edges, frozenset()) is edges


UNITS_FRICTION = [("r", "inf", "red", -3, 0), ("b", "inf", "blue", 3, 0)]


def test_counter_battery_dice_and_the_logged_line():
    # Red gun g at (-3,0) fires. Blue answers with every fire unit that has g in range, by id:
    # cb1 (gun, range 3) at (0,-3), distance 3; m1 (range 1) at (-2,0), distance 1. The blue mech
    # (attack but no fire range) does not roll. Hit on 4+, at most 2.
    from engine.core.rng import Rng
    units = [("g", "gun", "red", -3, 0), ("cb1", "gun", "blue", 0, -3), ("m1", "short", "blue", -2, 0),
             ("d", "mech", "blue", -3, 1)]
    r = fire_rules(counter_battery_hit_on=4, counter_battery_max_hits=2)
    for seed, line, left in (
            (3, "  counter-battery on g: cb1 3, m1 6 (hit on 4+) -> 1 hit", 1),  # Rng(3) rolls 3 6
            (11, "  counter-battery on g: cb1 6, m1 4 (hit on 4+) -> 2 hits", 0),  # Rng(11) rolls 6 4
            (2, "  counter-battery on g: cb1 1, m1 2 (hit on 4+) -> 0 hits", 2)):  # Rng(2) rolls 1 2
        s = hexagon_game(units, rules=attrs.evolve(r, unit_types={**r.unit_types, "short": SHORT})).new_initial_state(1)
        s.rng = Rng(seed)
        fires.counter_battery(s, s.units["g"])
        assert s.log[-1] == line if left else line in s.log
        assert (s.units["g"].strength if "g" in s.units else 0) == left


def test_engagement_refusal_lists_only_the_failing_conditions():
    # Red's entry: tension >= 90 (fails at 50), tension >= 10 (holds: not listed), resolve >= 1
    # (no such track: fails, shown as None). The refusal joins the failing two with "and".
    from engine.rules import engagement
    from engine.scenario.model import Condition
    from tests.test_engagement import WAR, _game
    g = _game([("r1", "inf", "red", -2, 0), ("b1", "inf", "blue", 3, 0)],
              red=(WAR, Condition("tension", ">=", 10), Condition("resolve", ">=", 1)))
    s = g.new_initial_state(0)
    assert engagement.why_no_force(s, "red", "attack") == (
        "Red may not attack yet: rules of engagement need tension >= 90 (it is 50) and resolve >= 1 (it is None)")
    assert engagement.why_no_force(s, "blue", "attack") is None  # blue has no entry: free


def test_facilitator_event_and_track_log_lines_and_counts():
    # The default scenario: event tension_crisis ("Tension reaches crisis") enables nato_vjtf, adds 5
    # to nato_cohesion (starts at 70), sets nato_alert to 1 and prints a message; tension starts at 35.
    from engine.game.game import load_game
    s = load_game().new_initial_state(1)
    n = len(s.log)
    s.apply_action("facilitator event tension_crisis -- x")
    assert s.log[n + 1:n + 4] == ["  facilitator: event tension_crisis: Tension reaches crisis",
                                  "  event tension_crisis: option nato_vjtf enabled",
                                  "  event tension_crisis: nato_cohesion 70 -> 75"]
    s.apply_action("facilitator event tension_crisis -- again")
    assert s.events_fired["tension_crisis"] == 2  # counted each time
    s.apply_action("facilitator track tension 70 -- x")
    s.apply_action("facilitator track tension 80 -- y")
    assert s.log[-1] == "  facilitator: tension 70 -> 80"  # from the current value, not the initial 35


def test_facilitator_place_log_and_full_stack():
    # Stacking 2: two red units at (1,0) fill it; placing a third there is refused, (2,0) is free.
    from engine.core.actions import FacPlace
    units = [("r1", "inf", "red", -3, 0), ("f1", "inf", "red", 1, 0), ("f2", "inf", "red", 1, 0),
             ("b1", "inf", "blue", 4, 0)]
    s = hexagon_game(units).new_initial_state(1)
    assert facilitator.why_illegal(s, FacPlace("r1", Hex(1, 0), "x")) == "1,0 already holds 2 red units (stacking limit)"
    s.apply_action(FacPlace("r1", Hex(2, 0), "demo"))
    assert s.log[-1] == "  facilitator: r1 placed at 2,0" and s.unit_hex("r1") == Hex(2, 0)


# --- rail link cuts and the own gauge (engine/rules/rail.py) ------------------------------------
# The hexagon (all BLR, POL for q >= 1) with rail lines from tests/airfixture.py: 1520 mm from (-3,0)
# to (-1,0) (two links), 1435 mm from (-3,2) to (-2,2) (one link), and in POL one link of each gauge.
# Standard rules: a cut link is repaired after 2 turns.

POL = {(q, r): "POL" for q in range(1, 7) for r in range(-6, 7) if abs(q + r) <= 6}


def _rail_state():
    m = hexagon_map(country=POL)
    lines = {**rail_line([(-3, 0), (-2, 0), (-1, 0)], 1520), **rail_line([(-3, 2), (-2, 2)], 1435),
             **rail_line([(2, 0), (3, 0)], 1520), **rail_line([(2, 2), (3, 2)], 1435)}
    m = attrs.evolve(m, rail=lines)
    return hexagon_game([("r", "inf", "red", -5, 0), ("b", "inf", "blue", 5, 0)], m).new_initial_state(1)


def test_own_gauge_is_the_commonest_ties_to_the_smaller_no_rail_is_minus_one():
    s = _rail_state()
    g = s.game
    # BLR: 1520 has 2 links (4 link ends), 1435 one (2 ends) -> 1520. POL: one each -> tie -> 1435.
    assert rail._own_gauge(g, ("BLR",)) == 1520
    assert rail._own_gauge(g, ("POL",)) == 1435
    assert rail._own_gauge(g, ("LTU",)) == -1  # no rail there


def test_cut_link_logs_once_keeps_the_later_date_and_the_first_reason():
    s = _rail_state()
    i = s.game.index
    a, b, c = i[Hex(-3, 0)], i[Hex(-2, 0)], i[Hex(-5, 0)]
    assert rail.has_link(s.game, a, b) and not rail.has_link(s.game, c, a)  # (-5,0) has no rail at all
    assert rail.cut_link(s, a, c) is False and s.cut_links == {}
    n = len(s.log)
    # Default: turn 1 + 2 repair turns = until turn 3; the key is (smaller, larger) index.
    assert rail.cut_link(s, b, a, reason="a strike") is True
    k = (min(a, b), max(a, b))
    assert s.cut_links == {k: [3, "a strike"]}
    assert s.log[n:] == ["  rail link -3,0--2,0 cut by a strike until turn 3"]
    rail.cut_link(s, a, b, until_turn=3, reason="another")  # same date: nothing changes
    rail.cut_link(s, a, b, until_turn=2, reason="another")  # earlier: nothing changes
    assert s.cut_links == {k: [3, "a strike"]}
    rail.cut_link(s, a, b, until_turn=5)  # later, no reason: the first reason stays
    assert s.cut_links == {k: [5, "a strike"]} and len(s.log) == n + 1  # logged only the first time
    d, e = i[Hex(-2, 0)], i[Hex(-1, 0)]
    rail.cut_link(s, d, e, until_turn=4)
    assert s.log[-1] == "  rail link -2,0--1,0 cut until turn 4"
    assert s.cut_links[(min(d, e), max(d, e))] == [4, ""]


def test_a_link_is_usable_again_on_its_repair_turn():
    # Cut until turn 1 at turn 1: usable now (not cut, not listed); until turn 2: cut.
    s = _rail_state()
    i = s.game.index
    a, b, d = i[Hex(-3, 0)], i[Hex(-2, 0)], i[Hex(-1, 0)]
    rail.cut_link(s, a, b, until_turn=1)
    rail.cut_link(s, b, d, until_turn=2)
    assert not rail.is_cut(s, a, b) and rail.is_cut(s, d, b)
    assert rail.cut_links(s) == [(min(b, d), max(b, d), 2, "")]


def test_a_cut_changes_the_rail_reach_already_computed():
    # r on the 1520 line at (-3,0) reaches (-2,0) and (-1,0) by rail; after (-2,0)-(-1,0) is cut
    # the cached reach must not be reused: only (-2,0). A second cut bumps the version again.
    s = _rail_state()
    g, i = s.game, s.game.index
    s.relocate(s.units["r"], i[Hex(-3, 0)])
    assert [g.hexes[p] for p in rail.rail_destinations(s, s.units["r"])] == [Hex(-2, 0), Hex(-1, 0)]
    rail.cut_link(s, i[Hex(-2, 0)], i[Hex(-1, 0)], until_turn=3)
    assert [g.hexes[p] for p in rail.rail_destinations(s, s.units["r"])] == [Hex(-2, 0)]
    rail.cut_link(s, i[Hex(-3, 0)], i[Hex(-2, 0)], until_turn=3)
    assert rail.rail_destinations(s, s.units["r"]) == []


def test_nation_rule_release_wording():
    from engine.rules.engagement import _release
    from engine.scenario.model import Condition
    assert _release(NationRule("BLR")) == "for the whole game"
    assert _release(NationRule("BLR", until_turn=3, until=Condition("tension", ">=", 90), until_event="x")) == \
        "released by turn 3 or tension >= 90 or event x"


def test_bombard_needs_the_rules_of_engagement_and_ammo_in_stock():
    from engine.scenario.model import Condition, Track
    war = Condition("tension", ">=", 90)
    tracks = (Track("tension", "Tension", 0, 100, 50, {"war": 90}),)
    s = _combat(BASE, tracks=tracks, engagement={"red": (war,)})
    assert fires.why_illegal(s, Bombard("g", Hex(0, 0))) == \
        "Red may not bombard yet: rules of engagement need tension >= 90 (it is 50)"
    s = _combat(BASE)
    s.supply_src["g"] = "dump"
    s.stocks["dump"] = {"ammo": 0}  # empty: refused (need 2)
    assert fires.why_illegal(s, Bombard("g", Hex(0, 0))) == \
        "g draws on dump, which has 0 ammo of the 2 a bombardment needs"
    s.stocks["dump"] = {"fuel": 5}  # no ammo stock kept there: unlimited, nothing drawn
    assert fires.why_illegal(s, Bombard("g", Hex(0, 0))) is None
    s.supply_src["g"] = "gone"  # a base with no stocks at all: unlimited too
    assert fires.why_illegal(s, Bombard("g", Hex(0, 0))) is None
    s.apply_action(Bombard("g", Hex(0, 0)))
    assert [x for x in s.log if "bombardment (" in x and "ammo" in x] == [] and "gone" not in s.stocks


def test_facilitator_add_logs_takes_control_of_a_tracked_hex_and_is_ready():
    # Objective X at (2,0) is a tracked hex (control counts there); (-2,2) is not. An added unit is at
    # full strength in the top readiness state (deployed) and takes control of a tracked hex.
    from engine.core.actions import FacAdd
    s = hexagon_game(BASE, rules=_rules(), objectives=(("X", (2, 0), 1, "blue"),)).new_initial_state(1)
    i = s.game.index
    s.apply_action(FacAdd("mech", "red", Hex(2, 0), "u9", "what if"))
    assert s.log[-1] == "  facilitator: u9 (Mechanised brigade) added at 2,0"
    u = s.units["u9"]
    assert (u.side, u.strength, u.readiness, s.control.get(i[Hex(2, 0)])) == ("red", 3, "deployed", "red")
    before = dict(s.control)
    s.apply_action(FacAdd("mech", "red", Hex(-2, 2), "u10", "what if"))
    assert s.control == before  # an untracked hex: control is not recorded


def test_counter_battery_at_a_hit_number_equal_to_the_die():
    # Hit on 6 (the die's top face) still fires: Rng(3) rolls cb1 3, m1 6 -> 1 hit.
    from engine.core.rng import Rng
    units = [("g", "gun", "red", -3, 0), ("cb1", "gun", "blue", 0, -3), ("m1", "short", "blue", -2, 0)]
    r = fire_rules(counter_battery_hit_on=6, counter_battery_max_hits=2)
    s = hexagon_game(units, rules=attrs.evolve(r, unit_types={**r.unit_types, "short": SHORT})).new_initial_state(1)
    s.rng = Rng(3)
    fires.counter_battery(s, s.units["g"])
    assert s.log[-1] == "  counter-battery on g: cb1 3, m1 6 (hit on 6+) -> 1 hit" and s.units["g"].strength == 1


def test_a_side_without_an_engagement_entry_has_no_hostile_countries():
    from engine.rules import engagement
    from tests.test_engagement import _game
    g = _game([("r1", "inf", "red", -2, 0), ("b1", "inf", "blue", 3, 0)])
    assert engagement.hostile_countries(g, "blue") == frozenset()
    assert engagement.hostile_countries(g, "red") == frozenset({"POL"})

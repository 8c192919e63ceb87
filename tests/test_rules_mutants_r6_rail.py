"""Known-answer tests for rail and tactical destinations next to full stacks (``rail.rail_destinations``,
``movement.destinations``, called without the caller's ``full`` set), round 6 of `make mutate`
(tests/MUTATION_r6_survivors.md).

Fixture: tests/logifixture.py ``rail_map(split=0)``: the railway along r = 0, 1520 mm to (0, 0) (a transshipment
point) and 1435 mm east of it (Poland), Red may use both; stacking limit 2. Red r1 (mech) at (-6, 0) reaches by
rail every railway hex from (-8, 0) to (6, 0) but its own: (1, 0) .. (6, 0) via the transshipment at (0, 0).
"""

from engine.geo.hexgrid import Hex
from engine.rules import movement, rail
from tests.logifixture import advance_to, logi_game, rail_map

ALL = [(q, 0) for q in range(-8, 7) if q != -6]


def _state(extra):
    units = [("r1", "mech", "red", -6, 0), ("b1", "inf", "blue", 0, -8)] + extra
    g = logi_game(units, m=rail_map(split=0), red_rail=("BLR", "POL"))
    return advance_to(g.new_initial_state(0), 1, "movement")


def _rail(s):
    return [tuple(s.game.hexes[p]) for p in rail.rail_destinations(s, s.units["r1"])]


def test_rail_destinations_leave_out_a_full_destination_and_whatever_lies_beyond_a_full_transshipment():
    assert _rail(_state([])) == ALL  # 14 hexes
    # two Red infantry at (-3, 0): full; the trains run through it, but may not stop there
    assert _rail(_state([("r2", "inf", "red", -3, 0), ("r3", "inf", "red", -3, 0)])) == \
        [h for h in ALL if h != (-3, 0)]
    # two at the transshipment point (0, 0): no room there to change gauge, so nothing beyond it either (asked
    # twice: the second answer comes from the Game's cache of the search's open part)
    s = _state([("r2", "inf", "red", 0, 0), ("r3", "inf", "red", 0, 0)])
    assert _rail(s) == [h for h in ALL if h[0] < 0] and _rail(s) == [h for h in ALL if h[0] < 0]
    # a full stack off the railway changes nothing
    assert _rail(_state([("r2", "inf", "red", -6, 2), ("r3", "inf", "red", -6, 2)])) == ALL


def test_tactical_destinations_leave_out_a_full_hex_but_not_the_hexes_past_it():
    s = _state([("r2", "inf", "red", -5, 0), ("r3", "inf", "red", -5, 0)])
    dests = {tuple(s.game.hexes[p]) for p in movement.destinations(s, s.units["r1"])}
    assert (-5, 0) not in dests and (-4, 0) in dests and (-6, 0) not in dests


def test_a_restrained_side_may_not_rail_into_the_enemys_country_even_on_a_line_it_captured():
    # Red may use only Belarus's railway, but has captured (1, 0) and (2, 0) in Poland (ready since turn 0).
    # Restrained by its rules of engagement (tension >= 90; it is 50), it may not go there by rail; at 90 it may.
    import attrs
    from engine.analysis.synthetic import _digest
    from engine.game.game import Game
    from engine.scenario.model import Condition, Track
    g0 = logi_game([("r1", "mech", "red", -6, 0), ("b1", "inf", "blue", 0, -8)], m=rail_map(split=0))
    sc = attrs.evolve(g0.scenario, tracks=(Track("tension", "Tension", 0, 100, 50),),
                      engagement={"red": (Condition("tension", ">=", 90),)})
    g = Game(attrs.evolve(sc, digest=_digest(sc)), g0.map)
    s = advance_to(g.new_initial_state(0), 1, "movement")
    home = [h for h in ALL if h[0] <= 0]
    assert _rail(s) == home  # before the capture (the Game keeps this search)
    s.captured_rail = {g.index[Hex(1, 0)]: ("red", 0), g.index[Hex(2, 0)]: ("red", 0)}
    rail._bump(s)  # as rail.capture does: cached rail searches are stale
    assert _rail(s) == home
    s.tracks["tension"] = 90
    assert _rail(s) == home + [(1, 0), (2, 0)]


def test_a_rail_move_marks_the_unit_moved_and_says_so_and_a_gauge_change_of_0_days_goes_straight_on():
    from engine.core.actions import Rail
    s = _state([])
    rail.apply_rail(s, Rail("r1", Hex(-6, 0), Hex(-2, 0)))  # same gauge: 4 rail hexes, then the arrival state
    u = s.units["r1"]
    assert s.log[-2:] == ["  r1 by rail 4 hexes to -2,0", "  r1 arrives alerted, next state in 1 turn(s)"]
    assert u.moved and tuple(s.game.hexes[u.pos]) == (-2, 0)
    assert s.rail_used["red"] == 1
    # transshipment_delay 0: the unit changes gauge at (0, 0) and goes on to (3, 0) in the same move
    import attrs
    units = [("r1", "mech", "red", -6, 0), ("b1", "inf", "blue", 0, -8)]
    g0 = logi_game(units, m=rail_map(split=0), red_rail=("BLR", "POL"))
    rules = attrs.evolve(g0.rules, rail=attrs.evolve(g0.rules.rail, transshipment_delay=0))
    g = logi_game(units, m=rail_map(split=0), red_rail=("BLR", "POL"), rules=rules)
    t = advance_to(g.new_initial_state(0), 1, "movement")
    rail.apply_rail(t, Rail("r1", Hex(-6, 0), Hex(3, 0)))
    assert "r1" not in t.transship and tuple(g.hexes[t.units["r1"].pos]) == (3, 0)
    assert t.log[-2:] == ["  r1 arrives by rail at 3,0 after transshipment",
                          "  r1 arrives alerted, next state in 1 turn(s)"]


def test_a_units_daily_supply_need_scales_with_its_supply_use():
    # use_per_turn fuel 1 a day; a tank drawing 2 (supply_use 2) needs 2 a 24-hour turn
    import attrs
    from engine.analysis.synthetic import standard_rules
    from engine.rules import supply
    r = standard_rules()
    r = attrs.evolve(r, unit_types={**r.unit_types, "tank": attrs.evolve(r.unit_types["tank"], supply_use=2)})
    g = logi_game([("t", "tank", "red", -6, 0), ("m", "mech", "red", -5, 0), ("b1", "inf", "blue", 0, -8)], rules=r)
    s = g.new_initial_state(1)
    assert supply.per_turn_need(s, s.units["t"]) == {"fuel": 2} and supply.per_turn_need(s, s.units["m"]) == {"fuel": 1}


def _capture_state(capture_days, regauge_days=0):
    import attrs
    from engine.analysis.synthetic import standard_rules
    r = standard_rules()
    mech = r.unit_types["mech"]
    r = attrs.evolve(r, rail=attrs.evolve(r.rail, capture_days=capture_days, regauge_days=regauge_days), unit_types={
        **r.unit_types, "eng2": attrs.evolve(mech, id="eng2", rail_repair=2),
        "eng1": attrs.evolve(mech, id="eng1", rail_repair=1)})
    # a off the railway and b on Belarus's own (both listed before c): neither captures. c on Poland's railway at
    # (2, 0) and d at (5, 0) do; engineers e2 (2 days of work a day) next to c and e1 (1) next to d.
    units = [("a", "mech", "red", -3, 1), ("b", "mech", "red", -2, 0), ("c", "mech", "red", 2, 0),
             ("d", "mech", "red", 5, 0), ("e1", "eng1", "red", 5, 1), ("e2", "eng2", "red", 2, 1),
             ("x", "inf", "blue", 0, -8)]
    return logi_game(units, m=rail_map(split=0), rules=r).new_initial_state(1)


def test_a_captured_line_carries_the_captor_after_the_capture_days_less_the_engineers_work():
    # Turn 1, capture_days 5 and regauge_days 2 (Poland's 1435 mm is not Red's 1520 mm): ready on turn
    # 1 + 1 + 5 + 2 = 9; e2 saves 2 turns (7), e1 1 (8).
    s = _capture_state(5, 2)
    ix = s.game.index
    rail.capture(s)
    assert s.captured_rail == {ix[Hex(2, 0)]: ["red", 7], ix[Hex(5, 0)]: ["red", 8]}
    assert "  c captures the railway at 2,0: carries red from turn 9" in s.log
    # Again: c and d hold their hexes already (not captured afresh); e2, moved onto (3, 0), captures it (9, then
    # 7); the engineers' work goes on: (2, 0) 7 - 2 = 5, (5, 0) 8 - 1 = 7.
    s.relocate(s.units["e2"], ix[Hex(3, 0)])
    rail.capture(s)
    assert s.captured_rail == {ix[Hex(2, 0)]: ["red", 5], ix[Hex(5, 0)]: ["red", 7], ix[Hex(3, 0)]: ["red", 7]}
    # capture_days 1: ready on turn 3; e2's 2 turns would make it 1, but never before next turn (2); e1: 2
    t = _capture_state(1)
    rail.capture(t)
    assert t.captured_rail == {ix[Hex(2, 0)]: ["red", 2], ix[Hex(5, 0)]: ["red", 2]}


def test_rail_orders_refused_word_for_word():
    # Two Red infantry fill the transshipment point (0, 0): r1 may not go on to (3, 0), but may stop at (-2, 0).
    # (7, 0) is beyond max_hexes (12) of (-6, 0): the long refusal, naming both hexes.
    s = _state([("r2", "inf", "red", 0, 0), ("r3", "inf", "red", 0, 0)])
    ix = s.game.index
    u = s.units["r1"]
    assert rail.why_illegal(s, u, ix[Hex(3, 0)]) == \
        "the transshipment point 0,0 already holds 2 red units (stacking limit)"
    assert rail.why_illegal(s, u, ix[Hex(-2, 0)]) is None
    assert rail.why_illegal(s, u, ix[Hex(7, 0)]) == (
        "7,0 is not within 12 rail hexes of -6,0 through friendly territory free of enemy units, zones of control "
        "and cut links (one gauge, or a change of gauge at a transshipment point)")
    # with one unit at (0, 0) there is room to change gauge there
    t = _state([("r2", "inf", "red", 0, 0)])
    assert rail.why_illegal(t, t.units["r1"], ix[Hex(3, 0)]) is None


def test_an_enemy_without_a_zone_of_control_on_the_line_still_blocks_the_train():
    # A Blue SAM battery (no ZOC) on the railway at (-3, 0): r1's trains go west to (-8, 0) and east to (-4, 0) only.
    s = _state([("s", "sam", "blue", -3, 0)])
    assert _rail(s) == [(-8, 0), (-7, 0), (-5, 0), (-4, 0)]
    # one at hex index 0, (-8, 0), the line's west end: not a destination
    s = _state([("s", "sam", "blue", -8, 0)])
    assert s.game.index[Hex(-8, 0)] == 0 and _rail(s) == [h for h in ALL if h != (-8, 0)]
    # Blue infantry next to the line at (-3, 1): its zone of control covers (-3, 0) and (-2, 0); no train passes
    s = _state([("i", "inf", "blue", -3, 1)])
    assert _rail(s) == [(-8, 0), (-7, 0), (-5, 0), (-4, 0)]


def test_a_side_the_rail_rules_give_no_capacity_has_none():
    import attrs
    from engine.analysis.synthetic import standard_rules
    r = standard_rules()
    r = attrs.evolve(r, rail=attrs.evolve(r.rail, capacity={"red": 2}))
    s = logi_game([("r1", "mech", "red", -6, 0), ("b1", "inf", "blue", 0, -8)], rules=r).new_initial_state(1)
    assert rail.capacity(s, "red") == 2 and rail.capacity(s, "blue") == 0

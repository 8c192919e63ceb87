"""Known-answer tests for the supply trace's caches and the railhead flood (``supply._trace``, ``_trace_edges``,
``_railheads``), round 6 of `make mutate`, the run's last part (tests/MUTATION_r6_survivors.md).

Fixture: tests/logifixture.py ``rail_map()``: a radius-8 hexagon of open BLR land crossed by a railway along
r = 0 from (-8, 0) to (8, 0). Hex indices follow (q, r): hex 0 is (-8, 0), hex 1 is (-8, 1). Trace costs
(standard rules): a step along the railway 4 (every rail link counts as a road for the trace, whether or not
the side may run trains on it), a cross-country step 8, a cut rail link 8; the budget is 32. With
``red_rail=()`` Red may use no railway, so it has no railheads and its only sources are its entry hexes.
"""

import attrs

from engine.analysis.synthetic import standard_rules
from engine.geo.hexgrid import Hex
from engine.rules import rail, supply
from tests.logifixture import base, logi_game, rail_map


def _idx(g, q, r):
    return g.index[Hex(q, r)]


def _cut(s, a, b, until=None):
    g = s.game
    assert rail.cut_link(s, _idx(g, *a), _idx(g, *b), until_turn=until, reason="test")


def _rail(g, *qs):
    return frozenset(_idx(g, q, 0) for q in qs)


# --- supply._trace: the path kept per unit -------------------------------------------------------------------

def _west_entry():
    # Entry (-8, 1) = hex 1. r1 at (-1, 0): 6 rail steps to (-7, 0) (24), then one cross-country step to the
    # entry (8): 32, exactly the budget; every other way costs more. b far away at (0, -8).
    g = logi_game([("r1", "mech", "red", -1, 0), ("b", "inf", "blue", 0, -8)], entries=((-8, 1),), red_rail=())
    assert g.index[Hex(-8, 1)] == 1
    s = g.new_initial_state(1)
    assert s.units["r1"].supplied and supply.trace(s, s.units["r1"]) == (True, [])
    return s


def test_a_path_kept_before_a_cut_is_not_reused_after_it():
    # The first cut of this state (link (-4,0)-(-3,0)) makes every way cost at least 36 > 32: out of supply.
    # r1's kept path was found before any cut (cut version 0); after the cut the version is 1, which is also
    # the entry's hex index: a kept path must be checked against the version, not the source's index, and a
    # state with no cut yet must not look like one after the first cut.
    s = _west_entry()
    _cut(s, (-4, 0), (-3, 0))
    assert supply.trace(s, s.units["r1"]) == (False, [])


def test_a_kept_path_that_an_enemy_now_blocks_is_not_reused():
    # Blue moves to (-4, 1): its zone of control covers (-4, 0) and (-3, 0) on r1's path (no red unit there).
    # Every way round costs more than 32: out of supply.
    s = _west_entry()
    s.relocate(s.units["b"], _idx(s.game, -4, 1))
    assert supply.trace(s, s.units["r1"]) == (False, [])


def test_a_unit_that_moved_does_not_reuse_the_path_from_its_old_hex():
    # Entry (8, 0) only. r1 at (0, 0) is 8 rail steps from it (32): in supply, and its path is kept. It is then
    # put on hex 0, (-8, 0): 16 rail steps (64) from the entry, out of supply, with no cut (version 0 = the
    # new hex's index).
    g = logi_game([("r1", "mech", "red", 0, 0), ("b", "inf", "blue", 0, -8)], entries=((8, 0),), red_rail=())
    s = g.new_initial_state(1)
    assert supply.trace(s, s.units["r1"]) == (True, [])
    s.relocate(s.units["r1"], 0)
    assert supply.trace(s, s.units["r1"]) == (False, [])


def test_a_railhead_that_stops_being_one_no_longer_supplies_through_a_kept_path():
    # Entry (-8, 0); Red may use the whole railway, so at first every rail hex is a railhead. r1 at (6, -1)
    # is one cross-country step (8) from the railheads (5, 0) and (6, 0): in supply, the path kept ends at the
    # lower hex index, (5, 0). Blue then moves to (0, 0): it and its zone of control ((-1, 0), (1, 0)) cut the
    # railway, so the railheads are (-8..-2, 0) and r1 is 8 hexes from the nearest: out of supply (neither the
    # path kept for r1 nor the one kept for its hex may be reused: (5, 0) is neither a railhead nor an entry).
    g = logi_game([("r1", "mech", "red", 6, -1), ("b", "inf", "blue", 0, -8)])
    s = g.new_initial_state(1)
    assert supply.trace(s, s.units["r1"]) == (True, [])
    assert g._trace_paths[_idx(g, 6, -1)] == (_idx(g, 5, 0), _idx(g, 6, -1))
    s.relocate(s.units["b"], _idx(g, 0, 0))
    assert supply.railheads(s, "red") == _rail(g, *range(-8, -1))
    assert supply.trace(s, s.units["r1"]) == (False, [])


# --- supply._trace_edges: the trace costs with cut links -----------------------------------------------------

def _east_entry(q=0, r=0, rules=None):
    g = logi_game([("r1", "mech", "red", q, r), ("b", "inf", "blue", 0, -8)], entries=((8, 0),), red_rail=(),
                  rules=rules)
    return g.new_initial_state(1)


def test_the_cut_links_table_follows_every_cut_in_the_same_turn():
    # r1 at (1, 0): 7 rail steps (28) to the entry (8, 0). Cut (5,0)-(6,0): 24 + 8 = 32, still in supply.
    # Cut (6,0)-(7,0) too, in the same turn: 20 + 8 + 8 = 36 > 32, out of supply.
    s = _east_entry(1)
    _cut(s, (5, 0), (6, 0))
    assert supply.trace(s, s.units["r1"]) == (True, [])
    _cut(s, (6, 0), (7, 0))
    assert supply.trace(s, s.units["r1"]) == (False, [])


def test_the_cut_links_table_of_a_copy_follows_its_first_cut():
    # As above, but the second cut is made on a copy of the state (a copy starts with no cached tables, and
    # its cut version starts again from nothing): after it the copy traces out of supply, the original in.
    s = _east_entry(1)
    _cut(s, (5, 0), (6, 0))
    t = s.clone()
    assert supply.trace(t, t.units["r1"]) == (True, [])
    _cut(t, (6, 0), (7, 0))
    assert supply.trace(t, t.units["r1"]) == (False, [])
    assert supply.trace(s, s.units["r1"]) == (True, [])


def test_a_cut_link_costs_the_cross_country_step_whichever_way_it_is_walked():
    # r1 at (0, 0), 8 rail steps (32) west of the entry (8, 0): walked from the lower hex index to the higher.
    # Cutting (3,0)-(4,0) makes it 28 + 8 = 36 > 32: out of supply.
    s = _east_entry(0)
    assert supply.trace(s, s.units["r1"]) == (True, [])
    _cut(s, (3, 0), (4, 0))
    assert supply.trace(s, s.units["r1"]) == (False, [])


def test_a_cut_leaves_the_cross_country_steps_out_of_its_ends_at_their_cost():
    # Entry (3, 1) only, next to the rail hex (3, 0) (one cross-country step). r1 at (-4, 0): 7 rail steps to
    # (3, 0) (28) + 8 = 36 > 32, and every other way costs more: out of supply. Cutting (3,0)-(4,0), which r1's
    # way does not use, rewrites the steps out of (3, 0): the step to (3, 1) still costs 8, so still out.
    g = logi_game([("r1", "mech", "red", -4, 0), ("b", "inf", "blue", 0, -8)], entries=((3, 1),), red_rail=())
    s = g.new_initial_state(1)
    assert not s.units["r1"].supplied
    _cut(s, (3, 0), (4, 0))
    assert supply.trace(s, s.units["r1"]) == (False, [])


def test_a_link_cut_until_this_turn_is_already_open():
    # With repair_turns 0 a missile strike's cut lasts until the current turn: the link is listed but not cut
    # (rail.is_cut: cut while its turn is later than now). r1 at (0, 0) still traces its 8 rail steps (32) to
    # the entry (8, 0), and with Red allowed the railway the railheads still run the whole line from (-8, 0).
    r = standard_rules()
    r = attrs.evolve(r, rail=attrs.evolve(r.rail, repair_turns=0))
    s = _east_entry(0, rules=r)
    _cut(s, (3, 0), (4, 0))
    g = s.game
    k = (_idx(g, 3, 0), _idx(g, 4, 0))
    assert s.cut_links[k][0] == s.turn and not rail.is_cut(s, *k)
    assert supply.trace(s, s.units["r1"]) == (True, [])
    g2 = logi_game([("r1", "mech", "red", -8, 0), ("b", "inf", "blue", 0, -8)], rules=r)
    s2 = g2.new_initial_state(1)
    _cut(s2, (0, 0), (1, 0))
    assert supply.railheads(s2, "red") == _rail(g2, *range(-8, 9))
    # (The cached railheads answer the call above, since the link is not cut; the flood itself, as any change of
    # the blocked hexes would run it, also goes through the link.)
    assert supply._railheads(s2, "red") == _rail(g2, *range(-8, 9))


# --- supply._railheads: the flood along the railway -------------------------------------------------------------

def _heads(units=(("b", "inf", "blue", 0, -8),), **kw):
    g = logi_game(list(units), **kw)
    return g, g.new_initial_state(1)


def test_railheads_flood_from_an_entry_in_the_east_and_stop_at_a_cut():
    # Entry (8, 0); link (2,0)-(3,0) cut (the flood meets it from its higher-index end): railheads (3..8, 0).
    g, s = _heads(entries=((8, 0),))
    assert supply.railheads(s, "red") == _rail(g, *range(-8, 9))
    _cut(s, (2, 0), (3, 0))
    assert supply.railheads(s, "red") == _rail(g, *range(3, 9))


def test_a_cut_on_one_side_of_an_entry_does_not_stop_the_other_side():
    # Entry (0, 0) in the middle of the line; its rail links are listed west (-1, 0) first, then east. Cutting
    # the west link leaves (0..8, 0); cutting the east one instead leaves (-8..0, 0).
    g, s = _heads(entries=((0, 0),))
    assert [j for j, _ in g.rail_nbrs[_idx(g, 0, 0)]] == [_idx(g, -1, 0), _idx(g, 1, 0)]
    _cut(s, (-1, 0), (0, 0))
    assert supply.railheads(s, "red") == _rail(g, *range(0, 9))
    g, s = _heads(entries=((0, 0),))
    _cut(s, (0, 0), (1, 0))
    assert supply.railheads(s, "red") == _rail(g, *range(-8, 1))


def test_an_entry_off_the_railway_does_not_stop_the_others_from_feeding_it():
    # Entries (-8, 2) (not a rail hex; the lower index) and (8, 0): the whole line is fed from (8, 0).
    g, s = _heads(entries=((-8, 2), (8, 0)))
    assert supply.railheads(s, "red") == _rail(g, *range(-8, 9))


def test_only_active_bases_without_stocks_feed_railheads():
    # No entry hex. A stocked depot at (0, 0) feeds no railhead (its stocks are drawn on directly), nor does an
    # inactive logistic base without stocks at (4, 0); an active one without stocks at (-4, 0) feeds the line.
    dep = base("dep", "depot", 0, 0, stocks={"fuel": 10})
    off = base("off", "logistic", 4, 0, active=False)
    g, s = _heads(entries=(), bases=(dep, off))
    assert supply.railheads(s, "red") == frozenset()
    g, s = _heads(entries=(), bases=(dep, off, base("on", "logistic", -4, 0)))
    assert supply.railheads(s, "red") == _rail(g, *range(-8, 9))


# --- supply.railheads: the cache key, and supply._Context: the side's source bases --------------------------------

def test_railheads_follow_a_zone_of_control_that_leaves_the_railway():
    # Entry (-8, 0). Blue at (0, 1): its zone of control covers the rail hexes (0, 0) and (1, 0) (no red unit
    # there): the railheads stop at (-1, 0). Blue moves to (0, -8), far from the line (no blue unit was ever
    # on a rail hex): the whole line is fed.
    g = logi_game([("r1", "mech", "red", 0, 8), ("b", "inf", "blue", 0, 1)])
    s = g.new_initial_state(1)
    assert supply.railheads(s, "red") == _rail(g, *range(-8, 0))
    s.relocate(s.units["b"], _idx(g, 0, -8))
    assert supply.railheads(s, "red") == _rail(g, *range(-8, 9))


def test_railheads_follow_a_red_unit_that_steps_into_the_zone_of_control_on_the_railway():
    # As above, Blue at (0, 1). Red's r1 moves from (0, 8) onto (0, 0): a hex of Blue's zone of control with a
    # red unit in it does not block, so the railheads run on to (0, 0) ((1, 0) is still blocked). Nothing
    # blocked off the railway changed.
    g = logi_game([("r1", "mech", "red", 0, 8), ("b", "inf", "blue", 0, 1)])
    s = g.new_initial_state(1)
    assert supply.railheads(s, "red") == _rail(g, *range(-8, 0))
    s.relocate(s.units["r1"], _idx(g, 0, 0))
    assert supply.railheads(s, "red") == _rail(g, *range(-8, 1))


def test_railheads_follow_an_enemy_unit_that_takes_the_place_of_a_friendly_one():
    # Entry (-8, 0). Red's r1 stands on (0, 0), Blue is far: the whole line is fed. Then r1 leaves for (0, 8)
    # and Blue moves onto (0, 0): a unit and a zone of control on the same rail hexes as before, but now an
    # enemy's: the railheads stop at (-2, 0) (Blue's zone of control covers (-1, 0)).
    g = logi_game([("r1", "mech", "red", 0, 0), ("b", "inf", "blue", 0, -8)])
    s = g.new_initial_state(1)
    assert supply.railheads(s, "red") == _rail(g, *range(-8, 9))
    s.relocate(s.units["r1"], _idx(g, 0, 8))
    s.relocate(s.units["b"], _idx(g, 0, 0))
    assert supply.railheads(s, "red") == _rail(g, *range(-8, -1))


def test_railheads_follow_a_source_base_that_is_switched_off():
    # No entry hex; the logistic base "on" (no stocks) at (-4, 0) feeds the whole line. Switched off, none.
    g, s = _heads(entries=(), bases=(base("on", "logistic", -4, 0),))
    assert supply.railheads(s, "red") == _rail(g, *range(-8, 9))
    s.base_active["on"] = False
    assert supply.railheads(s, "red") == frozenset()


def test_an_inactive_source_base_does_not_hide_the_active_ones_after_it():
    # No entry hex, no railway for Red. Bases by id: "a" (inactive) at (4, 4), "b" (active, no stocks) at
    # (0, 5). r1 at (0, 4) is one cross-country step (8) from b: in supply, drawing on nothing.
    g = logi_game([("r1", "mech", "red", 0, 4), ("x", "inf", "blue", 0, -8)], entries=(), red_rail=(),
                  bases=(base("a", "logistic", 4, 4, active=False), base("b", "logistic", 0, 5)))
    assert [b.id for b in supply.static(g).sources["red"]] == ["a", "b"]
    s = g.new_initial_state(1)
    assert supply.trace(s, s.units["r1"]) == (True, [])
    assert supply.status(s, "red") == [("r1", True, "")]


def test_a_trace_length_of_one_allows_one_cross_country_step():
    # trace_length 1, road_trace_length 8: a cross-country step costs the whole budget (8 of 8), a road or rail
    # step 1. No railway for Red, entry (-8, 0): r1 at (-8, 1), one cross-country step away, is in supply; r2 at
    # (-8, 2), two steps away, is not. (trace_length 0 would forbid cross-country steps altogether.)
    r = standard_rules()
    r = attrs.evolve(r, supply=attrs.evolve(r.supply, trace_length=1, road_trace_length=8))
    g = logi_game([("r1", "mech", "red", -8, 1), ("r2", "mech", "red", -8, 2), ("b", "inf", "blue", 0, -8)],
                  red_rail=(), rules=r)
    ss = supply.static(g)
    assert (ss.cross, ss.road, ss.budget) == (8, 1, 8)
    s = g.new_initial_state(1)
    assert supply.status(s, "red") == [("r1", True, ""), ("r2", False, "")]


def test_a_trace_length_of_zero_traces_only_along_roads_and_railways():
    # trace_length 0, road_trace_length 8: no cross-country step at all, a road or rail step costs 1 of 8. No
    # railway for Red, entry (-8, 0): r1 at (0, 0) is 8 rail steps away, in supply; r2 at (1, 0), 9 steps, and r3
    # at (-7, 1), next to the entry but off the railway, are not.
    r = standard_rules()
    r = attrs.evolve(r, supply=attrs.evolve(r.supply, trace_length=0, road_trace_length=8))
    units = [("r1", "mech", "red", 0, 0), ("r2", "mech", "red", 1, 0), ("r3", "mech", "red", -7, 1),
             ("b", "inf", "blue", 0, -8)]
    g = logi_game(units, red_rail=(), rules=r)
    assert (supply.static(g).road, supply.static(g).budget) == (1, 8)
    s = g.new_initial_state(1)
    assert supply.status(s, "red") == [("r1", True, ""), ("r2", False, ""), ("r3", False, "")]


def test_a_water_hex_next_to_a_unit_does_not_hide_its_other_neighbours():
    # (-6, 1) is water: the first of (-7, 1)'s neighbours in the map's order (east first). r1 at (-7, 1) still
    # traces west: a cross-country step to (-7, 0) (8), then the rail step to the entry (-8, 0) (4): 12, in supply.
    m = rail_map()
    m = attrs.evolve(m, terrain={**m.terrain, Hex(-6, 1): "water"})
    g = logi_game([("r1", "mech", "red", -7, 1), ("b", "inf", "blue", 0, -8)], m=m, red_rail=())
    assert g.hexes[g.nbrs[_idx(g, -7, 1)][0]] == Hex(-6, 1) and not g.land[_idx(g, -6, 1)]
    s = g.new_initial_state(1)
    assert supply.status(s, "red") == [("r1", True, "")]


def test_entry_hexes_are_sources_only_when_the_rules_list_entry():
    # Sources are logistic bases only (no "entry"): Red's entry hex (-8, 0) feeds nothing. r1 at (-7, 1), next to
    # it, is out of supply; r2 at (7, -1), next to the logistic base at (8, -1), is in. With "entry" listed too,
    # r1 is in supply.
    for kinds, want in ((("logistic",), [("r1", False, ""), ("r2", True, "")]),
                        (("logistic", "entry"), [("r1", True, ""), ("r2", True, "")])):
        r = standard_rules()
        r = attrs.evolve(r, supply=attrs.evolve(r.supply, sources=kinds))
        g = logi_game([("r1", "mech", "red", -7, 1), ("r2", "mech", "red", 7, -1), ("b", "inf", "blue", 0, -8)],
                      red_rail=(), rules=r, bases=(base("lb", "logistic", 8, -1),))
        assert supply.static(g).entries["red"] == ((_idx(g, -8, 0),) if "entry" in kinds else ())
        assert supply.status(g.new_initial_state(1), "red") == want, kinds


def test_railheads_follow_blocking_on_a_foreign_railway_the_side_may_use():
    # The line is Polish east of (0, 0) (1435 mm; (0, 0) transshipment). Red may use Belarus's and Poland's
    # railways (its home country is only Belarus): from the entry (-8, 0) the railheads run the whole line. Blue
    # then moves from (0, -8) onto (4, 0): it and its zone of control ((3, 0), (5, 0)) block Polish rail hexes, and
    # the railheads stop at (2, 0).
    g = logi_game([("r1", "mech", "red", -8, 2), ("b", "inf", "blue", 0, -8)], m=rail_map(split=0),
                  red_rail=("BLR", "POL"))
    s = g.new_initial_state(1)
    assert supply.railheads(s, "red") == _rail(g, *range(-8, 9))
    s.relocate(s.units["b"], _idx(g, 4, 0))
    assert supply.railheads(s, "red") == _rail(g, *range(-8, 3))


def test_a_unit_that_changes_to_a_side_without_supply_draws_on_nothing():
    # No entry hex, no railway for Red; its stocked depot dep at (0, 1) is r1's only source (one cross-country
    # step): r1 draws on it. Blue has no entry hex and no base, so Blue does not model supply. r1 changes command
    # to Blue: at the next supply check it is in supply and draws on nothing (not on Red's depot).
    g = logi_game([("r1", "mech", "red", 0, 0), ("b", "inf", "blue", 0, -8)], entries=(), red_rail=(),
                  bases=(base("dep", "depot", 0, 1, stocks={"fuel": 10}),))
    s = g.new_initial_state(1)
    assert supply.status(s, "red") == [("r1", True, "dep")] and not supply.is_modelled(s, "blue")
    s.change_side(s.units["r1"], "blue")
    supply.update(s, draw=False)
    assert supply.status(s, "blue") == [("b", True, ""), ("r1", True, "")] and s.supply_src == {}


def test_supply_is_traced_against_the_hexes_as_they_stood_when_the_phase_began():
    # Only the row r = 0 is land, and (1, 1). Red has no entry hex and no railway; its depot dep at (0, 0) holds
    # 1 fuel. a at (1, 0) needs 2 fuel a day (supply_use 2), b at (2, 0) needs 1. Blue's x at (1, 1) puts (1, 0)
    # and (2, 0) in its zone of control; the red units standing there keep them open to Red's traces.
    # Logistics phase, units in id order: a reaches dep but it cannot pay 2: out of supply, past step_loss_after
    # (3 turns), a loses its only step and is gone. b then traces through (1, 0) as the phase found it (held by a):
    # dep pays its 1 fuel, b is in supply.
    from engine.scenario.model import UnitType
    heavy = UnitType("heavy", "Heavy column", "tracked", 6, 1, 1, 1, "armour", supply_use=2)
    light = UnitType("light", "Light column", "tracked", 6, 1, 1, 1, "infantry")
    r = standard_rules()
    r = attrs.evolve(r, unit_types={**r.unit_types, "heavy": heavy, "light": light})
    m = rail_map()
    m = attrs.evolve(m, rail={}, terrain={h: ("open" if h[1] == 0 or h == Hex(1, 1) else "water") for h in m.terrain})
    g = logi_game([("a", "heavy", "red", 1, 0), ("b", "light", "red", 2, 0), ("x", "inf", "blue", 1, 1)], m=m,
                  entries=(), red_rail=(), rules=r, bases=(base("dep", "depot", 0, 0, stocks={"fuel": 1}),))
    s = g.new_initial_state(1)
    s.units["a"].oos_turns = 3
    supply.update(s)
    assert "a" not in s.units and "  a loses a step: 4 turns out of supply" in s.log
    assert supply.status(s, "red") == [("b", True, "dep")] and s.stocks["dep"] == {"fuel": 0}


def _depot_state(fuel, rules=None, turn_hours=24):
    """r1 (mech, 3 steps) at (0, 0), one cross-country step from Red's depot dep at (0, 1) holding ``fuel``; no
    entry hex, no railway for Red: dep is its only source."""
    g = logi_game([("r1", "mech", "red", 0, 0), ("b", "inf", "blue", 0, -8)], entries=(), red_rail=(), rules=rules,
                  bases=(base("dep", "depot", 0, 1, stocks={"fuel": fuel}),))
    if turn_hours != 24:
        from engine.analysis.synthetic import _digest
        from engine.game.game import Game
        sc = attrs.evolve(g.scenario, turn_hours=turn_hours)
        g = Game(attrs.evolve(sc, digest=_digest(sc)), g.map)
    return g.new_initial_state(1)


def test_going_out_of_and_back_into_supply_is_logged_word_for_word():
    # dep is empty at the start: r1 goes out of supply. With 5 fuel it is back, drawing on dep.
    s = _depot_state(0)
    assert "  r1 out of supply" in s.log and not s.units["r1"].supplied
    s.stocks["dep"]["fuel"] = 5
    supply.update(s)
    assert s.log[-1] == "  r1 back in supply (draws on dep)" and s.stocks["dep"] == {"fuel": 4}


def test_step_losses_out_of_supply_follow_step_loss_after():
    # r1 (3 steps) has been out of supply for 3 logistics phases; dep is empty. With step_loss_after 1 (a day) the
    # 4th costs it a step; with 0 (no step losses) it keeps all 3.
    for after, steps in ((1, 2), (0, 3)):
        r = standard_rules()
        r = attrs.evolve(r, supply=attrs.evolve(r.supply, step_loss_after=after))
        s = _depot_state(0, rules=r)
        s.units["r1"].oos_turns = 3
        supply.update(s)
        assert (s.units["r1"].oos_turns, s.units["r1"].strength) == (4, steps), after
    # 12-hour turns (step_loss_after 3 days = 6 turns): a step a day falls on every second turn, the even ones.
    for turn, steps in ((1, 3), (2, 2)):
        s = _depot_state(0, turn_hours=12)
        s.turn, s.units["r1"].oos_turns = turn, 6
        supply.update(s)
        assert s.units["r1"].strength == steps, turn

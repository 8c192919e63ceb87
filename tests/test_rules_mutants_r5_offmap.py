"""Known-answer tests for off-map moves (``offmap.apply_to`` / ``apply_from`` / ``_to_orders``) and
``State.put_on_map``, round 5 of `make mutate`.

Fixture: tests/test_mech_offmap.py's hexagon with box ``east`` ("East depth", 36 h by rail to the gate
(-5, 0); 24 h turns, so 2 turns), blue infantry ``b`` at (4, 0); red tank ``d`` starts in the box. Here
(-2, 0) is an objective (a tracked hex). See tests/MUTATION_r5_survivors.md.
"""

import attrs

from engine.analysis.synthetic import standard_rules
from engine.core.actions import FromBox, ToBox
from engine.game.game import Game
from engine.geo.hexgrid import Hex
from engine.rules import intel, offmap
from engine.scenario.loader import digest
from engine.scenario.model import Box, BoxLink, UnitSpec, UnitType
from tests.enginefixture import hexagon_game, to_phase

GATE = Hex(-5, 0)


def _game(units=()):
    box = Box("east", "East depth", "RUS", ("red",), (BoxLink(GATE, 36, "rail"),))
    g = hexagon_game(list(units) + [("b", "inf", "blue", 4, 0)], turns=8, boxes=(box,),
                     objectives=(("Town", (-2, 0), 1, "red"),))
    sc = g.scenario
    sc = attrs.evolve(sc, units=sc.units + (UnitSpec("d", "tank", "red", "BLR", "d", GATE, "deployed", 3, box="east"),))
    return Game(attrs.evolve(sc, digest=digest(attrs.evolve(sc, digest=""))), g.map)


def test_going_into_a_box_resupplies_the_unit_and_says_when_it_gets_there():
    # t, out of supply for 2 turns, leaves from the gate on turn 1: 36 h = 2 turns, in the box on turn 3;
    # from then on its nation's rear supplies it (supplied, no turns out of supply)
    s = to_phase(_game([("t", "tank", "red", -5, 0)]).new_initial_state(1), "movement")
    s.units["t"].supplied, s.units["t"].oos_turns = False, 2
    n = len(s.log)
    s.apply_action(ToBox("t", GATE, "east"))
    assert s.log[n + 1:] == ["  t leaves the map for East depth, there on turn 3"]
    u = s.offmap["t"][3]
    assert (u.supplied, u.oos_turns) == (True, 0)


def test_leaving_a_box_says_for_where_and_when():
    s = to_phase(_game().new_initial_state(1), "movement")
    n = len(s.log)
    s.apply_action(FromBox("d", "east", GATE))
    assert s.log[n + 1:] == ["  d leaves East depth for -5,0, there on turn 3"]


def test_box_orders_only_on_an_entry_hex():
    s = to_phase(_game([("t", "tank", "red", -5, 0), ("u", "tank", "red", -3, 0)]).new_initial_state(1), "movement")
    assert offmap._to_orders(s, s.units["t"]) == [ToBox("t", GATE, "east")]
    assert offmap._to_orders(s, s.units["u"]) == []


def test_put_on_map_takes_a_tracked_hex_only_and_refreshes_side_lists_and_sight():
    # The map holds only b: one placement, so the roster and layout counters are 1 when red's unit list
    # and blue's sight are asked (both empty: d is off the map). d is put on the objective (-2, 0), held by
    # blue: it takes it (a tank takes control); red then lists d and blue sees it. Counters set back to 1
    # would hand out the old answers.
    s = _game().new_initial_state(1)
    g = s.game
    town, plain = g.index[Hex(-2, 0)], g.index[Hex(-2, 1)]
    s.control[town] = "blue"
    assert s.side_unit_ids("red") == () and intel.seen_enemy_positions(s, "blue") == frozenset()
    before = dict(s.control)
    s.put_on_map("d", town)
    assert s.control[town] == "red" and {k: v for k, v in s.control.items() if k != town} == \
        {k: v for k, v in before.items() if k != town}
    assert s.side_unit_ids("red") == ("d",) and intel.seen_enemy_positions(s, "blue") == frozenset({town})
    # an untracked hex: control is not touched
    s2 = _game().new_initial_state(1)
    before = dict(s2.control)
    s2.put_on_map("d", plain)
    assert s2.control == before


def test_put_on_map_after_a_move_does_not_return_to_an_earlier_cache():
    # layout 1 when blue asks (no red unit seen); b moves (layout 2) and nobody asks; d arrives: layout 3.
    # Back at 1 it would hand blue its old, empty answer.
    s = _game().new_initial_state(1)
    g = s.game
    assert intel.seen_enemy_positions(s, "blue") == frozenset()
    s.relocate(s.units["b"], g.index[Hex(4, 1)])
    s.put_on_map("d", g.index[Hex(-2, 1)])
    assert intel.seen_enemy_positions(s, "blue") == frozenset({g.index[Hex(-2, 1)]})


def _two_boxes(gate_east=GATE, readiness="deployed", typ="tank"):
    east = (BoxLink(gate_east, 36, "rail"), BoxLink(Hex(-5, 1), 36, "road"))
    boxes = (Box("east", "East depth", "RUS", ("red",), east),
             Box("north", "North", "RUS", ("red",), (BoxLink(Hex(0, -5), 24, "road"),)))
    r = standard_rules()
    dug = UnitType("dug", "Dug-in guns", "wheeled", 0, 2, 2, 2, "artillery")  # no movement points
    fort = UnitType("fort", "Fort", "static", 2, 0, 2, 2, "infantry")  # static, whatever its points
    slow = UnitType("slow", "Slow column", "wheeled", 1, 1, 1, 2, "infantry")  # 1 MP: may move
    r = attrs.evolve(r, unit_types={**r.unit_types, "dug": dug, "fort": fort, "slow": slow})
    g = hexagon_game([("t", "tank", "red", -3, 0), ("b", "inf", "blue", 4, 0)], turns=8, boxes=boxes, rules=r)
    sc = g.scenario
    extra = (UnitSpec("d", typ, "red", "BLR", "d", gate_east, readiness, 3, box="east"),
             UnitSpec("n", "tank", "red", "BLR", "n", Hex(0, -5), "deployed", 3, box="north"))
    sc = attrs.evolve(sc, units=sc.units + extra)
    return Game(attrs.evolve(sc, digest=digest(attrs.evolve(sc, digest=""))), g.map)


def test_from_box_refusals_word_for_word():
    s = to_phase(_two_boxes().new_initial_state(1), "movement")
    assert offmap.why_illegal_from(s, FromBox("d", "wets", GATE)) == \
        "there is no off-map box 'wets' (boxes: east, north)"
    assert offmap.why_illegal_from(s, FromBox("t", "east", GATE)) == "t is not off the map"
    assert offmap.why_illegal_from(s, FromBox("zz", "east", GATE)) == "there is no unit 'zz'"
    assert offmap.why_illegal_from(s, FromBox("n", "east", GATE)) == "n is in or bound for North, not East depth"


def _d_ordered_out_to_hex_0():
    """The two boxes with the east box's gate at (-6, 0), the map's first hex (index 0); d ordered out of
    the east box on turn 1 (36 h: there on turn 3). Returns the state and the gate."""
    gate = Hex(-6, 0)
    g = _two_boxes(gate)
    assert g.index[gate] == 0
    s = to_phase(g.new_initial_state(1), "movement")
    s.apply_action(FromBox("d", "east", gate))
    return s, gate


def test_a_unit_already_bound_for_hex_index_0_is_refused_a_second_order():
    # The east box's gate is (-6, 0), the first hex of the map (index 0). Once d is ordered out (36 h:
    # there on turn 3), a second order is refused because it is already on its way, not because it is
    # still on its way into the box.
    s, gate = _d_ordered_out_to_hex_0()
    assert s.offmap["d"][1] == 0
    assert offmap.why_illegal_from(s, FromBox("d", "east", gate)) == \
        "d is already on its way to -6,0 (there on turn 3)"


def test_from_box_refusals_on_the_way_in_off_the_gates_and_in_garrison():
    # t goes into the box on turn 1 (there on turn 3): it may not be ordered out before it is there
    s = to_phase(_two_boxes().new_initial_state(1), "movement")
    s.relocate(s.units["t"], s.game.index[GATE])
    s.apply_action(ToBox("t", GATE, "east"))
    assert offmap.why_illegal_from(s, FromBox("t", "east", GATE)) == \
        "t is still on its way into East depth (there on turn 3)"
    # (0,0) is no gate of the box; both gates are listed
    assert offmap.why_illegal_from(s, FromBox("d", "east", Hex(0, 0))) == \
        "0,0 is not an entry hex of East depth (entry hexes: -5,0, -5,1)"
    # d in garrison readiness (may not move) stays in the box
    s = to_phase(_two_boxes(readiness="garrison").new_initial_state(1), "movement")
    assert offmap.why_illegal_from(s, FromBox("d", "east", GATE)) == "d may not move (Tank brigade, garrison)"
    # a wheeled type with no movement points may not move either
    s = to_phase(_two_boxes(typ="dug").new_initial_state(1), "movement")
    assert offmap.why_illegal_from(s, FromBox("d", "east", GATE)) == "d may not move (Dug-in guns, deployed)"
    s = to_phase(_two_boxes(typ="fort").new_initial_state(1), "movement")
    assert offmap.why_illegal_from(s, FromBox("d", "east", GATE)) == "d may not move (Fort, deployed)"
    s = to_phase(_two_boxes(typ="slow").new_initial_state(1), "movement")
    assert offmap.why_illegal_from(s, FromBox("d", "east", GATE)) is None


def _border_box(nation_rules=(), restrained=True):
    # tests/test_engagement.py's hexagon (radius 4; BLR q <= 0, POL q >= 1; Red restrained until tension
    # >= 90, tension 50) with a red box whose only gate, (3, 0), is in Poland; tank d waits in it
    from engine.analysis.synthetic import _digest
    from tests.test_engagement import WAR
    from tests.test_engagement import _game as border_game
    g = border_game([("r1", "inf", "red", -3, 0), ("b1", "inf", "blue", 4, 0)], red=(WAR,) if restrained else ())
    box = Box("east", "East depth", "RUS", ("red",), (BoxLink(Hex(3, 0), 24, "road"),))
    sc = attrs.evolve(g.scenario, boxes=(box,), nation_rules=tuple(nation_rules),
                      units=g.scenario.units + (UnitSpec("d", "tank", "red", "BLR", "d", Hex(3, 0), "deployed", 3,
                                                         box="east"),))
    return Game(attrs.evolve(sc, digest=_digest(sc)), g.map)


def test_from_box_onto_a_closed_border_is_refused_by_the_side_or_the_nation_rule():
    from engine.scenario.model import NationRule
    from tests.airfixture import to_phase as air_phase
    s = air_phase(_border_box().new_initial_state(0), "movement")
    assert offmap.why_illegal_from(s, FromBox("d", "east", Hex(3, 0))) == \
        "Red may not cross into POL yet: rules of engagement need tension >= 90 (it is 50)"
    # Red free to go, but BLR units may not enter Poland before turn 5
    rule = NationRule("BLR", may_not_enter=("POL",), until_turn=5)
    s = air_phase(_border_box((rule,), restrained=False).new_initial_state(0), "movement")
    assert offmap.why_illegal_from(s, FromBox("d", "east", Hex(3, 0))) == \
        "BLR units may not enter POL yet (released by turn 5)"
    s = air_phase(_border_box(restrained=False).new_initial_state(0), "movement")
    assert offmap.why_illegal_from(s, FromBox("d", "east", Hex(3, 0))) is None


def test_the_off_map_view_names_the_destination_hex_even_index_0():
    s = _game().new_initial_state(1)
    assert offmap.offmap_view(s, "red") == (("d", "east", None, 1),) and offmap.offmap_view(s, "blue") == ()
    s.offmap["d"][1] = 0  # bound for (-6,0), the map's first hex
    assert offmap.offmap_view(s, "red") == (("d", "east", Hex(-6, 0), 1),)

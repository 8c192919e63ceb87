"""Known-answer test for which units get a group of off-map orders (``offmap.group_keys``), round 6 of
`make mutate`, the run's last part (tests/MUTATION_r6_survivors.md).

Fixture: tests/test_rules_mutants_r5_offmap.py's hexagon with the box ``east`` (open to Red, 36 h = 2 turns
by rail to the entry hex (-5, 0)); red tank d starts in the box, blue infantry b at (4, 0).
"""

from engine.core.actions import ToBox
from engine.rules import offmap
from tests.enginefixture import to_phase
from tests.test_rules_mutants_r5_offmap import GATE, _d_ordered_out_to_hex_0, _game


def test_only_units_of_the_side_to_act_with_an_order_now_get_a_group():
    # Red's movement: d (in the box) may come out, t (on the entry hex) may go in: both. u at (-3, 0) is on no
    # entry hex: none.
    s = to_phase(_game([("t", "tank", "red", -5, 0), ("u", "tank", "red", -3, 0)]).new_initial_state(1), "movement")
    assert offmap.group_keys(s) == ["box:d", "box:t"]
    # t has moved this turn: it may not go in any more, so no group for it.
    s.units["t"].moved = True
    assert offmap.group_keys(s) == ["box:d"]


def test_a_unit_on_its_way_into_the_box_has_no_group():
    # t goes in on turn 1 and is there on turn 3: on its way it has no order (it may not come out yet).
    s = to_phase(_game([("t", "tank", "red", -5, 0)]).new_initial_state(1), "movement")
    s.apply_action(ToBox("t", GATE, "east"))
    assert offmap.group_keys(s) == ["box:d"]
    # Blue's movement: the box holds only Red's units: no group for Blue.
    to_phase(s, "movement", "blue")
    assert offmap.group_keys(s) == []


def test_a_unit_reaching_its_box_is_said_to_be_there_once():
    # d starts in the box: at the start of turn 1 the log says it is there. t goes in on turn 1 (36 h = 2 turns):
    # the log says so at the start of turn 3, and neither is named again on turns 2 to 4.
    s = to_phase(_game([("t", "tank", "red", -5, 0)]).new_initial_state(1), "movement")
    s.apply_action(ToBox("t", GATE, "east"))
    while s.turn < 5:
        s.apply_action("end")
    turn, seen = 1, []
    for line in s.log:
        if line.startswith("turn "):  # "turn 3 (2020-01-03 00:00)"
            turn = int(line.split()[1])
        elif "is in East depth" in line:
            seen.append((turn, line))
    assert seen == [(1, "  d is in East depth"), (3, "  t is in East depth")]


def test_a_unit_ordered_out_to_hex_0_arrives_there():
    # tests/test_rules_mutants_r5_offmap.py's two boxes, the east box's gate at (-6, 0), the map's hex 0. d is
    # ordered out on turn 1 (36 h: there on turn 3): at the start of turn 3 it is on the map at (-6, 0).
    s, _ = _d_ordered_out_to_hex_0()
    while s.turn < 3:
        s.apply_action("end")
    assert "d" not in s.offmap and s.units["d"].pos == 0
    assert "  d arrives from East depth at -6,0" in s.log


def test_a_unit_that_finds_its_gate_full_waits_and_says_why():
    # tests/test_mech_offmap.py: two red tanks fill the gate (-5, 0) (stacking limit 2), placement radius 0: d,
    # ordered out on turn 1 (24 h: due on turn 2), waits, and the log says the gate is full of Red's units.
    from engine.core.actions import FromBox
    from tests.test_mech_offmap import box_game, next_movement
    g = box_game(24, units=(("t", "tank", "red", -5, 0), ("u", "tank", "red", -5, 0)), radius=0)
    s = to_phase(g.new_initial_state(1), "movement")
    s.apply_action(FromBox("d", "east", GATE))
    next_movement(s)
    assert "  d waits on its way from East depth: -5,0 is full (2 red units) and no hex near it has room" in s.log


def test_a_unit_that_waits_does_not_hold_up_the_others_due_that_turn():
    # As above (gate full, radius 0). On turn 1 u goes into the box (24 h: there on turn 2), v takes its place on
    # the gate, and d is ordered out (due on turn 2). At the start of turn 2 d (first by id) waits; u still gets
    # to its box.
    from engine.core.actions import FromBox, Move
    from engine.geo.hexgrid import Hex
    from tests.test_mech_offmap import box_game, next_movement
    g = box_game(24, units=(("t", "tank", "red", -5, 0), ("u", "tank", "red", -5, 0), ("v", "tank", "red", -4, 0)),
                 radius=0)
    s = to_phase(g.new_initial_state(1), "movement")
    s.apply_action(ToBox("u", GATE, "east"))
    s.apply_action(Move("v", Hex(-4, 0), GATE))
    s.apply_action(FromBox("d", "east", GATE))
    next_movement(s)
    assert s.turn == 2 and "d" in s.offmap and "  u is in East depth" in s.log


def test_a_unit_arriving_on_the_map_has_neither_moved_nor_attacked():
    # d is ordered out on turn 1 (24 h: due on turn 2) after its marker was flagged as having moved and fought.
    # The turn-start hook puts it on the gate fresh: the flags show in views and saves during the turn's
    # decisions and events phases, before the movement and combat phases clear everyone's flags.
    from engine.core.actions import FromBox
    from tests.test_mech_offmap import box_game
    s = to_phase(box_game(24).new_initial_state(1), "movement")
    s.apply_action(FromBox("d", "east", GATE))
    d = s.offmap["d"][3]
    d.moved = d.attacked = True
    s.turn = 2
    offmap.arrivals(s)
    assert s.units["d"] is d and s.game.hexes[d.pos] == GATE
    assert (d.moved, d.attacked) == (False, False)

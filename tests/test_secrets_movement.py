"""Moves are planned on what the side sees and made on the truth (engine/rules/known.py, movement.py, rail.py).

Under fog of war a side's legal moves, its move refusals and its units' allowances used to read every
enemy unit, seen or not: a hidden unit's hex dropped out of the legal destinations, its zone of control
cut the reach short, and ``why_illegal`` answered '<hex> holds enemy units'. Now the side plans on the
enemy units it sees, and a move meets the hidden ones as it is made: it halts before a hidden unit, on
entering a hidden unit's zone of control, or where the true allowance runs out, never in a full hex. The
twin-state tests compare two states that differ only in where a hidden unit stands.
"""

from __future__ import annotations

import attrs

from engine.analysis.synthetic import _digest
from engine.core.actions import Move, Rail
from engine.game.game import Game
from engine.geo.hexgrid import Hex
from tests.airfixture import ops_game, to_phase
from tests.logifixture import advance_to, logi_game

HIDDEN = (3, 0)  # three hexes from b1, which sees one


def _blue_moves(hidden_at, typ: str = "inf", fog: bool = True, extra=()):
    g = ops_game([("b1", "inf", "blue", 0, 0), ("r_hid", typ, "red", *hidden_at), *extra], fog=fog)
    s = to_phase(g.new_initial_state(4), "movement", "blue")
    if fog:
        assert "r_hid" not in {u.id for u in s.observation("blue").units}
    return s


def test_the_twins_look_the_same_to_blue():
    a, b = _blue_moves(HIDDEN), _blue_moves((-5, 5))
    assert a.observation("blue") == b.observation("blue")


def test_legal_moves_do_not_depend_on_a_hidden_enemy():
    a, b = _blue_moves(HIDDEN), _blue_moves((-5, 5))
    assert [x.to_str(a.game) for x in a.legal_actions()] == [x.to_str(b.game) for x in b.legal_actions()]


def test_a_move_into_a_hidden_enemy_is_answered_as_into_an_empty_hex():
    a, b = _blue_moves(HIDDEN), _blue_moves((-5, 5))
    order = Move("b1", Hex(0, 0), Hex(*HIDDEN))
    assert a.why_illegal(order) is None and b.why_illegal(order) is None


def test_a_move_halts_on_entering_a_hidden_units_zone_of_control():
    s = _blue_moves(HIDDEN)
    s.apply_action(Move("b1", Hex(0, 0), Hex(*HIDDEN)))
    assert s.units["b1"].pos == s.game.index[Hex(2, 0)]  # next to the hidden infantry, not on it
    assert any("b1 enters an enemy zone of control: halts at" in line for line in s.log)
    assert "r_hid" in {u.id for u in s.observation("blue").units}  # now it is seen


def test_a_move_halts_before_a_hidden_unit_without_a_zone_of_control():
    s = _blue_moves(HIDDEN, typ="isk")  # a launcher: no zone of control, sees nothing
    s.apply_action(Move("b1", Hex(0, 0), Hex(*HIDDEN)))
    assert s.units["b1"].pos == s.game.index[Hex(2, 0)]
    assert any("b1 runs into enemy units: halts at" in line for line in s.log)
    assert s.units["r_hid"].pos == s.game.index[Hex(*HIDDEN)]  # nothing else happened to it


def test_without_fog_the_same_move_is_refused_as_before():
    s = _blue_moves(HIDDEN, fog=False)
    assert "holds enemy units" in s.why_illegal(Move("b1", Hex(0, 0), Hex(*HIDDEN)))
    assert not any(x.to_str(s.game).endswith(str(HIDDEN)) for x in s.legal_actions() if isinstance(x, Move))


def test_a_halted_move_never_ends_in_a_full_hex():
    # (2, 0) already holds two blue launchers (they see nothing, so r_hid stays hidden): at the stacking
    # limit, the halted move backs up to (1, 0)
    s = _blue_moves(HIDDEN, typ="isk", extra=(("b2", "isk", "blue", 2, 0), ("b3", "isk", "blue", 2, 0)))
    assert s.side_count_at(s.game.index[Hex(2, 0)], "blue") >= s.game.rules.movement.stacking_limit
    s.apply_action(Move("b1", Hex(0, 0), Hex(*HIDDEN)))
    assert s.units["b1"].pos == s.game.index[Hex(1, 0)]
    assert "  b1 moves 1 hexes for 1 MP" in s.log  # the MP of the hexes it really moved, not of the two walked


def test_a_train_into_a_line_a_hidden_unit_blocks_stays_where_it_is():
    g = logi_game([("r1", "mech", "red", -6, 0), ("b1", "inf", "blue", 2, 0)])
    sc = attrs.evolve(g.scenario, fog_of_war=True)
    g = Game(attrs.evolve(sc, digest=_digest(sc)), g.map)
    s = advance_to(g.new_initial_state(0), 1, "movement")
    assert "b1" not in {u.id for u in s.observation("red").units}
    order = Rail("r1", Hex(-6, 0), Hex(6, 0))
    assert s.why_illegal(order) is None  # the line looks open to red
    s.apply_action(order)
    assert s.units["r1"].pos == g.index[Hex(-6, 0)] and s.units["r1"].moved
    assert any("finds the line blocked by enemy units" in line for line in s.log)

"""Known-answer tests for the units an event effect names (``events._effect_units``) and combat's
refusal after the game ended, for `make mutate`.

Fixture: tests/enginefixture.py's hexagon; red units are nation BLR, blue POL; r2 is made RUS here.
"""

from engine.core.actions import Attack
from engine.geo.hexgrid import Hex
from engine.rules import combat, events
from tests.enginefixture import hexagon_game

UNITS = [("r1", "tank", "red", 0, 0), ("r2", "mech", "red", 1, 0), ("b1", "mech", "blue", 3, 0),
         ("b2", "mech", "blue", 4, 0)]


def _ids(us):
    return [u.id for u in us]


def test_effect_units_by_id_nation_or_side():
    s = hexagon_game(UNITS).new_initial_state(1)
    s.units["r2"].nation = "RUS"
    assert _ids(events._effect_units(s, "r2", "", "")) == ["r2"]
    assert events._effect_units(s, "gone", "", "") == []  # a unit no longer on the map: nobody
    assert _ids(events._effect_units(s, "", "BLR", "")) == ["r1"]  # only the BLR unit, not RUS r2
    assert _ids(events._effect_units(s, "", "", "blue")) == ["b1", "b2"]  # only blue's, sorted
    assert _ids(events._effect_units(s, "", "RUS", "blue")) == ["b1", "b2", "r2"]  # either test


def test_combat_refuses_once_the_game_is_over():
    s = hexagon_game(UNITS).new_initial_state(1)
    s.terminal = True
    assert combat.why_illegal(s, Attack(Hex(3, 0), ("r2",))) == "the game is over"


def test_a_transshipping_unit_may_not_attack_and_the_refusal_gives_the_turn():
    # state.transship rows are [turn it is done, destination hex index]: done on turn 3, bound for 0,0.
    s = hexagon_game(UNITS).new_initial_state(1)
    s.transship["r2"] = [3, s.game.index[Hex(0, 0)]]
    assert combat.why_illegal(s, Attack(Hex(3, 0), ("r2",))) == "r2 is transshipping until turn 3 and may not attack"

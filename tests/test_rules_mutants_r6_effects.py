"""Known-answer tests for ``events.apply_effect`` (every kind of effect an event, an option or a facilitator
applies), round 6 of `make mutate` (tests/MUTATION_r6_survivors.md).

Fixture: tests/enginefixture.py's hexagon (all open Belarus), one track, tension (0..100, starts at 50);
Red r1 (tank) at (0, 0) and r2 (mech) at (1, 0), Blue b1 (mech) at (3, 0), all deployed; hexes are labelled
"q,r". The standard readiness ladder: garrison -> alerted -> deployed, 1 turn a step, arrivals alerted.
"""

from engine.geo.hexgrid import Hex
from engine.rules import events
from engine.scenario.model import (AddUnit, ChangeCommand, ChangeTrack, EnableOption, EndGame, EstablishBase,
                                   Message, MoveUnit, RemoveUnit, SetReadiness, Track, UnitSpec)
from tests.enginefixture import hexagon_game

UNITS = [("r1", "tank", "red", 0, 0), ("r2", "mech", "red", 1, 0), ("b1", "mech", "blue", 3, 0)]
SRC = "event e"


def _state():
    return hexagon_game(UNITS, turns=9, tracks=(Track("tension", "Tension", 0, 100, 50),)).new_initial_state(1)


def _apply(s, eff):
    n = len(s.log)
    events.apply_effect(s, eff, SRC)
    return s.log[n:]


def test_add_remove_and_move_units():
    s = _state()
    spec = UnitSpec("r5", "mech", "red", "BLR", "r5", Hex(-2, 0), "garrison", 3)
    # placed where the spec says, and it arrives at the arrival state (alerted), one step to go
    assert _apply(s, AddUnit(spec)) == ["  event e: r5 placed at -2,0", "  r5 arrives alerted, next state in 1 turn(s)"]
    assert s.units["r5"].pos == s.game.index[Hex(-2, 0)] and s.units["r5"].readiness == "alerted"
    assert _apply(s, MoveUnit("r5", Hex(-3, 0))) == ["  event e: r5 moved to -3,0"]
    assert s.units["r5"].pos == s.game.index[Hex(-3, 0)]
    assert _apply(s, MoveUnit("gone", Hex(-3, 0))) == [] and _apply(s, MoveUnit("r5", Hex(40, 0))) == []
    assert _apply(s, RemoveUnit("r5")) == ["  event e: r5 removed"] and "r5" not in s.units
    assert _apply(s, RemoveUnit("r5")) == []  # already gone: nothing happens


def test_a_unit_added_or_moved_onto_an_enemy_goes_to_the_nearest_room_and_the_effect_says_so():
    # b1 holds (3, 0): the nearest free hex by the placement rule is (2, 0), between it and the Red units
    s = _state()
    spec = UnitSpec("r6", "mech", "red", "BLR", "r6", Hex(3, 0), "deployed", 3)
    assert _apply(s, AddUnit(spec)) == ["  event e: 3,0 is held by the enemy; r6 arrives at 2,0 instead",
                                        "  event e: r6 placed at 2,0"]
    t = _state()
    assert _apply(t, MoveUnit("r2", Hex(3, 0))) == ["  event e: 3,0 is held by the enemy; r2 goes to 2,0 instead",
                                                    "  event e: r2 moved to 2,0"]


def test_track_changes_add_set_and_draw_within_the_track():
    s = _state()
    assert _apply(s, ChangeTrack("tension", 7)) == ["  event e: tension 50 -> 57"]
    assert _apply(s, ChangeTrack("tension", set_to=20)) == ["  event e: tension 57 -> 20"]
    assert _apply(s, ChangeTrack("tension", -30)) == ["  event e: tension 20 -> 0"]  # the track's min is 0
    assert _apply(s, ChangeTrack("tension", 4, delta_max=4)) == ["  event e: tension 0 -> 4 (drew +4 from 4..4)"]
    drawn = set()
    for _ in range(20):  # drawn evenly from 1..3, both ends included: 20 draws of the seeded RNG show all three
        old = s.tracks["tension"]
        line, = _apply(s, ChangeTrack("tension", 1, delta_max=3))
        d = s.tracks["tension"] - old
        assert 1 <= d <= 3 and line == f"  event e: tension {old} -> {old + d} (drew +{d} from 1..3)"
        drawn.add(d)
    assert drawn == {1, 2, 3}
    assert _apply(s, ChangeTrack("nothing", 5)) == []  # a track the scenario does not have


def test_options_bases_messages_and_the_end_of_the_game():
    s = _state()
    assert _apply(s, EnableOption("o1")) == ["  event e: option o1 enabled"] and s.options_enabled["o1"] is True
    assert _apply(s, EnableOption("o1", False)) == ["  event e: option o1 disabled"] and s.options_enabled["o1"] is False
    assert _apply(s, EstablishBase("dep")) == ["  event e: base dep established"] and s.base_active["dep"] is True
    assert _apply(s, EstablishBase("dep", False)) == ["  event e: base dep closed"] and s.base_active["dep"] is False
    assert _apply(s, Message("hello")) == ["  event e: hello"]
    assert _apply(s, EndGame("draw", "talks")) == ["  event e: game ends (talks)"]
    assert s.terminal and s.forced_winner == "" and s.end_reason == "talks"
    t = _state()
    _apply(t, EndGame("blue", "collapse"))
    assert t.terminal and t.forced_winner == "blue" and t.end_reason == "collapse"


def test_command_and_readiness_changes_name_one_unit_a_nation_or_a_side():
    s = _state()
    # r2 alone passes to Blue; then every BLR unit: r1 passes (r2 is Blue already: no line; b1 is POL)
    assert _apply(s, ChangeCommand("blue", unit_id="r2")) == ["  event e: r2 passes from red to blue command"]
    assert s.units["r2"].side == "blue"
    assert _apply(s, ChangeCommand("blue", nation="BLR")) == ["  event e: r1 passes from red to blue command"]
    assert s.units["r1"].side == "blue" and s.units["b1"].side == "blue"
    t = _state()
    assert _apply(t, SetReadiness("garrison", unit_id="r1")) == ["  event e: r1 deployed -> garrison"]
    assert _apply(t, SetReadiness("alerted", side="blue")) == ["  event e: b1 deployed -> alerted"]
    assert _apply(t, SetReadiness("alerted", nation="BLR")) == ["  event e: r1 garrison -> alerted",
                                                                "  event e: r2 deployed -> alerted"]
    assert [t.units[k].readiness for k in ("r1", "r2", "b1")] == ["alerted"] * 3

"""Known-answer tests for option cards (``events.why_option_illegal`` / ``available_options`` / ``_option_ids_of``
/ ``land_options``), track conditions (``victory.holds`` / ``condition_holds``) and rotation turns
(``events.arrives_on``, once ``rotation_turns``), round 6 of `make mutate` (tests/MUTATION_r6_survivors.md).

Fixture: tests/enginefixture.py's hexagon; one track, tension (0..100, starts at 50); Red is to act.
"""

from engine.rules import events, victory
from engine.scenario.model import Condition, Option, RemoveUnit, Rotation, Track, UnitSpec
from engine.geo.hexgrid import Hex
from tests.enginefixture import hexagon_game

UNITS = [("r1", "tank", "red", 0, 0), ("r2", "mech", "red", 1, 0), ("b1", "mech", "blue", 3, 0)]
OPTIONS = (
    Option("a", "red", "A", ""),
    Option("b", "red", "B", "", repeatable=True),
    Option("c", "red", "C", "", requires=(Condition("tension", ">=", 60),)),
    Option("d", "red", "D", "", requires_options=("a",)),
    Option("e", "red", "E", "", excludes_options=("b",)),
    Option("f", "red", "F", "", enabled=False),
    Option("g", "blue", "G", ""),
    Option("h", "red", "H", "", delay=2, effects=(RemoveUnit("r2"),)),
)


def _state():
    g = hexagon_game(UNITS, turns=9, tracks=(Track("tension", "Tension", 0, 100, 50),), options=OPTIONS)
    s = g.new_initial_state(1)
    assert s.current_player() == "red"
    return s


def test_why_an_option_may_not_be_taken_word_for_word():
    s = _state()
    why = lambda oid: events.why_option_illegal(s, oid)  # noqa: E731
    assert why("zz") == "there is no option 'zz'"
    assert why("g") == "option g belongs to blue, and red is to act"
    assert why("f") == "option f is not available (not enabled)"
    assert why("c") == "option c needs tension >= 60 (it is 50)"
    assert why("d") == "option d needs option a first"
    assert [why(o) for o in "abeh"] == [None] * 4
    assert events.available_options(s) == ["a", "b", "e", "h"]  # Red's, sorted, that may be taken
    s.tracks["tension"] = 60
    events.choose_option(s, "a")
    events.choose_option(s, "b")
    # a: taken this phase (and not repeatable); b: repeatable, but chosen this phase; e: excluded by b; d: a taken
    assert why("a") == "option a has already been taken" and why("b") == "option b has already been taken"
    assert why("e") == "option e is excluded by option b" and why("c") is None and why("d") is None
    s.chosen_this_phase.clear()  # a later decisions phase
    assert why("a") == "option a has already been taken" and why("b") is None
    assert events._option_ids_of(s, "blue") == ("g",) and events._option_ids_of(s, "green") == ()


def test_a_delayed_option_lands_on_its_turn_and_not_before():
    s = _state()
    events.choose_option(s, "h")  # turn 1 + delay 2: due on turn 3
    assert s.options_pending == [[3, "h"]]
    s.turn = 2
    events.land_options(s)
    assert s.options_pending == [[3, "h"]] and "r2" in s.units
    s.turn = 3
    events.land_options(s)
    assert s.options_pending == [] and "r2" not in s.units
    assert s.log[-2:] == ["  option h takes effect", "  option h: r2 removed"]


def test_track_conditions_each_comparison():
    c = lambda op: Condition("tension", op, 50)  # noqa: E731
    assert [victory.holds(v, c(">=")) for v in (49, 50, 51)] == [False, True, True]
    assert [victory.holds(v, c("<=")) for v in (49, 50, 51)] == [True, True, False]
    assert [victory.holds(v, c(">")) for v in (49, 50, 51)] == [False, False, True]
    assert [victory.holds(v, c("<")) for v in (49, 50, 51)] == [True, False, False]
    assert [victory.holds(v, c("==")) for v in (49, 50, 51)] == [False, True, False]
    s = _state()
    assert victory.condition_holds(s, c(">=")) and not victory.condition_holds(s, c(">"))
    assert not victory.condition_holds(s, Condition("nothing", ">=", 0))  # no such track


def test_rotation_turns_once_or_every_so_many():
    """events.arrives_on (it replaced rotation_turns, which listed every arrival: a count of 10**9 filled
    the memory); the same known answers."""
    spec = UnitSpec("rot", "mech", "red", "BLR", "rot", Hex(0, 0), "deployed", 3)

    def turns(rot):
        return [t for t in range(-5, 60) if events.arrives_on(rot, t)]

    assert turns(Rotation("x", spec, "b", arrive=2, stay=3)) == [2]
    assert turns(Rotation("x", spec, "b", arrive=2, stay=3, repeat_every=5, count=3)) == [2, 7, 12]
    assert turns(Rotation("x", spec, "b", arrive=2, stay=1, repeat_every=1, count=3)) == [2, 3, 4]
    assert turns(Rotation("x", spec, "b", arrive=2, stay=3, repeat_every=5, count=0)) == [2]
    assert turns(Rotation("x", spec, "b", arrive=2, stay=3, repeat_every=0, count=4)) == [2]

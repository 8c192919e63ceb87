"""Known-answer tests for ``events.trigger_holds`` (turn triggers) and ``events.choose_option`` (an option's
track cost, its delay, its immediate effects), round 6 of `make mutate` (tests/MUTATION_r6_survivors.md).

Fixture: tests/enginefixture.py's hexagon with one track, tension (0..100, starts at 50), and two Red options.
"""

from engine.rules import events
from engine.scenario.model import Option, RemoveUnit, Track, Trigger
from tests.enginefixture import hexagon_game

UNITS = [("r1", "tank", "red", 0, 0), ("r2", "mech", "red", 1, 0), ("b1", "mech", "blue", 3, 0)]
TRACKS = (Track("tension", "Tension", 0, 100, 50),)
OPTIONS = (Option("now", "red", "Now", "", cost={"tension": 5}, effects=(RemoveUnit("r2"),)),
           Option("later", "red", "Later", "", cost={"tension": -3}, delay=1, effects=(RemoveUnit("r1"),)))


def _state():
    return hexagon_game(UNITS, turns=9, tracks=TRACKS, options=OPTIONS).new_initial_state(1)


def test_a_turn_trigger_holds_on_its_turn_or_every_so_many_turns_from_it():
    s = _state()

    def holds(t):
        out = []
        for turn in range(1, 10):
            s.turn = turn
            if events.trigger_holds(s, t):
                out.append(turn)
        return out

    assert holds(Trigger("turn", turn=2)) == [2]
    assert holds(Trigger("turn", turn=4, every=3)) == [4, 7]  # not turn 1, three turns before it
    assert holds(Trigger("turn", turn=2, every=1)) == [2, 3, 4, 5, 6, 7, 8, 9]


def test_an_option_without_delay_pays_its_cost_and_takes_effect_at_once():
    # "now" costs +5 tension (50 -> 55) and removes r2 at once, saying which option did it.
    s = _state()
    events.choose_option(s, "now")
    assert s.tracks["tension"] == 55
    assert s.options_taken == [["now", 1]] and s.chosen_this_phase == ["now"] and s.options_pending == []
    assert "r2" not in s.units and s.log[-1] == "  option now: r2 removed"


def test_an_option_with_a_delay_pays_now_and_lands_later():
    # "later" costs -3 tension (50 -> 47) and is due on turn 1 + 1 = 2; r1 stays until then.
    s = _state()
    events.choose_option(s, "later")
    assert s.tracks["tension"] == 47
    assert s.options_pending == [[2, "later"]] and s.log[-1] == "  later arrives on turn 2"
    assert "r1" in s.units

"""Known-answer tests for ``events.trigger_holds`` (turn triggers) and ``events.choose_option`` (an option's
track cost, its delay, its immediate effects), round 6 of `make mutate` (tests/MUTATION_r6_survivors.md).

Fixture: tests/enginefixture.py's hexagon (Belarus, but (3, 0) and (4, 0) Polish) with one track, tension
(0..100, starts at 50), two Red options, Red r1 at (0, 0) and r2 at (1, 0), Blue b1 at (3, 0).
"""

from engine.rules import events
from engine.geo.hexgrid import Hex
from engine.scenario.model import Condition, Option, RemoveUnit, Track, Trigger
from tests.enginefixture import hexagon_game, hexagon_map

UNITS = [("r1", "tank", "red", 0, 0), ("r2", "mech", "red", 1, 0), ("b1", "mech", "blue", 3, 0)]
TRACKS = (Track("tension", "Tension", 0, 100, 50),)
OPTIONS = (Option("now", "red", "Now", "", cost={"tension": 5}, effects=(RemoveUnit("r2"),)),
           Option("later", "red", "Later", "", cost={"tension": -3}, delay=1, effects=(RemoveUnit("r1"),)))


def _state():
    m = hexagon_map(country={(3, 0): "POL", (4, 0): "POL"})
    return hexagon_game(UNITS, m, turns=9, tracks=TRACKS, options=OPTIONS).new_initial_state(1)


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


def test_every_other_kind_of_trigger_holds_exactly_when_its_thing_happened():
    s = _state()

    def holds(**kw):
        return events.trigger_holds(s, Trigger(**kw))

    # track: tension 50 >= 50 but not >= 51; a track trigger with no condition never holds
    assert holds(kind="track", condition=Condition("tension", ">=", 50))
    assert not holds(kind="track", condition=Condition("tension", ">=", 51))
    assert not holds(kind="track")
    # option: only once that option was taken, not another
    assert not holds(kind="option", ref="now")
    s.options_taken.append(["later", 1])
    assert not holds(kind="option", ref="now")
    s.options_taken.append(["now", 1])
    assert holds(kind="option", ref="now")
    # base: established (active) or not
    assert not holds(kind="base", ref="dep")
    s.base_active["dep"] = True
    assert holds(kind="base", ref="dep")
    # destroyed: that unit (not another), or any unit of that side (not the other side's)
    s.destroyed.append(["r9", "red", 1])
    assert holds(kind="destroyed", ref="r9") and not holds(kind="destroyed", ref="r8")
    assert holds(kind="destroyed", side="red") and not holds(kind="destroyed", side="blue")
    # enters: a unit of that side (any side if none) on one of the hexes or in the country
    assert holds(kind="enters", side="red", hexes=(Hex(1, 0),))
    assert holds(kind="enters", hexes=(Hex(1, 0),))
    assert not holds(kind="enters", side="red", hexes=(Hex(3, 0),))  # b1 is there, but Blue
    assert holds(kind="enters", side="blue", hexes=(Hex(3, 0),))  # b1, listed after r1 and r2
    assert not holds(kind="enters", side="red", hexes=(Hex(2, 0),))
    assert holds(kind="enters", side="blue", country="POL") and not holds(kind="enters", side="red", country="POL")
    # all / any of sub-triggers: turn 1 holds, option "gone" does not
    parts = (Trigger("turn", turn=1), Trigger("option", ref="gone"))
    assert not holds(kind="all", parts=parts) and holds(kind="any", parts=parts)
    assert holds(kind="all", parts=parts[:1]) and not holds(kind="any", parts=parts[1:])
    # a kind the rules do not know never holds
    assert not holds(kind="eclipse")

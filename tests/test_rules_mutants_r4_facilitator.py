"""Known-answer tests for facilitator overrides (engine/rules/facilitator.py), for `make mutate`.

Fixture: tests/enginefixture.py's hexagon (radius 6, all open land in BLR, red nation BLR, blue POL,
stacking limit 2; control of an unoccupied hex starts with its country's side, so BLR hexes are red's).
"""

from engine.core.actions import FacAdd, FacEvent, FacPlace, FacRemove, FacTrack
from engine.geo.hexgrid import Hex
from engine.rules import facilitator
from engine.scenario.model import EndGame, Event, Message, Trigger
from tests.enginefixture import hexagon_game

UNITS = [("r1", "tank", "red", 0, 0), ("r2", "mech", "red", 1, 0), ("b1", "mech", "blue", 3, 0)]


def _state(**kw):
    return hexagon_game(UNITS, **kw).new_initial_state(1)


def test_a_blank_reason_is_refused_word_for_word():
    s = _state()
    assert facilitator.why_illegal(s, FacTrack("tension", 5, "   ")) == "a facilitator override needs a reason"


def test_place_refusals_word_for_word():
    s = _state()
    # difflib's ratio of 'r11' to 'r1' is 2 * 2 / 5 = 0.8 (>= 0.6: suggested), to 'r2' and 'b1' 0.4 (not)
    assert facilitator.why_illegal(s, FacPlace("r11", Hex(2, 0), "x")) == \
        "there is no unit 'r11' on the map (did you mean 'r1'?)"
    assert facilitator.why_illegal(s, FacPlace("r1", Hex(0, 0), "x")) == "r1 is already at 0,0"
    # the unit's own id names what would share the hex with the enemy mech b1 at 3,0
    assert facilitator.why_illegal(s, FacPlace("r1", Hex(3, 0), "x")) == \
        "3,0 holds enemy units (r1 there would share a hex with them)"
    assert facilitator.why_illegal(s, FacPlace("r1", Hex(1, 0), "x")) is None  # one red unit there: room for 2


def test_add_refusals_word_for_word_and_a_friendly_hex_is_allowed():
    s = _state()
    assert facilitator.why_illegal(s, FacAdd("mech", "bleu", Hex(2, 0), "u9", "x")) == \
        "there is no side 'bleu' (sides: red, blue) (did you mean 'blue'?)"
    assert facilitator.why_illegal(s, FacAdd("mech", "red", Hex(3, 0), "u9", "x")) == \
        "3,0 holds enemy units (u9 there would share a hex with them)"
    # 1,0 holds one red unit (r2): a second red unit is allowed (limit 2), a blue one is not
    assert facilitator.why_illegal(s, FacAdd("mech", "red", Hex(1, 0), "u9", "x")) is None
    assert facilitator.why_illegal(s, FacAdd("mech", "blue", Hex(1, 0), "u9", "x")) == \
        "1,0 holds enemy units (u9 there would share a hex with them)"


def test_added_unit_has_its_type_nation_and_name_and_takes_a_tracked_hex_from_the_other_side():
    # Objective X at (2,0) is tracked and starts red (a BLR hex, unoccupied). A blue mech added there
    # is a "mech" of blue's first nation POL, named by its id, and takes control for blue.
    s = _state(objectives=(("X", (2, 0), 1, "blue"),))
    i = s.game.index[Hex(2, 0)]
    assert s.control.get(i) == "red"
    s.apply_action(FacAdd("mech", "blue", Hex(2, 0), "u9", "what if"))
    u = s.units["u9"]
    assert (u.type, u.nation, u.name, u.side) == ("mech", "POL", "u9", "blue")
    assert s.control[i] == "blue"


def test_remove_logs_and_no_end_reason_while_the_game_goes_on():
    s = _state()
    s.apply_action(FacRemove("r2", "withdrawn"))
    assert s.log[-1] == "  facilitator: r2 removed" and "r2" not in s.units
    assert not s.terminal and s.end_reason == ""


def _end_event(reason):
    return Event("stop", "Stop", Trigger("turn", turn=99), (Message("halt"), EndGame("draw", reason)))


def test_an_event_that_ends_the_game_without_a_reason_gets_the_facilitators():
    s = _state(events=(_end_event(""),))
    s.apply_action(FacEvent("stop", "seminar over"))
    assert s.terminal and s.end_reason == "ended by the facilitator"


def test_an_event_that_ends_the_game_keeps_its_own_reason():
    s = _state(events=(_end_event("ceasefire"),))
    s.apply_action(FacEvent("stop", "seminar over"))
    assert s.terminal and s.end_reason == "ceasefire"


def test_an_added_unit_takes_a_tracked_hex_only_if_its_type_takes_control():
    # With movement.control_needs_manoeuvre only manoeuvre types (attack > 0, no range, able to move) take
    # places, as a move or a placement does: a 'sam' (attack 0, static) added on the red objective X leaves
    # it red; a 'mech' added there makes it blue. Without the rule every type takes control.
    import attrs
    from engine.analysis.synthetic import standard_rules
    r = standard_rules()
    strict = attrs.evolve(r, movement=attrs.evolve(r.movement, control_needs_manoeuvre=True))
    s = _state(objectives=(("X", (2, 0), 1, "blue"),), rules=strict)
    i = s.game.index[Hex(2, 0)]
    s.apply_action(FacAdd("sam", "blue", Hex(2, 0), "u9", "what if"))
    assert s.control[i] == "red"
    s.apply_action(FacAdd("mech", "blue", Hex(2, 0), "u10", "what if"))
    assert s.control[i] == "blue"
    s = _state(objectives=(("X", (2, 0), 1, "blue"),))
    s.apply_action(FacAdd("sam", "blue", Hex(2, 0), "u9", "what if"))
    assert s.control[i] == "blue"

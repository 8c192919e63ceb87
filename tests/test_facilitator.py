"""Facilitator overrides: checked, applied out of turn, logged with the reason, saved, replayed, undone."""

import pytest

from engine.core.actions import Action, FacAdd, FacEvent, FacPlace, FacRemove, FacTrack
from engine.errors import IllegalActionError
from engine.game.game import load_game
from engine.geo.hexgrid import Hex
from engine.core.save import load_save, replay, save_game, undo
from tests.airfixture import ops_game


@pytest.fixture(scope="module")
def game():
    return load_game()


def test_orders_round_trip_and_are_never_listed(game):
    s = game.new_initial_state(1)
    for text in ("facilitator event tension_crisis -- seminar inject", "facilitator track tension 70 -- a b",
                 "facilitator place by_6mech Lida -- demo", "facilitator add us_abct blue Lida us9 -- what if",
                 "facilitator remove by_6mech -- gone"):
        a = Action.from_str(text, game)
        assert a.to_str(game) == text and Action.from_str(a.to_str(game), game) == a
    assert not any(isinstance(a, (FacEvent, FacTrack, FacPlace, FacAdd, FacRemove)) for a in s.legal_actions())
    with pytest.raises(IllegalActionError, match="needs a reason"):
        Action.from_str("facilitator track tension 70", game)


def test_track_clamped_logged_and_out_of_turn(game):
    s = game.new_initial_state(1)
    who, phase = s.current_player(), s.phase
    s.apply_action("facilitator track tension 150 -- the crisis escalates")
    assert s.tracks["tension"] == 100 and (s.current_player(), s.phase) == (who, phase)
    assert any("facilitator: facilitator track tension 150 -- the crisis escalates" in x for x in s.log)
    assert "tension 35 -> 100" in s.log[-1]


def test_unknown_ids_get_did_you_mean(game):
    s = game.new_initial_state(1)
    assert "did you mean 'tension'" in s.why_illegal(FacTrack("tensoin", 5, "x"))
    assert "no event 'opening2'" in s.why_illegal(FacEvent("opening2", "x"))
    assert "did you mean" in s.why_illegal(FacRemove("by_6mehc", "x"))
    assert "no unit type" in s.why_illegal(FacAdd("us_abc", "blue", Hex(0, 0), "u9", "x"))
    with pytest.raises(IllegalActionError, match="no track 'tensoin'"):
        s.apply_action("facilitator track tensoin 5 -- typo")


def test_event_place_add_remove():
    g = ops_game([("r1", "tank", "red", 0, 0), ("b1", "mech", "blue", 3, 0)])
    s = g.new_initial_state(1)
    assert "holds enemy units" in s.why_illegal(FacPlace("b1", Hex(0, 0), "x"))
    s.apply_action("facilitator place b1 1,0 -- moved for the demo")
    assert s.units["b1"].pos == g.index[Hex(1, 0)]
    s.apply_action("facilitator add tank red -2,1 r9 -- red reserve arrives")
    assert s.units["r9"].strength == 3 and s.units["r9"].readiness == "deployed"
    s.apply_action("facilitator remove r1 -- withdrawn")
    assert "r1" not in s.units and s.destroyed == []
    assert "unit id 'r9' is already on the map" in s.why_illegal(FacAdd("tank", "red", Hex(2, 2), "r9", "x"))


def test_event_fires_now_and_counts(game):
    s = game.new_initial_state(1)
    s.apply_action("facilitator event tension_crisis -- the NAC meets early")
    assert s.events_fired["tension_crisis"] == 1 and s.options_enabled["nato_vjtf"]
    assert any("reason" not in x and "the NAC meets early" in x for x in s.log)


def test_save_load_replay_and_undo(game, tmp_path):
    s = game.new_initial_state(4)
    s.apply_action("end")
    s.apply_action("facilitator track tension 80 -- scenario inject")
    s.apply_action("facilitator add us_abct blue Lida us9 -- what if")
    s.apply_action("end")
    p = tmp_path / "f.json"
    save_game(s, p)
    back = load_save(p, game)
    # 80 from the facilitator, +2 if the events phase drew a border incident at crisis level (chance 0.25)
    assert back.tracks["tension"] == 80 + 2 * s.events_fired.get("border_incident_crisis", 0)
    assert back.state_hash() == s.state_hash() and "us9" in back.units
    assert replay(game, 4, s.history).state_hash() == s.state_hash()
    prev = undo(undo(s))
    assert prev.tracks["tension"] == 80 and "us9" not in prev.units


def test_stop_ends_the_game_now_scored_by_points_and_can_be_undone(game, tmp_path):
    s = game.new_initial_state(1)
    for _ in range(12):
        s.apply_action("end")
    turn, played = s.turn, list(s.history)
    assert not s.is_terminal() and s.legal_actions()
    s.apply_action("facilitator stop -- the seminar's time is up")
    assert s.is_terminal() and s.legal_actions() == [] and s.current_player() is None
    out = s.outcome()
    assert out.reason == f"stopped by the facilitator on turn {turn}: the seminar's time is up"
    assert s.log[-1] == f"game over: {out.reason}"
    ranked = sorted(out.scores, key=lambda kv: -kv[1])  # scored as at the turn limit: by the margin
    margin = game.scenario.victory.margin
    want = ranked[0][0] if ranked[0][1] - ranked[1][1] >= max(1, margin) else "draw"
    assert out.winner == want
    with pytest.raises(IllegalActionError, match="the game is over"):
        s.apply_action("facilitator stop -- again")
    with pytest.raises(IllegalActionError, match="expected 'facilitator <"):
        Action.from_str("facilitator stop red -- red wins", game)
    save_game(s, tmp_path / "s.json")  # saved and replayed like any order
    back = load_save(tmp_path / "s.json", game)
    assert back.is_terminal() and back.state_hash() == s.state_hash() and back.outcome() == out
    again = undo(s)  # taken back: the game goes on where it was
    assert not again.is_terminal() and again.turn == turn and list(again.history) == played

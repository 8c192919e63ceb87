"""The table under fog of war names only the decision cards of the side at the table (and the cards they name).

A side's cards are its plan: the rules' observation keeps the cards a side took to itself. At the table,
Tab on 'option ' listed both sides' cards on red's screen, 'option nato_vjtf' answered "belongs to blue"
where a card that does not exist reads "there is no option", and the "did you mean" hints offered blue's
cards. The log showed blue "decision Send Western MD units into Belarus by rail takes effect" when red's
card landed, and an event that disables red's cards listed them all, in the side panel and in blue's
hand-over digest. The echo of a typed word that happens to be a hidden unit's id ('event lv_mech') was
refused in other words than an unknown word's. Each test failed before the fix.

The test of "tells nothing" is the one of tests/test_ui_console_fog.py: a control table where blue's cards
are not in the scenario at all gives the same output for every input.
"""

from __future__ import annotations

import os
import re

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path  # noqa: E402

import pygame  # noqa: E402

from engine.core.actions import ChooseOption, Ready  # noqa: E402
from engine.game.game import DEFAULT_SCENARIO  # noqa: E402
from engine.ui.app import App  # noqa: E402
from engine.ui.session import Session  # noqa: E402
from uidriver import HandClock, default_game, dismiss, key, said, tabbed, type_console  # noqa: E402


def _without_blue_cards():
    """The default scenario with no card of blue's (the control table)."""
    import attrs

    from engine.analysis import synthetic
    from engine.game.game import Game
    g = default_game()
    sc = attrs.evolve(g.scenario, options=tuple(o for o in g.scenario.options if o.side != "blue"))
    return Game(attrs.evolve(sc, digest=synthetic._digest(sc)), g.map)


def new_app(save_dir: Path, control: bool = False) -> App:
    """The default scenario (fog of war on), red to act in its decisions phase."""
    g = _without_blue_cards() if control else default_game()
    s = Session(g, g.new_initial_state(0), str(DEFAULT_SCENARIO), 0)
    app = App(g.map, s, (1280, 800), save_dir=save_dir)
    app.now = HandClock()
    assert s.phase == "decisions" and app.viewer() == "red"
    return app


def blue_cards() -> list[str]:
    return [o.id for o in default_game().scenario.options if o.side == "blue"]


def test_another_sides_card_is_told_as_if_it_were_not_in_the_scenario(tmp_path: Path) -> None:
    """Red's console and buttons: every line and every Tab naming a blue card reads exactly as on a table
    whose scenario has no blue card at all."""
    app, control = new_app(tmp_path / "a"), new_app(tmp_path / "b", control=True)
    h = app.session.state_hash()
    assert tabbed(app, "option ") == tabbed(control, "option ") == ("option ru_", [])
    for oid in blue_cards():
        for line in (f"option {oid}", f"option {oid[:-1]}", f"option {oid}x", f"event {oid}", f"track {oid} 5",
                     f"remove {oid}"):
            assert said(app, line) == said(control, line), line
        for k in range(1, len(oid) + 1):
            assert tabbed(app, f"option {oid[:k]}") == tabbed(control, f"option {oid[:k]}"), oid[:k]
        for t in (app, control):  # an order made without the console (a card or button)
            t.do(ChooseOption(oid))
        assert app.status == control.status and app.status.startswith("refused:"), app.status
    assert app.session.state_hash() == h
    # red's own cards are still completed, hinted and taken
    assert tabbed(app, "option ru_crack")[0] == "option ru_crackdown "
    assert "did you mean 'ru_crackdown'" in said(app, "option ru_crackdow")[-1]
    assert said(app, "option ru_crackdown")[1] == "done: option ru_crackdown"
    # the facilitator view knows every card
    type_console(app, "view")
    assert app.viewer() is None and "nato_vjtf" in tabbed(app, "option ")[1][0]
    assert "belongs to blue" in said(app, "option nato_vjtf")[-1]
    type_console(app, "view")  # off: what it showed of blue's cards goes with it
    named = [ln for ln in app.console.output for oid in blue_cards() if re.search(rf"\b{oid}\b", ln)]
    assert app.viewer() == "red" and not named, named


def test_a_hidden_units_id_typed_where_no_unit_goes_is_echoed_like_any_word(tmp_path: Path) -> None:
    """'event lv_mech' answered "the reason names a unit red cannot see" where 'event zz_mech' lists the
    events: typing a word anywhere told whether a hidden unit has that id."""
    app = new_app(tmp_path)
    for verb in ("event {}", "track {} 5", "option {}"):
        a, b = said(app, verb.format("lv_mech")), said(app, verb.format("zz_mech"))
        assert a == [ln.replace("zz_mech", "lv_mech") for ln in b], (a, b)


def _blue_reads(app: App) -> list[str]:
    """Red takes a delayed card and mass protests disable red's cards; play to turn 4: every hand-over
    digest and pop-up blue is shown and every side-panel log line it reads."""
    s = app.session
    assert app.do("option ru_wmd_reinforce")  # delay 2: it lands at a later turn's start
    s.facilitator("track belarus_opposition 80", "mass protests disable red's cards")
    shown: list[str] = []
    for _ in range(40):
        app.end_phase(confirmed=True)
        if app.handover_to == "blue":
            shown += app.handover_digest + [ln for _, lines in app.popups for ln in lines]
        dismiss(app)
        if s.side_to_act() == "blue":
            shown += app._log_lines()
        if s.turn >= 4:
            break
    assert s.turn >= 4 and "ru_27mrb" in s.state.units  # the card landed
    assert s.state.events_fired.get("mass_protests")
    return shown


def test_blue_never_reads_of_reds_cards_in_the_log_or_the_hand_over(tmp_path: Path) -> None:
    """The log showed blue red's card landing ('decision Send Western MD units ... takes effect') and the
    event that disabled red's six cards named each; the hand-over digest listed them too."""
    app = new_app(tmp_path)
    red = [o for o in app.session.scenario.options if o.side == "red"]
    shown = _blue_reads(app)
    leaks = [ln for ln in shown for o in red if o.id in ln or o.name in ln]
    assert not leaks, leaks
    assert any("Mass protests" in ln for ln in shown)  # the event itself is news for both sides
    assert any("Military tension" in ln for ln in shown)  # and so is the track


def test_a_refused_button_order_reads_in_names_not_ids(tmp_path: Path) -> None:
    """R (or Ready) on a unit already raising readiness said 'ready by_6mech: by_6mech is already raising
    readiness ...', the engine's raw text; a card made refused 'option nato_vjtf: ... belongs to blue'."""
    app = new_app(tmp_path)
    s = app.session
    app.select("by_6mech")
    app.ready_selected()
    assert app.status.startswith("done:")
    app.select("by_6mech")
    assert "by_6mech" not in app.status and app.status_bad
    app.ready_selected()
    name = s.name_of("by_6mech")
    assert app.status == f"refused: ready {name}: {name} is already raising readiness (2 turn(s) to the next state)"
    app.do(Ready("lv_mech"))  # a hidden blue unit: told as an id red never heard of, never by its name
    assert "lv_mech" in app.status and s.name_of("lv_mech") not in app.status and "blue" not in app.status


def test_a_net_seat_is_refused_another_sides_card_as_one_that_does_not_exist() -> None:
    """engine/game/fog.py serves the net host's seats too: a red seat's 'option nato_vjtf' read "belongs to
    blue"; a card red's own cards name (none in this scenario) would still be told as the rules tell it."""
    from engine.game import fog
    st = default_game().new_initial_state(0)
    assert st.current_player() == "red"
    for oid in blue_cards():
        assert "belongs to blue" in (st.why_illegal(ChooseOption(oid)) or "")
        told = fog.seen_refusal(st, "red", ChooseOption(oid), st.why_illegal(ChooseOption(oid)))
        assert told == f"there is no option {oid!r}", told
    assert fog.known_options(st, "red") == set(fog.own_options(st, "red"))

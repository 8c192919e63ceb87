"""The editor takes away what it can add: option cards, their effects and needs, rotations, arrivals and
withdrawals of the schedule, objectives. Before, only units and bases could be deleted, so a wrong card
or arrival sent the facilitator to the YAML. A delete the scenario would not survive is refused and
says what still needs the item, as unit deletes are."""

from __future__ import annotations

import shutil
from pathlib import Path

from editordriver import press
from engine.editor.app import open_editor
from engine.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parent.parent


def editor(tmp_path: Path, name: str):
    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios", ignore=shutil.ignore_patterns("schema", "images"))
    return open_editor(str(tmp_path / "scenarios" / name), (1400, 860), launcher=None)


def saved(app) -> object:
    assert app.model.save(), app.model.message
    return load_scenario(app.model.path)


def test_cards_effects_needs_and_objectives_can_be_taken_away(tmp_path: Path) -> None:
    app = editor(tmp_path, "baseline-2020.yaml")
    m = app.model
    before = load_scenario(m.path)
    crack = next(o for o in before.options if o.id == "ru_crackdown")
    assert m.delete_at("options.red.ru_crackdown.effects", 0, "an effect") and m.valid
    assert m.delete_at("options.red.ru_crackdown.requires", 0, "a need") and m.valid
    assert m.delete_at("victory.objectives", 1, "objective 2") and m.valid
    oid = m.add_option("blue")  # a card added by mistake (every shipped card is named by the doctrine)
    assert oid in {o.id for o in m.scenario.options}
    assert m.delete_option(oid) and m.valid
    sc = saved(app)
    after = next(o for o in sc.options if o.id == "ru_crackdown")
    assert after.effects == crack.effects[1:] and after.requires == crack.requires[1:]
    assert [o.name for o in sc.victory.objectives] == ["Minsk", "Vilnius"]
    assert {o.id for o in sc.options} == {o.id for o in before.options}
    m.undo()
    assert oid in {o.id for o in m.scenario.options}


def test_a_card_another_card_needs_is_not_deleted_and_the_message_says_which(tmp_path: Path) -> None:
    app = editor(tmp_path, "baseline-2020.yaml")
    m = app.model
    text = m.text
    assert not m.delete_option("ru_open_logbase")  # ru_rotate_iskander requires it, the doctrine takes it
    assert m.text == text and "options.red[6].requires_options[0]" in m.message
    assert "still needs ru_open_logbase" in m.message and "nothing was changed" in m.message


def test_schedule_entries_are_removed_by_what_they_are_not_by_position(tmp_path: Path) -> None:
    app = editor(tmp_path, "baseline-2020.yaml")
    m = app.model
    assert m.delete_schedule_entry(12, "remove", "us_2cr_sqn") and m.valid
    assert not m.delete_schedule_entry(12, "remove", "us_2cr_sqn")  # gone: nothing to remove
    sc = saved(app)
    assert [(e.turn, e.kind) for e in sc.schedule] == [(5, "add")]


def test_the_delete_key_and_buttons_take_the_selected_rotation_or_card(tmp_path: Path) -> None:
    app = editor(tmp_path, "baseline-2020.yaml")
    app.tab = "Options"
    app.side = "blue"
    oid = app.model.add_option("blue")
    app.selected = ("option", f"blue:{oid}")
    press(app, "option:delete")
    assert app.selected is None and oid not in {o.id for o in app.model.scenario.options}
    app.tab = "Timeline"
    app.selected = ("rotation", "slavic_brotherhood")
    press(app, "rotation:delete")
    assert app.selected is None and app.model.scenario.rotations == ()
    sc = saved(app)
    assert sc.rotations == () and oid not in {o.id for o in sc.options}

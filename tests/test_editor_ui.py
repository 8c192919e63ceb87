"""Drive the scenario editor with synthetic pygame events, as a facilitator would (headless).

Places a unit at a named town, adds a rotation and a Blue option with a delay and a track effect,
changes a rule number, saves, validates, and checks the diff: only the intended lines changed and
every comment line of the original is still there."""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from editordriver import press  # noqa: E402
from engine.editor.app import EditorApp, open_editor  # noqa: E402
from engine.scenario.loader import load_scenario, validate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def click_at(app: EditorApp, pos: tuple[int, int]) -> None:
    app.handle(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    app.handle(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    app.draw()


def drag(app: EditorApp, a: tuple[int, int], b: tuple[int, int]) -> None:
    app.handle(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=a, button=1))
    app.handle(pygame.event.Event(pygame.MOUSEMOTION, pos=b, rel=(b[0] - a[0], b[1] - a[1]), buttons=(1, 0, 0)))
    app.handle(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=b, button=1))
    app.draw()


@pytest.fixture()
def editor(tmp_path: Path):
    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios", ignore=shutil.ignore_patterns("schema"))
    played: list[Path] = []
    app = open_editor(str(tmp_path / "scenarios" / "baseline-2020.yaml"), (1400, 860), launcher=played.append)
    app.played = played  # type: ignore[attr-defined]
    yield app
    pygame.display.quit()


def test_editor_session_saves_only_the_intended_lines(editor: EditorApp) -> None:
    app = editor
    path = app.model.path
    before = path.read_text()
    # a unit at a named town: choose the type in the palette, click the town on the map
    press(app, "unit-type:by_mech_bde")
    barysaw = app.theatre.place_hex("Barysaw")
    app.camera.centre_on(barysaw)
    app.draw()
    click_at(app, app.hex_pos(barysaw))
    assert app.selected == ("unit", "red_by_mech_bde_1")
    # a rotation of that type at the first red base
    press(app, "tab:Timeline")
    press(app, "add-rotation")
    assert app.selected == ("rotation", "rot_by_mech_bde_1")
    press(app, "rotation:stay:+")  # 3 -> 4 turns
    # a Blue option with a delay and a track effect
    press(app, "side")
    assert app.side == "blue"
    press(app, "tab:Options")
    press(app, "new-option")
    press(app, "option:delay:+")
    press(app, "option:delay:+")
    press(app, "option:add-effect")
    press(app, "choice:change_track")
    press(app, "choice:Military tension")
    press(app, "option:effect:0:-")  # +5 -> +4
    # a rule number
    press(app, "tab:Rules")
    old_limit = app.model.rule_value("movement", "stacking_limit")
    press(app, "rule:movement.stacking_limit:+")
    assert app.model.valid, app.model.problems
    press(app, "save")
    assert app.model.message == "saved baseline-2020.yaml" and not app.model.dirty
    # the file on disk: valid, and only the intended lines added
    assert validate(path) == []
    after = path.read_text()
    diff = [x for x in difflib.ndiff(before.splitlines(), after.splitlines()) if x[:2] in ("- ", "+ ")]
    assert [x for x in diff if x.startswith("- ")] == []
    added = [x[2:] for x in diff]
    assert added == [
        "  movement:",
        f"    stacking_limit: {old_limit + 1}",
        "  - {id: red_by_mech_bde_1, type: by_mech_bde, side: red, nation: BLR, location: Barysaw}",
        "  - id: rot_by_mech_bde_1",
        "    unit: {id: red_by_mech_bde_rot_1, type: by_mech_bde, side: red, nation: BLR}",
        "    base: volga_radar",
        "    arrive: 2",
        "    stay: 4",
        "    - id: blue_option_1",
        "      name: New option",
        "      delay: 2",  # written where the format declares it, before effects
        "      effects:",
        "        - {change_track: {track: tension, add: 4}}",
    ]
    assert [x for x in before.splitlines() if x.lstrip().startswith("#")] == \
           [x for x in after.splitlines() if x.lstrip().startswith("#")]
    sc = load_scenario(path)
    opt = next(o for o in sc.options if o.id == "blue_option_1")
    assert opt.side == "blue" and opt.delay == 2 and opt.effects[0].track == "tension" and opt.effects[0].delta == 4
    assert sc.rules.movement.stacking_limit == old_limit + 1
    assert next(u for u in sc.units if u.id == "red_by_mech_bde_1").location == barysaw
    # play from here: the table opens on the saved file
    press(app, "play")
    assert app.played == [path]  # type: ignore[attr-defined]


def test_drag_delete_undo_and_a_problem_click_jumps_to_the_unit(editor: EditorApp) -> None:
    app = editor
    path = app.model.path
    raw = path.read_bytes()
    sc = app.model.scenario
    u = next(x for x in sc.units if x.id == "by_38aab")  # at Brest, on top of its stack
    app.camera.centre_on(u.location)
    app.draw()
    target = (u.location[0] + 2, u.location[1] - 1)
    drag(app, app.hex_pos(u.location), app.hex_pos(target))
    moved = next(x for x in app.model.scenario.units if x.id == "by_38aab")
    assert moved.location == target and app.model.dirty
    # a strength the type cannot have: the panel lists it, a click on it selects the unit and centres it
    press(app, "tab:Units")
    for _ in range(6):  # 3 -> 9
        press(app, "unit:strength:+")
    assert not app.model.valid
    assert "strength 9 is more than the 3 steps" in app.model.problems[0].message
    app.selected = None
    app.camera.centre_on(app.theatre.place_hex("Warsaw"))
    app.draw()
    rect, _ = app.problem_rects[0]
    click_at(app, rect.center)
    assert app.selected == ("unit", "by_38aab") and app.tab == "Units"
    assert app.camera.screen_to_hex(*app.camera.viewport.center) == moved.location
    press(app, "save")
    assert path.read_bytes() == raw and "not saved" in app.model.message  # an invalid scenario is never written
    for _ in range(7):
        app.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_z, mod=pygame.KMOD_CTRL, unicode="", scancode=0))
    assert app.model.text == raw.decode() and not app.model.dirty
    app.selected = ("unit", "by_38aab")
    app.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_DELETE, mod=0, unicode="", scancode=0))
    assert "by_38aab" not in {x.id for x in app.model.scenario.units}


def test_text_field_and_base_radius(editor: EditorApp) -> None:
    app = editor
    press(app, "tab:Bases")
    press(app, "base:vileyka")
    press(app, "base:ew_radius:+")
    b = next(x for x in app.model.scenario.bases if x.id == "vileyka")
    assert b.effects.ew_radius == 4
    press(app, "base:name")
    for ch in " (renamed)":
        app.handle(pygame.event.Event(pygame.KEYDOWN, key=0, mod=0, unicode=ch, scancode=0))
    app.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="", scancode=0))
    b = next(x for x in app.model.scenario.bases if x.id == "vileyka")
    assert b.name.endswith(" (renamed)") and app.model.valid


def test_edit_verb_headless_and_a_broken_file_is_a_clean_error(tmp_path: Path, capsys) -> None:
    from engine.cli.entry import main
    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios", ignore=shutil.ignore_patterns("schema"))
    f = tmp_path / "scenarios" / "zapad-2021.yaml"
    png = tmp_path / "shot.png"
    assert main(["edit", str(f), "--frames", "2", "--tab", "Timeline", "--screenshot", str(png)]) == 0
    assert pygame.image.load(str(png)).get_size() == (1400, 860)
    f.write_text(f.read_text().replace("turns: 14", "turns: 0", 1) if "turns: 14" in f.read_text()
                 else f.read_text() + "turns: 0\n")
    assert main(["edit", str(f), "--frames", "1"]) == 2
    err = capsys.readouterr().err
    assert "fix these first" in err and "turns" in err and "Traceback" not in err


def test_editing_a_variant_writes_only_the_difference(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios", ignore=shutil.ignore_patterns("schema"))
    f = tmp_path / "scenarios" / "variants" / "union-doctrine-opposed.yaml"
    base = (tmp_path / "scenarios" / "union-doctrine.yaml").read_bytes()
    before = f.read_text()
    app = open_editor(str(f), (1400, 860), launcher=None)
    try:
        app.selected = ("unit", "by_6mech")
        press(app, "tab:Units")
        press(app, "unit:strength:-")  # 4 -> 3, a unit of the base
        press(app, "side")
        press(app, "tab:Options")
        press(app, "option:nato_vjtf")
        press(app, "option:add-condition")
        for ch in "tension >= 30":
            app.handle(pygame.event.Event(pygame.KEYDOWN, key=0, mod=0, unicode=ch, scancode=0))
        app.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="", scancode=0))
        assert app.model.valid, app.model.problems
        press(app, "save")
    finally:
        app.close()
    after = f.read_text()
    assert after.startswith(before)  # nothing of the variant changed; the difference is appended
    added = after[len(before):].splitlines()
    assert added[:2] == ["units:", "  - {id: by_6mech, strength: 3}"]
    assert added[2:5] == ["options:", "  blue:", "    - id: nato_vjtf"]
    assert added[5].strip().startswith("requires: [") and added[5].rstrip().endswith("tension >= 30]")
    assert (tmp_path / "scenarios" / "union-doctrine.yaml").read_bytes() == base
    sc = load_scenario(f)
    assert next(u for u in sc.units if u.id == "by_6mech").strength == 3
    opt = next(o for o in sc.options if o.id == "nato_vjtf")
    assert [(c.track, c.op, c.value) for c in opt.requires][-1] == ("tension", ">=", 30)


def test_an_error_in_an_edit_or_a_frame_keeps_the_editor_and_the_edits(editor: EditorApp, monkeypatch) -> None:
    """Hostile: anything raised while handling an input or drawing is shown in the status line; the window
    stays and the unsaved text is kept (the editor had no guard: a traceback lost every unsaved edit)."""
    app = editor
    m = app.model
    m.change("turns 13", lambda d: d.set("turns", 13))
    edited = m.text
    m.text = "id: [broken\n"  # text that does not parse (as a bad earlier edit left it)
    assert m.change("turns 12", lambda d: d.set("turns", 12)) is False  # raised EditError before
    assert "not valid YAML" in m.message
    m.text = edited

    def boom() -> bool:
        raise RuntimeError("disk on fire")
    monkeypatch.setattr(m, "save", boom)
    app.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_s, mod=pygame.KMOD_CTRL, unicode="s", scancode=0))
    assert app.running and "disk on fire" in m.message and m.text == edited
    monkeypatch.setattr(app, "_draw", boom)
    app.draw()
    assert app.running and "drawing failed" in m.message


def test_closing_the_window_with_unsaved_edits_asks(editor: EditorApp) -> None:
    """QUIT with unsaved edits asks: keep editing, quit without saving, or save and quit (it closed at once)."""
    app = editor
    m = app.model
    raw = m.path.read_bytes()
    m.change("turns 13", lambda d: d.set("turns", 13))
    app.handle(pygame.event.Event(pygame.QUIT))
    assert app.running and app.gui.picker is not None
    press(app, "choice:Keep editing")
    assert app.running and m.dirty
    app.handle(pygame.event.Event(pygame.QUIT))
    press(app, "choice:Save and quit")
    assert not app.running and not m.dirty and m.path.read_bytes() != raw
    assert load_scenario(m.path).turns == 13
    app.running = True
    m.change("turns 12", lambda d: d.set("turns", 12))
    app.handle(pygame.event.Event(pygame.QUIT))
    press(app, "choice:Quit without saving")
    assert not app.running and load_scenario(m.path).turns == 13
    app.running = True
    m.undo()  # back to the text as saved: nothing unsaved, so closing closes at once
    assert not m.dirty
    app.handle(pygame.event.Event(pygame.QUIT))
    assert not app.running and app.gui.picker is None

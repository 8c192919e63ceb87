"""Save as in the scenario editor: the edited scenario written under a new name (the original kept), only to
a regular file, an existing scenario replaced only when confirmed, its relative include:/extends:/map: paths
rewritten so they still resolve from the new place; the editor then edits the new file."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from editordriver import key, press  # noqa: E402
from editordriver import open_copy as driver_open_copy  # noqa: E402
from engine.editor.app import EditorApp  # noqa: E402
from engine.scenario.loader import load_scenario  # noqa: E402



def open_copy(tmp_path: Path, name: str = "baseline-2020.yaml") -> EditorApp:
    """With the schema folder: save as rewrites the schema modeline to it."""
    return driver_open_copy(tmp_path, name, leave_out=("images",))


def save_as(app: EditorApp, name: str) -> None:
    """Save as, typed: the field opens with a proposed name, which is erased first."""
    press(app, "save-as")
    assert app.gui.field is not None
    app.gui.field.value = ""
    for ch in name:
        key(app, 0, uni=ch)
    key(app, pygame.K_RETURN)
    app.draw()


@pytest.fixture()
def editor(tmp_path: Path):
    app = open_copy(tmp_path)
    yield app
    pygame.display.quit()


def test_save_as_writes_a_new_file_keeps_the_original_and_edits_the_copy(editor: EditorApp) -> None:
    app, m = editor, editor.model
    folder = m.path.parent
    original = m.path.read_bytes()
    m.set_field("turns", 13)
    save_as(app, "my-seminar")
    new = folder / "my-seminar.yaml"
    assert m.path == new and not m.dirty, m.message
    assert (folder / "baseline-2020.yaml").read_bytes() == original  # the unsaved edit went to the copy only
    sc = load_scenario(new)
    assert sc.turns == 13 and sc.id == "my-seminar"  # the id follows the file name (validate wants them equal)
    old, copy = original.decode().splitlines(), new.read_text().splitlines()
    assert len(old) == len(copy) and sum(a != b for a, b in zip(old, copy)) == 2  # turns and id; comments kept
    assert pygame.display.get_caption()[0].endswith("my-seminar.yaml")
    m.set_field("turns", 12)  # the editor edits the copy now
    assert m.save() and load_scenario(new).turns == 12
    assert (folder / "baseline-2020.yaml").read_bytes() == original
    key(app, pygame.K_z, pygame.KMOD_CTRL)  # the history goes on, in the copy's terms
    key(app, pygame.K_z, pygame.KMOD_CTRL)
    assert "id: my-seminar" in m.text and "turns: 14" in m.text and m.valid
    key(app, pygame.K_s, pygame.KMOD_CTRL | pygame.KMOD_SHIFT)  # Ctrl+Shift+S asks for the name too
    assert app.gui.field is not None and app.gui.field.title == "save as"
    assert app.gui.field.value == "my-seminar-copy.yaml"


def test_save_as_in_another_folder_rewrites_the_relative_paths(editor: EditorApp) -> None:
    """include: rules/units.yaml written as is into copies/ would not resolve: it becomes ../rules/units.yaml."""
    app, m = editor, editor.model
    folder = m.path.parent
    (folder / "copies").mkdir()
    save_as(app, "copies/seminar-a.yaml")
    new = folder / "copies" / "seminar-a.yaml"
    assert m.path == new and new.is_file(), m.message
    text = new.read_text()
    assert "  - ../rules/units.yaml" in text and "\n  - rules/" not in text
    assert text.startswith("# yaml-language-server: $schema=../schema/scenario.schema.json\n")
    assert "include: ../rules/units.yaml" in m.message
    sc = load_scenario(new)
    assert len(sc.units) == len(load_scenario(folder / "baseline-2020.yaml").units)
    m.set_field("turns", 13)  # and the edits are checked from there
    assert m.valid and m.save()


def test_a_variant_saved_elsewhere_still_extends_its_base(tmp_path: Path) -> None:
    app = open_copy(tmp_path, "variants/baseline-2020-war.yaml")
    try:
        m = app.model
        assert m.save_as("../war-copy.yaml"), m.message
        text = (tmp_path / "scenarios" / "war-copy.yaml").read_text()
        assert "extends: baseline-2020.yaml\n" in text and "id: war-copy" in text
        assert load_scenario(m.path).tracks[0].initial == 96
    finally:
        pygame.display.quit()


def test_save_as_writes_only_a_new_or_a_regular_scenario_file(editor: EditorApp, tmp_path: Path) -> None:
    """A device, a folder, a pipe, a symbolic link, a file that is not a scenario, the file being edited:
    refused, each untouched; an existing scenario is replaced only after the facilitator confirms."""
    app, m = editor, editor.model
    folder = m.path.parent
    m.set_field("turns", 13)
    (folder / "notes.yaml").write_text("buy milk\n")
    (folder / "dir.yaml").mkdir()
    os.mkfifo(folder / "pipe.yaml")
    (folder / "link.yaml").symlink_to(folder / "zapad-2021.yaml")
    before = {p: p.read_bytes() for p in [folder / "notes.yaml", folder / "rules" / "units.yaml",
                                         folder / "zapad-2021.yaml"]}
    for typed, why in [("/dev/null", "device"), ("rules", "directory"), ("rules/", "folder"), ("dir.yaml", "directory"),
                       ("pipe.yaml", "pipe"), ("link.yaml", "symbolic link"), ("notes.yaml", "not a scenario"),
                       ("rules/units.yaml", "not a scenario"), ("baseline-2020.yaml", "being edited"),
                       ("nowhere/x.yaml", "does not exist"), ("", "type a file name")]:
        assert m.save_as(typed) is False and why in m.message, (typed, m.message)
        assert m.path == folder / "baseline-2020.yaml" and m.dirty
    assert not os.path.exists("/dev/null.yaml")
    old = folder / "old-seminar.yaml"
    old.write_text((folder / "baseline-2020.yaml").read_text().replace("id: baseline-2020", "id: old-seminar"))
    save_as(app, "old-seminar")  # a scenario file: asked first
    assert app.gui.picker is not None and "overwrite" in app.gui.picker.title
    press(app, "choice:Keep it (not saved)")
    assert m.path.name == "baseline-2020.yaml" and m.dirty and load_scenario(old).turns == 14
    save_as(app, "zapad-2021")  # confirmed, but its variants would break: refused as Save refuses it
    press(app, "choice:Overwrite it")
    assert m.path.name == "baseline-2020.yaml" and "zapad-2021-observed.yaml" in m.message
    assert all(p.read_bytes() == b for p, b in before.items())
    save_as(app, "old-seminar")
    press(app, "choice:Overwrite it")
    assert m.path == old and not m.dirty
    assert load_scenario(old).id == "old-seminar" and load_scenario(old).turns == 13


def test_an_invalid_scenario_is_not_saved_as(editor: EditorApp) -> None:
    m = editor.model
    m.set_field("units.by_38aab.strength", 9)
    assert not m.valid
    assert m.save_as("broken.yaml") is False and "not saved" in m.message
    assert not (m.path.parent / "broken.yaml").exists()


def test_the_overwrite_question_stays_in_its_box_with_a_long_name(editor: EditorApp) -> None:
    app, m = editor, editor.model
    long = "a-scenario-with-a-very-long-name-that-a-facilitator-typed-for-the-seminar-of-next-week"
    (m.path.parent / f"{long}.yaml").write_text(m.path.read_text().replace("id: baseline-2020", f"id: {long}"))
    save_as(app, long)
    assert app.gui.picker is not None
    app.draw()
    box = pygame.Rect(app.panel.x, 0, app.panel.width, app.size[1]).inflate(-20, -20)
    assert all(box.contains(r) for r, t in app.gui.drawn if r.colliderect(box) and r.y < box.y + 30)
    assert any(t.startswith("a-scenario-with") for _, t in app.gui.drawn)


def test_relocate_rewrites_map_extends_include_and_the_schema_line_only() -> None:
    """Quoted paths stay quoted, absolute ones and Windows line ends are kept; in the same folder only the id."""
    from engine.editor.saveas import relocate

    text = ("# yaml-language-server: $schema=schema/scenario.schema.json\r\nid: b\r\n"
            "map: \"../maps/x.map\"  # the map\r\ninclude: [rules/units.yaml, '/abs/r.yaml']\r\nextends: base.yaml\r\n")
    out, changed = relocate(text, Path("/w/a/b.yaml"), Path("/w/a/c/d.yaml"))
    assert out == ("# yaml-language-server: $schema=../schema/scenario.schema.json\r\nid: d\r\n"
                   "map: \"../../maps/x.map\" # the map\r\ninclude: [../rules/units.yaml, '/abs/r.yaml']\r\n"
                   "extends: ../base.yaml\r\n")
    assert changed == ["map: ../../maps/x.map", "extends: ../base.yaml", "include: ../rules/units.yaml", "id: d"]
    out, changed = relocate(text, Path("/w/a/b.yaml"), Path("/w/a/e.yaml"))
    assert out == text.replace("id: b", "id: e") and changed == ["id: e"]
    out, changed = relocate(text.replace("id: b", "id: other"), Path("/w/a/b.yaml"), Path("/w/a/e.yaml"))
    assert changed == []  # an id that was not the file name is the author's choice: kept

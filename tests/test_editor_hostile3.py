"""Hostile QA of the scenario editor window, round 3: the real EditorApp driven by synthetic pygame events
(held keys, undo past the ends, drops off the map, deletes the scenario still needs, the file changing on
disk, closing mid-typing, huge wheel deltas). Each test pins a defect found that way."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from editordriver import ROOT, editor, key, open_copy, press  # noqa: E402,F401 (editor: a fixture)
from engine.editor.app import PANEL_W, EditorApp, open_editor  # noqa: E402
from engine.scenario import edit as E  # noqa: E402
from engine.scenario.loader import load_scenario  # noqa: E402



def drag(app: EditorApp, a: tuple[int, int], b: tuple[int, int]) -> None:
    app.handle(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=a, button=1))
    app.handle(pygame.event.Event(pygame.MOUSEMOTION, pos=b, rel=(b[0] - a[0], b[1] - a[1]), buttons=(1, 0, 0)))
    app.handle(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=b, button=1))
    app.draw()


def unit_ids(app: EditorApp) -> set[str]:
    return {u.id for u in app.model.scenario.units}


CTRL, SHIFT = pygame.KMOD_CTRL, pygame.KMOD_SHIFT


def test_deleting_a_unit_or_base_the_scenario_still_names_is_refused_and_says_where(editor: EditorApp) -> None:
    """Delete on a unit a schedule entry withdraws was taken: the counter stayed on the map (the last valid
    scenario), a second Delete said "no units item", Save refused. Now refused like ``remove-unit``."""
    app, m = editor, editor.model
    raw = m.text
    app.selected = ("unit", "us_2cr_sqn")
    key(app, pygame.K_DELETE, times=5)  # held
    assert "not removed" in m.message and "schedule[1].withdraw" in m.message and "us_2cr_sqn" in m.message
    assert m.text == raw and not m.dirty and m.valid and app.selected == ("unit", "us_2cr_sqn")
    app.selected = ("base", "orzysz")  # an option and a reinforcement arrive there
    key(app, pygame.K_BACKSPACE)
    assert "not removed" in m.message and "orzysz" in m.message and m.text == raw
    app.selected = ("unit", "by_38aab")  # named nowhere in this file: removed as before
    key(app, pygame.K_DELETE)
    assert "by_38aab" not in unit_ids(app) and app.selected is None and m.valid
    key(app, pygame.K_z, CTRL)
    assert m.text == raw


def test_deleting_a_unit_of_the_base_in_a_variant_is_refused_when_still_named(tmp_path: Path) -> None:
    app = open_copy(tmp_path, "variants/union-doctrine-opposed.yaml")
    try:
        raw = app.model.text
        app.selected = ("unit", "by_6mech")
        key(app, pygame.K_DELETE)
        assert "not removed" in app.model.message and app.model.text == raw and app.model.valid
    finally:
        pygame.display.quit()


def test_a_counter_dropped_on_the_side_panel_or_top_bar_stays_where_it_was(editor: EditorApp) -> None:
    """The hex under the panel (or the top bar) is a map hex too: the unit moved there, out of sight."""
    app, m = editor, editor.model
    u = next(x for x in m.scenario.units if x.id == "by_38aab")
    app.camera.centre_on(u.location)
    app.draw()
    for where in ((app.panel.x + 50, 300), (300, 20)):
        assert app.camera.screen_to_hex(*where) in app.theatre  # a real hex, hidden
        drag(app, app.hex_pos(u.location), where)
        assert not m.dirty and "not moved" in m.message and "off the map" in m.message
    assert next(x for x in m.scenario.units if x.id == "by_38aab").location == u.location


def test_a_save_a_variant_would_not_survive_says_which_file_and_why(editor: EditorApp) -> None:
    """The message was the refusal's first line alone: "edit refused ... it would make the scenario invalid:
    (not saved)", under a panel saying the scenario is valid."""
    app, m = editor, editor.model
    raw = m.path.read_bytes()
    app.selected = ("unit", "by_6mech")  # union-doctrine.yaml (extends this file) removes it by an effect
    key(app, pygame.K_DELETE)
    assert m.valid and m.dirty
    key(app, pygame.K_s, CTRL, times=3)
    assert "not saved" in m.message and "union-doctrine.yaml" in m.message and "by_6mech" in m.message
    assert "extends baseline-2020.yaml" in m.message
    assert m.path.read_bytes() == raw and m.dirty


def test_a_file_deleted_on_disk_is_not_written_back_without_asking(editor: EditorApp) -> None:
    """The code meant "a second Save writes it again", but the first did (the unset marker was None, like
    the missing file): a file a colleague deleted or moved away came back silently."""
    app, m = editor, editor.model
    m.set_field("turns", 13)
    m.path.unlink()
    key(app, pygame.K_s, CTRL)
    assert not m.path.exists() and "no longer on disk" in m.message and m.dirty
    key(app, pygame.K_s, CTRL)
    assert m.path.exists() and not m.dirty and load_scenario(m.path).turns == 13


def test_one_undo_too_many_can_be_redone(editor: EditorApp) -> None:
    """There was no redo: a held Ctrl+Z (or Ctrl+Shift+Z, redo elsewhere, which undid one more) lost the
    edits for good. Redo works across a save, through the fast session, and ends at a new edit."""
    app, m = editor, editor.model
    raw = m.text
    m.set_field("units.by_11mech.strength", 2)  # fast (session) edits and a slow one
    app.selected = ("unit", "by_51arty")
    key(app, pygame.K_DELETE)
    m.set_field("turns", 13)
    key(app, pygame.K_s, CTRL)
    saved = m.text
    key(app, pygame.K_z, CTRL, times=6)  # past the start
    assert m.text == raw and m.message == "nothing to undo" and m.dirty
    key(app, pygame.K_z, CTRL | SHIFT)
    key(app, pygame.K_y, CTRL)
    press(app, "redo")
    assert m.text == saved and not m.dirty
    key(app, pygame.K_y, CTRL)
    assert m.message == "nothing to redo" and m.text == saved
    key(app, pygame.K_z, CTRL, times=2)
    key(app, pygame.K_y, CTRL)  # by_51arty removed again, through the session
    expected = E.Doc(m.path, m.text)
    expected.set("units.by_6mech.strength", 2)
    m.set_field("units.by_6mech.strength", 2)  # a new edit: the session is right after a redo, redo ends
    assert m.text == expected.text() and "by_51arty" not in unit_ids(app)
    key(app, pygame.K_y, CTRL)
    assert m.message == "nothing to redo"


def test_the_panel_does_not_scroll_past_its_last_row(editor: EditorApp, monkeypatch) -> None:
    """A wheel turned on (or a huge delta) scrolled the tab off: an empty panel, as many turns back."""
    app = editor
    monkeypatch.setattr(pygame.mouse, "get_pos", lambda: (app.panel.x + 100, 300))
    app.draw()
    last = [b.tag for b in app.gui.buttons if b.tag.startswith("unit-type:")]
    app.handle(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-10**9, flipped=False))
    app.draw()
    shown = [b.tag for b in app.gui.buttons if b.tag.startswith("unit-type:")]
    types = sorted(app.model.scenario.rules.unit_types.items(), key=lambda kv: (kv[1].name, kv[0]))
    assert shown and shown[-1] == f"unit-type:{types[-1][0]}"  # the last row, not an empty panel
    app.handle(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1, flipped=False))
    app.draw()
    assert app.scroll == max(0, app.scroll_max - 3) and app.gui.find(shown[0])
    app.handle(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=10**9, flipped=False))
    app.draw()
    assert app.scroll == 0 and [b.tag for b in app.gui.buttons if b.tag.startswith("unit-type:")] == last


def test_closing_the_window_while_typing_asks_and_escape_keeps_the_text(editor: EditorApp) -> None:
    """Text typed in a field, not entered yet, was dropped without a word when the window closed; and
    Escape on a pick-list over a field closed both (the typed text gone)."""
    app, m = editor, editor.model
    press(app, "tab:Bases")
    press(app, "base:vileyka")
    press(app, "base:name")
    key(app, 0, uni=" (HQ)")
    app.handle(pygame.event.Event(pygame.QUIT))
    assert app.running and app.gui.picker is not None
    key(app, pygame.K_ESCAPE)  # keep editing: the field and its text stay
    assert app.running and app.gui.field is not None and app.gui.field.value.endswith(" (HQ)")
    app.handle(pygame.event.Event(pygame.QUIT))
    press(app, "choice:Save and quit")
    assert not app.running and not m.dirty
    assert next(b for b in load_scenario(m.path).bases if b.id == "vileyka").name.endswith(" (HQ)")


def test_a_long_status_message_is_not_drawn_under_the_buttons(editor: EditorApp) -> None:
    """The status line ran on under Undo/Save: "… your edits are kept — Save again to overwrite that
    change" showed only up to "your edits are k"."""
    app, m = editor, editor.model
    m.set_field("turns", 13)
    m.path.write_text(m.path.read_text() + "# theirs\n")  # someone else saved meanwhile
    key(app, pygame.K_s, CTRL)
    assert m.message.endswith("Save again to overwrite that change")
    app.draw()
    buttons = [b.rect for b in app.gui.buttons]  # (the buttons stand in the first row, the status below them)
    status = [(r, v) for r, v in app.gui.drawn if r.x == 10 and 26 <= r.y < 64]  # under the title
    assert status and not [v for r, v in status if r.collidelist(buttons) >= 0]
    assert all(r.right <= app.size[0] - PANEL_W for r, _ in status)
    assert "Save again to overwrite" in " ".join(v for _, v in status)


def test_a_click_on_a_problem_an_undo_just_fixed_is_no_error(editor: EditorApp) -> None:
    """Events come in batches between frames: Ctrl+Z then a click on the problem list as last drawn raised
    IndexError (the guard showed "error (IndexError ...)")."""
    app, m = editor, editor.model
    m.set_field("units.by_38aab.strength", 9)
    app.draw()
    rect, _ = app.problem_rects[0]
    key(app, pygame.K_z, CTRL)
    app.handle(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=rect.center, button=1))
    app.handle(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=rect.center, button=1))
    assert m.valid and "error" not in m.message


def test_play_from_here_opens_one_table_while_it_is_open(tmp_path: Path) -> None:
    """F5, F5 and a click on 'Play from here' opened three seminar tables on one file."""
    from engine.editor.app import open_editor

    class Table:
        def __init__(self) -> None:
            self.code: int | None = None

        def poll(self) -> int | None:
            return self.code

    opened: list[Table] = []

    def launch(path: Path) -> Table:
        opened.append(Table())
        return opened[-1]

    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios", ignore=shutil.ignore_patterns("schema", "images"))
    app = open_editor(str(tmp_path / "scenarios" / "baseline-2020.yaml"), (1400, 860), launcher=launch)
    m = app.model
    assert m.play() and len(opened) == 1
    assert not m.play() and not m.play() and len(opened) == 1
    assert "still open" in m.message
    opened[0].code = 0  # the table was closed
    assert m.play() and len(opened) == 2

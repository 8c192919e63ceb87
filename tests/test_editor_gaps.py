"""The scenario editor's known gaps, closed: an option card's cost can be taken away (undoable), Tab in a
text field moves to the next field instead of vanishing, the map cannot be panned or zoomed out of
sight (Home recentres), and the top bar's hint and status stay on screen at the smallest window.
Save as has its own file (tests/test_editor_saveas.py)."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from editordriver import editor, key, open_copy, press  # noqa: E402,F401 (editor: a fixture)
from engine.editor.app import EditorApp  # noqa: E402
from engine.scenario.loader import load_scenario  # noqa: E402



def card(app: EditorApp, oid: str):  # type: ignore[no-untyped-def]
    return next(o for o in app.model.scenario.options if o.id == oid)


# --- 1. an option's cost can be removed -----------------------------------------------------------

def test_a_cost_is_removed_from_the_card_and_undo_redo_bring_it_back(editor: EditorApp) -> None:
    """The Options tab could add a cost but offered no way to take one away (the YAML was the only way)."""
    app, m = editor, editor.model
    raw = m.text
    press(app, "tab:Options")
    app.side = "blue"
    app.selected = ("option", "blue:nato_reinforce_efp")
    press(app, "option:remove-cost")
    press(app, "choice:nato_cohesion -3")
    assert card(app, "nato_reinforce_efp").cost == {} and m.valid, m.message
    changed = [(a, b) for a, b in zip(raw.splitlines(), m.text.splitlines()) if a != b]
    assert len(raw.splitlines()) - len(m.text.splitlines()) == 1 and "cost: {nato_cohesion: -3}" in raw
    assert "cost: {nato_cohesion: -3}" not in m.text and changed  # the one line went, the comments stayed
    key(app, pygame.K_z, pygame.KMOD_CTRL)
    assert m.text == raw and card(app, "nato_reinforce_efp").cost == {"nato_cohesion": -3}
    key(app, pygame.K_y, pygame.KMOD_CTRL)
    assert card(app, "nato_reinforce_efp").cost == {}
    assert m.save(), m.message
    assert next(o for o in load_scenario(m.path).options if o.id == "nato_reinforce_efp").cost == {}


def test_removing_one_of_two_costs_keeps_the_other(editor: EditorApp) -> None:
    m = editor.model
    m.add_option_cost("blue", "nato_vjtf", "tension", 2)
    assert card(editor, "nato_vjtf").cost == {"nato_cohesion": -5, "tension": 2}
    assert m.delete_option_cost("blue", "nato_vjtf", "nato_cohesion") and m.valid
    assert card(editor, "nato_vjtf").cost == {"tension": 2}
    assert not m.delete_option_cost("blue", "nato_vjtf", "nato_cohesion")  # gone: said so, nothing changed
    assert "no cost in nato_cohesion" in m.message


def test_in_a_variant_a_cost_of_the_base_card_is_set_to_nothing(tmp_path: Path) -> None:
    """Costs merge key by key: a variant cannot drop the base's key, so the cost becomes 0 (and says so)."""
    app = open_copy(tmp_path, "variants/baseline-2020-war.yaml")
    try:
        m = app.model
        assert m.delete_option_cost("blue", "nato_reinforce_efp", "nato_cohesion") and m.valid
        assert card(app, "nato_reinforce_efp").cost == {"nato_cohesion": 0} and "set to 0" in m.message
        assert m.save()
        base = (tmp_path / "scenarios" / "baseline-2020.yaml").read_text()
        assert "cost: {nato_cohesion: -3}" in base  # the base file is not touched
    finally:
        pygame.display.quit()


# --- 3. Tab in a text field -------------------------------------------------------------------------

def test_tab_enters_the_text_and_opens_the_next_field(editor: EditorApp) -> None:
    """Tab was dropped without a word (not printable): the facilitator tabbing from a card's name to its
    text saw nothing happen. Now it enters the name and opens the text; Shift+Tab goes back."""
    app, m = editor, editor.model
    press(app, "tab:Options")
    app.side = "blue"
    app.selected = ("option", "blue:nato_vjtf")
    press(app, "option:name")
    key(app, 0, uni="!")
    key(app, pygame.K_TAB, uni="\t")
    assert card(app, "nato_vjtf").name == "Activate the VJTF!" and m.valid
    f = app.gui.field
    assert f is not None and f.tag == "option:description" and f.value == card(app, "nato_vjtf").description
    app.draw()
    assert "\t" not in f.value
    key(app, pygame.K_BACKSPACE)  # typed before the next frame: goes to the field, not to the map's Delete
    key(app, pygame.K_TAB, pygame.KMOD_SHIFT, uni="\t")
    assert card(app, "nato_vjtf").description.endswith("seven days (facts §4.5)")  # the "." erased
    f = app.gui.field
    assert f is not None and f.tag == "option:name" and f.value == "Activate the VJTF!"
    key(app, pygame.K_ESCAPE)
    assert app.gui.field is None and app.selected == ("option", "blue:nato_vjtf")


def test_tab_in_a_field_with_no_next_one_types_nothing_and_says_so(editor: EditorApp) -> None:
    app = editor
    app.gui.open_field("message", "Talks", lambda v: None)  # the text of a message effect: no panel row
    key(app, pygame.K_TAB, uni="\t")
    f = app.gui.field
    assert f is not None and f.value == "Talks" and "no next field" in f.note
    app.draw()
    assert any("no next field" in t for _, t in app.gui.drawn)


# --- 4. the camera stays on the map -------------------------------------------------------------------

def shown(app: EditorApp) -> pygame.Rect:
    """The part of the viewport the map's extent covers (the extent computed here, not by the camera)."""
    lay = app.camera.layout()
    xs, ys = zip(*(lay.to_pixel(h) for h in app.theatre.hexes()))
    size = lay.size
    ext = pygame.Rect(round(min(xs) - size), round(min(ys) - size), round(max(xs) - min(xs) + 2 * size),
                      round(max(ys) - min(ys) + 2 * size))
    return ext.clip(app.camera.viewport)


def test_panning_and_zooming_never_lose_the_map(editor: EditorApp, monkeypatch) -> None:
    """Held arrow keys, a long drag or the wheel at a corner took the map out of the window for good."""
    app = editor
    vp = app.camera.viewport
    key(app, pygame.K_LEFT, times=400)  # held
    assert shown(app).width >= vp.width // 3 - 2
    key(app, pygame.K_DOWN, times=400)
    assert shown(app).height >= vp.height // 3 - 2
    for _ in range(30):  # dragged on and on, up and to the right
        app.handle(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(100, 700), button=3))
        app.handle(pygame.event.Event(pygame.MOUSEMOTION, pos=(900, 100), rel=(800, -600), buttons=(0, 0, 1)))
        app.handle(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(900, 100), button=3))
    r = shown(app)
    assert r.width >= vp.width // 3 - 2 and r.height >= vp.height // 3 - 2
    monkeypatch.setattr(pygame.mouse, "get_pos", lambda: (vp.right - 2, vp.bottom - 2))
    for step in [1] * 12 + [-1] * 12 + [1] * 12:  # the wheel at the corner: in, out, in again
        app.handle(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=step, flipped=False, pos=(vp.right - 2, vp.bottom - 2)))
        r = shown(app)
        assert r.width >= min(vp.width // 3, r.width) - 2 and r.width > 20 and r.height > 20, step
    app.draw()


def test_home_shows_the_whole_map_again(editor: EditorApp) -> None:
    app = editor
    key(app, pygame.K_PLUS, times=8)
    key(app, pygame.K_RIGHT, times=50)
    key(app, pygame.K_HOME)
    from engine.ui.camera import Camera
    fitted = Camera(app.camera.viewport)
    fitted.fit(app.theatre.hexes())  # the whole map, at the largest zoom that shows it
    assert (app.camera.cx, app.camera.cy, app.camera.zoom) == (fitted.cx, fitted.cy, fitted.zoom)
    lay, vp = app.camera.layout(), app.camera.viewport
    assert all(vp.collidepoint(lay.to_pixel(h)) for h in app.theatre.hexes()[::97])


# --- 5. the top bar at the smallest window ------------------------------------------------------------

def test_the_hint_and_status_stay_on_screen_at_the_smallest_window(tmp_path: Path, capsys) -> None:
    """At 1000x700 the mode hint ("click the map: place ...") was drawn 96 pixels left of the window, over
    the file name, and the status squeezed into 144 pixels beside the buttons."""
    from engine.cli.entry import main
    from engine.editor.app import MIN_SIZE, PANEL_W, TOP_H

    app = open_copy(tmp_path, size=MIN_SIZE)
    try:
        assert main(["edit", str(app.model.path), "--size", f"{MIN_SIZE[0] - 1}x{MIN_SIZE[1]}"]) != 0
        assert "at least" in capsys.readouterr().err  # the smallest the editor takes is the size tested
        app.mode, app.palette_type = "unit", "by_mech_bde"
        app.model.message = ("not saved: baseline-2020.yaml was changed on disk by someone else since it was "
                             "opened; your edits are kept — Save again to overwrite that change")
        for mode in ("unit", ""):
            app.mode = mode
            app.draw()
            bar = pygame.Rect(0, 0, MIN_SIZE[0] - PANEL_W, TOP_H)
            screen = app.screen.get_rect()
            assert all(screen.contains(r) for r, _ in app.gui.drawn), [t for r, t in app.gui.drawn if not screen.contains(r)]
            top = [(r, t) for r, t in app.gui.drawn if r.colliderect(bar)]
            assert all(bar.contains(r) for r, _ in top), [t for r, t in top if not bar.contains(r)]
            buttons = [b.rect for b in app.gui.buttons if b.rect.colliderect(bar)]
            assert len(buttons) == 5 and all(bar.contains(b) for b in buttons)
            assert not [t for r, t in top if r.collidelist(buttons) >= 0]  # no text under a button
            shown = " ".join(t for _, t in top)
            assert "not saved: baseline-2020.yaml was changed" in shown
            if mode:
                assert "click the map: place a by_mech_bde (red)" in shown
            else:
                assert "Save again to overwrite that change" in shown  # two lines: all of it
    finally:
        pygame.display.quit()

"""Odds with outcome chances, and results the room can see (issue 16, points 9 and 10)."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path  # noqa: E402

import pygame  # noqa: E402

from engine.core.actions import Attack  # noqa: E402
from engine.rules import combat  # noqa: E402
from engine.ui.app import App  # noqa: E402
from engine.ui.session import Session  # noqa: E402
from uidriver import click_hex, dismiss, headless_hash, key, synthetic_game, to_phase  # noqa: E402

_G = None


def new_app(tmp_path: Path, seed: int = 3) -> App:
    global _G
    _G = _G or synthetic_game()
    return App(_G.map, Session(_G, _G.new_initial_state(seed), "", seed), (1280, 800), save_dir=tmp_path)


def test_odds_preview_shows_each_results_chance_from_the_table(tmp_path: Path) -> None:
    """Point 9: the chances are the combat table's column counted by die roll; the log's odds format is used."""
    app = new_app(tmp_path)
    s = app.session
    to_phase(app, "combat", "red")
    target = s.attack_targets()[0]
    click_hex(app, target)
    assert app.attack is not None
    odds = s.odds_preview(app.attack.chosen, target)
    table = s.game.rules.combat
    o = combat.odds(s.state, s.game.index[target], list(app.attack.chosen))
    col = [row[o.column].code for row in table.rows]
    want = {c: col.count(c) / table.die_sides for c in set(col)}
    assert {c: p for c, _, p in odds.chances} == want
    assert abs(sum(p for _, _, p in odds.chances) - 1) < 1e-9
    app.draw()
    from engine.ui.panels import odds_lines
    shown = odds_lines(odds, app.attack.chosen, [])
    assert any(ln.startswith(f"odds {o.attack:.1f}:{o.defence:.1f}") for ln in shown)  # as the log writes it
    assert any(f"{code}:" in ln and "%" in ln for ln in shown for code in want)


def test_attack_from_the_orders_list_is_previewed_not_fired(tmp_path: Path) -> None:
    app = new_app(tmp_path)
    s = app.session
    to_phase(app, "combat", "red")
    app.clear_selection()
    app.draw()
    i = next(i for i, a in enumerate(app.order_actions) if isinstance(a, Attack))
    a = app.order_actions[i]
    h = s.state_hash()
    app.press(f"order:{i}")
    assert s.state_hash() == h and app.attack is not None and sorted(app.attack.chosen) == sorted(a.attackers)
    app.draw()
    assert any(b.id == "attack" for b in app.buttons)


def test_combat_result_popup_marker_and_camera(tmp_path: Path) -> None:
    """Point 10: a pop-up with the die and result, a marker on the hex, the camera on the fight."""
    app = new_app(tmp_path)
    s = app.session
    to_phase(app, "combat", "red")
    target = s.attack_targets()[0]
    click_hex(app, target)
    app.camera.cx += 400  # look elsewhere first
    key(app, pygame.K_RETURN)
    assert s.state.history[-1].startswith("attack ")
    title, body = app.popups[0]
    assert title == f"Attack on {s.place_text(target)}"
    die = next(ln for ln in s.engine_log() if "; die " in ln)
    code = die.rsplit("-> ", 1)[1]
    assert any(f"die {die.split('; die ')[1].split()[0]} -> {code}" in ln for ln in body)
    assert app.markers[-1].hex == target and app.markers[-1].code == code
    assert app.camera.screen_to_hex(*app.camera.viewport.center) == target
    shown, app.popups = app.popups, []  # (the pop-up sits over the map's centre, where the fight is)
    app.draw()
    shot = app.screen.copy()
    kept, app.markers = app.markers, []
    app.draw()
    app.markers = kept
    assert pygame.image.tostring(shot, "RGB") != pygame.image.tostring(app.screen, "RGB")  # the marker is drawn
    app.popups = shown
    dismiss(app)
    # the side that was hit sees the marker, and its camera starts on the fight after its hand-over
    for _ in range(10):
        app.end_phase(confirmed=True)
        if app.handover_to == "blue":
            break
        dismiss(app)
    assert app.handover_to == "blue" and "blue" in app.markers[-1].sides
    app.camera.cx += 400
    dismiss(app)
    assert app.camera.screen_to_hex(*app.camera.viewport.center) == target
    assert headless_hash(app) == s.state_hash()

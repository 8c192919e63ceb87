"""The off-map boxes at the table (engine/ui/boxes.py): drawn, picked, ordered out and back in by clicks."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path  # noqa: E402

from engine.game.game import load_game  # noqa: E402
from engine.ui.app import App  # noqa: E402
from engine.ui.boxes import panels  # noqa: E402
from engine.ui.session import Session  # noqa: E402
from uidriver import click, click_hex, to_phase  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def test_boxes_are_drawn_and_units_go_out_and_back_in_by_clicks(tmp_path):
    g = load_game(ROOT / "scenarios" / "variants" / "baseline-2020-offmap.yaml")
    s = Session(g, g.new_initial_state(3), str(ROOT / "scenarios" / "variants" / "baseline-2020-offmap.yaml"), 3)
    app = App(g.map, s, (1280, 800), save_dir=tmp_path)
    to_phase(app, "movement", "red")
    app.draw()
    titles = {bid for _, bid, uid in app.box_rects if uid is None}
    rows = {uid: r for r, _, uid in app.box_rects if uid is not None}
    assert titles == {"estonia", "germany", "pskov", "wmd"}
    assert set(rows) == {"ru_25mrb", "ru_2gmrd", "ru_4gtd"}  # red sees its own three, no blue unit
    vp = app.camera.viewport
    assert all(vp.contains(r) for r, _, _ in app.box_rects)  # inside the map area
    # pick the Pskov brigade, then click Pskov: frombox (24 h -> there on turn 2)
    click(app, rows["ru_25mrb"].center)
    assert app.box_pick == "ru_25mrb"
    pskov = g.hex_of("Pskov")
    app.camera.centre_on(pskov)
    app.draw()
    click_hex(app, pskov)
    assert s.state.history[-1] == "frombox ru_25mrb pskov->Pskov"
    app.draw()
    assert ("ru_25mrb", "ru_25mrb -> Pskov, turn 2") in next(p for p in panels(s.state, "red") if p.id == "pskov").rows
    assert all(not p.rows for p in panels(s.state, "blue") if p.id in ("wmd", "pskov"))  # never the enemy's
    # next turn it stands on Pskov: select it there and click the Pskov box's title -> tobox
    app.end_phase(confirmed=True)
    to_phase(app, "movement", "red")
    assert g.hexes[s.state.units["ru_25mrb"].pos] == pskov
    app.select("ru_25mrb")
    app.draw()
    title = next(r for r, bid, uid in app.box_rects if bid == "pskov" and uid is None)
    click(app, title.center)
    assert s.state.history[-1] == "tobox ru_25mrb Pskov->pskov" and "ru_25mrb" not in s.state.units


def test_the_editor_opens_and_draws_a_scenario_with_boxes(tmp_path):
    import shutil

    import pygame

    from engine.editor.app import open_editor
    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios", ignore=shutil.ignore_patterns("schema"))
    app = open_editor(str(tmp_path / "scenarios" / "variants" / "baseline-2020-offmap.yaml"), (1400, 860),
                      launcher=lambda p: None)
    app.draw()
    # the six units that start in a box are listed like the others (their hex is the box's first gate)
    assert {"ru_4gtd", "us_abct_de"} <= {u.id for u in app.model.scenario.units}
    assert {u.id: u.box for u in app.model.scenario.units if u.box}["ee_1bde"] == "estonia"
    pygame.display.quit()

"""Chance in the crisis (event ``chance:``, ``change_track.add_range``): the guide's example loads,
the draws follow the seeded RNG, and the loader names bad values."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from engine.core.rng import Rng
from engine.errors import EngineError
from engine.game.game import load_game
from engine.rules.events import apply_effect, fire_events
from engine.scenario.model import ChangeTrack

ROOT = Path(__file__).resolve().parent.parent / "scenarios"


def _example(tmp_path: Path, text: str | None = None) -> Path:
    guide = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- chance example -->\s*```yaml\n(id: baseline-2020-uncertain.*?)```", guide, re.S).group(1)
    block = block.replace("extends: baseline-2020.yaml", f"extends: {(ROOT / 'baseline-2020.yaml').as_posix()}")
    p = tmp_path / "uncertain.yaml"
    p.write_text(text if text is not None else block, encoding="utf-8")
    return p


def test_guide_example_loads(tmp_path: Path) -> None:
    g = load_game(_example(tmp_path))
    ev = {e.id: e for e in g.scenario.events}
    assert ev["border_incident"].chance == 0.5 and ev["tension_crisis"].chance == 1.0
    talks = g.options["osce_talks"]
    assert talks.effects == (ChangeTrack("tension", -12, None, -4),)


def test_add_range_draws_from_the_seeded_rng(tmp_path: Path) -> None:
    g = load_game(_example(tmp_path))
    eff = g.options["osce_talks"].effects[0]
    st = g.new_initial_state(1)
    st.tracks["tension"] = 50
    st.rng = Rng(7)
    want = Rng(7).randint(-12, -4)  # the same die, drawn by hand
    apply_effect(st, eff, "test")
    assert st.tracks["tension"] == 50 + want and "drew" in st.log[-1]
    seen = set()
    for _ in range(300):  # every value of the range turns up, none outside it (9 values, 300 draws)
        st.tracks["tension"] = 50
        apply_effect(st, eff, "test")
        seen.add(st.tracks["tension"] - 50)
    assert seen == set(range(-12, -3))


def test_chance_fires_about_as_often_as_it_says(tmp_path: Path) -> None:
    g = load_game(_example(tmp_path))
    st = g.new_initial_state(3)
    fired = 0
    for _ in range(400):
        st.tracks["tension"] = 86  # at the incident threshold (85), below war (95)
        st.tracks["incidents"] = 0
        fire_events(st)
        fired += st.tracks["incidents"]
    # binomial(400, 0.5): mean 200, sd 10; 160..240 is four sd either side
    assert 160 <= fired <= 240


def test_loader_names_bad_chance_and_range(tmp_path: Path) -> None:
    base = (ROOT / "baseline-2020.yaml").as_posix()
    bad = (f"id: x\nextends: {base}\nevents:\n  - id: border_incident\n    chance: 1.5\n"
           "options:\n  blue:\n    - id: osce_talks\n      effects:\n"
           "        - change_track: {track: tension, add_range: [-4, -12]}\n")
    with pytest.raises(EngineError) as e:
        load_game(_example(tmp_path, bad))
    msg = str(e.value)
    assert "chance" in msg and "1.5" in msg
    assert "add_range" in msg and "low <= high" in msg

"""A small valid scenario on the synthetic map of tests/mapfixture.py, as text to mutate."""

from __future__ import annotations

from pathlib import Path

import pytest

RULES = Path(__file__).resolve().parent.parent / "scenarios" / "rules"

MINI = """\
id: mini
title: Mini
briefing: A test.
start_date: 2020-10-01
turns: 10
include: [{rules}/units.yaml, {rules}/terrain.yaml, {rules}/combat.yaml, {rules}/logistics.yaml]
sides:
  - {{id: red, name: Red, nations: [RUS, BLR], colour: "#c0392b"}}
  - {{id: blue, name: Blue, nations: [POL, USA], colour: "#2e6fbd"}}
units:
  - {{id: u1, type: by_mech_bde, side: red, nation: BLR, location: Minsk}}
  - {{id: u2, type: pl_mech_bde, side: blue, nation: POL, location: Bialystok, strength: 3}}
bases:
  - {{id: b1, kind: logistic, side: red, location: Baranavichy, active: false}}
rotations:
  - {{id: r1, base: b1, arrive: 2, stay: 2, unit: {{id: u3, type: ru_s400_bn, side: red, nation: RUS}}}}
schedule:
  - {{turn: 3, reinforce: {{id: u4, type: us_abct, side: blue, nation: USA, location: {{hex: "0,0"}}}}}}
  - {{turn: 4, withdraw: u2}}
tracks:
  - {{id: tension, min: 0, max: 100, initial: 30, thresholds: {{crisis: 70}}}}
events:
  - {{id: e1, trigger: {{track: tension >= crisis}}, effects: [{{enable_option: o2}}]}}
  - {{id: e2, trigger: {{enters: {{side: red, country: POL}}}}, effects: [{{message: war}}]}}
options:
  blue:
    - {{id: o1, requires: ["tension >= 20"], effects: [{{change_track: {{track: tension, add: -5}}}}]}}
    - {{id: o2, enabled: false, delay: 2, effects: [{{add_unit: {{id: u5, type: patriot_bty, side: blue, nation: USA, base: b1}}}}]}}
  red:
    - {{id: o3, effects: [{{establish_base: b1}}]}}
victory:
  objectives: [{{location: Minsk, points: 10, side: red}}]
  questions: ["Why?"]
"""


def mini_text() -> str:
    return MINI.format(rules=RULES.as_posix())


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.fixture()
def mini(tmp_path: Path) -> Path:
    """The small valid scenario as ``mini.yaml`` in a fresh folder (import it into a test module to use it)."""
    p = tmp_path / "mini.yaml"
    p.write_text(mini_text(), encoding="utf-8")
    return p


def err_line(capsys) -> str:
    """The one line a refused command printed on stderr (no traceback)."""
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1, err
    return err.strip()

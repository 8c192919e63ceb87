"""A headless install (no pygame) plays, analyses and runs agents; only the table and render need the ui extra."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The documented way to make an import fail: a None entry in sys.modules (import raises
# ImportError, importlib.util.find_spec answers None), as when pygame is not installed.
BLOCK = """
import sys
sys.modules["pygame"] = None
"""

SCRIPT = BLOCK + """
import io, json, contextlib
from engine.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    assert main(["playout", "--synthetic", "12x10x4x3", "-n", "3", "--json", "-"]) == 0
assert json.loads(out.getvalue())["n"] == 3
assert main(["compare", "scenarios/zapad-2021.yaml", "scenarios/zapad-2021.yaml", "-n", "2"]) == 0
from engine.analysis.synthetic import synthetic_game
from engine.analysis.agent_env import AgentEnv
env = AgentEnv(synthetic_game(12, 10, 4, 3)); env.reset(seed=1)
try:
    from engine.analysis.pz_env import EastFlankAEC
except ImportError:
    pass  # the rl extra is optional as well
else:
    e = EastFlankAEC(synthetic_game(12, 10, 4, 3)); e.reset(seed=1); e.last()
assert main(["play", "--frames", "1"]) == 2
import tempfile
with tempfile.TemporaryDirectory() as d:
    assert main(["render", "--out", d + "/x.png"]) == 2
assert sys.modules["pygame"] is None and not any(m.startswith("pygame.") for m in sys.modules), "pygame was imported"
print("HEADLESS OK")
"""


def test_headless_without_pygame() -> None:
    r = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-3000:]
    assert "HEADLESS OK" in r.stdout
    assert r.stderr.count("needs pygame") == 2 and r.stderr.count("[ui]") == 2, r.stderr


def test_pygame_is_an_extra() -> None:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert not any(d.lower().startswith("pygame") for d in meta["dependencies"])
    assert any(d.startswith("pygame") for d in meta["optional-dependencies"]["ui"])
    assert "ui" in (ROOT / "Makefile").read_text().split("pip install -q -e '.[", 1)[1].split("]")[0].split(",")

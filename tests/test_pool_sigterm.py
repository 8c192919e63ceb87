"""Pool workers die on the parent's terminate() whatever SIGTERM handler they inherited.

A test process that had started Ray (the driver catches SIGTERM to shut its node down) forked sweep
workers with that handler; when the sweep stopped early (a worker of other engine code refused), the
pool's terminate() no longer killed them and join() waited for ever: `make test` hung at 97 %. Run in a
subprocess with a time limit, so the old code fails here instead of hanging the suite.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from scenario_fixture import mini_text

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = r"""
import signal, sys
from engine.analysis import runner
from engine.cli import main
signal.signal(signal.SIGTERM, lambda signum, frame: None)  # as a Ray driver's handler, which does not exit here
runner._worker_code = lambda where="a worker process": ("f" * 64, where)  # every worker plays other code
rc = main(["sweep", sys.argv[1], "--vary", "turns=5,6", "-n", "3", "--seed", "2", "--jobs", "2",
           "--out", sys.argv[2]])
sys.exit(0 if rc == 2 else 1)
"""


def test_a_stopped_pool_ends_though_its_parent_catches_sigterm(tmp_path: Path) -> None:
    mini = tmp_path / "mini.yaml"
    mini.write_text(mini_text(), encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(mini), str(tmp_path / "r.jsonl")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "a worker process plays with other engine code" in done.stderr

"""Load run: one ``eastflank serve`` process, many clients (AI seats, team screens, white cell,
projectors) for a long AI game; reports the server's memory and the longest wait between phases.

    python -m engine.net.load [SCENARIO] --turns 200 --clients 20 --seed 1

The long game is a variant of the scenario written to a temporary file (``extends:`` plus
``turns:``). Two clients play the seats with AI policies; the others watch: on every change of
phase they ask for their view (their side's observation, the full view or the public one), as a
screen would. The final state hash is checked against a local playout of the same variant.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from engine.net.client import Session, play_seat


def _long_variant(scenario: Path, turns: int, where: Path) -> Path:
    from engine.game.game import load_game
    base = load_game(scenario).scenario
    p = where / f"{base.id}-long.yaml"
    p.write_text(f"# {turns}-turn variant of {base.id} for the network load run\n"
                 f"extends: {json.dumps(str(scenario.resolve()))}\nid: {base.id}-long\n"
                 f"title: \"{base.id}, {turns} turns (load run)\"\nturns: {turns}\n", encoding="utf-8")
    return p


def _mem_kib(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process in KiB (0, 0 where /proc is not there)."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0, 0
    vals = {ln.split(":")[0]: int(ln.split()[1]) for ln in text.splitlines() if ln.startswith(("VmRSS", "VmHWM"))}
    return vals.get("VmRSS", 0), vals.get("VmHWM", 0)


class Watcher:
    """A screen: asks for its view at every change of phase and notes when each change arrived."""

    def __init__(self, address: str, code: str, want: str | None) -> None:
        self.session = Session(address, code, timeout=120)
        self.want = want
        self.changes: list[float] = []
        self.view_ms: list[float] = []
        self.error: str = ""

    def run(self) -> None:
        s = self.session
        try:
            s.connect()
            key = None
            while not s.status.get("terminal"):
                k = (s.status.get("turn"), s.status.get("phase"), s.status.get("to_act"))
                if k != key:
                    key = k
                    self.changes.append(time.monotonic())
                    t = time.perf_counter()
                    s.observe(self.want)
                    self.view_ms.append((time.perf_counter() - t) * 1000)
                    continue
                s.pump(1.0)
        except Exception as e:  # reported in the result
            self.error = f"{type(e).__name__}: {e}"
        finally:
            s.close()


def load_run(scenario: str | Path, turns: int = 200, clients: int = 20, seed: int = 1,
             red: str = "random", blue: str = "random", timeout: float = 1800) -> dict[str, Any]:
    from engine.ai import make_policy
    from engine.analysis.playout import play_game
    from engine.game.game import load_game
    if clients < 3:
        raise ValueError("a load run needs the two seats and at least one screen")
    with tempfile.TemporaryDirectory(prefix="eastflank-load-") as tmp:
        variant = _long_variant(Path(scenario), turns, Path(tmp))
        game = load_game(variant)
        pols = {game.side_ids[0]: red, game.side_ids[1]: blue}
        env = dict(os.environ, PYTHONHASHSEED="0")
        srv = subprocess.Popen([sys.executable, "-m", "engine.cli", "serve", str(variant), "--seed", str(seed),
                                "--port", "0", "--until-over", "--autosave", str(Path(tmp) / "auto.json")],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
        try:
            first = srv.stdout.readline() if srv.stdout else ""
            if " on " not in first:
                raise RuntimeError(f"the server did not start: {first!r}")
            address = first.split(" on ")[1].split(";")[0]
            codes: dict[str, str] = {}
            while len(codes) < len(game.side_ids) + 2:
                w = (srv.stdout.readline() if srv.stdout else "").split()
                if len(w) == 2:
                    codes[w[0]] = w[1]
            sides = list(game.side_ids)
            wants = ["white"] + [s for s in sides for _ in range(3)]
            wants += ["projector"] * max(0, clients - 2 - len(wants))
            wants = wants[: clients - 2]
            watchers = [Watcher(address, codes[w], "all" if w == "white" else None) for w in wants]
            seat_res: dict[str, Any] = {}

            def seat(side: str) -> None:
                try:
                    seat_res[side] = play_seat(Session(address, codes[side], timeout=120), game, pols[side], retry=0)
                except Exception as e:  # reported in the result
                    seat_res[side] = f"{type(e).__name__}: {e}"

            threads = [threading.Thread(target=w.run, daemon=True) for w in watchers]
            for t in threads:
                t.start()
            time.sleep(0.5)  # the screens are up before the game starts moving
            t0 = time.monotonic()
            threads += [threading.Thread(target=seat, args=(s,), daemon=True) for s in sides]
            for t in threads[len(watchers):]:
                t.start()
            rss_max = hwm = 0
            while any(t.is_alive() for t in threads) and time.monotonic() - t0 < timeout:
                rss, h = _mem_kib(srv.pid)
                rss_max, hwm = max(rss_max, rss), max(hwm, h)
                time.sleep(0.25)
            wall = time.monotonic() - t0
            out = srv.communicate(timeout=60)[0]
        finally:
            if srv.poll() is None:
                srv.terminate()
                srv.wait(10)
        last = out.strip().splitlines()[-1] if out.strip() else ""
        gaps = [b - a for w in watchers for a, b in zip(w.changes, w.changes[1:])]
        local = play_game(game, seed, {s: make_policy(p) for s, p in pols.items()})[0]
        view_ms = sorted(x for w in watchers for x in w.view_ms)
        return {
            "clients": clients, "turns": turns, "seed": seed, "policies": pols, "roles": wants + sides,
            "wall_s": round(wall, 1),
            "orders": local["actions"],
            "phase_changes_seen": max((len(w.changes) for w in watchers), default=0),
            "server_rss_peak_mib": round(max(rss_max, hwm) / 1024, 1),
            "longest_wait_between_phases_s": round(max(gaps, default=0.0), 3),
            "mean_wait_between_phases_s": round(sum(gaps) / len(gaps), 4) if gaps else 0.0,
            "view_ms_p50": round(view_ms[len(view_ms) // 2], 1) if view_ms else 0.0,
            "view_ms_max": round(view_ms[-1], 1) if view_ms else 0.0,
            "errors": [w.error for w in watchers if w.error] + [v for v in seat_res.values() if isinstance(v, str)],
            "server_final": last,
            "hash_matches_playout": local["state_hash"][:16] in last,
        }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m engine.net.load", description=__doc__.split("\n\n")[0])
    p.add_argument("scenario", nargs="?", default=None)
    p.add_argument("--turns", type=int, default=200)
    p.add_argument("--clients", type=int, default=20)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--red", default="random")
    p.add_argument("--blue", default="random")
    a = p.parse_args(argv)
    from engine.game.game import DEFAULT_SCENARIO
    res = load_run(a.scenario or DEFAULT_SCENARIO, a.turns, a.clients, a.seed, a.red, a.blue)
    print(json.dumps(res, indent=1))
    return 0 if not res["errors"] and res["hash_matches_playout"] else 1


if __name__ == "__main__":
    sys.exit(main())

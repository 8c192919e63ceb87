"""Benchmark: playouts per second, ms per turn, time per phase, peak memory, scaling.

Any policy of the registry can be timed (``policy``), the same one for every
side. ``real_scaling`` times a policy on the real map with 1x..Nx the
scenario's units (copies placed on free land next to the originals), so the
cost of a turn as units grow is measured where the game is played. The
memory figure comes from a fresh interpreter (a subprocess) that traces
allocations from before the scenario is loaded: a cold start, not a warm
process whose caches are already full.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
import tracemalloc

import attrs

from engine.ai import make_policy
from engine.game.game import Game
from engine.analysis.playout import game_seeds
from engine.core.rng import Rng, derive_seed


#: Games at most when ``bench`` plays on to measure ``min_seconds``.
MAX_GAMES = 200
#: CPU seconds measured at least per size in ``real_scaling`` (the small sizes play more games).
SCALING_SECONDS = 2.0


def bench(game: Game, n: int = 50, seed: int = 1, trace_memory: bool = False, policy: str = "random",
          max_seconds: float | None = None, max_turns: int | None = None, min_seconds: float | None = None) -> dict:
    """Play ``n`` games with ``policy`` on every side and time them (CPU time of this process, so a
    busy machine does not slow the figures down); phase times are CPU time per phase.

    ``max_seconds`` stops after the game that crosses it (slow policies on big maps); the rates
    are then over the games played. ``max_turns`` stops each game after that many turns.
    ``min_seconds`` plays more games (the next seeds, up to MAX_GAMES) until that much time is
    measured: two short games are some 100 ms of CPU, too little to time (greedy's growth per doubling
    read 1.12 to 1.24 in four runs on the same code when its 35-unit time came from 8 turns; 1.13
    and 1.15 with 2 s).
    """
    phase_time: dict[str, float] = {p: 0.0 for p in game.phases}
    turns = actions = played = 0
    if trace_memory:
        tracemalloc.start()
    # CPU time of this process: the machine is shared, and wall time would measure the neighbours too
    clock = time.process_time
    w0 = time.perf_counter()
    t0 = clock()
    for gs in game_seeds(seed, n if min_seconds is None else max(n, MAX_GAMES)):
        if played >= n and (min_seconds is None or clock() - t0 >= min_seconds):
            break
        policies = {s: make_policy(policy) for s in game.side_ids}
        state = game.new_initial_state(gs)
        rngs = {s: Rng(derive_seed(gs, "policy", s)) for s in game.side_ids}
        while not state.is_terminal():
            if max_turns is not None and state.turn > max_turns:
                break
            ph = state.phase
            t = clock()
            side = state.current_player()
            assert side is not None  # a game that is not over always has a side to act
            state.apply_action(policies[side].choose(state, state.legal(), rngs[side]))
            phase_time[ph] += clock() - t
            actions += 1
        turns += state.turn if state.is_terminal() else state.turn - 1
        played += 1
        if max_seconds is not None and clock() - t0 > max_seconds:
            break
    wall = clock() - t0
    real = time.perf_counter() - w0
    peak = None
    if trace_memory:
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return {
        "scenario": game.scenario.id,
        "policy": policy,
        "units": len(game.scenario.units),
        "hexes": len(game.hexes),
        "games": played,
        "seconds": wall,
        "wall_seconds": real,
        "playouts_per_s": played / wall,
        "ms_per_turn": 1000 * wall / max(1, turns),
        "actions_per_s": actions / wall,
        "actions_per_game": actions / played,
        "phase_ms_per_game": {p: 1000 * v / played for p, v in phase_time.items()},
        "tracemalloc_peak_mb": peak,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def format_bench(r: dict) -> str:
    lines = [f"scenario {r['scenario']}: {r['units']} units, {r['hexes']} hexes, {r['games']} "
             f"{r.get('policy', 'random')} games",
             f"  {r['playouts_per_s']:.2f} playouts/s, {r['ms_per_turn']:.2f} ms/turn, "
             f"{r['actions_per_s']:.0f} actions/s, {r['actions_per_game']:.0f} actions/game"]
    lines.append("  per phase (CPU ms/game, time in apply_action incl. automatic phases that follow): " + ", ".join(
        f"{p} {v:.2f}" for p, v in r["phase_ms_per_game"].items()))
    mem = f"  max RSS {r['max_rss_mb']:.0f} MB"
    if r.get("tracemalloc_peak_mb") is not None:
        mem += f", traced peak {r['tracemalloc_peak_mb']:.1f} MB"
    if r.get("cold_peak_mb") is not None:
        mem += f"; cold start (fresh process, load + {r['cold_games']} games) traced peak {r['cold_peak_mb']:.1f} MB"
    lines.append(mem)
    return "\n".join(lines)


def cold_memory(scenario: str | None, synthetic, n: int, seed: int, policy: str) -> dict:
    """Peak traced memory of loading the game and playing ``n`` games, in a fresh interpreter."""
    code = ("import json,sys,tracemalloc;tracemalloc.start();"
            "from engine.analysis.playout import ScenarioFactory;"
            "from engine.analysis.bench import bench;"
            "a=json.loads(sys.argv[1]);g=ScenarioFactory(a['scenario'],a['synthetic'])();"
            "load=tracemalloc.get_traced_memory()[1];"
            "bench(g,a['n'],a['seed'],policy=a['policy']);"
            "print(json.dumps({'load_peak_mb':load/1e6,'peak_mb':tracemalloc.get_traced_memory()[1]/1e6}))")
    arg = json.dumps({"scenario": scenario, "synthetic": list(synthetic) if synthetic else None, "n": n,
                      "seed": seed, "policy": policy})
    out = subprocess.run([sys.executable, "-c", code, arg], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_parallel(factory, n: int, seed: int, jobs: int, policy: str = "random") -> dict:
    """Wall time of ``n`` games through the parallel playout runner (as ``playout --jobs``)."""
    from engine.analysis.playout import run_playouts
    t0 = time.perf_counter()
    game = factory()
    res = run_playouts(factory, n, seed, jobs=jobs, policy_names={s: policy for s in game.side_ids})
    wall = time.perf_counter() - t0
    return {"games": n, "jobs": jobs, "seconds": wall, "playouts_per_s": n / wall,
            "actions_per_s": sum(r["actions"] for r in res) / wall}


def scaling(cols: int, rows: int, units: int, turns: int = 10, n: int = 10, seed: int = 1,
            policy: str = "random") -> list[dict]:
    """ms per turn and actions/s on the synthetic theatre with 1x..4x ``units`` per side."""
    from engine.analysis.synthetic import synthetic_game
    out = []
    for k in (1, 2, 3, 4):
        g = synthetic_game(cols, rows, units * k, turns)
        r = bench(g, n, seed, policy=policy)
        out.append({"factor": k, "units": len(g.scenario.units), "ms_per_turn": r["ms_per_turn"],
                    "actions_per_s": r["actions_per_s"], "playouts_per_s": r["playouts_per_s"]})
    return out


def multiplied(game: Game, factor: int) -> Game:
    """The same scenario on the same map with ``factor`` x its units: each copy on the nearest
    free land hex of its own side's original (breadth-first, in hex order; deterministic)."""
    from engine.scenario.model import UnitSpec  # noqa: F401 (attrs.evolve keeps the type)
    if factor <= 1:
        return game
    sc = game.scenario
    idx, hexes, land, nbrs = game.index, game.hexes, game.land, game.nbrs
    limit = max(1, game.rules.movement.stacking_limit)
    count: dict[int, int] = {}
    for u in sc.units:
        i = idx.get(u.location)
        if i is not None:
            count[i] = count.get(i, 0) + 1
    out = list(sc.units)
    for k in range(1, factor):
        for u in sc.units:
            start = idx.get(u.location)
            if start is None:
                continue
            seen, frontier, spot = {start}, [start], None
            while frontier and spot is None:
                nxt = []
                for i in frontier:
                    if land[i] and count.get(i, 0) < limit and i != start:
                        spot = i
                        break
                    for j in nbrs[i]:
                        if j not in seen and land[j]:
                            seen.add(j)
                            nxt.append(j)
                frontier = sorted(nxt)
            if spot is None:
                continue
            count[spot] = count.get(spot, 0) + 1
            out.append(attrs.evolve(u, id=f"{u.id}~{k}", location=hexes[spot]))
    return Game(attrs.evolve(sc, units=tuple(out), digest=f"{sc.digest}x{factor}"), game.map)


def real_scaling(game: Game, factors=(1, 2, 4, 8), n: int = 2, seed: int = 1, policy: str = "random",
                 max_seconds: float = 60.0, turns: int | None = 4) -> list[dict]:
    """ms per turn of ``policy`` on the real map with each factor x the scenario's units
    (the first ``turns`` turns of each game, so every factor times the same stretch of play; at least
    ``n`` games and SCALING_SECONDS of CPU time per factor)."""
    out = []
    for k in factors:
        g = multiplied(game, k)
        # one untimed game (another seed) first: the per-Game search caches are warm, as in a Monte Carlo run
        bench(g, 1, seed + 1, policy=policy, max_seconds=max_seconds, max_turns=turns)
        r = bench(g, n, seed, policy=policy, max_seconds=max_seconds, max_turns=turns, min_seconds=SCALING_SECONDS)
        out.append({"factor": k, "units": len(g.scenario.units), "ms_per_turn": r["ms_per_turn"],
                    "actions_per_s": r["actions_per_s"], "playouts_per_s": r["playouts_per_s"],
                    "games": r["games"]})
    return out


def growth_per_doubling(rows: list[dict]) -> float:
    """Growth of (ms/turn per unit) from the first row to the last, per doubling of units:
    1.0 = linear; 1.2 = 20 % over linear per doubling."""
    import math
    a, b = rows[0], rows[-1]
    ua, ub = a["units"], b["units"]
    if ub <= ua or a["ms_per_turn"] <= 0:
        return 1.0
    per = (b["ms_per_turn"] / ub) / (a["ms_per_turn"] / ua)
    return per ** (1.0 / math.log2(ub / ua))


def format_scaling(rows: list[dict], label: str) -> str:
    lines = [f"  units scaling ({label}):"]
    for row in rows:
        lines.append(f"    {row['factor']}x: {row['units']} units  {row['ms_per_turn']:.2f} ms/turn  "
                     f"{row['actions_per_s']:.0f} actions/s  ({row['ms_per_turn'] / rows[0]['ms_per_turn']:.2f}x "
                     f"the 1x time)")
    lines.append(f"    growth per doubling above linear: {growth_per_doubling(rows):.2f}x (1.00 = linear)")
    return "\n".join(lines)


def _factors(text: str) -> tuple[int, ...]:
    from engine.errors import EngineError
    try:
        fs = tuple(int(x) for x in text.split(",") if x.strip())
    except ValueError:
        fs = ()
    if not fs or min(fs) < 1:
        raise EngineError(f"bench: --real-scaling {text!r}: expected factors like 1,2,4,8")
    return fs


def _check_room(game: Game, factors: tuple[int, ...]) -> None:
    """Refuse a factor whose copies cannot all stand on the map (land hexes x the stacking limit): past
    that :func:`multiplied` searched the whole map for every copy it could not place, so
    ``--real-scaling 1000000000`` ran without end instead of timing anything."""
    from engine.errors import EngineError
    room = sum(1 for x in game.land if x) * max(1, game.rules.movement.stacking_limit)
    units = max(1, len(game.scenario.units))
    top = max(1, room // units)
    big = [k for k in factors if k > top]
    if big:
        raise EngineError(f"bench: --real-scaling {max(big)}: {max(big) * units} units do not fit on the map "
                          f"(room for {room}: land hexes x the stacking limit); expected factors up to {top}")


def run_bench_cli(args, factory, stdout=None) -> int:
    """The ``bench`` verb: one block per policy, then the scaling tables (JSON with --json; ``-``: ``stdout``)."""
    stdout = stdout if stdout is not None else sys.stdout
    from engine.errors import EngineError
    if args.n < 1 or args.jobs < 1:
        raise EngineError("bench: -n and --jobs must be at least 1")
    policies = args.policy or ["random"]
    for p in policies:
        make_policy(p)  # unknown names fail here with the list of known ones
    factors = _factors(args.real_scaling) if args.real_scaling else None
    if getattr(args, "baseline", None):
        _baseline(args.baseline)  # a bad file fails before any game
    t0 = time.perf_counter()
    game = factory()
    load = time.perf_counter() - t0
    if factors:
        _check_room(game, factors)
    print(f"load {load:.2f} s")
    out: dict = {"load_seconds": load, "policies": {}, "loadavg": _loadavg()}
    for pol in policies:
        r = bench(game, args.n, args.seed, policy=pol)
        mem = bench(game, max(1, min(5, args.n)), args.seed, trace_memory=True, policy=pol)
        r["tracemalloc_peak_mb"] = mem["tracemalloc_peak_mb"]
        if args.cold:
            c = cold_memory(getattr(factory, "path", None), getattr(factory, "synthetic", None),
                            max(1, min(5, args.n)), args.seed, pol)
            r["cold_peak_mb"], r["cold_load_peak_mb"], r["cold_games"] = c["peak_mb"], c["load_peak_mb"], \
                max(1, min(5, args.n))
        print(format_bench(r))
        if args.jobs > 1:
            par = bench_parallel(factory, args.n, args.seed, args.jobs, pol)
            r["parallel"] = par
            print(f"  with --jobs {args.jobs}: {par['playouts_per_s']:.1f} playouts/s "
                  f"({par['games']} games in {par['seconds']:.2f} s; 1000 games ≈ "
                  f"{1000 / par['playouts_per_s']:.0f} s)")
        if args.scaling:
            cols, nrows, units, turns = args.scaling
            rows = scaling(cols, nrows, units, turns, n=max(2, args.n // 5), seed=args.seed, policy=pol)
            r["scaling"] = rows
            print(format_scaling(rows, f"synthetic {cols}x{nrows}, {pol} policy"))
        if factors:
            rows = real_scaling(game, factors, n=max(1, min(2, args.n)), seed=args.seed, policy=pol)
            r["real_scaling"] = rows
            r["growth_per_doubling"] = growth_per_doubling(rows)
            print(format_scaling(rows, f"real map, {game.scenario.id}, {pol} policy"))
        out["policies"][pol] = r
        sys.stdout.flush()
    markdown_out = getattr(args, "markdown_out", None)
    if markdown_out:
        base = _baseline(args.baseline) if getattr(args, "baseline", None) else None
        _write(markdown_out, format_markdown(out, base, _command(args)), stdout)
    if args.json_out:
        text = json.dumps(out, indent=1, sort_keys=True) + "\n"
        if args.json_out == "-":
            sys.stdout.flush()
            stdout.write(text)
            stdout.flush()
        else:
            from engine.safeio import write_atomic
            write_atomic(args.json_out, text)
    return 0


def _baseline(path: str) -> dict:
    """An earlier ``bench --json`` file (EngineError naming the file if it is not one)."""
    from engine.errors import EngineError
    from engine.safeio import UnsafePathError, read_regular
    try:
        d = json.loads(read_regular(path, 1 << 24).decode("utf-8"))
    except RecursionError:
        raise EngineError(f"bench: --baseline {path}: not a bench --json file (JSON nested too deeply)") from None
    except (OSError, ValueError, UnsafePathError) as e:
        raise EngineError(f"bench: --baseline {path}: not a bench --json file ({e})") from None
    bad = _baseline_problem(d)
    if bad:
        raise EngineError(f"bench: --baseline {path}: not a bench --json file ({bad})")
    return d


def _baseline_problem(d: object) -> str | None:
    """What is wrong with an earlier --json for the report (the fields format_markdown reads), or None."""
    def num(v: object) -> bool:
        return v is None or isinstance(v, (int, float)) and not isinstance(v, bool)
    if not isinstance(d, dict):
        return f"expected a JSON object, got {type(d).__name__}"
    if not isinstance(d.get("policies"), dict):
        return "no 'policies' object"
    la = d.get("loadavg")
    if la is not None and not (isinstance(la, list) and all(num(x) for x in la)):
        return "loadavg: expected a list of numbers"
    keys = ("playouts_per_s", "ms_per_turn", "actions_per_s", "tracemalloc_peak_mb", "cold_peak_mb",
            "growth_per_doubling")
    for pol, r in d["policies"].items():
        if not isinstance(r, dict):
            return f"policies.{pol}: expected an object of figures"
        for k in keys:
            if not num(r.get(k)):
                return f"policies.{pol}.{k}: expected a number (got {json.dumps(r.get(k))[:40]})"
    return None


def _loadavg() -> list[float] | None:
    """The machine's 1, 5 and 15 minute load averages (a shared machine slows the figures)."""
    try:
        import os
        return [round(x, 2) for x in os.getloadavg()]
    except (OSError, AttributeError):
        return None


def _command(args) -> str:
    parts = ["eastflank bench"]
    if getattr(args, "scenario", None):
        parts.append(str(args.scenario))
    parts.append(f"-n {args.n}")
    for p in args.policy or ["random"]:
        parts.append(f"--policy {p}")
    if args.real_scaling:
        parts.append(f"--real-scaling {args.real_scaling}")
    if args.cold:
        parts.append("--cold")
    return " ".join(parts)


def _write(path: str, text: str, stdout) -> None:
    if path == "-":
        sys.stdout.flush()
        stdout.write(text)
        stdout.flush()
    else:
        from engine.safeio import write_atomic
        write_atomic(path, text)


def format_markdown(out: dict, base: dict | None = None, command: str = "eastflank bench") -> str:
    """The bench as a Markdown report: one row per policy, then scaling per policy (``base``: an
    earlier run's --json, shown beside)."""
    def fig(r: dict | None, key: str, f: str) -> str:
        return "-" if r is None or r.get(key) is None else format(r[key], f)

    bp = (base or {}).get("policies", {})
    la = out.get("loadavg")
    lines = ["# Bench", "", f"Generated by `{command}`" + (" (with `--baseline` for the before column)" if base else "")
             + ". CPU time of one process, one core; the machine is shared, so the load is given.", "",
             f"Load average (1, 5, 15 min) while measuring: {', '.join(map(str, la)) if la else 'unknown'}"
             + (f"; baseline run: {', '.join(map(str, base['loadavg']))}" if base and base.get("loadavg") else "")
             + ".", ""]
    cols = [("playouts/s", "playouts_per_s", ".2f"), ("ms/turn", "ms_per_turn", ".1f"),
            ("orders/s", "actions_per_s", ".0f"), ("traced peak MB", "tracemalloc_peak_mb", ".1f"),
            ("cold peak MB", "cold_peak_mb", ".1f")]
    head = ["policy", "units", "games"]
    for name, _, _ in cols:
        head += [f"{name} before", name] if base else [name]
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for pol, r in out["policies"].items():
        row = [pol, str(r["units"]), str(r["games"])]
        for _, key, f in cols:
            row += [fig(bp.get(pol), key, f), fig(r, key, f)] if base else [fig(r, key, f)]
        lines.append("| " + " | ".join(row) + " |")
    scaled = [(p, r) for p, r in out["policies"].items() if r.get("real_scaling")]
    if scaled:
        lines += ["", "## Cost per turn as units grow (real map, first 4 turns of each game)", "",
                  "Growth per doubling of units above linear: 1.00 = linear (target <= 1.20).", ""]
        head = ["policy", "growth per doubling"] + (["before"] if base else [])
        head += [f"{row['units']} units ms/turn" for row in scaled[0][1]["real_scaling"]]
        lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for pol, r in scaled:
            b = bp.get(pol, {})
            row = [pol, f"{r['growth_per_doubling']:.2f}"]
            if base:
                row.append(f"{b['growth_per_doubling']:.2f}" if b.get("growth_per_doubling") else "-")
            row += [f"{x['ms_per_turn']:.1f}" for x in r["real_scaling"]]
            lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"

"""A sweep's table from compact tallies: the same bytes as when every game's whole result was kept, in a
fraction of the memory (2,000 games: 14.7 MB peak before, under 1 MB now), for a live sweep, a resume and a
merge."""

from __future__ import annotations

import hashlib
import json
import random
import tracemalloc
from pathlib import Path

from engine.analysis import sweep as S
from engine.analysis.montecarlo import Tally, summarize
from engine.analysis.sweeptable import format_table, sweep_rows
from engine.cli import main
from engine.core.rng import derive_seed

FORMAT = S.FORMAT


def synth_result(rng: random.Random, g: int) -> dict:
    turns = rng.randint(3, 10)
    winner = rng.choice(["red", "blue", "draw", None, "red"])
    hist = {t: [rng.randint(0, 100) for _ in range(rng.randint(turns - 2, turns))] for t in ("tension", "escalation")}
    if rng.random() < 0.2:
        hist["cohesion"] = [rng.randint(0, 5) for _ in range(rng.randint(0, 4))]
    mets = {"tension_max": float(rng.randint(0, 100)), "shots": rng.choice([0, 0, 0, 1, 2, 7, 30]),
            "flag": rng.choice([0, 1]), "delay": rng.choice([None, rng.uniform(-3, 9)])}
    if rng.random() < 0.3:
        mets["rare"] = rng.random()
    r = {"seed": 0, "winner": winner, "turns": turns, "actions": rng.randint(20, 400),
         "score": {"red": rng.randint(0, 9), "blue": rng.randint(0, 9)} if rng.random() < 0.9 else {},
         "reason": "x", "state_hash": f"{g:08x}",
         "tracks": {"tension": rng.randint(0, 100), "escalation": rng.randint(0, 100)},
         "steps_lost": {"red": rng.randint(0, 12), "blue": rng.randint(0, 12)},
         "units_left": {"red": rng.randint(0, 9), "blue": rng.randint(0, 9)},
         "unit_losses": {f"unit_{k:02d}": rng.randint(0, 3) for k in range(40)},
         "objectives": {"Minsk": rng.choice(["red", "blue", ""]), "Brest": rng.choice(["red", "red", "blue"])},
         "track_history": hist, "metrics": mets, "policies": {"red": "random", "blue": "random"}}
    if rng.random() < 0.8:
        r["hours"] = float(turns * 24)
        r["clock"] = f"2020-10-{1 + turns:02d} 06:00"
    if rng.random() < 0.05:
        r["score"]["green"] = 1
        r["winner"] = "green" if rng.random() < 0.5 else r["winner"]
    return r


def synth_lines(n: int = 40, seed: int = 7, variants: tuple = ("turns=6", "turns=8", "turns=10"),
                drop: float = 0.1) -> list[str]:
    """A header and the games of 3 variants in a shuffled (completion) order, some games missing."""
    rng = random.Random(seed)
    header = {"format": FORMAT, "bounds": [{"turns": [1, int(v.split("=")[1])], "track:tension": [0, 100]} for v in variants],
              "variants": list(variants), "settings": [[["turns", int(v.split("=")[1])]] for v in variants],
              "n": n, "seed": 5, "policies": {"blue": "random", "red": "random"}, "metrics": []}
    rows = []
    for v in variants:
        for g in range(n):
            if rng.random() < drop:
                continue
            rows.append({"variant": v, "game": g, "seed": derive_seed(5, "game", g), "result": synth_result(rng, g)})
    rng.shuffle(rows)
    return [json.dumps(header, sort_keys=True)] + [json.dumps(r, sort_keys=True) for r in rows]


#: eastflank merge of synth_lines() by the code before the tallies (commit 92b9b32): --table, --json, --out.
RECORDED = {"t.md": "5d34df5358c47fcbe88e069b562ea884c9315b0c1a66fbddfe5699928fe7416e",
            "j.json": "cf909d84fc422fec246ca819c5b01e4f30fc823ef8bc5aa556fc3158dbbca44e",
            "m.jsonl": "676a1a7acd06302fae4286ec2253c16faa05650299286515af1584652cd204a8"}
#: The table of the 2,000 games of _big() by the same code.
RECORDED_BIG = "2ab1bbfea566e8a325a2427d2e23f1c688e065c3f12dc354a3280682f2244225"


def test_merge_writes_what_the_old_code_wrote(tmp_path: Path, capsys) -> None:
    p = tmp_path / "synth.jsonl"
    p.write_text("\n".join(synth_lines()) + "\n")
    assert main(["merge", str(p), "--out", str(tmp_path / "m.jsonl"), "--table", str(tmp_path / "t.md"),
                 "--json", str(tmp_path / "j.json")]) == 0
    for name, digest in RECORDED.items():
        assert hashlib.sha256((tmp_path / name).read_bytes()).hexdigest() == digest, name


def _big(tmp_path: Path) -> tuple[Path, dict, list[dict]]:
    lines = synth_lines(n=1000, seed=3, variants=("turns=6", "turns=8"), drop=0.0)
    p = tmp_path / "big.jsonl"
    p.write_text("\n".join(lines) + "\n")
    return p, json.loads(lines[0]), [json.loads(x) for x in lines[1:]]


def _peak(fn) -> tuple[float, object]:
    tracemalloc.start()
    try:
        out = fn()
        return tracemalloc.get_traced_memory()[1] / 1e6, out
    finally:
        tracemalloc.stop()


def test_two_thousand_games_take_little_memory_and_give_the_same_table(tmp_path: Path) -> None:
    """Peaks measured with the code before the tallies: live 14.7 MB, resume 20.2 MB, merge 20.6 MB."""
    p, header, rows = _big(tmp_path)

    def live() -> str:
        rf = S.ResultsFile(None, header)
        for r in rows:  # each result a fresh object, as from a worker
            rf.add(r["variant"], r["game"], r["seed"], json.loads(json.dumps(r["result"])))
        return format_table(sweep_rows(header, rf.tallies))

    def resume() -> str:
        rf = S.ResultsFile(str(p), header)
        rf.close()
        return format_table(sweep_rows(header, rf.tallies))

    def merge() -> str:
        m = S.merge_files([str(p)])
        return format_table(sweep_rows(m.header, m.tallies))
    for fn, limit in ((live, 2.0), (resume, 2.0), (merge, 3.0)):
        mb, table = _peak(fn)
        assert hashlib.sha256(str(table).encode()).hexdigest() == RECORDED_BIG, fn.__name__
        assert mb < limit, f"{fn.__name__}: {mb:.1f} MB"


def test_a_tally_is_the_summary_in_any_order() -> None:
    """Games arrive in any order (workers, a resume): the summary is that of the results in game order."""
    rng = random.Random(4)
    results = [synth_result(rng, g) for g in range(300)]
    results[7]["track_history"]["tension"] = [1.5, 2.25]  # fractional values add up exactly too
    bounds = {"turns": [1, 10], "track:tension": [0, 100]}
    tally = Tally()
    order = list(range(300))
    rng.shuffle(order)
    for i in order:
        tally.add(i, results[i])
    assert json.dumps(tally.summary(bounds)) == json.dumps(summarize(results, bounds))
    assert summarize([]) == Tally().summary()


def test_a_game_twice_in_a_results_file_counts_once(tmp_path: Path) -> None:
    lines = synth_lines(n=5, drop=0.0)
    p = tmp_path / "r.jsonl"
    p.write_text("\n".join(lines + [lines[3]]) + "\n")
    m = S.merge_files([str(p)])
    assert len(m.done) == 15 and sum(t.n for t in m.tallies.values()) == 15

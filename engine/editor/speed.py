"""How long one editor edit takes on a big scenario: ``python -m engine.editor.speed [--units 535,1000]``.

A measurement, not a test; CPU time of this process (the machine is shared: wall time would measure the
neighbours too). The big scenario is a shipped one (baseline-2020) with copies of its units
placed on free land next to the originals (:func:`engine.analysis.bench.multiplied`, the same rule
the bench's real-map scaling uses), written into the file as ``{id: .._cK, ...}`` lines below the
originals, so the file keeps the author's comments and layout. Each edit goes through
:class:`engine.editor.model.EditorModel` (what a click in the editor does: change the text, read it
back, validate it live); ``--cli`` also times ``eastflank scenario set`` (:func:`engine.scenario.edit.edit`:
open, change, validate, write). ``--profile`` prints where the time goes (cProfile, cumulative).
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent.parent
KINDS = ("set strength", "move", "add", "delete")


def big_scenario(folder: Path, units: int, source: Path | None = None) -> Path:
    """A copy of the scenario folder in ``folder`` plus ``big-N.yaml``: ``source`` with ``units`` units."""
    from engine.analysis.bench import multiplied
    from engine.game.game import load_game

    source = source or ROOT / "scenarios" / "baseline-2020.yaml"
    dst = folder / "scenarios"
    if not dst.exists():
        shutil.copytree(source.parent, dst, ignore=shutil.ignore_patterns("schema", "images"))
    game = load_game(str(source))
    own = len(game.scenario.units)
    factor = max(1, -(-units // max(1, own)))
    copies = [u for u in multiplied(game, factor).scenario.units if "~" in u.id][:max(0, units - own)]
    text = source.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    row = {m.group(1): (i, line) for i, line in enumerate(lines) if (m := re.match(r"  - \{id: ([\w.-]+),", line))}
    last = max(row[u.id][0] for u in game.scenario.units if u.id in row)
    made = []
    for u in copies:
        uid, k = u.id.split("~")
        lat, lon = game.map.latlon(u.location)
        line = row[uid][1].replace(f"{{id: {uid},", f"{{id: {uid}_c{k},", 1)
        line = re.sub(r"location: (\{[^}]*\}|[^,}]+)", f"location: {{lat: {lat:.4f}, lon: {lon:.4f}}}", line, count=1)
        made.append(line)
    lines[last + 1:last + 1] = made
    out = dst / f"big-{units}.yaml"
    out.write_text("".join(lines).replace("id: baseline-2020\n", f"id: big-{units}\n", 1), encoding="utf-8")
    return out


def editor_edits(path: Path, rounds: int = 3) -> dict[str, list[float]]:
    """CPU seconds per editor edit of each kind (``rounds`` of each, on different units), after the editor
    window's own start (which opens the session: ``open`` in the result, once)."""
    from engine.editor.model import EditorModel

    m = EditorModel(path)
    assert m.scenario is not None and m.valid, m.problems
    out: dict[str, list[float]] = {k: [] for k in KINDS}
    if hasattr(m, "session"):  # as the editor window does when it opens
        t = time.process_time()
        m.session()
        out["open (once)"] = [time.process_time() - t]
    sc = m.scenario
    units = [u for u in sc.units if "_c" in u.id] or list(sc.units)
    strong = [u for u in units if u.strength >= 2]  # set strength: one step less
    spare = [h for h in _free_land(m)][:rounds]

    def timed(kind: str, fn: Callable[[], Any]) -> None:
        t = time.process_time()
        fn()
        out[kind].append(time.process_time() - t)
        assert m.valid, (kind, m.message, m.problems[:3])

    for r in range(rounds):
        u = strong[(r * 37) % len(strong)]
        timed("set strength", lambda: m.set_field(f"units.{u.id}.strength", u.strength - 1))
        timed("move", lambda: m.move_unit(units[(r * 53 + 11) % len(units)].id, spare[r]))
        added: list[str] = []
        timed("add", lambda: added.append(m.place_unit(u.type, u.side, spare[r])))
        timed("delete", lambda: m.delete_unit(units[(r * 71 + 5) % len(units)].id))
    return out


def cli_edits(path: Path, rounds: int = 3) -> list[float]:
    """Seconds per ``eastflank scenario set FILE units.ID.strength=N`` (open, change, validate, write)."""
    from engine.scenario import edit as E
    from engine.scenario.loader import load_scenario

    strong = [u for u in load_scenario(path).units if u.strength >= 2]
    out = []
    for r in range(rounds):
        u = strong[(r * 41 + 3) % len(strong)]
        t = time.process_time()
        E.edit(path, lambda d: d.set(f"units.{u.id}.strength", u.strength - 1))
        out.append(time.process_time() - t)
    return out


def _free_land(m: Any):
    """Land hexes with no unit, nearest hex (0, 0) first (a move or a new unit there is valid)."""
    from engine.scenario.loader import load_map
    sc = m.scenario
    tmap = load_map(sc.map_path)
    held = {u.location for u in sc.units}
    land = [h for h in tmap.hexes() if tmap.is_land(h) and h not in held]
    land.sort(key=lambda h: (abs(h.q) + abs(h.r), h.q, h.r))
    return land


def measure(units: int, rounds: int = 3, cli: bool = False, folder: Path | None = None) -> dict[str, Any]:
    """ms per edit of each kind (median of ``rounds``) on a baseline-2020 with ``units`` units."""
    with tempfile.TemporaryDirectory(prefix="eastflank-editspeed-") as tmp:
        path = big_scenario(Path(folder or tmp), units)
        res = {k: 1000 * statistics.median(v) for k, v in editor_edits(path, rounds).items()}
        if cli:
            res["cli set"] = 1000 * statistics.median(cli_edits(path, rounds))
        return {"units": units, "ms": res}


def format_measure(r: dict[str, Any]) -> str:
    return f"  {r['units']} units: " + ", ".join(f"{k} {v:.0f} ms" for k, v in r["ms"].items())


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m engine.editor.speed", description=__doc__.splitlines()[0])
    p.add_argument("--units", default="535,1000", help="unit counts, comma-separated (default 535,1000)")
    p.add_argument("--rounds", type=int, default=3, help="edits of each kind (the median is shown)")
    p.add_argument("--cli", action="store_true", help="also time 'eastflank scenario set' (validates and writes)")
    p.add_argument("--profile", metavar="KIND", choices=KINDS + ("all",), default=None,
                   help="profile this kind of edit at the first unit count (cProfile, top 30 cumulative)")
    a = p.parse_args(argv)
    counts = [int(x) for x in a.units.split(",") if x.strip()]
    if a.profile:
        return _profile(counts[0], a.profile)
    print(f"editor: CPU ms per edit (median of {a.rounds}), through EditorModel")
    for n in counts:
        print(format_measure(measure(n, a.rounds, a.cli)))
        sys.stdout.flush()
    return 0


def _profile(units: int, kind: str) -> int:
    import cProfile
    import pstats

    from engine.editor.model import EditorModel
    with tempfile.TemporaryDirectory(prefix="eastflank-editspeed-") as tmp:
        path = big_scenario(Path(tmp), units)
        m = EditorModel(path)
        assert m.scenario is not None
        if hasattr(m, "session"):
            m.session()
        u = [x for x in m.scenario.units if "_c" in x.id and x.strength >= 2][7]
        h = _free_land(m)[0]
        edits = {"set strength": lambda: m.set_field(f"units.{u.id}.strength", 1),
                 "move": lambda: m.move_unit(u.id, h),
                 "add": lambda: m.place_unit(u.type, u.side, _free_land(m)[1]),
                 "delete": lambda: m.delete_unit(u.id)}
        pr = cProfile.Profile()
        for k in KINDS if kind == "all" else (kind,):
            pr.enable()
            edits[k]()
            pr.disable()
        pstats.Stats(pr).sort_stats("cumulative").print_stats(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())

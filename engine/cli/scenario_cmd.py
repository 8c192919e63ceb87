"""CLI verbs for scenario files: ``validate``, ``schema``, ``scenario show``."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from typing import Any

from engine.errors import ScenarioError
from engine.scenario.model import Scenario


def register(sub: Any) -> None:
    p = sub.add_parser("validate", help="check scenario files; exit 2 with every problem, one per line")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("schema", help="print the JSON Schema of the scenario format (for YAML editors)")
    p.add_argument("--rules", action="store_true", help="the schema of a shared rules file instead")
    p.set_defaults(func=cmd_schema)
    p = sub.add_parser("scenario", help="scenario tools")
    ssub = p.add_subparsers(dest="scenario_verb", metavar="VERB")
    s = ssub.add_parser("show", help="summarise a scenario: sides, forces, bases, events, options, tracks")
    s.add_argument("file", metavar="FILE")
    s.add_argument("--json", action="store_true", help="machine-readable summary")
    s.add_argument("--counts", action="store_true", help="only the counts, not where each unit and base stands")
    s.set_defaults(func=cmd_show)
    s = ssub.add_parser("catalogue", help="the unit types of the rules as a Markdown table (name, side, values, use)")
    s.add_argument("files", nargs="*", metavar="SCENARIO",
                   help="scenarios whose rules and units to use (default: every scenario in scenarios/)")
    s.add_argument("--guide", default=None, metavar="README.md",
                   help="write the table into this guide between its catalogue markers")
    s.set_defaults(func=cmd_catalogue)
    from engine.cli.edit_cmd import register_scenario
    register_scenario(ssub)
    p.set_defaults(func=lambda a: (p.print_help(), 0)[1])


def cmd_validate(args: argparse.Namespace) -> int:
    from engine.scenario.loader import load_scenario
    bad = 0
    for f in args.files:
        try:
            sc = load_scenario(f)
        except ScenarioError as e:
            bad += 1
            for prob in e.problems:
                print(prob, file=sys.stderr)
            continue
        print(f"{f}: OK ({sc.id}: {len(sc.units)} units, {len(sc.bases)} bases, {len(sc.events)} events, "
              f"{len(sc.options)} options)")
        warning = id_warning(f, sc.id)
        if warning:
            print(warning, file=sys.stderr)
    return 2 if bad else 0


def id_warning(path: str, sid: str) -> str:
    """A scenario is found by its id: a file named otherwise is a trap (the id wins in saves and results)."""
    from pathlib import Path
    stem = Path(path).stem
    if stem == sid:
        return ""
    return (f"{path}: warning: id {sid!r} differs from the file name {stem!r} "
            f"(rename the file to {sid}.yaml, or set id: {stem})")


def cmd_schema(args: argparse.Namespace) -> int:
    from engine.scenario.schema import dumps
    sys.stdout.write(dumps("rules" if args.rules else "scenario"))
    return 0


def summary(sc: Scenario) -> dict[str, Any]:
    """The numbers ``scenario show --json`` prints (stable key order)."""
    sides = [s.id for s in sc.sides]
    by_side = Counter(u.side for u in sc.units)
    forces: dict[str, dict[str, int]] = {s: {} for s in sides}
    for u in sc.units:
        forces[u.side][u.type] = forces[u.side].get(u.type, 0) + 1
    return {
        "id": sc.id, "title": sc.title, "start_date": sc.start_date, "turns": sc.turns, "turn_hours": sc.turn_hours,
        "rate_hours": sc.rules.time.rate_hours,
        "sides": sides,
        "units": len(sc.units), "units_by_side": {s: by_side.get(s, 0) for s in sides},
        "forces": {s: dict(sorted(forces[s].items())) for s in sides},
        "bases": len(sc.bases), "rotations": len(sc.rotations),
        "reinforcements": sum(1 for e in sc.schedule if e.kind == "add"),
        "withdrawals": sum(1 for e in sc.schedule if e.kind == "remove"),
        "events": len(sc.events),
        "options": {s: sum(1 for o in sc.options if o.side == s) for s in sides},
        "tracks": len(sc.tracks), "objectives": len(sc.victory.objectives), "digest": sc.digest,
    }


def cmd_show(args: argparse.Namespace) -> int:
    from engine.scenario.describe import position_lines, positions
    from engine.scenario.loader import load_map, load_scenario
    sc = load_scenario(args.file)
    info = summary(sc)
    if args.json:
        if not args.counts:
            info["positions"] = positions(sc, load_map(sc.map_path))
        print(json.dumps(info, indent=2, ensure_ascii=False))
        return 0
    from engine.rules.clock import scenario_clock
    t0, t1 = scenario_clock(sc, 1), scenario_clock(sc, sc.turns + 1)
    out = [f"{sc.title}  [{sc.id}]",
           f"start {sc.start_date}, {sc.turns} turns of {sc.turn_hours} h, fog of war {'on' if sc.fog_of_war else 'off'}",
           f"clock: turn 1 starts {t0:%Y-%m-%d %H:%M} (H-hour), the last ends {t1:%Y-%m-%d %H:%M} "
           f"(H+{sc.turns * sc.turn_hours} h); rates are per {sc.rules.time.rate_hours} h"]
    for s in sc.sides:
        out.append(f"side {s.id}: {s.name} ({', '.join(s.nations)}), {info['units_by_side'][s.id]} units")
        names = {t: sc.rules.unit_types[t].name for t in info["forces"][s.id]}
        for t, n in info["forces"][s.id].items():
            out.append(f"  {n:3d} × {names[t]}")
    out.append(f"units {info['units']}, bases {info['bases']}, rotations {info['rotations']}, "
               f"reinforcements {info['reinforcements']}, withdrawals {info['withdrawals']}, "
               f"events {info['events']}, tracks {info['tracks']}")
    out.append("options " + ", ".join(f"{s} {n}" for s, n in info["options"].items()))
    out.append(f"digest {sc.digest}")
    if not args.counts:
        out.append("")
        out += position_lines(sc, load_map(sc.map_path))
    print("\n".join(out))
    return 0


CATALOGUE_START = "<!-- unit catalogue: generated by `eastflank scenario catalogue --guide scenarios/README.md` -->"
CATALOGUE_END = "<!-- end of unit catalogue -->"


def shipped_scenarios() -> list[str]:
    from pathlib import Path
    root = Path(__file__).resolve().parents[2] / "scenarios"
    return [str(p) for p in sorted(root.glob("*.yaml"))]


def catalogue(files: list[str]) -> str:
    """The unit type catalogue of the rules the given scenarios use (the first scenario's rules)."""
    from engine.errors import EngineError
    from engine.scenario.describe import catalogue_markdown
    from engine.scenario.loader import load_scenario
    scs = [load_scenario(f) for f in files or shipped_scenarios()]
    if not scs:
        raise EngineError("scenario catalogue: no scenario to read the rules from")
    return catalogue_markdown(scs[0].rules, scs)


def cmd_catalogue(args: argparse.Namespace) -> int:
    from pathlib import Path
    from engine.errors import EngineError
    from engine.scenario.edit import write_atomic
    table = catalogue(args.files)
    if not args.guide:
        sys.stdout.write(table)
        return 0
    guide = Path(args.guide)
    try:
        text = guide.read_text(encoding="utf-8")
    except OSError as e:
        raise EngineError(f"{guide}: cannot read ({e.strerror})") from None
    if CATALOGUE_START not in text or CATALOGUE_END not in text:
        raise EngineError(f"{guide}: no catalogue markers (put these two lines where the table goes:\n"
                          f"{CATALOGUE_START}\n{CATALOGUE_END})")
    head, rest = text.split(CATALOGUE_START, 1)
    tail = rest.split(CATALOGUE_END, 1)[1]
    write_atomic(guide, f"{head}{CATALOGUE_START}\n{table}{CATALOGUE_END}{tail}")
    print(f"wrote the catalogue of {table.count(chr(10)) - 2} unit types into {guide}")
    return 0

"""Scenario edit verbs for scripts: ``scenario new|set|add-unit|move-unit|remove-unit|add-option``.

Each goes through :func:`engine.scenario.edit.edit`: comments and layout kept,
only the changed lines differ, the result validated by the loader before the
file is replaced; an invalid edit is refused (exit 2) and the file left as it was.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sys
from pathlib import Path
from typing import Any, Callable

from engine.errors import EngineError
from engine.scenario import edit as E


def register_scenario(ssub: Any) -> None:
    """Add the edit verbs under ``eastflank scenario``."""
    s = ssub.add_parser("new", help="create a variant of a scenario (extends:) to edit")
    s.add_argument("name", metavar="NAME", help="id of the new scenario, also its file name")
    s.add_argument("--from", dest="base", required=True, metavar="SCENARIO",
                   help="the base: a file, or an id in scenarios/ (baseline-2020)")
    s.add_argument("--title", default="", help="its title (default: the base's title + the name)")
    s.add_argument("--out", default="", metavar="FILE", help="where to write (default: NAME.yaml beside the base)")
    s.set_defaults(func=cmd_new)

    s = ssub.add_parser("set", help="set values by key path: turns=20 units.by_6mech.strength=2")
    _file(s)
    s.add_argument("assignments", nargs="+", metavar="KEY.PATH=VALUE",
                   help="a key path (items of id lists by id) = a YAML value")
    s.set_defaults(func=cmd_set)

    s = ssub.add_parser("add-unit", help="place a new unit")
    _file(s)
    s.add_argument("--id", required=True)
    s.add_argument("--type", required=True, help="a unit type id (see the guide's catalogue)")
    s.add_argument("--side", required=True)
    s.add_argument("--nation", required=True, help="ISO3 code, one of the side's nations")
    s.add_argument("--at", default="", metavar="PLACE", help="a place name, 'LAT,LON', 'hex Q,R' or '{lat: .., lon: ..}'")
    s.add_argument("--base", default="", help="or a base id")
    s.add_argument("--name", default="")
    s.add_argument("--readiness", default="")
    s.add_argument("--strength", type=int, default=None)
    s.set_defaults(func=cmd_add_unit)

    s = ssub.add_parser("move-unit", help="put a unit somewhere else")
    _file(s)
    s.add_argument("id", metavar="UNIT")
    s.add_argument("--to", required=True, metavar="PLACE", help="a place name, 'LAT,LON', 'hex Q,R' or '{lat: .., lon: ..}'")
    s.set_defaults(func=cmd_move_unit)

    s = ssub.add_parser("remove-unit", help="take a unit out (a variant lists it under remove:)")
    _file(s)
    s.add_argument("id", metavar="UNIT")
    s.set_defaults(func=cmd_remove_unit)

    s = ssub.add_parser("add-option", help="add a decision option for a side")
    _file(s)
    s.add_argument("--side", required=True)
    s.add_argument("--id", required=True)
    s.add_argument("--name", default="")
    s.add_argument("--description", default="")
    s.add_argument("--cost", action="append", default=[], metavar="TRACK=N", help="track change paid when chosen")
    s.add_argument("--delay", type=int, default=0, help="turns until the effects land")
    s.add_argument("--requires", action="append", default=[], metavar="COND", help="'tension >= 40'")
    s.add_argument("--requires-option", action="append", default=[], metavar="ID")
    s.add_argument("--effect", action="append", default=[], metavar="YAML",
                   help="'change_track: {track: tension, add: -5}' (repeatable)")
    s.set_defaults(func=cmd_add_option)


def _file(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE")
    p.add_argument("--diff", action="store_true", help="print the change as a unified diff")


# --- helpers ----------------------------------------------------------------------------------

def location(text: str) -> Any:
    """'Minsk' | '53.9,27.56' | 'hex 3,-4' | '{lat: 53.9, lon: 27.56}' -> the YAML value of a location.

    The mapping is the form the file itself and the loader's hints use, so it is read as YAML rather than
    looked up as a place called '{lat: ...}'."""
    t = text.strip()
    if t.startswith("{"):
        return E.parse_value(t, where="location")
    if m := re.fullmatch(r"(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)", t):
        return {"lat": float(m.group(1)), "lon": float(m.group(2))}
    if m := re.fullmatch(r"hex\s+(-?\d+\s*,\s*-?\d+)", t, re.IGNORECASE):
        return {"hex": m.group(1).replace(" ", "")}
    if not t:
        raise EngineError("a location is empty (expected a place name, 'LAT,LON' or 'hex Q,R')")
    return t


def _run(args: argparse.Namespace, change: Callable[[E.Doc], None]) -> int:
    path = Path(args.file)
    before = E.read_text(path) if os.path.lexists(path) else ""  # EditError for a FIFO, device, bad bytes
    after = E.edit(path, change)
    changed = sum(1 for x in difflib.ndiff(before.splitlines(), after.splitlines()) if x[:1] in "+-")
    if getattr(args, "diff", False):
        sys.stdout.writelines(difflib.unified_diff(before.splitlines(True), after.splitlines(True),
                                                   f"a/{path}", f"b/{path}", n=1))
    print(f"{path}: {'unchanged' if not changed else f'{changed} line(s) changed'}, valid")
    return 0


# --- verbs ------------------------------------------------------------------------------------

def cmd_set(args: argparse.Namespace) -> int:
    pairs = []
    for a in args.assignments:
        if "=" not in a:
            raise EngineError(f"{a!r}: expected KEY.PATH=VALUE (e.g. turns=20)")
        key, value = a.split("=", 1)
        pairs.append((key.strip(), E.parse_value(value, key.strip()), value.strip()))

    def change(doc: E.Doc) -> None:
        for key, value, typed in pairs:
            if isinstance(value, (int, float)) and E.is_text_field(key, doc.is_rules):
                value = typed  # name=0x1F, id=010: the text typed (as a number the loader makes it '31', '10')
            doc.set(key, E.to_yaml(value, inline=True))
    return _run(args, change)


def cmd_add_unit(args: argparse.Namespace) -> int:
    if bool(args.at) == bool(args.base):
        raise EngineError("add-unit: give --at PLACE or --base BASE (exactly one)")
    unit: dict[str, Any] = {"id": args.id, "type": args.type, "side": args.side, "nation": args.nation}
    if args.name:
        unit["name"] = args.name
    if args.at:
        unit["location"] = location(args.at)
    else:
        unit["base"] = args.base
    if args.readiness:
        unit["readiness"] = args.readiness
    if args.strength is not None:  # --strength 0 is refused by the loader, never dropped for full strength
        unit["strength"] = args.strength
    return _run(args, lambda doc: doc.add_item("units", unit))


def move_unit(doc: E.Doc, uid: str, where: Any) -> None:
    """Set a unit's location (and drop its base: in this file); units, rotations' and schedule units."""
    own = doc.get(f"units.{uid}")
    if own is not None and "base" in own:
        del own["base"]
    doc.set(f"units.{uid}.location", E.to_yaml(where, inline=True))


def cmd_move_unit(args: argparse.Namespace) -> int:
    where = location(args.to)
    return _run(args, lambda doc: move_unit(doc, args.id, where))


def cmd_remove_unit(args: argparse.Namespace) -> int:
    return _run(args, lambda doc: doc.remove_item("units", args.id))


def option_item(args: argparse.Namespace) -> dict[str, Any]:
    opt: dict[str, Any] = {"id": args.id}
    if args.name:
        opt["name"] = args.name
    if args.description:
        opt["description"] = args.description
    if args.requires:
        opt["requires"] = list(args.requires)
    if args.requires_option:
        opt["requires_options"] = list(args.requires_option)
    cost = {}
    for c in args.cost:
        m = re.fullmatch(r"\s*([A-Za-z0-9_.-]+)\s*=\s*(-?\d+)\s*", c)
        if not m:
            raise EngineError(f"--cost {c!r}: expected TRACK=N (e.g. nato_cohesion=-5)")
        cost[m.group(1)] = int(m.group(2))
    if cost:
        opt["cost"] = cost
    if args.delay:
        opt["delay"] = args.delay
    effects = [E.parse_value(e, "--effect", mapping=True) for e in args.effect]
    opt["effects"] = [dict(e) for e in effects]
    return opt


def cmd_add_option(args: argparse.Namespace) -> int:
    opt = option_item(args)
    return _run(args, lambda doc: doc.add_item(f"options.{args.side}", opt))


def _find_base(name: str) -> Path:
    p = Path(name)
    if p.is_file():
        return p
    for d in (Path("scenarios"), Path(__file__).resolve().parents[2] / "scenarios"):
        for cand in (d / f"{name}.yaml", d / "variants" / f"{name}.yaml"):
            if cand.is_file():
                return cand
    raise EngineError(f"--from {name!r}: no such scenario file or id in scenarios/")


def cmd_new(args: argparse.Namespace) -> int:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", args.name):
        raise EngineError(f"{args.name!r} is not an id (letters, digits, _ . -, e.g. my-variant)")
    base = _find_base(args.base)
    out = Path(args.out) if args.out else base.parent / f"{args.name}.yaml"
    from engine import safeio
    why = safeio.name_problem(out)  # a 300-character NAME failed in exists() with "File name too long"
    if why:
        raise EngineError(f"{str(out)[:120]}...: cannot write there: {why} (choose a shorter NAME or --out)"
                          if len(str(out)) > 120 else f"{out}: cannot write there: {why}")
    if out.exists():
        raise EngineError(f"{out}: already exists (choose another NAME or --out)")
    text = new_variant_text(base, out, args.name, args.title)
    probs = E.validate_text(out, text)
    if probs:
        raise E.EditRefused(out, probs)
    E.write_atomic(out, text)
    print(f"wrote {out}: a variant of {base} (edit it with 'eastflank scenario set' or 'eastflank edit')")
    return 0


def new_variant_text(base: Path, out: Path, name: str, title: str = "") -> str:
    """The text of a new variant: modeline, a comment, extends:, id and title."""
    doc = E.Doc(base)
    base_title = str(doc.data.get("title") or doc.data.get("id") or base.stem)
    rel = os.path.relpath(base.resolve(), out.resolve().parent).replace(os.sep, "/")
    lines = []
    first = doc.original.splitlines()[0] if doc.original else ""
    if first.startswith("# yaml-language-server: $schema="):
        target = (base.parent / first.split("$schema=", 1)[1].strip()).resolve()
        lines.append(E.MODELINE.format(os.path.relpath(target, out.resolve().parent).replace(os.sep, "/")))
    title = title or f"{base_title} ({name})"
    lines += [f"# A variant of {base.name}: only what differs is written here (see scenarios/README.md, Variants).",
              f"extends: {_plain(rel)}", f"id: {_plain(name)}", f"title: {_quote(title)}", ""]
    return "\n".join(lines)


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a YAML double-quoted string; a newline stays \\n


def _plain(text: str) -> str:
    """``text`` as written when YAML reads it back as that text, else quoted (an id 0x1F, true, a path ' #')."""
    plain = E._safe_plain(f"v: {text}\n")
    return text if isinstance(plain, dict) and plain.get("v") == text and isinstance(plain["v"], str) else _quote(text)

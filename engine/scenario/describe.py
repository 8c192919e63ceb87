"""A scenario in plain words: where things stand by place name, and the unit type catalogue.

For people who do not read hex coordinates: ``scenario show`` lists positions
as "Hrodna" or "20 km NE of Lida", and the authoring guide's catalogue of unit
types is generated from the rules here (so it cannot drift from them).
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from engine.geo.hexgrid import Hex, distance
from engine.geo.theatre import TheatreMap
from engine.scenario.model import Rules, Scenario

#: Places at least this large are landmarks for "N km NE of X" (smaller towns only when in the hex).
LANDMARK_POPULATION = 15_000
_COMPASS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")


@lru_cache(maxsize=4)
def _landmarks(tmap: TheatreMap) -> tuple[tuple[Hex, str, int], ...]:
    return tuple((p.hex, p.name, p.population) for p in tmap.places if p.population >= LANDMARK_POPULATION)


def where(tmap: TheatreMap, h: Hex) -> str:
    """'Hrodna', or '30 km NE of Lida', with the country: the way a briefing names a position."""
    country = tmap.country_of(h) if h in tmap else ""
    name = tmap.place_name_at(h) if h in tmap else None
    if name:
        return f"{name} ({country})" if country else name
    best = min(_landmarks(tmap), key=lambda x: (distance(h, x[0]), -x[2], x[1]), default=None)
    if best is None:
        return f"hex {h[0]},{h[1]}"
    lat, lon = tmap.latlon(h)
    plat, plon = tmap.latlon(best[0])
    bearing = math.degrees(math.atan2((lon - plon) * math.cos(math.radians(lat)), lat - plat)) % 360
    km = round(distance(h, best[0]) * tmap.hex_km)
    out = f"{km} km {_COMPASS[round(bearing / 45) % 8]} of {best[1]}"
    return f"{out} ({country})" if country else out


def _where_unit(sc: Scenario, tmap: TheatreMap, u: Any) -> str:
    """Where a unit spec stands: its hex, or its off-map box (rules/offmap.py) by name."""
    if getattr(u, "box", ""):
        box = next((b for b in sc.boxes if b.id == u.box), None)
        return f"off the map: {box.name if box else u.box}"
    return where(tmap, u.location)


def positions(sc: Scenario, tmap: TheatreMap) -> dict[str, list[dict[str, Any]]]:
    """Units, bases and objectives with their place names (stable order: as the file gives them)."""
    types = sc.rules.unit_types
    return {
        "units": [{"id": u.id, "name": u.name, "side": u.side, "type": types[u.type].name, "strength": u.strength,
                   "readiness": u.readiness, "where": _where_unit(sc, tmap, u), "hex": list(u.location)}
                  for u in sc.units],
        "bases": [{"id": b.id, "name": b.name, "side": b.side, "kind": b.kind, "active": b.active,
                   "where": where(tmap, b.location), "hex": list(b.location)} for b in sc.bases],
        "objectives": [{"name": o.name, "side": o.side, "points": o.points, "where": where(tmap, o.hex)}
                       for o in sc.victory.objectives],
        "later": [{"turn": r.arrive, "what": f"rotation: {r.unit.name}", "where": where(tmap, r.unit.location)}
                  for r in sc.rotations]
        + [{"turn": e.turn, "what": f"arrives: {e.unit.name}" if e.unit else f"leaves: {e.unit_id}",
            "where": _where_unit(sc, tmap, e.unit) if e.unit else ""} for e in sc.schedule],
    }


def position_lines(sc: Scenario, tmap: TheatreMap) -> list[str]:
    """``scenario show``'s text of where everything stands, side by side."""
    pos = positions(sc, tmap)
    out: list[str] = []
    for s in sc.sides:
        us = [u for u in pos["units"] if u["side"] == s.id]
        out.append(f"{s.name} ({s.id}): {len(us)} units")
        for u in us:
            kind = u["type"].split(" (")[0]
            out.append(f"  {u['name'][:46]:46s}  {kind[:36]:36s}  {u['where']}")
        bs = [b for b in pos["bases"] if b["side"] == s.id]
        for b in bs:
            kind = f"{b['kind']} base" + ("" if b["active"] else " (not yet active)")
            out.append(f"  {b['name'][:46]:46s}  {kind[:36]:36s}  {b['where']}")
    if pos["objectives"]:
        out.append("objectives")
        names = {s.id: s.name for s in sc.sides}
        for o in pos["objectives"]:
            out.append(f"  {o['name']}: {o['points']} points for {names.get(o['side'], o['side'])} ({o['where']})")
    if pos["later"]:
        out.append("later")
        for x in sorted(pos["later"], key=lambda x: x["turn"]):
            out.append(f"  turn {x['turn']:2d}: {x['what']}" + (f" at {x['where']}" if x["where"] else ""))
    return out


# --- the unit type catalogue ----------------------------------------------------------------------

#: What each APP-6 function is for, in a seminar's words (used when a type has no description).
PURPOSE = {
    "armour": "breakthrough and counter-attack", "mechanised": "the main fighting force: attack and hold ground",
    "motorised": "fast to move by road, lighter to fight", "infantry": "holds ground, cheap to keep in the field",
    "air_assault": "seizes key points fast (bridges, airfields)", "airborne": "seizes key points fast",
    "reconnaissance": "sees far, screens a flank", "special_forces": "raids, reconnaissance, sabotage",
    "artillery": "supports attacks in its range", "rocket_artillery": "long-range fires on troops and bases",
    "missile": "strikes bases, rail links and units far behind the front",
    "air_defence": "takes enemy air points out of the sky within its radius",
    "electronic_warfare": "jams enemy command: enemy combat one column worse within its radius",
    "engineer": "crossings and obstacles", "headquarters": "command", "naval_infantry": "coastal and amphibious",
    "aviation": "air support", "logistics": "supply",
}


def _sides_of(type_id: str, scenarios: list[Scenario]) -> str:
    """'red: BLR, RUS' from the shipped scenarios' units and rotations of this type."""
    units = [u for sc in scenarios for u in sc.units] + [r.unit for sc in scenarios for r in sc.rotations]
    units += [e.unit for sc in scenarios for e in sc.schedule if e.unit is not None]
    by_side: dict[str, set[str]] = {}
    for u in units:
        if u.type == type_id:
            by_side.setdefault(u.side, set()).add(u.nation)
    return "; ".join(f"{s}: {', '.join(sorted(n))}" for s, n in sorted(by_side.items())) or "(not used yet)"


def catalogue_markdown(rules: Rules, scenarios: list[Scenario]) -> str:
    """A Markdown table of every unit type: id, name, side, values and what it is for."""
    rows = ["| id | name | side: nations | move | attack | defence | steps | other | what it is for |",
            "|---|---|---|---|---|---|---|---|---|"]
    for tid, t in sorted(rules.unit_types.items(), key=lambda kv: (_sides_of(kv[0], scenarios), kv[0])):
        extra = []
        if t.range:
            extra.append(f"range {t.range}")
        if t.strike:
            extra.append(f"strike {t.strike}")
        if t.air_defence_radius:
            extra.append(f"AD {t.air_defence} r{t.air_defence_radius}")
        if t.ew_radius:
            extra.append(f"EW {t.ew_shift:+d} r{t.ew_radius}")
        if t.detection_range > 1:
            extra.append(f"sees {t.detection_range}")
        purpose = " ".join((t.description or PURPOSE.get(t.symbol, t.symbol)).split()).replace("|", "/")
        rows.append(f"| `{tid}` | {t.name} | {_sides_of(tid, scenarios)} | {t.movement} ({t.movement_class}) | "
                    f"{t.attack} | {t.defence} | {t.steps} | {', '.join(extra) or '—'} | {purpose} |")
    return "\n".join(rows) + "\n"

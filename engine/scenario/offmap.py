"""Resolves ``rules.offmap.boxes`` (off-map boxes) and a unit's ``box:`` start.

Kept apart from the loader like the nations section: ``Forces.build_rules``
calls :func:`build_boxes` once the rules are checked (their entry hexes need
the map), and ``BuilderBase.unit`` calls :func:`box_start` for a unit that
starts in a box. Every problem is reported at its file:line:col.
"""

from __future__ import annotations

from typing import Any

from engine.errors import did_you_mean
from engine.geo.hexgrid import Hex
from engine.scenario import model as M
from engine.scenario.check import D, R


def build_boxes(b: Any, rules: Any) -> dict[str, M.Box]:
    """Box id -> Box, in id order; a box with a bad link is left out (its problem is reported)."""
    out: dict[str, M.Box] = {}
    if not isinstance(rules, R) or not isinstance(rules["offmap"], R):
        return out
    boxes = rules["offmap"]["boxes"]
    if not isinstance(boxes, D):
        return out
    for bid, x in sorted(boxes.items()):
        if not isinstance(x, R) or not all(x.ok(f.name) for f in x.rec.fields):
            continue
        good = True
        for j, s in x["sides"].valid():
            if s not in b.side_ids:
                b.err(x["sides"].at(j), x["sides"].sub(j), f"{s!r} is not a side of this scenario (expected one "
                      f"of: {', '.join(b.side_ids)}){did_you_mean(s, b.side_ids)}")
                good = False
        links: list[M.BoxLink] = []
        seen: set[Hex] = set()
        for j, ln in x["links"].valid():
            if not isinstance(ln, R) or not all(ln.ok(f.name) for f in ln.rec.fields):
                good = False
                continue
            h = b.hex(ln["to"], ln.at("to"), ln.sub("to"))
            if h is None:
                good = False
                continue
            if h in seen:
                b.err(ln.at("to"), ln.sub("to"), f"box {bid!r} links to hex {h[0]},{h[1]} twice "
                      "(expected each entry hex once)")
                good = False
                continue
            seen.add(h)
            links.append(M.BoxLink(h, float(ln["hours"]), ln["mode"]))
        if good and links:  # (links: [5] has one item, refused by the shape check, and no link: not a box)
            out[bid] = M.Box(bid, x["name"], x["country"], tuple(x["sides"]), tuple(links))
        else:
            b.failed.add(("box", bid))
    return out


def box_start(b: Any, u: R) -> Hex | None:
    """The placeholder hex of a unit that starts in a box (its box's first entry hex); None if unknown."""
    boxes: dict[str, M.Box] = getattr(b, "boxes", {})
    bid = u["box"]
    if ("box", bid) in b.failed:
        return None
    if not b.ref(bid, boxes, u.at("box"), u.sub("box"), "off-map box (rules.offmap.boxes)"):
        return None
    box = boxes[bid]
    if u.ok("side") and u["side"] not in box.sides:
        b.err(u.at("box"), u.sub("box"), f"box {bid!r} is not open to side {u['side']!r} "
              f"(expected a box of: {', '.join(box.sides)})")
        return None
    return box.links[0].hex

"""Off-map boxes at the table: drawn at the map margin near their entry hexes, with their units.

A box shows the viewing side's own units in it and those on their way in or out (with the turn
they get there); the enemy's are never shown (fog of war: rules/offmap.py keeps them off the
map). Click a unit row to pick it, then click one of the box's entry hexes: ``frombox``. With a
unit selected on an entry hex, click the box's title: ``tobox``. Both orders go through the
session like every other order (``view.do``), so an illegal one is refused with its reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
import pygame

from engine.core.actions import FromBox, ToBox
from engine.geo.hexgrid import Hex
from engine.rules import offmap
from engine.ui import text

if TYPE_CHECKING:
    from engine.core.state import State


@attrs.frozen
class BoxPanel:
    """What one box shows: its id, title, first entry hex (where it is drawn) and unit rows."""

    id: str
    name: str
    anchor: Hex
    rows: tuple[tuple[str, str], ...]  # (unit id, "4gtd: in the box" / "4gtd -> Smolensk, turn 3")


def panels(state: "State", side: str | None) -> list[BoxPanel]:
    """The boxes of the scenario with ``side``'s own units in them (none for a neutral viewer)."""
    g = state.game
    out = []
    for b in sorted(g.scenario.boxes, key=lambda x: x.id):
        rows = []
        for uid, (bid, dest, turn, u) in sorted(state.offmap.items()):
            if bid != b.id or side is None or u.side != side:
                continue
            if dest >= 0:
                rows.append((uid, f"{uid} -> {g.label(g.hexes[dest])}, turn {turn}"))
            elif turn > state.turn:
                rows.append((uid, f"{uid} on its way in, turn {turn}"))
            else:
                rows.append((uid, f"{uid}: in the box"))
        out.append(BoxPanel(b.id, b.name, b.links[0].hex, tuple(rows)))
    return out


def draw(view: Any) -> None:
    """Paint every box at the viewport edge nearest its entry hex; keeps ``view.box_rects`` for clicks."""
    s = view.session
    view.box_rects = []
    if s is None or not s.game.scenario.boxes:
        return
    lay = view.camera.layout()
    vp = view.camera.viewport
    scr = view.screen
    size = 13
    lh = text.line(size)
    pick = getattr(view, "box_pick", None)
    for p in panels(s.state, view.viewer()):
        lines = [p.name] + [r[1] for r in p.rows]
        w = max(text.render(t, size, (0, 0, 0), bold=(i == 0)).get_width() for i, t in enumerate(lines)) + 12
        h = lh * len(lines) + 8
        x, y = lay.to_pixel(p.anchor)
        x = min(max(x - w / 2, vp.left + 4), vp.right - w - 4)
        y = min(max(y - h - 12, vp.top + 4), vp.bottom - h - 4)
        rect = pygame.Rect(int(x), int(y), int(w), int(h))
        pygame.draw.rect(scr, (245, 242, 230), rect)
        pygame.draw.rect(scr, (60, 60, 60), rect, 2)
        title = pygame.Rect(rect.x, rect.y, rect.w, lh + 4)
        scr.blit(text.render(p.name, size, (20, 20, 20), bold=True), (rect.x + 6, rect.y + 4))
        view.box_rects.append((title, p.id, None))
        for i, (uid, line) in enumerate(p.rows):
            r = pygame.Rect(rect.x, rect.y + 4 + lh * (i + 1), rect.w, lh)
            if uid == pick:
                pygame.draw.rect(scr, (255, 215, 0), r)
            scr.blit(text.render(line, size, (30, 30, 30)), (rect.x + 6, r.y))
            view.box_rects.append((r, p.id, uid))


def click(view: Any, pos: tuple[int, int]) -> bool:
    """A click on a box: pick a unit row, or send the selected unit into the box; True if it was a box."""
    for rect, bid, uid in getattr(view, "box_rects", []):
        if not rect.collidepoint(pos):
            continue
        s = view.session
        if uid is not None:
            view.box_pick = uid
            view.say(f"{uid}: click an entry hex of the box to bring it onto the map.")
        elif view.selected is not None and view.selected in s.state.units:
            u = s.state.units[view.selected]
            view.do(ToBox(u.id, s.game.hexes[u.pos], bid))
        else:
            view.say("Select a unit on an entry hex of the box, then click the box's title to send it there.")
        return True
    return False


def click_hex(view: Any, h: Hex) -> bool:
    """With a unit picked in a box, a click on a hex orders it out there (True: the click was used)."""
    uid = getattr(view, "box_pick", None)
    if uid is None:
        return False
    view.box_pick = None
    s = view.session
    where = offmap.where(s.state, uid)
    if where is None:
        return False
    view.do(FromBox(uid, where[0], h))
    return True

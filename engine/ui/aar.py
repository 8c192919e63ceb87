"""After-action report: Markdown plus PNG charts drawn with pygame (no matplotlib).

Reads only the Session's per-turn snapshots, its order history and the
engine log, so it can be written at the end of a game or on demand.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import pygame

from engine.ui import text
from engine.ui.session import Session
from engine.ui.style import Style, load_style

PALETTE = ((214, 39, 40), (31, 119, 180), (44, 160, 44), (255, 127, 14), (148, 103, 189), (140, 86, 75))


def line_chart(path: Path, title: str, turns: Sequence[int], series: Sequence[tuple[str, Sequence[float],
               tuple[int, int, int]]], size: tuple[int, int] = (720, 360)) -> None:
    """A small line chart (turn on x) saved as PNG."""
    if not pygame.font.get_init():
        pygame.font.init()
    w, h = size
    surf = pygame.Surface(size)
    surf.fill((255, 255, 255))
    left, right, top, bottom = 50, w - 170, 36, h - 36
    surf.blit(text.render(title, 22, (20, 20, 20), bold=True), (left, 8))
    vals = [v for _, ys, _ in series for v in ys] or [0.0]
    lo, hi = min(0.0, min(vals)), max(vals)
    if hi <= lo:
        hi = lo + 1
    t0, t1 = (min(turns), max(turns)) if turns else (1, 2)
    if t1 == t0:
        t1 = t0 + 1

    def px(t: float, v: float) -> tuple[float, float]:
        return left + (t - t0) / (t1 - t0) * (right - left), bottom - (v - lo) / (hi - lo) * (bottom - top)

    pygame.draw.rect(surf, (120, 120, 120), (left, top, right - left, bottom - top), 1)
    for k in range(5):
        v = lo + (hi - lo) * k / 4
        y = px(t0, v)[1]
        pygame.draw.line(surf, (225, 225, 225), (left + 1, y), (right - 1, y))
        lab = text.render(f"{v:g}" if abs(v) >= 10 else f"{v:.1f}", 14, (90, 90, 90))
        surf.blit(lab, lab.get_rect(midright=(left - 4, y)))
    for t in turns:
        x = px(t, lo)[0]
        lab = text.render(str(t), 14, (90, 90, 90))
        surf.blit(lab, lab.get_rect(midtop=(x, bottom + 4)))
    surf.blit(text.render("turn", 14, (90, 90, 90)), (right - 24, bottom + 18))
    for i, (name, ys, colour) in enumerate(series):
        pts = [px(t, v) for t, v in zip(turns, ys)]
        if len(pts) >= 2:
            pygame.draw.lines(surf, colour, False, pts, 3)
        for p in pts:
            pygame.draw.circle(surf, colour, (round(p[0]), round(p[1])), 3)
        pygame.draw.line(surf, colour, (right + 12, top + 10 + i * 20), (right + 32, top + 10 + i * 20), 3)
        surf.blit(text.render(name[:18], 15, (30, 30, 30)), (right + 38, top + 3 + i * 20))
    path.parent.mkdir(parents=True, exist_ok=True)
    pygame.image.save(surf, str(path))


def write_report(session: Session, out_dir: Path, style: Style | None = None) -> Path:
    """Write ``aar-<scenario>-T<turn>.md`` and its charts into ``out_dir``; returns the Markdown path."""
    style = style or load_style()
    out_dir.mkdir(parents=True, exist_ok=True)
    sc = session.scenario
    stem = f"aar-{sc.id}-T{session.turn}"
    snaps = session.snapshots
    turns = [s["turn"] for s in snaps]
    names = {t.id: t.name for t in sc.tracks}
    tracks_png = out_dir / f"{stem}-tracks.png"
    line_chart(tracks_png, "Tracks by turn", turns,
               [(names.get(k, k), [s["tracks"].get(k, 0) for s in snaps], PALETTE[i % len(PALETTE)])
                for i, k in enumerate(names)])
    losses_png = out_dir / f"{stem}-losses.png"
    line_chart(losses_png, "Steps lost (cumulative) and units on the map", turns,
               [(f"{session.side_name(sd)} lost", [s["steps_lost"].get(sd, 0) for s in snaps],
                 style.side_colour(sd, session.side_colour(sd))[:3]) for sd in session.side_ids()]
               + [(f"{session.side_name(sd)} units", [s["units"].get(sd, 0) for s in snaps],
                   tuple(c // 2 for c in style.side_colour(sd, session.side_colour(sd))[:3]))  # type: ignore[misc]
                  for sd in session.side_ids()])
    md = [f"# After-action report: {sc.title}", "",
          f"Scenario `{sc.id}`, seed {session.seed}, turn {session.turn} of {session.turns_total}"
          f" ({session.date_text()}), phase {session.phase}.", ""]
    if session.is_over():
        md += [f"**Result:** {session.outcome_text()}", ""]
    md += ["## Tracks", "", f"![tracks]({tracks_png.name})", "",
           "| turn | " + " | ".join(names.values()) + " |", "|---" * (len(names) + 1) + "|"]
    for s in snaps:
        md.append(f"| {s['turn']} | " + " | ".join(str(s["tracks"].get(k, "")) for k in names) + " |")
    md += ["", "## Losses", "", f"![losses]({losses_png.name})", "",
           "| turn | " + " | ".join(f"{session.side_name(sd)} steps lost" for sd in session.side_ids()) + " |",
           "|---" * (len(session.side_ids()) + 1) + "|"]
    for s in snaps:
        md.append(f"| {s['turn']} | " + " | ".join(str(s["steps_lost"].get(sd, 0)) for sd in session.side_ids())
                  + " |")
    sides = session.side_ids()
    md += ["", "## Air and logistics", "",
           "| turn | " + " | ".join(f"{session.side_name(sd)} air pts | {session.side_name(sd)} out of supply | "
                                  f"{session.side_name(sd)} units destroyed" for sd in sides)
           + " | rail links cut | bases active |", "|---" * (3 * len(sides) + 3) + "|"]
    for s in snaps:
        md.append(f"| {s['turn']} | " + " | ".join(
            f"{s.get('air_points', {}).get(sd, '')} | {s.get('out_of_supply', {}).get(sd, '')} | "
            f"{s.get('destroyed', {}).get(sd, '')}" for sd in sides)
            + f" | {s.get('cut_links', '')} | {s.get('bases_active', '')} |")
    missions = [h for h in session.state.history if h.startswith(("air ", "strike "))]
    if missions:
        md += ["", "Air missions and missile strikes ordered:", ""] + [f"- `{m}`" for m in missions]
    objs = list(snaps[-1]["objectives"]) if snaps else []
    md += ["", "## Objectives", "", "| turn | " + " | ".join(objs) + " |", "|---" * (len(objs) + 1) + "|"]
    for s in snaps:
        md.append(f"| {s['turn']} | " + " | ".join(session.side_name(s["objectives"].get(o, "")) if
                                                     s["objectives"].get(o) else "-" for o in objs) + " |")
    md += ["", "## Decisions taken", ""]
    decisions = [h for h in session.state.history if h.startswith("option ")]
    opt_names = {o.id: o.name for o in sc.options}
    if decisions:
        for d in decisions:
            oid = d.split(None, 1)[1]
            md.append(f"- {opt_names.get(oid, oid)} (`{oid}`)")
    else:
        md.append("- none")
    md += ["", "## Facilitator notes", ""]
    notes = [f"- override: `{x}`" for x in session.facilitator_notes()] + [f"- {x}" for x in session.ui_log]
    md += notes or ["- none"]
    if sc.victory.questions:
        md += ["", "## Questions for the debrief", ""] + [f"- {q}" for q in sc.victory.questions]
    md += ["", "## Game log", "", "```"] + session.engine_log() + ["```", ""]
    path = out_dir / f"{stem}.md"
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("\n".join(md), encoding="utf-8")
    tmp.replace(path)
    return path

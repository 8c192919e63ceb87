"""After-action report: charts drawn with pygame (no matplotlib), shown in the app and written as Markdown + PNG.

Reads only the Session's snapshots (the start, then the end of each turn, so
a turn's losses sit under that turn), its order history and the engine log.
Charts follow four rules: one colour per side (another series of the same
side is dashed, never a second shade); one kind of quantity per chart (so no
two series share an axis and a label); yes/no tracks drawn as steps on their
own 'no/yes' axis; legends below the plot, never cut.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import pygame

from engine import safeio
from engine.ui import text
from engine.ui.session import Session
from engine.ui.style import Style, load_style

#: Colours for tracks (not sides): distinct hues, none of them a side's red or blue.
PALETTE = ((44, 160, 44), (255, 127, 14), (148, 103, 189), (140, 86, 75), (23, 190, 207), (188, 189, 34),
           (227, 119, 194), (127, 127, 127))
Series = tuple[str, Sequence[float], tuple[int, int, int], bool]  # name, values, colour, dashed


def _turn_label(t: int) -> str:
    return "start" if t == 0 else str(t)


def chart_surface(title: str, turns: Sequence[int], series: Sequence[Series], size: tuple[int, int] = (760, 400),
                  steps: bool = False, yes_no: bool = False) -> pygame.Surface:
    """One chart: turns on x, one quantity on y, legend below (wrapped, whole names)."""
    if not pygame.font.get_init():
        pygame.font.init()
    w, h = size
    leg = [text.render(name, 15, (30, 30, 30)) for name, *_ in series]
    rows, x, row_w = 1, 0, w - 100
    for img in leg:
        if x + img.get_width() + 40 > row_w and x > 0:
            rows, x = rows + 1, 0
        x += img.get_width() + 44
    legend_h = rows * 22 + 8
    surf = pygame.Surface((w, h + legend_h))
    surf.fill((255, 255, 255))
    left, right, top, bottom = 64, w - 20, 36, h - 36
    surf.blit(text.render(title, 22, (20, 20, 20), bold=True), (left, 8))
    vals = [v for _, ys, _, _ in series for v in ys] or [0.0]
    lo, hi = (0.0, 1.0) if yes_no else (min(0.0, min(vals)), max(vals))
    if hi <= lo:
        hi = lo + 1
    t0, t1 = (min(turns), max(turns)) if turns else (0, 1)
    if t1 == t0:
        t1 = t0 + 1

    def px(t: float, v: float) -> tuple[float, float]:
        return left + (t - t0) / (t1 - t0) * (right - left), bottom - (v - lo) / (hi - lo) * (bottom - top)

    pygame.draw.rect(surf, (120, 120, 120), (left, top, right - left, bottom - top), 1)
    whole = all(float(v).is_integer() for v in vals)
    ticks = [(0.0, "no"), (1.0, "yes")] if yes_no else \
        sorted({(float(round(lo + (hi - lo) * k / 4)) if whole else lo + (hi - lo) * k / 4, "") for k in range(5)})
    for v, lab in ticks:
        y = px(t0, v)[1]
        pygame.draw.line(surf, (225, 225, 225), (left + 1, y), (right - 1, y))
        s = lab or (f"{v:g}" if abs(v) >= 10 or v == int(v) else f"{v:.1f}")
        img = text.render(s, 14, (90, 90, 90))
        surf.blit(img, img.get_rect(midright=(left - 4, y)))
    for t in turns:
        x_ = px(t, lo)[0]
        img = text.render(_turn_label(t), 14, (90, 90, 90))
        surf.blit(img, img.get_rect(midtop=(x_, bottom + 4)))
    surf.blit(text.render("end of turn", 14, (90, 90, 90)), (right - 70, bottom + 18))
    for name, ys, colour, dashed in series:
        pts = [px(t, v) for t, v in zip(turns, ys)]
        if steps:  # a yes/no or stepwise track changes at a turn's end: flat, then a vertical step
            st = []
            for i, p in enumerate(pts):
                if i:
                    st.append((p[0], pts[i - 1][1]))
                st.append(p)
            pts = st
        _polyline(surf, colour, pts, 3, dashed)
        for t, v in zip(turns, ys):
            p = px(t, v)
            pygame.draw.circle(surf, colour, (round(p[0]), round(p[1])), 3)
    x, y = left, h + 2
    for img, (_, _, colour, dashed) in zip(leg, series):
        if x + img.get_width() + 40 > left + row_w and x > left:
            x, y = left, y + 22
        _polyline(surf, colour, [(x, y + 9), (x + 28, y + 9)], 3, dashed)
        surf.blit(img, (x + 34, y + 1))
        x += img.get_width() + 44
    return surf


def _polyline(surf: pygame.Surface, colour: tuple[int, int, int], pts: Sequence[tuple[float, float]], width: int,
              dashed: bool) -> None:
    if len(pts) < 2:
        return
    if not dashed:
        pygame.draw.lines(surf, colour, False, pts, width)
        return
    for (ax, ay), (bx, by) in zip(pts, pts[1:]):
        n = max(1, int(((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5 // 8))
        for k in range(0, n, 2):
            f0, f1 = k / n, min(1.0, (k + 1) / n)
            pygame.draw.line(surf, colour, (ax + (bx - ax) * f0, ay + (by - ay) * f0),
                             (ax + (bx - ax) * f1, ay + (by - ay) * f1), width)


def report_charts(session: Session, style: Style | None = None) -> list[tuple[str, pygame.Surface]]:
    """(file stem, chart) for the report: numeric tracks, yes/no tracks, steps lost, units on the map."""
    style = style or load_style()
    sc = session.scenario
    snaps = session.snapshots
    turns = [s["turn"] for s in snaps]
    flags = [t for t in sc.tracks if t.max - t.min == 1]
    nums = [t for t in sc.tracks if t.max - t.min != 1]
    sides = session.side_ids()

    def side_rgb(sd: str) -> tuple[int, int, int]:
        c = style.side_colour(sd, session.side_colour(sd))
        return (int(c[0]), int(c[1]), int(c[2]))

    out = [("tracks", chart_surface("Tracks at the end of each turn", turns, [
        (t.name, [s["tracks"].get(t.id, 0) for s in snaps], PALETTE[i % len(PALETTE)], False)
        for i, t in enumerate(nums)]))]
    if flags:
        out.append(("flags", chart_surface("Yes/no tracks", turns, [
            (t.name, [s["tracks"].get(t.id, 0) - t.min for s in snaps], PALETTE[(i + 3) % len(PALETTE)], i % 2 == 1)
            for i, t in enumerate(flags)], size=(760, 240), steps=True, yes_no=True)))
    out.append(("losses", chart_surface("Steps lost (cumulative)", turns, [
        (f"{session.side_name(sd)}", [s["steps_lost"].get(sd, 0) for s in snaps], side_rgb(sd), False)
        for sd in sides])))
    out.append(("units", chart_surface("Units on the map", turns, [
        (f"{session.side_name(sd)}", [s["units"].get(sd, 0) for s in snaps], side_rgb(sd), False)
        for sd in sides])))
    return out


def report_lines(session: Session) -> list[str]:
    """The report's text part, for the in-app view and the Markdown (names, not ids)."""
    sc = session.scenario
    out = [f"{sc.title} - turn {session.turn} of {session.turns_total} ({session.date_text()}), seed {session.seed}"]
    if session.is_over():
        out.append(f"Result: {session.outcome_text()}")
    out += session.score_lines()
    opt_names = {o.id: o.name for o in sc.options}
    decisions = [h for h in session.state.history if h.startswith("option ")]
    out.append("Decisions taken: " + ("; ".join(opt_names.get(d.split(None, 1)[1], d) for d in decisions)
                                      if decisions else "none"))
    strikes = [session.pretty(h) for h in session.state.history if h.startswith(("air ", "strike "))]
    if strikes:
        out.append("Air missions and strikes: " + "; ".join(strikes))
    notes = facilitator_notes(session)
    out.append("Facilitator notes: " + ("; ".join(notes) if notes else "none"))
    return out


def facilitator_notes(session: Session) -> list[str]:
    """Overrides (from the engine history, with reasons) and table notes, each once."""
    notes = [f"override: {session.pretty(x)}" for x in session.facilitator_notes()]
    return notes + [session.pretty(x) for x in session.ui_log if " facilitator: " not in x]


def write_report(session: Session, out_dir: Path, style: Style | None = None) -> Path:
    """Write ``aar-<scenario>-T<turn>.md`` and its charts into ``out_dir``; returns the Markdown path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    sc = session.scenario
    stem = f"aar-{sc.id}-T{session.turn}"
    snaps = session.snapshots
    charts = report_charts(session, style)
    for p in [out_dir / f"{stem}.md"] + [out_dir / f"{stem}-{name}.png" for name, _ in charts]:
        safeio.check_output_path(p)  # every file may be written, or none is
    for name, surf in charts:  # each replaced atomically; a symlink planted in the folder is refused
        with safeio.atomic_path(out_dir / f"{stem}-{name}.png") as tmp:
            pygame.image.save(surf, str(tmp))
    names = {t.id: t.name for t in sc.tracks}
    sides = session.side_ids()
    md = [f"# After-action report: {sc.title}", "",
          f"Scenario `{sc.id}`, seed {session.seed}, turn {session.turn} of {session.turns_total}"
          f" ({session.date_text()}), phase {session.phase}.", ""]
    if session.is_over():
        md += [f"**Result:** {session.outcome_text()}", ""]
    md += ["## Score", ""] + [f"- {x}" for x in session.score_lines()]
    md += ["", "## Tracks", ""] + [f"![{n}]({stem}-{n}.png)" for n, _ in charts if n in ("tracks", "flags")]
    md += ["", "Rows are the end of each turn (`start`: before play).", "",
           "| turn | " + " | ".join(names.values()) + " |", "|---" * (len(names) + 1) + "|"]
    for s in snaps:
        md.append(f"| {_turn_label(s['turn'])} | " + " | ".join(str(s["tracks"].get(k, "")) for k in names) + " |")
    md += ["", "## Losses", "", f"![losses]({stem}-losses.png)", f"![units]({stem}-units.png)", "",
           "| turn | " + " | ".join(f"{session.side_name(sd)} steps lost" for sd in sides) + " |",
           "|---" * (len(sides) + 1) + "|"]
    for s in snaps:
        md.append(f"| {_turn_label(s['turn'])} | " + " | ".join(str(s["steps_lost"].get(sd, 0)) for sd in sides)
                  + " |")
    md += ["", "## Air and logistics", "",
           "| turn | " + " | ".join(f"{session.side_name(sd)} air pts | {session.side_name(sd)} out of supply | "
                                  f"{session.side_name(sd)} units destroyed" for sd in sides)
           + " | rail links cut | bases active |", "|---" * (3 * len(sides) + 3) + "|"]
    for s in snaps:
        md.append(f"| {_turn_label(s['turn'])} | " + " | ".join(
            f"{s.get('air_points', {}).get(sd, '')} | {s.get('out_of_supply', {}).get(sd, '')} | "
            f"{s.get('destroyed', {}).get(sd, '')}" for sd in sides)
            + f" | {s.get('cut_links', '')} | {s.get('bases_active', '')} |")
    missions = [session.pretty(h) for h in session.state.history if h.startswith(("air ", "strike "))]
    if missions:
        md += ["", "Air missions and missile strikes ordered:", ""] + [f"- {m}" for m in missions]
    objs = list(snaps[-1]["objectives"]) if snaps else []
    md += ["", "## Objectives", "", "| turn | " + " | ".join(objs) + " |", "|---" * (len(objs) + 1) + "|"]
    for s in snaps:
        md.append(f"| {_turn_label(s['turn'])} | " + " | ".join(
            session.side_name(s["objectives"].get(o, "")) if s["objectives"].get(o) else "-" for o in objs) + " |")
    md += ["", "## Decisions taken", ""]
    decisions = [h for h in session.state.history if h.startswith("option ")]
    opt_names = {o.id: o.name for o in sc.options}
    md += [f"- {opt_names.get(d.split(None, 1)[1], d)} (`{d.split(None, 1)[1]}`)" for d in decisions] or ["- none"]
    md += ["", "## Facilitator notes", ""] + ([f"- {x}" for x in facilitator_notes(session)] or ["- none"])
    if sc.victory.questions:
        md += ["", "## Questions for the debrief", ""] + [f"- {q}" for q in sc.victory.questions]
    md += ["", "## Game log", "", "```"] + [session.pretty(ln) for ln in session.engine_log()
                                            if not session.is_noop(ln)] + ["```", ""]
    path = out_dir / f"{stem}.md"
    safeio.write_atomic(path, "\n".join(md))
    return path

"""``eastflank edit SCENARIO``: the scenario editor (pygame, imported lazily)."""

from __future__ import annotations

import argparse
import os
import sys

from engine.errors import EngineError


def register(sub) -> None:
    p = sub.add_parser("edit", help="edit a scenario on the map (pygame): units, bases, timeline, options, rules",
                       description="The scenario editor. Click a unit type, then the map, to place a unit; drag a "
                                   "counter to move it; Delete removes it. Ctrl+S saves (only when valid, keeping "
                                   "comments), Ctrl+Shift+S saves as a new file and edits it, Ctrl+Z undoes, Tab goes "
                                   "to the next text field, Home shows the whole map, F5 saves and opens the "
                                   "seminar table.")
    p.add_argument("scenario", metavar="SCENARIO", help="scenario YAML to edit")
    p.add_argument("--frames", type=int, default=None, help="render N frames and stop (headless use)")
    p.add_argument("--screenshot", metavar="PNG", help="save the last frame to PNG")
    p.add_argument("--size", default="1400x860", help="window size WxH (default 1400x860)")
    p.add_argument("--tab", default="Units", help="tab to open: Units, Bases, Timeline, Options, Tracks, Victory, Rules")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.frames is not None or args.screenshot:
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
        args.frames = args.frames or 2
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    try:
        w, h = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        raise EngineError(f"--size {args.size!r} is not WxH (e.g. 1400x860)") from None
    if w < 1000 or h < 700:
        raise EngineError(f"--size {args.size!r}: the editor needs at least 1000x700")
    if args.screenshot:
        from engine.cli.outputs import check_output
        check_output(args.screenshot, "--screenshot")  # before the window, not after the frames
    from engine.editor.app import TABS, open_editor
    if args.tab not in TABS:
        raise EngineError(f"--tab {args.tab!r}: expected one of {', '.join(TABS)}")
    app = open_editor(args.scenario, (w, h))
    app.tab = args.tab
    rc = app.run(args.frames, args.screenshot)
    if args.frames is not None:
        print(f"{args.frames} frames; {app.model.path}: {'valid' if app.model.valid else 'invalid'}", file=sys.stderr)
    app.close()
    return rc

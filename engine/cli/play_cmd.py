"""``eastflank play``: the seminar table in pygame (imported lazily: only this verb needs pygame)."""

from __future__ import annotations

import argparse
import os

from engine.errors import EngineError


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not WxH (e.g. 1280x800)") from None
    if w < 800 or h < 600:
        raise argparse.ArgumentTypeError(f"{text!r}: the table needs at least 800x600")
    return w, h


def _scale(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number (e.g. 1.5)") from None
    if not 0.5 <= v <= 4.0:
        raise argparse.ArgumentTypeError(f"{text!r}: the scale must be between 0.5 and 4")
    return v


def check_save_dir(text: str) -> None:
    """Refuse a --save-dir no save can go into, before the window opens: the table found out at the first
    autosave, a phase into the seminar ('autosave failed: ... Not a directory'). A folder still to make is
    fine if the nearest existing folder above it is writable (the table makes it at the first save)."""
    from engine import safeio
    why = safeio.name_problem(text)
    if why:
        raise EngineError(f"--save-dir {text[:200]!r}: {why}")
    p = os.path.abspath(text)
    while not os.path.lexists(p):
        p = os.path.dirname(p)
    if not os.path.isdir(p):
        what = "it" if p == os.path.abspath(text) else repr(p)
        raise EngineError(f"--save-dir {text}: {what} exists and is not a folder (saves and reports need a folder)")
    if not os.access(p, os.W_OK | os.X_OK):
        raise EngineError(f"--save-dir {text}: folder {p!r} is not writable")


def register(sub) -> None:
    p = sub.add_parser("play", help="open the seminar table (pygame): map, counters, hotseat turns, console",
                       description="Open the seminar table. Keys: drag/arrows pan, wheel/+/- zoom, Enter ends "
                                   "the phase, U undo, F5 save, F9 load, F1 facilitator console (Tab completes), "
                                   "F10 report, C cards, L legend, V score, B briefing, Q quit (asks, autosaves).")
    p.add_argument("scenario", nargs="?", default=None, help="scenario YAML (default: scenarios/baseline-2020.yaml)")
    p.add_argument("--load", metavar="SAVE", help="resume from a save of this scenario")
    p.add_argument("--seed", type=int, default=0, help="seed of the game's dice (default 0)")
    p.add_argument("--frames", type=int, default=None, help="render N frames and stop (headless use)")
    p.add_argument("--screenshot", metavar="PNG", help="save the last frame to PNG")
    p.add_argument("--size", type=_size, default=(1280, 800), help="window size WxH (default 1280x800)")
    p.add_argument("--scale", type=_scale, default=None,
                   help="text and panel size factor (default: automatic, 1.0 up to 800 px high, 1.8 at 1080)")
    p.add_argument("--map-only", action="store_true", help="open the map viewer without a scenario")
    p.add_argument("--save-dir", default="saves", help="where F5 saves and F10 reports go (default saves/)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.frames is not None or args.screenshot:
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
        if args.frames is None:
            args.frames = 2
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    check_save_dir(args.save_dir)
    if args.screenshot:
        from engine.cli.outputs import check_output
        os.makedirs(os.path.dirname(args.screenshot) or ".", exist_ok=True)
        check_output(args.screenshot, "--screenshot")  # before the window, not after the frames
    try:
        from engine.ui.launch import run_table
    except ImportError as e:
        if getattr(e, "name", "") != "pygame":
            raise
        raise EngineError("play needs pygame, which is not part of the core install: pip install -e '.[ui]'") from None
    return run_table(args)

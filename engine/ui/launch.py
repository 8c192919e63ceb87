"""Open the table for ``eastflank play``: the CLI hands its arguments here, so only engine/ui imports pygame."""

from __future__ import annotations

import argparse
import sys

import pygame

from engine.ui.app import App, open_app


def run_table(args: argparse.Namespace) -> int:
    """Load before the window opens (a bad scenario or save is reported as text), then play."""
    if args.map_only:
        from engine.geo import mapfile
        app = App(mapfile.load(), None, args.size, save_dir=args.save_dir, scale=args.scale)
    else:
        app = open_app(args.scenario, args.load, args.seed, args.size, args.save_dir,
                       initial_handover=args.frames is None, offer_resume=args.frames is None, scale=args.scale)
    rc = app.run(args.frames, args.screenshot)
    if args.frames is not None:
        mean, worst = app.frame_stats()
        print(f"{args.frames} frames at {args.size[0]}x{args.size[1]} ({pygame.display.get_driver()} driver): "
              f"draw {mean:.1f} ms mean, "
              f"{worst:.1f} ms worst" + (f"; screenshot {args.screenshot}" if args.screenshot else ""),
              file=sys.stderr)
    pygame.display.quit()
    return rc

"""``eastflank serve`` and ``eastflank join``: networked team play (engine/net/).

``serve`` holds the one game and prints a join code per role; ``join`` plays a
seat with an AI policy (``--policy``) or opens the table window for the code's
role. Everything the user can get wrong (address, code, scenario, save, port in
use) is a one-line EngineError.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from pathlib import Path

from engine.errors import EngineError

#: Longest --ai-after: a day. A seat left longer than a seminar day is not waiting for its cell; and
#: asyncio cannot schedule a wait of 1e308 s (OverflowError).
MAX_AI_AFTER = 86_400.0

DEFAULT_PORT = 8765


def register(sub) -> None:
    p = sub.add_parser("serve", help="serve one game to cells at their own screens (join codes per role)",
                       description="Hold one authoritative game; print one join code per side, the white "
                                   "cell and the projector. Binds 127.0.0.1 unless --host is given. "
                                   "Autosaves after every phase and every white-cell inject; --resume continues "
                                   "from the autosave, with the injects and the undone orders and their reasons.")
    p.add_argument("scenario", nargs="?", default=None, help="scenario YAML (default: scenarios/baseline-2020.yaml)")
    p.add_argument("--seed", type=int, default=None,
                   help="seed of the game's dice (default: a random 62-bit seed, printed here only; a small "
                        "seed would let an AI seat, which learns its policy seed, guess the dice)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"TCP port (default {DEFAULT_PORT}; 0: any free)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to bind (default 127.0.0.1: this machine only; traffic is not encrypted)")
    p.add_argument("--autosave", default=None, metavar="PATH",
                   help="autosave file (default saves/<scenario id>-net.json)")
    p.add_argument("--resume", action="store_true", help="continue the game of the autosave file")
    p.add_argument("--ai", action="append", default=[], metavar="SIDE=POLICY",
                   help="start with a side's seat played by the server's AI (random, scripted, greedy)")
    p.add_argument("--ai-after", type=float, default=0.0, metavar="SECONDS",
                   help="hand the seat to act to the --fallback AI once no client has held it this long "
                        "(default 0: never; the white cell can always hand a seat to an AI or pause)")
    p.add_argument("--fallback", default="scripted", metavar="POLICY", help="AI for --ai-after (default scripted)")
    p.add_argument("--until-over", action="store_true", help="stop serving when the game ends")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("join", help="join a served game: the table for the code's role, or --policy headless",
                       description="Join a game served by 'eastflank serve'. The code may also come from "
                                   "the EASTFLANK_CODE environment variable (not visible in the process list).")
    p.add_argument("address", metavar="HOST:PORT")
    p.add_argument("--code", default=None, help="join code printed by serve (or $EASTFLANK_CODE)")
    p.add_argument("--policy", default=None, metavar="NAME",
                   help="play the seat headless with an AI policy (random, scripted)")
    p.add_argument("--scenario", default=None, metavar="YAML",
                   help="the served scenario's file (default: found by its id under scenarios/)")
    p.add_argument("--retry", type=float, default=30.0, metavar="SECONDS",
                   help="keep trying to rejoin for this long after the connection drops (default 30)")
    p.add_argument("--frames", type=int, default=None, help="window: render N frames and stop (headless use)")
    p.add_argument("--screenshot", metavar="PNG", help="window: save the last frame to PNG")
    p.add_argument("--size", default="1280x800", help="window size WxH (default 1280x800)")
    p.set_defaults(func=cmd_join)


def _ai_seats(items: list[str]) -> dict[str, str]:
    out = {}
    for it in items:
        side, sep, pol = it.partition("=")
        if not sep or not side or not pol:
            raise EngineError(f"--ai {it!r}: expected SIDE=POLICY (e.g. red=scripted)")
        out[side] = pol
    return out


def cmd_serve(args: argparse.Namespace) -> int:
    import asyncio

    from engine.core.save import load_game as load_saved_game, read_save
    from engine.game.game import load_game
    from engine.net.host import Host
    from engine.net.protocol import client_validator
    from engine.net.server import NetServer

    from engine.ai import make_policy
    from engine.safeio import check_output_path

    client_validator()  # a missing network extra is reported before anything else
    # Every argument is checked before anything is written: a refused start leaves no autosave behind
    # (which would make the next start ask for --resume).
    if not 0 <= args.port < 65536:
        raise EngineError(f"--port {args.port}: expected 0..65535")
    if not 0 <= args.ai_after <= MAX_AI_AFTER:  # (NaN fails too)
        raise EngineError(f"--ai-after {args.ai_after}: expected seconds from 0 to {MAX_AI_AFTER:g}")
    make_policy(args.fallback)  # an unknown name fails here, with the known ones
    ai = _ai_seats(args.ai)
    game = load_game(args.scenario)
    path = Path(args.autosave) if args.autosave else Path("saves") / f"{game.scenario.id}-net.json"
    if os.path.lexists(path) and not path.is_file():
        raise EngineError(f"{path}: the autosave must be a regular file")
    injects: list[dict] = []
    undone: list[dict] = []
    if args.resume:
        state, undone = load_saved_game(path, game)
        injects = read_save(path)["injects"]  # checked by load_saved_game's read: the white cell's injects come back
    else:
        if path.exists():
            raise EngineError(f"{path}: an autosave is already there: --resume to continue it, "
                              "or --autosave to name another file")
        import secrets
        state = game.new_initial_state(args.seed if args.seed is not None else secrets.randbits(62))
    fresh = not os.path.lexists(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    check_output_path(path)  # a symlink, device or read-only folder: refused now, not at the first save
    host = Host(game, state, autosave=path, ai=ai, injects=injects, undone=undone)
    host.save()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)

    head = f"serving {game.scenario.id} (seed {state.seed}, turn {state.turn}, {len(state.history)} orders)"

    def ready(srv: NetServer) -> None:
        where = f"[{args.host}]:{srv.port}" if ":" in args.host else f"{args.host}:{srv.port}"  # IPv6 bracketed
        print(f"{head} on {where}; autosave {path}")
        print("join codes (give each only to its cell):")
        for role, code in host.codes.items():
            ai = f"   (played by the server's {host.ai[role][0]} AI)" if role in host.ai else ""
            print(f"  {role:<10} {code}{ai}")
        print(f"  e.g. eastflank join {where} --code CODE", flush=True)

    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: serving on {args.host}: traffic (and join codes) is not encrypted; "
              "use it on a network you trust", file=sys.stderr)
    srv = NetServer(host, args.host, args.port, until_over=args.until_over, on_ready=ready,
                    ai_after=args.ai_after, fallback_policy=args.fallback)
    try:
        asyncio.run(srv.run())
    except OSError as e:
        if fresh and not host.state.history:  # never served: the autosave we just made holds nothing
            with contextlib.suppress(OSError):
                path.unlink()
        raise EngineError(f"cannot serve on {args.host}:{args.port}: {e.strerror or e}") from None
    st = host.state
    oc = st.outcome()
    print(f"stopped at turn {st.turn} ({len(st.history)} orders); state {st.state_hash()[:16]}"
          + (f"; {oc.winner} wins ({oc.reason})" if oc else ""))
    return 0


def find_scenario(scenario_id: str) -> Path:
    """The scenario file named by its id under scenarios/ (each file is named by its id)."""
    import re

    from engine.game.game import DEFAULT_SCENARIO
    root = DEFAULT_SCENARIO.parent
    # The id comes from the server: '../../x' loaded a YAML file outside scenarios/, '*' any scenario,
    # '/etc/x' or a 300-character id ended join with a traceback. An id is a plain file name here.
    if not isinstance(scenario_id, str) or not re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.\-]{0,127}", scenario_id):
        raise EngineError(f"the server plays scenario {str(scenario_id)[:80]!r}, which is not a scenario id "
                          "(letters, digits, '_', '-', '.'): pass --scenario")
    hits = sorted(p for p in root.rglob(f"{scenario_id}.yaml") if "rules" not in p.relative_to(root).parts)
    if not hits:
        raise EngineError(f"the server plays scenario {scenario_id!r}, which is not under {root}: pass --scenario")
    return hits[0]


def cmd_join(args: argparse.Namespace) -> int:
    from engine.game.game import load_game
    from engine.net.client import Session, play_seat, split_address

    split_address(args.address)
    code = args.code or os.environ.get("EASTFLANK_CODE")
    if not code:
        raise EngineError("join needs a code: --code CODE or the EASTFLANK_CODE environment variable")
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s", stream=sys.stderr)
    session = Session(args.address, code)
    welcome = session.connect()
    game = load_game(args.scenario or find_scenario(welcome["scenario_id"]))
    if args.policy:
        status = play_seat(session, game, args.policy, retry=args.retry)
        session.close()
        oc = status.get("outcome") or {}
        print(f"{welcome['role']}: game over at turn {status.get('turn')}: "
              f"{oc.get('winner', '?')} ({oc.get('reason', '')})")
        return 0
    from engine.net.table import run_table
    return run_table(session, game, args)

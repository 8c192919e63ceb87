"""``eastflank effects``: measure every claim of seeds/claims.yaml and write seeds/effects.md."""

from __future__ import annotations

import sys



def register(sub) -> None:
    p = sub.add_parser("effects", help="measure the scenarios' claimed effects (seeds/claims.yaml) into seeds/effects.md")
    p.add_argument("-n", type=int, default=50, help="seeds per scenario and block (at least 50 for the table; default 50)")
    p.add_argument("--blocks", type=int, default=4,
                   help="seed blocks (run seeds SEED .. SEED+BLOCKS-1, n games each); the table says how many hold")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--jobs", type=int, default=2, help="worker processes (results identical for any value)")
    p.add_argument("--out", default=None, metavar="MD", help="write the table to this file (default: stdout; the published one is seeds/effects.md)")
    p.add_argument("--policy", default="random", help="policy of both sides (default random, as playouts)")
    p.add_argument("--compare", action="append", default=[], metavar="POLICY",
                   help="also measure every claim with this policy on both sides (same seeds): extra columns")
    p.add_argument("--check", action="store_true", help="exit 1 if a claim does not hold")
    from engine.cli.options import add_progress_backend
    add_progress_backend(p)
    p.set_defaults(func=cmd_effects)


def cmd_effects(args) -> int:
    from pathlib import Path

    from engine.analysis import effects
    from engine.cli.options import check_counts
    check_counts("effects", args.n, args.jobs, min_n=2, blocks=args.blocks)
    # Writes go only to a file the user names: a two-seed run from anywhere replaced the published table.
    out = Path(args.out) if args.out and args.out != "-" else "-"
    from engine.ai import make_policy
    from engine.cli.options import check_run
    for name in [args.policy, *args.compare]:
        make_policy(name)  # an unknown name fails here with the known ones
    names = [args.policy, *args.compare]
    from engine.cli.options import given_twice
    twice = given_twice(names)
    if twice:  # its columns would repeat the same games' numbers, at the cost of playing them again
        from engine.errors import EngineError
        raise EngineError(f"effects: {', '.join(twice)} is given twice (--policy {args.policy}"
                          f"{''.join(' --compare ' + p for p in args.compare)}); each policy is measured once")
    # backend extra and the output path, before any game; the claims and their scenarios are inputs (an --out
    # over one replaced it after every game)
    claims = effects.load_claims()
    inputs = [str(effects.CLAIMS_FILE)] + sorted({str(effects.SCENARIOS / s) for c in claims
                                                  for s in (c.scenario, c.against)})
    check_run(args, {"--out": str(out)}, inputs=inputs)
    log = sys.stderr if out == "-" else sys.stdout
    from engine.analysis.progress import progress
    bar = progress("effects", True if args.progress else None)
    res = effects.write_table(args.n, args.seed, args.jobs, out, args.policy, args.blocks,
                              args.backend, args.address, bar, args.compare)
    for e in res:
        blocks = f"  {e.blocks_holding}/{e.blocks} blocks" if e.blocks_holding >= 0 else ""
        print(f"{e.claim.id:24s} {e.diff:+8.2f} [{e.low:+.2f}, {e.high:+.2f}]  "
              f"{'holds' if e.holds else 'DOES NOT HOLD'}{blocks}{'  (wiring check)' if e.claim.kind == 'wiring' else ''}",
              file=log)
    if out != "-":
        print(f"wrote {out}", file=log)
    log.flush()
    bad = [e.claim.id for e in res if not e.holds]
    return 1 if (args.check and bad) else 0

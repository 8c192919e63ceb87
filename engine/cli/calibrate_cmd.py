"""``eastflank calibrate``: play the published-wargame cases (scenarios/calibration/) and write seeds/calibration.md."""

from __future__ import annotations

import sys



def register(sub) -> None:
    from engine.cli.options import add_progress_backend
    p = sub.add_parser("calibrate", help="play the calibration cases against their published bands (seeds/calibration.md)")
    p.add_argument("-n", type=int, default=50, help="games per case and policy pair (default 50)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--jobs", type=int, default=2, help="worker processes (results identical for any value)")
    p.add_argument("--policies", nargs="+", default=None, metavar="RED/BLUE",
                   help="policy pairs, the first decides the verdict (default: search/search search/greedy "
                        "greedy/greedy scripted/scripted)")
    p.add_argument("--cases", default=None, metavar="ID[,ID]",
                   help="play only these cases (ids as in the table, e.g. suwalki-gap; default: every case)")
    p.add_argument("--out", default=None, metavar="MD", help="write the table to this file (default: stdout; the published one is seeds/calibration.md)")
    p.add_argument("--check", action="store_true", help="exit 1 if a band does not hold for the first pair")
    add_progress_backend(p)
    p.set_defaults(func=cmd_calibrate)


def cmd_calibrate(args) -> int:
    from pathlib import Path

    from engine.analysis import calibrate
    from engine.analysis.progress import progress
    from engine.cli.options import check_run
    from engine.cli.options import check_counts
    check_counts("calibrate", args.n, args.jobs)
    pairs = calibrate.parse_pairs(args.policies) if args.policies else calibrate.DEFAULT_PAIRS
    cases = calibrate.select_cases(args.cases)
    # Writes go only to a file the user names: a one-game run from anywhere replaced the published table.
    out = Path(args.out) if args.out and args.out != "-" else "-"
    # the case scenarios are inputs: --out over one would replace it after every game
    check_run(args, {"--out": str(out)}, inputs=[str(calibrate.CASES_DIR / c.scenario) for c in calibrate.CASES])
    rows = calibrate.write_table(args.n, args.seed, args.jobs, out, pairs,
                                 progress=progress("calibrate", args.progress or None),
                                 backend=args.backend, address=args.address, cases=cases)
    log = sys.stderr if out == "-" else sys.stdout
    for r in rows:
        u, pair = r.measure.unit, f"{r.pair[0]}/{r.pair[1]}"
        print(f"{r.case:22s} {r.measure.id:21s} {pair:18s} median {calibrate.fmt(r.median, u):>9s}  "
              f"p10-p90 {calibrate.fmt(r.p10, u)} - {calibrate.fmt(r.p90, u)}  "
              f"{'holds' if r.holds else 'DOES NOT HOLD'}", file=log)
    if out != "-":
        print(f"wrote {out}", file=log)
    log.flush()
    bad = [r for r in rows if r.pair == tuple(pairs[0]) and not r.holds]
    return 1 if (args.check and bad) else 0

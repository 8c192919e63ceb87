"""The "with the verdicts" table of tests/MUTATION.md: mutmut's results joined with the verdict rows of a survivors file.

Run from the directory where `make mutate` ran (it reads mutants/**/*.meta, mutmut's own result files):
`python tests/mutation_verdicts.py tests/MUTATION_r6_survivors.md`. The survivors file is the source of truth:
every survivor, "no tests" and timeout in the results must have exactly one verdict row, and no row may name a
mutant the run killed; each breach is printed as PROBLEM (exit status 1), so "every survivor explained" is checked,
not claimed. Verdict kinds by the row's first words: "killed by" a test, "equivalent", "dead code", "NOT KILLED",
"timeout" (an endless loop, counted as killed). Score = (killed by the run + timeouts + killed by tests) /
(checked - equivalent - dead code).
"""

from __future__ import annotations

import glob
import json
import re
import sys
from collections import Counter, defaultdict

#: mutmut's exit codes in its .meta files: 1 a test failed, 0 all passed, 33 no selected test reaches the function,
#: 36 mutmut's own time limit, -24 SIGXCPU (the CPU-time watchdog of a run; see MUTATION.md), None not run yet.
ST = {0: "survived", 33: "no tests", -24: "timeout", 36: "timeout", None: "not checked", 1: "killed"}
LIVE = ("survived", "no tests", "timeout")


def mname(mod: str, label: str, k: int) -> str:
    if "." in label:
        cls, fn = label.split(".", 1)
        return f"{mod}.xǁ{cls}ǁ{fn}__mutmut_{k}"
    return f"{mod}.x_{label}__mutmut_{k}"


def kind_of(text: str) -> str:
    t = text.strip()
    if t.startswith("killed"):
        return "killed"
    if t.startswith("equivalent"):
        return "equivalent"
    if t.startswith("dead"):
        return "dead"
    if t.startswith("NOT KILLED"):
        return "notkilled"
    if t.startswith("timeout"):
        return "timeout"
    return "?" + t[:40]


def main(path: str) -> int:
    res: dict[str, str] = {}
    for f in glob.glob("mutants/**/*.meta", recursive=True):
        with open(f, encoding="utf-8") as fh:
            codes = json.load(fh)["exit_code_by_key"]
        for k, v in codes.items():
            res[k] = ST.get(v, f"exit{v}")
    seen: dict[str, tuple[str, str]] = {}
    problems: list[str] = []
    mod: str | None = None
    for line in open(path, encoding="utf-8"):
        h = re.match(r"^#{2,4} `?(engine\.[\w.]+)`?\s*$", line)
        if h:
            mod = h.group(1)
            continue
        r = re.match(r"^\| `([\w.]+)` ([\d, ]+) \| (.*) \|\s*$", line)
        if r and mod:
            label, nums, text = r.group(1), r.group(2), r.group(3)
            k = kind_of(text)
            for x in nums.replace(" ", "").split(","):
                if not x:
                    continue
                n = mname(mod, label, int(x))
                if n in seen:
                    problems.append(f"twice: {n}")
                seen[n] = (mod, k)
                if res.get(n) not in LIVE:
                    problems.append(f"verdict for a mutant that is {res.get(n)}: {n}")
                if k == "timeout" and res.get(n) != "timeout":
                    problems.append(f"timeout verdict but {res.get(n)}: {n}")
                if k.startswith("?"):
                    problems.append(f"unknown verdict {k}: {n}")
    for n, st in res.items():
        if st in LIVE and n not in seen:
            problems.append(f"UNCLASSIFIED {n}: {st}")
    allc: defaultdict[str, Counter] = defaultdict(Counter)
    for n, st in res.items():
        allc[n.split(".x", 1)[0]][st] += 1
    kinds: defaultdict[str, Counter] = defaultdict(Counter)
    for n, (m, k) in seen.items():
        if res.get(n) in LIVE:
            kinds[m][k] += 1
    print("| module | mutants | checked | killed (run) | timeout | survived + no tests | killed by new tests | "
          "equivalent | dead code | not killed (no test yet) | not checked | score |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    T: Counter = Counter()
    for m in sorted(allc):
        c, k = allc[m], kinds[m]
        checked = c["killed"] + c["survived"] + c["timeout"] + c["no tests"]
        surv = c["survived"] + c["no tests"] + (c["timeout"] - k["timeout"])
        row = dict(mutants=sum(c.values()), checked=checked, killed=c["killed"], timeout=k["timeout"], surv=surv,
                   kt=k["killed"], eq=k["equivalent"], dead=k["dead"], nk=k["notkilled"], nc=c["not checked"])
        T.update(row)
        den = checked - row["eq"] - row["dead"]
        num = row["killed"] + row["timeout"] + row["kt"]
        sc = f"{100 * num / den:.1f} %" if den else "–"
        print(f"| `{m}` | {row['mutants']} | {checked} | {row['killed']} | {row['timeout']} | {surv} | {row['kt']} | "
              f"{row['eq']} | {row['dead']} | {row['nk']} | {row['nc']} | {sc} |")
    den = T["checked"] - T["eq"] - T["dead"]
    num = T["killed"] + T["timeout"] + T["kt"]
    print(f"| **all** | {T['mutants']} | {T['checked']} | {T['killed']} | {T['timeout']} | {T['surv']} | {T['kt']} | "
          f"{T['eq']} | {T['dead']} | {T['nk']} | {T['nc']} | **{100 * num / den:.1f} %** |")
    print(f"\nSCORE {num} of {den} = {100 * num / den:.2f} %; checked {T['checked']}; not killed {T['nk']}; "
          f"timeouts {T['timeout']}; problems {len(problems)}")
    for p in problems:
        print("PROBLEM", p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))

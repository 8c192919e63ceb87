"""Summarise mutmut's results for tests/MUTATION.md (run by `make mutate`, from the repository root).

Prints, per module, the mutants killed, survived, timed out, with no covering test and not yet
checked, the score (killed / checked), and each survivor with its one-line diff, so a person can
mark it as killed by a new test or equivalent in tests/MUTATION.md.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

BIN = Path(sys.executable).parent


def results() -> list[tuple[str, str]]:
    out = subprocess.run([str(BIN / "mutmut"), "results", "--all", "true"], capture_output=True, text=True,
                         check=True).stdout
    rows = []
    for line in out.splitlines():
        if ":" in line and "__mutmut_" in line:
            name, status = line.strip().rsplit(":", 1)
            rows.append((name.strip(), status.strip()))
    return rows


def module(name: str) -> str:
    return name.split(".x", 1)[0]  # engine.rules.combat.x_retreat__mutmut_4 -> engine.rules.combat


def diff(name: str) -> str:
    out = subprocess.run([str(BIN / "mutmut"), "show", name], capture_output=True, text=True).stdout
    lines = [x[1:].strip() for x in out.splitlines() if x.startswith(("-", "+")) and not x.startswith(("---", "+++"))]
    return " => ".join(lines)


def main() -> int:
    rows = results()
    by_mod: dict[str, Counter] = defaultdict(Counter)
    for name, status in rows:
        by_mod[module(name)][status] += 1
    print("| module | mutants | killed | survived | timeout | no tests | not checked | score (killed/checked) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    total: Counter = Counter()
    for mod in sorted(by_mod):
        c = by_mod[mod]
        total.update(c)
        checked = c["killed"] + c["survived"] + c["timeout"] + c["no tests"]
        score = f"{100 * (c['killed'] + c['timeout']) / checked:.1f} %" if checked else "–"
        print(f"| `{mod}` | {sum(c.values())} | {c['killed']} | {c['survived']} | {c['timeout']} | {c['no tests']} | "
              f"{c['not checked']} | {score} |")
    checked = total["killed"] + total["survived"] + total["timeout"] + total["no tests"]
    if checked:
        print(f"\nChecked {checked} mutants: {total['killed'] + total['timeout']} killed "
              f"({100 * (total['killed'] + total['timeout']) / checked:.1f} %).")
    print("\nSurvivors and mutants no selected test reaches:\n")
    for name, status in rows:
        if status in ("survived", "no tests"):
            print(f"* `{name}` ({status}): `{diff(name)}`")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

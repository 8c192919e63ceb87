"""Measured effects of the source-brief scenarios: each claim of seeds/claims.yaml, played out.

A claim compares one metric (a scenario ``metrics:`` id) between two scenarios over the same
seeds with the default policies, and reports the mean difference with a 95 % Welch confidence
interval. The claim holds when the interval excludes zero in the predicted direction.

One block of seeds can pass by luck, so claims are measured over several blocks (run seeds
``seed``, ``seed + 1`` ...): the table gives the pooled interval and how many blocks hold on
their own. A claim whose compared value is constant by construction (``kind: wiring``) only
shows that a feature is wired in, not what it does; the table lists those apart, and marks
any arm that was the same in every game.
``eastflank effects`` writes the table to seeds/effects.md; the tests call :func:`measure`.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Callable, Mapping, Sequence

import attrs

from engine.errors import EngineError

ROOT = Path(__file__).resolve().parents[2]
CLAIMS_FILE = ROOT / "seeds" / "claims.yaml"
SCENARIOS = ROOT / "scenarios"
EFFECTS_MD = ROOT / "seeds" / "effects.md"


class ClaimsError(EngineError):
    """seeds/claims.yaml is malformed."""


@attrs.frozen
class Claim:
    id: str
    scenario: str  # path relative to scenarios/
    against: str
    metric: str  # metric id of the scenarios' metrics: section
    direction: int  # +1: larger in scenario, -1: smaller
    claim: str
    facts: tuple[str, ...] = ()
    kind: str = "effect"  # "effect": a measured difference; "wiring": the compared value is constant
    wiring: str = ""  # for kind wiring: why the compared value is constant by construction


KINDS = ("effect", "wiring")


@attrs.frozen
class Effect:
    claim: Claim
    n: int
    mean_scenario: float
    mean_against: float
    diff: float
    low: float
    high: float
    blocks: int = 1  # seed blocks pooled into this interval
    blocks_holding: int = -1  # blocks whose own interval holds (-1: not measured by blocks)
    constant_scenario: bool = False  # the metric had one value in every game of the scenario
    constant_against: bool = False

    @property
    def holds(self) -> bool:
        """The 95 % interval excludes zero on the predicted side."""
        return self.low > 0 if self.claim.direction > 0 else self.high < 0


def load_claims(path: Path = CLAIMS_FILE) -> tuple[Claim, ...]:
    import yaml
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise ClaimsError(f"{path}: cannot read claims ({e})") from None
    items = data.get("claims") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ClaimsError(f"{path}: expected a mapping with a list 'claims'")
    out: list[Claim] = []
    seen: set[str] = set()
    for i, c in enumerate(items):
        need = ("id", "scenario", "against", "metric", "direction", "claim")
        if not isinstance(c, dict) or any(k not in c for k in need):
            raise ClaimsError(f"{path}: claims[{i}]: expected keys {', '.join(need)} (and facts)")
        if c["id"] in seen:
            raise ClaimsError(f"{path}: claims[{i}]: duplicate id {c['id']!r}")
        if c["direction"] not in (1, -1):
            raise ClaimsError(f"{path}: claims[{i}].direction: expected +1 or -1, got {c['direction']!r}")
        kind = c.get("kind", "effect")
        if kind not in KINDS:
            raise ClaimsError(f"{path}: claims[{i}].kind: expected one of {', '.join(KINDS)}, got {kind!r}")
        why = str(c.get("wiring", "")).strip()
        if (kind == "wiring") != bool(why):
            raise ClaimsError(f"{path}: claims[{i}].wiring: expected the reason the compared value is constant "
                              "exactly when kind is wiring")
        seen.add(c["id"])
        out.append(Claim(str(c["id"]), str(c["scenario"]), str(c["against"]), str(c["metric"]),
                         int(c["direction"]), str(c["claim"]), tuple(str(f) for f in c.get("facts", ())),
                         kind, why))
    return tuple(out)


# --- statistics ---------------------------------------------------------------------------

def _t_quantile(df: float, z: float = 1.959964) -> float:
    """Two-sided 95 % Student t quantile (Cornish-Fisher expansion; exact enough for df >= 5)."""
    if not math.isfinite(df) or df > 1e6:
        return z
    df = max(df, 1.0)
    return (z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2)
            + (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * df ** 3))


def welch_ci(a: Sequence[float], b: Sequence[float]) -> tuple[float, float, float]:
    """(mean(a) - mean(b), low, high): 95 % Welch interval; exact when both samples are constant."""
    na, nb = len(a), len(b)
    if na < 2 or nb < 2:
        raise EngineError("effects: need at least 2 games per scenario for an interval")
    ma, mb = sum(a) / na, sum(b) / nb
    va = sum((x - ma) ** 2 for x in a) / (na - 1)
    vb = sum((x - mb) ** 2 for x in b) / (nb - 1)
    se2 = va / na + vb / nb
    d = ma - mb
    if se2 == 0:
        return d, d, d
    df = se2 ** 2 / ((va / na) ** 2 / (na - 1) + (vb / nb) ** 2 / (nb - 1))
    h = _t_quantile(df) * math.sqrt(se2)
    return d, d - h, d + h


# --- measurement -----------------------------------------------------------------------------

Runner = Callable[[str, int], list[Mapping[str, float | None]]]


def play(scenario: str, n: int, seed: int = 1, jobs: int = 1,
         policy: str = "random", backend: str = "local", address: str | None = None,
         progress=None) -> list[Mapping[str, float | None]]:
    """Per-game metric dicts of ``n`` playouts of a scenario under scenarios/, every side
    played by ``policy`` (default: random, the default policy of playouts), on any backend
    (engine/analysis/runner.py: the same results for local processes and Ray)."""
    from engine.analysis.playout import ScenarioFactory
    from engine.analysis.runner import run_games
    path = str(SCENARIOS / scenario)
    factory = ScenarioFactory(path)
    names = {s: policy for s in factory().side_ids}
    return [r["metrics"] for r in run_games(factory, n, seed, jobs=jobs, policy_names=names,
                                            progress=progress, backend=backend, address=address)]


def cached_runner(n: int, seed: int = 1, jobs: int = 1, policy: str = "random", backend: str = "local",
                  address: str | None = None, progress=None) -> Runner:
    """A runner that plays each scenario once and reuses its games for every claim."""
    cache: dict[str, list] = {}

    def run(scenario: str, _n: int) -> list:
        if scenario not in cache:
            cache[scenario] = play(scenario, n, seed, jobs, policy, backend, address, progress)
        return cache[scenario]
    return run


def _values(claim: Claim, scen: str, n: int, runner: Runner) -> list[float]:
    vals = []
    for r in runner(scen, n):
        if claim.metric not in r:
            raise EngineError(f"effects: {scen} has no metric {claim.metric!r} (claim {claim.id})")
        v = r[claim.metric]
        vals.append(0.0 if v is None else float(v))
    return vals


def _effect(claim: Claim, a: list[float], b: list[float], blocks: int = 1, holding: int = -1) -> Effect:
    d, lo, hi = welch_ci(a, b)
    return Effect(claim, len(a), sum(a) / len(a), sum(b) / len(b), d, lo, hi, blocks, holding,
                  len(set(a)) == 1, len(set(b)) == 1)


def measure(claim: Claim, n: int, runner: Runner) -> Effect:
    """The claim's effect over ``n`` seeds (the same seeds for both scenarios)."""
    return _effect(claim, _values(claim, claim.scenario, n, runner), _values(claim, claim.against, n, runner))


def measure_blocks(claim: Claim, n: int, runners: Sequence[Runner]) -> Effect:
    """The claim over several blocks of ``n`` seeds: the pooled interval, and how many blocks hold alone."""
    a: list[float] = []
    b: list[float] = []
    holding = 0
    for run in runners:
        xa, xb = _values(claim, claim.scenario, n, run), _values(claim, claim.against, n, run)
        holding += _effect(claim, xa, xb).holds
        a += xa
        b += xb
    return _effect(claim, a, b, len(runners), holding)


def measure_all(n: int, seed: int = 1, jobs: int = 1,
                claims: Sequence[Claim] | None = None, policy: str = "random", blocks: int = 1,
                backend: str = "local", address: str | None = None, progress=None) -> list[Effect]:
    """Every claim; with ``blocks`` > 1, over run seeds seed .. seed + blocks - 1, n games each."""
    cs = claims if claims is not None else load_claims()
    if blocks <= 1:
        runner = cached_runner(n, seed, jobs, policy, backend, address, progress)
        return [measure(c, n, runner) for c in cs]
    runners = [cached_runner(n, seed + k, jobs, policy, backend, address, progress) for k in range(blocks)]
    return [measure_blocks(c, n, runners) for c in cs]


def _blocks(e: Effect) -> str:
    return f"{e.blocks_holding}/{e.blocks}" if e.blocks_holding >= 0 else "–"


def _row(e: Effect, also: Sequence[Effect] = ()) -> str:
    c = e.claim
    mark = " (same in every game)"
    extra = "".join(f" {a.mean_scenario:.2f} / {a.mean_against:.2f} | {a.diff:+.2f} [{a.low:+.2f}, {a.high:+.2f}] | "
                    f"{'yes' if a.holds else '**no**'} | {_blocks(a)} |" for a in also)
    return (f"| {c.claim} | `{c.scenario}` | `{c.against}` | `{c.metric}` | "
            f"{e.mean_scenario:.2f}{mark if e.constant_scenario else ''} | "
            f"{e.mean_against:.2f}{mark if e.constant_against else ''} | "
            f"{e.diff:+.2f} [{e.low:+.2f}, {e.high:+.2f}] | {'+' if c.direction > 0 else '−'} | "
            f"{'yes' if e.holds else '**no**'} | {_blocks(e)} | {', '.join(c.facts)} |{extra}")


def table(effects: Sequence[Effect], n: int, seed: int, policy: str = "random", blocks: int = 1,
          compare: Sequence[tuple[str, Sequence[Effect]]] = ()) -> str:
    """seeds/effects.md, as Markdown: measured effects, then wiring checks. ``compare``: (policy, the
    same claims measured with it on the same seeds) for extra columns beside the main policy's."""
    games = n * blocks
    cmd = (f"eastflank effects -n {n}{f' --blocks {blocks}' if blocks > 1 else ''} --seed {seed} --jobs 2"
           f"{'' if policy == 'random' else ' --policy ' + policy}"
           f"{''.join(' --compare ' + p for p, _ in compare)} --out seeds/effects.md")
    seeds = (f"{blocks} blocks of {n} seeds (run seeds {seed} to {seed + blocks - 1}), {games} games per scenario"
             if blocks > 1 else f"the same {n} seeds")
    head = ("| claim | scenario | compared with | metric | mean | mean (compared) | difference [95 % CI] | "
            "predicted | holds | blocks holding | facts |"
            + "".join(f" means under {p} | difference under {p} | holds under {p} | blocks ({p}) |" for p, _ in compare))
    rule = "|---|---|---|---|---:|---:|---|:-:|:-:|:-:|---|" + "---:|---|:-:|:-:|" * len(compare)
    by_id = [{a.claim.id: a for a in effs} for _, effs in compare]

    def row(e: Effect) -> str:
        return _row(e, [d[e.claim.id] for d in by_id if e.claim.id in d])
    out = [
        "# Measured effects of the scenarios",
        "",
        f"Made by `eastflank effects` (this exact command: `{cmd}`); the claims are in `seeds/claims.yaml`, the",
        "metrics in the `metrics:` section of `scenarios/baseline-2020.yaml` (inherited by every variant),",
        "their functions in `engine/analysis/metrics_builtin.py` and `engine/analysis/metrics_scenarios.py`.",
        "",
        f"Each row plays both scenarios on {seeds}, with the {policy} policy on both sides"
        + (" (the default)," if policy == "random" else ",")
        + "".join(f" and again with the {p} policy on both sides (the columns 'under {p}', same seeds),"
                  for p, _ in compare),
        "and gives the mean of the metric in each, the difference (scenario − compared with) and its 95 %",
        "Welch confidence interval over all games. **holds** = the interval excludes zero in the direction",
        "the brief predicts; **blocks holding** = in how many seed blocks the claim holds on its own (a",
        "claim that holds in one block only is luck, not an effect). *(same in every game)* marks a mean",
        "that did not vary at all. Settings under `scenarios/variants/` are one scenario with one thing changed.",
        "",
        "## Measured effects",
        "",
        head, rule,
    ]
    out += [row(e) for e in effects if e.claim.kind != "wiring"]
    wiring = [e for e in effects if e.claim.kind == "wiring"]
    if wiring:
        out += ["", "## Wiring checks", "",
                "The compared value of these claims is constant by construction (the reason follows the table),",
                "so they show that a feature is wired in, not how large its effect is.", "", head, rule]
        out += [row(e) for e in wiring]
        out += [""] + [f"* `{e.claim.id}`: {e.claim.wiring}" for e in wiring]
    out += ["", "Metric meanings:", ""]
    for mid, text in METRIC_TEXT.items():
        out.append(f"* `{mid}`: {text}")
    return "\n".join(out) + "\n"


#: One line per metric id used in the claims, for the table's reader.
METRIC_TEXT: Mapping[str, str] = {
    "by_ready_t4": "Belarusian brigades (mechanised, air assault) deployed and under Red's command as day 4 starts",
    "red_air_points": "Red air points per day (off-map plus active air bases), mean over the game",
    "doctrine_adopted": "1 if Belarus adopted the Union State doctrine during the game",
    "integration": "integration track at the end (0-100)",
    "red_ready_near_border_t5": "Red units in Belarus, deployed, within 3 hexes (45 km) of Poland, Lithuania or Latvia as day 5 starts",
    "blue_air_suwalki": "Blue air points per day left over the Suwałki gap after hostile air-defence capacity covering it, mean",
    "blue_in_missile_range": "Blue units within range of a Red missile unit, mean per day",
    "blue_under_red_ew": "Blue units inside the radius of a Red EW source, mean per day",
    "blue_detected_by_red": "Blue units Red sees under fog of war, mean per day",
    "warning_turns": "days NATO was warned (nato_alert) before the end of the game",
    "incidents": "border incidents: days tension stood at 85 or more",
}


def write_table(n: int, seed: int = 1, jobs: int = 1, out: Path | str = EFFECTS_MD,
                policy: str = "random", blocks: int = 1, backend: str = "local",
                address: str | None = None, progress=None, compare: Sequence[str] = ()) -> list[Effect]:
    """Measure every claim with ``policy`` (and each ``compare`` policy, same seeds) and write the table;
    the main policy's effects are returned."""
    effects = measure_all(n, seed, jobs, policy=policy, blocks=blocks, backend=backend, address=address,
                          progress=progress)
    others = [(p, measure_all(n, seed, jobs, policy=p, blocks=blocks, backend=backend, address=address,
                              progress=progress)) for p in compare]
    text = table(effects, n, seed, policy, blocks, others)
    if str(out) == "-":
        import sys
        sys.stdout.write(text)
    else:
        from engine.safeio import write_atomic
        write_atomic(str(out), text)
    return effects

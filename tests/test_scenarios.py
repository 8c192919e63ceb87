"""The source-brief scenarios: every file validates, plays to the end headless, and traces to seeds/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from engine.ai import make_policy
from engine.cli.scenario_cmd import summary
from engine.analysis.effects import load_claims
from engine.game.game import DEFAULT_SCENARIO, load_game
from engine.scenario.loader import load_scenario
from engine.analysis.playout import play_game

ROOT = Path(__file__).resolve().parent.parent
SCEN = ROOT / "scenarios"
BRIEF_SCENARIOS = ("baseline-2020", "union-doctrine", "logistic-bases", "rotational-presence",
                   "permanent-base", "zapad-2021")
FILES = sorted(SCEN.glob("*.yaml")) + sorted((SCEN / "variants").glob("*.yaml"))
SEEDS_README = (ROOT / "seeds" / "README.md").read_text(encoding="utf-8")


def test_the_six_brief_scenarios_exist_named_by_id():
    for sid in BRIEF_SCENARIOS:
        sc = load_scenario(SCEN / f"{sid}.yaml")
        assert sc.id == sid


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_scenario_validates_with_sensible_counts(path):
    sc = load_scenario(path)
    info = summary(sc)
    assert sc.id == path.stem
    assert info["units_by_side"]["red"] >= 25 and info["units_by_side"]["blue"] >= 10
    assert info["bases"] >= 8 and info["tracks"] >= 7 and info["objectives"] >= 3
    assert info["options"]["red"] >= 5 and info["options"]["blue"] >= 3
    # The brief's conclusions apply everywhere: OSCE channel, flank options, opposition track.
    opts = {o.id for o in sc.options}
    if "no-osce" not in sc.id:
        assert "osce_talks" in opts
    assert {"nato_strengthen_flank", "nato_air_defence"} <= opts
    assert "belarus_opposition" in {t.id for t in sc.tracks}
    assert sc.briefing.count("?") >= 3 and len(sc.victory.questions) >= 3


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_scenario_plays_to_the_end_with_default_policies(path):
    game = load_game(path)
    policies = {s: make_policy("random") for s in game.side_ids}
    res, state = play_game(game, 7, policies)
    assert state.is_terminal()
    assert res["winner"] in ("red", "blue", "draw")
    assert state.turn == game.scenario.turns or state.end_reason


@pytest.mark.parametrize("sid", BRIEF_SCENARIOS)
def test_every_scenario_id_is_traced_in_seeds(sid):
    # the scenario id appears in the fact -> scenario table together with the facts it rests on
    rows = [ln for ln in SEEDS_README.splitlines() if ln.startswith("|") and f"`{sid}`" in ln]
    assert rows, f"{sid} missing from seeds/README.md tables"
    assert any(re.search(r"\bF\d+\b", ln) for ln in rows)


def test_scenario_sources_name_facts_that_exist():
    facts = set(re.findall(r"^\| (F\d+) \|", SEEDS_README, re.M))
    for sid in BRIEF_SCENARIOS:
        sc = load_scenario(SCEN / f"{sid}.yaml")
        cited = [s.split("#", 1)[1] for s in sc.sources if "#F" in s]
        assert cited and set(cited) <= facts, (sid, cited)


def test_claims_name_existing_scenarios_and_metrics():
    for c in load_claims():
        for f in (c.scenario, c.against):
            sc = load_scenario(SCEN / f)
            assert c.metric in {m.id for m in sc.metrics}, (c.id, f)


def test_default_scenario_is_the_baseline():
    assert DEFAULT_SCENARIO.name == "baseline-2020.yaml"

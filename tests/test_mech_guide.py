"""The guide's campaign example (scenarios/README.md) loads, uses every new key, and plays."""

from __future__ import annotations

import re
from pathlib import Path

from engine.game.game import Game, load_game
from engine.scenario.model import ChangeCommand, SetReadiness

ROOT = Path(__file__).resolve().parent.parent / "scenarios"


def _example(tmp_path: Path) -> Path:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- complete example -->\s*```yaml\n(id: guide-campaign.*?)```", text, re.S).group(1)
    p = tmp_path / "campaign.yaml"
    p.write_text(block.replace("rules/", f"{(ROOT / 'rules').as_posix()}/"), encoding="utf-8")
    return p


def test_campaign_example_loads_every_new_key(tmp_path: Path) -> None:
    g = load_game(_example(tmp_path))
    sc, r = g.scenario, g.scenario.rules
    assert sc.turn_hours == 12 and r.time.rate_hours == 24
    assert r.fires.max_support_units == 2 and r.supply.home_territory and not r.rail.occupier_wrecks
    assert (r.rail.capture_days, r.rail.regauge_days, r.movement.obstacle_cost, r.combat.delay_trade) == (2, 5, 2, 1)
    assert r.movement.control_needs_manoeuvre and r.unit_types["pl_engineer_bn"].lays_obstacles
    assert (r.movement.road_capacity, r.movement.congested_road_cost) == (3, 2)
    assert (r.movement.road_march, r.movement.march_contact, r.movement.contact_movement) == (2.5, 3, 0.4)
    assert (g.mp_scale, g.march_road_ticks) == (5, 2)
    assert (r.supply.road_supply_reach, r.supply.road_supply_throughput) == (4, 9)
    assert r.supply.home_territory_trace and r.supply.cut_off_control_days == 1
    assert r.unit_types["patriot_bty"].intercept == 0.5 and r.unit_types["himars_bn"].fire_range == 5
    assert next(s for s in r.readiness.states if s.id == "restrained").held
    assert [(o.side, g.label(o.location)) for o in sc.obstacles] == [("blue", "Augustów")]
    assert [(n.nation, n.may_not_enter, n.until_event) for n in sc.nation_rules][0] == ("POL", ("LTU",), "vilnius_invites")
    assert sc.nation_rules[1].until is not None and sc.nation_rules[1].may_not_fire_on == ("BLR",)
    effs = [e for ev in sc.events for e in ev.effects] + [e for o in sc.options for e in o.effects]
    assert SetReadiness("deployed", nation="LTU") in effs and ChangeCommand("red", nation="BLR") in effs
    assert {m.metric for m in sc.metrics} == {"arrival_hour", "encircled", "losses_share", "held_by_manoeuvre"}


def test_campaign_example_plays(tmp_path: Path) -> None:
    from engine.testing import play_games
    g: Game = load_game(_example(tmp_path))
    res = play_games(g, 3, seed=1, red="greedy", blue="scripted", belarus="random", metrics=g.scenario.metrics)
    assert all(r["turns"] == 6 and r["clock"] == "T6 2021-09-12 12:00" and r["hours"] == 72 for r in res)
    assert all("red_at_suwalki_h" in r["metrics"] for r in res)

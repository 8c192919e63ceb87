"""supply.home_joined (a search back from one hex) answers exactly as membership of the whole home-soil
region, supply.connected(home_only=True), which it replaced in the logistics phase for speed."""

from __future__ import annotations

from engine.ai import make_policy
from engine.analysis.playout import ScenarioFactory
from engine.core.rng import Rng
from engine.rules import supply


def test_home_joined_is_membership_of_the_home_region_on_every_hex():
    # Zima-20 at war from turn 1: Red columns in Poland block traces and cut pockets, so both answers
    # occur (checked below). Every hex of the map, both sides, at three points of a random game.
    g = ScenarioFactory("scenarios/calibration/zima-20.yaml")()
    s = g.new_initial_state(3)
    pol, rng = make_policy("random"), Rng(3)
    seen_in = seen_out = 0
    for checkpoint in (0, 150, 300):
        while len(s.history) < checkpoint and not s.is_terminal():
            s.apply_action(pol.choose(s, s.legal(), rng))
        for side in g.side_ids:
            region = supply.connected(s, side, home_only=True)
            for p in range(len(g.hexes)):
                assert supply.home_joined(s, side, p) == (p in region), (checkpoint, side, p)
            seen_in += len(region)
            seen_out += len(g.hexes) - len(region)
    assert seen_in > 0 and seen_out > 0


def test_joined_is_membership_of_the_whole_region_for_a_hex_and_its_neighbours():
    # cutoff.cut_off asks supply.joined for a place and its neighbours (any soil): the same answer as
    # "the hex or a neighbour lies in supply.connected", checked on every land hex, both sides, at
    # three points of a random Zima-20 game (and both answers occur).
    g = ScenarioFactory("scenarios/calibration/zima-20.yaml")()
    s = g.new_initial_state(5)
    pol, rng = make_policy("random"), Rng(5)
    edges = supply.static(g).edges
    answers = set()
    for checkpoint in (0, 200, 400):
        while len(s.history) < checkpoint and not s.is_terminal():
            s.apply_action(pol.choose(s, s.legal(), rng))
        for side in g.side_ids:
            region = supply.connected(s, side)
            for p in range(len(g.hexes)):
                ring = (p, *(j for j, _ in edges[p]))
                want = any(q in region for q in ring)
                assert supply.joined(s, side, ring) == want, (checkpoint, side, p)
                answers.add(want)
    assert answers == {True, False}

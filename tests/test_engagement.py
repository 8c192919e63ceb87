"""Rules of engagement (engine/rules/engagement.py) on the hexagon with known answers.

The hexagon (radius 4, open land, foot 1 MP per hex, +1 MP to cross a border) is Belarus (Red's)
for q <= 0 and Poland (Blue's) for q >= 1. Red is restrained until ``tension >= 90`` (tension
starts at 50); Blue has no entry unless a test gives it one.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from engine.core.actions import AirMission, Attack, Move, Strike
from engine.errors import ScenarioError
from engine.game.game import DEFAULT_SCENARIO, Game
from engine.geo.hexgrid import Hex, distance, hex_range
from engine.scenario.loader import load_scenario
from engine.scenario.model import Condition, Track
from engine.rules import engagement
from engine.analysis.synthetic import _digest
from tests.airfixture import ops_game, to_phase

RADIUS = 4
POLAND = {(h.q, h.r): "POL" for h in hex_range(Hex(0, 0), RADIUS) if h.q >= 1}
WAR = Condition("tension", ">=", 90)


def _game(units, red=(WAR,), blue=()) -> Game:
    g0 = ops_game(units, country=POLAND, radius=RADIUS)
    eng = {k: tuple(v) for k, v in (("red", red), ("blue", blue)) if v}
    sc = attrs.evolve(g0.scenario, tracks=(Track("tension", "Tension", 0, 100, 50, {"war": 90}),), engagement=eng)
    sc = attrs.evolve(sc, digest=_digest(sc))
    return Game(sc, g0.map)


def _moves(state, uid: str) -> list[Move]:
    return [a for a in state.legal_actions() if isinstance(a, Move) and a.unit == uid]


def _country(g: Game, h) -> str:
    return g.country[g.index[Hex(*h)]]


# --- movement -------------------------------------------------------------------------------

def test_restrained_side_cannot_enter_the_other_sides_country():
    g = _game([("r1", "inf", "red", -2, 0), ("b1", "inf", "blue", 4, 0)])
    s = to_phase(g.new_initial_state(0), "movement")
    start = Hex(-2, 0)
    inside = [h for h in hex_range(Hex(0, 0), RADIUS) if h.q <= 0 and h != start and distance(start, h) <= 4]
    moves = _moves(s, "r1")
    assert len(moves) == len(inside) == 31  # every Belarusian hex within 4 MP, no Polish one
    assert {tuple(m.dst) for m in moves} == {tuple(h) for h in inside}
    assert not engagement.may_engage(s, "red") and engagement.may_engage(s, "blue")
    why = s.why_illegal(Move("r1", start, Hex(1, 0)))  # 4 MP away: only the gate forbids it
    assert why == "Red may not cross into POL yet: rules of engagement need tension >= 90 (it is 50)"
    assert s.observation("red").engaged == (("red", False), ("blue", True))


def test_open_gate_lets_the_side_cross():
    g = _game([("r1", "inf", "red", -2, 0), ("b1", "inf", "blue", 4, 0)])
    s = to_phase(g.new_initial_state(0), "movement")
    assert len(_moves(s, "r1")) == 31
    s.tracks["tension"] = 90  # an event or the facilitator moves the track: the gate opens
    moves = _moves(s, "r1")
    # plus the Polish hexes within 4 MP counting the border's +1 MP: (1, r) for r in -3..0
    assert len(moves) == 35
    assert sorted(tuple(m.dst) for m in moves if _country(g, m.dst) == "POL") == [(1, -3), (1, -2), (1, -1), (1, 0)]
    assert s.why_illegal(Move("r1", Hex(-2, 0), Hex(1, 0))) is None
    assert s.observation("blue").engaged == (("red", True), ("blue", True))


def test_side_without_an_entry_is_unrestricted():
    g = _game([("r1", "inf", "red", -4, 0), ("b1", "inf", "blue", 3, 0)])
    s = to_phase(g.new_initial_state(0), "movement", "blue")
    into_belarus = [m for m in _moves(s, "b1") if _country(g, m.dst) == "BLR"]
    # 3 hexes + 1 MP border: the Belarusian hexes at distance 3
    assert sorted(tuple(m.dst) for m in into_belarus) == [(0, 0), (0, 1), (0, 2), (0, 3)]
    s.apply_action(Move("b1", Hex(3, 0), Hex(0, 0)))
    assert s.unit_hex("b1") == Hex(0, 0)


# --- combat, air, missiles -------------------------------------------------------------------

def _border_game(**kw) -> Game:
    # red infantry at (0,0) in Belarus faces blue infantry at (1,0) in Poland; an Iskander at (-3,0)
    return _game([("r1", "inf", "red", 0, 0), ("isk", "isk", "red", -3, 0), ("b1", "inf", "blue", 1, 0)], **kw)


def test_restrained_side_cannot_attack_until_the_track_says_so():
    g = _border_game()
    s = to_phase(g.new_initial_state(0), "movement")
    s.apply_action("end")
    s.apply_action("end")
    assert (s.phase, s.current_player()) == ("combat", "blue")  # restrained red had nothing to attack
    s = to_phase(g.new_initial_state(0), "movement")
    s.tracks["tension"] = 95  # an incident spiral reached the war threshold
    s = to_phase(s, "combat")
    assert [a for a in s.legal_actions() if isinstance(a, Attack)] == [Attack(Hex(1, 0), ("r1",))]
    assert s.why_illegal(Attack(Hex(1, 0), ("r1",))) is None
    s.tracks["tension"] = 50  # the facilitator de-escalates: the gate closes again
    assert not [a for a in s.legal_actions() if isinstance(a, Attack)]
    assert s.why_illegal(Attack(Hex(1, 0), ("r1",))) == \
        "Red may not attack yet: rules of engagement need tension >= 90 (it is 50)"


def test_restrained_side_cannot_strike_or_fly_over_the_enemy():
    g = _border_game()
    s = to_phase(g.new_initial_state(0), "air")
    acts = s.legal_actions()
    assert not [a for a in acts if isinstance(a, Strike)]
    assert not [a for a in acts if isinstance(a, AirMission) and a.mission == "strike"]
    # air support stays legal over own units in Belarus, never over Poland
    support = sorted(tuple(a.target) for a in acts if isinstance(a, AirMission) and a.mission == "support")
    assert support and all(_country(g, h) == "BLR" for h in support)
    assert s.why_illegal(Strike("isk", "hex", Hex(1, 0))) == \
        "Red may not make missile strikes yet: rules of engagement need tension >= 90 (it is 50)"
    assert s.why_illegal(AirMission("strike", Hex(1, 0), 1)).startswith("Red may not fly missions over POL yet")
    assert s.why_illegal(AirMission("support", Hex(0, 0), 1)) is None
    s.tracks["tension"] = 90
    acts = s.legal_actions()
    assert Strike("isk", "hex", Hex(1, 0)) in acts
    assert AirMission("strike", Hex(1, 0), 1) in acts
    # Once the gate opens the strike goes through: seed 0's next six dice are 2 1 2 5 2 1, one 5+ ->
    # one hit on b1 (2 steps -> 1), and the Iskander has fired for the turn.
    s.apply_action(Strike("isk", "hex", Hex(1, 0)))
    assert s.log[-1] == "  missile strike (6 points) on 1,0: dice 2 1 2 5 2 1 (hit on 5+, at most 2) -> 1 hit"
    assert s.units["b1"].strength == 1 and s.steps_lost == {"red": 0, "blue": 1}
    assert s.why_illegal(Strike("isk", "hex", Hex(1, 0))) == "isk has already fired this turn"


def test_only_the_restrained_side_is_held():
    g = _border_game(red=(), blue=(WAR,))  # only blue restrained; red attacks from Belarus
    s = to_phase(g.new_initial_state(0), "combat")
    assert engagement.closed_countries(s, "blue") == frozenset({"BLR"})
    assert [a for a in s.legal_actions() if isinstance(a, Attack)] == [Attack(Hex(1, 0), ("r1",))]


# --- loader ---------------------------------------------------------------------------------

def _write(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "roe.yaml"
    p.write_text(f"extends: {DEFAULT_SCENARIO.as_posix()}\nid: roe\n{body}", encoding="utf-8")
    return p


def test_loader_reads_engagement_with_thresholds(tmp_path: Path):
    sc = load_scenario(_write(tmp_path, 'engagement:\n  red: ["tension >= war", "integration >= 50"]\n'))
    assert sc.engagement["red"] == (Condition("tension", ">=", 95), Condition("integration", ">=", 50))
    assert sc.engagement["blue"] == (Condition("tension", ">=", 95),)  # inherited from the baseline


def test_loader_rejects_unknown_track_and_side(tmp_path: Path):
    p = _write(tmp_path, 'engagement:\n  red: ["tensoin >= 90"]\n  green: ["tension >= war"]\n')
    with pytest.raises(ScenarioError) as ei:
        load_scenario(p)
    msg = str(ei.value)
    assert f"{p.name}:4:9: engagement.red[0]: 'tensoin' is not a known track (did you mean 'tension'?)" in msg
    assert f"{p.name}:5:3: engagement.green: 'green' is not a known side" in msg


def test_loader_rejects_unknown_threshold(tmp_path: Path):
    with pytest.raises(ScenarioError, match=r"roe.yaml:4:9: engagement.red\[0\]: 'peace' is not a threshold"):
        load_scenario(_write(tmp_path, 'engagement:\n  red: ["tension >= peace"]\n'))


def test_shipped_baseline_gives_each_side_its_countries():
    from engine.game.game import load_game
    g = load_game()
    assert engagement.hostile_countries(g, "red") == frozenset({"POL", "LTU", "LVA", "EST", "USA", "DEU", "CAN", "GBR"})
    assert engagement.hostile_countries(g, "blue") == frozenset({"RUS", "BLR"})
    s = g.new_initial_state(0)
    assert s.observation("red").engaged == (("red", False), ("blue", False))

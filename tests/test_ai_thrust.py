"""The attacker's axes of advance (engine/ai/thrust.py): detachments to what the enemy scores on.

Fixtures: the hexagon of tests/airfixture.py (open ground) with known answers worked out by
hand, and one game of the shipped zapad-2021-war read once and checked.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from engine.core.actions import Move
from engine.geo.hexgrid import Hex, distance
from engine.ai import thrust, war
from engine.ai.war import WarStaff, defends
from engine.core.rng import Rng
from tests.airfixture import ops_game, to_phase

ROOT = Path(__file__).resolve().parent.parent / "scenarios"
TOWN = Hex(2, 0)
UNITS = [("r1", "tank", "red", -3, 0), ("r2", "tank", "red", -3, 1), ("r3", "mech", "red", -2, -1)]


def _game(units, points: int = 10, turns: int = 3, home: tuple[int, int] | None = None):
    """``units`` on the hexagon (Poland from q = 1 east, Town in it); blue scores ``points`` for Town (2,0),
    red for nothing (red attacks)."""
    from engine.analysis.synthetic import _digest
    from engine.game.game import Game
    from engine.scenario.model import Doctrine, DoctrineObjective, Objective
    poland = {(q, r): "POL" for q in range(1, 7) for r in range(-6, 7)}
    g0 = ops_game(units, turns=turns, country=poland)
    vic = attrs.evolve(g0.scenario.victory, objectives=(Objective("Town", TOWN, points, "blue"),))
    sc = attrs.evolve(g0.scenario, victory=vic)
    if home is not None:  # red's doctrine, written for peace: hold a home town (as the shipped crises)
        home_obj = DoctrineObjective("Home", Hex(*home), 10, "hold")
        sc = attrs.evolve(sc, doctrine={"red": Doctrine(objectives=(home_obj,))})
    return Game(attrs.evolve(sc, digest=_digest(sc)), g0.map)


def _red_movement(g):
    st = g.new_initial_state(1)
    to_phase(st, "movement", "red")
    return st, st.observation("red"), st.legal()


def test_a_detachment_sized_by_the_points_closes_on_the_enemy_objective():
    # Town is worth 10: with THRUST_POINTS 5 two units go. All three red units stand 5 hexes from
    # Town; the two tanks (stronger than the mech) are sent, each to a hex nearer Town; the mech
    # is left to the evaluator.
    g = _game(UNITS)
    assert not defends(g, "red") and thrust.THRUST_POINTS == 5
    st, obs, legal = _red_movement(g)
    assert {u.id: distance(g.hexes[u.pos], TOWN) for u in st.units.values()} == {"r1": 5, "r2": 5, "r3": 5}
    out, decided = thrust.plan_thrusts(st, obs, legal.groups, legal.actions_of, set())
    assert sorted(a.unit for a in out) == ["r1", "r2"] and decided == {"r1", "r2"}
    for a in out:
        assert isinstance(a, Move) and distance(a.dst, TOWN) < 5
    # worth 15: three units, the mech too
    st, obs, legal = _red_movement(_game(UNITS, points=15))
    out, decided = thrust.plan_thrusts(st, obs, legal.groups, legal.actions_of, set())
    assert sorted(a.unit for a in out) == ["r1", "r2", "r3"] and decided == {"r1", "r2", "r3"}


def test_units_on_a_taken_objective_stay_and_no_one_else_is_sent():
    # r1 stands on Town (so red controls it): it stays, decided with no order; r2 is not sent.
    g = _game([("r1", "tank", "red", 2, 0), ("r2", "tank", "red", -3, 1)])
    st, obs, legal = _red_movement(g)
    assert dict(obs.control).get(TOWN) == "red"
    out, decided = thrust.plan_thrusts(st, obs, legal.groups, legal.actions_of, set())
    assert out == [] and decided == {"r1"}


def test_the_defender_sends_no_detachment():
    # Blue owns Town (10) and red owns nothing: blue defends, and its war staff never marches on
    # red's ground (red has no objective to take anyway); red's staff does.
    g = _game(UNITS + [("b1", "tank", "blue", 4, 0)])
    assert defends(g, "blue")
    assert thrust.enemy_objectives(g, "blue") == [] and [o.name for o in thrust.enemy_objectives(g, "red")] == ["Town"]


def _staff_red_moves(g, on: bool, monkeypatch) -> dict[str, Hex]:
    monkeypatch.setattr(war, "THRUST", on)
    st, _, _ = _red_movement(g)
    staff, rng = WarStaff(), Rng(1)
    while st.phase == "movement" and st.current_player() == "red":
        st.apply_action(staff.choose(st, st.legal(), rng))
    return {u.id: g.hexes[u.pos] for u in st.units.values() if u.side == "red"}


def test_the_war_staff_marches_on_the_objective_only_with_thrusts(monkeypatch):
    # Red's doctrine says "hold Home" (-4,0), as the shipped crisis doctrines name only home towns.
    # Without the detachments the evaluator's pull is towards Home, and no move changes control:
    # the tanks stay 5 hexes or more from Town. With them both close on it.
    g = _game(UNITS, home=(-4, 0))
    off = _staff_red_moves(g, False, monkeypatch)
    on = _staff_red_moves(g, True, monkeypatch)
    assert max(distance(on[u], TOWN) for u in ("r1", "r2")) < min(distance(off[u], TOWN) for u in ("r1", "r2"))


def test_search_red_takes_vilnius_where_the_greedy_mirror_does_not(monkeypatch):
    # zapad-2021-war, greedy blue, seed 5 (read once): greedy red enters neither Vilnius nor the
    # Suwałki gap (blue keeps 25 points); search red sends detachments and ends the game on both.
    # Without the detachments search red leaves Vilnius to blue.
    from engine.analysis.playout import play_game
    from engine.ai import make_policy
    from engine.game.game import load_game
    g = load_game(ROOT / "variants" / "zapad-2021-war.yaml")

    def held(red: str) -> tuple[str, str]:
        r, _ = play_game(g, 5, {"red": make_policy(red), "blue": make_policy("greedy")})
        return r["objectives"]["Vilnius"], r["objectives"]["Suwałki gap"]

    assert held("greedy") == ("blue", "blue")
    assert held("search") == ("red", "red")
    monkeypatch.setattr(war, "THRUST", False)
    assert held("search")[0] == "blue"

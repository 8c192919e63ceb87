"""The air plan of the war layer (engine/ai/airplan.py): strikes where the enemy's air defence is thin.

Fixtures: the hexagon of tests/airfixture.py (no fog, so every enemy unit is a legal strike
target; blue has 3 air points a turn, strike 0.5 hits per point; ``sam``: air-defence radius 4,
2 points a turn; ``isk``: a missile launcher, 2 steps). Known answers derived by hand per test.
"""

from __future__ import annotations

from engine.core.actions import AirMission
from engine.geo.hexgrid import Hex
from engine.ai.airplan import enemy_air_defence, plan_air
from engine.ai.war import WarStaff
from engine.core.rng import Rng
from tests.airfixture import ops_game, to_phase


def _air(units):
    g = ops_game(units)
    st = g.new_initial_state(1)
    to_phase(st, "air", "blue")
    return st, st.observation("blue"), st.legal()


def _plan(units):
    st, obs, legal = _air(units)
    return plan_air(st, obs, legal.groups, legal.actions_of), st, obs


def test_strikes_go_where_no_air_defence_covers():
    # A red SAM at (-3,0) covers 4 hexes around it (2 points a turn); a red tank next to it at (-2,0)
    # and a red mech at (3,3), 9 hexes from the SAM: uncovered. 3 points over the mech get 1.5 hits
    # (0.5 per point); over the tank the SAM takes 2 of 3 and 1 gets through (0.17 per point flown).
    # So all 3 go to the mech, as one order of 2 and one of 1 (orders list 1 or 2 points).
    out, st, obs = _plan([("s", "sam", "red", -3, 0), ("t", "tank", "red", -2, 0), ("m", "mech", "red", 3, 3),
                          ("b", "inf", "blue", 5, -2)])
    assert enemy_air_defence(st.game, obs) == [(Hex(-3, 0), 4, 2)]
    assert out == [AirMission("strike", Hex(3, 3), 2), AirMission("strike", Hex(3, 3), 1)]


def test_launchers_are_struck_before_line_units():
    # Two uncovered targets: an Iskander-like launcher (2 steps, role missile) at (-3,3) and a tank at
    # (3,-3). Per point: 0.5 hits either way, but a launcher step counts 1.5 (it is what kills our
    # steps): 0.75 against 0.5, and 3 points give 1.5 hits <= its 2 steps, so all 3 go to the launcher.
    out, _, _ = _plan([("l", "isk", "red", -3, 3), ("t", "tank", "red", 3, -3), ("b", "inf", "blue", 0, 0)])
    assert {a.target for a in out} == {Hex(-3, 3)} and sum(a.points for a in out) == 3


def test_under_full_cover_the_air_defence_itself_is_struck():
    # Only covered targets: the SAM at (0,0) and a tank at (1,0) under it. 3 points into either: the
    # SAM takes 2, 1 gets through (0.5 hits). The SAM's step counts 1.5 (counter-air), the tank's 1:
    # all 3 points at the SAM (a 2 and a 1).
    out, _, _ = _plan([("s", "sam", "red", 0, 0), ("t", "tank", "red", 1, 0), ("b", "inf", "blue", 5, 0)])
    assert out == [AirMission("strike", Hex(0, 0), 2), AirMission("strike", Hex(0, 0), 1)]


def test_war_staff_flies_the_plan_in_the_air_phase():
    # The staff plays the plan's orders as the phase's first orders: after them blue has no points
    # left and the mech of the first test has been struck with 3 points.
    st, _, _ = _air([("s", "sam", "red", -3, 0), ("t", "tank", "red", -2, 0), ("m", "mech", "red", 3, 3),
                     ("b", "inf", "blue", 5, -2)])
    staff, rng = WarStaff(), Rng(1)
    flown = []
    for _ in range(2):
        a = staff.choose(st, st.legal(), rng)
        flown.append(a)
        st.apply_action(a)
    assert flown == [AirMission("strike", Hex(3, 3), 2), AirMission("strike", Hex(3, 3), 1)]
    assert st.air_points["blue"] == 0


def test_reserve_that_cannot_hide_goes_under_own_air_defence():
    # A red radar base (detection 20) sees the whole hexagon (radius 6): nowhere is out of sight.
    # Blue owns Town (4,0) (10 points, so blue defends) held by t1; a blue SAM at (3,-4) covers the
    # hexes within 4 of it. The reserve tank t2 at (-1,3) (7 hexes from the SAM) is decided by the
    # conceal plan only because cover is within its move: it ends within 4 of the SAM. Without the
    # cover rule it would be left to the evaluator (nowhere hidden), and not in ``done``.
    import attrs
    from engine.analysis.synthetic import _digest
    from engine.game.game import Game
    from engine.geo.hexgrid import distance
    from engine.scenario.model import Objective
    from engine.ai.war import plan_conceal
    from tests.airfixture import base
    g0 = ops_game([("t1", "tank", "blue", 4, 0), ("t2", "tank", "blue", -1, 3), ("s", "sam", "blue", 3, -4),
                   ("r1", "tank", "red", -5, 0)], bases=[base("radar", "radar", "red", -6, 6, detection_range=20)],
                  fog=True)
    vic = attrs.evolve(g0.scenario.victory, objectives=(Objective("Town", Hex(4, 0), 10, "blue"),))
    sc = attrs.evolve(g0.scenario, victory=vic)
    g = Game(attrs.evolve(sc, digest=_digest(sc)), g0.map)
    st = g.new_initial_state(1)
    to_phase(st, "movement", "blue")
    obs, legal = st.observation("blue"), st.legal()
    assert distance(Hex(-1, 3), Hex(3, -4)) == 7
    hide, done = plan_conceal(st, obs, legal.groups, legal.actions_of, {"t1", "s"})
    assert done == {"t2"} and len(hide) == 1 and hide[0].unit == "t2"
    assert distance(hide[0].dst, Hex(3, -4)) <= 4


def test_an_unseen_enemy_radar_is_assumed_where_the_scenario_put_it():
    # Fog on. A red SAM whose radar sees 8 hexes at (-6,0), 8 hexes from blue's infantry at (2,0)
    # (blue's infantry sees 1 hex): blue does not see it, yet the reserve must hide from it, so the
    # sensor list has it at its scenario hex (-6,0) with range 8. A red tank (sees 1 < RADAR_RANGE 5),
    # equally unseen, is not assumed anywhere: only long-range sensors are.
    import attrs
    from engine.analysis.synthetic import _digest
    from engine.game.game import Game
    from engine.ai.war import RADAR_RANGE, enemy_sensors
    g0 = ops_game([("s", "sam", "red", -6, 0), ("t", "tank", "red", -5, 3), ("i", "inf", "blue", 2, 0)], fog=True)
    types = dict(g0.scenario.rules.unit_types)
    types["sam"] = attrs.evolve(types["sam"], detection_range=8)
    assert types["tank"].detection_range < RADAR_RANGE <= 8
    sc = attrs.evolve(g0.scenario, rules=attrs.evolve(g0.scenario.rules, unit_types=types))
    g = Game(attrs.evolve(sc, digest=_digest(sc)), g0.map)
    obs = g.new_initial_state(1).observation("blue")
    assert {u.id for u in obs.units} == {"i"}
    assert enemy_sensors(g, obs) == [(Hex(-6, 0), 8)]

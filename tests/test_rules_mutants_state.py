"""Known-answer tests for State helpers and fog-of-war queries that no other fast test reaches.

Written for `make mutate` (tests/MUTATION.md): `State.returns`, `sorted_unit_ids`, `group_actions`,
`drop_caches` (engine/core/state.py) and `intel.is_observed` / `intel.sensors`. Fixtures:
tests/enginefixture.py (hexagon, standard rules) and tests/airfixture.py (the same with fog of war,
scouts with detection range 3, mechs with range 1).
"""

from engine.geo.hexgrid import Hex
from engine.rules import intel
from tests.airfixture import ops_game
from tests.enginefixture import hexagon_game

UNITS = [("r2", "inf", "red", -3, 0), ("r1", "mech", "red", -2, 0), ("b1", "inf", "blue", 3, 0)]


def test_returns_are_one_for_the_winner_minus_one_for_the_loser_zero_otherwise():
    s = hexagon_game(UNITS).new_initial_state(1)
    assert s.returns() == {"red": 0.0, "blue": 0.0}  # not over
    s.forced_winner = "blue"
    assert s.returns() == {"red": 0.0, "blue": 0.0}  # still not over: no outcome yet
    s.terminal = True
    assert s.returns() == {"red": -1.0, "blue": 1.0}
    s.forced_winner = ""  # 0 : 0 points, margin 2: a draw
    assert s.outcome().winner == "draw" and s.returns() == {"red": 0.0, "blue": 0.0}


def test_sorted_unit_ids_all_or_one_side():
    s = hexagon_game(UNITS).new_initial_state(1)
    assert s.sorted_unit_ids() == ["b1", "r1", "r2"]
    assert s.sorted_unit_ids("red") == ["r1", "r2"] and s.sorted_unit_ids("blue") == ["b1"]


def test_group_actions_are_the_legal_actions_of_that_group():
    # Movement phase, red to act: one group per red unit that can move; its actions are exactly
    # the legal moves of that unit, in the order legal_actions lists them.
    s = hexagon_game(UNITS).new_initial_state(1)
    while s.phase != "movement":
        s.apply_action("end")
    keys = s.group_keys()
    assert keys == ["r1", "r2"]
    for uid in keys:
        legal = [a for a in s.legal_actions() if getattr(a, "unit", None) == uid]
        assert legal and s.group_actions(uid) == legal


def test_drop_caches_forgets_cached_results_and_changes_no_answer():
    s = hexagon_game(UNITS).new_initial_state(1)
    while s.phase != "movement":
        s.apply_action("end")
    before = s.legal_actions()
    assert s._reach or s._zoc  # the listing filled some cache
    s.drop_caches()
    assert (s._reach, s._zoc, s._vis, s._logi, s._side_ids) == ({}, {}, {}, {}, {})
    assert s.legal_actions() == before


def test_is_observed_and_sensors_under_fog():
    # Fog: blue scout (range 3) at (0,0) and blue mech (range 1) at (-4,2); red at (5,0).
    units = [("s", "scout", "blue", 0, 0), ("m", "mech", "blue", -4, 2), ("x", "inf", "red", 5, 0)]
    s = ops_game(units, fog=True).new_initial_state(1)
    g = s.game
    at = g.index
    assert intel.sensors(s, "blue") == [(at[Hex(-4, 2)], 1), (at[Hex(0, 0)], 3)]  # by unit id: m, s
    assert intel.sensors(s, "red") == [(at[Hex(5, 0)], 1)]  # infantry: the default range 1
    # Scout: (3,0) at distance 3 seen, (4,0) at 4 not; mech: (-4,3) at 1 seen, (-4,4) at 2 not.
    assert intel.is_observed(s, "blue", at[Hex(3, 0)]) and not intel.is_observed(s, "blue", at[Hex(4, 0)])
    assert intel.is_observed(s, "blue", at[Hex(-4, 3)]) and not intel.is_observed(s, "blue", at[Hex(-4, 4)])
    # A hex a side flew over this turn counts as a range-0 sensor there.
    s.air_missions.append((s.turn, "blue", "recce", at[Hex(5, -3)]))
    assert (at[Hex(5, -3)], 0) in intel.sensors(s, "blue") and intel.is_observed(s, "blue", at[Hex(5, -3)])
    # Without fog everything is observed.
    s2 = ops_game(units, fog=False).new_initial_state(1)
    assert intel.is_observed(s2, "blue", at[Hex(4, 0)])

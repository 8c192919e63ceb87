"""Air points, air defence bubbles, support, interdiction, air strikes and EW: known answers."""

import pytest

from engine.core.actions import Action, AirMission, End
from engine.errors import IllegalActionError
from engine.geo.hexgrid import Hex
from engine.core.rng import Rng
from engine.rules import air, combat, movement
from tests.airfixture import base, ops_game, to_phase

# Red S-400 ("sam": radius 4, 2 points a turn) at 0,0; a red tank inside the bubble, one outside.
UNITS = [("r_sam", "sam", "red", 0, 0), ("r1", "tank", "red", 2, 0), ("r2", "tank", "red", -5, 0),
         ("b1", "mech", "blue", 3, 0), ("b2", "mech", "blue", -5, 1)]


@pytest.fixture
def game():
    return ops_game(UNITS)


def blue_air(game, seed=1):
    return to_phase(game.new_initial_state(seed), "air", "blue")


def test_air_points_per_turn_and_bases(game):
    s = game.new_initial_state(1)
    assert s.air_points == {"red": 2, "blue": 3}  # rules.air.base_points
    g2 = ops_game(UNITS, bases=[base("ab", "air", "blue", -3, 3, air_points=2)])
    assert g2.new_initial_state(1).air_points["blue"] == 5


def test_s400_bubble_takes_blue_points_in_its_radius(game):
    s = blue_air(game)
    assert s.air_points["blue"] == 3
    inside = s.clone()
    inside.apply_action("air strike 2,0 3")  # distance 2 from the S-400: inside its radius 4
    assert inside.air_points["blue"] == 0
    assert inside.ad_used == {"r_sam": 2}
    assert inside.air_missions[-1][4:] == [1, 3]  # 1 of 3 points gets through
    assert "3 points, 2 lost to enemy air defence, 1 gets through" in inside.log[-2]
    outside = s.clone()
    outside.apply_action("air strike -5,0 3")  # distance 5: outside the bubble
    assert outside.ad_used == {} and outside.air_missions[-1][4:] == [3, 3]


def test_bubble_capacity_is_per_turn(game):
    s = blue_air(game)
    s.apply_action("air support 2,0 2")
    assert s.air_missions[-1][4] == 0  # both shot down
    s.apply_action("air support 2,0 1")
    assert s.air_missions[-1][4] == 1  # the S-400 has used its 2 points this turn
    assert air.support_points(s, "blue", Game_index(s, 2, 0)) == 1
    # next turn the capacity is back and the missions are gone
    s.apply_action("end")
    s = to_phase(s, "air", "blue")
    assert s.turn == 2 and s.ad_used == {} and s.air_missions == [] and s.air_points["blue"] == 3
    s.apply_action("air support 2,0 3")
    assert s.air_missions[-1][4] == 1


def Game_index(s, q, r):
    return s.game.index[Hex(q, r)]


def test_air_defence_base_bubble():
    g = ops_game([("r1", "tank", "red", 2, 0), ("b1", "mech", "blue", 3, 0)],
                 bases=[base("s400site", "garrison", "red", 0, 0, air_defence=1, air_defence_radius=3)])
    s = to_phase(g.new_initial_state(1), "air", "blue")
    s.apply_action("air strike 2,0 2")
    assert s.ad_used == {"base:s400site": 1} and s.air_missions[-1][4] == 1


def test_support_shifts_the_column_capped_and_defender_support(game):
    s = to_phase(game.new_initial_state(1), "air", "red")
    s.apply_action("air support -5,0 1")  # red supports its own tank (outside blue air defence: none)
    s.apply_action("end")
    s.apply_action("air support -5,0 2")  # blue supports its attack on r2
    assert s.why_illegal(AirMission("support", Hex(-5, 0), 1)).startswith("air support over -5,0 is already at its cap")
    s = to_phase(s, "combat", "blue")
    o = combat.odds(s, Game_index(s, -5, 0), ["b2"])
    assert "air support +2" in o.reasons and "defender air support -1" in o.reasons
    assert o.shift == 1  # +2 - 1, open terrain


def test_interdiction_adds_mp_for_the_enemy_only():
    g = ops_game([("r1", "tank", "red", 0, -5), ("b1", "mech", "blue", 0, 4)])
    s = to_phase(g.new_initial_state(1), "air", "red")
    before = s.clone()
    s.apply_action("air interdict 0,3 2")
    s.apply_action("end")
    s = to_phase(s, "movement", "blue")
    before = to_phase(before, "movement", "blue")
    t = Game_index(s, 0, 3)
    assert movement.reach(before, before.units["b1"])[t][0] == 2  # open ground, tracked
    assert movement.reach(s, s.units["b1"])[t][0] == 4  # + 2 points x 1 MP
    assert air.interdiction_costs(s, "red") == {}  # red's own units are not slowed
    # next turn the interdiction is over
    s.apply_action("end")
    s = to_phase(s, "movement", "blue")
    assert s.turn == 2 and movement.reach(s, s.units["b1"])[t][0] == 2


def test_air_strike_dice_and_losses(game):
    s = to_phase(game.new_initial_state(7), "air", "red")
    rng = Rng(state=s.rng.state)
    dice = [rng.randint(1, 6) for _ in range(2)]
    hits = sum(1 for d in dice if d <= 3)  # strike_hits 0.5 on a d6: 1-3 hits
    s.apply_action("air strike 3,0 2")  # b1, outside any blue air defence
    assert f"dice {dice[0]} {dice[1]} (hit on 3 or less) -> {hits} hit" in "\n".join(s.log)
    if hits < 3:
        assert s.units["b1"].strength == 3 - hits
    assert s.air_points["red"] == 0


def test_air_orders_legality_and_listing(game):
    s = blue_air(game)
    legal = s.legal_actions()
    assert legal[-1] == End() and all(isinstance(a, AirMission) for a in legal[:-1])
    assert AirMission("strike", Hex(2, 0), 1) in legal and AirMission("strike", Hex(-5, 0), 2) in legal
    assert len(legal) < 40  # bounded: near enemy units, not every hex of the map
    for a in legal:
        assert Action.from_str(a.to_str(game), game) == a
        assert s.is_legal(a)
    assert "has 3 air points left this turn, not 4" in s.why_illegal(AirMission("strike", Hex(2, 0), 4))
    assert "off the map" in s.why_illegal(AirMission("strike", Hex(40, 0), 1))
    assert "at least 1 point" in s.why_illegal(AirMission("strike", Hex(2, 0), 0))
    with pytest.raises(IllegalActionError):
        s.apply_action("air bomb 2,0 1")
    m = to_phase(s, "movement", "blue")
    assert "air phase, not movement" in m.why_illegal(AirMission("strike", Hex(2, 0), 1))
    assert not any(isinstance(a, AirMission) for a in m.legal_actions())


def test_no_air_phase_no_air_orders():
    from tests.enginefixture import hexagon_game
    g = hexagon_game([("r1", "tank", "red", 0, 0), ("b1", "mech", "blue", 1, 0)])
    s = g.new_initial_state(1)
    for _ in range(6):
        assert not any(isinstance(a, AirMission) for a in s.legal_actions())
        s.apply_action("end")


def test_ew_base_and_unit_shift_combat():
    units = [("r1", "tank", "red", 2, 0), ("b1", "mech", "blue", 3, 0)]
    g = ops_game(units, bases=[base("vileyka", "communications", "red", 0, 0, ew_shift=-1, ew_radius=3)])
    s = to_phase(g.new_initial_state(1), "combat", "red")
    red_attack = combat.odds(s, Game_index(s, 3, 0), ["r1"])
    assert "own EW +1" in red_attack.reasons  # target 3 hexes from the station
    blue_attack = combat.odds(s, Game_index(s, 2, 0), ["b1"])
    assert "enemy EW -1" in blue_attack.reasons
    far = combat.odds(ops_game([("r1", "tank", "red", 5, 0), ("b1", "mech", "blue", 6, -1)],
                               bases=[base("vileyka", "communications", "red", 0, 0, ew_shift=-1, ew_radius=3)])
                      .new_initial_state(1), Game_index(s, 5, 0), ["b1"])
    assert not any("EW" in r for r in far.reasons)
    # an EW unit of blue next to the fight cancels nothing: each side's strongest source counts
    g2 = ops_game(units + [("b_ew", "ewu", "blue", 4, 0)],
                  bases=[base("vileyka", "communications", "red", 0, 0, ew_shift=-1, ew_radius=3)])
    s2 = g2.new_initial_state(1)
    o = combat.odds(s2, Game_index(s2, 2, 0), ["b1"])
    assert "own EW +1" in o.reasons and "enemy EW -1" in o.reasons and o.shift == 0


# --- random playouts with air and strike orders ---------------------------------------------------

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from engine.core.actions import Strike  # noqa: E402
from engine.game.game import load_game  # noqa: E402
from tests.test_engine_invariants import check_invariants  # noqa: E402
from tests.airfixture import ops_game as _ops  # noqa: E402

PLAY = _ops([("r_sam", "sam", "red", 0, 0), ("r_isk", "isk", "red", 2, -4), ("r1", "tank", "red", -1, 0),
             ("r2", "mech", "red", -1, 1), ("b1", "mech", "blue", 1, 0), ("b2", "tank", "blue", 1, -1),
             ("b_ew", "ewu", "blue", 2, 0), ("b3", "inf", "blue", 0, 2)],
            bases=[base("ab", "air", "blue", -3, 5, air_points=2, air_defence=1, air_defence_radius=2)],
            fog=True, turns=4)
BASELINE = load_game()


def _play(game, picks, seed):
    s = game.new_initial_state(seed)
    kinds = set()
    for p in picks:
        if s.is_terminal():
            break
        legal = s.legal_actions()
        a = legal[p % len(legal)]
        assert Action.from_str(a.to_str(game), game) == a
        s.apply_action(a)
        kinds.add(type(a).__name__)
        check_invariants(s)
        for t in game.scenario.tracks:
            assert t.min <= s.tracks[t.id] <= t.max
        assert all(v >= 0 for v in s.air_points.values())
        assert all(n >= 0 for st_ in s.stocks.values() for n in st_.values())
    return s, kinds


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(picks=st.lists(st.integers(0, 10_000), min_size=1, max_size=150), seed=st.integers(0, 2**32))
def test_random_playouts_with_air_and_strikes_keep_invariants(picks, seed):
    s, _ = _play(PLAY, picks, seed)
    h = s.state_hash()
    assert s.clone().state_hash() == h
    back = PLAY.state_from_json(s.to_json())
    assert back.state_hash() == h and back.legal_actions() == s.legal_actions()
    assert [v.id for v in back.observation("blue").units] == [v.id for v in s.observation("blue").units]


def test_playouts_do_fly_and_strike():
    kinds = set()
    for seed in range(4):
        kinds |= _play(PLAY, [seed * 37 + k * 11 for k in range(200)], seed)[1]
    assert {"AirMission", "Strike", "Attack"} <= kinds


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32))
def test_baseline_playouts_tracks_in_range_and_same_seed_same_game(seed):
    picks = [(seed >> (k % 24)) + 7 * k for k in range(250)]
    a, _ = _play(BASELINE, picks, seed % 1000)
    b, _ = _play(BASELINE, picks, seed % 1000)
    assert a.state_hash() == b.state_hash()

"""Known-answer tests for missile-strike legality, interception and resolution (engine/rules/strike.py),
for `make mutate`.

Fixture: the rail net of tests/test_rules_mutants_r4_strike.py (hexagon radius 6, q <= 0 POL, rail on
the middle row with junctions at (-5,0), (-2,0), (-1,0), (2,0)), launchers at (4,0) (``isk``: strike 6,
range 8, 2 steps, so 6 points at full strength) plus test types: ``isk1`` (strike 1: 1 point), ``rng1``
(range 1), ``str0`` (range 0), ``gun`` (strike 0, range 3), missile defences ``abm1`` (chance 1.0)
and ``abm0`` (chance 0.01), intercept radius 2. Strike rules: hit on 5+, cut on 3+, base down on 4+.
Dice: the next draws of a copy of the state's RNG (seeds picked by scanning, as in test_ops_strike.py).
"""

import attrs

from engine.core.actions import Strike
from engine.core.rng import Rng
from engine.game.game import Game
from engine.geo.hexgrid import Hex
from engine.analysis.synthetic import _digest
from engine.rules import rail, strike
from engine.scenario.model import NationRule, UnitType
from tests.airfixture import base, to_phase
from tests.test_rules_mutants_r4_strike import FAR_BLUE, _game

TYPES = {
    "isk1": UnitType("isk1", "Tochka", "wheeled", 8, 0, 1, 2, "missile", range=8, strike=1, zoc=False),
    "rng1": UnitType("rng1", "Short", "wheeled", 8, 0, 1, 2, "missile", range=1, strike=6, zoc=False),
    "str0": UnitType("str0", "No range", "wheeled", 8, 0, 1, 2, "missile", range=0, strike=6, zoc=False),
    "isk3": UnitType("isk3", "Short Iskander", "wheeled", 8, 0, 1, 2, "missile", range=3, strike=6, zoc=False),
    "gun": UnitType("gun", "Guns", "wheeled", 8, 3, 1, 2, "artillery", range=3, zoc=False),
    "abm1": UnitType("abm1", "ABM sure", "static", 0, 0, 1, 1, "air_defence", zoc=False, intercept=1.0,
                     intercept_radius=2),
    "abm0": UnitType("abm0", "ABM weak", "static", 0, 0, 1, 1, "air_defence", zoc=False, intercept=0.01,
                     intercept_radius=2),
}


def _air(units, bases=(), seed=1, nation_rules=(), strike_rules=None, readiness=None, **scenario):
    g = _game(units, bases=bases, nation_rules=nation_rules)
    rules = g.scenario.rules
    rules = attrs.evolve(rules, unit_types={**rules.unit_types, **TYPES},
                         strike=attrs.evolve(rules.strike, **(strike_rules or {})))
    sc = attrs.evolve(g.scenario, rules=rules, **scenario)
    s = to_phase(Game(attrs.evolve(sc, digest=_digest(sc)), g.map).new_initial_state(seed), "air", "red")
    for uid, r in (readiness or {}).items():
        s.units[uid].readiness = r
    return s


def _seed(units, want, n=1, **kw):
    """The air-phase state of the first seed whose next ``n`` dice satisfy ``want``, and the dice."""
    for seed in range(300):
        s = _air(units, seed=seed, **kw)
        r = Rng(state=s.rng.state)
        dice = [r.randint(1, 6) for _ in range(n)]
        if want(dice):
            return s, dice
    raise AssertionError("no seed")


L = ("r_isk", "isk", "red", 4, 0)


def test_who_may_strike_at_all():
    # Only strike > 0 and range > 0 (strike 1 and range 1 are enough), deployed (garrison may not attack).
    units = [L, ("r1", "isk1", "red", 3, 0, 2), ("r2", "rng1", "red", 3, -1, 2), ("r3", "str0", "red", 3, 1, 2),
             ("r4", "gun", "red", 2, 1, 2), ("r5", "isk", "red", 4, 1), ("b1", "mech", "blue", 2, 0)]
    s = _air(units, readiness={"r5": "garrison"})
    can = {u: strike.can_strike(s, s.units[u]) for u in ("r_isk", "r1", "r2", "r3", "r4", "r5")}
    assert can == {"r_isk": True, "r1": True, "r2": True, "r3": False, "r4": False, "r5": False}
    # b1 at (2,0): 1 hex from r2 at (3,-1), 2 from r1 at (3,0) (range 8)
    assert s.why_illegal(Strike("r1", "hex", Hex(2, 0))) is None
    assert s.why_illegal(Strike("r2", "hex", Hex(2, 0))) is None
    assert s.why_illegal(Strike("r3", "hex", Hex(2, 0))) == "r3 (No range) cannot make missile strikes"
    assert s.why_illegal(Strike("r4", "hex", Hex(2, 0))) == "r4 (Guns) cannot make missile strikes"
    assert s.why_illegal(Strike("r5", "hex", Hex(2, 0))) == "r5 is garrison and may not fire"
    assert s.why_illegal(Strike("r_isl", "hex", Hex(2, 0))) == \
        "there is no unit 'r_isl' on the map (did you mean 'r_isk'?)"


def test_refusals_name_the_target_word_for_word():
    bases = [base("far", "logistic", "blue", -6, 2)]  # (10 + 2 + 8) / 2 = 10 hexes from (4,0)
    s = _air([L, FAR_BLUE], bases=bases)
    assert s.why_illegal(Strike("r_isk", "base", base="far")) == "base far is 10 hexes from r_isk, beyond its range of 8"
    assert s.why_illegal(Strike("r_isk", "hex", Hex(20, 20))) == "20,20 is off the map"
    assert s.why_illegal(Strike("r_isk", "rail", Hex(-5, 0), Hex(20, 20))) == "20,20 is off the map"
    # (-3,0) and (-2,1) are both rail hexes with links, but not linked to each other
    assert s.why_illegal(Strike("r_isk", "rail", Hex(-3, 0), Hex(-2, 1))) == \
        "there is no rail link -3,0->-2,1 (expected two neighbouring rail hexes)"
    # (-6,0)-(-5,0): the nearer end (-5,0) is (9 + 0 + 9) / 2 = 9 hexes away
    assert s.why_illegal(Strike("r_isk", "rail", Hex(-6, 0), Hex(-5, 0))) == \
        "the rail link -6,0->-5,0 is 9 hexes from r_isk, beyond its range of 8"
    # (-5,0)-(-4,0): (-5,0) is 9 away but (-4,0) is 8: the nearer end counts, so it is in range
    assert s.why_illegal(Strike("r_isk", "rail", Hex(-5, 0), Hex(-4, 0))) is None
    g = s.game
    rail.cut_link(s, g.index[Hex(-2, 0)], g.index[Hex(-1, 0)], reason="test")
    assert s.why_illegal(Strike("r_isk", "rail", Hex(-2, 0), Hex(-1, 0))) == "the rail link -2,0->-1,0 is already cut"


def test_nation_rule_refuses_a_hex_strike_word_for_word():
    rule = NationRule("BLR", may_not_fire_on=("POL",), until_turn=5)
    s = _air([L, ("b1", "mech", "blue", 1, 0), FAR_BLUE], nation_rules=(rule,))
    assert s.why_illegal(Strike("r_isk", "hex", Hex(1, 0))) == \
        "BLR units may not fire on POL units yet (released by turn 5)"
    assert strike.has_targets(s, s.units["r_isk"])  # the rail links are still there
    # a rule about another nation (LTU) leaves the POL mech a target
    s = _air([L, ("b1", "mech", "blue", 1, 0), FAR_BLUE],
             nation_rules=(NationRule("BLR", may_not_fire_on=("LTU",), until_turn=5),))
    assert Strike("r_isk", "hex", Hex(1, 0)) in strike.targets(s, s.units["r_isk"])


def test_has_targets_at_exactly_the_range_and_not_on_own_bases():
    # isk3 (range 3) at (4,0): the nearest rail node in POL, (-1,0), is 5 away, so no rail target.
    # A blue mech at (1,0) is exactly 3 away; a blue base at (1,3) is (3 + 3 + 0) / 2 = 3 away; a red
    # base at (5,0) is red's own. The isk at (4,0) (range 8) also lists the mech at exactly 8 in
    # targets when it stands at (6,0) and the mech at (-2,0).
    home = [base("r_home", "logistic", "red", 5, 0)]
    s = _air([("r3", "isk3", "red", 4, 0, 2), FAR_BLUE], bases=home)
    assert not strike.has_targets(s, s.units["r3"]) and strike.targets(s, s.units["r3"]) == []
    s = _air([("r3", "isk3", "red", 4, 0, 2), ("b1", "mech", "blue", 1, 0), FAR_BLUE], bases=home)
    assert strike.has_targets(s, s.units["r3"])
    s = _air([("r3", "isk3", "red", 4, 0, 2), FAR_BLUE], bases=home + [base("dep", "logistic", "blue", 1, 3)])
    assert strike.has_targets(s, s.units["r3"])
    assert strike.targets(s, s.units["r3"]) == [Strike("r3", "base", base="dep")]
    s = _air([("r_isk", "isk", "red", 6, 0), ("b1", "mech", "blue", -2, 0), FAR_BLUE])
    assert Strike("r_isk", "hex", Hex(-2, 0)) in strike.targets(s, s.units["r_isk"])


def test_actions_only_for_the_side_to_act_in_the_air_phase_once_per_turn():
    s = _air([L, ("b_isk", "isk", "blue", -4, 2), FAR_BLUE])
    assert strike.actions(s, "strike:r_isk")
    assert strike.actions(s, "strike:b_isk") == []  # blue's launcher in red's phase
    s.apply_action(strike.actions(s, "strike:r_isk")[0])
    assert strike.actions(s, "strike:r_isk") == []  # already fired
    m = to_phase(_air([L, FAR_BLUE]), "movement", "red")  # a launcher that has not fired, out of the air phase
    assert strike.actions(m, "strike:r_isk") == []


def test_no_strike_orders_while_the_rules_of_engagement_hold_red_back():
    # Red may use force only at tension >= 90; tension is 50: no strike orders (blue has no entry).
    from engine.scenario.model import Condition, Track
    s = _air([L, FAR_BLUE], tracks=(Track("tension", "Tension", 0, 100, 50, {"war": 90}),),
             engagement={"red": (Condition("tension", ">=", 90),)})
    assert strike.actions(s, "strike:r_isk") == [] and strike.group_keys(s) == []


def test_target_hex_of_a_base_is_the_base():
    s = _air([L, FAR_BLUE], bases=[base("dep", "logistic", "blue", 0, 2)])
    assert strike.target_hex(s, Strike("r_isk", "base", base="dep")) == s.game.index[Hex(0, 2)]


def test_interceptors_hostile_within_the_radius_sorted_by_id():
    # Strike by red on (1,0). 'a_red' (red's own ABM) is no interceptor; 'b_abm' at (1,2) is exactly 2
    # (the radius) from (1,0); 'c_far' at (1,3) is 3 away.
    units = [L, ("a_red", "abm1", "red", 2, 0, 1), ("b_abm", "abm1", "blue", 1, 2, 1), ("c_far", "abm1", "blue", 1, 3, 1),
             FAR_BLUE]
    s = _air(units)
    assert strike.interceptors(s, "red", s.game.index[Hex(1, 0)]) == [("b_abm", 1.0)]


def test_every_missile_intercepted_by_the_first_defence():
    # Two sure defences in range of (1,0): b_abm downs all 6 missiles; c_abm has nothing left to fire at.
    units = [L, ("b_abm", "abm1", "blue", 1, 1, 1), ("c_abm", "abm1", "blue", 0, 1, 1), FAR_BLUE]
    s = _air(units)
    s.apply_action(Strike("r_isk", "hex", Hex(1, 0)))
    assert s.log[-2:] == ["  b_abm intercepts 6 of 6 missiles (chance 1.00 each)",
                          "  missile strike by r_isk on 1,0: every missile intercepted"]


def test_one_missile_through_a_defence_that_misses():
    # isk1 has 1 point; abm0 hits when its draw is below 0.01 (this seed's draw is not): "0 of 1 missile"
    # (singular), and the one missile flies on to an empty hex with its die.
    units = [("r1", "isk1", "red", 4, 0, 2), ("b_abm", "abm0", "blue", 1, 1, 1), FAR_BLUE]
    s = _air(units)
    r = Rng(state=s.rng.state)
    assert r.random() >= 0.01  # the interception draw: a miss
    d = r.randint(1, 6)
    s.apply_action(Strike("r1", "hex", Hex(1, 0)))
    assert s.log[-2:] == ["  b_abm intercepts 0 of 1 missile (chance 0.01 each)",
                          f"  missile strike (1 points) on 1,0: dice {d} (hit on 5+, at most 2) -> "
                          f"{int(d >= 5)} hit{'s' if d < 5 else ''} on an empty hex"]


def test_base_strike_log_without_stocks_and_with_the_die_at_the_threshold():
    # die 4 = base_down_on: out of action; base_down_turns 1 (24 h turns): back on turn 2
    bases = [base("dep", "logistic", "blue", 0, 2)]
    s, dice = _seed([L, FAR_BLUE], lambda d: d == [4], bases=bases, strike_rules={"base_down_turns": 1})
    s.stocks.pop("dep", None)
    s.apply_action(Strike("r_isk", "base", base="dep"))
    assert s.log[-1] == "  missile strike (6 points) on base dep: no stocks hit; die 4 (out of action on 4+) " \
                        "-> out of action until turn 2"
    assert s.base_down == [["dep", 2]] and s.base_active["dep"] is False


def test_base_strike_log_with_stocks_and_a_die_below_the_threshold():
    # 6 points x 2 = 12 per stock kind: ammo 5 -> 0 (-5), fuel 30 -> 18 (-12); die 3 < 4: stays active
    bases = [base("dep", "logistic", "blue", 0, 2, stocks={"fuel": 30, "ammo": 5})]
    s, dice = _seed([L, FAR_BLUE], lambda d: d == [3], bases=bases)
    s.apply_action(Strike("r_isk", "base", base="dep"))
    assert s.log[-1] == "  missile strike (6 points) on base dep: ammo -5, fuel -12; die 3 (out of action on 4+)"
    assert s.base_down == [] and s.base_active["dep"] is True


def test_rail_strike_logs_word_for_word_and_records_the_reason():
    s, _ = _seed([L, FAR_BLUE], lambda d: d == [1])
    s.apply_action(Strike("r_isk", "rail", Hex(-2, 0), Hex(-1, 0)))
    assert s.log[-1] == "  missile strike (6 points) on rail link -2,0->-1,0: die 1 (cut on 3+) -> missed"
    s, _ = _seed([L, FAR_BLUE], lambda d: d == [3])
    s.apply_action(Strike("r_isk", "rail", Hex(-2, 0), Hex(-1, 0)))
    assert s.log[-2:] == ["  missile strike (6 points) on rail link -2,0->-1,0: die 3 (cut on 3+) -> cut",
                          "  rail link -2,0--1,0 cut by missile strike (r_isk) until turn 3"]
    assert [c[3] for c in rail.cut_links(s)] == ["missile strike (r_isk)"]


def test_a_cut_link_leaves_the_target_list_and_the_next_one_comes_in():
    # The four nearest links from (4,0) (test_rules_mutants_r4_strike.py) minus the cut J2-(0,0), plus
    # the fifth: J1-(-1,0) at distance 6.
    s = _air([L, FAR_BLUE])
    g = s.game
    rail.cut_link(s, g.index[Hex(-1, 0)], g.index[Hex(0, 0)], reason="test")
    got = [(a.a, a.b) for a in strike.targets(s, s.units["r_isk"]) if a.kind == "rail"]
    assert got == sorted([(Hex(-1, 0), Hex(-1, -1)), (Hex(-2, 0), Hex(-3, 0)), (Hex(-2, 0), Hex(-2, 1)),
                          (Hex(-2, 0), Hex(-1, 0))])
    assert strike.has_targets(s, s.units["r_isk"])
    # every candidate cut: no target left
    for _, i, j in strike._rail_candidates(s, s.units["r_isk"]):
        rail.cut_link(s, i, j, reason="test")
    assert not strike.has_targets(s, s.units["r_isk"]) and strike.targets(s, s.units["r_isk"]) == []


def test_a_protected_unit_is_skipped_and_the_next_one_still_listed():
    # BLR may not fire on LTU. An LTU mech at (0,0) (lower hex index) and a POL mech at (1,0), both in
    # range of (4,0): only the POL one is a target.
    rule = NationRule("BLR", may_not_fire_on=("LTU",), until_turn=5)
    s = _air([L, ("b0", "mech", "blue", 0, 0), ("b1", "mech", "blue", 1, 0), FAR_BLUE], nation_rules=(rule,))
    s.units["b0"].nation = "LTU"
    hexes = [a.a for a in strike.targets(s, s.units["r_isk"]) if a.kind == "hex"]
    assert hexes == [Hex(1, 0)]


def test_a_base_with_no_repair_time_is_never_put_out_of_action():
    # base_down_turns 0: even a die of 4 (= base_down_on) leaves the base active, and the log says no more
    bases = [base("dep", "logistic", "blue", 0, 2)]
    s, _ = _seed([L, FAR_BLUE], lambda d: d == [4], bases=bases, strike_rules={"base_down_turns": 0})
    s.stocks.pop("dep", None)
    s.apply_action(Strike("r_isk", "base", base="dep"))
    assert s.log[-1] == "  missile strike (6 points) on base dep: no stocks hit; die 4 (out of action on 4+)"
    assert s.base_down == [] and s.base_active["dep"] is True

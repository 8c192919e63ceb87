"""Tests written to kill mutants that survived `make mutate` (tests/MUTATION.md lists them).

Each test names the behaviour a surviving mutant changed, with the answer derived by hand.
Fixtures: tests/enginefixture.py (hexagon, standard rules, stacking 2) and the rules-of-
engagement map of tests/test_engagement.py (BLR for q <= 0, POL for q >= 1).
"""

from engine.geo.hexgrid import Hex
from tests.enginefixture import hexagon_game, hexagon_map, seed_with_first_die, to_phase
from tests.test_engagement import WAR, _game
from tests.airfixture import to_phase as ops_to_phase


def _attack(units, die, order, game=None):
    g = game or hexagon_game(units)
    s = to_phase(g.new_initial_state(seed_with_first_die(die)), "combat")
    s.apply_action(order)
    return s


# --- retreats (engine/rules/combat.py: retreat) ----------------------------------------------

def test_two_hex_retreat_blocked_after_the_first_hex_costs_one_step():
    # Two tanks (12) vs a 3-step mech (4) = 3 -> 3:1, die 6 -> DL2R2: the mech keeps 1 step and must
    # retreat 2 hexes. Attackers at (-1,0) and (-1,1): the first hex is (1,-1) (test_rules_combat_table).
    # From there the hexes 2 from the battle are (2,-2), (2,-1), (1,-2): red infantry at (3,-2) covers
    # the first two, red infantry at (1,-3) the third, and neither touches (1,-1) or (1,0).
    # Blocked after k = 1 hex: loses hexes - k = 1 more step, its last: destroyed (3 steps lost).
    units = [("a", "tank", "red", -1, 0), ("b", "tank", "red", -1, 1), ("z1", "inf", "red", 3, -2),
             ("z2", "inf", "red", 1, -3), ("d", "mech", "blue", 0, 0)]
    s = _attack(units, 6, "attack 0,0 with a,b")
    assert any("-> 3:1; die 6 -> DL2R2" in x for x in s.log)
    assert "  d cannot retreat (1 hex blocked): loses 1 more step" in s.log
    assert "d" not in s.units and s.steps_lost == {"red": 0, "blue": 3}


def test_retreat_blocked_at_once_costs_one_step_per_hex():
    # The same 3:1 die 6 (DL2R2), with red infantry at (2,-1): its ZOC covers both first-hex
    # candidates (1,-1) and (1,0), so the retreat is blocked at once: 2 hexes, 2 more steps
    # (the mech has 1 left after DL2: destroyed by the first).
    units = [("a", "tank", "red", -1, 0), ("b", "tank", "red", -1, 1), ("z1", "inf", "red", 2, -1),
             ("d", "mech", "blue", 0, 0)]
    s = _attack(units, 6, "attack 0,0 with a,b")
    assert "  d cannot retreat (2 hexes blocked): loses 2 more steps" in s.log
    assert "d" not in s.units and s.steps_lost == {"red": 0, "blue": 3}


def test_retreat_into_a_full_friendly_stack_is_refused_but_a_half_full_one_is_not():
    # mech vs mech 1:1, die 5 -> DR1. The defender at (0,0), attacker at (-1,0): candidates (0,1),
    # (1,-1), (1,0), tie -> (0,1). Two blue units at (0,1) fill it (limit 2): next is (1,-1).
    base = [("a", "mech", "red", -1, 0), ("d", "mech", "blue", 0, 0)]
    full = base + [("f1", "inf", "blue", 0, 1), ("f2", "inf", "blue", 0, 1)]
    s = _attack(full, 5, "attack 0,0 with a")
    assert "  d retreats to 1,-1" in s.log and s.unit_hex("d") == Hex(1, -1)
    half = base + [("f1", "inf", "blue", 0, 1)]
    s = _attack(half, 5, "attack 0,0 with a")
    assert "  d retreats to 0,1" in s.log and s.unit_hex("d") == Hex(0, 1)


def test_restrained_side_does_not_retreat_across_the_closed_border():
    # Blue is restrained (BLR closed to it) and stands in BLR at (0,-2); a red tank at (-1,-2)
    # attacks: 6 vs 3 = 2:1, die 2 -> DR1. Retreat candidates outside red ZOC: (0,-1) BLR, (1,-3) POL,
    # (1,-2) POL, each 2 from the tank; unrestrained the tie goes to (0,-1), restrained it may not
    # enter BLR: (1,-3).
    units = [("t", "tank", "red", -1, -2), ("d", "inf", "blue", 0, -2)]
    for blue, want in (((), Hex(0, -1)), ((WAR,), Hex(1, -3))):
        g = _game(units, red=(), blue=blue)
        s = ops_to_phase(g.new_initial_state(seed_with_first_die(2)), "combat")
        s.apply_action("attack 0,-2 with t")
        assert any("-> 2:1; die 2 -> DR1" in x for x in s.log)
        assert s.unit_hex("d") == want, blue


# --- odds, losses, advance, listing (engine/rules/combat.py) ---------------------------------

def test_odds_reasons_and_the_logged_line():
    # tank 6 vs inf 3 = 2:1; forest -1, minor river -1 -> 1:1. The reasons read as the log prints them.
    from engine.rules import combat
    g = hexagon_game([("t", "tank", "red", -1, 0), ("d", "inf", "blue", 0, 0)],
                     hexagon_map(terrain={(0, 0): "forest"}, rivers={((-1, 0), (0, 0)): "minor"}))
    s = to_phase(g.new_initial_state(seed_with_first_die(4)), "combat")
    o = combat.odds(s, g.index[Hex(0, 0)], ("t",))
    assert o.reasons == ("forest -1", "minor river -1") and (o.base_column, o.shift, o.label) == (3, -2, "1:1")
    s.units["t"].supplied = False  # attack 3 vs 3 = 1:1, then -1 more: the clamp keeps 1:2
    o = combat.odds(s, g.index[Hex(0, 0)], ("t",))
    assert o.reasons == ("forest -1", "minor river -1", "out of supply -1") and o.label == "1:2"
    s.units["t"].supplied = True
    s.apply_action("attack 0,0 with t")
    # die 4 at 1:1 -> NE
    assert "  odds 6.0:3.0 column 2:1 shifts forest -1, minor river -1 -> 1:1; die 4 -> NE" in s.log


def test_losses_fall_on_the_strongest_unit_first_ties_by_id():
    # tank 6 + tank 6 (12) vs two 3-step mechs e and d (8) = 1.5 -> 3:2, die 5 -> DL1R1: one step
    # from the strongest defender; d and e tie at 3 steps, so d (lower id) loses it.
    units = [("a", "tank", "red", -1, 0), ("b", "tank", "red", -1, 1), ("e", "mech", "blue", 0, 0),
             ("d", "mech", "blue", 0, 0)]
    s = _attack(units, 5, "attack 0,0 with a,b")
    assert any("-> 3:2; die 5 -> DL1R1" in x for x in s.log)
    assert (s.units["d"].strength, s.units["e"].strength) == (2, 3)
    # both retreat 1 hex (together: (1,-1) is the first free hex; the stack limit 2 takes both)
    assert s.unit_hex("d") == s.unit_hex("e") == Hex(1, -1)
    # the stronger-attacking tank advances; a and b tie (6 each): a, the lower id
    assert s.unit_hex("a") == Hex(0, 0) and s.unit_hex("b") == Hex(-1, 1)


def test_exchange_takes_a_step_from_each_side_strongest_first():
    # tank (6) + inf (2) = 8 vs a 3-step mech (4) = 2 -> 2:1, die 1 -> EX: the mech loses a step, and
    # of the attackers the tank (3 steps) rather than the inf (2 steps).
    units = [("a", "inf", "red", -1, 0), ("t", "tank", "red", -1, 1), ("d", "mech", "blue", 0, 0)]
    s = _attack(units, 1, "attack 0,0 with a,t")
    assert any("-> 2:1; die 1 -> EX" in x for x in s.log)
    assert (s.units["t"].strength, s.units["a"].strength, s.units["d"].strength) == (2, 2, 2)
    assert s.steps_lost == {"red": 1, "blue": 1}


def test_many_attackers_list_small_subsets_and_the_whole():
    # 8 eligible attackers: every non-empty subset, 2^8 - 1 = 255 attacks. 9: subsets of up to 3 and
    # the whole: 9 + 36 + 84 + 1 = 130. (Two per neighbour hex, the stacking limit.)
    from engine.rules import combat
    ring = [(-1, 0), (-1, 1), (0, 1), (1, 0), (1, -1)]
    for n, want in ((8, 255), (9, 130)):
        units = [(f"r{k}", "inf", "red", *ring[k // 2]) for k in range(n)] + [("d", "inf", "blue", 0, 0)]
        s = to_phase(hexagon_game(units).new_initial_state(1), "combat")
        acts = combat.attack_actions(s, s.game.index[Hex(0, 0)])
        assert len(acts) == want and len(acts[-1].attackers) in (n, 3)
        assert max(len(a.attackers) for a in acts) == n


def test_attack_refusals_quote_the_reason():
    units = [("m", "mech", "red", -1, 0), ("g", "mech", "red", -1, 1), ("d", "inf", "blue", 0, 0),
             ("b2", "inf", "blue", 0, 2)]
    s = to_phase(hexagon_game(units).new_initial_state(1), "combat")
    s.units["g"].readiness = "alerted"  # alerted units may not attack
    from engine.core.actions import Attack
    why = s.why_illegal
    assert why(Attack(Hex(0, 0), ())) == "an attack needs at least one unit"
    assert why(Attack(Hex(0, 0), ("x",))) == "there is no unit 'x' on the map"
    assert why(Attack(Hex(0, 0), ("b2",))) == "b2 belongs to blue, and red is to act"
    assert why(Attack(Hex(0, 0), ("g",))) == "g (alerted) may not attack"
    assert why(Attack(Hex(9, 9), ("m",))) == "9,9 is off the map"
    assert why(Attack(Hex(0, 2), ("m",))) == "m at -1,0 is not adjacent to 0,2"
    from engine.rules import combat
    assert combat.targets(s) == [s.game.index[Hex(0, 0)]]  # the one enemy hex next to an eligible unit
    # an alerted defender defends at 0.75: inf 3 x 0.75 = 2.25
    s.units["d"].readiness = "alerted"
    assert combat.odds(s, s.game.index[Hex(0, 0)], ("m",)).defence == 2.25
    s.units["d"].readiness = "deployed"
    s.apply_action("attack 0,0 with m")  # 4 vs 3 -> 1:1; seed 1's first die is 1 -> AL1R
    assert s.log[-2:] == ["  odds 4.0:3.0 column 1:1 -> 1:1; die 1 -> AL1R", "  m retreats to -2,0"]
    assert why(Attack(Hex(0, 0), ("g",))) == "0,0 has already been attacked this phase"
    g2 = to_phase(hexagon_game(units).new_initial_state(1), "combat")
    g2.units["m"].attacked = True
    assert g2.why_illegal(Attack(Hex(0, 0), ("m",))) == "m has already attacked this phase"


def test_more_shift_and_strength_cases():
    from engine.rules import combat
    # major river reason, and the out-of-supply shift adds to the others (-1 forest -2 major -1 supply).
    g = hexagon_game([("t", "tank", "red", -1, 0), ("d", "inf", "blue", 0, 0)],
                     hexagon_map(terrain={(0, 0): "forest"}, rivers={((-1, 0), (0, 0)): "major"}))
    s = to_phase(g.new_initial_state(1), "combat")
    t = g.index[Hex(0, 0)]
    assert combat.odds(s, t, ("t",)).reasons == ("forest -1", "major river -2")
    s.units["t"].supplied = False
    o = combat.odds(s, t, ("t",))
    assert (o.shift, o.reasons[-1]) == (-4, "out of supply -1")
    # an unsupplied defender defends at 0.75: 3 x 0.75 = 2.25 (its attack factor is 0.5)
    s.units["t"].supplied = True
    s.units["d"].supplied = False
    assert combat.odds(s, t, ("t",)).defence == 2.25
    assert combat.unit_strength(s, s.units["d"], "attack") == 1.0
    # take_losses returns the steps taken: 2 asked of a 2-step unit -> 2; then none are left to take.
    assert combat.take_losses(s, [s.units["d"]], 2) == 2 and "d" not in s.units
    assert s.destroyed == [["d", "blue", 1]] and "  d is destroyed" in s.log


def test_defence_under_one_is_still_a_ratio():
    # A 1-step Iskander defends 1 x 1/2 = 0.5; a 1-step mech attacks 4/3: 2.67 -> 2:1 (not the top
    # column, as an infinite ratio would give).
    from engine.rules import combat
    from tests.airfixture import ops_game
    g = ops_game([("m", "mech", "red", -1, 0, 1), ("i", "isk", "blue", 0, 0, 1)])
    s = ops_to_phase(g.new_initial_state(1), "combat")
    o = combat.odds(s, g.index[Hex(0, 0)], ("m",))
    assert o.defence == 0.5 and o.label == "2:1"


def test_enemy_ew_shifts_the_attack_within_its_radius_only():
    # A blue EW battalion (ew_shift -1, radius 2) at (2,0) covers the target (0,0): red's attack is
    # one column worse: tank 6 vs inf 3 = 2:1, enemy EW -1 -> 3:2. At (5,0) it is out of range.
    from engine.rules import combat
    from tests.airfixture import ops_game
    g = ops_game([("t", "tank", "red", -1, 0), ("d", "inf", "blue", 0, 0), ("e", "ewu", "blue", 2, 0)])
    g2 = ops_game([("t", "tank", "red", -1, 0), ("d", "inf", "blue", 0, 0), ("e", "ewu", "blue", 5, 0)])
    for game, shifts in ((g, [("enemy EW", -1)]), (g2, [])):
        s = ops_to_phase(game.new_initial_state(1), "combat")
        t = game.index[Hex(0, 0)]
        assert combat.support_shifts(s, "red", t) == shifts
        assert combat.support_shift(s, "red", t) == sum(x for _, x in shifts)
        o = combat.odds(s, t, ("t",))
        assert (o.shift, o.label, o.reasons) == ((-1, "3:2", ("enemy EW -1",)) if shifts else (0, "2:1", ()))


def test_who_may_attack_and_who_advances():
    from engine.core.actions import Attack
    from engine.rules import combat
    from tests.airfixture import ops_game
    # A SAM (attack 0) is never an attacker; a scout (attack 1) is; enemy units never are.
    g = ops_game([("sam", "sam", "red", -1, 0), ("sc", "scout", "red", -1, 1), ("d", "inf", "blue", 0, 0),
                  ("b", "inf", "blue", 1, 0)])
    s = ops_to_phase(g.new_initial_state(1), "combat")
    assert combat.attackers_of(s, g.index[Hex(0, 0)]) == ["sc"]
    assert s.why_illegal(Attack(Hex(0, 0), ("sam",))) == "sam (deployed) may not attack"
    assert s.why_illegal(Attack(Hex(-1, 1), ("sc",))) == "-1,1 holds no enemy unit"  # its own hex
    # Advance: the motor (wheeled) may not enter marsh, so the weaker infantry advances.
    # motor 3 + inf 2 = 5 vs a 1-step inf in marsh (1.5) = 3.33 -> 3:1, marsh -1 -> 2:1; die 6 -> DL2R1.
    m = hexagon_map(terrain={(0, 0): "marsh"})
    g = hexagon_game([("mo", "motor", "red", -1, 0), ("i", "inf", "red", -1, 1), ("d", "inf", "blue", 0, 0, 1)], m)
    s = _attack(None, 6, "attack 0,0 with i,mo", game=g)
    assert any("-> 2:1; die 6 -> DL2R1" in x for x in s.log)
    assert "  i advances into 0,0" in s.log and s.unit_hex("mo") == Hex(-1, 0)


# --- movement orders (engine/rules/movement.py) -----------------------------------------------

def _rail_state():
    # tests/logifixture.py: radius-8 hexagon with a railway along r = 0; a red mech on it at (0,0).
    from tests.logifixture import logi_game
    g = logi_game([("r1", "mech", "red", 0, 0), ("g1", "inf", "red", 2, 2, "garrison"), ("b1", "inf", "blue", 0, -8)])
    s = g.new_initial_state(0)
    while s.phase != "movement":
        s.apply_action("end")
    return s


def test_unit_orders_index_like_the_list_they_stand_for():
    from engine.core.actions import Move, Rail
    from engine.rules import movement
    s = _rail_state()
    o = movement.unit_orders(s, "r1")
    full = o.to_list()
    n = len(o.moves)
    assert len(o) == len(full) == n + len(o.rails) and n > 0 and len(o.rails) > 0
    assert [o[k] for k in range(len(o))] == full and [o[-k] for k in range(1, len(o) + 1)] == full[::-1]
    assert o[1:4] == full[1:4]
    assert isinstance(o[n - 1], Move) and isinstance(o[n], Rail)
    assert all(a.unit == "r1" and a.src == Hex(0, 0) for a in full)
    for k in (len(o), -len(o) - 1):
        try:
            o[k]
        except IndexError as e:
            assert e.args == (k if k >= 0 else k + len(o),)  # a negative index is reported as counted
        else:
            raise AssertionError(f"index {k} accepted")
    # The orders are the legal ones, and applying the first rail order moves the unit there.
    assert full == [a for a in s.legal_actions() if isinstance(a, (Move, Rail)) and a.unit == "r1"]
    s.apply_action(o[n])
    assert s.unit_hex("r1") == o[n].dst


def test_movement_refusals_and_the_move_log():
    from engine.core.actions import Move
    from engine.rules import movement
    s = _rail_state()
    why = s.why_illegal
    assert why(Move("r1", Hex(1, 1), Hex(0, 1))) == "r1 is at 0,0, not 1,1"
    assert why(Move("g1", Hex(2, 2), Hex(2, 3))) == "g1 is garrison and may not move"
    assert "g1" not in movement.movers(s) and "r1" in movement.movers(s)
    # out of supply: 8 MP x 0.5 = 4
    s.units["r1"].supplied = False
    assert movement.movement_points(s, s.units["r1"]) == 4
    s.units["r1"].supplied = True
    s.apply_action(Move("r1", Hex(0, 0), Hex(0, 2)))  # 2 open hexes, tracked: 2 x 2 = 4 MP
    assert s.log[-1] == "  r1 moves 2 hexes for 4 MP"
    from tests.airfixture import ops_game, to_phase as ops_phase
    g = ops_game([("sam", "sam", "red", 0, 0), ("i", "inf", "red", -3, 0), ("b", "inf", "blue", 5, -5)])
    s2 = ops_phase(g.new_initial_state(1), "movement")
    assert s2.why_illegal(Move("sam", Hex(0, 0), Hex(1, 0))) == "sam (S-400 battalion) cannot move"
    g = hexagon_game([("i", "inf", "red", 0, 0), ("e1", "inf", "blue", 0, -1), ("e2", "inf", "blue", 0, 1)],
                     hexagon_map(2))
    s3 = g.new_initial_state(1)
    assert s3.why_illegal(Move("i", Hex(0, 0), Hex(2, -1))) == (
        "no path from 0,0 to 2,-1 for foot units (impassable terrain, enemy units or zones of control)")


def test_own_ew_helps_the_attack_and_adds_to_terrain():
    # A red EW battalion at (1,-2) (2 hexes from the target) helps red's attack: own EW +1. With
    # forest -1 the shifts cancel: tank 6 vs inf 3 = 2:1 stays 2:1 (shift 0, two reasons).
    from engine.rules import combat
    from tests.airfixture import ops_game
    g = ops_game([("t", "tank", "red", -1, 0), ("e", "ewu", "red", 1, -2), ("d", "inf", "blue", 0, 0)])
    from engine.game.game import Game
    g = Game(g.scenario, hexagon_map(terrain={(0, 0): "forest"}))  # the same units on a forest target
    s = ops_to_phase(g.new_initial_state(1), "combat")
    t = g.index[Hex(0, 0)]
    assert combat.support_shifts(s, "red", t) == [("own EW", 1)] and combat.support_shift(s, "red", t) == 1
    o = combat.odds(s, t, ("t",))
    assert (o.shift, o.label, o.reasons) == (0, "2:1", ("forest -1", "own EW +1"))
    # At the top of the table a positive shift is clamped: two tanks (12) vs 3 = 4:1, own EW +1 on
    # open ground -> still 4:1 (column 5 of 0..5), not past the table.
    g2 = ops_game([("t", "tank", "red", -1, 0), ("u", "tank", "red", -1, 1), ("e", "ewu", "red", 1, -2),
                   ("d", "inf", "blue", 0, 0)])
    s2 = ops_to_phase(g2.new_initial_state(1), "combat")
    o2 = combat.odds(s2, g2.index[Hex(0, 0)], ("t", "u"))
    assert (o2.base_column, o2.shift, o2.column, o2.label) == (5, 1, 5, "4:1")

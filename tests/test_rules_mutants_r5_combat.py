"""Known-answer tests for ``combat.resolve`` / ``combat.intensity`` and ``fires.fire_support``, round 5 of
`make mutate`: the delaying action (losses traded for retreat, word for word), a 12 h turn's share of a cell,
supporting and defensive fire with the enemy's counter-battery. Fixture: tests/enginefixture.py (hexagon,
synthetic table); the first die is fixed by ``seed_with_first_die``. See tests/MUTATION_r5_survivors.md.
"""

import attrs

from engine.analysis.synthetic import standard_rules
from engine.core.actions import Attack
from engine.geo.hexgrid import Hex
from tests.enginefixture import hexagon_game, seed_with_first_die, to_phase
from tests.test_mech_fires import rules as fire_rules

SEED6 = seed_with_first_die(6)
# tank 6 + mech 4 = 10 against a 2-step infantry (3): 3.3, column 3:1; die 6 -> DL2R2
ASSAULT = [("a1", "tank", "red", -1, 0), ("a2", "mech", "red", 0, -1), ("d", "inf", "blue", 0, 0, 2)]


def _attack(g, attackers=("a1", "a2")):
    s = g.new_initial_state(SEED6)
    to_phase(s, "combat")
    n = len(s.log)
    s.apply_action(Attack(Hex(0, 0), attackers))
    return s, s.log[n:]


def _delay(trade):
    r = standard_rules()
    return hexagon_game(ASSAULT, rules=attrs.evolve(r, combat=attrs.evolve(r.combat, delay_trade=trade)))


def test_a_delaying_action_trades_one_or_two_steps_for_as_many_more_hexes():
    # DL2R2 with delay_trade 1: loss 2 - 1 = 1, retreat 2 + 1 = 3 along q = 0: (0,3), 1 step left.
    s, log = _attack(_delay(1))
    assert "  delaying action: 1 step of loss traded for 1 more hex of retreat" in log
    assert s.game.hexes[s.units["d"].pos] == Hex(0, 3) and s.units["d"].strength == 1
    # delay_trade 2: loss 0, retreat 4: (0,4), both steps left; the words take the plural
    s, log = _attack(_delay(2))
    assert "  delaying action: 2 steps of loss traded for 2 more hexes of retreat" in log
    assert s.game.hexes[s.units["d"].pos] == Hex(0, 4) and s.units["d"].strength == 2


def test_a_12_hour_turn_takes_half_of_the_cell_and_says_so():
    # Half a day of DL2R2: losses 2 x 0.5 = 1 and 0, retreats 1 and 0 (whole numbers: no roll). The
    # defender loses one step and retreats one hex, the attackers lose nothing.
    s, log = _attack(hexagon_game(ASSAULT, turn_hours=12))
    assert log[2] == "  over 12 h: losses D1 A0, retreats 1/0"
    assert s.game.hexes[s.units["d"].pos] == Hex(0, 1) and s.units["d"].strength == 1
    assert (s.units["a1"].strength, s.units["a2"].strength) == (3, 3)


def test_supporting_and_defensive_fire_are_logged_and_each_gun_draws_counter_battery():
    # Red tank a1 (6) with gun g1 (3, range 3) behind it attacks the blue mech d (4) supported by gun g2
    # (3): 9:7, column 1:1, die 6 -> DR1. g1 at (-2,0) and g2 at (1,0) are 3 apart, in each other's range:
    # each fire draws one counter-battery die from the other gun (hit on 6+; both dice 3: no hit).
    units = [("a1", "tank", "red", -1, 0), ("g1", "gun", "red", -2, 0), ("d", "mech", "blue", 0, 0),
             ("g2", "gun", "blue", 1, 0)]
    s, log = _attack(hexagon_game(units, rules=fire_rules()), ("a1",))
    assert log[1:6] == ["  odds 9.0:7.0 column 1:1 -> 1:1; die 6 -> DR1",
                        "  supporting fire: g1",
                        "  counter-battery on g1: g2 3 (hit on 6+) -> 0 hits",
                        "  defensive fire: g2",
                        "  counter-battery on g2: g1 3 (hit on 6+) -> 0 hits"]
    assert s.units["g1"].attacked and s.units["g2"].attacked


def test_a_nation_rule_keeps_a_retreat_out_of_a_closed_country():
    # tests/test_rules_mutants.py's border case, held by a nation rule instead of the side's: the blue
    # (POL) infantry at (0,-2) in BLR, attacked by a red tank from (-1,-2), 2:1, die 2 -> DR1. Candidates
    # (0,-1) BLR, (1,-3) POL, (1,-2) POL tie at 2 hexes from the tank; the tie would go to (0,-1), but POL
    # units may not enter BLR: (1,-3).
    from engine.analysis.synthetic import _digest
    from engine.game.game import Game
    from engine.scenario.model import NationRule
    from tests.airfixture import to_phase as ops_to_phase
    from tests.test_engagement import _game as border_game
    g = border_game([("t", "tank", "red", -1, -2), ("d", "inf", "blue", 0, -2)], red=())
    sc = attrs.evolve(g.scenario, nation_rules=(NationRule("POL", may_not_enter=("BLR",)),))
    g = Game(attrs.evolve(sc, digest=_digest(sc)), g.map)
    s = ops_to_phase(g.new_initial_state(seed_with_first_die(2)), "combat")
    s.apply_action("attack 0,-2 with t")
    assert any("-> 2:1; die 2 -> DR1" in x for x in s.log)
    assert s.unit_hex("d") == Hex(1, -3)

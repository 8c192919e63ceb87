"""Combat fixtures: known odds, known die, known result; retreats blocked by ZOC."""

import pytest

from engine.core.actions import Attack
from engine.errors import IllegalActionError
from engine.geo.hexgrid import Hex
from engine.core.rng import Rng
from engine.rules import combat
from tests.enginefixture import hexagon_game, hexagon_map, seed_with_first_die, to_phase


def test_known_odds_die_and_result_in_forest():
    units = [("m", "mech", "red", -1, 0), ("t", "tank", "red", -1, 1), ("d", "inf", "blue", 0, 0)]
    g = hexagon_game(units, hexagon_map(terrain={(0, 0): "forest"}))
    seed = seed_with_first_die(4)
    s = to_phase(g.new_initial_state(seed), "combat")
    o = combat.odds(s, g.index[Hex(0, 0)], ("m", "t"))
    assert (o.attack, o.defence) == (10.0, 3.0)
    assert g.rules.combat.columns[o.base_column] == "3:1" and o.shift == -1 and o.label == "2:1"
    assert [str(a) for a in s.legal_actions()] == [
        "attack 0,0 with m", "attack 0,0 with t", "attack 0,0 with m,t", "end"]
    s.apply_action("attack 0,0 with m,t")
    assert any("die 4 -> DL1R1" in line for line in s.log[-6:])
    # Defender lost a step and retreated away from both attackers' ZOCs (tie -> lower hex).
    assert s.units["d"].strength == 1 and s.unit_hex("d") == Hex(1, -1)
    # The strongest attacker advanced into the vacated hex.
    assert s.unit_hex("t") == Hex(0, 0) and s.unit_hex("m") == Hex(-1, 0)
    assert s.steps_lost == {"red": 0, "blue": 1}
    with pytest.raises(IllegalActionError, match="has already attacked"):
        s.apply_action(Attack(Hex(1, -1), ("m",)))


def test_retreat_blocked_by_zoc_costs_an_extra_step():
    units = [("m", "mech", "red", -1, 0), ("z1", "inf", "red", 1, 1), ("z2", "inf", "red", 2, -2),
             ("d", "inf", "blue", 0, 0)]
    g = hexagon_game(units)
    s = to_phase(g.new_initial_state(seed_with_first_die(5)), "combat")
    assert combat.odds(s, g.index[Hex(0, 0)], ("m",)).label == "1:1"
    s.apply_action("attack 0,0 with m")
    assert any("die 5 -> DR1" in line for line in s.log[-4:])
    assert any("cannot retreat" in line for line in s.log[-3:])
    assert s.units["d"].strength == 1 and s.unit_hex("d") == Hex(0, 0)
    assert s.unit_hex("m") == Hex(-1, 0)  # no advance: the hex is still held


def test_die_comes_from_state_rng_and_is_reproducible():
    units = [("m", "mech", "red", -1, 0), ("d", "inf", "blue", 0, 0)]
    g = hexagon_game(units)
    a = to_phase(g.new_initial_state(11), "combat")
    b = a.clone()
    expect = Rng(state=a.rng.state).randint(1, 6)
    a.apply_action("attack 0,0 with m")
    b.apply_action("attack 0,0 with m")
    assert f"die {expect} ->" in " ".join(a.log[-4:])
    assert a.state_hash() == b.state_hash()


def test_attack_needs_adjacency_and_the_combat_phase():
    units = [("m", "mech", "red", -1, 0), ("far", "mech", "red", -3, 0), ("d", "inf", "blue", 0, 0)]
    s = hexagon_game(units).new_initial_state(1)
    with pytest.raises(IllegalActionError, match=r"^attack 0,0 with m: it is the movement phase, not combat$"):
        s.apply_action("attack 0,0 with m")
    s = to_phase(s, "combat")
    with pytest.raises(IllegalActionError) as e:
        s.apply_action("attack 0,0 with far,m")
    assert str(e.value) == "attack 0,0 with far,m: far at -3,0 is not adjacent to 0,0"
    with pytest.raises(IllegalActionError, match="holds no enemy unit"):
        s.apply_action("attack 1,0 with m")

"""Known-answer tests for ``combat.odds``, round 5 of `make mutate`: the odds the UI previews before an order
is whole (no attacker yet, or an empty hex), fire support scaled by ``support_factor``, defensive support
switched off, and a fire unit that attacks not counted again as its own support.

Fixture: tests/test_mech_fires.py's rules (gun: attack 3, 2 steps, range 3) on the hexagon; standard
strengths: tank attack 6, mech defence 4 (full steps). Table ratios 0.5, 1, 1.5, 2, 3, 4 -> columns 1:2 ..
4:1. See tests/MUTATION_r5_survivors.md.
"""

from engine.geo.hexgrid import Hex
from engine.rules import combat
from tests.enginefixture import hexagon_game, to_phase
from tests.test_mech_fires import rules as fire_rules

UNITS = [("a1", "tank", "red", -1, 0), ("g1", "gun", "red", -2, 0), ("d", "mech", "blue", 0, 0),
         ("g2", "gun", "blue", 2, 0)]


def _state(units=UNITS, **fire):
    s = hexagon_game(units, rules=fire_rules(**fire)).new_initial_state(1)
    return to_phase(s, "combat")


def _odds(s, target, attackers):
    return combat.odds(s, s.game.index[Hex(*target)], attackers)


def test_odds_with_no_attacker_yet_and_on_an_empty_hex():
    s = _state()
    # no attacker chosen yet (the UI's preview): A 0, D 4 + blue gun 3 = 7, ratio 0 -> column 1:2
    o = _odds(s, (0, 0), [])
    assert (o.attack, o.defence, o.label, o.fire_att, o.fire_def) == (0, 7.0, "1:2", (), ("g2",))
    # an empty hex: no defender and no defensive fire, D 0 -> ratio infinite -> the last column, 4:1
    o = _odds(s, (-1, 1), ["a1"])
    assert (o.defence, o.base_column, o.label, o.fire_def) == (0, 5, "4:1", ())
    assert o.fire_att == ("g1",) and o.attack == 9.0


def test_fire_support_counts_at_the_support_factor():
    # support_factor 0.5: A = 6 + 3 x 0.5 = 7.5, D = 4 + 3 x 0.5 = 5.5; 7.5 / 5.5 = 1.36 -> column 1:1
    o = _odds(_state(support_factor=0.5), (0, 0), ["a1"])
    assert (o.attack, o.defence, o.label) == (7.5, 5.5, "1:1")


def test_defensive_support_off_leaves_the_defence_alone():
    # defensive_support off: the blue gun does not add to the defence (D = 4), the red gun still adds
    # to the attack (A = 9): 2.25 -> column 2:1
    o = _odds(_state(defensive_support=False), (0, 0), ["a1"])
    assert (o.attack, o.defence, o.fire_def, o.label) == (9.0, 4.0, (), "2:1")


def test_a_gun_that_attacks_is_not_also_counted_as_support():
    # g1 attacks together with a1: it adds its attack (3) once, as an attacker, not again as support:
    # A = 6 + 3 = 9 and no supporting fire; D = 4 + 3 = 7
    o = _odds(_state(), (0, 0), ["a1", "g1"])
    assert (o.attack, o.fire_att) == (9.0, ())


def test_a_gun_in_a_state_with_no_combat_value_does_not_support_the_defence():
    # A held readiness state "paralysed" (combat factor 0, may not attack) added to the ladder: the blue
    # gun g2 in it adds nothing to the defence (D = mech 4), in "alerted" (factor 0.75) it supports it.
    import attrs

    from engine.rules import fires
    from engine.scenario.model import ReadinessState
    r = fire_rules()
    ladder = r.readiness.states + (ReadinessState("paralysed", False, False, 0.0, held=True),)
    r = attrs.evolve(r, readiness=attrs.evolve(r.readiness, states=ladder))
    for state, want in (("paralysed", []), ("alerted", ["g2"])):
        s = to_phase(hexagon_game(UNITS, rules=r, readiness={"g2": state}).new_initial_state(1), "combat")
        got = [u.id for u in fires.supporters(s, "blue", s.game.index[Hex(0, 0)], attacking=False)]
        assert got == want, state

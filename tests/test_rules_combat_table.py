"""Combat table boundaries with answers derived by hand (issue 20).

Fixture: tests/enginefixture.py, the synthetic standard rules. Strength =
value x steps left / full steps (deployed units, in supply):

    attack: tank 6 (3 steps), mech 4 (3), motor 3 (2), inf 2 (2)
    defence: tank 4 (3), mech 4 (3), motor 3 (2), inf 3 (2)

Columns 1:2 1:1 3:2 2:1 3:1 4:1 at ratios 0.5 1 1.5 2 3 4: the column is the
highest whose ratio <= attack/defence (below 0.5 it is still 1:2, the lowest).
Shifts: defender's terrain (forest -1, urban -2), a river on *every*
attacker's hexside (minor -1, major -2 if any is major), attacker out of
supply -1; the result is clamped to the table.

The defender is one full infantry brigade at (0,0) on open ground (defence 3)
unless a test says otherwise; attackers stand on the six neighbours.
"""

import pytest

from engine.geo.hexgrid import Hex
from engine.rules import combat
from tests.enginefixture import hexagon_game, hexagon_map, seed_with_first_die, to_phase

#: The six neighbours of (0,0), in the order attackers are placed.
RING = [(-1, 0), (-1, 1), (0, 1), (1, 0), (1, -1), (0, -1)]


def _odds(attackers, defenders=(("d", "inf", 2),), terrain=None, rivers=None):
    """(attack, defence, label, shift) of all ``attackers`` (type, steps) on (0,0)."""
    units = [(f"a{k}", typ, "red", *RING[k], steps) for k, (typ, steps) in enumerate(attackers)]
    units += [(uid, typ, "blue", 0, 0, steps) for uid, typ, steps in defenders]
    g = hexagon_game(units, hexagon_map(terrain=terrain, rivers=rivers))
    s = to_phase(g.new_initial_state(1), "combat")
    o = combat.odds(s, g.index[Hex(0, 0)], tuple(f"a{k}" for k in range(len(attackers))))
    return o.attack, o.defence, o.label, o.shift


# (attackers, their attack by hand, the column). Defence is 3, so the ratio is attack/3: each
# column at exactly its ratio, and at the nearest ratio below it that these units can make.
BOUNDARIES = [
    ([("motor", 1)], 1.5, "1:2"),  # 1.5/3 = 0.5 exactly
    ([("mech", 1)], 4 / 3, "1:2"),  # 0.444, below the lowest ratio: still the lowest column
    ([("motor", 2)], 3.0, "1:1"),  # 3/3 = 1 exactly
    ([("mech", 1), ("motor", 1)], 4 / 3 + 1.5, "1:2"),  # 17/18 = 0.944
    ([("motor", 1), ("motor", 2)], 4.5, "3:2"),  # 4.5/3 = 1.5 exactly
    ([("mech", 1), ("motor", 2)], 4 / 3 + 3, "1:1"),  # 13/9 = 1.444
    ([("tank", 3)], 6.0, "2:1"),  # 6/3 = 2 exactly
    ([("mech", 2), ("motor", 2)], 8 / 3 + 3, "3:2"),  # 17/9 = 1.889
    ([("tank", 3), ("motor", 2)], 9.0, "3:1"),  # 9/3 = 3 exactly
    ([("tank", 3), ("mech", 2)], 6 + 8 / 3, "2:1"),  # 26/9 = 2.889
    ([("tank", 3), ("tank", 3)], 12.0, "4:1"),  # 12/3 = 4 exactly
    ([("tank", 3), ("mech", 3), ("motor", 1)], 11.5, "3:1"),  # 23/6 = 3.833
    ([("tank", 3), ("tank", 3), ("tank", 3)], 18.0, "4:1"),  # 6, above the highest ratio: still the highest
]


@pytest.mark.parametrize("attackers,attack,label", BOUNDARIES,
                         ids=[f"{a / 3:.3f}->{lab}" for _, a, lab in BOUNDARIES])
def test_column_at_each_ratio_and_just_below(attackers, attack, label):
    a, d, got, shift = _odds(attackers)
    assert d == 3.0 and shift == 0
    assert a == pytest.approx(attack)
    assert got == label


def test_column_with_a_reduced_defender_and_two_defenders():
    # mech at 2 of 3 steps defends 8/3; a tank at 2 of 3 steps attacks 4: 4/(8/3) = 1.5 exactly -> 3:2.
    assert _odds([("tank", 2)], defenders=(("d", "mech", 2),))[2] == "3:2"
    # Two defenders add up: inf 3 + mech 4 = 7; tank + mech 10/7 = 1.43 -> 1:1; + motor 1 step 11.5/7 = 1.64 -> 3:2.
    two = (("d", "inf", 2), ("e", "mech", 3))
    assert _odds([("tank", 3), ("mech", 3)], defenders=two)[1:3] == (7.0, "1:1")
    assert _odds([("tank", 3), ("mech", 3), ("motor", 1)], defenders=two)[2] == "3:2"


# --- shifts ------------------------------------------------------------------------------

def test_terrain_shifts_and_clamping():
    # tank 6 vs inf 3 = 2:1 on open; forest -1 -> 3:2; urban -2 -> 1:1; marsh -1 -> 3:2.
    for terrain, shift, label in (("open", 0, "2:1"), ("forest", -1, "3:2"), ("urban", -2, "1:1"),
                                  ("marsh", -1, "3:2")):
        assert _odds([("tank", 3)], terrain={(0, 0): terrain})[2:] == (label, shift), terrain
    # motor 3 vs inf 3 = 1:1, urban -2 -> column -1, clamped to 1:2 (shift still reported as -2).
    assert _odds([("motor", 2)], terrain={(0, 0): "urban"})[2:] == ("1:2", -2)
    # terrain of the attacker's hex does not count: forest at (-1,0) leaves 2:1.
    assert _odds([("tank", 3)], terrain={(-1, 0): "forest"})[2:] == ("2:1", 0)


def test_river_shifts_need_every_attacker_across():
    minor = {((-1, 0), (0, 0)): "minor"}
    major = {((-1, 0), (0, 0)): "major"}
    # one tank (6 vs 3 = 2:1) across a minor river: -1 -> 3:2; across a major river: -2 -> 1:1.
    assert _odds([("tank", 3)], rivers=minor)[2:] == ("3:2", -1)
    assert _odds([("tank", 3)], rivers=major)[2:] == ("1:1", -2)
    # a second attacker from (-1,1), not across any river: no river shift at all.
    # tank + motor = 9/3 = 3:1, unshifted.
    assert _odds([("tank", 3), ("motor", 2)], rivers=minor)[2:] == ("3:1", 0)
    # both across, one minor one major: the major shift (-2) once, not -3: 3:1 -> 3:2.
    both = {((-1, 0), (0, 0)): "minor", ((-1, 1), (0, 0)): "major"}
    assert _odds([("tank", 3), ("motor", 2)], rivers=both)[2:] == ("3:2", -2)
    # both across minor rivers: -1 once: 3:1 -> 2:1.
    both_minor = {((-1, 0), (0, 0)): "minor", ((-1, 1), (0, 0)): "minor"}
    assert _odds([("tank", 3), ("motor", 2)], rivers=both_minor)[2:] == ("2:1", -1)
    # river and forest add up: 3:1 -1 (minor, both across) -1 (forest) -> 3:2.
    assert _odds([("tank", 3), ("motor", 2)], rivers=both_minor, terrain={(0, 0): "forest"})[2:] == ("3:2", -2)


def test_out_of_supply_attacker_halves_attack_and_shifts_one_column():
    g = hexagon_game([("t", "tank", "red", -1, 0), ("d", "inf", "blue", 0, 0)])
    s = to_phase(g.new_initial_state(1), "combat")
    s.units["t"].supplied = False
    o = combat.odds(s, g.index[Hex(0, 0)], ("t",))
    # 6 x 0.5 = 3 vs 3 = 1:1, then -1 for supply -> 1:2.
    assert (o.attack, o.defence, g.rules.combat.columns[o.base_column], o.shift, o.label) == (3.0, 3.0, "1:1", -1,
                                                                                              "1:2")


# --- every result type ---------------------------------------------------------------------
# Table rows (die 1..6) x columns 1:2 1:1 3:2 2:1 3:1 4:1 (engine/analysis/synthetic.py CRT_CODES).
# The attacker stands at (-1,0), the defender at (0,0).
# Attacker retreat from (-1,0): hexes 2 from the battle and outside the defender's ZOC are
# (-2,0), (-2,1), (-1,-1), all equally far from it; ties go to the lowest (q, r): (-2,0).
# Defender retreat from (0,0): neighbours not in the attacker's ZOC are (0,1), (1,-1), (1,0),
# each 2 from the attacker; the tie goes to (0,1). A second retreat hex goes on from there.

def _fight(attacker, defender, die, astep=None, dstep=None):
    a = ("a", attacker, "red", -1, 0) + ((astep,) if astep else ())
    d = ("d", defender, "blue", 0, 0) + ((dstep,) if dstep else ())
    g = hexagon_game([a, d])
    s = to_phase(g.new_initial_state(seed_with_first_die(die)), "combat")
    s.apply_action("attack 0,0 with a")
    line = next(x for x in s.log if "odds" in x)
    return s, line


def _where(s, uid):
    return (s.units[uid].strength, tuple(s.unit_hex(uid))) if uid in s.units else None


@pytest.mark.parametrize("attacker,defender,die,column,code,a_after,d_after,lost", [
    # mech 4 vs mech 4 = 1:1
    ("mech", "mech", 1, "1:1", "AL1R", (2, (-2, 0)), (3, (0, 0)), {"red": 1, "blue": 0}),
    ("mech", "mech", 2, "1:1", "AL1", (2, (-1, 0)), (3, (0, 0)), {"red": 1, "blue": 0}),
    ("mech", "mech", 4, "1:1", "NE", (3, (-1, 0)), (3, (0, 0)), {"red": 0, "blue": 0}),
    ("mech", "mech", 5, "1:1", "DR1", (3, (0, 0)), (3, (0, 1)), {"red": 0, "blue": 0}),
    # tank 6 vs mech 4 = 3:2
    ("tank", "mech", 2, "3:2", "EX", (2, (-1, 0)), (2, (0, 0)), {"red": 1, "blue": 1}),
    ("tank", "mech", 1, "3:2", "AL1", (2, (-1, 0)), (3, (0, 0)), {"red": 1, "blue": 0}),
    # tank 6 vs inf 3 = 2:1
    ("tank", "inf", 1, "2:1", "EX", (2, (-1, 0)), (1, (0, 0)), {"red": 1, "blue": 1}),
    ("tank", "inf", 3, "2:1", "DL1R1", (3, (0, 0)), (1, (0, 1)), {"red": 0, "blue": 1}),
    ("tank", "inf", 6, "2:1", "DL2R1", (3, (0, 0)), None, {"red": 0, "blue": 2}),
])
def test_each_result_type(attacker, defender, die, column, code, a_after, d_after, lost):
    s, line = _fight(attacker, defender, die)
    assert f"-> {column}; die {die} -> {code}" in line
    assert _where(s, "a") == a_after
    assert _where(s, "d") == d_after
    assert s.steps_lost == lost


def test_attacker_loses_two_and_retreats_at_1_to_2():
    # mech 4 vs two defenders (tank 4 + mech 4 = 8): 0.5 -> 1:2; die 1 -> AL2R:
    # the mech keeps 1 of 3 steps and retreats to (-2,0) (see above).
    g = hexagon_game([("a", "mech", "red", -1, 0), ("d", "tank", "blue", 0, 0), ("e", "mech", "blue", 0, 0)])
    s = to_phase(g.new_initial_state(seed_with_first_die(1)), "combat")
    s.apply_action("attack 0,0 with a")
    assert any("-> 1:2; die 1 -> AL2R" in x for x in s.log)
    assert _where(s, "a") == (1, (-2, 0)) and s.steps_lost == {"red": 2, "blue": 0}


def test_defender_two_steps_two_hexes_at_4_to_1():
    # two tanks 12 vs a 3-step mech 4 = 3 -> 3:1, die 6 -> DL2R2: the mech keeps 1 step and retreats
    # two hexes. Attackers at (-1,0) and (-1,1) put (0,-1) and (0,1) in their ZOC, so the first hex
    # is (1,-1) or (1,0), each 2 from both attackers: the lower index, (1,-1).
    # Second hex: from (1,-1), the hexes 2 from (0,0) are (2,-2), (2,-1), (1,-2); their nearest
    # attacker is 3, 3 and 2 hexes away: (2,-2) and (2,-1) tie, the lower index (2,-2) wins.
    g = hexagon_game([("a", "tank", "red", -1, 0), ("b", "tank", "red", -1, 1), ("d", "mech", "blue", 0, 0)])
    s = to_phase(g.new_initial_state(seed_with_first_die(6)), "combat")
    s.apply_action("attack 0,0 with a,b")
    assert any("-> 3:1; die 6 -> DL2R2" in x for x in s.log)
    assert _where(s, "d") == (1, (2, -2))
    assert s.steps_lost == {"red": 0, "blue": 2}

"""Known-answer test for which hexes may be attacked under the nations' rules of engagement (``combat.targets``),
round 6 of `make mutate`, the run's last part (tests/MUTATION_r6_survivors.md).

Fixture: tests/test_mech_nations.py's: Poland's rule forbids firing on Belarusian units until the event
``mandate`` has fired; red BLR mech ``ru`` at (0, 0); next to it the Polish ``pl`` (1, 0) and the Lithuanian
``lt`` (0, 1), whom the rule does not bind. Blue to act in the combat phase.
"""

from engine.geo.hexgrid import Hex
from engine.rules import combat
from engine.scenario.model import NationRule
from tests.enginefixture import hexagon_game, to_phase

RULE = NationRule("POL", may_not_fire_on=("BLR",), until_event="mandate")


def test_a_hex_only_units_bound_by_a_rule_could_attack_is_no_target_until_the_rule_is_lifted():
    g = hexagon_game([("pl", "mech", "blue", 1, 0), ("lt", "mech", "blue", 0, 1), ("ru", "mech", "red", 0, 0)],
                     nation_rules=(RULE,))
    s = g.new_initial_state(1)
    s.units["lt"].nation = "LTU"
    to_phase(s, "combat", "blue")
    ru = g.index[Hex(0, 0)]
    assert combat.targets(s) == [ru]  # lt may attack it
    s.relocate(s.units["lt"], g.index[Hex(4, 0)])  # lt leaves: only pl is next to ru
    assert combat.targets(s) == []
    s.events_fired["mandate"] = 1  # the rule is lifted
    assert combat.targets(s) == [ru]

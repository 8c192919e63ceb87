"""Known-answer test for the countries whose railways a side may use when the rules name none for it
(``rail.rail_countries``), round 6 of `make mutate`, the run's last part (tests/MUTATION_r6_survivors.md).
"""

from engine.rules import rail
from tests.test_rules_mutants_r6b_engagement import three_sides


def test_a_side_the_rail_rules_do_not_name_uses_its_home_countries_railways():
    # The standard rules name Red's (RUS, BLR) and Blue's (POL, LTU) rail countries, not Green's: Green uses
    # its home country's, LTU.
    s = three_sides().new_initial_state(1)
    assert "green" not in s.game.rules.rail.friendly_countries
    assert rail.rail_countries(s, "red") == ("RUS", "BLR")
    assert rail.rail_countries(s, "green") == ("LTU",)


def test_a_repaired_link_is_logged_by_both_its_ends():
    # tests/logifixture.py's railway: the link (2,0)-(3,0) cut until turn 2 is repaired at the start of turn 2.
    from engine.geo.hexgrid import Hex
    from tests.logifixture import logi_game
    g = logi_game([("r1", "mech", "red", -8, 0), ("b", "inf", "blue", 0, -8)])
    s = g.new_initial_state(1)
    assert rail.cut_link(s, g.index[Hex(2, 0)], g.index[Hex(3, 0)], until_turn=2, reason="test")
    while s.turn == 1:
        s.apply_action("end")
    assert "  rail link 2,0-3,0 repaired" in s.log and s.cut_links == {}

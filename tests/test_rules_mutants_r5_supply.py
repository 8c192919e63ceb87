"""Known-answer tests for ``supply.connected`` (the trace region the cut-off rule asks), round 5 of `make mutate`.

Fixture: tests/logifixture.py ``rail_map(split=2)``: a radius-8 hexagon (217 land hexes), Belarus (Red's
home) at q <= 2, Poland (Blue's home) at q > 2; Red's entry hex (-8, 0); Blue has no entry hex, so a Blue
base is its only possible source. See tests/MUTATION_r5_survivors.md.
"""

from engine.geo.hexgrid import Hex
from engine.rules import cutoff, supply
from tests.logifixture import base, logi_game, rail_map

RED = ("r", "mech", "red", -5, 3)  # one Red mech: its hex and its 6 neighbours block Blue's trace


def _state(bases=(), units=(RED,)):
    return logi_game(list(units), rail_map(split=2), bases=list(bases)).new_initial_state(1)


def test_red_region_is_the_whole_map_and_home_soil_only_when_asked():
    # No Blue unit: nothing blocks Red. Whole map: 217 hexes. Home only (q <= 2): columns q = -8..0 hold
    # 9, 10, ..., 17 hexes (117), q = 1 holds 16 and q = 2 holds 15: 148.
    s = _state()
    g = s.game
    assert len(supply.connected(s, "red")) == 217
    assert len(supply.connected(s, "red", home_only=True)) == 148
    # the cut-off rule asks the whole region: a Red-held East (8, 0), in Poland, is not cut off
    assert not cutoff.cut_off(s, g.index[Hex(8, 0)], "red")


def test_only_an_active_base_without_stocks_is_a_source():
    # A Blue depot at (5, 2). Active, no stocks: an unlimited source, and the region is the map less the
    # Red mech's hex and its zone of control (217 - 7 = 210). Inactive, or holding stocks: no source, empty.
    unlimited = _state([base("d", "depot", 5, 2, side="blue")])
    assert len(supply.connected(unlimited, "blue")) == 210
    assert unlimited.game.index[Hex(-5, 3)] not in supply.connected(unlimited, "blue")
    inactive = _state([base("d", "depot", 5, 2, side="blue", active=False)])
    assert supply.connected(inactive, "blue") == frozenset()
    stocked = _state([base("d", "depot", 5, 2, side="blue", stocks={"fuel": 5})])
    assert supply.connected(stocked, "blue") == frozenset()


def test_the_region_follows_a_move_of_the_enemy():
    # The Red mech moves from (-5, 3) to (-5, 5), two hexes away: its old hex is open to Blue again, its
    # new hex is not; still 210 hexes (the new zone of control holds 7 hexes too: all on the map).
    s = _state([base("d", "depot", 5, 2, side="blue")])
    g = s.game
    old, new = g.index[Hex(-5, 3)], g.index[Hex(-5, 5)]
    assert old not in supply.connected(s, "blue")
    s.relocate(s.units["r"], new)
    conn = supply.connected(s, "blue")
    assert old in conn and new not in conn and len(conn) == 210


def test_an_entry_hex_in_the_enemy_zone_of_control_feeds_nothing():
    # Blue's only source is its entry hex (8, -8) (no base; no Blue railhead). A Red mech at (7, -7), next to
    # it, puts it in Red's zone of control: the trace may not start there, so Blue's region is empty. With
    # the mech at (6, -6), two hexes away, the entry is free: the map less the mech's 7 hexes, 210.
    def state(red_at):
        g = logi_game([("r", "mech", "red", *red_at)], rail_map(split=2), blue_entries=((8, -8),))
        return g.new_initial_state(1)

    assert supply.connected(state((7, -7)), "blue") == frozenset()
    assert len(supply.connected(state((6, -6)), "blue")) == 210


def _combat_draw(use, stocks, units, unlimited=()):
    import attrs

    from engine.analysis.synthetic import standard_rules
    r = standard_rules()
    r = attrs.evolve(r, supply=attrs.evolve(r.supply, use_per_combat=use))
    bases = [base("dep", "logistic", 6, 2, stocks=stocks), *unlimited]
    g = logi_game(units + [("b", "inf", "blue", 8, -8)], rail_map(), entries=(), bases=bases, rules=r)
    return g.new_initial_state(0)


def test_combat_draw_skips_units_without_a_stocked_base_and_charges_the_rest():
    # No entry hex. a0 is supplied by the unlimited depot "inf" at (-8, 8), next to it: it draws on no stocked
    # base and pays nothing; r1 and r2 draw on "dep" (1 ammo) at (6, 2), 1 ammo per combat: r1 pays it, r2
    # finds none left and is out of supply
    s = _combat_draw({"ammo": 1}, {"ammo": 1}, [("a0", "mech", "red", -7, 7), ("r1", "mech", "red", 6, 2),
                                                ("r2", "mech", "red", 5, 2)], [base("inf", "depot", -8, 8)])
    assert supply.status(s, "red") == [("a0", True, ""), ("r1", True, "dep"), ("r2", True, "dep")]
    n = len(s.log)
    supply.draw_combat(s, ["a0", "r1", "r2"])
    assert s.stocks["dep"]["ammo"] == 0
    assert supply.status(s, "red") == [("a0", True, ""), ("r1", True, "dep"), ("r2", False, "dep")]
    assert s.log[n:] == ["  r2 out of supply: dep cannot pay for the combat"]


def test_a_base_that_cannot_pay_in_full_pays_what_it_has():
    # 2 ammo per combat, 1 in the base: it gives its last 1 (not 2: never negative) and r1 is out of supply,
    # logged once; a second combat logs nothing more
    s = _combat_draw({"ammo": 2}, {"ammo": 1, "fuel": 5}, [("r1", "mech", "red", 6, 2)])
    n = len(s.log)
    supply.draw_combat(s, ["r1"])
    assert s.stocks["dep"] == {"ammo": 0, "fuel": 5} and s.units["r1"].supplied is False
    supply.draw_combat(s, ["r1"])
    assert s.log[n:] == ["  r1 out of supply: dep cannot pay for the combat"]


def _home_region(s, side):
    """home_joined on every hex, checked against connected(home_only=True) (a forward flood); the hexes."""
    region = supply.connected(s, side, home_only=True)
    joined = {p for p in range(len(s.game.hexes)) if supply.home_joined(s, side, p)}
    assert joined == set(region)
    return joined


def test_home_joined_agrees_with_the_home_region_and_counts_it():
    # Blue's home, Poland (q >= 3): 14 + 13 + 12 + 11 + 10 + 9 = 69 hexes. A blue unit "pl" at (6,0).
    blue = ("pl", "mech", "blue", 6, 0)
    depot = base("d", "depot", 5, 2, side="blue")
    # an active unlimited depot in Poland, the red mech in Belarus: all 69
    assert len(_home_region(_state([depot], [RED, blue]), "blue")) == 69
    # the red mech at (5,-2) in Poland: its hex and 6 neighbours (all Polish) are closed: 62
    assert len(_home_region(_state([depot], [("r", "mech", "red", 5, -2), blue]), "blue")) == 62
    # no source (the depot inactive, or holding stocks): nothing
    for off in (base("d", "depot", 5, 2, side="blue", active=False),
                base("d", "depot", 5, 2, side="blue", stocks={"fuel": 5})):
        assert _home_region(_state([off], [RED, blue]), "blue") == set()


def test_home_joined_from_an_entry_hex_free_or_in_the_enemy_zone_of_control():
    # Blue's only source is its entry hex (8,-8): free, all of Poland (69); a red mech next to it: nothing
    def state(red_at):
        g = logi_game([("r", "mech", "red", *red_at), ("pl", "mech", "blue", 6, 0)], rail_map(split=2),
                      blue_entries=((8, -8),))
        return g.new_initial_state(1)

    assert len(_home_region(state((-5, 3)), "blue")) == 69
    assert _home_region(state((7, -7)), "blue") == set()

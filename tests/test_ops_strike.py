"""Missile strikes on units, bases and rail links: dice, range, once per turn; a cut link cuts supply."""

import pytest

from engine.core.actions import Action, Strike
from engine.geo.hexgrid import Hex, hex_range
from engine.core.rng import Rng
from engine.rules import rail, supply
from tests.airfixture import base, ops_game, to_phase

LINE = [(q, 0) for q in range(-6, 7)]
POL = {tuple(h): "POL" for h in hex_range(Hex(0, 0), 6) if h[0] <= -3 or h[1] == 0}


def strike_game(stocks=None):
    units = [("r_isk", "isk", "red", 2, -4), ("r1", "tank", "red", 3, -3), ("b1", "mech", "blue", 5, 0),
             ("b2", "mech", "blue", 3, -2)]
    bases = [base("depot", "logistic", "blue", -6, 0, stocks=stocks, supply_source=True)]
    return ops_game(units, bases=bases, rail=LINE, country=POL)


def at_strike(game, want):
    """The red air phase of the first seed whose next die satisfies ``want``."""
    for seed in range(200):
        s = to_phase(game.new_initial_state(seed), "air", "red")
        if want(Rng(state=s.rng.state).randint(1, 6)):
            return s
    raise AssertionError("no seed")


def test_iskander_cuts_rail_link_and_supply():
    g = strike_game()
    s = at_strike(g, lambda d: d >= 3)  # rail_cut_on: 3
    i, j = g.index[Hex(-5, 0)], g.index[Hex(-4, 0)]
    assert supply.trace(s, s.units["b1"])[0]  # on the railway from the depot: supplied
    a = Action.from_str("strike r_isk rail:-5,0->-4,0", g)
    assert a == Strike("r_isk", "rail", Hex(-5, 0), Hex(-4, 0)) and s.is_legal(a)
    s.apply_action(a)
    assert rail.is_cut(s, i, j) and "-> cut" in "\n".join(s.log)
    # the railhead is now -5,0: 9 hexes of rail (9/8 of the trace) away, beyond the trace
    assert not supply.trace(s, s.units["b1"])[0]
    s = to_phase(s, "combat", "blue")
    s.apply_action("end")  # the logistics phase traces supply
    assert not s.units["b1"].supplied


def test_rail_strike_can_miss():
    g = strike_game()
    s = at_strike(g, lambda d: d < 3)
    s.apply_action("strike r_isk rail:-1,0->0,0")
    assert not rail.is_cut(s, g.index[Hex(-1, 0)], g.index[Hex(0, 0)]) and "-> missed" in s.log[-1]


@pytest.mark.parametrize("seed,dice,hits", [
    (2, "1 2 1 3 1 1", 0),  # no die of 5+
    (0, "2 1 2 5 2 1", 1),  # exactly one 5
    (7, "2 2 3 6 6 1", 2),  # two 6s
    (3, "3 6 5 1 1 6", 2),  # three of 5+, capped at max_unit_hits 2
    (19, "6 5 4 3 5 5", 2),  # four, capped at 2
])
def test_strike_on_units_rolls_one_die_per_point_capped(seed, dice, hits):
    # The Iskander has strike 6 at full strength: 6 dice, a hit on 5+, at most 2 hits, taken off the
    # mech b1 (3 steps) at 5,0. The dice are the state's next six (seeds found by listing them).
    g = strike_game()
    s = to_phase(g.new_initial_state(seed), "air", "red")
    rng = Rng(state=s.rng.state)
    assert " ".join(str(rng.randint(1, 6)) for _ in range(6)) == dice
    s.apply_action("strike r_isk 5,0")
    assert s.log[-1] == (f"  missile strike (6 points) on 5,0: dice {dice} (hit on 5+, at most 2) -> "
                         f"{hits} hit{'s' if hits != 1 else ''}")
    assert s.units["b1"].strength == 3 - hits and s.steps_lost == {"red": 0, "blue": hits}
    assert "has already fired this turn" in s.why_illegal(Strike("r_isk", "hex", Hex(3, -2)))


def test_strike_on_base_burns_stocks_and_puts_it_out_of_action():
    g = strike_game(stocks={"fuel": 30, "ammo": 5})
    s = at_strike(g, lambda d: d >= 4)
    s.apply_action("strike r_isk base:depot")
    assert s.stocks["depot"] == {"ammo": 0, "fuel": 18}  # 2 x 6 points each, never below 0
    assert s.base_active["depot"] is False and s.base_down == [["depot", 3]]
    s.apply_action("end")
    s = to_phase(s, "air", "red")
    assert s.turn == 2 and not s.base_active["depot"]
    s.apply_action("end")
    s = to_phase(s, "air", "red")
    assert s.turn == 3 and s.base_active["depot"] and s.base_down == []


def test_strike_legality():
    g = strike_game()
    s = to_phase(g.new_initial_state(1), "air", "red")
    assert "no base 'depto'" in s.why_illegal(Strike("r_isk", "base", base="depto"))
    assert "did you mean 'depot'" in s.why_illegal(Strike("r_isk", "base", base="depto"))
    far = ops_game([("r_isk", "isk", "red", 6, -6), ("b1", "mech", "blue", -6, 6)])
    sf = to_phase(far.new_initial_state(1), "air", "red")
    assert "beyond its range of 8" in sf.why_illegal(Strike("r_isk", "hex", Hex(-6, 6)))
    assert "cannot make missile strikes" in s.why_illegal(Strike("r1", "hex", Hex(5, 0)))
    assert "no rail link" in s.why_illegal(Strike("r_isk", "rail", Hex(0, 1), Hex(0, 2)))
    legal = [a for a in s.legal_actions() if isinstance(a, Strike)]
    assert Strike("r_isk", "hex", Hex(5, 0)) in legal and Strike("r_isk", "base", base="depot") in legal
    for a in legal:
        assert Action.from_str(a.to_str(g), g) == a and s.is_legal(a)
    m = to_phase(s, "movement", "red")
    assert "air phase, not movement" in m.why_illegal(Strike("r_isk", "hex", Hex(5, 0)))

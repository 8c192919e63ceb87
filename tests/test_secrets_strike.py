"""A missile strike aimed at a hex the side does not see is not refused by the nations hidden there.

Under a nation's rules of engagement (``nations: may_not_fire_on``) ``strike.why_illegal`` read the
nations of every unit in the target hex: a blind strike on an unseen hex answered 'POL units may not fire
on BLR units yet' exactly where a hidden Belarusian unit stood (and nothing on an empty hex), naming the
nation too. Now only a hex the side sees is checked; a strike fired blind at a hidden stack it may not
fire on is called off (no die, no loss), told to the side in its own order's result.
"""

from __future__ import annotations

import attrs

from engine.core.actions import Strike
from engine.game.game import Game
from engine.geo.hexgrid import Hex
from engine.scenario.model import NationRule
from engine.analysis.synthetic import _digest
from tests.airfixture import ops_game, to_phase

AT = (0, 0)


def _game(hidden_at: tuple[int, int], rule: bool = True) -> Game:
    """Blue's launcher (sees no hex) at 4,0, range 8; a Belarusian unit red holds somewhere blue cannot see."""
    g0 = ops_game([("b_isk", "isk", "blue", 4, 0), ("r_hid", "inf", "red", *hidden_at)], fog=True)
    rules = (NationRule("POL", may_not_fire_on=("BLR",)),) if rule else ()
    sc = attrs.evolve(g0.scenario, nation_rules=rules)
    return Game(attrs.evolve(sc, digest=_digest(sc)), g0.map)


def _blue_air(hidden_at, rule=True):
    return to_phase(_game(hidden_at, rule).new_initial_state(2), "air", "blue")


def test_the_twins_look_the_same_to_blue():
    a, b = _blue_air(AT), _blue_air((-5, 2))
    assert a.observation("blue") == b.observation("blue")
    assert [x.to_str(a.game) for x in a.legal_actions()] == [x.to_str(b.game) for x in b.legal_actions()]


def test_a_blind_strike_is_answered_the_same_whatever_hides_there():
    a, b = _blue_air(AT), _blue_air((-5, 2))
    order = Strike("b_isk", "hex", Hex(*AT))
    assert a.why_illegal(order) == b.why_illegal(order) is None


def test_the_strike_on_a_hidden_forbidden_stack_is_called_off():
    s = _blue_air(AT)
    rng, n = s.rng.state, len(s.log)
    s.apply_action(Strike("b_isk", "hex", Hex(*AT)))
    assert s.units["r_hid"].strength == s.game.unit_types["inf"].steps  # no POL fire on BLR units
    assert s.rng.state == rng  # no die
    assert any("called off" in ln and "may not fire on BLR" in ln for ln in s.log[n:]), s.log[n:]
    assert "r_hid" in {u.id for u in s.observation("blue").units}  # the hex it fired at is observed
    assert s.why_illegal(Strike("b_isk", "hex", Hex(*AT))) == "b_isk has already fired this turn"


def test_a_seen_forbidden_stack_is_still_refused_and_without_the_rule_the_strike_hits():
    s = _blue_air(AT)
    s.struck.append(["probe", s.game.index[Hex(*AT)], "blue"])  # blue has looked at the hex this turn
    s.drop_caches()
    assert s.why_illegal(Strike("b_isk", "hex", Hex(*AT))) == "POL units may not fire on BLR units yet (for the whole game)"
    free = _blue_air(AT, rule=False)
    rng = free.rng.state
    free.apply_action(Strike("b_isk", "hex", Hex(*AT)))
    assert free.rng.state != rng  # dice rolled, as before

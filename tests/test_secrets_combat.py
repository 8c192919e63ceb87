"""Attacks are offered and refused on what the side sees, not on where hidden enemies stand.

``combat.targets`` listed every enemy-held hex next to an eligible attacker and ``combat.why_illegal``
refused 'holds no enemy unit' by the whole State: a unit that sees nothing around it (a type with
``detection_range: 0``) was offered an attack exactly where a hidden enemy stood. Now both read the enemy
hexes the side sees, as the bombard order already did (``fires.why_illegal``).

Twin states: the hidden enemy beside the blind unit, or far away: the same view, the same orders, the
same refusal.
"""

from __future__ import annotations

import attrs

from engine.core.actions import Attack
from engine.game.game import Game
from engine.geo.hexgrid import Hex
from engine.analysis.synthetic import _digest
from tests.airfixture import ops_game, to_phase

NEXT = (1, 0)


def _game(hidden_at: tuple[int, int], fog: bool = True, seen: bool = True) -> Game:
    """r_blind sees nothing; r_eye (sees 1 hex) has b_seen beside it, so red has a combat phase either way."""
    units = [("r_blind", "inf", "red", 0, 0), ("b_hid", "inf", "blue", *hidden_at), ("b_far", "inf", "blue", 5, 1)]
    if seen:
        units += [("r_eye", "inf", "red", -3, 0), ("b_seen", "inf", "blue", -4, 0)]
    g0 = ops_game(units, fog=fog)
    rules = g0.scenario.rules
    types = dict(rules.unit_types)
    types["blind"] = attrs.evolve(types["inf"], id="blind", detection_range=0)
    units = tuple(attrs.evolve(u, type="blind") if u.id == "r_blind" else u for u in g0.scenario.units)
    sc = attrs.evolve(g0.scenario, rules=attrs.evolve(rules, unit_types=types), units=units)
    return Game(attrs.evolve(sc, digest=_digest(sc)), g0.map)


def _red_combat(hidden_at, fog=True):
    return to_phase(_game(hidden_at, fog).new_initial_state(5), "combat", "red")


def test_the_twins_look_the_same_to_red():
    a, b = _red_combat(NEXT), _red_combat((-4, 4))
    assert a.units["b_hid"].pos == a.game.index[Hex(*NEXT)]
    assert a.observation("red") == b.observation("red")
    assert "b_hid" not in {u.id for u in a.observation("red").units}


def test_no_attack_is_offered_on_a_hidden_enemy():
    a, b = _red_combat(NEXT), _red_combat((-4, 4))
    assert [x.to_str(a.game) for x in a.legal_actions()] == [x.to_str(b.game) for x in b.legal_actions()]
    assert {x.target for x in a.legal_actions() if isinstance(x, Attack)} == {Hex(-4, 0)}


def test_whether_red_gets_a_combat_phase_does_not_depend_on_a_hidden_enemy():
    """A side with nothing to do is skipped: red was called to the table for combat exactly when a hidden
    enemy stood beside its blind unit (the handover itself told it)."""
    seqs = []
    for at in (NEXT, (-4, 4)):
        s = _game(at, seen=False).new_initial_state(5)
        seq = []
        while not s.terminal:
            if s.current_player() == "red":
                seq.append((s.turn, s.phase))
            s.apply_action("end")
        seqs.append(seq)
    assert seqs[0] == seqs[1]
    assert (1, "combat") not in seqs[0]


def test_an_attack_on_a_hidden_enemy_is_refused_as_on_an_empty_hex():
    a, b = _red_combat(NEXT), _red_combat((-4, 4))
    order = Attack(Hex(*NEXT), ("r_blind",))
    assert a.why_illegal(order) == b.why_illegal(order) == "red sees no enemy unit at 1,0"


def test_without_fog_the_attack_stands():
    s = _red_combat(NEXT, fog=False)
    order = Attack(Hex(*NEXT), ("r_blind",))
    assert s.why_illegal(order) is None and order in s.legal_actions()
    empty = _red_combat((-4, 4), fog=False)
    assert empty.why_illegal(order) == "1,0 holds no enemy unit"

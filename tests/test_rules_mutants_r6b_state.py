"""Known-answer tests for a new game's first state (``State.__init__`` and ``Unit``'s defaults, as
``State.initial`` leaves them), round 6 of `make mutate`, the run's last part (tests/MUTATION_r6_survivors.md).
"""

import attrs

from engine.analysis.synthetic import _digest
from engine.game.game import Game
from engine.rules import supply
from tests.logifixture import logi_game
from tests.test_rules_mutants_r6_events import _state


def test_the_first_state_has_no_unit_that_moved_or_fought():
    # The fixture has options for Red, so the game waits in turn 1's decisions phase, before any movement or
    # combat phase clears the flags: every unit is fresh.
    s = _state()
    assert (s.turn, s.phase, s.current_player()) == (1, "decisions", "red")
    assert [(u.moved, u.attacked) for u in s.units.values()] == [(False, False)] * 3


def test_a_unit_in_supply_at_the_start_is_not_announced_back_in_supply():
    # r1 on the railway (a railhead): in supply from the start, so the first supply check logs nothing about it;
    # r2, 5 cross-country steps (40 > 32) off the line at (0, -5), starts out of supply and is logged so.
    g = logi_game([("r1", "mech", "red", 0, 0), ("r2", "mech", "red", 0, -5), ("b", "inf", "blue", 5, 3)])
    s = g.new_initial_state(1)
    assert supply.status(s, "red") == [("r1", True, ""), ("r2", False, "")]
    assert [line for line in s.log if "supply" in line] == ["  r2 out of supply"]


def test_a_game_whose_turn_has_no_decisions_phase_starts_with_no_option_chosen():
    # The same scenario without a decisions phase: the first state (in the movement phase) has chosen nothing,
    # and copies and saves of it work.
    s0 = _state()
    sc = attrs.evolve(s0.game.scenario, phases=tuple(p for p in s0.game.scenario.phases if p != "decisions"))
    s = Game(attrs.evolve(sc, digest=_digest(sc)), s0.game.map).new_initial_state(1)
    assert s.phase == "movement" and s.chosen_this_phase == []
    assert s.clone().state_hash() == s.state_hash()

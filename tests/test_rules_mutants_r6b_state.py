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


def test_an_objective_held_at_the_start_is_controlled_by_the_side_standing_on_it():
    # The objective (-2, 0) is in Belarus (Red's home), but Blue's b starts on it: Blue controls it. The empty
    # objective (-3, 0) is Red's, by country.
    from engine.geo.hexgrid import Hex
    from tests.enginefixture import hexagon_game
    g = hexagon_game([("r1", "mech", "red", 0, 0), ("b", "inf", "blue", -2, 0)],
                     objectives=(("Town", (-2, 0), 1, "red"), ("Village", (-3, 0), 1, "red")))
    s = g.new_initial_state(1)
    assert s.control[g.index[Hex(-2, 0)]] == "blue" and s.control[g.index[Hex(-3, 0)]] == "red"


def test_placing_a_unit_already_there_or_off_the_map_does_nothing_and_a_new_one_is_listed():
    # tests/test_rules_mutants_r5_offmap.py's game: d starts in the box (its name "d" kept), t on the map. A
    # second placement of t or of d is refused (None, nothing changes). A unit placed off the map is refused and
    # logged. A new unit placed on land is listed with its side at once.
    from engine.geo.hexgrid import Hex
    from engine.scenario.model import UnitSpec
    from tests.test_rules_mutants_r5_offmap import _game
    g = _game([("t", "tank", "red", -3, 0)])
    s = g.new_initial_state(1)
    assert s.offmap["d"][3].name == "d"
    assert s.side_unit_ids("red") == ("t",)
    d_spec = next(u for u in g.scenario.units if u.id == "d")
    t_spec = next(u for u in g.scenario.units if u.id == "t")
    box, t_unit = list(s.offmap["d"]), s.units["t"]
    assert s.place_unit(t_spec) is None and s.place_unit(d_spec) is None
    assert s.units["t"] is t_unit and s.offmap["d"] == box
    assert s.place_unit(UnitSpec("w", "tank", "red", "BLR", "w", Hex(40, 40), "deployed", 3)) is None  # no hex
    assert s.log[-1] == "  w cannot be placed at 40,40 (not land on the map)" and "w" not in s.units
    assert s.place_unit(UnitSpec("n", "tank", "red", "BLR", "n", Hex(-4, 0), "deployed", 3)) is not None
    assert s.side_unit_ids("red") == ("n", "t")


def test_a_unit_placed_under_fog_is_seen_at_once_by_the_enemy_next_to_it():
    # Fog of war, sight 1 hex. Blue's b at (0, 0) sees nothing (Red's r1 at (5, 0), r2 at (0, 3)). r2 moves to
    # (0, 4) (still unseen), then Red's n is placed at (1, 0), next to b: Blue sees exactly n's hex.
    from engine.geo.hexgrid import Hex
    from engine.rules import intel
    from engine.scenario.model import UnitSpec
    from tests.enginefixture import hexagon_game
    g = hexagon_game([("r1", "mech", "red", 5, 0), ("r2", "mech", "red", 0, 3), ("b", "inf", "blue", 0, 0)],
                     fog_of_war=True)
    s = g.new_initial_state(1)
    assert intel.seen_enemy_positions(s, "blue") == frozenset()
    s.relocate(s.units["r2"], g.index[Hex(0, 4)])
    s.place_unit(UnitSpec("n", "mech", "red", "BLR", "n", Hex(1, 0), "deployed", 3))
    assert intel.seen_enemy_positions(s, "blue") == frozenset({g.index[Hex(1, 0)]})

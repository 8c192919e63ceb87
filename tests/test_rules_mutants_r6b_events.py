"""Known-answer tests for when events fire (``events.fire_events``: once events, events by chance), round 6 of
`make mutate`, the run's last part (tests/MUTATION_r6_survivors.md).

Fixture: tests/test_rules_mutants_r6_events.py's hexagon with the track tension (starts at 50), with events whose
trigger (tension >= 50) always holds.
"""

import attrs

from engine.analysis.synthetic import _digest
from engine.core.rng import GOLDEN, MASK64, Rng
from engine.game.game import Game
from engine.rules import events
from engine.scenario.model import Condition, Event, RemoveUnit, Trigger
from tests.test_rules_mutants_r6_events import _state

ALWAYS = Trigger("track", condition=Condition("tension", ">=", 50))


def test_a_once_event_fires_the_first_time_its_trigger_holds_and_never_again():
    # The game starts in the decisions phase, before any event phase: nothing fired yet. Two event phases:
    # ``once`` fires once (and removes r2, logged as its effect), ``every`` twice.
    s0 = _state()
    sc = attrs.evolve(s0.game.scenario, events=(Event("once", "Once", ALWAYS, (RemoveUnit("r2"),)),
                                                 Event("every", "Every", ALWAYS, (), once=False)))
    s = Game(attrs.evolve(sc, digest=_digest(sc)), s0.game.map).new_initial_state(1)
    assert s.events_fired == {}
    events.fire_events(s)
    events.fire_events(s)
    assert s.events_fired == {"once": 1, "every": 2}
    assert [line for line in s.log if line.startswith("  event ")] == [
        "  event once: Once", "  event once: r2 removed", "  event every: Every", "  event every: Every"]
    assert "r2" not in s.units


def _unmix64(u: int) -> int:
    """The z with rng.mix64(z) == u (each step of the splitmix64 finaliser undone)."""
    def unshift(y, s):
        z = y
        for _ in range(64 // s + 1):
            z = y ^ (z >> s)
        return z
    z = unshift(u, 31)
    z = z * pow(0x94D049BB133111EB, -1, 1 << 64) & MASK64
    z = unshift(z, 27)
    z = z * pow(0xBF58476D1CE4E5B9, -1, 1 << 64) & MASK64
    return unshift(z, 30)


def _chance_state(*evs):
    s0 = _state()
    sc = attrs.evolve(s0.game.scenario, events=evs)
    return Game(attrs.evolve(sc, digest=_digest(sc)), s0.game.map).new_initial_state(1)


def test_an_event_by_chance_draws_one_die_and_a_sure_one_none():
    # "never" (chance 0) draws a die and does not happen (logged); "sure" (chance 1, the default) after it draws
    # none and fires. So exactly one die is used: the state's next die is a copy's second.
    s = _chance_state(Event("never", "Never", ALWAYS, (), chance=0.0), Event("sure", "Sure", ALWAYS, ()))
    copy = s.rng.clone()
    copy.random()
    events.fire_events(s)
    assert s.events_fired == {"sure": 1}
    assert [line for line in s.log if line.startswith("  event ")] == [
        "  event never: did not happen (chance 0.00)", "  event sure: Sure"]
    assert s.rng.random() == copy.random()


def test_a_die_equal_to_the_chance_means_it_does_not_happen():
    # chance 0.5 fires on a die below 0.5 (so it fires half the time: the die is uniform on [0, 1)). The RNG is
    # set so that its next die is exactly 0.5 (its 64-bit output 2**63: 2**52 / 2**53): it does not happen.
    s = _chance_state(Event("half", "Half", ALWAYS, (), chance=0.5))
    s.rng = Rng(state=(_unmix64(1 << 63) - GOLDEN) & MASK64)
    assert s.rng.clone().random() == 0.5
    events.fire_events(s)
    assert s.events_fired == {} and s.log[-1] == "  event half: did not happen (chance 0.50)"
    # a die of 0.5 - 2**-53 is: it happens
    s.rng = Rng(state=(_unmix64((1 << 63) - (1 << 11)) - GOLDEN) & MASK64)
    events.fire_events(s)
    assert s.events_fired == {"half": 1}


def test_reinforcements_arrive_on_their_turns_and_are_moved_aside_from_an_enemy_held_hex():
    # tests/logifixture.py's railway. Schedule (in turn order, as the loader sorts it): r2 on turn 1 at (0, 2),
    # r3 on turn 2 at (2, 0), where Blue's b stands. Turn 1: r2 arrives. Turn 2: r3 arrives too, at the nearest
    # free hex, ties by hex index: (1, 0) of (2, 0)'s neighbours (1,0), (1,1), (2,-1), (2,1), (3,-1), (3,0).
    from tests.logifixture import logi_game, reinforcement
    sched = (reinforcement(1, "r2", "inf", "red", 0, 2), reinforcement(2, "r3", "inf", "red", 2, 0))
    g = logi_game([("r1", "mech", "red", -8, 0), ("b", "inf", "blue", 2, 0)], schedule=sched)
    s = g.new_initial_state(1)
    assert "r2" in s.units and "r3" not in s.units
    while s.turn == 1:
        s.apply_action("end")
    assert g.hexes[s.units["r3"].pos] == (1, 0)
    assert "  reinforcement: 2,0 is held by the enemy; r3 arrives at 1,0 instead" in s.log
    assert "  reinforcement: r3 arrives at 1,0" in s.log


def test_withdrawals_take_units_off_on_their_turn_and_skip_units_already_gone():
    # r1 and r2 are withdrawn on turn 2; r2 was destroyed on turn 1 (taken off here by hand): only r1 leaves,
    # logged, and nothing fails for r2.
    from engine.scenario.model import ScheduleEntry
    from tests.logifixture import logi_game
    sched = (ScheduleEntry(2, "remove", unit_id="r1"), ScheduleEntry(2, "remove", unit_id="r2"))
    g = logi_game([("r1", "mech", "red", -8, 0), ("r2", "mech", "red", -7, 0), ("r3", "mech", "red", -6, 0),
                   ("b", "inf", "blue", 2, 0)], schedule=sched)
    s = g.new_initial_state(1)
    s.remove_unit("r2")
    while s.turn == 1:
        s.apply_action("end")
    assert sorted(s.units) == ["b", "r3"]
    assert [line for line in s.log if "withdrawal" in line] == ["  withdrawal: r1 leaves the theatre"]


def test_a_rotational_unit_comes_and_goes_on_its_turns():
    # r9 comes to the logistic base lb at (-6, 2) on turn 1 for 2 turns, twice, 4 turns apart: on the map on
    # turns 1-2 and 5-6, gone on turns 3-4 and 7.
    from engine.scenario.model import Rotation, UnitSpec
    from engine.geo.hexgrid import Hex
    from tests.logifixture import base, logi_game
    g0 = logi_game([("r1", "mech", "red", -8, 0), ("b", "inf", "blue", 2, 0)], bases=(base("lb", "logistic", -6, 2),))
    rot = Rotation("rot1", UnitSpec("r9", "inf", "red", "BLR", "r9", Hex(-6, 2), "deployed", 3), "lb", arrive=1,
                   stay=2, repeat_every=4, count=2)
    sc = attrs.evolve(g0.scenario, rotations=(rot,))
    s = Game(attrs.evolve(sc, digest=_digest(sc)), g0.map).new_initial_state(1)
    present = []
    while s.turn <= 7:
        present.append("r9" in s.units)
        t = s.turn
        while s.turn == t:
            s.apply_action("end")
    assert present == [True, True, False, False, True, True, False]
    assert [line for line in s.log if "rotation" in line] == [
        "  rotation rot1: r9 arrives at lb", "  rotation rot1: r9 leaves lb",
        "  rotation rot1: r9 arrives at lb", "  rotation rot1: r9 leaves lb"]


def test_a_rotational_unit_does_not_come_to_an_inactive_base_and_is_moved_aside_from_an_enemy():
    # As above, once (arrive turn 1, stay 2). lb inactive: r9 never comes. lb active but Blue's x standing on its
    # hex (-6, 2): r9 comes to the nearest free hex, ties by hex index: (-7, 2).
    from engine.scenario.model import Rotation, UnitSpec
    from engine.geo.hexgrid import Hex
    from tests.logifixture import base, logi_game
    rot = Rotation("rot1", UnitSpec("r9", "inf", "red", "BLR", "r9", Hex(-6, 2), "deployed", 3), "lb", arrive=1,
                   stay=2)
    for active, blue_at in ((False, (2, 0)), (True, (-6, 2))):
        g0 = logi_game([("r1", "mech", "red", -8, 0), ("x", "inf", "blue", *blue_at)],
                       bases=(base("lb", "logistic", -6, 2, active=active),))
        sc = attrs.evolve(g0.scenario, rotations=(rot,))
        s = Game(attrs.evolve(sc, digest=_digest(sc)), g0.map).new_initial_state(1)
        if not active:
            assert "r9" not in s.units and not [line for line in s.log if "rotation" in line]
        else:
            assert s.game.hexes[s.units["r9"].pos] == Hex(-7, 2)
            assert "  rotation rot1: -6,2 is held by the enemy; r9 arrives at -7,2 instead" in s.log


def test_without_an_events_phase_events_fire_at_the_turn_start():
    # The same events, in a scenario whose turn has no events phase: they fire as each turn starts, so the
    # first state has ``once`` and ``every`` fired once each.
    s0 = _state()
    sc = attrs.evolve(s0.game.scenario, phases=tuple(p for p in s0.game.scenario.phases if p != "events"),
                      events=(Event("once", "Once", ALWAYS, ()), Event("every", "Every", ALWAYS, (), once=False)))
    s = Game(attrs.evolve(sc, digest=_digest(sc)), s0.game.map).new_initial_state(1)
    assert s.events_fired == {"once": 1, "every": 1}

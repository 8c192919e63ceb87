"""Known-answer tests for ``readiness.rank`` (a held state), ``readiness.on_arrival`` and ``readiness.hosted``,
round 7 of `make mutate`: the named test gaps of round 6 (tests/MUTATION_r6_survivors.md).

Fixture: tests/enginefixture.py's hexagon, 24-hour turns, the synthetic standard ladder garrison (0) -> alerted (1)
-> deployed (2), each step 1 turn, arrival state alerted; plus, where a test says so, the held state 'restrained'
(outside the ladder, as in scenarios/rules/logistics.yaml) or another arrival state.
"""

import attrs

from engine.analysis.synthetic import standard_rules
from engine.geo.hexgrid import Hex
from engine.rules import rail, readiness
from engine.scenario.model import BaseEffects, BaseSpec, ReadinessState
from tests.enginefixture import hexagon_game

UNITS = [("r1", "tank", "red", 0, 0), ("r2", "mech", "red", 0, 0), ("b1", "mech", "blue", 3, 0)]


def _rules(**readiness_fields):
    """The standard ladder plus the held state 'restrained'; ``readiness_fields`` replace ReadinessRules fields."""
    r = standard_rules()
    states = r.readiness.states + (ReadinessState("restrained", False, False, 1.0, held=True),)
    return attrs.evolve(r, readiness=attrs.evolve(r.readiness, states=states, **readiness_fields))


def _state(rules=None, bases=()):
    g = hexagon_game(UNITS, rules=rules or _rules(), bases=bases)
    return g.new_initial_state(1)


def _ends_transshipment_as(s, uid, state_id):
    """``uid`` waits at a transshipment point (here its own hex: it has changed gauge) when an effect sets it to
    ``state_id``; then its transshipment ends (rail.finish_transshipment: a rail arrival)."""
    u = s.units[uid]
    s.transship[uid] = [s.turn, u.pos]
    readiness.set_state(s, u, state_id, "event x")
    rail.finish_transshipment(s, uid)
    return u


def test_a_held_state_ranks_at_the_top_of_the_ladder():
    # The ladder has 3 states (0, 1, 2); restrained stands outside it and ranks as the top, len - 1 = 2
    # (not None, not 4, not 1), so a restrained unit is at the top and may not be raised.
    s = _state()
    assert readiness.rank(s, "restrained") == 2
    assert readiness.rank(s, "garrison") == 0 and readiness.rank(s, "deployed") == 2
    s.units["r1"].readiness = "restrained"
    assert readiness.is_top(s, s.units["r1"]) is True


def test_a_restrained_reinforcement_arrives_restrained_and_does_not_climb():
    # on_arrival "reinforcement": rank(restrained) = 2 is not below rank(alerted) = 1, so it stays restrained;
    # it is at the top (held), so no climb starts: ready_in 0 and no "arrives ..., next state in" line.
    s = _state()
    u = s.units["r1"]
    u.readiness = "restrained"
    n = len(s.log)
    readiness.on_arrival(s, u, "reinforcement")
    assert (u.readiness, u.ready_in) == ("restrained", 0)
    assert s.log[n:] == []


def test_a_restrained_unit_ending_its_transshipment_stays_restrained_when_units_arrive_deployed():
    # arrival_state deployed (rank 2): a rail arrival lowers a unit ranked above 2 to it; restrained ranks 2
    # (the top), not above, so it stays restrained (ready_in 0).
    s = _state(_rules(arrival_state="deployed"))
    u = _ends_transshipment_as(s, "r1", "restrained")
    assert (u.readiness, u.ready_in) == ("restrained", 0)
    assert s.log[-1] == "  r1 has changed gauge at 0,0"


def test_a_restrained_unit_ending_its_transshipment_stays_restrained():
    # Standard arrival state alerted (rank 1); restrained is a held state, which ranks at the top (2), so the
    # rail-arrival rule "lower anything above the arrival state" would make it alerted. A held state ends only by
    # an event or option (readiness._why), so it stays restrained (found by round 7, fixed in on_arrival).
    s = _state()
    u = _ends_transshipment_as(s, "r1", "restrained")
    assert u.readiness == "restrained"


def test_a_garrison_unit_ending_its_transshipment_is_not_raised_to_the_arrival_state():
    # An effect sets r1 to garrison (rank 0) while it transships; a rail arrival only lowers (0 > 1 is false),
    # so it stays garrison and starts climbing at once: garrison -> alerted takes 1 turn.
    s = _state()
    u = _ends_transshipment_as(s, "r1", "garrison")
    assert (u.readiness, u.ready_in) == ("garrison", 1)
    assert s.log[-1] == "  r1 arrives garrison, next state in 1 turn(s)"


def test_a_reinforcement_above_the_arrival_state_keeps_its_readiness():
    # arrival_state garrison (rank 0): a reinforcement below it is raised to it; r1 is alerted (rank 1), not
    # below 0, so it stays alerted and climbs to deployed in 1 turn.
    s = _state(_rules(arrival_state="garrison"))
    u = s.units["r1"]
    u.readiness = "alerted"
    readiness.on_arrival(s, u, "reinforcement")
    assert (u.readiness, u.ready_in) == ("alerted", 1)


def _base(bid, side, capacity=0, kind="logistic"):
    return BaseSpec(bid, kind, bid, side, "BLR" if side == "red" else "POL", Hex(0, 0), capacity, {},
                    BaseEffects(), True)


def test_a_base_of_another_side_listed_first_does_not_hide_the_next_base():
    # At (0, 0), sorted ids: "a" (blue's) then "b" (red's, logistic). r1 (red) is hosted by b only.
    s = _state(bases=(_base("a", "blue"), _base("b", "red")))
    assert [b.id for b in readiness.hosted(s, s.units["r1"])] == ["b"]
    assert readiness.bonus(s, s.units["r1"]) == 1  # logistic_base_bonus


def test_a_base_full_before_another_does_not_hide_the_next_base():
    # At (0, 0): "a" (red, capacity 1) hosts the first red unit there by sorted id, r1; r2 does not fit, but
    # "b" (red, no limit) hosts both. r2 -> [b], r1 -> [a, b].
    s = _state(bases=(_base("a", "red", capacity=1), _base("b", "red")))
    assert [b.id for b in readiness.hosted(s, s.units["r2"])] == ["b"]
    assert [b.id for b in readiness.hosted(s, s.units["r1"])] == ["a", "b"]

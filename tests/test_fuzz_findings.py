"""Findings of the fuzz campaign (games with facilitator orders, undo, save/load and clones mixed in, every
invariant of engine/analysis/invariants.py checked after every order), each as a small known-answer repro.

Fixture: tests/enginefixture.py's hexagon (all open Belarus, stacking limit 2); events the facilitator fires
with ``facilitator event ID -- reason``, as a seminar table does.
"""

from engine.analysis.invariants import violations
from engine.core.save import replay, undo
from engine.geo.hexgrid import Hex
from engine.scenario.model import ChangeCommand, Event, Trigger
from tests.enginefixture import hexagon_game


def _game(units, *effects):
    """The hexagon with one event per effect (ids e0, e1, ...), fired only by the facilitator (turn 99)."""
    evs = tuple(Event(f"e{k}", f"e{k}", Trigger("turn", turn=99), (eff,)) for k, eff in enumerate(effects))
    return hexagon_game(units, turns=3, events=evs)


def test_a_unit_passing_to_the_enemy_leaves_the_hex_it_shares_with_its_old_side():
    # r2 (stacked with r1 at 0,0) passes to Blue: before, 0,0 held a red and a blue unit (one_side_per_hex
    # broken; combat, supply and fog all assume one side per hex). Now it goes to the nearest hex with room
    # by the placement rule, as an arrival does.
    g = _game([("r1", "mech", "red", 0, 0), ("r2", "tank", "red", 0, 0), ("b1", "mech", "blue", 3, 0)],
              ChangeCommand("blue", unit_id="r2"))
    s = g.new_initial_state(1)
    s.apply_action("facilitator event e0 -- the brigade defects")
    assert violations(s) == []
    r2 = s.units["r2"]
    assert r2.side == "blue" and r2.pos != g.index[Hex(0, 0)]
    assert r2.pos in g.nbrs[g.index[Hex(0, 0)]]  # the nearest room: next door
    assert s.units["r1"].side == "red" and s.units_at(g.index[Hex(0, 0)]) == ["r1"]
    assert any("r2 shares 0,0 with r1; it goes to" in x for x in s.log)
    # replay and undo agree with the live game
    assert replay(g, 1, s.history).state_hash() == s.state_hash()
    assert undo(s).state_hash() == g.new_initial_state(1).state_hash()


def test_a_whole_stack_passing_together_stays_where_it_is():
    # both units of the hex pass (a nation's change of command): nobody else shares it, nobody moves
    g = _game([("r1", "mech", "red", 0, 0), ("r2", "tank", "red", 0, 0), ("b1", "mech", "blue", 3, 0)],
              ChangeCommand("blue", nation="BLR"))
    s = g.new_initial_state(1)
    s.apply_action("facilitator event e0 -- Minsk changes sides")
    assert violations(s) == []
    assert [s.units[k].side for k in ("r1", "r2")] == ["blue", "blue"]
    assert s.units_at(g.index[Hex(0, 0)]) == ["r1", "r2"]


def test_with_no_room_nearby_the_unit_keeps_its_command():
    # every hex around 0,0 within the placement radius is Red's (enemy of Blue): r2 cannot leave, so it stays Red
    g = _game([("r1", "mech", "red", 0, 0), ("r2", "tank", "red", 0, 0)], ChangeCommand("blue", unit_id="r2"))
    radius = g.rules.movement.placement_radius
    ring = {g.index[Hex(0, 0)]}
    for _ in range(radius):
        ring |= {j for i in ring for j in g.nbrs[i]}
    s = g.new_initial_state(1)
    for n, pos in enumerate(sorted(ring - {g.index[Hex(0, 0)]})):
        q, r = g.hexes[pos]
        s.apply_action(f"facilitator add inf red {q},{r} x{n} -- cordon")
    s.apply_action("facilitator event e0 -- the brigade tries to defect")
    assert violations(s) == []
    assert s.units["r2"].side == "red" and s.units["r2"].pos == g.index[Hex(0, 0)]
    assert "r2 stays under red command" in s.log[-1]

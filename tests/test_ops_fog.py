"""Fog of war: hidden units are absent from the other side's observation, and seen again when detected."""

from engine.core.actions import AirMission
from engine.geo.hexgrid import Hex
from tests.airfixture import base, ops_game, to_phase

UNITS = [("r1", "tank", "red", 0, 0), ("b1", "mech", "blue", 4, 0), ("b_sc", "scout", "blue", -6, 2)]


def ids(obs):
    return [v.id for v in obs.units]


def test_hidden_unit_is_absent_then_detected_by_a_unit():
    g = ops_game(UNITS, fog=True, places={"Lida": (0, 0), "Far": (5, -5)})
    s = g.new_initial_state(1)
    assert ids(s.observation("blue")) == ["b1", "b_sc"]  # r1 is 4 hexes from b1 (sees 1), 6 from the scout (sees 3)
    assert ids(s.observation("red")) == ["r1"]
    ob = s.observation("blue")
    assert "r1" not in repr(ob)  # nothing else in the observation names it
    assert (Hex(0, 0), "red") not in ob.control  # the control of an unobserved place is not shown
    s = to_phase(s, "movement", "blue")
    s.apply_action("move b1 4,0->1,0")
    assert ids(s.observation("blue")) == ["b1", "b_sc", "r1"]
    assert (Hex(0, 0), "red") in s.observation("blue").control
    assert "b1" in ids(s.observation("red"))  # and r1 sees b1 next to it


def test_air_mission_and_radar_reveal():
    g = ops_game(UNITS, fog=True)
    s = to_phase(g.new_initial_state(1), "air", "blue")
    # air strikes are listed only on hexes blue can see: none (support over its own units is)
    assert not any(isinstance(a, AirMission) and a.mission == "strike" for a in s.legal_actions())
    assert s.is_legal(AirMission("strike", Hex(0, 0), 1))  # a blind strike is legal (no leak)
    s.apply_action("air strike 0,0 1")
    assert "r1" in ids(s.observation("blue"))  # flown over this turn
    s.apply_action("end")
    s = to_phase(s, "air", "blue")
    assert "r1" not in ids(s.observation("blue"))  # next turn it is gone again
    radar = ops_game(UNITS, fog=True, bases=[base("rad", "radar", "blue", -6, 6, detection_range=8)])
    assert "r1" in ids(radar.new_initial_state(1).observation("blue"))


def test_without_fog_everything_is_seen():
    g = ops_game(UNITS, fog=False)
    s = g.new_initial_state(1)
    assert ids(s.observation("blue")) == ["b1", "b_sc", "r1"]

"""Off-map boxes (issue 13, item 7): travel times in turns, in and out orders, fog, stacking, saves.

Fixture: the hexagon map (radius 6, all open, country BLR), one box ``east`` open to red whose
single entry hex is (-5, 0); stacking limit 2, placement radius 3 (rules of the fixture).
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from engine.core.actions import Action, Attack, FromBox, Move, ToBox
from engine.core.save import load_save, save_game
from engine.core.state import State
from engine.errors import IllegalActionError
from engine.game.game import Game, load_game
from engine.geo.hexgrid import Hex, distance
from engine.rules import offmap
from engine.scenario.loader import digest
from engine.scenario.model import Box, BoxLink, UnitSpec
from tests.enginefixture import hexagon_game, to_phase

ROOT = Path(__file__).resolve().parents[1]
GATE = Hex(-5, 0)


def box_game(hours: float = 36, turn_hours: int = 24, units=(("t", "tank", "red", -3, 0),), in_box=("d",),
             radius: int | None = None) -> Game:
    """The fixture with box ``east`` (``hours`` to the gate) and units ``in_box`` (red tanks) starting in it."""
    box = Box("east", "East depth", "RUS", ("red",), (BoxLink(GATE, hours, "rail"),))
    g = hexagon_game(list(units) + [("b", "inf", "blue", 4, 0)], turns=8, turn_hours=turn_hours, boxes=(box,))
    sc = g.scenario
    extra = tuple(UnitSpec(u, "tank", "red", "BLR", u, GATE, "deployed", 3, box="east") for u in in_box)
    rules = sc.rules
    if radius is not None:
        rules = attrs.evolve(rules, movement=attrs.evolve(rules.movement, placement_radius=radius))
    sc = attrs.evolve(sc, units=sc.units + extra, rules=rules)
    return Game(attrs.evolve(sc, digest=digest(attrs.evolve(sc, digest=""))), g.map)


def next_movement(s: State) -> State:
    """End red's movement and play on to red's next movement phase."""
    s.apply_action("end")
    return to_phase(s, "movement")


def _arrival_turn(turn_hours: int) -> tuple[int, list[int]]:
    """(turn the box order gives, turns on which 'd' was seen on the map at the start of movement)."""
    g = box_game(36, turn_hours)
    s = to_phase(g.new_initial_state(1), "movement")
    s.apply_action(FromBox("d", "east", GATE))
    due = s.offmap["d"][2]
    seen = []
    while s.turn < 6:
        s.apply_action("end")
        if s.phase == "movement" and s.current_player() == "red" and "d" in s.units:
            seen.append(s.turn)
            break
    return due, seen


def test_a_36h_link_takes_two_24h_turns_and_three_12h_turns():
    # Ordered on turn 1; rounding up: ceil(36 / 24) = 2 -> turn 3; ceil(36 / 12) = 3 -> turn 4.
    assert _arrival_turn(24) == (3, [3])
    assert _arrival_turn(12) == (4, [4])
    g = box_game()
    assert [offmap.travel_turns(g, h) for h in (0, 1, 24, 25, 48)] == [1, 1, 1, 2, 2]


def test_a_unit_arrives_on_the_entry_hex_and_may_move_that_turn():
    g = box_game(24)
    s = to_phase(g.new_initial_state(1), "movement")
    s.apply_action(FromBox("d", "east", GATE))
    assert "d" not in s.units  # in transit: not on the map
    next_movement(s)
    assert s.turn == 2 and g.hexes[s.units["d"].pos] == GATE and "d" not in s.offmap
    assert any(isinstance(a, Move) and a.unit == "d" for a in s.legal())


def test_tobox_from_an_entry_hex_and_refused_elsewhere_with_the_hash_unchanged():
    g = box_game(36, units=(("t", "tank", "red", -5, 0), ("u", "tank", "red", -3, 0)))
    s = to_phase(g.new_initial_state(1), "movement")
    h0 = s.state_hash()
    for bad, why in ((ToBox("u", Hex(-3, 0), "east"), "not an entry hex"),
                     (ToBox("t", GATE, "west"), "no off-map box"),
                     (FromBox("t", "east", GATE), "not off the map"),
                     (FromBox("d", "east", Hex(-3, 0)), "not an entry hex")):
        assert why in (s.why_illegal(bad) or "")
        with pytest.raises(IllegalActionError):
            s.apply_action(bad)
        assert s.state_hash() == h0
    legal = list(s.legal())
    assert ToBox("t", GATE, "east") in legal and ToBox("u", Hex(-3, 0), "east") not in legal
    assert FromBox("d", "east", GATE) in legal
    s.apply_action(Action.from_str("tobox t -5,0->east"))
    assert "t" not in s.units and s.offmap["t"][:3] == ["east", -1, 3]  # 36 h -> in the box on turn 3
    # in transit into the box it cannot be ordered out yet
    assert "still on its way" in s.why_illegal(FromBox("t", "east", GATE))


def test_a_unit_off_the_map_is_neither_seen_nor_attackable():
    g = box_game(24, units=(("t", "tank", "red", 3, 0),))  # t stands next to the blue brigade at (4, 0)
    g = Game(attrs.evolve(g.scenario, fog_of_war=True), g.map)
    s = g.new_initial_state(1)
    blue = s.observation("blue")
    assert {u.id for u in blue.units} == {"b", "t"}  # t is adjacent: seen; d is in the box
    assert s.observation("red").offmap == (("d", "east", None, 1),)
    assert blue.offmap == ()  # the enemy's boxes are never shown
    to_phase(s, "movement")
    s.apply_action(FromBox("d", "east", GATE))
    assert s.observation("red").offmap == (("d", "east", GATE, 2),)
    to_phase(s, "combat", "blue")
    targets = {a.target for a in s.legal() if isinstance(a, Attack)}
    assert g.hexes[s.units["t"].pos] in targets and GATE not in targets  # d is in transit, nowhere to hit


def test_no_room_on_arrival_waits_or_takes_the_nearest_free_hex():
    # Two red units already fill the gate (stacking limit 2).
    full = (("t", "tank", "red", -5, 0), ("u", "tank", "red", -5, 0))
    g = box_game(24, units=full)
    s = to_phase(g.new_initial_state(1), "movement")
    s.apply_action(FromBox("d", "east", GATE))
    next_movement(s)
    # the placement rule: the nearest hex with room in the same country; ties by hex index
    pos = s.units["d"].pos
    assert distance(g.hexes[pos], GATE) == 1
    assert any("d arrives" in line and "nearest room" in line for line in s.log)
    # with placement radius 0 there is no other hex: it waits in transit, one turn at a time
    g0 = box_game(24, units=full, radius=0)
    s = to_phase(g0.new_initial_state(1), "movement")
    s.apply_action(FromBox("d", "east", GATE))
    next_movement(s)
    assert "d" not in s.units and s.offmap["d"][1:3] == [g0.index[GATE], 3]
    assert any("d waits" in line for line in s.log)
    s.apply_action(Move("t", GATE, Hex(-4, 0)))  # make room
    next_movement(s)
    assert s.turn == 3 and g0.hexes[s.units["d"].pos] == GATE


def test_box_units_survive_clone_json_and_save_round_trips(tmp_path):
    g = box_game(36, in_box=("d", "e"))
    s = to_phase(g.new_initial_state(7), "movement")
    s.apply_action(FromBox("d", "east", GATE))  # d in transit, e in the box
    c = s.clone()
    assert c.state_hash() == s.state_hash()
    c.offmap["e"][3].strength = 1
    assert s.offmap["e"][3].strength == 3  # the clone copied the unit, not shared it
    back = State.from_json(g, s.to_json())
    assert back.state_hash() == s.state_hash() and back.offmap["d"][1:3] == [g.index[GATE], 3]
    assert "offmap" in s.to_dict() and "offmap" not in box_game(in_box=()).new_initial_state(7).to_dict()
    save_game(s, tmp_path / "s.json")
    assert load_save(tmp_path / "s.json", g).state_hash() == s.state_hash()


def test_the_shipped_variant_places_real_formations_in_boxes():
    g = load_game(ROOT / "scenarios" / "variants" / "baseline-2020-offmap.yaml")
    assert sorted(b.id for b in g.scenario.boxes) == ["estonia", "germany", "pskov", "wmd"]
    s = g.new_initial_state(1)
    assert {k: v[0] for k, v in s.offmap.items()} == {
        "ee_1bde": "estonia", "efp_ee": "estonia", "ru_25mrb": "pskov", "ru_2gmrd": "wmd", "ru_4gtd": "wmd",
        "us_abct_de": "germany"}
    to_phase(s, "movement")
    s.apply_action("frombox ru_4gtd wmd->Smolensk")  # 48 h by rail: turn 1 + 2 = turn 3
    assert s.offmap["ru_4gtd"][1:3] == [g.index[g.hex_of("Smolensk")], 3]


def test_the_guide_example_loads_with_its_box_and_units(tmp_path):
    import re
    text = (ROOT / "scenarios" / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- offmap example -->\s*```yaml\n(.*?)```", text, re.S).group(1)
    block = block.replace("rules/", f"{(ROOT / 'scenarios' / 'rules').as_posix()}/")
    block = block.replace("baseline-2020.yaml", (ROOT / "scenarios" / "baseline-2020.yaml").as_posix())
    p = tmp_path / "boxes.yaml"
    p.write_text(block, encoding="utf-8")
    g = load_game(p)
    lt = offmap.boxes(g)["lithuania_rear"]
    assert (lt.sides, g.label(lt.links[0].hex), lt.links[0].hours) == (("blue",), "Kaunas", 12.0)
    assert sorted(offmap.boxes(g)) == ["estonia", "germany", "lithuania_rear", "pskov", "wmd"]
    s = g.new_initial_state(1)
    assert s.offmap["ru_4gtd"][0] == "wmd" and s.offmap["efp_ee"][0] == "estonia"


@pytest.mark.parametrize("unit, words", [
    ("{id: x, type: ru_tank_div, side: red, nation: RUS, box: wnd}", "not a known off-map box"),
    ("{id: x, type: ru_tank_div, side: red, nation: RUS, box: germany}", "not open to side 'red'"),
    ("{id: x, type: ru_tank_div, side: red, nation: RUS, box: wmd, location: Minsk}", "exactly one of: location, base, box"),
])
def test_loader_errors_name_the_box_problem(tmp_path, unit, words):
    from engine.errors import ScenarioError
    from engine.scenario.loader import load_scenario
    rules = (ROOT / "scenarios" / "rules").as_posix()
    p = tmp_path / "bad.yaml"
    p.write_text(f"extends: {(ROOT / 'scenarios' / 'baseline-2020.yaml').as_posix()}\nid: bad\n"
                 f"include: [{rules}/units.yaml, {rules}/terrain.yaml, {rules}/combat.yaml, {rules}/logistics.yaml, "
                 f"{rules}/offmap.yaml]\nunits:\n  - {unit}\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as e:
        load_scenario(p)
    assert words in str(e.value) and "bad.yaml:5:" in str(e.value)


def test_the_offmap_invariant_holds_in_play_and_finds_planted_faults():
    from engine.analysis.invariants import check_offmap, checked_playout
    from engine.ai import make_policy
    g = box_game(36, in_box=("d", "e"))
    s = to_phase(g.new_initial_state(3), "movement")
    s.apply_action(FromBox("d", "east", GATE))
    assert check_offmap(s) == []
    s.offmap["d"][1] = g.index[Hex(0, 0)]  # a trip to a hex that is not an entry hex of the box
    s.offmap["e"][2] = 0  # fine in a box; but put e on the map as well:
    s.units["e"] = s.offmap["e"][3]
    found = check_offmap(s)
    assert any("not one of its entry hexes" in v for v in found) and any("on the map too" in v for v in found)
    v = load_game(ROOT / "scenarios" / "variants" / "baseline-2020-offmap.yaml")
    n, bad = checked_playout(v, 5, {side: make_policy("random") for side in v.side_ids}, max_actions=400)
    assert bad == []


def test_a_scheduled_reinforcement_may_arrive_in_a_box_and_show_lists_it_there():
    from engine.scenario.describe import positions
    from engine.scenario.model import ScheduleEntry
    g = box_game(24, in_box=())
    spec = UnitSpec("r", "tank", "red", "BLR", "Reserve", GATE, "deployed", 3, box="east")
    sc = attrs.evolve(g.scenario, schedule=(ScheduleEntry(2, "add", spec),))
    g = Game(attrs.evolve(sc, digest=digest(attrs.evolve(sc, digest=""))), g.map)
    s = next_movement(to_phase(g.new_initial_state(1), "movement"))
    assert s.turn == 2 and "r" not in s.units and s.offmap["r"][:3] == ["east", -1, 2]  # in the box, not at the gate
    assert FromBox("r", "east", GATE) in list(s.legal())
    v = load_game(ROOT / "scenarios" / "variants" / "baseline-2020-offmap.yaml")
    where = {u["id"]: u["where"] for u in positions(v.scenario, v.map)["units"]}
    assert where["ee_1bde"] == "off the map: Estonia and Tallinn" and where["by_6mech"] == "Grodno (BLR)"

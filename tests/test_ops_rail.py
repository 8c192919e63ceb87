"""Rail moves: capacity, the gauge break and its transshipment delay (fixture and the real Brest and
Mockava points), cut links (strike API and occupation) and their repair."""

import attrs
import pytest

from engine.core.actions import Action, Move, Rail
from engine.game.game import load_game, Game
from engine.geo.hexgrid import Hex
from engine.scenario.model import UnitSpec
from engine.rules import rail
from tests.logifixture import advance_to, logi_game, rail_map


def test_gauge_break_holds_the_unit_for_the_delay():
    g = logi_game([("r1", "mech", "red", -6, 0), ("b1", "inf", "blue", 0, -8)], m=rail_map(split=0),
                  red_rail=("BLR", "POL"))
    s = advance_to(g.new_initial_state(0), 1, "movement")
    reach = rail.rail_reach(s, s.units["r1"])
    assert reach[g.index[Hex(-2, 0)]] == (4, -1)  # same gauge: no transshipment
    assert reach[g.index[Hex(3, 0)]] == (9, g.index[Hex(0, 0)])  # via the transshipment point
    a = Action.from_str("rail r1 -6,0->3,0", g)
    assert a == Rail("r1", Hex(-6, 0), Hex(3, 0)) and s.is_legal(a)
    s.apply_action(a)
    u = s.units["r1"]
    assert g.hexes[u.pos] == Hex(0, 0) and s.transship["r1"] == [2, g.index[Hex(3, 0)]]
    assert "transshipping until turn 2" in "\n".join(s.log)
    assert s.rail_used["red"] == 1
    # held: next turn it arrives before anyone moves, alerted (arrival state) and climbing
    s = advance_to(s, 2, "movement")
    assert g.hexes[s.units["r1"].pos] == Hex(3, 0) and "r1" not in s.transship
    assert "arrives by rail at 3,0 after transshipment" in "\n".join(s.log)
    assert s.units["r1"].readiness == "alerted"


def test_transshipping_unit_cannot_move_or_attack():
    g = logi_game([("r1", "mech", "red", -6, 0), ("r2", "mech", "red", 2, -1), ("b1", "inf", "blue", 1, -1)],
                  m=rail_map(split=0),
                  red_rail=("BLR", "POL"))
    s = advance_to(g.new_initial_state(0), 1, "movement")
    s.transship["r1"] = [3, g.index[Hex(3, 0)]]
    s.relocate(s.units["r1"], g.index[Hex(0, 0)])
    assert "transshipping until turn 3" in s.why_illegal(Move("r1", Hex(0, 0), Hex(-1, 0)))
    assert "r1" not in s.legal().groups
    s = advance_to(s, 1, "combat")
    assert s.why_illegal(Action.from_str("attack 1,-1 with r1", g)).endswith("may not attack")


def test_rail_capacity_per_side_per_turn():
    units = [(f"r{k}", "motor", "red", -8 + k, 0) for k in range(3)] + [("b1", "inf", "blue", 0, -8)]
    g = logi_game(units)  # red capacity 2
    s = advance_to(g.new_initial_state(0), 1, "movement")
    s.apply_action("rail r0 -8,0->4,0")
    s.apply_action("rail r1 -7,0->5,0")
    assert rail.rail_destinations(s, s.units["r2"]) == []
    assert "used its rail capacity (2)" in s.why_illegal(Rail("r2", Hex(-6, 0), Hex(6, 0)))
    s = advance_to(s, 2, "movement")
    assert s.rail_used["red"] == 0 and s.is_legal(Rail("r2", Hex(-6, 0), Hex(6, 0)))


def test_cut_link_stops_rail_until_repaired():
    g = logi_game([("r1", "motor", "red", -8, 0), ("b1", "inf", "blue", 0, -8)])
    s = advance_to(g.new_initial_state(0), 1, "movement")
    i, j = g.index[Hex(0, 0)], g.index[Hex(1, 0)]
    assert rail.cut_link(s, i, j, reason="strike") and rail.is_cut(s, j, i)
    assert not rail.cut_link(s, i, g.index[Hex(0, 1)])  # no rail there
    assert rail.cut_links(s) == [(i, j, 1 + g.rules.rail.repair_turns, "strike")]
    assert not s.is_legal(Rail("r1", Hex(-8, 0), Hex(4, 0)))
    assert "cut links" in s.why_illegal(Rail("r1", Hex(-8, 0), Hex(4, 0)))
    assert s.is_legal(Rail("r1", Hex(-8, 0), Hex(0, 0)))
    back = g.state_from_json(s.to_json())
    assert back.state_hash() == s.state_hash() and rail.is_cut(back, i, j)
    s = advance_to(s, 1 + g.rules.rail.repair_turns, "movement")
    assert not rail.is_cut(s, i, j) and s.cut_links == {}
    assert "repaired" in "\n".join(s.log) and s.is_legal(Rail("r1", Hex(-8, 0), Hex(4, 0)))


def test_occupation_wrecks_links_for_repair_turns_after_leaving():
    # a blue unit on the red (BLR) railway at 2,0 in the logistics phase cuts both links of its hex
    g = logi_game([("r1", "motor", "red", -8, 0), ("b1", "inf", "blue", 2, 0)])
    s = advance_to(g.new_initial_state(0), 2, "movement")
    a, b, c = (g.index[Hex(q, 0)] for q in (1, 2, 3))
    until = 1 + 1 + g.rules.rail.repair_turns
    assert rail.cut_links(s) == [(a, b, until, "occupation (b1)"), (b, c, until, "occupation (b1)")]


def _real(units, red_rail=None) -> Game:
    g0 = load_game()
    sc, rules = g0.scenario, g0.scenario.rules
    if red_rail:
        fc = dict(rules.rail.friendly_countries)
        fc["red"] = red_rail
        rules = attrs.evolve(rules, rail=attrs.evolve(rules.rail, friendly_countries=fc))
    sc = attrs.evolve(sc, units=tuple(units), bases=(), rotations=(), schedule=(), events=(), options=(), tracks=(),
                      victory=attrs.evolve(sc.victory, track_goals=()), rules=rules,
                      phases=("decisions", "events", "movement", "combat", "logistics", "end"), digest="real-rail",
                      engagement={})  # a hypothetical without rules of engagement (no tracks to open them)
    return Game(sc, g0.map)


def _unit(g0_map, uid, typ, side, place):
    return UnitSpec(uid, typ, side, "BLR" if side == "red" else "POL", uid, g0_map.find_place(place), "deployed", 3)


def test_real_map_brest_terespol_gauge_break():
    m = load_game().map
    # a hypothetical in which Red may use Polish railways: Minsk -> Biała Podlaska changes gauge at Brest
    g = _real([_unit(m, "r1", "by_mech_bde", "red", "Minsk"), _unit(m, "b1", "pl_mech_bde", "blue", "Riga")],
              red_rail=("RUS", "BLR", "POL"))
    s = advance_to(g.new_initial_state(0), 1, "movement")
    delay = g.rules.rail.transshipment_delay
    s.apply_action("rail r1 Minsk->Biała Podlaska")
    assert s.unit_hex("r1") == m.find_place("Brest") == m.transshipments[2].hex
    assert s.transship["r1"][0] == 1 + delay
    assert f"transshipping until turn {1 + delay}" in "\n".join(s.log)
    s = advance_to(s, 1 + delay, "movement")
    assert s.unit_hex("r1") == m.find_place("Biała Podlaska")


def test_real_map_warsaw_to_kaunas_changes_gauge_at_mockava():
    m = load_game().map
    g = _real([_unit(m, "b1", "pl_mech_bde", "blue", "Warsaw"), _unit(m, "r1", "by_mech_bde", "red", "Minsk")])
    s = advance_to(g.new_initial_state(0), 1, "movement", "blue")
    dist, via = rail.rail_reach(s, s.units["b1"])[g.index[m.find_place("Kaunas")]]
    assert g.map.transshipment_at(g.hexes[via]).name == "Mockava/Šeštokai"
    s.apply_action("rail b1 Warsaw->Kaunas")
    assert g.hexes[s.units["b1"].pos] == g.hexes[via]
    s = advance_to(s, 1 + g.rules.rail.transshipment_delay, "movement", "blue")
    assert s.unit_hex("b1") == m.find_place("Kaunas")

"""Known-answer tests for ``movement._search`` (a jam that makes roads cheaper; an enemy ZOC in reach whose hex is
not), ``movement.unit_orders`` (a nation's closed country and rail orders) and ``movement.why_illegal`` (the MP
left, to one decimal), round 7 of `make mutate`: the named test gaps of round 6 (tests/MUTATION_r6_survivors.md).

Fixture: tests/enginefixture.py's hexagon of open land (tracked and wheeled 2 MP a hex, foot 1) with a road along
r = 0 from (-6, 0) to (6, 0); Red's tank t at (-5, 0) (8 MP); ZOC stops, leaving one costs 1 MP. Movement costs
are in ticks, ``mp_scale`` ticks a MP (tests/test_rules_mutants_r6_movement.py explains the road march).
"""

import attrs

from engine.analysis.synthetic import _digest, standard_rules
from engine.core.actions import Move
from engine.game.game import Game
from engine.geo.hexgrid import Hex
from engine.rules import movement
from engine.scenario.model import NationRule
from tests.enginefixture import hexagon_game, hexagon_map, to_phase
from tests.logifixture import advance_to, logi_game, rail_map

ROAD = [((q, 0), (q + 1, 0)) for q in range(-6, 6)]


def _state(units, roads=ROAD, terrain=None, **movement_rules):
    r = standard_rules()
    r = attrs.evolve(r, movement=attrs.evolve(r.movement, **movement_rules))
    g = hexagon_game(units, hexagon_map(roads=roads, terrain=terrain), rules=r)
    return to_phase(g.new_initial_state(1), "movement")


def _jam(s, qs=range(-5, -2)):
    """The road hexsides (q, 0)-(q + 1, 0) for q in ``qs`` have carried Red's 1 unit (road_capacity 1) this turn."""
    ix = s.game.index
    s.road_used = {"red": {tuple(sorted((ix[Hex(q, 0)], ix[Hex(q + 1, 0)]))): 1 for q in qs}}


def _ticks(s, hexes, uid="t"):
    res = movement.reach(s, s.units[uid])
    ix = s.game.index
    return [res[ix[Hex(*h)]][0] if ix[Hex(*h)] in res else None for h in hexes]


ALONG = [(-4, 0), (-3, 0), (-2, 0), (-1, 0)]

# road_cost 2, road_march 2.5: a MP is 5 ticks; a road step on the march 2 MP / 2.5 = 4 ticks, in contact 10.
# congested_road_cost 1 MP = 5 ticks: cheaper than a road step in contact (10), dearer than one on the march (4).
CONTACT_CHEAPER = dict(road_cost=2, road_march=2.5, congested_road_cost=1, road_capacity=1, march_contact=2)
# road_cost 2, road_march 1.25: a MP is 5 ticks; a road step on the march 2 MP / 1.25 = 8 ticks, in contact 10.
# congested_road_cost 1 MP = 5 ticks: cheaper than a road step either way.
MARCH_CHEAPER = dict(road_cost=2, road_march=1.25, congested_road_cost=1, road_capacity=1, march_contact=2)


def test_a_jam_cheaper_than_the_road_in_contact_but_not_on_the_march_speeds_a_unit_in_contact():
    # Blue infantry at (-5, 2), 2 hexes from the tank (march_contact 2): in contact, a road step costs 10 ticks,
    # a jammed one 5 (congested_road_cost 1 MP). Jammed (-5,0)..(-2,0): 5, 10, 15, then 10 more to (-1, 0): 25.
    s = _state([("t", "tank", "red", -5, 0), ("b", "inf", "blue", -5, 2)], **CONTACT_CHEAPER)
    assert _ticks(s, ALONG) == [10, 20, 30, 40]
    _jam(s)
    assert _ticks(s, ALONG) == [5, 10, 15, 25]


def test_a_jam_dearer_than_the_road_march_is_searched_once_and_shared():
    # The same rules out of contact (Blue far off at (5, -5)): a road step on the march costs 4 ticks, a jammed one
    # 5 (dearer): 5, 10, 15, then 4: 19. Only a jam that makes roads cheaper for the unit's own pace is searched
    # afresh each time; this one is kept on the Game (the jam cache): asked again, the same object.
    s = _state([("t", "tank", "red", -5, 0), ("b", "inf", "blue", 5, -5)], **CONTACT_CHEAPER)
    _jam(s)
    assert _ticks(s, ALONG) == [5, 10, 15, 19]
    u = s.units["t"]
    mp = movement.movement_points(s, u)
    first = movement._search(s, u, mp)
    assert movement._search(s, u, mp) is first


def test_a_jam_cheaper_than_the_road_march_speeds_a_unit_on_the_march():
    # Blue far off at (5, -5): on the march a road step costs 8 ticks, a jammed one 5 (congested_road_cost 1 MP =
    # 5 ticks; the 3 ticks saved are the march pace's, not the 5 of a step in contact). 5, 10, 15, then 8: 23.
    s = _state([("t", "tank", "red", -5, 0), ("b", "inf", "blue", 5, -5)], **MARCH_CHEAPER)
    assert _ticks(s, ALONG) == [8, 16, 24, 32]
    _jam(s)
    assert _ticks(s, ALONG) == [5, 10, 15, 23]


def test_a_jam_cheaper_than_the_road_still_stops_a_unit_in_an_enemy_zoc():
    # Blue infantry at (-2, 1), 3 hexes from the tank (out of contact: on the march, 40 ticks); its ZOC covers
    # (-2, 0) and (-1, 0) on the road. Jammed steps 5 ticks: (-4, 0) 5, (-3, 0) 10, (-2, 0) 15 and the tank stops
    # there. (-1, 0) only from a hex out of the ZOC: (-3, 0) 10, open (-2, -1) 20, (-1, -1) 30, (-1, 0) 40.
    s = _state([("t", "tank", "red", -5, 0), ("b", "inf", "blue", -2, 1)], **MARCH_CHEAPER)
    _jam(s)
    assert _ticks(s, ALONG) == [5, 10, 15, 40]
    assert [tuple(s.game.hexes[p]) for p in movement.path(s, s.units["t"], s.game.index[Hex(-1, 0)])] == \
        [(-5, 0), (-4, 0), (-3, 0), (-2, -1), (-1, -1), (-1, 0)]


def test_a_jam_cheaper_than_the_road_and_leaving_an_enemy_zoc_costs_the_exit():
    # Blue infantry at (-5, 1) next to the tank: in contact (40 ticks), and in its ZOC, whose hexes include
    # (-4, 0); leaving the ZOC costs 1 MP = 5 ticks. West along the road to (-6, 0) (not in the ZOC): 5 + 10 = 15.
    # East, jammed: (-4, 0) 5 + 5 = 10 (ZOC: the tank stops there). (-3, 0) round the ZOC: open (-4, -1) 5 + 10 = 15,
    # (-3, -1) 25, (-3, 0) 35.
    s = _state([("t", "tank", "red", -5, 0), ("b", "inf", "blue", -5, 1)], **CONTACT_CHEAPER)
    _jam(s)
    assert _ticks(s, [(-6, 0), (-4, 0), (-3, 0)]) == [15, 10, 35]


def test_an_enemy_zoc_in_reach_counts_when_the_enemys_own_hex_is_out_of_reach():
    # No roads. A Red motorised brigade (wheeled, 10 MP, open 2 MP a hex) at (0, 0); Blue infantry on a marsh hex at (3, 0),
    # which wheeled units may not enter, so it is outside the Red search; its ZOC covers (2, 0), (3, -1), (4, -1),
    # (4, 0), (3, 1), (2, 1). (4, 0) is 5 hexes away through the ZOC ((1, 0), (2, 0), (3, -1), (4, -1)): 10 MP, but
    # the ZOC stops the way; round it, entering (4, 0) from outside the ZOC, it is 7 hexes (14 MP): out of reach.
    s = _state([("m", "motor", "red", 0, 0), ("b", "inf", "blue", 3, 0)], roads=[], terrain={(3, 0): "marsh"})
    ix = s.game.index
    res = movement.reach(s, s.units["m"])
    assert ix[Hex(3, 0)] not in res and ix[Hex(4, 0)] not in res
    assert res[ix[Hex(2, 0)]][0] == 2 * 2 and res[ix[Hex(3, -1)]][0] == 3 * 2


def _rail_state(rules=()):
    # tests/logifixture.py rail_map(split=0): 1520 mm to (0, 0), 1435 mm east of it (Poland); Red may use both.
    g = logi_game([("r1", "mech", "red", -6, 0), ("b1", "inf", "blue", 0, -8)], m=rail_map(split=0),
                  red_rail=("BLR", "POL"))
    sc = attrs.evolve(g.scenario, nation_rules=tuple(rules))
    g = Game(attrs.evolve(sc, digest=_digest(sc)), g.map)
    return advance_to(g.new_initial_state(0), 1, "movement")


def test_a_nation_barred_from_a_country_gets_no_rail_orders_into_it():
    # r1 (nation BLR) at (-6, 0) reaches by rail (-8, 0) .. (6, 0) but its own hex: 14 hexes, 6 in Poland. A
    # nation rule bars BLR units from Poland: its rail orders are the 8 hexes in Belarus only.
    blr = [(q, 0) for q in range(-8, 1) if q != -6]
    free = movement.unit_orders(_rail_state(), "r1").to_list()
    assert sorted(tuple(a.dst) for a in free if a.__class__.__name__ == "Rail") == blr + [(q, 0) for q in range(1, 7)]
    barred = movement.unit_orders(_rail_state([NationRule("BLR", may_not_enter=("POL",))]), "r1").to_list()
    assert sorted(tuple(a.dst) for a in barred if a.__class__.__name__ == "Rail") == blr


def test_an_unreachable_hex_is_refused_with_a_fraction_of_a_mp_left():
    # road_march 3: a MP is 3 ticks. Red infantry t at (-5, 0) (4 MP = 12 ticks) in contact with Blue at (-5, 2)
    # (march_contact 2), contact_movement 0.9: int(12 * 0.9) = 10 ticks = 3.33 MP, "3.3" to one decimal. In contact
    # a road hex costs road_cost 1 MP: (3, 0) is 8 road hexes away, 8 MP.
    s = _state([("t", "inf", "red", -5, 0), ("b", "inf", "blue", -5, 2)], road_march=3, march_contact=2,
               contact_movement=0.9)
    assert movement.movement_points(s, s.units["t"]) == 10
    assert movement.why_illegal(s, Move("t", Hex(-5, 0), Hex(3, 0))) == "3,0 is 8 MP away, t has 3.3 MP left"

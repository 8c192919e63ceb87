"""Known-answer tests for the supply trace's kept paths (``supply._trace`` / ``_cost_back``), round 6 of
`make mutate` (tests/MUTATION_r6_survivors.md).

Fixture: tests/logifixture.py ``rail_map(split=0)``: a radius-8 hexagon crossed by a railway along r = 0;
east of q = 0 is Poland, whose railway Red may not use, so (0, 0) is Red's last railhead. Trace costs
(standard rules): a rail step 4, a cross-country step 8, the budget 32 (8 rail steps, or 4 cross-country).
"""

from engine.geo.hexgrid import Hex
from engine.rules import rail, supply
from tests.logifixture import logi_game, rail_map


def _game():
    # r1 at (6, 0): 6 rail steps = 24 to the railhead (0, 0). Making the first state traces r1 and keeps the
    # path (0, 0) .. (6, 0) per start hex on the Game, for every later state of the same Game.
    g = logi_game([("r1", "mech", "red", 6, 0)], m=rail_map(split=0))
    s = g.new_initial_state(0)
    assert supply.trace(s, s.units["r1"]) == (True, [])
    assert g._trace_paths[g.index[Hex(6, 0)]] == tuple(g.index[Hex(q, 0)] for q in range(0, 7))
    return g


def _cut(g, state, *qs):
    for q in qs:
        assert rail.cut_link(state, g.index[Hex(q, 0)], g.index[Hex(q + 1, 0)], reason="test")


def test_the_cost_of_a_kept_path_counts_each_step_by_its_own_link():
    # Links (2,0)-(3,0) and (3,0)-(4,0) cut: they cost 8 (cross-country), the other four rail steps 4:
    # walked from (6, 0) to (0, 0): 4 + 4 + 8 + 8 + 4 + 4 = 32, exactly the budget. With no cut link the
    # same path costs 6 x 4 = 24; a path of one hex (the start is the source) costs 0.
    g = _game()
    s = g.new_initial_state(1)
    path = g._trace_paths[g.index[Hex(6, 0)]]
    ss = supply.static(g)
    assert supply._cost_back(ss.open_edges, path) == 24
    assert supply._cost_back(ss.open_edges, path[:1]) == 0
    _cut(g, s, 2, 3)
    assert supply._cost_back(supply._trace_edges(s, ss), path) == 32


def test_a_kept_path_at_exactly_the_budget_is_reused_without_a_search(monkeypatch):
    # As above, two links cut: the kept path costs 32 <= 32, so this state's first trace of r1 (its per-unit
    # cache was filled before the cut, at another cut version) answers from the kept path: free, and no
    # search is made.
    g = _game()
    s = g.new_initial_state(1)
    _cut(g, s, 2, 3)
    calls = []
    real = supply._search
    monkeypatch.setattr(supply, "_search", lambda *a, **k: calls.append(a[2]) or real(*a, **k))
    assert supply.trace(s, s.units["r1"]) == (True, [])
    assert calls == []


def test_a_cut_at_the_source_end_of_a_kept_path_makes_it_too_dear():
    # Links (0,0)-(1,0), (1,0)-(2,0), (2,0)-(3,0) cut: the kept path costs 8 + 8 + 8 + 4 + 4 + 4 = 36 > 32.
    # A fresh search finds nothing cheaper (leaving the railway costs 8 a step too; the railheads are at
    # q <= 0): out of supply. (A cost that read each step's weight off another link out of the same hex -
    # the (q+1, 0) one, open at q = 6 - would make it 32 and reuse the path.)
    g = _game()
    s = g.new_initial_state(1)
    _cut(g, s, 0, 1, 2)
    assert supply.trace(s, s.units["r1"]) == (False, [])


def _road_game(units, roads, entries, reach: int, throughput: int):
    """rail_map without its railway, with road hexsides ``roads`` ((q, r) pairs); standard trace: a road step 4,
    a cross-country step 8, budget 32; each mech needs 1 supply point a day (use_per_turn fuel 1 x supply_use 1)."""
    import attrs
    from engine.analysis.synthetic import standard_rules
    from engine.geo.hexgrid import hexside
    from engine.geo.theatre import Link
    r = standard_rules()
    r = attrs.evolve(r, supply=attrs.evolve(r.supply, road_supply_reach=reach, road_supply_throughput=throughput))
    links = {}
    for a, b in roads:
        x, y = hexside(Hex(*a), Hex(*b))
        links[(x, y)] = Link(x, y, "road", 0, "road")
    m = attrs.evolve(rail_map(), rail={}, roads=links)
    return logi_game(units, m, entries=entries, rules=r)


def _line(q0, q1, r):
    return [((q, r), (q + 1, r)) for q in range(q0, q1)]


def test_two_roads_each_carry_their_own_throughput():
    # Entries (-8, 0) and (-8, 4), each with a road east along its row, to (8, 0) and (4, 4). Reach 4: forward
    # supply points (-7..-4, 0) fed by the hexside ((-8,0), (-7,0)) and (-7..-4, 4) fed by ((-8,4), (-7,4)).
    # a at (4, 0) and b at (4, 4) are 8 road steps (32) from (-4, 0) and (-4, 4): neither reaches an entry
    # (9 steps, 36), each reaches its own road's point. Throughput 1 a road, each needs 1: both supplied.
    units = [("a", "mech", "red", 4, 0), ("b", "mech", "red", 4, 4), ("x", "inf", "blue", 0, -8)]
    s = _road_game(units, _line(-8, 8, 0) + _line(-8, 4, 4), ((-8, 0), (-8, 4)), 4, 1).new_initial_state(1)
    assert [s.units[u].supplied for u in "ab"] == [True, True]


def test_a_forward_supply_point_on_hex_0_counts():
    # Hex 0 of the map is (-8, 0). The entry (-7, 0) has roads west to (-8, 0) and on from there south along
    # q = -8 to (-8, 8). Reach 1: the forward supply points are the road hexes next to the entry, (-8, 0) and
    # (-6, 0). a at (-8, 8) traces 8 road steps (32) to (-8, 0); the entry is a 9th (36) and cross-country is
    # dearer: a draws on the point at hex 0. With no road supply (reach 0) it is out of supply.
    roads = [((-8, 0), (-7, 0)), ((-7, 0), (-6, 0))] + [((-8, k), (-8, k + 1)) for k in range(0, 8)]
    units = [("a", "mech", "red", -8, 8), ("x", "inf", "blue", 0, -8)]
    g = _road_game(units, roads, ((-7, 0),), 1, 0)
    assert g.index[Hex(-8, 0)] == 0
    assert g.new_initial_state(1).units["a"].supplied
    assert not _road_game(units, roads, ((-7, 0),), 0, 0).new_initial_state(1).units["a"].supplied

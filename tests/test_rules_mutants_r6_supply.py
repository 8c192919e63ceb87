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

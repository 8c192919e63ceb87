"""The logistics phase's trace answers from two caches of paths found earlier (per unit, and per start
hex through the Game); each must answer exactly as a fresh search, also after rail links on those
paths are cut (a cut makes a path dearer, maybe beyond the trace's budget)."""

from __future__ import annotations

from engine.ai import make_policy
from engine.analysis.playout import ScenarioFactory
from engine.core.rng import Rng
from engine.geo.hexgrid import Hex
from engine.rules import rail, supply
from tests.logifixture import logi_game, rail_map


def _fresh(s, u) -> bool:
    ctx = supply._Context(s, u.side)
    if u.pos in ctx.heads or u.pos in ctx.extra:
        return True
    return supply._search(s, supply.static(s.game), u.pos, ctx.heads, ctx.extra, ctx.stocked, ctx.blocked)[0]


def test_cached_trace_paths_answer_as_a_fresh_search_also_after_cuts():
    # Zima-20 at war: a random game, checked at three points. At each, every unit is traced (filling
    # the caches), then one rail link on every cached path is cut and every unit traced again.
    g = ScenarioFactory("scenarios/calibration/zima-20.yaml")()
    s = g.new_initial_state(4)
    pol, rng = make_policy("random"), Rng(4)
    checked = 0
    for checkpoint in (0, 150, 300):
        while len(s.history) < checkpoint and not s.is_terminal():
            s.apply_action(pol.choose(s, s.legal(), rng))
        t = s.clone()
        units = [u for u in sorted(t.units.values(), key=lambda u: u.id) if supply.is_modelled(t, u.side)]
        before = {u.id: supply.trace(t, u)[0] for u in units}
        assert before == {u.id: _fresh(t, u) for u in units}
        paths = g.__dict__.get("_trace_paths", {})
        for u in units:
            p = paths.get(u.pos, ())
            links = [(a, b) for a, b in zip(p, p[1:]) if rail.has_link(g, a, b)]
            if links:
                rail.cut_link(t, *links[len(links) // 2], reason="test")
        for u in units:
            now = supply.trace(t, u)[0]
            assert now == _fresh(t, u), (checkpoint, u.id)
            checked += 1
    assert checked > 0


def test_a_path_from_another_state_is_reused_only_while_its_cost_is_within_the_trace():
    # The railway fixture split at q = 0: east of it is Poland, whose railway red may not use, so
    # (0, 0) is red's last railhead; a rail link still costs 4 of the trace's 32 (cross-country 8).
    # r1 at (6, 0) traces 6 rail steps = 24 to (0, 0): free, and the path is kept per start hex.
    g = logi_game([("r1", "mech", "red", 6, 0)], m=rail_map(split=0))
    s = g.new_initial_state(0)
    start = g.index[Hex(6, 0)]
    assert supply.trace(s, s.units["r1"]) == (True, [])
    assert g._trace_paths[start] == tuple(g.index[Hex(q, 0)] for q in range(0, 7))

    def cut(state, *qs):
        for q in qs:
            assert rail.cut_link(state, g.index[Hex(q, 0)], g.index[Hex(q + 1, 0)], reason="test")

    # another game of the same Game: two links on the path cut make it 4+4+8+8+4+4 = 32: still free,
    # from the kept path (no search: the per-unit cache of this state is empty)
    two = g.new_initial_state(1)
    cut(two, 2, 3)
    assert supply.trace(two, two.units["r1"]) == (True, [])
    # three cut: 4+8+8+8+4+4 = 36 > 32, and cross-country is dearer still: out of supply
    three = g.new_initial_state(2)
    cut(three, 1, 2, 3)
    assert supply.trace(three, three.units["r1"]) == (False, [])
    assert not _fresh(three, three.units["r1"])

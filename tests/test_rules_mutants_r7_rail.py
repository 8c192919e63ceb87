"""Known-answer tests for the rail search (``rail._rail_search``, ``_cached_rail_search``, ``max_hexes``), the engineers'
work on captured lines (``rail.capture``) and occupation cuts (``rail.occupation_cuts``), round 7 of `make mutate`:
the named test gaps of round 6 (tests/MUTATION_r6_survivors.md).

Fixtures: tests/logifixture.py ``rail_map()``: a radius-8 hexagon of open Belarus with a 1520 mm railway along r = 0
from (-8, 0) to (8, 0); hex indices run west to east along it ((-8, 0) is index 0); a hex's rail neighbours are
listed by index (the western one first). Red may use Belarus's railways; max_hexes 12 a day; repair_turns 2.
``_junction_map``: a radius-4 hexagon with hand-laid links of two gauges (below).
"""

import attrs

from engine.analysis.synthetic import _digest, standard_rules
from engine.game.game import Game
from engine.geo.hexgrid import Hex, hexside
from engine.geo.theatre import Link, Transshipment
from engine.rules import rail
from tests.enginefixture import hexagon_map
from tests.logifixture import logi_game, rail_map

FAR_BLUE = ("b1", "inf", "blue", 0, -8)  # Blue infantry far off the railway (its zone of control does not touch it)


def _game(units, m=None, rules=None, turn_hours=24, **kw):
    g = logi_game(units, m=m, rules=rules, **kw)
    if turn_hours != 24:
        sc = attrs.evolve(g.scenario, turn_hours=turn_hours)
        g = Game(attrs.evolve(sc, digest=_digest(sc)), g.map)
    return g


def _state(units, **kw):
    return _game(units, **kw).new_initial_state(1)


def _reach(s, uid="r1"):
    """Rail destinations as (q, r) -> (rail hexes, transshipment hex as (q, r) or None)."""
    g = s.game
    return {tuple(g.hexes[p]): (d, tuple(g.hexes[v]) if v >= 0 else None)
            for p, (d, v) in rail.rail_reach(s, s.units[uid]).items()}


def _line(*qs):
    return [(q, 0) for q in qs]


def _cut(s, a, b, **kw):
    ix = s.game.index
    assert rail.cut_link(s, ix[Hex(*a)], ix[Hex(*b)], **kw)


# --- cut links -------------------------------------------------------------------------

def test_a_cut_link_stops_trains_coming_from_either_end():
    # Link (-1, 0)-(0, 0) cut (index of (-1, 0) < index of (0, 0)). From (2, 0) the train meets it from its upper
    # end (0, 0): west it gets to (0, 0) only; east to (8, 0), the line's end (6 <= 12 hexes).
    s = _state([("r1", "mech", "red", 2, 0), FAR_BLUE])
    ix = s.game.index
    assert ix[Hex(-1, 0)] < ix[Hex(0, 0)]
    _cut(s, (-1, 0), (0, 0))
    assert sorted(_reach(s)) == _line(0, 1, 3, 4, 5, 6, 7, 8)
    # from (-3, 0) it meets the cut from the lower end: east to (-1, 0), west to (-8, 0)
    t = _state([("r1", "mech", "red", -3, 0), FAR_BLUE])
    _cut(t, (-1, 0), (0, 0))
    assert sorted(_reach(t)) == _line(-8, -7, -6, -5, -4, -2, -1)


def test_a_cut_link_next_to_the_start_does_not_stop_the_way_the_other_side():
    # r1 at (0, 0); its rail neighbours by index: (-1, 0) then (1, 0). The western link is cut: the train still
    # runs east, to (8, 0) (8 hexes), and nowhere west.
    s = _state([("r1", "mech", "red", 0, 0), FAR_BLUE])
    _cut(s, (-1, 0), (0, 0))
    assert _reach(s) == {(q, 0): (q, None) for q in range(1, 9)}


def test_a_link_cut_until_this_turn_carries_trains_this_turn():
    # repair_turns 0: a strike's cut lasts until the current turn, i.e. the link is usable again from this turn on.
    # A Blue SAM battery on the line at (6, 0) (no zone of control) sends the search past the enemy-free one; r1 at
    # (-3, 0) goes west to (-8, 0) and east through the cut link to (5, 0).
    r = standard_rules()
    r = attrs.evolve(r, rail=attrs.evolve(r.rail, repair_turns=0))
    s = _state([("r1", "mech", "red", -3, 0), ("s", "sam", "blue", 6, 0), FAR_BLUE], rules=r)
    _cut(s, (-1, 0), (0, 0))
    assert s.cut_links == {(s.game.index[Hex(-1, 0)], s.game.index[Hex(0, 0)]): [1, ""]}
    assert not rail.is_cut(s, s.game.index[Hex(-1, 0)], s.game.index[Hex(0, 0)])
    assert sorted(_reach(s)) == _line(-8, -7, -6, -5, -4, -2, -1, 0, 1, 2, 3, 4, 5)


# --- the enemy near the line and the Game's caches ---------------------------------------------

def test_the_only_enemy_on_hex_index_0_still_blocks_the_line():
    # The only Blue unit is a SAM battery (no zone of control) at (-8, 0), hex index 0, on the line: r1 at (-6, 0)
    # goes west to (-7, 0) only and east 12 hexes to (6, 0).
    s = _state([("r1", "mech", "red", -6, 0), ("s", "sam", "blue", -8, 0)])
    assert s.game.index[Hex(-8, 0)] == 0
    assert sorted(_reach(s)) == _line(-7, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6)


def test_clearing_the_games_result_caches_drops_the_rail_searches_near_an_enemy():
    # A search near an enemy (a SAM at (6, 0)) is kept on the Game: asked again, the same object; after
    # Game.clear_result_caches() (tests use it to check that caches change no result) it is searched afresh:
    # an equal, new object. r1 at (-3, 0) reaches (-8, 0) .. (5, 0) but its own hex: 13 hexes; with no enemy on
    # the line (-8, 0) .. (8, 0): 16.
    s = _state([("r1", "mech", "red", -3, 0), ("s", "sam", "blue", 6, 0), FAR_BLUE])
    u = s.units["r1"]
    first = rail._cached_rail_search(s, u)
    assert sorted(s.game.hexes[p] for p in first)[-1] == Hex(5, 0)
    assert rail._cached_rail_search(s, u) is first
    s.game.clear_result_caches()
    again = rail._cached_rail_search(s, u)
    assert again == first and again is not first
    # with no enemy near the line the answer is the enemy-free search itself, kept on the Game the same way
    t = _state([("r1", "mech", "red", -3, 0), FAR_BLUE])
    free = rail._cached_rail_search(t, t.units["r1"])
    assert len(free) == 16 and rail._cached_rail_search(t, t.units["r1"]) is free
    t.game.clear_result_caches()
    again = rail._cached_rail_search(t, t.units["r1"])
    assert again == free and again is not free


# --- max_hexes scaled to the turn ------------------------------------------------------------

def test_max_hexes_scales_with_turns_of_two_days_and_never_drops_below_one():
    # 12 hexes a day: 48-hour turns 24; 2-hour turns 12 * 2 / 24 = 1; 24-hour turns 12.
    assert rail.max_hexes(_game([FAR_BLUE], turn_hours=48)) == 24
    assert rail.max_hexes(_game([FAR_BLUE], turn_hours=2)) == 1
    assert rail.max_hexes(_game([FAR_BLUE])) == 12
    # in 2-hour turns r1 at (-6, 0) goes one hex either way; in 48-hour turns the whole line, (8, 0) 14 hexes away
    s = _state([("r1", "mech", "red", -6, 0), FAR_BLUE], turn_hours=2)
    assert _reach(s) == {(-7, 0): (1, None), (-5, 0): (1, None)}
    t = _state([("r1", "mech", "red", -6, 0), FAR_BLUE], turn_hours=48)
    assert _reach(t)[(8, 0)] == (14, None) and len(_reach(t)) == 16


# --- captured lines and occupation cuts ------------------------------------------------------

def _capture_state(turn_hours):
    r = standard_rules()
    r = attrs.evolve(r, rail=attrs.evolve(r.rail, occupier_wrecks=False, capture_days=4), unit_types={
        **r.unit_types, "eng1": attrs.evolve(r.unit_types["mech"], id="eng1", rail_repair=1)})
    # c captures Poland's railway at (2, 0); e1 (1 day of repair work a day) stands next to it at (2, 1)
    units = [("c", "mech", "red", 2, 0), ("e1", "eng1", "red", 2, 1), ("x", "inf", "blue", 0, -8)]
    return _state(units, m=rail_map(split=0), rules=r, turn_hours=turn_hours)


def test_engineers_work_in_12_hour_turns_counts_only_whole_days_done():
    # 12-hour turns: capture_days 4 = 8 turns (no regauge days): captured on turn 1, carries Red from turn
    # 1 + 1 + 8 = 10. e1's 1 day a day is half a day a turn: turn 1 holds 0 whole days of work (0 turns saved),
    # turn 2 the first whole day (1 day = 2 turns saved: 10 - 2 = 8).
    s = _capture_state(12)
    ix = s.game.index
    rail.capture(s)
    assert s.captured_rail == {ix[Hex(2, 0)]: ["red", 10]}
    s.turn = 2
    rail.capture(s)
    assert s.captured_rail == {ix[Hex(2, 0)]: ["red", 8]}


def test_a_unit_on_its_own_sides_railway_listed_first_does_not_stop_an_occupier_wrecking():
    # occupier_wrecks (standard): a (Red, on Belarus's railway at (-2, 0), allowed) comes before b (Red, on
    # Poland's at (2, 0), not allowed) by id; b wrecks both links of (2, 0) until turn 1 + 1 + 2 = 4.
    s = _state([("a", "mech", "red", -2, 0), ("b", "mech", "red", 2, 0), FAR_BLUE], m=rail_map(split=0))
    rail.occupation_cuts(s)
    ix = s.game.index
    assert rail.cut_links(s) == [(ix[Hex(1, 0)], ix[Hex(2, 0)], 4, "occupation (b)"),
                                 (ix[Hex(2, 0)], ix[Hex(3, 0)], 4, "occupation (b)")]


# --- two gauges -------------------------------------------------------------------------------

def _junction_map(links, ts=()):
    """A radius-4 hexagon of open Belarus with the rail ``links`` ((a, b, gauge)) and transshipment points ``ts``."""
    m = hexagon_map(radius=4)
    rl = {}
    for a, b, ga in links:
        x, y = hexside(Hex(*a), Hex(*b))
        rl[(x, y)] = Link(x, y, "rail", ga, "line")
    return attrs.evolve(m, rail=rl, transshipments=tuple(Transshipment(f"T{k}", Hex(*h)) for k, h in enumerate(ts)))


def test_a_hex_reached_on_two_gauges_from_the_start_keeps_the_shorter_way():
    # From (0, 0): 1520 mm straight to (1, 0) (1 hex); 1435 mm round by (0, 1) and (1, 1) (3 hexes). The search
    # takes 1435 first (sorted gauges), then 1520's 1 hex is shorter: (1, 0) is 1 rail hex away.
    m = _junction_map([((0, 0), (1, 0), 1520), ((0, 0), (0, 1), 1435), ((0, 1), (1, 1), 1435),
                       ((1, 1), (1, 0), 1435)])
    s = _state([("r1", "mech", "red", 0, 0), FAR_BLUE[:3] + (0, -4)], m=m)
    assert _reach(s) == {(1, 0): (1, None), (0, 1): (1, None), (1, 1): (2, None)}


def test_trains_change_gauge_only_at_a_transshipment_point():
    # 1520 mm from (-3, 0) to (0, 0), 1435 mm on to (3, 0); the map's only transshipment point is (-3, -1)
    # (on no line). (0, 0) is where the gauges meet but no transshipment point: from (-2, 0) the train reaches
    # (-3, 0), (-1, 0) and (0, 0) only.
    links = [((q, 0), (q + 1, 0), 1520 if q < 0 else 1435) for q in range(-3, 3)]
    s = _state([("r1", "mech", "red", -2, 0), FAR_BLUE[:3] + (0, -4)], m=_junction_map(links, ts=[(-3, -1)]))
    assert _reach(s) == {(-3, 0): (1, None), (-1, 0): (1, None), (0, 0): (2, None)}


def test_a_hex_on_the_first_gauge_is_not_sent_round_by_the_transshipment_point():
    # 1520 mm from (-3, 0) through the transshipment point (0, 0) to (2, 0); 1435 mm from (0, 0) by (0, 1) to
    # (1, 0). From (-3, 0): (1, 0) is 4 hexes straight on 1520 mm (no change of gauge); (0, 1) 4 hexes by a
    # change of gauge at (0, 0).
    links = [((q, 0), (q + 1, 0), 1520) for q in range(-3, 2)] + [((0, 0), (0, 1), 1435), ((0, 1), (1, 0), 1435)]
    s = _state([("r1", "mech", "red", -3, 0), FAR_BLUE[:3] + (0, -4)], m=_junction_map(links, ts=[(0, 0)]))
    assert _reach(s) == {(-2, 0): (1, None), (-1, 0): (2, None), (0, 0): (3, None), (1, 0): (4, None),
                         (2, 0): (5, None), (0, 1): (4, (0, 0))}


# --- the caches against a fresh search ----------------------------------------------------------

def _maps():
    """rail_map(split=0); a radius-6 one with two transshipment points, a 1435 mm loop east of the break and a
    1520 mm branch and loop west of it; rail_map(radius=5, split=0) where Red may not use Poland's railway."""
    yield rail_map(split=0), ("BLR", "POL")
    m = rail_map(radius=6, split=1)
    rl = dict(m.rail)
    for a, b, ga in [((1, 0), (1, 1), 1435), ((1, 1), (2, 1), 1435), ((2, 1), (3, 0), 1435),
                     ((-2, 0), (-2, 1), 1520), ((-2, 1), (-1, 1), 1520), ((-1, 1), (0, 1), 1520),
                     ((0, 1), (0, 0), 1520), ((-6, 0), (-6, 1), 1520), ((-6, 1), (-6, 2), 1520)]:
        x, y = hexside(Hex(*a), Hex(*b))
        rl[(x, y)] = Link(x, y, "rail", ga, "line")
    yield attrs.evolve(m, rail=rl, transshipments=(Transshipment("a", Hex(1, 0)), Transshipment("b", Hex(-2, 0)))), \
        ("BLR", "POL")
    yield rail_map(radius=5, split=0), ("BLR",)


def test_the_cached_rail_search_is_the_full_search_on_random_states():
    # The Game's two caches (the enemy-free search; searches keyed by the enemy hexes, ZOC hexes and cut links
    # inside it) must give exactly what a fresh search through every enemy, ZOC hex and cut link gives. Random
    # states (seeded): r1 on a random rail hex, Blue infantry on or off the railway or far away, 0-3 cut links
    # (often at r1's hex) cut until last turn, this turn or later; max_hexes 12 or 2-5; every state of a Game
    # shares its caches. (The cut-link key's equivalent mutants of round 6, _cached_rail_search 61-67, pass this;
    # a key without the links at the start fails it.)
    from engine.rules.occupancy import enemy_sets
    import random
    rnd = random.Random(2)
    checked = 0
    for m, red in _maps():
        for rep in range(3):
            r = standard_rules()
            if rep == 1:
                r = attrs.evolve(r, rail=attrs.evolve(r.rail, max_hexes=rnd.choice([2, 3, 4, 5])))
            g = logi_game([("r1", "mech", "red", 0, 0), ("b1", "inf", "blue", 0, -5)], m=m, red_rail=red, rules=r)
            rail_hexes = sorted(g.rail_nbrs)
            links = sorted({(min(a, b), max(a, b)) for a in g.rail_nbrs for b, _ in g.rail_nbrs[a]})
            for it in range(150):
                s = g.new_initial_state(1)
                s.turn = rnd.randint(1, 4)
                u, b = s.units["r1"], s.units["b1"]
                s.relocate(u, rnd.choice(rail_hexes))
                if rnd.random() < 0.4:
                    s.relocate(b, rnd.choice(rail_hexes if rnd.random() < 0.7 else range(len(g.hexes))))
                    if b.pos == u.pos:
                        continue
                for _ in range(rnd.choice([0, 1, 1, 2, 3])):
                    at_start = [k for k in links if u.pos in k]
                    k = rnd.choice(at_start if at_start and rnd.random() < 0.2 else links)
                    s.cut_links[k] = [s.turn + rnd.choice([-1, 0, 1, 2]), ""]
                occ, zoc = enemy_sets(s, u.side)
                fresh = dict(sorted(rail._rail_search(s, u, occ, zoc, s.cut_links).items()))
                assert rail._cached_rail_search(s, u) == fresh, (it, g.hexes[u.pos])
                checked += 1
    assert checked > 1300

"""Known-answer tests for ``State.change_side`` (a change of command, rules/events.py), round 5 of `make mutate`.

A change of side must drop every cache that depends on who owns the unit. The caches key on counters
(``_roster`` for the per-side id lists, ``_layout`` for sight and full stacks, the per-side epochs for
searches), so a counter that goes back to an earlier value, or a search cache not dropped, returns a
stale answer. Fixture: tests/enginefixture.py (hexagon, standard rules, no fog of war). See
tests/MUTATION_r5_survivors.md.
"""

from engine.geo.hexgrid import Hex
from engine.rules import intel, movement
from tests.enginefixture import hexagon_game


def test_change_side_of_the_only_unit_updates_side_lists_and_sight():
    # One blue unit: one placement, so the roster and layout counters are 1 when red asks first.
    # Red has no units and sees b1 (no fog); after b1 goes over to red, red has ("b1",) and sees no
    # enemy; blue has nothing and sees b1. A counter set back to 1 would return red's old answers.
    s = hexagon_game([("b1", "inf", "blue", 0, 0)]).new_initial_state(1)
    pos = s.units["b1"].pos
    assert s.side_unit_ids("red") == () and s.side_unit_ids("blue") == ("b1",)
    assert intel.seen_enemy_positions(s, "red") == frozenset({pos})
    s.change_side(s.units["b1"], "red")
    assert s.units["b1"].side == "red"
    assert s.side_unit_ids("red") == ("b1",) and s.side_unit_ids("blue") == ()
    assert intel.seen_enemy_positions(s, "red") == frozenset()
    assert intel.seen_enemy_positions(s, "blue") == frozenset({pos})


def test_change_side_after_a_removal_does_not_return_to_an_earlier_cache():
    # Two blue units (counters 2). Red asks (cached at 2); b2 is removed (counters 3) and nobody asks;
    # then b1 goes over to red. The counters must move on to 4: back at 2 they would hand red its
    # answers from before (no units of its own; b1 and b2 seen as enemies).
    s = hexagon_game([("b1", "inf", "blue", 0, 0), ("b2", "inf", "blue", 3, 0)]).new_initial_state(1)
    p1, p2 = s.units["b1"].pos, s.units["b2"].pos
    assert s.side_unit_ids("red") == ()
    assert intel.seen_enemy_positions(s, "red") == frozenset({p1, p2})
    s.remove_unit("b2")
    s.change_side(s.units["b1"], "red")
    assert s.side_unit_ids("red") == ("b1",)
    assert intel.seen_enemy_positions(s, "red") == frozenset()


def test_change_side_drops_the_units_cached_reach_even_when_the_epochs_coincide():
    # b1 (blue, infantry) at (0,0); red infantry r1 at (4,0) and r2 at (-6,0). Placements bump each
    # side once per unit: epochs red 2, blue 1. b1's reach is cached under its enemy epoch (red's: 2).
    # After the change of side the epochs are red 3, blue 2, and b1's enemy epoch (now blue's) is 2
    # again: the key matches, so only dropping the unit's cache entry gives the right reach. As a
    # blue unit b1 may not enter r1's hex (4,0); as a red unit it may stack there (limit 2), every
    # other cost unchanged: the reach grows from 60 to 61 hexes (a search with all caches dropped).
    s = hexagon_game([("b1", "inf", "blue", 0, 0), ("r1", "inf", "red", 4, 0),
                      ("r2", "inf", "red", -6, 0)]).new_initial_state(1)
    u = s.units["b1"]
    assert s.enemy_epoch("blue") == 2
    assert len(movement.reach(s, u)) == 60
    s.change_side(u, "red")
    assert s.enemy_epoch("red") == 2
    after = dict(movement.reach(s, u))
    s.drop_caches()
    assert after == dict(movement.reach(s, u)) and len(after) == 61
    assert Hex(4, 0) in {s.game.hexes[p] for p in after}  # r1's hex, closed to b1 as a blue unit


def test_the_save_text_is_compact_sorted_and_keeps_non_ascii_letters():
    # The save (State.to_json) is canonical JSON: keys sorted (ad_used, air_missions, air_points, ...),
    # no spaces after ',' and ':', and letters such as 'Ł' written as themselves, not as \u escapes.
    s = hexagon_game([("b1", "inf", "blue", 0, 0)]).new_initial_state(1)
    s.log.append("Łódź")
    text = s.to_json()
    assert text.startswith('{"ad_used":{},"air_missions":[],"air_points":{"blue":3,"red":2},"attacked_hexes":[],')
    assert '"Łódź"' in text

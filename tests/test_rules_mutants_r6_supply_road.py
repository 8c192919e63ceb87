"""Known-answer tests for ``engine/rules/supply_road.py`` (forward supply points along roads), round 6 of
`make mutate` (tests/MUTATION_r6_survivors.md).

The functions are pure, so the fixture is a hand-made road graph: per hex (an index), its neighbours across
a road hexside.

    0        a source with no road out
    1 - 2 - 3 - 4 - 5      a source (1) and the road it feeds
    6 - 7                  a blocked source (6) with a road to 7
    8 - 9                  a source (8) whose only road leads into a blocked hex (9)
"""

from engine.rules import supply_road

ADJ = ((), (2,), (1, 3), (2, 4), (3, 5), (4,), (7,), (6,), (9,), (8,))
BLOCKED = frozenset({6, 9})


def test_road_heads_reach_so_many_road_hexes_from_the_sources_and_name_the_road_they_leave_by():
    # Sources 0 (no road: skipped, the sources after it still count), 1, 6 (blocked: feeds nothing) and 8
    # (its road runs into the blocked 9 at once). From 1: reach 1 -> 2; reach 2 -> 2, 3; reach 4 -> 2..5.
    # Every head is fed by the road hexside (1, 2). Reach 0: no forward supply points.
    srcs = {0, 1, 6, 8}
    road = (1, 2)
    assert supply_road.road_heads(srcs, BLOCKED, ADJ, 1) == {2: road}
    assert supply_road.road_heads(srcs, BLOCKED, ADJ, 2) == {2: road, 3: road}
    assert supply_road.road_heads(srcs, BLOCKED, ADJ, 4) == {2: road, 3: road, 4: road, 5: road}
    assert supply_road.road_heads(srcs, BLOCKED, ADJ, 0) == {}


def test_a_source_on_the_road_is_no_forward_supply_point_and_the_lower_source_feeds_a_shared_road():
    # Sources 1 and 3 on the same road: 3 is a source, never a head; 2 and 4 are one step from a source.
    # 2 is reached from 1 (the lower source, taken first) by (1, 2); 4 from 3 by (3, 4); then 5 by (3, 4).
    assert supply_road.road_heads({1, 3}, frozenset(), ADJ, 2) == {2: (1, 2), 4: (3, 4), 5: (3, 4)}
    # a blocked hex on the road stops it: with 3 blocked, 1 feeds 2 only
    assert supply_road.road_heads({1}, frozenset({3}), ADJ, 4) == {2: (1, 2)}


def test_the_first_forward_supply_point_in_the_trace_order():
    heads = {4: (1, 2), 2: (1, 2)}
    assert supply_road.first_head((7, 4, 2), heads) == 4  # the trace's order, not the hex order
    assert supply_road.first_head((7, 8), heads) == -1
    assert supply_road.first_head((), heads) == -1


def test_a_road_carries_its_throughput_each_road_its_own():
    # throughput 3 a road: a unit needing 2 draws (3 -> 1 left), the next needing 2 does not (2 > 1) and
    # leaves it at 1, one needing exactly 1 does (1 -> 0). Another road still has all 3. Throughput 0: no
    # limit, nothing is booked.
    left = {}
    a, b = (1, 2), (3, 4)
    assert supply_road.draw(left, a, 3, 2) and left == {a: 1}
    assert not supply_road.draw(left, a, 3, 2) and left == {a: 1}
    assert supply_road.draw(left, a, 3, 1) and left == {a: 0}
    assert supply_road.draw(left, b, 3, 3) and left == {a: 0, b: 0}
    assert supply_road.draw({}, a, 1, 1)  # a throughput of 1 is a limit, not "no limit"
    assert not supply_road.draw({}, a, 1, 2)
    free = {}
    assert supply_road.draw(free, a, 0, 99) and free == {}


def test_a_hex_two_roads_reach_in_the_same_ring_is_fed_by_the_lower_source():
    # A diamond: sources 0 and 2, roads 0 - 1 - 4 and 2 - 3 - 4. Ring 1: 1 by (0, 1), 3 by (2, 3). Ring 2:
    # 4 is reached from 1 and from 3 at once; the first to reach it (from source 0's road) keeps it.
    adj = ((1,), (0, 4), (3,), (2, 4), (1, 3))
    assert supply_road.road_heads({0, 2}, frozenset(), adj, 2) == {1: (0, 1), 3: (2, 3), 4: (0, 1)}

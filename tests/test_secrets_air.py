"""A restrained side's air orders tell it nothing about enemy units it cannot see.

``why_no_mission`` refused a mission over a hex "against enemy units" when a hidden enemy stood there, and
the restrained branch of ``air._targets`` dropped exactly the hexes where hidden enemies stood from the
legal interdiction list: both mapped the enemy. Now legality reads only the enemy units the side sees;
a mission flown blind over a hidden enemy while restrained holds fire (no attack, no die, no effect), and
the side learns it from its own mission's result line, after the fact.

The test of "tells nothing" is a twin state where the hidden unit stands elsewhere, still hidden: the side
gets the same observation, the same legal orders and the same refusals on both.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from engine.core.actions import AirMission
from engine.game.game import Game, load_game
from engine.geo.hexgrid import Hex, hex_range
from engine.scenario.model import Condition, Track
from engine.analysis.synthetic import _digest
from engine.rules import engagement
from tests.airfixture import ops_game, to_phase

RADIUS = 6
POLAND = {(h.q, h.r): "POL" for h in hex_range(Hex(0, 0), RADIUS) if h.q >= 2}
#: r1 sees 1 hex: b_seen next to it is seen, b_hid two hexes off is not.
AT = (-2, 0)


def _game(hidden_at: tuple[int, int]) -> Game:
    units = [("r1", "inf", "red", -4, 0), ("b_seen", "inf", "blue", -3, 0),
             ("b_hid", "inf", "blue", *hidden_at), ("b_home", "inf", "blue", 5, -2)]
    g0 = ops_game(units, fog=True, country=POLAND, radius=RADIUS)
    sc = attrs.evolve(g0.scenario, tracks=(Track("tension", "Tension", 0, 100, 50, {"war": 90}),),
                      engagement={"red": (Condition("tension", ">=", 90),)})
    return Game(attrs.evolve(sc, digest=_digest(sc)), g0.map)


def _red_air(hidden_at):
    s = to_phase(_game(hidden_at).new_initial_state(3), "air", "red")
    assert not engagement.may_engage(s, "red")
    return s


def _view(s, side="red"):
    """What ``side`` may know: its observation (units, control, tracks, ...)."""
    return s.observation(side)


def test_twins_differ_only_in_what_red_cannot_see():
    a, b = _red_air(AT), _red_air((3, 2))
    assert a.units["b_hid"].pos == a.game.index[Hex(*AT)]
    assert _view(a) == _view(b)
    assert "b_hid" not in {u.id for u in _view(a).units}


def test_legal_air_orders_are_the_same_whatever_hides_where():
    a, b = _red_air(AT), _red_air((3, 2))
    la, lb = [x.to_str(a.game) for x in a.legal_actions()], [x.to_str(b.game) for x in b.legal_actions()]
    assert la == lb
    # the hex of the hidden unit is offered for interdiction (it is next to a seen enemy), as on the twin
    assert AirMission("interdiction", Hex(*AT), 1) in a.legal_actions()


@pytest.mark.parametrize("mission", ["support", "interdiction", "strike"])
def test_refusal_and_legality_over_a_hidden_enemy_are_the_same_as_over_an_empty_hex(mission):
    a, b = _red_air(AT), _red_air((3, 2))
    order = AirMission(mission, Hex(*AT), 1)
    assert a.why_illegal(order) == b.why_illegal(order) is None
    # a seen enemy is still refused, with the same words on both
    seen = AirMission(mission, Hex(-3, 0), 1)
    assert a.why_illegal(seen) == b.why_illegal(seen)
    assert "may not fly missions against enemy units" in (a.why_illegal(seen) or "")


@pytest.mark.parametrize("mission", ["support", "interdiction", "strike"])
def test_a_blind_mission_over_a_hidden_enemy_holds_fire(mission):
    """Rules of engagement hold: the restrained side never attacks; it learns of the unit after the fact."""
    s = _red_air(AT)
    before = {k: u.strength for k, u in s.units.items()}
    rng = s.rng.state
    n = len(s.log)
    s.apply_action(AirMission(mission, Hex(*AT), 2))
    assert {k: u.strength for k, u in s.units.items()} == before
    assert s.rng.state == rng  # no die rolled against it
    t = s.game.index[Hex(*AT)]
    assert [m for m in s.air_missions if m[3] == t] == [[s.turn, "red", mission, t, 0, 2]]
    assert s.air_points["red"] == 0
    assert any("hold" in ln and "fire" in ln for ln in s.log[n:]), s.log[n:]
    assert "b_hid" in {u.id for u in s.observation("red").units}  # the flight saw it
    from engine.rules import air
    assert air.interdiction_costs(s, "blue") == {} and air.support_points(s, "red", t) == 0


def test_a_mission_over_an_empty_hex_is_unchanged():
    s = _red_air((3, 2))
    s.apply_action(AirMission("interdiction", Hex(*AT), 1))
    t = s.game.index[Hex(*AT)]
    assert s.air_missions[-1] == [s.turn, "red", "interdiction", t, 1, 1]
    assert s.log[-1].endswith("1 gets through")


# --- the shipped default scenario ------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def baseline():
    return load_game(ROOT / "scenarios" / "baseline-2020.yaml")


def _free(s, j, closed) -> bool:
    g = s.game
    return g.land[j] and g.country[j] not in closed and not s.units_at(j)


def test_shipped_scenario_twins_give_red_the_same_air_orders(baseline):
    """baseline-2020, red in the air phase of turn 1, restrained: one blue unit put beside a red unit (red
    sees it) and another two hexes off on a hex red does not observe (a candidate for red's interdiction),
    against the second left where it was, hidden too: red's view, air orders and refusals are the same.
    The hexes are worked out here with the observation, not by the code under test."""
    from engine.rules import intel
    s0 = to_phase(baseline.new_initial_state(0), "air", "red")
    g = s0.game
    assert not engagement.may_engage(s0, "red")
    closed = engagement.closed_countries(s0, "red")
    red_sees = {u.id for u in s0.observation("red").units}
    blue = [k for k in sorted(s0.units) if s0.units[k].side == "blue" and k not in red_sees]
    pick = None
    for rid in sorted(k for k in s0.units if s0.units[k].side == "red"):
        for p in g.nbrs[s0.units[rid].pos]:
            if not _free(s0, p, closed):
                continue
            for j in g.nbrs[p]:
                if _free(s0, j, closed) and not intel.is_observed(s0, "red", j):
                    pick = (p, j)
                    break
            if pick:
                break
        if pick:
            break
    assert pick is not None and len(blue) >= 2
    p, j = (g.hexes[x] for x in pick)
    b = s0.clone()
    b.apply_action(f"facilitator place {blue[0]} {p[0]},{p[1]} -- seen by red")
    a = b.clone()
    a.apply_action(f"facilitator place {blue[1]} {j[0]},{j[1]} -- hidden from red")
    assert blue[0] in {u.id for u in _view(a).units} and blue[1] not in {u.id for u in _view(a).units}
    assert _view(a) == _view(b)
    la = [x.to_str(g) for x in a.legal_actions() if isinstance(x, AirMission)]
    lb = [x.to_str(g) for x in b.legal_actions() if isinstance(x, AirMission)]
    assert la == lb and any(f"air interdict {g.label(j)} " in x for x in la)
    for m in ("support", "interdiction", "strike"):
        assert a.why_illegal(AirMission(m, j, 1)) == b.why_illegal(AirMission(m, j, 1))

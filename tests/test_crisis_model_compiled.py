"""The crisis model's compiled conditions, triggers and track changes (engine/ai/crisis_model.py) read
and change a state exactly as the rules do (victory.holds, events.trigger_holds, events.apply_effect):
a planner that misread one would plan against a crisis that never happens."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from engine.ai import crisis_model as M
from engine.game.game import load_game
from engine.core.rng import Rng
from engine.rules.events import apply_effect, trigger_holds
from engine.rules.victory import holds
from engine.scenario.model import ChangeTrack, Condition, Trigger

OPS = (">=", "<=", ">", "<", "==")
TRACKS = ("tension", "integration")
OPTIONS = ("ru_crackdown", "osce_talks", "ru_open_logbase")
BASES = ("ru_log_asipovichy", "no_such_base")


@pytest.fixture(scope="module")
def game():
    return load_game(None)  # baseline-2020


conditions = st.builds(Condition, st.sampled_from(TRACKS), st.sampled_from(OPS), st.integers(-1, 101))
leaves = st.one_of(
    st.builds(lambda t, e: Trigger("turn", turn=t, every=e), st.integers(0, 15), st.integers(0, 4)),
    st.builds(lambda c: Trigger("track", condition=c), conditions),
    st.just(Trigger("track")),  # no condition: never
    st.builds(lambda r: Trigger("option", ref=r), st.sampled_from(OPTIONS)),
    st.builds(lambda r: Trigger("base", ref=r), st.sampled_from(BASES)),
)
triggers = st.recursive(leaves, lambda inner: st.builds(
    lambda k, ps: Trigger(k, parts=tuple(ps)), st.sampled_from(("all", "any")), st.lists(inner, max_size=3)),
    max_leaves=8)


@given(c=conditions, v=st.integers(-5, 105))
def test_a_compiled_condition_holds_exactly_when_the_rules_say(c, v):
    track, test = M._compile(c)
    assert track == c.track
    assert test(v) == holds(v, c)


@settings(max_examples=300, deadline=None)
@given(t=triggers, turn=st.integers(1, 14), tension=st.integers(0, 100), integration=st.integers(0, 100),
       taken=st.lists(st.sampled_from(OPTIONS), max_size=3), base=st.booleans())
def test_a_compiled_trigger_fires_exactly_when_the_rules_say(game, t, turn, tension, integration, taken, base):
    s = game.new_initial_state(1)
    s.turn = turn
    s.tracks["tension"], s.tracks["integration"] = tension, integration
    s.options_taken = [(o, 1) for o in taken]
    s.base_active = {"ru_log_asipovichy": base}
    cs = M.belief(s, s.observation("red"), "red")
    assert M._compile_trigger(t)(cs) == trigger_holds(s, t)


def test_unit_triggers_never_fire_in_the_crisis_model(game):
    """``enters`` and ``destroyed`` need units, which the model does not move: never, even where the
    rules would fire (a Red unit stands in Belarus from the start)."""
    s = game.new_initial_state(1)
    enters = Trigger("enters", side="red", country="BLR")
    assert trigger_holds(s, enters)
    cs = M.belief(s, s.observation("red"), "red")
    assert M._compile_trigger(enters)(cs) is False
    assert M._compile_trigger(Trigger("any", parts=(enters,)))(cs) is False
    assert M._compile_trigger(Trigger("all", parts=()))(cs) is True
    assert M._compile_trigger(Trigger("any", parts=()))(cs) is False


changes = st.builds(lambda tr, d, span, s, ranged, setting: ChangeTrack(
    tr, delta=d, set_to=s if setting else None, delta_max=d + span if ranged else None),
    st.sampled_from(TRACKS), st.integers(-30, 30), st.integers(0, 12), st.integers(-20, 120), st.booleans(),
    st.booleans())


@settings(max_examples=200, deadline=None)
@given(effs=st.lists(changes, min_size=1, max_size=4), start=st.integers(0, 100), seed=st.integers(0, 2**32))
def test_compiled_track_changes_draw_the_same_dice_as_the_rules(game, effs, start, seed):
    """Same clamp to the track's range, same draw for an ``add_range``, in the same order."""
    s = game.new_initial_state(1)
    s.tracks["tension"] = s.tracks["integration"] = start
    cs = M.belief(s, s.observation("red"), "red")
    s.rng, cs.rng = Rng(seed), Rng(seed)
    for e in effs:
        apply_effect(s, e, "test")
    M._apply(cs, M._compile_effects(effs, M.model_of(game).tracks))
    assert {t: cs.tracks[t] for t in TRACKS} == {t: s.tracks[t] for t in TRACKS}
    assert cs.rng.state == s.rng.state

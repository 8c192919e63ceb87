"""``at_turn`` reads a metric once, as its turn starts.

The playout loop records every metric as each turn starts (turns 2 to N) and once more when the game is
over, still in turn N. ``at_turn`` at the last turn took both records, so with ``reduce: sum`` it gave twice
the value (2 for a town held); at turn 1, which starts before any order and is never recorded, it gave 0 in
every game. Now the last turn counts once and turn 1 is refused. Both tests failed on the old code.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.ai import make_policy
from engine.analysis.metrics import MetricSet

from engine.analysis.playout import play_game
from engine.game.game import load_game
from engine.scenario.metricreg import MetricError, check_params
from engine.scenario.model import MetricSpec

BASELINE = Path(__file__).resolve().parents[1] / "scenarios" / "baseline-2020.yaml"


@pytest.fixture(scope="module")
def game():
    return load_game(BASELINE)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_at_the_last_turn_the_value_is_taken_once_as_the_turn_starts(game, seed):
    last = game.scenario.turns
    specs = [MetricSpec("series", "units", {"side": "red"}, "last"),
             MetricSpec("at_last", "at_turn", {"at": str(last), "of": "units", "side": "red"}, "sum"),
             MetricSpec("at_before", "at_turn", {"at": str(last - 1), "of": "units", "side": "red"}, "sum")]
    ms = MetricSet(game, specs)
    play_game(game, seed, {s: make_policy("random") for s in game.side_ids}, metrics=ms)
    series = ms.series["series"]  # as turns 2..N start, then the game's end
    assert len(series) == last
    res = ms.results()
    assert res["at_last"] == series[last - 2]  # the start of turn N: the N-1th record
    assert res["at_before"] == series[last - 3]
    assert series[last - 2] > 0  # a known answer that is not 0: red has units as the last turn starts


def test_turn_one_is_refused_with_the_reason(game):
    with pytest.raises(MetricError) as e:
        check_params("at_turn", {"at": "1", "of": "units", "side": "red"}, game)
    assert "2 or more" in str(e.value) and "set-up" in str(e.value)
    check_params("at_turn", {"at": "2", "of": "units", "side": "red"}, game)  # no error

"""Game time: the turn length turns the rules' daily rates into per-turn amounts.

The rules YAML gives every rate per ``rules.time.rate_hours`` (24: per day):
movement allowance, readiness step times, supply use, rail capacity, air
points, combat losses. A scenario's ``turn_length`` cuts a day into turns, so
12 h turns give half a day's movement each and a 2-day readiness step takes 4
turns. Integer shares are split without drift: turn k gets
``floor(rate * end_k) - floor(rate * start_k)`` where start/end are the turn's
bounds in days, so two 12 h turns always add up to exactly one day's rate.
With 24 h turns every function here returns the number it was given, so a
daily scenario plays exactly as before.
"""

from __future__ import annotations

import datetime as _dt
from math import ceil, floor
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.game.game import Game
    from engine.scenario.model import Scenario
    from engine.core.state import State


def turn_days(g: "Game") -> float:
    """Length of one turn in units of the rules' rate period (1.0 for 24 h turns and daily rates)."""
    f = g.__dict__.get("_turn_days")
    if f is None:
        f = g.__dict__["_turn_days"] = g.scenario.turn_hours / g.rules.time.rate_hours
    return f


def share(g: "Game", rate: float, turn: int) -> int:
    """The integer part of a per-period ``rate`` that falls in ``turn`` (1-based); exact over many turns."""
    f = turn_days(g)
    if f == 1.0 and rate == int(rate):
        return int(rate)
    eps = 1e-9  # 0.1 * 30 is 2.9999999999999996: integer bounds stay integers
    return floor(rate * turn * f + eps) - floor(rate * (turn - 1) * f + eps)


def turns_for(g: "Game", periods: float) -> int:
    """Turns a duration of ``periods`` rate periods (days) takes, rounded up (0 stays 0)."""
    if periods <= 0:
        return 0
    f = turn_days(g)
    if f == 1.0 and float(periods).is_integer():
        return int(periods)
    return max(1, ceil(periods / f - 1e-9))


def scaled(g: "Game", amount: float) -> float:
    """A per-period amount (losses, retreat hexes) over one turn."""
    return amount * turn_days(g)


def stochastic_round(state: "State", x: float) -> int:
    """``x`` rounded to an integer, up with probability equal to its fraction (no die when x is whole)."""
    whole = floor(x + 1e-9)
    frac = x - whole
    if frac < 1e-9:
        return int(whole)
    return int(whole) + (1 if state.rng.random() < frac else 0)


def clock_of(g: "Game", turn: int) -> _dt.datetime:
    """When ``turn`` (1-based) starts: the scenario's start date at 00:00 plus the turns before it."""
    return scenario_clock(g.scenario, turn)


def scenario_clock(sc: "Scenario", turn: int) -> _dt.datetime:
    try:
        start = _dt.datetime.fromisoformat(str(sc.start_date))
    except ValueError:
        start = _dt.datetime(2000, 1, 1)
    return start + _dt.timedelta(hours=sc.turn_hours * (turn - 1))


def label(g: "Game", turn: int) -> str:
    """``T3 2020-08-10 12:00``: turn, date and hour, for logs, playouts and the UI."""
    return f"T{turn} {clock_of(g, turn):%Y-%m-%d %H:%M}"


def hours_elapsed(g: "Game", turn: int) -> int:
    """Hours from H-hour (start of turn 1) to the start of ``turn``."""
    return g.scenario.turn_hours * (turn - 1)

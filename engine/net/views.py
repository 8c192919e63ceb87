"""What each role may see, as JSON: a side's observation, the white cell's full view, the public view.

An observation goes over the wire and comes back as an equal
:class:`~engine.core.state.Observation` (same tuples in the same order), so a
policy on a client decides exactly as it would on the server. The public view
(the projector's) is what *every* side observes: a unit, a controlled hex or a
track is public only when it is in each side's observation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engine.core.state import Observation, UnitView
from engine.geo.hexgrid import Hex

if TYPE_CHECKING:
    from engine.core.state import State

PUBLIC = "public"
ALL = "all"


def _unit(u: UnitView) -> list:
    return [u.id, u.type, u.side, u.name, u.hex[0], u.hex[1], u.strength, u.readiness,
            u.moved, u.attacked, u.supplied]


def _unit_back(row: list) -> UnitView:
    uid, typ, side, name, q, r, strength, readiness, moved, attacked, supplied = row
    return UnitView(uid, typ, side, name, Hex(int(q), int(r)), int(strength), readiness,
                    bool(moved), bool(attacked), bool(supplied))


def obs_to_dict(o: Observation) -> dict[str, Any]:
    return {
        "side": o.side, "turn": o.turn, "phase": o.phase, "to_act": o.to_act,
        "units": [_unit(u) for u in o.units],
        "control": [[h[0], h[1], s] for h, s in o.control],
        "tracks": [[k, v] for k, v in o.tracks],
        "air_points": o.air_points,
        "options_taken": list(o.options_taken),
        "terminal": o.terminal,
        "engaged": [[s, bool(e)] for s, e in o.engaged],
        "offmap": [[u, b, None if h is None else [h[0], h[1]], t] for u, b, h, t in o.offmap],
    }


def obs_from_dict(d: dict[str, Any]) -> Observation:
    return Observation(
        side=d["side"], turn=int(d["turn"]), phase=d["phase"], to_act=d["to_act"],
        units=tuple(_unit_back(r) for r in d["units"]),
        control=tuple((Hex(int(q), int(r)), s) for q, r, s in d["control"]),
        tracks=tuple((k, int(v)) for k, v in d["tracks"]),
        air_points=int(d["air_points"]),
        options_taken=tuple(d["options_taken"]),
        terminal=bool(d["terminal"]),
        engaged=tuple((s, bool(e)) for s, e in d["engaged"]),
        offmap=tuple((u, b, None if h is None else Hex(int(h[0]), int(h[1])), int(t))
                     for u, b, h, t in d.get("offmap", [])),
    )


def status(state: "State") -> dict[str, Any]:
    """Public facts every role may know: whose turn, which phase, over or not (not how many orders)."""
    oc = state.outcome()
    d: dict[str, Any] = {"turn": state.turn, "turns": state.game.scenario.turns, "phase": state.phase,
                         "to_act": state.current_player(), "terminal": state.is_terminal()}
    if oc is not None:
        d["outcome"] = {"winner": oc.winner, "scores": dict(oc.scores), "reason": oc.reason}
    return d


def full_view(state: "State", log_tail: int = 40) -> dict[str, Any]:
    """The white cell's view: every unit and hex, every side's air points, the log and the hash."""
    g = state.game
    units = [UnitView(u.id, u.type, u.side, u.name, g.hexes[u.pos], u.strength, u.readiness,
                      u.moved, u.attacked, u.supplied) for _, u in sorted(state.units.items())]
    first = state.observation(g.side_ids[0])
    return {
        "side": ALL, "turn": state.turn, "phase": state.phase, "to_act": state.current_player(),
        "units": [_unit(u) for u in units],
        "control": [[g.hexes[i][0], g.hexes[i][1], s] for i, s in sorted(state.control.items())],
        "tracks": [[k, v] for k, v in sorted(state.tracks.items())],
        "air_points": 0,
        "air_points_by_side": dict(sorted(state.air_points.items())),
        "options_taken": [o[0] for o in state.options_taken],
        "terminal": state.is_terminal(),
        "engaged": [[s, bool(e)] for s, e in first.engaged],
        "orders": len(state.history),
        "history_tail": list(state.history[-log_tail:]),
        "log_tail": list(state.log[-log_tail:]),
        "state_hash": state.state_hash(),
    }


def public_view(state: "State") -> dict[str, Any]:
    """What every side observes (the projector): the intersection of the sides' observations."""
    obs = [state.observation(s) for s in state.game.side_ids]
    first = obs[0]
    seen = set.intersection(*({u.id for u in o.units} for o in obs))
    ctl = set.intersection(*({(h, s) for h, s in o.control} for o in obs))
    trk = set.intersection(*(set(o.tracks) for o in obs))
    opts = set.intersection(*(set(o.options_taken) for o in obs))
    return {
        "side": PUBLIC, "turn": first.turn, "phase": first.phase, "to_act": first.to_act,
        "units": [_unit(u) for u in first.units if u.id in seen],
        "control": [[h[0], h[1], s] for h, s in first.control if (h, s) in ctl],
        "tracks": [[k, v] for k, v in first.tracks if (k, v) in trk],
        "air_points": 0,
        "options_taken": [o for o in first.options_taken if o in opts],
        "terminal": first.terminal,
        "engaged": [[s, bool(e)] for s, e in first.engaged],
    }

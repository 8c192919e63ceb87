"""Rules of engagement: when a side may use force across borders (``engagement:`` in a scenario).

A side with conditions (on tracks, all must hold) is *restrained* until they
hold: its units may not enter hexes of a hostile country, attack, fly air
missions over hostile countries or enemy-held hexes, or make missile strikes.
A side's hostile countries are the home countries and nations of the other
sides, minus its own (so in the shipped scenarios BLR and RUS are Red's and
POL, LTU, LVA, EST Blue's; neutral Ukraine is nobody's and stays open). A side
without an entry is never restrained. The static part (conditions, hostile
countries, gated movement edges) is cached on the Game; the check itself is
a few track comparisons, cheaper than any cache of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.scenario.model import Condition
from engine.rules.intel import seen_enemy_positions
from engine.rules.victory import holds

if TYPE_CHECKING:
    from engine.game.game import Game
    from engine.core.state import State

OPEN: frozenset[str] = frozenset()


def _spec(g: "Game") -> dict[str, tuple[tuple[Condition, ...], frozenset[str]]]:
    """side -> (conditions, hostile countries) for the restrained sides (cached on the Game)."""
    spec = g.__dict__.get("_engagement")
    if spec is None:
        sc = g.scenario
        own = {s.id: set(s.home_countries) | set(s.nations) for s in sc.sides}
        spec = {}
        for sid in g.side_ids:
            conds = tuple(getattr(sc, "engagement", {}).get(sid, ()))
            if not conds:
                continue
            hostile: set[str] = set()
            for other in g.side_ids:
                if other != sid:
                    hostile |= own[other]
            spec[sid] = (conds, frozenset(hostile - own[sid]))
        g.__dict__["_engagement"] = spec
    return spec


def hostile_countries(g: "Game", side: str) -> frozenset[str]:
    """ISO3 codes ``side`` may not enter while restrained (empty if it has no engagement entry)."""
    hit = _spec(g).get(side)
    return hit[1] if hit is not None else OPEN


def may_engage(state: "State", side: str) -> bool:
    """True once every engagement condition of ``side`` holds (always, without an entry)."""
    hit = _spec(state.game).get(side)
    if hit is None:
        return True
    tracks = state.tracks
    for c in hit[0]:
        v = tracks.get(c.track)
        if v is None or not holds(v, c):
            return False
    return True


def closed_countries(state: "State", side: str) -> frozenset[str]:
    """Countries ``side`` may not enter now (empty once it may engage)."""
    hit = _spec(state.game).get(side)
    if hit is None or may_engage(state, side):
        return OPEN
    return hit[1]


def engaged(state: "State") -> tuple[tuple[str, bool], ...]:
    """(side, may engage) for every side, in side order (for observations and the UI)."""
    return tuple((s, may_engage(state, s)) for s in state.game.side_ids)


def _need(state: "State", side: str) -> str:
    """'rules of engagement need tension >= 95 (it is 55)' for the conditions that fail."""
    hit = _spec(state.game).get(side)
    parts = []
    for c in hit[0] if hit is not None else ():
        v = state.tracks.get(c.track)
        if v is None or not holds(v, c):
            parts.append(f"{c.track} {c.op} {c.value} (it is {v})")
    return "rules of engagement need " + " and ".join(parts)


def _who(side: str) -> str:
    return side[:1].upper() + side[1:]


def why_no_entry(state: "State", side: str, pos: int) -> str | None:
    """Why ``side`` may not enter hex ``pos`` now, or None."""
    c = state.game.country[pos]
    if c and c in closed_countries(state, side):
        return f"{_who(side)} may not cross into {c} yet: {_need(state, side)}"
    return None


def why_no_force(state: "State", side: str, what: str) -> str | None:
    """Why ``side`` may not ``what`` (attack, fire missiles ...) now, or None."""
    if may_engage(state, side):
        return None
    return f"{_who(side)} may not {what} yet: {_need(state, side)}"


def why_no_mission(state: "State", side: str, pos: int) -> str | None:
    """Why ``side`` may not fly over hex ``pos`` now (hostile country or enemy units it sees), or None.

    Only enemy units ``side`` sees count: refusing a hex where a hidden one stands would reveal it.
    A mission flown there anyway holds fire (:func:`holds_fire`), so no restrained side attacks."""
    closed = closed_countries(state, side)
    if not closed:
        return None
    c = state.game.country[pos]
    if c in closed:
        return f"{_who(side)} may not fly missions over {c} yet: {_need(state, side)}"
    if pos in seen_enemy_positions(state, side):
        return f"{_who(side)} may not fly missions against enemy units yet: {_need(state, side)}"
    return None


def holds_fire(state: "State", side: str, pos: int) -> bool:
    """True if a mission of ``side`` over ``pos`` must turn back without effect: the side is restrained
    and enemy units (seen or not: the aircrew find them there) stand in the hex."""
    return bool(closed_countries(state, side)) and state.enemy_at(pos, side)


def gated_edges(g: "Game", mc: str, closed: frozenset[str]):
    """Movement edges of class ``mc`` without those into ``closed`` countries (cached on the Game)."""
    cache = g.__dict__.setdefault("_gated_edges", {})
    key = (mc, closed)
    hit = cache.get(key)
    if hit is None:
        # only the rows of hexes next to a closed country change; the others are shared with g.edges
        country, nbrs = g.country, g.nbrs
        shut = [i for i, c in enumerate(country) if c in closed]
        rows = list(g.edges[mc])
        for i in sorted({j for k in shut for j in nbrs[k]}.union(shut)):
            rows[i] = tuple(e for e in rows[i] if country[e[0]] not in closed)
        hit = cache[key] = tuple(rows)
    return hit


# --- per nation (``nations:`` in a scenario) ------------------------------------------------

def nation_rule_binds(state: "State", r) -> bool:
    """A nation rule binds until its turn comes, its condition holds or its event has fired
    (any of those it gives); one with none of them binds for the whole game."""
    if r.until_turn and state.turn >= r.until_turn:
        return False
    if r.until is not None:
        v = state.tracks.get(r.until.track)
        if v is not None and holds(v, r.until):
            return False
    if r.until_event and state.events_fired.get(r.until_event, 0):
        return False
    return True


def _binding(state: "State", nation: str) -> list:
    return [r for r in state.game.scenario.nation_rules if r.nation == nation and nation_rule_binds(state, r)]


def closed_for(state: "State", side: str, nation: str) -> frozenset[str]:
    """Countries a unit of ``side`` and ``nation`` may not enter now: its side's and its nation's rules."""
    closed = closed_countries(state, side)
    if not state.game.scenario.nation_rules:
        return closed
    extra = frozenset(c for r in _binding(state, nation) for c in r.may_not_enter)
    return closed | extra if extra else closed


def why_nation_no_entry(state: "State", nation: str, pos: int) -> str | None:
    c = state.game.country[pos]
    for r in _binding(state, nation) if state.game.scenario.nation_rules else ():
        if c in r.may_not_enter:
            return f"{nation} units may not enter {c} yet ({_release(r)})"
    return None


def why_no_fire_on(state: "State", nation: str, targets: "list[str] | tuple[str, ...]") -> str | None:
    """Why units of ``nation`` may not fire on units of the nations ``targets``, or None."""
    if not state.game.scenario.nation_rules:
        return None
    for r in _binding(state, nation):
        hit = sorted(set(targets) & set(r.may_not_fire_on))
        if hit:
            return f"{nation} units may not fire on {', '.join(hit)} units yet ({_release(r)})"
    return None


def _release(r) -> str:
    parts = []
    if r.until_turn:
        parts.append(f"turn {r.until_turn}")
    if r.until is not None:
        parts.append(f"{r.until.track} {r.until.op} {r.until.value}")
    if r.until_event:
        parts.append(f"event {r.until_event}")
    return "released by " + " or ".join(parts) if parts else "for the whole game"

"""A refusal told with only what a side sees, for screens shared with that side (the table, a net seat).

The rules word a refusal with the whole State: 'lv_mech belongs to blue' (where an unknown id reads 'there
is no unit') tells that a hidden unit exists, and 'attack Q,R with ...' answering 'holds no enemy unit' for
every empty hex maps the enemy. So a unit the side does not know of is refused in the words of an id it has
never heard of, and an attack on a hex where it sees no enemy gets one answer whatever is there. Decision
cards likewise: 'option nato_vjtf belongs to blue' told red the card exists, so another side's card is
refused as a card that does not exist (the observation already keeps each side's taken cards to itself).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engine.core.actions import Attack, ChooseOption
from engine.errors import did_you_mean

if TYPE_CHECKING:
    from engine.core.state import State


def known_ids(state: "State", side: str) -> set[str]:
    """The unit ids ``side`` may know of now: its own units, on and off the map, and the enemy units it sees."""
    obs = state.observation(side)
    return {u.id for u in obs.units} | {o[0] for o in obs.offmap}


def own_options(state: "State", side: str) -> list[str]:
    """The ids of ``side``'s decision cards: the ones it may play."""
    return [o.id for o in state.game.scenario.options if o.side == side]


def known_options(state: "State", side: str) -> set[str]:
    """The decision cards ``side`` may know of: its own and those its own cards name (a card that needs or
    excludes another side's card says so on its face); every side's without fog of war."""
    sc = state.game.scenario
    if not sc.fog_of_war:
        return {o.id for o in sc.options}
    mine = [o for o in sc.options if o.side == side]
    return {o.id for o in mine} | {r for o in mine for r in (*o.requires_options, *o.excludes_options)}


def seen_refusal(state: "State", side: str, order: Any, why: str | None, known: set[str] | None = None,
                 hints: bool = False) -> str | None:
    """``why`` (the rules' refusal of ``order``, None if legal) as ``side`` may be told it.

    A unit the order names that ``side`` does not know of is refused whatever the rules say (``hints``:
    with a did-you-mean among the ids it knows). ``known``: :func:`known_ids`, if the caller has it.
    """
    if isinstance(order, ChooseOption) and order.option not in known_options(state, side):
        # as the rules word an id that does not exist, with hints among the side's own cards only
        return f"there is no option {order.option!r}{did_you_mean(order.option, own_options(state, side))}"
    known = known_ids(state, side) if known is None else known
    unit = getattr(order, "unit", None)
    for uid in ([unit] if isinstance(unit, str) else []) + list(getattr(order, "attackers", ()) or ()):
        if uid not in known:
            return f"{side} sees no unit {uid!r}" + (did_you_mean(uid, sorted(known)) if hints else "")
    if why is not None and isinstance(order, Attack) and order.target not in {
            tuple(u.hex) for u in state.observation(side).units if u.side != side}:
        return f"{side} sees no enemy unit at {state.game.label(order.target)}"
    return why

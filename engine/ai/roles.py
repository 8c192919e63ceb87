"""What a unit is for, read from its type's data: the war layer places units by role, not by type id.

A unit type may say ``role:`` in scenarios/rules/units.yaml (spec: ROLES); without it the
role follows from the type's numbers, so a new type gets a sensible role without code:

- ``air_defence``: it has an air-defence radius (covers own manoeuvre and bases, kept out of contact);
- ``missile``: it strikes (``strike`` > 0) but has no attack (stays out of contact within range of targets);
- ``fires``: attack and a fire range (artillery, MLRS: behind the front, within range of it);
- ``support``: no attack at all (electronic warfare, engineers: with the force, out of contact);
- ``manoeuvre``: everything else (tanks, infantry: they take and hold ground).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.scenario.model import UnitType

MANOEUVRE, FIRES, MISSILE, AIR_DEFENCE, SUPPORT = "manoeuvre", "fires", "missile", "air_defence", "support"
#: Roles that must not be driven into contact (a hex next to a visible enemy).
STAND_OFF = frozenset({FIRES, MISSILE, AIR_DEFENCE, SUPPORT})


def role_of(t: "UnitType") -> str:
    """The type's role: its ``role`` field, else derived from its numbers (see the module docstring)."""
    if t.role:
        return t.role
    if t.air_defence_radius > 0 and t.air_defence > 0:
        return AIR_DEFENCE
    if t.strike > 0 and t.attack == 0:
        return MISSILE
    if t.attack > 0 and (t.fire_range or t.range) > 0:
        return FIRES
    if t.attack == 0:
        return SUPPORT
    return MANOEUVRE


def fire_reach(t: "UnitType") -> int:
    """Hexes a fire unit supports combat and bombards at (its fire_range, else its range)."""
    return t.fire_range or t.range

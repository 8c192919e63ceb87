"""Orders: small frozen values with a text form, used alike by UI, AI, tests and saves.

``move 6mech Hrodna->Lida``, ``rail 120mech Minsk->Brest``,
``attack Lida with 6mech,11mech``, ``option nato_patriot``, ``end``.
Hexes print as a place name when the hex has one, else ``q,r``; a
:class:`Namer` (the Game) does that conversion both ways. Without a namer,
hexes print and parse as ``q,r`` only.

New kinds register with :func:`register_action` (a keyword and a parser), so
the operations issue can add ``strike`` or ``air`` orders in the same style.
"""

from __future__ import annotations

import re
from typing import Callable, ClassVar, Protocol

import attrs

from .errors import IllegalActionError
from .hexgrid import Hex

_QR = re.compile(r"^\s*(-?\d+)\s*,\s*(-?\d+)\s*$")


class Namer(Protocol):
    """Hex <-> readable label (the Game implements it from the map's places)."""

    def label(self, h: Hex) -> str: ...

    def hex_of(self, text: str) -> Hex | None: ...


def hex_text(h: Hex, namer: Namer | None) -> str:
    return namer.label(h) if namer is not None else f"{h[0]},{h[1]}"


def parse_hex(text: str, namer: Namer | None, order: str) -> Hex:
    m = _QR.match(text)
    if m:
        return Hex(int(m.group(1)), int(m.group(2)))
    h = namer.hex_of(text) if namer is not None else None
    if h is None:
        raise IllegalActionError(f"{order!r}: {text.strip()!r} is neither a place on the map nor 'q,r'")
    return h


class Action:
    """Base of every order. Subclasses are frozen attrs classes with a ``KIND``."""

    KIND: ClassVar[str] = ""
    #: Rank in sorted legal-action lists (kinds group together).
    RANK: ClassVar[int] = 99

    def to_str(self, namer: Namer | None = None) -> str:
        raise NotImplementedError

    def sort_key(self) -> tuple:
        raise NotImplementedError

    def __str__(self) -> str:
        return self.to_str(None)

    def __lt__(self, other: "Action") -> bool:
        return (self.RANK, self.sort_key()) < (other.RANK, other.sort_key())

    @staticmethod
    def from_str(text: str, namer: Namer | None = None) -> "Action":
        """Parse an order; IllegalActionError (one line) if it cannot be read."""
        words = text.strip().split(None, 1)
        if not words:
            raise IllegalActionError("empty order")
        kind = words[0].lower()
        parser = _PARSERS.get(kind)
        if parser is None:
            known = ", ".join(sorted(_PARSERS))
            raise IllegalActionError(f"{text.strip()!r}: unknown order {kind!r} (known: {known})")
        return parser(words[1] if len(words) > 1 else "", namer, text.strip())


_PARSERS: dict[str, Callable[[str, "Namer | None", str], Action]] = {}


def register_action(kind: str, parser: Callable[[str, "Namer | None", str], Action]) -> None:
    """Make ``kind`` readable by :meth:`Action.from_str` (called once per kind at import)."""
    _PARSERS[kind] = parser


def _arrow(rest: str, namer: Namer | None, order: str) -> tuple[str, Hex, Hex]:
    parts = rest.split(None, 1)
    if len(parts) != 2 or "->" not in parts[1]:
        raise IllegalActionError(f"{order!r}: expected '<unit> <from>-><to>'")
    a, b = parts[1].split("->", 1)
    return parts[0], parse_hex(a, namer, order), parse_hex(b, namer, order)


@attrs.frozen(order=False)
class Move(Action):
    """Tactical move of one unit to a reachable hex (the engine takes the cheapest path)."""

    KIND: ClassVar[str] = "move"
    RANK: ClassVar[int] = 10
    unit: str
    src: Hex
    dst: Hex

    def to_str(self, namer: Namer | None = None) -> str:
        return f"move {self.unit} {hex_text(self.src, namer)}->{hex_text(self.dst, namer)}"

    def sort_key(self) -> tuple:
        return (self.unit, 0, self.dst)


@attrs.frozen(order=False)
class Rail(Action):
    """Strategic rail move of one unit along rail links (uses rail capacity)."""

    KIND: ClassVar[str] = "rail"
    RANK: ClassVar[int] = 10
    unit: str
    src: Hex
    dst: Hex

    def to_str(self, namer: Namer | None = None) -> str:
        return f"rail {self.unit} {hex_text(self.src, namer)}->{hex_text(self.dst, namer)}"

    def sort_key(self) -> tuple:
        return (self.unit, 1, self.dst)


@attrs.frozen(order=False)
class Attack(Action):
    """Attack the enemy stack in ``target`` with adjacent units (sorted ids)."""

    KIND: ClassVar[str] = "attack"
    RANK: ClassVar[int] = 20
    target: Hex
    attackers: tuple[str, ...] = attrs.field(converter=lambda xs: tuple(sorted(xs)))

    def to_str(self, namer: Namer | None = None) -> str:
        return f"attack {hex_text(self.target, namer)} with {','.join(self.attackers)}"

    def sort_key(self) -> tuple:
        return (self.target, len(self.attackers), self.attackers)


@attrs.frozen(order=False)
class ChooseOption(Action):
    """Take a decision option in the decisions phase."""

    KIND: ClassVar[str] = "option"
    RANK: ClassVar[int] = 5
    option: str

    def to_str(self, namer: Namer | None = None) -> str:
        return f"option {self.option}"

    def sort_key(self) -> tuple:
        return (self.option,)


@attrs.frozen(order=False)
class End(Action):
    """Ends the acting side's part of the current phase."""

    KIND: ClassVar[str] = "end"
    RANK: ClassVar[int] = 1000

    def to_str(self, namer: Namer | None = None) -> str:
        return "end"

    def sort_key(self) -> tuple:
        return ()


END = End()


def _parse_move(rest: str, namer: Namer | None, order: str) -> Action:
    u, a, b = _arrow(rest, namer, order)
    return Move(u, a, b)


def _parse_rail(rest: str, namer: Namer | None, order: str) -> Action:
    u, a, b = _arrow(rest, namer, order)
    return Rail(u, a, b)


def _parse_attack(rest: str, namer: Namer | None, order: str) -> Action:
    if " with " not in f" {rest} ":
        raise IllegalActionError(f"{order!r}: expected 'attack <hex> with <unit>,<unit>'")
    target, units = rest.rsplit(" with ", 1) if " with " in rest else ("", rest)
    ids = [u.strip() for u in units.split(",") if u.strip()]
    if not target.strip() or not ids:
        raise IllegalActionError(f"{order!r}: expected 'attack <hex> with <unit>,<unit>'")
    if len(set(ids)) != len(ids):
        raise IllegalActionError(f"{order!r}: a unit is listed twice")
    return Attack(parse_hex(target, namer, order), tuple(ids))


def _parse_option(rest: str, namer: Namer | None, order: str) -> Action:
    if not rest.strip() or len(rest.split()) != 1:
        raise IllegalActionError(f"{order!r}: expected 'option <option id>'")
    return ChooseOption(rest.strip())


def _parse_end(rest: str, namer: Namer | None, order: str) -> Action:
    if rest.strip():
        raise IllegalActionError(f"{order!r}: 'end' takes no arguments")
    return END


register_action("move", _parse_move)
register_action("rail", _parse_rail)
register_action("attack", _parse_attack)
register_action("option", _parse_option)
register_action("end", _parse_end)

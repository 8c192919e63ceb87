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

import numbers
import re
from typing import Any, Callable, ClassVar, Protocol

import attrs

from engine.errors import IllegalActionError
from engine.geo.hexgrid import Hex

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


#: Longest order text read: one line. The longest real order (a facilitator's `add` with a reason) is a
#: few hundred characters; a longer text is corrupt or hostile (a forged save's 1 MB order was echoed
#: whole into the error, and 5,000 digits in a hex overflowed Python's int parsing into a traceback).
MAX_ORDER_CHARS = 2000

_SURROGATE = re.compile("[\ud800-\udfff]")  # a lone surrogate in a reason made every save fail to write


def _int_field(x: Any) -> int:
    """An int field of an order. A float, bool or text prints as text no parser reads (``air support H 1.5``), and
    ``Hex(3.0, 4)`` (== ``Hex(3, 4)``) printed ``3.0,4`` and poisoned the Game's label cache: refused."""
    if x.__class__ is not int and (isinstance(x, bool) or not isinstance(x, numbers.Integral)):
        raise IllegalActionError(f"{repr(x)[:60]} is not an integer (in an order)")
    return int(x)


def _hex_field(h: Any) -> Hex:
    if h.__class__ is Hex and h[0].__class__ is int and h[1].__class__ is int:
        return h
    if not isinstance(h, (tuple, list)) or len(h) != 2:
        raise IllegalActionError(f"{repr(h)[:60]} is not a hex (two integers q,r)")
    return Hex(_int_field(h[0]), _int_field(h[1]))


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
        if len(text) > MAX_ORDER_CHARS:
            raise IllegalActionError(f"{text[:60]!r}...: an order is one line of at most {MAX_ORDER_CHARS} "
                                     f"characters (got {len(text)})")
        if _SURROGATE.search(text):
            raise IllegalActionError(f"{text[:60]!r}: an order is UTF-8 text (it holds a lone surrogate)")
        words = text.strip().split(None, 1)
        if not words:
            raise IllegalActionError("empty order")
        kind = words[0].lower()
        parser = _PARSERS.get(kind)
        if parser is None:
            known = ", ".join(sorted(_PARSERS))
            raise IllegalActionError(f"{text.strip()!r}: unknown order {kind!r} (known: {known})")
        try:
            return parser(words[1] if len(words) > 1 else "", namer, text.strip())
        except (ValueError, OverflowError) as e:  # a number no parser guarded (its message is one line)
            raise IllegalActionError(f"{text.strip()[:200]!r}: cannot be read ({e})") from None


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
    src: Hex = attrs.field(converter=_hex_field)
    dst: Hex = attrs.field(converter=_hex_field)

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
    src: Hex = attrs.field(converter=_hex_field)
    dst: Hex = attrs.field(converter=_hex_field)

    def to_str(self, namer: Namer | None = None) -> str:
        return f"rail {self.unit} {hex_text(self.src, namer)}->{hex_text(self.dst, namer)}"

    def sort_key(self) -> tuple:
        return (self.unit, 1, self.dst)


@attrs.frozen(order=False)
class Attack(Action):
    """Attack the enemy stack in ``target`` with adjacent units (sorted ids)."""

    KIND: ClassVar[str] = "attack"
    RANK: ClassVar[int] = 20
    target: Hex = attrs.field(converter=_hex_field)
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


register_action("move", lambda rest, namer, order: Move(*_arrow(rest, namer, order)))
register_action("rail", lambda rest, namer, order: Rail(*_arrow(rest, namer, order)))
register_action("attack", _parse_attack)
register_action("option", _parse_option)
register_action("end", _parse_end)


# --- operations: readiness (engine/rules/readiness.py) ------------------------------------

@attrs.frozen(order=False)
class Ready(Action):
    """Raise a unit's readiness (garrison -> alerted -> deployed), in the decisions phase."""

    KIND: ClassVar[str] = "ready"
    RANK: ClassVar[int] = 6
    unit: str

    def to_str(self, namer: Namer | None = None) -> str:
        return f"ready {self.unit}"

    def sort_key(self) -> tuple:
        return (self.unit,)


def _parse_ready(rest: str, namer: Namer | None, order: str) -> Action:
    if not rest.strip() or len(rest.split()) != 1:
        raise IllegalActionError(f"{order!r}: expected 'ready <unit>'")
    return Ready(rest.strip())


register_action("ready", _parse_ready)


# --- off-map boxes (engine/rules/offmap.py) ----------------------------------------------

_BOX_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@attrs.frozen(order=False)
class ToBox(Action):
    """Send a unit standing on one of a box's entry hexes off the map into the box: ``tobox 4gtd Smolensk->wmd``."""

    KIND: ClassVar[str] = "tobox"
    RANK: ClassVar[int] = 11
    unit: str
    src: Hex = attrs.field(converter=_hex_field)
    box: str

    def to_str(self, namer: Namer | None = None) -> str:
        return f"tobox {self.unit} {hex_text(self.src, namer)}->{self.box}"

    def sort_key(self) -> tuple:
        return (self.unit, self.box)


@attrs.frozen(order=False)
class FromBox(Action):
    """Bring a unit in a box onto the map at one of its entry hexes: ``frombox us_abct germany->Łódź``."""

    KIND: ClassVar[str] = "frombox"
    RANK: ClassVar[int] = 11
    unit: str
    box: str
    dst: Hex = attrs.field(converter=_hex_field)

    def to_str(self, namer: Namer | None = None) -> str:
        return f"frombox {self.unit} {self.box}->{hex_text(self.dst, namer)}"

    def sort_key(self) -> tuple:
        return (self.unit, self.box, self.dst)


def _unit_and_arrow(rest: str, order: str, shape: str) -> tuple[str, str, str]:
    parts = rest.split(None, 1)
    if len(parts) != 2 or "->" not in parts[1]:
        raise IllegalActionError(f"{order!r}: expected '{shape}'")
    a, b = parts[1].split("->", 1)
    return parts[0], a.strip(), b.strip()


def _parse_tobox(rest: str, namer: Namer | None, order: str) -> Action:
    unit, src, box = _unit_and_arrow(rest, order, "tobox <unit> <hex>-><box>")
    if not _BOX_ID.match(box):
        raise IllegalActionError(f"{order!r}: {box!r} is not a box id")
    return ToBox(unit, parse_hex(src, namer, order), box)


def _parse_frombox(rest: str, namer: Namer | None, order: str) -> Action:
    unit, box, dst = _unit_and_arrow(rest, order, "frombox <unit> <box>-><hex>")
    if not _BOX_ID.match(box):
        raise IllegalActionError(f"{order!r}: {box!r} is not a box id")
    return FromBox(unit, box, parse_hex(dst, namer, order))


register_action("tobox", _parse_tobox)
register_action("frombox", _parse_frombox)


# --- operations: air missions, missile strikes (engine/rules/air.py, strike.py) ---------

#: Air mission names in the rules -> the word used in order text.
AIR_WORDS = {"support": "support", "interdiction": "interdict", "strike": "strike"}
_AIR_MISSIONS = {"support": "support", "interdict": "interdiction", "interdiction": "interdiction",
                 "strike": "strike"}


@attrs.frozen(order=False)
class AirMission(Action):
    """Allocate ``points`` air points of the acting side to a mission over ``target``."""

    KIND: ClassVar[str] = "air"
    RANK: ClassVar[int] = 15
    mission: str  # support | interdiction | strike (rules.air.missions)
    target: Hex = attrs.field(converter=_hex_field)
    points: int = attrs.field(converter=_int_field)

    def to_str(self, namer: Namer | None = None) -> str:
        return f"air {AIR_WORDS.get(self.mission, self.mission)} {hex_text(self.target, namer)} {self.points}"

    def sort_key(self) -> tuple:
        return (self.mission, self.target, self.points)


@attrs.frozen(order=False)
class Strike(Action):
    """A missile strike by ``unit`` on a hex (its units), a base, or a rail link a->b."""

    KIND: ClassVar[str] = "strike"
    RANK: ClassVar[int] = 18
    unit: str
    kind: str  # "hex" | "base" | "rail"
    a: Hex = attrs.field(default=Hex(0, 0), converter=_hex_field)
    b: Hex = attrs.field(default=Hex(0, 0), converter=_hex_field)
    base: str = ""

    def to_str(self, namer: Namer | None = None) -> str:
        if self.kind == "base":
            tgt = f"base:{self.base}"
        elif self.kind == "rail":
            tgt = f"rail:{hex_text(self.a, namer)}->{hex_text(self.b, namer)}"
        else:
            tgt = hex_text(self.a, namer)
        return f"strike {self.unit} {tgt}"

    def sort_key(self) -> tuple:
        return (self.unit, self.kind, self.base, self.a, self.b)


def _parse_air(rest: str, namer: Namer | None, order: str) -> Action:
    words = rest.split()
    usage = f"{order!r}: expected 'air <support|interdict|strike> <hex> <points>'"
    if len(words) < 3:
        raise IllegalActionError(usage)
    mission = _AIR_MISSIONS.get(words[0].lower())
    if mission is None:
        raise IllegalActionError(f"{order!r}: unknown air mission {words[0]!r} (known: support, interdict, strike)")
    try:
        points = int(words[-1])
    except ValueError:
        raise IllegalActionError(f"{usage} ({words[-1]!r} is not a number of points)") from None
    target = rest.split(None, 1)[1].rsplit(None, 1)[0]
    return AirMission(mission, parse_hex(target, namer, order), points)


def _parse_strike(rest: str, namer: Namer | None, order: str) -> Action:
    parts = rest.split(None, 1)
    if len(parts) != 2:
        raise IllegalActionError(f"{order!r}: expected 'strike <unit> <hex | base:ID | rail:HEX->HEX>'")
    unit, tgt = parts[0], parts[1].strip()
    low = tgt.lower()
    if low.startswith("base:"):
        bid = tgt[5:].strip()
        if not bid:
            raise IllegalActionError(f"{order!r}: expected 'base:<base id>'")
        return Strike(unit, "base", base=bid)
    if low.startswith("rail:"):
        link = tgt[5:]
        if "->" not in link:
            raise IllegalActionError(f"{order!r}: expected 'rail:<hex>-><hex>' (two neighbouring rail hexes)")
        x, y = link.split("->", 1)
        return Strike(unit, "rail", parse_hex(x, namer, order), parse_hex(y, namer, order))
    return Strike(unit, "hex", parse_hex(tgt, namer, order))


@attrs.frozen(order=False)
class Bombard(Action):
    """Fire at the enemy units in a hex within range, without closing (artillery, rocket artillery)."""

    KIND: ClassVar[str] = "bombard"
    RANK: ClassVar[int] = 19
    unit: str
    target: Hex = attrs.field(converter=_hex_field)

    def to_str(self, namer: Namer | None = None) -> str:
        return f"bombard {self.unit} {hex_text(self.target, namer)}"

    def sort_key(self) -> tuple:
        return (self.unit, self.target)


def _parse_bombard(rest: str, namer: Namer | None, order: str) -> Action:
    parts = rest.split(None, 1)
    if len(parts) != 2:
        raise IllegalActionError(f"{order!r}: expected 'bombard <unit> <hex>'")
    return Bombard(parts[0], parse_hex(parts[1].strip(), namer, order))


register_action("air", _parse_air)
register_action("strike", _parse_strike)
register_action("bombard", _parse_bombard)


# --- facilitator overrides (engine/facilitator.py) ----------------------------------------

class Facilitator(Action):
    """A facilitator's override: applies at any time, never offered to policies, always has a reason."""

    KIND: ClassVar[str] = "facilitator"
    RANK: ClassVar[int] = 0
    reason: str

    def command(self, namer: Namer | None) -> str:
        raise NotImplementedError

    def to_str(self, namer: Namer | None = None) -> str:
        return f"facilitator {self.command(namer)} -- {self.reason}"

    def sort_key(self) -> tuple:
        return (self.command(None), self.reason)


@attrs.frozen(order=False)
class FacEvent(Facilitator):
    """Fire a scenario event's effects now."""

    event: str
    reason: str

    def command(self, namer: Namer | None) -> str:
        return f"event {self.event}"


@attrs.frozen(order=False)
class FacTrack(Facilitator):
    """Set a track (clamped to its range)."""

    track: str
    value: int = attrs.field(converter=_int_field)
    reason: str

    def command(self, namer: Namer | None) -> str:
        return f"track {self.track} {self.value}"


@attrs.frozen(order=False)
class FacPlace(Facilitator):
    """Move a unit to any land hex (no movement rules)."""

    unit: str
    hex: Hex = attrs.field(converter=_hex_field)
    reason: str

    def command(self, namer: Namer | None) -> str:
        return f"place {self.unit} {hex_text(self.hex, namer)}"


@attrs.frozen(order=False)
class FacAdd(Facilitator):
    """Add a new unit of a type for a side."""

    type: str
    side: str
    hex: Hex = attrs.field(converter=_hex_field)
    unit: str
    reason: str

    def command(self, namer: Namer | None) -> str:
        return f"add {self.type} {self.side} {hex_text(self.hex, namer)} {self.unit}"


@attrs.frozen(order=False)
class FacRemove(Facilitator):
    """Take a unit off the map (not counted as destroyed)."""

    unit: str
    reason: str

    def command(self, namer: Namer | None) -> str:
        return f"remove {self.unit}"


@attrs.frozen(order=False)
class FacStop(Facilitator):
    """End the game now (the seminar's time is up), scored as at its last turn."""

    reason: str

    def command(self, namer: Namer | None) -> str:
        return "stop"


FACILITATOR_USAGE = ("event ID", "track ID VALUE", "place UNIT HEX", "add TYPE SIDE HEX ID", "remove UNIT", "stop")


def _parse_facilitator(rest: str, namer: Namer | None, order: str) -> Action:
    if " -- " not in f" {rest} " and not rest.rstrip().endswith("--"):
        raise IllegalActionError(f"{order!r}: a facilitator order needs a reason: 'facilitator <command> -- <reason>'")
    cmd, _, reason = f" {rest} ".partition(" -- ")
    cmd, reason = cmd.strip(), " ".join(reason.split())
    if not reason:
        raise IllegalActionError(f"{order!r}: the reason after '--' is empty")
    words = cmd.split()
    usage = f"{order!r}: expected 'facilitator <{' | '.join(FACILITATOR_USAGE)}> -- <reason>'"
    if not words:
        raise IllegalActionError(usage)
    verb = words[0].lower()
    if verb == "event" and len(words) == 2:
        return FacEvent(words[1], reason)
    if verb == "track" and len(words) == 3:
        try:
            return FacTrack(words[1], int(words[2]), reason)
        except ValueError:
            raise IllegalActionError(f"{order!r}: track value {words[2]!r} is not an integer") from None
    if verb == "place" and len(words) >= 3:
        return FacPlace(words[1], parse_hex(cmd.split(None, 2)[2], namer, order), reason)
    if verb == "add" and len(words) >= 5:
        if not _BOX_ID.match(words[-1]):  # the schema's id pattern: an id 'x,y' printed 'attack H with x,y'
            raise IllegalActionError(f"{order!r}: {words[-1]!r} is not a unit id (letters, digits, _ . -)")
        where = cmd.split(None, 3)[3].rsplit(None, 1)[0]
        return FacAdd(words[1], words[2], parse_hex(where, namer, order), words[-1], reason)
    if verb == "remove" and len(words) == 2:
        return FacRemove(words[1], reason)
    if verb == "stop" and len(words) == 1:
        return FacStop(reason)
    raise IllegalActionError(usage)


register_action("facilitator", _parse_facilitator)

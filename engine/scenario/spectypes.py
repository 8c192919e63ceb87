"""The value types the scenario format is declared with (:mod:`engine.scenario.spec`).

Each type knows what it accepts and how to say it; :mod:`engine.scenario.check` applies them
to YAML and :mod:`engine.scenario.schema` turns them into JSON Schema.
"""

from __future__ import annotations

import re
from typing import Any

import attrs


REQUIRED: Any = attrs.make_class("Required", [])()  # marker: the key must be given


# --- types ---------------------------------------------------------------------

@attrs.frozen
class Str:
    choices: tuple[str, ...] = ()
    pattern: str = ""  # a regular expression the whole text must match
    what: str = "text"  # how the expected value is described in messages


@attrs.frozen
class Int:
    min: int | None = None
    max: int | None = None


@attrs.frozen
class Num:
    min: float | None = None
    max: float | None = None


@attrs.frozen
class Bool:
    pass


@attrs.frozen
class Date:
    """An ISO date, ``2020-10-01``."""


@attrs.frozen
class Duration:
    """A length of time: ``24h``, ``12h``, ``7d``, ``1w`` (or a number of hours)."""


@attrs.frozen
class Location:
    """A place name on the map, ``{lat: .., lon: ..}`` or ``{hex: "q,r"}``."""


@attrs.frozen
class Cell:
    """A combat-result code such as ``A1``, ``D1R1``, ``A1D1`` or ``-``."""


@attrs.frozen
class ListOf:
    item: Any
    min_items: int = 0


@attrs.frozen
class MapOf:
    """A mapping with free keys (ids), all values of one type."""

    value: Any
    keys: tuple[str, ...] = ()  # when set, keys must be among these


@attrs.frozen
class AnyOf:
    """One of several types (the first that fits is used)."""

    options: tuple[Any, ...]


@attrs.frozen
class Opt:
    """A value that may also be ``null`` (e.g. a terrain cost: null = may not enter)."""

    inner: Any


@attrs.frozen
class Partial:
    """A record in which every key is optional (overrides of included rules)."""

    rec: Any


@attrs.frozen
class F:
    """A key of a record: its type, default (REQUIRED if it must be given) and meaning."""

    name: str
    type: Any
    default: Any = REQUIRED
    doc: str = ""

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


@attrs.frozen
class Rec:
    """A mapping with fixed keys. ``one_of``: exactly one of these keys must be given."""

    name: str
    fields: tuple[F, ...]
    doc: str = ""
    one_of: tuple[str, ...] = ()
    #: A scalar written instead of the mapping fills this field (``trigger: {turn: 3}`` vs ``3``).
    shorthand: str = ""

    def field(self, name: str) -> F | None:
        for f in self.fields:
            if f.name == name:
                return f
        return None

    def names(self) -> list[str]:
        return [f.name for f in self.fields]


ID = Str(pattern=r"[A-Za-z0-9][A-Za-z0-9_.-]*", what="an id (letters, digits, _ . -)")
#: A number written where an id is expected (``id: 2020``) is read as its text when it is 0 or more and below
#: this: its text is then digits with at most one '.' (or a small number's 'e-'), never '1e+308' or '-0.0'.
#: The JSON Schema says the same (engine/scenario/schema.py), so both take the same numbers.
NUMBER_ID_BELOW = 10 ** 16


def takes_numbers(t: Str) -> bool:
    """True when a number may stand for a text of pattern ``t`` (ids: ``2020``, ``1.5``)."""
    return bool(t.pattern) and bool(re.fullmatch(t.pattern, "2020")) and bool(re.fullmatch(t.pattern, "1.5"))


ISO3 = Str(pattern=r"[A-Z]{3}", what="a three-letter country code such as 'BLR'")
COND = Str(pattern=r"\s*[A-Za-z0-9_.-]+\s*(>=|<=|==|>|<)\s*(-?\d+|[A-Za-z_][A-Za-z0-9_.-]*)\s*",
           what="a condition such as 'tension >= 60' or 'tension >= crisis'")
COLOUR = Str(pattern=r"#[0-9a-fA-F]{6}", what="a colour '#rrggbb'")

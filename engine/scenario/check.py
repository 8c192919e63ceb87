"""Check marked YAML values against the declarations of :mod:`engine.scenario.spec`.

Shape only (keys, types, ranges, choices); every problem is collected with its
position and key path, and checking goes on so one load reports them all.
Checked records come back as :class:`R`, lists as :class:`L`, free mappings as
:class:`D`: plain values plus the positions the meaning checks need.
"""

from __future__ import annotations

import copy
import datetime as _dt
import re
from typing import Any, Iterator

from engine.scenario import spec as S
from engine.errors import Problem, did_you_mean
from engine.scenario.model import CombatResult
from engine.scenario.yamlsafe import MDict, MList, Pos, RoundedFloat

#: Longest id (unit, side, option, scenario ...): ids appear in orders, logs and file names.
MAX_ID_LEN = 64
#: Words YAML 1.1 read as booleans; YAML 1.2 (and this loader) read them as text.
_YAML11_BOOLS = {"yes": "true", "no": "false", "on": "true", "off": "false", "y": "true", "n": "false"}

INVALID: Any = type("Invalid", (), {"__repr__": lambda self: "INVALID", "__bool__": lambda self: False})()


class L(list):
    """A checked list: items plus their positions and paths."""

    def __init__(self, items: list, pos: Pos, item_pos: list[Pos], path: str):
        super().__init__(items)
        self.pos, self.item_pos, self.path = pos, item_pos, path

    def at(self, i: int) -> Pos:
        return self.item_pos[i] if i < len(self.item_pos) else self.pos

    def sub(self, i: int) -> str:
        return f"{self.path}[{i}]"

    def valid(self) -> Iterator[tuple[int, Any]]:
        """(index, item) for the items that passed the shape check."""
        return ((i, v) for i, v in enumerate(self) if v is not INVALID)


class D(dict):
    """A checked free mapping: values plus their positions and paths."""

    def __init__(self, pos: Pos, path: str):
        super().__init__()
        self.pos, self.path = pos, path
        self.val_pos: dict[str, Pos] = {}
        self.key_pos: dict[str, Pos] = {}

    def at(self, key: str) -> Pos:
        return self.val_pos.get(key, self.pos)

    def sub(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key


class R:
    """A checked record: every declared key has a value (given or default) or INVALID."""

    def __init__(self, rec: S.Rec, pos: Pos, path: str):
        self.rec, self.pos, self.path = rec, pos, path
        self.values: dict[str, Any] = {}
        self.positions: dict[str, Pos] = {}
        self.given: set[str] = set()

    def __getitem__(self, name: str) -> Any:
        v = self.values.get(name, INVALID)
        return None if v is INVALID else v

    def ok(self, name: str) -> bool:
        return self.values.get(name, INVALID) is not INVALID

    def has(self, name: str) -> bool:
        return name in self.given and self.ok(name)

    def at(self, name: str) -> Pos:
        return self.positions.get(name, self.pos)

    def sub(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name


#: A quoted value, or a name in a key path, too long to show whole: a 5000-character 'mode' or lon printed
#: all of it, a problem line of 5 kB (values quoted by describe() were already cut at 60 characters).
_LONG_QUOTE = re.compile(r"'(?:[^'\\\n]|\\.){100,}'|\"(?:[^\"\\\n]|\\.){100,}\"")
_LONG_NAME = re.compile(r"[^.\[\]]{100,}")
_LONG_WORD = re.compile(r"[\w-]{100,}")  # a name in a list of valid ones ("expected one of: ...")


def _clip(m: "re.Match[str]") -> str:
    t = m.group(0)
    q = t[0] if t[0] in "'\"" else ""
    return f"{t[:61 if q else 60]}{q}... ({len(t) - 2 * len(q)} characters)"


def short_number(v: int | float) -> str:
    """A number as a message shows it: 1e308 read as a whole number is not printed as 309 digits."""
    text = str(v)
    if len(text) <= 20:
        return text
    return f"{float(v):.3g}" if abs(v) < 1e308 else f"{text[:6]}... ({len(text)} digits)"


def describe(v: Any) -> str:
    """How a wrong value is quoted in a message."""
    if v is None:
        return "nothing (null)"
    if isinstance(v, bool):
        return f"true/false ({str(v).lower()})"
    if isinstance(v, (int, float)):
        return f"the number {short_number(v)}"
    if isinstance(v, str):
        return f"the text {v[:60]!r}"
    if isinstance(v, dict):
        return "a mapping"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, (_dt.date, _dt.datetime)):
        return f"the date {v.isoformat()}"
    return type(v).__name__


def expected(t: Any) -> str:
    """What a type expects, in words."""
    if isinstance(t, str):
        t = S.NAMED[t]
    if isinstance(t, S.Str):
        if t.choices:
            return "one of: " + ", ".join(t.choices)
        return t.what
    if isinstance(t, (S.Int, S.Num)):
        kind = "an integer" if isinstance(t, S.Int) else "a number"
        if t.min is not None and t.max is not None:
            return f"{kind} from {t.min} to {t.max}"
        if t.min is not None:
            return f"{kind} ≥ {t.min}"
        if t.max is not None:
            return f"{kind} ≤ {t.max}"
        return kind
    if isinstance(t, S.Bool):
        return "true or false"
    if isinstance(t, S.Date):
        return "a date such as 2020-10-01"
    if isinstance(t, S.Duration):
        return "a duration such as 24h, 12h or 7d"
    if isinstance(t, S.Location):
        return "a place name, {lat: .., lon: ..} or {hex: 'q,r'}"
    if isinstance(t, S.Cell):
        return "a result code such as A1, D1R1, A1D1 or '-'"
    if isinstance(t, S.ListOf):
        return "a list"
    if isinstance(t, (S.MapOf, S.Rec, S.Partial)):
        return "a mapping"
    if isinstance(t, S.Opt):
        return expected(t.inner) + " or null"
    return "a value"


_DURATION = re.compile(r"\s*(\d+)\s*(h|d|w)\s*", re.IGNORECASE)
_CELL = re.compile(r"(AR|A|D|R)(\d)")
_HOURS = {"h": 1, "d": 24, "w": 168}
#: Longest turn: a year (366 days). The engine's time scales run from hours to weeks; a longer turn is a
#: slip (1000w), and with the longest game (1000 turns) the clock must still stay in the calendar.
MAX_TURN_HOURS = 366 * 24


def parse_cell(text: str) -> CombatResult | None:
    """'A1D1R2' -> CombatResult; '-' or 'NE' -> no effect; None if malformed."""
    code = text.strip().upper()
    if code in ("-", "NE"):
        return CombatResult(code="-")
    parts = _CELL.findall(code)
    if not parts or "".join(a + b for a, b in parts) != code:
        return None
    vals = {"A": 0, "D": 0, "R": 0, "AR": 0}
    for k, n in parts:
        vals[k] += int(n)
    return CombatResult(code=code, attacker_loss=vals["A"], defender_loss=vals["D"],
                        defender_retreat=vals["R"], attacker_retreat=vals["AR"])


def _is_record(t: Any) -> bool:
    return isinstance(t, (S.Rec, str))


#: Problems reported per load; past this the rest are counted, not described (each costs a
#: did-you-mean search, and a 2 MB file of 14,000 bad place names took minutes).
MAX_PROBLEMS = 200


class Checker:
    """Collects problems while checking values; one per load."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.dropped = 0

    @property
    def full(self) -> bool:
        """True once MAX_PROBLEMS are recorded: callers may skip costly checks."""
        return len(self.problems) >= MAX_PROBLEMS

    def summary(self, file: str) -> list[Problem]:
        """The problems, plus one line counting those not described."""
        if not self.dropped:
            return self.problems
        return self.problems + [Problem(file, 1, 1, "", f"checking stopped after {MAX_PROBLEMS} problems "
                                                          "(fix these and validate again)")]

    def err(self, pos: Pos, path: str, message: str) -> None:
        if self.full:
            self.dropped += 1
            return
        # One parenthesis per message: "(expected …; did you mean …)".
        message = message.replace(") (did you mean", "; did you mean")
        self.problems.append(Problem(pos.file, pos.line, pos.col, _LONG_NAME.sub(_clip, path),
                                     _LONG_WORD.sub(_clip, _LONG_QUOTE.sub(_clip, message))))

    def wrong(self, pos: Pos, path: str, v: Any, t: Any, extra: str = "") -> Any:
        self.err(pos, path, f"got {describe(v)} (expected {expected(t)}{extra})")
        return INVALID

    # --- the one entry point ---------------------------------------------------
    def check(self, v: Any, t: Any, path: str, pos: Pos) -> Any:
        if isinstance(t, str):
            t = S.NAMED[t]
        if isinstance(t, S.Opt):
            return None if v is None else self.check(v, t.inner, path, pos)
        if isinstance(t, S.Rec):
            return self.record(v, t, path, pos)
        if isinstance(t, S.Partial):
            return v if isinstance(v, dict) else self.wrong(pos, path, v, t)
        if isinstance(t, S.ListOf):
            return self._list(v, t, path, pos)
        if isinstance(t, S.MapOf):
            return self._map(v, t, path, pos)
        return self._scalar(v, t, path, pos)

    def _scalar(self, v: Any, t: Any, path: str, pos: Pos) -> Any:
        if isinstance(t, S.Str):
            if isinstance(v, bool) or v is None or isinstance(v, (dict, list)):
                return self.wrong(pos, path, v, t)
            if isinstance(v, (int, float)) and S.takes_numbers(t):
                if not 0 <= v < S.NUMBER_ID_BELOW:  # NaN too: its text would be 'nan', inf's 'inf', 1e308's '1e+308'
                    self.err(pos, path, f"got {describe(v)} (expected {expected(t)}; a number here must be 0 or "
                                        "more and below 10**16: put the id in quotes)")
                    return INVALID
                v = v + 0  # -0.0 is 0.0
            if not isinstance(v, str):
                v = v.isoformat() if isinstance(v, (_dt.date, _dt.datetime)) else str(v)
            if t.choices and v not in t.choices:
                hint = did_you_mean(v, t.choices)
                self.err(pos, path, f"{v!r} is not allowed here (expected one of: {', '.join(t.choices)})"
                         + (f"{hint}" if hint else ""))
                return INVALID
            if t is S.ID and len(v) > MAX_ID_LEN:
                self.err(pos, path, f"id is {len(v)} characters long (expected {expected(t)}, "
                                    f"at most {MAX_ID_LEN} characters)")
                return INVALID
            if t.pattern and not re.fullmatch(t.pattern, v):
                return self.wrong(pos, path, v, t)
            return v
        if isinstance(t, S.Int):
            if isinstance(v, bool) or not isinstance(v, int):
                if isinstance(v, RoundedFloat):  # 14.9999999999999999999 reads as 15.0: say what was written
                    self.err(pos, path, f"{v.text[:60]} is not a whole number (it only rounds to {int(v)} when "
                                        f"read; expected {expected(t)})")
                    return INVALID
                if isinstance(v, float) and v.is_integer():
                    v = int(v)
                else:
                    return self.wrong(pos, path, v, t)
            if (t.min is not None and v < t.min) or (t.max is not None and v > t.max):
                self.err(pos, path, f"{short_number(v)} is out of range (expected {expected(t)})")
                return INVALID
            return v
        if isinstance(t, S.Num):
            if isinstance(v, bool) or not isinstance(v, (int, float)) or v != v or v in (float("inf"), float("-inf")):
                return self.wrong(pos, path, v, t)
            if (t.min is not None and v < t.min) or (t.max is not None and v > t.max):
                self.err(pos, path, f"{short_number(v)} is out of range (expected {expected(t)})")
                return INVALID
            return float(v)
        if isinstance(t, S.Bool):
            if isinstance(v, str) and v.strip().lower() in _YAML11_BOOLS:
                return self.wrong(pos, path, v, t, f"; YAML 1.2 reads {v.strip()!r} as text: "
                                                   f"write {_YAML11_BOOLS[v.strip().lower()]}")
            return v if isinstance(v, bool) else self.wrong(pos, path, v, t)
        if isinstance(t, S.Date):
            if isinstance(v, _dt.datetime):
                return v.date().isoformat()
            if isinstance(v, _dt.date):
                return v.isoformat()
            if isinstance(v, str):
                try:
                    return _dt.date.fromisoformat(v.strip()).isoformat()
                except ValueError:
                    pass
            return self.wrong(pos, path, v, t)
        if isinstance(t, S.Duration):
            hours = None
            if isinstance(v, int) and not isinstance(v, bool):
                hours = v
            elif isinstance(v, str) and (m := _DURATION.fullmatch(v)):  # (9 digits: int() never sees 4300)
                hours = int(m.group(1)) * _HOURS[m.group(2).lower()] if len(m.group(1)) <= 9 else 10 ** 9
            if hours is None or hours <= 0:
                return self.wrong(pos, path, v, t)
            if hours > MAX_TURN_HOURS:
                self.err(pos, path, f"{str(v)[:30]!r} is {'over ' if hours == 10 ** 9 else ''}{short_number(hours)} hours, longer than a turn may be "
                                    f"(expected at most {MAX_TURN_HOURS} hours: 366d)")
                return INVALID
            return hours
        if isinstance(t, S.Location):
            return self._location(v, t, path, pos)
        if isinstance(t, S.Cell):
            cell = parse_cell(v) if isinstance(v, str) else None
            return cell if cell is not None else self.wrong(pos, path, v, t)
        raise TypeError(f"unknown spec type {t!r}")  # pragma: no cover - a bug in loader_spec

    def _location(self, v: Any, t: Any, path: str, pos: Pos) -> Any:
        """-> ('place', name) | ('latlon', lat, lon) | ('hex', q, r); resolved on the map later."""
        if isinstance(v, str) and v.strip():
            return ("place", v.strip())
        if isinstance(v, MDict):
            keys = sorted(v)
            if keys == ["lat", "lon"]:
                lat, lon = v["lat"], v["lon"]
                good = all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (lat, lon))
                if good and -90 <= lat <= 90 and -180 <= lon <= 180:
                    return ("latlon", float(lat), float(lon))
                self.err(pos, path, f"lat/lon must be numbers in degrees (got lat {lat!r}, lon {lon!r})")
                return INVALID
            if keys == ["hex"]:
                h = v["hex"]
                m = re.fullmatch(r"\s*(-?\d{1,9})\s*,\s*(-?\d{1,9})\s*", h) if isinstance(h, str) else None
                if m:
                    return ("hex", int(m.group(1)), int(m.group(2)))
                self.err(v.where("hex"), f"{path}.hex", f"got {describe(h)} (expected a hex 'q,r' such as '12,-3')")
                return INVALID
            extra = [k for k in keys if k not in ("lat", "lon", "hex")]
            if extra:
                k = extra[0]
                self.err(v.key_pos[k], f"{path}.{k}", f"unknown key {k!r} in a location "
                         f"(expected lat and lon, or hex){did_you_mean(k, ('lat', 'lon', 'hex'))}")
                return INVALID
            self.err(pos, path, "a location needs both lat and lon, or hex alone")
            return INVALID
        return self.wrong(pos, path, v, t)

    def _list(self, v: Any, t: S.ListOf, path: str, pos: Pos) -> Any:
        if not isinstance(v, list):
            return self.wrong(pos, path, v, t)
        ipos = v.item_pos if isinstance(v, MList) else [pos] * len(v)
        items = [self.check(x, t.item, f"{path}[{i}]", ipos[i] if i < len(ipos) else pos) for i, x in enumerate(v)]
        if len(v) < t.min_items:
            self.err(pos, path, f"needs at least {t.min_items} item{'s' if t.min_items > 1 else ''} (got {len(v)})")
        if not _is_record(t.item) and any(x is INVALID for x in items):
            return INVALID  # only records may be skipped one by one; a list of plain values is all or nothing
        return L(items, pos, list(ipos), path)

    def _map(self, v: Any, t: S.MapOf, path: str, pos: Pos) -> Any:
        if not isinstance(v, dict):
            return self.wrong(pos, path, v, t)
        out = D(pos, path)
        for k, x in v.items():
            kp = v.key_pos.get(k, pos) if isinstance(v, MDict) else pos
            vp = v.where(k) if isinstance(v, MDict) else pos
            sub = f"{path}.{k}" if path else k
            if t.keys and k not in t.keys:
                self.err(kp, sub, f"unknown key {k!r} (expected one of: {', '.join(t.keys)}){did_you_mean(k, t.keys)}")
                continue
            out[k] = self.check(x, t.value, sub, vp)
            out.val_pos[k], out.key_pos[k] = vp, kp
        if not _is_record(t.value) and any(x is INVALID for x in out.values()):
            return INVALID
        return out

    def record(self, v: Any, rec: S.Rec, path: str, pos: Pos) -> Any:
        if not isinstance(v, MDict):
            if rec.shorthand and v is not None and not isinstance(v, (dict, list)):
                m = MDict(pos)
                m[rec.shorthand], m.key_pos[rec.shorthand], m.val_pos[rec.shorthand] = v, pos, pos
                v = m
            else:
                return self.wrong(pos, path, v, rec, f": a {rec.name} with keys {', '.join(rec.names()[:6])}"
                                  + (" ..." if len(rec.fields) > 6 else ""))
        out = R(rec, v.pos, path)
        names = rec.names()
        for k in v:
            if rec.field(k) is None:
                hint = did_you_mean(k, names)
                sub = f"{path}.{k}" if path else k
                self.err(v.key_pos.get(k, v.pos), sub, f"unknown key {k!r} in a {rec.name}"
                         + (hint if hint else f" (expected one of: {', '.join(names)})"))
        for f in rec.fields:
            sub = f"{path}.{f.name}" if path else f.name
            if f.name in v:
                out.given.add(f.name)
                out.positions[f.name] = v.where(f.name)
                out.values[f.name] = self.check(v[f.name], f.type, sub, v.where(f.name))
            elif f.required:
                self.err(v.pos, path, f"missing key {f.name!r} (expected {expected(f.type)}"
                         + (f": {f.doc.rstrip('.')}" if f.doc and len(f.doc) < 70 else "") + ")")
                out.values[f.name] = INVALID
            else:
                out.values[f.name] = self._default(f, v.pos, sub)
        if rec.one_of:
            chosen = [k for k in rec.one_of if k in v]
            if len(chosen) != 1:
                got = "none" if not chosen else " and ".join(chosen)
                self.err(v.pos, path, f"a {rec.name} needs exactly one of: {', '.join(rec.one_of)} (got {got})")
        return out

    def _default(self, f: S.F, pos: Pos, path: str) -> Any:
        d = f.default
        if isinstance(d, list):
            return L(copy.deepcopy(d), pos, [pos] * len(d), path)
        if isinstance(d, dict):
            if isinstance(f.type, S.Rec):
                return self.record(MDict(pos), f.type, path, pos)
            out = D(pos, path)
            out.update(copy.deepcopy(d))
            return out
        if isinstance(f.type, S.Duration) and isinstance(d, str):
            return self._scalar(d, f.type, path, pos)
        return d

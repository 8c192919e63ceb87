"""Colours of the table, read from ``assets/style.yaml`` (how things look is data).

No pygame here: colours are plain RGBA tuples, so tests and the AAR can use
them without a display.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

import attrs
import yaml

from engine.errors import EngineError

RGBA = tuple[int, int, int, int]

#: The style shipped with the project.
DEFAULT_STYLE = Path(__file__).resolve().parent.parent.parent / "assets" / "style.yaml"

_FALLBACK: dict[str, Any] = {
    "terrain": {"open": "#e4e0c4", "forest": "#a9c79a", "marsh": "#b9d2c8", "urban": "#c9b8a8",
                "water": "#9cc3e0", "sea": "#86b2d6", "unknown": "#d0d0d0"},
    "map": {"background": "#5c6f80", "grid": "#00000022", "border": "#6a1b6a",
            "river_major": "#2b6cb0", "river_minor": "#5b9bd5", "road": "#8c5a2b",
            "rail_1520": "#222222", "rail_1435": "#444488", "transshipment": "#ff8c00",
            "place": "#222222", "place_label": "#111111", "label_halo": "#f4f1e4",
            "airfield": "#1f3f7f", "foreign_tint": "#00000018", "focus_countries": ["BLR"]},
    "sides": {"blue": "#7fb2e5", "red": "#e0605a", "belarus": "#d9a441", "neutral": "#a8d08d",
              "unknown": "#f0e68c"},
    "friendly_sides": ["blue"],
    "hostile_frame": "diamond",
    "ui": {"panel": "#1f2630", "panel_edge": "#3b4656", "text": "#e8ecf1", "text_dim": "#9aa7b8",
           "accent": "#ffd24a", "reach": "#3fbf5f", "reach_alpha": 90, "attack": "#e03a3a",
           "select": "#ffd24a", "hover": "#ffffff", "card": "#2c3644", "card_edge": "#7d8ca3",
           "good": "#5fc77a", "bad": "#e56b6b", "popup": "#f4f1e4", "popup_text": "#1a1a1a",
           "console": "#0e1116", "console_text": "#b9f6ca"},
}


class StyleError(EngineError):
    """The style file is unreadable or holds a colour that is not ``#rrggbb[aa]``."""


def parse_colour(text: str, where: str = "") -> RGBA:
    """``"#rrggbb"`` or ``"#rrggbbaa"`` -> (r, g, b, a)."""
    s = str(text).strip()
    if not s.startswith("#") or len(s) not in (7, 9):
        raise StyleError(f"{where}: {text!r} is not a colour (expected '#rrggbb' or '#rrggbbaa')")
    try:
        vals = [int(s[i:i + 2], 16) for i in range(1, len(s), 2)]
    except ValueError:
        raise StyleError(f"{where}: {text!r} is not a colour (expected hex digits)") from None
    if len(vals) == 3:
        vals.append(255)
    return (vals[0], vals[1], vals[2], vals[3])


@attrs.frozen
class Style:
    terrain: Mapping[str, RGBA]
    map: Mapping[str, RGBA]
    sides: Mapping[str, RGBA]
    ui: Mapping[str, RGBA]
    focus_countries: tuple[str, ...]
    friendly_sides: tuple[str, ...]
    hostile_frame: str
    reach_alpha: int

    def terrain_colour(self, name: str) -> RGBA:
        return self.terrain.get(name, self.terrain["unknown"])

    def side_colour(self, side_id: str, scenario_colour: str = "") -> RGBA:
        if side_id in self.sides:
            return self.sides[side_id]
        if scenario_colour:
            try:
                return parse_colour(scenario_colour)
            except StyleError:
                pass
        return self.sides["unknown"]


def _colours(section: Mapping[str, Any], where: str) -> dict[str, RGBA]:
    return {k: parse_colour(v, f"{where}.{k}") for k, v in section.items()
            if isinstance(v, str) and v.startswith("#")}


def load_style(path: str | Path | None = None) -> Style:
    """Read the style; keys it lacks keep the built-in defaults."""
    p = Path(path) if path is not None else DEFAULT_STYLE
    data: dict[str, Any] = {}
    if p.exists():
        try:
            loaded = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as e:
            raise StyleError(f"{p}: cannot read style ({str(e).splitlines()[0]})") from None
        if not isinstance(loaded, dict):
            raise StyleError(f"{p}: a style file is a mapping of sections")
        data = loaded
    elif path is not None:
        raise StyleError(f"{p}: style file not found")
    merged: dict[str, Any] = {}
    for key, default in _FALLBACK.items():
        val = data.get(key, default)
        if isinstance(default, dict):
            merged[key] = {**default, **(val if isinstance(val, dict) else {})}
        else:
            merged[key] = val
    ui = merged["ui"]
    return Style(
        terrain=_colours(merged["terrain"], f"{p}:terrain"),
        map=_colours(merged["map"], f"{p}:map"),
        sides=_colours(merged["sides"], f"{p}:sides"),
        ui=_colours(ui, f"{p}:ui"),
        focus_countries=tuple(merged["map"].get("focus_countries") or ()),
        friendly_sides=tuple(merged["friendly_sides"] or ()),
        hostile_frame=str(merged["hostile_frame"]),
        reach_alpha=int(ui.get("reach_alpha", 90)),
    )

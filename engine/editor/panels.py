"""The editor's tabs: what each shows and which edits its buttons make (through the model)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

import pygame

from engine.editor.model import BASE_EFFECT_KEYS, EFFECT_KINDS, RULE_NUMBERS
from engine.editor.widgets import INK, MUTED, RED
from engine.ui.text import wrap
from engine.scenario.model import BASE_KINDS, AddUnit, ChangeTrack, EnableOption, EstablishBase, Message

if TYPE_CHECKING:
    from engine.editor.app import EditorApp

ROW = 28


class Rows:
    """Lays rows top to bottom inside the tab, scrolled; rows outside the tab are skipped."""

    def __init__(self, app: "EditorApp", rect: pygame.Rect):
        self.app, self.rect = app, rect
        self.y = rect.y - app.scroll * ROW

    def next(self, h: int = ROW) -> int | None:
        y = self.y
        self.y += h
        return y if self.rect.y <= y and y + h <= self.rect.bottom else None

    def title(self, text: str) -> None:
        y = self.next(26)
        if y is not None:
            self.app.gui.label((self.rect.x, y + 4), text, 17, bold=True)

    def note(self, text: str, colour: tuple[int, ...] = MUTED) -> None:
        lines = wrap(text, 14, self.rect.width)[:3]
        y = self.next(4 + 16 * len(lines))
        if y is not None:
            self.app.gui.label((self.rect.x, y + 2), text, 14, colour, width=self.rect.width)

    def stepper(self, name: str, value: Any, set_to: Callable[[int], Any], tag: str = "", step: int = 1) -> None:
        y = self.next()
        if y is not None:
            self.app.gui.stepper(self.rect.x, y, self.rect.width, name, value, set_to, step, tag)

    def chooser(self, name: str, value: str, choices: list[tuple[str, Any]], done: Callable[[Any], Any],
                tag: str = "") -> None:
        y = self.next()
        if y is not None:
            self.app.gui.chooser(self.rect.x, y, self.rect.width, name, value, name, choices, done, tag)

    def text(self, name: str, value: str, done: Callable[[str], Any], tag: str = "") -> None:
        y = self.next()
        if y is not None:
            self.app.gui.text_row(self.rect.x, y, self.rect.width, name, value, done, tag)

    def button(self, label: str, action: Callable[[], Any], tag: str = "", on: bool = False) -> None:
        y = self.next()
        if y is not None:
            self.app.gui.button(pygame.Rect(self.rect.x, y, self.rect.width, 24), label, action, tag, on=on, size=15)


def draw_tab(app: "EditorApp", tab: str, rect: pygame.Rect) -> int:
    """Draw the tab; returns how far it can scroll (rows past the last one showed an empty panel)."""
    rows = Rows(app, rect)
    {"Units": units_tab, "Bases": bases_tab, "Timeline": timeline_tab, "Options": options_tab,
     "Tracks": tracks_tab, "Victory": victory_tab, "Rules": rules_tab}[tab](app, rows)
    height = rows.y - (rect.y - app.scroll * ROW)
    return max(0, -(-(height - rect.height) // ROW))


def _set(app_model: Any, path: str) -> Callable[[Any], None]:
    """An action that writes its value at ``path`` (one closure per row, typed for the checker)."""
    return lambda v: app_model.set_field(path, v)


def _do(fn: Callable[[Any], Any], value: Any) -> Callable[[], None]:
    return lambda: fn(value)


def _select(app: "EditorApp", kind: str, ident: str) -> Callable[[], None]:
    def act() -> None:
        app.selected = (kind, ident)
    return act


def _pairs(values: list[str]) -> list[tuple[str, Any]]:
    return [(v, v) for v in values]


# --- units -------------------------------------------------------------------------------------

def units_tab(app: "EditorApp", rows: Rows) -> None:
    m, sc = app.model, app.model.scenario
    assert sc is not None
    sel = app.selected[1] if app.selected and app.selected[0] == "unit" else ""
    u = next((x for x in sc.units if x.id == sel), None)
    if u is not None:
        t = sc.rules.unit_types[u.type]
        rows.title(f"{u.name}  [{u.id}]")
        rows.note(f"{t.name}: attack {t.attack}, defence {t.defence}, movement {t.movement}, {t.steps} steps")
        rows.note(f"at {_where(app, u.location)}")
        p = f"units.{u.id}"
        rows.text("name", u.name, lambda v: m.set_field(f"{p}.name", v), "unit:name")
        rows.chooser("side", u.side, _pairs(m.sides()), lambda v: m.set_field(f"{p}.side", v), "unit:side")
        rows.chooser("nation", u.nation, _pairs(m.nations(u.side)), lambda v: m.set_field(f"{p}.nation", v),
                     "unit:nation")
        rows.chooser("readiness", u.readiness, _pairs([s.id for s in sc.rules.readiness.states]),
                     lambda v: m.set_field(f"{p}.readiness", v), "unit:readiness")
        rows.stepper("strength (steps)", m.current(f"{p}.strength", u.strength), lambda v: m.set_field(f"{p}.strength", v), "unit:strength")
        rows.button("delete this unit (Delete)", app.delete_selected, "unit:delete")
        rows.next(8)
    rows.title("Unit types: click one, then the map")
    rows.note("A attack, D defence, M movement points, S steps (full strength)")
    for tid, t in sorted(sc.rules.unit_types.items(), key=lambda kv: (kv[1].name, kv[0])):
        label = f"{t.name[:44]}  ·  A{t.attack} D{t.defence} M{t.movement} S{t.steps}"
        rows.button(label, _do(app.choose_type, tid), f"unit-type:{tid}",
                    on=app.mode == "unit" and app.palette_type == tid)


def _where(app: "EditorApp", h: Any) -> str:
    from engine.scenario.describe import where
    return where(app.theatre, h)


# --- bases -------------------------------------------------------------------------------------

def bases_tab(app: "EditorApp", rows: Rows) -> None:
    m, sc = app.model, app.model.scenario
    assert sc is not None
    rows.chooser("new base kind", app.base_kind, _pairs(list(BASE_KINDS)), lambda v: setattr(app, "base_kind", v),
                 "base:kind-new")
    rows.button(f"place a new {app.base_kind} base (then click the map)", lambda: setattr(app, "mode", "base"),
                "base:new", on=app.mode == "base")
    sel = app.selected[1] if app.selected and app.selected[0] == "base" else ""
    b = next((x for x in sc.bases if x.id == sel), None)
    if b is not None:
        p = f"bases.{b.id}"
        rows.title(f"{b.name}  [{b.id}]")
        rows.note(f"at {_where(app, b.location)}; radii drawn on the map")
        rows.text("name", b.name, lambda v: m.set_field(f"{p}.name", v), "base:name")
        rows.chooser("kind", b.kind, _pairs(list(BASE_KINDS)), lambda v: m.set_field(f"{p}.kind", v), "base:kind")
        rows.chooser("side", b.side, _pairs(m.sides()), lambda v: m.set_field(f"{p}.side", v), "base:side")
        rows.chooser("active", "yes" if b.active else "no (opened later)", [("yes", True), ("no", False)],
                     lambda v: m.set_field(f"{p}.active", v), "base:active")
        rows.stepper("capacity", m.current(f"{p}.capacity", b.capacity), lambda v: m.set_field(f"{p}.capacity", max(0, v)), "base:capacity")
        for k in BASE_EFFECT_KEYS:
            rows.stepper(k.replace("_", " "), m.current(f"{p}.effects.{k}", getattr(b.effects, k)),
                         _set(m, f"{p}.effects.{k}"), f"base:{k}")
        rows.chooser("supply source", "yes" if b.effects.supply_source else "no", [("yes", True), ("no", False)],
                     lambda v: m.set_field(f"{p}.effects.supply_source", v), "base:supply_source")
        rows.next(8)
    rows.title("Bases")
    for x in sc.bases:
        rows.button(f"{x.name[:44]} ({x.kind}, {x.side})", _select(app, "base", x.id),
                    f"base:{x.id}", on=x.id == sel)


# --- timeline ----------------------------------------------------------------------------------

def timeline_turn(app: "EditorApp") -> int:
    return int(getattr(app, "timeline_at", 1))


def timeline_tab(app: "EditorApp", rows: Rows) -> None:
    m, sc = app.model, app.model.scenario
    assert sc is not None
    y = rows.next(24 + 22 * (len(sc.rotations) + 2))
    if y is not None:
        _timeline(app, pygame.Rect(rows.rect.x, y, rows.rect.width, 24 + 22 * (len(sc.rotations) + 2)))
    bases = [b.id for b in sc.bases if b.side == app.side]
    base = app.selected[1] if app.selected and app.selected[0] == "base" else (bases[0] if bases else "")
    rows.note(f"new arrivals: unit type {app.palette_type or '(choose one in Units)'}, side {app.side}")
    rows.button(f"add a rotation of that type at base {base or '-'}",
                lambda: _add_rotation(app, base), "add-rotation")
    rows.stepper("turn of a reinforcement", timeline_turn(app), lambda v: setattr(app, "timeline_at",
                 max(1, min(sc.turns, v))), "timeline:turn")
    rows.button("add a reinforcement on that turn (then click the map)",
                lambda: setattr(app, "mode", "reinforce") if app.palette_type else None, "add-reinforcement",
                on=app.mode == "reinforce")
    sel = app.selected[1] if app.selected and app.selected[0] == "rotation" else ""
    r = next((x for x in sc.rotations if x.id == sel), None)
    if r is not None:
        p = f"rotations.{r.id}"
        rows.title(f"rotation {r.id}: {r.unit.name}")
        rows.chooser("base", r.base, _pairs([b.id for b in sc.bases]), lambda v: m.set_field(f"{p}.base", v),
                     "rotation:base")
        rows.stepper("arrives on turn", m.current(f"{p}.arrive", r.arrive), lambda v: m.set_field(f"{p}.arrive", max(1, v)), "rotation:arrive")
        rows.stepper("stays (turns)", m.current(f"{p}.stay", r.stay), lambda v: m.set_field(f"{p}.stay", max(1, v)), "rotation:stay")
        rows.stepper("repeat every", m.current(f"{p}.repeat_every", r.repeat_every), lambda v: m.set_field(f"{p}.repeat_every", max(0, v)),
                     "rotation:repeat_every")
        rows.stepper("arrivals", m.current(f"{p}.count", r.count), lambda v: m.set_field(f"{p}.count", max(1, v)), "rotation:count")
        rows.button("delete this rotation (Delete)", app.delete_selected, "rotation:delete")
    if sc.schedule:
        rows.chooser("remove an arrival or withdrawal", "",
                     [(_schedule_text(e), (e.turn, e.kind, e.unit.id if e.unit else e.unit_id)) for e in sc.schedule],
                     lambda v: m.delete_schedule_entry(*v), "schedule:remove")
    rows.title("Rotations")
    for x in sc.rotations:
        rows.button(f"{x.id}: {x.unit.name[:34]} at {x.base}", _select(app, "rotation", x.id), f"rotation:{x.id}", on=x.id == sel)


def _schedule_text(e: Any) -> str:
    what = f"{e.unit.name[:30]} arrives" if e.kind == "add" and e.unit is not None else f"{e.unit_id} withdraws"
    return f"turn {e.turn}: {what}"


def _add_rotation(app: "EditorApp", base: str) -> None:
    if not app.palette_type or not base:
        app.model.message = "choose a unit type (Units tab) and a base of this side first"
        return
    app.selected = ("rotation", app.model.add_rotation(app.palette_type, app.side, base))


def _timeline(app: "EditorApp", r: pygame.Rect) -> None:
    """Turns across; a bar per rotation's stays, ticks for reinforcements, withdrawals and turn events."""
    sc = app.model.scenario
    assert sc is not None
    scr = app.screen
    n = max(1, sc.turns)
    x0, w = r.x + 80, r.width - 84
    col = w / n
    for t in range(1, n + 1):
        x = x0 + (t - 1) * col
        pygame.draw.line(scr, (200, 195, 180), (x, r.y + 18), (x, r.bottom), 1)
        if n <= 30 or t % 5 == 0:
            app.gui.label((round(x + 2), r.y), str(t), 12)
    for i, rot in enumerate(sc.rotations):
        y = r.y + 20 + i * 22
        app.gui.label((r.x, y + 3), rot.id[:12], 12)
        for k in range(rot.count):
            start = rot.arrive + k * rot.repeat_every
            if start > n:
                break
            end = min(n + 1, start + rot.stay)
            pygame.draw.rect(scr, (70, 120, 200), (x0 + (start - 1) * col, y + 2, (end - start) * col - 2, 16),
                             border_radius=3)
    y = r.y + 20 + len(sc.rotations) * 22
    app.gui.label((r.x, y + 3), "arrivals", 12)
    for e in sc.schedule:
        x = x0 + (e.turn - 1) * col + col / 2
        pygame.draw.polygon(scr, (30, 140, 60) if e.kind == "add" else RED,
                            [(x, y + 2), (x + 6, y + 16), (x - 6, y + 16)])
    y += 22
    app.gui.label((r.x, y + 3), "events", 12)
    for ev in sc.events:
        if ev.trigger.kind == "turn":
            x = x0 + (ev.trigger.turn - 1) * col + col / 2
            pygame.draw.circle(scr, INK, (round(x), y + 9), 5)


# --- options -----------------------------------------------------------------------------------

def options_tab(app: "EditorApp", rows: Rows) -> None:
    m, sc = app.model, app.model.scenario
    assert sc is not None
    mine = [o for o in sc.options if o.side == app.side]
    rows.button(f"new option card for {app.side}", lambda: _new_option(app), "new-option")
    sel = app.selected[1].split(":", 1)[-1] if app.selected and app.selected[0] == "option" else ""
    o = next((x for x in mine if x.id == sel), None)
    if o is not None:
        p = f"options.{o.side}.{o.id}"
        tracks = [(t.name, t.id) for t in sc.tracks]
        rows.title(f"{o.name}  [{o.id}]")
        rows.text("name", o.name, lambda v: m.set_field(f"{p}.name", v), "option:name")
        rows.text("text", o.description, lambda v: m.set_field(f"{p}.description", v), "option:description")
        rows.stepper("delay (turns)", m.current(f"{p}.delay", o.delay), lambda v: m.set_field(f"{p}.delay", max(0, v)), "option:delay")
        for tid, amount in o.cost.items():
            rows.stepper(f"cost: {tid}", m.current(f"{p}.cost.{tid}", amount), _cost_setter(m, o.side, o.id, tid),
                         f"option:cost:{tid}")
        rows.chooser("add a cost", "", tracks, lambda t: m.add_option_cost(o.side, o.id, t, -1), "option:add-cost")
        if o.cost:
            rows.chooser("remove a cost", "", [(f"{tid} {amount:+d}", tid) for tid, amount in o.cost.items()],
                         lambda t: m.delete_option_cost(o.side, o.id, t), "option:remove-cost")
        conds = [f"{c.track} {c.op} {c.value}" for c in o.requires]
        rows.note("needs: " + ", ".join(conds + [f"option {x}" for x in o.requires_options]) if conds or
                  o.requires_options else "needs: nothing (available from the start)")
        rows.text("add condition", "", lambda v: m.add_requirement(o.side, o.id, v) if v else None,
                  "option:add-condition")
        rows.chooser("add prerequisite", "", _pairs([x for x in m.option_ids() if x != o.id]),
                     lambda v: m.add_prerequisite(o.side, o.id, v), "option:add-prerequisite")
        for i, e in enumerate(o.effects):
            if isinstance(e, ChangeTrack) and e.set_to is None and e.delta_max is None:
                rows.stepper(f"effect: {e.track}", m.current(f"{p}.effects.{i}.change_track.add", e.delta),
                             _set(m, f"{p}.effects.{i}.change_track.add"),
                             f"option:effect:{i}")
            else:
                rows.note(f"effect: {_effect_text(e)}", INK)
        rows.chooser("add effect", "", _pairs(list(EFFECT_KINDS)), lambda k: _effect_args(app, o.side, o.id, k),
                     "option:add-effect")
        if o.effects:
            rows.chooser("remove an effect", "", [(_effect_text(e), i) for i, e in enumerate(o.effects)],
                         lambda i: m.delete_at(f"{p}.effects", i, f"effect {i + 1} of {o.id}"), "option:remove-effect")
        needs = [(f"{c.track} {c.op} {c.value}", ("requires", i)) for i, c in enumerate(o.requires)] + \
            [(f"option {x}", ("requires_options", i)) for i, x in enumerate(o.requires_options)]
        if needs:
            rows.chooser("remove a need", "", needs, lambda v: m.delete_at(f"{p}.{v[0]}", v[1], f"a need of {o.id}"),
                         "option:remove-need")
        rows.button("delete this option card (Delete)", app.delete_selected, "option:delete")
        rows.next(8)
    rows.title(f"Option cards of {app.side}")
    for x in mine:
        rows.button(f"{x.name[:40]} (delay {x.delay})", _select(app, "option", f"{x.side}:{x.id}"), f"option:{x.id}", on=x.id == sel)


def _effect_text(e: Any) -> str:
    if isinstance(e, ChangeTrack):
        if e.set_to is None:
            return f"{e.track} {e.delta:+d}" + (f"..{e.delta_max:+d}" if e.delta_max is not None else "")
        return f"{e.track} set to {e.set_to}"
    if isinstance(e, EnableOption):
        return f"{'enable' if e.enabled else 'disable'} option {e.option}"
    if isinstance(e, EstablishBase):
        return f"{'open' if e.established else 'close'} base {e.base}"
    if isinstance(e, Message):
        return f"message '{e.text[:40]}'"
    if isinstance(e, AddUnit):
        return f"a unit arrives: {e.unit.name[:36]}"
    return type(e).__name__


def _cost_setter(m: Any, side: str, oid: str, track: str) -> Callable[[int], None]:
    return lambda v: m.add_option_cost(side, oid, track, v)


def _new_option(app: "EditorApp") -> None:
    oid = app.model.add_option(app.side)
    app.selected = ("option", f"{app.side}:{oid}")


def _effect_args(app: "EditorApp", side: str, oid: str, kind: str) -> None:
    """Second pick-list of an effect: which track, option or base."""
    m, sc = app.model, app.model.scenario
    assert sc is not None
    add: Callable[[dict[str, Any]], None] = lambda eff: m.add_option_effect(side, oid, eff)  # noqa: E731
    if kind == "change_track":
        app.gui.open_picker("which track", [(t.name, t.id) for t in sc.tracks],
                            lambda t: add({"change_track": {"track": t, "add": 5}}))
    elif kind in ("enable_option", "disable_option"):
        app.gui.open_picker("which option", _pairs(m.option_ids()), lambda v: add({kind: v}))
    elif kind in ("establish_base", "close_base"):
        app.gui.open_picker("which base", [(b.name, b.id) for b in sc.bases], lambda v: add({kind: v}))
    else:
        app.gui.open_field("message", "", lambda v: add({"message": v}) if v else None)


# --- tracks, victory, rules ----------------------------------------------------------------------

def tracks_tab(app: "EditorApp", rows: Rows) -> None:
    m, sc = app.model, app.model.scenario
    assert sc is not None
    for t in sc.tracks:
        p = f"tracks.{t.id}"
        rows.title(f"{t.name}  [{t.id}]")
        rows.stepper("initial", m.current(f"{p}.initial", t.initial), _set(m, f"{p}.initial"), f"track:{t.id}:initial")
        rows.stepper("min", m.current(f"{p}.min", t.min), _set(m, f"{p}.min"), f"track:{t.id}:min")
        rows.stepper("max", m.current(f"{p}.max", t.max), _set(m, f"{p}.max"), f"track:{t.id}:max")
        for name, value in t.thresholds.items():
            rows.stepper(f"threshold {name}", m.current(f"{p}.thresholds.{name}", value),
                         _set(m, f"{p}.thresholds.{name}"), f"track:{t.id}:{name}")


def victory_tab(app: "EditorApp", rows: Rows) -> None:
    m, sc = app.model, app.model.scenario
    assert sc is not None
    v = sc.victory
    rows.stepper("margin to win", m.current("victory.margin", v.margin), lambda x: m.set_field("victory.margin", max(0, x)), "victory:margin")
    rows.stepper("points per step lost", m.current("victory.points_per_step_lost", v.points_per_step_lost),
                 lambda x: m.set_field("victory.points_per_step_lost", max(0, x)), "victory:per-step")
    rows.button(f"add an objective for {app.side} (then click the map)", lambda: setattr(app, "mode", "objective"),
                "add-objective", on=app.mode == "objective")
    rows.title("Objectives (points to the side holding it at the end)")
    for i, ob in enumerate(v.objectives):
        rows.note(f"{ob.name} ({ob.side}) at {_where(app, ob.hex)}", INK)
        rows.stepper("points", m.current(f"victory.objectives.{i}.points", ob.points), _set(m, f"victory.objectives.{i}.points"),
                     f"objective:{i}:points")
    if v.objectives:
        rows.chooser("remove an objective", "", [(f"{ob.name} ({ob.side})", i) for i, ob in enumerate(v.objectives)],
                     lambda i: m.delete_at("victory.objectives", i, f"objective {i + 1}"), "objective:remove")
    rows.title("Track goals")
    for g in v.track_goals:
        rows.note(f"{g.side}: {g.condition.track} {g.condition.op} {g.condition.value} -> {g.points}", INK)


def rules_tab(app: "EditorApp", rows: Rows) -> None:
    m = app.model
    rows.note("A change is written under rules: in this scenario; the shared rules files stay as they are.")
    section = ""
    for sec, key in RULE_NUMBERS:
        value = m.rule_value(sec, key)
        if value is None:
            continue
        if sec != section:
            rows.title(sec)
            section = sec
        rows.stepper(key.replace("_", " "), m.current(f"rules.{sec}.{key}", value), _set(m, f"rules.{sec}.{key}"), f"rule:{sec}.{key}")

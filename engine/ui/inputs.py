"""Input handling: one event at a time, routed to the console, the hand-over, pop-ups, camera, keys or clicks."""

from __future__ import annotations

import pygame

from engine.core.actions import Action, Attack
from engine.ui import boxes
from engine.ui.extras import Extras
from engine.ui.tablebase import AttackDraft


#: Keys that end a phase, answer a question, dismiss a pop-up, hand over or take back: never acted on while
#: held down (a held Escape's repeats dismissed a whole stack of pop-ups unread).
NO_REPEAT = frozenset((pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE, pygame.K_ESCAPE, pygame.K_e, pygame.K_u,
                       pygame.K_z, pygame.K_F9, pygame.K_q))
#: Seconds the hand-over screen ignores keys, so a key meant for the last screen never passes it.
HANDOVER_DELAY = 1.0
#: Seconds after the window regains focus in which those keys are not acted on: a key held through a
#: focus change comes back as a KEYDOWN that looks new (SDL reconciles the keyboard), then repeats.
FOCUS_GRACE = 0.5
YES_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)
#: Buttons whose press cannot be taken back by the side (undo has no redo; an end of phase with nothing left to
#: do asks nothing): a double click's second click on them, and each fast click after it, is ignored.
ONCE = frozenset(("end", "undo"))
#: A press this soon (seconds) and this close (pixels) to the click that raised a hand-over is that double
#: click's second press: it never passes the hand-over (raised under the pointer, e.g. by "End phase").
#: Pop-ups and questions take the same rule: they stack at one place, so a release this soon and this close
#: to the click that raised the one on top (dismissing the one before it) is not an answer, and neither is
#: a faster click after it; the next pop-up is never dismissed unread. Keys answer at once (NO_REPEAT).
DOUBLE_CLICK = (0.5, 16)


class Inputs(Extras):
    """Turns keys and clicks into the controllers' calls."""

    def handle(self, event: pygame.event.Event) -> None:
        """One input event (tests feed synthetic ones)."""
        up = event.type == pygame.MOUSEBUTTONUP and event.button == 1
        # a hand-over this release raises remembers it (see DOUBLE_CLICK)
        self.releasing = (self.now(), getattr(event, "pos", (0, 0))) if up else None
        try:
            self._route(event)
        finally:
            self.releasing = None

    def _route(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYUP:
            self.held.discard(event.key)
        elif event.type in (pygame.WINDOWFOCUSLOST, pygame.WINDOWFOCUSGAINED):
            self.held.clear()  # a key released in another window sends no KEYUP here
            if event.type == pygame.WINDOWFOCUSGAINED:
                self.focus_since = self.now()
        elif event.type == pygame.KEYDOWN:
            fresh = event.key not in self.held and not getattr(event, "repeat", False)
            self.held.add(event.key)
            if event.key in NO_REPEAT and (not fresh or self.now() - self.focus_since < FOCUS_GRACE):
                return  # a held key's repeat, or a key held through a focus change: not a new press
        if event.type == pygame.QUIT:
            self.request_quit()
            return
        if event.type == pygame.VIDEORESIZE:
            self.screen = pygame.display.get_surface() or self.screen
            self.camera.viewport = self._map_rect()
            return
        if self.too_small and (event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEWHEEL,
                                              pygame.TEXTINPUT, pygame.TEXTEDITING)
                               or (event.type == pygame.KEYDOWN and (event.key in NO_REPEAT or self.console.open
                                                                     or event.key in (pygame.K_F1, pygame.K_BACKQUOTE)))):
            return  # nothing of the table is on screen: no blind end of phase, hand-over, answer or console line
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_F1, pygame.K_BACKQUOTE):
            if self.handover_to is None and not self.briefing_open and self.report_view is None:
                self.console.toggle()  # not over a screen that covers the map: it would take keys unseen
            return
        if self.console.open:
            s = self.session
            side = s.side_to_act() if s is not None else None
            where = (s.turn, s.phase, side, len(s.state.history)) if s is not None else None
            if self.console.handle(event, self.session):
                self._stack_cache = None
                s = self.session
                if s is not None and where is not None and (s.turn, s.phase, s.side_to_act()) != where[:3] \
                        and len(s.state.history) > where[3]:
                    self.autosave()  # a phase ended from the console is autosaved like one ended with a key
                if s is not None and self.hotseat and s.side_to_act() not in (None, side) and not s.is_over():
                    self.console.open = False  # an order or undo from the console changed the side
                    self.handover_to = s.side_to_act()
                return
        if self.confirm is not None and (self.report_view is not None or self.briefing_open
                                         or self.handover_to is not None):
            self._handle_modal(event)  # e.g. the window closed on the hand-over: asked over that screen
            return
        if self.report_view is not None:
            self._handle_report(event)
            return
        if self.briefing_open:
            self._handle_briefing(event)
            return
        if self.handover_to is not None:
            self._handle_handover(event)
            return
        if self.popups or self.confirm is not None:
            self._handle_modal(event)
            return
        if event.type == pygame.MOUSEMOTION:
            self.mouse = event.pos
            self.hover = self._hex_at(event.pos)
        if event.type == pygame.MOUSEWHEEL and self.drawer_open() and self.mouse[1] > self.camera.viewport.bottom \
                and self.mouse[0] < self.camera.viewport.right:
            self.card_scroll = max(0, self.card_scroll + (-1 if event.y > 0 else 1))
            return
        ctrl_key = event.type == pygame.KEYDOWN and bool(getattr(event, "mod", 0) & pygame.KMOD_CTRL)
        if not ctrl_key and self.camera.handle(event):  # Ctrl+S saves; it does not pan
            return
        if event.type == pygame.KEYDOWN:
            self._handle_key(event)
        elif event.type == pygame.MOUSEBUTTONUP:
            if self.camera.was_drag():
                return
            if event.button == 1:
                self._click(event.pos)
            elif event.button == 3:
                self.clear_selection()
        elif event.type == pygame.MOUSEWHEEL:
            if self.orders_rect.collidepoint(self.mouse):
                self.orders_scroll = max(0, self.orders_scroll + (-2 if event.y > 0 else 2))
            elif self._side_rect().collidepoint(self.mouse):
                self.log_scroll = max(0, self.log_scroll + (3 if event.y > 0 else -3))

    def _handle_report(self, event: pygame.event.Event) -> None:
        """The report view: Esc, F10 or its Close button close it; the wheel and arrows scroll."""
        if (event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_F10)) or \
                (event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self.report_button is not None
                 and self.report_button.collidepoint(event.pos)):
            self.report_view = None
        elif event.type == pygame.MOUSEWHEEL:
            self.report_scroll = max(0, self.report_scroll - event.y * 60)
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_DOWN, pygame.K_UP, pygame.K_PAGEDOWN,
                                                             pygame.K_PAGEUP):
            step = {pygame.K_DOWN: 60, pygame.K_UP: -60, pygame.K_PAGEDOWN: 400, pygame.K_PAGEUP: -400}[event.key]
            self.report_scroll = max(0, self.report_scroll + step)

    def _handle_briefing(self, event: pygame.event.Event) -> None:
        """The briefing closes on a click on its button or a (fresh) Enter; nothing else passes."""
        if (event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self.briefing_button is not None
                and self.briefing_button.collidepoint(event.pos)) or \
                (event.type == pygame.KEYDOWN and event.key in YES_KEYS + (pygame.K_ESCAPE, pygame.K_b)):
            self.briefing_open = False

    def _handle_handover(self, event: pygame.event.Event) -> None:
        """Pass the hand-over only on a deliberate click on its button, or a fresh key press after a delay."""
        on_button = self.handover_button is not None and hasattr(event, "pos") \
            and self.handover_button.collidepoint(event.pos)
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            c = self.handover_click
            second = c is not None and self.now() - c[0] < DOUBLE_CLICK[0] \
                and max(abs(event.pos[0] - c[1][0]), abs(event.pos[1] - c[1][1])) <= DOUBLE_CLICK[1]
            if second:  # mashing: each fast press goes on from the last, so clicking on never passes
                self.handover_click = (self.now(), tuple(event.pos))
            self.handover_armed = bool(on_button) and not second
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            if on_button and self.handover_armed:
                self.handover_to = None
            self.handover_armed = False
        elif event.type == pygame.KEYDOWN and event.key in YES_KEYS:
            if self.now() - self.handover_since >= HANDOVER_DELAY:
                self.handover_to = None
            else:  # a key mashed on from the last screen: the delay starts again (only a pause, then a key)
                self.handover_since = self.now()

    def on_top(self) -> object | None:
        """The question or pop-up a click would answer now (None: none on screen)."""
        if self.confirm is not None:
            return self.confirm
        if self.report_view is not None or self.briefing_open or self.handover_to is not None:
            return None
        return self.popups[0] if self.popups else None

    def note_raised(self, event: pygame.event.Event, before: object | None) -> None:
        """After ``event``: a left release that put another question or pop-up on top raised it (DOUBLE_CLICK)."""
        if event.type == pygame.MOUSEBUTTONUP and getattr(event, "button", 0) == 1:
            top = self.on_top()
            if top is not None and top is not before:
                self.modal_click = (self.now(), tuple(getattr(event, "pos", (0, 0))))

    def _second_click(self, pos: tuple[int, int]) -> bool:
        """Whether a left release at ``pos`` is the second click of the one that raised the pop-up on top."""
        c = self.modal_click
        return c is not None and 0 <= self.now() - c[0] < DOUBLE_CLICK[0] \
            and max(abs(pos[0] - c[1][0]), abs(pos[1] - c[1][1])) <= DOUBLE_CLICK[1]

    def _handle_modal(self, event: pygame.event.Event) -> None:
        yes = no = False
        if event.type == pygame.KEYDOWN:
            c = self.confirm
            yes = event.key in YES_KEYS and (c is None or self.now() - self.confirm_since >= c.delay)
            if event.key in YES_KEYS and c is not None and not yes:
                self.confirm_since = self.now()  # mashed keys never outlast a question's delay: a pause, then a key
            no = event.key == pygame.K_ESCAPE
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self._second_click(event.pos):
            self.modal_click = (self.now(), tuple(event.pos))  # a third fast click is read as a second one too
            return
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            no_label = self.confirm.no_label if self.confirm is not None else "Cancel"
            for r, label in self.popup_buttons:
                if r.collidepoint(event.pos):
                    yes = label != no_label
                    no = label == no_label
        if self.confirm is not None:
            c = self.confirm
            if yes:
                self.confirm = None
                if callable(c.action) and not isinstance(c.action, (str, Action)):
                    c.action()
                else:
                    self.do(c.action)
            elif no:
                self.confirm = None
                if c.no_action is not None:
                    c.no_action()
        elif self.popups and (yes or no):
            self.popups.pop(0)

    def _handle_key(self, event: pygame.event.Event) -> None:
        k, mods = event.key, event.mod
        ctrl = bool(mods & pygame.KMOD_CTRL)
        if k == pygame.K_ESCAPE:
            self.clear_selection()
        elif k in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_e) and not ctrl:
            if self.attack is not None:
                self.confirm_attack()
            else:
                self.end_phase()
        elif (k == pygame.K_z and ctrl) or k == pygame.K_u:
            self.undo()
        elif (k == pygame.K_s and ctrl) or k == pygame.K_F5:
            self.save()
        elif (k == pygame.K_o and ctrl) or k == pygame.K_F9:
            self.load()
        elif k == pygame.K_F10:
            self.show_report()
        elif k == pygame.K_TAB:
            self._next_unit()
        elif k == pygame.K_r and not ctrl:
            self.ready_selected()
        elif k == pygame.K_c and not ctrl:
            self.toggle_cards()
        elif k == pygame.K_l and not ctrl:
            self.show_legend = not self.show_legend
        elif k == pygame.K_v and not ctrl:
            self.show_score = not self.show_score
        elif k == pygame.K_b and not ctrl and self.session is not None:
            self.briefing_open = True
        elif k in (pygame.K_1, pygame.K_2, pygame.K_3) and self.session is not None and self.session.phase == "air":
            ms = self.session.air_missions_available()
            i = {pygame.K_1: 0, pygame.K_2: 1, pygame.K_3: 2}[k]
            order = [m for m in ("support", "interdiction", "strike") if m in ms]
            if i < len(order):
                self.choose_mission(order[i])
        elif k in (pygame.K_RIGHTBRACKET, pygame.K_LEFTBRACKET) and self.drawer_open():
            self.card_scroll = max(0, self.card_scroll + (1 if k == pygame.K_RIGHTBRACKET else -1))
        elif k == pygame.K_RIGHTBRACKET:
            self.set_points(self.air_pts + 1)
        elif k == pygame.K_LEFTBRACKET:
            self.set_points(self.air_pts - 1)
        elif k == pygame.K_q and not ctrl:
            self.request_quit()

    def _next_unit(self) -> None:
        s = self.session
        if s is None:
            return
        if s.phase == "air":
            movers = s.launchers()
        elif s.phase == "decisions":
            movers = [u.id for u, ok, _ in s.alert_list() if ok]
        elif s.phase == "movement":
            movers = [k for k in s.state.group_keys() if k in s.state.units]  # not the box:<unit> groups
        else:
            return
        if not movers:
            return
        i = (movers.index(self.selected) + 1) % len(movers) if self.selected in movers else 0
        self.select(movers[i])
        self.camera.centre_on(self.reach_origin())

    def _click(self, pos: tuple[int, int]) -> None:
        for b in self.buttons:
            if b.hit(pos):
                if b.id in ONCE and self._second_press(b.id, pos):
                    return
                self.press(b.id)
                return
        for r, oid in self.card_rects:
            if r.collidepoint(pos):
                self.pick_option(oid)
                return
        if self._side_rect().collidepoint(pos):
            return
        if boxes.click(self, pos):
            return
        h = self._hex_at(pos)
        if h is not None and not boxes.click_hex(self, h):
            self.click_hex(h)

    def _second_press(self, button: str, pos: tuple[int, int]) -> bool:
        """Whether this click on ``button`` is a double click's second (or a mashed click after it): see ONCE."""
        c, now = self.button_click, self.now()
        second = c is not None and c[2] == button and 0 <= now - c[0] < DOUBLE_CLICK[0] \
            and max(abs(pos[0] - c[1][0]), abs(pos[1] - c[1][1])) <= DOUBLE_CLICK[1]
        self.button_click = (now, (pos[0], pos[1]), button)
        return second

    def press(self, button: str) -> None:
        if button == "end":
            self.end_phase()
        elif button == "undo":
            self.undo()
        elif button == "save":
            self.save()
        elif button == "load":
            self.load()
        elif button == "console":
            self.console.toggle()
        elif button == "aar":
            self.show_report()
        elif button == "attack":
            self.confirm_attack()
        elif button == "cancel":
            self.clear_selection()
            self.air_mission = None
        elif button == "ready":
            self.ready_selected()
        elif button == "cards":
            self.toggle_cards()
        elif button == "legend":
            self.show_legend = not self.show_legend
        elif button == "score":
            self.show_score = not self.show_score
        elif button == "brief":
            self.briefing_open = True
        elif button.startswith("overlay:"):
            self.overlays_on ^= {button[8:]}
        elif button.startswith("mission:"):
            self.choose_mission(button[8:])
        elif button == "pts+":
            self.set_points(self.air_pts + 1)
        elif button == "pts-":
            self.set_points(self.air_pts - 1)
        elif button.startswith("order:"):
            i = int(button[6:])
            if 0 <= i < len(self.order_actions):
                a = self.order_actions[i]
                if isinstance(a, Attack) and self.session is not None:  # an attack is previewed, never fired blind
                    self.attack = AttackDraft(a.target, self.session.possible_attackers(a.target))
                    self.attack.chosen = list(a.attackers)
                    self.say("check the odds and the chance of each result, then Enter (or Attack)")
                else:
                    self.do(a)

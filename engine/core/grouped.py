"""Orders read a group at a time: the shape of every legal-order list (local, networked, the war staff's)."""

from __future__ import annotations

from typing import Iterator, Sequence

from engine.core.actions import END, Action


class GroupedOrders(Sequence["Action"]):
    """Orders in groups (a unit, a target, an option), read one group at a time.

    A subclass gives ``groups``, ``actions_of(key)`` and ``has_end``; this base
    makes the whole sorted list (END included) only when it is indexed, counted or
    iterated. Local legal orders (engine/game/dispatch.py) and a networked seat's
    (engine/net/client.py) share it.
    """

    groups: list[str]
    _all: "list[Action] | None" = None

    @property
    def has_end(self) -> bool:
        """Whether ``end`` is among the orders (it is unless the game is over)."""
        return True

    def actions_of(self, key: str) -> "list[Action]":
        raise NotImplementedError

    def _materialise(self) -> "list[Action]":
        if self._all is None:
            out: list[Action] = [a for k in self.groups for a in self.actions_of(k)]
            if self.has_end:
                out.append(END)
            out.sort()
            self._all = out
        return self._all

    def __len__(self) -> int:
        return len(self._materialise())

    def __getitem__(self, i):  # type: ignore[override]
        return self._materialise()[i]

    def __iter__(self) -> "Iterator[Action]":
        return iter(self._materialise())

"""The game's one random number generator: splitmix64 on a plain integer.

Pure Python on an ``int`` state, so it serialises as one number, clones by
copying that number, and gives the same sequence in every process whatever
``PYTHONHASHSEED`` is (it never touches ``hash()`` or the global ``random``).
"""

from __future__ import annotations

import hashlib
from typing import Sequence, TypeVar

T = TypeVar("T")

MASK64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def mix64(z: int) -> int:
    """The splitmix64 finaliser: a good 64-bit bijective scramble."""
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9 & MASK64
    z = (z ^ (z >> 27)) * 0x94D049BB133111EB & MASK64
    return z ^ (z >> 31)


def derive_seed(seed: int, *labels: object) -> int:
    """A 64-bit seed derived from ``seed`` and labels (game index, side ...).

    Uses sha256 of a text form, so it is stable across processes and versions
    of Python (``hash()`` is not).
    """
    text = "/".join([str(int(seed))] + [str(x) for x in labels])
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def seed_state(seed: int) -> int:
    """The generator state a seed starts from. A seed of 0 .. 2**64 - 1 starts from ``mix64(seed)`` (as it
    always has: the golden games keep their hashes); any other integer, negative or wider, from sha256 of its
    decimal text. Before, such a seed was cut to its low 64 bits, so ``s`` and ``s + 2**64`` (or -1 and
    2**64 - 1) were the same game."""
    s = int(seed)
    if 0 <= s <= MASK64:
        return mix64(s)
    return int.from_bytes(hashlib.sha256(f"rng-seed/{s}".encode("ascii")).digest()[:8], "big")


class Rng:
    """splitmix64: ``state`` advances by a constant, outputs are mixed."""

    __slots__ = ("state",)

    def __init__(self, seed: int = 0, *, state: int | None = None) -> None:
        self.state = (int(state) if state is not None else seed_state(seed)) & MASK64

    def next_u64(self) -> int:
        # mix64 inlined: the AIs draw millions of these
        z = self.state = (self.state + GOLDEN) & MASK64
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9 & MASK64
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB & MASK64
        return z ^ (z >> 31)

    def randbelow(self, n: int) -> int:
        """Uniform integer in [0, n) by rejection (no modulo bias)."""
        if n <= 0:
            raise ValueError("randbelow needs n > 0")
        limit = ((1 << 64) // n) * n
        while True:
            x = self.next_u64()
            if x < limit:
                return x % n

    def randint(self, lo: int, hi: int) -> int:
        """Uniform integer in [lo, hi], both included (a die: ``randint(1, 6)``)."""
        return lo + self.randbelow(hi - lo + 1)

    def random(self) -> float:
        """Uniform float in [0, 1) with 53 random bits."""
        return (self.next_u64() >> 11) * (1.0 / (1 << 53))

    def choice(self, seq: Sequence[T]) -> T:
        return seq[self.randbelow(len(seq))]

    def clone(self) -> "Rng":
        return Rng(state=self.state)

    def __repr__(self) -> str:
        return f"Rng(state={self.state})"

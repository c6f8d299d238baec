"""PyTorch's CPU random generator: MT19937 seeded as PyTorch seeds it, its
32- and 64-bit draws, and the cached double normal sample.

The raw stream comes from numpy's ``MT19937`` bit generator, loaded with the
state of the reference ``init_genrand`` (the seeding PyTorch's ``at::mt19937``
uses); everything PyTorch builds on the raw draws lives in
``engine/distributions.py``.
"""
from __future__ import annotations

import functools

import numpy as np

from .context import DEFAULT_SEED

MASK32 = 0xFFFF_FFFF
MASK64 = 0xFFFF_FFFF_FFFF_FFFF


_MT_N = 624                 # words of MT19937 state
_LONG_RUN = 1 << 12         # draws: from here numpy's bounded randint is the faster way to them


_SEEDER = []                # one numpy RandomState, made on first use (it is slow to create)


@functools.lru_cache(maxsize=64)
def init_genrand(seed: int) -> np.ndarray:
    """The 624-word MT19937 state of the reference ``init_genrand(seed)``
    (numpy's legacy ``RandomState`` seeding is exactly that, in C)."""
    if not _SEEDER:
        _SEEDER.append(np.random.RandomState())
    _SEEDER[0].seed(seed & MASK32)
    key = _SEEDER[0].get_state(legacy=True)[1]
    key.flags.writeable = False
    return key


def fold_seed(seed) -> int:
    """A Python int seed as PyTorch stores it: 64-bit two's complement
    (``manual_seed(-1)`` is ``2**64 - 1``); a ValueError out of range."""
    if isinstance(seed, float):
        seed = int(seed)
    seed = int(seed)
    if seed < -(1 << 63) or seed > MASK64:
        raise ValueError("Overflow when unpacking long long")
    return seed & MASK64


class Generator:
    """One MT19937 stream with PyTorch's seeding and normal-sample cache."""
    __slots__ = ("bits", "initial", "next_double_normal", "_bounded")
    display_name = "torch._C.Generator"

    def __init__(self, seed: int = DEFAULT_SEED):
        self.bits = np.random.MT19937()
        self._bounded = None
        self.initial = 0
        self.next_double_normal = None
        self.manual_seed(seed)

    def manual_seed(self, seed: int) -> "Generator":
        """Seed as ``torch.manual_seed``: the low 32 bits seed MT19937, the
        whole 64-bit value is what ``initial_seed()`` returns."""
        seed = fold_seed(seed)
        self.initial = seed
        self.bits.state = {"bit_generator": "MT19937",
                           "state": {"key": init_genrand(seed & MASK32), "pos": _MT_N}}
        self.next_double_normal = None
        return self

    def initial_seed(self) -> int:
        return self.initial

    # ----- raw draws -----
    # NOTE: numpy's legacy bounded ``randint`` over a power-of-two range
    # masks each value out of the bit generator's next output (it never
    # rejects one there): 32-bit values from one 32-bit draw, 64-bit ones
    # from two, the first the high word, as PyTorch's. Its C loop is several
    # times faster than ``random_raw`` on long runs (10 million 64-bit
    # draws: 38 ms against 90-250 ms), which is faster on short ones.
    def low_bits(self, n: int, bits: int) -> np.ndarray:
        """The low ``bits`` bits (at most 32) of the next ``n`` 32-bit draws, as uint32."""
        if n < _LONG_RUN:
            return (self.bits.random_raw(n) & np.uint64((1 << bits) - 1)).astype(np.uint32)
        return self._legacy().randint(0, 1 << bits, size=n, dtype=np.uint32)

    def low_bits64(self, n: int, bits: int) -> np.ndarray:
        """The low ``bits`` bits (at most 64) of the next ``n`` 64-bit draws, as uint64."""
        if n < _LONG_RUN:
            out = self.u64(n)
            return out if bits == 64 else out & np.uint64((1 << bits) - 1)
        return self._legacy().randint(0, 1 << bits, size=n, dtype=np.uint64)

    def u32(self, n: int) -> np.ndarray:
        """``n`` 32-bit draws (as uint64)."""
        if n < _LONG_RUN:
            return self.bits.random_raw(n)
        return self.low_bits(n, 32).astype(np.uint64)

    def u64(self, n: int) -> np.ndarray:
        """``n`` 64-bit draws: two 32-bit outputs each, the first the high word."""
        if n >= _LONG_RUN:
            return self.low_bits64(n, 64)
        raw = self.bits.random_raw(2 * n)
        out = raw[0::2] << np.uint64(32)
        out |= raw[1::2]
        return out

    def _legacy(self) -> np.random.RandomState:
        """A numpy ``RandomState`` drawing from this generator's stream."""
        if self._bounded is None:
            self._bounded = np.random.RandomState(self.bits)
        return self._bounded

    # ----- state -----
    def get_state(self) -> tuple:
        st = self.bits.state["state"]
        return (self.initial, st["key"].copy(), int(st["pos"]), self.next_double_normal)

    def set_state(self, state: tuple):
        initial, key, pos, cached = state
        self.initial = initial
        self.bits.state = {"bit_generator": "MT19937", "state": {"key": key.copy(), "pos": pos}}
        self.next_double_normal = cached


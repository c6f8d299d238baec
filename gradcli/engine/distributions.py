"""PyTorch's CPU transforms from raw MT19937 draws to values, bit for bit.

Each function takes a ``Generator`` (``engine/generator.py``), draws in
PyTorch's order and returns a numpy array. Facts from PyTorch's
``TransformationHelper.h``, ``DistributionsHelper.h`` and
``native/cpu/DistributionTemplates.h``, checked against PyTorch 2.13:

- float32 uniforms use 24 bits of one 32-bit draw, float64 53 bits of a
  64-bit draw; ``x * (to - from) + from`` is one fused multiply-add.
- Normals of fewer than 16 elements (or of a non-contiguous tensor) are
  double Box–Muller, one value per element, the sine cached for the next
  draw. From 16 elements: a uniform fill, then blocks of 16; float32 takes
  the vectorised kernel of ``engine/avx_normal.py``, float64 the C
  library's ``log``/``cos``/``sin``.
- Where PyTorch computes in double with the C library (``log1p``, ``log``,
  ``sin``, ``cos``), so does this module, through Python's ``math`` (the
  same C library); numpy's own vectorised versions differ in the last bit
  for a fraction of the inputs.
"""
from __future__ import annotations

import functools
import math

import numpy as np

from .fma import fma32, fma64
from .generator import Generator

_TWO_PI = 2.0 * math.pi


def _libm(fn, x: np.ndarray) -> np.ndarray:
    """The C library's ``fn`` (a ``math`` function) on each element."""
    return np.fromiter(map(fn, x.tolist()), dtype=np.float64, count=x.size)


def low_bits_stream(gen: Generator, bits: int):
    """A function giving the low ``bits`` bits (at most 32) of the next
    ``n`` 32-bit draws of ``gen``, as uint32."""
    return functools.partial(gen.low_bits, bits=bits)


def u32_compact(gen: Generator, n: int) -> np.ndarray:
    """``n`` 32-bit draws as uint32 (``gen.u32`` gives them as uint64)."""
    return low_bits_stream(gen, 32)(n)


# NOTE: the fills write their outputs once, front to back, mostly in a
# process that has just started, so every page is a first touch. numpy
# asks the kernel to back arrays of 4 MB and more with huge pages, and that
# advice stays on: a fresh 40 MB output took 5-13 ms (one run in twelve 64
# ms, while the kernel made huge pages) against 16-28 ms with ordinary
# pages, whose faults cost microseconds each on virtual machines.


# ***** uniforms *****

def unit_float32(gen: Generator, n: int) -> np.ndarray:
    """``n`` float32 uniforms: 24 bits of a 32-bit draw each, times 2**-24."""
    return _scaled_in_place(gen.low_bits(n, 24), np.float32, np.float32(2.0 ** -24))


def unit_float64(gen: Generator, n: int) -> np.ndarray:
    """``n`` float64 uniforms: 53 bits of a 64-bit draw each, times 2**-53."""
    return _scaled_in_place(gen.low_bits64(n, 53), np.float64, 2.0 ** -53)


def _scaled_in_place(bits: np.ndarray, dtype, scale) -> np.ndarray:
    """The integers ``bits`` (a new 1-D array) as floats of ``dtype`` of the
    same size, times ``scale``, in ``bits``' own memory.

    NOTE: a one-dimensional cast into the same memory reads each element
    before it writes it, so numpy makes no copy; a fill of millions then
    faults in one array, not two (numpy's cast is exact: fewer bits than the
    mantissa)."""
    out = bits.view(dtype)
    np.copyto(out, bits, casting="unsafe")
    out *= scale
    return out


def uniform(gen: Generator, n: int, np_dtype, low=0.0, high=1.0) -> np.ndarray:
    """``uniform_(low, high)`` / ``rand``: ``n`` values of ``np_dtype``."""
    np_dtype = np.dtype(np_dtype)
    if np_dtype == np.float64:
        x = unit_float64(gen, n)
        return x if (low, high) == (0.0, 1.0) else fma64(x, high - low, low)
    if np_dtype == np.float32:
        x = unit_float32(gen, n)
        if (low, high) == (0.0, 1.0):
            return x
        lo, hi = np.float32(low), np.float32(high)
        return fma32(x, hi - lo, lo)
    if np_dtype == np.float16:
        # NOTE: half-precision draws are float32 draws (24 bits), rounded.
        x = unit_float32(gen, n)
        lo, hi = np.float32(np.float16(low)), np.float32(np.float16(high))
        out = fma32(x, hi - lo, lo).astype(np.float16)
        out[out == np.float16(hi)] = np.float16(lo)      # rounded up to `to`: PyTorch gives `from`
        return out
    raise TypeError(np_dtype)


# ***** normals *****

def _box_muller_doubles(gen: Generator, n: int) -> np.ndarray:
    """``n`` double standard normals, one at a time as PyTorch's
    ``normal_distribution<double>`` draws them (the sine cached)."""
    out = np.empty(n, dtype=np.float64)
    start = 0
    if n and gen.next_double_normal is not None:
        out[0] = gen.next_double_normal
        gen.next_double_normal = None
        start = 1
    m = n - start
    if m <= 0:
        return out
    pairs = (m + 1) // 2
    u = unit_float64(gen, 2 * pairs)
    u1, u2 = u[0::2], u[1::2]
    radius = np.sqrt(-2.0 * _libm(math.log1p, -u2))
    theta = _TWO_PI * u1
    both = np.empty(2 * pairs, dtype=np.float64)
    both[0::2] = radius * _libm(math.cos, theta)
    both[1::2] = radius * _libm(math.sin, theta)
    out[start:] = both[:m]
    if m % 2:
        gen.next_double_normal = float(both[-1])
    return out


def _blocks_float64(u: np.ndarray) -> np.ndarray:
    blocks = u.reshape(-1, 2, 8)
    radius = np.sqrt(-2.0 * _libm(math.log, 1.0 - blocks[:, 0, :].ravel()))
    theta = _TWO_PI * blocks[:, 1, :].ravel()
    out = np.empty_like(blocks)
    # (+ 0: the kernel adds the mean, which makes a -0 product +0)
    out[:, 0, :] = (radius * _libm(math.cos, theta) + 0.0).reshape(-1, 8)
    out[:, 1, :] = (radius * _libm(math.sin, theta) + 0.0).reshape(-1, 8)
    return out.reshape(-1)


def normal(gen: Generator, n: int, np_dtype, mean=0.0, std=1.0, contiguous=True) -> np.ndarray:
    """``normal_(mean, std)`` / ``randn``: ``n`` values of ``np_dtype``."""
    np_dtype = np.dtype(np_dtype)
    if np_dtype == np.float16 and n >= 16 and contiguous:
        # NOTE: float16 normals are the float32 kernel's, rounded; exact when
        # the size is a multiple of 16 (PyTorch's redone last block of other
        # sizes is not reproduced for float16).
        return normal(gen, n, np.float32, mean, std).astype(np.float16)
    if n < 16 or not contiguous or np_dtype not in (np.float32, np.float64):
        z = _box_muller_doubles(gen, n)
        # NOTE: PyTorch returns r cos θ * std + mean, which turns a -0 (r = 0) into +0
        z = fma64(z, float(std), float(mean)) if (mean, std) != (0.0, 1.0) else z + 0.0
        return z.astype(np_dtype)
    f32 = np_dtype == np.float32
    whole = n // 16 * 16
    if f32:
        # the float32 kernel's uniforms are the draws' low 24 bits times 2**-24
        from .avx_normal import normal_fill       # loaded on first use (start-up time)
        draw = low_bits_stream(gen, 24)
        out = normal_fill(draw, n // 16, np.empty(n, np.float32))
        if n != whole:
            # NOTE: PyTorch draws n uniforms, then redraws the last 16 and
            # redoes that block.
            draw(n - whole)
            out[n - 16:] = normal_fill(draw, 1)
    else:
        u = unit_float64(gen, n)
        out = np.empty(n, dtype=np_dtype)
        out[:whole] = _blocks_float64(u[:whole])
        u = None
        if n != whole:
            out[n - 16:] = _blocks_float64(unit_float64(gen, 16))
    if (mean, std) != (0.0, 1.0):
        out = fma32(out, np.float32(std), np.float32(mean)) if f32 else fma64(out, float(std), float(mean))
    return out


# ***** integers *****

def random_from_to(gen: Generator, n: int, span: int, base: int) -> np.ndarray:
    """``random_(from, to)`` / ``randint``: ``(draw % span) + base`` as int64,
    from a 64-bit draw when the span is 2**28 or more.

    NOTE: PyTorch's released builds switch to 64-bit draws at 2**28 (to keep
    the skew of ``%`` small), whatever the dtype; its source has 2**32 for
    some dtypes too, but only in Meta's internal builds (checked on spans
    from 10 to 2**32 + 5)."""
    if span >= (1 << 28):
        v = gen.u64(n)
        v %= np.uint64(span)
    else:
        v = np.empty(n, np.uint64)
        np.remainder(gen.low_bits(n, 32), np.uint32(span), out=v)
    v += np.uint64(base & 0xFFFF_FFFF_FFFF_FFFF)
    return v.view(np.int64)


def random_full(gen: Generator, n: int, np_dtype) -> np.ndarray:
    """``random_()`` with no bounds: ``[0, 2**mantissa_bits]`` for floats,
    ``[0, max]`` for integers."""
    np_dtype = np.dtype(np_dtype)
    v = gen.u64(n) if np_dtype in (np.float64, np.int64) else gen.u32(n)
    if np_dtype == np.bool_:
        return (v & np.uint64(1)).astype(np.bool_)
    if np_dtype.kind == "f":
        digits = np.finfo(np_dtype).nmant + 1
        return (v % np.uint64((1 << digits) + 1)).astype(np_dtype)
    top = int(np.iinfo(np_dtype).max) + 1
    return (v % np.uint64(top)).astype(np_dtype)


def permutation(gen: Generator, n: int) -> np.ndarray:
    """``randperm(n)``: a forward Fisher–Yates shuffle, swapping ``i`` with
    ``i + draw % (n - i)``."""
    out = list(range(n))
    if n < 2:
        return np.array(out, dtype=np.int64)
    spans = np.arange(n, 1, -1, dtype=np.uint64)
    offsets = (gen.u32(n - 1) % spans).tolist()
    # NOTE: each swap depends on the previous ones, so this walk is
    # sequential; the draws and their reduction above are vectorised.
    for i, z in enumerate(offsets):
        j = i + z
        out[i], out[j] = out[j], out[i]
    return np.array(out, dtype=np.int64)


# ***** Bernoulli, exponential *****

def bernoulli_scalar(gen: Generator, n: int, p: float) -> np.ndarray:
    """``bernoulli_(p)``: a double uniform per element below ``p``."""
    return unit_float64(gen, n) < p


def bernoulli_tensor(gen: Generator, p: np.ndarray) -> np.ndarray:
    """``bernoulli(p)``: per element, a uniform of ``p``'s precision below it."""
    flat = p.ravel()
    if p.dtype == np.float64:
        u = unit_float64(gen, flat.size)
    else:
        u = unit_float32(gen, flat.size)
        flat = flat.astype(np.float32)
    return (u < flat).reshape(p.shape)


def exponential(gen: Generator, n: int, lambd: float) -> np.ndarray:
    """``exponential_(lambd)``: ``-1/lambd * log1p(-u)`` in double."""
    u = unit_float64(gen, n)
    return (-1.0 / lambd) * _libm(math.log1p, -u)

"""Fused multiply-add, correctly rounded, on numpy arrays.

PyTorch's compiled kernels fuse ``a * b + c`` into one FMA instruction
(one rounding); numpy has no FMA, so these emulate it exactly with
error-free transformations and rounding to odd (Boldo & Melquiond, 2008).
"""
from __future__ import annotations

from array import array

import numpy as np

_INF = np.float64(np.inf)


def two_sum(a, b):
    """``(s, err)``: ``a + b`` rounded and its exact rest (Knuth)."""
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def round_to_odd(s, err):
    """``s + err`` (``s`` its round-to-nearest, ``err`` the exact rest)
    rounded to odd: ``s`` if exact or odd, else its neighbour towards ``err``."""
    even = (s.view(np.int64) & 1) == 0
    fix = (err != 0) & even
    if fix.any():
        s = np.where(fix, np.nextafter(s, np.where(err > 0, _INF, -_INF)), s)
    return s


_INT64_MIN = np.iinfo(np.int64).min


def _fma32_exact(a, b, c) -> np.ndarray:
    p = np.multiply(a, b, dtype=np.float64)
    s, err = two_sum(p, np.asarray(c, dtype=np.float64))
    return round_to_odd(s, err).astype(np.float32)


_BLOCK = 1 << 15                         # elements per block of a large fma32
# NOTE: times_one_minus_square32 makes fewer passes over a block: blocks of
# 2**17 (a 1 MB float64 buffer, in the CPU's second-level cache) took 0.7 of
# the time of 2**15 on a 512x1024 gradient, hot or not.
_SQUARE_BLOCK = 1 << 17


def fma32(a, b, c) -> np.ndarray:
    """``a * b + c`` for float32 values (float32 or float64 arrays holding
    float32 values, or numbers) with one float32 rounding.

    The product of two float32 is exact in float64, and the float64 sum
    rounded to float32 is the fused result unless that sum was itself
    rounded onto a float32 tie (double rounding); only such elements are
    redone, their sum rounded to odd in float64 (53 >= 24 + 2 bits).
    Large arrays go in blocks, so the float64 temporaries stay small (and
    in the CPU's cache) whatever the size."""
    shape = np.broadcast_shapes(np.shape(a), np.shape(b), np.shape(c))
    n = 1
    for d in shape:
        n *= d
    if n <= 2 * _BLOCK:
        return _fma32_block(a, b, c)
    out = np.empty(shape, dtype=np.float32)
    flat = out.reshape(-1)
    # NOTE: numbers stay numbers; an array of the full shape flattens to a
    # view; a broadcast one is copied once, as float32 values.
    parts = [v if np.ndim(v) == 0 else np.broadcast_to(v, shape).reshape(-1) for v in (a, b, c)]
    for i in range(0, n, _BLOCK):
        flat[i:i + _BLOCK] = _fma32_block(*(v if np.ndim(v) == 0 else v[i:i + _BLOCK] for v in parts))
    return out


def _fma32_block(a, b, c) -> np.ndarray:
    s = np.multiply(a, b, dtype=np.float64)
    if s.shape == np.shape(c):
        s += c
    else:                                   # c broadcasts the product up
        s = s + c
    r = s.astype(np.float32)
    # the 29 float64 bits below float32's last bit, moved to the top: a tie
    # is 1 then 28 zeros, the smallest int64
    low = s.view(np.int64) << 35
    if r.ndim and r.size and low.min() == _INT64_MIN:
        idx = np.flatnonzero(low == _INT64_MIN)     # flat positions, also for N-D arrays
        r.reshape(-1)[idx] = _fma32_exact(*(np.broadcast_to(v, s.shape).reshape(-1)[idx] for v in (a, b, c)))
    elif not r.ndim and low == _INT64_MIN:
        r = _fma32_exact(a, b, c)
    return r


_CHAIN = 1 << 16                        # products made at a time by fused_dot_down
_FEW = 8                                # chains: up to this many, each runs on Python floats


def fused_dot_down(x, y) -> np.ndarray:
    """``fma(x[k-1], y[k-1], ... fma(x[0], y[0], 0))`` for each column of
    the float32 (k, n) arrays ``x`` and ``y``: each product fused into the
    column's running float32 sum, in order, from zero. (n,) float32.

    A chunk of steps at a time: the products are exact in float64, and each
    step's float64 sum rounded to float32 is the fused result unless that
    sum lies on a float32 tie (double rounding, see ``fma32``); a chunk
    where one did is redone from there with ``fma32``, step by step. Each
    step depends on the one before, so the steps are a loop: over the
    columns at once in numpy, or for a few long columns, each on its own
    in Python floats (a numpy call per step would cost more than the step).
    Each add takes the product first, as ``fma32``'s does (where two NaNs
    meet, the CPU's add keeps the first one's sign, though numpy's scalar
    loops may not)."""
    k, n = x.shape
    acc = np.zeros(n, np.float32)
    per = max(1, _CHAIN // max(n, 1))
    for t0 in range(0, k, per):
        prods = np.multiply(x[t0:t0 + per], y[t0:t0 + per], dtype=np.float64)
        start = acc.copy()
        floats = n <= _FEW and not np.isnan(prods).any()
        sums = _running_sums_floats(prods, acc) if floats else _running_sums(prods, acc)
        ties = ((sums.view(np.int64) << 35) == _INT64_MIN).any(axis=1)
        if ties.any():
            j = int(np.argmax(ties))
            acc = sums[j - 1].astype(np.float32) if j else start
            for t in range(t0 + j, t0 + len(prods)):
                acc = fma32(x[t], y[t], acc)
    return acc


def fused_dot_down64(x, y) -> np.ndarray:
    """``fused_dot_down`` of float64 (k, n) arrays: each product fused into
    the column's running float64 sum, in order, from zero. (n,) float64."""
    acc = np.zeros(x.shape[1])
    for t in range(x.shape[0]):
        acc = fma64(x[t], y[t], acc)
    return acc


def _running_sums(prods: np.ndarray, acc: np.ndarray) -> np.ndarray:
    """Each row of ``prods`` added to ``acc`` (float32, updated) in float64:
    the float64 sums, row by row.

    NOTE: the product is the first operand, as in ``fma32``."""
    sums = np.empty_like(prods)
    for j in range(len(prods)):
        np.add(prods[j], acc, out=sums[j])        # product first: a NaN's sign as fma32 keeps it
        acc[...] = sums[j]
    return sums


def _running_sums_floats(prods: np.ndarray, acc: np.ndarray) -> np.ndarray:
    """``_running_sums`` a column at a time, on Python floats; storing a
    float into a float32 array rounds it as numpy's cast does. (Not for
    NaNs: Python's float addition may keep either NaN's sign.)"""
    sums = np.empty_like(prods)
    box = array("f", [0.0])
    for c, column in enumerate(prods.T.tolist()):
        total = float(acc[c])
        out = []
        put = out.append
        for p in column:
            s = p + total
            put(s)
            box[0] = s
            total = box[0]
        sums[:, c] = out
        acc[c] = total
    return sums


def times_one_minus_square32(g, y) -> np.ndarray:
    """``g * fma(-y, y, 1)`` for float32 arrays ``g`` and ``y`` of one shape,
    both C-contiguous: ``1 - y * y`` with one float32 rounding, then the
    product with ``g`` (PyTorch's float32 tanh backward, as its vectorised
    loop computes it), block by block into one new array, each block's
    ``g *`` while it is in the CPU's cache.

    NOTE: no tie check is needed here, unlike ``fma32``: ``y * y`` is exact
    in float64, and so is ``1 - y * y`` when ``|y| >= 2**-3``; below 2**-16
    it lies above 1 - 2**-32, far from the float32 tie 1 - 2**-25; and no
    float32 ``y`` in between makes the float64 ``1 - y * y`` fall on a
    float32 tie (tests/test_engine_paths.py checks every one). So the
    float64 result rounded to float32 is the fused result."""
    out = np.empty(y.shape, dtype=np.float32)
    flat, yf, gf = out.reshape(-1), y.reshape(-1), g.reshape(-1)
    n = flat.size
    s_buf = np.empty(min(n, _SQUARE_BLOCK), dtype=np.float64)
    for i in range(0, n, _SQUARE_BLOCK):
        j = min(i + _SQUARE_BLOCK, n)
        s, ob = s_buf[:j - i], flat[i:j]
        # NOTE: the casts as assignments: numpy's plain casting loops, faster
        # than a float64 multiply of float32 inputs (the same numbers)
        s[...] = yf[i:j]
        np.multiply(s, s, out=s)
        np.subtract(1.0, s, out=s)      # a NaN keeps its sign, as in PyTorch's loop
        ob[...] = s
        np.multiply(gf[i:j], ob, out=ob)
    return out


def one_minus_square_ties(lo: int, hi: int) -> np.ndarray:
    """The float32 values with bit patterns in ``[lo, hi)`` whose float64
    ``1 - y * y`` lies on a float32 tie (see ``times_one_minus_square32``)."""
    found = []
    step = 1 << 22
    for start in range(lo, hi, step):
        y = np.arange(start, min(start + step, hi), dtype=np.int32).view(np.float32)
        s = y.astype(np.float64)
        np.multiply(s, s, out=s)
        np.subtract(1.0, s, out=s)
        low = s.view(np.int64) << 35
        found.append(y[low == _INT64_MIN])
    return np.concatenate(found) if found else np.empty(0, np.float32)


_SPLIT = np.float64(134217729.0)          # 2**27 + 1 (Dekker's split)


def two_prod(a, b):
    """``(p, err)``: ``a * b`` rounded and its exact rest (Dekker; finite
    values of moderate size)."""
    p = a * b
    t = _SPLIT * a
    ah = t - (t - a)
    al = a - ah
    t = _SPLIT * b
    bh = t - (t - b)
    bl = b - bh
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


def fma64(a, b, c) -> np.ndarray:
    """``a * b + c`` in float64 with one rounding (exact for finite values
    of moderate size; where the split overflows, or for infinities and
    NaNs, ``a * b + c`` as numpy computes it: the same infinity or NaN, or
    a finite result off by at most its last bit)."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    c = np.asarray(c, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        uh, ul = two_prod(a, b)
        th, tl = two_sum(c, uh)
        v, ev = two_sum(tl, ul)
        out = th + round_to_odd(v, ev)
    bad = ~np.isfinite(out)
    if bad.any():
        out = np.where(bad, a * b + c, out)
    return out


def fma_to(a, b, c, dtype) -> np.ndarray:
    """``a * b + c`` with one rounding to ``dtype`` (float32, else
    float64), as an FMA instruction."""
    if dtype == np.float32:
        return fma32(a, b, c)
    return fma64(a, b, c)


def plus_scaled(a, b, alpha):
    """``a + alpha * b`` as PyTorch's ``add(a, b, alpha=alpha)`` computes
    it (``sub`` is ``add`` with ``-alpha``): for float32 and float64 one
    fused multiply-add, ``fma(b, alpha, a)`` with ``alpha`` in that dtype
    (its vectorised loop's ``fmadd``, and the compiled scalar loop's);
    integers exactly."""
    if alpha == 1:
        return a + b
    dt = np.result_type(a, b)
    if dt == np.float32 or dt == np.float64:
        return np.asarray(fma_to(b, dt.type(alpha), a, dt), dtype=dt)
    return a + alpha * b

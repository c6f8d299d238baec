"""PyTorch's CPU means and variances, bit for bit: ``RowwiseMoments`` of
``aten/src/ATen/native/cpu/moments_utils.h``, the Welford kernel that layer
norm (and batch norm's statistics over a contiguous run) use; and the
generic Welford reduction of var_mean and std_mean (``welford_rows``), and
the two passes of var and std over everything (``var_all``), at the end
of this file.

A row of ``N`` values is read as ``N // LANES`` vectors (its AVX2 kernel:
8 floats, 4 doubles). The vectors go in chunks of 16: within a chunk each
lane runs Welford's update (``m1 += (x - m1) / (j + 1)``,
``m2 += (x - m1_old) * (x - m1_new)``, both fused multiply-adds); the
chunks' moments are merged in a binary cascade (a stack, as a binary
counter adds), then the lanes are merged one by one into the moments of
the leftover ``N % LANES`` elements (a scalar Welford loop). The mean is
``m1``, the biased variance ``m2 / N``.

Which operations the compiler fused was found by comparing with PyTorch
2.13 on this machine: in the scalar merge of the lanes the multiply-adds
are fused (``m1 + c * delta`` and ``m2_add + delta * delta * c * m0``), in
the scalar loop over the leftover elements they are not. Checked against
PyTorch 2.13, float32 and float64, every row length from 1 to 69 and up
to 4100 (tests/test_norm_bits.py keeps a sample of them).
"""
from __future__ import annotations

import math

import numpy as np

from .cascade import _iteration, mean_like_torch, visiting_rows
from .cpu_loop import GRAIN, threads_for
from .fma import fma32, fma64

LANES = {np.dtype(np.float32): 8, np.dtype(np.float64): 4}
CHUNK = 16                      # kChunkSize


def _ceil_log2(x: int) -> int:
    return 0 if x <= 1 else int(x - 1).bit_length()


def exact_kind(a) -> bool:
    """Whether ``rowwise_moments`` follows PyTorch's kernel for ``a``'s dtype."""
    return a.dtype in LANES


def rowwise_moments(x: np.ndarray):
    """``(mean, biased variance)`` of each row of a 2-D float32/float64
    array, as PyTorch's ``RowwiseMoments`` computes them (arrays of the
    rows' count, in ``x``'s dtype)."""
    x = np.ascontiguousarray(x)
    dt = x.dtype
    f = dt.type
    fma = fma32 if dt == np.float32 else fma64
    rows, n_all = x.shape
    lanes = LANES[dt]
    n = n_all // lanes                          # whole vectors
    m = -(-n // CHUNK)                          # chunks of vectors
    depth = _ceil_log2(m)
    size = max(depth, 1)
    zero = np.zeros((rows, lanes), dt)
    m0_stack = [0] * size
    m1_stack = [zero] * size
    m2_stack = [zero] * size

    def merge(m0_add, m1_add, m2_add, k):
        """AddMomentsVec: moments (m0_add, m1_add, m2_add) into stack level k."""
        total = m0_stack[k] + m0_add
        c = f(0) if total == 0 else f(m0_add) / f(total)
        delta = m1_add - m1_stack[k]
        m2_tmp = m2_stack[k] + m2_add
        c_delta = c * delta
        m0_delta = delta * f(m0_stack[k])
        m1_stack[k] = m1_stack[k] + c_delta
        m2_stack[k] = fma(m0_delta, c_delta, m2_tmp)
        m0_stack[k] = total

    if n:
        vectors = x[:, :n * lanes].reshape(rows, n, lanes)
        full = n // CHUNK
        # UpdateMomentsVec of every whole chunk at once (chunks are independent until merged)
        chunk_m1, chunk_m2 = _chunk_moments(vectors[:, :full * CHUNK].reshape(rows, full, CHUNK, lanes), fma, f)
        if n % CHUNK:
            last_m1, last_m2 = _chunk_moments(vectors[:, full * CHUNK:].reshape(rows, 1, n % CHUNK, lanes), fma, f)
        for i in range(m):
            if i < full:
                merge(CHUNK, chunk_m1[:, i], chunk_m2[:, i], 0)
            else:
                merge(n % CHUNK, last_m1[:, 0], last_m2[:, 0], 0)
            mask, j = i + 1, 1
            while j < depth and (mask & 1) == 0:
                merge(m0_stack[j - 1], m1_stack[j - 1], m2_stack[j - 1], j)
                m0_stack[j - 1], m1_stack[j - 1], m2_stack[j - 1] = 0, zero, zero
                mask >>= 1
                j += 1
        for k in range(1, depth):
            merge(m0_stack[k], m1_stack[k], m2_stack[k], 0)
    lane_m1, lane_m2 = m1_stack[0], m2_stack[0]
    # the leftover elements: a scalar Welford loop (not fused)
    count = 0
    m1 = np.zeros(rows, dt)
    m2 = np.zeros(rows, dt)
    for i in range(n * lanes, n_all):
        v = x[:, i]
        delta = v - m1
        count += 1
        m1 = m1 + delta / f(count)
        m2 = m2 + delta * (v - m1)
    # the lanes merged one by one (AddMoments, fused)
    for k in range(lanes):
        total = count + n
        c = f(0) if total == 0 else f(n) / f(total)
        delta = lane_m1[:, k] - m1
        m1 = fma(np.full(rows, c, dt), delta, m1)
        m2 = m2 + fma((delta * delta) * c, np.full(rows, f(count), dt), lane_m2[:, k])
        count = total
    with np.errstate(all="ignore"):
        return m1, m2 / f(n_all)


def _chunk_moments(chunks: np.ndarray, fma, f):
    """UpdateMomentsVec of chunks (rows, count, size, lanes): each lane's
    Welford moments over its ``size`` vectors, for every chunk."""
    rows, count, size, lanes = chunks.shape
    m1 = np.zeros((rows, count, lanes), chunks.dtype)
    m2 = np.zeros((rows, count, lanes), chunks.dtype)
    for j in range(size):
        v = chunks[:, :, j]
        delta = v - m1
        m1 = fma(np.full(m1.shape, f(1) / f(j + 1), chunks.dtype), delta, m1)
        m2 = fma(delta, v - m1, m2)
    return m1, m2


# ***** Welford over each output's elements (var_mean, std_mean) *****
# NOTE: PyTorch's var_mean and std_mean (and var/std over some of the dims)
# reduce with ``WelfordOps`` of ``aten/src/ATen/native/SharedReduceOps.h``
# in ``binary_kernel_reduce`` (``cpu/Reduce.h``): per output one pass over
# its elements in the order TensorIterator visits them, in double whatever
# the dtype: ``delta = x - mean; mean += delta / n; m2 += delta * (x - mean)``,
# no multiply-add fused (checked: a fused one differs on a quarter of the
# cases). A single output of GRAIN elements or more is split into one
# contiguous part per thread, and the parts' moments combined in order.

WELFORD_EXACT_MAX = 1 << 16     # elements per pass: longer passes take numpy's two-pass moments


def welford_rows(rows: np.ndarray):
    """``(mean, m2, count)`` of each row of ``rows`` (outputs, n), float64,
    as PyTorch's Welford reduction computes them; a pass longer than
    WELFORD_EXACT_MAX elements is numpy's (close, not the same bits)."""
    outputs, n = rows.shape
    x = rows.astype(np.float64, copy=False)
    threads = threads_for(n) if outputs == 1 else 1
    parts = min(threads, -(-n // GRAIN)) if threads > 1 else 1
    chunk = -(-n // parts) if n else 0
    if chunk > WELFORD_EXACT_MAX:
        mean = x.mean(axis=1) if n else np.zeros(outputs)
        return mean, ((x - mean[:, None]) ** 2).sum(axis=1), float(n)
    mean = m2 = None
    count = 0.0
    for start in range(0, n, chunk or 1):
        part_mean, part_m2 = _welford_pass(x[:, start:start + chunk])
        part_n = float(min(chunk, n - start))
        if mean is None:
            mean, m2, count = part_mean, part_m2, part_n
            continue
        # WelfordOps::combine
        delta = part_mean - mean
        total = count + part_n
        nb_over_n = part_n / total
        mean = mean + delta * nb_over_n
        m2 = m2 + part_m2 + delta * delta * count * nb_over_n
        count = total
    if mean is None:
        mean, m2 = np.zeros(outputs), np.zeros(outputs)
    return mean, m2, count


def _welford_pass(x: np.ndarray):
    """WelfordOps::reduce over the columns of ``x`` in order (float64)."""
    mean = np.zeros(x.shape[0])
    m2 = np.zeros(x.shape[0])
    for i in range(x.shape[1]):
        v = x[:, i]
        delta = v - mean
        mean = mean + delta / float(i + 1)
        m2 = m2 + delta * (v - mean)
    return mean, m2


def welford_moments(a, dims, correction, keepdim, root):
    """(variance or standard deviation, mean) of ``a`` over ``dims`` (None:
    all) as PyTorch's Welford kernel computes them, rounded to ``a``'s dtype."""
    axes = set(range(a.ndim)) if not dims else set(dims)
    shape = tuple(1 if i in axes else n for i, n in enumerate(a.shape)) if keepdim else \
        tuple(n for i, n in enumerate(a.shape) if i not in axes)
    if a.size == 0:
        nan = np.full(shape, np.nan, a.dtype)
        return nan, nan.copy()
    mean, m2, n = welford_rows(visiting_rows(a, axes))
    with np.errstate(all="ignore"):
        spread = m2 / (n - correction if n > correction else 0.0)
        if root:
            spread = np.sqrt(spread)
    if a.dtype == np.float16:
        # NOTE: c10::Half is made from a double through float (two roundings)
        spread, mean = spread.astype(np.float32), mean.astype(np.float32)
    return spread.astype(a.dtype).reshape(shape), mean.astype(a.dtype).reshape(shape)


# ***** var and std (ReduceOps.cpp std_var_out) *****
# NOTE: PyTorch's var and std on the CPU reduce with the Welford kernel
# above when there is more than one output (or the dtype is float16); to a
# single float32/float64 output (every dim, or dims leaving only size-1
# ones) they take ``std_var_all_cpu``'s two passes instead: the mean by ``x.mean()`` (the
# cascade sum divided by the count, in the input's dtype), then, in double,
# ``(x - mean) ** 2`` added one element after another (nothing fused) in
# the order a TensorIterator over the input visits them. Above GRAIN
# elements ``at::parallel_reduce`` gives each thread a contiguous range;
# within a range each call of the 2-D loop sums from zero into its own
# total, which is added to the thread's (``_loop_calls``), and the threads'
# totals are added in order. Checked against PyTorch 2.13: float32 and
# float64, every 13th size to 5,000 and 10**5, 10**6 elements, permuted and
# sliced layouts, the same bits.

def spread_like_torch(a, dims, correction, keepdim, root):
    """var (``root`` False) or std of float ``a`` over ``dims`` (None or
    (): all) as PyTorch's CPU kernels compute them, in ``a``'s dtype."""
    axes = range(a.ndim) if not dims else dims
    if a.dtype in LANES and a.size and math.prod(a.shape[d] for d in range(a.ndim) if d not in axes) == 1:
        shape = tuple(1 if keepdim or d not in axes else 0 for d in range(a.ndim))
        return np.asarray(var_all(a, correction, root)).reshape(tuple(s for s in shape if s))
    return welford_moments(a, dims, correction, keepdim, root)[0]


def var_all(a: np.ndarray, correction, root: bool):
    """``std_var_all_cpu``: the variance (or its root) of every element of
    float32/float64 ``a``, a scalar of ``a``'s dtype."""
    mean = float(mean_like_torch(a))
    dims = _iteration(a, tuple(range(a.ndim))) if a.size > 1 else None
    if dims is None:                    # one element, or strides not modelled: memory order as laid out
        x, sizes = a.reshape(-1), [a.size]
    else:
        sizes = [d[0] for d in dims]
        x = np.lib.stride_tricks.as_strided(a, sizes[::-1], [d[1] * a.itemsize for d in reversed(dims)],
                                            writeable=False).reshape(-1)
    x = x.astype(np.float64)
    n = x.size
    threads = threads_for(n)
    parts = min(threads, -(-n // GRAIN)) if threads > 1 else 1
    chunk = -(-n // parts)
    total = 0.0
    for begin in range(0, n, chunk):
        end = min(n, begin + chunk)
        calls = _loop_calls(sizes, begin, end)
        delta = x[begin:end] - mean
        squares = delta * delta
        thread = 0.0
        for sums in _runs_summed(squares, calls):
            for s in sums.tolist():
                thread += s
        total += thread
    with np.errstate(all="ignore"):
        spread = np.float64(total) / np.float64(max(0.0, n - correction))
        if root:
            spread = np.sqrt(spread)
    return spread.astype(a.dtype)


def _loop_calls(sizes: list, begin: int, end: int) -> list:
    """The element counts of the 2-D loop calls ``serial_for_each`` makes
    over ``[begin, end)`` of an iteration of ``sizes`` (innermost first),
    as its ``DimCounter::max_2d_step`` steps: the rest of a row, then whole
    rows up to the end of the second dim or of the range."""
    if len(sizes) <= 1:
        return [end - begin]
    n0, n1 = sizes[0], sizes[1]
    calls = []
    offset = begin
    while offset < end:
        step0 = min(n0 - offset % n0, end - offset)
        step1 = min(n1 - offset // n0 % n1, (end - offset) // n0) if step0 == n0 else 1
        calls.append(step0 * step1)
        offset += step0 * step1
    return calls


def _runs_summed(terms: np.ndarray, calls: list):
    """Each call's ``terms`` added one after another from zero, as arrays of
    the sums of runs of calls of equal length, in order."""
    start = 0
    i = 0
    while i < len(calls):
        j = i
        while j < len(calls) and calls[j] == calls[i]:
            j += 1
        block = terms[start:start + calls[i] * (j - i)].reshape(j - i, calls[i])
        # NOTE: numpy's accumulate adds along a row one term after another
        yield np.add.accumulate(block, axis=1)[:, -1] + 0.0
        start += calls[i] * (j - i)
        i = j

"""Which elements PyTorch's vectorised CPU loops compute with the scalar
function instead of the vector one, and the two put together.

PyTorch's elementwise loops (``cpu_kernel_vec``) run the vector function
over two registers at a time and finish each inner loop with the scalar
function (the C library's, ``engine/libm.py``); a strided inner loop is all
scalar. Which elements those are depends on the size, the layout and how
the range was split over the intra-op threads.
"""
from __future__ import annotations

import functools
import os

import numpy as np

# NOTE: PyTorch's vectorised elementwise loops (cpu_kernel_vec) run two
# vectors at a time (32 float32 or 16 float64 lanes on AVX512) and finish each inner loop
# with the scalar function (the C library's); above GRAIN elements the range
# is first split evenly over the intra-op threads.
GRAIN = 32768
VECTOR_BYTES = 64       # one AVX512 register; the loop steps by two: 32 float32 or 16 float64 lanes


@functools.cache
def usable_cpus() -> int:
    """The CPUs this process may run on (asked once: the system call costs
    more than a small sum, and PyTorch too reads it when it starts)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:      # not on Linux
        return max(1, os.cpu_count() or 1)


def intra_op_threads() -> int:
    """PyTorch's default intra-op thread count: ``OMP_NUM_THREADS`` when it
    is a positive number, else the usable CPUs. How PyTorch splits a loop
    or a sum among its threads follows from it (and so do a sum's bits)."""
    try:
        n = int(os.environ.get("OMP_NUM_THREADS", "0"))
    except ValueError:
        n = 0
    return n if n > 0 else usable_cpus()


def threads_for(n: int) -> int:
    """The intra-op threads PyTorch splits a loop or reduction of ``n``
    elements over: one below GRAIN (not asked, then: the cheap common case)."""
    return 1 if n < GRAIN else intra_op_threads()


GELU_GRAIN = None       # PyTorch's GELU kernel: a grain of n / threads above 16,384 elements


def _loop_tails(n: int, threads: int, grain, step: int) -> np.ndarray:
    """Positions (in memory order) of a dense run of ``n`` elements that the scalar tail computes
    (split over the threads above ``grain`` elements)."""
    if grain is GELU_GRAIN:
        grain = max(n // threads, 1) if n > 16384 else n
    if n > grain and threads > 1:
        parts = min(threads, -(-n // grain))
        chunk = -(-n // parts)
        bounds = [(b, min(n, b + chunk)) for b in range(0, n, chunk)]
    else:
        bounds = [(0, n)]
    tails = [np.arange(e - (e - b) % step, e) for b, e in bounds if (e - b) % step]
    return np.concatenate(tails) if tails else np.zeros(0, dtype=np.intp)


def scalar_positions(a: np.ndarray, threads: int | None = None, grain=GRAIN):
    """Index (a tuple for ``a[...]``) of the elements PyTorch's vectorised
    loop computes with the scalar function, for a contiguous tensor (any
    dimension order) or, per row, for a strided one."""
    if a.size == 0:
        return (np.zeros(0, dtype=np.intp),) * a.ndim
    if threads is None:
        threads = intra_op_threads()
    shape, strides = a.shape, a.strides
    step = 2 * VECTOR_BYTES // a.itemsize
    axes = sorted((k for k in range(a.ndim) if shape[k] > 1), key=lambda k: -abs(strides[k]))
    dense, expect = True, a.itemsize
    for k in reversed(axes):
        if strides[k] != expect:
            dense = False
            break
        expect *= shape[k]
    if dense:
        mem = _loop_tails(a.size, threads, grain, step)
        sub = np.unravel_index(mem, tuple(shape[k] for k in axes)) if axes else ()
        index = [np.zeros(mem.size, dtype=np.intp) for _ in range(a.ndim)]
        for k, s in zip(axes, sub):
            index[k] = s
        return tuple(index)
    inner = axes[-1]
    if strides[inner] != a.itemsize:            # no contiguous inner loop: every element is scalar
        return np.nonzero(np.ones(shape, dtype=bool))
    mask = np.zeros(shape, dtype=bool)
    length = shape[inner]
    if length % step:
        sl = [slice(None)] * a.ndim
        sl[inner] = slice(length - length % step, length)
        mask[tuple(sl)] = True
    return np.nonzero(mask)


def with_scalar_tails(kernel, scalar, grain=GRAIN):
    """``kernel`` over the array, ``scalar`` where PyTorch's loop uses its scalar function."""
    def forward(a: np.ndarray) -> np.ndarray:
        out = np.asarray(kernel(a))
        idx = scalar_positions(a, grain=grain)
        if idx[0].size if idx else a.ndim == 0:
            out = np.array(out)
            out[idx] = scalar(np.asarray(a)[idx])
        return out
    forward.__name__ = kernel.__name__
    return forward

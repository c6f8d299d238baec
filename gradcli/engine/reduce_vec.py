"""PyTorch's vectorised reductions other than the sum (``binary_kernel_reduce_vec``
in ``aten/src/ATen/native/cpu/Reduce.h``), bit for bit: the product.

A run of contiguous elements is reduced in registers of ``LANES`` elements
(the AVX2 kernel: 8 floats, 4 doubles), four registers at a time: each of
the four takes its first block, then multiplies in its block of each
following group of four; then the four are combined as ``(r0 r1)(r2 r3)``,
its lanes multiplied left to right, and that into the output (the
identity, 1); the elements after the last full group are multiplied in
one after another. A run shorter than four registers is multiplied in
order. Across a leading or middle dim the elements are multiplied down
each column in order, as numpy does there. Above GRAIN elements a product
of everything is split into one part per thread, and the parts
multiplied. Checked against PyTorch 2.13 (tests/test_reduce_vec.py).
"""
from __future__ import annotations

import numpy as np

from .cascade import GRAIN, LANES, memory_run
from .cpu_loop import threads_for


def _rows_product(rows: np.ndarray) -> np.ndarray:
    """``vectorized_inner_reduction`` (``*``) of each row of 2-D ``rows``."""
    lanes = LANES[rows.dtype]
    count, n = rows.shape[0], rows.shape[1]
    groups = n // (4 * lanes)
    out = np.ones(count, rows.dtype)
    if groups:
        blocks = np.ascontiguousarray(rows[:, :groups * 4 * lanes]).reshape(count, groups, 4, lanes)
        # NOTE: numpy multiplies the slices of an axis that is not the
        # innermost one after another, from the first
        acc = np.multiply.reduce(blocks, axis=1)
        v = (acc[:, 0] * acc[:, 1]) * (acc[:, 2] * acc[:, 3])
        b = v[:, 0].copy()
        for j in range(1, lanes):
            b *= v[:, j]
        out *= b
    for k in range(groups * 4 * lanes, n):
        out *= rows[:, k]
    return out


def torch_prod(a: np.ndarray):
    """The product of every element of float32/float64 ``a`` as PyTorch's
    CPU kernel computes it (in memory order: a transposed ``a`` too), or
    None where its order is not modelled (a non-dense ``a``)."""
    if a.dtype not in LANES:
        return None
    x = a.reshape(-1) if a.flags.c_contiguous else memory_run(a)
    if x is None:
        return None
    n = x.size
    threads = threads_for(n)
    if threads == 1:
        return _rows_product(x[None])[0]
    parts = min(threads, -(-n // GRAIN))
    chunk = -(-n // parts)
    total = a.dtype.type(1)
    for start in range(0, n, chunk):
        total = a.dtype.type(total * _rows_product(x[None, start:start + chunk])[0])
    return total


def prod_like_torch(a: np.ndarray, axis=None, keepdims: bool = False) -> np.ndarray:
    """``np.prod`` with PyTorch's order where its kernel differs from
    numpy's: a product of everything, or along a dim contiguous in memory;
    numpy's (the same order: in order down each column) elsewhere."""
    nd = a.ndim
    d = None if axis is None else axis % nd
    if d is None or a.size == a.shape[d]:
        # one output (a product of everything): PyTorch's threads split it
        r = torch_prod(a) if a.size else None
        if r is None:
            return np.prod(a, axis=axis, keepdims=keepdims)
        shape = () if d is None else tuple(1 if i == d else s for i, s in enumerate(a.shape)) if keepdims else \
            tuple(s for i, s in enumerate(a.shape) if i != d)
        return np.asarray(r).reshape(shape)
    # NOTE: the kernel takes its vector order wherever the reduced dim is
    # contiguous in memory (the last dim of a contiguous tensor, the first
    # of a transposed one); each output's run is moved last to read it so
    contiguous_run = a.strides[d] == a.itemsize or (a.flags.c_contiguous and all(s == 1 for s in a.shape[d + 1:]))
    if a.dtype in LANES and contiguous_run and a.size:
        r = _rows_product(np.moveaxis(a, d, -1).reshape(-1, a.shape[d]))
        shape = tuple(1 if i == d else s for i, s in enumerate(a.shape)) if keepdims else \
            tuple(s for i, s in enumerate(a.shape) if i != d)
        return r.reshape(shape)
    return np.prod(a, axis=axis, keepdims=keepdims)

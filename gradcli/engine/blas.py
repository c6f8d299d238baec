"""PyTorch's CPU matrix products where their order of additions is known:
the matrix-vector products its BLAS (MKL) computes column by column.

PyTorch hands ``mm``, ``mv``, ``addmm`` and a vector times a matrix to MKL,
which adds a long product's terms in an order of its own; numpy's BLAS adds
them in another, and the last bits differ. One case has a plain order: a
matrix times a vector where the matrix is read a column at a time (MKL's
``gemv`` without transposition): every output is ``0 + a[0]*x[0] +
a[1]*x[1] + ...`` in order, each product rounded, then added (no fused
multiply-add), in float32 and float64 alike, on any number of threads.
Those are

- ``(M, K) @ (K, 1)`` with the left matrix column-major (``x.t() @ g``: the
  weight gradient of ``nn.Linear(n, 1)``), and ``mv`` of such a matrix;
- ``(1, K) @ (K, N)`` with the right matrix row-major (a vector times a
  matrix, and the input gradient of a one-row batch), which PyTorch computes
  as the transposed product, read so.

``addmm`` starts those sums from its ``input`` instead of zero.

And a matrix-vector product of at most four terms per output, read either
way: ``0 + a[0]*x[0] + ...`` in order too (``nn.Linear(3, 1)`` on a batch);
``addmm`` adds its ``input`` to those sums after them.

A matrix-vector product read a row at a time (each output a dot product:
one input row through ``nn.Linear``, ``x @ W.t()``; a batch through
``nn.Linear(n, 1)``) goes through MKL's ``sgemv``/``dgemv`` kernels, four
rows at a time (``_four_rows``), and in float32 the rows left over one at a
time (``_one_row``; float64's are numpy's). ``addmm`` adds its ``input``
after those sums.
Matrix-matrix products add in orders not modelled here: numpy's.

Facts checked against PyTorch 2.13 on this machine: 800 random products of
each column-read case (K up to 20,000, M and N up to 1,000), and 130,000
rows of row-read ones (K from 5 to 3,000, up to 2,001 rows), on one and two
threads, equal bit for bit; tests/test_matmul_order.py keeps a recorded
sample and checks new ones live.
"""
from __future__ import annotations

import numpy as np

from .cascade import columns_in_order, halved_lanes, registers_in_order

_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))
SHORT = 4                       # terms per output up to which any matrix-vector product adds in order
_CHUNK_BYTES = 1 << 22          # products made at a time (the running sums stay in order)


def _vector_read(a: np.ndarray, b: np.ndarray):
    """How BLAS reads float ``a @ b`` when it is a matrix-vector product of
    two or more terms per output: ``("column", columns, weights)`` (``out =
    sum_k columns[k] * weights[k]``), ``("row", rows, x)`` (``out = rows @ x``),
    or None (another product, or a layout BLAS would copy first)."""
    if a.ndim != 2 or b.ndim != 2 or a.dtype not in _FLOATS or b.dtype != a.dtype:
        return None
    (m, k), n = a.shape, b.shape[1]
    if k < 2:
        return None
    size = a.itemsize
    if n == 1 and m >= 2:
        if a.strides[0] == size and a.strides[1] >= m * size:
            return "column", a.T, b[:, 0]            # out[i] = sum_k a[i, k] * b[k]: a's columns
        if a.strides[1] == size and a.strides[0] >= k * size:
            return "row", a, b[:, 0]
    if m == 1 and n >= 2:
        if b.strides[1] == size and b.strides[0] >= n * size:
            return "column", b, a[0]                 # out[j] = sum_k a[k] * b[k, j]: b's rows
        if b.strides[0] == size and b.strides[1] >= k * size:
            return "row", b.T, a[0]
    return None


def _column_read(a: np.ndarray, b: np.ndarray):
    """``(columns, weights)`` of a product read a column at a time, else None."""
    found = _vector_read(a, b)
    return found[1:] if found is not None and found[0] == "column" else None


def _ordered_sum(rows: np.ndarray, weights: np.ndarray, start=None) -> np.ndarray:
    """``start + rows[0]*weights[0] + rows[1]*weights[1] + ...`` in order,
    each product rounded (``start`` None: from zero)."""
    k, x = rows.shape
    dt = rows.dtype
    per = max(1, _CHUNK_BYTES // (x * dt.itemsize))
    buf = np.empty((min(per, k) + 1, x), dt)
    acc = None if start is None else np.array(np.broadcast_to(start, (x,)), dt)
    for k0 in range(0, k, per):
        k1 = min(k, k0 + per)
        part = buf[:k1 - k0 + 1]
        np.multiply(rows[k0:k1], weights[k0:k1, None], out=part[1:])
        # NOTE: numpy adds the rows of a C-contiguous array one after
        # another when reducing over its leading axis (x >= 2 here)
        if acc is None:
            acc = np.add.reduce(part[1:], axis=0) + dt.type(0)     # from zero: -0 sums to +0
        else:
            part[0] = acc
            acc = np.add.reduce(part, axis=0)
    return acc


def _row_read(a: np.ndarray, b: np.ndarray):
    """``(rows, x)`` of a product read a row at a time, else None. A (1, K)
    by (K, 1) product is never one: its layout does not tell which kernel
    reads it."""
    found = _vector_read(a, b)
    return found[1:] if found is not None and found[0] == "row" else None


_ROW_LANES = {np.dtype(np.float32): 4, np.dtype(np.float64): 2}      # lanes of sgemv's and dgemv's registers


def _peeled(p: np.ndarray, peel: int, lanes: int) -> np.ndarray:
    """A register of ``lanes`` per row holding the first ``peel`` products
    added in order in lane 0, zeros elsewhere."""
    start = np.zeros((p.shape[0], lanes), p.dtype)
    start[:, 0] = columns_in_order(p[:, :peel])
    return start


def _four_rows(p: np.ndarray) -> np.ndarray:
    """s/dgemv's kernel for rows in blocks of four, with registers of L = 4
    float32 or 2 float64 lanes: the first ``(K - 1) % L + 1`` products of a
    row in order, that sum in lane 0 of a register, the other products
    added into it L at a time, then its lanes halved."""
    rows, k = p.shape
    lanes = _ROW_LANES[p.dtype]
    peel = (k - 1) % lanes + 1
    return halved_lanes(registers_in_order(_peeled(p, peel, lanes), p[:, peel:].reshape(rows, -1, lanes)))


def _one_row(p: np.ndarray, registers: int = 2) -> np.ndarray:
    """sgemv's kernels for a row left over: its first 4 products in order in
    lane 0 of a 4-lane register, the next ones 8 at a time into two
    registers (or both halves into the one: the second of two or three
    left-over rows), the registers added and halved, then the last
    ``(K - 4) % 8`` products in order."""
    rows, k = p.shape
    peel = min(4, k)
    end = peel + (k - peel) // 8 * 8
    body = p[:, peel:end]
    if registers == 2:
        acc = registers_in_order(_peeled(p, peel, 8), body.reshape(rows, -1, 8))
        acc = acc[:, :4] + acc[:, 4:]
    else:
        acc = registers_in_order(_peeled(p, peel, 4), body.reshape(rows, -1, 4))
    total = halved_lanes(acc)
    for i in range(end, k):
        total += p[:, i]
    return total


def _row_sums(rows: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``rows @ x`` through sgemv's kernels (see the module's note)."""
    count = rows.shape[0]
    p = rows * x
    out = np.empty(count, rows.dtype)
    full = count // 4 * 4
    if full:
        out[:full] = _four_rows(p[:full])
    for q, r in enumerate(range(full, count)):
        # NOTE: dgemv's kernels for float64 rows left over are not modelled: numpy's
        out[r] = _one_row(p[r:r + 1], 1 if q == 1 else 2)[0] if rows.dtype == np.float32 else np.dot(rows[r], x)
    return out


def _short_sum(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a @ b`` term by term in order, from zero (K <= SHORT)."""
    out = a[:, :1] * b[:1, :]
    for k in range(1, a.shape[1]):
        out += a[:, k:k + 1] * b[k:k + 1, :]
    out += a.dtype.type(0)
    return out


def _short(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether ``a @ b`` is a matrix-vector product of at most SHORT terms."""
    return (a.ndim == 2 and b.ndim == 2 and (a.shape[0] == 1 or b.shape[1] == 1) and 1 < a.shape[1] <= SHORT
            and a.dtype in _FLOATS and b.dtype == a.dtype)


def matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a @ b`` as PyTorch's CPU ``mm``/``mv``/``matmul`` adds it where
    that order is known (see the module's note), numpy's elsewhere."""
    if a.ndim == 2 and b.ndim == 1:
        return matmul(a, b[:, None])[:, 0]
    found = _column_read(a, b)
    if found is not None:
        return _ordered_sum(*found).reshape(a.shape[0], b.shape[1])
    if _short(a, b):
        return _short_sum(a, b)
    found = _row_read(a, b)
    if found is not None:
        return _row_sums(*found).reshape(a.shape[0], b.shape[1])
    return a @ b


def addmm(c: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``c + a @ b`` as PyTorch's ``addmm`` (beta = alpha = 1) computes it
    where the order is known: a column-read product's sums start from
    ``c``; a short one's are added to ``c`` after them."""
    out_shape = (a.shape[0], b.shape[1])
    if np.result_type(c, a) != a.dtype:
        return c + a @ b
    found = _column_read(a, b)
    if found is not None:
        # the start of each output's sum: c broadcast to the output, in the order the sums are laid out
        start = np.broadcast_to(c, out_shape)
        start = start[:, 0] if out_shape[1] == 1 else start[0]
        return _ordered_sum(*found, start).reshape(out_shape)
    # NOTE: a (1, K) by (K, 1) product may be read either way (the layout
    # of a single row does not tell which), and its sum starts from c in
    # one and takes c after it in the other: numpy's then
    if _short(a, b):
        return c + (_short_sum(a, b) if out_shape != (1, 1) else a @ b)
    found = _row_read(a, b)
    return c + (a @ b if found is None else _row_sums(*found).reshape(out_shape))

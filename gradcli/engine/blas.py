"""PyTorch's CPU matrix products where their order of additions is known:
matrix-vector products, and matrix-matrix products up to a few million
multiply-adds (float32; float64 in some regions).

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

Facts checked against PyTorch 2.13 on this machine: 800 random products of
each column-read case (K up to 20,000, M and N up to 1,000), and 130,000
rows of row-read ones (K from 5 to 3,000, up to 2,001 rows), on one and two
threads, equal bit for bit; tests/test_matmul_order.py keeps a recorded
sample and checks new ones live.

Float32 matrix-matrix products, ``(m, k) @ (k, n)`` with m, n >= 2 (MKL's
sgemm, which PyTorch calls for the transposed product: MKL's M is n), add
in orders of their kernels (``_sgemm``):

- 4 or more rows by 12 or more columns: the fused kernel. Each output is
  ``fma(a[k-1], b[k-1], ... fma(a[0], b[0], 0))`` in order, over blocks of
  k: all of k up to 192 terms, two halves below 384 (the odd last term a
  block of its own), else blocks of 192 and the rest; each block from
  zero, the blocks' sums added in turn. ``addmm`` adds its ``input`` to the
  first block's sum. Whatever the layouts.
- fewer rows or columns: the small kernels, products rounded then added
  (no fused multiply-add), by the layouts BLAS reads (``_gemm_read``):
  a column-major ``b`` and a column-major ``a``: in order from zero,
  ``input`` added after; a row-major ``b``: in order from ``input`` or
  zero, except, in an output row that does not start on a 16-byte
  boundary and has 4 or more elements after the first one that does, the
  elements before it, whose odd blocks of four terms are summed apart
  (``_row_b``); a column-major ``b`` and a row-major ``a``: dot products
  in vector registers whose first terms depend on the address of ``a``'s
  row (``_dot_rows``), ``input`` added after.
- on two threads MKL splits the rows of a threaded product in blocks of
  four between them: the last 1-3 rows of 5-7 or 9-11 rows, when the
  product is threaded, go through the small kernels (``_fused_rows``).
- a single term (k = 1): the products (a -0 stays -0).

Facts checked against PyTorch 2.13 on this machine, bit for bit: which
order matches every element, mapped for m up to 40 and n up to 70 (k from
2 to 64, row-major operands) and m up to 24 and n up to 48 (k = 8 and 32,
the other layouts); the summation trees of the kernels' edge cases
revealed (sums of ones where two terms are +-2**40); random products of
each kernel's region (m, n up to 3,000, k up to 3,000, m*n*k up to 6
million) in the four layouts, ``mm`` and ``addmm`` with a 1-D or 2-D
``input``, operands at offsets of 0-7 elements and with longer leading
dimensions: 7,100 of them on two threads (this machine's default), 2,300
on one. On three or more threads MKL splits products otherwise: numpy's
product then, as above ``GEMM_MAX`` multiply-adds (the loops over k cost
5-30 ns a multiply-add, 20-120 ms at that bound).

Float64 ones (dgemm, ``_dgemm``), where their order is known: its fused
kernel on tiles of 4 rows by 12 columns, a chain over all of k (no
blocks, k up to 20,000 checked) from addmm's ``input`` or zero, plus a
zero for an odd k (a -0 becomes +0); when the tiles cover the output, in
any layout. With a row-major ``b`` of an even column count, the elements
outside whole tiles add their products in order, from ``input`` or zero.
Other float64 products (an odd column count, where a row's unaligned first
element and MKL's split of the columns between threads change the order;
dot-product kernels for a column-major ``b``) and those above
``GEMM64_MAX`` are numpy's. Checked as the float32 ones: 3,900 random
products of these regions on two threads and 1,100 on one (m, n up to 600,
k up to 3,000), and the signs of sums of zeros.
"""
from __future__ import annotations

import numpy as np

from . import mkl
from .cascade import columns_in_order, halved_lanes, registers_in_order
from .cpu_loop import intra_op_threads
from .fma import fma32, round_to_odd, two_prod, two_sum

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
            acc = np.add.reduce(part, axis=0, initial=-0.0)      # -0: keeps a start of -0
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
    out = _gemm(a, b)
    if out is None:
        out = _mkl_gemm(a, b)
    return a @ b if out is None else out


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
    if found is not None:
        return c + _row_sums(*found).reshape(out_shape)
    out = _gemm(a, b, c)
    if out is None:
        out = _mkl_addmm(c, a, b)
    return c + a @ b if out is None else out


def _mkl_addmm(c, a: np.ndarray, b: np.ndarray):
    """``c + a @ b`` as PyTorch's addmm gets it from MKL's sgemm (beta = 1):
    ``c`` broadcast into the output, then each block of k (``_k_blocks``)
    summed apart and added in turn, each block's sum MKL's own product of
    that block; None without MKL, or for other dtypes or shapes.

    NOTE: one call with beta = 1 gives other bits (MKL's kernel then starts
    its sums from ``c``); the blocks, each a product with beta = 0, give
    PyTorch's: on the 987 shapes ``_mkl_gemm`` notes, 12 off where numpy's
    ``c + a @ b`` left 44 (among them ``nn.Linear(1000, 100)``)."""
    if (a.ndim != 2 or b.ndim != 2 or a.dtype != _FLOAT32 or b.dtype != a.dtype or np.asarray(c).dtype != a.dtype
            or not mkl.available()):
        return None
    (m, k), n = a.shape, b.shape[1]
    if min(m, n, k) < 1:
        return None
    out = np.array(np.broadcast_to(c, (m, n)), _FLOAT32)
    for k0, k1 in _k_blocks(k):
        part = _mkl_gemm(a[:, k0:k1], b[k0:k1])
        if part is None:
            return None
        out += part
    return out


# ***** matrix-matrix products: MKL's sgemm (float32) and dgemm (float64) *****

GEMM_MAX = 1 << 22              # m*n*k up to which sgemm's orders are reproduced (loops over k: numpy's product above)
GEMM64_MAX = 1 << 18            # and dgemm's (its fused multiply-adds cost more to emulate)
_KC = 192                       # sgemm's block of k in its fused kernel
_FLOAT32 = np.dtype(np.float32)
_CHAIN_ELEMENTS = 1 << 18       # products made at a time by the loops over k (2 MB of float64)
_ROW_ELEMENTS = 1 << 20         # and by the dot products of rows
_INT64_MIN = np.iinfo(np.int64).min


def _gemm_read(x: np.ndarray, rows: int, cols: int) -> bool | None:
    """Whether BLAS reads ``x`` (rows, cols) row-major (True) or
    column-major (False) as PyTorch's ``addmm`` hands it over, or None when
    PyTorch copies it first (a row-major copy)."""
    s0, s1 = x.strides
    size = x.itemsize
    if s1 == size and s0 >= max(1, cols) * size:
        return True
    if s0 == size and s1 >= max(1, rows) * size:
        return False
    return None


def _k_blocks(k: int) -> list:
    """The blocks of k the fused kernel sums apart: all of k up to 192
    terms; below 384 two halves (and the odd term alone); else blocks of
    192 and the rest."""
    if k <= _KC:
        sizes = [k]
    elif k < 2 * _KC:
        sizes = [k // 2, k // 2] + [1] * (k % 2)
    else:
        sizes = [_KC] * (k // _KC) + [k % _KC] * (k % _KC > 0)
    starts = np.cumsum([0] + sizes)
    return list(zip(starts[:-1], starts[1:]))


def _fused_chain(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``fma(a[:, k], b[k], ...fma(a[:, 0], b[0], 0))``: each output's
    products fused into its running sum in order, from zero.

    A chunk of steps at a time: the products are exact in float64, and each
    step's float64 sum rounded to float32 is the fused result unless that
    sum fell on a float32 tie (see ``fma32``); a chunk where one did is
    redone from there with ``fma32`` step by step."""
    m, k = a.shape
    n = b.shape[1]
    acc = np.zeros((m, n), a.dtype)
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    per = max(1, _CHAIN_ELEMENTS // (m * n))
    for t0 in range(0, k, per):
        prods = a64[:, t0:t0 + per].T[:, :, None] * b64[t0:t0 + per, None, :]
        sums = np.empty_like(prods)
        start = acc.copy()
        for j in range(len(prods)):
            np.add(acc, prods[j], out=sums[j])
            acc[...] = sums[j]
        ties = ((sums.view(np.int64) << 35) == _INT64_MIN).reshape(len(prods), -1).any(axis=1)
        if ties.any():
            j = int(np.argmax(ties))
            acc = sums[j - 1].astype(a.dtype) if j else start
            for t in range(t0 + j, t0 + len(prods)):
                acc = fma32(a[:, t:t + 1], b[t:t + 1], acc)
    return acc


def _fused(a: np.ndarray, b: np.ndarray, c=None) -> np.ndarray:
    """sgemm's fused kernel: each block of k a fused chain from zero, the
    blocks' sums added in turn, to ``c`` first (addmm)."""
    out = None if c is None else np.array(c, _FLOAT32)
    for k0, k1 in _k_blocks(a.shape[1]):
        part = _fused_chain(a[:, k0:k1], b[k0:k1])
        out = part if out is None else out + part
    return out


def _products_in_order(a: np.ndarray, b: np.ndarray, start=None) -> np.ndarray:
    """``start + a[:, 0] b[0] + a[:, 1] b[1] + ...`` (from zero without
    ``start``), each product rounded, then added."""
    m, k = a.shape
    n = b.shape[1]
    acc = np.zeros((m, n), a.dtype) if start is None else start
    per = max(1, _CHAIN_ELEMENTS // (m * n))
    buf = np.empty((min(per, k) + 1, m, n), a.dtype)
    for t0 in range(0, k, per):
        t1 = min(k, t0 + per)
        part = buf[:t1 - t0 + 1]
        part[0] = acc
        np.multiply(a[:, t0:t1].T[:, :, None], b[t0:t1, None, :], out=part[1:])
        # NOTE: numpy adds the slices of a C-contiguous array one after
        # another when reducing over its leading axis, from its initial
        # value: -0, which keeps a start of -0 (+0 would not)
        acc = np.add.reduce(part, axis=0, initial=-0.0)
    return acc


def _odd_blocks_apart(p: np.ndarray, start: np.ndarray) -> np.ndarray:
    """The rows of products ``p`` (count, k) added in order to ``start``,
    except that each odd block of four (terms 4-7, 12-15, ...) is summed
    from zero on its own and that sum added."""
    acc = start.copy()
    k = p.shape[1]
    for b0 in range(0, k, 4):
        if b0 // 4 % 2 and b0 + 4 <= k:
            acc += columns_in_order(p[:, b0:b0 + 4]) + p.dtype.type(0)
        else:
            for t in range(b0, min(b0 + 4, k)):
                acc += p[:, t]
    return acc


def _row_b(a: np.ndarray, b: np.ndarray, c, first_row: int) -> np.ndarray:
    """sgemm's small kernel for a row-major right factor: products in
    order, from ``c`` (addmm) or zero. Where an output row does not start
    on a 16-byte boundary and 4 or more of its elements follow the first
    one on it, the elements before that one add their odd blocks of four
    apart (``_odd_blocks_apart``). ``first_row``: the index of ``a``'s
    first row in the output (which is aligned)."""
    m, n = a.shape[0], b.shape[1]
    out = _products_in_order(a, b, c)
    rows = np.arange(first_row, first_row + m)
    heads = -(rows * n) % 4
    heads[n - heads < 4] = 0
    i, j = np.nonzero(np.arange(n) < heads[:, None])
    if i.size:
        start = np.zeros(i.size, a.dtype) if c is None else np.asarray(c)[i, j]
        out[i, j] = _odd_blocks_apart(a[i] * b[:, j].T, start)
    return out


def _lanes(p: np.ndarray, peel: int, lanes: int, vectors: int) -> np.ndarray:
    """Dot products from their products ``p`` (count, k): the first
    ``peel`` in order in lane 0 of a register of ``lanes``, the next
    ``vectors * lanes`` added into it a vector at a time, its lanes
    halved, then the rest in order."""
    count = p.shape[0]
    start = np.zeros((count, lanes), p.dtype)
    if peel:
        start[:, 0] = columns_in_order(p[:, :peel])
    end = peel + vectors * lanes
    total = halved_lanes(registers_in_order(start, p[:, peel:end].reshape(count, vectors, lanes)))
    for t in range(end, p.shape[1]):
        total += p[:, t]
    return total


def _dot_rows(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """sgemm's small kernel for a row-major left and column-major right
    factor: one dot product per output, over 4-lane registers for the
    columns in blocks of four, and 8- or 4-lane ones for the columns left
    over; the first terms, up to a 16-byte boundary of ``a``'s row, go in
    order into lane 0 first."""
    m, k = a.shape
    n = b.shape[1]
    full = n // 4 * 4
    out = np.empty((m, n), a.dtype)
    first = a.__array_interface__["data"][0] // a.itemsize
    peels = -(first + np.arange(m) * (a.strides[0] // a.itemsize)) % 4
    per = max(1, _ROW_ELEMENTS // (n * k))                    # rows whose products are made at a time
    for peel in range(4):
        group = np.flatnonzero(peels == peel)
        for r0 in range(0, group.size, per):
            rows = group[r0:r0 + per]
            p = a[rows][:, None, :] * b.T[None]                # (rows, n, k) rounded products
            if full:
                q = p[:, :full].reshape(-1, k)
                sums = (columns_in_order(q) + a.dtype.type(0) if k - peel < 4
                        else _lanes(q, peel, 4, (k - peel) // 4))
                out[rows, :full] = sums.reshape(rows.size, full)
            if full < n:
                q = p[:, full:].reshape(-1, k)
                rest = k - peel
                sums = (_lanes(q, peel, 8, rest // 8) if rest >= 16 else
                        _lanes(q, peel, 4, 2) if rest >= 8 else columns_in_order(q) + a.dtype.type(0))
                out[rows, full:] = sums.reshape(rows.size, n - full)
    return out


def _small(a: np.ndarray, b: np.ndarray, c, a_rows: bool, b_rows: bool, first_row: int) -> np.ndarray:
    """sgemm's kernels for few rows or columns (see the module's note)."""
    if b_rows:
        return _row_b(a, b, c, first_row)
    out = _dot_rows(a, b) if a_rows else _products_in_order(a, b)
    return out if c is None else out + c


def _fused_rows(m: int, n: int, k: int, threads: int) -> int:
    """How many of the output's rows (the first ones) sgemm's fused kernel
    computes: all of 4 or more rows by 12 or more columns on one thread.
    On two, MKL splits the rows between the threads in blocks of four when
    it threads the product; a part of fewer than 4 rows (the last rows of
    5-7 or 9-11) goes through the small kernels."""
    if n < 12 or m < 4:
        return 0
    if threads == 1 or m >= 12 or m % 4 == 0 or (k <= 4 and n <= 100) or (n <= 16 and k <= 16):
        return m
    return m // 4 * 4


def _fused_chain64(a: np.ndarray, b: np.ndarray, start=None) -> np.ndarray:
    """dgemm's fused kernel: ``fma(a[:, k], b[k], ...fma(a[:, 0], b[0], s))``
    in order over all of k, from ``start`` (addmm) or zero; for an odd k a
    zero is added too (a -0 sum becomes +0: the kernel's padding term).

    Each fused step exactly (as ``fma64``): a chunk of products and their
    rounding errors at a time (Dekker), then per step the running sum plus
    the product and its error, the last rounding to odd."""
    m, k = a.shape
    n = b.shape[1]
    acc = np.zeros((m, n)) if start is None else np.array(start, np.float64)
    per = max(1, _CHAIN_ELEMENTS // (m * n))
    for t0 in range(0, k, per):
        x, y = a[:, t0:t0 + per].T[:, :, None], b[t0:t0 + per, None, :]
        prods, errs = two_prod(x, y)
        for p, e in zip(prods, errs):
            hi, lo = two_sum(acc, p)
            v, ev = two_sum(lo, e)
            nxt = hi + round_to_odd(v, ev)
            # where the fused result is zero or not finite, p + acc in IEEE
            # arithmetic is it too, with its sign (the split loses a -0,
            # and overflows to NaN)
            odd = (nxt == 0) | ~np.isfinite(nxt)
            if odd.any():
                nxt = np.where(odd, p + acc, nxt)
            acc = nxt
    if k % 2:
        acc += 0.0
    return acc


def _dgemm(a: np.ndarray, b: np.ndarray, c, b_rows: bool):
    """dgemm's orders where they are known, else None: its fused kernel on
    tiles of 4 rows by 12 columns (any layout when the tiles cover the
    output), and with a row-major ``b`` of an even number of columns, the
    products of the other elements rounded and added in order, from ``c``
    (addmm) or zero."""
    m, n = a.shape[0], b.shape[1]
    rows = m // 4 * 4 if n >= 12 else 0
    cols = n // 12 * 12 if m >= 4 else 0
    if rows == m and cols == n:
        return _fused_chain64(a, b, c)
    if not b_rows or n % 2:
        return None
    out = _products_in_order(a, b, c)
    if rows and cols:
        out[:rows, :cols] = _fused_chain64(a[:rows], b[:, :cols], None if c is None else c[:rows, :cols])
    return out


def _mkl_gemm(a: np.ndarray, b: np.ndarray):
    """``a @ b`` for float32 matrices by MKL's own sgemm, handed over as PyTorch's mm
    hands it: row-major ``a @ b`` as column-major ``b.T @ a.T``, each
    factor read in place where its layout allows (``_gemm_read``), the
    output new and row-major; None without MKL, or for other dtypes or
    shapes.

    NOTE: compared with PyTorch (two threads) on 987 shapes of 1 to 1,000
    rows, columns and terms, MKL's (one thread) leave 6 products off where
    numpy's left 42 (the others are modelled by ``_gemm`` and the
    matrix-vector paths): a 1 x k by k x 1 product of 100 or more terms,
    and 5 or 8 rows or columns with k = 1000. Its float64 ``dgemm`` left
    more off than numpy's, and is not used."""
    if a.ndim != 2 or b.ndim != 2 or a.dtype != _FLOAT32 or b.dtype != a.dtype:
        return None
    (m, k), n = a.shape, b.shape[1]
    if min(m, n, k) < 1 or max(m, n, k) >= 1 << 31:
        return None
    a_rows, b_rows = _gemm_read(a, m, k), _gemm_read(b, k, n)
    if a_rows is None:
        a, a_rows = np.ascontiguousarray(a), True
    if b_rows is None:
        b, b_rows = np.ascontiguousarray(b), True
    # NOTE: BLAS's leading dimension is at least the length of a column of
    # its column-major view; along a dim of one element numpy's stride may
    # be anything (0 in a broadcast), and is never read
    lda = max(a.strides[0 if a_rows else 1] // a.itemsize, k if a_rows else m, 1)
    ldb = max(b.strides[0 if b_rows else 1] // b.itemsize, n if b_rows else k, 1)
    out = np.empty((m, n), a.dtype)
    return out if mkl.gemm(not b_rows, not a_rows, n, m, k, b, ldb, a, lda, out) else None


def _gemm(a: np.ndarray, b: np.ndarray, c=None):
    """``a @ b`` (``c + a @ b`` for addmm) as MKL's sgemm or dgemm adds it
    on this machine (see the module's note), for float matrices of two or
    more rows and columns, up to GEMM_MAX multiply-adds (float64:
    GEMM64_MAX); None for other products and where the order is not known."""
    if (a.ndim != 2 or b.ndim != 2 or a.dtype not in _FLOATS or b.dtype != a.dtype
            or (c is not None and np.asarray(c).dtype != a.dtype)):
        return None
    (m, k), n = a.shape, b.shape[1]
    threads = intra_op_threads()
    if m < 2 or n < 2 or k < 1 or m * n * k > (GEMM_MAX if a.dtype == _FLOAT32 else GEMM64_MAX) or threads > 2:
        return None
    if c is not None:
        c = np.broadcast_to(c, (m, n))
    if k == 1:                                  # the products themselves (a -0 stays -0)
        out = a * b
        return out if c is None else c + out
    a_rows, b_rows = _gemm_read(a, m, k), _gemm_read(b, k, n)
    if a_rows is None:
        a, a_rows = np.ascontiguousarray(a), True
    if b_rows is None:
        b, b_rows = np.ascontiguousarray(b), True
    if a.dtype != _FLOAT32:
        return _dgemm(a, b, c, b_rows)
    f = _fused_rows(m, n, k, threads)
    if f == m:
        return _fused(a, b, c)
    if f == 0:
        return _small(a, b, c, a_rows, b_rows, 0)
    out = np.empty((m, n), _FLOAT32)
    out[:f] = _fused(a[:f], b, None if c is None else c[:f])
    out[f:] = _small(a[f:], b, None if c is None else c[f:], a_rows, b_rows, f)
    return out

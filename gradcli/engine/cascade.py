"""PyTorch's CPU float sum, bit for bit: the cascade summation of
``aten/src/ATen/native/cpu/SumKernel.cpp`` as this machine runs it.

A float32 sum of more than a few terms depends on the order of the
additions, and PyTorch's order is its own: the data is read as vectors of
``LANES`` elements (its AVX2 kernel: 8 floats, 4 doubles), four vectors at a
time (``ilp_factor``), each lane summed in chunks of ``level_step`` rows
whose sums are summed in chunks again, four levels deep; the lanes and the
leftover elements are added at the end. Above ``GRAIN`` elements the range
is split into one contiguous part per thread, each summed so, and the parts
added. numpy's pairwise sum gives other last bits, which ``loss.item()``
shows; this module reproduces PyTorch's, so a training loop prints the same
losses.

Facts checked against PyTorch 2.13 on this machine: every size 1..6000 and
up to 3,000,001 elements, float32 and float64, equal bit for bit.
"""
from __future__ import annotations


import math

import numpy as np

from .cpu_loop import GRAIN, threads_for

LANES = {np.dtype(np.float32): 8, np.dtype(np.float64): 4}
NUM_LEVELS = 4




def _ceil_log2(x: int) -> int:
    return 0 if x <= 1 else int(x - 1).bit_length()


def seq_sum(block: np.ndarray) -> np.ndarray:
    """The slices of a C-contiguous ``block`` along its first axis added one
    after another, starting from zero (see ``_seq``).

    NOTE: where a slice is a single element, numpy would reduce the first
    axis as its inner loop, pairwise; a running sum is in order always."""
    if block[0].size < 2:
        return np.add.accumulate(block, axis=0)[-1] + block.dtype.type(0)
    return _seq(block)


def _seq(block: np.ndarray, axis: int = 0) -> np.ndarray:
    """The slices of ``block`` along ``axis`` added one after another,
    starting from zero (so a sum of negative zeros is +0, as in C)."""
    # NOTE: numpy's reduction along an axis that is not the innermost one
    # adds whole slices in order (pairwise summation is only used along the
    # innermost axis); the lanes are always innermost here.
    if block.shape[axis] == 0:
        return np.zeros(block.shape[:axis] + block.shape[axis + 1:], block.dtype)
    return np.add.reduce(block, axis=axis) + block.dtype.type(0)


def _levels(sums: np.ndarray, step: int) -> tuple:
    """One cascade level: ``sums`` (n, *lanes) in groups of ``step``, each
    group summed in order; the full groups' sums and the partial group's."""
    full = sums.shape[0] // step
    head = sums[:full * step]
    if full >= GROUPS_MIN and head.flags.c_contiguous:
        grouped = _group_sums(head.reshape(full, step, -1), sums.shape[1:])
    else:
        grouped = _seq(head.reshape((full, step) + sums.shape[1:]), axis=1)
    return grouped, _seq(sums[full * step:])


GROUPS_MIN = 8                  # groups: below this, one reduction over the groups' rows
WIDE_ROWS = 512                 # group rows this wide are summed by numpy's reduction (_group_sums)


def _group_sums(groups: np.ndarray, lanes: tuple) -> np.ndarray:
    """``_seq(groups, axis=1)`` of a C-contiguous (full, step, width) array,
    reshaped to (full, *lanes), with the same additions in the same order.

    NOTE: numpy's reduction over axis 1 runs its inner loop once per row of
    ``width`` elements (short: 32 floats of PyTorch's lanes), so its calls,
    not the additions, cost the time. einsum's sum of one operand over its
    middle axis runs along the contiguous last axis too, but adds each row
    of a group into a zeroed output in one long loop after another: each
    lane's sum in the same order, from zero, in 0.4-0.6 of the time
    (tests/test_cascade.py compares the two over the shapes sums use).
    Rows of ``WIDE_ROWS`` elements or more (a bias gradient's columns) are
    long enough for numpy's own loop, which is then the faster: 0.7-0.8 of
    einsum's time."""
    if groups.shape[2] >= WIDE_ROWS:
        return _seq(groups, axis=1).reshape((groups.shape[0],) + lanes)
    out = np.einsum("ijk->ik", groups)
    out += groups.dtype.type(0)     # a sum of negative zeros is +0, as _seq's
    return out.reshape((groups.shape[0],) + lanes)


def _multi_row_sum(rows: np.ndarray) -> np.ndarray:
    """``multi_row_sum``: rows (size, *lanes) summed per lane in a cascade of
    four levels: blocks of ``step`` rows; groups of ``step`` block sums;
    groups of ``step`` of those; then all of those in order. The partial
    sums left at each level are added last, lowest level first."""
    size = rows.shape[0]
    power = max(4, _ceil_log2(size) // NUM_LEVELS)
    step = 1 << power
    if size < step:
        # no full block: every level above is empty (zeros), and the sum is
        # the partial block's: ((tail + 0) + 0) + 0 is tail, which _seq
        # already made +0 where it is zero
        return _seq(rows)
    blocks, tail = _levels(rows, step)
    if blocks.shape[0] < step:
        # no full group of blocks: the levels above add zeros to the same
        # (tail + acc1), which is never -0 (both are sums from zero)
        return tail + _seq(blocks)
    level1, acc1 = _levels(blocks, step)
    level2, acc2 = _levels(level1, step)
    acc3 = _seq(level2)
    return ((tail + acc1) + acc2) + acc3


def _row_sum(vecs: np.ndarray) -> np.ndarray:
    """``row_sum``: the rows of ``vecs`` as four interleaved partial sums."""
    size = vecs.shape[0]
    n4 = size // 4
    partial = _multi_row_sum(vecs[:n4 * 4].reshape((n4, 4) + vecs.shape[1:]))
    for r in vecs[n4 * 4:]:
        partial[0] += r
    for k in range(1, 4):
        partial[0] += partial[k]
    return partial[0]


def _inner_sum(x: np.ndarray, lanes: int):
    """``vectorized_inner_sum`` of one contiguous 1-D run."""
    t = x.dtype.type
    n = x.size
    if n < lanes:
        return t(_row_sum(x))
    n_vec = n // lanes
    if n_vec >= 4 and n_vec // 4 < 1 << 8:
        return _one_level_sum(x, lanes, n_vec)
    vec = _row_sum(x[:n_vec * lanes].reshape(n_vec, lanes))
    # the elements left over, then the lanes, added one at a time from zero
    return _running_total(np.concatenate((x[n_vec * lanes:], vec)))


def _one_level_sum(x: np.ndarray, lanes: int, n_vec: int):
    """``_inner_sum`` of a run whose cascade has one level (fewer than 256
    rows of four vectors, so fewer than 16 blocks of 16 rows): the same
    additions in the same order, in a handful of numpy calls.

    NOTE: the sign of a zero partial sum never changes a total that is not
    zero (x + -0 is x); so the sums from zero that ``_seq`` makes +0 at
    each level need it only once, on the total."""
    n4 = n_vec // 4
    rows = x[:n4 * 4 * lanes].reshape(n4, 4 * lanes)
    full = n4 // 16 * 16
    partial = np.add.reduce(rows[full:], axis=0)                   # the partial block, row by row
    if full:
        blocks = np.add.reduce(rows[:full].reshape(full // 16, 16, 4 * lanes), axis=1)
        partial = partial + np.add.reduce(blocks, axis=0)           # the blocks' sums, in order
    partial = partial.reshape(4, lanes)
    # the vectors left over, then the other three accumulators, into the first in order
    vec = np.add.reduce(np.concatenate((partial[:1], x[n4 * 4 * lanes:n_vec * lanes].reshape(-1, lanes),
                                        partial[1:])), axis=0)
    return _running_total(np.concatenate((x[n_vec * lanes:], vec)))


def _running_total(terms: np.ndarray):
    """``terms`` (1-D, or per row of 2-D) added one at a time in order, from
    zero, in their own dtype.

    NOTE: numpy's accumulate adds in order (no pairwise summation); it starts
    from the first term instead of zero, which differs only in the sign of a
    zero total, and ``+ 0`` makes that +0 as a sum from zero is."""
    if terms.shape[-1] == 0:
        return terms.dtype.type(0) if terms.ndim == 1 else np.zeros(terms.shape[0], terms.dtype)
    total = np.add.accumulate(terms, axis=-1)[..., -1] + terms.dtype.type(0)
    return total if terms.ndim > 1 else terms.dtype.type(total)


def torch_sum(a: np.ndarray):
    """The sum of every element of float32/float64 ``a`` as PyTorch's CPU
    kernel computes it (a numpy scalar of a's dtype)."""
    x = np.ascontiguousarray(a).reshape(-1)
    lanes = LANES[x.dtype]
    n, t = x.size, x.dtype.type
    n_threads = threads_for(n)
    if n_threads == 1:
        return _inner_sum(x, lanes)
    # at::parallel_for: one contiguous part per thread, then the parts added
    parts = min(n_threads, -(-n // GRAIN))
    chunk = -(-n // parts)
    total = t(0)
    for start in range(0, n, chunk):
        total = t(total + _inner_sum(x[start:start + chunk], lanes))
    return total


def exact_kind(a) -> bool:
    """Whether ``torch_sum`` applies to ``a`` (float32 or float64)."""
    return a.dtype in LANES


def _inner_rows(x: np.ndarray, lanes: int) -> np.ndarray:
    """``vectorized_inner_sum`` (or ``scalar_inner_sum`` for short rows) of
    each row of a C-contiguous 2-D ``x``, all rows at once."""
    rows, n = x.shape
    if n < lanes:
        return _row_sum(np.ascontiguousarray(x.T))
    n_vec = n // lanes
    vecs = x[:, :n_vec * lanes].reshape(rows, n_vec, lanes).transpose(1, 0, 2)
    vec = _row_sum(np.ascontiguousarray(vecs))                  # (rows, lanes)
    return _running_total(np.concatenate((x[:, n_vec * lanes:], vec), axis=1))


def _outer_cols(x: np.ndarray, lanes: int) -> np.ndarray:
    """``vectorized_outer_sum`` (or ``scalar_outer_sum`` when there are fewer
    columns than lanes) of each column of a 2-D ``x`` (its rows added in order,
    whatever its strides)."""
    n, cols = x.shape
    out = np.empty(cols, x.dtype)
    width = 4 * lanes if cols >= lanes else 4
    j = 0
    if cols >= width:
        j = cols // width * width
        out[:j] = _multi_row_sum(x[:, :j])
    if cols >= lanes:
        k = j + (cols - j) // lanes * lanes
        if k > j:
            out[j:k] = _row_sum(x[:, j:k])
        j = k
    if j < cols:
        out[j:] = _row_sum(x[:, j:])
    return out


def torch_sum_axes(a: np.ndarray, axes: tuple, keepdims: bool = False):
    """``a.sum(axes)`` as PyTorch's CPU kernel adds it, for a float32/float64
    ``a``: all axes, the trailing axes (each row's elements in a row), the
    leading axes (each column's), and any other set (``_strided_sum``), in
    the order of ``a``'s memory; None where that order is not modelled
    (which the caller sums as numpy does)."""
    nd = a.ndim
    if a.dtype not in LANES or a.size == 0:
        return None
    axes = tuple(sorted(set(ax % nd for ax in axes))) if nd else ()
    out_shape = tuple(1 if i in axes else s for i, s in enumerate(a.shape)) if keepdims else \
        tuple(s for i, s in enumerate(a.shape) if i not in axes)
    if len(axes) == nd and a.flags.c_contiguous:          # everything (a loss): the commonest sum
        return np.asarray(torch_sum(a)).reshape(out_shape)
    if not a.flags.c_contiguous:
        r = _sum_as_laid_out(a, axes)
        return None if r is None else np.asarray(r).reshape(out_shape)
    # NOTE: like TensorIterator, leave out dims of size 1 and merge the rest
    # into one reduced and one kept run when the layout allows it.
    dims = [(s, i in axes) for i, s in enumerate(a.shape) if s != 1]
    reduced = [d for d in dims if d[1]]
    kept = [d for d in dims if not d[1]]
    x = np.ascontiguousarray(a)
    if not kept:
        return np.asarray(torch_sum(x)).reshape(out_shape)
    if not reduced:
        return None
    lanes = LANES[x.dtype]
    n_red = math.prod(s for s, _ in reduced)
    n_kept = math.prod(s for s, _ in kept)
    flags = [r for _, r in dims]
    if flags == sorted(flags):                              # kept then reduced: inner sums
        r = _inner_rows(x.reshape(n_kept, n_red), lanes)
    elif flags == sorted(flags, reverse=True):              # reduced then kept: outer sums
        m = x.reshape(n_red, n_kept)
        parts = _column_parts(n_kept, x.size, x.itemsize)
        if parts and all((c1 - c0) % (4 * lanes) == 0 for c0, c1 in parts):
            # NOTE: every column of every part is then summed by the blocks of
            # four vectors (_outer_cols), each column alone and in the same
            # order whichever part holds it: all at once, the whole array is
            # one C-contiguous pass instead of a strided one per part
            r = _multi_row_sum(m)
        else:
            # NOTE: each part's columns are read where they lie: numpy adds the
            # rows of a strided view in the same order as those of a copy
            r = np.concatenate([_outer_cols(m[:, c0:c1], lanes) for c0, c1 in parts])
    else:
        r = _strided_sum(x, _iteration(x, axes), lanes)
    return r.reshape(out_shape)


def _sum_as_laid_out(a: np.ndarray, axes: tuple):
    """The sum over ``axes`` of a non-contiguous ``a`` (a transposed or
    permuted tensor, a slice with steps) as PyTorch's kernel adds it, in
    the order its dims are laid out; None where it is not modelled (negative
    or zero strides, and sums of everything that do not merge into one run
    of memory above PyTorch's grain, which its threads split in ranges)."""
    size = a.itemsize
    merged = _iteration(a, axes)
    if merged is None:
        return None
    if all(d[2] for d in merged):
        run = memory_run(a)
        if run is not None:
            return torch_sum(run)
        if threads_for(a.size) > 1:
            return None
        if len(merged) == 1:
            # one run with a step: the kernel's scalar_outer_sum of a single
            # column, which is row_sum down it
            n, step = merged[0][:2]
            return _row_sum(np.lib.stride_tricks.as_strided(a, (n,), (step * size,), writeable=False))
    return _strided_sum(a, merged, LANES[a.dtype])


def memory_run(a: np.ndarray):
    """``a``'s elements as one run in memory order (a 1-D view) when ``a``
    is a dense block laid out in any order of its dims (transposed,
    permuted), the order in which PyTorch reduces all of them; else None."""
    size = a.itemsize
    dims = sorted((st // size, n) for n, st in zip(a.shape, a.strides) if n != 1)
    step = 1
    for st, n in dims:
        if st != step:
            return None
        step *= n
    return np.lib.stride_tricks.as_strided(a, (a.size,), (size,), writeable=False)


def _reordered(dims: list) -> list:
    """TensorIterator's ``reorder_dimensions`` for a reduction: ``dims``
    (size, input stride, reduced, output stride) innermost first, by an
    insertion sort that asks the output, then the input: a reduced dim
    (output stride 0) before a kept one; else the smaller stride first, and
    of equal strides the smaller dim."""
    def swap(d0, d1) -> int:
        for k in (3, 1):
            s0, s1 = d0[k], d1[k]
            if k == 3 and (s0 == 0) != (s1 == 0):
                return 1 if s1 == 0 else -1
            if s0 == 0 or s1 == 0:
                continue
            if s0 != s1:
                return -1 if s0 < s1 else 1
            if d0[0] > d1[0]:
                return 1
        return 0
    perm = list(reversed(dims))
    for i in range(1, len(perm)):
        j1 = i
        for j0 in range(i - 1, -1, -1):
            c = swap(perm[j0], perm[j1])
            if c > 0:
                perm[j0], perm[j1] = perm[j1], perm[j0]
                j1 = j0
            elif c < 0:
                break
    return perm


def _iteration(a: np.ndarray, axes: tuple):
    """The dims TensorIterator makes of a sum of ``a`` over ``axes``,
    innermost first, as ``(size, stride in elements, reduced)``; None
    when ``a`` has a negative or zero stride (not modelled) or no
    reduced dim of more than one element.

    NOTE: dims of size 1 merge with anything and are left out. The output
    is new and contiguous over the kept dims, in their order; the dims are
    reordered (``_reordered``: the reduced ones innermost), then neighbours
    whose strides run on, in the input and the output, are merged
    (``coalesce_dimensions``)."""
    size = a.itemsize
    dims = []
    for i, (n, st) in enumerate(zip(a.shape, a.strides)):
        if n == 1:
            continue
        if st <= 0 or st % size:
            return None
        dims.append([n, st // size, i in axes, 0])
    if not any(d[2] for d in dims):
        return None
    step = 1
    for d in reversed(dims):
        if not d[2]:
            d[3] = step
            step *= d[0]
    merged = []
    for n, st, reduced, out in _reordered(dims):
        last = merged[-1] if merged else None
        if last and last[2] == reduced and last[0] * last[1] == st and last[0] * last[3] == out:
            last[0] *= n
        else:
            merged.append([n, st, reduced, out])
    return [tuple(d[:3]) for d in merged]


def _strided_sum(x: np.ndarray, dims: list, lanes: int) -> np.ndarray:
    """The sum of ``x`` over the reduced ``dims`` (``_iteration``, innermost
    first, at least two, one of them reduced, strides in elements of ``x``)
    as ``cascade_sum`` adds it, shaped as the kept dims in their original
    order.

    NOTE: TensorIterator calls the kernel's loop on the two innermost dims,
    ``(n0, n1)``, once per index of the outer ones (the innermost outer dim
    fastest); each call picks one of four sums by its strides and adds each
    of its ``n1`` results into its output (zeroed first), so an output fed
    by more than one result (reduced dims beyond the first) gets them one
    after another. The kernel's choices:

    - ``vectorized_inner_sum``: the reduced run is contiguous and at least
      a vector long: each of the ``n1`` runs summed as ``_inner_rows`` does;
    - ``vectorized_outer_sum``: the ``n1`` columns are contiguous and at
      least a vector wide: blocks of four vectors of columns by
      ``multi_row_sum``, the rest column by column by ``row_sum``;
    - ``scalar_inner_sum`` (the run's stride the smaller): ``row_sum`` of each;
    - ``scalar_outer_sum``: blocks of four columns by ``multi_row_sum``, the
      rest by ``row_sum``.

    A column's sum depends only on which of ``multi_row_sum`` and
    ``row_sum`` adds it, so all the calls are made at once, each column
    with its own. Above GRAIN elements PyTorch's threads take parts of the
    largest kept dim (``parallel_dim_reduction``); a part of the dim of
    ``n1`` changes which columns fall in blocks of four, so each part is
    summed on its own."""
    (n0, s0, _), (n1, s1, reduced1) = dims[0], dims[1]
    view = np.lib.stride_tricks.as_strided(x, tuple(d[0] for d in reversed(dims)),
                                           tuple(d[1] * x.itemsize for d in reversed(dims)), writeable=False)
    parts = [(0, n1)]
    if not reduced1:
        # find_split_dim: the largest kept dim, the outermost of equals
        kept = [i for i in range(len(dims) - 1, -1, -1) if not dims[i][2]]
        if max(kept, key=lambda i: dims[i][0]) == 1:
            # NOTE: rounded to 128 bytes of columns whatever their stride
            # (measured: a permuted tensor's cuts are rounded too)
            parts = _column_parts(n1, x.size, x.itemsize)
    sums = []
    for c0, c1 in parts:
        block = view[..., c0:c1, :]                        # (outer..., columns, n0)
        cols = c1 - c0
        if s0 == 1 and n0 >= lanes:
            sums.append(_inner_rows(block.reshape(-1, n0), lanes).reshape(block.shape[:-1]))
            continue
        width = 4 * lanes if s1 == 1 and cols >= lanes else None if s0 < s1 else 4
        blocked = 0 if width is None else cols // width * width
        rows = np.ascontiguousarray(np.moveaxis(block, -1, 0))   # (n0, outer..., columns)
        part = np.empty(block.shape[:-1], x.dtype)
        if blocked:
            part[..., :blocked] = _multi_row_sum(rows[..., :blocked])
        if blocked < cols:
            part[..., blocked:] = _row_sum(rows[..., blocked:])
        sums.append(part)
    total = np.concatenate(sums, axis=-1) if len(sums) > 1 else sums[0]
    # the results that go into one output: the reduced outer dims and n1 (if
    # reduced), in the order of the calls
    n_red = sum(d[2] for d in dims) - 1
    if n_red == 0:
        return total + x.dtype.type(0)
    per_out = total.reshape(total.shape[:total.ndim - n_red] + (-1,))
    return seq_sum(np.ascontiguousarray(np.moveaxis(per_out, -1, 0)))


def _column_parts(cols: int, numel: int, itemsize: int) -> list:
    """The column ranges PyTorch's threads sum (``parallel_dim_reduction``):
    one part per thread, the cuts rounded down to 128-byte multiples."""
    n_threads = threads_for(numel)
    if n_threads == 1:
        return [(0, cols)]
    tasks = min(n_threads, cols)
    chunk = -(-cols // tasks)
    per = 128 // itemsize
    parts = []
    for begin in range(0, cols, chunk):
        end = min(cols, begin + chunk)
        b = begin - begin % per
        e = end if end == cols else end - end % per
        if b < e:
            parts.append((b, e))
    return parts


def sum_like_torch(a: np.ndarray, axes=None, keepdims: bool = False, dtype=None):
    """``np.sum`` with PyTorch's order of additions where it is modelled
    (float32/float64, C-contiguous, no dtype change), numpy's elsewhere."""
    a = np.asarray(a)
    if dtype is None or np.dtype(dtype) == a.dtype:
        nd = a.ndim
        ax = tuple(range(nd)) if axes is None else ((axes,) if isinstance(axes, int) else tuple(axes))
        r = torch_sum_axes(a, ax, keepdims) if nd else None
        if r is not None:
            return r
    return np.sum(a, axis=axes, keepdims=keepdims, dtype=dtype)


def mean_like_torch(a: np.ndarray, axes=None, keepdims: bool = False, dtype=None):
    """``mean`` as PyTorch computes it on the CPU: the sum, divided by the count."""
    a = np.asarray(a)
    if a.dtype in LANES and (dtype is None or np.dtype(dtype) == a.dtype) and a.size:
        nd = a.ndim
        ax = tuple(range(nd)) if axes is None else ((axes,) if isinstance(axes, int) else tuple(axes))
        count = math.prod(a.shape[i] for i in ax) if nd else 1
        total = sum_like_torch(a, axes, keepdims)
        return np.asarray(total / a.dtype.type(count), dtype=a.dtype) if count else np.mean(a, axis=axes)
    return np.mean(a, axis=axes, keepdims=keepdims, dtype=dtype)


# ***** nll_loss's running sums *****

NLL_LEVELS = 8                  # cascade_sum_num_levels of aten/src/ATen/native/LossNLL.cpp


# ***** vector kernels' orders, row by row *****

def columns_in_order(p: np.ndarray) -> np.ndarray:
    """The columns of ``p`` (rows, count >= 1) added left to right, per row
    (starting from the first: a sum of negative zeros stays -0)."""
    acc = p[:, 0].copy()
    for i in range(1, p.shape[1]):
        acc += p[:, i]
    return acc


def registers_in_order(start: np.ndarray, blocks: np.ndarray) -> np.ndarray:
    """Vector registers, ``start`` (rows, lanes), with ``blocks`` (rows,
    count, lanes) added into them one block after another."""
    rows, count, lanes = blocks.shape
    buf = np.empty((count + 1, rows, lanes), blocks.dtype)
    buf[0] = start
    buf[1:] = blocks.transpose(1, 0, 2)
    # NOTE: numpy adds the slices of a C-contiguous array one after another
    # when reducing over its leading axis (rows * lanes >= 2 here)
    return np.add.reduce(buf, axis=0)


def halved_lanes(acc: np.ndarray) -> np.ndarray:
    """Each row's register (rows, lanes) added in halves, as vec_reduce_all
    and the BLAS kernels do: (l0 + l2) + (l1 + l3) for 4 lanes."""
    while acc.shape[1] > 1:
        h = acc.shape[1] // 2
        acc = acc[:, :h] + acc[:, h:]
    return acc[:, 0]


# ***** the 2-norm's sum of squares *****

def norm2_rows(x: np.ndarray) -> np.ndarray:
    """The 2-norm of each row of ``x`` (rows, n), float32 or float64, as
    PyTorch's CPU norm kernel computes it over the last dim of a
    contiguous tensor, and over all of its dims (they coalesce into one).

    NOTE: ReduceOpsKernel.cpp's vectorised loop keeps LANES accumulators
    and adds each vector's squares to them (``acc + v * v``, two roundings),
    then adds the accumulators in order; its scalar tail, as this build
    compiles it, multiplies groups of four elements as one vector and adds
    those squares in order (float32), and fuses the multiply-add for the
    last ``n % 4`` elements (all of a float64 tail). Then the square root.
    Checked against PyTorch 2.13 for every n from 1 to 69 and 100, 127-129,
    255, 1000 and 1023 on 500 rows each, and whole tensors of up to 350,000
    elements: the same bits."""
    from .fma import fma32, fma64
    rows, n = x.shape
    lanes = LANES[x.dtype]
    fma = fma32 if x.dtype == np.float32 else fma64
    full = n - n % lanes
    acc = np.zeros((rows, lanes), x.dtype)
    if full:
        head = x[:, :full]
        acc = registers_in_order(acc, (head * head).reshape(rows, full // lanes, lanes))
    total = columns_in_order(acc)
    rest = n - full
    fused = full + (rest - rest % 4 if x.dtype == np.float32 else 0)
    for d in range(full, fused):
        total += x[:, d] * x[:, d]
    for d in range(fused, n):
        total = fma(x[:, d], x[:, d], total)
    return np.sqrt(total)


# ***** the generic reduction's order (binary_kernel_reduce) *****

def visiting_rows(a: np.ndarray, axes) -> np.ndarray:
    """``a`` as (outputs, n): for each output of a reduction over ``axes``
    (a set of dims), its ``n`` elements in the order PyTorch's
    TensorIterator visits them, the input's memory order (the reduced dim
    with the smallest stride innermost; dims of equal stride outer first)."""
    kept = [d for d in range(a.ndim) if d not in axes]
    inner = sorted(axes, key=lambda d: -abs(a.strides[d]))
    n = math.prod(a.shape[d] for d in axes)
    return np.transpose(a, kept + inner).reshape(-1, n)


def serial_sums(terms: np.ndarray) -> np.ndarray:
    """Each row of ``terms`` (outputs, n) added one term after another from
    zero, in its dtype, as PyTorch's generic CPU reduction
    (``binary_kernel_reduce`` of ``aten/src/ATen/native/cpu/Reduce.h``) adds
    an output's terms. A reduction to one output of GRAIN terms or more is
    split into one contiguous part per thread (at::parallel_for), each
    added so, and the parts are added in order."""
    outputs, n = terms.shape
    t = terms.dtype.type
    threads = threads_for(n) if outputs == 1 else 1
    if threads > 1:
        parts = min(threads, -(-n // GRAIN))
        chunk = -(-n // parts)
        total = t(0)
        for start in range(0, n, chunk):
            total = t(total + np.add.accumulate(terms[0, start:start + chunk])[-1])
        return np.array([total])
    # NOTE: numpy's accumulate adds along the axis one term after another
    # (its reductions may not); adding zero turns a sum of -0s into +0, as C's
    return np.add.accumulate(terms, axis=1)[:, -1] + t(0)


def _in_order(values: np.ndarray):
    """``values`` added one after another from zero (a scalar of their dtype)."""
    total = values.dtype.type(0)
    for v in values:
        total = values.dtype.type(total + v)
    return total


def nll_level_power(n: int) -> int:
    """log2 of the step of ``nll_loss``'s cascade over a batch of ``n``."""
    return max(4, _ceil_log2(n) // NLL_LEVELS)


def nll_cascade_sum(values: np.ndarray, kept=None):
    """The total PyTorch's ``nll_loss`` forms of ``values`` (the terms of a
    batch in order): a running sum that, after term ``b``, moves each level
    into the next while ``b`` is a multiple of ``step``, ``step**2``, ...
    (``step`` is 16 below 2**40 terms), so term 0 lands in the top level;
    the levels are then added, lowest first. Terms where ``kept`` is False
    (ignored targets) are skipped, their steps too."""
    if kept is not None and not kept.all():
        return _nll_cascade_stepwise(values, kept)
    n = values.size
    dt = values.dtype.type
    if n == 0:
        return dt(0)
    step = 1 << nll_level_power(n)
    top = dt(values[0])
    cur, left = values[1:], []
    for _ in range(NLL_LEVELS - 1):
        full = cur.size // step
        left.append(_in_order(cur[full * step:]))
        cur = columns_in_order(cur[:full * step].reshape(full, step)) + dt(0) if full else cur[:0]
    for v in cur:                   # the groups of the highest level below the top
        top = dt(top + v)
    total = dt(0)
    for v in left + [top]:
        total = dt(total + v)
    return total


def _nll_cascade_stepwise(values: np.ndarray, kept: np.ndarray):
    """``nll_cascade_sum`` term by term, as LossNLL.cpp loops (a skipped
    term skips its step of the cascade)."""
    dt = values.dtype.type
    n = values.size
    power = nll_level_power(n)
    mask = (1 << power) - 1
    levels = [dt(0)] * NLL_LEVELS
    for b in range(n):
        if not kept[b]:
            continue
        levels[0] = dt(levels[0] + values[b])
        for j in range(NLL_LEVELS - 1):
            if b & (mask << (j * power)):
                break
            levels[j + 1], levels[j] = dt(levels[j + 1] + levels[j]), dt(0)
    total = dt(0)
    for v in levels:
        total = dt(total + v)
    return total

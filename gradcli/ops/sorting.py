"""``sort``, ``argsort`` and ``topk`` along a dim, with PyTorch's orders.

PyTorch's CPU sort puts NaN above every number. With ``stable=True`` equal
values keep their order (descending too); otherwise it is the C++
library's ``std::sort``, which keeps rows of up to 16 values stable and
orders equal values of longer rows its own way (``_std_sort`` replays it).
``topk`` selects with the C++ library's ``nth_element`` (or
``partial_sort`` when k is small against the dim), whose order among equal
values is its own: where a row has no ties that could matter, any correct
selection gives PyTorch's answer, and a stable sort gives it fast; a row
with ties runs the library's algorithm itself (``_Selection``), step for
step, so the indices PyTorch returns for equal values are the same too.
"""
from __future__ import annotations

import math

import numpy as np

from ..engine.autograd import record
from ..engine.tensor import ReturnTuple, Tensor
from ..errors import GradcliError, runtime_error, type_error
from .operands import as_tensor, normalize_dims, parse_native, result_dtype, type_name
from .formulas import spread
from .oprow import Sample, T, implements, row
from .table import OPS, pick, picked_grad


def _stable_order(a: np.ndarray, axis: int, descending: bool) -> np.ndarray:
    """Indices that sort ``a`` along ``axis`` stably (NaN above numbers)."""
    if not descending:
        return np.argsort(a, axis=axis, kind="stable")
    n = a.shape[axis]
    rev = np.flip(a, axis=axis)
    # NOTE: a stable ascending sort of the reversed row, reversed, is the stable
    # descending order (equal values in their order, NaN first)
    return (n - 1) - np.flip(np.argsort(rev, axis=axis, kind="stable"), axis=axis)


def _unstable_order(a: np.ndarray, axis: int, descending: bool) -> np.ndarray:
    """Indices that sort ``a`` along ``axis`` as PyTorch's sort without
    ``stable=True`` does: the C++ library's ``std::sort`` over (value,
    index) pairs, comparing values only (NaN above numbers). A row without
    equal values has one answer, which a stable sort gives fast; a row of
    up to 16 values is sorted by insertion, which is stable; a longer row
    with equal values replays the library's introsort (``_std_sort``), so
    the order PyTorch gives equal values is the same too.

    NOTE: up to REPLAYED_TIES elements. The replay costs about 0.1 s for
    65,536 values, and large float32 tensors are full of equal values (a
    million uniforms hold some 30,000 pairs): past the limit equal values
    keep their order, as with ``stable=True``, and the values sorted are
    PyTorch's all the same."""
    order = _stable_order(a, axis, descending)
    n = a.shape[axis] if a.ndim else 0
    if n <= _INSERTION_THRESHOLD or a.size > REPLAYED_TIES:
        return order
    moved = np.moveaxis(a, axis, -1)
    rows = moved.reshape(-1, n)
    out = np.moveaxis(order, axis, -1).reshape(-1, n).copy()
    ordered = np.take_along_axis(rows, out, axis=1)
    tied = ordered[:, 1:] == ordered[:, :-1]
    if ordered.dtype.kind in "fc":
        tied |= np.isnan(ordered[:, 1:]) & np.isnan(ordered[:, :-1])
    for r in np.flatnonzero(tied.any(axis=1)):
        out[r] = _std_sort(_rank_keys(rows[r], descending))
    return np.moveaxis(out.reshape(moved.shape), -1, axis)


def _rank_keys(values: np.ndarray, descending: bool) -> np.ndarray:
    """Each value's rank among the row's distinct values (NaN the highest,
    -0.0 equal to 0.0), negated for a descending sort: comparing ranks is
    comparing PyTorch's keys."""
    nan = np.isnan(values) if values.dtype.kind in "fc" else np.zeros(values.shape, bool)
    distinct = np.unique(values[~nan])
    ranks = np.searchsorted(distinct, values).astype(np.int64)
    ranks[nan] = len(distinct)
    return -ranks if descending else ranks


def _has_ties(keys: np.ndarray) -> bool:
    ordered = np.sort(keys)
    return bool((ordered[1:] == ordered[:-1]).any())


_INSERTION_THRESHOLD = 16        # libstdc++'s _S_threshold
REPLAYED_TIES = 1 << 16          # elements: _unstable_order replays std::sort up to this size


def _std_sort(keys: np.ndarray) -> np.ndarray:
    """The order libstdc++'s ``std::sort`` leaves ``keys`` in (its indices):
    introsort (median-of-three pivot, unguarded partition, heapsort past the
    depth limit) down to ranges of 16, then one insertion sort.

    NOTE: the ranges are disjoint, so they are taken from a list of pending
    ones in any order, not by recursion; a long one is partitioned with
    numpy (``_partition``), a short one by ``_Selection``'s introsort loop.
    A range without equal keys ends sorted whatever the steps, so it is not
    followed further. The final insertion sort is a stable sort."""
    n = len(keys)
    keys, idx = keys.copy(), np.arange(n)
    pending = [(0, n, 2 * (n.bit_length() - 1))]
    while pending:
        first, last, depth = pending.pop()
        if last - first <= _INSERTION_THRESHOLD or not _has_ties(keys[first:last]):
            continue
        if depth and last - first > _NUMPY_PARTITION:
            cut = _partition(keys, idx, first, last)
            pending += [(first, cut, depth - 1), (cut, last, depth - 1)]
            continue
        part = _Selection(keys[first:last], 0, False, True)
        part._introsort_loop(0, last - first, depth)
        moved = first + np.array([i for _, i in part.q])
        keys[first:last], idx[first:last] = keys[moved], idx[moved]
    return idx[np.argsort(keys, kind="stable")]


_NUMPY_PARTITION = 128          # longer ranges are partitioned with numpy


def _partition(keys, idx, first, last) -> int:
    """libstdc++'s ``__unguarded_partition_pivot``: the median of the second,
    middle and last keys moved to ``first``, then the two scans from the
    ends, swapping each key not below the pivot (from the left) with the
    next not above it (from the right) until they cross; returns the cut.

    NOTE: each scan reads keys no swap has touched yet, so its stops are
    those of the original keys; where the scans cross, the left one stops
    at the latest swapped-in key at the latest (and the right one likewise)."""
    def swap(i, j):
        keys[i], keys[j] = keys[j], keys[i]
        idx[i], idx[j] = idx[j], idx[i]

    a, b, c = first + 1, first + (last - first) // 2, last - 1
    ka, kb, kc = keys[a], keys[b], keys[c]
    if ka < kb:
        swap(first, b if kb < kc else c if ka < kc else a)
    else:
        swap(first, a if ka < kc else c if kb < kc else b)
    pivot, rest = keys[first], keys[first + 1:last]
    lefts = np.flatnonzero(rest >= pivot) + (first + 1)
    rights = np.flatnonzero(rest <= pivot)[::-1] + (first + 1)
    m = min(len(lefts), len(rights))
    crossed = np.flatnonzero(lefts[:m] >= rights[:m])
    k = int(crossed[0]) if len(crossed) else m
    cut = int(lefts[k]) if k < len(lefts) else last
    if k:
        cut = min(cut, int(rights[k - 1]))
        lo, hi = lefts[:k], rights[:k]
        keys[lo], keys[hi] = keys[hi], keys[lo].copy()
        idx[lo], idx[hi] = idx[hi], idx[lo].copy()
    return cut


def along_key(idx: np.ndarray, axis: int) -> tuple:
    """Index arrays picking ``idx`` (positions along ``axis``) from an array of idx's rank."""
    return tuple(idx if k == axis else np.arange(n).reshape([n if j == k else 1 for j in range(idx.ndim)])
                 for k, n in enumerate(idx.shape))


def reordered(a, key):
    """``a``'s elements at ``key`` (a sort's or topk's picks; all of a 0-d ``a``)."""
    return a[key] if key else a.copy()


def reordered_grad(m, g, out, a, key):
    """The gradient of ``reordered``: ``g`` put back where each element came from."""
    return m.embed(g, a.shape, key) if key else g


row("sort", "SortBackward0", reordered, {"input": reordered_grad},
    forms=("torch", "method"), args="input, dim=-1, descending=False, stable=False",
    samples=(Sample(T((2, 3))), Sample(T((3, 2)), 0, True),
             Sample(T(values=[[3.0, 1.0, 1.0, 2.0], [0.5, 0.5, -1.0, 0.5]]), descending=True),
             Sample(T(values=[[3.0, 1.0, 1.0, 2.0], [0.5, 0.5, -1.0, 0.5]])),
             Sample(T(values=[4, 1, 4, 0], dtype="int64", grad=False)), Sample(T(values=2.5)),
             Sample(T((2, 3)), stable=True), Sample(T((3, 2)), dim=0, stable=False)))


def dim_arg(name, a, dim, position=2):
    """``dim`` along ``a`` (non-negative), or PyTorch's error for a dim that is no int."""
    if not isinstance(dim, int) or isinstance(dim, bool):
        raise type_error(f"{name}(): argument 'dim' (position {position}) must be int, not {type_name(dim)}")
    return normalize_dims(dim, a.ndim)[0] if a.ndim else 0


# NOTE: PyTorch's sort with ``stable`` given (any value) is its other overload: SortBackward1
row("sort_stable", "SortBackward1", reordered, {"input": reordered_grad}, via="sort")
_UNSET = object()


@implements("sort")
def sort(input, dim=-1, descending=False, stable=_UNSET):
    x = as_tensor(input)
    a = x.data
    d = dim_arg("sort", a, dim)
    if a.ndim == 0:
        idx, key = np.zeros((), np.int64), ()
    else:
        stable_order = _stable_order if stable is not _UNSET and stable else _unstable_order
        idx = stable_order(a, d, bool(descending)).astype(np.int64)
        key = along_key(idx, d)
    op = OPS["sort" if stable is _UNSET else "sort_stable"]
    values = record(op, (x,), {"key": key}, op.forward(a, key))
    return ReturnTuple.make("sort", ("values", "indices"), (values, Tensor(idx)))


def argsort(input, dim=-1, descending=False, stable=False):
    return sort(input, dim, descending, stable)[1]


row("topk", "TopkBackward0", reordered, {"input": reordered_grad},
    forms=("torch", "method"), args="input, k, dim=-1, largest=True, sorted=True",
    samples=(Sample(T((2, 5)), 2), Sample(T((4, 3)), 3, 0), Sample(T((2, 5)), 2, largest=False),
             Sample(T(values=[[2.0, 2.0, -1.0, 0.0, 2.0], [1.0, 3.0, 1.0, 1.0, 0.5]]), 3),
             Sample(T(values=[[2.0, 2.0, -1.0, 0.0, 2.0], [1.0, 3.0, 1.0, 1.0, 0.5]]), 2, largest=False),
             Sample(T(values=[5, 1, 5, 5, 0, 1], dtype="int64", grad=False), 4)))


@implements("topk")
def topk(input, k, dim=-1, largest=True, sorted=True):
    x = as_tensor(input)
    a = x.data
    if not isinstance(k, int) or isinstance(k, bool):
        raise type_error(f"topk(): argument 'k' (position 2) must be int, not {type_name(k)}")
    d = dim_arg("topk", a, dim, 3)
    n = a.shape[d] if a.ndim else 1
    if not 0 <= k <= n:
        raise runtime_error("selected index k out of range")
    if a.ndim == 0:
        idx, key = np.zeros((), np.int64), ()
    else:
        rows = np.moveaxis(a, d, -1).reshape(-1, n)
        picked = np.empty((rows.shape[0], k), np.int64)
        order = _stable_order(rows, 1, bool(largest))
        for r, row_values in enumerate(rows):
            # NOTE: unsorted, the selection's own order is the answer, ties or not
            fast = (sorted or k * 64 <= n) and not _ties_matter(row_values, order[r], k)
            picked[r] = order[r, :k] if fast else _Selection(row_values, k, bool(largest), bool(sorted)).indices()
        idx = np.moveaxis(picked.reshape(np.moveaxis(a, d, -1).shape[:-1] + (k,)), -1, d)
        key = along_key(idx, d)
    op = OPS["topk"]
    values = record(op, (x,), {"key": key}, op.forward(a, key))
    return ReturnTuple.make("topk", ("values", "indices"), (values, Tensor(np.ascontiguousarray(idx))))


def _ties_matter(values: np.ndarray, order: np.ndarray, k: int) -> bool:
    """Whether equal values (NaNs among them) could change the first ``k``
    of ``order`` or their order: any tie among them or at the cut."""
    top = values[order[:min(k + 1, len(order))]]
    if top.dtype.kind == "f" and np.isnan(top).sum() > 1:
        return True
    return len(np.unique(top)) != len(top)


class _Selection:
    """PyTorch's topk of one row, by libstdc++'s algorithms on (value, index)
    pairs: ``nth_element`` then ``sort`` of the first k - 1, or
    ``partial_sort`` when ``k * 64 <= n``."""

    def __init__(self, values, k, largest, sorted_):
        self.q = [(v, i) for i, v in enumerate(values.tolist())]
        self.k, self.largest, self.sorted = k, largest, sorted_

    def less(self, x, y) -> bool:
        """The comparator: NaN first for largest (last for smallest)."""
        a, b = x[0], y[0]
        if self.largest:
            return (a != a and b == b) or a > b
        return (b != b and a == a) or a < b

    def indices(self) -> list:
        q, k, n = self.q, self.k, len(self.q)
        if k == 0:
            return []
        if k * 64 <= n:
            self._heap_select(0, k, n)
            self._sort_heap(0, k)
        else:
            self._introselect(0, k - 1, n, 2 * int(math.log2(n)))
            if self.sorted:
                self._introsort(0, k - 1)
        return [i for _, i in q[:k]]

    # ----- std::nth_element -----
    def _introselect(self, first, nth, last, depth):
        while last - first > 3:
            if depth == 0:
                self._heap_select(first, nth + 1, last)
                self.q[first], self.q[nth] = self.q[nth], self.q[first]
                return
            depth -= 1
            cut = self._partition_pivot(first, last)
            if cut <= nth:
                first = cut
            else:
                last = cut
        self._insertion_sort(first, last)

    def _partition_pivot(self, first, last):
        mid = first + (last - first) // 2
        self._median_to_first(first, first + 1, mid, last - 1)
        return self._unguarded_partition(first + 1, last, first)

    def _median_to_first(self, result, a, b, c):
        q, less = self.q, self.less
        if less(q[a], q[b]):
            pick = b if less(q[b], q[c]) else (c if less(q[a], q[c]) else a)
        else:
            pick = a if less(q[a], q[c]) else (c if less(q[b], q[c]) else b)
        q[result], q[pick] = q[pick], q[result]

    def _unguarded_partition(self, first, last, pivot):
        q, less = self.q, self.less
        while True:
            while less(q[first], q[pivot]):
                first += 1
            last -= 1
            while less(q[pivot], q[last]):
                last -= 1
            if not first < last:
                return first
            q[first], q[last] = q[last], q[first]
            first += 1

    def _insertion_sort(self, first, last):
        q, less = self.q, self.less
        for i in range(first + 1, last):
            val = q[i]
            if less(val, q[first]):
                q[first + 1:i + 1] = q[first:i]
                q[first] = val
            else:
                j = i
                while less(val, q[j - 1]):
                    q[j] = q[j - 1]
                    j -= 1
                q[j] = val

    # ----- std::sort -----
    def _introsort(self, first, last):
        depth = 2 * int(math.log2(last - first)) if last - first > 1 else 0
        self._introsort_loop(first, last, depth)
        if last - first > 16:
            self._insertion_sort(first, first + 16)
            for i in range(first + 16, last):
                val, j = self.q[i], i
                while self.less(val, self.q[j - 1]):
                    self.q[j] = self.q[j - 1]
                    j -= 1
                self.q[j] = val
        else:
            self._insertion_sort(first, last)

    def _introsort_loop(self, first, last, depth):
        stack = [(first, last, depth)]
        while stack:
            first, last, depth = stack.pop()
            while last - first > 16:
                if depth == 0:
                    self._heap_select(first, last, last)
                    self._sort_heap(first, last)
                    break
                depth -= 1
                cut = self._partition_pivot(first, last)
                stack.append((cut, last, depth))        # libstdc++ recurses on the right part first
                last = cut

    # ----- heaps (std::partial_sort) -----
    def _heap_select(self, first, middle, last):
        self._make_heap(first, middle)
        for i in range(middle, last):
            if self.less(self.q[i], self.q[first]):
                val = self.q[i]
                self.q[i] = self.q[first]
                self._adjust_heap(first, 0, middle - first, val)

    def _make_heap(self, first, last):
        n = last - first
        if n < 2:
            return
        for parent in range((n - 2) // 2, -1, -1):
            self._adjust_heap(first, parent, n, self.q[first + parent])

    def _adjust_heap(self, first, hole, n, val):
        q, less = self.q, self.less
        top = hole
        child = hole
        while child < (n - 1) // 2:
            child = 2 * (child + 1)
            if less(q[first + child], q[first + child - 1]):
                child -= 1
            q[first + hole] = q[first + child]
            hole = child
        if n % 2 == 0 and child == (n - 2) // 2:
            child = 2 * (child + 1)
            q[first + hole] = q[first + child - 1]
            hole = child - 1
        parent = (hole - 1) // 2
        while hole > top and less(q[first + parent], val):
            q[first + hole] = q[first + parent]
            hole = parent
            parent = (hole - 1) // 2
        q[first + hole] = val

    def _sort_heap(self, first, last):
        while last - first > 1:
            last -= 1
            val = self.q[last]
            self.q[last] = self.q[first]
            self._adjust_heap(first, 0, last - first, val)


# ***** median of the whole tensor *****

def _median(a):
    """The lower median of all elements (NaN if any is NaN; NaN for an empty float tensor)."""
    flat = a.reshape(-1)
    if flat.size == 0 or (flat.dtype.kind == "f" and np.isnan(flat).any()):
        return np.array(np.nan, a.dtype)
    return np.array(np.sort(flat)[(flat.size - 1) // 2])


row("median", "MedianBackward0", _median,
    {"input": lambda m, g, out, a: spread(m, g, a, out, None, False, True)},
    forms=("torch", "method"), args="input, dim=None, keepdim=False",
    samples=(Sample(T((2, 3))), Sample(T(values=[3.0, 1.0, 2.0, 2.0])), Sample(T(values=[[1.0, 5.0], [5.0, 5.0]])),
             Sample(T(values=[4, 1, 3, 2], dtype="int64", grad=False)), Sample(T(values=7.5)),
             Sample(T((3, 4)), 1), Sample(T((3, 4)), 0, True),
             Sample(T(values=[[2.0, 1.0, 2.0, 1.0], [0.5, 1.0, 0.5, 0.0]]), 1), Sample(T(values=2.5), 0)))


# NOTE: PyTorch picks the median along a dim with nth_element under the order
# (value, index), a total order, so its choice among equal values is the
# stable sort's; a row with NaN gives its first NaN
row("median_dim", "MedianBackward1", pick, {"input": picked_grad}, saves=(0,), reads=((),), via="median")


def _median_dim(x, dim, keepdim):
    a = x.data
    d = dim_arg("median", a, dim)
    if a.ndim == 0:
        op = OPS["median_dim"]
        values = record(op, (x,), {"dim": 0, "keepdim": keepdim, "key": ()}, a.copy())
        return ReturnTuple.make("median", ("values", "indices"), (values, Tensor(np.zeros((), np.int64))))
    n = a.shape[d]
    if n == 0:
        raise GradcliError("IndexError", f"median(): Expected reduction dim {d} to have non-zero size.")
    idx = np.take(np.argsort(a, axis=d, kind="stable"), [(n - 1) // 2], axis=d).astype(np.int64)
    if a.dtype.kind == "f":
        nan = np.isnan(a)
        idx = np.where(nan.any(axis=d, keepdims=True), np.argmax(nan, axis=d, keepdims=True), idx)
    key = along_key(idx, d)
    op = OPS["median_dim"]
    attrs = {"dim": d, "keepdim": bool(keepdim), "key": key}
    values = record(op, (x,), attrs, op.forward(a, **attrs))
    return ReturnTuple.make("median", ("values", "indices"), (values, Tensor(idx if keepdim else np.squeeze(idx, d))))


@implements("median")
def median(input, dim=None, keepdim=False):
    x = as_tensor(input)
    if dim is not None:
        return _median_dim(x, dim, keepdim)
    if x.data.size == 0 and x.data.dtype.kind != "f":
        raise runtime_error("median() of an empty integer tensor has no value")
    op = OPS["median"]
    return record(op, (x,), {}, op.forward(x.data))


# ***** kthvalue *****
# NOTE: PyTorch's CPU kthvalue runs its own quickselect (quick_select_template,
# median of three, NaN above numbers) on (value, index) pairs of each row; its
# order among equal values is that algorithm's, so it runs here step for step.

def _quick_select(values: list, k: int) -> int:
    """The index PyTorch's quick_select_template leaves at position ``k``."""
    n = len(values)
    q = list(range(n))

    def gt(x, y):
        return (x != x and y == y) or x > y

    def swap(i, j):
        values[i], values[j] = values[j], values[i]
        q[i], q[j] = q[j], q[i]

    lo, hi = 0, n - 1
    while hi > lo:
        if hi == lo + 1:
            if gt(values[lo], values[hi]):
                swap(lo, hi)
            break
        swap(lo + (hi - lo) // 2, lo + 1)
        if gt(values[lo + 1], values[hi]):
            swap(lo + 1, hi)
        if gt(values[lo], values[hi]):
            swap(lo, hi)
        if gt(values[lo + 1], values[lo]):
            swap(lo + 1, lo)
        i, j, piv = lo + 1, hi, values[lo]
        while True:
            i += 1
            while gt(piv, values[i]):
                i += 1
            j -= 1
            while gt(values[j], piv):
                j -= 1
            if j < i:
                break
            swap(i, j)
        swap(lo, j)
        if j <= k:
            lo = i
        if j >= k:
            hi = j - 1
    return q[k]


row("kthvalue", "KthvalueBackward0", pick, {"input": picked_grad}, saves=(0,), reads=((),),
    forms=("torch", "method"), args="input, k, dim=-1, keepdim=False",
    samples=(Sample(T((2, 5)), 2), Sample(T((4, 3)), 3, 0), Sample(T((2, 5)), 5, 1, True),
             Sample(T(values=[[2.0, 2.0, -1.0, 0.0, 2.0], [1.0, 3.0, 1.0, 1.0, 0.5]]), 3),
             Sample(T(values=[[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [0.0, 2.0, 0.0, 2.0, 0.0, 2.0, 0.0]]), 4),
             Sample(T(values=[5, 1, 5, 5, 0, 1], dtype="int64", grad=False), 4), Sample(T(values=2.5), 1)))


@implements("kthvalue")
def kthvalue(input, k, dim=-1, keepdim=False):
    x = as_tensor(input)
    a = x.data
    if not isinstance(k, int) or isinstance(k, bool):
        raise type_error(f"kthvalue(): argument 'k' (position 2) must be int, not {type_name(k)}")
    if a.dtype == np.bool_:
        raise GradcliError("NotImplementedError", "\"kthvalue_cpu\" not implemented for 'Bool'")
    d = dim_arg("kthvalue", a, dim, 3)
    n = a.shape[d] if a.ndim else 1
    if a.ndim and n == 0:
        raise GradcliError("IndexError", f"kthvalue(): Expected reduction dim {d} to have non-zero size.")
    if not 1 <= k <= n:
        raise runtime_error(f"kthvalue(): selected number k out of range for dimension {d}")
    op = OPS["kthvalue"]
    if a.ndim == 0:
        values = record(op, (x,), {"dim": 0, "keepdim": keepdim, "key": ()}, a.copy())
        return ReturnTuple.make("kthvalue", ("values", "indices"), (values, Tensor(np.zeros((), np.int64))))
    rows = np.moveaxis(a, d, -1).reshape(-1, n)
    picked = np.array([_quick_select(r.tolist(), k - 1) for r in rows], np.int64)
    idx = np.moveaxis(picked.reshape(np.moveaxis(a, d, -1).shape[:-1] + (1,)), -1, d)
    attrs = {"dim": d, "keepdim": bool(keepdim), "key": along_key(idx, d)}
    values = record(op, (x,), attrs, op.forward(a, **attrs))
    return ReturnTuple.make("kthvalue", ("values", "indices"),
                            (values, Tensor(np.array(idx if keepdim else np.squeeze(idx, d), order="C"))))


# ***** msort, cummax, cummin *****

row("msort", "SortBackward0", None, forms=("torch", "method"), args="input",
    samples=(Sample(T((3, 2))), Sample(T((4,))), Sample(T(values=[[2.0, 1.0], [2.0, 0.0], [1.0, 3.0]]))))


@implements("msort")
def msort(input):
    return sort(input, 0)[0]


# NOTE: PyTorch's cummax/cummin take the later of equal values (>=, <=), and
# a NaN stays the running value from where it appears (each later NaN's
# index); the gradient adds into the chosen positions (scatter_add).
def _cumulative_pick(a, d, larger):
    moved = np.moveaxis(a, d, 0)
    idx = np.zeros(moved.shape, np.int64)
    best, at = moved[0].copy(), np.zeros(moved.shape[1:], np.int64)
    nan = np.isnan if a.dtype.kind == "f" else (lambda v: np.zeros(v.shape, bool))
    for i in range(moved.shape[0]):
        x = moved[i]
        take = nan(x) | (~nan(best) & ((x >= best) if larger else (x <= best)))
        best, at = np.where(take, x, best), np.where(take, i, at)
        idx[i] = at
    return np.moveaxis(idx, 0, d)


for _name, _grad_fn, _larger in (("cummax", "CummaxBackward0", True), ("cummin", "CumminBackward0", False)):
    row(_name, _grad_fn, reordered, {"input": lambda m, g, out, a, key: m.embed_add(g, a.shape, key) if key else g},
        forms=("torch", "method"), args="input, dim",
        samples=(Sample(T((2, 4)), 1), Sample(T((3, 2)), 0), Sample(T(values=[[1.0, 3.0, 3.0, 2.0, 3.0]]), -1),
                 Sample(T(values=[1.0, float("nan"), 2.0, float("nan"), 0.5]), 0),
                 Sample(T(values=[3, 1, 4, 1, 5], dtype="int64", grad=False), 0), Sample(T(values=2.5), 0)))

    def _cumulative(*args, _name=_name, _larger=_larger, **kwargs):
        x, dim = parse_native(_name, "Tensor input, int dim", args, kwargs)
        a = x.data
        d = dim_arg(_name, a, dim)
        op = OPS[_name]
        if a.ndim == 0 or a.size == 0:
            idx, key = np.zeros(a.shape, np.int64), ()
        else:
            idx = _cumulative_pick(a, d, _larger)
            key = along_key(idx, d)
        values = record(op, (x,), {"key": key}, op.forward(a, key))
        return ReturnTuple.make(_name, ("values", "indices"), (values, Tensor(idx)))

    implements(_name)(_cumulative)


# ***** searchsorted, bucketize: positions in sorted sequences (no gradient) *****

def _bound(bd: np.ndarray, values: np.ndarray, right: bool) -> np.ndarray:
    """PyTorch's binary search (``cus_lower_bound``/``cus_upper_bound``),
    step for step, over rows of ``bd`` (already in the sorter's order) and
    the matching rows of ``values``: NaN goes where its comparisons send it."""
    n = bd.shape[-1]
    rows = bd.reshape(-1, n)
    v = values.reshape(rows.shape[0], -1)
    start = np.zeros(v.shape, np.int64)
    end = np.full(v.shape, n, np.int64)
    row = np.arange(rows.shape[0])[:, None]
    with np.errstate(invalid="ignore"):
        while True:
            live = start < end
            if not live.any():
                return start.reshape(values.shape)
            mid = start + ((end - start) >> 1)
            mid_val = rows[row, np.minimum(mid, n - 1)]
            go_right = ~(mid_val > v) if right else ~(mid_val >= v)
            start = np.where(live & go_right, mid + 1, start)
            end = np.where(live & ~go_right, mid, end)


def _searchsorted(fn, boundaries, values, out_int32, right, side, sorter):
    if side is not None:
        if side not in ("left", "right"):
            raise runtime_error(f"torch.searchsorted(): side can only be 'left' or 'right' but got {side}")
        if right and side != "right":
            raise runtime_error(f"torch.searchsorted(): side and right can't be set to opposites, got side of "
                                f"{side} while right was True")
        right = side == "right"
    bd = boundaries.data
    if sorter is not None:
        if sorter.shape != boundaries.shape:
            raise runtime_error(f"torch.searchsorted(): boundary and sorter must have the same size, but got "
                                f"boundary tensor {list(boundaries.shape)}and got sorter tensor {list(sorter.shape)}")
        if sorter.data.dtype != np.int64:
            raise runtime_error(f"torch.searchsorted(): sorter must be a tensor of long dtype but got dtype "
                                f"{sorter.dtype.torch_type[:-6]}")
        order = sorter.data
        if order.size and (order.min() < 0 or order.max() >= sorter.shape[-1]):
            raise runtime_error("torch.searchsorted(): sorter index out of range")
    x = values.data if type(values) is Tensor else np.asarray(values)
    if x.ndim == 0 and bd.ndim != 1:
        raise runtime_error(f"torch.searchsorted(): input value can be a scalar only when boundaries tensor "
                            f"dimension is 1, but we got boundaries tensor dim({bd.ndim}) and input value's "
                            f"dim({x.ndim}) numel({x.size})")
    if bd.ndim == 0:
        raise runtime_error("torch.searchsorted(): boundaries tensor should have positive dimension, but got 0 "
                            "dimension")
    if bd.ndim != 1 and (bd.ndim != x.ndim or bd.shape[:-1] != x.shape[:-1]):
        raise runtime_error(f"torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 "
                            f"dimensions of boundaries tensor and input value tensor must match, but we got "
                            f"boundaries tensor {list(bd.shape)} and input value tensor {list(x.shape)}")
    dt = result_dtype(values, boundaries)
    if dt.category == 0:
        raise GradcliError("NotImplementedError", f"\"{fn}\" not implemented for 'Bool'")
    bd, x = bd.astype(dt.np, copy=False), x.astype(dt.np, copy=False)
    if sorter is not None:
        bd = np.take_along_axis(bd, sorter.data, axis=-1)
    if bd.shape[-1] == 0:
        out = np.zeros(x.shape, np.int64)
    elif bd.ndim == 1:
        out = _bound(bd, x.reshape(1, -1), right).reshape(x.shape)
    else:
        out = _bound(bd, x, right)
    return Tensor(out.astype(np.int32 if out_int32 else np.int64))


def _search_args(fn, forms, given, kwargs, number_position):
    """The tensors of a searchsorted/bucketize call (and a number where
    PyTorch takes one), or PyTorch's error."""
    tensors = []
    for i, v in enumerate(given):
        if type(v) is Tensor:
            tensors.append(v)
        elif i == number_position and isinstance(v, (int, float)):
            tensors.append(v)           # a wrapped number: it promotes as one
        else:
            from .device import invalid_combination
            raise invalid_combination(fn, given, kwargs, forms)
    return tensors


_SEARCHSORTED_FORMS = tuple(
    f"(Tensor sorted_sequence, {v}, *, bool out_int32 = False, bool right = False, str side = None, "
    "Tensor sorter = None, Tensor out = None)" for v in ("Tensor input", "Number self"))
_BUCKETIZE_FORMS = ("(Tensor input, Tensor boundaries, *, bool out_int32 = False, bool right = False, "
                    "Tensor out = None)",
                    "(Number self, Tensor boundaries, *, bool out_int32 = False, bool right = False)")


@implements("searchsorted")
def searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None, sorter=None):
    options = {k: v for k, v in (("out_int32", out_int32), ("right", right), ("side", side), ("sorter", sorter))
               if v is not None and v is not False}
    if not isinstance(out_int32, bool) or not isinstance(right, bool) or not (side is None or isinstance(
            side, str)) or not (sorter is None or type(sorter) is Tensor):
        from .device import invalid_combination
        raise invalid_combination("searchsorted", (sorted_sequence, input), options, _SEARCHSORTED_FORMS)
    boundaries, values = _search_args("searchsorted", _SEARCHSORTED_FORMS, (sorted_sequence, input), options, 1)
    return _searchsorted("searchsorted_out_cpu", boundaries, values, out_int32, right, side, sorter)


@implements("bucketize")
def bucketize(input, boundaries, *, out_int32=False, right=False):
    options = {k: v for k, v in (("out_int32", out_int32), ("right", right)) if v is not False}
    if not isinstance(out_int32, bool) or not isinstance(right, bool):
        from .device import invalid_combination
        raise invalid_combination("bucketize", (input, boundaries), options, _BUCKETIZE_FORMS)
    values, bounds = _search_args("bucketize", _BUCKETIZE_FORMS, (input, boundaries), options, 0)
    if bounds.data.ndim != 1:
        raise runtime_error(f"boundaries tensor must be 1 dimension, but got dim({bounds.data.ndim})")
    return _searchsorted("searchsorted_out_cpu", bounds, values, out_int32, right, None, None)


_SORTED = T(values=[1.0, 3.0, 5.0, 7.0, 9.0], grad=False)
_PROBES = T(values=[[3.0, 6.0, 9.0], [0.5, 10.0, float("nan")]], grad=False)
row("searchsorted", None, None, forms=("torch",),
    args="sorted_sequence, input, *, out_int32=False, right=False, side=None, sorter=None",
    samples=(Sample(_SORTED, _PROBES), Sample(_SORTED, _PROBES, right=True), Sample(_SORTED, _PROBES, side="right"),
             Sample(_SORTED, _PROBES, out_int32=True), Sample(_SORTED, 5), Sample(_SORTED, 5.5, right=True),
             Sample(T(values=[[1, 3, 5], [2, 4, 6]], dtype="int64", grad=False),
                    T(values=[[3.5, 0.0], [4.0, 7.0]], grad=False)),
             Sample(T(values=[5.0, 1.0, 3.0, 3.0], grad=False), T(values=[2.0, 3.0, 6.0], grad=False),
                    sorter=T(values=[1, 2, 3, 0], dtype="int64", grad=False)),
             Sample(T(values=[1.0, float("nan"), 3.0], grad=False), T(values=[float("nan"), 2.0], grad=False)),
             Sample(T(values=[], grad=False), T(values=[1.0], grad=False))))
row("bucketize", None, None, forms=("torch",), args="input, boundaries, *, out_int32=False, right=False",
    samples=(Sample(_PROBES, _SORTED), Sample(_PROBES, _SORTED, right=True), Sample(3, _SORTED),
             Sample(_PROBES, _SORTED, out_int32=True),
             Sample(T(values=[1, 4, 9], dtype="int32", grad=False), T(values=[1, 4, 9], dtype="int64", grad=False),
                    right=True)))

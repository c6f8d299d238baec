"""sort without stable=True orders equal values as PyTorch's std::sort
does (introsort, insertion sort below 17 values, heapsort past the depth
limit): a recorded case, and live comparisons over tie-heavy rows and an
input built to drive the introsort to its heapsort."""
from __future__ import annotations

import numpy as np
import pytest

from gradcli.engine.tensor import Tensor
from gradcli.ops import names, sorting


def _indices(x, **kw):
    return names.TORCH["sort"](Tensor(x), **kw)[1].data.tolist()


def test_forty_equal_values_in_pytorchs_order():
    # torch.sort(torch.zeros(40)).indices, PyTorch 2.13
    want = [30, *range(21, 30), 20, *range(31, 40), 10, *range(1, 10), 0, *range(11, 20)]
    assert _indices(np.zeros(40, np.float32)) == want
    assert _indices(np.zeros(40, np.float32), stable=True) == list(range(40))
    assert _indices(np.zeros(16, np.float32)) == list(range(16))      # insertion sort: stable


def _killer(n):
    """McIlroy's adversary against the introsort: values fixed as late as
    the comparisons allow, so that the partitions stay lopsided."""
    gas, val, state = n, [n] * n, {"solid": 0, "candidate": 0}

    class Key:
        __slots__ = ("i",)

        def __init__(self, i):
            self.i = i

        def __lt__(self, other):
            x, y = self.i, other.i
            if val[x] == gas and val[y] == gas:
                z = x if x == state["candidate"] else y
                val[z], state["solid"] = state["solid"], state["solid"] + 1
            if val[x] == gas:
                state["candidate"] = x
            elif val[y] == gas:
                state["candidate"] = y
            return val[x] < val[y]

    keys = np.empty(n, object)
    keys[:] = [Key(i) for i in range(n)]
    sorting._Selection(keys, 0, False, True)._introsort(0, n)      # libstdc++'s std::sort, step for step
    for i in range(n):
        if val[i] == gas:
            val[i], state["solid"] = state["solid"], state["solid"] + 1
    return np.array(val, np.float32)


def test_the_heapsort_fallback_matches_pytorch(monkeypatch):
    torch = pytest.importorskip("torch")
    x = np.floor(_killer(300) / 2).astype(np.float32)       # pairs of equal values, still driven to the heapsort
    heapsorts = []
    real = sorting._Selection._sort_heap
    monkeypatch.setattr(sorting._Selection, "_sort_heap", lambda self, *a: heapsorts.append(a) or real(self, *a))
    for descending in (False, True):
        assert _indices(x, descending=descending) == \
            torch.sort(torch.tensor(x), descending=descending).indices.tolist()
    assert heapsorts          # the case reaches the heapsort


@pytest.mark.parametrize("seed", range(8))
def test_rows_with_ties_match_pytorch(seed):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(seed)
    for _ in range(40):
        shape = (int(rng.integers(1, 4)), int(rng.integers(1, 200)))
        x = rng.integers(0, int(rng.integers(1, 6)), size=shape).astype(rng.choice([np.float32, np.float64, np.int64]))
        if x.dtype.kind == "f" and rng.random() < 0.4:
            x[rng.random(shape) < 0.2] = np.nan
            x[x == 0] = np.where(rng.random(int((x == 0).sum())) < 0.5, -0.0, 0.0)
        dim = int(rng.choice([0, 1, -1]))
        descending = bool(rng.random() < 0.5)
        got = names.TORCH["sort"](Tensor(x), dim, descending)
        want = torch.sort(torch.tensor(x), dim, descending)
        assert got[1].data.tolist() == want.indices.tolist()
        np.testing.assert_array_equal(got[0].data, want.values.numpy())


@pytest.mark.parametrize("threshold", [17, 128])
def test_numpy_partitions_give_the_step_by_step_introsorts_order(threshold, monkeypatch):
    """_std_sort (numpy partitions, ranges without ties left) against
    _Selection's introsort (topk's, one comparison at a time)."""
    monkeypatch.setattr(sorting, "_NUMPY_PARTITION", threshold)
    rng = np.random.default_rng(threshold)
    for _ in range(150):
        n = int(rng.integers(17, 1500))
        keys = rng.integers(0, int(rng.integers(1, max(2, n // int(rng.integers(1, 40))))), n)
        shape = rng.random()
        if shape < 0.2:
            keys = np.sort(keys)
        elif shape < 0.4:
            keys = np.sort(keys)[::-1].copy()
        step_by_step = sorting._Selection(keys, 0, False, True)
        step_by_step._introsort(0, n)
        assert sorting._std_sort(keys.astype(np.int64)).tolist() == [i for _, i in step_by_step.q]

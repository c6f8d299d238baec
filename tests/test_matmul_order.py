"""Products and loss reductions add in PyTorch's order where gradcli models
it (gradcli/engine/blas.py, engine/cascade.py): recorded results of PyTorch
2.13 (tests/goldens/matmul_orders.json, 2 threads), and live ones."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from gradcli.engine import blas
from gradcli.engine.tensor import Tensor
from gradcli.ops import linalg, nn_functional
from gradcli.ops import losses as loss_ops
from matmul_cases import THREADS, loss_inputs, product_inputs
from unary_cases import digest as _digest

GOLDEN = json.loads((Path(__file__).parent / "goldens" / "matmul_orders.json").read_text())


def _product(case):
    """The product as a script computes it (torch.mm, torch.mv, torch.addmm)."""
    a, b, c = product_inputs(case)
    if case["op"] == "mm":
        return linalg.mm(Tensor(a), Tensor(b)).data
    if case["op"] == "mv":
        return linalg.mv(Tensor(a), Tensor(b)).data
    return nn_functional.addmm(Tensor(c), Tensor(a), Tensor(b)).data


def _loss(case):
    x, t, w = loss_inputs(case)
    if case["op"] == "mse_loss":
        return loss_ops.mse_loss(Tensor(x), Tensor(t), reduction=case["reduction"]).data
    return loss_ops.nll_loss(Tensor(x), Tensor(t), weight=None if w is None else Tensor(w),
                                  reduction=case["reduction"], ignore_index=case["ignore_index"]).data


def _id(c):
    if "m" in c:
        return f"{c['op']}-{c['m']}x{c['k']}x{c['n']}-{'FC'[c['a_column_major']]}{'FC'[c['b_column_major']]}-{c['dtype']}"
    return f"{c['op']}-{c['n']}-{c['dtype']}-{c['reduction']}" + \
        (f"-{'w' if c['weighted'] else ''}{'i' if c['ignore_index'] != -100 else ''}" if c["op"] == "nll_loss" else "")


@pytest.mark.parametrize("case", GOLDEN["products"], ids=_id)
def test_products_equal_recorded_pytorch_bit_for_bit(case, monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", str(GOLDEN["threads"]))
    assert _digest(_product(case)) == case["sha256"]


@pytest.mark.parametrize("case", GOLDEN["losses"], ids=_id)
def test_loss_reductions_equal_recorded_pytorch_bit_for_bit(case, monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", str(GOLDEN["threads"]))
    assert _digest(_loss(case)) == case["sha256"]


def test_numpy_orders_differ_so_the_models_matter():
    """numpy's BLAS and pairwise sums give other bits on some recorded cases."""
    products = [c for c in GOLDEN["products"] if c["op"] == "mm" and c["k"] >= 1000]
    assert any(_digest(np.matmul(*product_inputs(c)[:2])) != c["sha256"] for c in products)
    losses = [c for c in GOLDEN["losses"] if c["op"] == "mse_loss" and c["reduction"] == "sum" and c["n"] >= 1000]
    assert any(_digest(np.sum((lambda x, t: (x - t) ** 2)(*loss_inputs(c)[:2]))) != c["sha256"] for c in losses)


def test_which_products_are_modelled():
    f32 = np.float32
    col = np.ones((3, 50), f32, order="F")
    row = np.ones((3, 50), f32)
    vec = np.ones((50, 1), f32)
    assert blas._column_read(col, vec) is not None          # x.t() @ g: read a column at a time
    assert blas._column_read(row, vec) is None               # a dot product per row: numpy's
    assert blas._column_read(vec.T, np.ones((50, 4), f32)) is not None
    assert blas._short(np.ones((7, 4), f32), np.ones((4, 1), f32))
    assert not blas._short(np.ones((7, 5), f32), np.ones((5, 1), f32))
    assert not blas._short(np.ones((7, 3), f32), np.ones((3, 2), f32))   # a matrix product: numpy's
    assert not blas._short(np.ones((7, 3), np.int64), np.ones((3, 1), np.int64))
    assert blas._row_read(row, vec) is not None              # a dot product per row, float32: sgemv's kernels
    assert blas._row_read(np.ones((1, 50), f32), np.ones((4, 50), f32).T) is not None   # x @ W.t()
    assert blas._row_read(np.ones((1, 50), f32), np.ones((50, 1), f32)) is None         # (1, K) by (K, 1)


@pytest.mark.parametrize("seed", range(2))
def test_live_random_products(seed, monkeypatch):
    torch = pytest.importorskip("torch")
    monkeypatch.setenv("OMP_NUM_THREADS", str(THREADS))
    torch.set_num_threads(THREADS)
    rng = np.random.default_rng(100 + seed)
    checked = 0
    for _ in range(300):
        m, k, n = (int(rng.choice(v)) for v in ([1, 2, 3, 7, 8, 64], [1, 2, 3, 4, 9, 300, 3000], [1, 2, 3, 5, 6, 8, 64]))
        dt = rng.choice([np.float32, np.float64])
        a = rng.standard_normal((k, m)).astype(dt).T if rng.integers(2) else rng.standard_normal((m, k)).astype(dt)
        b = rng.standard_normal((n, k)).astype(dt).T if rng.integers(2) else rng.standard_normal((k, n)).astype(dt)
        c = rng.standard_normal(n).astype(dt)
        rows = blas._row_read(a, b)
        if rows is not None and dt == np.float64 and rows[0].shape[0] % 4:
            continue                                          # float64 rows left over: numpy's, not claimed
        if blas._column_read(a, b) is None and not blas._short(a, b) and rows is None:
            continue                                          # numpy's order: not claimed
        checked += 1
        ta, tb = torch.from_numpy(a), torch.from_numpy(b)
        assert np.array_equal(linalg.mm(Tensor(a), Tensor(b)).data, torch.mm(ta, tb).numpy()), (m, k, n, a.strides, b.strides)
        if (m, n) != (1, 1):
            got = nn_functional.addmm(Tensor(c), Tensor(a), Tensor(b)).data
            assert np.array_equal(got, torch.addmm(torch.from_numpy(c), ta, tb).numpy()), (m, k, n, a.strides, b.strides)
    assert checked > 50


@pytest.mark.parametrize("seed", range(2))
def test_live_random_loss_reductions(seed, monkeypatch):
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    rng = np.random.default_rng(200 + seed)
    for _ in range(40):
        n = int(rng.integers(1, 3000))
        dt = rng.choice([np.float32, np.float64])
        x = (rng.standard_normal((n, 4)) * 3).astype(dt)
        t = rng.integers(0, 4, n)
        t[rng.random(n) < 0.1] = -100
        w = rng.random(4).astype(dt)
        for reduction in ("sum", "mean"):
            kw = {"weight": w} if rng.integers(2) else {}
            got = loss_ops.nll_loss(Tensor(x), Tensor(t), reduction=reduction,
                                         **{k: Tensor(v) for k, v in kw.items()}).data
            want = F.nll_loss(torch.from_numpy(x), torch.from_numpy(t), reduction=reduction,
                              **{k: torch.from_numpy(v) for k, v in kw.items()}).numpy()
            assert np.array_equal(got, want), (n, reduction, kw.keys())
            got = loss_ops.mse_loss(Tensor(x), Tensor(x[::-1].copy()), reduction=reduction).data
            want = F.mse_loss(torch.from_numpy(x), torch.from_numpy(x[::-1].copy()), reduction=reduction).numpy()
            assert np.array_equal(got, want), (n, reduction)

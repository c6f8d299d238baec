"""Products and loss reductions add in PyTorch's order where gradcli models
it (gradcli/engine/blas.py, engine/cascade.py): recorded results of PyTorch
2.13 (tests/goldens/matmul_orders.json, 2 threads), and live ones."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from gradcli.engine import blas
from gradcli.engine.tensor import Tensor
from gradcli.ops import linalg, nn_functional
from gradcli.ops import losses as loss_ops
from inprocess import run_cli
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
        return (f"{c['op']}-{c['m']}x{c['k']}x{c['n']}-{'FC'[c['a_column_major']]}{'FC'[c['b_column_major']]}"
                f"{'-sliced' if c.get('a_sliced') else ''}-{c['dtype']}")
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
    gemms = [c for c in GOLDEN["products"] if c["m"] >= 2 and c["n"] >= 2 and c["k"] >= 2]
    assert sum(_digest(np.matmul(*product_inputs(c)[:2])) != c["sha256"] for c in gemms if c["op"] == "mm") >= 10
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


def test_which_matrix_products_follow_sgemm(monkeypatch):
    """Float32 matrices of 2 or more rows and columns, m*n*k up to
    GEMM_MAX, on one or two threads; float64 ones in dgemm's known regions;
    numpy's product otherwise."""
    f32, f64 = np.float32, np.float64
    monkeypatch.setenv("OMP_NUM_THREADS", "2")
    a, b = np.ones((5, 7), f32), np.ones((7, 3), f32)
    assert blas._gemm(a, b) is not None
    assert blas._gemm(a.astype(f64), b.astype(f64)) is None                      # 3 columns: odd
    assert blas._gemm(np.ones((5, 7)), np.ones((7, 4))) is not None               # row-major b, even
    assert blas._gemm(np.ones((5, 7)), np.ones((4, 7)).T) is None                 # column-major b, not whole tiles
    assert blas._gemm(np.ones((8, 7)), np.ones((24, 7)).T) is not None            # whole tiles: any layout
    assert blas._gemm(np.ones((8, 7)), np.ones((24, 7), f32).T) is None           # mixed dtypes
    assert blas._gemm(a[:1], b) is None and blas._gemm(a, b[:, :1]) is None      # matrix-vector: blas's others
    big = np.ones((256, 256), f32)
    assert blas._gemm(big, big[:, :64]) is not None and blas._gemm(big, big[:, :65]) is None
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    assert blas._gemm(a, b) is None
    assert blas._fused_rows(6, 20, 17, 1) == 6 and blas._fused_rows(6, 20, 17, 2) == 4
    assert blas._fused_rows(6, 16, 16, 2) == 6 and blas._fused_rows(6, 100, 4, 2) == 6 and blas._fused_rows(6, 101, 4, 2) == 4
    assert blas._fused_rows(13, 20, 17, 2) == 13 and blas._fused_rows(8, 20, 17, 2) == 8
    assert blas._fused_rows(3, 500, 50, 2) == 0 and blas._fused_rows(500, 11, 50, 2) == 0
    assert [b - a for a, b in blas._k_blocks(192)] == [192]
    assert [b - a for a, b in blas._k_blocks(193)] == [96, 96, 1]
    assert [b - a for a, b in blas._k_blocks(384)] == [192, 192]
    assert [b - a for a, b in blas._k_blocks(1000)] == [192] * 5 + [40]


def _placed(rng, shape, column_major, offset, pad, dtype=np.float32):
    """A (rows, cols) view into a fresh buffer: row- or column-major,
    ``offset`` elements in, its leading dimension ``pad`` longer than
    needed."""
    r, c = shape
    outer, inner = (c, r) if column_major else (r, c)
    buf = rng.standard_normal(offset + outer * (inner + pad)).astype(dtype)
    v = buf[offset:].reshape(outer, inner + pad)[:, :inner]
    return v.T if column_major else v


def _live_products(torch, rng, count, shapes, dtype=np.float32):
    checked = 0
    for i in range(count):
        m, k, n = shapes(rng)
        ta, tb = divmod(i % 4, 2)
        a = _placed(rng, (m, k), ta, int(rng.choice([0, 0, 1, 2, 3, 5])), int(rng.choice([0, 0, 1, 3])), dtype)
        b = _placed(rng, (k, n), tb, int(rng.choice([0, 0, 1, 2, 3])), int(rng.choice([0, 0, 2])), dtype)
        c = rng.standard_normal(n if rng.integers(2) else (m, n)).astype(dtype)
        if blas._gemm(a, b) is None:
            continue
        checked += 1
        ta_, tb_ = torch.from_numpy(a), torch.from_numpy(b)        # the same memory: the same alignment
        assert np.array_equal(linalg.mm(Tensor(a), Tensor(b)).data, torch.mm(ta_, tb_).numpy()), (m, k, n, a.strides, b.strides)
        got = nn_functional.addmm(Tensor(c), Tensor(a), Tensor(b)).data
        assert np.array_equal(got, torch.addmm(torch.from_numpy(c), ta_, tb_).numpy()), (m, k, n, c.shape, a.strides, b.strides)
    return checked


def _any_shape(rng):
    pick = lambda: int(rng.choice([rng.integers(2, 20), rng.integers(2, 70), rng.integers(2, 300)]))
    while True:
        m, n, k = pick(), pick(), int(rng.choice([rng.integers(1, 40), rng.integers(1, 500)]))
        if m * n * k <= 1_500_000:
            return m, k, n


def _split_rows_shape(rng):
    """5-7 or 9-11 rows by 12 or more columns: split between two threads."""
    return int(rng.choice([5, 6, 7, 9, 10, 11])), int(rng.integers(1, 300)), int(rng.integers(12, 200))


@pytest.mark.parametrize("seed", range(2))
def test_live_random_matrix_products(seed, monkeypatch):
    """Float32 ``mm``/``addmm`` of random shapes, layouts, offsets and
    leading dimensions, against PyTorch on two threads."""
    torch = pytest.importorskip("torch")
    monkeypatch.setenv("OMP_NUM_THREADS", str(THREADS))
    torch.set_num_threads(THREADS)
    rng = np.random.default_rng(300 + seed)
    assert _live_products(torch, rng, 120, _any_shape) > 100
    assert _live_products(torch, rng, 40, _split_rows_shape) == 40


def _dgemm_shape(rng):
    """Whole tiles of 4 rows by 12 columns, or an even column count."""
    m, k, n = _any_shape(rng)
    if rng.integers(2):
        m, n = max(4, m // 4 * 4), max(12, n // 12 * 12)
    else:
        n = max(2, n // 2 * 2)
    return (m, k, n) if m * n * k <= blas.GEMM64_MAX else (m, max(1, blas.GEMM64_MAX // (m * n)), n)


def test_live_random_float64_matrix_products(monkeypatch):
    torch = pytest.importorskip("torch")
    monkeypatch.setenv("OMP_NUM_THREADS", str(THREADS))
    torch.set_num_threads(THREADS)
    assert _live_products(torch, np.random.default_rng(500), 120, _dgemm_shape, np.float64) > 80


def test_live_signed_zeros(monkeypatch):
    """Sums of zeros keep PyTorch's signs: a -0 input of addmm stays -0
    where the kernel starts from it (the small kernels of a row-major b,
    dgemm's fused one, a column-read matrix-vector product), and a fused
    float64 kernel of an odd k turns it into +0 (its zero padding term)."""
    torch = pytest.importorskip("torch")
    monkeypatch.setenv("OMP_NUM_THREADS", str(THREADS))
    torch.set_num_threads(THREADS)
    rng = np.random.default_rng(600)
    checked = 0
    for dt in (np.float32, np.float64):
        for m, n, k in [(4, 12, 2), (4, 12, 3), (8, 24, 5), (5, 14, 3), (3, 6, 3), (6, 20, 17), (30, 3, 16),
                        (2, 8, 5), (16, 16, 200), (7, 40, 30), (13, 24, 1), (4, 24, 7), (9, 30, 8), (3, 5, 1)]:
            for order_a, order_b in ("CC", "CF", "FC", "FF"):
                a = np.asarray(rng.choice([-0.0, 0.0, 1.0], (m, k)), dt, order=order_a)
                a[:, ::2] = -0.0
                b = np.asarray(rng.choice([-0.0, 0.0, -1.0], (k, n)), dt, order=order_b)
                for x, y in ((-np.zeros((m, k), dt, order=order_a), np.ones((k, n), dt, order=order_b)), (a, b)):
                    c = -np.zeros(n, dt)
                    if blas._gemm(x, y) is None:
                        continue
                    checked += 1
                    tx, ty = torch.from_numpy(x), torch.from_numpy(y)
                    for got, want in ((blas.matmul(x, y), torch.mm(tx, ty)),
                                      (blas.addmm(c, x, y), torch.addmm(torch.from_numpy(c), tx, ty))):
                        assert np.array_equal(np.signbit(got), np.signbit(want.numpy())), (dt, m, n, k, order_a, order_b)
        # matrix-vector products read a column at a time: their sums start from addmm's input
        for x, y in ((np.asfortranarray(-np.zeros((3, 5), dt)), np.ones((5, 1), dt)),
                     (-np.zeros((1, 7), dt), np.ones((7, 4), dt)), (np.asfortranarray(-np.zeros((40, 300), dt)), np.ones((300, 1), dt))):
            assert blas._column_read(x, y) is not None
            c = -np.zeros(y.shape[1], dt)
            want = torch.addmm(torch.from_numpy(c), torch.from_numpy(x), torch.from_numpy(y)).numpy()
            assert np.signbit(want).all() and np.signbit(blas.addmm(c, x, y)).all()
    assert checked > 150


def test_live_matrix_products_on_one_thread(monkeypatch):
    """On one thread no rows are split off: all through the fused kernel."""
    torch = pytest.importorskip("torch")
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    torch.set_num_threads(1)
    try:
        rng = np.random.default_rng(400)
        assert _live_products(torch, rng, 40, _split_rows_shape) == 40
        assert _live_products(torch, rng, 60, _any_shape) > 50
    finally:
        torch.set_num_threads(THREADS)


LINEAR_SCRIPT = """\
import torch
from torch import nn
torch.manual_seed(0)
for batch, din, dout in [(30, 16, 3), (16, 3, 8), (30, 2, 16), (64, 20, 24), (5, 13, 17), (7, 40, 30), (3, 30, 16)]:
    x = torch.randn(batch, din, requires_grad=True)
    lin = nn.Linear(din, dout)
    y = lin(x)
    (y * torch.randn(batch, dout)).sum().backward()
    print(y.tolist(), x.grad.tolist(), lin.weight.grad.tolist(), (x @ lin.weight.t()).tolist())
"""


def test_linear_forward_and_gradients_equal_pytorchs(tmp_path):
    """nn.Linear's addmm, its input's gradient ``g @ W`` and its weight's
    ``g.t() @ x`` (PyTorch's choice for a column-major ``W.t()``), printed
    in full, in each kernel's region."""
    pytest.importorskip("torch")
    script = tmp_path / "linear.py"
    script.write_text(LINEAR_SCRIPT)
    env = {**os.environ, "OMP_NUM_THREADS": str(THREADS)}
    want = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, check=True).stdout
    got = run_cli(["run", str(script), "-f", "torch"], env=env)
    assert got.returncode == 0, got.stderr
    assert got.stdout == want


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

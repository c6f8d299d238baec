"""Vector norms in PyTorch's kernel orders, bit for bit: the 2-norm's
vectorised loop (engine/cascade.py's norm2_rows) over dense innermost dims
and whole tensors; the generic reduction (serial_sums) for every other p and
layout; a single element's norm is its absolute value. Against live PyTorch
and against values recorded from it."""
from __future__ import annotations

import numpy as np
import pytest

from gradcli.engine.cascade import norm2_rows, serial_sums
from gradcli.ops.table import vector_norm_array

SIZES = list(range(1, 70)) + [100, 127, 128, 129, 255, 1000, 1023]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_rows_match_pytorch_for_every_length(dtype):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    for n in SIZES:
        x = rng.standard_normal((60, n)).astype(dtype)
        want = torch.linalg.vector_norm(torch.from_numpy(x), 2, -1).numpy()
        got = vector_norm_array(x, 2.0, (1,), False)
        assert got.dtype == x.dtype and got.shape == (60,)
        assert np.array_equal(got.view(np.uint8), want.view(np.uint8)), n


def test_whole_tensors_and_trailing_dims_match_pytorch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(4)
    for shape in ((3, 5), (7, 9, 2), (300, 1000), (250001,)):
        x = rng.standard_normal(shape).astype(np.float32)
        want = torch.linalg.vector_norm(torch.from_numpy(x)).numpy()
        assert vector_norm_array(x, 2.0, None, False).view(np.int32) == want.view(np.int32), shape
    x = rng.standard_normal((4, 6, 8)).astype(np.float32)
    want = torch.linalg.vector_norm(torch.from_numpy(x), 2, (1, 2), keepdim=True).numpy()
    got = vector_norm_array(x, 2.0, (1, 2), True)
    assert got.shape == (4, 1, 1) and np.array_equal(got.view(np.int32), want.view(np.int32))


def grid(shape, dtype=np.float32):
    """Deterministic values of both signs (no random stream involved)."""
    n = int(np.prod(shape))
    return (((np.arange(n) * 7919) % 2001 - 1000) / 97).astype(dtype).reshape(shape)


def in_order(values):
    """The model: one term after another from zero, in the values' dtype."""
    total = values.dtype.type(0)
    for v in values:
        total = values.dtype.type(total + v)
    return total


def bits(a):
    return np.ascontiguousarray(np.atleast_1d(a)).view(np.uint8)


# Recorded from PyTorch 2.13 (CPU) for grid inputs.
COLUMN_2NORMS = [float.fromhex(h) for h in (
    "0x1.9dd7b4p+6", "0x1.9d3b92p+6", "0x1.9d9004p+6", "0x1.9df7c4p+6", "0x1.9d4d2ep+6", "0x1.9c7aap+6",
    "0x1.9c82ep+6", "0x1.9ce656p+6", "0x1.9c783cp+6", "0x1.9b91d4p+6", "0x1.9b4d8ep+6", "0x1.9bea16p+6",
    "0x1.9c6d76p+6", "0x1.9bd60cp+6", "0x1.9b453cp+6", "0x1.9ba958p+6", "0x1.9c679ep+6")]
WHOLE_1NORM = float.fromhex("0x1.2e3628p+17")
TRANSPOSED_1NORMS_64 = [float.fromhex(h) for h in (
    "0x1.4ef2cddb0d324p+8", "0x1.4e699127966efp+8", "0x1.4cb8be054741ep+8", "0x1.4af8151d07eadp+8",
    "0x1.4a17c0a8e83f7p+8", "0x1.4a17c0a8e83f8p+8", "0x1.4a07eae2f8154p+8", "0x1.48d07eae2f812p+8",
    "0x1.46ffffffffffep+8")]


def test_the_vectorised_order_is_not_numpys():
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2000, 37)).astype(np.float32)
    ordered = norm2_rows(x)
    double = np.sqrt((x.astype(np.float64) ** 2).sum(1)).astype(np.float32)
    assert np.any(ordered != double)                       # the order shows in the last bits
    assert np.allclose(ordered, double, rtol=1e-6)
    assert np.array_equal(norm2_rows(np.zeros((3, 0), np.float32)), np.zeros(3, np.float32))


def test_other_layouts_add_each_outputs_terms_in_memory_order():
    x = grid((300, 17))
    col = vector_norm_array(x, 2.0, (0,), False)            # not the innermost dim: the generic kernel
    want = np.array([np.sqrt(in_order(x[:, j] * x[:, j])) for j in range(17)], np.float32)
    assert bits(col).tobytes() == bits(want).tobytes()
    assert col.tolist() == COLUMN_2NORMS
    assert np.any(col != np.sqrt((x.astype(np.float64) ** 2).sum(0)).astype(np.float32))
    y = grid((30000,))
    assert vector_norm_array(y, 1, None, False).item() == in_order(np.abs(y)) == WHOLE_1NORM
    z = grid((64, 9), np.float64).T                          # each row strided: its memory order
    assert vector_norm_array(z, 1, (1,), False).tolist() == TRANSPOSED_1NORMS_64
    t = grid((2, 3, 4))
    got = vector_norm_array(t, 1, (0, 2), True)              # dims 0 and 2: dim 2 innermost
    assert got.shape == (1, 3, 1)
    assert got.ravel().tolist() == [in_order(np.abs(t[:, j, :].ravel())) for j in range(3)]


def test_a_whole_reduction_from_grain_up_is_split_over_the_threads(monkeypatch):
    terms = np.abs(grid((70001,)))[None, :]
    monkeypatch.setenv("OMP_NUM_THREADS", "2")
    chunk = 35001
    want = terms.dtype.type(in_order(terms[0, :chunk]) + in_order(terms[0, chunk:]))
    assert serial_sums(terms)[0] == want
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert serial_sums(terms)[0] == in_order(terms[0])
    assert serial_sums(np.full((2, 3), -0.0, np.float32)).tolist() == [0.0, 0.0]
    assert not np.signbit(serial_sums(np.full((1, 3), -0.0, np.float32))).any()


def test_one_elements_norm_is_its_absolute_value():
    x = np.array([[1e-30, 3e30, -2.0, 0.0]], np.float32)
    for p in (1, 2.0, 3.0, 0.5, float("inf")):
        assert vector_norm_array(x, p, (0,), False).tolist() == np.abs(x[0]).tolist(), p
        assert vector_norm_array(x.T, p, (1,), True).shape == (4, 1)
    assert vector_norm_array(x, 0, (0,), False).tolist() == [1.0, 1.0, 1.0, 0.0]
    assert vector_norm_array(np.array([-1e-30], np.float32), 2.0, None, False).item() == np.float32(1e-30)


LAYOUTS = [((7,), None), ((1000,), None), ((33000,), None), ((70001,), None), ((5, 9), (0,)), ((5, 9), (1,)),
           ((64, 33), None), ((300, 17), (0,)), ((3, 4, 5), (0, 2)), ((2, 50, 7), (1,)), ((1, 40000), (1,)),
           ((40000, 1), (0,)), ((6, 1, 8), (1,))]


@pytest.mark.slow
@pytest.mark.parametrize("shape,dims", LAYOUTS)
def test_every_p_and_layout_matches_pytorch(shape, dims):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(6)
    for dtype in (np.float32, np.float64):
        base = rng.standard_normal(shape).astype(dtype)
        views = [(base, torch.from_numpy(base))]
        if base.ndim > 1:
            views.append((np.swapaxes(base, 0, -1), torch.from_numpy(base).transpose(0, -1)))
        else:
            views.append((base[::2], torch.from_numpy(base)[::2]))
        for a, t in views:
            for p in (1, 2.0, 3.0, 0.5, -1.0, 1.5, float("inf"), 0):
                for keepdim in (False, True):
                    want = torch.linalg.vector_norm(t, p, dims, keepdim).numpy()
                    got = vector_norm_array(a, p, dims, keepdim)
                    assert got.shape == want.shape and bits(got).tobytes() == bits(want).tobytes(), (dtype, p)

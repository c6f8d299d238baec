"""cumsum and cumprod, and their gradients, bit for bit against live
PyTorch: a float32 running value carried in double as its CPU kernel does,
and cumprod's gradient on its three paths (no zero; zeros, plain; zeros,
under create_graph)."""
from __future__ import annotations

import numpy as np
import pytest

from gradcli.engine.tensor import Tensor
from gradcli.engine import dtypes as D
from gradcli.engine.autograd import grad
from gradcli.ops import arith, reduce
from gradcli.ops import cpu_kernels as K
from gradcli.ops.autograd_calls import backward

SHAPES = ((1,), (7,), (1000,), (3, 500), (500, 3), (64, 33), (4, 5, 300), (300, 5, 4), (2, 1, 40))


def _inputs(rng, shape, dtype, kind):
    x = rng.standard_normal(shape)
    if kind == "near one":
        x = 1 + 0.01 * x
    elif kind == "zeros":
        x = x * (rng.random(shape) > 0.15)
    return x.astype(dtype), rng.standard_normal(shape).astype(dtype)


def _dims(shape):
    # NOTE: not a middle dim of a 3-D tensor: the sum in cumprod's zero path
    # is PyTorch's reduction over that dim, whose order is not reproduced.
    return (0, len(shape) - 1) if len(shape) == 3 else range(len(shape))


def test_float32_running_sum_is_double():
    a = np.full(1000, 0.1, np.float32)
    assert K.cumsum(a, 0)[-1] == np.float32(100.0)
    assert np.float32(np.cumsum(a)[-1]) != np.float32(100.0)
    b = np.full(1000, 1.001, np.float32)
    assert K.cumprod(b, 0)[-1] == np.float32(np.prod(b.astype(np.float64))) != np.cumprod(b)[-1]
    assert np.signbit(K.cumsum(np.array([-0.0, -0.0], np.float32), 0)).tolist() == [False, False]


@pytest.mark.parametrize("dtype", (np.float32, np.float64))
@pytest.mark.parametrize("op", ("cumsum", "cumprod"))
def test_live_forward_and_gradient(op, dtype):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3 if op == "cumsum" else 4)
    for shape in SHAPES:
        for dim in _dims(shape):
            for kind in ("normal", "near one", "zeros"):
                x, g = _inputs(rng, shape, dtype, kind)
                tx = torch.from_numpy(x).requires_grad_()
                ty = getattr(tx, op)(dim)
                ty.backward(torch.from_numpy(g))
                t = Tensor(x, True)
                y = getattr(reduce, op)(t, dim)
                backward(y, Tensor(g))
                where = (op, shape, dim, kind)
                assert np.array_equal(y.data, ty.detach().numpy()), where
                assert np.array_equal(t._grad.data, tx.grad.numpy()), where
                assert np.array_equal(np.signbit(t._grad.data), np.signbit(tx.grad.numpy())), where


@pytest.mark.parametrize("dtype", (np.float32, np.float64))
def test_live_cumprod_gradient_with_zeros_under_create_graph(dtype):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(5)
    for shape in ((9,), (6, 7), (3, 4, 5)):
        for dim in _dims(shape):
            x, g = _inputs(rng, shape, dtype, "zeros")
            x.flat[0] = 0
            v = rng.standard_normal(shape).astype(dtype)
            tx = torch.from_numpy(x).requires_grad_()
            tg, = torch.autograd.grad(tx.cumprod(dim), tx, torch.from_numpy(g), create_graph=True)
            tgg, = torch.autograd.grad((tg * torch.from_numpy(v)).sum(), tx)
            t = Tensor(x, True)
            og, = grad([reduce.cumprod(t, dim)], [t], [Tensor(g)], create_graph=True)
            ogg, = grad([arith.sum(arith.mul(og, Tensor(v)))], [t], [None])
            assert np.array_equal(og.data, tg.detach().numpy()), (shape, dim)
            assert np.array_equal(ogg.data, tgg.numpy()), (shape, dim)


@pytest.mark.parametrize("op", ("cumsum", "cumprod"))
def test_live_gradient_with_a_wider_result_dtype(op):
    """With dtype=float64 on a float32 input, PyTorch's gradient starts from
    the incoming float64 gradient cast to float32."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(6)
    x, _ = _inputs(rng, (400,), np.float32, "near one")
    g = rng.standard_normal(400)
    tx = torch.from_numpy(x).requires_grad_()
    getattr(tx, op)(0, dtype=torch.float64).backward(torch.from_numpy(g))
    t = Tensor(x, True)
    backward(getattr(reduce, op)(t, 0, dtype=D.float64), Tensor(g))
    assert np.array_equal(t._grad.data, tx.grad.numpy())

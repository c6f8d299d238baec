"""float32 softmax and log_softmax, and their gradients,
bit for bit as PyTorch's kernel computes them (cross_entropy runs
log_softmax so): recorded results of PyTorch 2.13
(tests/goldens/softmax_bits.json), and live ones."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from gradcli.engine.tensor import Tensor
from gradcli.ops import nn_functional
from gradcli.ops.autograd_calls import backward
from unary_cases import digest as _digest

CASES = [{"op": op, "shape": list(shape), "scale": scale, "seed": seed}
         for seed, (op, shape, scale) in enumerate(
             (op, shape, scale) for op in ("softmax", "log_softmax")
             for shape in ((1,), (7,), (64, 10), (5, 16), (33, 37), (300, 100), (2, 3, 1000))
             for scale in (0.05, 3.0, 40.0))]
GOLDEN_PATH = Path(__file__).parent / "goldens" / "softmax_bits.json"


def case_inputs(case):
    rng = np.random.default_rng(case["seed"])
    x = (rng.standard_normal(case["shape"]) * case["scale"]).astype(np.float32)
    g = rng.standard_normal(case["shape"]).astype(np.float32)
    return x, g


def _ours(case):
    x, g = case_inputs(case)
    t = Tensor(x, True)
    y = getattr(nn_functional, case["op"])(t, -1)
    backward(y, Tensor(g))
    return y.data, t._grad.data


def _golden():
    return json.loads(GOLDEN_PATH.read_text())


@pytest.mark.parametrize("index", range(len(CASES)))
def test_softmax_bits_equal_recorded_pytorch(index):
    case = _golden()[index]
    forward, grad = _ours(case)
    assert (_digest(forward), _digest(grad)) == (case["forward"], case["grad"]), case


def test_the_recorded_cases_are_these():
    assert [{k: c[k] for k in ("op", "shape", "scale", "seed")} for c in _golden()] == CASES


def test_correctly_rounded_exp_gives_other_bits():
    """The kernel's SLEEF exp is not the correctly rounded one: the model matters."""
    case = next(c for c in _golden() if c["op"] == "softmax" and c["shape"] == [300, 100] and c["scale"] == 3.0)
    x, _ = case_inputs(case)
    e = np.exp((x - x.max(-1, keepdims=True)).astype(np.float64)).astype(np.float32)
    assert _digest(e / e.sum(-1, keepdims=True)) != case["forward"]


@pytest.mark.parametrize("seed", range(2))
def test_live_random_rows(seed):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(50 + seed)
    for _ in range(40):
        shape = (int(rng.integers(1, 50)), int(rng.integers(1, 300)))
        x = (rng.standard_normal(shape) * 10 ** rng.uniform(-2, 1.5)).astype(np.float32)
        g = rng.standard_normal(shape).astype(np.float32)
        for op in ("softmax", "log_softmax"):
            tx = torch.from_numpy(x).requires_grad_()
            ty = getattr(torch, op)(tx, 1)
            ty.backward(torch.from_numpy(g))
            t = Tensor(x, True)
            y = getattr(nn_functional, op)(t, 1)
            backward(y, Tensor(g))
            assert np.array_equal(y.data, ty.detach().numpy()), (op, shape)
            assert np.array_equal(t._grad.data, tx.grad.numpy()), (op, shape)


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("seed", range(2))
def test_live_other_dims(seed, threads, torch_on_threads):
    """Over a dim that is not the last (PyTorch's _vec_softmax and
    _vec_logsoftmax, which run down the dim a register of positions at a
    time and leave others to the scalar loop), on one thread and two."""
    torch = torch_on_threads(threads)
    rng = np.random.default_rng(70 + seed)
    for _ in range(30):
        shape = tuple(int(rng.integers(1, 45)) for _ in range(int(rng.integers(2, 5))))
        x = (rng.standard_normal(shape) * 10 ** rng.uniform(-2, 1.5)).astype(np.float32)
        g = rng.standard_normal(shape).astype(np.float32)
        dim = int(rng.integers(0, len(shape) - 1))
        for op in ("softmax", "log_softmax"):
            tx = torch.from_numpy(x).requires_grad_()
            ty = getattr(torch, op)(tx, dim)
            ty.backward(torch.from_numpy(g))
            t = Tensor(x, True)
            y = getattr(nn_functional, op)(t, dim)
            backward(y, Tensor(g))
            assert y.data.tobytes() == ty.detach().numpy().tobytes(), (op, shape, dim)
            assert t._grad.data.tobytes() == tx.grad.numpy().tobytes(), (op, shape, dim)

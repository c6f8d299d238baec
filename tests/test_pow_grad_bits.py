"""The gradient of ``x ** e`` (a number exponent) bit for bit against live
PyTorch: ``grad * (e * x.pow(e - 1))`` with the pow of the forward, on the
plain path and under create_graph. Exponents whose gradient reaches
``x ** 0.5`` (1.5, and 2.5's second derivative) are left out unless MKL
is installed: PyTorch's square root there is MKL's (gradcli/engine/mkl.py)."""
from __future__ import annotations

import numpy as np
import pytest

from gradcli.engine import mkl
from gradcli.engine.autograd import grad
from gradcli.engine.tensor import Tensor
from gradcli.ops import arith
from gradcli.ops.autograd_calls import backward

EXPONENTS = (4, 5, 0.5, -1, -0.5, -2, 2, 3, 1, 0, -3, 1.25, 0.1, 7, -1.5, 3.5, 0.7, -0.25, 10, 4.5) + (
    (1.5, 2.5) if mkl.available() else ())
# float64 beyond 15 elements: SLEEF's double pow on the vector lanes is not ported
SIZES = {np.float32: (1, 7, 31, 32, 40, 100, 1000), np.float64: (1, 7, 15)}


@pytest.mark.parametrize("dtype", (np.float32, np.float64))
def test_live_pow_gradient(dtype):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(11)
    for n in SIZES[dtype]:
        for e in EXPONENTS:
            # negative bases only for whole exponents (others give NaN)
            x = (rng.standard_normal(n) * 2 if e == int(e) else rng.random(n) * 3 + 1e-3).astype(dtype)
            g = rng.standard_normal(n).astype(dtype)
            tx = torch.from_numpy(x).requires_grad_()
            (tx ** e).backward(torch.from_numpy(g))
            t = Tensor(x, True)
            backward(arith.pow(t, e), Tensor(g))
            assert np.array_equal(t._grad.data, tx.grad.numpy()), (n, e)
            tx = torch.from_numpy(x).requires_grad_()
            tg, = torch.autograd.grad(tx ** e, tx, torch.from_numpy(g), create_graph=True)
            t = Tensor(x, True)
            og, = grad([arith.pow(t, e)], [t], [Tensor(g)], create_graph=True)
            assert np.array_equal(og.data, tg.detach().numpy()), (n, e, "create_graph")

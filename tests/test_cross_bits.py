"""The cross product bit for bit against PyTorch's CPU kernel (its first
product fused into the subtraction, gradcli/ops/linalg.py ``cross_array``):
recorded values (no torch needed) and live comparisons of values and
gradients over many shapes, dims, layouts and dtypes."""
from __future__ import annotations

import numpy as np
import pytest

from gradcli.engine.tensor import Tensor
from gradcli.ops import names
from gradcli.ops.autograd_calls import backward

# PyTorch 2.13's torch.linalg.cross of two float32 (4, 3) matrices,
# standard normal from numpy's default_rng(3), flattened
RECORDED = ['0x1.7ceaf80000000p+1', '0x1.04976a0000000p+1', '-0x1.0a88f80000000p+1', '0x1.b1f1ea0000000p-3',
            '-0x1.a354d40000000p-5', '-0x1.cd57aa0000000p-2', '-0x1.6d905c0000000p-3', '-0x1.8f2fc80000000p-1',
            '0x1.40600c0000000p-1', '0x1.40172c0000000p-4', '0x1.223ece0000000p+0', '0x1.765d340000000p+0']


def _pair():
    rng = np.random.default_rng(3)
    return rng.standard_normal((4, 3)).astype(np.float32), rng.standard_normal((4, 3)).astype(np.float32)


def test_recorded_cross():
    a, b = _pair()
    got = names.LINALG["cross"](Tensor(a), Tensor(b))
    assert [float(v).hex() for v in got.data.reshape(-1)] == RECORDED


def test_unfused_formula_gives_other_bits():
    """The plain a1 * b2 - a2 * b1 in float32 differs on these rows: the fused model matters."""
    a, b = _pair()
    plain = np.stack([a[:, 1] * b[:, 2] - a[:, 2] * b[:, 1], a[:, 2] * b[:, 0] - a[:, 0] * b[:, 2],
                      a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0]], 1)
    assert [float(v).hex() for v in plain.reshape(-1)] != RECORDED


@pytest.mark.parametrize("dt", [np.float32, np.float64], ids=["float32", "float64"])
def test_live_cross_bits(dt):
    """200 random calls per dtype (broadcast batch dims, any dim, transposed
    inputs) and long ones: values and both gradients equal PyTorch's."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(9)
    for k in range(200):
        nd = int(rng.integers(1, 4))
        shape = [int(s) for s in rng.integers(1, 5, size=nd)]
        dim = int(rng.integers(0, nd))
        shape[dim] = 3
        other = [1 if (i != dim and rng.random() < 0.3) else n for i, n in enumerate(shape)]
        a = (rng.standard_normal(shape) * 10 ** rng.uniform(-3, 3)).astype(dt)
        b = (rng.standard_normal(other) * 10 ** rng.uniform(-3, 3)).astype(dt)
        if nd > 1 and rng.random() < 0.3:
            a, b, dim = a.swapaxes(0, -1), b.swapaxes(0, -1), (nd - 1 if dim == 0 else 0 if dim == nd - 1 else dim)
        g = rng.standard_normal(np.broadcast_shapes(a.shape, b.shape)).astype(dt)
        ta, tb = torch.from_numpy(a).requires_grad_(), torch.from_numpy(b).requires_grad_()
        tc = torch.linalg.cross(ta, tb, dim=dim)
        tc.backward(torch.from_numpy(g))
        ga, gb = Tensor(a, True), Tensor(b, True)
        gc = names.LINALG["cross"](ga, gb, dim=dim)
        backward(gc, Tensor(g))
        where = (k, a.shape, b.shape, dim)
        assert np.array_equal(gc.data, tc.detach().numpy()), where
        assert np.array_equal(ga._grad.data, ta.grad.numpy()), where
        assert np.array_equal(gb._grad.data, tb.grad.numpy()), where
    for n in (1000, 40000):
        a, b = rng.standard_normal((n, 3)).astype(dt), rng.standard_normal((3, n)).astype(dt).T
        want = torch.linalg.cross(torch.from_numpy(a), torch.from_numpy(b)).numpy()
        assert np.array_equal(names.LINALG["cross"](Tensor(a), Tensor(b)).data, want), n

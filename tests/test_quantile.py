"""torch.quantile and torch.nanquantile against PyTorch, live: values bit
for bit (float32 and float64), gradients bit for bit, and the grad_fn chain
PyTorch's composition leaves (sort, view, gather, lerp_, squeeze_...), over
random shapes, dims, q (numbers and 1-D tensors), interpolations, ties and
NaNs. Recorded cases are tests/scripts/stats_quantile*.py and the op rows."""
from __future__ import annotations

import numpy as np
import pytest

from gradcli.engine.autograd import backward
from gradcli.engine.tensor import Tensor
from gradcli.ops import names

MODES = ("linear", "lower", "higher", "midpoint", "nearest")


def _case(rng):
    nd = int(rng.integers(0, 4))
    shape = tuple(int(s) for s in rng.integers(1, 7, size=nd))
    dtype = np.float32 if rng.random() < 0.7 else np.float64
    x = rng.standard_normal(shape) * 10 ** rng.uniform(-2, 3)
    if rng.random() < 0.3:
        x = np.round(x)                                     # ties
    if rng.random() < 0.25 and x.size:
        x.reshape(-1)[rng.integers(0, x.size, size=max(1, x.size // 4))] = np.nan
    x = x.astype(dtype)
    dim = None if rng.random() < 0.3 or nd == 0 else int(rng.integers(-nd, nd))
    if nd == 0 and rng.random() < 0.5:
        dim = int(rng.integers(-1, 1))
    if rng.random() < 0.5:
        q = float(rng.choice([0.0, 1.0, 0.5, rng.random(), round(rng.random(), 2)]))
    else:
        q = rng.random(int(rng.integers(1, 5))).astype(dtype)
        q[rng.random(q.size) < 0.2] = 0.5
    kw = {"dim": dim, "keepdim": bool(rng.random() < 0.4), "interpolation": str(rng.choice(MODES))}
    return x, q, kw


def _chain(grad_fn, name_of):
    """The names of the nodes from the result down its first edges, to the leaf's accumulator (left out)."""
    out = []
    while grad_fn is not None:
        out.append(name_of(grad_fn))
        nxt = [n for n in grad_fn.next_functions if n[0] is not None]
        grad_fn = nxt[0][0] if nxt else None
    return out[:-1]


@pytest.mark.parametrize("seed", range(60))
def test_quantile_matches_pytorch(seed):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(seed)
    for _ in range(5):
        x, q, kw = _case(rng)
        for name in ("quantile", "nanquantile"):
            tx = torch.tensor(x, requires_grad=True)
            tq = torch.tensor(q) if isinstance(q, np.ndarray) else q
            want = getattr(torch, name)(tx, tq, **kw)
            gx = Tensor(x.copy(), requires_grad=True)
            gq = Tensor(q) if isinstance(q, np.ndarray) else q
            got = names.TORCH[name](gx, gq, **kw)
            assert got.data.dtype == x.dtype and got.data.shape == tuple(want.shape)
            np.testing.assert_array_equal(got.data, want.detach().numpy(), strict=True)
            assert _chain(got.grad_fn, lambda g: g.name) == _chain(want.grad_fn, lambda g: g.name())
            seed_grad = rng.standard_normal(tuple(want.shape)).astype(x.dtype)
            want.backward(torch.tensor(seed_grad))
            backward([got], [Tensor(seed_grad)])
            np.testing.assert_array_equal(gx._grad.data, tx.grad.numpy(), strict=True)

"""torch.linalg's factorizations and solvers (gradcli/ops/decompositions.py,
solvers.py, matrix_exp.py):
gradients against finite differences with gradcli's own gradcheck and
gradgradcheck (no torch needed), the numpy fallback without MKL, and live
comparisons with PyTorch of values (with its signs of Q, eigenvectors and
singular vectors) and gradients, within stated tolerances.

NOTE: values agree with PyTorch's to float rounding, not bit for bit (its
build of MKL and its order of products differ); the tolerances below are
relative to the largest magnitude of each result."""
from __future__ import annotations

import numpy as np
import pytest

from gradcli.engine import lapack
from gradcli.engine.tensor import Tensor
from gradcli.ops import arith, decompositions as D, matrix_exp as E, solvers as S
from gradcli.ops.autograd_calls import backward
from gradcli.session import run_source

# functions of a float64 matrix A whose every factor counts, for gradcheck and gradgradcheck
CHECKED = {
    "qr_tall": "lambda A: (torch.linalg.qr(A).Q * W).sum() + (torch.linalg.qr(A).R * W[:3]).sum()",
    "qr_wide": "lambda A: (torch.linalg.qr(A.mT).Q * W[:3]).sum() + torch.linalg.qr(A.mT).R.pow(2).sum()",
    "eigh": "lambda A: (torch.linalg.eigh(A.mT @ A).eigenvectors * W[:3]).sum() "
            "+ torch.linalg.eigh(A.mT @ A, UPLO='U').eigenvalues.pow(2).sum()",
    "eigvalsh": "lambda A: torch.linalg.eigvalsh(A[:3] + A[:3].mT).pow(3).sum()",
    "svd": "lambda A: (torch.linalg.svd(A, full_matrices=False).U * W).sum() "
           "+ torch.linalg.svd(A).S.pow(2).sum() + (torch.linalg.svd(A, full_matrices=False).Vh * W[:3]).sum()",
    "torch_svd": "lambda A: (torch.svd(A.mT).V * W).sum() + torch.svd(A.mT).S.sum()",
    "cholesky": "lambda A: (torch.linalg.cholesky(A.mT @ A + torch.eye(3, dtype=torch.float64)) * W[:3]).sum()",
    "cholesky_upper": "lambda A: (torch.linalg.cholesky(A.mT @ A + torch.eye(3, dtype=torch.float64), upper=True)"
                      " * W[:3]).sum()",
    "slogdet": "lambda A: torch.linalg.slogdet(A[:3] + 2 * torch.eye(3, dtype=torch.float64)).logabsdet",
    "logdet": "lambda A: torch.logdet(A.mT @ A)",
    "solve": "lambda A: (torch.linalg.solve(A[:3] + 3 * torch.eye(3, dtype=torch.float64), A[3:].mT) "
             "* W[:3, :1]).sum()",
    "solve_vector_right": "lambda A: torch.linalg.solve(A[:3] + 3 * torch.eye(3, dtype=torch.float64), A[3:], "
                          "left=False).pow(2).sum()",
    "pinv": "lambda A: (torch.linalg.pinv(A) * W.mT).sum()",
    "pinverse_wide": "lambda A: torch.pinverse(A.mT).pow(2).sum()",
    "matrix_exp": "lambda A: (torch.linalg.matrix_exp(A[:3]) * W[:3]).sum() + A[3:, :1].matrix_exp().sum()",
    "lstsq": "lambda A: (torch.linalg.lstsq(A, W).solution * W[:3]).sum() "
             "+ torch.linalg.lstsq(A, W[:, 0]).solution.pow(2).sum()",
    "lstsq_wide": "lambda A: torch.linalg.lstsq(A.mT, W[:3, :2], driver='gelsd').solution.pow(2).sum()",
    "matrix_exp_scaled": "lambda A: torch.matrix_exp(4 * A[:3]).pow(2).sum()",
}


@pytest.mark.parametrize("name", sorted(CHECKED))
def test_gradcheck_and_gradgradcheck(name):
    source = ("import torch\ntorch.manual_seed(3)\n"
              "A = torch.randn(4, 3, dtype=torch.float64, requires_grad=True)\n"
              "W = torch.randn(4, 3, dtype=torch.float64)\n"
              f"f = {CHECKED[name]}\n"
              "print(torch.autograd.gradcheck(f, (A,)), torch.autograd.gradgradcheck(f, (A,)))\n")
    r = run_source(source)
    assert r.exit_code == 0, r.error and r.error.message
    printed = [ev for ev in r.events if ev.kind == "print"]
    assert [list(ev.values) for ev in printed] == [[True, True]]


def _factors(a):
    """(name, value) of every factorization of ``a`` (a square float64 stack)."""
    q, r = D.qr_arrays(a, "reduced")
    u, s, vh = D.svd_arrays(a, False, True)
    w, v = D.eigh_arrays(a + np.swapaxes(a, -1, -2), "L", True)
    spd = a @ np.swapaxes(a, -1, -2) + np.eye(a.shape[-1])
    return {"q": q, "r": r, "u": u, "s": s, "vh": vh, "w": w, "v": v,
            "chol": D.cholesky_array(spd), "x": S.solve_array(spd, a[..., 0]), "pinv": S.pinv_array(a)}


def test_without_mkl_numpy_factorizes(monkeypatch):
    """Without MKL, numpy's LAPACK stands in: the same factorizations (up to signs)."""
    rng = np.random.default_rng(5)
    a = rng.standard_normal((2, 4, 4))
    with_mkl = _factors(a)
    monkeypatch.setattr(lapack, "available", lambda dtype: False)
    f = _factors(a)
    assert np.allclose(f["q"] @ f["r"], a) and np.allclose(np.abs(f["r"]), np.abs(with_mkl["r"]))
    assert np.allclose((f["u"] * f["s"][..., None, :]) @ f["vh"], a) and np.allclose(f["s"], with_mkl["s"])
    sym = a + np.swapaxes(a, -1, -2)
    assert np.allclose((f["v"] * f["w"][..., None, :]) @ np.swapaxes(f["v"], -1, -2), sym)
    for key in ("w", "chol", "x", "pinv"):
        assert np.allclose(f[key], with_mkl[key]), key
    with pytest.raises(Exception, match="leading minor of order 2"):
        D.cholesky_array(np.array([[1.0, 2.0], [2.0, 1.0]]))
    with pytest.raises(Exception, match="input matrix is singular"):
        S.solve_array(np.zeros((3, 3)), np.ones(3))


# ***** live: PyTorch's values and gradients *****

TOLERANCE = {np.float32: 2e-4, np.float64: 1e-10}


def _close(mine, theirs, dt, where):
    theirs = np.asarray(theirs)
    assert mine.shape == theirs.shape, where
    scale = max(float(np.max(np.abs(theirs))) if theirs.size else 0.0, 1.0)
    assert np.max(np.abs(mine - theirs), initial=0.0) <= TOLERANCE[dt] * scale, where


def _weights(rng, outs, dt):
    return [rng.standard_normal(o.shape).astype(dt) for o in outs]


def _compare(torch, dt, a, ours, theirs, rng, where):
    """``ours(x)`` and ``theirs(t)`` return sequences of results of gradcli's and
    PyTorch's call on ``a``: values compared, then the gradient of a weighted sum."""
    x = Tensor(a.copy(), True)
    t = torch.from_numpy(a.copy()).requires_grad_()
    mine, their = list(ours(x)), list(theirs(t))
    for k, (m, o) in enumerate(zip(mine, their)):
        _close(m.data, o.detach().numpy(), dt, f"{where} value {k}")
    ws = _weights(rng, mine, dt)
    loss = None
    for m, w in zip(mine, ws):
        term = arith.sum(arith.mul(m, Tensor(w)))
        loss = term if loss is None else arith.add(loss, term)
    backward(loss)
    sum((o * torch.from_numpy(w)).sum() for o, w in zip(their, ws)).backward()
    _close(x._grad.data, t.grad.numpy(), dt, f"{where} grad")


def _rhs(a, k):
    """A fixed right-hand side of k columns for the matrices ``a``."""
    n = a.shape[-2]
    return np.ascontiguousarray(np.broadcast_to(np.linspace(-1, 1, n * k).reshape(n, k), a.shape[:-1] + (k,)),
                                dtype=a.dtype)


def _cases(torch):
    """(label, gradcli call, PyTorch call, matrix maker) for each function."""
    lin = torch.linalg

    def sym(rng, shape, dt):
        m = rng.standard_normal(shape)
        return (m + np.swapaxes(m, -1, -2)).astype(dt)

    def spd(rng, shape, dt):
        m = rng.standard_normal(shape)
        return (m @ np.swapaxes(m, -1, -2) + shape[-1] * np.eye(shape[-1])).astype(dt)

    def plain(rng, shape, dt):
        return rng.standard_normal(shape).astype(dt)

    def wellposed(rng, shape, dt):
        return (rng.standard_normal(shape) + 3 * np.eye(*shape[-2:])).astype(dt)
    return [
        ("qr", lambda x: D.linalg_qr(x), lambda t: lin.qr(t), plain),
        ("qr complete", lambda x: D.linalg_qr(x, "complete"), lambda t: lin.qr(t, "complete"), plain),
        ("eigh", lambda x: D.linalg_eigh(x), lambda t: lin.eigh(t), sym),
        ("eigh U", lambda x: D.linalg_eigh(x, "U"), lambda t: lin.eigh(t, "U"), sym),
        ("eigvalsh", lambda x: [D.linalg_eigvalsh(x)], lambda t: [lin.eigvalsh(t)], sym),
        ("svd", lambda x: D.linalg_svd(x, False), lambda t: lin.svd(t, False), plain),
        ("svd full", lambda x: D.linalg_svd(x), lambda t: lin.svd(t), plain),
        ("torch.svd", lambda x: D.svd(x), lambda t: torch.svd(t), plain),
        ("cholesky", lambda x: [D.linalg_cholesky(x)], lambda t: [lin.cholesky(t)], spd),
        ("cholesky upper", lambda x: [D.linalg_cholesky(x, upper=True)], lambda t: [lin.cholesky(t, upper=True)],
         spd),
        ("slogdet", lambda x: D.linalg_slogdet(x)[1:], lambda t: lin.slogdet(t)[1:], wellposed),
        ("solve", lambda x: [S.linalg_solve(x, Tensor(_rhs(x.data, 2)))],
         lambda t: [lin.solve(t, torch.from_numpy(_rhs(t.detach().numpy(), 2)))], wellposed),
        ("solve vector", lambda x: [S.linalg_solve(x, Tensor(_rhs(x.data, 1)[..., 0]))],
         lambda t: [lin.solve(t, torch.from_numpy(_rhs(t.detach().numpy(), 1)[..., 0]))], wellposed),
        ("solve right", lambda x: [S.linalg_solve(x, Tensor(np.swapaxes(_rhs(x.data, 2), -1, -2)), left=False)],
         lambda t: [lin.solve(t, torch.from_numpy(np.swapaxes(_rhs(t.detach().numpy(), 2), -1, -2)), left=False)],
         wellposed),
        ("pinv", lambda x: [S.linalg_pinv(x)], lambda t: [lin.pinv(t)], wellposed),
        ("matrix_exp", lambda x: [E.matrix_exp(x)], lambda t: [lin.matrix_exp(t)], plain),
        ("matrix_exp scaled", lambda x: [E.matrix_exp(arith.mul(x, 5.0))], lambda t: [lin.matrix_exp(t * 5)], plain),
        ("lstsq", lambda x: [S.linalg_lstsq(x, Tensor(_rhs(x.data, 2)))[0]],
         lambda t: [lin.lstsq(t, torch.from_numpy(_rhs(t.detach().numpy(), 2)))[0]], wellposed),
        ("pinv hermitian", lambda x: [S.linalg_pinv(x, hermitian=True)], lambda t: [lin.pinv(t, hermitian=True)],
         spd),
    ]


SHAPES = [(1, 1), (2, 2), (3, 3), (5, 5), (2, 4, 4), (3, 1, 3, 3)]
RECT = [(4, 2), (2, 5), (3, 4, 2)]


@pytest.mark.parametrize("dt", [np.float32, np.float64], ids=["float32", "float64"])
def test_live_values_and_grads_against_pytorch(dt):
    """Every function on square shapes (and the ones that take them, on
    rectangular ones): values with PyTorch's signs, and gradients."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(7)
    compared = 0
    for label, ours, theirs, make in _cases(torch):
        shapes = SHAPES + (RECT if label.split()[0] in ("qr", "svd", "torch.svd", "pinv", "lstsq") and
                           "hermitian" not in label else [])
        for shape in shapes:
            if label == "qr complete" and shape[-2] > shape[-1]:
                continue            # not differentiable (PyTorch's error, tests/op_error_cases.py)
            for _ in range(3):
                _compare(torch, dt, make(rng, shape, dt), ours, theirs, rng, f"{label} {shape} {dt.__name__}")
                compared += 1
    assert compared > 250


CHECKED_SCRIPT = """import torch
torch.manual_seed(0)
A = torch.randn(3, 3, dtype=torch.float64, requires_grad=True)
B = torch.randn(3, 2, dtype=torch.float64, requires_grad=True)
W = torch.randn(3, 3, dtype=torch.float64)
Q, R = torch.linalg.qr(A)
((Q * W).sum() + (R * W.T).sum()).backward()
L, V = torch.linalg.eigh(A @ A.T)
((L * W[0]).sum() + (V * W).sum()).backward()
U, S, Vh = torch.linalg.svd(A)
((U * W).sum() + S.sum() + (Vh * W.T).sum()).backward()
torch.svd(A[:, :2]).V.sum().backward()
(torch.linalg.cholesky(A @ A.T + torch.eye(3, dtype=torch.float64), upper=True) * W).sum().backward()
(torch.linalg.slogdet(A).logabsdet + torch.logdet(A @ A.T)).backward()
(torch.linalg.solve(A, B) ** 2).sum().backward()
torch.linalg.pinv(A[:, :2]).pow(2).sum().backward()
r = torch.linalg.lstsq(A[:, :2], B, driver='gelsd').residuals
(r * torch.tensor([1.0, 2.0], dtype=torch.float64)).sum().backward()
(torch.linalg.matrix_exp(A) * W).sum().backward()
"""


def test_gradcli_check_replays_the_factorizations(gradcli, tmp_path):
    """`gradcli check` recomputes each result of a factorization in float64."""
    path = tmp_path / "factorizations.py"
    path.write_text(CHECKED_SCRIPT)
    r = gradcli("check", path.name, "-f", "torch")
    assert r.returncode == 0, r.stderr + r.stdout
    lines = r.stdout.splitlines()
    assert len(lines) == 13 and all(line.endswith(": ok") for line in lines[:-1]), r.stdout
    assert lines[-1] == "factorizations.py: passed — 12 gradients checked (0 failed), 0 asserts (0 failed)"

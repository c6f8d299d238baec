"""torch.linalg's factorizations and solvers: ``solve``, ``cholesky``,
``qr``, ``eigh``/``eigvalsh``, ``svd`` (and ``torch.svd``), ``slogdet``
(and ``torch.logdet``), ``pinv`` (and ``torch.pinverse``), with PyTorch's
checks, error texts, named results and grad_fn names; the gradients are
PyTorch's backward formulas (FunctionsManual.cpp: ``linalg_solve_backward``,
``cholesky_backward``, ``linalg_qr_backward``, ``svd_backward``,
``linalg_eig_backward``, ``slogdet_backward``, ``pinv_backward``) written
over the math namespace ``m``, so they hold under ``create_graph=True`` too.

The factorizations are LAPACK's as PyTorch calls them (``engine/lapack.py``):
with MKL installed, the signs of Q, of eigenvectors and of singular vectors
are PyTorch's. NOTE: the last bits of the values can still differ from
PyTorch's build of MKL, and the gradients are composed of gradcli's own
products: both agree with PyTorch to float rounding, not bit for bit.

A factorization with several results (``Q, R``; ``U, S, Vh``) records one
node per result, each with PyTorch's grad_fn name, whose rule is the
backward formula with the other results' gradients absent (the formulas
are linear in them, so the sum over the results is PyTorch's gradient).
NOTE: ``Q.grad_fn is R.grad_fn`` is so in PyTorch and not here.
"""
from __future__ import annotations

import numpy as np

from ..engine import lapack
from ..engine.autograd import GRAD_MODE
from ..engine.context import CONTEXT
from ..engine.tensor import ReturnTuple, Tensor
from ..errors import GradcliError, runtime_error
from .device import write_out
from .linalg import check_matrices
from .mathspace import sum_to_shape
from .operands import as_tensor, broadcast_shape, parse_native
from .oprow import Sample, T, implements, row
from .table import OPS


# ***** shared checks and helpers *****

def _float_name(x):
    return x.dtype.torch_type[:-6]


def _stack(a):
    """``a`` (..., m, n) as a C-ordered stack (batch, m, n)."""
    return np.ascontiguousarray(a.reshape((int(np.prod(a.shape[:-2], dtype=np.int64)),) + a.shape[-2:]))


def _batch_prefix(ndim, index):
    """PyTorch's ``(Batch element i): `` of a batched input's failure."""
    return f"(Batch element {index}): " if ndim > 2 else ""


def check_converged(name, infos, ndim, values):
    """PyTorch's error for the first matrix whose iterations did not converge (LAPACK's info > 0)."""
    bad = np.nonzero(infos > 0)[0]
    if bad.size:
        k = int(bad[0])
        raise runtime_error(f"{name}: {_batch_prefix(ndim, k)}The algorithm failed to converge because the input "
                            f"matrix is ill-conditioned or has too many repeated {values} (error code: "
                            f"{int(infos[k])}).")


def _grad_wanted(*xs):
    return GRAD_MODE.enabled and any(type(x) is Tensor and x.requires_grad for x in xs)


def _unbroadcast(m, g, shape):
    """``g`` summed down to ``shape`` (an input that was broadcast)."""
    if tuple(m.data(g).shape) == tuple(shape):
        return g
    if m.is_tensor:
        from .shape import sum_to
        return sum_to(g, tuple(shape))
    return sum_to_shape(g, tuple(shape))


def _eye_like(m, g, n):
    return m.const(np.eye(n, dtype=m.data(g).dtype))


def _named(kind, fields, values):
    return ReturnTuple.make(kind, fields, values)


def _parsed(fn, spec, args, kwargs):
    return parse_native(fn, spec, args, kwargs)


# ***** solve *****

def _vector_case(a_shape, b_shape):
    """PyTorch's linalg_solve_is_vector_rhs: B is a vector (or a batch of them)."""
    return len(b_shape) == 1 or (len(b_shape) == len(a_shape) - 1 and tuple(b_shape) == tuple(a_shape[:-1]))


def solve_array(a, b, left=True, name="torch.linalg.solve"):
    """X with ``A X = B`` (``X A = B`` when not ``left``), A and B broadcast
    over their batch dims; PyTorch's error for a singular A."""
    vector = _vector_case(a.shape, b.shape)
    b2 = b[..., None] if vector else b
    batch = broadcast_shape(b2.shape[:-2], a.shape[:-2])
    n = a.shape[-1]
    rhs = b2 if left else np.swapaxes(b2, -1, -2)
    full_a = np.broadcast_to(a if left else np.swapaxes(a, -1, -2), batch + (n, n))
    full_b = np.broadcast_to(rhs, batch + rhs.shape[-2:])
    # NOTE: PyTorch factors the row-major A as LAPACK reads it (Aᵀ) and
    # solves with its transpose; X A = B is Aᵀ Xᵀ = Bᵀ, the untransposed solve.
    x, infos = lapack.solve(_stack(full_a), _stack(full_b), transposed=left)
    if np.any(infos > 0):
        owner = np.broadcast_to(np.arange(int(np.prod(a.shape[:-2], dtype=np.int64))).reshape(a.shape[:-2]),
                                batch).reshape(-1)
        first = int(owner[np.nonzero(infos > 0)[0]].min())
        raise runtime_error(f"{name}: {_batch_prefix(a.ndim, first)}The solver failed because the input matrix "
                            "is singular.")
    x = x.reshape(batch + rhs.shape[-2:])
    if not left:
        x = np.swapaxes(x, -1, -2)
    return np.ascontiguousarray(x[..., 0] if vector else x).astype(a.dtype, copy=False)


def _solve_grad_b(m, g, a, left):
    """gB: ``A^H gB = gX`` (``gB A^H = gX`` on the right)."""
    return m.linalg_solve(m.mT(a), g, left=left)


def _solve_rule_a(m, g, out, a, b, left=True):
    gb = _solve_grad_b(m, g, a, left)
    x = out
    if _vector_case(a.shape, b.shape):
        gb, x = m.unsqueeze(gb, -1), m.unsqueeze(x, -1)
    ga = -m.matmul(gb, m.mT(x)) if left else -m.matmul(m.mT(x), gb)
    return _unbroadcast(m, ga, a.shape)


def _solve_rule_b(m, g, out, a, b, left=True):
    return _unbroadcast(m, _solve_grad_b(m, g, a, left), b.shape)


row("solve", "LinalgSolveExBackward0", solve_array, {"A": _solve_rule_a, "B": _solve_rule_b},
    key="linalg_solve", forms=("linalg",), args="A, B, *, left=True, out=None",
    samples=(Sample(T((3, 3)), T((3,))), Sample(T((3, 3)), T((3, 2))), Sample(T((2, 3, 3)), T((3, 1))),
             Sample(T((2, 3, 3)), T((2, 3))), Sample(T((3, 3)), T((2, 3)), left=False),
             Sample(T((3, 3)), T((2, 1, 3, 2)))))
_SOLVE = "Tensor A, Tensor B, *, bool left=True, Tensor? out=None"


@implements("linalg_solve")
def linalg_solve(*args, **kwargs):
    a, b, left, out = _parsed("linalg_solve", _SOLVE, args, kwargs)
    check_matrices("linalg.solve", a)
    if a.data.dtype != b.data.dtype:
        raise runtime_error(f"linalg.solve: Expected A and B to have the same dtype, but found A of type "
                            f"{_float_name(a)} and B of type {_float_name(b)} instead")
    b2 = b.shape + (1,) if _vector_case(a.shape, b.shape) else b.shape
    if b.data.ndim == 0 or (b2[-2] if left else b2[-1]) != a.shape[-1]:
        eq = "AX = B" if left else "XA = B"
        rows, cols = (b2[-2], b2[-1]) if len(b2) >= 2 else (b2[0], 1)
        raise runtime_error(f"linalg.solve: Incompatible shapes of A and B for the equation {eq} "
                            f"({a.shape[-2]}x{a.shape[-1]} and {rows}x{cols})")
    result = OPS["linalg_solve"].apply((a, b), {"left": left}, solve_array(a.data, b.data, left))
    return result if out is None else write_out(out, result, "linalg_solve")


# ***** cholesky *****

def cholesky_array(a, upper=False, name="linalg.cholesky"):
    n = a.shape[-1]
    factors, infos = lapack.cholesky(_stack(a), upper)
    bad = np.nonzero(infos > 0)[0]
    if bad.size:
        k = int(bad[0])
        raise runtime_error(f"{name}: {_batch_prefix(a.ndim, k)}The factorization could not be completed because "
                            f"the input is not positive-definite (the leading minor of order {int(infos[k])} is not "
                            "positive-definite).")
    return factors.reshape(a.shape[:-2] + (n, n))


def _cholesky_rule(m, g, out, a, upper=False, **_):
    """PyTorch's cholesky_backward: ``gA = L^{-H} Φ(L^H gL) L^{-1}``, Φ the
    lower triangle with half its diagonal, symmetrized."""
    low, gl = (m.mT(out), m.mT(g)) if upper else (out, g)
    ga = m.tril(m.matmul(m.mT(low), gl), 0)
    ga = 0.5 * (ga + m.mT(m.tril(ga, -1)))
    ga = m.linalg_solve(m.mT(low), ga)
    return m.linalg_solve(low, ga, left=False)


row("cholesky", "LinalgCholeskyExBackward0", cholesky_array, {"input": _cholesky_rule},
    key="linalg_cholesky", forms=("linalg",), args="input, *, upper=False, out=None",
    samples=(Sample(T(values=[[4.0, 1.0, 0.5], [1.0, 3.0, -0.2], [0.5, -0.2, 2.0]])),
             Sample(T(values=[[[2.0, 0.3], [0.3, 1.0]], [[5.0, -1.0], [-1.0, 4.0]]]), upper=True)))
row("cholesky_deprecated", "CholeskyBackward0", cholesky_array, {"input": _cholesky_rule}, via="cholesky")
_CHOLESKY = "Tensor input, *, bool upper=False, Tensor? out=None"
_CHOLESKY_OLD = "Tensor input, bool upper=False, *, Tensor? out=None"
CHOLESKY_WARNING = ("torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be removed in a future "
                    "PyTorch release.\nL = torch.cholesky(A)\nshould be replaced with\nL = torch.linalg.cholesky(A)\n"
                    "and\nU = torch.cholesky(A, upper=True)\nshould be replaced with\nU = torch.linalg.cholesky(A).mH\n"
                    "This transform will produce equivalent results for all valid (symmetric positive definite) "
                    "inputs. (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/"
                    "BatchLinearAlgebra.cpp:1765.)")


def _cholesky(key, name, x, upper, out):
    check_matrices(name, x)
    op = OPS[key]
    result = op.apply((x,), {"upper": upper}, cholesky_array(x.data, upper, name))
    return result if out is None else write_out(out, result, key)


@implements("linalg_cholesky")
def linalg_cholesky(*args, **kwargs):
    x, upper, out = _parsed("linalg_cholesky", _CHOLESKY, args, kwargs)
    return _cholesky("linalg_cholesky", "linalg.cholesky", x, upper, out)


def cholesky(*args, **kwargs):
    """``torch.cholesky`` (deprecated, with PyTorch's warning)."""
    x, upper, out = _parsed("cholesky", _CHOLESKY_OLD, args, kwargs)
    CONTEXT.warning(CHOLESKY_WARNING)
    return _cholesky("cholesky_deprecated", "cholesky", x, upper, out)


row("cholesky", "CholeskyBackward0", None, key="cholesky_torch", forms=("torch", "method"), call=cholesky,
    args="input, upper=False, *, out=None",
    samples=(Sample(T(values=[[4.0, 1.0], [1.0, 3.0]])), Sample(T(values=[[4.0, 1.0], [1.0, 3.0]]), True)))


# ***** QR *****

_QR_MODES = ("reduced", "complete", "r")


def _copyltu(m, x):
    """The lower triangle of ``x`` mirrored onto the upper one."""
    return m.tril(x, 0) + m.mT(m.tril(x, -1))


def _qr_tall(m, gq, gr, q, r):
    """gA for ``rows >= cols``: ``[gQ + Q copyltu(M)] R^{-H}``, ``M = R gR^H - gQ^H Q``
    (either gradient may be absent)."""
    if gq is None:
        b = m.matmul(q, _copyltu(m, m.matmul(r, m.mT(gr))))
    else:
        mm_ = -m.matmul(m.mT(gq), q)
        if gr is not None:
            mm_ = mm_ + m.matmul(r, m.mT(gr))
        b = gq + m.matmul(q, _copyltu(m, mm_))
    return m.linalg_solve(m.mT(r), b, left=False)


def qr_backward(m, gq, gr, q, r):
    """PyTorch's linalg_qr_backward with one of ``gq``/``gr`` given."""
    rows, cols = m.data(q).shape[-2], m.data(r).shape[-1]
    if rows >= cols:
        return _qr_tall(m, gq, gr, q, r)
    # A = [X | Y]: X = Q U is square, Y = Q V; gY = Q gV, gX from X's QR with gQ + Y gV^H
    u, v = _narrow(m, r, -1, 0, rows), _narrow(m, r, -1, rows, cols)
    if gr is None:
        gx = _qr_tall(m, gq, None, q, u)
        return m.cat([gx, m.const(np.zeros(m.data(v).shape, m.data(gq).dtype))], m.data(gx).ndim - 1)
    gu, gv = _narrow(m, gr, -1, 0, rows), _narrow(m, gr, -1, rows, cols)
    y = m.matmul(q, v)
    gx = _qr_tall(m, m.matmul(y, m.mT(gv)), gu, q, u)
    return m.cat([gx, m.matmul(q, gv)], m.data(gx).ndim - 1)


def _qr_rule(which):
    def rule(m, g, out, a, mode="reduced", q=None, r=None):
        if mode == "r":
            raise runtime_error("The derivative of linalg.qr depends on Q, which is not computed when mode='r'. "
                                "Please use linalg.qr(A, mode='reduced') if you are going to differentiate through "
                                "linalg.qr.")
        if mode == "complete" and a.shape[-2] > a.shape[-1]:
            raise runtime_error("The QR decomposition is not differentiable when mode='complete' and nrows > ncols.")
        if m.is_tensor:
            q, r = linalg_qr(a, mode)
        else:
            q, r = q.astype(g.dtype, copy=False), r.astype(g.dtype, copy=False)
        return qr_backward(m, g, None, q, r) if which == "Q" else qr_backward(m, None, g, q, r)
    return rule


def qr_arrays(a, mode):
    rows, cols = a.shape[-2:]
    q, r = lapack.qr(_stack(a), mode)
    k = min(rows, cols)
    qcols, rrows = (rows, rows) if mode == "complete" else (k, k)
    r = r.reshape(a.shape[:-2] + (rrows, cols))
    q = np.zeros((0,), a.dtype) if q is None else q.reshape(a.shape[:-2] + (rows, qcols))
    return q, r


row("qr_q", "LinalgQrBackward0", None, {"A": _qr_rule("Q")}, via="qr")
row("qr_r", "LinalgQrBackward0", None, {"A": _qr_rule("R")}, via="qr")
_QR = "Tensor A, str mode='reduced', *, Tensor? out=None"


@implements("linalg_qr")
def linalg_qr(*args, **kwargs):
    x, mode, _out = _parsed("linalg_qr", _QR, args, kwargs)
    check_matrices("linalg.qr", x, square=False)
    if mode not in _QR_MODES:
        raise runtime_error(f"qr received unrecognized mode '{mode}' but expected one of 'reduced' (default), 'r', "
                            "or 'complete'")
    q, r = qr_arrays(x.data, mode)
    attrs = {"mode": mode, "q": q, "r": r}
    return _named("linalg_qr", ("Q", "R"), (OPS["qr_q"].apply((x,), attrs, q), OPS["qr_r"].apply((x,), attrs, r)))


row("qr", "LinalgQrBackward0", None, key="linalg_qr", forms=("linalg",), args="A, mode='reduced', *, out=None",
    samples=(Sample(T((3, 3))), Sample(T((4, 2))), Sample(T((2, 4))), Sample(T((2, 2, 3)), "complete"), Sample(T((3, 2), grad=False), mode="r")))


# ***** eigh, eigvalsh *****

def _uplo(name, uplo):
    if uplo.upper() not in ("L", "U") or len(uplo) != 1:
        raise runtime_error(f"Expected UPLO argument to be 'L' or 'U', but got {uplo}")
    return uplo.upper()


def eigh_arrays(a, uplo, vectors):
    n = a.shape[-1]
    w, v, infos = lapack.eigh(_stack(a), uplo, vectors)
    check_converged("linalg.eigh", infos, a.ndim, "eigenvalues")
    return w.reshape(a.shape[:-2] + (n,)), None if v is None else v.reshape(a.shape)


def _eigh_saved(m, g, a, uplo, w, v):
    if m.is_tensor:
        return linalg_eigh(a, uplo)
    return w.astype(g.dtype, copy=False), v.astype(g.dtype, copy=False)


def _eigh_values_rule(m, g, out, a, uplo="L", w=None, v=None):
    """gA = V diag(gL) V^H."""
    w, v = _eigh_saved(m, g, a, uplo, w, v)
    return m.matmul(v * m.unsqueeze(g, -2), m.mT(v))


def _eigh_vectors_rule(m, g, out, a, uplo="L", w=None, v=None):
    """gA = V ((skew(V^H gV) / 2) / E) V^H, E_ij = L_j - L_i (1 on the diagonal)."""
    w, v = _eigh_saved(m, g, a, uplo, w, v)
    vhgv = m.matmul(m.mT(v), g)
    vhgv = 0.5 * (vhgv - m.mT(vhgv))
    e = m.unsqueeze(w, -2) - m.unsqueeze(w, -1) + _eye_like(m, g, m.data(w).shape[-1])
    return m.matmul(v, m.matmul(vhgv / e, m.mT(v)))


row("eigh_values", "LinalgEighBackward0", None, {"A": _eigh_values_rule}, via="eigh")
row("eigh_vectors", "LinalgEighBackward0", None, {"A": _eigh_vectors_rule}, via="eigh")
_EIGH = "Tensor A, str UPLO='L', *, Tensor? out=None"


def _eigh_checks(name, x, uplo):
    check_matrices(name, x, floating=False)
    if x.data.dtype.kind != "f":
        raise GradcliError("NotImplementedError", f"\"linalg_eigh_cpu\" not implemented for '{_float_name(x)}'")
    return _uplo(name, uplo)


@implements("linalg_eigh")
def linalg_eigh(*args, **kwargs):
    x, uplo, _out = _parsed("linalg_eigh", _EIGH, args, kwargs)
    uplo = _eigh_checks("linalg.eigh", x, uplo)
    w, v = eigh_arrays(x.data, uplo, True)
    attrs = {"uplo": uplo, "w": w, "v": v}
    return _named("linalg_eigh", ("eigenvalues", "eigenvectors"),
                  (OPS["eigh_values"].apply((x,), attrs, w), OPS["eigh_vectors"].apply((x,), attrs, v)))


def linalg_eigvalsh(*args, **kwargs):
    """The eigenvalues; with a gradient to come, from the same run as eigh's
    (eigenvectors computed too), as PyTorch does."""
    x, uplo, out = _parsed("linalg_eigvalsh", _EIGH, args, kwargs)
    uplo = _eigh_checks("linalg.eigh", x, uplo)
    if not _grad_wanted(x):
        w, _ = eigh_arrays(x.data, uplo, False)
        result = Tensor(w)
    else:
        w, v = eigh_arrays(x.data, uplo, True)
        result = OPS["eigh_values"].apply((x,), {"uplo": uplo, "w": w, "v": v}, w)
    return result if out is None else write_out(out, result, "linalg_eigvalsh")


row("eigh", "LinalgEighBackward0", None, key="linalg_eigh", forms=("linalg",), args="A, UPLO='L', *, out=None",
    samples=(Sample(T(values=[[2.0, 0.5, -1.0], [0.5, 1.0, 0.3], [-1.0, 0.3, -0.5]])),
             Sample(T(values=[[[2.0, 0.7], [0.7, -1.0]], [[0.5, -0.2], [-0.2, 3.0]]]), "U")))
row("eigvalsh", "LinalgEighBackward0", None, key="linalg_eigvalsh", forms=("linalg",), call=linalg_eigvalsh,
    args="A, UPLO='L', *, out=None",
    samples=(Sample(T(values=[[2.0, 0.5, -1.0], [0.5, 1.0, 0.3], [-1.0, 0.3, -0.5]])),))


# ***** svd *****

def svd_arrays(a, full_matrices, vectors, name="linalg.svd"):
    rows, cols = a.shape[-2:]
    k = min(rows, cols)
    batch = a.shape[:-2]
    u, s, vh, infos = lapack.svd(_stack(a), full_matrices, vectors)
    bad = np.nonzero(infos == -4)[0]
    if bad.size:        # NOTE: gesdd refuses a NaN (an infinity gives NaNs, no error)
        raise runtime_error(f"{name}: {_batch_prefix(a.ndim, int(bad[0]))}The algorithm failed to converge because "
                            "the input matrix contained non-finite values.")
    check_converged(name, infos, a.ndim, "singular values")
    s = s.reshape(batch + (k,))
    if not vectors:
        return None, s, None
    ucols, vrows = (rows, cols) if full_matrices else (k, k)
    return u.reshape(batch + (rows, ucols)), s, vh.reshape(batch + (vrows, cols))


def _narrow(m, x, dim, start, stop):
    """``x.narrow(dim, start, stop - start)`` (``dim`` counted from the end)."""
    return m.narrow(x, m.data(x).ndim + dim, start, stop)


def svd_backward(m, gu, gs, gvh, u, s, vh):
    """PyTorch's svd_backward (real inputs), one of the gradients given."""
    rows, cols = m.data(u).shape[-2], m.data(vh).shape[-1]
    k = m.data(s).shape[-1]
    if m.data(u).shape[-1] != k:        # full_matrices: the extra columns take no part
        u = _narrow(m, u, -1, 0, k)
        gu = None if gu is None else _narrow(m, gu, -1, 0, k)
    if m.data(vh).shape[-2] != k:
        vh = _narrow(m, vh, -2, 0, k)
        gvh = None if gvh is None else _narrow(m, gvh, -2, 0, k)
    if gu is None and gvh is None:
        return m.matmul(u * m.unsqueeze(gs, -2), vh)
    v = m.mT(vh)
    gv = None if gvh is None else m.mT(gvh)
    s_row, s_col = m.unsqueeze(s, -2), m.unsqueeze(s, -1)
    s2 = s * s
    e = m.unsqueeze(s2, -2) - m.unsqueeze(s2, -1) + _eye_like(m, s, k)
    if gu is not None:
        uhgu = m.matmul(m.mT(u), gu)
        ga = (uhgu - m.mT(uhgu)) / e * s_row
    else:
        vhgv = m.matmul(vh, gv)
        ga = s_col * ((vhgv - m.mT(vhgv)) / e)
    if rows > k and gu is not None:
        ga = m.matmul(u, ga)
        gusinv = gu / s_row
        ga = ga + gusinv - m.matmul(u, m.matmul(m.mT(u), gusinv))
        return m.matmul(ga, vh)
    if cols > k and gv is not None:
        ga = m.matmul(ga, vh)
        gvsinv = gv / s_row
        ga = ga + m.mT(gvsinv) - m.matmul(m.matmul(m.mT(gvsinv), v), vh)
        return m.matmul(u, ga)
    return m.matmul(u, m.matmul(ga, vh)) if rows >= cols else m.matmul(m.matmul(u, ga), vh)


def _svd_rule(which):
    def rule(m, g, out, a, full_matrices=True, u=None, s=None, vh=None):
        if m.is_tensor:
            u, s, vh = linalg_svd(a, full_matrices)
        else:
            u, s, vh = (t.astype(g.dtype, copy=False) for t in (u, s, vh))
        grads = {"U": (g, None, None), "S": (None, g, None), "Vh": (None, None, g)}[which]
        return svd_backward(m, *grads, u, s, vh)
    return rule


row("svd_u", "LinalgSvdBackward0", None, {"A": _svd_rule("U")}, via="svd")
row("svd_s", "LinalgSvdBackward0", None, {"A": _svd_rule("S")}, via="svd")
row("svd_vh", "LinalgSvdBackward0", None, {"A": _svd_rule("Vh")}, via="svd")
_SVD = "Tensor A, bool full_matrices=True, *, str? driver=None, Tensor? out=None"
_SVD_OLD = "Tensor input, bool some=True, bool compute_uv=True, *, Tensor? out=None"


def _svd_results(x, full_matrices, name):
    check_matrices(name, x, square=False)
    u, s, vh = svd_arrays(x.data, full_matrices, True, name)
    attrs = {"full_matrices": full_matrices, "u": u, "s": s, "vh": vh}
    return tuple(OPS[key].apply((x,), attrs, value) for key, value in (("svd_u", u), ("svd_s", s), ("svd_vh", vh)))


@implements("linalg_svd")
def linalg_svd(*args, **kwargs):
    x, full_matrices, _driver, _out = _parsed("linalg_svd", _SVD, args, kwargs)
    return _named("linalg_svd", ("U", "S", "Vh"), _svd_results(x, full_matrices, "linalg.svd"))


def svd(*args, **kwargs):
    """``torch.svd``: U, S and V (not Vh), reduced unless ``some=False``;
    without ``compute_uv``, zero U and V."""
    from .shape import transpose
    x, some, compute_uv, _out = _parsed("svd", _SVD_OLD, args, kwargs)
    if not compute_uv:
        check_matrices("linalg.svd", x, square=False)
        rows, cols = x.shape[-2:]
        if _grad_wanted(x):
            s = _svd_results(x, False, "linalg.svd")[1]
        else:
            s = Tensor(svd_arrays(x.data, False, False)[1])
        zeros = x.data.dtype.type(0)
        return _named("svd", ("U", "S", "V"), (Tensor(np.full(x.shape[:-2] + (rows, rows), zeros)), s,
                                               Tensor(np.full(x.shape[:-2] + (cols, cols), zeros))))
    u, s, vh = _svd_results(x, not some, "linalg.svd")
    return _named("svd", ("U", "S", "V"), (u, s, transpose(vh, -2, -1)))


row("svd", "LinalgSvdBackward0", None, key="linalg_svd", forms=("linalg",),
    args="A, full_matrices=True, *, driver=None, out=None",
    samples=(Sample(T((3, 3))), Sample(T((4, 2)), False), Sample(T((2, 3)), full_matrices=False),
             Sample(T((2, 3, 2)), False)))
row("svd", "LinalgSvdBackward0", None, key="svd_torch", forms=("torch", "method"), call=svd,
    args="input, some=True, compute_uv=True, *, out=None", doc="TransposeBackward0 (V)",
    samples=(Sample(T((3, 2))), Sample(T((2, 3))), Sample(T((2, 2, 3)))))


# ***** slogdet, logdet *****

def _lu_diagonal(a):
    """The diagonal of the LU factorization of each matrix (LAPACK's getrf
    of the row-major matrix, as PyTorch's), and the parity of its row swaps."""
    from ..engine import mkl
    stack = _stack(a)
    n = a.shape[-1]
    diag = np.zeros(stack.shape[:1] + (n,), a.dtype)
    odd = np.zeros(stack.shape[:1], bool)
    for i, matrix in enumerate(stack):
        lu, pivots = mkl.getrf(matrix)
        diag[i] = np.diagonal(lu)
        odd[i] = bool(np.count_nonzero(pivots != np.arange(1, n + 1)) % 2)
    return diag.reshape(a.shape[:-1]), odd.reshape(a.shape[:-2])


def slogdet_arrays(a):
    """(sign, log|det|) of each matrix: the signs and the sum of the logs of
    the LU factorization's diagonal, as PyTorch computes them."""
    from ..engine import mkl
    if a.shape[-1] == 0:
        return np.ones(a.shape[:-2], a.dtype), np.zeros(a.shape[:-2], a.dtype)
    if not mkl.available() or a.dtype not in (np.float32, np.float64):
        sign, logabs = np.linalg.slogdet(a)
        return np.asarray(sign, a.dtype), np.asarray(logabs, a.dtype)
    diag, odd = _lu_diagonal(a)
    sign = OPS["prod_dim"].forward(np.sign(diag), -1, False)
    sign = np.where(odd, -sign, sign).astype(a.dtype)
    with np.errstate(divide="ignore"):
        logs = OPS["log"].forward(np.abs(diag))
    logabs = OPS["sum_dim"].forward(logs, -1, False)
    return sign, np.asarray(logabs, a.dtype)


def _slogdet_rule_logabs(m, g, out, a):
    """gA = g A^{-H}."""
    if m.is_tensor:
        return m.unsqueeze(m.unsqueeze(g, -1), -1) * m.mT(m.inverse(a))
    with np.errstate(all="ignore"):
        try:
            inv = np.linalg.inv(a)
        except np.linalg.LinAlgError:
            inv = np.full(a.shape, np.inf, a.dtype)
    return g[..., None, None] * np.swapaxes(inv, -1, -2).astype(a.dtype)


def _slogdet_rule_sign(m, g, out, a):
    """NOTE: the sign of a real determinant has no derivative: PyTorch sends
    none (``x.grad`` stays None when only the sign is used); this sends zeros."""
    return m.const(np.zeros(a.shape, m.data(g).dtype))


row("slogdet_sign", "LinalgSlogdetBackward0", None, {"A": _slogdet_rule_sign}, via="slogdet")
row("slogdet_logabsdet", "LinalgSlogdetBackward0", None, {"A": _slogdet_rule_logabs}, via="slogdet")


def _slogdet(x, name):
    check_matrices(name, x)
    sign, logabs = slogdet_arrays(x.data)
    return OPS["slogdet_sign"].apply((x,), {}, sign), OPS["slogdet_logabsdet"].apply((x,), {}, logabs)


@implements("linalg_slogdet")
def linalg_slogdet(*args, **kwargs):
    x, _out = _parsed("linalg_slogdet", "Tensor A, *, Tensor? out=None", args, kwargs)
    return _named("linalg_slogdet", ("sign", "logabsdet"), _slogdet(x, "linalg.slogdet"))


def slogdet(*args, **kwargs):
    """``torch.slogdet`` / ``x.slogdet()``: the same pair, named as PyTorch's ``slogdet``."""
    x, _out = _parsed("slogdet", "Tensor input, *, Tensor? out=None", args, kwargs)
    return _named("slogdet", ("sign", "logabsdet"), _slogdet(x, "linalg.slogdet"))


def logdet(*args, **kwargs):
    """``log(det(A))``: PyTorch's ``where(sign == -1, nan, logabsdet)``."""
    from .join import where
    (x,) = _parsed("logdet", "Tensor input", args, kwargs)
    sign, logabs = _slogdet(x, "logdet")
    return where(Tensor(sign.data == -1), float("nan"), logabs)


row("slogdet", "LinalgSlogdetBackward0", None, key="linalg_slogdet", forms=("linalg",), args="A, *, out=None",
    samples=(Sample(T((3, 3))), Sample(T((2, 2, 2)))))
row("slogdet", "LinalgSlogdetBackward0", None, key="slogdet_torch", forms=("torch", "method"), call=slogdet,
    args="input, *, out=None", samples=(Sample(T((3, 3))),))
row("logdet", "WhereBackward0", None, forms=("torch", "method"), call=logdet, args="input",
    samples=(Sample(T(values=[[2.0, 0.5], [0.3, 1.5]])), Sample(T(values=[[0.0, 1.0], [1.0, 0.0]]))))


# ***** pinv, pinverse *****

def _tolerances(a, atol, rtol):
    """PyTorch's get_atol_rtol: atol 0 by default; rtol by default eps * max(m, n),
    or 0 where an atol above 0 is given. Numbers, arrays (from tensors) or None."""
    default = np.finfo(a.dtype).eps * max(a.shape[-2:])
    if rtol is None:
        rtol = default if atol is None else np.where(np.asarray(atol) > 0, 0.0, default)
    return np.asarray(0.0 if atol is None else atol), np.asarray(rtol)


def pinv_array(a, atol=None, rtol=None, hermitian=False):
    """PyTorch's linalg_pinv: the SVD (or for ``hermitian`` the eigen-
    decomposition), values above ``max(atol, rtol * largest)`` inverted."""
    rows, cols = a.shape[-2:]
    if a.size == 0:
        return np.zeros(a.shape[:-2] + (cols, rows), a.dtype)
    atol, rtol = _tolerances(a, atol, rtol)
    with np.errstate(all="ignore"):
        if not hermitian:
            u, s, vh = svd_arrays(a, False, True, "linalg.svd")
            tol = np.maximum(atol[..., None], rtol[..., None] * s[..., :1])
            sinv = np.where(s > tol, 1 / s, 0).astype(a.dtype)
            return np.matmul(np.swapaxes(vh, -1, -2) * sinv[..., None, :], np.swapaxes(u, -1, -2))
        w, v = eigh_arrays(a, "L", True)
        tol = np.maximum(atol[..., None], rtol[..., None] * np.abs(w).max(-1, keepdims=True))
        winv = np.where(np.abs(w) > tol, 1 / w, 0).astype(a.dtype)
        return np.matmul(v * winv[..., None, :], np.swapaxes(v, -1, -2))


def _pinv_rule(m, g, out, a, **_):
    """PyTorch's pinv_backward."""
    rows, cols = a.shape[-2:]
    p, ph, gh = out, m.mT(out), m.mT(g)
    if rows <= cols:
        k = m.matmul(gh, p)
        kph = m.matmul(k, ph)
        return (-m.mT(m.matmul(p, k)) + kph - m.matmul(m.matmul(a, p), kph)
                + m.matmul(m.matmul(ph, p), gh - m.matmul(k, a)))
    k = m.matmul(p, gh)
    phk = m.matmul(ph, k)
    return (-m.mT(m.matmul(k, p)) + m.matmul(m.matmul(gh - m.matmul(a, k), p), ph) + phk
            - m.matmul(m.matmul(phk, p), a))


row("pinv", "LinalgPinvBackward0", pinv_array, {"input": _pinv_rule}, key="linalg_pinv", forms=("linalg",),
    args="input, rcond=None, hermitian=False, *, atol=None, rtol=None, out=None",
    samples=(Sample(T((3, 3))), Sample(T((2, 3))), Sample(T((4, 2))), Sample(T((2, 3, 2))),
             Sample(T(values=[[2.0, 0.5], [0.5, 1.0]]), hermitian=True)))
_PINV_FORMS = ("(Tensor input, *, Tensor atol = None, Tensor rtol = None, bool hermitian = False, Tensor out = None)",
               "(Tensor input, *, float atol = None, float rtol = None, bool hermitian = False, Tensor out = None)",
               "(Tensor input, Tensor rcond, bool hermitian = False, *, Tensor out = None)",
               "(Tensor input, float rcond, bool hermitian = False, *, Tensor out = None)")
_NUMBER = (int, float, np.number)


def _pinv(name, x, atol, rtol, hermitian, out):
    if type(x) is not Tensor or x.data.ndim < 2 or x.data.dtype.kind != "f":
        if type(x) is Tensor:
            raise runtime_error(f"{name}({x.dtype.torch_type[:-6]}{{{list(x.shape)}}}): expected a tensor with 2 or "
                                "more dimensions of float, double, cfloat or cdouble types")
    attrs = {"atol": atol, "rtol": rtol, "hermitian": hermitian}
    result = OPS["linalg_pinv"].apply((x,), attrs, pinv_array(x.data, **attrs))
    return result if out is None else write_out(out, result, "linalg_pinv")


def _tolerance(v):
    """A tolerance as pinv reads it: a number, a tensor (its values), or None; NOT_A_TOLERANCE otherwise."""
    if v is None or isinstance(v, _NUMBER) and not isinstance(v, bool):
        return v
    return v.data if type(v) is Tensor else _NOT_A_TOLERANCE


_NOT_A_TOLERANCE = object()


@implements("linalg_pinv")
def linalg_pinv(input, *more, atol=None, rtol=None, hermitian=False, out=None, rcond=None):
    """``torch.linalg.pinv(A, *, atol=None, rtol=None, hermitian=False)`` or
    ``pinv(A, rcond, hermitian=False)`` (tolerances numbers or tensors)."""
    rest = list(more)
    if rest and rcond is None:
        rcond = rest.pop(0)
    if rest:
        hermitian = rest.pop(0)
    tols = [_tolerance(v) for v in (atol, rtol, rcond)]
    ok = (type(input) is Tensor and not rest and isinstance(hermitian, bool) and all(t is not _NOT_A_TOLERANCE for t in tols)
          and not (rcond is not None and (atol is not None or rtol is not None)))
    if not ok:
        from .device import invalid_combination
        given = {k: v for k, v in (("atol", atol), ("rtol", rtol), ("hermitian", hermitian)) if v is not None
                 and (k != "hermitian" or v is not False)}
        raise invalid_combination("linalg_pinv", (input,) + tuple(more), given, _PINV_FORMS)
    atol, rtol, rcond = tols
    if rcond is not None:
        atol, rtol = 0.0, rcond
    return _pinv("linalg.pinv", input, atol, rtol, hermitian, out)


def pinverse(*args, **kwargs):
    """``torch.pinverse(input, rcond=1e-15)``: linalg.pinv with ``rtol=rcond``."""
    x, rcond = _parsed("pinverse", "Tensor input, float rcond=1e-15", args, kwargs)
    return _pinv("linalg.pinv", x, 0.0, rcond, False, None)


row("pinverse", "LinalgPinvBackward0", None, forms=("torch", "method"), call=pinverse, args="input, rcond=1e-15",
    samples=(Sample(T((3, 2))),))



# ***** matrix_exp *****

# PyTorch's mexp (aten/src/ATen/native/LinearAlgebra.cpp): Bader, Blanes and
# Casas's optimized Taylor polynomials of degree 1, 2, 4, 8, 12 or 18, chosen
# by each matrix's 1-norm; above the last bound, degree 18 with scaling and squaring.
_THETAS = {np.dtype(np.float32): (1.192092800768788e-07, 5.978858893805233e-04, 5.116619363445086e-02,
                                  5.800524627688768e-01, 1.461661507209034e+00, 3.010066362817634e+00),
           np.dtype(np.float64): (2.220446049250313e-16, 2.580956802971767e-08, 3.397168839976962e-04,
                                  4.991228871115323e-02, 2.996158913811580e-01, 1.090863719290036e+00)}
_SQRT_177 = 0.1330413469565007072504e+2
_X3 = 2.0 / 3.0
_T8 = ((_X3 * ((1.0 + _SQRT_177) / 88.0), _X3 * ((1.0 + _SQRT_177) / 352.0)),
       ((-271.0 + 29.0 * _SQRT_177) / (315.0 * _X3), (-11.0 + 11.0 * _SQRT_177) / (1260.0 * _X3),
        (-99.0 + 11.0 * _SQRT_177) / (5040.0 * _X3), (89.0 - _SQRT_177) / (5040.0 * _X3)),
       (857.0 - 58.0 * _SQRT_177) / 630.0)
_T12 = ((9.0198e-16, 0.46932117595418237389, -0.20099424927047284052, -0.04623946134063071740),
        (5.31597895759871264183, 1.19926790417132231573, 0.01179296240992997031, 0.01108844528519167989),
        (0.18188869982170434744, 0.05502798439925399070, 0.09351590770535414968, 0.00610700528898058230),
        (-2.0861320e-13, -0.13181061013830184015, -0.02027855540589259079, -0.00675951846863086359))
_T18 = ((0.0, -1.00365581030144618291e-01, -8.02924648241156932449e-03, -8.92138498045729985177e-04, 0.0),
        (0.0, 3.97849749499645077844e-01, 1.36783778460411720168e+00, 4.98289622525382669416e-01,
         -6.37898194594723280150e-04),
        (-1.09676396052962061844e+01, 1.68015813878906206114e+00, 5.71779846478865511061e-02,
         -6.98210122488052056106e-03, 3.34975017086070470649e-05),
        (-9.04316832390810593223e-02, -6.76404519071381882256e-02, 6.75961301770459654925e-02,
         2.95552570429315521194e-02, -1.39180257516060693404e-05),
        (0.0, 0.0, -9.23364619367118555360e-02, -1.69364939002081722752e-02, -1.40086798182036094347e-05))


def _powers(a, count):
    """The first ``count`` of I, A, A², A³, A⁶."""
    from ..engine.blas import matmul
    out = [np.eye(a.shape[0], dtype=a.dtype), a]
    for left, right in ((1, 1), (1, 2), (3, 3))[:count - 2]:
        out.append(matmul(out[left], out[right]))
    return out[:count]


def _combination(mats, coeffs):
    """sum_j coeffs[j] * mats[j], added in order, coefficients in the matrices' dtype."""
    dt = mats[0].dtype.type
    total = dt(coeffs[0]) * mats[0]
    for c, m in zip(coeffs[1:], mats[1:]):
        total = total + dt(c) * m
    return total


def _taylor(a, degree):
    from ..engine.blas import matmul
    if degree == 1:
        i, x = _powers(a, 2)
        return i + x
    if degree == 2:
        i, x, x2 = _powers(a, 3)
        return i + x + x2 / a.dtype.type(2)
    if degree == 4:
        p = _powers(a, 3)
        return _combination(p[:2] + [matmul(p[2], _combination(p, (1 / 2.0, 1 / 6.0, 1 / 24.0)))], (1.0, 1.0, 1.0))
    if degree == 8:
        (x1, x2), xs, y2 = _T8
        p = _powers(a, 3)
        a4 = matmul(p[2], _combination(p[1:], (x1, x2)))
        a8 = matmul(_combination([p[2], a4], (_X3, 1.0)), _combination(p + [a4], xs))
        return _combination(p + [a8], (1.0, 1.0, y2, 1.0))
    table = _T12 if degree == 12 else _T18
    p = _powers(a, len(table))
    bs = [_combination(p, row_) for row_ in table]
    if degree == 12:
        bs[2] = bs[2] + matmul(bs[3], bs[3])
        return bs[0] + matmul(bs[1] + bs[2], bs[2])
    bs[3] = bs[3] + matmul(bs[0], bs[4])
    return bs[1] + matmul(bs[2] + bs[3], bs[3])


def _mexp(a):
    """exp of one matrix, as PyTorch's mexp picks and computes it."""
    from ..engine.blas import matmul
    thetas = _THETAS[a.dtype]
    norm = np.abs(a).sum(axis=0).max()
    for degree, low, high in zip((1, 2, 4, 8, 12), (-1.0,) + thetas[:4], thetas[:5]):
        if low < norm <= high:
            return _taylor(a, degree)
    if not norm >= thetas[4]:
        return np.full(a.shape, np.nan, a.dtype)
    s = max(0, int(np.ceil(np.log2(norm / a.dtype.type(thetas[5])))))
    out = _taylor(a / a.dtype.type(2 ** s), 18)
    for _ in range(s):
        out = matmul(out, out)
    return out


def matrix_exp_array(a):
    """PyTorch's linalg_matrix_exp: exp for 1 x 1 matrices, else mexp per matrix.
    NOTE: its matrix products and sums modelled, not all its bits."""
    n = a.shape[-1]
    if n == 1:
        return OPS["exp"].forward(a)
    stack = _stack(a)
    with np.errstate(all="ignore"):
        out = np.stack([_mexp(m) for m in stack]) if stack.shape[0] and n else stack.copy()
    return out.reshape(a.shape).astype(a.dtype, copy=False)


def _matrix_exp_rule(m, g, out, a):
    """PyTorch's linalg_matrix_exp_differential (adjoint): the upper right block of
    exp([[Aᴴ, G], [0, Aᴴ]])."""
    n = a.shape[-1]
    at = m.mT(a)
    nd = m.data(g).ndim
    zeros = m.const(np.zeros(m.data(g).shape, m.data(g).dtype))
    big = m.cat([m.cat([at, g], nd - 1), m.cat([zeros, at], nd - 1)], nd - 2)
    e = m.matrix_exp(big)
    return m.narrow(m.narrow(e, nd - 2, 0, n), nd - 1, n, 2 * n)


row("matrix_exp", "LinalgMatrixExpBackward0", matrix_exp_array, {"input": _matrix_exp_rule},
    forms=("torch", "method", "linalg"), args="input",
    samples=(Sample(T((3, 3), low=-1, high=1)), Sample(T((2, 2, 2))), Sample(T((1, 1))),
             Sample(T(values=[[1.0, 2.0], [3.0, 4.0]]))))


@implements("matrix_exp")
def matrix_exp(*args, **kwargs):
    (x,) = _parsed("linalg_matrix_exp", "Tensor input", args, kwargs)
    check_matrices("linalg.matrix_exp", x)
    return OPS["matrix_exp"].apply((x,), {}, matrix_exp_array(x.data))


# ***** lstsq *****

_LSTSQ_DRIVERS = ("gels", "gelsy", "gelsd", "gelss")


def lstsq_arrays(a, b, rcond, driver):
    """(solution, residuals, rank, singular values) of ``min |A X - B|`` for
    each pair, as torch.linalg.lstsq reports them for ``driver``.
    NOTE: numpy's LAPACK (gelsd) computes every driver's solution: the same
    least-squares solution (the least-norm one where A is rank-deficient)
    to float rounding, not gelsy's bits."""
    vector = b.ndim == a.ndim - 1
    b2 = b[..., None] if vector else b
    rows, cols = a.shape[-2:]
    k = b2.shape[-1]
    batch = broadcast_shape(a.shape[:-2], b2.shape[:-2])
    sa = _stack(np.broadcast_to(a, batch + (rows, cols)))
    sb = _stack(np.broadcast_to(b2, batch + (rows, k)))
    cutoff = np.finfo(a.dtype).eps * max(rows, cols) if rcond is None else rcond
    x = np.zeros((sa.shape[0], cols, k), a.dtype)
    ranks = np.zeros(sa.shape[0], np.int64)
    svals = np.zeros((sa.shape[0], min(rows, cols)), a.dtype)
    for i in range(sa.shape[0]):
        got = np.linalg.lstsq(sa[i].astype(np.float64), sb[i].astype(np.float64), rcond=cutoff)
        x[i], ranks[i], svals[i] = got[0], got[2], got[3]
    if driver == "gels" and np.any(ranks < min(rows, cols)):
        first = int(np.nonzero(ranks < min(rows, cols))[0][0])
        raise runtime_error(f"torch.linalg.lstsq: {_batch_prefix(a.ndim, first)}The least squares solution could not "
                            "be computed because the input matrix does not have full rank (error code: "
                            f"{int(ranks[first]) + 1}).")
    solution = x.reshape(batch + (cols, k))
    residuals = np.zeros((0,), a.dtype)
    if rows > cols and driver != "gelsy" and np.all(ranks == cols):
        with np.errstate(all="ignore"):
            diff = np.matmul(sa, x) - sb
        residuals = (diff * diff).sum(axis=-2).reshape(batch + (k,)).astype(a.dtype)
    rank = ranks.reshape(batch) if driver != "gels" else np.zeros((0,), np.int64)
    if driver in ("gelsd", "gelss"):        # the input dtype's own singular values
        svals = lapack.svd(sa, False, False)[1].reshape(batch + (svals.shape[-1],))
    else:
        svals = np.zeros((0,), a.dtype)
    return (solution[..., 0] if vector else solution), residuals, rank, svals


def _lstsq_rule(which):
    def rule(m, g, out, a, b, **_):
        """PyTorch's linalg_lstsq_backward: through the pseudo-inverse of A."""
        vector = b.ndim == a.ndim - 1
        gx, bm = (m.unsqueeze(g, -1), m.unsqueeze(b, -1)) if vector else (g, b)
        p = m.linalg_pinv(a)
        if which == "A":
            return _unbroadcast(m, _pinv_rule(m, m.matmul(gx, m.mT(bm)), p, a), a.shape)
        gb = m.matmul(m.mT(p), gx)
        return _unbroadcast(m, m.reshape(gb, m.data(gb).shape[:-1]) if vector else gb, b.shape)
    return rule


def _lstsq_residuals_rule(which):
    def rule(m, g, out, a, b, **_):
        """The residuals ``r_j = |A x_j - b_j|²`` at the least-squares X (where
        ``Aᴴ (A X - B) = 0``): ``gA = 2 (R * g) Xᴴ``, ``gB = -2 R * g``, R = A X - B;
        none where they are empty (not computed)."""
        like = a if which == "A" else b
        if m.data(g).size == 0:
            return m.const(np.zeros(like.shape, m.data(g).dtype))
        vector = b.ndim == a.ndim - 1
        bm = m.unsqueeze(b, -1) if vector else b
        x = m.matmul(m.linalg_pinv(a), bm)
        r = (m.matmul(a, x) - bm) * m.unsqueeze(g, -2)
        if which == "A":
            return _unbroadcast(m, 2.0 * m.matmul(r, m.mT(x)), a.shape)
        gb = -2.0 * r
        return _unbroadcast(m, m.reshape(gb, m.data(gb).shape[:-1]) if vector else gb, b.shape)
    return rule


row("lstsq_solution", "LinalgLstsqBackward0", None, {"A": _lstsq_rule("A"), "B": _lstsq_rule("B")}, via="lstsq")
row("lstsq_residuals", "LinalgLstsqBackward0", None,
    {"A": _lstsq_residuals_rule("A"), "B": _lstsq_residuals_rule("B")},
    via="lstsq")
_LSTSQ = "Tensor A, Tensor B, float? rcond=None, *, str? driver=None"


@implements("linalg_lstsq")
def linalg_lstsq(*args, **kwargs):
    a, b, rcond, driver = _parsed("linalg_lstsq", _LSTSQ, args, kwargs)
    driver = "gelsy" if driver is None else driver
    if driver not in _LSTSQ_DRIVERS:
        raise runtime_error("torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)")
    if a.data.ndim < 2:
        raise runtime_error("torch.linalg.lstsq: input must have at least 2 dimensions.")
    if b.data.ndim < 1:
        raise runtime_error("torch.linalg.lstsq: other must have at least 1 dimension.")
    if a.data.dtype != b.data.dtype:
        raise runtime_error(f"torch.linalg.lstsq: Expected input and other to have the same dtype, but got input's "
                            f"dtype {_float_name(a)} and other's dtype {_float_name(b)}")
    if a.data.dtype.kind != "f":
        raise runtime_error("This function doesn't handle types other than float and double")
    if not 0 <= a.data.ndim - b.data.ndim <= 1:
        raise runtime_error("torch.linalg.lstsq: input.dim() must be greater or equal to other.dim() and "
                            "(input.dim() - other.dim()) <= 1")
    vector = b.data.ndim == a.data.ndim - 1
    if a.shape[-2] != b.shape[-1 if vector else -2]:
        raise runtime_error(f"torch.linalg.lstsq: input.size(-2) should match other.size({-1 if vector else -2})")
    solution, residuals, rank, svals = lstsq_arrays(a.data, b.data, rcond, driver)
    return _named("linalg_lstsq", ("solution", "residuals", "rank", "singular_values"),
                  (OPS["lstsq_solution"].apply((a, b), {}, solution),
                   OPS["lstsq_residuals"].apply((a, b), {}, residuals), Tensor(rank), Tensor(svals)))


row("lstsq", "LinalgLstsqBackward0", None, key="linalg_lstsq", forms=("linalg",),
    args="A, B, rcond=None, *, driver=None",
    samples=(Sample(T((4, 2)), T((4, 3))), Sample(T((4, 2)), T((4,))), Sample(T((2, 3, 2)), T((2, 3, 1))),
             # (explicit values: finite differences would count the singular values, which have no gradient)
             Sample(T(values=[[1.0, 0.5, -0.2], [0.3, -1.2, 0.8], [0.1, 0.4, 1.5]]),
                    T(values=[[1.0, -1.0], [0.5, 2.0], [-0.3, 0.7]]), driver="gelsd"),
             Sample(T(values=[[1.0, 0.2], [-0.4, 1.1], [0.6, -0.9], [0.3, 0.5]]),
                    T(values=[[0.5, -1.0], [1.5, 0.2], [-0.7, 0.9], [0.1, 0.4]]), driver="gelss")))

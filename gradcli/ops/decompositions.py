"""torch.linalg's factorizations: ``cholesky`` (and ``torch.cholesky``),
``qr``, ``eigh``/``eigvalsh``, ``svd`` (and ``torch.svd``), ``slogdet`` (and
``torch.logdet``), with PyTorch's checks, error texts, named results and
grad_fn names, and the helpers the solvers (``ops/solvers.py``) share; the
gradients are PyTorch's backward formulas (FunctionsManual.cpp:
``cholesky_backward``, ``linalg_qr_backward``, ``svd_backward``,
``linalg_eig_backward``, ``slogdet_backward``) written over the math
namespace ``m``, so they hold under ``create_graph=True`` too.

The factorizations are LAPACK's as PyTorch calls them (``engine/lapack.py``):
with MKL installed, the signs of Q, of eigenvectors and of singular vectors
are PyTorch's. NOTE: the last bits of the values can still differ from
PyTorch's build of MKL, and the gradients are composed of gradcli's own
products: both agree with PyTorch to float rounding, not bit for bit.

A factorization with several results (``Q, R``; ``U, S, Vh``) records one
node per result, each with PyTorch's grad_fn name, whose rule is the
backward formula with the other results' gradients absent (the formulas
are linear in them, so the sum over the results is PyTorch's gradient).
NOTE: ``Q.grad_fn is R.grad_fn`` is so in PyTorch and not here; and these
nodes keep the input A (to recompute the factors under ``create_graph=True``),
where PyTorch's QR, eigh and SVD nodes keep only their results, so an
in-place change of A before backward is an error here and not in PyTorch.
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
from .operands import parse_native
from .oprow import Sample, T, implements, row
from .table import OPS


# ***** shared checks and helpers *****

def dtype_name(x):
    return x.dtype.torch_type[:-6]


def matrix_stack(a):
    """``a`` (..., m, n) as a C-ordered stack (batch, m, n)."""
    return np.ascontiguousarray(a.reshape((int(np.prod(a.shape[:-2], dtype=np.int64)),) + a.shape[-2:]))


def batch_prefix(ndim, index):
    """PyTorch's ``(Batch element i): `` of a batched input's failure."""
    return f"(Batch element {index}): " if ndim > 2 else ""


def check_converged(name, infos, ndim, values):
    """PyTorch's error for the first matrix whose iterations did not converge (LAPACK's info > 0)."""
    bad = np.nonzero(infos > 0)[0]
    if bad.size:
        k = int(bad[0])
        raise runtime_error(f"{name}: {batch_prefix(ndim, k)}The algorithm failed to converge because the input "
                            f"matrix is ill-conditioned or has too many repeated {values} (error code: "
                            f"{int(infos[k])}).")


def refuse_tuple_out(kwargs, name):
    """``out=`` of a function with several results (a tuple of tensors): not offered."""
    if kwargs.pop("out", None) is not None:
        raise GradcliError("NotImplementedError", f"gradcli does not support out= of {name} yet")


def grad_wanted(*xs):
    return GRAD_MODE.enabled and any(type(x) is Tensor and x.requires_grad for x in xs)


def unbroadcast(m, g, shape):
    """``g`` summed down to ``shape`` (an input that was broadcast)."""
    if tuple(m.data(g).shape) == tuple(shape):
        return g
    if m.is_tensor:
        from .shape import sum_to
        return sum_to(g, tuple(shape))
    return sum_to_shape(g, tuple(shape))


def _eye_like(m, g, n):
    return m.const(np.eye(n, dtype=m.data(g).dtype))


def named(kind, fields, values):
    return ReturnTuple.make(kind, fields, values)


# ***** cholesky *****

def cholesky_array(a, upper=False, name="linalg.cholesky"):
    n = a.shape[-1]
    factors, infos = lapack.cholesky(matrix_stack(a), upper)
    bad = np.nonzero(infos > 0)[0]
    if bad.size:
        k = int(bad[0])
        raise runtime_error(f"{name}: {batch_prefix(a.ndim, k)}The factorization could not be completed because "
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
    x, upper, out = parse_native("linalg_cholesky", _CHOLESKY, args, kwargs)
    return _cholesky("linalg_cholesky", "linalg.cholesky", x, upper, out)


def cholesky(*args, **kwargs):
    """``torch.cholesky`` (deprecated, with PyTorch's warning)."""
    x, upper, out = parse_native("cholesky", _CHOLESKY_OLD, args, kwargs)
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
    q, r = lapack.qr(matrix_stack(a), mode)
    k = min(rows, cols)
    qcols, rrows = (rows, rows) if mode == "complete" else (k, k)
    r = r.reshape(a.shape[:-2] + (rrows, cols))
    q = np.zeros((0,), a.dtype) if q is None else q.reshape(a.shape[:-2] + (rows, qcols))
    return q, r


# (each result's forward recomputes the factorization: `gradcli check` replays it)
row("qr_q", "LinalgQrBackward0", lambda a, mode="reduced", **_: qr_arrays(a, mode)[0], {"A": _qr_rule("Q")},
    via="qr")
row("qr_r", "LinalgQrBackward0", lambda a, mode="reduced", **_: qr_arrays(a, mode)[1], {"A": _qr_rule("R")},
    via="qr")
_QR = "Tensor A, str mode='reduced'"


@implements("linalg_qr")
def linalg_qr(*args, **kwargs):
    refuse_tuple_out(kwargs, "torch.linalg.qr")
    x, mode = parse_native("linalg_qr", _QR, args, kwargs)
    check_matrices("linalg.qr", x, square=False)
    if mode not in _QR_MODES:
        raise runtime_error(f"qr received unrecognized mode '{mode}' but expected one of 'reduced' (default), 'r', "
                            "or 'complete'")
    q, r = qr_arrays(x.data, mode)
    attrs = {"mode": mode, "q": q, "r": r}
    return named("linalg_qr", ("Q", "R"), (OPS["qr_q"].apply((x,), attrs, q), OPS["qr_r"].apply((x,), attrs, r)))


row("qr", "LinalgQrBackward0", None, key="linalg_qr", forms=("linalg",), args="A, mode='reduced', *, out=None",
    samples=(Sample(T((3, 3))), Sample(T((4, 2))), Sample(T((2, 4))), Sample(T((2, 2, 3)), "complete"),
             Sample(T((3, 2), grad=False), mode="r")))


# ***** eigh, eigvalsh *****

def _uplo(name, uplo):
    if uplo.upper() not in ("L", "U") or len(uplo) != 1:
        raise runtime_error(f"Expected UPLO argument to be 'L' or 'U', but got {uplo}")
    return uplo.upper()


def eigh_arrays(a, uplo, vectors):
    n = a.shape[-1]
    w, v, infos = lapack.eigh(matrix_stack(a), uplo, vectors)
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


row("eigh_values", "LinalgEighBackward0", lambda a, uplo="L", **_: eigh_arrays(a, uplo, True)[0],
    {"A": _eigh_values_rule}, via="eigh")
row("eigh_vectors", "LinalgEighBackward0", lambda a, uplo="L", **_: eigh_arrays(a, uplo, True)[1],
    {"A": _eigh_vectors_rule}, via="eigh")
_EIGH = "Tensor A, str UPLO='L', *, Tensor? out=None"


def _eigh_checks(name, x, uplo):
    check_matrices(name, x, floating=False)
    if x.data.dtype.kind != "f":
        raise GradcliError("NotImplementedError", f"\"linalg_eigh_cpu\" not implemented for '{dtype_name(x)}'")
    return _uplo(name, uplo)


@implements("linalg_eigh")
def linalg_eigh(*args, **kwargs):
    refuse_tuple_out(kwargs, "torch.linalg.eigh")
    x, uplo, _ = parse_native("linalg_eigh", _EIGH, args, kwargs)
    uplo = _eigh_checks("linalg.eigh", x, uplo)
    w, v = eigh_arrays(x.data, uplo, True)
    attrs = {"uplo": uplo, "w": w, "v": v}
    return named("linalg_eigh", ("eigenvalues", "eigenvectors"),
                  (OPS["eigh_values"].apply((x,), attrs, w), OPS["eigh_vectors"].apply((x,), attrs, v)))


def linalg_eigvalsh(*args, **kwargs):
    """The eigenvalues; with a gradient to come, from the same run as eigh's
    (eigenvectors computed too), as PyTorch does."""
    x, uplo, out = parse_native("linalg_eigvalsh", _EIGH, args, kwargs)
    uplo = _eigh_checks("linalg.eigh", x, uplo)
    if not grad_wanted(x):
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
    u, s, vh, infos = lapack.svd(matrix_stack(a), full_matrices, vectors)
    bad = np.nonzero(infos == -4)[0]
    if bad.size:        # NOTE: gesdd refuses a NaN (an infinity gives NaNs, no error)
        raise runtime_error(f"{name}: {batch_prefix(a.ndim, int(bad[0]))}The algorithm failed to converge because "
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


def _svd_part(k):
    return lambda a, full_matrices=True, **_: svd_arrays(a, full_matrices, True)[k]


row("svd_u", "LinalgSvdBackward0", _svd_part(0), {"A": _svd_rule("U")}, via="svd")
row("svd_s", "LinalgSvdBackward0", _svd_part(1), {"A": _svd_rule("S")}, via="svd")
row("svd_vh", "LinalgSvdBackward0", _svd_part(2), {"A": _svd_rule("Vh")}, via="svd")
_SVD = "Tensor A, bool full_matrices=True, *, str? driver=None"
_SVD_OLD = "Tensor input, bool some=True, bool compute_uv=True"


def _svd_results(x, full_matrices, name):
    check_matrices(name, x, square=False)
    u, s, vh = svd_arrays(x.data, full_matrices, True, name)
    attrs = {"full_matrices": full_matrices, "u": u, "s": s, "vh": vh}
    return tuple(OPS[key].apply((x,), attrs, value) for key, value in (("svd_u", u), ("svd_s", s), ("svd_vh", vh)))


@implements("linalg_svd")
def linalg_svd(*args, **kwargs):
    refuse_tuple_out(kwargs, "torch.linalg.svd")
    x, full_matrices, driver = parse_native("linalg_svd", _SVD, args, kwargs)
    if driver is not None:
        raise runtime_error("torch.linalg.svd: keyword argument `driver=` is only supported on CUDA inputs with "
                            "cuSOLVER backend.")
    return named("linalg_svd", ("U", "S", "Vh"), _svd_results(x, full_matrices, "linalg.svd"))


def svd(*args, **kwargs):
    """``torch.svd``: U, S and V (not Vh), reduced unless ``some=False``;
    without ``compute_uv``, zero U and V."""
    from .shape import transpose
    refuse_tuple_out(kwargs, "torch.svd")
    x, some, compute_uv = parse_native("svd", _SVD_OLD, args, kwargs)
    if not compute_uv:
        check_matrices("linalg.svd", x, square=False)
        rows, cols = x.shape[-2:]
        if grad_wanted(x):
            s = _svd_results(x, False, "linalg.svd")[1]
        else:
            s = Tensor(svd_arrays(x.data, False, False)[1])
        zeros = x.data.dtype.type(0)
        return named("svd", ("U", "S", "V"), (Tensor(np.full(x.shape[:-2] + (rows, rows), zeros)), s,
                                               Tensor(np.full(x.shape[:-2] + (cols, cols), zeros))))
    u, s, vh = _svd_results(x, not some, "linalg.svd")
    return named("svd", ("U", "S", "V"), (u, s, transpose(vh, -2, -1)))


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
    stack = matrix_stack(a)
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


row("slogdet_sign", "LinalgSlogdetBackward0", lambda a: slogdet_arrays(a)[0], {"A": _slogdet_rule_sign},
    via="slogdet")
row("slogdet_logabsdet", "LinalgSlogdetBackward0", lambda a: slogdet_arrays(a)[1], {"A": _slogdet_rule_logabs},
    via="slogdet")


def _slogdet(x, name):
    check_matrices(name, x)
    sign, logabs = slogdet_arrays(x.data)
    return OPS["slogdet_sign"].apply((x,), {}, sign), OPS["slogdet_logabsdet"].apply((x,), {}, logabs)


@implements("linalg_slogdet")
def linalg_slogdet(*args, **kwargs):
    refuse_tuple_out(kwargs, "torch.linalg.slogdet")
    (x,) = parse_native("linalg_slogdet", "Tensor A", args, kwargs)
    return named("linalg_slogdet", ("sign", "logabsdet"), _slogdet(x, "linalg.slogdet"))


def slogdet(*args, **kwargs):
    """``torch.slogdet`` / ``x.slogdet()``: the same pair, named as PyTorch's ``slogdet``."""
    refuse_tuple_out(kwargs, "torch.slogdet")
    (x,) = parse_native("slogdet", "Tensor input", args, kwargs)
    return named("slogdet", ("sign", "logabsdet"), _slogdet(x, "linalg.slogdet"))


def logdet(*args, **kwargs):
    """``log(det(A))``: PyTorch's ``where(sign == -1, nan, logabsdet)``."""
    from .join import where
    (x,) = parse_native("logdet", "Tensor input", args, kwargs)
    sign, logabs = _slogdet(x, "logdet")
    return where(Tensor(sign.data == -1), float("nan"), logabs)


row("slogdet", "LinalgSlogdetBackward0", None, key="linalg_slogdet", forms=("linalg",), args="A, *, out=None",
    samples=(Sample(T((3, 3))), Sample(T((2, 2, 2)))))
row("slogdet", "LinalgSlogdetBackward0", None, key="slogdet_torch", forms=("torch", "method"), call=slogdet,
    args="input, *, out=None", samples=(Sample(T((3, 3))),))
row("logdet", "WhereBackward0", None, forms=("torch", "method"), call=logdet, args="input",
    samples=(Sample(T(values=[[2.0, 0.5], [0.3, 1.5]])), Sample(T(values=[[0.0, 1.0], [1.0, 0.0]]))))

"""torch.linalg's solvers: ``solve``, ``lstsq``, ``pinv`` (and
``torch.pinverse``), with PyTorch's checks, error texts and grad_fn names;
the gradients are PyTorch's backward formulas (FunctionsManual.cpp:
``linalg_solve_backward``, ``linalg_lstsq_backward``, ``pinv_backward``)
written over the math namespace ``m``. The factorizations they stand on are
LAPACK's as PyTorch calls them (``engine/lapack.py``, ``ops/decompositions.py``).
NOTE: values agree with PyTorch's to float rounding, not bit for bit.
"""
from __future__ import annotations

import numpy as np

from ..engine import lapack
from ..engine.tensor import Tensor
from ..errors import runtime_error
from .decompositions import (batch_prefix, dtype_name, eigh_arrays, matrix_stack, named, refuse_tuple_out,
                             svd_arrays, unbroadcast)
from .device import write_out
from .linalg import check_matrices
from .operands import broadcast_shape, parse_native
from .oprow import Sample, T, implements, row
from .table import OPS


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
    x, infos = lapack.solve(matrix_stack(full_a), matrix_stack(full_b), transposed=left)
    if np.any(infos > 0):
        owner = np.broadcast_to(np.arange(int(np.prod(a.shape[:-2], dtype=np.int64))).reshape(a.shape[:-2]),
                                batch).reshape(-1)
        first = int(owner[np.nonzero(infos > 0)[0]].min())
        raise runtime_error(f"{name}: {batch_prefix(a.ndim, first)}The solver failed because the input matrix "
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
    return unbroadcast(m, ga, a.shape)


def _solve_rule_b(m, g, out, a, b, left=True):
    return unbroadcast(m, _solve_grad_b(m, g, a, left), b.shape)


row("solve", "LinalgSolveExBackward0", solve_array, {"A": _solve_rule_a, "B": _solve_rule_b},
    key="linalg_solve", forms=("linalg",), args="A, B, *, left=True, out=None",
    samples=(Sample(T((3, 3)), T((3,))), Sample(T((3, 3)), T((3, 2))), Sample(T((2, 3, 3)), T((3, 1))),
             Sample(T((2, 3, 3)), T((2, 3))), Sample(T((3, 3)), T((2, 3)), left=False),
             Sample(T((3, 3)), T((2, 1, 3, 2)))))
_SOLVE = "Tensor A, Tensor B, *, bool left=True, Tensor? out=None"


@implements("linalg_solve")
def linalg_solve(*args, **kwargs):
    a, b, left, out = parse_native("linalg_solve", _SOLVE, args, kwargs)
    check_matrices("linalg.solve", a)
    if a.data.dtype != b.data.dtype:
        raise runtime_error(f"linalg.solve: Expected A and B to have the same dtype, but found A of type "
                            f"{dtype_name(a)} and B of type {dtype_name(b)} instead")
    b2 = b.shape + (1,) if _vector_case(a.shape, b.shape) else b.shape
    if b.data.ndim == 0 or (b2[-2] if left else b2[-1]) != a.shape[-1]:
        eq = "AX = B" if left else "XA = B"
        rows, cols = (b2[-2], b2[-1]) if len(b2) >= 2 else (b2[0], 1)
        raise runtime_error(f"linalg.solve: Incompatible shapes of A and B for the equation {eq} "
                            f"({a.shape[-2]}x{a.shape[-1]} and {rows}x{cols})")
    result = OPS["linalg_solve"].apply((a, b), {"left": left}, solve_array(a.data, b.data, left))
    return result if out is None else write_out(out, result, "linalg_solve")


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
    ok = (type(input) is Tensor and not rest and isinstance(hermitian, bool)
          and all(t is not _NOT_A_TOLERANCE for t in tols)
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
    x, rcond = parse_native("pinverse", "Tensor input, float rcond=1e-15", args, kwargs)
    return _pinv("linalg.pinv", x, 0.0, rcond, False, None)


row("pinverse", "LinalgPinvBackward0", None, forms=("torch", "method"), call=pinverse, args="input, rcond=1e-15",
    samples=(Sample(T((3, 2))),))



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
    sa = matrix_stack(np.broadcast_to(a, batch + (rows, cols)))
    sb = matrix_stack(np.broadcast_to(b2, batch + (rows, k)))
    cutoff = np.finfo(a.dtype).eps * max(rows, cols) if rcond is None else rcond
    x = np.zeros((sa.shape[0], cols, k), a.dtype)
    ranks = np.zeros(sa.shape[0], np.int64)
    svals = np.zeros((sa.shape[0], min(rows, cols)), a.dtype)
    for i in range(sa.shape[0]):
        got = np.linalg.lstsq(sa[i].astype(np.float64), sb[i].astype(np.float64), rcond=cutoff)
        x[i], ranks[i], svals[i] = got[0], got[2], got[3]
    if driver == "gels" and np.any(ranks < min(rows, cols)):
        first = int(np.nonzero(ranks < min(rows, cols))[0][0])
        raise runtime_error(f"torch.linalg.lstsq: {batch_prefix(a.ndim, first)}The least squares solution could not "
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
            return unbroadcast(m, _pinv_rule(m, m.matmul(gx, m.mT(bm)), p, a), a.shape)
        gb = m.matmul(m.mT(p), gx)
        return unbroadcast(m, m.reshape(gb, m.data(gb).shape[:-1]) if vector else gb, b.shape)
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
            return unbroadcast(m, 2.0 * m.matmul(r, m.mT(x)), a.shape)
        gb = -2.0 * r
        return unbroadcast(m, m.reshape(gb, m.data(gb).shape[:-1]) if vector else gb, b.shape)
    return rule


def _lstsq_part(k):
    return lambda a, b, rcond=None, driver="gelsy": lstsq_arrays(a, b, rcond, driver)[k]


row("lstsq_solution", "LinalgLstsqBackward0", _lstsq_part(0), {"A": _lstsq_rule("A"), "B": _lstsq_rule("B")},
    via="lstsq")
row("lstsq_residuals", "LinalgLstsqBackward0", _lstsq_part(1),
    {"A": _lstsq_residuals_rule("A"), "B": _lstsq_residuals_rule("B")},
    via="lstsq")
_LSTSQ = "Tensor A, Tensor B, float? rcond=None, *, str? driver=None"


@implements("linalg_lstsq")
def linalg_lstsq(*args, **kwargs):
    refuse_tuple_out(kwargs, "torch.linalg.lstsq")
    a, b, rcond, driver = parse_native("linalg_lstsq", _LSTSQ, args, kwargs)
    driver = "gelsy" if driver is None else driver
    if driver not in _LSTSQ_DRIVERS:
        raise runtime_error("torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)")
    if a.data.ndim < 2:
        raise runtime_error("torch.linalg.lstsq: input must have at least 2 dimensions.")
    if b.data.ndim < 1:
        raise runtime_error("torch.linalg.lstsq: other must have at least 1 dimension.")
    if a.data.dtype != b.data.dtype:
        raise runtime_error(f"torch.linalg.lstsq: Expected input and other to have the same dtype, but got input's "
                            f"dtype {dtype_name(a)} and other's dtype {dtype_name(b)}")
    if a.data.dtype.kind != "f":
        raise runtime_error("This function doesn't handle types other than float and double")
    if not 0 <= a.data.ndim - b.data.ndim <= 1:
        raise runtime_error("torch.linalg.lstsq: input.dim() must be greater or equal to other.dim() and "
                            "(input.dim() - other.dim()) <= 1")
    vector = b.data.ndim == a.data.ndim - 1
    if a.shape[-2] != b.shape[-1 if vector else -2]:
        raise runtime_error(f"torch.linalg.lstsq: input.size(-2) should match other.size({-1 if vector else -2})")
    solution, residuals, rank, svals = lstsq_arrays(a.data, b.data, rcond, driver)
    attrs = {"rcond": rcond, "driver": driver}
    return named("linalg_lstsq", ("solution", "residuals", "rank", "singular_values"),
                  (OPS["lstsq_solution"].apply((a, b), attrs, solution),
                   OPS["lstsq_residuals"].apply((a, b), attrs, residuals), Tensor(rank), Tensor(svals)))


row("lstsq", "LinalgLstsqBackward0", None, key="linalg_lstsq", forms=("linalg",),
    args="A, B, rcond=None, *, driver=None",
    samples=(Sample(T((4, 2)), T((4, 3))), Sample(T((4, 2)), T((4,))), Sample(T((2, 3, 2)), T((2, 3, 1))),
             # (explicit values: finite differences would count the singular values, which have no gradient)
             Sample(T(values=[[1.0, 0.5, -0.2], [0.3, -1.2, 0.8], [0.1, 0.4, 1.5]]),
                    T(values=[[1.0, -1.0], [0.5, 2.0], [-0.3, 0.7]]), driver="gelsd"),
             Sample(T(values=[[1.0, 0.2], [-0.4, 1.1], [0.6, -0.9], [0.3, 0.5]]),
                    T(values=[[0.5, -1.0], [1.5, 0.2], [-0.7, 0.9], [0.1, 0.4]]), driver="gelss")))

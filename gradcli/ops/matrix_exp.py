"""``torch.linalg.matrix_exp`` (and ``torch.matrix_exp``, ``x.matrix_exp()``):
PyTorch's CPU algorithm, its grad_fn name and its backward (the exponential
of a block matrix), written over the math namespace ``m``.
"""
from __future__ import annotations

import numpy as np

from .decompositions import matrix_stack
from .linalg import check_matrices
from .operands import parse_native
from .oprow import Sample, T, implements, row
from .table import OPS


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
    stack = matrix_stack(a)
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
    (x,) = parse_native("linalg_matrix_exp", "Tensor input", args, kwargs)
    check_matrices("linalg.matrix_exp", x)
    return OPS["matrix_exp"].apply((x,), {}, matrix_exp_array(x.data))

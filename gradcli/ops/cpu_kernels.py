"""PyTorch's CPU kernels of the unary functions (float32, and float64
where ported), as its loops compute them: the vectorised formula over SLEEF's functions
(``engine/sleef.py``) and, where PyTorch's loop finishes with the scalar
formula (``engine/cpu_loop.py``: tensors under 32 elements, the last ones
of larger loops), that formula over the C library's function
(``engine/libm.py``).

Each function takes and returns float32 arrays, and float64 ones where
SLEEF's double kernel is ported too; the op rows use them for those dtypes
only (``float_kernel``).
"""
from __future__ import annotations

import numpy as np

from ..engine import cpu_loop, libm, sleef
from ..engine.fma import fma32, fma64

exp_libm, expm1_libm, log1p_libm = libm.exp, libm.expm1, libm.log1p


def float_kernel(kernel, other):
    """``kernel`` on float32 and float64 arrays, ``other`` on the rest."""
    def forward(a, *args, **kwargs):
        return kernel(a, *args, **kwargs) if a.dtype in _FLOATS else other(a, *args, **kwargs)
    forward.__name__ = getattr(other, "__name__", "forward")
    return forward


_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))


def _vec_scalar(vec, scalar, a, grain=cpu_loop.GRAIN):
    with np.errstate(all="ignore"):
        return cpu_loop.with_scalar_tails(vec, scalar, grain)(a)


# ***** the kernels *****

def _by_dtype(f32, f64):
    def kernel(a):
        return f32(a) if a.dtype == np.float32 else f64(a)
    kernel.__name__ = f32.__name__
    return kernel


_vector_exp = _by_dtype(sleef.expf_u10, sleef.expd_u10)
exp2 = cpu_loop.with_scalar_tails(_by_dtype(sleef.exp2f_u10, sleef.exp2d_u10), libm.exp2)
sinh = cpu_loop.with_scalar_tails(_by_dtype(sleef.sinhf_u10, sleef.sinhd_u10), libm.sinh)
cosh = cpu_loop.with_scalar_tails(_by_dtype(sleef.coshf_u10, sleef.coshd_u10), libm.cosh)
atanh = cpu_loop.with_scalar_tails(_by_dtype(sleef.atanhf_u10, sleef.atanhd_u10), libm.atanh)
expm1 = _by_dtype(sleef.expm1f_u10, sleef.expm1d_u10)      # through at::vml: SLEEF for the whole array
log1p = _by_dtype(sleef.log1pf_u10, sleef.log1pd_u10)
_vector_log1p = log1p


def sigmoid(a):
    """``1 / (1 + exp(-x))``."""
    one = a.dtype.type(1)
    return _vec_scalar(lambda v: one / (one + _vector_exp(-v)), lambda v: one / (one + exp_libm(-v)), a)


def silu(a):
    """``x / (1 + exp(-x))``."""
    one = a.dtype.type(1)
    return _vec_scalar(lambda v: v / (one + _vector_exp(-v)), lambda v: v / (one + exp_libm(-v)), a)


def elu(a, alpha=1.0):
    """``x > 0 ? x : expm1(x) * alpha`` (scale and input_scale 1)."""
    neg = a.dtype.type(alpha)
    return _vec_scalar(lambda v: np.where(v > 0, v, expm1(v) * neg),
                       lambda v: np.where(v > 0, v, expm1_libm(v) * neg), a)


def softplus(a, beta=1.0, threshold=20.0):
    """``x * beta > threshold ? x : log1p(exp(x * beta)) / beta``."""
    b, th = a.dtype.type(beta), a.dtype.type(threshold)
    return _vec_scalar(lambda v: np.where(v * b > th, v, _vector_log1p(_vector_exp(v * b)) / b),
                       lambda v: np.where(v * b > th, v, log1p_libm(exp_libm(v * b)) / b), a)


def logsigmoid(a):
    """``min(x, 0) - log1p(exp(-|x|))``, vectorised over the whole array."""
    with np.errstate(all="ignore"):
        return np.minimum(a, a.dtype.type(0)) - _vector_log1p(_vector_exp(-np.abs(a)))


_SQRT1_2 = 0.7071067811865476                  # M_SQRT1_2
_GELU_BETA = 1.1283791670955126 * _SQRT1_2 * 0.5   # M_2_SQRTPI * M_SQRT1_2 * 0.5


def gelu64(a):
    """float64 ``x * 0.5 * (1 + erf(x * M_SQRT1_2))`` (float32 runs in oneDNN, not reproduced)."""
    return _vec_scalar(lambda v: v * 0.5 * (1 + sleef.erfd_u10(v * _SQRT1_2)),
                       lambda v: v * 0.5 * (1 + libm.erf(v * _SQRT1_2)), a, cpu_loop.GELU_GRAIN)


# ***** backward kernels (PyTorch's *_backward loops over grad and input) *****

def _vec_scalar2(vec, scalar, g, a):
    """A two-input loop: ``vec`` on the vector lanes, ``scalar`` on the tails (positions by ``a``)."""
    g = np.broadcast_to(g, a.shape)
    with np.errstate(all="ignore"):
        out = np.array(vec(g, a))
        idx = cpu_loop.scalar_positions(a)
        if idx[0].size if idx else a.ndim == 0:
            out[idx] = scalar(g[idx], a[idx])
        return out


def elu_backward(g, a, alpha=1.0):
    """``x > 0 ? g : g * alpha * exp(x)``."""
    neg = a.dtype.type(alpha)
    return _vec_scalar2(lambda d, x: np.where(x > 0, d, (d * neg) * _vector_exp(x)),
                        lambda d, x: np.where(x > 0, d, (d * neg) * exp_libm(x)), g, a)


def silu_backward(g, a):
    """``g * s * (1 + x * (1 - s))`` with ``s = 1 / (1 + exp(-x))``, ``x * (1 - s) + 1`` fused."""
    one = a.dtype.type(1)
    fma = fma32 if a.dtype == np.float32 else fma64

    def f(exp):
        def k(d, x):
            s = one / (one + exp(-x))
            return (d * s) * fma(x, one - s, one)
        return k
    return _vec_scalar2(f(_vector_exp), f(exp_libm), g, a)


def softplus_backward(g, a, beta=1.0, threshold=20.0):
    """``x * beta > threshold ? g : g * z / (z + 1)`` with ``z = exp(x * beta)``."""
    b, th, one = a.dtype.type(beta), a.dtype.type(threshold), a.dtype.type(1)

    def f(exp):
        def k(d, x):
            z = exp(x * b)
            return np.where(x * b > th, d, (d * z) / (z + one))
        return k
    return _vec_scalar2(f(_vector_exp), f(exp_libm), g, a)


def logsigmoid_backward(g, a):
    """``(x < 0 ? 1 - q : q) * g`` with ``q = b / (1 + b)``, ``b = exp(-|x|)`` (the forward's buffer)."""
    one = a.dtype.type(1)
    with np.errstate(all="ignore"):
        b = _vector_exp(-np.abs(a))
        q = b / (one + b)
        return np.where(a < 0, one - q, q) * g


def gelu64_backward(g, a):
    """float64 ``g * (cdf + x * pdf)``, the multiply-add fused, ``cdf = 0.5 * (1 + erf(x * M_SQRT1_2))``,
    ``pdf = beta * exp(x * x * -0.5)``."""
    def f(erf, exp):
        def k(d, x):
            return d * fma64(x, _GELU_BETA * exp(x * x * -0.5), 0.5 * (1 + erf(x * _SQRT1_2)))
        return k
    return _vec_scalar2(f(sleef.erfd_u10, sleef.expd_u10), f(libm.erf, exp_libm), g, a)


def on_float(m, a) -> bool:
    """Whether a gradient rule runs on the plain path (numpy arrays) in float32 or float64, where these kernels apply."""
    return not m.is_tensor and a.dtype in _FLOATS


_F64 = np.dtype(np.float64)


def tanh_backward(g, y):
    """``g * (1 - y * y)``, ``1 - y * y`` fused.

    NOTE: for float32, ``1 - y * y`` computed in float64 and rounded once to
    float32 is the fused result for every one of the 2**32 float32 values of
    ``y`` (checked exhaustively; tests/test_engine_paths.py keeps a sample):
    ``y * y`` is exact in float64, and the float64 difference is exact or
    never lands on a float32 tie. Up to FMA32_SMALL elements it is computed
    so, in three numpy calls; larger arrays take ``fma32``'s blocks, which
    keep the float64 temporaries small."""
    if y.dtype == np.float32:
        if y.size <= FMA32_SMALL:
            s = np.square(y, dtype=_F64)
            s = np.subtract(1.0, s, out=s) if y.ndim else 1.0 - s      # a 0-d y squares to a scalar
            return g * s.astype(np.float32)
        return g * fma32(-y, y, np.float32(1))
    return g * fma64(-y, y, y.dtype.type(1))


FMA32_SMALL = 1 << 16

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
from ..engine.cascade import columns_in_order, halved_lanes, registers_in_order, seq_sum
from ..engine.fma import fma32, fma64, fused_dot_down, fused_dot_down64, times_one_minus_square32

exp_libm, expm1_libm, log1p_libm = libm.exp, libm.expm1, libm.log1p


def float_kernel(kernel, other):
    """``kernel`` on float32 and float64 arrays, ``other`` on the rest."""
    def forward(a, *args, **kwargs):
        return kernel(a, *args, **kwargs) if a.dtype in FLOATS else other(a, *args, **kwargs)
    forward.__name__ = getattr(other, "__name__", "forward")
    return forward


FLOATS = (np.dtype(np.float32), np.dtype(np.float64))
_FMA = {FLOATS[0]: fma32, FLOATS[1]: fma64}


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
_vector_log = _by_dtype(sleef.logf_u1, sleef.logd_u1)
exp2 = cpu_loop.with_scalar_tails(_by_dtype(sleef.exp2f_u10, sleef.exp2d_u10), libm.exp2)
sinh = cpu_loop.with_scalar_tails(_by_dtype(sleef.sinhf_u10, sleef.sinhd_u10), libm.sinh)
cosh = cpu_loop.with_scalar_tails(_by_dtype(sleef.coshf_u10, sleef.coshd_u10), libm.cosh)
atanh = cpu_loop.with_scalar_tails(_by_dtype(sleef.atanhf_u10, sleef.atanhd_u10), libm.atanh)
expm1 = _by_dtype(sleef.expm1f_u10, sleef.expm1d_u10)      # through at::vml: SLEEF for the whole array
log1p = _by_dtype(sleef.log1pf_u10, sleef.log1pd_u10)
lgamma = _by_dtype(sleef.lgammaf_u10, sleef.lgammad_u10)    # through at::vml: SLEEF for the whole array
_vector_log1p = log1p


def sigmoid(a):
    """``1 / (1 + exp(-x))``."""
    one = a.dtype.type(1)
    return _vec_scalar(lambda v: one / (one + _vector_exp(-v)), lambda v: one / (one + exp_libm(-v)), a)


def silu(a):
    """``x / (1 + exp(-x))``."""
    one = a.dtype.type(1)
    return _vec_scalar(lambda v: v / (one + _vector_exp(-v)), lambda v: v / (one + exp_libm(-v)), a)


def _elu_coefficients(a, alpha, scale, input_scale):
    """PyTorch's ``negcoef = alpha * scale``, ``poscoef = scale`` and
    ``negiptcoef = input_scale``, each in the tensor's dtype."""
    t = a.dtype.type
    return t(t(alpha) * t(scale)), t(scale), t(input_scale)


def elu(a, alpha=1.0, scale=1.0, input_scale=1.0):
    """``x >= 0 ? x * scale : expm1(x * input_scale) * (alpha * scale)``
    (the scalar tails test ``x < 0``: the same but for NaN, which both
    keep). ELU, SELU (``scale``) and CELU (``input_scale``)."""
    neg, pos, ipt = _elu_coefficients(a, alpha, scale, input_scale)
    return _vec_scalar(lambda v: np.where(v >= 0, v * pos, expm1(v * ipt) * neg),
                       lambda v: np.where(v < 0, expm1_libm(v * ipt) * neg, v * pos), a)


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


_F32 = np.float32
_GELU32 = (_F32(0.5), _F32(1), _F32(_SQRT1_2), _F32(_GELU_BETA))     # 0.5, 1, kAlpha, kBeta


def _same_run(g, a) -> bool:
    """Whether PyTorch's two-input loop over a gradient ``g`` (broadcast to
    ``a``) and ``a`` runs its vector lanes where ``a`` alone would: ``g``
    laid out as ``a``, or one number broadcast; else the loop is scalar."""
    return g.strides == a.strides or not any(g.strides)


def _two_input_loop(vec, scalar, g, a):
    """PyTorch's two-input loop over ``g`` and ``a`` (``_same_run`` says
    whether its vector lanes run)."""
    g = np.broadcast_to(g, a.shape)
    if not _same_run(g, a):
        with np.errstate(all="ignore"):
            return scalar(g, a)
    return _vec_scalar2(vec, scalar, g, a)


def _erf32_vec(v):
    """PyTorch's ``Vectorized<float>::erf``: Abramowitz and Stegun's 7.1.26
    with SLEEF's expf, its multiply-adds fused."""
    one = _F32(1)
    t = one / fma32(_F32(0.3275911), np.abs(v), one)
    r = _F32(1.061405429)
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        r = fma32(r, t, _F32(c))
    r = fma32(-sleef.expf_u10(-(v * v)) * t, r, one)
    return np.where(np.signbit(v), -r, r)


def gelu32(a):
    """float32 ``x * 0.5 * (1 + erf(x * M_SQRT1_2))`` in PyTorch's own loop (a
    tensor oneDNN does not take: one element, or not contiguous)."""
    half, one, alpha, _ = _GELU32
    return _vec_scalar(lambda v: (v * half) * (one + _erf32_vec(v * alpha)),
                       lambda v: (v * half) * (one + libm.erf(v * alpha)), a, cpu_loop.GELU_GRAIN)


def gelu32_backward(g, a):
    """float32 ``g * (cdf + x * pdf)`` in PyTorch's own loop: the vector lanes
    fuse the multiply-add, the scalar loop does not (``_same_run`` says
    which runs)."""
    half, one, alpha, beta = _GELU32

    def scalar(d, x):
        return d * (half * (one + libm.erf(x * alpha)) + x * (beta * exp_libm(x * x * _F32(-0.5))))

    def vec(d, x):
        return d * fma32(x, beta * sleef.expf_u10(x * x * _F32(-0.5)), half * (one + _erf32_vec(x * alpha)))
    return _two_input_loop(vec, scalar, g, a)


# GELU's tanh form: 0.5, 1, kBeta = sqrt(2 / pi), kKappa, 3 * kKappa (PyTorch's float32 constants)
_GELU_TANH32 = (_F32(0.5), _F32(1), _F32(1.4142135623730951 * 1.1283791670955126 * 0.5), _F32(0.044715),
                _F32(3) * _F32(0.044715))


def _gelu_tanh_inner(v):
    """``kBeta * (x + kKappa * x^3)``, the multiply-add fused (vector lanes and scalar loop alike)."""
    _, _, beta, kappa, _ = _GELU_TANH32
    return beta * fma32(kappa, v * v * v, v)


def gelu_tanh32(a):
    """float32 ``0.5 * x * (1 + tanh(inner))``: SLEEF's tanhf on the vector
    lanes, the C library's on the scalar tails."""
    half, one = _GELU_TANH32[:2]
    return _vec_scalar(lambda v: (half * v) * (one + sleef.tanhf_u10(_gelu_tanh_inner(v))),
                       lambda v: (half * v) * (one + libm.tanh(_gelu_tanh_inner(v))), a, cpu_loop.GELU_GRAIN)


def gelu_tanh32_backward(g, a):
    """float32 ``g * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * kBeta * (1 + 3 kKappa x^2))``
    with ``t = tanh(inner)``: ``1 - t * t`` and ``1 + 3 kKappa x^2`` fused,
    the rest rounded step by step (``_same_run`` says where the vector lanes run)."""
    half, one, beta, _, kappa3 = _GELU_TANH32

    def k(tanh):
        def rule(d, x):
            t = tanh(_gelu_tanh_inner(x))
            slope = ((half * x) * fma32(-t, t, one)) * (beta * fma32(kappa3, x * x, one))
            return d * (half * (one + t) + slope)
        return rule
    return _two_input_loop(k(sleef.tanhf_u10), k(libm.tanh), g, a)


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


def elu_backward(g, a, alpha=1.0, scale=1.0, input_scale=1.0, is_result=False):
    """``x > 0 ? g * scale : g * input_scale * (alpha * scale) * exp(x * input_scale)``;
    ``is_result`` (the in-place forms, ``a`` the result):
    ``g * input_scale * (y + alpha * scale)`` where ``y <= 0``. The scalar
    tails test ``x <= 0`` (so a NaN input takes the other branch)."""
    neg, pos, ipt = _elu_coefficients(a, alpha, scale, input_scale)

    def k(exp, vector):
        def rule(d, x):
            below = (d * ipt) * (x + neg) if is_result else ((d * ipt) * neg) * exp(x * ipt)
            return np.where(x > 0, d * pos, below) if vector else np.where(x <= 0, below, d * pos)
        return rule
    return _two_input_loop(k(_vector_exp, True), k(exp_libm, False), g, a)


# ***** hardsigmoid, hardswish, mish *****

def hardsigmoid(a):
    """``min(max(x + 3, 0), 6) / 6``, NaN kept (vector and scalar alike)."""
    t = a.dtype.type
    with np.errstate(all="ignore"):
        return np.minimum(np.maximum(a + t(3), t(0)), t(6)) / t(6)


def hardsigmoid_backward(g, a):
    """``-3 < x < 3 ? g * (1.0f / 6.0f) : 0``. NOTE: the float32 sixth, in float64 too."""
    sixth = a.dtype.type(np.float32(1) / np.float32(6))
    with np.errstate(all="ignore"):
        return np.where((a > -3) & (a < 3), g * sixth, a.dtype.type(0))


def hardswish(a):
    """``x * min(max(x + 3, 0), 6) / 6``, NaN kept (vector and scalar alike)."""
    t = a.dtype.type
    with np.errstate(all="ignore"):
        return a * np.minimum(np.maximum(a + t(3), t(0)), t(6)) / t(6)


def hardswish_backward(g, a):
    """``x <= -3 ? 0 : x >= 3 ? g : g * (x / 3 + 0.5)``; the scalar tails
    test ``x < 3`` for the middle, so a NaN input gives ``g`` there (NaN on
    the vector lanes)."""
    t = a.dtype.type
    zero, three, half = t(0), t(3), t(0.5)

    def vec(d, x):
        return np.where(x <= -three, zero, np.where(x >= three, d, d * ((x / three) + half)))

    def scalar(d, x):
        return np.where(x <= -three, zero, np.where(x < three, d * ((x / three) + half), d))
    return _two_input_loop(vec, scalar, g, a)


_vector_tanh = _by_dtype(sleef.tanhf_u10, sleef.tanhd_u10)


def mish(a):
    """``x * tanh(log1p(exp(x)))``: SLEEF's on the vector lanes, the C
    library's on the scalar tails."""
    return _vec_scalar(lambda v: v * _vector_tanh(_vector_log1p(_vector_exp(v))),
                       lambda v: v * libm.tanh(log1p_libm(exp_libm(v))), a)


def mish_backward(g, a):
    """``g * (t + x * s * (1 - t * t))`` with ``s = 1 / (1 + exp(-x))`` and
    ``t = tanh(log1p(exp(x)))``, both multiply-adds fused (vector lanes and
    scalar tails alike: checked, unfused ones differ)."""
    one = a.dtype.type(1)
    fma = fma32 if a.dtype == np.float32 else fma64

    def k(exp, log1p, tanh):
        def rule(d, x):
            s = one / (one + exp(-x))
            t = tanh(log1p(exp(x)))
            return d * fma(x * s, fma(-t, t, one), t)
        return rule
    return _two_input_loop(k(_vector_exp, _vector_log1p, _vector_tanh), k(exp_libm, log1p_libm, libm.tanh), g, a)


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
    return not m.is_tensor and a.dtype in FLOATS


_F64, _F32_DT = np.dtype(np.float64), np.dtype(np.float32)
_ONE64 = np.array(1.0)


def tanh_backward(g, y):
    """``g * (1 - y * y)``, ``1 - y * y`` fused.

    NOTE: for float32, ``1 - y * y`` computed in float64 and rounded once to
    float32 is the fused result for every one of the 2**32 float32 values of
    ``y`` (checked exhaustively; tests/test_engine_paths.py keeps the range
    where it could fail): ``y * y`` is exact in float64, and the float64
    difference is exact or never lands on a float32 tie. Up to FUSED_MIN
    elements it is computed so in three numpy calls; larger arrays go
    through ``times_one_minus_square32``'s blocks, which keep the float64
    temporaries small, or ``fma32``'s where ``g`` and ``y`` differ in shape
    or layout."""
    if y.dtype is _F32_DT or y.dtype == _F32_DT:
        if y.size <= FUSED_MIN:
            # NOTE: a cast and two in-place steps: np.square(y, dtype=float64)
            # gives the same numbers, but resolving its dtype costs more
            # than the whole step on a small array; so would keyword
            # arguments (out=), which Python's operators and a positional
            # output skip
            s = y.astype(_F64)
            s *= s
            np.subtract(_ONE64, s, s)
            return g * s.astype(_F32_DT)
        if g.dtype == np.float32 and g.shape == y.shape and g.flags.c_contiguous and y.flags.c_contiguous:
            return times_one_minus_square32(g, y)
        return g * fma32(-y, y, np.float32(1))
    return g * fma64(-y, y, y.dtype.type(1))


FUSED_MIN = 1 << 16             # elements: tanh_backward's small path up to this size, its fused loop above


# ***** softmax and log_softmax over the last dim, and their gradients *****
# NOTE: PyTorch's float32 kernels over the last dim (SoftMaxKernel.cpp:
# _vec_softmax_lastdim, _vec_log_softmax_lastdim,
# _vec_host_softmax_backward_lastdim) take each row's max, then SLEEF's exp
# of x - max added by vec::reduce_all / map_reduce_all, then 1 / sum (or
# SLEEF's log of it); its vector code is compiled with fused multiply-adds,
# so the log_softmax gradient's `x - exp(y) * sum` rounds once (the
# products summed for softmax's are rounded, then added). Checked against
# PyTorch 2.13: the forwards on 113 million elements (rows of 1 to 400, of
# scales 0.01 to 30), the gradients on 600 random cases. float64 rows of
# more than 8 elements add in another order, not modelled.

_LANES = {np.dtype(np.float32): 16, np.dtype(np.float64): 8}     # lanes of one AVX512 register


def reduce_rows(x: np.ndarray, y: np.ndarray | None = None, fused_tail: bool = False) -> np.ndarray:
    """``vec::reduce_all`` (``+``) of each row of 2-D float32/float64 ``x``
    (with ``y``, ``vec::map2_reduce_all`` of the rounded products ``x * y``):
    a row shorter than a register added left to right; a longer one in
    lanes, its last partial register added into the first lanes (float32
    products fused into that addition when ``fused_tail``), then the lanes
    added: halved in a tree (float32: vec_reduce_all's shuffles), or left
    to right (float64: its generic loop)."""
    n = x.shape[1]
    lanes = _LANES[x.dtype]
    if n < lanes:
        return columns_in_order(x if y is None else x * y)
    full = n - n % lanes
    terms = x[:, :full] if y is None else x[:, :full] * y[:, :full]
    acc = registers_in_order(terms[:, :lanes], terms[:, lanes:].reshape(x.shape[0], -1, lanes))
    if full < n:
        r = n - full
        if y is None:
            acc[:, :r] += x[:, full:]
        elif fused_tail and x.dtype == np.float32:
            acc[:, :r] = fma32(x[:, full:], y[:, full:], acc[:, :r])
        else:
            acc[:, :r] += x[:, full:] * y[:, full:]
    return halved_lanes(acc) if x.dtype == np.float32 else columns_in_order(acc)


def _rows_last(g: np.ndarray, out: np.ndarray, dim: int):
    """``g`` and ``out`` as (rows, last dim) when ``dim`` is their last dim
    and both are float32, or both float64, of one shape, else None."""
    nd = out.ndim
    if (nd == 0 or dim % nd != nd - 1 or out.dtype not in FLOATS or g.dtype != out.dtype
            or g.shape != out.shape or out.shape[-1] == 0):
        return None
    n = out.shape[-1]
    return np.ascontiguousarray(g).reshape(-1, n), np.ascontiguousarray(out).reshape(-1, n)


def _last_dim_rows(a: np.ndarray, dim: int):
    """float32/float64 ``a`` as (rows, last dim) when ``dim`` is its last dim, else None."""
    nd = a.ndim
    if nd == 0 or dim % nd != nd - 1 or a.dtype not in FLOATS or a.shape[-1] == 0:
        return None
    return np.ascontiguousarray(a).reshape(-1, a.shape[-1])


def _shifted_exp_sums(x2):
    """``x - max`` of each row, SLEEF's exp of it, and the exps' row sums."""
    with np.errstate(invalid="ignore"):
        shifted = x2 - x2.max(axis=1, keepdims=True)
    e = _vector_exp(shifted)
    return shifted, e, reduce_rows(e)[:, None]


def softmax_lastdim(a, dim):
    """softmax over the last dim as PyTorch's float32/float64 kernel computes it; None elsewhere."""
    x2 = _last_dim_rows(a, dim)
    if x2 is None:
        return None
    _, e, total = _shifted_exp_sums(x2)
    with np.errstate(divide="ignore"):
        return (e * (a.dtype.type(1) / total)).reshape(a.shape)


def log_softmax_lastdim(a, dim):
    """log_softmax over the last dim as PyTorch's float32/float64 kernel computes it; None elsewhere."""
    x2 = _last_dim_rows(a, dim)
    if x2 is None:
        return None
    shifted, _, total = _shifted_exp_sums(x2)
    return (shifted - _vector_log(total)).reshape(a.shape)


def log_softmax_backward(g, out, dim):
    """``g - exp(out) * sum(g)`` over the last dim as PyTorch's kernel
    computes it; None where it does not apply (another dim or dtype)."""
    rows = _rows_last(g, out, dim)
    if rows is None:
        return None
    g2, o2 = rows
    return _FMA[g2.dtype](-_vector_exp(o2), reduce_rows(g2)[:, None], g2).reshape(g.shape)


def softmax_backward(g, out, dim):
    """``(g - sum(g * out)) * out`` over the last dim as PyTorch's kernel
    computes it; None where it does not apply."""
    rows = _rows_last(g, out, dim)
    if rows is None:
        return None
    g2, o2 = rows
    # NOTE: for a single float32 row (a 1-D tensor too) PyTorch's build
    # fuses the last partial register's products into their sum; for more
    # rows, and for float64, it does not (checked on 400 single rows and
    # 8,000 rows of larger batches)
    total = reduce_rows(g2, o2, fused_tail=g2.shape[0] == 1)
    return ((g2 - total[:, None]) * o2).reshape(g.shape)


# ***** softmax and log_softmax over another dim *****
# NOTE: over a dim that is not the last, PyTorch's kernels (_vec_softmax,
# _vec_logsoftmax in SoftMaxKernel.cpp) see the contiguous input as
# (outer, dim, inner) and run down the dim for a register of positions of
# ``inner`` at a time: each position's max, then exp(x - max) added in
# order from zero, then (softmax) each exp divided by the sum, or
# (log_softmax) x - max - log(sum). The exps of a register are SLEEF's, of
# the positions left over the C library's ``expf``; which positions those
# are differs: softmax steps through each thread's part of the positions,
# finishing each run of ``inner`` (and the part) with the scalar loop;
# log_softmax blocks ``inner`` into chunks that fit its cache and finishes
# each with the scalar loop; its log is SLEEF's for all.

_SOFTMAX_BLOCK = 128 * 1024     # bytes of a (dim, chunk) block in _vec_logsoftmax


def _outer_dim_inner(a: np.ndarray, dim: int):
    """float32/float64 ``a`` as (outer, dim, inner) when ``dim`` is not its
    last dim (and every size is non-zero), else None."""
    nd = a.ndim
    if nd < 2 or dim % nd == nd - 1 or a.dtype not in FLOATS or a.size == 0:
        return None
    d = dim % nd
    return np.ascontiguousarray(a).reshape(int(np.prod(a.shape[:d])), a.shape[d], -1)


def _softmax_scalar_positions(outer: int, inner: int, lanes: int) -> np.ndarray:
    """Mask (outer, inner): the positions _vec_softmax takes one at a time."""
    n = outer * inner
    threads = cpu_loop.intra_op_threads()
    # NOTE: PyTorch 2.13 splits the positions between its threads from a
    # register's worth on (16 float32, 8 float64), whatever the dim's size
    # (measured for sizes 2 to 100)
    if n >= lanes and threads > 1:
        parts = min(threads, n)
        chunk = -(-n // parts)
        bounds = [(b, min(n, b + chunk)) for b in range(0, n, chunk)]
    else:
        bounds = [(0, n)]
    scalar = np.zeros(n, bool)
    for begin, end in bounds:
        # each run of inner (cut at the part's ends) goes in registers from
        # its start while a whole one fits; the rest of it one at a time
        p = np.arange(begin, end)
        row = p // inner * inner
        start, stop = np.maximum(row, begin), np.minimum(row + inner, end)
        scalar[begin:end] = p - start >= (stop - start) // lanes * lanes
    return scalar.reshape(outer, inner)


def _logsoftmax_scalar_positions(dim_size: int, inner: int, dtype) -> np.ndarray:
    """Mask (inner,): the positions _vec_logsoftmax takes one at a time
    (the last ``size % lanes`` of each chunk of ``inner``)."""
    lanes = _LANES[dtype]
    chunk = max(_SOFTMAX_BLOCK // dim_size // dtype.itemsize, lanes) // lanes * lanes
    scalar = np.zeros(inner, bool)
    for start in range(0, inner, chunk):
        size = min(chunk, inner - start)
        scalar[start + size - size % lanes:start + size] = True
    return scalar


def _exps(shifted: np.ndarray, scalar: np.ndarray) -> np.ndarray:
    """SLEEF's exp of ``shifted`` (outer, dim, inner), the C library's at
    the ``scalar`` positions (broadcast over the dim)."""
    e = _vector_exp(shifted)
    if scalar.any():
        where = np.broadcast_to(scalar[:, None, :] if scalar.ndim == 2 else scalar, shifted.shape)
        e[where] = exp_libm(shifted[where])
    return e


def _down_the_dim(x3: np.ndarray) -> np.ndarray:
    """Each position's sum down the dim of (outer, dim, inner), in order from zero."""
    return seq_sum(np.ascontiguousarray(np.moveaxis(x3, 1, 0)))[:, None, :]


def softmax_other_dim(a, dim):
    """softmax over a dim that is not the last, as PyTorch's float32/float64 kernel computes it; None elsewhere."""
    x3 = _outer_dim_inner(a, dim)
    if x3 is None:
        return None
    with np.errstate(invalid="ignore"):
        shifted = x3 - x3.max(axis=1, keepdims=True)
    e = _exps(shifted, _softmax_scalar_positions(x3.shape[0], x3.shape[2], _LANES[x3.dtype]))
    with np.errstate(divide="ignore", invalid="ignore"):
        return (e / _down_the_dim(e)).reshape(a.shape)


def log_softmax_other_dim(a, dim):
    """log_softmax over a dim that is not the last, as PyTorch's float32/float64 kernel computes it; None elsewhere."""
    x3 = _outer_dim_inner(a, dim)
    if x3 is None:
        return None
    m = x3.max(axis=1, keepdims=True)
    with np.errstate(invalid="ignore"):
        e = _exps(x3 - m, _logsoftmax_scalar_positions(x3.shape[1], x3.shape[2], x3.dtype))
        return ((x3 - m) - _vector_log(_down_the_dim(e))).reshape(a.shape)


# NOTE: in both gradients the build fuses the multiply-add, in the vector
# loop and in the scalar one alike (checked: any unfused one differs).

def _grad_pair(g, out, dim):
    """``g`` and ``out`` as (outer, dim, inner), both float32 (or both
    float64) of one shape and ``dim`` not their last, else None."""
    if g.dtype != out.dtype or g.shape != out.shape:
        return None
    g3, o3 = _outer_dim_inner(g, dim), _outer_dim_inner(out, dim)
    return None if g3 is None or o3 is None else (g3, o3)


def softmax_backward_other_dim(g, out, dim):
    """``(g - sum(g * out)) * out`` over a dim that is not the last, as
    PyTorch's float32/float64 kernel (_vec_softmax_backward) computes it; None elsewhere."""
    pair = _grad_pair(g, out, dim)
    if pair is None:
        return None
    g3, o3 = pair
    outer, size, inner = g3.shape
    down = fused_dot_down if g3.dtype == np.float32 else fused_dot_down64
    total = down(*(np.moveaxis(v, 1, 0).reshape(size, outer * inner) for v in pair))
    return ((g3 - total.reshape(outer, 1, inner)) * o3).reshape(g.shape)


def log_softmax_backward_other_dim(g, out, dim):
    """``g - exp(out) * sum(g)`` over a dim that is not the last, as
    PyTorch's float32/float64 kernel (_vec_log_softmax_backward) computes it; None elsewhere."""
    pair = _grad_pair(g, out, dim)
    if pair is None:
        return None
    g3, o3 = pair
    e = _exps(o3, _logsoftmax_scalar_positions(g3.shape[1], g3.shape[2], g3.dtype))
    return _FMA[g3.dtype](-e, _down_the_dim(g3), g3).reshape(g.shape)


# ***** cumulative sums and products *****
# NOTE: PyTorch's CPU cumsum and cumprod (cpu_cum_base_kernel) carry the
# running value in the accumulation type, double for float32 and float for
# float16, and round each output to the tensor's dtype: 0.1 summed 1,000
# times in float32 is 100., not the 99.999 of a float32 running sum. The
# running sum starts from +0 (so a leading -0. sums to 0.), the product from 1.
_CUM_ACC = {np.dtype(np.float32): np.float64, np.dtype(np.float16): np.float32}


def _cumulative(ufunc, start, name):
    def forward(a, dim):
        if not a.ndim:
            return a.copy()
        acc = _CUM_ACC.get(a.dtype)
        out = ufunc.accumulate(a, axis=dim, dtype=acc)
        if start is not None and out.dtype.kind == "f":
            ufunc(start, out, out=out)
        return out if acc is None else out.astype(a.dtype)
    forward.__name__ = forward.__qualname__ = name
    return forward


cumsum, cumprod = _cumulative(np.add, 0.0, "cumsum"), _cumulative(np.multiply, None, "cumprod")

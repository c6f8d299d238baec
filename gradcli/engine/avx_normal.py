"""PyTorch's float32 Box–Muller kernel for x86 CPUs with AVX2 (and AVX512,
which PyTorch sends to the same kernel for ``normal_``), reproduced bit for bit.

PyTorch fills 16 floats at a time (``normal_fill_16_AVX2``): with
``u1 = 1 - d[j]`` and ``u2 = d[j + 8]``, ``d[j] = r cos θ`` and
``d[j + 8] = r sin θ`` where ``r = sqrt(-2 log u1)`` and ``θ = 2π u2``, using
the Cephes-derived float32 ``log256_ps`` and ``sincos256_ps``. The kernel is
compiled with FMA contraction: every ``y * x + c`` step of the polynomials is
one fused multiply-add, and so it is here (``engine/fma.py``). Each step
below is one float32 operation of that kernel, in its order.
"""
from __future__ import annotations

import numpy as np

from .fma import fma32

F = np.float32
_ONE = F(1.0)
_HALF = F(0.5)
_SQRTHF = F(0.707106781186547524)
_LOG_P = [F(v) for v in (7.0376836292E-2, -1.1514610310E-1, 1.1676998740E-1, -1.2420140846E-1,
                         1.4249322787E-1, -1.6668057665E-1, 2.0000714765E-1, -2.4999993993E-1,
                         3.3333331174E-1)]
_LOG_Q1 = F(-2.12194440e-4)
_LOG_Q2 = F(0.693359375)
_DP1 = F(-0.78515625)
_DP2 = F(-2.4187564849853515625e-4)
_DP3 = F(-3.77489497744594108e-8)
_SIN_P = [F(v) for v in (-1.9515295891E-4, 8.3321608736E-3, -1.6666654611E-1)]
_COS_P = [F(v) for v in (2.443315711809948E-005, -1.388731625493765E-003, 4.166664568298827E-002)]
_FOPI = F(1.27323954473516)
_TWO_PI = F(2.0 * np.pi)
_MINUS_TWO = F(-2.0)


def log_ps(x: np.ndarray) -> np.ndarray:
    """``log256_ps`` for positive normal float32 values."""
    bits = x.view(np.int32)
    e = ((bits >> 23) - 127).astype(F) + _ONE
    m = ((bits & ~0x7F800000) | _HALF.view(np.int32)).view(F)   # mantissa in [0.5, 1)
    small = m < _SQRTHF
    x = (m - _ONE) + np.where(small, m, F(0))
    e = e - small.astype(F)
    z = x * x
    y = np.full_like(x, _LOG_P[0])
    for p in _LOG_P[1:]:
        y = fma32(y, x, p)
    y = y * x
    y = fma32(y, z, e * _LOG_Q1)
    y = y - z * _HALF
    return (x + y) + e * _LOG_Q2


def sincos_ps(x: np.ndarray):
    """``sincos256_ps`` for non-negative float32 values: (sin, cos)."""
    j = (x * _FOPI).astype(np.int32)
    j = (j + 1) & ~1
    y = j.astype(F)
    sin_neg = (j & 4) != 0
    cos_neg = (~(j - 2) & 4) != 0
    use_sin_poly = (j & 2) == 0
    x = fma32(y, _DP1, x)
    x = fma32(y, _DP2, x)
    x = fma32(y, _DP3, x)
    z = x * x
    yc = fma32(np.full_like(x, _COS_P[0]), z, _COS_P[1])
    yc = fma32(yc, z, _COS_P[2])
    yc = _cos_tail(yc, z)
    ys = fma32(np.full_like(x, _SIN_P[0]), z, _SIN_P[1])
    ys = fma32(ys, z, _SIN_P[2])
    ys = fma32(ys * z, x, x)
    s = np.where(use_sin_poly, ys, yc)
    c = np.where(use_sin_poly, yc, ys)
    return np.where(sin_neg, -s, s), np.where(cos_neg, -c, c)


def _cos_tail(y, z):
    t = y * z
    return fma32(t, z, -(z * _HALF)) + _ONE


def normal_fill(u: np.ndarray) -> np.ndarray:
    """Standard normals from float32 uniforms, in blocks of 16 (``len(u)``
    a multiple of 16)."""
    blocks = u.reshape(-1, 2, 8)
    u1 = _ONE - blocks[:, 0, :]
    u2 = blocks[:, 1, :]
    radius = np.sqrt(_MINUS_TWO * log_ps(np.ascontiguousarray(u1)))
    s, c = sincos_ps(_TWO_PI * u2)
    out = np.empty_like(blocks)
    out[:, 0, :] = radius * c
    out[:, 1, :] = radius * s
    return out.reshape(-1)

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


def _d(v):
    """A float32 constant as a Python float, for the float64 side of an FMA
    (numpy mixes a float32 scalar into float64 arrays slowly)."""
    return float(F(v))


_LOG_PD = [_d(v) for v in _LOG_P]
_SIN_PD = [_d(v) for v in _SIN_P]
_COS_PD = [_d(v) for v in _COS_P]
_DP3D = _d(_DP3)


def _f64(a):
    return a.astype(np.float64)


def log_ps(x: np.ndarray) -> np.ndarray:
    """``log256_ps`` for positive normal float32 values."""
    bits = x.view(np.int32)
    e = ((bits >> 23) - 127).astype(F)
    e += _ONE
    m = ((bits & ~0x7F800000) | 0x3F000000).view(F)      # the mantissa in [0.5, 1)
    small = m < _SQRTHF
    x = m - _ONE
    x += m * small                     # m where small, else +0 (m > 0)
    e -= small
    z = x * x
    x64 = _f64(x)
    y = fma32(_LOG_PD[0], x64, _LOG_PD[1])
    for p in _LOG_PD[2:]:
        y = fma32(_f64(y), x64, p)
    y *= x
    y = fma32(_f64(y), _f64(z), _f64(e * _LOG_Q1))
    y -= z * _HALF
    y += x
    e *= _LOG_Q2
    y += e
    return y


def sincos_ps(x: np.ndarray):
    """``sincos256_ps`` for non-negative float32 values: (sin, cos)."""
    j = (x * _FOPI).astype(np.int32)
    j += 1
    j &= ~1
    y = j.astype(F)
    sin_sign = (j & 4) << 29            # the sign bits to flip
    j -= 2
    cos_sign = (~j & 4) << 29
    sin_poly = -((j >> 1) & 1)          # all ones where the sine polynomial serves sin
    # NOTE: y * DP1 and y * DP2 are exact (Cephes splits pi/4 so), so their
    # fused and unfused forms agree; y * DP3 is not.
    x = x + y * _DP1
    x += y * _DP2
    x = fma32(_f64(y), _DP3D, _f64(x))
    z = x * x
    z64 = _f64(z)
    yc = fma32(_COS_PD[0], z64, _COS_PD[1])
    yc = fma32(_f64(yc), z64, _COS_PD[2])
    yc *= z
    yc = fma32(_f64(yc), z64, _f64(-(z * _HALF)))
    yc += _ONE
    ys = fma32(_SIN_PD[0], z64, _SIN_PD[1])
    ys = fma32(_f64(ys), z64, _SIN_PD[2])
    ys *= z
    x64 = _f64(x)
    ys = fma32(_f64(ys), x64, x64)
    # the kernel's bitwise select: each result takes one polynomial and +0
    sin_from_ys = (ys.view(np.int32) & sin_poly).view(F)
    sin_from_yc = (yc.view(np.int32) & ~sin_poly).view(F)
    ys -= sin_from_ys
    yc -= sin_from_yc
    s = sin_from_yc + sin_from_ys
    c = yc + ys
    s.view(np.int32)[...] ^= sin_sign
    c.view(np.int32)[...] ^= cos_sign
    return s, c


_CHUNK = 1 << 12                       # blocks of 16 per pass (arrays stay in cache)


def normal_fill(u: np.ndarray) -> np.ndarray:
    """Standard normals from float32 uniforms, in blocks of 16 (``len(u)``
    a multiple of 16), a cache-sized run of blocks at a time."""
    blocks = u.reshape(-1, 2, 8)
    out = np.empty_like(blocks)
    for start in range(0, len(blocks), _CHUNK):
        part = blocks[start:start + _CHUNK]
        # NOTE: flat arrays: numpy's loops are slow over rows of only 8.
        radius = np.sqrt(_MINUS_TWO * log_ps((_ONE - part[:, 0, :]).ravel()))
        s, c = sincos_ps((_TWO_PI * part[:, 1, :]).ravel())
        out[start:start + _CHUNK, 0, :] = (radius * c).reshape(-1, 8)
        out[start:start + _CHUNK, 1, :] = (radius * s).reshape(-1, 8)
    return out.reshape(-1)

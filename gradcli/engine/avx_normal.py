"""PyTorch's float32 Box–Muller kernel for x86 CPUs with AVX2 (and AVX512,
which PyTorch sends to the same kernel for ``normal_``), reproduced bit for bit.

PyTorch fills 16 floats at a time (``normal_fill_16_AVX2``): with
``u1 = 1 - d[j]`` and ``u2 = d[j + 8]``, ``d[j] = r cos θ`` and
``d[j + 8] = r sin θ`` where ``r = sqrt(-2 log u1)`` and ``θ = 2π u2``, using
the Cephes-derived float32 ``log256_ps`` and ``sincos256_ps``. The kernel is
compiled with FMA contraction: every ``y * x + c`` step of the polynomials is
one fused multiply-add, and so it is here. Each step below is one float32
operation of that kernel, in its order.

How a fused multiply-add is computed: the product of two float32 values is
exact in float64, so ``a * b + c`` in float64 rounded to float32 is the fused
result, unless the float64 sum was itself rounded onto a float32 tie (double
rounding, which ``engine/fma.py`` guards against in general).

NOTE: the uniforms are multiples of 2**-24, so each of the two functions
sees at most 2**24 distinct inputs, and tests/test_random.py runs every one
of them against the guarded formulation (every step through ``fma32``):
the results agree bit for bit, so the steps here need no guard (the double
roundings that meet a tie there are exact ties, rounded alike).

The work goes through a cache-sized run of blocks at a time, in buffers
made once per call (``_Work``): no temporary arrays per step.
"""
from __future__ import annotations

import numpy as np

F = np.float32
_ONE = F(1.0)
_HALF = F(0.5)
_SQRTHF = F(0.707106781186547524)
_LOG_P = [float(F(v)) for v in (7.0376836292E-2, -1.1514610310E-1, 1.1676998740E-1, -1.2420140846E-1,
                                1.4249322787E-1, -1.6668057665E-1, 2.0000714765E-1, -2.4999993993E-1,
                                3.3333331174E-1)]
_LOG_Q1 = F(-2.12194440e-4)
_LOG_Q2 = F(0.693359375)
_DP1 = F(-0.78515625)
_DP2 = F(-2.4187564849853515625e-4)
_DP3 = float(F(-3.77489497744594108e-8))
_SIN_P = [float(F(v)) for v in (-1.9515295891E-4, 8.3321608736E-3, -1.6666654611E-1)]
_COS_P = [float(F(v)) for v in (2.443315711809948E-005, -1.388731625493765E-003, 4.166664568298827E-002)]
_FOPI = F(1.27323954473516)
_TWO_PI = F(2.0 * np.pi)
# NOTE: 2π · k · 2**-24 rounds as (2π · k) · 2**-24 does: scaling by a power
# of two is exact, so θ is one float32 product of the integer draw.
_TWO_PI_2M24 = F(_TWO_PI * F(2.0 ** -24))
_MINUS_TWO = F(-2.0)
_M24 = (1 << 24) - 1
_TIE = np.iinfo(np.int64).min          # the 29 bits below float32's last, shifted to the top: a tie

_CHUNK = 1 << 12                       # blocks of 16 per pass (the buffers stay in cache)


class _Work:
    """The buffers of one run of ``h`` lanes (8 per block of 16)."""
    __slots__ = ("f", "x", "z", "e", "r", "t", "s", "c", "i", "j", "k", "u", "d", "a", "b")

    def __init__(self, h):
        self.f, self.x, self.z, self.e, self.r, self.t, self.s, self.c = (np.empty(h, F) for _ in range(8))
        self.i, self.j, self.k = (np.empty(h, np.int32) for _ in range(3))
        self.u = np.empty(2 * h, np.uint32)
        self.d, self.a = np.empty(h, np.float64), np.empty(h, np.float64)
        self.b = np.empty(h, np.bool_)

    def cut(self, h):
        """The same buffers, for a last run of ``h`` lanes."""
        w = _Work.__new__(_Work)
        for name in _Work.__slots__:
            v = getattr(self, name)
            setattr(w, name, v[:2 * h] if name == "u" else v[:h])
        return w


def _fma(y, s, b, c):
    """``y = s * b + c`` as one fused multiply-add of float32 values (``s``
    float64, overwritten; ``y`` float32)."""
    s *= b
    s += c
    np.copyto(y, s, casting="unsafe")


def _log(u, y, w):
    """``y = log256_ps(u)`` for positive normal float32 values ``u`` (``y``
    may be ``u``)."""
    bits = u.view(np.int32)
    i, e, x, z, x64, s = w.i, w.e, w.x, w.z, w.a, w.d
    np.right_shift(bits, 23, out=i)
    i -= 126                            # the exponent, plus one
    np.copyto(e, i, casting="unsafe")
    np.bitwise_and(bits, ~0x7F800000, out=i)
    i |= 0x3F000000
    m = i.view(F)                       # the mantissa in [0.5, 1)
    small = np.less(m, _SQRTHF, out=w.b)
    np.subtract(m, _ONE, out=x)
    np.add(x, m, out=x, where=small)    # the kernel adds m where small, else +0 (x < 0)
    np.subtract(e, small, out=e, dtype=F)
    np.multiply(x, x, out=z)
    np.copyto(x64, x)
    np.multiply(x64, _LOG_P[0], out=s)   # Horner's rule, one fused step per coefficient
    s += _LOG_P[1]
    for p in _LOG_P[2:]:
        np.copyto(y, s, casting="unsafe")
        np.copyto(s, y)
        s *= x64
        s += p
    np.copyto(y, s, casting="unsafe")
    y *= x
    q1 = np.multiply(e, _LOG_Q1, out=w.f)
    np.copyto(s, y)
    _fma(y, s, z, q1)
    np.multiply(z, _HALF, out=w.f)
    y -= w.f
    y += x
    e *= _LOG_Q2
    y += e


def _sincos(x, s, c, w):
    """``s, c = sincos256_ps(x)`` for non-negative float32 values ``x``
    (overwritten)."""
    j, sin_sign, cos_sign, y, z, z64, t = w.j, w.i, w.k, w.f, w.z, w.a, w.d
    np.multiply(x, _FOPI, out=y)
    np.copyto(j, y, casting="unsafe")   # truncated, as the kernel's cvttps
    j += 1
    j &= ~1
    np.copyto(y, j, casting="unsafe")
    np.bitwise_and(j, 4, out=sin_sign)
    sin_sign <<= 29                     # the sign bits to flip
    j -= 2
    np.invert(j, out=cos_sign)
    cos_sign &= 4
    cos_sign <<= 29
    j >>= 1
    j &= 1
    np.negative(j, out=j)               # all ones where the sine polynomial serves sin
    # NOTE: y * DP1 and y * DP2 are exact (Cephes splits pi/4 so), so their
    # fused and unfused forms agree; y * DP3 is not.
    np.multiply(y, _DP1, out=c)
    x += c
    np.multiply(y, _DP2, out=c)
    x += c
    np.copyto(t, y)
    _fma(x, t, _DP3, x)
    np.multiply(x, x, out=z)
    np.copyto(z64, z)
    np.copyto(t, z64)                   # the cosine polynomial
    _fma(c, t, _COS_P[0], _COS_P[1])
    np.copyto(t, c)
    _fma(c, t, z64, _COS_P[2])
    c *= z
    np.multiply(z, -_HALF, out=y)
    np.copyto(t, c)
    _fma(c, t, z64, y)
    c += _ONE
    np.copyto(t, z64)                   # the sine polynomial
    _fma(s, t, _SIN_P[0], _SIN_P[1])
    np.copyto(t, s)
    _fma(s, t, z64, _SIN_P[2])
    s *= z
    np.copyto(t, s)
    _fma(s, t, x, x)
    # the kernel's bitwise select: each result takes one polynomial and +0
    from_s = np.bitwise_and(s.view(np.int32), j, out=y.view(np.int32)).view(F)
    np.invert(j, out=j)
    from_c = np.bitwise_and(c.view(np.int32), j, out=z.view(np.int32)).view(F)
    s -= from_s
    c -= from_c
    c += s
    np.add(from_c, from_s, out=s)
    s.view(np.int32)[...] ^= sin_sign
    c.view(np.int32)[...] ^= cos_sign


def normal_fill(raw: np.ndarray) -> np.ndarray:
    """Standard normals from raw 32-bit draws (the float32 uniforms are
    their low 24 bits times 2**-24), in blocks of 16 (``len(raw)`` a
    multiple of 16), a cache-sized run of blocks at a time."""
    n_blocks = len(raw) // 16
    out = np.empty(n_blocks * 16, F)
    # NOTE: a block's halves as 32-byte items: numpy's loops are slow over
    # rows of only 8 numbers, and copy whole items quickly.
    halves = out.view("V32").reshape(n_blocks, 2)
    full = _Work(min(_CHUNK, n_blocks) * 8)
    for start in range(0, n_blocks, _CHUNK):
        stop = min(start + _CHUNK, n_blocks)
        w = full if stop - start == _CHUNK else full.cut((stop - start) * 8)
        k = w.u
        np.bitwise_and(raw[16 * start:16 * stop], _M24, out=k, casting="unsafe")
        pairs = k.view("V32").reshape(-1, 2)
        np.copyto(w.i.view("V32"), pairs[:, 0])
        np.copyto(w.j.view("V32"), pairs[:, 1])
        # u1 = 1 - k1 * 2**-24 (exact), θ = 2π · (k2 · 2**-24)
        np.subtract(1 << 24, w.i, out=w.i)
        np.multiply(w.i, F(2.0 ** -24), out=w.r, dtype=F)
        np.multiply(w.j, _TWO_PI_2M24, out=w.t, dtype=F)
        radius = w.r
        _log(w.r, radius, w)
        radius *= _MINUS_TWO
        np.sqrt(radius, out=radius)
        _sincos(w.t, w.s, w.c, w)
        np.multiply(radius, w.c, out=w.x)
        np.copyto(halves[start:stop, 0], w.x.view("V32"))
        np.multiply(radius, w.s, out=w.x)
        np.copyto(halves[start:stop, 1], w.x.view("V32"))
    return out

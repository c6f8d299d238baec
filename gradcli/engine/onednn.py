"""oneDNN's float32 eltwise kernels that PyTorch's CPU GELU runs, bit for bit.

PyTorch sends ``F.gelu(x)`` (exact form, float32, contiguous, more than one
element) and its gradient to oneDNN (``ideep::eltwise_forward`` /
``eltwise_backward`` with ``eltwise_gelu_erf``), whose JIT kernels on
AVX512 machines (``src/cpu/x64/injectors/jit_uni_eltwise_injector.cpp``)
compute

- forward: ``0.5 * x * (1 + erf(x / sqrt(2)))`` with erf a minimax
  polynomial of degree 5 in ``|x|``, one of 24 picked by the bits of ``|x|``
  (``gelu_erf_minimax_approx_compute_vector_fwd``);
- backward: ``dy`` times ``0.5 + x / sqrt(2 pi) * exp(-x*x/2) + erf / 2``,
  erf by Abramowitz and Stegun's formula 7.1.26 with oneDNN's own exp
  (``gelu_erf_compute_vector_bwd``, ``exp_compute_vector_fwd``).

The same float32 operations in the same order, each ``vfmadd`` fused
(``engine/fma.py``); the tables are oneDNN's bit patterns. Checked against
PyTorch 2.13: 100,000 forward and 50,000 backward values (normal, times 3,
and the edges 0, -0, ±inf, NaN, |x| beyond 5.54) equal bit for bit.
"""
from __future__ import annotations

import numpy as np

from .fma import fma32

_F = np.float32


def _f32(*bits) -> np.ndarray:
    return np.array(bits, dtype=np.uint32).view(np.float32)


# gelu_erf_minimax_pol: the coefficients of degree 0 to 5 (a row each) of the
# 25 polynomials (index 0 is never picked)
_MINIMAX = _f32(
    (0xa6f2cb94, 0x32827792, 0x3381cc0c, 0x34523d4a, 0x351ac44d, 0x35f36d88,
     0x36ee8229, 0x37b8a3bb, 0x3867a213, 0x3940033b, 0x3a2a5a1d, 0x3ae35863,
     0x3b7828f2, 0x3c08b14b, 0x3c515ed3, 0xbb503236, 0xbd8d8e5e, 0xbe8abcd9,
     0xbf0c19a2, 0xbeccb328, 0x3e176ced, 0x3f470d99, 0x3f7abb28, 0x3f800000,
     0x00000000),
    (0x3f4c422a, 0x3f4c421f, 0x3f4c4207, 0x3f4c41cb, 0x3f4c413b, 0x3f4c3fad,
     0x3f4c3a2f, 0x3f4c2d40, 0x3f4c146a, 0x3f4bc341, 0x3f4ad08c, 0x3f48f8cf,
     0x3f45fac7, 0x3f404e07, 0x3f3b980f, 0x3f48dff3, 0x3f78b21b, 0x3fbb0704,
     0x40019c32, 0x3fe536d6, 0x3f81331e, 0x3e6c8684, 0x3c98f936, 0x00000000,
     0x3f800000),
    (0xb62173f4, 0x3735e4cf, 0x37f2ff89, 0x388c23be, 0x3917535c, 0x39ab2ab0,
     0x3a60fadb, 0x3af9b960, 0x3b6e5491, 0x3c0a4ec5, 0x3ca5aa8c, 0x3d2138d9,
     0x3d8737d4, 0x3ddfb660, 0x3e0f27ab, 0x3d94004b, 0xbe0efdeb, 0xbf1d96c3,
     0xbf89db58, 0xbf6d9897, 0xbef69fb8, 0xbdc4f8a8, 0xbbde6422, 0x00000000,
     0x00000000),
    (0xbe081a19, 0xbe084570, 0xbe08639b, 0xbe089837, 0xbe08f409, 0xbe09ab95,
     0xbe0b66d0, 0xbe0e400a, 0xbe124df8, 0xbe1bde02, 0xbe2f19c9, 0xbe4931bf,
     0xbe685fbc, 0xbe89c95f, 0xbe96cbca, 0xbe8044aa, 0xbe0550f2, 0x3dcfd6a1,
     0x3e94c826, 0x3e79345f, 0x3decec91, 0x3ca46568, 0x3aa1e00a, 0x00000000,
     0x00000000),
    (0xba3d61db, 0x39f097a3, 0x3a5845dc, 0x3ab1fa35, 0x3b0cefb8, 0x3b653ab6,
     0x3bcae527, 0x3c221712, 0x3c6c5840, 0x3cc0a703, 0x3d1dcc19, 0x3d63656d,
     0x3d955907, 0x3dbf9910, 0x3dd53f69, 0x3db7dcef, 0x3d639ebe, 0xba6ede48,
     0xbd22be69, 0xbd041cf1, 0xbc64f5ab, 0xbb097a32, 0xb8ebf380, 0x00000000,
     0x00000000),
    (0x3cb7d80c, 0x3c9b6050, 0x3c978d11, 0x3c92e850, 0x3c8d058b, 0x3c848454,
     0x3c6cd623, 0x3c4c824b, 0x3c2a7935, 0x3be0b390, 0x3b0651ac, 0xbb232f53,
     0xbbd42fa0, 0xbc2c5366, 0xbc492c9e, 0xbc2a7aa6, 0xbbd55d04, 0xba823a76,
     0x3b102aa8, 0x3ae25a7e, 0x3a31f792, 0x38b84375, 0x3689bb5a, 0x00000000,
     0x00000000),
)
_MINIMAX = _MINIMAX.reshape(6, 25)
_IDX_BIAS = np.uint32(0xC21FFFFF).view(np.int32)
_RBOUND = _f32(0x40B15CEE)[0]            # beyond it erf is +-1: polynomial 23
_ONE, _HALF, _TWO = _F(1), _F(0.5), _F(2)
_LN2, _LOG2E = _f32(0x3F317218, 0x3FB8AA3B)
_LN_FLT_MAX, _LN_FLT_MIN = _f32(0x42B17218, 0xC2AEAC50)
_EXP_POL = _f32(0x3F7FFFFB, 0x3EFFFEE3, 0x3E2AAD40, 0x3D2B9D0D, 0x3C07CFCE)
_AS_P, _AS_SQRT1_2, _AS_1_SQRTPI = _f32(0x3EA7BA05, 0x3F3504F3, 0x3F106EBA)
_AS_POL = _f32(0x3E827906, 0xBE91A98E, 0x3FB5F0E3, 0xBFBA00E3, 0x3F87DC22)


def takes(a: np.ndarray) -> bool:
    """Whether PyTorch hands ``a`` to oneDNN (``use_mkldnn``): float32,
    contiguous, more than one element."""
    return a.dtype == np.float32 and a.size > 1 and a.flags.c_contiguous


def gelu_erf(x: np.ndarray) -> np.ndarray:
    """oneDNN's forward ``eltwise_gelu_erf`` of float32 ``x``."""
    with np.errstate(all="ignore"):
        pos = np.abs(x)
        idx = (pos.view(np.int32) + _IDX_BIAS) >> np.int32(21)     # two mantissa bits pick the piece
        idx = np.minimum(np.maximum(idx, 1), 24)
        idx = np.where(_RBOUND < pos, 23, idx)
        pol = _MINIMAX[5][idx]
        for degree in range(4, -1, -1):
            pol = fma32(pol, pos, _MINIMAX[degree][idx])
        pol = np.where(np.signbit(x), -pol, pol) + _ONE
        return (x * pol) * _HALF


def _exp(x: np.ndarray) -> np.ndarray:
    """oneDNN's ``exp_compute_vector_fwd``: 2**n times a polynomial of the
    remainder (0 below log(FLT_MIN))."""
    under = x < _LN_FLT_MIN
    x = np.maximum(np.minimum(x, _LN_FLT_MAX), _LN_FLT_MIN)
    fx = np.floor(x * _LOG2E + _HALF)
    r = fma32(-fx, _LN2, x)
    scale = (((fx - _ONE).astype(np.int32) + np.int32(0x7F)) << np.int32(23)).astype(np.int32).view(np.float32)
    scale = np.where(under, _F(0), scale)
    y = _EXP_POL[4]
    for c in (_EXP_POL[3], _EXP_POL[2], _EXP_POL[1], _EXP_POL[0], _ONE):
        y = fma32(y, r, c)
    return (y * scale) * _TWO


def gelu_erf_backward(g: np.ndarray, x: np.ndarray) -> np.ndarray:
    """oneDNN's backward ``eltwise_gelu_erf``: ``g`` times the derivative at ``x``."""
    with np.errstate(all="ignore"):
        r = x * _AS_SQRT1_2
        q = _exp(-(r * r))
        t = (r * _AS_1_SQRTPI) * q
        w = _ONE / fma32(_AS_P, np.abs(r), _ONE)
        q = -q * w
        p = _AS_POL[4]
        for c in _AS_POL[3::-1]:
            p = fma32(p, w, c)
        erf = fma32(q, p, _ONE)
        erf = np.where(np.signbit(r), -erf, erf)
        return fma32(erf, _HALF, t + _HALF) * g

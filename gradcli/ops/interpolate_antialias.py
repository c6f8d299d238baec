"""``F.interpolate(..., antialias=True)`` for 'bilinear' and 'bicubic'
(``_upsample_bilinear2d_aa`` / ``_upsample_bicubic2d_aa``,
UpsampleBilinear2DAa/Bicubic2DAaBackward0), as PyTorch's CPU kernels
compute them, in the input's dtype.

Each output position reads a window of input positions (Pillow's
resampling): around its centre ``scale * (i + 0.5)`` the filter (a triangle,
or Keys' cubic with A = -0.5) is stretched by the scale when downsampling,
its values at the window's positions divided by their sum. The forward
kernel resamples the width, then the height (a dim whose size does not
change is left alone), summing each window's products in order (see
``_resample`` for which are fused into the sum); the backward kernel adds ``(wx * wy) * g`` (fused) into each
position of each output's window, in output order.
"""
from __future__ import annotations

import math

import numpy as np

from .interpolate_linear import _fma, _ordered_adds, declare_upsample, pixel_scale

_SIZE = {"linear": 2, "cubic": 4}
_KEYS_A = -0.5


def _triangle(x):
    x = np.abs(x)
    return np.where(x < 1, x.dtype.type(1) - x, x.dtype.type(0))


def _keys(x):
    """Keys' cubic convolution with A = -0.5, every multiply-add fused, as this kernel computes it."""
    f = x.dtype.type
    x = np.abs(x)

    def full(v):
        return np.full_like(x, v)

    a = _KEYS_A
    near = _fma(_fma(full(a + 2), x, full(-(a + 3))) * x, x, full(1))
    far = _fma(_fma(_fma(full(a), x, full(-5 * a)), x, full(8 * a)), x, full(-4 * a))
    return np.where(x < 1, near, np.where(x < 2, far, f(0)))


def window_weights(n_in, n_out, align_corners, scale, f, kind):
    """``_compute_indices_min_size_weights_aa`` for every output position:
    window starts (O,), widths (O,) and weights (O, K), 0 past each width."""
    step = pixel_scale(n_in, n_out, align_corners, scale, f)
    half = _SIZE[kind] * 0.5
    support = f(half * float(step)) if step >= 1.0 else f(half)
    most = int(math.ceil(support)) * 2 + 1
    centre = (float(step) * (np.arange(n_out) + 0.5)).astype(f)
    inverse = f(1.0 / float(step)) if step >= 1.0 else f(1.0)
    start = np.maximum(np.trunc((centre - support).astype(np.float64) + 0.5).astype(np.int64), 0)
    stop = np.minimum(np.trunc((centre + support).astype(np.float64) + 0.5).astype(np.int64), n_in)
    width = np.clip(stop - start, 0, most)
    j = np.arange(most)
    at = ((j[None, :] + start[:, None]).astype(f) - centre[:, None]).astype(np.float64) + 0.5
    x = (at * np.float64(inverse)).astype(f)
    inside = j[None, :] < width[:, None]
    w = np.where(inside, (_keys if kind == "cubic" else _triangle)(x), f(0)).astype(f)
    total = np.zeros(n_out, f)
    for k in range(most):
        total = np.where(inside[:, k], total + w[:, k], total).astype(f)
    w = np.where((total != 0)[:, None] & inside, w / np.where(total != 0, total, f(1))[:, None], w).astype(f)
    return start, width, w


# NOTE: the compiler vectorizes a window's loop ``output += t * w`` over
# the taps after the first as an in-order reduction, in steps of 16 bytes:
# those products are rounded, then added one by one; the taps left over
# (fewer than a step) are fused into the sum.
_STEP = {np.dtype(np.float32): 4, np.dtype(np.float64): 2}


def _resample(a, axis, start, width, w):
    """One dim resampled: each window's products summed in order."""
    shape_ = [1] * a.ndim
    shape_[axis] = -1
    n_in = a.shape[axis]
    step = _STEP[a.dtype]
    rounded = ((width - 1) // step * step).reshape(shape_)      # taps 1..rounded: products rounded
    acc = None
    for k in range(w.shape[1]):
        t = np.take(a, np.minimum(start + k, n_in - 1), axis=axis)
        wk = w[:, k].reshape(shape_)
        if acc is None:
            acc = t * wk
            continue
        added = np.where(k <= rounded, acc + t * wk, _fma(t, wk, acc))
        acc = np.where((k < width).reshape(shape_), added, acc)
    return acc


def aa_forward(a, kind, out_sizes, align_corners, scales):
    """``separable_upsample_generic_Nd_kernel_impl``: the width, then the height."""
    f = a.dtype.type
    out = a
    if a.size == 0:
        return np.zeros(a.shape[:2] + tuple(out_sizes), a.dtype)
    for d in (1, 0):
        if a.shape[2 + d] != out_sizes[d]:
            start, width, w = window_weights(a.shape[2 + d], out_sizes[d], align_corners, scales[d], f, kind)
            out = _resample(out, 2 + d, start, width, w)
    if out_sizes[1] == 1 and a.shape[2] != out_sizes[0]:
        # NOTE: PyTorch's height pass of an output one column wide gives
        # every row the first row's value (its loop reads the first row's
        # window for all); the backward kernel does not.
        out = np.repeat(out[:, :, :1], out_sizes[0], axis=2)
    return out


def aa_backward(g, in_shape, kind, out_sizes, align_corners, scales):
    """``cpu_upsample_genNd_backward_aa``: ``(wx * wy) * g`` added into each
    position of each output's window, outputs in order, rows then columns."""
    in_shape = tuple(in_shape)
    f = g.dtype.type
    planes = math.prod(in_shape[:2])
    (ih, iw), (oh, ow) = in_shape[2:], tuple(out_sizes)
    acc = np.zeros((planes, ih * iw), g.dtype)
    if planes == 0 or g.size == 0:
        return acc.reshape(in_shape)
    ys, yn, wy = window_weights(ih, oh, align_corners, scales[0], f, kind)
    xs, xn, wx = window_weights(iw, ow, align_corners, scales[1], f, kind)
    ky, kx = wy.shape[1], wx.shape[1]
    # entries: (oh, ow, y, x) in C order, those inside both windows
    oy, ox, y, x = np.meshgrid(np.arange(oh), np.arange(ow), np.arange(ky), np.arange(kx), indexing="ij")
    keep = ((y < yn[oy]) & (x < xn[ox])).reshape(-1)
    oy, ox, y, x = (v.reshape(-1)[keep] for v in (oy, ox, y, x))
    targets = (ys[oy] + y) * iw + xs[ox] + x
    weight = (wx[ox, x] * wy[oy, y]).astype(f)
    gp = np.ascontiguousarray(g).reshape(planes, -1)
    return _ordered_adds(acc, targets, oy * ow + ox,
                         lambda cur, src, e: _fma(weight[e], gp[:, src], cur)).reshape(in_shape)


# ***** rows *****

KERNELS_AA = {"bilinear": "_upsample_bilinear2d_aa", "bicubic": "_upsample_bicubic2d_aa"}


declare_upsample(KERNELS_AA["bilinear"], "UpsampleBilinear2DAaBackward0", aa_forward, aa_backward, "linear")
declare_upsample(KERNELS_AA["bicubic"], "UpsampleBicubic2DAaBackward0", aa_forward, aa_backward, "cubic")

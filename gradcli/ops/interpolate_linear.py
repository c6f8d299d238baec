"""``F.interpolate``'s interpolating modes: 'linear', 'bilinear' and
'trilinear' (``upsample_linear1d/bilinear2d/trilinear3d``,
UpsampleLinear1D/Bilinear2D/Trilinear3DBackward0) and 'bicubic'
(``upsample_bicubic2d``, UpsampleBicubic2DBackward0), forward and backward
with the float operations of PyTorch's CPU kernels, in the input's dtype.

Per spatial dim, each output position reads 2 (linear) or 4 (cubic) input
positions, its taps, with weights. ``area_pixel_compute_scale`` gives the
step (``(in - 1) / (out - 1)`` with align_corners, else ``1 / scale_factor``
or ``in / out``); the source position is ``scale * i`` with align_corners,
else ``scale * (i + 0.5) - 0.5`` (one fused multiply-add: the kernels are
compiled with FMA contraction), clamped at 0 for linear. Its floor (of the
float32 value) is the tap, the rest ``lambda`` the weight: linear weights
``1 - lambda`` and ``lambda``; cubic ones Keys' convolution with A = -0.75.

The forward kernel interpolates the innermost dim first: ``a*w0 + b*w1`` is
``fma(a, w0, b * w1)``, and a cubic row ``fma(t3, w3, fma(t2, w2, fma(t0,
w0, t1 * w1)))``. PyTorch's 'bilinear' of a small output (height + width <=
128) runs its channels-last kernel instead, which adds the four corners
with weights ``h * w`` over the channels, in one order in the vector lanes
and another in the scalar tail. The backward kernels add each output's
gradient into each tap it read, in output order: ``fma(weight, g, acc)``
for linear, ``acc + g * wy * wx`` (no fusing: that kernel is compiled
without FMA) for cubic.
"""
from __future__ import annotations

import itertools
import math

import numpy as np

from ..engine.fma import fma32, fma64
from .oprow import backward_row, row
from .table import OPS

# NOTE: the vector width of PyTorch 2.13's channels-last bilinear kernel
# (256 bits, measured on an AVX-512 CPU too): its lanes and its scalar tail
# add the corners in different orders.
_LANES = {np.dtype(np.float32): 8, np.dtype(np.float64): 4}
_CUBIC_A = -0.75


def _fma(a, b, c):
    a, b, c = np.broadcast_arrays(a, b, c)
    if a.dtype == np.float64 or b.dtype == np.float64 or c.dtype == np.float64:
        return np.asarray(fma64(a, b, c), dtype=np.float64)
    return np.asarray(fma32(a, b, c), dtype=np.float32)


# ***** source positions, taps and weights of one dim *****

def pixel_scale(n_in, n_out, align_corners, scale, f):
    """ATen's ``area_pixel_compute_scale`` in the float type ``f``."""
    if align_corners:
        return f(n_in - 1) / f(n_out - 1) if n_out > 1 else f(0)
    if scale is not None and scale > 0:
        return f(1.0 / scale)
    return f(n_in) / f(n_out)


def source_positions(n_in, n_out, align_corners, scale, f, cubic=False, fused=True):
    """ATen's ``area_pixel_compute_source_index`` for every output position."""
    step = pixel_scale(n_in, n_out, align_corners, scale, f)
    pos = np.arange(n_out).astype(f)
    if align_corners:
        return step * pos
    half = pos + f(0.5)
    src = _fma(np.full(n_out, step, f), half, np.full(n_out, -0.5, f)) if fused else step * half - f(0.5)
    return src if cubic else np.maximum(src, f(0))


def _floor32(src):
    """``floorf``: the floor of the value as a float32 (a double is narrowed first)."""
    return np.floor(src.astype(np.float32)).astype(np.int64)


def linear_taps(n_in, n_out, align_corners, scale, f):
    """``compute_source_index_and_lambda``: [(index0, 1 - lambda), (index1, lambda)]."""
    if n_in == n_out:
        pos = np.arange(n_out)
        return [(pos, np.ones(n_out, f)), (pos, np.zeros(n_out, f))]
    src = source_positions(n_in, n_out, align_corners, scale, f)
    i0 = np.minimum(_floor32(src), n_in - 1)
    lam = np.clip(src - i0.astype(f), f(0), f(1)).astype(f)
    return [(i0, (f(1) - lam).astype(f)), (i0 + (i0 < n_in - 1), lam)]


def _cubic_near(x):
    """Keys' ``cubic_convolution1`` (``|x| <= 1``) as the forward kernel computes it."""
    a = _CUBIC_A
    return _fma(np.full_like(x, a + 2), x, np.full_like(x, -(a + 3))) * x * x + x.dtype.type(1)


def _cubic_far(x):
    """Keys' ``cubic_convolution2`` (``1 <= |x| <= 2``) as the forward kernel computes it."""
    a = _CUBIC_A
    inner = _fma(_fma(np.full_like(x, a), x, np.full_like(x, -5 * a)), x, np.full_like(x, 8 * a))
    return inner * x - x.dtype.type(4 * a)


def cubic_coefficients(t, near=_cubic_near, far=_cubic_far):
    """``get_cubic_upsample_coefficients``: the four weights of fractions ``t``."""
    one = t.dtype.type(1)
    rest = one - t
    return [far(t + one), near(t), near(rest), far(rest + one)]


def cubic_taps(n_in, n_out, align_corners, scale, f):
    """``HelperInterpCubic``: four taps (clamped into the input) around each source position."""
    src = source_positions(n_in, n_out, align_corners, scale, f, cubic=True)
    i0 = np.minimum(_floor32(src), n_in - 1)
    t = np.clip(src - i0.astype(f), f(0), f(1)).astype(f)
    return [(np.clip(i0 + j - 1, 0, n_in - 1), w.astype(f)) for j, w in enumerate(cubic_coefficients(t))]


# ***** forward *****

def _taps_of(mode, in_sizes, out_sizes, align_corners, scales, f):
    make = cubic_taps if mode == "cubic" else linear_taps
    return [make(i, o, align_corners, s, f) for i, o, s in zip(in_sizes, out_sizes, scales)]


def _combine(values, weights):
    """One dim's taps summed as the kernel does: ``t1 * w1`` first, then ``t0``, ``t2``, ``t3`` fused in."""
    acc = values[1] * weights[1]
    for k in (0,) + tuple(range(2, len(values))):
        acc = _fma(values[k], weights[k], acc)
    return acc


def _generic(a, taps):
    """``upsample_generic_Nd_kernel_impl``: interpolate the innermost dim first."""
    dims = len(taps)
    out = a
    for d in range(dims - 1, -1, -1):
        axis = a.ndim - dims + d
        shape_ = [1] * a.ndim
        shape_[axis] = -1
        out = _combine([np.take(out, idx, axis=axis) for idx, _ in taps[d]],
                       [w.reshape(shape_) for _, w in taps[d]])
    return out


def _bilinear_channels_last(a, taps):
    """``cpu_upsample_linear_channels_last``: the four corners with weights
    ``h * w``, in the vector lanes as ``i00*w00 + (i01*w01 + (i10*w10 +
    i11*w11))``, in the scalar tail as ``((i00*w00 + i01*w01) + i10*w10) +
    i11*w11`` (each product fused into the sum it joins)."""
    (h0, hl0), (h1, hl1) = taps[0]
    (w0, wl0), (w1, wl1) = taps[1]

    def corner(hi, wi):
        return a[..., hi[:, None], wi[None, :]]

    i00, i01, i10, i11 = corner(h0, w0), corner(h0, w1), corner(h1, w0), corner(h1, w1)
    w00, w01, w10, w11 = hl0[:, None] * wl0, hl0[:, None] * wl1, hl1[:, None] * wl0, hl1[:, None] * wl1
    tail = _fma(i11, w11, _fma(i10, w10, _fma(i00, w00, i01 * w01)))
    channels = a.shape[1]
    vector = channels - channels % _LANES[a.dtype]
    if vector:
        lanes = (slice(None), slice(0, vector))
        tail[lanes] = _fma(i00[lanes], w00, _fma(i01[lanes], w01, _fma(i11[lanes], w11, i10[lanes] * w10)))
    return tail


def channels_last_path(out_sizes):
    """PyTorch's 2-d upsampling of a contiguous input runs its channels-last
    kernel when the output is small: height + width <= 128.

    NOTE: PyTorch's bilinear also takes that kernel for 3 channels when it
    runs on one thread; gradcli follows PyTorch on two or more threads."""
    return len(out_sizes) == 2 and out_sizes[0] + out_sizes[1] <= 128


def interpolate_forward(a, mode, out_sizes, align_corners, scales):
    """The forward kernel of ``mode`` ('linear' for 1-3 dims, or 'cubic')."""
    dims = len(out_sizes)
    f = a.dtype.type
    if a.size == 0:
        return np.zeros(a.shape[:a.ndim - dims] + tuple(out_sizes), a.dtype)
    taps = _taps_of(mode, a.shape[a.ndim - dims:], out_sizes, align_corners, scales, f)
    if mode == "linear" and channels_last_path(out_sizes):
        return _bilinear_channels_last(a, taps)
    return _generic(a, taps)


# ***** backward *****

def _ordered_adds(acc, targets, sources, step):
    """``acc[:, targets[e]] = step(acc[:, targets[e]], e)`` for each entry
    ``e`` in order: the entries are taken in rounds, the k-th entry of each
    target in round k, so no round writes one target twice."""
    order = np.argsort(targets, kind="stable")
    ranked = targets[order]
    first = np.r_[0, np.flatnonzero(ranked[1:] != ranked[:-1]) + 1]
    rank = np.empty(len(targets), np.int64)
    rank[order] = np.arange(len(targets)) - np.repeat(first, np.diff(np.r_[first, len(targets)]))
    by_rank = np.argsort(rank, kind="stable")
    bounds = np.searchsorted(rank[by_rank], np.arange(int(rank.max(initial=-1)) + 2))
    for r in range(len(bounds) - 1):
        e = by_rank[bounds[r]:bounds[r + 1]]
        acc[:, targets[e]] = step(acc[:, targets[e]], sources[e], e)
    return acc


def _entries(taps, in_sizes, weight_of):
    """For each output position (C order) and each corner (first dim's tap
    outermost): its flat input position and its weight."""
    corners = list(itertools.product(*[range(len(t)) for t in taps]))
    grids = []
    for corner in corners:
        idx = np.ix_(*[taps[d][k][0] for d, k in enumerate(corner)])
        pos = np.ravel_multi_index(tuple(np.broadcast_arrays(*idx)), in_sizes).reshape(-1)
        ws = [taps[d][k][1] for d, k in enumerate(corner)]
        grids.append((pos, weight_of(ws)))
    n_out = grids[0][0].size
    flat_in = np.stack([g[0] for g in grids], axis=1).reshape(-1)
    weight = [np.stack([np.broadcast_to(g[1][j], (n_out,)) for g in grids], axis=1).reshape(-1)
              for j in range(len(grids[0][1]))]
    sources = np.repeat(np.arange(n_out), len(corners))
    return flat_in, weight, sources


def _outer(ws):
    """The weight product of a corner: ``(d * h) * w``, as an (out...) grid."""
    grids = np.ix_(*ws)
    prod = grids[0]
    for g in grids[1:]:
        prod = prod * g
    return (prod.reshape(-1),)


def _cubic_backward_weights(ws):
    """The (y, x) weights of a corner, separately (the kernel multiplies the gradient by each in turn)."""
    wy, wx = np.ix_(*ws)
    wy, wx = np.broadcast_arrays(wy, wx)
    return (wy.reshape(-1), wx.reshape(-1))


def linear_backward(g, in_shape, mode, out_sizes, align_corners, scales):
    """``upsample_*_backward``: each output's gradient added into each tap it read."""
    dims = len(out_sizes)
    in_shape = tuple(in_shape)
    lead = in_shape[:len(in_shape) - dims]
    in_sizes = in_shape[len(in_shape) - dims:]
    planes = math.prod(lead)
    f = g.dtype.type
    acc = np.zeros((planes, math.prod(in_sizes)), g.dtype)
    if planes == 0 or g.size == 0:
        return acc.reshape(in_shape)
    gp = np.ascontiguousarray(g).reshape(planes, -1)
    if mode == "cubic":
        if tuple(in_sizes) == tuple(out_sizes):
            return gp.copy().reshape(in_shape)
        taps = _cubic_backward_taps(in_sizes, out_sizes, align_corners, scales, f)
        targets, (wy, wx), sources = _entries(taps, in_sizes, _cubic_backward_weights)
        # the kernel walks x taps outside y taps: reorder each output's 16 corners
        n_out = math.prod(out_sizes)
        swap = np.arange(16).reshape(4, 4).T.reshape(-1)
        reorder = (np.arange(n_out)[:, None] * 16 + swap[None, :]).reshape(-1)
        targets, wy, wx, sources = targets[reorder], wy[reorder], wx[reorder], sources[reorder]
        return _ordered_adds(acc, targets, sources,
                             lambda cur, src, e: cur + gp[:, src] * wy[e] * wx[e]).reshape(in_shape)
    taps = _taps_of("linear", in_sizes, out_sizes, align_corners, scales, f)
    targets, (w,), sources = _entries(taps, in_sizes, _outer)
    return _ordered_adds(acc, targets, sources, lambda cur, src, e: _fma(w[e], gp[:, src], cur)).reshape(in_shape)


def _cubic_backward_taps(in_sizes, out_sizes, align_corners, scales, f):
    """The taps of ``upsample_bicubic2d_backward_out_frame``: its source
    positions and coefficients computed without fusing, the fraction not
    clamped, the taps clamped into the input."""
    taps = []
    for n_in, n_out, s in zip(in_sizes, out_sizes, scales):
        src = source_positions(n_in, n_out, align_corners, s, f, cubic=True, fused=False)
        i0 = _floor32(src)
        t = (src - i0.astype(f)).astype(f)
        ws = cubic_coefficients(t, _cubic_near_plain, _cubic_far_plain)
        taps.append([(np.clip(i0 + j - 1, 0, n_in - 1), w.astype(f)) for j, w in enumerate(ws)])
    return taps


def _cubic_near_plain(x):
    a = x.dtype.type(_CUBIC_A)
    return ((a + 2) * x - (a + 3)) * x * x + 1


def _cubic_far_plain(x):
    a = x.dtype.type(_CUBIC_A)
    return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a


# ***** rows *****

_MODES = {1: ("linear", "Linear1D"), 2: ("bilinear", "Bilinear2D"), 3: ("trilinear", "Trilinear3D")}
KERNELS = {"linear": "upsample_linear1d", "bilinear": "upsample_bilinear2d", "trilinear": "upsample_trilinear3d",
           "bicubic": "upsample_bicubic2d"}


def declare_upsample(name, grad_fn, forward_kernel, backward_kernel, kind):
    """The row of an upsampling kernel ``name`` (node ``grad_fn``) and of its
    backward, for create_graph=True (``grad_fn`` with Backward0 ->
    BackwardBackward0): the kernels are linear, so the backward's gradient
    is the forward again."""
    back = name.lstrip("_") + "_backward"        # reached as m.<back> (no private names there)

    def forward(a, out_sizes, align_corners, scales):
        return forward_kernel(a, kind, out_sizes, align_corners, scales)

    def backward(g, in_shape, out_sizes, align_corners, scales):
        return backward_kernel(g, in_shape, kind, out_sizes, align_corners, scales)

    def again(m, gg, out, g, in_shape, out_sizes, align_corners, scales):
        attrs = {"out_sizes": out_sizes, "align_corners": align_corners, "scales": scales}
        if not m.is_tensor:
            return forward(gg, **attrs)
        return OPS[name].apply((gg,), attrs, forward(gg.data, **attrs))

    def rule(m, g, out, a, out_sizes, align_corners, scales):
        return getattr(m, back)(g, in_shape=tuple(a.shape), out_sizes=out_sizes, align_corners=align_corners,
                                scales=scales)

    backward_row(back, grad_fn.replace("Backward0", "BackwardBackward0"), backward, {"grad_output": again})
    row(name, grad_fn, forward, {"input": rule}, via="interpolate")


for _dims, (_mode, _label) in _MODES.items():
    declare_upsample(KERNELS[_mode], f"Upsample{_label}Backward0", interpolate_forward, linear_backward, "linear")
declare_upsample(KERNELS["bicubic"], "UpsampleBicubic2DBackward0", interpolate_forward, linear_backward, "cubic")

"""``F.interpolate`` (and ``F.upsample_nearest``) with ``mode='nearest'``:
``upsample_nearest1d/2d/3d`` (UpsampleNearest1D/2D/3DBackward0), with
PyTorch's argument checks and messages.

Each output position reads the input position ATen's ``nearest_idx``
gives: itself when the sizes agree, half of it when the output is twice
the input, else ``min(floor(index * scale), size - 1)`` in float32 with
``scale = 1 / scale_factor`` (when one was given) or ``input / output``.
The backward kernel adds each output's gradient into the input position
it read, in output order.
"""
from __future__ import annotations

import math

import numpy as np

from ..errors import GradcliError, value_error
from .oprow import Sample, T, implements, row
from .operands import as_tensor
from .table import OPS


def nearest_indices(in_size: int, out_size: int, scale) -> np.ndarray:
    """ATen's ``nearest_idx`` for every output position of one dim."""
    pos = np.arange(out_size)
    if out_size == in_size:
        return pos
    if out_size == 2 * in_size:
        return pos >> 1
    f32 = np.float32
    s = f32(1.0 / scale) if scale is not None and scale > 0 else f32(in_size) / f32(out_size)
    return np.minimum(np.floor(pos.astype(f32) * s).astype(np.int64), in_size - 1)


def _index_maps(shape_, out_sizes, scales):
    dims = len(out_sizes)
    spatial = shape_[len(shape_) - dims:]
    return [nearest_indices(i, o, s) for i, o, s in zip(spatial, out_sizes, scales)]


def _nearest_array(a, out_sizes, scales):
    lead = a.ndim - len(out_sizes)
    for k, idx in enumerate(_index_maps(a.shape, out_sizes, scales)):
        a = np.take(a, idx, axis=lead + k)
    return a


def _nearest_rule(m, g, out, a, out_sizes, scales):
    """Each output's gradient added into the input position it read (the planes flattened)."""
    shape_ = tuple(a.shape)
    dims = len(out_sizes)
    lead = math.prod(shape_[:len(shape_) - dims])
    plane = shape_[len(shape_) - dims:]
    grids = np.meshgrid(*_index_maps(shape_, out_sizes, scales), indexing="ij")
    flat = np.ravel_multi_index(tuple(grids), plane).reshape(-1)
    key = (np.arange(lead)[:, None], flat[None, :])
    summed = m.embed_add(m.reshape(g, (lead, flat.size)), (lead, math.prod(plane)), key)
    return m.reshape(summed, shape_)


for _dims in (1, 2, 3):
    row(f"upsample_nearest{_dims}d", f"UpsampleNearest{_dims}DBackward0", _nearest_array, {"input": _nearest_rule},
        via="interpolate")

_MODES = "nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact"


def _per_dim(value, dim, spatial, other, shown, form, named="output size"):
    """``size``/``scale_factor`` as one value per spatial dim, with PyTorch's message for a wrong count."""
    if not isinstance(value, (list, tuple)):
        return [value] * dim
    if len(value) != dim:
        raise value_error(f"Input and {other} must have the same number of spatial dimensions, but got input with "
                          f"spatial dimensions of {spatial} and {shown} {value!r}. Please provide input tensor in "
                          f"(N, C, d1, d2, ...,dK) format and {named} in ({form}) format.")
    return list(value)


@implements("interpolate")
def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
                recompute_scale_factor=None, antialias=False):
    """``F.interpolate``: PyTorch's Python checks, then the nearest kernel."""
    x = as_tensor(input)
    if mode in ("nearest", "area", "nearest-exact") and align_corners is not None:
        raise value_error("align_corners option can only be set with the interpolating modes: "
                          "linear | bilinear | bicubic | trilinear")
    dim = x.data.ndim - 2
    spatial = list(x.shape[2:])
    if size is not None and scale_factor is not None:
        raise value_error("only one of size or scale_factor should be defined")
    if size is not None:
        out_sizes = _per_dim(size, dim, spatial, "output", "output size of", "o1, o2, ...,oK")
        scales = [None] * dim
    elif scale_factor is not None:
        scales = [float(s) for s in _per_dim(scale_factor, dim, spatial, "scale_factor", "scale_factor of shape",
                                             "s1, s2, ...,sK", "scale_factor")]
        if recompute_scale_factor:
            out_sizes = [math.floor(float(n) * s) for n, s in zip(spatial, scales)]
            scales = [None] * dim
        else:
            out_sizes = [int(n * s) for n, s in zip(spatial, scales)]
    else:
        raise value_error("either size or scale_factor should be defined")
    if recompute_scale_factor and size is not None:
        raise value_error("recompute_scale_factor is not meaningful with an explicit size.")
    if mode == "nearest" and dim in (1, 2, 3):
        for n, o in zip(spatial, out_sizes):
            if n <= 0 or o <= 0:
                # NOTE: PyTorch's 1-d message says "and" between the two; the 2-d and 3-d ones do not
                sizes = [", ".join(f"{k}: {v}" for k, v in zip("DHW"[3 - dim:], vs)) for vs in (spatial, out_sizes)]
                raise GradcliError("RuntimeError", "Input and output sizes should be greater than 0, but got "
                                   f"input ({sizes[0]}){' and' if dim == 1 else ''} output ({sizes[1]})")
        op = OPS[f"upsample_nearest{dim}d"]
        attrs = {"out_sizes": tuple(out_sizes), "scales": tuple(scales)}
        return op.apply((x,), attrs, _nearest_array(x.data, attrs["out_sizes"], attrs["scales"]))
    if mode in ("linear", "bilinear", "bicubic", "trilinear", "area", "nearest-exact", "lanczos") and dim in (1, 2, 3):
        raise GradcliError("NotImplementedError", f"gradcli does not support F.interpolate's mode='{mode}' yet")
    raise GradcliError("NotImplementedError", f"Input Error: Only 3D, 4D and 5D input Tensors supported (got "
                       f"{x.data.ndim}D) for the modes: {_MODES} (got {mode})")


row("interpolate", "UpsampleNearest2DBackward0", None, forms=("F", "bare"),
    args="input, size=None, scale_factor=None, mode='nearest', align_corners=None, recompute_scale_factor=None, "
         "antialias=False",
    doc="UpsampleNearest1D/2D/3DBackward0 (mode='nearest', by the input's dims)",
    samples=(Sample(T((1, 2, 3, 4)), scale_factor=2), Sample(T((1, 2, 3, 4)), size=(5, 7)),
             Sample(T((2, 2, 5)), scale_factor=1.7), Sample(T((1, 1, 4, 6)), size=(3, 4)),
             Sample(T((1, 2, 3)), 7), Sample(T((1, 1, 2, 2, 3)), scale_factor=(1.5, 2, 1))))

"""``F.interpolate`` (and ``F.upsample``, ``F.upsample_nearest``,
``F.upsample_bilinear``): PyTorch's argument checks and messages, then the
mode's kernel. Here: mode='nearest' (``upsample_nearest1d/2d/3d``,
UpsampleNearest1D/2D/3DBackward0) and 'nearest-exact'
(``_upsample_nearest_exact1d/2d/3d``, UpsampleNearestExact1D/2D/3DBackward0);
the interpolating modes are in ``interpolate_linear.py``, with
``antialias=True`` in ``interpolate_antialias.py``; 'area' is adaptive
average pooling (``pooling.py``), as PyTorch routes it.

With 'nearest', each output position reads the input position ATen's
``nearest_idx`` gives: itself when the sizes agree, half of it when the
output is twice the input, else ``min(floor(index * scale), size - 1)`` in
float32 with ``scale = 1 / scale_factor`` (when one was given) or
``input / output``. 'nearest-exact' reads ``floor((index + 0.5) * scale)``
(see ``nearest_exact_indices`` for the two kernels' roundings). The
backward kernels add each output's gradient into the input position they
map it to, in output order.
"""
from __future__ import annotations

import math

import numpy as np

from ..engine import dtypes as D
from ..engine.context import CONTEXT
from ..engine.tensor import Tensor
from ..errors import GradcliError, runtime_error, type_error, value_error
from .interpolate_antialias import KERNELS_AA
from .interpolate_linear import KERNELS, channels_last_path, pixel_scale, source_positions
from .oprow import Sample, T, implements, row
from .operands import as_tensor, type_name
from .table import OPS


def _scale32(in_size, out_size, scale):
    """ATen's ``compute_scales_value<float>``."""
    f32 = np.float32
    return f32(1.0 / scale) if scale is not None and scale > 0 else f32(in_size) / f32(out_size)


def nearest_indices(in_size: int, out_size: int, scale) -> np.ndarray:
    """ATen's ``nearest_idx`` (the channels-last forward kernel and every
    backward kernel) for every output position of one dim."""
    pos = np.arange(out_size)
    if out_size == in_size:
        return pos
    if out_size == 2 * in_size:
        return pos >> 1
    return np.minimum(np.floor(pos.astype(np.float32) * _scale32(in_size, out_size, scale)).astype(np.int64),
                      in_size - 1)


def _index_maps(shape_, out_sizes, scales, index_fn=nearest_indices):
    dims = len(out_sizes)
    spatial = shape_[len(shape_) - dims:]
    return [index_fn(i, o, s) for i, o, s in zip(spatial, out_sizes, scales)]


def _nearest_generic(in_size, out_size, scale, f):
    """``HelperInterpNearest`` (the generic forward kernel): ``floorf(scale *
    index)``, the scale in the input's dtype, without ``nearest_idx``'s
    special cases (an output as large as the input with a scale factor
    other than 1 reads other positions)."""
    src = pixel_scale(in_size, out_size, False, scale, f) * np.arange(out_size).astype(f)
    return np.minimum(np.floor(src.astype(np.float32)).astype(np.int64), in_size - 1)


def _forward_maps(a, out_sizes, scales, exact):
    """The forward kernel's index maps: the channels-last kernel's (a small
    2-d output: ``nearest_idx``/``nearest_exact_idx``) or the generic one's."""
    if channels_last_path(out_sizes):
        return _index_maps(a.shape, out_sizes, scales, nearest_exact_indices if exact else nearest_indices)
    f = a.dtype.type if a.dtype.kind == "f" else np.float32
    generic = _nearest_exact_generic if exact else _nearest_generic
    return _index_maps(a.shape, out_sizes, scales, lambda i, o, s: generic(i, o, s, f))


def _gather(a, maps):
    lead = a.ndim - len(maps)
    for k, idx in enumerate(maps):
        a = np.take(a, idx, axis=lead + k)
    return a


def _nearest_array(a, out_sizes, scales):
    return _gather(a, _forward_maps(a, out_sizes, scales, False))


def _scatter_back(m, g, shape_, out_sizes, scales, index_fn):
    """Each output's gradient added into the input position the backward
    kernel's ``index_fn`` maps it to (the planes flattened), in output order."""
    dims = len(out_sizes)
    lead = math.prod(shape_[:len(shape_) - dims])
    plane = shape_[len(shape_) - dims:]
    grids = np.meshgrid(*_index_maps(shape_, out_sizes, scales, index_fn), indexing="ij")
    flat = np.ravel_multi_index(tuple(grids), plane).reshape(-1)
    key = (np.arange(lead)[:, None], flat[None, :])
    summed = m.embed_add(m.reshape(g, (lead, flat.size)), (lead, math.prod(plane)), key)
    return m.reshape(summed, shape_)


def _nearest_rule(m, g, out, a, out_sizes, scales):
    return _scatter_back(m, g, tuple(a.shape), out_sizes, scales, nearest_indices)


for _dims in (1, 2, 3):
    row(f"upsample_nearest{_dims}d", f"UpsampleNearest{_dims}DBackward0", _nearest_array, {"input": _nearest_rule},
        via="interpolate")

# ***** mode='nearest-exact' *****

def nearest_exact_indices(in_size: int, out_size: int, scale) -> np.ndarray:
    """ATen's ``nearest_exact_idx`` (the channels-last forward kernel and
    every backward kernel): ``floorf((index + 0.5) * scale)``, the product
    in double, narrowed to float before the floor."""
    pos = np.arange(out_size) + 0.5
    src = (pos * np.float64(_scale32(in_size, out_size, scale))).astype(np.float32)
    return np.minimum(np.floor(src).astype(np.int64), in_size - 1)


def _nearest_exact_generic(in_size, out_size, scale, f):
    """``HelperInterpNearestExact`` (the generic forward kernel): the source
    position ``scale * (index + 0.5) - 0.5`` (fused) in the input's dtype,
    at least 0, then ``floorf(position + 0.5)``."""
    src = source_positions(in_size, out_size, False, scale, f)
    return np.minimum(np.floor((src.astype(np.float64) + 0.5).astype(np.float32)).astype(np.int64), in_size - 1)


def _exact_array(a, out_sizes, scales):
    return _gather(a, _forward_maps(a, out_sizes, scales, True))


def _exact_rule(m, g, out, a, out_sizes, scales):
    return _scatter_back(m, g, tuple(a.shape), out_sizes, scales, nearest_exact_indices)


for _dims in (1, 2, 3):
    row(f"_upsample_nearest_exact{_dims}d", f"UpsampleNearestExact{_dims}DBackward0", _exact_array,
        {"input": _exact_rule}, via="interpolate")

# ***** F.interpolate *****

_MODES = "nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact"
_NEEDS = {"linear": 3, "bilinear": 4, "trilinear": 5}
_SIZE_TYPES = "expected size to be one of int or Tuple[int] or Tuple[int, int] or Tuple[int, int, int]"


def _per_dim(value, dim, spatial, other, shown, form, named="output size"):
    """``size``/``scale_factor`` as one value per spatial dim, with PyTorch's message for a wrong count."""
    if not isinstance(value, (list, tuple)):
        return [value] * dim
    if len(value) != dim:
        raise value_error(f"Input and {other} must have the same number of spatial dimensions, but got input with "
                          f"spatial dimensions of {spatial} and {shown} {value!r}. Please provide input tensor in "
                          f"(N, C, d1, d2, ...,dK) format and {named} in ({form}) format.")
    return list(value)


def _is_int(v):
    return isinstance(v, int) or (type(v) is Tensor and v.ndim == 0 and v.dtype.category < 2)


def _check_sizes(x, dim, spatial, out_sizes):
    """ATen's ``upsample_{1,2,3}d_common_check`` and its empty-input check."""
    for n, o in zip(spatial, out_sizes):
        if n <= 0 or o <= 0:
            # NOTE: PyTorch's 1-d message says "and" between the two; the 2-d and 3-d ones do not
            sizes = [", ".join(f"{k}: {v}" for k, v in zip("DHW"[3 - dim:], vs)) for vs in (spatial, out_sizes)]
            raise GradcliError("RuntimeError", "Input and output sizes should be greater than 0, but got "
                               f"input ({sizes[0]}){' and' if dim == 1 else ''} output ({sizes[1]})")
    if x.data.size == 0 and x.shape[1] == 0:
        raise runtime_error(f"Non-empty {dim + 2}D data tensor expected but got a tensor with sizes "
                            f"[{', '.join(str(d) for d in x.shape)}]")


def _float_kernel(x, kernel):
    dt = D.of_array(x.data)
    if dt.category < 2:
        raise GradcliError("NotImplementedError", f'"{kernel}" not implemented for \'{dt.torch_type[:-6]}\'')


@implements("interpolate")
def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
                recompute_scale_factor=None, antialias=False):
    """``F.interpolate``: PyTorch's Python checks, then the mode's kernel."""
    x = as_tensor(input)
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise value_error("align_corners option can only be set with the interpolating modes: "
                              "linear | bilinear | bicubic | trilinear")
    elif align_corners is None:
        align_corners = False
    dim = x.data.ndim - 2
    spatial = list(x.shape[2:])
    if size is not None and scale_factor is not None:
        raise value_error("only one of size or scale_factor should be defined")
    if size is not None:
        out_sizes = _per_dim(size, dim, spatial, "output", "output size of", "o1, o2, ...,oK")
        if isinstance(size, (list, tuple)) and not all(_is_int(v) for v in size):
            kinds = ", ".join(f"<class '{type_name(v) if type(v) is not Tensor else 'torch.Tensor'}'>" for v in size)
            raise type_error(f"{_SIZE_TYPES}, but got size with types [{kinds}]")
        out_sizes = [int(v) for v in out_sizes]
        scales = [None] * dim
    elif scale_factor is not None:
        scales = [float(s) for s in _per_dim(scale_factor, dim, spatial, "scale_factor", "scale_factor of shape",
                                             "s1, s2, ...,sK", "scale_factor")]
        out_sizes = [int(n * s) for n, s in zip(spatial, scales)]
        if recompute_scale_factor or mode == "area":
            # NOTE: the output size from the scale, then the scale forgotten
            scales = [None] * dim
    else:
        raise value_error("either size or scale_factor should be defined")
    if recompute_scale_factor and size is not None:
        raise value_error("recompute_scale_factor is not meaningful with an explicit size.")
    if antialias and not (mode in ("bilinear", "bicubic", "lanczos") and x.data.ndim == 4):
        raise value_error("Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a "
                          "4-D tensor as input")
    kernel = _kernel_of(mode, dim)
    if kernel is None:
        return _other_modes(x, mode, dim, out_sizes, align_corners, antialias)
    _check_sizes(x, dim, spatial, out_sizes)
    attrs = {"out_sizes": tuple(out_sizes), "scales": tuple(scales)}
    if antialias:
        _float_kernel(x, "compute_index_ranges_weights")
        op = OPS[KERNELS_AA[mode]]
        attrs["align_corners"] = bool(align_corners)
        return op.apply((x,), attrs, op.forward(x.data, **attrs))
    if mode in ("nearest", "nearest-exact"):
        op = OPS[kernel]
        forward = _nearest_array if mode == "nearest" else _exact_array
        _float_kernel(x, "upsample_nearest2d_channels_last" if channels_last_path(out_sizes)
                      else "compute_indices_weights_nearest")
        return op.apply((x,), attrs, forward(x.data, **attrs))
    _float_kernel(x, "upsample_bilinear2d_channels_last" if mode == "bilinear" and channels_last_path(out_sizes)
                  else f"compute_indices_weights_{'cubic' if mode == 'bicubic' else 'linear'}")
    attrs["align_corners"] = bool(align_corners)
    op = OPS[kernel]
    return op.apply((x,), attrs, op.forward(x.data, **attrs))


def _kernel_of(mode, dim):
    """The ATen kernel of ``mode`` for ``dim`` spatial dims, or None."""
    if mode == "nearest" and dim in (1, 2, 3):
        return f"upsample_nearest{dim}d"
    if mode == "nearest-exact" and dim in (1, 2, 3):
        return f"_upsample_nearest_exact{dim}d"
    if mode in _NEEDS and _NEEDS[mode] == dim + 2:
        return KERNELS[mode]
    if mode == "bicubic" and dim == 2:
        return KERNELS[mode]
    return None


def _other_modes(x, mode, dim, out_sizes, align_corners, antialias):
    """'area' (adaptive average pooling, as F.interpolate routes it), 'lanczos', and PyTorch's errors."""
    if mode == "area" and dim in (1, 2, 3):
        from . import pooling
        if dim == 1:
            return pooling.adaptive_avg_pool1d(x, out_sizes[0])
        if dim == 2:
            return pooling.adaptive_avg_pool2d(x, tuple(out_sizes))
        return pooling.adaptive_avg_pool3d(x, tuple(out_sizes))
    if mode == "lanczos" and dim == 2:
        if align_corners:
            raise value_error("Lanczos mode does not support align_corners=True")
        if not antialias:
            raise value_error("Lanczos mode requires antialias=True")
        raise GradcliError("NotImplementedError", "gradcli does not support F.interpolate's mode='lanczos' yet")
    if mode in _NEEDS and dim in (1, 2, 3):
        raise GradcliError("NotImplementedError", f"Got {dim + 2}D input, but {mode} mode needs {_NEEDS[mode]}D input")
    raise GradcliError("NotImplementedError", f"Input Error: Only 3D, 4D and 5D input Tensors supported (got "
                       f"{x.data.ndim}D) for the modes: {_MODES} (got {mode})")


row("interpolate", "UpsampleNearest2DBackward0", None, forms=("F", "bare"),
    args="input, size=None, scale_factor=None, mode='nearest', align_corners=None, recompute_scale_factor=None, "
         "antialias=False",
    doc="by mode and the input's dims: UpsampleNearest1D/2D/3D, UpsampleNearestExact1D/2D/3D, UpsampleLinear1D, "
        "UpsampleBilinear2D, UpsampleTrilinear3D, UpsampleBicubic2DBackward0, with antialias "
        "UpsampleBilinear2DAa, UpsampleBicubic2DAaBackward0; 'area': adaptive_avg_pool1d/2d/3d's",
    samples=(Sample(T((1, 2, 3, 4)), scale_factor=2), Sample(T((1, 2, 3, 4)), size=(5, 7)),
             Sample(T((2, 2, 5)), scale_factor=1.7), Sample(T((1, 1, 4, 6)), size=(3, 4)),
             Sample(T((1, 2, 3)), 7), Sample(T((1, 1, 2, 2, 3)), scale_factor=(1.5, 2, 1)),
             Sample(T((2, 3, 5)), size=8, mode="linear"), Sample(T((1, 2, 3, 4)), scale_factor=1.5, mode="bilinear"),
             Sample(T((1, 2, 3, 4)), size=(2, 6), mode="bilinear", align_corners=True),
             Sample(T((1, 2, 4, 3)), scale_factor=(1.5, 2.5), mode="bicubic"),
             Sample(T((1, 1, 4, 4)), size=3, mode="bicubic", align_corners=True),
             Sample(T((1, 1, 2, 3, 4)), scale_factor=1.6, mode="trilinear", align_corners=True),
             Sample(T((1, 2, 5, 3)), size=(3, 7), mode="nearest-exact"), Sample(T((2, 2, 7)), 3, mode="area"),
             Sample(T((1, 2, 5, 6)), scale_factor=0.6, mode="area"),
             Sample(T((1, 1, 3, 4, 5)), size=(2, 3, 2), mode="area"),
             Sample(T((1, 2, 7, 9)), size=(3, 4), mode="bilinear", antialias=True),
             Sample(T((1, 1, 6, 5)), scale_factor=(0.5, 1.5), mode="bicubic", antialias=True, align_corners=True)))


# ***** F.upsample, F.upsample_nearest, F.upsample_bilinear: deprecated spellings of F.interpolate *****

def _deprecated(name):
    CONTEXT.warning(f"`nn.functional.{name}` is deprecated. Use `nn.functional.interpolate` instead.")


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    _deprecated("upsample")
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input, size=None, scale_factor=None):
    _deprecated("upsample_nearest")
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input, size=None, scale_factor=None):
    _deprecated("upsample_bilinear")
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)


FUNCTIONAL = {"upsample": upsample, "upsample_nearest": upsample_nearest, "upsample_bilinear": upsample_bilinear}

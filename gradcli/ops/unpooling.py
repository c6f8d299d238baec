"""Max unpooling of ``torch.nn.functional``: ``max_unpool1d/2d/3d``, the
partial inverse of a max pooling from its indices, with PyTorch's graphs:
MaxUnpool2DBackward0 and MaxUnpool3DBackward0, and the 1-d op as F
composes it (the 2-d op between ``unsqueeze(-1)`` and ``squeeze(-1)``).

Values follow PyTorch's CPU kernel (MaxUnpoolKernel.cpp): an output of
zeros, each input value written at its index in input order (of two
values with one index, the later stays); the backward is
``max_pool_double_backward``: the gradient read at each index.
"""
from __future__ import annotations

import math

import numpy as np

from ..engine import dtypes as D
from ..engine.tensor import Tensor
from ..errors import GradcliError, index_error, runtime_error, type_error, value_error
from . import shape
from .oprow import KEEP, Sample, T, implements, row
from .operands import as_tensor, type_name
from .pooling import _gather_max, _gather_tensor, _ntuple, _sizes
from .table import OPS

F_FORMS = ("F", "bare")
_DIMS = {2: "(height, width)", 3: "(depth, height, width)"}


def _unpool(a, indices, out_sz):
    """The forward kernel: planes of zeros, each value written at its index (the last write wins)."""
    nd = len(out_sz)
    lead = a.shape[:a.ndim - nd]
    planes = math.prod(lead)
    size = math.prod(out_sz)
    out = np.zeros((planes, size), dtype=a.dtype)
    idx = indices.reshape(planes, -1)
    vals = a.reshape(planes, -1)
    bad = (idx < 0) | (idx >= size)
    if bad.any() and size:
        # NOTE: PyTorch reports the last invalid index it meets (one thread per plane may race; serial order here)
        where = np.flatnonzero(bad.reshape(-1))[-1]
        raise runtime_error(f"Found an invalid max index: {int(idx.reshape(-1)[where])} (output volumes are of size "
                            + "x".join(str(n) for n in out_sz) + ")")
    if idx.size and size:
        keys = (np.arange(planes)[:, None] * size + idx).reshape(-1)
        flat_vals = vals.reshape(-1)
        # the last of repeated indices: the first of them in reversed order
        _, first = np.unique(keys[::-1], return_index=True)
        last = keys.size - 1 - first
        out.reshape(-1)[keys[last]] = flat_vals[last]
    return out.reshape(lead + tuple(out_sz))


def _backward(m, g, indices, out_sz):
    """``max_pool_double_backward``: the gradient at each index (the node saves the indices alone)."""
    nd = len(out_sz)
    return _gather_tensor(g, indices, nd) if m.is_tensor else _gather_max(g, indices, nd)


for _nd in (2, 3):
    row(f"max_unpool{_nd}d_node", f"MaxUnpool{_nd}DBackward0",
        lambda a, indices, out_sz: _unpool(a, indices, out_sz),
        {"input": lambda m, g, out, a, indices, out_sz: _backward(m, g, indices, out_sz)},
        dtype=KEEP, via=f"max_unpool{_nd}d")


def _unpool_output_size(x, kernel_size, stride, padding, output_size):
    """F's ``_unpool_output_size``: the default size, or the one given (checked against it)."""
    n = len(kernel_size)
    try:
        default = [(x.shape[-n + d] - 1) * stride[d] + kernel_size[d] - 2 * padding[d] for d in range(n)]
        if output_size is None:
            ret = default
        else:
            if not isinstance(output_size, (list, tuple)):
                raise type_error(f"object of type '{type_name(output_size)}' has no len()")
            if len(output_size) == n + 2:
                output_size = output_size[2:]
            if len(output_size) != n:
                raise value_error(f"output_size should be a sequence containing {n} or {n + 2} elements, but it has "
                                  f"a length of '{len(output_size)}'")
            for d in range(n):
                lo, hi = default[d] - stride[d], default[d] + stride[d]
                if not lo < output_size[d] < hi:
                    shown = f"({', '.join(str(v) for v in output_size)}{',' if n == 1 else ''})" \
                        if isinstance(output_size, tuple) else str(list(output_size))
                    raise value_error(f'invalid output_size "{shown}" (dim {d} must be between {lo} and {hi})')
            ret = output_size
    except IndexError as e:
        raise index_error(str(e)) from None
    for d in range(n):
        if ret[d] < 0:
            raise value_error("max_unpooling: output_size must contain non-negative spatial dimensions, but got "
                              f"output_size[{d}]={ret[d]}")
    return ret


def _check(x, indices, out_sz, nd, stride=None):
    """ATen's checks of max_unpooling2d/3d's arguments."""
    if indices.data.dtype != np.int64:
        name = D.of_array(indices.data).torch_type[:-6]
        raise runtime_error("elements in indices should be type int64" + (f" but got: {name}" if nd == 2 else ""))
    dims = "3d or 4d" if nd == 2 else "4d or 5d"
    word = "two" if nd == 2 else "three"
    if nd == 2 and len(out_sz) != 2:
        raise runtime_error(f"There should be exactly two elements {_DIMS[2]} in output_size, but got "
                            f"{len(out_sz)} elements.")
    if x.ndim not in (nd + 1, nd + 2):
        raise runtime_error(f"Input to max_unpooling{nd}d should be a {dims} Tensor, but got a tensor with {x.ndim} "
                            "dimensions.")
    if nd == 3:
        for what, v in (("output_size", out_sz), ("stride", stride[0]), ("padding", stride[1])):
            if len(v) != 3:
                sep = ":" if what != "output_size" else ""
                raise runtime_error(f"There should be exactly {word} elements {_DIMS[3]} in {what}, but got{sep} "
                                    f"{len(v)} elements.")
    if x.shape != indices.shape:
        raise runtime_error(f"Expected shape of indices to be same as that of the input tensor ({_sizes(x.shape)}) "
                            f"but got indices tensor with shape: {_sizes(indices.shape)}")
    for i in range(1, x.ndim):
        if x.shape[i] == 0:
            raise runtime_error(f"max_unpooling{nd}d_forward_out_cpu(): Expected input to have non-zero size for "
                                f"non-batch dimensions, but got {_sizes(x.shape)} with dimension {i} being empty.")
    if nd == 3 and min(stride[0]) <= 0:
        raise runtime_error(f"strides should be greater than zero, but got stride: {_sizes(stride[0])}")
    if x.data.dtype.kind != "f":
        raise GradcliError("NotImplementedError", f'"max_unpool{nd}d" not implemented for '
                           f"'{D.of_array(x.data).torch_type[:-6]}'")


def _apply(x, indices, out_sz, nd):
    out_sz = tuple(int(v) for v in out_sz)
    return OPS[f"max_unpool{nd}d_node"].apply((x,), {"indices": indices.data, "out_sz": out_sz},
                                              _unpool(x.data, indices.data, out_sz))


def _unpool_nd(nd, input, indices, kernel_size, stride, padding, output_size):
    x, ind = as_tensor(input), as_tensor(indices)
    kernel_size = _ntuple(kernel_size, nd)
    stride = kernel_size if stride is None else _ntuple(stride, nd)
    padding = _ntuple(padding, nd)
    out_sz = list(_unpool_output_size(x, kernel_size, stride, padding, output_size))
    if nd == 1:
        unsqueezed, ind2 = shape.unsqueeze(x, -1), ind.data[..., None]
        _check(unsqueezed, Tensor(ind2), out_sz + [1], 2)
        return shape.squeeze(_apply(unsqueezed, Tensor(ind2), out_sz + [1], 2), -1)
    _check(x, ind, out_sz, nd, (stride, padding))
    return _apply(x, ind, out_sz, nd)


@implements("max_unpool1d")
def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    return _unpool_nd(1, input, indices, kernel_size, stride, padding, output_size)


@implements("max_unpool2d")
def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    return _unpool_nd(2, input, indices, kernel_size, stride, padding, output_size)


@implements("max_unpool3d")
def max_unpool3d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    return _unpool_nd(3, input, indices, kernel_size, stride, padding, output_size)


_INDICES = {1: [[[1, 2, 4], [0, 3, 5]]], 2: [[[[0, 3], [9, 10]]]], 3: [[[[[0, 3], [9, 14]]]]]}
for _nd, _shape in ((1, (1, 2, 3)), (2, (1, 1, 2, 2)), (3, (1, 1, 1, 2, 2))):
    row(f"max_unpool{_nd}d", "SqueezeBackward1" if _nd == 1 else f"MaxUnpool{_nd}DBackward0", None, forms=F_FORMS,
        doc="over MaxUnpool2DBackward0, as F composes it" if _nd == 1 else "",
        args="input, indices, kernel_size, stride=None, padding=0, output_size=None",
        samples=(Sample(T(_shape), T(values=_INDICES[_nd], grad=False, dtype="int64"), 2),))

"""Transposed convolutions: ``F.conv_transpose1d``/``2d``/``3d`` (and
``torch.``'s), as PyTorch's ``at::conv_transpose*d`` reads and checks them.

A transposed convolution is the adjoint of a convolution with the same
weight: its value is that convolution's input gradient
(``convolution.conv_input_grad``), its input's gradient a convolution of
the incoming gradient, its weight's gradient that convolution's weight
gradient with the roles of the two swapped; the node is
ConvolutionBackward0, each gradient's own a ConvolutionBackwardBackward0.

NOTE: PyTorch's value of a float32 one goes through oneDNN's deconvolution,
its convolution's backward pass over the data, whose order convolution.py
models (stride 1): PyTorch's bits on most shapes tried, not all (some with
padding differ); elsewhere, and for the gradients, the sums are BLAS's
(numpy's matmul): the same numbers up to the last bits.
"""
from __future__ import annotations

import numpy as np

from ..engine.tensor import Tensor
from ..errors import GradcliError, runtime_error, type_error
from . import convolution as C
from . import shape
from .oprow import Sample, T, backward_row, row
from .operands import as_index, type_name


def _crop(a, shape_):
    """``a``'s leading part of ``shape_`` (a convolution of an output padded
    beyond the stride gives one more row)."""
    return a[tuple(slice(0, s) for s in shape_)]


def transpose_array(input, weight, bias, stride, padding, output_padding, dilation, groups):
    out = tuple((s - 1) * st - 2 * p + d * (k - 1) + op + 1 for s, st, p, d, k, op in
                zip(input.shape[2:], stride, padding, dilation, weight.shape[2:], output_padding))
    full = (input.shape[0], weight.shape[1] * groups) + out
    # NOTE: oneDNN's deconvolution is its convolution's backward pass over the data,
    # in the order modelled for that (convolution.py)
    path = "onednn" if (input.dtype == np.float32
                        and C._onednn(input.shape, weight.shape, stride, dilation, groups)) else "other"
    y = C.conv_input_grad(input, weight, full, stride, padding, dilation, groups, path=path)
    if bias is not None:
        y += bias.reshape((-1,) + (1,) * len(out)).astype(y.dtype)
    return y


def _input_grad(g, weight, input_shape, stride, padding, output_padding, dilation, groups):
    return _crop(C.conv_array(g, weight, None, stride, padding, dilation, groups), input_shape)


def _weight_grad(g, input, weight_shape, stride, padding, output_padding, dilation, groups):
    return C.conv_weight_grad(input, g, weight_shape, stride, padding, dilation, groups)


def _geo(attrs):
    return {k: attrs[k] for k in ("stride", "padding", "output_padding", "dilation", "groups")}


def _conv(attrs):
    return {k: attrs[k] for k in ("stride", "padding", "dilation", "groups")}


_row = C.recorded(row(
    "convolution_transpose", "ConvolutionBackward0", transpose_array,
    {"input": lambda m, g, out, input, weight, bias, **a:
        m.conv_transpose_backward_input(g, weight, input_shape=tuple(input.shape), **a),
     "weight": lambda m, g, out, input, weight, bias, **a:
        m.conv_transpose_backward_weight(g, input, weight_shape=tuple(weight.shape), **a),
     "bias": lambda m, g, out, input, weight, bias, **a: m.convolution_backward_bias(g, input, weight, path="other")},
    via="conv_transpose1d, conv_transpose2d, conv_transpose3d"))

# the gradients: a convolution (its input's), and a convolution's weight
# gradient with the incoming gradient as its input (the weight's)
backward_row(
    "conv_transpose_backward_input", "ConvolutionBackwardBackward0", _input_grad,
    {"grad_output": lambda m, gg, out, g, weight, input_shape, **a:
        m.convolution_transpose(gg, weight, None, **a),
     "weight": lambda m, gg, out, g, weight, input_shape, **a:
        m.convolution_backward_weight(gg, g, weight_shape=tuple(weight.shape), **_conv(a))})
backward_row(
    "conv_transpose_backward_weight", "ConvolutionBackwardBackward0", _weight_grad,
    {"grad_output": lambda m, gg, out, g, input, weight_shape, **a:
        m.convolution_backward_input(input, gg, input_shape=tuple(g.shape), **_conv(a)),
     "input": lambda m, gg, out, g, input, weight_shape, **a:
        _crop_tensor(m, m.convolution(g, gg, None, **_conv(a)), tuple(input.shape))})


def _crop_tensor(m, t, shape_):
    if tuple(t.shape) == shape_:
        return t
    for d, s in enumerate(shape_):
        if t.shape[d] != s:
            t = m.narrow(t, d, 0, s)
    return t


# ***** reading and checking the arguments *****

_PARAMS = ("input", "weight", "bias", "stride", "padding", "output_padding", "groups", "dilation")


def _bind(name, nd, args, kwargs):
    """The eight parameters of ``conv_transpose{nd}d``, read as PyTorch's
    parser reads its one signature, or its TypeError."""
    if len(args) > len(_PARAMS):
        raise type_error(f"{name}() takes from 2 to 8 positional arguments but {len(args)} were given")
    for k in kwargs:
        if k not in _PARAMS:
            raise type_error(f"{name}() got an unexpected keyword argument '{k}'")
        if k in _PARAMS[:len(args)]:
            raise type_error(f"{name}() got multiple values for argument '{k}'")
    given = dict(zip(_PARAMS, args), **kwargs)
    missing = [p for p in ("input", "weight") if p not in given]
    if missing:
        s = "s" if len(missing) == 1 else ""
        raise type_error(f"{name}() missing {len(missing)} required positional argument{s}: "
                         + ", ".join(f'"{p}"' for p in missing))

    def where(p):
        i = _PARAMS.index(p)
        return f" (position {i + 1})" if i < len(args) else ""

    values = []
    for p in _PARAMS:
        v = given.get(p, {"bias": None, "groups": 1, "stride": 1, "dilation": 1}.get(p, 0))
        if p in ("input", "weight") or (p == "bias" and v is not None):
            if type(v) is not Tensor:
                raise type_error(f"{name}(): argument '{p}'{where(p)} must be Tensor, not {type_name(v)}")
        elif p == "groups":
            n = None if type(v) is bool else as_index(v)
            if n is None:
                raise type_error(f"{name}(): argument '{p}'{where(p)} must be int, not {type_name(v)}")
            v = n
        elif p != "bias":
            seq = C.int_seq(v, nd)
            if seq is None:
                raise type_error(f"{name}(): argument '{p}'{where(p)} must be tuple of ints, not {type_name(v)}")
            v = seq
        values.append(v)
    return values


def _axes(values, nd, fill):
    """Per-axis values as PyTorch's messages name them (a 1-D transposed
    convolution is a 2-D one of height 1: ``fill`` there)."""
    if nd == 1:
        values = (fill,) + tuple(values)
    names = ("depth", "height", "width")[-len(values):]
    return names, values


def _check_transposed(x, w, b, stride, padding, output_padding, dilation, groups, nd):
    C.check_steps(stride, padding)
    if any(p < 0 for p in output_padding):
        raise runtime_error("negative output_padding is not supported")
    C.check_groups(x, w, groups)
    ws = w.shape
    if x.shape[1] != ws[0]:
        raise runtime_error(f"Given transposed=1, weight of size {C.sizes(ws)}, expected input{C.sizes(x.shape)} to "
                            f"have {ws[0]} channels, but got {x.shape[1]} channels instead")
    if b is not None and (b.ndim != 1 or b.shape[0] != ws[1] * groups):
        raise runtime_error(f"Given transposed=1, weight of size {C.sizes(ws)}, expected bias to be 1-dimensional "
                            f"with {ws[1] * groups} elements, but got bias of size {C.sizes(b.shape)} instead")
    if any(d <= 0 for d in dilation):
        names, vals = _axes(dilation, nd, 1)
        raise runtime_error("dilation should be greater than zero, but got "
                            + ", ".join(f"dilation_{n}: {v}" for n, v in zip(names, vals)))
    if any(op >= s and op >= d for op, s, d in zip(output_padding, stride, dilation)):
        parts = []
        for what, values, fill in (("output_padding", output_padding, 0), ("stride", stride, 1),
                                   ("dilation", dilation, 1)):
            parts += [f"{what}_{n}: {v}" for n, v in zip(*_axes(values, nd, fill))]
        raise runtime_error("output padding must be smaller than either stride or dilation, but got "
                            + " ".join(parts))
    out = [(s - 1) * st - 2 * p + d * (k - 1) + op + 1 for s, st, p, d, k, op in
           zip(x.shape[2:], stride, padding, dilation, ws[2:], output_padding)]
    if any(o < 1 for o in out):
        ins, outs = _axes(x.shape[2:], nd, 1)[1], _axes(out, nd, 1)[1]
        raise runtime_error(f"Given input size per channel: ({' x '.join(map(str, ins))}). Calculated output size "
                            f"per channel: ({' x '.join(map(str, outs))}). Output size is too small")


def conv_transpose(name, nd, args, kwargs):
    """``conv_transpose{nd}d(input, weight, bias=None, stride=1, padding=0,
    output_padding=0, groups=1, dilation=1)``."""
    x, w, b, stride, padding, output_padding, groups, dilation = _bind(name, nd, args, kwargs)
    x, batched = C.batchify(x, w, groups, nd, name)
    dim = w.data.ndim - 2
    stride, padding, output_padding, dilation = (
        C.expanded(v, what, dim) for v, what in ((stride, "stride"), (padding, "padding"),
                                                 (output_padding, "output_padding"), (dilation, "dilation")))
    _check_transposed(x.data, w.data, None if b is None else b.data, stride, padding, output_padding, dilation,
                      groups, dim)
    if w.data.dtype != x.data.dtype:
        raise runtime_error(f"expected scalar type {x.dtype.torch_type[:-6]} but found {w.dtype.torch_type[:-6]}")
    if b is not None and b.data.dtype != x.data.dtype:
        raise runtime_error(f"expected scalar type {x.dtype.torch_type[:-6]} but found {b.dtype.torch_type[:-6]}")
    if x.data.dtype == np.bool_:
        raise GradcliError("NotImplementedError", f"\"slow_conv_transpose{dim}d_out_cpu\" not implemented for "
                           "'Bool'")
    y = _row.call(x, w, b, stride=stride, padding=padding, output_padding=output_padding, dilation=dilation,
                  groups=groups)
    return y if batched else shape.squeeze(y, 0)


C.front_rows("conv_transpose", conv_transpose,
             "input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1", (
        (1, (Sample(T((2, 3, 5)), T((3, 4, 3)), T((4,))), Sample(T((3, 6)), T((3, 2, 2)), None, 2, 1, 1),
             Sample(T((1, 4, 5)), T((4, 1, 3)), T((2,)), 1, 0, 0, 2, 2))),
        (2, (Sample(T((2, 2, 4, 4)), T((2, 3, 3, 3)), T((3,))), Sample(T((2, 4, 3)), T((2, 2, 2, 3)), None, (2, 1), 1, (1, 0)),
             Sample(T((1, 4, 3, 4)), T((4, 1, 3, 2)), T((2,)), 1, (1, 0), 0, 2, (2, 1)))),
        (3, (Sample(T((1, 2, 3, 3, 2)), T((2, 2, 2, 3, 2)), T((2,))),))))

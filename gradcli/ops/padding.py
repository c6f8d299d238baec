"""``F.pad`` and ``torch.constant_pad_nd``: padding with a constant
(ConstantPadNdBackward0), by reflection (ReflectionPad1D/2D/3DBackward0),
by repeating the edge (ReplicationPad1D/2D/3DBackward0) or by wrapping
around (copies into a new tensor: CopySlices), with PyTorch's pad
convention: ``(left, right)`` for the last dim, then ``(top, bottom)`` for
the one before, ...; a negative pad crops.
"""
from __future__ import annotations

import math

import numpy as np

from ..errors import GradcliError, runtime_error
from .normalization import int_tuple
from .oprow import Sample, T, implements, row
from .operands import as_tensor
from .table import OPS


def _pairs(pad, ndim):
    """``pad`` as (dim, before, after), last dim first."""
    return [(ndim - 1 - k, pad[2 * k], pad[2 * k + 1]) for k in range(len(pad) // 2)]


# ***** constant *****

def _constant_pad_array(a, pad, value=0):
    """``constant_pad_nd``: crop the negative pads, then fill around."""
    src = [slice(None)] * a.ndim
    shape_ = list(a.shape)
    dst = [slice(None)] * a.ndim
    for d, before, after in _pairs(pad, a.ndim):
        size = a.shape[d]
        src[d] = slice(max(-before, 0), size - max(-after, 0))
        kept = size - max(-before, 0) - max(-after, 0)
        shape_[d] = kept + max(before, 0) + max(after, 0)
        dst[d] = slice(max(before, 0), max(before, 0) + kept)
    out = np.full(shape_, value, dtype=a.dtype)
    out[tuple(dst)] = a[tuple(src)]
    return out


def _constant_pad_grad(m, g, out, a, pad, value=0):
    """The gradient: the incoming one padded back by the opposite pads (with zeros)."""
    back = tuple(-p for p in pad)
    if m.is_tensor:
        return constant_pad_nd(g, back)
    return _constant_pad_array(np.asarray(g), back)


row("constant_pad_nd", "ConstantPadNdBackward0", _constant_pad_array, {"input": _constant_pad_grad},
    forms=("torch", "bare"), args="input, pad, value=0",
    samples=(Sample(T((2, 3)), (1, 2)), Sample(T((2, 3)), (1, -1, -1, 2), 0.5), Sample(T((3,)), [0, 0])))


def _check_narrow(a_shape, pad):
    """PyTorch crops a negative pad with narrow(), whose message a pad larger than the dim gets."""
    for d, before, after in _pairs(pad, len(a_shape)):
        size = a_shape[d]
        if before < 0:
            if size + before < 0:
                raise runtime_error("narrow(): length must be non-negative.")
            size += before
        if after < 0 and size + after < 0:
            raise runtime_error("narrow(): length must be non-negative.")


@implements("constant_pad_nd")
def constant_pad_nd(input, pad, value=0):
    x = as_tensor(input)
    pad = int_tuple(pad, "constant_pad_nd", "pad", 2)
    if len(pad) % 2:
        raise runtime_error("Length of pad must be even but instead it equals " + str(len(pad)))
    if len(pad) // 2 > x.data.ndim:
        # NOTE: PyTorch's message has no space before "while" and "dimensions"
        raise runtime_error("Length of pad should be no more than twice the number of dimensions of the input. "
                            f"Pad length is {len(pad)}while the input has {x.data.ndim}dimensions.")
    _check_narrow(x.shape, pad)
    # NOTE: the fill value is cast to the tensor's dtype (2.5 pads an int64 tensor with 2)
    fill = np.asarray(value).astype(x.data.dtype) if value is not None else 0
    return OPS["constant_pad_nd"].apply((x,), {"pad": pad, "value": fill},
                                        _constant_pad_array(x.data, pad, fill))


# ***** reflect, replicate *****

def _edge_indices(size, before, after, mode):
    """Which input position each output position along one dim reads."""
    pos = np.arange(-before, size + after)
    if mode == "reflect":
        period = 2 * (size - 1)
        pos = np.abs(pos) % period if period else np.zeros_like(pos)
        pos = np.where(pos >= size, period - pos, pos)
    else:
        pos = np.clip(pos, 0, size - 1)
    return pos


def _edge_pad_array(a, pad, mode):
    for d, before, after in _pairs(pad, a.ndim):
        a = np.take(a, _edge_indices(a.shape[d], before, after, mode), axis=d)
    return a


def _edge_scatter(shape_, pad, mode):
    """Where each output's gradient goes: (planes, input plane size,
    output plane size, key into (planes, input plane)), the padded dims
    flattened into one plane, the output in its order (PyTorch's backward
    kernel loops over the output, adding into the input position read)."""
    pairs = _pairs(pad, len(shape_))
    dims = sorted(d for d, _, _ in pairs)
    lead = math.prod(shape_[:dims[0]])
    plane = tuple(shape_[d] for d in dims)
    by_dim = {d: _edge_indices(shape_[d], before, after, mode) for d, before, after in pairs}
    grids = np.meshgrid(*(by_dim[d] for d in dims), indexing="ij")
    flat = np.ravel_multi_index(tuple(grids), plane).reshape(-1)
    return lead, math.prod(plane), flat.size, (np.arange(lead)[:, None], flat[None, :])


def _edge_rule(m, g, out, a, pad, mode):
    lead, plane_in, plane_out, key = _edge_scatter(tuple(a.shape), pad, mode)
    return m.reshape(m.embed_add(m.reshape(g, (lead, plane_out)), (lead, plane_in), key), tuple(a.shape))


_EDGE_NAMES = {"reflect": "ReflectionPad{}DBackward0", "replicate": "ReplicationPad{}DBackward0"}
for _mode, _name in _EDGE_NAMES.items():
    for _dims in (1, 2, 3):
        row(f"{_mode}_pad{_dims}d", _name.format(_dims), _edge_pad_array, {"input": _edge_rule}, via="pad")


def _check_output_size(shape_, pad_, mode):
    """PyTorch's checks of the padded size: in one dim it must be at least
    1; in two or three, one of them must be (each message as PyTorch
    words it), and a negative one fails when the result is made."""
    pairs = sorted(_pairs(pad_, len(shape_)))
    sizes = [shape_[d] for d, _, _ in pairs]
    outs = [shape_[d] + before + after for d, before, after in pairs]
    if all(o < 1 for o in outs):
        if len(pairs) == 1:
            raise runtime_error(f"input (W: {sizes[0]}) is too small. Calculated output W: {outs[0]}")
        if len(pairs) == 2:
            gap = " " if mode == "replicate" else ""
            raise runtime_error(f"input (H: {sizes[0]}, W: {sizes[1]}{gap}) is too small. Calculated output "
                                f"H: {outs[0]} W: {outs[1]}")
        raise runtime_error(f"input (D: {sizes[0]} H: {sizes[1]}, W: {sizes[2]}) is too small. Calculated output "
                            f"D: {outs[0]} H: {outs[1]} W: {outs[2]}")
    if any(o < 0 for o in outs):
        if mode == "reflect" and len(pairs) == 2:
            raise runtime_error("numel: integer multiplication overflow")
        full = list(shape_)
        for (d, _, _), o in zip(pairs, outs):
            full[d] = o
        raise runtime_error(f"Trying to create tensor with negative dimension {min(outs)}: "
                            f"[{', '.join(str(v) for v in full)}]")


_NON_CONSTANT_HELP = ("Supported combinations for non-constant padding:\n"
                      "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
                      "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
                      "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)")


@implements("pad")
def pad(input, pad, mode="constant", value=None):
    """``F.pad(input, pad, mode='constant', value=None)``."""
    x = as_tensor(input)
    pad_ = int_tuple(pad, "pad", "pad", 2)
    if mode == "constant":
        if len(pad_) % 2:
            raise runtime_error("Padding length must be divisible by 2")
        if len(pad_) // 2 > x.data.ndim:
            raise runtime_error("Padding length should be less than or equal to two times the input dimension "
                                f"but got padding length {len(pad_)} and input of dimension {x.data.ndim}")
        return constant_pad_nd(x, pad_, 0 if value is None else value)
    if mode not in _EDGE_NAMES and mode != "circular":
        raise GradcliError("NotImplementedError", f"Unrecognised padding mode {mode}")
    if value is not None and value != 0:
        raise runtime_error(f'Padding mode "{mode}" doesn\'t take in value argument')
    dims = len(pad_) // 2
    nd = x.data.ndim
    if len(pad_) % 2:
        raise runtime_error("Padding length must be divisible by 2")
    if dims not in (1, 2, 3) or nd not in (dims + 1, dims + 2):
        raise GradcliError("NotImplementedError", f"Padding size {len(pad_)} is not supported for {nd}D input "
                           f"tensor.\n{_NON_CONSTANT_HELP}")
    if mode == "circular":
        return _circular_pad(x, pad_)
    if 0 in x.shape[nd - dims:]:
        raise runtime_error(f"Expected {dims + 1}D or {dims + 2}D (batch mode) tensor with possibly 0 batch size "
                            "and other non-zero dimensions for input, but got: "
                            f"[{', '.join(str(v) for v in x.shape)}]")
    for d, before, after in _pairs(pad_, nd):
        size = x.shape[d]
        if mode == "reflect" and (before >= size or after >= size):
            raise runtime_error(f"Argument #4: Padding size should be less than the corresponding input dimension, "
                                f"but got: padding ({before}, {after}) at dimension {d} of input "
                                f"[{', '.join(str(s) for s in x.shape)}]")
    _check_output_size(x.shape, pad_, mode)
    op = OPS[f"{mode}_pad{dims}d"]
    return op.apply((x,), {"pad": pad_, "mode": mode}, _edge_pad_array(x.data, pad_, mode))


# ***** circular *****

def _circular_pad(x, pad_):
    """ATen's ``_pad_circular``, with its graph: the input (cropped by the
    negative pads) is copied into the middle of a new tensor; then, a dim
    at a time from the last, the left pad is copied from the right end of
    what is there so far and the right pad from its left end (corners are
    written more than once). Each copy into a slice of the result makes
    its history CopySlices, so the gradient adds up the copies in
    PyTorch's order.

    NOTE: where a negative pad leaves no middle in one dim while another
    dim wraps around, PyTorch's copies read parts of its new tensor that
    nothing wrote (uninitialised memory, different on every run); here
    those parts are zeros."""
    from ..engine.autograd import record
    from .autograd_calls import inplace
    from .create import new_empty
    from .shape import narrow
    from .views import copy_values
    pairs = _pairs(pad_, x.data.ndim)                   # last dim first
    out_shape = list(x.shape)
    for d, before, after in reversed(pairs):           # PyTorch checks from the first padded dim
        size = x.shape[d]
        if before > size or after > size:
            raise runtime_error("Padding value causes wrapping around more than once.")
        if size + before + after < 0:
            raise runtime_error("Negative padding value is resulting in an empty dimension")
        out_shape[d] = size + before + after
    out = new_empty(x, out_shape)

    def part(t, d, start, stop):
        return narrow(t, d, start, stop - start)

    def copy(dst, src):
        inplace(dst, lambda v: copy_values(v, src), cast=True)

    def wrap(d, start, src_start, length):
        """out[start:start + length] = out[src_start:...] along dim ``d``."""
        dst = part(out, d, start, start + length)
        src = part(out, d, src_start, src_start + length)
        if abs(start - src_start) >= length or not math.prod(out_shape):
            return copy(dst, src)
        # NOTE: the two overlap (a pad wider than the middle a negative pad
        # leaves). PyTorch refuses the copy when both are single runs of
        # memory; else its loop copies element after element, so a copy
        # forwards repeats what it has just written.
        if math.prod(out_shape[:d]) <= 1:
            raise runtime_error("unsupported operation: some elements of the input tensor and the written-to "
                                "tensor refer to a single memory location. Please clone() the tensor before "
                                "performing the operation.")
        shift = start - src_start
        if shift < 0:
            return copy(dst, src)           # reading ahead of the writes: a plain copy
        values = np.take(src.data, np.arange(length) % shift, axis=d)
        inplace(dst, lambda v: record(OPS["copy"], (v, src), {}, values, None), cast=True)

    out_part, in_part = out, x
    for d, before, after in pairs:
        out_part = part(out_part, d, max(before, 0), out_shape[d] - max(after, 0))
        in_part = part(in_part, d, max(-before, 0), x.shape[d] - max(-after, 0))
    copy(out_part, in_part)
    for d, before, after in pairs:
        n = out_shape[d]
        if before > 0:
            wrap(d, 0, n - before - max(after, 0), before)
        if after > 0:
            wrap(d, n - after, max(before, 0), after)
    return out


row("pad", "ConstantPadNdBackward0", None, forms=("F", "bare"), call=pad, args="input, pad, mode='constant', value=None",
    doc="ConstantPadNdBackward0 (mode='constant'), ReflectionPad1D/2D/3DBackward0 ('reflect'), "
        "ReplicationPad1D/2D/3DBackward0 ('replicate'), CopySlices ('circular')",
    samples=(Sample(T((2, 3)), (1, 2)), Sample(T((2, 3)), (1, 1, 2, 0), value=-1.5), Sample(T((2, 3)), (-1, 1)),
             Sample(T((1, 2, 6)), (2, 1), mode="reflect"), Sample(T((1, 2, 6)), (2, 1), mode="replicate"),
             Sample(T((1, 1, 4, 4)), (1, 1, 2, 0), mode="reflect"),
             Sample(T((1, 1, 4, 4)), (1, 2, 0, 1), mode="replicate"),
             Sample(T((1, 1, 2, 3, 3)), (1, 1, 1, 1, 1, 0), mode="replicate"),
             Sample(T((1, 2, 4)), (2, 1), mode="circular"), Sample(T((1, 3, 4)), (1, -1, 2, 3), mode="circular")))

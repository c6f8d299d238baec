"""Shape ops and indexing: views share data and version with their base.

Indexing is applied as PyTorch does it: one view op per index item
(``select`` for ints, ``slice`` for ranges, ``unsqueeze`` for None and
bools), so the grad_fn names match, then one ``index`` op (IndexBackward0)
on that view for the advanced items (bools, int lists/tensors, bool masks).
"""
from __future__ import annotations

import numpy as np

from ..engine.autograd import GRAD_MODE, note_reshape, record
from ..engine.dtypes import DType
from ..engine.tensor import Tensor
from ..engine.views import current_grad_fn, writable_view
from ..errors import index_error, runtime_error, type_error, value_error
from .device import argument_types
from .operands import as_index, as_tensor, int_list, normalize_dim, normalize_dims, type_name
from .oprow import FUNCTION_FORMS, Sample, implements, row
from .oprow import T as Arg       # this module's T is x.T
from .table import OPS, RESHAPE_DOC


def _view(key, x: Tensor, out, **attrs) -> Tensor:
    if key == "unsqueeze":
        out = _unsqueezed_strides(x.data, out, attrs["dim"])
    if not out.flags.writeable:
        out = writable_view(out)
    return record(OPS[key], (x,), attrs, out, None, view_of=x)




def _infer(shape, numel):
    known, inferred = 1, False
    for i, s in enumerate(shape):          # NOTE: PyTorch's infer_size: one pass, the first fault named
        if s == -1:
            if inferred:
                raise runtime_error("only one dimension can be inferred")
            inferred = True
        elif s < 0:
            raise runtime_error(f"invalid shape dimension {s} at index {i} of shape {list(shape)}")
        else:
            known *= s
    if -1 in shape:
        if known == 0 or numel % known:
            raise runtime_error(f"shape '{list(shape)}' is invalid for input of size {numel}")
        shape = tuple(numel // known if s == -1 else s for s in shape)
    elif known != numel:
        raise runtime_error(f"shape '{list(shape)}' is invalid for input of size {numel}")
    return shape


_VIEW_FORMS = (" * (torch.dtype dtype)\n", " * (tuple of ints size)\n")


def _view_size(args) -> tuple:
    """``view``'s size (its ``view(dtype)`` form is not modelled), or
    PyTorch's error for a call neither of its forms takes: one argument
    that is neither ints nor a dtype gets each form's reason."""
    first = args[0] if args else None
    if isinstance(first, (list, tuple)):
        fits = len(args) == 1 and (not first or as_index(first[0]) is not None)
    else:
        fits = bool(args) and (as_index(first) is not None or len(args) == 1 and isinstance(first, DType))
    if fits:
        return int_list("view", "size", args)
    why = ""
    if len(args) == 1:
        what = type_name(first)
        if isinstance(first, (list, tuple)):
            inner = ", ".join(type_name(v) for v in first)
            what = f"tuple of ({inner})" if isinstance(first, tuple) else f"list of [{inner}]"
        why = f"      didn't match because some of the arguments have invalid types: (!{what}!)\n"
    raise type_error(f"view() received an invalid combination of arguments - got {argument_types(args, {})}, "
                     "but expected one of:\n" + "".join(form + why for form in _VIEW_FORMS))


@implements("view")
def view(input, *shape):
    x = as_tensor(input)
    shape = _infer(_view_size(shape), x.data.size)
    out = viewed(x.data, shape)
    if out is None:
        raise runtime_error("view size is not compatible with input tensor's size and stride (at least "
                            "one dimension spans across two contiguous subspaces). Use .reshape(...) instead.")
    return _view("view", x, out, shape=shape)


# ***** strides: where numpy's differ from PyTorch's *****
# NOTE: a dim of size 1 moves to no other element, so its stride is free;
# numpy and PyTorch choose it differently for a new dim, and ``stride()``
# shows PyTorch's, so the views that make one take PyTorch's.

def _with_strides(a: np.ndarray, strides: tuple) -> np.ndarray:
    """``a`` with these byte strides (differing from its own only in dims of size 1)."""
    return a if a.strides == strides else np.lib.stride_tricks.as_strided(a, a.shape, strides)


def _unsqueezed_strides(a: np.ndarray, out: np.ndarray, d: int) -> np.ndarray:
    """``out``, ``a`` with a dim of size 1 inserted at ``d``, whose stride is
    PyTorch's: the next dim's size times its stride, 1 element at the end."""
    want = a.strides[d] * a.shape[d] if d < a.ndim else a.itemsize
    return _with_strides(out, out.strides[:d] + (want,) + out.strides[d + 1:])


def _expanded_strides(a: np.ndarray, out: np.ndarray) -> np.ndarray:
    """``out``, ``a`` broadcast to more dims, whose new dims of size 1 have
    PyTorch's strides (``inferExpandGeometry``: the next dim's size times
    its stride; all 0 for a 0-d tensor)."""
    lead = out.ndim - a.ndim
    if not a.ndim or 1 not in out.shape[:lead]:
        return out
    strides = list(out.strides)
    for i in range(lead - 1, -1, -1):
        if out.shape[i] == 1:
            strides[i] = out.shape[i + 1] * strides[i + 1]
    return _with_strides(out, tuple(strides))


def viewable(a: np.ndarray) -> bool:
    return a.flags.c_contiguous or a.size <= 1


def viewed(a: np.ndarray, shape: tuple):
    """``a`` seen in ``shape`` without a copy, as PyTorch's ``view`` sees it
    (its strides from ``view_strides``); None where that takes a copy."""
    if viewable(a):
        return a.reshape(shape)
    strides = view_strides(a.shape, tuple(st // a.itemsize for st in a.strides), shape)
    if strides is None:
        return None
    return np.lib.stride_tricks.as_strided(a, shape, tuple(st * a.itemsize for st in strides))


def view_strides(old_shape: tuple, old_strides: tuple, shape: tuple):
    """PyTorch's ``computeStride``: the strides (in elements) of a tensor of
    ``old_shape`` and ``old_strides`` viewed as ``shape``, or None when no
    strides can: the old dims fall into chunks that are contiguous among
    themselves (a dim's stride is the next one's times its size; dims of
    size 1 never end a chunk), and the new dims must fall into chunks of the
    same element counts, in order."""
    if not old_shape:
        return (1,) * len(shape)
    numel = int(np.prod(old_shape))
    if numel == 0:
        if tuple(old_shape) == tuple(shape):
            return tuple(old_strides)
        out, step = [], 1
        for size in reversed(shape):
            out.append(step)
            step *= max(size, 1)
        return tuple(reversed(out))
    new = [0] * len(shape)
    view_d = len(shape) - 1
    base = old_strides[-1]              # the stride of the current chunk's last dim
    tensor_numel = view_numel = 1
    for d in range(len(old_shape) - 1, -1, -1):
        tensor_numel *= old_shape[d]
        if d == 0 or (old_shape[d - 1] != 1 and old_strides[d - 1] != tensor_numel * base):
            while view_d >= 0 and (view_numel < tensor_numel or shape[view_d] == 1):
                new[view_d] = view_numel * base
                view_numel *= shape[view_d]
                view_d -= 1
            if view_numel != tensor_numel:
                return None
            if d > 0:
                base = old_strides[d - 1]
                tensor_numel = view_numel = 1
    return tuple(new) if view_d == -1 else None


@implements("reshape")
def reshape(input, *shape):
    x = as_tensor(input)
    shape = _infer(int_list("reshape", "shape", shape), x.data.size)
    if viewable(x.data):
        return _view("view", x, x.data.reshape(shape), shape=shape)
    out = viewed(x.data, shape)
    if out is not None:
        # NOTE: PyTorch's reshape of a non-contiguous input that a view can
        # still see is a view too, ReshapeAliasBackward0
        return _view("reshape_alias", x, out, shape=shape)
    # NOTE: otherwise PyTorch copies the input: CloneBackward0, then UnsafeViewBackward0.
    c = record(OPS["clone"], (x,), {}, np.ascontiguousarray(x.data))
    return record(OPS["unsafe_view"], (c,), {"shape": shape}, c.data.reshape(shape))


@implements("flatten")
def flatten(input, start_dim=0, end_dim=-1):
    x = as_tensor(input)
    nd = x.data.ndim
    # NOTE: each dim is checked on its own: flatten(0, -1) names one dim twice
    s, e = normalize_dim(start_dim, nd), normalize_dim(end_dim, nd)
    if nd == 0:
        return reshape(x, 1)
    if s > e:
        raise runtime_error("flatten() has invalid args: start_dim cannot come after end_dim")
    if s == e:
        return x
    shp = x.data.shape
    return reshape(x, shp[:s] + (int(np.prod(shp[s:e + 1])),) + shp[e + 1:])


@implements("t")
def t(input):
    x = as_tensor(input)
    if x.data.ndim > 2:
        raise runtime_error(f"t() expects a tensor with <= 2 dimensions, but self is {x.data.ndim}D")
    return _view("t", x, x.data.T)


def T(x: Tensor):
    from ..engine.context import CONTEXT
    if x.data.ndim != 2:
        CONTEXT.warning("The use of `x.T` on tensors of dimension other than 2 to reverse their shape is "
                        "deprecated and it will throw an error in a future release. Consider `x.mT` to "
                        "transpose batches of matrices or `x.permute(*torch.arange(x.ndim - 1, -1, -1))` "
                        "to reverse the dimensions of a tensor. (Triggered internally at "
                        "/__w/pytorch/pytorch/aten/src/ATen/native/TensorShape.cpp:4314.)")
    return permute(x, tuple(range(x.data.ndim - 1, -1, -1)))


def mT(x: Tensor):
    if x.data.ndim < 2:
        raise runtime_error(f"tensor.mT is only supported on matrices or batches of matrices. Got {x.data.ndim}-D tensor.")
    return transpose(x, -2, -1)


@implements("permute")
def permute(input, *dims):
    x = as_tensor(input)
    dims = int_list("permute", "dims", dims)
    if len(dims) != x.data.ndim:
        raise runtime_error(f"permute(sparse_coo): number of dimensions in the tensor input does not match "
                            f"the length of the desired ordering of dimensions i.e. input.dim() = "
                            f"{x.data.ndim} is not equal to len(dims) = {len(dims)}")
    wrapped = []
    for d in dims:                      # each in range, then not seen before (PyTorch's order)
        wrapped += normalize_dims(d, x.data.ndim)
        if wrapped[-1] in wrapped[:-1]:
            raise runtime_error("permute(): duplicate dims are not allowed.")
    dims = tuple(wrapped)
    return _view("permute", x, np.transpose(x.data, dims), dims=dims)


@implements("transpose")
def transpose(input, dim0, dim1):
    x = as_tensor(input)
    dims = _swapped(x, dim0, dim1)
    return _view("transpose", x, np.transpose(x.data, dims) if dims else x.data, dims=dims)


def _swapped(x, dim0, dim1) -> tuple:
    """The permutation that swaps ``dim0`` and ``dim1`` of ``x`` (PyTorch's checks)."""
    # NOTE: each dim is checked on its own: transpose(0, -2) of a 2-D tensor names one dim twice
    d0, d1 = normalize_dim(dim0, x.data.ndim), normalize_dim(dim1, x.data.ndim)
    if x.data.ndim == 0:            # only dims 0 and -1 exist; swapping them changes nothing
        return ()
    dims = list(range(x.data.ndim))
    dims[d0], dims[d1] = dims[d1], dims[d0]
    return tuple(dims)


@implements("unsqueeze")
def unsqueeze(input, dim):
    x = as_tensor(input)
    d = normalize_dims(dim, x.data.ndim + 1)[0]
    return _view("unsqueeze", x, np.expand_dims(x.data, d), dim=d)


@implements("squeeze")
def squeeze(input, dim=None, *, _key=None):
    x = as_tensor(input)
    key, out, attrs = _squeezed(x, dim)
    return _view(_key or key, x, out, **attrs)


def _squeezed(x, dim):
    """(row key, the squeezed array, attrs) of ``x.squeeze(dim)``: all
    dims of size 1 (dim None), or those of ``dim`` (an int or a tuple)."""
    if dim is None:
        return "squeeze", np.squeeze(x.data), {}
    dims = normalize_dims(dim, x.data.ndim) if x.data.ndim else ()
    dims = tuple(d for d in dims if x.data.shape[d] == 1)
    return ("squeeze_dim" if isinstance(dim, int) else "squeeze_tuple"), np.squeeze(x.data, axis=dims), {"dims": dims}


@implements("expand")
def expand(input, *sizes):
    x = as_tensor(input)
    sizes = int_list("expand", "size", sizes)
    nd = x.data.ndim
    if len(sizes) < nd:
        raise runtime_error(f"expand(torch.{x.dtype.torch_type}{{{list(x.shape)}}}, size={list(sizes)}): the number "
                            f"of sizes provided ({len(sizes)}) must be greater or equal to the number of "
                            f"dimensions in the tensor ({nd})")
    lead = len(sizes) - nd
    shape = list(sizes)
    # NOTE: PyTorch's inferExpandGeometry checks from the last dim
    for i in range(len(sizes) - 1, -1, -1):
        s = sizes[i]
        cur = x.data.shape[i - lead] if i >= lead else 1
        if s == -1:
            if i < lead:
                raise runtime_error(f"The expanded size of the tensor (-1) isn't allowed in a leading, non-existing "
                                    f"dimension {i}")
            shape[i] = cur
        elif cur != 1 and cur != s:
            raise runtime_error(f"The expanded size of the tensor ({s}) must match the existing size ({cur}) at "
                                f"non-singleton dimension {i}.  Target sizes: {list(sizes)}.  Tensor sizes: {list(x.shape)}")
    shape = tuple(shape)
    return _view("expand", x, _expanded_strides(x.data, np.broadcast_to(x.data, shape)), shape=shape)


def sum_to(g: Tensor, shape: tuple) -> Tensor:
    """Differentiable unbroadcast (used by create_graph gradients)."""
    from .arith import sum as tsum
    lead = g.data.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(i + lead for i, s in enumerate(shape) if s == 1 and g.data.shape[i + lead] != 1)
    if axes:
        g = tsum(g, axes, keepdim=True)
    return reshape(g, shape) if g.shape != shape else g


@implements("contiguous")
def contiguous(input, memory_format=None):
    x = as_tensor(input)
    if viewable(x.data):
        return x
    return record(OPS["clone"], (x,), {}, np.ascontiguousarray(x.data))


# ***** in-place shape changes: x.unsqueeze_, x.squeeze_, x.t_, x.transpose_ *****
# NOTE: PyTorch changes the tensor's shape in place (its memory stays as it
# is), bumps its version and gives it a node of its own: UnsqueezeBackward1,
# SqueezeBackward3/4/5, TBackward1, TransposeBackward1. A gradient the
# tensor retains stays with its old node, in its old shape.
_INPLACE_KEYS = {"unsqueeze": "unsqueeze_inplace", "squeeze": "squeeze_inplace", "squeeze_dim": "squeeze_dims",
                 "squeeze_tuple": "squeeze_tuple_inplace", "t": "t_inplace", "transpose": "transpose_inplace"}
for _key, _grad_fn in (("unsqueeze", "UnsqueezeBackward1"), ("squeeze", "SqueezeBackward3"),
                       ("squeeze_tuple", "SqueezeBackward5"), ("t", "TBackward1"), ("transpose", "TransposeBackward1")):
    row(_INPLACE_KEYS[_key], _grad_fn, OPS[_key].forward, OPS[_key].grads, via=OPS[_key].via or _key)


def _reshaped_in_place(key, t: Tensor, out, **attrs) -> Tensor:
    """``t`` given the shape of ``out`` (a view of its memory) in place."""
    from .autograd_calls import check_inplace
    check_inplace(t)
    note_reshape(t)
    node = None
    if GRAD_MODE.enabled and t.requires_grad:
        # the node's input: t as it was (its shape is what the gradient takes back)
        before = Tensor(t.data, True, current_grad_fn(t))
        node = record(OPS[_INPLACE_KEYS[key]], (before,), attrs, out).grad_fn
    t.data = out if out.flags.writeable else writable_view(out)
    t.bump_version()
    if node is not None:
        t.grad_fn = node
        if t._view is not None:
            t._view.attr_version = t._version.value
    return t


def unsqueeze_(self, dim):
    d = normalize_dims(dim, self.data.ndim + 1)[0]
    return _reshaped_in_place("unsqueeze", self, np.expand_dims(self.data, d), dim=d)


def squeeze_(self, dim=None):
    key, out, attrs = _squeezed(self, dim)
    return _reshaped_in_place(key, self, out, **attrs)


def t_(self):
    if self.data.ndim > 2:
        raise runtime_error(f"t_() expects a tensor with <= 2 dimensions, but self is {self.data.ndim}D")
    return _reshaped_in_place("t", self, self.data.T)


def transpose_(self, dim0, dim1):
    dims = _swapped(self, dim0, dim1)
    return _reshaped_in_place("transpose", self, np.transpose(self.data, dims), dims=dims)


INPLACE_METHODS = {"unsqueeze_": unsqueeze_, "squeeze_": squeeze_, "t_": t_, "transpose_": transpose_,
                   "swapaxes_": transpose_, "swapdims_": transpose_}


# ***** indexing *****
# NOTE: a key is read as PyTorch's applySlicing reads it, one item after the
# other: an int selects (SelectBackward0), a slice slices (SliceBackward0;
# one over a whole dim is skipped), None unsqueezes, and a Python bool (or a
# 0-d bool tensor) is a new dim of size 1 (unsqueeze) indexed by [0] (True)
# or [] (False). Int lists and tensors and bool masks stay at the dims they
# stand at and index that view, as numpy indexes with slices and arrays
# (IndexBackward0; a write is index_put_): so the ints and slices between
# them are applied first, and where the broadcast dims go follows from where
# the index arrays (a bool's among them) stand.

_INVALID_INDEX = ("only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid "
                  "indices (got {})")


def _unsqueezed(x: Tensor, dim: int) -> Tensor:
    return _view("unsqueeze", x, np.expand_dims(x.data, dim), dim=dim)


def _selected(x: Tensor, dim: int, k: int, real_dim: int) -> Tensor:
    """``x.select(dim, k)``; an index out of range names the key's item
    ``real_dim``, as PyTorch's applySelect does."""
    size = x.data.shape[dim]
    if not -size <= k < size:
        raise index_error(f"index {k} is out of bounds for dimension {real_dim} with size {size}")
    idx = k % size
    # NOTE: the trailing `...` keeps a 0-dim result a view (a[0] alone
    # would be a numpy scalar, a copy), so `x[0] = v` writes through.
    return _view("select", x, x.data[(slice(None),) * dim + (idx, Ellipsis)], dim=dim, index=idx)


def _sliced(x: Tensor, dim: int, k: slice, whole_is_self: bool) -> Tensor:
    """``x`` sliced by ``k`` along ``dim``; ``whole_is_self``: ``x`` itself
    when ``k`` starts at 0, steps by 1 and stops at or past the end."""
    if k.step is not None and k.step <= 0:
        # NOTE: Python's slice unpacking refuses a zero step before PyTorch sees it
        raise value_error("slice step cannot be zero" if k.step == 0 else "step must be greater than zero")
    size = x.data.shape[dim]
    if whole_is_self and k.start in (None, 0) and k.step in (None, 1) and (k.stop is None or k.stop >= size):
        return x
    start, stop, step = k.indices(size)
    return _view("slice", x, x.data[(slice(None),) * dim + (slice(start, stop, step),)], dim=dim, start=start,
                 stop=stop, step=step)


def _index_array(k) -> np.ndarray:
    if type(k) is Tensor:
        return k.data
    # NOTE: PyTorch makes an index list a long tensor (unless bool): [] and [1.0] index too
    a = as_tensor(k).data
    return a if a.dtype == np.bool_ else a.astype(np.int64)


def _slicing(x: Tensor, items):
    """PyTorch's applySlicing of the key ``items``: the view of ``x`` that
    its ints, slices, None and bools make, and the key (whole slices and
    index arrays) that its bools, lists and tensors index that view with,
    None when it has none."""
    nd = x.data.ndim
    # NOTE: the dims the key indexes, as PyTorch's count_specified_dimensions:
    # a bool mask its own dims; None, `...` and bools none; any other item one
    specified = ellipses = 0
    for k in items:
        if type(k) is Tensor:
            specified += k.data.ndim if k.data.dtype == np.bool_ else 1
        elif k is Ellipsis:
            ellipses += 1
        elif not (k is None or type(k) is bool):
            specified += 1
    if specified > nd:
        raise index_error(f"too many indices for tensor of dimension {nd}")
    if ellipses > 1:
        raise index_error("an index can only have a single ellipsis ('...')")
    out, dim, arrays = x, 0, []
    for i, k in enumerate(items):
        t = type(k)
        if t is Tensor and k.data.ndim == 0 and k.data.dtype.kind in "biu":
            k = bool(k.data) if k.data.dtype == np.bool_ else int(k.data)
            t = type(k)
        if t is int:
            out = _selected(out, dim, k, i)
        elif t is slice:
            out = _sliced(out, dim, k, True)
            dim += 1
        elif k is None:
            out = _unsqueezed(out, dim)
            dim += 1
        elif k is Ellipsis:
            dim += nd - specified
        elif t is bool:
            out = _unsqueezed(out, dim)
            arrays.append((dim, np.zeros(int(k), np.int64)))
            dim += 1
        elif t is Tensor or t is list or t is tuple:
            a = _index_array(k)
            arrays.append((dim, a))
            dim += a.ndim if a.dtype == np.bool_ else 1
        elif isinstance(k, int):
            out = _selected(out, dim, int(k), i)
        elif isinstance(k, str):
            raise type_error("new(): invalid data type 'str'")
        else:
            raise index_error(_INVALID_INDEX.format(type_name(k)))
    if not arrays:
        return out, None
    key, at = [], 0
    for d, a in arrays:
        key += [slice(None)] * (d - at) + [a]
        at = d + (a.ndim if a.dtype == np.bool_ else 1)
    return out, tuple(key)


def expanded_key(shape, key):
    """PyTorch's checks of an index ``key`` (whole slices and index arrays)
    into a tensor of ``shape``, in its order: the index dtypes, each mask
    against the dims it covers, the broadcasting of the index arrays, an
    index into a dim of size 0. Gives the key with its masks as the int
    arrays of their positions, and the shape of the result."""
    for k in key:
        if isinstance(k, np.ndarray) and k.dtype.kind not in "biu":
            raise index_error("tensors used as indices must be long, int, byte or bool tensors")
    out = []
    for k in key:
        if isinstance(k, np.ndarray) and k.dtype == np.bool_:
            at = len(out)
            for j, n in enumerate(k.shape):
                if at + j >= len(shape) or shape[at + j] != n:
                    raise index_error(f"The shape of the mask {list(k.shape)} at index {j} does not match the shape "
                                      f"of the indexed tensor {list(shape)} at index {at + j}")
            out += np.nonzero(k)
        else:
            out.append(k)
    at = [i for i, k in enumerate(out) if isinstance(k, np.ndarray)]
    try:
        common = np.broadcast_shapes(*(out[i].shape for i in at))
    except ValueError:
        raise index_error("shape mismatch: indexing tensors could not be broadcast together with shapes "
                          + ", ".join(str(list(out[i].shape)) for i in at)) from None
    if 0 not in common and any(shape[i] == 0 for i in at):     # no index fits a dim of size 0
        raise index_error("index is out of bounds for dimension with size 0")
    if at[-1] - at[0] + 1 == len(at):      # adjacent: the broadcast dims stand where the index arrays do
        result = tuple(shape[:at[0]]) + common + tuple(shape[at[-1] + 1:])
    else:                                   # apart: they come first
        result = common + tuple(n for i, n in enumerate(shape) if i not in at)
    if 0 in result:                         # no element reads an index: none is out of range
        out = [np.zeros(common, np.intp) if isinstance(k, np.ndarray) else k for k in out]
    return tuple(out), result


def check_bounds(shape, key) -> None:
    """PyTorch's error for an index out of range in ``key`` (as
    ``expanded_key`` gives it): the first of the result's elements that has
    one, and there the first index array (dims counted among the index
    arrays)."""
    at = [i for i, k in enumerate(key) if isinstance(k, np.ndarray)
          and k.size and (k.min() < -shape[i] or k.max() >= shape[i])]
    if not at:
        return
    arrays = [i for i, k in enumerate(key) if isinstance(k, np.ndarray)]
    common = np.broadcast_shapes(*(key[i].shape for i in arrays))
    bad = {i: np.broadcast_to((key[i] < -shape[i]) | (key[i] >= shape[i]), common).reshape(-1) for i in at}
    first = int(np.argmax(np.logical_or.reduce(list(bad.values()))))
    for j, i in enumerate(arrays):
        if i in bad and bad[i][first]:
            value = np.broadcast_to(key[i], common).reshape(-1)[first]
            raise index_error(f"index {value} is out of bounds for dimension {j} with size {shape[i]}")


def _indexed(x: Tensor, key) -> Tensor:
    """``x[key]`` for a key of whole slices and index arrays (IndexBackward0)."""
    try:
        out = x.data[key]           # numpy reads such a key as PyTorch does
    except (IndexError, ValueError):
        # NOTE: PyTorch's checks, for its error; or an empty result, which
        # reads no index (numpy still checks them)
        key = expanded_key(x.data.shape, key)[0]
        check_bounds(x.data.shape, key)
        out = x.data[key]
    return record(OPS["index"], (x,), {"key": key}, out, None)


def _check_0d_index(key):
    """PyTorch's errors for a lone int or slice into a 0-d tensor
    (``applySelect``, ``applySlice``)."""
    if type(key) is int:
        if key == 0:
            raise index_error("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` "
                              "in C++ to convert a 0-dim tensor to a number")
        raise index_error(f"index {key} is out of bounds for dimension 0 with size 0")
    if type(key) is slice:
        raise index_error("slice() cannot be applied to a 0-dim tensor.")


def getitem(x: Tensor, key):
    """``x[key]``, as PyTorch's getitem: a lone slice is a view even over
    a whole dim, and a key that leaves ``x`` as it is an alias of it."""
    if type(key) is not tuple:
        if x.data.ndim == 0:
            _check_0d_index(key)
        if type(key) is slice:
            if key == slice(None):
                return _view("slice", x, x.data[:], dim=0, start=None, stop=None, step=None)
            return _sliced(x, 0, key, False)
    out, key = _slicing(x, key if type(key) is tuple else (key,))
    if key is not None:
        return _indexed(out, key)
    return _view("alias", x, x.data[...]) if out is x else out


def write_target(x: Tensor, key):
    """What ``x[key] = v`` writes, as PyTorch's setitem reads the key: the
    view it writes into (``x`` itself when the key leaves it as it is) and
    the index key there (None: a copy into the view); None when a lone
    False writes nothing. A lone True writes as a lone None does (into a
    view, no index), and a lone slice over a whole dim is skipped."""
    if type(key) is not tuple:
        if key is False:
            return None
        if key is None or key is True:
            return _unsqueezed(x, 0), None
        if x.data.ndim == 0:
            _check_0d_index(key)
        if type(key) is slice:
            return _sliced(x, 0, key, True), None
    return _slicing(x, key if type(key) is tuple else (key,))


# ***** repeat, expand_as, split, chunk, narrow, flip, roll, tril, triu *****

def _repeat_grad(m, g, a, sizes):
    lead = len(sizes) - a.ndim
    base = (1,) * lead + tuple(a.shape)
    split = []
    for r, s in zip(sizes, base):
        split += [r, s]
    summed = m.sum(m.reshape(g, tuple(split)), tuple(range(0, 2 * len(sizes), 2)), False)
    return m.reshape(summed, a.shape)


row("repeat", "RepeatBackward0", lambda a, sizes: np.tile(a, sizes),
    {"input": lambda m, g, out, a, sizes: _repeat_grad(m, g, a, sizes)},
    forms=("method",), samples=(Sample(Arg((2, 3)), 2, 1), Sample(Arg((3,)), 2, 2), Sample(Arg((2, 1)), (1, 3))))


@implements("select")
def select(input, dim, index):
    x = as_tensor(input)
    if x.data.ndim == 0:
        raise index_error("select() cannot be applied to a 0-dim tensor.")
    d = normalize_dims(dim, x.data.ndim)[0]
    size = x.shape[d]
    if not -size <= index < size:
        raise index_error(f"select(): index {index} out of range for tensor of size {list(x.shape)} at "
                          f"dimension {dim}")
    i = index % size
    return _view("select", x, x.data[(slice(None),) * d + (i, Ellipsis)], dim=d, index=i)


@implements("view_as")
def view_as(input, other):
    return view(input, tuple(as_tensor(other).shape))


@implements("reshape_as")
def reshape_as(input, other):
    return reshape(input, tuple(as_tensor(other).shape))


@implements("ravel")
def ravel(input):
    """``x.contiguous().view(-1)``, as PyTorch's ravel is."""
    x = contiguous(input)
    return view(x, -1)


@implements("movedim")
def movedim(input, source, destination):
    x = as_tensor(input)
    nd = x.data.ndim
    given = [[d] if isinstance(d, (int, np.integer)) else list(d) if isinstance(d, (list, tuple)) else d
             for d in (source, destination)]
    if isinstance(given[0], list) and isinstance(given[1], list) and len(given[0]) != len(given[1]):
        raise runtime_error(f"movedim: Invalid source or destination dims: source ({given[0]} dims) should "
                            f"contain the same number of dims as destination ({given[1]} dims)")
    src, dst = (tuple(normalize_dim(d, nd) for d in g) if isinstance(g, list) else normalize_dims(g, nd)
                for g in given)
    for name, g, wrapped in (("source", given[0], src), ("destination", given[1], dst)):
        if len(set(wrapped)) != len(wrapped):
            raise runtime_error(f"movedim: repeated dim in `{name}` ({g})")
    order = [None] * nd
    for s_, d_ in zip(src, dst):
        order[d_] = s_
    rest = iter(i for i in range(nd) if i not in src)
    return permute(x, tuple(o if o is not None else next(rest) for o in order))


@implements("unflatten")
def unflatten(input, dim, sizes):
    x = as_tensor(input)
    d = normalize_dims(dim, x.data.ndim)[0]
    sizes = int_list("unflatten", "sizes", (sizes,), varargs=False, position=2)
    n = x.shape[d]
    known = 1
    for s_ in sizes:
        known *= s_ if s_ != -1 else 1
    if sizes.count(-1) == 1 and known and n % known == 0:
        sizes = tuple(n // known if s_ == -1 else s_ for s_ in sizes)
    elif known != n or -1 in sizes:
        raise runtime_error(f"unflatten: Provided sizes {list(sizes)} don't multiply up to the size of dim {dim} "
                            f"({n}) in the input tensor")
    shape = x.shape[:d] + sizes + x.shape[d + 1:]
    return _view("view", x, x.data.reshape(shape), shape=shape)


row("view_as", "ViewBackward0", None, forms=("method",),
    samples=(Sample(Arg((2, 3)), Arg((3, 2), grad=False)), Sample(Arg((2, 2)), Arg((4,), grad=False))))
row("ravel", "ViewBackward0", None, forms=FUNCTION_FORMS,
    doc="ViewBackward0, after CloneBackward0 for a non-contiguous input",
    samples=(Sample(Arg((2, 3))), Sample(Arg(())), Sample(Arg((2, 0)))))
row("reshape_as", "ViewBackward0", None, forms=("method",), doc=RESHAPE_DOC,
    samples=(Sample(Arg((2, 3)), Arg((3, 2), grad=False)), Sample(Arg((4,)), Arg((2, 2), grad=False))))
row("movedim", "PermuteBackward0", None, forms=FUNCTION_FORMS, aliases=("moveaxis",),
    args="input, source, destination",
    samples=(Sample(Arg((2, 3, 4)), 0, 2), Sample(Arg((2, 3, 4)), (0, 1), (2, 0)), Sample(Arg((2, 3)), -1, 0)))
row("unflatten", "ViewBackward0", None, forms=FUNCTION_FORMS, args="input, dim, sizes",
    samples=(Sample(Arg((2, 6)), 1, (2, 3)), Sample(Arg((6,)), 0, (-1, 2)), Sample(Arg((4, 3)), -2, [2, 2])))


@implements("repeat")
def repeat(input, *sizes):
    x = as_tensor(input)
    sizes = int_list("repeat", "repeats", sizes)
    if len(sizes) < x.data.ndim:
        raise runtime_error("Number of dimensions of repeat dims can not be smaller than number of dimensions "
                            "of tensor")
    if any(s < 0 for s in sizes):
        raise runtime_error(f"Trying to create tensor with negative dimension {min(sizes)}: {list(sizes)}")
    return OPS["repeat"].apply((x,), {"sizes": tuple(sizes)}, np.tile(x.data, sizes))


@implements("expand_as")
def expand_as(input, other):
    return expand(input, tuple(as_tensor(other).shape))


row("expand_as", "ExpandBackward0", None, forms=("method",),
    samples=(Sample(Arg((2, 1)), Arg((2, 3), grad=False)), Sample(Arg((3,)), Arg((2, 3), grad=False))))

row("split_part", "SplitBackward0", lambda a, dim, start, stop: narrow_array(a, dim, start, stop),
    {"input": lambda m, g, out, a, dim, start, stop: m.embed(g, a.shape, (slice(None),) * dim + (slice(start, stop),))},
    via="split")
row("split_sizes_part", "SplitWithSizesBackward0", lambda a, dim, start, stop: narrow_array(a, dim, start, stop),
    {"input": lambda m, g, out, a, dim, start, stop: m.embed(g, a.shape, (slice(None),) * dim + (slice(start, stop),))},
    via="split")


def narrow_array(a, dim, start, stop):
    return a[(slice(None),) * dim + (slice(start, stop),)]


def _parts(x, key, bounds, d):
    op = OPS[key]
    return tuple(op.apply((x,), {"dim": d, "start": s, "stop": e}, narrow_array(x.data, d, s, e), view_of=x,
                          output_nr=k) for k, (s, e) in enumerate(bounds))


@implements("split")
def split(tensor, split_size_or_sections, dim=0):
    x = as_tensor(tensor)
    if x.data.ndim == 0:
        raise runtime_error("split expects at least a 1-dimensional tensor")
    d = normalize_dims(dim, x.data.ndim)[0]
    n = x.shape[d]
    if isinstance(split_size_or_sections, (list, tuple)):
        sizes = list(split_size_or_sections)
        if sum(sizes) != n:
            raise runtime_error(f"split_with_sizes expects split_sizes to sum exactly to {n} (input tensor's size "
                                f"at dimension {d}), but got split_sizes={sizes}")
        bounds, at = [], 0
        for s in sizes:
            bounds.append((at, at + s))
            at += s
        return _parts(x, "split_sizes_part", bounds, d)
    return _parts(x, "split_part", _split_bounds(split_size_or_sections, n), d)


def _split_bounds(size: int, n: int) -> list:
    """The parts' (start, stop) of splitting ``n`` elements into runs of ``size``."""
    if size <= 0 and n:
        raise runtime_error(f"split_size can only be 0 if dimension size is 0, but got dimension size of {n}")
    return ([(s, min(s + size, n)) for s in range(0, n, size)] if size else []) or [(0, 0)]


def _chunk_size(x, chunks, dim) -> tuple:
    """``chunk``'s (dim, run length): ceil(size / chunks)."""
    if chunks <= 0:
        raise runtime_error("chunk expects `chunks` to be greater than 0, got: " + str(chunks))
    d = normalize_dims(dim, x.data.ndim)[0]
    n = x.shape[d]
    return d, (-(-n // chunks) if n else 0)


@implements("chunk")
def chunk(input, chunks, dim=0):
    x = as_tensor(input)
    d, size = _chunk_size(x, chunks, dim)
    return split(x, size, d) if size else _parts(x, "split_part", [(0, 0)] * 1, d)


row("split", "SplitBackward0", None, forms=("torch", "method", "bare"), args="tensor, split_size_or_sections, dim=0",
    doc="SplitBackward0 (a size), SplitWithSizesBackward0 (a list of sizes)",
    samples=(Sample(Arg((5, 2)), 2), Sample(Arg((5, 2)), [1, 4]), Sample(Arg((2, 4)), 3, 1)))
row("chunk", "SplitBackward0", None, forms=("torch", "method", "bare"), args="input, chunks, dim=0",
    samples=(Sample(Arg((5, 2)), 2), Sample(Arg((2, 4)), 3, 1)))


# NOTE: PyTorch's unsafe_split/unsafe_chunk give parts that are not views
# for autograd (an in-place op on one records on the part itself, as the
# recurrent cells' ``gates.unsafe_chunk(4, 1)[0].sigmoid_()`` does), yet
# share the input's storage and strides, as PyTorch's parts do.
row("unsafe_split_part", "UnsafeSplitBackward0", lambda a, dim, start, stop: narrow_array(a, dim, start, stop),
    {"input": lambda m, g, out, a, dim, start, stop: m.embed(g, a.shape, (slice(None),) * dim + (slice(start, stop),))},
    via="unsafe_split")


@implements("unsafe_split")
def unsafe_split(tensor, split_size, dim=0):
    x = as_tensor(tensor)
    if not isinstance(split_size, int) or isinstance(split_size, bool):
        raise type_error(f"unsafe_split(): argument 'split_size' (position 2) must be int, not "
                         f"{type_name(split_size)}")
    if x.data.ndim == 0:
        raise runtime_error("split expects at least a 1-dimensional tensor")
    d = normalize_dims(dim, x.data.ndim)[0]
    op = OPS["unsafe_split_part"]
    return tuple(op.apply((x,), {"dim": d, "start": s, "stop": e}, narrow_array(x.data, d, s, e), output_nr=k)
                 for k, (s, e) in enumerate(_split_bounds(split_size, x.shape[d])))


@implements("unsafe_chunk")
def unsafe_chunk(input, chunks, dim=0):
    x = as_tensor(input)
    return unsafe_split(x, *reversed(_chunk_size(x, chunks, dim)))


row("unsafe_split", "UnsafeSplitBackward0", None, forms=("torch", "method"), args="input, split_size, dim=0",
    samples=(Sample(Arg((5, 2)), 2), Sample(Arg((2, 4)), 3, 1)))
row("unsafe_chunk", "UnsafeSplitBackward0", None, forms=("torch", "method"), args="input, chunks, dim=0",
    samples=(Sample(Arg((5, 2)), 2), Sample(Arg((2, 8)), 4, 1)))


row("unbind_part", "UnbindBackward0", lambda a, dim, index: a[(slice(None),) * dim + (index, Ellipsis)],
    {"input": lambda m, g, out, a, dim, index: m.embed(g, a.shape, (slice(None),) * dim + (index,))},
    via="unbind")


@implements("unbind")
def unbind(input, dim=0):
    x = as_tensor(input)
    if x.data.ndim == 0:
        raise index_error("Dimension specified as 0 but tensor has no dimensions")
    d = normalize_dims(dim, x.data.ndim)[0]
    op = OPS["unbind_part"]
    return tuple(op.apply((x,), {"dim": d, "index": i}, x.data[(slice(None),) * d + (i, Ellipsis)], view_of=x,
                          output_nr=i) for i in range(x.shape[d]))


row("unbind", "UnbindBackward0", None, forms=("torch", "method", "bare"), args="input, dim=0",
    samples=(Sample(Arg((3, 2))), Sample(Arg((2, 4)), 1), Sample(Arg((2, 3, 2)), -1), Sample(Arg((4,)))))


@implements("diagonal")
def diagonal(input, offset=0, dim1=0, dim2=1):
    x = as_tensor(input)
    d1, d2 = normalize_dims(dim1, x.data.ndim)[0], normalize_dims(dim2, x.data.ndim)[0]
    if d1 == d2:
        raise runtime_error(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return _view("diagonal", x, diagonal_view(x.data, offset, d1, d2), offset=offset, dim1=d1, dim2=d2)


def diagonal_view(a, offset, d1, d2):
    """The diagonal ``offset`` of ``a`` over dims ``d1``, ``d2`` as a
    writable view (numpy's own is read-only): the other dims, then the
    diagonal, whose step is the sum of the two dims' steps."""
    n = max(0, min(a.shape[d1] - max(-offset, 0), a.shape[d2] - max(offset, 0)))
    start = a
    if n:
        first = [slice(None)] * a.ndim
        first[d1], first[d2] = slice(max(-offset, 0), None), slice(max(offset, 0), None)
        start = a[tuple(first)]
    other = [i for i in range(a.ndim) if i not in (d1, d2)]
    shape = tuple(a.shape[i] for i in other) + (n,)
    strides = tuple(a.strides[i] for i in other) + (a.strides[d1] + a.strides[d2],)
    return np.lib.stride_tricks.as_strided(start, shape, strides)


@implements("narrow")
def narrow(input, dim, start, length):
    x = as_tensor(input)
    if type(start) is Tensor:
        start = int(start.data)
    d = normalize_dims(dim, x.data.ndim)[0]
    n = x.shape[d]
    if start < -n or start > n:
        raise index_error(f"start out of range (expected to be in range of [{-n}, {n}], but got {start})")
    s = start % n if start < 0 else start
    if s + length > n or length < 0:
        raise runtime_error(f"start ({s}) + length ({length}) exceeds dimension size ({n}).")
    return _view("slice", x, narrow_array(x.data, d, s, s + length), dim=d, start=s, stop=s + length, step=1)


row("narrow", "SliceBackward0", None, forms=("torch", "method", "bare"),
    samples=(Sample(Arg((4, 3)), 0, 1, 2), Sample(Arg((4, 3)), 1, -2, 2)))

row("flip", "FlipBackward0", lambda a, dims: np.flip(a, dims) if a.ndim else a.copy(),
    {"input": lambda m, g, out, a, dims: m.flip(g, dims) if a.ndim else g},
    forms=("torch", "method", "bare"), samples=(Sample(Arg((2, 3)), (0,)), Sample(Arg((2, 3)), (0, 1)), Sample(Arg((3,)), [0])))


@implements("flip")
def flip(input, *dims, **kwargs):
    x = as_tensor(input)
    if "dims" in kwargs:
        dims = (kwargs.pop("dims"),)
    if kwargs:
        raise type_error(f"flip() got an unexpected keyword argument '{next(iter(kwargs))}'")
    if len(dims) == 1 and isinstance(dims[0], (list, tuple)):
        dims = tuple(dims[0])
    d = normalize_dims(dims, x.data.ndim) if dims else ()
    return OPS["flip"].apply((x,), {"dims": d}, np.flip(x.data, d).copy() if x.data.ndim else x.data.copy())


def _flip_along(input, dim: int):
    """``flip(x, [dim])`` for a tensor of more than ``dim`` dims (fliplr: 1, flipud: 0)."""
    x = as_tensor(input)
    if x.data.ndim <= dim:
        raise runtime_error(f"Input must be >= {dim + 1}-d.")
    return flip(x, (dim,))


@implements("fliplr")
def fliplr(input):
    return _flip_along(input, 1)


@implements("flipud")
def flipud(input):
    return _flip_along(input, 0)


row("fliplr", "FlipBackward0", None, forms=("torch", "method", "bare"),
    samples=(Sample(Arg((2, 3))), Sample(Arg((2, 3, 2)))))
row("flipud", "FlipBackward0", None, forms=("torch", "method", "bare"),
    samples=(Sample(Arg((2, 3))), Sample(Arg((3,)))))


row("roll", "RollBackward0", lambda a, shifts, dims: np.roll(a, shifts, dims),
    {"input": lambda m, g, out, a, shifts, dims: m.roll(g, _negated(shifts), dims)},
    forms=("torch", "method", "bare"), args="input, shifts, dims=None",
    samples=(Sample(Arg((2, 3)), 1), Sample(Arg((2, 3)), 1, 1), Sample(Arg((2, 3)), (1, -1), (0, 1))))


def _negated(shifts):
    return tuple(-s for s in shifts) if isinstance(shifts, tuple) else -shifts


@implements("roll")
def roll(input, shifts, dims=None):
    x = as_tensor(input)
    if isinstance(shifts, list):
        shifts = tuple(shifts)
    if dims is None:
        if isinstance(shifts, tuple) and len(shifts) != 1:
            raise runtime_error(f"shifts and dimensions must align. shifts: {len(shifts)}, dims:0")
        dd = None
    else:
        dd = normalize_dims(dims, x.data.ndim)
        n_shifts = len(shifts) if isinstance(shifts, tuple) else 1
        if n_shifts != len(dd):
            raise runtime_error(f"shifts and dimensions must align. shifts: {n_shifts}, dims:{len(dd)}")
        if not isinstance(shifts, tuple):
            shifts = (shifts,)
    return OPS["roll"].apply((x,), {"shifts": shifts, "dims": dd}, np.roll(x.data, shifts, dd))


TRIANGLE_SAMPLES = (Sample(Arg((3, 3))), Sample(Arg((2, 3)), 1), Sample(Arg((2, 3, 3)), -1))
row("tril", "TrilBackward0", lambda a, k: np.tril(a, k), {"input": lambda m, g, out, a, k: m.tril(g, k)},
    forms=("torch", "method", "inplace", "bare"), args="input, diagonal=0", samples=TRIANGLE_SAMPLES)
row("triu", "TriuBackward0", lambda a, k: np.triu(a, k), {"input": lambda m, g, out, a, k: m.triu(g, k)},
    forms=("torch", "method", "inplace", "bare"), args="input, diagonal=0", samples=TRIANGLE_SAMPLES)


def _triangle(key):
    def f(input, diagonal=0):
        x = as_tensor(input)
        if x.data.ndim < 2:
            raise runtime_error(f"{key}: input tensor must have at least 2 dimensions")
        op = OPS[key]
        return op.apply((x,), {"k": diagonal}, op.forward(x.data, diagonal))
    f.__name__ = f.__qualname__ = key
    return f


tril = implements("tril")(_triangle("tril"))
triu = implements("triu")(_triangle("triu"))


# NOTE: PyTorch's rot90 flips one dim into a new tensor and transposes it
# (a non-contiguous result) for k = 1 or 3, flips both for k = 2, and
# clones for k = 0; the gradient is rot90 by -k.
def _rot90(a, k, dims):
    d0, d1 = dims
    k %= 4
    if k == 1:
        return np.ascontiguousarray(np.flip(a, d1)).swapaxes(d0, d1)
    if k == 3:
        return np.ascontiguousarray(np.flip(a, d0)).swapaxes(d0, d1)
    return np.ascontiguousarray(np.flip(a, dims) if k == 2 else a)


row("rot90", "Rot90Backward0", _rot90, {"input": lambda m, g, out, a, k, dims: m.rot90(g, -k, dims)},
    forms=("torch", "method"), args="input, k=1, dims=[0, 1]",
    samples=(Sample(Arg((2, 3))), Sample(Arg((2, 3)), 2), Sample(Arg((2, 3, 2)), -1, [2, 0]), Sample(Arg((3, 2)), 3),
             Sample(Arg((2, 2)), 0), Sample(Arg((2, 3, 2)), 5, (1, -1))))


@implements("rot90")
def rot90(input, k=1, dims=(0, 1)):
    x = as_tensor(input)
    if not isinstance(k, int) or isinstance(k, bool):
        raise type_error(f"rot90(): argument 'k' (position 2) must be int, not {type_name(k)}")
    dims = list(int_list("rot90", "dims", (dims,), position=3))
    n = x.data.ndim
    if len(dims) != 2:
        raise runtime_error(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    if n < 2:
        raise runtime_error(f"expected total dims >= 2, but got total dims = {n}")
    wrapped = tuple(normalize_dims(d, n)[0] for d in dims)
    if dims[0] == dims[1] or abs(dims[0] - dims[1]) == n:
        raise runtime_error(f"expected rotation dims to be different, but got dim0 = {dims[0]} and dim1 = {dims[1]}")
    op = OPS["rot90"]
    return record(op, (x,), {"k": k, "dims": wrapped}, op.forward(x.data, k, wrapped))

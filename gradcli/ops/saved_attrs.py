"""What a grad_fn node shows of what it saved, as PyTorch names it.

``y.grad_fn._saved_self``, ``_saved_other``, ``_saved_result``,
``_saved_exponent``, ... The saved tensors come from the op rows: an
input exists as ``_saved_<name>`` when a rule of the row reads it (the
first input is PyTorch's ``self``, the others keep the row's names), and
holds the input when the node saved it (the gradients it must compute
read it) or None when it did not; ``_saved_result`` likewise for the
output. A few scalar attributes PyTorch saves beside them are in
``EXTRA``. After a backward that freed the graph, reading a saved tensor is
PyTorch's error. Names are looked up here only: nothing reaches Python's
attribute machinery.
"""
from __future__ import annotations

import weakref

import numpy as np

from ..engine import autograd as AG
from ..engine.tensor import Size, Tensor
from ..errors import GradcliError

PREFIX = "_saved_"

# ***** where PyTorch's names differ from the rows' *****
INPUT_NAMES = {"PowBackward2": ("exponent", "self")}       # 2 ** x: the base is PyTorch's self
SCALAR_INPUTS = {"PowBackward0": frozenset(("exponent",)),    # saved as the Python number itself
                 "PowBackward2": frozenset(("self",))}


def _sizes(node):
    return tuple(Size(node.args[0].shape))


def _numel(node):
    return int(node.args[0].data.size)


def _alpha(node):
    return node.attrs.get("alpha", 1)


def _keepdim(node):
    return bool(node.attrs.get("keepdim", False))


def _kept_input(i):
    """Input ``i``, which PyTorch saves though no rule here reads it."""
    def get(node):
        if node.freed:
            raise AG.freed_error()
        return node.args[i]
    return get


def _given(name):
    """A pooling argument as the call gave it (``attrs["saved"]``)."""
    return lambda node: node.attrs["saved"][name]


def _indices(node):
    """A max pooling's indices (PyTorch's ``result1``)."""
    if node.freed:
        raise AG.freed_error()
    return Tensor(node.attrs["indices"])


_SIZES = {"self_sym_sizes": _sizes}
_POOL = {name: _given(name) for name in ("kernel_size", "stride", "padding", "ceil_mode")}
EXTRA = {
    "AddBackward0": {"alpha": _alpha}, "SubBackward0": {"alpha": _alpha}, "RsubBackward1": {"alpha": _alpha},
    "PowBackward2": {"exponent": _kept_input(0)},
    "SumBackward0": _SIZES, "SumBackward1": dict(_SIZES, keepdim=_keepdim),
    "MeanBackward0": dict(_SIZES, self_sym_numel=_numel),
    "MeanBackward1": dict(_SIZES, self_sym_numel=_numel, keepdim=_keepdim),
    "ViewBackward0": _SIZES, "ExpandBackward0": _SIZES, "UnsafeViewBackward0": _SIZES,
    "SelectBackward0": _SIZES, "SliceBackward0": _SIZES, "IndexBackward0": _SIZES,
}
for _nd in (2, 3):
    EXTRA.update({f"MaxPool{_nd}DWithIndicesBackward0": dict(_POOL, dilation=_given("dilation"), result1=_indices),
                  f"AvgPool{_nd}DBackward0": dict(_POOL, count_include_pad=_given("count_include_pad"),
                                                  divisor_override=_given("divisor_override")),
                  f"AdaptiveMaxPool{_nd}DBackward0": {"result1": _indices},
                  f"MaxUnpool{_nd}DBackward0": {"indices": _indices}})


# Values PyTorch saves as the user gave them (a dim of -1 is saved as 2**64 - 1):
# gradcli keeps them normalised, so it does not show them.
NOT_OFFERED = frozenset(("dim", "dims", "dim0", "dim1", "index", "start", "end", "step", "min", "max", "ord",
                         "indices", "keepdim", "self_sym_strides", "mat2_sym_sizes", "mat2_sym_strides",
                         "self_sym_sizes", "self_sym_numel", "split_size", "split_sizes", "correction", "p",
                         "output_size", "size", "stride", "storage_offset", "self_scalar_type",
                         "other_scalar_type", "reduction", "negative_slope", "threshold", "beta"))


def _input_names(node):
    names = INPUT_NAMES.get(node.name)
    if names is None:
        keys = list(node.op.grads)
        names = tuple(["self"] + keys[1:]) if keys else ()
    return names


def _read_inputs(op):
    read = set()
    for r in op.reads:
        read.update(r)
    return read


def _as_saved(value):
    """A Python number saved by an op: PyTorch's wrapped-number tensor."""
    if type(value) is Tensor or value is None:
        return value
    if isinstance(value, bool):
        return Tensor(np.asarray(value))
    if isinstance(value, int):
        return Tensor(np.asarray(value, dtype=np.int64))
    if isinstance(value, float):
        return Tensor(np.asarray(value, dtype=np.float64))
    return value


def saved_attribute(node, name):
    """``node._saved_<what>`` (``name`` is the whole attribute name)."""
    what = name[len(PREFIX):]
    extra = EXTRA.get(node.name, {})
    if what in extra:
        return extra[what](node)
    op = node.op
    read = _read_inputs(op)
    if what == "result" and "out" in read:
        _, reads_out = AG.saved_plan(node)
        if not reads_out:
            return None
        if node.freed:
            raise AG.freed_error()
        return Tensor(node.out, True, node)
    names = _input_names(node)
    if what in names:
        i = names.index(what)
        if i in read:
            indices, _ = AG.saved_plan(node)
            if i not in indices:
                return None
            if node.freed:
                raise AG.freed_error()
            value = node.args[i]
            return value if what in SCALAR_INPUTS.get(node.name, ()) else _as_saved(value)
    if what in NOT_OFFERED:
        raise GradcliError("NotImplementedError", f"gradcli does not support {node.name}.{name} yet",
                           hint="the saved tensors (_saved_self, _saved_other, _saved_result, ...) are offered")
    raise GradcliError("AttributeError", f"'{node.name}' object has no attribute '{name}'")


_METADATA = weakref.WeakKeyDictionary()


def metadata(node) -> dict:
    """``grad_fn.metadata``: a dict the script may fill, one per node."""
    d = _METADATA.get(node)
    if d is None:
        d = _METADATA[node] = {}
    return d

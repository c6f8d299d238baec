"""The names scripts reach: ``torch.f``, ``x.f()``, ``x.f_()``, ``F.f``,
``torch.linalg.f``, bare ``f`` (§3.8), tensor attributes. Only names listed
here exist — scripts reach nothing else.

Op rows (``ops/table.py`` and the other row files) give most names: each
row's forms and aliases say where its function appears. Everything that is
not an op row — creating tensors, conversions, the autograd calls — comes
from a table of names, added with one ``contribute(...)`` line per module:

    contribute(torch={"manual_seed": manual_seed}, method={"uniform_": uniform_})

A module of another package (random numbers, nn) declares its own tables
and is added the same way, with one line at the end of this file.
"""
from __future__ import annotations

import re

from ..engine import dtypes as D
from ..engine.tensor import Size, Tensor
from ..errors import type_error
from . import arith, autograd_calls, create, device, join, linalg, reduce, shape, stats  # noqa: F401 (rows)
from . import conv_transpose, convolution, functional_autograd, gradcheck, losses, nn_functional, normalization, padding, pointwise  # noqa: F401 (rows)
from . import compare, distance, interpolate, packing, pooling, random, selection, sorting, unpooling, views  # noqa: F401 (distance, unpooling: rows)
from . import decompositions, matrix_exp, solvers  # noqa: F401 (rows)
from ..engine.views import current_grad_fn
from .operands import existing_dim, normalize_dim, parse_native, type_name
from .oprow import ROWS

TORCH: dict = {}          # torch.<name>
METHODS: dict = {}        # x.<name>(...)
FUNCTIONAL: dict = {}     # torch.nn.functional.<name>
BARE: dict = {}           # <name>(...) with no prefix (§3.8)
LINALG: dict = {}         # torch.linalg.<name>
AUTOGRAD: dict = {}       # torch.autograd.<name>
ATTRIBUTES: dict = {}     # x.<attribute>
SETTABLE: dict = {}       # x.<attribute> = value
_TABLES = {"torch": TORCH, "method": METHODS, "F": FUNCTIONAL, "bare": BARE, "linalg": LINALG,
           "autograd": AUTOGRAD, "attribute": ATTRIBUTES, "settable": SETTABLE}


def contribute(**tables):
    """Add names: ``contribute(torch={...}, method={...}, F={...}, bare={...},
    linalg={...}, autograd={...}, attribute={...}, settable={...})``."""
    for form, table in tables.items():
        _TABLES[form].update(table)


def inplace_form(fn, name, node_row=None):
    """``x.f_(...)``: ``f(x, ...)`` written into ``x``; ``node_row``: the
    row of PyTorch's own node for the in-place op, where it has one (those
    rows have no derivative: their node saves nothing)."""
    def result(v, args, kwargs):
        r = fn(v, *args, **kwargs)
        if node_row is not None and type(r) is Tensor and r.grad_fn is not None:
            r.grad_fn.op, r.grad_fn.saved = node_row, ()
        return r

    def method(self, *args, **kwargs):
        return autograd_calls.inplace(self, lambda v: result(v, args, kwargs))
    method.__name__ = method.__qualname__ = name
    return method


# torch functions without out= (PyTorch's own list is longer; these are the rows')
NO_OUT = frozenset(("split", "chunk", "narrow", "t", "permute", "transpose", "squeeze", "unsqueeze", "reshape",
                    "flatten", "clone", "einsum", "rsub", "flip", "roll", "repeat", "expand_as",
                    "det", "masked_fill", "cosine_similarity", "binary_cross_entropy_with_logits", "layer_norm",
                    "constant_pad_nd", "index_fill", "var_mean", "std_mean", "broadcast_tensors", "pairwise_distance",
                    "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
                    # NOTE: PyTorch's out= of these takes an input that requires grad
                    "softmax", "log_softmax"))


def _matmul_out_shape(args, kwargs, result):
    """NOTE: PyTorch's matmul of a vector and a matrix writes out= as a
    1 x n matrix, then drops the 1: its resize warning names [1, n]."""
    a, b = (list(args) + [kwargs.get("input"), kwargs.get("other")][len(args):])[:2]
    if type(a) is Tensor and type(b) is Tensor and a.ndim == 1 and b.ndim == 2:
        return (1,) + result.data.shape
    return result.data.shape


# PyTorch's out= quirks, per op (device.with_out's options). NOTE: matmul
# wants a vector times a matrix written as 1 x n; outer is a multiplication
# inside, so its error for an argument that requires grad names mul(); all
# and any write a bool tensor only.
OUT_QUIRKS = {"matmul": {"out_shape": _matmul_out_shape}, "outer": {"grad_name": "mul"},
              "all": {"bool_only": True}, "any": {"bool_only": True}}


# in-place forms whose checks come before the op's own (PyTorch's cast and shape checks of x.f_())
_INPLACE_CALLS = {**compare.INPLACE, "baddbmm": linalg.baddbmm_into, "index_fill": selection.index_fill_into}


_OUT_PARAMETER = re.compile(r"\bout\b")        # a row whose args name out= writes it itself


def _from_rows():
    for op in ROWS.values():
        if not op.forms:
            continue
        if op.call is None:
            raise LookupError(f"op row {op.name!r} has forms but no function")
        for name in (op.name,) + op.aliases:
            for form in op.forms:
                if form == "inplace":
                    METHODS[name + "_"] = inplace_form(_INPLACE_CALLS.get(op.name, op.call), name + "_",
                                                       ROWS.get(op.key + "_inplace"))
                elif form == "method":
                    METHODS[op.method_name or name] = op.call
                elif form == "torch" and not _OUT_PARAMETER.search(op.args or "") and op.name not in NO_OUT:
                    TORCH[name] = device.with_out(op.call, name, **OUT_QUIRKS.get(op.name, {}))
                else:
                    _TABLES[form][name] = op.call


_from_rows()

# ***** not op rows: functions without a grad_fn of their own *****
_NO_GRAD = {"argmax": reduce.argmax, "argmin": reduce.argmin, "equal": join.equal,
            "detach": create.detach, "count_nonzero": reduce.count_nonzero}
contribute(torch=_NO_GRAD, method=_NO_GRAD, bare=_NO_GRAD)
contribute(F={"one_hot": nn_functional.one_hot})
contribute(torch=pooling.TORCH, F=pooling.FUNCTIONAL)
contribute(F=interpolate.FUNCTIONAL)
contribute(method=stats.METHODS)
contribute(method={"index_fill": selection.index_fill_method})    # its errors name the method's overloads
contribute(method=stats.QUANTILE_METHODS)
contribute(method={"cross": linalg.cross_method})
contribute(method=shape.INPLACE_METHODS)        # x.var(), x.std(): PyTorch's errors name the method's overloads
# NOTE: torch.batch_norm takes (input, weight, bias, running_mean, running_var, training, momentum, eps,
# cudnn_enabled), all required; F.batch_norm (the row's) another order, with defaults
contribute(torch={"batch_norm": normalization.torch_batch_norm})
contribute(torch={"nanmean": device.with_out(arith.nanmean, "nanmean", grad_name="nansum")}, method={"nanmean": arith.nanmean})
contribute(torch={"argsort": sorting.argsort}, method={"argsort": sorting.argsort})
contribute(torch=selection.NO_GRAD, method=selection.NO_GRAD)
contribute(torch={"repeat_interleave": join.repeat_interleave}, method={"repeat_interleave": join.repeat_interleave})
contribute(torch={"meshgrid": join.meshgrid, "kron": join.kron}, method={"kron": join.kron_method})
contribute(torch={"broadcast_shapes": join.broadcast_shapes})
contribute(torch={"hstack": join.hstack, "vstack": join.vstack, "tile": join.tile, "broadcast_to": join.broadcast_to},
           method={"tile": join.tile, "broadcast_to": join.broadcast_to})

_CREATE = {
    "tensor": create.tensor, "FloatTensor": create.FloatTensor, "DoubleTensor": create.DoubleTensor,
    "LongTensor": create.LongTensor, "IntTensor": create.IntTensor, "BoolTensor": create.BoolTensor,
    "zeros": create.zeros, "ones": create.ones, "empty": create.empty, "full": create.full,
    "eye": create.eye, "arange": create.arange, "linspace": create.linspace,
    "zeros_like": create.zeros_like, "ones_like": create.ones_like, "full_like": create.full_like,
    "Tensor": create.Tensor_, "as_tensor": create.as_tensor, "logspace": create.logspace,
    "empty_like": create.zeros_like, "tril_indices": create.tril_indices, "triu_indices": create.triu_indices,
}
contribute(torch={name: device.on_cpu(fn) for name, fn in _CREATE.items()})
contribute(torch={"device": device.torch_device})
contribute(method={name: device.on_cpu(fn) for name, fn in create.NEW.items()})
contribute(torch=dict(D.ALIASES))


def _size(t, dim=None):
    if dim is None:
        return Size(t.data.shape)
    return t.data.shape[existing_dim(dim, t.data.ndim)]


def _set_data(t, v):
    if type(v).__name__ != "Tensor":
        raise type_error("data must be a Tensor")
    t.data = v.data


contribute(method={
    "backward": autograd_calls.backward, "retain_grad": autograd_calls.retain_grad,
    "register_hook": autograd_calls.register_hook, "requires_grad_": create.requires_grad_,
    "detach_": create.detach_, "numpy": create.numpy, "item": create.item, "tolist": create.tolist,
    "float": create.float_, "double": create.double, "long": create.long, "int": create.int_,
    "bool": create.bool_, "to": create.to, "type": create.type_, "type_as": create.type_as,
    "size": _size,
    "dim": lambda self: self.data.ndim, "ndimension": lambda self: self.data.ndim,
    "numel": lambda self: int(self.data.size), "nelement": lambda self: int(self.data.size),
    "is_floating_point": lambda self: self.data.dtype.kind == "f",
    "zero_": lambda self: autograd_calls.inplace(self, views.zero_values),
    "fill_": lambda self, value: autograd_calls.inplace(self, lambda v: views.fill_values(v, value), cast=True),
    "copy_": lambda self, src: autograd_calls.inplace(self, lambda v: views.copy_values(v, src), cast=True),
    "_is_view": views.is_view,
    "where": join.where_method, "is_contiguous": join.is_contiguous,
    "stride": views.stride, "storage_offset": views.storage_offset, "data_ptr": views.data_ptr,
    "element_size": lambda self: self.data.itemsize, "is_complex": lambda self: False,
    "get_device": lambda self: -1,
    "cpu": device.cpu, "cuda": device.cuda,
})

contribute(attribute={
    "shape": lambda t: Size(t.data.shape), "dtype": lambda t: t.dtype,
    "requires_grad": views.requires_grad_of,
    "is_leaf": lambda t: current_grad_fn(t) is None, "retains_grad": lambda t: bool(t._retains_grad),
    "grad": autograd_calls.get_grad, "grad_fn": current_grad_fn,
    "_base": views.base_of, "_version": views.version_of,
    "data": create.data_of, "T": shape.T, "mT": shape.mT, "ndim": lambda t: t.data.ndim,
    "device": device.device_of, "is_cuda": lambda t: False, "is_cpu": lambda t: True,
    "nbytes": lambda t: int(t.data.nbytes), "itemsize": lambda t: t.data.itemsize,
}, settable={
    "grad": autograd_calls.set_grad, "requires_grad": create.set_requires_grad, "data": _set_data,
})

contribute(autograd={"grad": autograd_calls.autograd_grad, "backward": autograd_calls.autograd_backward,
                     "Variable": create.Variable})
contribute(autograd=gradcheck.CHECKS)
AUTOGRAD_FUNCTIONAL = dict(functional_autograd.FUNCTIONAL)      # torch.autograd.functional.<name>

# ***** torch.f_(x, ...): PyTorch's in-place functions *****
# The torch.f_ names of PyTorch 2.13 whose x.f_() gradcli offers (the test
# checks the list against pytorch_names.txt): each writes its first
# argument, as the method does.
TORCH_INPLACE = ("abs_", "acos_", "acosh_", "arccos_", "arccosh_", "arcsin_", "arcsinh_", "arctan_", "arctanh_",
                 "asin_", "asinh_", "atan_", "atanh_", "ceil_", "clamp_", "clamp_max_", "clamp_min_", "clip_", "cos_",
                 "cosh_", "deg2rad_", "detach_", "erf_", "erfc_", "exp2_", "exp_", "expm1_", "fill_", "fix_", "floor_",
                 "frac_", "log10_", "log1p_", "log2_", "log_", "nan_to_num_", "neg_", "negative_", "rad2deg_",
                 "reciprocal_",
                 "relu_", "round_", "rsqrt_", "sigmoid_", "sin_", "sinc_", "sinh_", "sqrt_", "square_", "tan_", "tanh_",
                 "trunc_", "xlogy_", "zero_")


def _inplace_function(fn, name):
    """``torch.name(input, ...)``: the method ``fn`` of a tensor ``input``."""
    def call(input, *args, **kwargs):
        if type(input) is not Tensor:
            raise type_error(f"{name}(): argument 'input' (position 1) must be Tensor, not {type_name(input)}")
        return fn(input, *args, **kwargs)
    call.__name__ = call.__qualname__ = name
    return call


contribute(torch={name: _inplace_function(METHODS[name], name) for name in TORCH_INPLACE})


# ***** the activations' forms that are PyTorch's native functions *****
# NOTE: F.relu(x, inplace=False) is Python; torch.relu(x), torch.relu_(x)
# (F.relu_), torch.selu, torch.celu(x, alpha) and their f_ forms are native
# functions of PyTorch's, read by its argument parser (no inplace=), as are
# F.elu_ (with elu's scale and input_scale), F.leaky_relu_ and F.hardtanh_;
# x.relu() and x.relu_() take no argument at all.
def _native(name, spec, fn):
    def call(*args, **kwargs):
        return fn(*parse_native(name, spec, args, kwargs))
    call.__name__ = call.__qualname__ = name
    call.__wrapped__ = fn
    return call


def _no_arguments(name, fn):
    """``x.name()``, a method of PyTorch's that takes no arguments, with its errors."""
    def method(self, *args, **kwargs):
        if kwargs:
            raise type_error(f"TensorBase.{name}() takes no keyword arguments")
        if args:
            raise type_error(f"TensorBase.{name}() takes no arguments ({len(args)} given)")
        return fn(self)
    method.__name__ = method.__qualname__ = name
    return method


def _in_place(f):
    """F's ``f(input, ..., inplace=True)``."""
    return lambda input, *rest: f(input, *rest, inplace=True)


def _elu_(input, alpha, scale, input_scale):
    """``F.elu_``: elu with a scale and an input scale, in place (EluBackward1)."""
    op = ROWS["elu"]
    attrs = {"alpha": alpha, "scale": scale, "input_scale": input_scale}
    return autograd_calls.inplace(input, lambda v: op.compute(v, row_=ROWS["elu_inplace"], **attrs))


_ONE_TENSOR = "Tensor input"
_CELU = "Tensor input, Scalar alpha=1.0"
_TORCH_NATIVE = {"relu": (_ONE_TENSOR, FUNCTIONAL["relu"]), "relu_": (_ONE_TENSOR, _in_place(FUNCTIONAL["relu"])),
                 "selu": (_ONE_TENSOR, FUNCTIONAL["selu"]), "selu_": (_ONE_TENSOR, _in_place(FUNCTIONAL["selu"])),
                 "celu": (_CELU, FUNCTIONAL["celu"]), "celu_": (_CELU, _in_place(FUNCTIONAL["celu"]))}
_F_NATIVE = {"elu_": ("Tensor input, Scalar alpha=1, Scalar scale=1, Scalar input_scale=1", _elu_),
             "leaky_relu_": ("Tensor input, Scalar negative_slope=0.01", _in_place(FUNCTIONAL["leaky_relu"])),
             "hardtanh_": ("Tensor input, Scalar min_val=-1, Scalar max_val=1", _in_place(FUNCTIONAL["hardtanh"]))}
contribute(torch={name: _native(name, spec, fn) for name, (spec, fn) in _TORCH_NATIVE.items()},
           F={name: _native(name, spec, fn) for name, (spec, fn) in
              [(f, _TORCH_NATIVE[f]) for f in ("relu_", "selu_", "celu_")] + list(_F_NATIVE.items())},
           method={name: _no_arguments(name, METHODS[name]) for name in ("relu", "relu_")})

# Random numbers (ops/random.py).
contribute(torch=random.RANDOM_TORCH, method=random.RANDOM_METHODS, F=random.RANDOM_FUNCTIONAL)

# The tables under the names lang/ reads.
FUNCTIONS = BARE
TORCH_DTYPES = dict(D.ALIASES)
# NOTE: PyTorch's functions and methods written in Python, not read by its
# argument parser (so without its numpy names for arguments: axis=, keepdims=)
PYTHON_FUNCTIONS = frozenset(("broadcast_shapes", "broadcast_tensors", "cdist", "einsum", "get_rng_state",
                              "initial_seed", "manual_seed", "meshgrid", "norm", "seed", "set_rng_state", "split",
                              "unique"))
PYTHON_METHODS = frozenset(("backward", "norm", "register_hook", "split", "unflatten", "unique"))
TORCH_ONLY = TORCH          # every torch.<name> (a bare name may be F's only: hardswish)


# ***** names PyTorch has that gradcli does not (yet) *****
_PYTORCH_NAMES: set = set()


def pytorch_has(owner: str, name: str) -> bool:
    """Whether PyTorch 2.13 offers ``owner.name`` (owner: "torch",
    "torch.nn.functional", "torch.linalg", "torch.nn", "torch.nn.init",
    "torch.nn.utils", "torch.optim", "torch.optim.lr_scheduler", "torch.utils.data", "torch.autograd",
    "torch.autograd.functional", "Tensor")."""
    if not _PYTORCH_NAMES:
        from importlib.resources import files
        text = files(__package__).joinpath("pytorch_names.txt").read_text()
        _PYTORCH_NAMES.update(line for line in text.splitlines() if line and not line.startswith("#"))
    return f"{owner}.{name}" in _PYTORCH_NAMES


def unsupported(offered: dict | None = None) -> dict:
    """Per owner, the PyTorch names gradcli does not offer (for the README);
    ``offered``: per owner, names the language gives beyond the ops'."""
    pytorch_has("torch", "")
    have = {"torch": TORCH, "torch.nn.functional": FUNCTIONAL, "torch.linalg": LINALG, "Tensor": METHODS}
    offered = offered or {}
    out = {}
    for full in sorted(_PYTORCH_NAMES):
        owner, _, name = full.rpartition(".")
        if (owner in have and name not in have[owner] and name not in offered.get(owner, ())
                and not (owner == "Tensor" and name in ATTRIBUTES)):
            out.setdefault(owner, []).append(name)
    return out

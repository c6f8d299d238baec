"""Statistics over the op table: var, std, var_mean and std_mean (each by
PyTorch's three overloads: ``dim`` with ``unbiased=``, or ``correction=``,
or ``unbiased`` alone) and the vector norm behind ``torch.norm``/``x.norm`` (p = 2 by default, any
number, ±inf), and quantile and nanquantile (composed of sort, gather and
lerp_ as PyTorch composes them), with PyTorch's argument names, warnings
and errors."""
from __future__ import annotations

import math

import numpy as np

from ..engine import dtypes as D
from ..engine.autograd import record
from ..engine.context import CONTEXT
from ..engine.moments import welford_moments
from ..errors import runtime_error, type_error
from ..engine.tensor import Tensor
from .autograd_calls import inplace
from .device import invalid_combination
from .operands import as_compute, as_tensor, normalize_dims, type_name
from .formulas import std_grad, var_grad
from .oprow import Sample, T, implements, row
from .pointwise import lerp
from .selection import gather
from .shape import flatten, squeeze_, transpose, transpose_, unsqueeze, unsqueeze_, view
from .sorting import sort
from .table import OPS


def _dims(dim, ndim):
    """None (every dim) or a tuple of dims; () is an explicit empty list."""
    if dim is None:
        return None
    dims = normalize_dims(dim, ndim)
    return dims if ndim else None


# ***** var, std, var_mean, std_mean *****
# PyTorch's three overloads of each, as its argument parser prints them
# (the torch.f forms; x.f() drops the input, and out=). The dims are given
# in the first; the correction only in the second.
_VAR_FORMS = ("(Tensor input, tuple of ints dim, bool unbiased = True, bool keepdim = False{out1})",
              "(Tensor input, tuple of ints dim = None, *, Number correction = None, bool keepdim = False{out2})",
              "(Tensor input, bool unbiased = True)")


def _is_dims(v, nullable):
    if v is None:
        return nullable
    if isinstance(v, (list, tuple)):
        return all(isinstance(d, int) and not isinstance(d, bool) for d in v)
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v):
    return v is None or isinstance(v, (int, float)) or (type(v) is Tensor and v.data.ndim == 0)


# per overload: its positional parameters, keyword-only ones, and which are required
_VAR_SIGNATURES = (
    ((("dim", lambda v: _is_dims(v, True)), ("unbiased", lambda v: isinstance(v, bool)),
      ("keepdim", lambda v: isinstance(v, bool))), (), ("dim",)),
    ((("dim", lambda v: _is_dims(v, True)),),
     (("correction", _is_number), ("keepdim", lambda v: isinstance(v, bool))), ()),
    ((("unbiased", lambda v: isinstance(v, bool)),), (), ()),
)


def var_arguments(name, given, kwargs, method=False, has_out=True):
    """``(dims, correction, keepdim)`` of a call of var, std, var_mean or
    std_mean (``given``: its positional arguments, the input first but for
    a method), by the first of PyTorch's overloads it fits; PyTorch's
    error when it fits none."""
    args = given if method else given[1:]
    for positional, keyword_only, required in _VAR_SIGNATURES:
        if len(args) > len(positional):
            continue
        bound = {n: v for (n, _), v in zip(positional, args)}
        checks = dict(positional + keyword_only)
        if any(k not in checks or k in bound for k in kwargs):
            continue
        bound.update(kwargs)
        if all(r in bound for r in required) and all(checks[k](v) for k, v in bound.items()):
            break
    else:
        has_out = has_out and not method
        forms = [f.format(out1=", *, Tensor out = None" if has_out else "", out2=", Tensor out = None" if has_out
                          else "") for f in _VAR_FORMS]
        if method:
            forms = ["(" + f[len("(Tensor input, "):] for f in forms]
        raise invalid_combination(name, given, kwargs, forms)
    correction = bound.get("correction")
    if type(correction) is Tensor:
        correction = correction.data.item()
    if correction is None:
        correction = 0 if bound.get("unbiased") is False else 1
    return bound.get("dim"), correction, bool(bound.get("keepdim", False))
def _var_call(name, method=False):
    def call(input, *args, **kwargs):
        x = as_tensor(input)
        dim, correction, keepdim = var_arguments(name, (x,) + args if not method else args, kwargs, method)
        return _var_std(name, x, dim, correction, keepdim)
    call.__name__ = call.__qualname__ = name
    return call


var = implements("var")(_var_call("var"))
std = implements("std")(_var_call("std"))
METHODS = {"var": _var_call("var", method=True), "std": _var_call("std", method=True)}


def _moments(name, input, dim, correction):
    """The input, its dims (None: all) and the number of elements each
    output reduces, after PyTorch's checks and its warning."""
    a = input.data
    if D.of_array(a).category < 2:
        kind = name if name.endswith("_mean") else "std and var"
        raise runtime_error(f"{kind} only support floating point and complex dtypes")
    dims = _dims(dim, a.ndim)
    factor = 0 if a.size == 0 else (a.size if not dims else math.prod(a.shape[d] for d in dims))
    if factor - correction <= 0:
        CONTEXT.warning(f"{name}(): degrees of freedom is <= 0. Correction should be strictly less than "
                        "the reduction factor (input numel divided by output numel). (Triggered internally at "
                        "/__w/pytorch/pytorch/aten/src/ATen/native/ReduceOps.cpp:1861.)")
    return a, dims


def _var_std(name, input, dim, correction, keepdim):
    a, dims = _moments(name, input, dim, correction)
    op = OPS[name]
    attrs = {"dims": dims, "correction": correction, "keepdim": keepdim}
    return record(op, (input,), attrs, op.forward(a, **attrs))



# NOTE: var_mean and std_mean return a plain tuple (spread, mean), which
# PyTorch computes in one Welford pass (engine/moments.py), not as var and
# mean do: its mean may differ from x.mean() in the last bit. Both outputs
# come from one node in PyTorch (VarMeanBackward0, StdMeanBackward0); here
# each output has a node of that name, the mean's saving what PyTorch's
# saves (the input, and std_mean's std), so an in-place change to those is
# the same error at backward time. The gradients reaching the input add up
# as PyTorch's var_mean_backward adds them (the same bits, with
# create_graph the same AddBackward0). Unlike PyTorch's (the engine's nodes
# have one output each, as split's do), the two are different objects
# (``s.grad_fn is m.grad_fn`` is False, a consumer of the mean lists it as
# output 0), and a backward through one of them does not free the other.

def _mean_grad(m, g, a, dims, keepdim):
    """PyTorch's mean_backward: the gradient spread over the reduced elements, divided by their count."""
    if not dims:
        return m.expand(g, a.shape) / m.count(a.shape, range(len(a.shape)))
    return m.expand(m.keep_dims(g, dims, keepdim, a.ndim), a.shape) / m.count(a.shape, dims)


_MEAN_PART = {"input": lambda m, g, out, a, spread, dims, keepdim: _mean_grad(m, g, a, dims, keepdim),
              "spread": None}
MOMENT_SAMPLES = (Sample(T((2, 3))), Sample(T((2, 3)), 1), Sample(T((2, 3)), (0, 1), keepdim=True, correction=0),
                  Sample(T((2, 3)), 1, False, True), Sample(T((4,)), True), Sample(T(values=1.5)),
                  Sample(T((3, 2, 4), dtype="float32"), (0, 2)), Sample(T((2, 3)), correction=2.5),
                  Sample(T((0, 3)), 0), Sample(T(values=[[1, 2], [3, 5]], dtype="int64", grad=False)))
row("var_mean", "VarMeanBackward0",
    lambda a, dims, correction, keepdim: welford_moments(a, dims, correction, keepdim, False)[0],
    {"input": lambda m, g, out, a, dims, correction, keepdim: var_grad(m, g, a, dims, correction, keepdim)},
    forms=("torch",), args="input, dim=None, unbiased=True, keepdim=False, *, correction=None",
    samples=MOMENT_SAMPLES)
row("std_mean", "StdMeanBackward0",
    lambda a, dims, correction, keepdim: welford_moments(a, dims, correction, keepdim, True)[0],
    {"input": lambda m, g, out, a, dims, correction, keepdim: std_grad(m, g, a, out, dims, correction, keepdim)},
    forms=("torch",), args="input, dim=None, unbiased=True, keepdim=False, *, correction=None",
    samples=MOMENT_SAMPLES)
row("var_mean_mean", "VarMeanBackward0", lambda a, spread, dims, keepdim: welford_moments(a, dims, 1, keepdim, False)[1],
    _MEAN_PART, saves=(0,), reads=((0,), ()), via="var_mean")
row("std_mean_mean", "StdMeanBackward0", lambda a, spread, dims, keepdim: welford_moments(a, dims, 1, keepdim, False)[1],
    _MEAN_PART, saves=(0, 1), reads=((0, 1), ()), via="std_mean")


def _with_mean(name):
    def call(input, *args, **kwargs):
        x = as_tensor(input)
        dim, correction, keepdim = var_arguments(name, (x,) + args, kwargs, has_out=False)
        a, dims = _moments(name, x, dim, correction)
        spread, mean = welford_moments(a, dims, correction, keepdim, name == "std_mean")
        spread = record(OPS[name], (x,), {"dims": dims, "correction": correction, "keepdim": keepdim}, spread)
        return spread, record(OPS[name + "_mean"], (x, spread), {"dims": dims, "keepdim": keepdim}, mean)
    call.__name__ = call.__qualname__ = name
    return call


implements("var_mean")(_with_mean("var_mean"))
implements("std_mean")(_with_mean("std_mean"))


# ***** norm *****

@implements("norm")
def norm(input, p="fro", dim=None, keepdim=False, dtype=None):
    """``torch.norm``: the vector norm over ``dim`` (all dims by default).
    NOTE: p="fro" is the 2-norm of the flattened dims, LinalgVectorNormBackward0."""
    input = as_tensor(input)
    if p == "nuc":
        from .linalg import matrix_norm
        return matrix_norm(input, "nuc", tuple(range(input.data.ndim)) if dim is None else dim, keepdim, dtype=dtype)
    ord = _order(p)
    src = D.of_array(input.data)
    if dtype is None and src.category < 2:
        raise runtime_error("linalg.vector_norm: Expected a floating point or complex tensor as input. "
                            f"Got {src.torch_type[:-6]}")
    a = input.data
    dims = _dims(dim, a.ndim) or None
    if a.size == 0 and math.isinf(ord):
        if dims is None:
            raise runtime_error("linalg.vector_norm cannot compute the inf norm on an empty tensor "
                                "because the operation does not have an identity")
        for d in dims:
            if a.shape[d] == 0:
                # NOTE: PyTorch's message has no space after the dim number.
                raise runtime_error(f"linalg.vector_norm cannot compute the inf norm on the dimension {d}"
                                    "because this dimension is empty and the operation does not have an identity")
    dt = dtype if dtype is not None else src
    op = OPS["norm"]
    attrs = {"ord": ord, "dims": dims, "keepdim": bool(keepdim)}
    return record(op, (input,), attrs, op.forward(as_compute(input, dt), **attrs), dt)


def _order(p) -> float:
    if p is None or p == "fro":
        return 2.0
    if isinstance(p, str):
        raise runtime_error(f"linalg.matrix_norm: Order {p} not supported.")
    if not isinstance(p, (int, float)) or isinstance(p, bool):
        raise type_error(f"norm(): argument 'p' must be Number, not {type_name(p)}")
    return float(p)


# ***** quantile, nanquantile *****
# NOTE: PyTorch composes quantile of other ops (Sorting.cpp's
# quantile_compute), so its result's history is theirs: the input moved to
# the last dim (UnsqueezeBackward0, TransposeBackward0) or flattened
# (ViewBackward0), sorted (SortBackward0) and viewed (ViewBackward0), the
# values below and above each rank gathered (GatherBackward0), lerp_ between
# them in place (LerpBackward1, linear and midpoint only), and squeeze_ (a
# number q: SqueezeBackward4) or unsqueeze_, transpose_, squeeze_ (a 1-D q).
# The ranks are q * (n - 1) in the input's dtype, as PyTorch computes them.
_QUANTILE_MODES = ("linear", "lower", "higher", "midpoint", "nearest")
_QUANTILE_FORMS = tuple(f'(Tensor input, {q} q, int dim = None, bool keepdim = False, *, str interpolation = "linear", '
                        'Tensor out = None)' for q in ("Tensor", "float"))
_QUANTILE_METHOD_FORMS = tuple(f'({q} q, int dim = None, bool keepdim = False, *, str interpolation = "linear")'
                               for q in ("Tensor", "float"))


def _quantile_arguments(name, method, input, args, kwargs):
    """(q, dim, keepdim, interpolation) of a call, or PyTorch's TypeError
    naming the two overloads."""
    given = dict(zip(("q", "dim", "keepdim"), args))
    ok = len(args) <= 3 and all(k in ("q", "dim", "keepdim", "interpolation") and k not in given for k in kwargs)
    given.update(kwargs)
    q, dim = given.get("q"), given.get("dim")
    keepdim, interpolation = given.get("keepdim", False), given.get("interpolation", "linear")
    number = isinstance(q, (int, float, np.floating, np.integer))
    if not ok or not (number or type(q) is Tensor) or not (dim is None or isinstance(dim, int)) or \
            isinstance(dim, bool) or not isinstance(keepdim, bool) or not isinstance(interpolation, str):
        raise invalid_combination(name, args if method else (input,) + args, kwargs,
                                  _QUANTILE_METHOD_FORMS if method else _QUANTILE_FORMS)
    return q, dim, keepdim, interpolation


def _quantile(name, ignore_nan, method, input, args, kwargs):
    x = as_tensor(input)
    q, dim, keepdim, interpolation = _quantile_arguments(name, method, x, args, kwargs)
    a = x.data
    if type(q) is not Tensor:
        q = float(q)
        if not 0 <= q <= 1:
            raise runtime_error(f"quantile() q must be in the range [0, 1] but got {q:g}")
    if interpolation not in _QUANTILE_MODES:
        raise runtime_error("quantile() interpolation must be one of linear, lower, higher, midpoint or nearest, "
                            f"but got {interpolation}")
    if a.size == 0:
        raise runtime_error("quantile() input tensor must be non-empty")
    if type(q) is Tensor and q.data.ndim > 1:
        raise runtime_error("quantile() q must be a scalar or 1D tensor")
    if a.dtype not in (np.float32, np.float64):
        raise runtime_error("quantile() input tensor must be either float or double dtype")
    qs = np.asarray(q, a.dtype) if type(q) is not Tensor else q.data
    if qs.dtype != a.dtype:
        raise runtime_error("quantile() q tensor must be same dtype as the input tensor")
    wrapped = normalize_dims(0 if dim is None else dim, a.ndim)[0]
    if dim is not None and a.ndim:
        out_shape = list(a.shape)
        if keepdim:
            out_shape[wrapped] = 1
        else:
            del out_shape[wrapped]
    else:
        out_shape = [1] * a.ndim if keepdim else []
    if not ((qs >= 0) & (qs <= 1)).all():
        raise runtime_error("quantile() q values must be in the range [0, 1]")
    if dim is None:
        moved = flatten(x)
    elif wrapped == a.ndim - 1:
        moved = x
    else:
        moved = transpose(unsqueeze(x, -1), wrapped, -1)
    ordered = sort(moved)[0]
    n = ordered.data.shape[-1]
    ordered = view(ordered, *out_shape, n)
    if n > 2 ** 24:
        raise runtime_error("quantile() input tensor is too large")
    ranks = _quantile_ranks(ordered.data, qs, ignore_nan)
    if interpolation == "lower":
        ranks = np.floor(ranks)
    elif interpolation == "higher":
        ranks = np.ceil(ranks)
    elif interpolation == "nearest":
        ranks = np.round(ranks)         # NOTE: half to even, as PyTorch's round
    below = ranks.astype(np.int64)
    values = gather(ordered, -1, Tensor(below))
    if interpolation in ("linear", "midpoint"):
        weights = np.full_like(ranks, 0.5) if interpolation == "midpoint" else ranks - below.astype(ranks.dtype)
        above = gather(ordered, -1, Tensor(np.ceil(ranks).astype(np.int64)))
        values = inplace(values, lambda v: lerp(v, above, Tensor(weights)))
    if qs.ndim == 0:
        return squeeze_(values, -1)
    return squeeze_(transpose_(unsqueeze_(values, 0), 0, -1), -1)


def _quantile_ranks(ordered, qs, ignore_nan):
    """Each quantile's rank among the sorted values, in the input's dtype:
    for quantile a row with a NaN takes its last (NaN), for nanquantile the
    ranks count the numbers only (a row of NaN takes rank 0, NaN)."""
    nan = np.isnan(ordered)
    if ignore_nan:
        count = (~nan).sum(-1, keepdims=True) - 1
        ranks = qs * count.astype(ordered.dtype)
        return np.where(ranks < 0, ordered.dtype.type(0), ranks)
    last = ordered.shape[-1] - 1
    ranks, has_nan = np.broadcast_arrays(qs * ordered.dtype.type(last), nan.any(-1, keepdims=True))
    return np.where(has_nan, ordered.dtype.type(last), ranks)


def _quantile_call(name, ignore_nan, method):
    def call(*args, **kwargs):
        if args:
            input, args = args[0], args[1:]
        elif "input" in kwargs and not method:
            input = kwargs.pop("input")
        else:
            raise invalid_combination(name, (), kwargs, _QUANTILE_METHOD_FORMS if method else _QUANTILE_FORMS)
        return _quantile(name, ignore_nan, method, input, args, kwargs)
    call.__name__ = call.__qualname__ = name
    return call


_QUANTILE_DOC = ("composed as PyTorch composes it: sort, gather, lerp_ (linear, midpoint), squeeze_; "
                 "its grad_fn is the last of them")
_QUANTILE_SAMPLES = (Sample(T((3, 4)), 0.3), Sample(T((3, 4)), 0.5, 1), Sample(T((3, 4)), 0.75, 0, True),
                     Sample(T((2, 3, 4)), T(values=[0.1, 0.5, 0.9], grad=False), 1),
                     Sample(T((5,)), 0.4, interpolation="lower"), Sample(T((5,)), 0.4, interpolation="higher"),
                     Sample(T((2, 5)), 0.6, -1, interpolation="nearest"),
                     Sample(T((2, 5)), T(values=[0.25, 0.6], grad=False), interpolation="midpoint"),
                     Sample(T(values=2.5), 0.5), Sample(T(values=2.5), 0.5, 0, True))
QUANTILE_METHODS = {}           # x.quantile(...): its errors name the method's overloads
for _name, _ignore_nan in (("quantile", False), ("nanquantile", True)):
    QUANTILE_METHODS[_name] = _quantile_call(_name, _ignore_nan, True)
    row(_name, "SqueezeBackward4", None, forms=("torch", "method"), doc=_QUANTILE_DOC,
        call=_quantile_call(_name, _ignore_nan, False),
        args='input, q, dim=None, keepdim=False, *, interpolation="linear"', samples=_QUANTILE_SAMPLES)

"""Statistics over the op table: var, std, var_mean and std_mean (each by
PyTorch's three overloads: ``dim`` with ``unbiased=``, or ``correction=``,
or ``unbiased`` alone) and the vector norm behind ``torch.norm``/``x.norm`` (p = 2 by default, any
number, ±inf), with PyTorch's argument names, warnings and errors."""
from __future__ import annotations

import math


from ..engine import dtypes as D
from ..engine.autograd import record
from ..engine.context import CONTEXT
from ..engine.moments import welford_moments
from ..errors import runtime_error, type_error
from ..engine.tensor import Tensor
from .device import invalid_combination
from .operands import as_compute, as_tensor, normalize_dims, type_name
from .formulas import std_grad, var_grad
from .oprow import Sample, T, implements, row
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

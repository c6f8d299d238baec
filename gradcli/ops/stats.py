"""Statistics over the op table: var, std (``unbiased=`` or ``correction=``)
and the vector norm behind ``torch.norm``/``x.norm`` (p = 2 by default, any
number, ±inf), with PyTorch's argument names, warnings and errors."""
from __future__ import annotations

import math

from ..engine import dtypes as D
from ..engine.autograd import record
from ..engine.context import CONTEXT
from ..errors import runtime_error, type_error
from .operands import as_compute, as_tensor, normalize_dims, type_name
from .oprow import implements
from .table import OPS


def _dims(dim, ndim):
    """None (every dim) or a tuple of dims; () is an explicit empty list."""
    if dim is None:
        return None
    dims = normalize_dims(dim, ndim)
    return dims if ndim else None


# ***** var, std *****

@implements("var")
def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    return _var_std("var", input, dim, unbiased, keepdim, correction)


@implements("std")
def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    return _var_std("std", input, dim, unbiased, keepdim, correction)


def _var_std(name, input, dim, unbiased, keepdim, correction):
    input = as_tensor(input)
    if isinstance(dim, bool):                 # the legacy std(input, unbiased) form
        dim, unbiased = None, dim
    if unbiased is not None and correction is not None:
        raise type_error(f"{name}() received an invalid combination of arguments - got "
                         "(correction=..., unbiased=bool): pass either unbiased or correction")
    if correction is None:
        correction = 0 if unbiased is False else 1
    elif not isinstance(correction, (int, float)) or isinstance(correction, bool):
        raise type_error(f"{name}(): argument 'correction' must be Number, not {type_name(correction)}")
    a = input.data
    if D.of_array(a).category < 2:
        raise runtime_error("std and var only support floating point and complex dtypes")
    dims = _dims(dim, a.ndim)
    factor = 0 if a.size == 0 else (a.size if not dims else math.prod(a.shape[d] for d in dims))
    if factor - correction <= 0:
        CONTEXT.warning(f"{name}(): degrees of freedom is <= 0. Correction should be strictly less than "
                        "the reduction factor (input numel divided by output numel). (Triggered internally at "
                        "/__w/pytorch/pytorch/aten/src/ATen/native/ReduceOps.cpp:1861.)")
    op = OPS[name]
    attrs = {"dims": dims, "correction": correction, "keepdim": bool(keepdim)}
    return record(op, (input,), attrs, op.forward(a, **attrs))


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

"""Where each op is reachable from a script: ``torch.f``, ``x.f()``, ``F.f``,
bare names (§3.8), and tensor attributes. Only names listed here exist —
scripts reach nothing else."""
from __future__ import annotations

from ..engine import dtypes as D
from . import api, create, grad_api, join, linalg, random, reduce, shape, stats

# ***** functions available as torch.f, x.f() and bare f(...) *****
FUNCTIONS = {
    "add": api.add, "sub": api.sub, "subtract": api.sub, "rsub": api.rsub, "mul": api.mul,
    "multiply": api.mul, "div": api.div, "divide": api.div, "true_divide": api.true_divide,
    "neg": api.neg, "negative": api.neg, "reciprocal": api.reciprocal, "pow": api.pow,
    "exp": api.exp, "log": api.log, "sin": api.sin, "cos": api.cos, "tanh": api.tanh,
    "sigmoid": api.sigmoid, "relu": api.relu, "sqrt": api.sqrt, "abs": api.abs,
    "sum": api.sum, "mean": api.mean,
    "matmul": lambda input, other: api.matmul(input, other),
    "mm": linalg.mm, "mv": linalg.mv, "dot": linalg.dot, "bmm": linalg.bmm,
    "t": shape.t, "reshape": shape.reshape, "flatten": shape.flatten, "squeeze": shape.squeeze,
    "unsqueeze": shape.unsqueeze, "permute": shape.permute, "transpose": shape.transpose,
    "clone": create.clone, "detach": create.detach,
}

# ***** selection, statistics, joining (also torch.f, x.f() and bare f) *****
# NOTE: bare max(x)/min(x) on a tensor are torch.max/torch.min (§3.8); cat and
# stack are here for bare cat([...]) too, so x.cat(...) is a TypeError
# (self is not a list), where PyTorch raises AttributeError.
FUNCTIONS.update({
    "max": reduce.max, "min": reduce.min, "amax": reduce.amax, "amin": reduce.amin,
    "argmax": reduce.argmax, "argmin": reduce.argmin, "maximum": reduce.maximum,
    "minimum": reduce.minimum, "prod": reduce.prod,
    "std": stats.std, "var": stats.var, "norm": stats.norm,
    "where": join.where, "equal": join.equal,
    "cat": join.cat, "concat": join.concat, "concatenate": join.concatenate, "stack": join.stack,
})

# ***** torch.<name> only (plus the FUNCTIONS) *****
TORCH_ONLY = {
    "tensor": create.tensor, "FloatTensor": create.FloatTensor, "DoubleTensor": create.DoubleTensor,
    "LongTensor": create.LongTensor, "IntTensor": create.IntTensor, "BoolTensor": create.BoolTensor,
    "zeros": create.zeros, "ones": create.ones, "empty": create.empty, "full": create.full,
    "eye": create.eye, "arange": create.arange, "linspace": create.linspace,
    "zeros_like": create.zeros_like, "ones_like": create.ones_like, "full_like": create.full_like,
}

TORCH_ONLY.update(random.RANDOM_TORCH)

TORCH_DTYPES = dict(D.ALIASES)

# ***** x.<name>(...) only (plus the FUNCTIONS) *****
METHODS = {
    "backward": grad_api.backward, "retain_grad": grad_api.retain_grad,
    "register_hook": grad_api.register_hook, "requires_grad_": create.requires_grad_,
    "detach_": create.detach_, "numpy": create.numpy, "item": create.item, "tolist": create.tolist,
    "view": shape.view, "expand": shape.expand, "contiguous": shape.contiguous,
    "float": create.float_, "double": create.double, "long": create.long, "int": create.int_,
    "bool": create.bool_, "to": create.to, "type_as": create.type_as,
    "size": lambda self, dim=None: _size(self, dim),
    "dim": lambda self: self.data.ndim, "ndimension": lambda self: self.data.ndim,
    "numel": lambda self: int(self.data.size), "nelement": lambda self: int(self.data.size),
    "is_floating_point": lambda self: self.data.dtype.kind == "f",
    "zero_": lambda self: grad_api.inplace(self, lambda v: create.zeros_like(v)),
    "fill_": lambda self, value: grad_api.inplace(self, lambda v: create.full_like(v, value)),
    "add_": lambda self, other, *, alpha=1: grad_api.inplace(self, lambda v: api.add(v, other, alpha=alpha)),
    "sub_": lambda self, other, *, alpha=1: grad_api.inplace(self, lambda v: api.sub(v, other, alpha=alpha)),
    "mul_": lambda self, other: grad_api.inplace(self, lambda v: api.mul(v, other)),
    "div_": lambda self, other: grad_api.inplace(self, lambda v: api.div(v, other)),
    "pow_": lambda self, exponent: grad_api.inplace(self, lambda v: api.pow(v, exponent)),
    "copy_": lambda self, src: grad_api.inplace(self, lambda v: api.as_tensor(src)),
    "where": join.where_method, "is_contiguous": join.is_contiguous,
}
METHODS.update(random.RANDOM_METHODS)


def _size(t, dim=None):
    from ..lang.values import Size
    if dim is None:
        return Size(t.data.shape)
    d = api.normalize_dims(dim, t.data.ndim)[0]
    return t.data.shape[d]


def _get_shape(t):
    from ..lang.values import Size
    return Size(t.data.shape)


# ***** x.<attribute> *****
ATTRIBUTES = {
    "shape": _get_shape, "dtype": lambda t: t.dtype, "requires_grad": lambda t: t.requires_grad,
    "is_leaf": lambda t: t.is_leaf, "grad": grad_api.get_grad, "grad_fn": lambda t: t.grad_fn,
    "data": create.detach, "T": shape.T, "mT": shape.mT, "ndim": lambda t: t.data.ndim,
    "device": lambda t: "cpu", "is_cuda": lambda t: False,
}

SETTABLE = {
    "grad": grad_api.set_grad, "requires_grad": create.set_requires_grad,
    "data": lambda t, v: _set_data(t, v),
}


def _set_data(t, v):
    from ..errors import type_error
    if type(v).__name__ != "Tensor":
        raise type_error("data must be a Tensor")
    t.data = v.data


# ***** torch.nn.functional *****
FUNCTIONAL = {"relu": api.relu, "sigmoid": api.sigmoid, "tanh": api.tanh}
FUNCTIONAL.update(random.RANDOM_FUNCTIONAL)

# ***** torch.autograd *****
AUTOGRAD = {"grad": grad_api.autograd_grad, "backward": grad_api.autograd_backward}

"""The names a script starts with: Python builtins, ``torch`` and friends,
and the attributes of non-tensor values (``torch.Size``, grad_fn nodes)."""
from __future__ import annotations

from ..engine import autograd as AG
from ..engine import dtypes as D
from ..engine.tensor import Tensor
from ..errors import GradcliError, type_error, value_error
from ..ops import api, registry
from ..ops.api import type_name
from ..ops.create import NumpyArray
from ..nn.namespace import NN, OPTIM
from ..nn.objects import ScriptObject
from .values import Function, GradModeContext, Namespace, ReturnTuple, Size

MAX_RANGE = 100_000_000


def _range(*args):
    for a in args:
        if not isinstance(a, int) or isinstance(a, bool) and False:
            raise type_error(f"'{type_name(a)}' object cannot be interpreted as an integer")
    r = range(*args)
    if len(r) > MAX_RANGE:
        raise GradcliError("LimitError", f"range of {len(r):,} items is over the limit of {MAX_RANGE:,}")
    return r


def _len(v):
    if type(v) is Tensor:
        if v.data.ndim == 0:
            raise type_error("len() of a 0-d tensor")
        return v.data.shape[0]
    if isinstance(v, (list, tuple, str, range)):
        return len(v)
    if isinstance(v, ScriptObject):
        return v.length()
    raise type_error(f"object of type '{type_name(v)}' has no len()")


def _scalar_conv(kind):
    def conv(v=0):
        if type(v) is Tensor:
            if v.data.size != 1:
                raise value_error("only one element tensors can be converted to Python scalars")
            v = v.data.reshape(()).item()
        try:
            return kind(v)
        except (TypeError, ValueError) as e:
            raise value_error(str(e)) from None
    conv.__name__ = kind.__name__
    return conv


def _seq_conv(kind):
    def conv(v=()):
        if type(v) is Tensor:
            from .. ops.shape import getitem
            if v.data.ndim == 0:
                raise type_error("iteration over a 0-d tensor")
            return kind(getitem(v, i) for i in range(v.data.shape[0]))
        if isinstance(v, (list, tuple, str, range)):
            return kind(v)
        raise type_error(f"'{type_name(v)}' object is not iterable")
    conv.__name__ = kind.__name__
    return conv


def _torch_or(builtin_fn, torch_fn):
    """§3.8: ``sum max min abs round`` mean the torch functions on tensors."""
    def f(*args, **kwargs):
        if args and type(args[0]) is Tensor:
            return torch_fn(*args, **kwargs)
        return builtin_fn(*args, **kwargs)
    return f


def _py_sum(it, start=0):
    total = start
    for v in it:
        from .runtime import binop
        total = binop("+", total, v)
    return total


def _py_minmax(pick):
    def f(*args):
        from .runtime import compare
        items = list(args[0]) if len(args) == 1 and isinstance(args[0], (list, tuple, range)) else list(args)
        if not items:
            raise value_error(f"{pick}() arg is an empty sequence")
        best = items[0]
        for v in items[1:]:
            if compare(">" if pick == "max" else "<", v, best) is True:
                best = v
        return best
    f.__name__ = pick
    return f


def _py_abs(v):
    if isinstance(v, (int, float, bool)):
        return abs(v)
    raise type_error(f"bad operand type for abs(): '{type_name(v)}'")


def _py_round(v, ndigits=None):
    if isinstance(v, (int, float)):
        return round(v, ndigits) if ndigits is not None else round(v)
    raise type_error(f"type {type_name(v)} doesn't define __round__ method")


def make_globals(print_fn) -> dict:
    """The fresh global names of one script run."""
    bare = dict(registry.FUNCTIONS)
    g = {name: Function(name, fn) for name, fn in bare.items()}
    g.update({
        "print": Function("print", print_fn), "len": Function("len", _len),
        "range": Function("range", _range), "float": Function("float", _scalar_conv(float)),
        "int": Function("int", _scalar_conv(int)), "bool": Function("bool", _scalar_conv(bool)),
        "list": Function("list", _seq_conv(list)), "tuple": Function("tuple", _seq_conv(tuple)),
        "sum": Function("sum", _torch_or(_py_sum, api.sum)),
        "abs": Function("abs", _torch_or(_py_abs, api.abs)),
        "round": Function("round", _torch_or(_py_round, _torch_round)),
        "max": Function("max", _torch_or(_py_minmax("max"), _torch_fn("max"))),
        "min": Function("min", _torch_or(_py_minmax("min"), _torch_fn("min"))),
    })
    return g


def _torch_round(*a, **k):
    return registry.FUNCTIONS["round"](*a, **k)


def _torch_fn(name):
    def f(*a, **k):
        fn = registry.FUNCTIONS.get(name)
        if fn is None:
            raise GradcliError("NotImplementedError", f"torch.{name} is not available yet")
        return fn(*a, **k)
    return f


# ***** modules a script may import *****

def _torch_namespace() -> Namespace:
    table = dict(registry.FUNCTIONS)
    table.update(registry.TORCH_ONLY)
    table.update(registry.TORCH_DTYPES)
    table.update({
        "no_grad": lambda: GradModeContext(False), "enable_grad": lambda: GradModeContext(True),
        "set_grad_enabled": lambda mode: GradModeContext(bool(mode)),
        "is_grad_enabled": lambda: AG.GRAD_MODE.enabled,
        "is_tensor": lambda obj: type(obj) is Tensor, "numel": lambda input: int(input.data.size),
        "Size": lambda sizes=(): Size(sizes), "Tensor": None,
    })
    del table["Tensor"]
    functional = Namespace("torch.nn.functional", dict(registry.FUNCTIONAL))
    nn = Namespace("torch.nn", {"functional": functional})
    nn.table.update({name: Function(f"torch.nn.{name}", fn) for name, fn in NN.items()})
    optim = Namespace("torch.optim", {name: Function(f"torch.optim.{name}", fn) for name, fn in OPTIM.items()})
    autograd = Namespace("torch.autograd", dict(registry.AUTOGRAD))
    table.update({"nn": nn, "optim": optim, "autograd": autograd})
    return Namespace("torch", table)


_MODULES = None


def modules() -> dict:
    """Importable module paths → namespaces (built once per process)."""
    global _MODULES
    if _MODULES is None:
        torch = _torch_namespace()
        nn = torch.table["nn"]
        _MODULES = {"torch": torch, "torch.nn": nn, "torch.nn.functional": nn.table["functional"],
                    "torch.autograd": torch.table["autograd"], "torch.optim": torch.table["optim"],
                    "numpy": Namespace("numpy", {"float32": D.float32, "float64": D.float64,
                                                 "int64": D.int64, "int32": D.int32,
                                                 "array": lambda obj, dtype=None: NumpyArray(
                                                     __import__("numpy").array(obj, dtype=dtype.np if dtype else None))})}
    return _MODULES


# ***** attributes of the other values *****

def value_attribute(value, name):
    if isinstance(value, (AG.Node, AG.AccumulateGrad)):
        if name == "next_functions":
            return tuple(value.next_functions)
        if name == "name":
            return Function("name", lambda: value.name)
        if name == "variable" and isinstance(value, AG.AccumulateGrad):
            return value.variable
    elif isinstance(value, Size) and name == "numel":
        return Function("numel", value.numel)
    elif isinstance(value, D.DType) and name in ("is_floating_point", "itemsize"):
        return getattr(value, name)
    elif isinstance(value, ReturnTuple) and name in value.fields:
        return value[value.fields.index(name)]
    elif isinstance(value, NumpyArray):
        if name == "shape":
            return tuple(value.array.shape)
        if name == "tolist":
            return Function("tolist", value.array.tolist)
    from .runtime import attribute_error
    raise attribute_error(value, name)

"""What script values can do: operators, attributes, calls, truth, indexing.

Everything a script reaches goes through the tables here and in
``ops/registry.py``; user text never reaches Python's getattr/eval.
"""
from __future__ import annotations

import operator

import numpy as np

from ..engine import dtypes as D
from ..engine.tensor import Tensor
from ..errors import GradcliError, runtime_error, type_error
from ..ops import arith as api, names as registry, shape
from ..ops.operands import type_name
from ..ops.create import NumpyArray
from .values import BoundMethod, Function, GradModeContext, LambdaFn, Namespace, ReturnTuple, Size

_NUM = (bool, int, float)


def name_error(name):
    return GradcliError("NameError", f"name '{name}' is not defined")


def attribute_error(value, name):
    owner = value.display_name if isinstance(value, Namespace) else type_name(value)
    if owner in ("torch", "torch.nn.functional", "torch.linalg", "Tensor") and registry.pytorch_has(owner, name):
        return GradcliError("NotImplementedError", f"gradcli does not support {owner}.{name} yet",
                            hint="the README lists what gradcli supports")
    kind = "module" if isinstance(value, Namespace) else "object"
    return GradcliError("AttributeError", f"{kind} '{owner}' has no attribute '{name}'"
                        if kind == "module" else f"'{owner}' object has no attribute '{name}'")


# ***** operators *****

_TENSOR_BINOPS = {
    "+": api.add, "-": api.sub, "*": api.mul, "/": api.div, "**": api.pow, "@": api.matmul,
}
_PY_BINOPS = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
    "//": operator.floordiv, "%": operator.mod, "**": operator.pow, "&": operator.and_,
    "|": operator.or_, "@": None,
}


def _is_tensorish(v):
    return type(v) is Tensor


def tensor_binop(op):
    """The function for ``op`` when an operand is a Tensor and neither is a
    list or tuple (the evaluator's fast path); None for the other operators."""
    return _TENSOR_BINOPS.get(op)


def binop(op, a, b):
    if type(a) is Tensor or type(b) is Tensor or (op == "@" and isinstance(a, list) and isinstance(b, list)):
        fn = _TENSOR_BINOPS.get(op)
        if fn is None:
            from ..ops import compare as more
            fn = more.BINOPS.get(op)
        if fn is None:
            raise type_error(f"unsupported operand type(s) for {op}: '{type_name(a)}' and '{type_name(b)}'")
        # NOTE: a bare list used as an operand of a tensor operation is torch.tensor(list) (§3.8).
        if isinstance(a, (list, tuple)):
            a = api.as_tensor(a)
        if isinstance(b, (list, tuple)):
            b = api.as_tensor(b)
        return fn(a, b)
    fn = _PY_BINOPS[op]
    if fn is None or not (isinstance(a, _NUM + (str, list, tuple)) and isinstance(b, _NUM + (str, list, tuple))):
        raise type_error(f"unsupported operand type(s) for {op}: '{type_name(a)}' and '{type_name(b)}'")
    try:
        if op == "**" and isinstance(a, int) and isinstance(b, int) and abs(b) > 10_000:
            raise GradcliError("LimitError", "integer power too large (exponent over 10,000)")
        if op == "*" and (isinstance(a, (str, list, tuple)) or isinstance(b, (str, list, tuple))):
            n = b if isinstance(b, int) else a
            if isinstance(n, int) and n > 10_000_000:
                raise GradcliError("LimitError", "sequence repetition too large")
        return fn(a, b)
    except ZeroDivisionError as e:
        raise GradcliError("ZeroDivisionError", str(e)) from None
    except TypeError:
        raise type_error(f"unsupported operand type(s) for {op}: '{type_name(a)}' and '{type_name(b)}'") from None
    except OverflowError as e:
        raise GradcliError("OverflowError", str(e)) from None


def unaryop(op, v):
    if op == "not":
        return not truth(v)
    if type(v) is Tensor or isinstance(v, list):
        v = api.as_tensor(v)
        if op == "-":
            return api.neg(v)
        if op == "+":
            return v
        from ..ops import compare as more
        return more.bitwise_not(v)
    if isinstance(v, _NUM):
        return {"-": operator.neg, "+": operator.pos, "~": operator.invert}[op](v)
    raise type_error(f"bad operand type for unary {op}: '{type_name(v)}'")


def compare(op, a, b):
    if op in ("is", "is not"):
        same = a is b or (a is None and b is None)
        return same if op == "is" else not same
    if op in ("in", "not in"):
        if not isinstance(b, (list, tuple, str)):
            raise type_error(f"argument of type '{type_name(b)}' is not iterable")
        found = any(x is a or (not _is_tensorish(x) and not _is_tensorish(a) and x == a) for x in b)
        return found if op == "in" else not found
    if _is_tensorish(a) or _is_tensorish(b):
        from ..ops import compare as more
        return more.compare(op, a, b)
    try:
        return {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
                "==": operator.eq, "!=": operator.ne}[op](a, b)
    except TypeError:
        raise type_error(f"'{op}' not supported between instances of '{type_name(a)}' and '{type_name(b)}'") from None


def truth(v) -> bool:
    if type(v) is Tensor:
        if v.data.size != 1:
            raise runtime_error(f"Boolean value of Tensor with more than one value is ambiguous")
        return bool(v.data.reshape(()).item())
    if isinstance(v, NumpyArray):
        if v.array.size != 1:
            raise GradcliError("ValueError", "The truth value of an array with more than one element is ambiguous. "
                               "Use a.any() or a.all()")
        return bool(v.array.reshape(()).item())
    if v is None or v is False:
        return False
    if isinstance(v, (bool, int, float, str, list, tuple)):
        return bool(v)
    return True


# ***** attributes *****

def get_attribute(value, name):
    if name.startswith("__"):
        raise attribute_error(value, name)
    if type(value) is Tensor:
        getter = registry.ATTRIBUTES.get(name)
        if getter is not None:
            return getter(value)
        fn = registry.METHODS.get(name) or registry.FUNCTIONS.get(name)
        if fn is not None:
            return BoundMethod(name, fn, value)
        raise attribute_error(value, name)
    if isinstance(value, Namespace):
        if name in value.table:
            v = value.table[name]
            return Function(f"{value.display_name}.{name}", v) if callable(v) and not isinstance(
                v, (Namespace, D.DType, Function, type)) else v
        raise attribute_error(value, name)
    from .builtins import value_attribute
    return value_attribute(value, name)


def set_attribute(target, name, value):
    if type(target) is Tensor and name in registry.SETTABLE:
        registry.SETTABLE[name](target, value)
        return
    if type(target) is Tensor and name in registry.ATTRIBUTES:
        raise GradcliError("AttributeError", f"attribute '{name}' of 'torch._C.TensorBase' objects is not writable")
    raise GradcliError("AttributeError", f"'{type_name(target)}' object attribute '{name}' cannot be set")


# ***** subscripts *****

def subscript(value, key):
    if type(value) is Tensor:
        return shape.getitem(value, _index_key(key))
    if isinstance(value, NumpyArray):
        value = Tensor(value.array)
        return NumpyArray(shape.getitem(value, _index_key(key)).data)
    if isinstance(value, (list, tuple, str)):
        if type(key) is Tensor and key.data.ndim == 0 and key.data.dtype.kind in "iu":
            key = int(key.data)
        if not isinstance(key, (int, slice)) or isinstance(key, bool) and False:
            raise type_error(f"{type_name(value)} indices must be integers or slices, not {type_name(key)}")
        try:
            out = value[key]
        except IndexError:
            raise GradcliError("IndexError", f"{type_name(value)} index out of range") from None
        return Size(out) if isinstance(value, Size) and isinstance(key, slice) else out
    raise type_error(f"'{type_name(value)}' object is not subscriptable")


def _index_key(key):
    if isinstance(key, tuple):
        return tuple(_index_item(k) for k in key)
    return _index_item(key)


def _index_item(k):
    if type(k) is Tensor and k.data.ndim == 0 and k.data.dtype.kind in "iu":
        return int(k.data)
    return k


# ***** calls *****

def call(fn, args, kwargs, invoke_lambda):
    if isinstance(fn, BoundMethod):
        return _call_py(fn.name, fn.fn, (fn.self_,) + tuple(args), kwargs)
    if isinstance(fn, Function):
        return _call_py(fn.name, fn.fn, args, kwargs)
    if isinstance(fn, LambdaFn):
        return invoke_lambda(fn, args, kwargs)
    raise type_error(f"'{type_name(fn)}' object is not callable")


def _call_py(name, fn, args, kwargs):
    try:
        return fn(*args, **kwargs)
    except TypeError as e:
        if e.__traceback__ is not None and e.__traceback__.tb_next is None:
            # Raised while binding the arguments: the user's call is wrong.
            msg = str(e)
            short = name.rsplit(".", 1)[-1]
            inner = getattr(fn, "__name__", short)
            msg = msg.replace(f"{inner}()", f"{short}()").replace("<lambda>()", f"{short}()")
            raise type_error(msg) from None
        raise _invalid_arguments(name, args, kwargs) if _odd_arguments(args, kwargs) else e
    except (ValueError, AttributeError) as e:
        raise _invalid_arguments(name, args, kwargs) if _odd_arguments(args, kwargs) else e


def _odd_arguments(args, kwargs) -> bool:
    """Whether a call passed a value no torch function takes where a number
    or tensor belongs (a string, a list, a tensor as a size...): then a
    failure inside the function is the script's wrong call."""
    return any(type(v) is not bool and not isinstance(v, (int, float))
               for v in list(args[1:]) + list(kwargs.values()))


def _invalid_arguments(name, args, kwargs):
    short = name.rsplit(".", 1)[-1]
    got = ", ".join([type_name(a) for a in args] + [f"{k}={type_name(v)}" for k, v in kwargs.items()])
    return type_error(f"{short}() received an invalid combination of arguments - got ({got})")

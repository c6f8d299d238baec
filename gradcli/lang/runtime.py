"""What script values can do: operators, attributes, calls, truth, indexing.

Everything a script reaches goes through the tables here and in
``ops/names.py``; user text never reaches Python's getattr/eval.
"""
from __future__ import annotations

import operator
from collections import OrderedDict
import re

import numpy as np

from ..engine import dtypes as D
from ..engine.tensor import Tensor
from ..errors import GradcliError, did_you_mean, runtime_error, type_error
from ..ops import arith as api, names as registry, pointwise, shape
from ..ops.create import ARRAY_LIST_WARNING, SCALAR_WARNING, NumpyArray
from ..ops.join import MESHGRID_WARNING
from ..ops.linalg import CROSS_WARNING
from ..ops.selection import SCATTER_REDUCE_WARNING
from ..nn.layers import ModuleDict, ModuleList, Sequential
from ..nn.recurrent import PROJECTION_WARNING
from ..nn.objects import Method, ScriptGenerator, ScriptObject
from ..ops.operands import NUMPY_NUMBERS, as_tensor, checked_scalar, type_name as value_type_name
from . import accelerators
from .calls import numpy_keywords
from .values import (BoundMethod, Function, GradModeContext, GradModeFunction, Namespace, NotOffered, PyType,
                     Size, UserFunction)

_NUM = (bool, int, float)
_NUMPY = (NumpyArray,) + NUMPY_NUMBERS       # numpy arrays and numbers: numpy computes


_TYPE_NAMES = {
    dict: "dict", set: "set", frozenset: "frozenset", range: "range", type({}.keys()): "dict_keys",
    type({}.values()): "dict_values", type({}.items()): "dict_items", zip: "zip", enumerate: "enumerate",
    map: "map", filter: "filter", type(reversed([])): "list_reverseiterator",
    type(reversed(())): "reversed", type(reversed(range(0))): "range_iterator",
    type(x for x in ()): "generator", type(iter([])): "list_iterator",
    # what iter() gives for the other iterables (Python 3.11's names)
    type(iter(())): "tuple_iterator", type(iter("")): "str_ascii_iterator", type(iter("\u00e9")): "str_iterator",
    type(iter(set())): "set_iterator", type(iter({})): "dict_keyiterator",
    type(iter({}.values())): "dict_valueiterator", type(iter({}.items())): "dict_itemiterator",
    type(iter(OrderedDict())): "odict_iterator",
}


def type_name(x) -> str:
    """Python's name for the type of a script value (as error messages say it)."""
    n = _TYPE_NAMES.get(type(x))
    return n if n is not None else value_type_name(x)


def scope_names(scope, builtins) -> list:
    """Every name a script can reach from ``scope``: its variables, those of
    the enclosing scopes, then the builtins."""
    names, s = [], scope
    while isinstance(s, dict):
        names.extend(s)
        s = getattr(s, "outer", None)
    return names + [k for k, v in builtins.items() if type(v) is not NotOffered]


def name_error(name, candidates=()):
    return GradcliError("NameError", f"name '{name}' is not defined", hint=did_you_mean(name, candidates))


def attribute_error(value, name):
    owner = value.display_name if isinstance(value, Namespace) else type_name(value)
    if (isinstance(value, Namespace) or owner == "Tensor") and registry.pytorch_has(owner, name):
        return GradcliError("NotImplementedError", f"gradcli does not support {owner}.{name} yet",
                            hint="the README lists what gradcli supports")
    if owner in accelerators.NAMESPACES and not name.startswith("_"):
        return accelerators.not_on_the_cpu(owner, name)
    kind = "module" if isinstance(value, Namespace) else "object"
    if type(value) is Tensor:
        candidates = list(registry.ATTRIBUTES) + list(registry.METHODS)
    elif isinstance(value, Namespace):
        candidates = [k for k, v in value.table.items() if type(v) is not NotOffered]
    else:
        from .methods import method_table
        candidates = method_table(value) or ()
    return GradcliError("AttributeError", f"{kind} '{owner}' has no attribute '{name}'"
                        if kind == "module" else f"'{owner}' object has no attribute '{name}'",
                        hint=did_you_mean(name, candidates))


# ***** operators *****

_TENSOR_BINOPS = {
    "+": api.add, "-": api.sub, "*": api.mul, "/": api.div, "**": api.pow, "@": api.matmul,
    "//": pointwise.floor_divide, "%": pointwise.remainder,
}
_PY_BINOPS = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
    "//": operator.floordiv, "%": operator.mod, "**": operator.pow, "&": operator.and_,
    "|": operator.or_, "<<": operator.lshift, ">>": operator.rshift, "@": None,
}


_BITWISE_OPERANDS = (Tensor, int, float, complex, np.number)


def _is_tensorish(v):
    return type(v) is Tensor


def tensor_binop(op):
    """The function for ``op`` when an operand is a Tensor and neither is a
    list or tuple (the evaluator's fast path); None for the other operators."""
    return _TENSOR_BINOPS.get(op)


def binop(op, a, b):
    if op == "%" and isinstance(a, str):
        from .percent import percent_format
        return percent_format(a, b)
    if type(a) is Size or type(b) is Size:
        return size_binop(op, a, b)
    if type(a) is Tensor or type(b) is Tensor or (op == "@" and isinstance(a, list) and isinstance(b, list)):
        if isinstance(a, NumpyArray) or isinstance(b, NumpyArray):
            from .stdmodules import tensor_numpy_binop
            return tensor_numpy_binop(op, a, b)
        fn = _TENSOR_BINOPS.get(op)
        if fn is None:
            from ..ops import compare as more
            fn = more.BINOPS.get(op)
            # NOTE: Tensor.__and__, __or__, __lshift__, __rshift__ take a tensor or a number only
            if fn is not None and not (isinstance(a, _BITWISE_OPERANDS) and isinstance(b, _BITWISE_OPERANDS)):
                fn = None
        if fn is None:
            raise type_error(f"unsupported operand type(s) for {op}: '{type_name(a)}' and '{type_name(b)}'")
        # NOTE: a bare list used as an operand of a tensor operation is torch.tensor(list) (§3.8).
        if isinstance(a, (list, tuple)):
            a = as_tensor(a)
        if isinstance(b, (list, tuple)):
            b = as_tensor(b)
        return fn(a, b)
    if isinstance(a, _NUMPY) or isinstance(b, _NUMPY):
        from .stdmodules import numpy_binop
        return numpy_binop(op, a, b)
    if op == "+" and isinstance(a, ModuleList):
        return a.concatenated(b)            # ModuleList.__add__: a new list of both's modules
    return _python_binop(op, a, b)


def inplace_binop(op, a, b):
    """``a <op>= b`` on a tensor ``a``: ``binop``, but where PyTorch checks
    that the result type casts into ``a`` before its kernel runs."""
    from ..ops.compare import INPLACE_BINOPS
    fn = INPLACE_BINOPS.get(op)
    return binop(op, a, b) if fn is None or type(b) is NumpyArray else fn(a, b)


def _python_binop(op, a, b):
    """``a <op> b`` on Python numbers, strings, lists and tuples (and sets,
    dicts for ``| & -``), with Python's errors and the size limits."""
    fn = _PY_BINOPS[op]
    if op == "|" and isinstance(a, (dict, set)) and type(a) is type(b):
        return a | b
    if op == "&" and isinstance(a, set) and isinstance(b, set):
        return a & b
    if op == "-" and isinstance(a, set) and isinstance(b, set):
        return a - b
    if fn is None or not (isinstance(a, _NUM + (str, list, tuple)) and isinstance(b, _NUM + (str, list, tuple))):
        raise type_error(operand_error(op, a, b))
    try:
        if op == "**" and isinstance(a, int) and isinstance(b, int) and abs(b) > 10_000:
            raise GradcliError("LimitError", "integer power too large (exponent over 10,000)")
        if op == "<<" and isinstance(a, int) and a and isinstance(b, int) and b > MAX_SHIFT:
            raise GradcliError("LimitError", f"integer shift too large (count over {MAX_SHIFT:,})")
        if op == "*" and (isinstance(a, (str, list, tuple)) or isinstance(b, (str, list, tuple))):
            seq, n = (a, b) if isinstance(a, (str, list, tuple)) else (b, a)
            if isinstance(n, int) and len(seq) * n > MAX_SEQUENCE:
                raise GradcliError("LimitError", f"a sequence of {len(seq) * n:,} items is over the limit of "
                                   f"{MAX_SEQUENCE:,}")
        if op == "+" and isinstance(a, (str, list, tuple)) and isinstance(b, (str, list, tuple)) and \
                len(a) + len(b) > MAX_SEQUENCE:
            raise GradcliError("LimitError", f"a sequence of {len(a) + len(b):,} items is over the limit of "
                               f"{MAX_SEQUENCE:,}")

        return fn(a, b)
    except ZeroDivisionError as e:
        raise GradcliError("ZeroDivisionError", str(e)) from None
    except ValueError as e:                 # a negative shift count
        raise GradcliError("ValueError", str(e)) from None
    except TypeError:
        raise type_error(operand_error(op, a, b)) from None
    except OverflowError as e:
        raise GradcliError("OverflowError", str(e)) from None


def size_binop(op, a, b):
    """An operator with a ``torch.Size`` operand. It is a tuple, never a
    tensor operand: ``+`` concatenates and ``*`` repeats, as for tuples,
    and give a ``torch.Size`` (even ``(1,) + size``), whose items must be
    ints; a tensor or numpy integer can only be the count of ``*``."""
    if op == "*":
        a, b = _repeat_count(a), _repeat_count(b)
    out = _python_binop(op, a, b)
    return make_size(out) if isinstance(out, tuple) else out


def _repeat_count(v):
    """``v`` as the count of a sequence repetition (Python's ``__index__``)."""
    i = python_index(v)
    return v if i is None else i


def make_size(items) -> Size:
    """``torch.Size(items)``: PyTorch takes ints and what converts to one
    (a bool, a one-element integer tensor, a numpy integer)."""
    out = []
    for i, v in enumerate(iterate(items)):
        if type(v) is Tensor and v.data.size == 1 and v.data.dtype.kind in "biu" or isinstance(v, np.integer):
            v = _repeat_count(v)
        if not isinstance(v, int):
            raise type_error(f"torch.Size() takes an iterable of 'int' (item {i} is '{type_name(v)}')")
        out.append(int(v))
    return Size(out)


_SEQUENCES = (str, list, tuple)


def operand_error(op, a, b) -> str:
    """Python's words for ``a <op> b`` on operands that do not go together
    (PyTorch's for a torch.Size on the left of ``+``)."""
    ta = type(a)
    if op == "+" and ta is Size and not isinstance(b, tuple):
        return f"can only concatenate tuple (not {type_name(b)}) to torch.Size"
    if op == "+" and ta in _SEQUENCES:
        return f'can only concatenate {ta.__name__} (not "{type_name(b)}") to {ta.__name__}'
    if op == "*" and (isinstance(a, _SEQUENCES) or isinstance(b, _SEQUENCES)):
        n = b if isinstance(a, _SEQUENCES) else a
        if not isinstance(n, int):
            return f"can't multiply sequence by non-int of type '{type_name(n)}'"
    op = "** or pow()" if op == "**" else op
    return f"unsupported operand type(s) for {op}: '{type_name(a)}' and '{type_name(b)}'"


def unaryop(op, v):
    if op == "not":
        return not truth(v)
    if isinstance(v, _NUMPY):
        from .stdmodules import numpy_unaryop
        return numpy_unaryop(op, v)
    if type(v) is Tensor or isinstance(v, list):
        v = as_tensor(v)
        if op == "-":
            return api.neg(v)
        if op == "+":
            return v
        from ..ops import compare as more
        return more.invert(v)
    if isinstance(v, _NUM) and (op != "~" or isinstance(v, int)):
        return {"-": operator.neg, "+": operator.pos, "~": operator.invert}[op](v)
    raise type_error(f"bad operand type for unary {op}: '{type_name(v)}'")


def compare(op, a, b):
    if op in ("is", "is not"):
        same = a is b or (a is None and b is None)
        return same if op == "is" else not same
    if op in ("in", "not in"):
        found = contains(b, a)
        return found if op == "in" else not found
    if _is_tensorish(a) or _is_tensorish(b):
        if isinstance(a, NumpyArray) or isinstance(b, NumpyArray):
            from .stdmodules import tensor_numpy_binop
            return tensor_numpy_binop(op, a, b)
        if type(a) is Size or type(b) is Size:      # a tuple, no tensor operand: never equal
            if op in ("==", "!="):
                return op == "!="
            raise type_error(f"'{op}' not supported between instances of '{type_name(a)}' and '{type_name(b)}'")
        from ..ops import compare as more
        return more.compare(op, a, b)
    if isinstance(a, _NUMPY) or isinstance(b, _NUMPY):
        from .stdmodules import numpy_binop
        return numpy_binop(op, a, b)
    try:
        return {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
                "==": operator.eq, "!=": operator.ne}[op](a, b)
    except TypeError:
        raise type_error(f"'{op}' not supported between instances of '{type_name(a)}' and '{type_name(b)}'") from None


def contains(container, item) -> bool:
    """``item in container`` with Python's rules (and PyTorch's for tensors)."""
    b, a = container, item
    if isinstance(b, str):
        if not isinstance(a, str):
            raise type_error(f"'in <string>' requires string as left operand, not {type_name(a)}")
        return a in b
    if isinstance(b, (dict, set, frozenset, _KEYS_VIEW)):
        try:
            return a in b
        except TypeError:
            raise type_error(f"unhashable type: '{type_name(a)}'") from None
    if isinstance(b, ModuleDict):
        return b.script_contains(a)
    if type(b) is Tensor:
        from ..ops import compare as more
        eq = more.compare("==", b, a)
        return bool(eq.data.any())
    if isinstance(b, range):
        return a in b if isinstance(a, (int, float)) else False
    if isinstance(b, (list, tuple, _VALUES_VIEW, _ITEMS_VIEW)) or type(b) in _ITERATORS:
        for x in iterate(b):
            if x is a:
                return True
            if _is_tensorish(x) or _is_tensorish(a):
                if _is_tensorish(x) and _is_tensorish(a) or isinstance(x, _NUM) or isinstance(a, _NUM):
                    if truth(compare("==", x, a)):
                        return True
                continue
            if (type(x) in _PLAIN or isinstance(x, NUMPY_NUMBERS)) and \
                    (type(a) in _PLAIN or isinstance(a, NUMPY_NUMBERS)) and x == a:
                return True
            if type(x) in _CALLABLES and x == a:
                return True
        return False
    raise type_error(f"argument of type '{type_name(b)}' is not iterable")


# NOTE: PyTorch warns once per process (TORCH_WARN_ONCE) when float() -- not
# int() or .item() -- turns a tensor that requires grad into a number, and
# when torch.cross is called without dim or torch.scatter with reduce= and a tensor src,
# and when a float32 LSTM with projections cannot run through oneDNN.
ONCE_PER_RUN = frozenset((SCALAR_WARNING, ARRAY_LIST_WARNING, MESHGRID_WARNING, CROSS_WARNING, SCATTER_REDUCE_WARNING,
                          PROJECTION_WARNING))


def tensor_number(t: Tensor, as_float: bool):
    """The number in a one-element tensor, as ``float(t)`` (``as_float``) or
    ``int(t)`` take it."""
    if t.data.size != 1:
        raise GradcliError("ValueError", "only one element tensors can be converted to Python scalars")
    if as_float and t.requires_grad:
        from ..engine.context import CONTEXT
        CONTEXT.warning(SCALAR_WARNING)
    return t.data.reshape(()).item()


def truth(v) -> bool:
    if type(v) is Tensor:
        if v.data.size != 1:
            raise runtime_error("Boolean value of Tensor with more than one value is ambiguous")
        return bool(v.data.reshape(()).item())
    if isinstance(v, NumpyArray):
        if v.array.size != 1:
            raise GradcliError("ValueError", "The truth value of an array with more than one element is ambiguous. "
                               "Use a.any() or a.all()")
        return bool(v.array.reshape(()).item())
    if v is None or v is False:
        return False
    if isinstance(v, (bool, int, float, str, list, tuple, dict, set, range, _KEYS_VIEW, _VALUES_VIEW, _ITEMS_VIEW,
                      np.generic)):
        return bool(v)
    return True


# ***** iteration *****

_KEYS_VIEW, _VALUES_VIEW, _ITEMS_VIEW = type({}.keys()), type({}.values()), type({}.items())
_ITERATORS = frozenset(t for t in _TYPE_NAMES if t not in (dict, set, frozenset, range, _KEYS_VIEW,
                                                           _VALUES_VIEW, _ITEMS_VIEW))
_ITERABLE = (list, tuple, str, range, dict, set, frozenset, _KEYS_VIEW, _VALUES_VIEW, _ITEMS_VIEW)
_PLAIN = frozenset((bool, int, float, str, type(None), tuple, list, dict, set, Size))
_CALLABLES = frozenset((Function, BoundMethod))     # equal as Python's functions and bound methods are


def is_iterator(v) -> bool:
    """Whether ``v`` is an iterator, as ``next()`` requires (a generator,
    ``zip``, what ``iter()`` gave, a module's ``parameters()``...)."""
    return type(v) in _ITERATORS or isinstance(v, ScriptGenerator)


def iterate(v):
    """A Python iterator over a script value, as ``for`` sees it."""
    if isinstance(v, _ITERABLE) or type(v) in _ITERATORS:
        return iter(v)
    if type(v) is Tensor:
        return iter(tensor_rows(v))
    if isinstance(v, NumpyArray):
        if v.array.ndim == 0:
            raise type_error("iteration over a 0-d array")
        return (_numpy_item(x) for x in v.array)
    it = getattr(type(v), "script_iter", None)      # values that define their iteration (modules, ...)
    if it is not None:
        return iter(it(v))
    raise type_error(f"'{type_name(v)}' object is not iterable")


def tensor_rows(v):
    """A tensor's rows, as iterating over it gives them (PyTorch: ``unbind(0)``,
    grad_fn UnbindBackward0)."""
    if v.data.ndim == 0:
        raise type_error("iteration over a 0-d tensor")
    return list(shape.unbind(v, 0))


def _numpy_item(x):
    return NumpyArray(x) if isinstance(x, np.ndarray) else x


_ODICT = OrderedDict()        # a state_dict() is an OrderedDict, with views of its own
VIEWS = frozenset((_KEYS_VIEW, _VALUES_VIEW, _ITEMS_VIEW, type(_ODICT.keys()), type(_ODICT.values()),
                   type(_ODICT.items())))
MAX_SEQUENCE = 10_000_000
MAX_SHIFT = 100_000              # bits a Python int may be shifted left by


def set_add(out, v):
    try:
        out.add(v)
    except TypeError:
        raise type_error(f"unhashable type: '{type_name(v)}'") from None


class _Ordered:
    """Orders script values as Python with PyTorch does (tensors by value)."""
    __slots__ = ("v",)

    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        return truth(compare("<", self.v, other.v))


def sort_list(items: list, key=None, reverse=False) -> list:
    """Sort ``items`` in place (stable, as Python), calling script ``key``."""
    from ..engine.context import CONTEXT
    keys = [CONTEXT.call(key, [v]) for v in items] if key is not None else list(items)
    plain = all(type(k) in (int, float, bool) for k in keys) or all(type(k) is str for k in keys)
    order = sorted(range(len(items)), key=(lambda i: keys[i]) if plain else (lambda i: _Ordered(keys[i])),
                   reverse=bool(reverse))
    items[:] = [items[i] for i in order]
    return items


def star_items(v, fn=None):
    """The items of ``*v`` in a call."""
    try:
        return list(iterate(v))
    except GradcliError:
        what = f"{callable_name(fn)}() argument after *" if fn is not None else "argument after *"
        raise type_error(f"{what} must be an iterable, not {type_name(v)}") from None


def merge_kwargs(kwargs, mapping, fn=None):
    """``**mapping`` in a call."""
    if not isinstance(mapping, dict):
        raise type_error(f"{callable_name(fn)}() argument after ** must be a mapping, not {type_name(mapping)}")
    for k, v in mapping.items():
        if not isinstance(k, str):
            raise type_error("keywords must be strings")
        if k in kwargs:
            raise type_error(f"{callable_name(fn)}() got multiple values for keyword argument '{k}'")
        kwargs[k] = v


def merge_mapping(out, mapping):
    """``{**mapping}`` in a dict display."""
    if not isinstance(mapping, dict):
        raise type_error(f"'{type_name(mapping)}' object is not a mapping")
    out.update(mapping)


def set_key(d, key, value):
    try:
        d[key] = value
    except TypeError:
        raise type_error(f"unhashable type: '{type_name(key)}'") from None


def callable_name(fn) -> str:
    name = getattr(fn, "name", None)
    if isinstance(name, str):
        return name.rsplit(".", 1)[-1] if isinstance(fn, Function) else name
    return type_name(fn)


def unpack(v, n, span):
    """``a, b = v``: the n items of v, with Python's errors."""
    if type(v) is Tensor:
        if v.data.ndim == 0:
            raise type_error("iteration over a 0-d tensor").at(span)
        if v.data.shape[0] != n:
            _unpack_count_error(v.data.shape[0], n, span)
        return tensor_rows(v)
    if isinstance(v, (list, tuple)):
        if len(v) != n:
            _unpack_count_error(len(v), n, span)
        return v
    try:
        items = list(iterate(v))
    except GradcliError:
        raise type_error(f"cannot unpack non-iterable {type_name(v)} object").at(span) from None
    if len(items) != n:
        _unpack_count_error(len(items), n, span)
    return items


def unpack_starred(v, star, n, span):
    """``a, *b, c = v``: n values, the one at ``star`` a list of the rest."""
    try:
        items = list(iterate(v))
    except GradcliError:
        raise type_error(f"cannot unpack non-iterable {type_name(v)} object").at(span) from None
    if len(items) < n - 1:
        raise GradcliError("ValueError", f"not enough values to unpack (expected at least {n - 1}, "
                           f"got {len(items)})", span)
    after = n - 1 - star
    return items[:star] + [items[star:len(items) - after]] + items[len(items) - after:]


def _unpack_count_error(got, n, span):
    msg = (f"too many values to unpack (expected {n})" if got > n
           else f"not enough values to unpack (expected {n}, got {got})")
    raise GradcliError("ValueError", msg, span)


# ***** attributes *****

def get_attribute(value, name):
    # NOTE: no dunder reaches anything; a module's __version__ is a string of its table
    if name.startswith("__") and not (name == "__version__" and isinstance(value, Namespace)):
        raise attribute_error(value, name)
    if type(value) is Tensor:
        getter = registry.ATTRIBUTES.get(name)
        if getter is not None:
            return getter(value)
        fn = registry.METHODS.get(name)       # only PyTorch's own methods (x.cat is no method)
        if fn is not None:
            return BoundMethod(name, fn, value)
        raise attribute_error(value, name)
    if isinstance(value, ScriptObject):
        v = value.attribute(name)
        return Function(v.name, v.fn) if type(v) is Method else v
    if isinstance(value, Namespace):
        v = value.functions.get(name)
        if v is not None:
            return v
        if name in value.table:
            v = value.table[name]
            if type(v) is NotOffered:
                raise GradcliError("NotSupportedError", f"{value.display_name}.{name} is not available in gradcli "
                                   "scripts: scripts can't read or write files")
            if callable(v) and not isinstance(v, (Namespace, D.DType, Function, PyType, type)):
                v = value.functions[name] = Function(f"{value.display_name}.{name}", v)
            return v
        raise attribute_error(value, name)
    from .builtins import value_attribute
    return value_attribute(value, name)


def set_attribute(target, name, value):
    if isinstance(target, ScriptObject):
        target.set_attribute(name, value)
        return
    if type(target) is Tensor and name in registry.SETTABLE:
        registry.SETTABLE[name](target, value)
        return
    if type(target) is Tensor and name in registry.ATTRIBUTES:
        raise GradcliError("AttributeError", f"attribute '{name}' of 'torch._C.TensorBase' objects is not writable")
    if isinstance(target, Namespace):
        if name in target.settable:
            accelerators.set_flag(target, name, value)
            return
        raise GradcliError("AttributeError", f"module '{target.display_name}' attribute '{name}' cannot be set "
                           "in gradcli scripts")
    raise GradcliError("AttributeError", f"'{type_name(target)}' object attribute '{name}' cannot be set")


# ***** subscripts *****

def subscript(value, key):
    if type(value) is Tensor:
        return shape.getitem(value, _index_key(key))
    if isinstance(value, NumpyArray):
        try:
            out = value.array[numpy_key(key)]
        except IndexError as e:
            raise GradcliError("IndexError", str(e)) from None
        # NOTE: numpy gives a numpy scalar, not a 0-d array, for an element picked by integers alone.
        return out if isinstance(out, np.generic) else NumpyArray(out)
    if isinstance(value, np.generic):
        if type(key) is tuple and not key:
            return value
        raise GradcliError("IndexError", "invalid index to scalar variable.")
    if isinstance(value, ScriptObject):
        return value.getitem(_index_item(key))
    if isinstance(value, dict):
        try:
            return value[key]
        except KeyError:
            from .formatting import key_error_text
            raise GradcliError("KeyError", key_error_text(key)) from None
        except TypeError:
            raise type_error(f"unhashable type: '{type_name(key)}'") from None
    if isinstance(value, PyType) and value.qualname in ("list", "tuple", "dict", "set", "type"):
        return value        # list[int] and friends, in annotations
    if isinstance(value, (list, tuple, str, range)):
        key = _sequence_key(value, key)
        try:
            out = value[key]
        except IndexError:
            # NOTE: torch.Size's own message is tuple's.
            what = ("range object" if isinstance(value, range) else "tuple" if type(value) is Size
                    else "string" if isinstance(value, str) else type_name(value))
            raise GradcliError("IndexError", f"{what} index out of range") from None
        except ValueError as e:         # a zero slice step
            raise GradcliError("ValueError", str(e)) from None
        return Size(out) if isinstance(value, Size) and isinstance(key, slice) else out
    raise type_error(f"'{type_name(value)}' object is not subscriptable")


def _sequence_key(seq, key):
    """``key`` as a list, tuple, str or range takes it: an int (a bool is
    one), a slice, or a value with ``__index__`` (a one-element integer
    tensor, a numpy integer)."""
    if isinstance(key, (int, slice)):
        return key
    i = python_index(key)
    if i is None:
        raise type_error(f"{type_name(seq)} indices must be integers or slices, not {type_name(key)}")
    return i


def python_index(v):
    """``operator.index(v)`` for a value other than an int that has
    ``__index__``: a tensor (PyTorch's ``Tensor.__index__``: one element of
    an integer or bool dtype) or a numpy integer; None for other values."""
    if type(v) is Tensor:
        if v.data.size != 1 or v.data.dtype.kind not in "iub":
            raise type_error("only integer tensors of a single element can be converted to an index")
        return int(v.data.reshape(()))
    if isinstance(v, np.integer):
        return int(v)
    return None


def index_key(key):
    """A tensor index, each part as ``_index_item`` takes it."""
    if isinstance(key, tuple):
        return tuple(_index_item(k) for k in key)
    return _index_item(key)


_index_key = index_key


def numpy_key(key):
    """An index into a numpy array, as numpy takes it: tensors as their arrays."""
    key = index_key(key)
    if isinstance(key, tuple):
        return tuple(k.data if type(k) is Tensor else k for k in key)
    return key.data if type(key) is Tensor else key


def assigned_value(t: Tensor, value) -> Tensor:
    """The value of ``t[key] = value`` as a tensor, as PyTorch's setitem
    takes it: a tensor as it is, a Python number (np.float64 is one) or
    numpy integer in ``t``'s dtype; no other value."""
    if type(value) is Tensor:
        return value
    if not isinstance(value, (bool, int, float, complex, np.integer)):
        raise type_error(f"can't assign a {type_name(value)} to a torch.{D.of_array(t.data).torch_type}")
    if isinstance(value, complex):
        return as_tensor(value)
    value = checked_scalar(int(value) if isinstance(value, np.integer) else value, t.data.dtype, unpacked=True)
    # NOTE: as_tensor gives PyTorch's error for an int out of range; a float keeps its double precision
    src = np.float64(value) if isinstance(value, float) else as_tensor(int(value) if isinstance(value, np.integer)
                                                                        else value).data
    return Tensor(np.asarray(src).astype(t.data.dtype))


def set_item(obj, key, value, span):
    """``obj[key] = value``."""
    from ..ops import autograd_calls as grad_api
    try:
        if type(obj) is Tensor:
            grad_api.setitem(obj, index_key(key), assigned_value(obj, value))
        elif isinstance(obj, list):
            key = _sequence_key(obj, key)
            if isinstance(key, slice):
                obj[key] = list(iterate(value))
            else:
                obj[key] = value
        elif isinstance(obj, dict):
            set_key(obj, key, value)
        elif isinstance(obj, NumpyArray):
            obj.array[numpy_key(key)] = value.data if type(value) is Tensor else \
                value.array if isinstance(value, NumpyArray) else value
        elif isinstance(obj, (Sequential, ModuleList, ModuleDict)):
            obj.setitem(key, value)
        else:
            raise type_error(f"'{type_name(obj)}' object does not support item assignment")
    except GradcliError as e:
        raise e.at(span)
    except IndexError:
        raise GradcliError("IndexError", "list assignment index out of range", span) from None
    except ValueError as e:
        raise GradcliError("ValueError", str(e), span) from None


def del_item(obj, key):
    """``del obj[key]``."""
    if isinstance(obj, list):
        if not isinstance(key, (int, slice)):
            raise type_error(f"list indices must be integers or slices, not {type_name(key)}")
        try:
            del obj[key]
        except IndexError:
            raise GradcliError("IndexError", "list assignment index out of range") from None
        except ValueError as e:         # a zero slice step
            raise GradcliError("ValueError", str(e)) from None
    elif isinstance(obj, dict):
        try:
            del obj[key]
        except KeyError:
            from .formatting import key_error_text
            raise GradcliError("KeyError", key_error_text(key)) from None
    elif isinstance(obj, (ModuleList, ModuleDict)):
        obj.delitem(key)
    else:
        raise type_error(f"'{type_name(obj)}' object doesn't support item deletion")


def _index_item(k):
    """One part of an index: a numpy integer as an int, a numpy array (a
    mask or indices) as a tensor, a range as the list of its ints (as
    PyTorch takes it)."""
    if isinstance(k, np.integer):
        return int(k)
    if isinstance(k, NumpyArray):
        return Tensor(k.array)
    if type(k) is range:
        return list(k)
    return k


# ***** calls *****

def call(fn, args, kwargs, invoke):
    """Call a script value; ``invoke(fn, args, kwargs)`` runs script functions."""
    t = type(fn)
    if t is UserFunction:
        return invoke(fn, args, kwargs)
    if t is BoundMethod:
        if kwargs and type(fn.self_) is Tensor and fn.name not in registry.PYTHON_METHODS:
            kwargs = numpy_keywords(fn.name, fn.fn, len(args), kwargs, True)
        return _call_py(fn.name, fn.fn, (fn.self_,) + tuple(args), kwargs)
    if t is Function:
        if kwargs and _is_native(fn.name):
            kwargs = numpy_keywords(fn.name[6:].replace(".", "_"), fn.fn, len(args), kwargs, False)
        return _call_py(fn.name, fn.fn, args, kwargs)
    if t is PyType and fn.ctor is not None:
        # NOTE: a class's constructor is named as Python names it: Linear.__init__().
        return _call_py(fn.name, fn.ctor, args, kwargs,
                        f"{fn.name}.__init__" if isinstance(fn.ctor, type) else None)
    if t is GradModeContext:
        # NOTE: `@torch.no_grad()` decorates: the function runs in that grad mode.
        if len(args) == 1 and not kwargs and _is_callable(args[0]):
            fn.decorating()
            return GradModeFunction(args[0], fn.enabled)
        raise type_error(f"'{type_name(fn)}' object is not callable")
    if t is GradModeFunction:
        ctx = GradModeContext(fn.enabled)
        ctx.enter()
        try:
            return call(fn.fn, args, kwargs, invoke)
        finally:
            ctx.exit()
    if isinstance(fn, ScriptObject):
        target = fn.call_target()
        return _call_py(fn.display_name, target, args, kwargs, f"{fn.display_name}.{target.__name__}")
    script_call = getattr(t, "script_call", None)     # values that define calling
    if script_call is not None:
        return script_call(fn, args, kwargs, invoke)
    raise type_error(f"'{type_name(fn)}' object is not callable")


def _is_native(name: str) -> bool:
    """Whether ``name`` (``torch.sum``) is one of PyTorch's native functions,
    read by its argument parser (F's are Python functions)."""
    module, _, short = name.rpartition(".")
    return module == "torch.linalg" or module == "torch" and short not in registry.PYTHON_FUNCTIONS


def _is_callable(v) -> bool:
    t = type(v)
    return t in (UserFunction, BoundMethod, Function, GradModeFunction, PyType) or \
        getattr(t, "script_call", None) is not None or isinstance(v, ScriptObject) and v.is_callable


# (compiled on first use: re caches them)
_BINDING_ERROR = r"^([\w.<>]+)\(\) (takes |missing |got an unexpected|got multiple)"


_SIGNATURE_BIND_ERROR = (r"^(missing a required argument|too many positional arguments|got an unexpected "
                         r"keyword argument|multiple values for argument)")


def _call_py(name, fn, args, kwargs, shown=None):
    """``fn(*args, **kwargs)``; a wrong call is the user's TypeError, naming
    the function ``shown`` (default: the last part of ``name``)."""
    try:
        return fn(*args, **kwargs)
    except TypeError as e:
        tb = e.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        m = re.match(_BINDING_ERROR, str(e))
        if re.match(_SIGNATURE_BIND_ERROR, str(e)) and tb is not None and tb.tb_frame.f_code.co_name == "_bind":
            raise type_error(f"{name.rsplit('.', 1)[-1]}() {e}") from None     # inspect.Signature.bind's words
        # Raised while binding the arguments of the function called, or of
        # the function a wrapper hands them on to: the user's call is wrong.
        if tb is not None and (tb is e.__traceback__ or m and "/gradcli/" in tb.tb_frame.f_code.co_filename):
            msg = str(e)
            short = shown or name.rsplit(".", 1)[-1]
            if m and not m.group(1).endswith(".__init__"):     # "Linear.__init__()" is Python's own wording
                msg = short + "()" + msg[len(m.group(1)) + 2:]
            raise type_error(msg) from None
        if tb is not None and tb.tb_frame.f_code.co_filename.endswith(_PY_VALUE_METHODS):
            raise type_error(str(e)) from None      # a str/list method given a wrong value
        raise _invalid_arguments(name, args, kwargs) if _odd_arguments(args, kwargs) else e
    except (ValueError, AttributeError) as e:
        tb = e.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        if isinstance(e, ValueError) and (tb is e.__traceback__ or tb is not None and
                                          tb.tb_frame.f_code.co_filename.endswith(_PY_VALUE_METHODS)):
            raise GradcliError("ValueError", str(e)) from None     # e.g. 'abc'.index('z')
        raise _invalid_arguments(name, args, kwargs) if _odd_arguments(args, kwargs) else e


# Wrappers around Python's own str/list/dict methods: an error they pass on is the user's.
_PY_VALUE_METHODS = ("/gradcli/lang/methods.py",)


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

"""The names a script starts with: Python builtins (with Python's behaviour
and error messages), the types ``type(x)`` answers with, ``torch`` and the
other importable modules, and the attributes of non-tensor values
(``torch.Size``, grad_fn nodes, strings, lists, dicts)."""
from __future__ import annotations

from collections import OrderedDict

import numpy as np

from . import accelerators, runtime as R
from ..engine import autograd as AG
from ..engine import dtypes as D
from ..engine.context import CONTEXT
from ..engine.generator import Generator
from ..engine.tensor import Device, Tensor
from ..engine.views import cpp_name
from ..errors import GradcliError, runtime_error, type_error, value_error
from ..ops import arith as api, create, names as registry, nn_init, saved_attrs
from ..ops import autograd_calls as grad_api
from ..ops.autograd_calls import RemovableHandle
from ..ops.random import GENERATOR_METHODS, RANDOM_MODULE, DefaultGenerator
from ..ops.create import NumpyArray
from ..ops.operands import NUMPY_NUMBERS, use_value_text
from ..render.pytext import to_repr, to_str
from ..render.torch_text import set_printoptions
from ..nn import namespace as nn_names
from ..nn.parameter import is_parameter
from .formatting import format_value
from .stdmodules import from_numpy, math_namespace, numpy_divmod, numpy_namespace, numpy_types
from .values import BoundMethod, Function, GradModeContext, Namespace, NotOffered, PyType, ReturnTuple, Size

_MISSING = object()

MAX_RANGE = 100_000_000


def _range(*args):
    if not 1 <= len(args) <= 3:
        raise type_error(f"range expected at {'least' if not args else 'most'} {1 if not args else 3} "
                         f"argument{'s' if args else ''}, got {len(args)}")
    args = tuple(int(a.data) if type(a) is Tensor and a.data.ndim == 0 and a.data.dtype.kind in "iu" else
                 int(a) if isinstance(a, np.integer) else a for a in args)
    for a in args:
        if not isinstance(a, int):
            raise type_error(f"'{R.type_name(a)}' object cannot be interpreted as an integer")
    r = range(*args)
    if len(r) > MAX_RANGE:
        raise GradcliError("LimitError", f"range of {len(r):,} items is over the limit of {MAX_RANGE:,}")
    return r


def _len(v):
    if type(v) is Tensor:
        if v.data.ndim == 0:
            raise type_error("len() of a 0-d tensor")
        return v.data.shape[0]
    if isinstance(v, NumpyArray):
        if v.array.ndim == 0:
            raise type_error("len() of unsized object")
        return v.array.shape[0]
    if isinstance(v, (list, tuple, str, range, dict, set, frozenset)) or type(v) in R.VIEWS:
        return len(v)
    n = getattr(type(v), "script_len", None)
    if n is not None:
        return n(v)
    raise type_error(f"object of type '{R.type_name(v)}' has no len()")


def _scalar_conv(kind):
    def conv(*args):
        if not args:
            return kind()
        v = args[0]
        if type(v) is Tensor:
            if v.data.size != 1 and kind is bool:
                raise runtime_error("Boolean value of Tensor with more than one value is ambiguous")
            v = R.tensor_number(v, kind is float)
        elif isinstance(v, NumpyArray):
            if v.array.size != 1:
                raise type_error("only length-1 arrays can be converted to Python scalars")
            v = v.array.reshape(()).item()
        elif isinstance(v, NUMPY_NUMBERS):
            v = v.item()
        if kind is bool:
            return R.truth(v)
        if not isinstance(v, (bool, int, float, str)):
            what = "a string or a real number" if kind is float else "a string, a bytes-like object or a real number"
            raise type_error(f"{kind.__name__}() argument must be {what}, not '{R.type_name(v)}'")
        if kind is int and isinstance(v, str) and len(args) == 2:
            args = (v, args[1])
        elif len(args) > 1:
            raise type_error(f"{kind.__name__}() takes at most 1 argument ({len(args)} given)")
        else:
            args = (v,)
        try:
            return kind(*args)
        except (TypeError, ValueError) as e:
            raise value_error(str(e)) from None
        except OverflowError as e:
            raise GradcliError("OverflowError", str(e)) from None
    conv.__name__ = kind.__name__
    return conv


def _seq_conv(kind):
    def conv(v=()):
        if kind is tuple and type(v) is tuple:
            return v
        return kind(R.iterate(v))
    conv.__name__ = kind.__name__
    return conv


def _set(v=()):
    out = set()
    for x in R.iterate(v):
        R.set_add(out, x)
    return out


def dict_from(*args, **kwargs):
    """``dict(...)``: from a mapping, an iterable of pairs, and keywords."""
    if len(args) > 1:
        raise type_error(f"dict expected at most 1 argument, got {len(args)}")
    out = {}
    if args:
        src = args[0]
        if isinstance(src, dict):
            out.update(src)
        else:
            for i, item in enumerate(R.iterate(src)):
                try:
                    k, v = R.unpack(item, 2, None)
                except GradcliError:
                    n = len(item) if isinstance(item, (list, tuple, str)) else None
                    if n is None:
                        raise type_error(f"cannot convert dictionary update sequence element #{i} to a sequence") from None
                    raise value_error(f"dictionary update sequence element #{i} has length {n}; 2 is required") from None
                R.set_key(out, k, v)
    out.update(kwargs)
    return out


def _str(v=""):
    return to_str(v)


def _repr(v):
    return to_repr(v)


def _torch_or(builtin_fn, torch_fn):
    """§3.8: ``sum max min abs round`` mean the torch functions on tensors."""
    def f(*args, **kwargs):
        if args and type(args[0]) is Tensor:
            return torch_fn(*args, **kwargs)
        return builtin_fn(*args, **kwargs)
    return f


def _py_sum(it, start=0):
    if isinstance(start, str):
        raise type_error("sum() can't sum strings [use ''.join(seq) instead]")
    total = start
    for v in R.iterate(it):
        total = R.binop("+", total, v)
    return total


def _py_minmax(pick):
    def f(*args, key=None, default=_MISSING):
        if len(args) == 1:
            items = list(R.iterate(args[0]))
        elif not args:
            raise type_error(f"{pick} expected at least 1 argument, got 0")
        else:
            items = list(args)
        if not items:
            if default is not _MISSING:
                return default
            raise value_error(f"{pick}() arg is an empty sequence")
        keyed = [_call_key(key, v) for v in items] if key is not None else items
        best, best_key = items[0], keyed[0]
        op = ">" if pick == "max" else "<"
        for v, k in zip(items[1:], keyed[1:]):
            if R.truth(R.compare(op, k, best_key)):
                best, best_key = v, k
        return best
    f.__name__ = pick
    return f


def _call_key(key, v):
    return CONTEXT.call(key, [v])


def _py_abs(v):
    if isinstance(v, (int, float, bool) + NUMPY_NUMBERS):
        return abs(v)
    if isinstance(v, NumpyArray):
        return NumpyArray(abs(v.array))
    raise type_error(f"bad operand type for abs(): '{R.type_name(v)}'")


def _divmod(*args, **kwargs):
    """Python's ``divmod(a, b)`` of numbers (numpy's of numpy values). NOTE:
    PyTorch's Tensor has no ``__divmod__``: a tensor is Python's TypeError."""
    if kwargs:
        raise type_error("divmod() takes no keyword arguments")
    if len(args) != 2:
        raise type_error(f"divmod expected 2 arguments, got {len(args)}")
    a, b = args
    if isinstance(a, (NumpyArray, np.generic)) or isinstance(b, (NumpyArray, np.generic)):
        return numpy_divmod(a, b)
    if not (type(a) in (int, float, bool) and type(b) in (int, float, bool)):
        raise type_error(f"unsupported operand type(s) for divmod(): '{R.type_name(a)}' and '{R.type_name(b)}'")
    try:
        return divmod(a, b)
    except (ZeroDivisionError, OverflowError) as e:
        raise GradcliError(type(e).__name__, str(e)) from None


def _py_round(v, ndigits=None):
    if isinstance(v, (int, float) + NUMPY_NUMBERS):
        try:
            return round(v, ndigits) if ndigits is not None else round(v)
        except (ValueError, OverflowError) as e:       # round(nan), round(inf)
            raise GradcliError(type(e).__name__, str(e)) from None
    raise type_error(f"type {R.type_name(v)} doesn't define __round__ method")


_POW_PARAMETERS = ("base", "exp", "mod")


def _py_pow(*args, **kwargs):
    """Python's ``pow(base, exp, mod=None)``: ``base ** exp`` (a tensor's
    ``__pow__`` or ``__rpow__``); with ``mod``, of integers only. Its
    arguments are bound as CPython binds a builtin's, with its words."""
    if len(args) + len(kwargs) > 3:
        raise type_error(f"pow() takes at most 3 arguments ({len(args) + len(kwargs)} given)")
    bound = list(args) + [kwargs.get(name, _MISSING) for name in _POW_PARAMETERS[len(args):]]
    for i, name in enumerate(_POW_PARAMETERS[:2]):
        if bound[i] is _MISSING:
            raise type_error(f"pow() missing required argument '{name}' (pos {i + 1})")
    for name in kwargs:
        if name not in _POW_PARAMETERS:
            raise type_error(f"'{name}' is an invalid keyword argument for pow()")
        if _POW_PARAMETERS.index(name) < len(args):
            raise type_error(f"argument for pow() given by name ('{name}') and position "
                             f"({_POW_PARAMETERS.index(name) + 1})")
    base, exp, mod = bound[0], bound[1], None if bound[2] is _MISSING else bound[2]
    if mod is None:
        return R.binop("**", base, exp)
    if not all(type(v) in (int, bool) for v in (base, exp, mod)):
        if all(isinstance(v, (int, float)) for v in (base, exp, mod)):
            raise type_error("pow() 3rd argument not allowed unless all arguments are integers")
        names = ", ".join(f"'{R.type_name(v)}'" for v in (base, exp, mod))
        raise type_error(f"unsupported operand type(s) for ** or pow(): {names}")
    try:
        return pow(base, exp, mod)
    except ValueError as e:          # a modulus of 0, a base with no inverse
        raise value_error(str(e)) from None


def _sorted(iterable, *, key=None, reverse=False):
    items = list(R.iterate(iterable))
    return R.sort_list(items, key, reverse)


def _zip(*iterables, strict=False):
    its = [R.iterate(v) for v in iterables]
    return zip(*its, strict=bool(strict))


def _enumerate(iterable, start=0):
    if not isinstance(start, int):
        raise type_error(f"'{R.type_name(start)}' object cannot be interpreted as an integer")
    return enumerate(R.iterate(iterable), start)


def _reversed(seq):
    if isinstance(seq, (list, tuple, str, range)):
        return reversed(seq)
    if isinstance(seq, dict) or type(seq) in R.VIEWS:
        return reversed(list(seq))
    if type(seq) is Tensor:
        # NOTE: PyTorch's reversed(t) is t.flip(0), a tensor
        flip = registry.FUNCTIONS.get("flip")
        if flip is not None and seq.data.ndim:
            return flip(seq, (0,))
        return reversed(list(R.iterate(seq)))
    raise type_error(f"'{R.type_name(seq)}' object is not reversible")


def _map(fn, *iterables):
    if not iterables:
        raise type_error("map() must have at least two arguments.")
    its = [R.iterate(v) for v in iterables]
    call = CONTEXT.call
    return map(lambda *xs: call(fn, xs), *its)


def _filter(fn, iterable):
    it = R.iterate(iterable)
    if fn is None:
        return filter(R.truth, it)
    call = CONTEXT.call
    return filter(lambda x: R.truth(call(fn, [x])), it)


def _any(iterable):
    return any(R.truth(v) for v in R.iterate(iterable))


def _all(iterable):
    return all(R.truth(v) for v in R.iterate(iterable))


def _isinstance(obj, classinfo):
    types = classinfo if isinstance(classinfo, tuple) else (classinfo,)
    for t in types:
        if not isinstance(t, PyType):
            raise type_error("isinstance() arg 2 must be a type, a tuple of types, or a union")
    mine = type_of(obj)
    chain = [mine.qualname] + list(SUBCLASSES.get(mine.qualname, ()))
    # NOTE: a tensor is an instance of its dtype's legacy type (torch.FloatTensor)
    legacy = "torch." + D.of_array(obj.data).torch_type if type(obj) is Tensor else None
    return any(t.qualname in chain or t.qualname == "object" or t.qualname == legacy for t in types)


def _type(*args):
    if len(args) != 1:
        raise GradcliError("NotSupportedError", "type() with 3 arguments (making a class) is not supported")
    return type_of(args[0])


def _iter(v, *sentinel):
    """``iter(iterable)``: an iterator over it (an iterator is its own)."""
    if sentinel:
        raise GradcliError("NotSupportedError", "iter(callable, sentinel) is not supported: "
                           "call the function in a while loop instead")
    if R.is_iterator(v):
        return v
    if type(v) is Tensor:
        # NOTE: PyTorch iterates a tensor as the tuple of its unbind(0)
        return iter(tuple(R.tensor_rows(v)))
    return R.iterate(v)


def _next(iterator, *default):
    """``next(iterator[, default])``."""
    if len(default) > 1:
        raise type_error(f"next expected at most 2 arguments, got {1 + len(default)}")
    if not R.is_iterator(iterator):
        raise type_error(f"'{R.type_name(iterator)}' object is not an iterator")
    try:
        return next(iterator)
    except StopIteration:
        if default:
            return default[0]
        raise GradcliError("StopIteration", "") from None
    except ValueError as e:         # a generator expression that asks for its own next item
        raise GradcliError("ValueError", str(e)) from None


def _not_offered(name):
    def f(*args, **kwargs):
        raise GradcliError("NotSupportedError", f"'{name}' is not available in gradcli scripts",
                           hint="scripts reach nothing but the language: no Python internals, files or modules")
    return f


# Names scripts must not reach: a clear error instead of Python's.
NOT_OFFERED = ("eval", "exec", "compile", "open", "globals", "locals", "vars", "getattr", "setattr",
               "delattr", "hasattr", "dir", "__import__", "__builtins__", "input", "breakpoint", "help",
               "exit", "quit", "memoryview", "object", "super", "classmethod", "staticmethod", "property",
               "__name__", "__file__", "__spec__", "__loader__", "__dict__", "id", "hash")

# ***** types as scripts see them *****

SUBCLASSES = {"bool": ("int",)}    # qualname -> its base classes' qualnames
_TYPES: dict = {}


def register_type(py_class, qualname, ctor=None) -> PyType:
    """The one PyType for values of ``py_class``."""
    t = PyType(qualname, ctor)
    _TYPES[py_class] = t
    return t


def type_of(v) -> PyType:
    if type(v) is Tensor and is_parameter(v):
        return _TYPES[nn_names.Parameter]
    if isinstance(v, GradModeContext):
        name = f"torch.autograd.grad_mode.{v.kind}"
        return _TYPES.setdefault(("name", name), PyType(name))
    if type(v) is PyType and v.qualname in create.TENSOR_TYPES:
        return _TYPES.setdefault(("name", "torch.tensortype"), PyType("torch.tensortype"))
    t = _TYPES.get(type(v))
    if t is not None:
        return t
    name = R.type_name(v)
    return _TYPES.setdefault(("name", name), PyType(name))


def _make_types():
    from .values import BoundMethod, GradModeFunction, UserFunction
    register_type(int, "int", _scalar_conv(int))
    register_type(float, "float", _scalar_conv(float))
    register_type(bool, "bool", _scalar_conv(bool))
    register_type(str, "str", _str)
    register_type(list, "list", _seq_conv(list))
    register_type(tuple, "tuple", _seq_conv(tuple))
    register_type(dict, "dict", dict_from)
    register_type(OrderedDict, "collections.OrderedDict")
    register_type(set, "set", _set)
    register_type(range, "range", _range)
    register_type(type(None), "NoneType")
    register_type(Tensor, "torch.Tensor", create.Tensor_)
    register_type(Size, "torch.Size", lambda sizes=(): R.make_size(sizes))
    register_type(D.DType, "torch.dtype")
    register_type(NumpyArray, "numpy.ndarray")
    _TYPES.update(numpy_types())        # np.float32 & co. are what type() of their scalars answers
    SUBCLASSES["numpy.float64"] = ("float",)
    register_type(Namespace, "module")
    register_type(UserFunction, "function")
    register_type(GradModeFunction, "function")
    register_type(Function, "builtin_function_or_method")
    register_type(BoundMethod, "builtin_function_or_method")
    register_type(PyType, "type", _type)


_make_types()


def _nn_types():
    """``nn.Linear``, ``nn.Parameter``, ``optim.SGD``... as the types
    ``type(x)`` answers with; calling one constructs."""
    register_type(nn_names.Parameter, nn_names.PARAMETER_CLASS, nn_names.Parameter)
    SUBCLASSES[nn_names.PARAMETER_CLASS] = ("torch.Tensor",)
    for base, classes in ((nn_names.Module, nn_names.NN_CLASSES), (nn_names.Optimizer, nn_names.OPTIM),
                          (nn_names.LRScheduler, nn_names.LR_SCHEDULER), (nn_names.Dataset, nn_names.DATA)):
        register_type(base, base.class_path)
        for cls in classes.values():
            register_type(cls, cls.class_path, cls)
            # every base class scripts know (AdamW is an Adam, an Adam an Optimizer)
            SUBCLASSES[cls.class_path] = tuple(dict.fromkeys(
                b.class_path for b in cls.__mro__[1:] if b in classes.values() or b is base))
    register_type(nn_names.PackedSequence, nn_names.PackedSequence.class_path, nn_names.PackedSequence)
    SUBCLASSES[nn_names.PackedSequence.class_path] = ("tuple",)


_nn_types()


_SHARED: dict = {}      # the global names every run starts from (made on first use)


def make_globals(print_fn, interp=None) -> dict:
    """The fresh global names of one script run: a new dict of the shared
    ones, with this run's ``print``.

    NOTE: the Function, type and NotOffered objects hold no state a script
    can change (their attributes are not assignable from a script), so
    every run may hold the same ones; only the dict is new each time."""
    if not _SHARED:
        _SHARED.update(_shared_globals())
    g = dict(_SHARED)
    g["print"] = Function("print", print_fn)       # (its place in the order kept)
    return g


def _shared_globals() -> dict:
    g = {name: Function(name, fn) for name, fn in registry.FUNCTIONS.items()}
    for py_class in (int, float, bool, str, list, tuple, dict, set, range, PyType):
        t = _TYPES[py_class]
        g[t.qualname] = t
    g.update({
        "print": None, "len": Function("len", _len),
        "repr": Function("repr", _repr),
        "sum": Function("sum", _torch_or(_py_sum, api.sum)),
        "abs": Function("abs", _torch_or(_py_abs, api.abs)),
        "divmod": Function("divmod", _divmod), "pow": Function("pow", _py_pow),
        "round": Function("round", _torch_or(_py_round, _torch_round)),
        "max": Function("max", _torch_or(_py_minmax("max"), _torch_fn("max"))),
        "min": Function("min", _torch_or(_py_minmax("min"), _torch_fn("min"))),
        "zip": Function("zip", _zip), "enumerate": Function("enumerate", _enumerate),
        "reversed": Function("reversed", _reversed), "sorted": Function("sorted", _sorted),
        "map": Function("map", _map), "filter": Function("filter", _filter),
        "any": Function("any", _any), "all": Function("all", _all),
        "isinstance": Function("isinstance", _isinstance),
        "iter": Function("iter", _iter), "next": Function("next", _next),
    })
    for name in NOT_OFFERED:
        g[name] = NotOffered(name)
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

def _grad_mode(enabled, kind):
    """``torch.no_grad()``, also as a bare decorator (``@torch.no_grad``)."""
    def make(orig_func=None):
        ctx = GradModeContext(enabled, kind)
        if orig_func is not None:
            return R.call(ctx, [orig_func], {}, None)
        return ctx
    make.__name__ = kind
    return make


def _no_arguments(name, fn):
    """A function of PyTorch's C module that takes no arguments, with its errors."""
    def call(*args, **kwargs):
        if kwargs:
            raise R.type_error(f"torch.{name}() takes no keyword arguments")
        if args:
            raise R.type_error(f"torch.{name}() takes no arguments ({len(args)} given)")
        return fn()
    return call


def set_default_dtype(d, /):
    """``torch.set_default_dtype``: the dtype tensors of Python floats get."""
    if not isinstance(d, D.DType):
        raise R.type_error("invalid dtype object: only floating-point types are supported as the default type")
    if d.category != 2:
        raise R.type_error("only floating-point types are supported as the default type")
    D.set_default_float(d)


def _set_grad_enabled(mode):
    """``torch.set_grad_enabled(mode)``: the mode switches now (values.py: GradModeContext)."""
    if type(mode) is not bool:
        raise R.type_error(f"set_grad_enabled(): argument 'enabled' (position 1) must be bool, not {R.type_name(mode)}")
    return GradModeContext.switch(mode)


def _set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None,
                      sci_mode=None):
    """``torch.set_printoptions``; values PyTorch would fail to print with
    later are a clear error now."""
    for name, value in (("precision", precision), ("edgeitems", edgeitems), ("linewidth", linewidth)):
        if value is not None and (type(value) is not int or value < 0):
            raise R.type_error(f"set_printoptions(): {name} must be a non-negative int, not {to_repr(value)}")
    if threshold is not None and (type(threshold) not in (int, float) or threshold != threshold):
        raise R.type_error(f"set_printoptions(): threshold must be a number, not {to_repr(threshold)}")
    if sci_mode is not None and type(sci_mode) is not bool:
        raise R.type_error(f"set_printoptions(): sci_mode must be None, True or False, not {to_repr(sci_mode)}")
    set_printoptions(precision, threshold, edgeitems, linewidth, profile, sci_mode)


def _torch_namespace() -> Namespace:
    use_value_text(lambda v: format_value(v, ""))
    # NOTE: the bare names (relu(x), hardswish(x)) are torch.<name> only where PyTorch has that name
    table = dict(registry.TORCH_ONLY)
    table.update(registry.TORCH_DTYPES)
    for name in create.TENSOR_TYPES:        # torch.FloatTensor & co.: types (isinstance, x.type()) that construct
        short = name[len("torch."):]
        if short in table:
            table[short] = PyType(name, table[short])
    table.update({
        "no_grad": _grad_mode(False, "no_grad"), "enable_grad": _grad_mode(True, "enable_grad"),
        "set_grad_enabled": _set_grad_enabled,
        "is_grad_enabled": _no_arguments("is_grad_enabled", lambda: AG.GRAD_MODE.enabled),
        "get_default_dtype": _no_arguments("get_default_dtype", lambda: D.DEFAULT_FLOAT),
        "set_default_dtype": set_default_dtype,
        "is_tensor": lambda obj: type(obj) is Tensor, "numel": lambda input: int(input.data.size),
        "inference_mode": lambda mode=True: GradModeContext(not R.truth(mode), "inference_mode"),
        "is_inference_mode_enabled": lambda: False,
        # the PyTorch whose behaviour gradcli reproduces (the CPU build)
        "__version__": "2.13.0+cpu",
        "Size": _TYPES[Size], "Tensor": _TYPES[Tensor], "dtype": _TYPES[D.DType],
        "from_numpy": from_numpy, "set_printoptions": _set_printoptions,
    })
    functional = Namespace("torch.nn.functional", dict(registry.FUNCTIONAL))
    init = Namespace("torch.nn.init", dict(nn_init.NN_INIT))
    nn = Namespace("torch.nn", {"functional": functional, "init": init})
    nn.table.update({name: _TYPES[cls] for name, cls in nn_names.NN_CLASSES.items()})
    rnn = Namespace("torch.nn.utils.rnn", dict(nn_names.RNN_UTILS))
    rnn.table["PackedSequence"] = _TYPES[nn_names.PackedSequence]
    nn.table.update(Module=_TYPES[nn_names.Module], Parameter=_TYPES[nn_names.Parameter],
                    utils=Namespace("torch.nn.utils", dict(nn_names.UTILS, rnn=rnn)))
    optim = Namespace("torch.optim", {name: _TYPES[cls] for name, cls in nn_names.OPTIM.items()})
    optim.table["Optimizer"] = _TYPES[nn_names.Optimizer]
    lr_scheduler = Namespace("torch.optim.lr_scheduler",
                             {name: _TYPES[cls] for name, cls in nn_names.LR_SCHEDULER.items()})
    lr_scheduler.table["LRScheduler"] = _TYPES[nn_names.LRScheduler]
    optim.table["lr_scheduler"] = lr_scheduler
    autograd = Namespace("torch.autograd", dict(registry.AUTOGRAD))
    autograd.table["functional"] = Namespace("torch.autograd.functional", dict(registry.AUTOGRAD_FUNCTIONAL))
    linalg = Namespace("torch.linalg", dict(registry.LINALG))
    data = Namespace("torch.utils.data", {name: _TYPES[cls] for name, cls in nn_names.DATA.items()})
    data.table.update(nn_names.DATA_FUNCTIONS)
    table["utils"] = Namespace("torch.utils", {"data": data})
    table.update({"nn": nn, "optim": optim, "autograd": autograd, "linalg": linalg,
                  "random": Namespace("torch.random", dict(RANDOM_MODULE))})
    table.update(accelerators.TORCH_FUNCTIONS)
    table.update((path[len("torch."):], space) for path, space in accelerators.NAMESPACES.items()
                 if path.count(".") == 1)
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
                    "torch.autograd.functional": torch.table["autograd"].table["functional"],
                    "torch.nn.init": nn.table["init"], "torch.random": torch.table["random"],
                    "torch.nn.utils": nn.table["utils"], "torch.nn.utils.rnn": nn.table["utils"].table["rnn"],
                    "torch.optim.lr_scheduler": torch.table["optim"].table["lr_scheduler"],
                    "torch.utils": torch.table["utils"], "torch.utils.data": torch.table["utils"].table["data"],
                    **accelerators.NAMESPACES,
                    "math": math_namespace(), "numpy": numpy_namespace()}
    return _MODULES


# ***** attributes of the other values *****

NODE_METHODS = {"register_hook": grad_api.register_node_hook, "register_prehook": grad_api.register_node_prehook}


def value_attribute(value, name):
    if isinstance(value, (AG.Node, AG.AccumulateGrad)):
        if name == "next_functions":
            return tuple(value.next_functions)
        if name == "name":
            # NOTE: PyTorch's hand-written nodes answer with their C++ name.
            full = cpp_name(value.name)
            return Function("name", lambda: full)
        if name == "variable" and isinstance(value, AG.AccumulateGrad):
            return value.variable
        if name == "metadata":
            return saved_attrs.metadata(value)
        if name in NODE_METHODS:
            return BoundMethod(name, NODE_METHODS[name], value)
        if name.startswith(saved_attrs.PREFIX) and isinstance(value, AG.Node):
            return saved_attrs.saved_attribute(value, name)
    elif isinstance(value, RemovableHandle) and name == "remove":
        return BoundMethod(name, RemovableHandle.remove, value)
    elif isinstance(value, (Generator, DefaultGenerator)) and name in GENERATOR_METHODS:
        return BoundMethod(name, GENERATOR_METHODS[name], value)
    elif isinstance(value, Size) and name == "numel":
        return Function("numel", value.numel)
    elif isinstance(value, D.DType) and name in ("is_floating_point", "itemsize"):
        return getattr(value, name)
    elif type(value) is PyType and value.qualname in create.TENSOR_TYPES and name in ("dtype", "is_cuda"):
        return create.TENSOR_TYPES[value.qualname] if name == "dtype" else False     # torch.FloatTensor.dtype
    elif isinstance(value, Device) and name in ("type", "index"):
        return value.type if name == "type" else value.index
    elif isinstance(value, ReturnTuple) and name in value.fields:
        return value[value.fields.index(name)]
    elif isinstance(value, (NumpyArray,) + NUMPY_NUMBERS):
        from .stdmodules import numpy_attribute
        found = numpy_attribute(value, name)
        if found is not None:
            return found
    else:
        from .methods import method_table
        table = method_table(value)
        if table is not None and name in table:
            return BoundMethod(name, table[name], value)
    from .runtime import attribute_error
    raise attribute_error(value, name)

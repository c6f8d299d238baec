"""Python's ``str``/``repr`` of script values, as Python with PyTorch prints them.

Tensors go through ``torch_text``; numpy arrays through numpy itself; the
rest follows Python. Containers are walked with an explicit stack.
"""
from __future__ import annotations

import sys
from collections import OrderedDict

import numpy as np

from .torch_text import format_dtype, format_size, format_tensor


def tensor_text(t) -> str:
    return format_tensor(t.data, t.data.dtype.name if t.data.dtype.name != "bool" else "bool", t.suffixes())


def to_repr(v) -> str:
    return _text(v, top_str=False)


def to_str(v) -> str:
    return _text(v, top_str=True)


def _atom(v, as_str):
    """Text of a non-container value, or None for containers."""
    from ..engine.tensor import Device, Tensor
    from ..engine import autograd as AG
    from ..engine.dtypes import DType
    from ..engine.generator import Generator
    from ..ops.random import DefaultGenerator
    from ..ops.create import NumpyArray
    from ..lang.values import (BoundMethod, Function, GradModeContext, GradModeFunction, Namespace, NotOffered,
                               PyType, ReturnTuple, Size, UserFunction)
    from ..nn.objects import ScriptObject
    from ..nn.parameter import is_parameter
    if type(v) is Tensor:
        return "Parameter containing:\n" + tensor_text(v) if is_parameter(v) else tensor_text(v)
    if isinstance(v, ScriptObject):
        return v.text()
    if isinstance(v, (np.dtype, np.generic)):
        return str(v) if as_str else repr(v)
    if v is None or isinstance(v, (bool, int)):
        return repr(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, str):
        return v if as_str else repr(v)
    if isinstance(v, Size):
        return format_size(v)
    if isinstance(v, ReturnTuple):
        return None
    if isinstance(v, DType):
        return format_dtype(v.name)
    if isinstance(v, (AG.Node, AG.AccumulateGrad)):
        return f"<{v.name} object>"
    if isinstance(v, (Generator, DefaultGenerator)):
        return "<torch._C.Generator object>"
    if isinstance(v, NumpyArray):
        return str(v.array) if as_str else repr(v.array)

    if isinstance(v, range):
        return repr(v)
    if isinstance(v, Device):
        return str(v) if as_str else repr(v)
    if isinstance(v, Namespace):
        return f"<module '{v.display_name}'>"
    if isinstance(v, Function) and v.name in _PY_BUILTINS:
        return f"<built-in function {v.name}>"
    if isinstance(v, (Function, BoundMethod)):
        return f"<built-in method {v.name}>"
    # NOTE: Python shows functions and iterators with their address
    # ("<function f at 0x7f...>"); gradcli leaves the address out.
    if isinstance(v, (UserFunction, GradModeFunction)):
        return f"<function {v.qualname}>"
    if isinstance(v, PyType):
        return f"<class '{v.qualname}'>"
    if isinstance(v, NotOffered):
        return f"<built-in function {v.name}>"
    if isinstance(v, GradModeContext):
        if v.kind == "set_grad_enabled":        # PyTorch's own repr, without an address
            return f"torch.autograd.grad_mode.set_grad_enabled(mode={v.enabled})"
        return f"<torch.autograd.grad_mode.{v.kind} object>"
    if isinstance(v, (list, tuple, dict, set, frozenset)) or type(v) in _VIEWS:
        return None
    kind = _ITERATOR_NAMES.get(type(v))
    if kind is not None:
        return kind
    return repr(v)


_PY_BUILTINS = frozenset(("print", "len", "repr", "sum", "abs", "round", "max", "min", "zip", "enumerate",
                          "reversed", "sorted", "map", "filter", "any", "all", "isinstance", "iter", "next", "divmod"))
_VIEWS = {type({}.keys()): "dict_keys", type({}.values()): "dict_values", type({}.items()): "dict_items",
          type(OrderedDict().keys()): "odict_keys", type(OrderedDict().values()): "odict_values",
          type(OrderedDict().items()): "odict_items"}
_ITERATOR_NAMES = {zip: "<zip object>", enumerate: "<enumerate object>", map: "<map object>",
                   filter: "<filter object>", type(reversed([])): "<list_reverseiterator object>",
                   type(reversed(range(0))): "<range_iterator object>", type(reversed(())): "<reversed object>",
                   type(x for x in ()): "<generator object <genexpr>>"}
_ITERATOR_NAMES.update((type(iter(v)), f"<{type(iter(v)).__name__} object>")
                       for v in ([], (), "", "\u00e9", set(), {}, {}.values(), {}.items(), OrderedDict(), range(0)))


def _text(root, top_str: bool) -> str:
    from ..lang.values import ReturnTuple
    # An explicit stack of (value, phase) builds container text without recursion.
    out = []
    stack = [("v", root, top_str)]
    while stack:
        kind, v, as_str = stack.pop()
        if kind == "s":
            out.append(v)
            continue
        atom = _atom(v, as_str)
        if atom is not None:
            out.append(atom)
            continue
        if isinstance(v, ReturnTuple):
            parts = [("s", f"torch.return_types.{v.kind}(\n", None)]
            for i, (name, item) in enumerate(zip(v.fields, v)):
                parts.append(("s", f"{name}=", None))
                parts.append(("v", item, False))
                parts.append(("s", ",\n" if i < len(v) - 1 else ")", None))
        elif type(v) is OrderedDict:
            # NOTE: Python 3.12 shows OrderedDict({...}); earlier versions a list of pairs
            inner = dict(v) if sys.version_info >= (3, 12) else list(v.items())
            parts = [("s", "OrderedDict()", None)] if not v else \
                [("s", "OrderedDict(", None), ("v", inner, False), ("s", ")", None)]
        elif isinstance(v, dict):
            parts = [("s", "{", None)]
            for i, (key, item) in enumerate(v.items()):
                if i:
                    parts.append(("s", ", ", None))
                parts.extend((("v", key, False), ("s", ": ", None), ("v", item, False)))
            parts.append(("s", "}", None))
        elif isinstance(v, (set, frozenset)) and not v:
            parts = [("s", "set()" if isinstance(v, set) else "frozenset()", None)]
        else:
            view = _VIEWS.get(type(v))
            if view is not None:
                open_, close = view + "([", "])"
            elif isinstance(v, (set, frozenset)):
                open_, close = "{", "}"
            else:
                open_, close = ("[", "]") if isinstance(v, list) else ("(", ")")
            parts = [("s", open_, None)]
            for i, item in enumerate(v):
                if i:
                    parts.append(("s", ", ", None))
                parts.append(("v", item, False))
            if isinstance(v, tuple) and len(v) == 1:
                parts.append(("s", ",", None))
            parts.append(("s", close, None))
        stack.extend(reversed(parts))
    return "".join(out)


def print_text(values, sep=" ", end="\n") -> str:
    return sep.join(to_str(v) for v in values) + end

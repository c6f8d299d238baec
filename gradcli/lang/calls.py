"""Binding a call's arguments to a script function's parameters, with
Python's rules and Python's error messages."""
from __future__ import annotations

import inspect

from ..errors import type_error


def _names_list(names):
    quoted = [f"'{n}'" for n in names]
    if len(quoted) == 1:
        return quoted[0]
    if len(quoted) == 2:
        return f"{quoted[0]} and {quoted[1]}"
    return ", ".join(quoted[:-1]) + f", and {quoted[-1]}"


def _fill_defaults(fn, params, local, what):
    """Give unbound ``params`` their defaults; Python's error for the rest."""
    missing = []
    for pname, _ in params:
        if pname not in local:
            if pname in fn.defaults:
                local[pname] = fn.defaults[pname]
            else:
                missing.append(pname)
    if missing:
        raise type_error(f"{fn.name}() missing {len(missing)} required {what} argument"
                         f"{'s' if len(missing) > 1 else ''}: {_names_list(missing)}")


def bind_arguments(fn, args, kwargs) -> dict:
    """The new local variables of a call of ``fn`` (a UserFunction)."""
    p = fn.params
    positional = p.positional
    npos = len(positional)
    if not kwargs and len(args) == npos and p.vararg is None and p.kwarg is None and not p.kwonly:
        return {pname: v for (pname, _), v in zip(positional, args)}      # the common case
    name = fn.name
    local = {}
    if len(args) > npos:
        if p.vararg is None:
            required = sum(1 for _, d in positional if d is None)
            if required == npos:
                takes = f"{npos} positional argument{'s' if npos != 1 else ''}"
            else:
                takes = f"from {required} to {npos} positional arguments"
            given = len(args)
            was = "was" if given == 1 else "were"
            raise type_error(f"{name}() takes {takes} but {given} {was} given")
        local[p.vararg] = tuple(args[npos:])
        args = args[:npos]
    elif p.vararg is not None:
        local[p.vararg] = ()
    for (pname, _), v in zip(positional, args):
        local[pname] = v
    extra = {} if p.kwarg is not None else None
    if kwargs:
        kwonly = {n for n, _ in p.kwonly}
        posnames = {n for n, _ in positional}
        for k, v in kwargs.items():
            if k in posnames or k in kwonly:
                if k in local:
                    raise type_error(f"{name}() got multiple values for argument '{k}'")
                local[k] = v
            elif extra is not None:
                extra[k] = v
            else:
                raise type_error(f"{name}() got an unexpected keyword argument '{k}'")
    _fill_defaults(fn, positional, local, "positional")
    _fill_defaults(fn, p.kwonly, local, "keyword-only")
    if extra is not None:
        local[p.kwarg] = extra
    return local


# ***** numpy's names for arguments of PyTorch's native functions *****
# NOTE: PyTorch's argument parser (python_arg_parser.cpp:
# numpy_compatibility_arg_names) reads a parameter not given by its own
# name from the first of numpy's names given (x.sum(axis=1, keepdims=True)).
# A call with a keyword it did not read names the first keyword that is no
# parameter's own name, numpy's names included, as PyTorch's does.
NUMPY_NAMES = (("dim", ("axis",)), ("keepdim", ("keepdims",)), ("input", ("x", "a", "x1")), ("other", ("x2",)))
_ALIASES = frozenset(a for _, names in NUMPY_NAMES for a in names)
_KINDS = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
_PARAMETERS: dict = {}      # (function, as a method) -> the names of its parameters, or None (**kwargs)
# functions of **kwargs that read PyTorch's overloads themselves, with a dim (and keepdim)
_OVERLOADED_DIM = frozenset(("std", "var", "std_mean", "var_mean", "cross", "cumsum_", "cumprod_", "index_add_",
                             "scatter_add_"))


def numpy_keywords(name: str, fn, n_args: int, kwargs: dict, method: bool) -> dict:
    """``kwargs`` of a call of ``name``, the native function ``fn`` (a
    method of a tensor: ``method``; ``n_args`` arguments given by position),
    with numpy's names read as PyTorch's parser reads them."""
    if _ALIASES.isdisjoint(kwargs):
        return kwargs
    params = _PARAMETERS.get((fn, method), False)
    if params is False:
        try:
            signature = inspect.signature(fn).parameters.values()
        except (TypeError, ValueError):
            signature = [inspect.Parameter("kwargs", inspect.Parameter.VAR_KEYWORD)]
        params = [p.name for p in signature if p.kind in _KINDS][1 if method else 0:]
        if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in signature):
            params = None
        _PARAMETERS[fn, method] = params
    if params is None:
        if name not in _OVERLOADED_DIM:
            return kwargs
        params = ["dim", "keepdim"]
        n_args = 0
    out = dict(kwargs)
    for own, aliases in NUMPY_NAMES:
        if own in kwargs or own not in params or params.index(own) < n_args:
            continue
        for alias in aliases:
            if alias in out:
                out[own] = out.pop(alias)
                break
    if name not in _OVERLOADED_DIM and any(k not in params for k in out):
        unexpected = next(k for k in kwargs if k not in params)
        raise type_error(f"{name}() got an unexpected keyword argument '{unexpected}'")
    return out

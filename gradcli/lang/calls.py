"""Binding a call's arguments to a script function's parameters, with
Python's rules and Python's error messages."""
from __future__ import annotations

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

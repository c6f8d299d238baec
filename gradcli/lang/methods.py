"""Methods of Python values that scripts use: ``str``, ``list``, ``dict``,
``set`` and ``tuple``, from fixed tables (a method name selects an entry;
nothing else of the object is reachable). Methods that could build huge
strings check the size first; ``str.format`` is gradcli's own.
"""
from __future__ import annotations

from collections import OrderedDict

from . import runtime as R
from .formatting import str_format
from ..errors import GradcliError, type_error, value_error


def _check_size(n):
    if n > R.MAX_SEQUENCE:
        raise GradcliError("LimitError", f"a sequence of {n:,} items is over the limit of {R.MAX_SEQUENCE:,}")


def _width(fn):
    def method(self, width, *rest):
        if isinstance(width, int):
            _check_size(width)
        try:
            return fn(self, width, *rest)
        except TypeError as e:
            raise type_error(str(e)) from None
    method.__name__ = fn.__name__
    return method


def _replace(self, old, new, count=-1):
    if isinstance(old, str) and isinstance(new, str) and len(new) > len(old):
        hits = self.count(old) if count < 0 else min(count, self.count(old))
        _check_size(len(self) + hits * (len(new) - len(old)) + (len(new) if old == "" else 0))
    return self.replace(old, new, count)


def _join(self, iterable):
    items = list(R.iterate(iterable))
    for i, v in enumerate(items):
        if not isinstance(v, str):
            raise type_error(f"sequence item {i}: expected str instance, {R.type_name(v)} found")
    _check_size(sum(len(v) for v in items) + len(self) * max(0, len(items) - 1))
    return self.join(items)


def _format(self, *args, **kwargs):
    return str_format(self, args, kwargs)


STR_METHODS = {
    "join": _join, "split": str.split, "rsplit": str.rsplit, "splitlines": str.splitlines,
    "strip": str.strip, "lstrip": str.lstrip, "rstrip": str.rstrip,
    "upper": str.upper, "lower": str.lower, "title": str.title, "capitalize": str.capitalize,
    "swapcase": str.swapcase, "casefold": str.casefold,
    "replace": _replace, "startswith": str.startswith, "endswith": str.endswith,
    "format": _format, "ljust": _width(str.ljust), "rjust": _width(str.rjust),
    "center": _width(str.center), "zfill": _width(str.zfill),
    "count": str.count, "find": str.find, "rfind": str.rfind, "index": str.index, "rindex": str.rindex,
    "partition": str.partition, "rpartition": str.rpartition,
    "isdigit": str.isdigit, "isalpha": str.isalpha, "isalnum": str.isalnum, "isspace": str.isspace,
    "isupper": str.isupper, "islower": str.islower, "isnumeric": str.isnumeric, "isdecimal": str.isdecimal,
    "removeprefix": str.removeprefix, "removesuffix": str.removesuffix,
}


# ***** list *****

def _extend(self, iterable):
    items = list(R.iterate(iterable))
    _check_size(len(self) + len(items))
    self.extend(items)


def _append(self, v):
    self.append(v)


def _index(self, value, *bounds):
    for i in range(*slice(*bounds).indices(len(self))) if bounds else range(len(self)):
        if R.contains([self[i]], value):
            return i
    raise value_error(f"{_short_repr(value)} is not in list" if isinstance(self, list)
                      else "tuple.index(x): x not in tuple")


def _count(self, value):
    return sum(1 for v in self if R.contains([v], value))


def _remove(self, value):
    for i, v in enumerate(self):
        if R.contains([v], value):
            del self[i]
            return
    raise value_error("list.remove(x): x not in list")


def _pop(self, *index):
    if not self:
        raise GradcliError("IndexError", "pop from empty list")
    try:
        return self.pop(*index)
    except IndexError:
        raise GradcliError("IndexError", "pop index out of range") from None


def _sort(self, *, key=None, reverse=False):
    R.sort_list(self, key, reverse)


def _short_repr(v):
    from ..render.pytext import to_repr
    return to_repr(v)


LIST_METHODS = {
    "append": _append, "extend": _extend, "insert": list.insert, "pop": _pop, "remove": _remove,
    "index": _index, "count": _count, "clear": list.clear, "copy": list.copy, "sort": _sort,
    "reverse": list.reverse,
}
TUPLE_METHODS = {"index": _index, "count": _count}


# ***** dict *****

def _get(self, key, default=None):
    try:
        return self.get(key, default)
    except TypeError:
        raise type_error(f"unhashable type: '{R.type_name(key)}'") from None


def _update(self, *args, **kwargs):
    from .builtins import dict_from
    self.update(dict_from(*args, **kwargs))


def _setdefault(self, key, default=None):
    try:
        return self.setdefault(key, default)
    except TypeError:
        raise type_error(f"unhashable type: '{R.type_name(key)}'") from None


_NO_DEFAULT = object()


def _dict_pop(self, key, default=_NO_DEFAULT):
    if key in self:
        return self.pop(key)
    if default is _NO_DEFAULT:
        from .formatting import key_error_text
        raise GradcliError("KeyError", key_error_text(key))
    return default


def _popitem(self):
    if not self:
        raise GradcliError("KeyError", "'popitem(): dictionary is empty'")
    return self.popitem()


DICT_METHODS = {
    "items": dict.items, "keys": dict.keys, "values": dict.values, "get": _get, "update": _update,
    "setdefault": _setdefault, "copy": dict.copy, "pop": _dict_pop, "popitem": _popitem, "clear": dict.clear,
}


# ***** set *****

def _set_add(self, v):
    R.set_add(self, v)


def _set_update(self, *others):
    for o in others:
        for v in R.iterate(o):
            R.set_add(self, v)


_SET_OPS = {"union": set.union, "intersection": set.intersection, "difference": set.difference,
            "symmetric_difference": set.symmetric_difference, "issubset": set.issubset,
            "issuperset": set.issuperset}


def _set_op(name):
    def method(self, *others):
        sets = [set(R.iterate(o)) for o in others]
        return fn(self, *sets)
    fn = _SET_OPS[name]
    method.__name__ = name
    return method


def _set_remove(self, v):
    if v not in self:
        from .formatting import key_error_text
        raise GradcliError("KeyError", key_error_text(v))
    self.remove(v)


SET_METHODS = {
    "add": _set_add, "update": _set_update, "remove": _set_remove, "discard": set.discard,
    "union": _set_op("union"), "intersection": _set_op("intersection"),
    "difference": _set_op("difference"), "symmetric_difference": _set_op("symmetric_difference"),
    "issubset": _set_op("issubset"), "issuperset": _set_op("issuperset"),
    "copy": set.copy, "pop": set.pop, "clear": set.clear,
}

# a module's state_dict() is an OrderedDict: its views print as odict_keys(...)
ORDERED_DICT_METHODS = dict(DICT_METHODS, items=OrderedDict.items, keys=OrderedDict.keys,
                            values=OrderedDict.values, copy=OrderedDict.copy)

METHODS_BY_TYPE = {str: STR_METHODS, list: LIST_METHODS, tuple: TUPLE_METHODS, dict: DICT_METHODS,
                   OrderedDict: ORDERED_DICT_METHODS, set: SET_METHODS}


def method_table(value):
    """The method table for a str, list, tuple, dict or set value, else None."""
    table = METHODS_BY_TYPE.get(type(value))
    if table is None:
        for t, tbl in METHODS_BY_TYPE.items():
            if isinstance(value, t):
                return tbl
    return table

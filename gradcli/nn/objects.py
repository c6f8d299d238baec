"""ScriptObject: a value that answers attribute reads, attribute writes,
calls, ``len``, indexing and iteration from its own tables.

The interpreter (lang/runtime.py) hands a ScriptObject only the attribute
name a script wrote; the object looks it up in dicts it owns, so user text
never reaches Python's getattr.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..errors import GradcliError, did_you_mean, type_error


class Method:
    """A method of a ScriptObject, bound to it: ``fn(*args, **kwargs)``."""
    __slots__ = ("name", "fn")

    def __init__(self, name: str, fn):
        self.name = name
        self.fn = fn


class ScriptObject:
    display_name = "object"          # type name in messages ("Linear")
    class_path = "object"            # what type(x) shows ("torch.nn.modules.linear.Linear")
    methods: dict = {}               # name -> function(self, ...)
    is_callable = False

    def attribute(self, name: str):
        fn = self.methods.get(name)
        if fn is None:
            raise no_attribute(self, name)
        return Method(f"{self.display_name}.{name}", fn.__get__(self))

    def set_attribute(self, name: str, value):
        raise GradcliError("AttributeError", f"'{self.display_name}' object attribute '{name}' cannot be set")

    def call_target(self):
        """The Python function a call of this object runs (its arguments are
        bound by Python, so a wrong call is Python's TypeError)."""
        raise type_error(f"'{self.display_name}' object is not callable")

    def length(self) -> int:
        raise type_error(f"object of type '{self.display_name}' has no len()")

    def getitem(self, key):
        raise type_error(f"'{self.display_name}' object is not subscriptable")

    def items(self) -> list:
        """The values a ``for`` loop over this object visits."""
        raise type_error(f"'{self.display_name}' object is not iterable")

    # the interpreter's protocol for len() and iteration
    def script_len(self) -> int:
        return self.length()

    def script_iter(self):
        return iter(self.items())

    def text(self) -> str:
        """Python's repr of the object, as PyTorch prints it."""
        return f"<{self.class_path} object>"


def listed(values):
    """The values of a script's list, tuple, generator (expression, zip,
    map...) or iterable object (``model.parameters()``...) as a new list;
    None for anything else, which the caller names in its own error."""
    if isinstance(values, ScriptObject):
        return values.items()
    if isinstance(values, (Iterator, list, tuple)):
        return list(values)
    return None


class ScriptGenerator(ScriptObject):
    """What PyTorch's generator methods return (``model.parameters()``,
    ``named_parameters()``, ``children()``, ``modules()``...): one pass over
    their items, which ``for`` and ``next()`` take one at a time; ``len()``
    and indexing are Python's errors, as on any generator."""
    display_name = class_path = "generator"

    def __init__(self, qualname: str, items):
        self.qualname = qualname            # "Module.parameters", as Python's repr names it
        self._items = iter(items)

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._items)

    def script_iter(self):
        return self

    def items(self) -> list:
        return list(self._items)

    def text(self) -> str:
        return f"<generator object {self.qualname}>"


def no_attribute(obj, name) -> GradcliError:
    names = list(obj.methods)
    for table in ("parameters_", "modules_", "buffers_", "config"):          # a module's own names
        names.extend(getattr(obj, table, ()))
    return GradcliError("AttributeError", f"'{obj.display_name}' object has no attribute '{name}'",
                        hint=did_you_mean(name, names))

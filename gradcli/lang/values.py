"""Script-level values that are not tensors or plain Python data:
namespaces (``torch``, ``F``), functions, bound methods, the script's own
functions and lambdas, types (what ``type(x)`` gives), ``torch.Size``,
named tuples, and the grad-mode context managers."""
from __future__ import annotations

from ..engine.autograd import GRAD_MODE
from ..engine.tensor import ReturnTuple, Size  # noqa: F401 (script values too)


class Namespace:
    """``torch``, ``torch.nn.functional``, ...: attributes only from a table
    (``settable``: the names a script may assign, such as
    ``torch.backends.cudnn.deterministic``). ``functions`` keeps the
    Function each name gave, so ``torch.tanh is torch.tanh`` as in Python."""
    __slots__ = ("display_name", "table", "settable", "functions")

    def __init__(self, name: str, table: dict, settable: frozenset = frozenset()):
        self.display_name = name
        self.table = table
        self.settable = settable
        self.functions = {}


class Function:
    """A callable offered to scripts: ``fn`` is our Python function. Two are
    equal when their ``fn`` are (a module's method read twice, ``m.forward
    == m.forward``, is one Python bound method)."""
    __slots__ = ("name", "fn")
    display_name = "builtin_function_or_method"

    def __init__(self, name: str, fn):
        self.name = name
        self.fn = fn

    def __eq__(self, other):
        return self is other or type(other) is Function and self.fn == other.fn

    def __hash__(self):
        return hash(self.fn)


class BoundMethod:
    __slots__ = ("name", "fn", "self_")
    display_name = "builtin_function_or_method"

    def __init__(self, name, fn, self_):
        self.name = name
        self.fn = fn
        self.self_ = self_

    def __eq__(self, other):
        """Python's: the same function bound to the same object."""
        return type(other) is BoundMethod and self.fn is other.fn and self.self_ is other.self_

    def __hash__(self):
        return hash((self.fn, id(self.self_)))


class UserFunction:
    """A function the script defined with ``def`` or ``lambda``.

    ``body(scope)`` runs it: for a lambda it returns the value, for a
    ``def`` None or a ``Return``. ``defaults`` are evaluated at definition,
    as in Python; ``env`` is the scope it was defined in (its closure)."""
    __slots__ = ("name", "params", "defaults", "body", "env", "is_lambda", "span", "qualname")
    display_name = "function"

    def __init__(self, name, params, defaults, body, env, is_lambda, span=None, qualname=None):
        self.name = name
        self.qualname = qualname or name
        self.params = params        # ast.Params
        self.defaults = defaults    # {parameter name: value}
        self.body = body
        self.env = env
        self.is_lambda = is_lambda
        self.span = span


LambdaFn = UserFunction


class Return:
    """What a ``return`` statement hands up to the function call."""
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


class GradModeFunction:
    """A function decorated with ``@torch.no_grad()`` and friends."""
    __slots__ = ("fn", "enabled", "name", "qualname")
    display_name = "function"

    def __init__(self, fn, enabled):
        self.fn = fn
        self.enabled = enabled
        self.name = getattr(fn, "name", "function")
        self.qualname = getattr(fn, "qualname", self.name)


class PyType:
    """A type as scripts see it (``int``, ``torch.Tensor``): what ``type(x)``
    returns, what ``isinstance`` takes, printed ``<class 'int'>``; calling
    it calls ``ctor``."""
    __slots__ = ("qualname", "ctor", "name")
    display_name = "type"

    def __init__(self, qualname, ctor=None):
        self.qualname = qualname
        self.ctor = ctor
        self.name = qualname.rsplit(".", 1)[-1]


class GradModeContext:
    """``torch.no_grad()``, ``torch.enable_grad()``, ``torch.set_grad_enabled(flag)``.

    NOTE: ``set_grad_enabled(flag)`` switches the mode as it is made (see
    ``switch``), so as a plain statement it keeps the mode switched; leaving
    its ``with`` block, or decorating a function with it, gives back the mode
    it found when it was made (``prev``), as PyTorch's does."""
    __slots__ = ("enabled", "saved", "kind", "prev")
    display_name = "torch.autograd.grad_mode"

    def __init__(self, enabled: bool, kind: str = "", prev: bool | None = None):
        self.enabled = enabled
        self.saved = []
        self.kind = kind or ("enable_grad" if enabled else "no_grad")
        self.prev = prev

    @classmethod
    def switch(cls, enabled: bool) -> "GradModeContext":
        """``torch.set_grad_enabled(enabled)``."""
        ctx = cls(enabled, "set_grad_enabled", GRAD_MODE.enabled)
        GRAD_MODE.enabled = enabled
        return ctx

    def enter(self):
        self.saved.append(GRAD_MODE.enabled)
        GRAD_MODE.enabled = self.enabled

    def exit(self):
        mode = self.saved.pop()
        GRAD_MODE.enabled = mode if self.prev is None else self.prev

    def decorating(self):
        """Called as it decorates a function."""
        if self.prev is not None:
            GRAD_MODE.enabled = self.prev


class NotOffered:
    """A Python builtin scripts may not use (``eval``, ``open``, ...): naming
    it is a clear error."""
    __slots__ = ("name",)
    display_name = "builtin_function_or_method"

    def __init__(self, name):
        self.name = name

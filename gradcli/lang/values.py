"""Script-level values that are not tensors or plain Python data:
namespaces (``torch``, ``F``), functions, bound methods, lambdas,
``torch.Size``, named tuples, and the grad-mode context managers."""
from __future__ import annotations

from ..engine.autograd import GRAD_MODE
from ..engine.tensor import ReturnTuple, Size  # noqa: F401 (script values too)


class Namespace:
    """``torch``, ``torch.nn.functional``, ...: attributes only from a table."""
    __slots__ = ("display_name", "table")

    def __init__(self, name: str, table: dict):
        self.display_name = name
        self.table = table


class Function:
    """A callable offered to scripts: ``fn`` is our Python function."""
    __slots__ = ("name", "fn")
    display_name = "builtin_function_or_method"

    def __init__(self, name: str, fn):
        self.name = name
        self.fn = fn


class BoundMethod:
    __slots__ = ("name", "fn", "self_")
    display_name = "builtin_function_or_method"

    def __init__(self, name, fn, self_):
        self.name = name
        self.fn = fn
        self.self_ = self_


class LambdaFn:
    __slots__ = ("params", "body", "env")
    display_name = "function"

    def __init__(self, params, body, env):
        self.params = params
        self.body = body
        self.env = env


class GradModeContext:
    """``torch.no_grad()``, ``torch.enable_grad()``, ``torch.set_grad_enabled(flag)``."""
    __slots__ = ("enabled", "saved")
    display_name = "torch.autograd.grad_mode"

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.saved = []

    def enter(self):
        self.saved.append(GRAD_MODE.enabled)
        GRAD_MODE.enabled = self.enabled

    def exit(self):
        GRAD_MODE.enabled = self.saved.pop()

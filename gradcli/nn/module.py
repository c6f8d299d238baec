"""Module: the state and behaviour every ``nn`` module shares.

Parameters and submodules live in ordered dicts as in PyTorch
(``_parameters``, ``_modules``); ``parameters()``, ``named_parameters()``,
``modules()``, ``zero_grad()``, ``train()``/``eval()``, ``to()``... walk
them with explicit stacks (a model may nest deeply), and the printed repr
follows ``torch.nn.Module.__repr__`` line for line.
"""
from __future__ import annotations

from collections import OrderedDict

import numpy as np

from ..engine import dtypes as D
from ..engine.context import CONTEXT
from ..engine.tensor import Tensor
from ..errors import GradcliError, runtime_error, type_error, value_error
from ..ops import create
from ..ops.arith import to_dtype
from ..ops.autograd_calls import RemovableHandle
from ..ops.device import to_arguments
from ..ops.operands import python_format, type_name
from .objects import ScriptGenerator, ScriptObject, no_attribute
from .parameter import is_parameter, mark_parameter, parameter_type_name


class Module(ScriptObject):
    display_name = "Module"
    class_path = "torch.nn.modules.module.Module"
    is_callable = True
    forward_pre_hooks: list = ()      # _ModuleHook, in the order they run (a list once one is registered)
    forward_hooks: list = ()

    def __init__(self):
        self.parameters_ = {}         # name -> Parameter or None
        self.buffers_ = {}            # name -> Tensor or None (running_mean, ...): in state_dict, not parameters
        self.modules_ = {}            # name -> Module
        self.config = {}              # plain attributes (in_features, p, dim, ...)
        self.training = True

    # ----- what subclasses define -----
    def forward(self, *args, **kwargs):
        raise GradcliError("NotImplementedError",
                           f'Module [{self.display_name}] is missing the required "forward" function')

    def extra_repr(self) -> str:
        return ""

    # ----- the language's protocol -----
    def call_target(self):
        if not self.forward_pre_hooks and not self.forward_hooks:
            return self.forward
        return _hooked_call(self)

    def attribute(self, name):
        if name in self.parameters_:
            return self.parameters_[name]
        if name in self.modules_:
            return self.modules_[name]
        if name in self.buffers_:
            return self.buffers_[name]
        if name in self.config:
            return self.config[name]
        if name == "training":
            return self.training
        if name in self.methods:
            return ScriptObject.attribute(self, name)
        raise no_attribute(self, name)

    def set_attribute(self, name, value):
        if is_parameter(value):
            self.modules_.pop(name, None)
            self.parameters_[name] = value
        elif name in self.parameters_:
            if value is not None:
                shown = parameter_type_name(value) if type(value) is Tensor else type_name(value)
                raise type_error(f"cannot assign '{shown}' as parameter '{name}' "
                                 "(torch.nn.Parameter or None expected)")
            self.parameters_[name] = None
        elif name in self.buffers_:
            if value is not None and type(value) is not Tensor:
                raise type_error(f"cannot assign '{type_name(value)}' as buffer '{name}' "
                                 "(torch.Tensor or None expected)")
            self.buffers_[name] = value
        elif isinstance(value, Module):
            self.modules_[name] = value
        elif name in self.modules_:
            if value is not None:
                raise type_error(f"cannot assign '{type_name(value)}' as child module '{name}' "
                                 "(torch.nn.Module or None expected)")
            self.modules_[name] = None
        elif name == "training":
            self.training = value
        elif name in self.methods:
            raise GradcliError("AttributeError", f"'{self.display_name}' object attribute '{name}' is read-only "
                               "in gradcli scripts")
        else:
            self.config[name] = value

    def text(self) -> str:
        return module_repr(self)

    def repr_from(self, children: list) -> str:
        """This module's repr given each child's (key, repr) (module_repr
        walks the tree and calls it children first)."""
        return standard_repr(self, children)

    # ----- traversal -----
    def named_modules_list(self, prefix=""):
        """(name, module) in PyTorch's pre-order, each module once."""
        out, seen = [], set()
        stack = [(prefix, self)]
        while stack:
            name, m = stack.pop()
            if m is None or id(m) in seen:
                continue
            seen.add(id(m))
            out.append((name, m))
            for key, child in reversed(list(m.modules_.items())):
                stack.append((f"{name}.{key}" if name else key, child))
        return out

    def named_parameters_list(self, prefix="", recurse=True):
        out, seen = [], set()
        mods = self.named_modules_list(prefix) if recurse else [(prefix, self)]
        for mod_name, m in mods:
            for key, p in m.parameters_.items():
                if p is None or id(p) in seen:
                    continue
                seen.add(id(p))
                out.append((f"{mod_name}.{key}" if mod_name else key, p))
        return out

    def named_buffers_list(self, prefix="", recurse=True):
        out, seen = [], set()
        mods = self.named_modules_list(prefix) if recurse else [(prefix, self)]
        for mod_name, m in mods:
            for key, b in m.buffers_.items():
                if b is None or id(b) in seen:
                    continue
                seen.add(id(b))
                out.append((f"{mod_name}.{key}" if mod_name else key, b))
        return out

    def state_list(self, prefix=""):
        """(name, tensor) of ``state_dict()``: per module in pre-order, its
        parameters, then its buffers."""
        out = []
        for mod_name, m in self.named_modules_list(prefix):
            for table in (m.parameters_, m.buffers_):
                for key, t in table.items():
                    if t is not None:
                        out.append((f"{mod_name}.{key}" if mod_name else key, t))
        return out

    def apply_to_parameters(self, fn):
        """``param.data = fn(param)`` for each parameter, and its grad likewise,
        and each buffer replaced by ``fn(buffer)``, as ``Module._apply`` does
        for ``to``, ``double``, ``float``."""
        for _, p in self.named_parameters_list():
            p.data = fn(p).data
            if p._grad is not None:
                p._grad = fn(p._grad)
        for _, m in self.named_modules_list():
            for key, b in m.buffers_.items():
                if b is not None:
                    m.buffers_[key] = fn(b)


def python_int(v) -> int:
    """``operator.index(v)``: an int (a bool is one), a numpy integer or a
    one-element integer tensor; Python's TypeError for anything else."""
    if isinstance(v, (int, np.integer)):
        return int(v)
    if type(v) is Tensor and v.data.size == 1 and v.data.dtype.kind in "iub":
        return int(v.data.reshape(()))
    if type(v) is Tensor:
        raise type_error("only integer tensors of a single element can be converted to an index")
    raise type_error(f"'{type_name(v)}' object cannot be interpreted as an integer")


# ***** methods scripts call *****

def _parameters(self, recurse=True):
    return ScriptGenerator("Module.parameters", [p for _, p in self.named_parameters_list(recurse=recurse)])


def _named_parameters(self, prefix="", recurse=True, remove_duplicate=True):
    return ScriptGenerator("Module.named_parameters", self.named_parameters_list(prefix, recurse))


def _buffers(self, recurse=True):
    return ScriptGenerator("Module.buffers", [b for _, b in self.named_buffers_list(recurse=recurse)])


def _named_buffers(self, prefix="", recurse=True, remove_duplicate=True):
    return ScriptGenerator("Module.named_buffers", self.named_buffers_list(prefix, recurse))


def _children(self):
    return ScriptGenerator("Module.children", [m for _, m in _named_children_list(self)])


def _named_children(self):
    return ScriptGenerator("Module.named_children", _named_children_list(self))


def _named_children_list(self):
    out, seen = [], set()
    for name, m in self.modules_.items():
        if m is not None and id(m) not in seen:
            seen.add(id(m))
            out.append((name, m))
    return out


def _modules(self):
    return ScriptGenerator("Module.modules", [m for _, m in self.named_modules_list()])


def _named_modules(self, memo=None, prefix=""):
    return ScriptGenerator("Module.named_modules", self.named_modules_list(prefix))


def _zero_grad(self, set_to_none=True):
    for _, p in self.named_parameters_list():
        zero_grad_of(p, set_to_none)


def zero_grad_of(p: Tensor, set_to_none: bool):
    """``Module.zero_grad`` and ``Optimizer.zero_grad`` on one parameter."""
    g = p._grad
    if g is None:
        return
    if set_to_none:
        p._grad = None
        return
    if g.grad_fn is not None:
        g.grad_fn = None
    g.requires_grad = False
    g.data[...] = 0
    g.bump_version()


def _train(self, mode=True):
    if not isinstance(mode, bool):
        raise value_error("training mode is expected to be boolean")
    for _, m in self.named_modules_list():
        m.training = mode
    return self


def _eval(self):
    return _train(self, False)


def _requires_grad_(self, requires_grad=True):
    for _, p in self.named_parameters_list():
        if requires_grad and p.data.dtype.kind != "f":
            continue
        p.requires_grad = bool(requires_grad)
    return self


def _to(self, *args, **kwargs):
    """``module.to(device, dtype)``, ``to(dtype)``, ``to(tensor)``: the
    module itself, its floating-point parameters in the dtype."""
    _device, dtype, copy = to_arguments(args, kwargs)
    if copy is not None:
        raise runtime_error(".to() does not accept copy argument")
    if dtype is not None:
        if dtype.category != 2:
            raise type_error(f"nn.Module.to only accepts floating point or complex dtypes, but got desired "
                             f"dtype=torch.{dtype.name}")
        _cast_floats(self, dtype)
    return self


def _cast_floats(self, dtype):
    def cast(t):
        return to_dtype(t, dtype) if t.data.dtype.kind == "f" and t.data.dtype != dtype.np else t
    self.apply_to_parameters(cast)


def _double(self):
    _cast_floats(self, D.float64)
    return self


def _float(self):
    _cast_floats(self, D.float32)
    return self


def _cpu(self):
    return self


def _apply(self, fn):
    """``fn(m)`` for every submodule, children before their parent, as
    PyTorch's ``Module.apply`` does; returns the module."""
    order, stack = [], [(self, False)]
    while stack:
        m, ready = stack.pop()
        if ready:
            order.append(m)
            continue
        stack.append((m, True))
        stack.extend((c, False) for c in reversed([c for c in m.modules_.values() if c is not None]))
    for m in order:
        CONTEXT.call(fn, (m,))
    return self


def _add_module(self, name, module):
    if not isinstance(name, str):
        raise type_error(f"module name should be a string. Got {type_name(name)}")
    if module is not None and not isinstance(module, Module):
        raise type_error(f"{type_name(module)} is not a Module subclass")
    if "." in name or name == "":
        # NOTE: a KeyError shows its message's repr
        raise GradcliError("KeyError", repr(f"module name can't contain \".\", got: {name}" if name else
                                            "module name can't be empty string \"\""))
    self.modules_[name] = module


# ***** forward hooks *****

class _ModuleHook:
    """A script function registered with ``register_forward_hook`` or
    ``register_forward_pre_hook``, and how PyTorch calls it."""
    __slots__ = ("fn", "with_kwargs", "always_call")

    def __init__(self, fn, with_kwargs, always_call=False):
        self.fn, self.with_kwargs, self.always_call = fn, bool(with_kwargs), bool(always_call)


def _register(self, table: str, hook: _ModuleHook, prepend) -> RemovableHandle:
    hooks = getattr(self, table)            # NOTE: table is one of the two names written here
    if not hooks:
        hooks = []
        setattr(self, table, hooks)
    if prepend:
        hooks.insert(0, hook)
    else:
        hooks.append(hook)
    return RemovableHandle(hooks, hook)


def _register_forward_pre_hook(self, hook, *, prepend=False, with_kwargs=False):
    return _register(self, "forward_pre_hooks", _ModuleHook(hook, with_kwargs), prepend)


def _register_forward_hook(self, hook, *, prepend=False, with_kwargs=False, always_call=False):
    return _register(self, "forward_hooks", _ModuleHook(hook, with_kwargs, always_call), prepend)


def _hooked_call(module: Module):
    """What calling ``module`` runs once it has forward hooks: PyTorch's
    ``Module._call_impl``. Each pre-hook may replace the positional inputs
    (one value that is not a tuple becomes a tuple of one), or with
    ``with_kwargs`` both (args, kwargs); each forward hook may replace the
    output. The hooks registered when the call starts run, in order; when
    the call fails, the ``always_call`` hooks not yet run still run, their
    own errors a warning, and the call's error is raised."""
    call = CONTEXT.call

    def forward(*args, **kwargs):
        ran, result = set(), None
        try:
            for hook in tuple(module.forward_pre_hooks):
                if hook.with_kwargs:
                    res = call(hook.fn, (module, args, kwargs))
                    if res is not None:
                        if type(res) is not tuple or len(res) != 2:
                            raise runtime_error("forward pre-hook must return None or a tuple of (new_args, "
                                                f"new_kwargs), but got {python_format(res)}.")
                        args, kwargs = res
                else:
                    res = call(hook.fn, (module, args))
                    if res is not None:
                        args = res if type(res) is tuple else (res,)
            result = module.forward(*args, **kwargs)
            for hook in tuple(module.forward_hooks):
                if hook.always_call:
                    ran.add(id(hook))
                res = call(hook.fn, (module, args, kwargs, result) if hook.with_kwargs else (module, args, result))
                if res is not None:
                    result = res
            return result
        except (GradcliError, TypeError):          # TypeError: a wrong call of forward, the script's
            for hook in tuple(module.forward_hooks):
                if hook.always_call and id(hook) not in ran:
                    try:
                        res = call(hook.fn, (module, args, kwargs, result) if hook.with_kwargs
                                   else (module, args, result))
                        if res is not None:
                            result = res
                    except GradcliError as e:
                        CONTEXT.warning("module forward hook with ``always_call=True`` raised an exception that "
                                        f"was silenced as another error was raised in forward: {e.message}")
            raise

    return forward


def _state_dict(self, destination=None, prefix="", keep_vars=False):
    return OrderedDict((name, p if keep_vars else create.detach(p)) for name, p in self.state_list(prefix))


class IncompatibleKeys(ScriptObject):
    """What ``load_state_dict`` returns (PyTorch's ``_IncompatibleKeys`` named tuple)."""
    display_name = "_IncompatibleKeys"
    class_path = "torch.nn.modules.module._IncompatibleKeys"

    def __init__(self, missing_keys: list, unexpected_keys: list):
        self.missing_keys, self.unexpected_keys = missing_keys, unexpected_keys

    def attribute(self, name):
        if name == "missing_keys":
            return self.missing_keys
        if name == "unexpected_keys":
            return self.unexpected_keys
        return ScriptObject.attribute(self, name)

    def length(self) -> int:
        return 2

    def items(self) -> list:
        return [self.missing_keys, self.unexpected_keys]

    def getitem(self, key):
        return self.items()[key]

    def text(self) -> str:
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return f"_IncompatibleKeys(missing_keys={self.missing_keys!r}, unexpected_keys={self.unexpected_keys!r})"


def _load_state_dict(self, state_dict, strict=True, assign=False):
    """``load_state_dict``: each parameter's values copied from the entry of
    its name (under no_grad, in its dtype); PyTorch's errors, raised after
    the entries that fit are copied."""
    if not isinstance(state_dict, dict):
        raise type_error(f"Expected state_dict to be dict-like, got <class '{type_name(state_dict)}'>.")
    own = dict(self.state_list())
    errors = []
    for name, p in own.items():
        if name not in state_dict or p is None:
            continue
        src = state_dict[name]
        if type(src) is not Tensor:
            errors.append(f'While copying the parameter named "{name}", expected torch.Tensor or Tensor-like '
                          f"object from checkpoint but received <class '{type_name(src)}'>")
        elif src.shape != p.shape:
            errors.append(f"size mismatch for {name}: copying a param with shape torch.Size({list(src.shape)}) "
                          f"from checkpoint, the shape in current model is torch.Size({list(p.shape)}).")
        else:
            np.copyto(p.data, src.data, casting="unsafe")
            p.bump_version()
    missing = [name for name in own if name not in state_dict]
    unexpected = [name for name in state_dict if name not in own]
    if strict:
        if unexpected:
            errors.insert(0, "Unexpected key(s) in state_dict: {}. ".format(", ".join(f'"{k}"' for k in unexpected)))
        if missing:
            errors.insert(0, "Missing key(s) in state_dict: {}. ".format(", ".join(f'"{k}"' for k in missing)))
    if errors:
        raise GradcliError("RuntimeError", f"Error(s) in loading state_dict for {self.display_name}:\n\t"
                           + "\n\t".join(errors))
    return IncompatibleKeys(missing, unexpected)


Module.methods = {
    "forward": lambda self, *a, **k: self.forward(*a, **k),
    "parameters": _parameters, "named_parameters": _named_parameters,
    "buffers": _buffers, "named_buffers": _named_buffers,
    "children": _children, "named_children": _named_children,
    "modules": _modules, "named_modules": _named_modules,
    "zero_grad": _zero_grad, "train": _train, "eval": _eval,
    "requires_grad_": _requires_grad_, "to": _to, "double": _double, "float": _float,
    "cpu": _cpu, "state_dict": _state_dict, "load_state_dict": _load_state_dict, "apply": _apply,
    "add_module": _add_module,
    "register_forward_hook": _register_forward_hook, "register_forward_pre_hook": _register_forward_pre_hook,
}


# ***** printing *****

def _add_indent(text: str, spaces: int) -> str:
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    pad = " " * spaces
    return "\n".join([lines[0]] + [pad + line for line in lines[1:]])


def module_repr(root: Module) -> str:
    """``repr(module)`` as ``torch.nn.Module.__repr__`` builds it, children
    first, with an explicit stack instead of recursion."""
    done: dict = {}
    stack = [(root, False)]
    while stack:
        m, ready = stack.pop()
        if id(m) in done and not ready:
            continue
        kids = [c for c in m.modules_.values() if c is not None]
        if not ready:
            stack.append((m, True))
            stack.extend((c, False) for c in kids if id(c) not in done)
            continue
        done[id(m)] = m.repr_from([(key, done[id(c)] if c is not None else "None")
                                   for key, c in m.modules_.items()])
    return done[id(root)]


def standard_repr(m: Module, children: list) -> str:
    """``Module.__repr__`` given each child's (key, repr)."""
    extra = m.extra_repr()
    extra_lines = extra.split("\n") if extra else []
    child_lines = [f"({key}): " + _add_indent(text, 2) for key, text in children]
    lines = extra_lines + child_lines
    text = m.display_name + "("
    if lines:
        if len(extra_lines) == 1 and not child_lines:
            text += extra_lines[0]
        else:
            text += "\n  " + "\n  ".join(lines) + "\n"
    return text + ")"


def add_indent(text: str, spaces: int) -> str:
    return _add_indent(text, spaces)


def module_parameters(variables: dict, seen: set) -> list:
    """(name, parameter) of every module among a script's variables, named
    as PyTorch names them under the variable (``model.0.weight``); each
    parameter once, none whose id is in ``seen``."""
    out = []
    for k, v in variables.items():
        if isinstance(v, Module):
            for name, p in v.named_parameters_list(prefix=k):
                if id(p) not in seen:
                    seen.add(id(p))
                    out.append((name, p))
    return out


def register_parameter(module: Module, name: str, tensor):
    module.parameters_[name] = None if tensor is None else mark_parameter(tensor)

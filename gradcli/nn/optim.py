"""``torch.optim``: SGD, Adam and RMSprop as values of the language.

Each ``step()`` follows PyTorch's single-tensor path (the one it takes for
CPU tensors: ``foreach`` defaults to False off the GPU) op for op, with the
kernels' float32 rounding (kernels.py), writing each parameter in place
with its version counter bumped, outside any graph.
"""
from __future__ import annotations

import numpy as np

from ..engine import autograd as AG
from ..engine.context import CONTEXT
from ..engine.tensor import Tensor
from ..errors import type_error, value_error
from ..ops.operands import type_name
from . import kernels as K
from .module import zero_grad_of
from .objects import ScriptObject, listed
from .parameter import parameter_type_name

_SGD_DEFAULTS = (("lr", 0.001), ("momentum", 0), ("dampening", 0), ("weight_decay", 0), ("nesterov", False),
                 ("maximize", False), ("foreach", None), ("differentiable", False), ("fused", None))
_ADAM_DEFAULTS = (("lr", 0.001), ("betas", (0.9, 0.999)), ("eps", 1e-08), ("weight_decay", 0),
                  ("amsgrad", False), ("maximize", False), ("foreach", None), ("capturable", False),
                  ("differentiable", False), ("fused", None), ("decoupled_weight_decay", False))
_RMSPROP_DEFAULTS = (("lr", 0.01), ("momentum", 0), ("alpha", 0.99), ("eps", 1e-08), ("centered", False),
                     ("weight_decay", 0), ("capturable", False), ("foreach", None), ("maximize", False),
                     ("differentiable", False))
# AdamW: Adam with decoupled weight decay, fixed, and a weight decay of 1e-2 by default
_ADAMW_DEFAULTS = tuple((k, {"weight_decay": 1e-2, "decoupled_weight_decay": True}.get(k, v)) for k, v in _ADAM_DEFAULTS)
# positional order of each constructor's arguments after ``params``
_POSITIONAL = {"SGD": ("lr", "momentum", "dampening", "weight_decay", "nesterov"),
               "Adam": ("lr", "betas", "eps", "weight_decay", "amsgrad"),
               "AdamW": ("lr", "betas", "eps", "weight_decay", "amsgrad"),
               "RMSprop": ("lr", "alpha", "eps", "weight_decay", "momentum", "centered", "capturable",
                           "foreach", "maximize", "differentiable")}


class Optimizer(ScriptObject):
    display_name = "Optimizer"
    class_path = "torch.optim.optimizer.Optimizer"
    defaults_spec: tuple = ()
    fixed: frozenset = frozenset()      # settings the constructor does not take (AdamW's decoupling)

    def __init__(self, params, *args, **kwargs):
        name = self.display_name
        positional = _POSITIONAL[name]
        if len(args) > len(positional):
            raise type_error(f"{name}.__init__() takes from 2 to {len(positional) + 2} positional arguments "
                             f"but {len(args) + 2} were given")
        defaults = dict(self.defaults_spec)
        for k, v in zip(positional, args):
            defaults[k] = v
        for k, v in kwargs.items():
            if k not in defaults or k in self.fixed:
                raise type_error(f"{name}.__init__() got an unexpected keyword argument '{k}'")
            if k in positional[:len(args)]:
                raise type_error(f"{name}.__init__() got multiple values for argument '{k}'")
            defaults[k] = v
        self.validate(defaults)
        self.defaults = defaults
        self.state = {}                 # id(param) -> per-parameter state
        self.param_groups = []
        self.stepped = False            # step() has run (a learning-rate scheduler asks)
        groups = _param_list(params)
        if not groups:
            raise value_error("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for g in groups:
            self.add_param_group(g)

    def validate(self, d):
        lr = d["lr"]
        if not 0.0 <= lr:
            raise value_error(f"Invalid learning rate: {lr}")
        if "eps" in d and not 0.0 <= d["eps"]:
            raise value_error(f"Invalid epsilon value: {d['eps']}")
        if "momentum" in d and not 0.0 <= d["momentum"]:
            raise value_error(f"Invalid momentum value: {d['momentum']}")
        if not 0.0 <= d["weight_decay"]:
            raise value_error(f"Invalid weight_decay value: {d['weight_decay']}")

    def add_param_group(self, group):
        if not isinstance(group, dict):
            raise type_error(f"param_group must be a dict, but got {type_name(group)}")
        params = group.get("params")
        if type(params) is Tensor:
            params = [params]
        params = _param_list(params)
        for p in params:
            if type(p) is not Tensor:
                raise type_error(f"optimizer can only optimize Tensors, but one of the params is {type_name(p)}")
            if not p.is_leaf:
                raise value_error("can't optimize a non-leaf Tensor")
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in seen for p in params):
            raise value_error("some parameters appear in more than one parameter group")
        full = {"params": params}
        for k, v in self.defaults.items():
            full[k] = group.get(k, v)
        for k, v in group.items():
            full.setdefault(k, v)
        self.param_groups.append(full)

    # ----- the language's protocol -----
    def attribute(self, name):
        if name == "param_groups":
            return self.param_groups
        if name == "defaults":
            return self.defaults
        return ScriptObject.attribute(self, name)

    def text(self) -> str:
        out = self.display_name + " ("
        for i, group in enumerate(self.param_groups):
            out += f"\nParameter Group {i}\n"
            for key in sorted(group):
                if key != "params":
                    out += f"    {key}: {_py_str(group[key])}\n"
        return out + ")"

    # ----- methods -----
    def zero_grad(self, set_to_none=True):
        for group in self.param_groups:
            for p in group["params"]:
                zero_grad_of(p, set_to_none)

    def step(self, closure=None):
        self.stepped = True
        loss = None
        if closure is not None:
            saved = AG.GRAD_MODE.enabled
            AG.GRAD_MODE.enabled = True
            try:
                loss = CONTEXT.call(closure, ())
            finally:
                AG.GRAD_MODE.enabled = saved
        for group in self.param_groups:
            for p in group["params"]:
                if p._grad is None:
                    continue
                g = p._grad.data
                if group["maximize"]:
                    g = -g
                state = self.state.setdefault(id(p), {})
                new = self.update(group, state, p.data, g)
                np.copyto(p.data, new)
                p.bump_version()
        return loss

    def update(self, group, state, param, grad):
        raise NotImplementedError


def _param_list(params) -> list:
    listed_params = None if type(params) is Tensor else listed(params)
    if listed_params is None:
        raise type_error("params argument given to the optimizer should be an iterable of Tensors or dicts, "
                         f"but got {parameter_type_name(params) if type(params) is Tensor else type_name(params)}")
    return listed_params


def _py_str(v) -> str:
    """``str(v)`` for the plain Python values a param group holds."""
    if isinstance(v, tuple):
        return "(" + ", ".join(_py_str(x) for x in v) + ("," if len(v) == 1 else "") + ")"
    return repr(v) if not isinstance(v, str) else v


# ***** the three optimizers *****

class SGD(Optimizer):
    display_name = "SGD"
    class_path = "torch.optim.sgd.SGD"
    defaults_spec = _SGD_DEFAULTS

    def validate(self, d):
        Optimizer.validate(self, d)
        if d["nesterov"] and (d["momentum"] <= 0 or d["dampening"] != 0):
            raise value_error("Nesterov momentum requires a momentum and zero dampening")

    def update(self, group, state, param, grad):
        wd, momentum = group["weight_decay"], group["momentum"]
        if wd != 0:
            grad = K.add_scaled(grad, param, wd)
        if momentum != 0:
            buf = state.get("momentum_buffer")
            if buf is None:
                buf = state["momentum_buffer"] = grad.copy()
            else:
                buf[...] = K.add_scaled(K.mul_scalar(buf, momentum), grad, 1 - group["dampening"])
            grad = K.add_scaled(grad, buf, momentum) if group["nesterov"] else buf
        return K.add_scaled(param, grad, -group["lr"])


class Adam(Optimizer):
    display_name = "Adam"
    class_path = "torch.optim.adam.Adam"
    defaults_spec = _ADAM_DEFAULTS

    def validate(self, d):
        Optimizer.validate(self, d)
        betas = d["betas"]
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise value_error("betas must be a tuple of two floats")
        for i, b in enumerate(betas):
            if not 0.0 <= b < 1.0:
                raise value_error(f"Invalid beta parameter at index {i}: {b}")

    def update(self, group, state, param, grad):
        beta1, beta2 = group["betas"]
        lr, wd, eps = group["lr"], group["weight_decay"], group["eps"]
        if not state:
            state["step"] = 0.0
            state["exp_avg"] = np.zeros_like(param)
            state["exp_avg_sq"] = np.zeros_like(param)
            if group["amsgrad"]:
                state["max_exp_avg_sq"] = np.zeros_like(param)
        state["step"] += 1
        step = state["step"]
        if wd != 0:
            if group["decoupled_weight_decay"]:
                param = K.mul_scalar(param, 1 - lr * wd)
            else:
                grad = K.add_scaled(grad, param, wd)
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        exp_avg[...] = K.lerp(exp_avg, grad, 1 - beta1)
        exp_avg_sq[...] = K.addcmul(K.mul_scalar(exp_avg_sq, beta2), grad, grad, 1 - beta2)
        bias_correction1 = 1 - beta1 ** step
        bias_correction2 = 1 - beta2 ** step
        step_size = lr / bias_correction1
        bias_correction2_sqrt = bias_correction2 ** 0.5
        dt = param.dtype.type
        if group["amsgrad"]:
            np.maximum(state["max_exp_avg_sq"], exp_avg_sq, out=state["max_exp_avg_sq"])
            denom = np.sqrt(state["max_exp_avg_sq"]) / dt(bias_correction2_sqrt) + dt(eps)
        else:
            denom = np.sqrt(exp_avg_sq) / dt(bias_correction2_sqrt) + dt(eps)
        return K.addcdiv(param, exp_avg, denom, -step_size)


class AdamW(Adam):
    display_name = "AdamW"
    class_path = "torch.optim.adamw.AdamW"
    defaults_spec = _ADAMW_DEFAULTS
    fixed = frozenset(("decoupled_weight_decay",))


class RMSprop(Optimizer):
    display_name = "RMSprop"
    class_path = "torch.optim.rmsprop.RMSprop"
    defaults_spec = _RMSPROP_DEFAULTS

    def validate(self, d):
        Optimizer.validate(self, d)
        if not 0.0 <= d["alpha"]:
            raise value_error(f"Invalid alpha value: {d['alpha']}")

    def update(self, group, state, param, grad):
        alpha, lr, eps = group["alpha"], group["lr"], group["eps"]
        momentum, wd = group["momentum"], group["weight_decay"]
        if not state:
            state["step"] = 0.0
            state["square_avg"] = np.zeros_like(param)
            if momentum > 0:
                state["momentum_buffer"] = np.zeros_like(param)
            if group["centered"]:
                state["grad_avg"] = np.zeros_like(param)
        state["step"] += 1
        if wd != 0:
            grad = K.add_scaled(grad, param, wd)
        sq = state["square_avg"]
        sq[...] = K.addcmul(K.mul_scalar(sq, alpha), grad, grad, 1 - alpha)
        if group["centered"]:
            ga = state["grad_avg"]
            ga[...] = K.lerp(ga, grad, 1 - alpha)
            avg = np.sqrt(K.addcmul(sq, ga, ga, -1))
        else:
            avg = np.sqrt(sq)
        avg = avg + avg.dtype.type(eps)
        if momentum > 0:
            buf = state["momentum_buffer"]
            buf[...] = K.addcdiv(K.mul_scalar(buf, momentum), grad, avg)
            return K.add_scaled(param, buf, -lr)
        return K.addcdiv(param, grad, avg, -lr)


Optimizer.methods = {"step": Optimizer.step, "zero_grad": Optimizer.zero_grad,
                     "add_param_group": Optimizer.add_param_group}

OPTIMIZERS = {"SGD": SGD, "Adam": Adam, "AdamW": AdamW, "RMSprop": RMSprop}

"""``torch.optim``: SGD, Adam, AdamW, RMSprop, Adagrad, Adamax and NAdam as values of the language.

Each ``step()`` follows PyTorch's single-tensor path (the one it takes for
CPU tensors: ``foreach`` defaults to False off the GPU) op for op, with the
kernels' float32 rounding (kernels.py), writing each parameter in place
with its version counter bumped, outside any graph.
"""
from __future__ import annotations

import numpy as np

from ..engine import autograd as AG
from ..engine import dtypes as D
from ..engine.context import CONTEXT
from ..engine.tensor import Tensor
from ..errors import GradcliError, type_error, value_error
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
_ADAGRAD_DEFAULTS = (("lr", 0.01), ("lr_decay", 0), ("eps", 1e-10), ("weight_decay", 0),
                     ("initial_accumulator_value", 0), ("foreach", None), ("maximize", False),
                     ("differentiable", False), ("fused", None))
_ADAMAX_DEFAULTS = (("lr", 0.002), ("betas", (0.9, 0.999)), ("eps", 1e-08), ("weight_decay", 0), ("foreach", None),
                    ("maximize", False), ("differentiable", False), ("capturable", False))
_NADAM_DEFAULTS = (("lr", 0.002), ("betas", (0.9, 0.999)), ("eps", 1e-08), ("weight_decay", 0),
                   ("momentum_decay", 0.004), ("decoupled_weight_decay", False), ("maximize", False),
                   ("foreach", None), ("capturable", False), ("differentiable", False))
# AdamW: Adam with decoupled weight decay, fixed, and a weight decay of 1e-2 by default
_ADAMW_DEFAULTS = tuple((k, {"weight_decay": 1e-2, "decoupled_weight_decay": True}.get(k, v)) for k, v in _ADAM_DEFAULTS)
# positional order of each constructor's arguments after ``params``
_POSITIONAL = {"SGD": ("lr", "momentum", "dampening", "weight_decay", "nesterov"),
               "Adam": ("lr", "betas", "eps", "weight_decay", "amsgrad"),
               "AdamW": ("lr", "betas", "eps", "weight_decay", "amsgrad"),
               "RMSprop": ("lr", "alpha", "eps", "weight_decay", "momentum", "centered", "capturable",
                           "foreach", "maximize", "differentiable"),
               "Adagrad": ("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps", "foreach"),
               "Adamax": ("lr", "betas", "eps", "weight_decay", "foreach"),
               "NAdam": ("lr", "betas", "eps", "weight_decay", "momentum_decay", "decoupled_weight_decay")}


class Optimizer(ScriptObject):
    display_name = "Optimizer"
    class_path = "torch.optim.optimizer.Optimizer"
    defaults_spec: tuple = ()
    fixed: frozenset = frozenset()      # settings the constructor does not take (AdamW's decoupling)
    # what the class's __setstate__ (load_state_dict) adds to each group that lacks it
    setstate_defaults: tuple = ()
    counts_steps = False                # its state has a 'step' count

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
        # NOTE: PyTorch keeps the group's own keys in their order ("params"
        # where it was), then the defaults it lacks, in the defaults' order
        full = dict(group)
        full["params"] = params
        for k, v in self.defaults.items():
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
                try:
                    new = self.update(group, state, p.data, g)
                except KeyError as e:       # a group or state loaded without a setting it needs
                    raise GradcliError("KeyError", repr(e.args[0])) from None
                np.copyto(p.data, new)
                p.bump_version()
        return loss

    def update(self, group, state, param, grad):
        raise NotImplementedError

    def state_dict(self):
        """PyTorch's ``{'state': {index: {...}}, 'param_groups': [{..., 'params': [indices]}]}``:
        parameters as their index over the groups, the state's tensors the
        optimizer's own (they change with its steps)."""
        index, groups, start = {}, [], 0
        for group in self.param_groups:
            packed = {k: v for k, v in group.items() if k != "params"}
            for i, p in enumerate(group["params"], start):
                index.setdefault(id(p), i)
            packed["params"] = [index[id(p)] for p in group["params"]]
            start += len(group["params"])
            groups.append(packed)
        state = {}
        for key, values in self.state.items():
            if values and key in index:
                state[index[key]] = {k: Tensor(v) if isinstance(v, np.ndarray) else v for k, v in values.items()}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict):
        """The state and the groups' settings from ``state_dict`` (as
        ``state_dict()`` makes it), for this optimizer's own parameters, with
        PyTorch's checks; state tensors are cast to their parameter's dtype
        (the step counters kept as they are), and shared when no cast is needed."""
        if not isinstance(state_dict, dict):
            raise GradcliError("AttributeError", f"'{type_name(state_dict)}' object has no attribute 'copy'")
        if "param_groups" not in state_dict:
            raise GradcliError("KeyError", "'param_groups'")
        saved_groups = state_dict["param_groups"]
        if len(self.param_groups) != len(saved_groups):
            raise value_error("loaded state dict has a different number of parameter groups")
        if any(len(g["params"]) != len(s["params"]) for g, s in zip(self.param_groups, saved_groups)):
            raise value_error("loaded state dict contains a parameter group that doesn't match the size of "
                              "optimizer's group")
        id_map = {}
        for group, saved in zip(self.param_groups, saved_groups):
            for i, p in zip(saved["params"], group["params"]):
                id_map[i] = p
        if "state" not in state_dict:
            raise GradcliError("KeyError", "'state'")
        state = {}
        for k, values in state_dict["state"].items():
            p = id_map.get(k)
            if p is None:
                continue
            loaded = {}
            for name, v in values.items():
                if type(v) is Tensor:
                    data = v.data
                    if name != "step" and p.data.dtype.kind == "f" and data.dtype != p.data.dtype:
                        data = data.astype(p.data.dtype)
                    loaded[name] = data
                else:
                    loaded[name] = v
            state[id(p)] = loaded
        groups = []
        for group, saved in zip(self.param_groups, saved_groups):
            new = {k: (tuple(v) if isinstance(v, tuple) else list(v) if isinstance(v, list) else v)
                   for k, v in saved.items()}
            new["params"] = group["params"]
            groups.append(new)
        self.state = state
        self.param_groups[:] = groups
        self.setstate()

    def setstate(self):
        """The class's ``__setstate__`` after a load: settings the groups
        lack, and each non-empty state's step count as a tensor of the default dtype."""
        for group in self.param_groups:
            for k, v in self.setstate_defaults:
                group.setdefault(k, v)
            if "decoupled_weight_decay" in self.fixed:
                group["decoupled_weight_decay"] = True
            if not self.counts_steps:
                continue
            for p in group["params"]:
                values = self.state.get(id(p))
                if values:
                    if "step" not in values:
                        raise GradcliError("KeyError", "'step'")
                    if not isinstance(values["step"], np.ndarray):
                        values["step"] = np.array(float(values["step"]), D.DEFAULT_FLOAT.np)


def _step_counter():
    """A step count as PyTorch keeps it: a tensor's value, counted in place
    (``_get_scalar_dtype()``: the default dtype, float32 or float64)."""
    return np.zeros((), D.DEFAULT_FLOAT.np)


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


# ***** the optimizers *****

class SGD(Optimizer):
    display_name = "SGD"
    class_path = "torch.optim.sgd.SGD"
    defaults_spec = _SGD_DEFAULTS
    setstate_defaults = (("nesterov", False), ("maximize", False), ("foreach", None), ("differentiable", False),
                         ("fused", False))

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


def _check_betas(betas):
    if not isinstance(betas, (tuple, list)) or len(betas) != 2:
        raise value_error("betas must be a tuple of two floats")
    for i, b in enumerate(betas):
        if not 0.0 <= b < 1.0:
            raise value_error(f"Invalid beta parameter at index {i}: {b}")


class Adam(Optimizer):
    display_name = "Adam"
    class_path = "torch.optim.adam.Adam"
    defaults_spec = _ADAM_DEFAULTS
    setstate_defaults = (("amsgrad", False), ("maximize", False), ("foreach", None), ("capturable", False),
                         ("differentiable", False), ("decoupled_weight_decay", False), ("fused", None))
    counts_steps = True

    def validate(self, d):
        Optimizer.validate(self, d)
        _check_betas(d["betas"])

    def update(self, group, state, param, grad):
        beta1, beta2 = group["betas"]
        lr, wd, eps = group["lr"], group["weight_decay"], group["eps"]
        if not state:
            state["step"] = _step_counter()
            state["exp_avg"] = np.zeros_like(param)
            state["exp_avg_sq"] = np.zeros_like(param)
            if group["amsgrad"]:
                state["max_exp_avg_sq"] = np.zeros_like(param)
        state["step"] += 1
        step = float(state["step"])
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
            denom = K.sqrt(state["max_exp_avg_sq"]) / dt(bias_correction2_sqrt) + dt(eps)
        else:
            denom = K.sqrt(exp_avg_sq) / dt(bias_correction2_sqrt) + dt(eps)
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
    setstate_defaults = (("momentum", 0), ("centered", False), ("foreach", None), ("maximize", False),
                         ("differentiable", False), ("capturable", False))
    counts_steps = True

    def validate(self, d):
        Optimizer.validate(self, d)
        if not 0.0 <= d["alpha"]:
            raise value_error(f"Invalid alpha value: {d['alpha']}")

    def update(self, group, state, param, grad):
        alpha, lr, eps = group["alpha"], group["lr"], group["eps"]
        momentum, wd = group["momentum"], group["weight_decay"]
        if not state:
            state["step"] = _step_counter()
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
            avg = K.sqrt(K.addcmul(sq, ga, ga, -1))
        else:
            avg = K.sqrt(sq)
        avg = avg + avg.dtype.type(eps)
        if momentum > 0:
            buf = state["momentum_buffer"]
            buf[...] = K.addcdiv(K.mul_scalar(buf, momentum), grad, avg)
            return K.add_scaled(param, buf, -lr)
        return K.addcdiv(param, grad, avg, -lr)


class Adagrad(Optimizer):
    """NOTE: PyTorch makes each parameter's state (step, sum) in the constructor."""
    display_name = "Adagrad"
    class_path = "torch.optim.adagrad.Adagrad"
    defaults_spec = _ADAGRAD_DEFAULTS
    setstate_defaults = (("foreach", None), ("maximize", False), ("differentiable", False), ("fused", None))
    counts_steps = True

    def __init__(self, params, *args, **kwargs):
        Optimizer.__init__(self, params, *args, **kwargs)
        for group in self.param_groups:
            for p in group["params"]:
                self.state[id(p)] = self._initial_state(group, p.data)

    @staticmethod
    def _initial_state(group, param):
        return {"step": _step_counter(), "sum": np.full_like(param, group["initial_accumulator_value"])}

    def validate(self, d):
        for key, what in (("lr", "learning rate"), ("lr_decay", "lr_decay value"),
                          ("weight_decay", "weight_decay value"),
                          ("initial_accumulator_value", "initial_accumulator_value value"), ("eps", "epsilon value")):
            if not 0.0 <= d[key]:
                raise value_error(f"Invalid {what}: {d[key]}")

    def update(self, group, state, param, grad):
        if not state:
            state.update(self._initial_state(group, param))
        state["step"] += 1
        step = float(state["step"])
        if group["weight_decay"] != 0:
            grad = K.add_scaled(grad, param, group["weight_decay"])
        clr = group["lr"] / (1 + (step - 1) * group["lr_decay"])
        total = state["sum"]
        total[...] = K.addcmul(total, grad, grad, 1)
        std = K.sqrt(total) + total.dtype.type(group["eps"])
        return K.addcdiv(param, grad, std, -clr)


class Adamax(Optimizer):
    display_name = "Adamax"
    class_path = "torch.optim.adamax.Adamax"
    defaults_spec = _ADAMAX_DEFAULTS
    setstate_defaults = (("foreach", None), ("maximize", False), ("differentiable", False), ("capturable", False))
    counts_steps = True

    def validate(self, d):
        if not 0.0 <= d["lr"]:
            raise value_error(f"Invalid learning rate: {d['lr']}")
        if not 0.0 <= d["eps"]:
            raise value_error(f"Invalid epsilon value: {d['eps']}")
        _check_betas(d["betas"])
        if not 0.0 <= d["weight_decay"]:
            raise value_error(f"Invalid weight_decay value: {d['weight_decay']}")

    def update(self, group, state, param, grad):
        beta1, beta2 = group["betas"]
        if not state:
            state["step"] = _step_counter()
            state["exp_avg"] = np.zeros_like(param)
            state["exp_inf"] = np.zeros_like(param)
        state["step"] += 1
        if group["weight_decay"] != 0:
            grad = K.add_scaled(grad, param, group["weight_decay"])
        exp_avg, exp_inf = state["exp_avg"], state["exp_inf"]
        exp_avg[...] = K.lerp(exp_avg, grad, 1 - beta1)
        dt = param.dtype.type
        np.maximum(K.mul_scalar(exp_inf, beta2), np.abs(grad) + dt(group["eps"]), out=exp_inf)
        clr = group["lr"] / (1 - beta1 ** float(state["step"]))
        return K.addcdiv(param, exp_avg, exp_inf, -clr)


class NAdam(Optimizer):
    display_name = "NAdam"
    class_path = "torch.optim.nadam.NAdam"
    defaults_spec = _NADAM_DEFAULTS
    setstate_defaults = (("maximize", False), ("foreach", None), ("capturable", False), ("differentiable", False),
                         ("decoupled_weight_decay", False))
    counts_steps = True

    def validate(self, d):
        Adamax.validate(self, d)
        if not 0.0 <= d["momentum_decay"]:
            raise value_error(f"Invalid momentum_decay value: {d['momentum_decay']}")

    def update(self, group, state, param, grad):
        beta1, beta2 = group["betas"]
        lr, wd, decay = group["lr"], group["weight_decay"], group["momentum_decay"]
        if not state:
            state["step"] = _step_counter()
            state["mu_product"] = np.ones((), D.DEFAULT_FLOAT.np)
            state["exp_avg"] = np.zeros_like(param)
            state["exp_avg_sq"] = np.zeros_like(param)
        state["step"] += 1
        step = float(state["step"])
        bias_correction2 = 1 - beta2 ** step
        if wd != 0:
            if group["decoupled_weight_decay"]:
                param = K.mul_scalar(param, 1 - lr * wd)
            else:
                grad = K.add_scaled(grad, param, wd)
        mu = beta1 * (1.0 - 0.5 * (0.96 ** (step * decay)))
        mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((step + 1) * decay)))
        state["mu_product"][...] = K.mul_scalar(state["mu_product"], mu)
        mu_product = float(state["mu_product"])
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        exp_avg[...] = K.lerp(exp_avg, grad, 1 - beta1)
        exp_avg_sq[...] = K.addcmul(K.mul_scalar(exp_avg_sq, beta2), grad, grad, 1 - beta2)
        dt = param.dtype.type
        denom = K.sqrt(exp_avg_sq / dt(bias_correction2)) + dt(group["eps"])
        param = K.addcdiv(param, grad, denom, -lr * (1.0 - mu) / (1.0 - mu_product))
        return K.addcdiv(param, exp_avg, denom, (-lr * mu_next) / (1.0 - mu_product * mu_next))


Optimizer.methods = {"step": Optimizer.step, "zero_grad": Optimizer.zero_grad,
                     "add_param_group": Optimizer.add_param_group, "state_dict": Optimizer.state_dict,
                     "load_state_dict": Optimizer.load_state_dict}

OPTIMIZERS = {"SGD": SGD, "Adam": Adam, "AdamW": AdamW, "RMSprop": RMSprop, "Adagrad": Adagrad, "Adamax": Adamax,
              "NAdam": NAdam}

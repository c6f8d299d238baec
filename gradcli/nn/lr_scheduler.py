"""``torch.optim.lr_scheduler``: the schedulers tutorials train with.

Each follows PyTorch 2.13's ``get_lr`` step for step, in Python floats, so
``scheduler.get_last_lr()`` prints PyTorch's numbers digit for digit: most
schedules multiply the optimizer's current learning rate (the "chainable"
form), and ``step(epoch)`` uses the closed form, with PyTorch's deprecation
warning. Building a scheduler sets each param group's ``initial_lr`` and
takes the first step; stepping the scheduler before the optimizer has
stepped gives PyTorch's warning.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator

from ..engine.context import CONTEXT
from ..engine.tensor import Tensor
from ..errors import GradcliError, type_error, value_error
from ..ops.operands import python_format, type_name
from .objects import ScriptObject, listed
from .optim import Optimizer

_ORDER_WARNING = (
    "Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should "
    "call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will "
    "result in PyTorch skipping the first value of the learning rate schedule. See more details at "
    "https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate")
_EPOCH_WARNING = (
    "The epoch parameter in `scheduler.step()` was not necessary and is being deprecated where possible. "
    "Please use `scheduler.step()` to step the scheduler. During the deprecation, if epoch is different from "
    "None, the closed form is used instead of the new chainable form, where available. Please open an issue "
    "if you are unable to replicate your use case: https://github.com/pytorch/pytorch/issues/new/choose.")
_GET_LR_WARNING = "To get the last learning rate computed by the scheduler, please use `get_last_lr()`."


class LRScheduler(ScriptObject):
    display_name = "LRScheduler"
    class_path = "torch.optim.lr_scheduler.LRScheduler"
    settings: tuple = ()              # the constructor's own attributes scripts may read

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.class_path = f"torch.optim.lr_scheduler.{cls.display_name}"

    def __init__(self, optimizer, last_epoch=-1):
        if not isinstance(optimizer, Optimizer):
            raise type_error(f"{type_name(optimizer)} is not an Optimizer")
        self.optimizer = optimizer
        groups = optimizer.param_groups
        if last_epoch == -1:
            for group in groups:
                group.setdefault("initial_lr", group["lr"])
        else:
            for i, group in enumerate(groups):
                if "initial_lr" not in group:
                    raise GradcliError("KeyError", f"param 'initial_lr' is not specified in param_groups[{i}] when "
                                       "resuming scheduler with last_epoch >= 0.")
        self.base_lrs = [group["initial_lr"] for group in groups]
        self.last_epoch = last_epoch
        self.initial_step()

    def initial_step(self):
        """The first step, made by the constructor (and by SequentialLR for
        the scheduler it starts with)."""
        self.step_count = 0
        self.initial = True
        try:
            self.step()
        finally:
            self.initial = False

    initial = False                   # within the constructor's step (PyTorch's _is_initial)
    within_step = False               # get_lr called by step, so it does not warn

    # ----- the language's protocol -----
    common = ("optimizer", "last_epoch", "base_lrs")

    def attribute(self, name):
        # NOTE: a script's name is only compared with the names written here;
        # getattr gets one of those, never the script's text
        for own in self.common + self.settings:
            if own == name:
                return getattr(self, own)
        return ScriptObject.attribute(self, name)

    def text(self) -> str:
        return f"<{self.class_path} object>"

    # ----- methods -----
    def step(self, epoch=None):
        if self.step_count == 1 and not self.optimizer.stepped:
            CONTEXT.warning(_ORDER_WARNING)
        self.step_count += 1
        if epoch is not None:
            CONTEXT.warning(_EPOCH_WARNING)
        if epoch is not None and type(epoch) not in (int, float):
            raise type_error(f"epoch must be a number, not {type_name(epoch)}")
        self.update_lr(epoch)

    def update_lr(self, epoch=None):
        """PyTorch's ``_update_lr``: the next learning rates (the closed form
        when an epoch is given), written into the param groups."""
        with _python_errors(self):
            if epoch is None:
                self.last_epoch += 1
                values = self.get_lr()
            else:
                self.last_epoch = epoch
                values = self.closed_form()
        self.set_lrs(values)

    def set_lrs(self, values):
        for group, lr in zip(self.optimizer.param_groups, values):
            group["lr"] = lr
        self.last_lr = [group["lr"] for group in self.optimizer.param_groups]

    def get_last_lr(self):
        return list(self.last_lr)

    def get_lr(self):
        if not self.within_step:
            CONTEXT.warning(_GET_LR_WARNING)
        return self.chained()

    def lrs(self):
        """The param groups' learning rates, numbers (a script may have set one)."""
        return [_number(group["lr"], "a param group's lr") for group in self.optimizer.param_groups]

    def chained(self) -> list:
        raise NotImplementedError

    def closed_form(self) -> list:
        return self.chained()


class _python_errors:
    """Within a step: get_lr does not warn, and Python's arithmetic errors
    (step_size=0, T_max=0, a NaN epoch...) are the script's, as in PyTorch."""

    def __init__(self, scheduler):
        self.scheduler = scheduler

    def __enter__(self):
        self.scheduler.within_step = True

    def __exit__(self, kind, error, traceback):
        self.scheduler.within_step = False
        if kind in (ZeroDivisionError, OverflowError, ValueError):
            raise GradcliError(kind.__name__, str(error)) from None
        return False


_PLAIN_VALUES = (bool, int, float, str, list, tuple, dict, set, type(None), Tensor)


def _settings(**values) -> tuple:
    """A scheduler's numeric settings, as given, once checked to be numbers."""
    for name, v in values.items():
        _number(v, name)
    return tuple(values.values())


def _power(gamma, k: int):
    """``gamma ** k`` as PyTorch's closed forms compute it; an int gamma
    with a huge exponent is a clear error instead of a runaway integer."""
    if type(gamma) is not float and abs(k) * max(1, int(gamma).bit_length()) > 10_000:
        raise GradcliError("LimitError", "integer power too large (exponent over 10,000)")
    return gamma ** k


def _number(v, what: str):
    """``v``, once checked to be a number: a string or a list would make the
    schedules' products run away (``"x" * 10**9``)."""
    if type(v) not in (int, float, bool):
        raise type_error(f"{what} must be a number (int or float), not {type_name(v)}")
    return v


def _lambdas(optimizer, lr_lambda, check_callable):
    """One learning-rate function per param group (one given for all, or a list)."""
    groups = optimizer.param_groups
    if not isinstance(lr_lambda, (list, tuple)):
        lambdas = [lr_lambda] * len(groups)
    else:
        if len(lr_lambda) != len(groups):
            raise value_error(f"Expected {len(groups)} lr_lambdas, but got {len(lr_lambda)}")
        lambdas = list(lr_lambda)
    if check_callable:
        for fn in lambdas:
            if isinstance(fn, _PLAIN_VALUES):
                raise type_error(f"lr_lambda should be a function, but got {type_name(fn)}")
    return lambdas


class LambdaLR(LRScheduler):
    display_name = "LambdaLR"
    check_callable = False          # PyTorch checks MultiplicativeLR's functions only

    def __init__(self, optimizer, lr_lambda, last_epoch=-1):
        if isinstance(optimizer, Optimizer):
            self.lr_lambdas = _lambdas(optimizer, lr_lambda, self.check_callable)
        LRScheduler.__init__(self, optimizer, last_epoch)

    def chained(self):
        return [base * _number(CONTEXT.call(fn, (self.last_epoch,)), "lr_lambda's result")
                for fn, base in zip(self.lr_lambdas, self.base_lrs)]


class MultiplicativeLR(LambdaLR):
    display_name = "MultiplicativeLR"
    check_callable = True

    def chained(self):
        if self.initial:
            return self.lrs()
        return [lr * _number(CONTEXT.call(fn, (self.last_epoch,)), "lr_lambda's result")
                for fn, lr in zip(self.lr_lambdas, self.lrs())]


class StepLR(LRScheduler):
    display_name = "StepLR"
    settings = ("step_size", "gamma")

    def __init__(self, optimizer, step_size, gamma=0.1, last_epoch=-1):
        self.step_size, self.gamma = _settings(step_size=step_size, gamma=gamma)
        LRScheduler.__init__(self, optimizer, last_epoch)

    def chained(self):
        if self.last_epoch == 0 or self.last_epoch % self.step_size != 0:
            return self.lrs()
        return [lr * self.gamma for lr in self.lrs()]

    def closed_form(self):
        return [base * _power(self.gamma, self.last_epoch // self.step_size) for base in self.base_lrs]


class MultiStepLR(LRScheduler):
    display_name = "MultiStepLR"
    settings = ("gamma",)

    def __init__(self, optimizer, milestones, gamma=0.1, last_epoch=-1):
        if not isinstance(milestones, (list, tuple, set, range, Iterator)):
            raise type_error(f"'{type_name(milestones)}' object is not iterable")
        self.milestones = Counter(milestones)
        if any(type(m) is not int for m in self.milestones):
            raise type_error("milestones must be ints")
        (self.gamma,) = _settings(gamma=gamma)
        LRScheduler.__init__(self, optimizer, last_epoch)

    def attribute(self, name):
        if name == "milestones":
            return dict(self.milestones)
        return LRScheduler.attribute(self, name)

    def chained(self):
        if self.last_epoch not in self.milestones:
            return self.lrs()
        return [lr * _power(self.gamma, self.milestones[self.last_epoch]) for lr in self.lrs()]

    def closed_form(self):
        from bisect import bisect_right         # here: it costs start-up time
        milestones = sorted(self.milestones.elements())
        return [base * _power(self.gamma, bisect_right(milestones, self.last_epoch)) for base in self.base_lrs]


class ConstantLR(LRScheduler):
    display_name = "ConstantLR"
    settings = ("factor", "total_iters")

    def __init__(self, optimizer, factor=1.0 / 3, total_iters=5, last_epoch=-1):
        if factor > 1.0 or factor < 0:
            raise value_error("Constant multiplicative factor expected to be between 0 and 1.")
        self.factor, self.total_iters = _settings(factor=factor, total_iters=total_iters)
        LRScheduler.__init__(self, optimizer, last_epoch)

    def chained(self):
        if self.last_epoch == 0:
            return [lr * self.factor for lr in self.lrs()]
        if self.last_epoch != self.total_iters:
            return self.lrs()
        return [lr * (1.0 / self.factor) for lr in self.lrs()]

    def closed_form(self):
        return [base * (self.factor + (self.last_epoch >= self.total_iters) * (1 - self.factor))
                for base in self.base_lrs]


class LinearLR(LRScheduler):
    display_name = "LinearLR"
    settings = ("start_factor", "end_factor", "total_iters")

    def __init__(self, optimizer, start_factor=1.0 / 3, end_factor=1.0, total_iters=5, last_epoch=-1):
        if start_factor > 1.0 or start_factor <= 0:
            raise value_error("Starting multiplicative factor expected to be greater than 0 and less or equal to 1.")
        if end_factor > 1.0 or end_factor < 0:
            raise value_error("Ending multiplicative factor expected to be between 0 and 1.")
        self.start_factor, self.end_factor, self.total_iters = _settings(
            start_factor=start_factor, end_factor=end_factor, total_iters=total_iters)
        LRScheduler.__init__(self, optimizer, last_epoch)

    def chained(self):
        if self.last_epoch == 0:
            return [lr * self.start_factor for lr in self.lrs()]
        if self.initial or self.last_epoch > self.total_iters:
            return self.lrs()
        span = self.end_factor - self.start_factor
        return [lr * (1.0 + span / (self.total_iters * self.start_factor + (self.last_epoch - 1) * span))
                for lr in self.lrs()]

    def closed_form(self):
        return [base * (self.start_factor + (self.end_factor - self.start_factor)
                        * min(self.total_iters, self.last_epoch) / self.total_iters) for base in self.base_lrs]


class ExponentialLR(LRScheduler):
    display_name = "ExponentialLR"
    settings = ("gamma",)

    def __init__(self, optimizer, gamma, last_epoch=-1):
        (self.gamma,) = _settings(gamma=gamma)
        LRScheduler.__init__(self, optimizer, last_epoch)

    def chained(self):
        if self.initial:
            return self.lrs()
        return [lr * self.gamma for lr in self.lrs()]

    def closed_form(self):
        return [base * _power(self.gamma, self.last_epoch) for base in self.base_lrs]


class CosineAnnealingLR(LRScheduler):
    display_name = "CosineAnnealingLR"
    settings = ("T_max", "eta_min")

    def __init__(self, optimizer, T_max, eta_min=0.0, last_epoch=-1):
        self.T_max, self.eta_min = _settings(T_max=T_max, eta_min=eta_min)
        LRScheduler.__init__(self, optimizer, last_epoch)

    def chained(self):
        t, eta = self.T_max, self.eta_min
        if self.initial:
            return self.lrs()
        if self.step_count == 1 and self.last_epoch > 0:
            return [eta + (base - eta) * (1 + math.cos(self.last_epoch * math.pi / t)) / 2 for base in self.base_lrs]
        if (self.last_epoch - 1 - t) % (2 * t) == 0:
            return [lr + (base - eta) * (1 - math.cos(math.pi / t)) / 2 for base, lr in zip(self.base_lrs, self.lrs())]
        return [(1 + math.cos(math.pi * self.last_epoch / t)) / (1 + math.cos(math.pi * (self.last_epoch - 1) / t))
                * (lr - eta) + eta for lr in self.lrs()]

    def closed_form(self):
        return [self.eta_min + (base - self.eta_min) * (1 + math.cos(math.pi * self.last_epoch / self.T_max)) / 2
                for base in self.base_lrs]


class PolynomialLR(LRScheduler):
    display_name = "PolynomialLR"
    settings = ("total_iters", "power")

    def __init__(self, optimizer, total_iters=5, power=1.0, last_epoch=-1):
        self.total_iters, self.power = _settings(total_iters=total_iters, power=power)
        LRScheduler.__init__(self, optimizer, last_epoch)

    def chained(self):
        if self.initial or self.last_epoch > self.total_iters:
            return self.lrs()
        factor = ((1.0 - self.last_epoch / self.total_iters)
                  / (1.0 - (self.last_epoch - 1) / self.total_iters)) ** self.power
        return [lr * factor for lr in self.lrs()]

    def closed_form(self):
        return [base * (1.0 - min(self.total_iters, self.last_epoch) / self.total_iters) ** self.power
                for base in self.base_lrs]


def _format_param(name, optimizer, param) -> list:
    """One value per param group (PyTorch's _format_param): one given for
    all, or a list or tuple of as many."""
    groups = optimizer.param_groups
    if isinstance(param, (list, tuple)):
        if len(param) != len(groups):
            raise value_error(f"{name} must have the same length as optimizer.param_groups. {name} has "
                              f"{len(param)} values, param_groups has {len(groups)}.")
        return [_number(v, name) for v in param]
    return [_number(param, name)] * len(groups)


def _set_momentum(group, momentum, use_beta1):
    """A cycled momentum: the group's ``momentum``, or Adam's beta1."""
    if use_beta1:
        group["betas"] = (momentum, *group["betas"][1:])
    else:
        group["momentum"] = momentum


def _start_momentum(groups, highs, lows, use_beta1):
    """Momentum cycling starts at the top, and the groups keep both bounds."""
    for high, low, group in zip(highs, lows, groups):
        _set_momentum(group, high, use_beta1)
        group["max_momentum"] = high
        group["base_momentum"] = low


class OneCycleLR(LRScheduler):
    """The 1cycle policy: phases (end step, then the group keys of the start
    and end learning rate and momentum) annealed by cosine or linearly,
    PyTorch's ``get_lr`` step for step; with ``cycle_momentum`` each group's
    momentum (or Adam's beta1) moves against the learning rate."""
    display_name = "OneCycleLR"
    settings = ("total_steps", "cycle_momentum", "use_beta1")

    def __init__(self, optimizer, max_lr, total_steps=None, epochs=None, steps_per_epoch=None, pct_start=0.3,
                 anneal_strategy="cos", cycle_momentum=True, base_momentum=0.85, max_momentum=0.95,
                 div_factor=25.0, final_div_factor=1e4, three_phase=False, last_epoch=-1):
        if not isinstance(optimizer, Optimizer):
            raise type_error(f"{type_name(optimizer)} is not an Optimizer")
        if total_steps is not None:
            if type(_number(total_steps, "total_steps")) is float or total_steps <= 0:
                raise value_error(f"Expected positive integer total_steps, but got {total_steps}")
        elif epochs is not None and steps_per_epoch is not None:
            for what, v in (("epochs", epochs), ("steps_per_epoch", steps_per_epoch)):
                if type(_number(v, what)) is float or v <= 0:
                    raise value_error(f"Expected positive integer {what}, but got {v}")
            total_steps = epochs * steps_per_epoch
        else:
            raise value_error("You must define either total_steps OR (epochs AND steps_per_epoch)")
        self.total_steps = total_steps
        _number(pct_start, "pct_start")
        ends = ([float(pct_start * total_steps) - 1, float(2 * pct_start * total_steps) - 2, total_steps - 1]
                if three_phase else [float(pct_start * total_steps) - 1, total_steps - 1])
        keys = ([("initial_lr", "max_lr", "max_momentum", "base_momentum"),
                 ("max_lr", "initial_lr", "base_momentum", "max_momentum"),
                 ("initial_lr", "min_lr", "max_momentum", "max_momentum")] if three_phase else
                [("initial_lr", "max_lr", "max_momentum", "base_momentum"),
                 ("max_lr", "min_lr", "base_momentum", "max_momentum")])
        self.phases = [(end,) + k for end, k in zip(ends, keys)]
        if pct_start < 0 or pct_start > 1 or type(pct_start) is not float:
            raise value_error(f"Expected float between 0 and 1 pct_start, but got {pct_start}")
        if anneal_strategy not in ("cos", "linear"):
            raise value_error(f"anneal_strategy must be one of 'cos' or 'linear', instead got {anneal_strategy}")
        self.anneal_strategy = anneal_strategy
        max_lrs = _format_param("max_lr", optimizer, max_lr)
        _settings(div_factor=div_factor, final_div_factor=final_div_factor)
        groups = optimizer.param_groups
        if last_epoch == -1:
            for group, top in zip(groups, max_lrs):
                group["initial_lr"] = top / div_factor
                group["max_lr"] = top
                group["min_lr"] = group["initial_lr"] / final_div_factor
        self.cycle_momentum = cycle_momentum
        self.use_beta1 = "betas" in optimizer.defaults
        if cycle_momentum:
            if "momentum" not in optimizer.defaults and not self.use_beta1:
                raise value_error("optimizer must support momentum or beta1 with `cycle_momentum` option enabled")
            highs = _format_param("max_momentum", optimizer, max_momentum)
            lows = _format_param("base_momentum", optimizer, base_momentum)
            if last_epoch == -1:
                _start_momentum(groups, highs, lows, self.use_beta1)
        LRScheduler.__init__(self, optimizer, last_epoch)

    def _anneal(self, start, end, pct):
        if self.anneal_strategy == "cos":
            return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)
        return (end - start) * pct + start

    def chained(self):
        step = self.last_epoch
        if step > self.total_steps:
            raise value_error(f"Tried to step {step} times. The specified number of total steps is "
                              f"{self.total_steps}")
        lrs = []
        for group in self.optimizer.param_groups:
            start = 0.0
            for i, (end, lr0, lr1, m0, m1) in enumerate(self.phases):
                if step <= end or i == len(self.phases) - 1:
                    pct = (step - start) / (end - start)
                    lrs.append(self._anneal(group[lr0], group[lr1], pct))
                    momentum = self._anneal(group[m0], group[m1], pct) if self.cycle_momentum else None
                    break
                start = end
            if self.cycle_momentum:
                _set_momentum(group, momentum, self.use_beta1)
        return lrs


class ReduceLROnPlateau(LRScheduler):
    """Divides the learning rates by ``1 / factor`` when a metric has stopped
    improving for ``patience`` steps (``scheduler.step(val_loss)``)."""
    display_name = "ReduceLROnPlateau"
    common = ("optimizer", "last_epoch")
    settings = ("factor", "patience", "cooldown", "eps", "mode", "threshold", "threshold_mode", "min_lrs", "best",
                "num_bad_epochs", "cooldown_counter", "in_cooldown")

    def __init__(self, optimizer, mode="min", factor=0.1, patience=10, threshold=1e-4, threshold_mode="rel",
                 cooldown=0, min_lr=0, eps=1e-8):
        _settings(factor=factor, patience=patience, threshold=threshold, cooldown=cooldown, eps=eps)
        if factor >= 1.0:
            raise value_error("Factor should be < 1.0.")
        if not isinstance(optimizer, Optimizer):
            raise type_error(f"{type_name(optimizer)} is not an Optimizer")
        self.factor, self.optimizer = factor, optimizer
        groups = optimizer.param_groups
        if isinstance(min_lr, (list, tuple)):
            if len(min_lr) != len(groups):
                raise value_error(f"expected {len(groups)} min_lrs, got {len(min_lr)}")
            self.min_lrs = [_number(v, "min_lr") for v in min_lr]
        else:
            self.min_lrs = [_number(min_lr, "min_lr")] * len(groups)
        self.patience, self.cooldown, self.eps = patience, cooldown, eps
        self.last_epoch = 0
        self.last_lr = [group["lr"] for group in groups]
        for name, value, allowed in (("mode ", mode, ("min", "max")), ("threshold mode ", threshold_mode, ("rel", "abs"))):
            if type(value) is not str:
                raise type_error(f"{name.strip()} must be a str, not {type_name(value)}")
            if value not in allowed:
                raise value_error(f"{name}{value} is unknown!")
        self.mode, self.threshold, self.threshold_mode = mode, threshold, threshold_mode
        self.best = math.inf if mode == "min" else -math.inf
        self.cooldown_counter = self.num_bad_epochs = 0

    @property
    def in_cooldown(self):
        return self.cooldown_counter > 0

    def step(self, metrics, epoch=None):
        current = _metric(metrics)
        if epoch is None:
            epoch = self.last_epoch + 1
        else:
            CONTEXT.warning(_EPOCH_WARNING)
        self.last_epoch = epoch
        if self._is_better(current, self.best):
            self.best, self.num_bad_epochs = current, 0
        else:
            self.num_bad_epochs += 1
        if self.in_cooldown:
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0
        if self.num_bad_epochs > self.patience:
            for group, min_lr in zip(self.optimizer.param_groups, self.min_lrs):
                old = float(_number(group["lr"], "a param group's lr"))
                new = max(old * self.factor, min_lr)
                if old - new > self.eps:
                    group["lr"] = new
            self.cooldown_counter, self.num_bad_epochs = self.cooldown, 0
        self.last_lr = [group["lr"] for group in self.optimizer.param_groups]

    def _is_better(self, a, best):
        if self.mode == "min":
            return a < best * (1.0 - self.threshold) if self.threshold_mode == "rel" else a < best - self.threshold
        return a > best * (self.threshold + 1.0) if self.threshold_mode == "rel" else a > best + self.threshold


class CyclicLR(LRScheduler):
    """Cyclical learning rates: the rate climbs from ``base_lr`` to ``max_lr``
    in ``step_size_up`` steps and back in ``step_size_down``, its amplitude
    scaled per cycle (triangular, triangular2, a script's ``scale_fn``) or
    per step (exp_range); with ``cycle_momentum`` the momentum (or Adam's
    beta1) moves against it. PyTorch's ``get_lr`` step for step; it has no
    closed form, so ``step(epoch)`` runs ``get_lr`` at that epoch."""
    display_name = "CyclicLR"
    settings = ("max_lrs", "total_size", "step_ratio", "mode", "gamma", "scale_mode", "cycle_momentum",
                "use_beta1", "base_momentums", "max_momentums")

    def __init__(self, optimizer, base_lr, max_lr, step_size_up=2000, step_size_down=None, mode="triangular",
                 gamma=1.0, scale_fn=None, scale_mode="cycle", cycle_momentum=True, base_momentum=0.8,
                 max_momentum=0.9, last_epoch=-1):
        if not isinstance(optimizer, Optimizer):
            raise type_error(f"{type_name(optimizer)} is not an Optimizer")
        base_lrs = _format_param("base_lr", optimizer, base_lr)
        if last_epoch == -1:
            for lr, group in zip(base_lrs, optimizer.param_groups):
                group["lr"] = lr
        self.max_lrs = _format_param("max_lr", optimizer, max_lr)
        up = float(_number(step_size_up, "step_size_up"))
        down = float(_number(step_size_down, "step_size_down")) if step_size_down is not None else up
        self.total_size = up + down
        if self.total_size == 0:
            raise GradcliError("ZeroDivisionError", "float division by zero")
        self.step_ratio = up / self.total_size
        if mode not in ("triangular", "triangular2", "exp_range") and scale_fn is None:
            raise value_error("mode is invalid and scale_fn is None")
        self.mode, self.gamma = mode, gamma
        self.custom_scale = scale_fn
        self.scale_mode = scale_mode
        if scale_fn is None:
            if mode == "exp_range":
                _number(gamma, "gamma")
            self.scale_mode = "iterations" if mode == "exp_range" else "cycle"
        self.cycle_momentum = cycle_momentum
        if cycle_momentum:
            if "momentum" not in optimizer.defaults and "betas" not in optimizer.defaults:
                raise value_error("optimizer must support momentum or beta1 with `cycle_momentum` option enabled")
            self.use_beta1 = "betas" in optimizer.defaults
            self.base_momentums = _format_param("base_momentum", optimizer, base_momentum)
            self.max_momentums = _format_param("max_momentum", optimizer, max_momentum)
            if last_epoch == -1:
                _start_momentum(optimizer.param_groups, self.max_momentums, self.base_momentums, self.use_beta1)
        LRScheduler.__init__(self, optimizer, last_epoch)
        self.base_lrs = base_lrs            # NOTE: the constructor's step used the groups' initial_lr

    def attribute(self, name):
        if name == "use_beta1" and not self.cycle_momentum:
            raise GradcliError("AttributeError", f"'{self.display_name}' object has no attribute '{name}'")
        return LRScheduler.attribute(self, name)

    def scale_fn(self, x):
        if self.custom_scale is not None:
            return _number(CONTEXT.call(self.custom_scale, (x,)), "scale_fn's result")
        if self.mode == "triangular":
            return 1.0
        if self.mode == "triangular2":
            return 1 / (2.0 ** (x - 1))
        return _power(self.gamma, x)

    def chained(self):
        cycle = math.floor(1 + self.last_epoch / self.total_size)
        x = 1.0 + self.last_epoch / self.total_size - cycle
        scale_factor = x / self.step_ratio if x <= self.step_ratio else (x - 1) / (self.step_ratio - 1)
        at = cycle if self.scale_mode == "cycle" else self.last_epoch
        lrs = [base + (top - base) * scale_factor * self.scale_fn(at)
               for base, top in zip(self.base_lrs, self.max_lrs)]
        if self.cycle_momentum:
            momentums = [high - (high - low) * scale_factor * self.scale_fn(at)
                         for low, high in zip(self.base_momentums, self.max_momentums)]
            for group, momentum in zip(self.optimizer.param_groups, momentums):
                _set_momentum(group, momentum, self.use_beta1)
        return lrs


def _class_text(v) -> str:
    """``str(type(v))``."""
    if type(v) is Tensor:
        return "<class 'torch.Tensor'>"
    return f"<class '{getattr(v, 'class_path', type_name(v))}'>"


class CosineAnnealingWarmRestarts(LRScheduler):
    """SGDR: cosine annealing from each group's initial learning rate down to
    ``eta_min`` over ``T_i`` epochs, then a restart with ``T_i`` multiplied
    by ``T_mult``. Its own ``step``, as in PyTorch: no order or deprecation
    warning, and ``step(epoch)`` takes fractional epochs."""
    display_name = "CosineAnnealingWarmRestarts"
    settings = ("T_0", "T_i", "T_mult", "eta_min", "T_cur")

    def __init__(self, optimizer, T_0, T_mult=1, eta_min=0.0, last_epoch=-1):
        for what, v in (("T_0", T_0), ("T_mult", T_mult)):
            if type(v) not in (int, float, bool):
                raise type_error(f"'{'<=' if what == 'T_0' else '<'}' not supported between instances of "
                                 f"'{type_name(v)}' and 'int'")
        if T_0 <= 0 or type(T_0) not in (int, bool):
            raise value_error(f"Expected positive integer T_0, but got {python_format(T_0)}")
        if T_mult < 1 or type(T_mult) not in (int, bool):
            raise value_error(f"Expected integer T_mult >= 1, but got {python_format(T_mult)}")
        if type(eta_min) not in (int, float, bool):
            raise value_error(f"Expected float or int eta_min, but got {python_format(eta_min)} of type "
                              f"{_class_text(eta_min)}")
        self.T_0 = self.T_i = T_0
        self.T_mult, self.eta_min = T_mult, eta_min
        self.T_cur = last_epoch
        LRScheduler.__init__(self, optimizer, last_epoch)

    def chained(self):
        return [self.eta_min + (base - self.eta_min) * (1 + math.cos(math.pi * self.T_cur / self.T_i)) / 2
                for base in self.base_lrs]

    def step(self, epoch=None):
        if epoch is None and self.last_epoch < 0:
            epoch = 0
        with _python_errors(self):
            if epoch is None:
                epoch = self.last_epoch + 1
                self.T_cur = self.T_cur + 1
                if self.T_cur >= self.T_i:
                    self.T_cur = self.T_cur % self.T_i
                    self.T_i = self.T_i * self.T_mult
            else:
                if type(epoch) not in (int, float, bool):
                    raise type_error(f"'<' not supported between instances of '{type_name(epoch)}' and 'int'")
                if epoch < 0:
                    raise value_error(f"Expected non-negative epoch, but got {python_format(epoch)}")
                if epoch >= self.T_0:
                    if self.T_mult == 1:
                        self.T_cur = epoch % self.T_0
                    else:
                        n = int(math.log((epoch / self.T_0 * (self.T_mult - 1) + 1), self.T_mult))
                        self.T_cur = epoch - self.T_0 * (_power(self.T_mult, n) - 1) / (self.T_mult - 1)
                        self.T_i = self.T_0 * _power(self.T_mult, n)
                else:
                    self.T_i = self.T_0
                    self.T_cur = epoch
            self.last_epoch = math.floor(epoch)
            values = self.get_lr()
        self.set_lrs(values)


def _check_schedulers(owner: str, optimizer, schedulers):
    """SequentialLR's and ChainedScheduler's checks of their schedulers, PyTorch's texts."""
    for i, scheduler in enumerate(schedulers):
        if not isinstance(scheduler, LRScheduler):
            raise type_error(f"{owner} at index {i} should have `optimizer` as its attribute.")
        if isinstance(scheduler, ReduceLROnPlateau):
            raise value_error(f"{owner} does not support `ReduceLROnPlateau` scheduler as it requires additional "
                              f"kwargs to be specified when calling `step`, but got one at index {i} in the given "
                              "schedulers sequence.")
        if optimizer is not scheduler.optimizer:
            raise value_error(f"{owner} expects all schedulers to belong to the same optimizer, but got scheduler "
                              f"{scheduler.display_name} at index {i} has {scheduler.optimizer.text()}, which is "
                              f"different from {type_name(optimizer)}.")


def _scheduler_list(schedulers) -> list:
    items = listed(schedulers)
    if items is None:
        raise type_error(f"object of type '{type_name(schedulers)}' has no len()")
    return items


class SequentialLR(LRScheduler):
    """Hands the steps to one scheduler after another at the milestones; at
    a milestone the next one starts from epoch 0 (its closed form where it
    has one)."""
    display_name = "SequentialLR"
    common = ("optimizer", "last_epoch")

    def __init__(self, optimizer, schedulers, milestones, last_epoch=-1):
        from bisect import bisect_right         # here: it costs start-up time
        schedulers = _scheduler_list(schedulers)
        if len(schedulers) < 1:
            raise value_error("SequentialLR expects at least one scheduler, but got no scheduler.")
        _check_schedulers("SequentialLR", optimizer, schedulers)
        milestones = listed(milestones)
        if milestones is None:
            raise type_error(f"object of type '{type_name(milestones)}' has no len()")
        if len(milestones) != len(schedulers) - 1:
            raise value_error("Sequential Schedulers expects number of schedulers provided to be one more than the "
                              f"number of milestone points, but got number of schedulers {len(schedulers)} and the "
                              f"number of milestones to be equal to {len(milestones)}")
        for m in milestones:
            _number(m, "a milestone")
        self.schedulers, self.milestones = schedulers, milestones
        self.last_epoch = _number(last_epoch, "last_epoch") + 1
        self.optimizer = optimizer
        for group in optimizer.param_groups:
            group["lr"] = group["initial_lr"]
        # undo the step each scheduler (nested ones too) took when it was made
        pending = list(schedulers)
        while pending:
            s = pending.pop()
            if isinstance(s, (SequentialLR, ChainedScheduler)):
                pending.extend(s.schedulers)
            else:
                s.last_epoch -= 1
        first = schedulers[bisect_right(milestones, 0)]
        first.initial_step()
        self.last_lr = first.get_last_lr()

    def step(self):
        from bisect import bisect_right
        self.last_epoch += 1
        idx = bisect_right(self.milestones, self.last_epoch)
        scheduler = self.schedulers[idx]
        if idx > 0 and self.milestones[idx - 1] == self.last_epoch:
            scheduler.update_lr(0)
        else:
            scheduler.step()
        self.last_lr = scheduler.get_last_lr()

    def update_lr(self, epoch=None):
        raise GradcliError("NotImplementedError", "")

    def get_lr(self):
        raise GradcliError("NotImplementedError", "")


class ChainedScheduler(SequentialLR):
    """Steps every scheduler it holds at each step, so their factors multiply."""
    display_name = "ChainedScheduler"
    common = ("optimizer",)

    def __init__(self, schedulers, optimizer=None):
        schedulers = _scheduler_list(schedulers)
        if len(schedulers) < 1:
            raise value_error("ChainedScheduler expects at least one scheduler to be chained, but got no scheduler.")
        if optimizer is None:
            if not isinstance(schedulers[0], LRScheduler):
                raise GradcliError("AttributeError",
                                   f"'{type_name(schedulers[0])}' object has no attribute 'optimizer'")
            optimizer = schedulers[0].optimizer
        _check_schedulers("ChainedScheduler", optimizer, schedulers)
        self.schedulers, self.optimizer = schedulers, optimizer
        self.last_lr = [group["lr"] for group in schedulers[-1].optimizer.param_groups]

    def step(self):
        for scheduler in self.schedulers:
            scheduler.step()
        self.last_lr = [group["lr"] for group in self.schedulers[-1].optimizer.param_groups]


def _metric(v) -> float:
    """``float(metrics)``: a number, a one-element tensor, or a numeric string."""
    if type(v) is Tensor:
        if v.data.size != 1:
            raise value_error("only one element tensors can be converted to Python scalars")
        return float(v.data.reshape(-1)[0])
    if type(v) in (int, float, bool):
        return float(v)
    if type(v) is str:
        try:
            return float(v)
        except ValueError:
            raise value_error(f"could not convert string to float: {v!r}") from None
    raise type_error(f"float() argument must be a string or a real number, not '{type_name(v)}'")


SCHEDULERS = {cls.display_name: cls for cls in (LambdaLR, MultiplicativeLR, StepLR, MultiStepLR, ConstantLR,
                                                LinearLR, ExponentialLR, CosineAnnealingLR, ReduceLROnPlateau,
                                                OneCycleLR, PolynomialLR, CyclicLR, CosineAnnealingWarmRestarts,
                                                SequentialLR, ChainedScheduler)}
for _cls in (LRScheduler, *SCHEDULERS.values()):
    # each class's own step (ReduceLROnPlateau's takes the metric); it computes no get_lr
    _cls.methods = {name: getattr(_cls, name) for name in ("step", "get_last_lr", "get_lr")
                    if not (_cls is ReduceLROnPlateau and name == "get_lr")}
CyclicLR.methods["scale_fn"] = CyclicLR.scale_fn

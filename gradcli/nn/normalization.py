"""Normalisation modules: ``nn.LayerNorm``, ``nn.GroupNorm``, ``nn.BatchNorm1d``,
``nn.BatchNorm2d``, ``nn.BatchNorm3d``, ``nn.InstanceNorm1d`` and
``nn.InstanceNorm2d``. Each forward is the
``torch.nn.functional`` call PyTorch's module makes; each ``extra_repr``
is PyTorch's text."""
from __future__ import annotations

import numpy as np

from ..engine.tensor import Tensor
from ..errors import GradcliError
from ..ops import nn_init
from .layers import _check_size, _float_dtype, functional
from .module import Module, register_parameter


def _shape_tuple(shape) -> tuple:
    """``normalized_shape`` as the module keeps it: an int as a 1-tuple."""
    if isinstance(shape, int) and not isinstance(shape, bool):
        return (shape,)
    if isinstance(shape, (list, tuple)):
        return tuple(shape)
    from ..ops.operands import type_name
    raise GradcliError("TypeError", f"'{type_name(shape)}' object is not iterable")


def _empty(shape: tuple, dt) -> Tensor:
    """``torch.empty(shape)`` with its checks, as a parameter's storage."""
    _check_size(shape)
    if any(s < 0 for s in shape):
        neg = min(shape)
        raise GradcliError("RuntimeError", f"Trying to create tensor with negative dimension {neg}: "
                           f"[{', '.join(str(s) for s in shape)}]")
    return Tensor(np.empty(shape, dtype=dt.np), True)


def _affine(module, affine: bool, bias: bool, make):
    """Register ``weight`` and ``bias`` (``make()`` each, or None) as the norms do."""
    register_parameter(module, "weight", make() if affine else None)
    register_parameter(module, "bias", make() if affine and bias else None)


def _reset_affine(module, affine: bool):
    """``reset_parameters`` of the norms: weight ones, bias zeros."""
    if affine:
        nn_init.ones_(module.parameters_["weight"])
        if module.parameters_["bias"] is not None:
            nn_init.zeros_(module.parameters_["bias"])


class LayerNorm(Module):
    display_name = "LayerNorm"
    class_path = "torch.nn.modules.normalization.LayerNorm"

    def __init__(self, normalized_shape, eps=1e-5, elementwise_affine=True, bias=True, device=None, dtype=None):
        super().__init__()
        shape = _shape_tuple(normalized_shape)
        self.config.update(normalized_shape=shape, eps=eps, elementwise_affine=elementwise_affine)
        dt = _float_dtype(dtype)
        _affine(self, elementwise_affine, bias, lambda: _empty(shape, dt))
        self.reset_parameters()

    def reset_parameters(self):
        _reset_affine(self, self.config["elementwise_affine"])

    def forward(self, input):
        c = self.config
        return functional("layer_norm")(input, c["normalized_shape"], self.parameters_["weight"],
                                        self.parameters_["bias"], c["eps"])

    def extra_repr(self):
        c = self.config
        return (f"{c['normalized_shape']!r}, eps={c['eps']}, elementwise_affine={c['elementwise_affine']}, "
                f"bias={self.parameters_['bias'] is not None}")


class GroupNorm(Module):
    display_name = "GroupNorm"
    class_path = "torch.nn.modules.normalization.GroupNorm"

    def __init__(self, num_groups, num_channels, eps=1e-5, affine=True, device=None, dtype=None, *, bias=True):
        super().__init__()
        if num_channels % num_groups != 0:
            raise GradcliError("ValueError", f"num_channels ({num_channels}) must be divisible by num_groups "
                               f"({num_groups})")
        self.config.update(num_groups=num_groups, num_channels=num_channels, eps=eps, affine=affine)
        dt = _float_dtype(dtype)
        _affine(self, affine, bias, lambda: _feature_tensor(None, num_channels, dt, "empty", True))
        self.reset_parameters()

    def reset_parameters(self):
        _reset_affine(self, self.config["affine"])

    def forward(self, input):
        c = self.config
        return functional("group_norm")(input, c["num_groups"], self.parameters_["weight"], self.parameters_["bias"],
                                        c["eps"])

    def extra_repr(self):
        c = self.config
        return (f"{c['num_groups']}, {c['num_channels']}, eps={c['eps']}, affine={c['affine']}, "
                f"bias={self.parameters_['bias'] is not None}")


def _feature_tensor(fill, n, dt, fn: str, requires_grad=False) -> Tensor:
    """``torch.zeros(n)``/``ones(n)``/``empty(n)`` of a module's per-feature state, with their checks."""
    if not isinstance(n, int) or isinstance(n, bool):
        from ..ops.operands import type_name
        raise GradcliError("TypeError", f"{fn}(): argument 'size' (position 1) must be tuple of ints, not "
                           f"{type_name(n)}")
    if n < 0:
        raise GradcliError("RuntimeError", f"Trying to create tensor with negative dimension {n}: [{n}]")
    return Tensor(np.full((n,), fill, dtype=dt.np) if fill is not None else np.empty((n,), dtype=dt.np),
                  requires_grad)


class _BatchNorm(Module):
    """The batch norms: per-feature weight and bias, running statistics as
    buffers (``running_mean``, ``running_var``, ``num_batches_tracked``)."""
    input_dims: tuple = ()
    dims_text = ""

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, device=None,
                 dtype=None, *, bias=True):
        super().__init__()
        dt = _float_dtype(dtype)
        self.config.update(num_features=num_features, eps=eps, momentum=momentum, affine=affine,
                           track_running_stats=track_running_stats)
        _affine(self, affine, bias, lambda: _feature_tensor(None, num_features, dt, "empty", True))
        if track_running_stats:
            self.buffers_["running_mean"] = _feature_tensor(0, num_features, dt, "zeros")
            self.buffers_["running_var"] = _feature_tensor(1, num_features, dt, "ones")
            self.buffers_["num_batches_tracked"] = Tensor(np.array(0, dtype=np.int64))
        else:
            self.buffers_.update(running_mean=None, running_var=None, num_batches_tracked=None)
        self.reset_parameters()

    def reset_parameters(self):
        _reset_affine(self, self.config["affine"])

    def forward(self, input):
        c, buffers = self.config, self.buffers_
        if type(input) is not Tensor:
            from ..ops.operands import type_name
            raise GradcliError("AttributeError", f"'{type_name(input)}' object has no attribute 'dim'")
        if input.data.ndim not in self.input_dims:
            raise GradcliError("ValueError", f"expected {self.dims_text} input (got {input.data.ndim}D input)")
        momentum = c["momentum"]
        factor = 0.0 if momentum is None else momentum
        tracked = buffers.get("num_batches_tracked")
        if self.training and c["track_running_stats"] and tracked is not None:
            tracked.data[...] += 1
            tracked.bump_version()
            factor = 1.0 / float(tracked.data) if momentum is None else momentum
        running_mean, running_var = buffers.get("running_mean"), buffers.get("running_var")
        bn_training = True if self.training else running_mean is None and running_var is None
        use_running = not self.training or c["track_running_stats"]
        return functional("batch_norm")(input, running_mean if use_running else None,
                                        running_var if use_running else None, self.parameters_["weight"],
                                        self.parameters_["bias"], bn_training, factor, c["eps"])

    def extra_repr(self):
        c = self.config
        return (f"{c['num_features']}, eps={c['eps']}, momentum={c['momentum']}, affine={c['affine']}, "
                f"bias={self.parameters_['bias'] is not None}, track_running_stats={c['track_running_stats']}")


def _reset_running_stats(self):
    if self.config["track_running_stats"]:
        for name, value in (("running_mean", 0), ("running_var", 1), ("num_batches_tracked", 0)):
            t = self.buffers_[name]
            t.data[...] = value
            t.bump_version()


_BatchNorm.methods = dict(Module.methods, reset_running_stats=_reset_running_stats,
                          reset_parameters=lambda self: (_reset_running_stats(self), self.reset_parameters())[1])


class _InstanceNorm(_BatchNorm):
    """The instance norms: BatchNorm's state (no affine parameters nor
    running statistics by default); forward ``F.instance_norm``, an input
    without a batch dim unsqueezed to a batch of one."""

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=False, track_running_stats=False, device=None,
                 dtype=None, *, bias=True):
        super().__init__(num_features, eps, momentum, affine, track_running_stats, device, dtype, bias=bias)

    def forward(self, input):
        c = self.config
        if type(input) is not Tensor:
            from ..ops.operands import type_name
            raise GradcliError("AttributeError", f"'{type_name(input)}' object has no attribute 'dim'")
        nd = input.data.ndim
        if nd not in self.input_dims:
            raise GradcliError("ValueError", f"expected {self.dims_text} input (got {nd}D input)")
        no_batch = self.input_dims[0]
        feature_dim = nd - no_batch
        if input.shape[feature_dim] != c["num_features"]:
            if c["affine"]:
                raise GradcliError("ValueError", f"expected input's size at dim={feature_dim} to match num_features "
                                   f"({c['num_features']}), but got: {input.shape[feature_dim]}.")
            from ..engine.context import CONTEXT
            CONTEXT.warning(f"input's size at dim={feature_dim} does not match num_features. You can silence this "
                            "warning by not passing in num_features, which is not used because affine=False")
        from ..ops import shape
        if nd == no_batch:
            return shape.squeeze(self._normalise(shape.unsqueeze(input, 0)), 0)
        return self._normalise(input)

    def _normalise(self, input):
        c, buffers = self.config, self.buffers_
        momentum = c["momentum"] if c["momentum"] is not None else 0.0
        return functional("instance_norm")(input, buffers.get("running_mean"), buffers.get("running_var"),
                                           self.parameters_["weight"], self.parameters_["bias"],
                                           self.training or not c["track_running_stats"], momentum, c["eps"])


def _norm_class(base, name: str, file: str, dims: tuple):
    """A batch or instance norm class of ``base`` taking input of ``dims`` dims."""
    text = " or ".join(f"{d}D" for d in dims)
    return type(name, (base,), {"display_name": name, "class_path": f"torch.nn.modules.{file}.{name}",
                                "input_dims": dims, "dims_text": text})


NORM_CLASSES = {"LayerNorm": LayerNorm, "GroupNorm": GroupNorm}
NORM_CLASSES.update({f"BatchNorm{n}d": _norm_class(_BatchNorm, f"BatchNorm{n}d", "batchnorm", dims)
                     for n, dims in ((1, (2, 3)), (2, (4,)), (3, (5,)))})
NORM_CLASSES.update({f"InstanceNorm{n}d": _norm_class(_InstanceNorm, f"InstanceNorm{n}d", "instancenorm", dims)
                     for n, dims in ((1, (2, 3)), (2, (3, 4)))})

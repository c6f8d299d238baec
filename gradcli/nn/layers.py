"""The ``nn`` modules scripts build models from: layers, activations,
containers and losses. Each forward is the ``torch.nn.functional`` call
PyTorch's module makes, so values and grad_fn names are the functional
op's; each ``extra_repr`` is PyTorch's text."""
from __future__ import annotations

import math
import types

import numpy as np

from ..engine import dtypes as D
from ..engine.tensor import Size, Tensor
from ..errors import GradcliError, type_error, value_error
from ..ops import names, nn_init
from ..ops.losses import legacy_reduction
from ..ops.operands import type_name
from .module import Module, _add_module, add_indent, register_parameter
from .objects import Method, listed


def functional(name: str):
    """``torch.nn.functional.<name>`` from the op tables."""
    fn = names.FUNCTIONAL.get(name)
    if fn is None:
        raise GradcliError("NotImplementedError", f"torch.nn.functional.{name} is not available in gradcli yet")
    return fn


def _check_size(size: tuple):
    """torch.empty(size)'s check of a shape made of Python ints (its two
    wordings: for the first element, and for a later one)."""
    for pos, v in enumerate(size):
        if (not isinstance(v, int) or isinstance(v, bool)) and pos == 0:
            raise type_error(f"empty(): argument 'size' (position 1) must be tuple of ints, but found element of "
                             f"type {type_name(v)} at pos 0")
        if not isinstance(v, int) or isinstance(v, bool):
            raise type_error(f"empty(): argument 'size' failed to unpack the object at pos {pos + 1} with error "
                             f"\"type must be tuple of ints,but got {type_name(v)}\"")


def _float_dtype(dtype):
    if dtype is None:
        return D.DEFAULT_FLOAT
    if not isinstance(dtype, D.DType):
        raise type_error(f"dtype must be a torch.dtype, not {type_name(dtype)}")
    return dtype


# ***** layers *****

class Linear(Module):
    display_name = "Linear"
    class_path = "torch.nn.modules.linear.Linear"

    def __init__(self, in_features, out_features, bias=True, device=None, dtype=None):
        super().__init__()
        _check_size((out_features, in_features))
        if in_features < 0 or out_features < 0:
            raise GradcliError("RuntimeError", "Trying to create tensor with negative dimension "
                               f"{min(in_features, out_features)}: [{out_features}, {in_features}]")
        dt = _float_dtype(dtype)
        self.config.update(in_features=in_features, out_features=out_features)
        register_parameter(self, "weight", Tensor(np.empty((out_features, in_features), dtype=dt.np), True))
        register_parameter(self, "bias", Tensor(np.empty((out_features,), dtype=dt.np), True) if bias else None)
        self.reset_parameters()

    def reset_parameters(self):
        weight, bias = self.parameters_["weight"], self.parameters_["bias"]
        # NOTE: PyTorch's reset_parameters: kaiming_uniform_(weight, a=sqrt(5)),
        # then the bias uniform in ±1/sqrt(fan_in) — drawn in that order.
        nn_init.kaiming_uniform_(weight, a=math.sqrt(5))
        if bias is not None:
            fan_in, _ = nn_init.fan_in_and_fan_out(weight)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            nn_init.uniform_(bias, -bound, bound)

    def forward(self, input):
        return functional("linear")(input, self.parameters_["weight"], self.parameters_["bias"])

    def extra_repr(self):
        c = self.config
        return (f"in_features={c['in_features']}, out_features={c['out_features']}, "
                f"bias={self.parameters_.get('bias') is not None}")


class Embedding(Module):
    display_name = "Embedding"
    class_path = "torch.nn.modules.sparse.Embedding"

    def __init__(self, num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0,
                 scale_grad_by_freq=False, sparse=False, _weight=None, _freeze=False, device=None, dtype=None):
        super().__init__()
        _check_size((num_embeddings, embedding_dim))
        if padding_idx is not None:
            if not -num_embeddings <= padding_idx < num_embeddings:
                raise GradcliError("AssertionError", "Padding_idx must be within num_embeddings")
            padding_idx %= num_embeddings
        if max_norm is not None or scale_grad_by_freq or sparse or _weight is not None:
            raise GradcliError("NotImplementedError", "gradcli does not support Embedding's max_norm, "
                               "scale_grad_by_freq, sparse or _weight yet")
        dt = _float_dtype(dtype)
        self.config.update(num_embeddings=num_embeddings, embedding_dim=embedding_dim, padding_idx=padding_idx)
        register_parameter(self, "weight", Tensor(np.empty((num_embeddings, embedding_dim), dtype=dt.np),
                                                  not _freeze))
        self.reset_parameters()

    def reset_parameters(self):
        # NOTE: PyTorch's: normal_(weight), then the padding row zeroed
        weight = self.parameters_["weight"]
        nn_init.normal_(weight)
        if self.config["padding_idx"] is not None:
            weight.data[self.config["padding_idx"]] = 0

    def forward(self, input):
        return functional("embedding")(input, self.parameters_["weight"], self.config["padding_idx"])

    def extra_repr(self):
        c = self.config
        text = f"{c['num_embeddings']}, {c['embedding_dim']}"
        return text + (f", padding_idx={c['padding_idx']}" if c["padding_idx"] is not None else "")


class Identity(Module):
    display_name = "Identity"
    class_path = "torch.nn.modules.linear.Identity"

    def __init__(self, *args, **kwargs):
        super().__init__()

    def forward(self, input):
        return input


class Flatten(Module):
    display_name = "Flatten"
    class_path = "torch.nn.modules.flatten.Flatten"

    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        self.config.update(start_dim=start_dim, end_dim=end_dim)

    def forward(self, input):
        return names.TORCH["flatten"](input, self.config["start_dim"], self.config["end_dim"])

    def extra_repr(self):
        return f"start_dim={self.config['start_dim']}, end_dim={self.config['end_dim']}"


class Unflatten(Module):
    display_name = "Unflatten"
    class_path = "torch.nn.modules.flatten.Unflatten"

    def __init__(self, dim, unflattened_size):
        super().__init__()
        if not isinstance(unflattened_size, (tuple, list)):
            raise type_error(f"unflattened_size must be a tuple of ints, but found type {type_name(unflattened_size)}")
        for idx, elem in enumerate(unflattened_size):
            if not isinstance(elem, int):
                raise type_error(f"unflattened_size must be tuple of ints, but found element of type "
                                 f"{type_name(elem)} at pos {idx}")
        self.config.update(dim=dim, unflattened_size=unflattened_size)

    def forward(self, input):
        return names.TORCH["unflatten"](input, self.config["dim"], self.config["unflattened_size"])

    def extra_repr(self):
        return f"dim={self.config['dim']}, unflattened_size={_text(self.config['unflattened_size'])}"


def _text(value) -> str:
    """An attribute as PyTorch's f-string shows it: a Size as ``torch.Size([2, 3])``."""
    if isinstance(value, Size):
        return f"torch.Size({list(value)!r})"
    return repr(value)


class PReLU(Module):
    display_name = "PReLU"
    class_path = "torch.nn.modules.activation.PReLU"

    def __init__(self, num_parameters=1, init=0.25, device=None, dtype=None):
        super().__init__()
        self.config.update(num_parameters=num_parameters, init=init)
        dt = _float_dtype(dtype)
        _check_size((num_parameters,))
        if num_parameters < 0:
            raise GradcliError("RuntimeError", f"Trying to create tensor with negative dimension {num_parameters}: "
                               f"[{num_parameters}]")
        register_parameter(self, "weight", Tensor(np.empty((num_parameters,), dtype=dt.np), True))
        self.reset_parameters()

    def reset_parameters(self):
        nn_init.constant_(self.parameters_["weight"], self.config["init"])

    def forward(self, input):
        return functional("prelu")(input, self.parameters_["weight"])

    def extra_repr(self):
        return f"num_parameters={self.config['num_parameters']}"


class Softmax2d(Module):
    display_name = "Softmax2d"
    class_path = "torch.nn.modules.activation.Softmax2d"

    def forward(self, input):
        if type(input) is not Tensor:
            raise GradcliError("AttributeError", f"'{type_name(input)}' object has no attribute 'dim'")
        if input.data.ndim not in (3, 4):
            raise value_error(f"Softmax2d: expected input to be 3D or 4D, got {input.data.ndim}D instead")
        return functional("softmax")(input, -3)


class Dropout(Module):
    display_name = "Dropout"
    class_path = "torch.nn.modules.dropout.Dropout"
    function = "dropout"

    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        if not isinstance(p, (int, float)) or isinstance(p, bool) or p < 0 or p > 1:
            raise value_error(f"dropout probability has to be between 0 and 1, but got {p}")
        self.config.update(p=p, inplace=inplace)

    def forward(self, input):
        return functional(self.function)(input, self.config["p"], self.training, self.config["inplace"])

    def extra_repr(self):
        return f"p={self.config['p']}, inplace={self.config['inplace']}"


def _dropout_class(name: str):
    """``nn.Dropout1d``/``nn.Dropout2d``: Dropout's arguments and repr, forward ``F.dropout1d``/``F.dropout2d``."""
    return type(name, (Dropout,), {"display_name": name, "class_path": f"torch.nn.modules.dropout.{name}",
                                   "function": name.lower()})


# ***** activations: (name, F function, constructor arguments with defaults, repr) *****

def _repr_inplace(c):
    return "inplace=True" if c["inplace"] else ""


def _repr_alpha(c):
    return f"alpha={c['alpha']}" + (", inplace=True" if c["inplace"] else "")


def _repr_slope(c):
    return f"negative_slope={c['negative_slope']}" + (", inplace=True" if c["inplace"] else "")


ACTIVATIONS = {
    "ReLU": ("relu", (("inplace", False),), _repr_inplace, "activation"),
    "Tanh": ("tanh", (), None, "activation"),
    "Sigmoid": ("sigmoid", (), None, "activation"),
    "Softmax": ("softmax", (("dim", None),), lambda c: f"dim={c['dim']}", "activation"),
    "LogSoftmax": ("log_softmax", (("dim", None),), lambda c: f"dim={c['dim']}", "activation"),
    "LeakyReLU": ("leaky_relu", (("negative_slope", 0.01), ("inplace", False)), _repr_slope, "activation"),
    "GELU": ("gelu", (("approximate", "none"),), lambda c: f"approximate={c['approximate']!r}", "activation"),
    "ELU": ("elu", (("alpha", 1.0), ("inplace", False)), _repr_alpha, "activation"),
    "SiLU": ("silu", (("inplace", False),), _repr_inplace, "activation"),
    "Softplus": ("softplus", (("beta", 1.0), ("threshold", 20.0)),
                 lambda c: f"beta={c['beta']}, threshold={c['threshold']}", "activation"),
    "Hardtanh": ("hardtanh", (("min_val", -1.0), ("max_val", 1.0), ("inplace", False)),
                 lambda c: f"min_val={c['min_val']}, max_val={c['max_val']}" + (", inplace=True" if c["inplace"] else ""),
                 "activation"),
    "ReLU6": ("relu6", (("inplace", False),), _repr_inplace, "activation"),
    "LogSigmoid": ("logsigmoid", (), None, "activation"),
    "SELU": ("selu", (("inplace", False),), _repr_inplace, "activation"),
    "CELU": ("celu", (("alpha", 1.0), ("inplace", False)), _repr_alpha, "activation"),
    # NOTE: Hardswish and Hardsigmoid show no inplace=True in their reprs
    "Hardswish": ("hardswish", (("inplace", False),), None, "activation"),
    "Hardsigmoid": ("hardsigmoid", (("inplace", False),), None, "activation"),
    "Mish": ("mish", (("inplace", False),), _repr_inplace, "activation"),
    "Softsign": ("softsign", (), None, "activation"),
    "Tanhshrink": ("tanhshrink", (), None, "activation"),
}


class Activation(Module):
    """A module whose forward is one F function of its input and its arguments."""
    spec: tuple = ()

    def __init__(self, *args, **kwargs):
        super().__init__()
        names = self.spec[1]
        self.config.update(bind_arguments(self.display_name, names, args, kwargs))

    def forward(self, input):
        fn_name, names = self.spec[0], self.spec[1]
        return functional(fn_name)(input, **{k: self.config[k] for k, _ in names})

    def extra_repr(self):
        r = self.spec[2]
        return r(self.config) if r is not None else ""


def bind_arguments(owner: str, names: tuple, args: tuple, kwargs: dict, positional: int | None = None,
                   required: int = 0) -> dict:
    """Python's binding of ``args``/``kwargs`` to ``names`` (with defaults),
    the first ``positional`` of them (default: all) by position too, the
    first ``required`` of them without a default, with Python's wording
    for the mistakes."""
    limit = len(names) if positional is None else positional
    if len(args) > limit:
        takes = "1 positional argument" if limit == 0 else f"from {required + 1} to {limit + 1} positional arguments"
        raise type_error(f"{owner}.__init__() takes {takes} but {len(args) + 1} were given")
    out = {k: d for k, d in names}
    for (k, _), v in zip(names, args):
        out[k] = v
    given = {k for k, _ in names[:len(args)]}
    for k, v in kwargs.items():
        if k not in out:
            raise type_error(f"{owner}.__init__() got an unexpected keyword argument '{k}'")
        if k in given:
            raise type_error(f"{owner}.__init__() got multiple values for argument '{k}'")
        out[k] = v
    return out


# ***** pooling: (F function, constructor arguments with defaults, repr) *****

def _repr_max_pool(c):
    return (f"kernel_size={c['kernel_size']}, stride={c['stride']}, padding={c['padding']}, "
            f"dilation={c['dilation']}, ceil_mode={c['ceil_mode']}")


def _repr_avg_pool(c):
    return f"kernel_size={c['kernel_size']}, stride={c['stride']}, padding={c['padding']}"


def _repr_lp_pool(c):
    return (f"norm_type={c['norm_type']}, kernel_size={c['kernel_size']}, stride={c['stride']}, "
            f"ceil_mode={c['ceil_mode']}")


def _repr_output_size(c):
    return f"output_size={c['output_size']}"


_MAX_POOL = (("kernel_size", None), ("stride", None), ("padding", 0), ("dilation", 1), ("return_indices", False),
             ("ceil_mode", False))
_ADAPTIVE_MAX = (("output_size", None), ("return_indices", False))
POOLS = {
    "MaxPool1d": ("max_pool1d", _MAX_POOL, _repr_max_pool, "pooling"),
    "MaxPool2d": ("max_pool2d", _MAX_POOL, _repr_max_pool, "pooling"),
    "AvgPool1d": ("avg_pool1d", (("kernel_size", None), ("stride", None), ("padding", 0), ("ceil_mode", False),
                                 ("count_include_pad", True)), _repr_avg_pool, "pooling"),
    "AvgPool2d": ("avg_pool2d", (("kernel_size", None), ("stride", None), ("padding", 0), ("ceil_mode", False),
                                 ("count_include_pad", True), ("divisor_override", None)), _repr_avg_pool, "pooling"),
    "AdaptiveAvgPool1d": ("adaptive_avg_pool1d", (("output_size", None),), _repr_output_size, "pooling"),
    "AdaptiveAvgPool2d": ("adaptive_avg_pool2d", (("output_size", None),), _repr_output_size, "pooling"),
    "AdaptiveMaxPool1d": ("adaptive_max_pool1d", _ADAPTIVE_MAX, _repr_output_size, "pooling"),
    "AdaptiveMaxPool2d": ("adaptive_max_pool2d", _ADAPTIVE_MAX, _repr_output_size, "pooling"),
    "MaxPool3d": ("max_pool3d", _MAX_POOL, _repr_max_pool, "pooling"),
    "AvgPool3d": ("avg_pool3d", (("kernel_size", None), ("stride", None), ("padding", 0), ("ceil_mode", False),
                                 ("count_include_pad", True), ("divisor_override", None)), _repr_avg_pool, "pooling"),
    "AdaptiveAvgPool3d": ("adaptive_avg_pool3d", (("output_size", None),), _repr_output_size, "pooling"),
    "AdaptiveMaxPool3d": ("adaptive_max_pool3d", _ADAPTIVE_MAX, _repr_output_size, "pooling"),
}
POOLS.update({f"LPPool{n}d": (f"lp_pool{n}d", (("norm_type", None), ("kernel_size", None), ("stride", None),
                                              ("ceil_mode", False)), _repr_lp_pool, "pooling") for n in (1, 2, 3)})
# NOTE: MaxUnpool's forward takes the indices and an output size too (MaxUnpool below)
UNPOOLS = {f"MaxUnpool{n}d": (f"max_unpool{n}d", (("kernel_size", None), ("stride", None), ("padding", 0)),
                              _repr_avg_pool, "pooling") for n in (1, 2, 3)}


def _single(v):
    """PyTorch's ``_single``: a sequence as a tuple, anything else as a 1-tuple."""
    return tuple(v) if isinstance(v, (list, tuple)) else (v,)


class Pool(Activation):
    """A pooling module: its F function of the input and its arguments;
    the stride defaults to the kernel size, as PyTorch's modules keep it
    (LPPool keeps None, MaxUnpool keeps tuples)."""

    def __init__(self, *args, **kwargs):
        Module.__init__(self)
        # NOTE: PyTorch's max, adaptive and lp pooling modules take their arguments in a shared base class
        owner = self.display_name
        for prefix, base in (("MaxPool", "_MaxPoolNd"), ("AdaptiveAvgPool", "_AdaptiveAvgPoolNd"),
                             ("AdaptiveMaxPool", "_AdaptiveMaxPoolNd"), ("LPPool", "_LPPoolNd")):
            if owner.startswith(prefix):
                owner = base
        required = 2 if owner == "_LPPoolNd" else 1
        self.config.update(bind_arguments(owner, self.spec[1], args, kwargs, required=required))
        c = self.config
        missing = [k for k, _ in self.spec[1][len(args):required] if k not in kwargs]
        if missing:
            s = "s" if len(missing) > 1 else ""
            raise type_error(f"{owner}.__init__() missing {len(missing)} required positional argument{s}: "
                             + " and ".join(f"'{k}'" for k in missing))
        if owner.startswith("MaxUnpool"):
            n = int(owner[-2])
            c["kernel_size"], c["padding"] = _ntuple(c["kernel_size"], n), _ntuple(c["padding"], n)
            c["stride"] = c["kernel_size"] if c["stride"] is None else _ntuple(c["stride"], n)
        elif "stride" in c and c["stride"] is None and owner != "_LPPoolNd":
            c["stride"] = c["kernel_size"]
        if self.display_name == "AvgPool1d":
            for k in ("kernel_size", "stride", "padding"):
                c[k] = _single(c[k])


    def forward(self, input):
        # NOTE: PyTorch's average and lp pooling modules hand their arguments to F by position, the lp
        # modules their norm_type as a float
        fn_name, names = self.spec[0], self.spec[1]
        values = [self.config[k] for k, _ in names]
        if fn_name.startswith("lp_pool"):
            values[0] = _as_float(values[0])
        elif not fn_name.startswith("avg_pool"):
            return Activation.forward(self, input)
        return functional(fn_name)(input, *values)


def _as_float(v):
    """Python's ``float(v)`` of a number or a string."""
    if isinstance(v, str):
        try:
            return float(v)
        except ValueError:
            raise value_error(f"could not convert string to float: {v!r}") from None
    return float(v)


def _ntuple(v, n):
    return tuple(v) if isinstance(v, (list, tuple)) else (v,) * n


class MaxUnpool(Pool):
    """nn.MaxUnpool1d/2d/3d: F.max_unpool of the input and the pooling's indices."""

    def forward(self, input, indices, output_size=None):
        c = self.config
        return functional(self.spec[0])(input, indices, c["kernel_size"], c["stride"], c["padding"], output_size)


# ***** losses *****

LOSSES = {
    # name: (F function, extra arguments with defaults, which go to F, class module)
    "MSELoss": ("mse_loss", (), "loss"),
    "L1Loss": ("l1_loss", (), "loss"),
    "CrossEntropyLoss": ("cross_entropy", (("weight", None), ("ignore_index", -100),
                                           ("label_smoothing", 0.0)), "loss"),
    "NLLLoss": ("nll_loss", (("weight", None), ("ignore_index", -100)), "loss"),
    "BCELoss": ("binary_cross_entropy", (("weight", None),), "loss"),
    "BCEWithLogitsLoss": ("binary_cross_entropy_with_logits", (("weight", None), ("pos_weight", None)), "loss"),
    "SmoothL1Loss": ("smooth_l1_loss", (("beta", 1.0),), "loss"),
    "HuberLoss": ("huber_loss", (("delta", 1.0),), "loss"),
    "KLDivLoss": ("kl_div", (("log_target", False),), "loss"),
    "PoissonNLLLoss": ("poisson_nll_loss", (("log_input", True), ("full", False), ("eps", 1e-8)), "loss"),
    "HingeEmbeddingLoss": ("hinge_embedding_loss", (("margin", 1.0),), "loss"),
    "MarginRankingLoss": ("margin_ranking_loss", (("margin", 0.0),), "loss"),
    "GaussianNLLLoss": ("gaussian_nll_loss", (("full", False), ("eps", 1e-6)), "loss"),
    "SoftMarginLoss": ("soft_margin_loss", (), "loss"),
    "MultiLabelSoftMarginLoss": ("multilabel_soft_margin_loss", (("weight", None),), "loss"),
    "CosineEmbeddingLoss": ("cosine_embedding_loss", (("margin", 0.0),), "loss"),
    "TripletMarginLoss": ("triplet_margin_loss", (("margin", 1.0), ("p", 2.0), ("eps", 1e-6), ("swap", False)),
                          "loss"),
}


# Each loss module's __init__ parameters in order ("*": the rest by keyword only)
LOSS_PARAMETERS = {
    "CrossEntropyLoss": ("weight", "size_average", "ignore_index", "reduce", "reduction", "label_smoothing"),
    "NLLLoss": ("weight", "size_average", "ignore_index", "reduce", "reduction"),
    "BCELoss": ("weight", "size_average", "reduce", "reduction"),
    "BCEWithLogitsLoss": ("weight", "size_average", "reduce", "reduction", "pos_weight"),
    "SmoothL1Loss": ("size_average", "reduce", "reduction", "beta"),
    "HuberLoss": ("reduction", "delta"),
    "KLDivLoss": ("size_average", "reduce", "reduction", "log_target"),
    "PoissonNLLLoss": ("log_input", "full", "size_average", "eps", "reduce", "reduction"),
    "HingeEmbeddingLoss": ("margin", "size_average", "reduce", "reduction"),
    "MarginRankingLoss": ("margin", "size_average", "reduce", "reduction"),
    "GaussianNLLLoss": ("*", "full", "eps", "reduction"),
    "MultiLabelSoftMarginLoss": ("weight", "size_average", "reduce", "reduction"),
    "CosineEmbeddingLoss": ("margin", "size_average", "reduce", "reduction"),
    "TripletMarginLoss": ("margin", "p", "eps", "swap", "size_average", "reduce", "reduction"),
}


class Loss(Module):
    spec: tuple = ()

    def __init__(self, *args, **kwargs):
        super().__init__()
        names = self.spec[1]
        order = LOSS_PARAMETERS.get(self.display_name, ("size_average", "reduce", "reduction"))
        positional = order.index("*") if "*" in order else None
        order = tuple(k for k in order if k != "*")
        defaults = dict(names)
        defaults.update(size_average=None, reduce=None, reduction="mean")
        bound = bind_arguments(self.display_name, tuple((k, defaults[k]) for k in order), args, kwargs, positional)
        if bound.get("size_average") is not None or bound.get("reduce") is not None:
            bound["reduction"] = legacy_reduction(bound.get("size_average"), bound.get("reduce"))
        for k in ("weight", "pos_weight"):
            if k in bound:
                self.config[k] = bound.pop(k)   # PyTorch keeps these as buffers
        self.config.update({k: v for k, v in bound.items() if k not in ("size_average", "reduce")})

    def forward(self, input, target):
        return self.loss(input, target)

    def loss(self, *inputs):
        fn_name, names = self.spec[0], self.spec[1]
        extra = {k: self.config[k] for k, _ in names}
        return functional(fn_name)(*inputs, reduction=self.config["reduction"], **extra)


class PairLoss(Loss):
    """A loss of two inputs and a target (MarginRankingLoss, CosineEmbeddingLoss)."""
    def forward(self, input1, input2, target):
        return self.loss(input1, input2, target)


class TripletLoss(Loss):
    """A loss of an anchor, a positive and a negative (TripletMarginLoss)."""
    def forward(self, anchor, positive, negative):
        return self.loss(anchor, positive, negative)


class VarianceLoss(Loss):
    """A loss of an input, a target and a variance (GaussianNLLLoss)."""
    def forward(self, input, target, var):
        return self.loss(input, target, var)


# ***** containers *****

class Sequential(Module):
    display_name = "Sequential"
    class_path = "torch.nn.modules.container.Sequential"

    def __init__(self, *modules):
        super().__init__()
        for i, m in enumerate(modules):
            if not isinstance(m, Module):
                raise type_error(f"{type_name(m)} is not a Module subclass")
            self.modules_[str(i)] = m

    def forward(self, input):
        for m in self.modules_.values():
            input = m.call_target()(input)
        return input

    def length(self):
        return len(self.modules_)

    def items(self):
        return list(self.modules_.values())

    def getitem(self, key):
        mods = list(self.modules_.values())
        if isinstance(key, slice):
            # NOTE: a slice keeps the original keys: model[1:3] prints (1): and (2):.
            out = Sequential()
            out.modules_.update(list(self.modules_.items())[key])
            return out
        if not isinstance(key, int) or isinstance(key, bool):
            raise type_error(f"Sequential indices must be integers or slices, not {type_name(key)}")
        if not -len(mods) <= key < len(mods):
            raise GradcliError("IndexError", f"index {key} is out of range")
        return mods[key]

    def setitem(self, key, module):
        """``model[i] = module``: the i-th entry replaced, under its key."""
        if not isinstance(key, int):
            raise type_error(f"'{type_name(key)}' object cannot be interpreted as an integer")
        keys = list(self.modules_)
        if not -len(keys) <= key < len(keys):
            raise GradcliError("IndexError", f"index {key} is out of range")
        name = keys[key]
        if module is None:
            raise GradcliError("NotImplementedError", "gradcli does not support a Sequential entry set to None yet")
        if not isinstance(module, Module):
            raise type_error(f"cannot assign '{type_name(module)}' as child module '{name}' "
                             "(torch.nn.Module or None expected)")
        self.modules_[name] = module

    def attribute(self, name):
        if name in SEQUENTIAL_METHODS:
            return Method(f"Sequential.{name}", SEQUENTIAL_METHODS[name].__get__(self))
        return Module.attribute(self, name)


def _append(self, module):
    if not isinstance(module, Module):
        raise type_error(f"{type_name(module)} is not a Module subclass")
    self.modules_[str(len(self.modules_))] = module
    return self


SEQUENTIAL_METHODS = {"append": _append}


def _abs_index(owner, key, n):
    """``ModuleList._get_abs_string_index``: ``operator.index(key)`` in range, as a key."""
    from .module import python_int
    i = python_int(key)
    if not -n <= i < n:
        raise GradcliError("IndexError", f"index {i} is out of range")
    return str(i + n if i < 0 else i)


def _check_module(module):
    if not isinstance(module, Module):
        raise type_error(f"{type_name(module)} is not a Module subclass")
    return module


class ModuleList(Module):
    """``nn.ModuleList``: submodules under the keys "0", "1", ...; no forward."""
    display_name = "ModuleList"
    class_path = "torch.nn.modules.container.ModuleList"

    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self.extend(modules)

    # ----- the list protocol -----
    def length(self):
        return len(self.modules_)

    def items(self):
        return list(self.modules_.values())

    def getitem(self, key):
        if isinstance(key, slice):
            # NOTE: unlike Sequential's, a slice of a ModuleList is numbered from 0 again
            return ModuleList(list(self.modules_.values())[key])
        return self.modules_[_abs_index(self.display_name, key, len(self.modules_))]

    def setitem(self, key, module):
        name = _abs_index(self.display_name, key, len(self.modules_))
        if module is not None and not isinstance(module, Module):
            raise type_error(f"cannot assign '{type_name(module)}' as child module '{name}' "
                             "(torch.nn.Module or None expected)")
        self.modules_[name] = module

    def delitem(self, key):
        n = len(self.modules_)
        if isinstance(key, slice):
            for k in range(n)[key]:
                del self.modules_[str(k)]
        else:
            del self.modules_[_abs_index(self.display_name, key, n)]
        # NOTE: PyTorch numbers the rest from 0 again
        self.modules_ = dict((str(i), m) for i, m in enumerate(self.modules_.values()))

    # ----- methods -----
    def append(self, module):
        self.modules_[str(len(self.modules_))] = _check_module(module)
        return self

    def extend(self, modules):
        values = listed(modules) if not isinstance(modules, (Module, str)) else None
        if isinstance(modules, str):
            values = list(modules)
        if values is None:
            raise type_error("ModuleList.extend should be called with an iterable, but got "
                             f"{type_name(modules)}")
        offset = len(self.modules_)
        for i, m in enumerate(values):
            self.modules_[str(offset + i)] = _check_module(m)
        return self

    def insert(self, index, module):
        """PyTorch's insert, key by key: a negative index or one past the
        end does what PyTorch's loop does (a KeyError, or a new key)."""
        from .module import python_int
        index = python_int(index)
        _check_module(module)
        mods = self.modules_
        for i in range(len(mods), index, -1):
            if str(i - 1) not in mods:
                raise GradcliError("KeyError", repr(str(i - 1)))
            mods[str(i)] = mods[str(i - 1)]
        mods[str(index)] = module

    def pop(self, key):
        v = self.getitem(key)
        self.delitem(key)
        return v

    def concatenated(self, other):
        """``self + other``: a new ModuleList of both's modules (any iterable of modules)."""
        values = list(other) if isinstance(other, str) else listed(other)   # a module that is no list: its error
        if values is None:
            raise type_error(f"'{type_name(other)}' object is not iterable")
        return ModuleList(list(self.modules_.values()) + values)

    def repr_from(self, children):
        """``ModuleList.__repr__``: runs of equal entries as ``(0-2): 3 x Linear(...)``."""
        texts = [text for _, text in children]
        if not texts:
            return "ModuleList()"
        blocks = [[0, 0, texts[0]]]
        for i, t in enumerate(texts[1:], 1):
            if t == blocks[-1][2]:
                blocks[-1][1] = i
            else:
                blocks.append([i, i, t])
        lines = []
        for start, end, text in blocks:
            local = f"({start}): {text}" if start == end else f"({start}-{end}): {end - start + 1} x {text}"
            lines.append(add_indent(local, 2))
        return "ModuleList(\n  " + "\n  ".join(lines) + "\n)"


ModuleList.methods = dict(Module.methods, append=ModuleList.append, extend=ModuleList.extend,
                          insert=ModuleList.insert, pop=ModuleList.pop)


class ModuleDict(Module):
    """``nn.ModuleDict``: submodules under string keys, in insertion order; no forward."""
    display_name = "ModuleDict"
    class_path = "torch.nn.modules.container.ModuleDict"

    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self.update(modules)

    def length(self):
        return len(self.modules_)

    def items(self):
        return list(self.modules_)            # iterating gives the keys

    def script_contains(self, key):
        try:
            return key in self.modules_
        except TypeError:
            raise type_error(f"unhashable type: '{type_name(key)}'") from None

    def getitem(self, key):
        try:
            return self.modules_[key]
        except KeyError:
            raise GradcliError("KeyError", repr(key)) from None
        except TypeError:
            raise type_error(f"unhashable type: '{type_name(key)}'") from None

    def setitem(self, key, module):
        _add_module(self, key, module)

    def delitem(self, key):
        self.getitem(key)
        del self.modules_[key]

    # ----- methods -----
    def update(self, modules):
        if isinstance(modules, (dict, ModuleDict)):
            pairs = list(modules.items()) if isinstance(modules, dict) else list(modules.modules_.items())
        else:
            values = None if isinstance(modules, Module) else listed(modules)
            if isinstance(modules, str):
                values = list(modules)
            if values is None:
                raise type_error("ModuleDict.update should be called with an iterable of key/value pairs, "
                                 f"but got {type_name(modules)}")
            pairs = []
            for j, m in enumerate(values):
                pair = listed(m) if not isinstance(m, str) else list(m)
                if pair is None or isinstance(m, Module):
                    raise type_error(f"ModuleDict update sequence element #{j} should be Iterable; "
                                     f"is{type_name(m)}")
                if len(pair) != 2:
                    raise value_error(f"ModuleDict update sequence element #{j} has length {len(pair)}; "
                                      "2 is required")
                pairs.append(pair)
        for key, module in pairs:
            _add_module(self, key, module)

    def pop(self, key):
        v = self.getitem(key)
        del self.modules_[key]
        return v

    def clear(self):
        self.modules_.clear()


ModuleDict.methods = dict(Module.methods, update=ModuleDict.update, pop=ModuleDict.pop, clear=ModuleDict.clear,
                          keys=lambda self: self.modules_.keys(), values=lambda self: self.modules_.values(),
                          items=lambda self: self.modules_.items())


# ***** the classes scripts construct *****

def _make(name, base, spec):
    return type(name, (base,), {"display_name": name, "spec": spec, "forward": _forward_of(name, base.forward),
                                "class_path": f"torch.nn.modules.{spec[-1]}.{name}"})


def _forward_of(owner, fn):
    """``fn`` under the name Python's argument errors show: ``ReLU.forward()``."""
    code = fn.__code__
    if hasattr(code, "co_qualname"):
        code = code.replace(co_qualname=f"{owner}.forward")
    return types.FunctionType(code, fn.__globals__, "forward", fn.__defaults__, fn.__closure__)


MODULE_CLASSES = {"Linear": Linear, "Identity": Identity, "Flatten": Flatten, "Unflatten": Unflatten,
                  "Dropout": Dropout, "PReLU": PReLU, "Softmax2d": Softmax2d,
                  "Sequential": Sequential, "ModuleList": ModuleList, "ModuleDict": ModuleDict,
                  "Embedding": Embedding}
MODULE_CLASSES.update({name: _dropout_class(name) for name in ("Dropout1d", "Dropout2d")})
MODULE_CLASSES.update({name: _make(name, Activation, spec) for name, spec in ACTIVATIONS.items()})
MODULE_CLASSES.update({name: _make(name, Pool, spec) for name, spec in POOLS.items()})
MODULE_CLASSES.update({name: _make(name, MaxUnpool, spec) for name, spec in UNPOOLS.items()})
_LOSS_BASES = {"MarginRankingLoss": PairLoss, "CosineEmbeddingLoss": PairLoss, "GaussianNLLLoss": VarianceLoss,
               "TripletMarginLoss": TripletLoss}
MODULE_CLASSES.update({name: _make(name, _LOSS_BASES.get(name, Loss), spec) for name, spec in LOSSES.items()})

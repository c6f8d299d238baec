"""The losses of torch.nn.functional, with PyTorch's signatures, grad_fn
names and numbers: the pointwise losses and their reductions in PyTorch's
order of additions, nll_loss and cross_entropy, the binary cross
entropies, kl_div and the losses PyTorch composes of other ops (composed
here the same way, so the graph shows its nodes). ``nn`` loss modules call
these functions.
"""
from __future__ import annotations

import math

import numpy as np

from ..engine import dtypes as D
from ..engine import libm
from ..engine.cascade import mean_like_torch, nll_cascade_sum, sum_like_torch
from ..engine.autograd import GRAD_MODE
from ..engine.context import CONTEXT
from ..engine.tensor import Tensor
from ..errors import GradcliError, index_error, runtime_error, value_error
from . import arith, create, join, pointwise, shape
from .autograd_calls import inplace
from .formulas import norm_grad
from .nn_functional import F_FORMS, _logsigmoid, log_softmax
from .oprow import Sample, T, implements, row
from .operands import as_compute, as_dtype, as_tensor, broadcast_shape, checked_scalar, result_dtype
from .table import OPS, vector_norm_array

# ***** losses *****

def legacy_reduction(size_average, reduce_) -> str:
    """PyTorch's ``_Reduction.legacy_get_string``: the reduction the
    deprecated ``size_average``/``reduce`` pair means, with its warning."""
    sa = True if size_average is None else size_average
    rd = True if reduce_ is None else reduce_
    reduction = "none" if not rd else ("mean" if sa else "sum")
    CONTEXT.warning(f"size_average and reduce args will be deprecated, please use reduction='{reduction}' instead.")
    return reduction


def _reduction_arg(reduction, size_average=None, reduce_=None):
    if size_average is not None or reduce_ is not None:
        reduction = legacy_reduction(size_average, reduce_)
    if reduction not in ("none", "mean", "sum"):
        raise value_error(f"{reduction} is not a valid value for reduction")
    return reduction


def _reduce_array(x, reduction):
    """PyTorch's ``apply_loss_reduction``: the loss tensor's ``sum()`` or
    ``mean()``, added in its kernel's order."""
    if reduction == "none":
        return x
    return sum_like_torch(x) if reduction == "sum" else mean_like_torch(x)


def _norm(reduction, n):
    return 1.0 / n if reduction == "mean" and n else 1.0


def _pointwise_loss(key, input, target, reduction, size_average=None, reduce_=None, warn_size=True, **attrs):
    """A loss row over input and target. ``warn_size``: a target of another
    size warns (as mse_loss does); else the loss is written in the input's
    shape (as soft_margin_loss's out= kernel is), which the target may not
    outgrow."""
    x, t = as_tensor(input), as_tensor(target)
    reduction = _reduction_arg(reduction, size_average, reduce_)
    if x.shape != t.shape and warn_size:
        CONTEXT.warning(f"Using a target size ({_size(t.shape)}) that is different to the input size "
                        f"({_size(x.shape)}). This will likely lead to incorrect results due to "
                        "broadcasting. Please ensure they have the same size.")
    shape = broadcast_shape(x.shape, t.shape)
    if not warn_size and tuple(shape) != tuple(x.shape):
        raise runtime_error(f"output with shape {list(x.shape)} doesn't match the broadcast shape {list(shape)}")
    dt = result_dtype(x, t)
    out_dt = dt
    if key in _OUT_LIKE_INPUT:
        # NOTE: huber_loss writes into a tensor like its input: a float result can't go into an integer one
        out_dt = x.dtype
        if out_dt.category < dt.category:
            raise runtime_error(f"result type {dt.torch_type[:-6]} can't be cast to the desired output type "
                                f"{out_dt.torch_type[:-6]}")
    if dt.category < 2:
        if key in _KERNELS:
            raise GradcliError("NotImplementedError",
                               f'"{_KERNELS[key]}" not implemented for \'{dt.torch_type[:-6]}\'')
        dt = out_dt = D.DEFAULT_FLOAT
    op = OPS[key]
    attrs["reduction"] = reduction
    out = op.forward(as_compute(x, dt), as_compute(t, dt), **attrs)
    if key in _OUT_LIKE_INPUT and x.dtype is not t.dtype:
        dt = None           # the rule sees both dtypes as they are (and refuses them, as huber_loss_backward does)
    return op.apply((x, t), attrs, as_dtype(out, out_dt), dt)


# PyTorch's kernels for these losses have no integer versions
_KERNELS = {"mse_loss": "mse_cpu", "smooth_l1_loss": "smooth_l1_cpu", "huber_loss": "huber_cpu"}
_OUT_LIKE_INPUT = frozenset(("huber_loss",))


def _size(shape):
    return f"torch.Size([{', '.join(str(s) for s in shape)}])"


LOSS_SAMPLES = (Sample(T((2, 3)), T((2, 3))), Sample(T((2, 3)), T((2, 3)), reduction="sum"),
                Sample(T((2, 3)), T((2, 3)), reduction="none"), Sample(T((3,)), T((3,))))
def loss_norm(a_shape, b_shape, reduction):
    """1/n for a mean over the broadcast elements, else 1."""
    return _norm(reduction, math.prod(np.broadcast_shapes(a_shape, b_shape)))


row("mse_loss", "MseLossBackward0", lambda a, b, reduction: _reduce_array((a - b) ** 2, reduction),
    {"input": lambda m, g, out, a, b, reduction: (2.0 * loss_norm(a.shape, b.shape, reduction) * (a - b)) * g,
     "target": lambda m, g, out, a, b, reduction: -((2.0 * loss_norm(a.shape, b.shape, reduction) * (a - b)) * g)},
    forms=F_FORMS, args="input, target, size_average=None, reduce=None, reduction='mean'", samples=LOSS_SAMPLES)


@implements("mse_loss")
def mse_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    return _pointwise_loss("mse_loss", input, target, reduction, size_average, reduce)


@implements("l1_loss")
def l1_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """PyTorch composes it: (input - target).abs(), then mean or sum."""
    reduction = _reduction_arg(reduction, size_average, reduce)
    d = arith.abs(arith.sub(input, target))
    return d if reduction == "none" else (arith.sum(d) if reduction == "sum" else arith.mean(d))


row("l1_loss", "MeanBackward0", None, forms=F_FORMS,
    args="input, target, size_average=None, reduce=None, reduction='mean'", call=l1_loss, samples=LOSS_SAMPLES)


def _smooth_l1(a, b, reduction, beta):
    z = np.abs(a - b)
    loss = np.where(z < beta, 0.5 * z * z / beta, z - 0.5 * beta) if beta else z
    return _reduce_array(loss, reduction)


def _huber(a, b, reduction, delta):
    z = np.abs(a - b)
    return _reduce_array(np.where(z < delta, 0.5 * z * z, delta * (z - 0.5 * delta)), reduction)


def _smooth_l1_grad(m, g, a, b, reduction, beta, sign):
    norm = loss_norm(a.shape, b.shape, reduction)
    x = a - b
    xd = m.data(x)
    inner = x * (norm / beta) * g if beta else 0.0 * x
    r = m.where(xd < -beta, -norm * g, m.where(xd > beta, norm * g, inner))
    return r if sign > 0 else -r


def _huber_grad(m, g, a, b, reduction, delta, sign):
    da, db = m.data(a).dtype, m.data(b).dtype
    if da != db:
        # NOTE: PyTorch's huber_loss_backward takes its input's and target's dtypes as they are
        raise runtime_error(f"Found dtype {D.of_array(m.data(b)).torch_type[:-6]} but expected "
                            f"{D.of_array(m.data(a)).torch_type[:-6]}")
    norm = loss_norm(a.shape, b.shape, reduction)
    x = a - b
    xd = m.data(x)
    r = m.where(xd < -delta, (-norm * delta) * g, m.where(xd > delta, (norm * delta) * g, x * norm * g))
    return r if sign > 0 else -r


row("smooth_l1_loss", "SmoothL1LossBackward0", _smooth_l1,
    {"input": lambda m, g, out, a, b, reduction, beta: _smooth_l1_grad(m, g, a, b, reduction, beta, 1),
     "target": lambda m, g, out, a, b, reduction, beta: _smooth_l1_grad(m, g, a, b, reduction, beta, -1)},
    forms=F_FORMS, args="input, target, size_average=None, reduce=None, reduction='mean', beta=1.0",
    samples=LOSS_SAMPLES + (Sample(T((2, 3)), T((2, 3)), beta=0.5),))
row("huber_loss", "HuberLossBackward0", _huber,
    {"input": lambda m, g, out, a, b, reduction, delta: _huber_grad(m, g, a, b, reduction, delta, 1),
     "target": lambda m, g, out, a, b, reduction, delta: _huber_grad(m, g, a, b, reduction, delta, -1)},
    forms=F_FORMS, args="input, target, reduction='mean', delta=1.0, weight=None",
    samples=LOSS_SAMPLES + (Sample(T((2, 3)), T((2, 3)), delta=0.5),))


@implements("smooth_l1_loss")
def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    if beta < 0:
        raise runtime_error("smooth_l1_loss does not support negative values for beta.")
    if beta == 0:
        # NOTE: PyTorch's F.smooth_l1_loss with beta 0 is l1_loss (MeanBackward0, SumBackward0)
        return l1_loss(input, target, size_average, reduce, reduction)
    return _pointwise_loss("smooth_l1_loss", input, target, reduction, size_average, reduce, beta=float(beta))


@implements("huber_loss")
def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    if weight is not None:
        raise runtime_error("gradcli does not support huber_loss(weight=...) yet")
    return _pointwise_loss("huber_loss", input, target, reduction, delta=float(delta))


# ***** nll_loss, cross_entropy *****

def _nll_key(x_shape, target):
    """The fancy index of each target's class in the input, and the valid mask."""
    t = np.asarray(target)
    if len(x_shape) == 1:
        return (t,)
    grids = np.indices(t.shape, sparse=True)
    return (grids[0], t) + tuple(grids[1:])


def _nll_parts(x_shape, target, weight, ignore_index):
    valid = target != ignore_index
    tc = np.where(valid, target, 0)
    w = (weight[tc] if weight is not None else np.ones(tc.shape)) * valid
    return _nll_key(x_shape, tc), w


def _nll(a, target, weight, ignore_index, reduction):
    key, w = _nll_parts(a.shape, target, weight, ignore_index)
    w = w.astype(a.dtype)
    if reduction == "none" and a.ndim > 1:
        # NOTE: an ignored target's loss is +0 (the kernel writes a zero);
        # a 1-D input's loss is the sum's, whatever the reduction
        return np.where(np.asarray(target) != ignore_index, -(w * a[key]), a.dtype.type(0))
    # NOTE: an (N, C, d1, ...) input goes through PyTorch's nll_loss2d, which
    # adds its terms in the same cascade, in the order of the batch, then
    # of the positions (the target's own order)
    total, count = _nll_totals(a[key].reshape(-1), w.reshape(-1), np.asarray(target).reshape(-1) != ignore_index,
                               weight is not None)
    return total / count if reduction == "mean" else total


def _nll_totals(picked, w, kept, weighted):
    """``(loss sum, weight sum)`` of a 1-D or 2-D ``nll_loss`` as PyTorch's
    CPU kernel adds them (``LossNLL.cpp``): running sums over the batch in
    a cascade; ignored targets are skipped, unweighted counts are exact.
    NOTE: the kernel subtracts each term; the sum of the terms, negated, is
    the same number (rounding is symmetric), +0 where it is zero."""
    dt = picked.dtype.type
    loss = -nll_cascade_sum(picked * w if weighted else picked, kept) + dt(0)
    return loss, nll_cascade_sum(w, kept) if weighted else dt(int(kept.sum()))


def _nll_grad(m, g, a, target, weight, ignore_index, reduction, grad_fn):
    """PyTorch's ``-(grad / total_weight)`` (or ``-grad``), times each
    target's weight, at each target's class (tied to ``a``: ``grad_fn``)."""
    if a.ndim == 1 and np.ndim(target) == 1:
        # NOTE: PyTorch's forward takes a 1-D input's one-element 1-D target, its backward not
        raise runtime_error(f"size mismatch (got input: {_shape_list(a.shape)}, target: {_shape_list(target.shape)})")
    key, w = _nll_parts(a.shape, target, weight, ignore_index)
    dt = m.data(g).dtype
    w = w.astype(dt)
    kept = np.asarray(target) != ignore_index
    if reduction == "mean":
        total = _nll_totals(m.data(a)[key].reshape(-1), w.reshape(-1), kept.reshape(-1), weight is not None)[1]
        scale = -(g / float(total))       # a float: g may be a Tensor (create_graph)
    else:
        scale = -g
    # NOTE: an ignored target's gradient is 0 even where the scale is not finite (a zero total weight)
    return m.tie(m.embed_add(m.where(kept, m.const(w) * scale, 0.0), a.shape, key), a, grad_fn)


row("nll_loss", "NllLossBackward0", _nll,
    {"input": lambda m, g, out, a, target, weight, ignore_index, reduction:
        _nll_grad(m, g, a, target, weight, ignore_index, reduction, "NllLossBackwardBackward0")},
    forms=F_FORMS, args="input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, "
                        "reduction='mean'",
    samples=(Sample(T((3, 4)), T(values=[0, 3, 1], grad=False, dtype="int64")),
             Sample(T((3, 4)), T(values=[0, 3, 1], grad=False, dtype="int64"), reduction="none"),
             Sample(T((3, 4)), T(values=[0, 3, 1], grad=False, dtype="int64"),
                    weight=T(values=[1.0, 2.0, 0.5, 1.0], grad=False), ignore_index=3),
             Sample(T((4,)), T(values=2, grad=False, dtype="int64")),
             Sample(T((2, 3, 2)), T(values=[[0, 2], [1, 1]], grad=False, dtype="int64"), reduction="sum")))


row("nll_loss2d", "NllLoss2DBackward0", _nll,
    {"input": lambda m, g, out, a, target, weight, ignore_index, reduction:
        _nll_grad(m, g, a, target, weight, ignore_index, reduction, "NllLoss2DBackwardBackward0")}, via="nll_loss")


def _dtype_name(t) -> str:
    """``Float``, ``Long``, ...: a tensor's scalar type as PyTorch's messages name it."""
    return t.dtype.torch_type[:-6]


def _check_class_target(x, t, w):
    """PyTorch's checks of ``nll_loss_nd`` on an input, a class-index target
    and an optional weight, in its order: the batch sizes, then the checks
    of ``nll_loss`` (1-D, 2-D input) or ``nll_loss2d`` (more dimensions),
    before any element is read."""
    nd, tnd = x.data.ndim, t.data.ndim
    if nd < 1:
        raise value_error(f"Expected 1 or more dimensions (got {nd})")
    if nd != 1 and x.shape[0] != (t.shape[0] if tnd else 0):
        raise value_error(f"Expected input batch_size ({x.shape[0]}) to match target batch_size "
                          f"({t.shape[0] if tnd else 0}).")
    if nd not in (1, 2, 4) and t.shape[1:] != x.shape[2:]:
        raise runtime_error(f"Expected target size {_shape_list(x.shape[:1] + x.shape[2:])}, got "
                            f"{_shape_list(t.shape)}")
    kernel = "nll_loss" if nd <= 2 else "nll_loss2d"
    if w is not None and w.requires_grad and GRAD_MODE.enabled:
        raise runtime_error(f"The function '{kernel}_forward' is not differentiable with respect to argument "
                            "'weight'. This input cannot have requires_grad True.")
    if nd <= 2:
        if tnd > 1:
            raise runtime_error("0D or 1D target tensor expected, multi-target not supported")
        _check_target_dtype(t)
        if nd == 1 and tnd == 1 and t.shape[0] != 1:
            raise value_error(f"For 1D input, 1D target must have size 1, but got target size: {t.shape[0]}")
        c = x.shape[-1]
        if w is not None and (w.data.ndim != 1 or w.data.size != c):
            raise runtime_error(f"weight tensor should be defined either for all {c} classes or no classes but "
                                f"got weight tensor of shape: {_shape_list(w.shape)}")
        _check_loss_dtypes(x, w, "nll_loss_out_frame")
        return
    # NOTE: nll_loss_nd views every other rank as 4-D, so nll_loss2d's
    # shape checks can only fail on a 4-D input
    if nd == 4 and tnd != 3:
        raise runtime_error(f"only batches of spatial targets supported (3D tensors) but got targets of dimension: "
                            f"{tnd}")
    _check_target_dtype(t)
    if w is not None and w.data.size != x.shape[1]:
        raise runtime_error("weight tensor should be defined either for all or no classes")
    if nd == 4 and t.shape != x.shape[:1] + x.shape[2:]:
        raise runtime_error(f"size mismatch (got input: {_shape_list(x.shape)} , target: {_shape_list(t.shape)}")
    _check_loss_dtypes(x, w, "nll_loss2d_forward_out_frame")
    if t.data.dtype == np.uint8:
        raise runtime_error("expected scalar type Long but found Byte")


def _check_target_dtype(t):
    if t.data.dtype not in (np.int64, np.uint8):
        raise runtime_error(f"expected target dtype to be Long or Byte, but got {_dtype_name(t)}")


def _check_loss_dtypes(x, w, kernel):
    """The kernel's own checks: a floating input, a weight of its dtype."""
    if not x.dtype.is_floating_point:
        raise GradcliError("NotImplementedError", f'"{kernel}" not implemented for \'{_dtype_name(x)}\'')
    if w is not None and w.dtype is not x.dtype:
        raise runtime_error(f"expected scalar type {_dtype_name(x)} but found {_dtype_name(w)}")


@implements("nll_loss")
def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"):
    x, t = as_tensor(input), as_tensor(target)
    reduction = _reduction_arg(reduction, size_average, reduce)
    w = None if weight is None else as_tensor(weight)
    _check_class_target(x, t, w)
    c = x.shape[0] if x.data.ndim == 1 else x.shape[1]
    bad = (t.data != ignore_index) & ((t.data < 0) | (t.data >= c))
    if np.any(bad):
        raise index_error_target(int(t.data[bad].reshape(-1)[0]))
    w = None if w is None else w.data
    # NOTE: PyTorch's 2-D kernel (NllLoss2DBackward0) takes N, C, H, W
    # inputs; other ranks over 2 are viewed to 4-D and back.
    nd, td = x.data.ndim, t.data
    if nd >= 3 and nd != 4:
        n = x.shape[0]
        x = shape.view(x, n, c, -1, 1)
        td = td.reshape(n, -1, 1)
    op = OPS["nll_loss" if nd < 3 else "nll_loss2d"]
    attrs = {"target": td, "weight": w, "ignore_index": ignore_index, "reduction": reduction}
    out = op.apply((x,), attrs, as_dtype(op.forward(x.data, **attrs), D.of_array(x.data)))
    if nd >= 3 and nd != 4 and reduction == "none":
        out = shape.view(out, tuple(t.shape))
    return out


def index_error_target(value):
    """PyTorch's error for a class index outside the classes."""
    return index_error(f"Target {value} is out of bounds.")


row("mul_scalar", "MulBackward1", lambda a, s: a * s, {"input": lambda m, g, out, a, s: g * s},
    via="cross_entropy")
row("div_scalar", "DivBackward1", lambda a, s: a / s, {"input": lambda m, g, out, a, s: g / s},
    via="cross_entropy")
row("masked_fill", "MaskedFillBackward0", lambda a, mask, value: np.where(mask, value, a),
    {"input": lambda m, g, out, a, mask, value: m.where(mask, 0.0, g)},
    forms=("torch", "method", "inplace", "bare"), args="input, mask, value",
    samples=(Sample(T((2, 3)), T(values=[True, False, True], grad=False, dtype="bool"), 0.5),))


row("masked_fill_tensor", "MaskedFillBackward1", lambda a, v, mask: np.where(mask, v, a),
    {"input": lambda m, g, out, a, v, mask: m.where(mask, 0.0, g),
     "value": lambda m, g, out, a, v, mask: m.sum(m.where(mask, g, 0.0), None, False)},
    via="masked_fill")


@implements("masked_fill")
def masked_fill(input, mask, value):
    x, mk = as_tensor(input), as_tensor(mask)
    if mk.data.dtype != np.bool_:
        raise runtime_error(f"masked_fill_ only supports boolean masks, but got mask with dtype "
                            f"{mk.dtype.torch_type[:-6]}")
    shape = broadcast_shape(x.shape, mk.shape)
    if type(value) is Tensor:
        if value.data.ndim:
            raise runtime_error("masked_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                                f"{value.data.ndim} dimension(s).")
        op = OPS["masked_fill_tensor"]
        out = np.where(mk.data, value.data.astype(x.data.dtype), x.data)
        return op.apply((x, value), {"mask": mk.data}, np.broadcast_to(out, shape).copy())
    op = OPS["masked_fill"]
    value = checked_scalar(value, x.data.dtype)
    out = np.where(mk.data, np.asarray(value, dtype=x.data.dtype), x.data)
    return op.apply((x,), {"mask": mk.data, "value": value}, np.broadcast_to(out, shape).copy())


@implements("mul_scalar")
def scale(x, s, key="mul_scalar"):
    """``x * s`` (``x / s``) as C++ calls it inside composed functions and
    gradient formulas (``m.mul_scalar(x, s)``): MulBackward1 (DivBackward1)."""
    op = OPS[key]
    return op.apply((x,), {"s": s}, as_dtype(op.forward(x.data, s), D.of_array(x.data)))


@implements("cross_entropy")
def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
                  reduction="mean", label_smoothing=0.0):
    x, t = as_tensor(input), as_tensor(target)
    reduction = _reduction_arg(reduction, size_average, reduce)
    w = None if weight is None else as_tensor(weight)
    # NOTE: PyTorch reads the target as class probabilities exactly when
    # its shape is the input's, whatever its dtype; else as class indices
    if t.shape == x.shape:
        return _cross_entropy_probabilities(x, t, w, ignore_index, reduction, label_smoothing)
    _check_smoothing(label_smoothing)
    class_dim = 0 if x.data.ndim == 1 else 1
    logp = log_softmax(x, class_dim)
    loss = nll_loss(logp, t, w, ignore_index=ignore_index, reduction=reduction)
    if label_smoothing <= 0:
        return loss
    n_classes = x.shape[class_dim]
    ignore = t.data == ignore_index
    smooth = logp if w is None else arith.mul(logp, _class_view(w, x.data.ndim, class_dim))
    smooth = inplace(arith.neg(arith.sum(smooth, class_dim)), lambda v: masked_fill(v, Tensor(ignore), 0.0))
    if reduction == "mean":
        if w is not None:
            denom = Tensor(np.asarray(np.sum(w.data[t.data[~ignore]]), dtype=w.data.dtype))
        else:
            denom = Tensor(np.asarray(np.sum(~ignore)))
        ret = arith.div(arith.sum(smooth), denom)
    elif reduction == "sum":
        ret = arith.sum(smooth)
    else:
        ret = smooth
    return arith.add(scale(loss, 1 - label_smoothing), scale(ret, label_smoothing / n_classes))


def _check_smoothing(label_smoothing):
    """PyTorch checks only the upper bound: a negative smoothing means none."""
    if label_smoothing > 1.0:
        raise runtime_error(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing}")


def _class_view(w, ndim, class_dim):
    """A class weight viewed to broadcast along an input's class dimension."""
    return shape.view(w, [w.shape[0] if k == class_dim else 1 for k in range(ndim)])


def _cross_entropy_probabilities(x, t, w, ignore_index, reduction, label_smoothing):
    if t.data.dtype.kind != "f":
        raise runtime_error(f"Expected floating point type for target with class probabilities, got {_dtype_name(t)}")
    if ignore_index >= 0:
        raise runtime_error("ignore_index is not supported for floating point target")
    nd = x.data.ndim
    class_dim = 0 if nd == 1 else 1
    if nd <= class_dim:
        raise index_error(f"Dimension specified as {class_dim} but tensor has no dimensions")
    n_classes = x.shape[class_dim]
    if w is not None and (w.data.ndim != 1 or w.data.size != n_classes):
        raise runtime_error(f"cross_entropy: weight tensor should be defined either for all {n_classes} classes or "
                            f"no classes but got weight tensor of shape: {_shape_list(w.shape)}")
    logp = log_softmax(x, class_dim)
    if label_smoothing > 0:
        _check_smoothing(label_smoothing)
        t = arith.add(arith.mul(t, 1 - label_smoothing), label_smoothing / n_classes)
    prod = arith.mul(logp, t)
    if w is not None:
        prod = arith.mul(prod, _class_view(w, nd, class_dim) if nd > 1 else w)
    if reduction == "none":
        return arith.neg(arith.sum(prod, class_dim))
    total = arith.neg(arith.sum(prod))
    if reduction == "sum":
        return total
    return scale(total, x.data.size // n_classes if x.data.size else 0, "div_scalar")


row("cross_entropy", "NllLossBackward0", None, forms=F_FORMS, call=cross_entropy,
    args="input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean', "
         "label_smoothing=0.0",
    doc="NllLossBackward0 (class indices), DivBackward1 (probabilities), AddBackward0 (label_smoothing)",
    samples=(Sample(T((3, 4)), T(values=[0, 3, 1], grad=False, dtype="int64")),
             Sample(T((3, 4)), T(values=[0, 3, 1], grad=False, dtype="int64"), reduction="none"),
             Sample(T((3, 4)), T(values=[0, 3, 1], grad=False, dtype="int64"), label_smoothing=0.1),
             Sample(T((3, 4)), T(values=[0, 3, 1], grad=False, dtype="int64"),
                    weight=T(values=[1.0, 2.0, 0.5, 1.0], grad=False), ignore_index=1),
             Sample(T((3, 4)), T(values=[0, 3, 1], grad=False, dtype="int64"),
                    weight=T(values=[1.0, 2.0, 0.5, 1.0], grad=False), label_smoothing=0.2),
             Sample(T((2, 3)), T(values=[[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]], grad=False)),
             Sample(T((2, 3)), T(values=[[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]], grad=False), label_smoothing=0.1),
             Sample(T((4,)), T(values=2, grad=False, dtype="int64"))))


# ***** binary cross entropy *****

# NOTE: PyTorch's binary_cross_entropy loops (Loss.cpp) are scalar: the C
# library's log and log1p for every element (numpy's float32 log differs
# from it on about a fifth of the inputs). The gradients, as in the
# logits version below, take the incoming gradient first, then the
# weight, then a mean's division by the count.

def _bce(x, t, weight, reduction):
    loss = (t - 1) * np.maximum(libm.log1p(-x), -100) - t * np.maximum(libm.log(x), -100)
    if weight is not None:
        loss = loss * weight
    return _reduce_array(loss, reduction)


def _loss_grad_finish(m, r, count, weight, reduction):
    """A loss gradient ``r`` (already times the incoming gradient) times
    the weight, then divided by the count for a mean."""
    if weight is not None:
        r = r * m.const(weight)
    if reduction != "mean":
        return r
    return scale(r, count, "div_scalar") if m.is_tensor else r / count     # C++'s div_(Scalar): DivBackward1


def _bce_input_grad(m, g, x, t, weight, reduction):
    r = g * (x - t) / m.clamp_min((1 - x) * x, 1e-12)
    return _loss_grad_finish(m, r, math.prod(x.shape), weight, reduction)


def _bce_target_grad(m, g, x, t, weight, reduction):
    # NOTE: PyTorch takes -logit(x), whose vector loop is SLEEF's log (not
    # reproduced): the same value up to the last bit
    return _loss_grad_finish(m, (m.log1p(-x) - m.log(x)) * g, math.prod(t.shape), weight, reduction)


row("binary_cross_entropy", "BinaryCrossEntropyBackward0", _bce,
    {"input": lambda m, g, out, x, t, weight, reduction: _bce_input_grad(m, g, x, t, weight, reduction),
     "target": lambda m, g, out, x, t, weight, reduction: _bce_target_grad(m, g, x, t, weight, reduction)},
    forms=F_FORMS, args="input, target, weight=None, size_average=None, reduce=None, reduction='mean'",
    samples=(Sample(T((2, 3), low=0.1, high=0.9), T((2, 3), low=0.0, high=1.0)),
             Sample(T((2, 3), low=0.1, high=0.9), T((2, 3), low=0.0, high=1.0), reduction="none"),
             Sample(T((2, 3), low=0.1, high=0.9), T((2, 3), low=0.0, high=1.0, grad=False),
                    weight=T(values=[1.0, 2.0, 0.5], grad=False), reduction="sum")))


@implements("binary_cross_entropy")
def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    x, t = as_tensor(input), as_tensor(target)
    reduction = _reduction_arg(reduction, size_average, reduce)
    if x.shape != t.shape:
        raise value_error(f"Using a target size ({_size(t.shape)}) that is different to the input size "
                          f"({_size(x.shape)}) is deprecated. Please ensure they have the same size.")
    if t.data.dtype != x.data.dtype:
        raise runtime_error(f"Found dtype {_dtype_name(t)} but expected {_dtype_name(x)}")
    if not x.dtype.is_floating_point:
        raise GradcliError("NotImplementedError", f'"binary_cross_entropy" not implemented for \'{_dtype_name(x)}\'')
    if np.any((x.data < 0) | (x.data > 1)):
        raise runtime_error("all elements of input should be between 0 and 1")
    dt = x.dtype
    w = None if weight is None else np.broadcast_to(as_compute(as_tensor(weight), dt), x.shape)
    op = OPS["binary_cross_entropy"]
    attrs = {"weight": w, "reduction": reduction}
    with np.errstate(all="ignore"):
        out = op.forward(as_compute(x, dt), as_compute(t, dt), **attrs)
    return op.apply((x, t), attrs, as_dtype(out, dt), dt)


# NOTE: PyTorch's binary_cross_entropy_with_logits (Loss.cpp) and its two
# gradients (FunctionsManual.cpp), step by step: the loss is
# (1 - target) * input minus log_sigmoid(input), the latter first weighted
# by (pos_weight - 1) * target + 1; each gradient is multiplied by the
# incoming gradient, then by the weight, and a mean's is divided by the
# count last (not multiplied by 1/n: the last bits differ).

def _bce_logits(x, t, weight, pos_weight, reduction):
    log_sig = _logsigmoid(x)
    if pos_weight is not None:
        log_sig = log_sig * ((pos_weight - 1) * t + 1)
    loss = (1 - t) * x - log_sig
    if weight is not None:
        loss = loss * weight
    return _reduce_array(loss, reduction)


def _bcel_input_grad(m, g, x, t, weight, pos_weight, reduction):
    s = m.sigmoid(x)
    if pos_weight is not None:
        pt = m.const(pos_weight) * t
        r = (pt + 1 - t) * s - pt
    else:
        r = s - t
    return _loss_grad_finish(m, r * g, math.prod(x.shape), weight, reduction)


def _bcel_target_grad(m, g, x, t, weight, pos_weight, reduction):
    if pos_weight is not None:
        r = (m.logsigmoid(-x) - m.logsigmoid(x) * m.const(pos_weight)) * g
    else:
        r = -x * g
    return _loss_grad_finish(m, r, math.prod(t.shape), weight, reduction)


row("binary_cross_entropy_with_logits", "BinaryCrossEntropyWithLogitsBackward0", _bce_logits,
    {"input": lambda m, g, out, x, t, weight, pos_weight, reduction:
        _bcel_input_grad(m, g, x, t, weight, pos_weight, reduction),
     "target": lambda m, g, out, x, t, weight, pos_weight, reduction:
        _bcel_target_grad(m, g, x, t, weight, pos_weight, reduction)},
    forms=("torch", "F", "bare"),
    args="input, target, weight=None, size_average=None, reduce=None, reduction='mean', pos_weight=None",
    samples=(Sample(T((2, 3)), T((2, 3), low=0.0, high=1.0)),
             Sample(T((2, 3)), T((2, 3), low=0.0, high=1.0), reduction="none"),
             Sample(T((2, 3)), T((2, 3), low=0.0, high=1.0), pos_weight=T(values=[1.0, 2.0, 3.0], grad=False)),
             Sample(T((2, 3)), T((2, 3), low=0.0, high=1.0), weight=T(values=[1.0, 2.0, 0.5], grad=False),
                    reduction="sum")))


@implements("binary_cross_entropy_with_logits")
def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None,
                                     reduction="mean", pos_weight=None):
    x, t = as_tensor(input), as_tensor(target)
    reduction = _reduction_arg(reduction, size_average, reduce)
    if x.shape != t.shape:
        raise value_error(f"Target size ({_size(t.shape)}) must be the same as input size ({_size(x.shape)})")
    # NOTE: PyTorch's loss is (1 - target).mul_(input).sub_(log_sigmoid(input)): it has the target's
    # dtype, which must be floating; log_sigmoid takes a floating input only
    if not x.dtype.is_floating_point:
        raise GradcliError("NotImplementedError", f'"log_sigmoid_cpu" not implemented for \'{_dtype_name(x)}\'')
    if t.dtype.category == 0:
        raise runtime_error("Subtraction, the `-` operator, with two bool tensors is not supported. "
                            "Use the `^` or `logical_xor()` operator instead.")
    if t.dtype.category == 1:
        raise runtime_error(f"result type {_dtype_name(x)} can't be cast to the desired output type {_dtype_name(t)}")
    dt = result_dtype(x, t)
    w = None if weight is None else np.broadcast_to(as_compute(as_tensor(weight), dt), x.shape)
    pw = None if pos_weight is None else np.broadcast_to(as_compute(as_tensor(pos_weight), dt), x.shape)
    op = OPS["binary_cross_entropy_with_logits"]
    attrs = {"weight": w, "pos_weight": pw, "reduction": reduction}
    out = op.forward(as_compute(x, dt), as_compute(t, dt), **attrs)
    return op.apply((x, t), attrs, as_dtype(out, t.dtype), dt)


# ***** kl_div *****

_KL_MEAN_WARNING = ("reduction: 'mean' divides the total loss by both the batch size and the support size."
                    "'batchmean' divides only by the batch size, and aligns with the KL div math definition."
                    "'mean' will be changed to behave the same as 'batchmean' in the next major release.")


@implements("kl_div")
def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    """F.kl_div: torch.kl_div, composed of ops as Loss.cpp composes it
    (exp(target) * (target - input), or xlogy(target, target) - target *
    input), then the reduction; 'batchmean' is the sum divided by the size
    of the first dim, as torch/nn/functional.py does it."""
    if size_average is not None or reduce is not None:
        reduction = _reduction_arg(reduction, size_average, reduce)
    elif reduction == "mean":
        CONTEXT.warning(_KL_MEAN_WARNING)
    elif reduction not in ("none", "sum", "batchmean"):
        raise value_error(f"{reduction} is not a valid value for reduction")
    x, t = as_tensor(input), as_tensor(target)
    if x.dtype.category < 2 or t.dtype.category < 2:
        raise runtime_error("kl_div: Integral inputs not supported.")
    if log_target:
        out = arith.mul(arith.exp(t), arith.sub(t, x))
    else:
        out = arith.sub(pointwise.xlogy(t, t), arith.mul(t, x))
    out = apply_loss_reduction(out, "sum" if reduction == "batchmean" else reduction)
    if reduction == "batchmean" and x.data.ndim:
        out = arith.div(out, x.shape[0])
    return out


row("kl_div", "MeanBackward0", None, forms=F_FORMS, call=kl_div,
    args="input, target, size_average=None, reduce=None, reduction='mean', log_target=False",
    doc="SumBackward0 ('sum'), DivBackward0 ('batchmean'); "
        "SubBackward0 or MulBackward0 (log_target) for 'none'",
    samples=(Sample(T((2, 3)), T((2, 3), low=0.1, high=1.0), reduction="batchmean"),
             Sample(T((2, 3)), T((2, 3), low=-2.0, high=0.0), reduction="sum", log_target=True),
             Sample(T((3,)), T((3,), low=0.1, high=1.0), reduction="none")))


# ***** losses composed of ops *****
# NOTE: PyTorch composes these of ops (Loss.cpp; gaussian_nll_loss in
# torch/nn/functional.py), so their nodes are those ops' and so are their
# values and gradients, step for step; the loss's grad_fn is its reduction's
# (MeanBackward0, SumBackward0) or its last op's for reduction='none'.

def apply_loss_reduction(out, reduction):
    """C++'s apply_loss_reduction on a Tensor: its mean() or sum(), or itself."""
    if reduction == "mean":
        return arith.mean(out)
    return arith.sum(out) if reduction == "sum" else out


def _clamp_min_(t, bound):
    """``t.clamp_min_(bound)``: in place, a ClampMinBackward0 node."""
    return inplace(t, lambda v: OPS["clamp_min"].call(v, bound))


def _mask(t, test):
    return Tensor(np.asarray(test(t.data)))


@implements("margin_ranking_loss")
def margin_ranking_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction="mean"):
    reduction = _reduction_arg(reduction, size_average, reduce)
    a, b, t = as_tensor(input1), as_tensor(input2), as_tensor(target)
    if not a.data.ndim == b.data.ndim == t.data.ndim:
        raise runtime_error("margin_ranking_loss : All input tensors should have same dimension but got sizes: "
                            f"input1: {_size(a.shape)}, input2: {_size(b.shape)}, target: {_size(t.shape)} ")
    out = arith.add(arith.mul(arith.neg(t), arith.sub(a, b)), margin)
    return apply_loss_reduction(_clamp_min_(out, 0), reduction)


@implements("hinge_embedding_loss")
def hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None, reduction="mean"):
    reduction = _reduction_arg(reduction, size_average, reduce)
    x, t = as_tensor(input), as_tensor(target)
    zeros = create.zeros_like(x)
    margin_clamp = _clamp_min_(arith.rsub(x, margin), 0)
    output_margin = join.where(_mask(t, lambda v: v != 1), margin_clamp, zeros)
    output_self = join.where(_mask(t, lambda v: v != -1), x, zeros)
    return apply_loss_reduction(arith.add(output_margin, output_self), reduction)


@implements("poisson_nll_loss")
def poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-8, reduce=None,
                     reduction="mean"):
    reduction = _reduction_arg(reduction, size_average, reduce)
    x, t = as_tensor(input), as_tensor(target)
    if log_input:
        loss = arith.sub(arith.exp(x), arith.mul(t, x))
    else:
        loss = arith.sub(x, arith.mul(t, arith.log(arith.add(x, eps))))
    if full:
        # target * log(target) - target + 0.5 * log(2 * pi * target), zero where target <= 1
        stirling = arith.add(arith.sub(arith.mul(t, arith.log(t)), t),
                             arith.mul(arith.log(arith.mul(t, 2 * math.pi)), 0.5))
        stirling = OPS["masked_fill"].call(stirling, _mask(t, lambda v: v <= 1), 0)
        loss = inplace(loss, lambda v: arith.add(v, stirling))
    return apply_loss_reduction(loss, reduction)


@implements("gaussian_nll_loss")
def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"):
    x, t = as_tensor(input), as_tensor(target)
    if isinstance(var, float):
        if var < 0:
            raise value_error("var has negative entry/entries")
        var = arith.mul(create.ones_like(x), var)
    else:
        var = as_tensor(var)
        if np.any(var.data < 0):
            raise value_error("var has negative entry/entries")
    if var.shape != x.shape:
        if x.shape[:-1] == var.shape:
            var = shape.unsqueeze(var, -1)
        elif not (x.data.ndim == var.data.ndim
                  and sum(w for v, w in zip(x.shape, var.shape) if v != w) == 1):
            raise value_error("var is of incorrect size")
    if reduction not in ("none", "mean", "sum"):
        raise value_error(reduction + " is not valid")
    var = OPS["clone"].call(var)
    np.maximum(var.data, var.data.dtype.type(eps), out=var.data)    # var.clamp_(min=eps) under no_grad
    var.bump_version()
    diff = arith.sub(x, t)
    loss = arith.mul(arith.add(arith.log(var), arith.div(arith.pow(diff, 2), var)), 0.5)
    if full:
        loss = inplace(loss, lambda v: arith.add(v, 0.5 * math.log(2 * math.pi)))
    return apply_loss_reduction(loss, reduction)


@implements("multilabel_soft_margin_loss")
def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    if size_average is not None or reduce is not None:
        reduction = _reduction_arg(reduction, size_average, reduce)
    x, t = as_tensor(input), as_tensor(target)
    logsig = OPS["logsigmoid"].call
    loss = arith.neg(arith.add(arith.mul(t, logsig(x)), arith.mul(arith.rsub(t, 1), logsig(arith.neg(x)))))
    if weight is not None:
        loss = arith.mul(loss, weight)
    class_dim = x.data.ndim - 1
    loss = arith.div(arith.sum(loss, class_dim), x.shape[class_dim])
    if reduction not in ("none", "mean", "sum"):
        raise value_error(reduction + " is not valid")
    return apply_loss_reduction(loss, reduction)


_COSINE_EPSILON = 1e-12         # Loss.cpp's EPSILON


def _shape_list(shape) -> str:
    return "[" + ", ".join(str(n) for n in shape) + "]"


@implements("cosine_embedding_loss")
def cosine_embedding_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction="mean"):
    reduction = _reduction_arg(reduction, size_average, reduce)
    a, b, t = as_tensor(input1), as_tensor(input2), as_tensor(target)
    targ_dim = t.data.ndim
    if targ_dim not in (0, 1):
        raise runtime_error("0D or 1D target tensor expected, multi-target not supported")
    want = 2 if targ_dim == 1 else 1
    if a.data.ndim != want or b.data.ndim != want:
        raise runtime_error(f"{targ_dim}D target tensor expects {want}D input tensors, but found inputs with sizes "
                            f"{_shape_list(a.shape)} and {_shape_list(b.shape)}.")
    prod_sum = arith.sum(arith.mul(a, b), targ_dim)
    mag_square1 = arith.add(arith.sum(arith.mul(a, a), targ_dim), _COSINE_EPSILON)
    mag_square2 = arith.add(arith.sum(arith.mul(b, b), targ_dim), _COSINE_EPSILON)
    denom = inplace(arith.mul(mag_square1, mag_square2), arith.sqrt)
    cos = arith.div(prod_sum, denom)
    zeros = create.zeros_like(cos)
    pos = arith.rsub(cos, 1)
    neg = _clamp_min_(arith.sub(cos, margin), 0)
    output_pos = join.where(_mask(t, lambda v: v == 1), pos, zeros)
    output_neg = join.where(_mask(t, lambda v: v == -1), neg, zeros)
    return apply_loss_reduction(arith.add(output_pos, output_neg), reduction)


# torch.norm(x, p, dim) as ATen's C++ calls it (pairwise_distance): NormBackward1
row("norm_p_dim", "NormBackward1", vector_norm_array,
    {"input": lambda m, g, out, a, ord, dims, keepdim: norm_grad(m, g, a, out, ord, dims, keepdim)},
    via="pairwise_distance")


@implements("pairwise_distance")
def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    a, b = as_tensor(x1), as_tensor(x2)
    diff = arith.add(arith.sub(a, b), eps)
    attrs = {"ord": float(p), "dims": (max(a.data.ndim, b.data.ndim) - 1,), "keepdim": bool(keepdim)}
    op = OPS["norm_p_dim"]
    dt = D.of_array(diff.data)
    return op.apply((diff,), attrs, op.forward(diff.data, **attrs), dt)


@implements("triplet_margin_loss")
def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False, size_average=None,
                        reduce=None, reduction="mean"):
    reduction = _reduction_arg(reduction, size_average, reduce)
    if margin <= 0:
        raise value_error(f"margin must be greater than 0, got {margin}")
    a, pos, neg = as_tensor(anchor), as_tensor(positive), as_tensor(negative)
    dims = [v.data.ndim for v in (a, pos, neg)]
    if not dims[0] == dims[1] == dims[2]:
        raise runtime_error("The anchor, positive, and negative tensors are expected to have the same number of "
                            f"dimensions, but got: anchor {dims[0]}D, positive {dims[1]}D, and negative {dims[2]}D "
                            "inputs")
    dist_pos = pairwise_distance(a, pos, p, eps)
    dist_neg = pairwise_distance(a, neg, p, eps)
    if swap:
        dist_neg = OPS["minimum"].call(dist_neg, pairwise_distance(pos, neg, p, eps))
    output = OPS["clamp_min"].call(arith.sub(arith.add(dist_pos, margin), dist_neg), 0)
    return apply_loss_reduction(output, reduction)


# NOTE: soft_margin_loss is an op of its own (SoftMarginLossBackward0):
# log1p(exp(-input * target)), and its gradient as Loss.cpp writes it,
# target * exp(-target * input) * -norm / (1 + exp(-target * input)) * grad.

def _soft_margin_grad(m, g, x, t, reduction):
    norm = 1.0 / math.prod(x.shape) if reduction == "mean" else 1.0
    z = m.exp(-t * x)
    return t * z * -norm / (z + 1) * g


row("soft_margin_loss", "SoftMarginLossBackward0",
    lambda x, t, reduction: _reduce_array(OPS["log1p"].forward(OPS["exp"].forward(-x * t)), reduction),
    {"input": lambda m, g, out, x, t, reduction: _soft_margin_grad(m, g, x, t, reduction), "target": None},
    forms=F_FORMS, args="input, target, size_average=None, reduce=None, reduction='mean'",
    samples=(Sample(T((2, 3)), T(values=[[1.0, -1.0, 1.0], [-1.0, -1.0, 1.0]], grad=False)),
             Sample(T((4,)), T(values=[1.0, -1.0, 1.0, -1.0], grad=False), reduction="sum")))


@implements("soft_margin_loss")
def soft_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    return _pointwise_loss("soft_margin_loss", input, target, reduction, size_average, reduce, warn_size=False)


row("multilabel_soft_margin_loss", "MeanBackward0", None, forms=F_FORMS, call=multilabel_soft_margin_loss,
    args="input, target, weight=None, size_average=None, reduce=None, reduction='mean'",
    doc="SumBackward0 ('sum'), DivBackward0 ('none')",
    samples=(Sample(T((2, 3)), T(values=[[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]], grad=False)),
             Sample(T((2, 3)), T(values=[[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]], grad=False),
                    weight=T(values=[0.5, 1.0, 2.0], grad=False), reduction="sum")))
row("cosine_embedding_loss", "MeanBackward0", None, forms=F_FORMS, call=cosine_embedding_loss,
    args="input1, input2, target, margin=0, size_average=None, reduce=None, reduction='mean'",
    doc="SumBackward0 ('sum'), AddBackward0 ('none')",
    samples=(Sample(T((2, 3)), T((2, 3)), T(values=[1.0, -1.0], grad=False)),
             Sample(T((3,)), T((3,)), T(values=-1.0, grad=False), margin=-0.5, reduction="sum")))
row("pairwise_distance", "NormBackward1", None, forms=("torch",) + F_FORMS, call=pairwise_distance,
    args="x1, x2, p=2.0, eps=1e-06, keepdim=False",
    samples=(Sample(T((2, 3)), T((2, 3))), Sample(T((2, 3)), T((3,)), p=1.0, keepdim=True)))
row("triplet_margin_loss", "MeanBackward0", None, forms=F_FORMS, call=triplet_margin_loss,
    args="anchor, positive, negative, margin=1.0, p=2, eps=1e-06, swap=False, size_average=None, reduce=None, "
         "reduction='mean'",
    doc="SumBackward0 ('sum'), ClampMinBackward0 ('none')",
    samples=(Sample(T((3, 4)), T((3, 4)), T((3, 4)), margin=3.0),
             Sample(T((3, 4)), T((3, 4)), T((3, 4)), margin=2.5, swap=True, reduction="sum")))

_PAIR = (Sample(T((4,)), T((4,)), T(values=[1.0, -1.0, 1.0, -1.0], grad=False)),
         Sample(T((3,)), T((3,)), T(values=[1.0, -1.0, -1.0], grad=False), margin=0.2, reduction="sum"))
row("margin_ranking_loss", "MeanBackward0", None, forms=F_FORMS, call=margin_ranking_loss,
    args="input1, input2, target, margin=0, size_average=None, reduce=None, reduction='mean'",
    doc="SumBackward0 ('sum'), ClampMinBackward0 ('none')", samples=_PAIR)
row("hinge_embedding_loss", "MeanBackward0", None, forms=F_FORMS, call=hinge_embedding_loss,
    args="input, target, margin=1.0, size_average=None, reduce=None, reduction='mean'",
    doc="SumBackward0 ('sum'), AddBackward0 ('none')",
    samples=(Sample(T((4,)), T(values=[1.0, -1.0, 1.0, -1.0], grad=False)),
             Sample(T((2, 3)), T(values=[[1.0, -1.0, -1.0], [1.0, 1.0, -1.0]], grad=False), margin=0.5,
                    reduction="sum")))
row("poisson_nll_loss", "MeanBackward0", None, forms=F_FORMS, call=poisson_nll_loss,
    args="input, target, log_input=True, full=False, size_average=None, eps=1e-08, reduce=None, reduction='mean'",
    doc="SumBackward0 ('sum'), SubBackward0 or AddBackward0 (full) for 'none'",
    samples=(Sample(T((2, 3)), T((2, 3), low=0.0, high=3.0, grad=False)),
             Sample(T((4,), low=0.5, high=2.0), T(values=[0.0, 1.0, 2.0, 4.0], grad=False), log_input=False,
                    full=True, reduction="sum")))
row("gaussian_nll_loss", "MeanBackward0", None, forms=F_FORMS, call=gaussian_nll_loss,
    args="input, target, var, full=False, eps=1e-06, reduction='mean'",
    doc="SumBackward0 ('sum'), MulBackward0 or AddBackward0 (full) for 'none'",
    samples=(Sample(T((2, 3)), T((2, 3)), T((2, 3), low=0.5, high=2.0)),
             Sample(T((2, 3)), T((2, 3)), T((2, 1), low=0.5, high=2.0), full=True, reduction="sum")))



"""Neural-net functions of torch.nn.functional: activations, softmax and
log_softmax, ``linear``, ``normalize``, ``cosine_similarity``,
embeddings and ``one_hot``, with PyTorch's signatures and grad_fn names
(the losses are in ``ops/losses.py``).

An activation is one row (its function derived from the row). A function
that PyTorch composes from other ops (``linear``, ``normalize``, ...) is
composed here the same way, so the graph shows PyTorch's grad_fn names;
its row lists the forms and samples. ``nn`` modules call these functions.
"""
from __future__ import annotations

import math

import numpy as np

from ..engine import blas, onednn
from ..engine import dtypes as D
from ..engine.context import CONTEXT
from ..engine.tensor import Tensor
from ..errors import GradcliError, index_error, runtime_error, type_error
from . import arith, shape, stats
from . import cpu_kernels as K
from .cpu_kernels import float_kernel
from .oprow import KEEP, Sample, T, backward_row, implements, no_derivative, row
from .operands import as_compute, as_dtype, as_tensor, broadcast_shape, normalize_dim, type_name
from .table import OPS, UNARY, mm_mat1_grad, mm_mat2_grad, rounded

F_FORMS = ("F", "bare")
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
KINKS = Sample(T(values=[-1.0, 0.0, 0.5, 1.0, 6.0, 7.0]))
KINKS_PRELU = Sample(T(values=[-1.0, 0.0, 0.5, -3.0]), T(values=[0.2]))

# ***** activations *****
row("leaky_relu", "LeakyReluBackward0", lambda a, negative_slope=0.01: np.where(a > 0, a, a * negative_slope),
    {"input": lambda m, g, out, a, negative_slope=0.01:
        m.tie(m.where(m.data(a) > 0, g, g * negative_slope), a, "LeakyReluBackwardBackward0")},
    float_kernel="leaky_relu_cpu", kind="unary", forms=F_FORMS, args="input, negative_slope=0.01, inplace=False",
    samples=UNARY + (Sample(T((2, 3)), 0.2), KINKS))
# In place (inplace=True), PyTorch saves the result instead: LeakyReluBackward1.
row("leaky_relu_inplace", "LeakyReluBackward1", lambda a, negative_slope=0.01: np.where(a > 0, a, a * negative_slope),
    {"input": lambda m, g, out, a, negative_slope=0.01:
        m.tie(m.where(m.data(out) > 0, g, g * negative_slope), out, "LeakyReluBackwardBackward0")},
    via="leaky_relu")

# ***** ELU and elu_backward (SELU and CELU below are ELUs too) *****
# NOTE: ELU's gradient at 0 is alpha (the x <= 0 branch), as PyTorch's; its
# second derivative there is 0 (elu_double_backward keeps only x < 0).
# In place, PyTorch saves the result instead of the input (EluBackward1):
# elu_backward with is_result=True reads it.
def _elu_backward(g, a, alpha=1.0, scale=1.0, input_scale=1.0, is_result=False):
    """PyTorch's ``elu_backward`` kernel (float16 computes in float32, as PyTorch's does)."""
    if a.dtype in K.FLOATS:
        return K.elu_backward(g, a, alpha, scale, input_scale, is_result)
    f32 = np.float32
    return K.elu_backward(g.astype(f32), a.astype(f32), alpha, scale, input_scale, is_result).astype(a.dtype)


def _elu_grad(m, g, a, alpha=1.0, scale=1.0, input_scale=1.0, is_result=False):
    """The gradient of elu: ``elu_backward`` of the input ``a`` (or, ``is_result``, of the result)."""
    return m.elu_backward(g, a, alpha=alpha, scale=scale, input_scale=input_scale, is_result=is_result)


def _elu_double_backward(m, grad, grad_output, a, alpha, scale, input_scale, is_result):
    """PyTorch's ``elu_double_backward``: elu_backward's slope in its saved
    input or result, where that is negative (not at 0), times both gradients."""
    negative = m.const((m.data(a) < 0).astype(m.data(grad).dtype))
    scaled = m.mul_scalar(grad * grad_output, input_scale)
    if not is_result:
        scaled = _elu_grad(m, scaled, a, alpha, scale, input_scale)
    return scaled * negative


backward_row("elu_backward", "EluBackwardBackward0", _elu_backward,
             {"grad_output": lambda m, gg, out, g, a, alpha=1.0, scale=1.0, input_scale=1.0, is_result=False:
                 _elu_grad(m, gg, a, alpha, scale, input_scale, is_result),
              "self_or_result": lambda m, gg, out, g, a, alpha=1.0, scale=1.0, input_scale=1.0, is_result=False:
                 _elu_double_backward(m, gg, g, a, alpha, scale, input_scale, is_result)})
# NOTE: F.elu takes alpha; PyTorch's elu (and F.elu_) scale and input_scale too
_elu_forward = float_kernel(K.elu, lambda a, alpha=1.0, scale=1.0, input_scale=1.0:
                            _elu_general(a, alpha, scale, input_scale))
row("elu", "EluBackward0", _elu_forward,
    {"input": lambda m, g, out, a, alpha=1.0, scale=1.0, input_scale=1.0: _elu_grad(m, g, a, alpha, scale, input_scale)},
    float_kernel="elu_cpu", kind="unary", forms=F_FORMS, args="input, alpha=1.0, inplace=False",
    samples=UNARY + (Sample(T((2, 3)), 0.5), KINKS))
row("elu_inplace", "EluBackward1", _elu_forward,
    {"input": lambda m, g, out, a, alpha=1.0, scale=1.0, input_scale=1.0:
        _elu_grad(m, g, out, alpha, scale, input_scale, is_result=True)},
    via="elu")


def _elu_general(a, alpha, scale, input_scale):
    """elu of float16: PyTorch's kernel computes in float32."""
    return K.elu(a.astype(np.float32), alpha, scale, input_scale).astype(a.dtype)


_logsigmoid = float_kernel(K.logsigmoid, lambda a: -(np.log1p(np.exp(-np.abs(a))) + np.maximum(-a, 0)))
row("logsigmoid", "LogSigmoidBackward0", _logsigmoid,
    {"input": lambda m, g, out, a: K.logsigmoid_backward(g, a) if K.on_float(m, a)
        else g * (1 - m.sigmoid(a))},
    float_kernel="log_sigmoid_cpu", kind="unary", forms=F_FORMS, samples=UNARY)


def _gelu(a, approximate="none"):
    if approximate == "tanh":
        x = a.astype(np.float64)
        r = 0.5 * x * (1 + np.tanh(_SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)))
        return r.astype(a.dtype)
    x = a.astype(np.float64)
    erf = np.asarray(np.frompyfunc(math.erf, 1, 1)(x / math.sqrt(2.0)), dtype=np.float64)
    return np.asarray(0.5 * x * (1 + erf)).astype(a.dtype)


# NOTE: PyTorch's exact float32 GELU runs in oneDNN (engine/onednn.py) for a
# contiguous tensor of more than one element, in its own loop otherwise.
def _gelu_forward(a, approximate="none"):
    if approximate == "none":
        if a.dtype == np.float64:
            return K.gelu64(a)
        if a.dtype == np.float32:
            return onednn.gelu_erf(a) if onednn.takes(a) else K.gelu32(a)
    elif a.dtype == np.float32:
        return K.gelu_tanh32(a)
    return _gelu(a, approximate)


def _gelu_backward(g, a, approximate="none"):
    """PyTorch's ``gelu_backward`` kernels (the float32 and float64 ones
    reproduced bit for bit), numpy's formula for other dtypes."""
    if approximate == "none":
        if a.dtype == np.float64:
            return K.gelu64_backward(g, a)
        if a.dtype == np.float32 and g.dtype == np.float32:
            if onednn.takes(a):
                return onednn.gelu_erf_backward(np.broadcast_to(g, a.shape), a)
            return K.gelu32_backward(g, a)
    if approximate == "tanh" and a.dtype == np.float32 and g.dtype == np.float32:
        return K.gelu_tanh32_backward(g, a)
    from .mathspace import NUMPY       # (mathspace reads this module's rows)
    return _gelu_grad(NUMPY, g, a, approximate)


def _gelu_grad(m, g, a, approximate):
    if approximate == "tanh":
        x_sq = a * a
        inner = _SQRT_2_OVER_PI * (a + 0.044715 * x_sq * a)
        t = m.tanh(inner)
        left, right = 0.5 * a, 1 + t
        right_derivative = left * (1 - t * t) * (_SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x_sq))
        return g * (0.5 * right + right_derivative)
    cdf = 0.5 * (1 + m.erf(a * (1 / math.sqrt(2.0))))
    pdf = m.exp(-0.5 * a * a) * _INV_SQRT_2PI
    return g * (cdf + a * pdf)


def _gelu_double_backward(m, ggi, go, a, approximate):
    """PyTorch's ``gelu_double_backward``: the second derivative of gelu,
    times both incoming gradients."""
    if approximate == "tanh":
        beta, kappa = math.sqrt(2) * (2 / math.sqrt(math.pi)) * 0.5, 0.044715
        inner = beta * (a + kappa * a ** 3)
        tanh_inner = m.tanh(inner)
        sech_inner = 1 / m.cosh(inner)
        f = 0.5 * a
        g = 1 - tanh_inner * tanh_inner
        h = beta * (1 + 3 * kappa * a * a)
        f_prime_gh = 0.5 * g * h
        g_prime = (2 * sech_inner) * (-sech_inner * tanh_inner) * h
        g_prime_fh = f * h * g_prime
        h_prime = 6 * kappa * a * beta
        h_prime_fg = f * g * h_prime
        return ggi * go * (2 * f_prime_gh + g_prime_fh + h_prime_fg)
    beta = (2 / math.sqrt(math.pi)) * math.sqrt(0.5) * 0.5
    a_sq = a * a
    pdf = beta * m.exp(-0.5 * a_sq)
    return ggi * go * (2 * pdf - a_sq * pdf)


row("gelu", "GeluBackward0", _gelu_forward,
    {"input": lambda m, g, out, a, approximate="none": m.gelu_backward(g, a, approximate=approximate)},
    float_kernel="GeluKernelImpl", kind="unary", forms=F_FORMS, args="input, *, approximate='none'",
    samples=UNARY + (Sample(T((2, 3)), approximate="tanh"),))


def _sigmoid64(a):
    return 1 / (1 + np.exp(-a))


backward_row("gelu_backward", "GeluBackwardBackward0", _gelu_backward,
             {"grad_output": lambda m, gg, out, g, a, approximate="none": m.gelu_backward(gg, a, approximate=approximate),
              "self": lambda m, gg, out, g, a, approximate="none": _gelu_double_backward(m, gg, g, a, approximate)})


def _silu_grad(m, g, a):
    """PyTorch's silu gradient under create_graph: its
    ``infinitely_differentiable_silu_backward``, one sigmoid of the input."""
    s = m.sigmoid(a)
    return g * s * (1 + a * (1 - s))


row("silu", "SiluBackward0",
    float_kernel(K.silu, lambda a: (a.astype(np.float64) * _sigmoid64(a.astype(np.float64))).astype(a.dtype)),
    {"input": lambda m, g, out, a: K.silu_backward(g, a) if K.on_float(m, a) else _silu_grad(m, g, a)},
    float_kernel="silu_cpu", kind="unary", forms=F_FORMS, args="input, inplace=False", samples=UNARY)
row("softplus", "SoftplusBackward0",
    float_kernel(K.softplus,
                   lambda a, beta=1.0, threshold=20.0: np.where(a * beta > threshold, a, np.log1p(np.exp(a * beta)) / beta)),
    {"input": lambda m, g, out, a, beta=1.0, threshold=20.0: m.softplus_backward(g, a, beta=beta, threshold=threshold)},
    float_kernel="softplus_cpu", kind="unary", forms=F_FORMS, args="input, beta=1.0, threshold=20.0",
    samples=UNARY + (Sample(T((2, 3)), 2.0, 1.0),))


def _softplus_backward(g, a, beta=1.0, threshold=20.0):
    if a.dtype in K.FLOATS:
        return K.softplus_backward(g, a, beta, threshold)
    return np.where(a * beta > threshold, g, g * OPS["sigmoid"].forward(a * beta))


def _softplus_double_backward(m, grad, a, beta, threshold):
    """PyTorch's ``softplus_double_backward``."""
    x = m.mul_scalar(a, beta)
    below = m.const((m.data(x) < threshold).astype(m.data(grad).dtype))
    return m.mul_scalar(m.sigmoid_backward(grad, m.sigmoid(x)) * below, beta)


backward_row("softplus_backward", "SoftplusBackwardBackward0", _softplus_backward,
             {"grad_output": lambda m, gg, out, g, a, beta=1.0, threshold=20.0:
                 m.softplus_backward(gg, a, beta=beta, threshold=threshold),
              "self": lambda m, gg, out, g, a, beta=1.0, threshold=20.0:
                 _softplus_double_backward(m, gg * g, a, beta, threshold)})
# NOTE: hardtanh passes no gradient at min_val or max_val themselves.
row("hardtanh", "HardtanhBackward0", lambda a, min_val=-1.0, max_val=1.0: np.clip(a, min_val, max_val),
    {"input": lambda m, g, out, a, min_val=-1.0, max_val=1.0:
        m.tie(m.where((m.data(a) > min_val) & (m.data(a) < max_val), g, 0.0), a, "HardtanhBackwardBackward0")},
    dtype=KEEP, kind="unary", forms=F_FORMS, args="input, min_val=-1.0, max_val=1.0, inplace=False",
    samples=UNARY + (Sample(T((2, 3)), -0.5, 0.5), KINKS))


@implements("relu6")
def relu6(input, inplace=False):
    return OPS["hardtanh"].call(input, 0.0, 6.0, inplace)


row("relu6", "HardtanhBackward0", None, forms=F_FORMS, args="input, inplace=False",
    call=relu6, samples=(KINKS, Sample(T((2, 3), low=-1, high=8))))


# ***** SELU, CELU: ELU with a scale or an input scale *****
# NOTE: selu is elu(x, alpha, scale) inside PyTorch, so its node is
# EluBackward0 (EluBackward1 in place); celu is elu(x, alpha, 1, 1 / alpha)
# with nodes of its own, whose gradient takes 1 / alpha of the float alpha.
# All their gradients are elu_backward (EluBackwardBackward0 under create_graph).
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def _celu_backward_scale(alpha):
    return 1.0 / float(np.float32(alpha))


row("selu", "EluBackward0",
    float_kernel(lambda a: K.elu(a, SELU_ALPHA, SELU_SCALE), lambda a: _elu_general(a, SELU_ALPHA, SELU_SCALE, 1.0)),
    {"input": lambda m, g, out, a: _elu_grad(m, g, a, SELU_ALPHA, SELU_SCALE, 1.0)},
    float_kernel="elu_cpu", kind="unary", forms=("torch", "F", "bare"), args="input, inplace=False",
    samples=UNARY + (KINKS,))
row("selu_inplace", "EluBackward1",
    float_kernel(lambda a: K.elu(a, SELU_ALPHA, SELU_SCALE), lambda a: _elu_general(a, SELU_ALPHA, SELU_SCALE, 1.0)),
    {"input": lambda m, g, out, a: _elu_grad(m, g, out, SELU_ALPHA, SELU_SCALE, 1.0, True)}, via="selu")
row("celu", "CeluBackward0",
    float_kernel(lambda a, alpha=1.0: K.elu(a, alpha, 1.0, 1.0 / alpha),
                 lambda a, alpha=1.0: _elu_general(a, alpha, 1.0, 1.0 / alpha)),
    {"input": lambda m, g, out, a, alpha=1.0: _elu_grad(m, g, a, alpha, 1.0, _celu_backward_scale(alpha))},
    float_kernel="elu_cpu", kind="unary", forms=("torch", "F", "bare"), args="input, alpha=1.0, inplace=False",
    samples=UNARY + (KINKS, Sample(T((2, 3)), 0.5), Sample(T((2, 3)), alpha=-1.5)))
row("celu_inplace", "CeluBackward1",
    float_kernel(lambda a, alpha=1.0: K.elu(a, alpha, 1.0, 1.0 / alpha),
                 lambda a, alpha=1.0: _elu_general(a, alpha, 1.0, 1.0 / alpha)),
    {"input": lambda m, g, out, a, alpha=1.0: _elu_grad(m, g, out, alpha, 1.0, _celu_backward_scale(alpha), True)},
    via="celu")


def _celu_alpha_checked(generic):
    """PyTorch refuses alpha 0 before anything else."""
    def celu(input, alpha=1.0, inplace=False):
        if alpha == 0:
            raise runtime_error("ZeroDivisionError: alpha cannot be 0 for CELU")
        return generic(input, alpha, inplace)
    return celu


OPS["celu"].call = _celu_alpha_checked(OPS["celu"].call)

# ***** hardsigmoid, hardswish, mish *****
HARD_KINKS = Sample(T(values=[-4.0, -3.0, -1.5, 0.0, 1.5, 3.0, 4.0]))
row("hardsigmoid", "HardsigmoidBackward0", K.hardsigmoid,
    {"input": lambda m, g, out, a: m.hardsigmoid_backward(g, a)},
    float_kernel="hardsigmoid_cpu", kind="unary", forms=F_FORMS, args="input, inplace=False",
    samples=UNARY + (HARD_KINKS, Sample(T((2, 3), low=-5, high=5))))
# NOTE: PyTorch has no derivative for hardsigmoid_backward: a gradient made
# with create_graph=True holds a NotImplemented node, and a backward through
# it is PyTorch's error.
backward_row("hardsigmoid_backward", "NotImplemented",
             lambda g, a: K.hardsigmoid_backward(g, a) if a.dtype in K.FLOATS
             else np.where((a > -3) & (a < 3), g * float(np.float32(1) / np.float32(6)), 0.0).astype(g.dtype),
             {"grad_output": no_derivative("hardsigmoid_backward"), "self": no_derivative("hardsigmoid_backward")})
row("hardswish", "HardswishBackward0", K.hardswish,
    {"input": lambda m, g, out, a: m.hardswish_backward(g, a)},
    float_kernel="hardswish_cpu", kind="unary", forms=F_FORMS, args="input, inplace=False",
    samples=UNARY + (HARD_KINKS, Sample(T((2, 3), low=-5, high=5))))
backward_row("hardswish_backward", "HardswishBackwardBackward0",
             lambda g, a: K.hardswish_backward(g, a) if a.dtype in K.FLOATS
             else np.where(a <= -3, 0.0, np.where(a >= 3, g, g * (a / 3 + 0.5))).astype(g.dtype),
             {"grad_output": lambda m, gg, out, g, a: m.hardswish_backward(gg, a),
              "self": lambda m, gg, out, g, a: m.where((m.data(a) > -3) & (m.data(a) < 3), gg * g / 3.0, 0.0)})


def _mish_grad(m, g, a):
    if K.on_float(m, a):
        return K.mish_backward(g, a)
    t = m.tanh(OPS["softplus"].call(a))
    return g * (t + a * m.sigmoid(a) * (1 - t * t))


row("mish", "MishBackward0", K.mish, {"input": lambda m, g, out, a: _mish_grad(m, g, a)},
    float_kernel="mish_cpu", kind="unary", forms=F_FORMS, args="input, inplace=False", samples=UNARY)


# ***** softsign, tanhshrink: composed as PyTorch composes them *****

@implements("softsign")
def softsign(input):
    """``input / (input.abs() + 1)``: DivBackward0."""
    x = as_tensor(input)
    return arith.div(x, arith.add(OPS["abs"].call(x), 1))


@implements("tanhshrink")
def tanhshrink(input):
    """``input - input.tanh()``: SubBackward0."""
    x = as_tensor(input)
    return arith.sub(x, OPS["tanh"].call(x))


row("softsign", "DivBackward0", None, forms=F_FORMS, args="input", samples=UNARY)
row("tanhshrink", "SubBackward0", None, forms=F_FORMS, args="input", samples=UNARY)


# ***** prelu: a learnt slope per channel *****
# NOTE: PyTorch's prelu views a weight of several slopes as [1, C, 1, ...]
# (ViewBackward0) and calls _prelu_kernel, whose backward kernel gives
# both gradients at the input's size (the weight's summed to its shape).
# Under create_graph its gradients are recorded as the ops of the formula
# (WhereBackward0, MulBackward0), not PyTorch's PreluKernelBackwardBackward0.
row("_prelu_kernel", "PreluKernelBackward0", lambda a, w: np.where(a > 0, a, w * a),
    {"input": lambda m, g, out, a, w: m.where(m.data(a) > 0, g, w * g),
     "weight": lambda m, g, out, a, w: m.where(m.data(a) > 0, 0.0, a * g)},
    via="prelu")


@implements("prelu")
def prelu(input, weight):
    """``F.prelu(input, weight)``: ATen's checks, the weight viewed to broadcast, ``_prelu_kernel``."""
    x = as_tensor(input)
    if type(weight) is not Tensor:
        raise type_error(f"prelu(): argument 'weight' (position 2) must be Tensor, not {type_name(weight)}")
    dt, wdt = D.of_array(x.data), D.of_array(weight.data)
    if dt is not wdt:
        raise runtime_error(f"prelu: Type promoting not supported. Got {dt.torch_type[:-6]} and "
                            f"{wdt.torch_type[:-6]}")
    nd, n = x.data.ndim, weight.data.size
    if n != 1:
        if nd == 0:
            raise runtime_error("Not allow zero-dim input tensor.")
        channels = x.shape[1] if nd > 1 else 1
        if channels != n:
            raise runtime_error("Mismatch of parameter numbers and input channel size. Found parameter numbers = "
                                f"{n} and channel size = {channels}.")
    if weight.data.ndim > 1:
        raise runtime_error(f"prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = "
                            f"{weight.data.ndim}")
    if dt.category < 2:
        raise GradcliError("NotImplementedError", f'"prelu_cpu" not implemented for \'{dt.torch_type[:-6]}\'')
    w = weight
    if nd != weight.data.ndim:
        w = shape.reshape(weight, tuple(n if (i == 1) else 1 for i in range(nd)))
    with np.errstate(all="ignore"):
        out = np.where(x.data > 0, x.data, w.data * x.data)
    return OPS["_prelu_kernel"].apply((x, w), {}, out)


row("prelu", "PreluKernelBackward0", None, forms=("torch", "method", "F", "bare"), args="input, weight",
    samples=(Sample(T((2, 3, 4)), T(values=[0.25, -0.5, 2.0])), Sample(T((2, 3)), T(values=[0.1])),
             Sample(T((5,)), T(values=[0.3])), Sample(T((4,)), T(values=[0.1, 0.2, 0.3, 0.4])), KINKS_PRELU))


# ***** softmax, log_softmax *****

# NOTE: PyTorch computes softmax in the input's precision: exp(x - max),
# their sum, then a multiplication by its reciprocal (over the last dim) or
# a division by it (over another). In float32 and float64 gradcli runs
# PyTorch's kernels (cpu_kernels.softmax_lastdim, softmax_other_dim...), bit
# for bit; in float16 the same steps with exp and log correctly rounded.
_exp, _log = rounded(np.exp), rounded(np.log)


def _softmax_array(a, dim):
    if not a.size:
        return a.copy()
    exact = K.softmax_lastdim(a, dim)
    if exact is None:
        exact = K.softmax_other_dim(a, dim)
    if exact is not None:
        return exact
    e = _exp(a - np.max(a, axis=dim, keepdims=True))
    return e * (np.asarray(1, dtype=a.dtype) / np.sum(e, axis=dim, keepdims=True))


def _log_softmax_array(a, dim):
    if not a.size:
        return a.copy()
    exact = K.log_softmax_lastdim(a, dim)
    if exact is None:
        exact = K.log_softmax_other_dim(a, dim)
    if exact is not None:
        return exact
    s = a - np.max(a, axis=dim, keepdims=True)
    return s - _log(np.sum(_exp(s), axis=dim, keepdims=True))


def _softmax_backward(g, out, dim):
    """PyTorch's ``_softmax_backward_data``, ``out * (g - sum(g * out))``:
    its float32 kernels' bits."""
    r = K.softmax_backward(g, out, dim)
    if r is None:
        r = K.softmax_backward_other_dim(g, out, dim)
    if r is None:
        from .mathspace import NUMPY       # (mathspace reads this module's rows)
        r = out * (g - NUMPY.sum(g * out, (dim,)))
    return r


def _log_softmax_backward(g, out, dim):
    """PyTorch's ``_log_softmax_backward_data``, ``g - exp(out) * sum(g)``:
    its float32 kernels' bits."""
    r = K.log_softmax_backward(g, out, dim)
    if r is None:
        r = K.log_softmax_backward_other_dim(g, out, dim)
    if r is None:
        from .mathspace import NUMPY
        r = g - NUMPY.exp(out) * NUMPY.sum(g, (dim,))
    return r


row("softmax", "SoftmaxBackward0", _softmax_array,
    {"input": lambda m, g, out, a, dim: m.softmax_backward(g, out, dim=dim)},
    forms=("torch", "method", "F", "bare"), args="input, dim=None, dtype=None",
    samples=(Sample(T((2, 3)), 1), Sample(T((2, 3)), 0), Sample(T((3,)), -1), Sample(T((2, 0)), 1)))
backward_row("softmax_backward", "SoftmaxBackwardDataBackward0", _softmax_backward,
             {"grad_output": lambda m, gg, res, g, y, dim: m.softmax_backward(gg, y, dim=dim),
              # PyTorch's softmax_double_backward
              "output": lambda m, gg, res, g, y, dim:
                 g * gg - m.sum(y * g, (dim,)) * gg - g * m.sum(y * gg, (dim,))})
row("log_softmax", "LogSoftmaxBackward0", _log_softmax_array,
    {"input": lambda m, g, out, a, dim: m.log_softmax_backward(g, out, dim=dim)},
    forms=("torch", "method", "F", "bare"), args="input, dim=None, dtype=None",
    samples=(Sample(T((2, 3)), 1), Sample(T((2, 3)), 0), Sample(T((3,)), -1)))
backward_row("log_softmax_backward", "LogSoftmaxBackwardDataBackward0", _log_softmax_backward,
             {"grad_output": lambda m, gg, res, g, y, dim: gg - m.sum(gg * m.exp(y), (dim,)),
              "output": lambda m, gg, res, g, y, dim: -m.sum(g, (dim,)) * m.exp(y) * gg})


def _softmax_call(key):
    def f(input, dim=None, _stacklevel=3, dtype=None):
        x = as_tensor(input)
        if dim is None:
            nd = x.data.ndim
            dim = 0 if nd in (0, 1, 3) else 1
            CONTEXT.warning(f"Implicit dimension choice for {key} has been deprecated. "
                            "Change the call to include dim=X as an argument.")
        if not isinstance(dim, int) or isinstance(dim, bool):
            from .operands import type_name
            raise type_error(f"{key}(): argument 'dim' (position 2) must be int, not {type_name(dim)}")
        d = normalize_dim(dim, x.data.ndim)
        if dtype is not None:
            x = arith.to_dtype(x, dtype)
        elif x.data.dtype.kind != "f":
            raise GradcliError("NotImplementedError", f'"{key}_lastdim_kernel_impl" not implemented for '
                               f"'{D.of_array(x.data).torch_type[:-6]}'")
        op = OPS[key]
        return op.apply((x,), {"dim": d}, op.forward(x.data, d) if x.data.ndim else op.forward(x.data, None))
    f.__name__ = f.__qualname__ = key
    return f


softmax = implements("softmax")(_softmax_call("softmax"))
log_softmax = implements("log_softmax")(_softmax_call("log_softmax"))


# ***** linear *****
row("addmm", "AddmmBackward0", lambda c, a, b, beta=1, alpha=1: blas.addmm(c, a, b) if beta == 1 and alpha == 1
    else beta * c + alpha * (a @ b),
    {"input": lambda m, g, out, c, a, b, beta=1, alpha=1: g if beta == 1 else g * beta,
     "mat1": lambda m, g, out, c, a, b, beta=1, alpha=1: mm_mat1_grad(m, g, a, b) if alpha == 1
        else mm_mat1_grad(m, g, a, b) * alpha,
     "mat2": lambda m, g, out, c, a, b, beta=1, alpha=1: mm_mat2_grad(m, g, a, b) if alpha == 1
        else mm_mat2_grad(m, g, a, b) * alpha},
    forms=("torch", "method", "bare"), args="input, mat1, mat2, *, beta=1, alpha=1",
    samples=(Sample(T((3,)), T((2, 4)), T((4, 3))), Sample(T((2, 3)), T((2, 4)), T((4, 3)), beta=0.5, alpha=2)))


@implements("addmm")
def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    c, a, b = as_tensor(input), as_tensor(mat1), as_tensor(mat2)
    if not (c.data.dtype == b.data.dtype == a.data.dtype):
        # NOTE: PyTorch checks the dtypes before the shapes, self against mat2 first
        x, y = (c, b) if c.data.dtype != b.data.dtype else (a, b)
        raise runtime_error(f"{'self' if x is c else 'mat1'} and mat2 must have the same dtype, but got "
                            f"{x.dtype.torch_type[:-6]} and {y.dtype.torch_type[:-6]}")
    if a.data.ndim != 2 or b.data.ndim != 2:
        raise runtime_error(f"mat1 must be a matrix, got {a.data.ndim}-D tensor" if a.data.ndim != 2
                            else f"mat2 must be a matrix, got {b.data.ndim}-D tensor")
    if a.shape[1] != b.shape[0]:
        raise runtime_error(f"mat1 and mat2 shapes cannot be multiplied ({a.shape[0]}x{a.shape[1]} and "
                            f"{b.shape[0]}x{b.shape[1]})")
    if c.shape != (a.shape[0], b.shape[1]):
        shape.expand(c, a.shape[0], b.shape[1])            # PyTorch's expand_size and its message
    dt = D.of_array(c.data)
    attrs = {} if beta == 1 and alpha == 1 else {"beta": beta, "alpha": alpha}
    op = OPS["addmm"]
    out = op.forward(*(as_compute(t, dt) for t in (c, a, b)), **attrs)
    shape_ = (a.shape[0], b.shape[1])
    if out.shape != shape_:
        out = np.broadcast_to(out, shape_)
    # NOTE: a writable array of its own (a broadcast view is read-only: `y += 1` would fail)
    out = np.require(out, requirements=("C", "W"))
    return op.apply((c, a, b), attrs, as_dtype(out, dt), dt)


@implements("linear")
def linear(input, weight, bias=None):
    """PyTorch's linear: ``addmm`` for a 2-D input with a bias (views around
    it for other ranks), ``matmul`` without a bias."""
    x, w = as_tensor(input), as_tensor(weight)
    if x.data.ndim == 0 or w.data.ndim == 0:
        raise runtime_error(f"both arguments to linear need to be at least 1D, but they are {x.data.ndim}D "
                            f"and {w.data.ndim}D")
    if bias is None:
        return arith.matmul(x, shape.t(w))
    b = as_tensor(bias)
    if x.data.ndim == 2:
        return addmm(b, x, shape.t(w))
    if b.data.ndim != 1 or not shape.viewable(x.data):
        # NOTE: PyTorch flattens only a contiguous input with a 1-D bias; else matmul, then add_ the bias
        from .names import METHODS
        return METHODS["add_"](arith.matmul(x, shape.t(w)), b)
    lead = x.shape[:-1]
    flat = shape.view(x, -1, x.shape[-1])
    return shape.view(addmm(b, flat, shape.t(w)), *lead, w.shape[0])


row("linear", "AddmmBackward0", None, forms=("F", "bare"), args="input, weight, bias=None",
    doc="AddmmBackward0 (2-D input with bias), ViewBackward0 (other ranks), MmBackward0, ... without",
    samples=(Sample(T((2, 3)), T((4, 3)), T((4,))), Sample(T((3,)), T((4, 3)), T((4,))),
             Sample(T((2, 2, 3)), T((4, 3)), T((4,))), Sample(T((2, 3)), T((4, 3))),
             Sample(T((3,)), T((4, 3))), Sample(T((2, 2, 3)), T((4, 3)))))


# ***** normalize, cosine_similarity *****

@implements("normalize")
def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    x = as_tensor(input)
    denom = OPS["clamp_min"].call(stats.norm(x, p, dim, keepdim=True), eps)
    return arith.div(x, shape.expand(denom, x.shape))


row("normalize", "DivBackward0", None, forms=F_FORMS, call=normalize, args="input, p=2.0, dim=1, eps=1e-12, out=None",
    samples=(Sample(T((2, 3))), Sample(T((2, 3)), dim=0), Sample(T((2, 3)), 1.0, 1)))


@implements("cosine_similarity")
def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """PyTorch's: each input over its norm (the norms clamped to eps without
    a gradient), multiplied and summed over ``dim``."""
    a, b = as_tensor(x1), as_tensor(x2)
    shp = broadcast_shape(a.shape, b.shape)
    d = normalize_dim(dim, len(shp))
    parts = []
    for t in (a, b):
        if t.shape != shp:
            t = shape.expand(t, shp)
        n = OPS["clone"].call(stats.norm(t, 2, d, keepdim=True))
        np.maximum(n.data, eps, out=n.data)
        parts.append(arith.div(t, n))
    return arith.sum(arith.mul(parts[0], parts[1]), d)


row("cosine_similarity", "SumBackward1", None, forms=("torch", "F", "bare"), call=cosine_similarity,
    args="x1, x2, dim=1, eps=1e-8",
    samples=(Sample(T((2, 3)), T((2, 3))), Sample(T((2, 3)), T((3,)), dim=-1), Sample(T((2, 3)), T((2, 3)), 0)))


# ***** embeddings and one_hot *****

def _embedding_grad(m, g, weight, indices, padding_idx):
    """The rows of ``g`` added into zeros of ``weight``'s shape at their
    indices, one after another in index order (PyTorch's dense embedding
    backward), none for ``padding_idx``."""
    key = indices
    if padding_idx is not None:
        flat = indices.reshape(-1)
        keep = np.flatnonzero(flat != padding_idx)
        g = m.take(m.reshape(g, (flat.size, weight.shape[1])), (keep,))
        key = flat[keep]
    return m.embed_add(g, weight.shape, (key,))


row("embedding", "EmbeddingBackward0", lambda weight, indices, padding_idx: weight[indices],
    {"weight": lambda m, g, out, weight, indices, padding_idx: _embedding_grad(m, g, weight, indices, padding_idx)},
    forms=F_FORMS, args="input, weight, padding_idx=None, max_norm=None, norm_type=2.0, "
                        "scale_grad_by_freq=False, sparse=False",
    samples=(Sample(T(values=[[0, 2], [1, 0]], dtype="int64", grad=False), T((3, 4))),
             Sample(T(values=2, dtype="int64", grad=False), T((3, 2))),
             # NOTE: the padding row gets no gradient, which is not its derivative: explicit
             # values, so the finite differences leave these to the PyTorch goldens
             Sample(T(values=[3, 0, 3, 1], dtype="int64", grad=False),
                    T(values=[[0.5, -1.0], [2.0, 0.25], [1.5, -0.5], [0.75, 3.0]]), padding_idx=3),
             Sample(T(values=[1, 1, 0], dtype="int32", grad=False),
                    T(values=[[0.5, -1.5, 2.0], [1.25, 0.0, -0.75]], dtype="float64"), padding_idx=-2)))


@implements("embedding")
def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
              sparse=False):
    idx, w = as_tensor(input), as_tensor(weight)
    if idx.data.dtype not in (np.int64, np.int32):
        raise runtime_error("Expected tensor for argument #1 'indices' to have one of the following scalar types: "
                            f"Long, Int; but got torch.{idx.dtype.torch_type} instead (while checking arguments "
                            "for embedding)")
    if w.data.ndim != 2:
        raise runtime_error("'weight' must be 2-D")
    if max_norm is not None or scale_grad_by_freq or sparse:
        raise GradcliError("NotImplementedError", "gradcli does not support embedding's max_norm, "
                           "scale_grad_by_freq or sparse yet")
    n = w.shape[0]
    if idx.data.size and (idx.data.min() < 0 or idx.data.max() >= n):
        raise index_error("index out of range in self")
    if padding_idx is not None:
        if not -n <= padding_idx < n:
            raise GradcliError("AssertionError", "Padding_idx must be within num_embeddings")
        padding_idx %= n
    attrs = {"indices": idx.data.astype(np.int64), "padding_idx": padding_idx}
    op = OPS["embedding"]
    return op.apply((w,), attrs, op.forward(w.data, **attrs))


def one_hot(tensor, num_classes=-1):
    """``F.one_hot``: int64 classes to rows of zeros with a one (no gradient)."""
    t = as_tensor(tensor)
    if t.data.dtype != np.int64:
        raise runtime_error("one_hot is only applicable to index tensor of type LongTensor.")
    if num_classes == -1:
        if t.data.size == 0:
            raise runtime_error("Can not infer total number of classes from empty tensor.")
        num_classes = int(t.data.max()) + 1
    if t.data.size and t.data.min() < 0:
        raise runtime_error("Class values must be non-negative.")
    if t.data.size and t.data.max() >= num_classes or num_classes < 0:
        raise runtime_error("Class values must be smaller than num_classes.")
    CONTEXT.check_size(t.data.size * num_classes)
    out = np.zeros(t.data.shape + (num_classes,), np.int64)
    np.put_along_axis(out, t.data[..., None], 1, axis=-1)
    return Tensor(out)

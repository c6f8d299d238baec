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
from .formulas import no_derivative
from .oprow import KEEP, Sample, T, implements, row
from .operands import as_compute, as_dtype, as_tensor, broadcast_shape, normalize_dim, result_dtype
from .table import OPS, UNARY, mm_mat1_grad, mm_mat2_grad, rounded

F_FORMS = ("F", "bare")
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
KINKS = Sample(T(values=[-1.0, 0.0, 0.5, 1.0, 6.0, 7.0]))

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
# NOTE: ELU's gradient at 0 is alpha (the x <= 0 branch), as PyTorch's.
def _elu(a, alpha=1.0):
    return np.where(a > 0, a, alpha * np.expm1(np.minimum(a, 0)))


_elu_forward = float_kernel(K.elu, _elu)
row("elu", "EluBackward0", _elu_forward,
    {"input": lambda m, g, out, a, alpha=1.0: K.elu_backward(g, a, alpha) if K.on_float(m, a)
        else m.where(m.data(a) > 0, g, g * (alpha * m.exp(a)))},
    float_kernel="elu_cpu", kind="unary", forms=F_FORMS, args="input, alpha=1.0, inplace=False",
    samples=UNARY + (Sample(T((2, 3)), 0.5), KINKS))


row("elu_inplace", "EluBackward1", _elu_forward,
    {"input": lambda m, g, out, a, alpha=1.0: m.where(m.data(out) > 0, g, g * (out + alpha))},
    via="elu")


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


def _gelu_grad(m, g, a, approximate):
    if approximate == "none" and not m.is_tensor:
        if a.dtype == np.float64:
            return K.gelu64_backward(g, a)
        if a.dtype == np.float32 and g.dtype == np.float32:
            if onednn.takes(a):
                return onednn.gelu_erf_backward(np.broadcast_to(g, a.shape), a)
            return K.gelu32_backward(g, a)
    if approximate == "tanh" and not m.is_tensor and a.dtype == np.float32 and g.dtype == np.float32:
        return K.gelu_tanh32_backward(g, a)
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


row("gelu", "GeluBackward0", _gelu_forward,
    {"input": lambda m, g, out, a, approximate="none": _gelu_grad(m, g, a, approximate)},
    float_kernel="GeluKernelImpl", kind="unary", forms=F_FORMS, args="input, approximate='none'",
    samples=UNARY + (Sample(T((2, 3)), approximate="tanh"),))


def _sigmoid64(a):
    return 1 / (1 + np.exp(-a))


row("silu", "SiluBackward0",
    float_kernel(K.silu, lambda a: (a.astype(np.float64) * _sigmoid64(a.astype(np.float64))).astype(a.dtype)),
    {"input": lambda m, g, out, a: K.silu_backward(g, a) if K.on_float(m, a)
        else g * (m.sigmoid(a) * (1 + a * (1 - m.sigmoid(a))))},
    float_kernel="silu_cpu", kind="unary", forms=F_FORMS, args="input, inplace=False", samples=UNARY)
row("softplus", "SoftplusBackward0",
    float_kernel(K.softplus,
                   lambda a, beta=1.0, threshold=20.0: np.where(a * beta > threshold, a, np.log1p(np.exp(a * beta)) / beta)),
    {"input": lambda m, g, out, a, beta=1.0, threshold=20.0:
        K.softplus_backward(g, a, beta, threshold) if K.on_float(m, a)
        else m.where(m.data(a) * beta > threshold, g, g * m.sigmoid(a * beta))},
    float_kernel="softplus_cpu", kind="unary", forms=F_FORMS, args="input, beta=1.0, threshold=20.0",
    samples=UNARY + (Sample(T((2, 3)), 2.0, 1.0),))
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
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def _elu_general(a, alpha, scale, input_scale):
    x = a.astype(np.float64)
    return np.where(x >= 0, x * scale, np.expm1(x * input_scale) * (alpha * scale)).astype(a.dtype)


def _elu_grad(m, g, a, alpha, scale, input_scale, is_result=False):
    """elu_backward of the input ``a`` (or, ``is_result``, of the result)."""
    if K.on_float(m, a):
        return K.elu_backward(g, a, alpha, scale, input_scale, is_result)
    below = g * input_scale * (a + alpha * scale) if is_result else \
        g * (input_scale * alpha * scale) * m.exp(a * input_scale)
    return m.where(m.data(a) > 0, g * scale, below)


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
# NOTE: PyTorch has no derivative for hardsigmoid's backward: under
# create_graph the first gradient's node is NotImplemented.
row("hardsigmoid_backward", "NotImplemented", K.hardsigmoid_backward,
    {"grad_output": no_derivative("hardsigmoid_backward"), "self": no_derivative("hardsigmoid_backward")},
    via="hardsigmoid")
row("hardsigmoid", "HardsigmoidBackward0", K.hardsigmoid,
    {"input": lambda m, g, out, a: K.hardsigmoid_backward(g, a) if not m.is_tensor
        else OPS["hardsigmoid_backward"].apply((g, a), {}, K.hardsigmoid_backward(g.data, a.data))},
    float_kernel="hardsigmoid_cpu", kind="unary", forms=F_FORMS, args="input, inplace=False",
    samples=UNARY + (HARD_KINKS, Sample(T((2, 3), low=-5, high=5))))
row("hardswish", "HardswishBackward0", K.hardswish,
    {"input": lambda m, g, out, a: K.hardswish_backward(g, a) if K.on_float(m, a)
        else m.where(m.data(a) <= -3, 0.0, m.where(m.data(a) >= 3, g, g * (a / 3 + 0.5)))},
    float_kernel="hardswish_cpu", kind="unary", forms=F_FORMS, args="input, inplace=False",
    samples=UNARY + (HARD_KINKS, Sample(T((2, 3), low=-5, high=5))))


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


# ***** softmax, log_softmax *****

# NOTE: PyTorch computes softmax in the input's precision: exp(x - max),
# their sum, then a multiplication by its reciprocal (over the last dim) or
# a division by it (over another). In float32 gradcli runs PyTorch's kernels
# (cpu_kernels.softmax_lastdim, softmax_other_dim...), bit for bit; in
# float64 the same steps with exp and log correctly rounded, which mostly
# agree to the last bit.
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


def _softmax_grad(m, g, out, dim):
    """``out * (g - sum(g * out))``: PyTorch's float32 kernels' bits."""
    r = None if m.is_tensor else K.softmax_backward(g, out, dim)
    if r is None and not m.is_tensor:
        r = K.softmax_backward_other_dim(g, out, dim)
    return out * (g - m.sum(g * out, (dim,))) if r is None else r


def _log_softmax_grad(m, g, out, dim):
    """``g - exp(out) * sum(g)``: PyTorch's float32 kernels' bits."""
    r = None if m.is_tensor else K.log_softmax_backward(g, out, dim)
    if r is None and not m.is_tensor:
        r = K.log_softmax_backward_other_dim(g, out, dim)
    return g - m.exp(out) * m.sum(g, (dim,)) if r is None else r


row("softmax", "SoftmaxBackward0", _softmax_array,
    {"input": lambda m, g, out, a, dim: _softmax_grad(m, g, out, dim)},
    forms=("torch", "method", "F", "bare"), args="input, dim=None, dtype=None",
    samples=(Sample(T((2, 3)), 1), Sample(T((2, 3)), 0), Sample(T((3,)), -1), Sample(T((2, 0)), 1)))
row("log_softmax", "LogSoftmaxBackward0", _log_softmax_array,
    {"input": lambda m, g, out, a, dim: _log_softmax_grad(m, g, out, dim)},
    forms=("torch", "method", "F", "bare"), args="input, dim=None, dtype=None",
    samples=(Sample(T((2, 3)), 1), Sample(T((2, 3)), 0), Sample(T((3,)), -1)))


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
    if a.data.ndim != 2 or b.data.ndim != 2:
        raise runtime_error(f"mat1 must be a matrix, got {a.data.ndim}-D tensor" if a.data.ndim != 2
                            else f"mat2 must be a matrix, got {b.data.ndim}-D tensor")
    if a.shape[1] != b.shape[0]:
        raise runtime_error(f"mat1 and mat2 shapes cannot be multiplied ({a.shape[0]}x{a.shape[1]} and "
                            f"{b.shape[0]}x{b.shape[1]})")
    broadcast_shape(c.shape, (a.shape[0], b.shape[1]))
    dt = result_dtype(c, a, b)
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
    if bias is None:
        return arith.matmul(x, shape.t(w))
    b = as_tensor(bias)
    if x.data.ndim == 2:
        return addmm(b, x, shape.t(w))
    if x.data.ndim == 0:
        raise runtime_error("both arguments to linear need to be at least 1D, but they are 0D and 2D")
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

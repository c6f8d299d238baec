"""Elementwise math beyond the first arithmetic rows: one row per op. Rows
with ``kind="unary"``/``"binary"`` get their function from the row itself
(``ops/oprow.py``); clamp, lerp, remainder and fmod pick a grad_fn by the
kind of their arguments, as PyTorch does, so they have a short function.

To add an elementwise op, add one row here (with samples).
"""
from __future__ import annotations

import math

import numpy as np

from ..engine import libm, special
from ..engine.fma import fma32, fma64
from ..engine.tensor import Tensor
from ..engine import dtypes as D
from ..errors import GradcliError, runtime_error, type_error
from . import cpu_kernels as K
from . import compare
from .compare import div_rounding
from .cpu_kernels import float_kernel
from .device import write_out
from .oprow import BOOL_RESULT, KEEP, Sample, T, implements, no_derivative, row, samples
from .operands import (as_compute, as_dtype, as_tensor, broadcast_shape, checked_scalar, operand, result_dtype,
                       shape_of, type_name)
from .table import F32, METHOD_FORMS, OPS, POSITIVE, UNARY, mkl_first, rounded

_LN2, _LN10 = math.log(2.0), 2.3025850929940456   # PyTorch's constants (math.log(10.0) is 1 ulp off)
UNIT = samples((T((2, 3), low=-0.9, high=0.9),), (T((), low=-0.9, high=0.9),))
BINARY = samples(((2, 3), (2, 3)), ((2, 1), (3,)), ((), (2,)), ((0,), (1,)))
# NOTE: floor, ceil, round, trunc and sign have zero gradient everywhere
# (PyTorch's choice at the jumps too); samples avoid the jumps themselves.
STEPS = samples(((2, 3),), ((),)) + (Sample(T(values=[-1.5, -0.25, 0.0, 0.75, 2.5])),)


def _erf_array(a):
    return np.asarray(np.frompyfunc(math.erf, 1, 1)(a.astype(np.float64)), dtype=np.float64).astype(a.dtype)


def _cube(m, x):
    """``x.pow(3)``: PyTorch's kernel multiplies ``x * x * x``."""
    return x ** 3 if m.is_tensor else x * x * x


# ***** unary math *****
row("rsqrt", "RsqrtBackward0", lambda a: 1 / np.sqrt(a), {"input": lambda m, g, out, a: -0.5 * g * _cube(m, out)},
    kind="unary", forms=METHOD_FORMS, samples=POSITIVE)
row("exp2", "Exp2Backward0", float_kernel(K.exp2, np.exp2), {"input": lambda m, g, out, a: g * out * _LN2},
    kind="unary", forms=METHOD_FORMS, samples=UNARY)
row("expm1", "Expm1Backward0", float_kernel(K.expm1, np.expm1), {"input": lambda m, g, out, a: g * (out + 1)},
    kind="unary", forms=METHOD_FORMS, samples=UNARY)
row("log2", "Log2Backward0", mkl_first("log2", rounded(np.log2)), {"input": lambda m, g, out, a: g / (a * _LN2)},
    kind="unary", forms=METHOD_FORMS, samples=POSITIVE)
row("log10", "Log10Backward0", mkl_first("log10", rounded(np.log10)), {"input": lambda m, g, out, a: g / (a * _LN10)},
    kind="unary", forms=METHOD_FORMS, samples=POSITIVE)
row("log1p", "Log1PBackward0", float_kernel(K.log1p, np.log1p), {"input": lambda m, g, out, a: g / (a + 1)},
    kind="unary", forms=METHOD_FORMS, samples=POSITIVE + UNIT[:1])
row("tan", "TanBackward0", mkl_first("tan", rounded(np.tan)), {"input": lambda m, g, out, a: g * (1 + out * out)},
    kind="unary", forms=METHOD_FORMS, samples=UNIT)
row("asin", "AsinBackward0", mkl_first("asin", rounded(np.arcsin)),
    {"input": lambda m, g, out, a: g * m.rsqrt(-a * a + 1)},
    kind="unary", forms=METHOD_FORMS, aliases=("arcsin",), samples=UNIT)
row("acos", "AcosBackward0", mkl_first("acos", rounded(np.arccos)),
    {"input": lambda m, g, out, a: g * -m.rsqrt(-a * a + 1)},
    kind="unary", forms=METHOD_FORMS, aliases=("arccos",), samples=UNIT)
row("atan", "AtanBackward0", mkl_first("atan", rounded(np.arctan)), {"input": lambda m, g, out, a: g / (a * a + 1)},
    kind="unary", forms=METHOD_FORMS, aliases=("arctan",), samples=UNARY)
row("sinh", "SinhBackward0", float_kernel(K.sinh, np.sinh), {"input": lambda m, g, out, a: g * m.cosh(a)},
    kind="unary", forms=METHOD_FORMS, samples=UNARY)
row("cosh", "CoshBackward0", float_kernel(K.cosh, np.cosh), {"input": lambda m, g, out, a: g * m.sinh(a)},
    kind="unary", forms=METHOD_FORMS, samples=UNARY)
row("erf", "ErfBackward0", mkl_first("erf", _erf_array),
    {"input": lambda m, g, out, a: (2.0 / math.sqrt(math.pi)) * m.exp(-(a * a)) * g},
    kind="unary", forms=METHOD_FORMS, samples=UNARY)
# NOTE: erfc and erfinv are MKL's in PyTorch (as erf is); without MKL, erfc
# rounded from float64 and PyTorch's own calc_erfinv stand in. digamma is
# PyTorch's calc_digamma step by step (engine/special.py), its gradient
# trigamma (PolygammaBackward0 in a second derivative). lgamma is SLEEF's
# (engine/sleef.py), as PyTorch's vectorised loop computes every element.
row("erfc", "ErfcBackward0", mkl_first("erfc", rounded(np.vectorize(math.erfc, otypes=[np.float64]))),
    {"input": lambda m, g, out, a: (-2.0 / math.sqrt(math.pi)) * m.exp(-(a * a)) * g},
    kind="unary", forms=METHOD_FORMS, samples=UNARY)
row("erfinv", "ErfinvBackward0", mkl_first("erfinv", special.erfinv),
    {"input": lambda m, g, out, a: (0.5 * math.sqrt(math.pi)) * m.exp(out * out) * g},
    kind="unary", forms=METHOD_FORMS, samples=UNIT + (Sample(T(values=[-1.0, -0.5, 0.0, 0.25, 1.0])),))
row("digamma", "DigammaBackward0", special.digamma, {"input": lambda m, g, out, a: g * m.trigamma(a)},
    kind="unary", forms=METHOD_FORMS,
    samples=POSITIVE + (Sample(T((2, 3), low=-4, high=4)), Sample(T(values=[-2.0, -1.5, 0.0, 1.0, 10.0])), Sample(F32)))
row("lgamma", "LgammaBackward0",
    float_kernel(K.lgamma, rounded(np.vectorize(math.lgamma, otypes=[np.float64]))),
    {"input": lambda m, g, out, a: g * m.digamma(a)}, kind="unary", forms=METHOD_FORMS,
    samples=POSITIVE + (Sample(T((2, 3), low=-4, high=4)), Sample(T(values=[-2.0, -1.5, 0.0, 1.0, 2.0])), Sample(F32)))
row("trigamma", "PolygammaBackward0", special.trigamma,
    {"input": lambda m, g, out, a: g * m.const(special.tetragamma(m.data(a)))}, kind="unary", via="digamma")
row("deg2rad", "Deg2RadBackward0", lambda a: a * a.dtype.type(math.pi / 180),
    {"input": lambda m, g, out, a: g * (math.pi / 180)}, kind="unary", forms=METHOD_FORMS, samples=UNARY)
# NOTE: PyTorch multiplies by 180 / pi (its M_180_PI, the same double) in the tensor's dtype
row("rad2deg", "Rad2DegBackward0", lambda a: a * a.dtype.type(180 / math.pi),
    {"input": lambda m, g, out, a: g * (180 / math.pi)}, kind="unary", forms=METHOD_FORMS, samples=UNARY)
row("frac", "FracBackward0", lambda a: a - np.trunc(a), {"input": lambda m, g, out, a: g},
    kind="unary", forms=METHOD_FORMS, samples=STEPS[:2])
def sign_array(a):
    """PyTorch's sign: ``(0 < x) - (x < 0)``, so 0 for NaN and +0 for -0.0 (numpy's sign keeps both)."""
    if a.dtype.kind != "f":
        return np.sign(a)
    return (a > 0).astype(a.dtype) - (a < 0).astype(a.dtype)


row("sign", "SignBackward0", sign_array, {"input": lambda m, g, out, a: m.zeros_like(g)},
    kind="unary", dtype=KEEP, forms=METHOD_FORMS, samples=STEPS)
row("floor", "FloorBackward0", np.floor, {"input": lambda m, g, out, a: m.zeros_like(g)},
    kind="unary", dtype=KEEP, forms=METHOD_FORMS, samples=STEPS)
row("ceil", "CeilBackward0", np.ceil, {"input": lambda m, g, out, a: m.zeros_like(g)},
    kind="unary", dtype=KEEP, forms=METHOD_FORMS, samples=STEPS)
row("trunc", "TruncBackward0", np.trunc, {"input": lambda m, g, out, a: m.zeros_like(g)},
    kind="unary", dtype=KEEP, forms=METHOD_FORMS, aliases=("fix",), samples=STEPS)
row("round", "RoundBackward0", np.round, {"input": lambda m, g, out, a: m.zeros_like(g)},
    dtype=KEEP, forms=METHOD_FORMS, args="input, *, decimals=None",
    samples=STEPS + (Sample(T((2, 3)), decimals=1),))
row("round_decimals", "RoundBackward1", lambda a, decimals: np.round(a, decimals),
    {"input": lambda m, g, out, a, decimals: m.zeros_like(g)}, via="round")


@implements("round")
def round(input, *, decimals=None):
    """NOTE: an explicit decimals, even 0, is RoundBackward1."""
    x = as_tensor(input)
    if decimals is None:
        return OPS["round"].apply((x,), {}, np.round(x.data))
    if x.data.dtype.kind != "f":
        raise runtime_error('"round_cpu" not implemented for \'Long\'')
    return OPS["round_decimals"].apply((x,), {"decimals": decimals}, np.round(x.data, decimals))


row("square", "PowBackward0", None, forms=METHOD_FORMS, samples=UNARY)


@implements("square")
def square(input):
    from .arith import pow
    return pow(as_tensor(input), 2)


# ***** binary math *****
def _atan2_recip(m, a, b):
    """PyTorch's ``1 / (a * a + b * b)`` in atan2's gradient, 0 where that
    sum is 0 (both inputs 0, or their squares too small): the gradient at
    the origin is 0, its sign from ``g * b`` and ``g * -a``, not NaN."""
    total = a * a + b * b
    return m.where(m.data(total) == 0, 0.0, m.reciprocal(total))


# NOTE: PyTorch's products in its order: (g * b) * recip, (g * -a) * recip.
row("atan2", "Atan2Backward0", lambda a, b: np.arctan2(a, b),
    {"input": lambda m, g, out, a, b: g * b * _atan2_recip(m, a, b),
     "other": lambda m, g, out, a, b: g * -a * _atan2_recip(m, a, b)},
    kind="binary", forms=METHOD_FORMS, aliases=("arctan2",), number_other=False,
    samples=BINARY + (Sample(T((2,)), 2.0),))


row("hypot", "HypotBackward0", lambda a, b: np.hypot(a, b),
    {"input": lambda m, g, out, a, b: g * a / out, "other": lambda m, g, out, a, b: g * b / out},
    kind="binary", forms=METHOD_FORMS, number_other=False, samples=BINARY[:3])
row("logaddexp", "LogaddexpBackward0", lambda a, b: np.logaddexp(a, b),
    {"input": lambda m, g, out, a, b: g * m.exp(a - out), "other": lambda m, g, out, a, b: g * m.exp(b - out)},
    kind="binary", forms=("torch", "method", "bare"), number_other=False, samples=BINARY[:3])
row("asinh", "AsinhBackward0", libm.asinh, {"input": lambda m, g, out, a: g * m.rsqrt(a * a + 1)},
    kind="unary", forms=METHOD_FORMS, aliases=("arcsinh",), samples=UNARY)
row("acosh", "AcoshBackward0", libm.acosh, {"input": lambda m, g, out, a: g * m.rsqrt(a * a - 1)},
    kind="unary", forms=METHOD_FORMS, aliases=("arccosh",),
    samples=samples((T((2, 3), low=1.5, high=3.0),), (T((), low=1.5, high=3.0),)))
row("atanh", "AtanhBackward0", float_kernel(K.atanh, np.arctanh), {"input": lambda m, g, out, a: g / (1 - a * a)},
    kind="unary", forms=METHOD_FORMS, aliases=("arctanh",), samples=UNIT)


# NOTE: PyTorch has no derivative for asinh_, acosh_ and atanh_ (x.asinh_(),
# torch.asinh_): their node (AsinhBackward1, ...) raises at backward time.
def _no_inplace_derivative(name):
    def rule(m, g, out, a):
        raise GradcliError("NotImplementedError", f"the derivative for 'inplace version of {name}' is not implemented.")
    return rule


for _name in ("asinh", "acosh", "atanh"):
    row(_name + "_inplace", _name.capitalize() + "Backward1", OPS[_name].forward,
        {"input": _no_inplace_derivative(_name)}, via=_name)


def _pair(input, other):
    """(a, b, result dtype) of a binary op, broadcasting checked."""
    a, b = operand(input), operand(other)
    if type(a) is not Tensor:
        a = as_tensor(a)
    broadcast_shape(shape_of(a), shape_of(b))
    return a, b, result_dtype(a, b)


def _binary_rows(name, grad_fn_tensor, grad_fn_scalar, forward, other_rule):
    """A binary op with a Tensor other (``grad_fn_tensor``) and a number
    other (``grad_fn_scalar``), as remainder and fmod are."""
    row(name + "_scalar", grad_fn_scalar, forward, {"input": lambda m, g, out, a, b: g, "other": None},
        via=name)
    return row(name, grad_fn_tensor, forward,
               {"input": lambda m, g, out, a, b: g, "other": other_rule},
               forms=METHOD_FORMS, samples=samples(((2, 3), T((2, 3), low=0.5)), ((3,), T((2, 1), low=0.5)))
               + (Sample(T((2, 3)), 0.75),))


def _apply_binary(name, input, other):
    a, b, dt = _pair(input, other)
    with np.errstate(all="ignore"):
        if dt.category < 2:
            from . import compare
            return getattr(compare, name)(a, b)
        op = OPS[_binary_key(name, input, b)]
        out = op.forward(as_compute(a, dt), as_compute(b, dt))
        return op.apply((a, b), {}, as_dtype(out, dt), dt)


def _binary_key(name, input, other):
    """The row of ``name`` for these operands, as PyTorch picks its overload."""
    if name == "floor_divide":
        return name
    if type(other) is not Tensor:
        return name + "_scalar"
    if name == "remainder" and type(operand(input)) is not Tensor:
        return "rremainder"
    return name


def _remainder(a, b):
    """PyTorch's remainder of floats: C's fmod, plus the divisor where their
    signs differ (Python's %). A zero keeps fmod's sign, the dividend's
    (-1.5 % 0.5 is -0.), where numpy's remainder takes the divisor's."""
    mod = np.fmod(a, b)
    return np.where((mod != 0) & ((np.asarray(b) < 0) != (mod < 0)), mod + b, mod)


# NOTE: fmod takes the sign of the dividend (C's fmod).
# NOTE: the quotient in other's gradient is a recorded div (DivBackward2, zero
# gradient), so under create_graph that gradient is in the inputs' graph.
_binary_rows("remainder", "RemainderBackward1", "RemainderBackward0", _remainder,
             lambda m, g, out, a, b: -g * m.div_rounding(a, b, "floor"))
_binary_rows("fmod", "FmodBackward1", "FmodBackward0", lambda a, b: np.fmod(a, b),
             lambda m, g, out, a, b: -g * m.div_rounding(a, b, "trunc"))
# NOTE: PyTorch has no derivative for remainder(number, tensor) (`2.0 % x`)
# nor for floor_divide (`x // 0.5`, `3 // x`, `x // y`): the result holds a
# NotImplemented node, with an edge for each input that requires grad, and a
# backward through it is its error. Its floor is Python's: 1 // 0.1 is 9.
row("rremainder", "NotImplemented", _remainder, {"self": None, "other": no_derivative("remainder")},
    via="remainder")
_NO_GRAD_INTS = T(values=[[5, -7, 0], [9, -3, 4]], dtype="int64", grad=False)
row("floor_divide", "NotImplemented", np.floor_divide,
    {"input": no_derivative("floor_divide"), "other": no_derivative("floor_divide")},
    forms=("torch", "method", "inplace"), args="input, other, *, out=None",
    samples=(Sample(_NO_GRAD_INTS, T(values=[2, -2, 3], dtype="int64", grad=False)), Sample(_NO_GRAD_INTS, 2.5),
             Sample(T((2, 3), grad=False), 0.5), Sample(T((2, 3), grad=False), T((2, 1), low=0.5, grad=False)),
             Sample(T(values=[1.0, 2.5, -1.25], dtype="float32", grad=False), -0.75)))
implements("fmod")(lambda input, other: _apply_binary("fmod", input, other))


@implements("remainder")
def remainder(input, other):
    """``torch.remainder`` and the ``%`` operator."""
    return _apply_binary("remainder", input, other)


@implements("floor_divide")
def floor_divide(input, other, *, out=None):
    """``torch.floor_divide`` and the ``//`` operator: integers exactly
    (compare.py), floats with a NotImplemented node."""
    result = _apply_binary("floor_divide", input, other)
    if out is None:
        return result
    # NOTE: PyTorch's out= takes an input that requires grad here (the op
    # has no derivative): out is written in place and gets the NotImplemented node.
    if type(out) is Tensor and out.requires_grad:
        raise runtime_error("aten::floor_divide(): functions with out=... arguments don't support automatic "
                            "differentiation, but one of the arguments requires grad.")
    if result.requires_grad and type(out) is Tensor and out.shape == result.shape:
        from .autograd_calls import inplace
        return inplace(out, lambda v: result)
    return write_out(out, result, "floor_divide")


# ***** xlogy *****
# NOTE: PyTorch's xlogy loop is scalar (BinaryOpsKernel.cpp): NaN where y is
# NaN, else 0 where x == 0, else x * log(y) with the C library's log. Its
# gradients (derivatives.yaml): for x, xlogy(grad, y), zeroed where x == 0
# and y <= 0; for y, grad * x / y. A number as x or y has its own node:
# xlogy(number, y) is XlogyBackward1, xlogy(x, number) XlogyBackward2, whose
# x gradient is zeroed where x == 0 only when the number is not positive.

def _xlogy(a, b):
    with np.errstate(all="ignore"):
        out = np.asarray(a * libm.log(b))
    t = out.dtype.type
    return np.where(np.isnan(b), t(np.nan), np.where(a == 0, t(0), out))


def _xlogy_number_other_grad(m, g, a, s):
    grad = m.xlogy(g, s if m.is_tensor else np.asarray(s, g.dtype))
    return grad if s > 0 else m.masked_fill(grad, m.data(a) == 0, 0.0)


row("xlogy", "XlogyBackward0", _xlogy,
    {"input": lambda m, g, out, a, b: m.masked_fill(m.xlogy(g, b), (m.data(a) == 0) & (m.data(b) <= 0), 0.0),
     "other": lambda m, g, out, a, b: g * a / b},
    forms=METHOD_FORMS, args="input, other, *, out=None",
    samples=(Sample(T((2, 3)), T((2, 3), low=0.5)), Sample(T(values=[0.0, 0.5, 2.0]), T((2, 1), low=0.5)),
             Sample(T(()), T((3,), low=0.5)), Sample(T((2, 3)), 2.5), Sample(T((2, 3)), 0.5)))
row("xlogy_number_other", "XlogyBackward2", lambda a, s: _xlogy(a, s),
    {"input": lambda m, g, out, a, s: _xlogy_number_other_grad(m, g, a, s), "other": None}, via="xlogy")
row("xlogy_number_self", "XlogyBackward1", lambda b, s: _xlogy(s, b),
    {"other": lambda m, g, out, b, s: g * s / b, "self": None}, via="xlogy")


@implements("xlogy")
def xlogy(input, other, *, out=None):
    a, b = operand(input), operand(other)
    if type(a) is not Tensor and type(b) is not Tensor:
        raise type_error(f"xlogy() received an invalid combination of arguments - got ({type_name(input)}, "
                         f"{type_name(other)}), but expected one of:\n"
                         " * (Tensor input, Tensor other, *, Tensor out = None)\n"
                         " * (Number self, Tensor other, *, Tensor out = None)\n"
                         " * (Tensor input, Number other, *, Tensor out = None)")
    broadcast_shape(shape_of(a), shape_of(b))
    dt = result_dtype(a, b)
    if dt.category < 2:
        dt = D.DEFAULT_FLOAT
    if type(b) is not Tensor:
        op, args = OPS["xlogy_number_other"], (a, b)
    elif type(a) is not Tensor:
        op, args = OPS["xlogy_number_self"], (b, a)
    else:
        op, args = OPS["xlogy"], (a, b)
    arrays = [as_compute(x, dt) if type(x) is Tensor else np.asarray(x, dt.np) for x in args]
    result = op.apply(args, {}, as_dtype(op.forward(*arrays), dt), dt)
    return result if out is None else write_out(out, result, "xlogy")


# div(rounding_mode=): zero gradient (DivBackward2), floats only.
row("div_rounding", "DivBackward2", lambda a, b, mode: np.floor_divide(a, b) if mode == "floor" else np.trunc(a / b),
    {"input": lambda m, g, out, a, b, mode: m.zeros_like(g), "other": lambda m, g, out, a, b, mode: m.zeros_like(g)},
    via="div", call=div_rounding)

# ***** clamp *****
# NOTE: at x == min or x == max the gradient passes through (PyTorch's >=, <=).
row("clamp", "ClampBackward1", lambda a, lo, hi: np.clip(a, lo, hi) if lo is not None and hi is not None
    else (np.maximum(a, lo) if lo is not None else np.minimum(a, hi)),
    {"input": lambda m, g, out, a, lo, hi: m.where(_inside(m.data(a), lo, hi), g, 0.0)},
    forms=METHOD_FORMS, aliases=("clip",), args="input, min=None, max=None",
    samples=(Sample(T((2, 3)), -0.5, 0.5), Sample(T((2, 3)), min=0.0), Sample(T((2, 3)), max=0.3),
             Sample(T(values=[-1.0, 0.0, 0.5, 1.0, 2.0]), 0.0, 1.0), Sample(T((2, 3)), T((3,)), T((2, 1), low=1.0))))


def _inside(a, lo, hi):
    """Where ``lo <= a <= hi`` (either bound may be None), broadcast."""
    ok = np.ones(a.shape, dtype=bool)
    if lo is not None:
        ok = ok & (a >= lo)
    if hi is not None:
        ok = ok & (a <= hi)
    return ok


def _tensor_bound_rule(which):
    def rule(m, g, out, a, lo, hi):
        ad, ld = m.data(a), None if lo is None else m.data(lo)
        hd = None if hi is None else m.data(hi)
        if which == 0:
            return m.where(_inside(ad, ld, hd), g, 0.0)
        if which == 1:          # min wins where it is above x (and not above max)
            mask = (ld > ad) if hd is None else (ld > ad) & (ld <= hd)
        else:                   # max wins where it is below x, or below min
            mask = (hd < ad) if ld is None else (hd < ad) | (ld > hd)
        return m.where(mask, g, 0.0)
    return rule


def _clamp_tensor(a, lo, hi):
    if lo is not None:
        a = np.maximum(a, lo)
    if hi is not None:
        a = np.minimum(a, hi)
    return a


row("clamp_tensor", "ClampBackward0", _clamp_tensor,
    {"input": _tensor_bound_rule(0), "min": _tensor_bound_rule(1), "max": _tensor_bound_rule(2)},
    saves=(0, 1, 2), via="clamp")


@implements("clamp")
def clamp(input, min=None, max=None):
    x = as_tensor(input)
    if min is None and max is None:
        raise runtime_error("torch.clamp: At least one of 'min' or 'max' must not be None")
    if type(min) is Tensor or type(max) is Tensor:
        lo = None if min is None else as_tensor(min)
        hi = None if max is None else as_tensor(max)
        dt = result_dtype(*(t for t in (x, lo, hi) if t is not None))
        arrays = [None if t is None else as_compute(t, dt) for t in (x, lo, hi)]
        return OPS["clamp_tensor"].apply((x, lo, hi), {}, as_dtype(_clamp_tensor(*arrays), dt), dt)
    dt = result_dtype(x, *(v for v in (min, max) if v is not None))
    lo = None if min is None else _bound_value(min, dt)
    hi = None if max is None else _bound_value(max, dt)
    d = as_compute(x, dt)
    op = OPS["clamp"]
    return op.apply((x,), {"lo": lo, "hi": hi}, as_dtype(op.forward(d, lo, hi), dt), dt)


row("clamp_min", "ClampMinBackward0", lambda a, lo: np.maximum(a, lo),
    {"input": lambda m, g, out, a, lo: m.where(m.data(a) >= lo, g, 0.0)},
    forms=METHOD_FORMS, args="input, min", samples=(Sample(T((2, 3)), 0.0), Sample(T((2, 3)), T((3,)))))
row("clamp_max", "ClampMaxBackward0", lambda a, hi: np.minimum(a, hi),
    {"input": lambda m, g, out, a, hi: m.where(m.data(a) <= hi, g, 0.0)},
    forms=METHOD_FORMS, args="input, max", samples=(Sample(T((2, 3)), 0.0), Sample(T((2, 3)), T((3,)))))
row("clamp_min_tensor", "ClampMinBackward1", lambda a, b: np.maximum(a, b),
    {"input": lambda m, g, out, a, b: m.where(m.data(a) >= m.data(b), g, 0.0),
     "min": lambda m, g, out, a, b: m.where(m.data(a) < m.data(b), g, 0.0)},
    via="clamp_min")
row("clamp_max_tensor", "ClampMaxBackward1", lambda a, b: np.minimum(a, b),
    {"input": lambda m, g, out, a, b: m.where(m.data(a) <= m.data(b), g, 0.0),
     "max": lambda m, g, out, a, b: m.where(m.data(a) > m.data(b), g, 0.0)},
    via="clamp_max")


def _one_bound(name):
    def f(input, bound):
        x = as_tensor(input)
        if type(bound) is Tensor:
            dt = result_dtype(x, bound)
            op = OPS[name + "_tensor"]
            out = op.forward(as_compute(x, dt), as_compute(bound, dt))
            return op.apply((x, bound), {}, as_dtype(out, dt), dt)
        return _scalar_bound(name, x, bound)
    f.__name__ = f.__qualname__ = name
    return f


def _bound_value(bound, dt):
    """A number bound of clamp in the result's dtype ``dt``, after PyTorch's range check."""
    return float(bound) if dt.category == 2 else checked_scalar(bound, dt.np)


def _scalar_bound(name, x, bound):
    dt = result_dtype(x, bound)
    v = _bound_value(bound, dt)
    op = OPS[name]
    return op.apply((x,), {"lo" if name == "clamp_min" else "hi": v}, as_dtype(op.forward(as_compute(x, dt), v), dt), dt)


implements("clamp_min")(_one_bound("clamp_min"))
implements("clamp_max")(_one_bound("clamp_max"))

# ***** lerp *****

def lerp_array(a, b, w):
    """PyTorch's lerp: from ``a`` for small weights, from ``b`` for large
    ones, each one fused multiply-add (its vector kernel's
    ``fmadd(coeff, end - start, base)``, and the compiled scalar loop's)."""
    a, b = np.asarray(a), np.asarray(b)
    dt = np.result_type(a, b)
    if dt not in (np.float32, np.float64):
        return np.where(np.abs(w) < 0.5, a + w * (b - a), b - (b - a) * (1 - w))
    w = np.asarray(w, dtype=dt)
    d = b - a
    small = np.abs(w) < 0.5
    fma = fma32 if dt == np.float32 else fma64
    return np.asarray(fma(np.where(small, w, w - dt.type(1)), d, np.where(small, a, b)), dtype=dt)


row("lerp", "LerpBackward0", lambda a, b, w: lerp_array(a, b, w),
    {"input": lambda m, g, out, a, b, w: g * (1 - w), "end": lambda m, g, out, a, b, w: g * w},
    forms=METHOD_FORMS, args="input, end, weight",
    samples=(Sample(T((2, 3)), T((2, 3)), 0.3), Sample(T((2, 3)), T((3,)), T((2, 1))),
             Sample(T((3,)), T((2, 3)), 0.75)))
row("lerp_tensor", "LerpBackward1", lambda a, b, w: lerp_array(a, b, w),
    {"input": lambda m, g, out, a, b, w: g * (1 - w), "end": lambda m, g, out, a, b, w: g * w,
     "weight": lambda m, g, out, a, b, w: g * (b - a)}, via="lerp")


@implements("lerp")
def lerp(input, end, weight):
    x, e = as_tensor(input), as_tensor(end)
    if type(weight) is Tensor:
        dt = result_dtype(x, e, weight)
        shape = broadcast_shape(broadcast_shape(x.shape, e.shape), weight.shape)
        op = OPS["lerp_tensor"]
        out = op.forward(*(as_compute(t, dt) for t in (x, e, weight)))
        return op.apply((x, e, weight), {}, as_dtype(np.broadcast_to(out, shape), dt), dt)
    broadcast_shape(x.shape, e.shape)
    dt = result_dtype(x, e)
    w = float(weight)
    op = OPS["lerp"]
    return op.apply((x, e), {"w": w}, as_dtype(op.forward(as_compute(x, dt), as_compute(e, dt), w), dt), dt)


# ***** addcmul, addcdiv *****

def addcmul_array(a, t1, t2, value=1):
    """``input + value * tensor1 * tensor2``; for floats PyTorch's kernel
    fuses the last multiply-add: ``fma(value * tensor1, tensor2, input)``;
    for integers ``value`` is truncated to one first."""
    dt = np.result_type(a, t1, t2)
    if dt == np.float32:
        return fma32(dt.type(value) * t1, t2, a)
    if dt == np.float64:
        return np.asarray(fma64(dt.type(value) * t1, t2, a))
    if dt == np.bool_:
        raise GradcliError("NotImplementedError", '"addcmul_cpu_out" not implemented for \'Bool\'')
    return a + int(value) * t1 * t2


def addcdiv_array(a, t1, t2, value=1):
    """``input + value * tensor1 / tensor2`` (in that order: the product,
    the quotient, then the sum)."""
    return a + value * t1 / t2


# NOTE: PyTorch's message, with its two spaces
_ADDCDIV_INTEGERS = (
    "Integer division with addcdiv is no longer supported, and in a future  release addcdiv will "
    "perform a true division of tensor1 and tensor2. The historic addcdiv behavior can be implemented "
    "as (input + value * torch.trunc(tensor1 / tensor2)).to(input.dtype) for integer inputs and as "
    "(input + value * tensor1 / tensor2) for float inputs. The future addcdiv behavior is just the "
    "latter implementation: (input + value * tensor1 / tensor2), for all dtypes.")


def _addc_call(generic, divides):
    """The row's call, after PyTorch's checks on the arguments themselves:
    a 0-d tensor ``value`` is its number; addcdiv refuses two integer
    (or bool) tensors to divide, whatever the input's dtype."""
    def call(*args, **kwargs):
        value = kwargs.get("value")
        if type(value) is Tensor and value.data.ndim == 0:
            kwargs["value"] = value.data.item()
        if divides:
            t1 = args[1] if len(args) > 1 else kwargs.get("tensor1")
            t2 = args[2] if len(args) > 2 else kwargs.get("tensor2")
            if all(type(t) is Tensor and t.data.dtype.kind in "iub" for t in (t1, t2)):
                raise runtime_error(_ADDCDIV_INTEGERS)
        return generic(*args, **kwargs)
    call.__name__ = call.__qualname__ = generic.__name__
    return call


ADDC_SAMPLES = (Sample(T((2, 3)), T((2, 3)), T((2, 3))), Sample(T((2, 3)), T((3,)), T((2, 1)), value=0.3),
                Sample(T((3,)), T((2, 3)), T((2, 3)), value=-2))
row("addcmul", "AddcmulBackward0", addcmul_array,
    {"input": lambda m, g, out, a, t1, t2, value=1: g,
     "tensor1": lambda m, g, out, a, t1, t2, value=1: g * (t2 * value),
     "tensor2": lambda m, g, out, a, t1, t2, value=1: g * (t1 * value)},
    dtype=KEEP, kind="ternary", forms=METHOD_FORMS, args="input, tensor1, tensor2, *, value=1",
    samples=ADDC_SAMPLES)
row("addcdiv", "AddcdivBackward0", addcdiv_array,
    {"input": lambda m, g, out, a, t1, t2, value=1: g,
     "tensor1": lambda m, g, out, a, t1, t2, value=1: g * (value / t2),
     "tensor2": lambda m, g, out, a, t1, t2, value=1: -g * (value * t1 / (t2 * t2))},
    dtype=KEEP, kind="ternary", forms=METHOD_FORMS, args="input, tensor1, tensor2, *, value=1",
    samples=ADDC_SAMPLES)
for _key in ("addcmul", "addcdiv"):
    OPS[_key].call = _addc_call(OPS[_key].call, _key == "addcdiv")


# ***** comparisons and logic (no gradient) *****
CMP = samples(((2, 3), (2, 3)), ((2, 1), (3,))) + (Sample(T((3,)), 0.5),
                                                   Sample(T(values=[1.0, 2.0, 3.0]), T(values=[1.0, 0.0, 3.0])))
for _name, _fn, _aliases in (("eq", np.equal, ()), ("ne", np.not_equal, ("not_equal",)),
                             ("lt", np.less, ("less",)), ("le", np.less_equal, ("less_equal",)),
                             ("gt", np.greater, ("greater",)), ("ge", np.greater_equal, ("greater_equal",))):
    row(_name, None, _fn, kind="binary", dtype=BOOL_RESULT, forms=("torch", "method", "bare"),
        aliases=_aliases, samples=CMP)
for _name, _fn in (("logical_and", np.logical_and), ("logical_or", np.logical_or), ("logical_xor", np.logical_xor)):
    row(_name, None, _fn, kind="binary", dtype=BOOL_RESULT, forms=("torch", "method", "bare"), samples=CMP,
        number_other=False)
for _name, _fn in (("logical_not", np.logical_not), ("isnan", np.isnan), ("isinf", np.isinf),
                   ("isfinite", np.isfinite)):
    row(_name, None, _fn, kind="unary", dtype=BOOL_RESULT, forms=("torch", "method", "bare"),
        samples=(Sample(T(values=[0.0, float("nan"), float("inf"), -1.0])),))


# NOTE: `^` is power in gradcli (SPEC §3.8): bitwise xor is torch.bitwise_xor only.
_BITS = T(values=[[12, 10, -3], [0, 7, 255]], dtype="int64", grad=False)
_FLAGS = T(values=[True, False, True], dtype="bool", grad=False)
BITWISE = (Sample(_BITS, T(values=[10, 6, 5], dtype="int32", grad=False)), Sample(_BITS, 6),
           Sample(_FLAGS, T(values=[True, True, False], dtype="bool", grad=False)), Sample(_FLAGS, True),
           Sample(_FLAGS, T(values=[[3], [4]], dtype="int64", grad=False)), Sample(T((2, 3), grad=False), 1),
           Sample(T((3,), grad=False, dtype="float32"), T((3,), grad=False, dtype="float32")))
for _name in ("bitwise_and", "bitwise_or", "bitwise_xor"):
    row(_name, None, None, {"input": None, "other": None}, call=getattr(compare, _name),
        forms=("torch", "method", "inplace"), args="input, other", samples=BITWISE)
SHIFTS = (Sample(_BITS, T(values=[1, 0, 3], dtype="int64", grad=False)), Sample(_BITS, 2),
          Sample(T(values=[-128, 127, 5, 1], dtype="int8", grad=False), T(values=[1, 9, -1, 7], dtype="int8", grad=False)),
          Sample(T(values=[255, 200, 3], dtype="uint8", grad=False), T(values=[8, 7, 1], dtype="uint8", grad=False)),
          Sample(_BITS, T(values=[[64], [-1]], dtype="int64", grad=False)), Sample(_BITS, 63),
          Sample(T(values=[1, 2], dtype="int32", grad=False), 2 ** 40 + 1),
          Sample(_FLAGS, True), Sample(T((2, 3), grad=False), 1))
for _name in ("bitwise_left_shift", "bitwise_right_shift"):
    row(_name, None, None, {"input": None, "other": None}, call=getattr(compare, _name),
        forms=("torch", "method", "inplace"), args="input, other", samples=SHIFTS)
row("bitwise_not", None, np.invert, {"input": None}, call=compare.bitwise_not, forms=("torch", "method", "inplace"),
    args="input", samples=(Sample(_BITS), Sample(_FLAGS), Sample(T(values=5, dtype="int32", grad=False)),
                           Sample(T((2,), grad=False))))


def _all_any(name, fn):
    def f(input, dim=None, keepdim=False):
        x = as_tensor(input)
        d = x.data.astype(bool)
        if dim is None:
            return Tensor(np.asarray(fn(d)))
        from .operands import normalize_dims
        dims = normalize_dims(dim, x.data.ndim)
        return Tensor(np.asarray(fn(d, axis=dims if x.data.ndim else None, keepdims=keepdim)))
    f.__name__ = f.__qualname__ = name
    return f


row("all", None, None, forms=("torch", "method", "bare"), args="input, dim=None, keepdim=False",
    call=_all_any("all", np.all), samples=(Sample(T(values=[[1.0, 0.0], [2.0, 3.0]])),
                                           Sample(T(values=[[1.0, 0.0], [2.0, 3.0]]), 1)))
row("any", None, None, forms=("torch", "method", "bare"), args="input, dim=None, keepdim=False",
    call=_all_any("any", np.any), samples=(Sample(T(values=[[1.0, 0.0], [0.0, 0.0]])),
                                           Sample(T(values=[[1.0, 0.0], [0.0, 0.0]]), 1)))


# ***** sinc, nan_to_num *****
# NOTE: PyTorch's sinc is a scalar loop: sin(pi * x) / (pi * x) with the C
# library's sin in the input's dtype, 1 at 0. Its gradient is PyTorch's
# sinc_backward, op for op.

def _sinc(a):
    p = a.dtype.type(math.pi) * a
    with np.errstate(all="ignore"):
        out = libm.sin(p) / p
    return np.where(a == 0, a.dtype.type(1), out)


def _sinc_grad(m, g, out, a):
    pi_a = a * math.pi
    squared_pi = a * a * math.pi
    return m.where(m.data(squared_pi) == 0, 0.0, g * (pi_a * m.cos(pi_a) - m.sin(pi_a)) / squared_pi)


row("sinc", "SincBackward0", _sinc, {"input": _sinc_grad}, kind="unary", forms=METHOD_FORMS,
    samples=UNARY + (Sample(T(values=[0.0, 0.5, -1.0, 2.25, 1e-3])),))


def _nan_to_num(a, nan=0.0, posinf=None, neginf=None):
    if a.dtype.kind != "f":
        return a.copy()
    info = np.finfo(a.dtype)
    return np.nan_to_num(a, nan=nan, posinf=info.max if posinf is None else posinf,
                         neginf=info.min if neginf is None else neginf)


row("nan_to_num", "NanToNumBackward0", _nan_to_num,
    {"input": lambda m, g, out, a, nan=0.0, posinf=None, neginf=None: g * m.isfinite(a)},
    kind="unary", dtype=KEEP, forms=METHOD_FORMS, args="input, nan=0.0, posinf=None, neginf=None",
    samples=(Sample(T(values=[1.5, float("nan"), float("inf"), -float("inf"), -2.0])),
             Sample(T(values=[[float("nan"), 0.5], [float("inf"), -float("inf")]]), 1.0, 10.0, -10.0),
             Sample(T((2, 3))), Sample(T(values=[float("nan"), float("inf")]), posinf=3.5),
             Sample(T(values=[1, 2, 3], dtype="int64", grad=False))))


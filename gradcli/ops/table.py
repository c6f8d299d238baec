"""THE op table: one row per op (``ops/oprow.py`` says what a row holds).

Per row: its numpy forward, one gradient rule per differentiable input, the
grad_fn name PyTorch shows (written out, as derivatives.yaml does), the
forms scripts reach it in, its aliases, PyTorch's arguments and sample
inputs for the table-driven tests (tests/test_op_rows.py).

A rule is ``rule(m, g, out, *inputs, **attrs) -> gradient for that input``
(``None`` = not differentiable). ``m`` is the math namespace of
``ops/mathspace.py``: numpy arrays on the plain path, Tensors under
``create_graph=True``, so the same rule serves both. The engine undoes
broadcasting and casts each gradient back to its input (``m.fit``). What
each rule reads (and so what a node saves and checks for in-place changes)
is derived from the rule; ``saves=``/``reads=`` override it where PyTorch
saves something else.

Rows with ``kind="unary"``/``"binary"`` get their PyTorch-facing function
from the row (``oprow.elementwise_call``); the others name the function that
implements them (``@implements(name)`` in arith.py, reduce.py, ...). Rows
without forms are variants of a public row (``via=``), with their own
grad_fn name.
"""
from __future__ import annotations

import math

import numpy as np

from ..engine import blas, cpu_loop, libm, mkl, sleef
from ..engine.autograd import passes_grad
from ..engine.cascade import mean_like_torch, norm2_rows, serial_sums, sum_like_torch, visiting_rows
from ..engine.fma import plus_scaled
from ..engine.moments import spread_like_torch
from ..engine.reduce_vec import prod_like_torch
from . import cpu_kernels as K
from .cpu_kernels import float_kernel
from .formulas import norm_grad, prod_grad, spread, std_grad, tie_half, var_grad
from .oprow import (ALL_FORMS, FUNCTION_FORMS, KEEP, ROWS, Op, Sample, T, backward_row, row,
                    samples)

OPS = ROWS          # key -> row; the engine and the ops modules read rows by key
METHOD_FORMS = FUNCTION_FORMS + ("inplace",)


# ***** arithmetic *****
# NOTE: `x + 2` and `2 + x` are both AddBackward0; `2 - x` is RsubBackward1
# (rsub(x, 2)); `2 / x` is reciprocal(x) * 2, so MulBackward0.
BINARY_SAMPLES = samples(((2, 3), (2, 3)), ((2, 1), (3,)), ((), (2,)), ((0,), (1,)))
# dtype policies: integer inputs (no gradient), float32 inputs
INTS = T(values=[[1, -2, 3], [0, 4, -1]], dtype="int64", grad=False)
F32 = T((2, 3), dtype="float32")
BINARY_SAMPLES += (Sample(INTS, INTS), Sample(INTS, 2.5), Sample(F32, F32), Sample(F32, 2))
row("add", "AddBackward0", lambda a, b, alpha=1: a + b if alpha == 1 else plus_scaled(a, b, alpha),
    {"input": passes_grad,
     "other": lambda m, g, out, a, b, alpha=1: g if alpha == 1 else g * alpha},
    forms=METHOD_FORMS, args="input, other, *, alpha=1",
    samples=BINARY_SAMPLES + (Sample(T((2,)), 3.0), Sample(T((2,)), T((2,)), alpha=2)))
row("sub", "SubBackward0", lambda a, b, alpha=1: a - b if alpha == 1 else plus_scaled(a, b, -alpha),
    {"input": passes_grad,
     "other": lambda m, g, out, a, b, alpha=1: -g if alpha == 1 else g * -alpha},
    forms=METHOD_FORMS, aliases=("subtract",), args="input, other, *, alpha=1",
    samples=BINARY_SAMPLES + (Sample(T((2,)), 3.0), Sample(T((2,)), T((2,)), alpha=2)))
row("rsub", "RsubBackward1", lambda a, b, alpha=1: b - a if alpha == 1 else plus_scaled(b, a, -alpha),
    {"input": lambda m, g, out, a, b, alpha=1: -g if alpha == 1 else g * -alpha, "other": None},
    forms=("torch", "bare"), args="input, other, *, alpha=1", samples=(Sample(T((2, 2)), 2.0),))
row("rsub_tensor", "RsubBackward0", lambda a, b, alpha=1: b - a if alpha == 1 else plus_scaled(b, a, -alpha),
    {"input": lambda m, g, out, a, b, alpha=1: -g if alpha == 1 else g * -alpha,
     "other": lambda m, g, out, a, b, alpha=1: g}, via="rsub")
# NOTE: each rule reads one input, so either may write into the other's memory (m.product);
# input's rule runs last, so it may also write into the incoming gradient (m.last_product).
row("mul", "MulBackward0", lambda a, b: a * b,
    {"input": lambda m, g, out, a, b: m.last_product(g, b), "other": lambda m, g, out, a, b: m.product(g, a)},
    forms=METHOD_FORMS, aliases=("multiply",), args="input, other", symmetric=True,
    samples=BINARY_SAMPLES + (Sample(T((2,)), 3.0),))
# NOTE: PyTorch's formula, -g * ((a / b) / b), digit for digit (MulBackward0
# under create_graph); on arrays, -(a / b / b * g) gives the same values with
# one full-size temporary (numpy reuses the temporaries in place). g / b may
# go into b's memory (m.quotient): the engine runs the other's rule first.
row("div", "DivBackward0", lambda a, b: a / b,
    {"input": lambda m, g, out, a, b: m.quotient(g, b),
     "other": lambda m, g, out, a, b: -g * (a / b / b) if m.is_tensor else -(a / b / b * g)},
    forms=METHOD_FORMS, aliases=("divide", "true_divide"), args="input, other, *, rounding_mode=None",
    samples=samples(((2, 3), T((2, 3), low=0.5)), ((2, 1), T((3,), low=0.5))) + (Sample(T((2,)), 4.0),))
row("neg", "NegBackward0", lambda a: -a, {"input": lambda m, g, out, a: -g},
    forms=METHOD_FORMS, aliases=("negative",), dtype=KEEP, samples=samples(((2, 3),), ((),)))
# NOTE: PyTorch's -grad * (result * result), the square first.
row("reciprocal", "ReciprocalBackward0", lambda a: 1 / a, {"input": lambda m, g, out, a: -g * (out * out)},
    forms=METHOD_FORMS, samples=samples((T((2, 3), low=0.5),)))
# NOTE: PyTorch gives 0 (not nan) for x ** 0 at x = 0, and masks log(0)
# where the base is 0 in x ** y.
def pow_scalar(a, e):
    """``a ** e`` for a float tensor and a number as PyTorch's CPU kernel
    computes it: its special exponents are a product, a square root or a
    reciprocal, not the C library's pow (which numpy uses for x ** 3).
    ``x ** 0.5`` is ``x.sqrt()`` (MKL's where installed, see ``mkl_first``);
    ``x ** -0.5`` is its vectorised ``1 / sqrt``, correctly rounded."""
    if a.dtype.kind == "f":
        one = a.dtype.type(1)
        special = {2: lambda: a * a, 3: lambda: a * a * a, -2: lambda: one / (a * a), 0.5: lambda: _sqrt(a),
                   -0.5: lambda: one / np.sqrt(a), -1: lambda: one / a, 1: lambda: a.copy()}.get(e)
        if special is not None and not isinstance(e, bool):
            return special()
        if a.dtype in (_F32, _F64) and not isinstance(e, (bool, complex)):
            return _pow_general(a, e)
    return a ** e


def _pow_general(a, e):
    """PyTorch's ``pow(x, e)`` for a general exponent: the C library's double
    ``pow(x, e)`` rounded to the dtype on the scalar tails (every element of
    a tensor under 32 float32 or 16 float64 elements); on the vector lanes
    SLEEF's powf (``e`` rounded to float32) in float32, and in float64
    SLEEF's pow, not ported: numpy's power stands in."""
    e64 = np.float64(e)
    vector = (lambda v: sleef.powf_u10(v, np.float32(e))) if a.dtype == _F32 else (lambda v: v ** e)
    return cpu_loop.with_scalar_tails(vector, lambda v: libm.pow(v.astype(_F64), e64).astype(v.dtype))(a)


def _pow_scalar_grad(m, g, out, a, e):
    """PyTorch's ``grad * (e * a.pow(e - 1))``, zeros for ``e == 0``.

    NOTE: ``a.pow(e - 1)`` is this row's own forward, with PyTorch's special
    exponents (``x ** 4``'s gradient is ``4 * (x * x * x)``, ``x ** 0.5``'s
    ``0.5 * rsqrt(x)``), not numpy's power. For ``e == 2``, ``a.pow(1)`` is
    ``a`` itself (PyTorch copies it): ``2 * a`` is the same numbers without
    that pass."""
    if e == 0:
        return m.zeros_like(g)
    return g * (e * (a if e == 2 else m.pow(a, e - 1)))


# NOTE: no bare form: a script's pow(a, b) is Python's builtin (a tensor's __pow__)
row("pow", "PowBackward0", pow_scalar,
    {"input": _pow_scalar_grad, "exponent": None},
    forms=("torch", "method", "inplace"), args="input, exponent",
    samples=(Sample(T((2, 3)), 2), Sample(T((2,), low=0.5), 0.5), Sample(T((2,)), 0),
             Sample(T((2, 3), low=0.5), T((3,))), Sample(2.0, T((2,)))))
def pow_tensor(a, b):
    """``a ** b`` of two float tensors as PyTorch's CPU kernel computes it:
    the C library's ``pow`` (its loop's scalar function, which it runs for
    every element of an inner run shorter than its vectors, as in
    ``x.unsqueeze(-1).pow(p)``; its vector function agrees with it on
    nearly every other element); numpy's for other dtypes."""
    if a.dtype.kind == "f" and a.dtype in (_F32, _F64) and b.dtype == a.dtype:
        return libm.pow(a, b)
    return integer_pow(a, b) if b.dtype.kind == "i" else a ** b


def integer_pow(a, b):
    """``a ** b`` of integers as PyTorch's ``powi``: for a negative exponent,
    1 for a base of 1, 1 or -1 for a base of -1 (the exponent's parity), 0
    for any other base (numpy refuses negative integer exponents)."""
    negative = b < 0
    if not negative.any():
        return a ** b
    out = a ** np.where(negative, 0, b)
    ones = (a == 1) | (a == -1)
    return np.where(negative, np.where(ones, a ** (b & 1), 0), out).astype(out.dtype, copy=False)


row("pow_tensor", "PowBackward1", pow_tensor,
    {"input": lambda m, g, out, a, b: g * (b * (a ** (b - 1) if m.is_tensor else pow_tensor(a, b - 1))),
     "exponent": lambda m, g, out, a, b: g * m.where((m.data(a) == 0) & (m.data(b) >= 0), 0.0, out * m.log(a))},
    via="pow")
row("rpow", "PowBackward2", lambda a, s: pow_tensor(np.asarray(s, a.dtype), a) if a.dtype.kind in "fi" else s ** a,
    {"input": lambda m, g, out, a, s: g * (out * float(np.log(s))) if s != 0 else m.zeros_like(g),
     "self": None}, via="pow")

# ***** unary math *****
# NOTE: PyTorch's float32 exp, tanh, sin, cos... are MKL's (engine/mkl.py,
# used where MKL is installed). Without it, the correctly rounded value is
# the nearest stand-in (MKL's on 85-99.97% of elements; numpy's float32
# loops are further off): the float64 result, rounded. Beyond EXACT_LIMIT
# elements the float32 loop is used, for speed.
EXACT_LIMIT = 1 << 16


_F32, _F64 = np.dtype(np.float32), np.dtype(np.float64)


def mkl_first(name, fallback):
    """PyTorch's ``name`` for float32/float64 arrays: MKL's function where
    MKL is installed (``engine/mkl.py``), else ``fallback``."""
    def forward(a):
        # NOTE: without MKL, one attribute lookup per call (a unary op on a small tensor is ~1 µs)
        out = None if mkl.MISSING or not (a.dtype is _F32 or a.dtype is _F64) else mkl.apply(name, a)
        return fallback(a) if out is None else out
    forward.__name__ = getattr(fallback, "__name__", name)
    return forward


def rounded(fn):
    """``fn`` on float32 computed in float64 and rounded (up to EXACT_LIMIT elements)."""
    # NOTE: fn(a.astype(float64)) is fn(a, dtype=float64) bit for bit, and
    # faster on small arrays (no dtype resolution); a ufunc writes into its
    # float64 copy (a positional output: no keyword handling, no array made).
    ufunc = isinstance(fn, np.ufunc)

    def forward(a):
        if a.dtype == _F32 and a.size <= EXACT_LIMIT:
            wide = a.astype(_F64)
            return (fn(wide, wide) if ufunc else fn(wide)).astype(_F32)
        return fn(a)
    forward.__name__ = fn.__name__
    return forward


UNARY = samples(((2, 3),), ((),), ((0,),)) + (Sample(INTS), Sample(F32))
POSITIVE = samples((T((2, 3), low=0.5),), (T((), low=0.5),))
row("exp", "ExpBackward0", mkl_first("exp", rounded(np.exp)), {"input": lambda m, g, out, a: m.times(g, out)},
    forms=METHOD_FORMS, samples=UNARY)
row("log", "LogBackward0", mkl_first("log", np.log), {"input": lambda m, g, out, a: g / a},
    forms=METHOD_FORMS, samples=POSITIVE)
row("sin", "SinBackward0", mkl_first("sin", rounded(np.sin)), {"input": lambda m, g, out, a: g * m.cos(a)},
    forms=METHOD_FORMS, samples=UNARY)
row("cos", "CosBackward0", mkl_first("cos", rounded(np.cos)), {"input": lambda m, g, out, a: -g * m.sin(a)},
    forms=METHOD_FORMS, samples=UNARY)
row("tanh", "TanhBackward0", mkl_first("tanh", rounded(np.tanh)),
    {"input": lambda m, g, out, a: m.tanh_backward(g, out)}, forms=ALL_FORMS, samples=UNARY)
backward_row("tanh_backward", "TanhBackwardBackward0",
             lambda g, y: K.tanh_backward(g, y) if y.dtype in K.FLOATS else g * (1 - y * y),
             {"grad_output": lambda m, gg, out, g, y: m.tanh_backward(gg, y),
              "output": lambda m, gg, out, g, y: gg * (-2 * y * g)})
# NOTE: PyTorch's sigmoid is 1 / (1 + exp(-x)) in the input's precision.
_exp_rounded = rounded(np.exp)
row("sigmoid", "SigmoidBackward0",
    float_kernel(K.sigmoid, lambda a: np.asarray(1, a.dtype) / (np.asarray(1, a.dtype) + _exp_rounded(-a))
                   if a.dtype.kind == "f" else a),
    {"input": lambda m, g, out, a: m.sigmoid_backward(g, out)}, forms=ALL_FORMS, samples=UNARY)
backward_row("sigmoid_backward", "SigmoidBackwardBackward0", lambda g, y: g * (1 - y) * y,
             {"grad_output": lambda m, gg, out, g, y: m.sigmoid_backward(gg, y),
              "output": lambda m, gg, out, g, y: gg * g * (-2 * y + 1)})
# NOTE: relu's gradient at 0 is 0 (the output is not > 0).
# NOTE: relu keeps -0.0 and NaN (PyTorch's x < 0 ? 0 : x); its gradient passes where the result is not <= 0 (NaN too).
row("relu", "ReluBackward0", lambda a: np.where(a < 0, 0, a).astype(a.dtype, copy=False),
    {"input": lambda m, g, out, a: m.tie(m.mask(g, out), out, "ThresholdBackwardBackward0")}, forms=ALL_FORMS, dtype=KEEP,
    args="input, inplace=False", samples=UNARY + (Sample(T(values=[-1.0, 0.0, 2.0])),))
_sqrt = mkl_first("sqrt", np.sqrt)
row("sqrt", "SqrtBackward0", _sqrt, {"input": lambda m, g, out, a: g / (2 * out)},
    forms=METHOD_FORMS, samples=POSITIVE)
row("abs", "AbsBackward0", np.abs, {"input": lambda m, g, out, a: g * m.sgn(a)}, forms=METHOD_FORMS,
    aliases=("absolute",), dtype=KEEP, samples=UNARY + (Sample(T(values=[-1.0, 0.0, 2.0])),))

# ***** reductions *****
REDUCE_SAMPLES = (Sample(T((2, 3))), Sample(T((2, 3)), 1), Sample(T((2, 3)), (0, 1), keepdim=True),
                  Sample(T(())), Sample(T((0, 2)), 0), Sample(INTS), Sample(INTS, 1), Sample(F32, 0))
# NOTE: float sums add in PyTorch's order (engine/cascade.py), so a loss
# printed with .item() has PyTorch's last digits.
row("sum", "SumBackward0", lambda a, dtype=None: sum_like_torch(a, dtype=dtype),
    {"input": lambda m, g, out, a, dtype=None: m.expand(g, a.shape)},
    forms=FUNCTION_FORMS, args="input, dim=None, keepdim=False, *, dtype=None", samples=REDUCE_SAMPLES)
row("sum_dim", "SumBackward1",
    lambda a, dim, keepdim, dtype=None: sum_like_torch(a, dim, keepdim, dtype),
    {"input": lambda m, g, out, a, dim, keepdim, dtype=None: m.expand(m.keep_dims(g, dim, keepdim, a.ndim), a.shape)},
    via="sum")
row("mean", "MeanBackward0", lambda a, dtype=None: mean_like_torch(a, dtype=dtype),
    {"input": lambda m, g, out, a, dtype=None: m.expand(g, a.shape) / m.count(a.shape, range(len(a.shape)))},
    forms=FUNCTION_FORMS, args="input, dim=None, keepdim=False, *, dtype=None", samples=REDUCE_SAMPLES)
row("mean_dim", "MeanBackward1",
    lambda a, dim, keepdim, dtype=None: mean_like_torch(a, dim, keepdim, dtype),
    {"input": lambda m, g, out, a, dim, keepdim, dtype=None:
        m.expand(m.keep_dims(g, dim, keepdim, a.ndim), a.shape) / m.count(a.shape, dim)},
    via="mean")

# NOTE: nansum adds the non-NaN elements in sum's order; its gradient is the
# incoming one times "not NaN" (PyTorch's product: a NaN in the gradient
# stays), one node name with or without dim. nanmean is nansum / count
# (arith.py): DivBackward0.
def _not_nan(m, a):
    return m.const(~np.isnan(m.data(a)))


row("nansum", "NansumBackward0", lambda a, dtype=None: sum_like_torch(_nan_to_zero(a), dtype=dtype),
    {"input": lambda m, g, out, a, dtype=None: m.expand(g, a.shape) * _not_nan(m, a)},
    forms=("torch", "method"), args="input, dim=None, keepdim=False, *, dtype=None",
    samples=REDUCE_SAMPLES + (Sample(T(values=[[1.0, math.nan, 3.0], [math.nan, 5.0, 6.0]])),
                              Sample(T(values=[[1.0, math.nan, 3.0], [math.nan, 5.0, 6.0]]), 1, keepdim=True),
                              Sample(T(values=[[1.0, math.nan], [math.nan, math.nan]], dtype="float32"), 0)))
row("nansum_dim", "NansumBackward0",
    lambda a, dim, keepdim, dtype=None: sum_like_torch(_nan_to_zero(a), dim, keepdim, dtype),
    {"input": lambda m, g, out, a, dim, keepdim, dtype=None:
        m.expand(m.keep_dims(g, dim, keepdim, a.ndim), a.shape) * _not_nan(m, a)},
    via="nansum")


def _nan_to_zero(a):
    return np.where(np.isnan(a), a.dtype.type(0), a) if a.dtype.kind == "f" else a


# ***** linear algebra *****

def _column_major(x) -> bool:
    """PyTorch's test, in its mm backward, of a matrix laid out by columns:
    its first stride one element and its second the row count."""
    return x.ndim == 2 and x.strides[0] == x.itemsize and x.strides[1] == x.shape[0] * x.itemsize


def mm_mat1_grad(m, g, a, b):
    """The gradient of ``a`` in ``a @ b`` as PyTorch's mm_mat1_backward
    forms it: ``(b @ g.T).T`` when ``a`` is column-major, else ``g @ b.T``
    (the two products add in different orders)."""
    if _column_major(m.data(a)):
        return m.mT(m.matmul(b, m.mT(g)))
    return m.matmul(g, m.mT(b))


def mm_mat2_grad(m, g, a, b):
    """The gradient of ``b`` in ``a @ b`` as PyTorch's mm_mat2_backward
    forms it: ``(g.T @ a).T`` when ``b`` is column-major (``W.t()`` in
    ``nn.Linear``: its weight gradient is ``g.T @ x``), else ``a.T @ g``."""
    if _column_major(m.data(b)):
        return m.mT(m.matmul(m.mT(g), a))
    return m.matmul(m.mT(a), g)


row("mm", "MmBackward0", blas.matmul,
    {"input": lambda m, g, out, a, b: mm_mat1_grad(m, g, a, b), "mat2": lambda m, g, out, a, b: mm_mat2_grad(m, g, a, b)},
    forms=FUNCTION_FORMS, samples=samples(((2, 3), (3, 4)), ((0, 2), (2, 3))))
row("bmm", "BmmBackward0", np.matmul,
    {"input": lambda m, g, out, a, b: m.matmul(g, m.mT(b)), "mat2": lambda m, g, out, a, b: m.matmul(m.mT(a), g)},
    forms=FUNCTION_FORMS, samples=samples(((2, 2, 3), (2, 3, 2))))
row("mv", "MvBackward0", blas.matmul,
    {"input": lambda m, g, out, a, v: m.outer(g, v), "vec": lambda m, g, out, a, v: m.matmul(m.mT(a), g)},
    forms=FUNCTION_FORMS, samples=samples(((2, 3), (3,))))
row("dot", "DotBackward0", np.dot,
    {"input": lambda m, g, out, a, b: g * b, "tensor": lambda m, g, out, a, b: g * a},
    forms=FUNCTION_FORMS, samples=samples(((3,), (3,))))
row("matmul", "MmBackward0", blas.matmul, forms=FUNCTION_FORMS + ("linalg",), args="input, other",
    doc="grad_fn by case: MmBackward0, MvBackward0, DotBackward0, BmmBackward0, UnsafeViewBackward0, ...",
    samples=samples(((2, 3), (3, 2)), ((3,), (3, 2)), ((2, 3), (3,)), ((3,), (3,)), ((2, 2, 3), (3, 2)),
                    ((2, 3), (2, 3, 2)), ((2, 1, 2, 3), (3, 3, 2))))

# ***** shape and views *****
row("t", "TBackward0", lambda a: a.T,
    {"input": lambda m, g, out, a: m.mT(g) if len(a.shape) == 2 else g},
    forms=FUNCTION_FORMS, samples=samples(((2, 3),), ((3,),)))
row("permute", "PermuteBackward0", lambda a, dims: np.transpose(a, dims),
    {"input": lambda m, g, out, a, dims: m.permute(g, tuple(int(i) for i in np.argsort(dims)))},
    forms=FUNCTION_FORMS, samples=(Sample(T((2, 3, 4)), (2, 0, 1)),))
row("transpose", "TransposeBackward0", lambda a, dims: np.transpose(a, dims),
    {"input": lambda m, g, out, a, dims: m.permute(g, dims)},          # a swap is its own inverse
    forms=FUNCTION_FORMS, aliases=("swapaxes", "swapdims"),
    samples=(Sample(T((2, 3)), 0, 1), Sample(T((2, 3, 4)), -1, 0)))
row("view", "ViewBackward0", lambda a, shape: a.reshape(shape),
    {"input": lambda m, g, out, a, shape: m.reshape(g, a.shape)},
    forms=("method",), samples=(Sample(T((2, 3)), 3, 2), Sample(T((2, 3)), -1)))
RESHAPE_DOC = ("ViewBackward0; ReshapeAliasBackward0 for a non-contiguous input a view can see; "
               "else CloneBackward0 then UnsafeViewBackward0")
row("reshape", "ViewBackward0", lambda a, shape: a.reshape(shape), forms=FUNCTION_FORMS, doc=RESHAPE_DOC,
    samples=(Sample(T((2, 3)), (3, 2)), Sample(T((2, 3)), (-1,))))
row("flatten", "ViewBackward0", None, forms=FUNCTION_FORMS,
    samples=(Sample(T((2, 3, 2))), Sample(T((2, 3, 2)), 1)))
row("unsafe_view", "UnsafeViewBackward0", lambda a, shape: a.reshape(shape),
    {"input": lambda m, g, out, a, shape: m.reshape(g, a.shape)}, via="reshape")
row("reshape_alias", "ReshapeAliasBackward0", lambda a, shape: a.reshape(shape),
    {"input": lambda m, g, out, a, shape: m.reshape(g, a.shape)}, via="reshape")
def _clone(a: np.ndarray) -> np.ndarray:
    """A copy in ``a``'s memory layout, as PyTorch's ``clone`` (its
    preserve_format); C order where ``a`` reads an element twice (expanded)."""
    return np.array(a, order="C" if any(st == 0 and n > 1 for st, n in zip(a.strides, a.shape)) else "K")


row("clone", "CloneBackward0", _clone, {"input": lambda m, g, out, a: g},
    forms=FUNCTION_FORMS, samples=UNARY)
row("contiguous", "CloneBackward0", None, forms=("method",), samples=UNARY)
row("expand", "ExpandBackward0", lambda a, shape: np.broadcast_to(a, shape),
    {"input": lambda m, g, out, a, shape: g},
    forms=("method",), samples=(Sample(T((2, 1)), 2, 3), Sample(T((3,)), (2, 3))))
row("unsqueeze", "UnsqueezeBackward0", lambda a, dim: np.expand_dims(a, dim),
    {"input": lambda m, g, out, a, dim: m.reshape(g, a.shape)},
    forms=FUNCTION_FORMS, samples=(Sample(T((2, 3)), 1), Sample(T(()), 0)))
# NOTE: x.squeeze(1) is SqueezeBackward1, x.squeeze((1,)) SqueezeBackward2,
# and the squeeze inside matmul (1-D @ 2-D) SqueezeBackward4.
row("squeeze", "SqueezeBackward0", lambda a: np.squeeze(a),
    {"input": lambda m, g, out, a: m.reshape(g, a.shape)},
    forms=FUNCTION_FORMS, samples=(Sample(T((2, 1, 3))), Sample(T((2, 1, 3)), 1), Sample(T((2, 1, 1)), (1, 2))))
row("squeeze_dim", "SqueezeBackward1", lambda a, dims: np.squeeze(a, axis=dims),
    {"input": lambda m, g, out, a, dims: m.reshape(g, a.shape)}, via="squeeze")
row("squeeze_tuple", "SqueezeBackward2", lambda a, dims: np.squeeze(a, axis=dims),
    {"input": lambda m, g, out, a, dims: m.reshape(g, a.shape)}, via="squeeze")
row("squeeze_dims", "SqueezeBackward4", lambda a, dims: np.squeeze(a, axis=dims),
    {"input": lambda m, g, out, a, dims: m.reshape(g, a.shape)}, via="matmul")
row("select", "SelectBackward0", lambda a, dim, index: a[(slice(None),) * dim + (index, Ellipsis)],
    {"input": lambda m, g, out, a, dim, index: m.embed(g, a.shape, (slice(None),) * dim + (index,))},
    forms=FUNCTION_FORMS, args="input, dim, index",
    samples=(Sample(T((2, 3)), 0, 1), Sample(T((2, 3)), -1, -1), Sample(T((3,)), 0, 2)))
row("slice", "SliceBackward0",
    lambda a, dim, start, stop, step: a[(slice(None),) * dim + (slice(start, stop, step),)],
    {"input": lambda m, g, out, a, dim, start, stop, step:
        m.embed(g, a.shape, (slice(None),) * dim + (slice(start, stop, step),))},
    via="indexing")
row("alias", "AliasBackward0", lambda a: a[...], {"input": lambda m, g, out, a: g}, via="indexing")
row("diagonal", "DiagonalBackward0", lambda a, offset, dim1, dim2: np.diagonal(a, offset, dim1, dim2),
    {"input": lambda m, g, out, a, offset, dim1, dim2: m.embed(g, a.shape, diagonal_key(a.shape, offset, dim1, dim2))},
    forms=FUNCTION_FORMS, args="input, offset=0, dim1=0, dim2=1",
    samples=(Sample(T((3, 4))), Sample(T((3, 4)), 1), Sample(T((3, 4)), -2), Sample(T((2, 3, 4)), 0, 0, 2),
             Sample(T((2, 3, 4)), -1, 2, 1), Sample(T((2, 2)), 5)))
row("index", "IndexBackward0", lambda a, key: a[key],
    {"input": lambda m, g, out, a, key: m.embed_add(g, a.shape, key)}, via="indexing")
row("to_copy", "ToCopyBackward0", lambda a, dtype: a.astype(dtype.np),
    {"input": lambda m, g, out, a, dtype: g}, via="to")


def diagonal_key(shape, offset, dim1, dim2):
    """Index arrays (one per dim of ``shape``) of the elements of the
    diagonal ``offset`` over ``dim1``/``dim2``, in the diagonal view's shape:
    the other dims in order, then the diagonal."""
    n = max(0, min(shape[dim1] - max(-offset, 0), shape[dim2] - max(offset, 0)))
    other = [i for i in range(len(shape)) if i not in (dim1, dim2)]
    rank = len(other) + 1
    key = []
    for i in range(len(shape)):
        if i == dim1 or i == dim2:
            idx = np.arange(n) + (max(-offset, 0) if i == dim1 else max(offset, 0))
            key.append(idx.reshape((1,) * (rank - 1) + (n,)))
        else:
            j = other.index(i)
            key.append(np.arange(shape[i]).reshape(tuple(-1 if k == j else 1 for k in range(rank))))
    return tuple(key)


def embed_array(g, shape, key):
    """Zeros of ``shape`` with ``g`` written at ``key``."""
    z = np.zeros(shape, dtype=g.dtype)
    z[key] = g
    return z


def embed_add_array(g, shape, key):
    """Zeros of ``shape`` with ``g`` added at ``key`` (repeated indices add up)."""
    z = np.zeros(shape, dtype=g.dtype)
    np.add.at(z, key, g)
    return z


# Gradients of the indexing ops, so indexing is twice differentiable.
row("embed", "SelectBackwardBackward0", lambda g, shape, key: embed_array(g, shape, key),
    {"grad": lambda m, gg, out, g, shape, key: m.take(gg, key)}, via="indexing")
row("embed_add", "IndexBackwardBackward0", lambda g, shape, key: embed_add_array(g, shape, key),
    {"grad": lambda m, gg, out, g, shape, key: m.take(gg, key)}, via="indexing")

# ***** in-place writes *****
# `x[key] = v` with an advanced index (index_put_): grad flows to x outside
# the written positions and to v inside them. `key` holds the flat positions
# written. (Basic indexing writes through a view: CopySlices, ops/views.py.)
row("index_put", "IndexPutBackward0", lambda base, v, key: copy_slices_array(base, v, key),
    {"self": lambda m, g, out, base, v, key: g * m.const(outside_mask(key, m.data(g))),
     "src": lambda m, g, out, base, v, key: m.reshape(m.take(m.reshape(g, (-1,)), key[0].reshape(-1)),
                                                       key[0].shape)},
    via="indexing")


def copy_slices_array(base, v, key):
    """The forward of ``t[key] = v`` as a function (used when a graph is
    replayed; the in-place write itself happens in ops/autograd_calls.py)."""
    out = np.array(base, copy=True)
    positions = key[0]
    out.reshape(-1)[positions.reshape(-1)] = np.broadcast_to(v, positions.shape).reshape(-1)
    return out


def outside_mask(key, like):
    """1 outside the written positions, 0 inside, in ``like``'s shape and dtype."""
    mask = np.ones(like.shape, dtype=like.dtype).reshape(-1)
    mask[key[0].reshape(-1)] = 0
    return mask.reshape(like.shape)


# ***** selection: max, min, amax, amin, maximum, minimum, prod (ops/reduce.py) *****
# NOTE: max()/min() over the whole tensor spread the gradient evenly over
# ties (and over NaNs when the result is NaN); max(dim)/min(dim) send it to
# the returned index alone; amax/amin spread it evenly over the ties along
# the reduced dims; maximum/minimum give each input half where they are equal.
# ``key`` is the fancy index of the picked elements (engine: ``embed``).
TIES = Sample(T(values=[[1.0, 3.0, 3.0], [2.0, 0.0, 2.0]]))
MINMAX_SAMPLES = (Sample(T((2, 3))), Sample(T((2, 3)), 1), Sample(T((2, 3)), 0, True), TIES)
row("max", "MaxBackward1", np.max,
    {"input": lambda m, g, out, a: spread(m, g, a, out, None, False, True)},
    forms=FUNCTION_FORMS, args="input, dim=None, keepdim=False", samples=MINMAX_SAMPLES)
row("min", "MinBackward1", np.min,
    {"input": lambda m, g, out, a: spread(m, g, a, out, None, False, True)},
    forms=FUNCTION_FORMS, args="input, dim=None, keepdim=False", samples=MINMAX_SAMPLES)


def pick(a, dim, keepdim, key):
    """max(dim)/min(dim)'s values: ``a`` at the picked ``key``."""
    if a.ndim == 0:
        return a.copy()
    v = a[key]
    return v if keepdim else np.squeeze(v, axis=dim)


# NOTE: PyTorch's MaxBackward0 saves the indices, not the input: reads=((),)
# checks no version of x, while saves=(0,) still frees the node on backward.
def picked_grad(m, g, out, a, dim, keepdim, key):
    """The gradient of ``pick``: ``g`` put back where the values were picked."""
    return m.embed(m.keep_dims(g, (dim,), keepdim, a.ndim), a.shape, key)


row("max_dim", "MaxBackward0", pick, {"input": picked_grad}, saves=(0,), reads=((),), via="max")
row("min_dim", "MinBackward0", pick, {"input": picked_grad}, saves=(0,), reads=((),), via="min")
AMAX_SAMPLES = (Sample(T((2, 3))), Sample(T((2, 3)), 1), Sample(T((2, 3)), (0, 1), True), TIES)
row("amax", "AmaxBackward0", lambda a, dims, keepdim: np.amax(a, axis=dims, keepdims=keepdim),
    {"input": lambda m, g, out, a, dims, keepdim: spread(m, g, a, out, dims, keepdim, False)},
    forms=FUNCTION_FORMS, args="input, dim=(), keepdim=False", samples=AMAX_SAMPLES)
row("amin", "AminBackward0", lambda a, dims, keepdim: np.amin(a, axis=dims, keepdims=keepdim),
    {"input": lambda m, g, out, a, dims, keepdim: spread(m, g, a, out, dims, keepdim, False)},
    forms=FUNCTION_FORMS, args="input, dim=(), keepdim=False", samples=AMAX_SAMPLES)
TIE_PAIRS = BINARY_SAMPLES[:2] + (Sample(T(values=[1.0, 2.0, 3.0]), T(values=[1.0, 0.0, 4.0])),)
row("maximum", "MaximumBackward0", np.maximum,
    {"input": lambda m, g, out, a, b: tie_half(m, g, a, b, True),
     "other": lambda m, g, out, a, b: tie_half(m, g, b, a, True)},
    forms=FUNCTION_FORMS, samples=TIE_PAIRS)
row("minimum", "MinimumBackward0", np.minimum,
    {"input": lambda m, g, out, a, b: tie_half(m, g, a, b, False),
     "other": lambda m, g, out, a, b: tie_half(m, g, b, a, False)},
    forms=FUNCTION_FORMS, samples=TIE_PAIRS)
# NOTE: prod's gradient is out / x without zeros, else the product of the
# other elements (exclusive cumulative products), so zeros are handled.
row("prod", "ProdBackward0", prod_like_torch,
    {"input": lambda m, g, out, a: prod_grad(m, g, a, out, None, False)},
    forms=FUNCTION_FORMS, args="input, dim=None, keepdim=False, *, dtype=None",
    samples=(Sample(T((2, 3))), Sample(T((2, 3)), 1), Sample(T(values=[[1.0, 0.0, 2.0], [0.0, 0.0, 3.0]])),
             Sample(T(values=[[1.0, 0.0, 2.0], [3.0, 4.0, 0.5]]), 1)))
row("prod_dim", "ProdBackward1",
    lambda a, dim, keepdim: a.copy() if a.ndim == 0 else prod_like_torch(a, dim, keepdim),
    {"input": lambda m, g, out, a, dim, keepdim: prod_grad(m, g, a, out, dim, keepdim)}, via="prod")

# ***** statistics: var, std, vector norm (ops/stats.py) *****
# ``dims`` None reduces everything; () (an empty dim list) does too, but
# NOTE: PyTorch's backward then divides by (1 - correction), giving inf.


def var_array(a, dims, correction, keepdim):
    return spread_like_torch(a, dims, correction, keepdim, False)


def std_array(a, dims, correction, keepdim):
    return spread_like_torch(a, dims, correction, keepdim, True)


def _dense_rows(a, reduced):
    """``a`` as (outputs, n) when the reduced dims are its innermost in
    memory and dense (float32 or float64): the layout PyTorch's 2-norm kernel
    reduces with its vectorised loop over each output's run of memory
    (``engine/cascade.py``); else None."""
    if a.dtype not in (_F32, _F64) or a.size == 0:
        return None
    expect = a.itemsize
    for d in sorted((d for d in reduced if a.shape[d] > 1), key=lambda d: abs(a.strides[d])):
        if a.strides[d] != expect:
            return None
        expect *= a.shape[d]
    if any(a.shape[d] > 1 and abs(a.strides[d]) < expect for d in range(a.ndim) if d not in reduced):
        return None
    return visiting_rows(a, reduced)


def vector_norm_array(a, ord, dims, keepdim):
    reduced = set(range(a.ndim)) if not dims else {d % a.ndim for d in dims}
    shape = ([1 if i in reduced else n for i, n in enumerate(a.shape)] if keepdim
             else [n for i, n in enumerate(a.shape) if i not in reduced])
    if ord != 0 and a.size and math.prod(a.shape[d] for d in reduced) == 1:
        # NOTE: PyTorch's norm of a single element is its absolute value,
        # for every p but 0: no powers, no root (so no underflow)
        return np.abs(a).reshape(shape)
    rows = _dense_rows(a, reduced) if ord == 2 else None
    if rows is not None:
        return norm2_rows(rows).reshape(shape)
    if a.dtype in (_F32, _F64) and a.size and ord != 0 and not math.isinf(ord):
        # NOTE: PyTorch's generic norm kernel (every p but 0 and ±inf, and
        # the 2-norm where its vectorised last-dim loop does not apply) adds
        # each output's terms one after another in the input's dtype:
        # |x|, x * x, or powf(|x|, p), then the p-th root with powf(s, 1/p)
        rows = visiting_rows(a, reduced)
        if ord == 1:
            terms = np.abs(rows)
        elif ord == 2:
            terms = rows * rows
        else:
            terms = libm.pow(np.abs(rows), a.dtype.type(ord))
        total = serial_sums(terms)
        if ord == 2:
            total = np.sqrt(total)
        elif ord != 1:
            total = libm.pow(total, a.dtype.type(1) / a.dtype.type(ord))
        return total.reshape(shape)
    x = np.abs(a.astype(np.float64) if a.dtype == np.float32 else a)
    axis = dims or None
    if ord == 2:
        r = np.sqrt(np.sum(x * x, axis=axis, keepdims=keepdim))
    elif ord == 1:
        r = np.sum(x, axis=axis, keepdims=keepdim)
    elif ord == np.inf:
        r = np.max(x, axis=axis, keepdims=keepdim)
    elif ord == -np.inf:
        r = np.min(x, axis=axis, keepdims=keepdim)
    elif ord == 0:
        r = np.sum(x != 0, axis=axis, keepdims=keepdim)
    else:
        r = np.sum(x ** ord, axis=axis, keepdims=keepdim) ** (1.0 / ord)
    return np.asarray(r).astype(a.dtype, copy=False)


STAT_SAMPLES = (Sample(T((2, 3))), Sample(T((2, 3)), 1), Sample(T((2, 3)), 1, keepdim=True, correction=0))
row("var", "VarBackward0", var_array,
    {"input": lambda m, g, out, a, dims, correction, keepdim: var_grad(m, g, a, dims, correction, keepdim)},
    forms=FUNCTION_FORMS, args="input, dim=None, unbiased=None, keepdim=False, *, correction=None",
    samples=STAT_SAMPLES)
row("std", "StdBackward0", std_array,
    {"input": lambda m, g, out, a, dims, correction, keepdim: std_grad(m, g, a, out, dims, correction, keepdim)},
    forms=FUNCTION_FORMS, args="input, dim=None, unbiased=None, keepdim=False, *, correction=None",
    samples=STAT_SAMPLES)
# sgn(x): used by the norm's gradient rule, differentiable (to zero) like PyTorch's.
row("sgn", "SgnBackward0", np.sign, {"input": lambda m, g, out, a: m.zeros_like(g)}, via="norm")
row("norm", "LinalgVectorNormBackward0", vector_norm_array,
    {"input": lambda m, g, out, a, ord, dims, keepdim: norm_grad(m, g, a, out, ord, dims, keepdim)},
    forms=FUNCTION_FORMS, args="input, p='fro', dim=None, keepdim=False, dtype=None",
    samples=(Sample(T((2, 3))), Sample(T((2, 3)), 1), Sample(T((2, 3)), float("inf"), 1),
             Sample(T((2, 3)), 3, 1, True), Sample(T(values=[[0.0, 0.0], [1.0, -2.0]])),
             Sample(T((3, 2)), "nuc"), Sample(T((2, 2, 3)), p="nuc", dim=(1, 2), keepdim=True)))

# ***** where (ops/join.py) *****
# The condition is not an input (not in next_functions); it rides in attrs.
row("where", "WhereBackward0", lambda a, b, cond: np.where(cond, a, b),
    {"input": lambda m, g, out, a, b, cond: m.where(cond, g, 0.0),
     "other": lambda m, g, out, a, b, cond: m.where(cond, 0.0, g)},
    saves=(0,), reads=((), ()), forms=("torch", "bare"), args="condition, input, other",
    samples=(Sample(T(values=[True, False, True], grad=False, dtype="bool"), T((3,)), T((2, 3))),
             Sample(T(values=[True, False], grad=False, dtype="bool"), T((2,)), 0.0)))

# ***** ties: a backward op's saved input (create_graph) *****
# NOTE: PyTorch writes many gradients as one backward op of the incoming
# gradient and the saved input or result (relu's is threshold_backward(grad,
# result, 0)), differentiable in that input with a zero derivative. Under
# create_graph such a gradient is in the input's graph even where its value
# does not depend on the input: it has a grad_fn (ThresholdBackwardBackward0)
# and its own gradient is zeros, not "does not require grad".
# ``m.tie(r, saved, grad_fn)`` records that node over the gradient ``r``.
_TIES: dict[str, Op] = {}


def tie_op(grad_fn) -> Op:
    op = _TIES.get(grad_fn)
    if op is None:
        op = _TIES[grad_fn] = Op("tie", grad_fn, lambda r, saved: r,
                                 {"grad": passes_grad, "self": lambda m, g, out, r, saved: m.zeros_like(g)})
    return op


# ***** joining: cat, stack (ops/join.py) *****
# These take any number of inputs: a row holds a rule *maker*, and
# ``variadic_op(key, n)`` builds the row with one rule per input.
VARIADIC: dict[str, tuple] = {}
_VARIADIC_OPS: dict[tuple, Op] = {}


def variadic(key, grad_fn, forward, rule_at, **kwargs):
    VARIADIC[key] = (grad_fn, forward, rule_at)
    row(key, grad_fn, forward, **kwargs)


def variadic_op(key, n) -> Op:
    d = _VARIADIC_OPS.get((key, n))
    if d is None:
        grad_fn, forward, rule_at = VARIADIC[key]
        d = _VARIADIC_OPS[(key, n)] = Op(key, grad_fn, forward, {f"tensors[{i}]": rule_at(i) for i in range(n)})
    return d


def cat_rule(i):
    def rule(m, g, out, *inputs, dim, bounds):
        b = bounds[i]
        if b is None:                 # a legacy empty 1-D input, skipped by cat
            return m.reshape(m.narrow(g, dim, 0, 0), (0,))
        return m.narrow(g, dim, b[0], b[1])
    return rule


def stack_rule(i):
    return lambda m, g, out, *inputs, dim: m.select(g, dim, i)


variadic("cat", "CatBackward0",
         lambda *xs, dim, bounds: np.concatenate([x for x, b in zip(xs, bounds) if b is not None], axis=dim),
         cat_rule, forms=("torch", "bare"), aliases=("concat", "concatenate"), args="tensors, dim=0",
         samples=(Sample([T((2, 3)), T((1, 3))]), Sample([T((2, 3)), T((2, 1))], 1)))
variadic("stack", "StackBackward0", lambda *xs, dim: np.ascontiguousarray(np.stack(xs, axis=dim)), stack_rule,
         forms=("torch", "bare"), args="tensors, dim=0",
         samples=(Sample([T((2, 3)), T((2, 3))]), Sample([T((2,)), T((2,))], 1)))

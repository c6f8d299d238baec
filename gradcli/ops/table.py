"""THE op table: per op, its numpy forward, one gradient rule per input, and
the grad_fn name PyTorch shows for it — written out, as derivatives.yaml does.

A rule is ``rule(m, g, out, *inputs, **attrs) -> gradient for that input``
(``None`` in ``vjps`` = not differentiable). ``m`` is the math namespace of
``engine/mathns.py``: numpy arrays on the plain path, Tensors under
``create_graph=True``, so the same rule serves both. The engine undoes
broadcasting and casts each gradient back to its input (``m.fit``).

``saves`` lists what the rules read (input indices, ``"out"``): a node that
saves anything is freed after backward, as in PyTorch. ``reads`` (optional,
one tuple per rule) says which saved items each rule needs: only the items
needed by the inputs that want a gradient are checked for in-place changes
(``x * w`` with only ``x`` requiring grad saves ``w`` alone).
"""
from __future__ import annotations

import numpy as np


class OpDef:
    """One row; ``reads`` defaults to every rule reading all of ``saves``."""
    __slots__ = ("key", "grad_fn", "forward", "vjps", "saves", "reads")

    def __init__(self, key, grad_fn, forward, vjps, saves=(), reads=None):
        self.key, self.grad_fn, self.forward = key, grad_fn, forward
        self.vjps, self.saves = tuple(vjps), tuple(saves)
        self.reads = tuple(tuple(r) for r in reads) if reads else (self.saves,) * len(self.vjps)

    def __repr__(self):
        return f"OpDef({self.key!r}, {self.grad_fn!r})"


OPS: dict[str, OpDef] = {}


def op(key, grad_fn, forward, *vjps, saves=(), reads=None):
    OPS[key] = OpDef(key, grad_fn, forward, vjps, saves, reads)


# ***** arithmetic *****
# NOTE: `x + 2` and `2 + x` are both AddBackward0; `2 - x` is RsubBackward1
# (rsub(x, 2)); `2 / x` is reciprocal(x) * 2, so MulBackward0.
op("add", "AddBackward0", lambda a, b, alpha=1: a + b if alpha == 1 else a + alpha * b,
   lambda m, g, out, a, b, alpha=1: g,
   lambda m, g, out, a, b, alpha=1: g if alpha == 1 else g * alpha)
op("sub", "SubBackward0", lambda a, b, alpha=1: a - b if alpha == 1 else a - alpha * b,
   lambda m, g, out, a, b, alpha=1: g,
   lambda m, g, out, a, b, alpha=1: -g if alpha == 1 else g * -alpha)
op("rsub", "RsubBackward1", lambda a, b, alpha=1: b - a if alpha == 1 else b - alpha * a,
   lambda m, g, out, a, b, alpha=1: -g if alpha == 1 else g * -alpha,
   None)
op("rsub_tensor", "RsubBackward0", lambda a, b, alpha=1: b - a if alpha == 1 else b - alpha * a,
   lambda m, g, out, a, b, alpha=1: -g if alpha == 1 else g * -alpha,
   lambda m, g, out, a, b, alpha=1: g)
op("mul", "MulBackward0", lambda a, b: a * b,
   lambda m, g, out, a, b: g * b,
   lambda m, g, out, a, b: g * a, saves=(0, 1), reads=((1,), (0,)))
op("div", "DivBackward0", lambda a, b: a / b,
   lambda m, g, out, a, b: g / b,
   lambda m, g, out, a, b: -g * (a / b / b) if m.is_tensor else -(a / b / b * g),
   saves=(0, 1), reads=((1,), (0, 1)))
# NOTE: PyTorch's formula, -g * ((a / b) / b), digit for digit (MulBackward0
# under create_graph); on arrays, -(a / b / b * g) gives the same values with
# one full-size temporary (numpy reuses the temporaries in place).
op("neg", "NegBackward0", lambda a: -a,
   lambda m, g, out, a: -g)
op("reciprocal", "ReciprocalBackward0", lambda a: 1 / a,
   lambda m, g, out, a: -g * out * out, saves=("out",))
# NOTE: PyTorch gives 0 (not nan) for x ** 0 at x = 0, and masks log(0)
# where the base is 0 in x ** y.
op("pow", "PowBackward0", lambda a, e: a ** e,
   lambda m, g, out, a, e: m.zeros_like(g) if e == 0 else g * (e * a ** (e - 1)),
   None, saves=(0,))
op("pow_tensor", "PowBackward1", lambda a, b: a ** b,
   lambda m, g, out, a, b: g * m.where_nonzero_exp(b, b * a ** (b - 1)),
   lambda m, g, out, a, b: g * m.where_base_nonzero(a, b, out * m.log(a)), saves=(0, 1, "out"))
op("rpow", "PowBackward2", lambda a, s: s ** a,
   lambda m, g, out, a, s: g * (out * float(np.log(s))) if s != 0 else m.zeros_like(g),
   None, saves=("out",))

# ***** unary math *****
# NOTE: PyTorch's float32 exp, tanh, sin and cos are (almost always)
# correctly rounded, numpy's float32 loops are not: rounding the float64
# result matches PyTorch's last digit, which `tolist()` and JSON show. Beyond
# EXACT_LIMIT elements the float32 loop is used, for speed.
EXACT_LIMIT = 1 << 16


_F32, _F64 = np.dtype(np.float32), np.dtype(np.float64)


def _rounded(fn):
    # NOTE: fn(a.astype(float64)) is fn(a, dtype=float64) bit for bit, and
    # faster on small arrays (no dtype resolution).
    def forward(a):
        if a.dtype == _F32 and a.size <= EXACT_LIMIT:
            return fn(a.astype(_F64)).astype(_F32)
        return fn(a)
    forward.__name__ = fn.__name__
    return forward


op("exp", "ExpBackward0", _rounded(np.exp), lambda m, g, out, a: g * out, saves=("out",))
op("log", "LogBackward0", np.log, lambda m, g, out, a: g / a, saves=(0,))
op("sin", "SinBackward0", _rounded(np.sin), lambda m, g, out, a: g * m.cos(a), saves=(0,))
op("cos", "CosBackward0", _rounded(np.cos), lambda m, g, out, a: -g * m.sin(a), saves=(0,))
op("tanh", "TanhBackward0", _rounded(np.tanh), lambda m, g, out, a: g * (1 - out * out), saves=("out",))
op("sigmoid", "SigmoidBackward0", lambda a: 1 / (1 + np.exp(-a)) if a.dtype.kind == "f" else a,
   lambda m, g, out, a: g * (out * (1 - out)), saves=("out",))
op("relu", "ReluBackward0", lambda a: np.maximum(a, 0).astype(a.dtype, copy=False),
   lambda m, g, out, a: m.mask(g, out), saves=("out",))
op("sqrt", "SqrtBackward0", np.sqrt, lambda m, g, out, a: g / (2 * out), saves=("out",))
op("abs", "AbsBackward0", np.abs, lambda m, g, out, a: g * m.sign(a), saves=(0,))

# ***** reductions *****
op("sum", "SumBackward0", lambda a, dtype=None: np.sum(a, dtype=dtype),
   lambda m, g, out, a, dtype=None: m.expand(g, a.shape))
op("sum_dim", "SumBackward1",
   lambda a, dim, keepdim, dtype=None: np.sum(a, axis=dim, keepdims=keepdim, dtype=dtype),
   lambda m, g, out, a, dim, keepdim, dtype=None: m.expand(m.keep_dims(g, dim, keepdim, a.ndim), a.shape))
op("mean", "MeanBackward0", lambda a, dtype=None: np.mean(a, dtype=dtype),
   lambda m, g, out, a, dtype=None: m.expand(g, a.shape) / max(m.numel(a), 1))
op("mean_dim", "MeanBackward1",
   lambda a, dim, keepdim, dtype=None: np.mean(a, axis=dim, keepdims=keepdim, dtype=dtype),
   lambda m, g, out, a, dim, keepdim, dtype=None:
       m.expand(m.keep_dims(g, dim, keepdim, a.ndim), a.shape) / m.count(a.shape, dim))

# ***** linear algebra *****
op("mm", "MmBackward0", np.matmul,
   lambda m, g, out, a, b: m.matmul(g, m.mT(b)),
   lambda m, g, out, a, b: m.matmul(m.mT(a), g), saves=(0, 1), reads=((1,), (0,)))
op("bmm", "BmmBackward0", np.matmul,
   lambda m, g, out, a, b: m.matmul(g, m.mT(b)),
   lambda m, g, out, a, b: m.matmul(m.mT(a), g), saves=(0, 1), reads=((1,), (0,)))
op("mv", "MvBackward0", np.matmul,
   lambda m, g, out, a, v: m.outer(g, v),
   lambda m, g, out, a, v: m.matmul(m.mT(a), g), saves=(0, 1), reads=((1,), (0,)))
op("dot", "DotBackward0", np.dot,
   lambda m, g, out, a, b: g * b,
   lambda m, g, out, a, b: g * a, saves=(0, 1), reads=((1,), (0,)))

# ***** shape and views *****
op("t", "TBackward0", lambda a: a.T,
   lambda m, g, out, a: m.mT(g) if len(a.shape) == 2 else g)
op("permute", "PermuteBackward0", lambda a, dims: np.transpose(a, dims),
   lambda m, g, out, a, dims: m.permute(g, tuple(np.argsort(dims))))
op("transpose", "TransposeBackward0", lambda a, dims: np.transpose(a, dims),
   lambda m, g, out, a, dims: m.permute(g, dims))          # a swap is its own inverse
op("view", "ViewBackward0", lambda a, shape: a.reshape(shape),
   lambda m, g, out, a, shape: m.reshape(g, a.shape))
op("unsafe_view", "UnsafeViewBackward0", lambda a, shape: a.reshape(shape),
   lambda m, g, out, a, shape: m.reshape(g, a.shape))
op("clone", "CloneBackward0", lambda a: a.copy(), lambda m, g, out, a: g)
op("expand", "ExpandBackward0", lambda a, shape: np.broadcast_to(a, shape),
   lambda m, g, out, a, shape: g)
op("unsqueeze", "UnsqueezeBackward0", lambda a, dim: np.expand_dims(a, dim),
   lambda m, g, out, a, dim: m.reshape(g, a.shape))
# NOTE: x.squeeze(1) is SqueezeBackward1, x.squeeze((1,)) SqueezeBackward2,
# and the squeeze inside matmul (1-D @ 2-D) SqueezeBackward4.
op("squeeze_dim", "SqueezeBackward1", lambda a, dims: np.squeeze(a, axis=dims),
   lambda m, g, out, a, dims: m.reshape(g, a.shape))
op("squeeze_tuple", "SqueezeBackward2", lambda a, dims: np.squeeze(a, axis=dims),
   lambda m, g, out, a, dims: m.reshape(g, a.shape))
op("squeeze_dims", "SqueezeBackward4", lambda a, dims: np.squeeze(a, axis=dims),
   lambda m, g, out, a, dims: m.reshape(g, a.shape))
op("squeeze", "SqueezeBackward0", lambda a: np.squeeze(a),
   lambda m, g, out, a: m.reshape(g, a.shape))
op("select", "SelectBackward0", lambda a, dim, index: a[(slice(None),) * dim + (index, Ellipsis)],
   lambda m, g, out, a, dim, index: m.embed(g, a.shape, (slice(None),) * dim + (index,)))
op("slice", "SliceBackward0", lambda a, dim, start, stop, step: a[(slice(None),) * dim + (slice(start, stop, step),)],
   lambda m, g, out, a, dim, start, stop, step: m.embed(g, a.shape, (slice(None),) * dim + (slice(start, stop, step),)))
op("index", "IndexBackward0", lambda a, key: a[key],
   lambda m, g, out, a, key: m.embed_add(g, a.shape, key))
op("to_copy", "ToCopyBackward0", lambda a, dtype: a.astype(dtype.np), lambda m, g, out, a, dtype: g)

# Gradients of the indexing ops, so indexing is twice differentiable.
op("embed", "SelectBackwardBackward0", lambda g, shape, key: _embed(g, shape, key),
   lambda m, gg, out, g, shape, key: m.take(gg, key))
op("embed_add", "IndexBackwardBackward0", lambda g, shape, key: _embed_add(g, shape, key),
   lambda m, gg, out, g, shape, key: m.take(gg, key))


def _embed(g, shape, key):
    z = np.zeros(shape, dtype=g.dtype)
    z[key] = g
    return z


def _embed_add(g, shape, key):
    z = np.zeros(shape, dtype=g.dtype)
    np.add.at(z, key, g)
    return z

# ***** in-place writes *****
# `x[key] = v` on a tensor with history: grad flows to x outside the written
# positions and to v inside them. `key` holds the flat positions written.
op("copy_slices", "CopySlices", lambda base, v, key: _copy_slices(base, v, key),
   lambda m, g, out, base, v, key: _keep_outside(m, g, key),
   lambda m, g, out, base, v, key: m.reshape(m.take(m.reshape(g, (-1,)), key[0].reshape(-1)), key[0].shape))


def _copy_slices(base, v, key):
    """The forward of ``t[key] = v`` as a function (used when a graph is
    replayed; the in-place write itself happens in ops/grad_api.py)."""
    out = np.array(base, copy=True)
    positions = key[0]
    out.reshape(-1)[positions.reshape(-1)] = np.broadcast_to(v, positions.shape).reshape(-1)
    return out


def _keep_outside(m, g, key):
    mask = np.ones(g.shape, dtype=bool).reshape(-1)
    mask[key[0].reshape(-1)] = False
    if m.is_tensor:
        from ..engine.tensor import Tensor
        return m.mask(g, Tensor(mask.reshape(g.shape).astype(np.float32)))
    return g * mask.reshape(g.shape)


# ***** selection: max, min, amax, amin, maximum, minimum, prod (ops/reduce.py) *****
# NOTE: max()/min() over the whole tensor spread the gradient evenly over
# ties (and over NaNs when the result is NaN); max(dim)/min(dim) send it to
# the returned index alone; amax/amin spread it evenly over the ties along
# the reduced dims; maximum/minimum give each input half where they are equal.
# ``key`` is the fancy index of the picked elements (engine: ``embed``).
op("max", "MaxBackward1", np.max,
   lambda m, g, out, a: m.spread(g, a, out, None, False, True), saves=(0, "out"))
op("min", "MinBackward1", np.min,
   lambda m, g, out, a: m.spread(g, a, out, None, False, True), saves=(0, "out"))


def _pick(a, dim, keepdim, key):
    if a.ndim == 0:
        return a.copy()
    v = a[key]
    return v if keepdim else np.squeeze(v, axis=dim)


# NOTE: PyTorch's MaxBackward0 saves the indices, not the input: reads=((),)
# checks no version of x, while saves=(0,) still frees the node on backward.
op("max_dim", "MaxBackward0", _pick,
   lambda m, g, out, a, dim, keepdim, key: m.embed(m.keep_dims(g, (dim,), keepdim, a.ndim), a.shape, key),
   saves=(0,), reads=((),))
op("min_dim", "MinBackward0", _pick,
   lambda m, g, out, a, dim, keepdim, key: m.embed(m.keep_dims(g, (dim,), keepdim, a.ndim), a.shape, key),
   saves=(0,), reads=((),))
op("amax", "AmaxBackward0", lambda a, dims, keepdim: np.amax(a, axis=dims, keepdims=keepdim),
   lambda m, g, out, a, dims, keepdim: m.spread(g, a, out, dims, keepdim, False), saves=(0, "out"))
op("amin", "AminBackward0", lambda a, dims, keepdim: np.amin(a, axis=dims, keepdims=keepdim),
   lambda m, g, out, a, dims, keepdim: m.spread(g, a, out, dims, keepdim, False), saves=(0, "out"))
op("maximum", "MaximumBackward0", np.maximum,
   lambda m, g, out, a, b: m.tie_half(g, a, b, True),
   lambda m, g, out, a, b: m.tie_half(g, b, a, True), saves=(0, 1))
op("minimum", "MinimumBackward0", np.minimum,
   lambda m, g, out, a, b: m.tie_half(g, a, b, False),
   lambda m, g, out, a, b: m.tie_half(g, b, a, False), saves=(0, 1))
# NOTE: prod's gradient is out / x without zeros, else the product of the
# other elements (exclusive cumulative products), so zeros are handled.
op("prod", "ProdBackward0", np.prod,
   lambda m, g, out, a: m.prod_grad(g, a, out, None, False), saves=(0, "out"))
op("prod_dim", "ProdBackward1",
   lambda a, dim, keepdim: a.copy() if a.ndim == 0 else np.prod(a, axis=dim, keepdims=keepdim),
   lambda m, g, out, a, dim, keepdim: m.prod_grad(g, a, out, dim, keepdim), saves=(0, "out"))

# ***** statistics: var, std, vector norm (ops/stats.py) *****
# ``dims`` None reduces everything; () (an empty dim list) does too, but
# NOTE: PyTorch's backward then divides by (1 - correction), giving inf.


def _var(a, dims, correction, keepdim):
    x = a.astype(np.float64) if a.dtype == np.float32 else a
    axis = dims or None
    n = x.size if axis is None else int(np.prod([x.shape[d] for d in axis]))
    mean = np.sum(x, axis=axis, keepdims=True) / max(n, 1)
    m2 = np.sum((x - mean) ** 2, axis=axis, keepdims=keepdim)
    return np.asarray(m2 / max(0, n - correction)).astype(a.dtype, copy=False)


def _vector_norm(a, ord, dims, keepdim):
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


op("var", "VarBackward0", _var,
   lambda m, g, out, a, dims, correction, keepdim: m.var_grad(g, a, dims, correction, keepdim), saves=(0,))
op("std", "StdBackward0", lambda a, dims, correction, keepdim: np.sqrt(_var(a, dims, correction, keepdim)),
   lambda m, g, out, a, dims, correction, keepdim: m.std_grad(g, a, out, dims, correction, keepdim),
   saves=(0, "out"))
# sgn(x): used by the norm's gradient rule, differentiable (to zero) like PyTorch's.
op("sgn", "SgnBackward0", np.sign, lambda m, g, out, a: m.zeros_like(g))
op("norm", "LinalgVectorNormBackward0", _vector_norm,
   lambda m, g, out, a, ord, dims, keepdim: m.norm_grad(g, a, out, ord, dims, keepdim), saves=(0, "out"))

# ***** where (ops/join.py) *****
# The condition is not an input (not in next_functions); it rides in attrs.
op("where", "WhereBackward0", lambda a, b, cond: np.where(cond, a, b),
   lambda m, g, out, a, b, cond: m.where_grad(cond, g, True),
   lambda m, g, out, a, b, cond: m.where_grad(cond, g, False), saves=(0,), reads=((), ()))

# ***** joining: cat, stack (ops/join.py) *****
# These take any number of inputs: a row holds a rule *maker*, and
# ``variadic_op(key, n)`` builds the OpDef with one rule per input.
VARIADIC: dict[str, tuple] = {}
_VARIADIC_OPS: dict[tuple, OpDef] = {}


def variadic(key, grad_fn, forward, rule_at):
    VARIADIC[key] = (grad_fn, forward, rule_at)


def variadic_op(key, n) -> OpDef:
    d = _VARIADIC_OPS.get((key, n))
    if d is None:
        grad_fn, forward, rule_at = VARIADIC[key]
        d = _VARIADIC_OPS[(key, n)] = OpDef(key, grad_fn, forward, [rule_at(i) for i in range(n)])
    return d


def _cat_rule(i):
    def rule(m, g, out, *inputs, dim, bounds):
        b = bounds[i]
        if b is None:                 # a legacy empty 1-D input, skipped by cat
            return m.reshape(m.narrow(g, dim, 0, 0), (0,))
        return m.narrow(g, dim, b[0], b[1])
    return rule


def _stack_rule(i):
    return lambda m, g, out, *inputs, dim: m.select(g, dim, i)


variadic("cat", "CatBackward0",
         lambda *xs, dim, bounds: np.concatenate([x for x, b in zip(xs, bounds) if b is not None], axis=dim),
         _cat_rule)
variadic("stack", "StackBackward0", lambda *xs, dim: np.stack(xs, axis=dim), _stack_rule)

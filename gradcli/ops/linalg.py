"""matmul in all its cases, and mm, mv, dot, bmm with PyTorch's checks.

``matmul`` composes the table's rows exactly as PyTorch does, so the
grad_fn names match: 1-D·1-D is DotBackward0, 2-D·2-D MmBackward0, 2-D·1-D
MvBackward0, 1-D·2-D an MmBackward0 under SqueezeBackward4, and batched
products an MmBackward0/BmmBackward0 under UnsafeViewBackward0.
"""
from __future__ import annotations

import numpy as np

from ..engine import autograd as AG
from ..engine import blas, mkl
from ..engine.autograd import record
from ..engine.context import CONTEXT
from ..engine.fma import fma32, fma64
from ..engine.tensor import Tensor
from ..errors import GradcliError, index_error, runtime_error, type_error
from .device import check_out_dtype, out_grad_error, write_out
from .operands import as_tensor, broadcast_shape, normalize_dim, parse_native, type_name
from .oprow import Sample, T, implements, row
from .table import OPS, variadic, variadic_op


def _same_dtype(a, b, name):
    """PyTorch's words for each product's dtype check (mv's names the vector's dtype first:
    its result takes the vector's dtype)."""
    if a.data.dtype != b.data.dtype:
        ta, tb = a.dtype.torch_type[:-6], b.dtype.torch_type[:-6]
        raise runtime_error(
            f"expected m1 and m2 to have the same dtype, but got: {a.dtype.c_name} != {b.dtype.c_name}" if name == "mm"
            else f"addmv input tensors must have the same dtype, but got {tb}, {ta}, and {tb}" if name == "mv"
            else f"dot : expected both vectors to have same dtype, but found {ta} and {tb}" if name == "dot"
            else f"expected scalar type {ta} but found {tb}")


def _rec(key, a, b, out):
    return record(OPS[key], (a, b), {}, out, None)


@implements("mm")
def mm(input, mat2):
    a, b = as_tensor(input), as_tensor(mat2)
    if a.data.ndim != 2:
        raise runtime_error("self must be a matrix")
    if b.data.ndim != 2:
        raise runtime_error("mat2 must be a matrix")
    if a.shape[1] != b.shape[0]:
        raise runtime_error(f"mat1 and mat2 shapes cannot be multiplied ({a.shape[0]}x{a.shape[1]} and "
                            f"{b.shape[0]}x{b.shape[1]})")
    _same_dtype(a, b, "mm")
    return _rec("mm", a, b, blas.matmul(a.data, b.data))


@implements("mv")
def mv(input, vec):
    a, v = as_tensor(input), as_tensor(vec)
    if a.data.ndim != 2 or v.data.ndim != 1:
        raise runtime_error(f"vector + matrix @ vector expected, got {v.data.ndim}, {a.data.ndim}, {v.data.ndim}")
    if a.shape[1] != v.shape[0]:
        raise runtime_error(f"size mismatch, got input ({a.shape[0]}), mat ({a.shape[0]}x{a.shape[1]}), vec ({v.shape[0]})")
    _same_dtype(a, v, "mv")
    return _rec("mv", a, v, blas.matmul(a.data, v.data))


@implements("dot")
def dot(input, tensor):
    a, b = as_tensor(input), as_tensor(tensor)
    if a.data.ndim != 1 or b.data.ndim != 1:
        raise runtime_error(f"1D tensors expected, but got {a.data.ndim}D and {b.data.ndim}D tensors")
    _same_dtype(a, b, "dot")
    if a.shape[0] != b.shape[0]:
        raise runtime_error(f"inconsistent tensor size, expected tensor [{a.shape[0]}] and src [{b.shape[0]}] "
                            f"to have the same number of elements, but got {a.shape[0]} and {b.shape[0]} elements respectively")
    out = mkl.dot(a.data, b.data)           # PyTorch's (MKL's) where MKL is installed
    return _rec("dot", a, b, np.dot(a.data, b.data) if out is None else out)


@implements("bmm")
def bmm(input, mat2):
    a, b = as_tensor(input), as_tensor(mat2)
    _batched_checks(a, b)
    return _rec("bmm", a, b, a.data @ b.data)


def _batched_checks(a, b):
    """PyTorch's checks of bmm's and baddbmm's batches of matrices, in its order."""
    if a.data.ndim != 3 or b.data.ndim != 3:
        raise runtime_error("batch1 must be a 3D tensor" if a.data.ndim != 3 else "batch2 must be a 3D tensor")
    if a.shape[0] != b.shape[0] or a.shape[2] != b.shape[1]:
        raise runtime_error(f"Expected size for first two dimensions of batch2 tensor to be: "
                            f"[{a.shape[0]}, {a.shape[2]}] but got: [{b.shape[0]}, {b.shape[1]}].")
    _same_dtype(a, b, "bmm")


def _should_fold(big, small: Tensor, da: int) -> bool:
    """PyTorch's should_fold: a product of a >= 3-D tensor (``big``, the data
    of the larger side, transposed when it is the second operand) and a 1- or
    2-D one (``small``) is one mm/mv over the folded batch when ``small``
    requires grad, or when folding costs no copy (never for a 2-D first operand
    whose fold would need a transposed copy of the result); else bmm."""
    if small.requires_grad:
        return True
    if da == 2:
        return False
    if big.size == 0:
        return True
    st, sh = big.strides, big.shape
    return all(st[i] == st[i + 1] * sh[i + 1] for i in range(big.ndim - 2))


def matmul(a: Tensor, b: Tensor) -> Tensor:
    from .shape import unsqueeze, squeeze, reshape, expand
    da, db = a.data.ndim, b.data.ndim
    if da == 0 or db == 0:
        raise runtime_error(f"both arguments to matmul need to be at least 1D, but they are {da}D and {db}D")
    if da == 1 and db == 1:
        return dot(a, b)
    if da == 2 and db == 1:
        return mv(a, b)
    if da == 1 and db == 2:
        if a.shape[0] != b.shape[0]:
            raise runtime_error(f"mat1 and mat2 shapes cannot be multiplied (1x{a.shape[0]} and {b.shape[0]}x{b.shape[1]})")
        return squeeze(mm(unsqueeze(a, 0), b), 0, _key="squeeze_dims")
    if da == 2 and db == 2:
        return mm(a, b)
    if da >= 3 and db <= 2 and _should_fold(a.data, b, da):
        k = a.shape[-1]
        flat = reshape(a, -1, k)
        if db == 1:
            r = mv(flat, b)
            out_shape = a.shape[:-1]
        else:
            if k != b.shape[0]:
                raise runtime_error(f"mat1 and mat2 shapes cannot be multiplied ({flat.shape[0]}x{k} and "
                                    f"{b.shape[0]}x{b.shape[1]})")
            r = mm(flat, b)
            out_shape = a.shape[:-1] + (b.shape[1],)
        return record(OPS["unsafe_view"], (r,), {"shape": out_shape}, r.data.reshape(out_shape), None)
    if da <= 2 and _should_fold(np.swapaxes(b.data, -1, -2), a, da):
        # NOTE: PyTorch folds the batch into the other side: (b.mT @ a.mT).mT,
        # made contiguous — hence CloneBackward0 over TransposeBackward0.
        from .shape import transpose, contiguous
        if da == 1:
            k = a.shape[0]
            if b.shape[-2] != k:
                raise runtime_error(f"size mismatch, got input ({int(np.prod(b.shape[:-2])) * b.shape[-1]}), "
                                    f"mat ({int(np.prod(b.shape[:-2])) * b.shape[-1]}x{b.shape[-2]}), vec ({k})")
            flat = reshape(transpose(b, -1, -2), -1, k)
            r = mv(flat, a)
            out_shape = b.shape[:-2] + (b.shape[-1],)
            return record(OPS["unsafe_view"], (r,), {"shape": out_shape}, r.data.reshape(out_shape), None)
        return contiguous(transpose(matmul(transpose(b, -1, -2), transpose(a, -1, -2)), -1, -2))
    # batched: broadcast the batch dimensions, then bmm
    a2 = unsqueeze(a, 0) if da == 1 else a
    b2 = unsqueeze(b, -1) if db == 1 else b
    n, k1 = a2.shape[-2], a2.shape[-1]
    k2, p = b2.shape[-2], b2.shape[-1]
    if k1 != k2:
        raise runtime_error(f"Expected size for first two dimensions of batch2 tensor to be: "
                            f"[{int(np.prod(a2.shape[:-2]))}, {k1}] but got: [{int(np.prod(b2.shape[:-2]))}, {k2}].")
    batch = broadcast_shape(a2.shape[:-2], b2.shape[:-2])
    bsz = int(np.prod(batch)) if batch else 1
    ea = reshape(expand(a2, batch + (n, k1)), bsz, n, k1) if a2.shape[:-2] != batch else reshape(a2, bsz, n, k1)
    eb = reshape(expand(b2, batch + (k2, p)), bsz, k2, p) if b2.shape[:-2] != batch else reshape(b2, bsz, k2, p)
    r = bmm(ea, eb)
    out_shape = batch + ((n,) if da > 1 else ()) + ((p,) if db > 1 else ())
    return record(OPS["unsafe_view"], (r,), {"shape": out_shape}, r.data.reshape(out_shape), None)


# ***** outer, trace, diag *****

@implements("outer")
def outer(input, vec2):
    from .arith import mul
    from .shape import reshape
    a, b = as_tensor(input), as_tensor(vec2)
    for name, t in (("self", a), ("vec2", b)):
        if t.data.ndim != 1:
            raise runtime_error(f"outer: Expected 1-D argument {name}, but got {t.data.ndim}-D")
    return mul(reshape(a, (a.shape[0], 1)), b)


row("outer", "MulBackward0", None, forms=("torch", "method", "bare"), aliases=("ger",),
    samples=(Sample(T((3,)), T((2,))), Sample(T((0,)), T((2,)))))
row("trace", "TraceBackward0", np.trace,
    {"input": lambda m, g, out, a: g * m.const(np.eye(*a.shape, dtype=m.data(g).dtype))},
    forms=("torch", "method", "bare"), samples=(Sample(T((3, 3))), Sample(T((2, 3)))))


@implements("trace")
def trace(input):
    x = as_tensor(input)
    if x.data.ndim != 2:
        raise runtime_error("trace: expected a matrix, but got tensor with dim " + str(x.data.ndim))
    return OPS["trace"].apply((x,), {}, np.asarray(np.trace(x.data)).astype(x.data.dtype))


def diag_key(shape, k):
    """The (rows, cols) of diagonal ``k`` of a matrix of ``shape``."""
    n = max(0, min(shape[0] - max(-k, 0), shape[1] - max(k, 0)))
    i = np.arange(n)
    return (i + max(-k, 0), i + max(k, 0))


row("diag_embed", "DiagEmbedBackward0", lambda a, k: np.diag(a, k),
    {"input": lambda m, g, out, a, k: m.take(g, diag_key(m.data(g).shape, k))}, via="diag")
row("diagonal_copy", "DiagonalBackward0_copy", lambda a, k: np.diag(a, k).copy(),
    {"input": lambda m, g, out, a, k: m.embed(g, a.shape, diag_key(a.shape, k))}, via="diag")
row("diag", "DiagEmbedBackward0", None, forms=("torch", "method", "bare"), args="input, diagonal=0",
    doc="DiagEmbedBackward0 (1-D input), DiagonalBackward0_copy (2-D input)",
    samples=(Sample(T((3,))), Sample(T((3,)), 1), Sample(T((3, 3))), Sample(T((2, 3)), -1)))


@implements("diag")
def diag(input, diagonal=0):
    x = as_tensor(input)
    if x.data.ndim == 1:
        return OPS["diag_embed"].apply((x,), {"k": diagonal}, np.diag(x.data, diagonal))
    if x.data.ndim == 2:
        return OPS["diagonal_copy"].apply((x,), {"k": diagonal}, np.diag(x.data, diagonal).copy())
    raise runtime_error("diag(): Supports 1D or 2D tensors. Got " + f"{x.data.ndim}D")


# ***** det, inverse *****

def check_matrices(name, x, square=True, floating=True):
    """PyTorch's checks of a batch of matrices, in its order: at least 2-D,
    square (where asked), floating point (where asked)."""
    if x.data.ndim < 2:
        raise runtime_error(f"{name}: The input tensor A must have at least 2 dimensions.")
    if square and x.shape[-1] != x.shape[-2]:
        raise runtime_error(f"{name}: A must be batches of square matrices, but they are "
                            f"{x.shape[-2]} by {x.shape[-1]} matrices")
    if floating and x.data.dtype.kind != "f":
        raise runtime_error(f"{name}: Expected a floating point or complex tensor as input. Got "
                            f"{x.dtype.torch_type[:-6]}")


def _det_grad(m, g, a, out):
    """g * det(A) * inv(A)^T. NOTE: PyTorch gives 0 for a singular matrix
    (det 0 times a pseudo-inverse), not the cofactor matrix."""
    gk = m.unsqueeze(m.unsqueeze(g * out, -1), -1)
    ad = m.data(a)
    if np.all(m.data(out) != 0):
        return gk * m.mT(m.inverse(a))
    return gk * m.const(np.swapaxes(np.linalg.pinv(ad), -1, -2))


# NOTE: PyTorch's det is the product of the diagonal of an LU factorization
# (MKL's getrf, of the matrix as LAPACK reads a row-major one: its
# transpose), negated for an odd number of row swaps. With MKL installed that
# factorization is the one PyTorch gets for matrices up to MKL_DET_MAX (checked:
# 20 random matrices of each size 1-15, float32 and float64); larger ones,
# and every matrix without MKL, take numpy's det, which can differ in the
# last bits ([[4, 7], [2, 6]]: 10. where PyTorch's is 10.000002).
MKL_DET_MAX = 15


def _det_array(a):
    n = a.shape[-1]
    if a.dtype not in (np.float32, np.float64) or not 0 < n <= MKL_DET_MAX or not mkl.available():
        return np.asarray(np.linalg.det(a)).astype(a.dtype)
    out = np.empty(a.shape[:-2], a.dtype).reshape(-1)
    for i, matrix in enumerate(a.reshape(-1, n, n)):
        lu, pivots = mkl.getrf(matrix)
        swaps = int(np.count_nonzero(pivots != np.arange(1, n + 1)))
        out[i] = OPS["prod"].forward(np.ascontiguousarray(np.diagonal(lu))) * a.dtype.type(-1 if swaps % 2 else 1)
    return out.reshape(a.shape[:-2])


row("det", "LinalgDetBackward0", _det_array,
    {"input": lambda m, g, out, a: _det_grad(m, g, a, out)},
    forms=("torch", "method", "linalg", "bare"), samples=(Sample(T((3, 3))), Sample(T((2, 2, 2))),
                                                         Sample(T(values=[[1.0, 2.0], [2.0, 4.0]]))))


def _inverse_array(a):
    try:
        return np.linalg.inv(a)
    except np.linalg.LinAlgError:
        raise runtime_error(f"linalg.inv: The diagonal element {_zero_pivot(a)} is zero, the inversion could "
                            "not be completed because the input matrix is singular.") from None


def _zero_pivot(a):
    """1-based index of the first zero pivot of LU with partial pivoting (LAPACK's getrf)."""
    u = np.array(a.reshape(-1, a.shape[-2], a.shape[-1])[0], dtype=np.float64)
    n = u.shape[0]
    for k in range(n):
        p = k + int(np.argmax(np.abs(u[k:, k])))
        if u[p, k] == 0:
            return k + 1
        u[[k, p]] = u[[p, k]]
        u[k + 1:] -= np.outer(u[k + 1:, k] / u[k, k], u[k])
    return n


row("inverse", "LinalgInvExBackward0", _inverse_array,
    {"input": lambda m, g, out, a: -m.matmul(m.matmul(m.mT(out), g), m.mT(out))},
    forms=("torch", "method", "bare"), samples=(Sample(T((3, 3), low=-1, high=1)), Sample(T((2, 2, 2)))))


@implements("det")
def det(input):
    x = as_tensor(input)
    check_matrices("linalg.det", x)
    op = OPS["det"]
    return op.apply((x,), {}, op.forward(x.data))


@implements("inverse")
def inverse(input):
    x = as_tensor(input)
    check_matrices("linalg.inv", x)
    op = OPS["inverse"]
    return op.apply((x,), {}, op.forward(x.data).astype(x.data.dtype))


row("inv", "LinalgInvExBackward0", None, forms=("linalg",), call=inverse,
    samples=(Sample(T((3, 3), low=-1, high=1)),))


# ***** cross *****
# NOTE: PyTorch's kernel computes each component as a1 * b2 - a2 * b1 with
# the first product fused into the subtraction (its compiler's contraction:
# checked against PyTorch 2.13 on 400 random float32/float64 calls and
# 71,000 rows, where the unfused formula differs in 70% of the elements).

def cross_array(a, b, dim):
    """The cross product of ``a`` and ``b`` (broadcast) along ``dim`` (of size 3)."""
    a, b = np.broadcast_arrays(a, b)

    def part(x, i):
        return x[(slice(None),) * dim + (i,)]
    fused = {np.dtype(np.float32): fma32, np.dtype(np.float64): fma64}.get(a.dtype)

    def component(i, j):
        if fused is None:
            return part(a, i) * part(b, j) - part(a, j) * part(b, i)
        return fused(part(a, i), part(b, j), -(part(a, j) * part(b, i)))
    with np.errstate(all="ignore"):
        parts = [np.asarray(component(1, 2)), np.asarray(component(2, 0)), np.asarray(component(0, 1))]
    return np.stack([p.astype(a.dtype, copy=False) for p in parts], axis=dim)


CROSS_SAMPLES = (Sample(T((3,)), T((3,))), Sample(T((2, 3)), T((2, 3))), Sample(T((4, 3)), T((1, 3))),
                 Sample(T(values=[1, -2, 3], dtype="int64", grad=False), T(values=[4, 0, -1], dtype="int64", grad=False)),
                 Sample(T((2, 3), dtype="float32"), T((2, 3), dtype="float32")))
row("cross", "LinalgCrossBackward0", cross_array,
    {"input": lambda m, g, out, a, b, dim: m.cross(b, g, dim), "other": lambda m, g, out, a, b, dim: m.cross(g, a, dim)},
    forms=("torch", "method"), args="input, other, dim=None, *, out=None",
    samples=CROSS_SAMPLES + (Sample(T((3, 2)), T((3, 2))), Sample(T((2, 3, 3)), T((2, 1, 3)), 1),
                             Sample(T((3, 3)), T((3, 3)), dim=-1)))

CROSS_WARNING = ("Using torch.cross without specifying the dim arg is deprecated.\n"
                 "Please either pass the dim explicitly or simply use torch.linalg.cross.\n"
                 "The default value of dim will change to agree with that of linalg.cross in a future release. "
                 "(Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/Cross.cpp:63.)")


# PyTorch's signatures of torch.cross, x.cross and torch.linalg.cross (its
# parser's name for that one is linalg_cross)
_CROSS = "Tensor input, Tensor other, int? dim=None, *, Tensor? out=None"
_CROSS_METHOD = "Tensor other, int? dim=None"
_LINALG_CROSS = "Tensor input, Tensor other, *, int dim=-1, Tensor? out=None"


@implements("cross")
def cross(*args, **kwargs):
    """``torch.cross``: over ``dim``, by default (deprecated, with a warning
    but for out=) the input's first dim of size 3; then ``linalg.cross``."""
    return _cross_default_dim(*parse_native("cross", _CROSS, args, kwargs))


def cross_method(self, *args, **kwargs):
    """``x.cross(other, dim=None)``."""
    return _cross_default_dim(self, *parse_native("cross", _CROSS_METHOD, args, kwargs))


def _cross_default_dim(x, y, dim, out=None):
    if dim is None:
        if out is None:
            CONTEXT.warning(CROSS_WARNING)
        dim = next((i for i, n in enumerate(x.shape) if n == 3), None)
        if dim is None:
            raise runtime_error("no dimension of size 3 in input")
    return _linalg_cross(x, y, dim, out)


def linalg_cross(*args, **kwargs):
    """``torch.linalg.cross``."""
    return _linalg_cross(*parse_native("linalg_cross", _LINALG_CROSS, args, kwargs))


def _linalg_cross(x, y, dim, out):
    """The inputs of one rank and one dtype, 3 long along ``dim``, broadcast
    over the other dims; ``out`` of the input's dtype (PyTorch's checks in its
    order: out= and grad first, then the shapes, out's dtype, the dtypes)."""
    if out is not None and AG.GRAD_MODE.enabled and (x.requires_grad or y.requires_grad or out.requires_grad):
        raise out_grad_error("linalg_cross")
    if x.data.ndim != y.data.ndim:
        raise runtime_error("linalg.cross: inputs must have the same number of dimensions.")
    if not x.data.ndim:
        raise index_error(f"Dimension specified as {dim} but tensor has no dimensions")
    d = normalize_dim(dim, x.data.ndim)
    if x.shape[d] != 3 or y.shape[d] != 3:
        raise runtime_error(f"linalg.cross: inputs dimension {dim} must have length 3. Got {x.shape[d]} and {y.shape[d]}")
    broadcast_shape(x.shape, y.shape)
    if out is not None:
        check_out_dtype(out, x.dtype)
    if x.data.dtype == np.bool_:
        raise GradcliError("NotImplementedError", "\"cross\" not implemented for 'Bool'")
    _same_dtype(x, y, "cross")
    result = OPS["cross"].apply((x, y), {"dim": d}, cross_array(x.data, y.data, d))
    return result if out is None else write_out(out, result, "linalg_cross")


row("cross", "LinalgCrossBackward0", None, key="linalg_cross", forms=("linalg",), call=linalg_cross,
    args="input, other, *, dim=-1, out=None", samples=CROSS_SAMPLES + (Sample(T((3, 3)), T((3, 3)), dim=0),))


# ***** einsum *****

_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def parse_einsum(equation, shapes):
    """(input subscripts, output subscripts) of an einsum equation over
    operands of ``shapes``, with ``...`` written out as letters of its own."""
    eq = equation.replace(" ", "")
    lhs, arrow, rhs = eq.partition("->")
    subs = lhs.split(",")
    n = len(shapes)
    if len(subs) != n:
        raise runtime_error(f"einsum(): more operands were provided than specified in the equation"
                            if len(subs) < n else "einsum(): fewer operands were provided than specified in the "
                            "equation")
    for k, (s, shape) in enumerate(zip(subs, shapes)):
        named = len(s.replace("...", ""))
        if "..." in s and named > len(shape):
            raise runtime_error(f"einsum(): the number of subscripts in the equation ({named}) is more than the "
                                f"number of dimensions ({len(shape)}) for operand {k}")
        if "..." not in s and named != len(shape):
            raise runtime_error(f"einsum(): the number of subscripts in the equation ({named}) does not match the "
                                f"number of dimensions ({len(shape)}) for operand {k} and no ellipsis was given")
    fresh = [c for c in _LETTERS if c not in eq]
    spans = [len(shape) - len(s.replace("...", "")) if "..." in s else 0 for s, shape in zip(subs, shapes)]
    width = max(spans, default=0)
    dots = "".join(fresh[:width])
    subs = [s.replace("...", dots[width - k:] if k else "") for s, k in zip(subs, spans)]
    if not arrow:
        letters = "".join(subs)
        rhs = dots + "".join(sorted(c for c in set(letters) if letters.count(c) == 1 and c not in dots))
    else:
        rhs = rhs.replace("...", dots)
        for c in rhs:
            if rhs.count(c) > 1:
                raise runtime_error(f"einsum(): output subscript {c} appears more than once in the output")
    for k, (s, shape) in enumerate(zip(subs, shapes)):
        for j, c in enumerate(s):
            first = s.index(c)
            if first != j and j < len(shape) and shape[first] != shape[j]:
                raise runtime_error(f"einsum(): subscript {c} is repeated for operand {k} but the sizes don't "
                                    f"match, {shape[j]} != {shape[first]}")
    return subs, rhs


def _einsum_rule(i):
    def rule(m, g, out, *xs, equation):
        shapes = [m.data(x).shape for x in xs]
        subs, rhs = parse_einsum(equation, shapes)
        others = [(s, x) for k, (s, x) in enumerate(zip(subs, xs)) if k != i]
        shape_i, dt = shapes[i], m.data(g).dtype
        known = set(rhs).union(*[set(s) for s, _ in others])
        spare = [c for c in _LETTERS if c not in "".join(subs) + rhs]
        target, extra, seen = "", [], set()
        for c, size in zip(subs[i], shape_i):
            if c in seen:                 # a repeated subscript: the diagonal, through an identity
                d = spare.pop(0)
                extra.append((c + d, m.const(np.eye(size, dtype=dt))))
                target += d
                continue
            seen.add(c)
            target += c
            if c not in known:
                extra.append((c, m.const(np.ones(size, dtype=dt))))
        terms = [(rhs, g)] + others + extra
        grad = m.einsum(",".join(s for s, _ in terms) + "->" + target, *[x for _, x in terms])
        spread = tuple(d for d, (a, b) in enumerate(zip(m.data(grad).shape, shape_i)) if a != b)
        return m.sum(grad, spread, True) if spread else grad      # undo broadcasting of size-1 dims
    return rule


def einsum_array(equation, *arrays):
    """``np.einsum`` of the equation with ``...`` written out."""
    subs, rhs = parse_einsum(equation, [a.shape for a in arrays])
    return np.einsum(",".join(subs) + "->" + rhs, *arrays)


variadic("einsum", "EinsumBackward0", lambda *xs, equation: einsum_array(equation, *xs), _einsum_rule,
         forms=("torch", "bare"), args="equation, *operands",
         doc="values and gradients as PyTorch's; the grad_fn name is gradcli's own",
         samples=(Sample("ij,jk->ik", T((2, 3)), T((3, 2))), Sample("i,j->ij", T((3,)), T((2,))),
                  Sample("ij->j", T((2, 3))), Sample("bij,bjk->bik", T((2, 2, 3)), T((2, 3, 2))),
                  Sample("ij,ij", T((2, 3)), T((2, 3))), Sample("ii->i", T((3, 3))), Sample("ii", T((3, 3))),
                  Sample("iij,j->i", T((2, 2, 3)), T((3,))), Sample("...ij,...jk->...ik", T((2, 2, 3)), T((3, 2))),
                  Sample("...i,...i", T((2, 3)), T((1, 3))), Sample("i...->...", T((2, 3))),
                  Sample("b...,b...->b", T((2, 3)), T((2, 3)))))


@implements("einsum")
def einsum(equation, *operands):
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    if not isinstance(equation, str):
        from .operands import type_name
        from ..errors import type_error
        raise type_error(f"einsum(): argument 'equation' (position 1) must be str, not {type_name(equation)}")
    xs = [as_tensor(x) for x in operands]
    from .operands import as_compute, result_dtype
    dt = result_dtype(*xs)
    parse_einsum(equation, [x.data.shape for x in xs])
    try:
        out = einsum_array(equation, *(as_compute(x, dt) for x in xs))
    except ValueError as e:
        raise runtime_error(f"einsum(): {e}") from None
    op = variadic_op("einsum", len(xs))
    return op.apply(tuple(xs), {"equation": equation}, np.asarray(out, dtype=dt.np), dt)


# ***** torch.linalg norms *****

@implements("vector_norm")
def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None):
    from .stats import norm
    return norm(x, ord, dim, keepdim, dtype=dtype)


def svdvals_array(a):
    return np.linalg.svd(a, compute_uv=False)


def svdvals_backward_array(g, a):
    """``U diag(g) Vh`` (thin SVD of ``a``): the gradient of the singular values."""
    u, _, vh = np.linalg.svd(a, full_matrices=False)
    return (u * g[..., None, :]) @ vh


def svdvals_second_array(gout, gs, a):
    """The derivative in ``a`` of ``<gout, U diag(gs) Vh>``: PyTorch's SVD
    backward with ``gU = gout V diag(gs)``, ``gV = gout^T U diag(gs)``, ``gS = 0``."""
    u, s, vh = np.linalg.svd(a, full_matrices=False)
    v, ut = np.swapaxes(vh, -1, -2), np.swapaxes(u, -1, -2)
    gu = (gout @ v) * gs[..., None, :]
    gv = (np.swapaxes(gout, -1, -2) @ u) * gs[..., None, :]
    uhgu, vhgv = ut @ gu, vh @ gv
    e = s[..., None, :] ** 2 - s[..., :, None] ** 2
    k = s.shape[-1]
    e[..., range(k), range(k)] = 1.0
    with np.errstate(all="ignore"):
        skew_u = (uhgu - np.swapaxes(uhgu, -1, -2)) / e
        skew_v = (vhgv - np.swapaxes(vhgv, -1, -2)) / e
        inner = skew_u * s[..., None, :] + s[..., :, None] * skew_v
        inv_s = 1.0 / s
        out = u @ inner @ vh
        out = out + ((gu - u @ uhgu) * inv_s[..., None, :]) @ vh
        out = out + (u * inv_s[..., None, :]) @ (np.swapaxes(gv, -1, -2) - np.swapaxes(vhgv, -1, -2) @ vh)
    return out


# NOTE: first and second derivatives of the singular values are exact;
# third derivatives are not offered.
row("svdvals_second", "LinalgSvdBackward0", svdvals_second_array, {"gout": None, "gs": None, "a": None},
    via="matrix_norm")
row("svdvals_backward", "LinalgSvdBackward0", svdvals_backward_array,
    {"g": lambda m, g, out, gs, a: m.svdvals_grad_of(g, a),
     "a": lambda m, g, out, gs, a: m.svdvals_second(g, gs, a)}, via="matrix_norm")
row("svdvals_grad_of", "LinalgSvdBackward0", lambda g, a: np.einsum("...ij,...ij->...j", g @ np.swapaxes(
    np.linalg.svd(a, full_matrices=False)[2], -1, -2), np.linalg.svd(a, full_matrices=False)[0]),
    {"g": lambda m, g, out, gg, a: m.svdvals_backward(g, a), "a": None}, via="matrix_norm")
row("svdvals", "LinalgSvdBackward0", svdvals_array,
    {"input": lambda m, g, out, a: m.svdvals_backward(g, a)}, via="matrix_norm")


@implements("svdvals_backward")
def svdvals_backward(g, a):
    return OPS["svdvals_backward"].apply((g, a), {}, svdvals_backward_array(g.data, a.data))


@implements("svdvals_second")
def svdvals_second(gout, gs, a):
    return OPS["svdvals_second"].apply((gout, gs, a), {}, svdvals_second_array(gout.data, gs.data, a.data))


@implements("svdvals_grad_of")
def svdvals_grad_of(g, a):
    op = OPS["svdvals_grad_of"]
    return op.apply((g, a), {}, op.forward(g.data, a.data))


_MATRIX_ORDS = ("fro", "nuc", 1, -1, 2, -2, float("inf"), float("-inf"))


@implements("matrix_norm")
def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):
    """``torch.linalg.matrix_norm`` composed as PyTorch composes it: 'fro'
    a vector norm, 'nuc' and ±2 the singular values' sum/max/min, ±1 and
    ±inf the max/min of the column/row sums of ``|A|``."""
    from .arith import sum as sum_
    from .reduce import amax, amin
    from .shape import permute, unsqueeze
    from .stats import norm
    x = as_tensor(A)
    if isinstance(ord, str) and ord not in ("fro", "nuc") or not isinstance(ord, str) and ord not in _MATRIX_ORDS:
        raise runtime_error(f"linalg.matrix_norm: Order {ord} not supported.")
    if x.data.ndim < 2:
        raise runtime_error("linalg.matrix_norm: The input tensor A must have at least 2 dimensions.")
    dims = tuple(dim) if isinstance(dim, (list, tuple)) else (dim,)
    if len(dims) != 2:
        raise runtime_error(f"linalg.matrix_norm: dim must be a 2-tuple. Got {' '.join(map(str, dims))}")
    nd = x.data.ndim
    d0, d1 = (normalize_dim(d, nd) for d in dims)
    if x.data.dtype.kind not in "fc":
        from ..engine import dtypes as D
        raise runtime_error("linalg.matrix_norm: Expected a floating point or complex tensor as input. "
                            f"Got {D.of_array(x.data).torch_type[:-6]}")
    if ord == "fro":
        return norm(x, 2, (d0, d1), keepdim, dtype=dtype)
    if ord in ("nuc", 2, -2):
        if dtype is not None:
            from .arith import to_dtype
            x = to_dtype(x, dtype)
        perm = tuple(i for i in range(nd) if i not in (d0, d1)) + (d0, d1)
        moved = permute(x, perm) if perm != tuple(range(nd)) else x
        op = OPS["svdvals"]
        s = op.apply((moved,), {}, svdvals_array(moved.data).astype(moved.data.dtype))
        result = sum_(s, -1) if ord == "nuc" else (amax if ord == 2 else amin)(s, -1)
        if keepdim:
            back = tuple(perm.index(i) for i in range(nd))
            result = permute(unsqueeze(unsqueeze(result, -1), -1), back)
        return result
    if ord in (float("inf"), float("-inf")):
        d0, d1 = d1, d0
    if not keepdim and d0 < d1:
        d1 -= 1
    return (amax if ord > 0 else amin)(norm(x, 1, d0, keepdim, dtype=dtype), d1, keepdim)


@implements("linalg_norm")
def linalg_norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):
    from .stats import norm
    if ord is None or ord == "fro":
        return norm(A, 2, dim, keepdim, dtype=dtype)
    x = as_tensor(A)
    if (dim is None and x.data.ndim == 1) or isinstance(dim, int) or (isinstance(dim, (tuple, list)) and len(dim) == 1):
        return norm(A, ord, dim, keepdim, dtype=dtype)
    if dim is None and x.data.ndim != 2:
        raise runtime_error(f"linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. "
                            f"Got {x.data.ndim}D.")
    return matrix_norm(x, ord, (-2, -1) if dim is None else dim, keepdim, dtype=dtype)


row("vector_norm", "LinalgVectorNormBackward0", None, forms=("linalg",),
    samples=(Sample(T((2, 3))), Sample(T((2, 3)), 1, 1), Sample(T((3,)), 3.0)))
row("matrix_norm", "LinalgVectorNormBackward0", None, forms=("linalg",),
    doc="LinalgVectorNormBackward0 ('fro'), SumBackward1 ('nuc'), AmaxBackward0/AminBackward0 (±1, ±2, ±inf)",
    samples=(Sample(T((2, 3))), Sample(T((2, 2, 3)), keepdim=True), Sample(T((3, 2)), "nuc"),
             Sample(T((2, 3, 2)), "nuc", keepdim=True), Sample(T((3, 3)), 1), Sample(T((2, 3)), -1, keepdim=True),
             Sample(T((3, 2)), 2), Sample(T((2, 3)), -2), Sample(T((2, 3, 2)), -2, (0, 2), keepdim=True),
             Sample(T((3, 2)), float("inf")), Sample(T((2, 2, 3)), float("-inf"), keepdim=True),
             Sample(T((3, 3)), 1, (1, 0))))
row("norm", "LinalgVectorNormBackward0", None, key="linalg_norm", forms=("linalg",),
    samples=(Sample(T((2, 3))), Sample(T((2, 3)), dim=1), Sample(T((3,)), 1), Sample(T((2, 3)), keepdim=True),
             Sample(T((3, 2)), "nuc"), Sample(T((2, 3)), float("inf")), Sample(T((2, 2, 3)), -2, (0, 2))))


# ***** tensordot, inner: permute, reshape, mm, as PyTorch composes them *****

def _tensordot(a: Tensor, b: Tensor, dims_a, dims_b) -> Tensor:
    """PyTorch's native ``tensordot(a, b, dims_a, dims_b)``: contracted dims
    of size 1 summed first, both sides permuted and reshaped to matrices,
    one ``mm``, the result reshaped."""
    from .arith import sum as tsum
    from .shape import permute, reshape
    for name, pos, dims in (("dims_self", 3, dims_a), ("dims_other", 4, dims_b)):
        if not isinstance(dims, (list, tuple)) or any(not isinstance(d, int) or isinstance(d, bool) for d in dims):
            raise type_error(f"tensordot(): argument '{name}' (position {pos}) must be tuple of ints, not "
                             f"{type_name(dims)}")
    if len(dims_a) != len(dims_b):
        raise runtime_error("both dimension lists should have same length")
    if a.data.dtype != b.data.dtype:
        raise runtime_error("both inputs should have same dtype")
    t1, t2, csize = a, b, 1
    for da, db in zip(dims_a, dims_b):
        s1, s2 = a.shape[normalize_dim(da, a.ndim)], b.shape[normalize_dim(db, b.ndim)]
        if s2 == 1:
            t1 = tsum(t1, da, True)
        elif s1 == 1:
            t2 = tsum(t2, db, True)
        elif s1 != s2:
            raise runtime_error(f"contracted dimensions need to match, but first has size {s1} in dim {da} and "
                                f"second has size {s2} in dim {db}")
        else:
            csize *= s1
    ca, cb = _dim_set(dims_a, a.ndim), _dim_set(dims_b, b.ndim)
    p1 = [i for i in range(a.ndim) if i not in ca] + list(dims_a)
    p2 = list(dims_b) + [i for i in range(b.ndim) if i not in cb]
    sizes = [t1.shape[i] for i in range(a.ndim) if i not in ca] + [t2.shape[i] for i in range(b.ndim) if i not in cb]
    size1 = int(np.prod(sizes[:a.ndim - len(ca)], dtype=np.int64))
    size2 = int(np.prod(sizes[a.ndim - len(ca):], dtype=np.int64))
    m1 = reshape(permute(t1, [normalize_dim(d, a.ndim) for d in p1]), (size1, csize))
    m2 = reshape(permute(t2, [normalize_dim(d, b.ndim) for d in p2]), (csize, size2))
    return reshape(mm(m1, m2), tuple(sizes))


def _dim_set(dims, ndim) -> set:
    """at::dim_list_to_bitset: the dims, each once."""
    seen = set()
    for d in dims:
        k = normalize_dim(d, ndim)
        if k in seen:
            raise runtime_error(f"dim {k} appears multiple times in the list of dims")
        seen.add(k)
    return seen


@implements("tensordot")
def tensordot(a, b, dims=2, out=None):
    """torch.tensordot (Python in PyTorch): ``dims`` an int (the last dims
    of a against the first of b), two lists, or a tensor of either."""
    if type(dims) is Tensor:
        if dims.data.size > 1:
            dims = [[int(v) for v in dims.data[0].reshape(-1)], [int(v) for v in dims.data[1].reshape(-1)]]
        else:
            dims = int(dims.data.reshape(()))
            if dims < 0:
                raise runtime_error(f"tensordot expects dims >= 0, but got dims={dims}")
            return _tensordot(a, b, list(range(-dims, 0)), list(range(dims)))
    if isinstance(dims, (list, tuple)):
        if len(dims) != 2:
            raise GradcliError("ValueError", f"{'not enough' if len(dims) < 2 else 'too many'} values to unpack "
                               f"(expected 2{', got ' + str(len(dims)) if len(dims) < 2 else ''})")
        return _tensordot(a, b, dims[0], dims[1])
    if not isinstance(dims, int):
        raise runtime_error("tensordot expects dims to be int or tuple[list[int], list[int]] or list[list[int]] "
                            f"containing two lists, but got dims={dims}")
    if dims < 0:
        raise runtime_error(f"tensordot expects dims >= 0, but got dims={dims}")
    if dims > min(a.ndim, b.ndim):
        raise runtime_error(f"tensordot expects dims < ndim_a or ndim_b, but got dims={dims}")
    return _tensordot(a, b, list(range(-dims, 0)), list(range(dims)))


@implements("inner")
def inner(input, other):
    from .arith import mul
    for name, pos, t in (("input", 1, input), ("other", 2, other)):
        if type(t) is not Tensor:
            raise type_error(f"inner(): argument '{name}' (position {pos}) must be Tensor, not {type_name(t)}")
    if input.ndim == 0 or other.ndim == 0:
        return mul(input, other)
    if input.shape[-1] != other.shape[-1]:
        raise runtime_error(f"inner() the last dimension must match on both input tensors but got shapes "
                            f"{list(input.shape)} and {list(other.shape)}")
    return _tensordot(input, other, [-1], [-1])


row("tensordot", "ViewBackward0", None, forms=("torch",), args="a, b, dims=2, out=None",
    samples=(Sample(T((2, 3, 4)), T((3, 4, 5))), Sample(T((2, 3)), T((3, 2)), 1), Sample(T((2, 3)), T((2,)), 0),
             Sample(T((2, 3, 4)), T((4, 3, 5)), ([1, 2], [1, 0])), Sample(T((3, 4)), T((1, 4)), ([0], [0]))))
row("inner", "ViewBackward0", None, forms=("torch", "method"), args="input, other",
    doc="MulBackward0 when either is 0-d",
    samples=(Sample(T((2, 3)), T((4, 3))), Sample(T((3,)), T((3,))), Sample(T((2, 2, 3)), T((3,))),
             Sample(T((2, 3)), T(values=1.5))))


# ***** baddbmm: beta * input + alpha * (batch1 @ batch2) *****

def _baddbmm_forward(c, a, b, beta=1, alpha=1):
    """PyTorch's CPU baddbmm: where a matrix's products are few (k * rows *
    cols < 400) its own loop, each sum from zero over k in order, then
    ``c * beta + alpha * sum`` (``alpha * sum`` where beta is 0) in the
    dtype; else each matrix's ``addmm``.

    NOTE: addmm with beta or alpha other than 1 is ``beta * c + alpha * (a @ b)``
    there, as gradcli's addmm computes it: not always PyTorch's bits."""
    n, rows, k = a.shape
    cols = b.shape[2]
    dt = a.dtype.type
    c = np.broadcast_to(c, (n, rows, cols))
    if k * rows * cols < 400:
        acc = np.zeros((n, rows, cols), a.dtype)
        with np.errstate(all="ignore"):
            for i in range(k):
                acc = acc + a[:, :, i, None] * b[:, None, i, :]
            beta, alpha = dt(beta), dt(alpha)
            return alpha * acc if beta == 0 else c * beta + alpha * acc
    if beta == 1 and alpha == 1:
        return np.stack([blas.addmm(c[i], a[i], b[i]) for i in range(n)]) if n else c + a @ b
    with np.errstate(all="ignore"):
        return dt(beta) * c + dt(alpha) * (a @ b) if beta != 0 else dt(alpha) * (a @ b)


def _bmm_grads(first):
    """batch1's (``first``) or batch2's rule: ``grad.bmm(batch2ᵀ)`` or ``batch1ᵀ.bmm(grad)``, times alpha."""
    def rule(m, g, out, c, a, b, beta=1, alpha=1):
        if m.is_tensor:
            from .shape import transpose
            got = bmm(g, transpose(b, 1, 2)) if first else bmm(transpose(a, 1, 2), g)
        else:
            got = m.matmul(g, m.mT(b)) if first else m.matmul(m.mT(a), g)
        return got if alpha == 1 else got * alpha
    return rule


row("baddbmm", "BaddbmmBackward0", _baddbmm_forward,
    {"input": lambda m, g, out, c, a, b, beta=1, alpha=1: g if beta == 1 else g * beta,
     "batch1": _bmm_grads(True), "batch2": _bmm_grads(False)},
    forms=("torch", "method", "inplace"), args="input, batch1, batch2, *, beta=1, alpha=1",
    samples=(Sample(T((2, 3, 4)), T((2, 3, 5)), T((2, 5, 4))),
             Sample(T((4,)), T((2, 3, 5)), T((2, 5, 4)), beta=0.5, alpha=2),
             Sample(T((3, 1)), T((1, 3, 2)), T((1, 2, 4)), beta=0, alpha=-1.5),
             Sample(T((2, 8, 8)), T((2, 8, 10)), T((2, 10, 8))),
             Sample(T((2, 8, 8)), T((2, 8, 10)), T((2, 10, 8)), beta=0.25, alpha=0.5),
             Sample(T(values=[[[1, 2], [3, 4]]], dtype="int64", grad=False),
                    T(values=[[[1, 0], [2, 1]]], dtype="int64", grad=False),
                    T(values=[[[3, 1], [1, 5]]], dtype="int64", grad=False), beta=2, alpha=1.5)))
_BADDBMM_FORMS = ("(Tensor input, Tensor batch1, Tensor batch2, *, Number beta = 1, Number alpha = 1, "
                  "Tensor out = None)",
                  "(Tensor input, Tensor batch1, Tensor batch2, torch.dtype out_dtype, *, Number beta = 1, "
                  "Number alpha = 1, Tensor out = None)")


def _size(t, d):
    """``t.size(d)`` with PyTorch's error for a dim ``t`` has not."""
    return t.shape[normalize_dim(d, t.data.ndim)]


_DEFAULT = object()         # beta or alpha not given (1)


@implements("baddbmm")
def baddbmm(input, batch1, batch2, *more, beta=_DEFAULT, alpha=_DEFAULT):
    given = {k: v for k, v in (("beta", beta), ("alpha", alpha)) if v is not _DEFAULT}
    beta, alpha = given.get("beta", 1), given.get("alpha", 1)
    numbers = (int, float, np.number)
    if more or not all(type(v) is Tensor for v in (input, batch1, batch2)) or not isinstance(beta, numbers) or \
            not isinstance(alpha, numbers):
        from .device import invalid_combination
        raise invalid_combination("baddbmm", (input, batch1, batch2) + more, given, _BADDBMM_FORMS)
    c, a, b = input, batch1, batch2
    target = (_size(a, 0), _size(a, 1), _size(b, 2))
    if c.shape != target:
        from . import shape
        shape.expand(c, *target)            # PyTorch's expand_size and its message
    if not c.data.dtype == a.data.dtype:
        raise runtime_error(f"Input dtypes must be the same, got: input {c.dtype.c_name}, batch1: "
                            f"{a.dtype.c_name}, batch2: {b.dtype.c_name}")
    _batched_checks(a, b)
    if a.data.dtype == np.bool_:
        raise GradcliError("NotImplementedError", "\"baddbmm\" not implemented for 'Bool'")
    attrs = {} if beta == 1 and alpha == 1 else {"beta": beta, "alpha": alpha}
    op = OPS["baddbmm"]
    out = np.require(op.forward(c.data, a.data, b.data, **attrs), dtype=a.data.dtype, requirements=("C", "W"))
    return op.apply((c, a, b), attrs, out)


def baddbmm_into(self, *args, **kwargs):
    """``x.baddbmm_(...)``: the product must have x's shape (x is not broadcast)."""
    out = baddbmm(self, *args, **kwargs)
    if out.shape != self.shape:
        raise runtime_error(f"Bad in-place call: input tensor size {list(self.shape)} and output tensor size "
                            f"{list(out.shape)} should match")
    return out

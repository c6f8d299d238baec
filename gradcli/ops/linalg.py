"""matmul in all its cases, and mm, mv, dot, bmm with PyTorch's checks.

``matmul`` composes the table's rows exactly as PyTorch does, so the
grad_fn names match: 1-D·1-D is DotBackward0, 2-D·2-D MmBackward0, 2-D·1-D
MvBackward0, 1-D·2-D an MmBackward0 under SqueezeBackward4, and batched
products an MmBackward0/BmmBackward0 under UnsafeViewBackward0.
"""
from __future__ import annotations

import numpy as np

from ..engine.autograd import record
from ..engine.tensor import Tensor
from ..errors import runtime_error
from .operands import as_tensor, broadcast_shape
from .oprow import implements
from .table import OPS


def _same_dtype(a, b, name):
    if a.data.dtype != b.data.dtype:
        raise runtime_error(f"expected m1 and m2 to have the same dtype, but got: {a.dtype.c_name} != {b.dtype.c_name}"
                            if name == "mm" else
                            f"expected scalar type {a.dtype.torch_type[:-6]} but found {b.dtype.torch_type[:-6]}")


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
    return _rec("mm", a, b, a.data @ b.data)


@implements("mv")
def mv(input, vec):
    a, v = as_tensor(input), as_tensor(vec)
    if a.data.ndim != 2 or v.data.ndim != 1:
        raise runtime_error(f"vector + matrix @ vector expected, got {v.data.ndim}, {a.data.ndim}, {v.data.ndim}")
    if a.shape[1] != v.shape[0]:
        raise runtime_error(f"size mismatch, got input ({a.shape[0]}), mat ({a.shape[0]}x{a.shape[1]}), vec ({v.shape[0]})")
    _same_dtype(a, v, "mv")
    return _rec("mv", a, v, a.data @ v.data)


@implements("dot")
def dot(input, tensor):
    a, b = as_tensor(input), as_tensor(tensor)
    if a.data.ndim != 1 or b.data.ndim != 1:
        raise runtime_error(f"1D tensors expected, but got {a.data.ndim}D and {b.data.ndim}D tensors")
    if a.shape[0] != b.shape[0]:
        raise runtime_error(f"inconsistent tensor size, expected tensor [{a.shape[0]}] and src [{b.shape[0]}] "
                            f"to have the same number of elements, but got {a.shape[0]} and {b.shape[0]} elements respectively")
    _same_dtype(a, b, "dot")
    return _rec("dot", a, b, np.dot(a.data, b.data))


@implements("bmm")
def bmm(input, mat2):
    a, b = as_tensor(input), as_tensor(mat2)
    if a.data.ndim != 3 or b.data.ndim != 3:
        raise runtime_error("batch1 must be a 3D tensor" if a.data.ndim != 3 else "batch2 must be a 3D tensor")
    if a.shape[0] != b.shape[0] or a.shape[2] != b.shape[1]:
        raise runtime_error(f"Expected size for first two dimensions of batch2 tensor to be: "
                            f"[{a.shape[0]}, {a.shape[2]}] but got: [{b.shape[0]}, {b.shape[1]}].")
    _same_dtype(a, b, "bmm")
    return _rec("bmm", a, b, a.data @ b.data)


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
    if da >= 3 and db <= 2:
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
    if da <= 2:
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
    ea = reshape(expand(a2, *(batch + (n, k1))), bsz, n, k1) if a2.shape[:-2] != batch else reshape(a2, bsz, n, k1)
    eb = reshape(expand(b2, *(batch + (k2, p))), bsz, k2, p) if b2.shape[:-2] != batch else reshape(b2, bsz, k2, p)
    r = bmm(ea, eb)
    out_shape = batch + ((n,) if da > 1 else ()) + ((p,) if db > 1 else ())
    return record(OPS["unsafe_view"], (r,), {"shape": out_shape}, r.data.reshape(out_shape), None)

"""Intel MKL, where it is installed (``pip install "gradcli[mkl]"``): the
library PyTorch's CPU builds compute with, called as they call it.

- ``apply``: PyTorch's float32 and float64 ``sin cos tan exp log log2
  log10 sqrt tanh asin acos atan erf`` are MKL's vector math library (VML)
  (``aten/src/ATen/cpu/vml.h``: every element, whatever the tensor's
  layout, in high-accuracy mode with denormals kept and errors ignored).
- ``gemm``: PyTorch's float32 matrix products are MKL's ``sgemm``
  (``engine/blas.py`` hands over the products whose order it does not
  model); ``dot``: its ``dot`` is MKL's ``sdot``/``ddot``; ``getrf``: the
  LU factorization its ``det`` takes the diagonal of.

VML's results are within one unit in the last place, and not always the
correctly rounded number: 1-15% of float32 elements differ from it in the
last bit (``sqrt`` too). Where MKL is installed (``pip install
"gradcli[mkl]"``), these functions call it and give PyTorch's bits
(checked: every function on 10^5 inputs of each sign and range, both
dtypes, and infinities, NaNs, zeros and denormals, equal); elsewhere
``apply`` returns None and the op keeps its correctly rounded stand-in.

Only the fixed function names below reach the library, with the arrays'
addresses, sizes and layouts. The library is looked for on the first call, not at
start-up.
"""
from __future__ import annotations

import os
import sys

import numpy as np

from .tensor import dense

# PyTorch's op name -> VML's
FUNCTIONS = {"sin": "Sin", "cos": "Cos", "tan": "Tan", "exp": "Exp", "log": "Ln", "log2": "Log2",
             "log10": "Log10", "sqrt": "Sqrt", "tanh": "Tanh", "asin": "Asin", "acos": "Acos",
             "atan": "Atan", "erf": "Erf", "erfc": "Erfc", "erfinv": "ErfInv"}
_MODE = 0x2 | 0x140000 | 0x100          # VML_HA | VML_FTZDAZ_OFF | VML_ERRMODE_IGNORE
_NAMES = ("libmkl_rt.so.3", "libmkl_rt.so.2", "libmkl_rt.so", "libmkl_rt.dylib", "mkl_rt.2.dll")
_MAX_N = 1 << 30                        # elements per call (VML's count is a 32-bit int)
_F32 = np.dtype(np.float32)
_PREFIX = {_F32: "vms", np.dtype(np.float64): "vmd"}
_STATE: dict = {}
MISSING = False                         # True once the library was looked for and not found


def _library():
    """MKL's runtime library (its single-threaded layer), or None."""
    if "lib" in _STATE:
        return _STATE["lib"]
    import ctypes
    # NOTE: VML's functions need no threads (PyTorch calls them inside its
    # own); the sequential layer loads no OpenMP runtime beside numpy's.
    # (Intel's threaded layer brought single large products to 1.2 times
    # numpy's time from 2.2, but the benchmark's whole MLP no faster, and
    # its OpenMP runtime would run beside numpy's threads.)
    os.environ.setdefault("MKL_THREADING_LAYER", "SEQUENTIAL")
    lib = None
    # the mkl wheel's place (this environment's lib/), then the loader's own
    # search (not ctypes.util.find_library: it starts programs, ~35 ms)
    dirs = [os.path.join(sys.prefix, "lib"), os.path.join(sys.prefix, "Library", "bin")]
    candidates = [p for p in (os.path.join(d, n) for d in dirs for n in _NAMES) if os.path.exists(p)] + list(_NAMES)
    for path in candidates:
        try:
            lib = ctypes.CDLL(path)
            break
        except OSError:
            continue
    _STATE["lib"] = lib
    global MISSING
    MISSING = lib is None
    return lib


def _symbol(name: str, restype=None, argtypes=None):
    """The library's function ``name`` (one of this module's fixed names),
    typed on first use."""
    fn = _STATE.get(name)
    if fn is None:
        fn = _STATE[name] = getattr(_library(), name)
        fn.restype = restype
        if argtypes is not None:
            fn.argtypes = argtypes
    return fn


def available() -> bool:
    """Whether MKL's VML was found (looked for once)."""
    return _library() is not None


def apply(op: str, a: np.ndarray, out: np.ndarray | None = None):
    """VML's ``op`` of each element of float32/float64 ``a`` (into ``out``,
    which may be ``a``, when given); None without MKL, or for other dtypes."""
    prefix = _PREFIX.get(a.dtype)
    if prefix is None or _library() is None:
        return None
    import ctypes
    fn = _symbol(prefix + FUNCTIONS[op], None, [ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_longlong])
    # NOTE: the result takes ``a``'s layout (PyTorch's TensorIterator keeps a
    # dense input's order of dims: ``exp(x.t())`` is transposed too); the
    # function runs over both arrays' memory in that order
    if type(a) is not np.ndarray:
        a = np.asarray(a)               # a numpy scalar
    dst = out if out is not None and out.shape == a.shape and dense(out) else np.empty_like(a)
    src = a if a.strides == dst.strides else _copied(a, dst)
    n = src.size
    step = src.itemsize
    for start in range(0, n, _MAX_N):
        count = min(_MAX_N, n - start)
        fn(count, src.ctypes.data + start * step, dst.ctypes.data + start * step, _MODE)
    if out is not None and dst is not out:
        out[...] = dst
        return out
    return dst


def _copied(a: np.ndarray, like: np.ndarray) -> np.ndarray:
    """A copy of ``a`` in the layout of ``like`` (dense, as ``a``'s shape)."""
    c = np.empty_like(like)
    np.copyto(c, a)
    return c


def gemm(trans_a: bool, trans_b: bool, m: int, n: int, k: int, a: np.ndarray, lda: int, b: np.ndarray, ldb: int,
         c: np.ndarray) -> bool:
    """BLAS's column-major ``c = op(a) @ op(b)`` for float32 (``c``: m x n,
    leading dimension m, written in place) with MKL's ``sgemm``; False
    without MKL (``c`` untouched)."""
    if c.dtype != _F32 or _library() is None:
        return False
    import ctypes
    fn = _symbol("sgemm_")
    ints = [ctypes.c_int(v) for v in (m, n, k, lda, ldb, m)]
    one, zero = ctypes.c_float(1.0), ctypes.c_float(0.0)
    fn(ctypes.c_char_p(b"t" if trans_a else b"n"), ctypes.c_char_p(b"t" if trans_b else b"n"),
       ctypes.byref(ints[0]), ctypes.byref(ints[1]), ctypes.byref(ints[2]), ctypes.byref(one),
       ctypes.c_void_p(a.ctypes.data), ctypes.byref(ints[3]), ctypes.c_void_p(b.ctypes.data), ctypes.byref(ints[4]),
       ctypes.byref(zero), ctypes.c_void_p(c.ctypes.data), ctypes.byref(ints[5]))
    return True


_GETRF = {np.dtype(np.float32): "sgetrf_", np.dtype(np.float64): "dgetrf_"}


def getrf(a: np.ndarray):
    """LAPACK's LU factorization with partial pivoting, MKL's
    ``sgetrf``/``dgetrf``, of the square float32/float64 matrix ``a`` read
    column by column, that is of ``a``'s transpose, as PyTorch hands a
    row-major matrix over: ``(lu, pivots)`` (``lu`` in the same reading,
    ``pivots`` 1-based), or None without MKL."""
    name = _GETRF.get(a.dtype)
    if name is None or a.ndim != 2 or a.shape[0] != a.shape[1] or _library() is None:
        return None
    import ctypes
    fn = _symbol(name)
    n = ctypes.c_int(a.shape[0])
    lu = np.array(a, order="C")
    pivots = np.zeros(a.shape[0], np.int32)
    info = ctypes.c_int(0)
    fn(ctypes.byref(n), ctypes.byref(n), ctypes.c_void_p(lu.ctypes.data), ctypes.byref(n),
       ctypes.c_void_p(pivots.ctypes.data), ctypes.byref(info))
    return lu, pivots


_DOT = {np.dtype(np.float32): ("sdot_", "c_float"), np.dtype(np.float64): ("ddot_", "c_double")}
# NOTE: above 32 KB a vector's dot runs on MKL's threads, which split the
# sum where PyTorch's (two threads) do not match one thread's
DOT_BYTES = 1 << 15


def dot(x: np.ndarray, y: np.ndarray):
    """``x . y`` of two 1-D float32 or float64 vectors of one dtype, under
    DOT_BYTES each and of positive steps, by MKL's ``sdot``/``ddot``; None
    without MKL or otherwise."""
    n = x.size
    if (x.dtype not in _DOT or y.dtype != x.dtype or n * x.itemsize >= DOT_BYTES or n == 0
            or x.strides[0] <= 0 or y.strides[0] <= 0 or _library() is None):
        return None
    import ctypes
    name, scalar = _DOT[x.dtype]
    fn = _symbol(name, getattr(ctypes, scalar))
    args = [ctypes.c_int(v) for v in (n, x.strides[0] // x.itemsize, y.strides[0] // y.itemsize)]
    return x.dtype.type(fn(ctypes.byref(args[0]), ctypes.c_void_p(x.ctypes.data), ctypes.byref(args[1]),
                           ctypes.c_void_p(y.ctypes.data), ctypes.byref(args[2])))

"""The C library's math functions, element by element, for the elements
PyTorch computes with them.

PyTorch's CPU kernels call the C library (``std::asinh`` is the C
library's ``asinhf``/``asinh``) for the functions it has no vector code
for, and for the scalar tails of its vectorised loops
(``engine/cpu_loop.py``). Calling the same library gives the same bits on the
same machine, whatever its version. Where no C math library can be loaded,
the correctly rounded result stands in (computed in float64, or with
Python's ``math`` for float64).

Only fixed function names reach the library, with numbers as arguments.
"""
from __future__ import annotations

import math

import numpy as np

_CANDIDATES = ("libm.so.6", "libm.dylib", "ucrtbase")
LIMIT = 1 << 20         # above this many elements, the vectorised stand-in (one call is about 1 µs)
_STATE: dict = {}


def _library():
    import ctypes               # here: only when a C function is needed (start-up time)
    if "lib" not in _STATE:
        lib = None
        for name in _CANDIDATES:
            try:
                lib = ctypes.CDLL(name)
                break
            except OSError:
                continue
        _STATE["lib"] = lib
    return _STATE["lib"]


def _function(name: str, single: bool, arity: int = 1):
    import ctypes
    ctype = ctypes.c_float if single else ctypes.c_double
    key = (name, single)
    if key not in _STATE:
        lib = _library()
        fn = getattr(lib, name, None) if lib is not None else None
        if fn is not None:
            fn.restype = ctype
            fn.argtypes = [ctype] * arity
        _STATE[key] = fn
    return _STATE[key]


def function(name: str, exact):
    """The C library's ``name`` (``namef`` for float32 arrays) over an
    array of float32 or float64; ``exact`` (a float64 numpy function,
    rounded for float32) where the library lacks it or above LIMIT elements."""
    def f(a):
        a = np.asarray(a)
        single = a.dtype == np.float32
        fn = _function(name + "f" if single else name, single)
        if fn is None or a.size > LIMIT:
            return exact(a.astype(np.float64)).astype(a.dtype)
        flat = a.reshape(-1).tolist()
        return laid_out_as(a, np.array([fn(v) for v in flat], dtype=a.dtype).reshape(a.shape))
    f.__name__ = name
    return f


def laid_out_as(a: np.ndarray, r: np.ndarray) -> np.ndarray:
    """``r`` (``a``'s shape) in the memory layout of ``a``, as PyTorch's
    elementwise results are (a transposed input gives a transposed
    result, and sums of it then run in its memory order)."""
    if a.ndim < 2 or a.flags.c_contiguous or r.strides == a.strides:
        return r
    out = np.empty_like(a)
    out[...] = r
    return out


def binary(name: str, exact):
    """``function`` for a C function of two numbers, over two arrays that
    broadcast together (of one float dtype)."""
    def f(a, b):
        a, b = np.broadcast_arrays(np.asarray(a), np.asarray(b))
        single = a.dtype == np.float32
        fn = _function(name + "f" if single else name, single, arity=2)
        if fn is None or a.size > LIMIT:
            return exact(a.astype(np.float64), b.astype(np.float64)).astype(a.dtype)
        return laid_out_as(a, np.array(list(map(fn, a.reshape(-1).tolist(), b.reshape(-1).tolist())),
                                        dtype=a.dtype).reshape(a.shape))
    f.__name__ = name
    return f


exp = function("exp", np.exp)
exp2 = function("exp2", np.exp2)
expm1 = function("expm1", np.expm1)
log = function("log", np.log)
log1p = function("log1p", np.log1p)
sinh = function("sinh", np.sinh)
cosh = function("cosh", np.cosh)
asinh = function("asinh", np.arcsinh)
acosh = function("acosh", np.arccosh)
atanh = function("atanh", np.arctanh)
tanh = function("tanh", np.tanh)
erf = function("erf", np.vectorize(math.erf, otypes=[np.float64]))
lgamma = function("lgamma", np.vectorize(math.lgamma, otypes=[np.float64]))
sin = function("sin", np.sin)
tan = function("tan", np.tan)
pow = binary("pow", np.power)

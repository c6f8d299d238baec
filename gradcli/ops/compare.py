"""Comparisons, logic and integer-style arithmetic (no gradients)."""
from __future__ import annotations

import numpy as np

from ..engine.tensor import Tensor
from ..engine import dtypes as D
from ..errors import GradcliError, runtime_error, type_error
from .device import invalid_combination
from .operands import as_compute, as_tensor, broadcast_shape, operand, result_dtype

_CMP = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal,
        "==": np.equal, "!=": np.not_equal}


def _shapes(a, b):
    sa = a.data.shape if type(a) is Tensor else ()
    sb = b.data.shape if type(b) is Tensor else ()
    if sa != sb:
        broadcast_shape(sa, sb)


def compare(op, a, b):
    a, b = operand(a), operand(b)
    _shapes(a, b)
    dt = result_dtype(a, b)
    return Tensor(np.asarray(_CMP[op](as_compute(a, dt), as_compute(b, dt))))


def _logic(fn):
    def f(input, other):
        a, b = as_tensor(input), as_tensor(other)
        _shapes(a, b)
        return Tensor(np.asarray(fn(a.data.astype(bool), b.data.astype(bool))))
    return f


def _bitwise(fn, name):
    """``torch.<name>(input, other)``: integer and bool tensors (and Python
    ints and bools), in the promoted dtype; PyTorch's error for floats."""
    def f(input, other):
        a, b = _bitwise_operands(name, input, other)
        dt = result_dtype(a, b)
        _shapes(a, b)
        _integers_only(dt, name)
        return Tensor(np.asarray(fn(as_compute(a, dt), as_compute(b, dt))).astype(dt.np))
    f.__name__ = f.__qualname__ = name
    return f


_BITWISE_OVERLOADS = ("(Tensor input, Tensor other, *, Tensor out = None)", "(Number self, Tensor other)",
                      "(Tensor input, Number other, *, Tensor out = None)")


def _bitwise_operands(name, input, other):
    """The operands of a bitwise op; PyTorch's TypeError when neither is a tensor."""
    a, b = operand(input), operand(other)
    if type(a) is not Tensor and type(b) is not Tensor:
        raise invalid_combination(name, (input, other), {}, _BITWISE_OVERLOADS)
    return a, b


def _integers_only(dt, name):
    if dt.category == 2:
        raise GradcliError("NotImplementedError", f'"{name}_cpu" not implemented for \'{dt.torch_type[:-6]}\'')


bitwise_and = _bitwise(np.bitwise_and, "bitwise_and")
bitwise_or = _bitwise(np.bitwise_or, "bitwise_or")
bitwise_xor = _bitwise(np.bitwise_xor, "bitwise_xor")


def _shift(left: bool):
    """``torch.bitwise_left_shift`` / ``bitwise_right_shift`` (and ``<<``,
    ``>>``): integer tensors only, in the promoted dtype, a number operand
    cast (wrapping) to it. As PyTorch's kernels: a count below zero or at
    least the dtype's bit width shifts everything out (left: 0; right: the
    sign, ``x >> (bits - 1)``); a left shift wraps as the unsigned type."""
    name, kernel = ("bitwise_left_shift", "lshift_cpu") if left else ("bitwise_right_shift", "rshift_cpu")

    def f(input, other):
        a, b = _bitwise_operands(name, input, other)
        dt = result_dtype(a, b)
        _shapes(a, b)
        if dt.category != 1:
            raise GradcliError("NotImplementedError", f'"{kernel}" not implemented for \'{dt.torch_type[:-6]}\'')
        x = np.asarray(as_compute(a, dt), dtype=dt.np)
        n = np.asarray(as_compute(b, dt), dtype=dt.np)
        bits = dt.np.itemsize * 8
        out_of_range = (n < 0) | (n >= bits) if dt.np.kind == "i" else n >= bits
        count = np.clip(n, 0, bits - 1)
        if left:
            unsigned = np.dtype(f"u{dt.np.itemsize}")
            out = np.where(out_of_range, 0, np.left_shift(x.astype(unsigned), count.astype(unsigned)).astype(dt.np))
        else:
            out = np.right_shift(x, np.where(out_of_range, bits - 1, count))
            if dt.np.kind == "u":
                out = np.where(out_of_range, 0, out)
        return Tensor(np.asarray(out, dtype=dt.np))
    f.__name__ = f.__qualname__ = name
    return f


bitwise_left_shift = _shift(True)
bitwise_right_shift = _shift(False)


def bitwise_not(input):
    x = as_tensor(input)
    _integers_only(D.of_array(x.data), "bitwise_not")
    return Tensor(np.invert(x.data))


def invert(x):
    """The ``~`` operator on a tensor: PyTorch's ``__invert__`` refuses floats in its own words."""
    if x.data.dtype.kind == "f":
        raise type_error("~ (operator.invert) is only implemented on integer and Boolean-type tensors")
    return Tensor(np.invert(x.data))


def _intdiv(fn, kernel):
    def f(a, b):
        a, b = operand(a), operand(b)
        dt = result_dtype(a, b)
        _no_bool(dt, kernel)
        _shapes(a, b)
        x, y = as_compute(a, dt), as_compute(b, dt)
        if dt.category < 2 and np.any(np.asarray(y) == 0):
            raise runtime_error("ZeroDivisionError")
        with np.errstate(all="ignore"):
            return Tensor(np.asarray(fn(x, y)).astype(dt.np))
    return f


def _no_bool(dt, kernel):
    """PyTorch's CPU kernels of integer division refuse bool tensors."""
    if dt.category == 0:
        raise GradcliError("NotImplementedError", f'"{kernel}" not implemented for \'Bool\'')


floor_divide = _intdiv(np.floor_divide, "div_floor_cpu")
remainder = _intdiv(np.mod, "remainder_cpu")
fmod = _intdiv(np.fmod, "fmod_cpu")


def div_rounding(input, other, rounding_mode):
    if rounding_mode in ("floor", "trunc"):
        a, b = operand(input), operand(other)
        dt = result_dtype(a, b)
        if dt.category == 2 and (type(a) is Tensor or type(b) is Tensor):
            from .table import OPS            # floats: a node with zero gradient (DivBackward2)
            if type(a) is not Tensor:
                a = as_tensor(a)
            broadcast_shape(a.shape, b.shape if type(b) is Tensor else ())
            op = OPS["div_rounding"]
            with np.errstate(all="ignore"):
                out = op.forward(as_compute(a, dt), as_compute(b, dt), rounding_mode)
            return op.apply((a, b), {"mode": rounding_mode}, np.asarray(out).astype(dt.np), dt)
    if rounding_mode == "floor":
        return floor_divide(input, other)
    if rounding_mode == "trunc":
        a, b = operand(input), operand(other)
        dt = result_dtype(a, b)
        _no_bool(dt, "div_trunc_cpu")
        with np.errstate(all="ignore"):
            return Tensor(np.asarray(np.trunc(np.true_divide(as_compute(a, dt), as_compute(b, dt)))).astype(dt.np))
    raise runtime_error(f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '{rounding_mode}'")


BINOPS = {"&": bitwise_and, "|": bitwise_or, "<<": bitwise_left_shift, ">>": bitwise_right_shift}


def _into_self(fn):
    """``fn`` as ``x.f_(other)`` (and ``x <<= other``) calls it: PyTorch
    checks that the result type casts into x before running the kernel."""
    def f(self, other):
        if type(self) is Tensor and self.data.dtype.kind != "f":
            dt = result_dtype(self, operand(other))
            if dt.category == 2:
                raise runtime_error(f"result type {dt.torch_type[:-6]} can't be cast to the desired output type "
                                    f"{self.dtype.torch_type[:-6]}")
        return fn(self, other)
    f.__name__ = f.__qualname__ = fn.__name__
    return f


# the in-place forms of the bitwise rows, and of the augmented operators
INPLACE = {f.__name__: _into_self(f) for f in (bitwise_and, bitwise_or, bitwise_xor, bitwise_left_shift,
                                                bitwise_right_shift)}
INPLACE_BINOPS = {"<<": INPLACE["bitwise_left_shift"], ">>": INPLACE["bitwise_right_shift"]}

"""Tensor dtypes and PyTorch's type-promotion rules.

A ``DType`` is what ``torch.float32`` evaluates to in a script. Promotion
follows PyTorch: categories bool < integer < floating; dimensioned tensors
outrank zero-dim tensors, which outrank Python scalars, within a category;
a higher category from a lower rank gives that category's default dtype.
"""
from __future__ import annotations

import numpy as np


class DType:
    __slots__ = ("name", "np", "category", "torch_type", "itemsize")
    display_name = "torch.dtype"

    def __init__(self, name, np_type, category, torch_type):
        self.name = name
        self.np = np.dtype(np_type)
        self.category = category          # 0 bool, 1 integer, 2 floating
        self.torch_type = torch_type      # "FloatTensor", for messages
        self.itemsize = self.np.itemsize

    @property
    def c_name(self) -> str:
        """The C type name some PyTorch messages use: "float", "long int"."""
        return _C_NAMES.get(self.name, self.name)

    @property
    def is_floating_point(self):
        return self.category == 2

    def __repr__(self):
        return "torch." + self.name

    def __reduce__(self):                 # dtypes are singletons
        return (by_name, (self.name,))


float32 = DType("float32", np.float32, 2, "FloatTensor")
float64 = DType("float64", np.float64, 2, "DoubleTensor")
float16 = DType("float16", np.float16, 2, "HalfTensor")
int64 = DType("int64", np.int64, 1, "LongTensor")
int32 = DType("int32", np.int32, 1, "IntTensor")
int16 = DType("int16", np.int16, 1, "ShortTensor")
int8 = DType("int8", np.int8, 1, "CharTensor")
uint8 = DType("uint8", np.uint8, 1, "ByteTensor")
bool_ = DType("bool", np.bool_, 0, "BoolTensor")

_C_NAMES = {"float32": "float", "float64": "double", "float16": "c10::Half", "int64": "long int",
            "int32": "int", "int16": "short int", "int8": "signed char", "uint8": "unsigned char"}

ALL = (float32, float64, float16, int64, int32, int16, int8, uint8, bool_)
_BY_NP = {d.np: d for d in ALL}
_BY_NAME = {d.name: d for d in ALL}
# torch.<alias> names
ALIASES = {"float": float32, "double": float64, "half": float16, "long": int64,
           "int": int32, "short": int16, "bool": bool_,
           **{d.name: d for d in ALL}}

DEFAULT_FLOAT = float32     # torch.get_default_dtype(): set_default_float changes it, each run starts here


def set_default_float(dt: DType) -> None:
    """``torch.set_default_dtype``: the dtype of Python floats in tensors."""
    global DEFAULT_FLOAT
    DEFAULT_FLOAT = dt


def by_name(name: str) -> DType:
    return _BY_NAME[name]


def of_array(a: np.ndarray) -> DType:
    try:
        return _BY_NP[a.dtype]
    except KeyError:
        raise TypeError(f"unsupported array dtype {a.dtype}") from None


def of_numpy(dt: np.dtype):
    """The DType of a numpy dtype, or None if gradcli has none."""
    return _BY_NP.get(dt)


def of_scalar(v) -> DType:
    if isinstance(v, bool):
        return bool_
    if isinstance(v, int):
        return int64
    return DEFAULT_FLOAT


def promote_pair(a: DType, b: DType) -> DType:
    if a is b:
        return a
    return _BY_NP[np.promote_types(a.np, b.np)] if a.category == b.category else (a if a.category > b.category else b)


def result_type(tensor_dtypes_dim, tensor_dtypes_zerodim, scalars) -> DType:
    """PyTorch's ``result_type`` over three ranks of operands."""
    best = None
    for group in (tensor_dtypes_dim, tensor_dtypes_zerodim):
        cur = None
        for d in group:
            cur = d if cur is None else promote_pair(cur, d)
        if cur is None:
            continue
        if best is None:
            best = cur
        elif cur.category > best.category:
            best = cur if group is tensor_dtypes_zerodim else promote_pair(best, cur)
    scalar_cat = max((of_scalar(s).category for s in scalars), default=-1)
    if best is None:
        return {0: bool_, 1: int64, 2: DEFAULT_FLOAT}[scalar_cat]
    if scalar_cat > best.category:
        return {1: int64, 2: DEFAULT_FLOAT}[scalar_cat]
    return best

"""PyTorch's MKL math functions (gradcli/engine/vml.py): MKL's bits where
it is installed, the correctly rounded value where it is not."""
from __future__ import annotations

import math

import numpy as np
import pytest

from gradcli.engine import vml
from gradcli.ops.table import OPS

# float32 inputs, and PyTorch 2.13's sin and sqrt of them (MKL's, one of each 1 ulp from the correctly rounded)
X = np.array([0xc03d317f, 0x3f000000, 0x3fa92085], np.uint32).view(np.float32)
TORCH_SIN = [0xbe3ccf91, 0x3ef57744, 0x3f7812e2]
TORCH_SQRT = [0x3fdc137c, 0x3f3504f3, 0x3f93222c]


def _bits(a):
    return [int(v) for v in np.asarray(a, np.float32).view(np.uint32)]


def test_with_mkl_the_functions_are_pytorchs():
    if not vml.available():
        pytest.skip("MKL is not installed (the mkl extra)")
    assert _bits(OPS["sin"].forward(X)) == TORCH_SIN
    assert _bits(OPS["sqrt"].forward(np.abs(X))) == TORCH_SQRT
    out = np.abs(X)
    assert vml.apply("sqrt", out, out=out) is out and _bits(out) == TORCH_SQRT     # in place
    strided = np.repeat(X, 2)[::2]
    assert _bits(OPS["sin"].forward(strided)) == TORCH_SIN


def test_without_mkl_the_correctly_rounded_value_stands_in(monkeypatch):
    monkeypatch.setitem(vml._STATE, "lib", None)
    monkeypatch.setattr(vml, "MISSING", True)
    assert not vml.available() and vml.apply("sin", X) is None
    want = [np.float32(math.sin(float(v))) for v in X]
    assert _bits(OPS["sin"].forward(X)) == _bits(want)
    assert _bits(want) != TORCH_SIN         # the first input is one MKL rounds the other way


def test_other_dtypes_are_not_sent_to_mkl():
    assert vml.apply("sin", X.astype(np.float16)) is None
    assert vml.apply("exp", np.arange(3)) is None

"""PyTorch's MKL math functions (gradcli/engine/mkl.py): MKL's bits where
it is installed, the correctly rounded value where it is not."""
from __future__ import annotations

import math

import numpy as np
import pytest

from gradcli.engine import mkl
from gradcli.ops.table import OPS

# float32 inputs, and PyTorch 2.13's sin and sqrt of them (MKL's, one of each 1 ulp from the correctly rounded)
X = np.array([0xc03d317f, 0x3f000000, 0x3fa92085], np.uint32).view(np.float32)
TORCH_SIN = [0xbe3ccf91, 0x3ef57744, 0x3f7812e2]
TORCH_SQRT = [0x3fdc137c, 0x3f3504f3, 0x3f93222c]


def _bits(a):
    return [int(v) for v in np.asarray(a, np.float32).view(np.uint32)]


def test_with_mkl_the_functions_are_pytorchs():
    if not mkl.available():
        pytest.skip("MKL is not installed (the mkl extra)")
    assert _bits(OPS["sin"].forward(X)) == TORCH_SIN
    assert _bits(OPS["sqrt"].forward(np.abs(X))) == TORCH_SQRT
    out = np.abs(X)
    assert mkl.apply("sqrt", out, out=out) is out and _bits(out) == TORCH_SQRT     # in place
    strided = np.repeat(X, 2)[::2]
    assert _bits(OPS["sin"].forward(strided)) == TORCH_SIN


def test_without_mkl_the_correctly_rounded_value_stands_in(monkeypatch):
    monkeypatch.setitem(mkl._STATE, "lib", None)
    monkeypatch.setattr(mkl, "MISSING", True)
    assert not mkl.available() and mkl.apply("sin", X) is None
    want = [np.float32(math.sin(float(v))) for v in X]
    assert _bits(OPS["sin"].forward(X)) == _bits(want)
    assert _bits(want) != TORCH_SIN         # the first input is one MKL rounds the other way


def test_other_dtypes_are_not_sent_to_mkl():
    assert mkl.apply("sin", X.astype(np.float16)) is None
    assert mkl.apply("exp", np.arange(3)) is None


# the two-layer-net tutorial's product: PyTorch 2.13's bits (sha256); numpy's
# (OpenBLAS's, which vary with the CPU's kernel) were off in 5,805 elements
TORCH_PRODUCT = "dbdd7d12c3efdd81ff57b0750e12cc6f20b545922aeab365a08d32e09b50ed69"


def _digest(a) -> str:
    import hashlib
    return hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()


def _product_digest(right_layout, product=None):
    from gradcli.engine import blas
    rng = np.random.default_rng(7)
    a = rng.standard_normal((64, 1000)).astype(np.float32)
    b = right_layout(rng.standard_normal((1000, 100)).astype(np.float32))
    return _digest((product or blas.matmul)(a, b))


@pytest.mark.parametrize("right_layout", (np.ascontiguousarray, np.asfortranarray))
def test_with_mkl_large_float32_products_are_pytorchs(right_layout):
    if not mkl.available():
        pytest.skip("MKL is not installed (the mkl extra)")
    assert _product_digest(right_layout) == TORCH_PRODUCT


def test_without_mkl_large_products_are_numpys(monkeypatch):
    monkeypatch.setitem(mkl._STATE, "lib", None)
    monkeypatch.setattr(mkl, "MISSING", True)
    assert _product_digest(np.ascontiguousarray) == _product_digest(np.ascontiguousarray, np.matmul)


def test_with_mkl_dot_is_pytorchs():
    if not mkl.available():
        pytest.skip("MKL is not installed (the mkl extra)")
    from gradcli.ops import linalg
    from gradcli.engine.tensor import Tensor
    x = np.array([-3.0, -1.8, -0.6, 0.6, 1.8, 3.0], np.float32)
    got = linalg.dot(Tensor(x), Tensor(x)).data
    assert float(got) == 25.200000762939453            # PyTorch's; numpy's dot gives 25.19999885559082
    strided = np.repeat(x, 2)[::2]         # read with a step of 2, as PyTorch hands it over: MKL's other loop
    assert float(linalg.dot(Tensor(strided), Tensor(x)).data) == 25.19999885559082
    # from 32 KB on, MKL's threads split the sum: numpy's dot stands in
    assert mkl.dot(np.ones(8192, np.float32), np.ones(8192, np.float32)) is None
    assert mkl.dot(np.ones(8191, np.float32), np.ones(8191, np.float32)) == 8191


# nn.Linear(1000, 100) on a batch of 64 (addmm with the weight read transposed): PyTorch 2.13's bits
TORCH_LINEAR = "d2eeb253380aced8fe6ff2e4592fac62027e58f2fed44659e482e6f821a33f44"


def _linear_digest(addmm=None):
    from gradcli.engine import blas
    rng = np.random.default_rng(7)
    x = rng.standard_normal((64, 1000)).astype(np.float32)
    w = rng.standard_normal((100, 1000)).astype(np.float32)
    bias = rng.standard_normal(100).astype(np.float32)
    return _digest((addmm or blas.addmm)(bias, x, w.T))


def test_with_mkl_a_linear_layer_is_pytorchs():
    if not mkl.available():
        pytest.skip("MKL is not installed (the mkl extra)")
    assert _linear_digest() == TORCH_LINEAR


def test_without_mkl_a_linear_layer_is_numpys(monkeypatch):
    monkeypatch.setitem(mkl._STATE, "lib", None)
    monkeypatch.setattr(mkl, "MISSING", True)
    assert _linear_digest() == _linear_digest(lambda c, a, b: c + a @ b)


# PyTorch 2.13's det: the diagonal of MKL's LU of the matrix's transpose
DET_CASES = [
    ([[4.0, 7.0], [2.0, 6.0]], "float32", 10.000001907348633),        # numpy's det: 10.0
    ([[4.0, 7.0], [2.0, 6.0]], "float64", 9.999999999999998),
    ([[0.1, 0.2, 0.3], [0.4, 0.5, 0.7], [0.9, 0.1, 0.2]], "float64", -0.009999999999999998),  # numpy: ...986
    ([[0.1, 0.2, 0.3], [0.4, 0.5, 0.7], [0.9, 0.1, 0.2]], "float32", -0.010000000707805157),
    ([[1.0, 2.0], [2.0, 4.0]], "float32", -0.0),                        # singular: a negative zero
]


@pytest.mark.parametrize("rows,dtype,want", DET_CASES)
def test_with_mkl_det_is_pytorchs(rows, dtype, want):
    if not mkl.available():
        pytest.skip("MKL is not installed (the mkl extra)")
    from gradcli.ops.linalg import _det_array
    got = _det_array(np.array(rows, dtype))
    assert got.dtype == np.dtype(dtype) and float(got) == want and math.copysign(1, float(got)) == math.copysign(1, want)
    batch = _det_array(np.stack([np.array(rows, dtype)] * 3))
    assert batch.shape == (3,) and all(float(v) == want for v in batch)


def test_with_mkl_det_matches_pytorch_live():
    torch = pytest.importorskip("torch")
    if not mkl.available():
        pytest.skip("MKL is not installed (the mkl extra)")
    from gradcli.ops.linalg import MKL_DET_MAX, _det_array
    rng = np.random.default_rng(3)
    for dtype in (np.float32, np.float64):
        for n in range(1, MKL_DET_MAX + 1):
            a = rng.standard_normal((4, n, n)).astype(dtype)
            assert _det_array(a).tolist() == torch.linalg.det(torch.from_numpy(a)).tolist(), (dtype, n)

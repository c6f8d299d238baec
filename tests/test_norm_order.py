"""The 2-norm in PyTorch's kernel order (engine/cascade.py's norm2_rows):
over the last dims of contiguous float32/float64 tensors and over whole
tensors, against live PyTorch; other layouts keep the float64 sum."""
from __future__ import annotations

import numpy as np
import pytest

from gradcli.engine.cascade import norm2_rows
from gradcli.ops.table import vector_norm_array

SIZES = list(range(1, 70)) + [100, 127, 128, 129, 255, 1000, 1023]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_rows_match_pytorch_for_every_length(dtype):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    for n in SIZES:
        x = rng.standard_normal((60, n)).astype(dtype)
        want = torch.linalg.vector_norm(torch.from_numpy(x), 2, -1).numpy()
        got = vector_norm_array(x, 2.0, (1,), False)
        assert got.dtype == x.dtype and got.shape == (60,)
        assert np.array_equal(got.view(np.uint8), want.view(np.uint8)), n


def test_whole_tensors_and_trailing_dims_match_pytorch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(4)
    for shape in ((3, 5), (7, 9, 2), (300, 1000), (250001,)):
        x = rng.standard_normal(shape).astype(np.float32)
        want = torch.linalg.vector_norm(torch.from_numpy(x)).numpy()
        assert vector_norm_array(x, 2.0, None, False).view(np.int32) == want.view(np.int32), shape
    x = rng.standard_normal((4, 6, 8)).astype(np.float32)
    want = torch.linalg.vector_norm(torch.from_numpy(x), 2, (1, 2), keepdim=True).numpy()
    got = vector_norm_array(x, 2.0, (1, 2), True)
    assert got.shape == (4, 1, 1) and np.array_equal(got.view(np.int32), want.view(np.int32))


def test_the_order_is_not_numpys_and_other_layouts_keep_float64():
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2000, 37)).astype(np.float32)
    ordered = norm2_rows(x)
    double = np.sqrt((x.astype(np.float64) ** 2).sum(1)).astype(np.float32)
    assert np.any(ordered != double)                       # the order shows in the last bits
    assert np.allclose(ordered, double, rtol=1e-6)
    assert np.array_equal(norm2_rows(np.zeros((3, 0), np.float32)), np.zeros(3, np.float32))
    col = vector_norm_array(x, 2.0, (0,), False)            # not a trailing dim: the float64 sum
    assert np.array_equal(col, np.sqrt((x.astype(np.float64) ** 2).sum(0)).astype(np.float32))

"""Products multiply in PyTorch's order (gradcli/engine/reduce_vec.py):
registers of four vectors along a contiguous run, then their lanes;
numpy's order gives other last bits."""
import numpy as np
import pytest

from gradcli.engine import reduce_vec


def test_numpys_product_differs_so_the_order_matters():
    x = (1 + np.random.RandomState(0).randn(24000) * 0.05).astype(np.float32)
    assert np.prod(x) != reduce_vec.torch_prod(x)


def test_a_short_run_is_multiplied_in_order():
    x = (1 + np.random.RandomState(1).randn(31) * 0.05).astype(np.float32)
    want = np.float32(1)
    for v in x:
        want = np.float32(want * v)
    assert reduce_vec.torch_prod(x) == want


def test_a_transposed_product_runs_in_memory_order_and_a_stepped_one_is_numpys():
    x = (1 + np.random.RandomState(2).randn(40, 50) * 0.05).astype(np.float32)
    assert reduce_vec.torch_prod(x.T) == reduce_vec.torch_prod(x)
    assert reduce_vec.torch_prod(x[:, ::2]) is None
    assert reduce_vec.prod_like_torch(x, 0).tobytes() == np.prod(x, axis=0).tobytes()


@pytest.mark.parametrize("threads", [1, 2])
def test_live_products(threads, torch_on_threads):
    torch = torch_on_threads(threads)
    rs = np.random.RandomState(10 + threads)
    for _ in range(200):
        nd = rs.randint(1, 4)
        shape = [int(rs.randint(1, 12)) for _ in range(nd)]
        shape[rs.randint(nd)] = int(rs.randint(1, 300))
        if rs.rand() < 0.05:
            shape, nd = [int(rs.randint(30000, 100000))], 1
        x = (1 + rs.randn(*shape) * 0.02).astype(rs.choice([np.float32, np.float64]))
        perm = rs.permutation(nd).tolist()
        for view, tview in ((x, torch.from_numpy(x)), (x.transpose(perm), torch.from_numpy(x).permute(*perm))):
            for dim in [None] + list(range(nd)):
                want = (tview.prod() if dim is None else tview.prod(dim)).numpy()
                got = np.asarray(reduce_vec.prod_like_torch(view, dim))
                assert got.shape == want.shape and got.tobytes() == want.tobytes(), (shape, perm, dim, x.dtype)

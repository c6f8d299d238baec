"""Float sums add in PyTorch's order (gradcli/engine/cascade.py), so a
training loop's printed losses keep PyTorch's last digits: recorded sums of
PyTorch 2.13 (tests/goldens/cascade_sums.json, 2 threads), and live ones."""
import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from gradcli.engine import cascade

GOLDEN = json.loads((Path(__file__).parent / "goldens" / "cascade_sums.json").read_text())
STRIDED = json.loads((Path(__file__).parent / "goldens" / "strided_sums.json").read_text())


def _input(case):
    rs = np.random.RandomState(case["seed"])
    return (rs.randn(*case["shape"]) * 100).astype(case["dtype"])


def _ours(case):
    x = _input(case)
    return cascade.sum_like_torch(x) if case["dim"] is None else cascade.sum_like_torch(x, case["dim"])


@pytest.mark.parametrize("case", GOLDEN["cases"], ids=lambda c: f"{c['shape']}-{c['dtype']}-{c['dim']}")
def test_sums_equal_recorded_pytorch_bit_for_bit(case, monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", str(GOLDEN["threads"]))
    r = np.ascontiguousarray(_ours(case))
    assert hashlib.sha256(r.tobytes()).hexdigest() == case["sha256"]


@pytest.mark.parametrize("case", STRIDED["cases"],
                         ids=lambda c: f"{c['shape']}-{c['dtype']}-{c['dim']}-{c['threads']}t")
def test_sums_over_other_dims_equal_recorded_pytorch_bit_for_bit(case, monkeypatch):
    """A middle dim, dims apart, several runs of them: each kept output's
    sum in the order of PyTorch's loops over the strided dims, on one
    thread and two (tests/goldens/make_strided_sum_goldens.py)."""
    monkeypatch.setenv("OMP_NUM_THREADS", str(case["threads"]))
    rs = np.random.RandomState(case["seed"])
    x = (rs.randn(*case["shape"]) * 100).astype(case["dtype"])
    r = cascade.sum_like_torch(x, tuple(case["dim"]))
    assert r.shape == tuple(s for i, s in enumerate(case["shape"]) if i not in case["dim"])
    assert hashlib.sha256(np.ascontiguousarray(r).tobytes()).hexdigest() == case["sha256"]


def test_a_middle_dim_sum_is_not_numpys():
    """The recorded middle-dim sums are not numpy's order (the test above
    would pass with numpy's sums otherwise)."""
    case = next(c for c in STRIDED["cases"] if c["shape"] == [4, 50, 30] and c["dtype"] == "float32")
    rs = np.random.RandomState(case["seed"])
    x = (rs.randn(*case["shape"]) * 100).astype(case["dtype"])
    assert hashlib.sha256(np.sum(x, axis=1).tobytes()).hexdigest() != case["sha256"]


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("seed", range(3))
def test_live_any_set_of_dims(seed, threads, torch_on_threads):
    torch = torch_on_threads(threads)
    rs = np.random.RandomState(100 + seed)
    for _ in range(120):
        nd = rs.randint(2, 6)
        shape = [int(rs.randint(1, 40 if rs.rand() < 0.3 else 12)) for _ in range(nd)]
        if rs.rand() < 0.2:
            shape[rs.randint(nd)] = int(rs.randint(40, 300))
        dims = tuple(sorted(rs.choice(nd, rs.randint(1, nd), replace=False).tolist()))
        x = (rs.randn(*shape) * 100).astype(rs.choice([np.float32, np.float64]))
        want = torch.from_numpy(x).sum(dims).numpy()
        got = cascade.sum_like_torch(x, dims)
        assert got.shape == want.shape and got.tobytes() == want.tobytes(), (shape, dims, x.dtype)


def test_numpy_pairwise_sums_differ_so_the_order_matters():
    case = next(c for c in GOLDEN["cases"] if c["shape"] == [2000] and c["dtype"] == "float32")
    x = _input(case)
    assert np.float32(np.sum(x)) != cascade.torch_sum(x) or np.float32(np.add.reduce(x[::-1])) != cascade.torch_sum(x)


@pytest.mark.parametrize("seed", range(3))
def test_live_random_sizes_and_axes(seed):
    torch = pytest.importorskip("torch")
    rs = np.random.RandomState(seed)
    for _ in range(80):
        shape = tuple(int(v) for v in rs.randint(1, 60, size=rs.randint(1, 4)))
        x = (rs.randn(*shape) * rs.choice([1, 1e4])).astype(rs.choice([np.float32, np.float64]))
        k = int(rs.randint(1, x.ndim + 1))
        for dims in {tuple(range(k)), tuple(range(x.ndim - k, x.ndim)), None}:
            want = torch.from_numpy(x).sum().numpy() if dims is None else torch.from_numpy(x).sum(dim=dims).numpy()
            got = cascade.sum_like_torch(x, dims)
            assert np.array_equal(np.asarray(got), want), (shape, dims)


def test_a_seeded_polynomial_fit_prints_pytorchs_losses(gradcli, tmp_path):
    """The tutorial's loss, a float32 sum of 2000 squares printed in full."""
    (tmp_path / "fit.py").write_text(
        "import torch, math\ntorch.manual_seed(0)\nx = torch.linspace(-math.pi, math.pi, 2000)\n"
        "y = x * 0.5 - 0.25\na = torch.randn((), requires_grad=True)\nb = torch.randn((), requires_grad=True)\n"
        "for t in range(30):\n    loss = (a + b * x - y).pow(2).sum()\n    if t % 10 == 0:\n"
        "        print(t, loss.item())\n    loss.backward()\n    with torch.no_grad():\n"
        "        a -= 1e-4 * a.grad\n        b -= 1e-4 * b.grad\n        a.grad = None\n        b.grad = None\n")
    r = gradcli("run", "fit.py", "-f", "torch")
    assert r.returncode == 0, r.stderr
    torch = pytest.importorskip("torch")
    import subprocess
    import sys
    want = subprocess.run([sys.executable, str(tmp_path / "fit.py")], capture_output=True, text=True).stdout
    assert r.stdout == want


@pytest.mark.parametrize("groups,step,width", [(8, 16, 32), (64, 16, 32), (3906, 16, 32), (4096, 16, 32),
                                               (300, 32, 16), (5000, 16, 16), (129, 16, 8), (40, 64, 512),
                                               (32, 16, 1024), (9, 16, 4096)])
def test_group_sums_add_in_the_order_of_the_plain_reduction(groups, step, width):
    """``_group_sums`` (einsum over the groups' rows, or numpy's reduction
    over wide ones) gives each lane's in-order sum from zero bit for bit,
    negative zeros, infinities and NaNs too."""
    rs = np.random.RandomState(groups)
    for dtype in (np.float32, np.float64):
        x = (rs.randn(groups, step, width) * 1e3).astype(dtype)
        x[0] = -0.0
        x[1, :, 0] = np.inf
        x[2, 3, 1] = np.nan
        x[3, :, 2] = [np.inf, -np.inf] * (step // 2)
        with np.errstate(invalid="ignore"):            # inf - inf: NaN, as in a script
            want = np.zeros((groups, width), dtype)
            for j in range(step):                       # one row of each group after another
                want = want + x[:, j]
            got = cascade._group_sums(x, (width,))
        assert np.array_equal(np.ascontiguousarray(got).view(np.uint8), want.view(np.uint8))


@pytest.mark.parametrize("n", [4_000_000, 3_000_001, (1 << 21) + 13])
def test_large_sums_live_against_pytorch(n, monkeypatch):
    torch = pytest.importorskip("torch")
    monkeypatch.setenv("OMP_NUM_THREADS", "2")
    threads = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        rs = np.random.RandomState(n % 1000)
        for dtype in (np.float32, np.float64):
            x = (rs.randn(n) * 100).astype(dtype)
            assert cascade.torch_sum(x).tobytes() == torch.from_numpy(x).sum().numpy().tobytes()
    finally:
        torch.set_num_threads(threads)


@pytest.mark.parametrize("threads", ["1", "2", "3"])
@pytest.mark.parametrize("rows,cols", [(512, 1024), (37, 64), (100, 96), (1000, 256), (70, 100), (513, 40), (5, 3000)])
def test_column_sums_whole_or_by_thread_part_agree(threads, rows, cols, monkeypatch):
    """A sum over the leading dim whose thread parts are all whole blocks of
    four vectors is summed in one pass; it gives each part's own sums."""
    monkeypatch.setenv("OMP_NUM_THREADS", threads)
    rs = np.random.RandomState(rows + cols)
    for dtype in (np.float32, np.float64):
        x = (rs.randn(rows, cols) * 100).astype(dtype)
        lanes = cascade.LANES[x.dtype]
        by_part = np.concatenate([cascade._outer_cols(x[:, c0:c1], lanes)
                                  for c0, c1 in cascade._column_parts(cols, x.size, x.itemsize)])
        assert np.array_equal(cascade.torch_sum_axes(x, (0,)).view(np.uint8), by_part.view(np.uint8))


@pytest.mark.parametrize("threads", [1, 2])
def test_live_sums_of_views_follow_their_memory(threads, torch_on_threads):
    """A transposed, permuted or stepped tensor is summed in the order its
    dims lie in memory, as TensorIterator orders them (x.T.sum() is the sum
    of x's memory; a sum over dims 0 of x.T runs along x's rows)."""
    torch = torch_on_threads(threads)
    rs = np.random.RandomState(300 + threads)
    for _ in range(300):
        nd = rs.randint(2, 5)
        shape = [int(rs.randint(2, 30 if rs.rand() < 0.3 else 10)) for _ in range(nd)]
        base = (rs.randn(*shape) * 10).astype(rs.choice([np.float32, np.float64]))
        perm = rs.permutation(nd).tolist()
        ax = int(rs.randint(nd))
        step = (slice(None),) * ax + (slice(None, None, int(rs.randint(1, 3))),)
        view, tview = base.transpose(perm)[step], torch.from_numpy(base).permute(*perm)[step]
        dims = tuple(sorted(rs.choice(nd, rs.randint(1, nd + 1), replace=False).tolist()))
        got = cascade.sum_like_torch(view, dims)
        want = tview.sum(dims).numpy()
        assert got.shape == want.shape and got.tobytes() == want.tobytes(), (shape, perm, step, dims)


def test_a_transposed_sum_is_the_sum_of_its_memory():
    rs = np.random.RandomState(7)
    x = (rs.randn(300, 70) * 100).astype(np.float32)
    assert cascade.sum_like_torch(x.T).tobytes() == cascade.torch_sum(x).tobytes()
    assert cascade.sum_like_torch(x.T).tobytes() != cascade.torch_sum(np.ascontiguousarray(x.T)).tobytes()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_one_level_sums_make_the_cascades_additions(dtype):
    """The short path for runs whose cascade has one level adds what the
    general one does, in its order: every size it takes, with zeros of
    both signs, infinities, NaNs and magnitudes 60 decades apart."""
    lanes = cascade.LANES[np.dtype(dtype)]
    rng = np.random.default_rng(7)
    for n in range(4 * lanes, 256 * 4 * lanes, 7):
        x = rng.standard_normal(n) * 10.0 ** rng.uniform(-30, 30, n)
        kind = n % 4
        if kind == 1:
            x[rng.random(n) < 0.6] = -0.0
        elif kind == 2:
            x = -np.abs(x) * 0.0
        elif kind == 3:
            x[rng.integers(n)] = [np.inf, -np.inf, np.nan][n % 3]
        x = x.astype(dtype)
        n_vec = n // lanes
        general = cascade._running_total(np.concatenate(
            (x[n_vec * lanes:], cascade._row_sum(x[:n_vec * lanes].reshape(n_vec, lanes)))))
        short = cascade._one_level_sum(x, lanes, n_vec)
        assert np.asarray(short).tobytes() == np.asarray(general).tobytes(), n

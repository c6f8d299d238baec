"""PyTorch's random numbers, bit for bit (SPEC §3.5).

(a) recorded: tests/goldens/random.json (made by
    tests/goldens/make_random_goldens.py) holds a digest of the dtype, shape
    and raw bytes of every case -- every function at seeds {0, 1, 42,
    2**32 + 5, 12345678901}, ten sizes, float32 and float64, and an
    interleaved sequence of calls -- run here through gradcli's interpreter;
(b) live, when torch is importable: the same scripts under PyTorch,
    compared value by value, and a million float32 normals;
(c) errors in PyTorch's words, --seed and the default seed, generators.
"""
from __future__ import annotations

import functools
import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from gradcli.engine import distributions as dist
from gradcli.engine.context import CONTEXT, DEFAULT_SEED
from gradcli.engine.generator import Generator
from gradcli.lang.interp import Interpreter
from gradcli.lang.parse import parse_module
from gradcli.ops.autograd_calls import get_grad
from gradcli.session import quiet_numerics, run_source

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = json.loads((ROOT / "tests" / "goldens" / "random.json").read_text())


def _load_maker():
    spec = importlib.util.spec_from_file_location(
        "make_random_goldens", ROOT / "tests" / "goldens" / "make_random_goldens.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


M = _load_maker()
GROUPS = [(seed, dt) for seed in M.SEEDS for dt in M.DTYPES]


@functools.lru_cache(maxsize=None)
def _parsed(dt: str):
    source, labels = M.case_body(dt)
    return source, parse_module(source), labels


def gradcli_values(seed: int, dt: str) -> dict:
    """Run the case script of (seed, dt) through gradcli's interpreter (the
    body parsed once per dtype; SEED set as a script variable)."""
    source, module, _ = _parsed(dt)
    events = []
    interp = Interpreter(source, events.append)
    interp.vars["SEED"] = seed
    CONTEXT.rng = None
    with quiet_numerics():
        interp.run_module(module)
    errors = [ev.error for ev in events if ev.kind == "error"]
    assert not errors, f"{errors[0].kind}: {errors[0].message} (line {errors[0].span})"
    return {k: v.data for k, v in interp.vars.items() if k.startswith("v") and hasattr(v, "data")}


def _differences(labels, got: dict, expected_digests: list) -> list:
    bad = []
    for i, (label, want) in enumerate(zip(labels, expected_digests)):
        arr = got[f"v{i}"]
        if M.digest(str(arr.dtype), arr.shape, np.ascontiguousarray(arr).tobytes()) != want:
            bad.append(label)
    return bad


@pytest.mark.parametrize("seed,dt", GROUPS, ids=[f"{s}-{d}" for s, d in GROUPS])
def test_every_function_matches_recorded_pytorch(seed, dt):
    labels = _parsed(dt)[2]
    expected = GOLDEN["digests"][f"{seed}/{dt}"].split()
    assert len(expected) == len(labels), "goldens out of date: rerun make_random_goldens.py"
    bad = _differences(labels, gradcli_values(seed, dt), expected)
    assert not bad, f"{len(bad)} of {len(labels)} cases differ from PyTorch: {bad[:12]}"


def test_full_values_tolist_equal():
    by_group = {}
    for key, (dtype, shape, hexbits) in GOLDEN["full"].items():
        seed, dt, i = key.split("/")
        by_group.setdefault((int(seed), dt), []).append((int(i), dtype, shape, hexbits))
    assert by_group
    for (seed, dt), items in by_group.items():
        got = gradcli_values(seed, dt)
        for i, dtype, shape, hexbits in items:
            want = np.frombuffer(bytes.fromhex(hexbits), dtype=dtype).reshape(shape)
            assert got[f"v{i}"].tolist() == want.tolist(), (seed, dt, i)
            assert got[f"v{i}"].dtype == want.dtype


def test_cached_normal_carries_across_calls():
    # randn(7) leaves a cached sine: the next randn(1) is it, not a new pair.
    g = Generator(0)
    first = dist.normal(g, 7, np.float64)
    assert g.next_double_normal is not None
    nxt = dist.normal(g, 1, np.float64)
    assert nxt[0] != first[-1] and g.next_double_normal is None
    g.manual_seed(0)
    assert g.next_double_normal is None
    assert dist.normal(g, 8, np.float64)[:7].tolist() == first.tolist()


# ***** live against PyTorch *****

@pytest.mark.parametrize("seed,dt", GROUPS, ids=[f"{s}-{d}" for s, d in GROUPS])
def test_live_every_function(seed, dt):
    pytest.importorskip("torch")
    source, labels = M.case_script(seed, dt)
    want, got = M.torch_values(source), gradcli_values(seed, dt)
    bad = [label for i, label in enumerate(labels)
           if got[f"v{i}"].dtype != want[f"v{i}"].dtype or got[f"v{i}"].tolist() != want[f"v{i}"].tolist()]
    assert not bad, bad[:12]
    digests = [M.digest(str(want[f"v{i}"].dtype), want[f"v{i}"].shape, want[f"v{i}"].tobytes())
               for i in range(len(labels))]
    assert " ".join(digests) == GOLDEN["digests"][f"{seed}/{dt}"], "recorded goldens are stale"


def test_live_million_float32_normals():
    torch = pytest.importorskip("torch")
    n = 1_000_003                                   # not a multiple of 16: the last block is redrawn
    torch.manual_seed(12345678901)
    want = torch.randn(n).numpy()
    got = dist.normal(Generator(12345678901), n, np.float32)
    assert np.array_equal(got.view(np.uint32), want.view(np.uint32))
    torch.manual_seed(3)
    want = torch.empty(100_000).normal_(0.25, 3.5).numpy()
    got = dist.normal(Generator(3), 100_000, np.float32, 0.25, 3.5)
    assert np.array_equal(got.view(np.uint32), want.view(np.uint32))


def test_live_float64_and_uniform_large():
    torch = pytest.importorskip("torch")
    torch.manual_seed(42)
    want = torch.randn(200_000, dtype=torch.float64).numpy()
    assert np.array_equal(dist.normal(Generator(42), 200_000, np.float64).view(np.uint64), want.view(np.uint64))
    torch.manual_seed(42)
    want = torch.empty(500_000).uniform_(-0.0625, 0.0625).numpy()
    got = dist.uniform(Generator(42), 500_000, np.float32, -0.0625, 0.0625)
    assert np.array_equal(got.view(np.uint32), want.view(np.uint32))


# ***** errors, seeds, generators *****

ERRORS = [
    ("torch.randint(5, 2, (3,))", "RuntimeError",
     "random_ expects 'from' to be less than 'to', but got from=5 >= to=2"),
    ("torch.rand(-1)", "RuntimeError", "Trying to create tensor with negative dimension -1: [-1]"),
    ("torch.normal(0., -1., (3,))", "RuntimeError", "normal expects std >= 0.0, but found std -1"),
    ("torch.normal(torch.zeros(3), -1.)", "RuntimeError", "normal expects std >= 0.0, but found std -1"),
    ("torch.randn(2, dtype=torch.int64)", "NotImplementedError", "\"normal_kernel_cpu\" not implemented for 'Long'"),
    ("torch.rand(3, dtype=torch.int64)", "NotImplementedError",
     "\"check_uniform_bounds\" not implemented for 'Long'"),
    ("torch.randint(3, (2,), requires_grad=True)", "RuntimeError",
     "Only Tensors of floating point and complex dtype can require gradients"),
    ("torch.randperm(-1)", "RuntimeError", "Trying to create tensor with negative dimension -1: [-1]"),
    ("torch.bernoulli(torch.tensor([2.]))", "RuntimeError",
     "Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be improved?  "
     "If so, please report an enhancement request to PyTorch.)"),
    ("torch.multinomial(torch.tensor([0., 0.]), 1)", "RuntimeError",
     "invalid multinomial distribution (sum of probabilities <= 0)"),
    ("torch.multinomial(torch.tensor([1., 1.]), 3)", "RuntimeError",
     "cannot sample n_sample > prob_dist.size(-1) samples without replacement"),
    ("torch.multinomial(torch.tensor([0.2, -1.]), 1)", "RuntimeError",
     "probability tensor contains either `inf`, `nan` or element < 0"),
    ("torch.rand(2, 3).uniform_(3, 1)", "RuntimeError",
     "uniform_ expects to return a [from, to) range, but found from=3 > to=1"),
    ("torch.empty(3).random_(5, 2)", "RuntimeError",
     "random_ expects 'from' to be less than 'to', but got from=5 >= to=2"),
    ("torch.empty(3).exponential_(-1)", "RuntimeError", "exponential_ expects lambda > 0.0, but found lambda=-1"),
    ("torch.empty(3).bernoulli_(1.5)", "RuntimeError", "bernoulli_ expects p to be in [0, 1], but got p=1.5"),
    ("torch.nn.functional.dropout(torch.ones(3), 1.5)", "ValueError",
     "dropout probability has to be between 0 and 1, but got 1.5"),
    ("torch.ones(2, requires_grad=True).uniform_()", "RuntimeError",
     "a leaf Variable that requires grad is being used in an in-place operation."),
    ("torch.manual_seed(2 ** 64)", "ValueError", "Overflow when unpacking long long"),
    ("torch.randint(0, 2 ** 70, (3,))", "ValueError", "Overflow when unpacking long long"),
    ("torch.randint(0, 2 ** 63, (2,))", "ValueError", "Overflow when unpacking long long"),
    ("torch.empty(3).random_(0, 2 ** 70)", "ValueError", "Overflow when unpacking long long"),
    ("torch.nn.init.kaiming_uniform_(torch.empty(3))", "ValueError",
     "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions"),
    ("torch.nn.init.kaiming_normal_(torch.empty(3, 2), mode='fan')", "ValueError",
     "Mode fan not supported, please use one of ['fan_in', 'fan_out']"),
    ("torch.nn.init.calculate_gain('softmax')", "ValueError", "Unsupported nonlinearity softmax"),
    ("torch.randn(2.5)", "TypeError", "randn(): argument 'size' (position 1) must be tuple of ints, not float"),
    ("torch.rand(2, 3.5)", "TypeError",
     "rand(): argument 'size' failed to unpack the object at pos 2 with error \"type must be tuple of ints,but got "
     "float\""),
    ("torch.randperm(3.0)", "TypeError", "randperm(): argument 'n' (position 1) must be int, not float"),
    ("torch.multinomial(torch.tensor([1., 2.]), 2.5)", "TypeError",
     "multinomial(): argument 'num_samples' (position 2) must be int, not float"),
    ("torch.rand_like([1, 2])", "TypeError", "rand_like(): argument 'input' (position 1) must be Tensor, not list"),
    ("torch.Generator().manual_seed('x')", "RuntimeError", "manual_seed expected a long, but got str"),
    ("torch.normal(torch.zeros(2), torch.ones(3))", "RuntimeError",
     "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0"),
    ("torch.ones(3, dtype=torch.int64).exponential_()", "RuntimeError",
     "Exponential distribution is a continuous probability distribution. dtype must be a floating point but you "
     "specified Long"),
]


@pytest.mark.parametrize("expr,kind,message", ERRORS, ids=[e[0] for e in ERRORS])
def test_errors_in_pytorch_words(expr, kind, message):
    res = run_source(f"import torch\nx = {expr}\n", "<err>")
    errors = [ev.error for ev in res.events if ev.kind == "error"]
    assert res.exit_code == 1 and errors
    assert (errors[0].kind, errors[0].message) == (kind, message)


def test_live_errors_are_pytorchs():
    torch = pytest.importorskip("torch")
    for expr, kind, message in ERRORS + [(RANDINT_CALL, "TypeError", RANDINT_MESSAGE)]:
        # the expressions above are this file's own test data
        with pytest.raises(Exception) as info:
            eval(expr, {"torch": torch})
        assert (type(info.value).__name__, str(info.value)) == (kind, message), expr


RANDINT_CALL = "torch.randint(5)"
RANDINT_MESSAGE = ("randint() received an invalid combination of arguments - got (int), but expected one of:\n"
                   + "".join(
    f" * ({head}, *, {gen}Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, "
    "torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n"
    for head in ("int high, tuple of ints size", "int low, int high, tuple of ints size")
    for gen in ("torch.Generator generator, ", "")))


def test_randint_overload_message():
    res = run_source(f"import torch\nx = {RANDINT_CALL}\n", "<err>")
    errors = [ev.error for ev in res.events if ev.kind == "error"]
    assert (errors[0].kind, errors[0].message) == ("TypeError", RANDINT_MESSAGE)


def _run(*args):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "gradcli", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)


def test_default_seed_and_seed_option(tmp_path):
    script = tmp_path / "draw.py"
    script.write_text("import torch\nprint(torch.initial_seed())\nprint(torch.rand(3).tolist())\n")
    default = _run("run", str(script), "--format", "torch")
    assert default.returncode == 0, default.stderr
    g = Generator(DEFAULT_SEED)
    assert default.stdout == f"{DEFAULT_SEED}\n{dist.uniform(g, 3, np.float32).tolist()}\n"
    seeded = _run("run", str(script), str(script), "--format", "torch", "--seed", "5")
    want = f"5\n{dist.uniform(Generator(5), 3, np.float32).tolist()}\n"
    assert seeded.stdout.startswith(want + want), seeded.stdout      # each file starts from the seed


def test_seed_option_on_formula_commands():
    out = _run("grad", "(x * torch.randn(3)).sum()", "-a", "x=[1,2,3]", "--format", "json", "--seed", "1")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    grads = json.dumps(doc)
    z = dist.normal(Generator(1), 3, np.float32)
    assert f"{float(z[0])!r}"[:6] in grads


def test_generators_seed_and_state():
    res = run_source(
        "import torch\n"
        "g = torch.Generator()\n"
        "a = g.initial_seed()\n"
        "g.manual_seed(3)\n"
        "b = torch.rand(4, generator=g)\n"
        "s = torch.get_rng_state()\n"
        "c = torch.randn(5)\n"
        "torch.set_rng_state(s)\n"
        "d = torch.randn(5)\n"
        "e = torch.seed()\n"
        "f = torch.initial_seed()\n", "<gen>")
    v = res.variables
    assert res.exit_code == 0
    assert v["a"] == 67280421310721
    assert v["b"].data.tolist() == dist.uniform(Generator(3), 4, np.float32).tolist()
    assert v["c"].data.tolist() == v["d"].data.tolist()
    assert v["e"] == v["f"] and isinstance(v["e"], int)


def test_seed_is_reproducible_between_runs():
    src = "import torch\ne = torch.seed()\nx = torch.rand(2)\n"
    a, b = run_source(src, "<a>").variables, run_source(src, "<b>").variables
    assert a["e"] == b["e"] and a["x"].data.tolist() == b["x"].data.tolist()


def test_random_grad_fns_and_zero_gradients():
    res = run_source(
        "import torch\n"
        "m = torch.zeros(3, requires_grad=True)\n"
        "a = torch.normal(m, 1.0)\n"
        "b = torch.normal(0.0, m + 1)\n"
        "c = torch.normal(m, m + 1)\n"
        "d = torch.bernoulli(m + 0.5)\n"
        "e = torch.nn.functional.dropout(m + 1, 0.5)\n"
        "f = torch.nn.functional.dropout(m, 0.5, training=False)\n"
        "(a + b + c + d).sum().backward()\n", "<grads>")
    v = res.variables
    assert res.exit_code == 0, [ev.error.message for ev in res.events if ev.kind == "error"]
    names = [v[k].grad_fn.name for k in "abcde"]
    assert names == ["NormalBackward1", "NormalBackward2", "NormalBackward3", "BernoulliBackward0", "MulBackward0"]
    assert v["f"] is v["m"]
    assert get_grad(v["m"]).data.tolist() == [0.0, 0.0, 0.0]


def test_randperm_is_a_permutation_and_fast_enough_to_vectorise_draws():
    p = dist.permutation(Generator(0), 10_000)
    assert sorted(p.tolist()) == list(range(10_000))


def test_fan_in_and_fan_out():
    from gradcli.engine.tensor import Tensor
    from gradcli.ops.nn_init import calculate_gain, fan_in_and_fan_out
    assert fan_in_and_fan_out(Tensor(np.zeros((4, 3, 2, 5)))) == (30, 40)
    assert fan_in_and_fan_out(Tensor(np.zeros((7, 2)))) == (2, 7)
    assert calculate_gain("leaky_relu", 5 ** 0.5) == (2.0 / 6) ** 0.5
    assert calculate_gain("tanh") == 5.0 / 3


def test_fma32_is_not_fooled_by_double_rounding():
    from fractions import Fraction

    from gradcli.engine.fma import fma32
    # 641 * 6700417 = 2**32 + 1: a * b = 2**-24 + 2**-56, so a * b + 1 is just
    # above the float32 midpoint 1 + 2**-24, but its float64 sum is exactly it
    a, b = np.float32(641 * 2.0 ** -20), np.float32(6700417 * 2.0 ** -36)
    assert np.float32(np.float64(a) * np.float64(b) + 1.0) == 1.0          # double rounding
    got = fma32(np.array([a, a]), np.array([b, -b]), np.array([1.0, 1.0], dtype=np.float32))
    assert got.tolist() == [1.0 + 2.0 ** -23, 1.0 - 2.0 ** -24]
    rng = np.random.default_rng(5)
    x, y, z = (rng.standard_normal(2000).astype(np.float32) for _ in range(3))
    z[::2] *= np.float32(2.0 ** -20)                    # long sums, where float64 rounds

    def nearest_float32(q: Fraction) -> float:
        f = np.float32(float(q))
        near = [f, np.nextafter(f, np.float32(np.inf)), np.nextafter(f, np.float32(-np.inf))]
        return float(min(near, key=lambda v: (abs(Fraction(float(v)) - q), int(v.view(np.int32)) & 1)))

    exact = [nearest_float32(Fraction(float(p)) * Fraction(float(q)) + Fraction(float(r)))
             for p, q, r in zip(x, y, z)]
    assert fma32(x, y, z).tolist() == exact


def test_seed_reaches_every_file_with_jobs(tmp_path):
    for name in ("a.py", "b.py"):
        (tmp_path / name).write_text("import torch\nprint(torch.randint(0, 1000, (4,)).tolist())\n")
    out = _run("run", str(tmp_path / "a.py"), str(tmp_path / "b.py"), "-j", "2", "--seed", "9", "-f", "torch")
    assert out.returncode == 0, out.stderr
    want = str(dist.random_from_to(Generator(9), 4, 1000, 0).tolist())
    assert out.stdout.splitlines()[:2] == [want, want]


def test_generator_prints_and_refuses_other_attributes(tmp_path):
    script = tmp_path / "g.py"
    script.write_text("import torch\ng = torch.manual_seed(1)\nprint(g)\nprint(type(g))\ng.foo\n")
    out = _run("run", str(script), "-f", "torch")
    assert out.returncode == 1
    assert out.stdout == "<torch._C.Generator object>\n<class 'torch._C.Generator'>\n"
    assert "AttributeError: 'torch._C.Generator' object has no attribute 'foo'" in out.stderr


def test_check_holds_random_samples_fixed(tmp_path):
    script = tmp_path / "noise.py"
    script.write_text("import torch\nm = torch.randn(3, requires_grad=True)\n"
                      "y = (torch.normal(m, 1.0) * m + torch.bernoulli(torch.sigmoid(m)) * m).sum()\n"
                      "y.backward()\n")
    out = _run("check", str(script), "-f", "torch")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "1 gradient checked (0 failed)" in out.stdout


def test_fma64_is_correctly_rounded():
    from fractions import Fraction

    from gradcli.engine.fma import fma64
    rng = np.random.default_rng(11)
    a, b = rng.standard_normal(3000), rng.standard_normal(3000)
    c = rng.standard_normal(3000) * rng.choice([1.0, 1e-12, 1e12], 3000)
    want = [float(Fraction(p) * Fraction(q) + Fraction(r)) for p, q, r in zip(a, b, c)]
    assert fma64(a, b, c).tolist() == want


def test_torch_random_module():
    res = run_source("import torch\nimport torch.random\ntorch.random.manual_seed(4)\n"
                     "a = torch.random.initial_seed()\nx = torch.rand(2)\n", "<m>")
    assert res.exit_code == 0
    assert res.variables["a"] == 4
    assert res.variables["x"].data.tolist() == dist.uniform(Generator(4), 2, np.float32).tolist()


def test_out_and_device_arguments():
    res = run_source("import torch\nt = torch.empty(3)\ntorch.manual_seed(0)\nr = torch.rand(3, out=t)\n"
                     "same = r is t\nz = torch.randn(2, device='cpu')\n", "<out>")
    assert res.exit_code == 0
    v = res.variables
    g = Generator(0)
    assert v["same"] and v["t"].data.tolist() == dist.uniform(g, 3, np.float32).tolist()
    assert v["z"].data.tolist() == dist.normal(g, 2, np.float32).tolist()
    res = run_source("import torch\nx = torch.randn(2, device='cuda')\n", "<cuda>")
    errors = [ev.error for ev in res.events if ev.kind == "error"]
    assert (errors[0].kind, errors[0].message) == ("AssertionError", "Torch not compiled with CUDA enabled")


def test_default_generator_is_the_scripts_stream():
    res = run_source("import torch\ntorch.default_generator.manual_seed(7)\n"
                     "a = torch.default_generator.initial_seed()\nx = torch.rand(2)\n"
                     "y = torch.rand(2, generator=torch.default_generator)\n", "<dg>")
    v = res.variables
    g = Generator(7)
    assert res.exit_code == 0 and v["a"] == 7
    assert v["x"].data.tolist() + v["y"].data.tolist() == dist.uniform(g, 4, np.float32).tolist()


# ***** the float32 normal kernel over its whole input domain *****

def _guarded_log(x):
    """log256_ps with every fused multiply-add through the guarded fma32."""
    from gradcli.engine import avx_normal as A
    from gradcli.engine.fma import fma32
    F = np.float32
    bits = x.view(np.int32)
    e = ((bits >> 23) - 127).astype(F) + F(1)
    m = ((bits & ~0x7F800000) | 0x3F000000).view(F)
    small = m < A.SQRTHF
    x = m - F(1)
    x += m * small
    e -= small
    z = x * x
    y = fma32(A.LOG_P[0], x, A.LOG_P[1])
    for p in A.LOG_P[2:]:
        y = fma32(y, x, p)
    y *= x
    y = fma32(y, z, e * A.LOG_Q1)
    y -= z * F(0.5)
    y += x
    return y + e * A.LOG_Q2


def _guarded_sincos(x):
    """sincos256_ps with every fused multiply-add through the guarded fma32."""
    from gradcli.engine import avx_normal as A
    from gradcli.engine.fma import fma32
    F = np.float32
    j = (x * A.FOPI).astype(np.int32)
    j = (j + 1) & ~1
    y = j.astype(F)
    sin_sign = (j & 4) << 29
    j -= 2
    cos_sign = (~j & 4) << 29
    poly = ((j >> 1) & 1) != 0
    x = x + y * A.DP1
    x += y * A.DP2
    x = fma32(y, A.DP3, x)
    z = x * x
    yc = fma32(fma32(A.COS_P[0], z, A.COS_P[1]), z, A.COS_P[2]) * z
    yc = fma32(yc, z, -(z * F(0.5))) + F(1)
    ys = fma32(fma32(A.SIN_P[0], z, A.SIN_P[1]), z, A.SIN_P[2]) * z
    ys = fma32(ys, x, x)
    s = np.where(poly, ys, yc) + F(0)             # the kernel's select adds +0
    c = np.where(poly, yc, ys) + F(0)
    s.view(np.int32)[...] ^= sin_sign
    c.view(np.int32)[...] ^= cos_sign
    return s, c


@pytest.mark.slow
def test_float32_normal_kernel_over_every_input():
    """The uniforms are multiples of 2**-24: every input of the kernel's log
    and sincos, through the fast steps and through the guarded fma32."""
    from gradcli.engine import avx_normal as A
    n, step = 1 << 24, 1 << 18
    work = A.Workspace(step)
    got_log, got_s, got_c = (np.empty(step, np.float32) for _ in range(3))
    for start in range(0, n, step):
        k = np.arange(start, start + step, dtype=np.int32)
        u1 = ((1 << 24) - k).astype(np.float32) * np.float32(2.0 ** -24)
        theta = A.TWO_PI * (k.astype(np.float32) * np.float32(2.0 ** -24))
        A.log_ps(u1.copy(), got_log, work)
        A.sincos_ps(theta.copy(), got_s, got_c, work)
        assert np.array_equal(got_log.view(np.int32), _guarded_log(u1).view(np.int32)), start
        s, c = _guarded_sincos(theta)
        assert np.array_equal(got_s.view(np.int32), s.view(np.int32)), start
        assert np.array_equal(got_c.view(np.int32), c.view(np.int32)), start


# ***** large float32 normals: runs of blocks, threads, every draw *****

LARGE = json.loads((ROOT / "tests" / "goldens" / "normal_large.json").read_text())


def _normal_digest(x: np.ndarray) -> str:
    return M.digest("float32", x.shape, x.tobytes())


@pytest.mark.parametrize("case", sorted(LARGE), ids=sorted(LARGE))
def test_large_float32_normals_match_recorded_pytorch(case, monkeypatch):
    seed, n, mean, std = case.split("/")
    want = LARGE[case]
    from gradcli.engine import avx_normal as A
    monkeypatch.setattr(A, "usable_cpus", lambda: 8)           # threads even on one CPU
    for threads in ("1", "2", "3") if int(n) < 2_000_000 else ("2",):
        monkeypatch.setenv("OMP_NUM_THREADS", threads)
        g = Generator(int(seed))
        x = dist.normal(g, int(n), np.float32, float(mean), float(std))
        assert x[:4].tolist() == want["head"] and x[-4:].tolist() == want["tail"], threads
        assert _normal_digest(x) == want["digest"], threads
        assert dist.uniform(g, 1, np.float32)[0] == np.float32(want["next"]), "the stream moved on wrongly"


def test_live_large_float32_normals_recorded():
    torch = pytest.importorskip("torch")
    seed, n = 42, 65_536 * 3 + 16 * 5 + 9
    torch.manual_seed(seed)
    want = torch.randn(n).numpy()
    assert _normal_digest(want) == LARGE[f"{seed}/{n}/0.0/1.0"]["digest"], "recorded goldens are stale"


def _draws(raw: np.ndarray):
    """A ``draw(count)`` that hands out ``raw`` in order."""
    pos = [0]

    def draw(count):
        pos[0] += count
        return raw[pos[0] - count:pos[0]]
    return draw


def test_normal_fill_the_same_in_any_runs_and_threads(monkeypatch):
    from gradcli.engine import avx_normal as A
    monkeypatch.setattr(A, "usable_cpus", lambda: 8)       # threads even on one CPU
    raw = np.random.RandomState(5).randint(0, 1 << 24, size=16 * 203, dtype=np.uint32)
    want = A.normal_fill(_draws(raw), 203)
    monkeypatch.setattr(A, "_CHUNK", 7)                 # 29 runs, the last one short
    for threads in ("1", "2", "3", "8"):
        monkeypatch.setenv("OMP_NUM_THREADS", threads)
        got = A.normal_fill(_draws(raw), 203)
        assert np.array_equal(got.view(np.int32), want.view(np.int32)), threads
    assert A.normal_fill(_draws(raw), 0).shape == (0,)
    out = np.full(16 * 203 + 5, 7.0, np.float32)
    A.normal_fill(_draws(raw), 203, out)
    assert np.array_equal(out[:-5].view(np.int32), want.view(np.int32)) and (out[-5:] == 7).all()


def test_thread_count_is_pytorchs(monkeypatch):
    """One count for every kernel that follows PyTorch's threads: the
    normal kernel's helpers and the sum's split (whose bits depend on it)."""
    import os
    from gradcli.engine import avx_normal as A, cascade as C, cpu_loop
    assert A.intra_op_threads is cpu_loop.intra_op_threads and C.threads_for is cpu_loop.threads_for
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    assert cpu_loop.intra_op_threads() == 3
    assert cpu_loop.threads_for(cpu_loop.GRAIN) == 3 and cpu_loop.threads_for(cpu_loop.GRAIN - 1) == 1
    for unset in ("", "0", "-2", "two"):
        monkeypatch.setenv("OMP_NUM_THREADS", unset)
        assert cpu_loop.intra_op_threads() == len(os.sched_getaffinity(0))


@pytest.mark.parametrize("threads, want", [("1", -993.4100952148438), ("2", -993.41015625)])
def test_sum_follows_omp_num_threads(monkeypatch, threads, want):
    """PyTorch splits a large float32 sum over its threads, so its bits
    depend on OMP_NUM_THREADS (``want``: PyTorch 2.13's sum of these values
    on 1 and on 2 threads)."""
    from gradcli.engine import cascade
    monkeypatch.setenv("OMP_NUM_THREADS", threads)
    x = np.random.default_rng(0).standard_normal((1 << 22) + 5).astype(np.float32)
    assert float(cascade.torch_sum(x)) == want


def test_normal_fill_passes_on_a_failed_draw(monkeypatch):
    from gradcli.engine import avx_normal as A
    monkeypatch.setattr(A, "usable_cpus", lambda: 8)       # threads even on one CPU
    monkeypatch.setattr(A, "_CHUNK", 4)
    monkeypatch.setenv("OMP_NUM_THREADS", "2")
    raw = np.zeros(16 * 40, np.uint32)
    draw = _draws(raw)
    calls = []

    def failing(count):
        calls.append(count)
        if len(calls) == 3:
            raise MemoryError("no room")
        return draw(count)
    with pytest.raises(MemoryError):
        A.normal_fill(failing, 40)
    # the helper threads are free again
    assert np.array_equal(A.normal_fill(_draws(raw), 40).view(np.int32),
                          A.normal_fill(_draws(raw), 40).view(np.int32))


@pytest.mark.slow
def test_float32_normal_fill_over_every_draw():
    """Every 24-bit draw through ``normal_fill`` in both halves of a block,
    against the guarded log and sincos."""
    from gradcli.engine import avx_normal as A
    F = np.float32
    step = 1 << 20
    for start in range(0, 1 << 24, step):
        k1 = np.arange(start, start + step, dtype=np.uint32)
        k2 = k1[::-1] ^ np.uint32(0x5A5A5A)             # each first half meets another second half
        raw = np.empty((step // 8, 2, 8), np.uint32)
        raw[:, 0, :] = k1.reshape(-1, 8)
        raw[:, 1, :] = k2.reshape(-1, 8)
        got = A.normal_fill(_draws(raw.ravel()), step // 8).reshape(-1, 2, 8)
        u1 = ((1 << 24) - k1.astype(np.int64)).astype(F) * F(2.0 ** -24)
        radius = np.sqrt(F(-2.0) * _guarded_log(u1))
        s, c = _guarded_sincos(A.TWO_PI * (k2.astype(F) * F(2.0 ** -24)))
        # (+ 0: the kernel's fused `* std + mean`, mean 0, makes a -0 product +0)
        assert np.array_equal(got[:, 0, :].ravel().view(np.int32), (radius * c + F(0)).view(np.int32)), start
        assert np.array_equal(got[:, 1, :].ravel().view(np.int32), (radius * s + F(0)).view(np.int32)), start


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_normal_fill_threads_in_a_forked_child(monkeypatch):
    """A batch worker forked after a large fill makes its own helpers."""
    from gradcli.engine import avx_normal as A
    monkeypatch.setattr(A, "usable_cpus", lambda: 8)       # threads even on one CPU
    monkeypatch.setenv("OMP_NUM_THREADS", "2")
    monkeypatch.setattr(A, "_CHUNK", 4)
    raw = np.random.RandomState(1).randint(0, 1 << 24, size=16 * 64, dtype=np.uint32)
    want = A.normal_fill(_draws(raw), 64)
    pid = os.fork()
    if pid == 0:                                    # the child: exit code 0 if the fill is right
        ok = np.array_equal(A.normal_fill(_draws(raw), 64).view(np.int32), want.view(np.int32))
        os._exit(0 if ok else 1)
    for _ in range(200):
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.05)
    else:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        pytest.fail("the forked child hung")
    assert os.waitstatus_to_exitcode(status) == 0


def _draw_alike(calls: list, plain: list):
    """Each of ``calls`` draws, from the same seed, what the matching call
    of ``plain`` draws: the same shape, dtype and bits."""
    src = ("import torch\nimport numpy as np\ntorch.manual_seed(3)\n"
           + "".join(f"a{i} = {c}\n" for i, c in enumerate(calls)) + "torch.manual_seed(3)\n"
           + "".join(f"b{i} = {c}\n" for i, c in enumerate(plain)))
    res = run_source(src, "<draws>")
    assert res.exit_code == 0, [ev.error.message for ev in res.events if ev.kind == "error"]
    v = res.variables
    for i, call in enumerate(calls):
        got, want = v[f"a{i}"], v[f"b{i}"]
        assert got.shape == want.shape and got.data.dtype == want.data.dtype, call
        assert got.data.tobytes() == want.data.tobytes(), call


def test_sizes_given_by_keyword_draw_the_same_numbers():
    _draw_alike(["torch.randn(size=(2, 3))", "torch.rand(size=[4])", "torch.randint(size=(5,), high=7)",
                 "torch.randint(low=2, high=9, size=(3,), dtype=torch.int32)"],
                ["torch.randn(2, 3)", "torch.rand(4)", "torch.randint(7, (5,))",
                 "torch.randint(2, 9, (3,), dtype=torch.int32)"])


def test_a_zero_radius_gives_plus_zero_as_pytorchs_fused_mean_does():
    """Seed 123's draw 1,207,482 has radius 0 (a uniform of exactly 1):
    r * sin θ is -0, and PyTorch stores r sin θ * std + mean, +0 (recorded
    from PyTorch 2.13: every one of the 1,300,000 values is equal bit for bit)."""
    g = Generator(123)
    x = dist.normal(g, 1_300_000, np.float32)
    assert x[1207482] == 0 and not np.signbit(x[1207482])
    assert not np.any((x == 0) & np.signbit(x))


@pytest.mark.parametrize("span,wide", [(10, False), (2 ** 28 - 1, False), (2 ** 28, True), (2 ** 31, True),
                                       (2 ** 40, True)])
def test_randint_draws_64_bits_from_a_span_of_2_to_the_28(span, wide):
    """PyTorch's released builds take a 64-bit draw (two 32-bit outputs, the
    first high) from a span of 2**28 on, a 32-bit one below."""
    raw = [int(v) for v in Generator(0).bits.random_raw(6)]
    want = [((raw[2 * i] << 32) | raw[2 * i + 1]) % span - 3 for i in range(3)] if wide else \
        [raw[i] % span - 3 for i in range(3)]
    assert dist.random_from_to(Generator(0), 3, span, -3).tolist() == want


def test_live_randint_wide_spans_are_pytorchs():
    torch = pytest.importorskip("torch")
    for span in (2 ** 24, 2 ** 28 - 1, 2 ** 28, 2 ** 30 + 7, 2 ** 32 - 1, 2 ** 33):
        torch.manual_seed(9)
        want = torch.randint(-4, span - 4, (7,)).tolist()
        assert dist.random_from_to(Generator(9), 7, span, -4).tolist() == want, span


def test_numpy_integers_are_sizes_and_bounds():
    _draw_alike(["torch.rand(np.int64(3))", "torch.randn(2, np.int32(3))",
                 "torch.randint(np.int64(5), (np.int64(2),))"],
                ["torch.rand(3)", "torch.randn(2, 3)", "torch.randint(5, (2,))"])

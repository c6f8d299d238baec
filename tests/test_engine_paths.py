"""The engine's fast paths give what its general paths give.

- ``record_one`` (a tensor with a Python number, unary ops) builds the same
  Node and Tensor, field by field, as ``record``;
- an operator with a Python number takes it as a cached 0-d array: numpy's
  result is bit for bit the one with the Python float;
- ``x * x`` computes ``g * x`` once: the same gradient as two products;
- gradient buffers are summed into in place only when no one else holds
  them: a user's gradient and the tensors a hook saw stay as they were;
- the float32 normal kernel's compact draws are the same stream;
- float32 ``1 - y * y`` of tanh's backward, computed in float64 and rounded
  once, is the fused multiply-add;
- ``tensor <op> constant`` and ``torch.f(x)`` call sites that go straight to
  the op give what the general path gives, errors and their positions too.
"""
from __future__ import annotations

import numpy as np
import pytest

import gradcli.ops.mathspace  # noqa: F401  (installs the rules' math namespaces)
from gradcli.engine import autograd as AG
from gradcli.engine import distributions as dist
from gradcli.engine.generator import Generator
from gradcli.engine.fma import fma32
from gradcli.engine.tensor import Tensor
from gradcli.ops import arith, cpu_kernels
from gradcli.ops.table import OPS
from gradcli.session import run_source


def _fields(obj) -> dict:
    out = {}
    for cls in type(obj).__mro__:
        for name in getattr(cls, "__slots__", ()):
            if name in ("__dict__", "__weakref__", "seq") or name in out:
                continue
            out[name] = getattr(obj, name, "<unset>")
    out.update(getattr(obj, "__dict__", {}))
    return out


def _same(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return a is b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a is b or a == b


@pytest.mark.parametrize("key,number", [("add", 1.0), ("mul", 2.5), ("div", 3), ("sub", 0.5), ("tanh", None),
                                        ("exp", None)])
@pytest.mark.parametrize("leaf", [True, False])
def test_record_one_builds_what_record_builds(key, number, leaf):
    x = Tensor(np.array([0.5, -1.5, 2.0], dtype=np.float32), True)
    a = x if leaf else arith.mul(x, 1.0)
    op = OPS[key]
    args = (a,) if number is None else (a, number)
    out = op.forward(a.data) if number is None else op.forward(a.data, float(number))
    fast = AG.record_one(op, args, out)
    slow = AG.record(op, args, {}, out)
    nf, ns = fast.grad_fn, slow.grad_fn
    assert nf is not None and type(nf) is type(ns)
    fields_f, fields_s = _fields(nf), _fields(ns)
    assert fields_f.keys() == fields_s.keys()
    for name in fields_f:
        if name == "saved":         # (counter, value, tensor): the output's counter differs by tensor
            assert [(v, t) for _, v, t in fields_f[name]] == [(v, t) for _, v, t in fields_s[name]]
            continue
        assert _same(fields_f[name], fields_s[name]), name
    tf, ts = _fields(fast), _fields(slow)
    assert tf.keys() == ts.keys()
    for name in tf:
        if name in ("grad_fn", "_vc"):
            continue
        assert _same(tf[name], ts[name]), name
    assert (fast._vc is None) == (slow._vc is None)


def test_record_one_without_grad_is_a_plain_tensor():
    x = Tensor(np.ones(3, dtype=np.float32))
    t = arith.add(x, 2)
    assert t.grad_fn is None and not t.requires_grad and t.data.tolist() == [3.0, 3.0, 3.0]


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_number_operand_gives_numpys_result(dtype):
    rng = np.random.default_rng(3)
    d = (rng.standard_normal(5000) * rng.choice([1e-3, 1.0, 1e3], 5000)).astype(dtype)
    for b in (1.0001, 0.0001, 3.0, -2.5e-7, 1e30, 123456.789, 1 / 3, 0.0, -0.0, float("inf"), float("nan")):
        z = arith.number_operand(b, d.dtype)
        with np.errstate(all="ignore"):
            for f in (np.add, np.subtract, np.multiply, np.true_divide):
                want, got = f(d, b), f(d, z)
                assert got.dtype == want.dtype
                assert np.array_equal(got.view(np.uint8), want.view(np.uint8)), (dtype, b, f)
    assert arith.number_operand(-0.0, np.dtype(np.float32)) == 0.0       # zero keeps its sign: the float itself
    assert type(arith.number_operand(-0.0, np.dtype(np.float32))) is float


def test_operators_with_numbers_keep_signed_zero_and_dtype():
    x = Tensor(np.array([-0.0, 1.0], dtype=np.float32), True)
    y = arith.add(x, -0.0)
    assert np.signbit(y.data[0]) and y.data.dtype == np.float32
    assert arith.mul(Tensor(np.array([2.0], dtype=np.float16)), 3).data.dtype == np.float16


def _grads(src, **inputs):
    """Run ``src`` with float32 inputs (lower-case names are leaves that
    require grad); their grads, and the run's result."""
    leaves = {}

    def bind(interp):
        for k, v in inputs.items():
            t = Tensor(np.array(v, dtype=np.float32), k.islower())
            interp.vars[k] = t
            if k.islower():
                leaves[k] = t
    result = run_source(src, "<test>", prepare=bind)
    assert result.exit_code == 0, result.error
    return {k: t._grad.data for k, t in leaves.items()}, result


def test_square_computes_its_gradient_once_with_the_same_bits():
    rng = np.random.default_rng(0)
    xv = rng.standard_normal((4, 5)).astype(np.float32)
    gv = rng.standard_normal((4, 5)).astype(np.float32)
    got, _ = _grads("import torch\ny = x * x\ny.backward(G)\n", x=xv, G=gv)
    want = gv * xv + gv * xv            # PyTorch: g * other + g * self, summed in the leaf's buffer
    assert np.array_equal(got["x"].view(np.uint32), want.view(np.uint32))


def test_square_live_against_pytorch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    xv = rng.standard_normal(50).astype(np.float32)
    got, _ = _grads("import torch\ny = (x * x * 3 + x / (1 + x * x)).sum()\ny.backward()\n", x=xv)
    x = torch.tensor(xv, requires_grad=True)
    (x * x * 3 + x / (1 + x * x)).sum().backward()
    assert np.array_equal(got["x"].view(np.uint32), x.grad.numpy().view(np.uint32))


def test_buffers_summed_in_place_leave_what_others_hold_alone():
    src = """import torch
seen = []
u = x * 3
u.register_hook(lambda g: seen.append(g))
w = u + x * 4 + x
w.backward(G)
v = y + y
v.backward(G)
"""
    gv = np.array([1.0, 2.0, -1.0], dtype=np.float32)
    got, result = _grads(src, x=[1.0, 2.0, 3.0], y=[0.5, 0.5, 0.5], G=gv)
    assert result.variables["G"].data.tolist() == [1.0, 2.0, -1.0]       # the user's gradient is untouched
    assert result.variables["seen"][0].data.tolist() == [1.0, 2.0, -1.0]  # what the hook saw, too
    assert got["x"].tolist() == (gv * 3 + gv * 4 + gv).tolist()
    assert got["y"].tolist() == (gv + gv).tolist()


def test_compact_draws_are_the_same_stream():
    a, b = Generator(7), Generator(7)
    a.u32(100)
    b.u32(100)
    assert np.array_equal(dist.u32_compact(a, 10_000), b.u32(10_000))
    assert np.array_equal(a.u32(5), b.u32(5))


def _float32_sample():
    """Every float32 in [2**-13, 2**-12) (where ``1 - y * y`` is inexact in
    float64, the only place a double rounding could occur, and ``y * y``
    nears float32's last bit of 1), both signs, the edges of [-1, 1], and
    random bit patterns of every exponent."""
    lo = int(np.float32(2.0 ** -13).view(np.uint32))
    hi = int(np.float32(2.0 ** -12).view(np.uint32))
    dense = np.arange(lo, hi, dtype=np.uint32)
    rng = np.random.default_rng(3)
    spread = rng.integers(0, 1 << 32, 1 << 20, dtype=np.uint64).astype(np.uint32)
    edges = np.array([0.0, 1.0, -1.0, 0.5, np.nextafter(np.float32(1), np.float32(0)), np.inf, np.nan],
                     dtype=np.float32).view(np.uint32)
    bits = np.concatenate([dense, dense[::7] | np.uint32(1 << 31), spread, edges])
    return bits.view(np.float32)


def test_tanh_backward_float32_is_the_fused_multiply_add():
    y = _float32_sample()
    g = np.ones_like(y)
    with np.errstate(all="ignore"):
        want = fma32(-y, y, np.float32(1))
        for v in (np.float32(0.75), y[:1].reshape(())):               # 0-d arrays too
            got0 = cpu_kernels.tanh_backward(np.ones((), np.float32), np.asarray(v))
            assert np.float32(got0).view(np.uint32) == fma32(-v, v, np.float32(1)).view(np.uint32)
        small = np.concatenate([cpu_kernels.tanh_backward(g[i:i + 4], y[i:i + 4]) for i in range(0, 4096, 4)])
        assert np.array_equal(small.view(np.uint32), want[:4096].view(np.uint32))
        for size in (cpu_kernels.FMA32_SMALL, y.size):          # the small path at its edge, the blocks
            got = np.concatenate([cpu_kernels.tanh_backward(g[i:i + size], y[i:i + size])
                                  for i in range(0, y.size, size)])
            same = (got.view(np.uint32) == want.view(np.uint32)) | (np.isnan(got) & np.isnan(want))
            assert same.all(), y[~same][:5]


@pytest.mark.parametrize("src, want", [
    ("y = x + 2", [3.0, 4.0]), ("y = x - 2", [-1.0, 0.0]), ("y = x * 2", [2.0, 4.0]),
    ("y = x / 2", [0.5, 1.0]), ("y = k + 2", [3, 4]), ("y = k / 2", [0.5, 1.0]),
    ("y = 3 + 2", 5), ("y = 3 / 2", 1.5), ("y = 3.0 * 2", 6.0), ("y = [1, 2] + 2", None),
])
def test_operators_with_a_constant(src, want):
    result = run_source("import torch\nx = torch.tensor([1.0, 2.0])\nk = torch.tensor([1, 2])\n" + src + "\n")
    if want is None:
        assert result.exit_code != 0 and result.error.kind == "TypeError"
        assert str(result.error) == "unsupported operand type(s) for +: 'list' and 'int'"
        return
    assert result.exit_code == 0, result.error
    y = result.variables["y"]
    assert (y.data.tolist() if isinstance(y, Tensor) else y) == want
    if isinstance(y, Tensor):
        assert y.data.dtype == (np.float32 if "x" in src or "/" in src else np.int64)


def test_unary_call_site_takes_every_kind_of_argument():
    src = """import torch
out = []
for v in [torch.tensor([0.5]), torch.tensor([1, 2]), [0.25], torch.tensor([2.0], dtype=torch.float64)]:
    out.append(torch.tanh(v))
"""
    result = run_source(src)
    assert result.exit_code == 0, result.error
    got = result.variables["out"]
    assert [t.data.dtype for t in got] == [np.float32, np.float32, np.float32, np.float64]
    assert got[1].data.tolist() == np.tanh(np.array([1.0, 2.0])).astype(np.float32).tolist()


@pytest.mark.parametrize("expr", ["torch.tanh(v)", "torch.exp(v)", "v * 2.5", "v / 2", "v - 1"])
@pytest.mark.parametrize("bad", ["'a'", "None", "[1, 'b']"])
def test_fast_call_sites_keep_errors_and_positions(expr, bad):
    """A bad value at a call site that has run the fast path before gives
    the error, and position, of the same site's first run."""
    first = run_source(f"import torch\nfor v in [{bad}]:\n    y = {expr}\n")
    later = run_source(f"import torch\nfor v in [torch.tensor([0.5]), {bad}]:\n    y = {expr}\n")
    assert first.error is not None and later.error is not None
    assert (later.error.kind, str(later.error)) == (first.error.kind, str(first.error))
    assert later.error.span == first.error.span and first.error.span.line == 3

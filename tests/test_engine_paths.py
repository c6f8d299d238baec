"""The engine's fast paths give what its general paths give.

- ``record_one`` (a tensor with a Python number, unary ops) builds the same
  Node and Tensor, field by field, as ``record``;
- an operator with a Python number takes it as a cached 0-d array: numpy's
  result is bit for bit the one with the Python float;
- ``x * x`` computes ``g * x`` once: the same gradient as two products;
- gradient buffers are summed into in place only when no one else holds
  them: a user's gradient and the tensors a hook saw stay as they were
  (``x * x`` on large tensors doubles its one buffer in place);
- ``exp(x).sum()`` hands the exp's output on as the gradient only when no
  tensor holds it: a hook that writes into its gradient leaves ``e`` alone;
- a product's rule writes into an input's memory only when nothing else
  holds that input and the pass drops it (no retain_graph): a tensor a
  script kept, a view of it or its detached twin keep their values, and
  the gradients are those of a retained graph (which lends nothing); the
  last rule of a node (input 0's product or quotient) may write into the
  incoming gradient when the pass alone holds it (not what a hook kept);
- the float32 tanh backward (small arrays, and the fused loop of large
  ones) gives the ``fma32`` formula's bits (and PyTorch's), and no float32
  input needs the tie check it leaves out;
- the float32 normal kernel's compact draws are the same stream, and so
  are long runs of draws (numpy's bounded randint) and short ones (its raw
  draws);
- the fused dot products down a dim (softmax's gradient over a dim that is
  not the last) give ``fma32``'s bits step by step, ties and specials too;
- a backward pass lets go of each large intermediate as soon as it is done
  with it: the peak memory of an elementwise loss is six of its arrays
  (the two leaves' copies among them);
- ``tensor <op> constant`` and ``torch.f(x)`` call sites that go straight to
  the op give what the general path gives, errors and their positions too.
"""
from __future__ import annotations

import numpy as np
import pytest

import gradcli.ops.mathspace  # noqa: F401  (installs the rules' math namespaces)
from gradcli.engine import autograd as AG
from gradcli.engine import distributions as dist
from gradcli.engine import fma
from gradcli.engine.generator import Generator
from gradcli.engine.fma import fma32
from gradcli.engine.tensor import Tensor
from gradcli.ops import arith, cpu_kernels
from gradcli.ops.table import OPS
from gradcli.session import run_source
from inprocess import run_with_leaves


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


def _node_of(src):
    r = run_source("import torch\n" + src, "<test>")
    assert r.exit_code == 0, r.error
    return r.variables["y"].grad_fn


@pytest.mark.parametrize("src,inline", [
    ("x = torch.ones(3, requires_grad=True)\ny = x + 1", True),                 # record_one
    ("x = torch.ones(3, requires_grad=True)\ny = torch.tanh(x)", True),
    ("x = torch.ones(3, requires_grad=True)\nc = torch.ones(2, 3)\ny = x + c", True),   # record, other without grad
    ("x = torch.ones(3, requires_grad=True)\nc = torch.ones(3, requires_grad=True)\ny = x * c", False),
    ("x = torch.ones(3, requires_grad=True)\nc = torch.ones(3)\ny = c * x", False),   # the first input wants none
    ("x = torch.ones(2, 3, requires_grad=True)\ny = x.sum(0)", False),          # attrs
    ("x = torch.ones(3, requires_grad=True)\ny = x.double() * 2", True),
    ("x = torch.ones(1000, 1000, requires_grad=True)\ny = torch.exp(x)", False),  # large: released
])
def test_which_nodes_backward_runs_inline(src, inline):
    """Node.inline: one input wanting a gradient, the first, in its compute
    dtype, no attrs, nothing large (run_backward runs its rule inline)."""
    assert _node_of(src).inline is inline


def test_inline_nodes_keep_hooks_retain_grad_node_hooks_and_inputs():
    """Chains of inline nodes still run tensor hooks, fill retained grads,
    call grad_fn hooks, stop at backward's inputs= and autograd.grad's
    inputs, as PyTorch does (PyTorch 2.13 prints these values)."""
    src = """import torch
x = torch.tensor([1.0, 2.0], requires_grad=True)
a = x + 1
a.retain_grad()
b = a * 3.0
b.register_hook(lambda g: g * 10)
c = b - 2
seen = []
c.grad_fn.register_prehook(lambda go: seen.append(go[0].tolist()))
b.grad_fn.register_hook(lambda gi, go: seen.append(gi[0].tolist()))
y = (c / 4).sum()
y.backward(retain_graph=True)
first = x.grad.tolist()
x.grad = None
y.backward(inputs=[a], retain_graph=True)
(gb,) = torch.autograd.grad(y, [b])
"""
    r = run_source(src, "<test>")
    assert r.exit_code == 0, r.error
    v = r.variables
    assert v["first"] == [7.5, 7.5]                        # 1/4 * 10 * 3
    assert v["a"]._grad.data.tolist() == [15.0, 15.0]      # 7.5 retained, then 7.5 again (inputs=[a])
    assert v["x"]._grad is None
    assert v["gb"].data.tolist() == [2.5, 2.5]             # b's hook runs before autograd.grad takes it
    assert v["seen"] == [[0.25, 0.25], [7.5, 7.5], [0.25, 0.25], [7.5, 7.5], [0.25, 0.25]]


def test_a_loop_of_one_statement_counts_steps_as_a_block_does():
    one = run_source("for i in range(100):\n    x = i\n", "<t>", max_steps=50)
    two = run_source("for i in range(100):\n    x = i\n    y = i\n", "<t>", max_steps=50)
    # 1 for the loop statement, then 2 per iteration (3 with two statements)
    assert one.error.kind == two.error.kind == "LimitError"
    assert (one.variables["i"], one.variables["x"]) == (24, 23)
    assert (two.variables["i"], two.variables["x"], two.variables["y"]) == (16, 15, 15)
    assert one.error.span.line == two.error.span.line == 2


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
    leaves, result = run_with_leaves(src, **inputs)
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


LARGE = (300, 300)          # above the engine's RELEASE_MIN: the large-tensor paths


def test_square_of_a_large_tensor_doubles_its_buffer_with_the_same_bits():
    rng = np.random.default_rng(4)
    xv = rng.standard_normal(LARGE).astype(np.float32)
    gv = rng.standard_normal(LARGE).astype(np.float32)
    got, _ = _grads("import torch\ny = x * x\ny.backward(G)\n", x=xv, G=gv)
    assert np.array_equal(got["x"].view(np.uint32), (gv * xv + gv * xv).view(np.uint32))


def test_square_leaves_the_gradients_a_node_hook_kept_alone():
    src = """import torch
seen = []
y = x * x
h = y.grad_fn.register_hook(lambda gi, go: seen.append(gi))
y.backward(G)
"""
    rng = np.random.default_rng(5)
    xv = rng.standard_normal(LARGE).astype(np.float32)
    gv = rng.standard_normal(LARGE).astype(np.float32)
    got, result = _grads(src, x=xv, G=gv)
    kept = result.variables["seen"][0]
    assert np.array_equal(kept[0].data, gv * xv) and np.array_equal(kept[1].data, gv * xv)
    assert np.array_equal(got["x"], gv * xv + gv * xv)


EXP_SUM_SCRIPTS = {
    "output dropped": "import torch\ny = torch.exp(x).sum()\ny.backward()\n",
    "output held": "import torch\ne = torch.exp(x)\ny = e.sum()\ny.backward()\n",
    "graph retained": "import torch\ny = torch.exp(x).sum()\ny.backward(retain_graph=True)\ny.backward()\n",
    "hook writes": "import torch\nu = x * 1.0\ne = torch.exp(u)\nu.register_hook(lambda g: g.mul_(0.0))\n"
                   "e.sum().backward()\n",
}


@pytest.mark.parametrize("case", EXP_SUM_SCRIPTS)
def test_exp_of_a_sum_gives_its_output_as_the_gradient_without_aliasing(case):
    rng = np.random.default_rng(6)
    xv = (rng.standard_normal(LARGE) * 3).astype(np.float32)
    got, result = _grads(EXP_SUM_SCRIPTS[case], x=xv)
    e = OPS["exp"].forward(xv)
    if case == "hook writes":        # the hook zeroed its own gradient, not the output it came from
        assert np.array_equal(result.variables["e"].data, e) and not got["x"].any()
        return
    want = e + e if case == "graph retained" else e
    assert np.array_equal(got["x"].view(np.uint32), want.view(np.uint32))
    if case == "output held":
        assert not np.shares_memory(got["x"], result.variables["e"].data)


SPARE_SCRIPTS = {
    "dropped": "import torch\ny = torch.sin(A) * b\ny.backward(G)\n",
    "kept": "import torch\ns = torch.sin(A)\ny = s * b\ny.backward(G)\n",
    "view kept": "import torch\ns = torch.sin(A)\nv = s.view(-1)\ny = s * b\ns = None\ny.backward(G)\n",
    "detached kept": "import torch\ns = torch.sin(A)\nd = s.detach()\ny = s * b\ns = None\ny.backward(G)\n",
    "in a list": "import torch\nkeep = [torch.sin(A)]\ny = keep[0] * b\ny.backward(G)\n",
    "graph retained": "import torch\ny = torch.sin(A) * b\ny.backward(G, retain_graph=True)\ny.backward(G)\n",
}


@pytest.mark.parametrize("case", SPARE_SCRIPTS)
def test_product_writes_into_an_input_only_when_no_one_else_holds_it(case):
    rng = np.random.default_rng(8)
    av, bv, gv = (rng.standard_normal(LARGE).astype(np.float32) for _ in range(3))
    src = SPARE_SCRIPTS[case].replace("torch.sin(A)", "torch.sin(a * 1.0)")
    got, result = _grads(src, a=av, b=bv, G=gv)
    s = OPS["sin"].forward(av)
    want_b, want_a = gv * s, gv * bv * OPS["cos"].forward(av)
    if case == "graph retained":
        want_b, want_a = want_b + want_b, want_a + want_a
    assert np.array_equal(got["b"].view(np.uint32), want_b.view(np.uint32))
    assert np.array_equal(got["a"].view(np.uint32), want_a.view(np.uint32))
    held = {"kept": lambda v: v["s"].data, "view kept": lambda v: v["v"].data.reshape(LARGE),
            "detached kept": lambda v: v["d"].data,
            "in a list": lambda v: v["keep"][0].data}.get(case)
    if held is not None:
        assert np.array_equal(held(result.variables), s)


LENDING_SCRIPTS = {
    "quotient": "y = a / (b * b + 1.0)\n",
    "quotient kept": "q = b * b + 1.0\ny = a / q\n",
    "elementwise row": "y = torch.exp(torch.sin(a) * b + a / (1 + b * b))\n",
    "products": "y = (a * 2.0) * (b * 3.0) * (a * b)\n",
    "one rule": "y = ((a * 2.0) * B) / (C * 3.0) + b\n",
    "gradient kept by a hook": "w = b * b\nseen = []\nh = w.register_hook(lambda g: seen.append(g))\n"
                               "y = a / (w + 1.0)\n",
    "product into the gradient": "y = torch.exp(torch.sin(a) * b)\n",
    "quotient into the gradient": "q = b * b + 1.0\ny = torch.exp(a / q)\n",
    "incoming gradient kept by a hook": "p = torch.sin(a) * b\nseen = []\nh = p.register_hook(lambda g: seen.append(g))\n"
                                        "y = torch.exp(p)\n",
    "incoming gradient kept by a node hook": "p = torch.sin(a) * b\nseen = []\n"
                                             "h = p.grad_fn.register_prehook(lambda go: seen.append(go[0]))\n"
                                             "y = torch.exp(p)\n",
}


@pytest.mark.parametrize("case", LENDING_SCRIPTS)
def test_lent_inputs_give_the_gradients_of_a_retained_graph(case):
    """A retained graph lends no memory: the same gradients bit for bit."""
    rng = np.random.default_rng(9)
    av, bv, gv = (rng.standard_normal(LARGE).astype(np.float32) for _ in range(3))
    body = "import torch\n" + LENDING_SCRIPTS[case]
    others = {"B": bv + np.float32(0.5), "C": av - np.float32(2.5)}
    lent, result = _grads(body + "y.backward(G)\n", a=av, b=bv, G=gv, **others)
    kept, retained = _grads(body + "y.backward(G, retain_graph=True)\n", a=av, b=bv, G=gv, **others)
    for k in lent:
        assert np.array_equal(lent[k].view(np.uint32), kept[k].view(np.uint32)), k
    if "seen" in result.variables:
        assert np.array_equal(result.variables["seen"][0].data, retained.variables["seen"][0].data)
    if case in ("quotient kept", "quotient into the gradient"):
        assert np.array_equal(result.variables["q"].data, bv * bv + np.float32(1.0))


def _tanh_backward_inputs(n, rng):
    y = np.tanh(rng.standard_normal(n).astype(np.float32) * np.float32(2))
    specials = [0.0, -0.0, 1.0, -1.0, np.nan, -np.nan, np.inf, -np.inf, 1e-30, -1e-38, 0.5, 2.0 ** -13, 1.5]
    y[:len(specials)] = specials
    y[20:40] = (rng.standard_normal(20) * 2.0 ** -10).astype(np.float32)
    return rng.standard_normal(n).astype(np.float32), y


@pytest.mark.parametrize("n", [cpu_kernels.FUSED_MIN + 1, 3 * (1 << 15) + 7, 512 * 1024, 2 * fma._SQUARE_BLOCK + 7])
def test_fused_tanh_backward_gives_the_fma_formulas_bits(n):
    g, y = _tanh_backward_inputs(n, np.random.default_rng(n))
    want = g * fma.fma32(-y, y, np.float32(1))
    got = cpu_kernels.tanh_backward(g, y)
    # NOTE: a NaN's sign is numpy's loop's choice there; the fused loop keeps PyTorch's (the live test)
    nan = np.isnan(y)
    assert got.dtype == np.float32 and np.array_equal(np.isnan(got), nan)
    assert np.array_equal(got[~nan].view(np.uint32), want[~nan].view(np.uint32))


def test_no_float32_input_puts_one_minus_its_square_on_a_float32_tie():
    """Why the fused tanh backward needs no tie check: every float32 y with
    2**-16 <= |y| < 2**-3 (the sign does not change y * y), the only ones
    whose float64 1 - y * y is rounded at all and could be a double
    rounding. The search itself finds ties where 1 - y * y is exact."""
    def bits(v):
        return int(np.array(v, dtype=np.float32).view(np.int32))
    assert fma.one_minus_square_ties(bits(2.0 ** -16), bits(2.0 ** -3)).size == 0
    exact_tie = np.float32(5793 * 2.0 ** -13)      # 1 - y * y = 33550015 * 2**-26: 25 bits, odd
    assert exact_tie in fma.one_minus_square_ties(bits(exact_tie), bits(exact_tie) + 1)


def test_fused_tanh_backward_live_against_pytorch():
    torch = pytest.importorskip("torch")
    g, y = _tanh_backward_inputs(300_001, np.random.default_rng(7))
    want = torch.ops.aten.tanh_backward(torch.from_numpy(g), torch.from_numpy(y)).numpy()
    got = cpu_kernels.tanh_backward(g, y)
    assert np.array_equal(got.view(np.uint32), want.view(np.uint32))


def test_compact_draws_are_the_same_stream():
    a, b = Generator(7), Generator(7)
    a.u32(100)
    b.u32(100)
    assert np.array_equal(dist.u32_compact(a, 10_000), b.u32(10_000))
    assert np.array_equal(a.u32(5), b.u32(5))


@pytest.mark.parametrize("n", [1, 5, 4095, 4096, 10_000])
def test_long_and_short_runs_of_draws_are_one_stream(n):
    gen, raw = Generator(11), np.random.MT19937()
    raw.state = gen.bits.state
    assert np.array_equal(gen.u32(n), raw.random_raw(n))
    pairs = raw.random_raw(2 * n)
    want64 = (pairs[0::2] << np.uint64(32)) | pairs[1::2]
    assert np.array_equal(gen.u64(n), want64)
    assert np.array_equal(gen.low_bits(n, 24), (raw.random_raw(n) & np.uint64((1 << 24) - 1)).astype(np.uint32))
    pairs = raw.random_raw(2 * n)
    want53 = ((pairs[0::2] << np.uint64(32)) | pairs[1::2]) & np.uint64((1 << 53) - 1)
    assert np.array_equal(gen.low_bits64(n, 53), want53)
    u = dist.unit_float64(gen, n)
    pairs = raw.random_raw(2 * n)
    assert np.array_equal(u, (((pairs[0::2] << np.uint64(32)) | pairs[1::2]) >> np.uint64(0)
                              & np.uint64((1 << 53) - 1)).astype(np.float64) * 2.0 ** -53)
    assert np.array_equal(dist.unit_float32(gen, n),
                          (raw.random_raw(n) & np.uint64((1 << 24) - 1)).astype(np.float32) * np.float32(2.0 ** -24))
    assert gen.bits.state["state"]["pos"] == raw.state["state"]["pos"]


def _dot_down_case(kind, k, n, rng):
    if kind == "normal":
        return rng.standard_normal((k, n)).astype(np.float32), rng.random((k, n)).astype(np.float32)
    if kind == "ties":          # sums that land on float32 ties: 1 + a few 2**-24
        return (np.ones((k, n), np.float32),
                (rng.integers(0, 3, (k, n)) * 2.0 ** -24 + (rng.random((k, n)) < 0.5)).astype(np.float32))
    if kind == "powers":        # small integers times powers of two
        return ((rng.integers(-8, 8, (k, n)) * 2.0 ** rng.integers(-30, 5, (k, n))).astype(np.float32),
                (rng.integers(1, 4, (k, n)) * 2.0 ** rng.integers(-30, 5, (k, n))).astype(np.float32))
    x = (rng.standard_normal((k, n)) * 1e30).astype(np.float32)        # overflow, inf, nan
    x.flat[rng.integers(0, x.size, 3)] = [np.inf, -np.inf, np.nan]
    return x, (rng.standard_normal((k, n)) * 1e10).astype(np.float32)


@pytest.mark.parametrize("kind", ["normal", "ties", "powers", "specials"])
@pytest.mark.parametrize("k, n", [(1, 1), (7, 3), (300, 2), (2000, 1), (50, 40), (5000, 9)])
def test_fused_dot_down_is_fma32_step_by_step(kind, k, n):
    x, y = _dot_down_case(kind, k, n, np.random.default_rng(k * 100 + n))
    want = np.zeros(n, np.float32)
    with np.errstate(all="ignore"):
        for t in range(k):
            want = fma32(x[t], y[t], want)
        got = fma.fused_dot_down(x, y)
    assert np.array_equal(np.isnan(got), np.isnan(want))
    assert np.array_equal(np.where(np.isnan(got), 0, got).view(np.int32), np.where(np.isnan(want), 0, want).view(np.int32))


# NOTE: numpy's vector loops keep the first operand's NaN; the scalar tails
# of its longer loops may not, so this checks short rows only
@pytest.mark.parametrize("n", [1, 3])
def test_fused_dot_down_keeps_the_products_nan_sign_where_nans_meet(n):
    x = np.array([[np.nan] * n, [1] * n], np.float32)
    y = np.array([[1] * n, [-np.nan] * n], np.float32)
    # the second step's product is -NaN, its running sum +NaN: the product's wins (PyTorch's too)
    with np.errstate(all="ignore"):
        got = fma.fused_dot_down(x, y)
    assert got.view(np.uint32).tolist() == [0xFFC00000] * n


def test_backward_frees_large_intermediates_as_it_goes():
    import tracemalloc
    rng = np.random.default_rng(0)
    a, b = (rng.standard_normal((600, 600)).astype(np.float32) for _ in range(2))
    src = "import torch\nloss = torch.exp(torch.sin(a) * b + a / (1 + b * b)).sum()\nloss.backward()\n"
    run_with_leaves(src, a=a, b=b)                     # warm: caches and imports
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        run_with_leaves(src, a=a, b=b)
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    # the two leaves' copies and four arrays of the pass; one more is a leak
    assert peak <= 6.5 * a.nbytes, peak / a.nbytes


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
        for size in (cpu_kernels.FUSED_MIN, y.size):          # the small path at its edge, the blocks
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
        assert str(result.error) == 'can only concatenate list (not "int") to list'
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


def test_constant_operator_reads_names_from_every_scope():
    src = """import torch
k = torch.tensor([1.0])
def f(a):
    return k + 1, a * 2, [j - 1 for j in [a]][0]
y = f(torch.tensor([3.0]))
"""
    result = run_source(src)
    assert result.exit_code == 0, result.error
    assert [t.data.tolist() for t in result.variables["y"]] == [[2.0], [6.0], [2.0]]
    missing = run_source("import torch\ndef f():\n    return q + 1\ny = f()\n")
    plain = run_source("import torch\ndef f():\n    return q\ny = f()\n")
    assert missing.error.kind == plain.error.kind == "NameError"
    assert str(missing.error) == str(plain.error)
    assert (missing.error.span.line, missing.error.span.column) == (3, 12)


def test_unary_call_site_reads_its_argument_from_every_scope():
    src = """import torch
k = torch.tensor([0.5])
def f():
    return [torch.tanh(k) for i in range(2)][1]
y = f()
"""
    result = run_source(src)
    assert result.exit_code == 0, result.error
    assert result.variables["y"].data.tolist() == np.tanh(np.array([0.5], np.float32).astype(np.float64)).astype(
        np.float32).tolist()
    # the second time round the site is known and `q` is gone
    missing = run_source("import torch\nq = k = torch.ones(1)\nfor i in range(2):\n    y = torch.tanh(q)\n"
                         "    z = k + 1\n    del q, k\n")
    plain = run_source("import torch\nfor i in range(2):\n    y = q\n")
    assert str(missing.error) == str(plain.error) and missing.error.kind == "NameError"
    assert (missing.error.span.line, missing.error.span.column) == (4, 20)
    assert missing.variables["i"] == 1


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_product_and_quotient_by_a_python_float_keep_numpys_bits(dtype):
    from gradcli.ops.mathspace import NumpyMath
    m = NumpyMath()
    g = np.random.default_rng(5).standard_normal(1000).astype(dtype)
    for b in (1.0001, -3.7, 1e-30, 0.0, -0.0, float("inf"), 1e300):
        with np.errstate(all="ignore"):
            for got, want in ((m.product(g, b), g * b), (m.quotient(g, b), g / b)):
                assert got.dtype == want.dtype
                assert np.array_equal(got.view(np.uint8), want.view(np.uint8)), (dtype, b)


OWNED_SCRIPTS = {       # script, {leaf: whether its gradient is the rule's own array, uncopied}
    "fresh gradients": ("y = a * 3.0 + torch.sin(b)\ny.backward(G)\n", {"a": True, "b": True}),
    "one gradient to two leaves": ("y = (a + b) * 2.0\ny.backward(G)\n", {"a": False, "b": True}),
    "the user's gradient": ("y = a + b\ny.backward(G)\n", {"b": False, "a": False}),
    "a hook's gradient": ("seen = []\nh = a.register_hook(lambda g: seen.append(g))\ny = a * 3.0 + b * 2.0\n"
                          "y.backward(G)\n", {"b": True, "a": False}),
}


@pytest.mark.parametrize("case", OWNED_SCRIPTS)
def test_a_leaf_keeps_a_fresh_gradient_uncopied_and_copies_a_shared_one(case, monkeypatch):
    src, want = OWNED_SCRIPTS[case]
    calls = []
    accumulate = AG._accumulate

    def spy(t, g, create_graph, owned=False):
        calls.append((t, owned))
        return accumulate(t, g, create_graph, owned)
    monkeypatch.setattr(AG, "_accumulate", spy)
    rng = np.random.default_rng(10)
    av, bv, gv = (rng.standard_normal(LARGE).astype(np.float32) for _ in range(3))
    got, result = _grads("import torch\n" + src, a=av, b=bv, G=gv)
    names = {id(t): k for k, t in result.variables.items() if type(t) is Tensor}
    assert {names[id(t)]: owned for t, owned in calls} == want
    assert np.array_equal(result.variables["G"].data, gv)           # the user's gradient is untouched
    for k in got:
        assert not np.shares_memory(got[k], result.variables["G"].data), k
    if len(got) == 2:
        assert not np.shares_memory(got["a"], got["b"])
    if "seen" in result.variables:
        assert not np.shares_memory(got["a"], result.variables["seen"][0].data)

"""Random programs over SPEC §3.6, compared with live PyTorch.

A hypothesis strategy builds scripts of 2-8 ops over leaves of broadcasting
shapes: every intermediate is printed, the sum of the last one is
backpropagated and every leaf's .grad printed. Each script runs in PyTorch
(in this process, with ``exec``; this test only) and in gradcli
(``run_source``, rendered as ``--format torch``); stdout must be the same
byte for byte for >= 99% of 500 programs, the rest listed as known gaps.
"""
from __future__ import annotations

import contextlib
import io
import re

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from gradcli.render.torch_out import TorchText  # noqa: E402
from gradcli.session import run_source  # noqa: E402

N_PROGRAMS = 500
TARGET = 0.99
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+>")       # gradcli prints grad_fn objects without it
# Known gaps (the last printed digit of a float32 result): GELU's gradient
# where Phi(x) and x*phi(x) nearly cancel (x = -0.75) amplifies PyTorch's
# vectorised erf, which is not correctly rounded; gradcli's is.

# ops on one value (x); safe on any real input
UNARY = ["torch.exp({x} * 0.5)", "torch.tanh({x})", "torch.sigmoid({x})", "torch.sin({x})", "{x}.cos()",
         "torch.relu({x})", "{x}.abs()", "torch.square({x})", "-{x}", "F.softplus({x})", "F.gelu({x})",
         "F.silu({x})", "F.leaky_relu({x}, 0.1)", "F.elu({x})", "torch.atan({x})", "torch.log1p({x}.abs())",
         "torch.sqrt({x}.abs() + 1)", "{x}.clamp(-1, 1)", "torch.clip({x}, min=-0.5)", "{x} * 2 - 1",
         "{x} ** 2", "torch.rsqrt({x} * {x} + 1)", "torch.erf({x})", "F.hardtanh({x})", "torch.expm1({x} * 0.5)",
         "{x}.sinh()", "torch.exp2({x})", "1 / ({x} * {x} + 1)", "torch.log({x}.exp() + 1)", "{x}.frac()"]
# ops on two values (x, y) of broadcasting shapes
BINARY = ["{x} + {y}", "{x} - {y}", "{x} * {y}", "{x} / ({y} * {y} + 1)", "torch.maximum({x}, {y})",
          "torch.minimum({x}, {y})", "torch.atan2({x}, {y} * {y} + 1)", "torch.lerp({x}, {y}, 0.25)",
          "torch.add({x}, {y}, alpha=2)", "torch.sub({x}, {y})", "torch.mul({x}, {y})", "{x}.clamp(min={y})",
          "torch.where({x} > {y}, {x}, {y})", "F.mse_loss({x}, {y} + 0 * {x}, reduction='none')"]
# ops that change the shape of one 2-D value
SHAPED = ["{x}.sum(0)", "{x}.sum(-1, keepdim=True)", "{x}.mean(1)", "torch.logsumexp({x}, 1)",
          "F.softmax({x}, 1)", "torch.log_softmax({x}, 0)", "{x}.cumsum(1)", "{x}.t()", "{x}.flip(0)",
          "{x}.unsqueeze(0)", "{x}.reshape(-1)", "{x}.amax(1)", "{x}.prod(1)", "{x}.norm()", "{x}.std(1)",
          "{x}.var(0)", "{x}.roll(1, 1)", "{x}.tril()", "F.normalize({x})", "{x}.repeat(2, 1)",
          "{x}.max()", "{x}.min(1).values", "{x}[0]", "{x}[:, 1:]", "{x}.cumprod(0)", "{x} @ {x}.t()",
          "torch.cat([{x}, {x} * 2], 0)", "torch.stack([{x}, -{x}])", "{x}.split(1, 1)[0]", "{x}.chunk(2)[0]",
          "{x}.narrow(1, 0, 1)", "F.cross_entropy({x}, torch.tensor([0] * {x}.shape[0]))",
          "F.mse_loss({x}, {x} * 0.5)", "F.l1_loss({x}, {x}.flip(0))", "F.huber_loss({x}, {x} * 0 + 0.5)",
          "F.binary_cross_entropy_with_logits({x}, torch.sigmoid({x}).detach())", "{x}.expand(2, 2, -1)"]
SHAPES = [(2, 3), (1, 3), (2, 1), (3,), ()]


def values(shape, draw):
    n = 1
    for s in shape:
        n *= s
    flat = [draw(st.sampled_from([-1.5, -1.0, -0.75, -0.5, -0.25, 0.25, 0.5, 1.0, 1.25, 2.0])) for _ in range(n)]

    def nest(items, dims):
        if not dims:
            return repr(items[0])
        step = len(items) // dims[0]
        return "[" + ", ".join(nest(items[i * step:(i + 1) * step], dims[1:]) for i in range(dims[0])) + "]"
    return nest(flat, list(shape))


@st.composite
def programs(draw):
    lines = ["import torch", "import torch.nn.functional as F"]
    n_leaves = draw(st.integers(1, 3))
    leaves = []
    for i in range(n_leaves):
        shape = draw(st.sampled_from(SHAPES))
        name = "abc"[i]
        lines.append(f"{name} = torch.tensor({values(shape, draw)}, requires_grad=True)")
        leaves.append((name, shape))
    vars_ = list(leaves)
    for k in range(draw(st.integers(2, 8))):
        name, shape = draw(st.sampled_from(vars_))
        kind = draw(st.sampled_from(["unary", "binary", "shaped"] if len(shape) == 2 else ["unary", "binary"]))
        if kind == "unary":
            expr, out_shape = draw(st.sampled_from(UNARY)).format(x=name), shape
        elif kind == "binary":
            other, oshape = draw(st.sampled_from(vars_))
            try:
                out_shape = _broadcast(shape, oshape)
            except ValueError:
                expr, out_shape = draw(st.sampled_from(UNARY)).format(x=name), shape
            else:
                expr = draw(st.sampled_from(BINARY)).format(x=name, y=other)
        else:
            template = draw(st.sampled_from(SHAPED))
            expr, out_shape = template.format(x=name), None
        v = f"v{k}"
        lines.append(f"{v} = {expr}")
        lines.append(f"print({v})")
        if out_shape is None:
            out_shape = _shape_after(template, shape)
        vars_.append((v, out_shape))
    lines.append(f"{vars_[-1][0]}.sum().backward()")
    for name, _ in leaves:
        lines.append(f"print({name}.grad)")
    return "\n".join(lines) + "\n"


def _broadcast(a, b):
    n = max(len(a), len(b))
    a, b = (1,) * (n - len(a)) + tuple(a), (1,) * (n - len(b)) + tuple(b)
    out = []
    for x, y in zip(a, b):
        if x != y and 1 not in (x, y):
            raise ValueError
        out.append(max(x, y))
    return tuple(out)


def _shape_after(template, shape):
    r, c = shape
    return {"{x}.sum(0)": (c,), "{x}.sum(-1, keepdim=True)": (r, 1), "{x}.mean(1)": (r,),
            "torch.logsumexp({x}, 1)": (r,), "{x}.t()": (c, r), "{x}.unsqueeze(0)": (1, r, c),
            "{x}.reshape(-1)": (r * c,), "{x}.amax(1)": (r,), "{x}.prod(1)": (r,), "{x}.norm()": (),
            "{x}.std(1)": (r,), "{x}.var(0)": (c,), "{x}.repeat(2, 1)": (2 * r, c), "{x}.max()": (),
            "{x}.min(1).values": (r,), "{x}[0]": (c,), "{x}[:, 1:]": (r, c - 1), "{x} @ {x}.t()": (r, r),
            "torch.cat([{x}, {x} * 2], 0)": (2 * r, c), "torch.stack([{x}, -{x}])": (2, r, c),
            "{x}.split(1, 1)[0]": (r, 1), "{x}.chunk(2)[0]": ((r + 1) // 2, c),
            "{x}.narrow(1, 0, 1)": (r, 1), "F.cross_entropy({x}, torch.tensor([0] * {x}.shape[0]))": (),
            "F.mse_loss({x}, {x} * 0.5)": (), "F.l1_loss({x}, {x}.flip(0))": (), "F.huber_loss({x}, {x} * 0 + 0.5)": (),
            "F.binary_cross_entropy_with_logits({x}, torch.sigmoid({x}).detach())": (),
            "{x}.expand(2, 2, -1)": (2, 2, c)}.get(template, shape)


def torch_stdout(script, torch, message=False):
    """What ``script`` prints under PyTorch, and the type of its error
    (``message``: with the first line of its message) or None."""
    out = io.StringIO()
    env = {"__name__": "__random_program__"}
    with contextlib.redirect_stdout(out):
        try:
            exec(compile(script, "<program>", "exec"), env)      # PyTorch side of this test only
        except Exception as e:                                    # noqa: BLE001
            return out.getvalue(), type(e).__name__ + (f": {str(e).splitlines()[0]}" if message else "")
    return out.getvalue(), None


def gradcli_stdout(script, message=False):
    """As ``torch_stdout``, under gradcli (``--format torch``)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        r = run_source(script, path="<program>", emit=TorchText(out, err, "<program>", script))
    except Exception as e:                                        # noqa: BLE001 (a crash is a gap)
        return out.getvalue(), f"crash {type(e).__name__}: {e}"
    if r.error is None:
        return out.getvalue(), None
    return out.getvalue(), r.error.kind + (f": {r.error.message.splitlines()[0]}" if message else "")


def run_programs(strategy, n: int, torch, message=False) -> list:
    """``n`` scripts drawn from ``strategy``, each run under PyTorch and
    gradcli: (script, PyTorch's (stdout, error), gradcli's), the object
    addresses of PyTorch's printed grad_fns dropped (gradcli prints none)."""
    results = []

    @settings(max_examples=n, database=None, derandomize=True, deadline=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(strategy)
    def run(script):
        out, err = torch_stdout(script, torch, message)
        results.append((script, (ADDRESS.sub(">", out), err), gradcli_stdout(script, message)))
    run()
    return results


def gaps_report(gaps, most: int) -> str:
    """The first ``most`` of the (script, PyTorch's, gradcli's) that differ."""
    return "\n\n".join(f"{s}--- PyTorch\n{w[0]}{w[1] or ''}\n--- gradcli\n{g[0]}{g[1] or ''}"
                       for s, w, g in gaps[:most])


def test_random_programs_match_pytorch():
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    results = run_programs(programs(), N_PROGRAMS, torch)
    assert len(results) >= N_PROGRAMS
    gaps = [(s, w, g) for s, w, g in results if w != g]
    rate = 1 - len(gaps) / len(results)
    report = gaps_report(gaps, 5)
    print(f"random programs: {len(results) - len(gaps)}/{len(results)} print exactly what PyTorch prints")
    for s, w, g in gaps:
        first = next((f"{a!r} != {b!r}" for a, b in zip(w[0].splitlines(), g[0].splitlines()) if a != b), (w, g))
        print("gap:", first)
    assert rate >= TARGET, report

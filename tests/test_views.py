"""In-place ops through views, compared with live PyTorch.

A hypothesis strategy builds programs that take a chain of views of a
non-leaf (slices, select, view, t, transpose, permute, unsqueeze, squeeze,
narrow, ...), write into the last one in place (``add_``, ``mul_`` by a
leaf, ``exp_``, ``copy_``, ``x[...] = v``, ``+=``, ``zero_``), then read the
base and another view made before the write (regenerated history), print
every grad_fn name, version and value, backpropagate and print the leaves'
gradients. Each runs in PyTorch (in this process, with ``exec``; this test
only) and in gradcli; stdout and the error type must be the same for every
program. The fixed cases below (errors gradcli words on its own) run
without torch.
"""
from __future__ import annotations

import pytest

from test_random_programs import gradcli_stdout, gaps_report, run_programs

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import strategies as st  # noqa: E402

N_PROGRAMS = 150

# (template over {v}, shape in -> shape out); shapes are small and 2-D or 1-D
VIEWS_2D = [("{v}[0]", lambda s: s[1:]), ("{v}[:, 1]", lambda s: s[:1]), ("{v}[1:]", lambda s: (s[0] - 1,) + s[1:]),
            ("{v}.t()", lambda s: s[::-1]), ("{v}.transpose(0, 1)", lambda s: s[::-1]),
            ("{v}.permute(1, 0)", lambda s: s[::-1]), ("{v}.unsqueeze(0)", lambda s: (1,) + s),
            ("{v}.narrow(1, 1, 2)", lambda s: (s[0], 2)), ("{v}.T", lambda s: s[::-1]),
            ("{v}[None]", lambda s: (1,) + s), ("{v}.mT", lambda s: s[::-1])]
VIEWS_1D = [("{v}[1:3]", lambda s: (2,)), ("{v}[::2]", lambda s: ((s[0] + 1) // 2,)),
            ("{v}.unsqueeze(1)", lambda s: s + (1,)), ("{v}[2]", lambda s: ()), ("{v}.narrow(0, 0, 2)", lambda s: (2,))]
VIEWS_3D = [("{v}.squeeze(0)", lambda s: s[1:]), ("{v}[0]", lambda s: s[1:])]
WRITES = ["{v}.add_(1.5)", "{v}.mul_(a)", "{v}.exp_()", "{v}.copy_({v}.detach() * 3)", "{v}[...] = a * 2",
          "{v} += a", "{v}.zero_()", "{v}.mul_(2).add_(a)", "{v}.sub_({v}.detach())", "{v}.clamp_(0.5, 4)"]


@st.composite
def programs(draw):
    lines = ["import torch",
             "x = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]], requires_grad=True)",
             "a = torch.tensor(1.25, requires_grad=True)",
             "y = x * 2 + 0"]
    base = draw(st.sampled_from(["y", "y.view(6)", "y.reshape(3, 2)"]))
    lines.append(f"b = {base}")
    shape = {"y": (2, 3), "y.view(6)": (6,), "y.reshape(3, 2)": (3, 2)}[base]
    early = draw(st.booleans())
    if early:
        lines.append("w = y[1]")
    cur = "b"
    for k in range(draw(st.integers(1, 3))):
        table = {1: VIEWS_1D, 2: VIEWS_2D, 3: VIEWS_3D}.get(len(shape))
        if not table:
            break
        template, shape_fn = draw(st.sampled_from(table))
        nxt = f"v{k}"
        lines.append(f"{nxt} = {template.format(v=cur)}")
        shape = tuple(shape_fn(shape))
        cur = nxt
    lines.append(f"print({cur}._base is y, {cur}._is_view(), {cur}.grad_fn)")
    lines.append(draw(st.sampled_from(WRITES)).format(v=cur))
    lines.append(f"print({cur}, {cur}._version, y._version)")
    lines.append("print(y, y.grad_fn.next_functions)")
    if early:
        lines.append("print(w, w.grad_fn.next_functions)")
    loss = draw(st.sampled_from(["(y * y).sum()", f"y.sum() + ({cur} * 3).sum()", "(y.exp() * x).sum()"]))
    lines.append(f"({loss}).backward()")
    lines.append("print(x.grad, a.grad)")
    return "\n".join(lines) + "\n"


def test_views_and_inplace_programs_match_pytorch():
    torch = pytest.importorskip("torch")
    results = run_programs(programs(), N_PROGRAMS, torch)
    assert len(results) >= N_PROGRAMS // 2
    gaps = [(s, w, g) for s, w, g in results if w != g]
    assert not gaps, f"{len(gaps)}/{len(results)} programs differ\n{gaps_report(gaps, 3)}"


# ***** without torch *****

def test_saved_dims_pytorch_keeps_raw_are_named_as_not_supported():
    out, err = gradcli_stdout("import torch\nx = torch.ones(2, 2, requires_grad=True)\n"
                              "print(x.sum(-1).grad_fn._saved_dim)\n")
    assert (out, err) == ("", "NotImplementedError")


def test_a_chain_of_views_written_in_place_backpropagates():
    # No recursion over the chain: 20,000 views of views, then a write at the end.
    script = ("import torch\nx = torch.ones(4, requires_grad=True)\ny = x * 1\nv = y\n"
              "for i in range(20000):\n    v = v[0:4]\nv.mul_(3)\ny.sum().backward()\nprint(x.grad, v._base is y)\n")
    assert gradcli_stdout(script) == ("tensor([3., 3., 3., 3.]) True\n", None)


def test_a_stale_view_prints_invalid_when_its_history_cannot_be_regenerated():
    script = ("import torch\nx = torch.arange(4.).requires_grad_()\ny = x * 2\np, q = y.split(2)\n"
              "with torch.no_grad():\n    q.add_(1)\nprint(q)\n")
    assert gradcli_stdout(script) == ("tensor([5., 7.], grad_fn=<Invalid>)\n", None)


def test_json_and_rich_output_show_a_stale_views_regenerated_history(gradcli, tmp_path):
    import json
    script = tmp_path / "stale.py"
    script.write_text("import torch\nx = torch.ones(3, requires_grad=True)\ny = x * 2\nv = y[1:]\ny.add_(1)\n")
    doc = json.loads(gradcli("run", str(script), "-f", "json").stdout)
    variables = doc["files"][0]["variables"]
    assert (variables["v"]["grad_fn"], variables["v"]["is_leaf"]) == ("AsStridedBackward0", False)
    assert variables["y"]["grad_fn"] == "AddBackward0"
    script.write_text(script.read_text() + "print(v)\n")
    assert "grad_fn=<AsStridedBackward0>" in gradcli("run", str(script), "--color", "never").stdout


def test_gradcli_check_replays_writes_through_views(gradcli, tmp_path):
    # CopySlices and AsStridedBackward0 replay their forward, so finite differences check them.
    script = tmp_path / "check_views.py"
    script.write_text("import torch\nx = torch.tensor([0.5, 1.0, 2.0], requires_grad=True)\n"
                      "a = torch.tensor(1.5, requires_grad=True)\ny = x * 2\nw = y[0:2]\ny[1:].mul_(a)\n"
                      "b = torch.zeros(3)\nb[0:2] = x[0:2] * a\n((y * y).sum() + (w * 3).sum() + (b * b).sum()).backward()\n")
    r = gradcli("check", str(script))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "skipped" not in r.stdout and r.stdout.count(" ok ") == 2

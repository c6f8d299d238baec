"""Indexing with random keys, compared with live PyTorch.

A hypothesis strategy builds keys of one to four items -- ints (some out
of range), slices, None, ``...``, Python bools, 0-d bool and int tensors,
int lists and tensors, bool masks -- for tensors of 0 to 3 dims, and a
program that reads ``y[key]`` (shape, grad_fn, the node below it, values,
gradient) or writes ``z[key] = v`` (a number, a tensor of the result's
shape that requires grad, one with a leading 1, ``+=``, no autograd, an
int tensor into a float one, a str) and prints grad_fn, version, values
and gradients. Each runs in PyTorch (in this process, with ``exec``; this
test only) and in gradcli: stdout, the error type and the first line of
its message must be the same for every program. Known gaps left out of
the keys: a second ``...``, a nested list as the whole key (PyTorch's
deprecated sequence-as-tuple), uint8 masks, a trailing comma (``x[a,]``).
"""
from __future__ import annotations

import pytest

from test_random_programs import gaps_report, run_programs

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import strategies as st  # noqa: E402

N_PROGRAMS = 500
ITEMS = ["True", "False", "0", "1", "-1", "2", "-3", ":", "1:", "::2", ":1", "None", "...", "[0, 1]", "[1]", "[]",
         "[-1, 0]", "[[0], [1]]", "[True, False]", "torch.tensor([0, 1])", "torch.tensor(1)", "torch.tensor(True)",
         "torch.tensor(False)", "torch.tensor([True, False])", "torch.tensor([[True, False, True], [False, True, True]])"]
SHAPES = ["()", "(3,)", "(2, 3)", "(3, 2)", "(2, 3, 2)"]
WEIGHTS = "(torch.arange({t}.numel()) + 1.0).reshape({t}.shape)"
VALUE = "v = (torch.arange(r.numel()) + 100.0).reshape({shape}).requires_grad_()\n"
WRITES = {
    "number": "z[{key}] = 7.0\n",
    "tensor": VALUE.format(shape="r.shape") + "z[{key}] = v\n",
    "leading one": VALUE.format(shape="(1,) + r.shape") + "z[{key}] = v\n",
    "add": VALUE.format(shape="r.shape") + "z[{key}] += v\n",
}


@st.composite
def programs(draw):
    shape = draw(st.sampled_from(SHAPES))
    items = draw(st.lists(st.sampled_from(ITEMS), min_size=1, max_size=4)
                 .filter(lambda items: items.count("...") < 2 and items != ["[[0], [1]]"]))
    key = ", ".join(items)
    head = f"import torch\nx = torch.arange(float(torch.Size({shape}).numel())).reshape({shape}).requires_grad_()\n"
    kind = draw(st.sampled_from(["read", "plain", "int from float", "str"] + sorted(WRITES)))
    if kind == "read":
        return head + (f"y = x * 1\nr = y[{key}]\nprint(tuple(r.shape), r.grad_fn, r.grad_fn.next_functions, r)\n"
                       f"(r * {WEIGHTS.format(t='r')}).sum().backward()\nprint(x.grad)\n")
    if kind == "plain":
        return head + f"z = x.detach().clone()\nz[{key}] = z[{key}] * 2 + 1\nprint(z, z._version)\n"
    if kind == "int from float":
        return head + f"z = x.detach().long()\nz[{key}] = torch.ones(z[{key}].shape)\nprint(z)\n"
    if kind == "str":
        return head + f"z = x * 1\nz[{key}] = 'a'\n"
    return head + (f"z = x * 1\nr = z[{key}].detach()\n" + WRITES[kind].format(key=key)
                   + f"print(z.grad_fn, z._version, z)\n(z * {WEIGHTS.format(t='z')}).sum().backward()\n"
                   + ("print(x.grad, v.grad)\n" if "v =" in WRITES[kind] else "print(x.grad)\n"))


def test_index_programs_match_pytorch():
    torch = pytest.importorskip("torch")
    results = run_programs(programs(), N_PROGRAMS, torch, message=True)
    assert len(results) >= N_PROGRAMS // 2
    gaps = [(s, w, g) for s, w, g in results if w != g]
    assert not gaps, f"{len(gaps)}/{len(results)} programs differ\n{gaps_report(gaps, 3)}"

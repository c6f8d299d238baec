"""Byte-exact comparison of gradcli.render.torch_text with PyTorch's repr.

(a) recorded golden cases (tests/goldens/printing.json, made by
    tests/goldens/make_print_goldens.py) -- no torch needed;
(b) live comparison against torch on seeded random tensors, skipped when torch
    is not importable;
(c) format_size / format_dtype.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from gradcli.render.torch_text import DTYPES, format_dtype, format_size, format_tensor, reset_print_options


@pytest.fixture(autouse=True)
def default_print_options():
    """A script run earlier in the same process may have left its
    torch.set_printoptions in place (the options last until the next run):
    the formatter is called directly here, with PyTorch's defaults."""
    reset_print_options()


GOLDEN = Path(__file__).parent / "goldens" / "printing.json"
CASES = json.loads(GOLDEN.read_text())
FLOAT_NAMES = {"float16", "float32", "float64"}


def rebuild(case: dict) -> np.ndarray:
    dtype = case["dtype"]
    data = case["data"]
    if dtype in FLOAT_NAMES:
        values = [float.fromhex(v) for v in data]
    else:
        values = data
    return np.array(values, dtype=DTYPES[dtype]).reshape(case["shape"])


def test_golden_file_is_substantial():
    assert len(CASES) >= 70
    assert len({c["name"] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden(case):
    arr = rebuild(case)
    # the float data must round-trip exactly through the chosen dtype
    if case["dtype"] in FLOAT_NAMES:
        back = [float(v).hex() for v in arr.reshape(-1).tolist()]
        assert back == case["data"]
    assert format_tensor(arr, case["dtype"], case["suffixes"]) == case["expected"]


def _random_cases():
    rng = np.random.default_rng(20240607)
    shapes = [(), (1,), (4,), (7,), (17,), (3, 5), (2, 11), (4, 1, 3), (2, 3, 2, 2),
              (30,), (1, 40), (6, 13), (1100,), (35, 31), (11, 10, 10), (0,), (3, 0)]
    scales = [1.0, 1e-3, 1e-5, 1e4, 1e9, 1e-12]
    dtypes = ["float32", "float64", "float16", "int64", "int32", "bool", "uint8", "int8", "int16"]
    cases = []
    for i in range(48):
        shape = shapes[i % len(shapes)]
        dtype = dtypes[i % len(dtypes)] if i % 3 else "float32"
        scale = scales[(i // 2) % len(scales)]
        n = int(np.prod(shape)) if shape else 1
        if dtype in FLOAT_NAMES:
            if dtype == "float16":
                scale = min(scale, 1e3)
            vals = rng.standard_normal(n) * scale
            if i % 4 == 0:
                vals = np.round(vals)  # integer-valued floats
            if i % 5 == 0 and n > 2:
                vals[rng.integers(n)] = [np.nan, np.inf, -np.inf, -0.0][i % 4]
        elif dtype == "bool":
            vals = rng.integers(0, 2, n).astype(bool)
        elif dtype == "uint8":
            vals = rng.integers(0, 256, n)
        elif dtype == "int8":
            vals = rng.integers(-128, 128, n)
        else:
            vals = rng.integers(-(10 ** (i % 7)), 10 ** (i % 7) + 1, n)
        arr = np.asarray(vals).astype(DTYPES[dtype]).reshape(shape)
        requires_grad = dtype in FLOAT_NAMES and i % 7 == 3
        cases.append(pytest.param(arr, dtype, requires_grad, id=f"live{i}-{dtype}-{'x'.join(map(str, shape)) or 'scalar'}"))
    return cases


@pytest.mark.parametrize("arr,dtype,requires_grad", _random_cases())
def test_live_against_torch(arr, dtype, requires_grad):
    torch = pytest.importorskip("torch")
    t = torch.from_numpy(arr.copy()).to(getattr(torch, dtype))
    suffixes = []
    if requires_grad:
        t.requires_grad_()
        suffixes = ["requires_grad=True"]
    assert format_tensor(arr, dtype, suffixes) == repr(t)
    if requires_grad and arr.size:
        y = t * 1
        assert format_tensor(arr, dtype, ["grad_fn=<MulBackward0>"]) == repr(y)


def test_format_size():
    assert format_size((2, 2)) == "torch.Size([2, 2])"
    assert format_size(()) == "torch.Size([])"
    assert format_size([0, 3]) == "torch.Size([0, 3])"
    assert format_size(np.zeros((4, 1, 5)).shape) == "torch.Size([4, 1, 5])"


def test_format_dtype():
    assert format_dtype("float32") == "torch.float32"
    assert format_dtype("float64") == "torch.float64"
    assert format_dtype("int64") == "torch.int64"
    assert format_dtype("bool") == "torch.bool"
    with pytest.raises(ValueError):
        format_dtype("complex64")


def test_size_and_dtype_match_torch():
    torch = pytest.importorskip("torch")
    for shape in [(), (3,), (2, 2), (0, 3), (1, 2, 3, 4)]:
        assert format_size(shape) == str(torch.empty(shape).shape)
    for name in DTYPES:
        assert format_dtype(name) == str(getattr(torch, name))


def test_module_imports_neither_torch_nor_rich_nor_lark():
    import sys
    import subprocess

    code = ("import sys, gradcli.render.torch_text as m, numpy as np;"
            "print(m.format_tensor(np.array([1.0, 2.0], np.float32), 'float32'));"
            "assert 'torch' not in sys.modules and 'rich' not in sys.modules and 'lark' not in sys.modules")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=str(Path(__file__).resolve().parents[1]))
    assert out.returncode == 0, out.stderr
    assert out.stdout == "tensor([1., 2.])\n"


def test_seed_notebook_strings():
    a = np.array([[1.0, 2.0], [3.0, 4.0]], np.float32)
    assert format_tensor(a, "float32", ["requires_grad=True"]) == (
        "tensor([[1., 2.],\n        [3., 4.]], requires_grad=True)")
    assert format_tensor(a - 2, "float32", ["grad_fn=<SubBackward0>"]) == (
        "tensor([[-1.,  0.],\n        [ 1.,  2.]], grad_fn=<SubBackward0>)")
    assert format_tensor(np.float32(14.0), "float32", ["grad_fn=<SumBackward0>"]) == (
        "tensor(14., grad_fn=<SumBackward0>)")
    assert format_tensor(np.array([1.0, 2.0]), "float64", ["requires_grad=True"]) == (
        "tensor([1., 2.], dtype=torch.float64, requires_grad=True)")


def test_print_options_last_for_their_run_only():
    """torch.set_printoptions changes what the rest of the script prints;
    the next script (a fresh PyTorch process) starts from the defaults."""
    from gradcli.render.pytext import print_text
    from gradcli.session import run_source

    texts = []

    def capture(ev):
        if ev.kind == "print":
            texts.append(print_text(ev.values, ev.sep, ev.end))
    src = "import torch\nx = torch.tensor([1.23456, 2.0])\nprint(x)\ntorch.set_printoptions(precision=1)\nprint(x)\n"
    assert run_source(src, "<a>", emit=capture).exit_code == 0
    assert run_source("import torch\nprint(torch.tensor([1.23456, 2.0]))\n", "<b>", emit=capture).exit_code == 0
    assert texts == ["tensor([1.2346, 2.0000])\n", "tensor([1.2, 2.0])\n", "tensor([1.2346, 2.0000])\n"]


@pytest.mark.parametrize("call,message", [
    ("precision=-1", "set_printoptions(): precision must be a non-negative int, not -1"),
    ("precision=2.5", "set_printoptions(): precision must be a non-negative int, not 2.5"),
    ("edgeitems='3'", "set_printoptions(): edgeitems must be a non-negative int, not '3'"),
    ("threshold=None, linewidth=True", "set_printoptions(): linewidth must be a non-negative int, not True"),
    ("threshold='big'", "set_printoptions(): threshold must be a number, not 'big'"),
    ("sci_mode=1", "set_printoptions(): sci_mode must be None, True or False, not 1"),
])
def test_print_options_that_could_not_print_are_clear_errors(call, message):
    from gradcli.session import run_source
    r = run_source(f"import torch\ntorch.set_printoptions({call})\n", "<t>")
    assert r.exit_code == 1 and r.error.kind == "TypeError" and r.error.message == message
    assert (r.error.span.line, r.error.span.column) == (2, 1)

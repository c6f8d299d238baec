"""The Rich view never cuts a number: at 60, 80, 100 and 200 columns every
number PyTorch prints for the values and gradients shown appears whole;
big tensors are summarised as PyTorch does, saying how much is hidden."""
import re

import numpy as np
import pytest

NUMBER = re.compile(r"-?(?:\d+\.\d*(?:e[+-]\d+)?|\d+e[+-]\d+|\d+|nan|inf)")
TOKEN_SPLIT = re.compile(r"[\s│┃╭╮╰╯─━┏┓┗┛┡┩└┘┌┐├┤┬┴┼╇╈═|,\[\]()]+")

FORMULAS = [
    ("sum((W @ x.T) * [1,-10;0.1,100])", ["-a", "W=[0.5,-1,2;1.5,0.25,-0.75]", "-c", "x=[1,2,3;-1,0.5,4]"]),
    ("((x+2)*(x-2)).sum()", ["-a", "x=[1,2;3,4]"]),
    ("(exp(w) * 1000 - w / 3).sum()", ["-a", "w=[0.001,-2.5,7,1e-4,3,-0.25,12,0.5]"]),
    ("tanh(a @ b).sum()", ["-a", "a=[1,2,3,4;5,6,7,8;-1,-2,-3,-4]", "-a", "b=[0.1,0.2;0.3,0.4;0.5,0.6;0.7,0.8]"]),
]


def numbers(text: str) -> set:
    return set(NUMBER.findall(text))


def tokens(text: str) -> set:
    return set(TOKEN_SPLIT.split(text))


@pytest.mark.parametrize("columns", [60, 80, 100, 200])
@pytest.mark.parametrize("formula,args", FORMULAS, ids=[f[0] for f in FORMULAS])
def test_every_number_of_a_grad_view_is_whole(gradcli, formula, args, columns, monkeypatch):
    monkeypatch.setenv("COLUMNS", str(columns))
    torch_text = gradcli("grad", formula, *args, "-f", "torch").stdout
    expected = numbers("\n".join(l for l in torch_text.splitlines() if not l.startswith("#")))
    r = gradcli("grad", formula, *args)
    assert r.returncode == 0, r.stderr
    assert max(len(line) for line in r.stdout.splitlines()) <= columns
    missing = expected - tokens(r.stdout)
    assert not missing, f"cut or missing at {columns} columns: {sorted(missing)}\n{r.stdout}"


@pytest.mark.parametrize("columns", [60, 80, 100, 200])
def test_every_number_of_a_script_view_is_whole(gradcli, tmp_path, columns, monkeypatch):
    monkeypatch.setenv("COLUMNS", str(columns))
    (tmp_path / "s.py").write_text(
        "import torch\n"
        "w = torch.tensor([[1.5, -2.25, 3.125, 100.5, -0.001], [2., 4., 8., 16., 32.]], requires_grad=True)\n"
        "y = (w * w * 1000.5).sum()\n"
        "y.backward()\n"
        "print(w * 3)\n"
        "v = torch.tensor([0.25, 1e-8, 3.5], requires_grad=True)\n"
        "(v.exp() * 7).sum().backward()\n")
    torch_text = gradcli("run", "s.py", "-f", "torch").stdout
    grads = gradcli("run", "s.py", "-f", "json").stdout
    import json
    doc = json.loads(grads)["files"][0]["variables"]
    r = gradcli("run", "s.py")
    assert r.returncode == 0, r.stderr
    assert max(len(line) for line in r.stdout.splitlines()) <= columns
    missing = numbers(torch_text) - tokens(r.stdout)
    assert not missing, f"{sorted(missing)}\n{r.stdout}"
    for name in ("w", "v"):
        assert doc[name]["grad"] is not None
    assert "Gradients" in r.stdout


def test_a_big_tensor_is_summarised_with_what_is_hidden(gradcli, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    (tmp_path / "s.py").write_text("import torch\nx = torch.arange(3000.).reshape(50, 60)\nprint(x)\n")
    r = gradcli("run", "s.py")
    out = r.stdout
    assert "hidden: 38 of 50 rows, 44 of 60 columns" in out
    assert "⋮" in out and "…" in out
    # every number of PyTorch's own summary (first and last 3 rows and columns) is shown whole
    shown = numbers(gradcli("run", "s.py", "-f", "torch").stdout)
    assert {"0.0000e+00", "2.9990e+03"} <= shown and not shown - tokens(out)


def test_print_options_set_the_precision_of_the_grids(gradcli, tmp_path, monkeypatch):
    """The grids lay out every element they show whatever threshold and
    edgeitems say, in the precision and notation the script chose."""
    monkeypatch.setenv("COLUMNS", "80")
    (tmp_path / "s.py").write_text("import torch\ntorch.set_printoptions(precision=2, threshold=5, edgeitems=0)\n"
                                   "x = torch.arange(12.0).reshape(3, 4) / 3\nprint(x)\n"
                                   "torch.set_printoptions(sci_mode=True)\nprint(x[0])\n")
    r = gradcli("run", "s.py")
    assert r.returncode == 0, r.stderr
    assert {"0.33", "3.67", "3.33e-01", "1.00e+00"} <= tokens(r.stdout)
    assert "0.3333" not in r.stdout


def test_nd_tensors_show_one_grid_per_trailing_slice(gradcli, tmp_path):
    (tmp_path / "s.py").write_text("import torch\nx = torch.arange(12.).reshape(2, 2, 3)\nprint(x)\n")
    out = gradcli("run", "s.py").stdout
    assert "[0, :, :]" in out and "[1, :, :]" in out
    assert out.index("[0, :, :]") < out.index("5.") < out.index("[1, :, :]") < out.index("11.")


def test_gradients_have_a_colour_legend(gradcli):
    out = gradcli("grad", "(x * x).sum()", "-a", "x=[1,-2,3]").stdout
    assert "blue > 0 · orange < 0 · brighter = larger |value|" in out


def test_grid_keeps_both_ends_when_columns_are_hidden():
    from rich.console import Console
    from gradcli.render.rich_grid import tensor_grid
    console = Console(width=40, record=True)
    console.print(tensor_grid(np.arange(100, dtype=np.float32).reshape(2, 50), False, 36))
    text = console.export_text()
    assert "0." in text and "99." in text and "…" in text
    assert "hidden: 4" in text or "hidden:" in text

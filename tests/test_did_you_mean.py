"""Typos get a "did you mean" hint, from the table the name resolves
through: script names (variables, builtins), attributes and methods of
tensors, modules, optimizers and Python values, and the functions of torch,
torch.nn.functional and torch.linalg."""
import json

import pytest

from gradcli.errors import did_you_mean

CASES = [
    ("weight = torch.ones(2)\nprint(wieght)", "NameError: name 'wieght' is not defined", "did you mean 'weight'?"),
    ("x = torch.ones(2)\nprint(x.sumn())", "AttributeError: 'Tensor' object has no attribute 'sumn'",
     "did you mean 'sum'?"),
    ("x = torch.ones(2)\nprint(torch.sigmod(x))", "AttributeError: module 'torch' has no attribute 'sigmod'",
     "did you mean 'sigmoid'?"),
    ("x = torch.ones(2)\nprint(torch.nn.functional.rleu(x))",
     "AttributeError: module 'torch.nn.functional' has no attribute 'rleu'", "did you mean 'relu'?"),
    ("x = torch.ones(2)\nprint(torch.linalg.matrix_nrom(x))",
     "AttributeError: module 'torch.linalg' has no attribute 'matrix_nrom'", "did you mean 'matrix_norm'?"),
    ("x = torch.ones(2)\nprint(x.grad_fun)", "AttributeError: 'Tensor' object has no attribute 'grad_fun'",
     "did you mean 'grad_fn'?"),
    ("xs = [1]\nxs.apend(2)", "AttributeError: 'list' object has no attribute 'apend'", "did you mean 'append'?"),
    ("model = torch.nn.Linear(2, 1)\nprint(model.wieght)", "AttributeError: 'Linear' object has no attribute "
     "'wieght'", "did you mean 'weight'?"),
    ("model = torch.nn.Linear(2, 1)\nmodel.zero_gard()", "AttributeError: 'Linear' object has no attribute "
     "'zero_gard'", "did you mean 'zero_grad'?"),
    ("opt = torch.optim.SGD([torch.ones(1, requires_grad=True)], lr=0.1)\nopt.stpe()",
     "AttributeError: 'SGD' object has no attribute 'stpe'", "did you mean 'step'?"),
    ("print(lenn([1]))", "NameError: name 'lenn' is not defined", "did you mean 'len'?"),
    ("def f(total):\n    return totla + 1\nprint(f(1))", "NameError: name 'totla' is not defined",
     "did you mean 'total'?"),
]


def _script(tmp_path, body):
    path = tmp_path / "typo.py"
    path.write_text("import torch\n" + body + "\n")
    return str(path)


@pytest.mark.parametrize("body,error,hint", CASES, ids=[c[2] for c in CASES])
def test_a_typo_gets_a_hint(gradcli, tmp_path, body, error, hint):
    r = gradcli("run", _script(tmp_path, body), "-f", "torch")
    assert r.returncode == 1
    lines = r.stderr.splitlines()
    assert lines[0].endswith(error), r.stderr
    assert lines[-1] == f"  hint: {hint}"


@pytest.mark.parametrize("body,error,hint", CASES[:3], ids=[c[2] for c in CASES[:3]])
def test_the_hint_is_in_json(gradcli, tmp_path, body, error, hint):
    r = gradcli("run", _script(tmp_path, body), "-f", "json")
    assert r.returncode == 1
    err = json.loads(r.stdout)["files"][0]["error"]
    assert err["message"] == error.split(": ", 1)[1] + f" (hint: {hint})"


@pytest.mark.parametrize("body", ["x = torch.ones(2)\nprint(x.foo)", "print(zzz)",
                                  "x = torch.ones(2)\nprint(torch.qqq(x))"])
def test_no_hint_without_a_close_name(gradcli, tmp_path, body):
    r = gradcli("run", _script(tmp_path, body), "-f", "torch")
    assert r.returncode == 1
    assert "did you mean" not in r.stderr


def test_a_name_pytorch_has_but_gradcli_lacks_keeps_its_own_hint(gradcli, tmp_path):
    r = gradcli("run", _script(tmp_path, "x = torch.ones(2, 2)\nprint(torch.cartesian_prod(x, x))"), "-f", "torch")
    assert r.returncode == 1
    assert "NotImplementedError: gradcli does not support torch.cartesian_prod yet" in r.stderr
    assert "did you mean" not in r.stderr


def test_a_one_liner_typo_suggests_the_name_and_the_binding(gradcli):
    r = gradcli("grad", "sigmod(x).sum()", "-a", "x=[1,2]", "-f", "torch")
    assert r.returncode == 1
    assert r.stderr.splitlines()[-1] == ("  hint: did you mean 'sigmoid', or bind it with -a sigmod=VALUE "
                                         "(a leaf that requires grad) or -c sigmod=VALUE (a constant)")


def test_did_you_mean_prefers_a_swapped_pair_and_skips_private_names():
    assert did_you_mean("rleu", ["relu", "elu", "rrelu"]) == "did you mean 'relu'?"
    assert did_you_mean("_dat", ["_data"]) is None
    assert did_you_mean("dtaa", ["_data", "data"]) == "did you mean 'data'?"
    assert did_you_mean("weight", ["weight"]) is None
    assert did_you_mean("abc", ["xyz"]) is None

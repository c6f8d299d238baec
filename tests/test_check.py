"""The check command: every backward() and autograd.grad compared with
central finite differences in float64; asserts counted; JUnit XML."""
import json
import xml.etree.ElementTree as ET

import pytest

GOOD = """import torch
x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
w = torch.tensor([0.5, -1.5], requires_grad=True)
y = (torch.tanh(x @ w) ** 2).sum()
y.backward()
assert x.grad.shape == x.shape
z = x * 2
z[0, 0] = 7
g, = torch.autograd.grad((z.exp() * w).sum(), [z])
for i in range(3):
    loss = ((x * w).sum() - 1) ** 2
    loss.backward()
    with torch.no_grad():
        x -= 0.1 * x.grad
        x.grad.zero_()
"""

# a hook that doubles the gradient: gradcli's .grad is then not the derivative
BAD = """import torch
x = torch.tensor([1., 2., 3.], requires_grad=True)
x.register_hook(lambda g: g * 2)
(x * x).sum().backward()
assert x.sum() > 100, "x is small"
"""


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text)
    return p


def test_a_correct_script_passes(gradcli, tmp_path):
    r = gradcli("check", write(tmp_path, "good.py", GOOD).name, "-f", "torch")
    assert r.returncode == 0, r.stderr + r.stdout
    lines = r.stdout.splitlines()
    assert [line.split(": max abs err")[0] for line in lines[:-1]] == [
        "good.py:5: backward d/dx [2, 2]", "good.py:5: backward d/dw [2]",
        "good.py:9: autograd.grad d/dz [2, 2]",
        "good.py:12: backward d/dx (3 times) [2, 2]", "good.py:12: backward d/dw (3 times) [2]"]
    assert all(line.endswith(": ok") for line in lines[:-1])
    assert lines[-1] == "good.py: passed — 9 gradients checked (0 failed), 1 assert (0 failed)"


def test_a_wrong_gradient_and_a_failed_assert_fail(gradcli, tmp_path):
    junit = tmp_path / "report.xml"
    r = gradcli("check", write(tmp_path, "bad.py", BAD).name, "-f", "torch", "--junit", junit)
    assert r.returncode == 1
    assert r.stdout.splitlines() == [
        "bad.py:4: backward d/dx [3]: max abs err 6.00e+00, max rel err 1.00e+00, worst at (2,): FAILED "
        "(autograd 12 vs finite differences 6)",
        "bad.py:5: assert x.sum() > 100: FAILED: x is small (tensor(6., grad_fn=<SumBackward0>) > 100)",
        "bad.py: FAILED — 1 gradient checked (1 failed), 1 assert (1 failed)"]
    assert "bad.py:5:8: AssertionError: x is small" in r.stderr
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite.get("name") == "bad.py" and suite.get("tests") == "3" and suite.get("failures") == "2"
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert set(cases) == {"line 4: backward d/dx", "line 5: assert x.sum() > 100", "script runs"}
    assert "max abs err 6.00e+00" in cases["line 4: backward d/dx"].find("failure").get("message")
    assert cases["line 4: backward d/dx"].find("failure").text.endswith(
        "(2,) of x [3]: autograd 12 vs finite differences 6")
    failure = cases["line 5: assert x.sum() > 100"].find("failure")
    assert failure.get("message") == "x is small (tensor(6., grad_fn=<SumBackward0>) > 100)"
    assert failure.text.startswith("bad.py:5:8: AssertionError: x is small")
    assert cases["script runs"].find("error") is None


THROUGH = """import torch
x = torch.tensor([1.0, 2.0], requires_grad=True)
v = x * 3
out = (v * x.exp()).sum()
gv, gx = torch.autograd.grad(out, [v, x])
"""


def test_an_input_computed_from_another_is_recomputed_when_that_one_moves(gradcli, tmp_path):
    """autograd.grad(out, [v, x]) with v = 3x: PyTorch's gradient for x
    takes the path through v too (exp(x) * (v + 3)), and so do the finite
    differences; for v, x stays put (exp(x))."""
    r = gradcli("check", write(tmp_path, "through.py", THROUGH).name, "-f", "torch")
    assert r.returncode == 0, r.stdout
    assert sorted(line.split(": max abs err")[0] for line in r.stdout.splitlines()[:-1]) == [
        "through.py:5: autograd.grad d/dv [2]", "through.py:5: autograd.grad d/dx [2]"]
    assert r.stdout.splitlines()[-1] == "through.py: passed — 2 gradients checked (0 failed), 0 asserts (0 failed)"


def test_tolerances_are_options(gradcli, tmp_path):
    path = write(tmp_path, "bad.py", BAD.replace("g * 2", "g * 1.0001"))
    assert "FAILED" in gradcli("check", path, "-f", "torch", "--rtol", "1e-6", "--atol", "0").stdout.splitlines()[0]
    assert gradcli("check", path, "-f", "torch", "--rtol", "1e-3").stdout.splitlines()[0].endswith(": ok")


def test_json_events_and_script_errors(gradcli, tmp_path):
    r = gradcli("check", write(tmp_path, "good.py", GOOD).name, write(tmp_path, "boom.py", "import torch\nx = y\n").name,
                "-f", "json")
    doc = json.loads(r.stdout)
    from test_cli import _validate
    _validate(doc)
    assert doc["exit_code"] == 1
    good, boom = doc["files"]
    checks = [e for e in good["events"] if e["kind"] == "check"]
    assert len(checks) == 5 and all(e["passed"] for e in checks)
    assert checks[0]["api"] == "backward" and [r["input"] for r in checks[0]["results"]] == ["x", "w"]
    assert boom["error"]["type"] == "NameError" and boom["error"]["line"] == 2


def test_large_inputs_are_skipped_with_a_reason(gradcli, tmp_path):
    path = write(tmp_path, "big.py", "import torch\nx = torch.ones(101, 100, requires_grad=True)\n"
                                     "(x * x).sum().backward()\n")
    r = gradcli("check", path.name, "-f", "torch")
    assert r.returncode == 0
    assert r.stdout.splitlines()[0] == "big.py:3: backward d/dx [101, 100]: skipped (10,100 elements: " \
                                       "over 10,000, not checked)"


@pytest.mark.parametrize("args", [("--eps", "0"), ("--atol", "-1")])
def test_bad_options(gradcli, tmp_path, args):
    r = gradcli("check", write(tmp_path, "good.py", GOOD), *args)
    assert r.returncode == 2 and "--eps must be positive" in r.stderr


def test_several_files_close_with_the_summary_line(gradcli, tmp_path):
    d = tmp_path / "suite"
    d.mkdir()
    write(d, "a_good.py", GOOD)
    write(d, "b_bad.py", BAD)
    write(d, "c_boom.py", "import torch\nx = y\n")
    r = gradcli("check", "suite", "-f", "torch")
    assert r.returncode == 1
    tail = r.stderr.splitlines()[-3:]
    assert tail[0] == ("FAILED suite/b_bad.py:4 - GradientCheck: backward d/dx [3]: autograd 12 vs finite "
                       "differences 6 at (2,)")
    assert tail[1] == "FAILED suite/c_boom.py:2 - NameError: name 'y' is not defined"
    assert tail[2].startswith("2 failed, 1 passed in ")


def test_github_annotations_for_checks_asserts_and_errors(gradcli, tmp_path):
    write(tmp_path, "bad.py", BAD)
    write(tmp_path, "boom.py", "import torch\nx = y\n")
    r = gradcli("check", "bad.py", "boom.py", "-f", "github")
    assert r.returncode == 1
    assert r.stdout.splitlines() == [
        "::error title=gradcli (GradientCheck),file=bad.py,line=4::bad.py:4: GradientCheck: backward d/dx [3]: "
        "max abs err 6.00e+00, max rel err 1.00e+00, worst at (2,): autograd 12 vs finite differences 6",
        "::error title=gradcli (AssertionError),file=bad.py,line=5::bad.py:5: AssertionError: assert x.sum() > 100: "
        "x is small (tensor(6., grad_fn=<SumBackward0>) > 100)",
        "::error title=gradcli (NameError),file=boom.py,line=2,col=5,endLine=2,endColumn=6::boom.py:2:5: NameError: "
        "name 'y' is not defined"]

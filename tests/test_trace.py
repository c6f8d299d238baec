"""--trace: the backward pass step by step, in each output format."""
import json

SCRIPT = ("import torch\nx = torch.tensor([1., 2.], requires_grad=True)\ny = (x * x).sum()\n"
          "y.backward()\nprint(x.grad)\n")

TRACE = """backward pass 1 at line 4: 3 steps from SumBackward0
  1. SumBackward0 = y
       grad in:  tensor(1.)
       → MulBackward0: tensor([1., 1.])
  2. MulBackward0
       grad in:  tensor([1., 1.])
       → AccumulateGrad (x): tensor([1., 2.])
       → AccumulateGrad (x): tensor([1., 2.])
  3. AccumulateGrad (x)
       grad in:  tensor([2., 4.])
       → added to x.grad
"""


def test_torch_format_keeps_stdout_and_traces_on_stderr(gradcli):
    plain = gradcli("run", "-", "-f", "torch", stdin=SCRIPT)
    traced = gradcli("run", "-", "-f", "torch", "--trace", stdin=SCRIPT)
    assert traced.returncode == 0 and traced.stdout == plain.stdout == "tensor([2., 4.])\n"
    assert plain.stderr == "" and traced.stderr == TRACE


def test_json_backward_events(gradcli):
    doc = json.loads(gradcli("run", "-", "-f", "json", stdin=SCRIPT).stdout)
    events = [e for e in doc["files"][0]["events"] if e["kind"] == "backward"]
    assert events == [{"kind": "backward", "line": 4, "root": "SumBackward0"}]
    doc = json.loads(gradcli("run", "-", "-f", "json", "--trace", stdin=SCRIPT).stdout)
    from test_cli import _validate
    _validate(doc)
    (event,) = [e for e in doc["files"][0]["events"] if e["kind"] == "backward"]
    steps = event["steps"]
    assert [(s["node"], s["label"]) for s in steps] == [("SumBackward0", "y"), ("MulBackward0", None),
                                                       ("AccumulateGrad", "x")]
    assert [g["to"] for g in steps[1]["grad_inputs"]] == ["AccumulateGrad (x)"] * 2
    assert steps[1]["grad_inputs"][0]["grad"]["data"] == [1.0, 2.0]
    assert steps[2]["grad_output"]["data"] == [2.0, 4.0] and steps[2]["grad_inputs"] == []


def test_grad_trace(gradcli):
    r = gradcli("grad", "(x*x).sum()", "-a", "x=[1,2]", "--trace", "-f", "torch")
    assert r.returncode == 0, r.stderr
    assert "# trace\nbackward(): 3 steps from SumBackward0\n  1. SumBackward0 = (x*x).sum()\n" in r.stdout
    assert "       → MulBackward0 = (x*x): tensor([1., 1.])\n" in r.stdout
    assert r.stdout.endswith("  3. AccumulateGrad (x)\n       grad in:  tensor([2., 4.])\n       → added to x.grad\n")
    doc = json.loads(gradcli("grad", "(x*x).sum()", "-a", "x=[1,2]", "--trace", "-f", "json").stdout)
    assert [s["node"] for s in doc["files"][0]["result"]["trace"]] == ["SumBackward0", "MulBackward0",
                                                                        "AccumulateGrad"]


def test_rich_trace_table(gradcli):
    r = gradcli("run", "-", "--trace", stdin=SCRIPT)
    assert r.returncode == 0, r.stderr
    assert "backward pass 1 at line 4: 3 steps from SumBackward0" in r.stdout
    assert "│ 1 │ SumBackward0 = y " in r.stdout and "added to x.grad" in r.stdout


LOOP = """import torch
w = torch.tensor(0.5, requires_grad=True)
for i in range(5):
    loss = (w * 3) ** 2
    loss.backward()
"""


def test_trace_numbers_each_pass_and_trace_max_limits_them(gradcli, tmp_path):
    (tmp_path / "loop.py").write_text(LOOP)
    r = gradcli("run", "loop.py", "--trace", "--trace-max", "2", "-f", "torch")
    assert r.returncode == 0 and r.stdout == ""
    heads = [l for l in r.stderr.splitlines() if l.startswith("backward pass")]
    assert heads == ["backward pass 1 at line 5: 3 steps from PowBackward0",
                     "backward pass 2 at line 5: 3 steps from PowBackward0"]
    assert r.stderr.splitlines()[-1] == ("--trace: 3 more backward passes not shown (--trace-max 2; "
                                         "--trace-max 0 shows them all)")
    every = gradcli("run", "loop.py", "--trace", "--trace-max", "0", "-f", "torch").stderr
    assert "backward pass 5 at line 5" in every and "not shown" not in every
    rich = gradcli("run", "loop.py", "--trace", "--trace-max", "1").stdout
    assert "backward pass 1 at line 5" in rich and "backward pass 2" not in rich
    assert "--trace: 4 more backward passes not shown" in rich


def test_a_negative_trace_max_is_a_usage_error(gradcli, tmp_path):
    (tmp_path / "loop.py").write_text(LOOP)
    r = gradcli("run", "loop.py", "--trace", "--trace-max", "-1")
    assert r.returncode == 2 and "--trace-max -1: expected 0 (every pass) or a positive number" in r.stderr

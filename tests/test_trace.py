"""--trace: the backward pass step by step, in each output format."""
import json

SCRIPT = ("import torch\nx = torch.tensor([1., 2.], requires_grad=True)\ny = (x * x).sum()\n"
          "y.backward()\nprint(x.grad)\n")

TRACE = """backward() at line 4: 3 steps from SumBackward0
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
    assert "backward() at line 4: 3 steps from SumBackward0" in r.stdout
    assert "│ 1 │ SumBackward0 = y " in r.stdout and "added to x.grad" in r.stdout

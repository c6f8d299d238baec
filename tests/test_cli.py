"""The commands as a user runs them: output text, JSON, exit codes, errors."""
import json
from pathlib import Path

import pytest

from conftest import ROOT, SEED, SEED_EXPECTED


def test_seed_notebook_prints_exactly_what_pytorch_prints(gradcli_process):
    """End to end: the installed console script in a real process."""
    r = gradcli_process("run", SEED, "--format", "torch")
    assert r.stdout == SEED_EXPECTED.read_text()
    assert r.returncode == 1
    lines = r.stderr.splitlines()
    assert lines[0].startswith(f"{SEED}:34: UserWarning: The .grad attribute of a Tensor that is not a leaf")
    assert lines[1] == f"{SEED}:37:1: RuntimeError: Can't call numpy() on Tensor that requires grad. " \
                       "Use tensor.detach().numpy() instead."
    assert lines[2:4] == ["    x3.numpy()", "    ^^^^^^^^^^"]
    assert "Traceback" not in r.stderr


def test_grad_one_liner_rich(gradcli):
    r = gradcli("grad", "((x+2)*(x-2)).sum()", "-a", "x=[1,2;3,4]")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    for name in ("SumBackward0", "AddBackward0", "SubBackward0", "MulBackward0", "x.grad"):
        assert name in out
    assert "14." in out
    assert "\x1b[" not in out                      # no colour without a terminal


def test_grad_one_liner_torch_text(gradcli):
    r = gradcli("grad", "((x+2)*(x-2)).sum()", "-a", "x=[1,2;3,4]", "-f", "torch")
    assert r.returncode == 0
    assert r.stdout.startswith("# ((x+2)*(x-2)).sum()\ntensor(14., grad_fn=<SumBackward0>)\n# (x+2)\n")
    assert r.stdout.endswith("# x.grad\ntensor([[2., 4.],\n        [6., 8.]])\n")
    assert "# ((x+2)*(x-2))\ntensor([[-3.,  0.],\n        [ 5., 12.]], grad_fn=<MulBackward0>)" in r.stdout


def _validate(doc):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "gradcli" / "output.schema.json").read_text())
    jsonschema.validate(doc, schema)


def test_grad_json(gradcli):
    r = gradcli("grad", "((x+2)*(x-2)).sum()", "-a", "x=[1,2;3,4]", "--format", "json")
    assert r.returncode == 0
    doc = json.loads(r.stdout)
    _validate(doc)
    f = doc["files"][0]
    assert doc["ok"] is True and doc["exit_code"] == 0 and f["path"] == "<formula>"
    res = f["result"]
    assert res["value"]["data"] == 14.0 and res["value"]["grad_fn"] == "SumBackward0"
    assert [n["grad_fn"] for n in res["nodes"]] == ["AddBackward0", "SubBackward0", "MulBackward0", "SumBackward0"]
    assert [n["source"] for n in res["nodes"]] == ["(x+2)", "(x-2)", "((x+2)*(x-2))", "((x+2)*(x-2)).sum()"]
    assert res["nodes"][0]["grad"]["data"] == [[-1.0, 0.0], [1.0, 2.0]]
    assert res["grads"]["x"]["data"] == [[2.0, 4.0], [6.0, 8.0]]
    assert f["variables"]["x"]["grad"]["data"] == [[2.0, 4.0], [6.0, 8.0]]


def test_seed_second_cell_formula(gradcli):
    r = gradcli("grad", "((x**2*3)**3).sum()", "-a", "x=[1,1;1,1]", "-f", "json")
    doc = json.loads(r.stdout)
    res = doc["files"][0]["result"]
    assert res["value"]["data"] == 108.0
    assert res["grads"]["x"]["data"] == [[162.0, 162.0], [162.0, 162.0]]
    assert [n["grad_fn"] for n in res["nodes"]] == ["PowBackward0", "MulBackward0", "PowBackward0", "SumBackward0"]


def test_run_json_document(gradcli):
    r = gradcli("run", SEED, "--format", "json")
    assert r.returncode == 1
    doc = json.loads(r.stdout)
    _validate(doc)
    f = doc["files"][0]
    assert f["ok"] is False
    assert f["error"]["type"] == "RuntimeError" and f["error"]["line"] == 37 and f["error"]["column"] == 1
    kinds = [e["kind"] for e in f["events"]]
    assert kinds.count("warning") == 1 and kinds.count("display") == 2
    first_print = next(e for e in f["events"] if e["kind"] == "print")
    assert first_print["text"] == "tensor([[3., 4.],\n        [5., 6.]], grad_fn=<AddBackward0>)\n"
    assert first_print["values"][0]["grad_fn"] == "AddBackward0"
    assert f["variables"]["x"]["grad"]["data"] == [[162.0, 162.0], [162.0, 162.0]]


def test_non_scalar_formula_suggests_fixes(gradcli):
    r = gradcli("grad", "x * 2", "-a", "x=[1,2]")
    assert r.returncode == 1
    assert "grad can be implicitly created only for scalar outputs" in r.stderr
    assert "sum(...)" in r.stderr and "--reduce" in r.stderr and "jacobian" in r.stderr
    r = gradcli("grad", "x * 2", "-a", "x=[1,2]", "--reduce", "sum", "-f", "json")
    assert json.loads(r.stdout)["files"][0]["result"]["grads"]["x"]["data"] == [2.0, 2.0]


@pytest.mark.parametrize("script,code,first_line", [
    ("x = (1 +\n", 2, "<stdin>:1:5: SyntaxError: '(' was never closed"),
    ("x = 1\ny = x +* 2\n", 2, "<stdin>:2:8: SyntaxError: unexpected '*'"),
    ("import torch\ny = foo + 1\n", 1, "<stdin>:2:5: NameError: name 'foo' is not defined"),
    ("import torch\ny = [[1,2]] @ [[1,2]]\n", 1,
     "<stdin>:2:5: RuntimeError: mat1 and mat2 shapes cannot be multiplied (1x2 and 1x2)"),
    ("y = [[1,2],[3]]\n", 1, "<stdin>:1:5: ValueError: expected sequence of length 2 at dim 1 (got 1)"),
    ("y = [[1,2],[a]]\n", 1, "<stdin>:1:13: NameError: name 'a' is not defined"),
    ("import torch\ny = torch.tensor([[1, 2], 3])\n", 1, "<stdin>:2:5: TypeError: not a sequence"),
    ("x = torch.ones(2)\nx.__class__\n", 1, "<stdin>:2:1: AttributeError: 'Tensor' object has no attribute '__class__'"),
    ('open("/etc/passwd")\n', 1, "<stdin>:1:1: NameError: 'open' is not available in gradcli scripts"),
    ("import os\n", 1, "<stdin>:1:8: ImportError: gradcli scripts can import torch"),
    ("class A:\n    pass\n", 2, "<stdin>:1:1: SyntaxError: class definitions ('class') are not supported"),
    ("x = torch.ones(2, requires_grad=True)\nx += 1\n", 1,
     "<stdin>:2:1: RuntimeError: a leaf Variable that requires grad is being used in an in-place operation."),
])
def test_errors_have_position_and_exit_code(gradcli, script, code, first_line):
    r = gradcli("run", "-", "-f", "torch", stdin=script)
    assert r.returncode == code, r.stderr
    assert r.stderr.startswith(first_line), r.stderr
    assert "Traceback" not in r.stderr


def test_missing_file_and_binary_input(gradcli, tmp_path):
    r = gradcli("run", "no_such_file.py")
    assert r.returncode == 2 and "no_such_file.py: no such file" in r.stderr and "Traceback" not in r.stderr
    (tmp_path / "bin.py").write_bytes(b"x = 1\x00\xff")
    r = gradcli("run", "bin.py")
    assert r.returncode == 2 and "binary file" in r.stderr
    (tmp_path / "latin.py").write_bytes(b"x = '\xe9'\n")
    r = gradcli("run", "latin.py")
    assert r.returncode == 2 and "not UTF-8" in r.stderr


def test_windows_line_ends_read_as_python_reads_them(gradcli, tmp_path):
    (tmp_path / "crlf.py").write_bytes(b'x = 1\r\nprint(x +\r\n      len("""a\r\nb"""))\r\nprint(undefined)\r\n')
    r = gradcli("run", "crlf.py", "-f", "torch")
    assert r.returncode == 1 and r.stdout == "4\n", r.stdout
    assert r.stderr.startswith("crlf.py:5:7: NameError: name 'undefined' is not defined"), r.stderr


def test_batch_exit_code_is_the_highest(gradcli, tmp_path):
    (tmp_path / "ok.py").write_text("import torch\nprint(torch.ones(2))\n")
    (tmp_path / "bad.py").write_text("y = 1 +\n")
    (tmp_path / "fail.py").write_text("assert 1 == 2, 'nope'\n")
    r = gradcli("run", "ok.py", "fail.py", "bad.py", "-f", "torch")
    assert r.returncode == 2
    assert r.stdout == "tensor([1., 1.])\n"
    assert "fail.py:1:8: AssertionError: nope" in r.stderr


def test_bad_at_value_is_a_usage_error(gradcli):
    r = gradcli("grad", "x.sum()", "-a", "x=[1,2")
    assert r.returncode == 2 and "not a number or a matrix literal" in r.stderr
    r = gradcli("grad", "x.sum()", "-a", "x=open(1)")
    assert r.returncode == 2


@pytest.mark.parametrize("value,data", [
    ("2.5", 2.5), ("-3", -3.0), (".5", 0.5), ("1e-3", 0.0010000000474974513), ("[1, 2, 3]", [1.0, 2.0, 3.0]),
    ("[1,2;3,4]", [[1.0, 2.0], [3.0, 4.0]]), ("[1;2;3]", [[1.0], [2.0], [3.0]]), ("[[1,2],[3,4]]", [[1.0, 2.0], [3.0, 4.0]]),
    ("[1,2;3,4;]", [[1.0, 2.0], [3.0, 4.0]]), ("[-1.5, +2, 3.]", [-1.5, 2.0, 3.0]),
])
def test_at_values(gradcli, value, data):
    r = gradcli("grad", "x.sum()", "-a", f"x={value}", "-f", "json")
    assert r.returncode == 0, r.stderr
    x = json.loads(r.stdout)["files"][0]["variables"]["x"]
    assert x["data"] == data and x["dtype"] == "float32" and x["requires_grad"] is True


@pytest.mark.parametrize("value,message", [
    ("[1,2;3]", "expected sequence of length 2 at dim 1 (got 1)"),
    ("[[1,2],[3]]", "expected sequence of length 2 at dim 1 (got 1)"),
    ("[1 2]", "is not a number or a matrix literal"),
    ("y", "is not a number or a matrix literal"),
])
def test_bad_at_values_say_what_is_wrong(gradcli, value, message):
    r = gradcli("grad", "x.sum()", "-a", f"x={value}")
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr


def test_rich_view_never_cuts_a_number(gradcli, tmp_path):
    import numpy as np
    np.savetxt(tmp_path / "w.csv", np.arange(300).reshape(15, 20) / 7, delimiter=",")
    r = gradcli("grad", "(x**2).sum()", "-a", f"x=@{tmp_path / 'w.csv'}")
    assert r.returncode == 0, r.stderr
    assert "…" in r.stdout and "⋮" in r.stdout               # columns and rows left out are marked
    assert " 0.2857 " in r.stdout and "8.1633e+00" in r.stdout   # x.grad and the x**2 node, whole
    assert "0.28…" not in r.stdout and "8.16…" not in r.stdout
    assert max(len(line) for line in r.stdout.splitlines()) <= 80


def test_version_and_help(gradcli_process):
    r = gradcli_process("--version")
    assert r.returncode == 0 and r.stdout.startswith("gradcli ")
    assert gradcli_process("--help").returncode == 0


def test_emit_torch_script(gradcli):
    r = gradcli("grad", "((x+2)*(x-2)).sum()", "-a", "x=[1,2;3,4]", "--emit", "torch")
    assert r.returncode == 0
    assert "x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float32, requires_grad=True)" in r.stdout
    assert "y.backward()" in r.stdout


def test_samples_run(gradcli):
    r = gradcli("run", ROOT / "samples" / "gradient_descent.py", "-f", "torch")
    assert r.returncode == 0, r.stderr
    w_line = r.stdout.splitlines()[0]
    assert w_line == "tensor(2.0000, requires_grad=True)" or w_line == "tensor(2., requires_grad=True)", w_line


def test_run_rich_view(gradcli_process):
    """End to end: Rich output to a pipe has no colour codes."""
    r = gradcli_process("run", SEED)
    assert r.returncode == 1
    out = r.stdout
    assert "╭─ x1 ─" in out and "grad_fn=<AddBackward0>" in out      # a panel titled with the source
    assert "shape [2, 2] · float32 · requires_grad=True" in out
    assert "Gradients" in out and "162." in out
    assert "\x1b[" not in out
    # errors are never wrapped, so the caret stays under the source
    assert "37:1: RuntimeError: Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.\n" \
           "    x3.numpy()\n    ^^^^^^^^^^" in r.stderr


@pytest.mark.parametrize("given,want", [(None, "20"), ("7", "7")])
def test_the_command_lets_openblas_threads_sleep_unless_the_user_chose(given, want):
    """The console script (gradcli.__main__) shortens OpenBLAS's idle spin
    before numpy loads; a value in the environment is the user's and stays."""
    import os
    import subprocess
    import sys
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_THREAD_TIMEOUT"}
    env["PYTHONPATH"] = str(ROOT)
    if given is not None:
        env["OPENBLAS_THREAD_TIMEOUT"] = given
    code = ("import sys, os, gradcli.__main__; "
            "print(os.environ['OPENBLAS_THREAD_TIMEOUT'], 'numpy' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert r.stdout.split() == [want, "False"], r.stderr

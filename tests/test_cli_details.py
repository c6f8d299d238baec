"""Details users meet: --emit torch is valid Python, one-liner hints, graph's
--root and --output, output files' permissions, and --junit's errors."""
import os
import stat
import subprocess
import sys

import pytest

EMIT_CASES = [
    ("sum(x^2 + [1.,2;3,4] @ x)", "y = torch.sum(x**2 + torch.tensor([[1., 2], [3, 4]]) @ x)",
     "tensor(84., grad_fn=<SumBackward0>)"),
    ("exp(x).sum() + max(x) + [1,2;3,4][0,1]",
     "y = torch.exp(x).sum() + torch.max(x) + torch.tensor([[1, 2], [3, 4]])[0,1]",
     "tensor(90.7910, grad_fn=<AddBackward0>)"),
    ("([1, 2] * x).mean() + abs(x).sum()", "y = (torch.tensor([1, 2]) * x).mean() + torch.abs(x).sum()",
     "tensor(14., grad_fn=<AddBackward0>)"),
    ("(x @ [[1.5,2],[3,4]]).sum() ^ 2", "y = (x @ torch.tensor([[1.5,2],[3,4]])).sum() ** 2",
     "tensor(3136., grad_fn=<PowBackward0>)"),
]


@pytest.mark.parametrize("formula,line,value", EMIT_CASES, ids=[c[0] for c in EMIT_CASES])
def test_emit_torch_translates_the_extensions(gradcli, formula, line, value):
    r = gradcli("grad", formula, "-a", "x=[1,2;3,4]", "--emit", "torch")
    assert r.returncode == 0, r.stderr
    assert line in r.stdout.splitlines()
    compile(r.stdout, "<emitted>", "exec")                 # valid Python
    ours = gradcli("grad", formula, "-a", "x=[1,2;3,4]", "-f", "torch").stdout.splitlines()[1]
    assert ours == value


@pytest.mark.parametrize("formula,line,value", EMIT_CASES, ids=[c[0] for c in EMIT_CASES])
def test_emitted_script_prints_the_same_under_torch(gradcli, tmp_path, formula, line, value):
    pytest.importorskip("torch")
    script = tmp_path / "emitted.py"
    script.write_text(gradcli("grad", formula, "-a", "x=[1,2;3,4]", "--emit", "torch").stdout)
    torch_out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert torch_out.returncode == 0, torch_out.stderr
    ours = gradcli("grad", formula, "-a", "x=[1,2;3,4]", "-f", "torch").stdout.splitlines()
    assert torch_out.stdout.splitlines()[0] == ours[1] == value
    assert torch_out.stdout.splitlines()[1:] == ours[ours.index("# x.grad") + 1:]


def test_grad_torch_text_shows_the_root_once(gradcli):
    r = gradcli("grad", "((x+2)*(x-2)).sum()", "-a", "x=[1,2;3,4]", "-f", "torch")
    assert r.stdout.count("tensor(14., grad_fn=<SumBackward0>)") == 1
    assert r.stdout.splitlines()[:2] == ["# ((x+2)*(x-2)).sum()", "tensor(14., grad_fn=<SumBackward0>)"]


def test_reduce_labels_the_reduced_value(gradcli):
    r = gradcli("grad", "x*2", "-a", "x=[1,2]", "--reduce", "mean", "-f", "torch")
    assert r.stdout.splitlines() == ["# (x*2).mean()", "tensor(3., grad_fn=<MeanBackward0>)", "# x*2",
                                     "tensor([2., 4.], grad_fn=<MulBackward0>)", "# d/d(x*2)",
                                     "tensor([0.5000, 0.5000])", "# x.grad", "tensor([1., 1.])"]


def test_an_unbound_name_in_a_one_liner_suggests_a_and_c(gradcli):
    r = gradcli("grad", "x + y", "-a", "x=[1,2]", "-f", "torch")
    assert r.returncode == 1
    assert r.stderr.splitlines() == ["<formula>:1:5: NameError: name 'y' is not defined", "    x + y",
                                     "        ^",
                                     "  hint: bind it with -a y=VALUE (a leaf that requires grad) or -c y=VALUE "
                                     "(a constant)"]


def test_graph_of_a_file_without_root_says_so(gradcli, tmp_path):
    (tmp_path / "train.py").write_text("import torch\nx = torch.ones(2, requires_grad=True)\nloss = (x * 2).sum()\n")
    r = gradcli("graph", "train.py")
    assert r.returncode == 2
    assert r.stderr == ("gradcli: UsageError: train.py looks like a script: say which of its variables to draw "
                        "with --root NAME\n  hint: gradcli graph train.py --root loss\n")
    assert gradcli("graph", "train.py", "--root", "loss").returncode == 0


@pytest.mark.parametrize("name,head", [("g.dot", "digraph gradcli {"), ("g.mmd", "---\ntitle: \"x*2\"\n---\nflowchart TD"),
                                       ("g.json", "{")])
def test_graph_output_suffix_chooses_the_format(gradcli, tmp_path, name, head):
    r = gradcli("graph", "x*2", "-a", "x=1", "-o", name)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / name).read_text().startswith(head)


def test_graph_output_with_an_unknown_suffix_asks_for_the_format(gradcli, tmp_path):
    r = gradcli("graph", "x*2", "-a", "x=1", "-o", "g.png")
    assert r.returncode == 2 and "--format dot, mermaid or json" in r.stderr
    assert not (tmp_path / "g.png").exists()


def test_output_files_get_the_users_umask(gradcli, tmp_path):
    old = os.umask(0o022)
    try:
        assert gradcli("graph", "x*2", "-a", "x=1", "-o", "g.dot").returncode == 0
        (tmp_path / "t.py").write_text("assert 1 == 1\n")
        assert gradcli("check", "t.py", "--junit", "r.xml", "-f", "torch").returncode == 0
    finally:
        os.umask(old)
    for name in ("g.dot", "r.xml"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644, name


def test_a_bad_junit_path_names_junit(gradcli, tmp_path):
    (tmp_path / "t.py").write_text("assert 1 == 1\n")
    r = gradcli("check", "t.py", "--junit", "missing/r.xml", "-f", "torch")
    assert r.returncode == 2
    assert r.stderr == "gradcli: UsageError: --junit missing/r.xml: cannot write there (No such file or directory)\n"


@pytest.mark.parametrize("args,message", [
    (["grad", "x*2", "-a", "x=[1,2", "-f", "json"], "-a x=...: '[1,2' is not a number or a matrix literal"),
    (["grad", "x*2", "-a", "x=1", "-f", "json", "--bogus"], "No such option '--bogus'."),
    (["run", "s.py", "--format=json", "--shard", "9/2"], "--shard 9/2: expected K/N"),
    (["jacobian", "x*2", "-f", "json", "-a", "x"], "-a 'x': expected NAME=VALUE"),
    (["run", "--json-lines"], "Missing argument 'FILES...'."),
])
def test_every_failure_under_json_prints_one_document(gradcli, tmp_path, args, message):
    jsonschema = pytest.importorskip("jsonschema")
    import json
    (tmp_path / "s.py").write_text("print(1)\n")
    r = gradcli(*args)
    assert r.returncode == 2
    doc = json.loads(r.stdout)
    jsonschema.validate(doc, json.loads(gradcli("schema").stdout))
    assert doc["ok"] is False and doc["exit_code"] == 2
    err = doc["files"][0]["error"]
    assert err["type"] == "UsageError" and err["message"].startswith(message), err
    assert message in r.stderr


@pytest.mark.parametrize("args,coloured", [((), False), (("--color", "never"), False), (("--color", "always"), True),
                                           (("--color", "always", "--no-color"), False)])
def test_color_choice(gradcli, args, coloured):
    r = gradcli("grad", "x*2", "-a", "x=1", *args)
    assert r.returncode == 0
    assert ("\x1b[" in r.stdout) is coloured


def test_shell_completion_is_offered(gradcli_process):
    # NOTE: --show-completion names the shell it was started from, so the
    # command runs under bash whatever runs the tests.
    r = gradcli_process("--show-completion", via_bash=True, extra_env={"SHELL": "/bin/bash"})
    assert r.returncode == 0, r.stderr
    assert "_GRADCLI_COMPLETE=complete_bash" in r.stdout


def test_shell_completion_completes_commands(gradcli_process):
    r = gradcli_process(extra_env={"_GRADCLI_COMPLETE": "complete_bash", "COMP_WORDS": "gradcli gr",
                                   "COMP_CWORD": "1"})
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["grad", "graph"]


def test_notebook_errors_name_the_cell(gradcli, tmp_path):
    import json
    nb = {"cells": [{"cell_type": "code", "source": ["import torch\n", "x = torch.ones(2)\n"]},
                    {"cell_type": "markdown", "source": ["notes"]},
                    {"cell_type": "code", "source": ["y = x * 2\n", "z = x + torch.ones(3)\n"]},
                    {"cell_type": "code", "source": ["print(y)\n"]}]}
    (tmp_path / "nb.ipynb").write_text(json.dumps(nb))
    r = gradcli("run", "nb.ipynb", "-f", "torch")
    assert r.returncode == 1
    assert r.stdout == "tensor([2., 2.])\n"                  # the next cell still runs
    assert r.stderr.splitlines()[-1] == "  in code cell 2, line 2"


@pytest.mark.parametrize("command", ["run", "grad", "jacobian", "hessian", "graph", "check", "repl", "schema"])
def test_help_shows_defaults_plainly_and_an_example(gradcli, command, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    r = gradcli(command, "--help")
    assert r.returncode == 0
    assert "\\[" not in r.stdout and "..." not in r.stdout.replace("FILES...", "")
    assert f"Example: gradcli {command}" in " ".join(r.stdout.split())
    if command != "schema":
        assert "[default:" in r.stdout


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [
    ("grad", "((x+2)*(x-2)).sum()", "-a", "x=[1,2;3,4]"),                     # the fast path
    ("grad", "((x+2)*(x-2)).sum()", "-a", "x=[1,2;3,4]", "-f", "json"),
    ("grad", "x.sum()", "-a", "x=[1,2]", "-f", "rich", "-f", "torch"),         # typer reads it
    ("run", "prog.py", "-f", "torch"),                                         # the fast path
    ("run", "prog.py", "-f", "rich", "-f", "torch"),                           # typer reads it
])
def test_output_that_cannot_be_written_is_a_clear_error_not_a_bug(gradcli_process, tmp_path, args):
    (tmp_path / "prog.py").write_text("import torch\nfor i in range(3000):\n    print(i)\n")
    with open("/dev/full", "w") as full:
        r = gradcli_process(*args, stdout=full)
    assert r.returncode == 2, r.stderr
    assert r.stderr == "gradcli: cannot write the output (No space left on device)\n"

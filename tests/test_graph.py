"""The graph command: the tree, DOT, Mermaid and JSON views of the
autograd graph, --root on a script, --output written atomically."""
import json

import pytest

from conftest import SEED
from gradcli.engine.graph import collect
from gradcli.session import run_source

FORMULA = ("((x+2)*(x-2)).sum()", "-a", "x=[1,2;3,4]")


def test_tree(gradcli):
    r = gradcli("graph", *FORMULA)
    assert r.returncode == 0, r.stderr
    assert r.stdout == (
        "autograd graph of ((x+2)*(x-2)).sum()\n"
        "└── SumBackward0 [] = ((x+2)*(x-2)).sum()\n"
        "    └── MulBackward0 [2, 2] = ((x+2)*(x-2))\n"
        "        ├── AddBackward0 [2, 2] = (x+2)\n"
        "        │   └── x [2, 2] (AccumulateGrad)\n"
        "        └── SubBackward0 [2, 2] = (x-2)\n"
        "            └── x [2, 2] (AccumulateGrad)\n")


def test_dot(gradcli):
    r = gradcli("graph", *FORMULA, "-f", "dot")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith('digraph gradcli {\n  label="((x+2)*(x-2)).sum()";\n')
    assert '  n0 [shape=box, label="SumBackward0\\n[]\\n((x+2)*(x-2)).sum()"];\n' in r.stdout
    assert '  n4 [shape=box, style=filled, fillcolor=lightblue, label="x\\n[2, 2]"];\n' in r.stdout
    edges = sorted(line.strip() for line in r.stdout.splitlines() if "->" in line)
    assert edges == ["n0 -> n1;", "n1 -> n2;", "n1 -> n3;", "n2 -> n4;", "n3 -> n4;"]
    assert r.stdout.endswith("}\n")


def test_mermaid(gradcli):
    r = gradcli("graph", "(x*w).sum()", "-a", "x=[1,2]", "-a", "w=[3,4]", "-f", "mermaid")
    assert r.returncode == 0, r.stderr
    assert r.stdout == ('---\ntitle: "(x*w).sum()"\n---\nflowchart TD\n'
                        '  n0["SumBackward0 [] = (x*w).sum()"]\n'
                        '  n1["MulBackward0 [2] = (x*w)"]\n'
                        '  n2(["x [2] (AccumulateGrad)"])\n'
                        '  n3(["w [2] (AccumulateGrad)"])\n'
                        '  n0 --> n1\n  n1 --> n2\n  n1 --> n3\n')


def test_json_and_atomic_output(gradcli, tmp_path):
    out = tmp_path / "g.json"
    r = gradcli("graph", *FORMULA, "-f", "json", "--output", out)
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
    doc = json.loads(out.read_text())
    from test_cli import _validate
    _validate(doc)
    g = doc["files"][0]["result"]
    assert g["root"] == "((x+2)*(x-2)).sum()"
    assert [n["name"] for n in g["nodes"]] == ["SumBackward0", "MulBackward0", "AddBackward0", "SubBackward0",
                                               "AccumulateGrad"]
    assert g["nodes"][4] == {"id": 4, "name": "AccumulateGrad", "shape": [2, 2], "dtype": "float32", "label": "x"}
    assert sorted(map(tuple, g["edges"])) == [(0, 1), (1, 2), (1, 3), (2, 4), (3, 4)]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".gradcli-")] == []


def test_root_of_a_script(gradcli):
    r = gradcli("graph", SEED, "--root", "y")
    assert r.returncode == 1                         # the seed's own numpy() error, reported on stderr
    assert "RuntimeError: Can't call numpy()" in r.stderr
    assert r.stdout.splitlines()[1:] == [
        "└── SumBackward0 [] = y", "    └── PowBackward0 [2, 2] = x3", "        └── MulBackward0 [2, 2] = x2",
        "            └── PowBackward0 [2, 2] = x1", "                └── x [2, 2] (AccumulateGrad)"]


@pytest.mark.parametrize("args,message", [
    (("graph", SEED, "--root", "nope"), "--root nope: the script has no variable 'nope' (its tensors: x, x1, x2, x3, y)"),
    (("graph", *FORMULA, "--output", "g.png"), "--output g.png: say which format to write with --format dot"),
    (("graph", *FORMULA, "-f", "dot", "--output", "/no/such/dir/g.dot"), "--output /no/such/dir/g.dot: cannot write there"),
])
def test_usage_errors(gradcli, args, message):
    r = gradcli(*args)
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr


def test_a_constant_has_no_graph(gradcli):
    r = gradcli("graph", "x.sum()", "-c", "x=1")
    assert r.returncode == 1 and "does not depend on any -a leaf" in r.stderr


def test_a_long_chain_is_collected_without_recursion():
    r = run_source("import torch\nx = torch.ones(2, requires_grad=True)\ny = x\n"
                   "for i in range(200000):\n    y = y * 1.0\n", "<t>")
    g = collect(r.variables["y"], r.variables.items())
    assert len(g.nodes) == 200001 and len(g.edges) == 200000
    assert g.nodes[-1].name == "AccumulateGrad" and g.nodes[-1].label == "x"
    assert g.nodes[0].label == "y"


def test_a_deep_tree_is_cut_with_a_note(gradcli, tmp_path):
    script = tmp_path / "chain.py"
    script.write_text("import torch\nx = torch.ones(2, requires_grad=True)\ny = x\nfor i in range(300):\n"
                      "    y = y * 1.0\n")
    r = gradcli("graph", script, "--root", "y")
    assert r.returncode == 0, r.stderr
    assert "… and " in r.stdout and "more nodes" in r.stdout and "--format dot" in r.stdout
    assert max(len(line) for line in r.stdout.splitlines()) <= 80

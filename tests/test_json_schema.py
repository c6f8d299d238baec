"""The JSON contract: every command's --format json output validates against
the schema `gradcli schema` prints, and the schema rejects what is not the
contract (it is closed: no unknown event, field or result)."""
import copy
import json

import jsonschema
import pytest

SCRIPT = """# %%
import torch
x = torch.tensor([1., 2.], requires_grad=True)
y = (x * x).sum()
print(y, 3, "text", None, [1, 2])
y.backward()
print(x.grad)
x3 = x * 3
x3.grad
assert y.item() > 0
z = x
z
"""

COMMANDS = [
    ["run", "s.py", "-f", "json"],
    ["run", "s.py", "-f", "json", "--trace"],
    ["run", "s.py", "bad.py", "missing.py", "-f", "json"],
    ["check", "s.py", "-f", "json"],
    ["grad", "((x+2)*(x-2)).sum()", "-a", "x=[1,2;3,4]", "-f", "json"],
    ["grad", "(x*y).sum()", "-a", "x=[1,2]", "-a", "y=[3,4]", "-f", "json", "--trace", "--wrt", "x"],
    ["grad", "x / 0", "-a", "x=[1,-1]", "--reduce", "sum", "-f", "json"],
    ["grad", "x + nope", "-a", "x=1", "-f", "json"],
    ["jacobian", "tanh(x) * w", "-a", "x=[1,2]", "-a", "w=[3,4]", "-f", "json"],
    ["hessian", "(x**3).sum() * y", "-a", "x=[1,2]", "-a", "y=2", "-f", "json"],
    ["graph", "((x+2)*(x-2)).sum()", "-a", "x=[1,2;3,4]", "-f", "json"],
    ["graph", "s.py", "--root", "y", "-f", "json"],
]


@pytest.fixture
def schema(gradcli):
    return json.loads(gradcli("schema").stdout)


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a) for a in COMMANDS])
def test_every_command_output_validates(gradcli, tmp_path, schema, args):
    (tmp_path / "s.py").write_text(SCRIPT)
    (tmp_path / "bad.py").write_text("import torch\nq = torch.ones(2) + torch.ones(3)\n")
    r = gradcli(*args)
    assert r.returncode in (0, 1, 2), r.stderr
    doc = json.loads(r.stdout)
    jsonschema.validate(doc, schema)
    assert doc["summary"]["files"] == len(doc["files"])


def test_every_event_kind_appears_and_validates(gradcli, tmp_path, schema):
    (tmp_path / "s.py").write_text(SCRIPT)
    doc = json.loads(gradcli("run", "s.py", "-f", "json", "--trace").stdout)
    assert {e["kind"] for e in doc["files"][0]["events"]} == {"print", "display", "warning", "assert", "backward"}
    check = json.loads(gradcli("check", "s.py", "-f", "json").stdout)
    assert "check" in {e["kind"] for e in check["files"][0]["events"]}


def _grad_doc(gradcli):
    return json.loads(gradcli("grad", "(x*x).sum()", "-a", "x=[1,2]", "-f", "json").stdout)


@pytest.mark.parametrize("spoil", [
    lambda d: d["files"][0].__setitem__("result", {}),
    lambda d: d["files"][0]["result"].__setitem__("extra", 1),
    lambda d: d["files"][0]["result"]["value"].pop("grad_fn"),
    lambda d: d["files"][0]["result"]["nodes"][0].__setitem__("grad_fn", 3),
    lambda d: d["files"][0]["events"].append({"kind": "print", "line": 1}),
    lambda d: d["files"][0]["events"].append({"kind": "telemetry", "line": 1}),
    lambda d: d["files"][0]["events"].append({"kind": "warning", "line": 1, "message": "m", "x": 1}),
    lambda d: d.pop("summary"),
    lambda d: d["summary"].__setitem__("skipped", 0),
    lambda d: d.__setitem__("gradcli", 2),
    lambda d: d["files"][0]["variables"]["x"].__setitem__("dtype", "complex64"),
], ids=["empty result", "result extra", "tensor missing field", "grad_fn not a string", "print without text",
        "unknown event", "event extra field", "no summary", "summary extra", "wrong version", "unknown dtype"])
def test_the_schema_rejects_what_is_not_the_contract(gradcli, schema, spoil):
    doc = _grad_doc(gradcli)
    jsonschema.validate(doc, schema)
    bad = copy.deepcopy(doc)
    spoil(bad)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)

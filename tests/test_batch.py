"""Batch runs: directories, --jobs, --shard, --fail-fast and the closing
summary line as pytest prints it."""
import json
from pathlib import Path

import pytest

from conftest import ROOT

OK = "import torch\nx = torch.ones(2, requires_grad=True)\nprint((x * 2).sum())\n"
FAILS = "import torch\nx = torch.ones(2)\ny = x + torch.ones(3)\n"
SYNTAX = "x = (\n"


@pytest.fixture
def batch_dir(tmp_path):
    d = tmp_path / "batch"
    (d / "sub").mkdir(parents=True)
    (d / "a.py").write_text(OK)
    (d / "b.py").write_text(FAILS)
    (d / "c.grad").write_text(SYNTAX)
    (d / "sub" / "d.py").write_text(OK)
    (d / "notes.txt").write_text("not a script")
    return d


def test_a_directory_runs_its_scripts_in_sorted_order_with_a_summary(gradcli, batch_dir):
    r = gradcli("run", "batch", "-f", "torch", cwd=batch_dir.parent)
    assert r.stdout == "tensor(4., grad_fn=<SumBackward0>)\n" * 2
    assert r.returncode == 2                  # the highest of the files': a syntax error
    tail = r.stderr.splitlines()[-3:]
    assert tail[0] == ("FAILED batch/b.py:3 - RuntimeError: The size of tensor a (2) must match the size of "
                       "tensor b (3) at non-singleton dimension 0")
    assert tail[1] == "ERROR batch/c.grad:1 - SyntaxError: '(' was never closed"
    assert tail[2].startswith("1 failed, 2 passed, 1 error in ") and tail[2].endswith("s")
    assert "batch/b.py:3:5: RuntimeError" in r.stderr   # each failure in full too, with its caret


def test_all_passing_batch_exits_0(gradcli, tmp_path):
    for name in ("one.py", "two.py"):
        (tmp_path / name).write_text(OK)
    r = gradcli("run", "one.py", "two.py", "-f", "torch")
    assert r.returncode == 0
    assert r.stderr.splitlines()[-1].startswith("2 passed in ")


def test_rich_batch_has_a_header_per_file_and_the_summary(gradcli, batch_dir):
    r = gradcli("run", "batch", cwd=batch_dir.parent)
    lines = r.stdout.splitlines()
    headers = [l.split(" ")[0] for l in lines if l.endswith("──") and not l.startswith("summary")]
    assert headers == ["batch/a.py", "batch/b.py", "batch/c.grad", "batch/sub/d.py"]
    assert lines[-1].startswith("1 failed, 2 passed, 1 error in ")
    assert "FAILED batch/b.py:3 - RuntimeError" in r.stdout


def test_jobs_give_the_same_output_in_file_order(gradcli, tmp_path):
    for i in range(6):
        (tmp_path / f"s{i}.py").write_text(f"import torch\nprint(torch.tensor({i}.5) * 2)\n"
                                           + ("y = undefined_name\n" if i == 3 else ""))
    one = gradcli("run", ".", "-f", "torch", "--jobs", "1")
    two = gradcli("run", ".", "-f", "torch", "-j", "2")
    assert two.stdout == one.stdout == "".join(f"tensor({2 * i + 1}.)\n" for i in range(6))
    assert two.returncode == one.returncode == 1
    strip = lambda text: [l for l in text.splitlines() if " in " not in l or "passed" not in l]
    assert strip(two.stderr) == strip(one.stderr)
    assert "FAILED s3.py:3 - NameError: name 'undefined_name' is not defined" in two.stderr


def test_shards_partition_the_batch(gradcli, tmp_path):
    for i in range(7):
        (tmp_path / f"s{i}.py").write_text(f"print({i})\n")
    seen = []
    for k in (1, 2, 3):
        r = gradcli("run", ".", "-f", "torch", "--shard", f"{k}/3")
        assert r.returncode == 0
        seen.extend(int(v) for v in r.stdout.split())
    assert sorted(seen) == list(range(7))
    assert gradcli("run", ".", "-f", "torch", "--shard", "1/3").stdout.split() == ["0", "3", "6"]


@pytest.mark.parametrize("spec", ["0/2", "3/2", "1", "a/b", "1/0"])
def test_a_bad_shard_is_a_usage_error(gradcli, tmp_path, spec):
    (tmp_path / "s.py").write_text("print(1)\n")
    r = gradcli("run", "s.py", "--shard", spec)
    assert r.returncode == 2
    assert r.stderr == f"gradcli: UsageError: --shard {spec}: expected K/N with 1 <= K <= N, e.g. --shard 2/4\n"


def test_fail_fast_says_how_many_files_were_skipped(gradcli, batch_dir):
    r = gradcli("run", "batch", "-f", "torch", "--fail-fast", cwd=batch_dir.parent)
    assert r.returncode == 1
    assert r.stdout == "tensor(4., grad_fn=<SumBackward0>)\n"
    assert "gradcli: stopped after the first failing file (--fail-fast); 2 files not run" in r.stderr
    assert r.stderr.splitlines()[-1].startswith("1 failed, 1 passed, 2 skipped in ")


def test_json_batch_document_has_the_summary(gradcli, batch_dir):
    jsonschema = pytest.importorskip("jsonschema")
    r = gradcli("run", "batch", "-f", "json", cwd=batch_dir.parent)
    doc = json.loads(r.stdout)
    jsonschema.validate(doc, json.loads((ROOT / "gradcli" / "output.schema.json").read_text()))
    assert [f["path"] for f in doc["files"]] == ["batch/a.py", "batch/b.py", "batch/c.grad", "batch/sub/d.py"]
    s = doc["summary"]
    assert (s["files"], s["passed"], s["failed"], s["errors"]) == (4, 2, 1, 1)
    assert doc["exit_code"] == 2 and doc["ok"] is False
    assert doc["files"][2]["error"]["type"] == "SyntaxError"


def test_an_empty_directory_is_a_usage_error(gradcli, tmp_path):
    (tmp_path / "empty").mkdir()
    r = gradcli("run", "empty")
    assert r.returncode == 2
    assert r.stderr == "gradcli: UsageError: empty: no scripts (*.py, *.grad, *.ipynb) in this directory\n"


def test_a_missing_file_in_a_batch_does_not_stop_the_others(gradcli, tmp_path):
    (tmp_path / "ok.py").write_text("print(1)\n")
    r = gradcli("run", "missing.py", "ok.py", "-f", "torch")
    assert r.stdout == "1\n"
    assert r.returncode == 2
    assert "ERROR missing.py - UsageError: missing.py: no such file" in r.stderr


def test_github_format_annotates_errors_and_warnings(gradcli, tmp_path):
    (tmp_path / "w.py").write_text("import torch\nx = torch.ones(2, requires_grad=True)\ny = x * 2\n"
                                   "print(y.grad)\nz = y + torch.ones(3)\n")
    r = gradcli("run", "w.py", "-f", "github")
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert lines[0].startswith("::warning title=gradcli (UserWarning),file=w.py,line=4::w.py:4: UserWarning: "
                               "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed.")
    assert lines[1] == "None"
    assert lines[2] == ("::error title=gradcli (RuntimeError),file=w.py,line=5,col=5,endLine=5,endColumn=22::"
                        "w.py:5:5: RuntimeError: The size of tensor a (2) must match the size of tensor b (3) "
                        "at non-singleton dimension 0")


def test_github_annotation_escapes_newlines_and_commas():
    from gradcli.render.github_out import annotation
    assert annotation("error", "X", "a,b:c.py", "two\nlines 100%", 2) == \
        "::error title=gradcli (X),file=a%2Cb%3Ac.py,line=2::a,b:c.py:2: X: two%0Alines 100%25\n"


def test_json_lines_gives_one_valid_document_per_file(gradcli, batch_dir):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(gradcli("schema").stdout)
    r = gradcli("run", "batch", "--json-lines", cwd=batch_dir.parent)
    lines = r.stdout.splitlines()
    assert len(lines) == 4
    docs = [json.loads(line) for line in lines]
    for doc in docs:
        jsonschema.validate(doc, schema)
    assert [d["files"][0]["path"] for d in docs] == ["batch/a.py", "batch/b.py", "batch/c.grad", "batch/sub/d.py"]
    assert [d["exit_code"] for d in docs] == [0, 1, 2, 0]


def test_schema_command_prints_the_shipped_schema(gradcli):
    r = gradcli("schema")
    assert r.returncode == 0
    assert json.loads(r.stdout) == json.loads((ROOT / "gradcli" / "output.schema.json").read_text())


def test_the_sample_gallery_runs_green_and_a_broken_file_is_named(gradcli, tmp_path):
    import shutil
    r = gradcli("run", "samples", "-f", "torch", cwd=ROOT)
    assert r.returncode == 0, r.stderr
    n = len(list((ROOT / "samples").rglob("*.py")))
    assert r.stderr.splitlines()[-1].startswith(f"{n} passed in ")
    rich = gradcli("run", "samples", cwd=ROOT)
    assert rich.returncode == 0
    assert sum(1 for line in rich.stdout.splitlines() if line.startswith("samples/") and line.endswith("─")) == n
    gallery = tmp_path / "gallery"
    shutil.copytree(ROOT / "samples", gallery)
    (gallery / "zz_broken.py").write_text("import torch\nx = torch.ones(2)\nx.nope()\n")
    r = gradcli("run", "gallery", "-f", "torch")
    assert r.returncode == 1
    assert "FAILED gallery/zz_broken.py:3 - AttributeError" in r.stderr
    assert r.stderr.splitlines()[-1].startswith(f"1 failed, {n} passed in ")
    (gallery / "zz_syntax.py").write_text("x = (\n")
    assert gradcli("run", "gallery", "-f", "torch").returncode == 2

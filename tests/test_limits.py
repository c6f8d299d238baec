"""SPEC §6 limits, each ending with a clear error or a result, never a
crash: the heavy inputs run in a real process under a 2 GiB address-space
limit (``resource.setrlimit(RLIMIT_AS)``), as the README's table lists them."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

resource = pytest.importorskip("resource")

AS_LIMIT = 2 << 30
RUNNER = f"""
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({AS_LIMIT}, {AS_LIMIT}))
sys.argv = ["gradcli", "run", "-f", "torch", *sys.argv[1:]]
from gradcli.__main__ import main
main()
"""


def run_limited(tmp_path, source: str, *options: str) -> subprocess.CompletedProcess:
    path = tmp_path / "limit.py"
    path.write_text(source)
    return subprocess.run([sys.executable, "-c", RUNNER, *options, str(path)], capture_output=True, text=True,
                          timeout=300)


def first_line(r) -> str:
    assert "Traceback" not in r.stderr
    return r.stderr.splitlines()[0] if r.stderr else ""


def nested_blocks(levels: int) -> str:
    heads = ["if True:", "for _ in range(1):", "with torch.no_grad():"]
    return "import torch\n" + "".join("    " * i + heads[i % 3] + "\n" for i in range(levels)) + \
        "    " * levels + "print('deep')\n"


def test_a_thousand_nested_blocks_run(tmp_path):
    r = run_limited(tmp_path, nested_blocks(1000))
    assert (r.returncode, r.stdout, r.stderr) == (0, "deep\n", "")


def test_more_nested_blocks_are_a_clear_error(tmp_path):
    r = run_limited(tmp_path, nested_blocks(1001))
    assert r.returncode == 2
    assert first_line(r) == (f"{tmp_path / 'limit.py'}:1003:4005: "
                             "SyntaxError: blocks nested too deeply (over 1000 levels)")


def test_ten_thousand_brackets_are_a_clear_error(tmp_path):
    r = run_limited(tmp_path, "x = " + "[" * 10_000 + "1" + "]" * 10_000 + "\n")
    assert r.returncode == 2
    assert first_line(r).endswith("SyntaxError: expression nested too deeply (over 900 levels)")


def test_ten_thousand_parentheses_parse_and_run(tmp_path):
    r = run_limited(tmp_path, "x = " + "(" * 10_000 + "1" + ")" * 10_000 + "\nprint(x)\n")
    assert (r.returncode, r.stdout) == (0, "1\n")


def test_a_million_op_chain_backpropagates(tmp_path):
    src = ("import torch\nx = torch.tensor(2.0, requires_grad=True)\ny = x\n"
           "for i in range(100000):\n    y = y * 1.0 * 1.0 * 1.0 * 1.0 * 1.0 * 1.0 * 1.0 * 1.0 * 1.0 * 1.0\n"
           "y.backward()\nprint(x.grad)\n")
    r = run_limited(tmp_path, src)
    assert (r.returncode, r.stdout, r.stderr) == (0, "tensor(1.)\n", "")


@pytest.mark.parametrize("source,code,message", [
    ("import torch\nx = torch.ones(100000, 100000)\n", 1,
     "LimitError: a tensor of 10,000,000,000 elements is over the limit of 50,000,000 elements"),
    ("def f(n):\n    return f(n+1)\nf(0)\n", 1, "RecursionError: maximum recursion depth exceeded"),
    ("while True:\n    pass\n", 1, "LimitError: the script ran more than 100,000 statements"),
    ("x = 'a' * 10**10\n", 1, "LimitError: a sequence of 10,000,000,000 items is over the limit of 10,000,000"),
    ("x = [0] * 10**10\n", 1, "LimitError: a sequence of 10,000,000,000 items is over the limit of 10,000,000"),
    ("x = 3 << 10**12\n", 1, "LimitError: integer shift too large (count over 100,000)"),
])
def test_limits_are_clear_errors(tmp_path, source, code, message):
    r = run_limited(tmp_path, source, "--max-steps", "100000")
    assert r.returncode == code
    assert first_line(r).split(": ", 1)[1] == message


def test_max_memory_stops_a_script_before_the_machine_suffers(tmp_path):
    src = "import torch\nxs = []\nfor i in range(100):\n    xs.append(torch.ones(10000000))\n"
    r = run_limited(tmp_path, src, "--max-memory", "300M")
    assert r.returncode == 1
    line = first_line(r)
    assert ":4:15: LimitError: a tensor of 76 MiB would take the script's memory (" in line
    assert line.endswith("in use) over the limit of 300 MiB")
    assert "hint: raise it with --max-memory SIZE (e.g. --max-memory 8G)" in r.stderr


def test_the_default_memory_limit_fits_the_address_space_limit(tmp_path):
    src = "import torch\nxs = []\nfor i in range(100):\n    xs.append(torch.ones(40000000))\n"
    r = run_limited(tmp_path, src)
    assert r.returncode == 1
    m = re.search(r"LimitError: a tensor of 305 MiB would take .* over the limit of ([\d,]+) MiB$", first_line(r))
    assert m and int(m[1].replace(",", "")) <= 1536          # at most 3/4 of the 2 GiB address space


def test_an_input_over_the_size_limit_is_a_usage_error(tmp_path, monkeypatch):
    from gradcli import inputs
    from inprocess import run_cli
    monkeypatch.setattr(inputs, "MAX_INPUT_BYTES", 1024 * 1024)
    path = tmp_path / "big.py"
    path.write_text("x = 1\n" * 200_000)
    r = run_cli(["run", str(path)])
    assert r.returncode == 2
    assert r.stderr == f"gradcli: {path}: the input is larger than 1 MiB\n"


def test_a_bad_memory_size_is_a_usage_error(tmp_path):
    r = run_limited(tmp_path, "x = 1\n", "--max-memory", "lots")
    assert r.returncode == 2
    assert "--max-memory lots: expected a size such as 4G, 512M or 1000000 (bytes)" in r.stderr


@pytest.mark.parametrize("command", ["run", "check", "graph"])
def test_every_script_command_takes_max_memory(tmp_path, command):
    from inprocess import run_cli
    path = tmp_path / "big.py"
    path.write_text("import torch\nx = torch.ones(1000000, requires_grad=True)\nloss = x.sum()\n")
    extra = ["--root", "loss"] if command == "graph" else []
    r = run_cli([command, "--max-memory", "2M", str(path), *extra])
    assert r.returncode == (2 if command == "graph" else 1)       # graph: then no variable 'loss' to draw
    assert ":2:5: LimitError: a tensor of 8 MiB would take the script's memory (" in r.stderr
    assert "over the limit of 2 MiB" in r.stderr

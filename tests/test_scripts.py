"""Whole scripts (tests/scripts/*.py) run by gradcli, compared with real PyTorch.

(a) recorded goldens (tests/goldens/scripts.json, made by
    tests/goldens/make_script_goldens.py) -- no torch needed: stdout
    byte-for-byte, exit code, the (kind, line) of every warning and error on
    stderr in order, and the error message;
(b) live: the same comparison against a fresh torch run, plus a check that the
    recorded goldens are still what torch prints; skipped without torch.

Known disagreements are listed in XFAIL (strict: a fix makes the test fail
until the entry is removed).
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from inprocess import run_cli

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "tests" / "scripts"
GOLDEN = ROOT / "tests" / "goldens" / "scripts.json"
CASES = json.loads(GOLDEN.read_text())

# script name -> how gradcli's run differs from torch's (expected vs got)
XFAIL: dict[str, str] = {
}

# gradcli's diagnostics: "path:LINE:COL: Kind: msg" (errors), "path:LINE: Kind: msg" (warnings)
DIAG = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?:(?P<col>\d+):)? (?P<kind>[A-Za-z_][\w.]*)(?:: (?P<msg>.*))?$")


def _load_maker():
    spec = importlib.util.spec_from_file_location(
        "make_script_goldens", ROOT / "tests" / "goldens" / "make_script_goldens.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_gradcli(name: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    return run_cli(["run", f"tests/scripts/{name}.py", "--format", "torch"], cwd=ROOT, env=env)


def gradcli_record(name: str) -> dict:
    proc = run_gradcli(name)
    path = f"tests/scripts/{name}.py"
    kinds, message, warned = [], None, []
    text = None         # the lines of the warning being read
    for line in proc.stderr.splitlines():
        m = DIAG.match(line)
        if m is None or m.group("path") != path:
            if text is not None:
                text.append(line)   # a warning's message goes on to the next diagnostic
            continue  # source echo, caret line, continuation
        text = None
        kinds.append([m.group("kind"), int(m.group("line"))])
        if m.group("col") is not None:  # an error, not a warning
            message = m.group("msg")
        else:
            text = [m.group("msg")]
            warned.append(text)
    rec = {"name": name, "stdout": proc.stdout, "exit_code": proc.returncode,
           "stderr_kinds": kinds, "error_message": message, "stderr": proc.stderr}
    if warned:
        rec["warning_messages"] = ["\n".join(t) for t in warned]
    return rec


def compare(expected: dict, got: dict) -> None:
    assert got["stdout"] == expected["stdout"], f"stdout differs\nstderr:\n{got['stderr']}"
    assert got["exit_code"] == expected["exit_code"], got["stderr"]
    assert got["stderr_kinds"] == expected["stderr_kinds"], got["stderr"]
    assert got.get("warning_messages") == expected.get("warning_messages"), got["stderr"]
    last_kind = expected["stderr_kinds"][-1][0] if expected["stderr_kinds"] else None
    if expected["error_message"] is None and last_kind == "AssertionError":
        # a bare `assert` fails silently in Python; gradcli names the test and both sides
        assert got["error_message"].startswith("assert "), got["stderr"]
    else:
        assert got["error_message"] == expected["error_message"]


def _params():
    out = []
    for case in CASES:
        marks = []
        if case["name"] in XFAIL:
            marks.append(pytest.mark.xfail(strict=True, reason=XFAIL[case["name"]]))
        out.append(pytest.param(case, marks=marks, id=case["name"]))
    return out


PARAMS = _params()


def test_goldens_cover_every_script():
    names = sorted(p.stem for p in SCRIPTS.glob("*.py"))
    assert names == sorted(c["name"] for c in CASES)
    assert set(XFAIL) <= set(names)
    assert len(names) >= 60


@pytest.mark.parametrize("case", PARAMS)
def test_script(case):
    compare(case, gradcli_record(case["name"]))


# ---------------------------------------------------------------- live torch

@functools.lru_cache(maxsize=None)
def _live_torch_records() -> dict:
    """Every script run by torch once per session, in one torch process."""
    maker = _load_maker()
    return {r["name"]: r for r in maker.torch_records(maker.script_paths())}


def live_torch(name: str) -> dict:
    pytest.importorskip("torch")
    return _live_torch_records()[name]


@pytest.mark.parametrize("case", PARAMS)
def test_script_live(case):
    compare(live_torch(case["name"]), gradcli_record(case["name"]))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden_is_current(case):
    assert live_torch(case["name"]) == case

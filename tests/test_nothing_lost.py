"""SPEC §6, nothing lost: a SIGKILL while ``--output``/``--junit`` is written
leaves the previous file whole, and a batch stopped with Ctrl-C reports what
finished (its summary, or a valid JSON document) and exits 130."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest

if os.name != "posix":
    pytest.skip("signals", allow_module_level=True)

KILLED_WRITE = """
import os, signal, sys
from gradcli import outfile
os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)   # killed after writing, before the rename
outfile.write_atomic(sys.argv[1], "new " * 1_000_000)
"""


def test_a_kill_while_writing_leaves_the_previous_file(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("previous\n")
    r = subprocess.run([sys.executable, "-c", KILLED_WRITE, str(target)], capture_output=True, timeout=60)
    assert r.returncode == -signal.SIGKILL
    assert target.read_text() == "previous\n"


def batch(tmp_path, n=200):
    for i in range(n):
        (tmp_path / f"s{i:03d}.py").write_text("s = 0\nfor i in range(200000):\n    s += i\nprint(s)\n")
    (tmp_path / "a_fails.py").write_text("print(1)\nx = 1 / 0\n")
    return tmp_path


def interrupted(folder, *options):
    # NOTE: Ctrl-C signals the whole process group (the workers of --jobs too).
    p = subprocess.Popen([sys.executable, "-m", "gradcli", "run", *options, str(folder)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    # NOTE: the signal goes once the batch runs: the first file has printed
    # (to stdout), or failed (to stderr, where JSON mode reports errors).
    json_mode = "json" in options
    first = (p.stderr if json_mode else p.stdout).readline()
    time.sleep(0.5)
    os.killpg(p.pid, signal.SIGINT)
    # NOTE: read through the same buffered streams as readline (communicate()
    # would skip what it read ahead); stderr stays small, so no deadlock.
    out, err = p.stdout.read(), p.stderr.read()
    p.wait(timeout=60)
    return p.returncode, out if json_mode else first + out, first + err if json_mode else err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_in_a_batch_prints_the_summary_and_exits_130(tmp_path, jobs):
    code, out, err = interrupted(batch(tmp_path), "-f", "torch", "-j", jobs)
    assert code == 130
    assert "Traceback" not in err
    assert "gradcli: interrupted" in err
    last = err.strip().splitlines()[-1]
    m = re.fullmatch(r"1 failed, (?:(\d+) passed, )?(\d+) skipped in [\d.]+s", last)
    assert m, err
    passed = int(m[1] or 0)
    assert passed + int(m[2]) == 200 and int(m[2]) > 0
    assert "FAILED " in err and "a_fails.py:2 - ZeroDivisionError: division by zero" in err
    assert out.count("19999900000\n") == passed


def test_ctrl_c_in_a_json_batch_still_prints_a_document(tmp_path):
    code, out, err = interrupted(batch(tmp_path), "-f", "json")
    assert code == 130
    doc = json.loads(out)
    assert doc["exit_code"] == 130
    assert 1 <= len(doc["files"]) < 201
    assert doc["files"][0]["error"]["type"] == "ZeroDivisionError"

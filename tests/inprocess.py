"""Run the gradcli command line inside the test process, as the console
script would run it: same entry point (``gradcli.__main__.main``), argv,
working directory and environment, with stdout/stderr captured and the exit
code returned. Much faster than a subprocess; the end-to-end tests that need
a real process (stdin, terminals, signals, the installed script) keep
``conftest.gradcli``."""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout


def run_cli(args, cwd=None, env: dict | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    from gradcli.__main__ import main
    from gradcli.engine.context import CONTEXT

    # NOTE: a command sets process-wide settings (limits, trace, generator)
    # for its run; a process runs one command, so restore them here.
    saved = {k: getattr(CONTEXT, k) for k in type(CONTEXT).__slots__}

    out, err = _stream(b""), _stream(b"")
    argv, old_cwd, old_env, old_stdin = sys.argv, os.getcwd(), dict(os.environ), sys.stdin
    sys.stdin = _stream((stdin or "").encode("utf-8"))
    sys.argv = ["gradcli", *[str(a) for a in args]]
    if env is not None:
        os.environ.clear()
        os.environ.update(env)
    try:
        if cwd is not None:
            os.chdir(cwd)
        with redirect_stdout(out), redirect_stderr(err):
            try:
                main(exit_process=False)
                code = 0
            except SystemExit as e:
                code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    finally:
        sys.argv, sys.stdin = argv, old_stdin
        for k, v in saved.items():
            setattr(CONTEXT, k, v)
        os.chdir(old_cwd)
        if env is not None:
            os.environ.clear()
            os.environ.update(old_env)
    return subprocess.CompletedProcess(["gradcli", *map(str, args)], code, _text(out), _text(err))


def _stream(data: bytes) -> io.TextIOWrapper:
    """A text stream with a ``.buffer``, as sys.stdin/stdout have (not a tty)."""
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline=None, write_through=True)


def _text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    return stream.buffer.getvalue().decode("utf-8").replace("\r\n", "\n")


def run_with_leaves(src: str, **inputs):
    """Run ``src`` in-process with float32 tensors bound to the names of
    ``inputs`` (lower-case names are leaves that require grad); the leaves
    by name, and the run's result (its exit code asserted 0)."""
    import numpy as np
    from gradcli.engine.tensor import Tensor
    from gradcli.session import run_source

    leaves = {}

    def bind(interp):
        for k, v in inputs.items():
            t = Tensor(np.array(v, dtype=np.float32), k.islower())
            interp.vars[k] = t
            if k.islower():
                leaves[k] = t
    result = run_source(src, "<test>", prepare=bind)
    assert result.exit_code == 0, result.error
    return leaves, result


def gradcli_prints(tmp_path, source: str) -> str:
    """What ``gradcli run`` prints for ``source`` (``-f torch``); it must succeed."""
    path = tmp_path / "case.py"
    path.write_text(source)
    proc = run_cli(["run", str(path), "--format", "torch"])
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def torch_prints(tmp_path, source: str, native: bool = False) -> str:
    """PyTorch's output for ``source``, from a fresh process (as the recorded
    scripts run), object addresses taken out; ``native``: with oneDNN off."""
    import pytest
    pytest.importorskip("torch")
    if native:
        source = source.replace("import torch\n", "import torch\ntorch.backends.mkldnn.enabled = False\n", 1)
    path = tmp_path / "torch_case.py"
    path.write_text(source)
    proc = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return re.sub(r" at 0x[0-9a-f]+", "", proc.stdout)

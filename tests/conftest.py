"""Shared helpers: run the gradcli CLI as a user would. ``gradcli`` runs the
command line in-process (tests/inprocess.py: same entry point, argv, cwd and
environment); ``gradcli_process`` runs the installed console script in a
real process, for the end-to-end tests (stdin pipes, terminals, the wheel)."""
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from inprocess import run_cli

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seed" / "seed_notebook.py"
SEED_EXPECTED = ROOT / "tests" / "goldens" / "seed_cells.expected-stdout"


def _command():
    script = Path(sys.executable).parent / "gradcli"
    if script.exists():
        return [str(script)], None
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return [sys.executable, "-m", "gradcli"], env


def _env(tmp_path, base=None):
    env = dict(base or os.environ)
    env.pop("NO_COLOR", None)
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    return env


@pytest.fixture
def gradcli_process(tmp_path):
    cmd, env = _command()
    env = _env(tmp_path, env)

    def run(*args, stdin=None, cwd=None, stdout=subprocess.PIPE, extra_env=None, via_bash=False):
        argv = cmd + [str(a) for a in args]
        if via_bash:        # started by a shell, as from a terminal (typer detects the shell so)
            argv = ["bash", "-c", shlex.join(argv) + "; exit $?"]      # not exec: bash stays the parent
        return subprocess.run(argv, input=stdin, stdout=stdout, stderr=subprocess.PIPE,
                              text=True, cwd=cwd or tmp_path, env=dict(env, **(extra_env or {})), timeout=120)
    return run


@pytest.fixture
def gradcli(tmp_path):
    def run(*args, stdin=None, cwd=None):
        return run_cli(args, cwd=cwd or tmp_path, env=_env(tmp_path), stdin=stdin)
    return run


@pytest.fixture
def torch_on_threads(monkeypatch):
    """``use(n)``: PyTorch (the test is skipped without it) and gradcli
    both on ``n`` intra-op threads for the test; PyTorch's count is put
    back afterwards."""
    torch = pytest.importorskip("torch")
    before = torch.get_num_threads()

    def use(n):
        monkeypatch.setenv("OMP_NUM_THREADS", str(n))
        torch.set_num_threads(n)
        return torch
    yield use
    torch.set_num_threads(before)


def pytest_collection_modifyitems(items):
    """Live comparisons with PyTorch (tests named for running torch)
    and the long suites (fuzzing, limits under rlimits, interrupted runs)
    are ``slow``: ``pytest -m "not slow"`` is the quick everyday subset,
    which still checks against the recorded PyTorch goldens."""
    long_suites = ("test_fuzz.py", "test_limits.py", "test_nothing_lost.py", "test_op_hessians.py")
    for item in items:
        name = item.name.lower()
        live = ("live", "under_torch", "golden_is_current", "match_pytorch", "emitted_script", "prints_pytorchs")
        if any(word in name for word in live) or item.path.name in long_suites:
            item.add_marker(pytest.mark.slow)


def pytest_collection_finish(session):
    """When live comparisons will run, load PyTorch first. Only tests put
    PyTorch and gradcli's MKL (gradcli/engine/mkl.py) in one process; if
    gradcli's loads first, PyTorch's own BLAS calls reach that MKL's
    kernels and some of PyTorch's float64 products change (a live
    comparison then fails, or not, by test order). Loaded first, PyTorch
    keeps its own, and gradcli's MKL still gives PyTorch's bits."""
    if any(item.get_closest_marker("slow") for item in session.items):
        try:
            import torch  # noqa: F401
        except ImportError:
            pass

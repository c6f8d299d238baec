"""Shared helpers: run the gradcli CLI as a user would (the installed console
script when there is one, so the wheel itself is tested)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "seed_notebook.py"
SEED_EXPECTED = ROOT / "tests" / "goldens" / "seed_cells.expected-stdout"


def _command():
    script = Path(sys.executable).parent / "gradcli"
    if script.exists():
        return [str(script)], None
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return [sys.executable, "-m", "gradcli"], env


@pytest.fixture
def gradcli(tmp_path):
    cmd, env = _command()
    env = dict(env or os.environ)
    env.pop("NO_COLOR", None)
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")

    def run(*args, stdin=None, cwd=None):
        return subprocess.run(cmd + [str(a) for a in args], input=stdin, capture_output=True, text=True,
                              cwd=cwd or tmp_path, env=env, timeout=120)
    return run

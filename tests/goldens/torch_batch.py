"""Run many scripts under real PyTorch in one process: ``torch`` is imported
once, then each script runs in a forked child exactly as ``python SCRIPT``
would run it (``__main__``, its own stdout/stderr, Python's traceback and
exit code 1 on an uncaught error, warnings shown once per line).

    python tests/goldens/torch_batch.py SCRIPT...   (cwd = repository root)

prints one JSON list of {"path", "stdout", "stderr", "exit_code"}. Forking
after the import makes each script cost a few milliseconds instead of the
two seconds of a fresh ``import torch``.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile


def _run_child(path: str, out_fd: int, err_fd: int) -> None:
    """In the forked child: run ``path`` as ``python path`` would, then exit."""
    import runpy
    import traceback
    os.dup2(out_fd, 1)
    os.dup2(err_fd, 2)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
    sys.argv = [path]
    sys.path[0] = os.path.dirname(os.path.abspath(path))
    code = 0
    try:
        runpy.run_path(path, run_name="__main__")
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException:
        sys.stdout.flush()
        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def run_all(paths: list[str]) -> list[dict]:
    import torch  # noqa: F401  -- imported once, before the forks

    records = []
    for path in paths:
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                _run_child(path, out.fileno(), err.fileno())
            _, status = os.waitpid(pid, 0)
            out.seek(0)
            err.seek(0)
            records.append({"path": path, "stdout": out.read().decode("utf-8"),
                            "stderr": err.read().decode("utf-8"),
                            "exit_code": os.waitstatus_to_exitcode(status)})
    return records


if __name__ == "__main__":
    json.dump(run_all(sys.argv[1:]), sys.stdout)

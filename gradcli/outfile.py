"""``--output PATH``: written atomically (a temporary file in the same
folder, then renamed), so a crash or Ctrl-C never leaves half a file."""
from __future__ import annotations

import os
import tempfile

from .errors import UsageError


def write_atomic(path: str, text: str) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".gradcli-", suffix=".tmp")
    except OSError as e:
        raise UsageError(f"--output {path}: cannot write there ({e.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise UsageError(f"--output {path}: cannot write it ({e.strerror})") from None
        raise

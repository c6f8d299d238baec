"""``--output PATH`` and ``--junit PATH``: written atomically (a temporary
file in the same folder, then renamed), so a crash, SIGKILL or Ctrl-C never
leaves half a file, with the permissions the user's umask gives a new file."""
from __future__ import annotations

import os
import tempfile

from .errors import UsageError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str, text: str, option: str = "--output") -> None:
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".gradcli-", suffix=".tmp")
    except OSError as e:
        raise UsageError(f"{option} {path}: cannot write there ({e.strerror})") from None
    try:
        # NOTE: mkstemp makes the file 0600; a new file is 0666 less the umask.
        os.fchmod(fd, 0o666 & ~_umask())
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
            raise UsageError(f"{option} {path}: cannot write it ({e.strerror})") from None
        raise

"""Reading scripts: files, ``-`` for stdin, ``.ipynb`` notebooks; clear
errors for missing, binary, non-UTF-8 or oversized input."""
from __future__ import annotations

import json
import sys

from .errors import UsageError

MAX_INPUT_BYTES = 64 * 1024 * 1024


def read_script(path: str) -> tuple[str, str]:
    """(display name, source text)."""
    if path == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        name = "<stdin>"
    else:
        try:
            with open(path, "rb") as f:
                data = f.read(MAX_INPUT_BYTES + 1)
        except FileNotFoundError:
            raise UsageError(f"{path}: no such file") from None
        except IsADirectoryError:
            raise UsageError(f"{path}: is a directory, not a script") from None
        except OSError as e:
            raise UsageError(f"{path}: cannot read it ({e.strerror})") from None
        name = path
    if len(data) > MAX_INPUT_BYTES:
        raise UsageError(f"{name}: the input is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MiB")
    if b"\x00" in data:
        raise UsageError(f"{name}: this is a binary file, not a gradcli script")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise UsageError(f"{name}: not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start})") from None
    if "\r" in text:               # (a one-character search is far faster than replace's over a large file)
        text = text.replace("\r\n", "\n")
    if name.endswith(".ipynb"):
        text = notebook_source(text, name)
    return name, text


def notebook_source(text: str, name: str) -> str:
    """A .ipynb notebook's code cells, in order, as a ``# %%`` script."""
    try:
        nb = json.loads(text)
        cells = [c for c in nb.get("cells", []) if c.get("cell_type") == "code"]
        parts = []
        for c in cells:
            src = c.get("source", "")
            src = "".join(src) if isinstance(src, list) else str(src)
            parts.append("# %%\n" + src.rstrip("\n") + "\n")
        return "".join(parts) or "# %%\n"
    except (ValueError, AttributeError, TypeError):
        raise UsageError(f"{name}: not a valid .ipynb notebook (JSON with a 'cells' list)") from None

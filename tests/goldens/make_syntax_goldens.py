"""Record what CPython 3.11 says of each broken snippet of
tests/syntax_cases.py, for tests/test_syntax_parity.py.

    python3.11 tests/goldens/make_syntax_goldens.py

Writes tests/goldens/syntax_errors.json: for each case its source and the
SyntaxError's class, message, lineno, offset, end_lineno and end_offset
(null for a text Python compiles).
"""
from __future__ import annotations

import json
import os
import sys
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from syntax_cases import CASES  # noqa: E402


def python_answer(source: str):
    """CPython's error for ``source``, or None (the generator's own fixed
    snippets; compiled, never run)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            compile(source, "f.py", "exec")
        except SyntaxError as e:
            return {"type": type(e).__name__, "message": e.msg, "lineno": e.lineno, "offset": e.offset,
                    "end_lineno": e.end_lineno, "end_offset": e.end_offset}
    return None


def main():
    if sys.version_info[:2] != (3, 11):
        sys.exit("run this with Python 3.11: the goldens are CPython 3.11's messages")
    out = {name: {"source": src, "python": python_answer(src)} for name, src in CASES.items()}
    with open(os.path.join(HERE, "syntax_errors.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()

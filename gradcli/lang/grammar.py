"""Loading the Lark grammar: from the wheel or the source tree, built once.

The LALR tables are cached on disk (Lark's own cache, keyed by a hash of the
grammar and options) so a start-up does not rebuild them.
"""
from __future__ import annotations

import os

_PARSER = None
_GRAMMAR_NAME = "gradcli.lark"


def grammar_path() -> str:
    """The grammar file (os.path, not pathlib: pathlib costs start-up time)."""
    here = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))      # gradcli/
    for candidate in (os.path.join(here, "grammar", _GRAMMAR_NAME),                   # installed wheel
                      os.path.join(os.path.dirname(here), "grammar", _GRAMMAR_NAME)):  # source tree
        if os.path.isfile(candidate):
            return candidate
    raise FileNotFoundError(f"the gradcli grammar ({_GRAMMAR_NAME}) is missing from the installation")


def _cache_file() -> str | bool:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "gradcli")
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return False
    if not os.access(folder, os.W_OK):
        return False
    import lark
    return os.path.join(folder, f"grammar-lark{lark.__version__}.cache")


def get_parser():
    """The one LALR parser (built or loaded from the cache on first use)."""
    global _PARSER
    if _PARSER is None:
        import lark
        from lark.indenter import PythonIndenter
        with open(grammar_path(), encoding="utf-8") as f:
            text = f.read()
        try:
            _PARSER = lark.Lark(text, parser="lalr", postlex=PythonIndenter(),
                                maybe_placeholders=True, cache=_cache_file())
        except (OSError, EOFError):       # an unreadable or stale cache file
            _PARSER = lark.Lark(text, parser="lalr", postlex=PythonIndenter(),
                                maybe_placeholders=True)
    return _PARSER

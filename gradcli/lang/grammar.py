"""The parser of the one grammar (grammar/gradcli.lark), loaded cheaply.

Scripts are parsed by a stand-alone LALR parser that Lark generates from
the grammar (``lalr_parser.py``, committed): loading it skips importing
Lark and rebuilding or unpickling its tables at every start-up. After
editing the grammar, regenerate it with ``python -m gradcli.lang.grammar``;
a test checks the committed parser is current (the grammar's hash) and
parses as a Lark parser built from the grammar does.
"""
from __future__ import annotations

import os

_PARSER = None
_GRAMMAR_NAME = "gradcli.lark"
GENERATED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lalr_parser.py")
# Lark options the parser is built with (the generator and the test use them too).
MAYBE_PLACEHOLDERS = True


def grammar_path() -> str:
    """The grammar file (os.path, not pathlib: pathlib costs start-up time)."""
    here = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))      # gradcli/
    for candidate in (os.path.join(here, "grammar", _GRAMMAR_NAME),                   # installed wheel
                      os.path.join(os.path.dirname(here), "grammar", _GRAMMAR_NAME)):  # source tree
        if os.path.isfile(candidate):
            return candidate
    raise FileNotFoundError(f"the gradcli grammar ({_GRAMMAR_NAME}) is missing from the installation")


def grammar_text() -> str:
    with open(grammar_path(), encoding="utf-8") as f:
        return f.read()


def grammar_hash(text: str) -> str:
    import hashlib
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def get_parser():
    """The one LALR parser (loaded on first use)."""
    global _PARSER
    if _PARSER is None:
        from . import lalr_parser as G
        _PARSER = G.Lark_StandAlone(postlex=G.PythonIndenter())
    return _PARSER


_DRIVER = None


def parse(text: str):
    """The Lark tree of ``text``: what ``get_parser().parse(text)`` returns,
    and on bad input the same exception, since then it is Lark that parses."""
    global _DRIVER
    if _DRIVER is None:
        _DRIVER = LalrDriver(get_parser())
    return _DRIVER.parse(text)


class _Position:
    """What the contextual lexer asks of a parser: its current state."""
    __slots__ = ("stack",)

    def __init__(self, stack):
        self.stack = stack

    @property
    def position(self):
        return self.stack[-1]


class _Unexpected(Exception):
    """A token the table has no action for: Lark reparses for the error."""


class LalrDriver:
    """Lark's LALR loop (``ParserState.feed_token``) over Lark's own tables,
    lexer and tree callbacks, with each reduce action looked up once as
    (size, callback, rule name) instead of hashing Rule objects per token.
    Input it rejects is parsed again by Lark itself, so every error is
    Lark's, with Lark's positions and expected tokens."""

    def __init__(self, lark):
        from . import lalr_parser as G
        self.lark, self.frontend = lark, lark.parser
        inner = lark.parser.parser.parser                 # LALR_Parser → _Parser
        start = lark.options.start[0]
        table = inner.parse_table
        self.states, self.callbacks = table.states, inner.callbacks
        self.start_state, self.end_state = table.start_states[start], table.end_states[start]
        self.shift = G.Shift
        self.token_callbacks = {k: v for k, v in inner.callbacks.items() if isinstance(k, str)}
        self.rows = {}                 # state → {token type: action}, filled as states are reached
        self.reduces = {}              # id(rule) → (size, callback, rule name)

    def _row(self, state) -> dict:
        row = {}
        for name, (action, arg) in self.states[state].items():
            if action is self.shift:
                row[name] = (True, arg)
            else:
                info = self.reduces.get(id(arg))
                if info is None:
                    info = self.reduces[id(arg)] = (len(arg.expansion), self.callbacks[arg], arg.origin.name)
                row[name] = (False, info)
        self.rows[state] = row
        return row

    def parse(self, text: str):
        try:
            return self._parse(text)
        except Exception:       # noqa: BLE001 — Lark reparses and raises its own error
            return self.lark.parse(text)

    def _parse(self, text: str):
        stack, values = [self.start_state], []
        rows, token_callbacks, end_state = self.rows, self.token_callbacks, self.end_state
        for token in self.frontend._make_lexer_thread(text).lex(_Position(stack)):
            while True:
                row = rows.get(stack[-1]) or self._row(stack[-1])
                kind = token.type
                if kind not in row:
                    raise _Unexpected
                shift, arg = row[kind]
                if shift:
                    stack.append(arg)
                    values.append(token_callbacks[kind](token) if kind in token_callbacks else token)
                    break
                size, callback, origin = arg
                if size:
                    kids = values[-size:]
                    del stack[-size:]
                    del values[-size:]
                else:
                    kids = []
                value = callback(kids)
                stack.append((rows.get(stack[-1]) or self._row(stack[-1]))[origin][1])
                values.append(value)
        while True:                       # reduce at the end until the start rule is done
            row = rows.get(stack[-1]) or self._row(stack[-1])
            if "$END" not in row or row["$END"][0]:
                raise _Unexpected
            size, callback, origin = row["$END"][1]
            kids = values[-size:] if size else []
            if size:
                del stack[-size:]
                del values[-size:]
            values.append(callback(kids))
            stack.append((rows.get(stack[-1]) or self._row(stack[-1]))[origin][1])
            if stack[-1] == end_state:
                return values[-1]


def lark_parser():
    """The same parser built by Lark from the grammar text (for tests and the
    benchmark's bare-Lark reference; slow to build)."""
    import lark
    from lark.indenter import PythonIndenter
    return lark.Lark(grammar_text(), parser="lalr", postlex=PythonIndenter(), maybe_placeholders=MAYBE_PLACEHOLDERS)


def generate() -> str:
    """The source of ``lalr_parser.py`` for the grammar as it is now."""
    import io
    import lark
    from lark.tools.standalone import gen_standalone
    text = grammar_text()
    parser = lark.Lark(text, parser="lalr", lexer="contextual", maybe_placeholders=MAYBE_PLACEHOLDERS)
    out = io.StringIO()
    gen_standalone(parser, out=out, compress=True)
    return ('"""The LALR parser of grammar/gradcli.lark, generated by Lark\'s stand-alone\n'
            'tool (``python -m gradcli.lang.grammar``); do not edit."""\n'
            f'GRAMMAR_SHA256 = "{grammar_hash(text)}"\n' + out.getvalue())


if __name__ == "__main__":
    with open(GENERATED, "w", encoding="utf-8") as f:
        f.write(generate())
    print(f"wrote {GENERATED}")

"""Python's tokenizer, as far as its errors go: the tokens CPython 3.11
reads from a source text, and the first error it raises on the way.

Used only when the grammar rejects a text (``syntax_errors.py``), so that a
syntax error says what Python says, where Python says it: unterminated
strings, unmatched and mismatched brackets, invalid number literals and
characters, indentation. Positions follow CPython's ``SyntaxError``:
``offset`` and ``end_offset`` are its 1-based columns (which for some errors
point one character off, exactly as Python's do). Nothing here recurses or
evaluates the text.
"""
from __future__ import annotations

from typing import NamedTuple, Optional



DIGITS = "0123456789"
HEX_DIGITS = "0123456789abcdefABCDEF"
_OPERATORS3 = ("**=", "//=", ">>=", "<<=", "...")
_OPERATORS2 = ("!=", "%=", "&=", "**", "*=", "+=", "-=", "->", "//", "/=", ":=",
               "<<", "<=", "==", ">=", ">>", "@=", "^=", "|=")
_CLOSING = {")": "(", "]": "[", "}": "{"}
_STRING_PREFIXES = frozenset(("r", "u", "b", "br", "rb", "f", "fr", "rf"))
# After a number, the start of one of these keywords is only a warning in Python 3.11 (``1if x else 2``).
_KEYWORD_TAILS = {"a": ("nd",), "e": ("lse",), "f": ("or",), "i": ("f", "n", "s"), "o": ("r",), "n": ("ot",)}


class PyToken(NamedTuple):
    """One token: kind is NAME, NUMBER, STRING, OP, NEWLINE, INDENT, DEDENT
    or ENDMARKER; ``level`` is the bracket depth before it."""
    kind: str
    text: str
    line: int
    col: int
    end_line: int
    end_col: int
    level: int


class PyError(NamedTuple):
    """A SyntaxError as CPython reports it (``kind`` is its class name)."""
    kind: str
    message: str
    line: int
    offset: int
    end_line: int
    end_offset: int


class Scan(NamedTuple):
    """The tokens up to the first error; ``error`` is None when the text
    tokenizes to its end; ``brackets`` the brackets still open there, as
    ``(char, line, col)``; ``stopped`` is True when the tokenizer stopped on an
    error that Python reports only if its parser gets there (an indentation
    error, a character after a line continuation)."""
    tokens: list
    error: Optional[PyError]
    brackets: list
    stopped: bool


class _Stop(Exception):
    def __init__(self, error: PyError, stopped: bool = False):
        super().__init__(error.message)
        self.error = error
        self.stopped = stopped


def scan(text: str) -> Scan:
    """Tokenize ``text`` as CPython 3.11 does, up to its first error."""
    tokenizer = _Tokenizer(text)
    try:
        tokenizer.run()
    except _Stop as stop:
        return Scan(tokenizer.tokens, stop.error, tokenizer.brackets, stop.stopped)
    return Scan(tokenizer.tokens, None, tokenizer.brackets, False)


def _blanks(text: str, i: int) -> int:
    """The end of the run of spaces and tabs at ``i`` (a lifted literal leaves long ones)."""
    import re
    return re.compile(r"[ \t\f\r]+").match(text, i).end()


def _is_name_char(c: str) -> bool:
    return c >= "\x80" or c.isalnum() or c == "_"


class _Tokenizer:
    """One pass over the text, a character index at a time (no recursion)."""

    def __init__(self, text: str):
        self.text = text
        self.tokens = []
        self.brackets = []
        self.line, self.line_start = 1, 0

    def at(self, i: int) -> str:
        return self.text[i] if i < len(self.text) else "\0"

    def fail(self, message: str, cur: int, end: Optional[int] = None, kind: str = "SyntaxError"):
        """Python's ``syntaxerror()``: the offset is the cursor's index in its line."""
        offset = cur - self.line_start
        raise _Stop(PyError(kind, message, self.line, offset, self.line, offset if end is None else end))

    def add(self, kind: str, start: int, end: int):
        self.tokens.append(PyToken(kind, self.text[start:end], self.line, start - self.line_start + 1,
                                   self.line, end - self.line_start + 1, len(self.brackets)))

    def run(self):
        text, n = self.text, len(self.text)
        i, indents, at_line_start, comment = 0, [(0, 0)], True, None
        while True:
            if at_line_start:
                at_line_start = False
                i = self.indentation(i, indents)
            if i >= n:
                break
            c = text[i]
            if c == "\n":
                if not self.brackets and self.tokens and self.tokens[-1].kind not in ("NEWLINE", "INDENT", "DEDENT"):
                    col = (comment if comment is not None else i) - self.line_start + 1
                    self.tokens.append(PyToken("NEWLINE", "\n", self.line, col, self.line,
                                               i - self.line_start + 1, 0))
                i += 1
                self.line, self.line_start, comment = self.line + 1, i, None
                at_line_start = not self.brackets
            elif c in " \t\f\r":
                i = _blanks(text, i)
            elif c == "#":
                comment = i
                j = text.find("\n", i)
                i = n if j < 0 else j
            elif c == "\\":
                if self.at(i + 1) == "\n" or text.startswith("\r\n", i + 1):
                    i = text.index("\n", i) + 1
                    self.line, self.line_start = self.line + 1, i
                else:
                    offset = i + 2 - self.line_start
                    raise _Stop(PyError("SyntaxError", "unexpected character after line continuation character",
                                        self.line, offset, self.line, 0), stopped=True)
            elif c in DIGITS or (c == "." and self.at(i + 1) in DIGITS):
                end = self.number(i)
                self.add("NUMBER", i, end)
                i = end
            elif c in "'\"":
                i = self.string(i, i)
            elif c.isalpha() or c == "_" or c >= "\x80":
                j = i + 1
                while j < n and _is_name_char(text[j]):
                    j += 1
                if text[i:j].lower() in _STRING_PREFIXES and self.at(j) in "'\"":
                    i = self.string(j, i)
                    continue
                self.identifier(i, j)
                self.add("NAME", i, j)
                i = j
            else:
                i = self.operator(i)
        # the end: a NEWLINE for an unfinished last line, DEDENTs, ENDMARKER at the last newline
        if self.tokens and self.tokens[-1].kind not in ("NEWLINE", "INDENT", "DEDENT") and not self.brackets:
            self.tokens.append(PyToken("NEWLINE", "", self.line, n - self.line_start + 1,
                                       self.line, n - self.line_start + 1, 0))
        last_nl = text.rfind("\n")
        if last_nl >= 0:
            line, col = text.count("\n"), last_nl - text.rfind("\n", 0, last_nl)
        else:
            line, col = 1, n + 1
        for _ in indents[1:]:
            self.tokens.append(PyToken("DEDENT", "", line, col, line, col, 0))
        self.tokens.append(PyToken("ENDMARKER", "", line, col, line, col, len(self.brackets)))

    def indentation(self, i: int, indents: list) -> int:
        """Read a line's indentation; INDENT/DEDENT tokens, or Python's
        IndentationError for a dedent to no enclosing level, or its TabError
        where tabs counted as 8 columns and as 1 disagree. ``indents`` holds
        ``(columns, columns with tabs as 1)`` for each open block."""
        text, n, col, alt, j = self.text, len(self.text), 0, 0, i
        while j < n and text[j] in " \t\f":
            c = text[j]
            col, alt = (0, 0) if c == "\f" else ((col // 8 + 1) * 8, alt + 1) if c == "\t" else (col + 1, alt + 1)
            j += 1
        if j >= n or text[j] in "#\n\\" or text.startswith("\r\n", j):
            return j                                          # a blank line: no indentation
        width = j - self.line_start
        top, top_alt = indents[-1]
        if col > top:
            if alt <= top_alt:
                self.tab_error()
            indents.append((col, alt))
            self.tokens.append(PyToken("INDENT", text[i:j], self.line, width, self.line, -1, 0))
        elif col < top:
            keep = len(indents)
            while col < indents[keep - 1][0]:
                keep -= 1
            if col != indents[keep - 1][0]:
                end = text.find("\n", j)
                length = (n if end < 0 else end) - self.line_start
                raise _Stop(PyError("IndentationError", "unindent does not match any outer indentation level",
                                    self.line, length + 1, self.line, -1), stopped=True)
            if alt != indents[keep - 1][1]:
                self.tab_error()
            for _ in indents[keep:]:
                self.tokens.append(PyToken("DEDENT", "", self.line, 0, self.line, -1, 0))
            del indents[keep:]
        elif alt != top_alt:
            self.tab_error()
        return j

    def tab_error(self):
        raise _Stop(PyError("TabError", "inconsistent use of tabs and spaces in indentation",
                            self.line, 1, self.line, 0), stopped=True)

    def operator(self, i: int) -> int:
        text, c = self.text, self.text[i]
        if c in "([{":
            self.add("OP", i, i + 1)
            self.brackets.append((c, self.line, i - self.line_start + 1))
            return i + 1
        if c in ")]}":
            col = i - self.line_start + 1
            if not self.brackets:
                raise _Stop(PyError("SyntaxError", f"unmatched '{c}'", self.line, col, self.line, col))
            opening, line, _ = self.brackets[-1]
            if opening != _CLOSING[c]:
                where = f" on line {line}" if line != self.line else ""
                raise _Stop(PyError("SyntaxError", f"closing parenthesis '{c}' does not match opening "
                                    f"parenthesis '{opening}'{where}", self.line, col, self.line, col))
            self.brackets.pop()
            self.add("OP", i, i + 1)
            return i + 1
        if not c.isprintable():
            self.fail(f"invalid non-printable character U+{ord(c):04X}", i + 1)
        for ops in (_OPERATORS3, _OPERATORS2):
            for op in ops:
                if text.startswith(op, i):
                    self.add("OP", i, i + len(op))
                    return i + len(op)
        self.add("OP", i, i + 1)            # any other character: a one-character token the parser rejects
        return i + 1

    def identifier(self, start: int, end: int):
        """Python's verify_identifier: the first character that cannot be in a name."""
        word = self.text[start:end]
        if word.isascii():
            return
        for k, ch in enumerate(word):
            if not (ch.isidentifier() if k == 0 else ("a" + ch).isidentifier()):
                if ch.isprintable():
                    self.fail(f"invalid character '{ch}' (U+{ord(ch):04X})", start + k + 1)
                self.fail(f"invalid non-printable character U+{ord(ch):04X}", start + k + 1)

    def string(self, quote_at: int, start: int) -> int:
        """A string literal from its prefix at ``start``; its end index."""
        text, n = self.text, len(self.text)
        q = text[quote_at]
        triple = text.startswith(q * 3, quote_at)
        closing = q * 3 if triple else q
        line, col = self.line, start - self.line_start + 1
        j = quote_at + len(closing)
        while True:
            if j >= n:
                detected = self.line - 1 if text.endswith("\n") else self.line
                what = "triple-quoted string literal" if triple else "string literal"
                raise _Stop(PyError("SyntaxError", f"unterminated {what} (detected at line {detected})",
                                    line, col, line, col))
            c = text[j]
            if c == "\\":
                if self.at(j + 1) == "\n":
                    self.line, self.line_start = self.line + 1, j + 2
                j += 2
                continue
            if c == "\n":
                if not triple:
                    raise _Stop(PyError("SyntaxError", f"unterminated string literal (detected at line {self.line})",
                                        line, col, line, col))
                self.line, self.line_start = self.line + 1, j + 1
            elif text.startswith(closing, j):
                j += len(closing)
                break
            j += 1
        self.tokens.append(PyToken("STRING", text[start:j], line, col, self.line,
                                   j - self.line_start + 1, len(self.brackets)))
        return j

    # ----- numbers (CPython's tok_get, its number branch) -----
    def number(self, i: int) -> int:
        at = self.at
        if at(i) == "0" and at(i + 1) in "xXoObB":
            return self.prefixed_number(i)
        if at(i) == "0":
            j, nonzero = i + 1, False
            while True:
                c = at(j)
                if c == "_":
                    j += 1
                    if at(j) not in DIGITS:
                        self.fail("invalid decimal literal", j)
                    c = at(j)
                if c != "0":
                    break
                j += 1
            zeros_end = j + 1
            if at(j) in DIGITS:
                nonzero = True
                j = self.decimal_tail(j)
            if at(j) not in ".eEjJ" and nonzero:
                start = i - self.line_start + 1
                raise _Stop(PyError("SyntaxError", "leading zeros in decimal integer literals are not permitted; "
                                    "use an 0o prefix for octal integers", self.line, start,
                                    self.line, zeros_end - self.line_start))
        elif at(i) == ".":
            j = i
        else:
            j = self.decimal_tail(i)
        if at(j) == ".":
            j += 1
            if at(j) in DIGITS:
                j = self.decimal_tail(j)
        if at(j) in "eE":
            e = j
            j += 1
            if at(j) in "+-":
                j += 1
                if at(j) not in DIGITS:
                    self.fail("invalid decimal literal", j)
            elif at(j) not in DIGITS:
                self.verify_end(e, "decimal")
                return e
            j = self.decimal_tail(j)
        if at(j) in "jJ":
            self.verify_end(j + 1, "imaginary")
            return j + 1
        self.verify_end(j, "decimal")
        return j

    def prefixed_number(self, i: int) -> int:
        at = self.at
        kind, allowed = {"x": ("hexadecimal", HEX_DIGITS), "o": ("octal", "01234567"),
                         "b": ("binary", "01")}[at(i + 1).lower()]
        j = i + 2
        while True:
            if at(j) == "_":
                j += 1
            c = at(j)
            if c not in allowed:
                if kind != "hexadecimal" and c in DIGITS:
                    self.fail(f"invalid digit '{c}' in {kind} literal", j + 1)
                self.fail(f"invalid {kind} literal", j)
            while at(j) in allowed:
                j += 1
            if at(j) != "_":
                break
        if kind != "hexadecimal" and at(j) in DIGITS:
            self.fail(f"invalid digit '{at(j)}' in {kind} literal", j + 1)
        self.verify_end(j, kind)
        return j

    def decimal_tail(self, j: int) -> int:
        at = self.at
        while True:
            while at(j) in DIGITS:
                j += 1
            if at(j) != "_":
                return j
            j += 1
            if at(j) not in DIGITS:
                self.fail("invalid decimal literal", j)

    def verify_end(self, j: int, kind: str):
        """What may follow a number: not a letter, digit or '_' (a keyword
        right after it is only a warning in Python 3.11)."""
        c = self.at(j)
        tails = _KEYWORD_TAILS.get(c)
        if tails is not None and any(self.text.startswith(t, j + 1) for t in tails):
            return
        if c < "\x80" and (c.isalnum() or c == "_"):
            self.fail(f"invalid {kind} literal", j)

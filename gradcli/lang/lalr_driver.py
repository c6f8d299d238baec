"""Parsing over the generated tables (``lalr_tables.py``): Lark's contextual
lexer, Python's indenter postlex, Lark's LALR loop and its tree building,
for input the grammar accepts.

The tables are plain data (tuples, strings, ints) loaded from the generated
module's bytecode; nothing is unpickled or rebuilt at start-up. Each parser
state's row and each lexer are made on first use, so a one-line formula
touches only the few it needs. A lexer tries its terminals one by one, in
Lark's order, until it has been used often enough to be worth compiling
into Lark's one alternation (both find the same token: a regex alternation
takes its first alternative that matches). A keyword is a whole word, as
in Python's tokenizer: where Lark's lexer would split ``int`` after ``)``
into ``in`` ``t``, no terminal matches. Input this parser rejects raises
``Rejected``; the caller then has Lark parse it, for Lark's own error.
"""
from __future__ import annotations

import re
from itertools import chain

from . import lalr_tables as T
from .syntax_tree import Token, Tree

# Tokens a lexer reads one terminal at a time before it compiles its alternation.
COMPILE_AFTER = 24

_TERMINAL_RES: dict = {}        # terminal name → its compiled regex (shared by the lexers)
_MATCHERS: dict = {}            # terminal name → terminal_matcher's answer
_ASCII = frozenset(map(chr, range(128)))
END = (Token("$END", ""),)    # what the parser reads after the last token


class Rejected(Exception):
    """Input the tables have no action for (or that the indenter rejects);
    ``args`` are ``(index, line, column)`` where no terminal matches."""


class StateLexer:
    """The terminals one parser state accepts, and how keywords are told
    from names there (Lark's "unless" callbacks)."""
    __slots__ = ("names", "unless", "tries", "uses", "mre")

    def __init__(self, names: tuple, unless: tuple):
        self.names = names
        self.unless = {kind: dict(pairs) for kind, pairs in unless}
        self.tries = None
        self.uses = 0
        self.mre = None

    def match(self, text: str, pos: int):
        """``(value, terminal name)`` of the token at ``pos``, or None."""
        mre = self.mre
        if mre is not None:
            m = mre.match(text, pos)
            return None if m is None else (m.group(0), m.lastgroup)
        self.uses += 1
        if self.uses > COMPILE_AFTER:
            self.mre = re.compile("|".join("(?P<%s>%s%s)" % (name, T.TERMINALS[name][1],
                                                             r"(?!\w)" if terminal_matcher(name)[3] else "")
                                           for name in self.names), T.REGEX_FLAGS)
            return self.match(text, pos)
        tries = self.tries
        if tries is None:
            tries = self.tries = tuple(terminal_matcher(name) for name in self.names)
        char = text[pos]
        for name, literal, cannot_start, word in tries:
            if literal is not None:
                if text.startswith(literal, pos) and not (word and _name_goes_on(text, pos + len(literal))):
                    return literal, name
            elif cannot_start is None or char not in cannot_start:
                regex = _TERMINAL_RES.get(name) or terminal_regex(name)
                m = regex.match(text, pos)
                if m is not None:
                    return m.group(0), name
        return None


def terminal_matcher(name: str) -> tuple:
    """``(name, literal text or None, the ASCII characters a match of the
    regex cannot start with or None, whether the literal is a word)``: a
    regex is compiled only when a token might match it."""
    matcher = _MATCHERS.get(name)
    if matcher is None:
        literal, _, first = T.TERMINALS[name]
        word = literal is not None and literal[-1].isalnum()
        matcher = _MATCHERS[name] = (name, literal, None if first is None else _ASCII - frozenset(first), word)
    return matcher


def _name_goes_on(text: str, end: int) -> bool:
    """Whether a name continues at ``end``: a keyword is a whole word, as
    Python's tokenizer reads it (``int`` after ``)`` is not ``in`` ``t``)."""
    return end < len(text) and (text[end].isalnum() or text[end] == "_")


def terminal_regex(name: str):
    """A terminal's compiled regex (compiled once, when a token might match it)."""
    rx = _TERMINAL_RES[name] = re.compile(T.TERMINALS[name][1], T.REGEX_FLAGS)
    return rx


def python_tab_check(indent_str: str, indent: int, indents: list, tabs, line: int) -> list:
    """Python's TabError (``Rejected("tab", line)``): the indentation, read
    with tabs as 8 columns and as 1, must open, keep or close blocks alike.
    ``tabs`` holds ``(columns, columns with tabs as 1)`` beside ``indents``
    (None until a tab first indents a line); return it for the new line."""
    if tabs is None:
        tabs = [(n, n) for n in indents]
    col = alt = 0
    for c in indent_str:
        col, alt = ((col // 8 + 1) * 8, alt + 1) if c == "\t" else (col + 1, alt + 1)
    if indent > indents[-1]:
        if col <= tabs[-1][0] or alt <= tabs[-1][1]:
            raise Rejected("tab", line)
        return tabs + [(col, alt)]
    keep = len(indents)
    while keep > 1 and indent < indents[keep - 1]:
        keep -= 1
    tabs = tabs[:keep]
    if (col, alt) != tabs[-1]:
        raise Rejected("tab", line)
    return tabs


def rule_callback(name: str, expand1: bool, include, tail: int, parser=None):
    """What Lark's ParseTreeBuilder makes of one rule: the kept children
    (``_rule`` children inlined, None for each absent ``[optional]``), then
    a Tree, or the only child of a ``?rule``. With ``parser``, the node is
    what ``parser.make(name, kids)`` makes at the time of the reduction (see
    ``TableParser.parse``)."""
    if include is None and not expand1:
        if parser is None:
            return lambda kids: Tree(name, kids)
        return lambda kids: parser.make(name, kids)

    def build(kids):
        if include is not None:
            filtered = []
            for i, expand, nones in include:
                if nones:
                    filtered += [None] * nones
                if expand:
                    filtered += kids[i].children
                else:
                    filtered.append(kids[i])
            if tail:
                filtered += [None] * tail
            kids = filtered
        if expand1 and len(kids) == 1:
            return kids[0]
        return Tree(name, kids) if parser is None else parser.make(name, kids)
    return build


class TableParser:
    """One LALR parser over the generated tables (rows, rules and lexers
    made as they are first reached)."""

    def __init__(self):
        n = len(T.ACTION_NAMES)
        self.rows = [None] * n
        self.rules = [None] * len(T.RULES)
        self.lexers = [None] * len(T.LEXERS)
        self.state_lexers = T.STATE_LEXERS
        self.units = {}         # (state below, state on top, token kind) → unit_chain's answer
        self.make = Tree        # what a named rule's reduction makes (see parse)

    def row(self, state: int) -> dict:
        """``{symbol: next state (shift) or (size, rule name, callback or None) (reduce)}``."""
        row = {}
        rules = self.rules
        for name, action in zip(T.ACTION_NAMES[state], T.ACTIONS[state]):
            if action < 0:
                index = -1 - action
                rule = rules[index]
                if rule is None:
                    size, origin, tree_name, expand1, include, tail = T.RULES[index]
                    # a ?rule of one kept symbol passes its child up as it is (no callback)
                    # NOTE: a ``_rule`` is always a Tree: its parent takes its children
                    callback = None if size == 1 and expand1 and include is None else \
                        rule_callback(tree_name, expand1, include, tail, None if tree_name[0] == "_" else self)
                    rule = rules[index] = (size, origin, callback)
                row[name] = rule
            else:
                row[name] = action
        self.rows[state] = row
        return row

    def unit_chain(self, key: tuple) -> int:
        """The state on top after the reductions of one-child ?rules that
        ``kind`` makes in turn above ``below`` (``key`` is ``(below, top,
        kind)``): each replaces the top state by the one its rule's name
        leads to from ``below``; the chain stops at any other action."""
        below, top, kind = key
        row_of, end_state = self.row, T.END_STATE
        below_row = self.rows[below] or row_of(below)
        while True:
            action = (self.rows[top] or row_of(top)).get(kind)
            if action is None or action.__class__ is int or action[2] is not None:
                return top
            top = below_row[action[1]]
            if top == end_state:
                return top

    def lexer(self, state: int) -> StateLexer:
        index = self.state_lexers[state]
        lexer = self.lexers[index]
        if lexer is None:
            lexer = self.lexers[index] = StateLexer(*T.LEXERS[index])
        return lexer

    def tokens(self, text: str, stack: list):
        """The token stream the parser reads: Lark's contextual lexer (the
        lexer of the state on top of ``stack`` when each token is read) and
        Python's indenter (newlines inside brackets dropped, INDENT/DEDENT
        from each line's indentation)."""
        lexers, state_lexers, lexer_of = self.lexers, self.state_lexers, self.lexer
        ignore, newline_types = T.IGNORE_TYPES, T.NEWLINE_TYPES
        opening, closing = T.OPEN_PAREN_TYPES, T.CLOSE_PAREN_TYPES
        pos, end, line, line_start = 0, len(text), 1, 0
        paren, indents, last, tabs = 0, [0], None, None
        while pos < end:
            lexer = lexers[state_lexers[stack[-1]]] or lexer_of(stack[-1])
            found = lexer.match(text, pos)
            if found is None:
                raise Rejected(pos, line, pos - line_start + 1)
            value, kind = found
            start, column = pos, pos - line_start + 1
            if kind in newline_types:
                newlines = value.count("\n")
                if newlines:
                    line_start = pos + value.rindex("\n") + 1
            else:
                newlines = 0
            pos += len(value)
            if kind in ignore:
                line += newlines
                continue
            tok = Token(kind, value, start, line, column, line + newlines, pos - line_start + 1, pos)
            line += newlines
            if kind in lexer.unless:
                tok.type = kind = lexer.unless[kind].get(value, kind)
            last = tok
            if kind == "_NEWLINE":
                if paren > 0:
                    continue
                yield tok
                indent_str = tok.rsplit("\n", 1)[1]
                indent = indent_str.count(" ") + indent_str.count("\t") * 8
                if tabs is not None or "\t" in indent_str:
                    tabs = python_tab_check(indent_str, indent, indents, tabs, line)
                if indent > indents[-1]:
                    indents.append(indent)
                    yield Token.new_borrow_pos("_INDENT", indent_str, tok)
                else:
                    while indent < indents[-1]:
                        indents.pop()
                        yield Token.new_borrow_pos("_DEDENT", indent_str, tok)
                    if indent != indents[-1]:
                        raise Rejected                  # Lark's DedentError
                continue
            yield tok
            if kind in opening:
                paren += 1
            elif kind in closing:
                paren -= 1
                if paren < 0:
                    raise Rejected
        while len(indents) > 1:
            indents.pop()
            yield Token.new_borrow_pos("_DEDENT", "", last) if last is not None else Token("_DEDENT", "", 0, 0, 0, 0, 0, 0)

    def parse(self, text: str, make=None):
        """The tree of ``text``; ``Rejected`` where Lark would raise an error.
        ``make(name, kids)`` makes each named rule's node as it is reduced
        (children first, in source order): a Tree when None, else what a
        caller builds directly (an AST without the tree)."""
        # NOTE: a rule may parse text of its own (an f-string's fields) while
        # its reduction runs: the outer parse's ``make`` comes back after it
        outer, self.make = self.make, Tree if make is None else make
        try:
            return self._parse(text)
        finally:
            self.make = outer       # (a Tree at the top: the caller's builder is let go)

    def _parse(self, text: str):
        stack, values = [T.START_STATE], []
        rows, row_of, end_state, units = self.rows, self.row, T.END_STATE, self.units
        for tok in chain(self.tokens(text, stack), END):
            kind = tok.type
            while True:
                action = (rows[stack[-1]] or row_of(stack[-1])).get(kind)
                if action is None:
                    raise Rejected
                if action.__class__ is int:
                    if tok is END[0]:
                        raise Rejected
                    stack.append(action)
                    values.append(tok)
                    break
                size, origin, callback = action
                if callback is None:
                    # a chain of ?rules of one child: the same value, only
                    # the state on top changes (found once per state pair)
                    key = (stack[-2], stack[-1], kind)
                    top = units.get(key)
                    if top is None:
                        top = units[key] = self.unit_chain(key)
                    stack[-1] = top
                    if top == end_state and tok is END[0]:
                        return values[-1]
                    continue
                else:
                    if size:
                        kids = values[-size:]
                        del stack[-size:]
                        del values[-size:]
                    else:
                        kids = []
                    value = callback(kids)
                    values.append(value)
                stack.append((rows[stack[-1]] or row_of(stack[-1]))[origin])
                if stack[-1] == end_state and tok is END[0]:     # the start rule is done
                    return value
        raise Rejected
